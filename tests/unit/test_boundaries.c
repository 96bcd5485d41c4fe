/*
 * test_boundaries.c — every "within r" rule of the user guide at exactly its threshold, and just
 * beyond it. Each layout is built so that the distance the rule compares is exact in
 * floating point: coordinates are small integers or binary fractions (k/1024), distances are
 * axis-aligned differences or Pythagorean triples, so every subtraction, square and square
 * root involved is exact. "Just beyond" is the next double above the threshold
 * (nextafter(r, INFINITY)) where a coordinate can carry it exactly, else an exact step of
 * 1/1024 or 2/1024 m along a Pythagorean diagonal. Where a GEOS distance is the measure, the
 * test computes it and asserts it equals r before it asserts the rule.
 *
 * The rules and their user guide sentences:
 *   1. straight line: k_g = 1 when k_d > r, "A facility at exactly r counts as within";
 *      k_c = area(estate ∩ discs) / area(estate): 0 where the disc only touches the estate,
 *      1 where it reaches the farthest corner.
 *   2. walking: k_w (access offset + path + facility offset); in network mode "gap when
 *      k_w > r or null"; the search is "cut off at the largest radius; k_w is null beyond it".
 *   3. access points: "network vertices inside it or within access_snap of its boundary".
 *   4. snapping: a facility "farther than max_snap ... is unreachable"; an estate's point on
 *      surface and its entrances are snapped "within max_snap".
 *   5. bundles: "two eligible estates whose polygons are at most gap metres apart".
 *   6. reach of sites and of 2SFCA catchments: "Covered means exactly what the coverage fields
 *      say ... ≤ the tier radius"; 2SFCA sums over d_ij ≤ r ("within r inclusive").
 *   7. topology: "vertices within 1 cm of each other after projection are one node".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lc_layout.h"
#include "lc_test.h"
#include "bundle/bundle.h"
#include "cover/access.h"
#include "cover/cover.h"
#include "cover/reach.h"
#include "cover/walk.h"

/* The defaults of the user guide's settings table. */
static const double R5 = 300, R10 = 500, R15 = 1000;
static const double ACCESS_SNAP = 30, MAX_SNAP = 200, GAP = 25;

static double above(double r)
{
    return nextafter(r, INFINITY);
}

/* An axis-aligned rectangle estate, built from its doubles (no decimal text in between). */
static void add_rect(lc_ctx *ctx, layout *L, double x0, double y0, double x1, double y1)
{
    assert_true(L->ds.nest < LAYOUT_MAX);
    lc_estate *e = &L->est[L->ds.nest++];
    lc_polyfix fix;
    GEOSGeometry *r = GEOSGeom_createRectangle_r(ctx->geos, x0, y0, x1, y1);
    assert_int_equal(lc_geom_polygonal(ctx, r, &e->geom, &fix), LC_OK);
    assert_int_equal(fix, LC_POLY_OK);
    e->prep = GEOSPrepare_r(ctx->geos, e->geom);
    GEOSArea_r(ctx->geos, e->geom, &e->area_m2);
    GEOSGeom_getExtent_r(ctx->geos, e->geom, &e->minx, &e->miny, &e->maxx, &e->maxy);
    assert_int_equal(lc_rings_init(ctx, e->geom, &e->rings), LC_OK);
    char id[16];
    snprintf(id, sizeof id, "E%zu", L->ds.nest - 1);
    e->id = lc_strdup(id);
    e->district = lc_strdup("");
    e->row = L->ds.nest - 1;
}

static double geos_dist(lc_ctx *ctx, const lc_estate *e, double x, double y)
{
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(ctx->geos, x, y);
    double d = NAN;
    assert_int_equal(GEOSDistance_r(ctx->geos, e->geom, p, &d), 1);
    GEOSGeom_destroy_r(ctx->geos, p);
    return d;
}

static GEOSGeometry *line_of(lc_ctx *ctx, const double *xy, unsigned n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(ctx->geos, n, 2);
    for (unsigned i = 0; i < n; i++) GEOSCoordSeq_setXY_r(ctx->geos, cs, i, xy[2 * i], xy[2 * i + 1]);
    return GEOSGeom_createLineString_r(ctx->geos, cs);
}

/* A street graph of one polyline given by its vertices (built from doubles). */
static lc_graph *street_xy(lc_ctx *ctx, const double *xy, unsigned n)
{
    GEOSGeometry *l = line_of(ctx, xy, n);
    lc_graph *g;
    assert_int_equal(lc_graph_build(ctx, (const GEOSGeometry *const *)&l, 1, 0.01, false, &g),
                     LC_OK);
    GEOSGeom_destroy_r(ctx->geos, l);
    return g;
}

