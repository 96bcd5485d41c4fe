/*
 * test_points.c — estates given as points (user guide, Estates as points), each case worked out
 * by hand: a point layer read (a MultiPoint of one point taken, of two skipped, a polygon in
 * it skipped; a polygon layer with a stray point as before; lines refused), straight-line
 * k_d, k_c and k_g at exactly r and just beyond, the priority score, walking access points
 * (vertices within access_snap, else the edge snap within max_snap) and k_w, walking k_c on
 * either side of the service area's boundary and against the drawn polygon, and 2SFCA on two
 * point estates and two facilities, straight line and walking.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lc_layout.h"
#include "lc_scratch.h"
#include "cover/access.h"
#include "cover/priority.h"
#include "cover/reach.h"
#include "cover/walkarea.h"

static int setup(void **state)
{
    return lc_scratch_setup(state, "/tmp/lc-points-XXXXXX", LC_LOG_NOTE);
}

static int teardown(void **state)
{
    return lc_scratch_teardown(state);
}

#define CRS4548 "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4548\"}},"
#define FEATURE(id, geom) "{\"type\":\"Feature\",\"properties\":{\"id\":\"" id "\",\"elderly\":10}," \
                          "\"geometry\":" geom "}"
#define POINT(x, y) "{\"type\":\"Point\",\"coordinates\":[" #x "," #y "]}"
#define SQUARE(x) "{\"type\":\"Polygon\",\"coordinates\":[[[" #x "000,4300000],[" #x "100,4300000]," \
                  "[" #x "100,4300100],[" #x "000,4300100],[" #x "000,4300000]]]}"

static lc_status load(lc_ctx *ctx, const char *estates, lc_dataset **ds, lc_load_counts *sum)
{
    lc_options *o = lc_options_create();
    lc_options_set(ctx, o, "estates", lc_scratch_write("e.geojson", estates), LC_SRC_FLAG);
    lc_options_set(ctx, o, "facilities",
                   lc_scratch_write("f.csv", "id,category,WKT\nf1,养老院,POINT (500050 4300050)\n"),
                   LC_SRC_FLAG);
    lc_options_set(ctx, o, "facilities_srs", "EPSG:4548", LC_SRC_FLAG);
    lc_status st = lc_scratch_load(ctx, o, ds, sum);
    lc_options_destroy(o);
    return st;
}

/* A layer of mostly points: the points (and the MultiPoint of one) are the estates, a point
 * box and no area; the MultiPoint of two and the polygon are skipped with their reasons, and
 * the mix is said once. read = written + skipped. */
static void point_layer_read(void **state)
{
    lc_ctx *ctx = *state;
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(load(ctx, "{\"type\":\"FeatureCollection\"," CRS4548 "\"features\":["
                               FEATURE("P1", POINT(500050, 4300050)) ","
                               FEATURE("P2", "{\"type\":\"MultiPoint\",\"coordinates\":[[500150,4300050]]}") ","
                               FEATURE("P3", "{\"type\":\"MultiPoint\",\"coordinates\":[[500250,4300050],"
                                             "[500260,4300050]]}") ","
                               FEATURE("Q", SQUARE(501)) ","
                               FEATURE("P5", POINT(500350, 4300050)) "]}", &ds, &sum),
                     LC_OK);
    assert_true(ds->points);
    assert_int_equal(sum.res.estates_read, 5);
    assert_int_equal(sum.res.estates_used, 3);
    assert_int_equal(sum.res.estates_skipped, 2);
    assert_int_equal(sum.res.estates_points, 1);
    static const double x[3] = {500050, 500150, 500350};
    for (size_t i = 0; i < 3; i++) {
        const lc_estate *e = &ds->est[i];
        assert_true(e->point);
        assert_int_equal(GEOSGeomTypeId_r(ctx->geos, e->geom), GEOS_POINT);
        assert_float_equal(e->area_m2, 0, 0);
        assert_int_equal(e->rings.nrings, 0);
        assert_float_equal(e->minx, x[i], 1e-9);
        assert_float_equal(e->maxx, x[i], 1e-9);
        assert_float_equal(e->miny, 4300050, 1e-9);
        assert_float_equal(e->maxy, 4300050, 1e-9);
        assert_float_equal(e->elderly, 10, 0);
    }
    assert_string_equal(ds->est[1].id, "P2");
    assert_non_null(strstr(logbuf, "mixes points (4) and polygons (1); the estates are the "
                                   "points, and the polygons are skipped (the first: "));
    assert_non_null(strstr(logbuf, "feature 2 is a MultiPoint of several points"));
    assert_non_null(strstr(logbuf, "feature 3 is not a point"));
    assert_non_null(strstr(logbuf, "the estates are points"));
    lc_dataset_destroy(ds);
}

