import ArchiveIO
import Foundation
import Gateway
import MeshIO
import PlanModel
import PlanPackage
import SampleCases
import VendorKit

/// The fuzz targets: each takes the fuzzer's bytes to one parser's public entry point. A typed error is
/// the expected outcome for bad input; a crash, a sanitizer report, a hang or an out-of-memory is a bug.
enum Target: String, CaseIterable {
    case stl, stlASCII = "stl-ascii", ply, obj, threeMFModel = "3mf-model", threeMFPackage = "3mf-package", zip, alignplan
    case dicom
    case manifestGenericSTL = "manifest-generic-stl", manifestPrint3MF = "manifest-print-3mf", manifestDicomSTL = "manifest-dicom-stl"
    case manifestTeeth3DS = "manifest-teeth3ds", manifestRefSegmented = "manifest-ref-segmented", manifestRefSealed = "manifest-ref-sealed"
    case manifestAlignPlan = "manifest-alignplan"
    case stlSeries = "stl-series"
    case onyxceph

    /// Runs one input.
    func run(_ data: Data) {
        switch self {
        case .stl: _ = try? STLCodec.decode(data, source: "fuzz.stl")
        case .stlASCII: _ = try? STLCodec.decode(Data("solid fuzz\n".utf8) + data, source: "fuzz.stl")
        case .ply: _ = try? PLYCodec.decode(data, source: "fuzz.ply")
        case .obj: _ = try? OBJCodec.decode(data, source: "fuzz.obj")
        case .threeMFModel: _ = try? ThreeMFReader.decode(data, source: "fuzz.3mf")
        case .threeMFPackage: _ = try? ThreeMFPackageReader.read(data, source: "fuzz.3mf", limits: Fuzz.limits)
        case .zip:
            // The parallel catalog and local-header checks, then libarchive's streamed pass.
            guard let reader = try? ArchiveReader(data: data, name: "fuzz.zip", limits: Fuzz.limits) else { return }
            _ = try? reader.forEachEntryConcurrently(workers: 1) { _, _ in }
            _ = try? reader.entries()
        case .alignplan:
            let files = Fuzz.planFiles
            _ = try? PlanDecoder.plan { (path, limit) throws(PlanPackageError) -> Data in
                let bytes = path == "plan.json" ? data : files[path]
                guard let bytes, bytes.count <= limit else { throw PlanPackageError(file: path, reason: .missingFile) }
                return bytes
            }
        case .dicom: Fuzz.replacing(vendor: "dicom-stl", entry: { $0.hasSuffix(".dcm") }, with: data)
        case .manifestGenericSTL: Fuzz.replacing(vendor: "generic-stl", entry: Fuzz.isManifest, with: data)
        case .manifestPrint3MF: Fuzz.replacing(vendor: "print-3mf", entry: Fuzz.isManifest, with: data)
        case .manifestDicomSTL: Fuzz.replacing(vendor: "dicom-stl", entry: Fuzz.isManifest, with: data)
        case .manifestTeeth3DS: Fuzz.replacing(vendor: "teeth3ds", entry: Fuzz.isManifest, with: data)
        case .manifestRefSegmented: Fuzz.replacing(vendor: "ref-segmented", entry: Fuzz.isManifest, with: data)
        case .manifestRefSealed: Fuzz.replacing(vendor: "ref-sealed", entry: Fuzz.isManifest, with: data)
        case .manifestAlignPlan: Fuzz.replacing(vendor: "alignplan", entry: Fuzz.isManifest, with: data)
        case .stlSeries: Fuzz.series(data)
        case .onyxceph: Fuzz.onyxceph(data)
        }
    }
}

/// What the targets share: small limits (so a bomb is refused fast, not after gigabytes), one sample
/// plan exported once per adapter, and the archive rebuilt around the fuzzed entry.
enum Fuzz {
    static let limits = ArchiveLimits(maxEntries: 200, maxEntryBytes: 16 << 20, maxTotalBytes: 64 << 20)
    static let password = "fuzz-password"
    static let work = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-fuzz-\(getpid())")

