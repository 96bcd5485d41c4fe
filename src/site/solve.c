/*
 * solve.c — choosing sites: weighted maximum coverage (see site.h).
 *
 * Greedy is lazy (CELF): a candidate's gain only falls as others are chosen, so a popped
 * candidate whose recomputed gain still tops the heap is the true best. Greedy alone
 * guarantees 1 - 1/e of the optimum for a count; the swap pass only ever raises the covered
 * weight. With a budget, greedy ranks by gain per cost and the result is compared with the
 * best single affordable site (together: at least (1 - 1/e)/2 of the optimum).
 * Capacities make coverage an assignment (each site takes the nearest uncovered estates
 * that still fit, whole, in rank order); the same greedy and swaps run on that objective,
 * and the exact solver (exact.c) may answer with a better assignment of its own.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/heap.h"
#include "../core/msg.h"
#include "site.h"

#define NONE UINT32_MAX
#define SWAP_PASSES 20

typedef struct {
    const lc_site_problem *p;
    uint32_t *by;       /* per estate: rank of the site covering it, NONE */
    double *left;       /* split demand: per estate the weight not yet served; else NULL */
    uint32_t *cnt;      /* per estate: chosen sites that reach it (uncapacitated swaps) */
    bool *chosen;       /* per candidate */
    uint32_t *set;      /* chosen candidates in order */
    size_t n;
    double covered, spent;
} sel;

static double cap_of(const lc_site_problem *p, uint32_t j)
{
    return p->cap && !isnan(p->cap[j]) ? p->cap[j] : INFINITY;
}

/* Weight candidate j would newly cover now (nearest first, within its capacity); with
 * `take`, assign those estates to rank `rank` (and record each pair's amount in amt, per
 * pair of the problem's CSR, when given). Split demand (p->split): an estate's weight not
 * yet served (left[e]) may be taken in part, so the last estate fills the capacity. */
static double fill(const lc_site_problem *p, uint32_t *by, double *left, uint32_t j, bool take,
                   uint32_t rank, double *amt)
{
    double cap = cap_of(p, j), got = 0;
    for (size_t i = p->off[j]; i < p->off[j + 1]; i++) {
        uint32_t e = p->est[i];
        double t;
        if (p->split) {
            t = fmin(left[e], cap - got);
            if (!(t > 0)) continue;
            if (take) left[e] -= t;
        } else {
            if (by[e] != NONE || got + p->w[e] > cap) continue;
            t = p->w[e];
        }
        got += t;
        if (take && by[e] == NONE) by[e] = rank;
        if (take && amt) amt[i] = t;
    }
    return got;
}

/* The rank-order fill of `chosen` into by (and left, amt when given); its weight. */
static double fill_all(const lc_site_problem *p, const uint32_t *chosen, size_t n, uint32_t *by,
                       double *left, double *amt)
{
    for (size_t e = 0; e < p->nest; e++) by[e] = NONE;
    for (size_t e = 0; left && e < p->nest; e++) left[e] = p->w[e];
    for (size_t r = 0; amt && r < n; r++)
        for (size_t k = p->off[chosen[r]]; k < p->off[chosen[r] + 1]; k++) amt[k] = 0;
    double tot = 0;
    for (size_t r = 0; r < n; r++) tot += fill(p, by, left, chosen[r], true, (uint32_t)r, amt);
    return tot;
}

double lc_site_objective(const lc_site_problem *p, const uint32_t *chosen, size_t n,
                         uint32_t *assign)
{
    uint32_t *by = assign ? assign : lc_malloc((p->nest + 1) * sizeof *by);
    double *left = p->split ? lc_malloc((p->nest + 1) * sizeof *left) : NULL;
    double tot = by && (left || !p->split) ? fill_all(p, chosen, n, by, left, NULL) : NAN;
    if (!assign) lc_free(by);
    lc_free(left);
    return tot;
}

