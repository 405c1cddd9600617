import ArchiveIO
import ArgumentParser
import Foundation
import MeshIO
import PlanModel

/// `aligngate mesh …`: mesh file tools.
struct MeshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mesh",
        abstract: "Inspect mesh files (STL, PLY, OBJ, 3MF).",
        subcommands: [Check.self])

    /// `aligngate mesh check FILE [--json]`: exit 0 clean, 1 problems found, 2 unreadable.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a mesh and report counts, bounds, units, watertightness and every problem.",
            discussion: """
                A .3mf file is opened as a zip (under the archive limits), its 3D model part found through \
                _rels/.rels, and every mesh object checked and reported on its own, in millimetres; the units \
                are judged on the whole build, every item placed and its components resolved.
                Exit status: 0 no problems, 1 problems found, 2 the file could not be read.
                """)

        @Argument(help: "An STL, PLY, OBJ or 3MF file (the format is taken from the extension, else the content).")
        var file: String

        @Flag(help: "Print the report as JSON (sorted keys).")
        var json = false

        func run() throws {
            let url = URL(fileURLWithPath: file)
            if url.pathExtension.lowercased() == "3mf" { return try checkThreeMF(url) }
            let loaded: (mesh: TriangleMesh, format: MeshFormat)
            do {
                loaded = try MeshFile.load(url)
            } catch {
                Output.error(error.description)
                throw Output.unreadable
            }
            let report = MeshInspector.inspect(loaded.mesh)
            if json {
                print(try Output.json(MeshCheckResult(file: file, format: loaded.format, report: report)))
            } else {
                print(Self.text(file: file, format: loaded.format, report: report))
            }
            if !report.isClean { throw Output.problemsFound }
        }

        func checkThreeMF(_ url: URL) throws {
            let model: ThreeMFModel
            do {
                model = try ThreeMFFile.read(url)
            } catch {
                Output.error("\(error)")
                throw Output.unreadable
            }
            let result = ThreeMFCheckResult(file: file, model: model)
            print(json ? try Output.json(result) : Self.text(result))
            if !result.isClean { throw Output.problemsFound }
        }

        static func text(file: String, format: MeshFormat, report r: MeshReport) -> String {
            (["\(file) (\(format.rawValue.uppercased()))"] + lines(r, indent: "  ")).joined(separator: "\n")
        }

        static func text(_ result: ThreeMFCheckResult) -> String {
            func mm(_ v: Double) -> String { String(format: "%.4g", v) }
            var out = ["\(result.file) (3MF, unit \(result.unit)\(result.unit == "millimeter" ? "" : ", checked in millimetres"), "
                + "\(result.objects.count) mesh object\(result.objects.count == 1 ? "" : "s"), "
                + (result.componentObjects == 0 ? "" : "\(result.componentObjects) object\(result.componentObjects == 1 ? "" : "s") of components, ")
                + "\(result.buildItems) build item\(result.buildItems == 1 ? "" : "s"))"]
            for o in result.objects {
                out.append("  object \(o.id)\(o.name.map { " \"\($0)\"" } ?? "") (type \(o.type))")
                out += lines(o.report, indent: "    ", units: false)
            }
            let b = result.build
            out.append("  build (every item placed, components resolved, in mm)")
            if let e = b.extent { out.append("    size:        \(mm(e.x)) × \(mm(e.y)) × \(mm(e.z))") }
            out.append("    units:       \(b.unitGuess.rawValue) — \(b.unitReasoning)")
            out += b.problems.map { "    \($0.code.rawValue): \($0.message)" }
            let bad = result.objects.filter { !$0.report.isClean }.count
            out.append(result.isClean ? "no problems found"
                : "\(bad) of \(result.objects.count) objects have problems" + (b.problems.isEmpty ? "" : "; the build's size looks wrong"))
            return out.joined(separator: "\n")
        }

        static func lines(_ r: MeshReport, indent: String, units: Bool = true) -> [String] {
            func mm(_ v: Double) -> String { String(format: "%.4g", v) }
            var lines = ["vertices:    \(r.vertexCount)", "triangles:   \(r.triangleCount)"]
            if let b = r.bounds, let e = r.extent {
                lines.append("bounds:      (\(mm(b.min.x)), \(mm(b.min.y)), \(mm(b.min.z))) – (\(mm(b.max.x)), \(mm(b.max.y)), \(mm(b.max.z)))")
                lines.append("size:        \(mm(e.x)) × \(mm(e.y)) × \(mm(e.z))")
            }
            if units { lines.append("units:       \(r.unitGuess.rawValue) — \(r.unitReasoning)") }
            lines.append("watertight:  \(r.isWatertight ? "yes" : "no") (\(r.edgeCount) edges, \(r.boundaryEdgeCount) boundary, \(r.nonManifoldEdgeCount) non-manifold)")
            lines.append("orientation: \(r.isConsistentlyOriented ? "consistent" : "inconsistent (\(r.inconsistentEdgeCount) edges)")")
            if let v = r.signedVolume { lines.append("volume:      \(mm(v)) cubic units") }
            if r.problems.isEmpty {
                lines.append("no problems found")
            } else {
                lines.append("\(r.problems.count) problem\(r.problems.count == 1 ? "" : "s"):")
                lines += r.problems.map { "  \($0.code.rawValue): \($0.message)" }
            }
            return lines.map { indent + $0 }
        }
    }
}

