/*
 * bundle.h — joint-renovation bundles: which eligible estates are adjacent
 * (adjacency.c: polygon gap, barrier lines, shared boundary) and how they are grouped into
 * contiguous bundles between a floor and a ceiling of size (maxp.c: max-p regions with a
 * ceiling, by region growing and local search on plain arrays).
 */
#ifndef LC_BUNDLE_H
#define LC_BUNDLE_H

#include "../model/dataset.h"

/* ---- adjacency ---------------------------------------------------------------------- */

/** One adjacent pair of eligible estates, a < b (estate indices into the dataset). */
typedef struct lc_adj_pair {
    uint32_t a, b;
    double gap_m;      /* distance between the polygons (0: touching or overlapping) */
    double shared_m;   /* length of the boundary they share (0 unless touching) */
    bool cross_district; /* their district fields differ */
} lc_adj_pair;

typedef struct lc_adjacency {
    lc_adj_pair *pairs;
    size_t npairs;
    size_t blocked;    /* pairs within the gap whose joining segment meets a barrier */
    size_t nested;     /* pairs within the gap left out as one lies inside the other */
    double *rep_xy;    /* representative point (point on surface) of every estate */
} lc_adjacency;

/** Pairs of eligible estates (`eligible[e]`) at most `gap_m` apart whose nearest points are
 *  not separated by one of the `nbar` barrier lines (working CRS; may be 0), and neither
 *  lying inside the other (ds->nesting). Candidate pairs come from a GEOS STRtree of the
 *  estates; barrier pieces from a second STRtree. */
lc_status lc_adjacency_build(lc_ctx *ctx, const lc_dataset *ds, const bool *eligible,
                             double gap_m, const GEOSGeometry *const *barriers, size_t nbar,
                             lc_adjacency *out);
void lc_adjacency_clear(lc_adjacency *adj);

/* ---- bundling (max-p regions with a ceiling) ---------------------------------------- */

/** The graph bundling works on: n nodes, symmetric CSR adjacency, per-node size (the
 *  bundled total), centroid and weight (area) for the compactness measure, and the pairs of
 *  nodes that may never share a bundle (an estate and one it lies inside: model/nested.h),
 *  as a symmetric CSR too. Borrowed. */
typedef struct lc_bgraph {
    size_t n;
    const size_t *off;   /* n + 1 */
    const uint32_t *nbr; /* neighbours of i: nbr[off[i] .. off[i+1]) */
    const double *size, *x, *y, *w;
    const size_t *xoff;  /* n + 1, or NULL: no such pair */
    const uint32_t *xnbr; /* the nodes i never shares a bundle with: xnbr[xoff[i] .. xoff[i+1]) */
} lc_bgraph;

typedef struct lc_bparams {
    double min_size, max_size; /* N (floor to reach) and M (ceiling), 0 < N <= M */
    uint64_t seed;             /* the construction order; same seed, same result */
    int restarts;              /* constructions tried; the best is kept */
    double time_limit_s;       /* seconds for the exact step over all pieces (CBC); 0: the
                                  heuristic and the split bound only */
} lc_bparams;

/** A bundling: node i is in bundle label[i] (0 .. nb-1, numbered by smallest member). */
typedef struct lc_bsolution {
    uint32_t *label;     /* n, owned */
    size_t nb;
    size_t reaching;     /* bundles with total >= N */
    size_t upper_bound;  /* sum over connected components of floor(total / N) (the first,
                            loosest bound; run.json's bundles.upper_bound) */
    size_t split_bound;  /* nodes above M count one each and cut the graph; plus the sum over
                            the pieces left of floor(total / N) */
    size_t bound;        /* the best proven bound: split_bound, lowered on the pieces the
                            exact step solved (reaching <= bound <= split_bound) */
    bool optimal;        /* reaching == bound: no bundling has more bundles reaching N */
    size_t components;   /* connected components of the graph */
    size_t pieces;       /* nodes above M, and the components of the graph without them */
    size_t open_pieces;  /* pieces whose count is below their bound */
    size_t exact_pieces; /* pieces the set-packing MIP solved (optimum proven) */
    double inertia;      /* sum over bundles of sum w_i |c_i - C_b|^2, m^2 * m^2 (minimised) */
} lc_bsolution;

/**
 * Bundle the nodes of `g` so that (1) every node is in exactly one bundle, (2) bundles are
 * connected, (3) a bundle's total is at most M unless it is one node, (4) a bundle below N
 * has no adjacent bundle it could merge with while staying at most M and within rule 5,
 * (5) no bundle holds two nodes that may never share one (g->xoff). Objective: most
 * bundles reaching N, then least inertia (area-weighted moment of the member centroids).
 */
lc_status lc_bundle_solve(lc_ctx *ctx, const lc_bgraph *g, const lc_bparams *p,
                          lc_bsolution *out);
