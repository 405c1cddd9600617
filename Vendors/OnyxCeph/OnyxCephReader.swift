import Foundation
import MeshIO
import PlanModel
import VendorKit

/// Intake (FORMAT.md, "Intake"): list the export, find its case folder and generation, read the step
/// models and tables, assemble each arch, take IPR from the highest stripping protocol and cross-check the
/// movement totals.
enum OnyxCephReader {
    static let vendor = OnyxCephFormat.vendor

    static func read(_ url: URL, options: IntakeOptions) throws(VendorError) -> IntakeResult {
        let files = try CaseFiles(url, vendor: vendor, password: options.password)
        let classified = files.paths.map { ($0, LayoutFile(path: $0)) }
        // The case folder: the folder of the first step model (the layout is flat inside it).
        guard let anchor = classified.first(where: { $0.1.isCurrent && { if case .model = $0 { true } else { false } }($0.1) })
                ?? classified.first(where: { $0.1.isLegacy }) else {
            throw .malformed(vendor: vendor, file: url.lastPathComponent,
                             detail: "holds no OnyxCeph³-style file (\"Step N - Obj3D U.obj\", \"… Step i of M Upper.obj\" or \"…_OnyxCeph3_Export_OK.stl\")")
        }
        let folder = directory(anchor.0)
        let mine = classified.filter { directory($0.0) == folder && $0.1 != .other }
        var findings: [Finding] = []
        let others = classified.filter { directory($0.0) != folder || $0.1 == .other }.map(\.0)
        let caseID = folder.isEmpty ? url.deletingPathExtension().lastPathComponent : String(folder.split(separator: "/").last ?? "")
        var result: TreatmentPlan
        if mine.contains(where: { $0.1.isCurrent }) {
            let unread = mine.filter { if case .unread = $0.1 { true } else { false } }.map(\.0) + mine.filter { $0.1.isLegacy }.map(\.0)
            result = try current(files, mine.filter { $0.1.isCurrent }, caseID: caseID, findings: &findings)
            if !(unread + others).isEmpty { findings.append(notRead(unread + others)) }
        } else {
            result = try LegacyReader.read(files, mine, caseID: caseID, findings: &findings)
            if !others.isEmpty { findings.append(notRead(others)) }
        }
        findings.append(Finding(OnyxCephFormat.Code.noCaseMetadata, .note,
                                message: "The layout carries no case metadata: the case id and patient reference are \"\(caseID)\" (the folder's name), the creation date is unknown (1970-01-01), the wear interval the default 14 days.",
                                remedy: "Enter the case details (doctor, dates, wear interval) in the planning software."))
        result.metadata = CaseMetadata(caseID: caseID, patientReference: caseID, created: Date(timeIntervalSince1970: 0))
        return IntakeResult(plan: result, report: Report(findings))
    }

    static func directory(_ path: String) -> String { path.split(separator: "/").dropLast().joined(separator: "/") }

    static func notRead(_ paths: [String]) -> Finding {
        Finding(OnyxCephFormat.Code.notRead, .note, at: FindingLocation(file: paths.count == 1 ? paths[0] : nil),
                message: "Not read: \(paths.joined(separator: ", ")) (distances, landmarks and files outside the layout carry nothing the plan keeps).",
                remedy: "None needed.")
    }

