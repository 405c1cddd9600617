import Foundation
import Digest
import PlanModel
import Testing
@testable import DicomSTLVendor

/// UID derivation: the decimal routine, determinism, syntax, and which files share which UID.
@Suite struct DicomUIDTests {
    @Test func decimalOfBigEndianIntegers() {
        #expect(DicomUID.decimal([]) == "0")
        #expect(DicomUID.decimal([0, 0, 0]) == "0")
        #expect(DicomUID.decimal([0x01, 0x00]) == "256")
        #expect(DicomUID.decimal([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) == "1099511627775")
        #expect(DicomUID.decimal([UInt8](repeating: 0xFF, count: 16)) == "340282366920938463463374607431768211455")
        #expect(DicomUID.decimal([1] + [UInt8](repeating: 0, count: 8)) == "18446744073709551616")
        // 2^127 + 12345
        #expect(DicomUID.decimal([0x80] + [UInt8](repeating: 0, count: 13) + [0x30, 0x39]) == "170141183460469231731687303715884118073")
    }

    @Test func syntaxRules() {
        #expect(DicomUID.isValid("1.2.840.10008.1.2.1"))
        #expect(DicomUID.isValid("2.25.0"))
        #expect(!DicomUID.isValid("2.25.0123"))
        #expect(!DicomUID.isValid("1..2"))
        #expect(!DicomUID.isValid("1.2."))
        #expect(!DicomUID.isValid("1.2a"))
        #expect(!DicomUID.isValid("2.25." + String(repeating: "1", count: 60)))
    }

    @Test func derivationIsDeterministicValidAndDistinct() {
        var seen = Set<String>()
        for caseID in ["A", "SAMPLE-1", "ünïcode case", String(repeating: "x", count: 300)] {
            for role in [DicomUID.Role.study, .frameOfReference] {
                let a = DicomUID.derive(caseID: caseID, patientID: "PT-1", jaw: nil, stage: nil, role: role)
                #expect(a == DicomUID.derive(caseID: caseID, patientID: "PT-1", jaw: nil, stage: nil, role: role))
                #expect(DicomUID.isValid(a) && a.hasPrefix("2.25.") && a.count <= 44, "\(a)")
                seen.insert(a)
            }
            for jaw in Jaw.allCases {
                seen.insert(DicomUID.derive(caseID: caseID, patientID: "PT-1", jaw: jaw, stage: nil, role: .series))
                for stage in 0..<12 { seen.insert(DicomUID.derive(caseID: caseID, patientID: "PT-1", jaw: jaw, stage: stage, role: .instance)) }
            }
        }
        #expect(seen.count == 4 * (2 + 2 + 24))
        // The fields are length-prefixed: moving a character from one field to the next changes the UID.
        #expect(DicomUID.derive(caseID: "ab", patientID: "c", jaw: nil, stage: nil, role: .study)
                != DicomUID.derive(caseID: "a", patientID: "bc", jaw: nil, stage: nil, role: .study))
    }

    @Test func implementationClassUIDIsItsDocumentedDerivation() {
        var hasher = SHA256()
        hasher.update(Array("aligngate.dicom-stl.implementation".utf8))
        #expect(DicomUIDs.implementationClass == "2.25." + DicomUID.decimal(Array(hasher.finalize().prefix(16))))
        #expect(DicomUID.isValid(DicomUIDs.implementationClass))
    }

    @Test func studySharedSeriesPerArchInstancePerFile() throws {
        var study = Set<String>(), frame = Set<String>(), series: [String: Set<String>] = [:], instances: [String] = []
        for (path, data) in try DSTL.entries(try DSTL.sample()) where path.hasSuffix(".dcm") {
            let ds = try DicomReader.read(data, file: path).dataset
            study.insert(try #require(ds.string(.studyInstanceUID)))
            frame.insert(try #require(ds.string(.frameOfReferenceUID)))
            series[String(path.prefix { $0 != "/" }), default: []].insert(try #require(ds.string(.seriesInstanceUID)))
            instances.append(try #require(ds.string(.sopInstanceUID)))
            for uid in [ds.string(.studyInstanceUID), ds.string(.seriesInstanceUID), ds.string(.sopInstanceUID)] {
                #expect(uid.map(DicomUID.isValid) == true)
            }
        }
        #expect(study.count == 1 && frame.count == 1)
        #expect(series.count == 2 && series.values.allSatisfy { $0.count == 1 })
        #expect(Set(series.values.flatMap { $0 }).count == 2, "the arches have different series")
        #expect(Set(instances).count == instances.count)
        let m = DSTL.plan.metadata
        #expect(study.first == DicomUID.derive(caseID: m.caseID, patientID: m.patientReference, jaw: nil, stage: nil, role: .study))
    }

    @Test func twoExportsAreByteIdentical() throws {
        let a = try DSTL.export(), b = try DSTL.export()
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }
}
