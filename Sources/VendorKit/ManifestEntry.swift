import ArchiveIO
import Foundation

/// The opening every reader of a manifest-led format shares: open the archive, read the manifest entry
/// (streamed, at most `limit` bytes), decode it into the adapter's own Codable schema — each refusal a
/// `VendorError` naming the manifest and, for a bad value, its key path.
public enum ManifestEntry {
    /// A manifest is text: more than this (64 MiB) is not one, and is not held in memory to find out.
    public static let defaultLimit = 64 << 20

    /// Opens `url` and reads `path` whole; a missing `path` is `.malformed` with `missing` as the detail.
    public static func open(_ url: URL, vendor: String, manifest path: String, password: String? = nil, missing: String,
                            limit: Int = defaultLimit) throws(VendorError) -> (reader: ArchiveReader, manifest: Data) {
        let reader: ArchiveReader
        do { reader = try ArchiveReader(contentsOf: url, password: password) } catch { throw .archive(error) }
        let found = try VendorError.catching(vendor: vendor, file: path) { () throws -> Data? in
            var data: Data?
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file, entry.path == path, data == nil else { return }
                data = try read(stream, vendor: vendor, path: path, limit: limit)
            }
            return data
        }
        guard let found else { throw .malformed(vendor: vendor, file: path, detail: missing) }
        return (reader, found)
    }

    /// Reads one entry's stream whole, refusing it past `limit` bytes without holding more.
    public static func read(_ stream: EntryStream, vendor: String, path: String, limit: Int = defaultLimit) throws -> Data {
        var data = Data()
        while let chunk = try stream.read() {
            data.append(chunk)
            guard data.count <= limit else {
                throw VendorError.malformed(vendor: vendor, file: path, detail: "larger than \(limit >> 20) MiB: not a manifest")
            }
        }
        return data
    }

    /// Decodes `data` as `T` and turns it into the adapter's values with `values`; a JSON or value error is
    /// `.malformed` naming `path` and the key path.
    public static func decode<T: Decodable, Values>(_ type: T.Type, _ data: Data, vendor: String, path: String,
                                                   values: (T) throws(ManifestError) -> Values) throws(VendorError) -> Values {
        do {
            return try values(ManifestJSON.decode(type, from: data))
        } catch {
            throw .malformed(vendor: vendor, file: path, detail: error.description)
        }
    }
}
