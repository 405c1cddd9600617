import ArchiveIO
import Foundation

/// What probing sees of an archive: its container, entry names and sizes, and the first bytes of a few
/// entries. Built once per archive and shared by every adapter's `probe`, so probing stays cheap.
public struct ArchiveListing: Sendable, Hashable {
    /// The archive's file name.
    public var name: String
    /// The container, or nil for a folder.
    public var format: ArchiveFormat?
    public var entries: [ArchiveEntry]
    /// The first `headLength` bytes of the first `headEntries` regular entries (unencrypted ones only).
    public var heads: [String: Data]

    /// How many leading bytes of an entry probing may look at.
    public static let headLength = 512
    /// How many entries' leading bytes are read.
    public static let headEntries = 64

    public init(name: String, format: ArchiveFormat?, entries: [ArchiveEntry], heads: [String: Data]) {
        self.name = name
        self.format = format
        self.entries = entries
        self.heads = heads
    }

    /// Paths of regular files.
    public var filePaths: [String] { entries.filter { $0.kind == .file }.map(\.path) }

    /// Whether a regular file has this path.
    public func contains(_ path: String) -> Bool { entries.contains { $0.kind == .file && $0.path == path } }

    /// The leading bytes of `path`, if read.
    public func head(_ path: String) -> Data? { heads[path] }

    /// Lists an archive file (through ArchiveIO, under its limits) or a folder.
    public static func load(_ url: URL, password: String? = nil, limits: ArchiveLimits = .default) throws(VendorError) -> ArchiveListing {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .malformed(vendor: "intake", file: url.path, detail: "no such file or folder")
        }
        return isDirectory.boolValue ? try folder(url, limits: limits) : try archive(url, password: password, limits: limits)
    }

    static func archive(_ url: URL, password: String?, limits: ArchiveLimits) throws(VendorError) -> ArchiveListing {
        do {
            let reader = try ArchiveReader(contentsOf: url, limits: limits, password: password)
            let entries = try reader.entries()
            var heads: [String: Data] = [:]
            let wanted = Set(entries.filter { $0.kind == .file && !$0.isEncrypted }.prefix(headEntries).map(\.path))
            if !wanted.isEmpty {
                try reader.forEachEntry { entry, stream in
                    guard wanted.contains(entry.path) else { return }
                    heads[entry.path] = try stream.read(maxLength: headLength) ?? Data()
                }
            }
            return ArchiveListing(name: url.lastPathComponent, format: reader.format, entries: entries, heads: heads)
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .malformed(vendor: "intake", file: url.lastPathComponent, detail: "\(error)")
        }
    }

    static func folder(_ url: URL, limits: ArchiveLimits) throws(VendorError) -> ArchiveListing {
        let fm = FileManager.default
        let root = url.standardizedFileURL.resolvingSymlinksInPath()
        guard let walker = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey]) else {
            throw .malformed(vendor: "intake", file: url.path, detail: "cannot list the folder")
        }
        var entries: [ArchiveEntry] = []
        var heads: [String: Data] = [:]
        for case let file as URL in walker {
            let values = try? file.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values?.isRegularFile == true else { continue }
            let path = String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))
            entries.append(ArchiveEntry(path: path, kind: .file, declaredSize: values?.fileSize.map(Int64.init)))
            guard entries.count <= limits.maxEntries else {
                throw .malformed(vendor: "intake", file: url.path, detail: "more than \(limits.maxEntries) files")
            }
        }
        entries.sort { $0.path < $1.path }
        for entry in entries.prefix(headEntries) {
            if let handle = try? FileHandle(forReadingFrom: root.appendingPathComponent(entry.path)) {
                heads[entry.path] = (try? handle.read(upToCount: headLength)) ?? Data()
                try? handle.close()
            }
        }
        return ArchiveListing(name: url.lastPathComponent, format: nil, entries: entries, heads: heads)
    }
}
