/*
 * datumcheck.c — the datum check; see datumcheck.h. A sample is the numbers of up to
 * LC_DATUM_SAMPLE_MAX points as read; the check projects them three ways (the layer's own
 * transformation, and EPSG:4326 after undoing GCJ-02 or BD-09, exactly as --*-srs GCJ02 /
 * BD09 would) and measures each point's distance to the nearest walkable edge through the
 * graph's edge grid.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "datumcheck.h"
#include "loader.h"
#include "../core/msg.h"

void lc_datum_sample_clear(lc_datum_sample *s)
{
    lc_free(s->layer);
    lc_free(s->def);
    lc_free(s->ll);
    memset(s, 0, sizeof *s);
}

/* The first coordinate of `g`: a point itself, a line's start, the first vertex of a
 * polygon's exterior ring (on its boundary, which follows streets and walls: an interior
 * point of a block would lie far from every mapped path whatever the datum); of a
 * collection, its first part's. */
static bool first_xy(GEOSContextHandle_t h, const GEOSGeometry *g, double *x, double *y)
{
    if (!g || GEOSisEmpty_r(h, g)) return false;
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) return first_xy(h, GEOSGetExteriorRing_r(h, g), x, y);
    if (type != GEOS_POINT && type != GEOS_LINESTRING && type != GEOS_LINEARRING) {
        for (int i = 0; i < GEOSGetNumGeometries_r(h, g); i++)
            if (first_xy(h, GEOSGetGeometryN_r(h, g, i), x, y)) return true;
        return false;
    }
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
    return cs && GEOSCoordSeq_getXY_r(h, cs, 0, x, y);
}

/* The point of row `row` as read (see first_xy); false when it has none. */
static bool row_point(lc_ctx *ctx, const lc_table *t, size_t row, double *lon, double *lat)
{
    if (!t->wkb[row]) return false;
    GEOSGeometry *g = lc_geom_from_wkb(ctx, t->wkb[row], t->wkb_len[row]);
    bool ok = first_xy(ctx->geos, g, lon, lat);
    if (g) GEOSGeom_destroy_r(ctx->geos, g);
    return ok;
}

/* Why a layer whose CRS resolves to (def, shift) is not measured; NULL when it is. */
static const char *not_measured(lc_ctx *ctx, const char *def, lc_cnshift shift)
{
    if (shift == LC_SHIFT_GCJ02) return "datum given: GCJ02";
    if (shift == LC_SHIFT_BD09) return "datum given: BD09";
    if (!lc_crs_is_lonlat(ctx, def)) return "not longitude/latitude";
    return NULL;
}

lc_status lc_datum_sample_take(lc_ctx *ctx, const lc_source_layer *src, const char *srs,
                               const char *flag, lc_datum_sample *out)
{
    lc_datum_sample_clear(out);
    out->taken = true;
    out->flag = flag;
    if (!(out->layer = lc_strdup(src->desc))) return LC_ERR_NOMEM;
    const char *def = NULL;
    lc_cnshift shift = LC_SHIFT_NONE;
    /* the loader resolved the same CRS a moment ago: this cannot fail where it did not */
    if (lc_source_def(ctx, src, srs, &def, &shift) != LC_OK) { /* a table: lon/lat */
        out->skipped = "no coordinate reference system";
        return LC_OK;
    }
    if ((out->skipped = not_measured(ctx, def, shift))) return LC_OK;
    const lc_table *t = src->table;
    size_t m = t->nrows < LC_DATUM_SAMPLE_MAX ? t->nrows : LC_DATUM_SAMPLE_MAX;
    if (!(out->ll = lc_malloc((2 * m + 1) * sizeof *out->ll))) return LC_ERR_NOMEM;
    for (size_t k = 0; k < m; k++) {
        /* k n / m without overflow: n < 2^53 rows, m <= 2000 */
        size_t row = m == t->nrows ? k : (size_t)((double)k * (double)t->nrows / (double)m);
        double lon, lat;
        if (row_point(ctx, t, row, &lon, &lat) && lc_cnshift_in_china(lon, lat)) {
            out->ll[2 * out->n] = lon, out->ll[2 * out->n + 1] = lat;
            out->n++;
        }
    }
    if (out->n < LC_DATUM_MIN_POINTS) {
        out->skipped = out->n ? "fewer than 3 points inside China" : "no point inside China";
        return LC_OK;
    }
    return (out->def = lc_strdup(def)) ? LC_OK : LC_ERR_NOMEM;
}

