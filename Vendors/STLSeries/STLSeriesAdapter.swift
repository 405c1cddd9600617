import Foundation
import PlanModel
import VendorKit

/// Any planner's STL series (FORMAT.md): one model per arch and stage, no manifest. Export writes the
/// plainest such layout; intake reads the jaw and stage from the names and recovers the staging from the
/// geometry alone (StageRecovery): teeth, their poses per stage, numbers and crown frames.
public struct STLSeriesAdapter: VendorAdapter {
    /// The adapter's id.
    public static let id = "stl-series"

    public init() {}

    public var descriptor: VendorDescriptor { Self.descriptor }

    static let descriptor = VendorDescriptor(
        id: id, name: "STL series (any planner)",
        summary: "One model per arch and stage as most planners and labs exchange them — a zip, tar or 7z archive or a folder of STL, PLY, OBJ or 3MF files, jaw and stage in the names, no manifest; intake recovers teeth, poses and numbering from the geometry.",
        formatVersion: STLSeriesFormat.version, container: .folderOrZip, extensions: ["zip", "tar.gz", "tgz", "tar.xz", "7z"],
        numbering: .fdi, meshEncoding: .binarySTL, direction: .both,
        capabilities: .init(segmentedTeeth: true, bakedStageMeshes: true, attachmentKinds: [], ipr: false,
                            elastics: false, passiveStages: false, overcorrectionStages: false, primaryTeeth: false,
                            encryption: false, metadata: false, stages: .all, crownFrames: .estimated),
        profile: RuleProfile(
            stepLimits: MovementLimits(), watertightRequired: false, defaultWearIntervalDays: 14,
            source: "No clinical limits: an STL series is an exchange layout, not an aligner system; the target system's limits apply at intake (--for). 14-day wear interval: the common default (ClearCorrect offers 7, 10, 14, 21)."))

    public var formatFindingCodes: [String] { STLSeriesFormat.Code.all }

    public func formatFindings(for plan: TreatmentPlan) -> [Finding] { STLSeriesChecks.findings(plan) }

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try STLSeriesWriter.write(plan, to: url, options: options)
    }

    public func probe(_ listing: ArchiveListing) -> Int { STLSeriesProbe.score(listing) }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        try STLSeriesReader.read(url, options: options)
    }
}