/* Mostly polygons: the stray point is skipped as before ("not a polygon"), no point estate;
 * so is a tie. */
static void polygon_layer_with_a_point(void **state)
{
    lc_ctx *ctx = *state;
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(load(ctx, "{\"type\":\"FeatureCollection\"," CRS4548 "\"features\":["
                               FEATURE("A", SQUARE(500)) "," FEATURE("P", POINT(500050, 4300050))
                               "," FEATURE("B", SQUARE(501)) "]}", &ds, &sum),
                     LC_OK);
    assert_false(ds->points);
    assert_int_equal(sum.res.estates_used, 2);
    assert_int_equal(sum.res.estates_skipped, 1);
    assert_int_equal(sum.res.estates_points, 0);
    assert_false(ds->est[0].point || ds->est[1].point);
    assert_float_equal(ds->est[1].area_m2, 10000, 1e-6);
    assert_non_null(strstr(logbuf, "feature 1 is not a polygon or multipolygon; skipped"));
    assert_non_null(strstr(logbuf, "the estates are the polygons, and the points are skipped "
                                   "(the first: "));
    assert_null(strstr(logbuf, "the estates are points"));
    lc_dataset_destroy(ds);
    /* a tie is polygons, as every layer was read before points were */
    assert_int_equal(load(ctx, "{\"type\":\"FeatureCollection\"," CRS4548 "\"features\":["
                               FEATURE("P", POINT(500050, 4300050)) "," FEATURE("A", SQUARE(500))
                               "]}", &ds, &sum),
                     LC_OK);
    assert_false(ds->points);
    assert_int_equal(sum.res.estates_used, 1);
    assert_string_equal(ds->est[0].id, "A");
    lc_dataset_destroy(ds);
    /* lines are neither: the layer is refused, naming both kinds it could be */
    assert_int_equal(load(ctx, "{\"type\":\"FeatureCollection\"," CRS4548 "\"features\":["
                               FEATURE("L", "{\"type\":\"LineString\",\"coordinates\":[[500000,"
                                            "4300000],[500100,4300000]]}") "]}", &ds, &sum),
                     LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "the layer holds lines, but estates must be "
                                               "polygons or points"));
}

/* Straight line: facility (0, 0); points at 300 m exactly (180, 240), 300.001 m, 500 m
 * exactly and 500.001 m (r = 300, 500). k_d is the distance from the point; k_c is 1 exactly
 * where k_g is 0 (within r, inclusive). A second facility at (1000, 0) is the nearer one of
 * the point (700, 0). The priority score counts the point's elderly once per gap. */
static void straight_line_at_r(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_point_estate(ctx, &L, 180, 240);
    add_point_estate(ctx, &L, 180.0006, 240.0008);
    add_point_estate(ctx, &L, 0, 500);
    add_point_estate(ctx, &L, 0, 500.001);
    add_point_estate(ctx, &L, 700, 0);
    add_facility(ctx, &L, 0, 0);
    add_facility(ctx, &L, 1000, 0);
    for (size_t e = 0; e < L.ds.nest; e++) L.est[e].elderly = (double)(10 * (e + 1));
    lc_settings s = walk_settings(); /* r 300 and 500 */
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, &L.ds, &s.cover, 0, &cv), LC_OK);
    static const double d[5] = {300, 300.001, 500, 500.001, 300};
    static const int g5[5] = {0, 1, 1, 1, 0}, g10[5] = {0, 0, 0, 1, 0};
    for (size_t e = 0; e < 5; e++) {
        assert_float_equal(LC_COV_D(cv, 0, e), d[e], 1e-9);
        assert_int_equal(cv->g[LC_COV_IDX(cv, 0, 0, e)], g5[e]);
        assert_int_equal(cv->g[LC_COV_IDX(cv, 0, 1, e)], g10[e]);
        assert_float_equal(cv->c[LC_COV_IDX(cv, 0, 0, e)], 1 - g5[e], 0);
        assert_float_equal(cv->c[LC_COV_IDX(cv, 0, 1, e)], 1 - g10[e], 0);
    }
    assert_float_equal(LC_COV_D(cv, 0, 0), 300, 0); /* 3-4-5: exact in doubles */
    assert_int_equal(cv->multi_disc, 0);
    double p[5];
    lc_priority_scores(&s.access, &L.ds, cv, p);
    for (size_t e = 0; e < 5; e++)
        assert_float_equal(p[e], L.est[e].elderly * (g5[e] + g10[e]), 0);
    lc_cover_destroy(ctx, cv);
    layout_clear(ctx, &L);
}

