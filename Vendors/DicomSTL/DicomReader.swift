import Foundation

/// Reads a DICOM Part 10 file without trusting it (PS3.10 7.1, PS3.5 7): the preamble and "DICM", the
/// File Meta Information group (Explicit VR Little Endian, its group length checked), the transfer
/// syntax (Explicit VR Little Endian only), then every data set element with bounds checks — no length
/// is believed beyond the bytes that remain in the file, sequence or item. Sequences and items of
/// defined and undefined length (item and delimitation tags) are followed, encapsulated fragments and
/// unknown elements skipped by their length, and nesting is capped.
struct DicomReader {
    /// Deeper nesting than this is refused (the format writes one level).
    static let maxDepth = 16
    static let undefined: UInt32 = 0xFFFF_FFFF

    let data: Data
    let file: String

    /// Parses `data`, the bytes of the archive entry `file`.
    static func read(_ data: Data, file: String) throws(DicomReadError) -> DicomFile {
        try DicomReader(data: data, file: file).read()
    }

    func read() throws(DicomReadError) -> DicomFile {
        guard data.count >= 132 else { throw fail(.tooShort(bytes: data.count), at: nil) }
        guard Array(data[(data.startIndex + 128)..<(data.startIndex + 132)]) == Array("DICM".utf8) else {
            throw fail(.notPart10, at: 128)
        }
        // The meta group: Explicit VR Little Endian whatever the transfer syntax, group 0002 only.
        var meta = DicomDataset(source: data)
        var offset = 132
        var afterGroupLength: Int?
        while data.count - offset >= 8, u16(offset) == 0x0002 {
            let (tag, element) = try element(&offset, end: data.count, depth: 0)
            meta.add(tag, element)
            if tag == .fileMetaGroupLength {
                afterGroupLength = offset
                // A file cut inside its meta group: say so, rather than report a missing element later.
                if let declared = meta.uint32(.fileMetaGroupLength), Int(declared) > data.count - offset {
                    throw fail(.truncated(needed: Int(declared), available: data.count - offset), at: offset)
                }
            }
        }
        if let declared = meta.uint32(.fileMetaGroupLength), let start = afterGroupLength, Int(declared) != offset - start {
            throw fail(.metaGroupLength(declared: declared, actual: offset - start), at: 132)
        }
        for required in [DicomTag.mediaStorageSOPClassUID, .mediaStorageSOPInstanceUID, .transferSyntaxUID] where !meta.contains(required) {
            throw fail(.missingMetaElement(required), at: 132)
        }
        let syntax = meta.string(.transferSyntaxUID) ?? ""
        guard syntax == DicomUIDs.explicitVRLittleEndian else { throw fail(.unsupportedTransferSyntax(syntax), at: nil) }
        let (dataset, _) = try elements(&offset, end: data.count, depth: 0, inUndefinedItem: false)
        return DicomFile(meta: meta, dataset: dataset)
    }

    /// Elements from `offset` to `end`; in an item of undefined length, up to its item delimiter.
    func elements(_ offset: inout Int, end: Int, depth: Int, inUndefinedItem: Bool) throws(DicomReadError) -> (DicomDataset, closed: Bool) {
        var set = DicomDataset(source: data)
        while offset < end {
            guard end - offset >= 8 else { throw fail(.truncated(needed: 8, available: end - offset), at: offset) }
            if tag(offset) == .itemDelimitation {
                guard inUndefinedItem else { throw fail(.unexpectedTag(.itemDelimitation, expected: "a data element"), at: offset) }
                offset += 8
                return (set, true)
            }
            let (tag, element) = try element(&offset, end: end, depth: depth)
            set.add(tag, element)
        }
        if inUndefinedItem { throw fail(.unclosed("an item"), at: offset) }
        return (set, false)
    }

