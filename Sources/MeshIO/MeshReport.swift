import PlanModel

/// What `MeshInspector` found: sizes, topology, orientation, units and every problem.
public struct MeshReport: Codable, Equatable, Sendable {
    /// Vertices in the mesh, used or not.
    public var vertexCount: Int
    /// Triangles in the mesh, well-formed or not.
    public var triangleCount: Int
    /// Bounds of the finite vertices; nil when there are none.
    public var bounds: BoundingBox?
    /// Edge lengths of `bounds` along x, y, z.
    public var extent: Vector3?
    /// Distinct undirected edges among the well-formed triangles.
    public var edgeCount: Int
    /// Edges used by exactly one triangle.
    public var boundaryEdgeCount: Int
    /// Edges used by more than two triangles.
    public var nonManifoldEdgeCount: Int
    /// Two-triangle edges that both triangles traverse in the same direction.
    public var inconsistentEdgeCount: Int
    /// Triangles with a repeated corner or (near-)zero area.
    public var degenerateTriangleCount: Int
    /// Triangles referring to a vertex that does not exist.
    public var invalidTriangleCount: Int
    /// Vertices with a NaN or infinite coordinate.
    public var nonFiniteVertexCount: Int
    /// Vertices no triangle uses.
    public var unusedVertexCount: Int
    /// Closed: triangles exist and every edge has exactly two uses.
    public var isWatertight: Bool
    /// Every two-triangle edge is traversed once in each direction.
    public var isConsistentlyOriented: Bool
    /// Signed volume in cubic file units, positive when the normals face outward; only for watertight,
    /// consistently oriented, finite meshes.
    public var signedVolume: Double?
    /// The unit the size suggests (the plan model expects millimetres).
    public var unitGuess: UnitGuess
    /// Why `unitGuess` was chosen.
    public var unitReasoning: String
    /// Everything wrong, in a fixed order of codes; empty for a clean mesh.
    public var problems: [MeshProblem]

    /// No problems found.
    public var isClean: Bool { problems.isEmpty }

    /// The problem with `code`, if found.
    public func problem(_ code: MeshProblem.Code) -> MeshProblem? { problems.first { $0.code == code } }
}
