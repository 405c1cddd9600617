import Foundation
import PlanModel

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

    /// The bytes: top-level keys in a fixed order with `format` first (a probe reads the first bytes),
    /// nested objects pretty-printed with sorted keys; UTF-8, LF line ends, a final newline.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSON strings never hold a raw newline, so indenting after each one re-nests a value safely.
        func value(_ v: some Encodable) throws -> String {
            String(decoding: try encoder.encode(v), as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
        }
        let fields: [(String, String)] = [
            ("format", try value(format)), ("formatVersion", try value(formatVersion)), ("units", try value(units)),
            ("caseID", try value(caseID)), ("arches", try value(arches)),
        ]
        let body = fields.map { "  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n")
        return Data("{\n\(body)\n}\n".utf8)
    }

    /// Decodes and checks the index; the error names the key path (`arches[0].stages[2].file`).
    static func decode(_ data: Data) throws(IndexError) -> DicomIndex {
        let index: DicomIndex
        do {
            index = try JSONDecoder().decode(DicomIndex.self, from: data)
        } catch let error as DecodingError {
            throw IndexError.describing(error)
        } catch {
            throw IndexError(field: "", detail: "not readable as JSON: \(error)")
        }
        try index.validate()
        return index
    }

    func validate() throws(IndexError) {
        guard format == DicomSTLFormat.formatName else {
            throw IndexError(field: "format", detail: "is '\(format)', expected '\(DicomSTLFormat.formatName)'")
        }
        let major = formatVersion.split(separator: ".").first.flatMap { Int($0) }
        guard let major, major <= DicomSTLFormat.majorVersion else {
            throw IndexError(field: "formatVersion", detail: "'\(formatVersion)' is not MAJOR.MINOR with major ≤ \(DicomSTLFormat.majorVersion); this reader takes \(DicomSTLFormat.version)")
        }
        guard units == DicomSTLFormat.units else { throw IndexError(field: "units", detail: "is '\(units)', expected 'mm'") }
        var jaws = Set<String>(), files = Set<String>()
        for (a, arch) in arches.enumerated() {
            guard Jaw(rawValue: arch.jaw) != nil else {
                throw IndexError(field: "arches[\(a)].jaw", detail: "'\(arch.jaw)' is neither upper nor lower")
            }
            guard jaws.insert(arch.jaw).inserted else { throw IndexError(field: "arches[\(a)].jaw", detail: "\(arch.jaw) is listed twice") }
            for (s, stage) in arch.stages.enumerated() {
                let field = "arches[\(a)].stages[\(s)]"
                guard stage.index >= 0 else { throw IndexError(field: "\(field).index", detail: "is negative") }
                guard stage.triangles >= 0 else { throw IndexError(field: "\(field).triangles", detail: "is negative") }
                guard stage.file.hasSuffix(".dcm"), stage.file != DicomSTLFormat.indexPath else {
                    throw IndexError(field: "\(field).file", detail: "'\(stage.file)' is not a .dcm file name")
                }
                guard files.insert(stage.file).inserted else {
                    throw IndexError(field: "\(field).file", detail: "'\(stage.file)' is named twice")
                }
            }
        }
    }
}

/// An index that cannot be read: the key path (empty for the whole file) and what is wrong.
struct IndexError: Error, Equatable, CustomStringConvertible {
    var field: String
    var detail: String

    var description: String { field.isEmpty ? detail : "\(field): \(detail)" }

    static func describing(_ error: DecodingError) -> IndexError {
        switch error {
        case let .keyNotFound(key, ctx): return IndexError(field: path(ctx.codingPath + [key]), detail: "missing key")
        case let .typeMismatch(type, ctx): return IndexError(field: path(ctx.codingPath), detail: "wrong type, expected \(type)")
        case let .valueNotFound(type, ctx): return IndexError(field: path(ctx.codingPath), detail: "null where \(type) is required")
        case let .dataCorrupted(ctx):
            return IndexError(field: path(ctx.codingPath),
                              detail: ctx.codingPath.isEmpty ? "not valid JSON (\(ctx.debugDescription))" : ctx.debugDescription)
        @unknown default: return IndexError(field: "", detail: "\(error)")
        }
    }

    /// `arches[0].stages[2].file` from a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { out, key in
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
    }
}
