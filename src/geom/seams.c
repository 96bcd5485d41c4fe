/*
 * seams.c — exact tile lines for the tiled union (see seams.h).
 *
 * Merging tile unions by overlay re-nodes the big polygons at every level of the merge tree
 * (a third of the walking service areas' time on the bench). But if both tiles beside a line
 * cut every part at the same doubles, the stretches of that line on the boundary of the
 * left tile's union are exactly those on the boundary of the right tile's union: they cancel,
 * and the rest of the rings join where their ends meet. Two things make the doubles equal:
 * the tile lines are computed one way only, and a crossing point is always computed from the
 * part's original edge (not from an edge already shortened by another tile line) with its
 * ends in a fixed order. Whatever does not fit — the two sides of a line disagree, or more
 * than one ring end meets at a point — is reported, and the caller overlays instead.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "seams.h"

lc_status lc_glist_push(lc_glist *l, GEOSGeometry *g)
{
    if (lc_grow((void **)&l->g, &l->cap, l->n + 1, sizeof *l->g)) return LC_ERR_NOMEM;
    l->g[l->n++] = g;
    return LC_OK;
}

void lc_glist_clear(GEOSContextHandle_t h, lc_glist *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->g[i]) GEOSGeom_destroy_r(h, l->g[i]);
    lc_free(l->g);
    memset(l, 0, sizeof *l);
}

double lc_tiles_line(const lc_tiles *t, int axis, size_t i)
{
    return (axis ? t->y0 : t->x0) + (double)i * t->tile;
}

void lc_clip_clear(lc_clip *c)
{
    lc_free(c->a), lc_free(c->b), lc_free(c->sa), lc_free(c->sb);
    memset(c, 0, sizeof *c);
}

/* Twice the signed area of the closed ring xy (n points): > 0 counter-clockwise. */
static double ring_area2(const double *xy, size_t n)
{
    double s = 0;
    for (size_t i = 0; i + 1 < n; i++)
        s += (xy[2 * i] - xy[0]) * (xy[2 * i + 3] - xy[1]) - (xy[2 * i + 2] - xy[0]) * (xy[2 * i + 1] - xy[1]);
    return s;
}

bool lc_ring_convex(const double *xy, size_t n)
{
    if (n < 4) return false;
    size_t m = n - 1; /* distinct vertices */
    int sign = 0, xturns = 0, dxs = 0;
    for (size_t i = 0; i < m; i++) {
        const double *p = xy + 2 * i, *q = xy + 2 * ((i + 1) % m), *r = xy + 2 * ((i + 2) % m);
        double cr = (q[0] - p[0]) * (r[1] - q[1]) - (q[1] - p[1]) * (r[0] - q[0]);
        int s = (cr > 0) - (cr < 0);
        if (s && sign && s != sign) return false;
        if (s) sign = s;
        int d = (q[0] > p[0]) - (q[0] < p[0]); /* a convex ring turns back in x twice at most */
        if (d && dxs && d != dxs) xturns++;
        if (d) dxs = d;
    }
    return sign != 0 && xturns <= 2;
}

/* ---- clipping ------------------------------------------------------------------------ */

typedef struct {
    double v;     /* the line's value */
    int axis;     /* 0: x = v, 1: y = v */
    bool low;     /* inside is >= v (else <= v) */
} plane;

/* Where support s (a ring edge, or a tile line when < 0) crosses plane p. */
static void cross_at(const double *xy, const plane *pl, int32_t s, const plane *p, double *pt)
{
    int a = p->axis;
    if (s < 0) { /* a tile line across this one: their crossing, exactly */
        const plane *q = &pl[-1 - s];
        pt[a] = p->v, pt[q->axis] = q->v;
        return;
    }
    const double *e0 = xy + 2 * (size_t)s, *e1 = e0 + 2;
    if (e0[a] == p->v) {
        pt[0] = e0[0], pt[1] = e0[1];
        return;
    }
    if (e1[a] == p->v) {
        pt[0] = e1[0], pt[1] = e1[1];
        return;
    }
    const double *lo = e0[a] < e1[a] ? e0 : e1, *hi = lo == e0 ? e1 : e0;
    pt[a] = p->v;
    pt[1 - a] = lo[1 - a] + (p->v - lo[a]) * (hi[1 - a] - lo[1 - a]) / (hi[a] - lo[a]);
}

