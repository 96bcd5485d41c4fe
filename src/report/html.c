/*
 * html.c — report.html (see html.h). The map is SVG in the page: one <path> per gap class
 * for all estates (simplified to half a pixel, coordinates to 0.1 px; point estates as
 * dots), one for the bundle
 * outlines, circles for facilities and stars for sites; no script anywhere.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cover/priority.h"
#include "charts.h"
#include "equity_html.h"
#include "html.h"
#include "summary.h"
#include "svgmap.h"
#include "xw.h"

#define MAP_W LC_REPORT_W

/* Estate e as path data: its polygon (lc_map_geom_path), or a dot of radius `dot` px for a point
 * estate, so that one path per class still draws them all. */
static void estate_path(lc_ctx *ctx, const lc_estate *e, const lc_map_view *v, double dot, lc_sbuf *b)
{
    if (!e->point) {
        lc_map_geom_path(ctx, e->geom, v, b);
        return;
    }
    lc_map_dot(v, e->minx, e->miny, dot, b);
}

/* The dot radius of point estates: smaller on a crowded map. */
static double estate_dot(const lc_dataset *ds)
{
    return ds->nest > 3000 ? 1.5 : 3;
}

/* The report's map frame: the estates' (the same for every option of a comparison). */
static lc_map_view map_view(const lc_dataset *ds)
{
    size_t n = ds->nest;
    double *box = lc_malloc((4 * n + 1) * sizeof *box);
    for (size_t e = 0; box && e < n; e++) {
        const lc_estate *es = &ds->est[e];
        double *b = &box[4 * e];
        b[0] = es->minx, b[1] = es->miny, b[2] = es->maxx, b[3] = es->maxy;
    }
    lc_map_view v = lc_map_view_fit(box, box ? n : 0, 273, 150);
    lc_free(box);
    return v;
}

lc_status lc_estate_paths_build(lc_ctx *ctx, const lc_dataset *ds, lc_estate_paths *p)
{
    memset(p, 0, sizeof *p);
    p->v = map_view(ds);
    p->off = lc_malloc((ds->nest + 1) * sizeof *p->off);
    for (size_t e = 0; p->off && e < ds->nest; e++) {
        p->off[e] = p->all.n;
        estate_path(ctx, &ds->est[e], &p->v, estate_dot(ds), &p->all);
    }
    if (!p->off || p->all.nomem) {
        lc_estate_paths_clear(p);
        return LC_ERR_NOMEM;
    }
    p->off[ds->nest] = p->all.n;
    p->n = ds->nest;
    return LC_OK;
}

void lc_estate_paths_clear(lc_estate_paths *p)
{
    lc_free(p->all.s);
    lc_free(p->off);
    memset(p, 0, sizeof *p);
}

