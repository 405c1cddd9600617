import Digest
import Foundation
import Ledger
import PlanModel
import VendorKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Intake with a record: the same archive content checked against the same profile is read once; asking
/// again returns what was recorded, without reading or auditing it twice.
public enum RecordedIntake {
    /// A fresh intake, or the one already in the ledger.
    public enum Result: Sendable {
        case recorded(IntakeOutcome, IntakeRecord)
        case alreadyRecorded(IntakeRecord)

        public var record: IntakeRecord {
            switch self {
            case let .recorded(_, r), let .alreadyRecorded(r): return r
            }
        }
    }

    /// The profile key: the target's id, `+strict` when warnings count as errors, empty for none.
    public static func profile(target: String?, strict: Bool) -> String {
        guard let target else { return "" }
        return strict ? "\(target)+strict" : target
    }

    /// Intake of `url` (see `Intake.run`), recorded once per (archive SHA-256, profile).
    public static func run(_ url: URL, registry: Registry, vendor: String? = nil, target: String? = nil,
                           options: IntakeOptions = IntakeOptions(), strict: Bool = false,
                           ledger: any LedgerStore) async throws(GatewayError) -> Result {
        try await ExportRecovery.reconcile(ledger)
        let identity = try ArchiveIdentity(url)
        let digest = try ArchiveDigest.sha256(url)
        let profile = profile(target: target, strict: strict)
        do {
            if let existing = try await ledger.intake(archiveSHA256: digest, profile: profile) { return .alreadyRecorded(existing) }
        } catch { throw .ledger(error) }
        let outcome: IntakeOutcome
        do { outcome = try Intake.run(url, registry: registry, vendor: vendor, target: target, options: options, strict: strict) } catch {
            throw .vendor(error)
        }
        // The hash and the read open the file separately: what was read must be what was hashed.
        try identity.ensureUnchanged()
        return try await record(outcome, archive: url, digest: digest, profile: profile, ledger: ledger)
    }

    /// Records an intake already run (by the CLI or a service worker); returns the earlier record instead if
    /// another process got there first.
    public static func record(_ outcome: IntakeOutcome, archive: URL, digest: String, profile: String,
                              ledger: any LedgerStore) async throws(GatewayError) -> Result {
        let (record, revision) = entry(outcome, archive: archive, digest: digest, profile: profile)
        do {
            let (stored, isNew) = try await ledger.recordIntake(record, revision: revision)
            return isNew ? .recorded(outcome, stored) : .alreadyRecorded(stored)
        } catch { throw .ledger(error) }
    }

    /// The intake record (and the plan revision it read) for an intake just run, as the ledger stores it.
    public static func entry(_ outcome: IntakeOutcome, archive: URL, digest: String, profile: String,
                             at: String = LedgerTime.now()) -> (record: IntakeRecord, revision: RevisionInfo?) {
        // A plan that cannot be encoded (e.g. NaN values) has no revision hash; its intake is still recorded.
        let revision = try? Approval.revision(outcome.plan)
        let verdict = outcome.targetReport?.verdict.rawValue ?? outcome.readReport.verdict.rawValue
        let findings = RecordedFindings(read: outcome.readReport.findings, problems: outcome.problems.map(\.description),
                                        target: outcome.targetReport?.findings ?? [])
        let record = IntakeRecord(archiveSHA256: digest, profile: profile, archive: archive.path, vendor: outcome.vendor,
                                  caseID: outcome.plan.metadata.caseID, planHash: revision?.hash, verdict: verdict,
                                  accepted: outcome.isAccepted, findings: RecordedOptions.json(findings), at: at)
        return (record, revision)
    }

    struct RecordedFindings: Encodable {
        var read: [Finding]
        var problems: [String]
        var target: [Finding]
    }
}

/// Which file (device, inode), how big and when last modified an intake's input was — of the file, or of
/// every regular file in a folder. Taken before hashing and compared after the read, so an archive replaced
/// or rewritten in between is refused instead of being recorded under another content's hash. (Not a
/// defence against someone who restores the modification time on purpose.)
public struct ArchiveIdentity: Sendable, Hashable {
    struct Stamp: Sendable, Hashable {
        var path: String
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int
        var modifiedNanoseconds: Int
    }

    public let url: URL
    let stamps: [Stamp]

    public init(_ url: URL) throws(GatewayError) {
        self.url = url
        stamps = try Self.stamps(url)
    }

    /// Throws when the input is no longer the same file(s) with the same size and modification time.
    public func ensureUnchanged() throws(GatewayError) {
        let now: [Stamp]
        do { now = try Self.stamps(url) } catch { throw Self.changed(url) }
        if now != stamps { throw Self.changed(url) }
    }

    static func changed(_ url: URL) -> GatewayError {
        .io(file: url.path, detail: "the archive changed while it was read (its file, size or modification time differ "
            + "from when it was hashed); nothing was recorded, read it again once it is complete")
    }

    static func stamps(_ url: URL) throws(GatewayError) -> [Stamp] {
        var info = stat()
        guard stat(url.path, &info) == 0 else { throw .io(file: url.path, detail: "cannot read: \(String(cString: strerror(errno)))") }
        var stamps = [Stamp(info, path: "")]
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return stamps }
        let root = url.standardizedFileURL.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(atPath: root.path) else {
            throw .io(file: url.path, detail: "cannot list the folder")
        }
        for case let relative as String in walker {
            var entry = stat()
            // A name that vanished mid-walk is a change too: the later comparison reports it.
            guard stat(root.appendingPathComponent(relative).path, &entry) == 0 else { continue }
            if (entry.st_mode & S_IFMT) == S_IFREG { stamps.append(Stamp(entry, path: relative)) }
        }
        return stamps.sorted { $0.path < $1.path }
    }
}

extension ArchiveIdentity.Stamp {
    init(_ info: stat, path: String) {
        self.path = path
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = info.st_mtimespec.tv_sec
        modifiedNanoseconds = info.st_mtimespec.tv_nsec
        #else
        modified = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
        #endif
    }
}

/// The identity of an intake's input: the archive file's SHA-256, or for a folder (a `.alignplan` folder)
/// the SHA-256 of its sorted "relative path NUL file SHA-256 LF" lines.
public enum ArchiveDigest {
    public static func sha256(_ url: URL) throws(GatewayError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw .io(file: url.path, detail: "no such file")
        }
        do {
            guard isFolder.boolValue else { return try FileDigest.sha256(url) }
            let root = url.standardizedFileURL.resolvingSymlinksInPath()
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
                throw GatewayError.io(file: url.path, detail: "cannot list the folder")
            }
            var lines: [String] = []
            for case let file as URL in walker where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                let relative = String(file.resolvingSymlinksInPath().path.dropFirst(root.path.count + 1))
                lines.append("\(relative)\u{0}\(try FileDigest.sha256(file))\n")
            }
            return SHA256.hex(Array(lines.sorted().joined().utf8))
        } catch let error as GatewayError {
            throw error
        } catch {
            throw .io(file: url.path, detail: "cannot read: \(error.localizedDescription)")
        }
    }
}
