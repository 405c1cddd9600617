import PlanModel
import VendorKit

/// Which files of a listing form the scan set (FORMAT.md, "Layout"): `<id>_<jaw>.obj` with its
/// `<id>_<jaw>.json` beside it, for one or both jaws, in one folder (the data set's `<id>/` or the top).
struct ScanLayout {
    /// The patient id of the file names.
    var id: String
    /// Per jaw present, upper first: the mesh and its labels.
    var jaws: [(jaw: Jaw, mesh: String, labels: String)]
    /// Every other file (ignored, reported as a note).
    var others: [String]

    /// Every file of the scan set.
    var files: Set<String> { Set(jaws.flatMap { [$0.mesh, $0.labels] }) }

    /// Finds the scan set among `paths` (`archive` names the whole in errors): exactly one patient, and
    /// for each jaw both files or neither.
    init(paths: [String], archive: String) throws(VendorError) {
        let named = paths.compactMap { p in Teeth3DSFormat.FileName(path: p).map { (p, $0) } }
        var sets: [String: [(String, Teeth3DSFormat.FileName)]] = [:]
        for (path, name) in named { sets[name.folder.isEmpty ? name.id : "\(name.folder)/\(name.id)", default: []].append((path, name)) }
        guard let key = sets.keys.sorted().first, let set = sets[key] else {
            throw .malformed(vendor: Teeth3DSAdapter.id, file: archive,
                             detail: "holds no <id>_upper.obj or <id>_lower.obj with its .json: not a Teeth3DS scan set")
        }
        guard sets.count == 1 else {
            throw .malformed(vendor: Teeth3DSAdapter.id, file: archive,
                             detail: "holds scans of \(sets.count) patients (\(sets.keys.sorted().prefix(4).joined(separator: ", "))); intake reads one patient per archive")
        }
        let present = Set(set.map(\.0))
        var jaws: [(jaw: Jaw, mesh: String, labels: String)] = []
        for jaw in Jaw.allCases {
            guard let (path, name) = set.first(where: { $0.1.jaw == jaw }) else { continue }
            let (mesh, labels) = name.isMesh ? (path, name.sibling) : (name.sibling, path)
            for (file, what) in [(mesh, "the \(jaw.rawValue) scan's mesh"), (labels, "the \(jaw.rawValue) scan's labels")]
            where !present.contains(file) {
                throw .malformed(vendor: Teeth3DSAdapter.id, file: file,
                                 detail: "missing: \(what) (each jaw is an OBJ and a JSON of the same name)")
            }
            jaws.append((jaw, mesh, labels))
        }
        id = set[0].1.id
        self.jaws = jaws
        let used = Set(jaws.flatMap { [$0.mesh, $0.labels] })
        others = paths.filter { !used.contains($0) }
    }
}
