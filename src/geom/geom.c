/*
 * geom.c — GEOS adapter: WKB conversion, polygon repair, discs, and flat ring arrays.
 */
#include <math.h>
#include <string.h>

#include "geom.h"

GEOSGeometry *lc_geom_from_wkb(lc_ctx *ctx, const unsigned char *wkb, size_t len)
{
    return GEOSGeomFromWKB_buf_r(ctx->geos, wkb, len);
}

lc_status lc_geom_to_wkb(lc_ctx *ctx, const GEOSGeometry *g, unsigned char **out,
                         size_t *out_len)
{
    *out = NULL;
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(ctx->geos);
    if (!w) return lc_fail(ctx, LC_ERR_GEOS, "cannot create a WKB writer");
    GEOSWKBWriter_setOutputDimension_r(ctx->geos, w, 2);
    GEOSWKBWriter_setByteOrder_r(ctx->geos, w, GEOS_WKB_NDR);
    size_t n = 0;
    unsigned char *buf = GEOSWKBWriter_write_r(ctx->geos, w, g, &n);
    GEOSWKBWriter_destroy_r(ctx->geos, w);
    if (!buf) return lc_fail(ctx, LC_ERR_GEOS, "WKB export failed: %s", ctx->geos_msg);
    *out = lc_malloc(n);
    if (*out) memcpy(*out, buf, n);
    GEOSFree_r(ctx->geos, buf);
    if (!*out) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    *out_len = n;
    return LC_OK;
}

int lc_wkb_type(const unsigned char *wkb, size_t len)
{
    if (!wkb || len < 5 || wkb[0] > 1) return 0;
    uint32_t t = wkb[0] ? (uint32_t)wkb[1] | (uint32_t)wkb[2] << 8 | (uint32_t)wkb[3] << 16 |
                              (uint32_t)wkb[4] << 24
                        : (uint32_t)wkb[4] | (uint32_t)wkb[3] << 8 | (uint32_t)wkb[2] << 16 |
                              (uint32_t)wkb[1] << 24;
    t = (t & 0x0FFFFFFFu) % 1000; /* EWKB's Z/M/SRID flags, ISO's 1000/2000/3000 */
    return t >= 1 && t <= 7 ? (int)t : 0;
}

/* Collect the polygons of `g` (any type) into a new MultiPolygon; NULL when it has none. */
static GEOSGeometry *polygons_of(lc_ctx *ctx, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = ctx->geos;
    int n = GEOSGetNumGeometries_r(h, g);
    GEOSGeometry **parts = lc_calloc((size_t)n + 1, sizeof *parts);
    if (!parts) return NULL;
    unsigned np = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        int t = GEOSGeomTypeId_r(h, p);
        if (t == GEOS_POLYGON && !GEOSisEmpty_r(h, p)) {
            parts[np++] = GEOSGeom_clone_r(h, p);
        } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
            for (int j = 0; j < GEOSGetNumGeometries_r(h, p); j++) {
                const GEOSGeometry *q = GEOSGetGeometryN_r(h, p, j);
                if (GEOSGeomTypeId_r(h, q) != GEOS_POLYGON || GEOSisEmpty_r(h, q)) continue;
                GEOSGeometry **grown = lc_realloc(parts, (np + 2) * sizeof *parts);
                if (!grown) break;
                parts = grown;
                parts[np++] = GEOSGeom_clone_r(h, q);
            }
        }
    }
    GEOSGeometry *out =
        np ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, np) : NULL;
    lc_free(parts);
    return out;
}

