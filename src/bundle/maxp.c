/*
 * maxp.c — bundles as max-p regions with a ceiling: as many connected bundles reaching the
 * floor N as possible, none above the ceiling M unless a single node, then compact ones.
 *
 * One restart (several are tried, each with its own seeded order; on every connected
 * component the restart that did best there is kept — components are independent):
 *  1. construct: nodes larger than M stand alone; then regions grow from the unassigned
 *     node with the fewest unassigned neighbours (peripheral nodes first, so fewer are
 *     stranded; ties by a seeded random rank), adding the frontier node nearest to the
 *     region's centroid while the total stays <= M (or, once a node would complete it,
 *     the one overshooting N least), until it reaches N. A region that
 *     cannot reach N is dissolved into enclaves.
 *  2. enclaves join the adjacent bundle with room (nearest centroid); the rest group
 *     among themselves.
 *  3. merge: a bundle below N merges with an adjacent bundle while the sum stays <= M
 *     (rule 4), preferring one that lifts both to N.
 *  4. steal and split (raise the count): a bundle below N takes border nodes from
 *     neighbours that stay >= N; a bundle >= 2N splits into bundles that all reach N.
 *  5. local search: move border nodes between bundles while the area-weighted moment of
 *     inertia falls, never costing a bundle its reach of N, never breaking connectivity.
 *  6. merge again, since moves can open new merges.
 * Rule 5 (two nodes that may never share a bundle: an estate and one lying inside it) is
 * kept by every step that puts a node into a bundle or merges two: growing, placing
 * enclaves, merging, stealing and moving look at the node's excluded partners first
 * (splitting and restoring only take nodes out). A merge that would break it does not
 * count for rule 4 either. Every step keeps rules 1–3 and 5; 3 and 6 establish rule 4;
 * lc_bundle_check verifies all.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/heap.h"
#include "bundle.h"

#define NONE UINT32_MAX
#define ENCL (UINT32_MAX - 1)
#define LOCAL_PASSES 12
#define SPLIT_TRIES 8
#define REPAIR_TRIES 4
#define REPAIR_PASSES 3

typedef struct {
    const lc_bgraph *g;
    double N, M;
    double cx, cy;                /* subtracted from coordinates: keeps the sums small */
    uint32_t *lab;                /* bundle of each node, NONE or ENCL */
    uint32_t *head, *next, *prev; /* member lists: head per bundle, links per node */
    uint32_t *cnt;                /* per bundle */
    double *tot, *sw, *sx, *sy, *sq;
    size_t nb;                    /* bundle slots used (merged ones stay, with cnt 0) */
    size_t reach;                 /* live bundles whose total reaches N */
    double *rk;                   /* per node: random tie-break of the seed order */
    uint32_t *all;                /* 0 .. n-1 */
    uint32_t *rlist, *rold;       /* a repair's region and its old labels */
    uint32_t *mark, stamp;        /* visit marks for searches */
    uint32_t *queue, *front, *aux;
} state;

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double X(const state *s, uint32_t i) { return s->g->x[i] - s->cx; }
static double Y(const state *s, uint32_t i) { return s->g->y[i] - s->cy; }

static uint32_t next_stamp(state *s)
{
    if (++s->stamp == 0) {
        memset(s->mark, 0, s->g->n * sizeof *s->mark);
        s->stamp = 1;
    }
    return s->stamp;
}

static uint32_t b_new(state *s)
{
    uint32_t b = (uint32_t)s->nb++;
    s->head[b] = NONE;
    s->cnt[b] = 0;
    s->tot[b] = s->sw[b] = s->sx[b] = s->sy[b] = s->sq[b] = 0;
    return b;
}

static void sums(state *s, uint32_t b, uint32_t i, double sign)
{
    double w = s->g->w[i], x = X(s, i), y = Y(s, i);
    s->reach -= s->tot[b] >= s->N;
    s->tot[b] += sign * s->g->size[i];
    s->reach += s->tot[b] >= s->N;
    s->sw[b] += sign * w;
    s->sx[b] += sign * w * x;
    s->sy[b] += sign * w * y;
    s->sq[b] += sign * w * (x * x + y * y);
}

static void b_remove(state *s, uint32_t i)
{
    uint32_t b = s->lab[i];
    if (s->prev[i] != NONE) s->next[s->prev[i]] = s->next[i];
    else s->head[b] = s->next[i];
    if (s->next[i] != NONE) s->prev[s->next[i]] = s->prev[i];
    s->cnt[b]--;
    sums(s, b, i, -1);
    s->lab[i] = NONE;
}

/* Put node i into bundle b, taking it out of its bundle first. */
static void b_take(state *s, uint32_t b, uint32_t i)
{
    if (s->lab[i] < s->nb) b_remove(s, i);
    s->lab[i] = b;
    s->prev[i] = NONE;
    s->next[i] = s->head[b];
    if (s->head[b] != NONE) s->prev[s->head[b]] = i;
    s->head[b] = i;
    s->cnt[b]++;
    sums(s, b, i, +1);
}

