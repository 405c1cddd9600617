import Foundation  // Date
import PlanModel

/// Deterministic, plausible sample treatment plans: the bundled default workload and test data.
///
/// A crowding correction on both arches of a permanent dentition without third molars (28 teeth): the
/// ideal arch is built first (average tooth sizes on an ovoid arch form, contacts touching), each crown is
/// displaced from it by a seeded perturbation to give the crowded stage 0, and the stages undo that evenly
/// within ArchForm's default per-stage limits (80 % of each). Pure: no I/O, no clock, no system randomness;
/// the same options give the same plan bit for bit on a given platform. See `ArchLayout` for the model
/// coordinate system.
public enum SampleCase {
    /// Generates the sample plan for `options`.
    public static func make(_ options: SampleOptions) throws(SampleError) -> TreatmentPlan {
        let options = try options.validated()
        let seed = options.seed
        let triangles = options.resolvedTrianglesPerTooth
        let upperSchedule = StageSchedule.upper(aligners: options.resolvedStages)
        let lowerSchedule = StageSchedule.lower(upperAligners: options.resolvedStages,
                                                padded: options.preset.padsLowerWithPassiveStages)
        let elasticsFrom = max(1, min(upperSchedule.aligners, lowerSchedule.aligners) / 2)
        let layouts = ArchLayout.both(seed: seed)
        let arches = [(layouts.upper, upperSchedule), (layouts.lower, lowerSchedule)].map { layout, schedule in
            SampleArch(layout: layout, schedule: schedule, trianglesPerTooth: triangles,
                       elasticsFrom: elasticsFrom, seed: seed).make()
        }
        return TreatmentPlan(metadata: metadata(options, upper: upperSchedule, lower: lowerSchedule,
                                                elasticsFrom: elasticsFrom),
                             arches: arches)
    }

    private static func metadata(_ options: SampleOptions, upper: StageSchedule, lower: StageSchedule,
                                 elasticsFrom: Int) -> CaseMetadata {
        let seed = options.seed
        var rng = SplitMix64(seed: seed, stream: 9)
        let hex = String(rng.next() >> 16, radix: 16, uppercase: true)
        let reference = "PT-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        // A fixed clock: 2024-01-01 08:00 UTC plus a seeded number of days.
        let created = Date(timeIntervalSince1970: 1_704_096_000 + Double(seed % 366) * 86_400)
        let prefix = options.preset == .reference ? "SAMPLE-REF-" : "SAMPLE-"
        func describe(_ s: StageSchedule) -> String {
            var parts = ["\(s.aligners) aligners"]
            if s.overcorrection > 0 { parts.append("last \(s.overcorrection) overcorrection") }
            if s.passive > 0 { parts.append("last \(s.passive) passive") }
            return parts.joined(separator: ", ")
        }
        let notes = "Synthetic sample case (seed \(seed), \(options.preset.rawValue) preset): generated data, "
            + "not a patient. Crowding correction with incisor IPR and attachments; upper \(describe(upper)); "
            + "lower \(describe(lower)); class II elastics (upper canine cuts to lower first molar buttons) "
            + "from stage \(elasticsFrom)."
        return CaseMetadata(caseID: prefix + String(seed), patientReference: reference, doctor: "Dr. A. Example",
                            clinic: "Example Orthodontics", created: created, planner: "aligngate sample generator",
                            wearIntervalDays: 14, notes: notes, restorativeNotes: "none")
    }
}