/* Are the drawn estates `p` those of ds on its frame v? */
static bool paths_fit(const lc_estate_paths *p, const lc_dataset *ds, const lc_map_view *v)
{
    return p && p->n == ds->nest && p->v.minx == v->minx && p->v.maxy == v->maxy &&
           p->v.s == v->s && p->v.h == v->h && p->v.k == v->k;
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

/* Estate e's path data from in->paths (lc_report_html draws them once) into b. */
static void put_estate(const lc_report_in *in, size_t e, lc_sbuf *b)
{
    const lc_estate_paths *p = in->paths;
    lc_sbuf_put(b, p->all.s + p->off[e], p->off[e + 1] - p->off[e]);
}

static void map_estates(W w, const lc_report_in *in, size_t k)
{
    lc_sbuf b[3] = {{0}, {0}, {0}};
    for (size_t e = 0; e < in->ds->nest; e++) put_estate(in, e, &b[gap_class(in->cv, k, e)]);
    bool crowded = in->ds->nest > 3000; /* outlines would darken a city-wide map */
    for (int c = 0; c < 3; c++) {
        lc_map_path_el(w, &b[c], CLASS_FILL[c], crowded ? "none" : "#555555", "0.2");
        lc_free(b[c].s);
    }
}

static void map_bundles(lc_ctx *ctx, W w, const lc_report_in *in, const lc_map_view *v)
{
    if (!in->bundles) return;
    lc_sbuf b = {0};
    for (size_t r = 0; r < in->bundles->nrows; r++) {
        if (!in->bundles->wkb[r]) continue;
        GEOSGeometry *g = lc_geom_from_wkb(ctx, in->bundles->wkb[r], in->bundles->wkb_len[r]);
        if (!g) continue;
        lc_map_geom_path(ctx, g, v, &b);
        GEOSGeom_destroy_r(ctx->geos, g);
    }
    lc_map_path_el(w, &b, "none", "#1f50a0", in->bundles->nrows > 500 ? "0.5" : "1.2");
    lc_free(b.s);
}

/* Facilities as dots per category; on a crowded map only those of the category shown. */
static void map_points(W w, const lc_report_in *in, const lc_map_view *v, size_t shown)
{
    char a[32], c[32];
    bool crowded = in->ds->nfac > 2000;
    for (size_t k = 0; k < in->ds->ncat; k++) {
        if (crowded && k != shown) continue;
        xw_start(w, "g");
        xw_attr(w, "fill", cat_fill(in->ds->cat[k]));
        xw_attr(w, "stroke", "#ffffff");
        xw_attr(w, "stroke-width", "0.5");
        for (size_t j = 0; j < in->ds->nfac; j++) {
            if (in->ds->fac[j].cat != (int)k) continue;
            xw_start(w, "circle");
            snprintf(a, sizeof a, "%.1f", (in->ds->fac[j].x - v->minx) * v->s);
            snprintf(c, sizeof c, "%.1f", (v->maxy - in->ds->fac[j].y) * v->s);
            xw_attr(w, "cx", a);
            xw_attr(w, "cy", c);
            xw_attr(w, "r", crowded ? "1.2" : "2.5");
            xw_end(w);
        }
        xw_end(w);
    }
    if (!in->site) return;
    const lc_siting *st = in->site;
    for (size_t r = 0; r < st->res.n; r++) {
        uint32_t j = st->res.chosen[r];
        double x = (st->cand.xy[2 * j] - v->minx) * v->s, y = (v->maxy - st->cand.xy[2 * j + 1]) * v->s;
        lc_sbuf b = {0};
        for (int i = 0; i < 10; i++) { /* a five-pointed star */
            double ang = -LC_PI / 2 + i * LC_PI / 5, rad = i % 2 ? 3.5 : 8;
            lc_sbuf_add(&b, "%c%.1f %.1f", i ? 'L' : 'M', x + rad * cos(ang), y + rad * sin(ang));
        }
        lc_sbuf_add(&b, "Z");
        lc_map_path_el(w, &b, "#ffd700", "#780000", "0.8");
        lc_free(b.s);
        char rank[24];
        snprintf(rank, sizeof rank, "%zu", r + 1);
        snprintf(a, sizeof a, "%.1f", x + 9);
        snprintf(c, sizeof c, "%.1f", y + 4);
        xw_start(w, "text");
        xw_attr(w, "x", a);
        xw_attr(w, "y", c);
        xw_attr(w, "class", "rank");
        xw_text(w, rank);
        xw_end(w);
    }
}

/* The maps' frame on the estates (lc_map_view_fit: a stray polygon does not shrink the
 * district to a dot); estates not wholly inside are listed under the overview map
 * (map_outside). Printed, the map is 273 mm wide at most (A4 landscape) and 150 mm high with
 * its legend (print CSS). */

/* Estate e lies wholly inside the frame of v. */
static bool in_frame(const lc_map_view *v, const lc_estate *e)
{
    return e->minx >= v->minx && e->maxy <= v->maxy && (e->maxx - v->minx) * v->s <= MAP_W &&
           (v->maxy - e->miny) * v->s <= v->h;
}

/* Under the overview map: how many estates the frame leaves (partly) outside, and their ids
 * (the first 20). */
static void map_outside(W w, const lc_report_in *in, const lc_map_view *v)
{
    size_t n = 0;
    for (size_t e = 0; e < in->ds->nest; e++) n += !in_frame(v, &in->ds->est[e]);
    if (!n) return;
    bool en = in->lang == LC_LANG_EN;
    char head[160];
    snprintf(head, sizeof head, en ? "%zu estates lie outside the map frame (wholly or in part): "
                                   : "%zu 个小区在地图范围之外（全部或部分）：", n);
    xw_start(w, "p");
    xw_attr(w, "class", "note");
    xw_attr(w, "id", "outside");
    xw_text(w, head);
    size_t shown = 0;
    for (size_t e = 0; e < in->ds->nest && shown < 20; e++) {
        if (in_frame(v, &in->ds->est[e])) continue;
        if (shown++) xw_text(w, en ? ", " : "、");
        xw_text(w, in->ds->est[e].id);
    }
    if (n > shown) xw_text(w, en ? ", …" : "……");
    xw_end(w);
}

/* The map's <svg>, `legend_h` taller than the map for the legend drawn under it. */
static void svg_start(W w, const lc_map_view *v, double legend_h)
{
    lc_svg_open(w, "map", NULL, v->h + legend_h);
}

static void key(lc_legend_item *it, lc_key_kind kind, const char *colour, const char *fmt,
                const char *a, const char *b)
{
    it->kind = kind, it->colour = colour;
    snprintf(it->label, sizeof it->label, fmt, a, b);
}

/* Items of a map's legend at most (categories beyond it are drawn but not keyed). */
#define LEGEND_MAX 16

/* The overview map's legend: the gap classes of the category shown, bundles, facilities per
 * category drawn, suggested sites. Returns the number of items. */
static size_t overview_legend(const lc_report_in *in, size_t k, lc_legend_item *it)
{
    const lc_dataset *ds = in->ds;
    static const char *const words[] = {"covered5", "covered10", "gap10"};
    size_t n = 0;
    lc_key_kind est = ds->points ? LC_KEY_DOT : LC_KEY_FILL;
    for (int c = 0; c < 3; c++)
        key(&it[n++], est, CLASS_FILL[c],
            c || !ds->ncat ? "%s%s" : in->lang == LC_LANG_EN ? "%s %s" : "%s%s",
            c || !ds->ncat ? "" : lc_tr_cat(in->lang, ds->cat[k]), lc_tr(in->lang, words[c]));
    if (in->bundles) key(&it[n++], LC_KEY_OUTLINE, "#1f50a0", "%s%s", lc_tr(in->lang, "bundles"), "");
    for (size_t c = 0; c < ds->ncat && n < LEGEND_MAX - 1; c++)
        if (ds->nfac <= 2000 || c == k)
            key(&it[n++], LC_KEY_DOT, cat_fill(ds->cat[c]), "%s%s", lc_tr_cat(in->lang, ds->cat[c]),
                in->lang == LC_LANG_EN ? " facility" : "设施");
    if (in->site) key(&it[n++], LC_KEY_STAR, "#ffd700", "%s%s", lc_tr(in->lang, "sites"), "");
    return n;
}

/* Rows of the bundle table at most: a country's 53k bundles are a layer to filter in QGIS,
 * not a list to read (the rest are said to be left out). */
#define REPORT_MAX_BUNDLES 1000

/* What a big run's report (or its outputs) leave out, said on the first page (under the map
 * it would push the map's notes onto a page of their own). */
static void left_out(W w, const lc_report_in *in)
{
    bool outlines = in->ds->nest > 3000, dots = in->ds->nfac > 2000 && in->ds->ncat > 1;
    size_t nb = in->bundles ? in->bundles->nrows : 0;
    if (!outlines && !dots && !in->no_service_areas && nb <= REPORT_MAX_BUNDLES) return;
    xw_start(w, "div");
    xw_attr(w, "class", "note");
    xw_attr(w, "id", "left-out");
    xw_text(w, lc_tr(in->lang, "left_out"));
    xw_start(w, "ul");
    if (outlines) xw_el(w, "li", lc_tr(in->lang, "no_outlines"));
    if (dots) xw_el(w, "li", lc_tr(in->lang, "one_cat_dots"));
    if (in->no_service_areas) xw_el(w, "li", lc_tr(in->lang, "no_service_areas"));
    if (nb > REPORT_MAX_BUNDLES)
        xw_elf(w, "li", in->lang == LC_LANG_EN ? "the bundle table lists the first %d of %zu bundles "
                                              "(all are in the bundles layer)"
                                            : "打包片区表只列出前 %d 个（共 %zu 个，全部见 bundles 图层）",
            REPORT_MAX_BUNDLES, nb);
    xw_end(w);
    xw_end(w);
}

static void map_section(lc_ctx *ctx, W w, const lc_report_in *in)
{
    const lc_dataset *ds = in->ds;
    lc_map_view v = in->paths->v; /* the report's frame */
    size_t k = default_cat(ds);
    xw_el(w, "h2", lc_tr(in->lang, "overview"));
    char buf[64];
    lc_legend_item keys[LEGEND_MAX];
    size_t nk = overview_legend(in, k, keys);
    svg_start(w, &v, lc_legend_layout(keys, nk, v.h, v.k));
    map_estates(w, in, k);
    map_bundles(ctx, w, in, &v);
    map_points(w, in, &v, k);
    lc_map_furniture(w, &v);
    lc_legend_draw(w, keys, nk, v.k);
    xw_end(w);
    xw_start(w, "p");
    xw_attr(w, "class", "note");
    snprintf(buf, sizeof buf, " (%zu; %.1f m)", ds->nest, 0.5 / v.s);
    xw_text(w, lc_tr(in->lang, "line_note"));
    xw_text(w, " ");
    if (ds->points) xw_text(w, lc_tr(in->lang, "points_note")), xw_text(w, " ");
    xw_text(w, lc_tr(in->lang, "size_note"));
    xw_text(w, buf);
    xw_end(w);
    map_outside(w, in, &v);
}

/* ---- tables ------------------------------------------------------------------------------ */

static void row_start(W w) { xw_start(w, "tr"); }
/* A table's header row, in a thead: printed at the top of every page the table runs over. */
static void head_start(W w) { xw_start(w, "thead"), xw_start(w, "tr"); }
static void head_end(W w) { xw_end(w), xw_end(w); }
static void th(W w, const char *v) { xw_el(w, "th", v); }
static void td(W w, const char *v) { xw_el(w, "td", v ? v : ""); }


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

static void access_map(W w, const lc_report_in *in, const lc_access_cat *c)
{
    const lc_dataset *ds = in->ds;
    lc_map_view v = in->paths->v; /* the report's frame */
    lc_sbuf b[4] = {{0}, {0}, {0}, {0}};
    for (size_t e = 0; e < ds->nest; e++) put_estate(in, e, &b[places_class(c, ds->nest, e)]);
    static const char *const words[] = {"places_ok", "places_half", "places_low", "places_none"};
    lc_legend_item keys[5];
    char norm[64];
    snprintf(norm, sizeof norm, "%s %g", lc_tr(in->lang, "norm"), c->norm);
    lc_key_kind est = ds->points ? LC_KEY_DOT : LC_KEY_FILL;
    key(&keys[0], est, PLACES_FILL[0], "%s: %s", lc_tr_cat(in->lang, ds->cat[c->cat]),
        lc_tr(in->lang, words[0]));
    for (int i = 1; i < 4; i++) key(&keys[i], est, PLACES_FILL[i], "%s%s", lc_tr(in->lang, words[i]), "");
    key(&keys[4], LC_KEY_TEXT, NULL, "(%s)%s", norm, "");
    size_t nk = isnan(c->norm) ? 4 : 5;
    svg_start(w, &v, lc_legend_layout(keys, nk, v.h, v.k));
    for (int i = 0; i < 4; i++) {
        lc_map_path_el(w, &b[i], PLACES_FILL[i], ds->nest > 3000 ? "none" : "#555555", "0.2");
        lc_free(b[i].s);
    }
    lc_map_furniture(w, &v);
    lc_legend_draw(w, keys, nk, v.k);
    xw_end(w);
}

/* Per category with places: facilities, places, demand, places per 1,000 within 5 and 10
 * minutes, the norm, estates under it and the places short within 10 minutes. */
static void access_section(W w, const lc_report_in *in)
{
    if (!in->ac || !in->ac->ncat) return;
    const lc_dataset *ds = in->ds;
    xw_start(w, "section");
    xw_attr(w, "id", "access");
    xw_el(w, "h2", lc_tr(in->lang, "access"));
    xw_el(w, "p", lc_tr(in->lang, in->ac->gauss ? "access_note_gauss" : "access_note"));
    xw_start(w, "table");
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
        xw_end(w);
    }
    xw_end(w);
    const lc_access_cat *shown = access_shown(in);
    if (shown) access_map(w, in, shown);
    xw_end(w);
}

