import PlanModel
import Teeth3DSVendor
import Testing
import VendorKit

/// The capabilities a scan format declares (`stages: .initialOnly`, `crownFrames: .estimated`) make the
/// round-trip comparison skip exactly what the format lacks, and nothing else.
@Suite struct Teeth3DSCapabilityTests {
    static let capabilities = Teeth3DSAdapter().descriptor.capabilities

    /// The sample as a stage-0-only read-back with every frame turned 10° about its long axis.
    static func readBack() -> TreatmentPlan {
        var read = T3DS.initialOnly(T3DS.plan)
        for a in read.arches.indices {
            read.arches[a].attachments = []
            read.arches[a].ipr = []
            for t in read.arches[a].teeth.indices {
                let f = read.arches[a].teeth[t].frame
                let turn = RigidTransform(rotation: Quaternion(axis: f.longAxis, degrees: 10))
                read.arches[a].teeth[t].frame = CrownFrame(origin: f.origin + Vector3(0.5, 0, 0), longAxis: f.longAxis,
                                                           mesialAxis: turn.applyToDirection(f.mesialAxis),
                                                           facialAxis: turn.applyToDirection(f.facialAxis))
            }
        }
        return read
    }

    @Test func descriptorDeclaresOneStageAndEstimatedFrames() {
        #expect(Self.capabilities.stages == .initialOnly && Self.capabilities.crownFrames == .estimated)
    }

    @Test func comparisonSkipsLaterStagesAndFrameValuesOnly() {
        let read = Self.readBack()
        let lenient = PlanComparison.compare(T3DS.plan, read, tolerance: 1e-4, capabilities: Self.capabilities)
        #expect(lenient.failures.isEmpty, "\(lenient.failures)")
        var full = Self.capabilities
        full.stages = .all
        full.crownFrames = .exact
        let strict = PlanComparison.compare(T3DS.plan, read, tolerance: 1e-4, capabilities: full)
        #expect(strict.failures.contains { $0.contains("stage indices differ") })
        #expect(strict.failures.contains { $0.contains("crown frame differs") })
    }

    @Test func comparisonStillCatchesBadFramesAndMovedCrowns() throws {
        var read = Self.readBack()
        read.arches[0].teeth[0].frame.facialAxis = -read.arches[0].teeth[0].frame.facialAxis  // mirrored
        read.arches[0].teeth[1].frame.longAxis = read.arches[0].teeth[1].frame.longAxis * 2  // not unit
        let crown = try #require(read.arches[1].teeth[2].crown)
        read.arches[1].teeth[2].crown = crown.transformed(by: RigidTransform(translation: Vector3(0, 0, 0.01)))
        let c = PlanComparison.compare(T3DS.plan, read, tolerance: 1e-4, capabilities: Self.capabilities)
        let id0 = read.arches[0].teeth[0].id, id1 = read.arches[0].teeth[1].id, id2 = read.arches[1].teeth[2].id
        #expect(c.failures.contains { $0.hasPrefix("tooth \(id0): estimated crown frame") })
        #expect(c.failures.contains { $0.hasPrefix("tooth \(id1): estimated crown frame") })
        #expect(c.failures.contains { $0.hasPrefix("tooth \(id2) crown: vertices differ") })
        #expect(c.failures.count == 3, "\(c.failures)")
    }
}