static lc_settings tiers(double r5, double r10, double r15)
{
    lc_settings s;
    memset(&s, 0, sizeof s);
    s.cover.ntiers = r15 > 0 ? 3 : 2;
    s.cover.radius_m[0] = r5, s.cover.radius_m[1] = r10, s.cover.radius_m[2] = r15;
    s.cover.tier_minutes[0] = 5, s.cover.tier_minutes[1] = 10, s.cover.tier_minutes[2] = 15;
    s.cover.disc_quadsegs = 64;
    s.walk.max_snap_m = MAX_SNAP, s.walk.access_snap_m = ACCESS_SNAP, s.walk.walk_buffer_m = 50;
    return s;
}

/* ---- 1. straight-line coverage ------------------------------------------------------- */

/* Rule: k_g = 1 when k_d > r; "A facility at exactly r counts as within" (user guide, Coverage
 * definitions). Per tier t two estates [-1, 0] x [y, y + 1], 3 km apart in y so that only
 * their own facility is within 1 km: one facility at (r_t, y + 0.5), exactly r_t east of the
 * edge x = 0 (the distance is px − 0, exact), one at (nextafter(r_t), y + 0.5). At exactly r_t
 * there is no gap at tier t (a gap at the smaller tiers only); just beyond there is. At
 * r15 = 1000, the largest radius, the facility just beyond lies outside the query box and
 * k_d comes from the nearest-neighbour search. The disc at exactly r only touches the
 * estate in one point, so k_c is 0 there. */
static void line_gaps_at_each_tier(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    lc_settings s = tiers(R5, R10, R15);
    double want[6];
    for (size_t i = 0; i < 6; i++) {
        double y = 3000.0 * (double)i, r = s.cover.radius_m[i / 2];
        want[i] = i % 2 ? above(r) : r;
        add_rect(ctx, &L, -1, y, 0, y + 1);
        add_facility(ctx, &L, want[i], y + 0.5);
        assert_true(geos_dist(ctx, &L.est[i], want[i], y + 0.5) == want[i]);
    }
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, &L.ds, &s.cover, 0, &cv), LC_OK);
    for (size_t i = 0; i < 6; i++) {
        size_t tier = i / 2;
        bool beyond = i % 2;
        assert_true(LC_COV_D(cv, 0, i) == want[i]);
        for (size_t t = 0; t < 3; t++) {
            bool gap = beyond ? t <= tier : t < tier;
            assert_int_equal(cv->g[LC_COV_IDX(cv, 0, t, i)], gap);
        }
        if (!beyond) assert_true(cv->c[LC_COV_IDX(cv, 0, tier, i)] == 0.0);
    }
    lc_cover_destroy(ctx, cv);
    layout_clear(ctx, &L);
}

/* Shares of the 180 x 240 estate with a facility on its corner (0, 0) at r = 300 − 1/1024
 * and r = 300; with `second`, another facility at (-100, 120) covers part of it at both. */
static void corner_shares(lc_ctx *ctx, bool second, double c[2])
{
    layout L;
    layout_init(&L);
    add_rect(ctx, &L, 0, 0, 180, 240);
    add_facility(ctx, &L, 0, 0);
    if (second) add_facility(ctx, &L, -100, 120);
    lc_settings s = tiers(R5 - 1.0 / 1024, R5, 0);
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, &L.ds, &s.cover, 0, &cv), LC_OK);
    c[0] = cv->c[LC_COV_IDX(cv, 0, 0, 0)], c[1] = cv->c[LC_COV_IDX(cv, 0, 1, 0)];
    lc_cover_destroy(ctx, cv);
    layout_clear(ctx, &L);
}

/* Rule: k_c = area(estate ∩ discs of radius r) / area(estate), and "when a disc contains
 * every vertex of the estate the share is 1" (user guide, Coverage definitions). The estate
 * [0, 180] x [0, 240] with a facility on its corner (0, 0): the far corner is at
 * √(180² + 240²) = 300 exactly, so the disc of r5 = 300 holds the whole estate (share exactly
 * 1), and the disc of 300 − 1/1024 misses a sliver at the far corner (share < 1). The same
 * with a second facility partly covering the estate: the disc holding it still makes the
 * share exactly 1 (the 256-gon union of the two would miss the far corner by a fraction of
 * a millimetre). A facility exactly 300 east of the edge of [-1, 0] x [5000, 5001]: its disc
 * of 300 only touches the estate (share 0, yet no gap); the disc of 300 + 1/1024 cuts in. */
