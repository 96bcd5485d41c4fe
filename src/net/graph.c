/*
 * graph.c — build the walking graph: collect line vertices, merge those within the
 * tolerance into nodes (sort by 1-cell keys, join neighbouring cells with union-find),
 * make one edge per segment and lay the arcs out in CSR arrays.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"

typedef struct {
    double *x, *y;     /* vertices */
    size_t n, cap;
    size_t *part_end;  /* vertex index one past the end of each line part */
    size_t nparts, pcap;
} vertices;

static lc_status push_part(lc_ctx *ctx, vertices *v, const GEOSGeometry *ls)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ls);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n)) return LC_ERR_GEOS;
    size_t cap = v->cap; /* x and y grow together */
    if (lc_grow((void **)&v->x, &cap, v->n + n + 1, sizeof(double))) return LC_ERR_NOMEM;
    if (cap != v->cap) {
        double *ny = lc_realloc(v->y, cap * sizeof(double));
        if (!ny) return LC_ERR_NOMEM;
        v->y = ny;
        v->cap = cap;
    }
    for (unsigned i = 0; i < n; i++)
        GEOSCoordSeq_getXY_r(ctx->geos, cs, i, &v->x[v->n + i], &v->y[v->n + i]);
    v->n += n;
    if (lc_grow((void **)&v->part_end, &v->pcap, v->nparts + 1, sizeof(size_t)))
        return LC_ERR_NOMEM;
    v->part_end[v->nparts++] = v->n;
    return LC_OK;
}

static lc_status collect(lc_ctx *ctx, const GEOSGeometry *g, vertices *v)
{
    int t = GEOSGeomTypeId_r(ctx->geos, g);
    if (t == GEOS_LINESTRING || t == GEOS_LINEARRING) return push_part(ctx, v, g);
    lc_status st = LC_OK;
    for (int i = 0; !st && i < GEOSGetNumGeometries_r(ctx->geos, g); i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx->geos, g, i);
        if (p != g) st = collect(ctx, p, v);
    }
    return st;
}

/* ---- merging vertices into nodes ------------------------------------------------- */

typedef struct {
    int64_t kx, ky;
    size_t v; /* vertex */
} cellkey;

static int cmp_cell(const void *a, const void *b)
{
    const cellkey *p = a, *q = b;
    if (p->kx != q->kx) return p->kx < q->kx ? -1 : 1;
    if (p->ky != q->ky) return p->ky < q->ky ? -1 : 1;
    return p->v < q->v ? -1 : (p->v > q->v);
}

static size_t uf_find(size_t *parent, size_t i)
{
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

/* First key with (kx, ky) in the sorted array, or n. */
static size_t find_cell(const cellkey *k, size_t n, int64_t kx, int64_t ky)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (k[mid].kx < kx || (k[mid].kx == kx && k[mid].ky < ky)) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && k[lo].kx == kx && k[lo].ky == ky ? lo : n;
}

static bool same_cell(const cellkey *a, const cellkey *b) { return a->kx == b->kx && a->ky == b->ky; }

/* Join sorted positions i and j when their vertices are within tol (user guide: "vertices within
 * 1 cm of each other after projection are one node"); `merged` counts vertices joined to a
 * node at other coordinates. */
static void join_if_close(const vertices *v, const cellkey *k, size_t i, size_t j, double tol,
                          size_t *parent, size_t *merged)
{
    double dx = v->x[k[i].v] - v->x[k[j].v], dy = v->y[k[i].v] - v->y[k[j].v];
    if (hypot(dx, dy) > tol) return;
    size_t a = uf_find(parent, i), b = uf_find(parent, j);
    if (a == b) return;
    parent[a > b ? a : b] = a < b ? a : b;
    *merged += dx != 0 || dy != 0;
}

/* node[v] for every vertex; node coordinates in g->x/g->y. Vertices within tol of each other
 * are one node, and so are chains of them (union-find): every pair in one tol-sized cell and
 * in the neighbouring cells is measured, so two vertices 1.4 cm apart in one cell stay apart
 * and two 0.2 mm apart across a cell border join, whatever the order of the input. */
