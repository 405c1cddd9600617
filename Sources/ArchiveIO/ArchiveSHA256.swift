import CLibCrypto

/// SHA-256 of archive bytes through libcrypto (SHA-NI or AVX2 where the CPU has them, several times
/// `Digest.SHA256`'s ~260 MB/s): archives are hashed as they are written and re-read whole to record an
/// intake, so this runs over every byte of every archive. `Digest.SHA256` stays the C-free hash of the
/// core (meshes, plans, the ledger); both give the same digests (`ArchiveSHA256Tests`).
public final class ArchiveSHA256 {
    private var context: OpaquePointer?
    private var digest: String?

    /// A fresh hash.
    public init() {
        context = EVP_MD_CTX_new()
        if let c = context, EVP_DigestInit_ex(c, EVP_sha256(), nil) != 1 { drop() }
    }

    deinit { drop() }

    /// Feeds bytes (ignored once the digest was taken).
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard digest == nil, let c = context, let base = bytes.baseAddress else { return }
        if EVP_DigestUpdate(c, base, bytes.count) != 1 { drop() }
    }

    /// The digest as 64 lowercase hex digits, or nil when libcrypto failed (the caller then hashes another
    /// way); ends the hash.
    public func hexDigest() -> String? {
        if let digest { return digest }
        guard let c = context else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(c, &bytes, &length) == 1, length == 32 else {
            drop()
            return nil
        }
        let digits = Array("0123456789abcdef".utf8)
        digest = String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
        return digest
    }

    private func drop() {
        EVP_MD_CTX_free(context)
        context = nil
    }
}