/// The JSON shape of `mesh check`.
struct MeshCheckResult: Encodable {
    var file: String
    var format: MeshFormat
    var report: MeshReport
}

/// The JSON shape of `mesh check` for a 3MF: one report per mesh object, and the build's size.
struct ThreeMFCheckResult: Encodable {
    var file: String
    var format = "3mf"
    var unit: String
    var buildItems: Int
    /// Objects made of other objects (components), which the build resolves; not reported on their own.
    var componentObjects: Int
    var objects: [Object]
    var build: Build

    struct Object: Encodable {
        var id: Int
        var name: String?
        var type: String
        var report: MeshReport
    }

    /// Units are judged on everything the build places together, not per object: a 3MF declares its
    /// unit, and one small part (an attachment, a screw) is no sign of a wrong one.
    struct Build: Encodable {
        var extent: Vector3?
        var unitGuess: UnitGuess
        var unitReasoning: String
        var problems: [MeshProblem]
    }

    /// Closedness is required of "model" and "solidsupport" objects only (3MF Core §4.1); supports and
    /// surfaces may be open, so those problems are not reported for them.
    static let mayBeOpen: Set<MeshProblem.Code> = [.openBoundary, .nonManifold, .inconsistentOrientation, .inverted]

    init(file: String, model: ThreeMFModel) {
        self.file = file
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
            if object.type != .model && object.type != .solidsupport {
                report.problems.removeAll { Self.mayBeOpen.contains($0.code) }
            }
            return Object(id: object.id, name: object.name, type: object.type.rawValue, report: report)
        }
        let extent = millimetres(model.buildMesh()).boundingBox?.size
        let (guess, reasoning) = UnitGuess.guess(largestExtent: extent.map { max($0.x, $0.y, $0.z) } ?? 0)
        let suspect = extent != nil && guess != .millimetres
        build = Build(extent: extent, unitGuess: guess, unitReasoning: reasoning,
                      problems: suspect ? [MeshProblem(code: .unitsSuspect, message: "the build's size does not look like millimetres (guess: \(guess.rawValue)): \(reasoning)", count: 1)] : [])
    }

    var isClean: Bool { objects.allSatisfy(\.report.isClean) && build.problems.isEmpty }
}

/// Reads a .3mf file's model: the zip through ArchiveIO (under its limits), then the OPC parts.
enum ThreeMFFile {
    static func read(_ url: URL, limits: ArchiveLimits = .default) throws -> ThreeMFModel {
        let reader = try ArchiveReader(contentsOf: url, limits: limits)
        let name = url.lastPathComponent
        func part(_ path: String) throws -> Data {
            do {
                return try reader.data(of: path)
            } catch where error.rule == .entryNotFound {
                throw ThreeMFError(source: name, reason: .missingPart(path))
            }
        }
        let modelPath = try ThreeMFPackage.modelPath(relationships: try part(ThreeMF.relationshipsPath), source: name)
        try ThreeMFPackage.checkContentTypes(try part(ThreeMF.contentTypesPath), modelPath: modelPath, source: name)
        return try ThreeMFReader.decode(try part(modelPath), source: name, part: modelPath)
    }
}
