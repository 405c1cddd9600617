import Foundation
@testable import IntakeService
import Testing

/// What a dead server's uploads leave in `incoming/` is removed; a live upload's file is not.
@Suite struct IncomingSweepTests {
    @Test func onlyFilesUntouchedForLongerThanTheTimeoutsAreRemoved() throws {
        let f = try ServiceFixture()
        let incoming = f.archives.incoming
        let abandoned = incoming.appendingPathComponent("abandoned.part"), live = incoming.appendingPathComponent("live.part")
        try Data(repeating: 1, count: 10).write(to: abandoned)
        try Data(repeating: 2, count: 10).write(to: live)
        let now = Date()
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-700)], ofItemAtPath: abandoned.path)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-30)], ofItemAtPath: live.path)

        #expect(f.archives.sweepIncoming(untouchedFor: 630, now: now) == ["abandoned.part"])
        #expect(f.archives.incomingFiles() == ["live.part"])
        // Nothing else is touched, and a second sweep finds nothing.
        #expect(f.archives.sweepIncoming(untouchedFor: 630, now: now).isEmpty)
        #expect(FileManager.default.fileExists(atPath: f.archives.objects.path))
    }
}