#define STREET "LINESTRING(0 0,100 0,200 0,300 0,400 0,500 0,600 0,700 0,800 0,900 0,1000 0)"

/* Walking access of points on a 1 km street with vertices every 100 m, the facility 5 m
 * south of x = 0 (offset 5): (420, 20) has the vertex (400, 0) within 30 m, k_w = 5 + 400 +
 * √800; (450, 40) has none (the nearest 64 m off), so it is snapped onto the edge, 40 m:
 * 5 + 450 + 40; (600, 30) is exactly access_snap from (600, 0): 5 + 600 + 30; (700, 30.5) just
 * beyond it is snapped: 5 + 700 + 30.5; (450, 250) is beyond max_snap (200 m): no access. */
static void walking_access_points(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_point_estate(ctx, &L, 420, 20);
    add_point_estate(ctx, &L, 450, 40);
    add_point_estate(ctx, &L, 600, 30);
    add_point_estate(ctx, &L, 700, 30.5);
    add_point_estate(ctx, &L, 450, 250);
    add_facility(ctx, &L, 0, -5);
    lc_graph *g = street(ctx, STREET);
    lc_settings s = walk_settings();
    lc_walk *wk;
    logbuf[0] = '\0';
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, 1000, &wk), LC_OK);
    static const size_t nodes[5] = {1, 0, 1, 0, 0}, snaps[5] = {0, 1, 0, 1, 0};
    for (size_t e = 0; e < 5; e++) {
        assert_int_equal(wk->acc_off[e + 1] - wk->acc_off[e], nodes[e]);
        assert_int_equal(wk->eacc_off[e + 1] - wk->eacc_off[e], snaps[e]);
    }
    assert_int_equal(g->x[wk->acc[wk->acc_off[0]].node], 400);
    assert_float_equal(wk->acc[wk->acc_off[0]].offset_m, sqrt(800), 1e-12);
    assert_float_equal(wk->eacc[wk->eacc_off[1]].offset_m, 40, 1e-9);
    assert_float_equal(LC_WALK_W(wk, 0, 0), 405 + sqrt(800), 1e-9);
    assert_float_equal(LC_WALK_W(wk, 0, 1), 495, 1e-9);
    assert_float_equal(LC_WALK_W(wk, 0, 2), 635, 1e-9);
    assert_float_equal(LC_WALK_W(wk, 0, 3), 735.5, 1e-9);
    assert_true(isnan(LC_WALK_W(wk, 0, 4)));
    assert_int_equal(wk->est_no_access, 1);
    assert_non_null(strstr(logbuf, "no entrance, network vertex or edge within reach"));
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    layout_clear(ctx, &L);
}

/* Walking k_c of points: the facility (0, -5) reaches [0, 295] of the street at r = 300 and
 * [0, 495] at 500; the service area is that buffered by 50 m. (345, 0) is 50 m from the end
 * (295, 0): inside (closed); (345.001, 0) outside at 5 minutes, inside at 10; (150, 50) is
 * 50 m off the side: inside; (150, 50.001): outside at both. k_c is not k_g: (345, 0) walks
 * 350 m, a gap at 5 minutes, yet lies in the 5-minute area. The drawn polygon (16-gon arcs,
 * ±0.4 m) agrees wherever a point is 1 m from its edge: (344, 0) in, (346, 0) out. */
