/* dataset_internal.h — the loaders that lc_dataset_load (dataset.c) calls: estates.c and
 * facilities.c. They stand on loader.h and never call back into dataset.c. */
#ifndef LC_DATASET_INTERNAL_H
#define LC_DATASET_INTERNAL_H

#include "loader.h"

/** Read, project and repair the estates; resolve their roles. Fills the estates_* counts
 *  of *out (estates_skipped, estates_repaired: added to). */
lc_status lc_estates_load(lc_ctx *ctx, const lc_input_settings *s, lc_dataset *ds,
                          const char *src_def, lc_cnshift shift, lc_load_result *out);
/** The name rule of `s` (built-in words, names.<key> settings), NULL in *out when
 *  category_names is off. */
lc_status lc_facility_names_create(lc_ctx *ctx, const lc_input_settings *s, const lc_options *opts,
                                   lc_catnames **out);
/** Of an OpenStreetMap facility source read for the name rule's search terms, drop the
 *  features with neither a tag we map (amenity, healthcare) nor a word of the rule in their
 *  name: the facilities of an OSM file are its tagged features and those a word names. */
lc_status lc_facilities_trim_osm(const lc_catnames *names, lc_source_layer *src);
/** Read and project the facilities; map their categories (values, OSM tags, then names);
 *  choose the evaluated keys: `categories`, else elder, child and kgdn and every key found.
 *  Fills each source's counts in `counts`, their sums and the categories in counts->res. */
lc_status lc_facilities_load(lc_ctx *ctx, const lc_input_settings *s, const lc_options *opts,
                             lc_dataset *ds, const char *const *src_defs,
                             const lc_cnshift *shifts, lc_load_counts *counts);

/** One more facility source `spec`, read as `base`'s sources were (its CRS by the
 *  facilities_srs setting, an OpenStreetMap file as WGS84; categories by base's maps and
 *  name rule, a facility's `cat` the index of its key among base's evaluated categories, -1
 *  when base does not evaluate it), numbered base->nfac_srcs: its layer in *src, its
 *  facilities (geometries and raw text owned by the caller: lc_facilities_free) in *fac,
 *  its counts in *sc. A scenario's added facilities (model/edits.c). */
lc_status lc_facilities_read_source(lc_ctx *ctx, const lc_input_settings *s,
                                    const lc_dataset *base, const char *spec,
                                    lc_source_layer **src, lc_facility **fac, size_t *n,
                                    lc_source_counts *sc);
/** The name of facility source `spec` in the facilities' `source` field: the file without
 *  its directory ("pois.csv", "a.gpkg:pois"), a database connection without its password;
 *  lc_free it (NULL: out of memory). */
char *lc_facility_source_name(const char *spec);
/** Free the geometries and raw text of n facilities and the array. */
void lc_facilities_free(lc_ctx *ctx, lc_facility *fac, size_t n);

#endif
