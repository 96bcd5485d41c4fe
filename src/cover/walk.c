/*
 * walk.c — walking distances from estates to facilities over the network (see walk.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cover.h"
#include "walk.h"

/* ---- access points ---------------------------------------------------------------- */

typedef struct {
    const lc_graph *g;
    const lc_estate *e;
    double snap_m;
    lc_node_access *acc;
    size_t n, cap;
    bool nomem;
} access_ctx;

static void consider_node(uint32_t node, void *ud)
{
    access_ctx *a = ud;
    const lc_estate *e = a->e;
    double x = a->g->x[node], y = a->g->y[node];
    double d = e->point ? hypot(x - e->minx, y - e->miny) : lc_rings_point_dist(&e->rings, x, y);
    if (d > a->snap_m) return;
    if (lc_grow((void **)&a->acc, &a->cap, a->n + 1, sizeof(lc_node_access))) {
        a->nomem = true;
        return;
    }
    a->acc[a->n++] = (lc_node_access){node, d};
}

/* Fallback access: the estate's point on surface (a point estate's own point) snapped to the
 * nearest edge. */
static bool fallback_access(lc_ctx *ctx, const lc_graph *g, const lc_estate *e, double max_m,
                            lc_snap *out)
{
    GEOSGeometry *p = lc_geom_point_on_surface(ctx, e->geom);
    double x, y;
    bool ok = p && GEOSGeomGetX_r(ctx->geos, p, &x) && GEOSGeomGetY_r(ctx->geos, p, &y) &&
              lc_graph_snap(g, x, y, max_m, out);
    if (p) GEOSGeom_destroy_r(ctx->geos, p);
    return ok;
}

typedef struct {
    lc_snap *a;
    size_t n, cap;
} edge_access;

static bool push_edge_access(edge_access *ea, const lc_snap *sn)
{
    if (lc_grow((void **)&ea->a, &ea->cap, ea->n + 1, sizeof(lc_snap))) return false;
    ea->a[ea->n++] = *sn;
    return true;
}

/* The estate's entrances snapped onto edges; false on allocation failure. */
static bool entrance_access(const lc_dataset *ds, const lc_graph *g, size_t e, double max_m,
                            edge_access *ea)
{
    for (size_t i = ds->ent_off[e]; i < ds->ent_off[e + 1]; i++) {
        lc_snap sn;
        if (lc_graph_snap(g, ds->ent_xy[2 * i], ds->ent_xy[2 * i + 1], max_m, &sn) &&
            !push_edge_access(ea, &sn))
            return false;
    }
    return true;
}

static lc_status find_access(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                             const lc_walk_settings *s, lc_walk *wk)
{
    access_ctx a = {.g = g, .snap_m = s->access_snap_m};
    edge_access ea = {0};
    bool ok = true;
    for (size_t e = 0; ok && e < ds->nest; e++) {
        const lc_estate *est = &ds->est[e];
        a.e = est;
        wk->acc_off[e] = a.n;
        wk->eacc_off[e] = ea.n;
        if (ds->ent_off && ds->ent_off[e + 1] > ds->ent_off[e]) {
            ok = entrance_access(ds, g, e, s->max_snap_m, &ea);
        } else {
            lc_graph_nodes_in_box(g, est->minx - a.snap_m, est->miny - a.snap_m,
                                  est->maxx + a.snap_m, est->maxy + a.snap_m, consider_node, &a);
            lc_snap sn;
            if (a.n == wk->acc_off[e] && fallback_access(ctx, g, est, s->max_snap_m, &sn))
                ok = push_edge_access(&ea, &sn);
        }
        ok = ok && !a.nomem;
        if (ok && a.n == wk->acc_off[e] && ea.n == wk->eacc_off[e] && ++wk->est_no_access <= 5) {
            lc_warn(ctx, "%s: no entrance, network vertex or edge within reach (access %.0f m, "
                    "snap %.0f m); walking distances are null", lc_estate_where(ds, e),
                    s->access_snap_m, s->max_snap_m);
        }
    }
    if (wk->est_no_access > 5)
        lc_warn(ctx, "%s: ... %zu estates without network access in all", ds->est_src->desc,
                wk->est_no_access);
    wk->acc_off[ds->nest] = a.n;
    wk->eacc_off[ds->nest] = ea.n;
    wk->acc = a.acc;
    wk->eacc = ea.a;
    return ok ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
}