static double inertia_of(double sw, double sx, double sy, double sq)
{
    return sw > 0 ? fmax(0, sq - (sx * sx + sy * sy) / sw) : 0;
}

static double inertia(const state *s, uint32_t b)
{
    return inertia_of(s->sw[b], s->sx[b], s->sy[b], s->sq[b]);
}

static double dist2_to_centroid(const state *s, uint32_t b, uint32_t i)
{
    double dx = X(s, i) - s->sx[b] / s->sw[b], dy = Y(s, i) - s->sy[b] / s->sw[b];
    return dx * dx + dy * dy;
}

/* Rule 5: does node i exclude a member of bundle b (an estate and one lying inside it)? */
static bool clash(const state *s, uint32_t i, uint32_t b)
{
    const lc_bgraph *g = s->g;
    for (size_t a = g->xoff ? g->xoff[i] : 0; g->xoff && a < g->xoff[i + 1]; a++)
        if (s->lab[g->xnbr[a]] == b) return true;
    return false;
}

/* Would bundles b and c together break rule 5? (the smaller one's members are looked at) */
static bool bundles_clash(const state *s, uint32_t b, uint32_t c)
{
    if (!s->g->xoff) return false;
    if (s->cnt[c] < s->cnt[b]) {
        uint32_t t = b;
        b = c, c = t;
    }
    for (uint32_t m = s->head[b]; m != NONE; m = s->next[m])
        if (clash(s, m, c)) return true;
    return false;
}

/* Is bundle b still connected without node `skip`? (b has at least two members) */
static bool connected_without(state *s, uint32_t b, uint32_t skip)
{
    uint32_t st = next_stamp(s), start = s->head[b] == skip ? s->next[skip] : s->head[b];
    size_t qh = 0, qt = 0, seen = 1;
    s->mark[start] = st;
    s->queue[qt++] = start;
    while (qh < qt) {
        uint32_t u = s->queue[qh++];
        for (size_t a = s->g->off[u]; a < s->g->off[u + 1]; a++) {
            uint32_t v = s->g->nbr[a];
            if (v == skip || s->lab[v] != b || s->mark[v] == st) continue;
            s->mark[v] = st;
            s->queue[qt++] = v;
            seen++;
        }
    }
    return seen == s->cnt[b] - 1;
}

/* Grow a new bundle from `seed` over nodes labelled `from` (NONE, ENCL or a bundle) until
 * it reaches N, adding the frontier node nearest to its centroid that keeps it <= M. */
static uint32_t grow(state *s, uint32_t seed, uint32_t from)
{
    uint32_t b = b_new(s), st = next_stamp(s);
    size_t nf = 0;
    b_take(s, b, seed);
    for (uint32_t add = seed;;) {
        for (size_t a = s->g->off[add]; a < s->g->off[add + 1]; a++) {
            uint32_t v = s->g->nbr[a];
            if (s->lab[v] == from && s->mark[v] != st) s->mark[v] = st, s->front[nf++] = v;
        }
        if (s->tot[b] >= s->N) break;
        /* nearest to the centroid; but when a node completes the bundle, the one that
         * overshoots N least, so that size is not wasted */
        uint32_t best = NONE;
        double bd = INFINITY, bo = INFINITY;
        for (size_t k = 0; k < nf;) {
            uint32_t v = s->front[k];
            if (s->lab[v] != from) { s->front[k] = s->front[--nf]; continue; }
            k++;
            double t = s->tot[b] + s->g->size[v];
            if (t > s->M || clash(s, v, b)) continue;
            double over = t >= s->N ? t - s->N : INFINITY, d = dist2_to_centroid(s, b, v);
            if (over < bo || (over == bo && (d < bd || (d == bd && v < best))))
                bo = over, bd = d, best = v;
        }
        if (best == NONE) break;
        b_take(s, b, best);
        add = best;
    }
    return b;
}

/* Dissolve bundle b (the last slot) into nodes labelled `to`. */
static void dissolve_last(state *s, uint32_t b, uint32_t to)
{
    while (s->head[b] != NONE) {
        uint32_t i = s->head[b];
        b_remove(s, i);
        s->lab[i] = to;
    }
    s->nb--;
}

/* Grow bundles over the unassigned nodes of `list`: nodes larger than M stand alone, then
 * seeds in order of fewest unassigned neighbours (when `periphery`) with random ties, or in
 * random order; regions that cannot reach N become enclaves. */