static bool inside(const plane *p, const double *pt)
{
    return p->low ? pt[p->axis] >= p->v : pt[p->axis] <= p->v;
}

/* Append vertex pt with leaving support s; a repeat of the last vertex only takes over its
 * support (the later one is the edge that really leaves the point). */
static void emit(double *out, int32_t *so, size_t *m, const double *pt, int32_t s)
{
    if (*m && out[2 * (*m - 1)] == pt[0] && out[2 * (*m - 1) + 1] == pt[1]) {
        so[*m - 1] = s;
        return;
    }
    out[2 * *m] = pt[0], out[2 * *m + 1] = pt[1], so[*m] = s;
    (*m)++;
}

lc_status lc_clip_convex(lc_clip *c, const lc_tiles *t, size_t col, size_t row, const double *xy,
                         size_t n, const double **out, size_t *nout)
{
    *nout = 0;
    size_t need = 2 * n + 16;
    if (need > c->cap) {
        lc_free(c->a), lc_free(c->b), lc_free(c->sa), lc_free(c->sb);
        c->a = lc_malloc(2 * need * sizeof(double)), c->b = lc_malloc(2 * need * sizeof(double));
        c->sa = lc_malloc(need * sizeof(int32_t)), c->sb = lc_malloc(need * sizeof(int32_t));
        c->cap = (c->a && c->b && c->sa && c->sb) ? need : 0;
        if (!c->cap) return LC_ERR_NOMEM;
    }
    const plane pl[4] = {{lc_tiles_line(t, 0, col), 0, true}, {lc_tiles_line(t, 0, col + 1), 0, false},
                         {lc_tiles_line(t, 1, row), 1, true}, {lc_tiles_line(t, 1, row + 1), 1, false}};
    size_t m = 0;
    for (size_t i = 0; i + 1 < n; i++) emit(c->a, c->sa, &m, xy + 2 * i, (int32_t)i);
    for (int k = 0; k < 4 && m >= 3; k++) {
        size_t mo = 0;
        for (size_t i = 0; i < m; i++) {
            const double *cur = c->a + 2 * i, *nxt = c->a + 2 * ((i + 1) % m);
            bool ci = inside(&pl[k], cur), ni = inside(&pl[k], nxt);
            double pt[2];
            if (ci) emit(c->b, c->sb, &mo, cur, c->sa[i]);
            if (ci != ni) {
                cross_at(xy, pl, c->sa[i], &pl[k], pt);
                emit(c->b, c->sb, &mo, pt, ci ? -1 - k : c->sa[i]);
            }
        }
        while (mo > 1 && c->b[0] == c->b[2 * (mo - 1)] && c->b[1] == c->b[2 * (mo - 1) + 1]) mo--;
        double *tx = c->a;
        int32_t *ts = c->sa;
        c->a = c->b, c->sa = c->sb, c->b = tx, c->sb = ts, m = mo;
    }
    if (m < 3) return LC_OK;
    c->a[2 * m] = c->a[0], c->a[2 * m + 1] = c->a[1];
    if (ring_area2(c->a, m + 1) == 0) return LC_OK;
    *out = c->a, *nout = m + 1;
    return LC_OK;
}

/* ---- gluing -------------------------------------------------------------------------- */

/* A stretch of tile line on a ring: seam `id` (2 (row nx + col) + axis, the tile above or
 * right of the line), the side it came from (0 below / left), its extent along the line. */
typedef struct {
    size_t id;
    int side;
    double lo, hi;
} stretch;

/* A run of a ring between two stretches of tile line: points off[0 .. n) of the chain pool. */
typedef struct {
    size_t off, n;
    size_t next; /* the chain that continues it */
} chain;

