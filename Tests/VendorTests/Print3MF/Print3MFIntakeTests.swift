import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import Testing
import VendorKit
@testable import Print3MFVendor

/// Intake: an untouched export reads back losslessly; a tampered one gives findings or typed errors
/// naming the 3MF and the part.
@Suite struct Print3MFIntakeTests {
    @Test func anExportReadsBackExactly() throws {
        let (url, _) = try P3.sample()
        let result = try P3.adapter.read(url, options: IntakeOptions())
        #expect(result.report.findings.isEmpty, "\(result.report.findings.prefix(3))")
        let plan = result.plan
        #expect(plan.metadata == P3.plan.metadata)
        for (sent, read) in zip(P3.plan.arches, plan.arches) {
            #expect(read.gingiva == sent.gingiva)
            #expect(read.teeth.map(\.crown) == sent.teeth.map(\.crown), "crowns are bit-exact")
            #expect(read.attachments == sent.attachments && read.ipr == sent.ipr)
            for stage in sent.stages {
                for tooth in sent.movableTeeth {
                    #expect(read.pose(of: tooth.id, atStage: stage.index).maxDifference(to: sent.pose(of: tooth.id, atStage: stage.index)) < 1e-12)
                }
            }
        }
        #expect(PlanValidator.validate(plan).isEmpty)
    }

