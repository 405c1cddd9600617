import Foundation
import PlanModel
import VendorKit

/// Clinic and hospital PACS: one DICOM Part 10 file per arch and stage holding the baked arch model as
/// Encapsulated STL (DICOM Supplement 205), with a JSON index naming arches, stages and their flags
/// (FORMAT.md). Whole-arch models only: intake gives an unsegmented plan.
public struct DicomSTLAdapter: VendorAdapter {
    public init() {}

    /// No movement, stage or IPR limits (a PACS archives what it receives); the documented mesh cap.
    static let profile = RuleProfile(
        stepLimits: MovementLimits(), maxTrianglesPerMesh: 2_000_000, watertightRequired: false,
        defaultWearIntervalDays: 14,
        source: "No movement, stage or IPR limits: a PACS archives what it receives; clinical limits are the aligner systems' business. "
            + "2,000,000 triangles per stage model is this adapter's documented choice, the same as generic-stl's: a full-arch scan is "
            + "typically 100k–300k triangles (3–15 MB of STL); 2M triangles is ≈100 MB of STL in one DICOM instance. "
            + "Closed models are not required: PACS archives do not print. 14-day wear interval: the common default (ClearCorrect offers 7, 10, 14, 21).")

    public let descriptor = VendorDescriptor(
        id: DicomSTLFormat.vendor, name: "DICOM Encapsulated STL (PACS)",
        summary: "Clinic and hospital PACS: a zip of DICOM Part 10 files, one Encapsulated STL instance (Supplement 205) per arch and stage, with a JSON index of stages and flags; whole-arch models only.",
        formatVersion: DicomSTLFormat.version, container: .zip, extensions: ["zip"], numbering: .fdi,
        meshEncoding: .encapsulatedSTL, direction: .both,
        capabilities: .init(segmentedTeeth: false, bakedStageMeshes: true, attachmentKinds: [], ipr: false, elastics: false,
                            passiveStages: true, overcorrectionStages: true, primaryTeeth: true, encryption: false,
                            metadata: false),
        profile: DicomSTLAdapter.profile)

    public var formatFindingCodes: [String] { DicomSTLFormat.Code.all }

    /// Identifiers DICOM cannot hold verbatim (FORMAT.md, "Findings").
    public func formatFindings(for plan: TreatmentPlan) -> [Finding] {
        DicomCase.alteredIdentifiers(plan.metadata)
    }

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try DicomSTLWriter.write(plan, to: url, options: options)
    }

    public func probe(_ listing: ArchiveListing) -> Int { DicomSTLProbe.score(listing) }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        try DicomSTLReader.read(url)
    }
}
