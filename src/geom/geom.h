/*
 * geom.h — the GEOS and PROJ boundary: WKB in/out, polygon repair, discs, the exact
 * area of a polygon inside a circle, and coordinate transformation into the working CRS
 * (including the GCJ-02/BD-09 web-map offsets). All functions use the ctx's GEOS handle
 * and PROJ context; returned GEOS geometries belong to the caller (GEOSGeom_destroy_r).
 */
#ifndef LC_GEOM_H
#define LC_GEOM_H

#include "../core/core.h"
#include "cnshift.h"

/* ---- WKB boundary ----------------------------------------------------------------- */

/** Parse WKB into a GEOS geometry; NULL when it is not valid WKB. */
GEOSGeometry *lc_geom_from_wkb(lc_ctx *ctx, const unsigned char *wkb, size_t len);
/** 2D ISO WKB of `g` in a new lc_malloc'd buffer (*out NULL on failure). */
lc_status lc_geom_to_wkb(lc_ctx *ctx, const GEOSGeometry *g, unsigned char **out,
                         size_t *out_len);

/** The base type of a WKB geometry: 1 Point, 2 LineString, 3 Polygon, 4 MultiPoint,
 *  5 MultiLineString, 6 MultiPolygon, 7 GeometryCollection (Z/M variants folded, ISO or
 *  EWKB); 0 when the header is unreadable. Reads the header only. */
int lc_wkb_type(const unsigned char *wkb, size_t len);

/* ---- polygons --------------------------------------------------------------------- */

/** Outcome of lc_geom_polygonal(). */
typedef enum lc_polyfix { LC_POLY_OK = 0, LC_POLY_REPAIRED, LC_POLY_EMPTY, LC_POLY_NOT_POLYGON }
    lc_polyfix;

/**
 * Turn `g` (consumed) into a valid MultiPolygon: valid input passes through, invalid
 * input is repaired with GEOS make-valid (structure method, collapsed parts dropped)
 * and only its polygonal parts are kept. *out is NULL for EMPTY and NOT_POLYGON.
 */
lc_status lc_geom_polygonal(lc_ctx *ctx, GEOSGeometry *g, GEOSGeometry **out,
                            lc_polyfix *out_fix);

/** Indices of GEOS STRtree items inserted as (void *)(index + 1): GEOSSTRtree_query_r with
 *  lc_index_collect as callback appends them; `nomem` when the list could not grow. */
typedef struct lc_index_hits {
    uint32_t *items;
    size_t n, cap;
    bool nomem;
} lc_index_hits;
void lc_index_collect(void *item, void *ud);

/** Union (GEOS cascaded union) of the n geometries in `parts`, which it consumes (the
 *  array itself stays the caller's); NULL when n is 0 or GEOS fails. */
GEOSGeometry *lc_geom_union(lc_ctx *ctx, GEOSGeometry **parts, size_t n);
/** Union of the n polygons in `parts` (consumed; the array stays the caller's) for inputs
 *  spread over a city: clipped to tiles of `tile_m`, unioned per tile and merged pairwise
 *  with holes set aside (tunion.c says why). *out: a MultiPolygon, or NULL when the union is
 *  empty. LC_ERR_GEOS / LC_ERR_NOMEM on failure (ctx->geos_msg holds GEOS's reason). */
lc_status lc_geom_union_tiled(lc_ctx *ctx, GEOSGeometry **parts, size_t n, double tile_m,
                              GEOSGeometry **out);
/** A tiled union's tiles kept (tcache.c): each tile's pieces hashed and its union, so that a
 *  later union of nearly the same parts (a scenario) unions only the tiles that differ.
 *  create: NULL when out of memory. */
typedef struct lc_tile_cache lc_tile_cache;
lc_tile_cache *lc_tile_cache_create(void);
void lc_tile_cache_destroy(lc_tile_cache *c);
/** lc_geom_union_tiled recording its tiles into `record` (NULL: not kept; what it held is
 *  replaced) and taking a tile's union from `reuse` (NULL: none; read only, so several
 *  threads may share it) where that recorded the same grid and the same pieces: the same
 *  result as without either. */
lc_status lc_geom_union_tiled_cached(lc_ctx *ctx, GEOSGeometry **parts, size_t n, double tile_m,
                                     lc_tile_cache *record, const lc_tile_cache *reuse,
                                     GEOSGeometry **out);
