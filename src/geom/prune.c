/*
 * prune.c — capsules that lie inside the union of the others, dropped before the union.
 *
 * On real streets the 50 m capsules of a service area overlap ten and twenty deep (footways
 * beside roads, short segments every way), and most of them add nothing to the union: GEOS
 * still nodes and overlays each one. A coarse pass finds them: the plane is cut into square
 * cells of a quarter of the buffer; a cell counts as full when some capsule holds all of it,
 * and a capsule whose every cell it may touch is full by other capsules is dropped (and its
 * full cells no longer count). Each capsule dropped is inside the union of the capsules kept
 * at that moment, and those dropped later were inside the ones kept after them, so the union
 * of the kept capsules is the union of all. The drawn capsules are polygons (lc_geom_capsule:
 * arcs between 0.998 and 1.004 of the radius); the tests use 0.99 of it for "holds" and 1.01
 * for "may touch", so the same holds for the polygons GEOS unions.
 *
 * Only where the capsules overlap deeply: the segments are grouped into tiles of a kilometre
 * by their midpoints, and a tile is pruned (against its own capsules only, which can only
 * keep more) when its capsules' areas add up to three times their box or more. The cells live
 * in an open-addressing hash table keyed by (column, row): only cells near a capsule exist,
 * so outliers far away cost nothing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geom.h"

#define INNER 0.99 /* of the buffer: a cell within this of the segment is inside the capsule */
#define OUTER 1.01 /* beyond this, no point of the capsule polygon */
#define CELLS_PER_BUFFER 4

typedef struct {
    uint64_t key; /* (row << 32 | column) + 1; 0: a free slot */
    uint32_t full;
} cell;

/* Fibonacci hashing: the top bits of the product, which every bit of the key moves. */
static size_t slot_of(uint64_t key, int shift)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> shift);
}

/* The cell of key, created (count 0) when missing; NULL when the table is full. */
static cell *find(lc_prune *p, uint64_t key, bool create)
{
    cell *t = (cell *)p->cells;
    for (size_t s = slot_of(key, p->shift), probes = 0; probes <= p->mask; s = (s + 1) & p->mask, probes++) {
        if (t[s].key == key) return &t[s];
        if (!t[s].key) {
            if (!create) return NULL;
            t[s] = (cell){key, 0};
            return &t[s];
        }
    }
    return NULL;
}

typedef struct {
    double x0, y0, h;
} raster;

static uint64_t key_of(long c, long row)
{
    return ((uint64_t)(uint32_t)row << 32 | (uint32_t)c) + 1;
}

/* Columns and rows of the cells the box of segment s grown by d meets. */
static void span(const raster *r, const double *s, double d, long *c0, long *r0, long *c1, long *r1)
{
    *c0 = (long)floor((lc_min(s[0], s[2]) - d - r->x0) / r->h);
    *c1 = (long)floor((lc_max(s[0], s[2]) + d - r->x0) / r->h);
    *r0 = (long)floor((lc_min(s[1], s[3]) - d - r->y0) / r->h);
    *r1 = (long)floor((lc_max(s[1], s[3]) + d - r->y0) / r->h);
}

/* Squared distance from (x, y) to segment s. */
static double dist2(double x, double y, const double *s)
{
    double dx = s[2] - s[0], dy = s[3] - s[1], l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((x - s[0]) * dx + (y - s[1]) * dy) / l2 : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = x - s[0] - t * dx, ey = y - s[1] - t * dy;
    return ex * ex + ey * ey;
}

/* Does capsule s of radius d hold all of cell (c, row)? (convex: its four corners) */
static bool holds(const raster *r, const double *s, double d, long c, long row)
{
    double d2 = d * d;
    for (int k = 0; k < 4; k++) {
        double x = r->x0 + (double)(c + (k & 1)) * r->h, y = r->y0 + (double)(row + (k >> 1)) * r->h;
        if (dist2(x, y, s) > d2) return false;
    }
    return true;
}

/* May capsule s of radius d touch cell (c, row)? (its centre within d + half a diagonal) */
static bool touches(const raster *r, const double *s, double d, long c, long row)
{
    double x = r->x0 + ((double)c + 0.5) * r->h, y = r->y0 + ((double)row + 0.5) * r->h;
    double reach = d + 0.7072 * r->h;
    return dist2(x, y, s) <= reach * reach;
}

/* Add `delta` to the full count of every cell capsule s holds. */
static lc_status count_full(lc_prune *p, const raster *r, const double *s, double b, int delta)
{
    long c0, r0, c1, r1;
    span(r, s, INNER * b, &c0, &r0, &c1, &r1);
    for (long row = r0; row <= r1; row++)
        for (long c = c0; c <= c1; c++) {
            if (!holds(r, s, INNER * b, c, row)) continue;
            cell *x = find(p, key_of(c, row), delta > 0);
            if (!x) return LC_ERR_NOMEM;
            x->full = (uint32_t)((int64_t)x->full + delta);
        }
    return LC_OK;
}

/* Is every cell capsule s may touch full by some other capsule? */
static bool covered(lc_prune *p, const raster *r, const double *s, double b)
{
    long c0, r0, c1, r1;
    span(r, s, OUTER * b, &c0, &r0, &c1, &r1);
    for (long row = r0; row <= r1; row++)
        for (long c = c0; c <= c1; c++) {
            if (!touches(r, s, OUTER * b, c, row)) continue;
            const cell *x = find(p, key_of(c, row), false);
            uint32_t own = holds(r, s, INNER * b, c, row) ? 1 : 0;
            if (!x || x->full <= own) return false;
        }
    return true;
}