    /// A small sample plan (2 stages, the smallest crowns allowed): quick to export and to read back.
    static let plan: TreatmentPlan? = try? SampleCase.make(SampleOptions(stages: 2, trianglesPerTooth: SampleOptions.allowedTrianglesPerTooth.lowerBound, seed: 7))

    /// The sample plan as .alignplan files (path → bytes), for the decoder target.
    static let planFiles: [String: Data] = {
        guard let plan else { return [:] }
        let folder = work.appendingPathComponent("plan.alignplan")
        try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try? PlanPackage.write(plan, to: folder, form: .folder, overwrite: true)
        var files: [String: Data] = [:]
        let root = folder.standardizedFileURL.path + "/"
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in walk {
            if let data = try? Data(contentsOf: url) { files[String(url.standardizedFileURL.path.dropFirst(root.count))] = data }
        }
        return files
    }()

    /// The entry that holds a format's manifest or index.
    static func isManifest(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return ["manifest.json", "dicom-index.json", "case.xml", "plan.json", "labels.json", "manifest.xml"].contains(name)
            || (name.hasSuffix(".json") && !path.contains("/")) || name.hasSuffix("_upper.json")
    }

    /// One adapter's export of the sample plan: its archive format and entries, made once.
    struct Export {
        let adapter: any VendorAdapter
        let format: ArchiveFormat
        let entries: [(path: String, data: Data)]
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var exports: [String: Export] = [:]

    static func export(_ vendor: String) -> Export? {
        lock.lock()
        defer { lock.unlock() }
        if let known = exports[vendor] { return known }
        guard let plan, let registry = try? Registry.standard(), let adapter = try? registry.adapter(vendor) else { return nil }
        try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let url = work.appendingPathComponent("sample-\(vendor)")
        let options = ExportOptions(force: true, overwrite: true, password: password)
        guard (try? adapter.export(plan, to: url, options: options)) != nil,
              let reader = try? ArchiveReader(contentsOf: url, password: password) else { return nil }
        var entries: [(String, Data)] = []
        try? reader.forEachEntry { entry, stream in
            if entry.kind == .file, let data = try? stream.readAll() { entries.append((entry.path, data)) }
        }
        let export = Export(adapter: adapter, format: reader.format, entries: entries)
        exports[vendor] = export
        return export
    }

    /// Rebuilds `vendor`'s sample archive with the first entry `entry` picks replaced by `data`, and
    /// reads it through the adapter.
    static func replacing(vendor: String, entry: (String) -> Bool, with data: Data) {
        guard let export = export(vendor), let index = export.entries.firstIndex(where: { entry($0.path) }) else { return }
        let url = work.appendingPathComponent("input-\(vendor)")
        let encrypted = vendor == "ref-sealed"
        let entries = export.entries.enumerated().map { i, e in (e.path, i == index ? data : e.data) }
        guard write(entries, to: url, format: export.format, password: encrypted ? password : nil) else { return }
        _ = try? export.adapter.read(url, options: IntakeOptions(password: encrypted ? password : nil))
    }

    /// Writes an input archive. A plain zip is built in memory with stored entries: `ArchiveWriter`'s
    /// file output hashes every byte (SHA-256), which under the sanitizers took most of each run.
    static func write(_ entries: [(String, Data)], to url: URL, format: ArchiveFormat, password: String? = nil) -> Bool {
        if format == .zip, password == nil {
            guard var zip = try? InMemoryZip(name: url.lastPathComponent) else { return false }
            for (path, data) in entries {
                guard (try? zip.add(path, data: data, compression: .store)) != nil else { return false }
            }
            guard let bytes = try? zip.bytes() else { return false }
            return (try? bytes.write(to: url)) != nil
        }
        guard let writer = try? ArchiveWriter(creating: url, options: ArchiveWriteOptions(format: format, compressionLevel: ArchiveWriteOptions.compressionLevels(for: format)?.lowerBound,
                                                                                          password: password, concurrency: 1),
                                              overwrite: true) else { return false }
        for (path, data) in entries {
            guard (try? writer.add(path, data: data)) != nil else { return false }
        }
        return (try? writer.finish()) != nil
    }
}
