/*
 * equity_html.c — the report's equity section (see equity_html.h). The worst-served list and
 * the gap list name estates by name, the id only where there is none.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "equity_html.h"
#include "gaps.h"

/* Rows of the worst-served list per category, and of the gap list in all. */
#define WORST_ROWS 10
#define GAP_ROWS 200
/* Estates named per row of the gap list. */
#define GAP_NAMES 8

static void th(W w, const char *v) { xw_el(w, "th", v); }
static void td(W w, const char *v) { xw_el(w, "td", v ? v : ""); }

static void head(W w, const lc_lang lang, const char *const *keys, size_t n)
{
    xw_start(w, "thead"), xw_start(w, "tr");
    for (size_t i = 0; i < n; i++) th(w, lc_tr(lang, keys[i]));
    xw_end(w), xw_end(w);
}

/* The tier the lists use: 10 minutes (the second), or the only one. */
static size_t list_tier(const lc_cover *cv)
{
    return cv->ntiers > 1 ? 1 : 0;
}

/* ---- Gini and Palma -------------------------------------------------------------------- */

static void measures_table(W w, const lc_report_in *in)
{
    const lc_equity *eq = in->eq;
    const lc_cover *cv = in->cv;
    bool en = in->lang == LC_LANG_EN, palma_none = false, nobody = false;
    xw_start(w, "table");
    xw_attr(w, "id", "equity");
    xw_start(w, "thead"), xw_start(w, "tr");
    th(w, lc_tr(in->lang, "category")), th(w, lc_tr(in->lang, "measured_on"));
    th(w, lc_tr(in->lang, "counted"));
    for (size_t t = 0; t < cv->ntiers; t++)
        xw_elf(w, "th", en ? "Gini, %d min" : "%d分钟基尼系数", cv->tier_minutes[t]);
    for (size_t t = 0; t < cv->ntiers; t++)
        xw_elf(w, "th", en ? "Palma, %d min" : "%d分钟帕尔玛比值", cv->tier_minutes[t]);
    xw_end(w), xw_end(w);
    for (size_t k = 0; k < eq->ncat; k++) {
        const lc_equity_cat *c = &eq->cat[k];
        xw_start(w, "tr");
        td(w, lc_tr_cat(in->lang, in->ds->cat[c->cat]));
        xw_elf(w, "td", "%s (%s)", lc_tr(in->lang, c->places ? "of_places" : "of_share"), c->role);
        xw_elf(w, "td", "%zu", c->counted);
        for (size_t t = 0; t < cv->ntiers; t++) {
            if (isnan(c->gini[t])) td(w, "–");
            else xw_elf(w, "td", "%.3f", c->gini[t]);
        }
        nobody |= !c->counted;
        for (size_t t = 0; t < cv->ntiers; t++) {
            if (isnan(c->palma[t])) td(w, "–"), palma_none |= c->counted > 0;
            else xw_elf(w, "td", "%.2f", c->palma[t]);
        }
        xw_end(w);
    }
    xw_end(w);
    if (nobody) {
        xw_start(w, "p");
        xw_attr(w, "class", "note");
        xw_attr(w, "id", "equity-nobody");
        xw_text(w, lc_tr(in->lang, "equity_nobody"));
        xw_end(w);
    }
    if (palma_none) {
        xw_start(w, "p");
        xw_attr(w, "class", "note");
        xw_attr(w, "id", "palma-none");
        xw_text(w, lc_tr(in->lang, "palma_none"));
        xw_end(w);
    }
}

/* ---- the estates served worst ---------------------------------------------------------- */

typedef struct {
    double a, shortfall, people;
    const char *id;
    size_t e;
} worst_key;

/* Least access first; ties: the largest shortfall against the norm, the most people, the id. */
static int by_worst(const void *pa, const void *pb)
{
    const worst_key *a = pa, *b = pb;
    if (a->a != b->a) return a->a < b->a ? -1 : 1;
    if (a->shortfall != b->shortfall) return a->shortfall > b->shortfall ? -1 : 1;
    if (a->people != b->people) return a->people > b->people ? -1 : 1;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->e > b->e) - (a->e < b->e);
}

