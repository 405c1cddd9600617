import Foundation
import MeshIO
import PlanModel
import StageRecovery
import VendorKit

/// Intake (FORMAT.md, "Intake"): list, name every file (`SeriesLayout`), read each arch's stage 0 and
/// then its later stages in stage order, one model at a time, converting units; recover the staging
/// (`ArchRecovery`); check the jaw the names give against the geometry; build an ordinary plan.
enum STLSeriesReader {
    static let vendor = STLSeriesAdapter.id

    static func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        let files = try SeriesFiles(url, password: options.password)
        var pattern: LayoutPattern?
        if let text = options.layout {
            switch LayoutPattern.parse(text) {
            case let .success(p): pattern = p
            case let .failure(e): throw .malformed(vendor: vendor, file: url.lastPathComponent, detail: e.description)
            }
        }
        let layout = try SeriesLayout.assign(files.paths, pattern: pattern, archive: url.lastPathComponent)
        var findings = layout.findings
        let all = layout.models.values.flatMap { $0 }.sorted { ($0.stage, $0.jaw, $0.path) < ($1.stage, $1.jaw, $1.path) }
        options.progress?.begin("intake \(vendor)", units: all.count, bytes: 0)
        defer { options.progress?.finish() }
        var recoveries: [Jaw: ArchRecovery] = [:]
        var units = UnitLedger()
        for (jaw, read) in try ArchReading.read(layout.models, files: files, progress: options.progress).sorted(by: { $0.key < $1.key }) {
            recoveries[jaw] = read.recovery
            try units.merge(read.units)
        }
        findings += units.findings
        for jaw in Jaw.allCases {
            guard let models = layout.models[jaw] else { continue }
            findings.append(Finding(STLSeriesFormat.Code.recognised, .note, at: FindingLocation(arch: jaw),
                                    measured: Double(models.count), unit: "models",
                                    message: "\(jaw.rawValue): " + models.map { "stage \($0.stage) ← \($0.path) (\($0.jawWord); \($0.stageWord))" }.joined(separator: "; "),
                                    remedy: "None needed; rename files or give --layout if a file was read as the wrong arch or stage."))
        }
        let jaws = try resolveJaws(recoveries, findings: &findings)
        var arches: [Arch] = []
        var decisions: [RecoveryDecisions] = []
        for (named, jaw) in jaws {
            guard var recovery = recoveries[named] else { continue }
            recovery.jaw = jaw
            let override = options.teeth.map { $0.filter { $0.jaw == jaw } }
            let recovered: RecoveredArch
            do { recovered = try recovery.finish(teeth: override?.isEmpty == false ? override : nil) } catch {
                throw .malformed(vendor: vendor, file: layout.models[named]?.first?.path ?? url.lastPathComponent, detail: error.description)
            }
            findings += RecoveryReport.findings(recovered, jaw: jaw)
            arches.append(recovered.arch)
            decisions.append(recovered.decisions)
        }
        arches.sort { $0.jaw < $1.jaw }
        decisions.sort { $0.jaw < $1.jaw }
        let readAs = Dictionary(uniqueKeysWithValues: jaws.map { ($0.0, $0.1) })
        let recovery = GeometryRecovery(
            files: all.map { .init(path: $0.path, jaw: $0.jaw, readAs: readAs[$0.jaw] ?? $0.jaw, stage: $0.stage, jawWord: $0.jawWord, stageWord: $0.stageWord) },
            otherFiles: layout.others, unnamedModels: layout.unnamed, arches: decisions)
        let caseID = caseIdentifier(url: url, paths: all.map(\.path))
        findings.append(Finding(STLSeriesFormat.Code.noCaseMetadata, .note,
                                message: "an STL series carries no case details: the case id and patient reference are \"\(caseID)\" (from the names), the creation date is unknown (1970-01-01), the wear interval the default 14 days",
                                remedy: "Enter the case details (doctor, dates, wear interval) in the planning software."))
        let metadata = CaseMetadata(caseID: caseID, patientReference: caseID, created: Date(timeIntervalSince1970: 0))
        return IntakeResult(plan: TreatmentPlan(metadata: metadata, arches: arches), report: Report(findings), recovery: recovery)
    }

    /// The jaw each named arch is read as: the name's, unless the geometry says the other jaw and that
    /// jaw is not taken by another arch the geometry agrees with — then the geometry's, with a warning
    /// either way.
    static func resolveJaws(_ recoveries: [Jaw: ArchRecovery], findings: inout [Finding]) throws(VendorError) -> [(Jaw, Jaw)] {
        var evidence: [Jaw: JawEvidence] = [:]
        for (jaw, r) in recoveries { evidence[jaw] = r.jawEvidence() }
        var result: [(Jaw, Jaw)] = []
        for named in recoveries.keys.sorted() {
            guard let said = evidence[named]?.jaw, said != named else { result.append((named, named)); continue }
            let other = said
            let otherAgrees = recoveries[other] == nil || evidence[other]?.jaw == named
            let reason = evidence[named]?.reason ?? ""
            findings.append(Finding(STLSeriesFormat.Code.jawFromGeometry, .warning, at: FindingLocation(arch: otherAgrees ? other : named),
                                    message: "the files named \(named.rawValue) hold a \(other.rawValue) arch by their geometry (\(reason)); "
                                        + (otherAgrees ? "read as the \(other.rawValue) arch" : "kept as \(named.rawValue), as the \(other.rawValue) models do not look swapped"),
                                    remedy: "Check which arch the files are and correct their names."))
            result.append((named, otherAgrees ? other : named))
        }
        return result
    }

    /// The case id: the series' common top folder, else the archive's name without its extensions.
    static func caseIdentifier(url: URL, paths: [String]) -> String {
        let tops = Set(paths.map { $0.split(separator: "/").count > 1 ? String($0.split(separator: "/")[0]) : "" })
        if tops.count == 1, let top = tops.first, !top.isEmpty { return top }
        let name = url.lastPathComponent
        return name.split(separator: ".").first.map(String.init) ?? name
    }
}