/* Area of the true capsule of segment s and radius b. */
static double capsule_area(const double *s, double b)
{
    return 2 * b * hypot(s[2] - s[0], s[3] - s[1]) + LC_PI * b * b;
}

/* A table with room for every cell the m capsules idx[] may hold, at most half full. */
static lc_status make_table(lc_prune *p, const raster *r, const double *segs, const size_t *idx,
                            size_t m, double b)
{
    /* a capsule holds at most its area in cells: (2 b len + π b²) / h² */
    double need = 0;
    for (size_t k = 0; k < m; k++) {
        const double *s = segs + 4 * idx[k];
        need += capsule_area(s, b) / (r->h * r->h) + 1;
    }
    size_t cap = 64;
    int bits = 6;
    while ((double)cap < 2 * need) cap *= 2, bits++;
    if (cap > p->cap) {
        lc_free(p->cells);
        p->cells = lc_malloc(cap * sizeof(cell));
        p->cap = p->cells ? cap : 0;
        if (!p->cells) return LC_ERR_NOMEM;
    }
    p->mask = cap - 1;
    p->shift = 64 - bits;
    memset(p->cells, 0, cap * sizeof(cell));
    return LC_OK;
}

/* Mark drop[idx[k]] for the capsules idx[k] of one tile inside the others of the tile. */
static lc_status prune_tile(lc_prune *p, const double *segs, const size_t *idx, size_t m,
                            double b, unsigned char *drop)
{
    raster r = {INFINITY, INFINITY, b / CELLS_PER_BUFFER};
    for (size_t k = 0; k < m; k++) {
        const double *s = segs + 4 * idx[k];
        r.x0 = lc_min(r.x0, lc_min(s[0], s[2])), r.y0 = lc_min(r.y0, lc_min(s[1], s[3]));
    }
    r.x0 -= 2 * b, r.y0 -= 2 * b;
    lc_status st = make_table(p, &r, segs, idx, m, b);
    for (size_t k = 0; !st && k < m; k++) st = count_full(p, &r, segs + 4 * idx[k], b, 1);
    for (size_t k = 0; !st && k < m; k++)
        if (covered(p, &r, segs + 4 * idx[k], b)) {
            drop[idx[k]] = 1;
            st = count_full(p, &r, segs + 4 * idx[k], b, -1);
        }
    return st;
}

/* How deep the m capsules idx[] overlap: their areas over the area of their box. */
static double depth(const double *segs, const size_t *idx, size_t m, double b)
{
    double sum = 0, x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t k = 0; k < m; k++) {
        const double *s = segs + 4 * idx[k];
        sum += capsule_area(s, b);
        x0 = lc_min(x0, lc_min(s[0], s[2])), x1 = lc_max(x1, lc_max(s[0], s[2]));
        y0 = lc_min(y0, lc_min(s[1], s[3])), y1 = lc_max(y1, lc_max(s[1], s[3]));
    }
    return sum / ((x1 - x0 + 2 * b) * (y1 - y0 + 2 * b));
}

typedef struct {
    uint64_t tile;
    size_t i;
} tiled;

static int cmp_tiled(const void *a, const void *b)
{
    const tiled *p = a, *q = b;
    if (p->tile != q->tile) return p->tile < q->tile ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

/* Tiles of TILE_BUFFERS buffers (1 km at 50 m) by the segments' midpoints; a tile is pruned
 * when its capsules overlap at least DENSE deep — on a sparse street grid (depth about 1)
 * almost nothing is inside the others and the cells of its kilometre-long joined streets
 * would cost more than the union saves. */
#define TILE_BUFFERS 20
#define DENSE 3.0

lc_status lc_segs_drop_covered(lc_prune *p, double *segs, size_t n, double b, size_t *kept)
{
    *kept = n;
    if (n < 3 || !(b > 0)) return LC_OK;
    if (lc_grow((void **)&p->order, &p->cap_order, n, sizeof(tiled)) ||
        lc_grow((void **)&p->idx, &p->cap_idx, n, sizeof(size_t)) ||
        lc_grow((void **)&p->drop, &p->cap_drop, n, 1))
        return LC_ERR_NOMEM;
    tiled *o = p->order;
    double t = TILE_BUFFERS * b, ox = INFINITY, oy = INFINITY;
    for (size_t i = 0; i < n; i++) ox = lc_min(ox, segs[4 * i]), oy = lc_min(oy, segs[4 * i + 1]);
    for (size_t i = 0; i < n; i++) {
        const double *s = segs + 4 * i;
        double cx = floor((0.5 * (s[0] + s[2]) - ox) / t + 1), cy = floor((0.5 * (s[1] + s[3]) - oy) / t + 1);
        o[i] = (tiled){(uint64_t)lc_min(cy, 4e9) << 32 | (uint64_t)lc_min(cx, 4e9), i};
    }
    qsort(o, n, sizeof *o, cmp_tiled);
    memset(p->drop, 0, n);
    lc_status st = LC_OK;
    for (size_t a = 0, e; !st && a < n; a = e) {
        for (e = a; e < n && o[e].tile == o[a].tile; e++) p->idx[e - a] = o[e].i;
        if (e - a >= 3 && depth(segs, p->idx, e - a, b) >= DENSE)
            st = prune_tile(p, segs, p->idx, e - a, b, p->drop);
    }
    if (st) return st;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (p->drop[i]) continue;
        if (m != i) memmove(segs + 4 * m, segs + 4 * i, 4 * sizeof *segs);
        m++;
    }
    *kept = m;
    return LC_OK;
}

void lc_prune_clear(lc_prune *p)
{
    lc_free(p->cells);
    lc_free(p->order);
    lc_free(p->idx);
    lc_free(p->drop);
    memset(p, 0, sizeof *p);
}
