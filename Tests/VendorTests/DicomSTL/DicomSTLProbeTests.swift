import ArchiveIO
import Foundation
import Testing
import VendorKit
@testable import DicomSTLVendor

/// Probe scores (FORMAT.md, "Probe"): proof, strong hints, weak hints and nothing.
@Suite struct DicomSTLProbeTests {
    static func zip(_ entries: [(String, Data)]) throws -> URL {
        let url = try DSTL.scratch().appendingPathComponent("probe.zip")
        let writer = try ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: .zip))
        for (path, data) in entries { try writer.add(path, data: data) }
        _ = try writer.finish()
        return url
    }

    /// A Part 10 head naming `sopClass`, as another DICOM tool might write it.
    static func part10Head(_ sopClass: String) -> Data {
        // Built step by step: one long `+` chain times out the type checker on a loaded machine.
        var head = Data(count: 128)
        head.append(Data("DICM".utf8))
        head.append(Data([2, 0, 2, 0]))
        head.append(Data("UI".utf8))
        head.append(Data([UInt8(sopClass.utf8.count), 0]))
        head.append(Data(sopClass.utf8))
        head.append(Data(count: 64))
        return head
    }

    @Test func ownOutputIsProof() throws {
        #expect(try DSTL.probe(try DSTL.sample()) == 100)
    }

    @Test func encapsulatedSTLFilesWithoutTheNamedIndex() throws {
        let renamed = try DSTL.rewrite(try DSTL.sample()) { path, data in
            path == DicomSTLFormat.indexPath ? DSTL.replacing(data, "aligngate.dicom-stl", "aligngate.other-fmt") : data
        }
        #expect(try DSTL.probe(renamed) == 70)
        let noIndex = try DSTL.rewrite(try DSTL.sample()) { path, data in path == DicomSTLFormat.indexPath ? nil : data }
        #expect(try DSTL.probe(noIndex) == 60)
    }

    @Test func otherDICOMIsOnlyAWeakHint() throws {
        let ct = try Self.zip([("series/IM0001.dcm", Self.part10Head("1.2.840.10008.5.1.4.1.1.2")),
                               ("series/IM0002.dcm", Self.part10Head("1.2.840.10008.5.1.4.1.1.2"))])
        #expect(try DSTL.probe(ct) == 20)
        let notDICOM = try Self.zip([("upper/stage-00.dcm", Data(count: 600))])
        #expect(try DSTL.probe(notDICOM) == 0)
    }

    @Test func randomBytesAndOtherManifestsScoreNothing() throws {
        var state: UInt64 = 42
        let random = Data((0..<4096).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        })
        #expect(try DSTL.probe(try Self.zip([("data.bin", random), ("dicom-index.json", random.prefix(300))])) == 0)
        #expect(try DSTL.probe(try Self.zip([("manifest.json", Data("{\"format\" : \"aligngate.generic-stl\"}".utf8))])) == 0)
    }

    @Test func foldersAreNotClaimed() throws {
        let folder = try DSTL.scratch()
        for (path, data) in try DSTL.entries(try DSTL.sample()) {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        #expect(DSTL.adapter.probe(try ArchiveListing.load(folder)) == 0)
    }
}
