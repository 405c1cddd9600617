import ArchiveIO
import Foundation
import MeshIO

extension ThreeMFArchive {
    /// `model` as the bytes of a 3MF file, built in memory (deterministic: fixed part order and time stamps).
    /// `name` (the 3MF's path in the outer archive) names it in errors.
    static func data(_ model: ThreeMFModel, name: String) throws -> Data {
        let xml = try ThreeMFWriter.encode(model)
        var zip = try InMemoryZip(name: name)
        try zip.add(ThreeMF.contentTypesPath, data: ThreeMFPackage.contentTypesXML())
        try zip.add(ThreeMF.relationshipsPath, data: ThreeMFPackage.relationshipsXML())
        try zip.add(ThreeMF.defaultModelPath, data: xml)
        return try zip.bytes()
    }
}
