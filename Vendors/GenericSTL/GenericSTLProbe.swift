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
        if hasManifest, let head = listing.head(GenericSTLFormat.manifestPath),
           String(decoding: head, as: UTF8.self).contains("\"\(GenericSTLFormat.formatName)\"") {
            return named
        }
        guard listing.filePaths.contains(where: isStageModel) else { return 0 }
        return hasManifest ? manifestAndLayout : layoutOnly
    }

    /// `upper/stage-NN.stl` or `lower/stage-NN.stl`, NN two or more digits.
    static func isStageModel(_ path: String) -> Bool {
        for jaw in ["upper/stage-", "lower/stage-"] where path.hasPrefix(jaw) && path.hasSuffix(".stl") {
            let digits = path.dropFirst(jaw.count).dropLast(4)
            return digits.count >= 2 && digits.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }
}
