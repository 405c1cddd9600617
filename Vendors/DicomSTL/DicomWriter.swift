import Foundation

/// Writes DICOM Part 10 in Explicit VR Little Endian (PS3.10 7.1, PS3.5 7.1.2): the 128-byte preamble,
/// "DICM", the File Meta Information group with its group length, then data set elements in ascending
/// tag order, every value padded to even length (UI and OB with NUL, text with space), sequences and
/// items with explicit lengths. Building blocks, so a large value (the STL) can be streamed between a
/// prefix and a suffix instead of being copied into one buffer.
enum DicomWriter {
    /// Lengths in 16-bit headers cannot exceed this; 32-bit ones stop below the "undefined" marker.
    static let maxShortLength = 0xFFFF
    static let maxLongLength = 0xFFFF_FFFE

    /// Why an element cannot be written (a value too long for its VR's length field).
    struct Failure: Error, Equatable, CustomStringConvertible {
        var tag: DicomTag
        var detail: String
        var description: String { "\(tag.named): \(detail)" }
    }

    /// Preamble (128 NUL bytes), "DICM" and the File Meta Information group for one instance.
    static func fileMeta(sopClassUID: String, sopInstanceUID: String) throws(Failure) -> Data {
        let group: [DicomElement] = [
            DicomElement(.fileMetaVersion, .ob, .bytes(Data([0x00, 0x01]))),
            .text(.mediaStorageSOPClassUID, .ui, sopClassUID),
            .text(.mediaStorageSOPInstanceUID, .ui, sopInstanceUID),
            .text(.transferSyntaxUID, .ui, DicomUIDs.explicitVRLittleEndian),
            .text(.implementationClassUID, .ui, DicomUIDs.implementationClass),
            .text(.implementationVersionName, .sh, DicomUIDs.implementationVersion),
        ]
        let body = try encode(group)
        var out = Data(count: 128)
        out.append(contentsOf: Array("DICM".utf8))
        // The group length counts every meta element after itself (PS3.10 Table 7.1-1).
        out.append(try encode([.ul(.fileMetaGroupLength, UInt32(body.count))]))
        out.append(body)
        return out
    }

    /// The elements in ascending tag order (sorted here, so callers cannot get the order wrong).
    static func encode(_ elements: [DicomElement]) throws(Failure) -> Data {
        var out = Data()
        out.reserveCapacity(elements.reduce(0) { $0 + $1.encodedLength })
        for element in elements.sorted(by: { $0.tag < $1.tag }) { try append(element, to: &out) }
        return out
    }

    static func append(_ element: DicomElement, to out: inout Data) throws(Failure) {
        let length = element.valueLength
        out.append(try header(element.tag, element.vr, length: length))
        switch element.value {
        case let .bytes(data):
            out.append(data)
            if data.count % 2 == 1 { out.append(element.vr.padding) }
        case let .items(items):
            for item in items {
                // Items carry no VR: tag, 32-bit length, then the item's elements in tag order.
                putTag(.item, &out)
                putU32(UInt32(DicomElement.itemLength(item)), &out)
                for nested in item.sorted(by: { $0.tag < $1.tag }) { try append(nested, to: &out) }
            }
        }
    }

    /// An element header: tag, VR, then a 16-bit length, or 2 reserved bytes and a 32-bit length.
    static func header(_ tag: DicomTag, _ vr: DicomVR, length: Int) throws(Failure) -> Data {
        var out = Data()
        putTag(tag, &out)
        out.append(contentsOf: Array(vr.code.utf8.prefix(2)))
        if vr.hasLongLength {
            guard length <= maxLongLength else {
                throw Failure(tag: tag, detail: "a value of \(length) bytes exceeds DICOM's 32-bit length (\(maxLongLength) bytes)")
            }
            out.append(contentsOf: [0, 0])
            putU32(UInt32(length), &out)
        } else {
            guard length <= maxShortLength else {
                throw Failure(tag: tag, detail: "a value of \(length) bytes exceeds the 16-bit length of VR \(vr)")
            }
            out.append(UInt8(length & 0xFF))
            out.append(UInt8(length >> 8))
        }
        return out
    }

    static func putTag(_ tag: DicomTag, _ out: inout Data) {
        out.append(contentsOf: [UInt8(tag.group & 0xFF), UInt8(tag.group >> 8), UInt8(tag.element & 0xFF), UInt8(tag.element >> 8)])
    }

    static func putU32(_ v: UInt32, _ out: inout Data) {
        out.append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)])
    }
}
