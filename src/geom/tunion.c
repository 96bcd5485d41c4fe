/*
 * tunion.c — the union of many small polygons spread over a city (service-area capsules and
 * discs): tile by tile, every hole set aside as it appears, the tiles then glued along the tile
 * lines (seams.h) or, where the seams disagree, merged pairwise by overlay.
 *
 * Why not one GEOSUnaryUnion: GEOS 3.11's overlay places each hole that shares no node with
 * a shell by scanning the coordinates of every shell whose box holds it
 * (PolygonBuilder::placeFreeHoles → EdgeRing::isInList), so a city-wide union with tens of
 * thousands of holes (the blocks a 50 m street buffer leaves uncovered) is quadratic: it was
 * four fifths of a walking run. But a hole of the union of the parts inside a rectangle is a
 * hole of the whole union (parts clipped to other rectangles cannot reach into it), so each
 * tile's and each merge's result is stripped of its holes at once, and the holes are put back
 * into the smallest shell containing them at the end. A merge then only places the few holes
 * straddling the line between its two halves, and only the polygons touching that line take
 * part in it; the others pass through unchanged. Each of these unions is one buffer by 0
 * (union_strip says why and when it falls back to the overlay).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seams.h"

/* One rectangle of the merge tree and its hole-free polygons. */
typedef struct {
    double x0, y0, x1, y1;
    lc_glist polys;
} node;

/* Append polygon p's shell (as a hole-free polygon) to `shells`, its holes to `holes`. */
static lc_status strip_polygon(GEOSContextHandle_t h, const GEOSGeometry *p, lc_glist *shells,
                               lc_glist *holes)
{
    if (GEOSisEmpty_r(h, p)) return LC_OK;
    GEOSGeometry *ring = GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, p));
    GEOSGeometry *shell = ring ? GEOSGeom_createPolygon_r(h, ring, NULL, 0) : NULL;
    if (!shell) return ring ? (GEOSGeom_destroy_r(h, ring), LC_ERR_GEOS) : LC_ERR_GEOS;
    if (lc_glist_push(shells, shell)) return GEOSGeom_destroy_r(h, shell), LC_ERR_NOMEM;
    int nh = GEOSGetNumInteriorRings_r(h, p);
    for (int i = 0; i < nh; i++) {
        GEOSGeometry *r = GEOSGeom_clone_r(h, GEOSGetInteriorRingN_r(h, p, i));
        if (!r) return LC_ERR_GEOS;
        if (lc_glist_push(holes, r)) return GEOSGeom_destroy_r(h, r), LC_ERR_NOMEM;
    }
    return LC_OK;
}

/* Split union result `u` (consumed) into hole-free polygons and holes. */
static lc_status strip(GEOSContextHandle_t h, GEOSGeometry *u, lc_glist *shells, lc_glist *holes)
{
    lc_status st = LC_OK;
    int type = GEOSGeomTypeId_r(h, u);
    if (type == GEOS_POLYGON) st = strip_polygon(h, u, shells, holes);
    else
        for (int i = 0, n = GEOSGetNumGeometries_r(h, u); !st && i < n; i++) {
            const GEOSGeometry *p = GEOSGetGeometryN_r(h, u, i);
            if (GEOSGeomTypeId_r(h, p) == GEOS_POLYGON) st = strip_polygon(h, p, shells, holes);
        }
    GEOSGeom_destroy_r(h, u);
    return st;
}

/* Does ring r have a vertex within 1 mm of a side of rect (x0, y0, x1, y1) but off it? */
static bool ring_off_side(GEOSContextHandle_t h, const GEOSGeometry *r, const double *rect)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, r);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n)) return true;
    for (unsigned i = 0; i < n; i++) {
        double c[2];
        if (!GEOSCoordSeq_getXY_r(h, cs, i, &c[0], &c[1])) return true;
        for (int s = 0; s < 4; s++) {
            double d = fabs(c[s & 1] - rect[s]);
            if (d > 0 && d < 1e-3) return true;
        }
    }
    return false;
}

