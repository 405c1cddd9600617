import Digest
import Foundation
import Testing
@testable import ArchiveIO

/// libcrypto's SHA-256 (archives) against the plain-Swift one (the core) and a NIST vector.
@Suite struct ArchiveSHA256Tests {
    @Test func nistVectorAndTheEmptyMessage() {
        let abc = ArchiveSHA256()
        Array("abc".utf8).withUnsafeBytes { abc.update($0) }
        #expect(abc.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ArchiveSHA256().hexDigest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 1000, 1 << 20])
    func equalsDigestSHA256InAnySplit(_ count: Int) {
        let bytes = [UInt8](sampleBytes(count, seed: UInt64(count) + 1))
        var reference = SHA256()
        reference.update(bytes)
        let fast = ArchiveSHA256()
        var at = 0, step = 1
        while at < bytes.count {  // uneven pieces: 1, 2, 4, … bytes
            let end = min(bytes.count, at + step)
            bytes[at..<end].withUnsafeBytes { fast.update($0) }
            at = end
            step *= 2
        }
        let digest = fast.hexDigest()
        #expect(digest == reference.hexDigest())
        #expect(fast.hexDigest() == digest, "asking twice gives the same digest")
    }
}
