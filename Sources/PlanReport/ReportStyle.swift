/// The report's one style sheet: readable on a phone, and a print layout with page headers (case and
/// revision), one section per page start, tables and figures kept whole where they fit.
enum ReportStyle {
    static func css(caseID: String, revision: String) -> String {
        let header = cssString("Case \(caseID) · plan revision \(revision.prefix(16))")
        let bands = (0..<DrawnTooth.bandCount).map { i -> String in
            let light = 28 + i * 7
            return ".s\(i){fill:hsl(40,30%,\(light)%)}"
        }.joined()
        return """
            :root{--ink:#1b1f24;--muted:#5b6570;--line:#d0d6dc;--ok:#1d7a3a;--bad:#a4001d;--warn:#9a6200}
            *{box-sizing:border-box}
            body{margin:0 auto;max-width:1100px;padding:0 12px 40px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink)}
            h1{font-size:1.4em;margin:.6em 0 .3em}h2{font-size:1.2em;border-bottom:2px solid var(--line);padding-bottom:.2em;margin-top:1.6em}
            h3{font-size:1.05em}code{font:.9em ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
            .approval{font-size:1.15em;padding:.6em .8em;border-radius:6px;margin:.4em 0 .8em;border:3px solid}
            .approval.approved{border-color:var(--ok);background:#e9f6ec}.approval.pending{border-color:var(--bad);background:#fdecef}
            dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.5em 0}dt{color:var(--muted)}dd{margin:0}
            table{border-collapse:collapse;margin:.6em 0;font-size:.9em;break-inside:avoid}caption{text-align:left;font-weight:600;padding:.2em 0}
            th,td{border:1px solid var(--line);padding:.2em .45em;text-align:left;vertical-align:top}th{background:#f2f4f6}
            table.num td:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
            .scroll{overflow-x:auto;max-width:100%}
            svg{max-width:100%;height:auto}svg text{font:11px system-ui,sans-serif}
            nav.notation{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid var(--line);z-index:2}
            nav.notation button{font:inherit;margin-left:.3em;padding:.2em .6em;border:1px solid var(--line);border-radius:4px;background:#fff}
            nav.notation button[aria-pressed=true]{background:var(--ink);color:#fff}
            .odontogram{width:100%;min-width:640px}.odontogram .crown{fill:#fff;stroke:#7a8590;stroke-width:1.5}
            .odontogram .moving .crown{fill:#ffe2a8;stroke:#b07400}.odontogram .st-missing .crown{fill:#f2f2f2;stroke-dasharray:4 3}
            .odontogram .st-implant .crown{fill:#dfe9f7}.odontogram .st-pontic .crown{fill:#efe3f7}
            .odontogram .cross{stroke:#a4001d;stroke-width:2;fill:none}.odontogram text{text-anchor:middle}
            .odontogram .num{font-weight:600}.odontogram .move{font-size:10px;fill:#7a4c00}.odontogram .mark{font-size:10px}
            .odontogram .jaw,.odontogram .absent{text-anchor:start;fill:var(--muted)}.odontogram .midline{stroke:var(--line)}
            .odontogram .att rect{fill:#2f6fb5}.odontogram .att text{fill:#fff;font-size:9px}.odontogram .att .stages{fill:#2f6fb5;font-size:8px}
            .odontogram .ipr text{fill:#a4001d;font-size:10px;font-weight:600}
            ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.2em;font-size:.85em}
            .key{display:inline-block;width:.9em;height:.9em;border:1px solid #7a8590;margin-right:.3em;vertical-align:-.1em}
            .key.moving{background:#ffe2a8}.key.still{background:#fff}.key.missing{background:#f2f2f2}.key.implant{background:#dfe9f7}
            .key.pontic{background:#efe3f7}.key.att{background:#2f6fb5}.key.ipr{background:#a4001d}
            .heat .c{stroke:none;cursor:pointer}.heat .c:hover{stroke:#000;stroke-width:1}.heat .overmark{stroke:#fff;stroke-width:1.6;fill:none;pointer-events:none}
            .heat .sh,.heat .rh{font-size:9px;fill:var(--muted)}.heat .sh{text-anchor:middle}.heat .rh{text-anchor:end}
            .heat-legend{width:100%;max-width:780px}.readout{min-height:2.9em;background:#f6f7f9;padding:.3em .5em;border-radius:4px;font-size:.9em}
            figure{margin:.8em 0}figcaption{font-weight:600}.hidden{display:none}
            .pair{display:flex;flex-wrap:wrap;gap:12px}.pair>div{flex:1 1 300px}.sub{margin:.2em 0;color:var(--muted);font-size:.85em}
            .arch-view{width:100%;background:#20262d;border-radius:6px}.arch-view .outline{fill:none;stroke:#ff5a5a;stroke-width:3;stroke-dasharray:10 7}
            \(bands)
            .slider{max-width:560px}.slider label{display:flex;align-items:center;gap:.6em}.slider input{flex:1}
            .verdict{font-weight:700}.verdict.compatible{color:var(--ok)}.verdict.lossy{color:var(--warn)}.verdict.incompatible{color:var(--bad)}
            .finding{margin:.3em 0}.finding .sev{font-weight:700;text-transform:uppercase;font-size:.8em}.finding.error .sev{color:var(--bad)}
            .finding.warning .sev{color:var(--warn)}.remedy{color:var(--muted)}.where{color:var(--muted)}
            details.stage{border-bottom:1px solid var(--line);padding:.2em 0}summary{cursor:pointer}
            .problems{border-left:4px solid var(--bad);padding-left:.6em}.ok{color:var(--ok)}.date{color:var(--muted)}
            footer{margin-top:2em;color:var(--muted);font-size:.85em}.reviewed{font-size:.75em}
            @media (max-width:600px){body{font-size:14px}dl.facts{grid-template-columns:1fr}dt{margin-top:.3em}}
            @page{size:A4;margin:16mm 12mm 14mm;@top-left{content:\(header);font:9pt sans-serif;color:#5b6570}@top-right{content:"page " counter(page) " of " counter(pages);font:9pt sans-serif;color:#5b6570}}
            @media print{nav.notation,.slider,.readout,#hm-system,label:has(#hm-system){display:none}
            body{max-width:none;padding:0;font-size:10pt}main>section{break-before:page}h2{break-after:avoid}
            tr,figure,.pair>div,li,details.stage{break-inside:avoid}thead{display:table-header-group}.scroll{overflow:visible}
            .odontogram{min-width:0}details::details-content{content-visibility:visible;display:block}details>summary{list-style:none;font-weight:600}
            .arch-view{background:#fff}.approval{border-width:2px}}
            """
    }

    /// A CSS string literal: quotes, backslashes, line breaks and `<` (which could close the style element) escaped.
    static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "\n", "\r", "\u{0C}":
                out += "\\" + String(scalar.value, radix: 16) + " "
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
