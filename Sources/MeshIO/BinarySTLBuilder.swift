import Foundation
import PlanModel

/// A binary STL written part by part straight into one buffer sized up front, each part's corners moved
/// by its pose on the way: a baked stage model never exists as a mesh of its own. The bytes equal
/// `STLCodec.encode` of the baked mesh (same transform arithmetic, same normals, same header).
public struct BinarySTLBuilder {
    private var data: Data
    private var offset = 84
    private var written = 0
    /// Reused for each posed part's corners.
    private var scratch: [Float] = []

    /// Room for `triangles` triangles; `name` goes into the 80-byte header as `STLCodec` writes it.
    public init(triangles: Int, name: String) {
        data = Data(count: 84 + 50 * max(0, triangles))
        data.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) in
            // A header starting with "solid" makes other readers guess ASCII, so it never does.
            let header = Array("binary STL \(name)".utf8.prefix(80))
            for i in 0..<80 { out[i] = i < header.count ? header[i] : 0x20 }
        }
    }

    /// The triangles `append` will write for `mesh` (those whose corners all exist).
    public static func triangleCount(_ mesh: TriangleMesh) -> Int { STLCodec.validTriangleCount(mesh) }

    /// Appends `mesh`'s triangles (those whose corners exist), every corner moved by `pose` when given.
    /// Appending more triangles than the builder was sized for grows the buffer (a copy, never a trap).
    public mutating func append(_ mesh: TriangleMesh, posedBy pose: RigidTransform? = nil) {
        if let pose {
            scratch.removeAll(keepingCapacity: true)
            scratch.reserveCapacity(mesh.positions.count)
            let (c0, c1, c2) = pose.rotation.columns
            let t = pose.translation
            let p = mesh.positions
            var i = 0
            // The arithmetic of `TriangleMesh.transformed(by:)`, so the Floats are identical.
            while i + 2 < p.count {
                let x = Double(p[i]), y = Double(p[i + 1]), z = Double(p[i + 2])
                scratch.append(Float(c0.x * x + c1.x * y + c2.x * z + t.x))
                scratch.append(Float(c0.y * x + c1.y * y + c2.y * z + t.y))
                scratch.append(Float(c0.z * x + c1.z * y + c2.z * z + t.z))
                i += 3
            }
            let posed = scratch
            write(mesh, positions: posed)
        } else {
            write(mesh, positions: mesh.positions)
        }
    }

    /// The STL; its header counts the triangles actually appended.
    public func finish() -> Data {
        var out = data
        out.count = 84 + 50 * written
        out.withUnsafeMutableBytes { $0.putU32LE(UInt32(truncatingIfNeeded: written), 80) }
        return out
    }

    private mutating func write(_ mesh: TriangleMesh, positions: [Float]) {
        let vertices = UInt32(clamping: positions.count / 3)
        let needed = offset + 50 * STLCodec.validTriangleCount(mesh)
        if needed > data.count { data.count = needed }
        var o = offset
        var count = 0
        data.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) in
            positions.withUnsafeBufferPointer { p in
                mesh.indices.withUnsafeBufferPointer { ix in
                    var i = 0
                    while i + 2 < ix.count {
                        let a = ix[i], b = ix[i + 1], c = ix[i + 2]
                        i += 3
                        guard a < vertices, b < vertices, c < vertices else { continue }
                        let (ia, ib, ic) = (Int(a) * 3, Int(b) * 3, Int(c) * 3)
                        let n = STLCodec.facetNormal(p, ia, ib, ic)
                        out.putF32LE(n.0, o); out.putF32LE(n.1, o + 4); out.putF32LE(n.2, o + 8)
                        out.putF32LE(p[ia], o + 12); out.putF32LE(p[ia + 1], o + 16); out.putF32LE(p[ia + 2], o + 20)
                        out.putF32LE(p[ib], o + 24); out.putF32LE(p[ib + 1], o + 28); out.putF32LE(p[ib + 2], o + 32)
                        out.putF32LE(p[ic], o + 36); out.putF32LE(p[ic + 1], o + 40); out.putF32LE(p[ic + 2], o + 44)
                        out.putU16LE(0, o + 48)
                        o += 50
                        count += 1
                    }
                }
            }
        }
        offset = o
        written += count
    }
}
