import Foundation
import PlanModel
import Testing
@testable import PlanPackage

/// Damaged packages: every one is refused with a typed error naming the file and the rule.
@Suite struct PlanPackageErrorTests {
    func package(_ scratch: Scratch) throws -> URL {
        let url = scratch.path("case.alignplan")
        try PlanPackage.write(try smallPlan(), to: url)
        return url
    }

    func editJSON(_ url: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let file = url.appendingPathComponent("plan.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: file)
    }

    func reason(_ url: URL) -> PlanPackageError? {
        do { _ = try PlanPackage.read(url); return nil } catch { return error }
    }

    @Test func missingFolderAndMissingDocument() throws {
        let scratch = try Scratch()
        #expect(reason(scratch.path("nope"))?.reason == .missingFile)
        #expect(reason(scratch.url)?.reason == .notAPackage)
    }

    @Test func invalidJSONNamesTheDocument() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        try Data("{ not json".utf8).write(to: url.appendingPathComponent("plan.json"))
        let error = try #require(reason(url))
        #expect(error.file == "plan.json")
        guard case .invalidJSON = error.reason else { Issue.record("\(error)"); return }
    }

    @Test func missingKeyNamesItsPath() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        try editJSON(url) { o in
            var c = o["case"] as? [String: Any] ?? [:]
            c.removeValue(forKey: "caseID")
            o["case"] = c
        }
        #expect(reason(url)?.reason == .invalidJSON("missing key 'case.caseID'"))
    }

    @Test func wrongFormatAndNewerVersion() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        try editJSON(url) { $0["format"] = "something.else" }
        #expect(reason(url)?.reason == .wrongFormat(found: "something.else"))
        try editJSON(url) { $0["format"] = PlanFormat.formatName; $0["formatVersion"] = "2.0" }
        #expect(reason(url)?.reason == .unsupportedVersion(found: "2.0", supported: PlanFormat.version))
        try editJSON(url) { $0["formatVersion"] = "1.7" }
        #expect(reason(url) == nil, "a newer minor version of the same major is read")
    }

    @Test func invalidToothNumberNamesTheField() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        try editJSON(url) { o in
            var arches = o["arches"] as? [[String: Any]] ?? []
            var teeth = arches[0]["teeth"] as? [[String: Any]] ?? []
            teeth[2]["fdi"] = 19
            arches[0]["teeth"] = teeth
            o["arches"] = arches
        }
        let error = try #require(reason(url))
        guard case let .invalidValue(field, _) = error.reason else { Issue.record("\(error)"); return }
        #expect(field == "arches[0].teeth[2].fdi")
    }

    @Test func unsafeMeshPathIsRefused() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        for path in ["../outside.ply", "/etc/passwd", "meshes/../../x.ply", "meshes\\upper\\a.ply", ""] {
            try editJSON(url) { o in
                var arches = o["arches"] as? [[String: Any]] ?? []
                var gingiva = arches[0]["gingiva"] as? [String: Any] ?? [:]
                gingiva["file"] = path
                arches[0]["gingiva"] = gingiva
                o["arches"] = arches
            }
            #expect(reason(url)?.reason == .unsafePath, "\(path)")
        }
    }

    @Test func symlinkOutOfThePackageIsRefused() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        let outside = scratch.path("outside.ply")
        let gingiva = url.appendingPathComponent("meshes/upper/gingiva.ply")
        try FileManager.default.moveItem(at: gingiva, to: outside)
        try FileManager.default.createSymbolicLink(at: gingiva, withDestinationURL: outside)
        #expect(reason(url) == PlanPackageError(file: "meshes/upper/gingiva.ply", reason: .unsafePath))
    }

    @Test func missingMeshFile() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        try FileManager.default.removeItem(at: url.appendingPathComponent("meshes/lower/tooth-31.ply"))
        #expect(reason(url) == PlanPackageError(file: "meshes/lower/tooth-31.ply", reason: .missingFile))
    }

    @Test func alteredMeshIsCaughtByItsHash() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        let file = url.appendingPathComponent("meshes/upper/tooth-13.ply")
        var bytes = try Data(contentsOf: file)
        // Flip a low mantissa bit of the first vertex's y coordinate: still a valid PLY, different mesh.
        let header = try #require(bytes.range(of: Data("end_header\n".utf8)))
        bytes[header.upperBound + 5] ^= 0x01
        try bytes.write(to: file)
        let error = try #require(reason(url))
        guard case let .meshMismatch(field, _, _) = error.reason else { Issue.record("\(error)"); return }
        #expect(error.file == "meshes/upper/tooth-13.ply")
        #expect(field.hasSuffix(".crown.sha256"))
    }

    @Test func truncatedMeshIsUnreadable() throws {
        let scratch = try Scratch()
        let url = try package(scratch)
        let file = url.appendingPathComponent("meshes/upper/gingiva.ply")
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 2).write(to: file)
        let error = try #require(reason(url))
        guard case .meshUnreadable = error.reason else { Issue.record("\(error)"); return }
        #expect(error.file == "meshes/upper/gingiva.ply")
    }
}
