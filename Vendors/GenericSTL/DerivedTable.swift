import Foundation
import PlanModel
import VendorKit

/// A CSV the archive derives from the manifest (movements.csv, ipr.csv): written from the plan, and at
/// intake compared with the plan read from the manifest — text cells exactly, numbers within half a unit
/// of their last printed decimal.
struct DerivedTable {
    /// One cell: text, or a number printed with a fixed count of decimals.
    enum Cell: Equatable {
        case text(String)
        case number(Double, decimals: Int)

        var printed: String {
            switch self {
            case let .text(s): s
            case let .number(v, d): CSVText.fixed(v, decimals: d)
            }
        }

        /// Whether `field` as read from a file says this cell.
        func accepts(_ field: String) -> Bool {
            switch self {
            case let .text(s): return field == s
            case let .number(v, d):
                guard let read = Double(field) else { return false }
                var unit = 1.0
                for _ in 0..<d { unit /= 10 }
                return abs(read - v) <= unit / 2 + 1e-9
            }
        }
    }

    var file: String
    var header: [String]
    var rows: [[Cell]]

    /// The file's bytes: header, then one line per row, LF line ends.
    var data: Data {
        var text = CSVText.line(header)
        for row in rows { text += CSVText.line(row.map(\.printed)) }
        return Data(text.utf8)
    }

    /// A warning when `data` disagrees with this table (first difference only), nil when it agrees.
    func check(_ data: Data) -> Finding? {
        func mismatch(_ what: String) -> Finding {
            Finding(GenericSTLFormat.Code.tableMismatch, .warning, at: FindingLocation(file: file),
                    message: "\(file) disagrees with manifest.json: \(what). The manifest is authoritative; the table was not used.",
                    remedy: "Re-export the archive so \(file) is derived from the manifest again, or ignore \(file).")
        }
        guard let text = String(data: data, encoding: .utf8), let read = CSVText.parse(text) else {
            return mismatch("it is not UTF-8 CSV")
        }
        guard read.first == header else { return mismatch("the header is not \(header.joined(separator: ","))") }
        let body = read.dropFirst()
        guard body.count == rows.count else {
            return mismatch("it has \(body.count) data rows, the manifest gives \(rows.count)")
        }
        for (n, (fields, expected)) in zip(body, rows).enumerated() {
            let line = n + 2
            guard fields.count == expected.count else {
                return mismatch("line \(line) has \(fields.count) fields, expected \(expected.count)")
            }
            for (column, (field, cell)) in zip(fields, expected).enumerated() where !cell.accepts(field) {
                return mismatch("line \(line), \(header[column]) is '\(field)', the manifest gives \(cell.printed)")
            }
        }
        return nil
    }
}