/* Rows of the priority list. */
#define REPORT_PRIORITIES 20

/* What estate e lacks, in words: per category its widest tier without a facility and the
 * people concerned, 「养老 10 分钟内无设施（186 名老年人）」 / "elder care within 10 min (186 elderly)". */
static void lacks_words(const lc_report_in *in, const bool *known, size_t e, char *buf, size_t cap)
{
    const lc_cover *cv = in->cv;
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < cv->ncat; k++) {
        int tier = -1;
        for (size_t t = 0; t < cv->ntiers; t++)
            if (cv->g[LC_COV_IDX(cv, k, t, e)]) tier = (int)t;
        if (tier < 0) continue;
        const char *key = in->ds->cat[k], *role = lc_priority_role(in->access, key);
        double d = lc_priority_demand(in->access, &in->ds->est[e], key);
        bool en = in->lang == LC_LANG_EN;
        const char *who = !strcmp(role, "elderly") ? (en ? "elderly" : "名老年人")
                        : !strcmp(role, "children") ? (en ? "children" : "名儿童")
                                                    : (en ? "residents" : "名居民");
        char people[64] = "";
        if (known[k]) snprintf(people, sizeof people, en ? " (%.0f %s)" : "（%.0f %s）", d, who);
        int w = en ? snprintf(buf + at, cap - at, "%s%s within %d min%s", at ? "; " : "",
                              lc_tr_cat(in->lang, key), cv->tier_minutes[tier], people)
                   : snprintf(buf + at, cap - at, "%s%s %d 分钟内无设施%s", at ? "；" : "",
                              lc_tr_cat(in->lang, key), cv->tier_minutes[tier], people);
        if (w < 0 || (size_t)w >= cap - at) return;
        at += (size_t)w;
    }
}

