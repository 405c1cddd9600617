import Foundation
import MeshIO
import PlanModel
import SampleCases
import Testing
@testable import PlanPackage

/// A fresh folder per test, removed afterwards.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}

func smallPlan(seed: UInt64 = 7) throws -> TreatmentPlan {
    try SampleCase.make(SampleOptions(stages: 4, trianglesPerTooth: 300, seed: seed))
}

@Suite struct PlanPackageRoundTripTests {
    @Test func writeThenReadIsExact() throws {
        let scratch = try Scratch()
        let plan = try smallPlan()
        let url = scratch.path("case.alignplan")
        try PlanPackage.write(plan, to: url)
        let back = try PlanPackage.read(url)
        #expect(back.metadata == plan.metadata)
        #expect(back.arches.count == plan.arches.count)
        for (a, b) in zip(plan.arches, back.arches) {
            #expect(a.teeth == b.teeth)
            #expect(a.gingiva == b.gingiva)
            #expect(a.stages == b.stages)
            #expect(a.attachments == b.attachments)
            #expect(a.ipr == b.ipr)
        }
        #expect(back == plan)
    }

    @Test func handBuiltValuesSurviveExactly() throws {
        // Values with long binary expansions, a missing tooth, an open attachment range and sub-second time.
        let scratch = try Scratch()
        let t11 = try ToothID(fdi: 11), t12 = try ToothID(fdi: 12), t21 = try ToothID(fdi: 21)
        let mesh = TriangleMesh(positions: [0.1, 0.2, 0.3, 1 / 3, 2 / 3, -1e-7, 12.345678, -0.0, 3.4e5],
                                indices: [0, 1, 2])
        let frame = CrownFrame(origin: Vector3(0.1, 1 / 3, -2.7182818284590451),
                               longAxis: Vector3(0, 0, 1), mesialAxis: Vector3(1, 0, 0), facialAxis: Vector3(0, -1, 0))
        let pose = RigidTransform(rotation: Quaternion(axis: Vector3(0.3, 0.4, 0.5), degrees: 1.234567),
                                  translation: Vector3(0.1 + 0.2, -1e-300, .leastNonzeroMagnitude))
        let plan = TreatmentPlan(
            metadata: CaseMetadata(caseID: "C-ü/1", patientReference: "PT-\"x\"", doctor: "Dr. Ø", clinic: "",
                                   created: Date(timeIntervalSince1970: 1_700_000_000.125), planner: "p",
                                   wearIntervalDays: 10, notes: "line1\nline2", restorativeNotes: "crown 36"),
            arches: [Arch(jaw: .upper,
                          teeth: [Tooth(id: t11, crown: mesh, frame: frame), Tooth(id: t21, crown: mesh, frame: frame),
                                  Tooth(id: t12, status: .missing, crown: nil, frame: frame)],
                          gingiva: nil,
                          stages: [Stage(index: 0), Stage(index: 1, poses: [t11: pose, t21: .identity], isPassive: true,
                                                          isOvercorrection: true)],
                          attachments: [Attachment(tooth: t11, template: AttachmentTemplate(kind: .powerRidge, widthMM: 4.1,
                                                   heightMM: 0.7, depthMM: 0.3), placement: pose, stagePlaced: 1)],
                          ipr: [IPREvent(contact: ToothContact(t21, t11), amountMM: 0.15, beforeStage: 1)])])
        let url = scratch.path("hand.alignplan")
        try PlanPackage.write(plan, to: url)
        #expect(try PlanPackage.read(url) == plan)
    }

    @Test func sameplanGivesSameBytes() throws {
        let plan = try smallPlan()
        let a = try PlanEncoder.entries(for: plan), b = try PlanEncoder.entries(for: plan)
        #expect(a == b)
        #expect(a.first?.path == "plan.json")
        #expect(a.contains { $0.path == "meshes/upper/tooth-11.ply" })
        #expect(a.contains { $0.path == "meshes/lower/gingiva.ply" })
    }

    @Test func meshesAreBinaryPLYThatMeshIOReads() throws {
        let plan = try smallPlan()
        let entries = try PlanEncoder.entries(for: plan)
        let entry = try #require(entries.first { $0.path == "meshes/upper/tooth-16.ply" })
        #expect(entry.data.starts(with: Data("ply\nformat binary_little_endian 1.0".utf8)))
        let mesh = try PLYCodec.decode(entry.data, source: entry.path)
        #expect(mesh == plan.arch(.upper)?.tooth(try ToothID(fdi: 16))?.crown)
    }

    @Test func existingTargetNeedsOverwrite() throws {
        let scratch = try Scratch()
        let url = scratch.path("case.alignplan")
        try PlanPackage.write(try smallPlan(seed: 1), to: url)
        #expect(throws: PlanPackageError(file: url.standardizedFileURL.path, reason: .destinationExists)) {
            try PlanPackage.write(try smallPlan(seed: 2), to: url)
        }
        let second = try smallPlan(seed: 2)
        try PlanPackage.write(second, to: url, overwrite: true)
        #expect(try PlanPackage.read(url) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["case.alignplan"])
    }

    @Test func failedWriteLeavesNothing() throws {
        let scratch = try Scratch()
        var plan = try smallPlan()
        let id = try #require(plan.arches[0].teeth.first?.id)
        plan.arches[0].stages[1].poses[id] = RigidTransform(translation: Vector3(.nan, 0, 0))
        let url = scratch.path("bad.alignplan")
        #expect(throws: PlanPackageError.self) { try PlanPackage.write(plan, to: url) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
    }
}
