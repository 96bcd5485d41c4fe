#!/usr/bin/python3
"""The lifecircle Processing provider (qgis/lifecircle_qgis) run headless on the sample.

usage: test_processing.py WORKDIR PLUGINS [--dialog-png PNG]

LIFECIRCLE_CLI names the CLI under test; PLUGINS is a QGIS plugin folder holding
lifecircle_qgis (`make install-qgis-plugin QGIS_PLUGIN_DIR=PLUGINS`). Starts the plugin as
QGIS does, runs lifecircle:coverage, :run and :site through processing.run /
runAndLoadResults on data/ and checks the returned layers (valid, feature counts, the
lifecircle style, not QGIS's default single symbol), the layers loaded into the project
(styled, in lifecircle.qgs's order), the CLI's lines turned into feedback, cancelling, a
failing run and a missing CLI; with --dialog-png, grabs lifecircle:run's dialog. Prints
every check and exits non-zero when any failed.
"""
import argparse
import json
import os
import sys
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.append("/usr/share/qgis/python/plugins")  # Processing

from qgis.core import (QgsApplication, QgsProcessingException,  # noqa: E402
                       QgsProcessingFeedback, QgsProject, QgsVectorLayer)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from osgeo import ogr  # noqa: E402
from qgis.PyQt.QtGui import QImage  # noqa: E402

failures = []
DATA = os.path.join(ROOT, "data")
SAMPLE = {"ESTATES": os.path.join(DATA, "estates.geojson"),
          "FACILITIES": os.path.join(DATA, "facilities.geojson"),
          "FACILITIES_SRS": "GCJ02"}  # the sample's POIs are GCJ-02 (data/README.md)
# renderer type and labels of each GeoPackage layer's lifecircle style (check_outputs.py too);
# for single-symbol layers the labels tell the style from QGIS's default
STYLE = {"changes": ("RuleRenderer", False), "estates": ("RuleRenderer", False), "facilities": ("categorizedSymbol", False),
         "service_areas": ("categorizedSymbol", False), "bundles": ("singleSymbol", True),
         "adjacency": ("RuleRenderer", False), "sites": ("singleSymbol", True),
         "facility_areas": ("categorizedSymbol", False)}


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def check_styled(lyr, role, n=None):
    renderer, labels = STYLE[role]
    check(lyr.isValid(), f"{role}: valid ({lyr.source()})")
    if n is not None:
        check(lyr.featureCount() == n, f"{role}: {lyr.featureCount()} features, expected {n}")
    got = lyr.renderer().type() if lyr.renderer() else None
    check(got == renderer and lyr.labelsEnabled() == labels,
          f"{role}: lifecircle style ({got}, labels {lyr.labelsEnabled()})")


def run_record(out):
    with open(os.path.join(out, "run.json"), encoding="utf-8") as f:
        return json.load(f)


def check_results(results, roles, out):
    counts = run_record(out)["counts"]
    expect = {"estates": counts["estates"]["written"],
              "facilities": counts["facilities"]["written"],
              "bundles": (counts.get("bundles") or {}).get("bundles"),
              "adjacency": (counts.get("bundles") or {}).get("adjacent_pairs"),
              "sites": (counts.get("sites") or {}).get("sites")}
    check(results.get("OUTPUT") == out, f"OUTPUT is {out}")
    for key in ("REPORT", "PROJECT", "RUN_RECORD"):
        check(os.path.isfile(results.get(key) or ""), f"{key}: {results.get(key)} exists")
    for role in roles:
        uri = results.get(role.upper() + "_OUT")
        check(bool(uri), f"{role.upper()}_OUT returned")
        if uri:
            check_styled(QgsVectorLayer(uri, role, "ogr"), role, expect.get(role))
    return counts


