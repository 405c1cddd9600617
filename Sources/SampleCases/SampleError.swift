/// Options the generator refuses.
public enum SampleError: Error, Equatable, Sendable, CustomStringConvertible {
    case stagesOutOfRange(Int, allowed: ClosedRange<Int>)
    case trianglesPerToothOutOfRange(Int, allowed: ClosedRange<Int>)

    public var description: String {
        switch self {
        case let .stagesOutOfRange(n, allowed):
            "\(n) stages is outside \(allowed.lowerBound)…\(allowed.upperBound); choose an aligner count in that range (20–40 is typical)."
        case let .trianglesPerToothOutOfRange(n, allowed):
            "\(n) triangles per tooth is outside \(allowed.lowerBound)…\(allowed.upperBound); choose a crown mesh size in that range."
        }
    }
}
