/*
 * e2e_cn_geo.c — Chinese data as geometry: nested estates (a 小区 and the 弄 inside it), the web-map
 * datum check, estates as points.
 */
#include "e2e.h"

/* ------------------------------------------------------------------------------------ */
/* Nested estates: a 小区 and the 弄 inside it                                           */
/* ------------------------------------------------------------------------------------ */

/* Estates written by the test, in lon/lat degrees east and north of (121.5, 31.28): 巴林小区
 * (B0) holds 21弄 (B21) and 41弄 (B41), which share an edge, and 伊敏河路50弄 (B50), which
 * sticks out of it by 0.00002 of its 0.00082 degrees (2.4 % of its area); E and W are
 * neighbours about 19 m away, H overlaps B0's north edge by half (not nested). */
static const struct {
    const char *id, *name;
    double x0, y0, x1, y1;
    int households;
} NESTED_ESTATES[] = {
    {"B0", "巴林小区", 0, 0, 0.004, 0.002, 600},
    {"B21", "巴林小区21弄", 0.0002, 0.0002, 0.0018, 0.0018, 300},
    {"B41", "巴林小区41弄", 0.0018, 0.0002, 0.0032, 0.0018, 300},
    {"B50", "伊敏河路50弄", 0.0032, 0.0002, 0.00402, 0.0018, 300},
    {"E", "东方小区", 0.0042, 0, 0.0062, 0.002, 400},
    {"W", "西苑", -0.0022, 0, -0.0002, 0.002, 400},
    {"H", "半交叠小区", 0.001, 0.0015, 0.002, 0.0025, 200},
};
#define NESTED_N (sizeof NESTED_ESTATES / sizeof *NESTED_ESTATES)

/* The estates and one elder-care facility as GeoJSON in the test's folder. */
static void write_nested_inputs(char *estates, char *facilities)
{
    static char text[16384];
    size_t at = (size_t)snprintf(text, sizeof text, "{\"type\":\"FeatureCollection\",\"features\":[");
    for (size_t i = 0; i < NESTED_N; i++) {
        double x0 = 121.5 + NESTED_ESTATES[i].x0, y0 = 31.28 + NESTED_ESTATES[i].y0;
        double x1 = 121.5 + NESTED_ESTATES[i].x1, y1 = 31.28 + NESTED_ESTATES[i].y1;
        at += (size_t)snprintf(text + at, sizeof text - at,
                               "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"%s\",\"name\":\"%s\","
                               "\"households\":%d,\"build_year\":1985},\"geometry\":{\"type\":"
                               "\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],"
                               "[%.6f,%.6f],[%.6f,%.6f]]]}}",
                               i ? "," : "", NESTED_ESTATES[i].id, NESTED_ESTATES[i].name,
                               NESTED_ESTATES[i].households, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    }
    snprintf(text + at, sizeof text - at, "]}");
    tmp_path(estates, "nested_estates.geojson");
    write_file(estates, text);
    tmp_path(facilities, "nested_facilities.geojson");
    write_file(facilities, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                           "\"properties\":{\"category\":\"elder\",\"name\":\"长者照护之家\"},"
                           "\"geometry\":{\"type\":\"Point\",\"coordinates\":[121.503,31.2825]}}]}");
}

/* run.json's "nested" object and its counts (caller puts the document). */
static json_object *nested_record(const char *out, json_object **counts)
{
    json_object *doc = run_record(out);
    *counts = rec_get(doc, "counts.estates");
    if (!rec_get(doc, "nested") || !*counts) fail_msg("%s: run.json has no nested record", out);
    return doc;
}

/* Each setting on the written estates, with bundles (min 1000 households, gap 25 m): the
 * estates written, `inside` and `holds` read back through GDAL, the pairs and the estates
 * left out in run.json, read = written + skipped + left out, and no bundle (nor adjacency
 * line) holding an estate and one lying inside it. */
void test_nested_estates(void **state)
{
    (void)state;
    char est[PATHLEN], fac[PATHLEN], out[PATHLEN];
    write_nested_inputs(est, fac);
    static const char *const modes[] = {"both", "outer", "inner"};
    static const char *const kept[] = {"B0 B21 B41 B50 E W H", "B0 E W H", "B21 B41 B50 E W H"};
    static const char *const left[] = {"", "B21 B41 B50", "B0"};
    for (int m = 0; m < 3; m++) {
        tmp_path(out, "nested-out");
        int rc = run_cli("run", "--estates", est, "--facilities", fac, "--nested", modes[m],
                         "--min-size", "1000", "--max-size", "3000", "--gap", "25", "-o", out,
                         (const char *)NULL);
        if (rc != 0) fail_msg("--nested %s exited %d:\n%s", modes[m], rc, g_log);
        /* the log names both estates of every pair */
        assert_contains(g_log, "巴林小区21弄");
        assert_contains(g_log, "伊敏河路50弄");
        assert_contains(g_log, "'B0'");
        if (strstr(g_log, "半交叠小区")) fail_msg("H overlaps B0 by half and is not nested:\n%s", g_log);
        /* the estates written, with inside and holds */
        vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
        char ids[128] = "";
        OGRFeatureH f;
        OGR_L_ResetReading(v.lyr);
        long long bundle_of[NESTED_N];
        for (size_t i = 0; i < NESTED_N; i++) bundle_of[i] = -1;
        while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
            const char *id = get_str(f, "id"), *in = get_str(f, "inside");
            if (ids[0]) strcat(ids, " ");
            strcat(ids, id);
            int inner = !strcmp(id, "B21") || !strcmp(id, "B41") || !strcmp(id, "B50");
            if (inner) {
                if (!in || strcmp(in, "B0")) fail_msg("--nested %s: %s inside '%s'", modes[m], id, in ? in : "(null)");
            } else if (in) {
                fail_msg("--nested %s: %s inside '%s'", modes[m], id, in);
            }
            assert_int_equal(get_int(f, "holds"), !strcmp(id, "B0") ? 3 : 0);
            for (size_t i = 0; i < NESTED_N; i++)
                if (!strcmp(id, NESTED_ESTATES[i].id) && !is_null(f, "bundle"))
                    bundle_of[i] = get_int(f, "bundle");
            OGR_F_Destroy(f);
        }
        close_layer(&v);
        assert_string_equal(ids, kept[m]);
        assert_int_equal(count_layer(path_in(out, "estates.geojson"), NULL),
                         count_layer(path_in(out, "estates.shp"), NULL));
        /* no bundle holds B0 with one of its 弄; in both, every estate is in a bundle */
        for (size_t i = 1; i <= 3; i++)
            if (bundle_of[0] >= 0 && bundle_of[0] == bundle_of[i])
                fail_msg("--nested %s: %s and B0 in bundle %lld", modes[m], NESTED_ESTATES[i].id, bundle_of[0]);
        if (m == 0)
            for (size_t i = 0; i < NESTED_N; i++) assert_true(bundle_of[i] >= 1);
        /* the adjacency lines: never B0 with one of its 弄 */
        vlayer a = open_layer(path_in(out, "lifecircle.gpkg"), "adjacency");
        OGR_L_ResetReading(a.lyr);
        size_t nadj = 0;
        while ((f = OGR_L_GetNextFeature(a.lyr)) != NULL) {
            const char *ea = get_str(f, "estate_a"), *eb = get_str(f, "estate_b");
            bool b0 = !strcmp(ea, "B0") || !strcmp(eb, "B0");
            bool lane = ea[0] == 'B' && eb[0] == 'B' && strcmp(ea, "B0") && strcmp(eb, "B0");
            if (b0 && (ea[0] == 'B' && eb[0] == 'B')) fail_msg("adjacency %s-%s", ea, eb);
            nadj += lane;
            OGR_F_Destroy(f);
        }
        close_layer(&a);
        if (m != 1) assert_true(nadj >= 2); /* 21弄-41弄 and 41弄-50弄 share edges */
        /* run.json: the setting, every pair with both ids and names, what was left out */
        json_object *counts, *doc = nested_record(out, &counts), *n;
        json_object_object_get_ex(doc, "nested", &n);
        assert_string_equal(rec_str(n, "setting"), modes[m]);
        json_object *pairs, *lo;
        json_object_object_get_ex(n, "pairs", &pairs);
        json_object_object_get_ex(n, "left_out", &lo);
        assert_int_equal(json_object_array_length(pairs), 3);
        static const char *const inner_ids[] = {"B21", "B41", "B50"};
        static const char *const inner_names[] = {"巴林小区21弄", "巴林小区41弄", "伊敏河路50弄"};
        for (size_t k = 0; k < 3; k++) {
            json_object *q = json_object_array_get_idx(pairs, k), *sh;
            assert_string_equal(rec_str(q, "inner.id"), inner_ids[k]);
            assert_string_equal(rec_str(q, "inner.name"), inner_names[k]);
            assert_string_equal(rec_str(q, "outer.id"), "B0");
            assert_string_equal(rec_str(q, "outer.name"), "巴林小区");
            json_object_object_get_ex(q, "share", &sh);
            double share = json_object_get_double(sh);
            if (k < 2) assert_near(share, 1.0, 1e-9);
            else assert_near(share, 0.8 / 0.82, 0.002); /* 50弄: 2.4 % outside */
        }
        char lids[64] = "";
        for (size_t k = 0; k < json_object_array_length(lo); k++) {
            if (lids[0]) strcat(lids, " ");
            strcat(lids, rec_str(json_object_array_get_idx(lo, k), "id"));
        }
        assert_string_equal(lids, left[m]);
        long long read = rec_int(counts, "read"), written = rec_int(counts, "written");
        assert_int_equal(read, (long long)NESTED_N);
        assert_int_equal(rec_int(counts, "nested_pairs"), 3);
        assert_int_equal(read, written + rec_int(counts, "skipped") +
                                   rec_int(counts, "left_out_nested"));
        assert_int_equal(rec_int(counts, "left_out_nested"), m == 0 ? 0 : m == 1 ? 3 : 1);
        json_object_put(doc);
        remove_tree(out);
    }
    /* a wrong value is refused, naming the setting */
    tmp_path(out, "nested-bad");
    assert_int_equal(run_cli("coverage", "--estates", est, "--facilities", fac, "--nested",
                             "middle", "-o", out, (const char *)NULL), 2);
    assert_contains(g_log, "'nested'");
    /* --strict: the pairs kept by default are warnings; a choice of outer is not (elder care
     * alone: the other mission categories have no facility here, a warning of their own) */
    assert_true(run_cli("coverage", "--estates", est, "--facilities", fac, "--strict",
                        "--categories", "elder", "-o", out, (const char *)NULL) != 0);
    assert_contains(g_log, "lies inside estate");
    assert_int_equal(run_cli("coverage", "--estates", est, "--facilities", fac, "--strict",
                             "--categories", "elder", "--nested", "outer", "-o", out,
                             (const char *)NULL), 0);
}

