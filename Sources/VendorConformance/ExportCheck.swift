import VendorKit

/// Every sample exports, or the refusal consists only of declared finding codes; an intake-only adapter
/// must refuse with `unsupportedDirection`; a format that carries the initial stage only warns that the
/// aligners are lost.
enum ExportCheck {
    static func run(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        var f = Failures()
        let declared = Set(FindingCode.all + c.adapter.formatFindingCodes)
        f.expect(!c.samples.isEmpty, "the kit has no samples")
        for (i, plan) in c.samples.enumerated() {
            let report = c.adapter.check(plan)
            for finding in report.findings where !declared.contains(finding.code) {
                f.fail("sample \(i): undeclared finding code '\(finding.code)'")
            }
            for finding in report.findings where finding.message.isEmpty || finding.remedy.isEmpty {
                f.fail("sample \(i): finding \(finding.code) lacks a message or a remedy")
            }
            // A format that drops the aligners must say so: that loss is a warning at least, never silent.
            if c.descriptor.capabilities.stages == .initialOnly {
                for arch in plan.arches where arch.alignerCount > 0 {
                    let said = report.findings.contains { $0.severity != .note && ($0.location.arch == arch.jaw || $0.location.arch == nil) }
                    f.expect(said, "sample \(i): the \(arch.jaw.rawValue) arch's \(arch.alignerCount) aligners would be dropped without a warning")
                }
            }
            guard c.descriptor.direction.exports else {
                do {
                    _ = try c.adapter.export(plan, to: c.path("intake-only"), options: c.exportOptions)
                    f.fail("an intake-only adapter exported")
                } catch {
                    if case .unsupportedDirection = error {} else { f.fail("intake-only export failed with \(error)") }
                }
                continue
            }
            // Unforced: either it exports, or it refuses with exactly the errors its check reports.
            do {
                let summary = try c.adapter.export(plan, to: c.path("unforced"), options: ExportOptions(password: c.exportOptions.password))
                f.expect(summary.report.verdict != .incompatible, "sample \(i): exported although the check found errors")
                f.expect(summary.bytes > 0 && summary.sha256.count == 64, "sample \(i): summary lacks size or hash")
            } catch {
                if case let .refused(_, refusal) = error {
                    f.expect(refusal.errors == report.errors, "sample \(i): refusal differs from the check's errors")
                } else {
                    f.fail("sample \(i): export failed: \(error)")
                }
            }
            if case let .failure(error) = c.export(i) { f.fail("sample \(i): forced export failed: \(error)") }
        }
        if c.descriptor.direction.exports {
            let exported = c.samples.indices.filter { if case .success = c.export($0) { true } else { false } }
            f.expect(!exported.isEmpty, "no sample exported: the other checks would have nothing to read")
        }
        return f.outcome
    }
}
