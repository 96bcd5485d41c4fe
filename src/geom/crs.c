/*
 * crs.c — coordinate reference systems through PROJ: the source CRS of each layer, the
 * working CRS (projected, metres; default the CGCS2000 Gauss-Krüger zone of the data centre
 * in China, else its UTM zone) and the
 * transformation between them, with the GCJ-02/BD-09 offsets undone first.
 * Axis order is normalised for visualisation: x = easting/longitude everywhere.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geom.h"

struct lc_xform {
    lc_ctx *ctx;
    PJ *pj;
    lc_cnshift shift;
};

lc_status lc_crs_source(lc_ctx *ctx, const char *what, const char *layer_wkt,
                        const char *override, const char **out_def, lc_cnshift *out_shift)
{
    *out_shift = LC_SHIFT_NONE;
    *out_def = NULL;
    if (override && lc_cnshift_parse(override, out_shift)) {
        *out_def = "EPSG:4326"; /* lon/lat, after the offset has been removed */
        return LC_OK;
    }
    const char *def = override ? override : layer_wkt;
    if (!def)
        return lc_fail(ctx, LC_ERR_CRS, "%s: the layer has no coordinate reference system; "
                       "give it with the input's flag (--estates-srs, --facilities-srs, --network-srs, ... e.g. EPSG:4547 "
                       "or GCJ02) or --s-srs for all inputs", what);
    PJ *crs = proj_create(ctx->proj, def);
    if (!crs)
        return lc_fail(ctx, LC_ERR_CRS, "%s: PROJ does not understand the CRS '%.200s': %s",
                       what, def, proj_context_errno_string(ctx->proj,
                                                            proj_context_errno(ctx->proj)));
    proj_destroy(crs);
    *out_def = def;
    return LC_OK;
}

/* The projected CRS inside `crs` (itself, or the horizontal part of a compound CRS). */
static PJ *projected_part(lc_ctx *ctx, PJ *crs)
{
    PJ_TYPE t = proj_get_type(crs);
    if (t == PJ_TYPE_PROJECTED_CRS) return proj_clone(ctx->proj, crs);
    if (t == PJ_TYPE_COMPOUND_CRS) {
        PJ *h = proj_crs_get_sub_crs(ctx->proj, crs, 0);
        if (h && proj_get_type(h) == PJ_TYPE_PROJECTED_CRS) return h;
        proj_destroy(h);
    }
    return NULL;
}

/* true when every axis of the projected CRS is in metres. */
static bool axes_in_metres(lc_ctx *ctx, PJ *crs, char *unit, size_t cap)
{
    PJ *cs = proj_crs_get_coordinate_system(ctx->proj, crs);
    if (!cs) return false;
    bool ok = true;
    int n = proj_cs_get_axis_count(ctx->proj, cs);
    for (int i = 0; i < n && ok; i++) {
        double factor = 0;
        const char *uname = NULL;
        proj_cs_get_axis_info(ctx->proj, cs, i, NULL, NULL, NULL, &factor, &uname, NULL, NULL);
        if (fabs(factor - 1.0) > 1e-12) {
            ok = false;
            lc_strlcpy_utf8(unit, uname ? uname : "?", cap);
        }
    }
    proj_destroy(cs);
    return ok;
}

static void crs_name(lc_ctx *ctx, PJ *crs, char *out, size_t cap)
{
    const char *auth = proj_get_id_auth_name(crs, 0), *code = proj_get_id_code(crs, 0);
    if (auth && code) snprintf(out, cap, "%s:%s", auth, code);
    else lc_strlcpy_utf8(out, proj_get_name(crs) ? proj_get_name(crs) : "custom", cap);
    (void)ctx;
}

/* The default working CRS at (lon, lat): in China (cnshift's box) the CGCS2000 3-degree
 * Gauss-Krüger zone whose central meridian is nearest (EPSG:4534 CM 75E ... 4554 CM 135E,
 * without the zone number in the easting), the national mapping standard, so outputs line
 * up with the planners' own CGCS2000 layers; elsewhere the WGS84 UTM zone. */
static void default_working(lc_ctx *ctx, double lon, double lat, char *def, size_t cap)
{
    if (lc_cnshift_in_china(lon, lat)) {
        int cm = 3 * (int)floor(lon / 3.0 + 0.5);
        if (cm < 75) cm = 75;
        if (cm > 135) cm = 135;
        snprintf(def, cap, "EPSG:%d", 4534 + (cm - 75) / 3);
        lc_note(ctx, "the data lie in China: working CRS %s (CGCS2000 / 3-degree Gauss-Kruger "
                "CM %dE); --crs overrides it (e.g. --crs EPSG:%d for UTM)", def, cm,
                32600 + (int)floor((lon + 180.0) / 6.0) + 1);
        return;
    }
    int zone = (int)floor((lon + 180.0) / 6.0) + 1;
    if (zone < 1) zone = 1;
    if (zone > 60) zone = 60;
    snprintf(def, cap, "EPSG:%d", (lat >= 0 ? 32600 : 32700) + zone);
}

