/*
 * test_cover.c — straight-line coverage against hand-computable geometry (squares and
 * circles with closed-form intersection areas) and against brute force on random layouts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lc_test.h"
#include "cover/cover.h"

#define PI 3.14159265358979323846

/* Area of the circular segment cut off by a chord at distance h from the centre. */
static double segment_area(double r, double h)
{
    return r * r * acos(h / r) - h * sqrt(r * r - h * h);
}

static void estate_init(lc_ctx *ctx, lc_estate *e, const char *wkt)
{
    memset(e, 0, sizeof *e);
    GEOSGeometry *g = lc_test_wkt(ctx, wkt);
    lc_polyfix fix;
    assert_int_equal(lc_geom_polygonal(ctx, g, &e->geom, &fix), LC_OK);
    assert_non_null(e->geom);
    e->prep = GEOSPrepare_r(ctx->geos, e->geom);
    GEOSArea_r(ctx->geos, e->geom, &e->area_m2);
    GEOSGeom_getExtent_r(ctx->geos, e->geom, &e->minx, &e->miny, &e->maxx, &e->maxy);
    assert_int_equal(lc_rings_init(ctx, e->geom, &e->rings), LC_OK);
    e->id = lc_strdup("t");
    e->district = lc_strdup("");
}

static void facility_init(lc_ctx *ctx, lc_facility *f, double x, double y, int cat)
{
    memset(f, 0, sizeof *f);
    f->x = x, f->y = y, f->cat = cat;
    f->pt = GEOSGeom_createPointFromXY_r(ctx->geos, x, y);
}

/* A dataset built by hand: n estates, m facilities, one category "elder". */
static lc_dataset *hand_dataset(lc_ctx *ctx, size_t n, size_t m)
{
    lc_dataset *ds = lc_calloc(1, sizeof *ds);
    ds->ctx = ctx;
    ds->est = lc_calloc(n + 1, sizeof(lc_estate));
    ds->fac = lc_calloc(m + 1, sizeof(lc_facility));
    ds->cat = lc_calloc(1, sizeof(char *));
    ds->cat[0] = lc_strdup("elder");
    ds->cat_nfac = lc_calloc(1, sizeof(size_t));
    ds->ncat = 1;
    return ds;
}

static lc_settings two_tiers(double r5, double r10)
{
    lc_settings s;
    memset(&s, 0, sizeof s);
    s.cover.ntiers = 2;
    s.cover.radius_m[0] = r5, s.cover.radius_m[1] = r10;
    s.cover.tier_minutes[0] = 5, s.cover.tier_minutes[1] = 10;
    s.cover.disc_quadsegs = 64;
    return s;
}

/* 100 m square, facility 20 m east of it, r = 40: the covered part is a circular
 * segment, r² acos(h/r) − h √(r² − h²) with h = 20. r = 10 does not reach the square. */
static void square_and_disc(void **state)
{
    lc_ctx *ctx = *state;
    lc_dataset *ds = hand_dataset(ctx, 1, 1);
    estate_init(ctx, &ds->est[0], "POLYGON((0 0,100 0,100 100,0 100,0 0))");
    facility_init(ctx, &ds->fac[0], 120, 50, 0);
    ds->nest = 1, ds->nfac = 1, ds->cat_nfac[0] = 1;
    lc_settings s = two_tiers(10, 40);
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, ds, &s.cover, 0, &cv), LC_OK);
    assert_float_equal(LC_COV_D(cv, 0, 0), 20.0, 1e-9);
    assert_int_equal(cv->g[LC_COV_IDX(cv, 0, 0, 0)], 1);
    assert_float_equal(cv->c[LC_COV_IDX(cv, 0, 0, 0)], 0.0, 0);
    assert_int_equal(cv->g[LC_COV_IDX(cv, 0, 1, 0)], 0);
    assert_float_equal(cv->c[LC_COV_IDX(cv, 0, 1, 0)], segment_area(40, 20) / 1e4, 1e-12);
    lc_cover_destroy(ctx, cv);
    lc_dataset_destroy(ds);
}

