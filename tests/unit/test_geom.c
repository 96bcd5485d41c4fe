/*
 * test_geom.c — polygon repair, exact disc areas on rings, working-CRS choice and
 * validation, and projection with the GCJ-02 offset undone.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "lc_test.h"
#include "geom/geom.h"

static double area_of(lc_ctx *ctx, const GEOSGeometry *g)
{
    double a = 0;
    GEOSArea_r(ctx->geos, g, &a);
    return a;
}

/* A bow-tie is invalid; make-valid gives two triangles of 2500 m² each. */
static void repair_bowtie(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *g = lc_test_wkt(ctx, "POLYGON((0 0,100 100,100 0,0 100,0 0))");
    GEOSGeometry *out;
    lc_polyfix fix;
    assert_int_equal(lc_geom_polygonal(ctx, g, &out, &fix), LC_OK);
    assert_int_equal(fix, LC_POLY_REPAIRED);
    assert_int_equal(GEOSGeomTypeId_r(ctx->geos, out), GEOS_MULTIPOLYGON);
    assert_int_equal(GEOSGetNumGeometries_r(ctx->geos, out), 2);
    assert_int_equal(GEOSisValid_r(ctx->geos, out), 1);
    assert_float_equal(area_of(ctx, out), 5000.0, 1e-9);
    GEOSGeom_destroy_r(ctx->geos, out);
}

static void valid_polygon_passes(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *out;
    lc_polyfix fix;
    assert_int_equal(lc_geom_polygonal(ctx, lc_test_wkt(ctx, "POLYGON((0 0,10 0,10 10,0 0))"),
                                       &out, &fix), LC_OK);
    assert_int_equal(fix, LC_POLY_OK);
    assert_int_equal(GEOSGeomTypeId_r(ctx->geos, out), GEOS_MULTIPOLYGON);
    assert_float_equal(area_of(ctx, out), 50.0, 1e-12);
    GEOSGeom_destroy_r(ctx->geos, out);
}

/* Lines and empty polygons are not estates; a spike collapses to nothing usable. */
static void not_polygonal(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *out;
    lc_polyfix fix;
    lc_geom_polygonal(ctx, lc_test_wkt(ctx, "LINESTRING(0 0,1 1)"), &out, &fix);
    assert_null(out);
    assert_int_equal(fix, LC_POLY_NOT_POLYGON);
    lc_geom_polygonal(ctx, lc_test_wkt(ctx, "POLYGON EMPTY"), &out, &fix);
    assert_null(out);
    assert_int_equal(fix, LC_POLY_EMPTY);
    lc_geom_polygonal(ctx, lc_test_wkt(ctx, "POLYGON((0 0,10 0,20 0,0 0))"), &out, &fix);
    assert_null(out);
    assert_int_equal(fix, LC_POLY_EMPTY);
}

/* The analytic polygon∩disc area against GEOS with very fine discs, for several offsets. */
static void rings_disc_area_matches_geos(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *poly = lc_test_wkt(ctx, "MULTIPOLYGON(((0 0,80 10,90 70,20 90,0 0),"
                                          "(30 30,50 30,50 50,30 50,30 30)),"
                                          "((100 0,140 0,140 40,100 0)))");
    lc_rings rg;
    assert_int_equal(lc_rings_init(ctx, poly, &rg), LC_OK);
    assert_int_equal(rg.nrings, 3);
    const double cases[][3] = {{40, 40, 25}, {0, 0, 60}, {120, 20, 30}, {200, 200, 10},
                               {60, 60, 300}, {95, 35, 45}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        GEOSGeometry *d = lc_geom_disc(ctx, cases[i][0], cases[i][1], cases[i][2], 2048);
        GEOSGeometry *in = GEOSIntersection_r(ctx->geos, poly, d);
        double want = area_of(ctx, in);
        double got = lc_rings_disc_area(&rg, cases[i][0], cases[i][1], cases[i][2]);
        assert_float_equal(got, want, 1e-3 + 1e-6 * want);
        GEOSGeom_destroy_r(ctx->geos, d);
        GEOSGeom_destroy_r(ctx->geos, in);
    }
    lc_rings_clear(&rg);
    GEOSGeom_destroy_r(ctx->geos, poly);
}

/* The sweep's area of poly (rings rg) inside the n capsules of radius 30 (segs; caps: their
 * 1024-gon polygons, consumed) against GEOS's overlay of those polygons: within 0.01 m² (the
 * sweep is closed form per slab: only the reference's 1024-gons differ from true circles).
 * Returns the difference. */
static double sweep_vs_geos(lc_ctx *ctx, const GEOSGeometry *poly, const lc_rings *rg,
                            const double *segs, GEOSGeometry **caps, size_t n, lc_sweep *ws)
{
    double got;
    assert_int_equal(lc_rings_capsules_area(rg, segs, n, 30, ws, &got), LC_OK);
    GEOSGeometry *coll = GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION, caps,
                                                     (unsigned)n);
    GEOSGeometry *u = GEOSUnaryUnion_r(ctx->geos, coll);
    GEOSGeometry *in = GEOSIntersection_r(ctx->geos, poly, u);
    double want = area_of(ctx, in);
    assert_float_equal(got, want, 0.01);
    GEOSGeom_destroy_r(ctx->geos, coll);
    GEOSGeom_destroy_r(ctx->geos, u);
    GEOSGeom_destroy_r(ctx->geos, in);
    return fabs(got - want);
}

