#!/usr/bin/env python3
"""Check print-3mf archives with lib3mf, the 3MF Consortium's own library (a reader aligngate did not write).

Usage: check_print_3mf.py FOLDER      (every *.zip in FOLDER holding a print-manifest.json is checked;
                                       other zips, e.g. the other adapters' demo output, are skipped)

For each stage 3MF listed in an archive's print-manifest.json (format 1.1), lib3mf must read it and find:
  - the unit millimeter;
  - exactly one build item (as the manifest's buildItems says), placed without a transform, building
    the arch model: lib3mf's only components object, of type model, named "<case> <arch> stage NN";
  - as many components of the arch model as the manifest expects, counted independently from the
    manifest's teeth (crowns), gingiva and attachments bonded at that stage (placed <= stage < removed),
    each referring to a mesh object; only the crowns' components carry a transform;
  - as many triangles (summed over the mesh objects) as the manifest records;
  - the aligngate metadata ag:case / ag:arch / ag:stage / ag:label of that case, arch and stage;
  - for every crown of every stage, lib3mf's component transform equal to the manifest's to 1e-5, and
    the transform convention right: a crown vertex p moved by lib3mf's matrix as a row vector
    (p' = p . M, the 3MF convention) lands where the plan's pose puts it (p' = R(q) p + t, q the
    manifest's unit quaternion [w, x, y, z]), to 1e-4 mm.

Prints one line per archive and ends with the plain line "N passed, M failed"; exits 1 on any failure
(or when no archive was checked).
Needs: pip install lib3mf numpy
"""
import json
import os
import sys
import tempfile
import zipfile

import lib3mf
import numpy as np

NAMESPACE = "http://aligngate.org/3mf/plan/2026"
TRANSFORM_TOLERANCE = 1e-5
POSITION_TOLERANCE = 1e-4
IDENTITY = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=float)


def rotation_matrix(q):
    """The column-vector rotation matrix of a unit quaternion [w, x, y, z] (Hamilton, active)."""
    w, x, y, z = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])


def active(attachment, stage):
    removed = attachment.get("stageRemoved")
    return stage >= attachment["stagePlaced"] and (removed is None or stage < removed)


def fields_of(transform):
    """lib3mf's Transform as a 4 x 3 array (the 3MF attribute's numbers, row by row)."""
    return np.array([list(row) for row in transform.Fields], dtype=float)


def metadata(model, name):
    group = model.GetMetaDataGroup()
    try:
        return group.GetMetaDataByKey(NAMESPACE, name).GetValue()
    except Exception:  # lib3mf raises when the key is absent
        return None


def iterate(iterator, current):
    """The items of a lib3mf iterator, read with its `current` getter."""
    out = []
    while iterator.MoveNext():
        out.append(current(iterator))
    return out


def is_identity(fields):
    return np.max(np.abs(fields - IDENTITY)) == 0


