/*
 * outputs.c — build the output tables (input attributes pass through; computed fields are
 * appended) and write each file through io. Values are rounded to what is meaningful:
 * distances to the millimetre, shares to 1e-6.
 */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../core/parallel.h"
#include "../cover/priority.h"
#include "../model/nested.h"
#include "../report/gaps.h"
#include "../report/summary.h"
#include "outputs.h"
#include "../core/msg.h"

/* A distance column (metres, rounded to the millimetre; NAN is null). */
static lc_status distance_column(lc_ctx *ctx, lc_table *t, const char *key, char what,
                                 const double *v, size_t n)
{
    char name[32];
    size_t col;
    lc_cover_field_name(name, sizeof name, key, what, 0);
    lc_status st = lc_out_column(ctx, t, "estates", name, LC_FT_REAL, &col);
    for (size_t e = 0; !st && e < n; e++)
        if (!isnan(v[e])) lc_table_set_real(t, e, col, round(v[e] * 1000) / 1000);
    return st;
}

static lc_status add_cover_fields(lc_ctx *ctx, lc_table *t, const lc_dataset *ds,
                                  const lc_cover *cv, const lc_walk *wk)
{
    char name[32];
    size_t col;
    lc_status st = LC_OK;
    for (size_t k = 0; !st && k < cv->ncat; k++) {
        st = distance_column(ctx, t, ds->cat[k], 'd', &LC_COV_D(cv, k, 0), cv->nest);
        if (!st && wk) st = distance_column(ctx, t, ds->cat[k], 'w', &LC_WALK_W(wk, k, 0), cv->nest);
        for (size_t tt = 0; !st && tt < cv->ntiers; tt++) {
            lc_cover_field_name(name, sizeof name, ds->cat[k], 'c', cv->tier_minutes[tt]);
            if ((st = lc_out_column(ctx, t, "estates", name, LC_FT_REAL, &col))) break;
            for (size_t e = 0; e < cv->nest; e++)
                lc_table_set_real(t, e, col, round(cv->c[LC_COV_IDX(cv, k, tt, e)] * 1e6) / 1e6);
            lc_cover_field_name(name, sizeof name, ds->cat[k], 'g', cv->tier_minutes[tt]);
            if ((st = lc_out_column(ctx, t, "estates", name, LC_FT_INT, &col))) break;
            for (size_t e = 0; e < cv->nest; e++)
                lc_table_set_int(t, e, col, cv->g[LC_COV_IDX(cv, k, tt, e)]);
        }
    }
    return st;
}

static lc_status set_geometry(lc_ctx *ctx, lc_table *t, size_t row, const GEOSGeometry *g)
{
    unsigned char *wkb;
    size_t len;
    lc_status st = lc_geom_to_wkb(ctx, g, &wkb, &len);
    if (!st) lc_table_set_wkb(t, row, wkb, len);
    return st;
}

static lc_status estates_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                               const lc_walk *wk, lc_table **out)
{
    size_t *rows = lc_malloc((ds->nest + 1) * sizeof(size_t));
    if (!rows) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; e < ds->nest; e++) rows[e] = ds->est[e].row;
    lc_table *t = lc_table_take(ds->est_src->table, rows, ds->nest);
    lc_free(rows);
    lc_status st = t ? LC_OK : LC_ERR_NOMEM;
    size_t idcol;
    if (!st && ds->id_missing && !(st = lc_table_add_field(t, "id", LC_FT_STRING, 0, 0, &idcol)))
        for (size_t e = 0; !st && e < ds->nest; e++) st = lc_table_set_str(t, e, idcol, ds->est[e].id);
    for (size_t e = 0; !st && e < ds->nest; e++) st = set_geometry(ctx, t, e, ds->est[e].geom);
    if (!st) st = add_cover_fields(ctx, t, ds, cv, wk);
    if (st) {
        lc_table_destroy(t);
        return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
    }
    *out = t;
    return LC_OK;
}

/* The union of the sources' fields (matched by name, ASCII case ignored; a field whose type
 * differs between sources becomes text); map[i][f]: source i's field f in it. */
