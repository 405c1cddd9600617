/// What the conformance kit found: one result per check, in the order run.
public struct ConformanceReport: Sendable, CustomStringConvertible {
    public var vendor: String
    public var checks: [Check]

    /// One check's outcome.
    public struct Check: Sendable, CustomStringConvertible {
        public var name: String
        /// Which check (nil for a check a caller assembled itself).
        public var check: ConformanceCheck?
        public var outcome: Outcome

        public init(name: String, check: ConformanceCheck? = nil, outcome: Outcome) {
            self.name = name
            self.check = check
            self.outcome = outcome
        }

        public var passed: Bool { if case .failed = outcome { false } else { true } }

        public var description: String {
            switch outcome {
            case .passed: return "✔ \(name)"
            case let .skipped(why): return "– \(name): skipped (\(why))"
            case let .failed(messages): return "✘ \(name):\n" + messages.map { "    \($0)" }.joined(separator: "\n")
            }
        }
    }

    public enum Outcome: Sendable, Equatable {
        case passed
        /// Not applicable, because the descriptor says the adapter does not do this.
        case skipped(String)
        case failed([String])
    }

    /// Failure messages, each prefixed with its check.
    public var failures: [String] {
        checks.flatMap { c -> [String] in
            if case let .failed(messages) = c.outcome { return messages.map { "\(c.name): \($0)" } }
            return []
        }
    }

    public var passed: Bool { failures.isEmpty }

    public var description: String {
        checks.map { "\(vendor): \($0)" }.joined(separator: "\n")
    }
}

/// Collects failures inside one check.
struct Failures {
    var messages: [String] = []

    mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { messages.append(message()) }
    }

    mutating func fail(_ message: String) { messages.append(message) }

    var outcome: ConformanceReport.Outcome { messages.isEmpty ? .passed : .failed(Array(messages.prefix(25))) }
}
