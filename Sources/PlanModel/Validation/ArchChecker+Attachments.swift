extension ArchChecker {
    /// Attachments: on a tooth with a crown, a sound template and placement, a stage range in the plan.
    mutating func checkAttachments() {
        for attachment in arch.attachments {
            let id = attachment.tooth
            if let tooth = arch.tooth(id) {
                if tooth.status == .missing {
                    add(.attachmentOnMissingTooth, tooth: id, field: "attachment",
                        "An attachment is on tooth \(id), which is missing; move it to a tooth with a crown.")
                }
            } else if !(isUnsegmented && id.jaw == arch.jaw) {
                // An unsegmented arch lists no teeth: its attachments are checked against the jaw only.
                add(.attachmentUnknownTooth, tooth: id, field: "attachment",
                    "An attachment is on tooth \(id), which is not in the \(arch.jaw.rawValue) arch.")
                continue
            }
            let t = attachment.template
            let dims = [("width", t.widthMM), ("height", t.heightMM), ("depth", t.depthMM)]
                .filter { !($0.1.isFinite && $0.1 > 0) }
            if !dims.isEmpty {
                let list = dims.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                add(.attachmentTemplateInvalid, tooth: id, field: "template",
                    "The \(t.kindDescription) attachment on \(id) has \(list) mm; dimensions must be finite and positive.")
            }
            let placement = attachment.placement
            if !placement.isFinite {
                add(.nonFinite, tooth: id, field: "placement", "The attachment placement on \(id) has non-finite values.")
            } else if !placement.rotation.isUnit(tolerance: PlanValidator.rotationTolerance) {
                add(.nonUnitRotation, tooth: id, field: "placement",
                    "The attachment placement rotation on \(id) has norm \(placement.rotation.norm), not 1; normalise it.")
            }
            checkRange(of: attachment)
        }
    }

    private mutating func checkRange(of attachment: Attachment) {
        let id = attachment.tooth, placed = attachment.stagePlaced
        if placed < 0 || placed > lastStage {
            add(.attachmentStageRange, stage: placed, tooth: id, field: "stagePlaced",
                "The attachment on \(id) is placed before stage \(placed), outside the arch's stages 0…\(lastStage).")
        } else if let removed = attachment.stageRemoved, removed <= placed || removed > lastStage {
            add(.attachmentStageRange, stage: removed, tooth: id, field: "stageRemoved",
                "The attachment on \(id) is removed before stage \(removed); it must be after placement (\(placed)) and at most \(lastStage); leave it unset to keep it to the end.")
        }
    }
}
