import ArgumentParser
import Foundation
import VendorKit

/// A progress bar on stderr for a long export, intake or conversion: samples a `ProgressMeter` about
/// eight times a second from its own thread and redraws one line with `\r`; each phase ends on its own
/// line. Silent (no meter, no thread) when stderr is not a terminal or with `--quiet`.
///
/// Wiring: `let bar = ProgressBar.start(quiet: progress.quiet); defer { bar.stop() }`, then
/// `progress: bar.meter` in `ExportOptions` / `IntakeOptions`.
final class ProgressBar: @unchecked Sendable {
    /// The meter to hand to the pipeline; nil when the bar is silent.
    let meter: ProgressMeter?
    private let output: FileHandle
    private let fd: Int32
    private let interval: Double
    private let lock = NSLock()
    private var stopped = false
    private let exited = DispatchSemaphore(value: 0)
    // Drawing state, touched only by the sampling thread (and by `stop` after it has exited).
    private var phase: ProgressMeter.Snapshot?
    private var phaseStart = ContinuousClock.now
    private var drawnText = ""
    private var closedPhase = false

    private init(meter: ProgressMeter?, fd: Int32, interval: Double) {
        self.meter = meter
        self.fd = fd
        self.interval = interval
        output = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
    }

    /// Starts drawing on `fd` (stderr) unless `quiet` or `fd` is not a terminal.
    static func start(quiet: Bool, fd: Int32 = STDERR_FILENO, interval: Double = 0.125) -> ProgressBar {
        guard !quiet, isatty(fd) == 1 else { return ProgressBar(meter: nil, fd: fd, interval: interval) }
        let bar = ProgressBar(meter: ProgressMeter(), fd: fd, interval: interval)
        let thread = Thread { [bar] in bar.loop() }
        thread.name = "aligngate.progress"
        thread.start()
        return bar
    }

    /// Whether anything is drawn.
    var isActive: Bool { meter != nil }

    /// Draws the last reading, ends its line and stops the thread; safe to call twice.
    func stop() {
        guard meter != nil else { return }
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        exited.wait()
        guard let meter else { return }
        tick(meter.snapshot)
        if let phase, !closedPhase { draw(phase, final: true) }
    }

    private func loop() {
        while !lock.withLock({ stopped }) {
            if let meter { tick(meter.snapshot) }
            Thread.sleep(forTimeInterval: interval)
        }
        exited.signal()
    }

    /// A new phase (activity changed, or counts went back) closes the previous phase's line first.
    private func tick(_ now: ProgressMeter.Snapshot) {
        if let previous = phase, previous.activity != now.activity || now.unitsDone < previous.unitsDone
            || (previous.finished && !now.finished) {
            // A new phase means the previous one ended, whether or not it said so.
            var ended = previous
            ended.finished = true
            if !closedPhase { draw(ended, final: true) }
            phase = nil
        }
        if phase == nil {
            guard !now.activity.isEmpty else { return }
            phaseStart = .now
            closedPhase = false
        }
        phase = now
        guard !closedPhase else { return }
        draw(now, final: now.finished)
    }

    private func draw(_ snapshot: ProgressMeter.Snapshot, final: Bool) {
        guard !snapshot.activity.isEmpty else { return }
        let elapsed = Self.seconds(ContinuousClock.now - phaseStart)
        let text = ProgressLine(snapshot: snapshot, elapsed: elapsed).rendered(width: Self.terminalWidth(fd))
        // Nothing new to show: leave the terminal alone.
        guard final || text != drawnText else { return }
        // Spaces wipe what a longer previous line left behind.
        let padding = String(repeating: " ", count: max(0, drawnText.count - text.count))
        output.write(Data(("\r" + text + padding + (final ? "\n" : "")).utf8))
        drawnText = final ? "" : text
        if final { closedPhase = true }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Columns of the terminal on `fd`; $COLUMNS or 80 when it cannot say.
    static func terminalWidth(_ fd: Int32) -> Int {
        var size = winsize()
        let status = withUnsafeMutablePointer(to: &size) { ioctl(fd, UInt(TIOCGWINSZ), $0) }
        if status == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }
}

/// `--quiet`, for every command that shows a progress bar.
struct ProgressOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress bar on stderr (it is shown only when stderr is a terminal).")
    var quiet = false
}
