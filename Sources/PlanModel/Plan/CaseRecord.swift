/// Case metadata as the JSON documents of the native format and the vendor manifests write it:
/// plain values, the date as ISO 8601 text (`ISODate`). One record type, so every format spells it alike.
public struct CaseRecord: Codable, Equatable, Sendable {
    public var caseID: String
    public var patientReference: String
    public var doctor: String
    public var clinic: String
    /// ISO 8601, UTC, millisecond precision.
    public var created: String
    public var planner: String
    public var wearIntervalDays: Int
    public var notes: String
    public var restorativeNotes: String

    /// The record of `m`.
    public init(_ m: CaseMetadata) {
        caseID = m.caseID
        patientReference = m.patientReference
        doctor = m.doctor
        clinic = m.clinic
        created = ISODate.format(m.created)
        planner = m.planner
        wearIntervalDays = m.wearIntervalDays
        notes = m.notes
        restorativeNotes = m.restorativeNotes
    }

    /// The metadata, or nil when `created` is no ISO 8601 date-time (readers name the field).
    public var metadata: CaseMetadata? {
        ISODate.parse(created).map {
            CaseMetadata(caseID: caseID, patientReference: patientReference, doctor: doctor, clinic: clinic, created: $0,
                         planner: planner, wearIntervalDays: wearIntervalDays, notes: notes, restorativeNotes: restorativeNotes)
        }
    }
}
