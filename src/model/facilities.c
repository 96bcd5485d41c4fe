/*
 * facilities.c — facility points into the working CRS and their category keys.
 * The raw category is the category field's text or, for OpenStreetMap sources, the
 * tags joined from generic to specific ("amenity=social_facility;social_facility=day_care;
 * social_facility:for=child"), so the mapping's segment rule picks the most specific tag.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_internal.h"
#include "../core/msg.h"

/* OSM tag columns lifted by io/read.c, generic first; "social_for" is social_facility:for. */
static const char *const osm_cols[][2] = {
    {"healthcare", "healthcare"},
    {"amenity", "amenity"},
    {"social_facility", "social_facility"},
    {"social_for", "social_facility:for"},
};
#define NOSM (sizeof osm_cols / sizeof osm_cols[0])

static void raw_from_osm(const lc_table *t, const long *cols, size_t row, char *buf,
                         size_t cap)
{
    buf[0] = '\0';
    for (size_t k = 0; k < NOSM; k++) {
        if (cols[k] < 0 || t->fields[cols[k]].col[row].kind != LC_VAL_STR) continue;
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s=%s", used ? ";" : "", osm_cols[k][1],
                 t->fields[cols[k]].col[row].u.s);
    }
}

static lc_status add_user_map(const char *key, const char *const *raws, size_t n, void *ud)
{
    for (size_t i = 0; i < n; i++)
        if (lc_catmap_add(ud, key, raws[i])) return LC_ERR_NOMEM;
    return LC_OK;
}

/* Keys named in `categories` match raw values equal to them, as the built-in keys do. */
static lc_status add_category_keys(const lc_settings *s, lc_catmap *m)
{
    for (size_t i = 0; s->categories && i < s->ncategories; i++)
        if (lc_catmap_add_key(m, s->categories[i])) return LC_ERR_NOMEM;
    return LC_OK;
}

static lc_status tally_unmapped(lc_dataset *ds, const char *raw)
{
    for (size_t i = 0; i < ds->nunmapped; i++)
        if (strcmp(ds->unmapped[i].raw, raw) == 0) return ds->unmapped[i].count++, LC_OK;
    lc_tally *p = lc_realloc(ds->unmapped, (ds->nunmapped + 1) * sizeof *p);
    if (!p) return LC_ERR_NOMEM;
    ds->unmapped = p;
    if (!(p[ds->nunmapped].raw = lc_strdup(raw))) return LC_ERR_NOMEM;
    p[ds->nunmapped++].count = 1;
    return LC_OK;
}

/* Where the raw category comes from: the category field, or OSM tag columns. */
static lc_status category_source(lc_ctx *ctx, const lc_settings *s, const lc_dataset *ds,
                                 long *field, long *osm)
{
    const lc_table *t = ds->fac_src->table;
    *field = lc_table_field_index(t, s->category_field);
    bool any_osm = false;
    for (size_t k = 0; k < NOSM; k++) {
        osm[k] = lc_table_field_index(t, osm_cols[k][0]);
        any_osm |= osm[k] >= 0;
    }
    if (*field >= 0 || (ds->fac_src->is_osm && any_osm)) return LC_OK;
    char names[512] = "";
    for (size_t f = 0; f < t->nfields && strlen(names) + 40 < sizeof names; f++) {
        strcat(names, f ? ", " : "");
        strncat(names, t->fields[f].name, 32);
    }
    return lc_fail(ctx, LC_ERR_FORMAT, "%s: no category field '%s' (fields: %s); name it with "
                   "--category-field", ds->fac_src->desc, s->category_field,
                   names[0] ? names : _("none"));
}