/* Facility inside the estate: distance 0; a radius reaching every corner covers it all. */
static void facility_inside(void **state)
{
    lc_ctx *ctx = *state;
    lc_dataset *ds = hand_dataset(ctx, 1, 1);
    estate_init(ctx, &ds->est[0], "POLYGON((0 0,100 0,100 100,0 100,0 0))");
    facility_init(ctx, &ds->fac[0], 50, 50, 0);
    ds->nest = 1, ds->nfac = 1, ds->cat_nfac[0] = 1;
    lc_settings s = two_tiers(30, 71); /* 71 > 50√2 = 70.71: the whole square */
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, ds, &s.cover, 0, &cv), LC_OK);
    assert_float_equal(LC_COV_D(cv, 0, 0), 0.0, 0);
    assert_float_equal(cv->c[LC_COV_IDX(cv, 0, 0, 0)], PI * 900 / 1e4, 1e-12);
    assert_float_equal(cv->c[LC_COV_IDX(cv, 0, 1, 0)], 1.0, 0);
    assert_int_equal(cv->g[LC_COV_IDX(cv, 0, 0, 0)], 0);
    lc_cover_destroy(ctx, cv);
    lc_dataset_destroy(ds);
}

/* Two facilities whose discs each cut a segment off the square, disjoint inside it:
 * exercises the polygon-union path; the expected area is two closed-form segments. */
static void two_discs_union_path(void **state)
{
    lc_ctx *ctx = *state;
    lc_estate e;
    estate_init(ctx, &e, "POLYGON((0 0,100 0,100 100,0 100,0 0))");
    lc_facility f[2];
    facility_init(ctx, &f[0], 120, 25, 0);
    facility_init(ctx, &f[1], 120, 75, 0);
    const lc_facility *fp[2] = {&f[0], &f[1]};
    double dist[2] = {20, 20}, share;
    bool multi;
    assert_int_equal(lc_cover_share(ctx, &e, fp, dist, 2, 30, 64, &share, &multi), LC_OK);
    assert_true(multi);
    double exact = 2 * segment_area(30, 20) / 1e4;
    /* equal-area 256-gon discs: far inside the bound in the user guide (0.005) */
    assert_float_equal(share, exact, 2e-5);
    for (int i = 0; i < 2; i++) GEOSGeom_destroy_r(ctx->geos, f[i].pt);
    GEOSPreparedGeom_destroy_r(ctx->geos, e.prep);
    GEOSGeom_destroy_r(ctx->geos, e.geom);
    lc_rings_clear(&e.rings);
    lc_free(e.id);
    lc_free(e.district);
}

/* A hole: square minus a 20 m hole, disc r = 20 at the centre covers π·400 − 400. */
static void estate_with_hole(void **state)
{
    lc_ctx *ctx = *state;
    lc_dataset *ds = hand_dataset(ctx, 1, 1);
    estate_init(ctx, &ds->est[0], "POLYGON((0 0,100 0,100 100,0 100,0 0),"
                                  "(40 40,40 60,60 60,60 40,40 40))");
    facility_init(ctx, &ds->fac[0], 50, 50, 0);
    ds->nest = 1, ds->nfac = 1, ds->cat_nfac[0] = 1;
    lc_settings s = two_tiers(20, 20);
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, ds, &s.cover, 0, &cv), LC_OK);
    assert_float_equal(LC_COV_D(cv, 0, 0), 10.0, 1e-9); /* from the hole's edge */
    assert_float_equal(cv->c[LC_COV_IDX(cv, 0, 0, 0)], (PI * 400 - 400) / 9600, 1e-12);
    lc_cover_destroy(ctx, cv);
    lc_dataset_destroy(ds);
}

/* No facility of the category: distance NAN (null), gap everywhere, share 0. */
static void category_without_facilities(void **state)
{
    lc_ctx *ctx = *state;
    lc_dataset *ds = hand_dataset(ctx, 1, 0);
    estate_init(ctx, &ds->est[0], "POLYGON((0 0,100 0,100 100,0 100,0 0))");
    ds->nest = 1;
    lc_settings s = two_tiers(300, 500);
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, ds, &s.cover, 0, &cv), LC_OK);
    assert_true(isnan(LC_COV_D(cv, 0, 0)));
    assert_int_equal(cv->g[LC_COV_IDX(cv, 0, 1, 0)], 1);
    assert_float_equal(cv->c[LC_COV_IDX(cv, 0, 1, 0)], 0.0, 0);
    lc_cover_destroy(ctx, cv);
    lc_dataset_destroy(ds);
}

/* Brute force: nearest distance over all facilities, and the area share of the estate
 * covered by the union of all discs (fine 1024-gons), versus the fast path. */
