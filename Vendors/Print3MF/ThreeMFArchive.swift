import ArchiveIO
import Foundation
import MeshIO

/// A 3MF package as a zip: the three parts a core 3MF needs. MeshIO knows the XML; this adds the zip
/// (writing: ThreeMFArchiveWriter.swift).
enum ThreeMFArchive {
    /// Reads the model of a 3MF held in memory: content types, root relationship, then the model part
    /// it names. `source` names the 3MF in errors; ArchiveIO's limits apply to the inner zip too.
    static func read(_ data: Data, source: String, limits: ArchiveLimits = .default) throws(Print3MFReadError) -> ThreeMFModel {
        var parts: [String: Data] = [:]
        do {
            let reader = try ArchiveReader(data: data, name: source, limits: limits)
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file else { return }
                parts[entry.path] = try stream.readAll()
            }
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .archive(ArchiveError(archive: source, rule: .unreadable, detail: "\(error)"))
        }
        do throws(ThreeMFError) {
            guard let rels = parts[ThreeMF.relationshipsPath] else {
                throw ThreeMFError(source: source, reason: .missingPart(ThreeMF.relationshipsPath))
            }
            let modelPath = try ThreeMFPackage.modelPath(relationships: rels, source: source)
            guard let types = parts[ThreeMF.contentTypesPath] else {
                throw ThreeMFError(source: source, reason: .missingPart(ThreeMF.contentTypesPath))
            }
            try ThreeMFPackage.checkContentTypes(types, modelPath: modelPath, source: source)
            guard let model = parts[modelPath] else { throw ThreeMFError(source: source, reason: .missingPart(modelPath)) }
            return try ThreeMFReader.decode(model, source: source, part: modelPath)
        } catch {
            throw .threeMF(error)
        }
    }
}

/// Why a 3MF inside the archive could not be read: its zip, or its parts.
enum Print3MFReadError: Error {
    case archive(ArchiveError)
    case threeMF(ThreeMFError)

    var description: String {
        switch self {
        case let .archive(e): e.description
        case let .threeMF(e): e.description
        }
    }
}
