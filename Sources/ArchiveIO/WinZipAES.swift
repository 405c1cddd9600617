import CLibCrypto
import Foundation

/// WinZip AES-256 encryption of one zip entry (AE-1, as 7-Zip, WinZip, libzip and libarchive read it):
/// a random 16-byte salt, PBKDF2-HMAC-SHA1 (1 000 rounds) deriving the AES key, the HMAC key and a
/// 2-byte password verifier, AES-256 in counter mode with WinZip's little-endian counter starting at 1,
/// and the first 10 bytes of HMAC-SHA1 over the ciphertext. The entry's data is salt, verifier,
/// ciphertext, code. AE-1 keeps the plaintext's CRC-32 in the headers (libzip 1.7 checks it even where
/// AE-2 says to drop it), so a reader checks both the code and the CRC.
///
/// One sealer per entry, used on one thread: entries are sealed (and, reading, opened:
/// `WinZipAESOpening`) on every core at once.
final class WinZipAESSealer {
    static let saltLength = 16
    static let macLength = 10
    /// Bytes an entry grows by: salt, verifier, code.
    static let overhead = saltLength + 2 + macLength
    /// The AES extra field's "vendor version" (AE-1) and key strength (3: 256-bit).
    static let version: UInt16 = 1
    static let strength: UInt8 = 3

    /// Salt then verifier: the first bytes of the entry's data.
    let prefix: [UInt8]
    private let cipher: OpaquePointer
    private let inner: OpaquePointer
    private var outerPad = [UInt8](repeating: 0x5C, count: 64)
    private var counter: UInt64 = 0
    private let counters = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
    private let keystream = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
    private var used: Int

    /// Keys for `password` (its UTF-8 bytes) under a fresh random salt, AES-256.
    convenience init(password: String) throws(WinZipAESFailure) {
        var salt = [UInt8](repeating: 0, count: Self.saltLength)
        guard RAND_bytes(&salt, Int32(salt.count)) == 1 else { throw WinZipAESFailure("no random salt from libcrypto") }
        try self.init(password: password, salt: salt, strength: Self.strength)
    }

