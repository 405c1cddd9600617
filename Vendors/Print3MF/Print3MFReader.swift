import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Reads a print-3mf archive back into a plan (FORMAT.md, "Intake"): the manifest first, then every
/// stage 3MF in one streaming pass — one 3MF in memory at a time, meshes kept from stage 0 only.
enum Print3MFReader {
    static func read(_ url: URL, options: IntakeOptions, vendor: String) throws(VendorError) -> IntakeResult {
        let archive: ArchiveReader
        let manifestData: Data
        do {
            archive = try ArchiveReader(contentsOf: url, password: options.password)
            manifestData = try archive.data(of: Print3MFFormat.manifestPath)
        } catch {
            if error.rule == .entryNotFound {
                throw .malformed(vendor: vendor, file: Print3MFFormat.manifestPath, detail: "the archive has no \(Print3MFFormat.manifestPath)")
            }
            throw .archive(error)
        }
        let parts: ManifestPlan
        do {
            parts = try ManifestValues.plan(try PrintManifestJSON.decode(manifestData))
        } catch {
            throw .malformed(vendor: vendor, file: Print3MFFormat.manifestPath, detail: error.description)
        }

        var slots: [String: (arch: Int, stage: Int)] = [:]
        for (a, arch) in parts.arches.enumerated() {
            for (s, stage) in arch.stages.enumerated() { slots[stage.file] = (a, s) }
        }
        var reads: [String: StageRead] = [:]
        var findings: [Finding] = []
        let verified = VerifiedMeshes()
        do {
            // A missing 3MF is found from the headers, before any model is parsed.
            let present = Set(try archive.entries().filter { $0.kind == .file }.map(\.path))
            if let missing = parts.arches.flatMap(\.stages).map(\.file).first(where: { !present.contains($0) }) {
                throw VendorError.malformed(vendor: vendor, file: missing, detail: "listed in \(Print3MFFormat.manifestPath) but missing from the archive")
            }
            try archive.forEachEntry { entry, stream in
                guard entry.kind == .file, entry.path != Print3MFFormat.manifestPath else { return }
                guard let slot = slots[entry.path] else {
                    findings.append(Finding(Print3MFFormat.Code.unknownEntry, .warning, at: FindingLocation(file: entry.path),
                                            message: "\(entry.path) is not listed in \(Print3MFFormat.manifestPath); intake ignores it.",
                                            remedy: "Remove it, or re-export the case if it should be part of the plan."))
                    return
                }
                let arch = parts.arches[slot.arch], stage = arch.stages[slot.stage]
                let model: ThreeMFModel
                do {
                    model = try ThreeMFArchive.read(try stream.readAll(), source: entry.path)
                } catch let error as Print3MFReadError {
                    switch error {
                    case let .archive(e): throw VendorError.malformed(vendor: vendor, file: entry.path, detail: "not a readable 3MF: \(e.description)")
                    case let .threeMF(e): throw VendorError.malformed(vendor: vendor, file: entry.path, detail: e.description)
                    }
                }
                let reader = StageReader(vendor: vendor, file: entry.path, caseID: parts.metadata.caseID, layout: parts.layout,
                                         arch: arch, stage: stage, verified: verified)
                let read = try reader.read(model, keepMeshes: stage.index == 0)
                findings += read.findings
                reads[entry.path] = read
            }
        } catch let error as VendorError {
            throw error
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .malformed(vendor: vendor, file: url.lastPathComponent, detail: "\(error)")
        }

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
