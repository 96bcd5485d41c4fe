/*
 * summary.h — the per-district, per-category summary table (summary.csv): estates,
 * households, population, elderly, children and the shares covered per tier, with a
 * TOTAL row per category.
 */
#ifndef LC_SUMMARY_H
#define LC_SUMMARY_H

#include "../cover/cover.h"

/** The distinct districts of the estates (borrowed strings), sorted by their UTF-8 bytes, in
 *  an array the caller frees; "" stands for estates without a district. NULL: no memory. */
char **lc_summary_districts(const lc_dataset *ds, size_t *out_n);

/** Build the summary as a geometry-less lc_table (caller destroys). Column meanings are
 *  in README.md ("summary.csv"). */
lc_status lc_summary_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                           lc_table **out);

#endif