static lc_status union_schema(const lc_dataset *ds, lc_table *t, size_t **map)
{
    for (size_t i = 0; i < ds->nfac_srcs; i++) {
        const lc_table *src = ds->fac_srcs[i]->table;
        if (!(map[i] = lc_malloc((src->nfields + 1) * sizeof **map))) return LC_ERR_NOMEM;
        for (size_t f = 0; f < src->nfields; f++) {
            const lc_field *sf = &src->fields[f];
            long have = lc_table_field_index(t, sf->name);
            if (have >= 0 && t->fields[have].type != sf->type)
                t->fields[have].type = LC_FT_STRING, t->fields[have].width = 0;
            if (have >= 0) map[i][f] = (size_t)have;
            else if (lc_table_add_field(t, sf->name, sf->type, sf->width, sf->precision,
                                        &map[i][f]))
                return LC_ERR_NOMEM;
        }
    }
    return LC_OK;
}

/* One row per facility of several sources under the union of their fields. */
static lc_table *union_rows(const lc_dataset *ds)
{
    lc_table *t = lc_table_create();
    size_t **map = lc_calloc(ds->nfac_srcs, sizeof *map);
    lc_status st = t && map ? union_schema(ds, t, map) : LC_ERR_NOMEM;
    for (size_t j = 0; !st && j < ds->nfac; j++) {
        const lc_table *src = lc_facility_source(ds, j)->table;
        size_t r = ds->fac[j].row, row;
        if ((st = lc_table_add_row(t, src->fid[r], &row))) break;
        for (size_t f = 0; !st && f < src->nfields; f++) {
            const lc_value *v = &src->fields[f].col[r];
            size_t to = map[ds->fac[j].src][f];
            char text[64];
            if (v->kind == LC_VAL_STR) st = lc_table_set_str(t, row, to, v->u.s);
            else if (v->kind != LC_VAL_NULL && t->fields[to].type == LC_FT_STRING)
                st = lc_table_set_str(t, row, to, lc_value_text(v, text, sizeof text));
            else t->fields[to].col[row] = *v;
        }
    }
    for (size_t i = 0; map && i < ds->nfac_srcs; i++) lc_free(map[i]);
    lc_free(map);
    if (st) lc_table_destroy(t);
    return st ? NULL : t;
}

/* Several sources: which source (`source`, the file's name) and the id unique over the run
 * (`facility`, as in facility_areas). */
static lc_status source_columns(lc_ctx *ctx, lc_table *t, const lc_dataset *ds)
{
    size_t scol, icol;
    lc_status st = lc_out_column(ctx, t, "facilities", "source", LC_FT_STRING, &scol);
    if (!st) st = lc_out_column(ctx, t, "facilities", "facility", LC_FT_STRING, &icol);
    for (size_t j = 0; !st && j < ds->nfac; j++) {
        char uid[96];
        lc_facility_uid(ds, j, uid, sizeof uid);
        st = lc_table_set_str(t, j, scol, ds->fac_names[ds->fac[j].src]);
        if (!st) st = lc_table_set_str(t, j, icol, uid);
    }
    return st;
}

static lc_status facilities_table(lc_ctx *ctx, const lc_dataset *ds, lc_table **out)
{
    lc_table *t = NULL;
    if (ds->nfac_srcs > 1) {
        t = union_rows(ds);
    } else {
        size_t *rows = lc_malloc((ds->nfac + 1) * sizeof(size_t));
        if (!rows) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        for (size_t j = 0; j < ds->nfac; j++) rows[j] = ds->fac[j].row;
        t = lc_table_take(ds->fac_src->table, rows, ds->nfac);
        lc_free(rows);
    }
    size_t col, srccol;
    lc_status st = t ? lc_out_column(ctx, t, "facilities", "catkey", LC_FT_STRING, &col)
                     : LC_ERR_NOMEM;
    if (!st) st = lc_out_column(ctx, t, "facilities", "catsrc", LC_FT_STRING, &srccol);
    if (!st && ds->nfac_srcs > 1) st = source_columns(ctx, t, ds);
    for (size_t j = 0; !st && j < ds->nfac; j++) {
        const char *how = lc_catsrc_name(ds->fac[j].catsrc); /* "" (nothing): null */
        st = lc_table_set_str(t, j, col, ds->fac[j].key);
        if (!st) st = lc_table_set_str(t, j, srccol, how[0] ? how : NULL);
        if (!st) st = set_geometry(ctx, t, j, ds->fac[j].pt);
    }
    if (st) {
        lc_table_destroy(t);
        return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
    }
    *out = t;
    return LC_OK;
}

