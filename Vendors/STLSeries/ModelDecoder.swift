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

    /// Decodes `data` (the file `path`); 3MF coordinates come back in millimetres, others in file units.
    static func decode(_ data: Data, path: String) throws(VendorError) -> TriangleMesh {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if ext == "stl", data.count >= 84, STLCodec.detectEncoding(data) == .binary {
            let start = data.startIndex + 80
            var declared = 0
            for k in 0..<4 { declared |= Int(data[start + k]) << (8 * k) }
            try checkTriangles(declared, path: path)
        }
        let mesh: TriangleMesh
        if ext == "3mf" {
            mesh = try threeMF(data, path: path)
        } else {
            let format = MeshFormat(pathExtension: ext) ?? MeshFormat.sniff(data)
            guard let format else { throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "not an STL, PLY or OBJ model") }
            do { mesh = try MeshFile.decode(data, format: format, source: path) } catch { throw .mesh(error) }
        }
        try checkTriangles(mesh.triangleCount, path: path)
        guard mesh.triangleCount > 0 else { throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "the model has no triangles") }
        return mesh
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
