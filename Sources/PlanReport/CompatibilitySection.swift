import VendorKit

/// The compatibility matrix for the chosen systems, with every finding and its remedy.
enum CompatibilitySection {
    static func html(_ systems: [SystemCheck]) -> String {
        var out = "<section id=\"compatibility\"><h2>Compatibility</h2>"
        guard !systems.isEmpty else { return out + "<p>No system was chosen.</p></section>" }
        let rows = systems.map { s -> [String] in
            let count = { (severity: Finding.Severity) in String(s.findings.count { $0.severity == severity }) }
            return [HTML.escape(s.name) + " <code>\(HTML.escape(s.id))</code>",
                    "<span class=\"verdict \(s.verdict.rawValue)\">\(s.verdict.rawValue)</span>",
                    count(.error), count(.warning), count(.note)]
        }
        out += HTML.table(["System", "Verdict", "Errors", "Warnings", "Notes"], rows, cssClass: "matrix")
        let priced = systems.compactMap { s in s.restagePrice.map { (s.id, $0) } }
        if !priced.isEmpty {
            out += "<ul class=\"restage-prices\">" + priced.map { id, text in
                "<li data-system=\"\(HTML.escape(id))\">\(HTML.escape(text)) — <code>aligngate restage PLAN --for \(HTML.escape(id)) --out NEW</code>, then approve NEW</li>"
            }.joined() + "</ul>"
        }
        for s in systems where !s.findings.isEmpty {
            out += "<details class=\"findings\" data-system=\"\(HTML.escape(s.id))\"\(s.verdict == .incompatible ? " open" : "")><summary>\(HTML.escape(s.name)): \(s.findings.count) findings</summary><ul>"
            for f in s.findings {
                let place = f.location.description
                out += "<li class=\"finding \(f.severity.rawValue)\" data-code=\"\(HTML.escape(f.code))\"><span class=\"sev\">\(f.severity.rawValue)</span> "
                    + "<code>\(HTML.escape(f.code))</code>\(place.isEmpty ? "" : " <span class=\"where\">\(HTML.escape(place))</span>"): "
                    + "\(HTML.escape(f.message))<br><span class=\"remedy\">Remedy: \(HTML.escape(f.remedy))</span></li>"
            }
            out += "</ul></details>"
        }
        return out + "</section>"
    }
}