static int by_value(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The places of a new site of category c: capacity.<key>, else the median of its facilities'
 * places; NAN when neither is known. */
static double site_places(const lc_report_in *in, const lc_access_cat *ac)
{
    const char *v = in->access ? lc_settings_percat(in->access, "capacity", in->ds->cat[ac->cat]) : NULL;
    double s = NAN;
    if (v && lc_parse_double(v, &s) && s > 0) return s;
    double *p = lc_malloc((ac->nfac + 1) * sizeof *p);
    size_t n = 0;
    for (size_t i = 0; p && i < ac->nfac; i++)
        if (!isnan(ac->places[i])) p[n++] = ac->places[i];
    if (n) qsort(p, n, sizeof *p, by_value);
    s = n ? (n % 2 ? p[n / 2] : (p[n / 2 - 1] + p[n / 2]) / 2) : NAN;
    lc_free(p);
    return s;
}

static void worst_row(W w, const lc_report_in *in, const lc_equity_cat *c, const worst_key *k,
                      double site)
{
    char name[256];
    bool en = in->lang == LC_LANG_EN;
    xw_start(w, "tr");
    xw_attr(w, "class", "worst");
    td(w, lc_tr_cat(in->lang, in->ds->cat[c->cat]));
    td(w, lc_estate_label(in->ds, k->e, name, sizeof name));
    td(w, in->ds->est[k->e].district);
    if (k->people >= 0) xw_elf(w, "td", "%.0f", k->people);
    else td(w, "–");
    if (c->places) {
        xw_elf(w, "td", en ? "%.1f per 1,000" : "每千人 %.1f", k->a);
        if (c->ac->shortfall) xw_elf(w, "td", "%.1f", k->shortfall);
        else td(w, "–");
        if (isnan(site)) td(w, "–");
        else xw_elf(w, "td", en ? "up to +%.1f per 1,000 (%.0f places)" : "每千人最多 +%.1f（%.0f 个名额）",
                    1000 * site / k->people, site);
    } else {
        xw_elf(w, "td", en ? "none within %d min" : "%d 分钟内无设施",
               in->cv->tier_minutes[list_tier(in->cv)]);
        td(w, "–");
        if (k->people >= 0) xw_elf(w, "td", en ? "covers %.0f people" : "新覆盖 %.0f 人", k->people);
        else td(w, lc_tr(in->lang, "covers_it"));
    }
    xw_end(w);
}

/* Category c's worst-served estates at the list's tier: every counted estate ranked with
 * places; without, those without the service only (the others all have the same 1). */
static lc_status worst_rows(W w, const lc_report_in *in, const lc_equity_cat *c, size_t *shown)
{
    size_t ne = in->eq->nest, t = list_tier(in->cv), n = 0;
    worst_key *k = lc_malloc((ne + 1) * sizeof *k);
    if (!k) return LC_ERR_NOMEM;
    for (size_t e = 0; e < ne; e++) {
        double a = c->a[t * ne + e];
        /* without places every estate with a gap is listed, its people known or not (-1:
         * unknown, last among equals), so that data without counts still names them */
        if (c->places ? !(c->w[e] > 0) : a > 0) continue;
        double p = c->w[e] > 0 ? c->w[e] : -1;
        double s = c->places ? (c->ac->shortfall ? c->ac->shortfall[t * ne + e] : 0) : p;
        k[n++] = (worst_key){a, s, p, in->ds->est[e].id, e};
    }
    qsort(k, n, sizeof *k, by_worst);
    double site = c->places ? site_places(in, c->ac) : NAN;
    for (size_t i = 0; i < n && i < WORST_ROWS; i++) worst_row(w, in, c, &k[i], site);
    *shown += n < WORST_ROWS ? n : WORST_ROWS;
    lc_free(k);
    return LC_OK;
}

static lc_status worst_table(W w, const lc_report_in *in)
{
    xw_el(w, "h3", lc_tr(in->lang, "worst_served"));
    xw_start(w, "p");
    xw_attr(w, "class", "note");
    xw_text(w, lc_tr(in->lang, "worst_note"));
    xw_end(w);
    xw_start(w, "table");
    xw_attr(w, "id", "worst-served");
    static const char *const cols[] = {"category", "estate", "district", "people", "access10",
                                       "shortfall", "new_site"};
    head(w, in->lang, cols, 7);
    size_t shown = 0;
    lc_status st = LC_OK;
    for (size_t k = 0; !st && k < in->eq->ncat; k++) st = worst_rows(w, in, &in->eq->cat[k], &shown);
    xw_end(w);
    if (!st && !shown) xw_el(w, "p", lc_tr(in->lang, "worst_none"));
    return st;
}

/* ---- the gap list by district ---------------------------------------------------------- */

/* One row: gaps g[0..n) share category, tier and district. */
static void gap_group(W w, const lc_report_in *in, const lc_gap *g, size_t n, char **dist)
{
    double people = 0;
    size_t known = 0;
    char names[1024] = "", name[256];
    size_t at = 0;
    bool en = in->lang == LC_LANG_EN;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(g[i].people)) people += g[i].people, known++;
        if (i >= GAP_NAMES) continue;
        int wr = snprintf(names + at, sizeof names - at, "%s%s", i ? (en ? ", " : "、") : "",
                          lc_estate_label(in->ds, g[i].e, name, sizeof name));
        if (wr > 0 && (size_t)wr < sizeof names - at) at += (size_t)wr;
    }
    if (n > GAP_NAMES && en) snprintf(names + at, sizeof names - at, " and %zu more", n - GAP_NAMES);
    else if (n > GAP_NAMES) snprintf(names + at, sizeof names - at, " 等 %zu 个", n);
    xw_start(w, "tr");
    xw_attr(w, "class", "gap");
    td(w, lc_tr_cat(in->lang, in->ds->cat[g->k]));
    xw_elf(w, "td", "%d", in->cv->tier_minutes[g->t]);
    td(w, dist[g->dist][0] ? dist[g->dist] : "(none)");
    xw_elf(w, "td", "%zu", n);
    if (known) xw_elf(w, "td", "%.0f", people);
    else td(w, "–"); /* nobody's count known: not 0 people */
    td(w, names);
    xw_end(w);
}