static void line_share_at_corner_and_tangent(void **state)
{
    lc_ctx *ctx = *state;
    GEOSGeometry *o = GEOSGeom_createPointFromXY_r(ctx->geos, 0, 0);
    GEOSGeometry *far = GEOSGeom_createPointFromXY_r(ctx->geos, 180, 240);
    double corner;
    assert_int_equal(GEOSDistance_r(ctx->geos, o, far, &corner), 1);
    assert_true(corner == R5);
    GEOSGeom_destroy_r(ctx->geos, o);
    GEOSGeom_destroy_r(ctx->geos, far);
    for (int second = 0; second < 2; second++) {
        double c[2];
        corner_shares(ctx, second, c);
        assert_true(c[0] < 1.0 && c[0] > 1.0 - 1e-9);
        assert_true(c[1] == 1.0);
    }

    layout L;
    layout_init(&L);
    add_rect(ctx, &L, -1, 5000, 0, 5001);
    add_facility(ctx, &L, R5, 5000.5);
    assert_true(geos_dist(ctx, &L.est[0], R5, 5000.5) == R5);
    lc_settings s = tiers(R5, R5 + 1.0 / 1024, 0);
    lc_cover *cv;
    assert_int_equal(lc_cover_compute(ctx, &L.ds, &s.cover, 0, &cv), LC_OK);
    assert_int_equal(cv->g[LC_COV_IDX(cv, 0, 0, 0)], 0);
    assert_true(cv->c[LC_COV_IDX(cv, 0, 0, 0)] == 0.0);
    assert_true(cv->c[LC_COV_IDX(cv, 0, 1, 0)] > 0.0);
    lc_cover_destroy(ctx, cv);
    layout_clear(ctx, &L);
}

/* ---- 2. walking distance ------------------------------------------------------------- */

/* A street along y = 0 from x = start through vertices every `step` metres to a last vertex
 * at x = end, inside a 1 m estate square centred on it (access offset 0), and a facility at
 * (0, 0) on the street (snap offset 0). Edge lengths are hypot(dx, 0) = dx, exact: `step`,
 * and end − (a multiple of step) where end is 300 or 500 or the next double above them
 * (e.g. 100 + 2^-44). So k_w = end exactly: along edges from a facility on the first vertex
 * (start = 0, step = 100), or straight from a seed of the search when the street is one edge
 * from −end to end with the facility at its middle (t = 0.5: both seeds at end). */
typedef struct {
    layout L;
    lc_graph *g;
    lc_walk *wk;
} walk_case;

static void walk_case_init(lc_ctx *ctx, walk_case *c, double start, double end, double step)
{
    layout_init(&c->L);
    add_rect(ctx, &c->L, end - 0.5, -0.5, end + 0.5, 0.5);
    add_facility(ctx, &c->L, 0, 0);
    double xy[16];
    unsigned n = 0;
    for (double x = start; end - x > step / 2; x += step) xy[2 * n] = x, xy[2 * n + 1] = 0, n++;
    xy[2 * n] = end, xy[2 * n + 1] = 0, n++;
    c->g = street_xy(ctx, xy, n);
    lc_settings s = tiers(R5, R10, 0);
    /* as a run does: the search is bounded by the largest radius */
    assert_int_equal(lc_walk_compute(ctx, &c->L.ds, c->g, &s.walk, R10, &c->wk), LC_OK);
    assert_int_equal(c->wk->acc_off[1] - c->wk->acc_off[0], 1);
    assert_true(c->wk->acc[0].offset_m == 0.0);
    assert_true(c->wk->fac_ok[0] && c->wk->fac_snap[0].offset_m == 0.0);
}

static void walk_case_clear(lc_ctx *ctx, walk_case *c)
{
    lc_walk_destroy(c->wk);
    lc_graph_destroy(c->g);
    layout_clear(ctx, &c->L);
}

/* k_w of the case and its network-mode gap flags at r5 = 300 and r10 = 500. */
static double walk_gaps(lc_ctx *ctx, double start, double end, double step,
                        unsigned char gap[2])
{
    walk_case c;
    walk_case_init(ctx, &c, start, end, step);
    lc_cover cv;
    memset(&cv, 0, sizeof cv);
    cv.nest = 1, cv.ncat = 1, cv.ntiers = 2, cv.g = gap;
    cv.radius_m[0] = R5, cv.radius_m[1] = R10;
    lc_walk_apply_gaps(&cv, c.wk);
    double w = LC_WALK_W(c.wk, 0, 0);
    walk_case_clear(ctx, &c);
    return w;
}