/* Has union u moved vertices that should lie on a side of rect? */
static bool off_sides(GEOSContextHandle_t h, const GEOSGeometry *u, const double *rect)
{
    for (int i = 0, n = GEOSGetNumGeometries_r(h, u); i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, u, i);
        if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON || GEOSisEmpty_r(h, p)) continue;
        if (ring_off_side(h, GEOSGetExteriorRing_r(h, p), rect)) return true;
        for (int k = 0, nh = GEOSGetNumInteriorRings_r(h, p); k < nh; k++)
            if (ring_off_side(h, GEOSGetInteriorRingN_r(h, p, k), rect)) return true;
    }
    return false;
}

/* Union of the n polygons in `g` (consumed), all within rect (x0, y0, x1, y1), stripped into
 * `shells` and `holes`. GEOS's buffer by 0 does it in one pass — one noding and one graph for
 * all parts — where the cascaded union overlays pairs up a tree: 2.5 times faster on street
 * capsules. But when its noding fails, buffer retries on rounded coordinates (a 1e-5 m grid at
 * city coordinates), and parts on a tile line would no longer meet their neighbours' exactly:
 * a vertex found within 1 mm of a side but off it means that happened, and the overlay union
 * (OverlayNG, which keeps the vertices) does the rectangle instead. */
static lc_status union_strip(lc_ctx *ctx, GEOSGeometry **g, size_t n, const double *rect,
                             lc_glist *shells, lc_glist *holes)
{
    GEOSContextHandle_t h = ctx->geos;
    if (!n) return LC_OK;
    if (n == 1) return strip(h, g[0], shells, holes);
    GEOSGeometry *c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, g, (unsigned)n);
    if (!c) {
        for (size_t i = 0; i < n; i++) GEOSGeom_destroy_r(h, g[i]);
        return LC_ERR_GEOS;
    }
    GEOSGeometry *u = GEOSBuffer_r(h, c, 0, 8);
    if (u && off_sides(h, u, rect)) {
        GEOSGeom_destroy_r(h, u);
        u = NULL;
    }
    if (!u) u = GEOSUnaryUnion_r(h, c);
    GEOSGeom_destroy_r(h, c);
    return u ? strip(h, u, shells, holes) : LC_ERR_GEOS;
}

/* ---- leaves: the parts clipped to tiles -------------------------------------------- */

typedef struct {
    lc_tiles grid;
    lc_glist *cells;
    lc_clip clip;
    double *ring; /* a part's shell */
    size_t ring_cap;
} tiling;

/* The shell of g when g is one convex polygon without holes (points in t->ring), else 0. */
static size_t convex_shell(GEOSContextHandle_t h, tiling *t, const GEOSGeometry *g)
{
    if (GEOSGeomTypeId_r(h, g) != GEOS_POLYGON || GEOSGetNumInteriorRings_r(h, g) != 0) return 0;
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, g));
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || n < 4 ||
        lc_grow((void **)&t->ring, &t->ring_cap, 2 * (size_t)n, sizeof(double)) ||
        !GEOSCoordSeq_copyToBuffer_r(h, cs, t->ring, 0, 0))
        return 0;
    return lc_ring_convex(t->ring, n) ? n : 0;
}

/* Tile (c, r)'s piece of g: exact clipping for convex parts (n points in t->ring, seams.h),
 * GEOS's otherwise (n == 0; its crossing points depend on the side, so the seams may then not
 * glue). NULL with *st set on failure, NULL with *st untouched when nothing of g is there. */
static GEOSGeometry *piece_of(lc_ctx *ctx, tiling *t, const GEOSGeometry *g, size_t n, size_t c,
                              size_t r, lc_status *st)
{
    GEOSContextHandle_t h = ctx->geos;
    if (n) {
        const double *xy;
        size_t m;
        if ((*st = lc_clip_convex(&t->clip, &t->grid, c, r, t->ring, n, &xy, &m))) return NULL;
        if (!m) return NULL;
        GEOSGeometry *p = lc_geom_polygon_xy(ctx, xy, m);
        if (!p) *st = LC_ERR_GEOS;
        return p;
    }
    const lc_tiles *gr = &t->grid;
    GEOSGeometry *p = GEOSClipByRect_r(h, g, lc_tiles_line(gr, 0, c), lc_tiles_line(gr, 1, r),
                                       lc_tiles_line(gr, 0, c + 1), lc_tiles_line(gr, 1, r + 1));
    if (!p) *st = LC_ERR_GEOS;
    else if (GEOSisEmpty_r(h, p)) GEOSGeom_destroy_r(h, p), p = NULL;
    return p;
}

