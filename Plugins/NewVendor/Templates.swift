/// The files `new-vendor` writes. The adapter is a working starting point, not a stub: it writes the
/// plan losslessly (the native entries under `plan/`) behind the new format's own manifest, reads it
/// back, and probes for its manifest — so it passes the conformance kit from the first build, and the
/// integrator replaces the layout step by step with the real system's while the kit keeps passing.
struct Templates {
    let name: String
    let id: String

    var adapter: String {
        """
        import ArchiveIO
        import Foundation
        import PlanModel
        import PlanPackage
        import VendorKit

        /// The registry's handle on this module (the Gateway's generated list imports every vendor module's).
        public let vendorAdapter: any VendorAdapter = \(name)Adapter()

        /// \(name)'s archive format. Start: a zip with `\(id).json` naming the format and the plan's native
        /// entries under `plan/`. Replace the layout with the system's own; keep the conformance kit passing.
        public struct \(name)Adapter: VendorAdapter {
            public init() {}

            static let formatName = "aligngate.\(id)"
            static let manifestPath = "\(id).json"

            public let descriptor = VendorDescriptor(
                id: "\(id)", name: "\(name)",
                summary: "FILL IN: one line on who takes this format.",
                formatVersion: "0.1", container: .zip, extensions: ["zip"],
                numbering: .fdi, meshEncoding: .binaryPLY, direction: .both,
                capabilities: .init(segmentedTeeth: true, bakedStageMeshes: false, attachmentKinds: AttachmentKind.allCases,
                                    ipr: true, elastics: true, passiveStages: true, overcorrectionStages: true,
                                    primaryTeeth: true, encryption: false, metadata: true),
                profile: RuleProfile(stepLimits: MovementLimits(), watertightRequired: false, defaultWearIntervalDays: 14,
                                     source: "FILL IN: the published source of each limit."))

            public func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
                do {
                    let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
                    let manifest = "{\\"format\\":\\"\\(Self.formatName)\\",\\"formatVersion\\":\\"\\(descriptor.formatVersion)\\"}\\n"
                    try writer.add(Self.manifestPath, data: Data(manifest.utf8))
                    var files = [Self.manifestPath]
                    for entry in try PlanEncoder.entries(for: plan) {
                        try writer.add("plan/" + entry.path, data: entry.data)
                        files.append("plan/" + entry.path)
                    }
                    _ = try writer.finish()
                    return ExportedArchive(files: files, bytes: try FileDigest.size(url), sha256: try FileDigest.sha256(url))
                } catch let error as ArchiveWriteError {
                    throw .archiveWrite(error)
                } catch {
                    throw .malformed(vendor: descriptor.id, file: url.lastPathComponent, detail: "\\(error)")
                }
            }

            public func probe(_ listing: ArchiveListing) -> Int {
                guard let head = listing.head(Self.manifestPath) else { return 0 }
                return String(decoding: head, as: UTF8.self).contains("\\"\\(Self.formatName)\\"") ? 100 : 0
            }

            public func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
                var files: [String: Data] = [:]
                do {
                    try ArchiveReader(contentsOf: url).forEachEntry { entry, stream in
                        if entry.kind == .file { files[entry.path] = try stream.readAll() }
                    }
                } catch let error as ArchiveError {
                    throw .archive(error)
                } catch {
                    throw .malformed(vendor: descriptor.id, file: url.lastPathComponent, detail: "\\(error)")
                }
                guard let manifest = files[Self.manifestPath],
                      String(decoding: manifest, as: UTF8.self).contains("\\"\\(Self.formatName)\\"") else {
                    throw .malformed(vendor: descriptor.id, file: Self.manifestPath, detail: "missing, or not a \\(Self.formatName) manifest")
                }
                do {
                    let plan = try PlanDecoder.plan { path, limit throws(PlanPackageError) in
                        guard let data = files["plan/" + path] else { throw PlanPackageError(file: "plan/" + path, reason: .missingFile) }
                        guard data.count <= limit else { throw PlanPackageError(file: "plan/" + path, reason: .tooLarge(bytes: data.count, limit: limit)) }
                        return data
                    }
                    return IntakeResult(plan: plan)
                } catch {
                    throw .malformed(vendor: descriptor.id, file: error.file, detail: error.description)
                }
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
        | `\(id).json` | `{"format":"aligngate.\(id)","formatVersion":"0.1"}` |
        | `plan/…` | the plan's native `.alignplan` entries (docs/PLAN-FORMAT.md) |

        Probe: 100 when `\(id).json` names the format, else 0.

        """
    }

    var test: String {
        """
        import \(name)Vendor
        import Gateway
        import Testing
        import VendorConformance

        @Suite struct \(name)ConformanceTests {
            @Test func passesTheConformanceKit() throws {
                let report = ConformanceKit(adapter: \(name)Adapter(), others: try Registry.standard().adapters).run()
                #expect(report.passed, "\\(report)")
            }
        }

        """
    }
}
