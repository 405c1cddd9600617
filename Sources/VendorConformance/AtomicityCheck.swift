import Foundation
import PlanModel
import VendorKit

/// A refused export writes nothing; an export whose target cannot be written leaves nothing beside it.
enum AtomicityCheck {
    static func run(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        guard c.descriptor.direction.exports, let plan = c.samples.first else { return .skipped("the adapter does not export") }
        var f = Failures()
        let folder = c.path("atomic")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            return .failed(["cannot create a scratch folder: \(error)"])
        }
        // 1. Refused: a plan with a structural error is not written.
        var broken = plan
        broken.metadata.caseID = ""
        let refusedTarget = folder.appendingPathComponent("refused.\(c.fileExtension)")
        do {
            _ = try c.adapter.export(broken, to: refusedTarget, options: ExportOptions(password: c.exportOptions.password))
            f.fail("a plan with an empty case id was exported")
        } catch {
            if case .refused = error {} else { f.fail("expected a refusal, got \(error)") }
        }
        // 2. Failing mid-way: the target is an existing folder, which no archive may replace.
        let blocked = folder.appendingPathComponent("blocked.\(c.fileExtension)")
        do {
            try FileManager.default.createDirectory(at: blocked.appendingPathComponent("keep"), withIntermediateDirectories: true)
            _ = try c.adapter.export(plan, to: blocked, options: c.exportOptions)
            f.fail("export over an existing folder succeeded")
        } catch {
            _ = error  // any typed VendorError will do; what matters is what is left on disk
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        f.expect(left == [blocked.lastPathComponent], "left behind: \(left.sorted())")
        f.expect(FileManager.default.fileExists(atPath: blocked.appendingPathComponent("keep").path), "the existing folder was damaged")
        return f.outcome
    }
}
