import CZip
import Foundation
import Testing
@testable import ArchiveIO

/// AES zips from our parallel encoder, opened by libzip — a second WinZip AES implementation, independent
/// of libarchive (which `WriterRoundTripTests` reads them with) and of our own code.
@Suite struct WinZipAESTests {
    /// Every file entry of the zip at `url` read through libzip with `password`; nil when libzip refuses one.
    static func libzipRead(_ url: URL, password: String) -> [String: Data]? {
        switch libzipReadNaming(url, password: password) {
        case .success(let files): files
        case .failure: nil
        }
    }

    struct LibzipRefusal: Error, CustomStringConvertible {
        var entry: String
        var message: String
        var description: String { "\(entry): \(message)" }
    }

    /// As `libzipRead`, naming the entry libzip refused and its words.
    static func libzipReadNaming(_ url: URL, password: String) -> Result<[String: Data], LibzipRefusal> {
        var code: Int32 = 0
        guard let archive = zip_open(url.path, ZIP_RDONLY, &code) else { return .failure(LibzipRefusal(entry: "", message: "open: \(code)")) }
        defer { zip_discard(archive) }
        func refusal(_ entry: String) -> LibzipRefusal { LibzipRefusal(entry: entry, message: String(cString: zip_strerror(archive))) }
        guard zip_set_default_password(archive, password) == 0 else { return .failure(refusal("")) }
        var files: [String: Data] = [:]
        for index in 0..<UInt64(max(0, zip_get_num_entries(archive, 0))) {
            var stat = zip_stat_t()
            guard zip_stat_index(archive, index, 0, &stat) == 0, let name = stat.name.map({ String(cString: $0) }) else { return .failure(refusal("#\(index)")) }
            if name.hasSuffix("/") { continue }
            guard let file = zip_fopen_index(archive, index, 0) else { return .failure(refusal(name)) }
            defer { zip_fclose(file) }
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let n = zip_fread(file, &buffer, UInt64(buffer.count))
                guard n >= 0 else { return .failure(LibzipRefusal(entry: name, message: String(cString: zip_file_strerror(file)))) }  // a wrong password or a bad HMAC / CRC fails here
                if n == 0 { break }
                data.append(contentsOf: buffer[0..<Int(n)])
            }
            files[name] = data
        }
        return .success(files)
    }

    @Test(arguments: [1, 2, 4])
    func libzipReadsWholeStreamedStoredAndEmptyEntries(_ workers: Int) throws {
        let scratch = try WriterScratch()
        let url = scratch.file("sealed.zip")
        var options = ArchiveWriteOptions(format: .zip, password: "correct horse battery staple")
        options.concurrency = workers
        let writer = try ArchiveWriter(creating: url, options: options)
        for entry in sampleEntries { try writer.add(entry.path, data: entry.data) }
        let big = sampleBytes(3 << 20, seed: 7, compressible: true)  // past one 64 KiB keystream refill many times
        try writer.add("big.stl", size: Int64(big.count), produce: { big })
        try writer.add("stored.bin", data: sampleBytes(70_001, seed: 8), compression: .store)
        let streamed = ChunkProducer(count: 5, size: 10_007)
        try writer.add("streamed.stl", size: nil, chunks: streamed.next)
        let storedStream = ChunkProducer(count: 3, size: 4_099)
        try writer.add("streamed-stored.bin", size: nil, compression: .store, chunks: storedStream.next)
        try writer.addDirectory("empty-folder")
        _ = try writer.finish()

        let read = try Self.libzipReadNaming(url, password: options.password ?? "").get()
        var expected = Dictionary(uniqueKeysWithValues: sampleEntries.map { ($0.path, $0.data) })
        expected["big.stl"] = big
        expected["stored.bin"] = sampleBytes(70_001, seed: 8)
        expected["streamed.stl"] = streamed.expected()
        expected["streamed-stored.bin"] = storedStream.expected()
        #expect(read == expected)
        #expect(Self.libzipRead(url, password: "wrong") == nil)
    }

    @Test func recordsCarryTheAE1FieldAndTheCRC() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("sealed.zip")
        try writeSample(to: url, ArchiveWriteOptions(format: .zip, password: "pw"))
        let records = zipRecords(try Data(contentsOf: url)).filter { !$0.name.hasSuffix("/") }
        #expect(!records.isEmpty)
        for record in records {
            #expect(record.method == 99 && record.flags & 1 == 1, "\(record.name)")
            // 0x9901, 7 bytes: AE-1, "AE", AES-256, then the real method (deflate).
            let field: [UInt8] = [0x01, 0x99, 7, 0, 1, 0, 0x41, 0x45, 3, 8, 0]
            #expect(record.extra == field && record.localExtra == field, "\(record.name)")
        }
    }

    @Test func aTamperedCiphertextFailsItsAuthenticationCode() throws {
        let scratch = try WriterScratch()
        let url = scratch.file("sealed.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip, password: "pw"))
        try writer.add("a.bin", data: sampleBytes(50_000, seed: 4), compression: .store)
        _ = try writer.finish()
        var bytes = try Data(contentsOf: url)
        bytes[30 + 5 + 11 + 18 + 1000] ^= 0x01  // header, "a.bin", AES field, salt + verifier, then into the data
        try bytes.write(to: url)
        #expect(Self.libzipRead(url, password: "pw") == nil)
        #expect(throws: ArchiveError.self) { _ = try ArchiveReader(contentsOf: url, password: "pw").data(of: "a.bin") }
    }
}