/* Shanghai's extract: 巴林小区 holds 巴林小区21弄, 41弄 and 伊敏河路50弄, each wholly; with
 * --nested outer the three are left out and the other 12 estates written. */
void test_nested_estates_real(void **state)
{
    (void)state;
    const char *osm = real_file("osm-shanghai-siping", "shanghai_siping_tongji_2025.osm");
    char src[PATHLEN], out[PATHLEN];
    snprintf(src, sizeof src, "%s", osm);
    tmp_path(out, "nested-real");
    int rc = run_cli("coverage", "--estates", src, "--facilities", src, "--nested", "outer", "-o",
                     out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.estates", "read=15 written=12");
    json_object *counts, *doc = nested_record(out, &counts), *n, *pairs;
    json_object_object_get_ex(doc, "nested", &n);
    json_object_object_get_ex(n, "pairs", &pairs);
    assert_int_equal(json_object_array_length(pairs), 3);
    char names[256] = "";
    for (size_t k = 0; k < 3; k++) {
        json_object *q = json_object_array_get_idx(pairs, k);
        assert_string_equal(rec_str(q, "outer.name"), "巴林小区");
        strcat(names, rec_str(q, "inner.name"));
        strcat(names, " ");
    }
    assert_contains(names, "巴林小区21弄 ");
    assert_contains(names, "巴林小区41弄 ");
    assert_contains(names, "巴林小区伊敏河路50弄 ");
    assert_int_equal(rec_int(counts, "left_out_nested"), 3);
    json_object_put(doc);
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    OGRFeatureH f = find_feature(v.lyr, "name", "巴林小区");
    assert_int_equal(get_int(f, "holds"), 3);
    OGR_F_Destroy(f);
    close_layer(&v);
}

/* ------------------------------------------------------------------------------------ */
/* Datum check: web-map points on a real network (user guide, Web-map datums)               */
/* ------------------------------------------------------------------------------------ */

/*
 * Facility points on the Shanghai extract's walkable network (the midpoint of every
 * walkable service and footway way, which lies on the way), written in WGS84, GCJ-02 or
 * BD-09 by the published formulas — implemented again here, independently of
 * src/geom/cnshift.c — and presented as plain CRS84 GeoJSON, as a crawler writes them. The
 * three medians of run.json are recomputed here: the numbers read each way (the inverses by
 * fixed-point iteration of the forward formulas), projected with OGR, their distance to the
 * nearest edge of the reference graph (every edge scanned), capped at 2,000 m.
 */
#define DT_PI 3.14159265358979323846
#define DT_CAP 2000.0

static double dt_tlat(double x, double y)
{
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * DT_PI) + 20.0 * sin(2.0 * x * DT_PI)) * 2.0 / 3.0;
    r += (20.0 * sin(y * DT_PI) + 40.0 * sin(y / 3.0 * DT_PI)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * DT_PI) + 320.0 * sin(y * DT_PI / 30.0)) * 2.0 / 3.0;
    return r;
}

