/* dataset_internal.h — the pieces of lc_dataset_load, shared by the model's .c files. */
#ifndef LC_DATASET_INTERNAL_H
#define LC_DATASET_INTERNAL_H

#include "dataset.h"

/** Read, project and repair the estates; resolve their roles. */
lc_status lc_estates_load(lc_ctx *ctx, const lc_settings *s, lc_dataset *ds,
                          const char *src_def, lc_cnshift shift, lc_run_summary *sum);
/** The name rule of `s` (built-in words, names.<key> settings), NULL in *out when
 *  category_names is off. */
lc_status lc_facility_names_create(lc_ctx *ctx, const lc_settings *s, const lc_options *opts,
                                   lc_catnames **out);
/** Of an OpenStreetMap facility source read for the name rule's search terms, drop the
 *  features with neither a tag we map (amenity, healthcare) nor a word of the rule in their
 *  name: the facilities of an OSM file are its tagged features and those a word names. */
lc_status lc_facilities_trim_osm(const lc_catnames *names, lc_source_layer *src);
/** Read and project the facilities; map their categories (values, OSM tags, then names);
 *  choose the evaluated keys: `categories`, else elder, child and kgdn and every key found. */
lc_status lc_facilities_load(lc_ctx *ctx, const lc_settings *s, const lc_options *opts,
                             lc_dataset *ds, const char *const *src_defs,
                             const lc_cnshift *shifts, lc_run_summary *sum);
/** Read a further input layer (network, entrances, barriers, candidates) and the transform
 *  of its coordinates into the working CRS `work_wkt`; `srs` overrides the layer's CRS (or
 *  names GCJ02/BD09). On failure *src and *x are NULL or to be freed by the caller as usual. */
lc_status lc_read_projected(lc_ctx *ctx, const char *spec, const char *where, lc_io_kind kind,
                            const char *srs, const char *work_wkt, lc_source_layer **src,
                            lc_xform **x);
/** How io reads `input` ("estates", "facilities", "candidates", "entrances") when it is a
 *  table: its *_xy and *_srs settings (borrowed from `s`). */
lc_xy_spec lc_xy_for(const lc_settings *s, const char *input);
/** lc_source_crs without the log and record: the definition and shift of `src` read with
 *  the *_srs setting `srs` (a table: WGS84 longitude/latitude or the datum a column names). */
lc_status lc_source_def(lc_ctx *ctx, const lc_source_layer *src, const char *srs,
                        const char **def, lc_cnshift *shift);
/** The source CRS of `src` read with `xy`: its *_srs setting, else for a table of
 *  coordinates the datum a column names or WGS84 longitude/latitude, else the layer's CRS
 *  (lc_crs_source). For a table, or an input in GCJ-02/BD-09, the choice and why are logged
 *  and put in *rec (rec->input empty otherwise). */
lc_status lc_source_crs(lc_ctx *ctx, const lc_settings *s, const lc_source_layer *src,
                        const lc_xy_spec *xy, const char **def, lc_cnshift *shift,
                        lc_input_datum *rec);
/** lc_read_projected for an input that may be a table (lc_xy_for), its datum in *rec. */
lc_status lc_read_projected_xy(lc_ctx *ctx, const lc_settings *s, const char *input,
                               const char *spec, const char *where, lc_io_kind kind,
                               const char *work_wkt, lc_source_layer **src, lc_xform **x,
                               lc_input_datum *rec);
/** Source geometry of `row` projected into the working CRS; NULL with *why set (a table's
 *  row without coordinates: what is wrong with them). */
GEOSGeometry *lc_project_row(lc_ctx *ctx, const lc_source_layer *src, size_t row,
                             lc_xform *x, const char **why);
/** Row `row` as a point in the working CRS (areas and lines: their point on surface);
 *  false with *why set when it has none. */
bool lc_project_point(lc_ctx *ctx, const lc_source_layer *src, size_t row, lc_xform *x,
                      double *px, double *py, const char **why);

/** Features of a layer that are not used are listed one by one up to this many, then
 *  counted in one line, so a broken layer does not bury the log. */
#define LC_SKIPS_LISTED 5
/** Warn that feature `row` is skipped and why, when fewer than LC_SKIPS_LISTED of its
 *  layer (`n_before`) were. */
void lc_skip_warn(lc_ctx *ctx, const lc_source_layer *src, size_t row, const char *why,
                  size_t n_before);
/** After a layer: the total of `n` skipped `what` ("estates"), when not all were listed. */
void lc_skips_total(lc_ctx *ctx, const lc_source_layer *src, size_t n, const char *what);
/* (`what`: the plural noun, marked N_() where it is written; said in the reader's language) */

#endif