/* Does covered weight `got` reach the target? Within the solver's tolerance: its sums of
 * split amounts can fall short of the target by a rounding. */
static bool reaches(double got, const lc_site_params *sp)
{
    return got >= sp->target_w * (1 - 1e-9) - 1e-6;
}

static bool affordable(const sel *s, const lc_site_params *sp, uint32_t j)
{
    if (sp->mode != LC_SITE_BUDGET) return true;
    double c = s->p->cost[j];
    return !isnan(c) && s->spent + c <= sp->budget * (1 + 1e-12);
}

static double score(const lc_site_problem *p, const lc_site_params *sp, uint32_t j, double gain)
{
    if (sp->mode != LC_SITE_BUDGET) return gain;
    return gain / fmax(p->cost[j], 1e-12);
}

static bool done(const sel *s, const lc_site_params *sp)
{
    if (sp->mode == LC_SITE_COUNT) return s->n >= sp->count;
    if (sp->mode == LC_SITE_TARGET) return reaches(s->covered, sp);
    return false;
}

static void choose(sel *s, uint32_t j)
{
    s->covered += fill(s->p, s->by, s->left, j, true, (uint32_t)s->n, NULL);
    s->chosen[j] = true;
    s->set[s->n++] = j;
    if (s->p->cost && !isnan(s->p->cost[j])) s->spent += s->p->cost[j];
}

/* Lazy greedy until the mode's limit or no candidate adds weight. */
static lc_status greedy(sel *s, const lc_site_params *sp)
{
    const lc_site_problem *p = s->p;
    lc_heap h = {0};
    lc_status st = LC_OK;
    for (uint32_t j = 0; !st && j < p->ncand; j++) {
        double g = fill(p, s->by, s->left, j, false, 0, NULL);
        if (g > 0) st = lc_heap_push(&h, -score(p, sp, j, g), j);
    }
    while (!st && h.n && !done(s, sp)) {
        lc_heap_item it = lc_heap_pop(&h);
        uint32_t j = it.id;
        if (s->chosen[j] || !affordable(s, sp, j)) continue;
        double g = fill(p, s->by, s->left, j, false, 0, NULL), key = -score(p, sp, j, g);
        if (g <= 0) continue;
        if (h.n && key > h.a[0].key) { /* fell below the next one: re-queue */
            st = lc_heap_push(&h, key, j);
            continue;
        }
        choose(s, j);
    }
    lc_heap_clear(&h);
    return st;
}

/* Re-rank the chosen set greedily (biggest marginal gain first) and assign. */
static void rerank(sel *s, double *gain)
{
    const lc_site_problem *p = s->p;
    for (size_t e = 0; e < p->nest; e++) s->by[e] = NONE;
    s->covered = 0;
    for (size_t r = 0; r < s->n; r++) {
        size_t best = r;
        double bg = -1;
        for (size_t k = r; k < s->n; k++) {
            double g = fill(p, s->by, NULL, s->set[k], false, 0, NULL);
            if (g > bg || (g == bg && s->set[k] < s->set[best])) bg = g, best = k;
        }
        uint32_t t = s->set[r]; s->set[r] = s->set[best]; s->set[best] = t;
        gain[r] = fill(p, s->by, NULL, s->set[r], true, (uint32_t)r, NULL);
        s->covered += gain[r];
    }
}

/* Uncapacitated swap: the best replacement for chosen site at position `pos`, by counts of
 * covering sites; returns the weight change and the candidate in *best. */
