/*
 * bundle_out.c — the bundle layers: `bundles` (union of the members, totals, the gaps a
 * shared new facility would close) and `adjacency` (one line per adjacent pair between
 * representative points), and the `bundle` field of the estates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outputs.h"
#include "../core/msg.h"

static double z(double v)
{
    return isnan(v) ? 0 : v;
}

/* The n texts joined by `sep`; sorted and without repeats when `uniq`. NULL: no memory. */
static char *join(const char **items, size_t n, const char *sep, bool uniq)
{
    if (uniq && n) qsort(items, n, sizeof *items, lc_cmp_strp);
    size_t len = 1, k = 0;
    for (size_t i = 0; i < n; i++) len += strlen(items[i]) + strlen(sep);
    char *out = lc_malloc(len);
    if (!out) return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (uniq && (!items[i][0] || (i && !strcmp(items[i], items[i - 1])))) continue;
        if (k++) strcat(out, sep);
        strcat(out, items[i]);
    }
    return out;
}

enum { F_BUNDLE, F_NEST, F_MEMBERS, F_DISTRICT, F_SIZE, F_REACHES, F_HH, F_POP, F_ELD, F_CHI,
       F_AREA, F_OLDEST, F_SPREAD, F_GAPS, F_FIXED };

static lc_status bundle_fields(lc_table *t, const lc_dataset *ds, const lc_cover *cv)
{
    static const char *const names[F_FIXED] = {
        "bundle", "n_estates", "members", "district", "size_total", "reaches", "households",
        "population", "elderly", "children", "area_ha", "oldest_yr", "spread_m", "gaps"};
    static const lc_ftype types[F_FIXED] = {
        LC_FT_INT, LC_FT_INT, LC_FT_STRING, LC_FT_STRING, LC_FT_REAL, LC_FT_INT, LC_FT_REAL,
        LC_FT_REAL, LC_FT_REAL, LC_FT_REAL, LC_FT_REAL, LC_FT_INT, LC_FT_REAL, LC_FT_STRING};
    for (size_t i = 0; i < F_FIXED; i++)
        if (lc_table_add_field(t, names[i], types[i], 0, 0, NULL)) return LC_ERR_NOMEM;
    for (size_t k = 0; k < ds->ncat; k++)
        for (size_t tt = 0; tt < cv->ntiers; tt++) {
            char name[16];
            lc_cover_field_name(name, sizeof name, ds->cat[k], 'g', cv->tier_minutes[tt]);
            if (lc_table_add_field(t, name, LC_FT_INT, 0, 0, NULL)) return LC_ERR_NOMEM;
        }
    return LC_OK;
}

/* Per category and tier, the members with a gap; and the "gaps" text. */
static lc_status bundle_gaps(lc_table *t, size_t row, const lc_dataset *ds, const lc_cover *cv,
                             const uint32_t *m, size_t nm)
{
    size_t cap = ds->ncat * cv->ntiers + 1, ni = 0, col = F_FIXED;
    char (*items)[48] = lc_malloc(cap * sizeof *items);
    const char **ip = lc_malloc(cap * sizeof *ip);
    if (!items || !ip) {
        lc_free(items), lc_free(ip);
        return LC_ERR_NOMEM;
    }
    for (size_t k = 0; k < ds->ncat; k++)
        for (size_t tt = 0; tt < cv->ntiers; tt++, col++) {
            size_t gaps = 0;
            for (size_t i = 0; i < nm; i++) gaps += cv->g[LC_COV_IDX(cv, k, tt, m[i])] != 0;
            lc_table_set_int(t, row, col, (int64_t)gaps);
            if (!gaps) continue;
            snprintf(items[ni], sizeof items[ni], "%s%d:%zu/%zu", ds->cat[k], cv->tier_minutes[tt],
                     gaps, nm);
            ip[ni] = items[ni], ni++;
        }
    char *text = join(ip, ni, " ", false);
    lc_status st = text ? lc_table_set_str(t, row, F_GAPS, text) : LC_ERR_NOMEM;
    lc_free(text), lc_free(items), lc_free(ip);
    return st;
}

