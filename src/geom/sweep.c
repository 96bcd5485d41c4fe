/*
 * sweep.c — area of a polygon inside a union of capsules (segments buffered by b), slab by
 * slab in closed form.
 *
 * On a horizontal line y the polygon is a set of intervals (even-odd crossings of its edges)
 * and each capsule one interval (a capsule is convex: the hull of its end discs and the strip
 * between its sides). Every interval end lies on a curve: a polygon edge, a capsule side (both
 * straight) or the left or right half of an end circle. Between consecutive events — heights
 * where a curve starts, ends or turns (polygon vertices; the tops, bottoms and centres of the
 * end circles, where the sides meet them) or where two curves cross — the order of the curves
 * along the line does not change, so the covered length is one fixed sum of ± curves over the
 * whole slab. The curves are found on the slab's middle line and integrated exactly: a line by
 * its middle value times the height, a half circle by the closed form of ∫√(b² − u²) du. One
 * line per slab, true circles, no overlay, no quadrature error. Every pair of curves is tested
 * for crossings, O((edges + capsules)²) per polygon — small for an estate and its stretches;
 * a crossing missed by rounding only makes that one slab's integral approximate.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geom.h"

/* A capsule's segment with its unit direction and length. */
typedef struct {
    double ax, ay, bx, by, ux, uy, len;
} capsule;

/* x(y) of an interval end: a line x = x0 + s (y − y0), or (circle) the half circle of radius b
 * around (x0, y0), s = −1 its left half, +1 its right half. */
typedef struct {
    double x0, y0, s;
    int circle;
} curve;

/* An interval [l, r] on the line with the curves its ends lie on. */
typedef struct {
    double l, r;
    curve cl, cr;
} ival;

/* A polygon edge crossing the line. */
typedef struct {
    double x;
    curve c;
} cross;

/* A polygon edge (its first vertex) or a capsule, by the heights it spans. */
typedef struct {
    double lo, hi;
    size_t i;
} span;

/* The edges or capsules a slab's middle line may cross: all of them sorted by lo, the next
 * one to enter, and the active ones (positions in `all`) whose span may hold the line. The
 * slabs go up, so each item enters and leaves once: a slab costs what crosses it, not the
 * whole polygon — estates of thousands of vertices have a few crossings per line. */
typedef struct {
    span *all;
    size_t n, cap, next;
    size_t *act;
    size_t nact, cap_act;
} active;

/* The capsules by cell of a small uniform grid over their boxes (CSR), to tell a crossing
 * that lies deep inside a third capsule (push_cross). */
typedef struct {
    double x0, y0, cell;
    size_t nx, ny;
    size_t *off;
    uint32_t *item;
    size_t cap_off, cap_item;
} cap_grid;

typedef struct {
    double *ev;
    size_t nev, cap_ev;
    cross *px;
    size_t npx, cap_px;
    ival *iv;
    size_t niv, cap_iv;
    capsule *k;
    size_t cap_k;
    active edges, caps;
    cap_grid grid;
    double b, y0, y1, x0, x1; /* buffer; the polygon's box */
    bool nomem;
} work;

/* Sort n items of type T in array a by field `key` (empty for plain doubles): the
 * events, crossings and intervals of one estate or slab are a few dozen at most, where qsort's
 * calls through a function pointer cost more than the sort; qsort with `cmp` beyond that. */
#define SMALL_SORT 48
#define SORT_BY(T, a, n, key, cmp)                                                      \
    do {                                                                                \
        if ((n) > SMALL_SORT) {                                                         \
            qsort((a), (n), sizeof *(a), (cmp));                                        \
            break;                                                                      \
        }                                                                               \
        for (size_t i_ = 1; i_ < (n); i_++) {                                           \
            T v_ = (a)[i_];                                                             \
            size_t j_ = i_;                                                             \
            /* key is a member access (.x), which parentheses would break */            \
            for (; j_ > 0 && (a)[j_ - 1] key > v_ key; j_--) /* NOLINT(bugprone-macro-parentheses) */ \
                (a)[j_] = (a)[j_ - 1];                                                  \
            (a)[j_] = v_;                                                               \
        }                                                                               \
    } while (0)

