import Foundation
import PlanModel

/// The I/O edge: reads and writes mesh files, choosing the codec by format, extension or content.
public enum MeshFile {
    /// Files larger than this are refused before they are read (1 GiB).
    public static let maximumFileSize = 1 << 30

    /// Reads a mesh; the format is `format`, else the extension's, else sniffed from the content.
    public static func read(_ url: URL, format: MeshFormat? = nil) throws(MeshReadError) -> TriangleMesh {
        try load(url, format: format).mesh
    }

    /// Reads a mesh and says which format it was read as.
    public static func load(_ url: URL, format: MeshFormat? = nil) throws(MeshReadError) -> (mesh: TriangleMesh, format: MeshFormat) {
        let source = url.lastPathComponent
        let data = try contents(of: url, source: source)
        let ext = url.pathExtension
        guard let chosen = format ?? MeshFormat(pathExtension: ext) ?? MeshFormat.sniff(data) else {
            guard !data.isEmpty else { throw MeshReadError(source: source, reason: .empty) }
            let named = ext.isEmpty ? "a file without extension" : "'.\(ext)'"
            throw MeshReadError(source: source, reason: .unsupportedFormat(
                "\(named) is not a mesh format MeshIO reads (stl, ply, obj) and the content does not look like one"))
        }
        return (try decode(data, format: chosen, source: source), chosen)
    }

    /// Decodes bytes already in memory (e.g. an archive entry); `source` names it in errors.
    public static func decode(_ data: Data, format: MeshFormat, source: String) throws(MeshReadError) -> TriangleMesh {
        switch format {
        case .stl: try STLCodec.decode(data, source: source)
        case .ply: try PLYCodec.decode(data, source: source)
        case .obj: try OBJCodec.decode(data, source: source)
        }
    }

    /// Encodes a mesh (OBJ is always text); `name` goes in the header where the format has one.
    public static func encode(_ mesh: TriangleMesh, format: MeshFormat, encoding: MeshEncoding = .binary,
                              name: String = "aligngate") -> Data {
        switch format {
        case .stl: STLCodec.encode(mesh, encoding: encoding, name: name)
        case .ply: PLYCodec.encode(mesh, encoding: encoding, name: name)
        case .obj: OBJCodec.encode(mesh, name: name)
        }
    }

    /// Writes a mesh atomically (a temporary file renamed into place). Throws `MeshWriteError`.
    public static func write(_ mesh: TriangleMesh, to url: URL, format: MeshFormat, encoding: MeshEncoding = .binary) throws {
        guard mesh.hasValidIndices else { throw MeshWriteError(path: url.path, reason: .invalidIndices) }
        let data = encode(mesh, format: format, encoding: encoding, name: url.deletingPathExtension().lastPathComponent)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw MeshWriteError(path: url.path, reason: .io(String(describing: error)))
        }
    }

    private static func contents(of url: URL, source: String) throws(MeshReadError) -> Data {
        func unreadable(_ why: String) -> MeshReadError { MeshReadError(source: source, reason: .unreadable(why)) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw unreadable("no such file") }
        guard !isDirectory.boolValue else { throw unreadable("it is a directory") }
        let values = try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
        // A FIFO or device could block or never end; only regular files are read.
        guard values?.isRegularFile == true else { throw unreadable("not a regular file") }
        let size = values?.fileSize ?? 0
        guard size <= maximumFileSize else {
            throw MeshReadError(source: source, reason: .tooLarge(what: "file size \(size) bytes", limit: maximumFileSize))
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw unreadable(String(describing: error))
        }
        // The size may have changed since it was checked.
        guard data.count <= maximumFileSize else {
            throw MeshReadError(source: source, reason: .tooLarge(what: "file size \(data.count) bytes", limit: maximumFileSize))
        }
        return data
    }
}