/* The sweep's polygon ∩ capsules area against a GEOS overlay of fine (1024-segment-circle)
 * capsules, on closed-form cases and random layouts with holes, crossings and horizontal
 * and vertical streets (every crossing of two curves must become a slab boundary, or that
 * slab's closed form integrates the wrong curve). */
static void capsules_area_matches_geos(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *poly = lc_test_wkt(ctx, "POLYGON((0 0,120 0,130 90,10 100,0 0),"
                                          "(40 40,60 40,60 60,40 60,40 40))");
    lc_rings rg;
    assert_int_equal(lc_rings_init(ctx, poly, &rg), LC_OK);
    /* closed form: a square 10..110 north of a horizontal street: 40 % within 50 m */
    GEOSGeometry *sq = lc_test_wkt(ctx, "POLYGON((0 10,100 10,100 110,0 110,0 10))");
    lc_rings rs;
    assert_int_equal(lc_rings_init(ctx, sq, &rs), LC_OK);
    double street[4] = {-1000, 0, 1000, 0}, a;
    assert_int_equal(lc_rings_capsules_area(&rs, street, 1, 50, NULL, &a), LC_OK);
    assert_float_equal(a, 4000, 1e-9);
    unsigned seed = 99;
    double worst = 0;
    lc_sweep ws = {0}; /* reused across the rounds, as the shares do */
    for (int round = 0; round < 300; round++) {
        size_t n = 1 + (size_t)(lc_test_urand(&seed) * 8);
        double segs[4 * 8];
        GEOSGeometry *caps[8];
        for (size_t i = 0; i < n; i++) {
            double *sg = segs + 4 * i;
            sg[0] = -60 + lc_test_urand(&seed) * 260, sg[1] = -60 + lc_test_urand(&seed) * 220;
            if (i % 3 == 0) sg[2] = sg[0] + 80, sg[3] = sg[1];      /* horizontal */
            else if (i % 3 == 1) sg[2] = sg[0], sg[3] = sg[1] + 70; /* vertical */
            else sg[2] = -60 + lc_test_urand(&seed) * 260, sg[3] = -60 + lc_test_urand(&seed) * 220;
            caps[i] = lc_geom_capsule(ctx, sg[0], sg[1], sg[2], sg[3], 30, 256);
        }
        worst = fmax(worst, sweep_vs_geos(ctx, poly, &rg, segs, caps, n, &ws));
    }
    print_message("sweep vs GEOS overlay: largest difference %.6f m² on a %.0f m² polygon\n",
                  worst, area_of(ctx, poly));
    lc_rings_clear(&rg);
    lc_rings_clear(&rs);
    lc_sweep_clear(&ws);
    GEOSGeom_destroy_r(ctx->geos, poly);
    GEOSGeom_destroy_r(ctx->geos, sq);
}

/* Sorted copy of segment i with its ends in lexical order, for order-free comparisons. */
static void canon(const double *s, double *out)
{
    bool swap = s[0] > s[2] || (s[0] == s[2] && s[1] > s[3]);
    for (int k = 0; k < 4; k++) out[k] = s[swap ? (k + 2) % 4 : k];
}

/* Is segment (ax, ay, bx, by) among the n segments in s, either way round? */
static bool has_seg(const double *s, size_t n, double ax, double ay, double bx, double by)
{
    double want[4], got[4];
    const double w[4] = {ax, ay, bx, by};
    canon(w, want);
    for (size_t i = 0; i < n; i++) {
        canon(s + 4 * i, got);
        if (!memcmp(got, want, sizeof got)) return true;
    }
    return false;
}

/* A straight street in scrambled pieces is one segment; a crossing street stays apart and
 * is joined through the junction on its own line; an L, a gap or a 2 cm kink do not join,
 * a 5 mm wobble does. */
static void segments_join_collinear(void **state)
{
    (void)state;
    lc_segjoin j = {0};
    double street[] = {30, 0, 20, 0,  0, 0, 10, 0,  40, 0, 50, 0,  10, 0, 20, 0,  30, 0, 40, 0};
    assert_int_equal(lc_segs_join_collinear(&j, street, 5), 1);
    assert_true(has_seg(street, 1, 0, 0, 50, 0));
    double cross[] = {0, 10, 10, 10,  10, 10, 20, 10,  10, 0, 10, 10,  10, 10, 10, 20,  10, 20, 10, 30};
    assert_int_equal(lc_segs_join_collinear(&j, cross, 5), 2);
    assert_true(has_seg(cross, 2, 0, 10, 20, 10));
    assert_true(has_seg(cross, 2, 10, 0, 10, 30));
    double ell[] = {0, 0, 10, 0,  10, 0, 10, 10};
    assert_int_equal(lc_segs_join_collinear(&j, ell, 2), 2);
    double gap[] = {0, 0, 10, 0,  10.001, 0, 20, 0};
    assert_int_equal(lc_segs_join_collinear(&j, gap, 2), 2);
    double kink[] = {0, 0, 10, 0.02,  10, 0.02, 20, 0};
    assert_int_equal(lc_segs_join_collinear(&j, kink, 2), 2);
    double wobble[] = {0, 0, 10, 0.005,  10, 0.005, 20, 0};
    assert_int_equal(lc_segs_join_collinear(&j, wobble, 2), 1);
    assert_true(has_seg(wobble, 1, 0, 0, 20, 0));
    /* a street folding back on itself does not join: both pieces leave the point one way */
    double fold[] = {0, 0, 10, 0,  10, 0, 5, 0};
    assert_int_equal(lc_segs_join_collinear(&j, fold, 2), 2);
    /* a grid densified every 10 m: each of the 6 + 6 lines becomes one segment */
    double grid[4 * 120];
    size_t n = 0;
    for (int line = 0; line < 6; line++)
        for (int k = 0; k < 10; k++)
            for (int axis = 0; axis < 2; axis++) {
                double a = 20.0 * line, b0 = 10.0 * k, b1 = b0 + 10;
                double sg[4] = {a, b0, a, b1};
                if (axis) sg[0] = b0, sg[1] = a, sg[2] = b1, sg[3] = a;
                memcpy(grid + 4 * n++, sg, sizeof sg);
            }
    assert_int_equal(lc_segs_join_collinear(&j, grid, n), 12);
    for (int line = 0; line < 6; line++) {
        assert_true(has_seg(grid, 12, 20.0 * line, 0, 20.0 * line, 100));
        assert_true(has_seg(grid, 12, 0, 20.0 * line, 100, 20.0 * line));
    }
    lc_segjoin_clear(&j);
}