static void walking_share_of_points(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    static const double xy[6][2] = {{345, 0}, {345.001, 0}, {150, 50}, {150, 50.001},
                                    {344, 0}, {346, 0}};
    static const int c5[6] = {1, 0, 1, 0, 1, 0}, c10[6] = {1, 1, 1, 0, 1, 1};
    for (size_t i = 0; i < 6; i++) add_point_estate(ctx, &L, xy[i][0], xy[i][1]);
    add_facility(ctx, &L, 0, -5);
    lc_graph *g = street(ctx, STREET);
    lc_settings s = walk_settings();
    lc_walk *wk;
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, 500, &wk), LC_OK);
    lc_cover cv;
    memset(&cv, 0, sizeof cv);
    double c[12];
    unsigned char gap[12];
    cv.nest = 6, cv.ncat = 1, cv.ntiers = 2, cv.c = c, cv.g = gap;
    cv.radius_m[0] = 300, cv.radius_m[1] = 500, cv.tier_minutes[0] = 5, cv.tier_minutes[1] = 10;
    lc_walk_apply_gaps(&cv, wk);
    assert_int_equal(lc_walk_shares(ctx, &L.ds, g, wk, 50, &cv), LC_OK);
    for (size_t e = 0; e < 6; e++) {
        assert_float_equal(c[LC_COV_IDX(&cv, 0, 0, e)], c5[e], 0);
        assert_float_equal(c[LC_COV_IDX(&cv, 0, 1, e)], c10[e], 0);
    }
    assert_float_equal(LC_WALK_W(wk, 0, 0), 350, 1e-9); /* snapped onto the street: 5 + 345 */
    assert_int_equal(gap[LC_COV_IDX(&cv, 0, 0, 0)], 1);
    assert_int_equal(lc_walk_service_areas(ctx, g, wk, 50, &cv), LC_OK);
    GEOSGeometry *area = lc_geom_from_wkb(ctx, cv.walk_wkb[0], cv.walk_len[0]);
    assert_non_null(area);
    for (size_t e = 4; e < 6; e++)
        assert_int_equal(GEOSContains_r(ctx->geos, area, L.est[e].geom), c5[e]);
    GEOSGeom_destroy_r(ctx->geos, area);
    for (size_t i = 0; i < 2; i++) lc_free(cv.walk_wkb[i]);
    lc_free(cv.walk_wkb);
    lc_free(cv.walk_len);
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    layout_clear(ctx, &L);
}

/* 2SFCA by hand on two points and two facilities, r = 400: facility 0 (0, 0; 20 places)
 * reaches A (-300, 0; 100 people) and B (400, 0; 300 people) at exactly r; facility 1
 * (700, 0; 10 places) reaches B only. R_0 = 20 / 400, R_1 = 10 / 300; A_A = R_0,
 * A_B = R_0 + R_1; the 30 places are shared out. The same catchments walking, along a street
 * through all four (k_w = the distance along it). */
static void two_sfca_of_points(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_point_estate(ctx, &L, -300, 0);
    add_point_estate(ctx, &L, 400, 0);
    add_facility(ctx, &L, 0, 0);
    add_facility(ctx, &L, 700, 0);
    double xy[4] = {0, 0, 700, 0}, supply[2] = {20, 10}, demand[2] = {100, 300};
    double ratio[2], load[2], acc[2];
    bool all[2] = {true, true};
    lc_reach_sets rs;
    for (int walking = 0; walking < 2; walking++) {
        lc_graph *g = NULL;
        lc_walk *wk = NULL;
        if (walking) {
            g = street(ctx, "LINESTRING(-1000 0,-300 0,0 0,400 0,700 0,1000 0)");
            lc_settings s = walk_settings();
            assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, 400, &wk), LC_OK);
            assert_int_equal(lc_reach_walk(ctx, &L.ds, g, wk, xy, 2, all, 400, 200, true, &rs),
                             LC_OK);
        } else {
            assert_int_equal(lc_reach_line(ctx, &L.ds, xy, 2, all, 400, true, &rs), LC_OK);
        }
        assert_int_equal(rs.off[1] - rs.off[0], 2);
        assert_int_equal(rs.off[2] - rs.off[1], 1);
        assert_float_equal(rs.dist[rs.off[0] + 1], 400, 1e-9); /* B from facility 0, at r */
        lc_access_2sfca(&rs, supply, demand, 2, 400, LC_DECAY_NONE, ratio, load, acc);
        assert_float_equal(ratio[0], 20.0 / 400, 1e-15);
        assert_float_equal(ratio[1], 10.0 / 300, 1e-15);
        assert_float_equal(acc[0], 20.0 / 400, 1e-15);
        assert_float_equal(acc[1], 20.0 / 400 + 10.0 / 300, 1e-15);
        assert_float_equal(100 * acc[0] + 300 * acc[1], 30, 1e-12);
        /* just below r, B drops out of facility 0's catchment: R_0 = 20 / 100 */
        lc_access_2sfca(&rs, supply, demand, 2, 399.999, LC_DECAY_NONE, ratio, load, acc);
        assert_float_equal(ratio[0], 20.0 / 100, 1e-15);
        assert_float_equal(acc[1], 10.0 / 300, 1e-15);
        lc_reach_sets_clear(&rs);
        lc_walk_destroy(wk);
        lc_graph_destroy(g);
    }
    layout_clear(ctx, &L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(point_layer_read),
        cmocka_unit_test(polygon_layer_with_a_point),
        cmocka_unit_test(straight_line_at_r),
        cmocka_unit_test(walking_access_points),
        cmocka_unit_test(walking_share_of_points),
        cmocka_unit_test(two_sfca_of_points),
    };
    return cmocka_run_group_tests_name("points", tests, setup, teardown);
}
