import Foundation
import PlanModel

/// A two-step upper-arch export written by hand, byte for byte as the layout has it (not by our writer):
/// UTF-16 LE tables with a BOM and CRLF, OBJ with `mtllib` / `usemtl` / `s` lines and CRLF, a `(Copy)`
/// tooth, an attachment of a type the adapter does not know, step 1's frames in Info.json.
struct OnyxCephFixture {
    let folder: URL

    /// Tooth centres in the layout's frame (x to the patient's left, y up, z anterior).
    static let centres: [(fdi: Int, x: Double)] = [(12, -11), (11, -4), (21, 4)]
    static let y = -5.0, z = 40.0
    /// Tooth 11 moves this far to the patient's left at step 1.
    static let shift = 0.2

    /// Writes the fixture into a new folder `FIX-1` under `root`.
    static func write(in root: URL, info0: Data? = nil) throws -> OnyxCephFixture {
        let folder = root.appendingPathComponent("FIX-1")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func put(_ name: String, _ data: Data) throws { try data.write(to: folder.appendingPathComponent(name)) }
        try put("Step 0 - Obj3D U.obj", obj(step: 0))
        try put("Step 1 - Obj3D U.obj", obj(step: 1))
        try put("Step 0 - Info.csv", info0 ?? utf16(infoCSV()))
        try put("Step 1 - Info.json", Data(infoJSON().utf8))
        try put("Step 1 - Protocol Stripping U.csv", utf16("Maxilla\r\n[mm]\t12d\t12m\t11d\t11m\t21m\t21d\r\nBefore Step 1\t\t\t\t0.1\t0.1\t\r\n"))
        return OnyxCephFixture(folder: folder)
    }

    /// UTF-16 little-endian with a byte-order mark.
    static func utf16(_ text: String) -> Data { Data([0xFF, 0xFE]) + (text.data(using: .utf16LittleEndian) ?? Data()) }

    /// The frame rows of an upper tooth at `x`: local x to the patient's right, y (long axis) down, z anterior.
    static func infoCSV() -> String {
        var lines = ["name\ttype\toX\toY\toZ\txX\txY\txZ\tyX\tyY\tyZ\tzX\tzY\tzZ"]
        for (fdi, x) in centres {
            let name = fdi == 21 ? "Tooth 21 (Copy)" : "Tooth \(fdi)"
            lines.append("\(name)\tTooth\t\(String(format: "%.3f", x))\t-5.000\t40.000\t-1.000\t0.000\t0.000\t0.000\t-1.000\t0.000\t0.000\t0.000\t1.000")
        }
        lines.append("Maxilla\tGingiva\t0.000\t0.000\t0.000\t1.000\t0.000\t0.000\t0.000\t1.000\t0.000\t0.000\t0.000\t1.000")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Step 1's frames as Info.json: 4×4 row-major, columns x, y, z, o.
    static func infoJSON() -> String {
        func transform(_ x: Double, _ y: Double, _ z: Double) -> String {
            "[-1, 0, 0, \(x), 0, -1, 0, \(y), 0, 0, 1, \(z), 0, 0, 0, 1]"
        }
        var objects = centres.map { c in
            let x = c.fdi == 11 ? c.x + shift : c.x
            return "{\"Name\": \"\(c.fdi == 21 ? "Tooth 21 (Copy)" : "Tooth \(c.fdi)")\", \"Descr\": \"Tooth\", \"Transform\": \(transform(x, y, z))}"
        }
        objects.append("{\"Name\": \"Maxilla\", \"Descr\": \"Gingiva\", \"Transform\": [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]}")
        objects.append("{\"Name\": \"11: Box 2 x 4 mm\", \"Descr\": \"Box 2 x 4 mm\", \"Transform\": \(transform(-4 + shift, y - 1, z + 3))}")
        objects.append("{\"Name\": \"12: Ellipsoid 3 mm\", \"Descr\": \"Ellipsoid 3 mm\", \"Transform\": \(transform(-11, y - 1, z + 3))}")
        return "{\"Objects\": [\n  " + objects.joined(separator: ",\n  ") + "\n]}\n"
    }

    /// A box's 8 corners and 12 triangles around `c` (layout frame), as OBJ lines numbered from `base`.
    static func box(_ c: (Double, Double, Double), half: (Double, Double, Double), base: Int) -> [String] {
        var lines: [String] = []
        for i in 0..<8 {
            let p = (c.0 + (i & 1 == 0 ? -half.0 : half.0), c.1 + (i & 2 == 0 ? -half.1 : half.1), c.2 + (i & 4 == 0 ? -half.2 : half.2))
            lines.append("v \(p.0) \(p.1) \(p.2)")
        }
        let faces = [(0, 2, 1), (1, 2, 3), (4, 5, 6), (5, 7, 6), (0, 1, 4), (1, 5, 4), (2, 6, 3), (3, 6, 7), (0, 4, 2), (2, 4, 6), (1, 3, 5), (3, 7, 5)]
        lines.append("s 1")
        for f in faces { lines.append("f \(base + f.0) \(base + f.1) \(base + f.2)") }
        return lines
    }

    /// A step model: three crowns, the gingiva and (step 1) two attachments.
    static func obj(step: Int) -> Data {
        var lines = ["# OnyxCeph3 export", "mtllib Step \(step) - Obj3D U.mtl"]
        var base = 1
        for (fdi, x) in centres {
            let cx = fdi == 11 && step == 1 ? x + shift : x
            lines.append(fdi == 21 ? "o Tooth 21 (Copy)" : "o Tooth \(fdi)")
            lines.append("usemtl Tooth")
            lines += box((cx, y, z), half: (3, 4, 2.5), base: base)
            base += 8
        }
        lines.append("o Maxilla")
        lines.append("usemtl Gingiva")
        lines += box((0, 4, 30), half: (25, 3, 15), base: base)
        base += 8
        if step == 1 {
            // The attachment's local frame: x to the patient's right, y down, z anterior; the box spans z 0…1.
            lines.append("o 11: Box 2 x 4 mm")
            lines += box((-4 + shift, y - 1, z + 3.5), half: (1, 2, 0.5), base: base)
            base += 8
            lines.append("o 12: Ellipsoid 3 mm")
            lines += box((-11, y - 1, z + 3.5), half: (1.5, 1.5, 0.5), base: base)
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