/* Polygons and holes of a polygonal geometry. */
static void count_parts(lc_ctx *ctx, const GEOSGeometry *g, int *polys, int *holes)
{
    *polys = *holes = 0;
    for (int i = 0, n = g ? GEOSGetNumGeometries_r(ctx->geos, g) : 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx->geos, g, i);
        if (GEOSisEmpty_r(ctx->geos, p)) continue;
        (*polys)++;
        *holes += GEOSGetNumInteriorRings_r(ctx->geos, p);
    }
}

/* got (a union computed our way) against want (GEOS's): valid, the same area and no
 * difference beyond `rel` of it, the same polygons and holes. Both are destroyed. */
static void assert_same_union(lc_ctx *ctx, GEOSGeometry *got, GEOSGeometry *want, double rel)
{
    assert_non_null(got);
    assert_int_equal(GEOSisValid_r(ctx->geos, got), 1);
    double a = area_of(ctx, want);
    assert_float_equal(area_of(ctx, got), a, rel * a);
    GEOSGeometry *d = GEOSSymDifference_r(ctx->geos, got, want);
    assert_true(area_of(ctx, d) < rel * a);
    int gp, gh, wp, wh;
    count_parts(ctx, got, &gp, &gh);
    count_parts(ctx, want, &wp, &wh);
    assert_int_equal(gp, wp);
    assert_int_equal(gh, wh);
    GEOSGeom_destroy_r(ctx->geos, d);
    GEOSGeom_destroy_r(ctx->geos, got);
    GEOSGeom_destroy_r(ctx->geos, want);
}

/* Log callback: remembers how the last tiled union joined its tiles. */
static void tiled_log(void *ud, lc_log_level level, const char *msg)
{
    (void)level;
    if (strstr(msg, "tiled union")) *(int *)ud = strstr(msg, "glued") ? 1 : 2;
}

/* The tiled union against one GEOS union of the same parts: same area, same polygons and
 * holes, no difference beyond clipping round-off, valid. The parts are cloned. `how_to`: 1
 * when the tiles must have been glued along the tile lines (convex parts in general
 * position), 2 when they must have been merged by overlay, 0 either. */
static void check_tiled(lc_ctx *ctx, GEOSGeometry **parts, size_t n, double tile, int how_to)
{
    GEOSGeometry **copy = malloc((n + 1) * sizeof *copy);
    assert_non_null(copy);
    for (size_t i = 0; i < n; i++) copy[i] = GEOSGeom_clone_r(ctx->geos, parts[i]);
    GEOSGeometry *got = NULL;
    int how = 0;
    lc_ctx_set_log(ctx, tiled_log, &how, LC_LOG_DEBUG);
    assert_int_equal(lc_geom_union_tiled(ctx, copy, n, tile, &got), LC_OK);
    lc_ctx_set_log(ctx, NULL, NULL, LC_LOG_WARN);
    if (how_to) assert_int_equal(how, how_to);
    free(copy);
    GEOSGeometry *coll = GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION, parts,
                                                     (unsigned)n);
    GEOSGeometry *want = GEOSUnaryUnion_r(ctx->geos, coll);
    assert_same_union(ctx, got, want, 1e-7);
    GEOSGeom_destroy_r(ctx->geos, coll); /* owns the parts */
}

/* The same against GEOS on real-street layouts: 8 to 60 short stretches in every direction,
 * a footway beside every other one, so the capsules overlap many deep and most crossings of
 * two curves lie inside a third capsule (the sweep drops those; a wrong drop shows here). */
static void capsules_area_dense_streets(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *poly = lc_test_wkt(ctx, "POLYGON((0 0,120 0,130 90,70 70,10 100,0 0),"
                                          "(40 30,60 30,60 50,40 50,40 30))");
    lc_rings rg;
    assert_int_equal(lc_rings_init(ctx, poly, &rg), LC_OK);
    unsigned seed = 7;
    double worst = 0;
    lc_sweep ws = {0};
    enum { MAXN = 60 };
    for (int round = 0; round < 60; round++) {
        size_t n = 8 + (size_t)(lc_test_urand(&seed) * (MAXN - 8));
        double segs[4 * MAXN];
        GEOSGeometry *caps[MAXN];
        for (size_t i = 0; i < n; i++) {
            double *sg = segs + 4 * i;
            if (i % 2 && i > 0) { /* a footway 6 m beside the previous stretch */
                const double *p = sg - 4;
                double dx = p[2] - p[0], dy = p[3] - p[1], l = hypot(dx, dy);
                sg[0] = p[0] - 6 * dy / l, sg[1] = p[1] + 6 * dx / l;
                sg[2] = p[2] - 6 * dy / l, sg[3] = p[3] + 6 * dx / l;
            } else {
                double a = 6.3 * lc_test_urand(&seed), len = 5 + 55 * lc_test_urand(&seed);
                sg[0] = -40 + lc_test_urand(&seed) * 210, sg[1] = -40 + lc_test_urand(&seed) * 180;
                sg[2] = sg[0] + len * cos(a), sg[3] = sg[1] + len * sin(a);
            }
            caps[i] = lc_geom_capsule(ctx, sg[0], sg[1], sg[2], sg[3], 30, 256);
        }
        worst = fmax(worst, sweep_vs_geos(ctx, poly, &rg, segs, caps, n, &ws));
    }
    print_message("sweep vs GEOS overlay, dense streets: largest difference %.6f m²\n", worst);
    lc_rings_clear(&rg);
    lc_sweep_clear(&ws);
    GEOSGeom_destroy_r(ctx->geos, poly);
}