    /// The current generation: per jaw its step models (from 0, without gaps), the tables, IPR, totals.
    static func current(_ files: CaseFiles, _ entries: [(String, LayoutFile)], caseID: String, findings: inout [Finding]) throws(VendorError) -> TreatmentPlan {
        var models: [Jaw: [Int: String]] = [:], info: [Int: String] = [:], json: [Int: String] = [:]
        var stripping: [Jaw: [Int: String]] = [:], totals: [Jaw: [Int: String]] = [:]
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
        let folder = entries.first.map { directory($0.0) } ?? ""
        let prefix = folder.isEmpty ? "" : folder + "/"
        var wanted = Set<String>(models.values.flatMap(\.values))
        wanted.formUnion(info.values)
        wanted.formUnion(json.filter { info[$0.key] == nil }.map(\.value))
        wanted.formUnion(stripping.values.flatMap(\.values))
        wanted.formUnion(totals.values.flatMap(\.values))
        let data = try files.data(of: wanted.sorted())
        func bytes(_ path: String) throws(VendorError) -> Data {
            guard let d = data[path] else { throw .malformed(vendor: vendor, file: path, detail: "listed but could not be read") }
            return d
        }
        var tables: [Int: InfoTable] = [:]
        for (step, path) in info { tables[step] = try InfoTable.csv(try bytes(path), file: path) }
        for (step, path) in json where tables[step] == nil { tables[step] = try InfoTable.json(try bytes(path), file: path) }
        var arches: [Arch] = []
        for jaw in Jaw.allCases {
            // The arch's last step: its highest model, or a higher protocol's step (a model missing at the end).
            guard let byStep = models[jaw], let lastModel = byStep.keys.max() else { continue }
            let last = max(lastModel, stripping[jaw]?.keys.max() ?? 0, totals[jaw]?.keys.max() ?? 0)
            var steps: [ArchAssembly.Step] = []
            for step in 0...last {
                let path = byStep[step] ?? prefix + OnyxCephFormat.modelName(step: step, jaw: jaw)
                guard byStep[step] != nil else {
                    throw .malformed(vendor: vendor, file: path, detail: "missing: the \(jaw.rawValue) arch has steps up to \(last), every one needs its model")
                }
                let objects: [OBJObject]
                let raw = try bytes(path)
            do throws(MeshReadError) { objects = try OBJCodec.decodeObjects(raw, source: path) } catch { throw .mesh(error) }
                steps.append(ArchAssembly.Step(index: step, file: path, objects: objects.map { OBJObject(name: $0.name, mesh: LayoutFrame.toModel($0.mesh), line: $0.line) },
                                               info: tables[step], infoFile: info[step] ?? json[step] ?? prefix + OnyxCephFormat.infoName(step: step)))
            }
            var assembly = ArchAssembly(jaw: jaw, steps: steps)
            var arch = try assembly.arch()
            findings += assembly.findings
            arch.ipr = try ipr(arch, last: last, files: stripping[jaw] ?? [:], prefix: prefix, bytes: bytes, findings: &findings)
            if let n = totals[jaw]?.keys.max(), n <= last, let path = totals[jaw]?[n] {
                findings += crossCheck(arch, step: n, path: path, data: try bytes(path))
            }
            arches.append(arch)
            findings += try earlierProtocols(jaw, last: last, stripping: stripping[jaw] ?? [:], totals: totals[jaw] ?? [:], prefix: prefix, bytes: bytes)
        }
        return TreatmentPlan(metadata: CaseMetadata(caseID: caseID, patientReference: caseID, created: Date(timeIntervalSince1970: 0)), arches: arches)
    }

    /// The protocols of the steps before the highest: not authoritative, so only checked — a missing one is
    /// a note, an unreadable one a warning, each naming the file.
    static func earlierProtocols(_ jaw: Jaw, last: Int, stripping: [Int: String], totals: [Int: String], prefix: String,
                                 bytes: (String) throws(VendorError) -> Data) throws(VendorError) -> [Finding] {
        var missing: [String] = [], unreadable: [String] = []
        for (files, name, highest) in [(stripping, OnyxCephFormat.strippingName, stripping.keys.max()), (totals, OnyxCephFormat.movementName, totals.keys.max())] {
            for step in 0...last where step != highest {
                guard let path = files[step] else { missing.append(prefix + name(step, jaw)); continue }
                let data = try bytes(path)
                do throws(VendorError) {
                    if files == stripping { _ = try StrippingProtocol.parse(data, file: path) } else { _ = try MovementTotals.parse(data, file: path) }
                } catch {
                    unreadable.append("\(error)")
                }
            }
        }
        var out: [Finding] = []
        if !missing.isEmpty {
            out.append(Finding(OnyxCephFormat.Code.protocolMissing, .note, at: FindingLocation(arch: jaw),
                               message: "Missing protocols of earlier steps: \(missing.joined(separator: ", ")); only the highest step's are authoritative, so nothing was lost.",
                               remedy: "None needed."))
        }
        if !unreadable.isEmpty {
            out.append(Finding(OnyxCephFormat.Code.protocolUnreadable, .warning, at: FindingLocation(arch: jaw),
                               message: "Protocols of earlier steps cannot be read (only the highest step's are used): \(unreadable.joined(separator: "; ")).",
                               remedy: "Export the case again; a damaged file may mean others are damaged too."))
        }
        return out
    }

