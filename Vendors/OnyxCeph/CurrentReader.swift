import Foundation
import MeshIO
import PlanModel
import VendorKit

/// The current generation's intake, step by step (FORMAT.md, "Intake"): the listing is checked first (every
/// arch has a model for each step from 0 to its last), then files are read one at a time — the Info tables
/// (small, kept), each step model decoded and reduced by its arch's `ArchAssembly` as soon as its step's
/// table is known, and its bytes dropped — so memory stays flat in the number of steps. Only the highest
/// step's protocols are kept until the arches are built; earlier ones are checked and dropped.
enum CurrentReader {
    static let vendor = OnyxCephFormat.vendor

    /// Files of the listing by kind, step and jaw.
    struct Layout {
        var models: [Jaw: [Int: String]] = [:]
        var info: [Int: String] = [:]
        var json: [Int: String] = [:]
        var stripping: [Jaw: [Int: String]] = [:]
        var totals: [Jaw: [Int: String]] = [:]
        var prefix = ""

        init(_ entries: [(String, LayoutFile)]) {
            for (path, file) in entries {
                switch file {
                case let .model(step, jaw): models[jaw, default: [:]][step] = path
                case let .info(step): info[step] = path
                case let .infoJSON(step): json[step] = path
                case let .stripping(step, jaw): stripping[jaw, default: [:]][step] = path
                case let .movementTotal(step, jaw): totals[jaw, default: [:]][step] = path
                default: continue
                }
            }
            let folder = entries.first.map { OnyxCephReader.directory($0.0) } ?? ""
            prefix = folder.isEmpty ? "" : folder + "/"
        }

        /// Each step's table: the CSV, else the JSON.
        var tables: [Int: String] { info.merging(json) { csv, _ in csv } }

        /// The arch's last step: its highest model, or a higher protocol's step (a model missing at the end).
        func last(_ jaw: Jaw) -> Int? {
            guard let lastModel = models[jaw]?.keys.max() else { return nil }
            return max(lastModel, stripping[jaw]?.keys.max() ?? 0, totals[jaw]?.keys.max() ?? 0)
        }

        /// The highest protocol of each arch and kind: the only ones kept whole.
        var authoritative: Set<String> {
            Set(Jaw.allCases.flatMap { jaw in
                [stripping[jaw], totals[jaw]].compactMap { files in files.flatMap { f in f.keys.max().flatMap { f[$0] } } }
            })
        }
    }

