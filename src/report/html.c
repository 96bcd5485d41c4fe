/*
 * html.c — report.html (see html.h). The map is SVG in the page: one <path> per gap class
 * for all estates (simplified to half a pixel, coordinates to 0.1 px), one for the bundle
 * outlines, circles for facilities and stars for sites; no script anywhere.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "../cover/priority.h"
#include "html.h"
#include "summary.h"

#define MAP_W 960.0

typedef xmlTextWriterPtr W;

/* Every element gets an explicit end tag: an HTML parser reads <span/> as an open span. */
static void start(W w, const char *el) { xmlTextWriterStartElement(w, BAD_CAST el); }
static void end(W w) { xmlTextWriterFullEndElement(w); }
static void attr(W w, const char *k, const char *v) { xmlTextWriterWriteAttribute(w, BAD_CAST k, BAD_CAST v); }
static void text(W w, const char *v) { xmlTextWriterWriteString(w, BAD_CAST v); }
static void el(W w, const char *name, const char *v)
{
    start(w, name);
    text(w, v);
    end(w);
}

static void elf(W w, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void elf(W w, const char *name, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    el(w, name, buf);
}

/* ---- a growing path string ------------------------------------------------------------ */

typedef struct {
    char *s;
    size_t n, cap;
    bool nomem;
} sbuf;

static void sadd(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sadd(sbuf *b, const char *fmt, ...)
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

typedef struct {
    double minx, maxy, s; /* world -> px: ((x - minx) s, (maxy - y) s) */
    double h;
} view;

static void ring_path(lc_ctx *ctx, const GEOSGeometry *ring, const view *v, sbuf *b)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n) || n < 2) return;
    for (unsigned i = 0; i + 1 < n; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(ctx->geos, cs, i, &x, &y);
        sadd(b, "%c%.1f %.1f", i ? 'L' : 'M', (x - v->minx) * v->s, (v->maxy - y) * v->s);
    }
    sadd(b, "Z");
}

/* Polygon(s) of g as path data, simplified to half a pixel; a shape smaller than that
 * becomes a one-pixel square so that it stays visible. */
