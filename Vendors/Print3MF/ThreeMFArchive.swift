import ArchiveIO
import Foundation
import MeshIO

/// A 3MF package as a zip. Reading — the zip, the package rules, the model — is MeshIO's
/// `ThreeMFPackageReader`, shared with `aligngate mesh check` (writing: ThreeMFArchiveWriter.swift).
enum ThreeMFArchive {
    /// Reads the model of a 3MF held in memory; `source` names the 3MF in errors; ArchiveIO's limits
    /// apply to the inner zip too.
    static func read(_ data: Data, source: String, limits: ArchiveLimits = .default) throws(Print3MFReadError) -> ThreeMFModel {
        do {
            return try ThreeMFPackageReader.read(data, source: source, limits: limits)
        } catch {
            switch error {
            case let .archive(e): throw .archive(e)
            case let .threeMF(e): throw .threeMF(e)
            }
        }
    }
}

/// Why a 3MF inside the archive could not be read: its zip, or its parts.
enum Print3MFReadError: Error {
    case archive(ArchiveError)
    case threeMF(ThreeMFError)

    var description: String {
        switch self {
        case let .archive(e): e.description
        case let .threeMF(e): e.description
        }
    }
}
