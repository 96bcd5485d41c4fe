/*
 * walkarea.c — walking service areas (isochrones) and the walking coverage share.
 *
 * The service area of category k at radius r is the reachable network — whole edges and
 * the reachable stretches of partly reached ones (lc_reach_edge) — buffered by
 * walk_buffer and unioned. An estate's share k_c is area(estate ∩ that area) / area(estate);
 * a point estate's is 1 when the point lies in it — within walk_buffer of a reached stretch,
 * the exact capsule the drawn polygon approximates — else 0.
 * A buffer only depends on lines within walk_buffer, so each estate's share is computed
 * from the reachable stretches near it, not from the city-wide polygon: the sweep of
 * lc_rings_capsules_area (true circles, no overlay), after quick answers for none, one
 * stretch covering the whole estate, and the cached "every near edge wholly reached" case.
 * For the city-wide layer each stretch is buffered on its own as a capsule polygon and the
 * capsules are unioned tile by tile (lc_geom_union_tiled: GEOS's overlay is quadratic in the
 * holes a street grid leaves, so they are set aside as they appear; the tiles are glued along
 * exact tile lines). GEOS's buffer of a
 * whole multilinestring on a street grid, where the buffers overlap everywhere, is some 20
 * times slower (3.5 s against 0.16 s for the 656 sample streets).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/parallel.h"
#include "walkarea.h"
#include "../core/msg.h"

#define BUFFER_QUADSEGS 8 /* drawn capsules: 16 segments per half circle, ±0.4 m at 50 m */

/* The reachable stretches collected for one estate or for the whole network. */
typedef struct {
    double (*iv)[2];      /* scratch for lc_reach_edge */
    double b;             /* buffer radius */
    const lc_rings *near; /* keep only stretches within b of this polygon, or NULL */
    double box[4];        /* its box: minx, miny, maxx, maxy */
    bool point;           /* `near` is the point (box[0], box[1]) (a point estate) */
    bool covers;          /* set when one stretch alone has the whole polygon within b */
    double *segs;         /* ax, ay, bx, by per stretch */
    size_t nsegs, segcap;
} pieces;

/* Is stretch a-b within b of p->near? Sets p->covers when the whole polygon is. The box
 * tests first: most stretches listed near an estate's box are clear of it or far from
 * covering it, and the exact distances loop over every polygon edge. */
static bool near_stretch(pieces *p, double ax, double ay, double bx, double by)
{
    const double *bb = p->box, b = p->b;
    double minx = lc_min(ax, bx), maxx = lc_max(ax, bx), miny = lc_min(ay, by), maxy = lc_max(ay, by);
    if (maxx < bb[0] - b || minx > bb[2] + b || maxy < bb[1] - b || miny > bb[3] + b)
        return false;
    if (p->point) { /* the point is in the stretch's capsule, or the stretch is not near */
        if (lc_point_segment_dist(bb[0], bb[1], ax, ay, bx, by, NULL) > b) return false;
        return p->covers = true;
    }
    if (lc_rings_segment_dist(p->near, ax, ay, bx, by) > b) return false;
    if (bb[0] >= minx - b && bb[2] <= maxx + b && bb[1] >= miny - b && bb[3] <= maxy + b &&
        lc_rings_max_segment_dist(p->near, ax, ay, bx, by) <= b)
        p->covers = true;
    return true;
}

/* Add the reachable stretches of edge e to p; *whole set false when some of it is not.
 * `near` (per-estate shares only): 1 when the whole edge is known to lie within b of p->near,
 * 2 when it also covers it, 0 when unknown — a whole stretch then needs no distance test. */