lc_status lc_geom_polygonal(lc_ctx *ctx, GEOSGeometry *g, GEOSGeometry **out,
                            lc_polyfix *out_fix)
{
    GEOSContextHandle_t h = ctx->geos;
    *out = NULL;
    int t = GEOSGeomTypeId_r(h, g);
    if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON) {
        *out_fix = GEOSisEmpty_r(h, g) ? LC_POLY_EMPTY : LC_POLY_NOT_POLYGON;
        GEOSGeom_destroy_r(h, g);
        return LC_OK;
    }
    if (GEOSisEmpty_r(h, g)) {
        *out_fix = LC_POLY_EMPTY;
        GEOSGeom_destroy_r(h, g);
        return LC_OK;
    }
    char valid = GEOSisValid_r(h, g);
    GEOSGeometry *src = g;
    *out_fix = LC_POLY_OK;
    if (valid != 1) {
        GEOSMakeValidParams *p = GEOSMakeValidParams_create_r(h);
        GEOSMakeValidParams_setMethod_r(h, p, GEOS_MAKE_VALID_STRUCTURE);
        GEOSMakeValidParams_setKeepCollapsed_r(h, p, 0);
        src = GEOSMakeValidWithParams_r(h, g, p);
        GEOSMakeValidParams_destroy_r(h, p);
        GEOSGeom_destroy_r(h, g);
        if (!src) return lc_fail(ctx, LC_ERR_GEOM_INVALID, "make-valid failed: %s", ctx->geos_msg);
        *out_fix = LC_POLY_REPAIRED;
    }
    *out = polygons_of(ctx, src);
    GEOSGeom_destroy_r(h, src);
    if (!*out) *out_fix = LC_POLY_EMPTY;
    return LC_OK;
}

void lc_index_collect(void *item, void *ud)
{
    lc_index_hits *h = ud;
    if (lc_grow((void **)&h->items, &h->cap, h->n + 1, sizeof *h->items)) {
        h->nomem = true;
        return;
    }
    h->items[h->n++] = (uint32_t)((uintptr_t)item - 1);
}

GEOSGeometry *lc_geom_union(lc_ctx *ctx, GEOSGeometry **parts, size_t n)
{
    if (!n) return NULL;
    GEOSGeometry *c = GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION, parts,
                                                  (unsigned)n);
    GEOSGeometry *u = c ? GEOSUnaryUnion_r(ctx->geos, c) : NULL;
    if (c) GEOSGeom_destroy_r(ctx->geos, c);
    return u;
}

GEOSGeometry *lc_geom_point_on_surface(lc_ctx *ctx, const GEOSGeometry *g)
{
    if (GEOSGeomTypeId_r(ctx->geos, g) == GEOS_POINT) return GEOSGeom_clone_r(ctx->geos, g);
    return GEOSPointOnSurface_r(ctx->geos, g);
}

/* Vertices of the regular n-gon (n = 4q) with the same area as the unit circle, cached on
 * the ctx (discs are made by the hundred thousand; building them directly is far cheaper
 * than buffering a point). An inscribed polygon loses area along every arc it crosses, a
 * bias that adds up over an estate's edge; the equal-area polygon (radius scaled by
 * sqrt((2π/n) / sin(2π/n)), 1.00005 for n = 256) lies half outside, half inside the circle,
 * so that error cancels along any arc longer than one segment. */
static const double *unit_circle(lc_ctx *ctx, int q)
{
    if (ctx->disc_unit && ctx->disc_quadsegs == q) return ctx->disc_unit;
    size_t n = 4 * (size_t)q;
    double *u = lc_realloc(ctx->disc_unit, 2 * (n + 1) * sizeof(double));
    if (!u) return NULL;
    const double step = 2 * LC_PI / (double)n;
    const double scale = sqrt(step / sin(step));
    for (size_t i = 0; i < n; i++) {
        u[2 * i] = scale * cos(step * (double)i);
        u[2 * i + 1] = scale * sin(step * (double)i);
    }
    u[2 * n] = u[0], u[2 * n + 1] = u[1];
    ctx->disc_unit = u;
    ctx->disc_quadsegs = q;
    return u;
}

GEOSGeometry *lc_geom_ring_xy(lc_ctx *ctx, const double *xy, size_t n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(ctx->geos, xy, (unsigned)n, 0, 0);
    GEOSGeometry *r = cs ? GEOSGeom_createLinearRing_r(ctx->geos, cs) : NULL;
    if (cs && !r) GEOSCoordSeq_destroy_r(ctx->geos, cs);
    return r;
}

