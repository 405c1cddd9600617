import Digest
import Foundation
import Ledger
import PlanModel
import PlanPackage
import PlanReport
import VendorKit

/// The doctor's review report as a use case: load a plan or archive, gather its checks and the ledger's
/// approval state, make the HTML (`PlanReport`) and write it atomically.
public enum ReviewReport {
    /// What to report on and how.
    public struct Request: Sendable {
        /// A `.alignplan` package (folder or zip) or a vendor archive.
        public var source: URL
        /// Systems for the matrix and heat map (empty = every exporting adapter).
        public var vendors: [String]
        /// The archive's vendor when `source` is one (nil = probe).
        public var archiveVendor: String?
        public var password: String?
        /// The day aligner 1 starts, for visit dates.
        public var start: Date?
        /// The SQLite ledger to read the approval from; nil or a missing file = not approved (nothing is created).
        public var ledger: URL?
        /// An open ledger store (e.g. PostgreSQL) to read the approval from instead of `ledger`.
        public var store: (any LedgerStore)?

        public init(source: URL, vendors: [String] = [], archiveVendor: String? = nil, password: String? = nil,
                    start: Date? = nil, ledger: URL? = nil, store: (any LedgerStore)? = nil) {
            self.source = source
            self.vendors = vendors
            self.archiveVendor = archiveVendor
            self.password = password
            self.start = start
            self.ledger = ledger
            self.store = store
        }
    }

    /// A report made and written.
    public struct Written: Sendable {
        public var file: URL
        public var bytes: Int
        public var sha256: String
        public var caseID: String
        public var revision: String
        public var approval: ApprovalState
    }

    /// The report's input for `plan`: revision, approval state from `ledger` (nil = none consulted), checks against `vendors`.
    public static func input(_ plan: TreatmentPlan, registry: Registry, vendors: [String] = [], ledger: (any LedgerStore)?,
                             start: Date? = nil, now: Date = Date()) async throws(GatewayError) -> ReportInput {
        let revision = try Approval.revision(plan)
        guard let ledger else {
            return try input(plan, revision: revision, registry: registry, vendors: vendors, approval: .notApproved(reason: "no ledger was consulted"),
                             start: start, now: now)
        }
        let found: ApprovalRecord?
        do { found = try await ledger.approval(of: revision.hash) } catch { throw .ledger(error) }
        // A file is named by its name (as the report always did), a server by its URL without the password.
        let name = (ledger as? Ledger)?.file.lastPathComponent ?? ledger.location
        let state = found.map { ApprovalState.approved(doctor: $0.doctor, at: $0.at, id: $0.id ?? 0, note: $0.note, reportSHA256: $0.reportSHA256) }
            ?? .notApproved(reason: "the ledger \(name) holds no approval of this revision")
        return try input(plan, revision: revision, registry: registry, vendors: vendors, approval: state, start: start, now: now)
    }

    /// The report's input for `plan` in a known approval state: the checks against `vendors` (pure, no ledger).
    public static func input(_ plan: TreatmentPlan, revision known: RevisionInfo? = nil, registry: Registry, vendors: [String] = [],
                             approval: ApprovalState, start: Date? = nil, now: Date = Date()) throws(GatewayError) -> ReportInput {
        let revision: RevisionInfo
        if let known { revision = known } else { revision = try Approval.revision(plan) }
        let matrix: CompatibilityMatrix
        do { matrix = try CompatibilityMatrix.check(plan, registry: registry, vendors: vendors) } catch { throw .vendor(error) }
        var systems: [SystemCheck] = []
        for row in matrix.rows {
            let descriptor: VendorDescriptor
            do { descriptor = try registry.adapter(row.vendor).descriptor } catch { throw .vendor(error) }
            systems.append(SystemCheck(id: row.vendor, name: row.name, profile: descriptor.profile, verdict: row.verdict,
                                       findings: row.findings, restagePrice: row.restage?.text))
        }
        return ReportInput(plan: plan, revision: revision.hash, approval: approval, systems: systems,
                           problems: PlanValidator.validate(plan), start: start, generated: LedgerTime.now(now))
    }

    /// Makes the report of `request` and writes it to `output` (temporary file, then renamed into place).
    public static func write(_ request: Request, to output: URL, registry: Registry) async throws(GatewayError) -> Written {
        let plan = try PlanInput.read(request.source, registry: registry, vendor: request.archiveVendor, password: request.password)
        var ledger = request.store
        if ledger == nil, let file = request.ledger, FileManager.default.fileExists(atPath: file.path) {
            do { ledger = try Ledger.open(file, mustExist: true) } catch { throw .ledger(error) }
        }
        var input = try await input(plan, registry: registry, vendors: request.vendors, ledger: ledger, start: request.start)
        if ledger == nil, let file = request.ledger {
            input.approval = .notApproved(reason: "no ledger at \(file.path), so no approval is recorded")
        }
        return try write(input, to: output)
    }

    /// Makes the report of `plan` and writes it to `output` atomically.
    public static func write(_ plan: TreatmentPlan, to output: URL, registry: Registry, vendors: [String] = [],
                             ledger: (any LedgerStore)?, start: Date? = nil) async throws(GatewayError) -> Written {
        try write(try await input(plan, registry: registry, vendors: vendors, ledger: ledger, start: start), to: output)
    }

    /// Makes the report of `input` and writes it to `output` atomically.
    public static func write(_ input: ReportInput, to output: URL) throws(GatewayError) -> Written {
        let bytes = Data(PlanReport.html(input).utf8)
        try writeAtomically(bytes, to: output)
        return Written(file: output, bytes: bytes.count, sha256: SHA256Text.hex(bytes), caseID: input.plan.metadata.caseID,
                       revision: input.revision, approval: input.approval)
    }

    /// Writes `bytes` beside `target` under a temporary name and renames it into place.
    static func writeAtomically(_ bytes: Data, to target: URL) throws(GatewayError) {
        do { try bytes.write(to: target, options: .atomic) } catch {
            throw .io(file: target.path, detail: "cannot write the report: \(error.localizedDescription)")
        }
    }

    /// The report at `url` as the approval records it, after checking it was made from `revision`.
    static func reviewed(_ url: URL, revision: String) throws(GatewayError) -> ReviewedReport {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .io(file: url.path, detail: "cannot read the report: \(error.localizedDescription)")
        }
        guard let madeFrom = PlanReport.revision(inReport: String(decoding: data, as: UTF8.self)) else {
            throw .notAReport(file: url.path)
        }
        guard madeFrom == revision else { throw .reportRevision(file: url.path, madeFrom: madeFrom, plan: revision) }
        return ReviewedReport(sha256: SHA256Text.hex(data), file: url.lastPathComponent)
    }
}

/// SHA-256 of bytes in memory, as lowercase hex.
enum SHA256Text {
    static func hex(_ data: Data) -> String {
        var hasher = SHA256()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.hexDigest()
    }
}
