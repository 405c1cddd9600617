/// Whether a mesh file stores its numbers as binary records or as text.
public enum MeshEncoding: String, Sendable, Codable, CaseIterable {
    case binary, ascii
}
