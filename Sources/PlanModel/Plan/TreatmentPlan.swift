import Foundation

/// A clear-aligner treatment plan: case metadata and one or two arches, each staged on its own.
public struct TreatmentPlan: Hashable, Sendable {
    public var metadata: CaseMetadata
    /// At most one arch per jaw, upper first.
    public var arches: [Arch]
    /// Set when aligngate derived this plan from another (`aligngate restage`); nil for a planner's plan.
    public var derivation: PlanDerivation?

    public init(metadata: CaseMetadata, arches: [Arch], derivation: PlanDerivation? = nil) {
        self.metadata = metadata
        self.arches = arches
        self.derivation = derivation
    }

    /// The arch of `jaw`, if the plan treats it.
    public func arch(_ jaw: Jaw) -> Arch? { arches.first { $0.jaw == jaw } }
}

/// Who, when and how: everything about a case that is not geometry.
public struct CaseMetadata: Hashable, Codable, Sendable {
    /// The case identifier used on every model and aligner.
    public var caseID: String
    /// A pseudonymous patient reference: never a name.
    public var patientReference: String
    public var doctor: String
    public var clinic: String
    public var created: Date
    /// The person or service that staged the plan.
    public var planner: String
    /// Days each aligner is worn.
    public var wearIntervalDays: Int
    public var notes: String
    /// Restorations, planned extractions, crowns or bridges the lab must know about.
    public var restorativeNotes: String

    public init(caseID: String, patientReference: String, doctor: String = "", clinic: String = "",
                created: Date, planner: String = "", wearIntervalDays: Int = 14,
                notes: String = "", restorativeNotes: String = "") {
        self.caseID = caseID
        self.patientReference = patientReference
        self.doctor = doctor
        self.clinic = clinic
        self.created = created
        self.planner = planner
        self.wearIntervalDays = wearIntervalDays
        self.notes = notes
        self.restorativeNotes = restorativeNotes
    }
}