static lc_status merge_vertices(const vertices *v, double tol, lc_graph *g, uint32_t *node)
{
    cellkey *k = lc_malloc((v->n + 1) * sizeof *k);
    size_t *parent = lc_malloc((v->n + 1) * sizeof(size_t));
    if (!k || !parent) {
        lc_free(k);
        lc_free(parent);
        return LC_ERR_NOMEM;
    }
    for (size_t i = 0; i < v->n; i++)
        k[i] = (cellkey){(int64_t)floor(v->x[i] / tol), (int64_t)floor(v->y[i] / tol), i};
    qsort(k, v->n, sizeof *k, cmp_cell);
    for (size_t i = 0; i < v->n; i++) parent[i] = i; /* over sorted positions */
    static const int nb[4][2] = {{1, -1}, {1, 0}, {1, 1}, {0, 1}}; /* each neighbour pair once */
    for (size_t s = 0, e; s < v->n; s = e) {
        for (e = s + 1; e < v->n && same_cell(&k[e], &k[s]); e++) continue;
        for (size_t i = s; i < e; i++)
            for (size_t j = i + 1; j < e; j++) join_if_close(v, k, i, j, tol, parent, &g->merged);
        for (int d = 0; d < 4; d++) {
            size_t j0 = find_cell(k, v->n, k[s].kx + nb[d][0], k[s].ky + nb[d][1]);
            for (size_t j = j0; j < v->n && same_cell(&k[j], &k[j0]); j++)
                for (size_t i = s; i < e; i++) join_if_close(v, k, i, j, tol, parent, &g->merged);
        }
    }
    /* number the roots in sorted order; a node sits at its first vertex */
    size_t *id = lc_malloc((v->n + 1) * sizeof(size_t));
    g->x = lc_malloc((v->n + 1) * sizeof(double));
    g->y = lc_malloc((v->n + 1) * sizeof(double));
    lc_status st = (!id || !g->x || !g->y) ? LC_ERR_NOMEM : LC_OK;
    for (size_t i = 0; !st && i < v->n; i++) {
        size_t r = uf_find(parent, i);
        if (r == i) {
            id[i] = g->nnodes++;
            g->x[id[i]] = v->x[k[i].v], g->y[id[i]] = v->y[k[i].v];
        }
    }
    for (size_t i = 0; !st && i < v->n; i++) node[k[i].v] = (uint32_t)id[uf_find(parent, i)];
    lc_free(id);
    lc_free(k);
    lc_free(parent);
    return st;
}

/* ---- edges and CSR ----------------------------------------------------------------- */

static lc_status make_edges(const vertices *v, const uint32_t *node, lc_graph *g)
{
    size_t cap = v->n + 1;
    g->eu = lc_malloc(cap * sizeof(uint32_t));
    g->ev = lc_malloc(cap * sizeof(uint32_t));
    g->elen = lc_malloc(cap * sizeof(double));
    if (!g->eu || !g->ev || !g->elen) return LC_ERR_NOMEM;
    size_t start = 0;
    for (size_t p = 0; p < v->nparts; p++) {
        for (size_t i = start; i + 1 < v->part_end[p]; i++) {
            uint32_t a = node[i], b = node[i + 1];
            if (a == b) {
                g->zero_edges++;
                continue;
            }
            g->eu[g->nedges] = a, g->ev[g->nedges] = b;
            g->elen[g->nedges++] = hypot(g->x[a] - g->x[b], g->y[a] - g->y[b]);
        }
        start = v->part_end[p];
    }
    return LC_OK;
}

static lc_status make_csr(lc_graph *g)
{
    g->off = lc_calloc(g->nnodes + 2, sizeof(size_t));
    size_t narcs = 2 * g->nedges + 1;
    g->arc_to = lc_malloc(narcs * sizeof(uint32_t));
    g->arc_edge = lc_malloc(narcs * sizeof(uint32_t));
    g->arc_len = lc_malloc(narcs * sizeof(double));
    if (!g->off || !g->arc_to || !g->arc_edge || !g->arc_len) return LC_ERR_NOMEM;
    for (size_t e = 0; e < g->nedges; e++) g->off[g->eu[e] + 1]++, g->off[g->ev[e] + 1]++;
    for (size_t i = 0; i < g->nnodes; i++) g->off[i + 1] += g->off[i];
    size_t *fill = lc_malloc((g->nnodes + 1) * sizeof(size_t));
    if (!fill) return LC_ERR_NOMEM;
    memcpy(fill, g->off, (g->nnodes + 1) * sizeof(size_t));
    for (size_t e = 0; e < g->nedges; e++) {
        size_t a = fill[g->eu[e]]++, b = fill[g->ev[e]]++;
        g->arc_to[a] = g->ev[e], g->arc_edge[a] = (uint32_t)e, g->arc_len[a] = g->elen[e];
        g->arc_to[b] = g->eu[e], g->arc_edge[b] = (uint32_t)e, g->arc_len[b] = g->elen[e];
    }
    lc_free(fill);
    return LC_OK;
}

static void edge_box(size_t e, double b[4], const void *ud)
{
    const lc_graph *g = ud;
    double ax = g->x[g->eu[e]], ay = g->y[g->eu[e]], bx = g->x[g->ev[e]], by = g->y[g->ev[e]];
    b[0] = fmin(ax, bx), b[1] = fmin(ay, by), b[2] = fmax(ax, bx), b[3] = fmax(ay, by);
}

static void node_box(size_t i, double b[4], const void *ud)
{
    const lc_graph *g = ud;
    b[0] = b[2] = g->x[i];
    b[1] = b[3] = g->y[i];
}

/* Cells of twice the mean edge length (10 m to 1 km): a few edges per cell on dense city
 * streets and on long rural roads alike. Taken from the edges, not from the box of the data,
 * which far-away outliers blow up. */
