/*
 * compare.c — the changes layer and compare.csv of a comparison of scenarios (see
 * compare.h). Every folder's estates layer is read back through GDAL; the estates are
 * matched by position and checked by id, so a folder of other estates is refused rather
 * than compared row by row with the wrong neighbours. Values are compared exactly: the
 * same code on the same estate gives the same bits, so any difference is a change.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <json-c/json.h>

#include "../core/options.h"
#include "compare.h"
#include "compare_html.h"
#include "i18n.h"
#include "styles.h"

/* The estate roles copied into `changes`; the last three are the people counted. */
enum { R_ID, R_NAME, R_DISTRICT, R_HH, R_ELD, R_CHI, R_N };
#define R_PEOPLE R_HH
#define NPEOPLE (R_N - R_PEOPLE)
static const char *const ROLE[R_N] = {"id", "name", "district", "households", "elderly", "children"};

/* One folder's estates and the file they came from. */
typedef struct {
    char path[4200];
    lc_source_layer *l;
    bool own; /* l read here (else the caller's) */
} folder;

/* A category and tier compared: `<key>_g<minutes>` and `_c<minutes>` in every folder,
 * `_a<minutes>` when every folder has it. */
typedef struct {
    char key[8];
    int minutes;
    bool a;
    size_t cat; /* index in cmp.cat */
} item;

/* A category compared, and whether every folder has its `<key>_w`. */
typedef struct {
    char key[8];
    bool w;
    size_t col_w; /* first of its _w_before/_after/_diff columns in `changes` */
} category;

/* Estates and people of one scenario × item (compare.csv). */
typedef struct {
    double est, cov[2], gain, lose;
    double pcov[NPEOPLE][2], pgain[NPEOPLE], plose[NPEOPLE], ptotal[NPEOPLE];
} tally;

typedef struct {
    const lc_compare_in *in;
    char role[R_N][128]; /* each role's field */
    long rb[R_N];        /* its index in the baseline's table, -1: none */
    bool copy[R_N];      /* copied into `changes`: there, and no earlier role's field */
    item *it;
    size_t nit;
    category cat[64];
    size_t ncat;
    size_t *col_it; /* per item its first column in `changes` */
    size_t col_gains;
    lc_table *chg, *csv;
    unsigned char *cls; /* per scenario × estate: LC_CHG_* (compare.html's maps) */
} cmp;

/* ---- reading ------------------------------------------------------------------------------ */

lc_status lc_compare_read_folder(lc_ctx *ctx, const char *dir, bool geometry,
                                 lc_source_layer **out)
{
    static const char *const files[] = {"lifecircle.gpkg", "estates.fgb", "estates.geojson"};
    struct stat sb;
    char path[4200];
    *out = NULL;
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (stat(path, &sb) != 0) continue;
        char spec[4300];
        snprintf(spec, sizeof spec, i ? "%s" : "%s:estates", path);
        return lc_io_read(ctx, spec, "", geometry ? LC_IO_ESTATES : LC_IO_ATTRIBUTES, out);
    }
    return lc_fail(ctx, LC_ERR_IO, "%s: no estates layer to compare (lifecircle.gpkg, estates.fgb "
                   "or estates.geojson)", dir);
}

/* Folder i's estates (0: the baseline's): as the caller read them, else read here (then
 * f->own). Its path for messages either way. */
static lc_status read_folder(lc_ctx *ctx, const lc_compare_in *in, size_t i, folder *f)
{
    const char *dir = i ? in->dirs[i - 1] : in->base_dir;
    lc_source_layer *l = in->layers ? in->layers[i] : NULL;
    if (!l) {
        lc_status st = lc_compare_read_folder(ctx, dir, i == 0, &f->l);
        f->own = true;
        if (st) return st;
    } else {
        f->l = l;
    }
    const char *desc = f->l->desc, *colon = strrchr(desc, ':'); /* "file:layer" */
    size_t n = colon ? (size_t)(colon - desc) : strlen(desc);
    snprintf(f->path, sizeof f->path, "%.*s", (int)n, desc);
    return LC_OK;
}