static double best_swap(sel *s, const lc_site_params *sp, size_t pos, uint32_t *mark,
                        uint32_t *best)
{
    const lc_site_problem *p = s->p;
    uint32_t i = s->set[pos];
    double loss = 0, bd = 0;
    for (size_t k = p->off[i]; k < p->off[i + 1]; k++) {
        uint32_t e = p->est[k];
        mark[e] = i + 1;
        if (s->cnt[e] == 1) loss += p->w[e];
    }
    double room = sp->mode == LC_SITE_BUDGET ? sp->budget - s->spent + p->cost[i] : INFINITY;
    *best = NONE;
    for (uint32_t j = 0; j < p->ncand; j++) {
        if (s->chosen[j] || (sp->mode == LC_SITE_BUDGET && !(p->cost[j] <= room * (1 + 1e-12))))
            continue;
        double g = 0;
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++) {
            uint32_t e = p->est[k];
            if (s->cnt[e] == 0 || (s->cnt[e] == 1 && mark[e] == i + 1)) g += p->w[e];
        }
        double d = g - loss;
        if (d > bd + 1e-9 * (s->covered + 1)) bd = d, *best = j;
    }
    for (size_t k = p->off[i]; k < p->off[i + 1]; k++) mark[p->est[k]] = 0;
    return bd;
}

static void count_cover(sel *s, uint32_t j, int sign)
{
    for (size_t k = s->p->off[j]; k < s->p->off[j + 1]; k++) s->cnt[s->p->est[k]] += (uint32_t)sign;
}

static void swap_in(sel *s, size_t pos, uint32_t j)
{
    const lc_site_problem *p = s->p;
    uint32_t i = s->set[pos];
    s->chosen[i] = false, s->chosen[j] = true;
    s->set[pos] = j;
    if (p->cost) s->spent += p->cost[j] - p->cost[i];
}

/* Capacitated swap: the best replacement by re-evaluating the whole assignment. */
static double best_swap_cap(sel *s, const lc_site_params *sp, size_t pos, uint32_t *by,
                            uint32_t *best)
{
    const lc_site_problem *p = s->p;
    uint32_t i = s->set[pos];
    double base = lc_site_objective(p, s->set, s->n, by), bd = 0;
    double room = sp->mode == LC_SITE_BUDGET ? sp->budget - s->spent + p->cost[i] : INFINITY;
    *best = NONE;
    for (uint32_t j = 0; j < p->ncand; j++) {
        if (s->chosen[j] || (sp->mode == LC_SITE_BUDGET && !(p->cost[j] <= room * (1 + 1e-12))))
            continue;
        s->set[pos] = j;
        double d = lc_site_objective(p, s->set, s->n, by) - base;
        if (d > bd + 1e-9 * (base + 1)) bd = d, *best = j;
    }
    s->set[pos] = i;
    return bd;
}

static void local_search(sel *s, const lc_site_params *sp, uint32_t *scratch)
{
    const lc_site_problem *p = s->p;
    bool cap = p->cap != NULL;
    if (!cap)
        for (size_t r = 0; r < s->n; r++) count_cover(s, s->set[r], +1);
    for (int pass = 0; pass < SWAP_PASSES; pass++) {
        bool moved = false;
        for (size_t pos = 0; pos < s->n; pos++) {
            uint32_t j;
            double d = cap ? best_swap_cap(s, sp, pos, scratch, &j) : best_swap(s, sp, pos, scratch, &j);
            if (j == NONE || d <= 0) continue;
            if (!cap) count_cover(s, s->set[pos], -1), count_cover(s, j, +1);
            swap_in(s, pos, j);
            s->covered += d;
            moved = true;
        }
        if (!moved) break;
    }
}

/* Target mode: drop sites (last ranked first) the target does not need. */
static void prune(sel *s, const lc_site_params *sp, uint32_t *by)
{
    for (size_t r = s->n; r-- > 0;) {
        uint32_t j = s->set[r];
        memmove(&s->set[r], &s->set[r + 1], (s->n - r - 1) * sizeof *s->set);
        s->n--;
        if (reaches(lc_site_objective(s->p, s->set, s->n, by), sp)) {
            s->chosen[j] = false;
            continue;
        }
        memmove(&s->set[r + 1], &s->set[r], (s->n - r) * sizeof *s->set);
        s->set[r] = j;
        s->n++;
    }
}