/* Street-grid capsules with gaps (blocks become holes, some streets stop short, loose
 * discs fall in blocks), at tile sizes that cut the blocks and force many merges. */
static void tiled_union_matches_geos(void **state)
{
    lc_ctx *ctx = *state;
    unsigned seed = 5;
    for (int round = 0; round < 3; round++) {
        GEOSGeometry *parts[400];
        size_t n = 0;
        for (int i = 0; i <= 12; i++)
            for (int j = 0; j < 12; j++) {
                if (lc_test_urand(&seed) < 0.15) continue; /* missing street piece */
                double a = 150.0 * i, b0 = 150.0 * j, b1 = b0 + 150 * lc_test_urand(&seed) + 40;
                parts[n++] = lc_geom_capsule(ctx, a, b0, a, b1, 50, 8);     /* vertical */
                parts[n++] = lc_geom_capsule(ctx, b0, a, b1, a, 50, 8);     /* horizontal */
            }
        for (int k = 0; k < 30; k++)
            parts[n++] = lc_geom_disc(ctx, 1800 * lc_test_urand(&seed),
                                      1800 * lc_test_urand(&seed), 20 + 30 * lc_test_urand(&seed), 8);
        check_tiled(ctx, parts, n, round == 0 ? 97.0 : round == 1 ? 333.0 : 5000.0, 1);
    }
}

/* Log callback: the tiles the last tiled union took from a cache ("N of them kept"). */
static void kept_log(void *ud, lc_log_level level, const char *msg)
{
    (void)level;
    const char *k = strstr(msg, " of them kept");
    const char *p = k ? strrchr(msg, '(') : NULL;
    if (p && p < k) *(long *)ud = strtol(p + 1, NULL, 10);
}

/* The street grid of tiled_union_matches_geos (seed 5): 12 by 12 blocks of 150 m. */
static size_t street_grid(lc_ctx *ctx, GEOSGeometry **parts)
{
    unsigned seed = 5;
    size_t n = 0;
    for (int i = 0; i <= 12; i++)
        for (int j = 0; j < 12; j++) {
            if (lc_test_urand(&seed) < 0.15) continue;
            double a = 150.0 * i, b0 = 150.0 * j, b1 = b0 + 150 * lc_test_urand(&seed) + 40;
            parts[n++] = lc_geom_capsule(ctx, a, b0, a, b1, 50, 8);
            parts[n++] = lc_geom_capsule(ctx, b0, a, b1, a, 50, 8);
        }
    return n;
}

/* The union of parts (cloned) with record/reuse, as WKB; *kept the tiles taken. */
static unsigned char *cached_union(lc_ctx *ctx, GEOSGeometry *const *parts, size_t n,
                                   lc_tile_cache *record, const lc_tile_cache *reuse,
                                   size_t *len, long *kept)
{
    GEOSGeometry **copy = malloc((n + 1) * sizeof *copy), *u = NULL;
    assert_non_null(copy);
    for (size_t i = 0; i < n; i++) copy[i] = GEOSGeom_clone_r(ctx->geos, parts[i]);
    *kept = -1;
    lc_ctx_set_log(ctx, kept_log, kept, LC_LOG_DEBUG);
    assert_int_equal(lc_geom_union_tiled_cached(ctx, copy, n, 333.0, record, reuse, &u), LC_OK);
    lc_ctx_set_log(ctx, NULL, NULL, LC_LOG_WARN);
    free(copy);
    unsigned char *wkb = NULL;
    assert_non_null(u);
    assert_int_equal(lc_geom_to_wkb(ctx, u, &wkb, len), LC_OK);
    GEOSGeom_destroy_r(ctx->geos, u);
    return wkb;
}

/* A scenario's union from the baseline's tiles: a street grid recorded, then one capsule
 * removed and a disc added in the middle. The tiles away from the edits are taken from the
 * record, the others unioned again, and the result is byte for byte the union computed
 * without any cache; the same parts again take every tile; a part past the north-east
 * corner (a wider grid on the same lines) still lets the others be taken; one past the
 * south-west corner (other tile lines) takes none. Always the same bytes. */
