import Foundation
import PlanModel
import VendorKit

/// The OnyxCeph³-style export layout (FORMAT.md): compatible with what that planner exports, not affiliated
/// with its maker. A folder (or a zip of it) with, per step counted from 0 and per arch, an OBJ of named
/// objects (teeth, attachments, gingiva), an Info table of every object's frame, a stripping protocol and
/// movement totals. Intake also reads the older generation's `_OnyxCeph3_Export_` files.
public struct OnyxCephAdapter: VendorAdapter {
    public init() {}

    /// The attachment kinds the layout's type text names (`Box W x H mm`).
    public static let attachmentKinds: [AttachmentKind] = [.rectangularHorizontal, .rectangularVertical]

    public let descriptor = VendorDescriptor(
        id: OnyxCephFormat.vendor, name: "OnyxCeph³-style export layout",
        summary: "Labs and planning services that take what an OnyxCeph³ setup exports (compatible, not affiliated): per step and arch an OBJ of named teeth, attachments and gingiva, an Info table of object frames, stripping and movement protocols.",
        formatVersion: OnyxCephFormat.version, container: .zip, extensions: ["zip"], numbering: .fdi,
        meshEncoding: .obj, direction: .both,
        capabilities: .init(segmentedTeeth: true, bakedStageMeshes: true, attachmentKinds: OnyxCephAdapter.attachmentKinds,
                            ipr: true, elastics: false, passiveStages: false, overcorrectionStages: false, primaryTeeth: true,
                            encryption: false, metadata: false),
        profile: RuleProfile(
            stepLimits: MovementLimits(), watertightRequired: false, defaultWearIntervalDays: 14,
            source: "No limits: the layout is a planner's export, not an aligner system's order, and no public source gives limits for it. "
                + "Crowns are open surfaces in such exports, so closed meshes are not required. 14-day wear interval: the common default (ClearCorrect offers 7, 10, 14, 21)."))

    public var formatFindingCodes: [String] { OnyxCephFormat.Code.all }

    public func formatFindings(for plan: TreatmentPlan) -> [Finding] { OnyxCephChecks.findings(plan) }

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try OnyxCephWriter.write(plan, to: url, options: options)
    }

    public func probe(_ listing: ArchiveListing) -> Int { OnyxCephProbe.score(listing) }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        try OnyxCephReader.read(url, options: options)
    }
}