static int cmp_span(const void *a, const void *b)
{
    const span *p = a, *q = b;
    if (p->lo != q->lo) return p->lo < q->lo ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

/* Put item i spanning [lo, hi] on the list (before the sort by lo). */
static void add_span(work *w, active *a, double lo, double hi, size_t i)
{
    if (lc_grow((void **)&a->all, &a->cap, a->n + 1, sizeof *a->all)) w->nomem = true;
    else a->all[a->n++] = (span){lo, hi, i};
}

/* Bring the active list up to height y: drop what ends below it, take in what starts at or
 * below it. */
static void advance(work *w, active *a, double y)
{
    size_t m = 0;
    for (size_t j = 0; j < a->nact; j++)
        if (a->all[a->act[j]].hi >= y) a->act[m++] = a->act[j];
    a->nact = m;
    for (; a->next < a->n && a->all[a->next].lo <= y; a->next++) {
        if (a->all[a->next].hi < y) continue;
        if (lc_grow((void **)&a->act, &a->cap_act, a->nact + 1, sizeof *a->act)) {
            w->nomem = true;
            return;
        }
        a->act[a->nact++] = a->next;
    }
}

static void push_event(work *w, double y, double y0, double y1)
{
    if (!(y > y0 && y < y1)) return;
    if (lc_grow((void **)&w->ev, &w->cap_ev, w->nev + 1, sizeof(double))) {
        w->nomem = true;
        return;
    }
    w->ev[w->nev++] = y;
}

static int cmp_cross(const void *a, const void *b)
{
    return lc_cmp_double(&((const cross *)a)->x, &((const cross *)b)->x);
}

static int cmp_ival(const void *a, const void *b)
{
    return lc_cmp_double(&((const ival *)a)->l, &((const ival *)b)->l);
}

static curve line_curve(double x0, double y0, double s)
{
    return (curve){x0, y0, s, 0};
}

static curve circle_curve(double cx, double cy, double side)
{
    return (curve){cx, cy, side, 1};
}

/* ∫ √(b² − u²) du from 0 to u, u clamped to [−b, b]. */
static double half_disc(double u, double b)
{
    u = lc_max(-b, lc_min(b, u));
    return 0.5 * (u * sqrt(lc_max(0.0, b * b - u * u)) + b * b * asin(u / b));
}

/* ∫ x(y) dy over [ya, yb]. */
static double integral(const curve *c, double b, double ya, double yb)
{
    double h = yb - ya;
    if (!c->circle) return (c->x0 + c->s * (0.5 * (ya + yb) - c->y0)) * h;
    return c->x0 * h + c->s * (half_disc(yb - c->y0, b) - half_disc(ya - c->y0, b));
}

/* ---- the curves on one line ---------------------------------------------------------- */

/* Widen [l, r] by the disc (cx, cy, b) on line y. */
static void disc_ends(double cx, double cy, double b, double y, ival *v)
{
    double dy = y - cy, h2 = b * b - dy * dy;
    if (h2 < 0) return;
    double h = sqrt(h2);
    if (cx - h < v->l) v->l = cx - h, v->cl = circle_curve(cx, cy, -1);
    if (cx + h > v->r) v->r = cx + h, v->cr = circle_curve(cx, cy, 1);
}

/* Interval of capsule k on line y. The strip between the sides is bounded by the sides and
 * by the lines through the ends square to the segment; where the latter bound it, the end
 * disc reaches farther, so only side bounds are candidate ends. */
static bool capsule_at(const capsule *k, double b, double y, ival *v)
{
    v->l = INFINITY, v->r = -INFINITY;
    disc_ends(k->ax, k->ay, b, y, v);
    disc_ends(k->bx, k->by, b, y, v);
    if (k->len > 0) {
        double dy = y - k->ay;
        /* along: 0 <= (x − ax) ux + dy uy <= len; across: |−(x − ax) uy + dy ux| <= b */
        double alo = -INFINITY, ahi = INFINITY, clo = -INFINITY, chi = INFINITY;
        bool ok = true;
        if (fabs(k->ux) > 1e-12) {
            double x0 = k->ax - dy * k->uy / k->ux, x1 = k->ax + (k->len - dy * k->uy) / k->ux;
            alo = lc_min(x0, x1), ahi = lc_max(x0, x1);
        } else if (dy * k->uy < 0 || dy * k->uy > k->len) ok = false;
        double vlo = 0, vhi = 0; /* the side offsets (±b) at clo and chi */
        if (fabs(k->uy) > 1e-12) {
            double xm = k->ax + (dy * k->ux + b) / k->uy, xp = k->ax + (dy * k->ux - b) / k->uy;
            if (xm < xp) clo = xm, vlo = -b, chi = xp, vhi = b;
            else clo = xp, vlo = b, chi = xm, vhi = -b;
        } else if (fabs(dy * k->ux) > b) ok = false;
        double lo = lc_max(alo, clo), hi = lc_min(ahi, chi);
        if (ok && lo <= hi) {
            /* side v: x = ax + (dy ux − v) / uy, a line of slope ux / uy through y = ay */
            if (clo >= alo && lo < v->l)
                v->l = lo, v->cl = line_curve(k->ax - vlo / k->uy, k->ay, k->ux / k->uy);
            if (chi <= ahi && hi > v->r)
                v->r = hi, v->cr = line_curve(k->ax - vhi / k->uy, k->ay, k->ux / k->uy);
        }
    }
    return v->l <= v->r;
}

/* ∫ of the covered length over the slab [ya, yb], its curves read on the middle line. */
static double slab(const lc_rings *rg, const capsule *k, double b, double ya, double yb,
                   work *w)
{
    double y = 0.5 * (ya + yb);
    w->npx = 0;
    advance(w, &w->edges, y);
    advance(w, &w->caps, y);
    for (size_t j = 0; j < w->edges.nact; j++) {
        size_t i = w->edges.all[w->edges.act[j]].i;
        double ax = rg->xy[2 * i], ay = rg->xy[2 * i + 1];
        double bx = rg->xy[2 * i + 2], by = rg->xy[2 * i + 3];
        if ((ay > y) == (by > y)) continue;
        if (lc_grow((void **)&w->px, &w->cap_px, w->npx + 1, sizeof *w->px)) {
            w->nomem = true;
            return 0;
        }
        double s = (bx - ax) / (by - ay);
        w->px[w->npx++] = (cross){ax + (y - ay) * s, line_curve(ax, ay, s)};
    }
    if (w->npx < 2) return 0;
    SORT_BY(cross, w->px, w->npx, .x, cmp_cross);
    w->niv = 0;
    for (size_t j = 0; j < w->caps.nact; j++) {
        if (lc_grow((void **)&w->iv, &w->cap_iv, w->niv + 1, sizeof *w->iv)) {
            w->nomem = true;
            return 0;
        }
        if (capsule_at(&k[w->caps.all[w->caps.act[j]].i], b, y, &w->iv[w->niv])) w->niv++;
    }
    if (!w->niv) return 0;
    SORT_BY(ival, w->iv, w->niv, .l, cmp_ival);
    size_t m = 0; /* merge overlapping capsule intervals */
    for (size_t i = 1; i < w->niv; i++) {
        if (w->iv[i].l <= w->iv[m].r) {
            if (w->iv[i].r > w->iv[m].r) w->iv[m].r = w->iv[i].r, w->iv[m].cr = w->iv[i].cr;
        } else w->iv[++m] = w->iv[i];
    }
    double total = 0;
    size_t j = 0;
    for (size_t p = 0; p + 1 < w->npx; p += 2) {
        const cross *x0 = &w->px[p], *x1 = &w->px[p + 1];
        while (j <= m && w->iv[j].r <= x0->x) j++;
        for (size_t q = j; q <= m && w->iv[q].l < x1->x; q++) {
            const curve *cl = x0->x > w->iv[q].l ? &x0->c : &w->iv[q].cl;
            const curve *cr = x1->x < w->iv[q].r ? &x1->c : &w->iv[q].cr;
            total += integral(cr, b, ya, yb) - integral(cl, b, ya, yb);
        }
    }
    return total;
}

/* ---- events -------------------------------------------------------------------------- *
 *
 * The slabs need every height where the covered length changes its formula. Besides the
 * ends and turns of the curves, that is where two curves cross — but only crossings on the
 * boundary of (polygon ∩ union) count. A crossing strictly inside a third capsule, or
 * outside the polygon's box, changes the order of curves that are no interval's end there
 * (a curve has one x per height, so near the crossing both curves are inside that capsule
 * or outside the polygon), and the slab formula stays the same across it. On real streets
 * the capsules near an estate overlap ten and twenty deep and almost every crossing is such
 * an inner one: dropping them cut the slabs of Liechtenstein's estates about tenfold. Only
 * the summation order changes (a slab's integral is the sum of its parts' integrals). */

#define INSIDE_MARGIN 1e-6 /* m: a crossing this close to a third capsule's edge is kept */

/* Is (x, y) inside a capsule other than i and j, by more than the margin? */
static bool inside_other(const work *w, double x, double y, size_t i, size_t j)
{
    const cap_grid *g = &w->grid;
    if (!g->nx) return false;
    double fc = (x - g->x0) / g->cell, fr = (y - g->y0) / g->cell;
    if (!(fc >= 0 && fr >= 0 && fc < (double)g->nx && fr < (double)g->ny)) return false;
    size_t cell = (size_t)fr * g->nx + (size_t)fc;
    double lim = w->b - INSIDE_MARGIN, t;
    for (size_t q = g->off[cell]; q < g->off[cell + 1]; q++) {
        const capsule *k = &w->k[g->item[q]];
        if (g->item[q] == i || g->item[q] == j) continue;
        if (lc_point_segment_dist(x, y, k->ax, k->ay, k->bx, k->by, &t) < lim) return true;
    }
    return false;
}

/* Crossing (x, y) of a curve of capsule i with one of capsule j (j = SIZE_MAX: with a
 * polygon edge) as an event, unless it cannot matter. */
static void push_cross(work *w, double x, double y, size_t i, size_t j)
{
    if (!(y > w->y0 && y < w->y1) || x < w->x0 || x > w->x1 || inside_other(w, x, y, i, j)) return;
    push_event(w, y, w->y0, w->y1);
}

/* Capsule k's cells of the grid. */
static void cells_of(const cap_grid *g, const capsule *k, double b, size_t *c0, size_t *r0,
                     size_t *c1, size_t *r1)
{
    *c0 = (size_t)((lc_min(k->ax, k->bx) - b - g->x0) / g->cell);
    *c1 = (size_t)((lc_max(k->ax, k->bx) + b - g->x0) / g->cell);
    *r0 = (size_t)((lc_min(k->ay, k->by) - b - g->y0) / g->cell);
    *r1 = (size_t)((lc_max(k->ay, k->by) + b - g->y0) / g->cell);
    if (*c1 >= g->nx) *c1 = g->nx - 1;
    if (*r1 >= g->ny) *r1 = g->ny - 1;
}

/* The grid over the n capsules: cells of at least b, at most 64 a side. */
static void grid_capsules(work *w, const capsule *k, size_t n, double b)
{
    cap_grid *g = &w->grid;
    g->nx = g->ny = 0;
    if (n < 8) return; /* few crossings to drop */
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        x0 = lc_min(x0, lc_min(k[i].ax, k[i].bx)), x1 = lc_max(x1, lc_max(k[i].ax, k[i].bx));
        y0 = lc_min(y0, lc_min(k[i].ay, k[i].by)), y1 = lc_max(y1, lc_max(k[i].ay, k[i].by));
    }
    g->x0 = x0 - b, g->y0 = y0 - b;
    g->cell = lc_max(b, lc_max(x1 - x0, y1 - y0) / 64);
    size_t nx = (size_t)((x1 - x0 + 2 * b) / g->cell) + 1, ny = (size_t)((y1 - y0 + 2 * b) / g->cell) + 1;
    if (lc_grow((void **)&g->off, &g->cap_off, nx * ny + 1, sizeof *g->off)) {
        w->nomem = true;
        return;
    }
    g->nx = nx, g->ny = ny;
    memset(g->off, 0, (nx * ny + 1) * sizeof *g->off);
    size_t c0, r0, c1, r1;
    for (size_t i = 0; i < n; i++) { /* count, then fill: a counting sort by cell */
        cells_of(g, &k[i], b, &c0, &r0, &c1, &r1);
        for (size_t r = r0; r <= r1; r++)
            for (size_t c = c0; c <= c1; c++) g->off[r * nx + c + 1]++;
    }
    for (size_t c = 0; c < nx * ny; c++) g->off[c + 1] += g->off[c];
    if (lc_grow((void **)&g->item, &g->cap_item, g->off[nx * ny] + 1, sizeof *g->item)) {
        w->nomem = true;
        g->nx = 0;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        cells_of(g, &k[i], b, &c0, &r0, &c1, &r1);
        for (size_t r = r0; r <= r1; r++)
            for (size_t c = c0; c <= c1; c++) g->item[g->off[r * nx + c]++] = (uint32_t)i;
    }
    for (size_t c = nx * ny; c > 0; c--) g->off[c] = g->off[c - 1]; /* back to the starts */
    g->off[0] = 0;
}

