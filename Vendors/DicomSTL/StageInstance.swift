import Foundation
import PlanModel
import VendorKit

/// One stage file's DICOM bytes around the STL: everything before the EncapsulatedDocument value
/// (preamble, meta group, the data set's elements up to (0042,0010), the OB header) and everything after
/// it (padding, MIME type, document length, model flags). Both depend only on the case and the STL's
/// length, so the file's size is known before the model is baked, and the STL streams between them.
struct StageInstance: Sendable {
    let prefix: Data
    /// Starts with the OB's NUL pad byte when the STL's length is odd.
    let suffix: Data
    /// The STL's byte count (EncapsulatedDocumentLength).
    let stlLength: Int

    /// The whole file's size.
    var size: Int { prefix.count + stlLength + suffix.count }

    init(case c: DicomCase, jaw: Jaw, stage: Int, digits: Int, stlLength: Int) throws(DicomWriter.Failure) {
        self.stlLength = stlLength
        let instanceUID = c.instanceUID(jaw, stage: stage)
        let attributes = Self.attributes(c, jaw: jaw, stage: stage, digits: digits, instanceUID: instanceUID, stlLength: stlLength)
        var head = try DicomWriter.fileMeta(sopClassUID: DicomUIDs.encapsulatedSTLStorage, sopInstanceUID: instanceUID)
        head.append(try DicomWriter.encode(attributes.filter { $0.tag < .encapsulatedDocument }))
        head.append(try DicomWriter.header(.encapsulatedDocument, .ob, length: stlLength + stlLength % 2))
        prefix = head
        var tail = Data(stlLength % 2 == 1 ? [0x00] : [])  // OB pads with NUL
        tail.append(try DicomWriter.encode(attributes.filter { $0.tag > .encapsulatedDocument }))
        suffix = tail
    }

    /// The file's bytes with `stl` in place (tests and small files; the writer streams the three parts).
    func bytes(_ stl: Data) -> Data {
        var out = prefix
        out.append(stl)
        out.append(suffix)
        return out
    }

    /// Every data set attribute except EncapsulatedDocument, by module of the Encapsulated STL IOD
    /// (PS3.3 A.85.1; FORMAT.md lists each with its VR and value).
    static func attributes(_ c: DicomCase, jaw: Jaw, stage: Int, digits: Int, instanceUID: String,
                           stlLength: Int) -> [DicomElement] {
        let stageText = StageNaming.padded(stage, digits: digits)
        func text(_ tag: DicomTag, _ vr: DicomVR, _ value: String) -> DicomElement { .text(tag, vr, value) }
        return [
            // SOP Common
            text(.specificCharacterSet, .cs, "ISO_IR 192"),
            text(.sopClassUID, .ui, DicomUIDs.encapsulatedSTLStorage),
            text(.sopInstanceUID, .ui, instanceUID),
            text(.timezoneOffsetFromUTC, .sh, "+0000"),
            // Patient: the pseudonymous reference in both fields; birth date and sex empty (type 2).
            text(.patientName, .pn, c.patientName),
            text(.patientID, .lo, c.patientID),
            text(.patientBirthDate, .da, ""),
            text(.patientSex, .cs, ""),
            // General Study
            text(.studyInstanceUID, .ui, c.studyUID),
            text(.studyDate, .da, c.date),
            text(.studyTime, .tm, c.time),
            text(.referringPhysicianName, .pn, c.referringPhysician),
            text(.studyID, .sh, c.studyID),
            text(.accessionNumber, .sh, ""),
            text(.studyDescription, .lo, c.studyDescription),
            // Encapsulated Document Series
            text(.modality, .cs, "M3D"),
            text(.seriesInstanceUID, .ui, c.seriesUID(jaw)),
            text(.seriesNumber, .is, String(DicomSTLFormat.seriesNumber(jaw))),
            text(.seriesDescription, .lo, "\(jaw.rawValue) arch stage models"),
            // Frame of Reference: model coordinates, mm; no patient-based reference point.
            text(.frameOfReferenceUID, .ui, c.frameOfReferenceUID),
            text(.positionReferenceIndicator, .lo, ""),
            // General Equipment / Enhanced General Equipment: the software that wrote the file.
            text(.manufacturer, .lo, "aligngate"),
            text(.manufacturerModelName, .lo, "aligngate dicom-stl"),
            text(.deviceSerialNumber, .lo, "aligngate-dicom-stl"),
            text(.softwareVersions, .lo, "aligngate dicom-stl \(DicomSTLFormat.version)"),
            // Manufacturing 3D Model
            .sequence(.measurementUnitsCodeSequence, [[
                text(.codeValue, .sh, "mm"), text(.codingSchemeDesignator, .sh, "UCUM"), text(.codeMeaning, .lo, "mm"),
            ]]),
            // Stage 0 is the observed (segmented) anatomy; every later stage a planned, modified one.
            text(.modelModification, .cs, stage == 0 ? "NO" : "YES"),
            text(.modelMirroring, .cs, "NO"),
            // Encapsulated Document (the document itself is streamed between prefix and suffix)
            text(.instanceNumber, .is, String(stage)),
            text(.contentDate, .da, c.date),
            text(.contentTime, .tm, c.time),
            text(.acquisitionDateTime, .dt, c.date + c.time + "+0000"),
            text(.burnedInAnnotation, .cs, "NO"),
            .sequence(.conceptNameCodeSequence, []),
            text(.documentTitle, .st, DicomText.fit("\(c.caseID) \(jaw.rawValue) stage \(stageText)", .st)),
            text(.mimeTypeOfEncapsulatedDocument, .lo, "model/stl"),
            .ul(.encapsulatedDocumentLength, UInt32(clamping: stlLength)),
        ]
    }
}
