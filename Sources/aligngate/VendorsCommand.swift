import ArgumentParser
import Foundation
import Gateway
import PlanModel
import VendorKit
import TextReport

/// `aligngate vendors`: the adapters, from their descriptors (like `gdalinfo --formats`).
struct VendorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendors",
        abstract: "List the vendor adapters, or show one adapter's descriptor.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every adapter.")

        @Flag(help: "Print the descriptors as JSON.")
        var json = false

        func run() throws {
            let descriptors = try PlanLoading.registry().descriptors
            if json { print(try Output.json(descriptors)); return }
            var table = TextTable("id", "name", "direction", "container", "meshes", "numbering")
            for d in descriptors {
                table.add(d.id, d.name, d.direction.rawValue, d.container.rawValue, d.meshEncoding.rawValue,
                          d.numbering.rawValue.uppercased())
            }
            print(table.rendered)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one adapter's capabilities and rules.")

        @Argument(help: "The adapter id (see `aligngate vendors`).")
        var id: String

        @Flag(help: "Print the descriptor as JSON.")
        var json = false

        func run() throws {
            let adapter: any VendorAdapter
            do { adapter = try PlanLoading.registry().adapter(id) } catch {
                throw PlanLoading.exitCode(for: error)
            }
            let d = adapter.descriptor
            if json { print(try Output.json(d)); return }
            print(DescriptorText.render(d, codes: adapter.formatFindingCodes))
        }
    }
}

/// A descriptor as a readable sheet.
enum DescriptorText {
    static func render(_ d: VendorDescriptor, codes: [String]) -> String {
        let c = d.capabilities, p = d.profile
        func yes(_ b: Bool) -> String { b ? "yes" : "no" }
        func limit(_ v: Double?, _ unit: String) -> String { v.map { "\(SummaryText.number($0, 2)) \(unit)" } ?? "—" }
        var lines = [
            "\(d.name) (\(d.id)), format \(d.formatVersion)",
            d.summary,
            "",
            "direction:        \(d.direction.rawValue)",
            "container:        \(d.container.rawValue) (.\(d.extensions.joined(separator: ", .")))",
            "numbering:        \(d.numbering.rawValue.uppercased())",
            "meshes:           \(d.meshEncoding.rawValue)",
            "",
            "segmented teeth:  \(yes(c.segmentedTeeth))",
            "baked stages:     \(yes(c.bakedStageMeshes))",
            "IPR:              \(yes(c.ipr))",
            "elastics:         \(yes(c.elastics))",
            "passive stages:   \(yes(c.passiveStages))",
            "overcorrection:   \(yes(c.overcorrectionStages))",
            "primary teeth:    \(yes(c.primaryTeeth))",
            "encryption:       \(yes(c.encryption))",
            "case metadata:    \(yes(c.metadata))",
            "stages carried:   \(c.stages == .all ? "all" : "stage 0 only")",
            "crown frames:     \(c.crownFrames == .exact ? "exact" : "estimated on intake")",
            "attachments:      \(c.attachmentKinds.isEmpty ? "none" : Set(AttachmentKind.known).isSubset(of: c.attachmentKinds) ? (c.attachmentKinds.contains(.unknown) ? "all kinds, unknown included" : "all known kinds") : c.attachmentKinds.map(\.rawValue).joined(separator: ", "))",
            "",
            "per-stage limits: mesial/distal \(limit(p.stepLimits.mesialDistalMM, "mm")), buccal/lingual \(limit(p.stepLimits.buccalLingualMM, "mm")), extrusion/intrusion \(limit(p.stepLimits.extrusionIntrusionMM, "mm"))",
            "                  tip \(limit(p.stepLimits.tipDegrees, "°")), torque \(limit(p.stepLimits.torqueDegrees, "°")), rotation \(limit(p.stepLimits.rotationDegrees, "°"))",
        ]
        for cl in p.classLimits {
            let kinds = MovementKind.allCases.compactMap { kind in cl.limits[kind].map { "\(kind.title) \(SummaryText.number($0, 2))" } }
            lines.append("  \(cl.toothClass.rawValue): \(kinds.joined(separator: ", "))")
        }
        lines += [
            "max aligners:     \(p.maxStages.map(String.init) ?? "—")",
            "IPR per contact:  \(limit(p.maxIPRPerContactMM, "mm")), per arch \(limit(p.maxIPRTotalMM, "mm"))",
            "mesh triangles:   \(p.maxTrianglesPerMesh.map(String.init) ?? "—") per file, closed required: \(yes(p.watertightRequired))",
            "wear interval:    \(p.defaultWearIntervalDays) days",
            "source:           \(p.source)",
        ]
        if !codes.isEmpty { lines.append("format findings:  \(codes.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
