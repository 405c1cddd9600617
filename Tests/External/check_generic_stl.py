#!/usr/bin/env python3
"""Checks aligngate's generic-stl archives with clients nobody on the project wrote: Python's zipfile,
json and csv modules and numpy-stl (pip install numpy numpy-stl).

Usage: check_generic_stl.py FOLDER

Every *.zip in FOLDER whose manifest.json names the format "aligngate.generic-stl" is checked (other
zips are skipped: the demo folder holds every adapter's output). For each STL the manifest lists:
numpy-stl loads it; its triangle count equals the manifest's `triangles` and the sum of its parts
(crown and gingiva ranges, attachment solids); its header does not start with "solid"; every coordinate
is finite; its bounds are plausible millimetres (arch 30-90 mm wide, no extent over 150 mm). In the
stage-0 model each crown's triangles must lie around its crown frame's origin. movements.csv and
ipr.csv must have the rows the manifest implies.

Prints one line per checked file and ends with the plain line "N passed, M failed"; exits 1 on any
failure, or when the folder holds no generic-stl archive.
"""

import csv
import io
import json
import math
import sys
import zipfile
from pathlib import Path

import numpy as np
from stl import mesh as stlmesh

FORMAT = "aligngate.generic-stl"
ARCH_WIDTH_MM = (30.0, 90.0)
MAX_EXTENT_MM = 150.0
CROWN_CENTRE_MM = 10.0  # a crown's triangles sit within this of its frame origin


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def report(self, where, problems, summary):
        if problems:
            self.failed += 1
            print(f"FAIL {where}: " + "; ".join(problems))
        else:
            self.passed += 1
            print(f"ok   {where}: {summary}")


def parts_total(arch, attachments):
    crowns = sum(t["crown"]["triangleCount"] for t in arch["teeth"] if t.get("crown"))
    gingiva = arch["gingiva"]["triangleCount"] if arch.get("gingiva") else 0
    return crowns + gingiva + sum(p["triangleCount"] for p in attachments)


def check_stl(zf, name, expected, arch, stage_zero, tally, where):
    problems = []
    data = zf.read(name)
    if data[:5].lower() == b"solid":
        problems.append("header starts with 'solid' (readers would guess ASCII)")
    model = stlmesh.Mesh.from_file(name, fh=io.BytesIO(data))
    count = len(model.vectors)
    if count != expected:
        problems.append(f"{count} triangles, manifest says {expected}")
    points = model.vectors.reshape(-1, 3)
    if not np.all(np.isfinite(points)):
        problems.append("non-finite coordinates")
        tally.report(where, problems, "")
        return
    lo, hi = points.min(axis=0), points.max(axis=0)
    extent = hi - lo
    if not ARCH_WIDTH_MM[0] <= extent[0] <= ARCH_WIDTH_MM[1]:
        problems.append(f"arch width {extent[0]:.1f} mm outside {ARCH_WIDTH_MM[0]:.0f}-{ARCH_WIDTH_MM[1]:.0f} mm (units?)")
    if extent.max() > MAX_EXTENT_MM:
        problems.append(f"extent {extent.max():.1f} mm is implausible for a dental arch")
    if stage_zero:
        for tooth in arch["teeth"]:
            crown = tooth.get("crown")
            if not crown or crown["triangleCount"] == 0:
                continue
            first, n = crown["firstTriangle"], crown["triangleCount"]
            centre = model.vectors[first:first + n].reshape(-1, 3).mean(axis=0)
            origin = np.array(tooth["frame"]["origin"])
            distance = float(np.linalg.norm(centre - origin))
            if not distance <= CROWN_CENTRE_MM:
                problems.append(f"tooth {tooth['fdi']}: its triangles lie {distance:.1f} mm from its crown centre")
    summary = f"{count} triangles, {extent[0]:.1f} x {extent[1]:.1f} x {extent[2]:.1f} mm"
    tally.report(where, problems, summary)


def check_tables(zf, manifest, tally, label):
    names = set(zf.namelist())
    want = sum(
        sum(1 for s in a["stages"] if s["index"] > 0) * sum(1 for t in a["teeth"] if t["status"] != "missing")
        for a in manifest["arches"]
    )
    iprs = sum(len(a["ipr"]) for a in manifest["arches"])
    for name, rows_wanted, columns in (("movements.csv", want, 15), ("ipr.csv", iprs, 6)):
        where = f"{label}:{name}"
        if name not in names:
            tally.report(where, ["missing"], "")
            continue
        rows = list(csv.reader(io.StringIO(zf.read(name).decode("utf-8"))))
        problems = []
        if len(rows) - 1 != rows_wanted:
            problems.append(f"{len(rows) - 1} rows, the manifest implies {rows_wanted}")
        if any(len(r) != columns for r in rows):
            problems.append(f"rows without {columns} columns")
        for r in rows[1:]:
            for field in r[3:] if name == "movements.csv" else [r[4]]:
                try:
                    if not math.isfinite(float(field)):
                        raise ValueError
                except ValueError:
                    problems.append(f"'{field}' is not a number")
                    break
        tally.report(where, problems, f"{len(rows) - 1} rows")


def check_archive(path, tally):
    label = path.name
    with zipfile.ZipFile(path) as zf:
        # Other vendors' archives (some encrypted) share the folder: recognise ours before reading more.
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except (KeyError, ValueError, RuntimeError):
            return False
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return False
        bad = zf.testzip()
        problems = []
        if bad is not None:
            problems.append(f"CRC error in {bad}")
        if manifest.get("units") != "mm" or manifest.get("numbering") != "FDI":
            problems.append("units/numbering are not mm/FDI")
        names = set(zf.namelist())
        listed = [s["file"] for a in manifest["arches"] for s in a["stages"]] + [a["attachmentTemplate"]["file"] for a in manifest["arches"]]
        missing = [f for f in listed if f not in names]
        if missing:
            problems.append(f"missing {', '.join(missing)}")
        tally.report(f"{label}:manifest.json", problems, f"{len(manifest['arches'])} arch(es), {len(listed)} STL files listed")
        for arch in manifest["arches"]:
            for stage in arch["stages"]:
                if stage["file"] not in names:
                    continue
                expected = stage["triangles"]
                where = f"{label}:{stage['file']}"
                if parts_total(arch, stage["attachments"]) != expected:
                    tally.report(where, [f"parts add up to {parts_total(arch, stage['attachments'])}, triangles says {expected}"], "")
                    continue
                check_stl(zf, stage["file"], expected, arch, stage["index"] == 0, tally, where)
            template = arch["attachmentTemplate"]
            where = f"{label}:{template['file']}"
            if template["file"] not in names:
                pass
            elif parts_total(arch, template["attachments"]) != template["triangles"]:
                tally.report(where, [f"parts add up to {parts_total(arch, template['attachments'])}, triangles says {template['triangles']}"], "")
            else:
                check_stl(zf, template["file"], template["triangles"], arch, False, tally, where)
        check_tables(zf, manifest, tally, label)
    return True


def main(argv):
    if len(argv) != 2 or not Path(argv[1]).is_dir():
        print("usage: check_generic_stl.py FOLDER", file=sys.stderr)
        return 2
    tally = Tally()
    archives = 0
    for path in sorted(Path(argv[1]).glob("*.zip")):
        try:
            if check_archive(path, tally):
                archives += 1
            else:
                print(f"skip {path.name}: not a generic-stl archive")
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError) as error:
            archives += 1
            tally.report(path.name, [f"cannot be read: {error!r}"], "")
    if archives == 0:
        print(f"no generic-stl archive in {argv[1]}")
        tally.failed += 1
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
