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
        let data = try files.data(of: Set(models.values.flatMap(\.values) + stls.values + [ipr, movement].compactMap { $0 }).sorted())
        func bytes(_ path: String) throws(VendorError) -> Data {
            guard let d = data[path] else { throw .malformed(vendor: vendor, file: path, detail: "listed but could not be read") }
            return d
        }
        var arches: [Arch] = []
        for jaw in Jaw.allCases {
            var arch: Arch
            if let byStep = models[jaw], !byStep.isEmpty {
                arch = try objArch(jaw, byStep, bytes: bytes)
            } else if let path = stls[jaw] {
                let mesh: TriangleMesh
                let raw = try bytes(path)
                do throws(MeshReadError) { mesh = try STLCodec.decode(raw, source: path) } catch { throw .mesh(error) }
                arch = try recovered(jaw, stages: [LayoutFrame.toModel(mesh)], file: path)
            } else { continue }
            if let ipr {
                let parsed = try StrippingProtocol.parse(try bytes(ipr), file: ipr, encoding: .any)
                let teeth = StageBaker.orderedCrowns(arch).map(\.id)
                arch.ipr = StrippingProtocol.events(parsed, teeth: teeth).events.filter { e in arch.tooth(e.contact.first)?.id.jaw == jaw }
            }
            if let movement, let last = arch.stages.map(\.index).max() {
                findings += OnyxCephReader.crossCheck(arch, step: last, path: movement, data: try bytes(movement))
            }
            arches.append(arch)
            findings.append(Finding(OnyxCephFormat.Code.framesEstimated, .note, at: FindingLocation(arch: jaw),
                                    message: "The older OnyxCeph³ export stores no Info table: the \(jaw.rawValue) arch's poses were registered from the geometry and its crown frames estimated from the crowns.",
                                    remedy: "Review the crown frames and poses before staging movements."))
        }
        return TreatmentPlan(metadata: CaseMetadata(caseID: caseID, patientReference: caseID, created: Date(timeIntervalSince1970: 0)), arches: arches)
    }

    /// `Step i of M` models: named objects are assembled as the current generation's (without tables);
    /// unnamed ones go through StageRecovery. Steps are renumbered from 0 in their order.
    static func objArch(_ jaw: Jaw, _ byStep: [Int: String], bytes: (String) throws(VendorError) -> Data) throws(VendorError) -> Arch {
        var steps: [ArchAssembly.Step] = []
        for (k, (_, path)) in byStep.sorted(by: { $0.key < $1.key }).enumerated() {
            let objects: [OBJObject]
            let raw = try bytes(path)
            do throws(MeshReadError) { objects = try OBJCodec.decodeObjects(raw, source: path) } catch { throw .mesh(error) }
            steps.append(ArchAssembly.Step(index: k, file: path, objects: objects.map { OBJObject(name: $0.name, mesh: LayoutFrame.toModel($0.mesh), line: $0.line) },
                                           info: nil, infoFile: path))
        }
        let named = steps.first?.objects.contains { if case .tooth = ObjectName($0.name) { true } else { false } } ?? false
        if named {
            var assembly = ArchAssembly(jaw: jaw, steps: steps, hasTables: false)
            return try assembly.arch()
        }
        return try recovered(jaw, stages: steps.map { s in s.objects.reduce(into: TriangleMesh()) { $0.append($1.mesh) } }, file: steps.first?.file ?? "")
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