static void geom_path(lc_ctx *ctx, const GEOSGeometry *g, const view *v, sbuf *b)
{
    double x0, y0, x1, y1;
    GEOSGeom_getExtent_r(ctx->geos, g, &x0, &y0, &x1, &y1);
    if ((x1 - x0) * v->s < 1.5 && (y1 - y0) * v->s < 1.5) {
        sadd(b, "M%.1f %.1fh1v1h-1Z", (x0 - v->minx) * v->s, (v->maxy - y1) * v->s);
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

static void path_el(W w, const sbuf *b, const char *fill, const char *stroke, const char *width)
{
    if (!b->n) return;
    start(w, "path");
    attr(w, "d", b->s);
    attr(w, "fill", fill);
    attr(w, "fill-rule", "evenodd");
    attr(w, "stroke", stroke);
    attr(w, "stroke-width", width);
    end(w);
}

/* ---- the map --------------------------------------------------------------------------- */

static size_t gap_class(const lc_cover *cv, size_t k, size_t e)
{
    if (!cv->ncat || cv->ntiers < 2) return 0;
    if (!cv->g[LC_COV_IDX(cv, k, 0, e)]) return 0;
    return cv->g[LC_COV_IDX(cv, k, 1, e)] ? 2 : 1;
}

static size_t default_cat(const lc_dataset *ds)
{
    for (size_t i = 0; i < ds->ncat; i++)
        if (!strcmp(ds->cat[i], "elder")) return i;
    return 0;
}

static const char *cat_fill(const char *key)
{
    static const char *const keys[] = {"elder", "child", "kgdn", "clinic", "hosp", "comm"};
    static const char *const col[] = {"#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628"};
    for (size_t i = 0; i < 6; i++)
        if (!strcmp(key, keys[i])) return col[i];
    return "#777777";
}

static const char *const CLASS_FILL[3] = {"#1a9850", "#fdae61", "#d73027"};

static void map_estates(lc_ctx *ctx, W w, const lc_report_in *in, const view *v, size_t k)
{
    sbuf b[3] = {{0}, {0}, {0}};
    for (size_t e = 0; e < in->ds->nest; e++)
        geom_path(ctx, in->ds->est[e].geom, v, &b[gap_class(in->cv, k, e)]);
    bool crowded = in->ds->nest > 3000; /* outlines would darken a city-wide map */
    for (int c = 0; c < 3; c++) {
        path_el(w, &b[c], CLASS_FILL[c], crowded ? "none" : "#555555", "0.2");
        lc_free(b[c].s);
    }
}

static void map_bundles(lc_ctx *ctx, W w, const lc_report_in *in, const view *v)
{
    if (!in->bundles) return;
    sbuf b = {0};
    for (size_t r = 0; r < in->bundles->nrows; r++) {
        if (!in->bundles->wkb[r]) continue;
        GEOSGeometry *g = lc_geom_from_wkb(ctx, in->bundles->wkb[r], in->bundles->wkb_len[r]);
        if (!g) continue;
        geom_path(ctx, g, v, &b);
        GEOSGeom_destroy_r(ctx->geos, g);
    }
    path_el(w, &b, "none", "#1f50a0", in->bundles->nrows > 500 ? "0.5" : "1.2");
    lc_free(b.s);
}

/* Facilities as dots per category; on a crowded map only those of the category shown. */
static void map_points(W w, const lc_report_in *in, const view *v, size_t shown)
{
    char a[32], c[32];
    bool crowded = in->ds->nfac > 2000;
    for (size_t k = 0; k < in->ds->ncat; k++) {
        if (crowded && k != shown) continue;
        start(w, "g");
        attr(w, "fill", cat_fill(in->ds->cat[k]));
        attr(w, "stroke", "#ffffff");
        attr(w, "stroke-width", "0.5");
        for (size_t j = 0; j < in->ds->nfac; j++) {
            if (in->ds->fac[j].cat != (int)k) continue;
            start(w, "circle");
            snprintf(a, sizeof a, "%.1f", (in->ds->fac[j].x - v->minx) * v->s);
            snprintf(c, sizeof c, "%.1f", (v->maxy - in->ds->fac[j].y) * v->s);
            attr(w, "cx", a);
            attr(w, "cy", c);
            attr(w, "r", crowded ? "1.2" : "2.5");
            end(w);
        }
        end(w);
    }
    if (!in->site) return;
    const lc_siting *st = in->site;
    for (size_t r = 0; r < st->res.n; r++) {
        uint32_t j = st->res.chosen[r];
        double x = (st->cand.xy[2 * j] - v->minx) * v->s, y = (v->maxy - st->cand.xy[2 * j + 1]) * v->s;
        sbuf b = {0};
        for (int i = 0; i < 10; i++) { /* a five-pointed star */
            double ang = -LC_PI / 2 + i * LC_PI / 5, rad = i % 2 ? 3.5 : 8;
            sadd(&b, "%c%.1f %.1f", i ? 'L' : 'M', x + rad * cos(ang), y + rad * sin(ang));
        }
        sadd(&b, "Z");
        path_el(w, &b, "#ffd700", "#780000", "0.8");
        lc_free(b.s);
        char rank[24];
        snprintf(rank, sizeof rank, "%zu", r + 1);
        snprintf(a, sizeof a, "%.1f", x + 9);
        snprintf(c, sizeof c, "%.1f", y + 4);
        start(w, "text");
        attr(w, "x", a);
        attr(w, "y", c);
        attr(w, "class", "rank");
        text(w, rank);
        end(w);
    }
}

/* The map's frame: the estates' extent and 2 % around it. */
/* The value at quantile q of the n sorted values. */
static double quantile(const double *v, size_t n, double q)
{
    return v[(size_t)floor(q * (double)(n - 1) + 0.5)];
}

/* The maps' frame: the box of the estates' centres between the 1st and 99th percentile on
 * each axis (and within 3 interquartile ranges of the quartiles), grown to the whole of every
 * estate whose centre is inside, plus 2 %; so a
 * stray polygon (an extract's test object on another continent, a sample's far sentinels)
 * does not shrink the district to a dot. Estates not wholly inside are listed under the
 * overview map (map_outside). Without estates: the unit box. */
static view map_view(const lc_dataset *ds)
{
    size_t n = ds->nest;
    double *cx = lc_malloc((n + 1) * sizeof *cx), *cy = lc_malloc((n + 1) * sizeof *cy);
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    if (cx && cy && n) {
        for (size_t e = 0; e < n; e++) {
            cx[e] = (ds->est[e].minx + ds->est[e].maxx) / 2;
            cy[e] = (ds->est[e].miny + ds->est[e].maxy) / 2;
        }
        qsort(cx, n, sizeof *cx, lc_cmp_double);
        qsort(cy, n, sizeof *cy, lc_cmp_double);
        /* the 1st-99th percentile box, within 3 interquartile ranges of the quartiles: a
         * handful of strays (Liechtenstein's extract has test objects on other continents)
         * may be more than 1 % of a small district's estates */
        double qx = quantile(cx, n, 0.75) - quantile(cx, n, 0.25);
        double qy = quantile(cy, n, 0.75) - quantile(cy, n, 0.25);
        double bx0 = fmax(quantile(cx, n, 0.01), quantile(cx, n, 0.25) - 3 * qx);
        double bx1 = fmin(quantile(cx, n, 0.99), quantile(cx, n, 0.75) + 3 * qx);
        double by0 = fmax(quantile(cy, n, 0.01), quantile(cy, n, 0.25) - 3 * qy);
        double by1 = fmin(quantile(cy, n, 0.99), quantile(cy, n, 0.75) + 3 * qy);
        for (size_t e = 0; e < n; e++) {
            const lc_estate *es = &ds->est[e];
            double mx = (es->minx + es->maxx) / 2, my = (es->miny + es->maxy) / 2;
            if (mx < bx0 || mx > bx1 || my < by0 || my > by1) continue;
            x0 = fmin(x0, es->minx), y0 = fmin(y0, es->miny);
            x1 = fmax(x1, es->maxx), y1 = fmax(y1, es->maxy);
        }
    }
    lc_free(cx);
    lc_free(cy);
    if (!(x1 > x0) || !(y1 > y0)) x0 = y0 = 0, x1 = y1 = 1; /* no estate, or out of memory */
    double span = fmax(x1 - x0, y1 - y0) * 0.02 + 1;
    x0 -= span, y0 -= span, x1 += span, y1 += span;
    view v = {x0, y1, MAP_W / (x1 - x0), 0};
    v.h = (y1 - y0) * v.s;
    return v;
}

/* Estate e lies wholly inside the frame of v. */
static bool in_frame(const view *v, const lc_estate *e)
{
    return e->minx >= v->minx && e->maxy <= v->maxy && (e->maxx - v->minx) * v->s <= MAP_W &&
           (v->maxy - e->miny) * v->s <= v->h;
}

/* Under the overview map: how many estates the frame leaves (partly) outside, and their ids
 * (the first 20). */
static void map_outside(W w, const lc_report_in *in, const view *v)
{
    size_t n = 0;
    for (size_t e = 0; e < in->ds->nest; e++) n += !in_frame(v, &in->ds->est[e]);
    if (!n) return;
    bool en = in->lang == LC_LANG_EN;
    char head[160];
    snprintf(head, sizeof head, en ? "%zu estates lie outside the map frame (wholly or in part): "
                                   : "%zu 个小区在地图范围之外（全部或部分）：", n);
    start(w, "p");
    attr(w, "class", "note");
    attr(w, "id", "outside");
    text(w, head);
    size_t shown = 0;
    for (size_t e = 0; e < in->ds->nest && shown < 20; e++) {
        if (in_frame(v, &in->ds->est[e])) continue;
        if (shown++) text(w, en ? ", " : "、");
        text(w, in->ds->est[e].id);
    }
    if (n > shown) text(w, en ? ", …" : "……");
    end(w);
}

/* A scale bar (a round length near a fifth of the map's width) and a north arrow (the
 * working CRS is projected, north up). */
static void map_furniture(W w, const view *v)
{
    double want = MAP_W / 5 / v->s, len = pow(10, floor(log10(want)));
    len *= want >= 5 * len ? 5 : want >= 2 * len ? 2 : 1;
    double px = len * v->s, y = v->h - 14;
    char a[64], b[64];
    start(w, "g");
    attr(w, "class", "scalebar");
    start(w, "rect");
    attr(w, "x", "12");
    snprintf(a, sizeof a, "%.1f", y - 4);
    attr(w, "y", a);
    snprintf(a, sizeof a, "%.1f", px);
    attr(w, "width", a);
    attr(w, "height", "4");
    attr(w, "fill", "#222");
    end(w);
    start(w, "text");
    attr(w, "x", "12");
    snprintf(a, sizeof a, "%.1f", y - 8);
    attr(w, "y", a);
    attr(w, "font-size", "11");
    if (len >= 1000) snprintf(b, sizeof b, "%g km", len / 1000);
    else snprintf(b, sizeof b, "%g m", len);
    text(w, b);
    end(w);
    end(w);
    start(w, "g");
    attr(w, "class", "north");
    snprintf(a, sizeof a, "translate(%.1f 16)", MAP_W - 24);
    attr(w, "transform", a);
    start(w, "path");
    attr(w, "d", "M0 0 L7 20 L0 15 L-7 20 Z");
    attr(w, "fill", "#222");
    end(w);
    start(w, "text");
    attr(w, "x", "0");
    attr(w, "y", "34");
    attr(w, "font-size", "12");
    attr(w, "text-anchor", "middle");
    text(w, "N");
    end(w);
    end(w);
}

static void svg_start(W w, const view *v)
{
    char buf[64];
    start(w, "svg");
    attr(w, "xmlns", "http://www.w3.org/2000/svg");
    snprintf(buf, sizeof buf, "0 0 %.0f %.0f", MAP_W, v->h);
    attr(w, "viewBox", buf);
    attr(w, "width", "100%");
    attr(w, "role", "img");
}

static void swatch(W w, const char *fill, const char *label)
{
    char style[48];
    start(w, "span");
    attr(w, "class", "sw");
    snprintf(style, sizeof style, "background:%s", fill);
    attr(w, "style", style);
    end(w);
    text(w, " ");
    text(w, label);
    text(w, "  ");
}

/* Rows of the bundle table at most: a country's 53k bundles are a layer to filter in QGIS,
 * not a list to read (the rest are said to be left out). */
#define REPORT_MAX_BUNDLES 1000

/* What a big run's report (or its outputs) leave out, said under the overview map. */
static void left_out(W w, const lc_report_in *in)
{
    bool outlines = in->ds->nest > 3000, dots = in->ds->nfac > 2000 && in->ds->ncat > 1;
    size_t nb = in->bundles ? in->bundles->nrows : 0;
    if (!outlines && !dots && !in->no_service_areas && nb <= REPORT_MAX_BUNDLES) return;
    start(w, "div");
    attr(w, "class", "note");
    attr(w, "id", "left-out");
    text(w, lc_tr(in->lang, "left_out"));
    start(w, "ul");
    if (outlines) el(w, "li", lc_tr(in->lang, "no_outlines"));
    if (dots) el(w, "li", lc_tr(in->lang, "one_cat_dots"));
    if (in->no_service_areas) el(w, "li", lc_tr(in->lang, "no_service_areas"));
    if (nb > REPORT_MAX_BUNDLES)
        elf(w, "li", in->lang == LC_LANG_EN ? "the bundle table lists the first %d of %zu bundles "
                                              "(all are in the bundles layer)"
                                            : "打包片区表只列出前 %d 个（共 %zu 个，全部见 bundles 图层）",
            REPORT_MAX_BUNDLES, nb);
    end(w);
    end(w);
}

static void map_section(lc_ctx *ctx, W w, const lc_report_in *in)
{
    const lc_dataset *ds = in->ds;
    view v = map_view(ds);
    size_t k = default_cat(ds);
    el(w, "h2", lc_tr(in->lang, "overview"));
    char buf[64];
    svg_start(w, &v);
    map_estates(ctx, w, in, &v, k);
    map_bundles(ctx, w, in, &v);
    map_points(w, in, &v, k);
    map_furniture(w, &v);
    end(w);
    start(w, "p");
    attr(w, "class", "legend");
    static const char *const words[] = {"covered5", "covered10", "gap10"};
    for (int c = 0; c < 3; c++) {
        start(w, "span");
        attr(w, "class", "sw");
        char style[48];
        snprintf(style, sizeof style, "background:%s", CLASS_FILL[c]);
        attr(w, "style", style);
        end(w);
        snprintf(buf, sizeof buf, " %s  ", lc_tr(in->lang, words[c]));
        text(w, ds->ncat ? lc_tr_cat(in->lang, ds->cat[k]) : "");
        text(w, buf);
    }
    end(w);
    start(w, "p");
    attr(w, "class", "note");
    snprintf(buf, sizeof buf, " (%zu; %.1f m)", ds->nest, 0.5 / v.s);
    text(w, lc_tr(in->lang, "line_note"));
    text(w, " ");
    text(w, lc_tr(in->lang, "size_note"));
    text(w, buf);
    end(w);
    map_outside(w, in, &v);
    left_out(w, in);
}

/* ---- tables ------------------------------------------------------------------------------ */

static void row_start(W w) { start(w, "tr"); }
/* A table's header row, in a thead: printed at the top of every page the table runs over. */
static void head_start(W w) { start(w, "thead"), start(w, "tr"); }
static void head_end(W w) { end(w), end(w); }
static void th(W w, const char *v) { el(w, "th", v); }
static void td(W w, const char *v) { el(w, "td", v ? v : ""); }

/* Per district (sorted as in summary.csv; "(none)" for estates without): estates,
 * households, and per category the share covered within 5 minutes and the estates with a
 * gap at 10. One pass over the estates. */
typedef struct {
    size_t n;
    double hh;
    size_t *cov; /* per category: covered at 5, gap at 10 */
} district_row;

/* ---- capacity-aware access ------------------------------------------------------------------ */

static const char *const PLACES_FILL[4] = {"#1a9850", "#fdae61", "#d73027", "#780000"};

/* The category the access map shows: elder care when it has a norm, else the first that has. */
static const lc_access_cat *access_shown(const lc_report_in *in)
{
    const lc_access_cat *pick = NULL;
    for (size_t i = 0; in->ac && i < in->ac->ncat; i++) {
        const lc_access_cat *c = &in->ac->cat[i];
        if (!c->per1000 || isnan(c->norm)) continue;
        if (!pick || !strcmp(in->ds->cat[c->cat], "elder")) pick = c;
    }
    return pick;
}

/* Places per 1,000 within 10 minutes against the norm: meets it, half, less, none. */
static size_t places_class(const lc_access_cat *c, size_t nest, size_t e)
{
    double a = c->per1000[nest + e]; /* tier 1: 10 minutes */
    return !(a > 0) ? 3 : a >= c->norm ? 0 : a >= c->norm / 2 ? 1 : 2;
}

static void access_map(lc_ctx *ctx, W w, const lc_report_in *in, const lc_access_cat *c)
{
    const lc_dataset *ds = in->ds;
    view v = map_view(ds);
    sbuf b[4] = {{0}, {0}, {0}, {0}};
    for (size_t e = 0; e < ds->nest; e++)
        geom_path(ctx, ds->est[e].geom, &v, &b[places_class(c, ds->nest, e)]);
    svg_start(w, &v);
    for (int i = 0; i < 4; i++) {
        path_el(w, &b[i], PLACES_FILL[i], ds->nest > 3000 ? "none" : "#555555", "0.2");
        lc_free(b[i].s);
    }
    end(w);
    start(w, "p");
    attr(w, "class", "legend");
    static const char *const words[] = {"places_ok", "places_half", "places_low", "places_none"};
    char label[160];
    for (int i = 0; i < 4; i++) {
        snprintf(label, sizeof label, "%s%s%s", i ? "" : lc_tr_cat(in->lang, ds->cat[c->cat]),
                 i ? "" : ": ", lc_tr(in->lang, words[i]));
        swatch(w, PLACES_FILL[i], label);
    }
    snprintf(label, sizeof label, "(%s %g)", lc_tr(in->lang, "norm"), c->norm);
    text(w, label);
    end(w);
}

/* Per category with places: facilities, places, demand, places per 1,000 within 5 and 10
 * minutes, the norm, estates under it and the places short within 10 minutes. */
static void access_section(lc_ctx *ctx, W w, const lc_report_in *in)
{
    if (!in->ac || !in->ac->ncat) return;
    const lc_dataset *ds = in->ds;
    start(w, "section");
    attr(w, "id", "access");
    el(w, "h2", lc_tr(in->lang, "access"));
    el(w, "p", lc_tr(in->lang, in->ac->gauss ? "access_note_gauss" : "access_note"));
    start(w, "table");
    head_start(w);
    static const char *const heads[] = {"category", "facilities", "places", "demand", "a5",
                                        "a10", "norm", "under_norm", "short10"};
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) th(w, lc_tr(in->lang, heads[i]));
    head_end(w);
    char b[9][96];
    for (size_t i = 0; i < in->ac->ncat; i++) {
        const lc_access_cat *c = &in->ac->cat[i];
        if (!c->per1000) continue;
        double got[2] = {0, 0}, shortfall = 0;
        size_t under = 0;
        for (size_t e = 0; e < ds->nest; e++) {
            for (int t = 0; t < 2; t++) got[t] += c->per1000[t * ds->nest + e] / 1000 * c->demand[e];
            if (c->shortfall) shortfall += c->shortfall[ds->nest + e];
            under += !isnan(c->norm) && c->demand[e] > 0 && c->per1000[ds->nest + e] < c->norm;
        }
        snprintf(b[0], sizeof b[0], "%s", lc_tr_cat(in->lang, ds->cat[c->cat]));
        snprintf(b[1], sizeof b[1], "%zu", c->nfac - c->no_capacity);
        snprintf(b[2], sizeof b[2], "%.0f", c->places_total);
        snprintf(b[3], sizeof b[3], "%.0f (%.48s)", c->demand_total, c->demand_field);
        for (int t = 0; t < 2; t++)
            snprintf(b[4 + t], sizeof b[4], "%.1f",
                     c->demand_total > 0 ? 1000 * got[t] / c->demand_total : 0);
        if (isnan(c->norm)) {
            for (int k = 6; k < 9; k++) snprintf(b[k], sizeof b[k], "–");
        } else {
            snprintf(b[6], sizeof b[6], "%g", c->norm);
            snprintf(b[7], sizeof b[7], "%zu", under);
            snprintf(b[8], sizeof b[8], "%.0f", shortfall);
        }
        row_start(w);
        for (int k = 0; k < 9; k++) td(w, b[k]);
        end(w);
    }
    end(w);
    const lc_access_cat *shown = access_shown(in);
    if (shown) access_map(ctx, w, in, shown);
    end(w);
}

/* Rows of the priority list. */
#define REPORT_PRIORITIES 20

/* What estate e lacks, in words: per category its widest tier without a facility and the
 * people concerned, 「养老 10 分钟内无设施（186 名老年人）」 / "elder care within 10 min (186 elderly)". */
static void lacks_words(const lc_report_in *in, size_t e, char *buf, size_t cap)
{
    const lc_cover *cv = in->cv;
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < cv->ncat; k++) {
        int tier = -1;
        for (size_t t = 0; t < cv->ntiers; t++)
            if (cv->g[LC_COV_IDX(cv, k, t, e)]) tier = (int)t;
        if (tier < 0) continue;
        const char *key = in->ds->cat[k], *role = lc_priority_role(in->s, key);
        double d = lc_priority_demand(in->s, &in->ds->est[e], key);
        bool en = in->lang == LC_LANG_EN;
        const char *who = !strcmp(role, "elderly") ? (en ? "elderly" : "名老年人")
                        : !strcmp(role, "children") ? (en ? "children" : "名儿童")
                                                    : (en ? "residents" : "名居民");
        int w = en ? snprintf(buf + at, cap - at, "%s%s within %d min (%.0f %s)", at ? "; " : "",
                              lc_tr_cat(in->lang, key), cv->tier_minutes[tier], d, who)
                   : snprintf(buf + at, cap - at, "%s%s %d 分钟内无设施（%.0f %s）", at ? "；" : "",
                              lc_tr_cat(in->lang, key), cv->tier_minutes[tier], d, who);
        if (w < 0 || (size_t)w >= cap - at) return;
        at += (size_t)w;
    }
}