static void priority_row(W w, const lc_report_in *in, const bool *known, size_t rank, size_t ei,
                         double score)
{
    const lc_dataset *ds = in->ds;
    const lc_estate *e = &ds->est[ei];
    long nc = lc_table_field_index(ds->est_src->table, ds->field[LC_ROLE_NAME]);
    char buf[2048], name[256] = "";
    if (nc >= 0) lc_value_text(&ds->est_src->table->fields[nc].col[e->row], name, sizeof name);
    row_start(w);
    xw_attr(w, "class", "priority");
    xw_elf(w, "td", "%zu", rank);
    xw_elf(w, "td", "%s%s%s", e->id, name[0] ? " " : "", name);
    td(w, e->district);
    if (isnan(e->build_year)) td(w, "");
    else xw_elf(w, "td", "%.0f", e->build_year);
    xw_elf(w, "td", "%.0f", score);
    lacks_words(in, known, ei, buf, sizeof buf);
    td(w, buf);
    xw_end(w);
}

/* How the list is scored, and which categories count gaps instead of people. */
static void priority_note(W w, const lc_report_in *in, const bool *known)
{
    bool en = in->lang == LC_LANG_EN;
    xw_start(w, "p");
    xw_attr(w, "class", "note");
    xw_attr(w, "id", "priority-note");
    xw_text(w, lc_tr(in->lang, "priority_note"));
    size_t unknown = 0;
    for (size_t k = 0; k < in->cv->ncat; k++) {
        if (known[k]) continue;
        xw_text(w, unknown++ ? (en ? ", " : "、") : lc_tr(in->lang, "priority_unknown"));
        xw_text(w, lc_tr_cat(in->lang, in->ds->cat[k]));
    }
    if (unknown) xw_text(w, en ? "." : "。");
    xw_end(w);
}

