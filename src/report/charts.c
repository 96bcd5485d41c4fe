/*
 * charts.c — the report's charts and map legends (see charts.h). Plain SVG primitives:
 * rectangles for bars, lines for axes and marks, text for every label; sizes in the
 * drawing's units (LC_REPORT_W wide), fonts of 11-13 units so that they read at A4.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "charts.h"
#include "svgmap.h"

double lc_nice_step(double want)
{
    if (!(want > 0)) return 1;
    double p = pow(10, floor(log10(want)));
    return want >= 5 * p ? 5 * p : want >= 2 * p ? 2 * p : p;
}

/* ---- primitives ------------------------------------------------------------------------ */

void lc_svg_open(W w, const char *cls, const char *id, double h)
{
    lc_svg_open_w(w, cls, id, LC_REPORT_W, h);
}

void lc_svg_open_w(W w, const char *cls, const char *id, double wd, double h)
{
    char box[64];
    xw_start(w, "svg");
    xw_attr(w, "xmlns", "http://www.w3.org/2000/svg");
    xw_attr(w, "class", cls);
    if (id) xw_attr(w, "id", id);
    snprintf(box, sizeof box, "0 0 %.0f %.0f", wd, h);
    xw_attr(w, "viewBox", box);
    xw_attr(w, "width", "100%");
    xw_attr(w, "role", "img");
    xw_attr(w, "font-size", "11");
}

static void rect(W w, double x, double y, double wd, double ht, const char *fill)
{
    xw_start(w, "rect");
    xw_num(w, "x", x), xw_num(w, "y", y), xw_num(w, "width", wd), xw_num(w, "height", ht);
    xw_attr(w, "fill", fill);
    xw_end(w);
}

static void line(W w, double x1, double y1, double x2, double y2, const char *stroke, const char *width,
                 const char *dash)
{
    xw_start(w, "line");
    xw_num(w, "x1", x1), xw_num(w, "y1", y1), xw_num(w, "x2", x2), xw_num(w, "y2", y2);
    xw_attr(w, "stroke", stroke), xw_attr(w, "stroke-width", width);
    if (dash) xw_attr(w, "stroke-dasharray", dash);
    xw_end(w);
}

/* Text at (x, y); anchor start, middle or end; size 0: the chart's. */
static void label(W w, double x, double y, const char *anchor, int size, const char *s)
{
    xw_start(w, "text");
    xw_num(w, "x", x), xw_num(w, "y", y);
    if (strcmp(anchor, "start")) xw_attr(w, "text-anchor", anchor);
    if (size) {
        char b[8];
        snprintf(b, sizeof b, "%d", size);
        xw_attr(w, "font-size", b);
    }
    xw_text(w, s);
    xw_end(w);
}

static void title(W w, double y, const char *s)
{
    xw_start(w, "text");
    xw_num(w, "x", 4), xw_num(w, "y", y);
    xw_attr(w, "font-size", "13"), xw_attr(w, "font-weight", "bold");
    xw_text(w, s);
    xw_end(w);
}

/* The y axis's label, written upwards beside the plot. */
static void y_title(W w, double x, double ymid, const char *s)
{
    char tr[64];
    xw_start(w, "text");
    snprintf(tr, sizeof tr, "translate(%.1f %.1f) rotate(-90)", x, ymid);
    xw_attr(w, "transform", tr);
    xw_attr(w, "text-anchor", "middle");
    xw_text(w, s);
    xw_end(w);
}

/* A plot area: x from x0 to x1, y from yb (value 0) up to yt (value vmax). */
typedef struct {
    double x0, x1, yt, yb, vmax;
} plot;

static double py(const plot *p, double v) { return p->yb - v / p->vmax * (p->yb - p->yt); }

/* Horizontal grid lines with their values every `step` (suffix: a unit such as " %"). */
static void y_axis(W w, const plot *p, double step, double scale, const char *suffix)
{
    char b[48];
    for (int i = 0; i * step <= p->vmax * (1 + 1e-9); i++) {
        double v = i * step;
        line(w, p->x0, py(p, v), p->x1, py(p, v), "#bbb", "0.5", NULL);
        snprintf(b, sizeof b, "%g%s", v * scale, suffix);
        label(w, p->x0 - 4, py(p, v) + 4, "end", 0, b);
    }
    line(w, p->x0, p->yt, p->x0, p->yb, "#555", "1", NULL);
}

