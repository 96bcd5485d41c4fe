/*
 * exact.c — the siting problem as a mixed-integer programme, solved by COIN-OR CBC through
 * its C interface (Debian's coinor-libcbc-dev).
 *
 * Columns: x_j ∈ {0, 1} per candidate that reaches any estate (and, with a budget, that it
 * affords). Without capacities, y_i ∈ [0, 1] per estate of positive weight some candidate
 * reaches, with rows y_i − Σ_{j reaches i} x_j ≤ 0, and
 *   count:  max Σ w_i y_i   with Σ x_j ≤ N
 *   budget: max Σ w_i y_i   with Σ c_j x_j ≤ B
 *   target: min Σ x_j       with Σ w_i y_i ≥ T
 * (y need not be integral: at an optimum y_i = min(1, Σ x_j) for a positive weight).
 * With capacities an estate is served whole by one site: z_ij ∈ {0, 1} per pair (j reaches i,
 * w_i ≤ k_j) — or, with split demand, z_ij ∈ [0, 1] the share of i that j serves — rows Σ_j z_ij ≤ 1 per estate, Σ_i w_i z_ij − k_j x_j ≤ 0 per site (k_j its
 * capacity, at most the weight it reaches) and z_ij − x_j ≤ 0 per pair (implied for integers,
 * but it lifts the relaxation's bound from "capacity spread over fractions of sites" to
 * nearly the optimum), objective and limit on Σ w_i z_ij in place of Σ w_i y_i.
 * CBC answers with its best solution and the best bound it proved, so a run that hits the
 * time limit still says how far from the optimum it may be.
 *
 * The heuristic's sites are not given to CBC as a MIP start: CBC 2.10's C interface matches
 * a start by column names and, after presolve, read past its column array on small instances
 * ("Illegal index in ClpModel::getColumnName", no solution) or took the start as the cutoff
 * and reported the relaxation "infeasible" without a solution. The caller keeps the
 * heuristic's answer unless CBC's is better, so the start's one use — an answer when the
 * limit hits first — holds without it.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <Cbc_C_Interface.h>

#include "site.h"


/* The model in CBC's column-major form, filled column by column into arrays sized up front,
 * and the columns' meaning. */
typedef struct {
    int ncols, nrows, nx;
    int *start, *index;   /* column c: rows index[start[c] .. start[c+1]) */
    double *value, *collb, *colub, *obj, *rowlb, *rowub;
    uint32_t *cand;       /* the candidate of x column k (k < nx) */
    size_t *pk;           /* capacities: the pair (index into the problem's est) of z column
                             nx + k */
    int c, at;            /* columns and entries so far */
} mip;

static void mip_free(mip *m)
{
    lc_free(m->start), lc_free(m->index), lc_free(m->value), lc_free(m->collb);
    lc_free(m->colub), lc_free(m->obj), lc_free(m->rowlb), lc_free(m->rowub), lc_free(m->cand);
    lc_free(m->pk);
    memset(m, 0, sizeof *m);
}

static lc_status mip_alloc(mip *m, size_t npairs, size_t nnz)
{
    if (nnz > INT32_MAX || (size_t)m->ncols + m->nrows > INT32_MAX) return LC_ERR_NOMEM;
    size_t nc = (size_t)m->ncols + 1, nr = (size_t)m->nrows + 1;
    m->start = lc_malloc(nc * sizeof *m->start);
    m->index = lc_malloc((nnz + 1) * sizeof *m->index);
    m->value = lc_malloc((nnz + 1) * sizeof *m->value);
    m->collb = lc_calloc(nc, sizeof *m->collb);
    m->colub = lc_malloc(nc * sizeof *m->colub);
    m->obj = lc_calloc(nc, sizeof *m->obj);
    m->rowlb = lc_malloc(nr * sizeof *m->rowlb);
    m->rowub = lc_malloc(nr * sizeof *m->rowub);
    m->cand = lc_malloc(((size_t)m->nx + 1) * sizeof *m->cand);
    m->pk = lc_malloc((npairs + 1) * sizeof *m->pk);
    bool ok = m->start && m->index && m->value && m->collb && m->colub && m->obj && m->rowlb &&
              m->rowub && m->cand && m->pk;
    return ok ? LC_OK : LC_ERR_NOMEM;
}

