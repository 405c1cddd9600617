import PlanModel

/// The layout's coordinates (FORMAT.md, "Frame"): millimetres, y up (lower crowns point +y, upper −y),
/// +z anterior, the patient's right at −x. The plan's are DICOM LPS (docs/MODEL.md: x left, y posterior,
/// z superior), so layout = (x, z, −y): a proper rotation made of swaps and sign changes only, exact in
/// floating point both ways.
enum LayoutFrame {
    /// Model → layout for a point or direction.
    static func toLayout(_ v: Vector3) -> Vector3 { Vector3(v.x, v.z, -v.y) }
    /// Layout → model.
    static func toModel(_ v: Vector3) -> Vector3 { Vector3(v.x, -v.z, v.y) }

    /// The rotation model → layout as a rigid transform.
    static let modelToLayout = RigidTransform(rotation: Quaternion(columns: Vector3(1, 0, 0), Vector3(0, 0, -1), Vector3(0, 1, 0)))

    /// A mesh in layout coordinates (Float swaps and negations: exact).
    static func toLayout(_ mesh: TriangleMesh) -> TriangleMesh { mapped(mesh) { ($0, $2, -$1) } }
    /// A mesh in model coordinates.
    static func toModel(_ mesh: TriangleMesh) -> TriangleMesh { mapped(mesh) { ($0, -$2, $1) } }

    private static func mapped(_ mesh: TriangleMesh, _ f: (Float, Float, Float) -> (Float, Float, Float)) -> TriangleMesh {
        var p = mesh.positions
        var i = 0
        while i + 2 < p.count {
            (p[i], p[i + 1], p[i + 2]) = f(p[i], p[i + 1], p[i + 2])
            i += 3
        }
        return TriangleMesh(positions: p, indices: mesh.indices)
    }

    /// An object's frame as the Info table stores it: local axes x, y, z and origin o, in layout coordinates.
    struct ObjectFrame: Hashable, Sendable {
        var origin: Vector3
        var x: Vector3
        var y: Vector3
        var z: Vector3

        /// The frame of `localToModel` (a crown's, an attachment's), in layout coordinates.
        init(localToModel t: RigidTransform) {
            let (c0, c1, c2) = t.rotation.columns
            origin = LayoutFrame.toLayout(t.translation)
            x = LayoutFrame.toLayout(c0)
            y = LayoutFrame.toLayout(c1)
            z = LayoutFrame.toLayout(c2)
        }

        init(origin: Vector3, x: Vector3, y: Vector3, z: Vector3) {
            self.origin = origin
            self.x = x
            self.y = y
            self.z = z
        }

        /// From a row-major 4×4 whose columns are x, y, z and o (Info.json's `Transform`).
        init(rowMajor m: [Double]) {
            origin = Vector3(m[3], m[7], m[11])
            x = Vector3(m[0], m[4], m[8])
            y = Vector3(m[1], m[5], m[9])
            z = Vector3(m[2], m[6], m[10])
        }

        /// The local → model transform, or nil when the axes are not an orthonormal right-handed triple
        /// (within 1e-3, room for the 3 decimals samples show).
        var localToModel: RigidTransform? {
            let a = LayoutFrame.toModel(x), b = LayoutFrame.toModel(y), c = LayoutFrame.toModel(z)
            let tolerance = 1e-3
            guard [a, b, c, origin].allSatisfy(\.isFinite), abs(a.length - 1) < tolerance, abs(b.length - 1) < tolerance,
                  abs(c.length - 1) < tolerance, abs(a.dot(b)) < tolerance, abs(a.dot(c)) < tolerance, abs(b.dot(c)) < tolerance,
                  a.cross(b).dot(c) > 0 else { return nil }
            return RigidTransform(rotation: Quaternion(columns: a, b, c).normalized, translation: LayoutFrame.toModel(origin))
        }
    }
}
