/*
 * datumcheck.h — the datum check (user guide, Web-map datums): web maps in China publish
 * coordinates shifted from WGS84 (GCJ-02: Amap, Tencent; BD-09: Baidu), and a table of
 * them read as WGS84 lies a few hundred metres to a kilometre off the streets. For each
 * point layer in longitude/latitude inside China with no web-map datum given, in a run with
 * a network, the median distance from its points to the nearest walkable edge is measured
 * three ways: the numbers as given, read as GCJ-02 and read as BD-09. When one of the last
 * two is below half the first and at least 30 m smaller, a warning names the three medians
 * and the flag that reads the layer so. Coordinates are never changed here.
 *
 * This module owns the samples (taken by each layer's loader while its source is at hand:
 * the numbers as read, before projection) and the check on the graph. It reads sources and
 * the graph only.
 */
#ifndef LC_DATUMCHECK_H
#define LC_DATUMCHECK_H

#include "../io/io.h"
#include "../net/net.h"

/** Features measured per layer at most: of n > 2,000 features those numbered
 *  floor(k n / 2000), k = 0 .. 1999 (evenly spread, the same on every run), so a large layer
 *  costs no more than this. */
#define LC_DATUM_SAMPLE_MAX 2000
/** Distances are searched up to this far; a point farther from every walkable edge counts
 *  as this distance, so a stray point costs one bounded query. */
#define LC_DATUM_CAP_M 2000.0
/** A layer with fewer points inside China than this is not judged (a median of one or two
 *  points is chance). */
#define LC_DATUM_MIN_POINTS 3
/** The rule: a datum's median below this fraction of the as-given median ... */
#define LC_DATUM_RATIO 0.5
/** ... and at least this many metres smaller. */
#define LC_DATUM_MIN_GAIN_M 30.0

/** One layer's points for the check; zero-initialise, lc_datum_sample_clear. */
typedef struct lc_datum_sample {
    bool taken;          /* the loader ran for this layer (else the sample is empty) */
    char *layer;         /* owned: the layer's "path:layer" */
    const char *flag;    /* static: the flag of its datum, "--facilities-srs" */
    char *def;           /* owned: its source CRS, for the numbers as given; NULL: skipped */
    const char *skipped; /* static English text: why the layer is not measured, or NULL */
    double *ll;          /* owned: lon, lat of each point as read (inside China) */
    size_t n;
} lc_datum_sample;

/**
 * Take the sample of `src`, whose CRS is `srs` (the layer's *_srs setting, may be NULL)
 * or its own, as lc_crs_source resolves it; `flag` (static) names that setting. Layers
 * with a web-map datum given, not in longitude/latitude, or with fewer than
 * LC_DATUM_MIN_POINTS points inside China are recorded as skipped, with the reason. A
 * feature's point is its first coordinate: of an area, a vertex of its boundary (which
 * follows streets and walls; an inner point of a block lies far from every mapped path
 * whatever the datum, and would make the rule fire on correct data). LC_ERR_NOMEM only.
 */
lc_status lc_datum_sample_take(lc_ctx *ctx, const lc_source_layer *src, const char *srs,
                               const char *flag, lc_datum_sample *out);
void lc_datum_sample_clear(lc_datum_sample *s);

/**
 * The check of one sample on the walking graph `g` in the working CRS `work_wkt`: the
 * three medians into *out (NAN for a skipped sample) and, when the rule holds, a warning
 * naming the layer, the medians and the flag (out->likely set). Never changes a
 * coordinate. LC_ERR_NOMEM, LC_ERR_CRS (a transformation PROJ cannot make).
 */
lc_status lc_datum_check(lc_ctx *ctx, const lc_graph *g, const char *work_wkt,
                         const lc_datum_sample *smp, lc_datum_result *out);

/** The rule on three medians (as given, as GCJ-02, as BD-09, in m): the datum whose median
 *  is below LC_DATUM_RATIO of the as-given one and at least LC_DATUM_MIN_GAIN_M smaller
 *  (both: the smaller median; equal: GCJ-02), else LC_SHIFT_NONE. */
lc_cnshift lc_datum_verdict(double given_m, double gcj02_m, double bd09_m);

/** Distance (m) from (x, y) to the nearest edge of `g`, at most LC_DATUM_CAP_M: box queries
 *  of the edge grid doubling from one cell until one finds an edge within its half side. */
double lc_datum_edge_dist(const lc_graph *g, double x, double y);

#endif
