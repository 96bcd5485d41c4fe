/*
 * site_out.c — the `sites` layer: one point per suggested site in rank order, with its
 * marginal and cumulative covered weight, the estates it newly covers, and how the sites were
 * found: `method` (optimal, exact with a gap, heuristic) and `gap` (to the best possible).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "outputs.h"

enum { S_RANK, S_CAND, S_CAT, S_TIER, S_MODE, S_WFIELD, S_MARG, S_CUM, S_SHARE, S_NNEW, S_EST,
       S_COST, S_CAP, S_METHOD, S_GAP, S_N };

static lc_status site_fields(lc_table *t)
{
    static const char *const names[S_N] = {"rank", "candidate", "category", "tier", "mode",
                                            "weight_field", "marginal", "cumulative", "share",
                                            "n_new", "estates", "cost", "capacity", "method",
                                            "gap"};
    static const lc_ftype types[S_N] = {LC_FT_INT, LC_FT_STRING, LC_FT_STRING, LC_FT_INT,
                                        LC_FT_STRING, LC_FT_STRING, LC_FT_REAL, LC_FT_REAL,
                                        LC_FT_REAL, LC_FT_INT, LC_FT_STRING, LC_FT_REAL,
                                        LC_FT_REAL, LC_FT_STRING, LC_FT_REAL};
    for (size_t i = 0; i < S_N; i++)
        if (lc_table_add_field(t, names[i], types[i], 0, 0, NULL)) return LC_ERR_NOMEM;
    return LC_OK;
}

/* Ids of the estates assigned to rank r, comma-separated, sorted (any input order gives
 * the same text). */
static char *new_ids(const lc_dataset *ds, const lc_siting *st, size_t r, size_t *n)
{
    size_t len = 1;
    *n = 0;
    const char **ids = lc_malloc((ds->nest + 1) * sizeof *ids);
    if (!ids) return NULL;
    for (size_t e = 0; e < ds->nest; e++)
        if (st->res.assign[e] == r) len += strlen(ds->est[e].id) + 1, ids[(*n)++] = ds->est[e].id;
    qsort(ids, *n, sizeof *ids, lc_cmp_strp);
    char *s = lc_malloc(len);
    if (s) {
        s[0] = '\0';
        for (size_t k = 0; k < *n; k++) {
            if (k) strcat(s, ",");
            strcat(s, ids[k]);
        }
    }
    lc_free(ids);
    return s;
}

static lc_status site_row(lc_ctx *ctx, lc_table *t, const lc_dataset *ds, const lc_siting *st,
                          size_t r, double *cum)
{
    uint32_t j = st->res.chosen[r];
    size_t row, n;
    if (lc_table_add_row(t, (int64_t)r + 1, &row)) return LC_ERR_NOMEM;
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(ctx->geos, st->cand.xy[2 * j], st->cand.xy[2 * j + 1]);
    unsigned char *wkb;
    size_t len;
    lc_status s = p ? lc_geom_to_wkb(ctx, p, &wkb, &len) : LC_ERR_GEOS;
    if (p) GEOSGeom_destroy_r(ctx->geos, p);
    if (s) return s;
    lc_table_set_wkb(t, row, wkb, len);
    *cum += st->res.gain[r];
    char *ids = new_ids(ds, st, r, &n);
    if (!ids || lc_table_set_str(t, row, S_CAND, st->cand.id[j]) ||
        lc_table_set_str(t, row, S_CAT, st->category) ||
        lc_table_set_str(t, row, S_MODE, st->walking ? "walk" : "line") ||
        lc_table_set_str(t, row, S_WFIELD, st->weight_field) || lc_table_set_str(t, row, S_EST, ids) ||
        lc_table_set_str(t, row, S_METHOD, lc_site_method(&st->res))) {
        lc_free(ids);
        return LC_ERR_NOMEM;
    }
    lc_free(ids);
    lc_table_set_int(t, row, S_RANK, (int64_t)r + 1);
    lc_table_set_int(t, row, S_TIER, st->tier);
    lc_table_set_real(t, row, S_MARG, st->res.gain[r]);
    lc_table_set_real(t, row, S_CUM, *cum);
    if (st->total_w > 0) lc_table_set_real(t, row, S_SHARE, round(*cum / st->total_w * 1e6) / 1e6);
    lc_table_set_int(t, row, S_NNEW, (int64_t)n);
    if (!isnan(st->cand.cost[j])) lc_table_set_real(t, row, S_COST, st->cand.cost[j]);
    if (st->capacities && !isnan(st->cand.cap[j])) lc_table_set_real(t, row, S_CAP, st->cand.cap[j]);
    if (!isnan(st->res.gap)) lc_table_set_real(t, row, S_GAP, round(st->res.gap * 1e6) / 1e6);
    return LC_OK;
}

lc_status lc_sites_table(lc_ctx *ctx, const lc_dataset *ds, const lc_siting *st, lc_table **out)
{
    lc_table *t = lc_table_create();
    lc_status s = t ? site_fields(t) : LC_ERR_NOMEM;
    double cum = st->before_w;
    for (size_t r = 0; !s && r < st->res.n; r++) s = site_row(ctx, t, ds, st, r, &cum);
    if (s) {
        lc_table_destroy(t);
        return s == LC_ERR_NOMEM ? lc_fail(ctx, s, "out of memory") : lc_fail(ctx, s, "site point failed");
    }
    *out = t;
    return LC_OK;
}
