import ArchiveIO
import Foundation
import MeshIO

/// A 3MF package as a zip: the three parts a core 3MF needs. MeshIO knows the XML; this adds the zip
/// (writing: ThreeMFArchiveWriter.swift).
enum ThreeMFArchive {
    /// Reads the model of a 3MF held in memory: content types, root relationship, then the model part
    /// it names. `source` names the 3MF in errors; ArchiveIO's limits apply to the inner zip too.
    static func read(_ data: Data, source: String, limits: ArchiveLimits = .default) throws(Print3MFReadError) -> ThreeMFModel {
        let collected = Parts()
        do {
            // One worker: the caller already reads 3MFs on every core. Each part is inflated whole, once.
            let reader = try ArchiveReader(data: data, name: source, limits: limits)
            try reader.forEachEntryConcurrently(workers: 1) { entry, data in collected.add(entry.path, data) }
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .archive(ArchiveError(archive: source, rule: .unreadable, detail: "\(error)"))
        }
        let parts = collected.all
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

/// The parts of one 3MF as they are read.
private final class Parts: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String: Data] = [:]
    func add(_ path: String, _ data: Data) { lock.withLock { parts[path] = data } }
    var all: [String: Data] { lock.withLock { parts } }
}
