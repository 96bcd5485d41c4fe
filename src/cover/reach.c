/*
 * reach.c — the estates within a radius of each of a set of points (candidate sites, or
 * the facilities of a category), measured exactly as the coverage fields: straight line =
 * distance from the estate polygon to the point (k_d <= r), through a GEOS STRtree of the
 * eligible estates; walking = k_w <= r, through one bounded sparse search per point from its
 * snap, reading the estates at the reached nodes and on the reached edges (inverse indexes
 * of the estates' access points).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reach.h"
#include "../core/msg.h"

typedef struct {
    uint32_t e;
    double d;
} hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    return (x->e > y->e) - (x->e < y->e);
}

/* Append point j's hits (sorted nearest first) to the CSR being built (distances too when
 * wanted). */
static lc_status append_hits(hit *h, size_t nh, size_t j, lc_reach_sets *rs, size_t *cap,
                             size_t *dcap)
{
    qsort(h, nh, sizeof *h, cmp_hit);
    size_t at = rs->off[j];
    if (lc_grow((void **)&rs->est, cap, at + nh + 1, sizeof *rs->est)) return LC_ERR_NOMEM;
    if (dcap && lc_grow((void **)&rs->dist, dcap, at + nh + 1, sizeof *rs->dist))
        return LC_ERR_NOMEM;
    for (size_t i = 0; i < nh; i++) {
        rs->est[at + i] = h[i].e;
        if (dcap) rs->dist[at + i] = h[i].d;
    }
    rs->off[j + 1] = at + nh;
    return LC_OK;
}

void lc_reach_sets_clear(lc_reach_sets *rs)
{
    lc_free(rs->off), lc_free(rs->est), lc_free(rs->dist);
    memset(rs, 0, sizeof *rs);
}

lc_status lc_reach_line(lc_ctx *ctx, const lc_dataset *ds, const double *xy, size_t n,
                        const bool *eligible, double r, bool with_dist, lc_reach_sets *out)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    size_t cap = 0, dcap = 0;
    hit *hits = lc_malloc((ds->nest + 1) * sizeof *hits);
    lc_index_hits cand = {0};
    memset(out, 0, sizeof *out);
    out->n = n;
    out->off = lc_calloc(n + 2, sizeof *out->off);
    lc_status st = tree && out->off && hits ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; !st && e < ds->nest; e++)
        if (eligible[e]) GEOSSTRtree_insert_r(h, tree, ds->est[e].geom, (void *)(e + 1));
    lc_progress_begin(ctx, N_("reach"), n);
    for (size_t j = 0; !st && j < n; j++) {
        lc_progress_step(ctx, j);
        double x = xy[2 * j], y = xy[2 * j + 1];
        GEOSGeometry *box = GEOSGeom_createRectangle_r(h, x - r, y - r, x + r, y + r);
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
        cand.n = 0;
        if (box && pt) GEOSSTRtree_query_r(h, tree, box, lc_index_collect, &cand);
        if (!box || !pt || cand.nomem) st = lc_fail(ctx, LC_ERR_GEOS, "reach query failed");
        size_t nh = 0;
        for (size_t i = 0; !st && i < cand.n; i++) {
            double d;
            if (!GEOSPreparedDistance_r(h, ds->est[cand.items[i]].prep, pt, &d))
                st = lc_fail(ctx, LC_ERR_GEOS, "distance failed: %s", ctx->geos_msg);
            else if (d <= r) hits[nh++] = (hit){cand.items[i], d};
        }
        if (box) GEOSGeom_destroy_r(h, box);
        if (pt) GEOSGeom_destroy_r(h, pt);
        if (!st && append_hits(hits, nh, j, out, &cap, with_dist ? &dcap : NULL))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    lc_progress_end(ctx);
    if (tree) GEOSSTRtree_destroy_r(h, tree);
    lc_free(hits);
    lc_free(cand.items);
    if (st) lc_reach_sets_clear(out);
    return st;
}

/* ---- walking ------------------------------------------------------------------------- */

/* Inverse indexes: estates by access node, and by the edge of an access snap. */
typedef struct {
    size_t *noff, *eoff;
    uint32_t *nest, *eest;
} access_index;

static lc_status invert(size_t nkeys, size_t nest, const size_t *aoff, const void *items,
                        size_t stride, size_t keyoff, size_t **koff, uint32_t **kest)
{
    *koff = lc_calloc(nkeys + 2, sizeof **koff);
    *kest = lc_malloc((aoff[nest] + 1) * sizeof **kest);
    if (!*koff || !*kest) return LC_ERR_NOMEM;
    const char *base = items;
    for (size_t i = 0; i < aoff[nest]; i++) {
        uint32_t key;
        memcpy(&key, base + i * stride + keyoff, sizeof key);
        (*koff)[key + 1]++;
    }
    for (size_t k = 0; k < nkeys; k++) (*koff)[k + 1] += (*koff)[k];
    size_t *fill = lc_malloc((nkeys + 1) * sizeof *fill);
    if (!fill) return LC_ERR_NOMEM;
    memcpy(fill, *koff, nkeys * sizeof *fill);
    for (size_t e = 0; e < nest; e++)
        for (size_t i = aoff[e]; i < aoff[e + 1]; i++) {
            uint32_t key;
            memcpy(&key, base + i * stride + keyoff, sizeof key);
            (*kest)[fill[key]++] = (uint32_t)e;
        }
    lc_free(fill);
    return LC_OK;
}