/* One row of the service_areas table; `wkb` (may be NULL) is copied. */
static lc_status area_row(lc_table *t, const char *cat, int minutes, double r, const char *mode,
                          size_t nfac, const unsigned char *wkb, size_t len)
{
    size_t row;
    if (lc_table_add_row(t, (int64_t)t->nrows, &row) || lc_table_set_str(t, row, 0, cat) ||
        lc_table_set_str(t, row, 3, mode))
        return LC_ERR_NOMEM;
    lc_table_set_int(t, row, 1, minutes);
    lc_table_set_real(t, row, 2, r);
    lc_table_set_int(t, row, 4, (int64_t)nfac);
    if (!wkb) return LC_OK;
    unsigned char *copy = lc_malloc(len);
    if (!copy) return LC_ERR_NOMEM;
    memcpy(copy, wkb, len);
    lc_table_set_wkb(t, row, copy, len);
    return LC_OK;
}

/* Per district (sorted names, "" for estates without) the box of its estates. */
static lc_status district_boxes(const lc_dataset *ds, char ***names, size_t *nd,
                                double (**boxes)[4])
{
    *names = lc_summary_districts(ds, nd);
    *boxes = *names ? lc_malloc((*nd + 1) * sizeof **boxes) : NULL;
    if (!*boxes) return LC_ERR_NOMEM;
    for (size_t d = 0; d < *nd; d++)
        (*boxes)[d][0] = (*boxes)[d][1] = INFINITY, (*boxes)[d][2] = (*boxes)[d][3] = -INFINITY;
    for (size_t e = 0; e < ds->nest; e++) {
        char *key = ds->est[e].district;
        double *b = (*boxes)[(char **)bsearch(&key, *names, *nd, sizeof **names, lc_cmp_strp) - *names];
        const lc_estate *es = &ds->est[e];
        double x0 = es->minx, y0 = es->miny, x1 = es->maxx, y1 = es->maxy;
        b[0] = fmin(b[0], x0), b[1] = fmin(b[1], y0), b[2] = fmax(b[2], x1), b[3] = fmax(b[3], y1);
    }
    return LC_OK;
}

/* service_areas district: every area (line areas, then walking; category-major as the rows)
 * cut to every district's box grown by the area's radius, one job per area. */
typedef struct {
    const lc_cover *cv;
    const double (*boxes)[4];
    size_t nd, nareas;
    unsigned char **piece; /* [area * nd + district], NULL: nothing there */
    size_t *plen;
} cut_jobs;

static lc_status cut_job(lc_ctx *ctx, size_t job, void *ud)
{
    cut_jobs *c = ud;
    const lc_cover *cv = c->cv;
    size_t i = job % (cv->ncat * cv->ntiers);
    bool walk = job >= cv->ncat * cv->ntiers;
    double r = cv->radius_m[i % cv->ntiers];
    double (*grown)[4] = lc_malloc((c->nd + 1) * sizeof *grown);
    if (!grown) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t d = 0; d < c->nd; d++)
        for (int k = 0; k < 4; k++) grown[d][k] = c->boxes[d][k] + (k < 2 ? -r : r);
    double t0 = lc_now_s();
    lc_status st = lc_geom_clip_boxes(ctx, walk ? cv->walk_wkb[i] : cv->area_wkb[i],
                                      walk ? cv->walk_len[i] : cv->area_len[i],
                                      (const double (*)[4])grown, c->nd, &c->piece[job * c->nd],
                                      &c->plen[job * c->nd]);
    lc_debug(ctx, "service areas per district: area %zu (%s) cut to %zu districts in %.2f s", i,
             walk ? "walk" : "line", c->nd, lc_now_s() - t0);
    lc_free(grown);
    return st;
}

