import Foundation
import VendorKit

/// Recognises a dicom-stl archive from its listing alone (FORMAT.md, "Probe"): the format name in
/// dicom-index.json's first bytes is proof; Part 10 heads ("DICM" at offset 128) whose meta group names
/// Encapsulated STL Storage are a strong hint; other DICOM files (a CT series, say) only a weak one.
enum DicomSTLProbe {
    static let named = 100
    static let encapsulatedSTL = 60
    static let indexBonus = 10
    static let otherDICOM = 20

    static func score(_ listing: ArchiveListing) -> Int {
        // Intake reads archives, not folders: claiming an extracted folder would only fail later.
        guard listing.format != nil else { return 0 }
        let hasIndex = listing.contains(DicomSTLFormat.indexPath)
        if listing.head(DicomSTLFormat.indexPath, contains: "\"\(DicomSTLFormat.formatName)\"") { return named }
        let heads = listing.filePaths.filter { $0.lowercased().hasSuffix(".dcm") }.compactMap { listing.head($0) }
        let part10 = heads.filter(isPart10)
        guard !part10.isEmpty else { return 0 }
        // The meta group follows "DICM" and names the SOP class within the first few hundred bytes.
        let stl = Data(DicomUIDs.encapsulatedSTLStorage.utf8)
        guard part10.contains(where: { $0.range(of: stl) != nil }) else { return otherDICOM }
        return encapsulatedSTL + (hasIndex ? indexBonus : 0)
    }

    /// "DICM" right after the 128-byte preamble.
    static func isPart10(_ head: Data) -> Bool {
        head.count >= 132 && Array(head[(head.startIndex + 128)..<(head.startIndex + 132)]) == Array("DICM".utf8)
    }
}
