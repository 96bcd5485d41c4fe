/*
 * test_session.c — a scenario evaluated in a session is a plain run on the edited inputs:
 * random edits of the sample (facilities removed, added, given places; network lines closed
 * and added; gates added), one added facility exactly at the 5-minute radius of an estate,
 * each written by the session and by lc_run on edited copies of the files, and the two
 * estates and service_areas layers compared feature by feature, field by field and
 * geometry by geometry (OGR_F_Equal), straight line and walking. Facility edits alone are
 * evaluated from the baseline's results (pipeline/update.c), network edits by every stage:
 * both paths are compared.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "lc_scratch.h"

static const char *data_dir(void)
{
    const char *d = getenv("LC_DATA");
    return d ? d : "data";
}

static const char *in_data(const char *name)
{
    static char p[2][512];
    static int which;
    which ^= 1;
    snprintf(p[which], sizeof p[which], "%s/%s", data_dir(), name);
    return p[which];
}

static char *scratch(const char *name)
{
    char *p = lc_asprintf("%s/%s", tmpdir, name);
    assert_non_null(p);
    return p;
}

/* What one random scenario does, kept to write both the YAML and the edited copies. */
typedef struct {
    char remove[4][16];
    size_t nremove;
    char cap_id[3][16];
    int cap[3];
    size_t ncap;
    double add_xy[4][2]; /* EPSG:4548 */
    size_t nadd;
    char close[5][16];
    size_t nclose;
    double line[2][2];   /* an added footway, WGS84 lon/lat */
    bool add_line;
    double gate_xy[2];
    char gate_estate[16];
    bool add_gate;
} edits;

