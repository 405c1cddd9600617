import Foundation
import PlanModel
import VendorKit

/// dicom-index.json (FORMAT.md, "dicom-index.json"): what the DICOM files cannot say — the case id in
/// full, which file is which arch and stage, the passive and overcorrection flags — plus each file's
/// triangle count, so any tool can check a file without parsing the plan.
struct DicomIndex: Codable, Equatable {
    var format: String
    var formatVersion: String
    var units: String
    var caseID: String
    /// At most one per jaw, upper first.
    var arches: [ArchEntry]

    struct ArchEntry: Codable, Equatable {
        var jaw: String
        /// The DICOM Series Number of the arch's files (1 upper, 2 lower).
        var seriesNumber: Int
        /// In the plan's stage order.
        var stages: [StageEntry]
    }

    struct StageEntry: Codable, Equatable {
        var index: Int
        var passive: Bool
        var overcorrection: Bool
        /// `<jaw>/stage-NN.dcm`.
        var file: String
        /// Triangles of the encapsulated STL.
        var triangles: Int
    }

    /// The bytes: `format` first (a probe reads the first bytes), then the rest (ManifestJSON).
    func encoded() throws -> Data {
        try ManifestJSON.encode([("format", format), ("formatVersion", formatVersion), ("units", units), ("caseID", caseID),
                                 ("arches", arches)])
    }

    /// Decodes and checks the index; the error names the key path (`arches[0].stages[2].file`).
    static func decode(_ data: Data) throws(ManifestError) -> DicomIndex {
        let index = try ManifestJSON.decode(DicomIndex.self, from: data)
        try index.validate()
        return index
    }

    func validate() throws(ManifestError) {
        guard format == DicomSTLFormat.formatName else {
            throw ManifestError(field: "format", detail: "is '\(format)', expected '\(DicomSTLFormat.formatName)'")
        }
        _ = try FormatVersion.gate(formatVersion, reader: DicomSTLFormat.version, field: "formatVersion")
        guard units == DicomSTLFormat.units else { throw ManifestError(field: "units", detail: "is '\(units)', expected 'mm'") }
        var jaws = Set<String>(), files = Set<String>()
        for (a, arch) in arches.enumerated() {
            guard Jaw(rawValue: arch.jaw) != nil else {
                throw ManifestError(field: "arches[\(a)].jaw", detail: "'\(arch.jaw)' is neither upper nor lower")
            }
            guard jaws.insert(arch.jaw).inserted else { throw ManifestError(field: "arches[\(a)].jaw", detail: "\(arch.jaw) is listed twice") }
            for (s, stage) in arch.stages.enumerated() {
                let field = "arches[\(a)].stages[\(s)]"
                guard stage.index >= 0 else { throw ManifestError(field: "\(field).index", detail: "is negative") }
                guard stage.triangles >= 0 else { throw ManifestError(field: "\(field).triangles", detail: "is negative") }
                guard stage.file.hasSuffix(".dcm"), stage.file != DicomSTLFormat.indexPath else {
                    throw ManifestError(field: "\(field).file", detail: "'\(stage.file)' is not a .dcm file name")
                }
                guard files.insert(stage.file).inserted else {
                    throw ManifestError(field: "\(field).file", detail: "'\(stage.file)' is named twice")
                }
            }
        }
    }
}
