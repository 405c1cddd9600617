import ArchiveIO
import Foundation
import GenericSTLVendor
import PlanModel
import SampleCases
import VendorKit

/// Shared fixtures: a generated sample plan (no committed files), exports into a fresh scratch folder,
/// and rewriting an exported zip with one entry changed, dropped or added.
enum GSTL {
    /// 12 aligners per arch, both arches, attachments and IPR: the conformance kit's first sample.
    static let plan: TreatmentPlan = (try? SampleCase.make(SampleOptions(stages: 12, trianglesPerTooth: 300, seed: 11)))
        ?? TreatmentPlan(metadata: CaseMetadata(caseID: "none", patientReference: "none", created: Date(timeIntervalSince1970: 0)), arches: [])

    static let adapter = GenericSTLAdapter()

    /// One export of `plan`, made once and shared by the tests that only read it (they never modify it).
    static func sample() throws -> (url: URL, summary: ExportSummary) { try shared.get() }

    private static let shared = Result { try export() }

    /// A new empty folder inside this test process's scratch root, which goes when the process ends.
    static func scratch() throws -> URL {
        let url = GSTLScratchRoot.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Exports `plan` (forced, so profile findings never stop it) and returns the archive and the summary.
    static func export(_ plan: TreatmentPlan = plan, name: String = "case.zip") throws -> (url: URL, summary: ExportSummary) {
        let url = try scratch().appendingPathComponent(name)
        let summary = try adapter.export(plan, to: url, options: ExportOptions(force: true))
        return (url, summary)
    }

    /// Every entry of an archive, in order, with its bytes.
    static func entries(_ url: URL) throws -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        try ArchiveReader(contentsOf: url).forEachEntry { entry, stream in
            guard entry.kind == .file else { return }
            out.append((entry.path, try stream.readAll()))
        }
        return out
    }

    /// The bytes of one entry.
    static func data(_ url: URL, _ path: String) throws -> Data {
        try ArchiveReader(contentsOf: url).data(of: path)
    }

    /// A copy of `url` with `transform` applied to every entry (return nil to drop it), plus `extra` entries.
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

    /// A copy of `url` with its entries in reverse order (every model before its arch's stage-0 model).
    static func reversed(_ url: URL) throws -> URL {
        let out = try scratch().appendingPathComponent("reversed.zip")
        let writer = try ArchiveWriter(creating: out, options: ArchiveWriteOptions(format: .zip))
        for (path, data) in try entries(url).reversed() { try writer.add(path, data: data) }
        _ = try writer.finish()
        return out
    }

    /// The probe score of the archive at `url`.
    static func probe(_ url: URL) throws -> Int {
        adapter.probe(try ArchiveListing.load(url))
    }

    /// Binary STL helpers: triangle count from the header, and a float read/written at a byte offset.
    static func triangleCount(_ stl: Data) -> Int {
        Int(UInt32(littleEndian: stl.subdata(in: 80..<84).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
    }

    static func float(_ stl: Data, at offset: Int) -> Float {
        Float(bitPattern: UInt32(littleEndian: stl.subdata(in: offset..<offset + 4).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
    }

    static func setFloat(_ stl: inout Data, at offset: Int, _ value: Float) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { stl.replaceSubrange(offset..<offset + 4, with: $0) }
    }

    /// The STL with triangle 10's first corner (inside the first crown along the arch) moved 0.5 mm in x.
    static func nudged(_ stl: Data) -> Data {
        var out = stl
        let x = 84 + 10 * 50 + 12
        setFloat(&out, at: x, float(stl, at: x) + 0.5)
        return out
    }

    /// Triangles of the arch's model at `stage`, counted from the plan alone.
    static func expectedTriangles(_ arch: Arch, stage: Int?) -> Int {
        let crowns = arch.teeth.compactMap(\.crown).reduce(0) { $0 + $1.triangleCount }
        let solids = arch.attachments.filter { a in stage.map { a.isActive(atStage: $0) } ?? true }
            .reduce(0) { $0 + $1.template.mesh().triangleCount }
        return crowns + (arch.gingiva?.triangleCount ?? 0) + solids
    }
}

/// The one folder (`gstl-tests-<uuid>` in the temporary directory) all of this process's scratch folders
/// live in, the shared sample export among them, so the tests leave nothing behind. The tests run in
/// parallel and the shared export outlives any one of them, so the folder goes when the process exits:
/// a static is never deinitialized, hence `atexit`. Another process's root (a concurrent run) is not
/// touched.
enum GSTLScratchRoot {
    static let url: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gstl-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: GSTLScratchRoot.url) }
        return url
    }()
}
