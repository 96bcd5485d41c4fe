/*
 * areas.c — service areas: for each category and tier, the union of the facilities' discs.
 * With thousands of heavily overlapping discs this overlay is the slowest part of the
 * coverage job, and the (category, tier) unions are independent, so they run as parallel
 * jobs (core/parallel.h): each hands back WKB, so no GEOS geometry crosses contexts.
 */
#include "../core/parallel.h"
#include "cover.h"
#include "../core/msg.h"

typedef struct {
    const lc_dataset *ds;
    lc_cover *cv;
    const size_t *jobs; /* the (category, tier) index of each job; NULL: job = index */
} areas_job;

/* The union of category k's discs of radius r (GEOS cascaded union). */
static GEOSGeometry *union_discs(lc_ctx *ctx, const lc_dataset *ds, int k, double r, int q)
{
    GEOSGeometry **parts = lc_calloc(ds->cat_nfac[k] + 1, sizeof *parts);
    if (!parts) return NULL;
    unsigned np = 0;
    for (size_t j = 0; j < ds->nfac; j++) {
        if (ds->fac[j].cat != k) continue;
        GEOSGeometry *d = lc_geom_disc(ctx, ds->fac[j].x, ds->fac[j].y, r, q);
        if (d) parts[np++] = d;
    }
    GEOSGeometry *u = lc_geom_union(ctx, parts, np);
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
    GEOSGeometry *u = union_discs(ctx, aj->ds, (int)k, cv->radius_m[t], cv->quadsegs);
    if (!u)
        return lc_fail(ctx, LC_ERR_GEOS, "service area of '%s' at %d minutes failed: %s",
                       aj->ds->cat[k], cv->tier_minutes[t], ctx->geos_msg);
    lc_status st = lc_geom_to_wkb(ctx, u, &cv->area_wkb[job], &cv->area_len[job]);
    GEOSGeom_destroy_r(ctx->geos, u);
    return st;
}

lc_status lc_cover_service_areas(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv)
{
    areas_job aj = {ds, cv, NULL};
    return lc_parallel_run(ctx, N_("service areas"), cv->ncat * cv->ntiers, cv->threads, disc_job,
                           &aj);
}

lc_status lc_cover_service_areas_of(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv,
                                    const bool *cats)
{
    size_t n;
    size_t *jobs = lc_cover_area_jobs(cv, cats, cv->area_wkb, cv->area_len, &n);
    if (!jobs) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    areas_job aj = {ds, cv, jobs};
    lc_status st = lc_parallel_run(ctx, N_("service areas"), n, cv->threads, disc_job, &aj);
    lc_free(jobs);
    return st;
}
