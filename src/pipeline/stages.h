/*
 * stages.h — the stages of a run that a comparison repeats per scenario (run.c): on one
 * loaded dataset and graph, straight-line coverage and its service areas, walking
 * distances, shares and areas, capacity-aware access. A plain run and each scenario of
 * `compare` go through the same function, so a scenario's layers are a plain run's.
 */
#ifndef LC_STAGES_H
#define LC_STAGES_H

#include "outputs.h"
#include "../model/network.h"

/** What the evaluating stages computed for one dataset; every member owned. */
typedef struct lc_eval {
    lc_cover *cv;
    lc_walk *wk;             /* NULL without a network */
    lc_facility_areas fa;    /* per_facility areas, empty otherwise */
    lc_access ac;
} lc_eval;

/** Load the dataset, the entrances and the network's graph (g NULL without a network) of
 *  the settings `s` (service_areas settled for the estates' count); counts into `sum`;
 *  `keep` (NULL: not wanted) gets the network's walkable lines. */
lc_status lc_stages_load(lc_ctx *ctx, lc_settings *s, const lc_options *opts, lc_dataset **ds,
                         lc_graph **g, lc_net_lines *keep, lc_summary *sum);

/** Coverage, its service areas, walking over `g` (NULL: no network) and access for `ds`,
 *  with the settings `s` (service_areas settled); timings and counts into `sum`. With
 *  `keep_tiles` the service areas' tiles are kept in ev->cv (lc_cover_keep_tiles): a
 *  comparison's baseline, whose scenarios lc_stages_update takes them from. */
lc_status lc_stages_evaluate(lc_ctx *ctx, const lc_settings *s, const lc_dataset *ds,
                             const lc_graph *g, bool keep_tiles, lc_eval *ev, lc_summary *sum);
void lc_eval_clear(lc_ctx *ctx, lc_eval *ev);

/** A scenario's network edits, for lc_stages_update: the boxes of the lines it closes or
 *  adds (working CRS, {minx, miny, maxx, maxy} each), and whether it adds gates. */
typedef struct lc_edited_lines {
    double *box;
    size_t n;
    bool added; /* some of them added */
    bool gates;
} lc_edited_lines;

/** Whether a scenario editing `lines` can be evaluated from the baseline's results `base`
 *  (lc_stages_update) with the settings `s`. */
bool lc_stages_can_update(const lc_settings *s, const lc_eval *base, const lc_edited_lines *lines);
/** The evaluation of `ds`, a view of `base_ds` with edited facilities and gates (model/
 *  edits.h) on the scenario's graph `g` (NULL: none; the baseline's unless `lines` says it
 *  edits the network), from the baseline's evaluation `base`: only what the edits can reach
 *  is computed again (update.c); the same results as lc_stages_evaluate. */
lc_status lc_stages_update(lc_ctx *ctx, const lc_settings *s, const lc_dataset *base_ds,
                           const lc_eval *base, const lc_dataset *ds, const lc_graph *g,
                           const lc_edited_lines *lines, lc_eval *ev);

/** The results of `ev` for the outputs (no bundles, no sites), as lc_outputs_write takes
 *  them. */
lc_results lc_eval_results(const lc_settings *s, const lc_eval *ev, const lc_options *opts);

#endif
