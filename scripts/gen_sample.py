#!/usr/bin/env python3
"""Generate a synthetic sample district for lifecircle.

The district is imaginary: a grid of residential estates ("小区") near
Tianjin, laid out in CGCS2000 Gauss-Kruger CM 117E metres (EPSG:4548).  Everything is made
up here from a seeded random generator; no third-party data is used.

Files written into --out DIR:

  estates.geojson     estate polygons, EPSG:4548 metres, with a legacy "crs"
                      member naming EPSG:4548
  facilities.geojson  service points in GCJ-02 lon/lat (as if copied from a
                      Chinese web map), no "crs" member
  network.geojson     street centre lines in WGS84 lon/lat, split at every
                      junction so lines meet at shared vertices
  barriers.geojson    one river and one trunk road, WGS84 lon/lat

Unless --no-sentinels is given, three "sentinel" estates with exact,
hand-checkable geometry (and two facilities) are placed 3000 m east of the
main district so tests can assert exact results.

Only the Python 3 standard library is used, so the projection maths
(Gauss-Kruger inverse via the Krüger series, WGS84 -> GCJ-02) is implemented here;
`--self-check` verifies it against reference values and round trips.

Usage:
  python3 scripts/gen_sample.py --out DIR [--estates N] [--facilities M]
                                [--seed S] [--no-sentinels] [--self-check]
"""

import argparse
import json
import math
import os
import random
import sys
from collections import Counter

# --------------------------------------------------------------------------
# Layout constants
# --------------------------------------------------------------------------

ORIGIN_E = 515000.0      # lower-left corner of the main district (easting)
ORIGIN_N = 4328000.0     # lower-left corner of the main district (northing)
CELL = 150.0             # grid spacing: street centre line to centre line
MARGIN_MIN = 8.0         # estate edge to street centre line, minimum ...
MARGIN_MAX = 20.0        # ... and maximum, so nominal gaps are 16-40 m
JITTER = 2.0             # max vertex jitter (m)
MAX_ROT_DEG = 2.5        # max rotation of a "rotated" estate
# With these values the farthest a vertex can move outward is about
# 65 m * sin(2.5 deg) + 2 m = 4.8 m < MARGIN_MIN, so estates never leave
# their cell (non-overlap by construction) and always keep >= 3.2 m clear
# of the street centre line (where the river and trunk road run).
BARRIER_OFFSET = 1.5     # river/trunk run this far off the street centre
                         # line so they never pass exactly through a node
SENTINEL_GAP = 3000.0    # sentinels sit this far east of the main district

CRS_4548 = {"type": "name",
             "properties": {"name": "urn:ogc:def:crs:EPSG::4548"}}

# --------------------------------------------------------------------------
# Transverse Mercator on WGS84 (Krüger series to n^6, after Karney 2011)
# --------------------------------------------------------------------------

# CGCS2000 / 3-degree Gauss-Kruger CM 117E (EPSG:4548): transverse Mercator on the
# CGCS2000 ellipsoid (GRS80's), scale 1 on the central meridian, false easting 500 km.
# PROJ takes CGCS2000 lon/lat as WGS84's (no datum shift), as lifecircle does.
ELL_A = 6378137.0
ELL_F = 1.0 / 298.257222101
TM_K0 = 1.0
TM_FE = 500000.0
TM_LON0 = 117.0


def _tm_constants():
    """Series coefficients for WGS84; computed once at import time."""
    f = ELL_F
    n = f / (2.0 - f)
    n2, n3, n4, n5, n6 = n ** 2, n ** 3, n ** 4, n ** 5, n ** 6
    big_a = ELL_A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0)
    alpha = (
        n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288
        + 7891 * n6 / 37800,
        13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630
        - 1983433 * n6 / 1935360,
        61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880
        + 167603 * n6 / 181440,
        49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600,
        34729 * n5 / 80640 - 3418889 * n6 / 1995840,
        212378941 * n6 / 319334400,
    )
    beta = (
        n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512
        + 96199 * n6 / 604800,
        n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105
        - 1118711 * n6 / 3870720,
        17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720,
        4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600,
        4583 * n5 / 161280 - 108847 * n6 / 3991680,
        20648693 * n6 / 638668800,
    )
    e = math.sqrt(f * (2.0 - f))
    return big_a, alpha, beta, e


TM_A, TM_ALPHA, TM_BETA, TM_E = _tm_constants()
TM_E2 = TM_E * TM_E


def _conformal_tau(tau):
    """tan(conformal latitude) from tan(geodetic latitude)."""
    sig = math.sinh(TM_E * math.atanh(TM_E * tau / math.hypot(1.0, tau)))
    return tau * math.hypot(1.0, sig) - sig * math.hypot(1.0, tau)


