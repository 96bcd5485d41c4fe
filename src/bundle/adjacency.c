/*
 * adjacency.c — which eligible estates are adjacent: polygons at most `gap`
 * apart whose nearest points are not separated by a barrier.
 *
 * Candidates come from a GEOS STRtree of the eligible estates queried with each estate's
 * box grown by the gap, so the work is estates × neighbours, not estates². The exact
 * distance and the nearest points come from the estate's prepared geometry; the segment
 * joining the nearest points (a point when the estates touch) is tested against barrier
 * geometries found through a second STRtree, each prepared once. "Crosses a barrier"
 * means the closed segment intersects it, so a barrier running along a shared border
 * also separates. The shared boundary is the length of the intersection of the two
 * boundaries, computed only for touching pairs. An estate and one lying inside it
 * (model/nested.h) are never adjacent: they may never share a bundle.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/nested.h"
#include "bundle.h"
#include "../core/msg.h"

typedef struct {
    lc_ctx *ctx;
    const lc_dataset *ds;
    double gap;
    GEOSSTRtree *etree, *btree;
    const GEOSGeometry *const *bar;
    const GEOSPreparedGeometry **bprep;
    GEOSGeometry **boundary; /* lazily, per estate */
    lc_index_hits cand, bh;
} adj_state;

/* Does the segment (ax,ay)-(bx,by) meet a barrier? */
static lc_status blocked_by_barrier(adj_state *a, double ax, double ay, double bx, double by,
                                   bool *out)
{
    GEOSContextHandle_t h = a->ctx->geos;
    *out = false;
    if (!a->btree) return LC_OK;
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, ax == bx && ay == by ? 1 : 2, 2);
    if (!cs) return lc_fail(a->ctx, LC_ERR_GEOS, "cannot build a segment");
    GEOSCoordSeq_setXY_r(h, cs, 0, ax, ay);
    bool point = ax == bx && ay == by;
    if (!point) GEOSCoordSeq_setXY_r(h, cs, 1, bx, by);
    GEOSGeometry *seg = point ? GEOSGeom_createPoint_r(h, cs) : GEOSGeom_createLineString_r(h, cs);
    if (!seg) return lc_fail(a->ctx, LC_ERR_GEOS, "cannot build a segment");
    a->bh.n = 0;
    GEOSSTRtree_query_r(h, a->btree, seg, lc_index_collect, &a->bh);
    lc_status st = a->bh.nomem ? lc_fail(a->ctx, LC_ERR_NOMEM, "out of memory") : LC_OK;
    for (size_t i = 0; !st && !*out && i < a->bh.n; i++) {
        uint32_t k = a->bh.items[i];
        if (!a->bprep[k] && !(a->bprep[k] = GEOSPrepare_r(h, a->bar[k])))
            st = lc_fail(a->ctx, LC_ERR_GEOS, "cannot prepare a barrier");
        char r = st ? 0 : GEOSPreparedIntersects_r(h, a->bprep[k], seg);
        if (r == 2) st = lc_fail(a->ctx, LC_ERR_GEOS, "barrier test failed: %s", a->ctx->geos_msg);
        *out = r == 1;
    }
    GEOSGeom_destroy_r(h, seg);
    return st;
}

static const GEOSGeometry *boundary_of(adj_state *a, uint32_t e)
{
    if (!a->boundary[e]) a->boundary[e] = GEOSBoundary_r(a->ctx->geos, a->ds->est[e].geom);
    return a->boundary[e];
}

/* Length of the boundary estates e and f share (they touch). */
static lc_status shared_length(adj_state *a, uint32_t e, uint32_t f, double *out)
{
    GEOSContextHandle_t h = a->ctx->geos;
    const GEOSGeometry *be = boundary_of(a, e), *bf = boundary_of(a, f);
    GEOSGeometry *x = be && bf ? GEOSIntersection_r(h, be, bf) : NULL;
    if (!x) return lc_fail(a->ctx, LC_ERR_GEOS, "shared boundary failed: %s", a->ctx->geos_msg);
    *out = 0;
    GEOSLength_r(h, x, out); /* points contribute 0 */
    GEOSGeom_destroy_r(h, x);
    return LC_OK;
}

static lc_status add_pair(lc_ctx *ctx, lc_adjacency *out, size_t *cap, lc_adj_pair p)
{
    if (lc_grow((void **)&out->pairs, cap, out->npairs + 1, sizeof p))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    out->pairs[out->npairs++] = p;
    return LC_OK;
}

/* Test one candidate pair e < f and record it when adjacent. */
static lc_status test_pair(adj_state *a, uint32_t e, uint32_t f, lc_adjacency *out, size_t *cap)
{
    GEOSContextHandle_t h = a->ctx->geos;
    const lc_estate *E = &a->ds->est[e], *F = &a->ds->est[f];
    double d;
    if (lc_nested_pair_of(a->ds->nesting, e, f)) { /* never bundled together */
        out->nested++;
        return LC_OK;
    }
    if (!GEOSPreparedDistance_r(h, E->prep, F->geom, &d))
        return lc_fail(a->ctx, LC_ERR_GEOS, "distance failed: %s", a->ctx->geos_msg);
    if (d > a->gap) return LC_OK;
    GEOSCoordSequence *np = GEOSPreparedNearestPoints_r(h, E->prep, F->geom);
    double ax, ay, bx, by;
    if (!np || !GEOSCoordSeq_getXY_r(h, np, 0, &ax, &ay) || !GEOSCoordSeq_getXY_r(h, np, 1, &bx, &by)) {
        if (np) GEOSCoordSeq_destroy_r(h, np);
        return lc_fail(a->ctx, LC_ERR_GEOS, "nearest points failed: %s", a->ctx->geos_msg);
    }
    GEOSCoordSeq_destroy_r(h, np);
    bool blocked;
    lc_status st = blocked_by_barrier(a, ax, ay, bx, by, &blocked);
    if (st) return st;
    if (blocked) {
        out->blocked++;
        return LC_OK;
    }
    lc_adj_pair p = {e, f, d, 0, strcmp(E->district, F->district) != 0};
    if (d == 0 && (st = shared_length(a, e, f, &p.shared_m))) return st;
    return add_pair(a->ctx, out, cap, p);
}

