import ArchiveIO
import Foundation
import PlanModel
import RefSealedVendor
import Testing
import VendorKit

/// The seal: every entry AES-256 encrypted with the user's password, which is never stored; a missing or
/// wrong password is a typed password error, at export and at intake.
@Suite struct RefSealedEncryptionTests {
    @Test func everyEntryIsEncryptedAndThePasswordIsNotStored() throws {
        let url = try RSeal.sample()
        let entries = try ArchiveReader(contentsOf: url).entries().filter { $0.kind == .file }
        #expect(!entries.isEmpty && entries.allSatisfy(\.isEncrypted))
        let bytes = try Data(contentsOf: url)
        #expect(bytes.range(of: Data(RSeal.password.utf8)) == nil)
        // Sealed means unreadable without the password: order.json's text is not in the file either.
        #expect(bytes.range(of: Data("aligngate.ref-sealed".utf8)) == nil)
        #expect(bytes.range(of: Data(RSeal.plan.metadata.caseID.utf8)) == nil)
    }

    @Test func readingWithoutThePasswordBreaksRuleEncrypted() throws {
        let url = try RSeal.sample()
        do {
            _ = try ArchiveReader(contentsOf: url).data(of: "order.json")
            Issue.record("read an encrypted entry without a password")
        } catch {
            #expect(error.rule == .encrypted)
        }
    }

    @Test func exportWithoutAPasswordIsAPasswordError() throws {
        for password in [nil, ""] as [String?] {
            let url = try RSeal.scratch().appendingPathComponent("unsealed.zip")
            let detail = passwordError { () throws(VendorError) in _ = try RSeal.adapter.export(RSeal.plan, to: url, options: ExportOptions(force: true, password: password)) }
            #expect(detail?.contains("password") == true, "\(String(describing: detail))")
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
    }

    @Test func intakeWithoutOrWithAWrongPasswordIsAPasswordError() throws {
        let url = try RSeal.sample()
        for (password, words) in [(nil, "give its password"), ("not the password", "wrong password")] as [(String?, String)] {
            let detail = passwordError { () throws(VendorError) in _ = try RSeal.adapter.read(url, options: IntakeOptions(password: password)) }
            #expect(detail?.contains(words) == true, "\(String(describing: detail))")
        }
    }

    @Test func probeNeedsNoPassword() throws {
        let url = try RSeal.sample()
        for password in [nil, RSeal.password] as [String?] {
            let listing = try ArchiveListing.load(url, password: password)
            #expect(listing.heads.isEmpty, "encrypted entries have no heads")
            #expect(RSeal.adapter.probe(listing) == 85)
        }
        // That no other adapter claims it, and the gateway then asks for the password: Tests/ConformanceTests.
    }

    @Test func anUnsealedCopyIsReadWithAWarningAndScoresLower() throws {
        let open = try RSeal.rewrite(try RSeal.sample(), newPassword: nil)
        #expect(RSeal.adapter.probe(try ArchiveListing.load(open)) == 60)
        let result = try RSeal.adapter.read(open, options: IntakeOptions())
        let warning = result.report.findings.first { $0.code == "ref-sealed.not-encrypted" }
        #expect(warning?.severity == .warning && warning?.location.file == "order.json")
    }

    /// The detail of the `VendorError.password` from ref-sealed that `body` throws; nil for anything else.
    func passwordError(_ body: () throws(VendorError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            if case let .password("ref-sealed", detail) = error { return detail }
            return nil
        }
    }
}
