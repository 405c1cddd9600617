import ManifestCodec
import PlanModel

extension CaseRecord {
    /// The case metadata a manifest's `case` gives, or a refusal naming `field` when its date is not ISO 8601.
    public func metadata(field: String = "case.created") throws(ManifestError) -> CaseMetadata {
        guard let metadata else { throw ManifestError(field: field, detail: "'\(created)' is not an ISO 8601 date-time") }
        return metadata
    }
}
