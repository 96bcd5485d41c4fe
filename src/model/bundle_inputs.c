/*
 * bundle_inputs.c — eligible estates, their sizes and the barrier lines; see
 * bundle_inputs.h. The filter is GDAL's: the estate layer is opened again with the
 * expression as attribute filter (geometry ignored) and the passing feature ids mark the
 * estates, so every OGR SQL operator and function works as in ogrinfo -where; a role name
 * that is no field of the layer stands for the role's field (lc_io_filter_aliases).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_inputs.h"
#include "loader.h"
#include "../core/msg.h"

lc_status lc_estates_eligible(lc_ctx *ctx, const char *filter, const lc_dataset *ds,
                              bool **out, size_t *n)
{
    bool *el = lc_calloc(ds->nest + 1, sizeof *el);
    if (!el) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    *n = 0;
    if (!filter) {
        for (size_t e = 0; e < ds->nest; e++) el[e] = true;
        *n = ds->nest;
        *out = el;
        return LC_OK;
    }
    int64_t *fids;
    size_t nf;
    lc_io_alias roles[LC_ROLE_COUNT]; /* build_year < 2000 on a layer whose field is 建成年份 */
    for (int r = 0; r < LC_ROLE_COUNT; r++)
        roles[r] = (lc_io_alias){lc_role_names[r], ds->field[r]};
    lc_status st = lc_io_select_fids(ctx, ds->est_layer->src, LC_IO_ESTATES, ds->est_layer->where,
                                     filter, roles, LC_ROLE_COUNT, &fids, &nf);
    if (st) {
        lc_free(el);
        return st;
    }
    for (size_t e = 0; e < ds->nest; e++) {
        int64_t fid = ds->est_src->table->fid[ds->est[e].row];
        el[e] = nf && bsearch(&fid, fids, nf, sizeof *fids, lc_cmp_i64) != NULL;
        *n += el[e];
    }
    lc_free(fids);
    *out = el;
    return LC_OK;
}

lc_status lc_estates_numbers(lc_ctx *ctx, const lc_dataset *ds, const char *field,
                             const char *role, double **out, size_t *unknown)
{
    const lc_table *t = ds->est_src->table;
    long col = lc_table_field_index(t, field);
    if (col < 0)
        return lc_fail(ctx, LC_ERR_DATA, "%s: no field '%s' (the %s field; choose one with "
                       "--%s-field)", ds->est_src->desc, field, _(role), role);
    double *v = lc_calloc(ds->nest + 1, sizeof *v);
    if (!v) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    *unknown = 0;
    for (size_t e = 0; e < ds->nest; e++) {
        const lc_value *val = &t->fields[col].col[ds->est[e].row];
        double d;
        if (lc_value_number(val, &d) && d >= 0 && isfinite(d)) {
            v[e] = d;
            continue;
        }
        if (lc_listed(unknown)) {
            char text[64];
            lc_warn(ctx, "%s: %s field '%s' = '%s' is not a non-negative number; counted as 0",
                    lc_estate_where(ds, e), _(role), field, lc_value_text(val, text, sizeof text));
        }
    }
    if (lc_listed_not_all(*unknown))
        lc_warn(ctx, "%s: %zu estates without a usable '%s' in all; counted as 0",
                ds->est_src->desc, *unknown, field);
    *out = v;
    return LC_OK;
}

/* Project row r; NULL with *why for what cannot be a barrier. */
static GEOSGeometry *barrier_row(lc_ctx *ctx, const lc_source_layer *src, size_t r, lc_xform *x,
                                 const char **why)
{
    GEOSGeometry *g = lc_project_row(ctx, src, r, x, why);
    if (!g) return NULL;
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == GEOS_POINT || type == GEOS_MULTIPOINT) {
        GEOSGeom_destroy_r(ctx->geos, g);
        return (*why = _("is a point, not a line or area")), NULL;
    }
    return g;
}

lc_status lc_barriers_load(lc_ctx *ctx, const lc_layer_settings *l, const char *work_wkt,
                           GEOSGeometry ***out, size_t *n, lc_barrier_counts *c)
{
    memset(c, 0, sizeof *c);
    *out = NULL, *n = 0;
    lc_source_layer *src = NULL;
    lc_xform *x = NULL;
    lc_status st = lc_read_projected(ctx, l->src, l->where, LC_IO_BARRIERS, l->srs, work_wkt,
                                     &src, &x);
    GEOSGeometry **g = NULL;
    if (!st && !(g = lc_calloc(src->table->nrows + 1, sizeof *g)))
        st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t r = 0; !st && r < src->table->nrows; r++) {
        const char *why = NULL;
        GEOSGeometry *b = barrier_row(ctx, src, r, x, &why);
        if (b) {
            g[(*n)++] = b;
            continue;
        }
        lc_skip_warn(ctx, src, r, why, c->skipped++);
    }
    if (!st) lc_skips_total(ctx, src, c->skipped, N_("barrier features"));
    if (src) c->read = src->table->nrows;
    c->used = *n;
    lc_xform_destroy(x);
    lc_source_layer_destroy(src);
    if (st) {
        for (size_t i = 0; i < *n; i++) GEOSGeom_destroy_r(ctx->geos, g[i]);
        lc_free(g);
        *n = 0;
        return st;
    }
    *out = g;
    return LC_OK;
}