/* The district rows (columns as area_row, then the district) from the cut pieces. */
static lc_status district_rows(lc_ctx *ctx, lc_table *t, const lc_dataset *ds, char **names,
                               const cut_jobs *c)
{
    const lc_cover *cv = c->cv;
    for (size_t job = 0; job < c->nareas; job++) {
        size_t i = job % (cv->ncat * cv->ntiers), k = i / cv->ntiers, tt = i % cv->ntiers;
        const char *mode = job >= cv->ncat * cv->ntiers ? "walk" : "line";
        for (size_t d = 0; d < c->nd; d++) {
            size_t at = job * c->nd + d, row = t->nrows;
            if (!c->piece[at]) continue;
            if (area_row(t, ds->cat[k], cv->tier_minutes[tt], cv->radius_m[tt], mode,
                         ds->cat_nfac[k], c->piece[at], c->plen[at]) ||
                lc_table_set_str(t, row, 5, names[d][0] ? names[d] : NULL))
                return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        }
    }
    return LC_OK;
}

/* Every area of the run cut to every district's box grown by its radius, on `threads`. */
static lc_status district_table_rows(lc_ctx *ctx, lc_table *t, const lc_dataset *ds,
                                     const lc_cover *cv, int threads)
{
    char **names = NULL;
    double (*boxes)[4] = NULL;
    size_t nd = 0;
    cut_jobs c = {cv, NULL, 0, cv->ncat * cv->ntiers * (cv->walk_wkb ? 2 : 1), NULL, NULL};
    lc_status st = district_boxes(ds, &names, &nd, &boxes);
    c.boxes = (const double (*)[4])boxes, c.nd = nd;
    if (!st) {
        c.piece = lc_calloc(c.nareas * nd + 1, sizeof *c.piece);
        c.plen = lc_calloc(c.nareas * nd + 1, sizeof *c.plen);
        st = c.piece && c.plen ? LC_OK : LC_ERR_NOMEM;
    }
    if (st) st = lc_fail(ctx, st, "out of memory");
    if (!st)
        st = lc_parallel_run(ctx, N_("service areas per district"), c.nareas, threads, cut_job, &c);
    if (!st) st = district_rows(ctx, t, ds, names, &c);
    for (size_t i = 0; c.piece && i < c.nareas * nd; i++) lc_free(c.piece[i]);
    lc_free(c.piece);
    lc_free(c.plen);
    lc_free(names);
    lc_free(boxes);
    return st;
}

/* One row per category, tier and mode (line, walk); with `district` one per district of
 * each instead, cut to the district's box grown by the radius. */
static lc_status service_area_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                                    bool district, int threads, lc_table **out)
{
    lc_table *t = lc_table_create();
    lc_status st = t ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    static const char *const names[] = {"category", "tier", "radius_m", "mode", "facilities",
                                        "district"};
    static const lc_ftype types[] = {LC_FT_STRING, LC_FT_INT, LC_FT_REAL, LC_FT_STRING, LC_FT_INT,
                                     LC_FT_STRING};
    for (size_t i = 0; !st && i < (district ? 6u : 5u); i++)
        if (lc_table_add_field(t, names[i], types[i], 0, 0, NULL))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (!st && district) st = district_table_rows(ctx, t, ds, cv, threads);
    for (int walk = 0; !district && walk < (cv->walk_wkb ? 2 : 1); walk++)
        for (size_t i = 0; !st && i < cv->ncat * cv->ntiers; i++) {
            size_t k = i / cv->ntiers, tt = i % cv->ntiers;
            if (area_row(t, ds->cat[k], cv->tier_minutes[tt], cv->radius_m[tt],
                         walk ? "walk" : "line", ds->cat_nfac[k],
                         walk ? cv->walk_wkb[i] : cv->area_wkb[i],
                         walk ? cv->walk_len[i] : cv->area_len[i]))
                st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        }
    if (st) {
        lc_table_destroy(t);
        return st;
    }
    *out = t;
    return LC_OK;
}