/* ---- coverage per district ------------------------------------------------------------- */

/* Districts drawn in the coverage chart at most (the table lists them all). */
#define CHART_MAX_DISTRICTS 30

/* Per category a panel (its own <svg>, in a <div id="coverage-chart">); per district two
 * bars: the share of estates with a facility within 5 minutes (dark) and within 10 (light),
 * on a 0-100 % axis. */
void lc_chart_coverage(W w, const lc_report_in *in, char **names, size_t nd,
                       const lc_district_row *rows)
{
    const lc_dataset *ds = in->ds;
    if (!ds->ncat || !nd || in->cv->ntiers < 2) return;
    size_t shown = nd < CHART_MAX_DISTRICTS ? nd : CHART_MAX_DISTRICTS;
    const double left = 170, right = 930, bar = 7, row = 2 * bar + 6, head = 24, foot = 34;
    double panel = head + (double)shown * row + foot;
    bool en = in->lang == LC_LANG_EN;
    char b[160];
    xw_start(w, "div");
    xw_attr(w, "id", "coverage-chart");
    for (size_t k = 0; k < ds->ncat; k++) {
        char id[48];
        snprintf(id, sizeof id, "coverage-chart-%zu", k + 1);
        lc_svg_open(w, "chart", id, panel); /* a panel per category, so that printing breaks between them */
        snprintf(b, sizeof b, en ? "%s: share of estates reaching it, per district"
                                 : "%s：各街道可达的小区比例", lc_tr_cat(in->lang, ds->cat[k]));
        title(w, 16, b);
        for (size_t i = 0; i < shown; i++) {
            double y = head + (double)i * row;
            label(w, 4, y + bar + 3, "start", 0, names[i][0] ? names[i] : "(none)");
            double share[2] = {0, 0};
            if (rows[i].n) {
                share[0] = (double)rows[i].cov[2 * k] / (double)rows[i].n;
                share[1] = 1 - (double)rows[i].cov[2 * k + 1] / (double)rows[i].n;
            }
            for (int t = 0; t < 2; t++) {
                rect(w, left, y + t * bar, share[t] * (right - left), bar - 1, t ? "#91bfdb" : "#2c7bb6");
                snprintf(b, sizeof b, "%.0f %%", 100 * share[t]);
                label(w, left + share[t] * (right - left) + 3, y + t * bar + bar - 1, "start", 8, b);
            }
        }
        double ya = head + (double)shown * row + 2;
        for (int p = 0; p <= 100; p += 25) {
            double x = left + p / 100.0 * (right - left);
            line(w, x, head - 2, x, ya, "#bbb", "0.5", NULL);
            snprintf(b, sizeof b, "%d %%", p);
            label(w, x, ya + 11, "middle", 0, b);
        }
        label(w, (left + right) / 2, ya + 25, "middle", 0,
              en ? "estates with a facility within 5 min (dark) and 10 min (light), % of the district's estates"
                 : "5 分钟（深色）与 10 分钟（浅色）内有设施的小区占本街道小区的比例（%）");
        xw_end(w);
    }
    xw_end(w);
    if (nd > shown)
        xw_elf(w, "p", en ? "The chart shows the first %zu of %zu districts; the table lists all."
                          : "图中只画前 %zu 个街道（共 %zu 个），表中列出全部。", shown, nd);
}

/* ---- bundle sizes ---------------------------------------------------------------------- */

#define BUNDLE_BINS 30

/* A vertical mark across the plot at value v of an x axis running to xmax, labelled. */
static void x_mark(W w, const plot *p, double v, double xmax, const char *colour, const char *text)
{
    double x = p->x0 + v / xmax * (p->x1 - p->x0);
    line(w, x, p->yt - 4, x, p->yb, colour, "1.5", "5 3");
    xw_start(w, "text");
    xw_num(w, "x", x + 3), xw_num(w, "y", p->yt + 8);
    xw_attr(w, "fill", colour);
    xw_text(w, text);
    xw_end(w);
}

