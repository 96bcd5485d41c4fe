/*
 * summary.c — aggregate coverage by district and category. Districts are sorted by their
 * UTF-8 bytes so the table is the same for any input order; unknown numbers (NAN) count
 * as 0 in sums, and shares are NULL when their denominator is 0.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

#define TOTAL_NAME "TOTAL"

typedef struct {
    double estates, hh, pop, eld, chi, area;
    double cov_est[LC_MAX_TIERS], cov_pop[LC_MAX_TIERS], cov_area[LC_MAX_TIERS];
    double demand, places[LC_MAX_TIERS], shortfall[LC_MAX_TIERS]; /* access */
} agg;

static double z(double v)
{
    return isnan(v) ? 0 : v;
}

static void add_estate(agg *a, const lc_estate *e, const lc_cover *cv, size_t k, size_t ei,
                       const lc_access_cat *ac)
{
    for (size_t t = 0; ac && ac->per1000 && t < cv->ntiers; t++) {
        double d = ac->demand[ei];
        a->places[t] += ac->per1000[t * cv->nest + ei] / 1000 * d;
        if (ac->shortfall) a->shortfall[t] += ac->shortfall[t * cv->nest + ei];
        if (!t) a->demand += d;
    }
    a->estates += 1;
    a->hh += z(e->households), a->pop += z(e->population);
    a->eld += z(e->elderly), a->chi += z(e->children);
    a->area += e->area_m2;
    for (size_t t = 0; t < cv->ntiers; t++) {
        size_t i = LC_COV_IDX(cv, k, t, ei);
        bool covered = !cv->g[i];
        a->cov_est[t] += covered;
        a->cov_pop[t] += covered ? z(e->population) : 0;
        a->cov_area[t] += cv->c[i] * e->area_m2;
    }
}

char **lc_summary_districts(const lc_dataset *ds, size_t *out_n)
{
    char **d = lc_malloc((ds->nest + 1) * sizeof(char *));
    if (!d) return NULL;
    for (size_t i = 0; i < ds->nest; i++) d[i] = ds->est[i].district;
    qsort(d, ds->nest, sizeof(char *), lc_cmp_strp);
    size_t n = 0;
    for (size_t i = 0; i < ds->nest; i++)
        if (!n || strcmp(d[n - 1], d[i]) != 0) d[n++] = d[i];
    *out_n = n;
    return d;
}

static lc_status add_columns(lc_table *t, const lc_cover *cv, bool access, bool equity)
{
    static const char *const base[] = {"district", "category", "estates", "households",
                                       "population", "elderly", "children"};
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < 7; i++)
        st = lc_table_add_field(t, base[i], i < 2 ? LC_FT_STRING : LC_FT_INT, 0, 0, NULL);
    static const char *const share[] = {"share", "pshare", "ashare"};
    for (size_t s = 0; !st && s < 3; s++)
        for (size_t k = 0; !st && k < cv->ntiers; k++) {
            char name[16];
            snprintf(name, sizeof name, "%s%d", share[s], cv->tier_minutes[k]);
            st = lc_table_add_field(t, name, LC_FT_REAL, 0, 0, NULL);
        }
    static const char *const acc[] = {"a", "short"};
    for (size_t s = 0; !st && access && s < 2; s++)
        for (size_t k = 0; !st && k < cv->ntiers; k++) {
            char name[16];
            snprintf(name, sizeof name, "%s%d", acc[s], cv->tier_minutes[k]);
            st = lc_table_add_field(t, name, LC_FT_REAL, 0, 0, NULL);
        }
    static const char *const eqc[] = {"gini", "palma"};
    for (size_t s = 0; !st && equity && s < 2; s++)
        for (size_t k = 0; !st && k < cv->ntiers; k++) {
            char name[16];
            snprintf(name, sizeof name, "%s%d", eqc[s], cv->tier_minutes[k]);
            st = lc_table_add_field(t, name, LC_FT_REAL, 0, 0, NULL);
        }
    return st;
}

static void set_share(lc_table *t, size_t row, size_t col, double num, double den)
{
    if (den > 0) lc_table_set_real(t, row, col, round(num / den * 1e6) / 1e6);
}

/* The equity columns of one row: Gini and Palma per tier over `n` estates idx (user guide,
 * Equity); they follow the access columns when there are any. */
typedef struct {
    const lc_equity_cat *c;
    const size_t *idx;
    size_t n, nest, col;
    lc_share *scratch;
} eq_row;

static void set_equity(lc_table *t, size_t r, size_t ntiers, const eq_row *q)
{
    for (size_t k = 0; q->c && k < ntiers; k++) {
        double g, p;
        lc_equity_measure(q->c, k, q->nest, q->idx, q->n, q->scratch, &g, &p);
        if (!isnan(g)) lc_table_set_real(t, r, q->col + k, round(g * 1e6) / 1e6);
        if (!isnan(p)) lc_table_set_real(t, r, q->col + ntiers + k, round(p * 1e4) / 1e4);
    }
}

