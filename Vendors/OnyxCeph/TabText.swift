import Foundation
import VendorKit

/// The layout's tables (FORMAT.md, "Tables"): UTF-16 little-endian with a byte-order mark, cells separated
/// by tabs, optionally quoted, CRLF line ends. Rows keep their 1-based line numbers, so every error names
/// the file, the row and the column.
struct TabText: Sendable {
    /// One non-empty line: its 1-based line number and its cells (quotes removed).
    struct Row: Sendable {
        var line: Int
        var cells: [String]
        /// The cell at `i`, "" past the end.
        subscript(_ i: Int) -> String { i < cells.count ? cells[i] : "" }
    }

    let file: String
    let rows: [Row]

    /// How strictly the text encoding is checked.
    enum Encoding {
        /// UTF-16 with a byte-order mark, as the current generation writes every table.
        case utf16
        /// UTF-16 with a byte-order mark, else UTF-8, else Windows-1252 (the older generation's tables).
        case any
    }

    /// Decodes `data` (the file `file`) into rows.
    init(_ data: Data, file: String, encoding: Encoding = .utf16) throws(VendorError) {
        self.file = file
        let text = try Self.text(data, file: file, encoding: encoding)
        var rows: [Row] = []
        var line = 0
        // "\r\n" is one Character in Swift: splitting on newlines takes CRLF, LF and CR alike.
        for content in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            line += 1
            guard !content.allSatisfy({ $0 == "\t" || $0 == " " }) else { continue }
            rows.append(Row(line: line, cells: content.split(separator: "\t", omittingEmptySubsequences: false).map(Self.unquoted)))
        }
        self.rows = rows
    }

    /// The error for `problem` at `row`, `column` (its header name where known).
    func error(row: Int, column: Int? = nil, name: String? = nil, _ problem: String) -> VendorError {
        let where_ = column.map { c in ", column \(c + 1)" + (name.map { " (\"\($0)\")" } ?? "") } ?? ""
        return .malformed(vendor: OnyxCephFormat.vendor, file: file, detail: "row \(row)\(where_): \(problem)")
    }

    /// The number in a cell (decimal point or comma; "" is nil), or an error naming row and column.
    func number(_ row: Row, _ column: Int, name: String? = nil, emptyIsZero: Bool = false) throws(VendorError) -> Double? {
        let cell = row[column].trimmingCharacters(in: .whitespaces)
        if cell.isEmpty {
            return emptyIsZero ? 0 : nil
        }
        guard let value = Double(cell.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
            throw error(row: row.line, column: column, name: name, "'\(cell.prefix(40))' is not a number")
        }
        return value
    }

    private static func text(_ data: Data, file: String, encoding: Encoding) throws(VendorError) -> String {
        let bom = Array(data.prefix(3))
        func fail(_ detail: String) -> VendorError { .malformed(vendor: OnyxCephFormat.vendor, file: file, detail: "row 1, column 1: \(detail)") }
        if bom.count >= 2, (bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF) {
            let little = bom[0] == 0xFF
            guard data.count % 2 == 0, let s = String(data: data.dropFirst(2), encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw fail("not valid UTF-16 text after its byte-order mark")
            }
            return s
        }
        switch encoding {
        case .utf16:
            throw fail("not UTF-16: the file has no UTF-16 byte-order mark (the layout writes its tables as UTF-16 with a BOM)")
        case .any:
            let body = bom.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
            if let s = String(data: body, encoding: .utf8) { return s }
            guard let s = String(data: body, encoding: .windowsCP1252) else { throw fail("neither UTF-16, UTF-8 nor Windows-1252 text") }
            return s
        }
    }

    /// A cell without its surrounding quotes ("" inside stands for one quote) and surrounding blanks.
    private static func unquoted(_ cell: Substring) -> String {
        let t = cell.trimmingCharacters(in: .whitespaces)
        guard t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") else { return t }
        return String(t.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// Rows as the layout writes them: UTF-16 LE with a BOM, tabs, CRLF after every row; `quoted` puts every
    /// cell in double quotes (the movement totals).
    static func encode(_ rows: [[String]], quoted: Bool = false) -> Data {
        let text = rows.map { cells in
            cells.map { quoted ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(separator: "\t")
        }.map { $0 + "\r\n" }.joined()
        return Data([0xFF, 0xFE]) + (text.data(using: .utf16LittleEndian) ?? Data())
    }

    /// A number with `digits` decimals, "-0" written as "0".
    static func decimal(_ value: Double, digits: Int) -> String {
        let s = String(format: "%.\(digits)f", value)
        return Double(s) == 0 ? String(format: "%.\(digits)f", 0.0) : s
    }
}