/* The per-bundle totals of the size field (the same sums as the bundles layer's size). */
static double *bundle_totals(const lc_bundling *bl, double *maxv)
{
    double *tot = lc_calloc(bl->nb + 1, sizeof *tot);
    *maxv = 0;
    if (!tot) return NULL;
    for (size_t b = 0; b < bl->nb; b++) {
        for (size_t m = bl->moff[b]; m < bl->moff[b + 1]; m++) tot[b] += bl->size[bl->members[m]];
        *maxv = fmax(*maxv, tot[b]);
    }
    return tot;
}

void lc_chart_bundle_sizes(W w, const lc_report_in *in)
{
    const lc_bundling *bl = in->bl;
    if (!bl || !bl->nb) return;
    double maxv, *tot = bundle_totals(bl, &maxv);
    if (!tot) return;
    double xmax = fmax(maxv, bl->max_size) * 1.05, bw = lc_nice_step(xmax / BUNDLE_BINS);
    size_t nbins = (size_t)ceil(xmax / bw);
    xmax = (double)nbins * bw;
    size_t cnt[2][4 * BUNDLE_BINS] = {{0}}, top = 1; /* [reaches the floor][bin] */
    for (size_t b = 0; b < bl->nb; b++) {
        size_t i = (size_t)(tot[b] / bw);
        i = i < nbins ? i : nbins - 1;
        cnt[tot[b] >= bl->min_size][i]++;
        top = top > cnt[0][i] + cnt[1][i] ? top : cnt[0][i] + cnt[1][i];
    }
    lc_free(tot);
    bool en = in->lang == LC_LANG_EN;
    const char *field = bl->size_field ? bl->size_field : "size";
    plot p = {70, 930, 40, 300, 0};
    double step = lc_nice_step((double)top / 5);
    p.vmax = ceil((double)top / step) * step;
    char b[200];
    lc_svg_open(w, "chart", "bundle-chart", 350);
    snprintf(b, sizeof b, en ? "Bundle sizes: %zu bundles, %zu reach the floor"
                             : "打包片区规模：共 %zu 个片区，%zu 个达到下限", bl->nb, bl->sol.reaching);
    title(w, 16, b);
    y_axis(w, &p, step, 1, "");
    for (size_t i = 0; i < nbins; i++) {
        double x = p.x0 + (double)i / (double)nbins * (p.x1 - p.x0), wd = (p.x1 - p.x0) / (double)nbins - 1;
        rect(w, x, py(&p, (double)cnt[0][i]), wd, p.yb - py(&p, (double)cnt[0][i]), "#fdae61");
        rect(w, x, py(&p, (double)(cnt[0][i] + cnt[1][i])), wd, py(&p, (double)cnt[0][i]) - py(&p, (double)(cnt[0][i] + cnt[1][i])), "#2c7bb6");
    }
    double xs = lc_nice_step(xmax / 8);
    for (int i = 0; i * xs <= xmax * (1 + 1e-9); i++) {
        double v = i * xs;
        snprintf(b, sizeof b, "%g", v);
        label(w, p.x0 + v / xmax * (p.x1 - p.x0), p.yb + 14, "middle", 0, b);
    }
    line(w, p.x0, p.yb, p.x1, p.yb, "#555", "1", NULL);
    snprintf(b, sizeof b, en ? "floor %g" : "下限 %g", bl->min_size);
    x_mark(w, &p, bl->min_size, xmax, "#b2182b", b);
    snprintf(b, sizeof b, en ? "ceiling %g" : "上限 %g", bl->max_size);
    x_mark(w, &p, bl->max_size, xmax, "#4d4d4d", b);
    snprintf(b, sizeof b, en ? "bundle size (%s, total of its estates; bins of %g); orange: below the floor, blue: reaching it"
                             : "片区规模（%s，成员小区合计；每档 %g）；橙色：未达下限，蓝色：达到下限",
             lc_tr(in->lang, field), bw);
    label(w, (p.x0 + p.x1) / 2, p.yb + 34, "middle", 0, b);
    y_title(w, 18, (p.yt + p.yb) / 2, en ? "bundles" : "片区数（个）");
    xw_end(w);
}

