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
} lc_report_in;

/** Write the report to `path`. The map draws at most `max_px` wide; estate outlines are
 *  simplified to half a pixel, so the file stays a few MB even for 50k estates. */
lc_status lc_report_html(lc_ctx *ctx, const char *path, const lc_report_in *in);

#endif
