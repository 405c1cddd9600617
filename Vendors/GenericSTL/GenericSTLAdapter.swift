import Foundation
import PlanModel
import VendorKit

/// The format every lab takes: one binary STL per arch and stage (crowns at the stage's poses, gingiva,
/// the attachments bonded then), the attachment template, and a manifest that makes the models segmented
/// again — per-tooth triangle ranges, crown frames, poses, attachments, IPR, case metadata (FORMAT.md).
public struct GenericSTLAdapter: VendorAdapter {
    public init() {}

    public let descriptor = VendorDescriptor(
        id: "generic-stl", name: "Generic STL (lab)",
        summary: "Any dental lab: a zip of binary STL models per arch and stage plus the attachment template, with a JSON manifest, CSV movement and IPR tables and a case sheet.",
        formatVersion: GenericSTLFormat.version, container: .zip, extensions: ["zip"], numbering: .fdi,
        meshEncoding: .binarySTL, direction: .both,
        capabilities: .init(segmentedTeeth: true, bakedStageMeshes: true, attachmentKinds: AttachmentKind.known,
                            ipr: true, elastics: true, passiveStages: true, overcorrectionStages: true,
                            primaryTeeth: true, encryption: false, metadata: true),
        profile: RuleProfile(
            stepLimits: MovementLimits(), maxTrianglesPerMesh: 2_000_000, watertightRequired: true,
            defaultWearIntervalDays: 14,
            source: "No movement, stage or IPR limits: a lab prints what it receives; clinical limits are the aligner systems' business. "
                + "2,000,000 triangles per stage model is this adapter's documented choice: a full-arch scan is typically 100k–300k triangles "
                + "and 3–15 MB of STL, and around 2M triangles (≈100 MB of binary STL) lab slicers start to struggle. "
                + "Models must be closed to print. 14-day wear interval: the common default (ClearCorrect offers 7, 10, 14, 21)."),
        deflateLevel: GenericSTLFormat.compression.level)

    public var formatFindingCodes: [String] { GenericSTLFormat.Code.all }

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try GenericSTLWriter.write(descriptor.capabilities.carriedAttachments(of: plan), to: url, options: options)
    }

    public func probe(_ listing: ArchiveListing) -> Int { GenericSTLProbe.score(listing) }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        try GenericSTLReader.read(url, options: options)
    }
}
