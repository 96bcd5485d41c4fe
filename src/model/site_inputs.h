/*
 * site_inputs.h — candidate sites for new facilities: idle buildings or vacant
 * plots from any GDAL source (polygons stand for their point on surface), projected into
 * the working CRS, with an id and optional cost and capacity fields.
 */
#ifndef LC_SITE_INPUTS_H
#define LC_SITE_INPUTS_H

#include "dataset.h"

/** Candidate sites; owns everything. cost/cap are NAN where the field is absent or empty. */
typedef struct lc_candidates {
    size_t n;
    char **id;          /* the `id` field's text, else the feature id */
    double *xy;         /* 2n, working CRS */
    double *cost, *cap; /* n each */
    size_t read, skipped;
    lc_datum_sample datum; /* the datum check's sample (taken with a network) */
    lc_input_datum datum_read; /* a table's datum and why (input empty: none to record) */
} lc_candidates;

/** Read s->candidates. Features without a usable geometry are skipped and logged; a
 *  cost or capacity field named in the settings but missing from the layer is an error.
 *  With `network` (a walking run) also the datum check's sample. */
lc_status lc_candidates_load(lc_ctx *ctx, const lc_site_settings *s, bool network,
                             const char *work_wkt,
                             lc_candidates *out);
/** Room for n candidates (all fields NAN, ids NULL). */
lc_status lc_candidates_alloc(lc_candidates *c, size_t n);
void lc_candidates_clear(lc_candidates *c);
/** Order the candidates by id, then x, then y, so that choices do not depend on the input
 *  order of the features. */
lc_status lc_candidates_sort(lc_candidates *c);

#endif
