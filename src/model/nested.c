/*
 * nested.c — estates inside estates (nested.h says what "inside" means): find the pairs,
 * report them, keep both, the outer or the inner ones, and record what the outputs and
 * the bundles need.
 *
 * Finding: one GEOS STRtree of the estates; each estate B queries it with its box, and a
 * larger candidate A is tested only when the overlap of the two boxes could hold 95 % of B
 * (touching neighbours fail that at once). A's prepared geometry settles most pairs
 * (contains: inside; does not intersect: not); the others are measured by the area of
 * B ∩ A. So the work is estates × overlapping estates, never estates².
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "nested.h"
#include "../core/msg.h"

#define NONE UINT32_MAX

/* The share of B's area inside A (0 when A is not larger, or they cannot share 95 %). */
static lc_status share_inside(lc_ctx *ctx, const lc_estate *A, const lc_estate *B,
                              double *share)
{
    GEOSContextHandle_t h = ctx->geos;
    *share = 0;
    if (!(B->area_m2 > 0) || !(B->area_m2 < A->area_m2)) return LC_OK;
    double ox = fmin(A->maxx, B->maxx) - fmax(A->minx, B->minx);
    double oy = fmin(A->maxy, B->maxy) - fmax(A->miny, B->miny);
    if (!(ox > 0 && oy > 0) || ox * oy < LC_NESTED_SHARE * B->area_m2) return LC_OK;
    char c = GEOSPreparedContains_r(h, A->prep, B->geom);
    if (c == 1) return (*share = 1), LC_OK;
    char i = c == 0 ? GEOSPreparedIntersects_r(h, A->prep, B->geom) : 2;
    if (i == 0) return LC_OK;
    GEOSGeometry *x = i == 1 ? GEOSIntersection_r(h, A->geom, B->geom) : NULL;
    if (!x && i == 1) x = GEOSIntersectionPrec_r(h, A->geom, B->geom, 1e-3); /* snapped to 1 mm */
    if (!x) return LC_ERR_GEOS;
    double a = 0;
    GEOSArea_r(h, x, &a);
    GEOSGeom_destroy_r(h, x);
    *share = a / B->area_m2;
    return LC_OK;
}

static lc_status add_pair(lc_nest_pair **pairs, size_t *n, size_t *cap, lc_nest_pair p)
{
    if (lc_grow((void **)pairs, cap, *n + 1, sizeof p)) return LC_ERR_NOMEM;
    (*pairs)[(*n)++] = p;
    return LC_OK;
}

lc_status lc_nested_find(lc_ctx *ctx, const lc_estate *est, size_t n, lc_nest_pair **out,
                         size_t *npairs)
{
    GEOSContextHandle_t h = ctx->geos;
    *out = NULL, *npairs = 0;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!tree) return lc_fail(ctx, LC_ERR_NOMEM, "cannot build the index of the estates");
    for (size_t e = 0; e < n; e++)
        if (est[e].area_m2 > 0) GEOSSTRtree_insert_r(h, tree, est[e].geom, (void *)(e + 1));
    lc_index_hits hits = {0};
    size_t cap = 0;
    lc_status st = LC_OK;
    for (uint32_t b = 0; !st && b < n; b++) {
        if (!(est[b].area_m2 > 0)) continue;
        hits.n = 0;
        GEOSSTRtree_query_r(h, tree, est[b].geom, lc_index_collect, &hits);
        if (hits.nomem) st = LC_ERR_NOMEM;
        if (!st && hits.n) qsort(hits.items, hits.n, sizeof *hits.items, lc_cmp_u32);
        for (size_t k = 0; !st && k < hits.n; k++) {
            uint32_t a = hits.items[k];
            double share;
            if (a == b) continue;
            if ((st = share_inside(ctx, &est[a], &est[b], &share)) == LC_ERR_GEOS)
                st = lc_fail(ctx, st, "estates '%s' and '%s': their intersection cannot be "
                             "computed (%s)", est[b].id, est[a].id, ctx->geos_msg);
            else if (!st && share >= LC_NESTED_SHARE)
                st = add_pair(out, npairs, &cap, (lc_nest_pair){b, a, share});
        }
    }
    GEOSSTRtree_destroy_r(h, tree);
    lc_free(hits.items);
    if (st == LC_ERR_NOMEM) st = lc_fail(ctx, st, "out of memory");
    if (st) lc_free(*out), *out = NULL, *npairs = 0;
    return st;
}

bool lc_nested_pair_of(const lc_nesting *n, uint32_t a, uint32_t b)
{
    if (!n || !n->poff) return false;
    for (size_t k = n->poff[a]; k < n->poff[a + 1]; k++)
        if (n->pest[k] == b) return true;
    return false;
}

void lc_nesting_destroy(lc_nesting *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->nends; i++) lc_free(n->ends[i].id), lc_free(n->ends[i].name);
    lc_free(n->ends);
    lc_free(n->pairs);
    lc_free(n->inside);
    lc_free(n->holds);
    lc_free(n->poff);
    lc_free(n->pest);
    lc_free(n);
}