static void tiled_union_cache_same_result(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *parts[400];
    size_t n = street_grid(ctx, parts), len0, len1, len2;
    assert_true(n + 2 <= 400);
    lc_tile_cache *base = lc_tile_cache_create();
    assert_non_null(base);
    long kept, all;
    lc_free(cached_union(ctx, parts, n, base, NULL, &len0, &kept));
    assert_int_equal(kept, 0);
    /* the same parts again: every tile from the record */
    unsigned char *plain = cached_union(ctx, parts, n, NULL, NULL, &len0, &kept);
    unsigned char *again = cached_union(ctx, parts, n, NULL, base, &len1, &all);
    assert_true(all > 20);
    assert_int_equal(len0, len1);
    assert_memory_equal(plain, again, len0);
    lc_free(plain), lc_free(again);
    /* a scenario: capsule 40 closed, a disc added at (900, 900) */
    GEOSGeometry *closed = parts[40];
    parts[40] = lc_geom_disc(ctx, 900, 900, 120, 8);
    plain = cached_union(ctx, parts, n, NULL, NULL, &len0, &kept);
    long scen_kept;
    unsigned char *scen = cached_union(ctx, parts, n, NULL, base, &len1, &scen_kept);
    kept = scen_kept;
    assert_true(kept > 0 && kept < all);
    print_message("a scenario took %ld of %ld tiles from the baseline\n", kept, all);
    assert_int_equal(len0, len1);
    assert_memory_equal(plain, scen, len0);
    lc_free(plain), lc_free(scen);
    /* a part beyond the north-east corner: the same tile lines, more tiles to a row */
    parts[n++] = lc_geom_disc(ctx, 2600, 2500, 60, 8);
    plain = cached_union(ctx, parts, n, NULL, NULL, &len0, &kept);
    unsigned char *wider = cached_union(ctx, parts, n, NULL, base, &len2, &kept);
    assert_int_equal(kept, scen_kept); /* its tiles are new ones: the rest as before */
    assert_int_equal(len0, len2);
    assert_memory_equal(plain, wider, len0);
    lc_free(plain), lc_free(wider);
    /* a part beyond the south-west corner moves the tile lines: nothing taken */
    parts[n++] = lc_geom_disc(ctx, -400, -300, 60, 8);
    plain = cached_union(ctx, parts, n, NULL, NULL, &len0, &kept);
    unsigned char *moved = cached_union(ctx, parts, n, NULL, base, &len2, &kept);
    assert_int_equal(kept, 0);
    assert_int_equal(len0, len2);
    assert_memory_equal(plain, moved, len0);
    lc_free(plain), lc_free(moved);
    for (size_t i = 0; i < n; i++) GEOSGeom_destroy_r(ctx->geos, parts[i]);
    GEOSGeom_destroy_r(ctx->geos, closed);
    lc_tile_cache_destroy(base);
}

/* Real streets: short segments pointing every way, a footway 8 m beside each road, steps
 * between them, so that the 50 m capsules overlap ten and twenty deep (the cascaded union's
 * case); plus two outliers thousands of kilometres away, which must cost no tiles between. */
static void tiled_union_dense_streets(void **state)
{
    lc_ctx *ctx = *state;
    unsigned seed = 23;
    enum { N = 360 };
    GEOSGeometry *parts[N + 3];
    size_t n = 0;
    while (n < N) {
        double x = 700 * lc_test_urand(&seed), y = 500 * lc_test_urand(&seed);
        double a = 6.3 * lc_test_urand(&seed), len = 8 + 60 * lc_test_urand(&seed);
        double dx = len * cos(a), dy = len * sin(a), nx = -8 * sin(a), ny = 8 * cos(a);
        parts[n++] = lc_geom_capsule(ctx, x, y, x + dx, y + dy, 50, 8);
        if (n % 3) parts[n++] = lc_geom_capsule(ctx, x + nx, y + ny, x + nx + dx, y + ny + dy, 50, 8);
    }
    parts[n++] = lc_geom_capsule(ctx, 3.0e6, 2.0e6, 3.0e6 + 40, 2.0e6 + 10, 50, 8);
    parts[n++] = lc_geom_disc(ctx, -2.5e6, 4.0e6, 50, 8);
    check_tiled(ctx, parts, n, 250, 0);
}

/* Union of the capsules of n segments (GEOS cascaded union of lc_geom_capsule polygons). */
static GEOSGeometry *capsules_union(lc_ctx *ctx, const double *segs, size_t n, double b)
{
    GEOSGeometry **caps = malloc((n + 1) * sizeof *caps);
    assert_non_null(caps);
    for (size_t i = 0; i < n; i++)
        caps[i] = lc_geom_capsule(ctx, segs[4 * i], segs[4 * i + 1], segs[4 * i + 2], segs[4 * i + 3],
                                  b, 8);
    GEOSGeometry *u = lc_geom_union(ctx, caps, n);
    free(caps);
    assert_non_null(u);
    return u;
}

/* Capsules inside the others dropped before the union: on dense real-street layouts most go,
 * and the union of those kept is the union of all (same area to 1e-9, same polygons and
 * holes); a lone capsule, or two apart, are never dropped. */