    /// Keys for `password` under `salt` at key `strength` (1, 2, 3: AES-128, -192, -256), as a reader
    /// derives them from an entry's salt; `prefix` then ends in the verifier the password gives.
    init(password: String, salt: [UInt8], strength: UInt8) throws(WinZipAESFailure) {
        guard (1...3).contains(strength), salt.count == Self.saltBytes(strength) else { throw WinZipAESFailure("unknown AES key strength \(strength)") }
        counters.initializeMemory(as: UInt8.self, repeating: 0)
        keystream.initializeMemory(as: UInt8.self, repeating: 0)
        used = keystream.count
        let keyLength = 8 + 8 * Int(strength)
        var keys = [UInt8](repeating: 0, count: 2 * keyLength + 2)
        let password = Array(password.utf8)
        let derived = password.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { chars in
                PKCS5_PBKDF2_HMAC_SHA1(chars.baseAddress, Int32(chars.count), salt, Int32(salt.count), 1000, Int32(keys.count), &keys)
            }
        }
        guard derived == 1 else { throw WinZipAESFailure("PBKDF2 failed") }
        prefix = salt + keys[(2 * keyLength)...]
        guard let cipher = EVP_CIPHER_CTX_new() else { throw WinZipAESFailure("no cipher context") }
        self.cipher = cipher
        guard let inner = EVP_MD_CTX_new() else {
            EVP_CIPHER_CTX_free(cipher)
            throw WinZipAESFailure("no digest context")
        }
        self.inner = inner
        // The counter blocks are encrypted in ECB (no padding) and XORed in: WinZip's counter is little-endian.
        let ecb = strength == 1 ? EVP_aes_128_ecb() : strength == 2 ? EVP_aes_192_ecb() : EVP_aes_256_ecb()
        guard EVP_EncryptInit_ex(cipher, ecb, nil, Array(keys[0..<keyLength]), nil) == 1,
              EVP_CIPHER_CTX_set_padding(cipher, 0) == 1 else { throw WinZipAESFailure("AES key setup failed") }
        var innerPad = [UInt8](repeating: 0x36, count: 64)
        for i in 0..<keyLength {
            innerPad[i] ^= keys[keyLength + i]
            outerPad[i] ^= keys[keyLength + i]
        }
        guard EVP_DigestInit_ex(inner, EVP_sha1(), nil) == 1, EVP_DigestUpdate(inner, innerPad, 64) == 1 else {
            throw WinZipAESFailure("HMAC-SHA1 setup failed")
        }
    }

    /// Salt bytes for key `strength` (1, 2, 3): 8, 12, 16.
    static func saltBytes(_ strength: UInt8) -> Int { 4 + 4 * Int(strength) }

    deinit {
        EVP_CIPHER_CTX_free(cipher)
        EVP_MD_CTX_free(inner)
        counters.deallocate()
        keystream.deallocate()
    }

    /// Encrypts the next `bytes` of the entry in place and adds the ciphertext to the code.
    func seal(_ bytes: UnsafeMutableRawBufferPointer) throws(WinZipAESFailure) {
        try applyKeystream(bytes)
        try authenticate(UnsafeRawBufferPointer(bytes))
    }

    /// Adds the next ciphertext `bytes` to the code, then decrypts them in place.
    func unseal(_ bytes: UnsafeMutableRawBufferPointer) throws(WinZipAESFailure) {
        try authenticate(UnsafeRawBufferPointer(bytes))
        try applyKeystream(bytes)
    }

    private func authenticate(_ bytes: UnsafeRawBufferPointer) throws(WinZipAESFailure) {
        guard let base = bytes.baseAddress else { return }
        guard EVP_DigestUpdate(inner, base, bytes.count) == 1 else { throw WinZipAESFailure("HMAC-SHA1 update failed") }
    }

    /// XORs the next keystream bytes into `bytes` (encrypting and decrypting are the same in counter mode).
    private func applyKeystream(_ bytes: UnsafeMutableRawBufferPointer) throws(WinZipAESFailure) {
        guard let base = bytes.baseAddress, let stream = keystream.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            if used == keystream.count { try refill() }
            let take = min(bytes.count - done, keystream.count - used)
            var i = 0
            while i + 8 <= take {
                let word = (base + done + i).loadUnaligned(as: UInt64.self) ^ (stream + used + i).loadUnaligned(as: UInt64.self)
                (base + done + i).storeBytes(of: word, as: UInt64.self)
                i += 8
            }
            while i < take {
                base.storeBytes(of: base.load(fromByteOffset: done + i, as: UInt8.self) ^ stream.load(fromByteOffset: used + i, as: UInt8.self),
                                toByteOffset: done + i, as: UInt8.self)
                i += 1
            }
            used += take
            done += take
        }
    }

    /// The authentication code over everything sealed: the entry's last bytes.
    func finish() throws(WinZipAESFailure) -> [UInt8] {
        var innerHash = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(inner, &innerHash, &length) == 1, length == 20 else { throw WinZipAESFailure("HMAC-SHA1 failed") }
        var mac = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        guard EVP_Digest(outerPad + innerHash, 84, &mac, &length, EVP_sha1(), nil) == 1 else { throw WinZipAESFailure("HMAC-SHA1 failed") }
        return Array(mac.prefix(Self.macLength))
    }

    /// The next 4 096 counter blocks encrypted.
    private func refill() throws(WinZipAESFailure) {
        guard let blocks = counters.baseAddress, let out = keystream.baseAddress else { return }
        for block in 0..<(counters.count / 16) {
            counter += 1
            (blocks + block * 16).storeBytes(of: counter.littleEndian, as: UInt64.self)
        }
        var produced: Int32 = 0
        guard EVP_EncryptUpdate(cipher, out.assumingMemoryBound(to: UInt8.self), &produced,
                                blocks.assumingMemoryBound(to: UInt8.self), Int32(counters.count)) == 1,
              Int(produced) == keystream.count else { throw WinZipAESFailure("AES-256 failed") }
        used = 0
    }

    /// `body` (the entry's stored or deflated bytes) as the encrypted entry data.
    static func sealed(_ body: Data, password: String) throws(WinZipAESFailure) -> Data {
        let sealer = try WinZipAESSealer(password: password)
        let total = overhead + body.count
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 16)
        guard let base = out.baseAddress else { throw WinZipAESFailure("no memory") }
        do {
            out.copyBytes(from: sealer.prefix)
            body.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[sealer.prefix.count...]).copyMemory(from: $0) }
            try sealer.seal(UnsafeMutableRawBufferPointer(rebasing: out[sealer.prefix.count..<(sealer.prefix.count + body.count)]))
            UnsafeMutableRawBufferPointer(rebasing: out[(total - macLength)...]).copyBytes(from: try sealer.finish())
        } catch {
            out.deallocate()
            throw error
        }
        return Data(bytesNoCopy: base, count: total, deallocator: .custom { pointer, _ in pointer.deallocate() })
    }
}

/// libcrypto could not encrypt: what failed.
struct WinZipAESFailure: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
