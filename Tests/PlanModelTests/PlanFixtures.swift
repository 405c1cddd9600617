import Foundation
@testable import PlanModel

/// Tiny valid plans for the movement, summary and validation tests.
///
/// Model coordinates: x towards the patient's right, y anterior, z superior (right-handed, mm). Teeth
/// sit on a circle of radius 25 mm around the z axis, 10° apart, the upper jaw at z = +5, the lower at
/// z = −5; each crown is a small tetrahedron around its frame origin.
enum PlanFixtures {
    static let created = Date(timeIntervalSince1970: 1_700_000_000)

    /// An anatomically oriented crown frame for `id` on the simple arch.
    static func frame(for id: ToothID) -> CrownFrame {
        // φ: angle from the anterior direction, + towards the patient's right.
        let side: Double = id.isRight ? 1 : -1
        let phi = side * (Double(id.position) - 0.5) * 10 * .pi / 180
        let radial = Vector3(sin(phi), cos(phi), 0)
        let tangent = Vector3(cos(phi), -sin(phi), 0)  // d(radial)/dφ
        let z: Double = id.jaw == .upper ? 5 : -5
        return CrownFrame(origin: radial * 25 + Vector3(0, 0, z),
                          longAxis: id.jaw == .upper ? -Vector3.unitZ : .unitZ,
                          mesialAxis: tangent * -side,
                          facialAxis: radial)
    }

    /// A closed, outward-facing tetrahedron of size `r` around `center`.
    static func crown(at center: Vector3, r: Double = 2) -> TriangleMesh {
        let v = [Vector3(1, 1, 1), Vector3(1, -1, -1), Vector3(-1, 1, -1), Vector3(-1, -1, 1)]
            .map { center + $0 * r }
        return TriangleMesh(positions: v.flatMap { [Float($0.x), Float($0.y), Float($0.z)] },
                            indices: [0, 1, 2, 0, 3, 1, 0, 2, 3, 1, 3, 2])
    }

    static func tooth(_ fdi: Int, _ status: ToothStatus = .present) -> Tooth {
        let id = t(fdi)
        let frame = frame(for: id)
        return Tooth(id: id, status: status, crown: status.hasCrown ? crown(at: frame.origin) : nil, frame: frame)
    }

    /// A tooth id the test knows is valid (falls back to 11 so a typo fails an expectation, not the run).
    static func t(_ fdi: Int) -> ToothID { (try? ToothID(fdi: fdi)) ?? ToothID(unchecked: 11) }

    /// A pose that moves a tooth with `frame` by components given in that frame: a translation of the
    /// crown centre and a rotation about the centre (rotation vector in frame components, degrees).
    static func pose(_ frame: CrownFrame, mesial: Double = 0, facial: Double = 0, long: Double = 0,
                     tip: Double = 0, torque: Double = 0, rotation: Double = 0) -> RigidTransform {
        // Clinical signs (ToothMovement): mirrored by the frame's handedness, tip opposite the right-hand rule.
        let side: Double = frame.isRightHanded ? 1 : -1
        let vector = (frame.facialAxis * -tip + frame.mesialAxis * torque + frame.longAxis * rotation) * side
        let q = Quaternion(axis: vector, degrees: vector.length)
        let shift = frame.mesialAxis * mesial + frame.facialAxis * facial + frame.longAxis * long
        return RigidTransform(rotation: q, translation: frame.origin + shift - q.rotate(frame.origin))
    }

    /// An arch with `teeth`, `stageCount` stages (0…stageCount−1); every movable tooth moves
    /// 0.1 mm mesially per stage.
    static func arch(_ jaw: Jaw, teeth: [Tooth], stageCount: Int = 3, attachments: [Attachment] = [],
                     ipr: [IPREvent] = []) -> Arch {
        let stages = (0..<stageCount).map { s in
            Stage(index: s, poses: s == 0 ? [:] : Dictionary(uniqueKeysWithValues: teeth.filter(\.status.hasCrown)
                .map { ($0.id, pose($0.frame, mesial: 0.1 * Double(s))) }))
        }
        return Arch(jaw: jaw, teeth: teeth, gingiva: crown(at: Vector3(0, 20, jaw == .upper ? 8 : -8), r: 10),
                    stages: stages, attachments: attachments, ipr: ipr)
    }

    static func attachment(_ fdi: Int, kind: AttachmentKind = .rectangularHorizontal, placed: Int = 1,
                           removed: Int? = nil) -> Attachment {
        Attachment(tooth: t(fdi), template: AttachmentTemplate(kind: kind, widthMM: 3, heightMM: 2, depthMM: 1),
                   placement: RigidTransform(translation: Vector3(0, 0, 1)), stagePlaced: placed, stageRemoved: removed)
    }

    /// A valid two-arch plan: upper 13…23, lower 33…43, three stages each, an attachment and an IPR event
    /// per arch.
    static func validPlan() -> TreatmentPlan {
        let upper = arch(.upper, teeth: [13, 12, 11, 21, 22, 23].map { tooth($0) },
                         attachments: [attachment(13)], ipr: [IPREvent(contact: ToothContact(t(11), t(21)), amountMM: 0.2, beforeStage: 1)])
        let lower = arch(.lower, teeth: [43, 42, 41, 31, 32, 33].map { tooth($0) },
                         attachments: [attachment(33, kind: .ellipsoid)],
                         ipr: [IPREvent(contact: ToothContact(t(41), t(42)), amountMM: 0.1, beforeStage: 2)])
        return TreatmentPlan(metadata: CaseMetadata(caseID: "CASE-1", patientReference: "P-1", created: created),
                             arches: [upper, lower])
    }
}
