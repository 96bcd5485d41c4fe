/*
 * test_walk.c — walking coverage on hand-made layouts: access points and the fallback
 * snap, facility offsets, the direct path along a shared edge, unreachable facilities,
 * partial reach of a street of known length, and walking shares from capsule unions.
 */
#include <math.h>
#include <string.h>

#include "lc_test.h"
#include "cover/walk.h"
#include "cover/walkarea.h"
#include "lc_layout.h"

#define PI 3.14159265358979323846

/* A 1 km street along y = 0 with vertices every 100 m. An estate 10 m north of it, from
 * x = 400 to 500: its access points are the vertices at x = 400 and 500, 10 m away. The
 * facility 5 m south of x = 0 walks 5 m onto the street: w = 10 + 400 + 5. */
static void access_points_and_offsets(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_estate(ctx, &L, "POLYGON((400 10,500 10,500 60,400 60,400 10))");
    add_facility(ctx, &L, 0, -5);
    lc_graph *g = street(ctx, "LINESTRING(0 0,100 0,200 0,300 0,400 0,500 0,600 0,700 0,"
                              "800 0,900 0,1000 0)");
    lc_settings s = walk_settings();
    lc_walk *wk;
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, 500, &wk), LC_OK);
    assert_int_equal(wk->acc_off[1] - wk->acc_off[0], 2);
    assert_float_equal(LC_WALK_W(wk, 0, 0), 415, 1e-9);
    lc_walk_destroy(wk);
    /* bound: with the search limited to 400 m the estate is beyond reach (null) */
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, 400, &wk), LC_OK);
    assert_true(isnan(LC_WALK_W(wk, 0, 0)));
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    layout_clear(ctx, &L);
}

/* Entrances replace the access points: the estate's only gate is at x = 900, so the walk
 * from the facility at x = 0 is 5 + 900 + 10 instead of 5 + 400 + 10. */
static void entrances_replace_access(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_estate(ctx, &L, "POLYGON((400 10,500 10,500 60,400 60,400 10))");
    add_facility(ctx, &L, 0, -5);
    size_t off[2] = {0, 1};
    double xy[2] = {900, 10};
    L.ds.ent_off = off, L.ds.ent_xy = xy;
    lc_graph *g = street(ctx, "LINESTRING(0 0,100 0,200 0,300 0,400 0,500 0,600 0,700 0,"
                              "800 0,900 0,1000 0)");
    lc_settings s = walk_settings();
    lc_walk *wk;
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, 1000, &wk), LC_OK);
    assert_int_equal(wk->acc_off[1] - wk->acc_off[0], 0);
    assert_int_equal(wk->eacc_off[1] - wk->eacc_off[0], 1);
    assert_float_equal(LC_WALK_W(wk, 0, 0), 915, 1e-9);
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    L.ds.ent_off = NULL, L.ds.ent_xy = NULL;
    layout_clear(ctx, &L);
}

/* No vertex within 30 m: the estate's point on surface is snapped onto the edge, and a
 * facility on the same edge is reached directly along it, not via the far nodes. */
static void fallback_access_same_edge(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_estate(ctx, &L, "POLYGON((440 40,460 40,460 60,440 60,440 40))"); /* centre 450,50 */
    add_facility(ctx, &L, 600, -20);
    add_facility(ctx, &L, 5000, 5000); /* far from every edge: unreachable */
    lc_graph *g = street(ctx, "LINESTRING(0 0,1000 0)");
    lc_settings s = walk_settings();
    lc_walk *wk;
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, 500, &wk), LC_OK);
    assert_int_equal(wk->acc_off[1] - wk->acc_off[0], 0);
    assert_int_equal(wk->eacc_off[1] - wk->eacc_off[0], 1); /* the snapped point on surface */
    assert_int_equal(wk->fac_unreachable, 1);
    assert_float_equal(LC_WALK_W(wk, 0, 0), 50 + 150 + 20, 1e-9);
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    layout_clear(ctx, &L);
}

/* Partial reach of a street of known length: a facility on a 1 km street at x = 0 reaches
 * [0, 300] at r = 300; the service area is that stretch buffered by 50 m: a 300 × 100
 * rectangle and two half discs, area 30000 + π·2500. */
static void partial_edge_service_area(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_estate(ctx, &L, "POLYGON((0 10,100 10,100 110,0 110,0 10))");
    add_estate(ctx, &L, "POLYGON((250 -200,400 -200,400 200,250 200,250 -200))");
    add_facility(ctx, &L, 0, 0);
    lc_graph *g = street(ctx, "LINESTRING(0 0,1000 0)");
    lc_settings s = walk_settings();
    lc_walk *wk;
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, 500, &wk), LC_OK);
    double iv[4][2];
    assert_int_equal(lc_walk_edge_reach(wk, g, 0, 0, 300, iv), 1);
    assert_float_equal(iv[0][0], 0, 0);
    assert_float_equal(iv[0][1], 300, 1e-9);
    lc_cover cv;
    memset(&cv, 0, sizeof cv);
    double c[4];
    unsigned char gap[4];
    cv.nest = 2, cv.ncat = 1, cv.ntiers = 2, cv.c = c, cv.g = gap;
    cv.radius_m[0] = 300, cv.radius_m[1] = 500, cv.tier_minutes[0] = 5, cv.tier_minutes[1] = 10;
    assert_int_equal(lc_walk_service_areas(ctx, g, wk, 50, &cv), LC_OK);
    GEOSGeometry *a = lc_geom_from_wkb(ctx, cv.walk_wkb[0], cv.walk_len[0]);
    double area;
    GEOSArea_r(ctx->geos, a, &area);
    assert_float_equal(area, 30000 + PI * 2500, 1e-4 * area);
    GEOSGeom_destroy_r(ctx->geos, a);
    /* shares: estate 1 lies 10..110 m north of a fully reached stretch: 40 % within 50 m;
     * estate 2 spans x = 250..400: covered where within 50 m of [0, 300] */
    assert_int_equal(lc_walk_shares(ctx, &L.ds, g, wk, 50, &cv), LC_OK);
    assert_float_equal(c[LC_COV_IDX(&cv, 0, 0, 0)], 0.4, 1e-9);
    double want = (50 * 100 + PI * 2500 / 2) / (150.0 * 400); /* x 250..300 band + half disc */
    assert_float_equal(c[LC_COV_IDX(&cv, 0, 0, 1)], want, 1e-4);
    assert_float_equal(c[LC_COV_IDX(&cv, 0, 1, 1)], 100.0 * 150 / (150.0 * 400), 1e-9);
    for (size_t i = 0; i < 2; i++) lc_free(cv.walk_wkb[i]);
    lc_free(cv.walk_wkb);
    lc_free(cv.walk_len);
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    layout_clear(ctx, &L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(access_points_and_offsets),
        cmocka_unit_test(fallback_access_same_edge),
        cmocka_unit_test(entrances_replace_access),
        cmocka_unit_test(partial_edge_service_area),
    };
    return cmocka_run_group_tests_name("walk", tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
