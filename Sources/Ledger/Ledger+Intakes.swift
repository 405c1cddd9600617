import Foundation
import GRDB

extension Ledger {
    /// The intake recorded for this archive content and profile, if any.
    public func intake(archiveSHA256: String, profile: String) throws(LedgerError) -> IntakeRecord? {
        try read { db in
            try IntakeRecord.filter(Column("archiveSHA256") == archiveSHA256 && Column("profile") == profile).fetchOne(db)
        }
    }

    /// Records an intake with its audit entry, unless the same (archive, profile) is already recorded — then
    /// returns that record and `isNew` false, with no second audit entry (another process may have won).
    public func recordIntake(_ intake: IntakeRecord, revision: RevisionInfo?) throws(LedgerError) -> (record: IntakeRecord, isNew: Bool) {
        try write { db in
            if let existing = try IntakeRecord
                .filter(Column("archiveSHA256") == intake.archiveSHA256 && Column("profile") == intake.profile).fetchOne(db) {
                return (existing, false)
            }
            if let revision { try Self.recordRevision(db, revision, at: intake.at) }
            var intake = intake
            try intake.insert(db)
            _ = try Self.appendAudit(db, kind: "intake", payload: AuditPayload.Intake(intake), at: intake.at)
            return (intake, true)
        }
    }
}
