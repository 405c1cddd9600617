import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export: an AES-256 zip — order.json, then per arch (plan order) every stage model and the attachment
/// template (FORMAT.md, "Layout"). Each STL is baked, deflated and sealed on one of the zip writer's
/// workers when it asks for it, so at most its entry window of models is alive at a time. The password
/// comes from the caller and is never written anywhere.
enum RefSealedWriter {
    static let vendor = RefSealedFormat.vendor

    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        guard let password = options.password, !password.isEmpty else {
            throw .password(vendor: vendor, detail: "ref-sealed archives are AES-256 encrypted: give the password to seal \(url.lastPathComponent) with (--password); it is never stored in the archive")
        }
        try MeshPreflight.check(plan, vendor: vendor, encoding: "STL", meshesTravelInStages: true)
        let (document, jobs) = OrderBuilder.build(plan, kinds: Set(RefSealedAdapter.attachmentKinds))
        let order: Data
        do { order = try document.encoded() } catch {
            throw .malformed(vendor: vendor, file: RefSealedFormat.orderPath, detail: "the plan cannot be encoded (\(error)); NaN or infinite values?")
        }
        return try VendorError.catching(vendor: vendor, file: url.lastPathComponent, context: "cannot write the archive: ") {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, password: password),
                                           overwrite: options.overwrite)
            try writer.add(RefSealedFormat.orderPath, data: order, compression: RefSealedFormat.compression)
            let caseID = plan.metadata.caseID
            for job in jobs { try addModel(writer, job, caseID: caseID) }
            return try ExportedArchive(writer.finish())
        }
    }

    /// One STL of known size (84 + 50 × triangles), baked straight into binary STL on one of the zip writer's
    /// workers (`StageBaker.binarySTL`), then deflated and sealed there too, a few models at a time.
    static func addModel(_ writer: ArchiveWriter, _ job: OrderBuilder.ModelJob, caseID: String) throws(ArchiveWriteError) {
        let name = String(job.file.dropFirst(RefSealedFormat.modelFolder.count).dropLast(4))
        let label = RefSealedFormat.stlLabel(caseID: caseID, jaw: job.arch.jaw, what: name)
        let (file, arch, stage, triangles) = (job.file, job.arch, job.stage, job.triangles)
        try writer.add(file, size: Int64(84 + 50 * triangles), compression: RefSealedFormat.compression, produce: {
            let baked = stage.map { StageBaker.binarySTL(arch, stage: $0, name: label) } ?? StageBaker.attachmentTemplateSTL(arch, name: label)
            let count = baked.parts.reduce(0) { $0 + $1.triangleCount }
            guard count == triangles else {
                throw VendorError.malformed(vendor: vendor, file: file,
                                            detail: "baked \(count) triangles where order.json says \(triangles) (StageBaker changed?)")
            }
            return baked.stl
        })
    }
}
