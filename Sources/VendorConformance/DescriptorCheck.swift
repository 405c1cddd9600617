import PlanModel
import VendorKit

/// The descriptor is complete and consistent: an id a CLI can take, extensions, sane limits.
enum DescriptorCheck {
    static func run(_ c: ConformanceContext) -> ConformanceReport.Outcome {
        var f = Failures()
        let d = c.descriptor
        f.expect(!d.id.isEmpty && d.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && d.id.first?.isLetter == true,
                 "id '\(d.id)' must be lower-case letters, digits and dashes, starting with a letter")
        f.expect(!d.name.isEmpty, "name is empty")
        f.expect(!d.summary.isEmpty, "summary is empty")
        f.expect(!d.formatVersion.isEmpty, "formatVersion is empty")
        f.expect(!d.extensions.isEmpty && d.extensions.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") },
                 "extensions must be given without a leading dot")
        f.expect(Set(d.capabilities.attachmentKinds).count == d.capabilities.attachmentKinds.count, "attachment kinds repeat")
        let p = d.profile
        for kind in MovementKind.allCases {
            if let l = p.stepLimits[kind] { f.expect(l.isFinite && l > 0, "step limit of \(kind) must be positive, is \(l)") }
            for c in p.classLimits { if let l = c.limits[kind] { f.expect(l.isFinite && l > 0, "\(c.toothClass) limit of \(kind) is \(l)") } }
        }
        f.expect(p.maxStages.map { $0 > 0 } ?? true, "maxStages must be positive")
        f.expect(p.maxIPRPerContactMM.map { $0 > 0 && $0.isFinite } ?? true, "maxIPRPerContactMM must be positive")
        f.expect(p.maxIPRTotalMM.map { $0 > 0 && $0.isFinite } ?? true, "maxIPRTotalMM must be positive")
        f.expect(p.maxTrianglesPerMesh.map { $0 > 0 } ?? true, "maxTrianglesPerMesh must be positive")
        f.expect(p.defaultWearIntervalDays >= 1, "defaultWearIntervalDays must be at least 1")
        f.expect(!p.source.isEmpty, "the profile must say where its figures come from")
        f.expect(d.capabilities.encryption == (d.container == .encryptedZip), "encryption capability and container disagree")
        let caps = d.capabilities
        // Flags of later stages cannot travel in a format that carries the initial position only.
        f.expect(caps.stages == .all || !(caps.passiveStages || caps.overcorrectionStages),
                 "a format that carries the initial stage only cannot claim passive or overcorrection stages")
        f.expect(caps.crownFrames == .exact || caps.segmentedTeeth, "estimated crown frames need segmented teeth to estimate them from")
        let codes = c.adapter.formatFindingCodes
        f.expect(Set(codes).count == codes.count, "formatFindingCodes repeat")
        f.expect(codes.allSatisfy { !FindingCode.all.contains($0) }, "formatFindingCodes must not reuse shared codes")
        return f.outcome
    }
}
