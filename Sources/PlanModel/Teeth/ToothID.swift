/// A tooth, identified canonically by its FDI / ISO 3950 number (permanent 11–48, primary 51–85).
/// The number follows the tooth's anatomy, not its position.
public struct ToothID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The two-digit FDI number.
    public let fdi: Int

    /// Validates an FDI number.
    public init(fdi: Int) throws(ToothNumberError) {
        let quadrant = fdi / 10, position = fdi % 10
        switch quadrant {
        case 1...4 where (1...8).contains(position), 5...8 where (1...5).contains(position):
            self.fdi = fdi
        default:
            throw .invalid(String(fdi), notation: .fdi)
        }
    }

    /// Quadrant 1–8 (5–8 primary): 1/5 upper right, 2/6 upper left, 3/7 lower left, 4/8 lower right.
    public var quadrant: Int { fdi / 10 }
    /// Position in the quadrant counted distally from the midline: 1–8 permanent, 1–5 primary.
    public var position: Int { fdi % 10 }
    public var isPrimary: Bool { quadrant >= 5 }
    public var jaw: Jaw { [1, 2, 5, 6].contains(quadrant) ? .upper : .lower }
    /// Patient's right side.
    public var isRight: Bool { [1, 4, 5, 8].contains(quadrant) }

    /// Incisor, canine, premolar or molar.
    public var toothClass: ToothClass {
        switch position {
        case 1, 2: return .incisor
        case 3: return .canine
        case 4, 5: return isPrimary ? .molar : .premolar
        default: return .molar
        }
    }

    /// Signed place along the arch: patient's right negative, left positive, magnitude = position.
    /// Primary and permanent teeth in the same place share it (a primary molar sits where a premolar will).
    public var archPosition: Int { isRight ? -position : position }

    /// The tooth next to this one towards the midline (across it for central incisors), same dentition.
    public var mesialNeighbour: ToothID? {
        if position > 1 { return ToothID(unchecked: fdi - 1) }
        let other: Int
        switch quadrant {
        case 1: other = 2
        case 2: other = 1
        case 3: other = 4
        case 4: other = 3
        case 5: other = 6
        case 6: other = 5
        case 7: other = 8
        default: other = 7
        }
        return ToothID(unchecked: other * 10 + 1)
    }

    /// The tooth next to this one away from the midline, same dentition; nil for the last tooth.
    public var distalNeighbour: ToothID? {
        position < (isPrimary ? 5 : 8) ? ToothID(unchecked: fdi + 1) : nil
    }

    /// Both neighbours in the full dentition.
    public var neighbours: [ToothID] { [mesialNeighbour, distalNeighbour].compactMap { $0 } }

    /// Whether the two teeth touch in a full dentition of the same kind.
    public func isAdjacent(to other: ToothID) -> Bool { neighbours.contains(other) }

    /// Every permanent tooth, 11…48 in FDI order.
    public static let permanent: [ToothID] = (1...4).flatMap { q in (1...8).map { ToothID(unchecked: q * 10 + $0) } }
    /// Every primary tooth, 51…85 in FDI order.
    public static let primary: [ToothID] = (5...8).flatMap { q in (1...5).map { ToothID(unchecked: q * 10 + $0) } }

    /// The teeth of one jaw, from the patient's right distal end to the left distal end.
    public static func alongArch(_ jaw: Jaw, primary: Bool = false) -> [ToothID] {
        let (right, left) = switch (jaw, primary) {
        case (.upper, false): (1, 2)
        case (.lower, false): (4, 3)
        case (.upper, true): (5, 6)
        case (.lower, true): (8, 7)
        }
        let count = primary ? 5 : 8
        return (1...count).reversed().map { ToothID(unchecked: right * 10 + $0) }
            + (1...count).map { ToothID(unchecked: left * 10 + $0) }
    }

    /// Only for numbers this file has proven valid.
    init(unchecked fdi: Int) { self.fdi = fdi }

    public static func < (a: ToothID, b: ToothID) -> Bool { a.fdi < b.fdi }
    public var description: String { String(fdi) }
}

/// Upper (maxillary) or lower (mandibular) arch.
public enum Jaw: String, Codable, Sendable, CaseIterable, Comparable {
    case upper, lower

    public static func < (a: Jaw, b: Jaw) -> Bool { a == .upper && b == .lower }
}

/// The anatomical class of a tooth, which sets its shape and, in some profiles, its movement limits.
public enum ToothClass: String, Codable, Sendable, CaseIterable {
    case incisor, canine, premolar, molar
}

/// Tooth numbering systems.
public enum ToothNotation: String, Codable, Sendable, CaseIterable {
    case fdi, universal, palmer
}

/// A tooth number that no notation accepts.
public enum ToothNumberError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String, notation: ToothNotation?)

    public var description: String {
        switch self {
        case let .invalid(text, notation?):
            return "'\(text)' is not a valid \(notation.rawValue.uppercased()) tooth number"
        case let .invalid(text, nil):
            return "'\(text)' is not a tooth number in FDI (11–48, 51–85), Universal (1–32, A–T) or Palmer (UR1, LLA…)"
        }
    }
}

extension ToothID: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let n = try c.decode(Int.self)
        do { try self.init(fdi: n) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(fdi)
    }
}
