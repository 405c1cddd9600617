import Foundation
import VendorKit

/// The onyxceph target: the layout's tables (FORMAT.md, "Info table", "Stripping protocol", "Movement
/// totals") — UTF-16 tab text with a BOM, quoted cells, numbers with a point or a comma — and Info.json.
/// The first byte picks the entry the rest of the input replaces in the sample's export: step 0's
/// Info.csv, step 1's table as an Info.json instead, the highest stripping or movement protocol (read
/// whole), or an earlier step's movement totals (only checked).
extension Fuzz {
    enum OnyxCephEntry: CaseIterable {
        case info0, infoJSON1, stripping, movement, earlierMovement
    }

    /// The sample export's entries with `entry`'s replaced by `data` (nil when the export lacks it).
    static func onyxcephEntries(_ entry: OnyxCephEntry, _ data: Data) -> [(String, Data)]? {
        guard let export = export("onyxceph") else { return nil }
        func step(_ path: String) -> Int {
            Int(path.split(separator: "/").last?.dropFirst(5).prefix { $0.isNumber } ?? "") ?? -1
        }
        func highest(_ suffix: String) -> String? {
            export.entries.map(\.path).filter { $0.hasSuffix(suffix) }.max { step($0) < step($1) }
        }
        let target: String?
        switch entry {
        case .info0: target = export.entries.map(\.path).first { $0.hasSuffix("Step 0 - Info.csv") }
        case .infoJSON1: target = export.entries.map(\.path).first { $0.hasSuffix("Step 1 - Info.csv") }
        case .stripping: target = highest(" - Protocol Stripping U.csv")
        case .movement: target = highest(" - Protocol Movement Total U.csv")
        case .earlierMovement: target = export.entries.map(\.path).first { $0.hasSuffix("Step 0 - Protocol Movement Total L.csv") }
        }
        guard let target else { return nil }
        return export.entries.map { e in
            guard e.path == target else { return (e.path, e.data) }
            return (entry == .infoJSON1 ? String(e.path.dropLast(3)) + "json" : e.path, data)
        }
    }

    static func onyxceph(_ data: Data) {
        guard let selector = data.first, let export = export("onyxceph") else { return }
        let entry = OnyxCephEntry.allCases[Int(selector) % OnyxCephEntry.allCases.count]
        guard let entries = onyxcephEntries(entry, Data(data.dropFirst())) else { return }
        let url = work.appendingPathComponent("input-onyxceph.zip")
        guard write(entries, to: url, format: export.format) else { return }
        _ = try? export.adapter.read(url, options: IntakeOptions())
    }

    /// The first seed: selector 0 and the sample's own step-0 Info.csv.
    static var onyxcephSeed: Data? {
        export("onyxceph")?.entries.first { $0.path.hasSuffix("Step 0 - Info.csv") }.map { Data([0]) + $0.data }
    }
}
