import GRDB

/// Everything the ledger holds about one case.
public struct CaseHistory: Sendable, Hashable, Encodable {
    /// One thing that happened, in time order.
    public enum Event: Sendable, Hashable, Encodable {
        case revision(PlanRevisionRecord)
        case approval(ApprovalRecord)
        case export(ExportRecord)
        case intake(IntakeRecord)
        case derivation(DerivationRecord)

        /// When it happened (ledger time).
        public var at: String {
            switch self {
            case let .revision(r): return r.firstSeen
            case let .approval(a): return a.at
            case let .export(e): return e.startedAt
            case let .intake(i): return i.at
            case let .derivation(d): return d.at
            }
        }

        /// `{"kind": …, "record": {…}}`: a flat, stable JSON shape for scripts.
        public func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey { case kind, record }
            var c = encoder.container(keyedBy: Key.self)
            switch self {
            case let .revision(r): try c.encode("revision", forKey: .kind); try c.encode(r, forKey: .record)
            case let .approval(a): try c.encode("approval", forKey: .kind); try c.encode(a, forKey: .record)
            case let .export(e): try c.encode("export", forKey: .kind); try c.encode(e, forKey: .record)
            case let .intake(i): try c.encode("intake", forKey: .kind); try c.encode(i, forKey: .record)
            case let .derivation(d): try c.encode("derivation", forKey: .kind); try c.encode(d, forKey: .record)
            }
        }

        /// Revisions first at equal times: a plan is seen before it is approved or exported.
        var rank: Int {
            switch self {
            case .revision: return 0
            case .derivation: return 1
            case .approval: return 2
            case .export: return 3
            case .intake: return 4
            }
        }
    }

    public var caseID: String
    public var events: [Event]

    public var isEmpty: Bool { events.isEmpty }

    /// The history of `events`, put in the order they happened (each kind given in id order).
    public init(caseID: String, ordering events: [Event]) {
        self.caseID = caseID
        // Stable sort keeps id order within a kind.
        self.events = events.enumerated().sorted { a, b in
            (a.element.at, a.element.rank, a.offset) < (b.element.at, b.element.rank, b.offset)
        }.map(\.element)
    }
}

extension Ledger {
    /// The case's revisions, derivations, approvals, exports and intakes, in the order they happened.
    public func history(caseID: String) throws(LedgerError) -> CaseHistory {
        try read { db in
            let filter = Column("caseID") == caseID
            var events: [CaseHistory.Event] = []
            events += try PlanRevisionRecord.filter(filter).fetchAll(db).map { .revision($0) }
            events += try ApprovalRecord.filter(filter).order(Column("id")).fetchAll(db).map { .approval($0) }
            events += try ExportRecord.filter(filter).order(Column("id")).fetchAll(db).map { .export($0) }
            events += try IntakeRecord.filter(filter).order(Column("id")).fetchAll(db).map { .intake($0) }
            events += try DerivationRecord.filter(filter).order(Column("id")).fetchAll(db).map { .derivation($0) }
            return CaseHistory(caseID: caseID, ordering: events)
        }
    }
}
