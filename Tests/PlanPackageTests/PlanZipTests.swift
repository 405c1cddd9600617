import ArchiveIO
import Foundation
import PlanModel
import Testing
@testable import PlanPackage

/// The zip form: the same entries in one file, read back exactly and refused when damaged.
@Suite struct PlanZipTests {
    @Test func zipRoundTripIsExactAndMatchesTheFolder() throws {
        let scratch = try Scratch()
        let plan = try smallPlan()
        let zip = scratch.path("case.alignplan")
        try PlanPackage.write(plan, to: zip, form: .zip)
        #expect(try PlanPackage.read(zip) == plan)

        // The zip holds exactly the folder form's entries, in the same order.
        let reader = try ArchiveReader(contentsOf: zip)
        #expect(reader.format == .zip)
        #expect(try reader.entries().map(\.path) == PlanEncoder.entries(for: plan).map(\.path))
        #expect(try reader.data(of: "plan.json") == PlanEncoder.entries(for: plan)[0].data)
    }

    @Test func sameplanGivesTheSameZipBytes() throws {
        let scratch = try Scratch()
        let plan = try smallPlan()
        try PlanPackage.write(plan, to: scratch.path("a.alignplan"), form: .zip)
        try PlanPackage.write(plan, to: scratch.path("b.alignplan"), form: .zip)
        #expect(try Data(contentsOf: scratch.path("a.alignplan")) == Data(contentsOf: scratch.path("b.alignplan")))
    }

    /// Truncation gives a typed error, except when only the central directory's tail is cut: then
    /// libarchive reads every entry from its local header (CRC-checked), and the plan must be exact.
    @Test func truncatedZipIsATypedErrorOrExact() throws {
        let scratch = try Scratch()
        let zip = scratch.path("case.alignplan")
        let plan = try smallPlan()
        try PlanPackage.write(plan, to: zip, form: .zip)
        let bytes = try Data(contentsOf: zip)
        for fraction in [0.1, 0.5, 0.9, 0.999] {
            try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: zip)
            let read = Result { () throws(PlanPackageError) in try PlanPackage.read(zip) }
            switch read {
            case .failure: break
            case let .success(back): #expect(back == plan, "truncated to \(fraction) read a different plan")
            }
            if fraction < 0.95 { #expect((try? read.get()) == nil, "truncated to \(fraction) was read") }
        }
    }

    @Test func zipWithoutPlanDocumentIsNotAPackage() throws {
        let scratch = try Scratch()
        let zip = scratch.path("other.zip")
        let writer = try ArchiveWriter(creating: zip, options: ArchiveWriteOptions(format: .zip))
        try writer.add("readme.txt", data: Data("hello".utf8))
        _ = try writer.finish()
        #expect(throws: PlanPackageError(file: "other.zip", reason: .notAPackage)) { try PlanPackage.read(zip) }
    }

    @Test func zipMissingAMeshNamesIt() throws {
        let scratch = try Scratch()
        let zip = scratch.path("case.alignplan")
        let entries = try PlanEncoder.entries(for: try smallPlan())
        let writer = try ArchiveWriter(creating: zip, options: ArchiveWriteOptions(format: .zip))
        for entry in entries where entry.path != "meshes/upper/tooth-11.ply" { try writer.add(entry.path, data: entry.data) }
        _ = try writer.finish()
        #expect(throws: PlanPackageError(file: "meshes/upper/tooth-11.ply", reason: .missingFile)) { try PlanPackage.read(zip) }
    }

    @Test func existingZipNeedsOverwriteAndFailedWriteLeavesNothing() throws {
        let scratch = try Scratch()
        let zip = scratch.path("case.alignplan")
        try PlanPackage.write(try smallPlan(seed: 1), to: zip, form: .zip)
        #expect(throws: PlanPackageError.self) { try PlanPackage.write(try smallPlan(seed: 2), to: zip, form: .zip) }
        try PlanPackage.write(try smallPlan(seed: 2), to: zip, form: .zip, overwrite: true)
        #expect(try PlanPackage.read(zip) == smallPlan(seed: 2))

        var bad = try smallPlan()
        bad.arches[0].teeth[0].frame.origin.x = .infinity
        #expect(throws: PlanPackageError.self) { try PlanPackage.write(bad, to: scratch.path("bad.alignplan"), form: .zip) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["case.alignplan"])
    }
}