static lc_status make_grids(lc_graph *g)
{
    double x0 = INFINITY, y0 = INFINITY, total = 0;
    for (size_t i = 0; i < g->nnodes; i++) x0 = fmin(x0, g->x[i]), y0 = fmin(y0, g->y[i]);
    for (size_t e = 0; e < g->nedges; e++) total += g->elen[e];
    if (!g->nnodes) x0 = y0 = 0;
    double cell = fmin(fmax(2 * total / (double)(g->nedges ? g->nedges : 1), 10), 1000);
    lc_status st = lc_grid_build(&g->egrid, x0, y0, cell, g->nedges, edge_box, g);
    if (!st) st = lc_grid_build(&g->ngrid, x0, y0, cell, g->nnodes, node_box, g);
    return st;
}

/* Split lines where they cross (GEOS noding of all lines together). */
static GEOSGeometry *noded(lc_ctx *ctx, const GEOSGeometry *const *lines, size_t n)
{
    GEOSGeometry **copy = lc_malloc((n + 1) * sizeof *copy);
    if (!copy) return NULL;
    for (size_t i = 0; i < n; i++) copy[i] = GEOSGeom_clone_r(ctx->geos, lines[i]);
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION, copy, (unsigned)n);
    lc_free(copy);
    GEOSGeometry *out = coll ? GEOSNode_r(ctx->geos, coll) : NULL;
    if (coll) GEOSGeom_destroy_r(ctx->geos, coll);
    return out;
}

static lc_status collect_all(lc_ctx *ctx, const GEOSGeometry *const *lines, size_t n,
                             bool node_crossings, vertices *v)
{
    if (!node_crossings) {
        lc_status st = LC_OK;
        for (size_t i = 0; !st && i < n; i++) st = collect(ctx, lines[i], v);
        return st;
    }
    GEOSGeometry *all = noded(ctx, lines, n);
    if (!all) return lc_fail(ctx, LC_ERR_GEOS, "noding the network failed: %s", ctx->geos_msg);
    lc_status st = collect(ctx, all, v);
    GEOSGeom_destroy_r(ctx->geos, all);
    return st;
}

lc_status lc_graph_build(lc_ctx *ctx, const GEOSGeometry *const *lines, size_t n,
                         double merge_tol_m, bool node_crossings, lc_graph **out)
{
    *out = NULL;
    vertices v = {0};
    uint32_t *node = NULL;
    lc_graph *g = lc_calloc(1, sizeof *g);
    lc_status st = g ? collect_all(ctx, lines, n, node_crossings, &v) : LC_ERR_NOMEM;
    if (!st && v.n > UINT32_MAX - 1) st = lc_fail(ctx, LC_ERR_DATA, "network too large");
    if (!st && !(node = lc_malloc((v.n + 1) * sizeof(uint32_t)))) st = LC_ERR_NOMEM;
    if (!st) st = merge_vertices(&v, merge_tol_m, g, node);
    if (!st) st = make_edges(&v, node, g);
    if (!st) st = make_csr(g);
    double tg = lc_now_s();
    if (!st) st = make_grids(g);
    tg = lc_now_s() - tg;
    if (!st) {
        size_t grid = (g->egrid.ncells + g->ngrid.ncells) * (sizeof(uint64_t) + sizeof(size_t)) +
                      (g->egrid.off[g->egrid.ncells] + g->ngrid.off[g->ngrid.ncells]) * sizeof(uint32_t) +
                      (g->egrid.row_mask + g->ngrid.row_mask + 2) * sizeof(lc_grid_row);
        lc_debug(ctx, "graph: %zu nodes, %zu edges; grid of %.0f m in %.2f s: edges in %zu cells, "
                 "nodes in %zu cells, %.1f bytes per edge (graph %.1f)", g->nnodes, g->nedges,
                 g->egrid.cell, tg, g->egrid.ncells, g->ngrid.ncells,
                 (double)grid / (double)(g->nedges ? g->nedges : 1),
                 (double)(g->nnodes * (2 * sizeof(double) + sizeof(size_t)) +
                          g->nedges * (2 * (2 * sizeof(uint32_t) + sizeof(double)) +
                                       2 * sizeof(uint32_t) + sizeof(double))) /
                     (double)(g->nedges ? g->nedges : 1));
    }
    lc_free(node);
    lc_free(v.x);
    lc_free(v.y);
    lc_free(v.part_end);
    if (st) {
        lc_graph_destroy(g);
        return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory building the network") : st;
    }
    *out = g;
    return LC_OK;
}

void lc_graph_destroy(lc_graph *g)
{
    if (!g) return;
    lc_free(g->x);
    lc_free(g->y);
    lc_free(g->off);
    lc_free(g->arc_to);
    lc_free(g->arc_edge);
    lc_free(g->arc_len);
    lc_free(g->eu);
    lc_free(g->ev);
    lc_free(g->elen);
    lc_grid_clear(&g->egrid);
    lc_grid_clear(&g->ngrid);
    lc_free(g);
}
