import PlanModel
import VendorKit

/// What an export loses (FORMAT.md, "Export"): the models are baked, so segmentation, frames, attachment
/// kinds, IPR and case details travel only as geometry, and intake must recover them.
enum STLSeriesChecks {
    static func findings(_ plan: TreatmentPlan) -> [Finding] {
        [Finding(STLSeriesFormat.Code.baked, .note,
                 message: "an STL series carries geometry only: each stage is one baked model per arch; teeth, poses and numbers are recovered from the geometry at intake, crown frames estimated, attachment kinds and IPR not carried",
                 remedy: "None needed for a lab that prints the models; send the plan in a segmented format where the staging itself must travel.")]
    }
}
