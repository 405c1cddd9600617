import Foundation
import Ledger


/// The service's counters, rendered as Prometheus text at `/metrics`: requests by route and status,
/// uploads, and the time from upload to verdict per intake (a histogram).
public final class ServiceMetrics: Sendable {
    /// Upper bounds (seconds) of the intake-duration histogram's buckets.
    static let buckets: [Double] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]

    struct State {
        var requests: [String: Int] = [:]
        var uploadBytes: Int64 = 0
        var durationCounts = [Int](repeating: 0, count: ServiceMetrics.buckets.count)
        var durationSum: Double = 0
        var durationCount = 0
        var outcomes: [String: Int] = [:]
    }

    private let state = Locked(State())

    public init() {}

    func request(route: String, method: String, status: Int) {
        state.withLock { $0.requests["\(method) \(route) \(status)", default: 0] += 1 }
    }

    func uploaded(bytes: Int64) {
        state.withLock { $0.uploadBytes += bytes }
    }

    /// One job finished by a worker of this process: `seconds` from submission to verdict.
    func intakeFinished(seconds: Double, status: IntakeJobRecord.Status) {
        state.withLock { s in
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { s.durationCounts[i] += 1 }
            s.durationSum += seconds
            s.durationCount += 1
            s.outcomes[status.rawValue, default: 0] += 1
        }
    }

    /// The Prometheus text exposition (version 0.0.4) of the counters and the queue's depth.
    func render(depth: QueueDepth?) -> String {
        let s = state.withLock { $0 }
        var out: [String] = []
        out.append("# HELP aligngate_http_requests_total HTTP requests answered, by route template, method and status.")
        out.append("# TYPE aligngate_http_requests_total counter")
        for (key, n) in s.requests.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { continue }
            out.append("aligngate_http_requests_total{method=\"\(parts[0])\",route=\"\(Self.escape(parts[1]))\",status=\"\(parts[2])\"} \(n)")
        }
        out.append("# HELP aligngate_upload_bytes_total Bytes of archives received whole.")
        out.append("# TYPE aligngate_upload_bytes_total counter")
        out.append("aligngate_upload_bytes_total \(s.uploadBytes)")
        if let depth {
            out.append("# HELP aligngate_intake_jobs Intake jobs in the ledger, by status.")
            out.append("# TYPE aligngate_intake_jobs gauge")
            for status in IntakeJobRecord.Status.allCases {
                out.append("aligngate_intake_jobs{status=\"\(status.rawValue)\"} \(depth[status])")
            }
        }
        out.append("# HELP aligngate_intake_duration_seconds Time from upload to verdict of the intakes this process's workers finished.")
        out.append("# TYPE aligngate_intake_duration_seconds histogram")
        for (i, bound) in Self.buckets.enumerated() {
            out.append("aligngate_intake_duration_seconds_bucket{le=\"\(bound)\"} \(s.durationCounts[i])")
        }
        out.append("aligngate_intake_duration_seconds_bucket{le=\"+Inf\"} \(s.durationCount)")
        out.append("aligngate_intake_duration_seconds_sum \(s.durationSum)")
        out.append("aligngate_intake_duration_seconds_count \(s.durationCount)")
        out.append("# HELP aligngate_intakes_finished_total Jobs this process's workers finished, by outcome.")
        out.append("# TYPE aligngate_intakes_finished_total counter")
        for (outcome, n) in s.outcomes.sorted(by: { $0.key < $1.key }) {
            out.append("aligngate_intakes_finished_total{status=\"\(outcome)\"} \(n)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
