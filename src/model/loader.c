/*
 * loader.c — reading one input layer into the working CRS, and accounting for its
 * features: the layer read and its transform, a row projected (or a point of it), where a
 * feature is for a message, and the rule for skipped features (the first LC_SKIPS_LISTED
 * listed, then a count). The loaders of the model share it; it calls none of them.
 */
#include <stdio.h>

#include "loader.h"
#include "../core/msg.h"

const char *lc_feature_where(const lc_source_layer *src, size_t row, const char *id)
{
    static _Thread_local char buf[512];
    if (src->by_row) { /* a table: the row as a spreadsheet shows it */
        long long r = (long long)src->table->fid[row] + (long long)src->row_base;
        if (id) snprintf(buf, sizeof buf, _("%s: row %lld (id %s)"), src->desc, r, id);
        else snprintf(buf, sizeof buf, _("%s: row %lld"), src->desc, r);
    } else if (id)
        snprintf(buf, sizeof buf, _("%s: feature %lld (id %s)"), src->desc,
                 (long long)src->table->fid[row], id);
    else
        snprintf(buf, sizeof buf, _("%s: feature %lld"), src->desc,
                 (long long)src->table->fid[row]);
    return buf;
}

const char *lc_estate_where(const lc_dataset *ds, size_t i)
{
    return lc_feature_where(ds->est_src, ds->est[i].row, ds->est[i].id);
}

lc_status lc_read_projected(lc_ctx *ctx, const char *spec, const char *where, lc_io_kind kind,
                            const char *srs, const char *work_wkt, lc_source_layer **src,
                            lc_xform **x)
{
    const char *def;
    lc_cnshift shift;
    *x = NULL;
    lc_status st = lc_io_read(ctx, spec, where, kind, src);
    if (!st) st = lc_crs_source(ctx, (*src)->desc, (*src)->srs_wkt, srs, &def, &shift);
    if (!st) st = lc_xform_create(ctx, def, shift, work_wkt, x);
    return st;
}

void lc_skip_warn(lc_ctx *ctx, const lc_source_layer *src, size_t row, const char *why,
                  size_t n_before)
{
    if (n_before < LC_SKIPS_LISTED)
        lc_warn(ctx, "%s %s; skipped", lc_feature_where(src, row, NULL), why);
}

void lc_skips_total(lc_ctx *ctx, const lc_source_layer *src, size_t n, const char *what)
{
    if (lc_listed_not_all(n))
        lc_warn(ctx, "%s: ... %zu %s skipped in all (the first %d are listed above)", src->desc,
                n, _(what), LC_SKIPS_LISTED);
}

bool lc_project_point(lc_ctx *ctx, const lc_source_layer *src, size_t row, lc_xform *x,
                      double *px, double *py, const char **why)
{
    GEOSGeometry *g = lc_project_row(ctx, src, row, x, why);
    GEOSGeometry *pt = g ? lc_geom_point_on_surface(ctx, g) : NULL;
    bool ok = pt && !GEOSisEmpty_r(ctx->geos, pt) && GEOSGeomGetX_r(ctx->geos, pt, px) &&
              GEOSGeomGetY_r(ctx->geos, pt, py);
    if (g) GEOSGeom_destroy_r(ctx->geos, g);
    if (pt) GEOSGeom_destroy_r(ctx->geos, pt);
    if (!ok && !*why) *why = _("has no point");
    return ok;
}

GEOSGeometry *lc_project_row(lc_ctx *ctx, const lc_source_layer *src, size_t row,
                             lc_xform *x, const char **why)
{
    const lc_table *t = src->table;
    if (!t->wkb[row] && src->row_why && src->row_why[row]) /* a table: what is wrong */
        return (*why = src->row_why[row]), NULL;
    if (!t->wkb[row]) return (*why = _("has no geometry")), NULL;
    GEOSGeometry *g = lc_geom_from_wkb(ctx, t->wkb[row], t->wkb_len[row]);
    if (!g) return (*why = _("has an unreadable geometry")), NULL;
    if (GEOSisEmpty_r(ctx->geos, g)) {
        GEOSGeom_destroy_r(ctx->geos, g);
        return (*why = _("has an empty geometry")), NULL;
    }
    GEOSGeometry *p = lc_xform_geom(ctx, x, g);
    GEOSGeom_destroy_r(ctx->geos, g);
    if (!p) *why = _("has coordinates that cannot be projected (NaN, or outside the CRS)");
    return p;
}
