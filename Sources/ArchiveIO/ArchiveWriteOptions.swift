import Foundation

/// How one zip entry's data is stored (tar formats compress the whole stream and ignore it).
public enum EntryCompression: Sendable, Hashable {
    /// Stored as is: for data that is already compressed.
    case store
    /// Deflated at `level`, 1 (fastest) … 9 (smallest).
    case deflate(level: Int)

    /// The deflate levels a zip entry accepts.
    public static let deflateLevels: ClosedRange<Int> = 1...9

    /// The deflate level, nil when stored.
    public var level: Int? {
        if case .deflate(let level) = self { return level }
        return nil
    }
}

/// What archive `ArchiveWriter` writes, and how.
public struct ArchiveWriteOptions: Sendable, Equatable {
    /// The container: zip, tar, tar.gz, tar.xz or tar.zst.
    public var format: ArchiveFormat
    /// tar.gz/xz/zst: the filter's level; zip: the deflate level of entries added without `compression:`.
    /// nil means the format's default (`defaultCompressionLevel(for:)`).
    public var compressionLevel: Int?
    /// zip only: encrypt every file entry with AES-256. Such output is not byte-reproducible (random salt).
    public var password: String?
    /// The modification time stamped on every entry; fixed so the same entries give the same bytes.
    /// Whole seconds; zip keeps its UTC wall-clock fields at 2-second resolution, tar the epoch seconds.
    public var modificationDate: Date
    /// Unencrypted zip: worker threads producing and deflating whole entries; nil means one per active core.
    /// The bytes written do not depend on it.
    public var concurrency: Int?
    /// Unencrypted zip: the most whole entries produced and not yet written at once; nil means concurrency + 1.
    /// Bounds memory to about this many entries (uncompressed plus compressed).
    public var entryWindow: Int?

    /// 1980-01-01T00:00:00Z: the first instant a zip (DOS) time stamp can hold; the default for every format.
    public static let fixedModificationDate = Date(timeIntervalSince1970: 315_532_800)

    /// Options for `format`; every other setting has a reproducible default.
    public init(
        format: ArchiveFormat, compressionLevel: Int? = nil, password: String? = nil,
        modificationDate: Date = ArchiveWriteOptions.fixedModificationDate, concurrency: Int? = nil, entryWindow: Int? = nil
    ) {
        self.format = format
        self.compressionLevel = compressionLevel
        self.password = password
        self.modificationDate = modificationDate
        self.concurrency = concurrency
        self.entryWindow = entryWindow
    }

    /// The levels `compressionLevel` may take for `format`; nil when the format does not compress.
    public static func compressionLevels(for format: ArchiveFormat) -> ClosedRange<Int>? {
        switch format {
        case .zip, .tarGzip: 1...9
        case .tarXz: 0...9
        case .tarZstd: 1...19
        case .tar, .tarBzip2, .sevenZip: nil
        }
    }

    /// The level used when `compressionLevel` is nil (each library's own default).
    public static func defaultCompressionLevel(for format: ArchiveFormat) -> Int? {
        switch format {
        case .zip, .tarGzip, .tarXz: 6
        case .tarZstd: 3
        case .tar, .tarBzip2, .sevenZip: nil
        }
    }

    /// The formats `ArchiveWriter` produces.
    public static let writableFormats: [ArchiveFormat] = [.zip, .tar, .tarGzip, .tarXz, .tarZstd]

    /// Refuses settings the format cannot honour, before anything is written.
    func validate(archive: String) throws(ArchiveWriteError) {
        func fail(_ reason: ArchiveWriteError.Reason) -> ArchiveWriteError {
            ArchiveWriteError(archive: archive, reason: reason)
        }
        guard Self.writableFormats.contains(format) else { throw fail(.unsupportedFormat(format)) }
        if let level = compressionLevel {
            guard let allowed = Self.compressionLevels(for: format) else { throw fail(.compressionNotApplicable(format)) }
            guard allowed.contains(level) else { throw fail(.invalidCompressionLevel(level, allowed: allowed)) }
        }
        if let password {
            guard format == .zip else { throw fail(.passwordNotSupported(format)) }
            guard !password.isEmpty else { throw fail(.emptyPassword) }
        }
        guard DOSTimestamp(modificationDate) != nil else { throw fail(.invalidDate) }
        if let concurrency, concurrency < 1 { throw fail(.invalidConcurrency(concurrency)) }
        if let entryWindow, entryWindow < 1 { throw fail(.invalidConcurrency(entryWindow)) }
    }

    /// Worker threads actually used by the zip writer.
    var effectiveConcurrency: Int { concurrency ?? max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Whole entries in flight actually allowed.
    var effectiveEntryWindow: Int { entryWindow ?? effectiveConcurrency + 1 }

    /// The filter level actually used (explicit or default); nil for plain tar.
    var effectiveCompressionLevel: Int? { compressionLevel ?? Self.defaultCompressionLevel(for: format) }

    /// Whole seconds since 1970 (sub-second parts are dropped so tar needs no pax time record).
    var modificationSeconds: Int64 { Int64(modificationDate.timeIntervalSince1970.rounded(.down)) }
}

/// A date as zip stores it: the UTC wall-clock fields, 2-second resolution, years 1980 … 2107.
///
/// Taking the UTC fields (not local time) makes the stamp independent of the writer's time zone.
struct DOSTimestamp: Equatable {
    var date: UInt16
    var time: UInt16

    init?(_ instant: Date) {
        let interval = instant.timeIntervalSince1970
        // Cheap bounds first, so the Int64 conversion below can never trap; the exact bounds are the year check.
        guard interval.isFinite, interval >= 0, interval < 5e9 else { return nil }
        let seconds = Int64(interval.rounded(.down))
        let days = seconds / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        self.init(year: Int32(year), month: Int32(month), day: Int32(day), hour: Int32(secondOfDay / 3600),
                  minute: Int32(secondOfDay % 3600 / 60), second: Int32(secondOfDay % 60))
    }

    /// From calendar fields; nil outside 1980 … 2107. Odd seconds round down.
    init?(year: Int32, month: Int32, day: Int32, hour: Int32, minute: Int32, second: Int32) {
        guard (1980...2107).contains(year) else { return nil }
        date = UInt16((year - 1980) << 9 | month << 5 | day)
        time = UInt16(hour << 11 | minute << 5 | second / 2)
    }

    /// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
