import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Reads a print-3mf archive back into a plan (FORMAT.md, "Intake"): the manifest first, then every
/// stage 3MF in one streaming pass — one 3MF in memory at a time, meshes kept from stage 0 only.
enum Print3MFReader {
    static func read(_ url: URL, options: IntakeOptions, vendor: String) throws(VendorError) -> IntakeResult {
        let (archive, manifestData) = try ManifestEntry.open(url, vendor: vendor, manifest: Print3MFFormat.manifestPath,
                                                             password: options.password,
                                                             missing: "the archive has no \(Print3MFFormat.manifestPath)")
        let parts = try ManifestEntry.decode(PrintManifest.self, manifestData, vendor: vendor, path: Print3MFFormat.manifestPath,
                                             values: ManifestValues.plan)

        var slots: [String: (arch: Int, stage: Int)] = [:]
        for (a, arch) in parts.arches.enumerated() {
            for (s, stage) in arch.stages.enumerated() { slots[stage.file] = (a, s) }
        }
        let verified = VerifiedMeshes()
        let collected = StageReads()
        try VendorError.catching(vendor: vendor, file: url.lastPathComponent) {
            // A missing 3MF is found from the headers, before any model is parsed.
            let listed = try archive.entries().filter { $0.kind == .file }
            let present = Set(listed.map(\.path))
            if let missing = parts.arches.flatMap(\.stages).map(\.file).first(where: { !present.contains($0) }) {
                throw VendorError.malformed(vendor: vendor, file: missing, detail: "listed in \(Print3MFFormat.manifestPath) but missing from the archive")
            }
            let stageFiles = listed.filter { slots[$0.path] != nil }
            options.progress?.begin("intake \(vendor)", units: stageFiles.count,
                                    bytes: stageFiles.reduce(Int64(0)) { $0 + max(0, $1.declaredSize ?? 0) })
            defer { options.progress?.finish() }
            // Every stage 3MF is read and checked on its own core, one 3MF per worker at a time.
            let progress = options.progress, slots = slots
            try archive.forEachEntryConcurrently(where: { $0.kind == .file && $0.path != Print3MFFormat.manifestPath }) { entry, data in
                guard let slot = slots[entry.path] else {
                    collected.unknown(entry.path)
                    return
                }
                let arch = parts.arches[slot.arch], stage = arch.stages[slot.stage]
                let model: ThreeMFModel
                do {
                    model = try ThreeMFArchive.read(data, source: entry.path)
                } catch let error as Print3MFReadError {
                    switch error {
                    case let .archive(e): throw VendorError.malformed(vendor: vendor, file: entry.path, detail: "not a readable 3MF: \(e.description)")
                    case let .threeMF(e): throw VendorError.malformed(vendor: vendor, file: entry.path, detail: e.description)
                    }
                }
                let reader = StageReader(vendor: vendor, file: entry.path, caseID: parts.metadata.caseID, layout: parts.layout,
                                         arch: arch, stage: stage, verified: verified)
                collected.add(entry.path, slot: slot, try reader.read(model, keepMeshes: stage.index == 0))
                progress?.advance(units: 1, bytes: Int64(data.count))
            }
        }
        let (reads, findings) = collected.result()

        var arches: [Arch] = []
        for arch in parts.arches {
            var stages: [Stage] = []
            var initial: StageRead?
            for stage in arch.stages {
                guard let read = reads[stage.file] else {
                    throw .malformed(vendor: vendor, file: stage.file, detail: "listed in \(Print3MFFormat.manifestPath) but missing from the archive")
                }
                if stage.index == 0 { initial = read }
                stages.append(Stage(index: stage.index, poses: read.poses, isPassive: stage.passive, isOvercorrection: stage.overcorrection))
            }
            guard let initial else {
                throw .malformed(vendor: vendor, file: Print3MFFormat.manifestPath, detail: "the \(arch.jaw.rawValue) arch has no stage 0 to take the crowns from")
            }
            let teeth = arch.teeth.map { t in
                Tooth(id: t.id, status: t.status, crown: t.crown == nil ? nil : initial.crowns[t.id], frame: t.frame)
            }
            arches.append(Arch(jaw: arch.jaw, teeth: teeth, gingiva: arch.gingiva == nil ? nil : initial.gingiva, stages: stages,
                               attachments: arch.attachments, ipr: arch.ipr))
        }
        return IntakeResult(plan: TreatmentPlan(metadata: parts.metadata, arches: arches), report: Report(findings))
    }
}

/// What the workers read, kept under a lock; findings come out in manifest (arch, stage) order, then
/// the unlisted entries by name, whichever worker finished first.
private final class StageReads: @unchecked Sendable {
    private let lock = NSLock()
    private var reads: [String: StageRead] = [:]
    private var slots: [String: (arch: Int, stage: Int)] = [:]
    private var unknownPaths: [String] = []

    func add(_ path: String, slot: (arch: Int, stage: Int), _ read: StageRead) {
        lock.withLock {
            reads[path] = read
            slots[path] = slot
        }
    }

    func unknown(_ path: String) { lock.withLock { unknownPaths.append(path) } }

    func result() -> (reads: [String: StageRead], findings: [Finding]) {
        lock.withLock {
            let ordered = reads.keys.sorted { a, b in
                let x = slots[a] ?? (0, 0), y = slots[b] ?? (0, 0)
                return (x.arch, x.stage) < (y.arch, y.stage)
            }
            var findings = ordered.flatMap { reads[$0]?.findings ?? [] }
            for path in unknownPaths.sorted() {
                findings.append(Finding(Print3MFFormat.Code.unknownEntry, .warning, at: FindingLocation(file: path),
                                        message: "\(path) is not listed in \(Print3MFFormat.manifestPath); intake ignores it.",
                                        remedy: "Remove it, or re-export the case if it should be part of the plan."))
            }
            return (reads, findings)
        }
    }
}
