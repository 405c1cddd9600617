import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Export (FORMAT.md, "Layout"): dicom-index.json, then per arch one Part 10 file per stage. Every file's
/// size is known before anything is baked (the DICOM attributes depend on the case, the STL's length on
/// triangle counts), so each stage file (prefix, baked STL, suffix) is made by a producer on the zip
/// writer's workers: every core, a bounded few stages alive at once (`ArchiveWriteOptions.entryWindow`).
enum DicomSTLWriter {
    static let vendor = DicomSTLFormat.vendor

    /// One stage file, planned before baking.
    struct PlannedStage {
        let jaw: Jaw
        let stage: Int
        let file: String
        let triangles: Int
        let instance: StageInstance
    }

    static func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        try MeshPreflight.check(plan, vendor: vendor, encoding: "STL", meshesTravelInStages: false)
        guard let dicomCase = DicomCase(plan.metadata) else {
            throw .malformed(vendor: vendor, file: url.lastPathComponent,
                             detail: "the plan's creation date \(ISODate.format(plan.metadata.created)) is outside the years 1–9999 a DICOM date can hold")
        }
        let planned: [[PlannedStage]]
        let index: Data
        do {
            planned = try plan.arches.map { arch throws(DicomWriter.Failure) in try stages(arch, dicomCase) }
            index = try indexDocument(plan, planned).encoded()
        } catch let failure as DicomWriter.Failure {
            throw .malformed(vendor: vendor, file: url.lastPathComponent, detail: "cannot be written as DICOM: \(failure)")
        } catch {
            throw .malformed(vendor: vendor, file: DicomSTLFormat.indexPath, detail: "the index cannot be encoded: \(error)")
        }
        return try VendorError.catching(vendor: vendor, file: url.lastPathComponent, context: "cannot write the archive: ") {
            let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip), overwrite: options.overwrite)
            try writer.add(DicomSTLFormat.indexPath, data: index, compression: DicomSTLFormat.compression)
            for (arch, stages) in zip(plan.arches, planned) {
                for stage in stages { try add(writer, stage, arch: arch, caseID: plan.metadata.caseID) }
            }
            return try ExportedArchive(writer.finish())
        }
    }

    /// Every stage file of `arch`: name, triangle count and DICOM bytes around the STL, without baking.
    static func stages(_ arch: Arch, _ c: DicomCase) throws(DicomWriter.Failure) -> [PlannedStage] {
        let digits = StageNaming.digits(for: arch)
        var out: [PlannedStage] = []
        for stage in arch.stages {
            let triangles = StageBaker.triangleCount(arch, stage: stage.index)
            let instance = try StageInstance(case: c, jaw: arch.jaw, stage: stage.index, digits: digits, stlLength: 84 + 50 * triangles)
            out.append(PlannedStage(jaw: arch.jaw, stage: stage.index,
                                    file: DicomSTLFormat.stagePath(arch.jaw, stage: stage.index, digits: digits),
                                    triangles: triangles, instance: instance))
        }
        return out
    }

    static func indexDocument(_ plan: TreatmentPlan, _ planned: [[PlannedStage]]) -> DicomIndex {
        DicomIndex(
            format: DicomSTLFormat.formatName, formatVersion: DicomSTLFormat.version, units: DicomSTLFormat.units,
            caseID: plan.metadata.caseID,
            arches: zip(plan.arches, planned).map { arch, stages in
                DicomIndex.ArchEntry(jaw: arch.jaw.rawValue, seriesNumber: DicomSTLFormat.seriesNumber(arch.jaw),
                                     stages: zip(arch.stages, stages).map { s, p in
                                         DicomIndex.StageEntry(index: s.index, passive: s.isPassive, overcorrection: s.isOvercorrection,
                                                               file: p.file, triangles: p.triangles)
                                     })
            })
    }

    /// Adds one stage file of known size, made whole on a zip worker (every core): the DICOM prefix, the STL
    /// (baked only then), the suffix; a baked model whose size differs from the plan's count fails the export.
    static func add(_ writer: ArchiveWriter, _ p: PlannedStage, arch: Arch, caseID: String) throws(ArchiveWriteError) {
        let label = DicomSTLFormat.stlLabel(caseID: caseID, jaw: p.jaw, stage: StageNaming.padded(p.stage, digits: 2))
        try writer.add(p.file, size: Int64(p.instance.size), compression: DicomSTLFormat.compression, produce: {
            let stl = StageBaker.binarySTL(arch, stage: p.stage, name: label).stl
            guard stl.count == p.instance.stlLength else {
                throw VendorError.malformed(vendor: vendor, file: p.file,
                                            detail: "the baked model has \(stl.count) bytes of STL, \(p.instance.stlLength) were planned (StageBaker changed?)")
            }
            var file = Data(capacity: p.instance.size)
            file.append(p.instance.prefix)
            file.append(stl)
            file.append(p.instance.suffix)
            return file
        })
    }
}
