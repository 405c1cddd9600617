import ArchiveIO
import Foundation

/// One uncompressed piece of an archive's content: an entry, or a part of a stored 3MF inside it.
public struct PayloadEntry: Sendable {
    /// "entry" or "entry.3mf/part".
    public var name: String
    public var bytes: Data
    /// The CRC-32 of `bytes`, as a zip's central directory would hold it.
    public var crc: UInt32
    /// A stage model or template: STL data or a 3MF model part.
    public var isMesh: Bool
}

/// Reads an archive's content back (untimed: this is how the floor gets the bytes the exporter
/// compressed) in bounded batches so memory stays flat however large the case is.
///
/// A stored `.3mf` entry is itself a zip whose parts the exporter deflated, so its parts are the
/// payload, not its already-compressed bytes.
public enum ArchivePayload {
    /// Calls `body` with batches of at most `maxEntries` entries or about `maxBytes` bytes, in archive order
    /// (`password` opens an encrypted archive).
    public static func forEachBatch(_ url: URL, maxEntries: Int, maxBytes: Int, password: String? = nil,
                                    _ body: ([PayloadEntry]) throws -> Void) throws {
        var batch: [PayloadEntry] = []
        var batchBytes = 0
        func add(_ entry: PayloadEntry) throws {
            batch.append(entry)
            batchBytes += entry.bytes.count
            if batch.count >= maxEntries || batchBytes >= maxBytes {
                try body(batch)
                batch = []
                batchBytes = 0
            }
        }
        try ArchiveReader(contentsOf: url, password: password).forEachEntry { entry, stream in
            guard entry.kind == .file else { return }
            let data = try stream.readAll()
            if entry.path.lowercased().hasSuffix(".3mf") {
                try ArchiveReader(data: data, name: entry.path).forEachEntry { part, partStream in
                    guard part.kind == .file else { return }
                    try add(payload("\(entry.path)/\(part.path)", try partStream.readAll()))
                }
            } else {
                try add(payload(entry.path, data))
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    static func payload(_ name: String, _ data: Data) -> PayloadEntry {
        let lower = name.lowercased()
        return PayloadEntry(name: name, bytes: data, crc: RawDeflate.crc32(data),
                            isMesh: lower.hasSuffix(".stl") || lower.hasSuffix(".model"))
    }
}
