import PlanModel
import VendorKit

/// Which file is which arch and stage (FORMAT.md, "Names"): every model file named by the rules (or the
/// `--layout` pattern), other files listed as notes, and the checks on the whole set — two files for one
/// arch and stage, a jaw without stage 0 (errors); gaps in the stage numbers, a single model, unnamed
/// models (findings). Pure: paths in, layout out.
struct SeriesLayout: Equatable, Sendable {
    /// One model file and what its name says.
    struct Model: Equatable, Sendable {
        var path: String
        var jaw: Jaw
        var stage: Int
        var jawWord: String
        var stageWord: String
    }

    /// Models by jaw, in stage order.
    var models: [Jaw: [Model]]
    /// Non-model files (PDF, CSV, images…), listed, never dropped silently.
    var others: [String]
    /// Model files whose names give no jaw or stage.
    var unnamed: [String]
    var findings: [Finding]

    /// The model file extensions read.
    static let modelExtensions: Set<String> = ["stl", "ply", "obj", "3mf"]

    /// The path a model of `stage` would have, named like its arch's models: the stage's digits in the
    /// nearest model's path replaced, padded alike.
    static func expectedPath(like models: [Model], stage: Int) -> String {
        guard let near = models.min(by: { abs($0.stage - stage) < abs($1.stage - stage) }) else { return "a model for stage \(stage)" }
        let chars = Array(near.path)
        var runs: [(Range<Int>, Int)] = []
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber else { i += 1; continue }
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            if let value = Int(String(chars[start..<i]).prefix(9)) { runs.append((start..<i, value)) }
        }
        guard let run = runs.last(where: { $0.1 == near.stage }) else { return "a model for stage \(stage)" }
        let digits = String(stage)
        let padded = String(repeating: "0", count: max(0, run.0.count - digits.count)) + digits
        return String(chars[..<run.0.lowerBound]) + padded + String(chars[run.0.upperBound...])
    }

    static func isModel(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: ".") else { return false }
        return modelExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    /// Assigns `paths`; throws for duplicates, a jaw without stage 0, or no model at all.
    static func assign(_ paths: [String], pattern: LayoutPattern?, archive: String) throws(VendorError) -> SeriesLayout {
        let vendor = STLSeriesAdapter.id
        var named: [Model] = []
        var jawOnly: [(path: String, jaw: Jaw, word: String)] = []
        var others: [String] = []
        var unnamed: [String] = []
        for path in paths.sorted() {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            // macOS resource forks and hidden files are not models.
            guard isModel(path), !name.hasPrefix("."), !path.hasPrefix("__MACOSX/") else { others.append(path); continue }
            let parsed = pattern.map { $0.match(path) ?? StageNameRules.Parsed() } ?? StageNameRules.parse(path: path)
            switch (parsed.jaw, parsed.stage) {
            case let (jaw?, stage?):
                named.append(Model(path: path, jaw: jaw, stage: stage, jawWord: parsed.jawWord ?? "", stageWord: parsed.stageWord ?? ""))
            case let (jaw?, nil): jawOnly.append((path, jaw, parsed.jawWord ?? ""))
            default: unnamed.append(path)
            }
        }
        var findings: [Finding] = []
        // A jaw's single unnumbered model is its stage 0 (an OnyxCeph³ export: <id>_OnyxCeph3_Export_OK.stl).
        for jaw in Jaw.allCases {
            let unnumbered = jawOnly.filter { $0.jaw == jaw }
            if unnumbered.count == 1, !named.contains(where: { $0.jaw == jaw }), let only = unnumbered.first {
                named.append(Model(path: only.path, jaw: jaw, stage: 0, jawWord: only.word, stageWord: "the jaw's only model"))
            } else {
                unnamed += unnumbered.map(\.path)
            }
        }
        guard !named.isEmpty else {
            throw .malformed(vendor: vendor, file: archive, detail: unnamed.isEmpty
                ? "holds no model file (STL, PLY, OBJ, 3MF)"
                : "no model file's name says its jaw and stage (\(unnamed.prefix(5).joined(separator: ", "))\(unnamed.count > 5 ? ", …" : "")); name them by FORMAT.md's rules or give --layout")
        }
        var models: [Jaw: [Model]] = [:]
        for jaw in Jaw.allCases {
            let list = named.filter { $0.jaw == jaw }.sorted { ($0.stage, $0.path) < ($1.stage, $1.path) }
            guard !list.isEmpty else { continue }
            for (a, b) in zip(list, list.dropFirst()) where a.stage == b.stage {
                throw .malformed(vendor: vendor, file: b.path, detail: "\(a.path) and \(b.path) both claim the \(jaw.rawValue) arch at stage \(a.stage); remove one or rename it")
            }
            guard list[0].stage == 0 else {
                throw .malformed(vendor: vendor, file: list[0].path, detail: "the \(jaw.rawValue) arch has no stage 0 (its first model is stage \(list[0].stage)): the staging is measured from the initial model; add it or rename the initial model (initial, pre, start or stage 0)")
            }
            let present = Set(list.map(\.stage))
            let gaps = (0...(list.last?.stage ?? 0)).filter { !present.contains($0) }
            if !gaps.isEmpty {
                let last = list.last?.stage ?? 0
                let expected = gaps.map { expectedPath(like: list, stage: $0) }
                findings.append(Finding(STLSeriesFormat.Code.stageGap, .error, at: FindingLocation(arch: jaw),
                                        measured: Double(gaps.count), unit: "stages",
                                        message: "the \(jaw.rawValue) arch has models for stages 0…\(last) but none for stage(s) \(gaps.map(String.init).joined(separator: ", ")) (no \(expected.joined(separator: ", "))); the plan keeps the stages found",
                                        remedy: "Add the missing stage models, or check the file names."))
            }
            models[jaw] = list
        }
        // Where each arch ends, naming the model that would continue it: a lost last model is never silent.
        for jaw in Jaw.allCases {
            guard let list = models[jaw], let last = list.last else { continue }
            let next = expectedPath(like: list, stage: last.stage + 1)
            let other = models[jaw == .upper ? .lower : .upper]?.last.map { " (the \(jaw == .upper ? "lower" : "upper") arch ends at stage \($0.stage))" } ?? ""
            findings.append(Finding(STLSeriesFormat.Code.lastStage, .note, at: FindingLocation(arch: jaw, stage: last.stage),
                                    message: "the \(jaw.rawValue) arch ends at stage \(last.stage) with \(last.path)\(other); there is no \(next)",
                                    remedy: "None needed if treatment ends there; otherwise add the remaining models."))
        }
        if named.count == 1, let only = named.first {
            findings.append(Finding(STLSeriesFormat.Code.singleModel, .warning, at: FindingLocation(arch: only.jaw, file: only.path),
                                    message: "the series is one model (\(only.path)): there is no staging to recover, only stage 0 of the \(only.jaw.rawValue) arch",
                                    remedy: "Send every stage's model of each arch."))
        }
        for path in unnamed {
            findings.append(Finding(STLSeriesFormat.Code.unnamedModel, .warning, at: FindingLocation(file: path),
                                    message: "\(path) is a model file whose name gives no jaw and stage; it was not read",
                                    remedy: "Name it by FORMAT.md's rules (e.g. Maxillary_Stage_03.stl) or give --layout 'PATTERN' with {jaw} and {stage}."))
        }
        for path in others {
            findings.append(Finding(STLSeriesFormat.Code.otherFile, .note, at: FindingLocation(file: path),
                                    message: "\(path) is not a model file (STL, PLY, OBJ, 3MF); listed, not read",
                                    remedy: "None needed; check it by hand if it carries instructions (a PDF or CSV of the plan)."))
        }
        return SeriesLayout(models: models, others: others, unnamed: unnamed, findings: findings)
    }
}
