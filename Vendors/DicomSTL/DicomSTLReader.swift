import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): dicom-index.json first (its own pass), then one streaming pass over the
/// entries — each listed file parsed as Part 10, checked against the IOD, the index and the files before
/// it, its STL decoded — holding one file at a time. The plan is what an unsegmented format can give:
/// per arch no teeth, the stage-0 model as gingiva (the whole baked arch), and the index's stages with
/// their flags and no poses.
final class DicomSTLReader {
    static let vendor = DicomSTLFormat.vendor

    private let index: DicomIndex
    /// File → (arch position in the index, stage index).
    private let listed: [String: (arch: Int, stage: Int, triangles: Int)]
    private var gingiva: [Int: TriangleMesh] = [:]
    private var first: InstanceRecord?
    private var seriesByArch: [Int: (uid: String, file: String)] = [:]
    private var done: Set<String> = []
    private var unknown: [String] = []

    private init(index: DicomIndex) {
        self.index = index
        var listed: [String: (arch: Int, stage: Int, triangles: Int)] = [:]
        for (a, arch) in index.arches.enumerated() {
            for stage in arch.stages { listed[stage.file] = (a, stage.index, stage.triangles) }
        }
        self.listed = listed
    }

    static func read(_ url: URL) throws(VendorError) -> IntakeResult {
        let (reader, data) = try ManifestEntry.open(
            url, vendor: vendor, manifest: DicomSTLFormat.indexPath,
            missing: "missing: every dicom-stl archive holds dicom-index.json, which names its arches and stages")
        let index: DicomIndex
        do { index = try DicomIndex.decode(data) } catch {
            throw .malformed(vendor: vendor, file: DicomSTLFormat.indexPath, detail: error.description)
        }
        let state = DicomSTLReader(index: index)
        try VendorError.catching(vendor: vendor, file: reader.name) {
            try reader.forEachEntry { entry, stream in
                guard entry.kind == .file, entry.path != DicomSTLFormat.indexPath else { return }
                guard state.listed[entry.path] != nil else {
                    state.unknown.append(entry.path)
                    return
                }
                try state.stage(entry.path, try stream.readAll())
            }
        }
        return try state.finish()
    }

    /// One stage file: Part 10 structure, the IOD's values, consistency with the files before it, the STL.
    private func stage(_ path: String, _ bytes: Data) throws {
        guard let (a, stage, triangles) = listed[path] else { return }
        let file: DicomFile
        do { file = try DicomReader.read(bytes, file: path) } catch {
            throw VendorError.malformed(vendor: Self.vendor, file: path, detail: error.description)
        }
        let record = try InstanceCheck.record(file, file: path, stage: stage)
        try consistent(record, arch: a)
        let soup = try STLCodec.decodeTriangles(record.stl, source: path)
        guard soup.count == triangles * 9 else {
            throw VendorError.malformed(vendor: Self.vendor, file: path,
                                        detail: "the encapsulated STL holds \(soup.count / 9) triangles; dicom-index.json says \(triangles)")
        }
        // Only the stage-0 model enters the plan; the other stages' geometry stays in the archive.
        if stage == 0 { gingiva[a] = STLCodec.weldTriangles(soup[...]) }
        done.insert(path)
    }

    /// One study (and patient) for the whole archive, one series per arch, different series for the arches.
    private func consistent(_ r: InstanceRecord, arch a: Int) throws(VendorError) {
        func fail(_ detail: String) -> VendorError { .malformed(vendor: Self.vendor, file: r.file, detail: detail) }
        if let f = first {
            guard r.studyUID == f.studyUID else {
                throw fail("\(DicomTag.studyInstanceUID.named) \(r.studyUID) differs from \(f.studyUID) in \(f.file): every file of a case is one study")
            }
            guard r.patientID == f.patientID else {
                throw fail("\(DicomTag.patientID.named) differs from \(f.file)'s: every file of a case belongs to one patient")
            }
            guard r.created == f.created else {
                throw fail("\(DicomTag.studyDate.named) / \(DicomTag.studyTime.named) differ from \(f.file)'s: one study has one date")
            }
        } else {
            first = r
        }
        if let series = seriesByArch[a] {
            guard r.seriesUID == series.uid else {
                throw fail("\(DicomTag.seriesInstanceUID.named) \(r.seriesUID) differs from \(series.uid) in \(series.file): every file of an arch is one series")
            }
        } else {
            if let other = seriesByArch.first(where: { $0.value.uid == r.seriesUID }) {
                throw fail("\(DicomTag.seriesInstanceUID.named) is the same as \(other.value.file)'s, which belongs to the other arch")
            }
            seriesByArch[a] = (r.seriesUID, r.file)
        }
    }

    /// Every listed file must have been read; the plan and the notes on what it cannot hold.
    private func finish() throws(VendorError) -> IntakeResult {
        for arch in index.arches {
            for stage in arch.stages where !done.contains(stage.file) {
                throw .malformed(vendor: Self.vendor, file: stage.file,
                                 detail: "listed in dicom-index.json (\(arch.jaw) stage \(stage.index)) but missing from the archive")
            }
        }
        var findings: [Finding] = []
        var arches: [Arch] = []
        for (a, entry) in index.arches.enumerated() {
            guard let jaw = Jaw(rawValue: entry.jaw) else { continue }  // the index was validated
            let stages = entry.stages.map { Stage(index: $0.index, isPassive: $0.passive, isOvercorrection: $0.overcorrection) }
            arches.append(Arch(jaw: jaw, teeth: [], gingiva: gingiva[a], stages: stages))
            let base = entry.stages.first { $0.index == 0 }?.file
            findings.append(Finding(DicomSTLFormat.Code.unsegmented, .note, at: FindingLocation(arch: jaw, file: base),
                                    message: "dicom-stl stores whole-arch models only: the \(jaw.rawValue) arch was read without teeth, poses, attachments or IPR; its gingiva is the stage-0 model (the whole baked arch) and its \(stages.count) stage(s) carry flags only — the geometry of stages after 0 stays in the archive and is not represented in the plan.",
                                    remedy: "Use the segmented source (.alignplan or generic-stl) to edit, restage or convert the plan; use this archive for viewing and archiving."))
        }
        for path in unknown {
            findings.append(Finding(DicomSTLFormat.Code.unknownEntry, .note, at: FindingLocation(file: path),
                                    message: "\(path) is not listed in dicom-index.json and was ignored.",
                                    remedy: "None needed; remove \(path) from the archive if it should not travel with the case."))
        }
        let f = first
        let metadata = CaseMetadata(caseID: index.caseID, patientReference: f?.patientID ?? "",
                                    doctor: f?.referringPhysician ?? "", created: Date(timeIntervalSince1970: f?.created ?? 0),
                                    wearIntervalDays: DicomSTLAdapter.profile.defaultWearIntervalDays)
        return IntakeResult(plan: TreatmentPlan(metadata: metadata, arches: arches), report: Report(findings))
    }
}
