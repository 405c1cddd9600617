import Foundation
import VendorKit

/// The one line a progress bar shows for a meter reading: activity, units done/total, a bar, MB/s of
/// uncompressed mesh bytes and time left. Pure, so the formatting is tested without a terminal.
struct ProgressLine {
    var snapshot: ProgressMeter.Snapshot
    /// Seconds since the phase began.
    var elapsed: Double

    /// Uncompressed MB (10⁶ bytes) per second; nil before any byte or time has passed.
    var megabytesPerSecond: Double? {
        guard snapshot.bytesDone > 0, elapsed > 0 else { return nil }
        return Double(snapshot.bytesDone) / 1e6 / elapsed
    }

    /// Done as a fraction 0…1: by bytes when their total is known, else by units; nil when neither is.
    var fraction: Double? {
        if snapshot.bytesTotal > 0 { return min(1, Double(snapshot.bytesDone) / Double(snapshot.bytesTotal)) }
        if snapshot.unitsTotal > 0 { return min(1, Double(snapshot.unitsDone) / Double(snapshot.unitsTotal)) }
        return nil
    }

    /// Seconds left at the rate so far (bytes when their total is known, else units); nil before there is a rate.
    var secondsLeft: Double? {
        guard elapsed > 0 else { return nil }
        if snapshot.finished { return 0 }
        if snapshot.bytesTotal > 0, snapshot.bytesDone > 0 {
            return Double(max(0, snapshot.bytesTotal - snapshot.bytesDone)) * elapsed / Double(snapshot.bytesDone)
        }
        if snapshot.unitsTotal > 0, snapshot.unitsDone > 0 {
            return Double(max(0, snapshot.unitsTotal - snapshot.unitsDone)) * elapsed / Double(snapshot.unitsDone)
        }
        return nil
    }

    /// The line, at most `width - 1` characters (the last column is left free so no terminal wraps).
    /// The bar shrinks first, then goes; the activity is cut last.
    func rendered(width: Int) -> String {
        let count = snapshot.unitsTotal > 0 ? "\(snapshot.unitsDone)/\(snapshot.unitsTotal)" : "\(snapshot.unitsDone)"
        let rate = megabytesPerSecond.map { String(format: "%.1f MB/s", $0) } ?? "-- MB/s"
        let left = snapshot.finished ? "done in \(Self.clock(elapsed))" : (secondsLeft.map { Self.clock($0) + " left" } ?? "--:-- left")
        let head = "\(snapshot.activity)  \(count)"
        let tail = "\(rate)  \(left)"
        let room = max(0, width - 1)
        let barRoom = room - head.count - tail.count - 6  // two spaces each side and the brackets
        var line: String
        if let fraction, barRoom >= 10 {
            line = "\(head)  \(Self.bar(fraction, cells: min(30, barRoom)))  \(tail)"
        } else {
            line = "\(head)  \(tail)"
        }
        if line.count > room { line = String(line.prefix(room)) }
        return line
    }

    /// "[#####.....]" with `cells` cells inside the brackets.
    static func bar(_ fraction: Double, cells: Int) -> String {
        let filled = Int((max(0, min(1, fraction)) * Double(cells)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled) + "]"
    }

    /// m:ss, or h:mm:ss from an hour on.
    static func clock(_ seconds: Double) -> String {
        let total = seconds.isFinite ? max(0, Int(seconds.rounded())) : 0
        let h = total / 3600, m = total / 60 % 60, s = total % 60
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
