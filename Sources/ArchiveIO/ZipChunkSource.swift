import CZip
import Foundation

/// Bridges an `EntryPump` to a libzip source (`zip_source_function`), which libzip reads at `zip_close`.
///
/// libzip only learns "read error" when the pump throws; the Swift error is kept in `failure` so the
/// writer can rethrow the original after `zip_close` fails. Reads are forward-only and single-pass,
/// which is all libzip needs when it writes a new entry (it never seeks an input it did not ask to).
final class ZipChunkSource {
    let pump: EntryPump
    /// The first error the pump threw, to rethrow in place of libzip's generic one.
    private(set) var failure: (any Error)?
    private var chunk = Data()
    private var offset = 0
    private var opened = false
    private var errorCode = ZIP_ER_OK

    init(pump: EntryPump) {
        self.pump = pump
    }

    /// A libzip source reading from this object; libzip holds a retain until it frees the source.
    func makeSource(in archive: OpaquePointer) -> OpaquePointer? {
        let context = Unmanaged.passRetained(self)
        guard let source = zip_source_function(archive, zipChunkSourceCallback, context.toOpaque()) else {
            context.release()  // creation failed before libzip took the pointer: it will never call FREE
            return nil
        }
        return source
    }

    fileprivate func handle(_ data: UnsafeMutableRawPointer?, _ length: UInt64, _ command: zip_source_cmd_t) -> Int64 {
        switch command {
        case ZIP_SOURCE_OPEN:
            // Chunks cannot be replayed: a second open would silently produce an empty entry.
            guard !opened else { return fail(ZIP_ER_INUSE) }
            opened = true
            return 0
        case ZIP_SOURCE_READ:
            guard let data else { return fail(ZIP_ER_INVAL) }
            return read(into: data, length)
        case ZIP_SOURCE_CLOSE:
            chunk = Data()
            return 0
        case ZIP_SOURCE_STAT:
            guard let data, length >= UInt64(MemoryLayout<zip_stat_t>.size) else { return fail(ZIP_ER_INVAL) }
            let stat = data.assumingMemoryBound(to: zip_stat_t.self)
            zip_stat_init(stat)
            if let declared = pump.declared {
                stat.pointee.valid |= UInt64(ZIP_STAT_SIZE)
                stat.pointee.size = UInt64(declared)
            }
            return Int64(MemoryLayout<zip_stat_t>.size)
        case ZIP_SOURCE_ERROR:
            guard let data else { return -1 }
            var error = zip_error_t()
            zip_error_init_with_code(&error, errorCode)
            defer { zip_error_fini(&error) }
            return zip_error_to_data(&error, data, length)
        case ZIP_SOURCE_SUPPORTS:
            let commands = [ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
                            ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS]
            return commands.reduce(Int64(0)) { $0 | Int64(1) << Int64($1.rawValue) }
        default:
            return fail(ZIP_ER_OPNOTSUPP)
        }
    }

    private func read(into buffer: UnsafeMutableRawPointer, _ length: UInt64) -> Int64 {
        if offset >= chunk.count {
            do {
                guard let next = try pump.next() else { return 0 }
                chunk = next  // may be a slice: `offset` counts from its start, withUnsafeBytes covers just it
                offset = 0
            } catch {
                failure = failure ?? error
                chunk = Data()
                return fail((error as? ArchiveWriteError)?.reason == .cancelled ? ZIP_ER_CANCELLED : ZIP_ER_READ)
            }
        }
        let count = min(Int(clamping: length), chunk.count - offset)
        chunk.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { buffer.copyMemory(from: base + offset, byteCount: count) }
        }
        offset += count
        return Int64(count)
    }

    private func fail(_ code: Int32) -> Int64 {
        errorCode = code
        return -1
    }
}

/// The C entry point libzip calls; `userdata` is the retained `ZipChunkSource`.
private func zipChunkSourceCallback(
    _ userdata: UnsafeMutableRawPointer?, _ data: UnsafeMutableRawPointer?, _ length: UInt64, _ command: zip_source_cmd_t
) -> Int64 {
    guard let userdata else { return -1 }
    let context = Unmanaged<ZipChunkSource>.fromOpaque(userdata)
    if command == ZIP_SOURCE_FREE {
        context.release()
        return 0
    }
    return context.takeUnretainedValue().handle(data, length, command)
}
