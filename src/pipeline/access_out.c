/*
 * access_out.c — capacity-aware access in the output layers: per estate the places per
 * 1,000 of its demand (k_a5, k_a10) and, with a norm, the places it lacks (k_s5, k_s10);
 * per facility the places it counted with and its catchment's demand per place (load5,
 * load10). Values rounded to what is meaningful: 1e-4 places per 1,000, 1e-3 places.
 */
#include <math.h>
#include <stdio.h>

#include "outputs.h"

/* A real column named `name`, filled from v[i] for rows 0..n (not finite: null), rounded to
 * `unit`. */
static lc_status real_column(lc_ctx *ctx, lc_table *t, const char *name, const double *v,
                             size_t n, double unit)
{
    size_t col;
    if (lc_out_column(ctx, t, "estates", name, LC_FT_REAL, &col)) return LC_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) lc_table_set_real(t, i, col, round(v[i] / unit) * unit);
    return LC_OK;
}

lc_status lc_access_estate_fields(lc_ctx *ctx, lc_table *t, const lc_dataset *ds,
                                  const lc_cover *cv, const lc_access *ac)
{
    lc_status st = LC_OK;
    char name[32];
    for (size_t k = 0; !st && k < ac->ncat; k++) {
        const lc_access_cat *c = &ac->cat[k];
        if (!c->per1000) continue; /* no facility with places */
        for (size_t tt = 0; !st && tt < cv->ntiers; tt++) {
            lc_cover_field_name(name, sizeof name, ds->cat[c->cat], 'a', cv->tier_minutes[tt]);
            st = real_column(ctx, t, name, &c->per1000[tt * ds->nest], ds->nest, 1e-4);
            if (st || !c->shortfall) continue;
            lc_cover_field_name(name, sizeof name, ds->cat[c->cat], 's', cv->tier_minutes[tt]);
            st = real_column(ctx, t, name, &c->shortfall[tt * ds->nest], ds->nest, 1e-3);
        }
    }
    return st ? lc_fail(ctx, st, "out of memory") : LC_OK;
}

lc_status lc_access_facility_fields(lc_ctx *ctx, lc_table *t, const lc_cover *cv,
                                    const lc_access *ac)
{
    size_t nt = cv->ntiers, cols[1 + LC_MAX_TIERS];
    lc_status st = lc_out_column(ctx, t, "facilities", "places", LC_FT_REAL, &cols[0]);
    for (size_t tt = 0; !st && tt < nt; tt++) {
        char name[16];
        snprintf(name, sizeof name, "load%d", cv->tier_minutes[tt]);
        st = lc_out_column(ctx, t, "facilities", name, LC_FT_REAL, &cols[1 + tt]);
    }
    for (size_t k = 0; !st && k < ac->ncat; k++) {
        const lc_access_cat *c = &ac->cat[k];
        for (size_t i = 0; i < c->nfac; i++) {
            size_t row = c->fac[i]; /* facility rows are in ds->fac order */
            if (isnan(c->places[i])) continue;
            lc_table_set_real(t, row, cols[0], c->places[i]);
            for (size_t tt = 0; c->load && tt < nt; tt++) {
                double l = c->load[tt * c->nfac + i];
                if (isfinite(l)) lc_table_set_real(t, row, cols[1 + tt], round(l * 1e4) / 1e4);
            }
        }
    }
    return st ? lc_fail(ctx, st, "out of memory") : LC_OK;
}