def run_algorithms(work):
    import processing

    # coverage on the sample files, passed to the CLI as they are
    out = os.path.join(work, "coverage")
    res = processing.run("lifecircle:coverage", dict(SAMPLE, OUTPUT=out))
    counts = check_results(res, ("estates", "facilities", "service_areas"), out)
    check(counts["estates"]["written"] == 303, "coverage: the sample's 303 estates")
    check(not res.get("BUNDLES_OUT") and not res.get("SITES_OUT"), "coverage: no bundles, no sites")

    # a layer with a subset string is no file GDAL can read as it is: exported first
    est = QgsVectorLayer(SAMPLE["ESTATES"], "estates", "ogr")
    est.setSubsetString("\"district\" = '东风街道'")
    n_subset = est.featureCount()
    check(0 < n_subset < 303, f"subset: {n_subset} estates in 东风街道")
    out = os.path.join(work, "subset")
    res = processing.run("lifecircle:coverage", dict(SAMPLE, ESTATES=est, OUTPUT=out,
                                                     R5=250, CATEGORIES="kgdn,elder"))
    check_results(res, ("estates",), out)
    record = run_record(out)
    check(record["counts"]["estates"]["written"] == n_subset,
          f"subset: {record['counts']['estates']['written']} estates written, {n_subset} expected")
    par = record["parameters"]
    check(par["estates"]["value"].endswith(".gpkg"), f"subset: exported {par['estates']['value']}")
    check(par["r5"] == {"value": "250", "source": "flag"}, f"subset: R5 passed as --r5 {par['r5']}")
    # a number left at the CLI's default is not passed, so that CONFIG can set it
    check(par["r10"]["source"] == "default", f"subset: R10 left to the CLI {par['r10']}")
    check(par["categories"]["source"] == "flag", f"subset: categories {par['categories']}")

    # run with network, barriers and a config file (per_facility), loaded into the project
    config = os.path.join(work, "walk.yaml")
    with open(config, "w", encoding="utf-8") as f:
        f.write("per_facility: yes\n")
    out = os.path.join(work, "run")
    project = QgsProject.instance()
    project.clear()
    res = processing.runAndLoadResults("lifecircle:run", dict(
        SAMPLE, NETWORK=os.path.join(DATA, "network.geojson"),
        BARRIERS=os.path.join(DATA, "barriers.geojson"), GAP=40, CONFIG=config, OUTPUT=out))
    roles = ("estates", "facilities", "service_areas", "facility_areas", "bundles", "adjacency")
    counts = check_results(res, roles, out)
    par = run_record(out)["parameters"]
    check(par["per_facility"]["source"] == "config" and par["gap"]["source"] == "flag",
          f"run: per_facility from CONFIG {par['per_facility']}, gap from GAP {par['gap']}")
    check(counts["bundles"]["bundles"] > 0, f"run: {counts['bundles']['bundles']} bundles")
    loaded = {lyr.source().split("layername=")[-1]: lyr for lyr in project.mapLayers().values()}
    check(sorted(loaded) == sorted(roles), f"run: loaded into the project {sorted(loaded)}")
    for role, lyr in loaded.items():
        check_styled(lyr, role)
    order = [lyr.source().split("layername=")[-1]
             for lyr in project.layerTreeRoot().layerOrder()]
    check(order == ["facilities", "adjacency", "bundles", "estates", "service_areas",
                    "facility_areas"], f"run: layer order as in lifecircle.qgs {order}")
    hidden = [n.layer().source().split("layername=")[-1]
              for n in project.layerTreeRoot().findLayers() if not n.isVisible()]
    check(sorted(hidden) == ["adjacency", "facility_areas"], f"run: hidden {hidden}")

    # site: kindergartens within 5 minutes, 3 sites
    out = os.path.join(work, "site")
    res = processing.run("lifecircle:site", dict(SAMPLE, CATEGORY="kgdn", TIER=0, COUNT=3,
                                                 OUTPUT=out))
    counts = check_results(res, ("estates", "sites"), out)
    check(counts["sites"]["sites"] == 3, f"site: {counts['sites']['sites']} sites")

    # compare: one scenario (an elder-care centre added, one removed), loaded and styled
    with open(os.path.join(work, "add.geojson"), "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                '{"id":"N1","name":"新日间照料中心","category":"日间照料中心"},"geometry":'
                '{"type":"Point","coordinates":[117.195,39.1]}}]}')
    scenario = os.path.join(work, "方案A.yaml")
    with open(scenario, "w", encoding="utf-8") as f:
        f.write("add_facilities: add.geojson\nremove_facilities: [F0003]\n")
    out = os.path.join(work, "compare")
    project.clear()
    res = processing.runAndLoadResults("lifecircle:compare", dict(
        SAMPLE, NETWORK=os.path.join(DATA, "network.geojson"), SCENARIOS=[scenario],
        OUTPUT=out))
    check(os.path.isdir(os.path.join(out, "方案A")), "compare: the scenario's folder 方案A")
    check(os.path.isfile(os.path.join(out, "compare.csv")), "compare: compare.csv")
    for key in ("REPORT", "PROJECT", "RUN_RECORD"):
        check(os.path.isfile(res.get(key) or ""), f"compare: {key} {res.get(key)} exists")
    ds = ogr.Open(os.path.join(out, "changes.gpkg"))
    n = ds.GetLayerByName("changes").GetFeatureCount() if ds else -1
    check(n > 0, f"compare: {n} estates change")
    loaded = {lyr.source().split("layername=")[-1]: lyr for lyr in project.mapLayers().values()}
    check(sorted(loaded) == ["changes", "estates"], f"compare: loaded {sorted(loaded)}")
    if "changes" in loaded:
        check_styled(loaded["changes"], "changes", n)

    # a failing run: the CLI's error line in the exception
    try:
        processing.run("lifecircle:site", dict(SAMPLE, CATEGORY="nosuchkey", TIER=1, COUNT=3,
                                               OUTPUT=os.path.join(work, "bad")))
        check(False, "site with an unknown category fails")
    except QgsProcessingException as e:
        check("lifecircle failed (exit" in str(e) and "nosuchkey" in str(e),
              f"failing run: {e}")


