/*
 * tunion.c — the union of many small polygons spread over a city (service-area capsules and
 * discs): tile by tile, every hole set aside as it appears, the tiles then glued along the tile
 * lines (seams.h) or, where the seams disagree, unioned by overlay.
 *
 * Why not one GEOSUnaryUnion: GEOS 3.11's overlay places each hole that shares no node with
 * a shell by scanning the coordinates of every shell whose box holds it
 * (PolygonBuilder::placeFreeHoles → EdgeRing::isInList), so a city-wide union with tens of
 * thousands of holes (the blocks a 50 m street buffer leaves uncovered) is quadratic: it was
 * four fifths of a walking run. But a hole of the union of the parts inside a rectangle is a
 * hole of the whole union (parts clipped to other rectangles cannot reach into it), so each
 * tile's result is stripped of its holes at once, and the holes are put back into the
 * smallest shell containing them at the end. Only the tiles that hold parts exist (a sorted
 * list, not a grid over the box): far-away outliers cost nothing. Each tile's union is one
 * buffer by 0 where the parts are long and barely overlap (a street grid) and GEOS's cascaded
 * union elsewhere, as on real streets (union_strip says why).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seams.h"
#include "../core/msg.h"

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

/* Whether buffer by 0 should union the n parts: long parts (their boxes' long sides at
 * least twice their short sides, summed) that barely overlap (the sum of their boxes' areas
 * at most DENSE_DEPTH times the box around them all). That is the generated street grid:
 * streets joined through their junctions into capsules hundreds of metres long, crossing at
 * right angles. Real streets are short capsules meeting at junctions, where the polygonal
 * arcs of up to a dozen ends around one point cross each other many times; buffer by 0
 * nodes them all at once, and was slower there than the cascaded union per tile: 2–20 times
 * on Heidelberg's even where they hardly overlap, up to 70 times on Helsinki's dense ones. */
#define DENSE_DEPTH 3.0
#define LONG_PARTS 2.0

static bool sparse_long_parts(GEOSContextHandle_t h, GEOSGeometry *const *g, size_t n)
{
    double area = 0, lng = 0, shrt = 0, x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double a, b, c, d;
        if (!GEOSGeom_getExtent_r(h, g[i], &a, &b, &c, &d)) continue;
        area += (c - a) * (d - b);
        lng += fmax(c - a, d - b), shrt += fmin(c - a, d - b);
        x0 = fmin(x0, a), y0 = fmin(y0, b), x1 = fmax(x1, c), y1 = fmax(y1, d);
    }
    double all = (x1 - x0) * (y1 - y0);
    return lng >= LONG_PARTS * shrt && area <= DENSE_DEPTH * all;
}

/* Union of the n polygons in `g` (consumed), all within rect (x0, y0, x1, y1), stripped into
 * `shells` and `holes`. For sparse long parts (sparse_long_parts) GEOS's buffer by 0 does it
 * in one pass — one noding and one graph for all parts — where the cascaded union overlays
 * pairs up a tree: 2–5 times faster on the generated grid. Elsewhere the cascaded union,
 * whose intermediate results lose their inner boundaries as it goes. When buffer's noding
 * fails it retries on rounded coordinates (a 1e-5 m grid at city coordinates), and parts on
 * a tile line would no longer meet their neighbours' exactly: a vertex found within 1 mm of a
 * side but off it means that happened, and the overlay union (OverlayNG, which keeps the
 * vertices) does the rectangle instead. */
static lc_status union_strip(lc_ctx *ctx, GEOSGeometry **g, size_t n, const double *rect,
                             lc_glist *shells, lc_glist *holes)
{
    GEOSContextHandle_t h = ctx->geos;
    if (!n) return LC_OK;
    if (n == 1) return strip(h, g[0], shells, holes);
    bool buffer0 = sparse_long_parts(h, g, n);
    GEOSGeometry *c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, g, (unsigned)n);
    if (!c) {
        for (size_t i = 0; i < n; i++) GEOSGeom_destroy_r(h, g[i]);
        return LC_ERR_GEOS;
    }
    GEOSGeometry *u = buffer0 ? GEOSBuffer_r(h, c, 0, 8) : NULL;
    if (u && rect && off_sides(h, u, rect)) {
        GEOSGeom_destroy_r(h, u);
        u = NULL;
    }
    if (!u) u = GEOSUnaryUnion_r(h, c);
    GEOSGeom_destroy_r(h, c);
    return u ? strip(h, u, shells, holes) : LC_ERR_GEOS;
}

