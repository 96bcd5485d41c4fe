/*
 * estates.c — estate polygons into the working CRS: project, repair (GEOS make-valid),
 * index (prepared geometry, flat rings) and resolve the attribute roles (id, households,
 * ...). A layer of points gives point estates (estate_kind: the kind most features are).
 * Skipped features are logged with file, layer and feature id, and counted.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_internal.h"
#include "../core/msg.h"

/* Number of a role field for one row; NAN when absent, null, non-numeric or negative. */
static double role_number(lc_ctx *ctx, const lc_dataset *ds, long col, size_t row,
                          const char *id, size_t *bad)
{
    if (col < 0) return NAN;
    const lc_field *f = &ds->est_src->table->fields[col];
    const lc_value *v = &f->col[row];
    double d;
    if (v->kind == LC_VAL_NULL) return NAN;
    if (lc_value_number(v, &d) && d >= 0) return d;
    if (lc_listed(bad)) {
        char text[64];
        lc_warn(ctx, "%s: field '%s' = '%s' is not a non-negative number; treated as unknown",
                lc_feature_where(ds->est_src, row, id), f->name, lc_value_text(v, text, 64));
    }
    return NAN;
}

/* Without an id field: OSM's own ids ("way/123", "relation/45") or the feature id. */
static char *fallback_id(const lc_table *t, size_t row, bool is_osm)
{
    static const char *const osm[][2] = {{"osm_way_id", "way"}, {"osm_id", "relation"}};
    for (size_t k = 0; is_osm && k < 2; k++) {
        long c = lc_table_field_index(t, osm[k][0]);
        if (c >= 0 && t->fields[c].col[row].kind == LC_VAL_STR)
            return lc_asprintf("%s/%s", osm[k][1], t->fields[c].col[row].u.s);
    }
    return lc_asprintf("%" PRId64, t->fid[row]);
}

static lc_status estate_id(lc_ctx *ctx, lc_dataset *ds, long col, size_t row, char **out)
{
    char buf[256];
    const lc_table *t = ds->est_src->table;
    if (col >= 0 && t->fields[col].col[row].kind != LC_VAL_NULL) {
        *out = lc_strdup(lc_value_text(&t->fields[col].col[row], buf, sizeof buf));
    } else {
        if (col >= 0)
            lc_warn(ctx, "%s: id is null; using the feature id",
                    lc_feature_where(ds->est_src, row, NULL));
        *out = fallback_id(t, row, ds->est_src->is_osm);
    }
    return *out ? LC_OK : LC_ERR_NOMEM;
}

typedef struct {
    long col[LC_ROLE_COUNT];
    size_t bad[LC_ROLE_COUNT];
} roles;

static lc_status resolve_roles(lc_ctx *ctx, lc_dataset *ds, lc_estate *e, const roles *r,
                               size_t *bad)
{
    size_t row = e->row;
    if (estate_id(ctx, ds, r->col[LC_ROLE_ID], row, &e->id)) return LC_ERR_NOMEM;
    e->households = role_number(ctx, ds, r->col[LC_ROLE_HOUSEHOLDS], row, e->id, &bad[0]);
    e->population = role_number(ctx, ds, r->col[LC_ROLE_POPULATION], row, e->id, &bad[1]);
    e->elderly = role_number(ctx, ds, r->col[LC_ROLE_ELDERLY], row, e->id, &bad[2]);
    e->children = role_number(ctx, ds, r->col[LC_ROLE_CHILDREN], row, e->id, &bad[3]);
    e->build_year = role_number(ctx, ds, r->col[LC_ROLE_BUILD_YEAR], row, e->id, &bad[4]);
    char buf[256] = "";
    long dc = r->col[LC_ROLE_DISTRICT];
    if (dc >= 0) lc_value_text(&ds->est_src->table->fields[dc].col[row], buf, sizeof buf);
    e->district = lc_strdup(buf);
    return e->district ? LC_OK : LC_ERR_NOMEM;
}

lc_status lc_estate_index(lc_ctx *ctx, lc_estate *e, GEOSGeometry *g)
{
    GEOSContextHandle_t h = ctx->geos;
    e->geom = g;
    e->point = GEOSGeomTypeId_r(h, g) == GEOS_POINT;
    memset(&e->rings, 0, sizeof e->rings);
    e->area_m2 = 0;
    if (e->point) {
        if (!GEOSGeomGetX_r(h, g, &e->minx) || !GEOSGeomGetY_r(h, g, &e->miny))
            return LC_ERR_GEOS;
        e->maxx = e->minx, e->maxy = e->miny;
    } else {
        GEOSArea_r(h, g, &e->area_m2);
        GEOSGeom_getExtent_r(h, g, &e->minx, &e->miny, &e->maxx, &e->maxy);
    }
    e->prep = GEOSPrepare_r(h, g);
    if (!e->prep || (!e->point && lc_rings_init(ctx, g, &e->rings))) return LC_ERR_GEOS;
    return LC_OK;
}