/* The estates to renovate first (the priority field's order; user guide, Renovation priority):
 * the first REPORT_PRIORITIES with a score. */
static lc_status priority_table(W w, const lc_report_in *in)
{
    const lc_dataset *ds = in->ds;
    size_t nc = in->cv->ncat;
    if (!ds->nest || !nc) return LC_OK;
    double *score = lc_malloc((ds->nest + 1) * sizeof *score);
    size_t *order = lc_malloc((ds->nest + 1) * sizeof *order);
    bool *known = lc_malloc(nc * sizeof *known);
    lc_status st = score && order && known ? LC_OK : LC_ERR_NOMEM;
    if (!st) lc_priority_scores(in->access, ds, in->cv, score);
    if (!st) st = lc_priority_order(ds, score, order);
    for (size_t k = 0; !st && k < nc; k++) known[k] = lc_priority_known(in->access, ds, ds->cat[k]);
    if (!st) {
        xw_el(w, "h2", lc_tr(in->lang, "priorities"));
        priority_note(w, in, known);
        xw_start(w, "table");
        xw_attr(w, "id", "priorities");
        static const char *const cols[] = {"rank", "estate", "district", "build_year", "priority", "why"};
        head_start(w);
        for (size_t c = 0; c < 6; c++) th(w, lc_tr(in->lang, cols[c]));
        head_end(w);
        size_t shown = 0;
        for (size_t i = 0; i < ds->nest && shown < REPORT_PRIORITIES; i++)
            if (score[order[i]] > 0) priority_row(w, in, known, ++shown, order[i], score[order[i]]);
        xw_end(w);
        if (!shown) xw_el(w, "p", lc_tr(in->lang, "priority_none"));
    }
    lc_free(score), lc_free(order), lc_free(known);
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

static void district_line(W w, const lc_report_in *in, const char *name, const lc_district_row *r)
{
    char buf[64];
    row_start(w);
    xw_attr(w, "class", "district");
    td(w, name[0] ? name : "(none)");
    snprintf(buf, sizeof buf, "%zu", r->n), td(w, buf);
    snprintf(buf, sizeof buf, "%.0f", r->hh), td(w, buf);
    for (size_t k = 0; k < in->ds->ncat; k++) {
        snprintf(buf, sizeof buf, "%.1f %%", r->n ? 100.0 * (double)r->cov[2 * k] / (double)r->n : 0);
        td(w, buf);
        snprintf(buf, sizeof buf, "%zu", r->cov[2 * k + 1]), td(w, buf);
    }
    xw_end(w);
}

static lc_status district_table(W w, const lc_report_in *in)
{
    const lc_dataset *ds = in->ds;
    const lc_cover *cv = in->cv;
    size_t nd = 0;
    char **d = lc_summary_districts(ds, &nd);
    lc_district_row *rows = lc_calloc(nd + 1, sizeof *rows);
    size_t *cov = lc_calloc(nd * 2 * ds->ncat + 1, sizeof *cov);
    if (!d || !rows || !cov) {
        lc_free(d), lc_free(rows), lc_free(cov);
        return LC_ERR_NOMEM;
    }
    for (size_t i = 0; i < nd; i++) rows[i].cov = cov + i * 2 * ds->ncat;
    for (size_t e = 0; e < ds->nest; e++) {
        char *key = ds->est[e].district;
        lc_district_row *r = &rows[(char **)bsearch(&key, d, nd, sizeof *d, lc_cmp_strp) - d];
        r->n++, r->hh += isnan(ds->est[e].households) ? 0 : ds->est[e].households;
        for (size_t k = 0; k < ds->ncat && cv->ntiers >= 2; k++) {
            r->cov[2 * k] += !cv->g[LC_COV_IDX(cv, k, 0, e)];
            r->cov[2 * k + 1] += cv->g[LC_COV_IDX(cv, k, 1, e)];
        }
    }
    xw_el(w, "h2", lc_tr(in->lang, "coverage"));
    xw_start(w, "table");
    xw_attr(w, "id", "districts");
    district_header(w, in);
    for (size_t i = 0; i < nd; i++) district_line(w, in, d[i], &rows[i]);
    xw_end(w);
    lc_chart_coverage(w, in, d, nd, rows);
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
            lc_cover_field_name(name, sizeof name, in->ds->cat[k], 'g', cv->tier_minutes[tt]);
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
    xw_el(w, "h2", lc_tr(in->lang, "bundles"));
    const lc_bsolution *q = &in->bl->sol;
    if (in->lang == LC_LANG_EN)
        xw_elf(w, "p", "%zu bundles reach the floor (%g); at most %zu could reach it%s", q->reaching,
            in->bl->min_size, q->bound, q->optimal ? " (optimal)" : "");
    else
        xw_elf(w, "p", "%zu 个打包片区达到规模下限（%g）；最多可能 %zu 个%s", q->reaching,
            in->bl->min_size, q->bound, q->optimal ? "（已达最优）" : "");
    xw_start(w, "table");
    xw_attr(w, "id", "bundles");
    static const char *const cols[] = {"bundle", "n_estates", "households", "district", "gaps", "members"};
    head_start(w);
    for (size_t c = 0; c < 6; c++) th(w, lc_tr(in->lang, cols[c]));
    head_end(w);
    char buf[4096];
    size_t shown = t->nrows < REPORT_MAX_BUNDLES ? t->nrows : REPORT_MAX_BUNDLES;
    for (size_t r = 0; r < shown; r++) {
        row_start(w);
        xw_attr(w, "class", "bundle");
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
        xw_end(w);
    }
    xw_end(w);
    lc_chart_bundle_sizes(w, in);
}

/* How good the sites are (lc_site_quality's words, in the report's language). */
static void site_quality_words(lc_lang lang, const lc_site_result *r, char *buf, size_t cap)
{
    if (lang == LC_LANG_EN) lc_site_quality(r, buf, cap);
    else if (r->optimal) snprintf(buf, cap, "精确求解（CBC）：已证明为最优");
    else if (r->exact)
        snprintf(buf, cap, "精确求解（CBC）在时间上限处停止：与最优解相差不超过 %.1f %%（界 %.6g）",
                 100 * r->gap, r->bound);
    else if (!isnan(r->gap))
        snprintf(buf, cap, "启发式（贪心加交换；精确求解在时间上限内未找到更好的选址）："
                 "与最优解相差不超过 %.1f %%（界 %.6g）", 100 * r->gap, r->bound);
    else snprintf(buf, cap, "启发式（贪心加交换）：无法给出与最优解的差距");
}

static void site_table(W w, const lc_report_in *in)
{
    const lc_siting *st = in->site;
    if (!st) return;
    xw_el(w, "h2", lc_tr(in->lang, "sites"));
    bool en = in->lang == LC_LANG_EN;
    const char *who = lc_tr(in->lang, st->weight_field);
    xw_elf(w, "p", en ? "%s within %d min: %s covered %.0f → %.0f of %.0f"
                      : "%s %d 分钟：覆盖的%s %.0f → %.0f（全部 %.0f）",
           lc_tr_cat(in->lang, st->category), st->tier, who, st->before_w,
           st->before_w + st->res.covered, st->total_w);
    char quality[256];
    site_quality_words(in->lang, &st->res, quality, sizeof quality);
    xw_start(w, "p");
    xw_attr(w, "id", "site-quality");
    xw_text(w, quality);
    xw_end(w);
    xw_start(w, "table");
    xw_attr(w, "id", "sites");
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
        xw_attr(w, "class", "site");
        snprintf(buf, sizeof buf, "%zu", r + 1), td(w, buf);
        td(w, st->cand.id[st->res.chosen[r]]);
        snprintf(buf, sizeof buf, "%.0f", st->res.gain[r]), td(w, buf);
        snprintf(buf, sizeof buf, "%.0f", cum), td(w, buf);
        snprintf(buf, sizeof buf, "%.1f %%", st->total_w > 0 ? 100 * cum / st->total_w : 0), td(w, buf);
        snprintf(buf, sizeof buf, "%zu", n), td(w, buf);
        xw_end(w);
    }
    xw_end(w);
    lc_chart_site_gains(w, in);
}