GEOSGeometry *lc_geom_polygon_xy(lc_ctx *ctx, const double *xy, size_t n)
{
    GEOSGeometry *r = lc_geom_ring_xy(ctx, xy, n);
    GEOSGeometry *p = r ? GEOSGeom_createPolygon_r(ctx->geos, r, NULL, 0) : NULL;
    if (r && !p) GEOSGeom_destroy_r(ctx->geos, r);
    return p;
}

/* lc_geom_polygon_xy, freeing xy. */
static GEOSGeometry *polygon_from(lc_ctx *ctx, double *xy, unsigned n)
{
    GEOSGeometry *p = lc_geom_polygon_xy(ctx, xy, n);
    lc_free(xy);
    return p;
}

GEOSGeometry *lc_geom_disc(lc_ctx *ctx, double x, double y, double r, int quadsegs)
{
    const double *u = unit_circle(ctx, quadsegs);
    if (!u) return NULL;
    unsigned n = 4 * (unsigned)quadsegs + 1;
    double *xy = lc_malloc(2 * n * sizeof(double));
    if (!xy) return NULL;
    for (unsigned i = 0; i < n; i++) {
        xy[2 * i] = x + r * u[2 * i];
        xy[2 * i + 1] = y + r * u[2 * i + 1];
    }
    xy[2 * n - 2] = xy[0], xy[2 * n - 1] = xy[1]; /* exactly closed */
    return polygon_from(ctx, xy, n);
}

GEOSGeometry *lc_geom_capsule(lc_ctx *ctx, double ax, double ay, double bx, double by,
                              double r, int quadsegs)
{
    double len = hypot(bx - ax, by - ay);
    if (len < 1e-9) return lc_geom_disc(ctx, ax, ay, r, quadsegs);
    const double *u = unit_circle(ctx, quadsegs); /* u[i] at angle 2πi/n, n = 4q */
    if (!u) return NULL;
    size_t n = 4 * (size_t)quadsegs, half = n / 2, m = 2 * (half + 1) + 1;
    double *xy = lc_malloc(2 * m * sizeof(double));
    if (!xy) return NULL;
    /* rotate the unit circle so that index 0 points along the normal left of a->b; the
     * half from the normal through +direction to -normal goes round b, the rest round a */
    double dx = (bx - ax) / len, dy = (by - ay) / len, nx = -dy, ny = dx;
    double side = 1 / u[0]; /* the straight sides lie at exactly r, only arcs are scaled */
    size_t k = 0;
    for (size_t i = 0; i <= half; i++, k++) { /* around b: angle from +n clockwise to -n */
        double f = (i == 0 || i == half) ? side : 1, c = f * u[2 * i], s = f * u[2 * i + 1];
        xy[2 * k] = bx + r * (c * nx + s * dx);
        xy[2 * k + 1] = by + r * (c * ny + s * dy);
    }
    for (size_t i = half; i <= n; i++, k++) { /* around a: from -n on through -d to +n */
        double f = (i == half || i == n) ? side : 1;
        double c = f * u[2 * (i % n)], s = f * u[2 * (i % n) + 1];
        xy[2 * k] = ax + r * (c * nx + s * dx);
        xy[2 * k + 1] = ay + r * (c * ny + s * dy);
    }
    xy[2 * k] = xy[0], xy[2 * k + 1] = xy[1];
    return polygon_from(ctx, xy, (unsigned)k + 1);
}

/* ---- flat rings -------------------------------------------------------------------- */

