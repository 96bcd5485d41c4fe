/* lc_layout.h — hand-made layouts for the walking tests: up to 8 estates (polygons or points)
 * and 8 facilities of one category ("elder") in a dataset built without I/O, a street graph
 * from WKT, and the walking settings' defaults. Shared by test_walk.c, test_site.c and
 * test_points.c. */
#ifndef LC_LAYOUT_H
#define LC_LAYOUT_H

#include <string.h>

#include "lc_test.h"
#include "cover/walk.h"

enum { LAYOUT_MAX = 8 }; /* estates and facilities a layout holds at most */

typedef struct {
    lc_dataset ds;
    lc_estate est[LAYOUT_MAX];
    lc_facility fac[LAYOUT_MAX];
    char *cat[1];
    size_t cat_nfac[1];
    lc_source_layer src;
    lc_table tab;
    int64_t fid[LAYOUT_MAX];
} layout;

static inline void add_estate(lc_ctx *ctx, layout *L, const char *wkt)
{
    assert_true(L->ds.nest < LAYOUT_MAX);
    lc_estate *e = &L->est[L->ds.nest++];
    lc_polyfix fix;
    assert_int_equal(lc_geom_polygonal(ctx, lc_test_wkt(ctx, wkt), &e->geom, &fix), LC_OK);
    e->prep = GEOSPrepare_r(ctx->geos, e->geom);
    GEOSArea_r(ctx->geos, e->geom, &e->area_m2);
    GEOSGeom_getExtent_r(ctx->geos, e->geom, &e->minx, &e->miny, &e->maxx, &e->maxy);
    assert_int_equal(lc_rings_init(ctx, e->geom, &e->rings), LC_OK);
    e->id = lc_strdup("e");
    e->district = lc_strdup("");
    e->row = L->ds.nest - 1;
}

/* A point estate at (x, y), indexed as the model indexes one (lc_estate_index). */
static inline void add_point_estate(lc_ctx *ctx, layout *L, double x, double y)
{
    assert_true(L->ds.nest < LAYOUT_MAX);
    lc_estate *e = &L->est[L->ds.nest++];
    assert_int_equal(lc_estate_index(ctx, e, GEOSGeom_createPointFromXY_r(ctx->geos, x, y)),
                     LC_OK);
    e->id = lc_strdup("p");
    e->district = lc_strdup("");
    e->row = L->ds.nest - 1;
    L->ds.points = true;
}

static inline void add_facility(lc_ctx *ctx, layout *L, double x, double y)
{
    assert_true(L->ds.nfac < LAYOUT_MAX);
    lc_facility *f = &L->fac[L->ds.nfac++];
    f->x = x, f->y = y, f->cat = 0, f->key = "elder";
    f->pt = GEOSGeom_createPointFromXY_r(ctx->geos, x, y);
    f->row = L->ds.nfac - 1;
    L->cat_nfac[0]++;
}

static inline void layout_init(layout *L)
{
    memset(L, 0, sizeof *L);
    L->ds.est = L->est, L->ds.fac = L->fac;
    L->cat[0] = "elder";
    L->ds.cat = L->cat, L->ds.cat_nfac = L->cat_nfac, L->ds.ncat = 1;
    L->tab.fid = L->fid;
    L->src.table = &L->tab, L->src.desc = "test";
    L->ds.fac_src = L->ds.est_src = &L->src;
}

static inline void layout_clear(lc_ctx *ctx, layout *L)
{
    for (size_t i = 0; i < L->ds.nest; i++) {
        GEOSPreparedGeom_destroy_r(ctx->geos, L->est[i].prep);
        GEOSGeom_destroy_r(ctx->geos, L->est[i].geom);
        lc_rings_clear(&L->est[i].rings);
        lc_free(L->est[i].id);
        lc_free(L->est[i].district);
    }
    for (size_t j = 0; j < L->ds.nfac; j++) GEOSGeom_destroy_r(ctx->geos, L->fac[j].pt);
}

static inline lc_graph *street(lc_ctx *ctx, const char *wkt)
{
    GEOSGeometry *g = lc_test_wkt(ctx, wkt);
    lc_graph *gr;
    assert_int_equal(lc_graph_build(ctx, (const GEOSGeometry *const *)&g, 1, 0.01, false, &gr),
                     LC_OK);
    GEOSGeom_destroy_r(ctx->geos, g);
    return gr;
}

static inline lc_settings walk_settings(void)
{
    lc_settings s;
    memset(&s, 0, sizeof s);
    s.walk.max_snap_m = 200, s.walk.access_snap_m = 30, s.walk.walk_buffer_m = 50;
    s.cover.ntiers = 2, s.cover.radius_m[0] = 300, s.cover.radius_m[1] = 500;
    s.cover.tier_minutes[0] = 5, s.cover.tier_minutes[1] = 10;
    s.cover.disc_quadsegs = 64;
    return s;
}

#endif