/* Rule: "In network mode k_g5/k_g10 use k_w (gap when k_w > r or null)" and the search is
 * "cut off at the largest radius; k_w is null beyond it" (user guide, Walking network). k_w = 300
 * exactly is no gap at r5; nextafter(300) is. k_w = 500, the largest radius, is still a
 * distance and no gap at r10; nextafter(500) is beyond the search: null, a gap — whether the
 * estate's vertex is reached along edges or is a seed of the search. */
static void walk_distance_at_each_tier(void **state)
{
    lc_ctx *ctx = *state;
    unsigned char gap[2];
    assert_true(walk_gaps(ctx, 0, R5, 100, gap) == R5);
    assert_int_equal(gap[0], 0);
    assert_int_equal(gap[1], 0);
    assert_true(walk_gaps(ctx, 0, above(R5), 100, gap) == above(R5));
    assert_int_equal(gap[0], 1);
    assert_int_equal(gap[1], 0);

    assert_true(walk_gaps(ctx, 0, R10, 100, gap) == R10);
    assert_int_equal(gap[0], 1);
    assert_int_equal(gap[1], 0);
    assert_true(isnan(walk_gaps(ctx, 0, above(R10), 100, gap)));
    assert_int_equal(gap[1], 1);

    assert_true(walk_gaps(ctx, -R10, R10, 2 * R10, gap) == R10); /* a seed at the bound */
    assert_int_equal(gap[1], 0);
    assert_true(isnan(walk_gaps(ctx, -above(R10), above(R10), 2 * above(R10), gap)));
    assert_int_equal(gap[1], 1);
}

/* ---- 3. access points ---------------------------------------------------------------- */

/* Node access points of the estate [0, 1]² when the street starts at (x, y) and runs 100 m
 * in the direction (ux, uy); *offset gets the first one's offset. Without one the estate
 * falls back to its point on surface snapped onto the street. */
static size_t access_points(lc_ctx *ctx, double x, double y, double ux, double uy,
                            double *offset)
{
    layout L;
    layout_init(&L);
    add_rect(ctx, &L, 0, 0, 1, 1);
    double xy[4] = {x, y, x + 100 * ux, y + 100 * uy};
    lc_graph *g = street_xy(ctx, xy, 2);
    lc_settings s = tiers(R5, R10, 0);
    lc_walk *wk;
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, R10, &wk), LC_OK);
    size_t n = wk->acc_off[1] - wk->acc_off[0];
    *offset = n ? wk->acc[0].offset_m : NAN;
    if (!n) assert_int_equal(wk->eacc_off[1] - wk->eacc_off[0], 1); /* the fallback */
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    layout_clear(ctx, &L);
    return n;
}

/* Rule: "An estate's access points are the network vertices inside it or within
 * access_snap of its boundary (the distance to the polygon counts as walking)" (user guide,
 * Walking network). Off each side of [0, 1]², from the side's midpoint outwards: a vertex
 * 30 m away (e.g. (31, 0.5): the distance is 31 − 1, exact) is an access point with offset
 * 30; one nextafter(30) away (31 + 2^-48 or −30 − 2^-48, both exact) is not. Off the corner
 * (1, 1), where the search box holds the vertex and only the distance decides:
 * (1 + 18, 1 + 24) is √(18² + 24²) = 30 away; (1 + 14880/1024, 1 + 26878/1024) is
 * 30722/1024 = 30 + 1/512 away (14880² + 26878² = 30722², all exact in doubles). */
