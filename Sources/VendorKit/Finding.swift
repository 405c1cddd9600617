import PlanModel

/// One thing a check found: a blocking problem, a loss or risk, or a note. Nothing is dropped silently.
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable code, listed in docs/FINDINGS.md (e.g. "stage.step-limit").
    public var code: String
    public var severity: Severity
    public var location: FindingLocation
    /// What was measured (mm, degrees, count…), where it applies.
    public var measured: Double?
    /// The limit it was compared with.
    public var limit: Double?
    /// Unit of `measured` and `limit`.
    public var unit: String?
    /// What is wrong, in words.
    public var message: String
    /// What to change so the target can take the plan.
    public var remedy: String

    public init(_ code: String, _ severity: Severity, at location: FindingLocation = FindingLocation(),
                measured: Double? = nil, limit: Double? = nil, unit: String? = nil, message: String, remedy: String) {
        self.code = code
        self.severity = severity
        self.location = location
        self.measured = measured
        self.limit = limit
        self.unit = unit
        self.message = message
        self.remedy = remedy
    }

    public var description: String {
        let place = location.description
        return "\(severity.rawValue) \(code)\(place.isEmpty ? "" : " [\(place)]"): \(message)"
    }

    /// Error blocks export; warning = lossy or risky; note = for information.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case error, warning, note

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    }
}

/// Where a finding applies; unset parts do not apply.
public struct FindingLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var arch: Jaw?
    public var stage: Int?
    public var tooth: ToothID?
    /// A file inside the archive.
    public var file: String?

    public init(arch: Jaw? = nil, stage: Int? = nil, tooth: ToothID? = nil, file: String? = nil) {
        self.arch = arch
        self.stage = stage
        self.tooth = tooth
        self.file = file
    }

    public var description: String {
        [arch?.rawValue, stage.map { "stage \($0)" }, tooth.map { "tooth \($0)" }, file].compactMap { $0 }
            .joined(separator: ", ")
    }
}
