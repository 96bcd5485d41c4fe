/*
 * test_datum.c — the datum check (model/datumcheck.c) on hand-made networks in UTM zone 51N
 * (Shanghai): nine points lie on nine 2 m streets 3 km apart, so a point read in the wrong
 * datum lies its shift (0.5–1.2 km) from its own street and farther from every other one.
 * The points are written in WGS84, GCJ-02 (cnshift's forward formula) or BD-09 and always
 * presented as WGS84 longitude/latitude, as a crawler's table is; the check must name the
 * datum that puts them back on their streets, with the three medians, and stay silent for
 * true WGS84, points outside China, a layer whose datum is given, and a projected layer.
 * The rule's two thresholds are tested at their boundaries on lc_datum_verdict.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lc_test.h"
#include "lc_layout.h"
#include "model/datumcheck.h"

#define NPTS 9
/* The streets' centres, UTM 51N: around 121.47 E, 31.24 N, 3 km apart. */
#define X0 355000.0
#define Y0 3457000.0
#define STEP 3000.0

static char *g_work;  /* WKT of EPSG:32651 */
static char g_log[8192];
static size_t g_nwarn;

static void capture(void *ud, lc_log_level level, const char *msg)
{
    (void)ud;
    if (level != LC_LOG_WARN) return;
    g_nwarn++;
    snprintf(g_log, sizeof g_log, "%s", msg);
}

static int setup(void **state)
{
    if (lc_test_ctx_setup(state)) return -1;
    lc_ctx *ctx = *state;
    char name[64];
    if (lc_crs_working(ctx, "EPSG:32651", 0, 0, &g_work, name, sizeof name)) return -1;
    lc_ctx_set_log(ctx, capture, NULL, LC_LOG_WARN);
    return 0;
}

static int teardown(void **state)
{
    lc_free(g_work);
    return lc_test_ctx_teardown(state);
}

static void point_xy(int i, double *x, double *y)
{
    *x = X0 + STEP * (i % 3);
    *y = Y0 + STEP * (i / 3);
}

/* Nine streets 2 m long, one through each point (east-west). */
static lc_graph *nine_streets(lc_ctx *ctx)
{
    char wkt[1024] = "MULTILINESTRING(";
    for (int i = 0; i < NPTS; i++) {
        double x, y;
        point_xy(i, &x, &y);
        size_t n = strlen(wkt);
        snprintf(wkt + n, sizeof wkt - n, "%s(%.1f %.1f,%.1f %.1f)", i ? "," : "", x - 1, y,
                 x + 1, y);
    }
    strcat(wkt, ")");
    return street(ctx, wkt);
}

/* The true WGS84 lon/lat of point i. */
static void point_lonlat(lc_ctx *ctx, int i, double *lon, double *lat)
{
    lc_xform *back;
    assert_int_equal(lc_xform_create(ctx, g_work, LC_SHIFT_NONE, "EPSG:4326", &back), LC_OK);
    point_xy(i, lon, lat);
    assert_true(lc_xform_point(back, lon, lat));
    lc_xform_destroy(back);
}

/* Point i written in `datum` (forward formulas), as a table would hold it. */
static void written(lc_ctx *ctx, int i, lc_cnshift datum, double *lon, double *lat)
{
    point_lonlat(ctx, i, lon, lat);
    if (datum == LC_SHIFT_GCJ02) lc_wgs84_to_gcj02(*lon, *lat, lon, lat);
    if (datum == LC_SHIFT_BD09) lc_wgs84_to_bd09(*lon, *lat, lon, lat);
}

/* How far point i written in `datum` lies from its true place when read as `read` (m, in
 * the working CRS): the distance the check should find, up to the street's half length. */