/* ---- sites' cumulative gain -------------------------------------------------------------- */

void lc_chart_site_gains(W w, const lc_report_in *in)
{
    const lc_siting *st = in->site;
    if (!st || !st->res.n || !(st->total_w > 0)) return;
    size_t n = st->res.n;
    bool en = in->lang == LC_LANG_EN;
    plot p = {90, 850, 40, 300, 0};
    double step = lc_nice_step(st->total_w / 5);
    p.vmax = ceil(st->total_w / step) * step;
    char b[200];
    lc_svg_open(w, "chart", "site-chart", 350);
    snprintf(b, sizeof b, en ? "%s within %d min: %s covered as the suggested sites are added"
                             : "%s %d 分钟：逐个加入建议选址后覆盖的%s", lc_tr_cat(in->lang, st->category),
             st->tier, lc_tr(in->lang, st->weight_field));
    title(w, 16, b);
    y_axis(w, &p, step, 1, "");
    line(w, p.x0, py(&p, st->total_w), p.x1, py(&p, st->total_w), "#b2182b", "1.5", "5 3");
    xw_start(w, "text");
    xw_num(w, "x", p.x1 + 6), xw_num(w, "y", py(&p, st->total_w) - 3);
    xw_attr(w, "fill", "#b2182b");
    xw_text(w, en ? "all estates" : "全部小区");
    xw_end(w);
    snprintf(b, sizeof b, "%.0f", st->total_w);
    xw_start(w, "text");
    xw_num(w, "x", p.x1 + 6), xw_num(w, "y", py(&p, st->total_w) + 11);
    xw_attr(w, "fill", "#b2182b");
    xw_text(w, b);
    xw_end(w);
    double slot = (p.x1 - p.x0) / (double)(n + 1), cum = st->before_w;
    for (size_t r = 0; r <= n; r++) {
        if (r) cum += st->res.gain[r - 1];
        double x = p.x0 + (double)r * slot + slot * 0.15, wd = slot * 0.7;
        rect(w, x, py(&p, st->before_w), wd, p.yb - py(&p, st->before_w), "#bababa");
        if (r) rect(w, x, py(&p, cum), wd, py(&p, st->before_w) - py(&p, cum), "#2c7bb6");
        if (n <= 30) {
            snprintf(b, sizeof b, "%.1f %%", 100 * cum / st->total_w);
            label(w, x + wd / 2, py(&p, cum) - 3, "middle", 9, b);
        }
        if (n <= 30 || r % (size_t)ceil((double)n / 30) == 0) {
            snprintf(b, sizeof b, "%zu", r);
            label(w, x + wd / 2, p.yb + 14, "middle", 0, b);
        }
    }
    line(w, p.x0, p.yb, p.x1, p.yb, "#555", "1", NULL);
    label(w, (p.x0 + p.x1) / 2, p.yb + 34, "middle", 0,
          en ? "sites in rank order (0: today's facilities only); grey: covered today, blue: newly covered"
             : "按排名加入的选址（0：仅现有设施）；灰色：现已覆盖，蓝色：新增覆盖");
    snprintf(b, sizeof b, en ? "%s covered" : "覆盖的%s", lc_tr(in->lang, st->weight_field));
    y_title(w, 18, (p.yt + p.yb) / 2, b);
    xw_end(w);
}

/* ---- Lorenz curves ---------------------------------------------------------------------- */

/* Points of a curve drawn at most: the curve is convex, so every k-th vertex (and the last)
 * stays within a hair of it at this size. */
#define LORENZ_MAX_POINTS 400
/* A Lorenz panel: narrower than the other charts (two to a row, html.c's style), the key
 * in rows below the square plot. */
#define LORENZ_W 400.0
#define LORENZ_ROW 17.0

static const char *const TIER_STROKE[LC_MAX_TIERS] = {"#08519c", "#4292c6", "#9ecae1"};

