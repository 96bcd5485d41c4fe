/*
 * compare_html.c — compare.html (see compare_html.h). The numbers of the tables are
 * compare.csv's own rows (the same lc_table the CSV is written from), shown as percentages
 * and counts; the maps draw the baseline's estates with svgmap.c as report.html draws its
 * own, one <svg class="map"> per option in one frame, and one legend under them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../geom/geom.h"
#include "charts.h"
#include "compare_html.h"
#include "svgmap.h"
#include "xw.h"

/* The people counted in compare.csv (its columns `<role>_share_before`, `<role>_gaining`...). */
static const char *const PEOPLE[] = {"households", "elderly", "children"};
#define NPEOPLE 3

/* Fill and outline per LC_CHG_*, as changes.qml (styles.c) draws them, over light grey. */
static const char *const FILL[] = {"#e6e6e6", "#1a9850", "#d73027", "#969696", "none"};
static const char *const STROKE[] = {"#bdbdbd", "#555555", "#555555", "#555555", "#787878"};
static const char *const WORDS[] = {"unchanged", "gains_only", "losses_only", "gains_losses", "change_other"};

/* The text of a csv cell, "" when empty. */
static const char *cell(const lc_table *t, size_t row, const char *field, char *buf, size_t cap)
{
    long f = lc_table_field_index(t, field);
    buf[0] = '\0';
    return f < 0 ? buf : lc_value_text(&t->fields[f].col[row], buf, cap);
}

static double cnum(const lc_table *t, size_t row, const char *field)
{
    long f = lc_table_field_index(t, field);
    double v;
    return f >= 0 && lc_value_number(&t->fields[f].col[row], &v) ? v : NAN;
}

/* A share as a percentage to 0.1; "–" when empty. */
static void pct(char *buf, size_t cap, double v)
{
    if (isnan(v)) snprintf(buf, cap, "–");
    else snprintf(buf, cap, "%.1f%%", 100 * v);
}

/* ---- the options ---------------------------------------------------------------------------- */

static void options_table(W w, const lc_compare_page *p)
{
    xw_el(w, "h2", lc_tr(p->lang, "cmp_options"));
    xw_start(w, "table");
    xw_attr(w, "id", "options");
    xw_start(w, "thead"), xw_start(w, "tr");
    xw_el(w, "th", lc_tr(p->lang, "scenario"));
    xw_el(w, "th", lc_tr(p->lang, "cmp_edits"));
    xw_end(w), xw_end(w);
    xw_start(w, "tbody");
    for (size_t i = 0; i < p->n; i++) {
        const char *note = p->notes && p->notes[i] ? p->notes[i] : "–";
        xw_start(w, "tr");
        xw_el(w, "td", p->names[i]);
        xw_el(w, "td", note);
        xw_end(w);
    }
    xw_end(w);
    xw_end(w);
}

/* ---- the options side by side ----------------------------------------------------------------- */

/* Which people compare.csv counts (its columns are there only when the estates have them). */
static void people_of(const lc_table *csv, bool has[NPEOPLE])
{
    char n[48];
    for (size_t q = 0; q < NPEOPLE; q++) {
        snprintf(n, sizeof n, "%s_gaining", PEOPLE[q]);
        has[q] = lc_table_field_index(csv, n) >= 0;
    }
}

static void side_header(W w, const lc_compare_page *p, const bool has[NPEOPLE])
{
    char h[160];
    xw_start(w, "thead"), xw_start(w, "tr");
    xw_el(w, "th", lc_tr(p->lang, "scenario"));
    xw_el(w, "th", lc_tr(p->lang, "cmp_share_estates"));
    for (size_t q = 0; q < NPEOPLE; q++)
        if (has[q]) {
            snprintf(h, sizeof h, "%s%s", lc_tr(p->lang, PEOPLE[q]), lc_tr(p->lang, "cmp_share_people"));
            xw_el(w, "th", h);
        }
    xw_el(w, "th", lc_tr(p->lang, "cmp_gaining"));
    xw_el(w, "th", lc_tr(p->lang, "cmp_losing"));
    for (size_t q = 0; q < NPEOPLE; q++)
        if (has[q]) {
            snprintf(h, sizeof h, "%s%s", lc_tr(p->lang, PEOPLE[q]), lc_tr(p->lang, "cmp_people_gl"));
            xw_el(w, "th", h);
        }
    xw_end(w), xw_end(w);
}