def gk117_forward(lon, lat):
    """WGS84 lon/lat (deg) -> EPSG:4548 easting/northing (m)."""
    lam = math.radians(lon - TM_LON0)
    taup = _conformal_tau(math.tan(math.radians(lat)))
    xip = math.atan2(taup, math.cos(lam))
    etap = math.asinh(math.sin(lam) / math.hypot(taup, math.cos(lam)))
    xi, eta = xip, etap
    for j, a in enumerate(TM_ALPHA, start=1):
        xi += a * math.sin(2 * j * xip) * math.cosh(2 * j * etap)
        eta += a * math.cos(2 * j * xip) * math.sinh(2 * j * etap)
    return TM_FE + TM_K0 * TM_A * eta, TM_K0 * TM_A * xi


def gk117_inverse(x, y):
    """EPSG:4548 easting/northing (m) -> WGS84 lon/lat (deg)."""
    xi = y / (TM_K0 * TM_A)
    eta = (x - TM_FE) / (TM_K0 * TM_A)
    xip, etap = xi, eta
    for j, b in enumerate(TM_BETA, start=1):
        xip -= b * math.sin(2 * j * xi) * math.cosh(2 * j * eta)
        etap -= b * math.cos(2 * j * xi) * math.sinh(2 * j * eta)
    sh = math.sinh(etap)
    taup = math.sin(xip) / math.hypot(sh, math.cos(xip))
    lam = math.atan2(sh, math.cos(xip))
    # Newton iteration for tan(phi) from tan(conformal latitude); converges
    # to machine precision in 2-3 steps anywhere in the district.
    tau = taup
    for _ in range(5):
        tp = _conformal_tau(tau)
        dtau = ((taup - tp) / math.hypot(1.0, tp)
                * (1.0 + (1.0 - TM_E2) * tau * tau)
                / ((1.0 - TM_E2) * math.hypot(1.0, tau)))
        tau += dtau
        if abs(dtau) < 1e-14:
            break
    return TM_LON0 + math.degrees(lam), math.degrees(math.atan(tau))


# --------------------------------------------------------------------------
# WGS84 -> GCJ-02 (the widely published "eviltransform" formula)
# --------------------------------------------------------------------------

GCJ_A = 6378245.0
GCJ_EE = 0.00669342162296594323


