/*
 * exact.c — the siting problem as a mixed-integer programme, solved by COIN-OR CBC through
 * its C interface (Debian's coinor-libcbc-dev), started from the heuristic's sites.
 *
 * Columns: x_j ∈ {0, 1} per candidate that reaches any estate (and, with a budget, that it
 * affords); y_i ∈ [0, 1] per estate some candidate reaches. Rows: y_i − Σ_{j reaches i} x_j
 * ≤ 0 per estate, and
 *   count:  max Σ w_i y_i   with Σ x_j ≤ N
 *   budget: max Σ w_i y_i   with Σ c_j x_j ≤ B
 *   target: min Σ x_j       with Σ w_i y_i ≥ T
 * (y need not be integral: at an optimum y_i = min(1, Σ x_j) for a positive weight). CBC
 * answers with its best solution and the best bound it proved, so a run that hits the time
 * limit still says how far from the optimum it may be. Capacities are not modelled here.
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
#include <string.h>

#include <Cbc_C_Interface.h>

#include "site.h"

/* The model in CBC's column-major form, and the columns' meaning. */
typedef struct {
    int ncols, nrows;
    int *start, *index;   /* column j: rows index[start[j] .. start[j+1]) */
    double *value, *collb, *colub, *obj, *rowlb, *rowub;
    uint32_t *cand;       /* the candidate of x column k (k < nx) */
    int nx;
} mip;

static void mip_free(mip *m)
{
    lc_free(m->start), lc_free(m->index), lc_free(m->value), lc_free(m->collb);
    lc_free(m->colub), lc_free(m->obj), lc_free(m->rowlb), lc_free(m->rowub), lc_free(m->cand);
    memset(m, 0, sizeof *m);
}

static bool usable(const lc_site_problem *p, const lc_site_params *sp, uint32_t j)
{
    if (p->off[j + 1] == p->off[j]) return false;
    if (sp->mode != LC_SITE_BUDGET) return true;
    return p->cost && !isnan(p->cost[j]) && p->cost[j] <= sp->budget * (1 + 1e-12);
}

/* Rows: one per reached estate of positive weight (row[e], -1 for none), then the limit. */
static lc_status build(const lc_site_problem *p, const lc_site_params *sp, int *row, mip *m)
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
    nnz += 2 * (size_t)limit;
    m->start = lc_malloc(((size_t)m->ncols + 1) * sizeof *m->start);
    m->index = lc_malloc((nnz + 1) * sizeof *m->index);
    m->value = lc_malloc((nnz + 1) * sizeof *m->value);
    m->collb = lc_calloc((size_t)m->ncols + 1, sizeof *m->collb);
    m->colub = lc_malloc(((size_t)m->ncols + 1) * sizeof *m->colub);
    m->obj = lc_calloc((size_t)m->ncols + 1, sizeof *m->obj);
    m->rowlb = lc_malloc(((size_t)m->nrows + 1) * sizeof *m->rowlb);
    m->rowub = lc_malloc(((size_t)m->nrows + 1) * sizeof *m->rowub);
    m->cand = lc_malloc(((size_t)m->nx + 1) * sizeof *m->cand);
    if (!m->start || !m->index || !m->value || !m->collb || !m->colub || !m->obj || !m->rowlb ||
        !m->rowub || !m->cand || nnz > INT32_MAX)
        return LC_ERR_NOMEM;
    bool target = sp->mode == LC_SITE_TARGET;
    int c = 0, at = 0;
    for (uint32_t j = 0; j < p->ncand; j++) { /* x columns */
        if (!usable(p, sp, j)) continue;
        m->cand[c] = j, m->start[c] = at, m->colub[c] = 1, m->obj[c] = target ? 1 : 0;
        for (size_t k = p->off[j]; k < p->off[j + 1]; k++)
            if (row[p->est[k]] >= 0) m->index[at] = row[p->est[k]], m->value[at++] = -1;
        m->index[at] = limit;
        m->value[at++] = sp->mode == LC_SITE_BUDGET ? p->cost[j] : target ? 0 : 1;
        c++;
    }
    for (int r = 0; r < limit; r++) m->rowlb[r] = -DBL_MAX, m->rowub[r] = 0;
    m->rowlb[limit] = target ? sp->target_w * (1 - 1e-9) : -DBL_MAX;
    m->rowub[limit] = target ? DBL_MAX
                             : (sp->mode == LC_SITE_BUDGET ? sp->budget * (1 + 1e-12)
                                                           : (double)sp->count);
    double *w_of_row = lc_malloc(((size_t)limit + 1) * sizeof *w_of_row);
    if (!w_of_row) return LC_ERR_NOMEM;
    for (size_t e = 0; e < p->nest; e++)
        if (row[e] >= 0) w_of_row[row[e]] = p->w[e];
    for (int r = 0; r < limit; r++) {
        int y = m->nx + r;
        m->start[y] = at, m->colub[y] = 1, m->obj[y] = target ? 0 : w_of_row[r];
        m->index[at] = r, m->value[at++] = 1;
        if (target) m->index[at] = limit, m->value[at++] = w_of_row[r];
    }
    m->start[m->ncols] = at;
    lc_free(w_of_row);
    return LC_OK;
}

