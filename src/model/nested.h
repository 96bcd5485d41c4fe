/*
 * nested.h — estates lying inside other estates (OSM in Chinese cities maps a 小区 and the
 * 弄 inside it as two residential areas). Owns: the definition of "inside", finding every
 * such pair (an STRtree of the estates, prepared geometry), the `nested` setting (keep
 * both, the outer or the inner ones: the others are left out of the dataset, named in the
 * log and in run.json, and counted), and what the outputs and the bundles read of it (the
 * `inside` and `holds` fields, the pairs that may never share a bundle).
 *
 * Inside: estate B lies inside estate A when A and B are different estates, area(B) <
 * area(A), and area(B ∩ A) >= LC_NESTED_SHARE (95 %) of area(B) — a 弄 drawn a little across
 * its 小区's outline still lies inside it; two outlines of the same area (a duplicate) do not
 * nest. Every pair is tested on its own, so a chain A ⊃ B ⊃ C gives the pairs (B, A), (C, B)
 * and, when C lies 95 % inside A too, (C, A). Estates of no area (points) are never inside
 * another and never hold one.
 */
#ifndef LC_NESTED_H
#define LC_NESTED_H

#include "dataset.h"

/** The least share of an estate's area inside a larger one for it to lie inside it. */
#define LC_NESTED_SHARE 0.95

/** One estate of a nested pair as it was read (it may have been left out since). */
typedef struct lc_nest_end {
    char *id;       /* owned */
    char *name;     /* owned; NULL when it has none (no name field, or null) */
    int64_t fid;    /* its feature id in the estate layer */
    uint32_t est;   /* its index in lc_dataset.est, UINT32_MAX when left out */
} lc_nest_end;

/** An estate lying inside another: `inner` and `outer` index lc_nesting.ends (in the
 *  result of lc_nested_find, the estates given to it). */
typedef struct lc_nest_pair {
    uint32_t inner, outer;
    double share;   /* area(inner ∩ outer) / area(inner), at least LC_NESTED_SHARE */
} lc_nest_pair;

/** The nested estates of a run (lc_dataset.nesting). Owns everything. */
typedef struct lc_nesting {
    int mode;             /* lc_nested_mode */
    lc_nest_end *ends;    /* the estates in some pair, in input order */
    size_t nends;
    lc_nest_pair *pairs;  /* ordered by inner, then outer (input order) */
    size_t npairs;
    size_t nleft;         /* ends the mode left out */
    /* per estate of the dataset (after leaving out); NULL when there is no pair: */
    uint32_t *inside;     /* the end of the smallest estate it lies inside; UINT32_MAX: none */
    uint32_t *holds;      /* how many estates lie inside it */
    /* the pairs whose two estates were both kept, per estate (dataset indices): the
     * partners of e are pest[poff[e] .. poff[e+1]); poff NULL when there is none */
    size_t *poff;
    uint32_t *pest;
} lc_nesting;

/** Every pair of the `n` estates `est` where one lies inside the other (see the top),
 *  inner and outer as indices into `est`, ordered by inner then outer. Candidates come from
 *  a GEOS STRtree of the estates, so the work is estates × overlapping estates. *out
 *  (lc_free) is NULL when there is none. LC_ERR_GEOS when an intersection fails. */
lc_status lc_nested_find(lc_ctx *ctx, const lc_estate *est, size_t n, lc_nest_pair **out,
                         size_t *npairs);

/** Find the nested estates of `ds` (just loaded), report every pair (the first
 *  LC_SKIPS_LISTED in the log, each with both ids and names), leave out the estates the
 *  `nested` setting drops (freed and removed from ds->est, order kept) and set
 *  ds->nesting; fills the nested counts of *out and its estates_used. */
lc_status lc_nested_apply(lc_ctx *ctx, const lc_input_settings *s, lc_dataset *ds,
                          lc_load_result *out);

/** true when dataset estates `a` and `b` (both kept) are a nested pair; `n` may be NULL. */
bool lc_nested_pair_of(const lc_nesting *n, uint32_t a, uint32_t b);

void lc_nesting_destroy(lc_nesting *n);

#endif