static lc_status grow_all(state *s, const uint32_t *list, size_t n, uint64_t *rng, bool periphery)
{
    const lc_bgraph *g = s->g;
    uint32_t *udeg = s->aux;
    for (size_t k = 0; k < n; k++) {
        uint32_t i = list[k], d = 0;
        for (size_t a = g->off[i]; a < g->off[i + 1]; a++) d += s->lab[g->nbr[a]] == NONE;
        udeg[i] = d;
        s->rk[i] = (double)(splitmix(rng) >> 11) / 9007199254740992.0; /* [0, 1) */
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t i = list[k];
        if (g->size[i] <= s->M || s->lab[i] != NONE) continue;
        b_take(s, b_new(s), i);
        for (size_t a = g->off[i]; a < g->off[i + 1]; a++) udeg[g->nbr[a]]--;
    }
#define SEED_KEY(i) ((periphery ? (double)udeg[i] : 0.0) + s->rk[i])
    lc_heap h = {0};
    lc_status st = LC_OK;
    for (size_t k = 0; !st && k < n; k++)
        if (s->lab[list[k]] == NONE) st = lc_heap_push(&h, SEED_KEY(list[k]), list[k]);
    while (!st && h.n) {
        lc_heap_item it = lc_heap_pop(&h);
        uint32_t i = it.id;
        if (s->lab[i] != NONE || it.key != SEED_KEY(i)) continue;
        uint32_t b = grow(s, i, NONE);
        for (uint32_t m = s->head[b]; !st && m != NONE; m = s->next[m])
            for (size_t a = g->off[m]; !st && a < g->off[m + 1]; a++) {
                uint32_t v = g->nbr[a];
                if (s->lab[v] != NONE) continue;
                udeg[v]--;
                if (periphery) st = lc_heap_push(&h, SEED_KEY(v), v);
            }
        if (s->tot[b] < s->N) dissolve_last(s, b, ENCL);
    }
#undef SEED_KEY
    lc_heap_clear(&h);
    return st;
}

/* The adjacent bundle with room for node i nearest (by centroid), or NONE. */
static uint32_t nearest_room(const state *s, uint32_t i)
{
    uint32_t best = NONE;
    double bd = INFINITY;
    for (size_t a = s->g->off[i]; a < s->g->off[i + 1]; a++) {
        uint32_t c = s->lab[s->g->nbr[a]];
        if (c >= s->nb || s->tot[c] + s->g->size[i] > s->M || clash(s, i, c)) continue;
        double d = dist2_to_centroid(s, c, i);
        if (d < bd || (d == bd && c < best)) bd = d, best = c;
    }
    return best;
}

/* Enclaves of `list` join adjacent bundles with room; the rest group among themselves. */
static void place_enclaves(state *s, const uint32_t *list, size_t n)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t k = 0; k < n; k++) {
            uint32_t i = list[k];
            if (s->lab[i] != ENCL) continue;
            uint32_t b = nearest_room(s, i);
            if (b != NONE) b_take(s, b, i), changed = true;
        }
    }
    for (size_t k = 0; k < n; k++)
        if (s->lab[list[k]] == ENCL) grow(s, list[k], ENCL);
}

/* The best bundle for below-N bundle b to merge with, or NONE (rule 4 holds for b). */
static uint32_t merge_partner(state *s, uint32_t b)
{
    uint32_t best = NONE, st = next_stamp(s);
    double bscore = -INFINITY;
    for (uint32_t m = s->head[b]; m != NONE; m = s->next[m])
        for (size_t a = s->g->off[m]; a < s->g->off[m + 1]; a++) {
            uint32_t c = s->lab[s->g->nbr[a]], rep = s->head[c];
            if (c == b || s->mark[rep] == st) continue;
            s->mark[rep] = st;
            double sum = s->tot[b] + s->tot[c];
            if (sum > s->M || bundles_clash(s, b, c)) continue;
            /* lifting both to N first, then the fuller merged pair among small ones, then
             * the smallest reaching partner */
            double score = s->tot[c] < s->N ? (sum >= s->N ? 2e18 : 1e18) + sum : -s->tot[c];
            if (score > bscore || (score == bscore && c < best)) bscore = score, best = c;
        }
    return best;
}

/* Merge below-N bundles from slot `from` on until rule 4 holds for them. */
static void merge_pass(state *s, size_t from)
{
    for (bool merged = true; merged;) {
        merged = false;
        for (uint32_t b = (uint32_t)from; b < s->nb; b++) {
            if (!s->cnt[b] || s->tot[b] >= s->N) continue;
            uint32_t c = merge_partner(s, b);
            if (c == NONE) continue;
            while (s->head[b] != NONE) b_take(s, c, s->head[b]);
            merged = true;
        }
    }
}

/* Below-N bundle b takes border nodes from neighbours that stay >= N until it reaches N;
 * undone when it cannot. */
