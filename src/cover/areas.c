/*
 * areas.c — service areas: for each category and tier, the union of the facilities' discs.
 * With thousands of heavily overlapping discs this overlay is the slowest part of the
 * coverage job, and the (category, tier) unions are independent, so they run on worker
 * threads. Each worker has its own lc_ctx (GEOS handle); it hands back WKB, so no GEOS
 * geometry crosses contexts. Results do not depend on the number of threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cover.h"

typedef struct {
    const lc_dataset *ds;
    lc_cover *cv;
    pthread_mutex_t lock;
    size_t next;        /* next job: k * ntiers + t */
    lc_status st;
    char err[512];
} pool;

/* The union of category k's discs of radius r (GEOS cascaded union). */
static GEOSGeometry *union_discs(lc_ctx *ctx, const lc_dataset *ds, int k, double r, int q)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry **parts = lc_calloc(ds->cat_nfac[k] + 1, sizeof *parts);
    if (!parts) return NULL;
    unsigned np = 0;
    for (size_t j = 0; j < ds->nfac; j++) {
        if (ds->fac[j].cat != k) continue;
        GEOSGeometry *d = lc_geom_disc(ctx, ds->fac[j].x, ds->fac[j].y, r, q);
        if (d) parts[np++] = d;
    }
    GEOSGeometry *coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, np);
    lc_free(parts);
    GEOSGeometry *u = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
    if (coll) GEOSGeom_destroy_r(h, coll);
    return u;
}

static lc_status run_job(lc_ctx *ctx, pool *p, size_t job)
{
    lc_cover *cv = p->cv;
    size_t k = job / cv->ntiers, t = job % cv->ntiers;
    if (!p->ds->cat_nfac[k]) return LC_OK;
    GEOSGeometry *u = union_discs(ctx, p->ds, (int)k, cv->radius_m[t], cv->quadsegs);
    if (!u)
        return lc_fail(ctx, LC_ERR_GEOS, "service area of '%s' at %d minutes failed: %s",
                       p->ds->cat[k], cv->tier_minutes[t], ctx->geos_msg);
    lc_status st = lc_geom_to_wkb(ctx, u, &cv->area_wkb[job], &cv->area_len[job]);
    GEOSGeom_destroy_r(ctx->geos, u);
    return st;
}

/* Take jobs until none is left or one has failed. */
static void work(lc_ctx *ctx, pool *p)
{
    size_t njobs = p->cv->ncat * p->cv->ntiers;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t job = p->st ? njobs : p->next++;
        pthread_mutex_unlock(&p->lock);
        if (job >= njobs) return;
        lc_status st = run_job(ctx, p, job);
        if (st) {
            pthread_mutex_lock(&p->lock);
            if (!p->st) {
                p->st = st;
                lc_strlcpy_utf8(p->err, lc_ctx_errmsg(ctx), sizeof p->err);
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
}

static void *worker(void *arg)
{
    pool *p = arg;
    lc_ctx *own = lc_ctx_create();
    if (!own) {
        pthread_mutex_lock(&p->lock);
        if (!p->st) p->st = LC_ERR_NOMEM;
        pthread_mutex_unlock(&p->lock);
        return NULL;
    }
    work(own, p);
    lc_ctx_destroy(own);
    return NULL;
}

lc_status lc_cover_service_areas(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv)
{
    size_t njobs = cv->ncat * cv->ntiers;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = cv->threads > 0 ? (size_t)cv->threads : (size_t)(cores > 0 ? cores : 1);
    if (nthreads > njobs) nthreads = njobs ? njobs : 1;
    pool p = {.ds = ds, .cv = cv};
    pthread_mutex_init(&p.lock, NULL);
    pthread_t tid[64];
    size_t started = 0;
    for (; started + 1 < nthreads && started < 64; started++)
        if (pthread_create(&tid[started], NULL, worker, &p) != 0) break;
    work(ctx, &p); /* the calling thread works too, with its own ctx */
    for (size_t i = 0; i < started; i++) pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&p.lock);
    if (p.st) return lc_fail(ctx, p.st, "%s", p.err[0] ? p.err : "out of memory");
    return LC_OK;
}
