/*
 * reach.c — which uncovered estates each candidate site would cover at a radius, measured
 * exactly as the coverage fields: straight line = distance from the estate polygon to the
 * point (k_d <= r), through a GEOS STRtree of the uncovered estates; walking = k_w <= r,
 * through one bounded sparse search per candidate from its snap, reading the estates at the
 * reached nodes and on the reached edges (inverse indexes of the estates' access points).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

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

/* Append candidate j's hits (sorted nearest first) to the CSR being built. */
static lc_status append_hits(hit *h, size_t nh, size_t j, size_t *off, uint32_t **est,
                             size_t *cap)
{
    qsort(h, nh, sizeof *h, cmp_hit);
    if (lc_grow((void **)est, cap, off[j] + nh + 1, sizeof **est)) return LC_ERR_NOMEM;
    for (size_t i = 0; i < nh; i++) (*est)[off[j] + i] = h[i].e;
    off[j + 1] = off[j] + nh;
    return LC_OK;
}

lc_status lc_site_reach_line(lc_ctx *ctx, const lc_dataset *ds, const lc_candidates *c,
                             const bool *uncovered, double r, size_t **off_out, uint32_t **est)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    size_t *off = lc_calloc(c->n + 2, sizeof *off), cap = 0;
    hit *hits = lc_malloc((ds->nest + 1) * sizeof *hits);
    lc_index_hits cand = {0};
    *est = NULL;
    lc_status st = tree && off && hits ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; !st && e < ds->nest; e++)
        if (uncovered[e]) GEOSSTRtree_insert_r(h, tree, ds->est[e].geom, (void *)(e + 1));
    lc_progress_begin(ctx, "site reach", c->n);
    for (size_t j = 0; !st && j < c->n; j++) {
        lc_progress_step(ctx, j);
        double x = c->xy[2 * j], y = c->xy[2 * j + 1];
        GEOSGeometry *box = GEOSGeom_createRectangle_r(h, x - r, y - r, x + r, y + r);
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
        cand.n = 0;
        if (box && pt) GEOSSTRtree_query_r(h, tree, box, lc_index_collect, &cand);
        if (!box || !pt || cand.nomem) st = lc_fail(ctx, LC_ERR_GEOS, "candidate query failed");
        size_t nh = 0;
        for (size_t i = 0; !st && i < cand.n; i++) {
            double d;
            if (!GEOSPreparedDistance_r(h, ds->est[cand.items[i]].prep, pt, &d))
                st = lc_fail(ctx, LC_ERR_GEOS, "distance failed: %s", ctx->geos_msg);
            else if (d <= r) hits[nh++] = (hit){cand.items[i], d};
        }
        if (box) GEOSGeom_destroy_r(h, box);
        if (pt) GEOSGeom_destroy_r(h, pt);
        if (!st && append_hits(hits, nh, j, off, est, &cap))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    lc_progress_end(ctx);
    if (tree) GEOSSTRtree_destroy_r(h, tree);
    lc_free(hits);
    lc_free(cand.items);
    if (st) {
        lc_free(off), lc_free(*est);
        *est = NULL;
        return st;
    }
    *off_out = off;
    return LC_OK;
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
    const bool *uncovered;
    access_index ix;
    double *dist;
    uint32_t *touched, *stamp, tag;
    hit *hits;
    size_t nh;
} walk_ctx;

/* Consider estate e for the current candidate (once per candidate). */
static void consider(walk_ctx *w, uint32_t e, const lc_reach *rc, double r)
{
    if (!w->uncovered[e] || w->stamp[e] == w->tag) return;
    w->stamp[e] = w->tag;
    double d = lc_walk_estate(w->wk, w->g, e, rc);
    if (d <= r) w->hits[w->nh++] = (hit){e, d};
}

static void consider_edge(walk_ctx *w, uint32_t edge, const lc_reach *rc, double r)
{
    for (size_t i = w->ix.eoff[edge]; i < w->ix.eoff[edge + 1]; i++) consider(w, w->ix.eest[i], rc, r);
}

/* Estates within r walking of candidate point (x, y). */
static lc_status one_candidate(lc_ctx *ctx, walk_ctx *w, double x, double y, double r,
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

lc_status lc_site_reach_walk(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                             const lc_walk *wk, const lc_candidates *c, const bool *uncovered,
                             double r, double max_snap_m, size_t **off_out, uint32_t **est,
                             size_t *unreachable)
{
    walk_ctx w = {.ds = ds, .g = g, .wk = wk, .uncovered = uncovered};
    size_t *off = lc_calloc(c->n + 2, sizeof *off), cap = 0;
    *est = NULL, *unreachable = 0;
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
    lc_progress_begin(ctx, "site reach", c->n);
    for (size_t j = 0; !st && j < c->n; j++) {
        lc_progress_step(ctx, j);
        bool snapped;
        st = one_candidate(ctx, &w, c->xy[2 * j], c->xy[2 * j + 1], r, max_snap_m, &snapped);
        *unreachable += !snapped;
        if (!st) st = append_hits(w.hits, w.nh, j, off, est, &cap);
    }
    lc_progress_end(ctx);
    void *all[] = {w.dist, w.touched, w.stamp, w.hits, w.ix.noff, w.ix.eoff, w.ix.nest, w.ix.eest};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) lc_free(all[k]);
    if (st) {
        lc_free(off), lc_free(*est);
        *est = NULL;
        return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
    }
    *off_out = off;
    return LC_OK;
}
