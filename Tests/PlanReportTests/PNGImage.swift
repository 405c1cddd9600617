import CZlib
import Foundation

/// Just enough PNG to measure a screenshot: 8-bit RGB / RGBA, non-interlaced, all five filters.
struct PNGImage {
    var width: Int
    var height: Int
    /// RGB per pixel, row by row.
    var rgb: [UInt8]

    enum Failure: Error { case notPNG, unsupported(String), inflate(Int32), truncated }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { throw Failure.notPNG }
        var offset = 8
        var idat: [UInt8] = []
        var w = 0, h = 0, channels = 0
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        while offset + 8 <= bytes.count {
            let length = u32(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let start = offset + 8
            guard start + length + 4 <= bytes.count else { throw Failure.truncated }
            switch type {
            case "IHDR":
                w = u32(start)
                h = u32(start + 4)
                guard bytes[start + 8] == 8, bytes[start + 12] == 0 else { throw Failure.unsupported("depth or interlace") }
                switch bytes[start + 9] {
                case 2: channels = 3
                case 6: channels = 4
                default: throw Failure.unsupported("colour type \(bytes[start + 9])")
                }
            case "IDAT": idat += bytes[start..<start + length]
            default: break
            }
            offset = start + length + 4
            if type == "IEND" { break }
        }
        let stride = w * channels
        var raw = [UInt8](repeating: 0, count: h * (stride + 1))
        var size = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { input in uncompress(out.baseAddress, &size, input.baseAddress, uLong(input.count)) }
        }
        guard status == Z_OK, Int(size) == raw.count else { throw Failure.inflate(status) }
        var previous = [UInt8](repeating: 0, count: stride)
        var rgb: [UInt8] = []
        rgb.reserveCapacity(w * h * 3)
        for y in 0..<h {
            let filter = raw[y * (stride + 1)]
            var line = Array(raw[(y * (stride + 1) + 1)..<((y + 1) * (stride + 1))])
            for x in 0..<stride {
                let a = x >= channels ? Int(line[x - channels]) : 0
                let b = Int(previous[x])
                let c = x >= channels ? Int(previous[x - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Failure.unsupported("filter \(filter)")
                }
                line[x] = UInt8((Int(line[x]) + predictor) & 0xFF)
            }
            for x in 0..<w { rgb += line[(x * channels)..<(x * channels + 3)] }
            previous = line
        }
        width = w
        height = h
        self.rgb = rgb
    }

    /// Variance of the luminance over every pixel (0 for a blank image).
    var luminanceVariance: Double {
        let n = Double(width * height)
        guard n > 0 else { return 0 }
        var sum = 0.0, squares = 0.0
        for i in stride(from: 0, to: rgb.count, by: 3) {
            let l = 0.299 * Double(rgb[i]) + 0.587 * Double(rgb[i + 1]) + 0.114 * Double(rgb[i + 2])
            sum += l
            squares += l * l
        }
        let mean = sum / n
        return squares / n - mean * mean
    }

    /// How many distinct colours appear.
    var distinctColours: Int {
        var seen = Set<UInt32>()
        for i in stride(from: 0, to: rgb.count, by: 3) {
            seen.insert(UInt32(rgb[i]) << 16 | UInt32(rgb[i + 1]) << 8 | UInt32(rgb[i + 2]))
        }
        return seen.count
    }
}
