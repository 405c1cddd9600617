/// A plan that failed structural validation, with every problem found.
public struct PlanValidationError: Error, Hashable, Codable, Sendable, CustomStringConvertible {
    /// In validation order (plan, then each arch: teeth, stages, IPR, attachments); never empty.
    public var problems: [PlanProblem]

    public init(problems: [PlanProblem]) { self.problems = problems }

    public var description: String {
        let shown = problems.prefix(5).map { "  \($0)" }
        let more = problems.count > 5 ? ["  … and \(problems.count - 5) more"] : []
        return (["The plan has \(problems.count) structural problem\(problems.count == 1 ? "" : "s"):"]
            + shown + more).joined(separator: "\n")
    }
}

extension TreatmentPlan {
    /// This plan if it is structurally valid; otherwise throws every problem `PlanValidator` finds.
    @discardableResult
    public func validated() throws(PlanValidationError) -> TreatmentPlan {
        let problems = PlanValidator.validate(self)
        guard problems.isEmpty else { throw PlanValidationError(problems: problems) }
        return self
    }
}