/* ---- a run's nesting ------------------------------------------------------------------ */

/* "estate 'ID' (NAME)" for the log, in one of two thread-local buffers. */
static const char *who(const lc_nest_end *e, int slot)
{
    static _Thread_local char buf[2][512];
    if (e->name)
        snprintf(buf[slot], sizeof buf[slot], _("estate '%s' (%s)"), e->id, e->name);
    else
        snprintf(buf[slot], sizeof buf[slot], _("estate '%s'"), e->id);
    return buf[slot];
}

/* The ends: every estate in a pair, in input order, with its id, name and feature id; the
 * pairs renumbered to them. end_of[e] is estate e's end or NONE. */
static lc_status make_ends(const lc_input_settings *s, const lc_dataset *ds, lc_nesting *n,
                           uint32_t *end_of)
{
    const lc_table *t = ds->est_src ? ds->est_src->table : NULL;
    long nc = t ? lc_table_field_index(t, s->field[LC_ROLE_NAME]) : -1;
    for (size_t e = 0; e < ds->nest; e++) end_of[e] = NONE;
    for (size_t p = 0; p < n->npairs; p++) end_of[n->pairs[p].inner] = end_of[n->pairs[p].outer] = 0;
    for (size_t e = 0; e < ds->nest; e++)
        if (end_of[e] != NONE) end_of[e] = (uint32_t)n->nends++;
    if (!(n->ends = lc_calloc(n->nends + 1, sizeof *n->ends))) return LC_ERR_NOMEM;
    for (uint32_t e = 0; e < ds->nest; e++) {
        if (end_of[e] == NONE) continue;
        lc_nest_end *x = &n->ends[end_of[e]];
        const lc_estate *E = &ds->est[e];
        char name[256] = "";
        if (nc >= 0 && t->fields[nc].col[E->row].kind != LC_VAL_NULL)
            lc_value_text(&t->fields[nc].col[E->row], name, sizeof name);
        x->est = e;
        x->fid = t ? t->fid[E->row] : (int64_t)e;
        if (!(x->id = lc_strdup(E->id)) || (name[0] && !(x->name = lc_strdup(name))))
            return LC_ERR_NOMEM;
    }
    for (size_t p = 0; p < n->npairs; p++)
        n->pairs[p].inner = end_of[n->pairs[p].inner], n->pairs[p].outer = end_of[n->pairs[p].outer];
    return LC_OK;
}

/* Per estate as loaded: the end of the smallest estate it lies inside (the first of equal
 * areas) and how many lie inside it. */
static void relations(const lc_nesting *n, const lc_dataset *ds, uint32_t *inside,
                      uint32_t *holds)
{
    for (size_t e = 0; e < ds->nest; e++) inside[e] = NONE, holds[e] = 0;
    for (size_t p = 0; p < n->npairs; p++) {
        const lc_nest_pair *q = &n->pairs[p];
        uint32_t i = n->ends[q->inner].est, o = n->ends[q->outer].est, *cur = &inside[i];
        holds[o]++;
        if (*cur == NONE || ds->est[o].area_m2 < ds->est[n->ends[*cur].est].area_m2)
            *cur = q->outer;
    }
}

/* Which estates the mode leaves out: outer every one inside another, inner every one
 * holding another. */
static void leave_out(lc_nesting *n, bool *left)
{
    for (size_t p = 0; p < n->npairs && n->mode != LC_NESTED_BOTH; p++) {
        uint32_t e = n->ends[n->mode == LC_NESTED_OUTER ? n->pairs[p].inner : n->pairs[p].outer].est;
        if (!left[e]) left[e] = true, n->nleft++;
    }
}

/* One line per pair (the first LC_SKIPS_LISTED), a count of the rest, and what was left
 * out. With both kept each pair is a warning (the people of the inner estate count twice in
 * the totals); with outer or inner, which the user chose, a note. */
static void report(lc_ctx *ctx, const lc_dataset *ds, const lc_nesting *n,
                   const lc_load_result *ld)
{
    const char *desc = ds->est_src ? ds->est_src->desc : "estates";
    for (size_t p = 0; p < n->npairs && p < LC_SKIPS_LISTED; p++) {
        const lc_nest_pair *q = &n->pairs[p];
        const char *in = who(&n->ends[q->inner], 0), *out = who(&n->ends[q->outer], 1);
        double pc = 100 * q->share;
        if (n->mode == LC_NESTED_BOTH)
            lc_warn(ctx, "%s: %s lies inside %s (%.1f %% of its area); both are kept (--nested "
                    "outer keeps the outer one, --nested inner the inner one)", desc, in, out, pc);
        else if (n->mode == LC_NESTED_OUTER)
            lc_note(ctx, "%s: %s lies inside %s (%.1f %% of its area); the inner one is left "
                    "out (--nested outer)", desc, in, out, pc);
        else
            lc_note(ctx, "%s: %s lies inside %s (%.1f %% of its area); the outer one is left "
                    "out (--nested inner)", desc, in, out, pc);
    }
    if (lc_listed_not_all(n->npairs))
        lc_log(ctx, n->mode == LC_NESTED_BOTH ? LC_LOG_WARN : LC_LOG_NOTE,
               "%s: ... %zu pairs of nested estates in all (the first %d are listed above; "
               "run.json lists every one)", desc, n->npairs, LC_SKIPS_LISTED);
    if (n->nleft)
        lc_note(ctx, "%s: %zu estates left out as nested (--nested %s; run.json names them): "
                "%zu read = %zu written + %zu skipped + %zu left out", desc, n->nleft,
                lc_nested_mode_name(n->mode), ld->estates_read, ds->nest,
                ld->estates_skipped, n->nleft);
}