/* The first page: the run's figures in sentences, for whoever reads only that page. */
static void key_figures(W w, const lc_report_in *in)
{
    const lc_dataset *ds = in->ds;
    const lc_cover *cv = in->cv;
    bool en = in->lang == LC_LANG_EN;
    size_t old = 0;
    for (size_t e = 0; e < ds->nest; e++) old += ds->est[e].build_year < 2000;
    xw_el(w, "h3", lc_tr(in->lang, "key_figures"));
    xw_start(w, "ul");
    xw_attr(w, "id", "key-figures");
    xw_elf(w, "li", en ? "%zu estates (%zu built before 2000); %zu facilities in %zu categories"
                       : "小区 %zu 个（其中 2000 年前建成 %zu 个）；设施 %zu 个，共 %zu 类",
           ds->nest, old, ds->nfac, ds->ncat);
    for (size_t k = 0; k < ds->ncat && cv->ntiers >= 2; k++) {
        size_t in5 = 0, gap10 = 0;
        for (size_t e = 0; e < ds->nest; e++)
            in5 += !cv->g[LC_COV_IDX(cv, k, 0, e)], gap10 += cv->g[LC_COV_IDX(cv, k, 1, e)];
        double pc = ds->nest ? 100.0 * (double)in5 / (double)ds->nest : 0;
        xw_elf(w, "li", en ? "%s: %.0f %% of estates reach one within 5 min; %zu have none within 10 min"
                           : "%s：%.0f %% 的小区 5 分钟内可达；%zu 个小区 10 分钟内没有",
               lc_tr_cat(in->lang, ds->cat[k]), pc, gap10);
    }
    if (in->bl)
        xw_elf(w, "li", en ? "%zu renovation bundles, %zu of them reach the floor of %g"
                           : "改造片区 %zu 个，其中 %zu 个达到规模下限 %g",
               in->bl->nb, in->bl->sol.reaching, in->bl->min_size);
    const lc_siting *st = in->site;
    if (st && en)
        xw_elf(w, "li", "%zu new %s sites: %s covered within %d min from %.0f to %.0f of %.0f",
               st->res.n, lc_tr_cat(in->lang, st->category), lc_tr(in->lang, st->weight_field),
               st->tier, st->before_w, st->before_w + st->res.covered, st->total_w);
    else if (st)
        xw_elf(w, "li", "建议新增%s %zu 处：%d 分钟内覆盖的%s由 %.0f 增至 %.0f（共 %.0f）",
               lc_tr_cat(in->lang, st->category), st->res.n, st->tier,
               lc_tr(in->lang, st->weight_field), st->before_w, st->before_w + st->res.covered,
               st->total_w);
    xw_end(w);
}

