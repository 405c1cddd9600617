/// A DICOM attribute tag (group, element), ordered as Part 5 orders a data set: by group, then element.
struct DicomTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    let group: UInt16
    let element: UInt16

    init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    /// The 32-bit value (group high): ascending tag order is ascending value order.
    var value: UInt32 { UInt32(group) << 16 | UInt32(element) }

    static func < (a: DicomTag, b: DicomTag) -> Bool { a.value < b.value }

    /// "(0042,0011)", as the standard prints tags.
    var description: String { "(\(hex(group)),\(hex(element)))" }

    /// The tag with its keyword when the format knows it: "EncapsulatedDocument (0042,0011)".
    var named: String { DicomTag.keywords[self].map { "\($0) \(description)" } ?? description }

    private func hex(_ v: UInt16) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - s.count) + s
    }
}

/// The attributes the format writes or reads (PS3.6; keywords and VRs as pydicom's data dictionary has them).
extension DicomTag {
    // File Meta Information (PS3.10 7.1), always Explicit VR Little Endian.
    static let fileMetaGroupLength = DicomTag(0x0002, 0x0000)            // UL
    static let fileMetaVersion = DicomTag(0x0002, 0x0001)                // OB
    static let mediaStorageSOPClassUID = DicomTag(0x0002, 0x0002)        // UI
    static let mediaStorageSOPInstanceUID = DicomTag(0x0002, 0x0003)     // UI
    static let transferSyntaxUID = DicomTag(0x0002, 0x0010)              // UI
    static let implementationClassUID = DicomTag(0x0002, 0x0012)         // UI
    static let implementationVersionName = DicomTag(0x0002, 0x0013)      // SH

    // The data set.
    static let specificCharacterSet = DicomTag(0x0008, 0x0005)           // CS
    static let sopClassUID = DicomTag(0x0008, 0x0016)                    // UI
    static let sopInstanceUID = DicomTag(0x0008, 0x0018)                 // UI
    static let studyDate = DicomTag(0x0008, 0x0020)                      // DA
    static let contentDate = DicomTag(0x0008, 0x0023)                    // DA
    static let acquisitionDateTime = DicomTag(0x0008, 0x002A)            // DT
    static let studyTime = DicomTag(0x0008, 0x0030)                      // TM
    static let contentTime = DicomTag(0x0008, 0x0033)                    // TM
    static let accessionNumber = DicomTag(0x0008, 0x0050)                // SH
    static let modality = DicomTag(0x0008, 0x0060)                       // CS
    static let manufacturer = DicomTag(0x0008, 0x0070)                   // LO
    static let referringPhysicianName = DicomTag(0x0008, 0x0090)         // PN
    static let codeValue = DicomTag(0x0008, 0x0100)                      // SH
    static let codingSchemeDesignator = DicomTag(0x0008, 0x0102)         // SH
    static let codeMeaning = DicomTag(0x0008, 0x0104)                    // LO
    static let timezoneOffsetFromUTC = DicomTag(0x0008, 0x0201)          // SH
    static let studyDescription = DicomTag(0x0008, 0x1030)               // LO
    static let seriesDescription = DicomTag(0x0008, 0x103E)              // LO
    static let manufacturerModelName = DicomTag(0x0008, 0x1090)          // LO
    static let patientName = DicomTag(0x0010, 0x0010)                    // PN
    static let patientID = DicomTag(0x0010, 0x0020)                      // LO
    static let patientBirthDate = DicomTag(0x0010, 0x0030)               // DA
    static let patientSex = DicomTag(0x0010, 0x0040)                     // CS
    static let deviceSerialNumber = DicomTag(0x0018, 0x1000)             // LO
    static let softwareVersions = DicomTag(0x0018, 0x1020)               // LO
    static let studyInstanceUID = DicomTag(0x0020, 0x000D)               // UI
    static let seriesInstanceUID = DicomTag(0x0020, 0x000E)              // UI
    static let studyID = DicomTag(0x0020, 0x0010)                        // SH
    static let seriesNumber = DicomTag(0x0020, 0x0011)                   // IS
    static let instanceNumber = DicomTag(0x0020, 0x0013)                 // IS
    static let frameOfReferenceUID = DicomTag(0x0020, 0x0052)            // UI
    static let positionReferenceIndicator = DicomTag(0x0020, 0x1040)     // LO
    static let burnedInAnnotation = DicomTag(0x0028, 0x0301)             // CS
    static let measurementUnitsCodeSequence = DicomTag(0x0040, 0x08EA)   // SQ
    static let conceptNameCodeSequence = DicomTag(0x0040, 0xA043)        // SQ
    static let documentTitle = DicomTag(0x0042, 0x0010)                  // ST
    static let encapsulatedDocument = DicomTag(0x0042, 0x0011)           // OB
    static let mimeTypeOfEncapsulatedDocument = DicomTag(0x0042, 0x0012) // LO
    static let encapsulatedDocumentLength = DicomTag(0x0042, 0x0015)     // UL
    static let modelModification = DicomTag(0x0068, 0x7001)              // CS
    static let modelMirroring = DicomTag(0x0068, 0x7002)                 // CS