static lc_status add_edge(const lc_graph *g, const lc_reach *rc, uint32_t e, double r,
                          pieces *p, bool *whole, int near)
{
    size_t n = lc_reach_edge(rc, g, e, r, p->iv);
    double len = g->elen[e];
    bool all = n == 1 && p->iv[0][0] <= 0 && p->iv[0][1] >= len;
    if (!all) *whole = false;
    double ux = g->x[g->eu[e]], uy = g->y[g->eu[e]];
    double dx = (g->x[g->ev[e]] - ux) / len, dy = (g->y[g->ev[e]] - uy) / len;
    for (size_t i = 0; i < n; i++) {
        double ax = ux + dx * p->iv[i][0], ay = uy + dy * p->iv[i][0];
        double bx = ux + dx * p->iv[i][1], by = uy + dy * p->iv[i][1];
        if (all && near) p->covers |= near == 2;
        else if (p->near && !near_stretch(p, ax, ay, bx, by)) continue;
        if (lc_grow((void **)&p->segs, &p->segcap, 4 * (p->nsegs + 1), sizeof(double)))
            return LC_ERR_NOMEM;
        double *sg = p->segs + 4 * p->nsegs++;
        sg[0] = ax, sg[1] = ay, sg[2] = bx, sg[3] = by;
    }
    return LC_OK;
}

/* ---- per-estate share ---------------------------------------------------------------- */

typedef struct {
    uint32_t *edges;
    uint8_t *near; /* per listed edge: 1 within b of the estate, 2 also covering it */
    size_t n, cap, ncap;
    uint32_t *stamp; /* per graph edge: last estate (+1) that listed it */
} near_edges;

/* Edges within b of the estate (each once), with their near class: the exact distances are
 * worked out here once for the eight (category, tier) shares, which mostly see whole edges.
 * A stretch of an edge farther than b is farther too. */
static lc_status edges_near(const lc_graph *g, const lc_estate *e, double b, uint32_t tag,
                            near_edges *ne)
{
    const lc_grid *gr = &g->egrid;
    lc_grid_span sp;
    ne->n = 0;
    if (!lc_grid_span_of(gr, e->minx - b, e->miny - b, e->maxx + b, e->maxy + b, &sp))
        return LC_OK;
    for (uint32_t r = sp.r0; r <= sp.r1; r++) {
        size_t i0, i1;
        lc_grid_row_items(gr, r, sp.c0, sp.c1, &i0, &i1);
        for (size_t i = i0; i < i1; i++) {
            uint32_t ed = gr->item[i];
            if (ne->stamp[ed] == tag) continue;
            ne->stamp[ed] = tag;
            double ax = g->x[g->eu[ed]], ay = g->y[g->eu[ed]];
            double bx = g->x[g->ev[ed]], by = g->y[g->ev[ed]];
            if (lc_max(ax, bx) < e->minx - b || lc_min(ax, bx) > e->maxx + b ||
                lc_max(ay, by) < e->miny - b || lc_min(ay, by) > e->maxy + b)
                continue;
            pieces probe = {.b = b, .near = &e->rings, .point = e->point,
                            .box = {e->minx, e->miny, e->maxx, e->maxy}};
            if (!near_stretch(&probe, ax, ay, bx, by)) continue;
            if (lc_grow((void **)&ne->edges, &ne->cap, ne->n + 1, sizeof(uint32_t)) ||
                lc_grow((void **)&ne->near, &ne->ncap, ne->n + 1, 1))
                return LC_ERR_NOMEM;
            ne->near[ne->n] = probe.covers ? 2 : 1;
            ne->edges[ne->n++] = ed;
        }
    }
    return LC_OK;
}

typedef struct {
    lc_ctx *ctx;
    const lc_graph *g;
    const lc_walk *wk;
    double b;
    pieces p;
    near_edges ne;
    lc_segjoin join;
    lc_prune prune;
    lc_sweep sweep;
    size_t sweeps, sweep_segs; /* cases that needed the sweep, and their stretches */
} share_ctx;

#define PRUNE_MIN 16 /* fewer stretches near an estate: the sweep is cheap anyway */

/* Share of estate e for category k at radius r: the sweep over the reachable stretches
 * within b of the estate. `full` caches the share when every near edge is wholly reached
 * (the same for every category and tier), NAN until computed. */