static void steal(state *s, uint32_t b)
{
    uint32_t *taken = s->aux, *from = s->aux + s->g->n; /* aux holds 2n */
    size_t nt = 0, cap = s->g->n;
    while (s->tot[b] < s->N && nt < cap) {
        uint32_t best = NONE;
        double bsize = -1;
        for (uint32_t m = s->head[b]; m != NONE; m = s->next[m])
            for (size_t a = s->g->off[m]; a < s->g->off[m + 1]; a++) {
                uint32_t v = s->g->nbr[a], c = s->lab[v];
                double sz = s->g->size[v];
                if (c == b || s->cnt[c] < 2 || s->tot[c] - sz < s->N || s->tot[b] + sz > s->M ||
                    clash(s, v, b))
                    continue;
                if ((sz > bsize || (sz == bsize && v < best)) && connected_without(s, c, v))
                    bsize = sz, best = v;
            }
        if (best == NONE) break;
        from[nt] = s->lab[best], taken[nt++] = best;
        b_take(s, b, best);
    }
    if (s->tot[b] >= s->N) return;
    while (nt--) b_take(s, from[nt], taken[nt]);
}

/* Components of bundle b's members; each becomes its own bundle (b keeps the first). */
static void split_components(state *s, uint32_t b)
{
    uint32_t st = next_stamp(s);
    bool first = true;
    for (uint32_t m = s->head[b], nx; m != NONE; m = nx) {
        nx = s->next[m];
        if (s->mark[m] == st) continue;
        size_t qh = 0, qt = 0;
        s->queue[qt++] = m, s->mark[m] = st;
        while (qh < qt) {
            uint32_t u = s->queue[qh++];
            for (size_t a = s->g->off[u]; a < s->g->off[u + 1]; a++) {
                uint32_t v = s->g->nbr[a];
                if (s->lab[v] == b && s->mark[v] != st) s->mark[v] = st, s->queue[qt++] = v;
            }
        }
        if (first) { first = false; continue; }
        uint32_t c = b_new(s);
        for (size_t k = 0; k < qt; k++) b_take(s, c, s->queue[k]);
        nx = s->head[b]; /* b's list changed under us: rescan it (marked ones are skipped) */
    }
}

/* Try to split a bundle of >= 2N into several that all reach N. */
static bool try_split(state *s, uint32_t b)
{
    uint32_t seeds[SPLIT_TRIES];
    size_t ns = 0;
    for (uint32_t m = s->head[b]; m != NONE && ns < SPLIT_TRIES; m = s->next[m]) seeds[ns++] = m;
    for (size_t k = 0; k < ns; k++) {
        size_t before = s->nb;
        uint32_t r = grow(s, seeds[k], b);
        if (s->tot[r] >= s->N && s->cnt[b]) {
            split_components(s, b);
            bool ok = true;
            for (size_t c = before; c < s->nb; c++)
                if (s->cnt[c] && s->tot[c] < s->N && c != r) ok = false;
            if (s->tot[b] < s->N) ok = false;
            if (ok) return true;
        }
        for (size_t c = before; c < s->nb; c++)
            while (s->head[c] != NONE) b_take(s, b, s->head[c]);
        s->nb = before;
    }
    return false;
}

static void raise_count(state *s)
{
    for (uint32_t b = 0; b < s->nb; b++)
        if (s->cnt[b] && s->tot[b] < s->N) steal(s, b);
    for (uint32_t b = 0; b < s->nb; b++)
        while (s->cnt[b] >= 2 && s->tot[b] >= 2 * s->N && try_split(s, b)) {}
}

/* Drop empty bundle slots (only between steps: labels change). */
static void compact(state *s)
{
    uint32_t *map = s->aux, k = 0;
    for (uint32_t b = 0; b < s->nb; b++) {
        map[b] = NONE;
        if (!s->cnt[b]) continue;
        map[b] = k;
        s->head[k] = s->head[b], s->cnt[k] = s->cnt[b], s->tot[k] = s->tot[b];
        s->sw[k] = s->sw[b], s->sx[k] = s->sx[b], s->sy[k] = s->sy[b], s->sq[k] = s->sq[b];
        k++;
    }
    for (size_t i = 0; i < s->g->n; i++)
        if (s->lab[i] < s->nb) s->lab[i] = map[s->lab[i]];
    s->nb = k;
}

/* Add bundle c's members to the repair region once (marked with stamp st). */
static void region_add(state *s, uint32_t c, uint32_t st, size_t *nr)
{
    uint32_t rep = s->head[c];
    if (s->mark[rep] == st) return;
    for (uint32_t m = rep; m != NONE; m = s->next[m])
        s->mark[m] = st, s->rlist[*nr] = m, s->rold[(*nr)++] = c;
}

/* The region around below-N bundle b: b, its neighbours, and below-N bundles next to
 * those (the size they hold is what a regrowth can put to use). */
static size_t repair_region(state *s, uint32_t b)
{
    uint32_t st = next_stamp(s);
    size_t nr = 0;
    region_add(s, b, st, &nr);
    size_t first = nr;
    for (size_t k = 0; k < first; k++)
        for (size_t a = s->g->off[s->rlist[k]]; a < s->g->off[s->rlist[k] + 1]; a++)
            region_add(s, s->lab[s->g->nbr[a]], st, &nr);
    size_t second = nr;
    for (size_t k = first; k < second; k++)
        for (size_t a = s->g->off[s->rlist[k]]; a < s->g->off[s->rlist[k] + 1]; a++) {
            uint32_t c = s->lab[s->g->nbr[a]];
            if (s->tot[c] < s->N) region_add(s, c, st, &nr);
        }
    return nr;
}