    // Structure (PS3.5 7.5): items and delimiters carry no VR.
    static let item = DicomTag(0xFFFE, 0xE000)
    static let itemDelimitation = DicomTag(0xFFFE, 0xE00D)
    static let sequenceDelimitation = DicomTag(0xFFFE, 0xE0DD)

    /// Keywords for error messages.
    static let keywords: [DicomTag: String] = [
        fileMetaGroupLength: "FileMetaInformationGroupLength", fileMetaVersion: "FileMetaInformationVersion",
        mediaStorageSOPClassUID: "MediaStorageSOPClassUID", mediaStorageSOPInstanceUID: "MediaStorageSOPInstanceUID",
        transferSyntaxUID: "TransferSyntaxUID", implementationClassUID: "ImplementationClassUID",
        implementationVersionName: "ImplementationVersionName", specificCharacterSet: "SpecificCharacterSet",
        sopClassUID: "SOPClassUID", sopInstanceUID: "SOPInstanceUID", studyDate: "StudyDate", contentDate: "ContentDate",
        acquisitionDateTime: "AcquisitionDateTime", studyTime: "StudyTime", contentTime: "ContentTime",
        accessionNumber: "AccessionNumber", modality: "Modality", manufacturer: "Manufacturer",
        referringPhysicianName: "ReferringPhysicianName", codeValue: "CodeValue",
        codingSchemeDesignator: "CodingSchemeDesignator", codeMeaning: "CodeMeaning",
        timezoneOffsetFromUTC: "TimezoneOffsetFromUTC", studyDescription: "StudyDescription",
        seriesDescription: "SeriesDescription", manufacturerModelName: "ManufacturerModelName",
        patientName: "PatientName", patientID: "PatientID", patientBirthDate: "PatientBirthDate", patientSex: "PatientSex",
        deviceSerialNumber: "DeviceSerialNumber", softwareVersions: "SoftwareVersions",
        studyInstanceUID: "StudyInstanceUID", seriesInstanceUID: "SeriesInstanceUID", studyID: "StudyID",
        seriesNumber: "SeriesNumber", instanceNumber: "InstanceNumber", frameOfReferenceUID: "FrameOfReferenceUID",
        positionReferenceIndicator: "PositionReferenceIndicator", burnedInAnnotation: "BurnedInAnnotation",
        measurementUnitsCodeSequence: "MeasurementUnitsCodeSequence", conceptNameCodeSequence: "ConceptNameCodeSequence",
        documentTitle: "DocumentTitle", encapsulatedDocument: "EncapsulatedDocument",
        mimeTypeOfEncapsulatedDocument: "MIMETypeOfEncapsulatedDocument",
        encapsulatedDocumentLength: "EncapsulatedDocumentLength", modelModification: "ModelModification",
        modelMirroring: "ModelMirroring",
    ]
}
