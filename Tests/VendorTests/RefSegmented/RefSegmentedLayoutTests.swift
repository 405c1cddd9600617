import ArchiveIO
import Foundation
import PlanModel
import RefSegmentedVendor
import Testing
import VendorKit

/// What an export holds: a tar.gz of case.xml and one PLY per crown plus the gingiva, Universal numbers,
/// full-precision 4×4 poses.
@Suite struct RefSegmentedLayoutTests {
    @Test func tarGzWithManifestFirstThenEachMeshOnce() throws {
        let url = try RSeg.sample()
        let reader = try ArchiveReader(contentsOf: url)
        #expect(reader.format == .tarGzip)
        var expected = ["case.xml"]
        for arch in RSeg.plan.arches {
            expected.append("teeth/\(arch.jaw.rawValue)/gingiva.ply")
            expected += arch.teeth.filter { $0.crown != nil }.map { "teeth/\(arch.jaw.rawValue)/tooth-\($0.id.universal).ply" }
        }
        let paths = try reader.entries().filter { $0.kind == .file }.map(\.path)
        #expect(paths == expected)
        // Not baked: no stage models, one mesh per crown whatever the number of stages.
        #expect(!paths.contains { $0.contains("stage") })
    }

    @Test func teethAreNumberedInUniversalNotation() throws {
        let xml = try RSeg.manifest(try RSeg.sample())
        let numbers = RSeg.attributes("number", of: "tooth", in: xml)
        let sent = RSeg.plan.arches.flatMap { $0.teeth.map(\.id.universal) }
        #expect(numbers == sent)
        // Upper right central incisor (FDI 11) is 8, lower left central (FDI 31) is 24.
        #expect(numbers.contains("8") && numbers.contains("24"))
        #expect(!numbers.contains { (Int($0) ?? 0) > 32 })
        // IPR contacts and attachments use Universal numbers too.
        let contacts = RSeg.attributes("contact", of: "ipr", in: xml)
        let sentContacts = RSeg.plan.arches.flatMap { $0.ipr.map { "\($0.contact.first.universal)-\($0.contact.second.universal)" } }
        #expect(contacts == sentContacts && !contacts.isEmpty)
        #expect(RSeg.attributes("tooth", of: "attachment", in: xml)
                == RSeg.plan.arches.flatMap { $0.attachments.map(\.tooth.universal) })
    }

    @Test func manifestNamesTheFormatInItsFirstBytes() throws {
        let xml = try RSeg.manifest(try RSeg.sample())
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<refSegmentedCase format=\"aligngate.ref-segmented\""))
        #expect(String(xml.utf8.prefix(512)).map { $0.contains("aligngate.ref-segmented") } == true)
    }

    @Test func poseMatricesAreWrittenAtFullPrecisionAndReadBackExactly() throws {
        let url = try RSeg.sample()
        let xml = try RSeg.manifest(url)
        let written = RSeg.attributes("matrix", of: "pose", in: xml).map { $0.split(separator: " ").compactMap { Double($0) } }
        // Poses in document order: per arch, per stage, by Universal number.
        var sent: [[Double]] = []
        for arch in RSeg.plan.arches {
            for stage in arch.stages {
                sent += stage.poses.sorted { Int($0.key.universal) ?? 0 < Int($1.key.universal) ?? 0 }.map(\.value.matrix)
            }
        }
        #expect(written.count == sent.count && !sent.isEmpty)
        #expect(written == sent, "the 16 numbers must be the pose's own matrix, bit for bit")
        let read = try RSeg.adapter.read(url, options: IntakeOptions()).plan
        var worst = 0.0
        for (a, b) in zip(RSeg.plan.arches, read.arches) {
            for (s, t) in zip(a.stages, b.stages) {
                #expect(Set(s.poses.keys) == Set(t.poses.keys))
                for (id, pose) in s.poses {
                    let back = t.poses[id]?.matrix ?? []
                    worst = max(worst, zip(pose.matrix, back).map { abs($0 - $1) }.max() ?? .infinity)
                }
            }
        }
        #expect(worst <= 1e-12, "a 4×4 read back differs by \(worst)")
    }

    @Test func plyMeshesAreBinaryAndExact() throws {
        let url = try RSeg.sample()
        let entries = try RSeg.entries(url)
        let upper = try #require(RSeg.plan.arch(.upper))
        let tooth = try #require(upper.teeth.first { $0.crown != nil })
        let ply = try #require(entries.first { $0.path == "teeth/upper/tooth-\(tooth.id.universal).ply" })
        #expect(String(decoding: ply.data.prefix(40), as: UTF8.self).hasPrefix("ply\nformat binary_little_endian 1.0\n"))
        let read = try RSeg.adapter.read(url, options: IntakeOptions()).plan
        #expect(read.arch(.upper)?.tooth(tooth.id)?.crown == tooth.crown)
        #expect(read.arch(.upper)?.gingiva == upper.gingiva)
    }

    @Test func twoExportsAreByteIdentical() throws {
        let a = try RSeg.export(), b = try RSeg.export()
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }

    @Test func caseTextSurvivesEscaping() throws {
        var plan = RSeg.plan
        plan.metadata.notes = "  line one\r\nline <two> & \"three\"\ttabbed\n\n  trailing  "
        plan.metadata.doctor = "Dr. O'Neil & <Partners>"
        plan.metadata.restorativeNotes = "crown on #3 → ceramic; ü, 歯"
        #expect(RSeg.adapter.check(plan).findings.allSatisfy { $0.code != "ref-segmented.text-unrepresentable" })
        let read = try RSeg.adapter.read(try RSeg.export(plan), options: IntakeOptions()).plan
        #expect(read.metadata == plan.metadata)
    }

    @Test func controlCharactersAreWarnedAboutAndReplaced() throws {
        var plan = RSeg.plan
        plan.metadata.notes = "bell\u{7}here"
        let finding = RSeg.adapter.check(plan).findings.first { $0.code == "ref-segmented.text-unrepresentable" }
        #expect(finding?.severity == .warning)
        let read = try RSeg.adapter.read(try RSeg.export(plan), options: IntakeOptions()).plan
        #expect(read.metadata.notes == "bell\u{FFFD}here")
    }

    @Test func overcorrectionAndBiteRampsAreNotWritten() throws {
        var plan = RSeg.plan
        plan.arches[0].stages[plan.arches[0].stages.count - 1].isOvercorrection = true
        var ramp = plan.arches[0].attachments[0]
        ramp.template = AttachmentTemplate(kind: .biteRamp, widthMM: 3, heightMM: 2, depthMM: 1)
        plan.arches[0].attachments.append(ramp)
        let codes = RSeg.adapter.check(plan).findings.map(\.code)
        #expect(codes.contains("stage.overcorrection-unsupported") && codes.contains("attachment.kind-unsupported"))
        let url = try RSeg.export(plan)
        let xml = try RSeg.manifest(url)
        #expect(!xml.contains("overcorrection=") && !xml.contains("bite-ramp"))
        let read = try RSeg.adapter.read(url, options: IntakeOptions()).plan
        #expect(read.arches[0].stages.allSatisfy { !$0.isOvercorrection })
        #expect(read.arches[0].attachments.count == plan.arches[0].attachments.count - 1)
    }

    @Test func aPrimaryToothCannotBeWritten() throws {
        var plan = RSeg.plan
        let i = try #require(plan.arches[0].teeth.firstIndex { $0.id.fdi == 13 })
        plan.arches[0].teeth[i].id = try ToothID(fdi: 53)
        #expect(RSeg.adapter.check(plan).errors.contains { $0.code == "numbering.primary-tooth" })
        let url = try RSeg.scratch().appendingPathComponent("primary.tar.gz")
        do {
            _ = try RSeg.adapter.export(plan, to: url, options: ExportOptions(force: true))
            Issue.record("a primary tooth was written")
        } catch {
            guard case let .malformed(_, file, detail) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == "case.xml" && detail.contains("53"))
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
