extension ArchChecker {
    /// Duplicate and misplaced teeth, crowns, frames and meshes.
    mutating func checkTeeth() {
        var seen = Set<ToothID>()
        for tooth in arch.teeth {
            let id = tooth.id
            if !seen.insert(id).inserted {
                add(.duplicateTooth, tooth: id, field: "teeth", "Tooth \(id) appears more than once; keep one entry.")
            }
            if id.jaw != arch.jaw {
                add(.toothWrongArch, tooth: id, field: "teeth",
                    "Tooth \(id) belongs to the \(id.jaw.rawValue) jaw, not the \(arch.jaw.rawValue) arch; move it or fix its number.")
            }
            if tooth.status.hasCrown {
                if let crown = tooth.crown, !crown.isEmpty {
                    checkMesh(crown, tooth: id, field: "crown")
                } else {
                    add(.crownMissing, tooth: id, field: "crown",
                        "Tooth \(id) is \(tooth.status.rawValue) but has \(tooth.crown == nil ? "no" : "an empty") crown mesh; add the segmented crown or mark it missing.")
                }
                checkFrame(tooth.frame, tooth: id)
            } else if let crown = tooth.crown {
                checkMesh(crown, tooth: id, field: "crown")
            }
        }
        if let gingiva = arch.gingiva { checkMesh(gingiva, tooth: nil, field: "gingiva") }
    }

    private mutating func checkMesh(_ mesh: TriangleMesh, tooth: ToothID?, field: String) {
        let what = tooth.map { "The crown of \($0)" } ?? "The gingiva"
        if !mesh.positions.allSatisfy(\.isFinite) {
            add(.nonFinite, tooth: tooth, field: field, "\(what) has non-finite vertex coordinates (NaN or infinity).")
        }
        if !mesh.hasValidIndices {
            add(.meshInvalidIndices, tooth: tooth, field: field,
                "\(what) has triangle indices past its \(mesh.vertexCount) vertices or an incomplete triple.")
        }
    }

    // The frame of a missing tooth is never used, so it is not checked.
    private mutating func checkFrame(_ frame: CrownFrame, tooth: ToothID) {
        let parts = [frame.origin, frame.longAxis, frame.mesialAxis, frame.facialAxis]
        if !parts.allSatisfy(\.isFinite) {
            add(.nonFinite, tooth: tooth, field: "frame", "The crown frame of \(tooth) has non-finite values.")
        } else if !frame.isOrthonormal(tolerance: PlanValidator.frameTolerance) {
            add(.frameNotOrthonormal, tooth: tooth, field: "frame",
                "The crown frame axes of \(tooth) are not unit length and mutually perpendicular; recompute the frame.")
        }
    }
}