static lc_status build_facility(lc_ctx *ctx, lc_dataset *ds, lc_xform *x, size_t row,
                                long field, const long *osm, bool *skip, size_t nskipped)
{
    const char *why = NULL;
    GEOSGeometry *g = lc_project_row(ctx, ds->fac_src, row, x, &why);
    GEOSGeometry *pt = g ? lc_geom_point_on_surface(ctx, g) : NULL;
    if (g) GEOSGeom_destroy_r(ctx->geos, g);
    if (pt && GEOSisEmpty_r(ctx->geos, pt)) {
        GEOSGeom_destroy_r(ctx->geos, pt);
        pt = NULL, why = _("has an empty geometry");
    }
    *skip = !pt;
    if (!pt) {
        lc_skip_warn(ctx, ds->fac_src, row, why, nskipped);
        return LC_OK;
    }
    lc_facility *f = &ds->fac[ds->nfac++];
    f->row = row;
    f->pt = pt;
    f->cat = -1;
    GEOSGeomGetX_r(ctx->geos, pt, &f->x);
    GEOSGeomGetY_r(ctx->geos, pt, &f->y);
    char raw[512];
    const lc_table *t = ds->fac_src->table;
    if (field >= 0) lc_value_text(&t->fields[field].col[row], raw, sizeof raw);
    else raw_from_osm(t, osm, row, raw, sizeof raw);
    if (!(f->raw = lc_strdup(raw))) return LC_ERR_NOMEM;
    f->key = lc_catmap_lookup(ds->map, raw);
    return f->key ? LC_OK : tally_unmapped(ds, raw);
}

static int by_count_desc(const void *a, const void *b)
{
    const lc_tally *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return strcmp(x->raw, y->raw);
}

/* "'cafe' (89), 'food' (40), ...": the raw values seen most often, for a category that
 * matched nothing (a typo shows at once). Empty when there are no facilities. */
static lc_status most_frequent_raw(const lc_dataset *ds, char *buf, size_t cap)
{
    enum { SHOWN = 5 };
    buf[0] = '\0';
    const char **raw = lc_malloc(ds->nfac * sizeof *raw + 1);
    lc_tally *runs = lc_malloc(ds->nfac * sizeof *runs + 1);
    if (!raw || !runs) {
        lc_free(raw);
        lc_free(runs);
        return LC_ERR_NOMEM;
    }
    for (size_t j = 0; j < ds->nfac; j++) raw[j] = ds->fac[j].raw;
    if (ds->nfac) qsort(raw, ds->nfac, sizeof *raw, lc_cmp_strp);
    size_t nruns = 0;
    for (size_t j = 0; j < ds->nfac; j++) {
        if (!j || strcmp(raw[j], raw[j - 1]) != 0) runs[nruns++] = (lc_tally){(char *)raw[j], 0};
        runs[nruns - 1].count++;
    }
    if (nruns) qsort(runs, nruns, sizeof *runs, by_count_desc);
    for (size_t i = 0; i < nruns && i < SHOWN; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s'%s' (%zu)", i ? ", " : "",
                 runs[i].raw[0] ? runs[i].raw : _("(empty)"), runs[i].count);
    }
    if (nruns > SHOWN) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, _(" and %zu more"), nruns - SHOWN);
    }
    lc_free(raw);
    lc_free(runs);
    return LC_OK;
}

/* A category asked for by name that no facility maps to: say what the raw values are. */
static lc_status warn_empty_category(lc_ctx *ctx, const lc_settings *s, const lc_dataset *ds,
                                     const char *key)
{
    char seen[1024];
    if (most_frequent_raw(ds, seen, sizeof seen)) return LC_ERR_NOMEM;
    bool tags = lc_table_field_index(ds->fac_src->table, s->category_field) < 0;
    if (!seen[0])
        lc_warn(ctx, "category '%s': no facility in %s", key, ds->fac_src->desc);
    else if (tags)
        lc_warn(ctx, "category '%s': no facility in %s; the OSM tags seen most often: %s (map "
                "one to '%s' with --map %s=VALUE)", key, ds->fac_src->desc, seen, key, key);
    else
        lc_warn(ctx, "category '%s': no facility in %s; the values of '%s' seen most often: %s "
                "(map one to '%s' with --map %s=VALUE)", key, ds->fac_src->desc,
                s->category_field, seen, key, key);
    return LC_OK;
}

