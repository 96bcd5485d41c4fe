/*
 * access.h — capacity-aware access: does the facility within reach have room? The
 * two-step floating catchment (2SFCA, Luo & Wang 2003), with optional Gaussian distance
 * decay (Dai 2010's form of the enhanced 2SFCA), on the catchments of reach.h — the same
 * distances and the same "within r, inclusive" rule as the coverage fields:
 *   R_j = S_j / Σ_{i: d_ij ≤ r} W(d_ij) D_i      places per person of demand at facility j
 *   A_i = Σ_{j: d_ij ≤ r} W(d_ij) R_j            places per person of demand for estate i
 * Every pair within r counts, not only the nearest facility. When every facility has
 * demand in reach, Σ_i A_i D_i = Σ_j S_j: the places are shared out, none made up.
 */
#ifndef LC_ACCESS_H
#define LC_ACCESS_H

#include "cover.h"
#include "reach.h"

typedef enum lc_decay {
    LC_DECAY_NONE = 0, /* W = 1 within r */
    LC_DECAY_GAUSS     /* W(d) = (e^{-(d/r)²/2} − e^{-1/2}) / (1 − e^{-1/2}): 1 at the
                          facility, 0 at r (Dai 2010, catchment size d0 = r) */
} lc_decay;

/** The weight of a pair at distance d (0 <= d <= r) under `decay`. */
double lc_decay_weight(lc_decay decay, double d, double r);

/**
 * 2SFCA of one category at radius r. `rs` (with distances) gives facility j's catchment;
 * only pairs with dist <= r count, so one reach at the largest radius serves every tier.
 * supply[j]: places (NAN or <= 0: none usable, the facility adds nothing); demand[e] >= 0.
 * Out (caller's arrays): ratio[j] = R_j (NAN when no demand in reach or no supply),
 * load[j] = Σ W D_i / S_j, the catchment's demand per place (NAN without supply; over 1:
 * oversubscribed), access[e] = A_i (0 when no facility with room is in reach).
 */
void lc_access_2sfca(const lc_reach_sets *rs, const double *supply, const double *demand,
                     size_t nest, double r, lc_decay decay, double *ratio, double *load,
                     double *access);

/* ---- the step of a run ----------------------------------------------------------------- */

/** The estate role or field whose people use category `key` by default: elderly for elder,
 *  children for child and kgdn, population otherwise (siting weighs the same way). */
const char *lc_demand_role(const char *key);

/** Capacity-aware access of one category with places. Owns its arrays. */
typedef struct lc_access_cat {
    size_t cat;               /* index into ds->cat */
    char demand_field[64];    /* the estate field read as demand */
    double norm;              /* places per 1,000 of demand; NAN: none */
    size_t nfac;              /* facilities of the category */
    size_t no_capacity;       /* of them without usable places (they add nothing) */
    size_t defaulted;         /* of them given capacity.<key> */
    size_t unreachable;       /* walking: farther than max_snap from the network */
    uint32_t *fac;            /* nfac facility indices into ds->fac */
    double *places;           /* per facility of the category (NAN: none usable) */
    double *demand;           /* per estate */
    double *load;             /* [ntiers][nfac] catchment demand per place */
    double *per1000;          /* [ntiers][nest] places per 1,000 of demand (k_a) */
    double *shortfall;        /* [ntiers][nest] places short of the norm (k_s); NULL: no norm */
    double places_total, demand_total;
} lc_access_cat;

typedef struct lc_access {
    size_t ncat, ntiers, nest;
    lc_access_cat *cat;
    bool walking, gauss;
    bool field_found;         /* the facility capacity field exists */
    const char *field;        /* its name (borrowed from the settings) */
} lc_access;

/** 2SFCA for every evaluated category whose facilities have places (the capacity field, or
 *  capacity.<key>), at every tier, walking when `wk` and `g` are given (as k_w), else
 *  straight line (as k_d). Facilities without usable places are counted and warned about. */
lc_status lc_access_run(lc_ctx *ctx, const lc_access_settings *s, const lc_dataset *ds,
                        const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                        lc_access *out);
/** A scenario's access from the baseline's `base`: the categories with cats[k] unset are
 *  copied (view_of[j]: the index in ds of the baseline's facility j), the others computed
 *  as lc_access_run does. */
lc_status lc_access_update(lc_ctx *ctx, const lc_access_settings *s, const lc_dataset *ds,
                           const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                           const lc_access *base, const bool *cats, const size_t *view_of,
                           lc_access *out);
void lc_access_clear(lc_access *a);
/** Categories with places within reach computed (per1000 set); the others are listed for
 *  their counts only. */
size_t lc_access_computed(const lc_access *a);

#endif
