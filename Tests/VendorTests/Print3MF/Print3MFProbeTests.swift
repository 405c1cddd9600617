import ArchiveIO
import Foundation
import Testing
import VendorKit
@testable import Print3MFVendor

/// Probe scores: own output 100, the layout without the manifest's format name ~60, everything else < 25.
@Suite struct Print3MFProbeTests {
    @Test func ownOutputScores100() throws {
        #expect(try P3.probe(try P3.sample().url) == 100)
    }

    @Test func the3MFLayoutWithoutTheFormatNameScoresSixtyToEighty() throws {
        let (url, _) = try P3.sample()
        let noManifest = try P3.rewrite(url) { entry, data in entry == Print3MFFormat.manifestPath ? nil : data }
        #expect(try P3.probe(noManifest) == 60)
        let anonymous = try P3.rewrite(url) { entry, data in entry == Print3MFFormat.manifestPath ? Data("{}".utf8) : data }
        #expect(try P3.probe(anonymous) == 80)
        // Names only (heads that are not zips): a weaker hint.
        let fake = try P3.scratch().appendingPathComponent("fake.zip")
        let writer = try ArchiveWriter(creating: fake, options: ArchiveWriteOptions(format: .zip))
        try writer.add("upper/x-upper-stage-00.3mf", data: Data("not a zip".utf8))
        _ = try writer.finish()
        #expect(try P3.probe(fake) == 40)
    }

    @Test func foreignInputScoresBelow25() throws {
        let folder = try P3.scratch()
        // A zip of random bytes with a garbage manifest.json, as the conformance kit makes.
        var state: UInt64 = 0x5EED
        let random = Data((0..<4096).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        })
        let randomZip = folder.appendingPathComponent("random.zip")
        let writer = try ArchiveWriter(creating: randomZip, options: ArchiveWriteOptions(format: .zip))
        try writer.add("data.bin", data: random)
        try writer.add("manifest.json", data: random.prefix(200))
        try writer.add("print-manifest.json", data: random.prefix(300))
        _ = try writer.finish()
        #expect(try P3.probe(randomZip) < 25)
        // Random bytes are not even an archive.
        let randomFile = folder.appendingPathComponent("random.bin")
        try random.write(to: randomFile)
        #expect((try? ArchiveListing.load(randomFile)).map { P3.adapter.probe($0) } ?? 0 < 25)
        // Every other adapter's output: Tests/ConformanceTests (CrossVendorProbeTests).
        // A folder (an extracted export) is not claimed: intake reads archives.
        let extracted = folder.appendingPathComponent("extracted")
        try ArchiveReader(contentsOf: try P3.sample().url).extract(to: extracted)
        #expect(try P3.probe(extracted) == 0)
    }
}
