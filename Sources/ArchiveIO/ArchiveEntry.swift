/// One entry of an archive, as its header describes it (sizes are claims until the data is read).
public struct ArchiveEntry: Sendable, Hashable, Codable {
    /// The normalized relative path (see `ArchivePath.normalize`).
    public var path: String
    /// The path exactly as written in the archive (after UTF-8 decoding).
    public var rawPath: String
    /// What the entry is.
    public var kind: Kind
    /// The uncompressed size the header declares, if it declares one.
    public var declaredSize: Int64?
    /// The compressed size, when the format records it per entry (zip).
    public var compressedSize: Int64?
    /// Whether the entry's data is encrypted.
    public var isEncrypted: Bool

    /// Creates an entry description.
    public init(path: String, rawPath: String? = nil, kind: Kind, declaredSize: Int64? = nil,
                compressedSize: Int64? = nil, isEncrypted: Bool = false) {
        self.path = path
        self.rawPath = rawPath ?? path
        self.kind = kind
        self.declaredSize = declaredSize
        self.compressedSize = compressedSize
        self.isEncrypted = isEncrypted
    }

    /// The kinds of entry an archive can hold; only files and directories are ever accepted.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case file, directory, symlink, hardlink
        /// Devices, FIFOs, sockets and unknown types.
        case other
    }
}
