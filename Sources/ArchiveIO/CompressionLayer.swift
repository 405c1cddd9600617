import CArchive

/// A compression layer libarchive peels off before it reads a format: the four filters the gateway
/// enables (`LibArchiveHandle`), each known by its magic number.
enum CompressionLayer: String, CaseIterable, Sendable {
    case gzip, bzip2, xz, zstd

    /// libarchive's filter code, for forcing exactly this filter (no bidding).
    var filterCode: Int32 {
        switch self {
        case .gzip: ARCHIVE_FILTER_GZIP
        case .bzip2: ARCHIVE_FILTER_BZIP2
        case .xz: ARCHIVE_FILTER_XZ
        case .zstd: ARCHIVE_FILTER_ZSTD
        }
    }

    /// The layer whose magic `head` starts with, judged at least as widely as libarchive's bidders
    /// (gzip: 1F 8B 08; bzip2: "BZh1"…"BZh9"; xz: FD "7zXZ" 00; zstd: a frame or a skippable frame).
    static func detect(_ head: [UInt8]) -> CompressionLayer? {
        if head.starts(with: [0x1F, 0x8B, 0x08]) { return .gzip }
        if head.count >= 4, head.starts(with: Array("BZh".utf8)), (0x31...0x39).contains(head[3]) { return .bzip2 }
        if head.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        if head.count >= 4, head[0] & 0xF0 == 0x50, head[1] == 0x2A, head[2] == 0x4D, head[3] == 0x18 { return .zstd }
        return nil
    }

    /// `head(limit:open:)` of a stream held in memory (a layer's head, itself compressed).
    func head(of bytes: [UInt8], limit: Int) -> [UInt8]? {
        bytes.withUnsafeBytes { raw in head(limit: limit) { archive_read_open_memory($0, raw.baseAddress, raw.count) } }
    }

    /// What uncompressed bytes look like, for naming the innermost layer in a message.
    static func contentName(_ head: [UInt8]) -> String {
        if let layer = detect(head) { return layer.rawValue }
        if head.count >= 262, head[257..<262].elementsEqual("ustar".utf8) { return "tar" }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "zip" }
        if head.starts(with: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return "7z" }
        return "data"
    }

    /// Up to `limit` decompressed bytes from the start of the stream `open` attaches, through this
    /// filter alone: `archive_read_append_filter` bypasses libarchive's filter bidding, so what the
    /// first layer holds is never itself bid on (that is what loops on a self-reproducing gzip).
    /// Bounded by `limit` output bytes; nil when the filter refuses the stream before any output.
    func head(limit: Int, open: (OpaquePointer) -> Int32) -> [UInt8]? {
        guard let archive = archive_read_new() else { return nil }
        defer { archive_read_free(archive) }
        // WARN would mean an external program; refuse that as the main reader does.
        guard archive_read_append_filter(archive, filterCode) == ARCHIVE_OK,
              archive_read_support_format_raw(archive) == ARCHIVE_OK,
              open(archive) == ARCHIVE_OK else { return nil }
        var entry: OpaquePointer?
        guard archive_read_next_header(archive, &entry) == ARCHIVE_OK else { return nil }
        var out = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let n = out.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return archive_read_data(archive, base + filled, limit - filled)
            }
            guard n > 0 else { break }  // end of data, or an error after what we have (a cut-short head)
            filled += n
        }
        return filled > 0 ? Array(out.prefix(filled)) : nil
    }
}

/// At most one compression layer: libarchive (3.6.2) stacks a filter for every layer it recognises,
/// and a gzip that decompresses to a gzip of itself makes it stack them until memory runs out. So the
/// first decompressed bytes are looked at before libarchive sees the stream, and a second layer is
/// refused, naming the layers (a few deep, read from the bytes already decompressed).
enum NestedCompressionGuard {
    /// Decompressed bytes judged per layer: enough for every magic, the tar "ustar" mark and a few
    /// layers below (stored or lightly compressed data keeps its size).
    static let headBytes = 4096
    /// Layers named in a message before "…".
    static let namedLayers = 4

    /// Throws `nestedCompression` when the stream is compressed twice or more.
    static func check(_ source: ArchiveSource) throws(ArchiveError) {
        guard let magic = source.bytes(at: 0, count: Int(min(source.size, 16))),
              let outer = CompressionLayer.detect(magic) else { return }
        guard let first = source.withOpener({ outer.head(limit: headBytes, open: $0) }),
              let inner = CompressionLayer.detect(first) else { return }
        var layers = [outer, inner]
        var head = first
        var innermost: String?
        while layers.count < namedLayers, let current = layers.last {
            guard let next = current.head(of: head, limit: headBytes) else { break }
            head = next
            guard let layer = CompressionLayer.detect(next) else {
                innermost = CompressionLayer.contentName(next)
                break
            }
            layers.append(layer)
        }
        let names = layers.map(\.rawValue) + [innermost ?? "…"]
        throw ArchiveError(archive: source.name, rule: .nestedCompression,
                           detail: names.joined(separator: " containing ")
                               + "; the gateway reads at most one compression layer")
    }
}