/* Regrow the region around below-N bundle b a few times; keep the first regrowth that
 * raises the number of bundles reaching N, else restore the region. */
static lc_status repair(state *s, uint32_t b, uint64_t *rng, bool *improved)
{
    size_t nr = repair_region(s, b), before = s->reach;
    *improved = false;
    for (int attempt = 0; attempt < REPAIR_TRIES; attempt++) {
        size_t old_nb = s->nb;
        for (size_t k = 0; k < nr; k++) b_remove(s, s->rlist[k]);
        lc_status st = grow_all(s, s->rlist, nr, rng, attempt == 0);
        if (st) return st;
        place_enclaves(s, s->rlist, nr);
        merge_pass(s, old_nb);
        if (s->reach > before) return (*improved = true), LC_OK;
        for (size_t k = 0; k < nr; k++) b_take(s, s->rold[k], s->rlist[k]);
        s->nb = old_nb;
    }
    return LC_OK;
}

static lc_status repair_all(state *s, uint64_t *rng)
{
    for (int pass = 0; pass < REPAIR_PASSES; pass++) {
        bool any = false;
        compact(s);
        size_t nb = s->nb;
        for (uint32_t b = 0; b < nb; b++) {
            if (!s->cnt[b] || s->tot[b] >= s->N) continue;
            if (s->nb > 2 * s->g->n) return LC_OK; /* slots run short: compact next pass */
            bool imp;
            lc_status st = repair(s, b, rng, &imp);
            if (st) return st;
            any |= imp;
        }
        if (!any) break;
    }
    compact(s);
    return LC_OK;
}

/* Inertia change of moving node i from bundle a to bundle c. */
static double move_delta(const state *s, uint32_t i, uint32_t a, uint32_t c)
{
    double w = s->g->w[i], x = X(s, i), y = Y(s, i), q = w * (x * x + y * y);
    double ia = inertia_of(s->sw[a] - w, s->sx[a] - w * x, s->sy[a] - w * y, s->sq[a] - q);
    double ic = inertia_of(s->sw[c] + w, s->sx[c] + w * x, s->sy[c] + w * y, s->sq[c] + q);
    return ia + ic - inertia(s, a) - inertia(s, c);
}

static bool move_allowed(const state *s, uint32_t i, uint32_t a, uint32_t c)
{
    double sz = s->g->size[i];
    if (s->cnt[a] < 2 || s->tot[c] + sz > s->M || clash(s, i, c)) return false;
    if (s->tot[a] >= s->N && s->tot[a] - sz < s->N) return false; /* a keeps its reach */
    return true;
}

static void local_search(state *s)
{
    for (int pass = 0; pass < LOCAL_PASSES; pass++) {
        size_t moved = 0;
        for (uint32_t i = 0; i < s->g->n; i++) {
            uint32_t a = s->lab[i], best = NONE;
            double bd = 0;
            for (size_t e = s->g->off[i]; e < s->g->off[i + 1]; e++) {
                uint32_t c = s->lab[s->g->nbr[e]];
                if (c == a || !move_allowed(s, i, a, c)) continue;
                double d = move_delta(s, i, a, c);
                double tol = 1e-9 * (inertia(s, a) + inertia(s, c)) + 1e-9;
                if (d < bd - tol) bd = d, best = c;
            }
            if (best != NONE && connected_without(s, a, i)) b_take(s, best, i), moved++;
        }
        if (!moved) break;
    }
}

/* The best bundling seen so far, kept per piece (see parts): pieces are independent,
 * so each keeps the restart that did best on it. */
typedef struct {
    uint32_t *comp;      /* piece of each node */
    uint32_t *rep;       /* best bundling: each node's bundle as its smallest member */
    size_t *reach;       /* per piece: bundles reaching N in the best bundling */
    size_t *bound;       /* per piece: proven upper bound on that number */
    double *in;          /* per piece: their inertia */
    size_t *creach;      /* per piece, this restart */
    double *cin;
    bool *better;
    size_t ncomp;
} best_by_comp;

/* Keep this restart's bundling on every piece where it does better. */
static void keep_better(state *s, best_by_comp *bb, bool first)
{
    uint32_t *minm = s->aux; /* smallest member per bundle */
    for (size_t c = 0; c < bb->ncomp; c++) bb->creach[c] = 0, bb->cin[c] = 0;
    for (uint32_t b = 0; b < s->nb; b++) {
        if (!s->cnt[b]) continue;
        uint32_t m = NONE;
        for (uint32_t i = s->head[b]; i != NONE; i = s->next[i]) m = i < m ? i : m;
        minm[b] = m;
        uint32_t c = bb->comp[m];
        bb->creach[c] += s->tot[b] >= s->N;
        bb->cin[c] += inertia(s, b);
    }
    for (size_t c = 0; c < bb->ncomp; c++) {
        double tol = 1e-9 * bb->in[c];
        bb->better[c] = first || bb->creach[c] > bb->reach[c] ||
                        (bb->creach[c] == bb->reach[c] && bb->cin[c] < bb->in[c] - tol);
        if (bb->better[c]) bb->reach[c] = bb->creach[c], bb->in[c] = bb->cin[c];
    }
    for (size_t i = 0; i < s->g->n; i++)
        if (bb->better[bb->comp[i]]) bb->rep[i] = minm[s->lab[i]];
}

