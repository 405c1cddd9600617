/// The result of checking the audit chain: how many entries held, and the first broken link, if any.
public struct AuditVerification: Sendable, Hashable, Codable {
    /// What the chain's break looks like, named by sequence number.
    public enum Problem: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The entry's content no longer matches its hash, or its hash no longer matches the next link.
        case edited(seq: Int)
        /// Entries `from…to` are gone.
        case missing(from: Int, to: Int)
        /// Position `seq` holds the entry written as number `writtenAs`.
        case outOfOrder(seq: Int, writtenAs: Int)
        /// Entry `seq` lies beyond the recorded head: added outside aligngate.
        case unexpected(seq: Int)

        public var description: String {
            switch self {
            case let .edited(seq): return "entry \(seq) was edited (its content no longer matches the chain)"
            case let .missing(from, to):
                return from == to ? "entry \(from) is missing (deleted)" : "entries \(from)…\(to) are missing (deleted)"
            case let .outOfOrder(seq, writtenAs):
                return "entries out of order: position \(seq) holds the entry written as \(writtenAs)"
            case let .unexpected(seq): return "entry \(seq) lies beyond the recorded head (added outside aligngate)"
            }
        }
    }

    /// The last recorded entry (the head), as stored apart from the entries.
    public struct Head: Sendable, Hashable, Codable {
        public var seq: Int
        public var hash: String
    }

    /// Entries checked.
    public var entries: Int
    /// Entries that hold before the first break (all of them when intact).
    public var intact: Int
    /// The first break; nil when the chain is intact.
    public var problem: Problem?

    public var isIntact: Bool { problem == nil }

    public init(entries: Int, intact: Int, problem: Problem?) {
        self.entries = entries
        self.intact = intact
        self.problem = problem
    }

    /// Walks the chain in sequence order; pure, so tests can check it on any list.
    public static func check(_ entries: [AuditEntry], head: Head?) -> AuditVerification {
        var previous: AuditEntry?
        func broken(_ problem: Problem, intact: Int) -> AuditVerification {
            AuditVerification(entries: entries.count, intact: intact, problem: problem)
        }
        for (index, entry) in entries.enumerated() {
            let expectedSeq = (previous?.seq ?? 0) + 1
            if entry.computedHash() != entry.hash {
                // Content valid at another position means it was moved, not edited.
                if let original = entries.map(\.seq).first(where: { $0 != entry.seq && entry.computedHash(asSeq: $0) == entry.hash }) {
                    return broken(.outOfOrder(seq: entry.seq, writtenAs: original), intact: index)
                }
                return broken(.edited(seq: entry.seq), intact: index)
            }
            if entry.seq > expectedSeq { return broken(.missing(from: expectedSeq, to: entry.seq - 1), intact: index) }
            if entry.previousHash != (previous?.hash ?? AuditEntry.genesis) {
                if let previous, let after = entries.first(where: { $0.hash == entry.previousHash && $0.seq != previous.seq }) {
                    return broken(.outOfOrder(seq: entry.seq, writtenAs: after.seq + 1), intact: index)
                }
                // Entry `seq − 1` was rewritten with a fresh hash: its successor's link gives it away.
                return broken(.edited(seq: expectedSeq - 1 > 0 ? expectedSeq - 1 : entry.seq), intact: max(index - 1, 0))
            }
            previous = entry
        }
        let lastSeq = previous?.seq ?? 0
        if let head {
            if head.seq > lastSeq { return broken(.missing(from: lastSeq + 1, to: head.seq), intact: entries.count) }
            if head.seq == lastSeq, let previous, head.hash != previous.hash {
                return broken(.edited(seq: lastSeq), intact: entries.count - 1)
            }
            if head.seq < lastSeq { return broken(.unexpected(seq: head.seq + 1), intact: head.seq) }
        } else if lastSeq > 0 {
            return broken(.unexpected(seq: 1), intact: 0)
        }
        return AuditVerification(entries: entries.count, intact: entries.count, problem: nil)
    }
}
