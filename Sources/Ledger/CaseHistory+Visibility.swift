/// What one intake client may see of a case. A case id is only a label inside an archive, so anyone can
/// upload an archive that claims case "X"; what a client holds is the plans it uploaded. It sees its own
/// intakes and the records of those plan revisions and of the revisions derived from them (restaged plans):
/// their first sighting, approvals, exports and derivations — never another client's intakes, nor an
/// approval or export of a plan it never sent.
extension CaseHistory {
    public func visible(toIntakes intakeIDs: Set<Int64>) -> CaseHistory {
        var plans = Set(events.compactMap { event -> String? in
            guard case let .intake(record) = event, let id = record.id, intakeIDs.contains(id) else { return nil }
            return record.planHash
        })
        // Forward along derivations until nothing new: a restaged plan of a sent plan is the client's too.
        var grew = true
        while grew {
            grew = false
            for case let .derivation(derivation) in events where plans.contains(derivation.sourceHash) {
                grew = plans.insert(derivation.planHash).inserted || grew
            }
        }
        var visible = self
        visible.events = events.filter { event in
            switch event {
            case let .intake(record): return record.id.map(intakeIDs.contains) ?? false
            case let .revision(record): return plans.contains(record.hash)
            case let .approval(record): return plans.contains(record.planHash)
            case let .export(record): return plans.contains(record.planHash)
            case let .derivation(record): return plans.contains(record.sourceHash)
            }
        }
        return visible
    }
}
