/// The one XML escaping every writer uses (3MF model parts, ref-segmented's case.xml): markup characters;
/// in attributes also tab and line ends, which attribute-value normalization would turn into spaces; CR
/// everywhere, which end-of-line handling would turn into LF. Nothing is dropped: a character XML 1.0
/// cannot carry at all becomes U+FFFD (`ThreeMFWriter.isRepresentable` says when that happens).
public enum XMLEscape {
    /// `text` escaped, as a string.
    public static func escaped(_ text: String, inAttribute: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        append(text, inAttribute: inAttribute, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` escaped to `bytes` (UTF-8).
    public static func append(_ text: String, inAttribute: Bool, to bytes: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": bytes.append(contentsOf: "&amp;".utf8)
            case "<": bytes.append(contentsOf: "&lt;".utf8)
            case ">": bytes.append(contentsOf: "&gt;".utf8)
            case "\"" where inAttribute: bytes.append(contentsOf: "&quot;".utf8)
            case "\r": bytes.append(contentsOf: "&#13;".utf8)
            case "\n" where inAttribute: bytes.append(contentsOf: "&#10;".utf8)
            case "\t" where inAttribute: bytes.append(contentsOf: "&#9;".utf8)
            default:
                let safe: Unicode.Scalar = ThreeMFWriter.isXMLChar(scalar) ? scalar : "\u{FFFD}"
                UTF8.encode(safe) { bytes.append($0) }
            }
        }
    }
}
