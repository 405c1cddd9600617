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
        var failed = Set<Int>()
        guard Self.match(pieces, 0, text, 0, &captured, &failed), let jawText = captured.jaw, let stageText = captured.stage,
              let jaw = StageNameRules.jaw(jawText), let stage = Int(stageText.prefix(6)) else { return nil }
        return StageNameRules.Parsed(jaw: jaw, stage: stage, jawWord: jawText, stageWord: "layout \(pattern)")
    }

    /// Whether `pieces[p...]` matches `text[t...]`, filling `captured`. Whether a rest matches depends on
    /// (p, t) alone, so a rest that failed once is not tried again (`failed`): without that, a pattern
    /// with several `*` took exponential time on a long name (found writing the stl-series fuzz target:
    /// a 31-character pattern against a 66-character name ran past 20 s).
    private static func match(_ pieces: [Piece], _ p: Int, _ text: [Character], _ t: Int,
                              _ captured: inout (jaw: String?, stage: String?), _ failed: inout Set<Int>) -> Bool {
        guard p < pieces.count else { return t == text.count }
        let key = p * (text.count + 1) + t
        if failed.contains(key) { return false }
        switch pieces[p] {
        case let .literal(s):
            let chars = Array(s)
            if text.count - t >= chars.count, Array(text[t..<(t + chars.count)]) == chars,
               match(pieces, p + 1, text, t + chars.count, &captured, &failed) { return true }
        case .jaw, .stage, .any:
            // Shortest first; never across a folder; stage digits only.
            let piece = pieces[p]
            var n = piece == .any ? 0 : 1
            while t + n <= text.count {
                if n > 0 {
                    let last = text[t + n - 1]
                    if last == "/" { break }
                    if piece == .stage && !(last.isASCII && last.isNumber) { break }
                }
                var attempt = captured
                if piece == .jaw { attempt.jaw = String(text[t..<(t + n)]) }
                if piece == .stage { attempt.stage = String(text[t..<(t + n)]) }
                if match(pieces, p + 1, text, t + n, &attempt, &failed) { captured = attempt; return true }
                n += 1
            }
        }
        failed.insert(key)
        return false
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
