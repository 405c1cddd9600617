import Foundation
import PlanModel
import SampleCases

/// The plans the kit exports: small sample cases (different seeds, stage counts and arch counts) and one
/// with a missing tooth, so adapters meet the shapes real plans have.
public enum ConformanceSamples {
    /// The password the kit uses for formats that encrypt.
    public static let password = "conformance-kit-password"

    /// Built without `try?`: a sample that cannot be made fails every check instead of thinning the kit.
    public static func plans() throws -> [TreatmentPlan] {
        let a = try SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 300, seed: 11))
        let b = try SampleCase.make(SampleOptions(stages: 3, trianglesPerTooth: 240, seed: 12))
        return [a, withMissingTooth(upperOnly(b))]
    }

    /// Only the upper arch.
    static func upperOnly(_ plan: TreatmentPlan) -> TreatmentPlan {
        var p = plan
        p.arches = p.arches.filter { $0.jaw == .upper }
        return p
    }

    /// Tooth 24 (or the first premolar present) marked missing, with everything that referred to it removed.
    static func withMissingTooth(_ plan: TreatmentPlan) -> TreatmentPlan {
        var p = plan
        guard var arch = p.arches.first, let index = arch.teeth.firstIndex(where: { $0.id.fdi == 24 }) else { return p }
        let id = arch.teeth[index].id
        arch.teeth[index].status = .missing
        arch.teeth[index].crown = nil
        for s in arch.stages.indices { arch.stages[s].poses[id] = nil }
        arch.attachments.removeAll { $0.tooth == id }
        arch.ipr.removeAll { $0.contact.first == id || $0.contact.second == id }
        p.arches[0] = arch
        return p
    }
}