static void access_point_at_access_snap(void **state)
{
    lc_ctx *ctx = *state;
    /* a side's midpoint and its outward direction: east, west, north, south */
    static const double side[4][4] = {{1, 0.5, 1, 0}, {0, 0.5, -1, 0}, {0.5, 1, 0, 1},
                                      {0.5, 0, 0, -1}};
    layout L;
    layout_init(&L);
    add_rect(ctx, &L, 0, 0, 1, 1);
    for (size_t i = 0; i < 4; i++) {
        const double *sd = side[i];
        double x = sd[0] + sd[2] * ACCESS_SNAP, y = sd[1] + sd[3] * ACCESS_SNAP;
        assert_true(geos_dist(ctx, &L.est[0], x, y) == ACCESS_SNAP);
    }
    assert_true(geos_dist(ctx, &L.est[0], 1 + 18, 1 + 24) == ACCESS_SNAP);
    assert_true(geos_dist(ctx, &L.est[0], 1 + 14880.0 / 1024, 1 + 26878.0 / 1024) ==
                30722.0 / 1024);
    layout_clear(ctx, &L);

    double off;
    for (size_t i = 0; i < 4; i++) {
        const double *sd = side[i];
        double at = ACCESS_SNAP, beyond = above(ACCESS_SNAP);
        assert_int_equal(access_points(ctx, sd[0] + sd[2] * at, sd[1] + sd[3] * at, sd[2], sd[3],
                                       &off), 1);
        assert_true(off == ACCESS_SNAP);
        assert_int_equal(access_points(ctx, sd[0] + sd[2] * beyond, sd[1] + sd[3] * beyond,
                                       sd[2], sd[3], &off), 0);
    }
    assert_int_equal(access_points(ctx, 1 + 18, 1 + 24, 1, 0, &off), 1);
    assert_true(off == ACCESS_SNAP);
    assert_int_equal(access_points(ctx, 1 + 14880.0 / 1024, 1 + 26878.0 / 1024, 1, 0, &off), 0);
}

/* ---- 4. snapping within max_snap ----------------------------------------------------- */

/* Rule: "A facility is snapped to the nearest point of the nearest edge; the snap offset
 * counts as walking; farther than max_snap it is reported and unreachable" (user guide, Walking
 * network). The street (0, 0)-(100, 0); facilities above its middle at y = 200 (the
 * distance is |y|, exact) and y = nextafter(200), the same below it, and west of its end at
 * x = −200 and −nextafter(200): below and west, the grid's origin row or column is the edge
 * of the search box. An estate on the street's first vertex gives the run its access. */
static void facility_snap_at_max_snap(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_rect(ctx, &L, -1, -1, 0, 0);
    double ys[4] = {MAX_SNAP, above(MAX_SNAP), -MAX_SNAP, -above(MAX_SNAP)};
    for (size_t j = 0; j < 4; j++) add_facility(ctx, &L, 50, ys[j]);
    add_facility(ctx, &L, -MAX_SNAP, 0);
    add_facility(ctx, &L, -above(MAX_SNAP), 0);
    double xy[4] = {0, 0, 100, 0};
    GEOSGeometry *l = line_of(ctx, xy, 2);
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(ctx->geos, 50, MAX_SNAP);
    double d;
    assert_int_equal(GEOSDistance_r(ctx->geos, l, p, &d), 1);
    assert_true(d == MAX_SNAP);
    GEOSGeom_destroy_r(ctx->geos, p);
    GEOSGeom_destroy_r(ctx->geos, l);
    lc_graph *g = street_xy(ctx, xy, 2);
    lc_settings s = tiers(R5, R10, 0);
    lc_walk *wk;
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, R10, &wk), LC_OK);
    for (size_t j = 0; j < 6; j++) {
        assert_int_equal(wk->fac_ok[j], j % 2 == 0);
        if (j % 2 == 0) assert_true(wk->fac_snap[j].offset_m == MAX_SNAP);
    }
    assert_int_equal(wk->fac_unreachable, 3);
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    layout_clear(ctx, &L);
}

/* The street (-100, 0)-(100, 0); estate 0 is a 2 m square centred on (0, y) with no vertex
 * near it, estate 1 holds the vertex (100, 0) so the run has access somewhere. With
 * `entrance`, estate 0's one gate is at (0, y) instead. Returns estate 0's edge access
 * points; *offset gets the first one's snap offset. */
static size_t edge_access(lc_ctx *ctx, double y, bool entrance, double *offset)
{
    layout L;
    layout_init(&L);
    add_rect(ctx, &L, -1, y - 1, 1, y + 1);
    add_rect(ctx, &L, 99, -1, 101, 1);
    size_t off[3] = {0, 1, 1};
    double gate[2] = {0, y};
    if (entrance) L.ds.ent_off = off, L.ds.ent_xy = gate;
    GEOSGeometry *pos = lc_geom_point_on_surface(ctx, L.est[0].geom);
    double px, py;
    GEOSGeomGetX_r(ctx->geos, pos, &px), GEOSGeomGetY_r(ctx->geos, pos, &py);
    GEOSGeom_destroy_r(ctx->geos, pos);
    assert_true(px == 0 && py == y); /* the point on surface is the square's centre */
    double xy[4] = {-100, 0, 100, 0};
    lc_graph *g = street_xy(ctx, xy, 2);
    lc_settings s = tiers(R5, R10, 0);
    lc_walk *wk;
    assert_int_equal(lc_walk_compute(ctx, &L.ds, g, &s.walk, R10, &wk), LC_OK);
    assert_int_equal(wk->acc_off[1] - wk->acc_off[0], 0);
    size_t n = wk->eacc_off[1] - wk->eacc_off[0];
    *offset = n ? wk->eacc[0].offset_m : NAN;
    assert_int_equal(wk->est_no_access, n ? 0 : 1);
    lc_walk_destroy(wk);
    lc_graph_destroy(g);
    layout_clear(ctx, &L);
    return n;
}