def check_stage(wrapper, path, case_id, arch, stage, problems):
    model = wrapper.CreateModel()
    model.QueryReader("3mf").ReadFromFile(path)
    where = stage["file"]
    if model.GetUnit() != lib3mf.ModelUnit.MilliMeter:
        problems.append(f"{where}: unit is {model.GetUnit()}, not millimeter")

    items = iterate(model.GetBuildItems(), lambda i: i.GetCurrent())
    if len(items) != 1 or stage["buildItems"] != 1:
        problems.append(f"{where}: {len(items)} build items (the manifest says {stage['buildItems']}); expected exactly 1")
        return
    item = items[0]
    if item.HasObjectTransform() and not is_identity(fields_of(item.GetObjectTransform())):
        problems.append(f"{where}: the build item has a transform")
    assemblies = iterate(model.GetComponentsObjects(), lambda i: i.GetCurrentComponentsObject())
    if not item.GetObjectResource().IsComponentsObject() or len(assemblies) != 1:
        problems.append(f"{where}: the build item does not build the one components object ({len(assemblies)} of them)")
        return
    arch_model = model.GetComponentsObjectByID(item.GetObjectResourceID())
    wanted_name = f"{case_id} {arch['jaw']} stage {stage['index']:02d}"
    if arch_model.GetName() != wanted_name or arch_model.GetType() != lib3mf.ObjectType.Model:
        problems.append(f"{where}: the arch model is {arch_model.GetName()!r} of type {arch_model.GetType()}; "
                        f"expected {wanted_name!r} of type model")

    crowns = [t for t in arch["teeth"] if t.get("crown")]
    attachments = [a for a in arch["attachments"] if active(a, stage["index"])]
    expected_parts = len(crowns) + (1 if arch.get("gingiva") else 0) + len(attachments)
    components = [arch_model.GetComponent(i) for i in range(arch_model.GetComponentCount())]
    if len(components) != expected_parts or len(components) != stage["components"]:
        problems.append(f"{where}: the arch model has {len(components)} components; expected {expected_parts} "
                        f"(manifest says {stage['components']})")

    triangles = 0
    for mesh in iterate(model.GetMeshObjects(), lambda i: i.GetCurrentMeshObject()):
        triangles += mesh.GetTriangleCount()
    if triangles != stage["triangles"]:
        problems.append(f"{where}: {triangles} triangles; the manifest records {stage['triangles']}")

    jaw_letter = "U" if arch["jaw"] == "upper" else "L"
    wanted = {"case": case_id, "arch": arch["jaw"], "stage": str(stage["index"]),
              "label": f"{case_id} {jaw_letter} {stage['index']:02d}"}
    for key, value in wanted.items():
        found = metadata(model, key)
        if found != value:
            problems.append(f"{where}: ag:{key} is {found!r}, expected {value!r}")

    poses = {p["tooth"]: p for p in stage["poses"]}
    names = {t["crown"]["object"]: t["fdi"] for t in crowns}
    checked = 0
    for component in components:
        part = component.GetObjectResource()
        if not part.IsMeshObject():
            problems.append(f"{where}: component {part.GetName()!r} is not a mesh object")
            continue
        fields = fields_of(component.GetTransform())  # 4 x 3; identity when the component has none
        fdi = names.get(part.GetName())
        if fdi is None:
            if component.HasTransform() and not is_identity(fields):
                problems.append(f"{where}: {part.GetName()} is moved by its component; only crowns are")
            continue
        pose = poses.get(fdi)
        if pose is None:
            problems.append(f"{where}: no manifest pose for tooth {fdi}")
            continue
        written = np.array(pose["transform"], dtype=float).reshape(4, 3)
        if np.max(np.abs(fields - written)) > TRANSFORM_TOLERANCE:
            problems.append(f"{where}: tooth {fdi}: lib3mf reads transform {fields.ravel().tolist()}, manifest has {pose['transform']}")
            continue
        mesh = model.GetMeshObjectByID(component.GetObjectResourceID())
        for index in (0, mesh.GetVertexCount() // 2, mesh.GetVertexCount() - 1):
            p = np.array(list(mesh.GetVertex(index).Coordinates), dtype=float)
            by_lib3mf = np.append(p, 1.0) @ fields  # the 3MF convention: row vector times M
            by_plan = rotation_matrix(pose["rotation"]) @ p + np.array(pose["translation"])
            if np.max(np.abs(by_lib3mf - by_plan)) > POSITION_TOLERANCE:
                problems.append(f"{where}: tooth {fdi} vertex {index}: lib3mf places it at {by_lib3mf.tolist()}, "
                                f"the plan's pose at {by_plan.tolist()}")
                break
        checked += 1
    if checked != len(crowns):
        problems.append(f"{where}: checked the transform of {checked} crowns of {len(crowns)}")
    return len(components), checked


def check_archive(wrapper, path):
    """Problems found, and counts; None when the zip is not a print-3mf archive."""
    problems = []
    counts = {"stages": 0, "items": 0, "components": 0, "crowns": 0}
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as scratch:
        if "print-manifest.json" not in archive.namelist():
            return None, counts
        manifest = json.loads(archive.read("print-manifest.json"))
        if manifest.get("format") != "aligngate.print-3mf":
            return [f"format is {manifest.get('format')!r}"], counts
        if manifest.get("formatVersion") != "1.1":
            return [f"formatVersion is {manifest.get('formatVersion')!r}; this script checks 1.1"], counts
        case_id = manifest["case"]["caseID"]
        for arch in manifest["arches"]:
            for stage in arch["stages"]:
                target = os.path.join(scratch, "stage.3mf")
                with open(target, "wb") as out:
                    out.write(archive.read(stage["file"]))
                try:
                    found = check_stage(wrapper, target, case_id, arch, stage, problems)
                except Exception as error:  # lib3mf refuses the file
                    problems.append(f"{stage['file']}: lib3mf cannot read it: {error}")
                    found = None
                counts["stages"] += 1
                counts["items"] += stage["buildItems"]
                if found:
                    counts["components"] += found[0]
                    counts["crowns"] += found[1]
    return problems, counts


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    wrapper = lib3mf.get_wrapper()
    version = ".".join(str(v) for v in wrapper.GetLibraryVersion()[:3])
    archives = sorted(f for f in os.listdir(sys.argv[1]) if f.endswith(".zip"))
    passed = failed = 0
    for name in archives:
        problems, counts = check_archive(wrapper, os.path.join(sys.argv[1], name))
        if problems is None:
            print(f"skip {name}: no print-manifest.json")
        elif problems:
            failed += 1
            print(f"FAIL {name}: {len(problems)} problem(s); first: {problems[0]}")
            for problem in problems[1:5]:
                print(f"     {problem}")
        else:
            passed += 1
            print(f"ok   {name}: lib3mf {version} read {counts['stages']} stage 3MFs, {counts['items']} build items "
                  f"(one arch model each), {counts['components']} components; unit, counts, labels and "
                  f"{counts['crowns']} crown transforms match")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
