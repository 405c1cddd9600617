/// The manifest mechanics (ManifestJSON, ManifestError, FormatVersion, DecodingFailure) come with VendorKit:
/// an adapter imports one module for its toolkit.
@_exported import ManifestCodec