/* The kept bundling as labels 0..nb-1 in order of each bundle's smallest node. */
static void best_solution(const best_by_comp *bb, size_t n, uint32_t *map, lc_bsolution *out)
{
    for (size_t i = 0; i < n; i++) map[i] = NONE;
    out->nb = 0;
    for (size_t i = 0; i < n; i++) {
        if (map[bb->rep[i]] == NONE) map[bb->rep[i]] = (uint32_t)out->nb++;
        out->label[i] = map[bb->rep[i]];
    }
    out->reaching = 0, out->inertia = 0, out->bound = 0, out->open_pieces = 0;
    for (size_t c = 0; c < bb->ncomp; c++) {
        out->reaching += bb->reach[c], out->inertia += bb->in[c], out->bound += bb->bound[c];
        out->open_pieces += bb->reach[c] < bb->bound[c];
    }
    out->optimal = out->reaching == out->bound;
}

/* The parts of the graph, their count and the sum of their bounds: the connected components,
 * each bounded by floor(total / N) (the first bound); or, with `cut`, the pieces (into
 * comp[], their bounds into bound[]): a node above M is a piece of its own, and the others
 * are the components of the graph without those nodes. A node above M is always a bundle
 * alone (rule 3), and it reaches N; no other bundle can contain it, and a bundle is
 * connected, so every other bundle lies inside one piece and a piece's bundling does not
 * depend on its neighbours' (rule 4 never merges with a node above M: sizes are >= 0). So
 * each piece keeps its best restart, and a piece of total T holds at most floor(T / N)
 * bundles reaching N; pieces below N hold none of them. */
static size_t parts(state *s, bool cut, uint32_t *comp, size_t *bound, size_t *nparts)
{
    uint32_t st = next_stamp(s);
    size_t total = 0;
    *nparts = 0;
    for (uint32_t i = 0; i < s->g->n; i++) {
        if (s->mark[i] == st) continue;
        size_t qh = 0, qt = 0;
        double tot = 0;
        bool alone = cut && s->g->size[i] > s->M;
        s->queue[qt++] = i, s->mark[i] = st;
        while (qh < qt) {
            uint32_t u = s->queue[qh++];
            tot += s->g->size[u];
            if (comp) comp[u] = (uint32_t)*nparts;
            for (size_t a = s->g->off[u]; !alone && a < s->g->off[u + 1]; a++) {
                uint32_t v = s->g->nbr[a];
                if (s->mark[v] != st && (!cut || s->g->size[v] <= s->M))
                    s->mark[v] = st, s->queue[qt++] = v;
            }
        }
        size_t b = alone ? 1 : (size_t)floor(tot / s->N + 1e-9);
        if (bound) bound[*nparts] = b;
        total += b;
        (*nparts)++;
    }
    return total;
}

static lc_status state_init(state *s, const lc_bgraph *g, const lc_bparams *p)
{
    memset(s, 0, sizeof *s);
    s->g = g, s->N = p->min_size, s->M = p->max_size;
    /* bundle slots: at most n from construction plus one per successful split (each
     * adds a live bundle, and there are at most n), so 2n; per-node arrays share the size */
    size_t n = 3 * g->n + 2;
    uint32_t **u[] = {&s->lab, &s->head, &s->next, &s->prev, &s->cnt, &s->mark, &s->queue,
                      &s->front, &s->aux, &s->all, &s->rlist, &s->rold};
    double **d[] = {&s->tot, &s->sw, &s->sx, &s->sy, &s->sq, &s->rk};
    for (size_t k = 0; k < sizeof u / sizeof *u; k++)
        if (!(*u[k] = lc_calloc(n, sizeof(uint32_t)))) return LC_ERR_NOMEM;
    for (size_t k = 0; k < sizeof d / sizeof *d; k++)
        if (!(*d[k] = lc_calloc(n, sizeof(double)))) return LC_ERR_NOMEM;
    for (size_t i = 0; i < g->n; i++) s->cx += g->x[i] / (double)g->n, s->cy += g->y[i] / (double)g->n;
    for (size_t i = 0; i < g->n; i++) s->all[i] = (uint32_t)i;
    return LC_OK;
}

