/*
 * exact.c — the most bundles reaching N on a piece, proven: the piece's minimal feasible
 * connected node sets are enumerated, and the largest packing of disjoint ones is a
 * set-packing MIP solved by COIN-OR CBC (as src/site/exact.c does for siting).
 *
 * Why a packing. A piece (maxp.c's parts) holds no node above M. The most bundles
 * reaching N over all bundlings of a piece equals the most disjoint connected node sets each
 * of total in [N, M]:
 *  - the reaching bundles of a bundling are such sets (connected; >= N; <= M, being several
 *    nodes, or one node, which is <= M in a piece);
 *  - a packing of such sets extends to a bundling with at least as many reaching bundles:
 *    each set a bundle, each leftover node a bundle of its own (rules 1–3 hold), then, while
 *    a bundle below N has an adjacent bundle it fits with (<= M), merge the two. A merge keeps
 *    a reaching bundle reaching and may lift two small ones to N, so the count never falls;
 *    two adjacent connected sets make a connected one; each merge removes a bundle, so this
 *    ends, and then rule 4 holds. (maxp.c's construction from the sets does this and more.)
 * Minimal sets suffice. In a packing, replace each set by an inclusion-minimal connected
 * subset of total >= N: the sets stay disjoint and their totals only fall (sizes are >= 0),
 * so they stay <= M. A connected set S is minimal — no proper connected subset reaches N —
 * iff no node v with S \ {v} connected has total(S) - size(v) >= N: if a proper connected
 * subset T reaches N, contract T in S and take a spanning tree; one of its (at least two)
 * leaves is a node v outside T, S \ {v} is still connected and holds T.
 * Enumeration (Wernicke's ESU): every connected set whose smallest node is r, exactly once
 * — extend by a node w of the extension list, which leaves the list for w's later siblings,
 * and add to the list w's neighbours above r that are neither in the set nor next to it. A
 * set that reaches N is not extended (its supersets are not minimal), so the sets explored
 * are those below N and the first step past it. Caps on the sets and steps per piece and a
 * deadline stop it; then the piece keeps its cheap bound.
 * Nodes that may never share a bundle (rule 5: an estate and one lying inside it). A set
 * holding such a pair is not feasible, and neither is any set holding it; so the search
 * does not extend a set by a node it excludes (the sets it skips are exactly those holding
 * both), and the argument above holds as it is: a subset of a feasible set is free of such
 * pairs, and a merge that would break rule 5 is not made (rule 4 does not ask for it).
 *
 * CBC's best bound is an upper bound on the packing even when the time limit stops it; the
 * count is an integer, so its floor (with a tolerance) is too.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <Cbc_C_Interface.h>

#include "bundle.h"

#define NONE UINT32_MAX
#define MAX_SETS_PER_PIECE 200000
#define MAX_SETS_TOTAL 1000000
#define STEPS_PER_SET 40      /* enumeration steps allowed per set the cap allows */
#define MAX_SET_NODES 256     /* deeper sets (many nodes of size 0) stop the enumeration */
#define CLOCK_EVERY 65536     /* steps between two looks at the clock */

/* The piece as a graph of its own, local indices 0..n-1. */
typedef struct {
    size_t n;
    const size_t *off;
    const uint32_t *nbr;
    const double *size;
    const size_t *xoff;   /* NULL, or the nodes each may never share a set with (rule 5) */
    const uint32_t *xnbr;
} piece_graph;

/* The enumeration's state; sets go to soff/snode (CSR, growing). */
typedef struct {
    const piece_graph *g;
    double N, M;
    uint32_t *cov;         /* per node: members of the set it is in or next to */
    uint32_t *xcnt;        /* per node: members of the set it may never share one with */
    bool *in;              /* per node: in the set */
    uint32_t *sub, d;      /* the set, its size */
    double tot;
    uint32_t *ebuf;        /* extension lists, one segment per level */
    size_t top, ecap;
    uint32_t *queue;       /* minimality test */
    size_t *soff, nsets, scap;
    uint32_t *snode;
    size_t nnode, ncap;
    size_t max_sets, steps, max_steps;
    double deadline;
    bool stop, nomem;
} enumeration;