/* Rule: "where there is none, its point on surface is snapped to the nearest edge (within
 * max_snap; otherwise the estate has no access ...)" and entrances are "snapped to the
 * nearest edge (within max_snap; the snap offset counts as walking)" (user guide, Walking
 * network). The point (0, y) lies |y| from the street y = 0: y = 200 snaps with offset 200;
 * y = nextafter(200) (the square [-1, 1] x [y - 1, y + 1] is exact there too) does not. */
static void estate_snap_at_max_snap(void **state)
{
    lc_ctx *ctx = *state;
    double off;
    for (int entrance = 0; entrance < 2; entrance++) {
        assert_int_equal(edge_access(ctx, MAX_SNAP, entrance, &off), 1);
        assert_true(off == MAX_SNAP);
        assert_int_equal(edge_access(ctx, above(MAX_SNAP), entrance, &off), 0);
    }
}

/* ---- 5. bundle adjacency ------------------------------------------------------------- */

/* Adjacent pairs of the square [0, 1]² and the square with lower-left corner (x, y) at the
 * default gap; *gap gets the pair's gap_m. The GEOS distance of the two must be `want`. */
static size_t adjacent_pairs(lc_ctx *ctx, double x, double y, double want, double *gap)
{
    layout L;
    layout_init(&L);
    add_rect(ctx, &L, 0, 0, 1, 1);
    add_rect(ctx, &L, x, y, x + 1, y + 1);
    double d;
    assert_int_equal(GEOSDistance_r(ctx->geos, L.est[0].geom, L.est[1].geom, &d), 1);
    assert_true(d == want);
    bool eligible[2] = {true, true};
    lc_adjacency adj;
    assert_int_equal(lc_adjacency_build(ctx, &L.ds, eligible, GAP, NULL, 0, &adj), LC_OK);
    size_t n = adj.npairs;
    *gap = n ? adj.pairs[0].gap_m : NAN;
    lc_adjacency_clear(&adj);
    layout_clear(ctx, &L);
    return n;
}

/* Rule: "Adjacent: two eligible estates whose polygons are at most gap metres apart (GEOS
 * distance)" (user guide, Bundles). Side by side: the second square from x = 26 is 25 m away
 * (adjacent), from x = 1 + nextafter(25) = 26 + 2^-48 (exact) it is not. Corner to corner,
 * where the candidate box holds both and only the distance decides: (1, 1) to (16, 21) is
 * √(15² + 20²) = 25; to (1 + 320/1024, 1 + 25599/1024) it is 25601/1024 = 25 + 1/1024
 * (320² + 25599² = 25601², exact). */
static void adjacency_at_gap(void **state)
{
    lc_ctx *ctx = *state;
    double gap;
    assert_int_equal(adjacent_pairs(ctx, 1 + GAP, 0, GAP, &gap), 1);
    assert_true(gap == GAP);
    assert_int_equal(adjacent_pairs(ctx, 1 + above(GAP), 0, above(GAP), &gap), 0);
    assert_int_equal(adjacent_pairs(ctx, 16, 21, GAP, &gap), 1);
    assert_true(gap == GAP);
    assert_int_equal(adjacent_pairs(ctx, 1 + 320.0 / 1024, 1 + 25599.0 / 1024, 25601.0 / 1024,
                                    &gap), 0);
}

/* ---- 6. reach of sites and 2SFCA catchments ----------------------------------------- */

/* Rule: "Covered means exactly what the coverage fields say: straight line, an estate is
 * covered by a site when the distance from its polygon to the site is ≤ the tier radius"
 * (user guide, Sites; reach.h: "within r inclusive"). The estate [-1, 0] x [0, 1]; points
 * (300, 0.5) at 300 exactly, (nextafter(300), 0.5) just beyond, and off the corner (0, 1):
 * (180, 241) at √(180² + 240²) = 300, and (66120/1024, 1 + 300001/1024) at 307201/1024 =
 * 300 + 1/1024 (66120² + 300001² = 307201², exact), inside the query box. */