typedef struct {
    double *ring; /* one ring's points, counter-clockwise */
    size_t ring_cap;
    stretch *st;
    size_t nst, st_cap;
    chain *ch;
    size_t nch, ch_cap;
    double *pts; /* chain points */
    size_t npts, pts_cap;
    bool nomem;
} glue;

/* The seam id and side of edge p-q of a ring in tile (c, r), or false when it is on none. */
static bool seam_of(const lc_tiles *t, size_t c, size_t r, const double *p, const double *q,
                    stretch *s)
{
    double xl = lc_tiles_line(t, 0, c), xr = lc_tiles_line(t, 0, c + 1);
    double yb = lc_tiles_line(t, 1, r), yt = lc_tiles_line(t, 1, r + 1);
    if (p[0] == q[0] && (p[0] == xl || p[0] == xr)) {
        bool left = p[0] == xl;
        if (left ? c == 0 : c + 1 == t->nx) return false; /* the grid's own edge */
        *s = (stretch){2 * (r * t->nx + c + !left), left, fmin(p[1], q[1]), fmax(p[1], q[1])};
        return true;
    }
    if (p[1] == q[1] && (p[1] == yb || p[1] == yt)) {
        bool bottom = p[1] == yb;
        if (bottom ? r == 0 : r + 1 == t->ny) return false;
        *s = (stretch){2 * ((r + !bottom) * t->nx + c) + 1, bottom, fmin(p[0], q[0]),
                       fmax(p[0], q[0])};
        return true;
    }
    return false;
}

static void *grow(glue *gl, void **items, size_t *cap, size_t need, size_t elem)
{
    if (lc_grow(items, cap, need, elem)) gl->nomem = true;
    return gl->nomem ? NULL : *items;
}

/* Read polygon p's shell into gl->ring, counter-clockwise, without repeated points. */
static size_t read_ring(GEOSContextHandle_t h, glue *gl, const GEOSGeometry *p)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, p));
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || n < 4) return 0;
    if (!grow(gl, (void **)&gl->ring, &gl->ring_cap, 2 * (size_t)n, sizeof(double))) return 0;
    if (!GEOSCoordSeq_copyToBuffer_r(h, cs, gl->ring, 0, 0)) return 0;
    size_t m = 1;
    for (size_t i = 1; i < n; i++)
        if (gl->ring[2 * i] != gl->ring[2 * (m - 1)] || gl->ring[2 * i + 1] != gl->ring[2 * (m - 1) + 1])
            gl->ring[2 * m] = gl->ring[2 * i], gl->ring[2 * m + 1] = gl->ring[2 * i + 1], m++;
    if (ring_area2(gl->ring, m) < 0)
        for (size_t i = 0, j = m - 1; i < j; i++, j--)
            for (int k = 0; k < 2; k++) {
                double tmp = gl->ring[2 * i + k];
                gl->ring[2 * i + k] = gl->ring[2 * j + k], gl->ring[2 * j + k] = tmp;
            }
    return m;
}

/* Split a ring (m points, closed) of tile `tile` at its stretches of tile line: the
 * stretches go to gl->st, the runs between them to gl->ch. False when it has none. */
