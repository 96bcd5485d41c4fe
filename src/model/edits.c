/*
 * edits.c — a scenario's facility edits as a view of a loaded dataset (see edits.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_internal.h"
#include "edits.h"
#include "../core/msg.h"

/* Each baseline facility's id (lc_facility_uid), sorted with its index, to find ids fast. */
typedef struct {
    char *id;
    size_t j;
} uid_index;

static int cmp_uid(const void *a, const void *b)
{
    return strcmp(((const uid_index *)a)->id, ((const uid_index *)b)->id);
}

static void uids_free(uid_index *u, size_t n)
{
    for (size_t i = 0; u && i < n; i++) lc_free(u[i].id);
    lc_free(u);
}

static uid_index *uids_of(const lc_dataset *ds)
{
    uid_index *u = lc_calloc(ds->nfac + 1, sizeof *u);
    for (size_t j = 0; u && j < ds->nfac; j++) {
        char id[96];
        lc_facility_uid(ds, j, id, sizeof id);
        if (!(u[j].id = lc_strdup(id))) return uids_free(u, j), NULL;
        u[j].j = j;
    }
    if (u) qsort(u, ds->nfac, sizeof *u, cmp_uid);
    return u;
}

/* The baseline index of facility `id`, or fails naming the scenario and key. */
static lc_status find(lc_ctx *ctx, const lc_dataset *base, const uid_index *u, const char *id,
                      const lc_fac_edits *e, const char *key, size_t *j)
{
    uid_index k = {(char *)id, 0};
    const uid_index *hit = bsearch(&k, u, base->nfac, sizeof *u, cmp_uid);
    if (hit) return *j = hit->j, LC_OK;
    return lc_fail(ctx, LC_ERR_ARG, "scenario '%s': %s: '%s' is no facility of %s (the ids of "
                   "the facilities layer: its field 'facility' with several sources, else "
                   "the id field or the feature id)", e->scenario, key, id, base->fac_desc
                   ? base->fac_desc : base->fac_src->desc);
}

/* keep[j] false for the removed facilities; places of the re-capacitated into v. */
static lc_status mark(lc_ctx *ctx, const lc_dataset *base, const lc_fac_edits *e, bool *keep,
                      bool *given, double *places)
{
    uid_index *u = uids_of(base);
    if (!u) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = LC_OK;
    size_t j;
    for (size_t i = 0; !st && i < e->nremove; i++)
        if (!(st = find(ctx, base, u, e->remove[i], e, "remove_facilities", &j))) keep[j] = false;
    for (size_t i = 0; !st && i < e->ncap; i++)
        if (!(st = find(ctx, base, u, e->cap_ids[i], e, "capacity", &j)))
            given[j] = true, places[j] = e->cap_places[i];
    uids_free(u, base->nfac);
    return st;
}

/* The view's own lists: facilities, sources, source names, facilities per category. */
static lc_status assemble(lc_ctx *ctx, const lc_dataset *base, const bool *keep,
                          const bool *given, const double *places, lc_dataset_view *v)
{
    lc_dataset *d = &v->ds;
    size_t ns = base->nfac_srcs + (v->added_src != NULL);
    d->fac = lc_calloc(base->nfac + v->nadded + 1, sizeof *d->fac);
    d->fac_srcs = lc_calloc(ns + 1, sizeof *d->fac_srcs);
    d->fac_names = lc_calloc(ns + 1, sizeof *d->fac_names);
    d->cat_nfac = lc_calloc(base->ncat + 1, sizeof *d->cat_nfac);
    if (!d->fac || !d->fac_srcs || !d->fac_names || !d->cat_nfac)
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    d->nfac = 0;
    for (size_t j = 0; j < base->nfac; j++) {
        if (!keep[j]) {
            v->removed++;
            continue;
        }
        lc_facility *f = &d->fac[d->nfac++];
        *f = base->fac[j]; /* borrowed geometry and text */
        if (given[j]) f->places_given = true, f->places = places[j];
    }
    for (size_t j = 0; j < v->nadded; j++) d->fac[d->nfac++] = v->added[j];
    for (size_t i = 0; i < base->nfac_srcs; i++)
        d->fac_srcs[i] = base->fac_srcs[i], d->fac_names[i] = base->fac_names[i];
    if (v->added_src) {
        d->fac_srcs[ns - 1] = v->added_src;
        d->fac_names[ns - 1] = v->added_counts.name;
    }
    d->nfac_srcs = ns;
    for (size_t j = 0; j < d->nfac; j++)
        if (d->fac[j].cat >= 0) d->cat_nfac[d->fac[j].cat]++;
    return LC_OK;
}

