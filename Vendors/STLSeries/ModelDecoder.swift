import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// One model file's bytes as a mesh in millimetres (FORMAT.md, "Models and units"): STL (binary or
/// ASCII), PLY and OBJ through MeshIO, 3MF through MeshIO's package reader (its unit declared); refused over
/// the triangle limit before anything is decoded.
enum ModelDecoder {
    /// More triangles than this in one model is no arch model (the reference case has ~170 000 a model).
    static let maxTriangles = 4_000_000
    /// The byte size a model of `maxTriangles` binary STL triangles has; larger files are refused unread.
    static let maxBytes = Int64(84 + 50 * maxTriangles) * 2

    /// How a binary STL of stage 0 welded (its index per corner, vertices in first-use order): a later
    /// stage's binary STL of the same triangles is read through it without hashing.
    struct Welding: Sendable {
        var corners: [UInt32]
        var vertexCount: Int
    }

    /// One model read: the mesh; whether it is welded already (STL is welded as it is read); the welding a
    /// binary STL gives its later stages.
    struct Decoded: Sendable {
        var mesh: TriangleMesh
        var welded: Bool
        var welding: Welding?
    }

    /// Decodes `data` (the file `path`), through `like` when it is a binary STL that starts with those
    /// triangles (the same corners repeating the same vertices: `STLTriangleView.weld(following:)`); 3MF
    /// coordinates come back in millimetres, others in file units.
    static func read(_ data: Data, path: String, like welding: Welding? = nil) throws(VendorError) -> Decoded {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let binarySTL = ext == "stl" && data.count >= 84 && STLCodec.detectEncoding(data) == .binary
        if binarySTL, let welding {
            try checkTriangles(declaredTriangles(data), path: path)
            if let mesh = try? STLCodec.withTriangles(data, source: path, { $0.weld(following: welding.corners, vertexCount: welding.vertexCount) }) {
                return Decoded(mesh: mesh, welded: true, welding: nil)
            }
        }
        let (mesh, format) = try decode(data, path: path, ext: ext)
        return Decoded(mesh: mesh, welded: format == .stl, welding: binarySTL ? Welding(corners: mesh.indices, vertexCount: mesh.vertexCount) : nil)
    }

    /// The mesh and the MeshIO format it was read as (nil for 3MF).
    private static func decode(_ data: Data, path: String, ext: String) throws(VendorError) -> (mesh: TriangleMesh, format: MeshFormat?) {
        if ext == "stl", data.count >= 84, STLCodec.detectEncoding(data) == .binary {
            try checkTriangles(declaredTriangles(data), path: path)
        }
        let mesh: TriangleMesh
        var read: MeshFormat?
        if ext == "3mf" {
            mesh = try threeMF(data, path: path)
        } else {
            let format = MeshFormat(pathExtension: ext) ?? MeshFormat.sniff(data)
            guard let format else { throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "not an STL, PLY or OBJ model") }
            do { mesh = try MeshFile.decode(data, format: format, source: path) } catch { throw .mesh(error) }
            read = format
        }
        try checkTriangles(mesh.triangleCount, path: path)
        guard mesh.triangleCount > 0 else { throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "the model has no triangles") }
        return (mesh, read)
    }

    /// The triangle count a binary STL's header declares (`data` has at least 84 bytes).
    static func declaredTriangles(_ data: Data) -> Int {
        let start = data.startIndex + 80
        var declared = 0
        for k in 0..<4 { declared |= Int(data[start + k]) << (8 * k) }
        return declared
    }

    static func checkTriangles(_ count: Int, path: String) throws(VendorError) {
        guard count <= maxTriangles else {
            throw .malformed(vendor: STLSeriesAdapter.id, file: path,
                             detail: "\(count) triangles: over the limit of \(maxTriangles) per model; decimate the model (an arch model needs far fewer)")
        }
    }

    /// A 3MF's build as one mesh in millimetres: the zip, the package rules and the model are MeshIO's
    /// `ThreeMFPackageReader` (shared with print-3mf and `aligngate mesh check`).
    static func threeMF(_ data: Data, path: String) throws(VendorError) -> TriangleMesh {
        let model: ThreeMFModel
        do { model = try ThreeMFPackageReader.read(data, source: path) } catch {
            switch error {
            case let .archive(e): throw .archive(e)
            case let .threeMF(e): throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "not a readable 3MF: \(e.description)")
            }
        }
        let mesh = model.buildMesh()
        let scale = Float(model.unit.millimetres)
        return scale == 1 ? mesh : TriangleMesh(positions: mesh.positions.map { $0 * scale }, indices: mesh.indices)
    }
}

/// The unit of a model from its size (an arch is 40–80 mm across), as MeshIO's `UnitGuess` judges it.
enum ModelUnits {
    /// The factor to millimetres and the unit's name; nil factor when the size fits no unit.
    static func scale(_ mesh: TriangleMesh) -> (factor: Double?, unit: UnitGuess, reasoning: String) {
        let extent = mesh.boundingBox?.largestExtent ?? 0
        let (guess, reasoning) = UnitGuess.guess(largestExtent: extent)
        switch guess {
        case .millimetres: return (1, guess, reasoning)
        case .metres: return (1000, guess, reasoning)
        case .inches: return (25.4, guess, reasoning)
        case .unknown: return (nil, guess, reasoning)
        }
    }
}
