/*
 * siting.c — the siting step of a run: the estates not yet covered for the category at the
 * tier (the coverage fields' gap, walking in network mode), their weights, the candidates
 * (given, or the uncovered estates' points on surface), the reach sets and the choice.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/bundle_inputs.h"
#include "../cover/access.h"
#include "site.h"
#include "../core/msg.h"

static lc_status weights(lc_ctx *ctx, const lc_site_settings *s, const lc_dataset *ds,
                         lc_siting *out, double **w)
{
    const char *f = s->weight_field ? s->weight_field : lc_demand_role(s->category);
    snprintf(out->weight_field, sizeof out->weight_field, "%s", f);
    if (!s->weight_field) { /* the role field (households, elderly, ... may be renamed) */
        for (int r = 0; r < LC_ROLE_COUNT; r++)
            if (!strcmp(lc_role_names[r], f)) f = ds->field[r];
    }
    size_t unknown;
    return lc_estates_numbers(ctx, ds, f, N_("weight"), w, &unknown);
}

/* Points on surface of the uncovered estates, named by the estate ids. */
static lc_status default_candidates(lc_ctx *ctx, const lc_dataset *ds, const bool *uncovered,
                                    size_t n, lc_candidates *c)
{
    if (lc_candidates_alloc(c, n)) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; e < ds->nest; e++) {
        if (!uncovered[e]) continue;
        GEOSGeometry *p = lc_geom_point_on_surface(ctx, ds->est[e].geom);
        double *xy = &c->xy[2 * c->n];
        if (!p || !GEOSGeomGetX_r(ctx->geos, p, &xy[0]) || !GEOSGeomGetY_r(ctx->geos, p, &xy[1])) {
            if (p) GEOSGeom_destroy_r(ctx->geos, p);
            return lc_fail(ctx, LC_ERR_GEOS, "%s: no point on surface", lc_estate_where(ds, e));
        }
        GEOSGeom_destroy_r(ctx->geos, p);
        if (!(c->id[c->n++] = lc_strdup(ds->est[e].id)))
            return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    c->read = c->n;
    return LC_OK;
}

/* Which estates the category already serves at the tier; the tier's index in *ti. */
static lc_status uncovered_mask(lc_ctx *ctx, const lc_site_settings *s, const lc_dataset *ds,
                                const lc_cover *cv, bool *unc, size_t *ti)
{
    *ti = cv->ntiers;
    for (size_t t = 0; t < cv->ntiers; t++)
        if (cv->tier_minutes[t] == s->tier) *ti = t;
    if (*ti == cv->ntiers)
        return lc_fail(ctx, LC_ERR_ARG, "--tier %d: that tier is not evaluated (set r15 for 15)",
                       s->tier);
    long k = -1;
    for (size_t i = 0; i < ds->ncat; i++)
        if (!strcmp(ds->cat[i], s->category)) k = (long)i;
    if (k < 0)
        lc_warn(ctx, "site: category '%s' is not among the evaluated ones; every estate counts "
                "as not covered", s->category);
    for (size_t e = 0; e < ds->nest; e++)
        unc[e] = k < 0 || cv->g[LC_COV_IDX(cv, k, *ti, e)] != 0;
    return LC_OK;
}

static lc_site_params site_params(const lc_site_settings *s, double total, double before)
{
    lc_site_params sp = {LC_SITE_COUNT, s->count, 0, 0, s->time_limit, 0};
    if (s->budget > 0) sp.mode = LC_SITE_BUDGET, sp.budget = s->budget;
    if (s->target > 0) sp.mode = LC_SITE_TARGET, sp.target_w = fmax(0, s->target * total - before);
    return sp;
}

