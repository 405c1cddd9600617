import PlanModel
import VendorKit

/// The format's own findings for a plan (FORMAT.md, "Findings"), beyond the shared rule library.
enum OnyxCephChecks {
    static func findings(_ plan: TreatmentPlan) -> [Finding] {
        var out: [Finding] = []
        let folder = OnyxCephFormat.folderName(forCaseID: plan.metadata.caseID)
        if folder != plan.metadata.caseID {
            out.append(Finding(OnyxCephFormat.Code.caseIDChanged, .warning,
                               message: "The case id \"\(plan.metadata.caseID)\" names the export's folder and is written as \"\(folder)\" (only A–Z, a–z, 0–9, _ and - are kept).",
                               remedy: "Use a case id of letters, digits, _ and - to keep it unchanged."))
        }
        out.append(Finding(OnyxCephFormat.Code.noCaseMetadata, .note,
                           message: "The layout carries no case metadata: only the case id travels (as the folder's name); doctor, clinic, dates, notes and the wear interval do not.",
                           remedy: "Send the case details with the order."))
        for arch in plan.arches {
            for a in arch.attachments where [.rectangularHorizontal, .rectangularVertical].contains(a.template.kind)
                && a.template.kind != AttachmentType.kind(width: a.template.widthMM, height: a.template.heightMM) {
                out.append(Finding(OnyxCephFormat.Code.rectangleOrientation, .warning, at: FindingLocation(arch: arch.jaw, tooth: a.tooth),
                                   message: "The \(a.template.kind.rawValue) attachment on tooth \(a.tooth) is \(a.template.widthMM) mm wide and \(a.template.heightMM) mm high: the layout's \"Box W x H mm\" names no orientation, so it reads back as \(AttachmentType.kind(width: a.template.widthMM, height: a.template.heightMM).rawValue).",
                                   remedy: "Give a horizontal rectangle its larger dimension as width, a vertical one as height."))
            }
        }
        return out
    }
}