static lc_status estate_share(share_ctx *sc, const lc_estate *e, int k, double r, double *full,
                              double *out)
{
    bool whole = true;
    lc_status st = LC_OK;
    sc->p.near = &e->rings;
    sc->p.point = e->point;
    sc->p.box[0] = e->minx, sc->p.box[1] = e->miny, sc->p.box[2] = e->maxx, sc->p.box[3] = e->maxy;
    sc->p.covers = false;
    sc->p.nsegs = 0;
    lc_reach rc = lc_walk_reach(sc->wk, k);
    for (size_t i = 0; !st && i < sc->ne.n; i++)
        st = add_edge(sc->g, &rc, sc->ne.edges[i], r, &sc->p, &whole, sc->ne.near[i]);
    if (st) return lc_fail(sc->ctx, st, "out of memory");
    if (!sc->p.nsegs) return *out = 0, LC_OK;
    if (sc->p.covers) return *out = 1, LC_OK;
    if (e->point) return *out = 0, LC_OK; /* (not reached: a near stretch covers a point) */
    if (whole && !isnan(*full)) return *out = *full, LC_OK;
    double a;
    sc->p.nsegs = lc_segs_join_collinear(&sc->join, sc->p.segs, sc->p.nsegs);
    /* on real streets most capsules near a big estate lie inside the others: the union,
     * hence the share, is the same without them, and the sweep's slabs and crossings fewer */
    if (sc->p.nsegs >= PRUNE_MIN &&
        lc_segs_drop_covered(&sc->prune, sc->p.segs, sc->p.nsegs, sc->b, &sc->p.nsegs))
        return lc_fail(sc->ctx, LC_ERR_NOMEM, "out of memory");
    sc->sweeps++;
    sc->sweep_segs += sc->p.nsegs;
    if (lc_rings_capsules_area(&e->rings, sc->p.segs, sc->p.nsegs, sc->b, &sc->sweep, &a))
        return lc_fail(sc->ctx, LC_ERR_NOMEM, "out of memory");
    *out = fmin(1.0, a / e->area_m2);
    if (whole) *full = *out;
    return LC_OK;
}

typedef struct {
    const lc_dataset *ds;
    const lc_graph *g;
    const lc_walk *wk;
    double b;
    lc_cover *cv;
    size_t njobs;
    const bool *cats;    /* the categories to compute; NULL: every one */
    const uint32_t *est; /* the estates to compute, n of them; NULL: every one */
    size_t n;
} shares_ud;

/* Job j: the shares of estates j, j + njobs, j + 2·njobs, ... (interleaved so the jobs get
 * similar mixes). The sweep is plain C, so jobs only need their own scratch buffers. */
static lc_status shares_job(lc_ctx *ctx, size_t job, void *ud)
{
    const shares_ud *u = ud;
    const lc_cover *cv = u->cv;
    share_ctx sc = {ctx, u->g, u->wk, u->b, {0}, {0}, {0}, {0}, {0}, 0, 0};
    sc.p.b = u->b;
    size_t maxfe = 0;
    for (size_t k = 0; k < u->wk->ncat; k++) maxfe = u->wk->nfe[k] > maxfe ? u->wk->nfe[k] : maxfe;
    sc.p.iv = lc_malloc((maxfe + 2) * sizeof *sc.p.iv);
    sc.ne.stamp = lc_calloc(u->g->nedges + 1, sizeof(uint32_t));
    lc_status st = (!sc.p.iv || !sc.ne.stamp) ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory") : LC_OK;
    size_t count = u->est ? u->n : u->ds->nest;
    for (size_t i = job; !st && i < count; i += u->njobs) {
        size_t e = u->est ? u->est[i] : i;
        const lc_estate *est = &u->ds->est[e];
        st = edges_near(u->g, est, u->b, (uint32_t)e + 1, &sc.ne);
        double full = NAN;
        for (size_t k = 0; !st && k < cv->ncat; k++)
            for (size_t t = 0; !st && (!u->cats || u->cats[k]) && t < cv->ntiers; t++) {
                double *c = &cv->c[LC_COV_IDX(cv, k, t, e)];
                st = estate_share(&sc, est, (int)k, cv->radius_m[t], &full, c);
                /* a larger radius reaches a superset: keep the shares ordered where the
                 * sweep's rounding would otherwise flip them */
                if (t > 0) *c = fmax(*c, cv->c[LC_COV_IDX(cv, k, t - 1, e)]);
            }
    }
    lc_debug(ctx, "walking shares, job %zu: %zu sweeps (%.1f stretches each)", job, sc.sweeps,
             sc.sweeps ? (double)sc.sweep_segs / (double)sc.sweeps : 0.0);
    lc_free(sc.p.iv);
    lc_free(sc.p.segs);
    lc_free(sc.ne.edges);
    lc_free(sc.ne.near);
    lc_segjoin_clear(&sc.join);
    lc_prune_clear(&sc.prune);
    lc_sweep_clear(&sc.sweep);
    lc_free(sc.ne.stamp);
    return st;
}