/* Totals, districts, member ids and the spread of bundle b into row b. */
static lc_status bundle_values(lc_table *t, size_t b, const lc_dataset *ds,
                               const lc_bundling *bl)
{
    const uint32_t *m = bl->members + bl->moff[b];
    size_t nm = bl->moff[b + 1] - bl->moff[b];
    double size = 0, hh = 0, pop = 0, eld = 0, chi = 0, area = 0, oldest = INFINITY;
    double w = 0, sx = 0, sy = 0;
    const char **ip = lc_malloc((2 * nm + 1) * sizeof *ip);
    if (!ip) return LC_ERR_NOMEM;
    const char **dp = ip + nm;
    for (size_t i = 0; i < nm; i++) {
        const lc_estate *e = &ds->est[m[i]];
        size += bl->size[m[i]];
        hh += z(e->households), pop += z(e->population);
        eld += z(e->elderly), chi += z(e->children), area += e->area_m2;
        if (!isnan(e->build_year)) oldest = fmin(oldest, e->build_year);
        w += e->area_m2, sx += e->area_m2 * bl->cxy[2 * m[i]], sy += e->area_m2 * bl->cxy[2 * m[i] + 1];
        ip[i] = e->id, dp[i] = e->district;
    }
    char *ids = join(ip, nm, ",", false), *dist = join(dp, nm, ",", true);
    lc_free(ip);
    lc_status st = ids && dist ? LC_OK : LC_ERR_NOMEM;
    double inertia = 0;
    for (size_t i = 0; i < nm; i++) {
        double dx = bl->cxy[2 * m[i]] - sx / w, dy = bl->cxy[2 * m[i] + 1] - sy / w;
        inertia += ds->est[m[i]].area_m2 * (dx * dx + dy * dy);
    }
    lc_table_set_int(t, b, F_BUNDLE, (int64_t)b + 1);
    lc_table_set_int(t, b, F_NEST, (int64_t)nm);
    if (!st) st = lc_table_set_str(t, b, F_MEMBERS, ids);
    if (!st) st = lc_table_set_str(t, b, F_DISTRICT, dist);
    lc_table_set_real(t, b, F_SIZE, size);
    lc_table_set_int(t, b, F_REACHES, size >= bl->min_size);
    lc_table_set_real(t, b, F_HH, hh);
    lc_table_set_real(t, b, F_POP, pop);
    lc_table_set_real(t, b, F_ELD, eld);
    lc_table_set_real(t, b, F_CHI, chi);
    lc_table_set_real(t, b, F_AREA, round(area / 100.0) / 100.0);
    if (isfinite(oldest)) lc_table_set_int(t, b, F_OLDEST, (int64_t)oldest);
    lc_table_set_real(t, b, F_SPREAD, round(sqrt(inertia / w) * 10) / 10);
    lc_free(ids);
    lc_free(dist);
    return st;
}

/* The union of the members' polygons as the row's geometry. */
static lc_status bundle_geometry(lc_ctx *ctx, lc_table *t, size_t b, const lc_dataset *ds,
                                 const lc_bundling *bl)
{
    size_t nm = bl->moff[b + 1] - bl->moff[b];
    GEOSGeometry **parts = lc_calloc(nm + 1, sizeof *parts);
    if (!parts) return LC_ERR_NOMEM;
    for (size_t i = 0; i < nm; i++)
        parts[i] = GEOSGeom_clone_r(ctx->geos, ds->est[bl->members[bl->moff[b] + i]].geom);
    GEOSGeometry *u = lc_geom_union(ctx, parts, nm);
    lc_free(parts);
    if (!u) return lc_fail(ctx, LC_ERR_GEOS, "union of bundle %zu failed: %s", b + 1, ctx->geos_msg);
    unsigned char *wkb;
    size_t len;
    lc_status st = lc_geom_to_wkb(ctx, u, &wkb, &len);
    GEOSGeom_destroy_r(ctx->geos, u);
    if (!st) lc_table_set_wkb(t, b, wkb, len);
    return st;
}