/* Free the estates left out and close up ds->est (order kept); new_of[e]: the kept
 * estate's new index, NONE for those left out. */
static void drop_left_out(lc_dataset *ds, const bool *left, uint32_t *new_of)
{
    GEOSContextHandle_t h = ds->ctx->geos;
    size_t k = 0;
    for (size_t e = 0; e < ds->nest; e++) {
        lc_estate *E = &ds->est[e];
        new_of[e] = left[e] ? NONE : (uint32_t)k;
        if (!left[e]) {
            ds->est[k++] = *E;
            continue;
        }
        GEOSPreparedGeom_destroy_r(h, E->prep);
        GEOSGeom_destroy_r(h, E->geom);
        lc_rings_clear(&E->rings);
        lc_free(E->id);
        lc_free(E->district);
    }
    ds->nest = k;
}

/* inside, holds and the partner lists per kept estate, from those per estate as loaded
 * (m0 of them; new_of: their kept index). The ends' est are kept indices by now. */
static lc_status per_estate(lc_nesting *n, size_t m, const uint32_t *inside0,
                            const uint32_t *holds0, const uint32_t *new_of, size_t m0)
{
    n->inside = lc_malloc((m + 1) * sizeof *n->inside);
    n->holds = lc_calloc(m + 1, sizeof *n->holds);
    n->poff = lc_calloc(m + 2, sizeof *n->poff);
    n->pest = lc_malloc((2 * n->npairs + 1) * sizeof *n->pest);
    if (!n->inside || !n->holds || !n->poff || !n->pest) return LC_ERR_NOMEM;
    for (size_t e = 0; e < m0; e++)
        if (new_of[e] != NONE) n->inside[new_of[e]] = inside0[e], n->holds[new_of[e]] = holds0[e];
    for (size_t p = 0; p < n->npairs; p++) {
        uint32_t i = n->ends[n->pairs[p].inner].est, o = n->ends[n->pairs[p].outer].est;
        if (i != NONE && o != NONE) n->poff[i + 2]++, n->poff[o + 2]++;
    }
    for (size_t e = 0; e < m; e++) n->poff[e + 2] += n->poff[e + 1];
    for (size_t p = 0; p < n->npairs; p++) {
        uint32_t i = n->ends[n->pairs[p].inner].est, o = n->ends[n->pairs[p].outer].est;
        if (i != NONE && o != NONE) n->pest[n->poff[i + 1]++] = o, n->pest[n->poff[o + 1]++] = i;
    }
    return LC_OK;
}

lc_status lc_nested_apply(lc_ctx *ctx, const lc_input_settings *s, lc_dataset *ds,
                          lc_load_result *out)
{
    lc_nesting *n = lc_calloc(1, sizeof *n);
    if (!n) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    ds->nesting = n;
    n->mode = s->nested;
    out->nested = lc_nested_mode_name(n->mode);
    double t0 = lc_now_s();
    lc_status st = lc_nested_find(ctx, ds->est, ds->nest, &n->pairs, &n->npairs);
    if (!st)
        lc_info(ctx, "nested estates: %zu pairs among %zu estates in %.2f s", n->npairs, ds->nest,
                lc_now_s() - t0);
    if (st || !n->npairs) return st;
    size_t m0 = ds->nest;
    uint32_t *new_of = lc_malloc((m0 + 1) * sizeof *new_of);
    uint32_t *inside0 = lc_malloc((m0 + 1) * sizeof *inside0);
    uint32_t *holds0 = lc_malloc((m0 + 1) * sizeof *holds0);
    bool *left = lc_calloc(m0 + 1, sizeof *left);
    st = new_of && inside0 && holds0 && left ? make_ends(s, ds, n, new_of) : LC_ERR_NOMEM;
    if (!st) {
        relations(n, ds, inside0, holds0);
        leave_out(n, left);
        drop_left_out(ds, left, new_of);
        for (size_t i = 0; i < n->nends; i++) n->ends[i].est = new_of[n->ends[i].est];
        st = per_estate(n, ds->nest, inside0, holds0, new_of, m0);
    }
    lc_free(new_of), lc_free(inside0), lc_free(holds0), lc_free(left);
    if (st) return lc_fail(ctx, st, "out of memory");
    out->nested_pairs = n->npairs;
    out->estates_left_out = n->nleft;
    out->estates_used = ds->nest;
    if (ds->id_missing) out->id_fallbacks = ds->nest;
    report(ctx, ds, n, out);
    return LC_OK;
}