def _gcj_dlat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y \
        + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi)
          + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi)
          + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi)
          + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _gcj_dlon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y \
        + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi)
          + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi)
          + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi)
          + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    """WGS84 lon/lat -> GCJ-02 lon/lat (deg). Identity outside China."""
    if not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271):
        return lon, lat
    dlat = _gcj_dlat(lon - 105.0, lat - 35.0)
    dlon = _gcj_dlon(lon - 105.0, lat - 35.0)
    radlat = math.radians(lat)
    magic = 1.0 - GCJ_EE * math.sin(radlat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((GCJ_A * (1.0 - GCJ_EE)) / (magic * sqrt_magic)
                             * math.pi)
    dlon = (dlon * 180.0) / (GCJ_A / sqrt_magic * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat):
    """Exact (iterated) inverse of wgs84_to_gcj02; used by --self-check."""
    wlon, wlat = lon, lat
    for _ in range(30):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        dlon, dlat = glon - lon, glat - lat
        wlon -= dlon
        wlat -= dlat
        if abs(dlon) < 1e-13 and abs(dlat) < 1e-13:
            break
    return wlon, wlat


def grid_to_gcj(x, y):
    return wgs84_to_gcj02(*gk117_inverse(x, y))


# --------------------------------------------------------------------------
# Self check
# --------------------------------------------------------------------------

# Reference EPSG:4548 values from PROJ (gdaltransform -s_srs EPSG:4490
# -t_srs EPSG:4548); a round trip alone would not catch a scale error.
PROJ_REFS = [
    ((117.2, 39.13), (517293.539855173, 4332955.20647111)),
    ((114.0, 10.0), (170939.639797065, 1107351.7949252)),
    ((120.5, 55.0), (723931.83294472, 6102835.89117764)),
    ((117.0, 0.0), (500000.0, 0.0)),
]

GCJ_REFS = [  # (wgs lat, lon) -> (gcj lat, lon), published test vectors
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
]


def self_check():
    """Verify the projection maths; returns True when every check passes."""
    ok = True

    def report(label, err, tol, unit):
        nonlocal ok
        good = err <= tol
        ok = ok and good
        print(f"  {'ok  ' if good else 'FAIL'} {label}: max error "
              f"{err:.3g} {unit} (tolerance {tol:g})", file=sys.stderr)

    print("self-check:", file=sys.stderr)
    err = 0.0
    for (lon, lat), (x, y) in PROJ_REFS:
        fx, fy = gk117_forward(lon, lat)
        err = max(err, abs(fx - x), abs(fy - y))
    report("Gauss-Kruger forward vs PROJ", err, 1e-3, "m")

    # Round trip over the whole zone (+-3 deg around the meridian, and a
    # little beyond) from the equator to 80 N.
    err_m = err_deg = 0.0
    for i in range(0, 81, 4):
        for k in range(-7, 8):
            lon, lat = TM_LON0 + k * 0.5, float(i)
            x, y = gk117_forward(lon, lat)
            lon2, lat2 = gk117_inverse(x, y)
            err_deg = max(err_deg, abs(lon2 - lon), abs(lat2 - lat))
            x2, y2 = gk117_forward(lon2, lat2)
            err_m = max(err_m, abs(x2 - x), abs(y2 - y))
    report("Gauss-Kruger forward/inverse round trip", err_m, 1e-3, "m")
    report("Gauss-Kruger round trip in degrees", err_deg, 1e-9, "deg")

    # Round trip over the district itself, starting from metres.
    err_m = 0.0
    for i in range(21):
        for k in range(21):
            x, y = ORIGIN_E - 20000 + 3000 * k, ORIGIN_N - 20000 + 3000 * i
            x2, y2 = gk117_forward(*gk117_inverse(x, y))
            err_m = max(err_m, abs(x2 - x), abs(y2 - y))
    report("Gauss-Kruger inverse/forward round trip (district)", err_m, 1e-3, "m")

    err = 0.0
    for (lat, lon), (glat, glon) in GCJ_REFS:
        clon, clat = wgs84_to_gcj02(lon, lat)
        err = max(err, abs(clon - glon), abs(clat - glat))
    report("WGS84 -> GCJ-02 reference pairs", err, 1e-9, "deg")

    # Sentinel facilities are written with 9 decimals; going back through
    # an exact GCJ-02 inverse and Gauss-Kruger forward must land within 1 mm.
    x0 = sentinel_origin(Grid(300))[0]
    err = 0.0
    for x, y in ((x0 + 50, ORIGIN_N + 50), (x0 + 1300, ORIGIN_N + 50)):
        glon, glat = grid_to_gcj(x, y)
        glon, glat = round(glon, 9), round(glat, 9)
        x2, y2 = gk117_forward(*gcj02_to_wgs84(glon, glat))
        err = max(err, math.hypot(x2 - x, y2 - y))
    report("sentinel 9-decimal GCJ-02 round trip", err, 1e-3, "m")
    return ok


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------

PLACE_WORDS = [
    "幸福", "建设", "红旗", "光明", "胜利", "团结", "和平", "友谊", "向阳",
    "东风", "新华", "朝阳", "民主", "解放", "前进", "跃进", "育红", "长青",
    "绿荫", "春华", "中山", "鞍山", "万德", "丽园", "金钟", "体院", "王串",
    "佟楼", "吴家", "谦德", "天塔", "水上", "卫津", "复康", "咸阳", "长江",
]
PLACE_SUFFIXES = [
    "里", "小区", "新村", "南里", "北里", "东里", "西里", "花园", "公寓",
    "大院", "家园", "里小区", "新苑", "楼",
]
WORK_UNITS = [
    "纺织厂", "棉纺三厂", "机械厂", "自行车厂", "手表厂", "钢厂", "化工厂",
    "铁路局", "邮电局", "电业局", "第一机床厂", "拖拉机厂", "针织厂",
    "造纸厂", "半导体厂", "无线电厂", "港务局", "食品厂",
]
WORK_SUFFIXES = ["宿舍", "家属院", "职工宿舍", "宿舍楼"]

STREET_WORDS = [
    "建设", "胜利", "解放", "和平", "人民", "民主", "团结", "复兴", "卫国",
    "红星", "光荣", "黄河", "长江", "珠江", "昆仑", "泰山", "华山", "衡山",
    "新兴", "友好", "成都", "大连", "南京", "西安", "重庆", "贵州", "云南",
    "河北", "山西", "湖南",
]

ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n):
    """Chinese numerals for 1..9999, used for 经路/纬路 style names."""
    if n < 10:
        return ZH_DIGITS[n]
    units = ["", "十", "百", "千"]
    digits = [int(d) for d in str(n)]
    out, zero = [], False
    for pos, d in enumerate(digits):
        unit = units[len(digits) - pos - 1]
        if d == 0:
            zero = True
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(ZH_DIGITS[d] + unit)
    s = "".join(out)
    return s[1:] if s.startswith("一十") else s


def estate_name(rng):
    if rng.random() < 0.3:
        return rng.choice(WORK_UNITS) + rng.choice(WORK_SUFFIXES)
    return rng.choice(PLACE_WORDS) + rng.choice(PLACE_SUFFIXES)


DISTRICTS = ["东风街道", "向阳街道", "新华街道"]

# Raw category values as they appear in the source data, by service group.
CATEGORIES = {
    "elder": ["养老院", "日间照料中心", "老年人日间照料中心", "社区养老服务站"],
    "childcare": ["托育中心", "托儿所", "托育园"],
    "kindergarten": ["幼儿园"],
    "clinic": ["社区卫生服务站", "社区卫生服务中心", "诊所"],
    "unmapped": ["便利店", "菜市场"],
}
FACILITY_PREFIXES = [
    "阳光", "红旗", "爱心", "康乐", "春晖", "福寿", "童心", "启明", "育才",
    "金色", "晨曦", "和美", "安康", "仁和", "博爱",
]


