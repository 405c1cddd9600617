import Foundation
import PlanModel
import VendorKit

/// 3MF for print farms (FORMAT.md): one 3MF per arch and stage building one object, the arch model, whose
/// components are the crowns (placed by their stage poses), the gingiva and the attachments bonded at
/// that stage — plus print-manifest.json with everything else intake needs. Lossless both ways.
public struct Print3MFAdapter: VendorAdapter {
    public init() {}

    public let descriptor = VendorDescriptor(
        id: "print-3mf", name: "3MF print farm",
        summary: "Print farms and labs that slice 3MF: one closed, labelled 3MF model per arch and stage, plus a JSON manifest.",
        formatVersion: Print3MFFormat.version, container: .zip, extensions: ["zip"],
        numbering: .fdi, meshEncoding: .threeMF, direction: .both,
        capabilities: .init(segmentedTeeth: true, bakedStageMeshes: true, attachmentKinds: AttachmentKind.known,
                            ipr: true, elastics: true, passiveStages: true, overcorrectionStages: true,
                            primaryTeeth: true, encryption: false, metadata: true),
        profile: RuleProfile(
            stepLimits: MovementLimits(), maxTrianglesPerMesh: 1_000_000, watertightRequired: true, defaultWearIntervalDays: 14,
            source: "No clinical limits: a print farm prints what the doctor approved. 1,000,000 triangles per arch model is "
                + "aligngate's choice (3–5× a full-arch scan, within what common slicers load); closed meshes because the 3MF "
                + "core specification requires them for objects of type model."),
        deflateLevel: 6)  // the zip default its in-memory 3MF parts are deflated at (ArchiveWriteOptions)

    public var formatFindingCodes: [String] { Print3MFFormat.Code.all }

    public func formatFindings(for plan: TreatmentPlan) -> [Finding] {
        Print3MFChecks.findings(plan, system: descriptor.name)
    }

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try Print3MFWriter.write(descriptor.capabilities.carriedAttachments(of: plan), to: url, options: options, vendor: descriptor.id)
    }

    public func probe(_ listing: ArchiveListing) -> Int { Print3MFProbe.score(listing) }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        try Print3MFReader.read(url, options: options, vendor: descriptor.id)
    }
}
