/*
 * cover.c — straight-line coverage (see cover.h). One STRtree per category; for each
 * estate one query with the largest radius gives every facility that matters for every
 * tier, so there is no loop over estate × facility pairs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cover.h"
#include "../core/msg.h"

typedef struct {
    const lc_facility **items;
    size_t n, cap;
    bool nomem;
} hits;

static void collect(void *item, void *ud)
{
    hits *h = ud;
    if (lc_grow((void **)&h->items, &h->cap, h->n + 1, sizeof(void *))) {
        h->nomem = true;
        return;
    }
    h->items[h->n++] = item;
}

typedef struct {
    lc_ctx *ctx;
    const lc_estate *query;
} nearest_ud;

/* Distance callback for STRtree nearest: one item is the query estate, the other a facility. */
static int estate_facility_dist(const void *a, const void *b, double *out, void *ud)
{
    const nearest_ud *n = ud;
    const lc_facility *f = (a == (const void *)n->query) ? b : a;
    return GEOSPreparedDistance_r(n->ctx->geos, n->query->prep, f->pt, out);
}

static GEOSSTRtree *build_tree(lc_ctx *ctx, const lc_dataset *ds, int cat)
{
    GEOSSTRtree *t = GEOSSTRtree_create_r(ctx->geos, 10);
    if (!t) return NULL;
    for (size_t j = 0; j < ds->nfac; j++)
        if (ds->fac[j].cat == cat) GEOSSTRtree_insert_r(ctx->geos, t, ds->fac[j].pt, &ds->fac[j]);
    return t;
}

/* Union of the discs of several facilities, clipped to the estate, intersected with it. */
static lc_status share_by_union(lc_ctx *ctx, const lc_estate *e, const lc_facility *const *f,
                                const double *dist, size_t n, double r, int quadsegs,
                                double *out)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry **parts = lc_calloc(n, sizeof *parts);
    if (!parts) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    unsigned np = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(dist[i] < r)) continue;
        GEOSGeometry *d = lc_geom_disc(ctx, f[i]->x, f[i]->y, r, quadsegs);
        /* clipping to the estate's box first keeps the overlay small */
        GEOSGeometry *cl = d ? GEOSClipByRect_r(h, d, e->minx - 1, e->miny - 1, e->maxx + 1,
                                                e->maxy + 1) : NULL;
        if (d) GEOSGeom_destroy_r(h, d);
        if (cl) parts[np++] = cl;
    }
    GEOSGeometry *u = lc_geom_union(ctx, parts, np);
    lc_free(parts);
    GEOSGeometry *in = u ? GEOSIntersection_r(h, e->geom, u) : NULL;
    double a = 0;
    bool ok = in && GEOSArea_r(h, in, &a);
    if (u) GEOSGeom_destroy_r(h, u);
    if (in) GEOSGeom_destroy_r(h, in);
    if (!ok) return lc_fail(ctx, LC_ERR_GEOS, "disc union failed: %s", ctx->geos_msg);
    *out = a / e->area_m2;
    return LC_OK;
}

lc_status lc_cover_share(lc_ctx *ctx, const lc_estate *e, const lc_facility *const *f,
                         const double *dist, size_t n, double r, int quadsegs,
                         double *out_share, bool *out_multi)
{
    size_t partial = 0, last = 0;
    *out_multi = false;
    if (e->point) { /* a polygon of no area: inside a disc or not, as its gap flag says */
        for (size_t i = 0; i < n; i++)
            if (dist[i] <= r) return *out_share = 1, LC_OK;
        return *out_share = 0, LC_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(dist[i] < r)) continue;
        /* a disc is convex: it holds the polygon iff it holds every vertex */
        if (lc_rings_max_dist(&e->rings, f[i]->x, f[i]->y) <= r) return *out_share = 1, LC_OK;
        partial++;
        last = i;
    }
    if (!partial) return *out_share = 0, LC_OK;
    if (partial == 1) {
        double a = lc_rings_disc_area(&e->rings, f[last]->x, f[last]->y, r);
        *out_share = fmin(1.0, a / e->area_m2);
        return LC_OK;
    }
    *out_multi = true;
    lc_status st = share_by_union(ctx, e, f, dist, n, r, quadsegs, out_share);
    *out_share = fmin(1.0, fmax(0.0, *out_share));
    return st;
}

