/// A value representation (PS3.5 6.2) as it appears in Explicit VR: two upper-case ASCII letters.
/// Any two letters are accepted when reading (an unknown VR's element is skipped by its length); the
/// writer uses the named ones.
struct DicomVR: Hashable, Sendable, CustomStringConvertible {
    /// The two bytes, e.g. "OB".
    let code: String

    init(_ code: String) { self.code = code }

    static let ae = DicomVR("AE"), cs = DicomVR("CS"), da = DicomVR("DA"), dt = DicomVR("DT"), `is` = DicomVR("IS")
    static let lo = DicomVR("LO"), ob = DicomVR("OB"), pn = DicomVR("PN"), sh = DicomVR("SH"), sq = DicomVR("SQ")
    static let st = DicomVR("ST"), tm = DicomVR("TM"), ui = DicomVR("UI"), ul = DicomVR("UL"), un = DicomVR("UN")
    static let ow = DicomVR("OW")

    var description: String { code }

    /// VRs whose Explicit VR header has 2 reserved bytes and a 32-bit length (PS3.5 Table 7.1-1);
    /// every other VR has a 16-bit length.
    static let longLength: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]

    /// Whether the header has the 32-bit length form (12 header bytes instead of 8).
    var hasLongLength: Bool { Self.longLength.contains(code) }

    /// The byte that pads a value to even length (PS3.5 6.2): NUL for UI and binary VRs, space for text.
    var padding: UInt8 {
        switch code {
        case "UI", "OB", "OD", "OF", "OL", "OV", "OW", "UN": 0x00
        default: 0x20
        }
    }

    /// Whether two bytes read where a VR belongs can be one (upper-case ASCII letters): anything else
    /// means the data set is not Explicit VR, or the file is damaged.
    static func isPlausible(_ a: UInt8, _ b: UInt8) -> Bool {
        (0x41...0x5A).contains(a) && (0x41...0x5A).contains(b)
    }

    /// Largest value a text VR may hold, in characters (PS3.5 Table 6.2-1); nil when not limited here.
    var maxCharacters: Int? {
        switch code {
        case "AE", "CS", "SH": 16
        case "DA": 8
        case "LO", "PN", "UI": 64
        case "ST": 1024
        case "IS": 12
        case "TM": 14
        case "DT": 26
        default: nil
        }
    }
}
