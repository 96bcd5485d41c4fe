/*
 * seams.h — the tile lines of the tiled union (tunion.c): convex parts clipped so that two
 * neighbouring tiles cut them at the same doubles, and the tiles' unions glued back together
 * along those lines by matching coordinates, in place of overlaying tile pairs.
 * Internal to src/geom.
 */
#ifndef LC_SEAMS_H
#define LC_SEAMS_H

#include "geom.h"

/** GEOS geometries owned by a growing list (the tiled union's polygons and holes). */
typedef struct lc_glist {
    GEOSGeometry **g;
    size_t n, cap;
} lc_glist;
/** Append g; LC_ERR_NOMEM (g stays the caller's) when the list cannot grow. */
lc_status lc_glist_push(lc_glist *l, GEOSGeometry *g);
/** Destroy every geometry still in the list (NULL slots are skipped) and empty it. */
void lc_glist_clear(GEOSContextHandle_t h, lc_glist *l);

/** A grid of nx by ny square tiles of side `tile` from (x0, y0). */
typedef struct lc_tiles {
    double x0, y0, tile;
    size_t nx, ny;
} lc_tiles;

/** x (axis 0) or y (axis 1) of tile line i, computed one way only. */
double lc_tiles_line(const lc_tiles *t, int axis, size_t i);

/** Scratch for lc_clip_convex; zero-initialise, then lc_clip_clear. */
typedef struct lc_clip {
    double *a, *b;      /* vertices x, y */
    int32_t *sa, *sb;   /* support of the edge leaving each vertex: >= 0 a ring edge, < 0 a tile line */
    size_t cap;
} lc_clip;
void lc_clip_clear(lc_clip *c);

/** Is the closed ring xy (n points, first == last) convex? */
bool lc_ring_convex(const double *xy, size_t n);

/**
 * Clip the convex closed ring `xy` (n points) to tile (c, r). A vertex where an edge of the
 * ring crosses a tile line is computed from that edge's original end points, ordered along
 * the line's axis, so both tiles beside the line get the same double. *out points into the
 * scratch (closed ring, *nout points); *nout is 0 when nothing of positive area is left.
 * LC_ERR_NOMEM when the scratch cannot grow.
 */
lc_status lc_clip_convex(lc_clip *c, const lc_tiles *t, size_t col, size_t row, const double *xy,
                         size_t n, const double **out, size_t *nout);

/**
 * Glue hole-free polygons made tile by tile into the union's rings. polys[i] lies in tile
 * tile[i] (row * nx + col); no two polygons of one tile overlap, and any edge of a polygon on a
 * tile line between two tiles must be matched by the same stretch of line on the other side
 * (lc_clip_convex makes it so). Edges on such lines cancel; the rest of the rings is joined
 * where the ends meet exactly. New hole-free shells are appended to `shells`, holes (as linear
 * rings) to `holes`; used[i] is set for each polygon taken apart (the caller drops those and
 * keeps the others as they are). *glued is false, with nothing appended or marked, when the
 * two sides of a line disagree or ends meet ambiguously: the caller then merges the tiles by
 * overlay. On an error some rings may have been appended already.
 */
lc_status lc_glue(lc_ctx *ctx, const lc_tiles *t, GEOSGeometry *const *polys,
                  const size_t *tile, size_t n, lc_glist *shells, lc_glist *holes, bool *used,
                  bool *glued);

/* ---- the tiles kept for a later union (tcache.c) ---------------------------------------- */

/** A geometry's structure and coordinates hashed (a part of a tiled union): lc_tile_hash_start,
 *  lc_tile_hash_add; `buf` is scratch (lc_free it once done). */
typedef struct lc_tile_hash {
    uint64_t h[2];
    double *buf;
    size_t cap;
} lc_tile_hash;
void lc_tile_hash_start(lc_tile_hash *th);
lc_status lc_tile_hash_add(GEOSContextHandle_t h, lc_tile_hash *th, const GEOSGeometry *g);
/** Mix n words into the hash (a tile's: its parts' hashes in order). */
void lc_tile_hash_words(lc_tile_hash *th, const uint64_t *w, size_t n);

/** Drop what c holds (a union with nothing to union records no grid). */
void lc_tile_cache_reset(lc_tile_cache *c);
/** Start recording a union on `grid` into c (what c held before is dropped). */
void lc_tile_cache_begin(lc_tile_cache *c, const lc_tiles *grid);
/** Record tile `tile` (tiles put in ascending order): its parts' hash, its union's hole-free
 *  shells and holes (copied). */
lc_status lc_tile_cache_put(GEOSContextHandle_t h, lc_tile_cache *c, size_t tile,
                            const lc_tile_hash *th, GEOSGeometry *const *shells, size_t nshell,
                            GEOSGeometry *const *holes, size_t nhole);
/** When c (NULL: none) recorded `tile` (row * grid->nx + col) on the same tile lines with
 *  the same hash, its shells and holes appended to the lists (new geometries), *found set. */
lc_status lc_tile_cache_get(GEOSContextHandle_t h, const lc_tile_cache *c, const lc_tiles *grid,
                            size_t tile, const lc_tile_hash *th, lc_glist *shells,
                            lc_glist *holes, bool *found);

#endif
