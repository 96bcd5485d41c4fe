/*
 * bundle_inputs.h — what bundling reads besides the estates: which estates take part
 * (--filter, an OGR SQL WHERE evaluated by GDAL on the estate layer), the number each
 * contributes to a bundle's size (--size-field), and the barrier lines bundles never cross
 * (--barriers, any GDAL line source; OSM files get a built-in selection in io).
 */
#ifndef LC_BUNDLE_INPUTS_H
#define LC_BUNDLE_INPUTS_H

#include "dataset.h"

/** eligible[e] for every estate of ds passing `filter` (OGR SQL; all true when NULL), the
 *  estate layer read again as ds read it; *out owned by the caller. The count of eligible
 *  estates in *n. */
lc_status lc_estates_eligible(lc_ctx *ctx, const char *filter, const lc_dataset *ds,
                              bool **out, size_t *n);

/** The estate field `field` as numbers (owned array of ds->nest). Null, non-numeric or
 *  negative values count as 0; how many in *unknown (the first few are logged). A missing
 *  field is LC_ERR_DATA naming the layer. `role` names the field's use in messages and
 *  the flag that sets it ("size" → --size-field, "weight" → --weight-field); mark it N_()
 *  where it is written, as messages give it in the reader's language. */
lc_status lc_estates_numbers(lc_ctx *ctx, const lc_dataset *ds, const char *field,
                             const char *role, double **out, size_t *unknown);

/** What happened to the barrier features. */
typedef struct lc_barrier_counts {
    size_t read, used, skipped;
} lc_barrier_counts;

/** Read the barriers layer `l` (lines or polygons) into the working CRS `work_wkt`; points
 *  and unusable geometries are skipped and logged. Geometries owned by the caller. */
lc_status lc_barriers_load(lc_ctx *ctx, const lc_layer_settings *l, const char *work_wkt,
                           GEOSGeometry ***out, size_t *n, lc_barrier_counts *c);

#endif
