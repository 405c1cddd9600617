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
                model = try ThreeMFPackageReader.read(contentsOf: url)
            } catch {
                Output.error(error.description)
                throw Output.unreadable
            }
            let inspection = ThreeMFInspection(model)
            print(json ? try Output.json(ThreeMFCheckResult(file: file, inspection: inspection)) : Self.text(file: file, inspection))
            if !inspection.isClean { throw Output.problemsFound }
        }

        static func text(file: String, format: MeshFormat, report r: MeshReport) -> String {
            (["\(file) (\(format.rawValue.uppercased()))"] + lines(r, indent: "  ")).joined(separator: "\n")
        }

        static func text(file: String, _ result: ThreeMFInspection) -> String {
            func mm(_ v: Double) -> String { String(format: "%.4g", v) }
            var out = ["\(file) (3MF, unit \(result.unit)\(result.unit == "millimeter" ? "" : ", checked in millimetres"), "
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

/// The JSON shape of `mesh check` for a 3MF: the file, then MeshIO's inspection of its model.
struct ThreeMFCheckResult: Encodable {
    var file: String
    var inspection: ThreeMFInspection

    private enum Keys: String, CodingKey { case file }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(file, forKey: .file)
        try inspection.encode(to: encoder)
    }
}
