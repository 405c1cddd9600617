import Foundation
import Testing
@testable import PlanModel

@Suite struct MovementTests {
    /// A non-axis-aligned orthonormal frame.
    static let tilted: CrownFrame = {
        let q = Quaternion(axis: Vector3(0.3, -0.7, 0.5), degrees: 37)
        return CrownFrame(origin: Vector3(12, -4, 7), longAxis: q.rotate(.unitY),
                          mesialAxis: q.rotate(.unitX), facialAxis: q.rotate(.unitZ))
    }()

    static func expectMovement(_ m: ToothMovement, _ expected: ToothMovement, tolerance: Double = 1e-9,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        for kind in MovementKind.allCases {
            #expect(abs(m[kind] - expected[kind]) <= tolerance, "\(kind): \(m[kind]) ≠ \(expected[kind])",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func kindMetadata() {
        #expect(MovementKind.allCases.filter(\.isLinear) == [.mesialDistal, .buccalLingual, .extrusionIntrusion])
        #expect(MovementKind.mesialDistal.unit == "mm")
        #expect(MovementKind.torque.unit == "°")
        let m = ToothMovement(mesialDistalMM: 1, buccalLingualMM: 2, extrusionIntrusionMM: 3,
                              tipDegrees: 4, torqueDegrees: 5, rotationDegrees: 6)
        #expect(MovementKind.allCases.map { m.value(of: $0) } == [1, 2, 3, 4, 5, 6])
        var n = ToothMovement.zero
        n[.rotation] = -2
        #expect(n.rotationDegrees == -2 && n.magnitudes.rotationDegrees == 2)
    }

    @Test func pureMesialTranslationOnTiltedFrame() {
        let f = Self.tilted
        let pose = RigidTransform(translation: f.mesialAxis * 0.25)
        Self.expectMovement(Movements.movement(of: f, from: .identity, to: pose), ToothMovement(mesialDistalMM: 0.25))
        let facial = RigidTransform(translation: f.facialAxis * -0.2 + f.longAxis * 0.15)
        Self.expectMovement(Movements.cumulative(of: f, to: facial),
                            ToothMovement(buccalLingualMM: -0.2, extrusionIntrusionMM: 0.15))
    }

    @Test func rotationAboutLongAxisThroughOrigin() {
        let f = Self.tilted
        let m = Movements.cumulative(of: f, to: PlanFixtures.pose(f, rotation: 2))
        Self.expectMovement(m, ToothMovement(rotationDegrees: 2))
    }

    @Test func tipAboutFacialAndTorqueAboutMesial() {
        let f = Self.tilted
        Self.expectMovement(Movements.cumulative(of: f, to: PlanFixtures.pose(f, tip: 1.5)), ToothMovement(tipDegrees: 1.5))
        Self.expectMovement(Movements.cumulative(of: f, to: PlanFixtures.pose(f, torque: -1)), ToothMovement(torqueDegrees: -1))
        // Built from raw quaternions (not the fixture helper): in this right-handed frame a right-hand
        // turn about the facial axis tips the crown distally, a negative (distal) tip.
        #expect(f.isRightHanded)
        let q = Quaternion(axis: f.facialAxis, degrees: 3)
        let raw = RigidTransform(rotation: q, translation: f.origin - q.rotate(f.origin))
        Self.expectMovement(Movements.cumulative(of: f, to: raw), ToothMovement(tipDegrees: -3))
    }

    /// Linear signs in anatomical terms and angular signs by the right-hand rule, for 11 (upper right) and
    /// 36 (lower left), both left-handed frames, and on 21 and 46 (right-handed): one clinical sense everywhere.
    @Test(arguments: [11, 36, 21, 46])
    func signConventions(fdi: Int) {
        let id = PlanFixtures.t(fdi)
        let f = PlanFixtures.frame(for: id)
        #expect(f.isRightHanded == [2, 4].contains(id.quadrant))

        // Mesial = towards the midline: |x| shrinks (x is the patient's right).
        let towardsMidline = Vector3(f.origin.x > 0 ? -0.1 : 0.1, 0, 0)
        #expect(Movements.cumulative(of: f, to: RigidTransform(translation: towardsMidline)).mesialDistalMM > 0)
        // Buccal = away from the arch centre.
        let outwards = Vector3(f.origin.x, f.origin.y, 0).normalized * 0.1
        #expect(Movements.cumulative(of: f, to: RigidTransform(translation: outwards)).buccalLingualMM > 0)
        // Extrusion = towards the occlusal plane: down for the upper jaw, up for the lower.
        let occlusal = Vector3(0, 0, id.jaw == .upper ? -0.1 : 0.1)
        #expect(Movements.cumulative(of: f, to: RigidTransform(translation: occlusal)).extrusionIntrusionMM > 0)

        // Clinical sense of positive angles (see ToothMovement), the same on every tooth. The poses are
        // built geometrically (right-hand rule about the model axes), not with the fixture's convention.
        let crownTip = f.origin + f.longAxis * 5, mesialSurface = f.origin + f.mesialAxis * 4
        func turn(_ axis: Vector3, degrees: Double) -> RigidTransform {
            let q = Quaternion(axis: axis, degrees: degrees)
            return RigidTransform(rotation: q, translation: f.origin - q.rotate(f.origin))
        }
        for degrees in [2.0, -2.0] {
            // Find which way the crown goes for a right-hand turn, then check the reported sign agrees.
            let about = { (axis: Vector3) in turn(axis, degrees: degrees) }
            let tipPose = about(f.facialAxis), torquePose = about(f.mesialAxis), rotationPose = about(f.longAxis)
            let crownMesial = (tipPose.apply(to: crownTip) - crownTip).dot(f.mesialAxis)
            #expect((Movements.cumulative(of: f, to: tipPose).tipDegrees > 0) == (crownMesial > 0))  // mesial crown tip
            let crownFacial = (torquePose.apply(to: crownTip) - crownTip).dot(f.facialAxis)
            #expect((Movements.cumulative(of: f, to: torquePose).torqueDegrees > 0) == (crownFacial > 0))  // facial crown torque
            let mesialLingual = (rotationPose.apply(to: mesialSurface) - mesialSurface).dot(f.facialAxis) < 0
            #expect((Movements.cumulative(of: f, to: rotationPose).rotationDegrees > 0) == mesialLingual)  // mesial-in
            #expect(abs(abs(Movements.cumulative(of: f, to: tipPose).tipDegrees) - 2) < 1e-9)
        }

        let all = PlanFixtures.pose(f, mesial: 0.1, facial: -0.2, long: 0.05, tip: 1, torque: -0.5, rotation: 0.1)
        Self.expectMovement(Movements.cumulative(of: f, to: all),
                            ToothMovement(mesialDistalMM: 0.1, buccalLingualMM: -0.2, extrusionIntrusionMM: 0.05,
                                          tipDegrees: 1, torqueDegrees: -0.5, rotationDegrees: 0.1))
    }

    @Test func cumulativeIsCompositionNotSum() {
        let tooth = PlanFixtures.tooth(13)
        let f = tooth.frame
        let p1 = PlanFixtures.pose(f, rotation: 1), p2 = PlanFixtures.pose(f, rotation: 2)
        let arch = Arch(jaw: .upper, teeth: [tooth],
                        stages: [Stage(index: 0), Stage(index: 1, poses: [tooth.id: p1]), Stage(index: 2, poses: [tooth.id: p2])])
        let table = MovementTable(arch: arch)
        let s2 = table.movement(of: tooth.id, atStage: 2)
        Self.expectMovement(table.movement(of: tooth.id, atStage: 1)?.step ?? .zero, ToothMovement(rotationDegrees: 1))
        Self.expectMovement(s2?.step ?? .zero, ToothMovement(rotationDegrees: 1))
        Self.expectMovement(s2?.cumulative ?? .zero, ToothMovement(rotationDegrees: 2))
        Self.expectMovement(s2?.pathLength ?? .zero, ToothMovement(rotationDegrees: 2))

        // Back and forth: cumulative returns to zero, the path length keeps growing.
        var back = arch
        back.stages.append(Stage(index: 3, poses: [tooth.id: .identity]))
        let s3 = MovementTable(arch: back).movement(of: tooth.id, atStage: 3)
        Self.expectMovement(s3?.cumulative ?? ToothMovement(rotationDegrees: 99), .zero)
        Self.expectMovement(s3?.pathLength ?? .zero, ToothMovement(rotationDegrees: 4))
    }

    @Test func stepUsesFrameOfPreviousStage() {
        let f = CrownFrame(origin: Vector3(1, 2, 3), longAxis: .unitZ, mesialAxis: .unitX, facialAxis: .unitY)
        // A 90° mesial-in rotation turns the mesial axis to point lingually.
        let turn = PlanFixtures.pose(f, rotation: 90)
        let newMesial = turn.applyToDirection(f.mesialAxis)
        #expect(newMesial.maxDifference(to: -f.facialAxis) < 1e-12)
        var moved = turn
        moved.translation += newMesial * 0.3
        let step = Movements.movement(of: f, from: turn, to: moved)
        Self.expectMovement(step, ToothMovement(mesialDistalMM: 0.3))
        Self.expectMovement(Movements.cumulative(of: f, to: moved),
                            ToothMovement(buccalLingualMM: -0.3, rotationDegrees: 90))
    }

    @Test func tableOrderSkipsMissingTeethAndFillsAbsentPoses() {
        let teeth = [PlanFixtures.tooth(21), PlanFixtures.tooth(12, .missing), PlanFixtures.tooth(11),
                     PlanFixtures.tooth(13, .implant)]
        var arch = PlanFixtures.arch(.upper, teeth: teeth, stageCount: 4)
        arch.stages.reverse()  // stored order must not matter
        arch.stages[0].poses[PlanFixtures.t(21)] = nil  // stage 3 lacks 21: identity
        let table = Movements.table(for: arch)
        #expect(table.map(\.stage) == [1, 2, 3])
        #expect(table.allSatisfy { $0.teeth.map(\.tooth.fdi) == [13, 11, 21] })
        let s3 = table[2].movement(of: PlanFixtures.t(21))
        Self.expectMovement(s3?.step ?? .zero, ToothMovement(mesialDistalMM: -0.2))
        Self.expectMovement(s3?.cumulative ?? ToothMovement(tipDegrees: 1), .zero)
        Self.expectMovement(table[1].movement(of: PlanFixtures.t(11))?.cumulative ?? .zero, ToothMovement(mesialDistalMM: 0.2))
        let largest = MovementTable(jaw: .upper, stages: table).largestStep(.mesialDistal)
        #expect(largest?.stage == 3 && largest?.tooth.fdi == 21)
        #expect(MovementTable(jaw: .upper, stages: table).largestStep(.torque) == nil)
    }

    /// Random small poses: the components rebuild the step's translation and rotation vector, and the
    /// angular components are the same in the frames before and after the step.
    @Test func componentsReconstructRandomSteps() {
        var rng = MovementTestRNG(seed: 0x5EED)
        func r(_ s: Double) -> Double { (Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1) * s }
        func randomPose(_ scale: Double) -> RigidTransform {
            RigidTransform(rotation: Quaternion(axis: Vector3(r(1), r(1), r(1)), degrees: r(scale)),
                           translation: Vector3(r(scale), r(scale), r(scale)))
        }
        for _ in 0..<500 {
            let q = Quaternion(axis: Vector3(r(1), r(1), r(1)), degrees: r(180))
            let f = CrownFrame(origin: Vector3(r(40), r(40), r(20)), longAxis: q.rotate(.unitY),
                               mesialAxis: q.rotate(.unitX), facialAxis: q.rotate(r(1) < 0 ? .unitZ : -Vector3.unitZ))
            let a = randomPose(5), b = randomPose(3).composed(with: a)
            let m = Movements.movement(of: f, from: a, to: b)
            let g = f.moved(by: a)
            let linear = g.mesialAxis * m.mesialDistalMM + g.facialAxis * m.buccalLingualMM + g.longAxis * m.extrusionIntrusionMM
            #expect(linear.maxDifference(to: b.apply(to: f.origin) - a.apply(to: f.origin)) < 1e-9)
            // Undo the clinical signs (ToothMovement): mirrored by handedness, tip against the right-hand rule.
            let side: Double = f.isRightHanded ? 1 : -1
            let angular = (g.facialAxis * -m.tipDegrees + g.mesialAxis * m.torqueDegrees + g.longAxis * m.rotationDegrees)
                * (side * .pi / 180)
            #expect(angular.maxDifference(to: (b.rotation * a.rotation.conjugate).rotationVector) < 1e-9)
            let h = f.moved(by: b)
            let after = Vector3(m.tipDegrees, m.torqueDegrees, m.rotationDegrees)
            let inNewFrame = Vector3(-angular.dot(h.facialAxis), angular.dot(h.mesialAxis), angular.dot(h.longAxis))
                * (side * 180 / .pi)
            #expect(after.maxDifference(to: inNewFrame) < 1e-9)
        }
    }
}

/// A small deterministic generator so the property test is reproducible.
private struct MovementTestRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