/* Clip part `g` (consumed) to every tile its box meets and drop the pieces there. */
static lc_status bucket(lc_ctx *ctx, tiling *t, GEOSGeometry *g)
{
    GEOSContextHandle_t h = ctx->geos;
    const lc_tiles *gr = &t->grid;
    double minx, miny, maxx, maxy;
    if (!GEOSGeom_getExtent_r(h, g, &minx, &miny, &maxx, &maxy))
        return GEOSGeom_destroy_r(h, g), LC_ERR_GEOS;
    size_t c0 = (size_t)((minx - gr->x0) / gr->tile), c1 = (size_t)((maxx - gr->x0) / gr->tile);
    size_t r0 = (size_t)((miny - gr->y0) / gr->tile), r1 = (size_t)((maxy - gr->y0) / gr->tile);
    if (c1 >= gr->nx) c1 = gr->nx - 1;
    if (r1 >= gr->ny) r1 = gr->ny - 1;
    if (c0 == c1 && r0 == r1) {
        lc_status st = lc_glist_push(&t->cells[r0 * gr->nx + c0], g);
        if (st) GEOSGeom_destroy_r(h, g);
        return st;
    }
    size_t n = convex_shell(h, t, g);
    lc_status st = LC_OK;
    for (size_t r = r0; !st && r <= r1; r++)
        for (size_t c = c0; !st && c <= c1; c++) {
            GEOSGeometry *piece = piece_of(ctx, t, g, n, c, r, &st);
            if (piece && (st = lc_glist_push(&t->cells[r * gr->nx + c], piece)))
                GEOSGeom_destroy_r(h, piece);
        }
    GEOSGeom_destroy_r(h, g);
    return st;
}

/* ---- merges ------------------------------------------------------------------------ */

/* Does polygon p reach the line x = v (axis 0) or y = v (axis 1) from its side? */
static bool reaches(GEOSContextHandle_t h, const GEOSGeometry *p, int axis, double v, bool low)
{
    double minx, miny, maxx, maxy;
    if (!GEOSGeom_getExtent_r(h, p, &minx, &miny, &maxx, &maxy)) return true;
    double lo = axis ? miny : minx, hi = axis ? maxy : maxx;
    double tol = 1e-9 * fmax(1.0, fabs(v));
    return low ? hi >= v - tol : lo <= v + tol;
}

/* Merge node b into node a across their shared side (axis 0: a left of b; 1: a below b). */
static lc_status merge(lc_ctx *ctx, node *a, node *b, int axis, lc_glist *holes)
{
    GEOSContextHandle_t h = ctx->geos;
    double v = axis ? a->y1 : a->x1;
    lc_glist keep = {0}, touch = {0};
    size_t from_a = 0; /* touch.g[0 .. from_a) came from a */
    lc_status st = LC_OK;
    for (int side = 0; side < 2; side++) {
        lc_glist *src = side ? &b->polys : &a->polys;
        for (size_t i = 0; i < src->n; i++) {
            GEOSGeometry *p = src->g[i];
            if (!st) st = lc_glist_push(reaches(h, p, axis, v, side == 0) ? &touch : &keep, p);
            if (st) GEOSGeom_destroy_r(h, p);
        }
        lc_free(src->g);
        *src = (lc_glist){0};
        if (!side) from_a = touch.n;
    }
    /* both halves must meet the line for anything to join */
    if (!st && from_a && touch.n > from_a) {
        double rect[4] = {a->x0, a->y0, axis ? a->x1 : b->x1, axis ? b->y1 : a->y1};
        st = union_strip(ctx, touch.g, touch.n, rect, &keep, holes);
        touch.n = 0; /* consumed, also on failure */
    }
    for (size_t i = 0; !st && i < touch.n; i++) {
        st = lc_glist_push(&keep, touch.g[i]);
        if (!st) touch.g[i] = NULL;
    }
    for (size_t i = 0; i < touch.n; i++)
        if (touch.g[i]) GEOSGeom_destroy_r(h, touch.g[i]);
    lc_free(touch.g);
    a->polys = keep;
    if (axis) a->y1 = b->y1;
    else a->x1 = b->x1;
    return st;
}

