/*
 * equity.h — how fairly access is spread over people (公平性): the Gini coefficient, the
 * Palma ratio and the Lorenz curve of per-capita access, each estate's people weighing its
 * access (user guide, "Equity"). For a category and tier, over the estates with a known,
 * positive demand:
 *   Gini  = Σᵢ Σⱼ wᵢ wⱼ |Aᵢ − Aⱼ| / (2 W² μ),  W = Σ w,  μ = Σ w A / W  (0 when μ = 0;
 *           NAN without any estate counted)
 *   Palma = access held by the best-served 10 % of people / that of the worst-served 40 %,
 *           people ranked by A, an estate straddling a cut split pro rata (NAN: the worst
 *           40 % hold none)
 * with A the places per 1,000 of the demand (k_a), or, without capacities, the 0/1 coverage
 * share (covered within the tier), and w the people of the category's demand role.
 * The first part is pure arithmetic on arrays; the second assembles A and w from a run.
 */
#ifndef LC_EQUITY_H
#define LC_EQUITY_H

#include "access.h"

/** One estate's access and weight. */
typedef struct lc_share {
    double a; /* access: places per 1,000 of the demand, or 0/1 covered */
    double w; /* people of the demand role, > 0 */
} lc_share;

/** Sort `p` by access, least first (people ranked by A; ties keep no particular order,
 *  which changes none of the measures). */
void lc_share_sort(lc_share *p, size_t n);

/** Gini of `p` sorted by lc_share_sort, in O(n): 0 when nobody has access (μ = 0) or there
 *  is one estate; NAN when there is nobody (n = 0). */
double lc_gini_sorted(const lc_share *p, size_t n);

/** Palma of `p` sorted by lc_share_sort; NAN when the worst-served 40 % hold no access (or
 *  there is nobody). */
double lc_palma_sorted(const lc_share *p, size_t n);

/** The Lorenz curve of `p` sorted: x[i] the share of people, y[i] the share of access held by
 *  the first i estates, i = 0..n (n + 1 points from (0, 0) to (1, 1)); y all 0 when nobody
 *  has access. The caller's arrays hold n + 1. */
void lc_lorenz_sorted(const lc_share *p, size_t n, double *x, double *y);

/* ---- the measures of a run ------------------------------------------------------------- */

/** A and w of one category, every tier. Owns its arrays. */
typedef struct lc_equity_cat {
    size_t cat;           /* index into ds->cat */
    bool places;          /* A is k_a (2SFCA places per 1,000); false: the 0/1 coverage share */
    const char *role;     /* the demand: the estate field (places) or role (share); borrowed */
    const lc_access_cat *ac; /* its capacity-aware access; NULL without places */
    double *w;            /* [nest] people of the demand; 0: not counted (unknown, 0, negative) */
    double *a;            /* [ntiers][nest] access */
    double gini[LC_MAX_TIERS], palma[LC_MAX_TIERS]; /* over every counted estate */
    size_t counted;       /* estates with w > 0 */
} lc_equity_cat;

typedef struct lc_equity {
    size_t ncat, ntiers, nest;
    lc_equity_cat *cat;   /* one per evaluated category, in ds->cat order */
} lc_equity;

/** A and w of every evaluated category: k_a of `ac` (its demand field) for those with
 *  places, else the coverage share within each tier weighted by the demand role (`s`, as
 *  the priority reads it); and the whole run's Gini and Palma. */
lc_status lc_equity_compute(lc_ctx *ctx, const lc_access_settings *s, const lc_dataset *ds,
                            const lc_cover *cv, const lc_access *ac, lc_equity *out);
void lc_equity_clear(lc_equity *eq);

/** Gini and Palma of category c at tier t over the estates idx[0..n) (those not counted
 *  are skipped); `scratch` holds n. */
void lc_equity_measure(const lc_equity_cat *c, size_t t, size_t nest, const size_t *idx,
                       size_t n, lc_share *scratch, double *gini, double *palma);

#endif
