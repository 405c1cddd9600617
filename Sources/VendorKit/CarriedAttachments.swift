import PlanModel

extension VendorDescriptor.Capabilities {
    /// `plan` with only the attachments whose kind this system carries: what a writer may put in the archive.
    /// The rest are the losses `AttachmentRules` reports (an unknown kind has no solid to bake, for one).
    public func carriedAttachments(of plan: TreatmentPlan) -> TreatmentPlan {
        let kinds = Set(attachmentKinds)
        var carried = plan
        for i in carried.arches.indices {
            carried.arches[i].attachments.removeAll { !kinds.contains($0.template.kind) }
        }
        return carried
    }
}
