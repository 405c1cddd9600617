import PlanModel

/// What `mesh check` says of a 3MF model: one report per mesh object, in millimetres, with the
/// closedness rules the specification sets per object type, and the units judged on the whole build.
public struct ThreeMFInspection: Encodable, Sendable {
    public var format = "3mf"
    public var unit: String
    public var buildItems: Int
    /// Objects made of other objects (components), which the build resolves; not reported on their own.
    public var componentObjects: Int
    public var objects: [Object]
    public var build: Build

    /// One mesh object's report.
    public struct Object: Encodable, Sendable {
        public var id: Int
        public var name: String?
        public var type: String
        public var report: MeshReport
    }

    /// Units are judged on everything the build places together, not per object: a 3MF declares its
    /// unit, and one small part (an attachment, a screw) is no sign of a wrong one.
    public struct Build: Encodable, Sendable {
        public var extent: Vector3?
        public var unitGuess: UnitGuess
        public var unitReasoning: String
        public var problems: [MeshProblem]
    }

    /// Closedness is required of "model" and "solidsupport" objects only (3MF Core §4.1); supports,
    /// surfaces and "other" objects may be open, so those problems are not reported for them.
    public static let mayBeOpen: Set<MeshProblem.Code> = [.openBoundary, .nonManifold, .inconsistentOrientation, .inverted]

    /// Whether objects of `type` must be closed, consistently oriented, outward-facing meshes (§4.1).
    public static func mustBeClosed(_ type: ThreeMFObjectType) -> Bool { type == .model || type == .solidsupport }

    /// Inspects every mesh object of `model` and the build as a whole.
    public init(_ model: ThreeMFModel) {
        unit = model.unit.rawValue
        buildItems = model.build.count
        componentObjects = model.objects.filter { $0.mesh == nil }.count
        let scale = Float(model.unit.millimetres)
        func millimetres(_ mesh: TriangleMesh) -> TriangleMesh {
            scale == 1 ? mesh : TriangleMesh(positions: mesh.positions.map { $0 * scale }, indices: mesh.indices)
        }
        objects = model.objects.compactMap { object in
            guard let mesh = object.mesh else { return nil }
            var report = MeshInspector.inspect(millimetres(mesh))
            report.problems.removeAll { $0.code == .unitsSuspect }
            if !Self.mustBeClosed(object.type) { report.problems.removeAll { Self.mayBeOpen.contains($0.code) } }
            return Object(id: object.id, name: object.name, type: object.type.rawValue, report: report)
        }
        let extent = millimetres(model.buildMesh()).boundingBox?.size
        let (guess, reasoning) = UnitGuess.guess(largestExtent: extent.map { max($0.x, $0.y, $0.z) } ?? 0)
        let suspect = extent != nil && guess != .millimetres
        build = Build(extent: extent, unitGuess: guess, unitReasoning: reasoning, problems: suspect
            ? [MeshProblem(code: .unitsSuspect, message: "the build's size does not look like millimetres (guess: \(guess.rawValue)): \(reasoning)", count: 1)]
            : [])
    }

    /// No object and not the build has a problem.
    public var isClean: Bool { objects.allSatisfy(\.report.isClean) && build.problems.isEmpty }
}