/* Budget mode: keep greedy's set unless one affordable site alone covers more. */
static void best_single(sel *s, const lc_site_params *sp)
{
    const lc_site_problem *p = s->p;
    uint32_t best = NONE;
    double bg = s->covered;
    fill_all(p, NULL, 0, s->by, s->left, NULL);
    for (uint32_t j = 0; j < p->ncand; j++) {
        if (isnan(p->cost[j]) || p->cost[j] > sp->budget * (1 + 1e-12)) continue;
        double g = fill(p, s->by, s->left, j, false, 0, NULL);
        if (g > bg) bg = g, best = j;
    }
    if (best == NONE) return;
    for (size_t r = 0; r < s->n; r++) s->chosen[s->set[r]] = false;
    s->n = 0, s->spent = 0, s->covered = 0;
    choose(s, best);
}

static lc_status sel_init(sel *s, const lc_site_problem *p)
{
    memset(s, 0, sizeof *s);
    s->p = p;
    s->by = lc_malloc((p->nest + 1) * sizeof *s->by);
    s->cnt = lc_calloc(p->nest + 1, sizeof *s->cnt);
    s->chosen = lc_calloc(p->ncand + 1, sizeof *s->chosen);
    s->set = lc_calloc(p->ncand + 1, sizeof *s->set);
    s->left = p->split ? lc_malloc((p->nest + 1) * sizeof *s->left) : NULL;
    if (!s->by || !s->cnt || !s->chosen || !s->set || (p->split && !s->left)) return LC_ERR_NOMEM;
    fill_all(p, NULL, 0, s->by, s->left, NULL);
    return LC_OK;
}

static void sel_free(sel *s)
{
    lc_free(s->by), lc_free(s->cnt), lc_free(s->chosen), lc_free(s->set), lc_free(s->left);
}

/* Is covered weight `got` by the exact answer's `n` sites better than the heuristic's set
 * in s? (Both are judged by our objective, as the solver's own value carries its
 * tolerances.) */
static bool better(const sel *s, const lc_site_params *sp, double got, size_t n)
{
    if (isnan(got)) return false;
    if (sp->mode == LC_SITE_TARGET)
        return reaches(got, sp) && (n < s->n || !reaches(s->covered, sp));
    return got > s->covered + 1e-9 * fmax(1, s->covered);
}

/* With capacities: the weight the exact answer's own assignment serves, checked (amounts
 * only at chosen sites, no site above its capacity, no estate above its weight); NAN when
 * it does not hold. */
static double assigned_weight(const lc_site_problem *p, const lc_site_exact *ex)
{
    if (!ex->amt) return NAN;
    double *got = lc_calloc(p->nest + 1, sizeof *got), tot = 0;
    bool *in = lc_calloc(p->ncand + 1, sizeof *in), ok = got && in;
    for (size_t r = 0; ok && r < ex->n; r++) in[ex->set[r]] = true;
    for (uint32_t j = 0; ok && j < p->ncand; j++) {
        double served = 0;
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++) {
            if (ex->amt[k] <= 0) continue;
            ok &= in[j];
            served += ex->amt[k], got[p->est[k]] += ex->amt[k];
        }
        ok &= served <= cap_of(p, j) * (1 + 1e-9) + 1e-6;
        tot += served;
    }
    for (size_t e = 0; ok && e < p->nest; e++) ok = got[e] <= p->w[e] * (1 + 1e-9) + 1e-6;
    lc_free(got), lc_free(in);
    return ok ? tot : NAN;
}

/* Take the exact answer's sites into s when they are better; with capacities *fixed is set
 * when its own assignment is kept (it serves more than the rank-order fill of its sites). */