/* One row per facility and tier with a per-facility walking area: its id (the input `id`
 * field, else the feature id; with several sources "<n>:<id>", lc_facility_uid), name when
 * there is one, category, tier, radius, mode. */
static lc_status facility_area_table(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                                     const lc_facility_areas *fa, lc_table **out)
{
    static const char *const names[] = {"facility", "name", "category", "tier", "radius_m", "mode"};
    static const lc_ftype types[] = {LC_FT_STRING, LC_FT_STRING, LC_FT_STRING, LC_FT_INT,
                                     LC_FT_REAL, LC_FT_STRING};
    lc_table *t = lc_table_create();
    lc_status st = t ? LC_OK : LC_ERR_NOMEM;
    for (size_t i = 0; !st && i < 6; i++) st = lc_table_add_field(t, names[i], types[i], 0, 0, NULL);
    for (size_t j = 0; !st && j < ds->nfac; j++)
        for (size_t tt = 0; !st && tt < cv->ntiers; tt++) {
            size_t slot = j * cv->ntiers + tt, row, r = ds->fac[j].row;
            if (!fa->wkb[slot]) continue;
            char id[96], name[512] = "";
            const lc_table *src = lc_facility_source(ds, j)->table;
            long nmc = lc_table_field_index(src, "name");
            lc_facility_uid(ds, j, id, sizeof id);
            if (nmc >= 0) lc_value_text(&src->fields[nmc].col[r], name, sizeof name);
            unsigned char *copy = lc_malloc(fa->len[slot]);
            if (lc_table_add_row(t, (int64_t)t->nrows, &row) || !copy) {
                lc_free(copy);
                st = LC_ERR_NOMEM;
                break;
            }
            memcpy(copy, fa->wkb[slot], fa->len[slot]);
            lc_table_set_wkb(t, row, copy, fa->len[slot]);
            if (lc_table_set_str(t, row, 0, id) || lc_table_set_str(t, row, 1, name[0] ? name : NULL) ||
                lc_table_set_str(t, row, 2, ds->fac[j].key) || lc_table_set_str(t, row, 5, "walk"))
                st = LC_ERR_NOMEM;
            lc_table_set_int(t, row, 3, cv->tier_minutes[tt]);
            lc_table_set_real(t, row, 4, cv->radius_m[tt]);
        }
    if (st) {
        lc_table_destroy(t);
        return lc_fail(ctx, st, "out of memory");
    }
    *out = t;
    return LC_OK;
}

/* The names of a Shapefile layer's fields in its DBF (lc_io_dbf_names, as the writer
 * gives them): each renamed one said, every one a row (file, name, dbf_name) of `rec` for
 * run.json. DBF names hold 10 bytes; ours fit by design, pass-through names may not. */
static lc_status dbf_names(lc_ctx *ctx, const char *file, const lc_table *t, lc_table *rec)
{
    char(*dbf)[LC_DBF_NAME_MAX + 1] = lc_malloc((t->nfields + 1) * sizeof *dbf);
    if (!dbf) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = lc_io_dbf_names(t, dbf);
    if (st) st = lc_fail(ctx, st, "%s: more than 99 fields share the first 8 bytes of their "
                         "names, which a DBF cannot tell apart", file);
    for (size_t f = 0; !st && f < t->nfields; f++) {
        const char *name = t->fields[f].name;
        if (strcmp(name, dbf[f]))
            lc_warn(ctx, "%s: field '%s' is named '%s' there (a DBF field name holds 10 bytes "
                    "and differs from the others whatever its case; the GeoPackage and GeoJSON "
                    "keep the whole name)", file, name, dbf[f]);
        size_t row;
        if (lc_table_add_row(rec, (int64_t)rec->nrows, &row) ||
            lc_table_set_str(rec, row, 0, file) || lc_table_set_str(rec, row, 1, name) ||
            lc_table_set_str(rec, row, 2, dbf[f]))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    lc_free(dbf);
    return st;
}

/* The Shapefile layers' DBF names (every field of estates.shp and bundles.shp). */
static lc_status shapefile_names(lc_ctx *ctx, const lc_out_layer *all, size_t n, lc_table **out)
{
    static const char *const cols[] = {"file", "name", "dbf_name"};
    lc_table *rec = lc_table_create();
    lc_status st = rec ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < 3; i++)
        if (lc_table_add_field(rec, cols[i], LC_FT_STRING, 0, 0, NULL))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    char file[64];
    for (size_t i = 0; !st && i < n; i++) {
        if (!all[i].table || !lc_shapefile_layer(all[i].name)) continue;
        snprintf(file, sizeof file, "%s.shp", all[i].name);
        st = dbf_names(ctx, file, all[i].table, rec);
    }
    if (st) lc_table_destroy(rec);
    else *out = rec;
    return st;
}

