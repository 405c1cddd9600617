/// Unaligned little-endian loads and stores for the binary codecs (bulk, no per-record allocation).
extension UnsafeRawBufferPointer {
    @inline(__always) func u16LE(_ offset: Int) -> UInt16 {
        UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
    @inline(__always) func u32LE(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    @inline(__always) func f32LE(_ offset: Int) -> Float { Float(bitPattern: u32LE(offset)) }
}

extension UnsafeMutableRawBufferPointer {
    @inline(__always) func putU16LE(_ v: UInt16, _ offset: Int) {
        storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt16.self)
    }
    @inline(__always) func putU32LE(_ v: UInt32, _ offset: Int) {
        storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self)
    }
    @inline(__always) func putF32LE(_ v: Float, _ offset: Int) { putU32LE(v.bitPattern, offset) }
}

extension Int {
    /// `a * b + c` or nil on overflow: every size computed from a declared count goes through this.
    static func checked(_ a: Int, times b: Int, plus c: Int = 0) -> Int? {
        let (m, o1) = a.multipliedReportingOverflow(by: b)
        let (s, o2) = m.addingReportingOverflow(c)
        return o1 || o2 ? nil : s
    }
}