static lc_status push_ring(lc_ctx *ctx, const GEOSGeometry *ring, bool hole, lc_rings *rg,
                           size_t *cap_xy, size_t *cap_r)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n)) return LC_ERR_GEOS;
    size_t have = rg->start[rg->nrings];
    if (lc_grow((void **)&rg->xy, cap_xy, 2 * (have + n), sizeof(double)) ||
        lc_grow((void **)&rg->start, cap_r, rg->nrings + 2, sizeof(size_t)) ||
        !(rg->hole = lc_realloc(rg->hole, rg->nrings + 1)))
        return LC_ERR_NOMEM;
    if (n && !GEOSCoordSeq_copyToBuffer_r(ctx->geos, cs, rg->xy + 2 * have, 0, 0))
        return LC_ERR_GEOS;
    rg->hole[rg->nrings] = hole;
    rg->nrings++;
    rg->start[rg->nrings] = have + n;
    return LC_OK;
}

lc_status lc_rings_init(lc_ctx *ctx, const GEOSGeometry *g, lc_rings *rg)
{
    GEOSContextHandle_t h = ctx->geos;
    memset(rg, 0, sizeof *rg);
    size_t cap_xy = 0, cap_r = 1;
    if (!(rg->start = lc_calloc(1, sizeof(size_t)))) return LC_ERR_NOMEM;
    lc_status st = LC_OK;
    for (int i = 0; !st && i < GEOSGetNumGeometries_r(h, g); i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON) continue;
        st = push_ring(ctx, GEOSGetExteriorRing_r(h, p), false, rg, &cap_xy, &cap_r);
        for (int k = 0; !st && k < GEOSGetNumInteriorRings_r(h, p); k++)
            st = push_ring(ctx, GEOSGetInteriorRingN_r(h, p, k), true, rg, &cap_xy, &cap_r);
    }
    if (st) lc_rings_clear(rg);
    return st;
}

void lc_rings_clear(lc_rings *rg)
{
    lc_free(rg->xy);
    lc_free(rg->start);
    lc_free(rg->hole);
    memset(rg, 0, sizeof *rg);
}

double lc_rings_max_dist(const lc_rings *rg, double x, double y)
{
    double best = 0;
    for (size_t i = 0; i < rg->start[rg->nrings]; i++) {
        double dx = rg->xy[2 * i] - x, dy = rg->xy[2 * i + 1] - y;
        double d2 = dx * dx + dy * dy;
        if (d2 > best) best = d2;
    }
    return sqrt(best);
}

double lc_point_segment_dist(double px, double py, double ax, double ay, double bx, double by,
                             double *out_t)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    if (out_t) *out_t = t;
    double ex = px - ax - t * dx, ey = py - ay - t * dy;
    return sqrt(ex * ex + ey * ey); /* metres: no overflow for hypot to guard against */
}

static double pt_seg(double px, double py, double ax, double ay, double bx, double by)
{
    return lc_point_segment_dist(px, py, ax, ay, bx, by, NULL);
}

static double orient(double ax, double ay, double bx, double by, double cx, double cy)
{
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/* Distance between segments p-q and a-b: 0 when they cross, else the nearest endpoint. */
static double seg_seg(double px, double py, double qx, double qy, double ax, double ay,
                      double bx, double by)
{
    double o1 = orient(px, py, qx, qy, ax, ay), o2 = orient(px, py, qx, qy, bx, by);
    double o3 = orient(ax, ay, bx, by, px, py), o4 = orient(ax, ay, bx, by, qx, qy);
    if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)))
        return 0;
    return lc_min(lc_min(pt_seg(px, py, ax, ay, bx, by), pt_seg(qx, qy, ax, ay, bx, by)),
                lc_min(pt_seg(ax, ay, px, py, qx, qy), pt_seg(bx, by, px, py, qx, qy)));
}

double lc_rings_segment_dist(const lc_rings *rg, double ax, double ay, double bx, double by)
{
    double best = lc_min(lc_rings_point_dist(rg, ax, ay), lc_rings_point_dist(rg, bx, by));
    for (size_t k = 0; best > 0 && k < rg->nrings; k++)
        for (size_t i = rg->start[k]; i + 1 < rg->start[k + 1]; i++)
            best = lc_min(best, seg_seg(ax, ay, bx, by, rg->xy[2 * i], rg->xy[2 * i + 1],
                                      rg->xy[2 * i + 2], rg->xy[2 * i + 3]));
    return best;
}