static lc_status gap_table(W w, const lc_report_in *in)
{
    size_t n = 0, nd = 0, rows = 0;
    char **dist = NULL;
    lc_gap *g = lc_gaps_list(in->ds, in->cv, in->eq, &n, &dist, &nd);
    if (!g) return LC_ERR_NOMEM;
    xw_el(w, "h3", lc_tr(in->lang, "gap_list"));
    xw_start(w, "p");
    xw_attr(w, "class", "note");
    xw_text(w, lc_tr(in->lang, "gap_note"));
    xw_end(w);
    xw_start(w, "table");
    xw_attr(w, "id", "gap-list");
    static const char *const cols[] = {"category", "tier", "district", "n_gap", "people",
                                       "gap_estates"};
    head(w, in->lang, cols, 6);
    for (size_t i = 0, j; i < n && rows < GAP_ROWS; i = j, rows++) {
        for (j = i + 1; j < n && g[j].k == g[i].k && g[j].t == g[i].t && g[j].dist == g[i].dist; j++)
            continue;
        gap_group(w, in, &g[i], j - i, dist);
    }
    xw_end(w);
    lc_free(g), lc_free(dist);
    return LC_OK;
}

lc_status lc_report_equity(W w, const lc_report_in *in)
{
    if (!in->eq || !in->eq->ncat || !in->ds->nest) return LC_OK;
    xw_start(w, "section");
    xw_attr(w, "id", "equity-section");
    xw_el(w, "h2", lc_tr(in->lang, "equity"));
    xw_start(w, "p");
    xw_attr(w, "class", "note");
    xw_text(w, lc_tr(in->lang, "equity_note"));
    xw_end(w);
    measures_table(w, in);
    lc_chart_lorenz(w, in);
    lc_status st = worst_table(w, in);
    if (!st) st = gap_table(w, in);
    xw_end(w);
    return st;
}
