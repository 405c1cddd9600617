import VendorKit

/// Recognises a Teeth3DS scan set from its listing alone (FORMAT.md, "Probe"): `<id>_upper.obj` or
/// `<id>_lower.obj` with a JSON of the same name whose first bytes hold `"id_patient"` and `"labels"`.
/// Archives and folders both count: the data set itself is distributed as folders.
enum Teeth3DSProbe {
    /// Mesh, labels beside it, and the labels' keys in its first bytes.
    static let labelled = 90
    /// Mesh and a JSON of the same name whose first bytes were not seen or lack the keys.
    static let pairedOnly = 40
    /// A mesh named like a jaw scan, alone.
    static let meshOnly = 15

    static func score(_ listing: ArchiveListing) -> Int {
        let paths = Set(listing.filePaths)
        var best = 0
        for path in paths {
            guard let name = Teeth3DSFormat.FileName(path: path), name.isMesh else { continue }
            guard paths.contains(name.sibling) else { best = max(best, meshOnly); continue }
            let head = listing.head(name.sibling).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let keyed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first == "{"
            let named = head.contains("\"\(Teeth3DSFormat.idKey)\"") && head.contains("\"\(Teeth3DSFormat.labelsKey)\"")
            best = max(best, keyed && named ? labelled : pairedOnly)
        }
        return best
    }
}
