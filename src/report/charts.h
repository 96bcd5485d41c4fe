/*
 * charts.h — the report's charts, drawn by the program as inline SVG (no script, no font or
 * image from elsewhere): coverage per district and category, bundle sizes against the floor
 * and ceiling, the suggested sites' cumulative covered weight. Each has a title, axis labels
 * with units, and fits an A4 landscape page. Also the legend drawn inside the maps' SVG.
 */
#ifndef LC_CHARTS_H
#define LC_CHARTS_H

#include "html.h"
#include "xw.h"

/* Width of the report's drawings (maps and charts), SVG user units (px at 100 %). */
#define LC_REPORT_W 960.0

/** Start an inline <svg> LC_REPORT_W wide and `h` high (user units), of class `cls` ("map",
 *  "chart") and id `id` (NULL: none); the caller ends it. */
void lc_svg_open(W w, const char *cls, const char *id, double h);
/** lc_svg_open with a viewBox `wd` wide (a panel narrower than the page's charts). */
void lc_svg_open_w(W w, const char *cls, const char *id, double wd, double h);

/** A round length near `want` (1, 2 or 5 times a power of ten): scale bars, axis steps. */
double lc_nice_step(double want);

/** One district's counts for the coverage chart: estates, households, and per category
 *  (2 k, 2 k + 1) the estates covered within 5 minutes and those with a gap at 10. */
typedef struct lc_district_row {
    size_t n;
    double hh;
    size_t *cov;
} lc_district_row;

/** Coverage per district (the first 30 of `nd`, names sorted as in summary.csv) and category,
 *  both tiers, as bars on a 0-100 % axis; id "coverage-chart". */
void lc_chart_coverage(W w, const lc_report_in *in, char **names, size_t nd,
                       const lc_district_row *rows);

/** Bundle sizes (the size field's total per bundle) as a histogram, bundles below the floor
 *  and those reaching it stacked, with the floor and ceiling marked; id "bundle-chart".
 *  Nothing without bundles. */
void lc_chart_bundle_sizes(W w, const lc_report_in *in);

/** The suggested sites' cumulative covered weight, one bar per rank from today's (rank 0),
 *  against the weight of all estates; id "site-chart". Nothing without sites. */
void lc_chart_site_gains(W w, const lc_report_in *in);

/** Per category with counted estates a Lorenz curve per tier (share of people, worst served
 *  first, against the share of access they hold; the diagonal dashed) with each tier's Gini
 *  and Palma; ids "lorenz-chart-<k>" in a <div id="lorenz-chart">. Nothing without `in->eq`. */
void lc_chart_lorenz(W w, const lc_report_in *in);

/* ---- map legends --------------------------------------------------------------------- */

/* A legend key's symbol: a filled box, an outlined box, a dot, a star, or none (text). */
typedef enum { LC_KEY_FILL, LC_KEY_OUTLINE, LC_KEY_DOT, LC_KEY_STAR, LC_KEY_TEXT } lc_key_kind;

typedef struct lc_legend_item {
    lc_key_kind kind;
    const char *colour;
    char label[96];
    double x, y; /* laid out by lc_legend_layout */
} lc_legend_item;

/** Lay the `n` items out in rows across the drawing's width, from y0, at k times the
 *  legend's 12-unit font (a map printed small needs a larger one); returns the height they
 *  take (the SVG's viewBox grows by it, so the legend prints with the map). */
double lc_legend_layout(lc_legend_item *items, size_t n, double y0, double k);
/** Draw the items laid out with the same k as a <g class="legend">. */
void lc_legend_draw(W w, const lc_legend_item *items, size_t n, double k);

#endif
