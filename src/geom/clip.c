/*
 * clip.c — one area cut into the pieces within many boxes (service areas per district):
 * the area's polygons go into a GEOS STRtree once; each box takes only the polygons whose
 * envelope meets it, keeps those inside whole and cuts the others with GEOS ClipByRect
 * (linear in the polygon's vertices, no overlay; a polygon with many holes has its holes
 * sorted out first, cut_many_holes). The polygons of a valid MultiPolygon are disjoint, and
 * so are their cuts by one box: the pieces form a valid MultiPolygon with no union.
 */
#include <stdlib.h>
#include <string.h>

#include "geom.h"

typedef struct {
    double x0, y0, x1, y1;
} box;

#define CUT_MAX_HOLES 64


/* Envelope of g (any geometry, a ring too). */
static box bounds(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    box b;
    GEOSGeom_getXMin_r(h, g, &b.x0), GEOSGeom_getYMin_r(h, g, &b.y0);
    GEOSGeom_getXMax_r(h, g, &b.x1), GEOSGeom_getYMax_r(h, g, &b.y1);
    return b;
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

/* The polygons of `g` (consumed) into an array (their owner now); NULL on failure. */
static GEOSGeometry **pieces_of(GEOSContextHandle_t h, GEOSGeometry *g, size_t *n)
{
    GEOSGeometry **parts = NULL;
    size_t cap = 0;
    *n = 0;
    if (keep_polygons(h, g, &parts, n, &cap)) {
        for (size_t i = 0; i < *n; i++) GEOSGeom_destroy_r(h, parts[i]);
        lc_free(parts);
        return NULL;
    }
    return parts ? parts : lc_calloc(1, sizeof *parts);
}

/* A polygon of `shell` and `holes` (rings, cloned; `extra` more holes after its own). */
static GEOSGeometry *with_holes(GEOSContextHandle_t h, const GEOSGeometry *piece,
                                const GEOSGeometry *const *extra, size_t nextra)
{
    int own = GEOSGetNumInteriorRings_r(h, piece);
    size_t n = (size_t)own + nextra;
    GEOSGeometry **holes = lc_calloc(n + 1, sizeof *holes);
    GEOSGeometry *shell = GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, piece));
    bool ok = holes && shell;
    for (size_t i = 0; ok && i < n; i++)
        ok = (holes[i] = GEOSGeom_clone_r(h, i < (size_t)own ? GEOSGetInteriorRingN_r(h, piece, (int)i)
                                                             : extra[i - own])) != NULL;
    GEOSGeometry *p = ok ? GEOSGeom_createPolygon_r(h, shell, holes, (unsigned)n) : NULL;
    if (!p) {
        if (shell) GEOSGeom_destroy_r(h, shell);
        for (size_t i = 0; holes && i < n; i++)
            if (holes[i]) GEOSGeom_destroy_r(h, holes[i]);
    }
    lc_free(holes);
    return p;
}

/* A point strictly inside the ring `hole` (NULL on failure). */
static GEOSGeometry *inside_point(GEOSContextHandle_t h, const GEOSGeometry *hole)
{
    GEOSGeometry *r = GEOSGeom_clone_r(h, hole);
    GEOSGeometry *poly = r ? GEOSGeom_createPolygon_r(h, r, NULL, 0) : NULL;
    if (!poly && r) GEOSGeom_destroy_r(h, r);
    GEOSGeometry *pt = poly ? GEOSPointOnSurface_r(h, poly) : NULL;
    if (poly) GEOSGeom_destroy_r(h, poly);
    return pt;
}

/* Polygon g with many holes within box b. ClipByRect matches every hole against the pieces
 * it builds (a city's 10-minute walking area has 84k holes: 43 s for four boxes), and an
 * overlay places holes by scanning the shells (22 s). So: the holes wholly outside the box
 * are dropped, those crossing its edges cut with the shell (few), and those wholly inside
 * the box are given back to the piece that holds a point inside them (1.1 s). NULL when the
 * pieces leave a hole without a home (then the caller clips as GEOS does). */
