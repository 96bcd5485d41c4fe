/*
 * sweep.c — area of a polygon inside a union of capsules (segments buffered by b), by
 * integrating the covered length of horizontal lines.
 *
 * On a line y the polygon is a set of intervals (even-odd crossings of its edges) and each
 * capsule one interval (a capsule is convex: the hull of its two end discs and its strip).
 * Between the heights where some boundary starts, ends or turns (polygon vertices, capsule
 * corners, tops, bottoms and centres of the end discs) every boundary is one smooth curve,
 * so the covered length is smooth but for kinks where curves cross; each such slab is cut
 * into pieces of at most SLAB_M metres and integrated with 3-point Gauss-Legendre. The
 * circles are true circles. Error: 0.65 m² at most on an 11 000 m² polygon in the tests
 * (6e-5), against GEOS overlays of 1024-gon capsules; no overlay is built, so it is about
 * four times faster than a GEOS union and intersection of the same capsules.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geom.h"

#define SLAB_M 2.0

typedef struct {
    double *ev, *px, (*iv)[2];
    size_t nev, cap_ev, npx, cap_px, niv, cap_iv;
    bool nomem;
} work;

static void push_event(work *w, double y, double y0, double y1)
{
    if (y <= y0 || y >= y1) return;
    if (lc_grow((void **)&w->ev, &w->cap_ev, w->nev + 1, sizeof(double))) {
        w->nomem = true;
        return;
    }
    w->ev[w->nev++] = y;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : (x > y);
}

/* Insertion sorts: a line meets a handful of edges and capsules, where qsort's call
 * overhead dominates. */
