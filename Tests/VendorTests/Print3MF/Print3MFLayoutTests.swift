import ArchiveIO
import Foundation
import MeshIO
import PlanModel
import Testing
import VendorKit
@testable import Print3MFVendor

/// What an export holds: the entries, each stage 3MF's objects, build items, transforms and metadata.
@Suite struct Print3MFLayoutTests {
    @Test func entriesAreTheManifestThenOne3MFPerArchAndStage() throws {
        let (url, summary) = try P3.sample()
        var expected = [Print3MFFormat.manifestPath]
        for arch in P3.plan.arches {
            for stage in arch.stages { expected.append(P3.stagePath(arch.jaw, stage.index)) }
        }
        let entries = try ArchiveReader(contentsOf: url).entries()
        #expect(entries.map(\.path) == expected)
        #expect(summary.files == expected)
        #expect(expected[1] == "upper/SAMPLE-11-upper-stage-00.3mf")
        #expect(expected.last == "lower/SAMPLE-11-lower-stage-\(Print3MFFormat.stageNumber(P3.plan.arches[1].stages.count - 1)).3mf")
        // The 3MFs are zips already: stored, not deflated again.
        for entry in entries.dropFirst() { #expect(entry.compressedSize == entry.declaredSize, "\(entry.path)") }
    }

    @Test func each3MFHoldsTheThreeCoreParts() throws {
        let (url, _) = try P3.sample()
        let parts = try P3.parts(try P3.data(url, P3.stagePath(.upper, 3)))
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "3D/3dmodel.model"])
        let types = String(decoding: parts["[Content_Types].xml"] ?? Data(), as: UTF8.self)
        #expect(types.contains("Extension=\"model\" ContentType=\"application/vnd.ms-package.3dmanufacturing-3dmodel+xml\""))
        #expect(types.contains("Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\""))
        let rels = String(decoding: parts["_rels/.rels"] ?? Data(), as: UTF8.self)
        #expect(rels.contains("Target=\"/3D/3dmodel.model\" Id=\"rel0\" Type=\"http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel\""))
        let model = String(decoding: parts["3D/3dmodel.model"] ?? Data(), as: UTF8.self)
        #expect(model.contains("<model unit=\"millimeter\" xml:lang=\"en-US\" xmlns=\"\(ThreeMF.coreNamespace)\" xmlns:ag=\"\(Print3MFFormat.namespaceURI)\">"))
        #expect(model.contains("<metadata name=\"ag:label\">SAMPLE-11 U 03</metadata>"))
    }

    @Test func everyStageBuildsOneArchModelOfItsCrownsGingivaAndActiveAttachments() throws {
        let (url, _) = try P3.sample()
        for arch in P3.plan.arches {
            let crowns = arch.teeth.filter { $0.crown != nil }
            for stage in [0, 1, arch.stages.count / 2, arch.stages.count - 1] {
                let at: Comment = "\(arch.jaw) stage \(stage)"
                let model = try P3.model(url, P3.stagePath(arch.jaw, stage))
                let active = arch.attachments.filter { $0.isActive(atStage: stage) }
                let partCount = crowns.count + (arch.gingiva == nil ? 0 : 1) + active.count
                // The parts, ids 1…n, then the arch model, the one build item, placed by no transform.
                #expect(model.objects.map(\.id) == Array(1...partCount + 1), at)
                #expect(model.build == [ThreeMFBuildItem(objectID: partCount + 1)], at)
                let archObject = try #require(model.archObject)
                #expect(archObject.name == "SAMPLE-11 \(arch.jaw.rawValue) stage \(Print3MFFormat.stageNumber(stage))")
                #expect(archObject.mesh == nil && archObject.components.map(\.objectID) == Array(1...partCount), at)
                #expect(model.objects.dropLast().allSatisfy { $0.mesh != nil && $0.components.isEmpty }, "parts are meshes")
                let names = model.archParts.compactMap(\.object.name)
                #expect(names == crowns.sorted { $0.id.archPosition < $1.id.archPosition }.map { "tooth-\($0.id.fdi)" }
                        + ["gingiva"] + active.map { "attachment-\($0.tooth.fdi)-\($0.template.kind.rawValue)" })
                let triangles = crowns.reduce(arch.gingiva?.triangleCount ?? 0) { $0 + ($1.crown?.triangleCount ?? 0) }
                    + active.reduce(0) { $0 + $1.template.mesh().triangleCount }
                #expect(model.triangleCount == triangles)
                #expect(model.objects.allSatisfy { $0.type == .model })
            }
        }
    }

    @Test func theModelXMLHasOneItemAndTheComponentsAfterTheParts() throws {
        let (url, _) = try P3.sample()
        let parts = try P3.parts(try P3.data(url, P3.stagePath(.upper, 5)))
        let text = String(decoding: parts["3D/3dmodel.model"] ?? Data(), as: UTF8.self)
        let model = try P3.model(url, P3.stagePath(.upper, 5))
        let archID = try #require(model.archObject).id
        #expect(text.contains(" <build>\n  <item objectid=\"\(archID)\"/>\n </build>\n"))
        #expect(text.components(separatedBy: "<item ").count == 2, "exactly one build item")
        #expect(text.contains("  <object id=\"\(archID)\" type=\"model\" name=\"SAMPLE-11 upper stage 05\">\n   <components>\n    <component objectid=\"1\" transform=\""))
        #expect(text.contains("<component objectid=\"\(archID - 1)\"/>\n   </components>"), "the last attachment, unmoved")
        #expect(text.components(separatedBy: "<components>").count == 2 && text.components(separatedBy: "<mesh>").count == archID)
    }

    @Test func crownComponentsCarryTheExactStagePose() throws {
        let (url, _) = try P3.sample()
        let arch = P3.plan.arches[0]
        let stage = 7
        let model = try P3.model(url, P3.stagePath(arch.jaw, stage))
        #expect(model.archParts.count == model.objects.count - 1)
        for (object, transform) in model.archParts {
            let name = object.name ?? ""
            if name.hasPrefix("tooth-"), let fdi = Int(name.dropFirst(6)), let id = try? ToothID(fdi: fdi) {
                let pose = arch.pose(of: id, atStage: stage)
                let transform = try #require(transform)
                #expect(transform == ThreeMFTransform(pose), "the numbers written are the pose's own")
                #expect(try transform.rigidTransform().maxDifference(to: pose) < 1e-12)
                // The printed crown (p · M) is the plan's crown at this stage.
                let crown = try #require(arch.tooth(id)?.crown)
                let moved = crown.transformed(by: pose)
                for v in stride(from: 0, to: crown.vertexCount, by: 37) {
                    #expect(transform.apply(to: crown.vertex(v)).maxDifference(to: moved.vertex(v)) < 1e-4)
                }
                #expect(object.mesh == crown, "the object is the stage-0 crown")
            } else {
                #expect(transform == nil, "\(name) is placed by its mesh, not by a transform")
            }
        }
    }

    /// What a slicer prints — the build with every component resolved — is the baked stage model.
    @Test func theResolvedBuildIsTheBakedStageModel() throws {
        let (url, _) = try P3.sample()
        for arch in P3.plan.arches {
            let stage = arch.stages.count - 2
            let printed = try P3.model(url, P3.stagePath(arch.jaw, stage)).buildMesh()
            let baked = StageBaker.model(arch, stage: stage).mesh
            #expect(printed.indices == baked.indices)
            #expect(printed.vertexCount == baked.vertexCount)
            let worst = zip(printed.positions, baked.positions).map { abs(Double($0) - Double($1)) }.max() ?? .infinity
            #expect(worst < 1e-4, "\(arch.jaw): \(worst) mm")
        }
    }

    @Test func attachmentsAreBakedAtTheirStagePose() throws {
        let (url, _) = try P3.sample()
        let arch = P3.plan.arches[0]
        let stage = arch.stages.count - 1
        let model = try P3.model(url, P3.stagePath(arch.jaw, stage))
        let active = arch.attachments.filter { $0.isActive(atStage: stage) }
        let solids = model.objects.filter { $0.name?.hasPrefix("attachment-") == true }
        #expect(solids.count == active.count && !active.isEmpty)
        for (a, object) in zip(active, solids) {
            let frame = try #require(arch.tooth(a.tooth)).frame
            #expect(object.mesh == StageBaker.attachmentSolid(a, frame: frame, pose: arch.pose(of: a.tooth, atStage: stage)))
        }
    }

    @Test func metadataNamesCaseArchStageAndLabel() throws {
        let (url, _) = try P3.sample()
        let model = try P3.model(url, P3.stagePath(.lower, 7))
        #expect(model.unit == .millimeter)
        #expect(model.metadataValue("Title") == "SAMPLE-11 lower stage 7")
        #expect(model.metadataValue("Application") == "aligngate")
        #expect(model.metadataValue("CreationDate") == ISODate.format(P3.plan.metadata.created))
        #expect(model.metadataValue("ag:case") == "SAMPLE-11")
        #expect(model.metadataValue("ag:arch") == "lower")
        #expect(model.metadataValue("ag:stage") == "7")
        #expect(model.metadataValue("ag:label") == "SAMPLE-11 L 07")
        #expect(model.namespaces == [ThreeMFNamespace(prefix: "ag", uri: Print3MFFormat.namespaceURI)])
    }

    @Test func manifestNamesTheFormatFirstAndRecordsEveryStage() throws {
        let (url, _) = try P3.sample()
        let data = try P3.data(url, Print3MFFormat.manifestPath)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"format\" : \"aligngate.print-3mf\",\n  \"formatVersion\" : \"1.1\",\n  \"unit\" : \"millimeter\","))
        let manifest = try ManifestJSON.decode(PrintManifest.self, from: data)
        #expect(manifest.case.created == ISODate.format(P3.plan.metadata.created))
        #expect(manifest.case.created.hasSuffix("Z") && manifest.case.created.contains("."))
        for (arch, record) in zip(P3.plan.arches, manifest.arches) {
            #expect(record.stages.map(\.index) == arch.stages.map(\.index))
            #expect(record.stages.map(\.passive) == arch.stages.map(\.isPassive))
            #expect(record.stages.map(\.overcorrection) == arch.stages.map(\.isOvercorrection))
            #expect(record.ipr.count == arch.ipr.count && record.attachments.count == arch.attachments.count)
            for (stage, s) in zip(arch.stages, record.stages) {
                #expect(s.file == P3.stagePath(arch.jaw, stage.index))
                #expect(s.label == Print3MFFormat.label(caseID: "SAMPLE-11", jaw: arch.jaw, stage: stage.index))
                #expect(s.poses.count == arch.teeth.filter { $0.crown != nil }.count)
                #expect(s.buildItems == 1)
                #expect(s.components == s.poses.count + (arch.gingiva == nil ? 0 : 1) + s.attachments.count)
                for pose in s.poses {
                    let id = try ToothID(fdi: pose.tooth)
                    #expect(pose.transform == ThreeMFTransform(arch.pose(of: id, atStage: stage.index)).values)
                }
            }
        }
    }

    @Test func namesAreSanitizedAndLabelsPadded() {
        #expect(Print3MFFormat.sanitized("AB 12/ü:x") == "AB_12___x")
        #expect(Print3MFFormat.sanitized("") == "case")
        #expect(Print3MFFormat.stagePath(caseID: "C 1", jaw: .upper, stage: 7) == "upper/C_1-upper-stage-07.3mf")
        #expect(Print3MFFormat.stagePath(caseID: "C", jaw: .lower, stage: 123) == "lower/C-lower-stage-123.3mf")
        #expect(Print3MFFormat.label(caseID: "C 1", jaw: .lower, stage: 0) == "C 1 L 00")
    }
}
