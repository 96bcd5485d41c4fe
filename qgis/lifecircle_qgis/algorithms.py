"""lifecircle:coverage, lifecircle:run, lifecircle:site and lifecircle:compare: one CLI run each.

Parameters mirror the CLI's settings (`lifecircle --help`); whatever has no parameter here
goes in the optional YAML file (CONFIG), which the CLI reads with the flags winning.
"""
import os
import re

from osgeo import ogr

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingLayerPostProcessorInterface, QgsProcessingOutputFile,
                       QgsProcessingOutputHtml, QgsProcessingParameterCrs,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFile, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterNumber, QgsProcessingParameterString,
                       QgsProcessingOutputVectorLayer, QgsProject)

from . import cli

# GeoPackage layers, top to bottom as in the CLI's lifecircle.qgs (src/pipeline/qgis_out.c)
LAYERS = ("sites", "facilities", "adjacency", "bundles", "estates", "service_areas",
          "facility_areas")
HIDDEN = ("adjacency", "facility_areas")  # unchecked in lifecircle.qgs too: busy on a map
# GDAL formats passed to the CLI as they are; other layers (memory, database, a selection,
# a subset) are first written to a temporary GeoPackage
FILE_FORMATS = ["gpkg", "shp", "geojson", "json", "fgb", "gml", "kml", "sqlite", "csv",
                "tab", "mif", "osm", "pbf", "gdb"]
TIERS = ("5", "10", "15")


class _StyleAndOrder(QgsProcessingLayerPostProcessorInterface):
    """Applies the lifecircle style to a loaded output and puts it where lifecircle.qgs has it.

    Processing loads result layers without their default style (and may apply its own
    single-symbol one); the GeoPackage carries the lifecircle styles in layer_styles and
    loadDefaultStyle reads them from there.
    """

    _made = []

    @classmethod
    def create(cls):
        # the context deletes the post-processors it was given once it has loaded the layers;
        # until then the Python object must stay referenced or its postProcessLayer is lost
        # (a shared instance crashed: each context deleted it again)
        cls._made.append(cls())
        return cls._made[-1]

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        _, ok = layer.loadDefaultStyle()
        if not ok:
            feedback.reportError(f"{layer.name()}: lifecircle style not found", False)
        name = _role(layer)
        root = context.project().layerTreeRoot()
        node = root.findLayer(layer.id())
        if node is None or name not in LAYERS:
            return
        node.setItemVisibilityChecked(name not in HIDDEN)
        parent = node.parent()
        siblings = parent.children()
        # above the first lifecircle layer that lies lower in lifecircle.qgs
        index = len(siblings)
        for i, other in enumerate(siblings):
            if other is node or not hasattr(other, "layer") or other.layer() is None:
                continue
            rank = _role(other.layer())
            if rank in LAYERS and LAYERS.index(rank) > LAYERS.index(name):
                index = i
                break
        clone = node.clone()
        parent.insertChildNode(index, clone)
        parent.removeChildNode(node)


def _role(layer):
    """The GeoPackage layer name (estates, bundles…): the layer's own name may be the
    output's or the file's, as Processing's options say."""
    m = re.search(r"\|layername=(\w+)", layer.source())
    return m.group(1) if m else None


def _number(name, label, default):
    """A number shown without decimals: metres and households need none, and 300.000000
    reads badly in the dialog."""
    p = QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Double, default,
                                     minValue=0)
    p.setMetadata({"widget_wrapper": {"decimals": 0}})
    return p


HELP = ("<p><b>Facilities' source CRS</b>: GCJ02 for POIs copied from Amap/Tencent (BD09 from "
        "Baidu); empty: the layer's CRS. 网络地图POI请填 GCJ02。<br><b>Categories</b>: keys such "
        "as elder, child, kgdn, clinic; empty: every category found.<br><b>Working CRS</b>: "
        "projected, in metres; empty: in China the CGCS2000 Gauss-Kruger zone of the data, elsewhere its UTM zone.<br><b>Settings file</b>: "
        "lifecircle's YAML for every other setting (field names, category mapping, r15…); a field "
        "of this dialog wins over it, and a number left at its default is not passed, so the "
        "file's value holds.<br>Outputs go to the folder as lifecircle.gpkg (added to the map, "
        "styled), GeoJSON/Shapefile copies, report.html, lifecircle.qgs and run.json. "
        "Needs the lifecircle program: PATH or Settings › Options › Processing › Providers.</p>")


