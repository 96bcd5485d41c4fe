/*
 * svgmap.c — the maps' shared drawing (see svgmap.h), moved out of html.c so that
 * compare.html draws its maps as report.html does.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "svgmap.h"

#define MAP_W LC_REPORT_W

void lc_sbuf_add(lc_sbuf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0 || b->nomem) return;
    if (lc_grow((void **)&b->s, &b->cap, b->n + (size_t)k + 1, 1)) {
        b->nomem = true;
        return;
    }
    memcpy(b->s + b->n, tmp, (size_t)k + 1);
    b->n += (size_t)k;
}

void lc_sbuf_put(lc_sbuf *b, const char *s, size_t n)
{
    if (b->nomem) return;
    if (lc_grow((void **)&b->s, &b->cap, b->n + n + 1, 1)) {
        b->nomem = true;
        return;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void ring_path(lc_ctx *ctx, const GEOSGeometry *ring, const lc_map_view *v, lc_sbuf *b)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n) || n < 2) return;
    for (unsigned i = 0; i + 1 < n; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(ctx->geos, cs, i, &x, &y);
        lc_sbuf_add(b, "%c%.1f %.1f", i ? 'L' : 'M', (x - v->minx) * v->s, (v->maxy - y) * v->s);
    }
    lc_sbuf_add(b, "Z");
}

void lc_map_geom_path(lc_ctx *ctx, const GEOSGeometry *g, const lc_map_view *v, lc_sbuf *b)
{
    double x0, y0, x1, y1;
    GEOSGeom_getExtent_r(ctx->geos, g, &x0, &y0, &x1, &y1);
    if ((x1 - x0) * v->s < 1.5 && (y1 - y0) * v->s < 1.5) {
        lc_sbuf_add(b, "M%.1f %.1fh1v1h-1Z", (x0 - v->minx) * v->s, (v->maxy - y1) * v->s);
        return;
    }
    GEOSGeometry *sg = GEOSTopologyPreserveSimplify_r(ctx->geos, g, 0.5 / v->s);
    const GEOSGeometry *use = sg ? sg : g;
    int np = GEOSGetNumGeometries_r(ctx->geos, use);
    for (int p = 0; p < np; p++) {
        const GEOSGeometry *poly = GEOSGetGeometryN_r(ctx->geos, use, p);
        if (GEOSGeomTypeId_r(ctx->geos, poly) != GEOS_POLYGON) continue;
        ring_path(ctx, GEOSGetExteriorRing_r(ctx->geos, poly), v, b);
        int nh = GEOSGetNumInteriorRings_r(ctx->geos, poly);
        for (int h = 0; h < nh; h++) ring_path(ctx, GEOSGetInteriorRingN_r(ctx->geos, poly, h), v, b);
    }
    if (sg) GEOSGeom_destroy_r(ctx->geos, sg);
}

void lc_map_dot(const lc_map_view *v, double x, double y, double r, lc_sbuf *b)
{
    x = (x - v->minx) * v->s, y = (v->maxy - y) * v->s;
    lc_sbuf_add(b, "M%.1f %.1fa%g %g 0 1 0 %g 0a%g %g 0 1 0 %g 0Z", x - r, y, r, r, 2 * r, r, r, -2 * r);
}

void lc_map_path_el(W w, const lc_sbuf *b, const char *fill, const char *stroke, const char *width)
{
    if (!b->n) return;
    xw_start(w, "path");
    xw_attr(w, "d", b->s);
    xw_attr(w, "fill", fill);
    xw_attr(w, "fill-rule", "evenodd");
    xw_attr(w, "stroke", stroke);
    xw_attr(w, "stroke-width", width);
    xw_end(w);
}

/* The value at quantile q of the n sorted values. */
static double quantile(const double *v, size_t n, double q)
{
    return v[(size_t)floor(q * (double)(n - 1) + 0.5)];
}

/* So a stray polygon (an extract's test object on another continent, a sample's far
 * sentinels) does not shrink the district to a dot, while the district's own edge estates
 * stay in. */