    @Test func aForeignCaseIDIsAFinding() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.upper, 4)
        let tampered = try P3.editing(url, path) { model in
            model.metadata = model.metadata.map { $0.name == "ag:case" ? ThreeMFMetadata(name: "ag:case", value: "OTHER-1") : $0 }
        }
        let result = try P3.adapter.read(tampered, options: IntakeOptions())
        let finding = try #require(result.report.findings.first)
        #expect(finding.code == Print3MFFormat.Code.metadataMismatch && finding.severity == .error)
        #expect(finding.location.file == path && finding.location.stage == 4 && finding.location.arch == .upper)
        #expect(result.report.findings.count == 1)
    }

    @Test func aMissingAttachmentIsAFinding() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.lower, 5)
        let tampered = try P3.editing(url, path) { model in
            guard let last = model.archObject?.components.last else { return }
            model.editArchComponents { $0.removeLast() }
            model.objects.removeAll { $0.id == last.objectID }
        }
        let codes = try P3.adapter.read(tampered, options: IntakeOptions()).report.findings.map(\.code)
        #expect(codes == [Print3MFFormat.Code.attachmentMismatch])
    }

    @Test func aMovedCrownIsAFindingAndTheComponentWins() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.upper, 2)
        let shift = RigidTransform(translation: Vector3(0.5, 0, 0))
        var moved: RigidTransform?
        let tampered = try P3.editingComponents(url, path) { components in
            guard let t = components[0].transform, let pose = try? t.rigidTransform() else { return }
            moved = shift.composed(with: pose)
            components[0].transform = moved.map(ThreeMFTransform.init)
        }
        let result = try P3.adapter.read(tampered, options: IntakeOptions())
        let finding = try #require(result.report.findings.first)
        #expect(result.report.findings.count == 1)
        #expect(finding.code == Print3MFFormat.Code.geometryMismatch && finding.location.file == path)
        #expect(finding.message.contains("component of tooth-"), "\(finding.message)")
        let tooth = try #require(finding.location.tooth)
        let read = try #require(result.plan.arches.first).pose(of: tooth, atStage: 2)
        #expect(try read.maxDifference(to: #require(moved)) < 1e-12)
    }

    @Test func aNonRigidTransformIsATypedError() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.upper, 3)
        let tampered = try P3.editingComponents(url, path) { components in
            components[0].transform = ThreeMFTransform(values: [1.5, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
        }
        guard case let .malformed(_, file, detail) = P3.readError(tampered) else { Issue.record("expected a typed error"); return }
        #expect(file == path)
        #expect(detail.contains("not rigid"))
    }

    @Test func aMissing3MFIsATypedErrorNamingIt() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.lower, 9)
        let dropped = try P3.rewrite(url) { entry, data in entry == path ? nil : data }
        guard case let .malformed(_, file, _) = P3.readError(dropped) else { Issue.record("expected a typed error"); return }
        #expect(file == path)
    }

    @Test func malformedPartsAreTypedErrorsNamingThe3MFAndThePart() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.upper, 1)
        let parts = try P3.parts(try P3.data(url, path))
        let model = parts["3D/3dmodel.model"] ?? Data()
        let types = parts["[Content_Types].xml"] ?? Data()
        let rels = parts["_rels/.rels"] ?? Data()
        let broken = Data(String(decoding: model, as: UTF8.self).replacingOccurrences(of: "</resources>", with: "</resourcez>").utf8)
        let cases: [([(String, Data)], String)] = [
            ([("[Content_Types].xml", types), ("_rels/.rels", rels), ("3D/3dmodel.model", broken)], "3D/3dmodel.model"),
            ([("_rels/.rels", rels), ("3D/3dmodel.model", model)], "[Content_Types].xml"),
            ([("[Content_Types].xml", types), ("3D/3dmodel.model", model)], "_rels/.rels"),
            ([("[Content_Types].xml", types), ("_rels/.rels", rels)], "3D/3dmodel.model"),
        ]
        for (entries, part) in cases {
            let replacement = try P3.zip(entries)
            let damaged = try P3.rewrite(url) { entry, data in entry == path ? replacement : data }
            guard case let .malformed(_, file, detail) = P3.readError(damaged) else { Issue.record("no typed error for \(part)"); continue }
            #expect(file == path, "\(part)")
            #expect(detail.contains(part), "\(detail)")
        }
        // Not a zip at all.
        let garbage = try P3.rewrite(url) { entry, data in entry == path ? Data("not a 3MF".utf8) : data }
        guard case let .malformed(_, file, _) = P3.readError(garbage) else { Issue.record("garbage 3MF"); return }
        #expect(file == path)
    }

    @Test func aBrokenManifestIsATypedError() throws {
        let (url, _) = try P3.sample()
        let noManifest = try P3.rewrite(url) { entry, data in entry == Print3MFFormat.manifestPath ? nil : data }
        guard case let .malformed(_, file, _) = P3.readError(noManifest) else { Issue.record("missing manifest"); return }
        #expect(file == Print3MFFormat.manifestPath)
        let badTooth = try P3.rewrite(url) { entry, data in
            guard entry == Print3MFFormat.manifestPath else { return data }
            return Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"fdi\" : 11", with: "\"fdi\" : 19").utf8)
        }
        guard case let .malformed(_, _, detail) = P3.readError(badTooth) else { Issue.record("bad tooth"); return }
        #expect(detail.contains("fdi") && detail.contains("19"), "\(detail)")
    }

    @Test func unknownEntriesAndObjectsAreWarnings() throws {
        let (url, _) = try P3.sample()
        let extra = try P3.rewrite(url, extra: [("notes/readme.txt", Data("hi".utf8))]) { _, data in data }
        let codes = try P3.adapter.read(extra, options: IntakeOptions()).report.findings.map { ($0.code, $0.severity) }
        #expect(codes.map(\.0) == [Print3MFFormat.Code.unknownEntry] && codes.map(\.1) == [.warning])
        let path = P3.stagePath(.upper, 6)
        let added = try P3.editing(url, path) { model in
            // A part the print farm added, defined before the arch model that places it.
            let id = (model.objects.map(\.id).max() ?? 0) + 1
            model.objects.insert(ThreeMFObject(id: id, name: "support", mesh: model.objects[0].mesh ?? TriangleMesh()),
                                 at: model.objects.count - 1)
            model.editArchComponents { $0.append(ThreeMFComponent(objectID: id)) }
        }
        let findings = try P3.adapter.read(added, options: IntakeOptions()).report.findings
        #expect(findings.map(\.code) == [Print3MFFormat.Code.unexpectedObject])
        #expect(findings.first?.message.contains("support") == true)
    }

    @Test func moreThanOneBuildItemIsATypedErrorNamingThe3MF() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.lower, 4)
        // The gingiva built on its own as well: a slicer could place it apart from the arch.
        let twoItems = try P3.editing(url, path) { model in
            guard let gingiva = model.objects.first(where: { $0.name == "gingiva" }) else { return }
            model.build.append(ThreeMFBuildItem(objectID: gingiva.id))
        }
        guard case let .malformed(_, file, detail) = P3.readError(twoItems) else { Issue.record("expected a typed error"); return }
        #expect(file == path)
        #expect(detail.contains("2 items") && detail.contains("exactly one"), "\(detail)")
        // Every part its own item (the 1.0 layout) under a 1.1 manifest: refused the same way.
        let flattened = try P3.editing(url, path) { model in
            guard let arch = model.archObject else { return }
            model.objects.removeAll { $0.id == arch.id }
            model.build = arch.components.map { ThreeMFBuildItem(objectID: $0.objectID, transform: $0.transform) }
        }
        guard case let .malformed(_, file2, detail2) = P3.readError(flattened) else { Issue.record("expected a typed error"); return }
        #expect(file2 == path && detail2.contains("exactly one"), "\(detail2)")
        let none = try P3.editing(url, path) { $0.build = [] }
        guard case let .malformed(_, file3, detail3) = P3.readError(none) else { Issue.record("expected a typed error"); return }
        #expect(file3 == path && detail3.contains("0 items"), "\(detail3)")
    }

    @Test func aMissingArchModelIsATypedErrorNamingThe3MF() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.upper, 8)
        // One build item, but of a mesh (the first crown) rather than the arch model.
        let meshItem = try P3.editing(url, path) { model in
            model.build = [ThreeMFBuildItem(objectID: 1)]
        }
        guard case let .malformed(_, file, detail) = P3.readError(meshItem) else { Issue.record("expected a typed error"); return }
        #expect(file == path)
        #expect(detail.contains("no arch model") && detail.contains("object 1 is a mesh"), "\(detail)")
    }

    @Test func aRenamedArchModelIsAFinding() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.upper, 4)
        let renamed = try P3.editing(url, path) { model in
            guard let i = model.objects.indices.last else { return }
            model.objects[i].name = "SAMPLE-11 upper stage 05"
        }
        let findings = try P3.adapter.read(renamed, options: IntakeOptions()).report.findings
        #expect(findings.map(\.code) == [Print3MFFormat.Code.metadataMismatch])
        #expect(findings.first?.message.contains("SAMPLE-11 upper stage 04") == true)
        #expect(findings.first?.location.file == path)
    }

    /// A slicer moves the arch model on its plate through the build item: the plan is unchanged. A
    /// scale or mirror there would print the wrong size: a finding.
    @Test func aMovedArchModelReadsCleanlyAndAScaledOneIsAFinding() throws {
        let (url, _) = try P3.sample()
        let path = P3.stagePath(.lower, 3)
        let plate = RigidTransform(rotation: Quaternion(axis: .unitZ, degrees: 90), translation: Vector3(100, 80, 12))
        let moved = try P3.editing(url, path) { $0.build[0].transform = ThreeMFTransform(plate) }
        let result = try P3.adapter.read(moved, options: IntakeOptions())
        #expect(result.report.findings.isEmpty, "\(result.report.findings)")
        for (sent, read) in zip(P3.plan.arches, result.plan.arches) {
            for tooth in sent.movableTeeth {
                #expect(read.pose(of: tooth.id, atStage: 3).maxDifference(to: sent.pose(of: tooth.id, atStage: 3)) < 1e-12)
            }
        }
        let scaled = try P3.editing(url, path) { $0.build[0].transform = ThreeMFTransform(values: [1.1, 0, 0, 0, 1.1, 0, 0, 0, 1.1, 0, 0, 0]) }
        let findings = try P3.adapter.read(scaled, options: IntakeOptions()).report.findings
        #expect(findings.map(\.code) == [Print3MFFormat.Code.geometryMismatch])
        #expect(findings.first?.message.contains("scales") == true)
    }

    /// Archives written by format 1.0 (every part its own build item) still read back exactly.
    @Test func aVersion1_0ArchiveReadsBackExactly() throws {
        let (url, _) = try P3.sample()
        let legacy = try P3.asVersion1_0(url)
        let model = try P3.model(legacy, P3.stagePath(.upper, 6))
        #expect(model.build.count > 1 && model.objects.allSatisfy { $0.mesh != nil }, "the 1.0 layout")
        let result = try P3.adapter.read(legacy, options: IntakeOptions())
        #expect(result.report.findings.isEmpty, "\(result.report.findings.prefix(3))")
        for (sent, read) in zip(P3.plan.arches, result.plan.arches) {
            #expect(read.teeth.map(\.crown) == sent.teeth.map(\.crown) && read.gingiva == sent.gingiva)
            for stage in sent.stages {
                for tooth in sent.movableTeeth {
                    #expect(read.pose(of: tooth.id, atStage: stage.index).maxDifference(to: sent.pose(of: tooth.id, atStage: stage.index)) < 1e-12)
                }
            }
        }
        // …and a moved crown there is found as before, by its build item.
        let moved = try P3.editing(legacy, P3.stagePath(.upper, 2)) { model in
            guard let t = model.build[0].transform, let pose = try? t.rigidTransform() else { return }
            model.build[0].transform = ThreeMFTransform(RigidTransform(translation: Vector3(0, 0.3, 0)).composed(with: pose))
        }
        let findings = try P3.adapter.read(moved, options: IntakeOptions()).report.findings
        #expect(findings.map(\.code) == [Print3MFFormat.Code.geometryMismatch])
        #expect(findings.first?.message.contains("build item of tooth-") == true)
    }

    @Test func aMalformedFormatVersionIsATypedError() throws {
        let (url, _) = try P3.sample()
        let bad = try P3.rewrite(url) { entry, data in
            guard entry == Print3MFFormat.manifestPath else { return data }
            return Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"formatVersion\" : \"1.1\"", with: "\"formatVersion\" : \"1.x\"").utf8)
        }
        guard case let .malformed(_, file, detail) = P3.readError(bad) else { Issue.record("expected a typed error"); return }
        #expect(file == Print3MFFormat.manifestPath && detail.contains("formatVersion"), "\(detail)")
        let newer = try P3.rewrite(url) { entry, data in
            guard entry == Print3MFFormat.manifestPath else { return data }
            return Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"formatVersion\" : \"1.1\"", with: "\"formatVersion\" : \"2.0\"").utf8)
        }
        guard case let .malformed(_, _, detail2) = P3.readError(newer) else { Issue.record("expected a typed error"); return }
        #expect(detail2.contains("newer"), "\(detail2)")
    }

    @Test func checkRequiresClosedMeshesAndDistinctCorners() throws {
        var plan = P3.plan
        guard var crown = plan.arches[0].teeth[0].crown else { Issue.record("no crown"); return }
        crown.indices.removeLast(3)  // one triangle gone: an open crown
        plan.arches[0].teeth[0].crown = crown
        let open = P3.adapter.check(plan)
        #expect(open.errors.contains { $0.code == FindingCode.meshNotClosed && $0.location.tooth == plan.arches[0].teeth[0].id })
        crown.indices += [0, 0, 1]
        plan.arches[0].teeth[0].crown = crown
        let repeated = P3.adapter.check(plan)
        #expect(repeated.errors.contains { $0.code == Print3MFFormat.Code.repeatedCorner })
        // Forced, the writer still refuses a triangle 3MF cannot hold, with a typed error and nothing left behind.
        let folder = try P3.scratch()
        #expect(throws: VendorError.self) { try P3.adapter.export(plan, to: folder.appendingPathComponent("x.zip"), options: ExportOptions(force: true)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func theSampleIsCompatible() {
        let report = P3.adapter.check(P3.plan)
        #expect(report.verdict == .compatible, "\(report.findings.prefix(5))")
    }
}