/* The estates to renovate first (the priority field's order; README, Renovation priority). */
static lc_status priority_table(W w, const lc_report_in *in)
{
    const lc_dataset *ds = in->ds;
    if (!ds->nest || !in->cv->ncat) return LC_OK;
    double *score = lc_malloc((ds->nest + 1) * sizeof *score);
    size_t *order = lc_malloc((ds->nest + 1) * sizeof *order);
    lc_status st = score && order ? LC_OK : LC_ERR_NOMEM;
    if (!st) lc_priority_scores(in->s, ds, in->cv, score);
    if (!st) st = lc_priority_order(ds, score, order);
    if (!st) {
        el(w, "h2", lc_tr(in->lang, "priorities"));
        start(w, "table");
        attr(w, "id", "priorities");
        static const char *const cols[] = {"rank", "estate", "district", "build_year", "priority", "why"};
        head_start(w);
        for (size_t c = 0; c < 6; c++) th(w, lc_tr(in->lang, cols[c]));
        head_end(w);
        long nc = lc_table_field_index(ds->est_src->table, in->s->field[LC_ROLE_NAME]);
        char buf[2048], name[256];
        for (size_t i = 0; i < ds->nest && i < REPORT_PRIORITIES && score[order[i]] > 0; i++) {
            const lc_estate *e = &ds->est[order[i]];
            row_start(w);
            attr(w, "class", "priority");
            elf(w, "td", "%zu", i + 1);
            name[0] = '\0';
            if (nc >= 0) lc_value_text(&ds->est_src->table->fields[nc].col[e->row], name, sizeof name);
            elf(w, "td", "%s%s%s%s", e->id, name[0] ? " " : "", name, "");
            td(w, e->district);
            if (isnan(e->build_year)) td(w, "");
            else elf(w, "td", "%.0f", e->build_year);
            elf(w, "td", "%.0f", score[order[i]]);
            lacks_words(in, order[i], buf, sizeof buf);
            td(w, buf);
            end(w);
        }
        end(w);
    }
    lc_free(score);
    lc_free(order);
    return st;
}

