#!/usr/bin/python3
"""Open every lifecircle output layer and the project with QGIS (headless) and check them.

usage: check_outputs.py OUTDIR [WALKDIR] [--png REPORT.PNG] [--points POINTDIR]

OUTDIR holds a `lifecircle demo` run (bundles, sites); WALKDIR, when given, a run with a
walking network and --per-facility; POINTDIR one whose estates are points. For every layer: valid, the expected feature count and
CRS, its style applied (renderer type, labels), Chinese names intact; the project opens with
every layer valid in the working CRS. With --png, the report screenshot must be a real
picture: big enough and mostly not blank. Exits non-zero with a message on the first failure.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsProject, QgsRenderContext, QgsSymbol,  # noqa: E402
                       QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtGui import QImage  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def layer(path, name):
    lyr = QgsVectorLayer(path, name, "ogr")
    check(lyr.isValid(), f"{name}: opens ({path})")
    return lyr


def feature_by_id(lyr, fid_value):
    for f in lyr.getFeatures():
        if str(f["id"]) == fid_value:
            return f
    return None


def check_dir(d, walking):
    record = json.load(open(os.path.join(d, "run.json"), encoding="utf-8"))
    counts = record["counts"]
    gpkg = os.path.join(d, "lifecircle.gpkg")
    expect = {
        "estates": (counts["estates"]["written"], "RuleRenderer", False),
        "facilities": (counts["facilities"]["written"], "categorizedSymbol", False),
        "service_areas": (None, "categorizedSymbol", False),
    }
    if counts.get("bundles"):
        expect["bundles"] = (counts["bundles"]["bundles"], "singleSymbol", True)
        expect["adjacency"] = (counts["bundles"]["adjacent_pairs"], "RuleRenderer", False)
    if counts.get("sites"):
        expect["sites"] = (counts["sites"]["sites"], "singleSymbol", True)
    if walking:
        expect["facility_areas"] = (None, "categorizedSymbol", False)
    for name, (n, renderer, labels) in expect.items():
        lyr = layer(f"{gpkg}|layername={name}", name)
        if n is not None:
            check(lyr.featureCount() == n, f"{name}: {lyr.featureCount()} features, expected {n}")
        else:
            check(lyr.featureCount() > 0, f"{name}: has features")
        check(lyr.crs().authid() == record["working_crs"], f"{name}: CRS {lyr.crs().authid()}")
        check(lyr.renderer() is not None and lyr.renderer().type() == renderer,
              f"{name}: style applied ({lyr.renderer().type() if lyr.renderer() else None})")
        check(lyr.labelsEnabled() == labels, f"{name}: labels {'on' if labels else 'off'}")
    est = layer(f"{gpkg}|layername=estates", "estates")
    i = est.fields().indexOf("households")
    check(est.attributeAlias(i) in ("户数", "households"), "estates: alias of households")
    # Chinese names intact in every format
    for path, crs in ((gpkg + "|layername=estates", record["working_crs"]),
                      (os.path.join(d, "estates.shp"), record["working_crs"]),
                      (os.path.join(d, "estates.geojson"), "EPSG:4326")):
        lyr = layer(path, os.path.basename(path))
        f = feature_by_id(lyr, "E0001")
        check(f is not None and f["name"] == "铁路局宿舍" and f["district"] == "东风街道",
              f"{os.path.basename(path)}: Chinese names intact")
        check(lyr.crs().authid() == crs, f"{os.path.basename(path)}: CRS {lyr.crs().authid()}")
        check(lyr.renderer().type() == "RuleRenderer", f"{os.path.basename(path)}: .qml style applied")
    for f, renderer in (("bundles.shp", "singleSymbol"), ("bundles.geojson", "singleSymbol"),
                        ("sites.geojson", "singleSymbol"), ("service_areas.geojson", "categorizedSymbol")):
        p = os.path.join(d, f)
        if os.path.exists(p):
            lyr = layer(p, f)
            check(lyr.renderer().type() == renderer, f"{f}: .qml style applied")
    # the project
    prj = QgsProject.instance()
    prj.clear()
    check(prj.read(os.path.join(d, "lifecircle.qgs")), "lifecircle.qgs: opens")
    check(prj.crs().authid() == record["working_crs"], f"project CRS {prj.crs().authid()}")
    layers = list(prj.mapLayers().values())
    check(len(layers) == len(expect), f"project: {len(layers)} layers, expected {len(expect)}")
    check(all(lyr.isValid() for lyr in layers), "project: every layer valid")
    order = [lyr.name() for lyr in prj.layerTreeRoot().layerOrder()]
    check(order.index("estates") > order.index("bundles"), f"project order {order}")


def check_points(d):
    """A run whose estates are points: every estate layer a point layer drawn with markers by the
    same gap rules, Chinese names intact, no bundle layers, the project valid."""
    record = json.load(open(os.path.join(d, "run.json"), encoding="utf-8"))
    gpkg = os.path.join(d, "lifecircle.gpkg")
    n = record["counts"]["estates"]["written"]
    for path in (gpkg + "|layername=estates", os.path.join(d, "estates.shp"),
                 os.path.join(d, "estates.geojson")):
        name = os.path.basename(path)
        lyr = layer(path, name)
        check(lyr.featureCount() == n, f"points {name}: {lyr.featureCount()} features, expected {n}")
        check(QgsWkbTypes.geometryType(lyr.wkbType()) == QgsWkbTypes.PointGeometry,
              f"points {name}: a point layer ({QgsWkbTypes.displayString(lyr.wkbType())})")
        r = lyr.renderer()
        check(r is not None and r.type() == "RuleRenderer", f"points {name}: .qml style applied")
        symbols = r.symbols(QgsRenderContext()) if r else []
        check(len(symbols) > 0 and all(s.type() == QgsSymbol.Marker for s in symbols),
              f"points {name}: {len(symbols)} marker symbols")
        f = feature_by_id(lyr, "E0001")
        check(f is not None and f["name"] == "铁路局宿舍", f"points {name}: Chinese names intact")
    prj = QgsProject.instance()
    prj.clear()
    check(prj.read(os.path.join(d, "lifecircle.qgs")), "points lifecircle.qgs: opens")
    names = [lyr.name() for lyr in prj.mapLayers().values()]
    check("estates" in names and "bundles" not in names, f"points project layers {names}")
    check(all(lyr.isValid() for lyr in prj.mapLayers().values()), "points project: every layer valid")


def check_png(path):
    img = QImage(path)
    check(not img.isNull(), f"{path}: a PNG")
    if img.isNull():
        return
    check(os.path.getsize(path) > 20000, f"{path}: {os.path.getsize(path)} bytes")
    w, h = img.width(), img.height()
    step = 4
    total = nonwhite = colours = 0
    seen = set()
    for y in range(0, h, step):
        for x in range(0, w, step):
            c = img.pixel(x, y) & 0xFFFFFF
            total += 1
            nonwhite += c != 0xFFFFFF
            if len(seen) < 64:
                seen.add(c)
    colours = len(seen)
    check(nonwhite > total * 0.05, f"{path}: {100 * nonwhite / total:.1f} % non-blank pixels")
    check(colours >= 8, f"{path}: {colours}+ colours")


def main(argv):
    png = points = None
    if "--points" in argv:
        k = argv.index("--points")
        points = argv[k + 1]
        argv = argv[:k] + argv[k + 2:]
    if "--png" in argv:
        k = argv.index("--png")
        png = argv[k + 1]
        argv = argv[:k] + argv[k + 2:]
    app = QgsApplication([], False)
    app.initQgis()
    check_dir(argv[1], False)
    if len(argv) > 2:
        check_dir(argv[2], True)
    if points:
        check_points(points)
    if png:
        check_png(png)
    app.exitQgis()
    print(f"{len(failures)} failed" if failures else "all QGIS checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