static bool grow_u32(uint32_t **a, size_t *cap, size_t need)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    uint32_t *p = lc_realloc(*a, c * sizeof *p);
    if (!p) return false;
    *a = p, *cap = c;
    return true;
}

/* No node can leave the set with the rest connected and still >= N (see the top). */
static bool minimal(enumeration *e)
{
    const piece_graph *g = e->g;
    for (uint32_t k = 0; k < e->d; k++) {
        uint32_t v = e->sub[k];
        if (e->tot - g->size[v] < e->N) continue;
        /* is the set without v connected? (one search from another member) */
        uint32_t start = e->sub[k == 0 ? 1 : 0];
        size_t qh = 0, qt = 0;
        e->in[v] = false;
        e->queue[qt++] = start, e->in[start] = false;
        while (qh < qt) {
            uint32_t u = e->queue[qh++];
            for (size_t a = g->off[u]; a < g->off[u + 1]; a++)
                if (e->in[g->nbr[a]]) e->in[g->nbr[a]] = false, e->queue[qt++] = g->nbr[a];
        }
        for (uint32_t q = 0; q < e->d; q++) e->in[e->sub[q]] = true;
        if (qt == e->d - 1) return false;
    }
    return true;
}

static void record(enumeration *e)
{
    if (e->nsets >= e->max_sets) { e->stop = true; return; }
    size_t need = e->nnode + e->d;
    if (!grow_u32(&e->snode, &e->ncap, need)) { e->stop = e->nomem = true; return; }
    if (e->nsets + 2 > e->scap) {
        size_t c = e->scap ? 2 * e->scap : 256;
        size_t *p = lc_realloc(e->soff, c * sizeof *p);
        if (!p) { e->stop = e->nomem = true; return; }
        e->soff = p, e->scap = c;
    }
    memcpy(e->snode + e->nnode, e->sub, e->d * sizeof *e->sub);
    e->nnode = need;
    e->soff[++e->nsets] = need;
}

static void cover(enumeration *e, uint32_t w, int sign)
{
    const piece_graph *g = e->g;
    e->cov[w] = (uint32_t)((int)e->cov[w] + sign);
    for (size_t a = g->off[w]; a < g->off[w + 1]; a++)
        e->cov[g->nbr[a]] = (uint32_t)((int)e->cov[g->nbr[a]] + sign);
    for (size_t a = g->xoff ? g->xoff[w] : 0; g->xoff && a < g->xoff[w + 1]; a++)
        e->xcnt[g->xnbr[a]] = (uint32_t)((int)e->xcnt[g->xnbr[a]] + sign);
}

/* ESU from the current set with extension list ebuf[lo, hi); smallest node r. The depth
 * is at most MAX_SET_NODES. */
static void extend(enumeration *e, size_t lo, size_t hi, uint32_t r)
{
    const piece_graph *g = e->g;
    if (e->stop) return;
    if (++e->steps > e->max_steps) { e->stop = true; return; }
    if (e->steps % CLOCK_EVERY == 0 && lc_now_s() > e->deadline) { e->stop = true; return; }
    if (e->tot >= e->N) {
        if (e->tot <= e->M && minimal(e)) record(e);
        return;
    }
    if (e->d >= MAX_SET_NODES) { e->stop = true; return; }
    for (size_t k = hi; k-- > lo && !e->stop;) {
        uint32_t w = e->ebuf[k];
        if (e->xcnt[w]) continue; /* every set holding w and this one breaks rule 5 */
        size_t clo = e->top, deg = g->off[w + 1] - g->off[w];
        if (!grow_u32(&e->ebuf, &e->ecap, clo + (k - lo) + deg)) { e->stop = e->nomem = true; return; }
        memcpy(e->ebuf + clo, e->ebuf + lo, (k - lo) * sizeof *e->ebuf);
        size_t chi = clo + (k - lo);
        for (size_t a = g->off[w]; a < g->off[w + 1]; a++) {
            uint32_t u = g->nbr[a];
            if (u > r && !e->cov[u]) e->ebuf[chi++] = u;
        }
        e->sub[e->d++] = w, e->in[w] = true, e->tot += g->size[w];
        cover(e, w, +1);
        e->top = chi;
        extend(e, clo, chi, r);
        e->top = clo;
        cover(e, w, -1);
        e->d--, e->in[w] = false, e->tot -= g->size[w];
    }
}

