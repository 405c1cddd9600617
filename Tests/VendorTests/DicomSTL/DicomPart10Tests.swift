import Foundation
import MeshIO
import PlanModel
import Testing
@testable import DicomSTLVendor

/// The bytes of every exported file, walked by a small Explicit VR Little Endian walker written here
/// (independent of the module's reader): Part 10 header, meta group length, ascending tags, even lengths.
@Suite struct DicomPart10Tests {
    /// One element as the walker saw it.
    struct Raw {
        var tag: UInt32
        var vr: String
        var offset: Int
        var value: Data
        var items: [[Raw]]
    }

    static let long: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]

    /// Elements of `d` in `range`; defined lengths only (the writer never uses undefined ones).
    static func walk(_ d: Data, _ range: Range<Int>) throws -> [Raw] {
        var out: [Raw] = []
        var o = range.lowerBound
        while o < range.upperBound {
            let tag = UInt32(DSTL.u16(d, o)) << 16 | UInt32(DSTL.u16(d, o + 2))
            let vr = String(decoding: d[(d.startIndex + o + 4)..<(d.startIndex + o + 6)], as: UTF8.self)
            let isLong = long.contains(vr)
            let length = isLong ? DSTL.u32(d, o + 8) : DSTL.u16(d, o + 6)
            let start = o + (isLong ? 12 : 8)
            try #require(length != 0xFFFF_FFFF && start + length <= range.upperBound, "element \(String(tag, radix: 16)) overruns")
            var items: [[Raw]] = []
            if vr == "SQ" {
                var i = start
                while i < start + length {
                    try #require(DSTL.u16(d, i) == 0xFFFE && DSTL.u16(d, i + 2) == 0xE000)
                    let n = DSTL.u32(d, i + 4)
                    items.append(try walk(d, (i + 8)..<(i + 8 + n)))
                    i += 8 + n
                }
                try #require(i == start + length)
            }
            out.append(Raw(tag: tag, vr: vr, offset: o, value: d[(d.startIndex + start)..<(d.startIndex + start + length)], items: items))
            o = start + length
        }
        return out
    }

    static func text(_ r: Raw?) -> String? { r.map { String(decoding: $0.value, as: UTF8.self) } }

    @Test func everyFileIsWellFormedPart10() throws {
        let entries = try DSTL.entries(try DSTL.sample()).filter { $0.path.hasSuffix(".dcm") }
        #expect(entries.count == DSTL.plan.arches.reduce(0) { $0 + $1.stages.count })
        for (path, d) in entries {
            #expect(d.prefix(128).allSatisfy { $0 == 0 }, "\(path): preamble")
            #expect(d[(d.startIndex + 128)..<(d.startIndex + 132)] == Data("DICM".utf8), "\(path): DICM")
            let all = try Self.walk(d, 132..<d.count)
            let meta = all.filter { $0.tag >> 16 == 0x0002 }
            let body = all.filter { $0.tag >> 16 != 0x0002 }
            // Group length: the bytes of every meta element after (0002,0000).
            let groupLength = try #require(meta.first)
            #expect(groupLength.tag == 0x0002_0000 && groupLength.vr == "UL")
            let metaEnd = try #require(body.first?.offset)
            #expect(DSTL.u32(groupLength.value, 0) == metaEnd - (132 + 12), "\(path): meta group length")
            #expect(meta.map(\.tag) == [0x0002_0000, 0x0002_0001, 0x0002_0002, 0x0002_0003, 0x0002_0010, 0x0002_0012, 0x0002_0013])
            #expect(meta[1].value == Data([0, 1]))
            #expect(Self.text(meta[4]) == "1.2.840.10008.1.2.1\0", "\(path): transfer syntax, NUL-padded")
            for elements in [all] + all.flatMap(\.items) {
                #expect(elements.map(\.tag) == elements.map(\.tag).sorted() && Set(elements.map(\.tag)).count == elements.count,
                        "\(path): tags not strictly ascending")
                for e in elements {
                    #expect(e.value.count % 2 == 0, "\(path): \(String(e.tag, radix: 16)) has an odd length")
                    if e.vr == "UI" { #expect(e.value.last != 0x20, "\(path): UI padded with a space") }
                    if ["CS", "LO", "SH", "PN", "ST", "DA", "TM", "DT", "IS"].contains(e.vr) {
                        #expect(!e.value.contains(0), "\(path): text padded with NUL")
                    }
                }
            }
            // The STL: EncapsulatedDocumentLength bytes of the OB, the rest NUL.
            let document = try #require(body.first { $0.tag == 0x0042_0011 })
            let length = DSTL.u32(try #require(body.first { $0.tag == 0x0042_0015 }).value, 0)
            #expect(document.vr == "OB" && length <= document.value.count && document.value.dropFirst(length).allSatisfy { $0 == 0 })
            let stl = document.value.prefix(length)
            #expect(STLCodec.detectEncoding(stl) == .binary && stl.count == 84 + 50 * DSTL.u32(stl, 80))
        }
    }

    @Test func meshUnitsAndClassAreWhatTheIODAsks() throws {
        let d = try DSTL.data(try DSTL.sample(), "lower/stage-02.dcm")
        let all = try Self.walk(d, 132..<d.count)
        func value(_ tag: UInt32) -> String? { Self.text(all.first { $0.tag == tag })?.trimmingCharacters(in: CharacterSet(charactersIn: " \0")) }
        #expect(value(0x0008_0016) == "1.2.840.10008.5.1.4.1.1.104.3")
        #expect(value(0x0008_0060) == "M3D")
        #expect(value(0x0008_0005) == "ISO_IR 192")
        #expect(value(0x0020_0013) == "2")
        #expect(value(0x0042_0012) == "model/stl")
        #expect(value(0x0028_0301) == "NO")
        #expect(value(0x0010_0020) == DSTL.plan.metadata.patientReference)
        #expect(value(0x0010_0010) == DSTL.plan.metadata.patientReference + "^")
        #expect(value(0x0010_0030) == "" && value(0x0010_0040) == "")
        // PN components (family^given^middle^prefix), not the retired plain-words form dciodvfy warns about.
        #expect(DSTL.plan.metadata.doctor == "Dr. A. Example")
        #expect(value(0x0008_0090) == "Example^A.^^Dr.")
        #expect(value(0x0042_0010) == "\(DSTL.plan.metadata.caseID) lower stage 02")
        let units = try #require(all.first { $0.tag == 0x0040_08EA }?.items.first)
        #expect(units.map { Self.text($0) } == ["mm", "UCUM", "mm"])
        #expect(all.first { $0.tag == 0x0040_A043 }?.value.isEmpty == true)
        #expect(value(0x0020_0052).map(DicomUID.isValid) == true)
    }

    @Test func writerPadsOddValuesByVR() throws {
        let encoded = try DicomWriter.encode([
            .text(.patientID, .lo, "ABC"),
            .text(.sopInstanceUID, .ui, "1.2.3"),
            DicomElement(.encapsulatedDocument, .ob, .bytes(Data([1, 2, 3]))),
        ])
        let all = try Self.walk(encoded, 0..<encoded.count)
        #expect(all.map(\.tag) == [0x0008_0018, 0x0010_0020, 0x0042_0011], "sorted into ascending order")
        #expect(all[0].value == Data("1.2.3\0".utf8))
        #expect(all[1].value == Data("ABC ".utf8))
        #expect(all[2].value == Data([1, 2, 3, 0]))
        #expect(encoded.count == 8 + 6 + 8 + 4 + 12 + 4)
    }

    @Test func oddLengthDocumentGetsNULPadAndItsRealLength() throws {
        let c = try #require(DicomCase(DSTL.plan.metadata))
        let instance = try StageInstance(case: c, jaw: .upper, stage: 1, digits: 2, stlLength: 5)
        let file = instance.bytes(Data([9, 9, 9, 9, 9]))
        #expect(file.count == instance.size)
        let parsed = try DicomReader.read(file, file: "odd.dcm")
        #expect(parsed.dataset.bytes(.encapsulatedDocument) == Data([9, 9, 9, 9, 9, 0]))
        #expect(parsed.dataset.uint32(.encapsulatedDocumentLength) == 5)
    }

    @Test func valuesTooLongForTheirLengthFieldAreRefused() {
        #expect(throws: DicomWriter.Failure.self) {
            _ = try DicomWriter.encode([DicomElement(.documentTitle, .st, .bytes(Data(count: 70_000)))])
        }
    }
}