/* The tiles' cache of a union: recorded into, reused from (tcache.c). */
typedef struct {
    lc_tile_cache *record;
    const lc_tile_cache *reuse;
    size_t reused; /* tiles taken from `reuse` */
} lc_tiles_kept;

/* ---- leaves: the parts clipped to tiles -------------------------------------------- */

typedef struct {
    lc_tiles grid;
    lc_glist pieces; /* the parts cut to tiles, in the order made */
    size_t *tile;    /* tile (row · nx + col) of each piece */
    size_t tile_cap;
    lc_clip clip;
    double *ring; /* a part's shell */
    size_t ring_cap;
} tiling;

/* Drop piece p (consumed) into tile `at`. */
static lc_status drop(GEOSContextHandle_t h, tiling *t, GEOSGeometry *p, size_t at)
{
    if (lc_grow((void **)&t->tile, &t->tile_cap, t->pieces.n + 1, sizeof(size_t)) ||
        lc_glist_push(&t->pieces, p))
        return GEOSGeom_destroy_r(h, p), LC_ERR_NOMEM;
    t->tile[t->pieces.n - 1] = at;
    return LC_OK;
}

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

/* The tiles part g's box meets (the last clamped to the grid); false when GEOS gives no
 * box. */
static bool tile_range(GEOSContextHandle_t h, const lc_tiles *gr, const GEOSGeometry *g,
                       size_t *c0, size_t *r0, size_t *c1, size_t *r1)
{
    double minx, miny, maxx, maxy;
    if (!GEOSGeom_getExtent_r(h, g, &minx, &miny, &maxx, &maxy)) return false;
    *c0 = (size_t)((minx - gr->x0) / gr->tile), *c1 = (size_t)((maxx - gr->x0) / gr->tile);
    *r0 = (size_t)((miny - gr->y0) / gr->tile), *r1 = (size_t)((maxy - gr->y0) / gr->tile);
    if (*c1 >= gr->nx) *c1 = gr->nx - 1;
    if (*r1 >= gr->ny) *r1 = gr->ny - 1;
    return true;
}

/* Clip part `g` (consumed) to every tile its box meets and drop the pieces there. */
static lc_status bucket(lc_ctx *ctx, tiling *t, GEOSGeometry *g)
{
    GEOSContextHandle_t h = ctx->geos;
    const lc_tiles *gr = &t->grid;
    size_t c0, r0, c1, r1;
    if (!tile_range(h, gr, g, &c0, &r0, &c1, &r1)) return GEOSGeom_destroy_r(h, g), LC_ERR_GEOS;
    if (c0 == c1 && r0 == r1) return drop(h, t, g, r0 * gr->nx + c0);
    size_t n = convex_shell(h, t, g);
    lc_status st = LC_OK;
    for (size_t r = r0; !st && r <= r1; r++)
        for (size_t c = c0; !st && c <= c1; c++) {
            GEOSGeometry *piece = piece_of(ctx, t, g, n, c, r, &st);
            if (piece) st = drop(h, t, piece, r * gr->nx + c);
        }
    GEOSGeom_destroy_r(h, g);
    return st;
}

/* A piece's place in the tile order: by tile, then in the order made, so that the result
 * does not depend on how qsort orders ties. */
typedef struct {
    size_t tile, i;
} tile_pos;

