extension ArchiveListing {
    /// Whether the first bytes of `path` hold `text` — a manifest naming its format, the proof a probe looks for.
    public func head(_ path: String, contains text: String) -> Bool {
        head(path).map { String(decoding: $0, as: UTF8.self).contains(text) } ?? false
    }

    /// Whether `path` is one of `prefixes`, then a number of `digits` ASCII digits, then `suffix`
    /// (`upper/stage-07.stl`): how a probe recognises a layout's numbered files by name alone.
    public static func isNumbered(_ path: String, prefixes: [String], digits: ClosedRange<Int>, suffix: String) -> Bool {
        for prefix in prefixes where path.hasPrefix(prefix) && path.hasSuffix(suffix) && path.count >= prefix.count + suffix.count {
            let number = path.dropFirst(prefix.count).dropLast(suffix.count)
            return digits.contains(number.count) && number.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }
}
