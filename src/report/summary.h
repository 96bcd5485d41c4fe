/*
 * summary.h — the per-district, per-category summary table (summary.csv): estates,
 * households, population, elderly, children and the shares covered per tier (and, with
 * capacity-aware access, the places per 1,000 of the demand and the shortfall), with a
 * TOTAL row per category.
 */
#ifndef LC_SUMMARY_H
#define LC_SUMMARY_H

#include "../cover/access.h"
#include "../cover/equity.h"
#include "../cover/cover.h"

/** The distinct districts of the estates (borrowed strings), sorted by their UTF-8 bytes, in
 *  an array the caller frees; "" stands for estates without a district. NULL: no memory. */
char **lc_summary_districts(const lc_dataset *ds, size_t *out_n);

/** Build the summary as a geometry-less lc_table (caller destroys). Column meanings are
 *  in the user guide, docs/guide.md ("summary.csv"). With `ac` (may be NULL), the categories
 *  with places also get a<min> (places per 1,000 of the demand) and short<min> (places short
 *  of the norm). With `eq` (may be NULL), every category gets gini<min> and palma<min> per
 *  tier over each district's estates and over all of them (TOTAL; Palma null when the worst
 *  40 % hold nothing). */
lc_status lc_summary_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                           const lc_access *ac, const lc_equity *eq, lc_table **out);

#endif