/* The role fields the run in `dir` used: run.json's parameters field.<role>, else the role. */
static void role_fields(const char *dir, char field[R_N][128])
{
    for (size_t r = 0; r < R_N; r++) snprintf(field[r], sizeof field[r], "%s", ROLE[r]);
    char p[4200];
    struct stat sb;
    snprintf(p, sizeof p, "%s/run.json", dir);
    json_object *root = stat(p, &sb) == 0 ? json_object_from_file(p) : NULL, *par, *o, *v;
    if (root && json_object_object_get_ex(root, "parameters", &par))
        for (size_t r = 0; r < R_N; r++) {
            char key[32];
            snprintf(key, sizeof key, "field.%s", ROLE[r]);
            if (json_object_object_get_ex(par, key, &o) && json_object_object_get_ex(o, "value", &v) &&
                json_object_is_type(v, json_type_string))
                snprintf(field[r], sizeof field[r], "%s", json_object_get_string(v));
        }
    json_object_put(root);
}

/* The field `<key>_<kind><minutes>` (minutes < 0: `<key>_<kind>`) of t, or -1. */
static long cfield(const lc_table *t, const char *key, char kind, int minutes)
{
    char name[32];
    if (minutes < 0) snprintf(name, sizeof name, "%s_%c", key, kind);
    else snprintf(name, sizeof name, "%s_%c%d", key, kind, minutes);
    return lc_table_field_index(t, name);
}

static double num(const lc_table *t, long f, size_t row)
{
    double v;
    return f >= 0 && lc_value_number(&t->fields[f].col[row], &v) ? v : NAN;
}

/* Equal values: the same double, or both empty. */
static bool same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* A gap flag: anything but 0 (an empty flag too) is a gap, as summary.csv counts it. */
static bool gap(double g)
{
    return !(g == 0);
}

/* The items: the baseline's `<key>_g<minutes>` fields (key of 1 to 6 characters) whose
 * `_g` and `_c` every folder has. */
static lc_status find_items(lc_ctx *ctx, cmp *c, const folder *f, size_t nf)
{
    const lc_table *b = f[0].l->table;
    c->it = lc_calloc(b->nfields + 1, sizeof *c->it);
    if (!c->it) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < b->nfields; i++) {
        const char *n = b->fields[i].name, *us = strrchr(n, '_');
        int minutes, end = 0;
        if (!us || us == n || us - n > 6 || us[1] != 'g' ||
            sscanf(us + 2, "%d%n", &minutes, &end) != 1 || us[2 + end] || minutes <= 0)
            continue;
        item it = {.minutes = minutes, .a = true};
        snprintf(it.key, sizeof it.key, "%.*s", (int)(us - n), n);
        bool all = true;
        for (size_t j = 0; j < nf; j++) {
            const lc_table *t = f[j].l->table;
            all = all && cfield(t, it.key, 'g', minutes) >= 0 && cfield(t, it.key, 'c', minutes) >= 0;
            it.a = it.a && cfield(t, it.key, 'a', minutes) >= 0;
        }
        if (!all) continue;
        size_t k = 0;
        while (k < c->ncat && strcmp(c->cat[k].key, it.key)) k++;
        if (k == c->ncat) {
            if (k == sizeof c->cat / sizeof *c->cat) continue;
            snprintf(c->cat[k].key, sizeof c->cat[k].key, "%s", it.key);
            c->cat[k].w = true;
            for (size_t j = 0; j < nf; j++) c->cat[k].w = c->cat[k].w && cfield(f[j].l->table, it.key, 'w', -1) >= 0;
            c->ncat++;
        }
        it.cat = k;
        c->it[c->nit++] = it;
    }
    return LC_OK;
}

