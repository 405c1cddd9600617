import Digest
import PlanModel

/// Deterministic DICOM UIDs (FORMAT.md, "UIDs"): "2.25." followed by the decimal value of the first 16
/// bytes (big-endian) of SHA-256 over a fixed prefix and five length-prefixed fields — case id, patient
/// reference (as written in PatientID), arch, stage, role. The same plan always gets the same UIDs, so
/// exports are byte-identical and a re-export replaces the earlier instances in a PACS instead of
/// duplicating them; different cases, arches, stages or roles get different ones.
enum DicomUID {
    /// What a UID identifies.
    enum Role: String {
        case study, series, instance
        case frameOfReference = "frame-of-reference"
    }

    /// Hashed before the fields, so these UIDs cannot collide with another use of the same hash.
    static let domain = "aligngate.dicom-stl.uid.v1"

    /// The UID of `role` for the case; `jaw` and `stage` are empty where they do not apply (study and
    /// frame of reference: neither; series: the jaw; instance: both).
    static func derive(caseID: String, patientID: String, jaw: Jaw?, stage: Int?, role: Role) -> String {
        var hasher = SHA256()
        hasher.update(Array(domain.utf8))
        for field in [caseID, patientID, jaw?.rawValue ?? "", stage.map(String.init) ?? "", role.rawValue] {
            let bytes = Array(field.utf8)
            // A 32-bit big-endian length before each field: ("ab", "c") and ("a", "bc") hash differently.
            let n = UInt32(clamping: bytes.count)
            hasher.update([UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)])
            hasher.update(bytes)
        }
        return "2.25." + decimal(Array(hasher.finalize().prefix(16)))
    }

    /// The decimal digits of a big-endian unsigned integer of any length (no leading zeros; "0" for zero):
    /// repeated division by 10 over 32-bit limbs, so no 128-bit integer type is needed.
    static func decimal(_ bytes: [UInt8]) -> String {
        var limbs: [UInt32] = []
        var start = bytes.count % 4 == 0 ? 4 : bytes.count % 4
        var i = 0
        while i < bytes.count {
            var limb: UInt32 = 0
            for b in bytes[i..<min(bytes.count, i + start)] { limb = limb << 8 | UInt32(b) }
            limbs.append(limb)
            i += start
            start = 4
        }
        var digits: [UInt8] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for k in limbs.indices {
                let current = remainder << 32 | UInt64(limbs[k])
                limbs[k] = UInt32(current / 10)
                remainder = current % 10
            }
            digits.append(UInt8(remainder) + 0x30)
        }
        return digits.isEmpty ? "0" : String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// PS3.5 9.1: at most 64 characters, components of digits separated by single dots, no component
    /// with a leading zero unless it is "0" itself.
    static func isValid(_ uid: String) -> Bool {
        guard !uid.isEmpty, uid.utf8.count <= 64 else { return false }
        return uid.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { c in
            !c.isEmpty && c.allSatisfy { $0.isASCII && $0.isNumber } && (c == "0" || c.first != "0")
        }
    }
}
