import Foundation

/// A parsed data set (or sequence item): every element found, by tag, with its value's place in the
/// file's bytes — values are sliced from the file only when asked for, so a 100 MB document is never copied.
struct DicomDataset: Sendable {
    /// The file's bytes (shared, copy-on-write: items and the top level hold the same buffer).
    let source: Data
    /// Tags in the order they appear.
    private(set) var order: [DicomTag] = []
    private(set) var elements: [DicomTag: Element] = [:]

    /// One element: its VR, where its value lies (offsets from the file's start), and a sequence's items.
    struct Element: Sendable {
        var vr: DicomVR
        var range: Range<Int>
        var items: [DicomDataset]?
    }

    init(source: Data) { self.source = source }

    /// Adds an element; a repeated tag keeps the first (a damaged file cannot swap a checked value).
    mutating func add(_ tag: DicomTag, _ element: Element) {
        guard elements[tag] == nil else { return }
        order.append(tag)
        elements[tag] = element
    }

    func contains(_ tag: DicomTag) -> Bool { elements[tag] != nil }

    /// The value's bytes as stored (padding included).
    func bytes(_ tag: DicomTag) -> Data? {
        guard let e = elements[tag] else { return nil }
        let start = source.startIndex
        return source[(start + e.range.lowerBound)..<(start + e.range.upperBound)]
    }

    /// A text value with its padding removed (UTF-8; ISO_IR 192 is the only character set written).
    func string(_ tag: DicomTag) -> String? {
        guard let e = elements[tag], let data = bytes(tag) else { return nil }
        return DicomText.trimmed(String(decoding: data, as: UTF8.self), e.vr)
    }

    /// A UL value; nil when absent or not 4 bytes.
    func uint32(_ tag: DicomTag) -> UInt32? {
        guard let data = bytes(tag), data.count == 4 else { return nil }
        return data.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// An IS value as an integer; nil when absent or not an integer string.
    func integer(_ tag: DicomTag) -> Int? {
        string(tag).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// A sequence's items; nil when absent or not a sequence.
    func items(_ tag: DicomTag) -> [DicomDataset]? { elements[tag]?.items }
}

/// A Part 10 file read: its File Meta Information and its data set.
struct DicomFile: Sendable {
    let meta: DicomDataset
    let dataset: DicomDataset
}