lc_status lc_walk_shares(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                         const lc_walk *wk, double walk_buffer_m, lc_cover *cv)
{
    return lc_walk_shares_of(ctx, ds, g, wk, walk_buffer_m, cv, NULL, NULL, 0);
}

lc_status lc_walk_shares_of(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                            const lc_walk *wk, double walk_buffer_m, lc_cover *cv,
                            const bool *cats, const uint32_t *est, size_t n)
{
    size_t njobs = lc_parallel_threads(cv->threads);
    if (est && n < 64 * njobs) njobs = 1; /* a few estates: not worth a thread */
    shares_ud u = {ds, g, wk, walk_buffer_m, cv, njobs, cats, est, n};
    return lc_parallel_run(ctx, N_("walking shares"), njobs, cv->threads, shares_job, &u);
}

/* ---- the city-wide service areas ------------------------------------------------------ */

#define TILE_M 2000.0 /* tiles of lc_geom_union_tiled: 8.7 s for the bench's areas, 9.1 s at 1 km */

/* Capsules of the joined stretches, unioned tile by tile: the tiles recorded into `record`
 * and taken from `reuse` where the same (either NULL: none). */
static lc_status tiled_union(lc_ctx *ctx, const double *segs, size_t nsegs, double b,
                             lc_tile_cache *record, const lc_tile_cache *reuse,
                             GEOSGeometry **out)
{
    *out = NULL;
    if (!nsegs || !segs) return LC_OK;
    GEOSGeometry **caps = lc_malloc((nsegs + 1) * sizeof *caps);
    if (!caps) return LC_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < nsegs; i++) {
        const double *sg = segs + 4 * i;
        GEOSGeometry *cap = lc_geom_capsule(ctx, sg[0], sg[1], sg[2], sg[3], b, BUFFER_QUADSEGS);
        if (cap) caps[n++] = cap;
    }
    lc_status st = n < nsegs ? LC_ERR_GEOS : LC_OK;
    if (st) for (size_t i = 0; i < n; i++) GEOSGeom_destroy_r(ctx->geos, caps[i]);
    else st = lc_geom_union_tiled_cached(ctx, caps, n, TILE_M, record, reuse, out);
    lc_free(caps);
    return st;
}

/* The service area of what `rc` reached within r: over `edges` (n of them) or, when NULL,
 * over every edge of the graph. NULL when nothing is reached. The union's tiles as
 * tiled_union. */
static lc_status walk_area(lc_ctx *ctx, const lc_graph *g, const lc_reach *rc,
                           const uint32_t *edges, size_t n, double r, double walk_buffer_m,
                           lc_tile_cache *record, const lc_tile_cache *reuse, GEOSGeometry **out)
{
    pieces p = {0};
    p.b = walk_buffer_m;
    p.iv = lc_malloc((rc->nfe + 2) * sizeof *p.iv);
    *out = NULL;
    if (!p.iv) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = LC_OK;
    bool whole = true;
    size_t count = edges ? n : g->nedges;
    for (size_t i = 0; !st && i < count; i++)
        st = add_edge(g, rc, edges ? edges[i] : (uint32_t)i, r, &p, &whole, 0);
    double t0 = lc_now_s();
    size_t stretches = p.nsegs;
    lc_segjoin join = {0};
    if (!st) p.nsegs = lc_segs_join_collinear(&join, p.segs, p.nsegs);
    lc_segjoin_clear(&join);
    size_t joined = p.nsegs;
    lc_prune pr = {0};
    if (!st) st = lc_segs_drop_covered(&pr, p.segs, p.nsegs, walk_buffer_m, &p.nsegs);
    lc_prune_clear(&pr);
    double t1 = lc_now_s();
    if (!st && p.nsegs)
        st = tiled_union(ctx, p.segs, p.nsegs, walk_buffer_m, record, reuse, out);
    double t2 = lc_now_s();
    if (!edges)
        lc_debug(ctx, "walking area at %.0f m: %zu stretches joined into %zu segments, %zu of "
                 "them inside the others, in %.2f s, capsules unioned in %.2f s", r, stretches,
                 joined, joined - p.nsegs, t1 - t0, t2 - t1);
    lc_free(p.segs);
    lc_free(p.iv);
    if (st) return lc_fail(ctx, st, "walking service area failed: %s", ctx->geos_msg);
    return LC_OK;
}