static void district_header(W w, const lc_report_in *in)
{
    char buf[160];
    head_start(w);
    th(w, lc_tr(in->lang, "district")), th(w, lc_tr(in->lang, "n_estates")), th(w, lc_tr(in->lang, "households"));
    for (size_t k = 0; k < in->ds->ncat; k++) {
        snprintf(buf, sizeof buf, "%s %s", lc_tr_cat(in->lang, in->ds->cat[k]), lc_tr(in->lang, "share5"));
        th(w, buf);
        snprintf(buf, sizeof buf, "%s %s", lc_tr_cat(in->lang, in->ds->cat[k]), lc_tr(in->lang, "gapcount"));
        th(w, buf);
    }
    head_end(w);
}

static void district_line(W w, const lc_report_in *in, const char *name, const district_row *r)
{
    char buf[64];
    row_start(w);
    attr(w, "class", "district");
    td(w, name[0] ? name : "(none)");
    snprintf(buf, sizeof buf, "%zu", r->n), td(w, buf);
    snprintf(buf, sizeof buf, "%.0f", r->hh), td(w, buf);
    for (size_t k = 0; k < in->ds->ncat; k++) {
        snprintf(buf, sizeof buf, "%.1f %%", r->n ? 100.0 * (double)r->cov[2 * k] / (double)r->n : 0);
        td(w, buf);
        snprintf(buf, sizeof buf, "%zu", r->cov[2 * k + 1]), td(w, buf);
    }
    end(w);
}

