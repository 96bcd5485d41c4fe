/* walkarea.h — walking service areas and walking coverage shares (see walkarea.c). */
#ifndef LC_WALKAREA_H
#define LC_WALKAREA_H

#include "cover.h"
#include "walk.h"

/** Network mode: cv->c[k][t][e] = area(estate ∩ walking service area of k at r_t) / area. */
lc_status lc_walk_shares(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                         const lc_walk *wk, double walk_buffer_m, lc_cover *cv);

/** The walking service areas of every category and tier into cv->walk_wkb (WKB; NULL
 *  when nothing is reached). */
lc_status lc_walk_service_areas(lc_ctx *ctx, const lc_graph *g, const lc_walk *wk,
                                double walk_buffer_m, lc_cover *cv);

#endif
