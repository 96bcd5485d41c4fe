/*
 * search.c — bounded multi-source Dijkstra over the CSR graph, and snapping points to
 * edges through the grid. The priority queue is core's lc_heap with lazy deletion.
 */
#include <math.h>
#include <string.h>

#include "../core/heap.h"
#include "net_internal.h"

lc_status lc_graph_search_sparse(lc_ctx *ctx, const lc_graph *g, const lc_seed *seeds,
                                 size_t nseeds, double limit_m, double *dist, uint32_t *touched,
                                 size_t *ntouched)
{
    lc_heap h = {0};
    lc_status st = LC_OK;
    size_t nt = 0;
#define SETDIST(node, d)                                                                  \
    do {                                                                                  \
        if (touched && isinf(dist[node])) touched[nt++] = (node);                         \
        dist[node] = (d);                                                                 \
    } while (0)
    for (size_t i = 0; !st && i < nseeds; i++) {
        const lc_seed *s = &seeds[i];
        if (s->d0_m > limit_m || s->d0_m >= dist[s->node]) continue;
        SETDIST(s->node, s->d0_m);
        st = lc_heap_push(&h, s->d0_m, s->node);
    }
    while (!st && h.n) {
        lc_heap_item it = lc_heap_pop(&h);
        if (it.key > dist[it.id]) continue; /* stale entry */
        for (size_t a = g->off[it.id]; !st && a < g->off[it.id + 1]; a++) {
            double nd = it.key + g->arc_len[a];
            uint32_t to = g->arc_to[a];
            if (nd > limit_m || nd >= dist[to]) continue;
            SETDIST(to, nd);
            st = lc_heap_push(&h, nd, to);
        }
    }
#undef SETDIST
    lc_heap_clear(&h);
    if (ntouched) *ntouched = nt;
    return st ? lc_fail(ctx, st, "out of memory in the network search") : LC_OK;
}

lc_status lc_graph_search(lc_ctx *ctx, const lc_graph *g, const lc_seed *seeds, size_t nseeds,
                          double limit_m, double *dist)
{
    for (size_t i = 0; i < g->nnodes; i++) dist[i] = INFINITY;
    return lc_graph_search_sparse(ctx, g, seeds, nseeds, limit_m, dist, NULL, NULL);
}

bool lc_graph_snap(const lc_graph *g, double x, double y, double max_m, lc_snap *out)
{
    const lc_grid *gr = &g->egrid;
    lc_grid_span sp;
    if (!g->nedges || !lc_grid_span_of(gr, x - max_m, y - max_m, x + max_m, y + max_m, &sp))
        return false;
    double best = INFINITY;
    uint32_t be = 0;
    double bt = 0;
    for (uint32_t r = sp.r0; r <= sp.r1; r++) {
        size_t i0, i1;
        lc_grid_row_items(gr, r, sp.c0, sp.c1, &i0, &i1);
        for (size_t k = i0; k < i1; k++) {
            uint32_t e = gr->item[k];
            double t, d = lc_point_segment_dist(x, y, g->x[g->eu[e]], g->y[g->eu[e]],
                                                g->x[g->ev[e]], g->y[g->ev[e]], &t);
            if (d < best || (d == best && e < be)) best = d, be = e, bt = t;
        }
    }
    if (!(best <= max_m)) return false;
    *out = (lc_snap){be, bt, best};
    return true;
}

void lc_snap_seeds(const lc_graph *g, const lc_snap *s, lc_seed out[2])
{
    double len = g->elen[s->edge];
    out[0] = (lc_seed){g->eu[s->edge], s->offset_m + s->t * len};
    out[1] = (lc_seed){g->ev[s->edge], s->offset_m + (1 - s->t) * len};
}

void lc_graph_nodes_in_box(const lc_graph *g, double minx, double miny, double maxx,
                           double maxy, void (*fn)(uint32_t node, void *ud), void *ud)
{
    const lc_grid *gr = &g->ngrid;
    lc_grid_span sp;
    if (!g->nnodes || !lc_grid_span_of(gr, minx, miny, maxx, maxy, &sp)) return;
    for (uint32_t r = sp.r0; r <= sp.r1; r++) {
        size_t i0, i1;
        lc_grid_row_items(gr, r, sp.c0, sp.c1, &i0, &i1);
        for (size_t k = i0; k < i1; k++) {
            uint32_t i = gr->item[k];
            if (g->x[i] >= minx && g->x[i] <= maxx && g->y[i] >= miny && g->y[i] <= maxy)
                fn(i, ud);
        }
    }
}
