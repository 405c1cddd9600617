/// The fast path for the bulk of a 3MF model part: runs of `<vertex>` and `<triangle>` elements, read
/// straight from the bytes into the mesh's flat arrays, numbers parsed in place, nothing allocated
/// per element.
///
/// It takes only the one spelling it can prove the general scanner (`XMLScanner` + the model handler)
/// reads to the same values: an unprefixed self-closing element in the core default namespace, exactly
/// its three attributes (any order, once each, after whitespace, `name="value"` with double quotes), each
/// value plain (no reference, no control character, no '<') and valid for its grammar — an ST_Number
/// coordinate, a vertex index below the vertices read so far — and only whitespace between elements.
/// At the first byte outside that spelling it stops before the element, and the general scanner reads
/// it: so whatever the scanner refuses is still refused, with its own message and line.
enum ThreeMFMeshRun {
    /// Reads vertices from `start` for as long as the spelling holds; returns where the general scanner
    /// goes on (at most `raw.count`).
    static func vertices(_ raw: UnsafeRawBufferPointer, from start: Int, into positions: inout [Float]) -> Int {
        var cursor = Cursor(raw, start)
        var values: (Float, Float, Float) = (0, 0, 0)
        while true {
            let elementStart = cursor.skipSpace()
            // Every vertex must leave the count below 2^31 (the general path names the limit).
            guard positions.count / 3 < Int(Int32.max), cursor.tag("<vertex"),
                  cursor.attributes(names: (UInt8(ascii: "x"), UInt8(ascii: "y"), UInt8(ascii: "z")), { slot, value in
                      guard let v = ThreeMFNumber.float(value) else { return false }
                      switch slot {
                      case 0: values.0 = v
                      case 1: values.1 = v
                      default: values.2 = v
                      }
                      return true
                  })
            else { return elementStart }
            positions.append(values.0)
            positions.append(values.1)
            positions.append(values.2)
        }
    }

    /// Reads triangles from `start` for as long as the spelling holds, each corner below the vertex count.
    static func triangles(_ raw: UnsafeRawBufferPointer, from start: Int, vertexCount: Int, into indices: inout [UInt32]) -> Int {
        var cursor = Cursor(raw, start)
        var corners: (UInt32, UInt32, UInt32) = (0, 0, 0)
        while true {
            let elementStart = cursor.skipSpace()
            guard cursor.tag("<triangle"),
                  cursor.attributes(names: (UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3")), prefix: UInt8(ascii: "v"), { slot, value in
                      guard let v = ThreeMFNumber.index(value), v < vertexCount else { return false }
                      switch slot {
                      case 0: corners.0 = UInt32(v)
                      case 1: corners.1 = UInt32(v)
                      default: corners.2 = UInt32(v)
                      }
                      return true
                  })
            else { return elementStart }
            indices.append(corners.0)
            indices.append(corners.1)
            indices.append(corners.2)
        }
    }

    /// A position in the part; every read is checked against its end.
    private struct Cursor {
        let base: UnsafePointer<UInt8>?
        let end: Int
        var at: Int

        init(_ raw: UnsafeRawBufferPointer, _ start: Int) {
            base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            end = raw.count
            at = start
        }

        @inline(__always) func byte(_ i: Int) -> UInt8? {
            guard i < end, let base else { return nil }
            return base[i]
        }

        @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

        /// Skips whitespace; returns where the next element starts.
        mutating func skipSpace() -> Int {
            while let b = byte(at), Self.isSpace(b) { at += 1 }
            return at
        }

        /// `text` (ASCII) at the cursor, followed by whitespace: the element name ends there.
        mutating func tag(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard at + count < end, let base else { return false }
            let name = text.utf8Start
            for i in 0..<count where base[at + i] != name[i] { return false }
            guard Self.isSpace(base[at + count]) else { return false }
            at += count
            return true
        }

        /// Exactly three attributes named `prefix` + one of `names` (or the bare names when `prefix` is
        /// nil), each once, then "/>"; `take(slot, value)` parses each value and may refuse it.
        mutating func attributes(names: (UInt8, UInt8, UInt8), prefix: UInt8? = nil,
                                 _ take: (Int, UnsafeRawBufferPointer) -> Bool) -> Bool {
            guard let base else { return false }
            var seen = (false, false, false)
            for _ in 0..<3 {
                let before = at
                _ = skipSpace()
                guard at > before else { return false }
                if let prefix {
                    guard byte(at) == prefix else { return false }
                    at += 1
                }
                guard let n = byte(at), byte(at + 1) == UInt8(ascii: "="), byte(at + 2) == UInt8(ascii: "\"") else { return false }
                let slot: Int
                switch n {
                case names.0 where !seen.0: slot = 0; seen.0 = true
                case names.1 where !seen.1: slot = 1; seen.1 = true
                case names.2 where !seen.2: slot = 2; seen.2 = true
                default: return false
                }
                let valueStart = at + 3
                var i = valueStart
                while i < end {
                    let c = base[i]
                    if c == UInt8(ascii: "\"") { break }
                    // A reference, a control character or '<': the general scanner decodes or refuses it.
                    if c == UInt8(ascii: "&") || c == UInt8(ascii: "<") || c < 0x20 { return false }
                    i += 1
                }
                guard i < end, take(slot, UnsafeRawBufferPointer(start: base + valueStart, count: i - valueStart)) else { return false }
                at = i + 1
            }
            _ = skipSpace()
            guard byte(at) == UInt8(ascii: "/"), byte(at + 1) == UInt8(ascii: ">") else { return false }
            at += 2
            return true
        }
    }
}