/* Merge the grid of nodes (nx by ny, row-major) down to node 0, halving the longer side. */
static lc_status merge_all(lc_ctx *ctx, node *nd, size_t nx, size_t ny, lc_glist *holes)
{
    lc_status st = LC_OK;
    while (!st && (nx > 1 || ny > 1)) {
        int axis = nx >= ny ? 0 : 1;
        size_t mx = axis ? nx : (nx + 1) / 2, my = axis ? (ny + 1) / 2 : ny;
        for (size_t r = 0; r < my; r++)
            for (size_t c = 0; c < mx; c++) {
                size_t ia = axis ? (2 * r) * nx + c : r * nx + 2 * c;
                bool pair = axis ? 2 * r + 1 < ny : 2 * c + 1 < nx;
                if (pair) {
                    node *b = &nd[ia + (axis ? nx : 1)];
                    if (!st) st = merge(ctx, &nd[ia], b, axis, holes);
                    lc_glist_clear(ctx->geos, &b->polys); /* emptied by the merge, unless it failed */
                }
                /* slot r * mx + c <= ia was emptied earlier in this pass: moves go backwards */
                if (r * mx + c != ia) {
                    nd[r * mx + c] = nd[ia];
                    nd[ia].polys = (lc_glist){0};
                }
            }
        for (size_t i = mx * my; i < nx * ny; i++) lc_glist_clear(ctx->geos, &nd[i].polys);
        nx = mx, ny = my;
    }
    return st;
}

/* ---- holes back into their shells -------------------------------------------------- */

/* A point on the first edge of ring r, inside the shell around it and in no island. */
static GEOSGeometry *ring_point(GEOSContextHandle_t h, const GEOSGeometry *r)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, r);
    double ax, ay, bx, by;
    if (!cs || !GEOSCoordSeq_getXY_r(h, cs, 0, &ax, &ay) || !GEOSCoordSeq_getXY_r(h, cs, 1, &bx, &by))
        return NULL;
    return GEOSGeom_createPointFromXY_r(h, (ax + bx) / 2, (ay + by) / 2);
}

/* Among the candidate shells `hits`, the smallest holding point pt (-1 when none does);
 * prepared geometries and areas are made on first use. */
static lc_status smallest_shell(GEOSContextHandle_t h, const lc_glist *shells,
                                const lc_index_hits *hits, const GEOSGeometry *pt,
                                const GEOSPreparedGeometry **prep, double *area, long *best)
{
    *best = -1;
    for (size_t k = 0; k < hits->n; k++) {
        uint32_t i = hits->items[k];
        if (!prep[i] && !(prep[i] = GEOSPrepare_r(h, shells->g[i]))) return LC_ERR_GEOS;
        if (GEOSPreparedContains_r(h, prep[i], pt) != 1) continue;
        if (isnan(area[i]) && !GEOSArea_r(h, shells->g[i], &area[i])) return LC_ERR_GEOS;
        if (*best < 0 || area[i] < area[*best]) *best = (long)i;
    }
    return LC_OK;
}

/* Index (into shells) of the smallest shell holding each hole; -1 when none does. */
static lc_status place_holes(lc_ctx *ctx, const lc_glist *shells, const lc_glist *holes, long *owner)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    const GEOSPreparedGeometry **prep = lc_calloc(shells->n + 1, sizeof *prep);
    double *area = lc_malloc((shells->n + 1) * sizeof *area);
    lc_index_hits hits = {0};
    lc_status st = (!tree || !prep || !area) ? LC_ERR_NOMEM : LC_OK;
    for (size_t i = 0; !st && i < shells->n; i++) {
        area[i] = NAN;
        GEOSSTRtree_insert_r(h, tree, shells->g[i], (void *)(uintptr_t)(i + 1));
    }
    for (size_t j = 0; !st && j < holes->n; j++) {
        GEOSGeometry *pt = ring_point(h, holes->g[j]);
        if (!pt) {
            st = LC_ERR_GEOS;
            break;
        }
        hits.n = 0;
        GEOSSTRtree_query_r(h, tree, pt, lc_index_collect, &hits);
        st = hits.nomem ? LC_ERR_NOMEM
                        : smallest_shell(h, shells, &hits, pt, prep, area, &owner[j]);
        GEOSGeom_destroy_r(h, pt);
    }
    for (size_t i = 0; prep && i < shells->n; i++)
        if (prep[i]) GEOSPreparedGeom_destroy_r(h, prep[i]);
    lc_free(prep);
    lc_free(area);
    lc_free(hits.items);
    if (tree) GEOSSTRtree_destroy_r(h, tree);
    return st;
}

