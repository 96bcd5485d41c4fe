/*
 * bundling.c — the bundle step of a run: eligible estates and their sizes (model), barrier
 * lines (model), adjacency (adjacency.c), the graph of eligible estates in compact
 * arrays with the pairs that may never share a bundle (nested estates), max-p bundling
 * (maxp.c), and the members of each bundle in estate terms.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/bundle_inputs.h"
#include "../model/nested.h"
#include "bundle.h"
#include "../core/msg.h"

/* Node arrays of the bundle graph: eligible estates in input order. */
typedef struct {
    uint32_t *est;       /* node -> estate */
    size_t *off;
    uint32_t *nbr;
    double *size, *x, *y, *w;
    size_t *xoff;        /* NULL: no nested pair among the nodes */
    uint32_t *xnbr;
} graph_arrays;

static void graph_free(graph_arrays *g)
{
    void *all[] = {g->est, g->off, g->nbr, g->size, g->x, g->y, g->w, g->xoff, g->xnbr};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) lc_free(all[k]);
}

/* Nodes go in order of estate id, then centroid, so that the bundles do not depend on the
 * order of the features in the input (or on its format). */
typedef struct {
    const char *id;
    double x, y;
    uint32_t e;
} node_key;

static int cmp_node(const void *a, const void *b)
{
    const node_key *p = a, *q = b;
    int c = strcmp(p->id, q->id);
    if (c) return c;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    if (p->y != q->y) return p->y < q->y ? -1 : 1;
    return (p->e > q->e) - (p->e < q->e);
}

static lc_status centroids(lc_ctx *ctx, const lc_dataset *ds, lc_bundling *b, node_key *keys)
{
    size_t k = 0;
    for (size_t e = 0; e < ds->nest; e++) {
        if (!b->eligible[e]) continue;
        GEOSGeometry *c = GEOSGetCentroid_r(ctx->geos, ds->est[e].geom);
        double x, y;
        if (!c || !GEOSGeomGetX_r(ctx->geos, c, &x) || !GEOSGeomGetY_r(ctx->geos, c, &y)) {
            if (c) GEOSGeom_destroy_r(ctx->geos, c);
            return lc_fail(ctx, LC_ERR_GEOS, "%s: no centroid", lc_estate_where(ds, e));
        }
        GEOSGeom_destroy_r(ctx->geos, c);
        b->cxy[2 * e] = x, b->cxy[2 * e + 1] = y;
        keys[k++] = (node_key){ds->est[e].id, x, y, (uint32_t)e};
    }
    qsort(keys, k, sizeof *keys, cmp_node);
    return LC_OK;
}

static lc_status node_arrays(lc_ctx *ctx, const lc_dataset *ds, lc_bundling *b,
                             graph_arrays *g, uint32_t *node_of)
{
    size_t n = b->neligible + 1;
    g->est = lc_calloc(n, sizeof *g->est);
    g->off = lc_calloc(n + 1, sizeof *g->off);
    double **d[] = {&g->size, &g->x, &g->y, &g->w};
    for (size_t k = 0; k < 4; k++) *d[k] = lc_calloc(n, sizeof(double));
    b->cxy = lc_calloc(2 * ds->nest + 1, sizeof *b->cxy);
    if (!b->cxy || !g->est || !g->off || !g->size || !g->x || !g->y || !g->w)
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    node_key *keys = lc_malloc(n * sizeof *keys);
    if (!keys) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = centroids(ctx, ds, b, keys);
    for (size_t e = 0; e < ds->nest; e++) node_of[e] = UINT32_MAX;
    for (size_t k = 0; !st && k < b->neligible; k++) {
        uint32_t e = keys[k].e;
        g->x[k] = keys[k].x, g->y[k] = keys[k].y;
        g->est[k] = e, g->size[k] = b->size[e], g->w[k] = fmax(ds->est[e].area_m2, 1e-6);
        node_of[e] = (uint32_t)k;
    }
    lc_free(keys);
    return st;
}

/* CSR of the pairs bundling may join. */
static lc_status edges(lc_ctx *ctx, const lc_bundle_settings *s, lc_bundling *b, graph_arrays *g,
                       const uint32_t *node_of)
{
    size_t n = b->neligible;
    b->edges = 0;
    for (size_t i = 0; i < b->adj.npairs; i++) {
        const lc_adj_pair *p = &b->adj.pairs[i];
        if (s->same_district && p->cross_district) continue;
        g->off[node_of[p->a] + 1]++, g->off[node_of[p->b] + 1]++;
        b->edges++;
    }
    for (size_t k = 0; k < n; k++) g->off[k + 1] += g->off[k];
    g->nbr = lc_calloc(2 * b->edges + 1, sizeof *g->nbr);
    size_t *fill = lc_calloc(n + 1, sizeof *fill);
    if (!g->nbr || !fill) {
        lc_free(fill);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    memcpy(fill, g->off, n * sizeof *fill);
    for (size_t i = 0; i < b->adj.npairs; i++) {
        const lc_adj_pair *p = &b->adj.pairs[i];
        if (s->same_district && p->cross_district) continue;
        uint32_t u = node_of[p->a], v = node_of[p->b];
        g->nbr[fill[u]++] = v, g->nbr[fill[v]++] = u;
    }
    lc_free(fill);
    for (size_t k = 0; k < n; k++) /* neighbour order must not depend on the input order */
        qsort(g->nbr + g->off[k], g->off[k + 1] - g->off[k], sizeof *g->nbr, lc_cmp_u32);
    return LC_OK;
}

/* The nodes that may never share a bundle: an eligible estate and an eligible one lying
 * inside it (model/nested.h), as a CSR over nodes; none: xoff stays NULL. */
static lc_status exclusions(lc_ctx *ctx, const lc_dataset *ds, const lc_bundling *b,
                            graph_arrays *g, const uint32_t *node_of)
{
    const lc_nesting *nn = ds->nesting;
    size_t n = b->neligible, cnt = 0;
    for (size_t e = 0; nn && nn->poff && e < ds->nest; e++)
        for (size_t k = nn->poff[e]; node_of[e] != UINT32_MAX && k < nn->poff[e + 1]; k++)
            cnt += node_of[nn->pest[k]] != UINT32_MAX;
    if (!cnt) return LC_OK;
    g->xoff = lc_calloc(n + 1, sizeof *g->xoff);
    g->xnbr = lc_malloc(cnt * sizeof *g->xnbr);
    if (!g->xoff || !g->xnbr) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) { /* node order: the partners of each node in turn */
        uint32_t e = g->est[k];
        g->xoff[k + 1] = g->xoff[k];
        for (size_t q = nn->poff[e]; q < nn->poff[e + 1]; q++)
            if (node_of[nn->pest[q]] != UINT32_MAX) g->xnbr[g->xoff[k + 1]++] = node_of[nn->pest[q]];
        qsort(g->xnbr + g->xoff[k], g->xoff[k + 1] - g->xoff[k], sizeof *g->xnbr, lc_cmp_u32);
    }
    return LC_OK;
}