/* The sample's estate `i`'s easternmost vertex (EPSG:4548, as estates.geojson is). */
static void east_vertex(size_t i, double *x, double *y)
{
    GDALDatasetH ds = GDALOpenEx(in_data("estates.geojson"), GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f = OGR_L_GetFeature(l, (GIntBig)i);
    if (!f) { /* GeoJSON feature ids may start at 0 or follow the `id` */
        OGR_L_ResetReading(l);
        for (size_t k = 0; k <= i; k++) {
            if (f) OGR_F_Destroy(f);
            f = OGR_L_GetNextFeature(l);
        }
    }
    assert_non_null(f);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    *x = -INFINITY;
    OGRGeometryH poly = OGR_G_GetGeometryCount(g) && wkbFlatten(OGR_G_GetGeometryType(g)) ==
                                                         wkbMultiPolygon
                            ? OGR_G_GetGeometryRef(g, 0)
                            : g;
    OGRGeometryH ring = OGR_G_GetGeometryRef(poly, 0);
    for (int k = 0; k < OGR_G_GetPointCount(ring); k++)
        if (OGR_G_GetX(ring, k) > *x) *x = OGR_G_GetX(ring, k), *y = OGR_G_GetY(ring, k);
    OGR_F_Destroy(f);
    GDALClose(ds);
}

/* The first vertex of network line `i` (network.geojson: WGS84 lon/lat). */
static void net_vertex(size_t i, double *xy)
{
    GDALDatasetH ds = GDALOpenEx(in_data("network.geojson"), GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f = NULL;
    for (size_t k = 0; k <= i; k++) {
        if (f) OGR_F_Destroy(f);
        f = OGR_L_GetNextFeature(l);
    }
    assert_non_null(f);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    xy[0] = OGR_G_GetX(g, 0), xy[1] = OGR_G_GetY(g, 0);
    OGR_F_Destroy(f);
    GDALClose(ds);
}

/* Random edits, and two facilities at the edges of what an edit reaches: exactly the
 * largest radius (500 m) east of estate `edge` (a 10-minute elder-care gap before), and
 * the radius plus half the walking buffer east of it. */
static void random_edits(unsigned seed, bool edit_network, size_t edge, edits *e)
{
    memset(e, 0, sizeof *e);
    unsigned s = seed;
    e->nremove = 1 + (size_t)(lc_test_urand(&s) * 3);
    for (size_t i = 0; i < e->nremove; i++)
        snprintf(e->remove[i], sizeof e->remove[i], "F%04d", 1 + 15 * (int)i + (int)(lc_test_urand(&s) * 15));
    e->ncap = 3;
    for (size_t i = 0; i < e->ncap; i++) {
        snprintf(e->cap_id[i], sizeof e->cap_id[i], "F%04d", 47 + 7 * (int)i + (int)(lc_test_urand(&s) * 7));
        e->cap[i] = (int)(lc_test_urand(&s) * 80); /* 0 as well: no places */
    }
    snprintf(e->cap_id[2], sizeof e->cap_id[2], "F0046"); /* a clinic (诊所): its places only */
    /* one new facility exactly at r5 east of an estate, one at random */
    double x, y;
    east_vertex((size_t)(lc_test_urand(&s) * 300), &x, &y);
    e->add_xy[0][0] = x + 300, e->add_xy[0][1] = y;
    e->add_xy[1][0] = x - 400 + 800 * lc_test_urand(&s);
    e->add_xy[1][1] = y - 400 + 800 * lc_test_urand(&s);
    east_vertex(edge, &x, &y);
    e->add_xy[2][0] = x + 500, e->add_xy[2][1] = y;
    e->add_xy[3][0] = x + 525, e->add_xy[3][1] = y + 10;
    e->nadd = 4;
    if (!edit_network) return;
    e->nclose = 2 + (size_t)(lc_test_urand(&s) * 3);
    for (size_t i = 0; i < e->nclose; i++)
        snprintf(e->close[i], sizeof e->close[i], "N%05d", 1 + 130 * (int)i + (int)(lc_test_urand(&s) * 130));
    /* a new footway between two vertices of the network (lon/lat, as network.geojson is):
     * a shortcut that changes walking distances */
    e->add_line = true;
    net_vertex((size_t)(lc_test_urand(&s) * 300), e->line[0]);
    net_vertex(300 + (size_t)(lc_test_urand(&s) * 300), e->line[1]);
    e->add_gate = true;
    east_vertex(7, &e->gate_xy[0], &e->gate_xy[1]);
    snprintf(e->gate_estate, sizeof e->gate_estate, "E0008");
}

static const char *const CRS =
    "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4548\"}},";

/* The scenario's files: YAML, added facilities, added line, added gate. */
static char *write_scenario(const edits *e, int n)
{
    char name[64], text[8192];
    snprintf(name, sizeof name, "add%d.geojson", n);
    int at = snprintf(text, sizeof text, "{\"type\":\"FeatureCollection\",%s\"features\":[", CRS);
    for (size_t i = 0; i < e->nadd; i++)
        at += snprintf(text + at, sizeof text - (size_t)at, "%s{\"type\":\"Feature\",\"properties\":"
                       "{\"id\":\"N%zu\",\"name\":\"新养老院%zu\",\"category\":\"养老院\",\"capacity\":%zu},"
                       "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.3f,%.3f]}}",
                       i ? "," : "", i, i, 30 + 10 * i, e->add_xy[i][0], e->add_xy[i][1]);
    snprintf(text + at, sizeof text - (size_t)at, "]}");
    lc_scratch_write(name, text);
    char yaml[4096];
    at = snprintf(yaml, sizeof yaml, "name: s%d\nadd_facilities: %s\nremove_facilities: [", n, name);
    for (size_t i = 0; i < e->nremove; i++)
        at += snprintf(yaml + at, sizeof yaml - (size_t)at, "%s%s", i ? ", " : "", e->remove[i]);
    at += snprintf(yaml + at, sizeof yaml - (size_t)at, "]\ncapacity: {");
    for (size_t i = 0; i < e->ncap; i++)
        at += snprintf(yaml + at, sizeof yaml - (size_t)at, "%s%s: %d", i ? ", " : "", e->cap_id[i],
                       e->cap[i]);
    at += snprintf(yaml + at, sizeof yaml - (size_t)at, "}\n");
    if (e->nclose) {
        at += snprintf(yaml + at, sizeof yaml - (size_t)at, "close_network: [");
        for (size_t i = 0; i < e->nclose; i++)
            at += snprintf(yaml + at, sizeof yaml - (size_t)at, "%s%s", i ? ", " : "", e->close[i]);
        at += snprintf(yaml + at, sizeof yaml - (size_t)at, "]\n");
    }
    if (e->add_line) {
        snprintf(text, sizeof text, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
                 "\"Feature\",\"properties\":{\"id\":\"P1\",\"highway\":\"footway\"},\"geometry\":"
                 "{\"type\":\"LineString\",\"coordinates\":[[%.9f,%.9f],[%.9f,%.9f]]}}]}",
                 e->line[0][0], e->line[0][1], e->line[1][0], e->line[1][1]);
        snprintf(name, sizeof name, "paths%d.geojson", n);
        lc_scratch_write(name, text);
        at += snprintf(yaml + at, sizeof yaml - (size_t)at, "add_network: %s\n", name);
    }
    if (e->add_gate) {
        snprintf(text, sizeof text, "{\"type\":\"FeatureCollection\",%s\"features\":[{\"type\":"
                 "\"Feature\",\"properties\":{\"estate_id\":\"%s\"},\"geometry\":{\"type\":"
                 "\"Point\",\"coordinates\":[%.3f,%.3f]}}]}", CRS, e->gate_estate,
                 e->gate_xy[0], e->gate_xy[1]);
        snprintf(name, sizeof name, "gates%d.geojson", n);
        lc_scratch_write(name, text);
        at += snprintf(yaml + at, sizeof yaml - (size_t)at, "add_entrances: %s\n", name);
    }
    snprintf(name, sizeof name, "s%d.yaml", n);
    return lc_strdup(lc_scratch_write(name, yaml));
}

static bool listed(const char *id, const char (*ids)[16], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(id, ids[i])) return true;
    return false;
}

/* A copy of `src` (GeoJSON) without the features whose `id` is in `drop`; with `cap`, a
 * `capacity` field set for the ids listed there. */
static void copy_edited(const char *src, const char *dst, const char (*drop)[16], size_t ndrop,
                        const edits *cap)
{
    GDALDatasetH in = GDALOpenEx(src, GDAL_OF_VECTOR, NULL, NULL, NULL);
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    GDALDatasetH out = GDALCreate(drv, dst, 0, 0, 0, GDT_Unknown, NULL);
    assert_true(in && out);
    OGRLayerH li = GDALDatasetGetLayer(in, 0);
    /* every digit: a network noded at crossings moves the crossings with a coordinate */
    char **lco = CSLSetNameValue(NULL, "SIGNIFICANT_FIGURES", "17");
    OGRLayerH lo = GDALDatasetCreateLayer(out, "edited", OGR_L_GetSpatialRef(li), wkbUnknown, lco);
    CSLDestroy(lco);
    OGRFeatureDefnH di = OGR_L_GetLayerDefn(li);
    for (int f = 0; f < OGR_FD_GetFieldCount(di); f++)
        OGR_L_CreateField(lo, OGR_FD_GetFieldDefn(di, f), TRUE);
    if (cap && OGR_FD_GetFieldIndex(di, "capacity") < 0) {
        OGRFieldDefnH fd = OGR_Fld_Create("capacity", OFTInteger);
        OGR_L_CreateField(lo, fd, TRUE);
        OGR_Fld_Destroy(fd);
    }
    OGRFeatureH f;
    OGR_L_ResetReading(li);
    while ((f = OGR_L_GetNextFeature(li))) {
        const char *id = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "id"));
        if (!listed(id, drop, ndrop)) {
            OGRFeatureH g = OGR_F_Create(OGR_L_GetLayerDefn(lo));
            OGR_F_SetFrom(g, f, TRUE);
            for (size_t i = 0; cap && i < cap->ncap; i++)
                if (!strcmp(id, cap->cap_id[i]))
                    OGR_F_SetFieldInteger(g, OGR_F_GetFieldIndex(g, "capacity"), cap->cap[i]);
            assert_int_equal(OGR_L_CreateFeature(lo, g), OGRERR_NONE);
            OGR_F_Destroy(g);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(out);
    GDALClose(in);
}

/* Network copy: the closed lines dropped, the added footway appended. */
static void copy_network(const edits *e, const char *dst)
{
    char *tmp = scratch("net-tmp.geojson");
    copy_edited(in_data("network.geojson"), tmp, e->close, e->nclose, NULL);
    GDALDatasetH in = GDALOpenEx(tmp, GDAL_OF_VECTOR, NULL, NULL, NULL);
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    GDALDatasetH out = GDALCreate(drv, dst, 0, 0, 0, GDT_Unknown, NULL);
    OGRLayerH li = GDALDatasetGetLayer(in, 0);
    char **lco = CSLSetNameValue(NULL, "SIGNIFICANT_FIGURES", "17");
    OGRLayerH lo = GDALDatasetCopyLayer(out, li, "network", lco);
    CSLDestroy(lco);
    assert_non_null(lo);
    OGRFeatureH g = OGR_F_Create(OGR_L_GetLayerDefn(lo));
    OGR_F_SetFieldString(g, OGR_F_GetFieldIndex(g, "id"), "P1");
    OGR_F_SetFieldString(g, OGR_F_GetFieldIndex(g, "highway"), "footway");
    OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
    OGR_G_AddPoint_2D(line, e->line[0][0], e->line[0][1]);
    OGR_G_AddPoint_2D(line, e->line[1][0], e->line[1][1]);
    OGR_F_SetGeometryDirectly(g, line);
    assert_int_equal(OGR_L_CreateFeature(lo, g), OGRERR_NONE);
    OGR_F_Destroy(g);
    GDALClose(out);
    GDALClose(in);
    lc_free(tmp);
}

/* The same field values (reals to the bit) and the same geometry (WKB bytes). */
static bool same_feature(OGRFeatureH a, OGRFeatureH b)
{
    int n = OGR_F_GetFieldCount(a);
    if (n != OGR_F_GetFieldCount(b)) return false;
    for (int i = 0; i < n; i++) {
        bool sa = OGR_F_IsFieldSetAndNotNull(a, i), sb = OGR_F_IsFieldSetAndNotNull(b, i);
        if (sa != sb) return false;
        if (!sa) continue;
        OGRFieldType ty = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(a, i));
        if (ty == OFTReal ? OGR_F_GetFieldAsDouble(a, i) != OGR_F_GetFieldAsDouble(b, i)
            : ty == OFTInteger64 || ty == OFTInteger
                ? OGR_F_GetFieldAsInteger64(a, i) != OGR_F_GetFieldAsInteger64(b, i)
                : strcmp(OGR_F_GetFieldAsString(a, i), OGR_F_GetFieldAsString(b, i)) != 0)
            return false;
    }
    OGRGeometryH ga = OGR_F_GetGeometryRef(a), gb = OGR_F_GetGeometryRef(b);
    if (!ga || !gb) return !ga && !gb;
    size_t na = (size_t)OGR_G_WkbSize(ga), nb = (size_t)OGR_G_WkbSize(gb);
    if (na != nb) return false;
    unsigned char *wa = lc_malloc(na + 1), *wb = lc_malloc(nb + 1);
    OGR_G_ExportToWkb(ga, wkbNDR, wa);
    OGR_G_ExportToWkb(gb, wkbNDR, wb);
    bool same = memcmp(wa, wb, na) == 0;
    lc_free(wa), lc_free(wb);
    return same;
}

