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
    lc_datum_sample_clear(&ds->datum_est);
    for (size_t i = 0; i < LC_MAX_FACILITY_SOURCES; i++) lc_datum_sample_clear(&ds->datum_fac[i]);
    lc_datum_sample_clear(&ds->datum_ent);
    for (size_t i = 0; i < ds->nfac_srcs; i++) {
        if (ds->fac_srcs[i] != ds->fac_src) lc_source_layer_destroy(ds->fac_srcs[i]);
        lc_free(ds->fac_names[i]);
    }
    lc_free(ds->fac_srcs);
    lc_free(ds->fac_names);
    lc_free(ds->fac_desc);
    lc_nesting_destroy(ds->nesting);
    lc_catmap_destroy(ds->map);
    lc_catnames_destroy(ds->names);
    lc_source_layer_destroy(ds->est_src);
    lc_source_layer_destroy(ds->fac_src);
    lc_free(ds);
}

void lc_facility_uid(const lc_dataset *ds, size_t j, char *buf, size_t cap)
{
    const lc_table *t = lc_facility_source(ds, j)->table;
    size_t r = ds->fac[j].row;
    long idc = lc_table_field_index(t, "id");
    char id[64];
    if (idc >= 0 && t->fields[idc].col[r].kind != LC_VAL_NULL)
        lc_value_text(&t->fields[idc].col[r], id, sizeof id);
    else snprintf(id, sizeof id, "%lld", (long long)t->fid[r]);
    if (ds->nfac_srcs > 1) snprintf(buf, cap, "%u:%s", ds->fac[j].src + 1, id);
    else snprintf(buf, cap, "%s", id);
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

/* Search terms of the name rule with no LIKE wildcard in them: what the names of an OSM
 * file are searched for. */
static lc_status osm_words(const lc_catnames *names, const char ***out, size_t *n)
{
    const char *const *w;
    size_t nw = lc_catnames_search_terms(names, &w);
    *n = 0;
    if (!(*out = lc_malloc((nw + 1) * sizeof **out))) return LC_ERR_NOMEM;
    for (size_t i = 0; i < nw; i++)
        if (!strpbrk(w[i], "%_")) (*out)[(*n)++] = w[i];
    return LC_OK;
}

/* The name of facility source `spec` in the facilities' `source` field: a file without its
 * directory ("pois.csv", "a.gpkg:pois"), a database connection without its password. */
char *lc_facility_source_name(const char *spec)
{
    if (!strncmp(spec, "PG:", 3)) return lc_io_redact(spec);
    const char *slash = strrchr(spec, '/');
    return lc_strdup(slash && slash[1] ? slash + 1 : spec);
}

/* Every facility source, in the order given (the first is ds->fac_src), with its name and
 * the list of their descriptions for messages. */
static lc_status read_facility_sources(lc_ctx *ctx, const lc_input_settings *s, lc_dataset *ds,
                                       const char *const *words, size_t nw)
{
    size_t n = s->facility_srcs.n;
    if (n > LC_MAX_FACILITY_SOURCES)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'facilities': %zu sources, at most %d", n,
                       LC_MAX_FACILITY_SOURCES);
    ds->fac_srcs = lc_calloc(n, sizeof *ds->fac_srcs);
    ds->fac_names = lc_calloc(n, sizeof *ds->fac_names);
    if (!ds->fac_srcs || !ds->fac_names) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    size_t len = 1;
    for (size_t i = 0; i < n; i++) {
        lc_xy_spec xy = lc_xy_for(&s->facilities);
        lc_status st = lc_io_read_facilities(ctx, s->facility_srcs.items[i], s->facilities.where,
                                             words, nw, &xy, &ds->fac_srcs[i]);
        if (st) return st;
        ds->nfac_srcs = i + 1;
        if (lc_facilities_trim_osm(ds->names, ds->fac_srcs[i]))
            return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        if (!(ds->fac_names[i] = lc_facility_source_name(s->facility_srcs.items[i])))
            return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        len += strlen(ds->fac_srcs[i]->desc) + 2;
    }
    ds->fac_src = ds->fac_srcs[0];
    if (!(ds->fac_desc = lc_malloc(len))) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    ds->fac_desc[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(ds->fac_desc, ", ");
        strcat(ds->fac_desc, ds->fac_srcs[i]->desc);
    }
    return LC_OK;
}

