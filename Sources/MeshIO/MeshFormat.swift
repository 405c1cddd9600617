import Foundation

/// The mesh file formats MeshIO reads and writes.
public enum MeshFormat: String, Sendable, CaseIterable, Codable {
    case stl, ply, obj

    /// The format a file name's extension names, if any (case-insensitive).
    public init?(pathExtension ext: String) {
        self.init(rawValue: ext.lowercased())
    }

    /// The format the content looks like, or nil: "ply" magic; binary STL by the size rule or ASCII
    /// STL by "solid" then "facet"/"endsolid"; OBJ by a "v " line near the start.
    public static func sniff(_ data: Data) -> MeshFormat? {
        data.withUnsafeBytes { raw -> MeshFormat? in
            if raw.count >= 4, raw[0] == 0x70, raw[1] == 0x6C, raw[2] == 0x79, raw[3] == 0x0A || raw[3] == 0x0D {
                return .ply
            }
            if raw.count >= 84, let size = Int.checked(Int(raw.u32LE(80)), times: 50, plus: 84), size == raw.count {
                return .stl
            }
            var s = TextScanner(raw, start: STLText.bomLength(raw))
            if let t = s.nextToken(), s.token(t, is: "solid"), STLCodec.detectEncoding(raw) == .ascii { return .stl }
            if raw.count >= 2, (raw[0] == 0xFE && raw[1] == 0xFF) || (raw[0] == 0xFF && raw[1] == 0xFE) {
                return sniffUTF16(Data(raw.prefix(8192)))
            }
            return looksLikeOBJ(UnsafeRawBufferPointer(rebasing: raw.prefix(65536))) ? .obj : nil
        }
    }

    private static func sniffUTF16(_ head: Data) -> MeshFormat? {
        // Cut to whole code units; a split surrogate at the end would fail the decode.
        guard let s = String(data: head.prefix(head.count & ~1), encoding: .utf16) ?? String(data: head.prefix(head.count & ~3), encoding: .utf16)
        else { return nil }
        return Data(s.utf8).withUnsafeBytes { looksLikeOBJ($0) } ? .obj : nil
    }

    /// Text without NUL bytes holding a line "v <number> <number> <number>".
    private static func looksLikeOBJ(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard !raw.contains(0) else { return false }
        var s = TextScanner(raw)
        while !s.isAtEnd {
            defer { s.skipLine() }
            guard let k = s.nextTokenOnLine(), s.token(k, is: "v") else { continue }
            guard let x = s.nextTokenOnLine(), let y = s.nextTokenOnLine(), let z = s.nextTokenOnLine() else { continue }
            if s.float(x) != nil, s.float(y) != nil, s.float(z) != nil { return true }
        }
        return false
    }
}
