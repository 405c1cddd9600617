import PlanModel

/// How stage files are numbered and labelled, the same in every baked format: stage numbers zero-padded
/// to a width fixed per arch (so names sort), and header labels in printable ASCII.
public enum StageNaming {
    /// Digits of a stage number in file names: at least 2, 3 once an arch passes stage 99.
    public static func digits(maxIndex: Int) -> Int { max(2, String(max(0, maxIndex)).count) }

    /// The digits for every stage file of `arch`.
    public static func digits(for arch: Arch) -> Int { digits(maxIndex: arch.stages.map(\.index).max() ?? 0) }

    /// `stage` zero-padded to `digits`.
    public static func padded(_ stage: Int, digits: Int) -> String {
        let n = String(stage)
        return String(repeating: "0", count: max(0, digits - n.count)) + n
    }

    /// `text` with everything but printable ASCII replaced by "_" (a case id in an STL header, say).
    public static func printableASCII(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "_" })
    }
}
