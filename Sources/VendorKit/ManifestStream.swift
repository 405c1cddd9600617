import ArchiveIO
import Foundation

/// The streaming intake of a manifest-led archive: one pass over the file entries — the manifest read
/// (size-capped) when met, every entry after it handed over as it streams by. Entries met before the
/// manifest (only in a re-ordered archive: writers put it first) are read in a second pass, so at most one
/// entry's bytes are held at a time and none is read before the manifest says what it is.
public enum ManifestStream {
    public static func read(_ reader: ArchiveReader, vendor: String, manifest path: String, missing: String,
                            archiveError: (ArchiveError) -> VendorError = { .archive($0) },
                            manifest: (ArchiveEntry, Data) throws -> Void,
                            entry: (ArchiveEntry, EntryStream) throws -> Void) throws(VendorError) {
        var seen = false
        var deferred = Set<String>()
        try VendorError.catching(vendor: vendor, file: reader.name, archiveError: archiveError) {
            try reader.forEachEntry { e, stream in
                guard e.kind == .file else { return }
                if e.path == path {
                    seen = true
                    try manifest(e, try ManifestEntry.read(stream, vendor: vendor, path: path))
                } else if seen {
                    try entry(e, stream)
                } else {
                    deferred.insert(e.path)
                }
            }
        }
        guard seen else { throw .malformed(vendor: vendor, file: path, detail: missing) }
        guard !deferred.isEmpty else { return }
        try VendorError.catching(vendor: vendor, file: reader.name, archiveError: archiveError) {
            try reader.forEachEntry { e, stream in
                if e.kind == .file && deferred.contains(e.path) { try entry(e, stream) }
            }
        }
    }
}
