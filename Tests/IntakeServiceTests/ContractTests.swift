import Foundation
import Hummingbird
import IntakeService
import Testing

/// The routes and refusal codes against the OpenAPI document they are meant to follow.
@Suite struct ContractTests {
    /// (METHOD, path) of every operation in the document's `paths`.
    static func documentedOperations() -> Set<String> { Set(documentedStatuses().keys) }

    /// Every operation's documented response statuses, by "METHOD path".
    static func documentedStatuses() -> [String: Set<String>] {
        var statuses: [String: Set<String>] = [:]
        var path: String?, operation: String?
        var inPaths = false
        for line in OpenAPIDocument.yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(String(method)) {
                    operation = "\(method.uppercased()) \(path)"
                    statuses[operation ?? "", default: []] = []
                }
            } else if let operation, line.hasPrefix("        \""), !line.hasPrefix("         ") {
                statuses[operation, default: []].insert(String(line.dropFirst(9).prefix(3)))
            }
        }
        return statuses
    }

    @Test func everyRouteIsDocumentedAndEveryOperationRouted() {
        let routed = Set(IntakeServer.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(routed.count == IntakeServer.routes.count)
        #expect(Self.documentedOperations() == routed)
    }

    @Test func theDocumentedErrorCodesAreTheOnesAnswered() throws {
        let line = try #require(OpenAPIDocument.yaml.split(separator: "\n").first { $0.contains("enum: [unauthorized") })
        let listed = line.split(separator: "[").last?.dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(listed == APIError.codes)
    }

    @Test func theDocumentIsOpenAPI31() {
        #expect(OpenAPIDocument.yaml.hasPrefix("openapi: 3.1.0\n"))
        #expect(!OpenAPIDocument.yaml.contains("\t"))
    }
}
