import VendorKit

/// Recognises a ref-segmented archive from its listing alone (FORMAT.md, "Probe"): the format name in
/// case.xml's first bytes is proof; case.xml beside per-tooth PLYs is the layout; either alone a weak hint.
enum RefSegmentedProbe {
    static let named = 100
    static let manifestAndTeeth = 65
    static let teethOnly = 35
    static let manifestOnly = 20

    static func score(_ listing: ArchiveListing) -> Int {
        // Intake reads archives, not folders: claiming an extracted folder would only fail later.
        guard listing.format != nil else { return 0 }
        let hasManifest = listing.contains(RefSegmentedFormat.manifestPath)
        if listing.head(RefSegmentedFormat.manifestPath, contains: RefSegmentedFormat.formatName) { return named }
        let hasTeeth = listing.filePaths.contains(where: isCrown)
        switch (hasManifest, hasTeeth) {
        case (true, true): return manifestAndTeeth
        case (false, true): return teethOnly
        case (true, false): return manifestOnly
        case (false, false): return 0
        }
    }

    /// `teeth/upper/tooth-N.ply` or `teeth/lower/tooth-N.ply`, N one or two digits.
    static func isCrown(_ path: String) -> Bool {
        ArchiveListing.isNumbered(path, prefixes: ["teeth/upper/tooth-", "teeth/lower/tooth-"], digits: 1...2, suffix: ".ply")
    }
}
