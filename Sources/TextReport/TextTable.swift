/// Aligned text columns for terminal output, shared by the CLI and the benchmark: each column left- or
/// right-aligned, a dashed rule under the header, two spaces between columns, no trailing spaces.
public struct TextTable: Sendable, Hashable {
    /// How a column's cells line up.
    public enum Alignment: Sendable, Hashable { case left, right }

    public var header: [String]
    public var rows: [[String]] = []
    /// Per column; columns past the end are left-aligned.
    public var alignments: [Alignment]

    /// A table whose columns are all left-aligned unless `alignments` says otherwise.
    public init(_ header: [String], alignments: [Alignment] = []) {
        self.header = header
        self.alignments = alignments
    }

    /// A table whose columns are all left-aligned (words).
    public init(_ header: String...) { self.init(header) }

    /// The first column left-aligned (names), the rest right-aligned (numbers).
    public static func numeric(_ header: [String]) -> TextTable {
        TextTable(header, alignments: [.left] + Array(repeating: .right, count: max(0, header.count - 1)))
    }

    public mutating func add(_ cells: [String]) { rows.append(cells) }

    public mutating func add(_ cells: String...) { add(cells) }

    /// The table as lines; short rows are padded with empty cells.
    public var rendered: String {
        let columns = ([header] + rows).map(\.count).max() ?? 0
        let all = ([header] + rows).map { $0 + Array(repeating: "", count: columns - $0.count) }
        let widths = (0..<columns).map { i in all.map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let joined = cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return (i < alignments.count ? alignments[i] : .left) == .right ? pad + cell : cell + pad
            }.joined(separator: "  ")
            return String(joined.reversed().drop(while: { $0 == " " }).reversed())
        }
        let rule = widths.map { String(repeating: "-", count: $0) }
        return ([line(all[0]), line(rule)] + all.dropFirst().map(line)).joined(separator: "\n")
    }
}
