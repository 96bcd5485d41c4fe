/*
 * outputs.h — turn a run's results into output layers and write them atomically, in the
 * formats of the `formats` setting: lifecircle.gpkg (every layer, working CRS), GeoJSON
 * (RFC 7946) of the estates, service areas, bundles and sites, Shapefiles (+.prj, .cpg) of
 * the estates and bundles, FlatGeobuf (one file per layer); always summary.csv,
 * report.html and the QGIS styles.
 */
#ifndef LC_OUTPUTS_H
#define LC_OUTPUTS_H

#include "../core/run_summary.h"
#include "../cover/access.h"
#include "../cover/cover.h"
#include "../cover/walk.h"
#include "../bundle/bundle.h"
#include "../cover/walkarea.h"
#include "../report/html.h"
#include "../site/site.h"

/** The output layers kept for PostGIS (to_db), written after every file is staged;
 *  owns the tables and the CRS text. */
typedef struct lc_db_layers {
    lc_out_layer layer[9];
    size_t n;
    lc_table *owned[9];
    lc_table *styles; /* QGIS's layer_styles rows, as in the GeoPackage */
    char *crs;
} lc_db_layers;

/** Free what `d` owns and zero it. */
void lc_db_layers_clear(lc_db_layers *d);

/* db_out.c */
/** Write `d` into s->to_db, schema s->db_schema, in one transaction (lc_io_write_db): the
 *  lifecircle tables there are replaced, with their rows of public.layer_styles. */
lc_status lc_db_write(lc_ctx *ctx, const lc_output_settings *s, const lc_db_layers *d);

/** The layers of a run, at most (the GeoPackage adds layer_styles). */
#define LC_OUT_NLAYERS 7

/** What a run computed; NULL members did not run. */
typedef struct lc_results {
    const lc_output_settings *out;
    const lc_access_settings *access; /* the demand roles of the priority */
    int threads;          /* worker threads, 0: one per core */
    const lc_cover *cv;
    const lc_walk *wk;
    const lc_facility_areas *fa;
    const lc_bundling *bl;
    const lc_siting *site;
    const lc_access *ac;  /* capacity-aware access (facilities with places) */
    int lang;            /* lc_lang of aliases and the report */
    const lc_options *opts;
    lc_db_layers *db;    /* filled with the layers for PostGIS; NULL: no to_db */
    lc_table **dbf_names; /* out: with Shapefiles, a table (file, name, dbf_name) of every
                             field of each: its name in the DBF; NULL: not wanted */
    lc_equity_list *equity; /* out: the whole run's Gini and Palma per category (run.json);
                               NULL: not wanted */
    const lc_estate_paths *paths; /* the estates drawn for report.html's maps already (a
                                     comparison's, once for every folder); NULL: none */
} lc_results;

/** Whether layer `layer` is written as a Shapefile too (when `formats` has shp). */
bool lc_shapefile_layer(const char *layer);

/** Write every output of the coverage job into the staging area of `od` (and keep the
 *  layers in r->db when there is one). `wk` (walking distances) is NULL without a network,
 *  `fa` without --per-facility. */
lc_status lc_outputs_write(lc_ctx *ctx, const lc_dataset *ds, const lc_results *r,
                           lc_outdir *od, lc_file_list *files);

/* files.c — the files of a run, written side by side (one job and GDAL dataset per file) */
typedef struct lc_file_plan lc_file_plan;
lc_file_plan *lc_file_plan_create(void);
void lc_file_plan_destroy(lc_file_plan *p);
/** Add file `name` of the staging area holding `layers` (those with a table; none: no
 *  file). The layers are borrowed until lc_file_plan_write. */
lc_status lc_file_plan_add(lc_ctx *ctx, lc_file_plan *p, lc_outdir *od, const char *name,
                           lc_ofmt fmt, const lc_out_layer *layers, size_t n);
/** Add report.html made from `in` (borrowed). */
lc_status lc_file_plan_add_report(lc_ctx *ctx, lc_file_plan *p, lc_outdir *od,
                                  const lc_report_in *in);
/** Write every file on `threads` threads (the setting: 0 one per core), the biggest first;
 *  each file's name, seconds and bytes into `files` (may be NULL). */
lc_status lc_file_plan_write(lc_ctx *ctx, lc_file_plan *p, int threads, lc_file_list *files);

/* qgis_out.c */
/** Styles of the `n` layers (QML beside the file layers of `formats`, lifecircle.qgs over the
 *  GeoPackage, else the FlatGeobuf files, else none) and the GeoPackage's
 *  layer_styles table in *styles (caller writes it into the GeoPackage and frees it); with
 *  `ac` (may be NULL) the estates also get a style per category with a norm (places). */
lc_status lc_qgis_outputs(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                          const lc_access *ac, int lang, const lc_out_layer *layers, size_t n,
                          unsigned formats, lc_table **styles, lc_outdir *od);

/* columns.c */
/** A computed column `name` of `t` (layer `layer`, for the warning): appended, or an input
 *  field of that name replaced (warned) with its values cleared. */
lc_status lc_out_column(lc_ctx *ctx, lc_table *t, const char *layer, const char *name,
                        lc_ftype type, size_t *col);

/* access_out.c — capacity-aware access (ac from lc_access_run) */
/** Append k_a<min> (and with a norm k_s<min>) per category with places to the estates. */
lc_status lc_access_estate_fields(lc_ctx *ctx, lc_table *t, const lc_dataset *ds,
                                  const lc_cover *cv, const lc_access *ac);
/** Append `places` and load<min> to the facilities table (rows in ds->fac order). */
lc_status lc_access_facility_fields(lc_ctx *ctx, lc_table *t, const lc_cover *cv,
                                    const lc_access *ac);

/* site_out.c */
/** `sites`: one point per suggested site, in rank order. */
lc_status lc_sites_table(lc_ctx *ctx, const lc_dataset *ds, const lc_siting *st, lc_table **out);

/* bundle_out.c — the bundle layers (bl from lc_bundling_run) */
/** `bundles`: one row per bundle with the union of its members. */
lc_status lc_bundles_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                           const lc_bundling *bl, lc_table **out);
/** `adjacency`: one line per adjacent pair between representative points. */
lc_status lc_adjacency_table(lc_ctx *ctx, const lc_dataset *ds, const lc_bundling *bl,
                             lc_table **out);
/** Append the `bundle` field (null for estates not eligible) to the estates table. */
lc_status lc_bundle_estate_field(lc_ctx *ctx, lc_table *t, const lc_dataset *ds,
                                 const lc_bundling *bl);

#endif