static double dt_tlon(double x, double y)
{
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * DT_PI) + 20.0 * sin(2.0 * x * DT_PI)) * 2.0 / 3.0;
    r += (20.0 * sin(x * DT_PI) + 40.0 * sin(x / 3.0 * DT_PI)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * DT_PI) + 300.0 * sin(x / 30.0 * DT_PI)) * 2.0 / 3.0;
    return r;
}

/* WGS84 -> GCJ-02 (Krasovsky ellipsoid constants of the published code; inside China). */
static void dt_gcj(const double in[2], double out[2])
{
    const double a = 6378245.0, ee = 0.00669342162296594323;
    double dlat = dt_tlat(in[0] - 105.0, in[1] - 35.0), dlon = dt_tlon(in[0] - 105.0, in[1] - 35.0);
    double rad = in[1] / 180.0 * DT_PI, magic = sin(rad);
    magic = 1 - ee * magic * magic;
    double sq = sqrt(magic);
    dlat = dlat * 180.0 / ((a * (1 - ee)) / (magic * sq) * DT_PI);
    dlon = dlon * 180.0 / (a / sq * cos(rad) * DT_PI);
    out[0] = in[0] + dlon, out[1] = in[1] + dlat;
}

/* GCJ-02 -> BD-09. */
static void dt_bd(const double in[2], double out[2])
{
    const double xp = DT_PI * 3000.0 / 180.0;
    double z = sqrt(in[0] * in[0] + in[1] * in[1]) + 0.00002 * sin(in[1] * xp);
    double t = atan2(in[1], in[0]) + 0.000003 * cos(in[0] * xp);
    out[0] = z * cos(t) + 0.0065, out[1] = z * sin(t) + 0.006;
}

/* The inverse of a forward formula by fixed-point iteration: p += target - f(p). */
static void dt_inverse(void (*f)(const double[2], double[2]), const double in[2], double out[2])
{
    double p[2] = {in[0], in[1]}, q[2];
    for (int i = 0; i < 50; i++) {
        f(p, q);
        p[0] += in[0] - q[0], p[1] += in[1] - q[1];
    }
    out[0] = p[0], out[1] = p[1];
}

/* Point `p` (WGS84) as written in datum 0 (WGS84), 1 (GCJ-02) or 2 (BD-09). */
static void dt_write(const double p[2], int datum, double out[2])
{
    double g[2];
    out[0] = p[0], out[1] = p[1];
    if (datum == 0) return;
    dt_gcj(p, g);
    if (datum == 1) out[0] = g[0], out[1] = g[1];
    else dt_bd(g, out);
}

/* Numbers `w` read as datum `read`: the WGS84 point they stand for. */
static void dt_read(const double w[2], int read, double out[2])
{
    double g[2];
    out[0] = w[0], out[1] = w[1];
    if (read == 2) dt_inverse(dt_bd, w, g);
    else g[0] = w[0], g[1] = w[1];
    if (read >= 1) dt_inverse(dt_gcj, g, out);
}

/* The midpoints of the walkable service and footway ways of `osm` (lon, lat pairs). */
static size_t dt_way_midpoints(const char *osm, double *ll, size_t cap)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = open_vector(osm, NULL);
    OGRLayerH lyr = GDALDatasetExecuteSQL(ds, "SELECT highway, hstore_get_value(other_tags,'foot') "
                                          "AS foot, hstore_get_value(other_tags,'access') AS "
                                          "access FROM lines WHERE highway IN ('service', "
                                          "'footway')", NULL, "OGRSQL");
    assert_non_null(lyr);
    size_t n = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && line_walkable(f, 1) && n < cap) {
            OGRGeometryH m = OGR_G_Value(g, 0.5 * OGR_G_Length(g));
            assert_non_null(m);
            ll[2 * n] = OGR_G_GetX(m, 0), ll[2 * n + 1] = OGR_G_GetY(m, 0);
            n++;
            OGR_G_DestroyGeometry(m);
        }
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(ds, lyr);
    GDALClose(ds);
    CPLPopErrorHandler();
    return n;
}

/* A CRS84 GeoJSON of the points written in `datum`, each an elder-care facility "poi i". */
static void dt_write_pois(const char *path, const double *ll, size_t n, int datum)
{
    FILE *f = fopen(path, "wb");
    if (!f) fail_msg("cannot create %s", path);
    fputs("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
          "\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"features\":[\n", f);
    for (size_t i = 0; i < n; i++) {
        double w[2];
        dt_write(&ll[2 * i], datum, w);
        fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"poi %zu\",\"category\":"
                "\"elder\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.10f,%.10f]}}\n",
                i ? "," : "", i, w[0], w[1]);
    }
    fputs("]}\n", f);
    assert_int_equal(fclose(f), 0);
}

static int dt_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The reference medians: points written in `datum`, read as given (0), GCJ-02 (1), BD-09 (2). */
static void dt_medians(const wgraph *g, OGRCoordinateTransformationH ct, const double *ll,
                       size_t n, int datum, double med[3])
{
    double *d = malloc(n * sizeof *d);
    assert_non_null(d);
    for (int read = 0; read < 3; read++) {
        for (size_t i = 0; i < n; i++) {
            double w[2], p[2];
            dt_write(&ll[2 * i], datum, w);
            dt_read(w, read, p);
            assert_true(OCTTransform(ct, 1, &p[0], &p[1], NULL));
            d[i] = fmin(wsnap_point(g, p[0], p[1], HUGE_VAL).off, DT_CAP);
        }
        qsort(d, n, sizeof *d, dt_cmp);
        med[read] = n % 2 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]);
    }
    free(d);
}

