import Foundation
import PlanModel
import VendorKit

/// A reference segmented-plan system (FORMAT.md; no aligner brand's real format is public): a tar.gz
/// holding case.xml — the case, teeth in Universal numbering with crown frames, per-stage 4×4 poses,
/// attachments and IPR — and one binary PLY per crown plus the gingiva, each stored once at stage 0.
/// Stage models are not baked: the manufacturer poses the crowns itself.
public struct RefSegmentedAdapter: VendorAdapter {
    public init() {}

    /// Every attachment kind but bite ramps (FORMAT.md, "Rules").
    public static let attachmentKinds = AttachmentKind.known.filter { $0 != .biteRamp }

    /// Canine and premolar rotation per aligner, from the clinical literature (ORTHODONTICS.md).
    static let canineAndPremolarRotation = MovementLimits(rotationDegrees: 1.5)

    public let descriptor = VendorDescriptor(
        id: RefSegmentedFormat.vendor, name: "Reference segmented system",
        summary: "A reference profile (not a real brand's format) for systems that stage segmented teeth themselves: tar.gz with an XML case manifest (Universal numbering, 4×4 poses) and one PLY per crown.",
        formatVersion: RefSegmentedFormat.version, container: .tarGzip, extensions: ["tar.gz", "tgz"],
        numbering: .universal, meshEncoding: .binaryPLY, direction: .both,
        capabilities: .init(segmentedTeeth: true, bakedStageMeshes: false, attachmentKinds: RefSegmentedAdapter.attachmentKinds,
                            ipr: true, elastics: true, passiveStages: true, overcorrectionStages: false,
                            primaryTeeth: false, encryption: false, metadata: true),
        profile: RuleProfile(
            stepLimits: .clearCorrectStandard,
            classLimits: [.init(.canine, RefSegmentedAdapter.canineAndPremolarRotation),
                          .init(.premolar, RefSegmentedAdapter.canineAndPremolarRotation)],
            maxStages: nil, maxTrianglesPerMesh: 100_000, watertightRequired: true, defaultWearIntervalDays: 14,
            source: "Per-stage limits: ClearCorrect's published standard (0.3 mm mesial/distal, buccal/lingual and extrusion/intrusion, 3° rotation; no tip or torque figure is published, so none is applied). "
                + "Canines and premolars: rotation at most 1.5° per aligner, after the clinical literature quoted in docs (\"rotation of canines/premolars is commonly kept under about 1.5° per aligner\"; a finite-element study suggests ≤ 1.2° for rounded premolars). "
                + "No stage or IPR cap: none is published for this profile. 100,000 triangles per mesh file (each crown and the gingiva) and closed meshes are this reference profile's documented choices (a crown needs far fewer; printing needs closed models). "
                + "14-day wear interval: the common default (ClearCorrect offers 7, 10, 14, 21)."))

    public var formatFindingCodes: [String] { RefSegmentedFormat.Code.all }

    public func formatFindings(for plan: TreatmentPlan) -> [Finding] { RefSegmentedChecks.findings(plan, descriptor) }

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try RefSegmentedWriter.write(plan, to: url, options: options)
    }

    public func probe(_ listing: ArchiveListing) -> Int { RefSegmentedProbe.score(listing) }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        try RefSegmentedReader.read(url)
    }
}