static void covered_capsules_dropped(void **state)
{
    lc_ctx *ctx = *state;
    unsigned seed = 31;
    lc_prune pr = {0};
    size_t dropped = 0, total = 0;
    for (int round = 0; round < 12; round++) {
        enum { N = 240 };
        double segs[4 * N], all[4 * N];
        size_t n = 0;
        while (n < N) {
            double x = 400 * lc_test_urand(&seed), y = 300 * lc_test_urand(&seed);
            double a = 6.3 * lc_test_urand(&seed), len = round % 3 == 0 ? 0 : 5 + 60 * lc_test_urand(&seed);
            double *sg = segs + 4 * n++;
            sg[0] = x, sg[1] = y, sg[2] = x + len * cos(a), sg[3] = y + len * sin(a);
            if (n < N && n % 2) { /* a footway 7 m beside it */
                double *fw = segs + 4 * n++;
                double l = len > 0 ? len : 1, nx = -7 * (sg[3] - sg[1]) / l, ny = 7 * (sg[2] - sg[0]) / l;
                fw[0] = sg[0] + nx, fw[1] = sg[1] + ny, fw[2] = sg[2] + nx, fw[3] = sg[3] + ny;
            }
        }
        memcpy(all, segs, sizeof segs);
        size_t kept;
        assert_int_equal(lc_segs_drop_covered(&pr, segs, n, 50, &kept), LC_OK);
        assert_true(kept >= 1 && kept <= n);
        dropped += n - kept, total += n;
        assert_same_union(ctx, capsules_union(ctx, segs, kept, 50), capsules_union(ctx, all, n, 50),
                          1e-9);
    }
    print_message("dropped %zu of %zu capsules inside the others\n", dropped, total);
    assert_true(dropped > total / 3); /* the point of it on such streets */
    double apart[12] = {0, 0, 100, 0, 300, 0, 300, 80, 600, 600, 600, 600}; /* a street, an L, a disc */
    size_t kept;
    assert_int_equal(lc_segs_drop_covered(&pr, apart, 3, 50, &kept), LC_OK);
    assert_int_equal(kept, 3);
    lc_prune_clear(&pr);
}

/* Non-convex parts (slanted L shapes) across tiles are clipped by GEOS, whose crossing
 * points depend on the side: the tiles are then merged by overlay, with the same result. */
static void tiled_union_non_convex(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *parts[12];
    for (int i = 0; i < 12; i++) {
        char wkt[256];
        const double l[7][2] = {{0, 0}, {150, 0}, {150, 40}, {40, 40}, {40, 170}, {0, 170}, {0, 0}};
        double x = 37.0 * i, y = 23.0 * (i % 5), c = cos(0.5), s = sin(0.5), p[14];
        for (int k = 0; k < 7; k++)
            p[2 * k] = x + c * l[k][0] - s * l[k][1], p[2 * k + 1] = y + s * l[k][0] + c * l[k][1];
        snprintf(wkt, sizeof wkt, "POLYGON((%.9f %.9f,%.9f %.9f,%.9f %.9f,%.9f %.9f,%.9f %.9f,"
                 "%.9f %.9f,%.9f %.9f))", p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9],
                 p[10], p[11], p[12], p[13]);
        parts[i] = lc_test_wkt(ctx, wkt);
    }
    check_tiled(ctx, parts, 12, 61, 2);
}

/* A frame of four capsules cut by the tile lines encloses a hole with a disc in it: the
 * disc must come out as its own polygon inside the hole, and the hole must be kept. */
static void tiled_union_island_in_hole(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *parts[5] = {
        lc_geom_capsule(ctx, 0, 0, 1000, 0, 50, 8), lc_geom_capsule(ctx, 1000, 0, 1000, 1000, 50, 8),
        lc_geom_capsule(ctx, 1000, 1000, 0, 1000, 50, 8), lc_geom_capsule(ctx, 0, 1000, 0, 0, 50, 8),
        lc_geom_disc(ctx, 500, 500, 100, 8)};
    GEOSGeometry *copy[5];
    for (int i = 0; i < 5; i++) copy[i] = GEOSGeom_clone_r(ctx->geos, parts[i]);
    GEOSGeometry *got = NULL;
    assert_int_equal(lc_geom_union_tiled(ctx, copy, 5, 300, &got), LC_OK);
    int polys, holes;
    count_parts(ctx, got, &polys, &holes);
    assert_int_equal(polys, 2);
    assert_int_equal(holes, 1);
    /* the frame: 1100 m square, rounded outer corners (radius 50), less the 900 m hole; the
     * disc inside the hole counts once (capsule arcs have the circle's area) */
    double frame = 1100.0 * 1100 - 4 * 50.0 * 50 * (1 - atan(1.0)) - 900.0 * 900;
    assert_float_equal(area_of(ctx, got), frame + area_of(ctx, parts[4]), 2.0); /* ±0.3 m² a corner arc */
    GEOSGeom_destroy_r(ctx->geos, got);
    /* the capsules' ends meet at the corners, where two 16-gons of one circle cross each other
     * near a tile line: the seams need not glue there, and the overlay takes over */
    check_tiled(ctx, parts, 5, 300, 0);
    GEOSGeometry *none = (GEOSGeometry *)1;
    assert_int_equal(lc_geom_union_tiled(ctx, NULL, 0, 300, &none), LC_OK);
    assert_null(none);
}

