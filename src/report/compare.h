/*
 * compare.h — what a comparison of scenarios (方案比选, `lifecircle compare`) writes beside
 * its folders: the estates whose coverage changed (layer `changes`) and the counts of
 * estates and people within reach before and after (compare.csv). It reads the estates
 * layers the runs wrote (DIR/baseline/, DIR/<name>/) back through GDAL, so it compares
 * exactly what a planner opens, whatever computed them.
 */
#ifndef LC_COMPARE_H
#define LC_COMPARE_H

#include "../io/io.h"

/** What to compare. All borrowed. */
typedef struct lc_compare_in {
    const char *base_dir;          /* the baseline's folder */
    const char *const *dirs;       /* each scenario's folder */
    const char *const *names;      /* each scenario's name (UTF-8): the `scenario` field */
    size_t n;                      /* scenarios */
    int lang;                      /* lc_lang: field aliases, the `change` text, the style */
    int csv_encoding;              /* LC_CSV_BOM, LC_CSV_UTF8 or LC_CSV_GBK, as summary.csv */
    const char *const *notes;      /* each scenario's edits in a few words (UTF-8, in `lang`),
                                    * listed on compare.html; NULL, or a NULL one: none */
    lc_source_layer *const *layers; /* borrowed: the folders' estates as lc_compare_read_folder
                                    * read them, the baseline's first (n + 1); NULL, or a NULL
                                    * one: read here */
} lc_compare_in;

/** A folder's estates layer as the comparison reads it (lifecircle.gpkg's `estates`, else
 *  estates.fgb, else estates.geojson), with its geometry only when `geometry` (the
 *  baseline's: the scenarios' estates are its shapes). LC_ERR_IO when there is none. */
lc_status lc_compare_read_folder(lc_ctx *ctx, const char *dir, bool geometry,
                                 lc_source_layer **out);

/**
 * Compare the estates of `in->base_dir` with those of each folder of `in->dirs` and stage
 * into `od`: changes.gpkg (layer `changes` and its style in `layer_styles`),
 * changes.geojson, changes.qml, compare.csv (+ .csvt) and compare.html (the options, a table
 * per category and tier of compare.csv's rows side by side, a map of gains and losses per
 * option: compare_html.h). A folder's estates are read from
 * lifecircle.gpkg (layer estates), else estates.fgb, else estates.geojson; the baseline's
 * run.json (parameters field.<role>) names the role fields (id, name, district,
 * households, elderly, children), else they are the roles' names.
 *
 * The categories and tiers compared are those with a gap flag `k_g<t>` in every folder.
 * An estate is in `changes` (once per scenario) when a gap flag, a share `k_c<t>`, `k_w` or
 * `k_a<t>` differs (doubles compared exactly; two empty values are equal). compare.csv has
 * one row per scenario × category × tier (user guide, compare.csv).
 *
 * The folders must hold the same estates in the same order with the same ids (the feature
 * ids when there is no id field): LC_ERR_DATA naming both files otherwise. LC_ERR_IO when
 * a folder has no estates layer; LC_ERR_NOMEM.
 */
lc_status lc_compare_stage(lc_ctx *ctx, const lc_compare_in *in, lc_outdir *od);

/** lc_compare_stage into `out_dir`, committed atomically (the files replace older ones
 *  only when all of them were written). */
lc_status lc_compare_write(lc_ctx *ctx, const lc_compare_in *in, const char *out_dir);

#endif