static lc_status emit_row(lc_table *t, const char *district, const char *cat, const agg *a,
                          size_t ntiers, const lc_access_cat *ac, const eq_row *q)
{
    size_t r;
    if (lc_table_add_row(t, (int64_t)t->nrows, &r) || lc_table_set_str(t, r, 0, district) ||
        lc_table_set_str(t, r, 1, cat))
        return LC_ERR_NOMEM;
    const double v[] = {a->estates, a->hh, a->pop, a->eld, a->chi};
    for (size_t i = 0; i < 5; i++) lc_table_set_int(t, r, 2 + i, (int64_t)llround(v[i]));
    for (size_t k = 0; k < ntiers; k++) {
        set_share(t, r, 7 + k, a->cov_est[k], a->estates);
        set_share(t, r, 7 + ntiers + k, a->cov_pop[k], a->pop);
        set_share(t, r, 7 + 2 * ntiers + k, a->cov_area[k], a->area);
        if (!ac || !ac->per1000) continue;
        if (a->demand > 0)
            lc_table_set_real(t, r, 7 + 3 * ntiers + k, round(1000 * a->places[k] / a->demand * 1e4) / 1e4);
        if (ac->shortfall)
            lc_table_set_real(t, r, 7 + 4 * ntiers + k, round(a->shortfall[k] * 1e3) / 1e3);
    }
    set_equity(t, r, ntiers, q);
    return LC_OK;
}

/* The estates grouped by district: grp[at[d] .. at[d + 1]) those of district d (sorted names). */
typedef struct {
    size_t *at, *grp, *of; /* of[e]: estate e's district */
} groups;

/* One row per district for category k, then its TOTAL row. The district of each estate is
 * found by bsearch in the sorted district list (lc_summary_table). */
static lc_status category_rows(lc_table *t, const lc_dataset *ds, const lc_cover *cv, size_t k,
                               size_t nd, agg *per, const lc_access *acs, const groups *gr,
                               eq_row *q)
{
    const lc_access_cat *ac = NULL;
    for (size_t i = 0; acs && i < acs->ncat; i++)
        if (acs->cat[i].cat == k) ac = &acs->cat[i];
    agg total = {0};
    memset(per, 0, nd * sizeof(agg));
    for (size_t e = 0; e < ds->nest; e++) {
        add_estate(&per[gr->of[e]], &ds->est[e], cv, k, e, ac);
        add_estate(&total, &ds->est[e], cv, k, e, ac);
    }
    for (size_t i = 0; i < nd; i++) {
        const char *name = ds->est[gr->grp[gr->at[i]]].district;
        q->idx = &gr->grp[gr->at[i]], q->n = gr->at[i + 1] - gr->at[i];
        if (emit_row(t, name[0] ? name : "(none)", ds->cat[k], &per[i], cv->ntiers, ac, q))
            return LC_ERR_NOMEM;
    }
    q->idx = gr->grp, q->n = ds->nest;
    return emit_row(t, TOTAL_NAME, ds->cat[k], &total, cv->ntiers, ac, q);
}

/* Group the estates by district (counting sort on the index of each in `dist`). */
static lc_status group_estates(const lc_dataset *ds, char **dist, size_t nd, groups *g)
{
    g->at = lc_calloc(nd + 2, sizeof *g->at);
    g->grp = lc_malloc((ds->nest + 1) * sizeof *g->grp);
    g->of = lc_malloc((ds->nest + 1) * sizeof *g->of);
    if (!g->at || !g->grp || !g->of) return LC_ERR_NOMEM;
    for (size_t e = 0; e < ds->nest; e++) {
        char *key = ds->est[e].district;
        g->of[e] = (size_t)((char **)bsearch(&key, dist, nd, sizeof(char *), lc_cmp_strp) - dist);
        g->at[g->of[e] + 1]++;
    }
    for (size_t d = 0; d < nd; d++) g->at[d + 1] += g->at[d];
    size_t *fill = lc_malloc((nd + 1) * sizeof *fill);
    if (!fill) return LC_ERR_NOMEM;
    memcpy(fill, g->at, nd * sizeof *fill);
    for (size_t e = 0; e < ds->nest; e++) g->grp[fill[g->of[e]]++] = e;
    lc_free(fill);
    return LC_OK;
}

lc_status lc_summary_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                           const lc_access *ac, const lc_equity *eq, lc_table **out)
{
    size_t nd = 0;
    char **dist = lc_summary_districts(ds, &nd);
    agg *per = lc_calloc(nd + 1, sizeof(agg));
    lc_table *t = lc_table_create();
    groups gr = {0};
    bool access = ac && ac->ncat;
    eq_row q = {NULL, NULL, 0, ds->nest, 7 + (access ? 5 : 3) * cv->ntiers, NULL};
    lc_status st = (!dist || !per || !t) ? LC_ERR_NOMEM : add_columns(t, cv, access, eq != NULL);
    if (!st) st = group_estates(ds, dist, nd, &gr);
    if (!st && eq && !(q.scratch = lc_malloc((ds->nest + 1) * sizeof *q.scratch))) st = LC_ERR_NOMEM;
    for (size_t k = 0; !st && k < ds->ncat; k++) {
        q.c = eq ? &eq->cat[k] : NULL;
        st = category_rows(t, ds, cv, k, nd, per, ac, &gr, &q);
    }
    lc_free(dist), lc_free(per), lc_free(q.scratch);
    lc_free(gr.at), lc_free(gr.grp), lc_free(gr.of);
    if (st) {
        lc_table_destroy(t);
        return lc_fail(ctx, st, "out of memory");
    }
    *out = t;
    return LC_OK;
}