/* Open the next column (bounds [0, 1]) with its objective coefficient. */
static void col(mip *m, double obj)
{
    m->start[m->c] = m->at, m->colub[m->c] = 1, m->obj[m->c] = obj;
    m->c++;
}

/* An entry of the open column. */
static void put(mip *m, int row, double v)
{
    m->index[m->at] = row, m->value[m->at++] = v;
}

static void row_bounds(mip *m, int r, double lb, double ub)
{
    m->rowlb[r] = lb, m->rowub[r] = ub;
}

static bool usable(const lc_site_problem *p, const lc_site_params *sp, uint32_t j)
{
    if (p->off[j + 1] == p->off[j]) return false;
    if (sp->mode != LC_SITE_BUDGET) return true;
    return p->cost && !isnan(p->cost[j]) && p->cost[j] <= sp->budget * (1 + 1e-12);
}

/* The limit row: the count, the budget or the target, and x_j's coefficient in it. */
static void limit_bounds(mip *m, const lc_site_params *sp, int limit)
{
    if (sp->mode == LC_SITE_TARGET) row_bounds(m, limit, sp->target_w, DBL_MAX);
    else if (sp->mode == LC_SITE_BUDGET) row_bounds(m, limit, -DBL_MAX, sp->budget * (1 + 1e-12));
    else row_bounds(m, limit, -DBL_MAX, (double)sp->count);
}

static double x_in_limit(const lc_site_problem *p, const lc_site_params *sp, uint32_t j)
{
    return sp->mode == LC_SITE_BUDGET ? p->cost[j] : sp->mode == LC_SITE_TARGET ? 0 : 1;
}

/* Without capacities: rows one per reached estate of positive weight (row[e], -1 for
 * none), then the limit; columns x, then y per estate row. */
static lc_status build_cover(const lc_site_problem *p, const lc_site_params *sp, int *row, mip *m)
{
    size_t nnz = 0;
    for (size_t e = 0; e < p->nest; e++) row[e] = -1;
    for (uint32_t j = 0; j < p->ncand; j++) {
        if (!usable(p, sp, j)) continue;
        m->nx++;
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++)
            if (p->w[p->est[k]] > 0 && row[p->est[k]] < 0) row[p->est[k]] = m->nrows++;
        nnz += p->off[j + 1] - p->off[j] + 1;
    }
    int limit = m->nrows++;
    m->ncols = m->nx + limit;
    if (mip_alloc(m, 0, nnz + 2 * (size_t)limit)) return LC_ERR_NOMEM;
    bool target = sp->mode == LC_SITE_TARGET;
    for (uint32_t j = 0; j < p->ncand; j++) {
        if (!usable(p, sp, j)) continue;
        m->cand[m->c] = j;
        col(m, target ? 1 : 0);
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++)
            if (row[p->est[k]] >= 0) put(m, row[p->est[k]], -1);
        put(m, limit, x_in_limit(p, sp, j));
    }
    double *w_of_row = lc_malloc(((size_t)limit + 1) * sizeof *w_of_row);
    if (!w_of_row) return LC_ERR_NOMEM;
    for (size_t e = 0; e < p->nest; e++)
        if (row[e] >= 0) w_of_row[row[e]] = p->w[e];
    for (int r = 0; r < limit; r++) {
        row_bounds(m, r, -DBL_MAX, 0);
        col(m, target ? 0 : w_of_row[r]);
        put(m, r, 1);
        if (target) put(m, limit, w_of_row[r]);
    }
    limit_bounds(m, sp, limit);
    m->start[m->ncols] = m->at;
    lc_free(w_of_row);
    return LC_OK;
}