/// The units seen across a series: each model's from its size, converted to millimetres with a finding;
/// mixed units are an error naming a file of each.
struct UnitLedger: Sendable {
    private var seen: [UnitGuess: String] = [:]

    /// `mesh` in millimetres and the unit it was in, judged by its size; an error naming `path` when
    /// its size fits no unit.
    static func millimetres(_ mesh: TriangleMesh, path: String) throws(VendorError) -> (TriangleMesh, UnitGuess) {
        let (factor, unit, reasoning) = ModelUnits.scale(mesh)
        guard let factor else {
            throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "its size fits no unit for a dental model: \(reasoning)")
        }
        guard factor != 1 else { return (mesh, unit) }
        let f = Float(factor)
        return (TriangleMesh(positions: mesh.positions.map { $0 * f }, indices: mesh.indices), unit)
    }

    /// Adds what another part of the series was in (the other arch's models).
    mutating func merge(_ other: UnitLedger) throws(VendorError) {
        for (unit, path) in other.seen.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { try note(unit, path: path) }
    }

    /// Records that `path` is in `unit`; mixed units are an error.
    mutating func note(_ unit: UnitGuess, path: String) throws(VendorError) {
        if seen[unit] == nil { seen[unit] = path }
        if seen.count > 1 {
            let list = seen.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) in \($0.key.rawValue)" }
            throw .malformed(vendor: STLSeriesAdapter.id, file: path, detail: "mixed units across the series: \(list.joined(separator: ", ")); export every model in one unit")
        }
    }

    var findings: [Finding] {
        seen.compactMap { unit, path in
            unit == .millimetres ? nil : Finding(STLSeriesFormat.Code.unitsConverted, .warning, at: FindingLocation(file: path),
                                                 message: "the models are in \(unit.rawValue) by their size (an arch is 40–80 mm across): every model was converted to millimetres",
                                                 remedy: "None needed if the sizes now look right; export in millimetres next time.")
        }
    }
}
