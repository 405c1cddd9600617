import ArchiveIO
import Foundation
import PlanModel
import Testing
import VendorKit

/// A minimal adapter: writes a marker file, probes by a fixed score. Enough to test the shared gate.
struct MarkerAdapter: VendorAdapter {
    var descriptor: VendorDescriptor
    var score = 0

    func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive {
        do { try Data(plan.metadata.caseID.utf8).write(to: url) } catch {
            throw .malformed(vendor: descriptor.id, file: url.path, detail: "\(error)")
        }
        return ExportedArchive(files: ["marker"], bytes: 1, sha256: String(repeating: "0", count: 64))
    }

    func probe(_ listing: ArchiveListing) -> Int { score }

    func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        throw .malformed(vendor: descriptor.id, file: url.path, detail: "not readable")
    }
}

@Suite struct ExportGateTests {
    func scratch() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("gate-\(UUID().uuidString)") }

    @Test func errorsRefuseUnlessForced() throws {
        let adapter = MarkerAdapter(descriptor: openDescriptor { $0.profile.maxStages = 2 })
        let url = scratch()
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            _ = try adapter.export(rulePlan, to: url)
        } throws: { error in
            guard case let .refused(vendor, report)? = error as? VendorError else { return false }
            return vendor == "test" && report.errors.allSatisfy { $0.code == FindingCode.stageCount }
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let forced = try adapter.export(rulePlan, to: url, options: ExportOptions(force: true))
        #expect(forced.report.verdict == .incompatible)
        #expect(FileManager.default.fileExists(atPath: url.path))
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let adapter = MarkerAdapter(descriptor: openDescriptor { $0.capabilities.ipr = false })
        let url = scratch()
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: VendorError.self) { try adapter.export(rulePlan, to: url, options: ExportOptions(strict: true)) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(try adapter.export(rulePlan, to: url).report.verdict == .lossy)
    }

    @Test func intakeOnlyAdapterDoesNotExport() {
        let adapter = MarkerAdapter(descriptor: openDescriptor { $0.direction = .intake })
        #expect(throws: VendorError.unsupportedDirection(vendor: "test", .export)) {
            try adapter.export(rulePlan, to: scratch())
        }
    }

    @Test func probingPicksTheSingleBestOrSaysAmbiguous() throws {
        func adapter(_ id: String, _ score: Int) -> MarkerAdapter {
            MarkerAdapter(descriptor: openDescriptor { $0.id = id }, score: score)
        }
        let listing = ArchiveListing(name: "x.zip", format: .zip, entries: [], heads: [:])
        #expect(try Probe.choose(listing, adapters: [adapter("a", 30), adapter("b", 90)]).descriptor.id == "b")
        #expect(throws: VendorError.ambiguous(archive: "x.zip", candidates: [ProbeScore(vendor: "a", score: 80), ProbeScore(vendor: "b", score: 80)])) {
            try Probe.choose(listing, adapters: [adapter("b", 80), adapter("a", 80)])
        }
        #expect(throws: VendorError.ambiguous(archive: "x.zip", candidates: [ProbeScore(vendor: "a", score: 40)])) {
            try Probe.choose(listing, adapters: [adapter("a", 40), adapter("b", 0)])
        }
        // Scores are clamped to 0…100.
        #expect(Probe.scores(listing, adapters: [adapter("a", 500)]).first?.score == 100)
    }
}
