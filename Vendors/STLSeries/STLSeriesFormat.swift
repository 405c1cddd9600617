import PlanModel
import StageRecovery

/// The stl-series conventions (FORMAT.md): the export's file names and the finding codes.
enum STLSeriesFormat {
    static let version = "1"

    /// The export's name for `jaw` at `stage`: `Maxillary_Stage_03.stl` / `Mandibular_Stage_03.stl`
    /// (two digits, three past stage 99) in a folder named after the case.
    static func fileName(case caseID: String, jaw: Jaw, stage: Int) -> String {
        let number = String(stage)
        let padded = String(repeating: "0", count: max(0, 2 - number.count)) + number
        return "\(folder(caseID))/\(jaw == .upper ? "Maxillary" : "Mandibular")_Stage_\(padded).stl"
    }

    /// The case id with characters outside A–Z a–z 0–9 `_` `-` as `_` (a portable folder name).
    static func folder(_ caseID: String) -> String {
        let safe = String(caseID.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
        return safe.isEmpty ? "case" : safe
    }

    enum Code {
        static let stageGap = "stl-series.stage-gap"
        static let singleModel = "stl-series.single-model"
        static let unnamedModel = "stl-series.unnamed-model"
        static let otherFile = "stl-series.other-file"
        static let recognised = "stl-series.recognised"
        static let teethFound = "stl-series.teeth-found"
        static let residuals = "stl-series.residuals"
        static let unitsConverted = "stl-series.units-converted"
        static let jawFromGeometry = "stl-series.jaw-from-geometry"
        static let noCaseMetadata = "stl-series.no-case-metadata"
        static let baked = "stl-series.baked"
        static let lastStage = "stl-series.last-stage"

        static let all: [String] = [stageGap, singleModel, unnamedModel, otherFile, recognised, teethFound, residuals,
                                    unitsConverted, jawFromGeometry, noCaseMetadata, baked, lastStage]
            + RecoveryIssue.Code.allCases.map(\.rawValue)
    }
}