/* The text of row `row` that identifies an estate: its id, else its feature id. */
static const char *estate_key(const lc_table *t, long idf, size_t row, char *buf, size_t cap)
{
    if (idf >= 0) return lc_value_text(&t->fields[idf].col[row], buf, cap);
    snprintf(buf, cap, "%lld", (long long)t->fid[row]);
    return buf;
}

static lc_status same_estates(lc_ctx *ctx, const cmp *c, const folder *b, const folder *s)
{
    const lc_table *tb = b->l->table, *ts = s->l->table;
    if (tb->nrows != ts->nrows)
        return lc_fail(ctx, LC_ERR_DATA, "%s and %s do not hold the same estates: %zu estates "
                       "against %zu", b->path, s->path, tb->nrows, ts->nrows);
    long ib = c->rb[R_ID], is = lc_table_field_index(ts, c->role[R_ID]);
    for (size_t r = 0; r < tb->nrows; r++) {
        char x[128], y[128];
        const char *u = estate_key(tb, ib, r, x, sizeof x), *v = estate_key(ts, is, r, y, sizeof y);
        if (strcmp(u, v) != 0)
            return lc_fail(ctx, LC_ERR_DATA, "%s and %s do not hold the same estates in the same "
                           "order: estate %zu has id '%s' in the one and '%s' in the other",
                           b->path, s->path, r + 1, u, v);
    }
    return LC_OK;
}

/* ---- the changes layer ---------------------------------------------------------------------- */

static lc_status add(lc_table *t, const char *name, lc_ftype type)
{
    return lc_table_add_field(t, name, type, 0, 0, NULL);
}

/* `<stem>_before`, `_after` (and `_diff` when `diff`) of `type` (the diff a real). */
static lc_status add_triple(lc_table *t, const char *stem, lc_ftype type, bool diff)
{
    char n[48];
    lc_status st = LC_OK;
    static const char *const suffix[] = {"before", "after", "diff"};
    for (size_t i = 0; !st && i < (diff ? 3u : 2u); i++) {
        snprintf(n, sizeof n, "%s_%s", stem, suffix[i]);
        st = add(t, n, i == 2 ? LC_FT_REAL : type);
    }
    return st;
}

static lc_status changes_schema(cmp *c, const lc_table *b)
{
    lc_table *t = c->chg;
    lc_status st = add(t, "scenario", LC_FT_STRING);
    for (size_t r = 0; !st && r < R_N; r++)
        if (c->copy[r]) {
            const lc_field *f = &b->fields[c->rb[r]];
            st = lc_table_add_field(t, f->name, f->type, f->width, f->precision, NULL);
        }
    char stem[32];
    for (size_t k = 0; !st && k < c->ncat; k++) {
        category *g = &c->cat[k];
        g->col_w = t->nfields;
        snprintf(stem, sizeof stem, "%s_w", g->key);
        if (g->w) st = add_triple(t, stem, LC_FT_REAL, true);
        for (size_t i = 0; !st && i < c->nit; i++) {
            if (c->it[i].cat != k) continue;
            c->col_it[i] = t->nfields;
            const char *key = c->it[i].key;
            int m = c->it[i].minutes;
            snprintf(stem, sizeof stem, "%s_g%d", key, m);
            st = add_triple(t, stem, LC_FT_INT, false);
            snprintf(stem, sizeof stem, "%s_c%d", key, m);
            if (!st) st = add_triple(t, stem, LC_FT_REAL, true);
            snprintf(stem, sizeof stem, "%s_a%d", key, m);
            if (!st && c->it[i].a) st = add_triple(t, stem, LC_FT_REAL, true);
        }
    }
    c->col_gains = t->nfields;
    if (!st) st = add(t, "gains", LC_FT_INT);
    if (!st) st = add(t, "losses", LC_FT_INT);
    if (!st) st = add(t, "change", LC_FT_STRING);
    return st;
}