/* The parameters' rows, in two tables side by side (a printed page holds them): `n` rows
 * with a value, the second table starting after `half`. */
typedef struct {
    W w;
    const lc_report_in *in;
    size_t n, half;
} param_rows;

static void param_table_start(const param_rows *p)
{
    xw_start(p->w, "table");
    head_start(p->w);
    th(p->w, lc_tr(p->in->lang, "setting")), th(p->w, lc_tr(p->in->lang, "value"));
    th(p->w, lc_tr(p->in->lang, "source"));
    head_end(p->w);
}

static lc_status param_count(const char *key, const char *value, lc_source source, void *ud)
{
    (void)key, (void)source;
    ((param_rows *)ud)->n += value != NULL;
    return LC_OK;
}

static lc_status param_row(const char *key, const char *value, lc_source source, void *ud)
{
    param_rows *p = ud;
    if (!value) return LC_OK;
    if (p->n++ == p->half) xw_end(p->w), param_table_start(p);
    row_start(p->w);
    xw_attr(p->w, "class", "param");
    td(p->w, key), td(p->w, value), td(p->w, lc_source_name(source));
    xw_end(p->w);
    return LC_OK;
}

static void params_table(W w, const lc_report_in *in)
{
    xw_el(w, "h2", lc_tr(in->lang, "inputs"));
    param_rows p = {w, in, 0, 0};
    lc_options_each_param(in->opts, param_count, &p);
    p.half = (p.n + 1) / 2, p.n = 0;
    xw_start(w, "div");
    xw_attr(w, "id", "parameters");
    param_table_start(&p);
    lc_options_each_param(in->opts, param_row, &p);
    xw_end(w);
    xw_end(w);
}

