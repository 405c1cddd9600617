/// The service's contract, served at `/openapi.yaml`. The routes are registered from `IntakeServer.routes`,
/// and IntakeServiceTests check both against this document, read by Yams (paths, methods, statuses, error
/// codes, and every kind of response body against its schema).
public enum OpenAPIDocument {
    public static let yaml = #"""
openapi: 3.1.0
info:
  title: aligngate intake service
  version: 1.0.0
  summary: Upload clear-aligner treatment plan archives, get the gateway's verdict.
  description: |
    Archives are streamed to a content-addressed store and queued as intake jobs in the ledger; workers
    run `aligngate intake` on them. A job's report is exactly what `aligngate intake --json` prints.
    Every refusal is a 4xx (503 when the ledger or store cannot be used) with an `Error` body whose
    `code` is stable. Timeouts: a connection that sends nothing for 30 s (headers, body, or between
    requests) is closed; one upload may take 600 s; the largest archive is 512 MiB (`aligngate serve`
    options change them). Clients authenticate with `Authorization: Bearer KEY` (`aligngate keys create`).
    A request with `Expect: 100-continue` gets `100 Continue` once the route has checked everything but the
    body (a request refused before that gets its final answer at once, with `Connection: close`); any other
    expectation is a 417 `expectation_failed` on every route.
servers:
  - url: http://127.0.0.1:8080
security:
  - bearer: []
paths:
  /v1/intakes:
    post:
      operationId: submitIntake
      summary: Upload an archive to be read and checked against a target system.
      parameters:
        - {name: for, in: query, required: true, description: The target system's adapter id., schema: {type: string}}
        - {name: vendor, in: query, required: false, description: The archive's adapter id; default probe., schema: {type: string}}
        - {name: strict, in: query, required: false, description: The target's warnings count as errors., schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, contentMediaType: application/octet-stream}
      responses:
        "202": {description: "Queued: a new job, or a failed job for this archive and target queued again (same id).", headers: {Location: {schema: {type: string}}}, content: {application/json: {schema: {$ref: "#/components/schemas/IntakeDocument"}}}}
        "200": {description: "The same archive and target were submitted before and the job is queued, running or done; that job.", content: {application/json: {schema: {$ref: "#/components/schemas/IntakeDocument"}}}}
        "400": {$ref: "#/components/responses/Refusal"}
        "401": {$ref: "#/components/responses/Refusal"}
        "408": {$ref: "#/components/responses/Refusal"}
        "413": {$ref: "#/components/responses/Refusal"}
        "417": {$ref: "#/components/responses/Refusal"}
        "503": {$ref: "#/components/responses/Refusal"}
    get:
      operationId: listIntakes
      summary: The client's intakes, oldest first (at most 1000).
      parameters:
        - {name: case, in: query, required: false, description: Only intakes whose plan has this case id., schema: {type: string}}
      responses:
        "200": {description: The intakes., content: {application/json: {schema: {$ref: "#/components/schemas/IntakeList"}}}}
        "401": {$ref: "#/components/responses/Refusal"}
        "417": {$ref: "#/components/responses/Refusal"}
        "503": {$ref: "#/components/responses/Refusal"}
  /v1/intakes/{id}:
    get:
      operationId: getIntake
      summary: One of the client's intakes; when done, with its report.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: The intake., content: {application/json: {schema: {$ref: "#/components/schemas/IntakeDocument"}}}}
        "401": {$ref: "#/components/responses/Refusal"}
        "404": {$ref: "#/components/responses/Refusal"}
        "417": {$ref: "#/components/responses/Refusal"}
        "503": {$ref: "#/components/responses/Refusal"}
  /v1/checks:
    post:
      operationId: checkPlan
      summary: An .alignplan zip checked against systems now; the body is what `aligngate check --json` prints.
      parameters:
        - {name: vendor, in: query, required: false, description: A system to check; repeat for several; default every exporter., schema: {type: array, items: {type: string}}, explode: true}
        - {name: strict, in: query, required: false, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/zip:
            schema: {type: string, contentMediaType: application/zip}
      responses:
        "200": {description: The compatibility matrix., content: {application/json: {schema: {$ref: "#/components/schemas/Matrix"}}}}
        "400": {$ref: "#/components/responses/Refusal"}
        "401": {$ref: "#/components/responses/Refusal"}
        "408": {$ref: "#/components/responses/Refusal"}
        "413": {$ref: "#/components/responses/Refusal"}
        "417": {$ref: "#/components/responses/Refusal"}
        "422": {$ref: "#/components/responses/Refusal"}
        "503": {$ref: "#/components/responses/Refusal"}
  /v1/vendors:
    get:
      operationId: listVendors
      summary: Every adapter's descriptor, as `aligngate vendors --json`.
      responses:
        "200": {description: The descriptors., content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Descriptor"}}}}}
        "401": {$ref: "#/components/responses/Refusal"}
        "417": {$ref: "#/components/responses/Refusal"}
        "503": {$ref: "#/components/responses/Refusal"}
  /v1/vendors/{id}:
    get:
      operationId: getVendor
      summary: One adapter's descriptor.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: The descriptor., content: {application/json: {schema: {$ref: "#/components/schemas/Descriptor"}}}}
        "401": {$ref: "#/components/responses/Refusal"}
        "404": {$ref: "#/components/responses/Refusal"}
        "417": {$ref: "#/components/responses/Refusal"}
        "503": {$ref: "#/components/responses/Refusal"}
  /v1/cases/{case}/history:
    get:
      operationId: caseHistory
      summary: A case's ledger history (as `aligngate history CASE --json`), for a case the client submitted.
      parameters:
        - {name: case, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: The history., content: {application/json: {schema: {$ref: "#/components/schemas/History"}}}}
        "401": {$ref: "#/components/responses/Refusal"}
        "404": {$ref: "#/components/responses/Refusal"}
        "417": {$ref: "#/components/responses/Refusal"}
        "503": {$ref: "#/components/responses/Refusal"}
  /healthz:
    get:
      operationId: health
      summary: 200 while the ledger answers.
      security: []
      responses:
        "200": {description: Healthy., content: {application/json: {schema: {$ref: "#/components/schemas/Health"}}}}
        "417": {$ref: "#/components/responses/Refusal"}
        "503": {description: The ledger does not answer (the cause is in the service's log)., content: {application/json: {schema: {$ref: "#/components/schemas/Health"}}}}
  /metrics:
    get:
      operationId: metrics
      summary: Prometheus text - requests, upload bytes, queue depth, intake durations.
      security: []
      responses:
        "200": {description: Metrics., content: {text/plain: {schema: {type: string}}}}
        "417": {$ref: "#/components/responses/Refusal"}
  /openapi.yaml:
    get:
      operationId: openapi
      summary: This document.
      security: []
      responses:
        "200": {description: The contract., content: {application/yaml: {schema: {type: string}}}}
        "417": {$ref: "#/components/responses/Refusal"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer, description: "A key from `aligngate keys create --client NAME`."}
  responses:
    Refusal:
      description: A refusal, with a stable code.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
  schemas:
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [code, message]
          properties:
            code:
              type: string
              enum: [unauthorized, not_found, method_not_allowed, bad_request, missing_target, unknown_vendor, vendor_cannot_read, too_large, upload_incomplete, upload_timeout, unreadable_plan, expectation_failed, ledger_unavailable, store_unavailable, internal]
            message: {type: string, description: Names the rule that refused the request.}
    Intake:
      type: object
      additionalProperties: false
      required: [id, status, archiveSHA256, bytes, target, attempts, submittedAt]
      properties:
        id: {type: string, description: 32 hex digits.}
        status: {type: string, enum: [queued, running, done, failed]}
        archiveSHA256: {type: string}
        bytes: {type: integer}
        target: {type: string, description: "The target's id, with +strict when warnings counted as errors."}
        vendor: {type: string}
        attempts: {type: integer, description: How often a worker took the job.}
        submittedAt: {type: string, format: date-time}
        startedAt: {type: string, format: date-time}
        finishedAt: {type: string, format: date-time}
        intakeID: {type: integer, description: The ledger's intake record.}
        caseID: {type: string}
        verdict: {type: string}
        accepted: {type: boolean}
        error: {type: string, description: Why the archive could not be taken in (status failed).}
    IntakeDocument:
      type: object
      required: [intake]
      properties:
        intake: {$ref: "#/components/schemas/Intake"}
        report:
          description: "When done: exactly what `aligngate intake --json` prints for the archive and target - the report of this read, or, when the archive and target were recorded before (by the CLI, or by a worker that died after recording), that record."
          oneOf: [{$ref: "#/components/schemas/IntakeReport"}, {$ref: "#/components/schemas/RecordedIntakeReport"}]
    IntakeReport:
      type: object
      required: [alreadyRecorded, vendor, scores, accepted, summary, readFindings, problems, archiveSHA256, recordedAt]
      properties:
        alreadyRecorded: {const: false}
        vendor: {type: string, description: The adapter that read the archive.}
        scores: {type: array, items: {type: object}, description: How well each adapter's probe matched.}
        accepted: {type: boolean}
        summary: {type: object}
        readFindings: {type: array, items: {$ref: "#/components/schemas/Finding"}}
        problems: {type: array, items: {type: object}}
        target: {type: string}
        targetVerdict: {$ref: "#/components/schemas/Verdict"}
        targetFindings: {type: array, items: {$ref: "#/components/schemas/Finding"}}
        recovery: {type: object, description: "How the staging was recovered from geometry, for archives without it."}
        archiveSHA256: {type: string}
        recordedAt: {type: string, format: date-time}
    RecordedIntakeReport:
      type: object
      required: [alreadyRecorded, intake]
      properties:
        alreadyRecorded: {const: true}
        intake:
          type: object
          required: [id, archiveSHA256, profile, archive, vendor, caseID, verdict, accepted, findings, at]
          properties:
            id: {type: integer}
            archiveSHA256: {type: string}
            profile: {type: string}
            archive: {type: string}
            vendor: {type: string}
            caseID: {type: string}
            planHash: {type: string}
            verdict: {type: string}
            accepted: {type: boolean}
            findings: {type: string, description: The findings as JSON text.}
            at: {type: string, format: date-time}
    Verdict: {type: string, enum: [compatible, lossy, incompatible]}
    Finding:
      type: object
      required: [code, severity, location, message, remedy]
      properties:
        code: {type: string, description: Stable; listed in docs/FINDINGS.md.}
        severity: {type: string, enum: [error, warning, note]}
        location: {type: object, properties: {arch: {type: string}, stage: {type: integer}, tooth: {type: integer}, file: {type: string}}}
        measured: {type: number}
        limit: {type: number}
        unit: {type: string}
        message: {type: string}
        remedy: {type: string}
    IntakeList:
      type: object
      required: [intakes]
      properties:
        intakes: {type: array, items: {$ref: "#/components/schemas/Intake"}}
    QueueDepth:
      type: object
      required: [queued, running, done, failed]
      properties: {queued: {type: integer}, running: {type: integer}, done: {type: integer}, failed: {type: integer}}
    Health:
      type: object
      required: [status]
      properties: {status: {type: string, description: "ok, or ledger unavailable"}, queue: {$ref: "#/components/schemas/QueueDepth"}}
    Matrix:
      type: object
      description: "As `aligngate check --json` prints it: one row per target system."
      required: [caseID, rows]
      properties:
        caseID: {type: string}
        rows:
          type: array
          items:
            type: object
            required: [vendor, name, verdict, errors, warnings, notes, findings]
            properties:
              vendor: {type: string}
              name: {type: string}
              verdict: {$ref: "#/components/schemas/Verdict"}
              errors: {type: integer}
              warnings: {type: integer}
              notes: {type: integer}
              findings: {type: array, items: {$ref: "#/components/schemas/Finding"}}
              restage: {type: object, description: "What restaging for this system costs, when step limits are exceeded."}
    Descriptor:
      type: object
      description: "As `aligngate vendors show ID --json` prints it."
      required: [id, name, summary, direction, container, extensions, formatVersion, meshEncoding, numbering, capabilities, profile]
      properties:
        id: {type: string}
        name: {type: string}
        summary: {type: string}
        direction: {type: string, enum: [export, intake, both]}
        container: {type: string}
        extensions: {type: array, items: {type: string}}
        formatVersion: {type: string}
        meshEncoding: {type: string}
        numbering: {type: string}
        deflateLevel: {type: integer}
        capabilities: {type: object}
        profile: {type: object, description: "The system's clinical and technical limits, with their sources."}
    History:
      type: object
      description: "As `aligngate history CASE --json` prints it, cut to what the client sent."
      required: [caseID, events]
      properties:
        caseID: {type: string}
        events:
          type: array
          items:
            type: object
            required: [kind, record]
            properties:
              kind: {type: string, enum: [revision, derivation, approval, export, intake]}
              record: {type: object}
"""#
}