/* Capacity k_j (NAN: unlimited) and whether candidate j can serve estate e whole. */
static double cap_of(const lc_site_problem *p, uint32_t j)
{
    return isnan(p->cap[j]) ? INFINITY : p->cap[j];
}

static bool servable(const lc_site_problem *p, uint32_t j, uint32_t e)
{
    if (p->split) return p->w[e] > 0 && cap_of(p, j) > 0;
    return p->w[e] > 0 && p->w[e] <= cap_of(p, j) * (1 + 1e-12);
}

/* With capacities: rows per served estate (row[e]), per site, per pair, then the limit;
 * columns x, then z grouped by candidate. */
static lc_status build_assign(const lc_site_problem *p, const lc_site_params *sp, int *row, mip *m)
{
    size_t npairs = 0;
    int nerows = 0;
    for (size_t e = 0; e < p->nest; e++) row[e] = -1;
    for (uint32_t j = 0; j < p->ncand; j++) {
        if (!usable(p, sp, j)) continue;
        m->nx++;
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++) {
            uint32_t e = p->est[k];
            if (!servable(p, j, e)) continue;
            npairs++;
            if (row[e] < 0) row[e] = nerows++;
        }
    }
    if (npairs > INT32_MAX / 4) return LC_ERR_NOMEM;
    int site0 = nerows, pair0 = site0 + m->nx, limit = pair0 + (int)npairs;
    m->nrows = limit + 1, m->ncols = m->nx + (int)npairs;
    bool target = sp->mode == LC_SITE_TARGET;
    if (mip_alloc(m, npairs, 2 * (size_t)m->nx + 5 * npairs)) return LC_ERR_NOMEM;
    int pr = pair0;
    for (uint32_t j = 0; j < p->ncand; j++) { /* x: its capacity row, its pair rows, limit */
        if (!usable(p, sp, j)) continue;
        int x = m->c;
        double reach = 0;
        m->cand[x] = j;
        col(m, target ? 1 : 0);
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++)
            if (servable(p, j, p->est[k])) reach += p->w[p->est[k]];
        put(m, site0 + x, -fmin(cap_of(p, j), reach));
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++)
            if (servable(p, j, p->est[k])) put(m, pr++, -1);
        put(m, limit, x_in_limit(p, sp, j));
    }
    pr = pair0;
    for (int x = 0; x < m->nx; x++) { /* z per pair: estate, capacity, pair and limit rows */
        uint32_t j = m->cand[x];
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++) {
            uint32_t e = p->est[k];
            if (!servable(p, j, e)) continue;
            m->pk[m->c - m->nx] = k;
            col(m, target ? 0 : p->w[e]);
            put(m, row[e], 1), put(m, site0 + x, p->w[e]), put(m, pr++, 1);
            if (target) put(m, limit, p->w[e]);
        }
    }
    for (int r = 0; r < limit; r++) row_bounds(m, r, -DBL_MAX, r < site0 ? 1 : 0);
    limit_bounds(m, sp, limit);
    m->start[m->ncols] = m->at;
    return LC_OK;
}

/* The chosen candidates of solution x (and with capacities the weight each serves of each
 * estate) into out. */
static lc_status read_solution(const mip *m, const lc_site_problem *p, const double *x,
                               lc_site_exact *out)
{
    out->n = 0;
    out->set = lc_malloc(((size_t)m->nx + 1) * sizeof *out->set);
    out->amt = p->cap ? lc_calloc(p->off[p->ncand] + 1, sizeof *out->amt) : NULL;
    if (!out->set || (p->cap && !out->amt)) return LC_ERR_NOMEM;
    for (int k = 0; k < m->nx; k++)
        if (x[k] > 0.5) out->set[out->n++] = m->cand[k];
    for (int c = m->nx; out->amt && c < m->ncols; c++) {
        size_t k = m->pk[c - m->nx];
        double z = p->split ? fmin(1, fmax(0, x[c])) : x[c] > 0.5;
        if (z > 1e-9) out->amt[k] = z * p->w[p->est[k]];
    }
    return LC_OK;
}

