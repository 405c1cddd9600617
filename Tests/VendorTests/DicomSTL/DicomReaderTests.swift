import Foundation
import Testing
import VendorKit
@testable import DicomSTLVendor

/// The Part 10 reader on damaged and unusual files: every refusal a typed `DicomReadError` with its
/// reason; sequences of defined and undefined length, fragments and unknown elements read or skipped.
@Suite struct DicomReaderTests {
    // Raw Explicit VR Little Endian builders, independent of DicomWriter.
    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    static func tag(_ g: Int, _ e: Int) -> [UInt8] { le16(g) + le16(e) }

    static func element(_ g: Int, _ e: Int, _ vr: String, _ value: [UInt8]) -> [UInt8] {
        let v = value.count % 2 == 1 ? value + [vr == "UI" || vr == "OB" ? 0 : 0x20] : value
        let long = ["OB", "OW", "SQ", "UN", "UT"].contains(vr)
        return tag(g, e) + Array(vr.utf8) + (long ? [0, 0] + le32(UInt32(v.count)) : le16(v.count)) + v
    }

    static func text(_ g: Int, _ e: Int, _ vr: String, _ s: String) -> [UInt8] { element(g, e, vr, Array(s.utf8)) }

    /// A sequence of undefined length whose items (undefined length too) end with delimiters.
    static func undefinedSequence(_ g: Int, _ e: Int, items: [[UInt8]]) -> [UInt8] {
        var out = tag(g, e) + Array("SQ".utf8) + [0, 0] + le32(0xFFFF_FFFF)
        for item in items { out += tag(0xFFFE, 0xE000) + le32(0xFFFF_FFFF) + item + tag(0xFFFE, 0xE00D) + le32(0) }
        return out + tag(0xFFFE, 0xE0DD) + le32(0)
    }