/* Crossing of segments p0-p1 and q0-q1 (proper or touching), of capsules i and j. */
static void seg_seg(work *w, const double *p, const double *q, size_t i, size_t j)
{
    double rx = p[2] - p[0], ry = p[3] - p[1], sx = q[2] - q[0], sy = q[3] - q[1];
    double den = rx * sy - ry * sx;
    if (den == 0) return; /* parallel: equal where they overlap, so no change of order */
    double qx = q[0] - p[0], qy = q[1] - p[1];
    double t = (qx * sy - qy * sx) / den, u = (qx * ry - qy * rx) / den;
    if (t >= 0 && t <= 1 && u >= 0 && u <= 1) push_cross(w, p[0] + t * rx, p[1] + t * ry, i, j);
}

/* Crossings of segment p0-p1 with the circle (cx, cy, b). */
static void seg_circle(work *w, const double *p, double cx, double cy, size_t i, size_t j)
{
    double b = w->b, rx = p[2] - p[0], ry = p[3] - p[1], fx = p[0] - cx, fy = p[1] - cy;
    double a = rx * rx + ry * ry, hb = fx * rx + fy * ry, c = fx * fx + fy * fy - b * b;
    double disc = hb * hb - a * c;
    if (a == 0 || disc < 0) return;
    double sq = sqrt(disc);
    for (int s = -1; s <= 1; s += 2) {
        double t = (-hb + s * sq) / a;
        if (t >= 0 && t <= 1) push_cross(w, p[0] + t * rx, p[1] + t * ry, i, j);
    }
}