lc_status lc_bundles_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                           const lc_bundling *bl, lc_table **out)
{
    lc_table *t = lc_table_create();
    lc_status st = t ? bundle_fields(t, ds, cv) : LC_ERR_NOMEM;
    for (size_t b = 0; !st && b < bl->nb; b++) {
        size_t row;
        st = lc_table_add_row(t, (int64_t)b + 1, &row);
        if (!st) st = bundle_values(t, b, ds, bl);
        if (!st) st = bundle_gaps(t, b, ds, cv, bl->members + bl->moff[b], bl->moff[b + 1] - bl->moff[b]);
        if (!st) st = bundle_geometry(ctx, t, b, ds, bl);
    }
    if (st) {
        lc_table_destroy(t);
        return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
    }
    *out = t;
    return LC_OK;
}

/* The line between two points as WKB. */
static lc_status segment_wkb(lc_ctx *ctx, const double *a, const double *b, unsigned char **wkb,
                             size_t *len)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(ctx->geos, 2, 2);
    if (!cs) return LC_ERR_GEOS;
    GEOSCoordSeq_setXY_r(ctx->geos, cs, 0, a[0], a[1]);
    GEOSCoordSeq_setXY_r(ctx->geos, cs, 1, b[0], b[1]);
    GEOSGeometry *l = GEOSGeom_createLineString_r(ctx->geos, cs);
    if (!l) return LC_ERR_GEOS;
    lc_status st = lc_geom_to_wkb(ctx, l, wkb, len);
    GEOSGeom_destroy_r(ctx->geos, l);
    return st;
}

lc_status lc_adjacency_table(lc_ctx *ctx, const lc_dataset *ds, const lc_bundling *bl,
                             lc_table **out)
{
    static const char *const names[] = {"estate_a", "estate_b", "gap_m", "shared_m",
                                        "cross_district", "joinable", "same_bundle"};
    static const lc_ftype types[] = {LC_FT_STRING, LC_FT_STRING, LC_FT_REAL, LC_FT_REAL,
                                     LC_FT_INT, LC_FT_INT, LC_FT_INT};
    lc_table *t = lc_table_create();
    lc_status st = t ? LC_OK : LC_ERR_NOMEM;
    for (size_t i = 0; !st && i < 7; i++) st = lc_table_add_field(t, names[i], types[i], 0, 0, NULL);
    for (size_t i = 0; !st && i < bl->adj.npairs; i++) {
        const lc_adj_pair *p = &bl->adj.pairs[i];
        size_t row, len;
        unsigned char *w;
        if ((st = segment_wkb(ctx, bl->adj.rep_xy + 2 * p->a, bl->adj.rep_xy + 2 * p->b, &w, &len)))
            break;
        if (lc_table_add_row(t, (int64_t)i + 1, &row)) {
            lc_free(w);
            st = LC_ERR_NOMEM;
            break;
        }
        lc_table_set_wkb(t, row, w, len);
        if (lc_table_set_str(t, row, 0, ds->est[p->a].id) || lc_table_set_str(t, row, 1, ds->est[p->b].id))
            st = LC_ERR_NOMEM;
        lc_table_set_real(t, row, 2, round(p->gap_m * 100) / 100);
        lc_table_set_real(t, row, 3, round(p->shared_m * 100) / 100);
        lc_table_set_int(t, row, 4, p->cross_district);
        lc_table_set_int(t, row, 5, !(p->cross_district && bl->same_district));
        lc_table_set_int(t, row, 6, bl->bundle[p->a] == bl->bundle[p->b]);
    }
    if (st) {
        lc_table_destroy(t);
        return lc_fail(ctx, st, st == LC_ERR_NOMEM ? _("out of memory") : _("adjacency line failed"));
    }
    *out = t;
    return LC_OK;
}

lc_status lc_bundle_estate_field(lc_ctx *ctx, lc_table *t, const lc_dataset *ds,
                                 const lc_bundling *bl)
{
    size_t col;
    if (lc_out_column(ctx, t, "estates", "bundle", LC_FT_INT, &col))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; e < ds->nest; e++)
        if (bl->bundle[e] >= 0) lc_table_set_int(t, e, col, bl->bundle[e] + 1);
    return LC_OK;
}