static lc_status read_inputs(lc_ctx *ctx, const lc_input_settings *s, const lc_options *opts,
                             lc_dataset *ds)
{
    if (!s->estates.src) return lc_fail(ctx, LC_ERR_ARG, "no estate layer given (--estates)");
    if (!s->facility_srcs.n)
        return lc_fail(ctx, LC_ERR_ARG, "no facility layer given (--facilities)");
    lc_xy_spec exy = lc_xy_for(&s->estates);
    lc_status st = lc_io_read_xy(ctx, s->estates.src, s->estates.where, LC_IO_ESTATES, &exy,
                                 &ds->est_src);
    const char **words = NULL;
    size_t nw = 0;
    if (!st) st = lc_facility_names_create(ctx, s, opts, &ds->names);
    if (!st && osm_words(ds->names, &words, &nw)) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (!st) st = read_facility_sources(ctx, s, ds, words, nw);
    lc_free(words);
    return st;
}

/* Does facilities_srs apply to facility source i? To all, except to an OpenStreetMap file
 * among other sources: OSM is WGS84 by definition, and the override is meant for the tables
 * beside it (a web map's GCJ-02 POIs). */
static bool facilities_srs_applies(const lc_dataset *ds, size_t i)
{
    bool any_table = false;
    for (size_t k = 0; k < ds->nfac_srcs; k++) any_table |= !ds->fac_srcs[k]->is_osm;
    return !(ds->fac_srcs[i]->is_osm && any_table && ds->nfac_srcs > 1);
}

/* The source CRS of each facility source (facilities_srs where it applies; a table: the
 * datum its columns name, else WGS84), each datum into `datums`. */
static lc_status facility_crs(lc_ctx *ctx, const lc_input_settings *s, const lc_dataset *ds,
                              const char **defs, lc_cnshift *shifts, lc_datum_list *datums)
{
    for (size_t i = 0; i < ds->nfac_srcs; i++) {
        const lc_source_layer *src = ds->fac_srcs[i];
        bool keep = s->facilities.srs && !facilities_srs_applies(ds, i);
        if (keep)
            lc_note(ctx, "%s: an OpenStreetMap file is WGS84; facilities_srs (%s) applies to the "
                    "other facility sources only", src->desc, s->facilities.srs);
        lc_xy_spec xy = lc_xy_for(&s->facilities);
        if (keep) xy.srs = NULL;
        lc_input_datum rec;
        lc_status st = lc_source_crs(ctx, src, &xy, &defs[i], &shifts[i], &rec);
        if (st) return st;
        lc_datum_list_add(datums, &rec);
    }
    return LC_OK;
}

lc_status lc_dataset_load(lc_ctx *ctx, const lc_input_settings *s, bool network,
                          const lc_options *opts, lc_dataset **out, lc_load_counts *counts)
{
    *out = NULL;
    memset(counts, 0, sizeof *counts);
    lc_dataset *ds = lc_calloc(1, sizeof *ds);
    if (!ds) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    ds->ctx = ctx;
    ds->est_layer = &s->estates;
    ds->field = s->field;
    const char *edef, *fdef[LC_MAX_FACILITY_SOURCES];
    lc_cnshift eshift, fshift[LC_MAX_FACILITY_SOURCES];
    double lon = 0, lat = 0;
    lc_status st = read_inputs(ctx, s, opts, ds);
    lc_xy_spec exy = lc_xy_for(&s->estates);
    lc_input_datum rec;
    if (!st) st = lc_source_crs(ctx, ds->est_src, &exy, &edef, &eshift, &rec);
    if (!st) lc_datum_list_add(&counts->datums, &rec);
    if (!st) st = facility_crs(ctx, s, ds, fdef, fshift, &counts->datums);
    if (!st && !s->crs) st = data_centre(ctx, ds->est_src, edef, eshift, &lon, &lat);
    if (!st)
        st = lc_crs_working(ctx, s->crs, lon, lat, &ds->work_wkt, ds->work_name,
                            sizeof ds->work_name);
    if (!st) st = lc_estates_load(ctx, s, ds, edef, eshift, &counts->res);
    if (!st) st = lc_nested_apply(ctx, s, ds, &counts->res);
    if (!st) st = lc_facilities_load(ctx, s, opts, ds, fdef, fshift, counts);
    /* the numbers as read, for the datum check once the network is built */
    if (!st && network &&
        lc_datum_sample_take(ctx, ds->est_src, s->estates.srs, "--estates-srs", &ds->datum_est))
        st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && network && i < ds->nfac_srcs; i++)
        if (lc_datum_sample_take(ctx, ds->fac_srcs[i],
                                 facilities_srs_applies(ds, i) ? s->facilities.srs : NULL,
                                 "--facilities-srs", &ds->datum_fac[i]))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (st) {
        lc_dataset_destroy(ds);
        return st;
    }
    lc_strlcpy_utf8(counts->res.working_crs, ds->work_name, sizeof counts->res.working_crs);
    *out = ds;
    return LC_OK;
}