/* Crossings of two circles of radius b. */
static void circle_circle(work *w, double ax, double ay, double bx, double by, size_t i, size_t j)
{
    double b = w->b, dx = bx - ax, dy = by - ay, d2 = dx * dx + dy * dy;
    if (d2 == 0 || d2 >= 4 * b * b) return;
    double d = sqrt(d2), h = sqrt(b * b - d2 / 4);
    push_cross(w, (ax + bx) / 2 - h * dy / d, (ay + by) / 2 + h * dx / d, i, j);
    push_cross(w, (ax + bx) / 2 + h * dy / d, (ay + by) / 2 - h * dx / d, i, j);
}

/* The two sides of capsule k as segments (x0, y0, x1, y1); false for a point. */
static bool sides(const capsule *k, double b, double side[2][4])
{
    if (!(k->len > 0)) return false;
    double nx = -k->uy * b, ny = k->ux * b;
    for (int s = 0; s < 2; s++) {
        double f = s ? -1 : 1;
        side[s][0] = k->ax + f * nx, side[s][1] = k->ay + f * ny;
        side[s][2] = k->bx + f * nx, side[s][3] = k->by + f * ny;
    }
    return true;
}

/* Crossings of segment p (a polygon edge, or a side of capsule i) with capsule j's sides
 * and circles. */