/** The area in `wkb` (a valid (Multi)Polygon; NULL: none) cut to each of `nbox` boxes
 *  {xmin, ymin, xmax, ymax}: out[i] the WKB of a MultiPolygon (lc_free), NULL when nothing
 *  of the area lies in box i. Polygons inside a box are kept whole, the others cut by GEOS
 *  ClipByRect; only the polygons near a box are visited (STRtree). */
lc_status lc_geom_clip_boxes(lc_ctx *ctx, const unsigned char *wkb, size_t len,
                             const double (*boxes)[4], size_t nbox, unsigned char **out,
                             size_t *out_len);
/** A point guaranteed inside a polygon (GEOS point-on-surface); points pass through. */
GEOSGeometry *lc_geom_point_on_surface(lc_ctx *ctx, const GEOSGeometry *g);

/** A linear ring, or a polygon without holes, from n closed points (x, y interleaved, copied);
 *  NULL when GEOS refuses them. */
GEOSGeometry *lc_geom_ring_xy(lc_ctx *ctx, const double *xy, size_t n);
GEOSGeometry *lc_geom_polygon_xy(lc_ctx *ctx, const double *xy, size_t n);

/** Disc of radius `r` around (x, y) as a regular polygon of 4*quadsegs segments with the
 *  same area as the circle (vertices 1.00005 r out for 256 segments). */
GEOSGeometry *lc_geom_disc(lc_ctx *ctx, double x, double y, double r, int quadsegs);

/** Buffer of the segment a-b by `r` (a "capsule": two half discs joined by a rectangle) as
 *  one polygon, its arcs of 2*quadsegs segments with the circle's area (as lc_geom_disc).
 *  A zero-length segment gives a disc. Far cheaper than GEOS's general buffer. */
GEOSGeometry *lc_geom_capsule(lc_ctx *ctx, double ax, double ay, double bx, double by,
                              double r, int quadsegs);

/** Rings of a polygonal geometry as flat coordinate arrays, for exact circle arithmetic. */
typedef struct lc_rings {
    double *xy;        /* x0,y0,x1,y1,... all rings, each closed (first == last) */
    size_t *start;     /* first vertex of ring i; start[nrings] = total vertices */
    unsigned char *hole;
    size_t nrings;
} lc_rings;

lc_status lc_rings_init(lc_ctx *ctx, const GEOSGeometry *poly, lc_rings *out);
void lc_rings_clear(lc_rings *r);
/** Largest distance from (x, y) to a vertex: the polygon lies in the disc iff <= r. */
double lc_rings_max_dist(const lc_rings *rg, double x, double y);
/** Distance from (x, y) to the polygon: 0 inside or on the boundary (even-odd rule over
 *  all rings, so holes count as outside). */
double lc_rings_point_dist(const lc_rings *rg, double x, double y);
/** Distance from (px, py) to the segment a-b; the parameter in [0, 1] of the nearest point
 *  goes to *out_t when it is not NULL. */
double lc_point_segment_dist(double px, double py, double ax, double ay, double bx, double by,
                             double *out_t);
/** Distance from the segment a-b to the polygon (0 when they touch or overlap). */
double lc_rings_segment_dist(const lc_rings *rg, double ax, double ay, double bx, double by);
/** Largest distance from a polygon vertex to the segment a-b: the polygon lies within r of
 *  the segment iff <= r (distance to a segment is convex). */
double lc_rings_max_segment_dist(const lc_rings *rg, double ax, double ay, double bx,
                                 double by);
/** Scratch for lc_segs_join_collinear, reused across calls; zero-initialise, then
 *  lc_segjoin_clear. */
typedef struct lc_segjoin {
    uint32_t *slot, *next, *link;
    uint8_t *done;
    double *out;
    size_t mask, slot_cap, next_cap, link_cap, done_cap, out_cap;
} lc_segjoin;
/** Join the n segments in `segs` (ax, ay, bx, by each) that continue each other in a straight
 *  line where they meet at exactly the same point (to 1 cm off the line): each chain becomes
 *  one segment from free end to free end, in place. Returns the new count (n unchanged when
 *  scratch memory runs out: joining only saves work). segjoin.c says why. */
