import ArgumentParser
import Foundation
import Gateway
import PlanModel
import PlanPackage

/// `aligngate restage`: split a plan's steps so a stricter system's per-stage limits hold.
struct RestageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restage",
        abstract: "Restage a plan for a system with tighter per-stage limits: every step split into the fewest equal sub-steps that fit.",
        discussion: """
            Every original stage is kept as a stage and the final poses are identical; attachments and IPR move with \
            their stages. The new plan records its source revision, target and margin, is recorded in the ledger, and \
            needs its own approval. A plan that already fits is left alone (nothing written). \
            Exit 1: the restaged plan would exceed the target's or --max-stages' aligner cap; 2: bad usage or unreadable plan.
            """)

    @Argument(help: "A .alignplan package (folder or zip).")
    var plan: String

    @Option(name: .customLong("for"), help: "The target system's vendor id.")
    var target: String

    @Option(help: "Where to write the restaged .alignplan package.")
    var out: String

    @Option(help: "Every sub-step at most this share of the target's limit (0 < margin ≤ 1).")
    var margin: Double = RestagePrice.defaultMargin

    @Option(name: .customLong("max-stages"), help: "Refuse if an arch would need more aligners than this.")
    var maxStages: Int?

    @Option(help: "The package form: folder or zip.")
    var form: String = "folder"

    @Flag(help: "Replace an existing package at --out.")
    var force = false

    @Flag(help: "Print stable JSON.")
    var json = false

    @OptionGroup var ledger: LedgerOption

    func validate() throws {
        guard margin.isFinite, margin > 0, margin <= 1 else { throw ValidationError("--margin must be > 0 and ≤ 1 (got \(margin))") }
        if let maxStages, maxStages < 1 { throw ValidationError("--max-stages must be at least 1 (got \(maxStages))") }
        guard PlanPackage.Form(rawValue: form) != nil else { throw ValidationError("--form must be folder or zip (got \(form))") }
    }

    func run() throws {
        let loaded = try PlanLoading.plan(plan)
        let registry = try PlanLoading.registry()
        let vendor = target, out = URL(fileURLWithPath: self.out), (share, maxStages) = (self.margin, self.maxStages)
        let form = PlanPackage.Form(rawValue: self.form) ?? .folder, overwrite = force
        let (outcome, location) = try ledger.withStore { store in
            (try await Restage.run(loaded, vendor: vendor, to: out, margin: share, maxStages: maxStages, form: form, overwrite: overwrite,
                                   registry: registry, ledger: store), store.location)
        }
        if json { print(try Output.json(outcome)); return }
        let margin = "\(Int((outcome.margin * 100).rounded())) % of its limits"
        guard outcome.changed, let revision = outcome.revision, let output = outcome.output else {
            print("case \(outcome.caseID) already fits \(outcome.target): every step is within \(margin); nothing changed, nothing written")
            print("  revision \(outcome.sourceRevision.prefix(12)) stays as it is (\(outcome.verdict.rawValue) for \(outcome.target))")
            return
        }
        print("restaged case \(outcome.caseID) for \(outcome.target) (every sub-step within \(margin)): \(outcome.detail)")
        for arch in outcome.arches {
            let split = arch.subSteps.enumerated().filter { $0.element > 1 }.map { "step \($0.offset + 1) → \($0.element)" }
            print("  \(arch.jaw.rawValue): \(split.isEmpty ? "no step split" : split.joined(separator: ", "))")
        }
        print("wrote \(output): revision \(revision), derived from \(outcome.sourceRevision.prefix(12))")
        print("check against \(outcome.target): \(outcome.verdict.rawValue), \(outcome.stepLimitErrors) step-limit errors")
        print("recorded as derivation #\(outcome.derivation ?? 0) in \(location); the restaged revision is NOT approved:")
        print("  aligngate approve \(output) --doctor NAME")
    }
}
