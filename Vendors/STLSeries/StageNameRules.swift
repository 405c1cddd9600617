import PlanModel

/// Jaw and stage from a model file's path (FORMAT.md, "Names"): case-insensitive, space `_` `-` `.` as
/// separators, letters and digits split apart ("Stage00" → stage, 00), the file name read first, then its
/// folders from the innermost. Pure: names only.
enum StageNameRules {
    /// What a path says, and which words said it.
    struct Parsed: Equatable, Sendable {
        var jaw: Jaw?
        var stage: Int?
        /// The words that gave the jaw and the stage, for the "recognised" report.
        var jawWord: String?
        var stageWord: String?
    }

    static let upperWords: Set<String> = ["upper", "maxilla", "maxillary", "max", "uj", "ok", "u", "oberkiefer", "upperjaw"]
    static let lowerWords: Set<String> = ["lower", "mandible", "mandibular", "mand", "lj", "uk", "l", "unterkiefer", "lowerjaw"]
    static let stageWords: Set<String> = ["stage", "step", "subsetup", "setup", "aligner", "tray"]
    static let initialWords: Set<String> = ["initial", "pre", "start"]

    /// The jaw a word names, if any.
    static func jaw(_ word: String) -> Jaw? {
        let w = word.lowercased()
        return upperWords.contains(w) ? .upper : lowerWords.contains(w) ? .lower : nil
    }

    /// Splits a name at separators and at letter–digit boundaries, lowercased.
    static func tokens(_ name: String) -> [String] {
        var out: [String] = []
        var current = ""
        var currentIsDigit = false
        for ch in name.lowercased() {
            if ch == " " || ch == "_" || ch == "-" || ch == "." {
                if !current.isEmpty { out.append(current) }
                current = ""
                continue
            }
            let isDigit = ch.isASCII && ch.isNumber
            if !current.isEmpty && isDigit != currentIsDigit { out.append(current); current = "" }
            current.append(ch)
            currentIsDigit = isDigit
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Parses one name (a file name without its extension, or a folder name).
    static func parseComponent(_ name: String) -> Parsed {
        var t = tokens(name)
        // "sub setup" / "sub-setup" is one stage word.
        var i = 0
        while i + 1 < t.count {
            if t[i] == "sub" && t[i + 1] == "setup" { t.replaceSubrange(i...(i + 1), with: ["subsetup"]) }
            i += 1
        }
        var parsed = Parsed()
        for (k, word) in t.enumerated() {
            let next = k + 1 < t.count ? t[k + 1] : nil
            let number = next.flatMap { $0.allSatisfy(\.isNumber) ? Int($0.prefix(6)) : nil }
            if stageWords.contains(word), let number, parsed.stage == nil {
                parsed.stage = number
                parsed.stageWord = word + " " + (next ?? "")
            } else if initialWords.contains(word), parsed.stage == nil {
                parsed.stage = 0
                parsed.stageWord = word
            } else if let j = jaw(word), parsed.jaw == nil {
                // A single letter is a jaw only as a whole token: "U01" (with its stage) or "U".
                parsed.jaw = j
                parsed.jawWord = word
                if word.count == 1, let number, parsed.stage == nil {
                    parsed.stage = number
                    parsed.stageWord = word + (next ?? "")
                }
            }
        }
        // 3Shape-style step folders: <case>-<step>-<letter>.
        if parsed.stage == nil, t.count == 3, t[0].allSatisfy(\.isNumber), t[1].allSatisfy(\.isNumber), t[2].count == 1,
           t[2].first?.isLetter == true, jaw(t[2]) == nil, let step = Int(t[1].prefix(6)) {
            parsed.stage = step
            parsed.stageWord = "step folder \(name)"
        }
        return parsed
    }

    /// Parses a path: the file name (without extension) first, then each folder from the innermost; the
    /// first component that names a jaw (a stage) gives it.
    static func parse(path: String) -> Parsed {
        var components = path.split(separator: "/").map(String.init)
        guard let file = components.popLast() else { return Parsed() }
        let stem = file.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        var result = parseComponent(stem.isEmpty ? file : stem)
        for folder in components.reversed() {
            let p = parseComponent(folder)
            if result.jaw == nil, let j = p.jaw { result.jaw = j; result.jawWord = p.jawWord }
            if result.stage == nil, let s = p.stage { result.stage = s; result.stageWord = p.stageWord }
        }
        return result
    }
}
