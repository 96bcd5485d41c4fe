/*
 * network.c — the walking network from any GDAL line source or OpenStreetMap file: keep the
 * walkable ways, project them into the working CRS and build the graph.
 *
 * Walkability (documented in README, overridable with walk_highways / walk_foot_required):
 * a way with a `highway` field is walkable when its value is in walk_highways, or in
 * walk_foot_required (trunk roads) with foot=yes/designated/permissive; never with
 * foot=no, nor with access=private/no unless foot allows it. Layers without a `highway`
 * field are taken whole.
 */
#include <stdio.h>
#include <string.h>

#include "dataset_internal.h"
#include "network.h"

/* `v` is one of the items, or of the comma-separated default when there are none. */
static bool in_list(const char *v, const char *const *items, size_t n, const char *def)
{
    if (!v) return false;
    for (size_t i = 0; i < n; i++)
        if (lc_streq_ci(v, items[i])) return true;
    if (n) return false;
    size_t len = strlen(v);
    for (const char *p = def; *p;) {
        const char *end = strchr(p, ',');
        size_t l = end ? (size_t)(end - p) : strlen(p);
        if (l == len && strncmp(p, v, l) == 0) return true;
        if (!end) break;
        p = end + 1;
    }
    return false;
}

static const char *text(const lc_table *t, long col, size_t row)
{
    return col >= 0 && t->fields[col].col[row].kind == LC_VAL_STR ? t->fields[col].col[row].u.s
                                                                   : NULL;
}

bool lc_way_walkable(const lc_settings *s, const char *highway, const char *foot,
                     const char *access)
{
    bool foot_yes = foot && (lc_streq_ci(foot, "yes") || lc_streq_ci(foot, "designated") ||
                             lc_streq_ci(foot, "permissive"));
    if (foot && lc_streq_ci(foot, "no")) return false;
    if (access && (lc_streq_ci(access, "private") || lc_streq_ci(access, "no")) && !foot_yes)
        return false;
    if (in_list(highway, s->walk_highways, s->nwalk_highways, LC_WALK_HIGHWAYS)) return true;
    return foot_yes &&
           in_list(highway, s->walk_foot_required, s->nwalk_foot_required, "trunk,trunk_link");
}

/* Project the walkable rows; counts go to *c. Returns the lines (caller frees). */
static lc_status walkable_lines(lc_ctx *ctx, const lc_settings *s, const lc_source_layer *src,
                                lc_xform *x, GEOSGeometry ***out, size_t *nout,
                                lc_net_counts *c)
{
    const lc_table *t = src->table;
    long hw = lc_table_field_index(t, "highway"), ft = lc_table_field_index(t, "foot");
    long ac = lc_table_field_index(t, "access");
    GEOSGeometry **lines = lc_calloc(t->nrows + 1, sizeof *lines);
    if (!lines) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    c->read = t->nrows;
    for (size_t r = 0; r < t->nrows; r++) {
        if (hw >= 0 && !lc_way_walkable(s, text(t, hw, r), text(t, ft, r), text(t, ac, r))) {
            c->excluded++;
            continue;
        }
        const char *why = NULL;
        GEOSGeometry *g = lc_project_row(ctx, src, r, x, &why);
        int type = g ? GEOSGeomTypeId_r(ctx->geos, g) : -1;
        if (g && type != GEOS_LINESTRING && type != GEOS_MULTILINESTRING) {
            GEOSGeom_destroy_r(ctx->geos, g);
            g = NULL, why = "is not a line";
        }
        if (!g) {
            lc_skip_warn(ctx, src, r, why, c->skipped++);
            continue;
        }
        lines[(*nout)++] = g;
    }
    lc_skips_total(ctx, src, c->skipped, "network features");
    c->used = *nout;
    *out = lines;
    return LC_OK;
}

lc_status lc_network_load(lc_ctx *ctx, const lc_settings *s, const char *work_wkt,
                          lc_graph **out, lc_net_counts *c)
{
    *out = NULL;
    memset(c, 0, sizeof *c);
    lc_source_layer *src = NULL;
    lc_xform *x = NULL;
    GEOSGeometry **lines = NULL;
    size_t n = 0;
    lc_status st = lc_read_projected(ctx, s->network, s->network_where, LC_IO_LINES,
                                     s->network_srs, work_wkt, &src, &x);
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