static void line_reach_at_radius(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_rect(ctx, &L, -1, 0, 0, 1);
    double xy[8] = {R5, 0.5, above(R5), 0.5, 180, 241, 66120.0 / 1024, 1 + 300001.0 / 1024};
    double want[4] = {R5, above(R5), R5, 307201.0 / 1024};
    for (size_t j = 0; j < 4; j++)
        assert_true(geos_dist(ctx, &L.est[0], xy[2 * j], xy[2 * j + 1]) == want[j]);
    bool eligible[1] = {true};
    lc_reach_sets rs;
    assert_int_equal(lc_reach_line(ctx, &L.ds, xy, 4, eligible, R5, true, &rs), LC_OK);
    for (size_t j = 0; j < 4; j++) assert_int_equal(rs.off[j + 1] - rs.off[j], j % 2 == 0);
    assert_true(rs.dist[0] == R5 && rs.dist[1] == R5);
    lc_reach_sets_clear(&rs);
    layout_clear(ctx, &L);
}

/* Rule: with --network "when its walking distance is ≤ the radius (as k_w: the site is
 * snapped to the nearest edge within max_snap, the snap offset walks; one bounded search
 * per candidate)" (user guide, Sites). The walking layout of rule 2 with a candidate site on
 * its first vertex: at 300 exactly it reaches the estate, at nextafter(300) it does not. */
static size_t walk_reach(lc_ctx *ctx, double end, double *dist)
{
    walk_case c;
    walk_case_init(ctx, &c, 0, end, 100);
    double xy[2] = {0, 0};
    bool eligible[1] = {true};
    lc_reach_sets rs;
    assert_int_equal(lc_reach_walk(ctx, &c.L.ds, c.g, c.wk, xy, 1, eligible, R5, MAX_SNAP, true,
                                   &rs), LC_OK);
    size_t n = rs.off[1] - rs.off[0];
    *dist = n ? rs.dist[0] : NAN;
    lc_reach_sets_clear(&rs);
    walk_case_clear(ctx, &c);
    return n;
}

static void walk_reach_at_radius(void **state)
{
    lc_ctx *ctx = *state;
    double d;
    assert_int_equal(walk_reach(ctx, R5, &d), 1);
    assert_true(d == R5);
    assert_int_equal(walk_reach(ctx, above(R5), &d), 0);
}

/* Rule: 2SFCA sums over "d_ij ≤ r" and d_ij is "the one coverage uses: straight line as k_d
 * (estate polygon to point, within r inclusive)" (user guide, Capacity-aware access). One
 * facility of 10 places reaches two estates of 100 people each at 300 and nextafter(300)
 * (a reach at a larger radius, as a run makes it once for every tier). At r = 300 only the
 * first counts: ratio 10 / 100, access 0.1 and 0; at r = nextafter(300) both: 0.05 each. */
static void catchment_at_radius(void **state)
{
    (void)state;
    size_t off[2] = {0, 2};
    uint32_t est[2] = {0, 1};
    double dist[2] = {R5, above(R5)};
    lc_reach_sets rs = {.n = 1, .off = off, .est = est, .dist = dist};
    double supply[1] = {10}, demand[2] = {100, 100}, ratio[1], load[1], access[2];
    lc_access_2sfca(&rs, supply, demand, 2, R5, LC_DECAY_NONE, ratio, load, access);
    assert_true(ratio[0] == 0.1 && access[0] == 0.1 && access[1] == 0.0);
    lc_access_2sfca(&rs, supply, demand, 2, above(R5), LC_DECAY_NONE, ratio, load, access);
    assert_true(ratio[0] == 0.05 && access[0] == 0.05 && access[1] == 0.05);
}

/* ---- 7. network topology ------------------------------------------------------------ */

/* Nodes of the graph of n two-point lines seg[i] = {x0, y0, x1, y1}, merged at 1 cm as a
 * run reads the network (model/network.c). */
static size_t graph_nodes(lc_ctx *ctx, const double (*seg)[4], size_t n)
{
    GEOSGeometry *lines[4];
    assert_true(n <= 4);
    for (size_t i = 0; i < n; i++) lines[i] = line_of(ctx, seg[i], 2);
    lc_graph *g;
    assert_int_equal(lc_graph_build(ctx, (const GEOSGeometry *const *)lines, n, 0.01, false, &g),
                     LC_OK);
    size_t nodes = g->nnodes;
    lc_graph_destroy(g);
    for (size_t i = 0; i < n; i++) GEOSGeom_destroy_r(ctx->geos, lines[i]);
    return nodes;
}

