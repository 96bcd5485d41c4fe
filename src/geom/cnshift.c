/*
 * cnshift.c — WGS84 <-> GCJ-02 <-> BD-09 conversions (degrees, longitude first).
 *
 * Source of the formulae. Neither datum shift is officially documented; the formulae
 * below are the ones that have circulated publicly since about 2010 and that the open
 * implementations use (e.g. github.com/googollee/eviltransform for GCJ-02 and
 * github.com/wandergis/coordtransform for GCJ-02 and BD-09). This file was written from
 * the mathematics as restated here:
 *
 *  GCJ-02: with x = lon - 105, y = lat - 35 (degrees),
 *      Tlat = -100 + 2x + 3y + 0.2y^2 + 0.1xy + 0.2 sqrt|x|
 *             + 2/3 (20 sin 6πx + 20 sin 2πx) + 2/3 (20 sin πy + 40 sin πy/3)
 *             + 2/3 (160 sin πy/12 + 320 sin πy/30)
 *      Tlon = 300 + x + 2y + 0.1x^2 + 0.1xy + 0.1 sqrt|x|
 *             + 2/3 (20 sin 6πx + 20 sin 2πx) + 2/3 (20 sin πx + 40 sin πx/3)
 *             + 2/3 (150 sin πx/12 + 300 sin πx/30)
 *    are offsets in metres that are turned into degrees with the radii of curvature of
 *    the Krasovsky ellipsoid (a = 6378245.0, e^2 = 0.00669342162296594323) at the WGS84
 *    latitude φ:  W = sqrt(1 - e^2 sin^2 φ),  M = a (1 - e^2) / W^3,  N = a / W,
 *      gcj_lat = lat + Tlat * 180 / (π M),   gcj_lon = lon + Tlon * 180 / (π N cos φ).
 *    Outside the box lon 72.004..137.8347, lat 0.8293..55.8271 GCJ-02 = WGS84 (the box
 *    used by eviltransform; coordtransform uses a slightly smaller one).
 *
 *  BD-09: with x_pi = π * 3000 / 180 and (x, y) = GCJ-02 (lon, lat),
 *      z = sqrt(x^2 + y^2) + 0.00002 sin(y x_pi),  θ = atan2(y, x) + 0.000003 cos(x x_pi),
 *      bd_lon = z cos θ + 0.0065,  bd_lat = z sin θ + 0.006.
 *    The published inverse (subtract the offsets, then the same corrections with the
 *    opposite sign, evaluated at the shifted point) is only approximate; it is used
 *    here as the starting point of an iteration. Like eviltransform, BD-09 is taken to
 *    equal GCJ-02 (hence WGS84) outside the box, so lc_cnshift_to_wgs84() is the
 *    identity for every shift there.
 *
 * Inverses. The published one-step GCJ-02 -> WGS84 inverse (subtract the offset
 * evaluated at the GCJ-02 point) is off by up to 5.4e-5 deg (~4.6 m, near 53 N); the
 * published closed-form BD-09 -> GCJ-02 inverse by up to 1.9e-6 deg (measured over China
 * on a 0.25-degree grid). Here both inverses solve forward(p) = q by the fixed-point
 * iteration p <- p + (q - forward(p)), starting from the published approximation, until
 * the forward image is within 1e-10 deg of q (at most 30 steps). The forward maps are
 * the identity plus a slowly varying offset (Jacobian entries <~ 2e-2), so each step
 * gains about two decimal digits and 2-4 steps suffice. The best iterate is kept, so the
 * result is well defined even where the iteration cannot converge (points straddling
 * the edge of the box, where the mapping is discontinuous).
 *
 * Measured accuracy (tests/unit/test_cnshift.c; x86-64, glibc libm, gcc and clang -O2):
 *  - forward: the eviltransform WGS84 -> GCJ-02 pairs and the coordtransform
 *    wgs84togcj02 value are reproduced exactly (0 deviation in double), coordtransform
 *    gcj02tobd09 to 1.4e-14 deg;
 *  - exact inverses vs the published one-step values at (116.404, 39.915): 5.2e-7 deg
 *    (0.061 m) for GCJ-02 -> WGS84, 4.0e-7 deg (0.048 m) for BD-09 -> GCJ-02;
 *  - round trips in all six directions (WGS84<->GCJ-02, GCJ-02<->BD-09, WGS84<->BD-09)
 *    over a 0.5-degree grid covering China (lon 74..134, lat 19..53, 8349 points):
 *    max error 1.73e-10 deg = 1.9e-5 m (0.02 mm).
 *  - the two BD-09 pairs in eviltransform's test suite deviate by up to 3.6e-4 deg
 *    (~41 m): they were generated with a variant that uses π instead of x_pi in the
 *    BD-09 corrections (see the test for details); the standard x_pi formula is the
 *    one matched by coordtransform and used here.
 */
