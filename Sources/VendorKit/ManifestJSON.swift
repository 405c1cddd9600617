import Foundation

/// JSON manifests of vendor archives, written and read the same way by every adapter that has one.
///
/// Top-level keys come in the caller's order — the format name first, so the bytes a probe reads name the
/// format (JSONEncoder only guarantees an order when sorting, and a large "arches" would sort first) — and
/// every value inside is pretty-printed with sorted keys. Decoding errors name the key path.
public enum ManifestJSON {
    /// UTF-8, LF line ends, a final newline; Doubles in shortest round-trip form.
    public static func encode(_ fields: [(key: String, value: any Encodable)]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSON strings never hold a raw newline, so indenting after each one re-nests a value safely.
        func value(_ v: any Encodable) throws -> String {
            String(decoding: try encoder.encode(v), as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
        }
        let body = try fields.map { "  \"\($0.key)\" : \(try value($0.value))" }.joined(separator: ",\n")
        return Data("{\n\(body)\n}\n".utf8)
    }

    /// Decodes a manifest; the error names the key path (`arches[0].teeth[3].fdi`).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ManifestError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
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
    public static func path(_ keys: [any CodingKey]) -> String {
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
public struct ManifestError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var detail: String

    public init(field: String, detail: String) {
        self.field = field
        self.detail = detail
    }

    public var description: String { field.isEmpty ? detail : "\(field): \(detail)" }
}
