import ArchiveIO
import Foundation

/// Reads a 3MF document — the zip, the OPC package rules, the model part and the rules that tie the
/// model to the package (textures and thumbnails it names) — for `aligngate mesh check` and the
/// print-3mf adapter alike.
public enum ThreeMFPackageReader {
    /// The model of the package whose parts are `parts` (paths as stored, without a leading "/").
    public static func read(parts: [String: Data], source: String) throws(ThreeMFError) -> ThreeMFModel {
        let package = try OPCPackage(parts: parts, source: source)
        guard let path = package.stored(package.modelPath), let data = parts[path] else {
            throw ThreeMFError(source: source, reason: .missingPart(package.modelPath))
        }
        let read = try ThreeMFReader.read(data, source: source, part: path)
        try checkReferences(read.references, package: package, modelPath: path)
        return read.model
    }

    /// Reads the .3mf file at `url` through ArchiveIO, under `limits`.
    public static func read(contentsOf url: URL, limits: ArchiveLimits = .default) throws(ThreeMFPackageError) -> ThreeMFModel {
        let reader: ArchiveReader
        do { reader = try ArchiveReader(contentsOf: url, limits: limits) } catch { throw .archive(error) }
        return try read(reader, source: url.lastPathComponent)
    }

    /// Reads a .3mf held in memory; `source` names it in errors.
    public static func read(_ data: Data, source: String, limits: ArchiveLimits = .default) throws(ThreeMFPackageError) -> ThreeMFModel {
        let reader: ArchiveReader
        do { reader = try ArchiveReader(data: data, name: source, limits: limits) } catch { throw .archive(error) }
        return try read(reader, source: source)
    }

    private static func read(_ reader: ArchiveReader, source: String) throws(ThreeMFPackageError) -> ThreeMFModel {
        let collected = CollectedParts()
        do {
            // One worker: callers read many 3MFs at once. Each part is inflated whole, once.
            try reader.forEachEntryConcurrently(workers: 1, where: { $0.kind == .file }) { entry, data in collected.add(entry.path, data) }
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .archive(ArchiveError(archive: source, rule: .unreadable, detail: "\(error)"))
        }
        do { return try read(parts: collected.all, source: source) } catch { throw .threeMF(error) }
    }

    /// Textures and object thumbnails the model names: parts of the package, related from the model part.
    private static func checkReferences(_ references: ThreeMFReferences, package: OPCPackage, modelPath: String) throws(ThreeMFError) {
        let related = package.relationships(from: modelPath)
        func check(_ path: String, type: String, rule: ThreeMFRule, what: String) throws(ThreeMFError) {
            guard let resolved = OPCPartName.resolve(path, from: nil), package.stored(resolved) != nil else {
                throw ThreeMFError(source: package.source, part: modelPath, reason: .rule(rule, "\(what) names the part '\(path)', which the package does not hold"))
            }
            guard related.contains(where: { $0.type == type && $0.part.map(OPCPartName.key) == OPCPartName.key(resolved) }) else {
                throw ThreeMFError(source: package.source, part: modelPath, reason: .rule(rule,
                    "\(what) names /\(resolved), but no \(OPCPackage.kind(of: type)) relationship from the model part targets it"))
            }
        }
        for texture in references.textures {
            try check(texture.path, type: OPCPackage.textureType, rule: .texturePartMissing, what: "<texture2d> \(texture.id)")
        }
        for thumbnail in references.thumbnails {
            try check(thumbnail.path, type: OPCPackage.thumbnailType, rule: .thumbnailMissing, what: "the thumbnail of object \(thumbnail.id)")
        }
    }
}

/// Why a .3mf file could not be read: its zip (ArchiveIO's rules) or its parts (the 3MF rules).
public enum ThreeMFPackageError: Error, Sendable, Equatable, CustomStringConvertible {
    case archive(ArchiveError)
    case threeMF(ThreeMFError)

    public var description: String {
        switch self {
        case let .archive(e): e.description
        case let .threeMF(e): e.description
        }
    }
}

/// The parts of one package as they are read (the reader's body runs on a worker thread).
private final class CollectedParts: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String: Data] = [:]
    func add(_ path: String, _ data: Data) { lock.withLock { parts[path] = data } }
    var all: [String: Data] { lock.withLock { parts } }
}
