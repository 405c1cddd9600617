import ArchiveIO
import VendorKit

/// Recognises a ref-sealed archive from its listing alone (FORMAT.md, "Probe"). Its entries are encrypted,
/// so probing has no first bytes to read, password or not: the names and the encryption flags decide.
enum RefSealedProbe {
    /// order.json and stage models, every one of them encrypted: the sealed layout.
    static let sealedLayout = 85
    /// The same layout stored in the clear (intake reads it, with a warning).
    static let openLayout = 60
    /// Stage models alone, or order.json alone: too little to be chosen.
    static let modelsOnly = 30
    static let orderOnly = 15

    static func score(_ listing: ArchiveListing) -> Int {
        guard listing.format == .zip else { return 0 }
        let files = listing.entries.filter { $0.kind == .file }
        let hasOrder = listing.contains(RefSealedFormat.orderPath)
        let models = files.filter { isStageModel($0.path) }
        switch (hasOrder, !models.isEmpty) {
        case (true, true):
            return files.allSatisfy(\.isEncrypted) ? sealedLayout : openLayout
        case (false, true): return modelsOnly
        case (true, false): return orderOnly
        case (false, false): return 0
        }
    }

    /// `models/upper-NN.stl` or `models/lower-NN.stl`, NN two or more digits.
    static func isStageModel(_ path: String) -> Bool {
        ArchiveListing.isNumbered(path, prefixes: ["models/upper-", "models/lower-"], digits: 2...Int.max, suffix: ".stl")
    }
}
