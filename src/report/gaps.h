/*
 * gaps.h — the gap list (gaps.csv, and the report's list): per category and tier, the
 * estates without the service within that tier, by district, with the people affected (the
 * category's demand, as the equity measures weigh them); and an estate's name for the lists.
 */
#ifndef LC_GAPS_H
#define LC_GAPS_H

#include "../cover/equity.h"

/** Estate e's name (the name role's field), else its id; written into buf. */
const char *lc_estate_label(const lc_dataset *ds, size_t e, char *buf, size_t cap);

/** One gap: estate e of district dist (index into the sorted districts) lacks category k
 *  within tier t; people: its demand (NAN: unknown). */
typedef struct lc_gap {
    size_t k, t, dist, e;
    double people;
    const char *id; /* the estate's (borrowed), the last tie-break */
} lc_gap;

/** Every gap, ordered by category (ds->cat order), tier, district (sorted by UTF-8 bytes),
 *  then most people first, then id; an array the caller frees, its length in *out_n and the
 *  sorted districts (borrowed strings, caller frees the array) in *out_dist. NULL: no memory. */
lc_gap *lc_gaps_list(const lc_dataset *ds, const lc_cover *cv, const lc_equity *eq,
                     size_t *out_n, char ***out_dist, size_t *out_nd);

/** gaps.csv as a geometry-less table (caller destroys): category, tier, district, estate
 *  (id), name, people, demand (the field or role counted). */
lc_status lc_gaps_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                        const lc_equity *eq, lc_table **out);

#endif
