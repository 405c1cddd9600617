/// Aligned text columns: the first column left-aligned, the rest right-aligned (they hold numbers).
public struct TextTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(_ header: [String]) { self.header = header }

    public mutating func add(_ cells: [String]) { rows.append(cells) }

    /// The table with a dashed rule under the header; short rows are padded with empty cells.
    public var rendered: String {
        let columns = ([header] + rows).map(\.count).max() ?? 0
        let all = ([header] + rows).map { $0 + Array(repeating: "", count: columns - $0.count) }
        let widths = (0..<columns).map { i in all.map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let joined = cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
            return String(joined.reversed().drop(while: { $0 == " " }).reversed())
        }
        let rule = widths.map { String(repeating: "-", count: $0) }
        return ([line(all[0]), line(rule)] + all.dropFirst().map(line)).joined(separator: "\n")
    }
}