/* Districts drawn in the coverage chart at most (the table lists them all). */
#define CHART_MAX_DISTRICTS 30

/* Coverage per district and category as bars (inline SVG): per category a panel, per
 * district the share of estates with a facility within 5 minutes (dark) and within 10
 * (light), on a 0-100 % axis with its label. */
static void coverage_chart(W w, const lc_report_in *in, char **names, size_t nd,
                           const district_row *rows)
{
    const lc_dataset *ds = in->ds;
    if (!ds->ncat || !nd || in->cv->ntiers < 2) return;
    size_t shown = nd < CHART_MAX_DISTRICTS ? nd : CHART_MAX_DISTRICTS;
    const double left = 170, right = 930, bar = 7, row = 2 * bar + 6, head = 24, foot = 34;
    double panel = head + (double)shown * row + foot, hgt = panel * (double)ds->ncat;
    bool en = in->lang == LC_LANG_EN;
    char a[64], b[64], c[64], d[64];
    start(w, "svg");
    attr(w, "xmlns", "http://www.w3.org/2000/svg");
    attr(w, "class", "chart");
    attr(w, "id", "coverage-chart");
    snprintf(a, sizeof a, "0 0 %.0f %.0f", MAP_W, hgt);
    attr(w, "viewBox", a);
    attr(w, "width", "100%");
    attr(w, "role", "img");
    attr(w, "font-size", "11");
    for (size_t k = 0; k < ds->ncat; k++) {
        double y0 = panel * (double)k;
        start(w, "text");
        attr(w, "x", "4");
        snprintf(a, sizeof a, "%.1f", y0 + 16);
        attr(w, "y", a);
        attr(w, "font-size", "13");
        attr(w, "font-weight", "bold");
        snprintf(b, sizeof b, en ? "%s: share of estates reaching it, per district"
                                 : "%s：各街道可达的小区比例", lc_tr_cat(in->lang, ds->cat[k]));
        text(w, b);
        end(w);
        for (size_t i = 0; i < shown; i++) {
            double y = y0 + head + (double)i * row;
            start(w, "text");
            attr(w, "x", "4");
            snprintf(a, sizeof a, "%.1f", y + bar + 3);
            attr(w, "y", a);
            text(w, names[i][0] ? names[i] : "(none)");
            end(w);
            double share[2] = {0, 0};
            if (rows[i].n) {
                share[0] = (double)rows[i].cov[2 * k] / (double)rows[i].n;
                share[1] = 1 - (double)rows[i].cov[2 * k + 1] / (double)rows[i].n;
            }
            for (int t = 0; t < 2; t++) {
                start(w, "rect");
                snprintf(a, sizeof a, "%.1f", left);
                snprintf(b, sizeof b, "%.1f", y + t * bar);
                snprintf(c, sizeof c, "%.1f", share[t] * (right - left));
                snprintf(d, sizeof d, "%.0f", bar - 1);
                attr(w, "x", a), attr(w, "y", b), attr(w, "width", c), attr(w, "height", d);
                attr(w, "fill", t ? "#91bfdb" : "#2c7bb6");
                end(w);
                start(w, "text");
                snprintf(a, sizeof a, "%.1f", left + share[t] * (right - left) + 3);
                snprintf(b, sizeof b, "%.1f", y + t * bar + bar - 1);
                attr(w, "x", a), attr(w, "y", b), attr(w, "font-size", "8");
                snprintf(c, sizeof c, "%.0f %%", 100 * share[t]);
                text(w, c);
                end(w);
            }
        }
        double ya = y0 + head + (double)shown * row + 2;
        for (int p = 0; p <= 100; p += 25) {
            double x = left + p / 100.0 * (right - left);
            start(w, "line");
            snprintf(a, sizeof a, "%.1f", x);
            snprintf(b, sizeof b, "%.1f", y0 + head - 2);
            snprintf(c, sizeof c, "%.1f", ya);
            attr(w, "x1", a), attr(w, "x2", a), attr(w, "y1", b), attr(w, "y2", c);
            attr(w, "stroke", "#bbb"), attr(w, "stroke-width", "0.5");
            end(w);
            start(w, "text");
            attr(w, "x", a);
            snprintf(b, sizeof b, "%.1f", ya + 11);
            attr(w, "y", b), attr(w, "text-anchor", "middle");
            snprintf(c, sizeof c, "%d %%", p);
            text(w, c);
            end(w);
        }
        start(w, "text");
        snprintf(a, sizeof a, "%.1f", (left + right) / 2);
        snprintf(b, sizeof b, "%.1f", ya + 25);
        attr(w, "x", a), attr(w, "y", b), attr(w, "text-anchor", "middle");
        text(w, en ? "estates with a facility within 5 min (dark) and 10 min (light), % of the district's estates"
                   : "5 分钟（深色）与 10 分钟（浅色）内有设施的小区占本街道小区的比例（%）");
        end(w);
    }
    end(w);
    if (nd > shown)
        elf(w, "p", en ? "The chart shows the first %zu of %zu districts; the table lists all."
                       : "图中只画前 %zu 个街道（共 %zu 个），表中列出全部。", shown, nd);
}

