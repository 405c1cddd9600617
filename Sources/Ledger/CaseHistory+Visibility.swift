/// What one intake client may see of a case. A case id is only a label inside an archive, so anyone can
/// upload an archive that claims case "X"; what a client holds is the plans it uploaded. It sees its own
/// intakes and the records of those plan revisions and of the revisions derived from them (restaged plans):
/// their first sighting, approvals, exports and derivations — never another client's intakes, nor an
/// approval or export of a plan it never sent. Where the server or the CLI keeps files and which host ran
/// an export are the lab's, not the client's: those fields are cut (`withoutServerDetails`).
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
        }.map(\.withoutServerDetails)
        return visible
    }
}

extension CaseHistory.Event {
    /// The event with the lab's own paths, hosts and processes cut: an intake names its archive by SHA-256, an
    /// export keeps only its file's name, an approval only its report's file name.
    public var withoutServerDetails: CaseHistory.Event {
        switch self {
        case let .intake(record): return .intake(record.withoutServerDetails)
        case var .export(record):
            record.path = FileName.last(record.path)
            record.staging = ""
            record.ownerHost = ""
            record.ownerPID = 0
            return .export(record)
        case var .approval(record):
            record.reportFile = record.reportFile.map(FileName.last)
            return .approval(record)
        case .revision, .derivation: return self
        }
    }
}

extension IntakeRecord {
    /// The record with its archive named `sha256:<digest>` instead of a path on the server or a CLI user's
    /// machine (which may carry a patient's name).
    public var withoutServerDetails: IntakeRecord {
        var record = self
        record.archive = "sha256:" + archiveSHA256
        return record
    }
}

/// The last component of a path, `/` or `\` separated.
enum FileName {
    static func last(_ path: String) -> String {
        String(path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    }
}
