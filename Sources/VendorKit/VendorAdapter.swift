import Foundation
import PlanModel

/// One aligner system's archive format. An adapter declares what it is (`descriptor`), writes plans
/// (`write`), recognises its archives (`probe`) and reads them back (`read`); checking and the export
/// gate are shared (`check`, `export`), so every adapter applies the same rules the same way.
public protocol VendorAdapter: Sendable {
    /// Capabilities and rules, as data.
    var descriptor: VendorDescriptor { get }

    /// Findings particular to this format, beyond the shared rule library (default: none).
    func formatFindings(for plan: TreatmentPlan) -> [Finding]

    /// Every code `formatFindings`, `write` and `read` can emit beyond `FindingCode.all` (listed in
    /// docs/FINDINGS.md; the conformance kit refuses undeclared codes).
    var formatFindingCodes: [String] { get }

    /// Writes `plan` as this system's archive at `url`, atomically (nothing is left behind on failure).
    /// Called by `export` once the plan has passed the check (or the caller forced it).
    func write(_ plan: TreatmentPlan, to url: URL, options: ExportOptions) throws(VendorError) -> ExportedArchive

    /// How sure the adapter is, 0…100, that `listing` is its format; cheap (names and first bytes only).
    func probe(_ listing: ArchiveListing) -> Int

    /// Reads an archive of this format back into a plan, with findings about anything it could not carry.
    func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult
}

extension VendorAdapter {
    public func formatFindings(for plan: TreatmentPlan) -> [Finding] { [] }
    public var formatFindingCodes: [String] { [] }

    /// Every blocking problem and every loss if `plan` went to this system; no I/O.
    public func check(_ plan: TreatmentPlan) -> Report {
        RuleLibrary.check(plan, against: descriptor) + Report(formatFindings(for: plan))
    }

    /// Checks, refuses on errors (warnings too under `strict`) unless forced, then writes.
    public func export(_ plan: TreatmentPlan, to url: URL, options: ExportOptions = ExportOptions())
        throws(VendorError) -> ExportSummary {
        guard descriptor.direction.exports else { throw .unsupportedDirection(vendor: descriptor.id, .export) }
        let checked = options.strict ? check(plan).strict() : check(plan)
        if checked.verdict == .incompatible && !options.force { throw .refused(vendor: descriptor.id, checked) }
        let written = try write(plan, to: url, options: options)
        return ExportSummary(vendor: descriptor.id, archive: url.path, files: written.files, bytes: written.bytes,
                             sha256: written.sha256, report: checked)
    }
}

/// Options of an export.
public struct ExportOptions: Sendable, Hashable {
    /// Treat warnings as errors.
    public var strict: Bool
    /// Write even when the check found errors.
    public var force: Bool
    /// Replace an existing archive at the target path.
    public var overwrite: Bool
    /// For formats that encrypt: supplied by the user, never stored in the archive.
    public var password: String?
    /// Ticked as stage models are written (nil: nobody is watching).
    public var progress: ProgressMeter?

    public init(strict: Bool = false, force: Bool = false, overwrite: Bool = false, password: String? = nil,
                progress: ProgressMeter? = nil) {
        self.strict = strict
        self.force = force
        self.overwrite = overwrite
        self.password = password
        self.progress = progress
    }
}

/// Options of an intake.
public struct IntakeOptions: Sendable, Hashable {
    public var password: String?
    /// Ticked as entries are read and checked (nil: nobody is watching).
    public var progress: ProgressMeter?
    /// For layouts named by convention only (stl-series): a path pattern with `{jaw}` and `{stage}`.
    public var layout: String?
    /// For formats whose teeth are numbered from geometry (stl-series): the numbers, in arch order.
    public var teeth: [ToothID]?

    public init(password: String? = nil, progress: ProgressMeter? = nil, layout: String? = nil, teeth: [ToothID]? = nil) {
        self.password = password
        self.progress = progress
        self.layout = layout
        self.teeth = teeth
    }
}

/// What an adapter's `write` produced.
public struct ExportedArchive: Sendable, Hashable, Codable {
    /// Files inside the archive, in the order written.
    public var files: [String]
    /// Size of the archive file.
    public var bytes: Int64
    /// SHA-256 of the archive file (hex).
    public var sha256: String

    public init(files: [String], bytes: Int64, sha256: String) {
        self.files = files
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// The result of an export: what was written and what the check said.
public struct ExportSummary: Sendable, Hashable, Codable {
    public var vendor: String
    public var archive: String
    public var files: [String]
    public var bytes: Int64
    public var sha256: String
    public var report: Report
}

/// A plan read from an archive, with what the adapter noticed while reading.
public struct IntakeResult: Sendable, Hashable {
    public var plan: TreatmentPlan
    public var report: Report
    /// For a plan recovered from geometry (stl-series): which file is which, and every recovery decision.
    public var recovery: GeometryRecovery?

    public init(plan: TreatmentPlan, report: Report = Report(), recovery: GeometryRecovery? = nil) {
        self.plan = plan
        self.report = report
        self.recovery = recovery
    }
}
