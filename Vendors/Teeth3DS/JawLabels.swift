import Foundation
import PlanModel
import VendorKit

/// One jaw's `<id>_<jaw>.json`: the patient id, the jaw, and per OBJ vertex an FDI label (0 = gingiva)
/// and an instance number (0 = gingiva, one number per tooth).
struct JawLabels: Sendable, Hashable {
    var patientID: String
    var jaw: Jaw
    var labels: [Int]
    var instances: [Int]

    /// The JSON text as the data set writes it (Python's `json.dump`): keys `id_patient`, `jaw`, `labels`,
    /// `instances` in that order, `", "` and `": "` separators, no final newline. `labels` comes before the
    /// long `instances` array so it falls within the bytes probing reads.
    func encoded() -> Data {
        var out = "{\"\(Teeth3DSFormat.idKey)\": \"\(Self.escaped(patientID))\", \"\(Teeth3DSFormat.jawKey)\": \"\(jaw.rawValue)\", "
        out.reserveCapacity(64 + 8 * (labels.count + instances.count))
        out += "\"\(Teeth3DSFormat.labelsKey)\": "
        Self.append(labels, to: &out)
        out += ", \"\(Teeth3DSFormat.instancesKey)\": "
        Self.append(instances, to: &out)
        out += "}"
        return Data(out.utf8)
    }

    private static func append(_ values: [Int], to out: inout String) {
        out += "["
        for (i, v) in values.enumerated() {
            if i > 0 { out += ", " }
            out += String(v)
        }
        out += "]"
    }

    /// JSON string escaping for the id (the writer's ids are plain; this keeps any id valid JSON).
    private static func escaped(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Reads and validates `file`, the labels of the `jaw` scan with `vertexCount` vertices: every rule
    /// broken is a `VendorError.malformed` naming the file and the rule (FORMAT.md, "Intake").
    static func decode(_ data: Data, file: String, jaw: Jaw, vertexCount: Int) throws(VendorError) -> JawLabels {
        func fail(_ detail: String) -> VendorError { .malformed(vendor: Teeth3DSAdapter.id, file: file, detail: detail) }
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: data)
        } catch let error as DecodingError {
            throw fail(Self.describe(error))
        } catch {
            throw fail("not valid JSON: \(error)")
        }
        guard let patientID = raw.id_patient else { throw fail("no \"\(Teeth3DSFormat.idKey)\" (the patient id)") }
        guard let jawName = raw.jaw else { throw fail("no \"\(Teeth3DSFormat.jawKey)\" (\"upper\" or \"lower\")") }
        guard let labels = raw.labels else { throw fail("no \"\(Teeth3DSFormat.labelsKey)\" (one FDI number per vertex)") }
        guard let instances = raw.instances else { throw fail("no \"\(Teeth3DSFormat.instancesKey)\" (one instance number per vertex)") }
        guard let read = Jaw(rawValue: jawName) else { throw fail("\"jaw\" is \"\(jawName)\"; it must be \"upper\" or \"lower\"") }
        guard read == jaw else {
            throw fail("\"jaw\" is \"\(read.rawValue)\" but the file name says \(jaw.rawValue): the labels belong to the other jaw's scan")
        }
        guard labels.count == vertexCount else {
            throw fail("\"labels\" has \(labels.count) values but the scan has \(vertexCount) vertices: there must be one label per vertex")
        }
        guard instances.count == vertexCount else {
            throw fail("\"instances\" has \(instances.count) values but the scan has \(vertexCount) vertices: there must be one instance per vertex")
        }
        try validate(labels: labels, instances: instances, jaw: jaw, fail: fail)
        return JawLabels(patientID: patientID, jaw: jaw, labels: labels, instances: instances)
    }

    /// Every label is 0 or an FDI number of this jaw; a vertex is gingiva in both arrays or in neither;
    /// instances and tooth labels correspond one to one (the challenge's evaluation asserts one label per instance).
    private static func validate(labels: [Int], instances: [Int], jaw: Jaw, fail: (String) -> VendorError) throws(VendorError) {
        var valid: [Int: Bool] = [:]
        var labelOfInstance: [Int: (label: Int, vertex: Int)] = [:]
        var instanceOfLabel: [Int: (instance: Int, vertex: Int)] = [:]
        for (v, (label, instance)) in zip(labels, instances).enumerated() {
            if label != Teeth3DSFormat.gingivaLabel {
                let ok: Bool
                if let known = valid[label] {
                    ok = known
                } else {
                    ok = (try? ToothID(fdi: label)).map { $0.jaw == jaw } ?? false
                    valid[label] = ok
                }
                guard ok else {
                    let other = (try? ToothID(fdi: label)).map { "a \($0.jaw.rawValue)-jaw tooth" } ?? "not an FDI tooth number"
                    throw fail("labels[\(v)] is \(label), \(other); labels must be 0 (gingiva) or an FDI number of the \(jaw.rawValue) jaw")
                }
            }
            guard instance >= 0 else { throw fail("instances[\(v)] is \(instance); instance numbers are 0 (gingiva) or positive") }
            guard (label == Teeth3DSFormat.gingivaLabel) == (instance == Teeth3DSFormat.gingivaLabel) else {
                throw fail("vertex \(v) has label \(label) but instance \(instance): 0 marks the gingiva in both arrays or in neither")
            }
            guard label != Teeth3DSFormat.gingivaLabel else { continue }
            if let seen = labelOfInstance[instance], seen.label != label {
                throw fail("instance \(instance) has label \(seen.label) at vertex \(seen.vertex) and \(label) at vertex \(v); each instance is one tooth")
            }
            if let seen = instanceOfLabel[label], seen.instance != instance {
                throw fail("tooth \(label) is instance \(seen.instance) at vertex \(seen.vertex) and \(instance) at vertex \(v); each tooth is one instance")
            }
            labelOfInstance[instance] = (label, v)
            instanceOfLabel[label] = (instance, v)
        }
    }

    /// The file as decoded: every key optional, so a missing one gets its own message.
    private struct Raw: Decodable {
        var id_patient: String?
        var jaw: String?
        var labels: [Int]?
        var instances: [Int]?
    }

    /// A decoding error in words, with the key path (`labels[12]: expected an integer`).
    static func describe(_ error: DecodingError) -> String {
        let failure = DecodingFailure(error)
        let at = failure.field
        switch failure.kind {
        case let .typeMismatch(type):
            return at.isEmpty ? "the file is not a JSON object" : "\(at): expected \(type == "String" ? "a string" : type == "Int" ? "an integer" : type)"
        case .null: return "\(at): null where a value is needed"
        case .missingKey: return "no \"\(failure.key)\""
        case let .corrupted(words): return (at.isEmpty ? "" : "\(at): ") + "not valid JSON (\(words))"
        }
    }
}