static void seg_capsule(work *w, const double *p, size_t i, size_t j)
{
    const capsule *k = &w->k[j];
    double sd[2][4];
    if (sides(k, w->b, sd)) seg_seg(w, p, sd[0], i, j), seg_seg(w, p, sd[1], i, j);
    seg_circle(w, p, k->ax, k->ay, i, j);
    seg_circle(w, p, k->bx, k->by, i, j);
}

/* Do the boxes of capsules i and j (or of an edge and capsule j) overlap? */
static bool near_box(double minx, double miny, double maxx, double maxy, const capsule *k,
                     double b)
{
    return !(maxx < lc_min(k->ax, k->bx) - b || minx > lc_max(k->ax, k->bx) + b ||
             maxy < lc_min(k->ay, k->by) - b || miny > lc_max(k->ay, k->by) + b);
}

/* Capsules i and j against each other: sides against sides and circles, circles against
 * circles. */
static void capsule_pair(work *w, size_t i, size_t j)
{
    const capsule *k = w->k;
    double sd[2][4], sj[2][4];
    if (sides(&k[i], w->b, sd)) seg_capsule(w, sd[0], i, j), seg_capsule(w, sd[1], i, j);
    const double c[2][2] = {{k[i].ax, k[i].ay}, {k[i].bx, k[i].by}};
    bool has_j = sides(&k[j], w->b, sj);
    for (int e = 0; e < 2; e++) {
        if (has_j) {
            seg_circle(w, sj[0], c[e][0], c[e][1], j, i);
            seg_circle(w, sj[1], c[e][0], c[e][1], j, i);
        }
        circle_circle(w, c[e][0], c[e][1], k[j].ax, k[j].ay, i, j);
        circle_circle(w, c[e][0], c[e][1], k[j].bx, k[j].by, i, j);
    }
}

