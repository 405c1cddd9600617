/// Why a mesh could not be written.
public struct MeshWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
        /// A triangle refers to a vertex that does not exist (or the arrays are not whole triples).
        case invalidIndices
        /// The file system refused the write.
        case io(String)
    }

    /// The file that was not written.
    public var path: String
    /// What went wrong.
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .invalidIndices: "\(path): not written: the mesh has triangles referring to missing vertices"
        case .io(let why): "\(path): not written: \(why)"
        }
    }
}
