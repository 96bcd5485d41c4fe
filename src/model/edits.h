/*
 * edits.h — a scenario's edits to the facilities of a loaded dataset, applied without
 * loading it again: a view of the dataset whose facilities are the baseline's minus the
 * removed ones, with new places for some, plus those of one more source. The estates,
 * maps, categories and everything else are the baseline's, borrowed; the baseline itself
 * is never changed, so one loaded dataset serves every scenario of a comparison.
 *
 * A view evaluates as a plain run with the edited inputs would: the added facilities as one
 * more facility source (numbered after the given ones), the removed ones left out, a
 * facility's new places as its capacity field's value; the categories evaluated are the
 * baseline's (a plain run with `categories` set to them).
 */
#ifndef LC_MODEL_EDITS_H
#define LC_MODEL_EDITS_H

#include "dataset.h"
#include "network.h"

/** What a scenario does to the facilities. Borrowed strings. */
typedef struct lc_fac_edits {
    const char *scenario;               /* its name, for messages */
    const char *add;                    /* SRC[:LAYER] of added facilities, NULL: none */
    const char *const *remove;          /* ids (lc_facility_uid of the baseline) to leave out */
    size_t nremove;
    const char *const *cap_ids;         /* ids whose places change ... */
    const double *cap_places;           /* ... to these */
    size_t ncap;
} lc_fac_edits;

/** The view: `ds` is what the stages read. */
typedef struct lc_dataset_view {
    lc_dataset ds;                      /* the baseline's, with the edited facilities */
    lc_source_layer *added_src;         /* owned: the added source, NULL */
    lc_facility *added;                 /* owned: its facilities (geometries, raw text) */
    size_t nadded;
    lc_source_counts added_counts;      /* what happened to its features */
    size_t removed;                     /* facilities left out */
    size_t *ent_off;                    /* owned: the entrances with the added ones, NULL */
    double *ent_xy;
} lc_dataset_view;

/** Build the view of `base` with the edits `e`. An id of remove or capacity that names no
 *  facility of base is LC_ERR_ARG naming the scenario, the key and the id; the added
 *  source's errors are the loader's. *v is cleared first; on failure it holds nothing. */
lc_status lc_dataset_view_build(lc_ctx *ctx, const lc_input_settings *s, const lc_dataset *base,
                                const lc_fac_edits *e, lc_dataset_view *v);
/** Check the ids of `e` against `base` without building anything (the errors of
 *  lc_dataset_view_build for them), so that a comparison fails before it writes. */
lc_status lc_fac_edits_check(lc_ctx *ctx, const lc_dataset *base, const lc_fac_edits *e);

/** Add the estate gates of layer `spec` (read as --entrances is, with its settings in `ws`)
 *  to the view's: an estate's gates are then the baseline's and the added ones (a plain
 *  run's with one entrances layer holding both). */
lc_status lc_dataset_view_add_entrances(lc_ctx *ctx, const lc_walk_settings *ws,
                                        const char *spec, lc_dataset_view *v,
                                        lc_entrance_counts *c);

/** Free what the view owns (the baseline is untouched). */
void lc_dataset_view_clear(lc_ctx *ctx, lc_dataset_view *v);

#endif