double lc_datum_edge_dist(const lc_graph *g, double x, double y)
{
    if (!g->nedges || !isfinite(x) || !isfinite(y)) return LC_DATUM_CAP_M;
    double r = g->egrid.cell > 1 ? g->egrid.cell : 1;
    for (;;) {
        if (r > LC_DATUM_CAP_M) r = LC_DATUM_CAP_M;
        lc_snap sn;
        /* an edge within r of the point meets the query box: the nearest found is exact */
        if (lc_graph_snap(g, x, y, r, &sn)) return sn.offset_m;
        if (r >= LC_DATUM_CAP_M) return LC_DATUM_CAP_M;
        r *= 2;
    }
}

lc_cnshift lc_datum_verdict(double given_m, double gcj02_m, double bd09_m)
{
    const double alt[2] = {gcj02_m, bd09_m};
    lc_cnshift best = LC_SHIFT_NONE;
    double best_m = INFINITY;
    for (int k = 0; k < 2; k++)
        if (alt[k] < LC_DATUM_RATIO * given_m && given_m - alt[k] >= LC_DATUM_MIN_GAIN_M &&
            alt[k] < best_m)
            best = k ? LC_SHIFT_BD09 : LC_SHIFT_GCJ02, best_m = alt[k];
    return best;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of d[0 .. n) (sorted in place; the mean of the middle two for even n). */
static double median(double *d, size_t n)
{
    qsort(d, n, sizeof *d, cmp_double);
    return n % 2 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]);
}

/* The median distance of the sample's points projected with `x`; a point PROJ cannot
 * project counts as LC_DATUM_CAP_M. */
static double median_dist(const lc_graph *g, lc_xform *x, const lc_datum_sample *smp,
                          double *scratch)
{
    for (size_t i = 0; i < smp->n; i++) {
        double px = smp->ll[2 * i], py = smp->ll[2 * i + 1];
        scratch[i] = lc_xform_point(x, &px, &py) ? lc_datum_edge_dist(g, px, py)
                                                  : LC_DATUM_CAP_M;
    }
    return median(scratch, smp->n);
}

static void warn_datum(lc_ctx *ctx, const lc_datum_sample *smp, const lc_datum_result *r,
                       lc_cnshift likely)
{
    bool bd = likely == LC_SHIFT_BD09;
    lc_warn(ctx, "%s: its points lie a median %.0f m from the nearest walkable edge as given, "
            "%.0f m read as GCJ-02 and %.0f m read as BD-09 (%zu points): they look like %s "
            "coordinates from a Chinese web map; if they are, give %s %s (coordinates are "
            "never shifted without it)", smp->layer, r->median_m[0], r->median_m[1],
            r->median_m[2], r->points, bd ? _("BD-09 (Baidu)") : _("GCJ-02 (Amap, Tencent)"),
            smp->flag, bd ? "BD09" : "GCJ02");
}

lc_status lc_datum_check(lc_ctx *ctx, const lc_graph *g, const char *work_wkt,
                         const lc_datum_sample *smp, lc_datum_result *out)
{
    memset(out, 0, sizeof *out);
    lc_strlcpy_utf8(out->layer, smp->layer ? smp->layer : "", sizeof out->layer);
    out->flag = smp->flag;
    out->skipped = smp->skipped;
    for (int k = 0; k < 3; k++) out->median_m[k] = NAN;
    if (smp->skipped || !smp->def) return LC_OK;
    static const lc_cnshift shifts[3] = {LC_SHIFT_NONE, LC_SHIFT_GCJ02, LC_SHIFT_BD09};
    double *scratch = lc_malloc((smp->n + 1) * sizeof *scratch);
    if (!scratch) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = LC_OK;
    for (int k = 0; !st && k < 3; k++) {
        lc_xform *x = NULL;
        /* as given: the layer's own transformation; as GCJ-02 / BD-09: what the flag does */
        st = lc_xform_create(ctx, k ? "EPSG:4326" : smp->def, shifts[k], work_wkt, &x);
        if (!st) out->median_m[k] = median_dist(g, x, smp, scratch);
        lc_xform_destroy(x);
    }
    lc_free(scratch);
    if (st) return st;
    out->points = smp->n;
    lc_cnshift v = lc_datum_verdict(out->median_m[0], out->median_m[1], out->median_m[2]);
    if (v != LC_SHIFT_NONE) {
        out->likely = v == LC_SHIFT_BD09 ? "BD09" : "GCJ02";
        warn_datum(ctx, smp, out, v);
    } else {
        lc_info(ctx, "datum check: %s: a median %.0f m from the nearest walkable edge as given, "
                "%.0f m read as GCJ-02, %.0f m read as BD-09 (%zu points): read as given",
                smp->layer, out->median_m[0], out->median_m[1], out->median_m[2], out->points);
    }
    return LC_OK;
}
