import PlanModel
import StageRecovery
import VendorKit

/// Recovery's decisions and issues as findings (FORMAT.md, "Recovery"): how the teeth were found and
/// numbered, the residuals, and each issue with its severity.
enum RecoveryReport {
    static func findings(_ r: RecoveredArch, jaw: Jaw) -> [Finding] {
        var out: [Finding] = []
        let stage0 = r.shells.filter { $0.stage == 0 }
        let counts = [ShellClass.tooth, .gingiva, .attachment, .other].map { c in "\(stage0.count { $0.classification == c }) \(c.rawValue)" }
        let shellText = stage0.map { "shell \($0.shell): \($0.classification.rawValue), \($0.reason)" }.joined(separator: "; ")
        let present = r.arch.teeth.filter { $0.status != .missing }
        let numbers = r.numbering.isEmpty
            ? present.map { "\($0.id)" }.joined(separator: " ")
            : r.numbering.map { "\($0.tooth) (\(fmt($0.widthMM)) mm wide, average \(fmt($0.expectedWidthMM)), at \(fmt($0.arcPositionMM)) mm)" }.joined(separator: ", ")
        let how = r.segmentation == "motion" ? "found by their motion in one fused shell" : "found as separate shells"
        out.append(Finding(STLSeriesFormat.Code.teethFound, .note, at: FindingLocation(arch: jaw), measured: Double(present.count), unit: "teeth",
                           message: "\(jaw.rawValue): \(present.count) teeth \(how) (stage 0: \(counts.joined(separator: ", "))); numbered by \(r.numberedBy): \(numbers); crown frames estimated from the geometry. Shells: \(shellText)",
                           remedy: "Check the numbering; give --teeth in arch order (patient's right distal first) to override it."))
        if !r.tracks.isEmpty {
            let byCorrespondence = r.tracks.count { $0.method == .correspondence }
            let mean = r.tracks.map(\.rmsResidualMM).reduce(0, +) / Double(r.tracks.count)
            let worst = r.tracks.max { $0.rmsResidualMM < $1.rmsResidualMM }
            let perStage = Dictionary(grouping: r.tracks, by: \.stage).sorted { $0.key < $1.key }
                .map { "stage \($0.key) \(fmt3($0.value.map(\.rmsResidualMM).max() ?? 0))" }.joined(separator: ", ")
            out.append(Finding(STLSeriesFormat.Code.residuals, .note, at: FindingLocation(arch: jaw), measured: worst?.rmsResidualMM,
                               limit: RecoveryLimits.deformedMM, unit: "mm",
                               message: "\(jaw.rawValue): \(r.tracks.count) tooth poses registered (\(byCorrespondence) by vertex correspondence, closed form; \(r.tracks.count - byCorrespondence) by position and shape, ICP); RMS residual mean \(fmt3(mean)) mm, worst \(fmt3(worst?.rmsResidualMM ?? 0)) mm (tooth \(worst.map { "\($0.tooth)" } ?? "-") at stage \(worst?.stage ?? 0)); worst per stage: \(perStage)",
                               remedy: "None needed below \(RecoveryLimits.deformedMM) mm."))
        }
        for issue in r.issues {
            out.append(Finding(issue.code.rawValue, severity(issue.code), at: FindingLocation(arch: jaw, stage: issue.stage, tooth: issue.tooth),
                               measured: issue.measured, message: issue.message, remedy: remedy(issue.code)))
        }
        return out
    }

    static func severity(_ code: RecoveryIssue.Code) -> Finding.Severity {
        switch code {
        case .segmentedByMotion, .missingTooth, .attachmentFound: .note
        case .deformed, .toothAppears, .toothVanishes, .fusedTopologyChanges, .numberingUncertain, .otherShell, .noTeeth: .warning
        }
    }

    static func remedy(_ code: RecoveryIssue.Code) -> String {
        switch code {
        case .deformed: "Check that tooth's models: planners move crowns rigidly, so a changing shape is a modelling error or a different tooth."
        case .toothAppears, .toothVanishes: "Check for an extraction or a pontic; the plan keeps the stage-0 teeth."
        case .fusedTopologyChanges: "Export the stages with teeth as separate shells (or the same mesh throughout) so the staging can be recovered."
        case .segmentedByMotion: "None needed; teeth that never move are part of the gingiva."
        case .numberingUncertain: "Check the numbers; give --teeth in arch order to override them."
        case .missingTooth: "None needed if the tooth is missing; otherwise give --teeth."
        case .attachmentFound: "Set the attachment's kind in the plan if the target system needs it: a system without the kind unknown reports it as lost."
        case .otherShell: "None needed if the shells are labels or bases; check the models otherwise."
        case .noTeeth: "Export the models with the crowns as separate shells, or as one mesh whose teeth move."
        }
    }

    static func fmt(_ v: Double) -> String { String(Double(Int((v * 100).rounded())) / 100) }
    static func fmt3(_ v: Double) -> String { String(Double(Int((v * 1000).rounded())) / 1000) }
}