/* The nth (from 0) entry of run.json's datum check whose flag is `flag` (NULL when none). */
static json_object *dt_entry(json_object *rec, const char *flag, size_t nth)
{
    json_object *a = rec_get(rec, "datum_check");
    size_t n = a ? json_object_array_length(a) : 0;
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(a, i);
        if (!strcmp(rec_str(e, "flag"), flag) && nth-- == 0) return e;
    }
    return NULL;
}

/* A datum-check run on Shanghai: estates and network from the extract, the POIs `pois`; its
 * run record (json_object_put it). */
static json_object *dt_run(const char *osm, const char *pois, const char *srs, const char *name)
{
    char out[PATHLEN];
    tmp_path(out, name);
    int rc = srs ? run_cli("coverage", "--estates", osm, "--network", osm, "--facilities", pois,
                           "--facilities-srs", srs, "--crs", "EPSG:32651", "-o", out,
                           (const char *)NULL)
                 : run_cli("coverage", "--estates", osm, "--network", osm, "--facilities", pois,
                           "--crs", "EPSG:32651", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("%s exited %d:\n%s", name, rc, g_log);
    return run_record(out);
}

void test_datum_check_real(void **state)
{
    (void)state;
    const char *osm = real_file("osm-shanghai-siping", "shanghai_siping_tongji_2025.osm");
    char net[PATHLEN], pois[PATHLEN], name[32];
    snprintf(net, sizeof net, "%s", osm);
    enum { CAP = 400 };
    static double ll[2 * CAP];
    size_t n = dt_way_midpoints(net, ll, CAP);
    assert_true(n >= 50); /* the extract's README: 77 service and 50 footway ways */
    OGRSpatialReferenceH utm = OSRNewSpatialReference(NULL), wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(utm, 32651), OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(utm, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(wgs, utm);
    wgraph g = wgraph_read(net, "SELECT highway, hstore_get_value(other_tags,'foot') AS foot, "
                           "hstore_get_value(other_tags,'access') AS access FROM lines", utm);
    static const char *const datum_name[3] = {"WGS84", "GCJ02", "BD09"};
    for (int datum = 0; datum < 3; datum++) {
        snprintf(name, sizeof name, "datum-%s.geojson", datum_name[datum]);
        dt_write_pois(tmp_path(pois, name), ll, n, datum);
        snprintf(name, sizeof name, "datum-%s", datum_name[datum]);
        json_object *rec = dt_run(net, pois, NULL, name);
        double want[3];
        dt_medians(&g, ct, ll, n, datum, want);
        json_object *e = dt_entry(rec, "--facilities-srs", 0);
        assert_non_null(e);
        double got[3] = {rec_num(e, "median_m.as_given"), rec_num(e, "median_m.gcj02"),
                         rec_num(e, "median_m.bd09")};
        print_message("datum check, Shanghai Siping, %zu points written in %s: medians %.1f m "
                      "as given, %.1f m as GCJ-02, %.1f m as BD-09 (reference %.1f, %.1f, "
                      "%.1f)\n", n, datum_name[datum], got[0], got[1], got[2], want[0],
                      want[1], want[2]);
        for (int k = 0; k < 3; k++) assert_near(got[k], want[k], 0.05);
        assert_near(got[datum], 0, 0.01); /* on the ways when read in their own datum */
        assert_int_equal(rec_int(e, "points"), (long long)n);
        char needle[512];
        if (datum == 0) {
            assert_string_equal(rec_str(e, "verdict"), "as given");
            assert_true(strstr(g_log, "they look like") == NULL);
        } else {
            assert_string_equal(rec_str(e, "verdict"), datum_name[datum]);
            /* the warning, its medians as run.json has them */
            snprintf(needle, sizeof needle, "its points lie a median %.0f m from the nearest "
                     "walkable edge as given, %.0f m read as GCJ-02 and %.0f m read as BD-09 "
                     "(%zu points)", got[0], got[1], got[2], n);
            assert_contains(g_log, needle);
            snprintf(needle, sizeof needle, "give --facilities-srs %s (", datum_name[datum]);
            assert_contains(g_log, needle);
        }
        /* the estates (OSM, WGS84) are measured too, and read as given */
        json_object *est = dt_entry(rec, "--estates-srs", 0);
        assert_non_null(est);
        assert_string_equal(rec_str(est, "verdict"), "as given");
        assert_true(rec_num(est, "median_m.as_given") < 30);
        json_object_put(rec);
        /* never shifted: the facility written is the point as given, projected */
        vlayer v = open_layer(path_in(tmp_path(pois, name), "lifecircle.gpkg"), "facilities");
        OGRFeatureH f;
        size_t seen = 0;
        while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
            size_t i = (size_t)atol(get_str(f, "name") + 4);
            double w[2];
            dt_write(&ll[2 * i], datum, w);
            assert_true(OCTTransform(ct, 1, &w[0], &w[1], NULL));
            OGRGeometryH pt = OGR_F_GetGeometryRef(f);
            assert_near(OGR_G_GetX(pt, 0), w[0], 1e-3);
            assert_near(OGR_G_GetY(pt, 0), w[1], 1e-3);
            seen++;
            OGR_F_Destroy(f);
        }
        close_layer(&v);
        assert_int_equal(seen, n);
    }
    /* the datum given: the BD-09 points read as BD-09, not measured, no warning */
    tmp_path(pois, "datum-BD09.geojson");
    json_object *rec = dt_run(net, pois, "BD09", "datum-BD09-given");
    json_object *e = dt_entry(rec, "--facilities-srs", 0);
    assert_non_null(e);
    assert_string_equal(rec_str(e, "not_measured"), "datum given: BD09");
    json_object_put(rec);
    assert_true(strstr(g_log, "they look like") == NULL);
    /* two facility sources, the WGS84 points and the BD-09 ones: each measured on its own,
     * in the order given; only the second is named */
    char wgs84[PATHLEN], out[PATHLEN];
    tmp_path(wgs84, "datum-WGS84.geojson");
    tmp_path(out, "datum-two-sources");
    int rc = run_cli("coverage", "--estates", net, "--network", net, "--facilities", wgs84,
                     "--facilities", pois, "--crs", "EPSG:32651", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    rec = run_record(out);
    json_object *first = dt_entry(rec, "--facilities-srs", 0);
    json_object *second = dt_entry(rec, "--facilities-srs", 1);
    assert_non_null(first);
    assert_non_null(second);
    assert_non_null(strstr(rec_str(first, "layer"), "datum-WGS84.geojson"));
    assert_string_equal(rec_str(first, "verdict"), "as given");
    assert_string_equal(rec_str(second, "verdict"), "BD09");
    json_object_put(rec);
    assert_contains(g_log, "datum-BD09.geojson:datum-BD09: its points lie a median");
    assert_null(strstr(g_log, "datum-WGS84.geojson:datum-WGS84: its points lie a median"));
    wgraph_free(&g);
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(utm);
    OSRDestroySpatialReference(wgs);
}

/* The bundled sample, always present: its estates reprojected to WGS84 lon/lat (GDAL), its
 * facilities (GCJ-02, data/README.md) with and without --facilities-srs GCJ02. The estates'
 * points are the first vertices of their boundaries, on the streets: read as given (a point
 * inside each block would lie ~70 m from every street, closer read in GCJ-02 and warn
 * wrongly). The facilities without their flag: the warning names --facilities-srs GCJ02. */
void test_datum_check_sample(void **state)
{
    (void)state;
    char est[PATHLEN], net[PATHLEN], out[PATHLEN];
    tmp_path(est, "datum-estates-lonlat.geojson");
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    char *argv[] = {"-t_srs", "EPSG:4326", "-f", "GeoJSON", NULL};
    GDALDatasetH src = open_vector(E.estates, NULL);
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    int err = 0;
    GDALDatasetH dst = GDALVectorTranslate(est, NULL, 1, &src, o, &err);
    assert_non_null(dst);
    GDALClose(dst);
    GDALVectorTranslateOptionsFree(o);
    GDALClose(src);
    for (int flag = 1; flag >= 0; flag--) {
        tmp_path(out, flag ? "datum-sample-flag" : "datum-sample");
        int rc = flag ? run_cli("coverage", "--estates", est, "--facilities", E.facilities,
                                "--facilities-srs", "GCJ02", "--network", net, "--crs",
                                "EPSG:32650", "-o", out, (const char *)NULL)
                      : run_cli("coverage", "--estates", est, "--facilities", E.facilities,
                                "--network", net, "--crs", "EPSG:32650", "-o", out,
                                (const char *)NULL);
        if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
        json_object *rec = run_record(out), *e = dt_entry(rec, "--estates-srs", 0);
        assert_non_null(e);
        assert_string_equal(rec_str(e, "verdict"), "as given");
        assert_int_equal(rec_int(e, "points"), SAMPLE_ESTATES);
        double given = rec_num(e, "median_m.as_given"), gcj = rec_num(e, "median_m.gcj02");
        double bd = rec_num(e, "median_m.bd09");
        print_message("datum check, sample estates in lon/lat: %.1f m as given, %.1f m as "
                      "GCJ-02, %.1f m as BD-09\n", given, gcj, bd);
        /* nearer as given than read in either web datum: far from the rule */
        assert_true(given < 20 && gcj > given && bd > given);
        assert_true(strstr(g_log, "--estates-srs GCJ02") == NULL);
        json_object *f = dt_entry(rec, "--facilities-srs", 0);
        assert_non_null(f);
        if (flag) {
            assert_string_equal(rec_str(f, "not_measured"), "datum given: GCJ02");
            assert_true(strstr(g_log, "they look like") == NULL);
        } else {
            assert_string_equal(rec_str(f, "verdict"), "GCJ02");
            assert_contains(g_log, "facilities.geojson:facilities: its points lie a median");
            assert_contains(g_log, "give --facilities-srs GCJ02 (");
            print_message("datum check, sample facilities (GCJ-02) without their flag: %.1f m "
                          "as given, %.1f m as GCJ-02, %.1f m as BD-09\n",
                          rec_num(f, "median_m.as_given"), rec_num(f, "median_m.gcj02"),
                          rec_num(f, "median_m.bd09"));
        }
        json_object_put(rec);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Estates as points (user guide, Estates as points)                                         */
/* ------------------------------------------------------------------------------------ */

/* `src` (layer `layer`: NULL the first) as points: its polygons' points on surface through
 * GDAL's SQLite dialect (SpatiaLite), every attribute kept, into a GeoJSON at `dst` in the
 * source's CRS; `where` (may be NULL) filters the polygons. Returns the points written. */
static long long points_of(const char *src, const char *layer, const char *where,
                           const char *dst)
{
    char sql[2048];
    GDALDatasetH in = open_vector(src, NULL);
    OGRLayerH lyr = layer ? GDALDatasetGetLayerByName(in, layer) : GDALDatasetGetLayer(in, 0);
    assert_non_null(lyr);
    char cols[1024] = "";
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(lyr);
    for (int i = 0; i < OGR_FD_GetFieldCount(fd); i++) {
        size_t at = strlen(cols);
        snprintf(cols + at, sizeof cols - at, "\"%s\", ", OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(fd, i)));
    }
    snprintf(sql, sizeof sql, "SELECT %sST_PointOnSurface(%s) AS geometry FROM \"%s\"%s%s", cols,
             OGR_L_GetGeometryColumn(lyr)[0] ? OGR_L_GetGeometryColumn(lyr) : "geometry",
             OGR_L_GetName(lyr), where ? " WHERE " : "", where ? where : "");
    char *argv[] = {"-f", "GeoJSON", "-dialect", "SQLite", "-sql", sql, "-nln", "estates", NULL};
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    int err = 0;
    CPLPushErrorHandler(CPLQuietErrorHandler); /* OSM driver: "Non closed ring detected" */
    GDALDatasetH out = GDALVectorTranslate(dst, NULL, 1, &in, o, &err);
    CPLPopErrorHandler();
    GDALVectorTranslateOptionsFree(o);
    GDALClose(in);
    if (!out || err) fail_msg("cannot write the points of %s into %s", src, dst);
    GDALClose(out);
    long long n = count_layer(dst, NULL);
    vlayer v = open_layer(dst, NULL);
    assert_int_equal(wkbFlatten(OGR_L_GetGeomType(v.lyr)), wkbPoint);
    close_layer(&v);
    return n;
}

/* The estates of every estate output of `out` are `n` points. */
static void assert_point_outputs(const char *out, long long n)
{
    for (size_t i = 0; i < NOUTPUTS; i++) {
        vlayer v = open_output(out, &ESTATE_OUTPUTS[i]);
        assert_int_equal(wkbFlatten(OGR_L_GetGeomType(v.lyr)), wkbPoint);
        assert_int_equal(count_features(v.lyr), n);
        OGRFeatureH f;
        OGR_L_ResetReading(v.lyr);
        while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            assert_true(g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint);
            OGR_F_Destroy(f);
        }
        close_layer(&v);
    }
}

/* k_d of every point estate and category in <out>/lifecircle.gpkg against the distance GEOS
 * gives from the point to the nearest facility of the category (the facilities layer of the
 * run, in the working CRS), to 1e-6 m of the written value (rounded to the millimetre as
 * the engine writes it). Returns the pairs compared. */
static long long assert_point_kd(const char *out, const char *const *cats, size_t ncats)
{
    GDALDatasetH ds = open_vector(path_in(out, "lifecircle.gpkg"), "GPKG");
    OGRLayerH est = GDALDatasetGetLayerByName(ds, "estates");
    OGRLayerH fac = GDALDatasetGetLayerByName(ds, "facilities");
    assert_true(est && fac);
    GEOSContextHandle_t h = geos_open();
    long long pairs = 0;
    for (size_t k = 0; k < ncats; k++) {
        facility_set fs = load_facilities(fac, cats[k]);
        GEOSGeometry **fp = calloc(fs.n + 1, sizeof *fp);
        assert_non_null(fp);
        for (size_t j = 0; j < fs.n; j++) fp[j] = geos_from_ogr(h, fs.pts[j]);
        char nd[32];
        fname(nd, sizeof nd, cats[k], "d");
        OGRFeatureH f;
        OGR_L_ResetReading(est);
        while ((f = OGR_L_GetNextFeature(est)) != NULL) {
            GEOSGeometry *p = geos_from_ogr(h, OGR_F_GetGeometryRef(f));
            assert_int_equal(GEOSGeomTypeId_r(h, p), GEOS_POINT);
            double best = INFINITY, d;
            for (size_t j = 0; j < fs.n; j++) {
                assert_int_equal(GEOSDistance_r(h, p, fp[j], &d), 1);
                best = fmin(best, d);
            }
            if (!fs.n) {
                assert_true(is_null(f, nd));
            } else {
                double got = get_double(f, nd), want = round(best * 1000) / 1000;
                if (fabs(got - want) > 1e-6)
                    fail_msg("estate %s: %s = %.6f, GEOS gives %.6f m", get_str(f, "id"), nd, got, best);
                pairs++;
            }
            GEOSGeom_destroy_r(h, p);
            OGR_F_Destroy(f);
        }
        for (size_t j = 0; j < fs.n; j++) GEOSGeom_destroy_r(h, fp[j]);
        free(fp);
        free_facilities(&fs);
    }
    GEOS_finish_r(h);
    GDALClose(ds);
    return pairs;
}

/* Walking k_c of every point estate, category and tier of <out>/lifecircle.gpkg: 1 exactly
 * when the point lies in the run's walking service area of the category and tier, wherever
 * the point is farther than 0.5 m from that polygon's edge (its arcs are 16-gons, ±0.4 m of
 * the exact capsules the engine tests); *near counts the points closer than that. Returns
 * the cases compared. */
static long long assert_point_walk_cover(const char *out, const char *const *cats, size_t ncats,
                                         long long *near)
{
    static const int tiers[2] = {5, 10};
    GDALDatasetH ds = open_vector(path_in(out, "lifecircle.gpkg"), "GPKG");
    OGRLayerH est = GDALDatasetGetLayerByName(ds, "estates");
    OGRLayerH sa = GDALDatasetGetLayerByName(ds, "service_areas");
    assert_true(est && sa);
    GEOSContextHandle_t h = geos_open();
    long long cases = 0, inside = 0;
    *near = 0;
    for (size_t k = 0; k < ncats; k++)
        for (int t = 0; t < 2; t++) {
            char filter[128], nc[32], suffix[8];
            snprintf(filter, sizeof filter, "mode = 'walk' AND category = '%s' AND tier = %d",
                     cats[k], tiers[t]);
            OGR_L_SetAttributeFilter(sa, filter);
            OGR_L_ResetReading(sa);
            OGRFeatureH af = OGR_L_GetNextFeature(sa);
            assert_non_null(af); /* one row per category and tier, empty when nothing is reached */
            OGRGeometryH ag = OGR_F_GetGeometryRef(af);
            GEOSGeometry *area = ag && !OGR_G_IsEmpty(ag) ? geos_from_ogr(h, ag) : NULL;
            GEOSGeometry *edge = area ? GEOSBoundary_r(h, area) : NULL;
            const GEOSPreparedGeometry *pa = area ? GEOSPrepare_r(h, area) : NULL;
            OGR_F_Destroy(af);
            snprintf(suffix, sizeof suffix, "c%d", tiers[t]);
            fname(nc, sizeof nc, cats[k], suffix);
            OGRFeatureH f;
            OGR_L_ResetReading(est);
            while ((f = OGR_L_GetNextFeature(est)) != NULL) {
                double c = get_double(f, nc);
                assert_true(c == 0 || c == 1);
                GEOSGeometry *p = geos_from_ogr(h, OGR_F_GetGeometryRef(f));
                double d = INFINITY;
                if (edge) assert_int_equal(GEOSDistance_r(h, p, edge, &d), 1);
                int in = pa && GEOSPreparedContains_r(h, pa, p) == 1;
                if (d <= 0.5) {
                    (*near)++;
                } else if (in != (c == 1)) {
                    fail_msg("estate %s: %s = %g, but the point is %s the walking service area "
                             "(%.2f m from its edge)", get_str(f, "id"), nc, c,
                             in ? "inside" : "outside", d);
                } else {
                    cases++, inside += in;
                }
                GEOSGeom_destroy_r(h, p);
                OGR_F_Destroy(f);
            }
            if (pa) GEOSPreparedGeom_destroy_r(h, pa);
            if (edge) GEOSGeom_destroy_r(h, edge);
            if (area) GEOSGeom_destroy_r(h, area);
        }
    OGR_L_SetAttributeFilter(sa, NULL);
    GEOS_finish_r(h);
    GDALClose(ds);
    if (getenv("LC_E2E_VERBOSE"))
        print_message("  walking k_c of points: %lld cases, %lld inside\n", cases, inside);
    return cases;
}

/* How often `needle` occurs in `hay`. */
static int occurrences(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

/* The sample's estates as points (their points on surface) through `run` with the network:
 * exit 0, bundles said once to need boundaries and nothing of them written, the estates
 * points in every format, k_d as GEOS measures it, k_w and the walking gaps as the reference
 * walks them (the point as a polygon of no area), walking k_c as the written service areas
 * hold the points, the area shares null, styles and report drawing dots; straight line
 * (coverage without network) k_c = 1 - k_g; `site` from points suggests estates' own points. */
void test_point_estates(void **state)
{
    (void)state;
    char pts[PATHLEN], out[PATHLEN], net[PATHLEN], buf[LOGLEN];
    tmp_path(pts, "points.geojson");
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    assert_int_equal(points_of(E.estates, NULL, NULL, pts), SAMPLE_ESTATES);
    tmp_path(out, "points-run");
    int rc = run_cli("run", "--estates", pts, "--facilities", E.facilities, "--facilities-srs",
                     "GCJ02", "--network", net, "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("point run exited %d:\n%s", rc, g_log);
    assert_int_equal(occurrences(g_log, "bundles need estate boundaries; the estates are points: "
                                        "no bundles"), 1);
    assert_contains(g_log, "the estates are points: distances are measured from the point");
    assert_counts(out, "counts.estates", "read=303 written=303 repaired=0 skipped=0");
    assert_false(file_exists(path_in(out, "bundles.geojson")) || file_exists(path_in(out, "bundles.shp")));
    vlayer b = {open_vector(path_in(out, "lifecircle.gpkg"), "GPKG"), NULL};
    assert_null(GDALDatasetGetLayerByName(b.ds, "bundles"));
    assert_null(GDALDatasetGetLayerByName(b.ds, "adjacency"));
    close_layer(&b);
    assert_point_outputs(out, SAMPLE_ESTATES);
    assert_int_equal(assert_point_kd(out, SAMPLE_CATS, NCATS), NCATS * SAMPLE_ESTATES);
    westates w;
    wstats st = verify_walk(out, net, NULL, SAMPLE_CATS, NCATS, &WALK_DEFAULTS, &w, NULL);
    assert_int_equal(st.pairs, NCATS * SAMPLE_ESTATES);
    assert_int_equal(w.without_access, 3); /* the sentinels S1-S3, 3 km away */
    assert_true(w.by_fallback > 0);        /* points farther than access_snap from a vertex */
    assert_true(st.with_w > NCATS * SAMPLE_ESTATES / 3);
    long long near;
    long long cases = assert_point_walk_cover(out, SAMPLE_CATS, NCATS, &near);
    assert_true(cases + near == 2 * NCATS * SAMPLE_ESTATES && near * 100 < cases);
    print_message("point estates, sample: %lld k_d against GEOS, %lld k_w against the reference "
                  "(%zu by point snapped, %zu without access; max deviation %.2g m), %lld walking "
                  "k_c against the service areas (%lld within 0.5 m of their edge)\n",
                  (long long)(NCATS * SAMPLE_ESTATES), st.with_w, w.by_fallback, w.without_access,
                  st.max_dev, cases, near);
    free_westates(&w);
    /* shares of area have no area to count: null in summary.csv; the shares of estates stay */
    assert_true(read_file(path_in(out, "summary.csv"), buf, sizeof buf) > 0);
    assert_contains(buf, "share5,share10,pshare5,pshare10,ashare5,ashare10");
    assert_contains(buf, "\nTOTAL,elder,303,");
    char *total = strstr(buf, "\nTOTAL,elder,303,");
    char *eol = strchr(total + 1, '\n');
    const char *ashare5 = total + 1; /* the 12th field: after 11 commas */
    for (int i = 0; i < 11 && ashare5; i++) ashare5 = strchr(ashare5, ',') ? strchr(ashare5, ',') + 1 : NULL;
    assert_true(eol && ashare5 && ashare5 < eol && !strncmp(ashare5, ",,", 2)); /* ashare5, 10 */
    /* styles: dots coloured by the gap rule; the project says the layer is points */
    assert_true(read_file(path_in(out, "estates.qml"), buf, sizeof buf) > 0);
    assert_int_equal(occurrences(buf, "<symbol type=\"marker\""), 3);
    assert_contains(buf, "&quot;elder_g5&quot; = 1 AND &quot;elder_g10&quot; = 0");
    assert_true(read_file(path_in(out, "lifecircle.qgs"), buf, sizeof buf) > 0);
    char *estates_layer = strstr(buf, "<id>lifecircle_estates</id>");
    assert_non_null(estates_layer);
    char *open_tag = estates_layer;
    while (open_tag > buf && strncmp(open_tag, "<maplayer", 9)) open_tag--;
    assert_int_equal(strncmp(open_tag, "<maplayer type=\"vector\" geometry=\"Point\"", 40), 0);
    /* the report: a dot per estate (radius 3 px) and the note */
    assert_true(read_file(path_in(out, "report.html"), buf, sizeof buf) > 0);
    assert_true(occurrences(buf, "a3 3 0 1 0 6 0a3 3 0 1 0 -6 0Z") >= SAMPLE_ESTATES);
    assert_contains(buf, "小区为点数据");
    assert_counts(out, "counts.estates", "geometry=\"point\"");
    /* straight line: a point is covered exactly where it has no gap, and the gap is k_d > r */
    tmp_path(out, "points-line");
    rc = run_cli("coverage", "--estates", pts, "--facilities", E.facilities, "--facilities-srs",
                 "GCJ02", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("straight-line point run exited %d:\n%s", rc, g_log);
    assert_false(strstr(g_log, "bundles need estate boundaries")); /* coverage makes none */
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    long long covered = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        for (int k = 0; k < NCATS; k++) {
            char nd[32], nc[32], ng[32];
            static const char *const cs[2] = {"c5", "c10"}, *const gs[2] = {"g5", "g10"};
            static const double r[2] = {300, 500};
            fname(nd, sizeof nd, SAMPLE_CATS[k], "d");
            for (int t = 0; t < 2; t++) {
                fname(nc, sizeof nc, SAMPLE_CATS[k], cs[t]), fname(ng, sizeof ng, SAMPLE_CATS[k], gs[t]);
                double c = get_double(f, nc), d = get_double(f, nd);
                assert_true(c == 1 - (double)get_int(f, ng));
                if (fabs(d - r[t]) > 1e-3) assert_int_equal(get_int(f, ng), !(d <= r[t]));
                covered += c == 1;
            }
        }
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    assert_true(covered > 0 && covered < 2 * NCATS * SAMPLE_ESTATES);
    /* siting from points: the default candidates are the uncovered estates' own points */
    tmp_path(out, "points-site");
    rc = run_cli("site", "--estates", pts, "--facilities", E.facilities, "--facilities-srs",
                 "GCJ02", "--category", "elder", "--tier", "5", "--count", "5", "-o", out,
                 (const char *)NULL);
    if (rc != 0) fail_msg("site from points exited %d:\n%s", rc, g_log);
    vlayer sl = open_layer(path_in(out, "lifecircle.gpkg"), "sites");
    vlayer el = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    assert_int_equal(count_features(sl.lyr), 5);
    while ((f = OGR_L_GetNextFeature(sl.lyr)) != NULL) {
        OGRFeatureH e = find_feature(el.lyr, "id", get_str(f, "candidate"));
        assert_int_equal(get_int(e, "elder_g5"), 1); /* uncovered before */
        OGRGeometryH sp = OGR_F_GetGeometryRef(f), ep = OGR_F_GetGeometryRef(e);
        assert_near(OGR_G_GetX(sp, 0), OGR_G_GetX(ep, 0), 1e-6);
        assert_near(OGR_G_GetY(sp, 0), OGR_G_GetY(ep, 0), 1e-6);
        assert_true(get_double(f, "marginal") > 0);
        OGR_F_Destroy(e);
        OGR_F_Destroy(f);
    }
    close_layer(&el);
    close_layer(&sl);
}

/* Point estates into PostGIS: the estates table holds points (its geometry column typed so),
 * no bundle tables, the rest as the folder has it. */
void test_pg_point_estates(void **state)
{
    (void)state;
    require_pg();
    char pts[PATHLEN], out[PATHLEN];
    tmp_path(pts, "pg-points.geojson");
    assert_int_equal(points_of(E.estates, NULL, NULL, pts), SAMPLE_ESTATES);
    tmp_path(out, "pg-points");
    int rc = run_pg(pts, out, NULL, "lc_points");
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(occurrences(g_log, "bundles need estate boundaries"), 1);
    assert_int_equal(pg_value("SELECT count(*) FROM lc_points.estates WHERE "
                              "GeometryType(geom) = 'POINT'"), SAMPLE_ESTATES);
    assert_int_equal(pg_value("SELECT count(*) FROM geometry_columns WHERE f_table_schema = "
                              "'lc_points' AND f_table_name = 'estates' AND type = 'POINT'"), 1);
    assert_int_equal(pg_value("SELECT count(*) FROM information_schema.tables WHERE "
                              "table_schema = 'lc_points' AND table_name IN ('bundles', "
                              "'adjacency')"), 0);
    assert_int_equal(pg_value("SELECT count(*) FROM lc_points.sites"), 5);
}

/* A real Chinese extract's residential areas as points (Shanghai Siping, Beijing Wudaokou),
 * run with the same .osm as network and facilities: exit 0, bundles said once, k_d against
 * GEOS and k_w against the reference over the OSM lines the engine reads, walking k_c against
 * the service areas. */
void test_point_estates_real(void **state)
{
    (void)state;
    static const char *const folder[2] = {"osm-shanghai-siping", "osm-beijing-wudaokou"};
    static const char *const file[2] = {"shanghai_siping_tongji_2025.osm",
                                        "beijing_wudaokou_cau_2026.osm"};
    static const char *const sql = "SELECT highway, hstore_get_value(other_tags,'foot') AS foot, "
                                   "hstore_get_value(other_tags,'access') AS access FROM lines "
                                   "WHERE highway IS NOT NULL";
    for (int i = 0; i < 2; i++) {
        char src[PATHLEN], pts[PATHLEN], out[PATHLEN], name[64], cats[16][8];
        snprintf(src, sizeof src, "%s", real_file(folder[i], file[i]));
        snprintf(name, sizeof name, "points-%d.geojson", i);
        tmp_path(pts, name);
        long long n = points_of(src, "multipolygons", "landuse='residential'", pts);
        assert_true(n >= 10);
        snprintf(name, sizeof name, "points-real-%d", i);
        tmp_path(out, name);
        int rc = run_cli("run", "--estates", pts, "--facilities", src, "--network", src, "-o",
                         out, (const char *)NULL);
        if (rc != 0) fail_msg("%s as points exited %d:\n%s", folder[i], rc, g_log);
        assert_int_equal(occurrences(g_log, "bundles need estate boundaries"), 1);
        assert_point_outputs(out, n);
        size_t ncats = walk_categories(out, cats, 16);
        const char *names[16];
        for (size_t k = 0; k < ncats; k++) names[k] = cats[k];
        assert_true(ncats > 0);
        long long kd = assert_point_kd(out, names, ncats);
        westates w;
        wgraph g;
        wstats st = verify_walk(out, src, sql, names, ncats, &WALK_DEFAULTS, &w, &g);
        json_object *rec = run_record(out);
        assert_int_equal(rec_int(rec, "counts.network.graph_nodes"), g.n);
        assert_int_equal(rec_int(rec, "counts.network.graph_edges"), g.e);
        json_object_put(rec);
        assert_int_equal(st.pairs, (long long)(ncats * (size_t)n));
        long long near;
        long long cases = assert_point_walk_cover(out, names, ncats, &near);
        assert_int_equal(cases + near, 2 * (long long)ncats * n);
        print_message("point estates, %s: %lld points, %zu categories; %lld k_d against GEOS, "
                      "%lld k_w against the reference (%zu by point snapped, %zu without access; "
                      "max deviation %.2g m), %lld walking k_c (%lld near an edge)\n",
                      folder[i], n, ncats, kd, st.with_w, w.by_fallback, w.without_access,
                      st.max_dev, cases, near);
        free_westates(&w);
        wgraph_free(&g);
    }
}