/* All minimal connected sets of total in [N, M], unless a cap or the deadline stops it. */
static void enumerate(enumeration *e)
{
    const piece_graph *g = e->g;
    for (uint32_t r = 0; r < g->n && !e->stop; r++) {
        e->sub[0] = r, e->d = 1, e->in[r] = true, e->tot = g->size[r];
        cover(e, r, +1);
        size_t lo = e->top = 0;
        if (!grow_u32(&e->ebuf, &e->ecap, g->off[r + 1] - g->off[r])) {
            e->stop = e->nomem = true;
            break;
        }
        for (size_t a = g->off[r]; a < g->off[r + 1]; a++)
            if (g->nbr[a] > r) e->ebuf[e->top++] = g->nbr[a];
        extend(e, lo, e->top, r);
        cover(e, r, -1);
        e->in[r] = false, e->d = 0;
    }
}

/* max sum z_s subject to sum over the sets holding node i of z_s <= 1, z binary; with
 * `root_only`, the LP relaxation and what CBC finds at the root (a bound in a fraction of
 * the time). CBC's cuts, heuristics and preprocessing are off: on the 50k bench's pieces
 * they made it slower (16.5 s against 28 s for 190 pieces), its root bound is close. The
 * packing goes into set_of (per local node: its set among the packed, or NONE). */
static lc_status pack(const enumeration *e, bool root_only, double seconds, uint32_t *set_of,
                      lc_bpiece_result *out)
{
    size_t n = e->g->n;
    int ncols = (int)e->nsets, nrows = (int)n;
    int *start = lc_malloc((e->nsets + 1) * sizeof *start);
    int *index = lc_malloc((e->nnode + 1) * sizeof *index);
    double *value = lc_malloc((e->nnode + 1) * sizeof *value);
    double *collb = lc_calloc(e->nsets + 1, sizeof *collb);
    double *colub = lc_malloc((e->nsets + 1) * sizeof *colub);
    double *rowlb = lc_malloc((n + 1) * sizeof *rowlb), *rowub = lc_malloc((n + 1) * sizeof *rowub);
    lc_status st = LC_OK;
    Cbc_Model *cbc = NULL;
    if (!start || !index || !value || !collb || !colub || !rowlb || !rowub ||
        e->nnode > INT32_MAX || !(cbc = Cbc_newModel())) {
        st = LC_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t j = 0; j <= e->nsets; j++) start[j] = (int)e->soff[j];
    for (size_t k = 0; k < e->nnode; k++) index[k] = (int)e->snode[k], value[k] = 1;
    for (size_t j = 0; j < e->nsets; j++) colub[j] = 1;
    for (size_t i = 0; i < n; i++) rowlb[i] = -DBL_MAX, rowub[i] = 1;
    /* the objective is all ones: colub doubles as it */
    Cbc_loadProblem(cbc, ncols, nrows, start, index, value, collb, colub, colub, rowlb, rowub);
    for (int j = 0; j < ncols; j++) Cbc_setInteger(cbc, j);
    Cbc_setObjSense(cbc, -1);
    Cbc_setLogLevel(cbc, 0);
    Cbc_setMaximumSeconds(cbc, seconds);
    if (root_only) Cbc_setMaximumNodes(cbc, 0);
    /* Clp's presolve leaks under LeakSanitizer (see src/site/exact.c) */
    Cbc_setParameter(cbc, "presolve", "off");
    Cbc_setParameter(cbc, "cuts", "off");
    Cbc_setParameter(cbc, "heuristics", "off");
    Cbc_setParameter(cbc, "preprocess", "off");
    Cbc_setParameter(cbc, "timeMode", "elapsed"); /* wall-clock seconds, as the limit says */
    Cbc_solve(cbc);
    const double *x = Cbc_getColSolution(cbc);
    bool solved = x && (Cbc_isProvenOptimal(cbc) || Cbc_numberSavedSolutions(cbc) > 0);
    out->optimal = Cbc_isProvenOptimal(cbc) != 0;
    double b = Cbc_getBestPossibleObjValue(cbc);
    out->bound = isfinite(b) && b >= 0 ? (size_t)floor(b + 1e-4) : SIZE_MAX;
    for (size_t i = 0; i < n; i++) set_of[i] = NONE;
    out->count = 0;
    for (size_t j = 0; solved && j < e->nsets; j++) {
        if (x[j] < 0.5) continue;
        bool clash = false;
        for (size_t k = e->soff[j]; k < e->soff[j + 1]; k++) clash |= set_of[e->snode[k]] != NONE;
        if (clash) continue; /* not a packing after all: keep the sets that are */
        for (size_t k = e->soff[j]; k < e->soff[j + 1]; k++)
            set_of[e->snode[k]] = (uint32_t)out->count;
        out->count++;
    }
    if (out->optimal) out->bound = out->count;
    if (out->bound < out->count) out->bound = out->count;
cleanup:
    if (cbc) Cbc_deleteModel(cbc);
    lc_free(start), lc_free(index), lc_free(value), lc_free(collb), lc_free(colub);
    lc_free(rowlb), lc_free(rowub);
    return st;
}