typedef struct {
    const lc_dataset *ds;
    const lc_graph *g;
    const lc_walk *wk;
    const bool *eligible;
    access_index ix;
    double *dist;
    uint32_t *touched, *stamp, tag;
    hit *hits;
    size_t nh;
} walk_ctx;

/* Consider estate e for the current point (once per point). */
static void consider(walk_ctx *w, uint32_t e, const lc_reach *rc, double r)
{
    if (!w->eligible[e] || w->stamp[e] == w->tag) return;
    w->stamp[e] = w->tag;
    double d = lc_walk_estate(w->wk, w->g, e, rc);
    if (d <= r) w->hits[w->nh++] = (hit){e, d};
}

static void consider_edge(walk_ctx *w, uint32_t edge, const lc_reach *rc, double r)
{
    for (size_t i = w->ix.eoff[edge]; i < w->ix.eoff[edge + 1]; i++) consider(w, w->ix.eest[i], rc, r);
}

/* Estates within r walking of point (x, y). */
static lc_status one_point(lc_ctx *ctx, walk_ctx *w, double x, double y, double r,
                               double max_snap, bool *snapped)
{
    lc_snap sn;
    w->nh = 0;
    *snapped = lc_graph_snap(w->g, x, y, max_snap, &sn);
    if (!*snapped) return LC_OK;
    lc_seed seeds[2];
    lc_snap_seeds(w->g, &sn, seeds);
    size_t nt = 0;
    lc_status st = lc_graph_search_sparse(ctx, w->g, seeds, 2, r, w->dist, w->touched, &nt);
    lc_on_edge self = {sn.edge, sn.t, sn.offset_m};
    lc_reach rc = {w->dist, &self, 1, NULL};
    w->tag++;
    consider_edge(w, sn.edge, &rc, r);
    for (size_t i = 0; !st && i < nt; i++) {
        uint32_t u = w->touched[i];
        for (size_t k = w->ix.noff[u]; k < w->ix.noff[u + 1]; k++) consider(w, w->ix.nest[k], &rc, r);
        for (size_t a = w->g->off[u]; a < w->g->off[u + 1]; a++) consider_edge(w, w->g->arc_edge[a], &rc, r);
    }
    for (size_t i = 0; i < nt; i++) w->dist[w->touched[i]] = INFINITY;
    return st;
}

lc_status lc_reach_walk(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                        const lc_walk *wk, const double *xy, size_t n, const bool *eligible,
                        double r, double max_snap_m, bool with_dist, lc_reach_sets *out)
{
    walk_ctx w = {.ds = ds, .g = g, .wk = wk, .eligible = eligible};
    size_t cap = 0, dcap = 0;
    memset(out, 0, sizeof *out);
    out->n = n;
    out->off = lc_calloc(n + 2, sizeof *out->off);
    size_t *off = out->off;
    w.dist = lc_malloc((g->nnodes + 1) * sizeof *w.dist);
    w.touched = lc_malloc((g->nnodes + 1) * sizeof *w.touched);
    w.stamp = lc_calloc(ds->nest + 1, sizeof *w.stamp);
    w.hits = lc_malloc((ds->nest + 1) * sizeof *w.hits);
    lc_status st = off && w.dist && w.touched && w.stamp && w.hits ? LC_OK : LC_ERR_NOMEM;
    if (!st) st = invert(g->nnodes, ds->nest, wk->acc_off, wk->acc, sizeof *wk->acc,
                         offsetof(lc_node_access, node), &w.ix.noff, &w.ix.nest);
    if (!st) st = invert(g->nedges, ds->nest, wk->eacc_off, wk->eacc, sizeof *wk->eacc,
                         offsetof(lc_snap, edge), &w.ix.eoff, &w.ix.eest);
    for (size_t i = 0; !st && i < g->nnodes; i++) w.dist[i] = INFINITY;
    lc_progress_begin(ctx, N_("reach"), n);
    for (size_t j = 0; !st && j < n; j++) {
        lc_progress_step(ctx, j);
        bool snapped;
        st = one_point(ctx, &w, xy[2 * j], xy[2 * j + 1], r, max_snap_m, &snapped);
        out->unreachable += !snapped;
        if (!st) st = append_hits(w.hits, w.nh, j, out, &cap, with_dist ? &dcap : NULL);
    }
    lc_progress_end(ctx);
    void *all[] = {w.dist, w.touched, w.stamp, w.hits, w.ix.noff, w.ix.eoff, w.ix.nest, w.ix.eest};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) lc_free(all[k]);
    if (st) {
        lc_reach_sets_clear(out);
        return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
    }
    return LC_OK;
}
