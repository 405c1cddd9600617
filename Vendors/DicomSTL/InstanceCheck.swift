import Foundation
import PlanModel
import VendorKit

/// What intake takes from one stage file once it is known to be an Encapsulated STL instance of this
/// case, arch and stage (FORMAT.md, "Intake", step 2).
struct InstanceRecord {
    let file: String
    let studyUID: String
    let seriesUID: String
    let patientID: String
    let referringPhysician: String
    /// StudyDate + StudyTime (− TimezoneOffsetFromUTC), seconds since 1970.
    let created: Double
    /// The STL bytes (EncapsulatedDocumentLength of them: the OB's NUL pad is not part of the model).
    let stl: Data
}

/// Checks one parsed file against the IOD and the index, and extracts its record. Every refusal is a
/// `VendorError.malformed` naming the file and the attribute.
enum InstanceCheck {
    static func record(_ f: DicomFile, file: String, stage: Int) throws(VendorError) -> InstanceRecord {
        let ds = f.dataset
        func fail(_ detail: String) -> VendorError { .malformed(vendor: DicomSTLFormat.vendor, file: file, detail: detail) }
        func require(_ tag: DicomTag, _ expected: String) throws(VendorError) {
            let found = ds.string(tag)
            guard found == expected else {
                throw fail("\(tag.named) is \(found.map { "'\($0)'" } ?? "missing"), expected '\(expected)'")
            }
        }
        func uid(_ tag: DicomTag, in set: DicomDataset) throws(VendorError) -> String {
            guard let value = set.string(tag), DicomUID.isValid(value) else {
                throw fail("\(tag.named) is \(set.string(tag).map { "'\($0)' (not a valid UID)" } ?? "missing")")
            }
            return value
        }
        try require(.sopClassUID, DicomUIDs.encapsulatedSTLStorage)
        guard f.meta.string(.mediaStorageSOPClassUID) == DicomUIDs.encapsulatedSTLStorage else {
            throw fail("\(DicomTag.mediaStorageSOPClassUID.named) is not Encapsulated STL Storage (\(DicomUIDs.encapsulatedSTLStorage))")
        }
        let instance = try uid(.sopInstanceUID, in: ds)
        guard try uid(.mediaStorageSOPInstanceUID, in: f.meta) == instance else {
            throw fail("\(DicomTag.mediaStorageSOPInstanceUID.named) differs from \(DicomTag.sopInstanceUID.named)")
        }
        try require(.modality, "M3D")
        let unit = ds.items(.measurementUnitsCodeSequence)?.first
        guard let unit, unit.string(.codeValue) == "mm", unit.string(.codingSchemeDesignator) == "UCUM" else {
            let found = unit.map { "\($0.string(.codeValue) ?? "?") (\($0.string(.codingSchemeDesignator) ?? "?"))" } ?? "missing"
            throw fail("\(DicomTag.measurementUnitsCodeSequence.named) must hold CodeValue 'mm' in 'UCUM'; found \(found). Only millimetre models are taken.")
        }
        guard ds.integer(.instanceNumber) == stage else {
            throw fail("\(DicomTag.instanceNumber.named) is \(ds.string(.instanceNumber).map { "'\($0)'" } ?? "missing"), but dicom-index.json lists this file as stage \(stage)")
        }
        try require(.mimeTypeOfEncapsulatedDocument, "model/stl")
        guard let document = ds.bytes(.encapsulatedDocument) else { throw fail("\(DicomTag.encapsulatedDocument.named) is missing") }
        var stl = document
        if ds.contains(.encapsulatedDocumentLength) {
            guard let length = ds.uint32(.encapsulatedDocumentLength), Int(length) <= document.count else {
                throw fail("\(DicomTag.encapsulatedDocumentLength.named) is missing, not 4 bytes, or longer than the \(document.count) bytes of \(DicomTag.encapsulatedDocument.named)")
            }
            stl = document.prefix(Int(length))
        }
        guard let date = ds.string(.studyDate), let time = ds.string(.studyTime),
              let created = DicomDateTime.parse(date: date, time: time, offset: ds.string(.timezoneOffsetFromUTC)) else {
            throw fail("\(DicomTag.studyDate.named), \(DicomTag.studyTime.named) or \(DicomTag.timezoneOffsetFromUTC.named) is missing or malformed; the plan's creation date is read from them")
        }
        return InstanceRecord(file: file, studyUID: try uid(.studyInstanceUID, in: ds), seriesUID: try uid(.seriesInstanceUID, in: ds),
                              patientID: ds.string(.patientID) ?? "", referringPhysician: DicomPersonName.words(ds.string(.referringPhysicianName) ?? ""),
                              created: created, stl: stl)
    }
}
