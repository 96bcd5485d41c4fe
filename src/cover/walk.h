/*
 * walk.h — walking-network coverage: for estate e and category k,
 *   w[k][e] = min over e's access points of (access offset + shortest path + facility
 *             offset), in metres; NAN beyond the largest radius or when unreachable.
 * Facilities are snapped to the nearest point of the nearest edge (the snap offset counts as
 * walking; farther than max_snap: unreachable). An estate's access points are the network
 * vertices inside it or within access_snap of its boundary (offset = distance to the
 * polygon), or else its point on surface snapped to the nearest edge (within max_snap). A
 * point estate is a polygon of no area: the vertices within access_snap of the point, else
 * the point snapped.
 * One bounded multi-source search per category, from all its facilities at once.
 */
#ifndef LC_WALK_H
#define LC_WALK_H

#include "../model/dataset.h"
#include "../net/net.h"

typedef struct lc_node_access {
    uint32_t node;
    double offset_m;
} lc_node_access;

/** A facility located on an edge (its snap), for direct paths along that edge. */
typedef struct lc_on_edge {
    uint32_t edge;
    double t, offset_m;
} lc_on_edge;

typedef struct lc_walk {
    size_t nest, ncat;
    double *w;                /* [ncat][nest] */
    size_t *acc_off;          /* node access points of estate e: acc[acc_off[e]..acc_off[e+1]) */
    lc_node_access *acc;
    size_t *eacc_off;         /* access points on edges of estate e: eacc[eacc_off[e]..[e+1]) */
    lc_snap *eacc;            /* (its entrances, or its snapped point on surface) */
    lc_snap *fac_snap;        /* per facility; fac_ok[j] false: unreachable */
    unsigned char *fac_ok;
    double **dist;            /* [ncat][nnodes] search result, INFINITY beyond the limit */
    lc_on_edge **fe;          /* [ncat] facilities on edges, sorted by edge */
    size_t *nfe;
    uint8_t **fe_bits;        /* [ncat] one bit per edge: some facility lies on it */
    double limit_m;           /* bound of the searches (the largest radius) */
    double max_snap_m;        /* the walk setting max_snap, for the searches that follow
                                 (2SFCA, siting) */
    size_t fac_unreachable;   /* mapped facilities of evaluated categories beyond max_snap */
    size_t est_no_access;     /* estates with no access point at all */
} lc_walk;

#define LC_WALK_W(wk, k, e) ((wk)->w[(size_t)(k) * (wk)->nest + (e)])

/** Access points, facility snaps and the walking distance of every estate and category. */
lc_status lc_walk_compute(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                          const lc_walk_settings *s, double limit_m, lc_walk **out);
void lc_walk_destroy(lc_walk *wk);
/** A scenario's walk on the baseline's graph from the baseline's (`base`, of a dataset with
 *  `nbase` facilities, view_of[j] the index of its facility j in `ds` or SIZE_MAX when the
 *  scenario removed it): the estates' access points are the baseline's, the kept
 *  facilities' snaps too, the added ones are snapped; the categories with cats[k] set are
 *  searched again, the others' distances are the baseline's. As lc_walk_compute on ds. */
lc_status lc_walk_update(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                         const lc_walk_settings *s, const lc_walk *base, const size_t *view_of,
                         size_t nbase, const bool *cats, lc_walk **out);

/** What one search reached: node distances and the facilities lying on edges. */
typedef struct lc_reach {
    const double *dist;
    const lc_on_edge *fe;     /* sorted by edge */
    size_t nfe;
    const uint8_t *fe_bits;   /* bit e set: some of fe lies on edge e; NULL: look each time */
} lc_reach;

/** Walking distance of estate e from a search result: min over its access points of
 *  offset + path, including direct paths along an edge shared with a source in rc->fe. */
double lc_walk_estate(const lc_walk *wk, const lc_graph *g, size_t e, const lc_reach *rc);

/** The reach of category k's search. */
lc_reach lc_walk_reach(const lc_walk *wk, int k);

/**
 * Reachable stretches of edge `e` within `r` metres: up to 2 + (facilities on the edge)
 * intervals [a, b] in metres from the edge's first node, merged and sorted. Returns their
 * number; `iv` must hold 2 + rc->nfe entries.
 */
size_t lc_reach_edge(const lc_reach *rc, const lc_graph *g, uint32_t e, double r,
                     double (*iv)[2]);

/** lc_reach_edge for category k. */
size_t lc_walk_edge_reach(const lc_walk *wk, const lc_graph *g, int k, uint32_t e, double r,
                          double (*iv)[2]);

struct lc_cover;
/** Network mode: a gap is no facility within the tier radius *walking* (w > r or null). */
void lc_walk_apply_gaps(struct lc_cover *cv, const lc_walk *wk);

#endif