def facility_category(rng):
    """Pick a raw category value; about 5 % land in the unmapped group."""
    u = rng.random()
    if u < 0.05:
        group = "unmapped"
    else:
        group = rng.choice(["elder", "elder", "childcare", "kindergarten",
                            "clinic"])
    return rng.choice(CATEGORIES[group])


def facility_name(rng, category, district):
    u = rng.random()
    if u < 0.35:
        return district + category
    if u < 0.45 and category.startswith("社区"):
        return category
    return rng.choice(FACILITY_PREFIXES) + category


# --------------------------------------------------------------------------
# Grid geometry
# --------------------------------------------------------------------------

class Grid:
    """The street grid: cols x rows cells of CELL metres."""

    def __init__(self, n_estates):
        self.cols = max(2, math.ceil(math.sqrt(n_estates)))
        self.rows = max(2, math.ceil(n_estates / self.cols))
        self.width = self.cols * CELL
        self.height = self.rows * CELL

    def x(self, i):
        return ORIGIN_E + i * CELL

    def y(self, j):
        return ORIGIN_N + j * CELL

    def district(self, i, j):
        """Three contiguous regions: west half, south-east, north-east."""
        if i < self.cols // 2:
            return DISTRICTS[0]
        return DISTRICTS[1] if j < self.rows // 2 else DISTRICTS[2]


def rect_ring(x0, y0, x1, y1):
    """Counter-clockwise closed ring of an axis-aligned rectangle."""
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def jitter_rotate(ring, rng, angle_deg):
    """Rotate a closed ring about its centre, then jitter each vertex."""
    pts = ring[:-1]
    cx = sum(p[0] for p in pts) / len(pts)
    cy = sum(p[1] for p in pts) / len(pts)
    ca, sa = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    out = []
    for x, y in pts:
        dx, dy = x - cx, y - cy
        out.append((cx + dx * ca - dy * sa + rng.uniform(-JITTER, JITTER),
                    cy + dx * sa + dy * ca + rng.uniform(-JITTER, JITTER)))
    out.append(out[0])
    return out


def round_ring(ring, nd=2):
    return [[round(x, nd), round(y, nd)] for x, y in ring]