static int cmp_tile_pos(const void *a, const void *b)
{
    const tile_pos *p = a, *q = b;
    if (p->tile != q->tile) return p->tile < q->tile ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

/* Tile `tile`'s union of its m pieces `run` (consumed) into polys and holes. */
static lc_status union_tile(lc_ctx *ctx, const tiling *t, size_t tile, GEOSGeometry **run,
                            size_t m, lc_glist *polys, lc_glist *holes)
{
    size_t c = tile % t->grid.nx, r = tile / t->grid.nx;
    double rect[4] = {lc_tiles_line(&t->grid, 0, c), lc_tiles_line(&t->grid, 1, r),
                      lc_tiles_line(&t->grid, 0, c + 1), lc_tiles_line(&t->grid, 1, r + 1)};
    return union_strip(ctx, run, m, rect, polys, holes);
}

/* Union the pieces of each tile that holds any (t->pieces consumed): hole-free polygons into
 * `polys` with their tile in `ptile` (room for t->pieces.n), holes into `holes`. */
static lc_status union_tiles(lc_ctx *ctx, tiling *t, lc_glist *polys, size_t *ptile,
                             lc_glist *holes)
{
    size_t n = t->pieces.n;
    tile_pos *order = lc_malloc((n + 1) * sizeof *order);
    GEOSGeometry **run = lc_malloc((n + 1) * sizeof *run);
    lc_status st = (!order || !run) ? LC_ERR_NOMEM : LC_OK;
    for (size_t i = 0; !st && i < n; i++) order[i] = (tile_pos){t->tile[i], i};
    if (!st && n > 1) qsort(order, n, sizeof *order, cmp_tile_pos);
    for (size_t a = 0, b; !st && a < n; a = b) {
        size_t tile = order[a].tile, m = 0, before = polys->n;
        for (b = a; b < n && order[b].tile == tile; b++) {
            run[m++] = t->pieces.g[order[b].i];
            t->pieces.g[order[b].i] = NULL; /* consumed by union_strip, also on failure */
        }
        st = union_tile(ctx, t, tile, run, m, polys, holes);
        for (size_t k = before; k < polys->n; k++) ptile[k] = tile;
    }
    lc_free(order);
    lc_free(run);
    return st;
}

/* ---- the tiles kept for a later union (tcache.c) --------------------------------------- */

/* A tile that part `part`'s box meets; sorted by tile, then part, as the pieces of a tile are
 * unioned (union_tiles). */
typedef struct {
    size_t tile, part;
} tile_part;

static int cmp_tile_part(const void *a, const void *b)
{
    const tile_part *p = a, *q = b;
    if (p->tile != q->tile) return p->tile < q->tile ? -1 : 1;
    return (p->part > q->part) - (p->part < q->part);
}

/* Every (tile, part) pair of the n parts, sorted (*np of them), and each part's hash
 * (2 per part) and whether it lies in one tile. */
static lc_status pair_parts(lc_ctx *ctx, const lc_tiles *gr, GEOSGeometry *const *parts,
                            size_t n, tile_part **pairs, size_t *np, uint64_t *ph, bool *alone)
{
    GEOSContextHandle_t h = ctx->geos;
    lc_tile_hash th = {0};
    size_t cap = 0;
    lc_status st = LC_OK;
    *pairs = NULL, *np = 0;
    for (size_t i = 0; !st && i < n; i++) {
        size_t c0, r0, c1, r1;
        if (!tile_range(h, gr, parts[i], &c0, &r0, &c1, &r1)) {
            st = LC_ERR_GEOS;
            break;
        }
        alone[i] = c0 == c1 && r0 == r1;
        lc_tile_hash_start(&th);
        st = lc_tile_hash_add(h, &th, parts[i]);
        ph[2 * i] = th.h[0], ph[2 * i + 1] = th.h[1];
        for (size_t r = r0; !st && r <= r1; r++)
            for (size_t c = c0; !st && c <= c1; c++) {
                if (lc_grow((void **)pairs, &cap, *np + 1, sizeof **pairs)) st = LC_ERR_NOMEM;
                else (*pairs)[(*np)++] = (tile_part){r * gr->nx + c, i};
            }
    }
    lc_free(th.buf);
    if (!st && *np > 1) qsort(*pairs, *np, sizeof **pairs, cmp_tile_part);
    return st;
}

/* The pieces of the parts pairs[0..m) in their tile: a part in one tile whole (moved out of
 * `parts`), the others clipped as bucket() clips them. */
static lc_status tile_pieces(lc_ctx *ctx, tiling *t, GEOSGeometry **parts, const bool *alone,
                             const tile_part *pairs, size_t m, GEOSGeometry **run, size_t *nrun)
{
    lc_status st = LC_OK;
    size_t tile = pairs[0].tile, c = tile % t->grid.nx, r = tile / t->grid.nx;
    *nrun = 0;
    for (size_t k = 0; !st && k < m; k++) {
        size_t i = pairs[k].part;
        if (alone[i]) {
            run[(*nrun)++] = parts[i];
            parts[i] = NULL;
            continue;
        }
        GEOSGeometry *piece = piece_of(ctx, t, parts[i], convex_shell(ctx->geos, t, parts[i]), c,
                                       r, &st);
        if (piece) run[(*nrun)++] = piece;
    }
    return st;
}

/* The union tile by tile of the n parts (consumed) with the tiles kept: a tile's hash is that
 * of the parts whose box meets it, in order (the same parts on the same tile lines make the
 * same pieces, and the same union); a tile that `reuse` recorded with that hash is taken from
 * there, the others are clipped and unioned, and every tile is recorded into `record`.
 * polys, *ptile (growing, *pcap) and holes as union_tiles. */
static lc_status union_tiles_kept(lc_ctx *ctx, tiling *t, GEOSGeometry **parts, size_t n,
                                  lc_tiles_kept *keep, lc_glist *polys, size_t **ptile,
                                  size_t *pcap, lc_glist *holes)
{
    GEOSContextHandle_t h = ctx->geos;
    uint64_t *ph = lc_malloc((2 * n + 1) * sizeof *ph);
    bool *alone = lc_malloc(n + 1);
    GEOSGeometry **run = lc_malloc((n + 1) * sizeof *run);
    tile_part *pairs = NULL;
    size_t np = 0;
    lc_status st = ph && alone && run ? pair_parts(ctx, &t->grid, parts, n, &pairs, &np, ph, alone)
                                      : LC_ERR_NOMEM;
    lc_tile_hash th = {0};
    if (!st && keep->record) lc_tile_cache_begin(keep->record, &t->grid);
    for (size_t a = 0, b; !st && a < np; a = b) {
        size_t tile = pairs[a].tile, p0 = polys->n, h0 = holes->n, m;
        lc_tile_hash_start(&th);
        for (b = a; b < np && pairs[b].tile == tile; b++)
            lc_tile_hash_words(&th, ph + 2 * pairs[b].part, 2);
        bool found = false;
        st = lc_tile_cache_get(h, keep->reuse, &t->grid, tile, &th, polys, holes, &found);
        keep->reused += found;
        if (!st && !found) {
            st = tile_pieces(ctx, t, parts, alone, pairs + a, b - a, run, &m);
            if (st)
                for (size_t k = 0; k < m; k++) GEOSGeom_destroy_r(h, run[k]);
            else
                st = union_tile(ctx, t, tile, run, m, polys, holes); /* consumes the run */
        }
        if (!st && keep->record) /* (a list that stayed empty has no array) */
            st = lc_tile_cache_put(h, keep->record, tile, &th,
                                   polys->n > p0 ? polys->g + p0 : NULL, polys->n - p0,
                                   holes->n > h0 ? holes->g + h0 : NULL, holes->n - h0);
        if (!st && lc_grow((void **)ptile, pcap, polys->n + 1, sizeof **ptile)) st = LC_ERR_NOMEM;
        for (size_t k = p0; !st && k < polys->n; k++) (*ptile)[k] = tile;
    }
    for (size_t i = 0; i < n; i++)
        if (parts[i]) GEOSGeom_destroy_r(h, parts[i]);
    lc_free(th.buf);
    lc_free(ph), lc_free(alone), lc_free(run), lc_free(pairs);
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

/* Join the tiles' hole-free polygons (consumed) into `shells` and `holes`: glued along the
 * tile lines (seams.h) or, where the seams do not fit, by one overlay union — of hole-free
 * polygons, so only the holes straddling tile lines are placed by GEOS. */
static lc_status join_tiles(lc_ctx *ctx, const lc_tiles *gr, lc_glist *polys, const size_t *ptile,
                            lc_glist *shells, lc_glist *holes, bool *glued)
{
    GEOSContextHandle_t h = ctx->geos;
    size_t n = polys->n;
    bool *used = lc_malloc((n + 1) * sizeof *used);
    *glued = false;
    lc_status st = used ? lc_glue(ctx, gr, polys->g, ptile, n, shells, holes, used, glued)
                        : LC_ERR_NOMEM;
    if (!st && *glued) {
        for (size_t k = 0; k < n; k++) { /* the list gives up its polygons */
            GEOSGeometry *p = polys->g[k];
            polys->g[k] = NULL;
            if (used[k] || st || (st = lc_glist_push(shells, p))) GEOSGeom_destroy_r(h, p);
        }
    } else if (!st) {
        st = union_strip(ctx, polys->g, n, NULL, shells, holes);
        polys->n = 0; /* consumed, also on failure */
    }
    lc_free(used);
    lc_glist_clear(h, polys);
    return st;
}

lc_status lc_geom_union_tiled(lc_ctx *ctx, GEOSGeometry **parts, size_t n, double tile_m,
                              GEOSGeometry **out)
{
    return lc_geom_union_tiled_cached(ctx, parts, n, tile_m, NULL, NULL, out);
}

lc_status lc_geom_union_tiled_cached(lc_ctx *ctx, GEOSGeometry **parts, size_t n, double tile_m,
                                     lc_tile_cache *record, const lc_tile_cache *reuse,
                                     GEOSGeometry **out)
{
    GEOSContextHandle_t h = ctx->geos;
    *out = NULL;
    if (record) lc_tile_cache_reset(record);
    if (!n) return LC_OK;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double a, b, c, d;
        if (!GEOSGeom_getExtent_r(h, parts[i], &a, &b, &c, &d)) continue;
        x0 = fmin(x0, a), y0 = fmin(y0, b), x1 = fmax(x1, c), y1 = fmax(y1, d);
    }
    /* tile lines off any round figure, so that they rarely run along a capsule's side */
    x0 -= 0.37 * tile_m, y0 -= 0.41 * tile_m;
    /* a tile number only: no array is sized by the box, so outliers far away cost nothing */
    double nxd = floor((x1 - x0) / tile_m) + 1, nyd = floor((y1 - y0) / tile_m) + 1;
    tiling t = {{x0, y0, tile_m, (size_t)nxd, (size_t)nyd}, {0}, NULL, 0, {0}, NULL, 0};
    lc_status st = !(nxd * nyd < 1e15) ? LC_ERR_GEOS : LC_OK; /* NaN or an absurd extent */
    lc_glist polys = {0}, shells = {0}, holes = {0};
    size_t *ptile = NULL, pcap = 0;
    lc_tiles_kept keep = {record, reuse, 0};
    if (!st && (record || reuse)) {
        st = union_tiles_kept(ctx, &t, parts, n, &keep, &polys, &ptile, &pcap, &holes);
    } else {
        for (size_t i = 0; i < n; i++) /* bucket consumes each part, also after a failure */
            if (st) GEOSGeom_destroy_r(h, parts[i]);
            else st = bucket(ctx, &t, parts[i]);
        ptile = st ? NULL : lc_malloc((t.pieces.n + 1) * sizeof *ptile);
        if (!st && !ptile) st = LC_ERR_NOMEM;
        if (!st) st = union_tiles(ctx, &t, &polys, ptile, &holes);
    }
    lc_clip_clear(&t.clip);
    lc_free(t.ring);
    size_t ntiles = 0;
    for (size_t i = 0; !st && i < polys.n; i++) ntiles += !i || ptile[i] != ptile[i - 1];
    lc_glist_clear(h, &t.pieces);
    lc_free(t.tile);
    bool glued = false;
    if (!st) st = join_tiles(ctx, &t.grid, &polys, ptile, &shells, &holes, &glued);
    if (!st)
        lc_debug(ctx, "tiled union of %zu parts: %zu tiles (%zu of them kept from before), %s, "
                 "%zu shells, %zu holes", n, ntiles, keep.reused,
                 glued ? _("glued") : _("merged by overlay"), shells.n, holes.n);
    if (!st) st = assemble(ctx, &shells, &holes, out);
    lc_free(ptile);
    lc_glist_clear(h, &polys);
    lc_glist_clear(h, &shells);
    lc_glist_clear(h, &holes);
    return st;
}