static GEOSGeometry *cut_many_holes(GEOSContextHandle_t h, const GEOSGeometry *g, const box *b)
{
    int nh = GEOSGetNumInteriorRings_r(h, g);
    const GEOSGeometry **inner = lc_calloc((size_t)nh + 1, sizeof *inner);
    GEOSGeometry **cross = lc_calloc((size_t)nh + 1, sizeof *cross);
    size_t ni = 0, nc = 0;
    bool ok = inner && cross;
    for (int i = 0; ok && i < nh; i++) {
        const GEOSGeometry *ring = GEOSGetInteriorRingN_r(h, g, i);
        box e = bounds(h, ring);
        if (e.x1 <= b->x0 || e.x0 >= b->x1 || e.y1 <= b->y0 || e.y0 >= b->y1) continue;
        if (e.x0 > b->x0 && e.x1 < b->x1 && e.y0 > b->y0 && e.y1 < b->y1) inner[ni++] = ring;
        else ok = (cross[nc++] = GEOSGeom_clone_r(h, ring)) != NULL;
    }
    GEOSGeometry *shell = ok ? GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, g)) : NULL;
    GEOSGeometry *few = shell ? GEOSGeom_createPolygon_r(h, shell, cross, (unsigned)nc) : NULL;
    if (few) nc = 0; /* the polygon owns the crossing holes */
    else if (shell) GEOSGeom_destroy_r(h, shell);
    for (size_t i = 0; i < nc; i++) GEOSGeom_destroy_r(h, cross[i]);
    lc_free(cross);
    GEOSGeometry *clipped = few ? GEOSClipByRect_r(h, few, b->x0, b->y0, b->x1, b->y1) : NULL;
    if (few) GEOSGeom_destroy_r(h, few);
    size_t np = 0;
    GEOSGeometry **piece = clipped ? pieces_of(h, clipped, &np) : NULL;
    /* each inner hole to the piece holding a point inside it */
    const GEOSPreparedGeometry **prep = piece ? lc_calloc(np + 1, sizeof *prep) : NULL;
    box *env = piece ? lc_calloc(np + 1, sizeof *env) : NULL;
    size_t *home = lc_calloc(ni + 1, sizeof *home);
    ok = prep && env && home;
    for (size_t j = 0; ok && j < np; j++) ok = (prep[j] = GEOSPrepare_r(h, piece[j])) != NULL, env[j] = bounds(h, piece[j]);
    for (size_t i = 0; ok && i < ni; i++) {
        GEOSGeometry *pt = inside_point(h, inner[i]);
        double x = 0, y = 0;
        ok = pt && GEOSGeomGetX_r(h, pt, &x) && GEOSGeomGetY_r(h, pt, &y);
        home[i] = np;
        for (size_t j = 0; ok && j < np && home[i] == np; j++)
            if (x >= env[j].x0 && x <= env[j].x1 && y >= env[j].y0 && y <= env[j].y1 &&
                GEOSPreparedIntersects_r(h, prep[j], pt) == 1)
                home[i] = j;
        ok = ok && home[i] < np;
        if (pt) GEOSGeom_destroy_r(h, pt);
    }
    for (size_t j = 0; prep && j < np; j++)
        if (prep[j]) GEOSPreparedGeom_destroy_r(h, prep[j]);
    /* the pieces again, with their holes */
    const GEOSGeometry **mine = ok ? lc_calloc(ni + 1, sizeof *mine) : NULL;
    GEOSGeometry **out = ok ? lc_calloc(np + 1, sizeof *out) : NULL;
    ok = ok && mine && out;
    for (size_t j = 0; ok && j < np; j++) {
        size_t m = 0;
        for (size_t i = 0; i < ni; i++)
            if (home[i] == j) mine[m++] = inner[i];
        ok = (out[j] = with_holes(h, piece[j], mine, m)) != NULL;
    }
    GEOSGeometry *res = ok ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, out, (unsigned)np) : NULL;
    for (size_t j = 0; !res && out && j < np; j++)
        if (out[j]) GEOSGeom_destroy_r(h, out[j]);
    for (size_t j = 0; piece && j < np; j++) GEOSGeom_destroy_r(h, piece[j]);
    lc_free(piece), lc_free(prep), lc_free(env), lc_free(home), lc_free(mine), lc_free(out);
    lc_free(inner);
    return res;
}

/* `g` within box b: GEOS ClipByRect (linear in the vertices) for a polygon with few holes,
 * cut_many_holes for one with many. */
static GEOSGeometry *cut(GEOSContextHandle_t h, const GEOSGeometry *g, const box *b)
{
    GEOSGeometry *c = NULL;
    if (GEOSGetNumInteriorRings_r(h, g) > CUT_MAX_HOLES) c = cut_many_holes(h, g, b);
    return c ? c : GEOSClipByRect_r(h, g, b->x0, b->y0, b->x1, b->y1);
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
        GEOSGeometry *g = inside ? GEOSGeom_clone_r(h, poly[p]) : cut(h, poly[p], b);
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
        env[i] = bounds(h, poly[i]);
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
