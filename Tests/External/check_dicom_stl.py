#!/usr/bin/env python3
"""Checks aligngate's dicom-stl archives with clients nobody on the project wrote: Python's zipfile,
json, hashlib, pydicom and numpy-stl (pip install pydicom numpy numpy-stl).

Usage: check_dicom_stl.py FOLDER

Every *.zip in FOLDER whose dicom-index.json names the format "aligngate.dicom-stl" is checked (other
zips are skipped: the demo folder holds every adapter's output). For each DICOM file the index lists,
pydicom must read it as a Part 10 file (preamble, "DICM", File Meta Information) in Explicit VR Little
Endian with: SOP Class Encapsulated STL Storage (meta and data set), Modality M3D, the measurement
units code "mm" (UCUM), MIME type model/stl, InstanceNumber = the stage, valid UIDs that are exactly
the ones FORMAT.md derives (SHA-256 recomputed here), one StudyInstanceUID, PatientID and
FrameOfReferenceUID across the archive, one SeriesInstanceUID per arch and a different one per arch,
an EncapsulatedDocument of even length whose pad is NUL. The STL (EncapsulatedDocument cut to
EncapsulatedDocumentLength) must load with numpy-stl, and its triangle count must equal the STL
header's count and the index's `triangles`; coordinates must be finite and plausible millimetres.

Prints one line per checked file and ends with the plain line "N passed, M failed"; exits 1 on any
failure, or when the folder holds no dicom-stl archive.
"""

import hashlib
import io
import json
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np
import pydicom
from pydicom.uid import UID
from stl import mesh as stlmesh

FORMAT = "aligngate.dicom-stl"
ENCAPSULATED_STL = "1.2.840.10008.5.1.4.1.1.104.3"
EXPLICIT_VR_LE = "1.2.840.10008.1.2.1"
UID_DOMAIN = b"aligngate.dicom-stl.uid.v1"
ARCH_WIDTH_MM = (30.0, 90.0)
MAX_EXTENT_MM = 150.0


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


def derived_uid(case_id, patient_id, jaw, stage, role):
    """FORMAT.md, "UIDs": 2.25. + decimal of the first 16 bytes of SHA-256 over the length-prefixed fields."""
    h = hashlib.sha256(UID_DOMAIN)
    for field in (case_id, patient_id, jaw or "", "" if stage is None else str(stage), role):
        b = field.encode("utf-8")
        h.update(struct.pack(">I", len(b)) + b)
    return "2.25." + str(int.from_bytes(h.digest()[:16], "big"))


def check_stl(stl, expected, problems):
    """Loads the STL with numpy-stl; returns a summary line."""
    if len(stl) < 84:
        problems.append(f"the STL has {len(stl)} bytes, less than a binary STL header")
        return ""
    if stl[:5].lower() == b"solid":
        problems.append("the STL header starts with 'solid' (readers would guess ASCII)")
    header_count = struct.unpack("<I", stl[80:84])[0]
    model = stlmesh.Mesh.from_file("stage.stl", fh=io.BytesIO(stl))
    count = len(model.vectors)
    if count != header_count:
        problems.append(f"numpy-stl reads {count} triangles, the STL header says {header_count}")
    if count != expected:
        problems.append(f"{count} triangles, dicom-index.json says {expected}")
    points = model.vectors.reshape(-1, 3)
    if count == 0:
        return "0 triangles"
    if not np.all(np.isfinite(points)):
        problems.append("non-finite coordinates")
        return ""
    extent = points.max(axis=0) - points.min(axis=0)
    if not ARCH_WIDTH_MM[0] <= extent[0] <= ARCH_WIDTH_MM[1]:
        problems.append(f"arch width {extent[0]:.1f} mm outside {ARCH_WIDTH_MM[0]:.0f}-{ARCH_WIDTH_MM[1]:.0f} mm (units?)")
    if extent.max() > MAX_EXTENT_MM:
        problems.append(f"extent {extent.max():.1f} mm is implausible for a dental arch")
    return f"{count} triangles, {extent[0]:.1f} x {extent[1]:.1f} x {extent[2]:.1f} mm"


