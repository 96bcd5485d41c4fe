/*
 * update.c — a scenario evaluated from the baseline's results (lc_stages_update): only what
 * its edits can reach is computed again, everything else is the baseline's, copied.
 * Which estates an edit reaches follows from the definitions (cover.h, walk.h, access.h):
 *   - coverage d, c, g of category k: an estate's values depend on the facilities within
 *     the largest radius rmax of it (its query box), or, when none is that close, on the
 *     nearest one anywhere; so the estates whose box grown by rmax holds a changed facility
 *     of k, and those with no facility of k within rmax before, are computed again;
 *   - walking distances of k: one bounded search per category, cheap: k searched again;
 *   - walking shares: what a facility reaches within r lies within r of it in a straight
 *     line (the walked distance is at least that), and a share reads the stretches within
 *     walk_buffer of the estate: the estates within rmax + walk_buffer of a changed
 *     facility of k;
 *   - service areas and 2SFCA access: per category, the changed categories only.
 * Edits of the network (lines closed or added) or of the gates: the walking distances are
 * searched again on the scenario's graph (cheap), with the access points of the view's
 * gates; a node's distance within rmax changes only when a path of at most rmax passes an
 * edited line, so the walking shares of the estates within rmax + walk_buffer of an edited
 * line (its box) are computed again, every category's; the walking service areas and the
 * access of every category too (their catchments are walked). Gates change no share.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "stages.h"
#include "../core/msg.h"

/* What a scenario changed, category by category, found by comparing the facility lists:
 * the view keeps the baseline's facilities in order (borrowing their geometries) minus the
 * removed ones, then the added ones. */
typedef struct {
    size_t *view_of;   /* [base nfac] index in the view, SIZE_MAX: removed */
    bool *fac;         /* [ncat] facilities of the category added or removed */
    bool *any;         /* [ncat] that, or places changed */
    double *box;       /* the changed facilities' points (boxes of no size) and the edited
                          lines' boxes, {minx, miny, maxx, maxy} ... */
    int *cat;          /* ... and categories (-1: a line, every category) */
    size_t n;
} delta;

static void delta_clear(delta *d)
{
    lc_free(d->view_of), lc_free(d->fac), lc_free(d->any), lc_free(d->box), lc_free(d->cat);
}

static void changed_point(delta *d, const lc_facility *f)
{
    if (f->cat < 0) return;
    d->fac[f->cat] = d->any[f->cat] = true;
    double *b = d->box + 4 * d->n;
    b[0] = b[2] = f->x, b[1] = b[3] = f->y;
    d->cat[d->n++] = f->cat;
}

static lc_status find_delta(lc_ctx *ctx, const lc_dataset *base, const lc_dataset *ds,
                            const lc_edited_lines *lines, delta *d)
{
    size_t nmax = base->nfac + ds->nfac + lines->n + 1;
    d->view_of = lc_malloc((base->nfac + 1) * sizeof *d->view_of);
    d->fac = lc_calloc(ds->ncat + 1, 1), d->any = lc_calloc(ds->ncat + 1, 1);
    d->box = lc_malloc(4 * nmax * sizeof *d->box), d->cat = lc_malloc(nmax * sizeof *d->cat);
    if (!d->view_of || !d->fac || !d->any || !d->box || !d->cat)
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < lines->n; i++, d->n++) {
        memcpy(d->box + 4 * d->n, lines->box + 4 * i, 4 * sizeof *d->box);
        d->cat[d->n] = -1;
    }
    size_t v = 0;
    for (size_t j = 0; j < base->nfac; j++) {
        const lc_facility *f = &base->fac[j];
        if (v < ds->nfac && ds->fac[v].pt == f->pt) {
            const lc_facility *h = &ds->fac[v];
            bool same = h->places_given == f->places_given &&
                        (!h->places_given || h->places == f->places ||
                         (isnan(h->places) && isnan(f->places)));
            if (!same && f->cat >= 0) d->any[f->cat] = true;
            d->view_of[j] = v++;
        } else {
            d->view_of[j] = SIZE_MAX;
            changed_point(d, f);
        }
    }
    for (; v < ds->nfac; v++) changed_point(d, &ds->fac[v]);
    return LC_OK;
}

/* The estates whose box grown by `grow` meets a changed facility: of category `only`, and
 * then also those with no facility of it within rmax before (d > rmax or null: their
 * nearest one, anywhere, may change); a changed facility of any category or an edited
 * line's box when `only` < 0. */
