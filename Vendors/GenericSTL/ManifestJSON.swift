import Foundation

/// manifest.json's bytes. Top-level keys come in a fixed order — `format` first, so the first bytes a
/// probe reads name the format — and everything inside is pretty-printed with sorted keys. JSONEncoder
/// only guarantees an order when sorting (and "arches" would sort first), so the top level is assembled
/// here from separately encoded values.
enum ManifestJSON {
    /// The encoded manifest, UTF-8, LF line ends, a final newline; Doubles in shortest round-trip form.
    static func encode(_ m: GenericSTLManifest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSON strings never hold a raw newline, so indenting after each one re-nests a value safely.
        func value(_ v: some Encodable) throws -> String {
            String(decoding: try encoder.encode(v), as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
        }
        let fields: [(String, String)] = [
            ("format", try value(m.format)), ("formatVersion", try value(m.formatVersion)),
            ("units", try value(m.units)), ("numbering", try value(m.numbering)),
            ("case", try value(m.case)), ("arches", try value(m.arches)),
        ]
        let body = fields.map { "  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n")
        return Data("{\n\(body)\n}\n".utf8)
    }

    /// Decodes the manifest; the error text names the key path (`arches[0].teeth[3].fdi`).
    static func decode(_ data: Data) throws(ManifestError) -> GenericSTLManifest {
        do {
            return try JSONDecoder().decode(GenericSTLManifest.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw ManifestError(field: "", detail: "not readable as JSON: \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> ManifestError {
        switch error {
        case let .keyNotFound(key, ctx):
            return ManifestError(field: path(ctx.codingPath + [key]), detail: "missing key")
        case let .typeMismatch(type, ctx):
            return ManifestError(field: path(ctx.codingPath), detail: "wrong type, expected \(type)")
        case let .valueNotFound(type, ctx):
            return ManifestError(field: path(ctx.codingPath), detail: "null where \(type) is required")
        case let .dataCorrupted(ctx):
            let detail = ctx.codingPath.isEmpty ? "not valid JSON (\(ctx.debugDescription))" : ctx.debugDescription
            return ManifestError(field: path(ctx.codingPath), detail: detail)
        @unknown default:
            return ManifestError(field: "", detail: "\(error)")
        }
    }

    /// `arches[0].teeth[3].fdi` from a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out
    }
}

/// A manifest that cannot be read: the key path (empty for the whole file) and what is wrong.
struct ManifestError: Error, Equatable, CustomStringConvertible {
    var field: String
    var detail: String

    var description: String { field.isEmpty ? detail : "\(field): \(detail)" }
}
