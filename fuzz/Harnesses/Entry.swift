import Foundation

/// libFuzzer's entry points. The target is chosen by the environment variable FUZZ_TARGET (see fuzz/run).
nonisolated(unsafe) private var selected: Target?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = Target(rawValue: name) else {
        FileHandle.standardError.write(Data("FUZZ_TARGET must be one of: \(Target.allCases.map(\.rawValue).joined(separator: " "))\n".utf8))
        exit(2)
    }
    selected = target
    target.warmUp()
    // A target whose sample could not be made would fuzz nothing but an early return: refuse to run.
    if let problem = target.setupProblem {
        FileHandle.standardError.write(Data("fuzz target \(name): \(problem)\n".utf8))
        exit(2)
    }
    // The run script names the corpus folder: the adapter targets seed it with the entry they replace.
    if let folder = ProcessInfo.processInfo.environment["FUZZ_SEED_DIR"], let seed = target.seed {
        try? seed.write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(target.rawValue)-sample"))
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let target = selected else { return 0 }
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    autoreleasepool { target.run(data) }
    return 0
}

#if !canImport(ObjectiveC)
/// Linux has no autorelease pool; the closure just runs.
func autoreleasepool<T>(_ body: () throws -> T) rethrows -> T { try body() }
#endif

extension Target {
    /// The real entry an adapter target replaces (its export of the sample plan), as the first seed.
    var seed: Data? {
        switch self {
        case .alignplan: Fuzz.planFiles["plan.json"]
        case .dicom: Fuzz.export("dicom-stl")?.entries.first { $0.path.hasSuffix(".dcm") }?.data
        case .manifestGenericSTL: Fuzz.export("generic-stl")?.entries.first { Fuzz.isManifest($0.path) }?.data
        case .manifestPrint3MF: Fuzz.export("print-3mf")?.entries.first { Fuzz.isManifest($0.path) }?.data
        case .manifestDicomSTL: Fuzz.export("dicom-stl")?.entries.first { Fuzz.isManifest($0.path) }?.data
        case .manifestTeeth3DS: Fuzz.export("teeth3ds")?.entries.first { Fuzz.isManifest($0.path) }?.data
        case .manifestRefSegmented: Fuzz.export("ref-segmented")?.entries.first { Fuzz.isManifest($0.path) }?.data
        case .manifestRefSealed: Fuzz.export("ref-sealed")?.entries.first { Fuzz.isManifest($0.path) }?.data
        case .manifestAlignPlan: Fuzz.export("alignplan")?.entries.first { Fuzz.isManifest($0.path) }?.data
        case .onyxceph: Fuzz.onyxcephSeed
        default: nil
        }
    }

    /// Builds what a target needs once (the adapter's sample export), outside the timed runs.
    func warmUp() {
        switch self {
        case .alignplan: _ = Fuzz.planFiles
        case .dicom, .manifestDicomSTL: _ = Fuzz.export("dicom-stl")
        case .manifestGenericSTL: _ = Fuzz.export("generic-stl")
        case .manifestPrint3MF: _ = Fuzz.export("print-3mf")
        case .manifestTeeth3DS: _ = Fuzz.export("teeth3ds")
        case .manifestRefSegmented: _ = Fuzz.export("ref-segmented")
        case .manifestRefSealed: _ = Fuzz.export("ref-sealed")
        case .manifestAlignPlan: _ = Fuzz.export("alignplan")
        case .stlSeries: _ = Fuzz.seriesAdapter
        case .onyxceph: _ = Fuzz.export("onyxceph")
        default: break
        }
    }

    /// Why the target cannot run (its sample plan, export or adapter missing), if it cannot.
    var setupProblem: String? {
        switch self {
        case .alignplan: Fuzz.planFiles["plan.json"] == nil ? "the sample plan could not be written as .alignplan" : nil
        case .stlSeries: Fuzz.seriesAdapter == nil ? "no stl-series adapter in the registry" : nil
        case .onyxceph: Fuzz.onyxcephSeed == nil ? "the onyxceph sample export lacks its Step 0 - Info.csv" : nil
        default: isAdapterTarget && seed == nil ? "the sample export lacks the entry this target replaces" : nil
        }
    }

    private var isAdapterTarget: Bool { rawValue.hasPrefix("manifest-") || self == .dicom }
}

/// SwiftPM links an executable's entry point as `<Module>_main` (and points `main` at it), so the
/// harness's entry hands over to libFuzzer's driver instead of libFuzzer's own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("AlignGateFuzz_main")
public func alignGateFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { bytes, size in testOneInput(bytes, size) }
}