static lc_status copy_value(lc_table *t, size_t row, size_t f, const lc_value *v)
{
    switch (v->kind) {
    case LC_VAL_INT: lc_table_set_int(t, row, f, v->u.i); break;
    case LC_VAL_REAL: lc_table_set_real(t, row, f, v->u.r); break;
    case LC_VAL_STR: return lc_table_set_str(t, row, f, v->u.s);
    default: break;
    }
    return LC_OK;
}

/* before, after and (when `diff`) after − before from column `col` on; empty stays empty. */
static void set_triple(lc_table *t, size_t row, size_t col, double x, double y, bool diff, bool flag)
{
    if (!isnan(x)) flag ? lc_table_set_int(t, row, col, (int64_t)x) : lc_table_set_real(t, row, col, x);
    if (!isnan(y)) flag ? lc_table_set_int(t, row, col + 1, (int64_t)y) : lc_table_set_real(t, row, col + 1, y);
    if (diff && !isnan(x) && !isnan(y)) lc_table_set_real(t, row, col + 2, y - x);
}

/* Field indices of one folder: per item g, c, a; per category w. */
typedef struct {
    long (*gca)[3];
    long *w;
} cols;

static lc_status cols_of(const cmp *c, const lc_table *t, cols *o)
{
    o->gca = lc_calloc(c->nit + 1, sizeof *o->gca);
    o->w = lc_calloc(c->ncat + 1, sizeof *o->w);
    if (!o->gca || !o->w) return LC_ERR_NOMEM;
    for (size_t i = 0; i < c->nit; i++) {
        const item *it = &c->it[i];
        o->gca[i][0] = cfield(t, it->key, 'g', it->minutes);
        o->gca[i][1] = cfield(t, it->key, 'c', it->minutes);
        o->gca[i][2] = it->a ? cfield(t, it->key, 'a', it->minutes) : -1;
    }
    for (size_t k = 0; k < c->ncat; k++) o->w[k] = c->cat[k].w ? cfield(t, c->cat[k].key, 'w', -1) : -1;
    return LC_OK;
}

static void cols_clear(cols *o)
{
    lc_free(o->gca);
    lc_free(o->w);
}

/* Whether anything compared differs for estate `r`. */
static bool changed(const cmp *c, const lc_table *b, const cols *cb, const lc_table *s,
                    const cols *cs, size_t r)
{
    for (size_t i = 0; i < c->nit; i++)
        for (size_t j = 0; j < 3; j++)
            if (!same(num(b, cb->gca[i][j], r), num(s, cs->gca[i][j], r))) return true;
    for (size_t k = 0; k < c->ncat; k++)
        if (!same(num(b, cb->w[k], r), num(s, cs->w[k], r))) return true;
    return false;
}

/* The `change` text: each category and tier whose gap closed or opened, else a word for
 * a change of share, distance or places only. */
static void change_text(const cmp *c, const lc_table *b, const cols *cb, const lc_table *s,
                        const cols *cs, size_t r, char *buf, size_t cap, int *gains, int *losses)
{
    lc_lang lang = (lc_lang)c->in->lang;
    size_t len = 0;
    buf[0] = '\0';
    *gains = *losses = 0;
    for (size_t i = 0; i < c->nit; i++) {
        bool gb = gap(num(b, cb->gca[i][0], r)), ga = gap(num(s, cs->gca[i][0], r));
        if (gb == ga) continue;
        *gains += gb, *losses += ga;
        int w = snprintf(buf + len, cap - len, "%s%s %d%s: %s", len ? "; " : "",
                         lc_tr_cat(lang, c->it[i].key), c->it[i].minutes, lc_tr(lang, "min"),
                         lc_tr(lang, gb ? "gain" : "loss"));
        if (w > 0 && (size_t)w < cap - len) len += (size_t)w;
    }
    if (!len) snprintf(buf, cap, "%s", lc_tr(lang, "change_other"));
}

