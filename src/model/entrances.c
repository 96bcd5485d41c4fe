/*
 * entrances.c — estate gates (--entrances): points carrying the id of their estate. With
 * them, an estate's gates replace its access points on the walking network. Points that
 * name no known estate, or have no usable geometry, are reported and counted.
 */
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "network.h"
#include "../core/msg.h"

typedef struct {
    const char *id;
    size_t est;
} id_index;

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const id_index *)a)->id, ((const id_index *)b)->id);
}

typedef struct {
    size_t est;
    double x, y;
} gate;

static int cmp_gate(const void *a, const void *b)
{
    const gate *p = a, *q = b;
    return p->est < q->est ? -1 : (p->est > q->est);
}

/* Estate index for an id, via the sorted index; SIZE_MAX when unknown. */
static size_t estate_of(const id_index *ix, size_t n, const char *id)
{
    id_index key = {id, 0};
    const id_index *hit = n ? bsearch(&key, ix, n, sizeof *ix, cmp_id) : NULL;
    return hit ? hit->est : SIZE_MAX;
}

static lc_status collect_gates(lc_ctx *ctx, const lc_walk_settings *s, const lc_source_layer *src,
                               lc_xform *x, const id_index *ix, size_t nix, gate *gates,
                               size_t *ngates, lc_entrance_counts *c)
{
    const lc_table *t = src->table;
    long col = lc_table_field_index(t, s->entrance_field);
    if (col < 0)
        return lc_fail(ctx, LC_ERR_FORMAT, "%s: no field '%s' with the estate id (name it with "
                       "--entrance-field)", src->desc, s->entrance_field);
    for (size_t r = 0; r < t->nrows; r++) {
        char id[256];
        lc_value_text(&t->fields[col].col[r], id, sizeof id);
        size_t e = estate_of(ix, nix, id);
        if (e == SIZE_MAX) {
            if (lc_listed(&c->unknown))
                lc_warn(ctx, "%s: estate id '%s' is not among the estates; entrance ignored",
                        lc_feature_where(src, r, NULL), id);
            continue;
        }
        double px, py;
        const char *why = NULL;
        if (!lc_project_point(ctx, src, r, x, &px, &py, &why)) {
            lc_skip_warn(ctx, src, r, why, c->skipped++);
            continue;
        }
        gates[(*ngates)++] = (gate){e, px, py};
    }
    if (lc_listed_not_all(c->unknown))
        lc_warn(ctx, "%s: %zu entrances name no known estate in all", src->desc, c->unknown);
    lc_skips_total(ctx, src, c->skipped, N_("entrances"));
    return LC_OK;
}

/* Sort the gates by estate into the dataset's CSR arrays. */
static lc_status to_csr(lc_dataset *ds, gate *gates, size_t n)
{
    qsort(gates, n, sizeof *gates, cmp_gate);
    ds->ent_off = lc_calloc(ds->nest + 2, sizeof(size_t));
    ds->ent_xy = lc_malloc((2 * n + 1) * sizeof(double));
    if (!ds->ent_off || !ds->ent_xy) return LC_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        ds->ent_off[gates[i].est + 1]++;
        ds->ent_xy[2 * i] = gates[i].x, ds->ent_xy[2 * i + 1] = gates[i].y;
    }
    for (size_t e = 0; e < ds->nest; e++) ds->ent_off[e + 1] += ds->ent_off[e];
    return LC_OK;
}

lc_status lc_entrances_load(lc_ctx *ctx, const lc_walk_settings *s, lc_dataset *ds,
                            lc_entrance_counts *c)
{
    memset(c, 0, sizeof *c);
    lc_source_layer *src = NULL;
    lc_xform *x = NULL;
    id_index *ix = lc_malloc((ds->nest + 1) * sizeof *ix);
    gate *gates = NULL;
    size_t ngates = 0;
    lc_status st = ix ? lc_read_projected_xy(ctx, &s->entrances, LC_IO_POINTS, ds->work_wkt,
                                             &src, &x, &c->datum_read)
                      : LC_ERR_NOMEM;
    if (!st && !(gates = lc_malloc((src->table->nrows + 1) * sizeof *gates))) st = LC_ERR_NOMEM;
    if (!st) {
        for (size_t e = 0; e < ds->nest; e++) ix[e] = (id_index){ds->est[e].id, e};
        qsort(ix, ds->nest, sizeof *ix, cmp_id);
        c->read = src->table->nrows;
        st = collect_gates(ctx, s, src, x, ix, ds->nest, gates, &ngates, c);
    }
    if (!st) st = to_csr(ds, gates, ngates);
    if (!st) st = lc_datum_sample_take(ctx, src, s->entrances.srs, "--entrances-srs",
                                       &ds->datum_ent);
    c->used = ngates;
    lc_free(ix);
    lc_free(gates);
    lc_xform_destroy(x);
    lc_source_layer_destroy(src);
    return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
}