    /// Preamble, DICM and a meta group with `syntax`, its group length right.
    static func part10(syntax: String = "1.2.840.10008.1.2.1", _ body: [UInt8]) -> Data {
        let group = element(2, 1, "OB", [0, 1]) + text(2, 2, "UI", "1.2.840.10008.5.1.4.1.1.104.3")
            + text(2, 3, "UI", "1.2.3.4") + text(2, 0x10, "UI", syntax)
        return Data([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + element(2, 0, "UL", le32(UInt32(group.count))) + group + body)
    }

    static func reason(_ data: Data) -> DicomReadError.Reason? {
        do {
            _ = try DicomReader.read(data, file: "x.dcm")
            return nil
        } catch {
            #expect(error.file == "x.dcm" && error.description.contains("x.dcm"))
            return error.reason
        }
    }

    @Test func notPart10() {
        #expect(Self.reason(Data(count: 100)) == .tooShort(bytes: 100))
        #expect(Self.reason(Data(count: 400)) == .notPart10)
        #expect(Self.reason(Data("solid x\nendsolid x\n".utf8) + Data(count: 200)) == .notPart10)
    }

    @Test func wrongTransferSyntaxIsRefused() {
        let implicit = Self.part10(syntax: "1.2.840.10008.1.2", Self.text(8, 0x60, "CS", "M3D"))
        #expect(Self.reason(implicit) == .unsupportedTransferSyntax("1.2.840.10008.1.2"))
        let deflated = Self.part10(syntax: "1.2.840.10008.1.2.1.99", [])
        #expect(Self.reason(deflated) == .unsupportedTransferSyntax("1.2.840.10008.1.2.1.99"))
    }

    @Test func metaGroupLengthMustMatch() {
        var d = Self.part10(Self.text(8, 0x60, "CS", "M3D"))
        d[d.startIndex + 140] &+= 2  // the low byte of (0002,0000)'s value
        guard case .metaGroupLength? = Self.reason(d) else { Issue.record("\(String(describing: Self.reason(d)))"); return }
    }

    @Test func missingTransferSyntax() {
        let group = Self.element(2, 1, "OB", [0, 1]) + Self.text(2, 2, "UI", "1.2") + Self.text(2, 3, "UI", "1.2.3")
        let d = Data([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + group)
        #expect(Self.reason(d) == .missingMetaElement(.transferSyntaxUID))
    }

    @Test func lengthPastTheEndIsNeverTrusted() {
        var body = Self.text(8, 0x60, "CS", "M3D") + Self.text(0x10, 0x20, "LO", "PT-1")
        body[18] = 0xFF; body[19] = 0x7F  // PatientID (from byte 12) claims 32767 bytes
        #expect(Self.reason(Self.part10(body)) == .lengthPastEnd(tag: .patientID, declared: 0x7FFF, available: 4))
        let huge = Self.tag(0x42, 0x11) + Array("OB".utf8) + [0, 0] + Self.le32(0xFFFF_FFF0) + [1, 2, 3, 4]
        guard case .lengthPastEnd(.encapsulatedDocument, 0xFFFF_FFF0, 4)? = Self.reason(Self.part10(huge)) else {
            Issue.record("a 4 GB OB in a small file was not refused")
            return
        }
    }

    @Test func truncatedFilesGiveTypedErrors() throws {
        let full = try DSTL.data(try DSTL.sample(), "upper/stage-01.dcm")
        for cut in [131, 133, 140, 200, 300, 500, full.count / 2, full.count - 30, full.count - 1] {
            let reason = Self.reason(full.prefix(cut))
            #expect(reason != nil, "cut at \(cut) read")
        }
        // Inside the STL: the OB's length runs past the end.
        guard case .lengthPastEnd(.encapsulatedDocument, _, _)? = Self.reason(full.prefix(full.count / 2)) else {
            Issue.record("cut inside the document")
            return
        }
        // Inside the meta group: the group length says more is needed.
        guard case .truncated? = Self.reason(full.prefix(200)) else { Issue.record("cut inside the meta group"); return }
    }

    @Test func garbageWhereAVRBelongs() {
        let body = Self.tag(8, 0x60) + [0, 0, 4, 0] + Array("M3D ".utf8)
        #expect(Self.reason(Self.part10(body)) == .invalidVR(tag: .modality))
    }

    @Test func undefinedLengthSequencesFragmentsAndUnknownElements() throws {
        let units = Self.text(8, 0x100, "SH", "mm") + Self.text(8, 0x102, "SH", "UCUM") + Self.text(8, 0x104, "LO", "mm")
        let definedItem = Self.tag(0xFFFE, 0xE000) + Self.le32(UInt32(units.count)) + units
        let fragments = Self.tag(0x7FE0, 0x10) + Array("OB".utf8) + [0, 0] + Self.le32(0xFFFF_FFFF)
            + Self.tag(0xFFFE, 0xE000) + Self.le32(0) + Self.tag(0xFFFE, 0xE000) + Self.le32(4) + [1, 2, 3, 4]
            + Self.tag(0xFFFE, 0xE0DD) + Self.le32(0)
        let body = Self.text(8, 0x60, "CS", "M3D")
            + Self.text(9, 0x10, "LO", "PRIVATE CREATOR") + Self.element(9, 0x1001, "QQ", [1, 2])  // unknown VR: skipped by length
            + Self.undefinedSequence(0x40, 0x08EA, items: [units])
            + Self.element(0x40, 0xA043, "SQ", definedItem)
            + Self.undefinedSequence(0x40, 0xA730, items: [Self.undefinedSequence(0x40, 0xA730, items: [[]])])
            + fragments + Self.text(0x7FE1, 0x10, "LO", "after")
        let ds = try DicomReader.read(Self.part10(body), file: "x.dcm").dataset
        #expect(ds.string(.modality) == "M3D")
        #expect(ds.items(.measurementUnitsCodeSequence)?.first?.string(.codeValue) == "mm")
        #expect(ds.items(.measurementUnitsCodeSequence)?.first?.string(.codingSchemeDesignator) == "UCUM")
        #expect(ds.items(.conceptNameCodeSequence)?.first?.string(.codeMeaning) == "mm")
        #expect(ds.string(DicomTag(0x7FE1, 0x10)) == "after", "reading continues after skipped fragments")
    }

    @Test func structuralTagsWhereTheyDoNotBelong() {
        let stray = Self.tag(0xFFFE, 0xE0DD) + Self.le32(0)
        #expect(Self.reason(Self.part10(stray)) == .unexpectedTag(.sequenceDelimitation, expected: "a data element"))
        let unclosed = Array(Self.undefinedSequence(0x40, 0x08EA, items: [Self.text(8, 0x100, "SH", "mm")]).dropLast(8))
        guard case .unclosed? = Self.reason(Self.part10(unclosed)) else { Issue.record("unclosed sequence read"); return }
        let notAnItem = Self.element(0x40, 0x08EA, "SQ", Self.text(8, 0x100, "SH", "mm"))
        guard case .unexpectedTag? = Self.reason(Self.part10(notAnItem)) else { Issue.record("an element where an item belongs"); return }
        let undefinedText = Self.tag(0x10, 0x20) + Array("UT".utf8) + [0, 0] + Self.le32(0xFFFF_FFFF)
        #expect(Self.reason(Self.part10(undefinedText)) == .undefinedLength(tag: .patientID, vr: "UT"))
    }

    @Test func nestingIsCapped() {
        var nested: [UInt8] = Self.text(8, 0x100, "SH", "mm")
        for _ in 0..<40 { nested = Self.undefinedSequence(0x40, 0xA730, items: [nested]) }
        #expect(Self.reason(Self.part10(nested)) == .nestingTooDeep(limit: DicomReader.maxDepth))
    }

    @Test func intakeNamesTheFileWithTheWrongTransferSyntax() throws {
        let target = "upper/stage-02.dcm"
        let damaged = try DSTL.rewrite(try DSTL.sample()) { path, data in
            path == target ? DSTL.replacing(data, "1.2.840.10008.1.2.1\0", "1.2.840.10008.1.2\0\0\0") : data
        }
        let found = DSTL.malformed(DSTL.readError(damaged))
        #expect(found?.file == target)
        #expect(found?.detail.contains("transfer syntax 1.2.840.10008.1.2 ") == true, "\(found?.detail ?? "read")")
    }
}