    /// One element at `offset` (Explicit VR Little Endian), `offset` moved past it.
    func element(_ offset: inout Int, end: Int, depth: Int) throws(DicomReadError) -> (DicomTag, DicomDataset.Element) {
        let start = offset
        let tag = tag(start)
        guard tag.group != 0xFFFE else { throw fail(.unexpectedTag(tag, expected: "a data element"), at: start) }
        guard DicomVR.isPlausible(u8(start + 4), u8(start + 5)) else { throw fail(.invalidVR(tag: tag), at: start + 4) }
        let vr = DicomVR(String(decoding: [u8(start + 4), u8(start + 5)], as: UTF8.self))
        let headerLength = vr.hasLongLength ? 12 : 8
        guard end - start >= headerLength else { throw fail(.truncated(needed: headerLength, available: end - start), at: start) }
        let length = vr.hasLongLength ? u32(start + 8) : UInt32(u16(start + 6))
        let valueStart = start + headerLength
        guard length == Self.undefined else {
            guard Int(length) <= end - valueStart else {
                throw fail(.lengthPastEnd(tag: tag, declared: length, available: end - valueStart), at: start)
            }
            let range = valueStart..<(valueStart + Int(length))
            offset = range.upperBound
            var items: [DicomDataset]?
            if vr == .sq {
                var inner = range.lowerBound
                items = try self.items(&inner, end: range.upperBound, undefinedLength: false, depth: depth + 1)
            }
            return (tag, DicomDataset.Element(vr: vr, range: range, items: items))
        }
        offset = valueStart
        switch vr {
        case .sq, .un:
            // UN of undefined length holds an Implicit VR sequence (PS3.5 6.2.2); its items are skipped unread.
            var items: [DicomDataset]?
            if vr == .sq {
                items = try self.items(&offset, end: end, undefinedLength: true, depth: depth + 1)
            } else {
                _ = try skipItems(&offset, end: end)
            }
            return (tag, DicomDataset.Element(vr: vr, range: valueStart..<(offset - 8), items: items))
        case .ob, .ow:
            // Encapsulated fragments: items of defined length up to the sequence delimiter.
            _ = try skipItems(&offset, end: end)
            return (tag, DicomDataset.Element(vr: vr, range: valueStart..<(offset - 8), items: nil))
        default:
            throw fail(.undefinedLength(tag: tag, vr: vr.code), at: start)
        }
    }

    /// A sequence's items: up to `end` (defined length) or the sequence delimiter (undefined).
    func items(_ offset: inout Int, end: Int, undefinedLength: Bool, depth: Int) throws(DicomReadError) -> [DicomDataset] {
        guard depth <= Self.maxDepth else { throw fail(.nestingTooDeep(limit: Self.maxDepth), at: offset) }
        var out: [DicomDataset] = []
        while undefinedLength || offset < end {
            guard end - offset >= 8 else {
                throw undefinedLength && offset >= end ? fail(.unclosed("a sequence"), at: offset)
                                                       : fail(.truncated(needed: 8, available: end - offset), at: offset)
            }
            let t = tag(offset), length = u32(offset + 4)
            if t == .sequenceDelimitation && undefinedLength {
                offset += 8
                return out
            }
            guard t == .item else { throw fail(.unexpectedTag(t, expected: "an item (FFFE,E000)"), at: offset) }
            offset += 8
            if length == Self.undefined {
                out.append(try elements(&offset, end: end, depth: depth, inUndefinedItem: true).0)
            } else {
                guard Int(length) <= end - offset else {
                    throw fail(.lengthPastEnd(tag: .item, declared: length, available: end - offset), at: offset - 8)
                }
                var inner = offset
                out.append(try elements(&inner, end: offset + Int(length), depth: depth, inUndefinedItem: false).0)
                offset += Int(length)
            }
        }
        return out
    }

    /// Skips items of defined length up to and including the sequence delimiter; returns how many.
    func skipItems(_ offset: inout Int, end: Int) throws(DicomReadError) -> Int {
        var count = 0
        while true {
            guard end - offset >= 8 else { throw fail(.unclosed("an encapsulated value"), at: offset) }
            let t = tag(offset), length = u32(offset + 4)
            offset += 8
            if t == .sequenceDelimitation { return count }
            guard t == .item, length != Self.undefined else {
                throw fail(.unexpectedTag(t, expected: "a fragment item of defined length"), at: offset - 8)
            }
            guard Int(length) <= end - offset else {
                throw fail(.lengthPastEnd(tag: .item, declared: length, available: end - offset), at: offset - 8)
            }
            offset += Int(length)
            count += 1
        }
    }

    // Little-endian reads at offsets from the start of the file (callers check the bounds first).
    func u8(_ i: Int) -> UInt8 { data[data.startIndex + i] }
    func u16(_ i: Int) -> UInt16 { UInt16(u8(i)) | UInt16(u8(i + 1)) << 8 }
    func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    func tag(_ i: Int) -> DicomTag { DicomTag(u16(i), u16(i + 2)) }

    func fail(_ reason: DicomReadError.Reason, at offset: Int?) -> DicomReadError {
        DicomReadError(file: file, reason: reason, offset: offset)
    }
}