/* `priority` (user guide, Renovation priority): the people each estate leaves without a facility,
 * summed over categories and tiers. */
static lc_status priority_field(lc_ctx *ctx, lc_table *t, const lc_access_settings *s,
                                const lc_dataset *ds, const lc_cover *cv)
{
    double *p = lc_malloc((ds->nest + 1) * sizeof *p);
    if (!p) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_priority_scores(s, ds, cv, p);
    size_t col;
    lc_status st = lc_out_column(ctx, t, "estates", "priority", LC_FT_REAL, &col);
    for (size_t e = 0; !st && e < ds->nest; e++) lc_table_set_real(t, e, col, p[e]);
    lc_free(p);
    return st;
}

/* `inside` (the id of the smallest estate it lies inside, null: none) and `holds` (how many
 * lie inside it), when the estates nest (user guide, Nested estates); the ids are the input's,
 * so an estate the `nested` setting left out is still named. */
static lc_status nested_fields(lc_ctx *ctx, lc_table *t, const lc_dataset *ds)
{
    const lc_nesting *n = ds->nesting;
    size_t ic, hc;
    lc_status st = lc_out_column(ctx, t, "estates", "inside", LC_FT_STRING, &ic);
    if (!st) st = lc_out_column(ctx, t, "estates", "holds", LC_FT_INT, &hc);
    for (size_t e = 0; !st && e < ds->nest; e++) {
        lc_table_set_int(t, e, hc, n->holds[e]);
        if (n->inside[e] != UINT32_MAX) st = lc_table_set_str(t, e, ic, n->ends[n->inside[e]].id);
    }
    return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
}

/* The tables of one run; NULL where the run has none. */
typedef struct {
    lc_table *est, *fac, *sa, *fat, *bun, *adj, *site, *sum, *gaps;
    lc_equity eq; /* Gini, Palma and their access and people: summary, gaps, report */
} out_tables;

/* The whole run's measures per category for run.json (the first LC_MAX_EQUITY_CATS). */
static void equity_totals(const lc_dataset *ds, const lc_cover *cv, const lc_equity *eq,
                          lc_equity_list *out)
{
    memset(out, 0, sizeof *out);
    out->ntiers = cv->ntiers;
    for (size_t k = 0; k < eq->ncat && out->n < LC_MAX_EQUITY_CATS; k++) {
        const lc_equity_cat *c = &eq->cat[k];
        lc_equity_total *t = &out->c[out->n++];
        snprintf(t->cat, sizeof t->cat, "%s", ds->cat[c->cat]);
        t->places = c->places, t->estates = c->counted;
        for (size_t i = 0; i < cv->ntiers; i++)
            t->minutes[i] = cv->tier_minutes[i], t->gini[i] = c->gini[i], t->palma[i] = c->palma[i];
    }
}

