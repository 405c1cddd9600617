import VendorKit

/// Recognises a print-3mf archive from its listing alone (FORMAT.md, "Probe"): the format name in the
/// manifest's first bytes is proof; stage 3MFs (zips: "PK\u{3}\u{4}") under upper/ or lower/ a strong hint.
enum Print3MFProbe {
    static let named = 100
    static let stageZips = 60
    static let stageNames = 40
    static let manifestBonus = 20

    static func score(_ listing: ArchiveListing) -> Int {
        // Intake reads archives, not folders: claiming an extracted folder would only fail later.
        guard listing.format != nil else { return 0 }
        let hasManifest = listing.contains(Print3MFFormat.manifestPath)
        if listing.head(Print3MFFormat.manifestPath, contains: "\"\(Print3MFFormat.formatName)\"") { return named }
        let stages = listing.filePaths.filter(isStageModel)
        guard !stages.isEmpty else { return 0 }
        let zipHeads = stages.contains { listing.head($0)?.starts(with: [0x50, 0x4B, 0x03, 0x04]) == true }
        return (zipHeads ? stageZips : stageNames) + (hasManifest ? manifestBonus : 0)
    }

    /// `upper/….3mf` or `lower/….3mf`, directly in the arch folder.
    static func isStageModel(_ path: String) -> Bool {
        for jaw in ["upper/", "lower/"] where path.hasPrefix(jaw) && path.lowercased().hasSuffix(".3mf") {
            return !path.dropFirst(jaw.count).contains("/")
        }
        return false
    }
}
