/*
 * cover.h — straight-line living-circle coverage of estates by facility categories.
 *
 * For estate e, category k and tier t (radius r_t):
 *   d[k][e]    distance in metres from the estate polygon to the nearest facility of k
 *              (0 when one lies inside; NAN when k has no facility at all);
 *   c[k][t][e] area(e ∩ union of discs(r_t) around facilities of k) / area(e), in [0, 1];
 *   g[k][t][e] 1 when no facility of k lies within r_t of the estate (d > r_t), else 0.
 * Candidates come from a GEOS STRtree per category; distances use the estate's prepared
 * geometry. c is exact (analytic circle/polygon area) when one facility partly covers
 * the estate, and uses polygon discs of 4*disc_quadsegs segments when several do.
 */
#ifndef LC_COVER_H
#define LC_COVER_H

#include "../model/dataset.h"

typedef struct lc_cover {
    size_t nest, ncat, ntiers;
    double radius_m[LC_MAX_TIERS];
    int tier_minutes[LC_MAX_TIERS];
    int quadsegs;
    double *d;            /* [ncat][nest] */
    double *c;            /* [ncat][ntiers][nest] */
    unsigned char *g;     /* [ncat][ntiers][nest] */
    unsigned char **area_wkb; /* [ncat][ntiers] service areas (union of discs) as WKB, or NULL */
    size_t *area_len;
    unsigned char **walk_wkb; /* [ncat][ntiers] walking service areas (network mode) or NULL */
    size_t *walk_len;
    lc_tile_cache **area_tiles; /* [ncat][ntiers] the unions' tiles kept for scenarios */
    lc_tile_cache **walk_tiles; /* (lc_cover_keep_tiles), or NULL: not kept */
    int threads;          /* worker threads for the service areas (0: one per core) */
    size_t multi_disc;    /* estate/category/tier cases that needed the polygon union */
} lc_cover;

#define LC_COV_D(cv, k, e) ((cv)->d[(size_t)(k) * (cv)->nest + (e)])
#define LC_COV_IDX(cv, k, t, e) ((((size_t)(k) * (cv)->ntiers) + (t)) * (cv)->nest + (e))

/** Compute d, c and g for every estate and evaluated category of `ds`. */
lc_status lc_cover_compute(lc_ctx *ctx, const lc_dataset *ds, const lc_cover_settings *s,
                           int threads, lc_cover **out);
/** Compute the service areas (one MultiPolygon per category and tier, as WKB) into
 *  cv->area_wkb. The (category, tier) unions are independent and run on cv->threads
 *  threads, each with its own lc_ctx; geometries never leave the thread that made them. */
lc_status lc_cover_service_areas(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv);
/** The service areas of the categories with cats[k] set only (the others kept): a scenario's
 *  areas from a copy of the baseline's (lc_cover_copy). The tiles that `base` (NULL: none)
 *  kept (lc_cover_keep_tiles) are taken where their discs are the same. */
lc_status lc_cover_service_areas_of(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv,
                                    const bool *cats, const lc_cover *base);
/** Keep the tiles of the service areas computed next into cv (straight-line and walking), for
 *  scenarios evaluated from it (a comparison's baseline): a tile of a scenario's union whose
 *  pieces are the baseline's is taken, not unioned again. */
lc_status lc_cover_keep_tiles(lc_ctx *ctx, lc_cover *cv);
void lc_cover_destroy(lc_ctx *ctx, lc_cover *cv);

/* ---- a scenario's coverage from the baseline's (pipeline/update.c) ---------------------- */

/** A deep copy of `src`: every array and service area (not the kept tiles). */
lc_status lc_cover_copy(lc_ctx *ctx, const lc_cover *src, lc_cover **out);
/** The (category, tier) slots of the categories with cats[k] set, as jobs (*n of them;
 *  lc_free the list; NULL: out of memory), their areas in wkb/len (area_wkb or walk_wkb)
 *  freed and cleared for computing again. */
size_t *lc_cover_area_jobs(const lc_cover *cv, const bool *cats, unsigned char **wkb,
                           size_t *len, size_t *n);
/** Recompute category k of the estates est[0..n) of `ds` (every estate when est is NULL),
 *  as lc_cover_compute does; only d when `d_only` (network mode: c and g are the walk's).
 *  cv->multi_disc counts the recomputed estates' cases on top of what it held. */
lc_status lc_cover_update(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv, int k,
                          const uint32_t *est, size_t n, bool d_only);

/** Coverage share of one estate for the facilities `f[0..n)` at radius r (exposed for
 *  tests: the same code path as lc_cover_compute). `dist[i]` is the distance from the
 *  estate to f[i]. */
lc_status lc_cover_share(lc_ctx *ctx, const lc_estate *e, const lc_facility *const *f,
                         const double *dist, size_t n, double r, int quadsegs,
                         double *out_share, bool *out_multi);

/** Name of the computed field of the estates for category key `key`: "<key>_d",
 *  "<key>_w", "<key>_c<min>", "<key>_g<min>", "<key>_a<min>", "<key>_s<min>". `what` is 'd'
 *  (straight-line distance), 'w' (walking), 'c' (covered share), 'g' (gap), 'a' (places per
 *  1,000) or 's' (places short); minutes ignored for 'd' and 'w'. Fits 10 bytes by
 *  construction. The outputs name their fields by it and the report finds them by it. */
void lc_cover_field_name(char *buf, size_t cap, const char *key, char what, int minutes);

#endif