static uint32_t *estates_reached(const lc_dataset *ds, const delta *d, double grow, int only,
                                 const lc_cover *base_cv, size_t *n)
{
    uint32_t *out = lc_malloc((ds->nest + 1) * sizeof *out);
    *n = 0;
    if (!out) return NULL;
    double rmax = base_cv->radius_m[base_cv->ntiers - 1];
    for (size_t e = 0; e < ds->nest; e++) {
        const lc_estate *es = &ds->est[e];
        bool hit = only >= 0 && !(LC_COV_D(base_cv, only, e) <= rmax);
        for (size_t i = 0; !hit && i < d->n; i++) {
            if (only >= 0 && d->cat[i] != only) continue;
            const double *b = d->box + 4 * i;
            hit = b[0] <= es->maxx + grow && b[2] >= es->minx - grow &&
                  b[1] <= es->maxy + grow && b[3] >= es->miny - grow;
        }
        if (hit) out[(*n)++] = (uint32_t)e;
    }
    return out;
}

/* Straight-line coverage of the changed categories; only d in network mode. */
static lc_status update_cover(lc_ctx *ctx, const lc_dataset *ds, const lc_eval *base,
                              const delta *d, bool d_only, lc_cover *cv)
{
    double rmax = cv->radius_m[cv->ntiers - 1];
    lc_status st = LC_OK;
    for (size_t k = 0; !st && k < ds->ncat; k++) {
        if (!d->fac[k]) continue;
        size_t n;
        uint32_t *est = estates_reached(ds, d, rmax, (int)k, base->cv, &n);
        st = est ? lc_cover_update(ctx, ds, cv, (int)k, est, n, d_only)
                 : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        lc_free(est);
    }
    return st;
}

/* Walking distances, gaps, shares and areas: of the changed categories on the baseline's
 * graph; on a new graph (`cats` all set) every category's distances, areas, and the shares
 * near the edits. */
static lc_status update_walk(lc_ctx *ctx, const lc_settings *s, const lc_dataset *base_ds,
                             const lc_dataset *ds, const lc_graph *g, bool new_graph,
                             const lc_eval *base, const delta *d, const bool *cats, lc_eval *ev)
{
    const lc_walk_settings *ws = &s->walk;
    lc_cover *cv = ev->cv;
    double rmax = cv->radius_m[cv->ntiers - 1];
    lc_status st = new_graph ? lc_walk_compute(ctx, ds, g, ws, rmax, &ev->wk)
                             : lc_walk_update(ctx, ds, g, ws, base->wk, d->view_of, base_ds->nfac,
                                              cats, &ev->wk);
    if (st) return st;
    lc_walk_apply_gaps(cv, ev->wk);
    size_t n;
    uint32_t *est = estates_reached(ds, d, rmax + ws->walk_buffer_m, -1, base->cv, &n);
    st = est ? lc_walk_shares_of(ctx, ds, g, ev->wk, ws->walk_buffer_m, cv, cats, est, n)
             : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_free(est);
    if (!st && s->out.service_areas != LC_SA_NONE)
        st = lc_walk_service_areas_of(ctx, g, ev->wk, ws->walk_buffer_m, cv, cats, base->cv);
    return st;
}

bool lc_stages_can_update(const lc_settings *s, const lc_eval *base, const lc_edited_lines *lines)
{
    /* per-facility areas are indexed by facility: evaluated whole; lines added where the
     * graph is noded at crossings split the edges they cross, far along those edges too,
     * which the shares' bound does not follow: evaluated whole */
    return base->cv && !s->walk.per_facility && !(lines->added && s->walk.node_intersections);
}

lc_status lc_stages_update(lc_ctx *ctx, const lc_settings *s, const lc_dataset *base_ds,
                           const lc_eval *base, const lc_dataset *ds, const lc_graph *g,
                           const lc_edited_lines *lines, lc_eval *ev)
{
    memset(ev, 0, sizeof *ev);
    delta d = {0};
    double t0 = lc_now_s();
    bool new_graph = lines->n || lines->gates, *all = lc_malloc(ds->ncat + 1);
    lc_status st = all ? find_delta(ctx, base_ds, ds, lines, &d)
                       : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t k = 0; all && k < ds->ncat; k++) all[k] = true;
    if (!st) st = lc_cover_copy(ctx, base->cv, &ev->cv);
    if (!st) st = update_cover(ctx, ds, base, &d, g != NULL, ev->cv);
    double t1 = lc_now_s();
    if (!st && s->out.service_areas != LC_SA_NONE)
        st = lc_cover_service_areas_of(ctx, ds, ev->cv, d.fac, base->cv);
    double t2 = lc_now_s();
    if (!st && g)
        st = update_walk(ctx, s, base_ds, ds, g, new_graph, base, &d, new_graph ? all : d.fac,
                         ev);
    double t3 = lc_now_s();
    if (!st) /* on a new graph every catchment is walked again */
        st = lc_access_update(ctx, &s->access, ds, ev->cv, ev->wk, g, &base->ac,
                              new_graph ? all : d.any, d.view_of, &ev->ac);
    lc_info(ctx, "scenario recomputed from the baseline: coverage %.3f s, service areas %.3f s, "
            "walking %.3f s, access %.3f s", t1 - t0, t2 - t1, t3 - t2, lc_now_s() - t3);
    delta_clear(&d);
    lc_free(all);
    if (st) lc_eval_clear(ctx, ev);
    return st;
}