/* The point of a point estate's geometry `g` (consumed): a Point, or a MultiPoint of one
 * point; NULL with *why for anything else (several points: which one is the estate?). */
static GEOSGeometry *estate_point(lc_ctx *ctx, GEOSGeometry *g, const char **why)
{
    GEOSContextHandle_t h = ctx->geos;
    int type = GEOSGeomTypeId_r(h, g);
    GEOSGeometry *pt = NULL;
    if (type == GEOS_POINT) return g;
    if (type == GEOS_MULTIPOINT && GEOSGetNumGeometries_r(h, g) == 1)
        pt = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, g, 0));
    else if (type == GEOS_MULTIPOINT)
        *why = _("is a MultiPoint of several points, but a point estate is one point (give one "
                 "point per estate, or the estate's polygon)");
    else
        *why = _("is not a point (most of this layer's estates are points; the layer must hold "
                 "one kind)");
    GEOSGeom_destroy_r(h, g);
    return pt;
}

/* Project + repair one row into *e; *skip when the feature cannot be used. */
static lc_status build_estate(lc_ctx *ctx, lc_dataset *ds, lc_xform *x, size_t row,
                              lc_estate *e, bool *skip, bool *repaired, size_t nskipped)
{
    const char *why = NULL;
    *skip = *repaired = false;
    GEOSGeometry *g = lc_project_row(ctx, ds->est_src, row, x, &why);
    GEOSGeometry *poly = NULL;
    lc_polyfix fix = LC_POLY_EMPTY;
    if (g && ds->points) {
        poly = estate_point(ctx, g, &why);
    } else if (g) {
        lc_status st = lc_geom_polygonal(ctx, g, &poly, &fix);
        if (st) return st;
        if (fix == LC_POLY_NOT_POLYGON) why = _("is not a polygon or multipolygon");
        else if (fix == LC_POLY_EMPTY) why = _("has no area left after repair");
    }
    if (!poly) {
        *skip = true;
        lc_skip_warn(ctx, ds->est_src, row, why, nskipped);
        return LC_OK;
    }
    *repaired = fix == LC_POLY_REPAIRED;
    e->row = row;
    if (lc_estate_index(ctx, e, poly))
        return lc_fail(ctx, LC_ERR_GEOS, "%s: cannot index geometry",
                       lc_feature_where(ds->est_src, row, NULL));
    return LC_OK;
}

/* Points or polygons: the kind most of the layer's geometries are (from their WKB headers;
 * a tie, or neither kind at all, is polygons, as before points were read). The features of
 * the other kind are skipped one by one with their reason; said here once with the counts. */
static void estate_kind(lc_ctx *ctx, lc_dataset *ds)
{
    const lc_table *t = ds->est_src->table;
    size_t n[2] = {0, 0}, first[2] = {0, 0}; /* [0] points, [1] polygons */
    for (size_t r = 0; r < t->nrows; r++) {
        int type = lc_wkb_type(t->wkb[r], t->wkb_len[r]);
        int k = type == 1 || type == 4 ? 0 : type == 3 || type == 6 ? 1 : -1;
        if (k >= 0 && !n[k]++) first[k] = r;
    }
    ds->points = n[0] > n[1];
    size_t minor = ds->points ? 1 : 0;
    if (n[0] && n[1])
        lc_warn(ctx, "%s: the layer mixes points (%zu) and polygons (%zu); the estates are the "
                "%s, and the %s are skipped (the first: %s)", ds->est_src->desc, n[0], n[1],
                ds->points ? _("points") : _("polygons"), minor ? _("polygons") : _("points"),
                lc_feature_where(ds->est_src, first[minor], NULL));
    if (ds->points)
        lc_note(ctx, "%s: the estates are points: distances are measured from the point, and "
                "a point is covered or not (k_c 1 or 0)", ds->est_src->desc);
}

static void find_roles(lc_ctx *ctx, const lc_input_settings *s, lc_dataset *ds, roles *r)
{
    memset(r, 0, sizeof *r);
    for (int k = 0; k < LC_ROLE_COUNT; k++) {
        r->col[k] = lc_table_field_index(ds->est_src->table, s->field[k]);
        bool renamed = strcmp(s->field[k], lc_role_names[k]) != 0;
        /* an OSM file has no id field by nature, and its ids are the stable ones: said, not
         * warned (a warning would fail every --strict run on an extract) */
        bool osm_id = k == LC_ROLE_ID && ds->est_src->is_osm;
        if (r->col[k] < 0 && (renamed || k == LC_ROLE_ID))
            lc_log(ctx, osm_id ? LC_LOG_INFO : LC_LOG_WARN, "%s: no field '%s' for the estate %s%s",
                   ds->est_src->desc, s->field[k], lc_role_names[k],
                   k == LC_ROLE_ID ? (osm_id ? _("; using OSM ids (way/N, relation/N)")
                                             : _("; using feature ids as estate ids"))
                                   : "");
    }
    ds->id_missing = r->col[LC_ROLE_ID] < 0;
}

