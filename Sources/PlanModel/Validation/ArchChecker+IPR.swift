extension ArchChecker {
    /// IPR: known teeth, adjacent contact, finite non-negative amount, an aligner stage to precede.
    mutating func checkIPR() {
        // Compared as unordered FDI pairs, so the check never depends on how a contact was normalised.
        let contacts = Set(arch.proximalContacts.map { Self.pair($0) })
        for event in arch.ipr {
            let contact = event.contact
            let name = contact.description
            let stage = event.beforeStage
            // An unsegmented arch lists no teeth: its contacts are checked against the jaw only, and
            // adjacency cannot be (which teeth are missing is unknown).
            let unknown = isUnsegmented ? [contact.first, contact.second].first { $0.jaw != arch.jaw }
                : [contact.first, contact.second].first { !known.contains($0) }
            if let unknown {
                add(.iprUnknownTooth, stage: stage, tooth: unknown, contact: name,
                    "IPR at \(name) names tooth \(unknown), which is not in the \(arch.jaw.rawValue) arch.")
                continue
            }
            if !isUnsegmented && !contacts.contains(Self.pair(contact)) {
                add(.iprNotAdjacent, stage: stage, contact: name,
                    "Teeth \(contact.first) and \(contact.second) do not touch in this arch (neighbours skip only missing teeth); IPR is done between neighbours.")
            }
            if !event.amountMM.isFinite {
                add(.nonFinite, stage: stage, contact: name, field: "amountMM", "IPR amount at \(name) is not a number.")
            } else if event.amountMM < 0 {
                add(.iprNegative, stage: stage, contact: name, field: "amountMM",
                    "IPR amount at \(name) is \(event.amountMM) mm; enamel removed cannot be negative.")
            }
            if stage < 1 || stage > lastStage {
                add(.iprStageOutOfRange, stage: stage, contact: name, field: "beforeStage",
                    "IPR at \(name) is before stage \(stage), but the aligner stages are 1…\(lastStage).")
            }
        }
    }

    private static func pair(_ c: ToothContact) -> [Int] { [c.first.fdi, c.second.fdi].sorted() }
}

extension Arch {
    /// The contacts where IPR can be done: neighbours along the arch, skipping missing teeth (an
    /// extraction space closes) and teeth of the other jaw; 11-21 style contacts cross the midline.
    public var proximalContacts: [ToothContact] {
        var seen = Set<ToothID>()
        let ordered = teeth.filter { $0.status != .missing && $0.id.jaw == jaw }.map(\.id)
            .filter { seen.insert($0).inserted }
            .sorted { ($0.archPosition, $0.fdi) < ($1.archPosition, $1.fdi) }
        return zip(ordered, ordered.dropFirst()).map { ToothContact($0, $1) }
    }
}