/* Is every feature of `layer` equal in the two GeoPackages (fields and geometry)? *which:
 * the first that differs. */
static bool same_layer(const char *a, const char *b, const char *layer, long long *which)
{
    GDALDatasetH da = GDALOpenEx(a, GDAL_OF_VECTOR, NULL, NULL, NULL);
    GDALDatasetH db = GDALOpenEx(b, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_true(da && db);
    OGRLayerH la = GDALDatasetGetLayerByName(da, layer), lb = GDALDatasetGetLayerByName(db, layer);
    assert_true(la && lb);
    bool same = OGR_L_GetFeatureCount(la, TRUE) == OGR_L_GetFeatureCount(lb, TRUE) &&
                OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(la)) ==
                    OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(lb));
    OGRFeatureH fa, fb;
    *which = -1;
    while (same && (fa = OGR_L_GetNextFeature(la)) && (fb = OGR_L_GetNextFeature(lb))) {
        if (!same_feature(fa, fb)) same = false, *which = (long long)OGR_F_GetFID(fa);
        OGR_F_Destroy(fa), OGR_F_Destroy(fb);
    }
    GDALClose(da), GDALClose(db);
    return same;
}

static void assert_same_layer(const char *a, const char *b, const char *layer)
{
    long long which;
    if (!same_layer(a, b, layer, &which))
        fail_msg("%s: feature %lld of %s differs from the plain run's", layer, which, a);
}