typedef struct {
    const lc_graph *g;
    const lc_walk *wk;
    double b;
    lc_cover *cv;
    const size_t *jobs; /* the (category, tier) index of each job; NULL: job = index */
    const lc_cover *base; /* whose kept tiles are taken where the same (NULL: none) */
} walk_job_ud;

/* Job k * ntiers + t: the walking service area of category k at tier t, as WKB. */
static lc_status walk_job(lc_ctx *ctx, size_t job, void *ud)
{
    const walk_job_ud *j = ud;
    lc_cover *cv = j->cv;
    if (j->jobs) job = j->jobs[job];
    GEOSGeometry *a = NULL;
    lc_reach rc = lc_walk_reach(j->wk, (int)(job / cv->ntiers));
    lc_status st = walk_area(ctx, j->g, &rc, NULL, 0, cv->radius_m[job % cv->ntiers], j->b,
                             cv->walk_tiles ? cv->walk_tiles[job] : NULL,
                             j->base && j->base->walk_tiles ? j->base->walk_tiles[job] : NULL,
                             &a);
    if (!st && a) st = lc_geom_to_wkb(ctx, a, &cv->walk_wkb[job], &cv->walk_len[job]);
    if (a) GEOSGeom_destroy_r(ctx->geos, a);
    return st;
}

lc_status lc_walk_service_areas(lc_ctx *ctx, const lc_graph *g, const lc_walk *wk,
                                double walk_buffer_m, lc_cover *cv)
{
    size_t n = cv->ncat * cv->ntiers;
    cv->walk_wkb = lc_calloc(n + 1, sizeof(unsigned char *));
    cv->walk_len = lc_calloc(n + 1, sizeof(size_t));
    if (!cv->walk_wkb || !cv->walk_len) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    walk_job_ud j = {g, wk, walk_buffer_m, cv, NULL, NULL};
    return lc_parallel_run(ctx, N_("walking service areas"), n, cv->threads, walk_job, &j);
}

lc_status lc_walk_service_areas_of(lc_ctx *ctx, const lc_graph *g, const lc_walk *wk,
                                   double walk_buffer_m, lc_cover *cv, const bool *cats,
                                   const lc_cover *base)
{
    if (!cv->walk_wkb) return lc_walk_service_areas(ctx, g, wk, walk_buffer_m, cv);
    size_t n;
    size_t *jobs = lc_cover_area_jobs(cv, cats, cv->walk_wkb, cv->walk_len, &n);
    if (!jobs) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    walk_job_ud j = {g, wk, walk_buffer_m, cv, jobs, base};
    lc_status st = lc_parallel_run(ctx, N_("walking service areas"), n, cv->threads, walk_job, &j);
    lc_free(jobs);
    return st;
}

/* ---- one service area per facility (--per-facility) --------------------------------- */

typedef struct {
    const lc_dataset *ds;
    const lc_graph *g;
    const lc_walk *wk;
    double b;
    const lc_cover *cv;
    lc_facility_areas *fa;
    size_t njobs;
} per_facility_ud;

/* Edges touching the reached nodes, each once (stamp[e] == tag marks it listed). */
static lc_status reached_edges(const lc_graph *g, const uint32_t *touched, size_t nt,
                               uint32_t extra, uint32_t *stamp, uint32_t tag, uint32_t **edges,
                               size_t *n, size_t *cap)
{
    *n = 0;
    stamp[extra] = tag;
    if (lc_grow((void **)edges, cap, 1, sizeof(uint32_t))) return LC_ERR_NOMEM;
    (*edges)[(*n)++] = extra; /* the facility's own edge */
    for (size_t i = 0; i < nt; i++)
        for (size_t a = g->off[touched[i]]; a < g->off[touched[i] + 1]; a++) {
            uint32_t e = g->arc_edge[a];
            if (stamp[e] == tag) continue;
            stamp[e] = tag;
            if (lc_grow((void **)edges, cap, *n + 1, sizeof(uint32_t))) return LC_ERR_NOMEM;
            (*edges)[(*n)++] = e;
        }
    return LC_OK;
}

