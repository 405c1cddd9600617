import Foundation
import IntakeService
import Yams

/// The OpenAPI document as data (parsed by Yams, a YAML reader no one here wrote), and response bodies
/// checked against its schemas: the subset of JSON Schema 2020-12 the document uses — `$ref` to
/// components, `type` (one or a list), `enum`, `const`, `required`, `properties`, `additionalProperties`,
/// `items`, `oneOf`. Any other keyword in the document is reported, so the check never passes by ignoring it.
struct OpenAPIContract: @unchecked Sendable {
    /// Read once and never changed (the YAML reader gives `Any`, which is not Sendable).
    let root: [String: Any]

    static let known: Set<String> = ["$ref", "type", "enum", "const", "required", "properties", "additionalProperties", "items",
                                     "oneOf", "description", "format"]

    init(_ yaml: String = OpenAPIDocument.yaml) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any] else { throw Problem("the document is not a YAML mapping") }
        self.root = root
    }

    struct Problem: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// "METHOD path" → that operation's object.
    var operations: [String: [String: Any]] {
        var found: [String: [String: Any]] = [:]
        for (path, item) in root["paths"] as? [String: Any] ?? [:] {
            for (method, operation) in item as? [String: Any] ?? [:] {
                if let operation = operation as? [String: Any] { found["\(method.uppercased()) \(path)"] = operation }
            }
        }
        return found
    }

    /// The response statuses each operation documents.
    var statuses: [String: Set<String>] {
        operations.mapValues { Set(($0["responses"] as? [String: Any] ?? [:]).keys.map { "\($0)" }) }
    }

    /// The JSON schema of `operation`'s `status` response; nil if it is not JSON or not documented.
    func schema(_ operation: String, status: Int) throws -> [String: Any]? {
        guard let responses = operations[operation]?["responses"] as? [String: Any],
              var response = responses[String(status)] as? [String: Any] else { return nil }
        if let ref = response["$ref"] as? String { response = try resolve(ref) }
        let content = response["content"] as? [String: Any]
        return (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
    }

    func resolve(_ ref: String) throws -> [String: Any] {
        guard ref.hasPrefix("#/") else { throw Problem("\(ref): only references into this document are supported") }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(part)] else { throw Problem("\(ref): no \(part) in the document") }
            node = next
        }
        guard let schema = node as? [String: Any] else { throw Problem("\(ref) is not an object") }
        return schema
    }

    /// Where `body` departs from the schema of `operation`'s `status` response (empty: it conforms).
    func problems(_ body: Data, _ operation: String, status: Int) throws -> [String] {
        guard let schema = try schema(operation, status: status) else { return ["\(operation) documents no JSON response \(status)"] }
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: body) } catch { return ["the body is not JSON: \(error)"] }
        return try problems(value, schema, at: "$")
    }

    func problems(_ value: JSONValue, _ schema: [String: Any], at path: String) throws -> [String] {
        if let unknown = schema.keys.first(where: { !Self.known.contains($0) }) {
            throw Problem("\(path): the schema uses \(unknown), which this check does not implement")
        }
        if let ref = schema["$ref"] as? String { return try problems(value, try resolve(ref), at: path) }
        var found: [String] = []
        if let type = schema["type"] {
            let allowed = (type as? [String]) ?? [type as? String ?? ""]
            guard allowed.contains(where: value.isOf) else { return ["\(path): \(value.kind), expected \(allowed.joined(separator: " or "))"] }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { value.equals($0) }) {
            found.append("\(path): \(value) is not one of \(options)")
        }
        if let constant = schema["const"], !value.equals(constant) { found.append("\(path): \(value) is not \(constant)") }
        if case let .object(fields) = value {
            for name in schema["required"] as? [String] ?? [] where fields[name] == nil { found.append("\(path): no \(name)") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, field) in fields {
                if let property = properties[name] as? [String: Any] {
                    found += try problems(field, property, at: "\(path).\(name)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path): \(name) is not in the schema")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    found += try problems(field, extra, at: "\(path).\(name)")
                }
            }
        }
        if case let .array(items) = value, let item = schema["items"] as? [String: Any] {
            for (n, element) in items.enumerated() { found += try problems(element, item, at: "\(path)[\(n)]") }
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matching = try options.filter { try problems(value, $0, at: path).isEmpty }.count
            if matching != 1 { found.append("\(path): matches \(matching) of the \(options.count) oneOf schemas, not exactly one") }
        }
        return found
    }
}

/// A JSON value as decoded strictly (JSONDecoder does not turn `1` into `true` or the reverse).
enum JSONValue: Decodable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case let .number(n): return n.rounded() == n ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    func isOf(_ type: String) -> Bool { kind == type || (type == "number" && kind == "integer") }

    /// Equal to a scalar the YAML reader gave (String, Int, Double, Bool).
    func equals(_ other: Any) -> Bool {
        switch self {
        case let .string(s): return (other as? String) == s
        case let .bool(b): return (other as? Bool) == b && !(other is Int)
        case let .number(n): return (other as? Int).map { Double($0) == n } ?? ((other as? Double) == n)
        default: return false
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return "\(b)"
        case let .number(n): return "\(n)"
        case let .string(s): return "\"\(s)\""
        case let .array(a): return "[\(a.count) items]"
        case let .object(o): return "{\(o.keys.sorted().joined(separator: ", "))}"
        }
    }
}
