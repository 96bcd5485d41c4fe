/*
 * tcache.c — the tiles of a tiled union kept for a later union of nearly the same parts
 * (a scenario of `compare` adds a facility: its discs or capsules change one to four tiles of
 * a city's thirty-odd). For each tile: a 128-bit hash of the parts whose box meets it, in
 * the order the union takes them (tunion.c), and the tile's union as tunion.c hands it on
 * (hole-free shells and holes, their coordinates). A later union on the same tile lines
 * whose tile hashes the same takes the rings from here instead of clipping and unioning
 * again: the same parts clipped to the same tile make the same pieces, and the same pieces
 * in the same order the same union, so the result is the one computed without the cache
 * (GEOS is deterministic) — test_geom checks it byte for byte, the session tests field by
 * field and geometry by geometry against plain runs.
 * Only the hashes are compared, not the pieces: two independent 64-bit lanes, a chance of
 * 2^-128 that a different tile passes for the same.
 */
#include <string.h>

#include "seams.h"

typedef struct {
    size_t tile;
    uint64_t h[2];
    size_t first, nshell, nhole; /* its rings: shells then holes, from `first` */
} tile_rec;

struct lc_tile_cache {
    bool set;       /* the grid below is the recorded union's */
    lc_tiles grid;
    tile_rec *t;    /* by tile, ascending (tunion.c unions the tiles in that order) */
    size_t nt, tcap;
    size_t *ring;   /* ring i: points ring[i] .. ring[i + 1] of xy */
    size_t nring, rcap;
    double *xy;
    size_t nxy, xycap; /* points */
};

lc_tile_cache *lc_tile_cache_create(void)
{
    lc_tile_cache *c = lc_calloc(1, sizeof *c);
    if (c && (c->ring = lc_calloc(1, sizeof *c->ring))) c->rcap = 1;
    else lc_free(c), c = NULL;
    return c;
}

void lc_tile_cache_destroy(lc_tile_cache *c)
{
    if (!c) return;
    lc_free(c->t);
    lc_free(c->ring);
    lc_free(c->xy);
    lc_free(c);
}

/* ---- hashing a tile's pieces -------------------------------------------------------------- */

static void mix(lc_tile_hash *th, uint64_t w)
{
    th->h[0] = (th->h[0] ^ w) * 0x100000001b3ULL;                 /* FNV-1a's prime, word-wise */
    th->h[1] = (th->h[1] + w + 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
    th->h[1] ^= th->h[1] >> 31;
}

void lc_tile_hash_words(lc_tile_hash *th, const uint64_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) mix(th, w[i]);
}

static lc_status hash_ring(GEOSContextHandle_t h, lc_tile_hash *th, const GEOSGeometry *r)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, r);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n)) return LC_ERR_GEOS;
    if (lc_grow((void **)&th->buf, &th->cap, 2 * (size_t)n + 1, sizeof(double))) return LC_ERR_NOMEM;
    if (n && !GEOSCoordSeq_copyToBuffer_r(h, cs, th->buf, 0, 0)) return LC_ERR_GEOS;
    mix(th, n);
    for (size_t i = 0; i < 2 * (size_t)n; i++) {
        uint64_t w;
        memcpy(&w, &th->buf[i], sizeof w);
        mix(th, w);
    }
    return LC_OK;
}

lc_status lc_tile_hash_add(GEOSContextHandle_t h, lc_tile_hash *th, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(h, g);
    mix(th, (uint64_t)type + 1000);
    if (type == GEOS_POLYGON) {
        int nh = GEOSGetNumInteriorRings_r(h, g);
        mix(th, (uint64_t)nh);
        lc_status st = hash_ring(h, th, GEOSGetExteriorRing_r(h, g));
        for (int i = 0; !st && i < nh; i++) st = hash_ring(h, th, GEOSGetInteriorRingN_r(h, g, i));
        return st;
    }
    if (type == GEOS_LINESTRING || type == GEOS_LINEARRING || type == GEOS_POINT)
        return hash_ring(h, th, g);
    int n = GEOSGetNumGeometries_r(h, g);
    mix(th, (uint64_t)n);
    lc_status st = LC_OK;
    for (int i = 0; !st && i < n; i++) st = lc_tile_hash_add(h, th, GEOSGetGeometryN_r(h, g, i));
    return st;
}

void lc_tile_hash_start(lc_tile_hash *th)
{
    th->h[0] = 0xcbf29ce484222325ULL; /* FNV-1a's offset basis */
    th->h[1] = 0x2545f4914f6cdd1dULL;
}