double lc_rings_max_segment_dist(const lc_rings *rg, double ax, double ay, double bx,
                                 double by)
{
    double worst = 0;
    for (size_t i = 0; i < rg->start[rg->nrings]; i++)
        worst = lc_max(worst, pt_seg(rg->xy[2 * i], rg->xy[2 * i + 1], ax, ay, bx, by));
    return worst;
}

/* Squared distance from (x, y) to segment a-b, as lc_point_segment_dist computes it. */
static double pt_seg2(double x, double y, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    double ex = x - ax - t * dx, ey = y - ay - t * dy;
    return ex * ex + ey * ey;
}

/* Every edge is read for the crossing count, but the distance only for edges whose box is
 * nearer than the best so far: big estates have thousands of vertices, and the access
 * points test every network node near them. */
double lc_rings_point_dist(const lc_rings *rg, double x, double y)
{
    bool inside = false;
    double best2 = INFINITY;
    for (size_t k = 0; k < rg->nrings; k++)
        for (size_t i = rg->start[k]; i + 1 < rg->start[k + 1]; i++) {
            double ax = rg->xy[2 * i], ay = rg->xy[2 * i + 1];
            double bx = rg->xy[2 * i + 2], by = rg->xy[2 * i + 3];
            if ((ay > y) != (by > y) && x < ax + (y - ay) * (bx - ax) / (by - ay)) inside = !inside;
            double gx = lc_max(lc_max(lc_min(ax, bx) - x, x - lc_max(ax, bx)), 0);
            double gy = lc_max(lc_max(lc_min(ay, by) - y, y - lc_max(ay, by)), 0);
            if (gx * gx + gy * gy < best2) best2 = lc_min(best2, pt_seg2(x, y, ax, ay, bx, by));
        }
    return inside ? 0 : sqrt(best2);
}

/* Signed area of (triangle O,a,b) ∩ disc(O, r), where O is the origin. The segment ab is
 * cut where it crosses the circle; pieces inside count as triangles, pieces outside as
 * circular sectors. Summed over a ring this gives the exact signed area of ring ∩ disc. */
static double tri_disc(double ax, double ay, double bx, double by, double r)
{
    double dx = bx - ax, dy = by - ay;
    double A = dx * dx + dy * dy, B = ax * dx + ay * dy, C = ax * ax + ay * ay - r * r;
    double ts[4] = {0, 0, 0, 1};
    int nt = 1;
    double disc = B * B - A * C;
    if (A > 0 && disc > 0) {
        double s = sqrt(disc);
        double t1 = (-B - s) / A, t2 = (-B + s) / A;
        if (t1 > 0 && t1 < 1) ts[nt++] = t1;
        if (t2 > 0 && t2 < 1) ts[nt++] = t2;
    }
    ts[nt++] = 1;
    double area = 0;
    for (int i = 0; i + 1 < nt; i++) {
        double px = ax + ts[i] * dx, py = ay + ts[i] * dy;
        double qx = ax + ts[i + 1] * dx, qy = ay + ts[i + 1] * dy;
        double tm = 0.5 * (ts[i] + ts[i + 1]);
        double mx = ax + tm * dx, my = ay + tm * dy;
        double cross = px * qy - py * qx;
        if (mx * mx + my * my <= r * r) area += 0.5 * cross;
        else area += 0.5 * r * r * atan2(cross, px * qx + py * qy);
    }
    return area;
}

double lc_rings_disc_area(const lc_rings *rg, double x, double y, double r)
{
    double total = 0;
    for (size_t k = 0; k < rg->nrings; k++) {
        double ring = 0;
        for (size_t i = rg->start[k]; i + 1 < rg->start[k + 1]; i++)
            ring += tri_disc(rg->xy[2 * i] - x, rg->xy[2 * i + 1] - y, rg->xy[2 * i + 2] - x,
                             rg->xy[2 * i + 3] - y, r);
        total += rg->hole[k] ? -fabs(ring) : fabs(ring);
    }
    return total > 0 ? total : 0;
}
