import ArchiveIO
import Foundation
import GenericSTLVendor
import PlanModel
import Testing
import VendorKit

/// What an export holds, checked against the plan independently of the adapter's own code paths.
@Suite struct GenericSTLLayoutTests {
    @Test func entriesComeInTheDocumentedOrder() throws {
        let (url, summary) = try GSTL.sample()
        var expected = ["manifest.json", "README.txt", "movements.csv", "ipr.csv"]
        for arch in GSTL.plan.arches {
            let jaw = arch.jaw.rawValue
            expected += arch.stages.map { "\(jaw)/stage-\(String(format: "%02d", $0.index)).stl" }
            expected.append("\(jaw)/attachment-template.stl")
        }
        #expect(summary.files == expected)
        #expect(try ArchiveReader(contentsOf: url).entries().map(\.path) == expected)
        let size = try FileDigest.size(url), hash = try FileDigest.sha256(url)
        #expect(summary.bytes == size && summary.sha256 == hash)
    }

    @Test func stageNumbersGetThreeDigitsPastStage99() {
        #expect(StageNaming.digits(maxIndex: 12) == 2)
        #expect(StageNaming.digits(maxIndex: 99) == 2)
        #expect(StageNaming.digits(maxIndex: 100) == 3)
        #expect(GenericSTLFormat.stagePath(.lower, stage: 7, digits: 3) == "lower/stage-007.stl")
    }

    @Test func stlHeadersNameTheCaseAndNeverStartWithSolid() throws {
        let (url, _) = try GSTL.sample()
        let stls = try GSTL.entries(url).filter { $0.path.hasSuffix(".stl") }
        #expect(stls.count == GSTL.plan.arches.reduce(0) { $0 + $1.stages.count + 1 })
        for (path, data) in stls {
            let header = String(decoding: data.prefix(80), as: UTF8.self)
            #expect(!header.lowercased().hasPrefix("solid"), "\(path): \(header)")
            #expect(header.contains(GSTL.plan.metadata.caseID), "\(path): \(header)")
            let name = (path as NSString).lastPathComponent.replacingOccurrences(of: ".stl", with: "")
            #expect(header.contains("\(path.prefix { $0 != "/" }) \(name)"), "\(path): \(header)")
        }
    }

    @Test func stageTriangleCountsAreCrownsGingivaAndActiveAttachments() throws {
        let (url, _) = try GSTL.sample()
        let files = Dictionary(uniqueKeysWithValues: try GSTL.entries(url).map { ($0.path, $0.data) })
        for arch in GSTL.plan.arches {
            for stage in arch.stages {
                let path = "\(arch.jaw.rawValue)/stage-\(String(format: "%02d", stage.index)).stl"
                let stl = try #require(files[path])
                let want = GSTL.expectedTriangles(arch, stage: stage.index)
                #expect(GSTL.triangleCount(stl) == want, "\(path)")
                #expect(stl.count == 84 + 50 * want, "\(path)")
            }
            let template = try #require(files["\(arch.jaw.rawValue)/attachment-template.stl"])
            #expect(GSTL.triangleCount(template) == GSTL.expectedTriangles(arch, stage: nil))
        }
        // The sample bonds attachments from stage 1: stage 0 has none, so the models differ.
        let upper = try #require(GSTL.plan.arch(.upper))
        #expect(GSTL.expectedTriangles(upper, stage: 0) < GSTL.expectedTriangles(upper, stage: 1))
    }

