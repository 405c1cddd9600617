/// One thing wrong with a mesh, with a stable code and how often it occurs.
public struct MeshProblem: Codable, Equatable, Hashable, Sendable {
    /// Stable problem codes; vendor rules and the CLI match on these.
    public enum Code: String, Codable, CaseIterable, Sendable {
        case empty = "mesh.empty"
        case invalidIndices = "mesh.invalid-indices"
        case nonFinite = "mesh.non-finite"
        case degenerateTriangles = "mesh.degenerate-triangles"
        case openBoundary = "mesh.open-boundary"
        case nonManifold = "mesh.non-manifold"
        case inconsistentOrientation = "mesh.inconsistent-orientation"
        case inverted = "mesh.inverted"
        case unusedVertices = "mesh.unused-vertices"
        case unitsSuspect = "mesh.units-suspect"
    }

    /// Which rule the mesh breaks.
    public var code: Code
    /// What is wrong, with counts, in words.
    public var message: String
    /// How many elements (edges, triangles, vertices) are affected; 1 for whole-mesh problems.
    public var count: Int

    public init(code: Code, message: String, count: Int) {
        self.code = code
        self.message = message
        self.count = count
    }
}
