import Foundation
import MeshIO
import PlanModel
import StageRecovery
import VendorKit

/// The older generation (FORMAT.md, "Older generation"): `<id>_OnyxCeph3_Export_ Step i of M Upper.obj` /
/// `… Lower.obj` with `IPR.csv` and `Movement table.csv`, and STL exports `<id>_OnyxCeph3_Export_OK.stl` /
/// `_UK.stl`. It stores no Info tables: poses come from the geometry (named objects registered to step 0;
/// unnamed models and the STLs through StageRecovery, as the stl-series adapter reads), frames are estimated.
enum LegacyReader {
    static let vendor = OnyxCephFormat.vendor

    static func read(_ files: CaseFiles, _ entries: [(String, LayoutFile)], caseID: String, findings: inout [Finding]) throws(VendorError) -> TreatmentPlan {
        var models: [Jaw: [Int: String]] = [:], stls: [Jaw: String] = [:]
        var ipr: String?, movement: String?
        for (path, file) in entries {
            switch file {
            case let .legacyModel(_, step, _, jaw): models[jaw, default: [:]][step] = path
            case let .legacySTL(_, jaw): stls[jaw] = path
            case .legacyIPR: ipr = path
            case .legacyMovement: movement = path
            default: continue
            }
        }
        // Steps renumbered from 0 in their order; an arch's STL is read only where it has no step models.
        var position: [String: (jaw: Jaw, index: Int)] = [:]
        for (jaw, byStep) in models {
            for (k, (_, path)) in byStep.sorted(by: { $0.key < $1.key }).enumerated() { position[path] = (jaw, k) }
        }
        let stlPaths = stls.filter { models[$0.key] == nil }
        let wanted = position.keys.sorted { (position[$0]?.index ?? 0, $0) < (position[$1]?.index ?? 0, $1) }
            + stlPaths.values.sorted() + [ipr, movement].compactMap { $0 }
        var steps = StepModels()
        var wholeArch: [Jaw: TriangleMesh] = [:]
        var small: [String: Data] = [:]
        try files.read(wanted) { (path: String, data: Data) throws(VendorError) in
            if let (jaw, index) = position[path] {
                let objects: [OBJObject]
                do throws(MeshReadError) { objects = try OBJCodec.decodeObjects(data, source: path) } catch { throw .mesh(error) }
                try steps.add(jaw, ArchAssembly.Step(index: index, file: path, objects: objects.map { OBJObject(name: $0.name, mesh: LayoutFrame.toModel($0.mesh), line: $0.line) },
                                                     info: nil, infoFile: path))
            } else if let jaw = stlPaths.first(where: { $0.value == path })?.key {
                do throws(MeshReadError) { wholeArch[jaw] = LayoutFrame.toModel(try STLCodec.decode(data, source: path)) } catch { throw .mesh(error) }
            } else {
                small[path] = data
            }
        }
        func bytes(_ path: String) throws(VendorError) -> Data {
            guard let d = small[path] else { throw .malformed(vendor: vendor, file: path, detail: "listed but could not be read") }
            return d
        }
        var arches: [Arch] = []
        for jaw in Jaw.allCases {
            var arch: Arch
            if let byStep = models[jaw], !byStep.isEmpty {
                arch = try steps.arch(jaw, count: byStep.count, first: byStep.sorted { $0.key < $1.key }.first?.value ?? "")
            } else if let path = stlPaths[jaw] {
                guard let mesh = wholeArch[jaw] else { throw .malformed(vendor: vendor, file: path, detail: "listed but could not be read") }
                arch = try recovered(jaw, stages: [mesh], file: path)
            } else { continue }
            if let ipr {
                let parsed = try StrippingProtocol.parse(try bytes(ipr), file: ipr, encoding: .any)
                let teeth = StageBaker.orderedCrowns(arch).map(\.id)
                arch.ipr = StrippingProtocol.events(parsed, teeth: teeth).events.filter { e in arch.tooth(e.contact.first)?.id.jaw == jaw }
            }
            if let movement, let last = arch.stages.map(\.index).max() {
                findings += OnyxCephReader.crossCheck(arch, step: last, path: movement, data: try bytes(movement), encoding: .any)
            }
            arches.append(arch)
            findings.append(Finding(OnyxCephFormat.Code.framesEstimated, .note, at: FindingLocation(arch: jaw),
                                    message: "The older OnyxCeph³ export stores no Info table: the \(jaw.rawValue) arch's poses were registered from the geometry and its crown frames estimated from the crowns.",
                                    remedy: "Review the crown frames and poses before staging movements."))
        }
        return TreatmentPlan(metadata: CaseMetadata(caseID: caseID, patientReference: caseID, created: Date(timeIntervalSince1970: 0)), arches: arches)
    }

    /// The `Step i of M` models of each arch as they are read: named objects go to an `ArchAssembly` (without
    /// tables) step by step; models without `Tooth NN` objects are merged into one mesh per step for
    /// StageRecovery. Which one an arch is, its step 0 decides; steps read before it wait.
    struct StepModels {
        var named: [Jaw: Bool] = [:]
        var assemblies: [Jaw: ArchAssembly] = [:]
        var merged: [Jaw: [Int: TriangleMesh]] = [:]
        var waiting: [Jaw: [ArchAssembly.Step]] = [:]

        mutating func add(_ jaw: Jaw, _ step: ArchAssembly.Step) throws(VendorError) {
            if step.index == 0 {
                named[jaw] = step.objects.contains { if case .tooth = ObjectName($0.name) { true } else { false } }
            }
            guard let isNamed = named[jaw] else { waiting[jaw, default: []].append(step); return }
            for s in [step] + (waiting.removeValue(forKey: jaw) ?? []) {
                if isNamed {
                    var assembly = assemblies[jaw] ?? ArchAssembly(jaw: jaw, hasTables: false)
                    try assembly.add(s)
                    assemblies[jaw] = assembly
                } else {
                    merged[jaw, default: [:]][s.index] = s.objects.reduce(into: TriangleMesh()) { $0.append($1.mesh) }
                }
            }
        }

        /// The arch of `count` steps (0…count − 1).
        mutating func arch(_ jaw: Jaw, count: Int, first: String) throws(VendorError) -> Arch {
            if named[jaw] == true, var assembly = assemblies[jaw] {
                return try assembly.finish(last: count - 1)
            }
            let meshes = (0..<count).compactMap { merged[jaw]?[$0] }
            guard meshes.count == count else { throw .malformed(vendor: vendor, file: first, detail: "listed but could not be read") }
            return try recovered(jaw, stages: meshes, file: first)
        }
    }

    /// An arch recovered from whole-arch models (stage 0 first) by StageRecovery.
    static func recovered(_ jaw: Jaw, stages: [TriangleMesh], file: String) throws(VendorError) -> Arch {
        guard let first = stages.first else { throw .malformed(vendor: vendor, file: file, detail: "no model") }
        var recovery = ArchRecovery(jaw: jaw, stage0: first)
        for (k, mesh) in stages.enumerated().dropFirst() { recovery.add(stage: k, mesh: mesh) }
        do { return try recovery.finish().arch } catch {
            throw .malformed(vendor: vendor, file: file, detail: "the teeth cannot be recovered from the geometry: \(error)")
        }
    }
}