/* bundle[] per estate and the member lists, from the solution over nodes. */
static lc_status members(lc_ctx *ctx, const lc_dataset *ds, lc_bundling *b, const graph_arrays *g)
{
    b->nb = b->sol.nb;
    b->bundle = lc_malloc((ds->nest + 1) * sizeof *b->bundle);
    b->moff = lc_calloc(b->nb + 2, sizeof *b->moff);
    b->members = lc_calloc(b->neligible + 1, sizeof *b->members);
    if (!b->bundle || !b->moff || !b->members) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; e < ds->nest; e++) b->bundle[e] = -1;
    for (size_t k = 0; k < b->neligible; k++) {
        b->bundle[g->est[k]] = b->sol.label[k];
        b->moff[b->sol.label[k] + 1]++;
    }
    for (size_t c = 0; c < b->nb; c++) b->moff[c + 1] += b->moff[c];
    size_t *fill = lc_calloc(b->nb + 1, sizeof *fill);
    if (!fill) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    memcpy(fill, b->moff, b->nb * sizeof *fill);
    for (size_t k = 0; k < b->neligible; k++) b->members[fill[b->sol.label[k]]++] = g->est[k];
    lc_free(fill);
    return LC_OK;
}

static lc_status load_barriers(lc_ctx *ctx, const lc_bundle_settings *s, const lc_dataset *ds,
                               lc_bundling *b, GEOSGeometry ***bar, size_t *nbar)
{
    if (!s->barriers.src) return LC_OK;
    lc_barrier_counts bc;
    lc_status st = lc_barriers_load(ctx, &s->barriers, ds->work_wkt, bar, nbar, &bc);
    b->barriers_read = bc.read, b->barriers_used = bc.used, b->barriers_skipped = bc.skipped;
    return st;
}

lc_status lc_bundling_run(lc_ctx *ctx, const lc_bundle_settings *s, const lc_dataset *ds,
                          lc_bundling *b)
{
    memset(b, 0, sizeof *b);
    b->min_size = s->min_size, b->max_size = s->max_size, b->same_district = s->same_district;
    b->size_field = s->size_field;
    GEOSGeometry **bar = NULL;
    size_t nbar = 0;
    graph_arrays g = {0};
    uint32_t *node_of = lc_calloc(ds->nest + 1, sizeof *node_of);
    lc_status st = node_of ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (!st) st = lc_estates_eligible(ctx, s->filter, ds, &b->eligible, &b->neligible);
    if (!st) st = lc_estates_numbers(ctx, ds, s->size_field, N_("size"), &b->size,
                                           &b->size_unknown);
    if (!st) st = load_barriers(ctx, s, ds, b, &bar, &nbar);
    if (!st)
        st = lc_adjacency_build(ctx, ds, b->eligible, s->gap_m, (const GEOSGeometry *const *)bar,
                                nbar, &b->adj);
    if (!st) st = node_arrays(ctx, ds, b, &g, node_of);
    if (!st) st = edges(ctx, s, b, &g, node_of);
    if (!st) st = exclusions(ctx, ds, b, &g, node_of);
    lc_bgraph bg = {b->neligible, g.off, g.nbr, g.size, g.x, g.y, g.w, g.xoff, g.xnbr};
    lc_bparams bp = {s->min_size, s->max_size, s->seed, s->restarts, s->time_limit};
    if (!st) st = lc_bundle_solve(ctx, &bg, &bp, &b->sol);
    char why[160];
    if (!st && !lc_bundle_check(&bg, &bp, b->sol.label, b->sol.nb, why, sizeof why))
        st = lc_fail(ctx, LC_ERR_INTERNAL, "bundles break a rule: %s", why);
    if (!st) st = members(ctx, ds, b, &g);
    for (size_t i = 0; i < nbar; i++) GEOSGeom_destroy_r(ctx->geos, bar[i]);
    lc_free(bar);
    lc_free(node_of);
    graph_free(&g);
    if (st) lc_bundling_clear(b);
    return st;
}

void lc_bundling_clear(lc_bundling *b)
{
    lc_free(b->cxy);
    lc_free(b->eligible);
    lc_free(b->size);
    lc_adjacency_clear(&b->adj);
    lc_free(b->bundle);
    lc_free(b->moff);
    lc_free(b->members);
    lc_bsolution_clear(&b->sol);
    memset(b, 0, sizeof *b);
}
