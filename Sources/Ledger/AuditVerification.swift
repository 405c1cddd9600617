import Foundation

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
        /// A record (`approval`, `export`, `intake` row `id`) the chain does not cover: added outside aligngate.
        case unaudited(kind: String, id: Int64)
        /// A record that no longer equals what its audit entry `seq` recorded: edited outside aligngate.
        case differs(kind: String, id: Int64, seq: Int)
        /// A record with more than one audit entry.
        case auditedTwice(kind: String, id: Int64, seqs: [Int])
        /// Entry `seq` names a record (`kind` row `id`, nil when the payload names none) that does not exist.
        case orphan(seq: Int, kind: String, id: Int64?)

        public var description: String {
            switch self {
            case let .edited(seq): return "entry \(seq) was edited (its content no longer matches the chain)"
            case let .missing(from, to):
                return from == to ? "entry \(from) is missing (deleted)" : "entries \(from)…\(to) are missing (deleted)"
            case let .outOfOrder(seq, writtenAs):
                return "entries out of order: position \(seq) holds the entry written as \(writtenAs)"
            case let .unexpected(seq): return "entry \(seq) lies beyond the recorded head (added outside aligngate)"
            case let .unaudited(kind, id): return "\(kind) #\(id) has no audit entry (added outside aligngate)"
            case let .differs(kind, id, seq): return "\(kind) #\(id) differs from its audit entry \(seq) (edited outside aligngate)"
            case let .auditedTwice(kind, id, seqs):
                return "\(kind) #\(id) has \(seqs.count) audit entries (\(seqs.map(String.init).joined(separator: ", ")))"
            case let .orphan(seq, kind, id):
                return id.map { "entry \(seq) records \(kind) #\($0), which does not exist (deleted outside aligngate)" }
                    ?? "entry \(seq) names no \(kind) record"
            }
        }

        /// True when the chain itself holds and a table row disagrees with it.
        public var isRecordMismatch: Bool {
            switch self {
            case .unaudited, .differs, .auditedTwice, .orphan: return true
            case .edited, .missing, .outOfOrder, .unexpected: return false
            }
        }
    }

    /// The last recorded entry (the head), as stored apart from the entries.
    public struct Head: Sendable, Hashable, Codable {
        public var seq: Int
        public var hash: String

        public init(seq: Int, hash: String) {
            self.seq = seq
            self.hash = hash
        }
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

    /// One approval, export, intake, derivation or API key row as the chain sees it: its kind, id, the audit payload the code
    /// writes for it today, and whether it must have an entry (exports only once complete).
    public struct Record: Sendable, Hashable {
        public var kind: String
        public var id: Int64
        public var payload: String
        public var needsEntry: Bool

        public init(kind: String, id: Int64, payload: String, needsEntry: Bool = true) {
            self.kind = kind
            self.id = id
            self.payload = payload
            self.needsEntry = needsEntry
        }
    }

    /// Cross-checks the rows against an intact chain: every entry must name an existing record with its
    /// payload, and every record must have exactly one entry. The chain alone cannot see rows written
    /// beside it (a bare `INSERT INTO approval` would otherwise approve a plan and still verify).
    /// Entries are checked in sequence order first, then records by kind and id; the first mismatch is named.
    public static func crossCheck(_ entries: [AuditEntry], records: [Record]) -> Problem? {
        struct Key: Hashable { var kind: String; var id: Int64 }
        var byKey: [Key: Record] = [:]
        for record in records { byKey[Key(kind: record.kind, id: record.id)] = record }
        var seqsByKey: [Key: [Int]] = [:]
        for entry in entries {
            guard let id = recordID(of: entry) else { return .orphan(seq: entry.seq, kind: entry.kind, id: nil) }
            let key = Key(kind: entry.kind, id: id)
            guard let record = byKey[key] else { return .orphan(seq: entry.seq, kind: entry.kind, id: id) }
            if record.payload != entry.payload { return .differs(kind: entry.kind, id: id, seq: entry.seq) }
            seqsByKey[key, default: []].append(entry.seq)
        }
        let order = ["approval": 0, "export": 1, "intake": 2, "derivation": 3, "apiKey": 4, "apiKeyRevocation": 5]
        for record in records.filter(\.needsEntry).sorted(by: { (order[$0.kind] ?? 6, $0.id) < (order[$1.kind] ?? 6, $1.id) }) {
            let seqs = seqsByKey[Key(kind: record.kind, id: record.id)] ?? []
            if seqs.isEmpty { return .unaudited(kind: record.kind, id: record.id) }
            if seqs.count > 1 { return .auditedTwice(kind: record.kind, id: record.id, seqs: seqs) }
        }
        return nil
    }

    /// The row id an entry's payload names: its `approval` / `export` / `intake` field, by its kind.
    static func recordID(of entry: AuditEntry) -> Int64? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(entry.payload.utf8)) as? [String: Any] else { return nil }
        return (object[entry.kind] as? NSNumber)?.int64Value
    }
}
