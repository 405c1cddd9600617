/// The counts a 7z header declares, read the way libarchive's 7z reader reads them (7zFormat.txt's
/// property ids, in libarchive's order), without allocating anything a count asks for. Debian's
/// libarchive 3.6.2 sizes its arrays from these counts before it reads the items they count (100 000 000
/// folders declared in 40 bytes: a 10 GB array walked for 3.5 s; 200 000 000 substreams: 1 GB written in
/// 1 s), so `SevenZipHeaderGuard` weighs them here first.
struct SevenZipHeader {
    /// One coder of a folder: its method id and properties.
    struct Coder {
        var method: [UInt8]
        var properties: [UInt8]
    }

    /// One folder (a chain of coders producing one stream).
    struct Folder {
        var coders: [Coder] = []
        var unpackSizes: [UInt64] = []
        var boundOutputs: Set<UInt64> = []
        var packedStreams = 0

        /// The size of the folder's final output: the one output no bind pair consumes (libarchive's
        /// `folder_uncompressed_size`).
        var unpackSize: UInt64 {
            for (index, size) in unpackSizes.enumerated().reversed() where !boundOutputs.contains(UInt64(index)) { return size }
            return 0
        }
    }

    /// A StreamsInfo block: where the packed streams are and what unpacks them.
    struct Streams {
        var packPosition: UInt64 = 0
        var packSizes: [UInt64] = []
        var folders: [Folder] = []
        /// The substreams (files with data) the folders hold.
        var unpackStreams: UInt64 = 0
        var hasSubStreams = false
        /// Byte range of the UnPackInfo block inside the header, to re-emit it verbatim.
        var unpackInfo: Range<Int>?
    }

    static let kEnd: UInt8 = 0x00, kHeader: UInt8 = 0x01, kArchiveProperties: UInt8 = 0x02
    static let kAdditionalStreamsInfo: UInt8 = 0x03, kMainStreamsInfo: UInt8 = 0x04, kFilesInfo: UInt8 = 0x05
    static let kPackInfo: UInt8 = 0x06, kUnPackInfo: UInt8 = 0x07, kSubStreamsInfo: UInt8 = 0x08, kSize: UInt8 = 0x09
    static let kCRC: UInt8 = 0x0A, kFolder: UInt8 = 0x0B, kCodersUnPackSize: UInt8 = 0x0C, kNumUnPackStream: UInt8 = 0x0D
    static let kName: UInt8 = 0x11, kEncodedHeader: UInt8 = 0x17

    private let bytes: [UInt8]
    private(set) var offset = 0
    private let maxEntries: Int

    init(_ bytes: [UInt8], maxEntries: Int) {
        self.bytes = bytes
        self.maxEntries = maxEntries
    }

    var remaining: Int { bytes.count - offset }

    // MARK: - Primitives

