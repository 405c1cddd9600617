import Digest
/// An indexed triangle mesh: Float32 positions (x, y, z per vertex, mm) and UInt32 corner indices
/// (three per triangle, counter-clockwise seen from outside). Flat arrays so codecs read and write in bulk.
public struct TriangleMesh: Hashable, Sendable {
    /// x0, y0, z0, x1, y1, z1, …
    public var positions: [Float]
    /// a0, b0, c0, a1, b1, c1, …
    public var indices: [UInt32]

    public init(positions: [Float] = [], indices: [UInt32] = []) {
        self.positions = positions
        self.indices = indices
    }

    public static let empty = TriangleMesh()

    public var vertexCount: Int { positions.count / 3 }
    public var triangleCount: Int { indices.count / 3 }
    public var isEmpty: Bool { indices.isEmpty }

    /// The position of vertex `i` in double precision.
    @inlinable
    public func vertex(_ i: Int) -> Vector3 {
        Vector3(Double(positions[3 * i]), Double(positions[3 * i + 1]), Double(positions[3 * i + 2]))
    }

    /// The three vertex indices of triangle `t`.
    @inlinable
    public func triangle(_ t: Int) -> (UInt32, UInt32, UInt32) {
        (indices[3 * t], indices[3 * t + 1], indices[3 * t + 2])
    }

    /// Whether every index refers to an existing vertex and the arrays are whole triples.
    public var hasValidIndices: Bool {
        guard positions.count % 3 == 0, indices.count % 3 == 0 else { return false }
        let n = UInt32(clamping: vertexCount)
        return indices.allSatisfy { $0 < n }
    }

    /// The bounding box of all vertices; nil for a mesh without vertices.
    public var boundingBox: BoundingBox? {
        guard vertexCount > 0 else { return nil }
        var lo = (positions[0], positions[1], positions[2])
        var hi = lo
        var i = 3
        while i < positions.count {
            let x = positions[i], y = positions[i + 1], z = positions[i + 2]
            lo = (min(lo.0, x), min(lo.1, y), min(lo.2, z))
            hi = (max(hi.0, x), max(hi.1, y), max(hi.2, z))
            i += 3
        }
        return BoundingBox(min: Vector3(Double(lo.0), Double(lo.1), Double(lo.2)),
                           max: Vector3(Double(hi.0), Double(hi.1), Double(hi.2)))
    }

    /// This mesh with every vertex moved by `transform` (computed in double, stored as Float32).
    public func transformed(by transform: RigidTransform) -> TriangleMesh {
        var out = positions
        let (c0, c1, c2) = transform.rotation.columns
        let t = transform.translation
        var i = 0
        while i < out.count {
            let x = Double(positions[i]), y = Double(positions[i + 1]), z = Double(positions[i + 2])
            out[i] = Float(c0.x * x + c1.x * y + c2.x * z + t.x)
            out[i + 1] = Float(c0.y * x + c1.y * y + c2.y * z + t.y)
            out[i + 2] = Float(c0.z * x + c1.z * y + c2.z * z + t.z)
            i += 3
        }
        return TriangleMesh(positions: out, indices: indices)
    }

    /// Appends another mesh (its indices shifted) — used to bake several parts into one model.
    public mutating func append(_ other: TriangleMesh) {
        let base = UInt32(vertexCount)
        positions.append(contentsOf: other.positions)
        indices.reserveCapacity(indices.count + other.indices.count)
        for i in other.indices { indices.append(i + base) }
    }

    /// SHA-256 over a canonical little-endian encoding: vertex count, triangle count, positions, indices.
    /// Equal meshes (same vertices in the same order) have equal hashes on every platform; −0 is hashed
    /// as +0 because the two compare equal (a mirrored or transformed mesh often produces −0).
    public var contentHash: String {
        var hasher = SHA256()
        var header = [UInt8]()
        header.reserveCapacity(16)
        for v in [UInt64(vertexCount), UInt64(triangleCount)] {
            withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) }
        }
        hasher.update(header)
        positions.withUnsafeBufferPointer { buf in
            let le = buf.map { ($0 == 0 ? 0 : $0).bitPattern.littleEndian }
            le.withUnsafeBytes { hasher.update($0) }
        }
        indices.withUnsafeBufferPointer { buf in
            let le = buf.map { $0.littleEndian }
            le.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.hexDigest()
    }
}