/* The final MultiPolygon: every shell with the holes placed in it (all consumed). */
static lc_status assemble(lc_ctx *ctx, lc_glist *shells, lc_glist *holes, GEOSGeometry **out)
{
    GEOSContextHandle_t h = ctx->geos;
    long *owner = lc_malloc((holes->n + 1) * sizeof *owner);
    size_t *count = lc_calloc(shells->n + 1, sizeof *count);
    GEOSGeometry **ring = lc_calloc(holes->n + 1, sizeof *ring);
    GEOSGeometry **poly = lc_malloc((shells->n + 1) * sizeof *poly);
    size_t *first = lc_calloc(shells->n + 2, sizeof *first);
    lc_status st = (!owner || !count || !ring || !poly || !first) ? LC_ERR_NOMEM : LC_OK;
    if (!st) st = place_holes(ctx, shells, holes, owner);
    size_t lost = 0;
    for (size_t j = 0; !st && j < holes->n; j++)
        if (owner[j] >= 0) count[owner[j]]++;
        else lost++;
    if (lost) lc_debug(ctx, "tiled union: %zu holes in no shell, dropped", lost);
    /* holes grouped by shell: counting sort */
    for (size_t i = 0; !st && i < shells->n; i++) first[i + 1] = first[i] + count[i];
    for (size_t j = 0; !st && j < holes->n; j++)
        if (owner[j] >= 0) {
            ring[first[owner[j]]++] = holes->g[j];
            holes->g[j] = NULL;
        }
    size_t np = 0;
    for (size_t i = 0, at = 0; !st && i < shells->n; i++) {
        GEOSGeometry *shell = GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, shells->g[i]));
        GEOSGeometry *p = shell ? GEOSGeom_createPolygon_r(h, shell, count[i] ? ring + at : NULL,
                                                          (unsigned)count[i])
                                : NULL;
        if (!p) {
            if (shell) GEOSGeom_destroy_r(h, shell);
            st = LC_ERR_GEOS;
            break;
        }
        for (size_t k = 0; k < count[i]; k++) ring[at + k] = NULL; /* the polygon owns them */
        at += count[i];
        poly[np++] = p;
    }
    if (!st && np) {
        *out = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, poly, (unsigned)np);
        if (!*out) st = LC_ERR_GEOS;
    }
    if (st) {
        for (size_t i = 0; poly && i < np; i++) GEOSGeom_destroy_r(h, poly[i]);
        for (size_t j = 0; ring && j < holes->n; j++)
            if (ring[j]) GEOSGeom_destroy_r(h, ring[j]);
    }
    lc_free(owner), lc_free(count), lc_free(ring), lc_free(poly), lc_free(first);
    lc_glist_clear(h, shells);
    lc_glist_clear(h, holes);
    return st;
}

/* Glue the tiles' polygons along the tile lines (seams.h) into `shells` and `holes`; the
 * nodes keep their polygons, and *glued stays false, when the seams do not fit. */
