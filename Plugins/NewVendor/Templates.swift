/// The files `new-vendor` writes. The adapter is a working starting point, not a stub, written on the
/// VendorKit toolkit in the house idioms: a JSON manifest (ManifestJSON) and baked stage STLs produced on the
/// zip writer's workers and hashed while written; intake streams the manifest under a size cap, gates its
/// version and reads one model at a time — so it passes the conformance kit from the first build, and the
/// integrator replaces the layout step by step with the real system's while the kit keeps passing.
struct Templates {
    let name: String
    let id: String

    var adapter: String {
        """
        import ArchiveIO
        import Foundation
        import MeshIO
        import PlanModel
        import VendorKit

        /// The registry's handle on this module (the Gateway's generated list imports every vendor module's).
        public let vendorAdapter: any VendorAdapter = \(name)Adapter()

        /// \(name)'s archive format. Start: a zip with `\(id).json` (the case, each arch's stages and the
        /// triangle count of each stage model) and one baked whole-arch binary STL per arch and stage — what a
        /// lab takes. Replace the layout with the system's own; keep the conformance kit passing.
        public struct \(name)Adapter: VendorAdapter {
            public init() {}

            static let formatName = "aligngate.\(id)"
            static let version = "0.1"
            static let manifestPath = "\(id).json"
            static let compression = EntryCompression.deflate(level: 6)
            /// An entry the manifest does not list (note); list it in docs/FINDINGS.md.
            static let unknownEntry = "\(id).unknown-entry"

            public var formatFindingCodes: [String] { [Self.unknownEntry] }

            public let descriptor = VendorDescriptor(
                id: "\(id)", name: "\(name)",
                summary: "FILL IN: one line on who takes this format.",
                formatVersion: \(name)Adapter.version, container: .zip, extensions: ["zip"],
                numbering: .fdi, meshEncoding: .binarySTL, direction: .both,
                capabilities: .init(segmentedTeeth: false, bakedStageMeshes: true, attachmentKinds: [],
                                    ipr: false, elastics: false, passiveStages: true, overcorrectionStages: true,
                                    primaryTeeth: true, encryption: false, metadata: true),
                profile: RuleProfile(stepLimits: MovementLimits(), watertightRequired: false, defaultWearIntervalDays: 14,
                                     source: "FILL IN: the published source of each limit."))

            /// The manifest, field for field (FORMAT.md).
            struct Manifest: Codable {
                var format: String
                var formatVersion: String
                var `case`: CaseRecord
                var arches: [ArchEntry]

                struct ArchEntry: Codable {
                    var jaw: String
                    var stages: [StageEntry]
                }

                struct StageEntry: Codable {
                    var index: Int
                    var passive: Bool
                    var overcorrection: Bool
                    var model: String
                    var triangles: Int
                }
            }

            /// The manifest first (sizes known without baking), then each stage model, baked and deflated on the
            /// zip writer's workers; the archive is hashed while it is written and appears atomically.
            public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
                let id = descriptor.id
                try MeshPreflight.check(plan, vendor: id, encoding: "STL", meshesTravelInStages: true)
                var arches: [Manifest.ArchEntry] = []
                var models: [(file: String, arch: Arch, stage: Int, triangles: Int)] = []
                for arch in plan.arches {
                    let digits = StageNaming.digits(for: arch)
                    var stages: [Manifest.StageEntry] = []
                    for stage in arch.stages {
                        let file = "models/\\(arch.jaw.rawValue)-\\(StageNaming.padded(stage.index, digits: digits)).stl"
                        let triangles = StageBaker.triangleCount(arch, stage: stage.index)
                        stages.append(.init(index: stage.index, passive: stage.isPassive, overcorrection: stage.isOvercorrection,
                                            model: file, triangles: triangles))
                        models.append((file, arch, stage.index, triangles))
                    }
                    arches.append(.init(jaw: arch.jaw.rawValue, stages: stages))
                }
                return try VendorError.catching(vendor: id, file: url.lastPathComponent, context: "cannot write the archive: ") {
                    let manifest = try ManifestJSON.encode([("format", Self.formatName), ("formatVersion", Self.version),
                                                            ("case", CaseRecord(plan.metadata)), ("arches", arches)])
                    let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
                    try writer.add(Self.manifestPath, data: manifest, compression: Self.compression)
                    for m in models {
                        let label = "\\(m.arch.jaw.rawValue) stage \\(m.stage) case \\(StageNaming.printableASCII(plan.metadata.caseID))"
                        try writer.add(m.file, size: Int64(84 + 50 * m.triangles), compression: Self.compression, produce: {
                            StageBaker.binarySTL(m.arch, stage: m.stage, name: label).stl
                        })
                    }
                    return try ExportedArchive(writer.finish())
                }
            }

            public func probe(_ listing: ArchiveListing) -> Int {
                listing.format == .zip && listing.head(Self.manifestPath, contains: "\\"\\(Self.formatName)\\"") ? 100 : 0
            }

            /// The manifest (streamed, size-capped), then one pass over the models, one in memory at a time:
            /// each model's triangle count is checked; stage 0 becomes the arch's gingiva (the whole baked arch).
            public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
                let id = descriptor.id
                let (reader, data) = try ManifestEntry.open(url, vendor: id, manifest: Self.manifestPath,
                                                            missing: "missing: every \\(id) archive holds \\(Self.manifestPath)")
                let manifest = try ManifestEntry.decode(Manifest.self, data, vendor: id, path: Self.manifestPath) { (m) throws(ManifestError) in
                    guard m.format == Self.formatName else { throw ManifestError(field: "format", detail: "'\\(m.format)' is not \\(Self.formatName)") }
                    _ = try FormatVersion.gate(m.formatVersion, reader: Self.version, field: "formatVersion")
                    return m
                }
                func fail(_ detail: String) -> VendorError { .malformed(vendor: id, file: Self.manifestPath, detail: detail) }
                guard let metadata = manifest.case.metadata else { throw fail("case.created: '\\(manifest.case.created)' is not an ISO 8601 date-time") }
                var arches: [Arch] = []
                var listed: [String: (arch: Int, stage: Int, triangles: Int)] = [:]
                for (a, entry) in manifest.arches.enumerated() {
                    guard let jaw = Jaw(rawValue: entry.jaw), !arches.contains(where: { $0.jaw == jaw }) else {
                        throw fail("arches[\\(a)].jaw: '\\(entry.jaw)' is not upper or lower, or is given twice")
                    }
                    arches.append(Arch(jaw: jaw, teeth: [], stages: entry.stages.map {
                        Stage(index: $0.index, isPassive: $0.passive, isOvercorrection: $0.overcorrection)
                    }))
                    for (s, stage) in entry.stages.enumerated() {
                        guard stage.model.hasSuffix(".stl"), stage.triangles >= 0, listed[stage.model] == nil else {
                            throw fail("arches[\\(a)].stages[\\(s)]: '\\(stage.model)' must be a .stl file named once, with a non-negative triangle count")
                        }
                        listed[stage.model] = (a, stage.index, stage.triangles)
                    }
                }
                var done = Set<String>()
                var unknown: [String] = []
                try VendorError.catching(vendor: id, file: reader.name) {
                    try reader.forEachEntry { entry, stream in
                        guard entry.kind == .file, entry.path != Self.manifestPath else { return }
                        guard let model = listed[entry.path] else { return unknown.append(entry.path) }
                        let soup = try STLCodec.decodeTriangles(try stream.readAll(), source: entry.path)
                        guard soup.count == model.triangles * 9 else {
                            throw VendorError.malformed(vendor: id, file: entry.path,
                                                        detail: "holds \\(soup.count / 9) triangles; \\(Self.manifestPath) says \\(model.triangles)")
                        }
                        if model.stage == 0 { arches[model.arch].gingiva = STLCodec.weldTriangles(soup[...]) }
                        done.insert(entry.path)
                    }
                }
                if let missing = listed.keys.sorted().first(where: { !done.contains($0) }) {
                    throw .malformed(vendor: id, file: missing, detail: "listed in \\(Self.manifestPath) but missing from the archive")
                }
                var findings = [Finding(FindingCode.segmentationLost, .note,
                                        message: "\\(id) carries baked whole-arch models only: the plan read has no teeth; each arch's stage-0 model is its gingiva.",
                                        remedy: "Ask for a segmented export (e.g. alignplan) to restage or check the plan.")]
                for path in unknown {
                    findings.append(Finding(Self.unknownEntry, .note, at: FindingLocation(file: path),
                                            message: "\\(path) is not listed in \\(Self.manifestPath) and was ignored.",
                                            remedy: "None needed; remove \\(path) from the archive if it should not travel with the case."))
                }
                return IntakeResult(plan: TreatmentPlan(metadata: metadata, arches: arches), report: Report(findings))
            }
        }

        """
    }

