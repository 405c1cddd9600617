import ArchiveIO
import Foundation
import Testing

@Suite("Truncation")
struct ReaderTruncationTests {
    /// Every valid corpus file, cut at several points, is refused as `truncated` (never read "OK"
    /// from what is left: a zip without its central directory would otherwise stream its local headers).
    @Test(arguments: Corpus.files(in: "valid"), [0.3, 0.6, 0.9, 0.99])
    func cutArchivesAreTruncated(file: String, fraction: Double) throws {
        let data = try Data(contentsOf: Corpus.valid(file))
        let cut = data.prefix(Int(Double(data.count) * fraction))
        let password = file == "TestDataEncryptedAES.zip" ? "TestData" : nil
        do {
            let reader = try ArchiveReader(data: cut, name: file, password: password)
            try reader.forEachEntry { _, stream in _ = try stream.readAll() }
            Issue.record("read a truncated \(file)")
        } catch let error as ArchiveError {
            #expect(error.rule == .truncated, "\(error)")
            #expect(error.archive == file)
        }
    }
}
