/*
 * reach.h — the estates within a radius of each of a set of points: candidate sites for
 * siting, the facilities of a category for catchments (access.h). Measured exactly as the
 * coverage fields: straight line as k_d (polygon to point, within r inclusive), walking as
 * k_w (the point snapped to the nearest edge within max_snap, its offset walked).
 */
#ifndef LC_REACH_H
#define LC_REACH_H

#include "walk.h"

/** Point j reaches estates est[off[j] .. off[j+1]), nearest first (ties by estate index), at
 *  distances dist[...] (NULL unless asked for). Owns its arrays. */
typedef struct lc_reach_sets {
    size_t n;            /* points */
    size_t *off;         /* n + 1 */
    uint32_t *est;
    double *dist;
    size_t unreachable;  /* walking: points farther than max_snap from the network (reach
                            nothing) */
} lc_reach_sets;

/** Estates with `eligible[e]` within r of each of the n points xy (working CRS), straight
 *  line, through a GEOS STRtree of those estates. */
lc_status lc_reach_line(lc_ctx *ctx, const lc_dataset *ds, const double *xy, size_t n,
                        const bool *eligible, double r, bool with_dist, lc_reach_sets *out);

/** The same walking: one bounded search per point from its snap (farther than max_snap_m
 *  from the network: reaches nothing, counted in out->unreachable). */
lc_status lc_reach_walk(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                        const lc_walk *wk, const double *xy, size_t n, const bool *eligible,
                        double r, double max_snap_m, bool with_dist, lc_reach_sets *out);

void lc_reach_sets_clear(lc_reach_sets *rs);

#endif
