/*
 * site_inputs.c — candidate sites; see site_inputs.h.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "site_inputs.h"
#include "../core/msg.h"

lc_status lc_candidates_alloc(lc_candidates *c, size_t n)
{
    memset(c, 0, sizeof *c);
    c->id = lc_calloc(n + 1, sizeof *c->id);
    c->xy = lc_calloc(2 * n + 1, sizeof *c->xy);
    c->cost = lc_calloc(n + 1, sizeof *c->cost);
    c->cap = lc_calloc(n + 1, sizeof *c->cap);
    if (!c->id || !c->xy || !c->cost || !c->cap) return LC_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) c->cost[i] = c->cap[i] = NAN;
    return LC_OK;
}

void lc_candidates_clear(lc_candidates *c)
{
    for (size_t i = 0; c->id && i < c->n; i++) lc_free(c->id[i]);
    lc_free(c->id);
    lc_free(c->xy);
    lc_free(c->cost);
    lc_free(c->cap);
    lc_datum_sample_clear(&c->datum);
    memset(c, 0, sizeof *c);
}

typedef struct {
    char *id;
    double x, y, cost, cap;
} cand_row;

static int cmp_cand(const void *a, const void *b)
{
    const cand_row *p = a, *q = b;
    int c = strcmp(p->id, q->id);
    if (c) return c;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    return (p->y > q->y) - (p->y < q->y);
}

lc_status lc_candidates_sort(lc_candidates *c)
{
    cand_row *r = lc_malloc((c->n + 1) * sizeof *r);
    if (!r) return LC_ERR_NOMEM;
    for (size_t i = 0; i < c->n; i++)
        r[i] = (cand_row){c->id[i], c->xy[2 * i], c->xy[2 * i + 1], c->cost[i], c->cap[i]};
    qsort(r, c->n, sizeof *r, cmp_cand);
    for (size_t i = 0; i < c->n; i++) {
        c->id[i] = r[i].id, c->xy[2 * i] = r[i].x, c->xy[2 * i + 1] = r[i].y;
        c->cost[i] = r[i].cost, c->cap[i] = r[i].cap;
    }
    lc_free(r);
    return LC_OK;
}

/* A numeric field of the candidates (NULL name: none); NAN when empty, warned when bad. */
static double number_at(lc_ctx *ctx, const lc_source_layer *src, long col, size_t row,
                        size_t *bad)
{
    if (col < 0) return NAN;
    const lc_value *v = &src->table->fields[col].col[row];
    double d;
    if (v->kind == LC_VAL_NULL) return NAN;
    if (lc_value_number(v, &d) && d >= 0 && isfinite(d)) return d;
    if (lc_listed(bad)) {
        char text[64];
        lc_warn(ctx, "%s: field '%s' = '%s' is not a non-negative number; ignored",
                lc_feature_where(src, row, NULL), src->table->fields[col].name,
                lc_value_text(v, text, sizeof text));
    }
    return NAN;
}

static lc_status field_col(lc_ctx *ctx, const lc_source_layer *src, const char *name, long *col)
{
    *col = name ? lc_table_field_index(src->table, name) : -1;
    if (name && *col < 0)
        return lc_fail(ctx, LC_ERR_DATA, "%s: no field '%s'", src->desc, name);
    return LC_OK;
}

/* Row r into candidate slot c->n when its geometry is usable. */
static lc_status take_row(lc_ctx *ctx, const lc_source_layer *src, lc_xform *x, size_t r,
                          long idc, lc_candidates *c)
{
    const char *why = NULL;
    double px, py;
    if (!lc_project_point(ctx, src, r, x, &px, &py, &why)) {
        lc_skip_warn(ctx, src, r, why, c->skipped++);
        return LC_OK;
    }
    char buf[256];
    const lc_table *t = src->table;
    if (idc >= 0 && t->fields[idc].col[r].kind != LC_VAL_NULL)
        c->id[c->n] = lc_strdup(lc_value_text(&t->fields[idc].col[r], buf, sizeof buf));
    else c->id[c->n] = lc_asprintf("%" PRId64, t->fid[r]);
    if (!c->id[c->n]) return LC_ERR_NOMEM;
    c->xy[2 * c->n] = px, c->xy[2 * c->n + 1] = py;
    c->n++;
    return LC_OK;
}

lc_status lc_candidates_load(lc_ctx *ctx, const lc_site_settings *s, bool network,
                             const char *work_wkt,
                             lc_candidates *out)
{
    memset(out, 0, sizeof *out);
    lc_source_layer *src = NULL;
    lc_xform *x = NULL;
    long idc = -1, cc = -1, kc = -1;
    lc_input_datum datum;
    lc_status st = lc_read_projected_xy(ctx, &s->candidates, LC_IO_POINTS, work_wkt, &src, &x,
                                        &datum);
    if (!st) st = field_col(ctx, src, s->cost_field, &cc);
    if (!st) st = field_col(ctx, src, s->capacity_field, &kc);
    if (!st && lc_candidates_alloc(out, src->table->nrows)) st = LC_ERR_NOMEM;
    if (!st) out->datum_read = datum;
    if (!st) idc = lc_table_field_index(src->table, "id");
    size_t bad = 0, n0;
    for (size_t r = 0; !st && r < src->table->nrows; r++) {
        n0 = out->n;
        st = take_row(ctx, src, x, r, idc, out);
        if (st || out->n == n0) continue;
        out->cost[n0] = number_at(ctx, src, cc, r, &bad);
        out->cap[n0] = number_at(ctx, src, kc, r, &bad);
    }
    if (!st) lc_skips_total(ctx, src, out->skipped, N_("candidates"));
    if (!st && network)
        st = lc_datum_sample_take(ctx, src, s->candidates.srs, "--candidates-srs", &out->datum);
    if (src) out->read = src->table->nrows;
    lc_xform_destroy(x);
    lc_source_layer_destroy(src);
    if (st) {
        lc_candidates_clear(out);
        return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
    }
    return LC_OK;
}
