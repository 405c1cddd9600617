import PlanModel
import VendorKit

/// The fixed names of the Teeth3DS / 3DTeethSeg layout (FORMAT.md) and this adapter's finding codes: one
/// place, so writer, reader, probe and tests cannot drift apart.
public enum Teeth3DSFormat {
    /// The layout this adapter follows: the public data set's, as the 3DTeethSeg'22 challenge published it.
    public static let version = "3DTeethSeg22"
    /// The JSON keys, in the order the data set writes them (`labels` early, so probing sees it).
    public static let idKey = "id_patient"
    public static let jawKey = "jaw"
    public static let labelsKey = "labels"
    public static let instancesKey = "instances"
    /// Label and instance of the gingiva (every vertex that is not a tooth's).
    public static let gingivaLabel = 0

    /// Finding codes this adapter emits (FORMAT.md, "Findings").
    public enum Code {
        /// The plan has stages the archive cannot carry (warning, check).
        public static let stagesDropped = "teeth3ds.stages-dropped"
        /// Crown frames are not stored; intake estimates them (note, check and intake).
        public static let framesEstimated = "teeth3ds.frames-estimated"
        /// Patient reference and creation date are not carried (note, check and intake).
        public static let noCaseMetadata = "teeth3ds.no-case-metadata"
        /// The case id has characters outside [A-Za-z0-9_-] and is written changed (warning, check).
        public static let caseIDChanged = "teeth3ds.case-id-changed"
        /// Implant, pontic or distal missing-tooth status cannot be carried (warning, check).
        public static let toothStatusLost = "teeth3ds.tooth-status-lost"
        /// Triangles whose corners carry different labels were given to the majority label (note, intake).
        public static let boundaryTriangles = "teeth3ds.boundary-triangles"
        /// `id_patient` disagrees with the file name or the other jaw (warning, intake).
        public static let idMismatch = "teeth3ds.id-mismatch"
        /// An entry that is not part of the layout (note, intake).
        public static let unknownEntry = "teeth3ds.unknown-entry"
        /// Every code above, as `formatFindingCodes` declares them.
        public static let all = [stagesDropped, framesEstimated, noCaseMetadata, caseIDChanged, toothStatusLost,
                                 boundaryTriangles, idMismatch, unknownEntry]
    }

    /// The patient id written for a case id: every character outside [A-Za-z0-9_-] becomes `_`, so the id
    /// is safe as a folder and file name on every system.
    public static func patientID(forCaseID caseID: String) -> String {
        CaseIDFileName.token(caseID)
    }

    /// `<id>/<id>_<jaw>.obj`.
    public static func meshPath(id: String, jaw: Jaw) -> String { "\(id)/\(id)_\(jaw.rawValue).obj" }

    /// `<id>/<id>_<jaw>.json`.
    public static func labelsPath(id: String, jaw: Jaw) -> String { "\(id)/\(id)_\(jaw.rawValue).json" }

    /// One file of the layout, recognised from its name: `[folder/]<id>_<jaw>.obj|json`.
    public struct FileName: Hashable, Sendable {
        /// The folder part of the path ("" at the top).
        public var folder: String
        public var id: String
        public var jaw: Jaw
        public var isMesh: Bool

        /// Parses a path; nil when the file name is not `<id>_upper|lower.obj|json` (hidden files never are).
        public init?(path: String) {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard let last = parts.last, !last.hasPrefix(".") else { return nil }
            let name = String(last)
            let isMesh = name.hasSuffix(".obj")
            guard isMesh || name.hasSuffix(".json") else { return nil }
            let stem = name.dropLast(isMesh ? 4 : 5)
            for jaw in Jaw.allCases {
                let suffix = "_\(jaw.rawValue)"
                guard stem.hasSuffix(suffix), stem.count > suffix.count else { continue }
                folder = parts.dropLast().joined(separator: "/")
                id = String(stem.dropLast(suffix.count))
                self.jaw = jaw
                self.isMesh = isMesh
                return
            }
            return nil
        }

        /// The same file with the other extension (the mesh's labels, or the labels' mesh).
        public var sibling: String {
            let name = "\(id)_\(jaw.rawValue).\(isMesh ? "json" : "obj")"
            return folder.isEmpty ? name : "\(folder)/\(name)"
        }
    }
}
