import PlanModel
import VendorKit

/// The case as DICOM shows it — patient, study, frame of reference — shared by every file of an export
/// (FORMAT.md, "Attributes"). Values are already fitted to their VRs; UIDs derive from what is written.
struct DicomCase: Sendable {
    let caseID: String
    /// PatientID (LO): the pseudonymous patient reference, never a name.
    let patientID: String
    /// PatientName (PN): the same reference, so a PACS list shows it where a name would be (in PN
    /// components, `DicomPersonName`).
    let patientName: String
    /// ReferringPhysicianName (PN): the treating doctor, in PN components ("Moreno^Ada^^Dr.").
    let referringPhysician: String
    /// StudyID (SH, at most 16 characters): the case id.
    let studyID: String
    /// StudyDescription (LO).
    let studyDescription: String
    /// StudyDate / ContentDate (DA) and StudyTime / ContentTime (TM) of the plan's creation, UTC.
    let date: String
    let time: String
    let studyUID: String
    /// One frame of reference per case: both arches share the plan's model coordinates (in occlusion).
    let frameOfReferenceUID: String

    /// Nil when the plan's creation date is outside the years DICOM dates can hold (1–9999).
    init?(_ m: CaseMetadata) {
        guard let when = DicomDateTime.format(m.created.timeIntervalSince1970) else { return nil }
        caseID = m.caseID
        patientID = DicomText.fit(m.patientReference, .lo)
        patientName = DicomText.fit(DicomPersonName.components(DicomText.fit(m.patientReference, .pn)), .pn)
        referringPhysician = DicomText.fit(DicomPersonName.components(DicomText.fit(m.doctor, .pn)), .pn)
        studyID = DicomText.fit(m.caseID, .sh)
        studyDescription = DicomText.fit("Clear-aligner plan \(m.caseID)", .lo)
        date = when.date
        time = when.time
        studyUID = DicomUID.derive(caseID: m.caseID, patientID: patientID, jaw: nil, stage: nil, role: .study)
        frameOfReferenceUID = DicomUID.derive(caseID: m.caseID, patientID: patientID, jaw: nil, stage: nil, role: .frameOfReference)
    }

    /// One series per arch.
    func seriesUID(_ jaw: Jaw) -> String {
        DicomUID.derive(caseID: caseID, patientID: patientID, jaw: jaw, stage: nil, role: .series)
    }

    /// One instance per arch and stage.
    func instanceUID(_ jaw: Jaw, stage: Int) -> String {
        DicomUID.derive(caseID: caseID, patientID: patientID, jaw: jaw, stage: stage, role: .instance)
    }

    /// A warning for every identifier DICOM cannot hold verbatim (a backslash, a control character, more
    /// characters than the VR takes, leading or trailing spaces): what is written instead, and where.
    static func alteredIdentifiers(_ m: CaseMetadata) -> [Finding] {
        let fields: [(what: String, value: String, attribute: String, vr: DicomVR, why: String)] = [
            ("patient reference", m.patientReference, "PatientID (0010,0020)", .lo, "intake reads the patient reference back from PatientID"),
            ("patient reference", m.patientReference, "PatientName (0010,0010)", .pn, "a PACS lists the study under this name"),
            ("case id", m.caseID, "StudyID (0020,0010)", .sh, "the whole case id still travels in dicom-index.json and DocumentTitle"),
        ]
        return fields.compactMap { f in
            let written = DicomText.fit(f.value, f.vr)
            guard written != f.value else { return nil }
            return Finding(DicomSTLFormat.Code.identifierAltered, .warning,
                           message: "The \(f.what) '\(f.value)' cannot be written verbatim in \(f.attribute) (VR \(f.vr): at most \(f.vr.maxCharacters ?? 0) characters, no backslash or control characters); it is written as '\(written)' (\(f.why)).",
                           remedy: "Use a \(f.what) of at most \(f.vr.maxCharacters ?? 0) plain characters, or match the PACS record by '\(written)'.")
        }
    }
}