static lc_status district_table(W w, const lc_report_in *in)
{
    const lc_dataset *ds = in->ds;
    const lc_cover *cv = in->cv;
    size_t nd = 0;
    char **d = lc_summary_districts(ds, &nd);
    district_row *rows = lc_calloc(nd + 1, sizeof *rows);
    size_t *cov = lc_calloc(nd * 2 * ds->ncat + 1, sizeof *cov);
    if (!d || !rows || !cov) {
        lc_free(d), lc_free(rows), lc_free(cov);
        return LC_ERR_NOMEM;
    }
    for (size_t i = 0; i < nd; i++) rows[i].cov = cov + i * 2 * ds->ncat;
    for (size_t e = 0; e < ds->nest; e++) {
        char *key = ds->est[e].district;
        district_row *r = &rows[(char **)bsearch(&key, d, nd, sizeof *d, lc_cmp_strp) - d];
        r->n++, r->hh += isnan(ds->est[e].households) ? 0 : ds->est[e].households;
        for (size_t k = 0; k < ds->ncat && cv->ntiers >= 2; k++) {
            r->cov[2 * k] += !cv->g[LC_COV_IDX(cv, k, 0, e)];
            r->cov[2 * k + 1] += cv->g[LC_COV_IDX(cv, k, 1, e)];
        }
    }
    el(w, "h2", lc_tr(in->lang, "coverage"));
    start(w, "table");
    attr(w, "id", "districts");
    district_header(w, in);
    for (size_t i = 0; i < nd; i++) district_line(w, in, d[i], &rows[i]);
    end(w);
    coverage_chart(w, in, d, nd, rows);
    lc_free(d), lc_free(rows), lc_free(cov);
    return LC_OK;
}

