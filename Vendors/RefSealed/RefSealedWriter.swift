import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export: an AES-256 zip — order.json, then per arch (plan order) every stage model and the attachment
/// template (FORMAT.md, "Layout"). Each STL is baked only when libzip pulls its data, so at most one
/// stage model is alive at a time. The password comes from the caller and is never written anywhere.
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

    /// One STL of known size (84 + 50 × triangles); baked when the zip writer asks for its data.
    static func addModel(_ writer: ArchiveWriter, _ job: OrderBuilder.ModelJob, caseID: String) throws(ArchiveWriteError) {
        let name = String(job.file.dropFirst(RefSealedFormat.modelFolder.count).dropLast(4))
        let label = RefSealedFormat.stlLabel(caseID: caseID, jaw: job.arch.jaw, what: name)
        var done = false
        try writer.add(job.file, size: Int64(84 + 50 * job.triangles), compression: RefSealedFormat.compression) {
            guard !done else { return nil }
            done = true
            let baked = job.stage.map { StageBaker.model(job.arch, stage: $0).mesh } ?? StageBaker.attachmentTemplate(job.arch).mesh
            guard baked.triangleCount == job.triangles else {
                throw VendorError.malformed(vendor: vendor, file: job.file,
                                            detail: "baked \(baked.triangleCount) triangles where order.json says \(job.triangles) (StageBaker changed?)")
            }
            return STLCodec.encode(baked, encoding: .binary, name: label)
        }
    }
}