static void working_crs_default(void **state)
{
    lc_ctx *ctx = *state;
    char *wkt, name[64];
    /* in China: the CGCS2000 3-degree Gauss-Kruger zone of the nearest central meridian
     * (Tianjin 117.2E: CM 117E; Shanghai 121.49E: CM 120E; 121.51E: CM 123E; Urumqi 87.6E:
     * CM 87E; the box's ends clamp to CM 75E and 135E) */
    static const struct { double lon, lat; const char *want; } cn[] = {
        {117.2, 39.1, "EPSG:4548"}, {121.49, 31.28, "EPSG:4549"}, {121.51, 31.28, "EPSG:4550"},
        {87.6, 43.8, "EPSG:4538"}, {72.1, 39.0, "EPSG:4534"}, {137.5, 45.0, "EPSG:4554"},
        {116.35, 40.0, "EPSG:4548"}};
    for (size_t i = 0; i < sizeof cn / sizeof *cn; i++) {
        assert_int_equal(lc_crs_working(ctx, NULL, cn[i].lon, cn[i].lat, &wkt, name, sizeof name),
                         LC_OK);
        assert_string_equal(name, cn[i].want);
        assert_non_null(strstr(wkt, "CGCS2000"));
        lc_free(wkt);
    }
    /* just outside cnshift's box (lat 0.8293 .. 55.8271): UTM */
    assert_int_equal(lc_crs_working(ctx, NULL, 117.2, 56.0, &wkt, name, sizeof name), LC_OK);
    assert_string_equal(name, "EPSG:32650");
    lc_free(wkt);
    assert_int_equal(lc_crs_working(ctx, NULL, -70.6, -33.4, &wkt, name, sizeof name), LC_OK);
    assert_string_equal(name, "EPSG:32719");
    lc_free(wkt);
    assert_int_equal(lc_crs_working(ctx, "EPSG:4547", 0, 0, &wkt, name, sizeof name), LC_OK);
    assert_string_equal(name, "EPSG:4547");
    lc_free(wkt);
}

static void working_crs_refused(void **state)
{
    lc_ctx *ctx = *state;
    char *wkt, name[64];
    assert_int_equal(lc_crs_working(ctx, "EPSG:4326", 0, 0, &wkt, name, sizeof name),
                     LC_ERR_CRS);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "not a projected CRS"));
    /* NAD83 / California zone 3 (ftUS): projected, but in US survey feet */
    assert_int_equal(lc_crs_working(ctx, "EPSG:2227", 0, 0, &wkt, name, sizeof name),
                     LC_ERR_CRS);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "not metres"));
    assert_int_equal(lc_crs_working(ctx, "no such crs", 0, 0, &wkt, name, sizeof name),
                     LC_ERR_CRS);
}

static void source_crs_required(void **state)
{
    lc_ctx *ctx = *state;
    const char *def;
    lc_cnshift sh;
    assert_int_equal(lc_crs_source(ctx, "x.csv:x", NULL, NULL, &def, &sh), LC_ERR_CRS);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "x.csv:x"));
    assert_int_equal(lc_crs_source(ctx, "x", NULL, "gcj-02", &def, &sh), LC_OK);
    assert_int_equal(sh, LC_SHIFT_GCJ02);
    assert_string_equal(def, "EPSG:4326");
}

/* UTM 50N: the central meridian 117°E on the equator is (500000, 0); a GCJ-02 point is
 * projected to the same place as its WGS84 original (within 1 mm). */
static void transform_with_offset(void **state)
{
    lc_ctx *ctx = *state;
    lc_xform *plain, *gcj;
    assert_int_equal(lc_xform_create(ctx, "EPSG:4326", LC_SHIFT_NONE, "EPSG:32650", &plain),
                     LC_OK);
    assert_int_equal(lc_xform_create(ctx, "EPSG:4326", LC_SHIFT_GCJ02, "EPSG:32650", &gcj),
                     LC_OK);
    double x = 117, y = 0;
    assert_true(lc_xform_point(plain, &x, &y));
    assert_float_equal(x, 500000, 1e-6);
    assert_float_equal(y, 0, 1e-6);
    double wx = 117.2, wy = 39.13, gx, gy;
    lc_wgs84_to_gcj02(wx, wy, &gx, &gy);
    assert_true(lc_xform_point(plain, &wx, &wy));
    assert_true(lc_xform_point(gcj, &gx, &gy));
    assert_float_equal(gx, wx, 1e-3);
    assert_float_equal(gy, wy, 1e-3);
    double nx = NAN, ny = 1;
    assert_false(lc_xform_point(plain, &nx, &ny));
    lc_xform_destroy(plain);
    lc_xform_destroy(gcj);
}

/* An area cut to boxes: two 10 m squares and a 4 m hole, against boxes whose answers are
 * hand-computed; the pieces are valid MultiPolygons and NULL where nothing lies. */
static void clip_boxes_hand_areas(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *g = GEOSGeomFromWKT_r(ctx->geos,
        "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(3 3,7 3,7 7,3 7,3 3)),"
        "((20 0,30 0,30 10,20 10,20 0)))");
    assert_non_null(g);
    unsigned char *wkb;
    size_t len;
    assert_int_equal(lc_geom_to_wkb(ctx, g, &wkb, &len), LC_OK);
    GEOSGeom_destroy_r(ctx->geos, g);
    static const double boxes[][4] = {
        {-1, -1, 40, 20},  /* everything, kept whole: 100 - 16 + 100 */
        {5, -5, 25, 5},    /* a corner of each square (areas below) */
        {100, 100, 110, 110}, /* nothing */
        {4, 4, 6, 6},      /* inside the hole: nothing */
        {10, 0, 20, 10},   /* between them, touching both along an edge: no area */
    };
    /* box 1: left square x 5..10, y 0..5 = 25 less the hole's x 5..7, y 3..5 = 4: 21;
     * right square x 20..25, y 0..5 = 25 */
    static const double want[] = {184, 46, -1, -1, -1};
    unsigned char *out[5];
    size_t olen[5];
    assert_int_equal(lc_geom_clip_boxes(ctx, wkb, len, boxes, 5, out, olen), LC_OK);
    for (size_t i = 0; i < 5; i++) {
        if (want[i] < 0) {
            if (out[i]) {
                GEOSGeometry *p = lc_geom_from_wkb(ctx, out[i], olen[i]);
                double a = -1;
                GEOSArea_r(ctx->geos, p, &a);
                fail_msg("box %zu: expected nothing, got an area of %g", i, a);
            }
            continue;
        }
        assert_non_null(out[i]);
        GEOSGeometry *p = lc_geom_from_wkb(ctx, out[i], olen[i]);
        assert_non_null(p);
        assert_int_equal(GEOSGeomTypeId_r(ctx->geos, p), GEOS_MULTIPOLYGON);
        assert_int_equal(GEOSisValid_r(ctx->geos, p), 1);
        double a;
        assert_true(GEOSArea_r(ctx->geos, p, &a));
        assert_float_equal(a, want[i], 1e-9);
        GEOSGeom_destroy_r(ctx->geos, p);
        lc_free(out[i]);
    }
    lc_free(wkb);
    /* no area at all: every box empty */
    assert_int_equal(lc_geom_clip_boxes(ctx, NULL, 0, boxes, 5, out, olen), LC_OK);
    for (size_t i = 0; i < 5; i++) assert_null(out[i]);
}