lc_status lc_bundle_piece_exact(const lc_bgraph *pg, double N, double M, bool root_only,
                                size_t max_sets, double deadline, double seconds,
                                uint32_t *set_of, lc_bpiece_result *out)
{
    memset(out, 0, sizeof *out);
    out->bound = SIZE_MAX;
    piece_graph g = {pg->n, pg->off, pg->nbr, pg->size, pg->xoff, pg->xnbr};
    enumeration e = {.g = &g, .N = N, .M = M, .max_sets = max_sets, .deadline = deadline};
    e.max_steps = STEPS_PER_SET * max_sets;
    size_t n = g.n + 1;
    e.cov = lc_calloc(n, sizeof *e.cov);
    e.xcnt = lc_calloc(n, sizeof *e.xcnt);
    e.in = lc_calloc(n, sizeof *e.in);
    e.sub = lc_calloc(n, sizeof *e.sub);
    e.queue = lc_calloc(n, sizeof *e.queue);
    e.soff = lc_calloc(256, sizeof *e.soff);
    e.scap = 256;
    lc_status st = e.cov && e.xcnt && e.in && e.sub && e.queue && e.soff ? LC_OK : LC_ERR_NOMEM;
    if (!st) enumerate(&e);
    if (!st && e.nomem) st = LC_ERR_NOMEM;
    out->sets = e.nsets, out->steps = e.steps;
    out->complete = !st && !e.stop;
    for (size_t i = 0; i < g.n; i++) set_of[i] = NONE;
    double left = fmin(seconds, deadline - lc_now_s());
    if (out->complete && e.nsets == 0) /* nothing reaches N within M */
        out->bound = 0, out->optimal = true;
    else if (out->complete && left > 0)
        st = pack(&e, root_only, left, set_of, out);
    if (!out->complete) out->bound = SIZE_MAX; /* a partial list proves nothing */
    lc_free(e.cov), lc_free(e.xcnt), lc_free(e.in), lc_free(e.sub), lc_free(e.queue);
    lc_free(e.soff);
    lc_free(e.snode), lc_free(e.ebuf);
    return st;
}

/* ---- over the pieces ------------------------------------------------------------------- */

typedef struct {
    size_t size;
    uint32_t piece;
} piece_key;

static int cmp_piece(const void *a, const void *b)
{
    const piece_key *p = a, *q = b;
    if (p->size != q->size) return p->size < q->size ? -1 : 1;
    return (p->piece > q->piece) - (p->piece < q->piece);
}

