import GRDB

/// The ledger's versioned schema. Version n is reached by running migrations 1…n in order; the number is
/// SQLite's `user_version`, so any SQLite tool shows it. Migrations are append-only: never edit one that
/// has shipped, add the next.
enum LedgerSchema {
    /// Marks the file as an aligngate ledger (`PRAGMA application_id`, "ALGL").
    static let applicationID: Int32 = 0x414C_474C

    /// Migration i + 1 is `migrations[i]`.
    static let migrations: [@Sendable (Database) throws -> Void] = [version1, version2, approvalReport, intakeJobs, apiKeys, auditKeys]

    static var currentVersion: Int { migrations.count }

    private static func version1(_ db: Database) throws {
        try db.execute(sql: """
            PRAGMA application_id = \(applicationID);
            CREATE TABLE planRevision (
                hash TEXT PRIMARY KEY NOT NULL,
                caseID TEXT NOT NULL,
                firstSeen TEXT NOT NULL,
                summary TEXT NOT NULL
            );
            CREATE INDEX planRevisionCase ON planRevision(caseID);
            CREATE TABLE approval (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                planHash TEXT NOT NULL REFERENCES planRevision(hash),
                caseID TEXT NOT NULL,
                doctor TEXT NOT NULL,
                note TEXT NOT NULL,
                at TEXT NOT NULL
            );
            CREATE INDEX approvalPlan ON approval(planHash);
            CREATE TABLE export (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                planHash TEXT NOT NULL REFERENCES planRevision(hash),
                caseID TEXT NOT NULL,
                vendor TEXT NOT NULL,
                options TEXT NOT NULL,
                path TEXT NOT NULL,
                staging TEXT NOT NULL,
                approvalID INTEGER REFERENCES approval(id),
                unapproved INTEGER NOT NULL,
                status TEXT NOT NULL,
                sha256 TEXT,
                bytes INTEGER,
                findings TEXT,
                seconds REAL,
                ownerHost TEXT NOT NULL,
                ownerPID INTEGER NOT NULL,
                startedAt TEXT NOT NULL,
                finishedAt TEXT,
                detail TEXT
            );
            CREATE INDEX exportCase ON export(caseID);
            CREATE INDEX exportStatus ON export(status);
            CREATE TABLE intake (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                archiveSHA256 TEXT NOT NULL,
                profile TEXT NOT NULL,
                archive TEXT NOT NULL,
                vendor TEXT NOT NULL,
                caseID TEXT NOT NULL,
                planHash TEXT REFERENCES planRevision(hash),
                verdict TEXT NOT NULL,
                accepted INTEGER NOT NULL,
                findings TEXT NOT NULL,
                at TEXT NOT NULL,
                UNIQUE (archiveSHA256, profile)
            );
            CREATE INDEX intakeCase ON intake(caseID);
            CREATE TABLE audit (
                seq INTEGER PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                at TEXT NOT NULL,
                previousHash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE TABLE auditHead (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                seq INTEGER NOT NULL,
                hash TEXT NOT NULL
            );
            """)
    }

    /// 2: derived revisions (`aligngate restage`): which revision a plan was derived from, for which
    /// system, with which margin. A derivation approves nothing; the derived revision needs its own approval.
    private static func version2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE derivation (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                planHash TEXT NOT NULL REFERENCES planRevision(hash),
                sourceHash TEXT NOT NULL REFERENCES planRevision(hash),
                caseID TEXT NOT NULL,
                target TEXT NOT NULL,
                margin REAL NOT NULL,
                detail TEXT NOT NULL,
                at TEXT NOT NULL,
                UNIQUE (planHash, sourceHash, target, margin)
            );
            CREATE INDEX derivationCase ON derivation(caseID);
            """)
    }

    /// The review report an approval saw: its SHA-256 and file name (nil for approvals without a report).
    private static func approvalReport(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE approval ADD COLUMN reportSHA256 TEXT;
            ALTER TABLE approval ADD COLUMN reportFile TEXT;
            """)
    }

    /// The intake service's job queue: one job per (archive SHA-256, target), like the intake it leads to; a
    /// worker holds a running job under a lease it renews, and an expired lease makes the job claimable again.
    /// `intakeJobClient` says which API clients submitted a job: each sees only its own.
    private static func intakeJobs(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE intakeJob (
                id TEXT PRIMARY KEY NOT NULL,
                archiveSHA256 TEXT NOT NULL,
                target TEXT NOT NULL,
                vendor TEXT,
                bytes INTEGER NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                leaseOwner TEXT,
                leaseExpires TEXT,
                intakeID INTEGER REFERENCES intake(id),
                caseID TEXT,
                verdict TEXT,
                accepted INTEGER,
                report TEXT,
                error TEXT,
                submittedAt TEXT NOT NULL,
                startedAt TEXT,
                finishedAt TEXT,
                UNIQUE (archiveSHA256, target)
            );
            CREATE INDEX intakeJobQueue ON intakeJob(status, submittedAt);
            CREATE INDEX intakeJobCase ON intakeJob(caseID);
            CREATE TABLE intakeJobClient (
                jobID TEXT NOT NULL REFERENCES intakeJob(id),
                client TEXT NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (jobID, client)
            );
            CREATE INDEX intakeJobClientByClient ON intakeJobClient(client);
            """)
    }

    /// API keys of the intake service's clients: only each key's SHA-256 is kept, never the key.
    private static func apiKeys(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE apiKey (
                id TEXT PRIMARY KEY NOT NULL,
                client TEXT NOT NULL,
                sha256 TEXT NOT NULL UNIQUE,
                createdAt TEXT NOT NULL,
                revokedAt TEXT
            );
            CREATE INDEX apiKeyClient ON apiKey(client);
            """)
    }

    /// 6: API keys are audited (`apiKey` on creation, `apiKeyRevocation` on revocation); the keys an older
    /// aligngate created get their entries now, in creation order, dated when they happened.
    private static func auditKeys(_ db: Database) throws {
        for key in try APIKeyRecord.order(Column("createdAt"), Column("id")).fetchAll(db) {
            _ = try Ledger.appendAudit(db, kind: "apiKey", payload: AuditPayload.KeyCreation(key), at: key.createdAt)
            try Ledger.auditRevocation(db, key)
        }
    }
}