class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.progress, self.texts, self.errors, self.infos = [], [], [], []
        self.progressChanged.connect(self.progress.append)

    def setProgressText(self, text):  # noqa: N802
        self.texts.append(text)

    def reportError(self, error, fatalError=False):  # noqa: N802,N803
        self.errors.append((error, fatalError))

    def pushInfo(self, info):  # noqa: N802
        self.infos.append(info)


def fake_cli(work, name, body):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(path, 0o755)
    return path


def check_cli(work):
    cli = sys.modules["lifecircle_qgis.cli"]

    # the CLI's progress lines (printed when stderr is not a terminal) and warnings
    exe = fake_cli(work, "talk", "echo 'lifecircle: progress: service areas 3/6 (50 %)' >&2\n"
                   "echo 'lifecircle: warning: category x maps to no key' >&2\n"
                   "echo 'lifecircle: estates: 3 read'\n")
    fb = Recorder()
    cli.run([exe], fb)
    check(50 in fb.progress and fb.progress[-1] == 100, f"progress lines: {fb.progress}")
    check("service areas 3/6" in fb.texts, f"progress text: {fb.texts}")
    check(("warning: category x maps to no key", False) in fb.errors, f"warning: {fb.errors}")
    check("lifecircle: estates: 3 read" in fb.infos, f"info: {fb.infos}")

    # cancelling stops a silent CLI within a second
    exe = fake_cli(work, "slow", "exec sleep 30\n")
    fb = Recorder()
    threading.Timer(0.5, fb.cancel).start()
    t = time.monotonic()
    try:
        cli.run([exe], fb)
        check(False, "cancel raises")
    except QgsProcessingException as e:
        check("cancelled" in str(e) and time.monotonic() - t < 2,
              f"cancel: {e} after {time.monotonic() - t:.1f} s")

    # the Processing option (Settings > Options > Processing > Providers) comes first
    from processing.core.ProcessingConfig import ProcessingConfig
    ProcessingConfig.setSettingValue("LIFECIRCLE_CLI", exe)
    found = cli.find_cli()
    ProcessingConfig.setSettingValue("LIFECIRCLE_CLI", "")
    check(found == exe, f"LIFECIRCLE_CLI option: {found}")

    # a missing CLI: a set LIFECIRCLE_CLI that is wrong, then none anywhere
    import processing
    saved = dict(os.environ), cli.source_tree_cli
    try:
        os.environ["LIFECIRCLE_CLI"] = os.path.join(work, "no-such-lifecircle")
        try:
            processing.run("lifecircle:coverage", dict(SAMPLE, OUTPUT=os.path.join(work, "x")))
            check(False, "wrong LIFECIRCLE_CLI raises")
        except QgsProcessingException as e:
            check("no-such-lifecircle" in str(e) and cli.NOT_FOUND in str(e), f"wrong path: {e}")
        del os.environ["LIFECIRCLE_CLI"]
        os.environ["PATH"] = "/nonexistent"
        cli.source_tree_cli = lambda: os.path.join(work, "no-build", "lifecircle")
        try:
            processing.run("lifecircle:coverage", dict(SAMPLE, OUTPUT=os.path.join(work, "x")))
            check(False, "missing CLI raises")
        except QgsProcessingException as e:
            check(str(e) == cli.NOT_FOUND, f"missing CLI: {e}")
    finally:
        os.environ.clear()
        os.environ.update(saved[0])
        cli.source_tree_cli = saved[1]