    static func read(_ files: CaseFiles, _ entries: [(String, LayoutFile)], caseID: String, findings: inout [Finding]) throws(VendorError) -> TreatmentPlan {
        let layout = Layout(entries)
        // From the listing alone, before any byte is read: every step of an arch has its model.
        var lasts: [Jaw: Int] = [:]
        for jaw in Jaw.allCases {
            guard let last = layout.last(jaw) else { continue }
            if let step = (0...last).first(where: { layout.models[jaw]?[$0] == nil }) {
                throw .malformed(vendor: vendor, file: layout.prefix + OnyxCephFormat.modelName(step: step, jaw: jaw),
                                 detail: "missing: the \(jaw.rawValue) arch has steps up to \(last), every one needs its model")
            }
            lasts[jaw] = last
        }
        let tablePaths = layout.tables
        let kinds = Dictionary(entries, uniquingKeysWith: { a, _ in a })
        let authoritative = layout.authoritative
        // Tables first (a folder is read in this order; an archive in its own, one pass).
        let modelPaths = lasts.keys.sorted().flatMap { jaw in (0...(lasts[jaw] ?? 0)).compactMap { layout.models[jaw]?[$0] } }
        let protocols = Jaw.allCases.flatMap { jaw in [layout.stripping[jaw], layout.totals[jaw]].flatMap { ($0 ?? [:]).sorted { $0.key < $1.key }.map(\.value) } }
        let wanted = tablePaths.sorted { $0.key < $1.key }.map(\.value) + modelPaths + protocols

        var tables: [Int: InfoTable] = [:]
        var assemblies = Dictionary(uniqueKeysWithValues: lasts.keys.map { ($0, ArchAssembly(jaw: $0)) })
        var waiting: [(jaw: Jaw, step: ArchAssembly.Step)] = []
        var kept: [String: Data] = [:]
        var unreadable: [String: String] = [:]
        var delivered = Set<String>()

        func step(_ index: Int, jaw: Jaw, path: String, data: Data) throws(VendorError) -> ArchAssembly.Step {
            let objects: [OBJObject]
            do throws(MeshReadError) { objects = try OBJCodec.decodeObjects(data, source: path) } catch { throw .mesh(error) }
            return ArchAssembly.Step(index: index, file: path, objects: objects.map { OBJObject(name: $0.name, mesh: LayoutFrame.toModel($0.mesh), line: $0.line) },
                                     info: tables[index], infoFile: tablePaths[index] ?? layout.prefix + OnyxCephFormat.infoName(step: index))
        }
        try files.read(wanted) { (path: String, data: Data) throws(VendorError) in
            delivered.insert(path)
            switch kinds[path] {
            case let .info(index)?:
                tables[index] = try InfoTable.csv(data, file: path)
            case let .infoJSON(index)?:
                tables[index] = try InfoTable.json(data, file: path)
            case let .model(index, jaw)?:
                let s = try step(index, jaw: jaw, path: path, data: data)
                if tablePaths[index] != nil && tables[index] == nil {
                    waiting.append((jaw, s))
                } else {
                    try assemblies[jaw]?.add(s)
                }
            case .stripping?, .movementTotal?:
                if authoritative.contains(path) {
                    kept[path] = data
                } else if let problem = check(path, data) {
                    unreadable[path] = problem
                }
            default:
                return
            }
            // Models that came before their step's table.
            let ready = waiting.filter { tables[$0.step.index] != nil }
            guard !ready.isEmpty else { return }
            waiting.removeAll { tables[$0.step.index] != nil }
            for (jaw, waited) in ready {
                var s = waited
                s.info = tables[s.index]
                try assemblies[jaw]?.add(s)
            }
        }
        if let path = wanted.first(where: { !delivered.contains($0) }) {
            throw .malformed(vendor: vendor, file: path, detail: "listed but could not be read")
        }

        var arches: [Arch] = []
        for jaw in Jaw.allCases {
            guard let last = lasts[jaw], var assembly = assemblies[jaw] else { continue }
            var arch = try assembly.finish(last: last)
            findings += assembly.findings
            let bytes = { (path: String) throws(VendorError) -> Data in
                guard let d = kept[path] else { throw .malformed(vendor: vendor, file: path, detail: "listed but could not be read") }
                return d
            }
            arch.ipr = try OnyxCephReader.ipr(arch, last: last, files: layout.stripping[jaw] ?? [:], prefix: layout.prefix, bytes: bytes, findings: &findings)
            if let n = layout.totals[jaw]?.keys.max(), n <= last, let path = layout.totals[jaw]?[n] {
                findings += OnyxCephReader.crossCheck(arch, step: n, path: path, data: try bytes(path))
            }
            arches.append(arch)
            findings += earlierProtocols(jaw, last: last, layout: layout, unreadable: unreadable)
        }
        return TreatmentPlan(metadata: CaseMetadata(caseID: caseID, patientReference: caseID, created: Date(timeIntervalSince1970: 0)), arches: arches)
    }

    /// Why an earlier step's protocol cannot be read, or nil.
    static func check(_ path: String, _ data: Data) -> String? {
        do throws(VendorError) {
            if case .stripping = LayoutFile(path: path) { _ = try StrippingProtocol.parse(data, file: path) } else { _ = try MovementTotals.parse(data, file: path) }
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The protocols of the steps before the highest: not authoritative, so only checked — a missing one is
    /// a note, an unreadable one a warning, each naming the file.
    static func earlierProtocols(_ jaw: Jaw, last: Int, layout: Layout, unreadable: [String: String]) -> [Finding] {
        var missing: [String] = [], broken: [String] = []
        for (files, name) in [(layout.stripping[jaw] ?? [:], OnyxCephFormat.strippingName), (layout.totals[jaw] ?? [:], OnyxCephFormat.movementName)] {
            let highest = files.keys.max()
            for step in 0...last where step != highest {
                guard let path = files[step] else { missing.append(layout.prefix + name(step, jaw)); continue }
                if let problem = unreadable[path] { broken.append(problem) }
            }
        }
        var out: [Finding] = []
        if !missing.isEmpty {
            out.append(Finding(OnyxCephFormat.Code.protocolMissing, .note, at: FindingLocation(arch: jaw),
                               message: "Missing protocols of earlier steps: \(missing.joined(separator: ", ")); only the highest step's are authoritative, so nothing was lost.",
                               remedy: "None needed."))
        }
        if !broken.isEmpty {
            out.append(Finding(OnyxCephFormat.Code.protocolUnreadable, .warning, at: FindingLocation(arch: jaw),
                               message: "Protocols of earlier steps cannot be read (only the highest step's are used): \(broken.joined(separator: "; ")).",
                               remedy: "Export the case again; a damaged file may mean others are damaged too."))
        }
        return out
    }
}
