/* gaps.c — the gap list (see gaps.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gaps.h"
#include "summary.h"

const char *lc_estate_label(const lc_dataset *ds, size_t e, char *buf, size_t cap)
{
    const lc_table *t = ds->est_src ? ds->est_src->table : NULL;
    long nc = t && ds->field ? lc_table_field_index(t, ds->field[LC_ROLE_NAME]) : -1;
    buf[0] = '\0';
    if (nc >= 0) lc_value_text(&t->fields[nc].col[ds->est[e].row], buf, cap);
    if (!buf[0]) snprintf(buf, cap, "%s", ds->est[e].id ? ds->est[e].id : "");
    return buf;
}

static int by_place(const void *pa, const void *pb)
{
    const lc_gap *a = pa, *b = pb;
    if (a->k != b->k) return a->k < b->k ? -1 : 1;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    if (a->dist != b->dist) return a->dist < b->dist ? -1 : 1;
    double pa_ = isnan(a->people) ? -1 : a->people, pb_ = isnan(b->people) ? -1 : b->people;
    if (pa_ != pb_) return pa_ > pb_ ? -1 : 1;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->e > b->e) - (a->e < b->e);
}

lc_gap *lc_gaps_list(const lc_dataset *ds, const lc_cover *cv, const lc_equity *eq,
                     size_t *out_n, char ***out_dist, size_t *out_nd)
{
    size_t n = 0, nd = 0;
    for (size_t i = 0; i < cv->ncat * cv->ntiers * ds->nest; i++) n += cv->g[i] != 0;
    char **dist = lc_summary_districts(ds, &nd);
    size_t *of = lc_malloc((ds->nest + 1) * sizeof *of);
    lc_gap *g = lc_malloc((n + 1) * sizeof *g);
    if (!dist || !of || !g) {
        lc_free(dist), lc_free(of), lc_free(g);
        return NULL;
    }
    for (size_t e = 0; e < ds->nest; e++) {
        char *key = ds->est[e].district;
        of[e] = (size_t)((char **)bsearch(&key, dist, nd, sizeof(char *), lc_cmp_strp) - dist);
    }
    size_t m = 0;
    for (size_t k = 0; k < cv->ncat; k++)
        for (size_t t = 0; t < cv->ntiers; t++)
            for (size_t e = 0; e < ds->nest; e++) {
                if (!cv->g[LC_COV_IDX(cv, k, t, e)]) continue;
                double w = eq->cat[k].w[e];
                g[m++] = (lc_gap){k, t, of[e], e, w > 0 ? w : NAN, ds->est[e].id};
            }
    qsort(g, m, sizeof *g, by_place);
    lc_free(of);
    *out_n = m, *out_dist = dist, *out_nd = nd;
    return g;
}

static lc_status gap_row(lc_table *t, const lc_dataset *ds, const lc_cover *cv,
                         const lc_equity *eq, const lc_gap *g, char **dist)
{
    size_t r;
    char name[256];
    lc_estate_label(ds, g->e, name, sizeof name);
    bool named = strcmp(name, ds->est[g->e].id) != 0;
    if (lc_table_add_row(t, (int64_t)t->nrows, &r) || lc_table_set_str(t, r, 0, ds->cat[g->k]) ||
        lc_table_set_str(t, r, 2, dist[g->dist][0] ? dist[g->dist] : NULL) ||
        lc_table_set_str(t, r, 3, ds->est[g->e].id) ||
        lc_table_set_str(t, r, 4, named ? name : NULL) ||
        lc_table_set_str(t, r, 6, eq->cat[g->k].role))
        return LC_ERR_NOMEM;
    lc_table_set_int(t, r, 1, cv->tier_minutes[g->t]);
    if (!isnan(g->people)) lc_table_set_real(t, r, 5, g->people);
    return LC_OK;
}

lc_status lc_gaps_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                        const lc_equity *eq, lc_table **out)
{
    static const char *const names[] = {"category", "tier", "district", "estate", "name",
                                        "people", "demand"};
    static const lc_ftype types[] = {LC_FT_STRING, LC_FT_INT, LC_FT_STRING, LC_FT_STRING,
                                     LC_FT_STRING, LC_FT_REAL, LC_FT_STRING};
    size_t n = 0, nd = 0;
    char **dist = NULL;
    lc_table *t = lc_table_create();
    lc_gap *g = t ? lc_gaps_list(ds, cv, eq, &n, &dist, &nd) : NULL;
    lc_status st = g ? LC_OK : LC_ERR_NOMEM;
    for (size_t i = 0; !st && i < 7; i++) st = lc_table_add_field(t, names[i], types[i], 0, 0, NULL);
    for (size_t i = 0; !st && i < n; i++) st = gap_row(t, ds, cv, eq, &g[i], dist);
    lc_free(g), lc_free(dist);
    if (st) {
        lc_table_destroy(t);
        return lc_fail(ctx, st, "out of memory");
    }
    *out = t;
    return LC_OK;
}
