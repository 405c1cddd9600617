/// An entry's WinZip AES extra field (0x9901, APPNOTE "AE-x encryption"): the vendor version, the key
/// strength and the method the decrypted data is compressed with. Only the values every reader agrees
/// on are taken: version 1 or 2, vendor "AE", strength 1–3, stored or deflate.
struct WinZipAESField: Equatable, Sendable {
    static let id: UInt16 = 0x9901
    /// 1 (AE-1: the headers keep the plaintext's CRC-32) or 2 (AE-2: the CRC is not checked, the code alone
    /// guards the data — as libarchive reads it; libzip writes AE-2 with the CRC anyway).
    var vendorVersion: UInt16
    /// 1, 2, 3: AES-128, -192, -256.
    var strength: UInt8
    /// 0 (stored) or 8 (deflate): how the plaintext is compressed.
    var method: UInt16

    /// Salt, verifier and code: what the entry's data holds beyond the ciphertext.
    var overhead: Int { WinZipAESSealer.saltBytes(strength) + 2 + WinZipAESSealer.macLength }

    /// Whether the headers' CRC-32 must match the plaintext (AE-1 only).
    var checksCRC: Bool { vendorVersion == 1 }

    /// The field in the extra data `bytes[range]`; nil when there is none, more than one, or one we do not read.
    static func find(_ bytes: [UInt8], _ range: Range<Int>) -> WinZipAESField? {
        var found: WinZipAESField?
        var field = range.lowerBound
        while field + 4 <= range.upperBound {
            guard let id = bytes.u16(field), let length = bytes.u16(field + 2), field + 4 + Int(length) <= range.upperBound else { return nil }
            if id == Self.id {
                let body = field + 4
                guard found == nil, length == 7, let version = bytes.u16(body), version == 1 || version == 2,
                      bytes[body + 2] == UInt8(ascii: "A"), bytes[body + 3] == UInt8(ascii: "E"),
                      (1...3).contains(bytes[body + 4]), let method = bytes.u16(body + 5), method == 0 || method == 8
                else { return nil }
                found = WinZipAESField(vendorVersion: version, strength: bytes[body + 4], method: method)
            }
            field += 4 + Int(length)
        }
        return found
    }
}

/// Opening one WinZip AES entry held whole: the password verifier, then the HMAC-SHA1 code over the
/// ciphertext, and the ciphertext decrypted in place — on the reader's worker, so entries open on every core.
enum WinZipAESOpening {
    /// Why an entry did not open.
    enum Failure: Error, Equatable {
        /// The 2-byte verifier the password derives is not the entry's.
        case wrongPassword
        /// The verifier matched but the authentication code does not: the encrypted bytes are damaged
        /// (or, once in 65 536 wrong passwords, the verifier matched by chance).
        case badCode
        /// libcrypto failed.
        case cipher(String)
    }

    /// Checks and decrypts `data` (salt, verifier, ciphertext, code) in place; the plaintext's range in it.
    static func open(_ data: UnsafeMutableRawBufferPointer, field: WinZipAESField, password: String) -> Result<Range<Int>, Failure> {
        let saltCount = WinZipAESSealer.saltBytes(field.strength)
        guard data.count >= field.overhead else { return .failure(.badCode) }
        let body = (saltCount + 2)..<(data.count - WinZipAESSealer.macLength)
        do throws(WinZipAESFailure) {
            let cipher = try WinZipAESSealer(password: password, salt: Array(data[0..<saltCount]), strength: field.strength)
            guard cipher.prefix[saltCount...].elementsEqual(data[saltCount..<(saltCount + 2)]) else { return .failure(.wrongPassword) }
            // In 256 KiB steps, so each step is authenticated and decrypted while it is in cache.
            var start = body.lowerBound
            while start < body.upperBound {
                let end = min(body.upperBound, start + (256 << 10))
                try cipher.unseal(UnsafeMutableRawBufferPointer(rebasing: data[start..<end]))
                start = end
            }
            guard try cipher.finish().elementsEqual(data[body.upperBound...]) else { return .failure(.badCode) }
        } catch {
            return .failure(.cipher(error.message))
        }
        return .success(body)
    }
}