static void events(const lc_rings *rg, const capsule *k, size_t n, double b, work *w)
{
    double y0 = w->y0, y1 = w->y1;
    w->nev = 0;
    size_t nv = rg->start[rg->nrings];
    for (size_t i = 0; i < nv; i++) push_event(w, rg->xy[2 * i + 1], y0, y1);
    for (size_t i = 0; i < n; i++) {
        double ty = k[i].len > 0 ? k[i].ux * b : 0; /* y of the side ends around each centre */
        const double cy[2] = {k[i].ay, k[i].by};
        for (int e = 0; e < 2; e++) {
            push_event(w, cy[e], y0, y1);
            push_event(w, cy[e] - b, y0, y1), push_event(w, cy[e] + b, y0, y1);
            push_event(w, cy[e] - ty, y0, y1), push_event(w, cy[e] + ty, y0, y1);
        }
    }
    grid_capsules(w, k, n, b);
    /* polygon edges against capsules */
    for (size_t r = 0; r < rg->nrings; r++)
        for (size_t v = rg->start[r]; v + 1 < rg->start[r + 1]; v++) {
            const double *p = rg->xy + 2 * v;
            double minx = lc_min(p[0], p[2]), maxx = lc_max(p[0], p[2]);
            double miny = lc_min(p[1], p[3]), maxy = lc_max(p[1], p[3]);
            for (size_t i = 0; i < n; i++)
                if (near_box(minx, miny, maxx, maxy, &k[i], b)) seg_capsule(w, p, SIZE_MAX, i);
        }
    /* capsules against each other */
    for (size_t i = 0; i < n; i++) {
        double minx = lc_min(k[i].ax, k[i].bx) - b, maxx = lc_max(k[i].ax, k[i].bx) + b;
        double miny = lc_min(k[i].ay, k[i].by) - b, maxy = lc_max(k[i].ay, k[i].by) + b;
        for (size_t j = i + 1; j < n; j++)
            if (near_box(minx, miny, maxx, maxy, &k[j], b)) capsule_pair(w, i, j);
    }
    push_event(w, y0, y0 - 1, y1), push_event(w, y1, y0, y1 + 1);
    SORT_BY(double, w->ev, w->nev, , lc_cmp_double);
}