/* The pieces' members (CSR by piece) and a local index per node, shared by the pieces. */
typedef struct {
    size_t *moff;       /* members of piece c: mem[moff[c] .. moff[c+1]) */
    uint32_t *mem, *loc;
    size_t *found;      /* per piece: sets in the best packing found (written to preset) */
    bool *settled;      /* per piece: proven optimal, or its enumeration was cut short */
} pieces;

/* The local graph of piece c (members mem[0..sz)), through loc (global -> local); with
 * xoff (g->xoff set), its pairs that may never share a set too. */
static void local_graph(const lc_bgraph *g, const uint32_t *piece, uint32_t c,
                        const uint32_t *mem, size_t sz, const uint32_t *loc, size_t *off,
                        uint32_t *nbr, double *size, size_t *xoff, uint32_t *xnbr)
{
    off[0] = 0;
    if (xoff) xoff[0] = 0;
    for (size_t k = 0; k < sz; k++) {
        uint32_t i = mem[k];
        off[k + 1] = off[k];
        size[k] = g->size[i];
        for (size_t a = g->off[i]; a < g->off[i + 1]; a++)
            if (piece[g->nbr[a]] == c) nbr[off[k + 1]++] = loc[g->nbr[a]];
        if (!xoff) continue;
        xoff[k + 1] = xoff[k];
        for (size_t a = g->xoff[i]; a < g->xoff[i + 1]; a++)
            if (piece[g->xnbr[a]] == c) xnbr[xoff[k + 1]++] = loc[g->xnbr[a]];
    }
}

/* One piece: its local graph, the exact step, what it proves (in->bound) and finds (preset,
 * with the piece's own set numbers for now). */
static lc_status one_piece(const lc_bgraph *g, const lc_bexact_in *in, pieces *P, uint32_t c,
                           bool root_only, size_t max_sets, double seconds, uint32_t *preset,
                           lc_bexact_out *out, size_t *sets)
{
    const uint32_t *mem = P->mem + P->moff[c];
    size_t sz = P->moff[c + 1] - P->moff[c], deg = 0, xdeg = 0;
    for (size_t k = 0; k < sz; k++) {
        P->loc[mem[k]] = (uint32_t)k;
        deg += g->off[mem[k] + 1] - g->off[mem[k]];
        if (g->xoff) xdeg += g->xoff[mem[k] + 1] - g->xoff[mem[k]];
    }
    size_t *off = lc_malloc((sz + 1) * sizeof *off);
    uint32_t *nbr = lc_malloc((deg + 1) * sizeof *nbr);
    uint32_t *set_of = lc_malloc((sz + 1) * sizeof *set_of);
    double *size = lc_malloc((sz + 1) * sizeof *size);
    size_t *xoff = xdeg ? lc_malloc((sz + 1) * sizeof *xoff) : NULL;
    uint32_t *xnbr = xdeg ? lc_malloc(xdeg * sizeof *xnbr) : NULL;
    lc_status st = off && nbr && set_of && size && (!xdeg || (xoff && xnbr)) ? LC_OK : LC_ERR_NOMEM;
    lc_bpiece_result r = {0};
    if (!st) {
        local_graph(g, in->piece, c, mem, sz, P->loc, off, nbr, size, xoff, xnbr);
        lc_bgraph pg = {sz, off, nbr, size, NULL, NULL, NULL, xoff, xnbr};
        st = lc_bundle_piece_exact(&pg, in->N, in->M, root_only, max_sets, in->deadline, seconds,
                                   set_of, &r);
    }
    *sets = r.sets;
    if (!st) {
        /* a bound below the bundling's count would be CBC's tolerance gone wrong: not used */
        if (r.bound >= in->reach[c] && r.bound < in->bound[c]) in->bound[c] = r.bound;
        size_t best = r.count > in->reach[c] ? r.count : in->reach[c];
        bool proven = r.complete && (r.optimal || r.bound <= best);
        P->settled[c] = proven || !r.complete;
        out->solved += proven;
        if (r.count > in->reach[c] && r.count > P->found[c]) {
            for (size_t k = 0; k < sz; k++) preset[mem[k]] = set_of[k];
            P->found[c] = r.count;
        }
    }
    lc_free(off), lc_free(nbr), lc_free(set_of), lc_free(size), lc_free(xoff), lc_free(xnbr);
    return st;
}