static void adopt(sel *s, const lc_site_params *sp, const lc_site_exact *ex, bool *fixed)
{
    double fill_w = lc_site_objective(s->p, ex->set, ex->n, NULL);
    double own_w = s->p->cap ? assigned_weight(s->p, ex) : NAN;
    bool own = !isnan(own_w) && !(own_w < fill_w);
    if (!better(s, sp, own ? own_w : fill_w, ex->n)) return;
    for (size_t r = 0; r < s->n; r++) s->chosen[s->set[r]] = false;
    memcpy(s->set, ex->set, ex->n * sizeof *s->set);
    s->n = ex->n;
    for (size_t r = 0; r < s->n; r++) s->chosen[s->set[r]] = true;
    *fixed = own;
}

/* With capacities, the amounts of the rank-order fill of the set as it stands (into amt, per
 * pair): re-ranking must not refill in another order, which can serve less. */
static const double *fill_amounts(sel *s, double *amt)
{
    fill_all(s->p, s->set, s->n, s->by, s->left, amt);
    return amt;
}

/* Rank the chosen set under a fixed assignment (`amt`: per pair the weight served): each
 * site's gain after those above it is the weight it serves, so the greedy order is by that
 * weight, largest first (ties: lower candidate index). An estate's site is the one serving
 * most of it (split demand), or the one serving it (whole estates). */
static lc_status rank_amounts(sel *s, double *gain, const double *amt)
{
    const lc_site_problem *p = s->p;
    double *most = lc_calloc(p->nest + 1, sizeof *most);
    if (!most) return LC_ERR_NOMEM;
    for (size_t r = 0; r < s->n; r++) {
        uint32_t j = s->set[r];
        gain[r] = 0;
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++) gain[r] += fmax(0, amt[k]);
    }
    for (size_t r = 1; r < s->n; r++) /* insertion sort: a few hundred sites at most */
        for (size_t k = r; k > 0 && (gain[k] > gain[k - 1] ||
                                     (gain[k] == gain[k - 1] && s->set[k] < s->set[k - 1])); k--) {
            double g = gain[k]; gain[k] = gain[k - 1]; gain[k - 1] = g;
            uint32_t t = s->set[k]; s->set[k] = s->set[k - 1]; s->set[k - 1] = t;
        }
    for (size_t e = 0; e < p->nest; e++) s->by[e] = NONE;
    s->covered = 0;
    for (size_t r = 0; r < s->n; r++) {
        uint32_t j = s->set[r];
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++)
            if (amt[k] > most[p->est[k]]) most[p->est[k]] = amt[k], s->by[p->est[k]] = (uint32_t)r;
        s->covered += gain[r];
    }
    lc_free(most);
    return LC_OK;
}

/* The method, bound and gap of the answer in out: from CBC's bound when it solved the
 * programme or stopped at the time limit (then possibly with no sites of its own, and the
 * heuristic's answer stands, with the gap to the bound). */
static void report_exact(lc_site_result *out, const lc_site_params *sp, const lc_site_exact *ex)
{
    out->exact = ex->solved;
    /* optimal as answered: at least the proven optimum's value (our own objective judged the
     * answer; a solver answer that did not check out was not taken) */
    bool as_good = sp->mode == LC_SITE_TARGET
                       ? out->target_met && (double)out->n <= floor(ex->obj + 1e-6)
                       : out->covered >= ex->obj - 1e-9 * fmax(1, fabs(ex->obj)) - 1e-6;
    out->optimal = ex->solved && ex->optimal && as_good;
    out->time_limit_hit = ex->time_limit_hit;
    out->bound = out->gap = NAN;
    if (!isfinite(ex->bound) || !(ex->solved || ex->time_limit_hit)) return;
    if (sp->mode == LC_SITE_TARGET) {
        out->bound = fmax(0, ceil(ex->bound - 1e-6)); /* sites: whole */
        out->gap = out->n ? fmax(0, ((double)out->n - out->bound) / (double)out->n) : 0;
    } else {
        out->bound = fmax(ex->bound, out->covered);
        out->gap = out->bound > 0 ? (out->bound - out->covered) / out->bound : 0;
    }
    if (out->optimal) out->gap = 0, out->bound = sp->mode == LC_SITE_TARGET ? (double)out->n
                                                                            : out->covered;
}