/* One tier's curve of category c as a polyline on the square plot p (share 0..1 both ways). */
static void lorenz_line(W w, const lc_equity_cat *c, size_t t, size_t nest, lc_share *sh,
                        double *x, double *y, const plot *p)
{
    size_t n = 0;
    for (size_t e = 0; e < nest; e++)
        if (c->w[e] > 0) sh[n++] = (lc_share){c->a[t * nest + e], c->w[e]};
    lc_share_sort(sh, n);
    lc_lorenz_sorted(sh, n, x, y);
    size_t step = n / LORENZ_MAX_POINTS + 1;
    lc_sbuf b = {0};
    for (size_t i = 0; i <= n; i += step)
        lc_sbuf_add(&b, "%.1f,%.1f ", p->x0 + x[i] * (p->x1 - p->x0), py(p, y[i]));
    if (n % step) lc_sbuf_add(&b, "%.1f,%.1f", p->x1, py(p, y[n]));
    xw_start(w, "polyline");
    xw_attr(w, "points", b.s ? b.s : "");
    xw_attr(w, "fill", "none"), xw_attr(w, "stroke", TIER_STROKE[t]), xw_attr(w, "stroke-width", "2");
    xw_end(w);
    lc_free(b.s);
}

/* The key below the plot from (x0, y0): per tier its line, Gini and Palma, then the
 * diagonal, a row each. */
static void lorenz_key(W w, const lc_report_in *in, const lc_equity_cat *c, size_t nt, double x0,
                       double y0)
{
    char b[160];
    size_t t = 0;
    for (; t < nt && t < LC_MAX_TIERS; t++) {
        double y = y0 + LORENZ_ROW * (double)t;
        line(w, x0, y - 4, x0 + 24, y - 4, TIER_STROKE[t], "2", NULL);
        char palma[32] = "–";
        if (!isnan(c->palma[t])) snprintf(palma, sizeof palma, "%.2f", c->palma[t]);
        snprintf(b, sizeof b, in->lang == LC_LANG_EN ? "%d min: Gini %.3f, Palma %s"
                                                     : "%d 分钟：基尼系数 %.3f，帕尔玛比值 %s",
                 in->cv->tier_minutes[t], c->gini[t], palma);
        label(w, x0 + 30, y, "start", 12, b);
    }
    double y = y0 + LORENZ_ROW * (double)t;
    line(w, x0, y - 4, x0 + 24, y - 4, "#999", "1", "4 3");
    label(w, x0 + 30, y, "start", 12,
          in->lang == LC_LANG_EN ? "diagonal: everyone the same" : "对角线：人人相同");
}

void lc_chart_lorenz(W w, const lc_report_in *in)
{
    const lc_equity *eq = in->eq;
    if (!eq || !eq->nest) return;
    size_t ne = eq->nest;
    lc_share *sh = lc_malloc((ne + 1) * sizeof *sh);
    double *x = lc_malloc((ne + 1) * sizeof *x), *y = lc_malloc((ne + 1) * sizeof *y);
    bool en = in->lang == LC_LANG_EN;
    char b[200], id[48];
    xw_start(w, "div");
    xw_attr(w, "id", "lorenz-chart");
    for (size_t k = 0; sh && x && y && k < eq->ncat; k++) {
        const lc_equity_cat *c = &eq->cat[k];
        if (!c->counted) continue;
        plot p = {70, 330, 50, 310, 1};
        size_t nt = in->cv->ntiers < LC_MAX_TIERS ? in->cv->ntiers : LC_MAX_TIERS;
        snprintf(id, sizeof id, "lorenz-chart-%zu", k + 1);
        lc_svg_open_w(w, "chart", id, LORENZ_W, p.yb + 60 + LORENZ_ROW * (double)(nt + 1));
        snprintf(b, sizeof b, en ? "%s: Lorenz curve" : "%s：洛伦兹曲线",
                 lc_tr_cat(in->lang, in->ds->cat[c->cat]));
        title(w, 16, b);
        label(w, 4, 32, "start", 11, lc_tr(in->lang, c->places ? "lorenz_places" : "lorenz_share"));
        y_axis(w, &p, 0.2, 100, " %");
        for (int i = 0; i <= 5; i++) {
            snprintf(b, sizeof b, "%d %%", 20 * i);
            label(w, p.x0 + 0.2 * i * (p.x1 - p.x0), p.yb + 14, "middle", 0, b);
        }
        line(w, p.x0, p.yb, p.x1, p.yb, "#555", "1", NULL);
        line(w, p.x0, p.yb, p.x1, p.yt, "#999", "1", "4 3");
        for (size_t t = 0; t < nt; t++) lorenz_line(w, c, t, ne, sh, x, y, &p);
        label(w, (p.x0 + p.x1) / 2, p.yb + 34, "middle", 0,
              en ? "share of people, worst served first" : "人口累计比例（从最差者起）");
        y_title(w, 18, (p.yt + p.yb) / 2, en ? "share of access" : "可达资源累计比例");
        lorenz_key(w, in, c, nt, 10, p.yb + 58);
        xw_end(w);
    }
    xw_end(w);
    lc_free(sh), lc_free(x), lc_free(y);
}

