import ArgumentParser
import Foundation
import MeshIO
import PlanModel

/// `aligngate mesh …`: mesh file tools.
struct MeshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mesh",
        abstract: "Inspect mesh files (STL, PLY, OBJ).",
        subcommands: [Check.self])

    /// `aligngate mesh check FILE [--json]`: exit 0 clean, 1 problems found, 2 unreadable.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a mesh and report counts, bounds, units, watertightness and every problem.",
            discussion: "Exit status: 0 no problems, 1 problems found, 2 the file could not be read.")

        @Argument(help: "An STL, PLY or OBJ file (the format is taken from the extension, else the content).")
        var file: String

        @Flag(help: "Print the report as JSON (sorted keys).")
        var json = false

        func run() throws {
            let url = URL(fileURLWithPath: file)
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

        static func text(file: String, format: MeshFormat, report r: MeshReport) -> String {
            func mm(_ v: Double) -> String { String(format: "%.4g", v) }
            var lines = ["\(file) (\(format.rawValue.uppercased()))",
                         "  vertices:    \(r.vertexCount)",
                         "  triangles:   \(r.triangleCount)"]
            if let b = r.bounds, let e = r.extent {
                lines.append("  bounds:      (\(mm(b.min.x)), \(mm(b.min.y)), \(mm(b.min.z))) – (\(mm(b.max.x)), \(mm(b.max.y)), \(mm(b.max.z)))")
                lines.append("  size:        \(mm(e.x)) × \(mm(e.y)) × \(mm(e.z))")
            }
            lines.append("  units:       \(r.unitGuess.rawValue) — \(r.unitReasoning)")
            lines.append("  watertight:  \(r.isWatertight ? "yes" : "no") (\(r.edgeCount) edges, \(r.boundaryEdgeCount) boundary, \(r.nonManifoldEdgeCount) non-manifold)")
            lines.append("  orientation: \(r.isConsistentlyOriented ? "consistent" : "inconsistent (\(r.inconsistentEdgeCount) edges)")")
            if let v = r.signedVolume { lines.append("  volume:      \(mm(v)) cubic units") }
            if r.problems.isEmpty {
                lines.append("no problems found")
            } else {
                lines.append("\(r.problems.count) problem\(r.problems.count == 1 ? "" : "s"):")
                lines += r.problems.map { "  \($0.code.rawValue): \($0.message)" }
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// The JSON shape of `mesh check`.
struct MeshCheckResult: Encodable {
    var file: String
    var format: MeshFormat
    var report: MeshReport
}