static lc_status choose_categories(lc_ctx *ctx, const lc_settings *s, lc_dataset *ds)
{
    size_t nkeys = lc_catmap_key_count(ds->map);
    size_t cap = (s->categories ? s->ncategories : nkeys) + 1;
    ds->cat = lc_calloc(cap, sizeof(char *));
    ds->cat_nfac = lc_calloc(cap, sizeof(size_t));
    if (!ds->cat || !ds->cat_nfac) return LC_ERR_NOMEM;
    for (size_t i = 0; i < (s->categories ? s->ncategories : nkeys); i++) {
        const char *k = s->categories ? s->categories[i] : lc_catmap_key(ds->map, i);
        size_t n = 0;
        for (size_t j = 0; j < ds->nfac; j++) n += ds->fac[j].key && !strcmp(ds->fac[j].key, k);
        if (!n && !s->categories) continue; /* "all found": keys with facilities */
        if (!n && warn_empty_category(ctx, s, ds, k)) return LC_ERR_NOMEM;
        if (!(ds->cat[ds->ncat] = lc_strdup(k))) return LC_ERR_NOMEM;
        ds->cat_nfac[ds->ncat++] = n;
    }
    for (size_t j = 0; j < ds->nfac; j++)
        for (size_t c = 0; ds->fac[j].key && c < ds->ncat; c++)
            if (!strcmp(ds->fac[j].key, ds->cat[c])) ds->fac[j].cat = (int)c;
    return LC_OK;
}

/* Name the most frequent unmapped values (a POI dump can have hundreds) and count all. */
static void report_unmapped(lc_ctx *ctx, lc_dataset *ds, lc_run_summary *sum)
{
    enum { SHOWN = 10 };
    if (ds->nunmapped) qsort(ds->unmapped, ds->nunmapped, sizeof(lc_tally), by_count_desc);
    size_t rest = 0;
    for (size_t i = 0; i < ds->nunmapped; i++) {
        sum->facilities_unmapped += ds->unmapped[i].count;
        if (i >= SHOWN) {
            rest += ds->unmapped[i].count;
            continue;
        }
        lc_warn(ctx, "%s: category '%s' maps to no key (%zu facilities; add it under 'map' in "
                "the config or with --map KEY=VALUE)", ds->fac_src->desc,
                ds->unmapped[i].raw[0] ? ds->unmapped[i].raw : _("(empty)"),
                ds->unmapped[i].count);
    }
    if (rest)
        lc_warn(ctx, "%s: %zu more unmapped category values (%zu facilities); all are in the "
                "facilities layer with an empty catkey", ds->fac_src->desc,
                ds->nunmapped - SHOWN, rest);
}

lc_status lc_facilities_load(lc_ctx *ctx, const lc_settings *s, const lc_options *opts,
                             lc_dataset *ds, const char *src_def, lc_cnshift shift,
                             lc_run_summary *sum)
{
    const lc_table *t = ds->fac_src->table;
    long field, osm[NOSM];
    lc_status st = category_source(ctx, s, ds, &field, osm);
    if (st) return st;
    if (!(ds->map = lc_catmap_create(s->builtin_maps)) || add_category_keys(s, ds->map) ||
        lc_options_each_map(opts, add_user_map, ds->map) ||
        !(ds->fac = lc_calloc(t->nrows + 1, sizeof(lc_facility))))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_xform *x;
    if ((st = lc_xform_create(ctx, src_def, shift, ds->work_wkt, &x))) return st;
    sum->facilities_read = t->nrows;
    for (size_t row = 0; !st && row < t->nrows; row++) {
        bool skip = false;
        st = build_facility(ctx, ds, x, row, field, osm, &skip, sum->facilities_skipped);
        sum->facilities_skipped += skip;
    }
    lc_xform_destroy(x);
    if (!st) lc_skips_total(ctx, ds->fac_src, sum->facilities_skipped, N_("facilities"));
    if (!st) st = choose_categories(ctx, s, ds);
    if (st) return lc_fail(ctx, st, "out of memory");
    report_unmapped(ctx, ds, sum);
    sum->facilities_used = ds->nfac - sum->facilities_unmapped;
    sum->categories = ds->ncat;
    return LC_OK;
}