static void snap_facilities(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                            const lc_walk_settings *s, lc_walk *wk)
{
    for (size_t j = 0; j < ds->nfac; j++) {
        const lc_facility *f = &ds->fac[j];
        if (f->cat < 0) continue;
        wk->fac_ok[j] = lc_graph_snap(g, f->x, f->y, s->max_snap_m, &wk->fac_snap[j]);
        if (wk->fac_ok[j]) continue;
        if (++wk->fac_unreachable > 5) continue;
        lc_warn(ctx, "%s: facility farther than %.0f m from any walkable edge; unreachable on "
                "foot", lc_feature_where(lc_facility_source(ds, j), f->row, NULL), s->max_snap_m);
    }
    if (wk->fac_unreachable > 5)
        lc_warn(ctx, "%s: ... %zu facilities unreachable on foot in all", lc_facilities_desc(ds),
                wk->fac_unreachable);
}

/* ---- per category ------------------------------------------------------------------ */

typedef lc_on_edge on_edge;

static int cmp_edge(const void *a, const void *b)
{
    const on_edge *x = a, *y = b;
    return x->edge < y->edge ? -1 : (x->edge > y->edge);
}

/* The first facility snapped onto edge `e` in `fe` (sorted by edge), or NULL. A plain lower
 * bound, not bsearch: it runs for every edge near every estate, eight times. */
static const on_edge *first_on_edge(const on_edge *fe, size_t nfe, uint32_t e)
{
    size_t lo = 0, hi = nfe;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (fe[mid].edge < e) lo = mid + 1;
        else hi = mid;
    }
    return lo < nfe && fe[lo].edge == e ? &fe[lo] : NULL;
}

/* Walking distance of estate e given the search result `dist` of one category; the
 * facilities of that category that lie on an edge are in `fe` (sorted by edge), for the
 * direct path along an edge the estate is snapped to as well. */
double lc_walk_estate(const lc_walk *wk, const lc_graph *g, size_t e, const lc_reach *rc)
{
    const double *dist = rc->dist;
    const on_edge *fe = rc->fe;
    size_t nfe = rc->nfe;
    double best = INFINITY;
    for (size_t i = wk->acc_off[e]; i < wk->acc_off[e + 1]; i++)
        best = fmin(best, wk->acc[i].offset_m + dist[wk->acc[i].node]);
    for (size_t i = wk->eacc_off[e]; i < wk->eacc_off[e + 1]; i++) {
        const lc_snap *sn = &wk->eacc[i];
        double len = g->elen[sn->edge];
        best = fmin(best, sn->offset_m + fmin(dist[g->eu[sn->edge]] + sn->t * len,
                                              dist[g->ev[sn->edge]] + (1 - sn->t) * len));
        for (const on_edge *hit = first_on_edge(fe, nfe, sn->edge);
             hit && hit < fe + nfe && hit->edge == sn->edge; hit++)
            best = fmin(best, sn->offset_m + hit->offset_m + fabs(sn->t - hit->t) * len);
    }
    return best;
}

