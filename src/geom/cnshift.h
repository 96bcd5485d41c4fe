/*
 * cnshift.h — WGS84 <-> GCJ-02 <-> BD-09 offsets of Chinese web maps (degrees, lon first).
 *
 * GCJ-02 ("Mars coordinates") is the obfuscated datum required for published maps in
 * mainland China (Amap/Gaode, Tencent, Google Maps China); BD-09 is Baidu's further
 * shift of GCJ-02. Both are applied only inside a rough China bounding box; outside it
 * every function here is the identity, as in the published algorithms.
 *
 * All functions are pure (no state, thread-safe), take and return degrees in
 * traditional GIS order (longitude first), and never fail. Output pointers must be
 * non-NULL; they may point at the caller's own input variables.
 *
 * Accuracy: the forward formulae reproduce the published implementations to ~1e-13
 * degrees; the inverses are exact (forward(inverse(p)) == p within 1e-10 degrees,
 * i.e. ~0.01 mm) — see cnshift.c for the measured figures.
 */
#ifndef LC_CNSHIFT_H
#define LC_CNSHIFT_H

#include <stdbool.h>

typedef enum lc_cnshift {
    LC_SHIFT_NONE = 0,  /**< plain WGS84 */
    LC_SHIFT_GCJ02 = 1, /**< GCJ-02 (Amap/Gaode, Tencent) */
    LC_SHIFT_BD09 = 2   /**< BD-09 (Baidu) */
} lc_cnshift;

/* Parse "GCJ02", "GCJ-02", "gcj02", "BD09", "BD-09", "bd09" (case-insensitive); returns
   false otherwise (also for NULL). *out is written only on success (and only if non-NULL). */
bool lc_cnshift_parse(const char *name, lc_cnshift *out);

/* true when (lon, lat) is inside the rough China bounding box where GCJ-02 applies
   (outside it, GCJ-02 equals WGS84: the published algorithms do the same).
   The box is lon 72.004..137.8347, lat 0.8293..55.8271 (inclusive); NaN is outside. */
bool lc_cnshift_in_china(double lon, double lat);

void lc_wgs84_to_gcj02(double lon, double lat, double *out_lon, double *out_lat);
/* Exact inverse by fixed-point iteration of the forward formula until the forward image
   matches the input within 1e-10 degrees (at most 30 iterations). */
void lc_gcj02_to_wgs84(double lon, double lat, double *out_lon, double *out_lat);

void lc_gcj02_to_bd09(double lon, double lat, double *out_lon, double *out_lat);
/* Exact inverse of lc_gcj02_to_bd09 by iteration (start from the published closed-form
   approximation). */
void lc_bd09_to_gcj02(double lon, double lat, double *out_lon, double *out_lat);

void lc_bd09_to_wgs84(double lon, double lat, double *out_lon, double *out_lat);
void lc_wgs84_to_bd09(double lon, double lat, double *out_lon, double *out_lat);

/* Convert one coordinate from `shift` to WGS84 in place (no-op for LC_SHIFT_NONE). */
void lc_cnshift_to_wgs84(lc_cnshift shift, double *lon, double *lat);

#endif /* LC_CNSHIFT_H */