/* Facility j's areas for every tier: a search from it alone, then its reached edges. */
static lc_status one_facility(lc_ctx *ctx, const per_facility_ud *u, size_t j, double *dist,
                              uint32_t *touched, uint32_t *stamp, uint32_t **edges,
                              size_t *cap)
{
    const lc_snap *sn = &u->wk->fac_snap[j];
    lc_seed seeds[2];
    lc_snap_seeds(u->g, sn, seeds);
    size_t nt = 0, ne = 0;
    const lc_cover *cv = u->cv;
    lc_status st = lc_graph_search_sparse(ctx, u->g, seeds, 2, cv->radius_m[cv->ntiers - 1],
                                          dist, touched, &nt);
    if (!st)
        st = reached_edges(u->g, touched, nt, sn->edge, stamp, (uint32_t)j + 1, edges, &ne, cap);
    lc_on_edge self = {sn->edge, sn->t, sn->offset_m};
    lc_reach rc = {dist, &self, 1, NULL};
    for (size_t t = 0; !st && t < cv->ntiers; t++) {
        GEOSGeometry *a = NULL;
        size_t slot = j * cv->ntiers + t;
        st = walk_area(ctx, u->g, &rc, *edges, ne, cv->radius_m[t], u->b, NULL, NULL, &a);
        if (!st && a) st = lc_geom_to_wkb(ctx, a, &u->fa->wkb[slot], &u->fa->len[slot]);
        if (a) GEOSGeom_destroy_r(ctx->geos, a);
    }
    for (size_t i = 0; i < nt; i++) dist[touched[i]] = INFINITY;
    return st;
}

static lc_status per_facility_job(lc_ctx *ctx, size_t job, void *ud)
{
    const per_facility_ud *u = ud;
    size_t nn = u->g->nnodes + 1;
    double *dist = lc_malloc(nn * sizeof(double));
    uint32_t *touched = lc_malloc(nn * sizeof(uint32_t));
    uint32_t *stamp = lc_calloc(u->g->nedges + 1, sizeof(uint32_t));
    uint32_t *edges = NULL;
    size_t cap = 0;
    lc_status st = (!dist || !touched || !stamp) ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory")
                                                 : LC_OK;
    for (size_t i = 0; dist && i < nn; i++) dist[i] = INFINITY;
    for (size_t j = job; !st && j < u->ds->nfac; j += u->njobs)
        if (u->ds->fac[j].cat >= 0 && u->wk->fac_ok[j])
            st = one_facility(ctx, u, j, dist, touched, stamp, &edges, &cap);
    lc_free(dist);
    lc_free(touched);
    lc_free(stamp);
    lc_free(edges);
    return st;
}

lc_status lc_walk_facility_areas(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                                 const lc_walk *wk, double walk_buffer_m, const lc_cover *cv,
                                 lc_facility_areas *out)
{
    memset(out, 0, sizeof *out);
    out->wkb = lc_calloc(ds->nfac * cv->ntiers + 1, sizeof(unsigned char *));
    out->len = lc_calloc(ds->nfac * cv->ntiers + 1, sizeof(size_t));
    if (!out->wkb || !out->len) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    out->n = ds->nfac * cv->ntiers;
    size_t njobs = lc_parallel_threads(cv->threads);
    per_facility_ud u = {ds, g, wk, walk_buffer_m, cv, out, njobs};
    return lc_parallel_run(ctx, N_("per-facility areas"), njobs, cv->threads, per_facility_job, &u);
}

void lc_facility_areas_clear(lc_facility_areas *fa)
{
    for (size_t i = 0; fa->wkb && i < fa->n; i++) lc_free(fa->wkb[i]);
    lc_free(fa->wkb);
    lc_free(fa->len);
    memset(fa, 0, sizeof *fa);
}