def check_dataset(ds, index, jaw, stage, shared, problems):
    meta = ds.file_meta
    if meta.TransferSyntaxUID != EXPLICIT_VR_LE:
        problems.append(f"transfer syntax {meta.TransferSyntaxUID}")
    if meta.MediaStorageSOPClassUID != ENCAPSULATED_STL or ds.SOPClassUID != ENCAPSULATED_STL:
        problems.append(f"SOP class {ds.get('SOPClassUID')} is not Encapsulated STL Storage")
    if meta.MediaStorageSOPInstanceUID != ds.SOPInstanceUID:
        problems.append("MediaStorageSOPInstanceUID differs from SOPInstanceUID")
    if ds.Modality != "M3D":
        problems.append(f"Modality {ds.Modality}")
    units = ds.get("MeasurementUnitsCodeSequence")
    if not units or units[0].CodeValue != "mm" or units[0].CodingSchemeDesignator != "UCUM":
        problems.append("MeasurementUnitsCodeSequence is not mm (UCUM)")
    if ds.MIMETypeOfEncapsulatedDocument != "model/stl":
        problems.append(f"MIME type {ds.MIMETypeOfEncapsulatedDocument}")
    if int(ds.InstanceNumber) != stage:
        problems.append(f"InstanceNumber {ds.InstanceNumber}, the index says stage {stage}")
    if ds.SpecificCharacterSet != "ISO_IR 192":
        problems.append(f"SpecificCharacterSet {ds.SpecificCharacterSet}")
    patient = str(ds.PatientID)
    uids = {
        "StudyInstanceUID": (ds.StudyInstanceUID, None, None, "study"),
        "FrameOfReferenceUID": (ds.FrameOfReferenceUID, None, None, "frame-of-reference"),
        "SeriesInstanceUID": (ds.SeriesInstanceUID, jaw, None, "series"),
        "SOPInstanceUID": (ds.SOPInstanceUID, jaw, stage, "instance"),
    }
    for name, (value, j, s, role) in uids.items():
        if not UID(value).is_valid:
            problems.append(f"{name} {value} is not a valid UID")
        if value != derived_uid(index["caseID"], patient, j, s, role):
            problems.append(f"{name} {value} is not the UID FORMAT.md derives")
    for name in ("StudyInstanceUID", "FrameOfReferenceUID", "PatientID", "StudyDate", "StudyTime"):
        value = str(ds.get(name))
        if shared.setdefault(name, value) != value:
            problems.append(f"{name} {value} differs from the archive's other files ({shared[name]})")
    series = shared.setdefault("series", {})
    if series.setdefault(jaw, ds.SeriesInstanceUID) != ds.SeriesInstanceUID:
        problems.append(f"SeriesInstanceUID differs within the {jaw} arch")
    if list(series.values()).count(ds.SeriesInstanceUID) > 1:
        problems.append("both arches share one SeriesInstanceUID")
    instances = shared.setdefault("instances", set())
    if ds.SOPInstanceUID in instances:
        problems.append("SOPInstanceUID repeats")
    instances.add(ds.SOPInstanceUID)
    document = ds.EncapsulatedDocument
    length = int(ds.EncapsulatedDocumentLength)
    if len(document) % 2 or length > len(document) or any(document[length:]):
        problems.append(f"EncapsulatedDocument ({len(document)} bytes) is not the STL ({length} bytes) padded to even length with NUL")
    return document[:length]


def check_archive(path, tally):
    label = path.name
    with zipfile.ZipFile(path) as zf:
        try:
            index = json.loads(zf.read("dicom-index.json"))
        except (KeyError, ValueError):
            return False
        if not isinstance(index, dict) or index.get("format") != FORMAT:
            return False
        names = set(zf.namelist())
        listed = [(a["jaw"], s) for a in index["arches"] for s in a["stages"]]
        problems = []
        if zf.testzip() is not None:
            problems.append("CRC error")
        if index.get("units") != "mm" or not str(index.get("formatVersion", "")).startswith("1."):
            problems.append("units/formatVersion are not mm/1.x")
        missing = [s["file"] for _, s in listed if s["file"] not in names]
        if missing:
            problems.append(f"missing {', '.join(missing)}")
        tally.report(f"{label}:dicom-index.json", problems, f"case {index['caseID']}, {len(index['arches'])} arch(es), {len(listed)} DICOM files")
        shared = {}
        for jaw, stage in listed:
            if stage["file"] not in names:
                continue
            where = f"{label}:{stage['file']}"
            problems = []
            try:
                ds = pydicom.dcmread(io.BytesIO(zf.read(stage["file"])))
                stl = check_dataset(ds, index, jaw, stage["index"], shared, problems)
                summary = check_stl(stl, stage["triangles"], problems)
            except Exception as error:  # pydicom and numpy-stl raise many kinds; any is a failure here
                problems.append(f"cannot be read: {error!r}")
                summary = ""
            tally.report(where, problems, f"stage {stage['index']}, {summary}")
    return True


def main(argv):
    if len(argv) != 2 or not Path(argv[1]).is_dir():
        print("usage: check_dicom_stl.py FOLDER", file=sys.stderr)
        return 2
    tally = Tally()
    archives = 0
    for path in sorted(Path(argv[1]).glob("*.zip")):
        try:
            if check_archive(path, tally):
                archives += 1
            else:
                print(f"skip {path.name}: not a dicom-stl archive")
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError) as error:
            archives += 1
            tally.report(path.name, [f"cannot be read: {error!r}"], "")
    if archives == 0:
        print(f"no dicom-stl archive in {argv[1]}")
        tally.failed += 1
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
