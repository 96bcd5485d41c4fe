/*
 * network.c — the walking network from any GDAL line source or OpenStreetMap file: keep the
 * walkable ways, project them into the working CRS and build the graph.
 *
 * Walkability (user guide, Which ways are walkable; the three lists are settings): a way is
 * walkable when its foot value is in walk_foot_values (yes, designated, permissive), whatever
 * its highway type; else when its highway value is in walk_highways — unless its access value
 * is in walk_access_excluded (private, no). foot=no excludes it always. Trunk and motorway
 * are in no default list: walkable only through foot. A layer without a highway field has
 * every way walkable but for foot and access — unless it has Geofabrik's `fclass` (the
 * gis_osm_roads_free shapefiles): then fclass is the highway value, its track_grade1..5 are
 * tracks and its `unknown` is walkable only when walk_highways names it.
 */
#include <stdio.h>
#include <string.h>

#include "loader.h"
#include "network.h"
#include "../core/msg.h"

/* `v` is one of the items (a list setting holds its default when not given); ASCII case is
 * ignored (OSM values are lower-case, other layers' need not be). */
static bool in_list(const char *v, lc_list l)
{
    for (size_t i = 0; v && i < l.n; i++)
        if (lc_streq_ci(v, l.items[i])) return true;
    return false;
}

static const char *text(const lc_table *t, long col, size_t row)
{
    return col >= 0 && t->fields[col].col[row].kind == LC_VAL_STR ? t->fields[col].col[row].u.s
                                                                   : NULL;
}

bool lc_way_walkable(const lc_walk_settings *s, const char *highway, const char *foot,
                     const char *access)
{
    if (foot && lc_streq_ci(foot, "no")) return false;
    if (in_list(foot, s->walk_foot_values)) return true;
    if (in_list(access, s->walk_access_excluded)) return false;
    return !highway || in_list(highway, s->walk_highways);
}

/* Geofabrik's road class as an OSM highway value: its tracks carry their grade
 * (track_grade1..5) where OSM has tracktype. */
static const char *geofabrik_highway(const char *fclass)
{
    if (!fclass) return "";
    if (!strncmp(fclass, "track_grade", 11)) return "track";
    return fclass;
}

/* The column holding the highway value: `highway`, else Geofabrik's `fclass` (said once). */
static long highway_column(lc_ctx *ctx, const lc_source_layer *src, bool *geofabrik)
{
    long hw = lc_table_field_index(src->table, "highway");
    *geofabrik = false;
    if (hw >= 0) return hw;
    hw = lc_table_field_index(src->table, "fclass");
    if (hw >= 0) {
        *geofabrik = true;
        lc_note(ctx, "%s: no 'highway' field but Geofabrik's 'fclass': its values are read as "
                "the highway type (track_grade1-5 as track; unknown is not walkable)", src->desc);
    }
    return hw;
}

/* A line's id for close_network: its `id` field, else an OSM way's osm_id, else its feature
 * id; owned text. */
static char *line_id(const lc_table *t, long idc, size_t r)
{
    char buf[64];
    if (idc >= 0 && t->fields[idc].col[r].kind != LC_VAL_NULL)
        return lc_strdup(lc_value_text(&t->fields[idc].col[r], buf, sizeof buf));
    snprintf(buf, sizeof buf, "%lld", (long long)t->fid[r]);
    return lc_strdup(buf);
}

/* Project the walkable rows of `src` into *out (lines and ids); counts go to out->c. */
static lc_status walkable_lines(lc_ctx *ctx, const lc_walk_settings *s, const lc_source_layer *src,
                                lc_xform *x, lc_net_lines *out)
{
    const lc_table *t = src->table;
    bool geofabrik;
    long hw = highway_column(ctx, src, &geofabrik), ft = lc_table_field_index(t, "foot");
    long ac = lc_table_field_index(t, "access"), idc = lc_table_field_index(t, "id");
    if (idc < 0) idc = lc_table_field_index(t, "osm_id");
    lc_net_counts *c = &out->c;
    out->g = lc_calloc(t->nrows + 1, sizeof *out->g);
    out->id = lc_calloc(t->nrows + 1, sizeof *out->id);
    if (!out->g || !out->id) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    c->read = t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *highway = hw < 0 ? NULL : text(t, hw, r) ? text(t, hw, r) : "";
        if (geofabrik) highway = geofabrik_highway(highway);
        if (!lc_way_walkable(s, highway, text(t, ft, r), text(t, ac, r))) {
            c->excluded++;
            continue;
        }
        const char *why = NULL;
        GEOSGeometry *g = lc_project_row(ctx, src, r, x, &why);
        int type = g ? GEOSGeomTypeId_r(ctx->geos, g) : -1;
        if (g && type != GEOS_LINESTRING && type != GEOS_MULTILINESTRING) {
            GEOSGeom_destroy_r(ctx->geos, g);
            g = NULL, why = _("is not a line");
        }
        if (!g) {
            lc_skip_warn(ctx, src, r, why, c->skipped++);
            continue;
        }
        out->g[out->n] = g;
        if (!(out->id[out->n++] = line_id(t, idc, r)))
            return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    lc_skips_total(ctx, src, c->skipped, N_("network features"));
    c->used = out->n;
    return LC_OK;
}

lc_status lc_net_lines_read(lc_ctx *ctx, const lc_walk_settings *s, const lc_layer_settings *l,
                            const char *work_wkt, lc_net_lines *out)
{
    memset(out, 0, sizeof *out);
    lc_source_layer *src = NULL;
    lc_xform *x = NULL;
    lc_status st = lc_read_projected(ctx, l->src, l->where, LC_IO_LINES, l->srs, work_wkt, &src,
                                     &x);
    if (!st) st = walkable_lines(ctx, s, src, x, out);
    if (!st && !(out->desc = lc_strdup(src->desc))) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_xform_destroy(x);
    lc_source_layer_destroy(src);
    if (st) lc_net_lines_clear(ctx, out);
    return st;
}

void lc_net_lines_clear(lc_ctx *ctx, lc_net_lines *l)
{
    for (size_t i = 0; i < l->n; i++) {
        GEOSGeom_destroy_r(ctx->geos, l->g[i]);
        lc_free(l->id[i]);
    }
    lc_free(l->g);
    lc_free(l->id);
    lc_free(l->desc);
    memset(l, 0, sizeof *l);
}

bool lc_net_line_is(const lc_net_lines *l, size_t i, const char *id)
{
    return !strcmp(l->id[i], id) || (!strncmp(id, "way/", 4) && !strcmp(l->id[i], id + 4));
}

lc_status lc_network_load(lc_ctx *ctx, const lc_walk_settings *s, const char *work_wkt,
                          lc_graph **out, lc_net_counts *c, lc_net_lines *keep)
{
    *out = NULL;
    lc_net_lines l;
    lc_status st = lc_net_lines_read(ctx, s, &s->network, work_wkt, &l);
    *c = l.c;
    if (!st && !l.n)
        st = lc_fail(ctx, LC_ERR_DATA, "%s: no walkable line (%zu read, %zu excluded by the "
                     "walkability rule)", l.desc, l.c.read, l.c.excluded);
    if (!st)
        st = lc_graph_build(ctx, (const GEOSGeometry *const *)l.g, l.n, 0.01,
                            s->node_intersections, out);
    if (!st && keep) *keep = l; /* the caller's now */
    else lc_net_lines_clear(ctx, &l);
    return st;
}
