import VendorKit

/// Recognises an export from its listing alone (FORMAT.md, "Probe"): the current generation's step models
/// with their Info tables, or the older generation's `_OnyxCeph3_Export_` names. The names are the
/// planner's own and no other layout uses them.
enum OnyxCephProbe {
    /// Step models and Info tables (or the older generation's step models).
    static let layout = 90
    /// Step models alone, or the older generation's STLs.
    static let modelsOnly = 60

    static func score(_ listing: ArchiveListing) -> Int {
        let files = listing.filePaths.map(LayoutFile.init(path:))
        let models = files.contains { if case .model = $0 { true } else { false } }
        let tables = files.contains { switch $0 { case .info, .infoJSON: true; default: false } }
        if models && tables { return layout }
        if files.contains(where: { if case .legacyModel = $0 { true } else { false } }) { return layout }
        if models || files.contains(where: { if case .legacySTL = $0 { true } else { false } }) { return modelsOnly }
        return 0
    }
}
