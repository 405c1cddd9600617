/// A case id as file and folder names carry it, the same for every adapter that names files after the case.
public enum CaseIDFileName {
    /// ASCII letters and digits, '-', '_' and the scalars of `alsoKeeping` kept; anything else becomes '_'.
    public static func token(_ caseID: String, alsoKeeping extra: Set<Unicode.Scalar> = []) -> String {
        String(caseID.unicodeScalars.map { s -> Character in
            let kept = s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || extra.contains(s))
            return kept ? Character(s) : "_"
        })
    }
}
