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

/* Project the walkable rows; counts go to *c. Returns the lines (caller frees). */
static lc_status walkable_lines(lc_ctx *ctx, const lc_walk_settings *s, const lc_source_layer *src,
                                lc_xform *x, GEOSGeometry ***out, size_t *nout,
                                lc_net_counts *c)
{
    const lc_table *t = src->table;
    bool geofabrik;
    long hw = highway_column(ctx, src, &geofabrik), ft = lc_table_field_index(t, "foot");
    long ac = lc_table_field_index(t, "access");
    GEOSGeometry **lines = lc_calloc(t->nrows + 1, sizeof *lines);
    if (!lines) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
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
        lines[(*nout)++] = g;
    }
    lc_skips_total(ctx, src, c->skipped, N_("network features"));
    c->used = *nout;
    *out = lines;
    return LC_OK;
}

lc_status lc_network_load(lc_ctx *ctx, const lc_walk_settings *s, const char *work_wkt,
                          lc_graph **out, lc_net_counts *c)
{
    *out = NULL;
    memset(c, 0, sizeof *c);
    lc_source_layer *src = NULL;
    lc_xform *x = NULL;
    GEOSGeometry **lines = NULL;
    size_t n = 0;
    lc_status st = lc_read_projected(ctx, s->network.src, s->network.where, LC_IO_LINES,
                                     s->network.srs, work_wkt, &src, &x);
    if (!st) st = walkable_lines(ctx, s, src, x, &lines, &n, c);
    if (!st && !n)
        st = lc_fail(ctx, LC_ERR_DATA, "%s: no walkable line (%zu read, %zu excluded by the "
                     "walkability rule)", src->desc, c->read, c->excluded);
    if (!st)
        st = lc_graph_build(ctx, (const GEOSGeometry *const *)lines, n, 0.01,
                            s->node_intersections, out);
    for (size_t i = 0; i < n; i++) GEOSGeom_destroy_r(ctx->geos, lines[i]);
    lc_free(lines);
    lc_xform_destroy(x);
    lc_source_layer_destroy(src);
    return st;
}
