/// The PostgreSQL store's schema: plan revisions, intake records, the audit chain, the intake service's job
/// queue and API keys (1), then approvals, exports and derivations (2), with the SQLite ledger's columns, then
/// the audit entries of keys created before keys were audited (3). Version n is reached by running `migrations[0..<n]`, under an
/// advisory lock so servers and workers starting together migrate once. Append-only, like LedgerSchema.
/// Timestamps are ledger time (ISO 8601 text, UTC); `COLLATE "C"` keeps their text order the time order
/// whatever the database's locale.
enum PostgresSchema {
    /// The advisory lock key taken while migrating ("ALGL").
    static let migrationLock: Int64 = 0x414C_474C

    static let migrations: [[String]] = [version1, version2, []]

    /// The version whose step is Swift, not SQL: the keys created before keys were audited get their
    /// `apiKey` / `apiKeyRevocation` entries (`PostgresLedger.auditExistingKeys`), as SQLite's migration 6.
    static let keyAuditVersion = 3

    static var currentVersion: Int { migrations.count }

    static let version1 = [
        """
        CREATE TABLE planRevision (
            hash TEXT PRIMARY KEY NOT NULL,
            caseID TEXT NOT NULL,
            firstSeen TEXT COLLATE "C" NOT NULL,
            summary TEXT NOT NULL
        )
        """,
        "CREATE INDEX planRevisionCase ON planRevision(caseID)",
        """
        CREATE TABLE intake (
            id BIGSERIAL PRIMARY KEY,
            archiveSHA256 TEXT NOT NULL,
            profile TEXT NOT NULL,
            archive TEXT NOT NULL,
            vendor TEXT NOT NULL,
            caseID TEXT NOT NULL,
            planHash TEXT REFERENCES planRevision(hash),
            verdict TEXT NOT NULL,
            accepted BOOLEAN NOT NULL,
            findings TEXT NOT NULL,
            at TEXT COLLATE "C" NOT NULL,
            UNIQUE (archiveSHA256, profile)
        )
        """,
        "CREATE INDEX intakeCase ON intake(caseID)",
        """
        CREATE TABLE audit (
            seq BIGINT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            at TEXT NOT NULL,
            previousHash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        // The head row exists from the start (seq 0), so appenders serialise on its row lock.
        "CREATE TABLE auditHead (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)",
        "INSERT INTO auditHead (id, seq, hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))')",
        """
        CREATE TABLE intakeJob (
            id TEXT PRIMARY KEY NOT NULL,
            archiveSHA256 TEXT NOT NULL,
            target TEXT NOT NULL,
            vendor TEXT,
            bytes BIGINT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            leaseOwner TEXT,
            leaseExpires TEXT COLLATE "C",
            intakeID BIGINT REFERENCES intake(id),
            caseID TEXT,
            verdict TEXT,
            accepted BOOLEAN,
            report TEXT,
            error TEXT,
            submittedAt TEXT COLLATE "C" NOT NULL,
            startedAt TEXT,
            finishedAt TEXT,
            UNIQUE (archiveSHA256, target)
        )
        """,
        "CREATE INDEX intakeJobQueue ON intakeJob(status, submittedAt)",
        "CREATE INDEX intakeJobCase ON intakeJob(caseID)",
        """
        CREATE TABLE intakeJobClient (
            jobID TEXT NOT NULL REFERENCES intakeJob(id),
            client TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (jobID, client)
        )
        """,
        "CREATE INDEX intakeJobClientByClient ON intakeJobClient(client)",
        """
        CREATE TABLE apiKey (
            id TEXT PRIMARY KEY NOT NULL,
            client TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            createdAt TEXT COLLATE "C" NOT NULL,
            revokedAt TEXT
        )
        """,
    ]

    /// 2: approvals (with the review report they saw), exports (pending → complete / failed / abandoned) and
    /// derived revisions, so the export gate and `audit verify` see the same records as on SQLite.
    static let version2 = [
        """
        CREATE TABLE approval (
            id BIGSERIAL PRIMARY KEY,
            planHash TEXT NOT NULL REFERENCES planRevision(hash),
            caseID TEXT NOT NULL,
            doctor TEXT NOT NULL,
            note TEXT NOT NULL,
            at TEXT COLLATE "C" NOT NULL,
            reportSHA256 TEXT,
            reportFile TEXT
        )
        """,
        "CREATE INDEX approvalPlan ON approval(planHash)",
        "CREATE INDEX approvalCase ON approval(caseID)",
        """
        CREATE TABLE export (
            id BIGSERIAL PRIMARY KEY,
            planHash TEXT NOT NULL REFERENCES planRevision(hash),
            caseID TEXT NOT NULL,
            vendor TEXT NOT NULL,
            options TEXT NOT NULL,
            path TEXT NOT NULL,
            staging TEXT NOT NULL,
            approvalID BIGINT REFERENCES approval(id),
            unapproved BOOLEAN NOT NULL,
            status TEXT NOT NULL,
            sha256 TEXT,
            bytes BIGINT,
            findings TEXT,
            seconds DOUBLE PRECISION,
            ownerHost TEXT NOT NULL,
            ownerPID INTEGER NOT NULL,
            startedAt TEXT COLLATE "C" NOT NULL,
            finishedAt TEXT,
            detail TEXT
        )
        """,
        "CREATE INDEX exportCase ON export(caseID)",
        "CREATE INDEX exportStatus ON export(status)",
        """
        CREATE TABLE derivation (
            id BIGSERIAL PRIMARY KEY,
            planHash TEXT NOT NULL REFERENCES planRevision(hash),
            sourceHash TEXT NOT NULL REFERENCES planRevision(hash),
            caseID TEXT NOT NULL,
            target TEXT NOT NULL,
            margin DOUBLE PRECISION NOT NULL,
            detail TEXT NOT NULL,
            at TEXT COLLATE "C" NOT NULL,
            UNIQUE (planHash, sourceHash, target, margin)
        )
        """,
        "CREATE INDEX derivationCase ON derivation(caseID)",
    ]
}