    @Test func manifestStartsWithTheFormatAndKeepsFullPrecision() throws {
        let (url, _) = try GSTL.sample()
        let text = String(decoding: try GSTL.data(url, "manifest.json"), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"format\" : \"aligngate.generic-stl\",\n  \"formatVersion\" : \"1.0\",\n  \"units\" : \"mm\",\n  \"numbering\" : \"FDI\","))
        // JSONDecoder, not JSONSerialization: the latter rounds some doubles on Linux.
        let json = try JSONDecoder().decode(ManifestExcerpt.self, from: Data(text.utf8))
        let upper = try #require(GSTL.plan.arch(.upper))
        let pose = try #require(json.arches.first?.stages[5].poses.first)
        let tooth = try #require(upper.stages[5].poses.keys.sorted().first)
        let sent = try #require(upper.stages[5].poses[tooth])
        #expect(pose.tooth == tooth.fdi)
        #expect(pose.translation == [sent.translation.x, sent.translation.y, sent.translation.z])
        #expect(pose.rotation == [sent.rotation.w, sent.rotation.x, sent.rotation.y, sent.rotation.z])
        #expect(json.case.created == ISO8601Format.string(GSTL.plan.metadata.created))
        #expect(json.case.created.hasSuffix(".000Z"))
    }

    @Test func movementsCSVMatchesTheMovementTable() throws {
        let (url, _) = try GSTL.sample()
        let text = String(decoding: try GSTL.data(url, "movements.csv"), as: UTF8.self)
        #expect(!text.contains("\r") && text.hasSuffix("\n"))
        let lines = text.split(separator: "\n").map(String.init)
        let components = ["mesial_distal_mm", "buccal_lingual_mm", "extrusion_intrusion_mm", "tip_deg", "torque_deg", "rotation_deg"]
        #expect(lines.first == (["arch", "stage", "tooth_fdi"] + components + components.map { "cum_" + $0 }).joined(separator: ","))
        var expected: [(Jaw, Int, ToothStageMovement)] = []
        for arch in GSTL.plan.arches {
            for stage in Movements.table(for: arch) { expected += stage.teeth.map { (arch.jaw, stage.stage, $0) } }
        }
        let movable = GSTL.plan.arches.reduce(0) { $0 + $1.alignerCount * $1.movableTeeth.count }
        #expect(lines.count - 1 == expected.count && expected.count == movable)
        let kinds = MovementKind.allCases
        for (line, (jaw, stage, row)) in zip(lines.dropFirst(), expected) {
            let f = line.split(separator: ",").map(String.init)
            try #require(f.count == 15)
            #expect(f[0] == jaw.rawValue && f[1] == String(stage) && f[2] == String(row.tooth.fdi), "\(line)")
            for (i, kind) in kinds.enumerated() {
                let decimals = kind.isLinear ? 4 : 3
                for (column, value) in [(3 + i, row.step[kind]), (9 + i, row.cumulative[kind])] {
                    #expect(f[column].split(separator: ".").last?.count == decimals, "\(f[column])")
                    #expect(f[column] != "-0.0000" && f[column] != "-0.000")
                    let read = try #require(Double(f[column]))
                    #expect(abs(read - value) <= 0.5 * pow(10, -Double(decimals)) + 1e-12, "\(line) column \(column)")
                }
            }
        }
    }

    @Test func iprCSVHasOneRowPerEvent() throws {
        let (url, _) = try GSTL.sample()
        let lines = String(decoding: try GSTL.data(url, "ipr.csv"), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.first == "arch,contact,tooth_a_fdi,tooth_b_fdi,amount_mm,before_stage")
        let events = GSTL.plan.arches.flatMap { arch in arch.ipr.map { (arch.jaw, $0) } }
        #expect(!events.isEmpty && lines.count - 1 == events.count)
        for (jaw, e) in events {
            let row = "\(jaw.rawValue),\(e.contact),\(e.contact.first.fdi),\(e.contact.second.fdi),"
            let match = lines.first { $0.hasPrefix(row) && $0.hasSuffix(",\(e.beforeStage)") }
            let amount = try #require(match?.split(separator: ",")[4]).description
            #expect(abs((Double(amount) ?? -1) - e.amountMM) <= 0.00005, "\(row)")
        }
    }

    @Test func readmeIsTheCaseSheet() throws {
        let (url, _) = try GSTL.sample()
        let text = String(decoding: try GSTL.data(url, "README.txt"), as: UTF8.self)
        let m = GSTL.plan.metadata
        let aligners = GSTL.plan.arches.map { "\($0.jaw.rawValue) \($0.alignerCount)" }
        for needle in [m.caseID, m.patientReference, m.doctor, m.clinic, "14 days per aligner",
                       "upper/stage-00.stl … upper/stage-12.stl", "lower/attachment-template.stl", "IPR", "Attachments"] + aligners {
            #expect(text.contains(needle), "README.txt lacks \(needle)")
        }
    }

    @Test func existingTargetIsRefusedUnlessOverwriting() throws {
        let (url, summary) = try GSTL.export()
        #expect(throws: VendorError.self) { try GSTL.adapter.export(GSTL.plan, to: url, options: ExportOptions(force: true)) }
        let again = try GSTL.adapter.export(GSTL.plan, to: url, options: ExportOptions(force: true, overwrite: true))
        #expect(again.sha256 == summary.sha256)
    }

    @Test func checkHasNoMovementLimitsButWantsClosedModels() {
        let d = GSTL.adapter.descriptor
        #expect(d.profile.stepLimits == MovementLimits() && d.profile.maxStages == nil)
        #expect(d.profile.maxTrianglesPerMesh == 2_000_000 && d.profile.watertightRequired)
        #expect(GSTL.adapter.check(GSTL.plan).findings.allSatisfy { $0.code != FindingCode.stepLimit })
    }
}

/// The few manifest keys the layout tests look at.
struct ManifestExcerpt: Decodable {
    struct Case: Decodable { var created: String }
    struct Pose: Decodable { var tooth: Int; var rotation: [Double]; var translation: [Double] }
    struct Stage: Decodable { var poses: [Pose] }
    struct Arch: Decodable { var stages: [Stage] }
    var `case`: Case
    var arches: [Arch]
}

/// The manifest's date form, written independently of the adapter.
enum ISO8601Format {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