    var format: String {
        """
        # \(id) — \(name)

        Id `\(id)`, format version 0.1, both directions. Scaffolded by `swift package new-vendor \(name)`.

        FILL IN: document the real layout here — every file in the archive, every key or column, units,
        tooth numbering, ordering, what intake checks, how `probe` recognises the format, and where each
        limit in the rule profile comes from (see docs/INTEGRATOR-GUIDE.md's checklist).

        Until then the adapter writes a zip holding:

        | entry | content |
        |---|---|
        | `\(id).json` | `format` (`aligngate.\(id)`), `formatVersion`, `case`, and per arch its `jaw` and `stages` (`index`, `passive`, `overcorrection`, `model`, `triangles`) |
        | `models/<jaw>-NN.stl` | the arch baked at stage NN (crowns at their poses, gingiva, attachments bonded then), binary STL |

        Intake reads the manifest first (at most 64 MiB), then each model once: its triangle count must be the
        manifest's; stage 0 becomes the arch's gingiva; an entry the manifest does not list is a note,
        `\(id).unknown-entry` (add it to docs/FINDINGS.md). Probe: 100 when `\(id).json` names the format, else 0.

        """
    }

    var test: String {
        """
        import \(name)Vendor
        import Testing
        import VendorConformance

        /// The conformance kit, one test case per check (the foreign probe runs in Tests/ConformanceTests).
        @Suite struct \(name)ConformanceTests {
            @Test(arguments: ConformanceCheck.own) func kit(_ check: ConformanceCheck) async {
                let result = await ConformanceKit(adapter: \(name)Adapter()).check(check)
                #expect(result.passed, "\\(result)")
            }
        }

        """
    }
}