static lc_status build_trees(adj_state *a, const bool *eligible, size_t nbar)
{
    GEOSContextHandle_t h = a->ctx->geos;
    a->etree = GEOSSTRtree_create_r(h, 10);
    a->btree = nbar ? GEOSSTRtree_create_r(h, 10) : NULL;
    a->bprep = lc_calloc(nbar + 1, sizeof *a->bprep);
    a->boundary = lc_calloc(a->ds->nest + 1, sizeof *a->boundary);
    if (!a->etree || (nbar && !a->btree) || !a->bprep || !a->boundary)
        return lc_fail(a->ctx, LC_ERR_NOMEM, "cannot build the adjacency index");
    for (size_t e = 0; e < a->ds->nest; e++)
        if (eligible[e]) GEOSSTRtree_insert_r(h, a->etree, a->ds->est[e].geom, (void *)(e + 1));
    for (size_t k = 0; k < nbar; k++)
        GEOSSTRtree_insert_r(h, a->btree, a->bar[k], (void *)(k + 1));
    return LC_OK;
}

static lc_status rep_points(lc_ctx *ctx, const lc_dataset *ds, const bool *eligible,
                            double *xy)
{
    for (size_t e = 0; e < ds->nest; e++) {
        if (!eligible[e]) continue;
        GEOSGeometry *p = lc_geom_point_on_surface(ctx, ds->est[e].geom);
        if (!p || !GEOSGeomGetX_r(ctx->geos, p, &xy[2 * e]) ||
            !GEOSGeomGetY_r(ctx->geos, p, &xy[2 * e + 1])) {
            if (p) GEOSGeom_destroy_r(ctx->geos, p);
            return lc_fail(ctx, LC_ERR_GEOS, "%s: no point on surface", lc_estate_where(ds, e));
        }
        GEOSGeom_destroy_r(ctx->geos, p);
    }
    return LC_OK;
}

static void adj_state_free(adj_state *a, size_t nbar)
{
    GEOSContextHandle_t h = a->ctx->geos;
    if (a->etree) GEOSSTRtree_destroy_r(h, a->etree);
    if (a->btree) GEOSSTRtree_destroy_r(h, a->btree);
    for (size_t k = 0; a->bprep && k < nbar; k++)
        if (a->bprep[k]) GEOSPreparedGeom_destroy_r(h, a->bprep[k]);
    for (size_t e = 0; a->boundary && e < a->ds->nest; e++)
        if (a->boundary[e]) GEOSGeom_destroy_r(h, a->boundary[e]);
    lc_free(a->bprep);
    lc_free(a->boundary);
    lc_free(a->cand.items);
    lc_free(a->bh.items);
}

lc_status lc_adjacency_build(lc_ctx *ctx, const lc_dataset *ds, const bool *eligible,
                             double gap_m, const GEOSGeometry *const *barriers, size_t nbar,
                             lc_adjacency *out)
{
    memset(out, 0, sizeof *out);
    adj_state a = {.ctx = ctx, .ds = ds, .gap = gap_m, .bar = barriers};
    size_t cap = 0;
    out->rep_xy = lc_calloc(2 * ds->nest + 1, sizeof *out->rep_xy);
    lc_status st = out->rep_xy ? build_trees(&a, eligible, nbar)
                               : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (!st) st = rep_points(ctx, ds, eligible, out->rep_xy);
    lc_progress_begin(ctx, N_("adjacency"), ds->nest);
    for (uint32_t e = 0; !st && e < ds->nest; e++) {
        lc_progress_step(ctx, e);
        if (!eligible[e]) continue;
        const lc_estate *E = &ds->est[e];
        GEOSGeometry *box = GEOSGeom_createRectangle_r(ctx->geos, E->minx - gap_m, E->miny - gap_m,
                                                       E->maxx + gap_m, E->maxy + gap_m);
        if (!box) st = lc_fail(ctx, LC_ERR_GEOS, "cannot build a query box");
        a.cand.n = 0;
        if (box) GEOSSTRtree_query_r(ctx->geos, a.etree, box, lc_index_collect, &a.cand);
        if (box) GEOSGeom_destroy_r(ctx->geos, box);
        if (!st && a.cand.nomem) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        if (!st && a.cand.n) qsort(a.cand.items, a.cand.n, sizeof *a.cand.items, lc_cmp_u32);
        for (size_t i = 0; !st && i < a.cand.n; i++)
            if (a.cand.items[i] > e) st = test_pair(&a, e, a.cand.items[i], out, &cap);
    }
    lc_progress_end(ctx);
    adj_state_free(&a, nbar);
    if (st) lc_adjacency_clear(out);
    return st;
}

void lc_adjacency_clear(lc_adjacency *adj)
{
    lc_free(adj->pairs);
    lc_free(adj->rep_xy);
    memset(adj, 0, sizeof *adj);
}
