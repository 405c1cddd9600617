import Foundation
import Testing
import VendorKit
@testable import aligngate

/// The progress line's text and maths, and that the bar stays silent off a terminal.
@Suite struct ProgressBarTests {
    static func snapshot(units: Int, of total: Int, bytes: Int64, of bytesTotal: Int64, finished: Bool = false) -> ProgressMeter.Snapshot {
        let meter = ProgressMeter()
        meter.begin("export generic-stl", units: total, bytes: bytesTotal)
        meter.advance(units: units, bytes: bytes)
        if finished { meter.finish() }
        return meter.snapshot
    }

    @Test func aLineShowsStagesBarRateAndTimeLeft() {
        let line = ProgressLine(snapshot: Self.snapshot(units: 41, of: 82, bytes: 100_000_000, of: 200_000_000), elapsed: 2)
        #expect(line.megabytesPerSecond == 50)
        #expect(line.fraction == 0.5)
        #expect(line.secondsLeft == 2)
        #expect(line.rendered(width: 100)
                == "export generic-stl  41/82  [###############...............]  50.0 MB/s  0:02 left")
    }

    @Test func timeLeftFallsBackToUnitsWhenBytesAreUnknown() {
        let line = ProgressLine(snapshot: Self.snapshot(units: 10, of: 40, bytes: 0, of: 0), elapsed: 30)
        #expect(line.megabytesPerSecond == nil)
        #expect(line.fraction == 0.25)
        #expect(line.secondsLeft == 90)
        #expect(line.rendered(width: 80).hasSuffix("-- MB/s  1:30 left"))
    }

    @Test func nothingDoneYetHasNoRateOrEstimate() {
        let line = ProgressLine(snapshot: Self.snapshot(units: 0, of: 40, bytes: 0, of: 0), elapsed: 0)
        #expect(line.secondsLeft == nil)
        #expect(line.rendered(width: 80).hasSuffix("-- MB/s  --:-- left"))
    }

    @Test func aFinishedPhaseSaysHowLongItTook() {
        let line = ProgressLine(snapshot: Self.snapshot(units: 82, of: 82, bytes: 5, of: 5, finished: true), elapsed: 3725)
        #expect(line.secondsLeft == 0)
        #expect(line.rendered(width: 120).hasSuffix("done in 1:02:05"))
    }

    @Test func narrowTerminalsLoseTheBarThenTheTail() {
        let snapshot = Self.snapshot(units: 41, of: 82, bytes: 100_000_000, of: 200_000_000)
        let medium = ProgressLine(snapshot: snapshot, elapsed: 2).rendered(width: 50)
        #expect(medium == "export generic-stl  41/82  50.0 MB/s  0:02 left")
        #expect(medium.count <= 49)
        let narrow = ProgressLine(snapshot: snapshot, elapsed: 2).rendered(width: 20)
        #expect(narrow == "export generic-stl ")
        for width in [0, 1, 10, 30, 60, 200] {
            #expect(ProgressLine(snapshot: snapshot, elapsed: 2).rendered(width: width).count <= max(0, width - 1))
        }
    }

    @Test func clockAndBarShapes() {
        #expect(ProgressLine.clock(0) == "0:00")
        #expect(ProgressLine.clock(59.6) == "1:00")
        #expect(ProgressLine.clock(.infinity) == "0:00")
        #expect(ProgressLine.bar(0.34, cells: 10) == "[###.......]")
        #expect(ProgressLine.bar(2, cells: 4) == "[####]")
    }

    @Test func silentWhenQuietOrNotATerminal() throws {
        let pipe = Pipe()
        let fd = pipe.fileHandleForWriting.fileDescriptor
        let bar = ProgressBar.start(quiet: false, fd: fd)
        #expect(!bar.isActive)
        #expect(bar.meter == nil)
        bar.stop()
        try pipe.fileHandleForWriting.close()
        #expect(pipe.fileHandleForReading.readDataToEndOfFile().isEmpty)
        #expect(ProgressBar.start(quiet: true).meter == nil)
    }

    /// On a pseudo-terminal the bar draws with carriage returns and ends each phase on its own line.
    #if os(Linux)
    @Test func drawsOnATerminal() throws {
        // Glibc's module lacks posix_openpt/unlockpt/ptsname, so: /dev/ptmx and the two ioctls they wrap
        // (TIOCSPTLCK = _IOW('T', 0x31, int), TIOCGPTN = _IOR('T', 0x30, unsigned int); same on x86-64 and arm64).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        #expect(master >= 0)
        guard master >= 0 else { return }
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        #expect(withUnsafeMutablePointer(to: &unlock) { ioctl(master, 0x4004_5431, $0) } == 0)
        #expect(withUnsafeMutablePointer(to: &number) { ioctl(master, 0x8004_5430, $0) } == 0)
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        #expect(slave >= 0)
        guard slave >= 0 else { return }
        defer { close(slave) }
        // Raw mode: the terminal passes "\n" through as is (no "\r\n" translation).
        var mode = termios()
        #expect(tcgetattr(slave, &mode) == 0)
        cfmakeraw(&mode)
        #expect(tcsetattr(slave, TCSANOW, &mode) == 0)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        var text = ""
        /// Reads what the bar drew until `needle` shows (or a generous deadline passes on a loaded machine).
        func readUntil(_ needle: String) {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            for _ in 0..<500 where !text.contains(needle) {
                let n = read(master, &buffer, buffer.count)
                if n > 0 { text += String(decoding: buffer.prefix(n), as: UTF8.self) } else { Thread.sleep(forTimeInterval: 0.01) }
            }
        }
        let bar = ProgressBar.start(quiet: false, fd: slave, interval: 0.01)
        let meter = try #require(bar.meter)
        meter.begin("intake", units: 4, bytes: 4_000_000)
        meter.advance(units: 4, bytes: 4_000_000)
        meter.finish()
        readUntil("done in")
        meter.begin("export print-3mf", units: 2)
        meter.advance(units: 1)
        readUntil("export print-3mf  1/2")
        bar.stop()
        bar.stop()
        readUntil("left\n")
        #expect(text.contains("\rintake  4/4"))
        #expect(text.contains("done in"))
        #expect(text.components(separatedBy: "\n").count == 3)
        #expect(text.contains("\rexport print-3mf  1/2"))
        #expect(text.hasSuffix("\n"))
    }
    #endif
}
