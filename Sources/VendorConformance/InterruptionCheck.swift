import ArchiveIO
import Foundation
import VendorKit

/// A real export stopped midway — its output failing after half its bytes, or its task cancelled once one
/// entry is produced — fails with a typed error and leaves nothing in the target's folder: no archive,
/// no temporary file. An export that finishes anyway means the adapter wrote around ArchiveIO's writer.
enum InterruptionCheck {
    static func failingOutput(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        guard c.descriptor.direction.exports else { return .skipped("the adapter does not export") }
        let sample = c.samples.count - 1  // the smallest sample: the check is about leftovers, not size
        guard sample >= 0, case let .success(done) = c.export(sample),
              let entries = try? ArchiveReader(contentsOf: done, password: c.intakeOptions.password).entries() else {
            return .failed(["the smallest sample did not export"])
        }
        let total = entries.reduce(Int64(0)) { $0 + max(0, $1.declaredSize ?? 0) }
        let limit = max(1, total / 2)
        let folder: URL
        do { folder = try c.folder("failing-output") } catch { return .failed(["cannot create a scratch folder: \(error)"]) }
        let target = folder.appendingPathComponent("interrupted.\(c.fileExtension)")
        let result: Result<ExportSummary, VendorError> = ArchiveWriteInterruption.$current.withValue(.failAfterBytes(limit)) {
            do throws(VendorError) { return .success(try c.adapter.export(c.samples[sample], to: target, options: c.exportOptions)) } catch { return .failure(error) }
        }
        var f = Failures()
        switch result {
        case .success:
            f.fail("the export finished although its output failed after \(limit) of \(total) bytes: does it write through ArchiveWriter?")
        case let .failure(error):
            f.expect("\(error)".contains(ArchiveWriteInterruption.failureWords),
                     "failed with \(error), not with the output's failure after \(limit) bytes")
        }
        expectEmpty(folder, &f)
        return f.outcome
    }

    static func cancellation(_ c: ConformanceContext) async -> ConformanceReport.Outcome {
        guard c.descriptor.direction.exports else { return .skipped("the adapter does not export") }
        let folder: URL
        do { folder = try c.folder("cancelled") } catch { return .failed(["cannot create a scratch folder: \(error)"]) }
        let target = folder.appendingPathComponent("cancelled.\(c.fileExtension)")
        let handle = TaskHandle()
        guard let plan = c.samples.last else { return .failed(["the kit has no samples"]) }
        let adapter = c.adapter, options = c.exportOptions
        let task = Task.detached { () -> Result<ExportSummary, VendorError> in
            handle.waitUntilSet()  // so a cancel from a producer always reaches this task
            return ArchiveWriteInterruption.$current.withValue(.cancelAfterEntries(1, cancel: { handle.cancel() })) {
                do throws(VendorError) { return .success(try adapter.export(plan, to: target, options: options)) } catch { return .failure(error) }
            }
        }
        handle.set(task)
        var f = Failures()
        switch await task.value {
        case .success:
            f.fail("the export finished although its task was cancelled once its first entry was produced: does it write through ArchiveWriter?")
        case let .failure(error):
            f.expect(isCancellation(error), "failed with \(error), not with the cancellation")
        }
        expectEmpty(folder, &f)
        return f.outcome
    }

    static func isCancellation(_ error: VendorError) -> Bool {
        if case let .archiveWrite(e) = error { return e.reason == .cancelled }
        return "\(error)".contains("cancelled")
    }

    static func expectEmpty(_ folder: URL, _ f: inout Failures) {
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        f.expect(left.isEmpty, "left behind: \(left.sorted())")
    }
}

/// The export's task, cancellable from a producer's thread even before the handle is known.
private final class TaskHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Result<ExportSummary, VendorError>, Never>?
    private var requested = false
    private let known = DispatchSemaphore(value: 0)

    func waitUntilSet() { known.wait() }

    func set(_ task: Task<Result<ExportSummary, VendorError>, Never>) {
        defer { known.signal() }
        let cancelNow = lock.withLock { () -> Bool in
            self.task = task
            return requested
        }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        let task = lock.withLock { () -> Task<Result<ExportSummary, VendorError>, Never>? in
            requested = true
            return self.task
        }
        task?.cancel()
    }
}
