/*
 * equity.c — Gini, Palma and the Lorenz curve of per-capita access (see equity.h), and the
 * access and people of a run they are taken over.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "equity.h"
#include "priority.h"

static int by_access(const void *pa, const void *pb)
{
    const lc_share *a = pa, *b = pb;
    return (a->a > b->a) - (a->a < b->a);
}

void lc_share_sort(lc_share *p, size_t n)
{
    if (n > 1) qsort(p, n, sizeof *p, by_access);
}

/* Sorted by A, the double sum Σᵢ Σⱼ wᵢ wⱼ |Aᵢ − Aⱼ| is twice Σᵢ wᵢ (Aᵢ Cᵢ − Sᵢ), with Cᵢ and
 * Sᵢ the people and the access (Σ w A) of the estates before i: each pair counted once, from
 * its better-served side. Ties add 0 in either order. 2 W² μ = 2 W Σ w A. */
double lc_gini_sorted(const lc_share *p, size_t n)
{
    double c = 0, s = 0, sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += p[i].w * (p[i].a * c - s);
        c += p[i].w, s += p[i].w * p[i].a;
    }
    if (!(c > 0)) return NAN; /* nobody counted: no measure, not "all equal" */
    return s > 0 ? sum / (c * s) : 0;
}

/* The access held by the people ranked in [lo, hi) of the W people: each estate's share of
 * the range pro rata to its people inside it. */
static double held(const lc_share *p, size_t n, double lo, double hi)
{
    double c = 0, sum = 0;
    for (size_t i = 0; i < n; i++) {
        double in = fmin(c + p[i].w, hi) - fmax(c, lo);
        if (in > 0) sum += in * p[i].a;
        c += p[i].w;
    }
    return sum;
}

double lc_palma_sorted(const lc_share *p, size_t n)
{
    double w = 0;
    for (size_t i = 0; i < n; i++) w += p[i].w;
    double bottom = held(p, n, 0, 0.4 * w);
    return bottom > 0 ? held(p, n, 0.9 * w, w) / bottom : NAN;
}

void lc_lorenz_sorted(const lc_share *p, size_t n, double *x, double *y)
{
    double w = 0, s = 0;
    for (size_t i = 0; i < n; i++) w += p[i].w, s += p[i].w * p[i].a;
    double cw = 0, cs = 0;
    x[0] = y[0] = 0;
    for (size_t i = 0; i < n; i++) {
        cw += p[i].w, cs += p[i].w * p[i].a;
        x[i + 1] = w > 0 ? cw / w : 0;
        y[i + 1] = s > 0 ? cs / s : 0;
    }
}

/* ---- the measures of a run ------------------------------------------------------------- */

void lc_equity_measure(const lc_equity_cat *c, size_t t, size_t nest, const size_t *idx,
                       size_t n, lc_share *scratch, double *gini, double *palma)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (c->w[idx[i]] > 0) scratch[m++] = (lc_share){c->a[t * nest + idx[i]], c->w[idx[i]]};
    lc_share_sort(scratch, m);
    *gini = lc_gini_sorted(scratch, m);
    *palma = lc_palma_sorted(scratch, m);
}

/* Category k's A (k_a, or covered 0/1 per tier) and w (its demand, counted when positive). */
static void fill_category(const lc_access_settings *s, const lc_dataset *ds, const lc_cover *cv,
                          const lc_access_cat *ac, lc_equity_cat *c)
{
    size_t ne = ds->nest;
    const char *key = ds->cat[c->cat];
    c->places = ac != NULL, c->ac = ac;
    c->role = ac ? ac->demand_field : lc_priority_role(s, key);
    for (size_t e = 0; e < ne; e++) {
        double w = ac ? ac->demand[e] : lc_priority_demand(s, &ds->est[e], key);
        c->w[e] = isfinite(w) && w > 0 ? w : 0;
        c->counted += c->w[e] > 0;
        for (size_t t = 0; t < cv->ntiers; t++)
            c->a[t * ne + e] = ac ? ac->per1000[t * ne + e] : !cv->g[LC_COV_IDX(cv, c->cat, t, e)];
    }
}

lc_status lc_equity_compute(lc_ctx *ctx, const lc_access_settings *s, const lc_dataset *ds,
                            const lc_cover *cv, const lc_access *ac, lc_equity *out)
{
    memset(out, 0, sizeof *out);
    out->ntiers = cv->ntiers, out->nest = ds->nest;
    out->cat = lc_calloc(cv->ncat + 1, sizeof *out->cat);
    size_t *all = lc_malloc((ds->nest + 1) * sizeof *all);
    lc_share *scratch = lc_malloc((ds->nest + 1) * sizeof *scratch);
    lc_status st = out->cat && all && scratch ? LC_OK : LC_ERR_NOMEM;
    for (size_t e = 0; !st && e < ds->nest; e++) all[e] = e;
    for (size_t k = 0; !st && k < cv->ncat; k++) {
        lc_equity_cat *c = &out->cat[out->ncat++];
        c->cat = k;
        c->w = lc_malloc((ds->nest + 1) * sizeof *c->w);
        c->a = lc_malloc((cv->ntiers * ds->nest + 1) * sizeof *c->a);
        if (!c->w || !c->a) {
            st = LC_ERR_NOMEM;
            break;
        }
        const lc_access_cat *with = NULL;
        for (size_t i = 0; ac && i < ac->ncat; i++)
            if (ac->cat[i].cat == k && ac->cat[i].per1000) with = &ac->cat[i];
        fill_category(s, ds, cv, with, c);
        for (size_t t = 0; t < cv->ntiers; t++)
            lc_equity_measure(c, t, ds->nest, all, ds->nest, scratch, &c->gini[t], &c->palma[t]);
    }
    lc_free(all), lc_free(scratch);
    if (st) {
        lc_equity_clear(out);
        return lc_fail(ctx, st, "out of memory");
    }
    return LC_OK;
}

void lc_equity_clear(lc_equity *eq)
{
    for (size_t k = 0; eq->cat && k < eq->ncat; k++) lc_free(eq->cat[k].w), lc_free(eq->cat[k].a);
    lc_free(eq->cat);
    memset(eq, 0, sizeof *eq);
}
