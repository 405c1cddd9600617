import Foundation

/// One data element to write: tag, VR and an unpadded value (the writer pads to even length), or a
/// sequence of items, each a list of elements.
struct DicomElement: Sendable, Equatable {
    let tag: DicomTag
    let vr: DicomVR
    let value: Value

    enum Value: Sendable, Equatable {
        /// The value's bytes before padding.
        case bytes(Data)
        /// A sequence's items (an empty list is a present, empty sequence).
        case items([[DicomElement]])
    }

    init(_ tag: DicomTag, _ vr: DicomVR, _ value: Value) {
        self.tag = tag
        self.vr = vr
        self.value = value
    }

    /// A text value (UTF-8, ISO_IR 192), written as given: `DicomText` makes values fit their VR first.
    static func text(_ tag: DicomTag, _ vr: DicomVR, _ s: String) -> DicomElement {
        DicomElement(tag, vr, .bytes(Data(s.utf8)))
    }

    /// A 32-bit unsigned value (UL), little-endian.
    static func ul(_ tag: DicomTag, _ v: UInt32) -> DicomElement {
        DicomElement(tag, .ul, .bytes(Data([UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)])))
    }

    /// A sequence with explicit lengths.
    static func sequence(_ tag: DicomTag, _ items: [[DicomElement]]) -> DicomElement {
        DicomElement(tag, .sq, .items(items))
    }

    /// Bytes this element takes when encoded: header plus padded value (sequences: their items).
    var encodedLength: Int { headerLength + valueLength }

    var headerLength: Int { vr.hasLongLength ? 12 : 8 }

    /// The value's length as written (even).
    var valueLength: Int {
        switch value {
        case let .bytes(data): data.count + data.count % 2
        case let .items(items): items.reduce(0) { $0 + 8 + Self.itemLength($1) }
        }
    }

    /// An item's content length: its elements, encoded.
    static func itemLength(_ elements: [DicomElement]) -> Int {
        elements.reduce(0) { $0 + $1.encodedLength }
    }
}
