import Foundation

/// order.json's bytes. Top-level keys in a fixed order — `format` first — and everything inside
/// pretty-printed with sorted keys. JSONEncoder only guarantees an order when sorting (and "arches"
/// would sort first), so the top level is assembled here from separately encoded values.
enum OrderJSON {
    /// The encoded order, UTF-8, LF line ends, a final newline; Doubles in shortest round-trip form.
    static func encode(_ d: OrderDocument) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSON strings never hold a raw newline, so indenting after each one re-nests a value safely.
        func value(_ v: some Encodable) throws -> String {
            String(decoding: try encoder.encode(v), as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
        }
        let fields: [(String, String)] = [
            ("format", try value(d.format)), ("formatVersion", try value(d.formatVersion)),
            ("units", try value(d.units)), ("numbering", try value(d.numbering)),
            ("case", try value(d.case)), ("arches", try value(d.arches)),
        ]
        let body = fields.map { "  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n")
        return Data("{\n\(body)\n}\n".utf8)
    }

    /// Decodes the order; the error names the key path (`arches[0].stages[3].triangles`).
    static func decode(_ data: Data) throws(OrderError) -> OrderDocument {
        do {
            return try JSONDecoder().decode(OrderDocument.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw OrderError(field: "", detail: "not readable as JSON: \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> OrderError {
        switch error {
        case let .keyNotFound(key, ctx):
            return OrderError(field: path(ctx.codingPath + [key]), detail: "missing key")
        case let .typeMismatch(type, ctx):
            return OrderError(field: path(ctx.codingPath), detail: "wrong type, expected \(type)")
        case let .valueNotFound(type, ctx):
            return OrderError(field: path(ctx.codingPath), detail: "null where \(type) is required")
        case let .dataCorrupted(ctx):
            let detail = ctx.codingPath.isEmpty ? "not valid JSON (\(ctx.debugDescription))" : ctx.debugDescription
            return OrderError(field: path(ctx.codingPath), detail: detail)
        @unknown default:
            return OrderError(field: "", detail: "\(error)")
        }
    }

    /// `arches[0].stages[3].model` from a coding path.
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

/// An order that cannot be read: the key path (empty for the whole file) and what is wrong.
struct OrderError: Error, Equatable, CustomStringConvertible {
    var field: String
    var detail: String

    var description: String { field.isEmpty ? detail : "\(field): \(detail)" }
}
