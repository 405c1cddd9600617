import CZip
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes recorded entries as a zip through libzip: deflate or store per entry, AES-256 with a password.
///
/// ZIP64 is left to libzip, which uses it when an entry or offset passes 4 GiB, there are more than
/// 65 535 entries, or an entry's size is unknown in advance (a streamed entry added without `size`).
/// Time stamps are set as DOS fields (UTC wall clock) and attributes as Unix 0644/0755, so libzip adds
/// no extra fields carrying time; AES adds its own 0x9901 field and a random salt per entry.
struct ZipWriter {
    let file: AtomicFile
    let options: ArchiveWriteOptions

    private static let fileAttributes: UInt32 = 0o100644 << 16
    private static let folderAttributes: UInt32 = 0o040755 << 16 | 0x10  // 0x10: the MS-DOS folder bit

    /// Writes `entries` in order to the temporary file; returns each entry's uncompressed size.
    ///
    /// libzip pulls the entries' data only inside `zip_close`, so that is where producers run and fail.
    func write(_ entries: [PendingEntry]) throws -> [Int64] {
        let name = file.target.path
        guard !entries.isEmpty else {
            try writeEmptyArchive()
            return []
        }
        guard let stamp = DOSTimestamp(options.modificationDate) else {
            throw ArchiveWriteError(archive: name, reason: .invalidDate)
        }
        guard stamp.survivesLocalTime else { throw ArchiveWriteError(archive: name, reason: .dateInLocalTimeGap) }
        var code: Int32 = 0
        guard let archive = zip_open(file.temporary.path, ZIP_CREATE | ZIP_EXCL, &code) else {
            throw ArchiveWriteError(archive: name, reason: .library("cannot create the zip: \(Self.message(code))"))
        }
        var open = true
        defer { if open { zip_discard(archive) } }  // frees every source, releasing its ZipChunkSource

        var sources: [ZipChunkSource?] = []
        sources.reserveCapacity(entries.count)
        for entry in entries {
            sources.append(try add(entry, to: archive, stamp: stamp))
        }
        guard zip_close(archive) == 0 else {
            // A producer's own error (or our cancellation / size check) beats libzip's "read error".
            if let failure = sources.lazy.compactMap({ $0?.failure }).first { throw failure }
            throw ArchiveWriteError(archive: name, reason: .library(String(cString: zip_strerror(archive))))
        }
        open = false
        return sources.map { $0?.pump.produced ?? 0 }
    }

    /// Adds one entry's directory record; returns the source a file's data will be pulled from.
    private func add(
        _ entry: PendingEntry, to archive: OpaquePointer, stamp: DOSTimestamp
    ) throws(ArchiveWriteError) -> ZipChunkSource? {
        let flags = zip_flags_t(ZIP_FL_ENC_UTF_8)
        var index: Int64
        var source: ZipChunkSource? = nil
        if entry.isDirectory {
            index = zip_dir_add(archive, entry.path, flags)
            try check(index >= 0, archive, entry)
        } else {
            let chunkSource = ZipChunkSource(pump: EntryPump(archive: file.target.path, entry: entry))
            guard let zipSource = chunkSource.makeSource(in: archive) else { throw failure(archive, entry) }
            index = zip_file_add(archive, entry.path, zipSource, flags)
            if index < 0 {
                let error = failure(archive, entry)
                zip_source_free(zipSource)  // not adopted by the archive: ours to free
                throw error
            }
            source = chunkSource
        }
        let at = UInt64(index)
        try check(zip_file_set_dostime(archive, at, stamp.time, stamp.date, 0) == 0, archive, entry)
        let attributes = entry.isDirectory ? Self.folderAttributes : Self.fileAttributes
        try check(zip_file_set_external_attributes(archive, at, 0, UInt8(ZIP_OPSYS_UNIX), attributes) == 0, archive, entry)
        guard !entry.isDirectory else { return nil }
        switch entry.compression {
        case .store:
            try check(zip_set_file_compression(archive, at, ZIP_CM_STORE, 0) == 0, archive, entry)
        case .deflate(let level):
            try check(zip_set_file_compression(archive, at, ZIP_CM_DEFLATE, UInt32(level)) == 0, archive, entry)
        }
        if let password = options.password {
            try check(zip_file_set_encryption(archive, at, UInt16(ZIP_EM_AES_256), password) == 0, archive, entry)
        }
        return source
    }

    /// libzip creates no file for an archive without entries; write the 22-byte end record ourselves.
    private func writeEmptyArchive() throws(ArchiveWriteError) {
        let endOfCentralDirectory = Data([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        do {
            try endOfCentralDirectory.write(to: file.temporary, options: .withoutOverwriting)
        } catch {
            throw ArchiveWriteError(archive: file.target.path, reason: .io("cannot write the zip: \(error)"))
        }
    }

    private func check(_ ok: Bool, _ archive: OpaquePointer, _ entry: PendingEntry) throws(ArchiveWriteError) {
        if !ok { throw failure(archive, entry) }
    }

    private func failure(_ archive: OpaquePointer, _ entry: PendingEntry) -> ArchiveWriteError {
        let message = String(cString: zip_strerror(archive))
        return ArchiveWriteError(archive: file.target.path, entry: entry.path, reason: .library(message))
    }

    /// zip_error_strerror for a bare libzip error code (zip_open reports only a code).
    private static func message(_ code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}

extension DOSTimestamp {
    /// Whether libzip 1.7 keeps these fields: `zip_file_set_dostime` converts them to time_t through local
    /// time (mktime) and back (localtime) when writing, which moves a wall-clock time inside a DST gap.
    var survivesLocalTime: Bool {
        var fields = tm()
        fields.tm_year = Int32(date >> 9) + 80
        fields.tm_mon = Int32(date >> 5 & 0xF) - 1
        fields.tm_mday = Int32(date & 0x1F)
        fields.tm_hour = Int32(time >> 11)
        fields.tm_min = Int32(time >> 5 & 0x3F)
        fields.tm_sec = Int32(time & 0x1F) * 2
        fields.tm_isdst = -1
        var instant = mktime(&fields)
        var back = tm()
        guard localtime_r(&instant, &back) != nil else { return false }
        return DOSTimestamp(year: back.tm_year + 1900, month: back.tm_mon + 1, day: back.tm_mday,
                            hour: back.tm_hour, minute: back.tm_min, second: back.tm_sec) == self
    }
}
