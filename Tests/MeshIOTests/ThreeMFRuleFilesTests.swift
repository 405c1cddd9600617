import ArchiveIO
import Foundation
import Testing
@testable import MeshIO

/// The hand-built rule packages as real .3mf files (zips), each read back from its bytes with the same
/// verdict. With ALIGNGATE_3MF_RULES_OUT set, the files stay in that folder with `expected.tsv` (file,
/// the rule aligngate refuses it by or "reads", description): Tests/External/compare_3mf_lib3mf.py
/// reads them with lib3mf in strict mode beside our verdicts (docs/3MF-RULES.md, "Beside lib3mf").
struct ThreeMFRuleFilesTests {
    struct File {
        let name: String
        let expected: ThreeMFRule?
        let description: String
        let parts: [String: Data]
    }

    static var files: [File] {
        var files: [File] = []
        for (i, c) in ThreeMFPackageRuleTests.cases.enumerated() {
            files.append(File(name: String(format: "package-%02d-%@.3mf", i, c.rule.rawValue), expected: c.rule, description: c.name, parts: c.parts))
        }
        for (i, c) in ThreeMFModelRuleTests.cases.enumerated() {
            files.append(File(name: String(format: "model-%02d-%@.3mf", i, c.rule.rawValue), expected: c.rule, description: c.name, parts: c.parts))
        }
        files.append(File(name: "conforming-minimal.3mf", expected: nil, description: "one tetrahedron, nothing else", parts: MinimalPackage.parts()))
        files.append(File(name: "conforming-optional-parts.3mf", expected: nil, description: "thumbnail, print ticket, custom part, unknown metadata and extension",
                          parts: ThreeMFPackageRuleTests.conformingWithOptionalParts))
        files.append(File(name: "conforming-materials.3mf", expected: nil, description: "every materials resource, used as the rules allow",
                          parts: ThreeMFModelRuleTests.conformingMaterials))
        return files
    }

    /// The parts as a zip, stored, content types first.
    static func zip(_ parts: [String: Data], name: String) throws -> Data {
        var zip = try InMemoryZip(name: name)
        let rest = parts.keys.filter { $0 != ThreeMF.contentTypesPath }.sorted()
        for path in [ThreeMF.contentTypesPath] + rest {
            guard let data = parts[path] else { continue }
            try zip.add(path, data: data, compression: .store)
        }
        return try zip.bytes()
    }

    @Test func everyRuleFileGivesItsVerdictFromItsZipBytes() throws {
        let files = Self.files
        #expect(files.filter { $0.expected != nil }.count == ThreeMFPackageRuleTests.cases.count + ThreeMFModelRuleTests.cases.count)
        let folder = ProcessInfo.processInfo.environment["ALIGNGATE_3MF_RULES_OUT"].map { URL(fileURLWithPath: $0) }
        if let folder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        var table = "file\texpected\tdescription\n"
        for file in files {
            let bytes = try Self.zip(file.parts, name: file.name)
            var verdict: ThreeMFRule?
            do {
                _ = try ThreeMFPackageReader.read(bytes, source: file.name)
            } catch {
                guard case let .threeMF(modelError) = error, case let .rule(rule, _) = modelError.reason else {
                    Issue.record("\(file.name): \(error)")
                    continue
                }
                verdict = rule
            }
            #expect(verdict == file.expected, "\(file.name): \(file.description)")
            table += "\(file.name)\t\(file.expected?.rawValue ?? "reads")\t\(file.description)\n"
            if let folder { try bytes.write(to: folder.appendingPathComponent(file.name)) }
        }
        if let folder { try Data(table.utf8).write(to: folder.appendingPathComponent("expected.tsv")) }
    }
}