static void brute_force_random(void **state)
{
    lc_ctx *ctx = *state;
    enum { NE = 60, NF = 50 };
    unsigned seed = 12345;
    lc_dataset *ds = hand_dataset(ctx, NE, NF);
    for (size_t i = 0; i < NE; i++) {
        double x = lc_test_urand(&seed) * 2000, y = lc_test_urand(&seed) * 2000;
        double w = 20 + lc_test_urand(&seed) * 150, h = 20 + lc_test_urand(&seed) * 150;
        char wkt[256];
        snprintf(wkt, sizeof wkt, "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))", x, y, x + w, y,
                 x + w + 15, y + h, x, y + h, x, y);
        estate_init(ctx, &ds->est[i], wkt);
    }
    for (size_t j = 0; j < NF; j++)
        facility_init(ctx, &ds->fac[j], lc_test_urand(&seed) * 2000, lc_test_urand(&seed) * 2000, 0);
    ds->nest = NE, ds->nfac = NF, ds->cat_nfac[0] = NF;
    lc_settings s = two_tiers(150, 300);
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, ds, &s.cover, 0, &cv), LC_OK);
    GEOSContextHandle_t h = ctx->geos;
    for (size_t t = 0; t < 2; t++) {
        GEOSGeometry *discs[NF];
        for (size_t j = 0; j < NF; j++)
            discs[j] = lc_geom_disc(ctx, ds->fac[j].x, ds->fac[j].y, s.cover.radius_m[t], 256);
        GEOSGeometry *coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, discs, NF);
        GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
        for (size_t i = 0; i < NE; i++) {
            double best = INFINITY, d, a;
            for (size_t j = 0; j < NF; j++) {
                GEOSDistance_r(h, ds->est[i].geom, ds->fac[j].pt, &d);
                best = fmin(best, d);
            }
            GEOSGeometry *in = GEOSIntersection_r(h, ds->est[i].geom, u);
            GEOSArea_r(h, in, &a);
            GEOSGeom_destroy_r(h, in);
            assert_float_equal(LC_COV_D(cv, 0, i), best, 1e-9);
            assert_int_equal(cv->g[LC_COV_IDX(cv, 0, t, i)], !(best <= s.cover.radius_m[t]));
            assert_float_equal(cv->c[LC_COV_IDX(cv, 0, t, i)], a / ds->est[i].area_m2, 1e-4);
        }
        GEOSGeom_destroy_r(h, coll);
        GEOSGeom_destroy_r(h, u);
    }
    assert_true(cv->multi_disc > 0); /* the layout exercises both paths */
    lc_cover_destroy(ctx, cv);
    lc_dataset_destroy(ds);
}

/* The service area is the union of the discs: for two far-apart facilities its area is
 * twice the circle's (the 256-gons have the circle's area by construction). */
static void service_area_union(void **state)
{
    lc_ctx *ctx = *state;
    lc_dataset *ds = hand_dataset(ctx, 1, 2);
    estate_init(ctx, &ds->est[0], "POLYGON((0 0,100 0,100 100,0 100,0 0))");
    facility_init(ctx, &ds->fac[0], 0, 0, 0);
    facility_init(ctx, &ds->fac[1], 5000, 0, 0);
    ds->nest = 1, ds->nfac = 2, ds->cat_nfac[0] = 2;
    lc_settings s = two_tiers(300, 500);
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, ds, &s.cover, 0, &cv), LC_OK);
    assert_int_equal(lc_cover_service_areas(ctx, ds, cv), LC_OK);
    double a;
    GEOSGeometry *area = lc_geom_from_wkb(ctx, cv->area_wkb[1], cv->area_len[1]);
    GEOSArea_r(ctx->geos, area, &a);
    assert_float_equal(a, 2 * PI * 500 * 500, 1e-9 * a);
    assert_int_equal(GEOSGetNumGeometries_r(ctx->geos, area), 2);
    GEOSGeom_destroy_r(ctx->geos, area);
    lc_cover_destroy(ctx, cv);
    lc_dataset_destroy(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(square_and_disc),
        cmocka_unit_test(facility_inside),
        cmocka_unit_test(two_discs_union_path),
        cmocka_unit_test(estate_with_hole),
        cmocka_unit_test(category_without_facilities),
        cmocka_unit_test(brute_force_random),
        cmocka_unit_test(service_area_union),
    };
    return cmocka_run_group_tests_name("cover", tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