static const char *CSS =
    "body{font-family:'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',"
    "'WenQuanYi Zen Hei',sans-serif;margin:1.5em auto;max-width:1000px;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}"
    "th,td{border:1px solid #ccc;padding:2px 6px;text-align:left}th{background:#eef}"
    "svg{border:1px solid #ccc;background:#fafafa}.sw{display:inline-block;width:12px;"
    "height:12px;margin-left:8px}.note{color:#666;font-size:12px}"
    ".rank{font-size:11px;font-weight:bold;fill:#780000}"
    /* print: A4 landscape, each section from a new page, a map with its notes on one page
     * (150 of the page's 186 mm), header rows repeated (thead), rows and charts not split */
    "@page{size:A4 landscape;margin:12mm}"
    "@media print{body{max-width:none;margin:0;font-size:11px}h2{break-before:page}"
    "svg{width:auto;max-width:100%;break-inside:avoid}svg.map{max-height:150mm}"
    "svg.chart{max-height:175mm}thead{display:table-header-group}tr{break-inside:avoid}"
    "table{font-size:10px}}"
    "#parameters{display:flex;gap:1em;align-items:flex-start}#parameters td{word-break:break-word}"
    /* the Lorenz panels two to a row, on paper too (an id outranks print's svg{width:auto}) */
    "#lorenz-chart{display:flex;flex-wrap:wrap;gap:2%}#lorenz-chart svg{width:48%;max-width:48%}";

lc_status lc_report_html(lc_ctx *ctx, const char *path, const lc_report_in *given)
{
    /* the estates drawn once for both maps, or taken as the caller drew them */
    lc_report_in copy = *given, *in = &copy;
    lc_estate_paths own = {0};
    lc_map_view v = map_view(in->ds);
    if (!paths_fit(in->paths, in->ds, &v)) {
        if (lc_estate_paths_build(ctx, in->ds, &own))
            return lc_fail(ctx, LC_ERR_NOMEM, "out of memory writing the report");
        in->paths = &own;
    }
    W w = xmlNewTextWriterFilename(path, 0);
    if (!w) {
        lc_estate_paths_clear(&own);
        return lc_fail(ctx, LC_ERR_IO, "%s: cannot create the report", path);
    }
    char when[64];
    xw_page_open(w, in->lang == LC_LANG_EN, lc_tr(in->lang, "title"), CSS, when, sizeof when);
    xw_elf(w, "p", "lifecircle %s · %s · %s · %s", LC_VERSION_STRING, when, in->ds->work_name,
        lc_tr(in->lang, in->walking ? "walk" : "line"));
    key_figures(w, in);
    left_out(w, in);
    map_section(ctx, w, in);
    lc_status st = district_table(w, in);
    if (!st) st = priority_table(w, in);
    if (!st) access_section(w, in);
    if (!st) st = lc_report_equity(w, in);
    if (!st) bundle_table(w, in);
    if (!st) site_table(w, in);
    if (!st) params_table(w, in);
    xw_end(w); /* body */
    xw_end(w); /* html */
    int rc = xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    lc_estate_paths_clear(&own);
    if (st) return lc_fail(ctx, st, "out of memory writing the report");
    if (rc < 0) return lc_fail(ctx, LC_ERR_IO, "%s: write failed", path);
    return LC_OK;
}