class LifecircleAlgorithm(QgsProcessingAlgorithm):
    COMMAND = None
    OUTPUT_LAYERS = ("estates", "facilities", "service_areas")

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.COMMAND

    def shortHelpString(self):  # noqa: N802
        return f"<p>{self.ABOUT}</p>" + HELP

    # -- parameters ------------------------------------------------------------------
    def initAlgorithm(self, config=None):  # noqa: N802
        add = self.addParameter
        add(QgsProcessingParameterFeatureSource(
            "ESTATES", "Estates 小区 (polygons)", [QgsProcessing.TypeVectorPolygon]))
        add(QgsProcessingParameterFeatureSource(
            "FACILITIES", "Facilities 设施 (points)", [QgsProcessing.TypeVectorPoint]))
        add(QgsProcessingParameterString(
            "FACILITIES_SRS", "Facilities' source CRS 设施坐标系 (GCJ02, BD09, EPSG:…)", optional=True))
        add(QgsProcessingParameterString(
            "CATEGORIES", "Categories 设施类别 (e.g. elder,kgdn)", optional=True))
        add(QgsProcessingParameterCrs(
            "CRS", "Working CRS 工作坐标系 (metres)", optional=True))
        add(_number("R5", "5-minute radius 5分钟半径 (m)", 300))
        add(_number("R10", "10-minute radius 10分钟半径 (m)", 500))
        self.init_extra()
        add(QgsProcessingParameterFile(
            "CONFIG", "Settings file 配置文件 (YAML)",
            extension="yaml", optional=True))
        add(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder 输出文件夹"))
        self.addOutput(QgsProcessingOutputHtml("REPORT", "Report 报告"))
        self.addOutput(QgsProcessingOutputFile("PROJECT", "QGIS project 项目"))
        self.addOutput(QgsProcessingOutputFile("RUN_RECORD", "Run record 运行记录 (run.json)"))
        for layer in self.OUTPUT_LAYERS:
            self.addOutput(QgsProcessingOutputVectorLayer(layer.upper() + "_OUT", layer))

    def init_extra(self):
        """Parameters of one command only."""

    # CLI defaults: a number left at its default is not passed, so a CONFIG file can set it
    DEFAULTS = {"R5": 300, "R10": 500}

    def extra_args(self, parameters, context, feedback):
        return []

    # -- running ---------------------------------------------------------------------
    def source_arg(self, parameters, name, context, feedback):
        """SRC[:LAYER] for the CLI: the layer's own file when GDAL can read it as it is."""
        if parameters.get(name) in (None, ""):
            return None
        path, layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, name, context, FILE_FORMATS, "gpkg", feedback)
        if not path:
            raise QgsProcessingException(f"{name}: no layer")
        return f"{path}:{layer}" if layer else path

    def number_args(self, parameters, context, pairs):
        args = []
        for name, flag in pairs:
            value = self.parameterAsDouble(parameters, name, context)
            if name not in self.DEFAULTS or value != self.DEFAULTS[name]:
                args += [flag, f"{value:g}"]
        return args

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        exe = cli.find_cli()
        out = self.parameterAsString(parameters, "OUTPUT", context)
        args = [exe, self.COMMAND, "-o", out]
        config = self.parameterAsFile(parameters, "CONFIG", context)
        if config:
            args += ["--config", config]
        for name, flag in (("ESTATES", "--estates"), ("FACILITIES", "--facilities")):
            args += [flag, self.source_arg(parameters, name, context, feedback)]
        for name, flag in (("FACILITIES_SRS", "--facilities-srs"),
                           ("CATEGORIES", "--categories")):
            value = self.parameterAsString(parameters, name, context).strip()
            if value:
                args += [flag, value]
        crs = self.parameterAsCrs(parameters, "CRS", context)
        if crs.isValid():
            args += ["--crs", crs.authid() or crs.toWkt()]
        args += self.number_args(parameters, context, (("R5", "--r5"), ("R10", "--r10")))
        args += self.extra_args(parameters, context, feedback)
        cli.run(args, feedback)
        return self.collect(out, context)

    def collect(self, out, context):
        gpkg = os.path.join(out, "lifecircle.gpkg")
        results = {"OUTPUT": out,
                   "REPORT": os.path.join(out, "report.html"),
                   "PROJECT": os.path.join(out, "lifecircle.qgs"),
                   "RUN_RECORD": os.path.join(out, "run.json")}
        if os.path.exists(gpkg):
            with_layers = _gpkg_layers(gpkg)
        else:  # formats without gpkg: the FlatGeobuf files, when there are
            with_layers = {name for name in self.OUTPUT_LAYERS
                           if os.path.exists(os.path.join(out, name + ".fgb"))}
            if not with_layers:
                raise QgsProcessingException(
                    f"{out}: lifecircle wrote neither lifecircle.gpkg nor FlatGeobuf layers "
                    "(the formats setting names gpkg or fgb for QGIS to load)")
        for layer in self.OUTPUT_LAYERS:
            if layer not in with_layers:
                continue
            uri = (f"{gpkg}|layername={layer}" if os.path.exists(gpkg)
                   else os.path.join(out, layer + ".fgb"))
            results[layer.upper() + "_OUT"] = uri
            details = context.LayerDetails(layer, context.project() or QgsProject.instance(),
                                           layer.upper() + "_OUT")
            # the context owns and deletes its post-processors: one for each layer
            details.setPostProcessor(_StyleAndOrder.create())
            context.addLayerToLoadOnCompletion(uri, details)
        return results


