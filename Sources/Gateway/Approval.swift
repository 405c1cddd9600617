import Foundation
import Ledger
import PlanModel
import PlanPackage

/// Plan revisions and the doctor's approval of exactly one of them.
public enum Approval {
    /// The ledger's view of `plan`: its canonical hash, case and a one-line summary.
    public static func revision(_ plan: TreatmentPlan) throws(GatewayError) -> RevisionInfo {
        let hash: String
        do { hash = try PlanRevision.hash(plan) } catch { throw .plan(error) }
        let arches = plan.arches.map { "\($0.jaw.rawValue) \($0.alignerCount) aligners" }.joined(separator: ", ")
        let attachments = plan.arches.reduce(0) { $0 + $1.attachments.count }
        let ipr = plan.arches.reduce(0) { $0 + $1.ipr.count }
        return RevisionInfo(hash: hash, caseID: plan.metadata.caseID,
                            summary: "\(arches); \(attachments) attachments; \(ipr) IPR events")
    }

    /// Records `doctor`'s approval of exactly this plan revision (and its audit entry) in `ledger` (SQLite or a
    /// server store). With `report`, the review report the doctor saw is bound to it by SHA-256; a report of
    /// another revision is refused before the ledger is touched.
    public static func approve(_ plan: TreatmentPlan, doctor: String, note: String = "", ledger: any LedgerStore,
                               revision known: RevisionInfo? = nil, report: URL? = nil) async throws(GatewayError) -> ApprovalRecord {
        let request = try Request(plan, doctor: doctor, revision: known, report: report)
        do { return try await ledger.approve(request.revision, doctor: request.doctor, note: note, report: request.reviewed, at: Date()).0 } catch {
            throw .ledger(error)
        }
    }

    /// What an approval records, checked before the ledger is touched: a doctor's name, the revision, and
    /// the review report bound to exactly that revision.
    struct Request {
        var doctor: String
        var revision: RevisionInfo
        var reviewed: ReviewedReport?

        init(_ plan: TreatmentPlan, doctor: String, revision known: RevisionInfo?, report: URL?) throws(GatewayError) {
            self.doctor = doctor.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !self.doctor.isEmpty else { throw .missingDoctor }
            if let known { revision = known } else { revision = try Approval.revision(plan) }
            let hash = revision.hash
            reviewed = try report.map { url throws(GatewayError) in try ReviewReport.reviewed(url, revision: hash) }
        }
    }
}
