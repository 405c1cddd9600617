import Foundation

/// print-manifest.json's bytes. The top level is assembled in a fixed order — `format` first, so the
/// first bytes a probe reads name the format (sorted keys would put the large "arches" first and
/// JSONEncoder only guarantees an order when sorting); every value inside is pretty-printed with sorted keys.
enum PrintManifestJSON {
    /// UTF-8, LF line ends, a final newline; Doubles in shortest round-trip form.
    static func encode(_ m: PrintManifest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSON strings never hold a raw newline, so indenting after each one re-nests a value safely.
        func value(_ v: some Encodable) throws -> String {
            String(decoding: try encoder.encode(v), as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
        }
        let fields: [(String, String)] = [
            ("format", try value(m.format)), ("formatVersion", try value(m.formatVersion)), ("unit", try value(m.unit)),
            ("case", try value(m.case)), ("arches", try value(m.arches)),
        ]
        return Data(("{\n" + fields.map { "  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n") + "\n}\n").utf8)
    }

    /// Decodes the manifest; the error text names the key path (`arches[0].teeth[3].fdi`).
    static func decode(_ data: Data) throws(ManifestError) -> PrintManifest {
        do {
            return try JSONDecoder().decode(PrintManifest.self, from: data)
        } catch let error as DecodingError {
            switch error {
            case let .keyNotFound(key, ctx): throw ManifestError(ctx.codingPath + [key], "missing key")
            case let .typeMismatch(type, ctx): throw ManifestError(ctx.codingPath, "wrong type, expected \(type)")
            case let .valueNotFound(type, ctx): throw ManifestError(ctx.codingPath, "null where \(type) is required")
            case let .dataCorrupted(ctx):
                throw ManifestError(ctx.codingPath, ctx.codingPath.isEmpty ? "not valid JSON (\(ctx.debugDescription))" : ctx.debugDescription)
            @unknown default: throw ManifestError([], "\(error)")
            }
        } catch {
            throw ManifestError([], "not readable as JSON: \(error)")
        }
    }
}

/// A manifest value that cannot be used: the key path (empty for the whole file) and what is wrong.
struct ManifestError: Error, Equatable, CustomStringConvertible {
    var field: String
    var detail: String

    init(field: String, _ detail: String) {
        self.field = field
        self.detail = detail
    }

    init(_ keys: [any CodingKey], _ detail: String) {
        var out = ""
        for key in keys {
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        self.init(field: out, detail)
    }

    var description: String { field.isEmpty ? detail : "\(field): \(detail)" }
}