/* ---- legends ------------------------------------------------------------------------------ */

#define KEY_FONT 12.0

/* The width a label takes at the legend's font: wide for CJK (a UTF-8 lead byte of three or
 * four), about 0.6 em otherwise; no font metrics without a browser. */
static double text_width(const char *s)
{
    double wd = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        wd += *p >= 0xE0 ? KEY_FONT : 0.6 * KEY_FONT;
    }
    return wd;
}

/* Laid out and drawn at 12 units a line, then scaled by k as a whole (<g transform>). */
double lc_legend_layout(lc_legend_item *items, size_t n, double y0, double k)
{
    double x = 12, y = y0 / k + 18, row = 20;
    for (size_t i = 0; i < n; i++) {
        double wd = 22 + text_width(items[i].label) + 18;
        if (x + wd > LC_REPORT_W / k - 8 && x > 12) x = 12, y += row;
        items[i].x = x, items[i].y = y;
        x += wd;
    }
    return n ? (y + 10) * k - y0 : 0;
}

static void key_symbol(W w, const lc_legend_item *it)
{
    double x = it->x, y = it->y;
    if (it->kind == LC_KEY_TEXT) return;
    if (it->kind == LC_KEY_DOT) {
        xw_start(w, "circle");
        xw_num(w, "cx", x + 8), xw_num(w, "cy", y - 4), xw_attr(w, "r", "4");
        xw_attr(w, "fill", it->colour), xw_attr(w, "stroke", "#ffffff");
        xw_end(w);
        return;
    }
    if (it->kind == LC_KEY_STAR) {
        char d[256];
        size_t at = 0;
        for (int i = 0; i < 10 && at < sizeof d; i++) {
            double ang = -LC_PI / 2 + i * LC_PI / 5, r = i % 2 ? 3 : 7;
            at += (size_t)snprintf(d + at, sizeof d - at, "%c%.1f %.1f", i ? 'L' : 'M',
                                   x + 8 + r * cos(ang), y - 4 + r * sin(ang));
        }
        xw_start(w, "path");
        xw_attr(w, "d", d), xw_attr(w, "fill", it->colour), xw_attr(w, "stroke", "#780000");
        xw_end(w);
        return;
    }
    xw_start(w, "rect");
    xw_num(w, "x", x), xw_num(w, "y", y - 11), xw_attr(w, "width", "16"), xw_attr(w, "height", "12");
    bool outline = it->kind == LC_KEY_OUTLINE;
    xw_attr(w, "fill", outline ? "none" : it->colour);
    xw_attr(w, "stroke", outline ? it->colour : "#555555");
    xw_attr(w, "stroke-width", outline ? "1.5" : "0.5");
    xw_end(w);
}

void lc_legend_draw(W w, const lc_legend_item *items, size_t n, double k)
{
    if (!n) return;
    char tr[32];
    xw_start(w, "g");
    xw_attr(w, "class", "legend");
    snprintf(tr, sizeof tr, "scale(%.3f)", k);
    xw_attr(w, "transform", tr);
    xw_attr(w, "font-size", "12");
    line(w, 0, items[0].y - 18, LC_REPORT_W / k, items[0].y - 18, "#ccc", "1", NULL);
    for (size_t i = 0; i < n; i++) {
        key_symbol(w, &items[i]);
        label(w, items[i].x + (items[i].kind == LC_KEY_TEXT ? 0 : 22), items[i].y, "start", 0,
              items[i].label);
    }
    xw_end(w);
}