lc_map_view lc_map_view_fit(const double *box, size_t n, double print_w_mm, double print_h_mm)
{
    double *cx = lc_malloc((n + 1) * sizeof *cx), *cy = lc_malloc((n + 1) * sizeof *cy);
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    if (cx && cy && n) {
        for (size_t e = 0; e < n; e++) {
            cx[e] = (box[4 * e] + box[4 * e + 2]) / 2;
            cy[e] = (box[4 * e + 1] + box[4 * e + 3]) / 2;
        }
        qsort(cx, n, sizeof *cx, lc_cmp_double);
        qsort(cy, n, sizeof *cy, lc_cmp_double);
        /* the 1st-99th percentile box within Tukey's far-out fences (3 interquartile ranges
         * beyond the quartiles: Liechtenstein's extract has 12 strays of 320, more than 1 %),
         * widened by a tenth of its larger side, so that the edge estates the percentiles cut
         * come back while the strays, kilometres off, stay out */
        double qx = 3 * (quantile(cx, n, 0.75) - quantile(cx, n, 0.25));
        double qy = 3 * (quantile(cy, n, 0.75) - quantile(cy, n, 0.25));
        double bx0 = fmax(quantile(cx, n, 0.01), quantile(cx, n, 0.25) - qx);
        double bx1 = fmin(quantile(cx, n, 0.99), quantile(cx, n, 0.75) + qx);
        double by0 = fmax(quantile(cy, n, 0.01), quantile(cy, n, 0.25) - qy);
        double by1 = fmin(quantile(cy, n, 0.99), quantile(cy, n, 0.75) + qy);
        double grow = fmax(bx1 - bx0, by1 - by0) / 10;
        bx0 -= grow, bx1 += grow, by0 -= grow, by1 += grow;
        for (size_t e = 0; e < n; e++) {
            const double *b = &box[4 * e];
            double mx = (b[0] + b[2]) / 2, my = (b[1] + b[3]) / 2;
            if (mx < bx0 || mx > bx1 || my < by0 || my > by1) continue;
            x0 = fmin(x0, b[0]), y0 = fmin(y0, b[1]);
            x1 = fmax(x1, b[2]), y1 = fmax(y1, b[3]);
        }
    }
    lc_free(cx);
    lc_free(cy);
    /* no box, or out of memory (a box of no width: point estates in a line, or one) */
    if (!(x1 >= x0) || !(y1 >= y0)) x0 = y0 = 0, x1 = y1 = 1;
    double span = fmax(x1 - x0, y1 - y0) * 0.02 + 1;
    x0 -= span, y0 -= span, x1 += span, y1 += span;
    lc_map_view v = {x0, y1, MAP_W / (x1 - x0), 0, 1};
    v.h = (y1 - y0) * v.s;
    /* a 12-unit font should print at least 2.8 mm (8 pt); the legend adds about 12 % */
    double mm = fmin(print_w_mm / MAP_W, print_h_mm / (v.h * 1.12));
    v.k = fmin(4, fmax(1, 2.8 / (12 * mm)));
    return v;
}

void lc_map_furniture(W w, const lc_map_view *v)
{
    double len = lc_nice_step(MAP_W / 5 / v->s), k = v->k;
    char a[64], b[32];
    xw_start(w, "g");
    xw_attr(w, "class", "scalebar");
    xw_start(w, "rect"); /* a light ground, so that the bar reads over estates */
    xw_num(w, "x", 6), xw_num(w, "y", v->h - 20 - 15 * k);
    xw_num(w, "width", len * v->s + 12), xw_num(w, "height", 14 + 15 * k);
    xw_attr(w, "fill", "#ffffff"), xw_attr(w, "fill-opacity", "0.75");
    xw_end(w);
    xw_start(w, "rect");
    xw_num(w, "x", 12), xw_num(w, "y", v->h - 12 - 4 * k);
    xw_num(w, "width", len * v->s), xw_num(w, "height", 4 * k);
    xw_attr(w, "fill", "#222");
    xw_end(w);
    xw_start(w, "text");
    xw_num(w, "x", 12), xw_num(w, "y", v->h - 16 - 4 * k), xw_num(w, "font-size", 11 * k);
    if (len >= 1000) snprintf(b, sizeof b, "%g km", len / 1000);
    else snprintf(b, sizeof b, "%g m", len);
    xw_text(w, b);
    xw_end(w);
    xw_end(w);
    xw_start(w, "g");
    xw_attr(w, "class", "north");
    snprintf(a, sizeof a, "translate(%.1f %.1f) scale(%.3f)", MAP_W - 16 - 8 * k, 8 * k, k);
    xw_attr(w, "transform", a);
    xw_start(w, "path");
    xw_attr(w, "d", "M0 0 L7 20 L0 15 L-7 20 Z");
    xw_attr(w, "fill", "#222");
    xw_end(w);
    xw_start(w, "text");
    xw_attr(w, "x", "0");
    xw_attr(w, "y", "34");
    xw_attr(w, "font-size", "12");
    xw_attr(w, "text-anchor", "middle");
    xw_text(w, "N");
    xw_end(w);
    xw_end(w);
}