static void log_result(lc_ctx *ctx, const lc_siting *st)
{
    double after = st->before_w + st->res.covered, tw = st->total_w > 0 ? st->total_w : 1;
    lc_note(ctx, "site %s at %d minutes (%s, weight '%s'%s): %zu estates not covered, %zu "
            "candidates; covered weight %.0f of %.0f (%.1f %%) before, %.0f (%.1f %%) after %zu "
            "sites", st->category, st->tier, st->walking ? _("walking") : _("straight line"),
            st->weight_field, !st->capacities ? "" : st->split ? _(", demand split within each "
            "site's capacity") : _(", whole estates within each site's capacity"),
            st->uncovered, st->cand.n, st->before_w, st->total_w,
            100 * st->before_w / tw, after, 100 * after / tw, st->res.n);
    char quality[160];
    lc_site_quality_tr(&st->res, quality, sizeof quality);
    lc_note(ctx, "site: %s", quality);
    if (st->unreachable)
        lc_warn(ctx, "site: %zu candidates are farther than max_snap from the network and cover "
                "nothing", st->unreachable);
    double cum = st->before_w;
    for (size_t r = 0; r < st->res.n; r++) {
        cum += st->res.gain[r];
        lc_note(ctx, "  site %zu: candidate %s, marginal %.0f, cumulative %.0f", r + 1,
                st->cand.id[st->res.chosen[r]], st->res.gain[r], cum);
    }
}

lc_status lc_siting_run(lc_ctx *ctx, const lc_site_settings *s, const lc_dataset *ds,
                        const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                        lc_siting *out)
{
    memset(out, 0, sizeof *out);
    out->category = s->category, out->tier = s->tier, out->walking = wk && g;
    out->capacities = s->capacity_field != NULL;
    out->split = out->capacities && s->split_demand;
    double *w = NULL;
    size_t ti;
    bool *unc = lc_calloc(ds->nest + 1, sizeof *unc);
    lc_status st = unc ? uncovered_mask(ctx, s, ds, cv, unc, &ti) : LC_ERR_NOMEM;
    if (!st) st = weights(ctx, s, ds, out, &w);
    for (size_t e = 0; !st && e < ds->nest; e++) {
        out->total_w += w[e];
        if (unc[e]) out->uncovered++;
        else out->before_w += w[e];
    }
    if (!st) out->radius_m = cv->radius_m[ti];
    if (!st) st = s->candidates.src ? lc_candidates_load(ctx, s, out->walking, ds->work_wkt,
                                                        &out->cand)
                                : default_candidates(ctx, ds, unc, out->uncovered, &out->cand);
    if (!st && lc_candidates_sort(&out->cand)) st = LC_ERR_NOMEM;
    if (!st && out->walking && wk)
        st = lc_reach_walk(ctx, ds, g, wk, out->cand.xy, out->cand.n, unc, out->radius_m,
                           wk->max_snap_m, false, &out->reach);
    else if (!st)
        st = lc_reach_line(ctx, ds, out->cand.xy, out->cand.n, unc, out->radius_m, false,
                           &out->reach);
    out->unreachable = out->reach.unreachable;
    if (!st) {
        lc_site_params sp = site_params(s, out->total_w, out->before_w);
        lc_site_problem p = {out->cand.n, ds->nest, out->reach.off, out->reach.est, w,
                             s->budget > 0 ? out->cand.cost : NULL,
                             out->capacities ? out->cand.cap : NULL,
                             out->capacities && s->split_demand};
        st = lc_site_solve(ctx, &p, &sp, &out->res);
        if (!st && !out->res.target_met)
            lc_warn(ctx, "site: the target share %.3f cannot be reached with these candidates; "
                    "the best found is listed", s->target);
    }
    if (!st) log_result(ctx, out);
    lc_free(unc);
    lc_free(w);
    if (st) lc_siting_clear(out);
    return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
}

void lc_siting_clear(lc_siting *st)
{
    lc_candidates_clear(&st->cand);
    lc_site_result_clear(&st->res);
    lc_reach_sets_clear(&st->reach);
    memset(st, 0, sizeof *st);
}