static void state_free(state *s)
{
    void *all[] = {s->lab, s->head, s->next, s->prev, s->cnt, s->mark, s->queue, s->front,
                   s->aux, s->all, s->rlist, s->rold, s->tot, s->sw, s->sx, s->sy, s->sq, s->rk};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) lc_free(all[k]);
}

/* One construction and its improvements. With `preset` (per node: a set 0..npreset-1 or
 * NONE), the sets are bundles from the start and the other nodes are grown, placed and
 * merged around them; no step lowers the count, so it ends with at least npreset bundles
 * reaching N when the sets do. */
static lc_status one_restart(state *s, uint64_t *rng, const uint32_t *preset, size_t npreset)
{
    s->nb = s->reach = 0;
    for (size_t i = 0; i < s->g->n; i++) s->lab[i] = NONE;
    for (size_t k = 0; k < npreset; k++) b_new(s); /* set k is bundle k */
    for (uint32_t i = 0; preset && i < s->g->n; i++)
        if (preset[i] != NONE) b_take(s, preset[i], i);
    lc_status st = grow_all(s, s->all, s->g->n, rng, true);
    if (st) return st;
    place_enclaves(s, s->all, s->g->n);
    merge_pass(s, 0);
    raise_count(s);
    merge_pass(s, 0);
    if ((st = repair_all(s, rng))) return st;
    merge_pass(s, 0);
    local_search(s);
    merge_pass(s, 0);
    return LC_OK;
}

static void best_free(best_by_comp *bb)
{
    void *all[] = {bb->comp, bb->rep, bb->reach, bb->bound, bb->in, bb->creach, bb->cin,
                   bb->better};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) lc_free(all[k]);
}

static lc_status best_init(best_by_comp *bb, size_t n)
{
    memset(bb, 0, sizeof *bb);
    bb->comp = lc_calloc(n + 1, sizeof *bb->comp);
    bb->rep = lc_calloc(n + 1, sizeof *bb->rep);
    bb->reach = lc_calloc(n + 1, sizeof *bb->reach);
    bb->bound = lc_calloc(n + 1, sizeof *bb->bound);
    bb->creach = lc_calloc(n + 1, sizeof *bb->creach);
    bb->in = lc_calloc(n + 1, sizeof *bb->in);
    bb->cin = lc_calloc(n + 1, sizeof *bb->cin);
    bb->better = lc_calloc(n + 1, sizeof *bb->better);
    bool ok = bb->comp && bb->rep && bb->reach && bb->bound && bb->creach && bb->in && bb->cin &&
              bb->better;
    return ok ? LC_OK : LC_ERR_NOMEM;
}

/* Pieces still below their bound go to the exact step (exact.c); its bounds replace theirs,
 * and where its packing holds more sets than the best bundling reaches, one more
 * construction starts from the packed sets (kept per piece where it does better). */
static lc_status exact_step(state *s, best_by_comp *bb, const lc_bparams *p, lc_bsolution *out)
{
    uint32_t *preset = lc_malloc((s->g->n + 1) * sizeof *preset);
    if (!preset) return LC_ERR_NOMEM;
    lc_bexact_in in = {s->N, s->M, bb->comp, bb->ncomp, bb->reach, bb->bound,
                       lc_now_s() + p->time_limit_s, fmax(1, p->time_limit_s / 10)};
    lc_bexact_out eo;
    lc_status st = lc_bundle_exact(s->g, &in, preset, &eo);
    out->exact_pieces = eo.solved;
    if (!st && eo.nsets) {
        uint64_t rng = p->seed ^ 0x6A09E667F3BCC909ull;
        if (!(st = one_restart(s, &rng, preset, eo.nsets))) keep_better(s, bb, false);
    }
    lc_free(preset);
    return st;
}

lc_status lc_bundle_solve(lc_ctx *ctx, const lc_bgraph *g, const lc_bparams *p,
                          lc_bsolution *out)
{
    memset(out, 0, sizeof *out);
    if (!(p->min_size > 0) || !(p->max_size >= p->min_size))
        return lc_fail(ctx, LC_ERR_ARG, "bundle sizes: need 0 < min-size <= max-size (got %g, %g)",
                       p->min_size, p->max_size);
    state s;
    best_by_comp bb;
    out->label = lc_calloc(g->n + 1, sizeof *out->label);
    lc_status st = best_init(&bb, g->n);
    bool init = false;
    if (!st && out->label && !(st = state_init(&s, g, p))) init = true;
    else if (!st) st = LC_ERR_NOMEM;
    if (!st) {
        out->upper_bound = parts(&s, false, NULL, NULL, &out->components);
        out->split_bound = parts(&s, true, bb.comp, bb.bound, &bb.ncomp);
        out->pieces = bb.ncomp;
    }
    for (int r = 0; !st && r < (p->restarts > 0 ? p->restarts : 1); r++) {
        uint64_t rng = p->seed ^ (0xD1B54A32D192ED03ull * (uint64_t)(r + 1));
        if (!(st = one_restart(&s, &rng, NULL, 0))) keep_better(&s, &bb, r == 0);
    }
    if (!st && p->time_limit_s > 0) st = exact_step(&s, &bb, p, out);
    if (!st) best_solution(&bb, g->n, s.aux, out);
    if (init) state_free(&s);
    best_free(&bb);
    if (st) {
        lc_bsolution_clear(out);
        return lc_fail(ctx, st, "out of memory while bundling");
    }
    return LC_OK;
}