/* Set numbers from per piece to over all pieces: piece c's sets follow those before it. */
static void number_sets(const lc_bgraph *g, const lc_bexact_in *in, const pieces *P,
                        uint32_t *preset, lc_bexact_out *out)
{
    size_t *base = P->moff; /* reused: member offsets are not needed any more */
    for (size_t c = 0; c < in->npieces; c++) {
        base[c] = out->nsets;
        out->nsets += P->found[c];
        out->improved += P->found[c] > 0;
    }
    for (size_t i = 0; i < g->n; i++)
        if (preset[i] != NONE) preset[i] += (uint32_t)base[in->piece[i]];
}

static void pieces_free(pieces *P)
{
    lc_free(P->moff), lc_free(P->mem), lc_free(P->loc), lc_free(P->found), lc_free(P->settled);
}

/* Members per piece, and the pieces below their bound, smallest first (under the time
 * limit, as many as can be are settled). */
static lc_status pieces_init(const lc_bgraph *g, const lc_bexact_in *in, pieces *P,
                             piece_key *todo, size_t *nt)
{
    size_t n = g->n, np = in->npieces;
    P->moff = lc_calloc(np + 2, sizeof *P->moff);
    P->mem = lc_malloc((n + 1) * sizeof *P->mem);
    P->loc = lc_malloc((n + 1) * sizeof *P->loc);
    P->found = lc_calloc(np + 1, sizeof *P->found);
    P->settled = lc_calloc(np + 1, sizeof *P->settled);
    if (!P->moff || !P->mem || !P->loc || !P->found || !P->settled) return LC_ERR_NOMEM;
    *nt = 0;
    for (size_t i = 0; i < n; i++) P->moff[in->piece[i] + 2]++;
    for (size_t c = 0; c < np; c++) {
        P->moff[c + 2] += P->moff[c + 1];
        if (in->reach[c] < in->bound[c])
            todo[(*nt)++] = (piece_key){P->moff[c + 2] - P->moff[c + 1], (uint32_t)c};
    }
    for (size_t i = 0; i < n; i++) P->mem[P->moff[in->piece[i] + 1]++] = (uint32_t)i;
    qsort(todo, *nt, sizeof *todo, cmp_piece);
    return LC_OK;
}

lc_status lc_bundle_exact(const lc_bgraph *g, const lc_bexact_in *in, uint32_t *preset,
                          lc_bexact_out *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < g->n; i++) preset[i] = NONE;
    pieces P = {0};
    size_t nt = 0, used = 0;
    piece_key *todo = lc_malloc((in->npieces + 1) * sizeof *todo);
    lc_status st = todo ? pieces_init(g, in, &P, todo, &nt) : LC_ERR_NOMEM;
    /* pass 0: the root of each (its LP bound, often enough); pass 1: branch and bound on the
     * pieces still open, each for at most piece_seconds */
    for (int pass = 0; pass < 2 && !st; pass++)
        for (size_t k = 0; !st && k < nt; k++) {
            uint32_t c = todo[k].piece;
            double left = in->deadline - lc_now_s();
            if (P.settled[c]) continue;
            if (left <= 0 || used >= MAX_SETS_TOTAL) {
                out->skipped += pass == 0;
                continue;
            }
            size_t cap = MAX_SETS_TOTAL - used, sets = 0;
            cap = cap < MAX_SETS_PER_PIECE ? cap : MAX_SETS_PER_PIECE;
            double sec = pass == 0 ? left : fmin(left, in->piece_seconds);
            st = one_piece(g, in, &P, c, pass == 0, cap, sec, preset, out, &sets);
            used += pass == 0 ? sets : 0;
            out->tried += pass == 0;
        }
    out->sets = used;
    if (!st) number_sets(g, in, &P, preset, out);
    pieces_free(&P);
    lc_free(todo);
    return st;
}