static lc_status walk_category(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                               lc_walk *wk, int k)
{
    lc_seed *seeds = lc_malloc((2 * ds->cat_nfac[k] + 1) * sizeof *seeds);
    on_edge *fe = wk->fe[k] = lc_malloc((ds->cat_nfac[k] + 1) * sizeof *fe);
    double *dist = wk->dist[k] = lc_malloc((g->nnodes + 1) * sizeof(double));
    if (!seeds || !fe || !dist) {
        lc_free(seeds);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    size_t ns = 0, nfe = 0;
    for (size_t j = 0; j < ds->nfac; j++) {
        if (ds->fac[j].cat != k || !wk->fac_ok[j]) continue;
        lc_snap_seeds(g, &wk->fac_snap[j], &seeds[ns]);
        ns += 2;
        fe[nfe++] = (on_edge){wk->fac_snap[j].edge, wk->fac_snap[j].t, wk->fac_snap[j].offset_m};
    }
    qsort(fe, nfe, sizeof *fe, cmp_edge);
    wk->nfe[k] = nfe;
    uint8_t *bits = wk->fe_bits[k] = lc_calloc(g->nedges / 8 + 1, 1);
    if (!bits) {
        lc_free(seeds);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < nfe; i++) bits[fe[i].edge / 8] |= (uint8_t)(1u << (fe[i].edge % 8));
    lc_status st = lc_graph_search(ctx, g, seeds, ns, wk->limit_m, dist);
    for (size_t e = 0; !st && e < ds->nest; e++) {
        lc_reach rc = {dist, fe, nfe, bits};
        double w = lc_walk_estate(wk, g, e, &rc);
        LC_WALK_W(wk, k, e) = w <= wk->limit_m ? w : NAN;
    }
    lc_free(seeds);
    return st;
}

static int cmp_interval(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return x[0] < y[0] ? -1 : (x[0] > y[0]);
}

lc_reach lc_walk_reach(const lc_walk *wk, int k)
{
    lc_reach rc = {wk->dist[k], wk->fe[k], wk->nfe[k], wk->fe_bits[k]};
    return rc;
}

size_t lc_walk_edge_reach(const lc_walk *wk, const lc_graph *g, int k, uint32_t e, double r,
                          double (*iv)[2])
{
    lc_reach rc = lc_walk_reach(wk, k);
    return lc_reach_edge(&rc, g, e, r, iv);
}

size_t lc_reach_edge(const lc_reach *rc, const lc_graph *g, uint32_t e, double r,
                     double (*iv)[2])
{
    const double *dist = rc->dist;
    double len = g->elen[e];
    size_t n = 0;
    if (dist[g->eu[e]] <= r) iv[n][0] = 0, iv[n][1] = lc_min(len, r - dist[g->eu[e]]), n++;
    if (dist[g->ev[e]] <= r) iv[n][0] = lc_max(0, len - (r - dist[g->ev[e]])), iv[n][1] = len, n++;
    const on_edge *fe = rc->fe;
    bool some = !rc->fe_bits || (rc->fe_bits[e / 8] >> (e % 8) & 1);
    for (const on_edge *hit = some ? first_on_edge(fe, rc->nfe, e) : NULL;
         hit && hit < fe + rc->nfe && hit->edge == e; hit++) {
        if (hit->offset_m > r) continue;
        double at = hit->t * len, reach = r - hit->offset_m;
        iv[n][0] = lc_max(0, at - reach), iv[n][1] = lc_min(len, at + reach), n++;
    }
    if (n < 2) return n;
    bool sorted = true; /* always so without facilities on the edge: [0, a] then [b, len] */
    for (size_t i = 1; i < n; i++) sorted &= iv[i - 1][0] <= iv[i][0];
    if (!sorted) qsort(iv, n, sizeof iv[0], cmp_interval);
    size_t m = 0;
    for (size_t i = 1; i < n; i++) {
        if (iv[i][0] <= iv[m][1]) iv[m][1] = lc_max(iv[m][1], iv[i][1]);
        else m++, iv[m][0] = iv[i][0], iv[m][1] = iv[i][1];
    }
    return m + 1;
}

/* The arrays per facility (snaps) and per category (searches) of wk, zeroed; false when
 * out of memory (lc_walk_destroy frees what was made). */
static bool alloc_search_part(lc_walk *wk, const lc_dataset *ds)
{
    wk->fac_snap = lc_calloc(ds->nfac + 1, sizeof(lc_snap));
    wk->fac_ok = lc_calloc(ds->nfac + 1, 1);
    wk->dist = lc_calloc(ds->ncat + 1, sizeof(double *));
    wk->fe = lc_calloc(ds->ncat + 1, sizeof(on_edge *));
    wk->nfe = lc_calloc(ds->ncat + 1, sizeof(size_t));
    wk->fe_bits = lc_calloc(ds->ncat + 1, sizeof(uint8_t *));
    return wk->fac_snap && wk->fac_ok && wk->dist && wk->fe && wk->nfe && wk->fe_bits;
}

lc_status lc_walk_compute(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                          const lc_walk_settings *s, double limit_m, lc_walk **out)
{
    *out = NULL;
    lc_walk *wk = lc_calloc(1, sizeof *wk);
    if (!wk) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    wk->nest = ds->nest, wk->ncat = ds->ncat;
    wk->w = lc_calloc(ds->ncat * ds->nest + 1, sizeof(double));
    wk->acc_off = lc_calloc(ds->nest + 1, sizeof(size_t));
    wk->eacc_off = lc_calloc(ds->nest + 1, sizeof(size_t));
    wk->limit_m = limit_m, wk->max_snap_m = s->max_snap_m;
    lc_status st = (!alloc_search_part(wk, ds) || !wk->w || !wk->acc_off || !wk->eacc_off)
                       ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory") : LC_OK;
    if (!st) st = find_access(ctx, ds, g, s, wk);
    if (!st && ds->nest && wk->est_no_access == ds->nest)
        st = lc_fail(ctx, LC_ERR_DATA, "%s: no estate is within %.0f m of the network (%s); is "
                     "it the right area, and its CRS right (--network-srs)?", ds->est_src->desc,
                     s->max_snap_m, s->network.src);
    if (!st) snap_facilities(ctx, ds, g, s, wk);
    for (size_t k = 0; !st && k < ds->ncat; k++) st = walk_category(ctx, ds, g, wk, (int)k);
    if (st) {
        lc_walk_destroy(wk);
        return st;
    }
    *out = wk;
    return LC_OK;
}

/* The copy of n items of `size` bytes at src (NULL stays NULL); false when out of memory. */
static bool copy_array(void **dst, const void *src, size_t n, size_t size)
{
    *dst = NULL;
    if (!src) return true;
    if (!(*dst = lc_malloc(n * size + 1))) return false;
    memcpy(*dst, src, n * size);
    return true;
}

/* The estates' access points and distances of `base`, which the same graph gives again. */
static bool copy_estate_part(lc_walk *wk, const lc_walk *base, size_t nest, size_t ncat)
{
    size_t nacc = base->acc_off[nest], neacc = base->eacc_off[nest];
    return copy_array((void **)&wk->w, base->w, ncat * nest, sizeof *wk->w) &&
           copy_array((void **)&wk->acc_off, base->acc_off, nest + 1, sizeof *wk->acc_off) &&
           copy_array((void **)&wk->acc, base->acc, nacc, sizeof *wk->acc) &&
           copy_array((void **)&wk->eacc_off, base->eacc_off, nest + 1, sizeof *wk->eacc_off) &&
           copy_array((void **)&wk->eacc, base->eacc, neacc, sizeof *wk->eacc);
}

/* Facility snaps: a kept facility's is the baseline's (view_of[j] its index in ds, or
 * SIZE_MAX: removed); those of ds found in no baseline facility (added) are snapped. */
static void snap_update(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                        const lc_walk_settings *s, const lc_walk *base, const size_t *view_of,
                        size_t nbase, lc_walk *wk)
{
    bool *seen = lc_calloc(ds->nfac + 1, 1);
    for (size_t j = 0; seen && j < nbase; j++) {
        if (view_of[j] == SIZE_MAX) continue;
        wk->fac_snap[view_of[j]] = base->fac_snap[j];
        wk->fac_ok[view_of[j]] = base->fac_ok[j];
        seen[view_of[j]] = true;
        wk->fac_unreachable += ds->fac[view_of[j]].cat >= 0 && !base->fac_ok[j];
    }
    for (size_t j = 0; seen && j < ds->nfac; j++) {
        const lc_facility *f = &ds->fac[j];
        if (seen[j] || f->cat < 0) continue;
        wk->fac_ok[j] = lc_graph_snap(g, f->x, f->y, s->max_snap_m, &wk->fac_snap[j]);
        if (wk->fac_ok[j]) continue;
        wk->fac_unreachable++;
        lc_warn(ctx, "%s: facility farther than %.0f m from any walkable edge; unreachable on "
                "foot", lc_feature_where(lc_facility_source(ds, j), f->row, NULL), s->max_snap_m);
    }
    lc_free(seen);
}

lc_status lc_walk_update(lc_ctx *ctx, const lc_dataset *ds, const lc_graph *g,
                         const lc_walk_settings *s, const lc_walk *base, const size_t *view_of,
                         size_t nbase, const bool *cats, lc_walk **out)
{
    *out = NULL;
    lc_walk *wk = lc_calloc(1, sizeof *wk);
    if (!wk) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    wk->nest = ds->nest, wk->ncat = ds->ncat;
    wk->limit_m = base->limit_m, wk->max_snap_m = base->max_snap_m;
    wk->est_no_access = base->est_no_access;
    bool ok = alloc_search_part(wk, ds) && copy_estate_part(wk, base, ds->nest, ds->ncat);
    if (ok) snap_update(ctx, ds, g, s, base, view_of, nbase, wk);
    for (size_t k = 0; ok && k < ds->ncat; k++) {
        if (cats[k]) continue;
        wk->nfe[k] = base->nfe[k];
        ok = copy_array((void **)&wk->dist[k], base->dist[k], g->nnodes, sizeof(double)) &&
             copy_array((void **)&wk->fe[k], base->fe[k], base->nfe[k] + 1, sizeof(on_edge)) &&
             copy_array((void **)&wk->fe_bits[k], base->fe_bits[k], g->nedges / 8 + 1, 1);
    }
    lc_status st = ok ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t k = 0; !st && k < ds->ncat; k++)
        if (cats[k]) st = walk_category(ctx, ds, g, wk, (int)k);
    if (st) {
        lc_walk_destroy(wk);
        return st;
    }
    *out = wk;
    return LC_OK;
}

void lc_walk_destroy(lc_walk *wk)
{
    if (!wk) return;
    lc_free(wk->w);
    lc_free(wk->acc_off);
    lc_free(wk->acc);
    lc_free(wk->eacc_off);
    lc_free(wk->eacc);
    lc_free(wk->fac_snap);
    lc_free(wk->fac_ok);
    for (size_t k = 0; wk->dist && k < wk->ncat; k++) lc_free(wk->dist[k]);
    for (size_t k = 0; wk->fe && k < wk->ncat; k++) lc_free(wk->fe[k]);
    for (size_t k = 0; wk->fe_bits && k < wk->ncat; k++) lc_free(wk->fe_bits[k]);
    lc_free(wk->fe_bits);
    lc_free(wk->dist);
    lc_free(wk->fe);
    lc_free(wk->nfe);
    lc_free(wk);
}

void lc_walk_apply_gaps(lc_cover *cv, const lc_walk *wk)
{
    for (size_t k = 0; k < cv->ncat; k++)
        for (size_t t = 0; t < cv->ntiers; t++)
            for (size_t e = 0; e < cv->nest; e++)
                cv->g[LC_COV_IDX(cv, k, t, e)] = !(LC_WALK_W(wk, k, e) <= cv->radius_m[t]);
}
