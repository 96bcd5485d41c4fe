/*
 * dataset.h — estates and facilities of one run, in the working CRS: read through io,
 * reprojected and repaired through geom, attributes resolved by role, facility
 * categories mapped to keys. Every input feature ends up used or counted as skipped.
 */
#ifndef LC_DATASET_H
#define LC_DATASET_H

#include "../core/options.h"
#include "../core/run_summary.h"
#include "../geom/geom.h"
#include "../io/io.h"
#include "catmap.h"
#include "datumcheck.h"
#include "catnames.h"

typedef struct lc_estate {
    size_t row;             /* row in est_src->table */
    char *id;               /* owned; the id field's text or the feature id */
    GEOSGeometry *geom;     /* valid MultiPolygon in the working CRS; a Point for a point
                               estate */
    const GEOSPreparedGeometry *prep;
    lc_rings rings;         /* the same polygon as flat rings, for exact disc areas (none for
                               a point: nrings 0) */
    double area_m2;         /* 0 for a point */
    double minx, miny, maxx, maxy; /* a point's box is the point: minx == maxx, miny == maxy */
    bool point;             /* given as a point (no boundary): a polygon of no area, whose
                               distances are from the point (user guide, Estates as points) */
    double households, population, elderly, children, build_year; /* NAN: unknown */
    char *district;         /* owned; "" when there is no district */
} lc_estate;

typedef struct lc_facility {
    size_t row;             /* row in its source's table (lc_facility_source) */
    GEOSGeometry *pt;       /* point in the working CRS (point on surface of areas) */
    double x, y;
    const char *key;        /* mapped category key (borrowed from the map or the name
                               rule) or NULL */
    int cat;                /* index into lc_dataset.cat, -1 when not evaluated */
    char *raw;              /* owned raw category text ("" when none) */
    lc_catsrc catsrc;       /* what assigned `key` (LC_CATSRC_PLANNED: a planned site) */
    unsigned src;           /* index of its source in lc_dataset.fac_srcs */
    bool places_given;      /* a scenario sets its places (capacity: {id: n}): `places`
                               stands for the capacity field's value (cover/access.c) */
    double places;
} lc_facility;

/** Unmapped raw category values and how often they occur (per facility source). */
typedef struct lc_tally {
    char *raw;
    size_t count;
    unsigned src;           /* the facility source */
} lc_tally;

typedef struct lc_dataset {
    lc_ctx *ctx;
    lc_source_layer *est_src;
    const lc_layer_settings *est_layer; /* how the estates were read (borrowed settings) */
    const char *const *field;   /* the estate field of each role, LC_ROLE_COUNT (borrowed) */
    lc_source_layer *fac_src;   /* the first facility source (fac_srcs[0]) */
    lc_source_layer **fac_srcs; /* every facility source, in the order given; NULL with
                                   nfac_srcs 0: fac_src alone (tests' hand-made datasets) */
    size_t nfac_srcs;
    char **fac_names;       /* per source the name written to the facilities' `source` field:
                               the file as given without its directory */
    char *fac_desc;         /* the sources for messages: "a.osm:points+multipolygons, b.csv:b" */
    lc_estate *est;
    size_t nest;
    lc_facility *fac;
    size_t nfac;
    char **cat;             /* evaluated category keys, owned */
    size_t ncat;
    size_t *cat_nfac;       /* facilities per evaluated category */
    bool id_missing;        /* the estate layer has no id field */
    bool points;            /* the estates are points (every lc_estate.point), not polygons */
    char *work_wkt;         /* working CRS as WKT2 */
    char work_name[64];
    lc_catmap *map;
    lc_catnames *names;     /* the name rule, NULL when category_names is off */
    lc_tally *unmapped;
    size_t nunmapped;
    /* entrances (--entrances): of estate e, ent_xy[2i], ent_xy[2i+1] for i in
     * ent_off[e] .. ent_off[e+1]; ent_off is NULL without entrances */
    size_t *ent_off;
    double *ent_xy;
    /* the datum check's samples (datumcheck.h), taken in a run with a network */
    lc_datum_sample datum_est, datum_fac[LC_MAX_FACILITY_SOURCES], datum_ent; /* one per
                                                                 facility source */
    struct lc_nesting *nesting; /* estates inside estates (nested.h); owned */
} lc_dataset;

/** What loading the estates and facilities counted: the load stage's view of the run
 *  summary (its seconds are the caller's), each facility source's counts, the datums the
 *  inputs were read in. */
typedef struct lc_load_counts {
    lc_load_result res;
    lc_source_counts sources[LC_MAX_FACILITY_SOURCES];
    size_t nsources;
    lc_datum_list datums;
} lc_load_counts;

/** Load both layers described by the input settings `in` (and the map./names. settings of
 *  `opts`); with `network` (a walking run follows) also the datum check's samples. *counts
 *  (cleared first) gets what happened to every feature. */
lc_status lc_dataset_load(lc_ctx *ctx, const lc_input_settings *in, bool network,
                          const lc_options *opts, lc_dataset **out, lc_load_counts *counts);
void lc_dataset_destroy(lc_dataset *ds);

/** Take `g` (consumed: a valid MultiPolygon, or a Point) as estate e's geometry and index
 *  it: geom, prep, rings (none for a point), area_m2, the box and `point`. LC_ERR_GEOS when
 *  GEOS cannot prepare it (e->geom is set even then, for the caller's cleanup). */
lc_status lc_estate_index(lc_ctx *ctx, lc_estate *e, GEOSGeometry *g);

/** Facility j's id as the facilities layer writes it (field `facility` with several sources,
 *  else the id field): its source's `id` field, else its feature id; with several sources
 *  prefixed "<source number>:" (1-based). */
void lc_facility_uid(const lc_dataset *ds, size_t j, char *buf, size_t cap);

/** The source facility j was read from. */
static inline const lc_source_layer *lc_facility_source(const lc_dataset *ds, size_t j)
{
    return ds->nfac_srcs ? ds->fac_srcs[ds->fac[j].src] : ds->fac_src;
}

/** The facility sources for messages ("a.osm:points+multipolygons, b.csv:b"). */
static inline const char *lc_facilities_desc(const lc_dataset *ds)
{
    return ds->fac_desc ? ds->fac_desc : ds->fac_src->desc;
}

/* loader.c */
/** "file:layer: feature 12 (id X)" ("row 12" for a table: the row a spreadsheet shows) for
 *  messages; thread-local buffer valid until the next
 *  call. `id` may be NULL. */
const char *lc_feature_where(const lc_source_layer *src, size_t row, const char *id);
/** The same for estate i. */
const char *lc_estate_where(const lc_dataset *ds, size_t i);

#endif
