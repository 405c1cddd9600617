#!/usr/bin/env python3
"""Runs two DICOM validators nobody on the project wrote over every file of aligngate's dicom-stl
archives: dicom3tools' `dciodvfy` (the IOD, modules and attributes; Debian: dicom3tools) must report no
error and no warning, and dcmtk's `dcmdump` (Debian: dcmtk) must read each file as DICOM Part 10.

Usage: check_dicom_validators.py FOLDER

Every *.zip in FOLDER whose dicom-index.json names the format "aligngate.dicom-stl" is checked (other
zips are skipped). Prints one line per file and ends with the plain line "N passed, M failed"; exits 1
on any failure, or when the folder holds no dicom-stl archive or a validator is not installed.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FORMAT = "aligngate.dicom-stl"


def dicom_files(folder: Path):
    for archive in sorted(folder.glob("*.zip")):
        try:
            with zipfile.ZipFile(archive) as z:
                if "dicom-index.json" not in z.namelist():
                    continue
                index = json.loads(z.read("dicom-index.json"))
                if index.get("format") != FORMAT:
                    continue
                for name in z.namelist():
                    if name.lower().endswith(".dcm"):
                        yield archive, name, z.read(name)
        except zipfile.BadZipFile:
            continue


def problems(path: Path) -> list[str]:
    found = []
    # dciodvfy writes its findings to stderr, one per line, starting "Error" or "Warning".
    run = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, timeout=120)
    for line in (run.stderr + run.stdout).splitlines():
        if line.startswith("Error") or line.startswith("Warning"):
            found.append("dciodvfy: " + line.strip())
    dump = subprocess.run(["dcmdump", "--read-file-only", str(path)], capture_output=True, text=True, timeout=120)
    if dump.returncode != 0 or "E:" in dump.stderr:
        found.append("dcmdump: exit %d: %s" % (dump.returncode, dump.stderr.strip()[:300]))
    elif "(7fe0," not in dump.stdout and "EncapsulatedDocument" not in dump.stdout:
        found.append("dcmdump: no EncapsulatedDocument in the dump")
    return found


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    for tool in ("dciodvfy", "dcmdump"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed (apt-get install dicom3tools dcmtk)")
            return 1
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for archive, name, data in dicom_files(Path(sys.argv[1])):
            path = Path(tmp) / "file.dcm"
            path.write_bytes(data)
            found = problems(path)
            if found:
                failed += 1
                print(f"FAIL {archive.name}:{name}")
                for p in found:
                    print("   ", p)
            else:
                passed += 1
                print(f"ok   {archive.name}:{name}: dciodvfy clean, dcmdump reads it")
    if passed + failed == 0:
        print("no dicom-stl archive found")
        return 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
