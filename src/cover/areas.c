/*
 * areas.c — service areas: for each category and tier, the union of the facilities' discs.
 * With thousands of heavily overlapping discs this overlay is the slowest part of the
 * coverage job, and the (category, tier) unions are independent, so they run as parallel
 * jobs (core/parallel.h): each hands back WKB, so no GEOS geometry crosses contexts.
 * The union is the tiled one (lc_geom_union_tiled, as the walking areas'): a fifth faster
 * than one cascaded union on the bench's district, the same region (areas within 1e-12), and
 * its tiles can be kept, so that a scenario adding a facility unions only the tiles its discs
 * reach.
 */
#include "../core/parallel.h"
#include "cover.h"
#include "../core/msg.h"

#define TILE_M 2000.0 /* tiles of lc_geom_union_tiled, as the walking areas' */

typedef struct {
    const lc_dataset *ds;
    lc_cover *cv;
    const size_t *jobs; /* the (category, tier) index of each job; NULL: job = index */
    const lc_cover *base; /* whose kept tiles are taken where the same (NULL: none) */
} areas_job;

/* The union of category k's discs of radius r, tile by tile, its tiles recorded into `record`
 * and taken from `reuse` where the same (either NULL: none). */
static GEOSGeometry *union_discs(lc_ctx *ctx, const lc_dataset *ds, int k, double r, int q,
                                 lc_tile_cache *record, const lc_tile_cache *reuse)
{
    GEOSGeometry **parts = lc_calloc(ds->cat_nfac[k] + 1, sizeof *parts);
    if (!parts) return NULL;
    unsigned np = 0;
    for (size_t j = 0; j < ds->nfac; j++) {
        if (ds->fac[j].cat != k) continue;
        GEOSGeometry *d = lc_geom_disc(ctx, ds->fac[j].x, ds->fac[j].y, r, q);
        if (d) parts[np++] = d;
    }
    GEOSGeometry *u = NULL;
    if (lc_geom_union_tiled_cached(ctx, parts, np, TILE_M, record, reuse, &u)) u = NULL;
    lc_free(parts);
    return u;
}

/* Job k * ntiers + t: the disc union of category k at tier t, handed back as WKB. */
static lc_status disc_job(lc_ctx *ctx, size_t job, void *ud)
{
    const areas_job *aj = ud;
    lc_cover *cv = aj->cv;
    if (aj->jobs) job = aj->jobs[job];
    size_t k = job / cv->ntiers, t = job % cv->ntiers;
    if (!aj->ds->cat_nfac[k]) return LC_OK;
    GEOSGeometry *u = union_discs(ctx, aj->ds, (int)k, cv->radius_m[t], cv->quadsegs,
                                  cv->area_tiles ? cv->area_tiles[job] : NULL,
                                  aj->base && aj->base->area_tiles ? aj->base->area_tiles[job]
                                                                   : NULL);
    if (!u)
        return lc_fail(ctx, LC_ERR_GEOS, "service area of '%s' at %d minutes failed: %s",
                       aj->ds->cat[k], cv->tier_minutes[t], ctx->geos_msg);
    lc_status st = lc_geom_to_wkb(ctx, u, &cv->area_wkb[job], &cv->area_len[job]);
    GEOSGeom_destroy_r(ctx->geos, u);
    return st;
}

lc_status lc_cover_service_areas(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv)
{
    areas_job aj = {ds, cv, NULL, NULL};
    return lc_parallel_run(ctx, N_("service areas"), cv->ncat * cv->ntiers, cv->threads, disc_job,
                           &aj);
}

lc_status lc_cover_service_areas_of(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv,
                                    const bool *cats, const lc_cover *base)
{
    size_t n;
    size_t *jobs = lc_cover_area_jobs(cv, cats, cv->area_wkb, cv->area_len, &n);
    if (!jobs) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    areas_job aj = {ds, cv, jobs, base};
    lc_status st = lc_parallel_run(ctx, N_("service areas"), n, cv->threads, disc_job, &aj);
    lc_free(jobs);
    return st;
}
