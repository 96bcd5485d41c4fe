/*
 * clip.c — one area cut into the pieces within many boxes (service areas per district):
 * the area's polygons go into a GEOS STRtree once; each box takes only the polygons whose
 * envelope meets it, keeps those inside whole and cuts the others with GEOS ClipByRect
 * (linear in the polygon's vertices, no overlay). The polygons of a valid MultiPolygon are
 * disjoint, and so are their cuts by one box: the pieces form a valid MultiPolygon with no
 * union.
 */
#include <stdlib.h>
#include <string.h>

#include "geom.h"

typedef struct {
    double x0, y0, x1, y1;
} box;

static void envelope(GEOSContextHandle_t h, const GEOSGeometry *g, box *b)
{
    GEOSGeom_getXMin_r(h, g, &b->x0), GEOSGeom_getYMin_r(h, g, &b->y0);
    GEOSGeom_getXMax_r(h, g, &b->x1), GEOSGeom_getYMax_r(h, g, &b->y1);
}

/* Append the polygons of `g` (consumed) to parts[*n]. */
static lc_status keep_polygons(GEOSContextHandle_t h, GEOSGeometry *g, GEOSGeometry ***parts,
                               size_t *n, size_t *cap)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        bool empty = GEOSisEmpty_r(h, g) == 1;
        if (empty || lc_grow((void **)parts, cap, *n + 1, sizeof **parts)) {
            GEOSGeom_destroy_r(h, g);
            return empty ? LC_OK : LC_ERR_NOMEM;
        }
        (*parts)[(*n)++] = g;
        return LC_OK;
    }
    lc_status st = LC_OK;
    int ng = type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION ? GEOSGetNumGeometries_r(h, g) : 0;
    for (int i = 0; !st && i < ng; i++) {
        GEOSGeometry *c = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, g, i));
        st = c ? keep_polygons(h, c, parts, n, cap) : LC_ERR_GEOS;
    }
    GEOSGeom_destroy_r(h, g);
    return st;
}

/* The pieces of the area's polygons `poly` (hits among them) within box b, as one
 * MultiPolygon in WKB; *wkb NULL when nothing is inside. */
static lc_status clip_one(lc_ctx *ctx, GEOSGeometry *const *poly, const box *env,
                          const lc_index_hits *hits, const box *b, unsigned char **wkb,
                          size_t *len)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry **parts = NULL;
    size_t n = 0, cap = 0;
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < hits->n; i++) {
        uint32_t p = hits->items[i];
        const box *e = &env[p];
        if (e->x1 < b->x0 || e->x0 > b->x1 || e->y1 < b->y0 || e->y0 > b->y1) continue;
        bool inside = e->x0 >= b->x0 && e->x1 <= b->x1 && e->y0 >= b->y0 && e->y1 <= b->y1;
        GEOSGeometry *g = inside ? GEOSGeom_clone_r(h, poly[p])
                                 : GEOSClipByRect_r(h, poly[p], b->x0, b->y0, b->x1, b->y1);
        st = g ? keep_polygons(h, g, &parts, &n, &cap) : LC_ERR_GEOS;
    }
    *wkb = NULL, *len = 0;
    GEOSGeometry *m = NULL;
    if (!st && n) {
        m = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, (unsigned)n);
        if (m) n = 0; /* the collection owns the parts now */
        st = m ? lc_geom_to_wkb(ctx, m, wkb, len) : LC_ERR_GEOS;
    }
    for (size_t i = 0; i < n; i++) GEOSGeom_destroy_r(h, parts[i]);
    lc_free(parts);
    if (m) GEOSGeom_destroy_r(h, m);
    return st;
}

lc_status lc_geom_clip_boxes(lc_ctx *ctx, const unsigned char *wkb, size_t len,
                             const double (*boxes)[4], size_t nbox, unsigned char **out,
                             size_t *out_len)
{
    GEOSContextHandle_t h = ctx->geos;
    for (size_t i = 0; i < nbox; i++) out[i] = NULL, out_len[i] = 0;
    GEOSGeometry *g = wkb ? lc_geom_from_wkb(ctx, wkb, len) : NULL;
    if (!g) return wkb ? lc_fail(ctx, LC_ERR_GEOS, "cannot read an area to cut: %s", ctx->geos_msg)
                       : LC_OK;
    int np = GEOSGetNumGeometries_r(h, g);
    GEOSGeometry **poly = lc_calloc((size_t)np + 1, sizeof *poly);
    box *env = lc_calloc((size_t)np + 1, sizeof *env);
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    lc_status st = poly && env && tree ? LC_OK : LC_ERR_NOMEM;
    for (int i = 0; !st && i < np; i++) {
        poly[i] = (GEOSGeometry *)GEOSGetGeometryN_r(h, g, i); /* borrowed from g */
        envelope(h, poly[i], &env[i]);
        GEOSSTRtree_insert_r(h, tree, poly[i], (void *)(uintptr_t)(i + 1));
    }
    lc_index_hits hits = {0};
    for (size_t b = 0; !st && b < nbox; b++) {
        box bb = {boxes[b][0], boxes[b][1], boxes[b][2], boxes[b][3]};
        GEOSGeometry *q = GEOSGeom_createRectangle_r(h, bb.x0, bb.y0, bb.x1, bb.y1);
        if (!q) {
            st = LC_ERR_GEOS;
            break;
        }
        hits.n = 0;
        GEOSSTRtree_query_r(h, tree, q, lc_index_collect, &hits);
        GEOSGeom_destroy_r(h, q);
        if (hits.n) qsort(hits.items, hits.n, sizeof *hits.items, lc_cmp_u32); /* part order */
        st = hits.nomem ? LC_ERR_NOMEM : clip_one(ctx, poly, env, &hits, &bb, &out[b], &out_len[b]);
    }
    lc_free(hits.items);
    if (tree) GEOSSTRtree_destroy_r(h, tree);
    lc_free(poly);
    lc_free(env);
    GEOSGeom_destroy_r(h, g);
    if (st)
        for (size_t i = 0; i < nbox; i++) lc_free(out[i]), out[i] = NULL;
    return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory")
         : st ? lc_fail(ctx, st, "cutting an area into districts: %s", ctx->geos_msg) : LC_OK;
}
