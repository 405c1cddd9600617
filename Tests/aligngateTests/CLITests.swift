import Foundation
import Testing

/// The commands as a user runs them: output, JSON shape and exit codes.
@Suite struct CLITests {
    @Test func sampleThenSummary() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("case.alignplan").path
        let made = try CLI.run("sample", "--out", plan, "--stages", "5", "--triangles-per-tooth", "400", "--seed", "3")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Case SAMPLE-3: 5 aligners"))
        #expect(made.stdout.contains("Structure: no problems"))

        let again = try CLI.run("sample", "--out", plan, "--stages", "5", "--triangles-per-tooth", "400")
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))

        let summary = try CLI.run("summary", plan, "--json")
        #expect(summary.status == 0, "\(summary.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any]
        let s = try #require(object?["summary"] as? [String: Any])
        #expect(s["caseID"] as? String == "SAMPLE-3")
        #expect(s["alignerCount"] as? Int == 5)
        #expect(s["treatmentDays"] as? Int == 70)
        #expect((s["largestSteps"] as? [Any])?.count == 6)
        #expect((object?["problems"] as? [Any])?.isEmpty == true)

        // The JSON is stable: a second run prints the same bytes.
        #expect(try CLI.run("summary", plan, "--json").stdout == summary.stdout)
    }

    @Test func summaryOfAFaultyPlanExitsOne() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("case.alignplan")
        #expect(try CLI.run("sample", "--out", plan.path, "--stages", "3", "--triangles-per-tooth", "300", "-q").status == 0)
        // Put an IPR event between two non-adjacent teeth.
        let file = plan.appendingPathComponent("plan.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        let range = try #require(text.range(of: "\"ipr\" : [\n"))
        text.insert(contentsOf: "{ \"amountMM\" : 0.2, \"beforeStage\" : 1, \"contact\" : [ 13, 11 ] },\n",
                    at: range.upperBound)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run("summary", plan.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("plan.ipr-not-adjacent"))
    }

    @Test func summaryOfGarbageExitsTwo() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run("summary", dir.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a .alignplan package"))
    }

    @Test func meshCheckExitCodes() throws {
        let dir = try CLI.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("case.alignplan")
        #expect(try CLI.run("sample", "--out", plan.path, "--stages", "2", "--triangles-per-tooth", "300", "-q").status == 0)
        let clean = try CLI.run("mesh", "check", plan.appendingPathComponent("meshes/upper/tooth-16.ply").path)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("watertight:  yes"))
        // A 2 mm cube is no dental model in millimetres: the unit guess says so.
        let cube = try CLI.run("mesh", "check", CLI.corpus("meshes/numpy-stl/stl_binary/Cube.stl"))
        #expect(cube.status == 1)
        #expect(cube.stdout.contains("mesh.units-suspect"))
        let open = try CLI.run("mesh", "check", CLI.corpus("meshes/assimp/STL/sphereWithHole.stl"), "--json")
        #expect(open.status == 1)
        #expect(open.stdout.contains("mesh.open-boundary"))
        let unreadable = try CLI.run("mesh", "check", CLI.corpus("meshes/assimp/invalid/empty.ply"))
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("empty.ply"))
    }

    /// A third-party 3MF (PrusaSlicer's Moon, two closed objects placed by build-item transforms) is clean.
    @Test func meshCheckOfMoon3MFExitsZero() throws {
        let moon = try CLI.run("mesh", "check", CLI.corpus("meshes/numpy-stl/3mf/Moon.3mf"))
        #expect(moon.status == 0, "\(moon.stdout)\(moon.stderr)")
        #expect(moon.stdout.contains("(3MF, unit millimeter, 2 mesh objects, 2 build items)"), "\(moon.stdout)")
        #expect(moon.stdout.hasSuffix("no problems found\n"))
    }

    @Test func meshCheckOfMoon3MFAsJSONNamesTheFormat() throws {
        let moon = try CLI.run("mesh", "check", CLI.corpus("meshes/numpy-stl/3mf/Moon.3mf"), "--json")
        #expect(moon.status == 0, "\(moon.stdout)\(moon.stderr)")
        #expect(moon.stdout.contains("\"format\" : \"3mf\""), "\(moon.stdout.prefix(400))")
        let object = try JSONSerialization.jsonObject(with: Data(moon.stdout.utf8)) as? [String: Any]
        #expect(object?["buildItems"] as? Int == 2)
        #expect((object?["objects"] as? [Any])?.count == 2)
    }

    @Test func everyCommandHasHelp() throws {
        for args in [["--help"], ["sample", "--help"], ["summary", "--help"], ["mesh", "--help"], ["mesh", "check", "--help"]] {
            let r = try CLI.run(args)
            #expect(r.status == 0, "\(args)")
            #expect(r.stdout.contains("USAGE"), "\(args)")
        }
    }
}
