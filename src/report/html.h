/*
 * html.h — report.html: one self-contained file (inline CSS and SVG; no script, font or
 * image from anywhere else): a first page of key figures; an overview map (estates coloured
 * by gap status, bundles outlined, facilities, suggested sites; framed on the estates, not on
 * outliers, with a scale bar, a north arrow and its legend inside the SVG); per-district
 * coverage (table and bar chart, charts.c); the estates to renovate first; places within
 * reach (capacity-aware access, with a map against the norm); the bundle list with a
 * histogram of sizes; the site list with the cumulative covered weight; the inputs and
 * parameters. What a big run leaves out is said on the first page. Print CSS: A4 landscape, a
 * section per page. Written with libxml2 as well-formed XHTML.
 */
#ifndef LC_HTML_H
#define LC_HTML_H

#include "../bundle/bundle.h"
#include "../cover/access.h"
#include "../cover/cover.h"
#include "../cover/equity.h"
#include "../site/site.h"
#include "i18n.h"
#include "svgmap.h"

/** Every estate of a dataset drawn once as path data on the report's map frame, for the
 *  report's maps (the overview, the access map); a comparison draws them once for the report
 *  of every option (an option's estates are the baseline's). Estate e's data is
 *  all.s[off[e] .. off[e + 1]). */
typedef struct lc_estate_paths {
    lc_map_view v;
    lc_sbuf all;
    size_t *off;
    size_t n;
} lc_estate_paths;
/** Draw the estates of ds on the report's frame; LC_ERR_NOMEM (p cleared). */
lc_status lc_estate_paths_build(lc_ctx *ctx, const lc_dataset *ds, lc_estate_paths *p);
void lc_estate_paths_clear(lc_estate_paths *p);

typedef struct lc_report_in {
    lc_lang lang;
    const lc_dataset *ds;
    const lc_cover *cv;
    const lc_bundling *bl;      /* NULL: no bundles */
    const lc_table *bundles;    /* the bundles layer (geometry, totals), NULL with bl */
    const lc_siting *site;      /* NULL: no siting */
    const lc_access *ac;        /* NULL: no capacity-aware access */
    const lc_options *opts;
    bool walking;
    bool no_service_areas;      /* the run computed none (service_areas none, or auto at scale) */
    const lc_access_settings *access; /* the demand roles of the priority list */
    const lc_equity *eq;        /* Gini, Palma, the Lorenz curves, worst-served and gap lists */
    const lc_estate_paths *paths; /* the estates drawn already (NULL, or drawn on another
                                     frame: drawn here) */
} lc_report_in;

/** Write the report to `path`. The map draws at most `max_px` wide; estate outlines are
 *  simplified to half a pixel, so the file stays a few MB even for 50k estates. */
lc_status lc_report_html(lc_ctx *ctx, const char *path, const lc_report_in *in);

#endif
