/*
 * dataset.c — load a run's inputs: read both layers, settle the CRSs (source per layer,
 * working CRS from the option or the data centre), then hand over to estates.c and
 * facilities.c. Owns the lc_dataset lifetime.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dataset_internal.h"
#include "nested.h"
#include "../core/msg.h"

void lc_dataset_destroy(lc_dataset *ds)
{
    if (!ds) return;
    GEOSContextHandle_t h = ds->ctx->geos;
    for (size_t i = 0; i < ds->nest; i++) {
        lc_estate *e = &ds->est[i];
        if (e->prep) GEOSPreparedGeom_destroy_r(h, e->prep);
        if (e->geom) GEOSGeom_destroy_r(h, e->geom);
        lc_rings_clear(&e->rings);
        lc_free(e->id);
        lc_free(e->district);
    }
    for (size_t i = 0; i < ds->nfac; i++) {
        if (ds->fac[i].pt) GEOSGeom_destroy_r(h, ds->fac[i].pt);
        lc_free(ds->fac[i].raw);
    }
    for (size_t i = 0; i < ds->ncat; i++) lc_free(ds->cat[i]);
    for (size_t i = 0; i < ds->nunmapped; i++) lc_free(ds->unmapped[i].raw);
    lc_free(ds->unmapped);
    lc_free(ds->cat);
    lc_free(ds->cat_nfac);
    lc_free(ds->est);
    lc_free(ds->fac);
    lc_free(ds->work_wkt);
    lc_free(ds->ent_off);
    lc_free(ds->ent_xy);
    lc_nesting_destroy(ds->nesting);
    lc_catmap_destroy(ds->map);
    lc_source_layer_destroy(ds->est_src);
    lc_source_layer_destroy(ds->fac_src);
    lc_free(ds);
}

const char *lc_feature_where(const lc_source_layer *src, size_t row, const char *id)
{
    static _Thread_local char buf[512];
    if (id)
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

/* The estates' median centre (recorded while reading) in WGS84 lon/lat, to pick the UTM
 * zone. */
static lc_status data_centre(lc_ctx *ctx, const lc_source_layer *src, const char *def,
                             lc_cnshift shift, double *lon, double *lat)
{
    if (!isfinite(src->centre[0]) && src->osm_residential && !src->table->nrows)
        return lc_fail(ctx, LC_ERR_DATA, "%s: no residential area (landuse='residential') in this "
                       "OpenStreetMap file; name the estates with --estates-where (e.g. "
                       "\"building IS NOT NULL\") or give them as a polygon file", src->desc);
    if (!isfinite(src->centre[0]))
        return lc_fail(ctx, LC_ERR_DATA, "%s: no estate has a usable geometry", src->desc);
    lc_xform *x;
    lc_status st = lc_xform_create(ctx, def, shift, "EPSG:4326", &x);
    if (st) return st;
    *lon = src->centre[0];
    *lat = src->centre[1];
    bool ok = lc_xform_point(x, lon, lat);
    lc_xform_destroy(x);
    if (!ok)
        return lc_fail(ctx, LC_ERR_CRS, "%s: the data centre cannot be converted to lon/lat; "
                       "check the layer's CRS", src->desc);
    return LC_OK;
}

static lc_status read_inputs(lc_ctx *ctx, const lc_settings *s, lc_dataset *ds)
{
    if (!s->estates) return lc_fail(ctx, LC_ERR_ARG, "no estate layer given (--estates)");
    if (!s->facilities)
        return lc_fail(ctx, LC_ERR_ARG, "no facility layer given (--facilities)");
    lc_status st = lc_io_read(ctx, s->estates, s->estates_where, LC_IO_ESTATES, &ds->est_src);
    if (!st)
        st = lc_io_read(ctx, s->facilities, s->facilities_where, LC_IO_FACILITIES,
                        &ds->fac_src);
    return st;
}

lc_status lc_dataset_load(lc_ctx *ctx, const lc_settings *s, const lc_options *opts,
                          lc_dataset **out, lc_run_summary *sum)
{
    *out = NULL;
    lc_dataset *ds = lc_calloc(1, sizeof *ds);
    if (!ds) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    ds->ctx = ctx;
    const char *edef, *fdef;
    lc_cnshift eshift, fshift;
    double lon = 0, lat = 0;
    lc_status st = read_inputs(ctx, s, ds);
    if (!st)
        st = lc_crs_source(ctx, ds->est_src->desc, ds->est_src->srs_wkt, s->estates_srs, &edef,
                           &eshift);
    if (!st)
        st = lc_crs_source(ctx, ds->fac_src->desc, ds->fac_src->srs_wkt, s->facilities_srs,
                           &fdef, &fshift);
    if (!st && !s->crs) st = data_centre(ctx, ds->est_src, edef, eshift, &lon, &lat);
    if (!st)
        st = lc_crs_working(ctx, s->crs, lon, lat, &ds->work_wkt, ds->work_name,
                            sizeof ds->work_name);
    if (!st) st = lc_estates_load(ctx, s, ds, edef, eshift, sum);
    if (!st) st = lc_nested_apply(ctx, s, ds, sum);
    if (!st) st = lc_facilities_load(ctx, s, opts, ds, fdef, fshift, sum);
    if (st) {
        lc_dataset_destroy(ds);
        return st;
    }
    lc_strlcpy_utf8(sum->working_crs, ds->work_name, sizeof sum->working_crs);
    *out = ds;
    return LC_OK;
}