void lc_bsolution_clear(lc_bsolution *s);

/** Check rules (1)–(5) for `label` (nb bundles); false with the broken rule in `why`. */
bool lc_bundle_check(const lc_bgraph *g, const lc_bparams *p, const uint32_t *label, size_t nb,
                     char *why, size_t cap);

/* ---- the exact step (exact.c) --------------------------------------------------------
 * The most bundles reaching N on one piece (a component of the graph without the nodes
 * above M) is the largest packing of disjoint connected node sets of total in [N, M]
 * (exact.c says why); exact.c enumerates the minimal such sets and solves the packing as a
 * MIP with COIN-OR CBC. maxp.c calls it on the pieces whose count is below their bound. */

/** What the exact step found on one piece. */
typedef struct lc_bpiece_result {
    size_t bound;   /* proven upper bound on the packing; SIZE_MAX: nothing proven */
    size_t count;   /* sets in the packing found */
    size_t sets;    /* minimal feasible sets enumerated */
    size_t steps;   /* enumeration steps */
    bool complete;  /* every minimal feasible set enumerated within the caps */
    bool optimal;   /* count == bound, proven */
} lc_bpiece_result;

/** One piece `pg` (connected, every node <= M; x, y, w unused): enumerate (stopped by the
 *  clock only at `deadline`, lc_now_s() time: the step's whole limit, so that a slower
 *  machine gets the same sets while the step is within it), then pack with CBC for at most
 *  `seconds` (with `root_only`, its root: the LP bound and what CBC finds there).
 *  set_of[i] = the packed set holding node i (0 .. count-1) or UINT32_MAX. At most
 *  `max_sets` sets (and 40 enumeration steps per set): beyond, the result is not complete and
 *  proves nothing. */
lc_status lc_bundle_piece_exact(const lc_bgraph *pg, double N, double M, bool root_only,
                                size_t max_sets, double deadline, double seconds,
                                uint32_t *set_of, lc_bpiece_result *out);

typedef struct lc_bexact_in {
    double N, M;
    const uint32_t *piece; /* per node: its piece */
    size_t npieces;
    const size_t *reach;   /* per piece: bundles reaching N in the best bundling so far */
    size_t *bound;         /* per piece: its bound; lowered where CBC proves less */
    double deadline;       /* for the whole step, lc_now_s clock */
    double piece_seconds;  /* the most one piece's branch and bound may take */
} lc_bexact_in;

typedef struct lc_bexact_out {
    size_t tried;     /* pieces below their bound the exact step looked at */
    size_t solved;    /* ... whose optimum CBC proved */
    size_t improved;  /* ... where a packing beats the bundling so far */
    size_t skipped;   /* pieces below their bound not looked at (deadline, set cap) */
    size_t sets;      /* minimal feasible sets enumerated, all pieces */
    size_t nsets;     /* sets in preset */
} lc_bexact_out;

/** The exact step on every piece whose reach is below its bound, small pieces first: first
 *  the root of each (its LP bound settles many), then branch and bound on those still open;
 *  up to 1 000 000 sets (200 000 per piece) and the deadline. preset[i] (n, caller's) = the
 *  packed set holding node i, numbered over all improved pieces, or UINT32_MAX. */
lc_status lc_bundle_exact(const lc_bgraph *g, const lc_bexact_in *in, uint32_t *preset,
                          lc_bexact_out *out);

/* ---- the whole step --------------------------------------------------------------- */

/** Bundles of one run, in estate terms. Owns everything. */
typedef struct lc_bundling {
    bool *eligible;       /* per estate: passes --filter */
    size_t neligible;
    double *size;         /* per estate: the size field (0 when unknown) */
    size_t size_unknown;
    size_t barriers_read, barriers_used, barriers_skipped;
    lc_adjacency adj;
    size_t edges;         /* adjacent pairs bundling may join (not across districts with
                             --same-district) */
    long *bundle;         /* per estate: bundle index, -1 when not eligible */
    size_t nb;
    size_t *moff;         /* members of bundle b: members[moff[b] .. moff[b+1]) */
    uint32_t *members;    /* estate indices, in input order */
    double *cxy;          /* per estate: centroid (eligible ones), for the spread */
    lc_bsolution sol;     /* reaching, upper_bound, components, inertia */
    double min_size, max_size;
    const char *size_field;   /* the estate field summed to a bundle's size (borrowed) */
    bool same_district;
} lc_bundling;

/** Eligibility, sizes, barriers, adjacency and bundles for `ds` under settings `s`. */
lc_status lc_bundling_run(lc_ctx *ctx, const lc_bundle_settings *s, const lc_dataset *ds,
                          lc_bundling *out);
void lc_bundling_clear(lc_bundling *b);

#endif