static bool split_ring(const lc_tiles *t, size_t tile, glue *gl, size_t m)
{
    size_t c = tile % t->nx, r = tile / t->nx, e = m - 1, first = e;
    stretch s;
    for (size_t j = 0; j < e && first == e; j++)
        if (seam_of(t, c, r, gl->ring + 2 * j, gl->ring + 2 * j + 2, &s)) first = j;
    if (first == e) return false;
    bool open = false; /* a chain is being collected */
    for (size_t k = 1; k <= e && !gl->nomem; k++) {
        size_t j = (first + k) % e;
        const double *p = gl->ring + 2 * j, *q = gl->ring + 2 * j + 2;
        if (seam_of(t, c, r, p, q, &s)) {
            if (!grow(gl, (void **)&gl->st, &gl->st_cap, gl->nst + 1, sizeof *gl->st)) break;
            gl->st[gl->nst++] = s;
            open = false;
            continue;
        }
        if (!open) { /* a chain starts at p, the end of the stretch before */
            if (!grow(gl, (void **)&gl->ch, &gl->ch_cap, gl->nch + 1, sizeof *gl->ch) ||
                !grow(gl, (void **)&gl->pts, &gl->pts_cap, 2 * (gl->npts + 1), sizeof(double)))
                break;
            gl->ch[gl->nch++] = (chain){gl->npts, 1, SIZE_MAX};
            gl->pts[2 * gl->npts] = p[0], gl->pts[2 * gl->npts + 1] = p[1], gl->npts++;
            open = true;
        }
        if (!grow(gl, (void **)&gl->pts, &gl->pts_cap, 2 * (gl->npts + 1), sizeof(double))) break;
        gl->pts[2 * gl->npts] = q[0], gl->pts[2 * gl->npts + 1] = q[1], gl->npts++;
        gl->ch[gl->nch - 1].n++;
    }
    return true;
}

static int cmp_stretch(const void *a, const void *b)
{
    const stretch *p = a, *q = b;
    if (p->id != q->id) return p->id < q->id ? -1 : 1;
    if (p->side != q->side) return p->side - q->side;
    return p->lo < q->lo ? -1 : (p->lo > q->lo);
}

/* Merge touching stretches of one (id, side) in place from st[i]; returns the end of the run
 * and the merged count in *k (written over st[i ..]). */
static size_t merge_run(stretch *st, size_t n, size_t i, size_t *k)
{
    size_t j = i, w = i;
    while (j < n && st[j].id == st[i].id && st[j].side == st[i].side) {
        if (w > i && st[j].lo <= st[w - 1].hi) st[w - 1].hi = fmax(st[w - 1].hi, st[j].hi);
        else st[w++] = st[j];
        j++;
    }
    *k = w - i;
    return j;
}

/* Do both sides of every line hold the same stretches? */
static bool sides_agree(stretch *st, size_t n)
{
    if (!n) return true;
    qsort(st, n, sizeof *st, cmp_stretch);
    for (size_t i = 0; i < n;) {
        size_t k0, k1, j = merge_run(st, n, i, &k0);
        if (st[i].side != 0 || j >= n || st[j].id != st[i].id) return false;
        size_t end = merge_run(st, n, j, &k1);
        if (k0 != k1) return false;
        for (size_t a = 0; a < k0; a++)
            if (st[i + a].lo != st[j + a].lo || st[i + a].hi != st[j + a].hi) return false;
        i = end;
    }
    return true;
}

static const double *chain_end(const glue *gl, size_t i)
{
    return gl->pts + 2 * (gl->ch[i].off + gl->ch[i].n - 1);
}

typedef struct {
    double x, y;
    size_t i;
} start_pt;

static int cmp_start(const void *a, const void *b)
{
    const start_pt *p = a, *q = b;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    return p->y < q->y ? -1 : (p->y > q->y);
}

/* Each chain's successor: the one chain starting where it ends. False when none or several. */
static bool link_chains(glue *gl)
{
    size_t n = gl->nch;
    start_pt *sp = lc_malloc((n + 1) * sizeof *sp);
    uint8_t *taken = lc_calloc(n + 1, 1);
    bool ok = sp && taken;
    if (!ok) gl->nomem = true;
    for (size_t i = 0; ok && i < n; i++) {
        const double *s = gl->pts + 2 * gl->ch[i].off;
        sp[i] = (start_pt){s[0], s[1], i};
    }
    if (ok) qsort(sp, n, sizeof *sp, cmp_start);
    for (size_t i = 0; ok && i < n; i++) {
        const double *e = chain_end(gl, i);
        start_pt key = {e[0], e[1], 0};
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cmp_start(&sp[mid], &key) < 0) lo = mid + 1;
            else hi = mid;
        }
        ok = lo < n && !cmp_start(&sp[lo], &key) &&
             !(lo + 1 < n && !cmp_start(&sp[lo + 1], &key)) && !taken[sp[lo].i];
        if (ok) gl->ch[i].next = sp[lo].i, taken[sp[lo].i] = 1;
    }
    lc_free(sp);
    lc_free(taken);
    return ok;
}

