import Foundation
import PlanModel
import VendorKit

/// A reference sealed-order system (FORMAT.md; no aligner brand's real format is public): an AES-256 zip,
/// sealed with a password the user supplies and never stored, holding order.json (FDI numbering: case,
/// stages and flags, triangle counts, attachments, IPR) and one baked whole-arch STL per stage plus the
/// attachment template. Not segmented: intake gets the models and the order, not the teeth.
public struct RefSealedAdapter: VendorAdapter {
    public init() {}

    /// Every attachment kind but power ridges and precision cuts (FORMAT.md, "Rules").
    public static let attachmentKinds = AttachmentKind.known.filter { $0 != .powerRidge && $0 != .precisionCut }

    public let descriptor = VendorDescriptor(
        id: RefSealedFormat.vendor, name: "Reference sealed-order system",
        summary: "A reference profile (not a real brand's format) for systems that take baked models under a password: AES-256 zip with a JSON order and one whole-arch STL per stage.",
        formatVersion: RefSealedFormat.version, container: .encryptedZip, extensions: ["zip"],
        numbering: .fdi, meshEncoding: .binarySTL, direction: .both,
        capabilities: .init(segmentedTeeth: false, bakedStageMeshes: true, attachmentKinds: RefSealedAdapter.attachmentKinds,
                            ipr: true, elastics: true, passiveStages: true, overcorrectionStages: true,
                            primaryTeeth: true, encryption: true, metadata: true),
        profile: RuleProfile(
            stepLimits: .archFormDefaults, maxStages: 50, maxTrianglesPerMesh: 500_000, watertightRequired: true,
            defaultWearIntervalDays: 14,
            source: "Per-stage limits: ArchForm's published default stage parameters (support page): 0.20 mm mesial/distal and buccal/lingual, 0.15 mm extrusion/intrusion, 2° tip, 1° torque, 2° rotation. "
                + "At most 50 aligners per arch, 500,000 triangles per baked arch model and closed models are this reference profile's documented choices "
                + "(50 covers the 20–40 typical and most complex cases — about 27 upper / 25 lower on average in one study; a full-arch scan is 100k–300k triangles). "
                + "No IPR cap: none is published for this profile. 14-day wear interval: the common default (ClearCorrect offers 7, 10, 14, 21)."))

    public var formatFindingCodes: [String] { RefSealedFormat.Code.all }

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try RefSealedWriter.write(plan, to: url, options: options)
    }

    public func probe(_ listing: ArchiveListing) -> Int { RefSealedProbe.score(listing) }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        try RefSealedReader.read(url, options: options)
    }
}
