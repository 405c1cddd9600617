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
            result = try CurrentReader.read(files, mine.filter { $0.1.isCurrent }, caseID: caseID, findings: &findings)
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
    static func crossCheck(_ arch: Arch, step: Int, path: String, data: Data, encoding: TabText.Encoding = .utf16) -> [Finding] {
        let cells: [ToothID: [MovementTotals.Property: MovementTotals.Cell]]
        do throws(VendorError) { cells = try MovementTotals.parse(data, file: path, encoding: encoding) } catch {
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