def _gpkg_layers(gpkg):
    ds = ogr.Open(gpkg)
    if ds is None:
        raise QgsProcessingException(f"{gpkg}: lifecircle wrote no GeoPackage")
    return {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}


class CoverageAlgorithm(LifecircleAlgorithm):
    COMMAND = "coverage"

    def displayName(self):  # noqa: N802
        return "Coverage 生活圈覆盖"

    ABOUT = ("Straight-line 5- and 10-minute living-circle coverage of every estate by the "
             "facilities of each category (GB 50180-2018 radii: 300 m and 500 m), with the "
             "gaps. 按直线距离计算每个小区各类设施的5/10分钟生活圈覆盖与缺口。")


class RunAlgorithm(LifecircleAlgorithm):
    COMMAND = "run"
    OUTPUT_LAYERS = LifecircleAlgorithm.OUTPUT_LAYERS + ("facility_areas", "bundles",
                                                         "adjacency", "sites")
    DEFAULTS = dict(LifecircleAlgorithm.DEFAULTS, GAP=25, MIN_SIZE=1000, MAX_SIZE=3000)

    def displayName(self):  # noqa: N802
        return "Run: coverage, walking, bundles 全流程（覆盖、步行、打包）"

    ABOUT = ("Everything the inputs allow: coverage; with a walking network, walking service "
             "areas; renovation bundles of adjacent estates (not across barriers) reaching "
             "MIN_SIZE households. 在输入允许的范围内完成全部分析：覆盖、步行服务范围、"
             "相邻小区的改造打包。")

    def init_extra(self):
        add = self.addParameter
        add(QgsProcessingParameterFeatureSource(
            "NETWORK", "Walking network 步行网络", [QgsProcessing.TypeVectorLine],
            optional=True))
        add(QgsProcessingParameterFeatureSource(
            "BARRIERS", "Barriers 障碍 (roads, rivers)",
            [QgsProcessing.TypeVectorLine], optional=True))
        add(QgsProcessingParameterString(
            "FILTER", "Estates in bundles 参与打包 (OGR SQL)", optional=True))
        add(_number("GAP", "Adjacency gap 相邻距离 (m)", 25))
        add(_number("MIN_SIZE", "Bundle floor 打包下限 (households 户)", 1000))
        add(_number("MAX_SIZE", "Bundle ceiling 打包上限 (户)", 3000))

    def extra_args(self, parameters, context, feedback):
        args = []
        for name, flag in (("NETWORK", "--network"), ("BARRIERS", "--barriers")):
            src = self.source_arg(parameters, name, context, feedback)
            if src:
                args += [flag, src]
        where = self.parameterAsString(parameters, "FILTER", context).strip()
        if where:
            args += ["--filter", where]
        return args + self.number_args(parameters, context, (
            ("GAP", "--gap"), ("MIN_SIZE", "--min-size"), ("MAX_SIZE", "--max-size")))


