import Foundation
import PlanModel
import VendorKit

/// What every check of one adapter shares: the kit, the samples, a scratch folder, and exports made once.
/// Checks run in parallel (one test case each), so everything mutable is under `lock`.
final class ConformanceContext: @unchecked Sendable {
    let kit: ConformanceKit
    let samples: [TreatmentPlan]
    let scratch: URL
    private let lock = NSLock()
    private var exports: [Int: Result<URL, VendorError>] = [:]
    private var counter = 0

    private init(kit: ConformanceKit, samples: [TreatmentPlan], scratch: URL) {
        self.kit = kit
        self.samples = samples
        self.scratch = scratch
    }

    /// One context per adapter id (and set of others) in this process.
    static func shared(for kit: ConformanceKit) throws -> ConformanceContext {
        let key = ([kit.adapter.descriptor.id] + kit.others.map(\.descriptor.id)).joined(separator: ",")
            + (kit.samples == nil ? "" : "#\(kit.samples?.count ?? 0)")
        return try registry.lock.withLock {
            if let known = registry.contexts[key] { return known }
            let samples = try kit.samples ?? ConformanceSamples.plans()
            let folder = ScratchRoot.url.appendingPathComponent("\(registry.contexts.count)-\(kit.adapter.descriptor.id)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let context = ConformanceContext(kit: kit, samples: samples, scratch: folder)
            registry.contexts[key] = context
            return context
        }
    }

    private static let registry = Registry()
    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var contexts: [String: ConformanceContext] = [:]
    }

    var adapter: any VendorAdapter { kit.adapter }
    var descriptor: VendorDescriptor { kit.adapter.descriptor }
    var fileExtension: String { descriptor.extensions.first ?? "archive" }

    /// A fresh path in the scratch folder.
    func path(_ name: String) -> URL {
        lock.withLock {
            counter += 1
            return scratch.appendingPathComponent("\(counter)-\(name)")
        }
    }

    /// A fresh, empty folder in the scratch folder.
    func folder(_ name: String) throws -> URL {
        let url = path(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Export options the kit uses: forced (so samples over a profile's limits still produce archives
    /// to read back) and with a password when the format encrypts.
    var exportOptions: ExportOptions {
        ExportOptions(force: true, password: descriptor.capabilities.encryption ? ConformanceSamples.password : nil)
    }

    var intakeOptions: IntakeOptions {
        IntakeOptions(password: descriptor.capabilities.encryption ? ConformanceSamples.password : nil)
    }

    /// The export of sample `index`, made once (under the lock: parallel checks wait for the first).
    func export(_ index: Int) -> Result<URL, VendorError> {
        lock.lock()
        defer { lock.unlock() }
        if let done = exports[index] { return done }
        counter += 1
        let url = scratch.appendingPathComponent("\(counter)-sample-\(index).\(fileExtension)")
        let result: Result<URL, VendorError>
        do {
            _ = try adapter.export(samples[index], to: url, options: exportOptions)
            result = .success(url)
        } catch {
            result = .failure(error)
        }
        exports[index] = result
        return result
    }
}

/// The process's scratch folder for the kit, removed when the process exits.
enum ScratchRoot {
    static let url: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("aligngate-conformance-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { ScratchRoot.remove() }
        return url
    }()

    static func remove() { try? FileManager.default.removeItem(at: url) }
}
