import ArchiveIO
import Foundation

/// A fresh, empty folder for one test; removed when released.
final class WriterScratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the folder (not created).
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Every name in the folder, hidden ones included, sorted.
    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

/// Deterministic bytes: `compressible` repeats a short text, otherwise xorshift noise.
func sampleBytes(_ count: Int, seed: UInt64 = 1, compressible: Bool = false) -> Data {
    if compressible {
        let line = Array("stage 07 tooth 11 translation 0.25 mm rotation 2.0 deg\n".utf8)
        return Data((0..<count).map { line[$0 % line.count] })
    }
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    var bytes = [UInt8](repeating: 0, count: count)
    for i in bytes.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        bytes[i] = UInt8(truncatingIfNeeded: state)
    }
    return Data(bytes)
}

/// The entries most tests write: text, binary noise, an empty file, nesting, a non-ASCII and a long name.
let sampleEntries: [(path: String, data: Data)] = [
    ("plan.json", Data(#"{"stages": 14, "arches": ["upper", "lower"]}"#.utf8)),
    ("meshes/upper/stage-00.stl", sampleBytes(70_000, seed: 2)),
    ("meshes/upper/stage-01.stl", sampleBytes(120_000, compressible: true)),
    ("empty.txt", Data()),
    ("notes/behandlungsplan-für-dr-müller.txt", Data("Überkorrektur 2°\n".utf8)),
    ("attachments/" + String(repeating: "very-long-template-name-", count: 6) + "end.stl", sampleBytes(1000, seed: 3)),
]

/// The one folder entry in the sample (written as "reports/").
let sampleFolder = "reports"

/// Writes `sampleEntries` (plus `sampleFolder`) with `options` to `url`.
@discardableResult
func writeSample(to url: URL, _ options: ArchiveWriteOptions, overwrite: Bool = false) throws -> ArchiveWriteSummary {
    let writer = try ArchiveWriter(creating: url, options: options, overwrite: overwrite)
    for entry in sampleEntries {
        try writer.add(entry.path, data: entry.data)
    }
    try writer.addDirectory(sampleFolder)
    return try writer.finish()
}

/// A producer of `count` chunks of `size` bytes each; `fail(after:)` makes it throw instead of chunk n+1.
final class ChunkProducer {
    struct Failure: Error, Equatable { let afterChunks: Int }

    let count: Int
    let size: Int
    let failAfter: Int?
    private(set) var calls = 0

    init(count: Int, size: Int, failAfter: Int? = nil) {
        self.count = count
        self.size = size
        self.failAfter = failAfter
    }

    var totalBytes: Int64 { Int64(count * size) }

    /// The next chunk; chunk k is filled with byte k & 0xFF so contents can be checked.
    func next() throws -> Data? {
        defer { calls += 1 }
        if let failAfter, calls == failAfter { throw Failure(afterChunks: failAfter) }
        guard calls < count else { return nil }
        return Data(repeating: UInt8(truncatingIfNeeded: calls), count: size)
    }

    /// What the producer's chunks add up to.
    func expected() -> Data {
        var data = Data(capacity: count * size)
        for k in 0..<count { data.append(Data(repeating: UInt8(truncatingIfNeeded: k), count: size)) }
        return data
    }
}

/// One central-directory record of a zip, with its local header's time and extra field.
struct ZipRecord {
    var name: String
    var versionMadeBy: UInt16
    var flags: UInt16
    var method: UInt16
    var dosTime: UInt16
    var dosDate: UInt16
    var externalAttributes: UInt32
    var extra: [UInt8]
    var localTime: UInt16
    var localDate: UInt16
    var localExtra: [UInt8]
}

/// Parses a (non-ZIP64) zip's central directory and local headers; empty if the layout is not understood.
func zipRecords(_ data: Data) -> [ZipRecord] {
    let bytes = [UInt8](data)
    func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
    guard bytes.count >= 22 else { return [] }
    guard let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { u32($0) == 0x0605_4B50 }) else {
        return []
    }
    let count = Int(u16(end + 10))
    var at = Int(u32(end + 16))
    var records: [ZipRecord] = []
    for _ in 0..<count {
        guard at + 46 <= bytes.count, u32(at) == 0x0201_4B50 else { return [] }
        let nameLength = Int(u16(at + 28)), extraLength = Int(u16(at + 30)), commentLength = Int(u16(at + 32))
        let local = Int(u32(at + 42))
        guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else { return [] }
        let localName = Int(u16(local + 26)), localExtraLength = Int(u16(local + 28))
        records.append(ZipRecord(
            name: String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
            versionMadeBy: u16(at + 4), flags: u16(at + 8), method: u16(at + 10),
            dosTime: u16(at + 12), dosDate: u16(at + 14), externalAttributes: u32(at + 38),
            extra: Array(bytes[(at + 46 + nameLength)..<(at + 46 + nameLength + extraLength)]),
            localTime: u16(local + 10), localDate: u16(local + 12),
            localExtra: Array(bytes[(local + 30 + localName)..<(local + 30 + localName + localExtraLength)])))
        at += 46 + nameLength + extraLength + commentLength
    }
    return records
}

/// One 512-byte header of an uncompressed tar (pax extended headers included, as type "x").
struct TarHeader {
    var name: String
    var mode: String
    var uid: String
    var gid: String
    var size: Int
    var mtime: Int
    var type: UInt8
    var uname: String
    var gname: String
    /// For a pax extended header: its records ("path=…").
    var paxRecords: [String]
}

/// Parses an uncompressed tar's headers in order.
func tarHeaders(_ data: Data) -> [TarHeader] {
    let bytes = [UInt8](data)
    func text(_ at: Int, _ length: Int) -> String {
        String(decoding: bytes[at..<(at + length)].prefix { $0 != 0 }, as: UTF8.self)
    }
    func octal(_ at: Int, _ length: Int) -> Int {
        Int(text(at, length).trimmingCharacters(in: .whitespaces), radix: 8) ?? -1
    }
    var headers: [TarHeader] = []
    var at = 0
    while at + 512 <= bytes.count, bytes[at..<(at + 512)].contains(where: { $0 != 0 }) {
        let size = octal(at + 124, 12)
        let type = bytes[at + 156]
        var records: [String] = []
        if type == UInt8(ascii: "x") {
            let body = String(decoding: bytes[(at + 512)..<(at + 512 + size)], as: UTF8.self)
            records = body.split(separator: "\n").map { line in
                String(line.drop { $0 != " " }.dropFirst())  // "<length> key=value"
            }
        }
        headers.append(TarHeader(
            name: text(at, 100), mode: text(at + 100, 8), uid: text(at + 108, 8), gid: text(at + 116, 8),
            size: size, mtime: octal(at + 136, 12), type: type, uname: text(at + 265, 32), gname: text(at + 297, 32),
            paxRecords: records))
        at += 512 + (size + 511) / 512 * 512
    }
    return headers
}

/// Every entry of an archive with its data, read back through `ArchiveReader`.
func readBack(
    _ url: URL, password: String? = nil, limits: ArchiveLimits = .default
) throws -> [(entry: ArchiveEntry, data: Data)] {
    var result: [(entry: ArchiveEntry, data: Data)] = []
    try ArchiveReader(contentsOf: url, limits: limits, password: password).forEachEntry { entry, stream in
        result.append((entry, try stream.readAll()))
    }
    return result
}

/// Hands out chunks in buffers it owns, counting how many are alive at once (the writer must not keep them).
final class TrackedChunks: @unchecked Sendable {
    let count: Int
    let size: Int
    private let lock = NSLock()
    private var live = 0
    private(set) var maxLive = 0
    private(set) var calls = 0

    init(count: Int, size: Int) {
        self.count = count
        self.size = size
    }

    var totalBytes: Int64 { Int64(count) * Int64(size) }

    /// Chunk k is `size` bytes of value k & 0xFF, in a buffer freed (and counted) when the last Data goes.
    func next() -> Data? {
        defer { calls += 1 }
        guard calls < count else { return nil }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: calls), count: size)
        lock.withLock {
            live += 1
            maxLive = max(maxLive, live)
        }
        return Data(bytesNoCopy: buffer, count: size, deallocator: .custom { [self] pointer, _ in
            pointer.deallocate()
            lock.withLock { live -= 1 }
        })
    }

    /// Whether `piece`, found at `offset` of the entry, holds what chunks produced there.
    func matches(_ piece: Data, at offset: Int64) -> Bool {
        var position = offset
        var rest = piece[...]
        while !rest.isEmpty {
            let chunk = Int(position / Int64(size))
            let run = min(rest.count, size - Int(position % Int64(size)))
            guard rest.prefix(run) == Data(repeating: UInt8(truncatingIfNeeded: chunk), count: run) else { return false }
            rest = rest.dropFirst(run)
            position += Int64(run)
        }
        return true
    }
}
