/// The report's only script: numbering switch, heat-map system and read-out, stage sliders, opening the
/// per-stage tables for printing. It counts its own errors and any blocked request into `<body>`
/// (`data-errors`, `data-csp-violations`), so a headless browser's DOM dump shows them.
enum ReportScript {
    static let source = """
        (function () {
          var body = document.body, notation = "f";
          function bump(name) { body.setAttribute(name, String(Number(body.getAttribute(name) || "0") + 1)); }
          window.addEventListener("error", function () { bump("data-errors"); });
          document.addEventListener("securitypolicyviolation", function () { bump("data-csp-violations"); });
          function each(selector, f, root) { Array.prototype.forEach.call((root || document).querySelectorAll(selector), f); }
          function label(fdi) {
            var el = document.querySelector('.tn[data-f="' + fdi + '"]');
            return el ? el.getAttribute("data-" + notation) : fdi;
          }
          try {
            function setNotation(n) {
              notation = n;
              each(".tn", function (el) { el.textContent = el.getAttribute("data-" + n); });
              each("button[data-notation]", function (b) {
                b.setAttribute("aria-pressed", b.getAttribute("data-notation") === n ? "true" : "false");
              });
              body.setAttribute("data-notation", n);
            }
            each("button[data-notation]", function (button) {
              button.addEventListener("click", function () { setNotation(button.getAttribute("data-notation")); });
            });
            // "#notation=u" (or p, f) opens the report in that numbering, e.g. for a US practice's link.
            var asked = /notation=([fup])/.exec(window.location.hash);
            if (asked) { setNotation(asked[1]); }
            var select = document.getElementById("hm-system");
            if (select) {
              select.addEventListener("change", function () {
                each(".heatmap", function (h) { h.classList.toggle("hidden", h.getAttribute("data-system") !== select.value); });
              });
            }
            var kinds = ["mesial/distal", "buccal/lingual", "extrusion/intrusion", "tip", "torque", "rotation"];
            var units = ["mm", "mm", "mm", "°", "°", "°"];
            var readout = document.getElementById("hm-readout");
            function show(event) {
              var cell = event.target;
              if (!readout || !cell.classList || !cell.classList.contains("c")) { return; }
              var m = cell.getAttribute("data-m").split(" ");
              var text = "Tooth " + label(cell.getAttribute("data-t")) + ", aligner " + cell.getAttribute("data-s") + ": " +
                m.map(function (v, i) { return kinds[i] + " " + v + " " + units[i]; }).join(", ");
              if (cell.hasAttribute("data-r")) { text += " — " + cell.getAttribute("data-r") + " % of the limit (" + cell.getAttribute("data-k") + ")"; }
              if (cell.hasAttribute("data-o")) { text += " — OVER the limit: " + cell.getAttribute("data-o"); }
              readout.textContent = text;
            }
            each("svg.heat", function (svg) {
              svg.addEventListener("click", show);
              svg.addEventListener("mouseover", show);
            });
            each("input.stage-slider", function (input) {
              var svg = document.getElementById(input.getAttribute("data-frames"));
              if (!svg) { return; }
              var frames = svg.querySelectorAll("g.frame");
              var output = input.parentNode.querySelector("output");
              function update() {
                var i = Number(input.value);
                Array.prototype.forEach.call(frames, function (f, j) { f.classList.toggle("hidden", j !== i); });
                if (output && frames[i]) { output.textContent = frames[i].getAttribute("data-stage"); }
              }
              input.addEventListener("input", update);
              update();
            });
            window.addEventListener("beforeprint", function () {
              each("details", function (d) { d.setAttribute("open", ""); });
            });
          } catch (e) {
            bump("data-errors");
          }
          body.setAttribute("data-ready", "1");
        })();
        """
}
