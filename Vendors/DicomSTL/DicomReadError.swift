/// Why a file is not a DICOM Part 10 file this reader takes: the file, the byte offset where it went
/// wrong, and the rule. Intake turns it into `VendorError.malformed` naming the entry.
struct DicomReadError: Error, Equatable, Sendable, CustomStringConvertible {
    var file: String
    var reason: Reason
    /// Byte offset in the file, where it applies.
    var offset: Int?

    enum Reason: Equatable, Sendable {
        /// Shorter than the 128-byte preamble and "DICM".
        case tooShort(bytes: Int)
        /// No "DICM" after the preamble: not a Part 10 file (or a raw data set without its header).
        case notPart10
        /// An element header or item needs more bytes than remain.
        case truncated(needed: Int, available: Int)
        /// A value length that runs past the end of the file (or of its sequence or item).
        case lengthPastEnd(tag: DicomTag, declared: UInt32, available: Int)
        /// Two bytes where the VR belongs that are not a VR: not Explicit VR, or damaged.
        case invalidVR(tag: DicomTag)
        /// An undefined length on a VR that cannot have one.
        case undefinedLength(tag: DicomTag, vr: String)
        /// A structural tag (item or delimiter) where it does not belong, or something else where an item belongs.
        case unexpectedTag(DicomTag, expected: String)
        /// A sequence or item of undefined length that ends before its delimiter.
        case unclosed(String)
        /// Sequences nested deeper than the reader follows.
        case nestingTooDeep(limit: Int)
        /// A File Meta Information element every Part 10 file has.
        case missingMetaElement(DicomTag)
        /// (0002,0000) disagrees with the meta group's actual length.
        case metaGroupLength(declared: UInt32, actual: Int)
        /// The data set is not Explicit VR Little Endian.
        case unsupportedTransferSyntax(String)
    }

    var description: String {
        let at = offset.map { " at byte \($0)" } ?? ""
        return "\(file): not a DICOM file this reader takes\(at): \(reason.words)"
    }
}

extension DicomReadError.Reason {
    var words: String {
        switch self {
        case let .tooShort(n):
            return "\(n) bytes, shorter than the 128-byte preamble and the \"DICM\" prefix of a Part 10 file"
        case .notPart10:
            return "no \"DICM\" prefix after the 128-byte preamble (not a DICOM Part 10 file)"
        case let .truncated(needed, available):
            return "truncated: \(needed) more bytes needed, \(available) left"
        case let .lengthPastEnd(tag, declared, available):
            return "\(tag.named) declares \(declared) bytes but only \(available) remain"
        case let .invalidVR(tag):
            return "\(tag.named) has no valid VR (the data set must be Explicit VR Little Endian)"
        case let .undefinedLength(tag, vr):
            return "\(tag.named) has an undefined length, which VR \(vr) cannot have"
        case let .unexpectedTag(tag, expected):
            return "found \(tag) where \(expected) belongs"
        case let .unclosed(what):
            return "\(what) of undefined length ends without its delimiter"
        case let .nestingTooDeep(limit):
            return "sequences nested more than \(limit) deep"
        case let .missingMetaElement(tag):
            return "the File Meta Information lacks \(tag.named)"
        case let .metaGroupLength(declared, actual):
            return "FileMetaInformationGroupLength (0002,0000) is \(declared) but the meta group holds \(actual) bytes"
        case let .unsupportedTransferSyntax(uid):
            return "transfer syntax \(uid) is not Explicit VR Little Endian (1.2.840.10008.1.2.1), the only one dicom-stl uses"
        }
    }
}
