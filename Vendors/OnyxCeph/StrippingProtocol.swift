import Foundation
import PlanModel
import VendorKit

/// `Step N - Protocol Stripping U|L.csv` (FORMAT.md, "Stripping protocol"): a header row whose first cell
/// contains `mm` and whose other cells are surfaces `NNm` / `NNd`; rows `Before Step K` give mm per surface
/// (empty = 0). A contact's IPR is the sum of its two surfaces.
enum StrippingProtocol {
    /// One tooth surface: mesial or distal.
    struct Surface: Hashable, Sendable, Comparable {
        var tooth: ToothID
        var mesial: Bool

        var name: String { "\(tooth.fdi)\(mesial ? "m" : "d")" }

        init(tooth: ToothID, mesial: Bool) {
            self.tooth = tooth
            self.mesial = mesial
        }

        init?(_ text: String) {
            let t = text.lowercased()
            guard t.count == 3, let last = t.last, last == "m" || last == "d", let n = Int(t.prefix(2)),
                  let id = try? ToothID(fdi: n) else { return nil }
            self.init(tooth: id, mesial: last == "m")
        }

        /// The surface of `tooth` that faces `neighbour` along the arch: mesial unless the neighbour lies
        /// further from the midline on the same side.
        static func facing(_ tooth: ToothID, _ neighbour: ToothID) -> Surface {
            let sameSide = tooth.isRight == neighbour.isRight
            return Surface(tooth: tooth, mesial: !(sameSide && neighbour.position > tooth.position))
        }

        static func < (a: Surface, b: Surface) -> Bool { (a.tooth.archPosition, a.mesial ? 1 : 0) < (b.tooth.archPosition, b.mesial ? 1 : 0) }
    }

    /// The header's surfaces for `teeth` (arch order): right side distal then mesial, left side mesial then distal.
    static func surfaces(_ teeth: [ToothID]) -> [Surface] {
        teeth.flatMap { id in
            id.isRight ? [Surface(tooth: id, mesial: false), Surface(tooth: id, mesial: true)]
                : [Surface(tooth: id, mesial: true), Surface(tooth: id, mesial: false)]
        }
    }

    /// The protocol of `arch` as of step `step`: every IPR event before a step ≤ `step`, split evenly
    /// between the contact's two surfaces.
    static func encode(_ arch: Arch, step: Int) -> Data {
        let teeth = StageBaker.orderedCrowns(arch).map(\.id)
        let columns = surfaces(teeth)
        var amounts: [Int: [Surface: Double]] = [:]
        for e in arch.ipr where e.beforeStage <= step {
            for s in [Surface.facing(e.contact.first, e.contact.second), Surface.facing(e.contact.second, e.contact.first)] {
                amounts[e.beforeStage, default: [:]][s, default: 0] += e.amountMM / 2
            }
        }
        var rows: [[String]] = [[OnyxCephFormat.gingivaName(arch.jaw)], ["[mm]"] + columns.map(\.name)]
        for k in amounts.keys.sorted() {
            rows.append(["Before Step \(k)"] + columns.map { s in amounts[k]?[s].map { String($0) } ?? "" })
        }
        return TabText.encode(rows)
    }

    /// What a protocol says: per step K, mm per surface.
    struct Parsed: Sendable {
        var amounts: [(step: Int, surface: Surface, mm: Double, row: Int)]
    }

    /// Parses a protocol (UTF-16 for the current generation, any text for the older `IPR.csv`).
    static func parse(_ data: Data, file: String, encoding: TabText.Encoding = .utf16) throws(VendorError) -> Parsed {
        let table = try TabText(data, file: file, encoding: encoding)
        guard let h = table.rows.firstIndex(where: { $0[0].lowercased().contains("mm") }) else {
            throw table.error(row: table.rows.first?.line ?? 1, "no header row (its first cell contains \"mm\")")
        }
        let header = table.rows[h]
        var columns: [Int: Surface] = [:]
        for (i, cell) in header.cells.enumerated().dropFirst() where !cell.isEmpty {
            guard let s = Surface(cell) else {
                throw table.error(row: header.line, column: i, name: cell, "not a surface (NNm or NNd)")
            }
            columns[i] = s
        }
        var amounts: [(Int, Surface, Double, Int)] = []
        for row in table.rows[(h + 1)...] {
            let label = row[0].lowercased()
            guard label.hasPrefix("before step") else { continue }
            guard let k = Int(label.dropFirst("before step".count).trimmingCharacters(in: .whitespaces)), k >= 0 else {
                throw table.error(row: row.line, column: 0, "'\(row[0])' is not \"Before Step K\"")
            }
            for (i, s) in columns.sorted(by: { $0.key < $1.key }) {
                guard let mm = try table.number(row, i, name: s.name), mm != 0 else { continue }
                guard mm > 0 else { throw table.error(row: row.line, column: i, name: s.name, "\(mm) mm: stripping cannot be negative") }
                amounts.append((k, s, mm, row.line))
            }
        }
        return Parsed(amounts: amounts)
    }

    /// The IPR events of an arch whose crowns are `teeth` (arch order), and the surfaces no contact takes.
    static func events(_ parsed: Parsed, teeth: [ToothID]) -> (events: [IPREvent], unpaired: [(step: Int, surface: Surface)]) {
        var byStep: [Int: [Surface: Double]] = [:]
        for a in parsed.amounts { byStep[a.step, default: [:]][a.surface, default: 0] += a.mm }
        var events: [IPREvent] = []
        var unpaired: [(Int, Surface)] = []
        for (k, values) in byStep.sorted(by: { $0.key < $1.key }) {
            var used = Set<Surface>()
            for (a, b) in zip(teeth, teeth.dropFirst()) {
                let sa = Surface.facing(a, b), sb = Surface.facing(b, a)
                let mm = (values[sa] ?? 0) + (values[sb] ?? 0)
                used.insert(sa)
                used.insert(sb)
                if mm > 0 { events.append(IPREvent(contact: ToothContact(a, b), amountMM: mm, beforeStage: k)) }
            }
            for s in values.keys.sorted() where !used.contains(s) { unpaired.append((k, s)) }
        }
        events.sort { ($0.beforeStage, $0.contact.first.archPosition, $0.contact.second.archPosition)
            < ($1.beforeStage, $1.contact.first.archPosition, $1.contact.second.archPosition) }
        return (events, unpaired)
    }
}
