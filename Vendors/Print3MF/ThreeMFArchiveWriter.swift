import ArchiveIO
import Foundation
import MeshIO

extension ThreeMFArchive {
    /// `model` as the bytes of a 3MF file, built in memory (deterministic: fixed part order and time stamps).
    /// `name` (the 3MF's path in the outer archive) names it in errors. The model part is deflated by
    /// `deflater`, which deflates each crown mesh once for every stage that places it (default: a fresh one).
    static func data(_ model: ThreeMFModel, name: String, deflater: ThreeMFPartDeflater = partDeflater()) throws -> Data {
        var zip = try InMemoryZip(name: name)
        let part = try deflater.deflated(model, archive: name, entry: ThreeMF.defaultModelPath)
        try zip.add(ThreeMF.contentTypesPath, data: ThreeMFPackage.contentTypesXML())
        try zip.add(ThreeMF.relationshipsPath, data: ThreeMFPackage.relationshipsXML())
        try zip.add(ThreeMF.defaultModelPath, deflated: part)
        return try zip.bytes()
    }

    /// The deflater for one export's 3MFs: the zip's default level, as a model part deflated whole would get.
    static func partDeflater() -> ThreeMFPartDeflater {
        ThreeMFPartDeflater(level: ArchiveWriteOptions.defaultCompressionLevel(for: .zip) ?? 6)
    }
}
