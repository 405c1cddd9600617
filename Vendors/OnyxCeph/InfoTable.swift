import Foundation
import PlanModel
import VendorKit

/// A step's Info table (FORMAT.md, "Info table"): per object its name, type and frame. `Step N - Info.csv`
/// (UTF-16, tab, a header row naming the columns) or, where no CSV exists, `Step N - Info.json`.
struct InfoTable: Sendable {
    struct Entry: Sendable, Hashable {
        var name: String
        var type: String
        var frame: LayoutFrame.ObjectFrame
        /// The row (CSV line, or JSON object index + 1) it came from, for messages.
        var row: Int
    }

    var file: String
    var entries: [Entry]

    /// The frame columns, in the order written: origin, then the x, y and z axes.
    static let frameColumns = ["oX", "oY", "oZ", "xX", "xY", "xZ", "yX", "yY", "yZ", "zX", "zY", "zZ"]
    static let columns = ["name", "type"] + frameColumns
    /// Decimals written: 1e-9 of a unit axis and 1e-9 mm keep a round trip far inside 1e-4 mm and 0.001°.
    static let digits = 9

    /// Parses `Step N - Info.csv`: the first row is the header; columns are found by name (any order,
    /// extra columns ignored); every missing column, empty or non-numeric cell names its row and column.
    static func csv(_ data: Data, file: String) throws(VendorError) -> InfoTable {
        let table = try TabText(data, file: file, encoding: .utf16)
        guard let header = table.rows.first else { throw table.error(row: 1, "empty: the header row is missing") }
        var index: [String: Int] = [:]
        for (i, cell) in header.cells.enumerated() where index[cell] == nil { index[cell] = i }
        for (k, name) in columns.enumerated() where index[name] == nil {
            throw table.error(row: header.line, column: k, name: name, "the header has no column \"\(name)\" (it needs \(columns.joined(separator: ", ")))")
        }
        var entries: [Entry] = []
        for row in table.rows.dropFirst() {
            var v: [Double] = []
            for name in frameColumns {
                let c = index[name] ?? 0
                guard let value = try table.number(row, c, name: name) else {
                    throw table.error(row: row.line, column: c, name: name, "empty: every object needs its frame")
                }
                v.append(value)
            }
            let frame = LayoutFrame.ObjectFrame(origin: Vector3(v[0], v[1], v[2]), x: Vector3(v[3], v[4], v[5]),
                                                y: Vector3(v[6], v[7], v[8]), z: Vector3(v[9], v[10], v[11]))
            entries.append(Entry(name: row[index["name"] ?? 0], type: row[index["type"] ?? 1], frame: frame, row: row.line))
        }
        return InfoTable(file: file, entries: entries)
    }

    /// Info.json: `{"Objects":[{"Name":…, "Descr":…, "Transform":[16 numbers, row-major]}]}`.
    static func json(_ data: Data, file: String) throws(VendorError) -> InfoTable {
        struct Document: Decodable {
            struct Object: Decodable {
                var Name: String
                var Descr: String?
                var Transform: [Double]
            }
            var Objects: [Object]
        }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: data) } catch let error as DecodingError {
            throw .malformed(vendor: OnyxCephFormat.vendor, file: file, detail: DecodingFailure(error).description)
        } catch {
            throw .malformed(vendor: OnyxCephFormat.vendor, file: file, detail: "not JSON: \(error.localizedDescription)")
        }
        var entries: [Entry] = []
        for (i, object) in document.Objects.enumerated() {
            guard object.Transform.count == 16 else {
                throw .malformed(vendor: OnyxCephFormat.vendor, file: file,
                                 detail: "Objects[\(i)] (\"\(object.Name)\").Transform: \(object.Transform.count) numbers; a row-major 4×4 has 16")
            }
            entries.append(Entry(name: object.Name, type: object.Descr ?? "", frame: LayoutFrame.ObjectFrame(rowMajor: object.Transform), row: i + 1))
        }
        return InfoTable(file: file, entries: entries)
    }

    /// The CSV bytes for `entries` (header first).
    static func encode(_ entries: [(name: String, type: String, frame: LayoutFrame.ObjectFrame)]) -> Data {
        let f = { (v: Double) in TabText.decimal(v, digits: digits) }
        let rows = [columns] + entries.map { e -> [String] in
            let o = e.frame.origin, x = e.frame.x, y = e.frame.y, z = e.frame.z
            return [e.name, e.type] + [o.x, o.y, o.z, x.x, x.y, x.z, y.x, y.y, y.z, z.x, z.y, z.z].map(f)
        }
        return TabText.encode(rows)
    }
}