def grab_dialog(png):
    """lifecircle:run's dialog as a planner opens it, the sample layers in the project."""
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    project = QgsProject.instance()
    project.clear()
    layers = [QgsVectorLayer(os.path.join(DATA, f + ".geojson"), name, "ogr")
              for f, name in (("estates", "小区 estates"), ("facilities", "设施 facilities"),
                              ("network", "步行网络 network"), ("barriers", "障碍 barriers"))]
    project.addMapLayers(layers)
    # processing.createAlgorithmDialog needs QGIS's main window (iface); the dialog does not
    alg = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:run")
    dialog = AlgorithmDialog(alg)
    dialog.setParameters({"ESTATES": layers[0], "FACILITIES": layers[1],
                          "FACILITIES_SRS": "GCJ02", "NETWORK": layers[2],
                          "BARRIERS": layers[3]})
    dialog.show()
    dialog.resize(900, 1290)  # after show: it restores the size it last closed with
    QgsApplication.processEvents()
    os.makedirs(os.path.dirname(os.path.abspath(png)), exist_ok=True)
    # 256 colours without dithering: a third of the size of the RGB PNG (docs/ keeps a copy)
    img = dialog.grab().toImage().convertToFormat(QImage.Format_Indexed8,
                                                  Qt.AvoidDither | Qt.ThresholdDither)
    check(img.save(png), f"dialog screenshot {png}")
    check(os.path.getsize(png) > 20000, f"{png}: {os.path.getsize(png)} bytes")
    dialog.close()


def main():
    ap = argparse.ArgumentParser(description="lifecircle's Processing provider, headless")
    ap.add_argument("workdir")
    ap.add_argument("plugins", help="QGIS plugin folder holding lifecircle_qgis")
    ap.add_argument("--dialog-png", help="grab lifecircle:run's dialog into this PNG")
    args = ap.parse_args()
    work, plugins = os.path.abspath(args.workdir), os.path.abspath(args.plugins)
    png = args.dialog_png
    os.makedirs(work, exist_ok=True)
    check(bool(os.environ.get("LIFECIRCLE_CLI")), "LIFECIRCLE_CLI names the CLI under test")
    # GUI enabled (offscreen): the dialog is a widget
    app = QgsApplication([], True)
    app.initQgis()
    from processing.core.Processing import Processing
    Processing.initialize()
    # the plugin as QGIS starts it: found by its metadata.txt in a plugin folder (the link
    # `make install-qgis-plugin` made there), classFactory, initProcessing
    import qgis.utils
    qgis.utils.plugin_paths = [plugins]
    qgis.utils.updateAvailablePlugins()
    meta = {k: qgis.utils.pluginMetadata("lifecircle_qgis", k)
            for k in ("qgisMinimumVersion", "category", "hasProcessingProvider")}
    check(meta == {"qgisMinimumVersion": "3.22", "category": "Analysis",
                   "hasProcessingProvider": "yes"}, f"metadata.txt {meta}")
    sys.path.insert(0, plugins)
    check(qgis.utils.loadPlugin("lifecircle_qgis")
          and qgis.utils.startProcessingPlugin("lifecircle_qgis"), "plugin started")
    provider = QgsApplication.processingRegistry().providerById("lifecircle")
    check(provider is not None and provider.name() == "lifecircle 老旧小区生活圈",
          "provider lifecircle registered")
    algs = sorted(a.id() for a in provider.algorithms()) if provider else []
    check(algs == ["lifecircle:compare", "lifecircle:coverage", "lifecircle:run", "lifecircle:site"],
          f"algorithms {algs}")
    run_algorithms(work)
    check_cli(work)
    if png:
        grab_dialog(png)
    qgis.utils.unloadPlugin("lifecircle_qgis")
    check(QgsApplication.processingRegistry().providerById("lifecircle") is None,
          "unload removes the provider")
    print(f"{len(failures)} failed" if failures else "all Processing checks passed")
    # exitQgis here segfaults on teardown with QGIS 3.22 (exit 139 after every check passed):
    # leave without it, the verdict already printed
    sys.stdout.flush()
    os._exit(1 if failures else 0)


if __name__ == "__main__":
    main()