static void set(lc_ctx *ctx, lc_options *o, const char *k, const char *v)
{
    if (lc_options_set(ctx, o, k, v, LC_SRC_FLAG) != LC_OK) fail_msg("%s", lc_ctx_errmsg(ctx));
}

/* The baseline's facilities: the sample's with places for three of them (a capacity
 * field, so that the baseline has access to copy), written once. */
static const char *base_facilities(void)
{
    static char *path;
    if (path) return path;
    GDALAllRegister();
    path = scratch("fac-base.geojson");
    edits caps = {.cap_id = {"F0046", "F0050", "F0003"}, .cap = {10, 25, 30}, .ncap = 3};
    copy_edited(in_data("facilities.geojson"), path, NULL, 0, &caps);
    return path;
}

/* Scenario n of seed `seed`: the session's folder against a plain run's; with a network
 * when `network`, whose lines and gates it edits when `edit_network`, noded at crossings
 * when `noded`. */
static void one_scenario(lc_ctx *ctx, lc_session *ss, unsigned seed, bool network,
                         bool edit_network, bool noded, size_t edge, int n)
{
    edits e;
    random_edits(seed, edit_network, edge, &e);
    char *yaml = write_scenario(&e, n);
    char *sdir = lc_asprintf("%s/session%d", tmpdir, n), *pdir = lc_asprintf("%s/plain%d", tmpdir, n);
    if (lc_session_apply(ctx, ss, yaml) || lc_session_evaluate(ctx, ss) ||
        lc_session_write(ctx, ss, sdir))
        fail_msg("session: %s", lc_ctx_errmsg(ctx));
    char *fac = scratch("fac-edited.geojson"), *net = scratch("net-edited.geojson");
    copy_edited(base_facilities(), fac, (const char(*)[16])e.remove, e.nremove, &e);
    lc_options *o = lc_options_create();
    set(ctx, o, "estates", in_data("estates.geojson"));
    lc_options_set_item(ctx, o, "facilities", fac, LC_SRC_FLAG);
    char add[300];
    snprintf(add, sizeof add, "%s/add%d.geojson", tmpdir, n);
    lc_options_set_item(ctx, o, "facilities", add, LC_SRC_FLAG);
    set(ctx, o, "categories", "elder,child,kgdn,clinic"); /* the baseline's */
    set(ctx, o, "capacity.clinic", "20");
    set(ctx, o, "capacity.child", "12");
    set(ctx, o, "formats", "gpkg");
    set(ctx, o, "output", pdir);
    if (noded) set(ctx, o, "node_intersections", "yes");
    if (edit_network) {
        copy_network(&e, net);
        set(ctx, o, "network", net);
        char gates[300];
        snprintf(gates, sizeof gates, "%s/gates%d.geojson", tmpdir, n);
        set(ctx, o, "entrances", gates);
    } else if (network) {
        set(ctx, o, "network", in_data("network.geojson"));
    }
    if (lc_run(ctx, o, LC_JOB_COVERAGE, NULL)) fail_msg("plain run: %s", lc_ctx_errmsg(ctx));
    char a[600], b[600];
    snprintf(a, sizeof a, "%s/lifecircle.gpkg", sdir);
    snprintf(b, sizeof b, "%s/lifecircle.gpkg", pdir);
    assert_same_layer(a, b, "estates");
    assert_same_layer(a, b, "service_areas");
    /* and the edits changed something: the estates are not the baseline's */
    char base[600];
    snprintf(base, sizeof base, "%s/baseline/lifecircle.gpkg", tmpdir);
    long long which;
    assert_false(same_layer(a, base, "estates", &which));
    lc_options_destroy(o);
    lc_free(fac), lc_free(net), lc_free(yaml), lc_free(sdir), lc_free(pdir);
}