class SiteAlgorithm(LifecircleAlgorithm):
    COMMAND = "site"
    OUTPUT_LAYERS = LifecircleAlgorithm.OUTPUT_LAYERS + ("sites",)

    def displayName(self):  # noqa: N802
        return "Sites for new facilities 新设施选址"

    ABOUT = ("Coverage, then the COUNT sites for new facilities of one category that bring "
             "the most people into the chosen living circle (tier). Candidates: points you "
             "give, else a point inside every uncovered estate. 先算覆盖，再为某类设施选出"
             "能让最多居民进入生活圈的新址。")

    def init_extra(self):
        add = self.addParameter
        add(QgsProcessingParameterString("CATEGORY", "Category 设施类别 (key, e.g. kgdn)"))
        add(QgsProcessingParameterEnum("TIER", "Living circle 生活圈 (minutes)", list(TIERS),
                                       defaultValue=1))
        add(QgsProcessingParameterNumber("COUNT", "Number of sites 选址数量",
                                         QgsProcessingParameterNumber.Integer, 5, minValue=1))
        add(QgsProcessingParameterFeatureSource(
            "CANDIDATES", "Candidate sites 候选地点 (points)",
            [QgsProcessing.TypeVectorPoint], optional=True))

    def extra_args(self, parameters, context, feedback):
        args = ["--category", self.parameterAsString(parameters, "CATEGORY", context).strip(),
             "--tier", TIERS[self.parameterAsEnum(parameters, "TIER", context)],
             "--count", str(self.parameterAsInt(parameters, "COUNT", context))]
        src = self.source_arg(parameters, "CANDIDATES", context, feedback)
        return args + (["--candidates", src] if src else [])


class CompareAlgorithm(LifecircleAlgorithm):
    """lifecircle compare: the scenario files against the inputs as they are; the changes
    layer (styled) and the baseline's estates are loaded, the baseline's report and
    project returned."""
    COMMAND = "compare"
    OUTPUT_LAYERS = ("changes", "estates")

    def displayName(self):  # noqa: N802
        return "Compare scenarios 方案比选"

    ABOUT = ("Scenarios against the inputs as they are: each YAML file adds, removes or "
             "re-sizes facilities, adds or closes walking paths, adds estate gates (user "
             "guide, Scenarios). Writes baseline/ and a folder per scenario as a coverage run "
             "would, the changes layer of the estates that gain or lose, and compare.csv. "
             "方案比选：每个方案文件可新增、撤除设施或修改其容量，新增或封闭步行线路，新增小区"
             "出入口；输出现状与各方案的结果、受益/受损小区图层 changes 与 compare.csv。")

    def init_extra(self):
        add = self.addParameter
        add(QgsProcessingParameterFeatureSource(
            "NETWORK", "Walking network 步行网络", [QgsProcessing.TypeVectorLine],
            optional=True))
        add(QgsProcessingParameterMultipleLayers(
            "SCENARIOS", "Scenario files 方案文件 (YAML)", QgsProcessing.TypeFile))

    def extra_args(self, parameters, context, feedback):
        args = []
        src = self.source_arg(parameters, "NETWORK", context, feedback)
        if src:
            args += ["--network", src]
        files = self.parameterAsFileList(parameters, "SCENARIOS", context)
        if not files:
            raise QgsProcessingException("SCENARIOS: give at least one scenario file")
        for f in files:
            args += ["--scenario", f]
        return args

    def collect(self, out, context):
        base = os.path.join(out, "baseline")
        results = {"OUTPUT": out,
                   "REPORT": os.path.join(base, "report.html"),
                   "PROJECT": os.path.join(base, "lifecircle.qgs"),
                   "RUN_RECORD": os.path.join(base, "run.json")}
        layers = {"changes": os.path.join(out, "changes.gpkg") + "|layername=changes",
                  "estates": os.path.join(base, "lifecircle.gpkg") + "|layername=estates"}
        for name, uri in layers.items():
            if not os.path.exists(uri.split("|")[0]):
                raise QgsProcessingException(f"{out}: lifecircle wrote no {uri.split('|')[0]}")
            results[name.upper() + "_OUT"] = uri
            details = context.LayerDetails(name, context.project() or QgsProject.instance(),
                                           name.upper() + "_OUT")
            details.setPostProcessor(_StyleAndOrder.create())
            context.addLayerToLoadOnCompletion(uri, details)
        return results
