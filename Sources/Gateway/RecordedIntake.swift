import Digest
import Foundation
import Ledger
import PlanModel
import VendorKit

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
                           ledger: Ledger) throws(GatewayError) -> Result {
        let digest = try ArchiveDigest.sha256(url)
        let profile = profile(target: target, strict: strict)
        do {
            if let existing = try ledger.intake(archiveSHA256: digest, profile: profile) { return .alreadyRecorded(existing) }
        } catch { throw .ledger(error) }
        let outcome: IntakeOutcome
        do { outcome = try Intake.run(url, registry: registry, vendor: vendor, target: target, options: options, strict: strict) } catch {
            throw .vendor(error)
        }
        return try record(outcome, archive: url, digest: digest, profile: profile, ledger: ledger)
    }

    /// Records an intake already run; returns the earlier record instead if another process got there first.
    static func record(_ outcome: IntakeOutcome, archive: URL, digest: String, profile: String,
                       ledger: Ledger) throws(GatewayError) -> Result {
        // A plan that cannot be encoded (e.g. NaN values) has no revision hash; its intake is still recorded.
        let revision = try? Approval.revision(outcome.plan)
        let verdict = outcome.targetReport?.verdict.rawValue ?? outcome.readReport.verdict.rawValue
        let findings = RecordedFindings(read: outcome.readReport.findings, problems: outcome.problems.map(\.description),
                                        target: outcome.targetReport?.findings ?? [])
        let record = IntakeRecord(archiveSHA256: digest, profile: profile, archive: archive.path, vendor: outcome.vendor,
                                  caseID: outcome.plan.metadata.caseID, planHash: revision?.hash, verdict: verdict,
                                  accepted: outcome.isAccepted, findings: RecordedOptions.json(findings), at: LedgerTime.now())
        do {
            let (stored, isNew) = try ledger.recordIntake(record, revision: revision)
            return isNew ? .recorded(outcome, stored) : .alreadyRecorded(stored)
        } catch { throw .ledger(error) }
    }

    struct RecordedFindings: Encodable {
        var read: [Finding]
        var problems: [String]
        var target: [Finding]
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
