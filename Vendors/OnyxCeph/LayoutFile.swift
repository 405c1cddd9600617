import Foundation
import PlanModel

/// One file of the layout, recognised from its name (FORMAT.md, "Files"). Names are matched on the last
/// path component, case-insensitively; anything else is `.other`.
enum LayoutFile: Hashable, Sendable {
    /// `Step N - Obj3D U|L.obj`.
    case model(step: Int, jaw: Jaw)
    /// `Step N - Info.csv`.
    case info(step: Int)
    /// `Step N - Info.json`.
    case infoJSON(step: Int)
    /// `Step N - Protocol Stripping U|L.csv`.
    case stripping(step: Int, jaw: Jaw)
    /// `Step N - Protocol Movement Total U|L.csv`.
    case movementTotal(step: Int, jaw: Jaw)
    /// Other `Step N - …` files of the layout this adapter does not read (distances, landmarks, movement per step).
    case unread(step: Int)
    /// Older generation: `<id>_OnyxCeph3_Export_ Step i of M Upper|Lower.obj`.
    case legacyModel(id: String, step: Int, of: Int, jaw: Jaw)
    /// Older generation: `IPR.csv`.
    case legacyIPR
    /// Older generation: `Movement table.csv`.
    case legacyMovement
    /// Older generation's STL: `<id>_OnyxCeph3_Export_OK.stl` (upper) / `_UK.stl` (lower).
    case legacySTL(id: String, jaw: Jaw)
    case other

    static let legacyMarker = "_OnyxCeph3_Export_"

    init(path: String) {
        let name = String(path.split(separator: "/").last ?? "")
        self = Self.parse(name)
    }

    private static func parse(_ name: String) -> LayoutFile {
        let lower = name.lowercased()
        if lower == "ipr.csv" { return .legacyIPR }
        if lower == "movement table.csv" { return .legacyMovement }
        if let r = name.range(of: legacyMarker, options: .caseInsensitive) { return legacy(id: String(name[..<r.lowerBound]), rest: String(name[r.upperBound...])) }
        guard lower.hasPrefix("step "), let dash = name.range(of: " - ") else { return .other }
        guard let step = Int(name[name.index(name.startIndex, offsetBy: 5)..<dash.lowerBound]), step >= 0 else { return .other }
        let rest = String(name[dash.upperBound...])
        let r = rest.lowercased()
        func jaw(_ stem: String, _ ext: String) -> Jaw? {
            guard r.hasPrefix(stem + " "), r.hasSuffix(ext) else { return nil }
            let letter = r.dropFirst(stem.count + 1).dropLast(ext.count)
            return letter == "u" ? .upper : letter == "l" ? .lower : nil
        }
        if let j = jaw("obj3d", ".obj") { return .model(step: step, jaw: j) }
        if r == "info.csv" { return .info(step: step) }
        if r == "info.json" { return .infoJSON(step: step) }
        if let j = jaw("protocol stripping", ".csv") { return .stripping(step: step, jaw: j) }
        if let j = jaw("protocol movement total", ".csv") { return .movementTotal(step: step, jaw: j) }
        return .unread(step: step)
    }

    /// ` Step i of M Upper.obj`, `OK.stl`, `UK.stl` after the marker.
    private static func legacy(id: String, rest: String) -> LayoutFile {
        let r = rest.lowercased()
        if r == "ok.stl" { return .legacySTL(id: id, jaw: .upper) }
        if r == "uk.stl" { return .legacySTL(id: id, jaw: .lower) }
        let words = r.split(separator: " ")
        guard words.count == 5, words[0] == "step", words[2] == "of", let i = Int(words[1]), let m = Int(words[3]), i >= 0 else { return .other }
        switch words[4] {
        case "upper.obj": return .legacyModel(id: id, step: i, of: m, jaw: .upper)
        case "lower.obj": return .legacyModel(id: id, step: i, of: m, jaw: .lower)
        default: return .other
        }
    }

    /// Whether the file belongs to the current generation.
    var isCurrent: Bool {
        switch self {
        case .model, .info, .infoJSON, .stripping, .movementTotal, .unread: true
        default: false
        }
    }

    /// Whether the file belongs to the older generation.
    var isLegacy: Bool {
        switch self {
        case .legacyModel, .legacyIPR, .legacyMovement, .legacySTL: true
        default: false
        }
    }
}
