/// Turns libarchive's status, errno and message into one of our rules.
///
/// libarchive has no error codes per cause: most failures are `ARCHIVE_ERRNO_MISC` or
/// `ARCHIVE_ERRNO_FILE_FORMAT` with a message, so the message text is what tells them apart.
/// The messages matched here are the ones libarchive 3.6/3.7 emits; anything unmatched is
/// `unreadable`, which is always a refusal, so an unknown message can never let an archive through.
enum LibArchiveErrorMapping {
    /// The rule for a failure met while reading `entryEncrypted` data (or a header, when `nil`).
    static func rule(for failure: LibArchiveFailure, entryEncrypted: Bool = false, passwordGiven: Bool) -> ArchiveError.Rule {
        let message = failure.message.lowercased()
        func has(_ parts: String...) -> Bool { parts.contains { message.contains($0) } }

        if has("incorrect passphrase", "wrong passphrase") { return .wrongPassword }
        if has("passphrase required", "passphrase is required") { return passwordGiven ? .wrongPassword : .encrypted }
        if has("encrypt") {
            // "...is encrypted, but currently not supported": no password helps, so without one it is
            // `encrypted` and with one it is an unsupported (encryption) method.
            return passwordGiven ? .unsupportedCompression : .encrypted
        }
        let rule = plainRule(message: message, has: has)
        // A wrong zip-crypto password passes its 1-byte check 1 time in 256 and then shows up as
        // garbage data: on an encrypted entry with a password given, bad data means a wrong password.
        if entryEncrypted, passwordGiven, rule == .badChecksum || rule == .unreadable { return .wrongPassword }
        return rule
    }

    private static func plainRule(message: String, has: (String...) -> Bool) -> ArchiveError.Rule {
        if has("crc", "checksum", "damaged tar archive") { return .badChecksum }
        // zlib's Z_BUF_ERROR (-5) and liblzma's LZMA_BUF_ERROR ("no progress is possible") both mean the input ran out.
        if has("truncat", "premature end", "unexpected end", "unexpected eof", "decompression failed (-5)",
               "not enough data", "no progress is possible")
        {
            return .truncated
        }
        if has("unsupported", "not supported", "unknown compression", "invalid compression")
            && has("compress", "method", "codec", "filter", "coder")
        {
            return .unsupportedCompression
        }
        if has("cannot be converted", "invalid pathname") { return .invalidPath }
        return .unreadable
    }

    /// Whether the failure is libarchive's end-of-data warning that a zip entry's data does not match
    /// the CRC its headers give ("ZIP bad CRC: 0x... should be 0x..."). It maps to `badChecksum`; only
    /// an entry checked against its data descriptor instead (`EntryStream`) may settle it.
    static func isZipCRCMismatch(_ failure: LibArchiveFailure) -> Bool {
        failure.status == .warn && failure.message.lowercased().hasPrefix("zip bad crc")
    }

    /// Whether a header warning is harmless for us: name conversion warnings (we decode names
    /// ourselves and refuse the undecodable) and nothing else.
    static func isBenignHeaderWarning(_ failure: LibArchiveFailure) -> Bool {
        let message = failure.message.lowercased()
        return message.contains("cannot be converted") || message.contains("can't be converted")
    }
}