static lc_status change_row(cmp *c, size_t sc, const lc_table *b, const cols *cb,
                            const lc_table *s, const cols *cs, size_t r)
{
    lc_table *t = c->chg;
    size_t row, col = 1;
    lc_status st = lc_table_add_row(t, (int64_t)t->nrows + 1, &row);
    if (!st) st = lc_table_set_str(t, row, 0, c->in->names[sc]);
    for (size_t k = 0; !st && k < R_N; k++)
        if (c->copy[k]) st = copy_value(t, row, col++, &b->fields[c->rb[k]].col[r]);
    if (st) return st;
    if (b->wkb[r]) {
        unsigned char *w = lc_malloc(b->wkb_len[r]);
        if (!w) return LC_ERR_NOMEM;
        memcpy(w, b->wkb[r], b->wkb_len[r]);
        lc_table_set_wkb(t, row, w, b->wkb_len[r]);
    }
    for (size_t k = 0; k < c->ncat; k++)
        if (c->cat[k].w)
            set_triple(t, row, c->cat[k].col_w, num(b, cb->w[k], r), num(s, cs->w[k], r), true, false);
    for (size_t i = 0; i < c->nit; i++) {
        size_t at = c->col_it[i];
        set_triple(t, row, at, num(b, cb->gca[i][0], r), num(s, cs->gca[i][0], r), false, true);
        set_triple(t, row, at + 2, num(b, cb->gca[i][1], r), num(s, cs->gca[i][1], r), true, false);
        if (c->it[i].a)
            set_triple(t, row, at + 5, num(b, cb->gca[i][2], r), num(s, cs->gca[i][2], r), true, false);
    }
    char text[2048];
    int gains, losses;
    change_text(c, b, cb, s, cs, r, text, sizeof text, &gains, &losses);
    c->cls[sc * b->nrows + r] = gains && losses ? LC_CHG_BOTH : gains ? LC_CHG_GAINS
                              : losses ? LC_CHG_LOSSES : LC_CHG_OTHER;
    lc_table_set_int(t, row, c->col_gains, gains);
    lc_table_set_int(t, row, c->col_gains + 1, losses);
    return lc_table_set_str(t, row, c->col_gains + 2, text);
}

/* ---- compare.csv ---------------------------------------------------------------------------- */

static lc_status csv_schema(cmp *c)
{
    lc_table *t = c->csv;
    static const char *const head[] = {"scenario", "category", "tier", "estates", "share_before",
                                       "share_after"};
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < 6; i++)
        st = add(t, head[i], i < 2 ? LC_FT_STRING : i < 4 ? LC_FT_INT : LC_FT_REAL);
    char n[48];
    for (size_t p = R_PEOPLE; !st && p < R_N; p++)
        for (size_t i = 0; !st && c->rb[p] >= 0 && i < 2; i++) {
            snprintf(n, sizeof n, "%s_share_%s", ROLE[p], i ? "after" : "before");
            st = add(t, n, LC_FT_REAL);
        }
    if (!st) st = add(t, "gaining", LC_FT_INT);
    if (!st) st = add(t, "losing", LC_FT_INT);
    for (size_t p = R_PEOPLE; !st && p < R_N; p++)
        for (size_t i = 0; !st && c->rb[p] >= 0 && i < 2; i++) {
            snprintf(n, sizeof n, "%s_%s", ROLE[p], i ? "losing" : "gaining");
            st = add(t, n, LC_FT_INT);
        }
    return st;
}

static void tally_estate(const cmp *c, tally *y, const lc_table *b, size_t r, bool gb, bool ga)
{
    y->est += 1;
    y->cov[0] += !gb, y->cov[1] += !ga;
    y->gain += gb && !ga, y->lose += !gb && ga;
    for (size_t p = 0; p < NPEOPLE; p++) {
        double v = num(b, c->rb[R_PEOPLE + p], r);
        if (isnan(v)) continue; /* unknown counts as 0, as in summary.csv */
        y->ptotal[p] += v;
        y->pcov[p][0] += gb ? 0 : v, y->pcov[p][1] += ga ? 0 : v;
        y->pgain[p] += gb && !ga ? v : 0, y->plose[p] += !gb && ga ? v : 0;
    }
}

