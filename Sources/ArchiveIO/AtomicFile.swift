import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a hidden temporary name beside its target and renamed into place when complete.
///
/// Same directory, so the final rename never crosses a file system and is atomic: readers see either
/// no file (or the old one) or the whole new file, never a half-written archive.
struct AtomicFile {
    /// Where the finished file goes.
    let target: URL
    /// `.NAME.partial-UUID` beside the target.
    let temporary: URL
    /// Whether an existing target may be replaced.
    let overwrite: Bool

    /// Checks that the target can be written (its folder exists; it does not exist unless `overwrite`).
    init(target: URL, overwrite: Bool) throws(ArchiveWriteError) {
        let target = target.standardizedFileURL
        let folder = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        func fail(_ reason: ArchiveWriteError.Reason) -> ArchiveWriteError {
            ArchiveWriteError(archive: target.path, reason: reason)
        }
        guard !name.isEmpty, name != "/" else { throw fail(.io("the target has no file name")) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw fail(.io("the folder \(folder.path) does not exist"))
        }
        var isTargetFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isTargetFolder) {
            if isTargetFolder.boolValue { throw fail(.io("the target is a folder")) }
            if !overwrite { throw fail(.targetExists) }
        }
        self.target = target
        self.overwrite = overwrite
        temporary = folder.appendingPathComponent(".\(name).partial-\(UUID().uuidString)")
    }

    /// Flushes the temporary file to disk and moves it to the target.
    ///
    /// Without `overwrite` the move is `link` + `unlink`, which fails if the target appeared meanwhile
    /// (rename would silently replace it); where hard links are unsupported it falls back to a checked rename.
    func commit() throws(ArchiveWriteError) {
        try flush()
        if overwrite {
            guard rename(temporary.path, target.path) == 0 else { throw ioError("cannot rename into place") }
            return
        }
        if link(temporary.path, target.path) == 0 {
            _ = unlink(temporary.path)  // the target is complete; a leftover name is harmless but tidy up
            return
        }
        let linkErrno = errno
        if linkErrno == EEXIST { throw ArchiveWriteError(archive: target.path, reason: .targetExists) }
        guard [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK].contains(linkErrno) else {
            throw ioError("cannot move into place", code: linkErrno)
        }
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ArchiveWriteError(archive: target.path, reason: .targetExists)
        }
        guard rename(temporary.path, target.path) == 0 else { throw ioError("cannot rename into place") }
    }

    /// Removes the temporary file if it exists; safe to call more than once.
    func discard() {
        _ = unlink(temporary.path)
    }

    /// fsync, so a crash after the rename cannot leave a named but empty archive.
    private func flush() throws(ArchiveWriteError) {
        let fd = open(temporary.path, O_RDONLY)
        guard fd >= 0 else { throw ioError("cannot open the temporary file") }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw ioError("cannot flush the temporary file") }
    }

    private func ioError(_ what: String, code: Int32 = errno) -> ArchiveWriteError {
        ArchiveWriteError(archive: target.path, reason: .io("\(what): \(String(cString: strerror(code)))"))
    }
}