/* Two lines, one ending at (0, 0), the other starting at (x, y) and running 100 m east. */
static size_t nodes_of_pair(lc_ctx *ctx, double x, double y)
{
    const double seg[2][4] = {{-100, 0, 0, 0}, {x, y, x + 100, y}};
    return graph_nodes(ctx, seg, 2);
}

/* Rule: "vertices within 1 cm of each other after projection are one node" (user guide, Walking
 * network, Topology); the tolerance is the double 0.01. Along x: (0, 0) and (0.01, 0) are
 * hypot(0.01, 0) = 0.01 apart, one node (3 nodes in all); (nextafter(0.01), 0) is just beyond,
 * two nodes (4). On a diagonal: (0.006, 0.008) is hypot = 0.01 exactly (asserted), one node. */
static void vertex_merge_at_one_cm(void **state)
{
    lc_ctx *ctx = *state;
    const double tol = 0.01;
    assert_true(hypot(0.006, 0.008) == tol);
    assert_int_equal(nodes_of_pair(ctx, tol, 0), 3);
    assert_int_equal(nodes_of_pair(ctx, nextafter(tol, 1), 0), 4);
    assert_int_equal(nodes_of_pair(ctx, 0.006, 0.008), 3);
}

/* The same rule just beyond 1 cm on the diagonal, where both vertices lie in one 1 cm cell of
 * the merge grid: (0.006, nextafter(0.008)) is hypot = nextafter(0.01) from (0, 0) (asserted),
 * so the user guide says two nodes. */
static void vertex_merge_beyond_one_cm_in_one_cell(void **state)
{
    lc_ctx *ctx = *state;
    const double dy = nextafter(0.008, 1);
    assert_true(hypot(0.006, dy) == nextafter(0.01, 1));
    assert_int_equal(nodes_of_pair(ctx, 0.006, dy), 4);
}

/* The same rule away from the threshold: a line ends at c = (0, 0), a second one starts at
 * a = (0.0099, 0) and a third at b = (0.0101, 0). a is 0.99 cm from c and b 0.02 cm from a:
 * within 1 cm of each other, all three are one node (4 nodes in all with the lines' far
 * ends), wherever the merge grid's cell lines fall. */
static void vertex_merge_chain_within_one_cm(void **state)
{
    lc_ctx *ctx = *state;
    const double seg[3][4] = {{-100, 0, 0, 0}, {0.0099, 0, 0.0099, -100}, {0.0101, 0, 100, 0}};
    assert_int_equal(graph_nodes(ctx, seg, 3), 4);
}

/* The same rule across the lines of the merge grid (1 cm cells, cell lines at x, y = 0): a
 * vertex 2 mm from the corner (0, 0) is joined to one 4 mm (or 5.7 mm) away in each of the
 * neighbouring cells, east, north, north-east and, from the north-west cell, south-east. */
static void vertex_merge_across_cell_lines(void **state)
{
    lc_ctx *ctx = *state;
    const double q = 0.002, pairs[4][4] = {{-q, -q, q, -q}, {-q, -q, -q, q}, {-q, -q, q, q},
                                           {-q, q, q, -q}};
    for (int i = 0; i < 4; i++) {
        const double *p = pairs[i];
        const double seg[2][4] = {{p[0] - 100, p[1], p[0], p[1]}, {p[2], p[3], p[2] + 100, p[3]}};
        assert_int_equal(graph_nodes(ctx, seg, 2), 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(line_gaps_at_each_tier),
        cmocka_unit_test(line_share_at_corner_and_tangent),
        cmocka_unit_test(walk_distance_at_each_tier),
        cmocka_unit_test(access_point_at_access_snap),
        cmocka_unit_test(facility_snap_at_max_snap),
        cmocka_unit_test(estate_snap_at_max_snap),
        cmocka_unit_test(adjacency_at_gap),
        cmocka_unit_test(line_reach_at_radius),
        cmocka_unit_test(walk_reach_at_radius),
        cmocka_unit_test(catchment_at_radius),
        cmocka_unit_test(vertex_merge_at_one_cm),
        cmocka_unit_test(vertex_merge_beyond_one_cm_in_one_cell),
        cmocka_unit_test(vertex_merge_chain_within_one_cm),
        cmocka_unit_test(vertex_merge_across_cell_lines),
    };
    return cmocka_run_group_tests_name("boundaries", tests, lc_test_ctx_setup,
                                       lc_test_ctx_teardown);
}
