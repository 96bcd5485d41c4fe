/* walkarea.h — walking service areas and walking coverage shares (see walkarea.c). */
#ifndef LC_WALKAREA_H
#define LC_WALKAREA_H

#include "cover.h"
#include "walk.h"

/** Network mode: cv->c[k][t][e] = area(estate ∩ walking service area of k at r_t) / area;
 *  for a point estate 1 when the point lies within walk_buffer_m of a reached stretch. */
lc_status lc_walk_shares(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                         const lc_walk *wk, double walk_buffer_m, lc_cover *cv);

/** lc_walk_shares for the categories with cats[k] set (NULL: all) of the estates
 *  est[0..n) (NULL: all); the others' shares are kept. */
lc_status lc_walk_shares_of(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                            const lc_walk *wk, double walk_buffer_m, lc_cover *cv,
                            const bool *cats, const uint32_t *est, size_t n);
/** The walking service areas of every category and tier into cv->walk_wkb (WKB; NULL
 *  when nothing is reached); their tiles kept when cv keeps them (lc_cover_keep_tiles). */
lc_status lc_walk_service_areas(lc_ctx *ctx, const lc_graph *g, const lc_walk *wk,
                                double walk_buffer_m, lc_cover *cv);

/** The walking service areas of the categories with cats[k] set; the others' are kept. The
 *  tiles that `base` (NULL: none) kept (lc_cover_keep_tiles) are taken where the same. */
lc_status lc_walk_service_areas_of(lc_ctx *ctx, const lc_graph *g, const lc_walk *wk,
                                   double walk_buffer_m, lc_cover *cv, const bool *cats,
                                   const lc_cover *base);
/** Per-facility walking service areas (--per-facility): wkb[j * ntiers + t] for facility j
 *  at tier t (NULL for facilities not evaluated or unreachable). */
typedef struct lc_facility_areas {
    unsigned char **wkb;
    size_t *len;
    size_t n;
} lc_facility_areas;

/** One search per facility (sparse: it costs only what it reaches) and its areas per tier. */
lc_status lc_walk_facility_areas(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                                 const lc_walk *wk, double walk_buffer_m, const lc_cover *cv,
                                 lc_facility_areas *out);
void lc_facility_areas_clear(lc_facility_areas *fa);

#endif
