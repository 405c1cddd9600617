import ArchiveIO
import Foundation
import PlanModel
import SampleCases
import VendorKit
@testable import DicomSTLVendor

/// Shared fixtures: a generated sample plan (no committed files), exports into fresh scratch folders,
/// rewriting an exported zip with entries changed, and byte edits of DICOM files that keep every length.
enum DSTL {
    /// Both arches, attachments, IPR, passive and overcorrection stages: small and quick to bake.
    static let plan: TreatmentPlan = (try? SampleCase.make(SampleOptions(stages: 5, trianglesPerTooth: 200, seed: 7)))
        ?? TreatmentPlan(metadata: CaseMetadata(caseID: "none", patientReference: "none", created: Date(timeIntervalSince1970: 0)), arches: [])

    static let adapter = DicomSTLAdapter()

    /// One export of `plan`, made once and shared by the tests that only read it.
    static func sample() throws -> URL { try shared.get() }
    private static let shared = Result { try export() }

    /// A new empty folder under the temporary directory.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dstl-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Exports `plan` (forced, so profile findings never stop it).
    static func export(_ plan: TreatmentPlan = plan, name: String = "case.zip") throws -> URL {
        let url = try scratch().appendingPathComponent(name)
        _ = try adapter.export(plan, to: url, options: ExportOptions(force: true))
        return url
    }

    /// Every file entry of an archive, in order, with its bytes.
    static func entries(_ url: URL) throws -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        try ArchiveReader(contentsOf: url).forEachEntry { entry, stream in
            guard entry.kind == .file else { return }
            out.append((entry.path, try stream.readAll()))
        }
        return out
    }

    static func data(_ url: URL, _ path: String) throws -> Data { try ArchiveReader(contentsOf: url).data(of: path) }

    /// A copy of `url` with `transform` applied to every entry (nil drops it), plus `extra` entries.
    static func rewrite(_ url: URL, extra: [(String, Data)] = [], _ transform: (String, Data) throws -> Data?) throws -> URL {
        let out = try scratch().appendingPathComponent("rewritten.zip")
        let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: .zip))
        for (path, data) in try entries(url) {
            if let changed = try transform(path, data) { try writer.add(path, data: changed) }
        }
        for (path, data) in extra { try writer.add(path, data: data) }
        _ = try writer.finish()
        return out
    }

    /// `data` with the first occurrence of `old` replaced by `new` (same length, so no DICOM length changes).
    static func replacing(_ data: Data, _ old: String, _ new: String) -> Data? {
        let a = Data(old.utf8), b = Data(new.utf8)
        guard a.count == b.count, let range = data.range(of: a) else { return nil }
        var out = data
        out.replaceSubrange(range, with: b)
        return out
    }

    /// `data` with the value of the (16-bit length) element `tag` replaced by `value`, padded as the VR
    /// pads; nil when the element is absent or the padded value's length differs (lengths never change).
    static func setting(_ data: Data, _ tag: DicomTag, _ value: String) -> Data? {
        let header = Data([UInt8(tag.group & 0xFF), UInt8(tag.group >> 8), UInt8(tag.element & 0xFF), UInt8(tag.element >> 8)])
        var from = data.startIndex
        while let r = data.range(of: header, in: from..<data.endIndex) {
            from = r.upperBound
            guard r.upperBound + 4 <= data.endIndex else { return nil }
            let vr = data[r.upperBound..<(r.upperBound + 2)]
            guard vr.allSatisfy({ (0x41...0x5A).contains($0) }) else { continue }
            let length = Int(data[r.upperBound + 2]) | Int(data[r.upperBound + 3]) << 8
            var bytes = Array(value.utf8)
            if bytes.count % 2 == 1 { bytes.append(vr == Data("UI".utf8) ? 0 : 0x20) }
            guard bytes.count == length else { return nil }
            var out = data
            out.replaceSubrange((r.upperBound + 4)..<(r.upperBound + 4 + length), with: bytes)
            return out
        }
        return nil
    }

    /// Reads an archive, expecting a typed failure; returns it (nil, recorded by the caller, if it read).
    static func readError(_ url: URL) -> VendorError? {
        do {
            _ = try adapter.read(url, options: IntakeOptions())
            return nil
        } catch {
            return error
        }
    }

    /// The file and detail of a `.malformed` error.
    static func malformed(_ error: VendorError?) -> (file: String, detail: String)? {
        guard case let .malformed(_, file, detail)? = error else { return nil }
        return (file, detail)
    }

    /// The probe score of the archive at `url`.
    static func probe(_ url: URL) throws -> Int { adapter.probe(try ArchiveListing.load(url)) }

    /// A little-endian reader of raw bytes, independent of the module's reader.
    static func u16(_ d: Data, _ i: Int) -> Int { Int(d[d.startIndex + i]) | Int(d[d.startIndex + i + 1]) << 8 }
    static func u32(_ d: Data, _ i: Int) -> Int { u16(d, i) | u16(d, i + 2) << 16 }
}
