#!/usr/bin/env python3
"""aligngate's 3MF verdicts beside lib3mf's (the 3MF Consortium's library) in strict mode.

Usage: compare_3mf_lib3mf.py RULES_FOLDER ALIGNGATE [CONFORMING_PATH ...]

RULES_FOLDER holds the hand-built rule files and their expected.tsv (file, the rule aligngate refuses it by
or "reads", description), written by `ALIGNGATE_3MF_RULES_OUT=RULES_FOLDER swift test --filter
ThreeMFRuleFilesTests`. CONFORMING_PATH: .3mf files, folders searched for them, and zips whose .3mf entries
are taken (the demo's print-3mf archives); aligngate's verdict on those is `ALIGNGATE mesh check FILE`
(exit 2: refused). lib3mf reads every file with SetStrictModeActive(True): a file it refuses, or reads with
warnings, is "refused" by it.

Prints one line per file (both verdicts) and every disagreement, then checks the disagreements against
KNOWN below (documented in docs/3MF-RULES.md, "Beside lib3mf"): a new disagreement, or a known one that is
gone, fails, so the document stays true. Ends with the plain line "N passed, M failed".
Needs: pip install lib3mf
"""
import csv
import os
import subprocess
import sys
import tempfile
import zipfile

import lib3mf

# Where lib3mf 2.5.0 in strict mode and aligngate disagree (file name without .3mf -> what differs): rule files
# lib3mf reads although the 3MF specifications say a consumer must refuse them, and conforming files it
# refuses. Kept in step with docs/3MF-RULES.md, "Beside lib3mf".
KNOWN = {
    "package-00-part-content-type": "lib3mf reads it: a related part without a content type (part-content-type)",
    "package-06-print-ticket-count": "lib3mf reads it: a print ticket on the package root (print-ticket-count)",
    "package-08-part-name": "lib3mf reads it: two parts whose names differ only in case (part-name)",
    "package-14-xml-namespace-attribute": "lib3mf reads it: xml:space (xml-namespace-attribute)",
    "package-16-attribute-whitespace": "lib3mf reads it: whitespace inside a number (attribute-whitespace)",
    "model-07-build-references-other": "lib3mf reads it: a build item reaching type other through components (build-references-other)",
    "model-08-pindex-without-pid": "lib3mf reads it: pindex without pid (pindex-without-pid)",
    "model-12-property-index-out-of-range": "lib3mf reads it: a triangle index past its group (property-index-out-of-range)",
    "model-13-triangle-properties-without-default": "lib3mf reads it: triangle properties without an object default (triangle-properties-without-default)",
    "model-14-components-with-properties": "lib3mf reads it: an object of components with a pid (components-with-properties)",
    "model-15-base-material-gradient": "lib3mf reads it: a base-material gradient (base-material-gradient)",
    "model-16-color-value": "lib3mf reads it: a colour without # (color-value)",
    "model-17-color-value": "lib3mf reads it: a base displaycolor of five digits (color-value)",
    "model-18-attribute-whitespace": "lib3mf reads it: a colour with surrounding whitespace (attribute-whitespace)",
    "model-20-material-attribute": "lib3mf reads it: a base without a name (material-attribute)",
    "model-26-multi-material-first": "lib3mf reads it: a material layered after a colour (multi-material-first)",
    "model-30-multi-indices": "lib3mf reads it: a multi with more indices than layers (multi-indices)",
    "Moon": "lib3mf strict refuses an attribute in a namespace it does not know (Invalid Attribute in namespace); the 3MF Core lets a consumer ignore extensions that are not required, so aligngate reads it",
}


def lib3mf_verdict(wrapper, path):
    """(refused, detail) by lib3mf in strict mode."""
    model = wrapper.CreateModel()
    reader = model.QueryReader("3mf")
    reader.SetStrictModeActive(True)
    try:
        reader.ReadFromFile(path)
    except lib3mf.ELib3MFException as error:
        return True, str(error).strip().replace("\n", " ")
    warnings = [reader.GetWarning(i)[1] for i in range(reader.GetWarningCount())]
    if warnings:
        return True, "warnings: " + "; ".join(warnings)
    return False, "reads"


def aligngate_verdict(binary, path):
    """(refused, detail) by `aligngate mesh check`."""
    run = subprocess.run([binary, "mesh", "check", path], capture_output=True, text=True)
    if run.returncode == 2:
        return True, (run.stderr.strip().splitlines() or ["exit 2"])[-1]
    return False, "reads"


def conforming_files(paths, scratch):
    found = []
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in os.walk(path):
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if name.lower().endswith(".3mf"):
                        found.append(full)
                    elif name.lower().endswith(".zip"):
                        found += threemf_entries(full, scratch)
        elif path.lower().endswith(".3mf"):
            found.append(path)
        elif path.lower().endswith(".zip"):
            found += threemf_entries(path, scratch)
    return found


def threemf_entries(path, scratch):
    out = []
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.lower().endswith(".3mf"):
                    target = os.path.join(scratch, os.path.basename(path) + "--" + name.replace("/", "_"))
                    with open(target, "wb") as f:
                        f.write(archive.read(name))
                    out.append(target)
    except zipfile.BadZipFile:
        pass
    return out


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rules, binary, conforming = sys.argv[1], sys.argv[2], sys.argv[3:]
    wrapper = lib3mf.get_wrapper()
    print(f"lib3mf {'.'.join(map(str, wrapper.GetLibraryVersion()[:3]))}, strict mode")
    rows = []  # (file, aligngate refused, aligngate detail, lib3mf refused, lib3mf detail)
    with open(os.path.join(rules, "expected.tsv"), newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            refused = row["expected"] != "reads"
            ours = row["expected"] if refused else "reads"
            rows.append((row["file"], refused, ours) + lib3mf_verdict(wrapper, os.path.join(rules, row["file"])))
    with tempfile.TemporaryDirectory() as scratch:
        for path in conforming_files(conforming, scratch):
            rows.append((os.path.basename(path),) + aligngate_verdict(binary, path) + lib3mf_verdict(wrapper, path))

    passed = failed = 0
    disagreements = {}
    for name, ours, ours_detail, theirs, theirs_detail in rows:
        agree = ours == theirs
        print(f"{'agree   ' if agree else 'DISAGREE'}  {name}: aligngate {'refuses (' + ours_detail + ')' if ours else 'reads'}; "
              f"lib3mf {'refuses (' + theirs_detail[:160] + ')' if theirs else 'reads'}")
        if not agree:
            disagreements[name] = (ours, theirs)
    for name, (ours, theirs) in sorted(disagreements.items()):
        known = KNOWN.get(name[:-4] if name.endswith(".3mf") else name)
        if known is None:
            failed += 1
            print(f"NEW DISAGREEMENT: {name}: aligngate {'refuses' if ours else 'reads'}, lib3mf {'refuses' if theirs else 'reads'}")
        else:
            passed += 1
    for name in KNOWN:
        if name + ".3mf" not in disagreements:
            failed += 1
            print(f"KNOWN DISAGREEMENT GONE: {name} (update KNOWN and docs/3MF-RULES.md)")
    passed += len(rows) - len(disagreements)
    if not rows:
        failed += 1
        print("no file compared")
    print(f"{len(rows)} files, {len(rows) - len(disagreements)} verdicts alike, {len(disagreements)} different")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
