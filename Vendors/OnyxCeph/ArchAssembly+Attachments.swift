import MeshIO
import PlanModel
import VendorKit

extension ArchAssembly {
    /// The attachments of the arch (FORMAT.md, "Attachments"): an `NN: <type>` object present over a run of
    /// consecutive steps is one attachment, bonded before the run's first step and removed after its last
    /// (kept to the end when the run reaches the arch's last step). The k-th object of a name in a model is
    /// the k-th row of that name in the step's Info table, whose frame gives the placement.
    mutating func attachments(_ steps: [Reduced], arch: Arch) throws(VendorError) -> [Attachment] {
        struct Run {
            var tooth: ToothID
            var type: String
            var name: String
            var occurrence: Int
            var steps: [Int] = []
        }
        var open: [String: Run] = [:]
        var runs: [Run] = []
        for (k, step) in steps.enumerated() {
            var seen: [String: Int] = [:]
            var present: Set<String> = []
            for a in step.attachments {
                let (tooth, type, name) = (a.tooth, a.type, a.name)
                let occurrence = seen[name, default: 0]
                seen[name] = occurrence + 1
                let key = "\(occurrence)\u{1F}\(name)"
                present.insert(key)
                var run = open[key] ?? Run(tooth: tooth, type: type, name: name, occurrence: occurrence)
                run.steps.append(k)
                open[key] = run
            }
            for key in open.keys.sorted() where !present.contains(key) {
                if let run = open.removeValue(forKey: key) { runs.append(run) }
            }
        }
        runs += open.keys.sorted().compactMap { open[$0] }
        let last = steps.count - 1
        var out: [Attachment] = []
        for run in runs.sorted(by: { ($0.steps[0], $0.name, $0.occurrence) < ($1.steps[0], $1.name, $1.occurrence) }) {
            guard let tooth = arch.tooth(run.tooth), tooth.crown != nil else {
                throw .malformed(vendor: OnyxCephFormat.vendor, file: steps[run.steps[0]].file,
                                 detail: "attachment \"\(run.name)\" sits on tooth \(run.tooth), which has no crown in step 0")
            }
            /// The run's object in step `k`'s model (the occurrence-th of that name).
            func object(at k: Int) -> StepAttachment? {
                steps[k].attachments.filter({ $0.name == run.name }).dropFirst(run.occurrence).first
            }
            // The first step of the run whose table has the attachment's row.
            var placed: (frame: RigidTransform, mesh: TriangleMesh, step: Int)?
            for k in run.steps {
                guard let object = object(at: k), let frame = object.rowFrame else { continue }
                placed = (frame, object.mesh, k)
                break
            }
            // The older generation has no tables: the attachment's frame is estimated from its solid in the
            // crown frame (axes of the crown, base on the solid's innermost face), as the template defines it.
            if placed == nil && !hasTables, let k = run.steps.first, let object = object(at: k) {
                let crownFrame = arch.pose(of: run.tooth, atStage: steps[k].index).composed(with: tooth.frame.localToModel)
                if let b = object.mesh.transformed(by: crownFrame.inverse).boundingBox {
                    let base = Vector3((b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2, b.min.z)
                    placed = (crownFrame.composed(with: RigidTransform(translation: base)), object.mesh, k)
                }
            }
            guard let placed else {
                throw .malformed(vendor: OnyxCephFormat.vendor, file: steps[run.steps[0]].infoFile,
                                 detail: "no usable row \"\(run.name)\" for the attachment in any step it is on (\(run.steps.map { "step \(steps[$0].index)" }.joined(separator: ", ")))")
            }
            let toothFrame = arch.pose(of: run.tooth, atStage: steps[placed.step].index).composed(with: tooth.frame.localToModel)
            let placement = toothFrame.inverse.composed(with: placed.frame)
            guard let template = template(run.type, mesh: placed.mesh, frame: placed.frame, file: steps[placed.step].file, tooth: run.tooth) else { continue }
            let end = run.steps[run.steps.count - 1]
            out.append(Attachment(tooth: run.tooth, template: template, placement: placement, stagePlaced: steps[run.steps[0]].index,
                                  stageRemoved: end < last ? steps[end].index + 1 : nil))
        }
        return out.enumerated().sorted { ($0.element.tooth.archPosition, $0.element.stagePlaced, $0.offset) < ($1.element.tooth.archPosition, $1.element.stagePlaced, $1.offset) }.map(\.element)
    }

    /// The template a type text stands for: `Box W x H mm` → rectangular, its depth measured from the solid
    /// along the attachment's z axis; any other text → kind unknown with the text as its label and the
    /// solid's extents as its dimensions, and a loss finding (the shape itself is not kept).
    mutating func template(_ type: String, mesh: TriangleMesh, frame: RigidTransform, file: String, tooth: ToothID) -> AttachmentTemplate? {
        let bounds = mesh.transformed(by: frame.inverse).boundingBox
        if let box = AttachmentType.box(type) {
            return AttachmentTemplate(kind: AttachmentType.kind(width: box.width, height: box.height), widthMM: box.width, heightMM: box.height,
                                      depthMM: max(0, bounds?.max.z ?? 0))
        }
        findings.append(Finding(OnyxCephFormat.Code.unknownAttachment, .warning, at: FindingLocation(arch: jaw, tooth: tooth, file: file),
                                message: "\(file): attachment type \"\(type)\" on tooth \(tooth) is not one this adapter knows (only \"Box W x H mm\"): kept as kind unknown with that label and its solid's extents; its shape is lost.",
                                remedy: "Check the attachment on tooth \(tooth) by hand before it is made, or choose a rectangular attachment in the planning software."))
        let size = bounds.map { $0.max - $0.min } ?? .zero
        return AttachmentTemplate(kind: .unknown, widthMM: size.x, heightMM: size.y, depthMM: max(0, bounds?.max.z ?? 0), label: type)
    }
}