static void run_seeds(void **state, bool network, bool edit_network, bool noded)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    set(ctx, o, "estates", in_data("estates.geojson"));
    set(ctx, o, "facilities", base_facilities());
    set(ctx, o, "formats", "gpkg");
    set(ctx, o, "capacity.clinic", "20"); /* places by default: the access of a baseline */
    set(ctx, o, "capacity.child", "12");
    if (network) set(ctx, o, "network", in_data("network.geojson"));
    if (noded) set(ctx, o, "node_intersections", "yes");
    lc_session *ss = NULL;
    if (lc_session_open(ctx, o, &ss)) fail_msg("open: %s", lc_ctx_errmsg(ctx));
    assert_int_equal(lc_session_estate_count(ss), 303);
    char *base = scratch("baseline");
    if (lc_session_evaluate(ctx, ss) || lc_session_write(ctx, ss, base))
        fail_msg("baseline: %s", lc_ctx_errmsg(ctx));
    lc_free(base);
    size_t edge = 0; /* an estate with no elder care within 10 minutes */
    double gap = 0;
    while (gap != 1 && ++edge < 303)
        assert_int_equal(lc_session_value(ctx, ss, edge, "elder_g10", &gap), LC_OK);
    assert_true(edge < 303);
    for (int n = 0; n < 3; n++)
        one_scenario(ctx, ss, 17u + 101u * (unsigned)n + edit_network, network, edit_network,
                     noded, edge, n);
    /* back to the baseline: the plain run on the inputs as they are */
    assert_int_equal(lc_session_apply(ctx, ss, NULL), LC_OK);
    assert_int_equal(lc_session_evaluate(ctx, ss), LC_OK);
    double g;
    assert_int_equal(lc_session_value(ctx, ss, 0, "elder_g5", &g), LC_OK);
    assert_true(g == 0 || g == 1);
    assert_int_equal(lc_session_value(ctx, ss, 0, "nosuch_g5", &g), LC_ERR_ARG);
    lc_session_close(ss);
    lc_options_destroy(o);
}

