/// Person names in DICOM's component form (PS3.5 §6.2.1.1): `family^given^middle^prefix^suffix`.
/// A name written as plain words ("Dr. Ada Moreno") is the retired ACR-NEMA form that validators warn
/// about, so names are split into components on the way out and joined back into words on the way in.
enum DicomPersonName {
    /// Honorifics read as the name prefix, and degrees and generations read as the suffix.
    static let prefixes: Set<String> = ["dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx."]
    static let suffixes: Set<String> = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "md", "m.d.", "dds", "d.d.s.", "dmd", "d.m.d.",
                                        "phd", "ph.d.", "msc", "m.sc."]

    /// The PN value of a name in words: the last word the family name, the first the given name, any
    /// between the middle name, a leading honorific the prefix and trailing degrees the suffix. A single
    /// word is the family name with an empty given name ("PT-1^": without any '^' dciodvfy still calls
    /// it the retired form); a name already holding '^' is taken as components already.
    static func components(_ words: String) -> String {
        if words.contains("^") { return words }
        var parts = words.split(separator: " ").map(String.init)
        var prefix: [String] = []
        var suffix: [String] = []
        while parts.count > 1, let first = parts.first, prefixes.contains(first.lowercased()) { prefix.append(parts.removeFirst()) }
        while parts.count > 1, let last = parts.last, suffixes.contains(last.lowercased().trimmingTrailingComma) {
            suffix.insert(parts.removeLast(), at: 0)
        }
        guard let family = parts.last else { return words }
        let given = parts.count > 1 ? parts[0] : ""
        let middle = parts.count > 2 ? parts[1..<(parts.count - 1)].joined(separator: " ") : ""
        var fields = [family, given, middle, prefix.joined(separator: " "), suffix.joined(separator: " ")]
        while fields.count > 2, fields.last?.isEmpty == true { fields.removeLast() }  // trailing empty components are omitted
        return fields.joined(separator: "^")
    }

    /// The name in words from a PN value (its first, alphabetic group): prefix given middle family suffix.
    static func words(_ value: String) -> String {
        let alphabetic = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? value
        guard alphabetic.contains("^") else { return alphabetic }
        let c = alphabetic.split(separator: "^", omittingEmptySubsequences: false).map(String.init) + Array(repeating: "", count: 5)
        return [c[3], c[1], c[2], c[0], c[4]].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

private extension String {
    var trimmingTrailingComma: String { hasSuffix(",") ? String(dropLast()) : self }
}