#include "cnshift.h"

#include <math.h>
#include <stddef.h>

#define CNS_PI 3.14159265358979323846
#define CNS_DEG (CNS_PI / 180.0)

/* Krasovsky 1940 ellipsoid, as used by the GCJ-02 formula. */
#define CNS_KRASOVSKY_A 6378245.0
#define CNS_KRASOVSKY_EE 0.00669342162296594323

/* BD-09 constants. */
#define CNS_X_PI (CNS_PI * 3000.0 / 180.0)
#define CNS_BD_DLON 0.0065
#define CNS_BD_DLAT 0.006

/* China bounding box (eviltransform's). */
#define CNS_LON_MIN 72.004
#define CNS_LON_MAX 137.8347
#define CNS_LAT_MIN 0.8293
#define CNS_LAT_MAX 55.8271

/* Inverse iteration: stop when the forward image is within this many degrees. */
#define CNS_INV_TOL 1e-10
#define CNS_INV_MAX_ITER 30

/* ---- names ------------------------------------------------------------------------ */

/* ASCII case-insensitive equality (locale-independent). */
static bool cns_ieq(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (unsigned char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z')
            cb = (unsigned char)(cb - 'A' + 'a');
        if (ca != cb)
            return false;
        if (ca == '\0')
            return true;
    }
}

bool lc_cnshift_parse(const char *name, lc_cnshift *out)
{
    lc_cnshift s;
    if (name == NULL)
        return false;
    if (cns_ieq(name, "gcj02") || cns_ieq(name, "gcj-02"))
        s = LC_SHIFT_GCJ02;
    else if (cns_ieq(name, "bd09") || cns_ieq(name, "bd-09"))
        s = LC_SHIFT_BD09;
    else
        return false;
    if (out != NULL)
        *out = s;
    return true;
}

bool lc_cnshift_in_china(double lon, double lat)
{
    /* Written so that NaN compares as outside. */
    return lon >= CNS_LON_MIN && lon <= CNS_LON_MAX && lat >= CNS_LAT_MIN && lat <= CNS_LAT_MAX;
}

/* ---- GCJ-02 ----------------------------------------------------------------------- */

/* GCJ-02 minus WGS84, in degrees, at the WGS84 point (lon, lat); no box test. */
static void gcj_offset(double lon, double lat, double *d_lon, double *d_lat)
{
    const double x = lon - 105.0, y = lat - 35.0;
    const double px = CNS_PI * x, py = CNS_PI * y;
    const double sq = sqrt(fabs(x));
    const double common = 20.0 * sin(6.0 * px) + 20.0 * sin(2.0 * px);

    double t_lat = common + 20.0 * sin(py) + 40.0 * sin(py / 3.0) + 160.0 * sin(py / 12.0)
                   + 320.0 * sin(py / 30.0);
    double t_lon = common + 20.0 * sin(px) + 40.0 * sin(px / 3.0) + 150.0 * sin(px / 12.0)
                   + 300.0 * sin(px / 30.0);
    t_lat = t_lat * 2.0 / 3.0 + (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sq);
    t_lon = t_lon * 2.0 / 3.0 + (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sq);

    const double phi = lat * CNS_DEG;
    const double s = sin(phi);
    const double w2 = 1.0 - CNS_KRASOVSKY_EE * s * s;
    const double w = sqrt(w2);
    const double m = CNS_KRASOVSKY_A * (1.0 - CNS_KRASOVSKY_EE) / (w2 * w); /* meridian */
    const double n = CNS_KRASOVSKY_A / w;                                  /* prime vertical */

    *d_lat = t_lat / (m * CNS_DEG);
    *d_lon = t_lon / (n * cos(phi) * CNS_DEG);
}

