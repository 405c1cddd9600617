/// The findings of a check, with the verdict they add up to.
public struct Report: Sendable, Hashable, Codable {
    public var findings: [Finding]

    public init(_ findings: [Finding] = []) { self.findings = findings }

    public var errors: [Finding] { findings.filter { $0.severity == .error } }
    public var warnings: [Finding] { findings.filter { $0.severity == .warning } }
    public var notes: [Finding] { findings.filter { $0.severity == .note } }

    /// compatible: no errors or warnings; lossy: warnings only; incompatible: at least one error.
    public var verdict: Verdict {
        if !errors.isEmpty { return .incompatible }
        return warnings.isEmpty ? .compatible : .lossy
    }

    /// `--strict`: every warning becomes an error.
    public func strict() -> Report {
        Report(findings.map { f in
            var f = f
            if f.severity == .warning { f.severity = .error }
            return f
        })
    }

    public static func + (a: Report, b: Report) -> Report { Report(a.findings + b.findings) }

    /// What a check concludes.
    public enum Verdict: String, Sendable, Hashable, Codable {
        case compatible, lossy, incompatible
    }
}