static lc_status make_tables(lc_ctx *ctx, const lc_dataset *ds, const lc_results *r,
                             out_tables *o)
{
    const lc_cover *cv = r->cv;
    const lc_facility_areas *fa = r->fa;
    const lc_bundling *bl = r->bl;
    lc_status st = estates_table(ctx, ds, cv, r->wk, &o->est);
    if (!st && r->ac) st = lc_access_estate_fields(ctx, o->est, ds, cv, r->ac);
    if (!st && bl) st = lc_bundle_estate_field(ctx, o->est, ds, bl);
    if (!st) st = priority_field(ctx, o->est, r->access, ds, cv);
    if (!st && ds->nesting && ds->nesting->npairs) st = nested_fields(ctx, o->est, ds);
    if (!st && fa) st = facility_area_table(ctx, ds, cv, fa, &o->fat);
    if (!st) st = facilities_table(ctx, ds, &o->fac);
    if (!st && r->ac) st = lc_access_facility_fields(ctx, o->fac, cv, r->ac);
    if (!st && r->out->service_areas != LC_SA_NONE)
        st = service_area_table(ctx, ds, cv, r->out->service_areas == LC_SA_DISTRICT, r->threads,
                                &o->sa);
    if (!st && bl) st = lc_bundles_table(ctx, ds, cv, bl, &o->bun);
    if (!st && bl) st = lc_adjacency_table(ctx, ds, bl, &o->adj);
    if (!st && r->site) st = lc_sites_table(ctx, ds, r->site, &o->site);
    if (!st) st = lc_equity_compute(ctx, r->access, ds, cv, r->ac, &o->eq);
    if (!st) st = lc_summary_table(ctx, ds, cv, r->ac, &o->eq, &o->sum);
    if (!st && !r->out->no_gaps_csv) st = lc_gaps_table(ctx, ds, cv, &o->eq, &o->gaps);
    if (!st && r->equity) equity_totals(ds, cv, &o->eq, r->equity);
    return st;
}

bool lc_shapefile_layer(const char *layer)
{
    return !strcmp(layer, "estates") || !strcmp(layer, "bundles");
}

/* The files of the `formats` setting (summary.csv and report.html always): the GeoPackage
 * holds every layer, FlatGeobuf one file per layer, GeoJSON the estates, areas, bundles and
 * sites, Shapefiles the estates and bundles. */
static lc_status plan_files(lc_ctx *ctx, lc_file_plan *p, lc_outdir *od,
                            const lc_output_settings *s,
                            const lc_out_layer *all, size_t nall, const lc_out_layer *styles,
                            const lc_out_layer *csv, const lc_out_layer *gaps,
                            const lc_report_in *rin)
{
    static const char *const geojson[] = {"estates", "service_areas", "facility_areas",
                                          "bundles", "sites"};
    lc_out_layer gpkg[LC_OUT_NLAYERS + 1];
    size_t ng = 0;
    unsigned formats = s->formats;
    char file[64];
    lc_status st = LC_OK;
    for (size_t i = 0; i < nall; i++) gpkg[ng++] = all[i];
    gpkg[ng++] = *styles;
    if (formats & LC_FMT_GPKG) st = lc_file_plan_add(ctx, p, od, "lifecircle.gpkg", LC_OF_GPKG, gpkg, ng);
    for (size_t i = 0; !st && i < nall; i++) {
        for (size_t j = 0; !st && (formats & LC_FMT_GEOJSON) && j < 5; j++)
            if (!strcmp(all[i].name, geojson[j])) {
                snprintf(file, sizeof file, "%s.geojson", all[i].name);
                st = lc_file_plan_add(ctx, p, od, file, LC_OF_GEOJSON, &all[i], 1);
            }
        if (!st && (formats & LC_FMT_SHP) && lc_shapefile_layer(all[i].name)) {
            snprintf(file, sizeof file, "%s.shp", all[i].name);
            st = lc_file_plan_add(ctx, p, od, file, LC_OF_SHP, &all[i], 1);
        }
        if (!st && (formats & LC_FMT_FGB)) {
            snprintf(file, sizeof file, "%s.fgb", all[i].name);
            st = lc_file_plan_add(ctx, p, od, file, LC_OF_FGB, &all[i], 1);
        }
    }
    lc_ofmt csv_fmt = s->csv_encoding == LC_CSV_GBK    ? LC_OF_CSV_GB18030
                      : s->csv_encoding == LC_CSV_UTF8 ? LC_OF_CSV_UTF8
                                                       : LC_OF_CSV;
    if (!st) st = lc_file_plan_add(ctx, p, od, "summary.csv", csv_fmt, csv, 1);
    if (!st && gaps->table) st = lc_file_plan_add(ctx, p, od, "gaps.csv", csv_fmt, gaps, 1);
    if (!st) st = lc_file_plan_add_report(ctx, p, od, rin);
    return st;
}