    /// IPR from the highest stripping protocol; a finding when it is not the arch's last step's.
    static func ipr(_ arch: Arch, last: Int, files: [Int: String], prefix: String, bytes: (String) throws(VendorError) -> Data,
                    findings: inout [Finding]) throws(VendorError) -> [IPREvent] {
        let expected = prefix + OnyxCephFormat.strippingName(step: last, jaw: arch.jaw)
        guard let n = files.keys.max(), let path = files[n] else {
            findings.append(Finding(OnyxCephFormat.Code.strippingOutdated, .warning, at: FindingLocation(arch: arch.jaw, file: expected),
                                    message: "\(expected) is missing and no other stripping protocol of the \(arch.jaw.rawValue) arch exists: no IPR was read.",
                                    remedy: "Export the case again with its stripping protocols if IPR is planned."))
            return []
        }
        if n != last {
            findings.append(Finding(OnyxCephFormat.Code.strippingOutdated, .warning, at: FindingLocation(arch: arch.jaw, file: expected),
                                    message: "\(expected) is missing: IPR was read from \(path), the highest stripping protocol, which may not hold the last steps' IPR.",
                                    remedy: "Export the case again with every step's protocols."))
        }
        let parsed = try StrippingProtocol.parse(try bytes(path), file: path)
        let teeth = StageBaker.orderedCrowns(arch).map(\.id)
        let (events, unpaired) = StrippingProtocol.events(parsed, teeth: teeth)
        if !unpaired.isEmpty {
            findings.append(Finding(OnyxCephFormat.Code.strippingUnpaired, .warning, at: FindingLocation(arch: arch.jaw, file: path),
                                    message: "\(path): stripping on \(unpaired.map { "\($0.surface.name) before step \($0.step)" }.joined(separator: ", ")) faces no neighbouring crown and was not read as IPR.",
                                    remedy: "Check the stripping protocol; a surface without a neighbour cannot be stripped at a contact."))
        }
        return events
    }

    /// The movement totals of step `step` against the poses.
    static func crossCheck(_ arch: Arch, step: Int, path: String, data: Data) -> [Finding] {
        let cells: [ToothID: [MovementTotals.Property: MovementTotals.Cell]]
        do throws(VendorError) { cells = try MovementTotals.parse(data, file: path) } catch {
            return [Finding(OnyxCephFormat.Code.movementUnreadable, .warning, at: FindingLocation(arch: arch.jaw, file: path),
                            message: "\(path) cannot be read (\(error)); the poses were not cross-checked against it.",
                            remedy: "Check the movement totals in the planning software.")]
        }
        let mismatches = MovementTotals.mismatches(cells, arch: arch, step: step)
        guard !mismatches.isEmpty else { return [] }
        return [Finding(OnyxCephFormat.Code.movementMismatch, .warning, at: FindingLocation(arch: arch.jaw, stage: step, file: path),
                        measured: Double(mismatches.count), unit: "values",
                        message: "\(path) disagrees with the poses beyond its rounding: \(mismatches.prefix(5).joined(separator: "; "))\(mismatches.count > 5 ? "; …" : "").",
                        remedy: "Compare the movement totals with the staging; the Info tables' poses were kept.")]
    }
}