lc_status lc_site_solve(lc_ctx *ctx, const lc_site_problem *p, const lc_site_params *sp,
                        lc_site_result *out)
{
    memset(out, 0, sizeof *out);
    sel s = {0};
    uint32_t *scratch = lc_calloc(p->nest + 1, sizeof *scratch);
    lc_status st = scratch ? sel_init(&s, p) : LC_ERR_NOMEM;
    if (!st) st = greedy(&s, sp);
    if (!st && sp->mode == LC_SITE_BUDGET) best_single(&s, sp);
    if (!st && sp->mode != LC_SITE_TARGET) local_search(&s, sp, scratch);
    if (!st && sp->mode == LC_SITE_TARGET) prune(&s, sp, scratch);
    lc_site_exact ex = {0};
    bool fixed = false;
    double *amt = p->cap ? lc_malloc((p->off[p->ncand] + 1) * sizeof *amt) : NULL;
    if (!st && sp->time_limit_s > 0) {
        st = lc_site_exact_solve(ctx, p, sp, &ex);
        if (!st && ex.solved) adopt(&s, sp, &ex, &fixed);
    }
    if (!st) {
        out->chosen = lc_calloc(s.n + 1, sizeof *out->chosen);
        out->gain = lc_calloc(s.n + 1, sizeof *out->gain);
        if (!out->chosen || !out->gain) st = LC_ERR_NOMEM;
    }
    if (!st) {
        if (fixed) st = rank_amounts(&s, out->gain, ex.amt);
        else if (p->cap) st = amt ? rank_amounts(&s, out->gain, fill_amounts(&s, amt)) : LC_ERR_NOMEM;
        else rerank(&s, out->gain);
    }
    if (!st) {
        memcpy(out->chosen, s.set, s.n * sizeof *s.set);
        out->n = s.n, out->covered = s.covered, out->assign = s.by, s.by = NULL;
        out->target_met = sp->mode != LC_SITE_TARGET || reaches(s.covered, sp);
        report_exact(out, sp, &ex);
    }
    lc_site_exact_clear(&ex);
    if (scratch) sel_free(&s);
    lc_free(scratch), lc_free(amt);
    if (st) {
        lc_site_result_clear(out);
        return lc_fail(ctx, st, "out of memory while choosing sites");
    }
    return LC_OK;
}

void lc_site_result_clear(lc_site_result *r)
{
    lc_free(r->chosen), lc_free(r->gain), lc_free(r->assign);
    memset(r, 0, sizeof *r);
}

static const char *as_is(const char *s)
{
    return s;
}

/* The quality line in English (`tr` as_is) or in the messages' language (lc_gettext). */
static void quality(const lc_site_result *r, const char *(*tr)(const char *), char *buf,
                    size_t cap)
{
    if (r->optimal)
        snprintf(buf, cap, "%s", tr(N_("exact (CBC): optimal")));
    else if (r->exact)
        snprintf(buf, cap, tr(N_("exact (CBC), stopped at the time limit: within %.1f %% of the "
                                 "best possible (bound %.6g)")), 100 * r->gap, r->bound);
    else if (!isnan(r->gap))
        snprintf(buf, cap, tr(N_("heuristic (greedy and swaps; the exact solver found no better "
                                 "sites within the time limit): within %.1f %% of the best "
                                 "possible (bound %.6g)")), 100 * r->gap, r->bound);
    else
        snprintf(buf, cap, "%s", tr(N_("heuristic (greedy and swaps): no bound on the gap")));
}

void lc_site_quality(const lc_site_result *r, char *buf, size_t cap)
{
    quality(r, as_is, buf, cap);
}

void lc_site_quality_tr(const lc_site_result *r, char *buf, size_t cap)
{
    quality(r, lc_gettext, buf, cap);
}

const char *lc_site_method(const lc_site_result *r)
{
    return !r->exact ? "heuristic" : r->optimal ? "optimal" : "exact, time limit";
}
