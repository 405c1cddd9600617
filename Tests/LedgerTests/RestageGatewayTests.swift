import Foundation
import Gateway
import Ledger
import PlanModel
import PlanPackage
import Testing
import VendorKit

/// The restage use case end to end without the CLI: derived package, its derivation in plan.json, the
/// ledger's derivation record, and the priced remedy in the matrix.
@Suite struct RestageGatewayTests {
    /// Six upper aligners: the canine's rotation steps (1.568°) exceed ref-segmented's 1.5° (see the CLI docs).
    static func plan() throws -> TreatmentPlan { try Fixture.plan(stages: 6) }

    @Test func restagedPlanIsWrittenWithItsDerivationAndRecordedUnapproved() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let registry = try Registry.standard()
        let source = try Self.plan()
        let out = folder.appendingPathComponent("restaged.alignplan")
        let outcome = try await Restage.run(source, vendor: "ref-segmented", to: out, registry: registry, ledger: ledger)
        #expect(outcome.changed && outcome.stepLimitErrors == 0)
        #expect(outcome.arches.map(\.aligners) == [12, 12], "\(outcome.detail)")

        let derived = try PlanPackage.read(out)
        let sourceHash = try PlanRevision.hash(source)
        #expect(derived.derivation == PlanDerivation(sourceRevision: sourceHash, target: "ref-segmented", margin: 0.95,
                                                     sourceAligners: ["upper": 6, "lower": 6]))
        #expect(try PlanRevision.hash(derived) == outcome.revision)
        #expect(!(try registry.adapter("ref-segmented").check(derived).errors.contains { $0.code == FindingCode.stepLimit }))
        // plan.json says 1.1 for a derived plan; a planner's plan is still written as 1.0.
        let json = try String(contentsOf: out.appendingPathComponent("plan.json"), encoding: .utf8)
        #expect(json.contains(#""formatVersion" : "1.1""#))
        let plain = try PlanEncoder.entries(for: source).first.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
        #expect(plain.contains(#""formatVersion" : "1.0""#) && !plain.contains("derivation"))

        // A new revision: recorded with where it came from, and not approved.
        let derivations = try ledger.derivations(of: try #require(outcome.revision))
        #expect(derivations.map(\.sourceHash) == [sourceHash] && derivations.first?.target == "ref-segmented")
        #expect(try ledger.approval(of: try #require(outcome.revision)) == nil)
        let kinds = try ledger.history(caseID: source.metadata.caseID).events.map { event -> String in
            if case .derivation = event { return "derivation" }
            if case .revision = event { return "revision" }
            return "other"
        }
        #expect(kinds == ["revision", "revision", "derivation"])
        #expect(try ledger.verifyAudit().isIntact)
        #expect(try ledger.auditEntries().map(\.kind) == ["derivation"])
    }

    @Test func restagingAPlanThatFitsChangesNothing() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let registry = try Registry.standard()
        let first = folder.appendingPathComponent("a.alignplan"), second = folder.appendingPathComponent("b.alignplan")
        _ = try await Restage.run(try Self.plan(), vendor: "ref-segmented", to: first, registry: registry, ledger: ledger)
        let derived = try PlanPackage.read(first)
        let again = try await Restage.run(derived, vendor: "ref-segmented", to: second, registry: registry, ledger: ledger)
        #expect(!again.changed && again.revision == nil && again.output == nil)
        #expect(!FileManager.default.fileExists(atPath: second.path))
        #expect(try ledger.auditEntries().count == 1)
    }

    @Test func aStageCapTooSmallNamesTheCountNeeded() async throws {
        let folder = try Fixture.folder()
        let ledger = try Fixture.ledger(in: folder)
        let out = folder.appendingPathComponent("x.alignplan")
        do {
            _ = try await Restage.run(try Self.plan(), vendor: "ref-segmented", to: out, maxStages: 10, registry: try Registry.standard(), ledger: ledger)
            Issue.record("restaged beyond --max-stages")
        } catch let error as GatewayError {
            #expect(error.description.contains("needs 12 aligners") && error.description.contains("--max-stages 10"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try ledger.auditEntries().isEmpty)
    }

    @Test func theMatrixPricesTheRemedyWithoutWriting() throws {
        let matrix = try CompatibilityMatrix.check(try Self.plan(), registry: try Registry.standard())
        let row = try #require(matrix.rows.first { $0.vendor == "ref-segmented" })
        let price = try #require(row.restage)
        #expect(price.text == "restage for ref-segmented: +6 aligners upper, +6 lower (+12 weeks at 14 days)")
        #expect(price.arches.map(\.added) == [6, 6] && price.addedWeeks == 12 && price.exceedsCap == nil)
        // Only systems whose verdict has step-limit errors get a price.
        for other in matrix.rows where !other.findings.contains(where: { $0.code == FindingCode.stepLimit }) {
            #expect(other.restage == nil, "\(other.vendor)")
        }
        let json = String(decoding: try JSONEncoder().encode(row), as: UTF8.self)
        #expect(json.contains(#""restagedAligners":12"#) && json.contains(#""added":6"#), "\(json)")
    }

    @Test func aVersion1LedgerIsMigratedToRecordDerivations() throws {
        let folder = try Fixture.folder()
        let file = folder.appendingPathComponent("ledger.sqlite")
        // A ledger as written before migration 2 (derivations) and everything after it.
        _ = try Ledger.open(file, schemaVersion: 1)
        let ledger = try Ledger.open(file)
        #expect(try ledger.schemaVersion() == Ledger.currentSchemaVersion)
        let a = RevisionInfo(hash: String(repeating: "a", count: 64), caseID: "C", summary: "a")
        let b = RevisionInfo(hash: String(repeating: "b", count: 64), caseID: "C", summary: "b")
        let (record, isNew) = try ledger.recordDerivation(b, from: a, target: "ref-segmented", margin: 0.95, detail: "upper 6 → 12 aligners")
        #expect(isNew && record.id == 1)
        #expect(try ledger.recordDerivation(b, from: a, target: "ref-segmented", margin: 0.95, detail: "again").isNew == false)
        #expect(try ledger.verifyAudit().isIntact)
    }
}