/* A share rounded to 1e-6 as in summary.csv; empty when its denominator is 0. */
static void set_share(lc_table *t, size_t row, size_t col, double num_, double den)
{
    if (den > 0) lc_table_set_real(t, row, col, round(num_ / den * 1e6) / 1e6);
}

static lc_status csv_row(cmp *c, size_t sc, const item *it, const tally *y)
{
    lc_table *t = c->csv;
    size_t row, col = 4;
    lc_status st = lc_table_add_row(t, (int64_t)t->nrows + 1, &row);
    if (!st) st = lc_table_set_str(t, row, 0, c->in->names[sc]);
    if (!st) st = lc_table_set_str(t, row, 1, it->key);
    if (st) return st;
    lc_table_set_int(t, row, 2, it->minutes);
    lc_table_set_int(t, row, 3, (int64_t)y->est);
    for (size_t i = 0; i < 2; i++) set_share(t, row, col++, y->cov[i], y->est);
    for (size_t p = 0; p < NPEOPLE; p++)
        for (size_t i = 0; c->rb[R_PEOPLE + p] >= 0 && i < 2; i++)
            set_share(t, row, col++, y->pcov[p][i], y->ptotal[p]);
    lc_table_set_int(t, row, col++, (int64_t)y->gain);
    lc_table_set_int(t, row, col++, (int64_t)y->lose);
    for (size_t p = 0; p < NPEOPLE; p++)
        if (c->rb[R_PEOPLE + p] >= 0) {
            lc_table_set_int(t, row, col++, (int64_t)llround(y->pgain[p]));
            lc_table_set_int(t, row, col++, (int64_t)llround(y->plose[p]));
        }
    return LC_OK;
}

/* ---- one scenario --------------------------------------------------------------------------- */

static lc_status scenario(lc_ctx *ctx, cmp *c, size_t sc, const folder *base, const cols *cb,
                          const folder *f)
{
    lc_status st = same_estates(ctx, c, base, f);
    if (st) return st;
    const lc_table *b = base->l->table, *s = f->l->table;
    cols cs = {0};
    tally *y = lc_calloc(c->nit + 1, sizeof *y);
    st = !y ? LC_ERR_NOMEM : cols_of(c, s, &cs);
    for (size_t r = 0; !st && r < b->nrows; r++) {
        for (size_t i = 0; i < c->nit; i++)
            tally_estate(c, &y[i], b, r, gap(num(b, cb->gca[i][0], r)), gap(num(s, cs.gca[i][0], r)));
        if (changed(c, b, cb, s, &cs, r)) st = change_row(c, sc, b, cb, s, &cs, r);
    }
    for (size_t i = 0; !st && i < c->nit; i++) st = csv_row(c, sc, &c->it[i], &y[i]);
    cols_clear(&cs);
    lc_free(y);
    return st ? lc_fail(ctx, st, "out of memory") : LC_OK;
}

/* ---- writing -------------------------------------------------------------------------------- */