static const char *cell(const lc_table *t, size_t row, const char *field, char *buf, size_t cap)
{
    long c = lc_table_field_index(t, field);
    return c < 0 ? "" : lc_value_text(&t->fields[c].col[row], buf, cap);
}

/* A bundle's gaps in words from its per-category, per-tier counts (the layer's k_g<min>
 * fields): 「养老 5 分钟：3/4 个小区缺」 / "elder care, 5 min: 3 of 4 estates lack it";
 * "" when it has none. */
static const char *gap_words(const lc_report_in *in, const lc_table *t, size_t row, char *buf,
                             size_t cap)
{
    const lc_cover *cv = in->cv;
    long nc = lc_table_field_index(t, "n_estates");
    long long n = nc >= 0 && t->fields[nc].col[row].kind == LC_VAL_INT ? (long long)t->fields[nc].col[row].u.i : 0;
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < cv->ncat; k++)
        for (size_t tt = 0; tt < cv->ntiers; tt++) {
            char name[16];
            snprintf(name, sizeof name, "%s_g%d", in->ds->cat[k], cv->tier_minutes[tt]);
            long c = lc_table_field_index(t, name);
            if (c < 0 || t->fields[c].col[row].kind != LC_VAL_INT || !t->fields[c].col[row].u.i) continue;
            long long g = (long long)t->fields[c].col[row].u.i;
            int w = in->lang == LC_LANG_EN
                        ? snprintf(buf + at, cap - at, "%s%s, %d min: %lld of %lld estates lack it",
                                   at ? "; " : "", lc_tr_cat(in->lang, in->ds->cat[k]),
                                   cv->tier_minutes[tt], g, n)
                        : snprintf(buf + at, cap - at, "%s%s %d 分钟：%lld/%lld 个小区缺",
                                   at ? "；" : "", lc_tr_cat(in->lang, in->ds->cat[k]),
                                   cv->tier_minutes[tt], g, n);
            if (w < 0 || (size_t)w >= cap - at) return buf; /* full: what fits */
            at += (size_t)w;
        }
    return buf;
}

static void bundle_table(W w, const lc_report_in *in)
{
    if (!in->bundles) return;
    const lc_table *t = in->bundles;
    el(w, "h2", lc_tr(in->lang, "bundles"));
    const lc_bsolution *q = &in->bl->sol;
    if (in->lang == LC_LANG_EN)
        elf(w, "p", "%zu bundles reach the floor (%g); at most %zu are possible%s", q->reaching,
            in->bl->min_size, q->bound, q->optimal ? " (optimal)" : "");
    else
        elf(w, "p", "%zu 个打包片区达到规模下限（%g）；最多可能 %zu 个%s", q->reaching,
            in->bl->min_size, q->bound, q->optimal ? "（已达最优）" : "");
    start(w, "table");
    attr(w, "id", "bundles");
    static const char *const cols[] = {"bundle", "n_estates", "households", "district", "gaps", "members"};
    head_start(w);
    for (size_t c = 0; c < 6; c++) th(w, lc_tr(in->lang, cols[c]));
    head_end(w);
    char buf[4096];
    size_t shown = t->nrows < REPORT_MAX_BUNDLES ? t->nrows : REPORT_MAX_BUNDLES;
    for (size_t r = 0; r < shown; r++) {
        row_start(w);
        attr(w, "class", "bundle");
        for (size_t c = 0; c < 6; c++) {
            const char *v = c == 4 ? gap_words(in, t, r, buf, sizeof buf)
                                   : cell(t, r, cols[c], buf, sizeof buf);
            if (c == 2) {
                double h = atof(v);
                snprintf(buf, sizeof buf, "%.0f", h);
                v = buf;
            }
            td(w, v);
        }
        end(w);
    }
    end(w);
}

