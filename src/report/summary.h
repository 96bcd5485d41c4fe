/*
 * summary.h — the per-district, per-category summary table (summary.csv): estates,
 * households, population, elderly, children and the shares covered per tier, with a
 * TOTAL row per category.
 */
#ifndef LC_SUMMARY_H
#define LC_SUMMARY_H

#include "../cover/cover.h"

/** Build the summary as a geometry-less lc_table (caller destroys). Column meanings are
 *  in README.md ("summary.csv"). */
lc_status lc_summary_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                           lc_table **out);

#endif