/* Solve m with CBC from the warm start; the chosen candidates into out. */
static lc_status solve(const mip *m, const lc_site_params *sp, lc_site_exact *out)
{
    Cbc_Model *cbc = Cbc_newModel();
    if (!cbc) return LC_ERR_NOMEM;
    Cbc_loadProblem(cbc, m->ncols, m->nrows, m->start, m->index, m->value, m->collb, m->colub,
                    m->obj, m->rowlb, m->rowub);
    for (int k = 0; k < m->nx; k++) Cbc_setInteger(cbc, k);
    Cbc_setObjSense(cbc, sp->mode == LC_SITE_TARGET ? 1 : -1);
    Cbc_setLogLevel(cbc, 0);
    Cbc_setMaximumSeconds(cbc, sp->time_limit_s);
    if (sp->max_nodes > 0) Cbc_setMaximumNodes(cbc, sp->max_nodes);
    /* Clp's presolve of the root programme leaks (CoinUtils 2.11's implied_free_action, seen
     * by LeakSanitizer); the programmes here are plain enough without it */
    Cbc_setParameter(cbc, "presolve", "off");
    Cbc_solve(cbc);
    const double *x = Cbc_getColSolution(cbc);
    out->solved = x && (Cbc_isProvenOptimal(cbc) || Cbc_numberSavedSolutions(cbc) > 0);
    out->optimal = Cbc_isProvenOptimal(cbc) != 0;
    out->time_limit_hit = !out->optimal && (Cbc_isSecondsLimitReached(cbc) != 0 ||
                                            Cbc_isNodeLimitReached(cbc) != 0);
    out->obj = Cbc_getObjValue(cbc);
    out->bound = Cbc_getBestPossibleObjValue(cbc);
    out->n = 0;
    out->set = out->solved ? lc_malloc(((size_t)m->nx + 1) * sizeof *out->set) : NULL;
    lc_status st = out->solved && !out->set ? LC_ERR_NOMEM : LC_OK;
    for (int k = 0; !st && out->solved && k < m->nx; k++)
        if (x[k] > 0.5) out->set[out->n++] = m->cand[k];
    Cbc_deleteModel(cbc);
    return st;
}

lc_status lc_site_exact_solve(lc_ctx *ctx, const lc_site_problem *p, const lc_site_params *sp,
                              lc_site_exact *out)
{
    memset(out, 0, sizeof *out);
    mip m = {0};
    int *row = lc_malloc((p->nest + 1) * sizeof *row);
    lc_status st = row ? build(p, sp, row, &m) : LC_ERR_NOMEM;
    if (!st && m.nx == 0) { /* nothing to choose: trivially optimal */
        out->solved = out->optimal = true;
        out->obj = out->bound = 0;
    } else if (!st) {
        st = solve(&m, sp, out);
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
    lc_free(e->set);
    memset(e, 0, sizeof *e);
}