static lc_status glue_all(lc_ctx *ctx, const lc_tiles *gr, node *nd, lc_glist *shells,
                          lc_glist *holes, bool *glued)
{
    GEOSContextHandle_t h = ctx->geos;
    size_t nt = gr->nx * gr->ny, n = 0;
    for (size_t i = 0; i < nt; i++) n += nd[i].polys.n;
    GEOSGeometry **polys = lc_malloc((n + 1) * sizeof *polys);
    size_t *tile = lc_malloc((n + 1) * sizeof *tile);
    bool *used = lc_malloc((n + 1) * sizeof *used);
    *glued = false;
    lc_status st = (!polys || !tile || !used) ? LC_ERR_NOMEM : LC_OK;
    for (size_t i = 0, k = 0; !st && i < nt; i++)
        for (size_t j = 0; j < nd[i].polys.n; j++, k++) polys[k] = nd[i].polys.g[j], tile[k] = i;
    if (!st) st = lc_glue(ctx, gr, polys, tile, n, shells, holes, used, glued);
    if (!st && *glued) {
        for (size_t k = 0; k < n; k++) /* the nodes' lists give up their polygons */
            if (used[k] || st || (st = lc_glist_push(shells, polys[k]))) GEOSGeom_destroy_r(h, polys[k]);
        for (size_t i = 0; i < nt; i++) nd[i].polys.n = 0;
    }
    lc_free(polys), lc_free(tile), lc_free(used);
    return st;
}

lc_status lc_geom_union_tiled(lc_ctx *ctx, GEOSGeometry **parts, size_t n, double tile_m,
                              GEOSGeometry **out)
{
    GEOSContextHandle_t h = ctx->geos;
    *out = NULL;
    if (!n) return LC_OK;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double a, b, c, d;
        if (!GEOSGeom_getExtent_r(h, parts[i], &a, &b, &c, &d)) continue;
        x0 = fmin(x0, a), y0 = fmin(y0, b), x1 = fmax(x1, c), y1 = fmax(y1, d);
    }
    /* tile lines off any round figure, so that they rarely run along a capsule's side */
    x0 -= 0.37 * tile_m, y0 -= 0.41 * tile_m;
    tiling t = {{x0, y0, tile_m, (size_t)((x1 - x0) / tile_m) + 1, (size_t)((y1 - y0) / tile_m) + 1},
                NULL, {0}, NULL, 0};
    size_t nx = t.grid.nx, ny = t.grid.ny;
    t.cells = lc_calloc(nx * ny + 1, sizeof *t.cells);
    node *nd = lc_calloc(nx * ny + 1, sizeof *nd);
    lc_glist holes = {0}, shells = {0};
    lc_status st = (!t.cells || !nd) ? LC_ERR_NOMEM : LC_OK;
    for (size_t i = 0; i < n; i++) /* bucket consumes each part, also after a failure */
        if (st) GEOSGeom_destroy_r(h, parts[i]);
        else st = bucket(ctx, &t, parts[i]);
    lc_clip_clear(&t.clip);
    lc_free(t.ring);
    for (size_t r = 0; nd && r < ny; r++)
        for (size_t c = 0; c < nx; c++) {
            size_t i = r * nx + c;
            nd[i] = (node){x0 + (double)c * tile_m, y0 + (double)r * tile_m,
                           x0 + (double)(c + 1) * tile_m, y0 + (double)(r + 1) * tile_m, {0}};
            lc_glist *cell = &t.cells[i];
            if (!st) {
                double rect[4] = {nd[i].x0, nd[i].y0, nd[i].x1, nd[i].y1};
                st = union_strip(ctx, cell->g, cell->n, rect, &nd[i].polys, &holes);
                cell->n = 0;
            }
            lc_glist_clear(h, cell);
        }
    lc_free(t.cells);
    bool glued = false;
    if (!st) st = glue_all(ctx, &t.grid, nd, &shells, &holes, &glued);
    if (!st && !glued) {
        st = merge_all(ctx, nd, nx, ny, &holes);
        shells = nd[0].polys;
        nd[0].polys = (lc_glist){0};
    }
    if (!st)
        lc_debug(ctx, "tiled union of %zu parts: %zu tiles, %s, %zu shells, %zu holes", n,
                 nx * ny, glued ? "glued" : "merged by overlay", shells.n, holes.n);
    if (!st) st = assemble(ctx, &shells, &holes, out);
    for (size_t i = 0; nd && i < nx * ny; i++) lc_glist_clear(h, &nd[i].polys);
    lc_glist_clear(h, &shells);
    lc_glist_clear(h, &holes);
    lc_free(nd);
    return st;
}