/* One option's row of item i's table: compare.csv's row (option-major). */
static void side_row(W w, const lc_compare_page *p, size_t sc, size_t i, const bool has[NPEOPLE])
{
    const lc_table *t = p->csv;
    size_t row = sc * p->nit + i;
    char a[32], b[32], txt[96], n[48];
    xw_start(w, "tr");
    xw_el(w, "td", p->names[sc]);
    pct(a, sizeof a, cnum(t, row, "share_before")), pct(b, sizeof b, cnum(t, row, "share_after"));
    xw_elf(w, "td", "%s → %s", a, b);
    for (size_t q = 0; q < NPEOPLE; q++)
        if (has[q]) {
            snprintf(n, sizeof n, "%s_share_before", PEOPLE[q]);
            pct(a, sizeof a, cnum(t, row, n));
            snprintf(n, sizeof n, "%s_share_after", PEOPLE[q]);
            pct(b, sizeof b, cnum(t, row, n));
            xw_elf(w, "td", "%s → %s", a, b);
        }
    xw_el(w, "td", cell(t, row, "gaining", txt, sizeof txt));
    xw_el(w, "td", cell(t, row, "losing", txt, sizeof txt));
    for (size_t q = 0; q < NPEOPLE; q++)
        if (has[q]) {
            snprintf(n, sizeof n, "%s_gaining", PEOPLE[q]);
            cell(t, row, n, a, sizeof a);
            snprintf(n, sizeof n, "%s_losing", PEOPLE[q]);
            cell(t, row, n, b, sizeof b);
            xw_elf(w, "td", "%s / %s", a, b);
        }
    xw_end(w);
}

static void side_by_side(W w, const lc_compare_page *p)
{
    bool has[NPEOPLE];
    people_of(p->csv, has);
    char buf[64];
    xw_el(w, "h2", lc_tr(p->lang, "cmp_side"));
    xw_el(w, "p", lc_tr(p->lang, "cmp_side_note"));
    for (size_t i = 0; i < p->nit && p->n; i++) {
        const char *key = cell(p->csv, i, "category", buf, sizeof buf);
        xw_elf(w, "h3", "%s %s%s", lc_tr_cat(p->lang, key), cell(p->csv, i, "tier", buf + 32, 32),
               lc_tr(p->lang, "min"));
        xw_start(w, "table");
        xw_attr(w, "class", "side");
        side_header(w, p, has);
        xw_start(w, "tbody");
        for (size_t sc = 0; sc < p->n; sc++) side_row(w, p, sc, i, has);
        xw_end(w);
        xw_end(w);
    }
}

/* ---- the maps of gains and losses ----------------------------------------------------------- */

/* Options per row of maps: 1, 2 or 3. */
static size_t per_row(size_t n)
{
    return n <= 1 ? 1 : n == 2 || n == 4 ? 2 : 3;
}

static void legend(W w, const lc_compare_page *p, bool points)
{
    lc_legend_item it[5];
    for (size_t c = 0; c < 5; c++) {
        it[c].kind = c == LC_CHG_OTHER ? LC_KEY_OUTLINE : points ? LC_KEY_DOT : LC_KEY_FILL;
        it[c].colour = c == LC_CHG_OTHER ? STROKE[c] : FILL[c];
        snprintf(it[c].label, sizeof it[c].label, "%s", lc_tr(p->lang, WORDS[c]));
    }
    double h = lc_legend_layout(it, 5, 0, 1);
    lc_svg_open(w, "legend", "legend", h);
    lc_legend_draw(w, it, 5, 1);
    xw_end(w);
}

/* Every estate's path data once (the maps differ only in which path an estate goes to):
 * estate r's is all->s[off[r] .. off[r + 1]). */
static void estate_paths(lc_ctx *ctx, const lc_compare_page *p, GEOSGeometry **g,
                         const lc_map_view *v, size_t cols, lc_sbuf *all, size_t *off)
{
    const lc_table *t = p->estates;
    double dot = (t->nrows > 3000 ? 1.5 : 3) * (double)cols; /* as report.html's at its size */
    for (size_t r = 0; r < t->nrows; r++) {
        off[r] = all->n;
        if (!g[r]) continue;
        if (GEOSGeomTypeId_r(ctx->geos, g[r]) == GEOS_POINT) {
            double x, y;
            GEOSGeomGetX_r(ctx->geos, g[r], &x), GEOSGeomGetY_r(ctx->geos, g[r], &y);
            lc_map_dot(v, x, y, dot, all);
        } else {
            lc_map_geom_path(ctx, g[r], v, all);
        }
    }
    off[t->nrows] = all->n;
}

/* One option's map: every estate in its class's path, unchanged ones first. */
static lc_status option_map(W w, const lc_compare_page *p, size_t sc, const lc_sbuf *all,
                            const size_t *off, const lc_map_view *v)
{
    const lc_table *t = p->estates;
    const unsigned char *cls = p->cls + sc * t->nrows;
    lc_sbuf b[5] = {{0}, {0}, {0}, {0}, {0}};
    for (size_t r = 0; r < t->nrows; r++)
        lc_sbuf_put(&b[cls[r] < 5 ? cls[r] : 0], all->s + off[r], off[r + 1] - off[r]);
    bool nomem = false, crowded = t->nrows > 3000; /* outlines would darken a city-wide map */
    xw_start(w, "figure");
    xw_el(w, "figcaption", p->names[sc]);
    lc_svg_open(w, "map", NULL, v->h);
    for (size_t c = 0; c < 5; c++) {
        nomem = nomem || b[c].nomem;
        const char *stroke = crowded && c != LC_CHG_OTHER ? "none" : STROKE[c];
        lc_map_path_el(w, &b[c], FILL[c], stroke, c == LC_CHG_OTHER ? "1.5" : "0.3");
        lc_free(b[c].s);
    }
    lc_map_furniture(w, v);
    xw_end(w);
    xw_end(w);
    return nomem ? LC_ERR_NOMEM : LC_OK;
}

