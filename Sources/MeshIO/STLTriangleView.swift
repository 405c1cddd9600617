import Foundation
import PlanModel

/// The triangles of an STL in file order, read in place: a binary STL's corners straight from its
/// bytes (no soup, no per-triangle allocation), an ASCII one's from an unwelded copy.
public struct STLTriangleView {
    /// Triangles in the file.
    public let count: Int
    let raw: UnsafeRawBufferPointer
    /// Where triangle 0's first corner starts, and the bytes from one triangle to the next.
    let base: Int
    let stride: Int

    /// Corner `k` (0, 1, 2) of triangle `t`, as stored.
    @inline(__always)
    public func corner(_ t: Int, _ k: Int) -> (Float, Float, Float) {
        let o = base + t &* stride &+ 12 &* k
        return (raw.f32LE(o), raw.f32LE(o + 4), raw.f32LE(o + 8))
    }

    /// The triangles `range` welded into one mesh (corners merged when bit-identical), as `weldTriangles` does.
    public func weld(_ range: Range<Int>) -> TriangleMesh {
        var welder = MeshWelder(expectedTriangles: range.count)
        for t in range where t < count {
            for k in 0..<3 {
                let (x, y, z) = corner(t, k)
                welder.addCorner(x, y, z)
            }
        }
        return welder.mesh
    }
}

extension STLCodec {
    /// Runs `body` over the triangles of `data` (binary or ASCII STL), with `decodeTriangles`'s rules and
    /// errors; the view is valid only inside `body`.
    public static func withTriangles<T>(_ data: Data, source: String, _ body: (STLTriangleView) throws -> T) throws -> T {
        guard !data.isEmpty else { throw MeshReadError(source: source, reason: .empty) }
        guard detectEncoding(data) == .binary else {
            let soup = try decodeTriangles(data, source: source)
            return try soup.withUnsafeBytes { raw in
                try body(STLTriangleView(count: soup.count / 9, raw: raw, base: 0, stride: 36))
            }
        }
        return try data.withUnsafeBytes { raw in
            let count = try binaryTriangleCount(raw, source: source)
            return try body(STLTriangleView(count: count, raw: raw, base: 84 + 12, stride: 50))
        }
    }

    /// The triangle count of a binary STL whose size agrees with it, checked against the bytes before
    /// anything is reserved. A stray byte or two after the data is harmless; a whole triangle's worth or
    /// more means the count is wrong (some exporters write 0), and reading fewer would lose data.
    static func binaryTriangleCount(_ raw: UnsafeRawBufferPointer, source: String) throws(MeshReadError) -> Int {
        guard raw.count >= 84 else {
            throw MeshReadError(source: source, reason: .truncated(expected: 84, actual: raw.count))
        }
        let count = Int(raw.u32LE(80))
        guard let needed = Int.checked(count, times: 50, plus: 84), needed <= raw.count else {
            throw MeshReadError(source: source, reason: .countExceedsData(
                element: "triangle", declared: count, minimumBytes: Int.checked(count, times: 50, plus: 84) ?? .max,
                available: raw.count - 84), byteOffset: 80)
        }
        guard raw.count - needed < 50 else {
            throw MeshReadError(source: source, reason: .malformedRecord(
                "the header declares \(count) triangles but \((raw.count - 84) / 50) triangles of data follow"), byteOffset: 80)
        }
        guard count <= maximumTriangles else {
            throw MeshReadError(source: source, reason: .tooLarge(what: "triangle count \(count)", limit: maximumTriangles))
        }
        return count
    }
}
