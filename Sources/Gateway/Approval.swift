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

    /// Records `doctor`'s approval of exactly this plan revision (and its audit entry). With `report`, the
    /// review report the doctor saw is bound to it by SHA-256; a report of another revision is refused.
    public static func approve(_ plan: TreatmentPlan, doctor: String, note: String = "", ledger: Ledger,
                               revision known: RevisionInfo? = nil, report: URL? = nil) throws(GatewayError) -> ApprovalRecord {
        let name = doctor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .missingDoctor }
        let revision: RevisionInfo
        if let known { revision = known } else { revision = try Self.revision(plan) }
        let reviewed = try report.map { url throws(GatewayError) in try ReviewReport.reviewed(url, revision: revision.hash) }
        do { return try ledger.approve(revision, doctor: name, note: note, report: reviewed).0 } catch { throw .ledger(error) }
    }
}
