import Foundation
import Gateway
import Ledger
import PlanModel
import SampleCases

/// Temporary folders and small plans for the ledger's tests; nothing is written in the package folder.
enum Fixture {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aligngate-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func ledger(in folder: URL) throws -> Ledger { try Ledger.open(folder.appendingPathComponent("ledger.sqlite")) }

    static func plan(stages: Int = 3, seed: UInt64 = 1) throws -> TreatmentPlan {
        try SampleCase.make(SampleOptions(stages: stages, trianglesPerTooth: 200, seed: seed))
    }

    /// The pid of a process that has exited (so a row it owns counts as left by a dead process).
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
