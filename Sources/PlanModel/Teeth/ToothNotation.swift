/// Exact conversions between FDI, Universal (ADA) and Palmer numbering, and parsing of usual spellings.
extension ToothID {
    // Universal permanent 1…32 runs upper right distal → upper left distal → lower left distal → lower right distal.
    private static let universalPermanent: [Int] =
        (1...8).reversed().map { 10 + $0 } + (1...8).map { 20 + $0 }
        + (1...8).reversed().map { 30 + $0 } + (1...8).map { 40 + $0 }
    // Universal primary A…T in the same order.
    private static let universalPrimary: [Int] =
        (1...5).reversed().map { 50 + $0 } + (1...5).map { 60 + $0 }
        + (1...5).reversed().map { 70 + $0 } + (1...5).map { 80 + $0 }
    private static let letters: [Character] = Array("ABCDEFGHIJKLMNOPQRST")

    /// Universal number 1–32 (permanent).
    public init(universal number: Int) throws(ToothNumberError) {
        guard (1...32).contains(number) else { throw .invalid(String(number), notation: .universal) }
        self.init(unchecked: Self.universalPermanent[number - 1])
    }

    /// Universal letter A–T (primary), either case.
    public init(universalLetter letter: Character) throws(ToothNumberError) {
        guard let i = Self.letters.firstIndex(of: Character(letter.uppercased())) else {
            throw .invalid(String(letter), notation: .universal)
        }
        self.init(unchecked: Self.universalPrimary[i])
    }

    /// Palmer: quadrant (UR, UL, LL, LR) and 1–8 (permanent) or A–E (primary).
    public init(palmerQuadrant q: PalmerQuadrant, tooth: Character) throws(ToothNumberError) {
        let text = q.rawValue + String(tooth)
        if tooth.isASCII, let d = tooth.wholeNumberValue, (1...8).contains(d) {
            self.init(unchecked: q.permanentQuadrant * 10 + d)
        } else if let i = "ABCDE".firstIndex(of: Character(tooth.uppercased())) {
            self.init(unchecked: (q.permanentQuadrant + 4) * 10 + "ABCDE".distance(from: "ABCDE".startIndex, to: i) + 1)
        } else {
            throw .invalid(text, notation: .palmer)
        }
    }

    /// The Universal spelling: "1"…"32" or "A"…"T".
    public var universal: String {
        if isPrimary, let i = Self.universalPrimary.firstIndex(of: fdi) { return String(Self.letters[i]) }
        if let i = Self.universalPermanent.firstIndex(of: fdi) { return String(i + 1) }
        return "?"  // unreachable: every valid FDI number is in one table
    }

    /// The Palmer quadrant of this tooth.
    public var palmerQuadrant: PalmerQuadrant {
        switch quadrant {
        case 1, 5: return .upperRight
        case 2, 6: return .upperLeft
        case 3, 7: return .lowerLeft
        default: return .lowerRight
        }
    }

    /// The Palmer spelling: quadrant symbol + 1–8 or A–E, e.g. "UR1", "LLA".
    public var palmer: String {
        let tooth = isPrimary ? String(Array("ABCDE")[position - 1]) : String(position)
        return palmerQuadrant.rawValue + tooth
    }

    /// This tooth written in `notation`.
    public func formatted(_ notation: ToothNotation) -> String {
        switch notation {
        case .fdi: return String(fdi)
        case .universal: return universal
        case .palmer: return palmer
        }
    }

    /// Parses a tooth written in `notation`, or, with nil, in the usual spellings:
    /// "#8" Universal, "A"…"T" Universal primary, "UR1"/"ul-3"/"LL A" Palmer, "FDI 11"/"11" FDI;
    /// a bare number 1–10 (below every FDI number) is read as Universal. A bare 11 or more must be FDI:
    /// "19", "20", "29", "30" are far likelier FDI typos than Universal numbers, so they are refused
    /// (write "#19" for Universal 19).
    public init(parsing raw: String, notation: ToothNotation? = nil) throws(ToothNumberError) {
        let compact = String(raw.trimmingWhitespace().filter { $0 != " " && $0 != "-" && $0 != "_" }).uppercased()
        do {
            self = try Self.parse(compact: compact, notation: notation)
        } catch {
            // Quote what the user wrote, not the normalized text.
            switch error { case let .invalid(_, n): throw .invalid(raw, notation: n) }
        }
    }

    /// Parses upper-cased text without spaces or dashes.
    private static func parse(compact: String, notation: ToothNotation?) throws(ToothNumberError) -> ToothID {
        let failure = ToothNumberError.invalid(compact, notation: notation)
        guard !compact.isEmpty else { throw failure }
        switch notation {
        case .fdi?:
            guard let n = decimal(compact.droppingPrefix("FDI")) else { throw failure }
            return try ToothID(fdi: n)
        case .universal?:
            let body = compact.droppingPrefix("#")
            if let n = decimal(body) { return try ToothID(universal: n) }
            if body.count == 1, let c = body.first, c.isLetter { return try ToothID(universalLetter: c) }
            throw failure
        case .palmer?:
            guard compact.count == 3, let q = PalmerQuadrant(rawValue: String(compact.prefix(2))),
                  let c = compact.last else { throw failure }
            return try ToothID(palmerQuadrant: q, tooth: c)
        case nil:
            if compact.hasPrefix("#") { return try parse(compact: compact, notation: .universal) }
            if compact.hasPrefix("FDI") { return try parse(compact: compact, notation: .fdi) }
            if compact.count == 3, PalmerQuadrant(rawValue: String(compact.prefix(2))) != nil {
                return try parse(compact: compact, notation: .palmer)
            }
            if compact.count == 1, compact.first?.isLetter == true {
                return try parse(compact: compact, notation: .universal)
            }
            if let n = decimal(compact) { return n <= 10 ? try ToothID(universal: n) : try ToothID(fdi: n) }
            throw failure
        }
    }
}

extension ToothID {
    /// A non-negative decimal written only in ASCII digits ("+8", "٣" and "" are refused, unlike `Int(_:)`).
    fileprivate static func decimal(_ s: String) -> Int? {
        guard !s.isEmpty, s.count <= 4, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }
}

/// Palmer's quadrant symbols.
public enum PalmerQuadrant: String, Codable, Sendable, CaseIterable {
    case upperRight = "UR", upperLeft = "UL", lowerLeft = "LL", lowerRight = "LR"

    /// The FDI permanent quadrant (1–4).
    var permanentQuadrant: Int {
        switch self {
        case .upperRight: 1
        case .upperLeft: 2
        case .lowerLeft: 3
        case .lowerRight: 4
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    func droppingPrefix(_ p: String) -> String { hasPrefix(p) ? String(dropFirst(p.count)) : self }
}