static void sort_doubles(double *v, size_t n)
{
    if (n > 24) {
        qsort(v, n, sizeof(double), cmp_double);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        double x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

static void sort_intervals(double (*v)[2], size_t n)
{
    if (n > 24) {
        qsort(v, n, sizeof v[0], cmp_double);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        double a = v[i][0], b = v[i][1];
        size_t j = i;
        for (; j > 0 && v[j - 1][0] > a; j--) v[j][0] = v[j - 1][0], v[j][1] = v[j - 1][1];
        v[j][0] = a, v[j][1] = b;
    }
}

/* Interval of disc (cx, cy, b) on line y, widened into [*l, *r]. */
static void disc_iv(double cx, double cy, double b, double y, double *l, double *r)
{
    double dy = y - cy, h2 = b * b - dy * dy;
    if (h2 < 0) return;
    double h = sqrt(h2);
    *l = fmin(*l, cx - h), *r = fmax(*r, cx + h);
}

/* Interval of the capsule a-b on line y: hull of its end discs and its strip. */
static bool capsule_iv(const double *s, double b, double y, double out[2])
{
    double ax = s[0], ay = s[1], bx = s[2], by = s[3];
    double l = INFINITY, r = -INFINITY;
    disc_iv(ax, ay, b, y, &l, &r);
    disc_iv(bx, by, b, y, &l, &r);
    double len = hypot(bx - ax, by - ay);
    if (len > 0) {
        /* strip: 0 <= (p-a)·d <= len and |(p-a)·n| <= b, both linear in x */
        double dx = (bx - ax) / len, dy = (by - ay) / len, nx = -dy, ny = dx;
        double lo = -INFINITY, hi = INFINITY;
        const double k[2][3] = {{dx, (y - ay) * dy, len}, {nx, (y - ay) * ny, b}};
        for (int c = 0; c < 2; c++) {
            double slope = k[c][0], off = k[c][1];
            double vmin = c ? -k[c][2] : 0, vmax = k[c][2];
            /* vmin <= slope*(x-ax) + off <= vmax */
            if (fabs(slope) < 1e-15) {
                if (off < vmin || off > vmax) lo = INFINITY;
                continue;
            }
            double x0 = ax + (vmin - off) / slope, x1 = ax + (vmax - off) / slope;
            lo = fmax(lo, fmin(x0, x1)), hi = fmin(hi, fmax(x0, x1));
        }
        if (lo <= hi) l = fmin(l, lo), r = fmax(r, hi);
    }
    if (!(l <= r)) return false;
    out[0] = l, out[1] = r;
    return true;
}

/* Covered length of the polygon on line y. */
static double covered_length(const lc_rings *rg, const double *segs, size_t n, double b,
                             double y, work *w)
{
    w->npx = 0;
    for (size_t k = 0; k < rg->nrings; k++)
        for (size_t i = rg->start[k]; i + 1 < rg->start[k + 1]; i++) {
            double ax = rg->xy[2 * i], ay = rg->xy[2 * i + 1];
            double bx = rg->xy[2 * i + 2], by = rg->xy[2 * i + 3];
            if ((ay > y) == (by > y)) continue;
            if (lc_grow((void **)&w->px, &w->cap_px, w->npx + 1, sizeof(double))) {
                w->nomem = true;
                return 0;
            }
            w->px[w->npx++] = ax + (y - ay) * (bx - ax) / (by - ay);
        }
    if (w->npx < 2) return 0;
    sort_doubles(w->px, w->npx);
    w->niv = 0;
    for (size_t i = 0; i < n; i++) {
        double iv[2];
        if (!capsule_iv(segs + 4 * i, b, y, iv)) continue;
        if (lc_grow((void **)&w->iv, &w->cap_iv, w->niv + 1, sizeof w->iv[0])) {
            w->nomem = true;
            return 0;
        }
        w->iv[w->niv][0] = iv[0], w->iv[w->niv][1] = iv[1];
        w->niv++;
    }
    if (!w->niv) return 0;
    sort_intervals(w->iv, w->niv);
    /* merge capsule intervals, then measure their overlap with the polygon's pairs */
    size_t m = 0;
    for (size_t i = 1; i < w->niv; i++) {
        if (w->iv[i][0] <= w->iv[m][1]) w->iv[m][1] = fmax(w->iv[m][1], w->iv[i][1]);
        else m++, w->iv[m][0] = w->iv[i][0], w->iv[m][1] = w->iv[i][1];
    }
    double total = 0;
    size_t j = 0;
    for (size_t p = 0; p + 1 < w->npx; p += 2) {
        double x0 = w->px[p], x1 = w->px[p + 1];
        while (j <= m && w->iv[j][1] <= x0) j++;
        for (size_t q = j; q <= m && w->iv[q][0] < x1; q++)
            total += fmin(x1, w->iv[q][1]) - fmax(x0, w->iv[q][0]);
    }
    return total;
}

/* Heights where a boundary starts, ends or changes curve, within (y0, y1). */
static void events(const lc_rings *rg, const double *segs, size_t n, double b, double y0,
                   double y1, work *w)
{
    w->nev = 0;
    for (size_t i = 0; i < rg->start[rg->nrings]; i++) push_event(w, rg->xy[2 * i + 1], y0, y1);
    for (size_t i = 0; i < n; i++) {
        const double *s = segs + 4 * i;
        double len = hypot(s[2] - s[0], s[3] - s[1]);
        double ny = len > 0 ? (s[2] - s[0]) / len * b : 0; /* y of the normal times b */
        for (int e = 0; e < 2; e++) {
            double cy = s[2 * e + 1];
            push_event(w, cy, y0, y1);
            push_event(w, cy - b, y0, y1);
            push_event(w, cy + b, y0, y1);
            push_event(w, cy - ny, y0, y1);
            push_event(w, cy + ny, y0, y1);
        }
    }
    push_event(w, y0, y0 - 1, y1), push_event(w, y1, y0, y1 + 1);
    if (w->nev) qsort(w->ev, w->nev, sizeof(double), cmp_double);
}

lc_status lc_rings_capsules_area(const lc_rings *rg, const double *segs, size_t n, double b,
                                 double *out_area)
{
    static const double gx[3] = {-0.7745966692414834, 0, 0.7745966692414834};
    static const double gw[3] = {5.0 / 9, 8.0 / 9, 5.0 / 9};
    double y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < rg->start[rg->nrings]; i++)
        y0 = fmin(y0, rg->xy[2 * i + 1]), y1 = fmax(y1, rg->xy[2 * i + 1]);
    work w = {0};
    events(rg, segs, n, b, y0, y1, &w);
    double area = 0;
    for (size_t e = 0; !w.nomem && e + 1 < w.nev; e++) {
        double a = w.ev[e], h = w.ev[e + 1] - a;
        if (h <= 0) continue;
        size_t pieces = (size_t)ceil(h / SLAB_M);
        double step = h / (double)pieces;
        for (size_t p = 0; p < pieces; p++) {
            double mid = a + (p + 0.5) * step;
            for (int g = 0; g < 3; g++)
                area += gw[g] * 0.5 * step * covered_length(rg, segs, n, b, mid + gx[g] * 0.5 * step, &w);
        }
    }
    lc_free(w.ev);
    lc_free(w.px);
    lc_free(w.iv);
    *out_area = area;
    return w.nomem ? LC_ERR_NOMEM : LC_OK;
}
