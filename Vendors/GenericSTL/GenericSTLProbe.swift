import VendorKit

/// Recognises a generic-stl archive from its listing alone (FORMAT.md, "Probe"): the format name in
/// manifest.json's first bytes is proof; the layout without it is a strong hint; stage STLs alone a weak one.
enum GenericSTLProbe {
    static let named = 100
    static let manifestAndLayout = 70
    static let layoutOnly = 40

    static func score(_ listing: ArchiveListing) -> Int {
        // Intake reads archives, not folders: claiming an extracted folder would only fail later.
        guard listing.format != nil else { return 0 }
        let hasManifest = listing.contains(GenericSTLFormat.manifestPath)
        if listing.head(GenericSTLFormat.manifestPath, contains: "\"\(GenericSTLFormat.formatName)\"") { return named }
        guard listing.filePaths.contains(where: isStageModel) else { return 0 }
        return hasManifest ? manifestAndLayout : layoutOnly
    }

    /// `upper/stage-NN.stl` or `lower/stage-NN.stl`, NN two or more digits.
    static func isStageModel(_ path: String) -> Bool {
        ArchiveListing.isNumbered(path, prefixes: ["upper/stage-", "lower/stage-"], digits: 2...Int.max, suffix: ".stl")
    }
}
