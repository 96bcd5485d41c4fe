/*
 * dataset.h — estates and facilities of one run, in the working CRS: read through io,
 * reprojected and repaired through geom, attributes resolved by role, facility
 * categories mapped to keys. Every input feature ends up used or counted as skipped.
 */
#ifndef LC_DATASET_H
#define LC_DATASET_H

#include "../core/options.h"
#include "../geom/geom.h"
#include "../io/io.h"
#include "catmap.h"

typedef struct lc_estate {
    size_t row;             /* row in est_src->table */
    char *id;               /* owned; the id field's text or the feature id */
    GEOSGeometry *geom;     /* valid MultiPolygon in the working CRS */
    const GEOSPreparedGeometry *prep;
    lc_rings rings;         /* the same polygon as flat rings, for exact disc areas */
    double area_m2;
    double minx, miny, maxx, maxy;
    double households, population, elderly, children, build_year; /* NAN: unknown */
    char *district;         /* owned; "" when there is no district */
} lc_estate;

typedef struct lc_facility {
    size_t row;             /* row in fac_src->table */
    GEOSGeometry *pt;       /* point in the working CRS (point on surface of areas) */
    double x, y;
    const char *key;        /* mapped category key (borrowed from the map) or NULL */
    int cat;                /* index into lc_dataset.cat, -1 when not evaluated */
    char *raw;              /* owned raw category text ("" when none) */
} lc_facility;

/** Unmapped raw category values and how often they occur. */
typedef struct lc_tally {
    char *raw;
    size_t count;
} lc_tally;

typedef struct lc_dataset {
    lc_ctx *ctx;
    lc_source_layer *est_src, *fac_src;
    lc_estate *est;
    size_t nest;
    lc_facility *fac;
    size_t nfac;
    char **cat;             /* evaluated category keys, owned */
    size_t ncat;
    size_t *cat_nfac;       /* facilities per evaluated category */
    bool id_missing;        /* the estate layer has no id field */
    char *work_wkt;         /* working CRS as WKT2 */
    char work_name[64];
    lc_catmap *map;
    lc_tally *unmapped;
    size_t nunmapped;
    /* entrances (--entrances): of estate e, ent_xy[2i], ent_xy[2i+1] for i in
     * ent_off[e] .. ent_off[e+1]; ent_off is NULL without entrances */
    size_t *ent_off;
    double *ent_xy;
    struct lc_nesting *nesting; /* estates inside estates (nested.h); owned */
} lc_dataset;

/** Load both layers described by `s`. Fills the read/used/repaired/skipped counts of `sum`. */
lc_status lc_dataset_load(lc_ctx *ctx, const lc_settings *s, const lc_options *opts,
                          lc_dataset **out, lc_run_summary *sum);
void lc_dataset_destroy(lc_dataset *ds);

/** "file:layer: feature 12 (id X)" for messages; thread-local buffer valid until the next
 *  call. `id` may be NULL. */
const char *lc_feature_where(const lc_source_layer *src, size_t row, const char *id);
/** The same for estate i. */
const char *lc_estate_where(const lc_dataset *ds, size_t i);

#endif