/* Distances from estate e to its candidates and to the nearest facility of the tree. */
static lc_status estate_distances(lc_ctx *ctx, GEOSSTRtree *tree, const lc_estate *e,
                                  hits *hs, double **dist, size_t *dcap, double rmax,
                                  double *out_d)
{
    GEOSContextHandle_t h = ctx->geos;
    hs->n = 0;
    GEOSGeometry *env = GEOSGeom_createRectangle_r(h, e->minx - rmax, e->miny - rmax,
                                                   e->maxx + rmax, e->maxy + rmax);
    if (!env) return lc_fail(ctx, LC_ERR_GEOS, "cannot build a query box");
    GEOSSTRtree_query_r(h, tree, env, collect, hs);
    GEOSGeom_destroy_r(h, env);
    if (hs->nomem || lc_grow((void **)dist, dcap, hs->n + 1, sizeof(double)))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    double best = INFINITY;
    for (size_t i = 0; i < hs->n; i++) {
        if (!GEOSPreparedDistance_r(h, e->prep, hs->items[i]->pt, &(*dist)[i]))
            return lc_fail(ctx, LC_ERR_GEOS, "distance failed: %s", ctx->geos_msg);
        best = fmin(best, (*dist)[i]);
    }
    /* the box holds every facility within rmax, so a hit that close is the nearest */
    if (best > rmax) {
        nearest_ud ud = {ctx, e};
        const lc_facility *nf = GEOSSTRtree_nearest_generic_r(h, tree, e, e->geom,
                                                              estate_facility_dist, &ud);
        if (nf && !GEOSPreparedDistance_r(h, e->prep, nf->pt, &best))
            return lc_fail(ctx, LC_ERR_GEOS, "distance failed: %s", ctx->geos_msg);
    }
    *out_d = best;
    return LC_OK;
}

/* Scratch of one category's pass over estates: its tree and the candidates' buffers. */
typedef struct {
    GEOSSTRtree *tree;
    hits hs;
    double *dist;
    size_t dcap;
} cat_pass;

static void cat_pass_clear(lc_ctx *ctx, cat_pass *p)
{
    lc_free(p->hs.items);
    lc_free(p->dist);
    if (p->tree) GEOSSTRtree_destroy_r(ctx->geos, p->tree);
}

/* d, and unless `d_only` c and g, of estate e for category k. */
static lc_status cover_estate(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv, int k, size_t e,
                              cat_pass *p, bool d_only)
{
    double d = NAN, rmax = cv->radius_m[cv->ntiers - 1];
    lc_status st = estate_distances(ctx, p->tree, &ds->est[e], &p->hs, &p->dist, &p->dcap,
                                    rmax, &d);
    LC_COV_D(cv, k, e) = d;
    for (size_t t = 0; !st && !d_only && t < cv->ntiers; t++) {
        size_t i = LC_COV_IDX(cv, k, t, e);
        bool multi;
        cv->g[i] = !(d <= cv->radius_m[t]);
        st = lc_cover_share(ctx, &ds->est[e], p->hs.items, p->dist, p->hs.n, cv->radius_m[t],
                            cv->quadsegs, &cv->c[i], &multi);
        cv->multi_disc += multi;
    }
    return st;
}

/* Category k for the estates est[0..n), or every estate when est is NULL. */
static lc_status cover_category(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv, int k,
                                const uint32_t *est, size_t n, bool d_only)
{
    size_t count = est ? n : cv->nest;
    if (!ds->cat_nfac[k]) {
        for (size_t i = 0; i < count; i++) {
            size_t e = est ? est[i] : i;
            LC_COV_D(cv, k, e) = NAN;
            for (size_t t = 0; !d_only && t < cv->ntiers; t++) {
                cv->g[LC_COV_IDX(cv, k, t, e)] = 1;
                cv->c[LC_COV_IDX(cv, k, t, e)] = 0;
            }
        }
        return LC_OK;
    }
    cat_pass p = {build_tree(ctx, ds, k), {0}, NULL, 0};
    if (!p.tree) return lc_fail(ctx, LC_ERR_GEOS, "cannot build an STRtree");
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < count; i++) {
        if (!est) lc_progress_step(ctx, (size_t)k * cv->nest + i);
        st = cover_estate(ctx, ds, cv, k, est ? est[i] : i, &p, d_only);
    }
    cat_pass_clear(ctx, &p);
    return st;
}

lc_status lc_cover_update(lc_ctx *ctx, const lc_dataset *ds, lc_cover *cv, int k,
                          const uint32_t *est, size_t n, bool d_only)
{
    return cover_category(ctx, ds, cv, k, est, n, d_only);
}

static void *memdup(const void *p, size_t n)
{
    unsigned char *q = p ? lc_malloc(n + 1) : NULL;
    if (q) memcpy(q, p, n);
    return q;
}

/* Copy the WKB list src[0..n) (NULL entries stay NULL) into *dst; false when out of memory. */
static bool copy_wkbs(unsigned char *const *src, const size_t *len, size_t n,
                      unsigned char ***dst, size_t **dlen)
{
    if (!src) return true;
    *dst = lc_calloc(n + 1, sizeof **dst);
    *dlen = lc_calloc(n + 1, sizeof **dlen);
    if (!*dst || !*dlen) return false;
    for (size_t i = 0; i < n; i++) {
        if (src[i] && !((*dst)[i] = memdup(src[i], len[i]))) return false;
        (*dlen)[i] = len[i];
    }
    return true;
}

size_t *lc_cover_area_jobs(const lc_cover *cv, const bool *cats, unsigned char **wkb,
                           size_t *len, size_t *n)
{
    size_t *jobs = lc_malloc((cv->ncat * cv->ntiers + 1) * sizeof *jobs);
    *n = 0;
    for (size_t i = 0; jobs && i < cv->ncat * cv->ntiers; i++) {
        if (!cats[i / cv->ntiers]) continue;
        lc_free(wkb[i]);
        wkb[i] = NULL, len[i] = 0;
        jobs[(*n)++] = i;
    }
    return jobs;
}