static lc_status maps(lc_ctx *ctx, W w, const lc_compare_page *p)
{
    const lc_table *t = p->estates;
    size_t n = t->nrows, nb = 0;
    GEOSGeometry **g = lc_calloc(n + 1, sizeof *g);
    double *box = lc_malloc((4 * n + 1) * sizeof *box);
    size_t *off = lc_malloc((n + 1) * sizeof *off);
    lc_sbuf all = {0};
    bool points = false;
    lc_status st = g && box && off ? LC_OK : LC_ERR_NOMEM;
    for (size_t r = 0; !st && r < n; r++) {
        if (!t->wkb[r] || !(g[r] = lc_geom_from_wkb(ctx, t->wkb[r], t->wkb_len[r]))) continue;
        double *bx = &box[4 * nb++];
        GEOSGeom_getExtent_r(ctx->geos, g[r], &bx[0], &bx[1], &bx[2], &bx[3]);
        points = points || GEOSGeomTypeId_r(ctx->geos, g[r]) == GEOS_POINT;
    }
    size_t cols = per_row(p->n);
    char css[64];
    xw_el(w, "h2", lc_tr(p->lang, "cmp_maps"));
    if (!st) {
        /* the same frame and scale for every option; each map prints a column's width */
        lc_map_view v = lc_map_view_fit(box, nb, 273.0 / (double)cols, 150);
        estate_paths(ctx, p, g, &v, cols, &all, off);
        if (all.nomem) st = LC_ERR_NOMEM;
        xw_start(w, "div");
        xw_attr(w, "class", "maps");
        snprintf(css, sizeof css, "grid-template-columns:repeat(%zu,1fr)", cols);
        xw_attr(w, "style", css);
        for (size_t sc = 0; !st && sc < p->n; sc++) st = option_map(w, p, sc, &all, off, &v);
        xw_end(w);
        legend(w, p, points);
        xw_el(w, "p", lc_tr(p->lang, "cmp_maps_note"));
    }
    for (size_t r = 0; g && r < n; r++)
        if (g[r]) GEOSGeom_destroy_r(ctx->geos, g[r]);
    lc_free(g);
    lc_free(box);
    lc_free(off);
    lc_free(all.s);
    return st;
}

/* ---- the page ------------------------------------------------------------------------------- */

static const char *CSS =
    "body{font-family:'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',"
    "'WenQuanYi Zen Hei',sans-serif;margin:1.5em auto;max-width:1000px;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}"
    "th,td{border:1px solid #ccc;padding:2px 6px;text-align:left}th{background:#eef}"
    "table.side td{text-align:right;white-space:nowrap}table.side td:first-child{text-align:left}"
    "svg.map{border:1px solid #ccc;background:#fafafa}.note,p{font-size:12px}"
    ".maps{display:grid;gap:8px}figure{margin:0}figcaption{font-weight:bold;font-size:13px}"
    "svg.legend{margin-top:4px}"
    "@page{size:A4 landscape;margin:12mm}"
    "@media print{body{max-width:none;margin:0;font-size:11px}h2{break-before:page}"
    "svg{break-inside:avoid}figure{break-inside:avoid}thead{display:table-header-group}"
    "tr{break-inside:avoid}table{font-size:10px}}";

lc_status lc_compare_html(lc_ctx *ctx, const char *path, const lc_compare_page *p)
{
    W w = xmlNewTextWriterFilename(path, 0);
    if (!w) return lc_fail(ctx, LC_ERR_IO, "%s: cannot create the comparison's page", path);
    char when[64];
    xw_page_open(w, p->lang == LC_LANG_EN, lc_tr(p->lang, "cmp_title"), CSS, when, sizeof when);
    xw_elf(w, "p", "lifecircle %s · %s · %zu %s", LC_VERSION_STRING, when, p->n,
           lc_tr(p->lang, "cmp_n_options"));
    options_table(w, p);
    lc_status st = maps(ctx, w, p);
    side_by_side(w, p);
    xw_end(w); /* body */
    xw_end(w); /* html */
    int rc = xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    if (st) return lc_fail(ctx, st, "out of memory writing the comparison's page");
    if (rc < 0) return lc_fail(ctx, LC_ERR_IO, "%s: write failed", path);
    return LC_OK;
}