lc_status lc_dataset_view_build(lc_ctx *ctx, const lc_input_settings *s, const lc_dataset *base,
                                const lc_fac_edits *e, lc_dataset_view *v)
{
    memset(v, 0, sizeof *v);
    v->ds = *base; /* the facility lists are the view's own (assemble) */
    v->ds.fac = NULL, v->ds.fac_srcs = NULL, v->ds.fac_names = NULL, v->ds.cat_nfac = NULL;
    bool *keep = lc_malloc(base->nfac + 1), *given = lc_calloc(base->nfac + 1, 1);
    double *places = lc_calloc(base->nfac + 1, sizeof *places);
    lc_status st = keep && given && places ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t j = 0; !st && j < base->nfac; j++) keep[j] = true;
    if (!st) st = mark(ctx, base, e, keep, given, places);
    if (!st && e->add) {
        if (base->nfac_srcs >= LC_MAX_FACILITY_SOURCES)
            st = lc_fail(ctx, LC_ERR_ARG, "scenario '%s': add_facilities: %d facility sources "
                         "already", e->scenario, LC_MAX_FACILITY_SOURCES);
        else
            st = lc_facilities_read_source(ctx, s, base, e->add, &v->added_src, &v->added,
                                           &v->nadded, &v->added_counts);
        char *name = st ? NULL : lc_facility_source_name(e->add);
        if (!st && !name) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        if (name) lc_strlcpy_utf8(v->added_counts.name, name, sizeof v->added_counts.name);
        lc_free(name);
    }
    if (!st) st = assemble(ctx, base, keep, given, places, v);
    lc_free(keep), lc_free(given), lc_free(places);
    if (st) lc_dataset_view_clear(ctx, v);
    return st;
}

lc_status lc_fac_edits_check(lc_ctx *ctx, const lc_dataset *base, const lc_fac_edits *e)
{
    bool *keep = lc_malloc(base->nfac + 1), *given = lc_calloc(base->nfac + 1, 1);
    double *places = lc_calloc(base->nfac + 1, sizeof *places);
    lc_status st = keep && given && places ? mark(ctx, base, e, keep, given, places)
                                           : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_free(keep), lc_free(given), lc_free(places);
    return st;
}

/* The view's gates: per estate the baseline's, then the added ones (add, CSR). */
static lc_status merge_gates(const lc_dataset *base, const size_t *aoff, const double *axy,
                             lc_dataset_view *v)
{
    size_t ne = base->nest, nb = base->ent_off ? base->ent_off[ne] : 0, na = aoff[ne];
    v->ent_off = lc_calloc(ne + 2, sizeof *v->ent_off);
    v->ent_xy = lc_malloc((2 * (nb + na) + 1) * sizeof *v->ent_xy);
    if (!v->ent_off || !v->ent_xy) return LC_ERR_NOMEM;
    size_t at = 0;
    for (size_t e = 0; e < ne; e++) {
        v->ent_off[e] = at;
        for (size_t i = base->ent_off ? base->ent_off[e] : 0;
             base->ent_off && i < base->ent_off[e + 1]; i++, at++)
            v->ent_xy[2 * at] = base->ent_xy[2 * i], v->ent_xy[2 * at + 1] = base->ent_xy[2 * i + 1];
        for (size_t i = aoff[e]; i < aoff[e + 1]; i++, at++)
            v->ent_xy[2 * at] = axy[2 * i], v->ent_xy[2 * at + 1] = axy[2 * i + 1];
    }
    v->ent_off[ne] = at;
    v->ds.ent_off = v->ent_off, v->ds.ent_xy = v->ent_xy;
    return LC_OK;
}

lc_status lc_dataset_view_add_entrances(lc_ctx *ctx, const lc_walk_settings *ws,
                                        const char *spec, lc_dataset_view *v,
                                        lc_entrance_counts *c)
{
    lc_walk_settings w = *ws;
    w.entrances.src = spec, w.entrances.where = NULL;
    lc_dataset scratch = v->ds; /* collects the added gates alone */
    scratch.ent_off = NULL, scratch.ent_xy = NULL;
    memset(&scratch.datum_ent, 0, sizeof scratch.datum_ent);
    lc_status st = lc_entrances_load(ctx, &w, &scratch, c);
    if (!st && merge_gates(&v->ds, scratch.ent_off, scratch.ent_xy, v))
        st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_datum_sample_clear(&scratch.datum_ent);
    lc_free(scratch.ent_off);
    lc_free(scratch.ent_xy);
    return st;
}

void lc_dataset_view_clear(lc_ctx *ctx, lc_dataset_view *v)
{
    if (!v) return;
    lc_free(v->ent_off);
    lc_free(v->ent_xy);
    lc_free(v->ds.fac);
    lc_free(v->ds.fac_srcs);
    lc_free(v->ds.fac_names);
    lc_free(v->ds.cat_nfac);
    lc_facilities_free(ctx, v->added, v->nadded);
    lc_source_layer_destroy(v->added_src);
    memset(v, 0, sizeof *v);
}