static void straight_line_scenarios(void **state)
{
    run_seeds(state, false, false, false);
}

/* Facility edits on the baseline's network: evaluated from the baseline's results. */
static void walking_facility_scenarios(void **state)
{
    run_seeds(state, true, false, false);
}

/* Network and gate edits: every stage on the edited graph. */
static void walking_network_scenarios(void **state)
{
    run_seeds(state, true, true, false);
}

/* The same on a network noded at crossings (node_intersections): an added line splits the
 * lines it crosses, so such a scenario is evaluated whole (lc_stages_can_update); facility
 * edits alone are not. */
static void walking_noded_scenarios(void **state)
{
    run_seeds(state, true, true, true);
    run_seeds(state, true, false, true);
}

/* Ids that match nothing are errors naming the scenario, the key and the id. */
static void unknown_ids_refused(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    set(ctx, o, "estates", in_data("estates.geojson"));
    set(ctx, o, "facilities", in_data("facilities.geojson"));
    set(ctx, o, "network", in_data("network.geojson"));
    lc_session *ss = NULL;
    assert_int_equal(lc_session_open(ctx, o, &ss), LC_OK);
    const char *y = lc_scratch_write("bad.yaml", "name: 坏方案\nremove_facilities: [F9999]\n");
    char *bad = lc_strdup(y);
    assert_int_equal(lc_session_apply(ctx, ss, bad), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "scenario '坏方案': remove_facilities: 'F9999'"));
    lc_free(bad);
    lc_session_close(ss);
    lc_options_destroy(o);
}

static int setup(void **state)
{
    return lc_scratch_setup(state, "/tmp/lc-session-XXXXXX", LC_LOG_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(straight_line_scenarios),
        cmocka_unit_test(walking_facility_scenarios),
        cmocka_unit_test(walking_network_scenarios),
        cmocka_unit_test(walking_noded_scenarios),
        cmocka_unit_test(unknown_ids_refused),
    };
    return cmocka_run_group_tests_name("session", tests, setup, lc_scratch_teardown);
}
