import Foundation

/// JSON manifests of vendor archives (and plan.json's reading), written and read the same way by every
/// format that has one.
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
            let failure = DecodingFailure(error)
            throw ManifestError(field: failure.field, detail: failure.detail)
        } catch {
            throw ManifestError(field: "", detail: "not readable as JSON: \(error)")
        }
    }

    /// `arches[0].teeth[3].fdi` from a coding path.
    public static func path(_ keys: [any CodingKey]) -> String { CodingPath.text(keys) }
}

/// A manifest that cannot be read: the key path (empty for the whole file) and what is wrong.
public struct ManifestError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var detail: String

    public init(field: String, detail: String) {
        self.field = field
        self.detail = detail
    }

    /// The refusal of a version gate, under `field` (usually "formatVersion").
    public init(field: String, _ refusal: FormatVersion.Refusal) {
        self.init(field: field, detail: refusal.description)
    }

    public var description: String { field.isEmpty ? detail : "\(field): \(detail)" }
}

extension FormatVersion {
    /// The gate, refusing as a `ManifestError` under `field`.
    public static func gate(_ text: String, reader: String, field: String) throws(ManifestError) -> FormatVersion {
        do { return try gate(text, reader: reader) } catch { throw ManifestError(field: field, error) }
    }
}

extension ManifestError {
    /// Refuses `found` unless it is `expected`, under `field`: "units: 'cm' is not mm".
    public static func expect(_ found: String, is expected: String, field: String) throws(ManifestError) {
        guard found == expected else { throw ManifestError(field: field, detail: "'\(found)' is not \(expected)") }
    }
}
