import Ledger
import Testing

/// `CaseHistory.visible(toIntakes:)` as a pure function: whose records a client sees, and what of them.
@Suite struct CaseHistoryVisibilityTests {
    static let plan = String(repeating: "a", count: 64), other = String(repeating: "b", count: 64)
    static let restaged = String(repeating: "c", count: 64), restagedAgain = String(repeating: "d", count: 64)

    static func intake(_ id: Int64, plan: String) -> IntakeRecord {
        var record = IntakeRecord(archiveSHA256: String(repeating: "\(id)", count: 64), profile: "print-3mf",
                                  archive: "/home/dr-smith/Patients/Jane Doe/case.zip", vendor: "generic-stl", caseID: "X",
                                  planHash: plan, verdict: "compatible", accepted: true, findings: "[]", at: "2026-12-0\(id)T00:00:00.000Z")
        record.id = id
        return record
    }

    static func derivation(_ from: String, _ to: String) -> DerivationRecord {
        var record = DerivationRecord(planHash: to, sourceHash: from, caseID: "X", target: "print-3mf", margin: 0.1, detail: "{}",
                                      at: "2026-12-05T00:00:00.000Z")
        record.id = 1
        return record
    }

    static var history: CaseHistory {
        var export = ExportRecord(planHash: restaged, caseID: "X", vendor: "print-3mf", options: "{}", path: "/srv/lab/out/X.zip",
                                  staging: "/srv/lab/out/.X.zip.aligngate-1", approvalID: 1, unapproved: false, ownerHost: "lab-7",
                                  ownerPID: 4242, startedAt: "2026-12-06T00:00:00.000Z")
        export.id = 1
        return CaseHistory(caseID: "X", ordering: [
            .revision(PlanRevisionRecord(hash: plan, caseID: "X", firstSeen: "2026-12-01T00:00:00.000Z", summary: "sent")),
            .revision(PlanRevisionRecord(hash: other, caseID: "X", firstSeen: "2026-12-02T00:00:00.000Z", summary: "other")),
            .intake(intake(1, plan: plan)),
            .intake(intake(2, plan: other)),
            .approval(ApprovalRecord(id: 1, planHash: plan, caseID: "X", doctor: "Dr. A", note: "ok", at: "2026-12-03T00:00:00.000Z",
                                     reportSHA256: nil, reportFile: "/home/dr-smith/reports/Jane Doe.html")),
            .approval(ApprovalRecord(id: 2, planHash: other, caseID: "X", doctor: "Dr. B", note: "ok", at: "2026-12-03T00:00:00.000Z",
                                     reportSHA256: nil, reportFile: nil)),
            .derivation(derivation(plan, restaged)),
            .derivation(derivation(restaged, restagedAgain)),
            .derivation(derivation(other, String(repeating: "e", count: 64))),
            .export(export),
        ])
    }

    @Test func aClientSeesItsPlansAndWhatWasDerivedFromThem() {
        let seen = Self.history.visible(toIntakes: [1])
        #expect(seen.events.count == 6, "\(seen.events)")
        for event in seen.events {
            switch event {
            case let .intake(record): #expect(record.id == 1)
            case let .revision(record): #expect(record.hash == Self.plan)
            case let .approval(record): #expect(record.doctor == "Dr. A")
            case let .derivation(record): #expect([Self.plan, Self.restaged].contains(record.sourceHash))
            case let .export(record): #expect(record.planHash == Self.restaged)
            }
        }
        #expect(Self.history.visible(toIntakes: []).events.isEmpty)
        #expect(Self.history.visible(toIntakes: [2]).events.count == 4)  // its revision, intake, approval, derivation
    }

    @Test func pathsHostsAndProcessesAreCut() {
        for event in Self.history.visible(toIntakes: [1]).events {
            switch event {
            case let .intake(record): #expect(record.archive == "sha256:" + record.archiveSHA256)
            case let .approval(record): #expect(record.reportFile == "Jane Doe.html")
            case let .export(record):
                #expect(record.path == "X.zip" && record.staging.isEmpty && record.ownerHost.isEmpty && record.ownerPID == 0)
            case .revision, .derivation: break
            }
        }
    }
}