/* Solve m with CBC; the chosen candidates (and with capacities each estate's) into out. */
static lc_status solve(const mip *m, const lc_site_problem *p, const lc_site_params *sp,
                       lc_site_exact *out)
{
    Cbc_Model *cbc = Cbc_newModel();
    if (!cbc) return LC_ERR_NOMEM;
    Cbc_loadProblem(cbc, m->ncols, m->nrows, m->start, m->index, m->value, m->collb, m->colub,
                    m->obj, m->rowlb, m->rowub);
    int nint = p->cap && !p->split ? m->ncols : m->nx; /* split demand: z continuous */
    for (int k = 0; k < nint; k++) Cbc_setInteger(cbc, k);
    Cbc_setObjSense(cbc, sp->mode == LC_SITE_TARGET ? 1 : -1);
    /* the bench compares solvers on the very programme solved here (user guide, "Exact") */
    const char *mps = getenv("LIFECIRCLE_SITE_MPS");
    if (mps && *mps) Cbc_writeMps(cbc, mps);
    Cbc_setLogLevel(cbc, getenv("LIFECIRCLE_SITE_LOG") ? 1 : 0);
    Cbc_setMaximumSeconds(cbc, sp->time_limit_s);
    if (sp->max_nodes > 0) Cbc_setMaximumNodes(cbc, sp->max_nodes);
    /* Clp's presolve of the root programme leaks (CoinUtils 2.11's implied_free_action, seen
     * by LeakSanitizer); the programmes here are plain enough without it */
    Cbc_setParameter(cbc, "presolve", "off");
    /* the limit is a planner's wait: wall-clock seconds, not CBC's default CPU seconds */
    Cbc_setParameter(cbc, "timeMode", "elapsed");
    Cbc_solve(cbc);
    const double *x = Cbc_getColSolution(cbc);
    out->solved = x && (Cbc_isProvenOptimal(cbc) || Cbc_numberSavedSolutions(cbc) > 0);
    out->optimal = Cbc_isProvenOptimal(cbc) != 0;
    out->time_limit_hit = !out->optimal && (Cbc_isSecondsLimitReached(cbc) != 0 ||
                                            Cbc_isNodeLimitReached(cbc) != 0);
    out->obj = Cbc_getObjValue(cbc);
    out->bound = Cbc_getBestPossibleObjValue(cbc);
    lc_status st = out->solved ? read_solution(m, p, x, out) : LC_OK;
    Cbc_deleteModel(cbc);
    return st;
}

lc_status lc_site_exact_solve(lc_ctx *ctx, const lc_site_problem *p, const lc_site_params *sp,
                              lc_site_exact *out)
{
    memset(out, 0, sizeof *out);
    mip m = {0};
    int *row = lc_malloc((p->nest + 1) * sizeof *row);
    lc_status st = !row ? LC_ERR_NOMEM : p->cap ? build_assign(p, sp, row, &m)
                                                 : build_cover(p, sp, row, &m);
    if (!st && m.nx == 0) { /* nothing to choose: trivially optimal */
        out->solved = out->optimal = true;
        out->obj = out->bound = 0;
    } else if (!st) {
        st = solve(&m, p, sp, out);
    }
    lc_free(row);
    mip_free(&m);
    if (st) {
        lc_site_exact_clear(out);
        return lc_fail(ctx, st, "out of memory building the siting programme");
    }
    return LC_OK;
}

void lc_site_exact_clear(lc_site_exact *e)
{
    lc_free(e->set), lc_free(e->amt);
    memset(e, 0, sizeof *e);
}
