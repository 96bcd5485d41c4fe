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

static lc_status add_columns(lc_table *t, const lc_cover *cv, bool access)
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
    return st;
}

static void set_share(lc_table *t, size_t row, size_t col, double num, double den)
{
    if (den > 0) lc_table_set_real(t, row, col, round(num / den * 1e6) / 1e6);
}

static lc_status emit_row(lc_table *t, const char *district, const char *cat, const agg *a,
                          size_t ntiers, const lc_access_cat *ac)
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
    return LC_OK;
}

/* One row per district for category k, then its TOTAL row. The district of each estate is
 * found by bsearch in the sorted district list. */
static lc_status category_rows(lc_table *t, const lc_dataset *ds, const lc_cover *cv, size_t k,
                               char **dist, size_t nd, agg *per, const lc_access *acs)
{
    const lc_access_cat *ac = NULL;
    for (size_t i = 0; acs && i < acs->ncat; i++)
        if (acs->cat[i].cat == k) ac = &acs->cat[i];
    agg total = {0};
    memset(per, 0, nd * sizeof(agg));
    for (size_t e = 0; e < ds->nest; e++) {
        char *key = ds->est[e].district;
        char **hit = bsearch(&key, dist, nd, sizeof(char *), lc_cmp_strp);
        add_estate(&per[hit - dist], &ds->est[e], cv, k, e, ac);
        add_estate(&total, &ds->est[e], cv, k, e, ac);
    }
    for (size_t i = 0; i < nd; i++)
        if (emit_row(t, dist[i][0] ? dist[i] : "(none)", ds->cat[k], &per[i], cv->ntiers, ac))
            return LC_ERR_NOMEM;
    return emit_row(t, TOTAL_NAME, ds->cat[k], &total, cv->ntiers, ac);
}

lc_status lc_summary_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                           const lc_access *ac, lc_table **out)
{
    size_t nd = 0;
    char **dist = lc_summary_districts(ds, &nd);
    agg *per = lc_calloc(nd + 1, sizeof(agg));
    lc_table *t = lc_table_create();
    lc_status st = (!dist || !per || !t) ? LC_ERR_NOMEM : add_columns(t, cv, ac && ac->ncat);
    for (size_t k = 0; !st && k < ds->ncat; k++)
        st = category_rows(t, ds, cv, k, dist, nd, per, ac);
    lc_free(dist);
    lc_free(per);
    if (st) {
        lc_table_destroy(t);
        return lc_fail(ctx, st, "out of memory");
    }
    *out = t;
    return LC_OK;
}