/* Duplicate ids make results ambiguous to join back: warn (sorted copy, no n² scan). */
static void warn_duplicate_ids(lc_ctx *ctx, lc_dataset *ds)
{
    char **ids = lc_malloc(ds->nest * sizeof(char *) + 1);
    if (!ids) return;
    for (size_t i = 0; i < ds->nest; i++) ids[i] = ds->est[i].id;
    qsort(ids, ds->nest, sizeof(char *), lc_cmp_strp);
    size_t dup = 0;
    bool run = false; /* inside a run of equal ids: report each id once */
    for (size_t i = 1; i < ds->nest; i++) {
        bool same = strcmp(ids[i], ids[i - 1]) == 0, first = same && !run;
        run = same;
        if (first && lc_listed(&dup))
            lc_warn(ctx, "%s: estate id '%s' occurs more than once (every copy is kept; join "
                    "results by feature, not by id)", ds->est_src->desc, ids[i]);
    }
    if (lc_listed_not_all(dup)) lc_warn(ctx, "%s: ... %zu ids occur more than once in all", ds->est_src->desc, dup);
    lc_free(ids);
}

/* Which filter chose the estates: the setting, or for an OSM file the residential areas. */
static void record_filter(lc_ctx *ctx, const lc_input_settings *s, const lc_source_layer *src,
                          lc_load_result *out)
{
    out->estates_filter_osm = src->osm_residential;
    const char *where = src->osm_residential ? LC_OSM_ESTATES_WHERE : s->estates.where;
    lc_strlcpy_utf8(out->estates_filter, where ? where : "", sizeof out->estates_filter);
    if (src->osm_residential)
        lc_note(ctx, "%s: an OpenStreetMap file and no --estates-where: the estates are its "
                "residential areas (%s); --estates-where overrides this, --estates-where '' "
                "takes every multipolygon", src->desc, LC_OSM_ESTATES_WHERE);
}

lc_status lc_estates_load(lc_ctx *ctx, const lc_input_settings *s, lc_dataset *ds,
                          const char *src_def, lc_cnshift shift, lc_load_result *out)
{
    const lc_table *t = ds->est_src->table;
    lc_gkind gk = ds->est_src->declared;
    if (gk == LC_GK_LINE || gk == LC_GK_NONE)
        return lc_fail(ctx, LC_ERR_FORMAT, "%s: the layer holds %s, but estates must be polygons "
                       "or points (pick the estate layer with SRC:LAYER)", ds->est_src->desc,
                       gk == LC_GK_LINE ? _("lines") : _("no geometry"));
    lc_xform *x;
    lc_status st = lc_xform_create(ctx, src_def, shift, ds->work_wkt, &x);
    if (st) return st;
    record_filter(ctx, s, ds->est_src, out);
    estate_kind(ctx, ds);
    roles r;
    find_roles(ctx, s, ds, &r);
    size_t bad[5] = {0};
    out->estates_read = t->nrows;
    ds->est = lc_calloc(t->nrows + 1, sizeof(lc_estate));
    if (!ds->est) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_progress_begin(ctx, N_("estates"), t->nrows);
    for (size_t row = 0; !st && row < t->nrows; row++) {
        lc_progress_step(ctx, row);
        bool skip, repaired;
        lc_estate *e = &ds->est[ds->nest];
        st = build_estate(ctx, ds, x, row, e, &skip, &repaired, out->estates_skipped);
        if (st) {
            ds->nest += e->geom != NULL; /* so lc_dataset_destroy frees it */
            break;
        }
        if (skip) {
            out->estates_skipped++;
            continue;
        }
        ds->nest++; /* counted before roles so destroy frees it on failure */
        out->estates_repaired += repaired;
        st = resolve_roles(ctx, ds, e, &r, bad);
        if (!st && repaired)
            lc_info(ctx, "%s: invalid polygon repaired with make-valid",
                    lc_estate_where(ds, ds->nest - 1));
    }
    lc_progress_end(ctx);
    lc_xform_destroy(x);
    if (st) return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
    for (int k = 0; k < 5; k++)
        if (lc_listed_not_all(bad[k])) lc_warn(ctx, "%s: ... %zu unusable numbers in all for one field",
                                ds->est_src->desc, bad[k]);
    lc_skips_total(ctx, ds->est_src, out->estates_skipped, N_("estates"));
    out->id_fallbacks = ds->id_missing ? ds->nest : 0;
    out->estates_used = ds->nest;
    out->estates_points = ds->points;
    warn_duplicate_ids(ctx, ds);
    if (!ds->nest)
        return lc_fail(ctx, LC_ERR_DATA, "%s: no usable estate %s (%zu features read)",
                       ds->est_src->desc, ds->points ? _("points") : _("polygons"), t->nrows);
    return LC_OK;
}