static lc_status write_files(lc_ctx *ctx, cmp *c, const folder *base, lc_outdir *od)
{
    const lc_source_layer *l = base->l;
    lc_style_ctx sc = {.lang = (lc_lang)c->in->lang, .est_points = l->declared == LC_GK_POINT};
    char *qml = lc_style_qml(&sc, "changes", c->chg, 0);
    lc_table *styles = NULL;
    char now[32];
    time_t tm = time(NULL);
    struct tm utc;
    gmtime_r(&tm, &utc);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &utc);
    lc_status st = qml ? lc_style_table_create(&styles) : LC_ERR_NOMEM;
    if (!st) st = lc_style_table_add(styles, "changes", "changes", qml, true, now);
    if (st) {
        lc_free(qml);
        lc_table_destroy(styles);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory writing the changes style");
    }
    lc_gtype g = l->declared == LC_GK_POINT ? LC_G_POINT : LC_G_MULTIPOLYGON;
    lc_out_layer gpkg[2] = {{"changes", c->chg, g, l->srs_wkt, false},
                            {"layer_styles", styles, LC_G_NONE, NULL, false}};
    lc_out_layer csv = {"compare", c->csv, LC_G_NONE, NULL, false};
    int enc = c->in->csv_encoding;
    lc_ofmt csv_fmt = enc == LC_CSV_GBK ? LC_OF_CSV_GB18030 : enc == LC_CSV_UTF8 ? LC_OF_CSV_UTF8 : LC_OF_CSV;
    st = lc_io_write(ctx, lc_outdir_path(od, "changes.gpkg"), LC_OF_GPKG, gpkg, 2);
    if (!st) st = lc_io_write(ctx, lc_outdir_path(od, "changes.geojson"), LC_OF_GEOJSON, gpkg, 1);
    if (!st) st = lc_io_write_text(ctx, lc_outdir_path(od, "changes.qml"), qml);
    if (!st) st = lc_io_write(ctx, lc_outdir_path(od, "compare.csv"), csv_fmt, &csv, 1);
    lc_compare_page page = {(lc_lang)c->in->lang, c->in->names, c->in->notes, c->in->n, l->table,
                            c->cls, c->csv, c->nit};
    if (!st) st = lc_compare_html(ctx, lc_outdir_path(od, "compare.html"), &page);
    lc_free(qml);
    lc_table_destroy(styles);
    return st;
}

lc_status lc_compare_stage(lc_ctx *ctx, const lc_compare_in *in, lc_outdir *od)
{
    size_t nf = in->n + 1;
    folder *f = lc_calloc(nf, sizeof *f);
    cmp c = {.in = in};
    cols cb = {0};
    if (!f) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < nf; i++) st = read_folder(ctx, in, i, &f[i]);
    if (!st) {
        const lc_table *b = f[0].l->table;
        role_fields(in->base_dir, c.role);
        for (size_t r = 0; r < R_N; r++) {
            c.rb[r] = lc_table_field_index(b, c.role[r]);
            c.copy[r] = c.rb[r] >= 0;
            for (size_t q = 0; q < r; q++) c.copy[r] = c.copy[r] && c.rb[q] != c.rb[r];
        }
        st = find_items(ctx, &c, f, nf);
        c.col_it = st ? NULL : lc_calloc(c.nit + 1, sizeof *c.col_it);
        c.chg = lc_table_create();
        c.csv = lc_table_create();
        c.cls = lc_calloc(in->n * b->nrows + 1, 1);
        if (!st && (!c.col_it || !c.chg || !c.csv || !c.cls || changes_schema(&c, b) || csv_schema(&c) ||
                    cols_of(&c, b, &cb)))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; !st && i < in->n; i++) st = scenario(ctx, &c, i, &f[0], &cb, &f[i + 1]);
    if (!st) st = write_files(ctx, &c, &f[0], od);
    cols_clear(&cb);
    lc_table_destroy(c.chg);
    lc_table_destroy(c.csv);
    lc_free(c.col_it);
    lc_free(c.cls);
    lc_free(c.it);
    for (size_t i = 0; i < nf; i++)
        if (f[i].own) lc_source_layer_destroy(f[i].l);
    lc_free(f);
    return st;
}

lc_status lc_compare_write(lc_ctx *ctx, const lc_compare_in *in, const char *out_dir)
{
    lc_outdir *od = NULL;
    lc_status st = lc_outdir_begin(ctx, out_dir, &od);
    if (!st) st = lc_compare_stage(ctx, in, od);
    if (!st) st = lc_outdir_commit(ctx, od);
    lc_outdir_destroy(od);
    return st;
}
