/*
 * site.h — where new facilities close the most gaps: which uncovered estates each candidate
 * site would cover at a tier (cover/reach.h), the choice of sites (solve.c:
 * maximum coverage by lazy greedy then swaps; budget and target modes), and the step of a
 * run (siting.c).
 */
#ifndef LC_SITE_H
#define LC_SITE_H

#include "../cover/cover.h"
#include "../cover/reach.h"
#include "../cover/walk.h"
#include "../model/site_inputs.h"

/* ---- the covering problem ------------------------------------------------------------ */

/** Candidate j covers estates est[off[j] .. off[j+1]) (nearest first); all borrowed. */
typedef struct lc_site_problem {
    size_t ncand, nest;
    const size_t *off;
    const uint32_t *est;
    const double *w;    /* weight per estate */
    const double *cost; /* per candidate; NULL unless budget mode (NAN: not affordable) */
    const double *cap;  /* per candidate, the weight it serves at most (NAN: unlimited);
                           NULL: no capacities */
    bool split;         /* with capacities: an estate's weight may be split across the sites
                           reaching it (else each estate is served whole by one site) */
} lc_site_problem;

typedef enum lc_site_mode { LC_SITE_COUNT = 0, LC_SITE_BUDGET, LC_SITE_TARGET } lc_site_mode;

typedef struct lc_site_params {
    lc_site_mode mode;
    size_t count;     /* LC_SITE_COUNT: at most this many sites */
    double budget;    /* LC_SITE_BUDGET: total cost at most this */
    double target_w;  /* LC_SITE_TARGET: newly covered weight to reach */
    double time_limit_s; /* the exact solver's limit (exact.c); <= 0: the heuristic only */
    int max_nodes;       /* its branch-and-bound nodes at most (0: no limit): the tests stop the
                            search with it, as the time limit does on a big problem */
} lc_site_params;

/** The chosen sites in rank order and each estate's site (rank). Without capacities an estate
 *  goes to the first site in rank order reaching it; with capacities, to the site the answer
 *  assigns it (the solver's assignment, or the rank-order fill: nearest first, whole
 *  estates). Owns its arrays. */
typedef struct lc_site_result {
    uint32_t *chosen;   /* candidate indices, rank order */
    double *gain;       /* marginal newly covered weight of each, in rank order */
    size_t n;
    uint32_t *assign;   /* per estate: rank covering it, UINT32_MAX: none */
    double covered;     /* total newly covered weight */
    bool target_met;    /* LC_SITE_TARGET: the target was reached */
    bool exact;         /* the MIP solver answered (else: the heuristic) */
    bool optimal;       /* proven optimal */
    bool time_limit_hit; /* the solver stopped at its limit before proving the optimum */
    double bound;       /* best bound proven: covered weight (count, budget) or sites (target);
                           NAN when not exact */
    double gap;         /* relative distance to the bound, 0 when optimal; NAN when not exact */
} lc_site_result;

/**
 * Maximise the newly covered weight: lazy greedy (by gain, or by gain per cost with a
 * budget, compared with the best single affordable site), then swaps of a chosen site for
 * an unchosen one while the covered weight grows. Target mode: greedy until the target
 * weight is reached, then drop sites that are not needed. Then, with a time limit, the
 * exact solver (lc_site_exact_solve), whose answer is kept when it is better. Ranks: greedy
 * order of the chosen set, so each site's gain is its marginal gain after the ones above it
 * (with capacities under the answer's assignment: the weight each site serves).
 */
lc_status lc_site_solve(lc_ctx *ctx, const lc_site_problem *p, const lc_site_params *sp,
                        lc_site_result *out);
void lc_site_result_clear(lc_site_result *r);
/** One line on how good the answer is: "exact (CBC): optimal", "... within 0.8 % of the best
 *  possible", or the heuristic's, in English (the English report). */
void lc_site_quality(const lc_site_result *r, char *buf, size_t cap);
/** The same line in the messages' language, for the log. */
void lc_site_quality_tr(const lc_site_result *r, char *buf, size_t cap);
/** "optimal", "exact, time limit" (a feasible answer with a gap) or "heuristic". */
const char *lc_site_method(const lc_site_result *r);

/** What the exact solver found (exact.c): the chosen candidates, with capacities the weight
 *  each serves of each estate, the objective (covered weight, or sites for a target) and the
 *  best bound it proved. Owns `set` and `amt`. */
typedef struct lc_site_exact {
    uint32_t *set;
    size_t n;
    double *amt;        /* capacities: per pair of the problem's CSR (off/est) the weight the
                           candidate serves of the estate; NULL without capacities */
    double obj, bound;
    bool solved, optimal, time_limit_hit;
} lc_site_exact;

/** Solve p exactly as a mixed-integer programme (COIN-OR CBC) within sp->time_limit_s; with
 *  capacities as an assignment of whole estates to sites (or of parts, p->split). out->solved is false when CBC
 *  found no solution; its bound is set also then when the limit stopped it. */
lc_status lc_site_exact_solve(lc_ctx *ctx, const lc_site_problem *p, const lc_site_params *sp,
                              lc_site_exact *out);
void lc_site_exact_clear(lc_site_exact *e);

/** Newly covered weight of the candidate set `chosen` (n, in this order), by the
 *  rank-order assignment; `assign` (nest entries, may be NULL) receives each estate's rank. */
double lc_site_objective(const lc_site_problem *p, const uint32_t *chosen, size_t n,
                         uint32_t *assign);

/* ---- the step of a run ----------------------------------------------------------------- */

typedef struct lc_siting {
    const char *category;   /* borrowed from the settings */
    int tier;
    double radius_m;
    bool walking;
    bool capacities;          /* capacity_field set: sites serve at most their capacity */
    bool split;               /* and estates' weight may be split across sites */
    char weight_field[64];
    lc_candidates cand;
    lc_site_result res;
    double total_w, before_w; /* weight of all estates, of those already covered */
    size_t uncovered, unreachable;
    lc_reach_sets reach;      /* the uncovered estates each candidate reaches */
} lc_siting;

/** Suggest sites per the settings (s->site_category set). `wk`/`g` NULL: straight line. */
lc_status lc_siting_run(lc_ctx *ctx, const lc_site_settings *s, const lc_dataset *ds,
                        const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                        lc_siting *out);
void lc_siting_clear(lc_siting *st);

#endif
