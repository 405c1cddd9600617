/// A Codable key path in the words every manifest error uses: `arches[0].teeth[3].fdi`.
public enum CodingPath {
    /// `arches[0].teeth[3].fdi` from a coding path (empty for the document itself).
    public static func text(_ keys: [any CodingKey]) -> String {
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

/// A `DecodingError` taken apart once: the key path at fault and what is wrong there. Every reader of a
/// JSON document (the vendor manifests, plan.json, Teeth3DS labels) words its refusal from these parts.
public struct DecodingFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong at `field`.
    public enum Kind: Sendable, Equatable {
        /// The key `field` ends with is absent.
        case missingKey
        /// A value of another type; the type expected, in Swift's spelling.
        case typeMismatch(expected: String)
        /// `null` where a value is required; the type expected.
        case null(expected: String)
        /// Not JSON, or a value a decoder refused (its own words).
        case corrupted(String)
    }

    /// The key path (`arches[0].teeth[3].fdi`); empty for the whole document.
    public var field: String
    /// The key path's last key alone (for a missing key: the key that is missing).
    public var key: String
    public var kind: Kind
    /// The decoder's own words on the failure (`DecodingError.Context.debugDescription`).
    public var context: String

    public init(field: String, key: String, kind: Kind, context: String = "") {
        self.field = field
        self.key = key
        self.kind = kind
        self.context = context
    }

    /// The parts of `error`.
    public init(_ error: DecodingError) {
        switch error {
        case let .keyNotFound(key, ctx):
            self.init(field: CodingPath.text(ctx.codingPath + [key]), key: key.stringValue, kind: .missingKey,
                      context: ctx.debugDescription)
        case let .typeMismatch(type, ctx):
            self.init(field: CodingPath.text(ctx.codingPath), key: ctx.codingPath.last?.stringValue ?? "",
                      kind: .typeMismatch(expected: "\(type)"), context: ctx.debugDescription)
        case let .valueNotFound(type, ctx):
            self.init(field: CodingPath.text(ctx.codingPath), key: ctx.codingPath.last?.stringValue ?? "",
                      kind: .null(expected: "\(type)"), context: ctx.debugDescription)
        case let .dataCorrupted(ctx):
            self.init(field: CodingPath.text(ctx.codingPath), key: ctx.codingPath.last?.stringValue ?? "",
                      kind: .corrupted(ctx.debugDescription), context: ctx.debugDescription)
        @unknown default:
            self.init(field: "", key: "", kind: .corrupted("\(error)"))
        }
    }

    /// What is wrong, without the path: "missing key", "wrong type, expected Int", …
    public var detail: String {
        switch kind {
        case .missingKey: return "missing key"
        case let .typeMismatch(expected): return "wrong type, expected \(expected)"
        case let .null(expected): return "null where \(expected) is required"
        case let .corrupted(words): return field.isEmpty ? "not valid JSON (\(words))" : words
        }
    }

    public var description: String { field.isEmpty ? detail : "\(field): \(detail)" }
}
