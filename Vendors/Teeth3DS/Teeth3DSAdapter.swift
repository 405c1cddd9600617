import Foundation
import PlanModel
import VendorKit

/// The Teeth3DS / 3DTeethSeg'22 segmented-scan layout (FORMAT.md): per jaw one OBJ of the whole arch and a
/// JSON with an FDI label and an instance number per vertex. It carries one arrangement (stage 0 unless
/// the adapter is made for another stage) and no crown frames: intake estimates them.
public struct Teeth3DSAdapter: VendorAdapter {
    /// The adapter's id.
    public static let id = "teeth3ds"

    /// The stage written at export: nil or 0 = the initial position (the registry's adapter). An arch that
    /// finishes earlier is written at its last stage; negative values count as 0.
    public let exportStage: Int?

    /// An adapter exporting stage `stage` (nil = stage 0).
    public init(stage: Int? = nil) { exportStage = stage }

    public var descriptor: VendorDescriptor { Self.descriptor }

    static let descriptor = VendorDescriptor(
        id: id, name: "Teeth3DS / 3DTeethSeg segmented scan",
        summary: "Segmentation tools and data sets in the public Teeth3DS layout: one OBJ per jaw with per-vertex FDI labels and instances in JSON; one arrangement, no stages.",
        formatVersion: Teeth3DSFormat.version, container: .zip, extensions: ["zip"], numbering: .fdi,
        meshEncoding: .obj, direction: .both,
        capabilities: .init(segmentedTeeth: true, bakedStageMeshes: false, attachmentKinds: [], ipr: false,
                            elastics: false, passiveStages: false, overcorrectionStages: false, primaryTeeth: true,
                            encryption: false, metadata: false, stages: .initialOnly, crownFrames: .estimated),
        profile: RuleProfile(
            stepLimits: MovementLimits(), watertightRequired: false, defaultWearIntervalDays: 14,
            source: "No clinical or mesh limits: a segmented scan is not an aligner order, and raw scans are open surfaces. "
                + "14-day wear interval: the common default (ClearCorrect offers 7, 10, 14, 21)."))

    public var formatFindingCodes: [String] { Teeth3DSFormat.Code.all }

    public func formatFindings(for plan: TreatmentPlan) -> [Finding] {
        Teeth3DSChecks.findings(plan, stage: exportStage ?? 0, system: descriptor.name)
    }

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try Teeth3DSWriter.write(plan, to: url, stage: exportStage ?? 0, options: options)
    }

    public func probe(_ listing: ArchiveListing) -> Int { Teeth3DSProbe.score(listing) }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        try Teeth3DSReader.read(url, options: options)
    }
}