lc_status lc_cover_copy(lc_ctx *ctx, const lc_cover *src, lc_cover **out)
{
    lc_cover *cv = lc_calloc(1, sizeof *cv);
    *out = cv;
    if (!cv) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    *cv = *src;
    size_t nd = cv->ncat * cv->nest, n = nd * cv->ntiers, na = cv->ncat * cv->ntiers;
    cv->d = memdup(src->d, nd * sizeof(double));
    cv->c = memdup(src->c, n * sizeof(double));
    cv->g = memdup(src->g, n);
    cv->area_wkb = NULL, cv->walk_wkb = NULL, cv->area_len = NULL, cv->walk_len = NULL;
    cv->area_tiles = cv->walk_tiles = NULL;
    bool ok = cv->d && cv->c && cv->g &&
              copy_wkbs(src->area_wkb, src->area_len, na, &cv->area_wkb, &cv->area_len) &&
              copy_wkbs(src->walk_wkb, src->walk_len, na, &cv->walk_wkb, &cv->walk_len);
    return ok ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
}

lc_status lc_cover_compute(lc_ctx *ctx, const lc_dataset *ds, const lc_cover_settings *s,
                           int threads, lc_cover **out)
{
    *out = NULL;
    lc_cover *cv = lc_calloc(1, sizeof *cv);
    if (!cv) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    cv->nest = ds->nest;
    cv->ncat = ds->ncat;
    cv->ntiers = s->ntiers;
    cv->quadsegs = s->disc_quadsegs;
    cv->threads = threads;
    memcpy(cv->radius_m, s->radius_m, sizeof cv->radius_m);
    memcpy(cv->tier_minutes, s->tier_minutes, sizeof cv->tier_minutes);
    size_t n = cv->ncat * cv->ntiers * cv->nest + 1;
    cv->d = lc_calloc(cv->ncat * cv->nest + 1, sizeof(double));
    cv->c = lc_calloc(n, sizeof(double));
    cv->g = lc_calloc(n, 1);
    cv->area_wkb = lc_calloc(cv->ncat * cv->ntiers + 1, sizeof(unsigned char *));
    cv->area_len = lc_calloc(cv->ncat * cv->ntiers + 1, sizeof(size_t));
    lc_status st = (!cv->d || !cv->c || !cv->g || !cv->area_wkb || !cv->area_len)
                       ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory") : LC_OK;
    lc_progress_begin(ctx, N_("coverage"), cv->ncat * cv->nest);
    for (size_t k = 0; !st && k < cv->ncat; k++)
        st = cover_category(ctx, ds, cv, (int)k, NULL, 0, false);
    lc_progress_end(ctx);
    if (st) {
        lc_cover_destroy(ctx, cv);
        return st;
    }
    *out = cv;
    return LC_OK;
}

lc_status lc_cover_keep_tiles(lc_ctx *ctx, lc_cover *cv)
{
    size_t n = cv->ncat * cv->ntiers;
    if (cv->area_tiles) return LC_OK;
    cv->area_tiles = lc_calloc(n + 1, sizeof *cv->area_tiles);
    cv->walk_tiles = lc_calloc(n + 1, sizeof *cv->walk_tiles);
    bool ok = cv->area_tiles && cv->walk_tiles;
    for (size_t i = 0; ok && i < n; i++)
        ok = (cv->area_tiles[i] = lc_tile_cache_create()) &&
             (cv->walk_tiles[i] = lc_tile_cache_create());
    return ok ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
}

void lc_cover_destroy(lc_ctx *ctx, lc_cover *cv)
{
    if (!cv) return;
    for (size_t i = 0; cv->area_wkb && i < cv->ncat * cv->ntiers; i++) lc_free(cv->area_wkb[i]);
    lc_free(cv->area_wkb);
    lc_free(cv->area_len);
    for (size_t i = 0; cv->walk_wkb && i < cv->ncat * cv->ntiers; i++) lc_free(cv->walk_wkb[i]);
    lc_free(cv->walk_wkb);
    lc_free(cv->walk_len);
    for (size_t i = 0; i < cv->ncat * cv->ntiers; i++) {
        if (cv->area_tiles) lc_tile_cache_destroy(cv->area_tiles[i]);
        if (cv->walk_tiles) lc_tile_cache_destroy(cv->walk_tiles[i]);
    }
    lc_free(cv->area_tiles);
    lc_free(cv->walk_tiles);
    (void)ctx;
    lc_free(cv->d);
    lc_free(cv->c);
    lc_free(cv->g);
    lc_free(cv);
}

void lc_cover_field_name(char *buf, size_t cap, const char *key, char what, int minutes)
{
    if (what == 'd' || what == 'w') snprintf(buf, cap, "%s_%c", key, what);
    else snprintf(buf, cap, "%s_%c%d", key, what, minutes);
}
