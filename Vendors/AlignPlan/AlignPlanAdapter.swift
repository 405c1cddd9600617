import ArchiveIO
import Foundation
import PlanModel
import PlanPackage
import VendorKit

/// The native `.alignplan` format as an adapter: lossless both ways (docs/PLAN-FORMAT.md). Exports the
/// zip form; reads the zip or the folder form.
public struct AlignPlanAdapter: VendorAdapter {
    public init() {}

    public let descriptor = VendorDescriptor(
        id: "alignplan", name: "aligngate native plan",
        summary: "The gateway's own lossless, open format: plan.json plus binary PLY meshes.",
        formatVersion: PlanFormat.version, container: .folderOrZip, extensions: [PlanFormat.fileExtension],
        numbering: .fdi, meshEncoding: .binaryPLY, direction: .both,
        capabilities: .init(segmentedTeeth: true, bakedStageMeshes: false, attachmentKinds: AttachmentKind.allCases,
                            ipr: true, elastics: true, passiveStages: true, overcorrectionStages: true,
                            primaryTeeth: true, encryption: false, metadata: true),
        profile: RuleProfile(stepLimits: MovementLimits(), watertightRequired: false, defaultWearIntervalDays: 14,
                             source: "No clinical limits: the native format carries any valid plan."))

    public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        do {
            try PlanPackage.write(plan, to: url, form: .zip, overwrite: options.overwrite)
            let listing = try ArchiveReader(contentsOf: url).entries()
            return try ExportedArchive(files: listing.map(\.path), bytes: FileDigest.size(url), sha256: FileDigest.sha256(url))
        } catch let error as PlanPackageError {
            throw .malformed(vendor: descriptor.id, file: error.file, detail: error.description)
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .malformed(vendor: descriptor.id, file: url.lastPathComponent, detail: "\(error)")
        }
    }

    /// plan.json (a JSON object whose sorted keys start with "arches") beside meshes/*.ply is the layout
    /// this adapter writes; the format name itself sits past the first bytes probing may read.
    public func probe(_ listing: ArchiveListing) -> Int {
        guard listing.contains(PlanFormat.documentPath) else { return 0 }
        let head = listing.head(PlanFormat.documentPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        if head.contains("\"\(PlanFormat.formatName)\"") { return 100 }
        var score = 10
        if head.hasPrefix("{") && head.contains("\"arches\"") { score += 50 }
        if listing.filePaths.contains(where: { $0.hasPrefix("meshes/") && $0.hasSuffix(".ply") }) { score += 30 }
        return score
    }

    public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        do {
            return IntakeResult(plan: try PlanPackage.read(url))
        } catch {
            throw .malformed(vendor: descriptor.id, file: error.file, detail: error.description)
        }
    }
}
