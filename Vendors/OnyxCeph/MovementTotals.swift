import Foundation
import PlanModel
import VendorKit

/// `Step N - Protocol Movement Total U|L.csv` (FORMAT.md, "Movement totals"): UTF-16, tab, quoted; a `Tooth`
/// row of two-digit FDI codes, property rows labelled with their unit in brackets, the block closed by a
/// `Maxilla` / `Mandible` row; empty means 0. Values are the movement from step 0 to step N.
enum MovementTotals {
    /// The property rows, in the order written, and the movement component each `+/-` row carries.
    enum Property: String, CaseIterable, Sendable {
        case stripMesial = "Strip Mesial [mm]"
        case stripDistal = "Strip Distal [mm]"
        case inclination = "Inclination [°]"
        case inclinationChange = "Inclination +/- [°]"
        case angulation = "Angulation [°]"
        case angulationChange = "Angulation +/- [°]"
        case rotationChange = "Rotation +/- [°]"
        case mesialChange = "Mesial +/- [mm]"
        case vestibularChange = "Vestibular +/- [mm]"
        case occlusalChange = "Occlusal +/- [mm]"

        /// The plan's movement component a `+/-` row is (our mapping, FORMAT.md); nil for the others.
        var component: MovementKind? {
            switch self {
            case .inclinationChange: .torque
            case .angulationChange: .tip
            case .rotationChange: .rotation
            case .mesialChange: .mesialDistal
            case .vestibularChange: .buccalLingual
            case .occlusalChange: .extrusionIntrusion
            default: nil
            }
        }
    }

    /// Decimals written.
    static let digits = 2

    /// The 16 columns of a jaw: 18…11 21…28 upper, 48…41 31…38 lower.
    static func columns(_ jaw: Jaw) -> [ToothID] { ToothID.alongArch(jaw) }

    /// The totals of `arch` at step `step`.
    static func encode(_ arch: Arch, step: Int) -> Data {
        let crowns = Dictionary(uniqueKeysWithValues: arch.teeth.filter { $0.crown != nil }.map { ($0.id, $0) })
        var strip: [StrippingProtocol.Surface: Double] = [:]
        for e in arch.ipr where e.beforeStage <= step {
            strip[.facing(e.contact.first, e.contact.second), default: 0] += e.amountMM / 2
            strip[.facing(e.contact.second, e.contact.first), default: 0] += e.amountMM / 2
        }
        let ids = columns(arch.jaw)
        var rows: [[String]] = [["Tooth"] + ids.map { String($0.fdi) }]
        for property in Property.allCases {
            rows.append([property.rawValue] + ids.map { id -> String in
                guard let tooth = crowns[id] else { return "" }
                let pose = arch.pose(of: id, atStage: step)
                let value: Double
                switch property {
                case .stripMesial: value = strip[StrippingProtocol.Surface(tooth: id, mesial: true)] ?? 0
                case .stripDistal: value = strip[StrippingProtocol.Surface(tooth: id, mesial: false)] ?? 0
                case .inclination, .angulation: value = inclination(tooth.frame.moved(by: pose), jaw: arch.jaw, mesial: property == .angulation)
                default: value = property.component.map { Movements.cumulative(of: tooth.frame, to: pose)[$0] } ?? 0
                }
                return TabText.decimal(value, digits: digits)
            })
        }
        rows.append([OnyxCephFormat.gingivaName(arch.jaw)])
        return TabText.encode(rows, quoted: true)
    }

    /// The crown's long axis against the jaw's occlusal direction, in degrees, in the plane of its facial axis
    /// (inclination) or its mesial axis (angulation), each axis taken horizontal: our own definition.
    static func inclination(_ frame: CrownFrame, jaw: Jaw, mesial: Bool) -> Double {
        let up = Vector3(0, 0, jaw == .upper ? -1 : 1)
        let axis = mesial ? frame.mesialAxis : frame.facialAxis
        let horizontal = axis - up * axis.dot(up)
        guard horizontal.length > 1e-9 else { return 0 }
        return atan2(frame.longAxis.dot(horizontal.normalized), frame.longAxis.dot(up)) * 180 / .pi
    }

    /// One cell read: its value and the decimals it was written with.
    struct Cell: Sendable {
        var value: Double
        var decimals: Int
        var row: Int
    }

    /// Per tooth and property, the cells of the first block.
    static func parse(_ data: Data, file: String, encoding: TabText.Encoding = .utf16) throws(VendorError) -> [ToothID: [Property: Cell]] {
        let table = try TabText(data, file: file, encoding: encoding)
        guard let t = table.rows.firstIndex(where: { $0[0].lowercased() == "tooth" }) else {
            throw table.error(row: table.rows.first?.line ?? 1, "no \"Tooth\" row")
        }
        let header = table.rows[t]
        var teeth: [Int: ToothID] = [:]
        for (i, cell) in header.cells.enumerated().dropFirst() where !cell.isEmpty {
            guard cell.count == 2, let n = Int(cell), let id = try? ToothID(fdi: n) else {
                throw table.error(row: header.line, column: i, name: cell, "not a two-digit FDI tooth number")
            }
            teeth[i] = id
        }
        var out: [ToothID: [Property: Cell]] = [:]
        for row in table.rows[(t + 1)...] {
            let label = row[0]
            if ["tooth", "maxilla", "mandible"].contains(label.lowercased()) { break }
            guard let property = Property(rawValue: label) else { continue }
            for (i, id) in teeth {
                let text = row[i].trimmingCharacters(in: .whitespaces)
                let value = try table.number(row, i, name: id.description, emptyIsZero: true) ?? 0
                let decimals = text.firstIndex { $0 == "." || $0 == "," }.map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
                out[id, default: [:]][property] = Cell(value: value, decimals: decimals, row: row.line)
            }
        }
        return out
    }

    /// Disagreements of the `+/-` rows with the poses of `arch` at `step`, beyond the rounding of each cell.
    static func mismatches(_ cells: [ToothID: [Property: Cell]], arch: Arch, step: Int) -> [String] {
        var out: [String] = []
        for tooth in StageBaker.orderedCrowns(arch) {
            guard let row = cells[tooth.id] else { continue }
            let moved = Movements.cumulative(of: tooth.frame, to: arch.pose(of: tooth.id, atStage: step))
            for property in Property.allCases {
                guard let kind = property.component, let cell = row[property] else { continue }
                let rounding = 0.5 * pow(10, -Double(cell.decimals)) + 1e-6
                let actual = moved[kind]
                if abs(actual - cell.value) > rounding {
                    out.append("tooth \(tooth.id) \(property.rawValue): \(cell.value) written, \(TabText.decimal(actual, digits: 3)) from the poses")
                }
            }
        }
        return out
    }
}