/* A polygon with more holes than ClipByRect handles fast takes the other path: 100 holes of
 * 2 x 2 m in a 100 m square, boxes through holes, around holes and beside them; the pieces
 * are valid and their areas those of GEOS's overlay and of the hand count. */
static void clip_boxes_many_holes(void **state)
{
    lc_ctx *ctx = *state;
    char wkt[16384] = "POLYGON((0 0,100 0,100 100,0 100,0 0)";
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++) {
            double x = i * 10 + 4, y = j * 10 + 4;
            char h[256];
            snprintf(h, sizeof h, ",(%g %g,%g %g,%g %g,%g %g,%g %g)", x, y, x + 2, y, x + 2, y + 2,
                     x, y + 2, x, y);
            strcat(wkt, h);
        }
    strcat(wkt, ")");
    GEOSGeometry *g = GEOSGeomFromWKT_r(ctx->geos, wkt);
    assert_non_null(g);
    unsigned char *wkb;
    size_t len;
    assert_int_equal(lc_geom_to_wkb(ctx, g, &wkb, &len), LC_OK);
    static const double boxes[][4] = {
        {0, 0, 100, 100},   /* all: 10000 - 400 */
        {3, 3, 27, 27},     /* 9 holes wholly inside, none crossing: 576 - 36 */
        {5, 5, 25, 25},     /* cuts 8 holes (1 x 1 at the corners, 1 x 2 at the sides), one
                               wholly inside (14..16): 400 - (1 + 2 + 1)^2 */
        {-10, 40, 110, 41}, /* a thin band along y 40..41 through a row of no holes: 100 */
        {200, 0, 300, 10},  /* nothing */
    };
    static const double want[] = {9600, 540, 384, 100, -1};
    unsigned char *out[5];
    size_t olen[5];
    assert_int_equal(lc_geom_clip_boxes(ctx, wkb, len, boxes, 5, out, olen), LC_OK);
    for (size_t i = 0; i < 5; i++) {
        if (want[i] < 0) {
            assert_null(out[i]);
            continue;
        }
        assert_non_null(out[i]);
        GEOSGeometry *p = lc_geom_from_wkb(ctx, out[i], olen[i]);
        assert_int_equal(GEOSisValid_r(ctx->geos, p), 1);
        GEOSGeometry *r = GEOSGeom_createRectangle_r(ctx->geos, boxes[i][0], boxes[i][1],
                                                     boxes[i][2], boxes[i][3]);
        GEOSGeometry *ref = GEOSIntersection_r(ctx->geos, g, r);
        double a, ar;
        assert_true(GEOSArea_r(ctx->geos, p, &a) && GEOSArea_r(ctx->geos, ref, &ar));
        assert_float_equal(a, want[i], 1e-9);
        assert_float_equal(ar, want[i], 1e-9);
        GEOSGeometry *d = GEOSSymDifference_r(ctx->geos, p, ref);
        double ad;
        assert_true(GEOSArea_r(ctx->geos, d, &ad));
        assert_float_equal(ad, 0, 1e-9);
        GEOSGeom_destroy_r(ctx->geos, d);
        GEOSGeom_destroy_r(ctx->geos, ref);
        GEOSGeom_destroy_r(ctx->geos, r);
        GEOSGeom_destroy_r(ctx->geos, p);
        lc_free(out[i]);
    }
    lc_free(wkb);
    GEOSGeom_destroy_r(ctx->geos, g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(repair_bowtie),
        cmocka_unit_test(clip_boxes_hand_areas),
        cmocka_unit_test(clip_boxes_many_holes),
        cmocka_unit_test(valid_polygon_passes),
        cmocka_unit_test(not_polygonal),
        cmocka_unit_test(rings_disc_area_matches_geos),
        cmocka_unit_test(capsules_area_matches_geos),
        cmocka_unit_test(segments_join_collinear),
        cmocka_unit_test(tiled_union_matches_geos),
        cmocka_unit_test(tiled_union_cache_same_result),
        cmocka_unit_test(tiled_union_island_in_hole),
        cmocka_unit_test(tiled_union_non_convex),
        cmocka_unit_test(capsules_area_dense_streets),
        cmocka_unit_test(tiled_union_dense_streets),
        cmocka_unit_test(covered_capsules_dropped),
        cmocka_unit_test(working_crs_default),
        cmocka_unit_test(working_crs_refused),
        cmocka_unit_test(source_crs_required),
        cmocka_unit_test(transform_with_offset),
    };
    return cmocka_run_group_tests_name("geom", tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