lc_status lc_outputs_write(lc_ctx *ctx, const lc_dataset *ds, const lc_results *r,
                           lc_outdir *od, lc_file_list *files)
{
    out_tables o = {0};
    double tm = lc_now_s();
    lc_status st = make_tables(ctx, ds, r, &o);
    lc_info(ctx, "write: tables in %.2f s", lc_now_s() - tm);
    const char *crs = ds->work_wkt;
    enum { L_EST, L_FAC, L_SA, L_BUN, L_ADJ, L_SITE, L_FAT, L_N };
    /* the service areas: a dozen features of up to a million vertices, no spatial index */
    lc_out_layer all[L_N] = {
        {"estates", o.est, ds->points ? LC_G_POINT : LC_G_MULTIPOLYGON, crs, false},
        {"facilities", o.fac, LC_G_POINT, crs, false},
        {"service_areas", o.sa, LC_G_MULTIPOLYGON, crs, true},
        {"bundles", o.bun, LC_G_MULTIPOLYGON, crs, false},
        {"adjacency", o.adj, LC_G_LINESTRING, crs, false},
        {"sites", o.site, LC_G_POINT, crs, false},
        {"facility_areas", o.fat, LC_G_MULTIPOLYGON, crs, false}};
    lc_out_layer csv = {"summary", o.sum, LC_G_NONE, NULL, false};
    lc_out_layer gaps = {"gaps", o.gaps, LC_G_NONE, NULL, false};
    lc_table *styles = NULL;
    unsigned formats = r->out->formats;
    if (!st && (formats & LC_FMT_SHP) && r->dbf_names)
        st = shapefile_names(ctx, all, L_N, r->dbf_names);
    if (!st) st = lc_qgis_outputs(ctx, ds, r->cv, r->ac, r->lang, all, L_N, formats, &styles, od);
    lc_report_in rin = {(lc_lang)r->lang, ds, r->cv, r->bl, o.bun, r->site, r->ac, r->opts,
                        r->wk != NULL, r->out->service_areas == LC_SA_NONE, r->access, &o.eq,
                        r->paths};
    lc_file_plan *plan = st ? NULL : lc_file_plan_create();
    if (!st && !plan) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_out_layer sty = {"layer_styles", styles, LC_G_NONE, NULL, false};
    if (!st) st = plan_files(ctx, plan, od, r->out, all, L_N, &sty, &csv, &gaps, &rin);
    if (!st) st = lc_file_plan_write(ctx, plan, r->threads, files);
    lc_file_plan_destroy(plan);
    lc_equity_clear(&o.eq);
    lc_table_destroy(o.gaps); /* not a PostGIS table: summary's rows say it per district */
    lc_table *tabs[] = {o.est, o.fac, o.sa, o.fat, o.bun, o.adj, o.site, o.sum, styles};
    lc_db_layers *db = r->db;
    if (!st && db && !(db->crs = lc_strdup(crs))) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (st || !db) {
        for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++) lc_table_destroy(tabs[i]);
        return st;
    }
    /* the tables go to PostGIS after every file is staged (run.c); db owns them now */
    for (size_t i = 0; i < L_N; i++)
        if (all[i].table) db->layer[db->n] = all[i], db->layer[db->n++].srs_wkt = db->crs;
    db->layer[db->n++] = csv;
    db->styles = styles;
    memcpy(db->owned, tabs, sizeof db->owned);
    return LC_OK;
}

void lc_db_layers_clear(lc_db_layers *d)
{
    for (size_t i = 0; i < sizeof d->owned / sizeof *d->owned; i++) lc_table_destroy(d->owned[i]);
    lc_free(d->crs);
    memset(d, 0, sizeof *d);
}