    mutating func byte() throws(SevenZipHeaderError) -> UInt8 {
        guard offset < bytes.count else { throw .malformed("the header ends at byte \(offset) inside a property") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// 7z's variable-length number: the leading one bits of the first byte count the bytes that follow.
    mutating func number() throws(SevenZipHeaderError) -> UInt64 {
        let first = try byte()
        var mask: UInt8 = 0x80
        var value: UInt64 = 0
        for i in 0..<8 {
            if first & mask == 0 {
                return value | (UInt64(first & (mask &- 1)) << (8 * UInt64(i)))
            }
            value |= UInt64(try byte()) << (8 * UInt64(i))
            mask >>= 1
        }
        return value
    }

    mutating func skip(_ count: UInt64, _ what: String) throws(SevenZipHeaderError) {
        guard count <= UInt64(remaining) else {
            throw .malformed("\(what) of \(count) bytes at byte \(offset), with \(remaining) bytes left in the header")
        }
        offset += Int(count)
    }

    mutating func expect(_ id: UInt8, _ what: String) throws(SevenZipHeaderError) {
        let found = try byte()
        guard found == id else { throw .malformed("expected \(what) at byte \(offset - 1), found property 0x\(String(found, radix: 16))") }
    }

    /// A count of items that each take at least one header byte.
    mutating func count(_ what: String) throws(SevenZipHeaderError) -> UInt64 {
        let n = try number()
        guard n <= UInt64(remaining) else {
            throw .excess("declares \(n) \(what) with \(remaining) header bytes left to describe them", entryLimit: false)
        }
        return n
    }

    func entryCheck(_ n: UInt64, _ what: String) throws(SevenZipHeaderError) {
        guard n <= UInt64(maxEntries) else {
            throw .excess("declares \(n) \(what), more than the limit of \(maxEntries) entries", entryLimit: true)
        }
    }

    // MARK: - Structure

    /// A plain header (after its kHeader byte): archive properties, streams, files.
    mutating func header() throws(SevenZipHeaderError) {
        var id = try byte()
        if id == Self.kArchiveProperties {
            while try byte() != Self.kEnd { try skip(try number(), "an archive property") }
            id = try byte()
        }
        if id == Self.kAdditionalStreamsInfo {
            throw .malformed("additional streams (kAdditionalStreamsInfo), which libarchive does not read")
        }
        var streams = Streams()
        if id == Self.kMainStreamsInfo {
            streams = try self.streams()
            id = try byte()
        }
        if id == Self.kEnd { return }
        guard id == Self.kFilesInfo else {
            throw .malformed("expected files info at byte \(offset - 1), found property 0x\(String(id, radix: 16))")
        }
        let files = try number()
        try entryCheck(files, "files")
        // Files without data are marked one bit each; more files than streams need those bits.
        if files > streams.unpackStreams, (files - streams.unpackStreams + 7) / 8 > UInt64(remaining) {
            throw .excess("declares \(files) files for \(streams.unpackStreams) streams with \(remaining) header bytes left to mark the rest empty",
                          entryLimit: false)
        }
        while try byte() != Self.kEnd { try skip(try number(), "a file property") }
        try expect(Self.kEnd, "the header's end")
    }

    /// A StreamsInfo block, up to and including its kEnd.
    mutating func streams() throws(SevenZipHeaderError) -> Streams {
        var streams = Streams()
        var id = try byte()
        if id == Self.kPackInfo {
            streams.packPosition = try number()
            let n = try count("packed streams")
            var part = try byte()
            while part != Self.kEnd {
                if part == Self.kSize {
                    for _ in 0..<n { streams.packSizes.append(try number()) }
                } else if part == Self.kCRC {
                    try digests(n)
                } else {
                    throw .malformed("unexpected property 0x\(String(part, radix: 16)) in pack info")
                }
                part = try byte()
            }
            id = try byte()
        }
        if id == Self.kUnPackInfo {
            let start = offset - 1
            try expect(Self.kFolder, "the folder list")
            let n = try count("folders")
            guard try byte() == 0 else { throw .malformed("external folders, which libarchive does not read") }
            for _ in 0..<n { streams.folders.append(try folder()) }
            try expect(Self.kCodersUnPackSize, "the coders' unpack sizes")
            for i in streams.folders.indices {
                for j in streams.folders[i].unpackSizes.indices { streams.folders[i].unpackSizes[j] = try number() }
            }
            var part = try byte()
            if part == Self.kCRC { try digests(UInt64(streams.folders.count)); part = try byte() }
            guard part == Self.kEnd else { throw .malformed("unexpected property 0x\(String(part, radix: 16)) in unpack info") }
            id = try byte()
            streams.unpackInfo = start..<(offset - 1)
        }
        streams.unpackStreams = UInt64(streams.folders.count)
        if id == Self.kSubStreamsInfo {
            streams.hasSubStreams = true
            try subStreams(&streams)
            id = try byte()
        }
        guard id == Self.kEnd else {
            throw .malformed("unexpected property 0x\(String(id, radix: 16)) in streams info")
        }
        return streams
    }

    private mutating func folder() throws(SevenZipHeaderError) -> Folder {
        var folder = Folder()
        let coders = try count("coders in a folder")
        var inputs: UInt64 = 0, outputs: UInt64 = 0
        for _ in 0..<coders {
            let flags = try byte()
            guard flags & 0x80 == 0 else { throw .malformed("alternative coder methods, which libarchive does not read") }
            var coder = Coder(method: [], properties: [])
            for _ in 0..<Int(flags & 0x0F) { coder.method.append(try byte()) }
            if flags & 0x10 != 0 {
                inputs += try count("coder inputs")
                outputs += try count("coder outputs")
            } else {
                inputs += 1
                outputs += 1
            }
            if flags & 0x20 != 0 {
                let size = try count("coder property bytes")
                for _ in 0..<size { coder.properties.append(try byte()) }
            }
            folder.coders.append(coder)
        }
        guard outputs > 0, inputs + 1 >= outputs else { throw .malformed("a folder with \(inputs) inputs and \(outputs) outputs") }
        guard outputs <= UInt64(remaining) else {
            throw .excess("declares \(outputs) coder outputs with \(remaining) header bytes left to size them", entryLimit: false)
        }
        let pairs = outputs - 1
        for _ in 0..<pairs {
            _ = try number()
            folder.boundOutputs.insert(try number())
        }
        let packed = inputs - pairs
        folder.packedStreams = Int(min(packed, UInt64(Int.max)))
        if packed > 1 {
            guard packed <= UInt64(remaining) else {
                throw .excess("declares \(packed) packed streams in a folder with \(remaining) header bytes left", entryLimit: false)
            }
            for _ in 0..<packed { _ = try number() }
        }
        folder.unpackSizes = Array(repeating: 0, count: Int(outputs))
        return folder
    }

    private mutating func subStreams(_ streams: inout Streams) throws(SevenZipHeaderError) {
        var counts = Array(repeating: UInt64(1), count: streams.folders.count)
        var id = try byte()
        if id == Self.kNumUnPackStream {
            var total: UInt64 = 0
            for i in counts.indices {
                counts[i] = try number()
                // libarchive sizes three arrays by the sum and zeroes them before it reads a stream's size.
                let (sum, overflow) = total.addingReportingOverflow(counts[i])
                total = overflow ? .max : sum
                try entryCheck(total, "streams in its folders")
            }
            id = try byte()
        }
        streams.unpackStreams = counts.reduce(0, +)
        if id == Self.kSize {
            for n in counts where n > 1 { for _ in 1..<n { _ = try number() } }
            id = try byte()
        }
        if id == Self.kCRC {
            try digests(streams.unpackStreams)
            id = try byte()
        }
        guard id == Self.kEnd else { throw .malformed("unexpected property 0x\(String(id, radix: 16)) in substreams info") }
    }

    /// A digest list of `n` items: all defined, or a bit each, then four bytes per defined item.
    private mutating func digests(_ n: UInt64) throws(SevenZipHeaderError) {
        var defined = n
        if try byte() == 0 {
            guard (n + 7) / 8 <= UInt64(remaining) else { throw .malformed("\(n) digest bits with \(remaining) header bytes left") }
            defined = 0
            for i in 0..<Int((n + 7) / 8) {
                let bits = bytes[offset + i]
                let used = min(8, Int(n) - 8 * i)
                for b in 0..<used where bits & (0x80 >> UInt8(b)) != 0 { defined += 1 }
            }
            offset += Int((n + 7) / 8)
        }
        try skip(defined * 4, "\(defined) digests")
    }
}

/// Why a header was not weighed to the end: a structure it cannot follow (libarchive would refuse it too),
/// or a declared count too large — for the header's own bytes, or (`entryLimit`) for the entry limit.
enum SevenZipHeaderError: Error {
    case malformed(String)
    case excess(String, entryLimit: Bool)
}