/* Follow the links from every chain not yet used round to itself: one ring each,
 * counter-clockwise rings as shells, clockwise ones as holes. */
static lc_status trace(lc_ctx *ctx, glue *gl, lc_glist *shells, lc_glist *holes)
{
    GEOSContextHandle_t h = ctx->geos;
    uint8_t *seen = lc_calloc(gl->nch + 1, 1);
    double *xy = NULL;
    size_t cap = 0;
    lc_status st = seen ? LC_OK : LC_ERR_NOMEM;
    for (size_t c0 = 0; !st && c0 < gl->nch; c0++) {
        if (seen[c0]) continue;
        size_t n = 0;
        for (size_t c = c0; !st && !seen[c]; c = gl->ch[c].next) {
            seen[c] = 1;
            const chain *ch = &gl->ch[c];
            if (lc_grow((void **)&xy, &cap, 2 * (n + ch->n + 1), sizeof(double))) {
                st = LC_ERR_NOMEM;
                break;
            }
            memcpy(xy + 2 * n, gl->pts + 2 * ch->off, 2 * (ch->n - 1) * sizeof(double));
            n += ch->n - 1; /* the last point starts the next chain */
        }
        if (st || n < 3) continue;
        xy[2 * n] = xy[0], xy[2 * n + 1] = xy[1];
        double a2 = ring_area2(xy, n + 1);
        if (a2 == 0) continue;
        GEOSGeometry *r = lc_geom_ring_xy(ctx, xy, n + 1);
        if (!r) {
            st = LC_ERR_GEOS;
            break;
        }
        if (a2 < 0) {
            if (lc_glist_push(holes, r)) GEOSGeom_destroy_r(h, r), st = LC_ERR_NOMEM;
            continue;
        }
        GEOSGeometry *p = GEOSGeom_createPolygon_r(h, r, NULL, 0);
        if (!p) GEOSGeom_destroy_r(h, r), st = LC_ERR_GEOS;
        else if (lc_glist_push(shells, p)) GEOSGeom_destroy_r(h, p), st = LC_ERR_NOMEM;
    }
    lc_free(seen);
    lc_free(xy);
    return st;
}

static void glue_free(glue *gl)
{
    lc_free(gl->ring), lc_free(gl->st), lc_free(gl->ch), lc_free(gl->pts);
}

lc_status lc_glue(lc_ctx *ctx, const lc_tiles *t, GEOSGeometry *const *polys,
                  const size_t *tile, size_t n, lc_glist *shells, lc_glist *holes, bool *used,
                  bool *glued)
{
    GEOSContextHandle_t h = ctx->geos;
    glue gl = {0};
    *glued = false;
    for (size_t i = 0; i < n && !gl.nomem; i++) {
        used[i] = false;
        size_t m = read_ring(h, &gl, polys[i]);
        if (!m && !gl.nomem) { /* unreadable: let the overlay deal with it */
            glue_free(&gl);
            return LC_OK;
        }
        used[i] = split_ring(t, tile[i], &gl, m);
    }
    if (gl.nomem) return glue_free(&gl), LC_ERR_NOMEM;
    if (!sides_agree(gl.st, gl.nst) || !link_chains(&gl)) {
        bool nomem = gl.nomem;
        glue_free(&gl);
        for (size_t i = 0; i < n; i++) used[i] = false;
        return nomem ? LC_ERR_NOMEM : LC_OK;
    }
    lc_status st = trace(ctx, &gl, shells, holes);
    glue_free(&gl);
    if (st) {
        for (size_t i = 0; i < n; i++) used[i] = false;
        return st;
    }
    *glued = true;
    return LC_OK;
}
