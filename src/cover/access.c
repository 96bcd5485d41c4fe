/*
 * access.c — the two steps of the floating catchment (see access.h): first each facility's
 * places per person of the demand within its reach, then each estate's sum of those ratios
 * over the facilities that reach it. Two passes over the catchment pairs, nothing else.
 */
#include <math.h>

#include "access.h"

double lc_decay_weight(lc_decay decay, double d, double r)
{
    if (decay == LC_DECAY_NONE) return 1;
    double e0 = exp(-0.5), u = d / r;
    return fmax(0, (exp(-0.5 * u * u) - e0) / (1 - e0));
}

void lc_access_2sfca(const lc_reach_sets *rs, const double *supply, const double *demand,
                     size_t nest, double r, lc_decay decay, double *ratio, double *load,
                     double *access)
{
    for (size_t e = 0; e < nest; e++) access[e] = 0;
    for (size_t j = 0; j < rs->n; j++) {
        double s = supply[j], dem = 0;
        ratio[j] = load[j] = NAN;
        if (!(s > 0)) continue; /* no usable capacity: reported by the caller */
        for (size_t k = rs->off[j]; k < rs->off[j + 1] && rs->dist[k] <= r; k++)
            dem += lc_decay_weight(decay, rs->dist[k], r) * demand[rs->est[k]];
        load[j] = dem / s;
        if (!(dem > 0)) continue; /* no demand in reach: adds nothing, its ratio null */
        ratio[j] = s / dem;
        for (size_t k = rs->off[j]; k < rs->off[j + 1] && rs->dist[k] <= r; k++)
            access[rs->est[k]] += lc_decay_weight(decay, rs->dist[k], r) * ratio[j];
    }
}