def plan_barriers(grid, rng):
    """Choose the trunk line and the river path along street centre lines.

    Returns (trunk_j, river_nodes, used_edges).  used_edges holds every grid
    street segment the barriers follow, so touching estate pairs (which
    close the street between them) can avoid them.
    """
    trunk_j = max(1, min(grid.rows - 1, grid.rows // 3))
    used = set()
    for i in range(grid.cols):
        used.add(("h", i, trunk_j))
    # River: enters on the west edge and wanders east along streets, now
    # and then stepping one block north or south.
    j = max(1, min(grid.rows - 1, (2 * grid.rows) // 3))
    nodes = [(0, j)]
    for i in range(grid.cols):
        used.add(("h", i, j))
        nodes.append((i + 1, j))
        if i + 1 < grid.cols and rng.random() < 0.3:
            step = rng.choice((-1, 1))
            nj = j + step
            if 1 <= nj <= grid.rows - 1 and nj != trunk_j:
                used.add(("v", i + 1, min(j, nj)))
                j = nj
                nodes.append((i + 1, j))
    return trunk_j, nodes, used


def make_estates(grid, n, rng, blocked):
    """Lay out n estates, one per occupied cell.

    Returns (features, cells, touching).  cells maps (i, j) to a dict with
    the estate's id, ring (unrounded, first part) and kind.  touching maps
    each vertical street segment (line i, row j) closed by a touching pair
    (the two estates share that edge exactly) to the pair's row margins.
    """
    total = grid.cols * grid.rows
    # Spare cells become parks; scatter them instead of leaving a gap.
    empty = set(rng.sample(range(total), total - n))
    order = [(k % grid.cols, k // grid.cols) for k in range(total)
             if k not in empty]

    occupied = set(order)
    kinds = {}
    for cell in order:
        u = rng.random()
        kinds[cell] = ("multi" if u < 0.03 else "small" if u < 0.13
                       else "rotated" if u < 0.33 else "plain")

    # Touching pairs: ~2 % of estates, horizontal neighbours whose shared
    # street segment is not followed by a barrier.
    touching = {}   # shared vertical segment (line, row) -> (mb, mt)
    want_pairs = max(1, round(n * 0.01))
    candidates = [(i, j) for (i, j) in order
                  if (i + 1, j) in occupied
                  and ("v", i + 1, j) not in blocked]
    rng.shuffle(candidates)
    taken = set()
    for i, j in candidates:
        if len(touching) >= want_pairs:
            break
        if (i, j) in taken or (i + 1, j) in taken:
            continue
        taken.update({(i, j), (i + 1, j)})
        touching[(i + 1, j)] = (rng.uniform(MARGIN_MIN, MARGIN_MAX),
                                rng.uniform(MARGIN_MIN, MARGIN_MAX))
        kinds[(i, j)] = kinds[(i + 1, j)] = "touch"

    features, cells = [], {}
    for num, (i, j) in enumerate(order, start=1):
        eid = f"E{num:04d}"
        geom, ring = estate_geometry(grid, i, j, kinds[(i, j)], rng, touching)
        features.append(feature(geom, estate_props(rng, eid, grid, i, j)))
        cells[(i, j)] = {"id": eid, "ring": ring, "kind": kinds[(i, j)]}
    return features, cells, touching


def margins(rng):
    return [rng.uniform(MARGIN_MIN, MARGIN_MAX) for _ in range(4)]


def estate_geometry(grid, i, j, kind, rng, touching):
    """GeoJSON geometry for the estate in cell (i, j), plus its first ring."""
    cx0, cy0 = grid.x(i), grid.y(j)
    ml, mr, mb, mt = margins(rng)
    x0, x1 = cx0 + ml, cx0 + CELL - mr
    y0, y1 = cy0 + mb, cy0 + CELL - mt

    if kind == "touch":
        # Both estates of a pair use the pair's row margins so the shared
        # edge has identical end points; those two vertices are not jittered.
        west = (i + 1, j) in touching   # this one is west of the shared edge
        mb, mt = touching[(i + 1, j)] if west else touching[(i, j)]
        y0, y1 = cy0 + mb, cy0 + CELL - mt
        j2 = lambda: rng.uniform(-JITTER, JITTER)  # noqa: E731
        if west:   # this estate is the western one: its east edge is shared
            xs = cx0 + CELL
            ring = [(x0 + j2(), y0 + j2()), (xs, y0), (xs, y1),
                    (x0 + j2(), y1 + j2())]
        else:      # eastern one: its west edge is shared
            xs = cx0
            ring = [(xs, y0), (x1 + j2(), y0 + j2()), (x1 + j2(), y1 + j2()),
                    (xs, y1)]
        ring.append(ring[0])
        return {"type": "Polygon", "coordinates": [round_ring(ring)]}, ring

    if kind == "multi":
        # Two buildings-blocks split by an internal lane of 10-15 m.
        split = rng.uniform(0.4, 0.6)
        lane = rng.uniform(10.0, 15.0)
        xm = x0 + (x1 - x0) * split
        a = jitter_rotate(rect_ring(x0, y0, xm - lane / 2, y1), rng, 0.0)
        b = jitter_rotate(rect_ring(xm + lane / 2, y0, x1, y1), rng, 0.0)
        return {"type": "MultiPolygon",
                "coordinates": [[round_ring(a)], [round_ring(b)]]}, a

    if kind == "small":
        # A smaller estate tucked into one corner of its cell; the rest of
        # the cell is open ground.
        w, h = rng.uniform(60.0, 100.0), rng.uniform(60.0, 100.0)
        if rng.random() < 0.5:
            x1 = x0 + w
        else:
            x0 = x1 - w
        if rng.random() < 0.5:
            y1 = y0 + h
        else:
            y0 = y1 - h

    angle = rng.uniform(-MAX_ROT_DEG, MAX_ROT_DEG) if kind == "rotated" else 0
    ring = jitter_rotate(rect_ring(x0, y0, x1, y1), rng, angle)
    return {"type": "Polygon", "coordinates": [round_ring(ring)]}, ring


def estate_props(rng, eid, grid, i, j):
    # Most of these estates are the 1970s-90s stock that needs retrofitting.
    year = (rng.randint(1965, 1999) if rng.random() < 0.82
            else rng.randint(2000, 2010))
    households = int(min(1200, max(40, rng.lognormvariate(5.7, 0.6))))
    population = int(round(households * rng.uniform(2.4, 3.0)))
    # Older estates skew older: elderly share 15-30 %, higher before 1980.
    old = max(0.0, min(1.0, (2000 - year) / 35.0))
    elderly = int(round(population * (0.15 + 0.15 * old * rng.uniform(0.6, 1))))
    children = int(round(population * rng.uniform(0.05, 0.12)))
    u = rng.random()
    note = "待改造" if (u < 0.12 and year < 1990) else ("" if u > 0.85 else None)
    return {"id": eid, "name": estate_name(rng), "build_year": year,
            "households": households, "population": population,
            "elderly": elderly, "children": children,
            "district": grid.district(i, j), "note": note}


def feature(geom, props):
    return {"type": "Feature", "properties": props, "geometry": geom}


# --------------------------------------------------------------------------
# Sentinels
# --------------------------------------------------------------------------

SENTINEL_DISTRICT = "测试街道"


def sentinel_origin(grid):
    return grid.x(grid.cols) + SENTINEL_GAP, ORIGIN_N


def sentinel_estates(grid):
    x0, y0 = sentinel_origin(grid)
    specs = [
        ("S1", "哨兵一号院", 1985, 100, 250, 50, 20,
         rect_ring(x0, y0, x0 + 100, y0 + 100)),
        ("S2", "哨兵二号院", 1990, 200, 500, 100, 40,
         rect_ring(x0 + 1000, y0, x0 + 1100, y0 + 100)),
        # Deliberately self-intersecting (bow tie) to exercise validation.
        ("S3", "哨兵三号院(自交)", 1978, 50, 120, 30, 5,
         [(x0 + 2000, y0), (x0 + 2100, y0 + 100), (x0 + 2100, y0),
          (x0 + 2000, y0 + 100), (x0 + 2000, y0)]),
    ]
    out = []
    for sid, name, year, hh, pop, eld, chi, ring in specs:
        props = {"id": sid, "name": name, "build_year": year,
                 "households": hh, "population": pop, "elderly": eld,
                 "children": chi, "district": SENTINEL_DISTRICT, "note": None}
        out.append(feature({"type": "Polygon",
                            "coordinates": [round_ring(ring)]}, props))
    return out


def sentinel_facilities(grid):
    x0, y0 = sentinel_origin(grid)
    out = []
    for fid, name, cat, x, y in (
            ("FS1", "哨兵日间照料中心", "日间照料中心", x0 + 50, y0 + 50),
            ("FS2", "哨兵幼儿园", "幼儿园", x0 + 1300, y0 + 50)):
        lon, lat = grid_to_gcj(x, y)
        out.append(feature({"type": "Point",
                            "coordinates": [round(lon, 9), round(lat, 9)]},
                           {"id": fid, "name": name, "category": cat}))
    return out


# --------------------------------------------------------------------------
# Facilities
# --------------------------------------------------------------------------

def make_facilities(grid, m, rng, cells, closed):
    """m points inside the main district: ~30 % in estates, rest on streets."""
    keys = sorted(cells)
    out = []
    for num in range(1, m + 1):
        if rng.random() < 0.3:
            x, y, (i, j) = point_in_estate(cells, keys, rng)
        else:
            x, y, (i, j) = point_on_street(grid, rng, closed)
        cat = facility_category(rng)
        lon, lat = grid_to_gcj(x, y)
        out.append(feature(
            {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
            {"id": f"F{num:04d}",
             "name": facility_name(rng, cat, grid.district(i, j)),
             "category": cat}))
    return out


def point_in_estate(cells, keys, rng):
    """A point well inside a random estate (its first part)."""
    cell = rng.choice(keys)
    ring = cells[cell]["ring"][:-1]
    # Convex quadrilateral: a random convex combination that stays away
    # from the edges is inside.
    w = [rng.uniform(1.0, 2.0) for _ in ring]
    s = sum(w)
    x = sum(p[0] * wi for p, wi in zip(ring, w)) / s
    y = sum(p[1] * wi for p, wi in zip(ring, w)) / s
    return x, y, cell


def point_on_street(grid, rng, closed):
    """A point within 2.5 m of a street centre line, strictly inside the
    district and away from streets closed by touching estates."""
    while True:
        if rng.random() < 0.5:   # on a vertical street
            i = rng.randint(1, grid.cols - 1)
            j = rng.randrange(grid.rows)
            if ("v", i, j) in closed:
                continue
            x = grid.x(i) + rng.uniform(-2.5, 2.5)
            y = grid.y(j) + rng.uniform(5.0, CELL - 5.0)
            return x, y, (min(i, grid.cols - 1), j)
        i = rng.randrange(grid.cols)
        j = rng.randint(1, grid.rows - 1)
        x = grid.x(i) + rng.uniform(5.0, CELL - 5.0)
        y = grid.y(j) + rng.uniform(-2.5, 2.5)
        return x, y, (i, min(j, grid.rows - 1))


# --------------------------------------------------------------------------
# Street network
# --------------------------------------------------------------------------

def line_class(k, last):
    """Road class of grid line k: outer ring and every 6th line are
    secondary, every 3rd tertiary, the rest residential."""
    if k == 0 or k == last or k % 6 == 0:
        return "secondary"
    if k % 3 == 0:
        return "tertiary"
    return "residential"


def line_names(count, suffix_major, suffix_minor, kind, rng):
    """Names for grid lines: major lines get words, others 经/纬 numbers."""
    words = STREET_WORDS[:]
    rng.shuffle(words)
    names, minor = [], 0
    for k in range(count):
        if line_class(k, count - 1) != "residential":
            names.append(words[k % len(words)] + suffix_major)
        else:
            minor += 1
            names.append(zh_number(minor) + kind + suffix_minor)
    return names


class NodeCache:
    """WGS84 lon/lat of grid nodes, converted once and rounded once so that
    every line ending at a node carries bit-identical coordinates."""

    def __init__(self, grid):
        self.grid = grid
        self.cache = {}

    def lonlat(self, x, y):
        key = (x, y)
        v = self.cache.get(key)
        if v is None:
            lon, lat = gk117_inverse(x, y)
            v = self.cache[key] = [round(lon, 7), round(lat, 7)]
        return v

    def node(self, i, j):
        return self.lonlat(self.grid.x(i), self.grid.y(j))


def densify(coords, step):
    """Extra vertices every `step` metres along each segment (0: none), so that the
    benchmark network has about a million edges; junction vertices stay bit-identical."""
    if step <= 0:
        return coords
    out = [coords[0]]
    for (lon0, lat0), (lon1, lat1) in zip(coords, coords[1:]):
        x0, y0 = gk117_forward(lon0, lat0)
        x1, y1 = gk117_forward(lon1, lat1)
        k = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step))
        for i in range(1, k):
            t = i / k
            out.append([round(lon0 + t * (lon1 - lon0), 7), round(lat0 + t * (lat1 - lat0), 7)])
        out.append([lon1, lat1])
    return out


def make_network(grid, rng, cells, closed, step=0.0):
    """Grid streets split at every junction, plus footpaths into blocks."""
    nodes = NodeCache(grid)
    v_names = line_names(grid.cols + 1, "路", "路", "经", rng)
    h_names = line_names(grid.rows + 1, "道", "路", "纬", rng)

    # Footpaths and service lanes enter a block from the middle of its
    # southern street; that street segment is split at the junction.
    n_paths = max(4, len(cells) // 50)
    eligible = sorted(c for c, v in cells.items()
                      if v["kind"] in ("plain", "rotated") and c[1] > 0)
    paths = set(rng.sample(eligible, min(n_paths, len(eligible))))

    feats = []
    seq = 0

    def add(coords, highway, name):
        nonlocal seq
        seq += 1
        feats.append(feature({"type": "LineString", "coordinates": densify(coords, step)},
                             {"id": f"N{seq:05d}", "highway": highway,
                              "name": name}))

    for i in range(grid.cols + 1):          # vertical streets
        hw = line_class(i, grid.cols)
        for j in range(grid.rows):
            if ("v", i, j) in closed:
                continue   # closed by a touching estate pair
            add([nodes.node(i, j), nodes.node(i, j + 1)], hw, v_names[i])
    for j in range(grid.rows + 1):          # horizontal streets
        hw = line_class(j, grid.rows)
        for i in range(grid.cols):
            a, b = nodes.node(i, j), nodes.node(i + 1, j)
            if (i, j) in paths:
                mid = nodes.lonlat(grid.x(i) + CELL / 2, grid.y(j))
                add([a, mid], hw, h_names[j])
                add([mid, b], hw, h_names[j])
            else:
                add([a, b], hw, h_names[j])
    for i, j in sorted(paths):
        ring = cells[(i, j)]["ring"][:-1]
        cx = sum(p[0] for p in ring) / 4
        cy = sum(p[1] for p in ring) / 4
        start = nodes.lonlat(grid.x(i) + CELL / 2, grid.y(j))
        lon, lat = gk117_inverse(cx, cy)
        hw = "footway" if rng.random() < 0.6 else "service"
        add([start, [round(lon, 7), round(lat, 7)]], hw, None)
    return feats


# --------------------------------------------------------------------------
# Barriers
# --------------------------------------------------------------------------

def make_barriers(grid, trunk_j, river_nodes):
    def ll(x, y):
        lon, lat = gk117_inverse(x, y)
        return [round(lon, 7), round(lat, 7)]

    # Offset diagonally off the street centre line so the barriers never
    # pass exactly through a street node (no degenerate crossings).
    river = [ll(grid.x(i) + BARRIER_OFFSET, grid.y(j) + BARRIER_OFFSET)
             for i, j in river_nodes]
    # River extends a little beyond the district on both sides.
    i0, j0 = river_nodes[0]
    i1, j1 = river_nodes[-1]
    river.insert(0, ll(grid.x(i0) - 200, grid.y(j0) + BARRIER_OFFSET))
    river.append(ll(grid.x(i1) + 200, grid.y(j1) + BARRIER_OFFSET))
    yt = grid.y(trunk_j) - BARRIER_OFFSET
    # A vertex at every crossing street keeps the line on the grid line
    # (a straight lon/lat chord would drift off the grid line slightly).
    trunk = ([ll(grid.x(0) - 200, yt)]
             + [ll(grid.x(i) + BARRIER_OFFSET, yt)
                for i in range(grid.cols + 1)]
             + [ll(grid.x(grid.cols) + 200, yt)])
    return [
        feature({"type": "LineString", "coordinates": river},
                {"id": "B1", "kind": "river", "name": "海河支流",
                 "waterway": "river"}),
        feature({"type": "LineString", "coordinates": trunk},
                {"id": "B2", "kind": "trunk", "name": "快速路",
                 "highway": "trunk"}),
    ]


# --------------------------------------------------------------------------
# Candidate sites
# --------------------------------------------------------------------------

def make_candidates(grid, k, seed, cells):
    """k candidate sites for new facilities: idle public buildings (20 x 16 m
    footprints inside estates, as polygons) and vacant plots (points), with a
    cost in 10k CNY and a capacity in places. Own random stream, so adding
    candidates leaves every other file unchanged."""
    rng = random.Random(seed * 7919 + 17)
    keys = sorted(cells)
    out = []
    for num in range(1, k + 1):
        x, y, _ = point_in_estate(cells, keys, rng)
        building = rng.random() < 0.6
        props = {"id": f"C{num:04d}",
                 "kind": "闲置公房" if building else "空地",
                 "cost": rng.randint(50, 500),
                 "capacity": rng.randint(30, 400)}
        if building:
            geom = {"type": "Polygon",
                    "coordinates": [round_ring(rect_ring(x - 10, y - 8, x + 10, y + 8))]}
        else:
            geom = {"type": "Point", "coordinates": [round(x, 2), round(y, 2)]}
        out.append(feature(geom, props))
    return out


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def write_collection(path, name, features, crs=None):
    """FeatureCollection with one feature per line (diff-friendly)."""
    dump = lambda o: json.dumps(o, ensure_ascii=False,  # noqa: E731
                                separators=(",", ":"))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"type":"FeatureCollection","name":' + dump(name))
        if crs is not None:
            fh.write(',"crs":' + dump(crs))
        fh.write(',"features":[\n')
        fh.write(",\n".join(dump(f) for f in features))
        fh.write("\n]}\n")


def print_counts(files):
    err = sys.stderr
    for name, feats in files:
        geoms = Counter(f["geometry"]["type"] for f in feats)
        desc = ", ".join(f"{k} {v}" for k, v in sorted(geoms.items()))
        print(f"{name}: {len(feats)} features ({desc})", file=err)
    facilities = dict(files)["facilities.geojson"]
    print("facilities by category:", file=err)
    cats = Counter(f["properties"]["category"] for f in facilities)
    for group, values in CATEGORIES.items():
        for v in values:
            print(f"  {group:12s} {v}: {cats.get(v, 0)}", file=err)
    print("network by highway:", file=err)
    hw = Counter(f["properties"]["highway"] for f in dict(files)["network.geojson"])
    for k, v in sorted(hw.items()):
        print(f"  {k}: {v}", file=err)


def generate(out_dir, n, m, seed, sentinels, network_step=0.0, k=0):
    rng = random.Random(seed)
    grid = Grid(n)
    trunk_j, river_nodes, barrier_edges = plan_barriers(grid, rng)
    estates, cells, touching = make_estates(grid, n, rng, barrier_edges)
    closed = {("v", i, j) for i, j in touching}
    facilities = make_facilities(grid, m, rng, cells, closed)
    network = make_network(grid, rng, cells, closed, network_step)
    barriers = make_barriers(grid, trunk_j, river_nodes)
    if sentinels:
        estates += sentinel_estates(grid)
        facilities += sentinel_facilities(grid)

    candidates = make_candidates(grid, k, seed, cells)

    os.makedirs(out_dir, exist_ok=True)
    files = [("estates.geojson", estates), ("facilities.geojson", facilities),
             ("network.geojson", network), ("barriers.geojson", barriers)]
    if k:
        files.append(("candidates.geojson", candidates))
    for name, feats in files:
        crs = CRS_4548 if name in ("estates.geojson", "candidates.geojson") else None
        write_collection(os.path.join(out_dir, name), name.split(".")[0],
                         feats, crs)

    x0, y0 = sentinel_origin(grid)
    print(f"grid {grid.cols} x {grid.rows} cells of {CELL:g} m; main district "
          f"E {ORIGIN_E:.0f}-{grid.x(grid.cols):.0f}, "
          f"N {ORIGIN_N:.0f}-{grid.y(grid.rows):.0f}", file=sys.stderr)
    if sentinels:
        print(f"sentinels: X0 = {x0:.0f}, Y0 = {y0:.0f}", file=sys.stderr)
    print(f"touching estate pairs: {len(touching)}", file=sys.stderr)
    print_counts(files)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", help="output directory")
    p.add_argument("--estates", type=int, default=300)
    p.add_argument("--facilities", type=int, default=60)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--candidates", type=int, default=40,
                   help="candidate sites for new facilities (candidates.geojson)")
    p.add_argument("--no-sentinels", dest="sentinels", action="store_false")
    p.add_argument("--network-step", type=float, default=0.0,
                   help="add network vertices every this many metres (benchmarks)")
    p.add_argument("--self-check", action="store_true",
                   help="verify the projection maths and exit")
    a = p.parse_args(argv)
    if a.self_check:
        return 0 if self_check() else 1
    if not a.out:
        p.error("--out is required")
    if a.estates < 4 or a.facilities < 0:
        p.error("need --estates >= 4 and --facilities >= 0")
    generate(a.out, a.estates, a.facilities, a.seed, a.sentinels, a.network_step,
             a.candidates)
    return 0


if __name__ == "__main__":
    sys.exit(main())