static void site_table(W w, const lc_report_in *in)
{
    const lc_siting *st = in->site;
    if (!st) return;
    el(w, "h2", lc_tr(in->lang, "sites"));
    elf(w, "p", "%s, %d min, %s: %.0f → %.0f / %.0f", lc_tr_cat(in->lang, st->category), st->tier,
        st->weight_field, st->before_w, st->before_w + st->res.covered, st->total_w);
    char quality[160];
    lc_site_quality(&st->res, quality, sizeof quality);
    start(w, "p");
    attr(w, "id", "site-quality");
    text(w, quality);
    end(w);
    start(w, "table");
    attr(w, "id", "sites");
    static const char *const cols[] = {"rank", "candidate", "marginal", "cumulative", "share", "n_new"};
    head_start(w);
    for (size_t c = 0; c < 6; c++) th(w, lc_tr(in->lang, cols[c]));
    head_end(w);
    double cum = st->before_w;
    char buf[64];
    for (size_t r = 0; r < st->res.n; r++) {
        size_t n = 0;
        for (size_t e = 0; e < in->ds->nest; e++) n += st->res.assign[e] == r;
        cum += st->res.gain[r];
        row_start(w);
        attr(w, "class", "site");
        snprintf(buf, sizeof buf, "%zu", r + 1), td(w, buf);
        td(w, st->cand.id[st->res.chosen[r]]);
        snprintf(buf, sizeof buf, "%.0f", st->res.gain[r]), td(w, buf);
        snprintf(buf, sizeof buf, "%.0f", cum), td(w, buf);
        snprintf(buf, sizeof buf, "%.1f %%", st->total_w > 0 ? 100 * cum / st->total_w : 0), td(w, buf);
        snprintf(buf, sizeof buf, "%zu", n), td(w, buf);
        end(w);
    }
    end(w);
}

/* A row per parameter that has a value. */
static lc_status param_row(const char *key, const char *value, lc_source source, void *ud)
{
    if (!value) return LC_OK;
    W w = ud;
    row_start(w);
    td(w, key), td(w, value), td(w, lc_source_name(source));
    end(w);
    return LC_OK;
}

static void params_table(W w, const lc_report_in *in)
{
    el(w, "h2", lc_tr(in->lang, "inputs"));
    start(w, "table");
    attr(w, "id", "parameters");
    head_start(w);
    th(w, lc_tr(in->lang, "setting")), th(w, lc_tr(in->lang, "value")), th(w, lc_tr(in->lang, "source"));
    head_end(w);
    lc_options_each_param(in->opts, param_row, w);
    end(w);
}

static const char *CSS =
    "body{font-family:'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',"
    "'WenQuanYi Zen Hei',sans-serif;margin:1.5em auto;max-width:1000px;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}"
    "th,td{border:1px solid #ccc;padding:2px 6px;text-align:left}th{background:#eef}"
    "svg{border:1px solid #ccc;background:#fafafa}.sw{display:inline-block;width:12px;"
    "height:12px;margin-left:8px}.note{color:#666;font-size:12px}"
    ".rank{font-size:11px;font-weight:bold;fill:#780000}"
    /* print: A4 landscape, each section from a new page, the overview map on its own page,
     * header rows repeated (thead), rows and charts not split */
    "@page{size:A4 landscape;margin:12mm}"
    "@media print{body{max-width:none;margin:0;font-size:11px}h2{break-before:page}"
    "svg{max-height:170mm;width:auto;max-width:100%;break-inside:avoid}"
    "thead{display:table-header-group}tr{break-inside:avoid}.chart{break-inside:avoid}"
    "table{font-size:10px}}";

lc_status lc_report_html(lc_ctx *ctx, const char *path, const lc_report_in *in)
{
    W w = xmlNewTextWriterFilename(path, 0);
    if (!w) return lc_fail(ctx, LC_ERR_IO, "%s: cannot create the report", path);
    xmlTextWriterSetIndent(w, 0);
    xmlTextWriterWriteDTD(w, BAD_CAST "html", NULL, NULL, NULL);
    start(w, "html");
    attr(w, "xmlns", "http://www.w3.org/1999/xhtml");
    attr(w, "lang", in->lang == LC_LANG_EN ? "en" : "zh-CN");
    start(w, "head");
    start(w, "meta");
    attr(w, "charset", "utf-8");
    xmlTextWriterEndElement(w); /* void element: <meta .../> */
    el(w, "title", lc_tr(in->lang, "title"));
    el(w, "style", CSS);
    end(w);
    start(w, "body");
    el(w, "h1", lc_tr(in->lang, "title"));
    char when[64];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    elf(w, "p", "lifecircle %s · %s · %s · %s", LC_VERSION_STRING, when, in->ds->work_name,
        lc_tr(in->lang, in->walking ? "walk" : "line"));
    map_section(ctx, w, in);
    lc_status st = district_table(w, in);
    if (!st) st = priority_table(w, in);
    if (!st) access_section(ctx, w, in);
    if (!st) bundle_table(w, in);
    if (!st) site_table(w, in);
    if (!st) params_table(w, in);
    end(w); /* body */
    end(w); /* html */
    int rc = xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    if (st) return lc_fail(ctx, st, "out of memory writing the report");
    if (rc < 0) return lc_fail(ctx, LC_ERR_IO, "%s: write failed", path);
    return LC_OK;
}
