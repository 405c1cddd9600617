/// The mesh file formats MeshIO reads and writes.
public enum MeshFormat: String, Sendable, CaseIterable, Codable {
    case stl, ply, obj

    /// The format a file name's extension names, if any (case-insensitive).
    public init?(pathExtension ext: String) {
        self.init(rawValue: ext.lowercased())
    }
}