static double offset_m(lc_ctx *ctx, int i, lc_cnshift datum, lc_cnshift read)
{
    double lon, lat, x, y;
    written(ctx, i, datum, &lon, &lat);
    lc_xform *x4326;
    assert_int_equal(lc_xform_create(ctx, "EPSG:4326", read, g_work, &x4326), LC_OK);
    assert_true(lc_xform_point(x4326, &lon, &lat));
    lc_xform_destroy(x4326);
    point_xy(i, &x, &y);
    return hypot(lon - x, lat - y);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_offset(lc_ctx *ctx, lc_cnshift datum, lc_cnshift read)
{
    double d[NPTS];
    for (int i = 0; i < NPTS; i++) d[i] = offset_m(ctx, i, datum, read);
    qsort(d, NPTS, sizeof *d, cmp_d);
    return d[NPTS / 2];
}

/* A source layer of n points (lon, lat pairs) with CRS `wkt` (NULL: none). */
static lc_source_layer *points_layer(lc_ctx *ctx, const double *ll, size_t n, const char *wkt)
{
    lc_source_layer *src = lc_calloc(1, sizeof *src);
    src->desc = lc_strdup("pois.geojson:pois");
    src->srs_wkt = wkt ? lc_strdup(wkt) : NULL;
    src->table = lc_table_create();
    for (size_t i = 0; i < n; i++) {
        size_t row;
        assert_int_equal(lc_table_add_row(src->table, (int64_t)i + 1, &row), LC_OK);
        GEOSGeometry *p = GEOSGeom_createPointFromXY_r(ctx->geos, ll[2 * i], ll[2 * i + 1]);
        unsigned char *wkb;
        size_t len;
        assert_int_equal(lc_geom_to_wkb(ctx, p, &wkb, &len), LC_OK);
        GEOSGeom_destroy_r(ctx->geos, p);
        lc_table_set_wkb(src->table, row, wkb, len);
    }
    return src;
}

/* The nine points written in `datum`, read through a layer in WGS84 (or with `srs`), checked
 * on the nine streets. Returns the warnings given. */
static size_t check_written(lc_ctx *ctx, lc_cnshift datum, const char *srs, lc_datum_result *r)
{
    double ll[2 * NPTS];
    for (int i = 0; i < NPTS; i++) written(ctx, i, datum, &ll[2 * i], &ll[2 * i + 1]);
    lc_source_layer *src = points_layer(ctx, ll, NPTS, "EPSG:4326");
    lc_datum_sample smp = {0};
    assert_int_equal(lc_datum_sample_take(ctx, src, srs, "--facilities-srs", &smp), LC_OK);
    lc_graph *g = nine_streets(ctx);
    size_t before = g_nwarn;
    g_log[0] = '\0';
    assert_int_equal(lc_datum_check(ctx, g, g_work, &smp, r), LC_OK);
    lc_graph_destroy(g);
    lc_datum_sample_clear(&smp);
    lc_source_layer_destroy(src);
    return g_nwarn - before;
}

/* GCJ-02 numbers presented as WGS84: read as given they are ~0.5 km off their streets, read
 * as GCJ-02 on them; the warning names --facilities-srs GCJ02 and the three medians. */
static void gcj02_points_warn(void **state)
{
    lc_ctx *ctx = *state;
    lc_datum_result r;
    assert_int_equal(check_written(ctx, LC_SHIFT_GCJ02, NULL, &r), 1);
    double given = median_offset(ctx, LC_SHIFT_GCJ02, LC_SHIFT_NONE);
    double as_bd = median_offset(ctx, LC_SHIFT_GCJ02, LC_SHIFT_BD09);
    assert_true(given > 400 && given < 600); /* the GCJ-02 offset in Shanghai */
    assert_int_equal(r.points, NPTS);
    assert_float_equal(r.median_m[0], given, 1.0); /* within the street's half length */
    assert_float_equal(r.median_m[1], 0, 0.01);
    assert_float_equal(r.median_m[2], as_bd, 1.0);
    assert_string_equal(r.likely, "GCJ02");
    assert_string_equal(r.flag, "--facilities-srs");
    assert_null(r.skipped);
    assert_non_null(strstr(g_log, "--facilities-srs GCJ02"));
    assert_non_null(strstr(g_log, "pois.geojson:pois"));
    char medians[128];
    snprintf(medians, sizeof medians, "%.0f m from the nearest walkable edge as given, 0 m read "
             "as GCJ-02 and %.0f m read as BD-09", r.median_m[0], r.median_m[2]);
    assert_non_null(strstr(g_log, medians));
}

/* BD-09 numbers: as given ~1.1 km off, as GCJ-02 still off (the BD-09 step), as BD-09 on. */
static void bd09_points_warn(void **state)
{
    lc_ctx *ctx = *state;
    lc_datum_result r;
    assert_int_equal(check_written(ctx, LC_SHIFT_BD09, NULL, &r), 1);
    double given = median_offset(ctx, LC_SHIFT_BD09, LC_SHIFT_NONE);
    double as_gcj = median_offset(ctx, LC_SHIFT_BD09, LC_SHIFT_GCJ02);
    assert_true(given > 1000 && given < 1300);
    assert_true(as_gcj > 500);
    assert_float_equal(r.median_m[0], given, 1.0);
    assert_float_equal(r.median_m[1], as_gcj, 1.0);
    assert_float_equal(r.median_m[2], 0, 0.01);
    assert_string_equal(r.likely, "BD09");
    assert_non_null(strstr(g_log, "--facilities-srs BD09"));
}

/* True WGS84: on the streets as given; read as GCJ-02 or BD-09 they would move off. */
static void wgs84_points_silent(void **state)
{
    lc_ctx *ctx = *state;
    lc_datum_result r;
    assert_int_equal(check_written(ctx, LC_SHIFT_NONE, NULL, &r), 0);
    assert_float_equal(r.median_m[0], 0, 0.01);
    assert_float_equal(r.median_m[1], median_offset(ctx, LC_SHIFT_NONE, LC_SHIFT_GCJ02), 1.0);
    assert_float_equal(r.median_m[2], median_offset(ctx, LC_SHIFT_NONE, LC_SHIFT_BD09), 1.0);
    assert_true(r.median_m[1] > 400);
    assert_null(r.likely);
}

/* BD-09 numbers with --facilities-srs BD09 given: nothing to measure, no warning. */
static void datum_given_not_measured(void **state)
{
    lc_ctx *ctx = *state;
    lc_datum_result r;
    assert_int_equal(check_written(ctx, LC_SHIFT_BD09, "BD09", &r), 0);
    assert_string_equal(r.skipped, "datum given: BD09");
    assert_true(isnan(r.median_m[0]) && isnan(r.median_m[1]) && isnan(r.median_m[2]));
    assert_int_equal(r.points, 0);
    assert_null(r.likely);
    assert_int_equal(check_written(ctx, LC_SHIFT_GCJ02, "gcj-02", &r), 0);
    assert_string_equal(r.skipped, "datum given: GCJ02");
}

/* Points outside China (GCJ-02 is the identity there: nothing could be shifted), a
 * projected layer, and a layer of two points are not measured, and say why. */
static void not_measured_layers(void **state)
{
    lc_ctx *ctx = *state;
    const double europe[6] = {10.0, 50.0, 10.01, 50.01, 10.02, 50.0};
    const double projected[6] = {X0, Y0, X0 + STEP, Y0, X0, Y0 + STEP};
    const double two[4] = {121.47, 31.24, 121.48, 31.24};
    const double mixed[8] = {10.0, 50.0, 121.47, 31.24, 121.48, 31.24, 121.49, 31.24};
    struct {
        const double *ll;
        size_t n;
        const char *wkt, *why;
        size_t measured;
    } cases[] = {{europe, 3, "EPSG:4326", "no point inside China", 0},
                 {projected, 3, "EPSG:32651", "not longitude/latitude", 0},
                 {two, 2, "OGC:CRS84", "fewer than 3 points inside China", 0},
                 {mixed, 4, "OGC:CRS84", NULL, 3}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        lc_source_layer *src = points_layer(ctx, cases[k].ll, cases[k].n, cases[k].wkt);
        lc_datum_sample smp = {0};
        assert_int_equal(lc_datum_sample_take(ctx, src, NULL, "--candidates-srs", &smp), LC_OK);
        assert_true(smp.taken);
        if (cases[k].why) assert_string_equal(smp.skipped, cases[k].why);
        else assert_null(smp.skipped);
        assert_int_equal(smp.skipped ? 0 : smp.n, cases[k].measured);
        lc_datum_sample_clear(&smp);
        lc_source_layer_destroy(src);
    }
}

/* A layer of 5,000 points is measured on 2,000: rows floor(k * 5000 / 2000). */
static void large_layer_sampled(void **state)
{
    lc_ctx *ctx = *state;
    enum { N = 5000 };
    static double ll[2 * N];
    for (size_t i = 0; i < N; i++) ll[2 * i] = 121.4 + 1e-5 * (double)i, ll[2 * i + 1] = 31.2;
    lc_source_layer *src = points_layer(ctx, ll, N, "EPSG:4326");
    lc_datum_sample smp = {0};
    assert_int_equal(lc_datum_sample_take(ctx, src, NULL, "--estates-srs", &smp), LC_OK);
    assert_int_equal(smp.n, LC_DATUM_SAMPLE_MAX);
    for (size_t k = 0; k < smp.n; k += 333)
        assert_float_equal(smp.ll[2 * k], ll[2 * (k * N / LC_DATUM_SAMPLE_MAX)], 0);
    assert_float_equal(smp.ll[2 * 1], ll[2 * 2], 0);  /* k = 1: row 2 */
    assert_float_equal(smp.ll[2 * 3], ll[2 * 7], 0);  /* k = 3: row 7 */
    lc_datum_sample_clear(&smp);
    lc_source_layer_destroy(src);
}

/* A polygon's point is the first vertex of its exterior ring (on its boundary), a line's its
 * start: a boundary along a street is on it, while the middle of the block is not. */
static void polygon_first_vertex(void **state)
{
    lc_ctx *ctx = *state;
    lc_source_layer *src = points_layer(ctx, NULL, 0, "EPSG:4326");
    const char *wkts[] = {
        "POLYGON((121.47 31.24,121.48 31.24,121.48 31.25,121.47 31.25,121.47 31.24))",
        "MULTIPOLYGON(((121.49 31.26,121.50 31.26,121.50 31.27,121.49 31.26)))",
        "LINESTRING(121.51 31.28,121.52 31.28)"};
    for (size_t i = 0; i < 3; i++) {
        size_t row;
        assert_int_equal(lc_table_add_row(src->table, (int64_t)i + 1, &row), LC_OK);
        GEOSGeometry *g = lc_test_wkt(ctx, wkts[i]);
        unsigned char *wkb;
        size_t len;
        assert_int_equal(lc_geom_to_wkb(ctx, g, &wkb, &len), LC_OK);
        GEOSGeom_destroy_r(ctx->geos, g);
        lc_table_set_wkb(src->table, row, wkb, len);
    }
    lc_datum_sample smp = {0};
    assert_int_equal(lc_datum_sample_take(ctx, src, NULL, "--estates-srs", &smp), LC_OK);
    assert_int_equal(smp.n, 3);
    const double want[6] = {121.47, 31.24, 121.49, 31.26, 121.51, 31.28};
    for (int k = 0; k < 6; k++) assert_float_equal(smp.ll[k], want[k], 0);
    lc_datum_sample_clear(&smp);
    lc_source_layer_destroy(src);
}

/* The nearest edge by doubling boxes: an edge 650 m off diagonally, whose box a query box
 * meets while the edge itself is still beyond that box's half side, beats one 700 m due
 * east; beyond 2,000 m the distance is the cap. */
static void nearest_edge_bounded(void **state)
{
    lc_ctx *ctx = *state;
    double c = 650 / sqrt(2.0);
    char wkt[256];
    snprintf(wkt, sizeof wkt, "MULTILINESTRING((700 -5,700 5),(%.9f %.9f,%.9f %.9f),"
             "(5000 0,5010 0))", c - 10, c + 10, c + 10, c - 10);
    lc_graph *g = street(ctx, wkt);
    assert_float_equal(lc_datum_edge_dist(g, 0, 0), 650, 1e-6);
    assert_float_equal(lc_datum_edge_dist(g, 1234.5, 0), 534.5, 1e-6);
    assert_float_equal(lc_datum_edge_dist(g, 5005, 1700), 1700, 1e-6);
    assert_float_equal(lc_datum_edge_dist(g, 5005, 2100), LC_DATUM_CAP_M, 0);
    assert_float_equal(lc_datum_edge_dist(g, -40000, 0), LC_DATUM_CAP_M, 0);
    lc_graph_destroy(g);
}

/* The rule at its boundaries: below half (strictly) and at least 30 m smaller (inclusive). */
static void verdict_boundaries(void **state)
{
    (void)state;
    assert_int_equal(lc_datum_verdict(100, 50, 1000), LC_SHIFT_NONE);    /* exactly half */
    assert_int_equal(lc_datum_verdict(100, 49.999, 1000), LC_SHIFT_GCJ02);
    assert_int_equal(lc_datum_verdict(59, 29, 1000), LC_SHIFT_GCJ02);    /* exactly 30 m */
    assert_int_equal(lc_datum_verdict(59, 29.25, 1000), LC_SHIFT_NONE);  /* 29.75 m */
    assert_int_equal(lc_datum_verdict(59, 1000, 29), LC_SHIFT_BD09);
    assert_int_equal(lc_datum_verdict(100, 1000, 50), LC_SHIFT_NONE);
    assert_int_equal(lc_datum_verdict(50, 20, 10), LC_SHIFT_BD09);        /* both: smaller */
    assert_int_equal(lc_datum_verdict(1000, 5, 100), LC_SHIFT_GCJ02);
    assert_int_equal(lc_datum_verdict(1000, 5, 5), LC_SHIFT_GCJ02);      /* tie: GCJ-02 */
    assert_int_equal(lc_datum_verdict(20, 0, 0), LC_SHIFT_NONE);         /* < 30 m apart */
    assert_int_equal(lc_datum_verdict(2000, 2000, 2000), LC_SHIFT_NONE); /* all capped */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gcj02_points_warn),
        cmocka_unit_test(bd09_points_warn),
        cmocka_unit_test(wgs84_points_silent),
        cmocka_unit_test(datum_given_not_measured),
        cmocka_unit_test(not_measured_layers),
        cmocka_unit_test(large_layer_sampled),
        cmocka_unit_test(polygon_first_vertex),
        cmocka_unit_test(nearest_edge_bounded),
        cmocka_unit_test(verdict_boundaries),
    };
    return cmocka_run_group_tests_name("datum", tests, setup, teardown);
}
