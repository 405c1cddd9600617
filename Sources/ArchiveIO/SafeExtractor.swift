import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// All-or-nothing extraction that never writes outside the target folder.
///
/// Entries go into a fresh staging folder created beside the target (same file system, so the final
/// rename is atomic); the staging folder is renamed to the target only after every entry was written
/// and is removed on any error, so no half-extracted tree is ever visible. Paths are resolved one
/// component at a time with `openat(O_NOFOLLOW)` from the staging folder's descriptor, files are
/// created with `O_EXCL`: no symlink can redirect a write and nothing is overwritten. Files are 0644,
/// folders 0755. The target must not exist or be an empty folder (not a symlink).
struct SafeExtractor {
    let reader: ArchiveReader

    /// Extracts everything; returns the files and folders written.
    func extract(to directory: URL) throws(ArchiveError) -> [ArchiveEntry] {
        let target = directory.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try checkTarget(target)
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw failure(nil, "cannot create \(parent.path): \(error.localizedDescription)")
        }
        var template = Array(parent.appendingPathComponent(".\(target.lastPathComponent).extract-XXXXXX").path.utf8CString)
        guard template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) != nil else {
            throw failure(nil, "cannot create a staging folder in \(parent.path): \(Self.lastError())")
        }
        let staging = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var extracted: [ArchiveEntry] = []
        do throws(ArchiveError) {
            let root = open(staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard root >= 0 else { throw failure(nil, "cannot open staging folder: \(Self.lastError())") }
            defer { close(root) }
            try reader.typed {
                try reader.pass(.strict) { entry, _, stream in
                    try write(entry, stream, root: root)
                    extracted.append(entry)
                    return true
                }
            }
            guard chmod(staging, 0o755) == 0, rename(staging, target.path) == 0 else {
                throw failure(nil, "cannot move the extracted folder into place at \(target.path): \(Self.lastError())")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        return extracted
    }

    /// Refuses a target that is a symlink, not a folder, or a folder with anything in it.
    private func checkTarget(_ target: URL) throws(ArchiveError) {
        var info = stat()
        guard lstat(target.path, &info) == 0 else {
            if errno == ENOENT { return }
            throw failure(nil, "cannot inspect \(target.path): \(Self.lastError())")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw failure(nil, "\(target.path) exists and is not a folder (symlinks are never followed)")
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? ["?"]
        guard contents.isEmpty else { throw failure(nil, "\(target.path) is not empty") }
    }

    /// Writes one entry below `root`; only files and folders reach here (the pass refused the rest).
    private func write(_ entry: ArchiveEntry, _ stream: EntryStream, root: Int32) throws(ArchiveError) {
        let components = entry.path.split(separator: "/").map(String.init)
        guard let leaf = components.last else { return }
        if entry.kind == .directory {
            close(try openDirectory(components, root: root, entry: entry))
            return
        }
        let folder = try openDirectory(components.dropLast(), root: root, entry: entry)
        defer { close(folder) }
        let fd = openat(folder, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST {
                // Only reachable when the file system folds names the archive keeps apart (case-insensitive volumes).
                throw ArchiveError(archive: reader.name, entry: entry.rawPath, rule: .duplicateName,
                                   detail: "'\(entry.path)' collides with another entry on this file system")
            }
            throw failure(entry, "cannot create '\(entry.path)': \(Self.lastError())")
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o644)
        while let chunk = try stream.read() {
            let written = chunk.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
                var offset = 0
                while offset < bytes.count {
                    let n = posixWrite(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { return false }
                    offset += n
                }
                return true
            }
            guard written else { throw failure(entry, "cannot write '\(entry.path)': \(Self.lastError())") }
        }
    }

    /// Opens (creating as needed) the folder at `components` below `root`, never following a symlink.
    private func openDirectory<C: Collection<String>>(_ components: C, root: Int32,
                                                      entry: ArchiveEntry) throws(ArchiveError) -> Int32 {
        var current = dup(root)
        guard current >= 0 else { throw failure(entry, "dup: \(Self.lastError())") }
        for component in components {
            let created = mkdirat(current, component, 0o755) == 0
            if !created, errno != EEXIST {
                let message = "cannot create folder '\(component)': \(Self.lastError())"
                close(current)
                throw failure(entry, message)
            }
            // O_NOFOLLOW + O_DIRECTORY: a symlink or a file where a folder should be is an error, never a detour.
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let openError = Self.lastError()
            close(current)
            guard next >= 0 else { throw failure(entry, "cannot open folder '\(component)': \(openError)") }
            if created { _ = fchmod(next, 0o755) }
            current = next
        }
        return current
    }

    private func failure(_ entry: ArchiveEntry?, _ detail: String) -> ArchiveError {
        ArchiveError(archive: reader.name, entry: entry?.rawPath, rule: .extractionFailed, detail: detail)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// `write(2)`, named so it cannot be confused with `SafeExtractor.write(_:_:root:)`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
