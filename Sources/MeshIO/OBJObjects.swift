import Foundation
import PlanModel

/// One named object of an OBJ file (an `o` line and the faces after it), with its own vertices.
public struct OBJObject: Hashable, Sendable {
    /// The text after `o` (UTF-8, or Windows-1252 where the bytes are not UTF-8); "" for faces before any `o`.
    public var name: String
    public var mesh: TriangleMesh
    /// The 1-based line of its `o` line (0 for faces before any `o`).
    public var line: Int

    public init(name: String, mesh: TriangleMesh, line: Int) {
        self.name = name
        self.mesh = mesh
        self.line = line
    }
}

extension OBJCodec {
    /// Reads an OBJ file as its named objects, in file order. OBJ indices are global, so each object keeps
    /// the vertices its faces use, in index order. Faces before the first `o` form an object named "".
    public static func decodeObjects(_ data: Data, source: String) throws(MeshReadError) -> [OBJObject] {
        guard !data.isEmpty else { throw MeshReadError(source: source, reason: .empty) }
        let text = try utf8(data, source: source)
        let (mesh, starts) = try text.withMeshBytes { raw throws(MeshReadError) in try parse(raw, source: source) }
        var bounds = starts.map { (name: objectName($0.name), first: $0.firstTriangle, line: $0.line) }
        if bounds.first.map({ $0.first > 0 }) ?? true { bounds.insert(("", 0, 0), at: 0) }
        var objects: [OBJObject] = []
        for (k, b) in bounds.enumerated() {
            let end = k + 1 < bounds.count ? bounds[k + 1].first : mesh.triangleCount
            // An `o` line with no faces after it is still an object (an empty one), unless it is the implicit first.
            if b.line == 0 && end == b.first { continue }
            objects.append(OBJObject(name: b.name, mesh: submesh(mesh, triangles: b.first..<end), line: b.line))
        }
        return objects
    }

    /// Writes named objects as one OBJ file: `header` lines first (comments, `mtllib`), then per object its
    /// `o` line, its vertices and faces. Coordinates are the shortest fixed-point decimals that read back as
    /// the same Float bit for bit (the 3MF writer's digits, written straight into the buffer: a plan's
    /// export writes tens of millions of them). `lineEnding` "\r\n" gives Windows text.
    public static func encodeObjects(_ objects: [(name: String, mesh: TriangleMesh)], header: [String] = [],
                                     lineEnding: String = "\n") -> Data {
        var out = XMLBytes(capacity: objects.reduce(64) { $0 + $1.mesh.vertexCount * 36 + $1.mesh.triangleCount * 24 })
        let end = Array(lineEnding.utf8)
        for line in header { out.raw(line); out.bytes.append(contentsOf: end) }
        var base: UInt64 = 1
        for (name, mesh) in objects {
            out.raw("o \(String(name.map { $0.isNewline ? " " : $0 }))")
            out.bytes.append(contentsOf: end)
            let p = mesh.positions
            for v in 0..<mesh.vertexCount {
                out.bytes.append(UInt8(ascii: "v"))
                out.bytes.append(UInt8(ascii: " "))
                out.number(p[3 * v])
                out.bytes.append(UInt8(ascii: " "))
                out.number(p[3 * v + 1])
                out.bytes.append(UInt8(ascii: " "))
                out.number(p[3 * v + 2])
                out.bytes.append(contentsOf: end)
            }
            let ix = mesh.indices
            for t in 0..<mesh.triangleCount {
                out.bytes.append(UInt8(ascii: "f"))
                out.bytes.append(UInt8(ascii: " "))
                out.decimal(UInt64(ix[3 * t]) + base)
                out.bytes.append(UInt8(ascii: " "))
                out.decimal(UInt64(ix[3 * t + 1]) + base)
                out.bytes.append(UInt8(ascii: " "))
                out.decimal(UInt64(ix[3 * t + 2]) + base)
                out.bytes.append(contentsOf: end)
            }
            base += UInt64(mesh.vertexCount)
        }
        return Data(out.bytes)
    }

    /// Names as planners write them: UTF-8 where valid, else Windows-1252 (a superset of Latin-1's printable range).
    static func objectName(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(data: Data(bytes), encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// The triangles `range` of `mesh` with only the vertices they use, renumbered in index order.
    static func submesh(_ mesh: TriangleMesh, triangles range: Range<Int>) -> TriangleMesh {
        let corners = mesh.indices[(3 * range.lowerBound)..<(3 * range.upperBound)]
        guard let low = corners.min(), let high = corners.max() else { return TriangleMesh() }
        // The usual case: the object's faces use exactly its own run of vertices, so a slice renumbers them.
        var seen = [Bool](repeating: false, count: Int(high - low) + 1)
        for c in corners { seen[Int(c - low)] = true }
        if !seen.contains(false) {
            return TriangleMesh(positions: Array(mesh.positions[(3 * Int(low))..<(3 * Int(high) + 3)]), indices: corners.map { $0 - low })
        }
        let used = Set(corners).sorted()
        var renumber: [UInt32: UInt32] = [:]
        renumber.reserveCapacity(used.count)
        var positions: [Float] = []
        positions.reserveCapacity(3 * used.count)
        for (k, v) in used.enumerated() {
            renumber[v] = UInt32(k)
            let i = 3 * Int(v)
            positions.append(contentsOf: mesh.positions[i..<(i + 3)])
        }
        return TriangleMesh(positions: positions, indices: corners.map { renumber[$0] ?? 0 })
    }
}