size_t lc_segs_join_collinear(lc_segjoin *j, double *segs, size_t n);
void lc_segjoin_clear(lc_segjoin *j);
/** Scratch of lc_segs_drop_covered; zero-initialise, then lc_prune_clear. */
typedef struct lc_prune {
    void *cells, *order;
    size_t *idx;
    unsigned char *drop;
    size_t cap, mask, cap_order, cap_idx, cap_drop;
    int shift;
} lc_prune;
/** Drop from `segs` (n segments ax, ay, bx, by, compacted in place, order kept) those whose
 *  capsule of radius b lies inside the union of the capsules kept — a coarse pass that proves
 *  it cell by cell (prune.c); the union of the *kept capsules is the union of all, also for
 *  the polygons of lc_geom_capsule. LC_ERR_NOMEM leaves segs whole. */
lc_status lc_segs_drop_covered(lc_prune *p, double *segs, size_t n, double b, size_t *kept);
void lc_prune_clear(lc_prune *p);
/** Scratch of lc_rings_capsules_area for a caller that runs it many times: zero-initialise,
 *  then lc_sweep_clear. The fields are sweep.c's. */
typedef struct lc_sweep {
    void *ev, *px, *iv, *k, *span[2], *act[2], *cell_off, *cell_item;
    size_t cap_ev, cap_px, cap_iv, cap_k, cap_span[2], cap_act[2], cap_cell_off, cap_cell_item;
} lc_sweep;
void lc_sweep_clear(lc_sweep *ws);
/** Area of (polygon ∩ union of capsules): `segs` holds n segments as ax, ay, bx, by, each
 *  buffered by `b` with true circular ends (see sweep.c for the method and its accuracy).
 *  `ws`: scratch kept between calls, or NULL. */
lc_status lc_rings_capsules_area(const lc_rings *rg, const double *segs, size_t n, double b,
                                 lc_sweep *ws, double *out_area);
/** Exact area of (polygon ∩ disc(x, y, r)), in square units of the coordinates. */
double lc_rings_disc_area(const lc_rings *rg, double x, double y, double r);

/* ---- CRS -------------------------------------------------------------------------- */

/** A transformation from a source CRS (after an optional web-map offset) to the working CRS. */
typedef struct lc_xform lc_xform;

/**
 * Resolve the source CRS of a layer. `override` (may be NULL) is a CRS PROJ understands
 * or "GCJ02"/"BD09" (lon/lat with that offset); otherwise `layer_wkt` is used. `what`
 * names the layer in messages. LC_ERR_CRS when there is none.
 * *out_def is the CRS definition to hand to lc_xform_create (borrowed from the inputs or
 * a static string).
 */
lc_status lc_crs_source(lc_ctx *ctx, const char *what, const char *layer_wkt,
                        const char *override, const char **out_def, lc_cnshift *out_shift);

/**
 * The working CRS: `user` (any definition PROJ understands; refused unless projected in
 * metres) or, when NULL, for (lon, lat) in China (lc_cnshift_in_china) the CGCS2000
 * 3-degree Gauss-Krüger zone of the nearest central meridian (EPSG:4534-4554, said in the
 * log), elsewhere the WGS84 UTM zone containing it. Writes its WKT2
 * (lc_malloc'd) and a short name such as "EPSG:32650".
 */
lc_status lc_crs_working(lc_ctx *ctx, const char *user, double lon, double lat,
                         char **out_wkt, char *out_name, size_t name_cap);

/** Transformation from `src_def` (+ offset) to `dst_def` (traditional GIS axis order). */
lc_status lc_xform_create(lc_ctx *ctx, const char *src_def, lc_cnshift shift,
                          const char *dst_def, lc_xform **out);
void lc_xform_destroy(lc_xform *x);
/** Transform one coordinate in place; false when PROJ fails for it. */
bool lc_xform_point(lc_xform *x, double *px, double *py);
/** Transform `g` into a new geometry (NULL when a coordinate fails). */
GEOSGeometry *lc_xform_geom(lc_ctx *ctx, lc_xform *x, const GEOSGeometry *g);
/** true when `def` (a CRS PROJ understands) is geographic: longitude/latitude in degrees
 *  (WGS84, CRS84, CGCS2000, ...; a bound or compound CRS by its horizontal part). */
bool lc_crs_is_lonlat(lc_ctx *ctx, const char *def);

#endif
