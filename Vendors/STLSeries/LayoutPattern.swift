import PlanModel

/// `--layout PATTERN`: a path pattern with `{jaw}` and `{stage}` for layouts the rules miss
/// (FORMAT.md, "Layout patterns"), e.g. `models/{jaw}/tray{stage}.stl`. `{jaw}` matches one path
/// component's worth of text and is mapped with the jaw words of `StageNameRules`; `{stage}` matches
/// digits; `*` matches any text within a component; everything else literally, case-insensitively.
struct LayoutPattern: Equatable, Sendable {
    enum Piece: Equatable, Sendable { case literal(String), jaw, stage, any }
    let pattern: String
    let pieces: [Piece]

    /// nil (with the reason) for a pattern without both placeholders.
    static func parse(_ pattern: String) -> Result<LayoutPattern, LayoutPatternError> {
        var pieces: [Piece] = []
        var rest = Substring(pattern.lowercased())
        var literal = ""
        func flush() { if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" } }
        while let ch = rest.first {
            if rest.hasPrefix("{jaw}") { flush(); pieces.append(.jaw); rest = rest.dropFirst(5) }
            else if rest.hasPrefix("{stage}") { flush(); pieces.append(.stage); rest = rest.dropFirst(7) }
            else if ch == "*" { flush(); pieces.append(.any); rest = rest.dropFirst() }
            else { literal.append(ch); rest = rest.dropFirst() }
        }
        flush()
        guard pieces.contains(.jaw), pieces.contains(.stage) else { return .failure(.placeholders(pattern)) }
        return .success(LayoutPattern(pattern: pattern, pieces: pieces))
    }

    /// The jaw and stage `path` gives, or nil when it does not match (or `{jaw}` is no jaw word).
    func match(_ path: String) -> StageNameRules.Parsed? {
        let text = Array(path.lowercased())
        var captured: (jaw: String?, stage: String?) = (nil, nil)
        guard Self.match(pieces[...], text[...], &captured), let jawText = captured.jaw, let stageText = captured.stage,
              let jaw = StageNameRules.jaw(jawText), let stage = Int(stageText.prefix(6)) else { return nil }
        return StageNameRules.Parsed(jaw: jaw, stage: stage, jawWord: jawText, stageWord: "layout \(pattern)")
    }

    private static func match(_ pieces: ArraySlice<Piece>, _ text: ArraySlice<Character>, _ captured: inout (jaw: String?, stage: String?)) -> Bool {
        guard let piece = pieces.first else { return text.isEmpty }
        let rest = pieces.dropFirst()
        switch piece {
        case let .literal(s):
            let chars = Array(s)
            guard text.count >= chars.count, Array(text.prefix(chars.count)) == chars else { return false }
            return match(rest, text.dropFirst(chars.count), &captured)
        case .jaw, .stage, .any:
            // Shortest first; never across a folder; stage digits only.
            var n = piece == .any ? 0 : 1
            while n <= text.count {
                let taken = text.prefix(n)
                if taken.contains("/") { return false }
                if piece == .stage && !taken.allSatisfy({ $0.isASCII && $0.isNumber }) { return false }
                var attempt = captured
                if piece == .jaw { attempt.jaw = String(taken) }
                if piece == .stage { attempt.stage = String(taken) }
                if match(rest, text.dropFirst(n), &attempt) { captured = attempt; return true }
                n += 1
            }
            return false
        }
    }
}

/// A `--layout` pattern that cannot be used.
enum LayoutPatternError: Error, Equatable {
    case placeholders(String)

    var description: String {
        switch self {
        case let .placeholders(p): "--layout \(p): the pattern needs both {jaw} and {stage}"
        }
    }
}
