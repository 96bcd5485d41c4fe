/*
 * loader.h — reading one input layer into the working CRS, and accounting for its features:
 * what the loaders of the model (estates, facilities, network, entrances, barriers,
 * candidates) share. Below them all: it calls none of them, nor the coordinator
 * (dataset.c's lc_dataset_load).
 */
#ifndef LC_LOADER_H
#define LC_LOADER_H

#include "dataset.h"

/* loader.c — a layer read and projected, its features told */

/** Read a further input layer (network, entrances, barriers, candidates) and the transform
 *  of its coordinates into the working CRS `work_wkt`; `srs` overrides the layer's CRS (or
 *  names GCJ02/BD09). On failure *src and *x are NULL or to be freed by the caller as usual. */
lc_status lc_read_projected(lc_ctx *ctx, const char *spec, const char *where, lc_io_kind kind,
                            const char *srs, const char *work_wkt, lc_source_layer **src,
                            lc_xform **x);
/** Source geometry of `row` projected into the working CRS; NULL with *why set (a table's
 *  row without coordinates: what is wrong with them). */
GEOSGeometry *lc_project_row(lc_ctx *ctx, const lc_source_layer *src, size_t row,
                             lc_xform *x, const char **why);
/** Row `row` as a point in the working CRS (areas and lines: their point on surface);
 *  false with *why set when it has none. */
bool lc_project_point(lc_ctx *ctx, const lc_source_layer *src, size_t row, lc_xform *x,
                      double *px, double *py, const char **why);

/** Features of a layer that are not used (or values that are not usable) are listed one by
 *  one up to this many, then counted in one line, so a broken layer does not bury the log. */
#define LC_SKIPS_LISTED 5
/** Count one more in *n; true while it is among the first LC_SKIPS_LISTED, to be told on
 *  its own line. */
static inline bool lc_listed(size_t *n)
{
    return ++*n <= LC_SKIPS_LISTED;
}
/** Whether `n` counted by lc_listed were more than were listed: the line of the total is
 *  due. */
static inline bool lc_listed_not_all(size_t n)
{
    return n > LC_SKIPS_LISTED;
}
/** Warn that feature `row` is skipped and why, when fewer than LC_SKIPS_LISTED of its
 *  layer (`n_before`) were. */
void lc_skip_warn(lc_ctx *ctx, const lc_source_layer *src, size_t row, const char *why,
                  size_t n_before);
/** After a layer: the total of `n` skipped `what` ("estates"), when not all were listed. */
void lc_skips_total(lc_ctx *ctx, const lc_source_layer *src, size_t n, const char *what);
/* (`what`: the plural noun, marked N_() where it is written; said in the reader's language) */

/* tables.c — the source CRS of an input that may be a table */

/** How io reads the input layer `l` when it is a table: its *_xy and *_srs settings
 *  (borrowed from `l`). */
lc_xy_spec lc_xy_for(const lc_layer_settings *l);
/** lc_source_crs without the log and record: the definition and shift of `src` read with
 *  the *_srs setting `srs` (a table: WGS84 longitude/latitude or the datum a column names). */
lc_status lc_source_def(lc_ctx *ctx, const lc_source_layer *src, const char *srs,
                        const char **def, lc_cnshift *shift);
/** The source CRS of `src` read with `xy`: its *_srs setting, else for a table of
 *  coordinates the datum a column names or WGS84 longitude/latitude, else the layer's CRS
 *  (lc_crs_source). For a table, or an input in GCJ-02/BD-09, the choice and why are logged
 *  and put in *rec (rec->input empty otherwise). */
lc_status lc_source_crs(lc_ctx *ctx, const lc_source_layer *src, const lc_xy_spec *xy,
                        const char **def, lc_cnshift *shift,
                        lc_input_datum *rec);
/** lc_read_projected of the input layer `l` (which may be a table: lc_xy_for), its datum
 *  in *rec. */
lc_status lc_read_projected_xy(lc_ctx *ctx, const lc_layer_settings *l, lc_io_kind kind,
                               const char *work_wkt, lc_source_layer **src, lc_xform **x,
                               lc_input_datum *rec);

#endif