void lc_wgs84_to_gcj02(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!lc_cnshift_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    double d_lon, d_lat;
    gcj_offset(lon, lat, &d_lon, &d_lat);
    *out_lon = lon + d_lon;
    *out_lat = lat + d_lat;
}

/* ---- BD-09 ------------------------------------------------------------------------ */

void lc_gcj02_to_bd09(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!lc_cnshift_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    const double z = hypot(lon, lat) + 0.00002 * sin(lat * CNS_X_PI);
    const double theta = atan2(lat, lon) + 0.000003 * cos(lon * CNS_X_PI);
    *out_lon = z * cos(theta) + CNS_BD_DLON;
    *out_lat = z * sin(theta) + CNS_BD_DLAT;
}

/* The published closed-form approximate inverse of lc_gcj02_to_bd09 (no box test). */
static void bd_approx_inverse(double lon, double lat, double *out_lon, double *out_lat)
{
    const double x = lon - CNS_BD_DLON, y = lat - CNS_BD_DLAT;
    const double z = hypot(x, y) - 0.00002 * sin(y * CNS_X_PI);
    const double theta = atan2(y, x) - 0.000003 * cos(x * CNS_X_PI);
    *out_lon = z * cos(theta);
    *out_lat = z * sin(theta);
}

/* ---- exact inverses ---------------------------------------------------------------- */

typedef void (*cns_forward_fn)(double lon, double lat, double *out_lon, double *out_lat);

/* Solve fwd(p) = (lon, lat) for p, starting from (p_lon, p_lat), by the fixed-point
   iteration p <- p + (target - fwd(p)). Returns the iterate with the smallest residual. */
static void cns_invert(cns_forward_fn fwd, double lon, double lat, double p_lon, double p_lat,
                       double *out_lon, double *out_lat)
{
    double best_lon = p_lon, best_lat = p_lat, best_err = INFINITY;
    for (int i = 0; i < CNS_INV_MAX_ITER; i++) {
        double f_lon, f_lat;
        fwd(p_lon, p_lat, &f_lon, &f_lat);
        const double r_lon = lon - f_lon, r_lat = lat - f_lat;
        const double err = fmax(fabs(r_lon), fabs(r_lat));
        if (err < best_err) {
            best_err = err;
            best_lon = p_lon;
            best_lat = p_lat;
        }
        if (!(err > CNS_INV_TOL)) /* converged (or NaN: give up) */
            break;
        p_lon += r_lon;
        p_lat += r_lat;
    }
    *out_lon = best_lon;
    *out_lat = best_lat;
}

void lc_gcj02_to_wgs84(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!lc_cnshift_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    /* Start from the published one-step inverse (offset evaluated at the GCJ point). */
    double d_lon, d_lat;
    gcj_offset(lon, lat, &d_lon, &d_lat);
    cns_invert(lc_wgs84_to_gcj02, lon, lat, lon - d_lon, lat - d_lat, out_lon, out_lat);
}

void lc_bd09_to_gcj02(double lon, double lat, double *out_lon, double *out_lat)
{
    if (!lc_cnshift_in_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    double a_lon, a_lat;
    bd_approx_inverse(lon, lat, &a_lon, &a_lat);
    cns_invert(lc_gcj02_to_bd09, lon, lat, a_lon, a_lat, out_lon, out_lat);
}

/* ---- compositions ------------------------------------------------------------------ */

void lc_wgs84_to_bd09(double lon, double lat, double *out_lon, double *out_lat)
{
    double g_lon, g_lat;
    lc_wgs84_to_gcj02(lon, lat, &g_lon, &g_lat);
    lc_gcj02_to_bd09(g_lon, g_lat, out_lon, out_lat);
}

void lc_bd09_to_wgs84(double lon, double lat, double *out_lon, double *out_lat)
{
    double g_lon, g_lat;
    lc_bd09_to_gcj02(lon, lat, &g_lon, &g_lat);
    lc_gcj02_to_wgs84(g_lon, g_lat, out_lon, out_lat);
}

void lc_cnshift_to_wgs84(lc_cnshift shift, double *lon, double *lat)
{
    switch (shift) {
    case LC_SHIFT_GCJ02:
        lc_gcj02_to_wgs84(*lon, *lat, lon, lat);
        break;
    case LC_SHIFT_BD09:
        lc_bd09_to_wgs84(*lon, *lat, lon, lat);
        break;
    case LC_SHIFT_NONE:
    default:
        break;
    }
}
