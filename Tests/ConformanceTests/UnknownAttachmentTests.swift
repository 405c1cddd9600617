import Foundation
import Gateway
import PlanModel
import Testing
import VendorKit

/// An attachment of unknown kind through every adapter: carried where the capabilities list the kind,
/// otherwise reported lost (`attachment.kind-unsupported`) and left out of the archive, never baked as an
/// invented shape.
@Suite struct UnknownAttachmentTests {
    /// The cross-vendor sample with its first upper attachment of unknown kind, labelled by its source.
    static let plan: TreatmentPlan = {
        var plan = CrossVendor.plan
        if let first = plan.arches.first?.attachments.indices.first {
            plan.arches[0].attachments[first].template = AttachmentTemplate(kind: .unknown, widthMM: 3, heightMM: 2,
                                                                            depthMM: 1, label: "Ellipse 3 mm")
        }
        return plan
    }()

    static var unknown: PlanModel.Attachment? { plan.arches.first?.attachments.first }

    @Test func everyAdapterEitherCarriesItOrReportsTheLoss() throws {
        let unknown = try #require(Self.unknown)
        #expect(unknown.template.kind == .unknown)
        for adapter in try CrossVendor.registry().adapters where adapter.descriptor.direction.exports {
            let d = adapter.descriptor
            let lost = adapter.check(Self.plan).findings.filter {
                $0.code == FindingCode.attachmentKindUnsupported && $0.message.contains("unknown kind")
            }
            if d.capabilities.attachmentKinds.contains(.unknown) {
                #expect(lost.isEmpty, "\(d.id): \(lost)")
            } else {
                #expect(lost.count == 1 && lost[0].severity == .warning && lost[0].message.contains("Ellipse 3 mm")
                        && lost[0].location.tooth == unknown.tooth, "\(d.id): \(lost)")
            }
        }
    }

    @Test(arguments: ["alignplan", "generic-stl", "print-3mf", "ref-segmented", "ref-sealed"])
    func exportThenIntakeKeepsExactlyWhatTheCapabilitiesSay(_ id: String) throws {
        let registry = try CrossVendor.registry()
        let adapter = try registry.adapter(id)
        let url = try CrossVendor.export(adapter, Self.plan)
        let read = try adapter.read(url, options: IntakeOptions(password: CrossVendor.password(adapter)))
        let back = read.plan.arches[0].attachments
        let sent = Self.plan.arches[0].attachments
        if adapter.descriptor.capabilities.attachmentKinds.contains(.unknown) {
            #expect(back.first?.template == sent.first?.template)
        } else {
            let carried = sent.filter { adapter.descriptor.capabilities.attachmentKinds.contains($0.template.kind) }
            #expect(back.count == carried.count && !back.contains { $0.template.kind == .unknown }, "\(id)")
            #expect(read.report.errors.isEmpty, "\(id): \(read.report.errors)")
        }
    }

    /// A baked model holds the solids of known kinds only: an unknown kind adds no triangles.
    @Test func bakingLeavesTheUnknownSolidOut() throws {
        let arch = Self.plan.arches[0]
        var without = arch
        without.attachments.removeFirst()
        let stage = try #require(Self.unknown).stagePlaced
        let baked = StageBaker.model(arch, stage: stage)
        #expect(baked.mesh.triangleCount == StageBaker.model(without, stage: stage).mesh.triangleCount)
        #expect(!baked.parts.contains { $0.kind == .attachment && $0.attachment == 0 })
    }
}