/* The polygon's edges and the capsules on their active lists, sorted by their lowest y. */
static void spans(const lc_rings *rg, const capsule *k, size_t n, double b, work *w)
{
    w->edges.n = w->edges.next = w->edges.nact = 0;
    w->caps.n = w->caps.next = w->caps.nact = 0;
    for (size_t r = 0; r < rg->nrings; r++)
        for (size_t i = rg->start[r]; i + 1 < rg->start[r + 1]; i++) {
            double ay = rg->xy[2 * i + 1], by = rg->xy[2 * i + 3];
            add_span(w, &w->edges, lc_min(ay, by), lc_max(ay, by), i);
        }
    for (size_t i = 0; i < n; i++)
        add_span(w, &w->caps, lc_min(k[i].ay, k[i].by) - b, lc_max(k[i].ay, k[i].by) + b, i);
    if (w->nomem) return;
    SORT_BY(span, w->edges.all, w->edges.n, .lo, cmp_span);
    SORT_BY(span, w->caps.all, w->caps.n, .lo, cmp_span);
}

void lc_sweep_clear(lc_sweep *ws)
{
    lc_free(ws->ev), lc_free(ws->px), lc_free(ws->iv), lc_free(ws->k);
    for (int i = 0; i < 2; i++) lc_free(ws->span[i]), lc_free(ws->act[i]);
    lc_free(ws->cell_off), lc_free(ws->cell_item);
    memset(ws, 0, sizeof *ws);
}

lc_status lc_rings_capsules_area(const lc_rings *rg, const double *segs, size_t n, double b,
                                 lc_sweep *ws, double *out_area)
{
    lc_sweep local = {0};
    if (!ws) ws = &local;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < rg->start[rg->nrings]; i++) {
        x0 = lc_min(x0, rg->xy[2 * i]), x1 = lc_max(x1, rg->xy[2 * i]);
        y0 = lc_min(y0, rg->xy[2 * i + 1]), y1 = lc_max(y1, rg->xy[2 * i + 1]);
    }
    work w = {ws->ev, 0, ws->cap_ev, ws->px, 0, ws->cap_px, ws->iv, 0, ws->cap_iv, ws->k, ws->cap_k,
              {ws->span[0], 0, ws->cap_span[0], 0, ws->act[0], 0, ws->cap_act[0]},
              {ws->span[1], 0, ws->cap_span[1], 0, ws->act[1], 0, ws->cap_act[1]},
              {0, 0, 0, 0, 0, ws->cell_off, ws->cell_item, ws->cap_cell_off, ws->cap_cell_item},
              b, y0, y1, x0, x1, false};
    if (lc_grow((void **)&w.k, &w.cap_k, n + 1, sizeof *w.k)) w.nomem = true;
    for (size_t i = 0; !w.nomem && i < n; i++) {
        const double *s = segs + 4 * i;
        double dx = s[2] - s[0], dy = s[3] - s[1], len = sqrt(dx * dx + dy * dy);
        w.k[i] = (capsule){s[0], s[1], s[2], s[3], len > 0 ? dx / len : 0, len > 0 ? dy / len : 0, len};
    }
    if (!w.nomem) events(rg, w.k, n, b, &w);
    if (!w.nomem) spans(rg, w.k, n, b, &w);
    double area = 0;
    for (size_t e = 0; !w.nomem && e + 1 < w.nev; e++)
        if (w.ev[e + 1] > w.ev[e]) area += slab(rg, w.k, b, w.ev[e], w.ev[e + 1], &w);
    *ws = (lc_sweep){w.ev, w.px, w.iv, w.k, {w.edges.all, w.caps.all}, {w.edges.act, w.caps.act},
                     w.grid.off, w.grid.item, w.cap_ev, w.cap_px, w.cap_iv, w.cap_k,
                     {w.edges.cap, w.caps.cap}, {w.edges.cap_act, w.caps.cap_act},
                     w.grid.cap_off, w.grid.cap_item};
    lc_sweep_clear(&local);
    *out_area = area;
    return w.nomem ? LC_ERR_NOMEM : LC_OK;
}
