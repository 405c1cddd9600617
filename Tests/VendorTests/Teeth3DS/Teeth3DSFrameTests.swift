import Foundation
import PlanModel
import SampleCases
import Teeth3DSVendor
import Testing
import VendorKit

/// Estimated crown frames (FORMAT.md, "Crown frames"): orthonormal with the quadrant's handedness and
/// close to the sample generator's true frames — also for a scan not aligned to the model axes.
@Suite struct Teeth3DSFrameTests {
    /// Worst deviations of the estimated frames from the true ones over the arches read back.
    struct Accuracy: CustomStringConvertible {
        var origin = 0.0, long = 0.0, mesial = 0.0, facial = 0.0, teeth = 0

        var description: String {
            String(format: "%d teeth: origin ≤ %.2f mm, long axis ≤ %.1f°, mesial axis ≤ %.1f°, facial axis ≤ %.1f°",
                   teeth, origin, long, mesial, facial)
        }
    }

    static func accuracy(sent: TreatmentPlan, read: TreatmentPlan, _ issues: inout [String]) -> Accuracy {
        var a = Accuracy()
        for (s, r) in zip(sent.arches, read.arches) {
            for (t, u) in zip(s.teeth, r.teeth) where t.id == u.id && t.status.hasCrown {
                if !u.frame.isOrthonormal(tolerance: 1e-9) { issues.append("tooth \(t.id): not orthonormal") }
                if u.frame.isRightHanded != (t.id.quadrant % 2 == 0) { issues.append("tooth \(t.id): wrong handedness") }
                a.origin = max(a.origin, (u.frame.origin - t.frame.origin).length)
                a.long = max(a.long, T3DS.degrees(u.frame.longAxis, t.frame.longAxis))
                a.mesial = max(a.mesial, T3DS.degrees(u.frame.mesialAxis, t.frame.mesialAxis))
                a.facial = max(a.facial, T3DS.degrees(u.frame.facialAxis, t.frame.facialAxis))
                a.teeth += 1
            }
        }
        return a
    }

    @Test(arguments: [UInt64(5), 11, 12, 99])
    func estimatedFramesAreCloseToTheTrueOnes(seed: UInt64) throws {
        let plan = try SampleCase.make(SampleOptions(stages: 2, trianglesPerTooth: 400, seed: seed))
        let read = try T3DS.adapter.read(T3DS.export(plan), options: IntakeOptions()).plan
        var issues: [String] = []
        let a = Self.accuracy(sent: plan, read: read, &issues)
        #expect(issues.isEmpty, "\(issues)")
        #expect(a.teeth == 28)
        // Measured (FORMAT.md): origin ≤ 0.69 mm, long axis ≤ 2.3°, mesial and facial axes ≤ 10.3°.
        #expect(a.origin <= 1.0, "\(a)")
        #expect(a.long <= 5, "\(a)")
        #expect(a.mesial <= 15, "\(a)")
        #expect(a.facial <= 15, "\(a)")
    }

    /// A scan in another pose (tilted 30° and turned 70°, shifted): the estimate follows the arch, not the axes.
    @Test func framesFollowAScanThatIsNotAligned() throws {
        let motion = RigidTransform(rotation: Quaternion(axis: Vector3(0.3, 1, 0.2).normalized, degrees: 30)
                                        * Quaternion(axis: Vector3(0, 0, 1), degrees: 70),
                                    translation: Vector3(12, -40, 7))
        let plan = T3DS.moved(try SampleCase.make(SampleOptions(stages: 1, trianglesPerTooth: 400, seed: 5)), by: motion)
        let read = try T3DS.adapter.read(T3DS.export(plan), options: IntakeOptions()).plan
        var issues: [String] = []
        let a = Self.accuracy(sent: plan, read: read, &issues)
        #expect(issues.isEmpty, "\(issues)")
        #expect(a.origin <= 1.0, "\(a)")
        #expect(a.long <= 5, "\(a)")
        #expect(a.mesial <= 15, "\(a)")
    }
}