/* ---- recording and reusing --------------------------------------------------------------- */

/* The same tile lines (the grids may differ in how many tiles they span). */
static bool same_lines(const lc_tiles *a, const lc_tiles *b)
{
    return a->x0 == b->x0 && a->y0 == b->y0 && a->tile == b->tile;
}

void lc_tile_cache_reset(lc_tile_cache *c)
{
    c->set = false;
    c->nt = c->nring = c->nxy = 0;
}

void lc_tile_cache_begin(lc_tile_cache *c, const lc_tiles *grid)
{
    lc_tile_cache_reset(c);
    c->set = true;
    c->grid = *grid;
}

static lc_status push_ring(GEOSContextHandle_t h, lc_tile_cache *c, const GEOSGeometry *r)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, r);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n)) return LC_ERR_GEOS;
    if (lc_grow((void **)&c->xy, &c->xycap, 2 * (c->nxy + n) + 1, sizeof(double)) ||
        lc_grow((void **)&c->ring, &c->rcap, c->nring + 2, sizeof(size_t)))
        return LC_ERR_NOMEM;
    if (n && !GEOSCoordSeq_copyToBuffer_r(h, cs, c->xy + 2 * c->nxy, 0, 0)) return LC_ERR_GEOS;
    c->nxy += n;
    c->ring[++c->nring] = c->nxy;
    return LC_OK;
}

lc_status lc_tile_cache_put(GEOSContextHandle_t h, lc_tile_cache *c, size_t tile,
                            const lc_tile_hash *th, GEOSGeometry *const *shells, size_t nshell,
                            GEOSGeometry *const *holes, size_t nhole)
{
    if (lc_grow((void **)&c->t, &c->tcap, c->nt + 1, sizeof *c->t)) return LC_ERR_NOMEM;
    tile_rec *r = &c->t[c->nt];
    *r = (tile_rec){tile, {th->h[0], th->h[1]}, c->nring, nshell, nhole};
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < nshell; i++)
        st = push_ring(h, c, GEOSGetExteriorRing_r(h, shells[i]));
    for (size_t i = 0; !st && i < nhole; i++) st = push_ring(h, c, holes[i]);
    if (!st) c->nt++;
    return st;
}

/* The record of `tile` (binary search), or NULL. */
static const tile_rec *find(const lc_tile_cache *c, size_t tile)
{
    size_t lo = 0, hi = c->nt;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->t[mid].tile < tile) lo = mid + 1;
        else hi = mid;
    }
    return lo < c->nt && c->t[lo].tile == tile ? &c->t[lo] : NULL;
}

static GEOSGeometry *ring_of(GEOSContextHandle_t h, const lc_tile_cache *c, size_t i)
{
    size_t a = c->ring[i], n = c->ring[i + 1] - a;
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(h, c->xy + 2 * a, (unsigned)n, 0, 0);
    GEOSGeometry *r = cs ? GEOSGeom_createLinearRing_r(h, cs) : NULL;
    if (cs && !r) GEOSCoordSeq_destroy_r(h, cs);
    return r;
}

lc_status lc_tile_cache_get(GEOSContextHandle_t h, const lc_tile_cache *c, const lc_tiles *grid,
                            size_t tile, const lc_tile_hash *th, lc_glist *shells,
                            lc_glist *holes, bool *found)
{
    *found = false;
    if (!c || !c->set || !same_lines(&c->grid, grid)) return LC_OK;
    size_t col = tile % grid->nx, row = tile / grid->nx; /* its index on the recorded grid */
    if (col >= c->grid.nx || row >= c->grid.ny) return LC_OK;
    const tile_rec *r = find(c, row * c->grid.nx + col);
    if (!r || r->h[0] != th->h[0] || r->h[1] != th->h[1]) return LC_OK;
    *found = true;
    for (size_t i = 0; i < r->nshell + r->nhole; i++) {
        GEOSGeometry *g = ring_of(h, c, r->first + i);
        if (g && i < r->nshell) {
            GEOSGeometry *p = GEOSGeom_createPolygon_r(h, g, NULL, 0);
            if (!p) GEOSGeom_destroy_r(h, g);
            g = p;
        }
        if (!g) return LC_ERR_GEOS;
        if (lc_glist_push(i < r->nshell ? shells : holes, g))
            return GEOSGeom_destroy_r(h, g), LC_ERR_NOMEM;
    }
    return LC_OK;
}
