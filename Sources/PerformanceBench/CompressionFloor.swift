import Foundation
import PlanModel

/// The floors a pipeline is judged against: the same uncompressed bytes deflated (export) and inflated
/// plus CRC-checked (intake) at the archive's level, one entry per core at a time — once with the system
/// zlib (pigz-class), once with libdeflate. Only the compression work is timed; reading the bytes back is not.
public struct CompressionFloor: Sendable, Codable, Hashable {
    /// Uncompressed bytes of every payload entry.
    public var payloadBytes: Int64
    /// Of those, the stage models' and templates' (the "mesh data" MB/s is counted on).
    public var meshBytes: Int64
    public var entries: Int
    /// Bytes after deflating.
    public var compressedBytes: Int64
    /// Deflating everything on all cores.
    public var deflateSeconds: Double
    /// Inflating the deflated streams through a 256 KiB window and checking each CRC-32, on all cores.
    public var inflateSeconds: Double
    /// CPU seconds of all threads while deflating and while inflating: over the wall time, the cores the
    /// floor really had (less than `threads` on a busy machine).
    public var deflateCPUSeconds: Double
    public var inflateCPUSeconds: Double
    /// The same with libdeflate: bytes after deflating, and its times (inflated whole, then CRC-32'd).
    public var libdeflateCompressedBytes: Int64 = 0
    public var libdeflateSeconds: Double = 0
    public var libinflateSeconds: Double = 0
    public var libdeflateCPUSeconds: Double = 0
    public var libinflateCPUSeconds: Double = 0
    public var level: Int
    public var threads: Int

    /// Measures the floor for the archive at `url` at deflate `level`.
    public static func measure(_ url: URL, level: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount, password: String? = nil)
        throws -> CompressionFloor {
        var floor = CompressionFloor(payloadBytes: 0, meshBytes: 0, entries: 0, compressedBytes: 0,
                                     deflateSeconds: 0, inflateSeconds: 0, deflateCPUSeconds: 0, inflateCPUSeconds: 0, level: level, threads: threads)
        // Four entries per core keeps every core busy across uneven entry sizes; 256 MiB bounds memory.
        try ArchivePayload.forEachBatch(url, maxEntries: max(1, 4 * threads), maxBytes: 256 << 20, password: password) { batch in
            let (compressed, deflateSeconds, deflateCPU) = try Stopwatch.timeWithCPU {
                try onEveryCore(batch) { entry in try RawDeflate.compress(entry.bytes, level: level) }
            }
            let pairs = zip(batch, compressed).map { (entry: $0, stream: $1) }
            let (_, inflateSeconds, inflateCPU) = try Stopwatch.timeWithCPU {
                try onEveryCore(pairs) { pair in
                    let (size, crc) = try RawDeflate.inflatedSizeAndCRC(pair.stream)
                    guard size == pair.entry.bytes.count else { throw ZlibError.sizeMismatch(expected: pair.entry.bytes.count, actual: size) }
                    guard crc == pair.entry.crc else { throw ZlibError.crcMismatch(entry: pair.entry.name) }
                }
            }
            let (libCompressed, libDeflateSeconds, libDeflateCPU) = try Stopwatch.timeWithCPU {
                try onEveryCore(batch) { entry in try RawLibDeflate.compress(entry.bytes, level: level) }
            }
            let libPairs = zip(batch, libCompressed).map { (entry: $0, stream: $1) }
            let (_, libInflateSeconds, libInflateCPU) = try Stopwatch.timeWithCPU {
                try onEveryCore(libPairs) { pair in
                    let (size, crc) = try RawLibDeflate.inflatedSizeAndCRC(pair.stream, expectedSize: pair.entry.bytes.count)
                    guard size == pair.entry.bytes.count else { throw ZlibError.sizeMismatch(expected: pair.entry.bytes.count, actual: size) }
                    guard crc == pair.entry.crc else { throw ZlibError.crcMismatch(entry: pair.entry.name) }
                }
            }
            floor.libdeflateCompressedBytes += libCompressed.reduce(0) { $0 + Int64($1.count) }
            floor.libdeflateSeconds += libDeflateSeconds
            floor.libinflateSeconds += libInflateSeconds
            floor.libdeflateCPUSeconds += libDeflateCPU
            floor.libinflateCPUSeconds += libInflateCPU
            floor.entries += batch.count
            floor.payloadBytes += batch.reduce(0) { $0 + Int64($1.bytes.count) }
            floor.meshBytes += batch.reduce(0) { $0 + ($1.isMesh ? Int64($1.bytes.count) : 0) }
            floor.compressedBytes += compressed.reduce(0) { $0 + Int64($1.count) }
            floor.deflateSeconds += deflateSeconds
            floor.inflateSeconds += inflateSeconds
            floor.deflateCPUSeconds += deflateCPU
            floor.inflateCPUSeconds += inflateCPU
        }
        return floor
    }

    /// `job` of every item on every core (`ConcurrentMap`), results in input order; the first error in
    /// input order is rethrown once every job has ended.
    static func onEveryCore<T: Sendable, R: Sendable>(_ items: [T], _ job: @Sendable (T) throws -> R) throws -> [R] {
        try ConcurrentMap.map(items) { item in Result { try job(item) } }.map { try $0.get() }
    }
}