void lc_bsolution_clear(lc_bsolution *s)
{
    lc_free(s->label);
    memset(s, 0, sizeof *s);
}

/* ---- the rules, checked from scratch -------------------------------------------------- */

static bool fail(char *why, size_t cap, const char *msg, size_t b)
{
    snprintf(why, cap, msg, b);
    return false;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The pairs of different bundles (smaller label in the high half) that hold two nodes which
 * may never share a bundle, sorted: they cannot merge (rule 5). NULL when there is no such
 * node pair (or out of memory, when g->xoff is set). */
static uint64_t *clash_pairs(const lc_bgraph *g, const uint32_t *label, size_t *n)
{
    *n = 0;
    if (!g->xoff) return NULL;
    uint64_t *k = lc_malloc((g->xoff[g->n] + 1) * sizeof *k);
    for (size_t i = 0; k && i < g->n; i++)
        for (size_t a = g->xoff[i]; a < g->xoff[i + 1]; a++) {
            uint32_t b = label[i], c = label[g->xnbr[a]];
            if (b < c) k[(*n)++] = (uint64_t)b << 32 | c;
        }
    if (k) qsort(k, *n, sizeof *k, cmp_u64);
    return k;
}

bool lc_bundle_check(const lc_bgraph *g, const lc_bparams *p, const uint32_t *label, size_t nb,
                     char *why, size_t cap)
{
    double *tot = lc_calloc(nb + 1, sizeof *tot);
    size_t *cnt = lc_calloc(nb + 1, sizeof *cnt), *seen = lc_calloc(nb + 1, sizeof *seen);
    uint32_t *queue = lc_calloc(g->n + 1, sizeof *queue);
    bool *mark = lc_calloc(g->n + 1, sizeof *mark), ok = tot && cnt && seen && queue && mark;
    if (!ok) snprintf(why, cap, "out of memory");
    for (size_t i = 0; ok && i < g->n; i++) {
        if (label[i] >= nb) ok = fail(why, cap, "rule 1: node %zu has no bundle", i);
        else tot[label[i]] += g->size[i], cnt[label[i]]++;
    }
    for (size_t b = 0; ok && b < nb; b++) {
        if (!cnt[b]) ok = fail(why, cap, "bundle %zu is empty", b);
        else if (cnt[b] > 1 && tot[b] > p->max_size * (1 + 1e-12))
            ok = fail(why, cap, "rule 3: bundle %zu is above the ceiling", b);
    }
    for (size_t i = 0; ok && i < g->n; i++) { /* rule 2: one search per bundle */
        uint32_t b = label[i];
        if (seen[b]++) continue;
        size_t qh = 0, qt = 0;
        queue[qt++] = (uint32_t)i, mark[i] = true;
        while (qh < qt) {
            uint32_t u = queue[qh++];
            for (size_t a = g->off[u]; a < g->off[u + 1]; a++) {
                uint32_t v = g->nbr[a];
                if (label[v] == b && !mark[v]) mark[v] = true, queue[qt++] = v;
            }
        }
        if (qt != cnt[b]) ok = fail(why, cap, "rule 2: bundle %zu is not connected", b);
    }
    size_t nx = 0;
    uint64_t *clashing = ok ? clash_pairs(g, label, &nx) : NULL;
    if (ok && g->xoff && !clashing) ok = false, snprintf(why, cap, "out of memory");
    for (size_t i = 0; ok && g->xoff && i < g->n; i++) /* rule 5 */
        for (size_t a = g->xoff[i]; ok && a < g->xoff[i + 1]; a++)
            if (label[g->xnbr[a]] == label[i])
                ok = fail(why, cap, "rule 5: bundle %zu holds an estate and one lying inside it",
                          label[i]);
    for (size_t i = 0; ok && i < g->n; i++) { /* rule 4 */
        uint32_t b = label[i];
        if (tot[b] >= p->min_size) continue;
        for (size_t a = g->off[i]; ok && a < g->off[i + 1]; a++) {
            uint32_t c = label[g->nbr[a]];
            uint64_t key = (uint64_t)(b < c ? b : c) << 32 | (b < c ? c : b);
            if (c != b && tot[b] + tot[c] <= p->max_size &&
                !(nx && bsearch(&key, clashing, nx, sizeof key, cmp_u64)))
                ok = fail(why, cap, "rule 4: bundle %zu is below the floor but could merge", b);
        }
    }
    lc_free(clashing);
    lc_free(tot), lc_free(cnt), lc_free(seen), lc_free(queue), lc_free(mark);
    return ok;
}