lc_status lc_crs_working(lc_ctx *ctx, const char *user, double lon, double lat,
                         char **out_wkt, char *out_name, size_t name_cap)
{
    char def[64];
    *out_wkt = NULL;
    if (!user) {
        default_working(ctx, lon, lat, def, sizeof def);
        user = def;
    }
    PJ *crs = proj_create(ctx->proj, user);
    if (!crs)
        return lc_fail(ctx, LC_ERR_CRS, "working CRS '%s': PROJ does not understand it", user);
    PJ *proj = projected_part(ctx, crs);
    proj_destroy(crs);
    if (!proj)
        return lc_fail(ctx, LC_ERR_CRS, "working CRS '%s' is not a projected CRS: distances "
                       "and areas need one in metres (e.g. EPSG:4547 CGCS2000 / 3-degree "
                       "Gauss-Kruger CM 114E, or a UTM zone)", user);
    char unit[64] = "";
    if (!axes_in_metres(ctx, proj, unit, sizeof unit)) {
        proj_destroy(proj);
        return lc_fail(ctx, LC_ERR_CRS, "working CRS '%s' uses %s, not metres; choose a "
                       "metre-based projected CRS", user, unit);
    }
    const char *wkt = proj_as_wkt(ctx->proj, proj, PJ_WKT2_2019, NULL);
    *out_wkt = wkt ? lc_strdup(wkt) : NULL;
    crs_name(ctx, proj, out_name, name_cap);
    proj_destroy(proj);
    if (!*out_wkt) return lc_fail(ctx, LC_ERR_CRS, "working CRS '%s': cannot export WKT", user);
    return LC_OK;
}

lc_status lc_xform_create(lc_ctx *ctx, const char *src_def, lc_cnshift shift,
                          const char *dst_def, lc_xform **out)
{
    *out = NULL;
    PJ *p = proj_create_crs_to_crs(ctx->proj, src_def, dst_def, NULL);
    if (!p)
        return lc_fail(ctx, LC_ERR_CRS, "no transformation from '%.120s' to '%.120s': %s",
                       src_def, dst_def,
                       proj_context_errno_string(ctx->proj, proj_context_errno(ctx->proj)));
    PJ *norm = proj_normalize_for_visualization(ctx->proj, p);
    proj_destroy(p);
    if (!norm) return lc_fail(ctx, LC_ERR_CRS, "cannot normalise axis order");
    lc_xform *x = lc_calloc(1, sizeof *x);
    if (!x) {
        proj_destroy(norm);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    x->ctx = ctx;
    x->pj = norm;
    x->shift = shift;
    *out = x;
    return LC_OK;
}

void lc_xform_destroy(lc_xform *x)
{
    if (!x) return;
    proj_destroy(x->pj);
    lc_free(x);
}

bool lc_xform_point(lc_xform *x, double *px, double *py)
{
    if (!isfinite(*px) || !isfinite(*py)) return false;
    lc_cnshift_to_wgs84(x->shift, px, py);
    PJ_COORD c = proj_coord(*px, *py, 0, 0);
    c = proj_trans(x->pj, PJ_FWD, c);
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || c.xy.x == HUGE_VAL) return false;
    *px = c.xy.x;
    *py = c.xy.y;
    return true;
}

static int xform_cb(double *px, double *py, void *ud)
{
    return lc_xform_point(ud, px, py) ? 1 : 0;
}

GEOSGeometry *lc_xform_geom(lc_ctx *ctx, lc_xform *x, const GEOSGeometry *g)
{
    return GEOSGeom_transformXY_r(ctx->geos, g, xform_cb, x);
}

static bool geographic(PJ_TYPE t)
{
    return t == PJ_TYPE_GEOGRAPHIC_CRS || t == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
           t == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

bool lc_crs_is_lonlat(lc_ctx *ctx, const char *def)
{
    PJ *crs = def ? proj_create(ctx->proj, def) : NULL;
    if (!crs) return false;
    PJ *h = NULL;
    PJ_TYPE t = proj_get_type(crs);
    if (t == PJ_TYPE_BOUND_CRS) h = proj_get_source_crs(ctx->proj, crs);
    else if (t == PJ_TYPE_COMPOUND_CRS) h = proj_crs_get_sub_crs(ctx->proj, crs, 0);
    bool yes = geographic(h ? proj_get_type(h) : t);
    proj_destroy(h);
    proj_destroy(crs);
    return yes;
}
