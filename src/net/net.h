/*
 * net.h — the walking network: a graph in compact CSR arrays built from line geometries,
 * a uniform-grid index over its edges and nodes for snapping, and the bounded
 * multi-source shortest-path search.
 *
 * Topology follows OpenStreetMap's model: lines connect only where they share a vertex
 * (vertices within `merge_tol_m`, 1 cm by default, are one node), so a bridge does not
 * connect to the road below. Every segment between consecutive vertices is one edge.
 *
 * Memory per undirected edge: 2 arcs × (4 B target + 4 B edge id + 8 B length) = 32 B,
 * plus 8 B endpoints, 8 B length and ~4 B of grid index = 52 B; per node 16 B coordinates
 * + 8 B CSR offset + ~4 B grid index.
 */
#ifndef LC_NET_H
#define LC_NET_H

#include "../geom/geom.h"

/** A row of a sparse grid: its cells are cells first .. end-1 (row UINT32_MAX: a free slot). */
typedef struct lc_grid_row {
    uint32_t row;
    size_t first, end;
} lc_grid_row;

/** Sparse uniform grid over points or segment boxes: only occupied cells are stored, sorted by
 *  key = row << 32 | column; the items of cell i are item[off[i] .. off[i+1]), so the cells of
 *  one row and their items are consecutive. `rows` finds a row's cells (open addressing). */
typedef struct lc_grid {
    double x0, y0, cell;  /* origin (lowest coordinates) and cell side, m */
    size_t ncells;
    uint64_t *key;
    size_t *off;
    uint32_t *item;
    lc_grid_row *rows;
    size_t row_mask;      /* rows has row_mask + 1 slots */
    uint32_t max_row, max_col;
} lc_grid;

/** Columns c0..c1 and rows r0..r1 of a grid that a box meets (inclusive). */
typedef struct lc_grid_span {
    uint32_t c0, c1, r0, r1;
} lc_grid_span;

typedef struct lc_graph {
    size_t nnodes, nedges;
    double *x, *y;          /* node coordinates, working CRS (m) */
    size_t *off;            /* CSR: arcs of node i are off[i] .. off[i+1] */
    uint32_t *arc_to;       /* target node of each arc */
    uint32_t *arc_edge;     /* undirected edge of each arc */
    double *arc_len;        /* length of each arc (m) */
    uint32_t *eu, *ev;      /* endpoints of each edge */
    double *elen;           /* length of each edge (m) */
    lc_grid egrid;          /* edges by bounding box */
    lc_grid ngrid;          /* nodes */
    size_t merged;          /* vertices merged into another within the tolerance */
    size_t zero_edges;      /* segments dropped because both ends are one node */
} lc_graph;

/**
 * Build the graph from `n` LineString/MultiLineString geometries (working CRS), merging
 * vertices closer than `merge_tol_m`. With `node_crossings`, crossing lines are first
 * split where they cross (GEOS noding) for data drawn without shared vertices.
 */
lc_status lc_graph_build(lc_ctx *ctx, const GEOSGeometry *const *lines, size_t n,
                         double merge_tol_m, bool node_crossings, lc_graph **out);
void lc_graph_destroy(lc_graph *g);

/** A point located on an edge: t in [0, 1] from eu to ev, `offset_m` away from it. */
typedef struct lc_snap {
    uint32_t edge;
    double t;
    double offset_m;
} lc_snap;

/** The cells of grid `gr` a box meets; false when it meets none. */
bool lc_grid_span_of(const lc_grid *gr, double minx, double miny, double maxx, double maxy,
                     lc_grid_span *sp);
/** The items of the cells of row `row` from column c0 to c1: gr->item[*i0 .. *i1) (an item
 *  whose box spans several of those cells appears once per cell). */
void lc_grid_row_items(const lc_grid *gr, uint32_t row, uint32_t c0, uint32_t c1, size_t *i0,
                       size_t *i1);

/** Nearest edge to (x, y) within `max_m`; false when there is none. Ties: lowest edge id. */
bool lc_graph_snap(const lc_graph *g, double x, double y, double max_m, lc_snap *out);

/** Call fn(node, ud) for every node whose coordinates lie in the box. */
void lc_graph_nodes_in_box(const lc_graph *g, double minx, double miny, double maxx,
                           double maxy, void (*fn)(uint32_t node, void *ud), void *ud);

/** A source of the search: distance `d0_m` already walked at `node`. */
typedef struct lc_seed {
    uint32_t node;
    double d0_m;
} lc_seed;

/**
 * Multi-source shortest paths from all seeds at once, bounded: nodes farther than
 * `limit_m` keep INFINITY. `dist` has g->nnodes entries. Binary heap with lazy deletion:
 * O((V + E) log V) over the nodes within the bound only.
 */
lc_status lc_graph_search(lc_ctx *ctx, const lc_graph *g, const lc_seed *seeds, size_t nseeds,
                          double limit_m, double *dist);

/**
 * The same search for many small runs (one facility at a time): `dist` must be INFINITY
 * everywhere on entry; the nodes it sets are listed in `touched` (room for g->nnodes), and
 * the caller resets just those afterwards, so a run costs only what it reaches.
 */
lc_status lc_graph_search_sparse(lc_ctx *ctx, const lc_graph *g, const lc_seed *seeds,
                                 size_t nseeds, double limit_m, double *dist, uint32_t *touched,
                                 size_t *ntouched);

/** Seeds for a point snapped onto an edge: both ends, at offset + the length to each. */
void lc_snap_seeds(const lc_graph *g, const lc_snap *s, lc_seed out[2]);

#endif
