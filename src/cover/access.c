/*
 * access.c — the two steps of the floating catchment (see access.h): first each facility's
 * places per person of the demand within its reach, then each estate's sum of those ratios
 * over the facilities that reach it. Two passes over the catchment pairs, nothing else.
 * The step of a run reads each category's places and demand, builds its catchments once at
 * the largest radius (reach.h, with distances) and runs the two steps per tier.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/bundle_inputs.h"
#include "access.h"
#include "../core/msg.h"

double lc_decay_weight(lc_decay decay, double d, double r)
{
    if (decay == LC_DECAY_NONE) return 1;
    double e0 = exp(-0.5), u = d / r;
    return fmax(0, (exp(-0.5 * u * u) - e0) / (1 - e0));
}

void lc_access_2sfca(const lc_reach_sets *rs, const double *supply, const double *demand,
                     size_t nest, double r, lc_decay decay, double *ratio, double *load,
                     double *access)
{
    for (size_t e = 0; e < nest; e++) access[e] = 0;
    for (size_t j = 0; j < rs->n; j++) {
        double s = supply[j], dem = 0;
        ratio[j] = load[j] = NAN;
        if (!(s > 0)) continue; /* no usable capacity: reported by the caller */
        for (size_t k = rs->off[j]; k < rs->off[j + 1] && rs->dist[k] <= r; k++)
            dem += lc_decay_weight(decay, rs->dist[k], r) * demand[rs->est[k]];
        load[j] = dem / s;
        if (!(dem > 0)) continue; /* no demand in reach: adds nothing, its ratio null */
        ratio[j] = s / dem;
        for (size_t k = rs->off[j]; k < rs->off[j + 1] && rs->dist[k] <= r; k++)
            access[rs->est[k]] += lc_decay_weight(decay, rs->dist[k], r) * ratio[j];
    }
}

/* ---- the step of a run ----------------------------------------------------------------- */

const char *lc_demand_role(const char *key)
{
    if (!strcmp(key, "elder")) return "elderly";
    if (!strcmp(key, "child") || !strcmp(key, "kgdn")) return "children";
    return "population";
}

/* Places per 1,000 a norm asks for by default, where a national plan states one (user guide,
 * "Capacity-aware access"): 35 elder-care beds per 1,000 elderly. */
static double default_norm(const char *key)
{
    return !strcmp(key, "elder") ? 35 : NAN;
}

/* The estate field of the demand of category `key`: demand.<key> or the default role, a
 * role name read through field.<role>. */
static const char *demand_field(const lc_access_settings *s, const lc_dataset *ds,
                                const char *key)
{
    const char *f = lc_settings_percat(s, "demand", key);
    if (!f) f = lc_demand_role(key);
    for (int r = 0; r < LC_ROLE_COUNT; r++)
        if (!strcmp(lc_role_names[r], f)) return ds->field[r];
    return f;
}

/* The places of category k's facilities: the capacity field (column cols[source] of each
 * facility's source, -1: none) where it is a positive number, else capacity.<key>, else none
 * (counted; warned about by the caller). */
static lc_status read_places(const lc_access_settings *s, const lc_dataset *ds, const long *cols,
                             lc_access_cat *c)
{
    const char *key = ds->cat[c->cat], *dv = lc_settings_percat(s, "capacity", key);
    double def = NAN;
    if (dv) lc_parse_double(dv, &def);
    c->fac = lc_malloc((ds->cat_nfac[c->cat] + 1) * sizeof *c->fac);
    c->places = lc_malloc((ds->cat_nfac[c->cat] + 1) * sizeof *c->places);
    if (!c->fac || !c->places) return LC_ERR_NOMEM;
    for (size_t j = 0; j < ds->nfac; j++) {
        if (ds->fac[j].cat != (int)c->cat) continue;
        double v = NAN;
        long col = cols[ds->fac[j].src];
        const lc_table *t = lc_facility_source(ds, j)->table;
        bool given = ds->fac[j].places_given; /* a scenario's capacity: as the field's */
        if (given) v = ds->fac[j].places;
        if ((col >= 0 || given) &&
            !((given || lc_value_number(&t->fields[col].col[ds->fac[j].row], &v)) && v > 0 &&
              isfinite(v)))
            v = NAN;
        if (isnan(v) && def > 0) v = def, c->defaulted++;
        c->no_capacity += isnan(v);
        if (!isnan(v)) c->places_total += v;
        c->fac[c->nfac] = (uint32_t)j;
        c->places[c->nfac++] = v;
    }
    return LC_OK;
}

/* Catchments of category c's facilities at the largest radius, then the two steps per tier. */
static lc_status one_category(lc_ctx *ctx, const lc_dataset *ds,
                              const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                              const bool *all, lc_access_cat *c, lc_decay decay)
{
    size_t nt = cv->ntiers, ne = ds->nest, nf = c->nfac;
    double *xy = lc_malloc((2 * nf + 1) * sizeof *xy), *demand = NULL;
    double *ratio = lc_malloc((nf + 1) * sizeof *ratio), *acc = lc_malloc((ne + 1) * sizeof *acc);
    c->load = lc_malloc((nt * nf + 1) * sizeof *c->load);
    c->per1000 = lc_malloc((nt * ne + 1) * sizeof *c->per1000);
    if (!isnan(c->norm)) c->shortfall = lc_malloc((nt * ne + 1) * sizeof *c->shortfall);
    lc_status st = xy && ratio && acc && c->load && c->per1000 &&
                   (isnan(c->norm) || c->shortfall) ? LC_OK : LC_ERR_NOMEM;
    for (size_t i = 0; !st && i < nf; i++)
        xy[2 * i] = ds->fac[c->fac[i]].x, xy[2 * i + 1] = ds->fac[c->fac[i]].y;
    size_t unknown;
    if (!st && lc_table_field_index(ds->est_src->table, c->demand_field) < 0)
        st = lc_fail(ctx, LC_ERR_DATA, "%s: no field '%s' (the demand of category %s; name "
                       "the estate field or role with --demand %s=FIELD)", ds->est_src->desc,
                       c->demand_field, ds->cat[c->cat], ds->cat[c->cat]);
    if (!st) st = lc_estates_numbers(ctx, ds, c->demand_field, N_("demand"), &demand, &unknown);
    lc_reach_sets rs = {0};
    double rmax = cv->radius_m[nt - 1];
    if (!st && wk && g)
        st = lc_reach_walk(ctx, ds, g, wk, xy, nf, all, rmax, wk->max_snap_m, true, &rs);
    else if (!st)
        st = lc_reach_line(ctx, ds, xy, nf, all, rmax, true, &rs);
    c->unreachable = rs.unreachable;
    for (size_t e = 0; !st && e < ne; e++) c->demand_total += demand[e];
    for (size_t t = 0; !st && t < nt; t++) {
        lc_access_2sfca(&rs, c->places, demand, ne, cv->radius_m[t], decay, ratio,
                        &c->load[t * nf], acc);
        for (size_t e = 0; e < ne; e++) {
            c->per1000[t * ne + e] = 1000 * acc[e];
            if (c->shortfall)
                c->shortfall[t * ne + e] = fmax(0, demand[e] * c->norm / 1000 - acc[e] * demand[e]);
        }
    }
    lc_reach_sets_clear(&rs);
    c->demand = demand;
    lc_free(xy), lc_free(ratio), lc_free(acc);
    return st == LC_ERR_NOMEM ? lc_fail(ctx, st, "out of memory") : st;
}

static void log_category(lc_ctx *ctx, const lc_dataset *ds, const lc_access *a,
                         const lc_access_cat *c)
{
    const char *key = ds->cat[c->cat];
    lc_note(ctx, "access %s (%s, demand '%s'): %zu facilities, %.0f places for %.0f people "
            "(%.1f per 1,000)%s", key, a->gauss ? _("E2SFCA, Gaussian decay") : "2SFCA",
            c->demand_field, c->nfac, c->places_total, c->demand_total,
            c->demand_total > 0 ? 1000 * c->places_total / c->demand_total : 0,
            c->defaulted ? _("; with the default capacity") : "");
    if (c->no_capacity)
        lc_warn(ctx, "access %s: %zu of %zu facilities have no usable capacity (field '%s' "
                "empty, not a positive number or missing) and add no places; set a default "
                "with capacity.%s (--capacity %s=PLACES)", key, c->no_capacity, c->nfac,
                a->field ? a->field : "", key, key);
    if (c->unreachable)
        lc_warn(ctx, "access %s: %zu facilities are farther than max_snap from the network and "
                "serve nobody walking", key, c->unreachable);
}

/* A copy of the baseline's category `b` whose facilities are kept with the same places: its
 * facility indices are those of the view (view_of). */
static lc_status copy_category(const lc_access_cat *b, size_t ntiers, size_t nest,
                               const size_t *view_of, lc_access_cat *c)
{
    *c = *b;
    c->fac = lc_malloc((b->nfac + 1) * sizeof *c->fac);
    c->places = lc_malloc((b->nfac + 1) * sizeof *c->places);
    c->demand = b->demand ? lc_malloc((nest + 1) * sizeof *c->demand) : NULL;
    c->load = b->load ? lc_malloc((ntiers * b->nfac + 1) * sizeof *c->load) : NULL;
    c->per1000 = b->per1000 ? lc_malloc((ntiers * nest + 1) * sizeof *c->per1000) : NULL;
    c->shortfall = b->shortfall ? lc_malloc((ntiers * nest + 1) * sizeof *c->shortfall) : NULL;
    if (!c->fac || !c->places || (b->demand && !c->demand) || (b->load && !c->load) ||
        (b->per1000 && !c->per1000) || (b->shortfall && !c->shortfall))
        return LC_ERR_NOMEM;
    for (size_t i = 0; i < b->nfac; i++) c->fac[i] = (uint32_t)view_of[b->fac[i]];
    memcpy(c->places, b->places, b->nfac * sizeof *c->places);
    if (c->demand) memcpy(c->demand, b->demand, nest * sizeof *c->demand);
    if (c->load) memcpy(c->load, b->load, ntiers * b->nfac * sizeof *c->load);
    if (c->per1000) memcpy(c->per1000, b->per1000, ntiers * nest * sizeof *c->per1000);
    if (c->shortfall) memcpy(c->shortfall, b->shortfall, ntiers * nest * sizeof *c->shortfall);
    return LC_OK;
}

/* The baseline's entry of category k, NULL when it has none. */
static const lc_access_cat *base_category(const lc_access *base, size_t k)
{
    for (size_t i = 0; base && i < base->ncat; i++)
        if (base->cat[i].cat == k) return &base->cat[i];
    return NULL;
}

/* lc_access_run; with `base` (the baseline's access, view_of mapping its facilities to
 * ds's), the categories with cats[k] unset are the baseline's, copied. */
static lc_status access_run(lc_ctx *ctx, const lc_access_settings *s, const lc_dataset *ds,
                            const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                            const lc_access *base, const bool *cats, const size_t *view_of,
                            lc_access *out)
{
    memset(out, 0, sizeof *out);
    out->ntiers = cv->ntiers, out->nest = ds->nest;
    out->walking = wk && g, out->gauss = s->decay == LC_DECAY_GAUSS;
    const char *field = s->facility_capacity_field;
    long cols[LC_MAX_FACILITY_SOURCES], col = -1; /* per facility source; col: any of them */
    for (size_t i = 0; i < (ds->nfac_srcs ? ds->nfac_srcs : 1); i++) {
        const lc_table *t = ds->nfac_srcs ? ds->fac_srcs[i]->table : ds->fac_src->table;
        cols[i] = field ? lc_table_field_index(t, field) : -1;
        if (cols[i] >= 0) col = cols[i];
    }
    /* places a scenario gives count as the field (a plain run on the edited layer has it) */
    for (size_t j = 0; col < 0 && j < ds->nfac; j++)
        if (ds->fac[j].places_given) col = 0;
    out->field_found = col >= 0, out->field = field;
    if (base && base->field_found != out->field_found) base = NULL; /* other categories in */
    out->cat = lc_calloc(ds->ncat + 1, sizeof *out->cat);
    bool *all = lc_malloc((ds->nest + 1) * sizeof *all);
    char none[256] = ""; /* categories whose facilities have no usable capacity at all */
    lc_status st = out->cat && all ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; !st && e < ds->nest; e++) all[e] = true;
    for (size_t k = 0; !st && k < ds->ncat; k++) {
        bool defaulted = lc_settings_percat(s, "capacity", ds->cat[k]) != NULL;
        if ((col < 0 && !defaulted) || !ds->cat_nfac[k]) continue;
        lc_access_cat *c = &out->cat[out->ncat];
        const lc_access_cat *b = base && !cats[k] ? base_category(base, k) : NULL;
        if (b) {
            out->ncat++;
            if ((st = copy_category(b, cv->ntiers, ds->nest, view_of, c))) {
                st = lc_fail(ctx, st, "out of memory");
                break;
            }
            continue;
        }
        c->cat = k;
        const char *nv = lc_settings_percat(s, "norm", ds->cat[k]);
        c->norm = default_norm(ds->cat[k]);
        if (nv) lc_parse_double(nv, &c->norm);
        snprintf(c->demand_field, sizeof c->demand_field, "%s", demand_field(s, ds, ds->cat[k]));
        if ((st = read_places(s, ds, cols, c))) {
            st = lc_fail(ctx, st, "out of memory");
            break;
        }
        out->ncat++;
        if (c->no_capacity == c->nfac) { /* the field is there, but not for this category:
                                            no access fields, so no zeros to mislead */
            size_t at = strlen(none);
            snprintf(none + at, sizeof none - at, "%s%s", at ? ", " : "", ds->cat[k]);
            continue;
        }
        if (lc_table_field_index(ds->est_src->table, c->demand_field) < 0 &&
            !lc_settings_percat(s, "capacity", ds->cat[k]) &&
            !lc_settings_percat(s, "demand", ds->cat[k])) {
            /* places found in the data, but the estates say nothing of the demand, and
             * nobody asked: a note, not a failed first run */
            lc_note(ctx, "access %s: its facilities have places, but the estates have no field "
                    "'%s' for the demand; no places within reach (name it with --demand %s=FIELD)",
                    ds->cat[k], c->demand_field, ds->cat[k]);
            c->per1000 = NULL;
            continue;
        }
        st = one_category(ctx, ds, cv, wk, g, all, c,
                          (lc_decay)s->decay);
        if (!st) log_category(ctx, ds, out, c);
    }
    lc_free(all);
    if (!st && none[0])
        lc_note(ctx, "access: no facility of %s has a usable capacity (field '%s'); no places "
                "within reach for them (set a default with --capacity KEY=PLACES)", none, field);
    if (st) lc_access_clear(out);
    return st;
}

lc_status lc_access_run(lc_ctx *ctx, const lc_access_settings *s, const lc_dataset *ds,
                        const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                        lc_access *out)
{
    return access_run(ctx, s, ds, cv, wk, g, NULL, NULL, NULL, out);
}

lc_status lc_access_update(lc_ctx *ctx, const lc_access_settings *s, const lc_dataset *ds,
                           const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                           const lc_access *base, const bool *cats, const size_t *view_of,
                           lc_access *out)
{
    return access_run(ctx, s, ds, cv, wk, g, base, cats, view_of, out);
}

void lc_access_clear(lc_access *a)
{
    for (size_t k = 0; a->cat && k < a->ncat; k++) {
        lc_access_cat *c = &a->cat[k];
        lc_free(c->fac), lc_free(c->places), lc_free(c->load), lc_free(c->per1000);
        lc_free(c->shortfall), lc_free(c->demand);
    }
    lc_free(a->cat);
    memset(a, 0, sizeof *a);
}

size_t lc_access_computed(const lc_access *a)
{
    size_t n = 0;
    for (size_t k = 0; a && k < a->ncat; k++) n += a->cat[k].per1000 != NULL;
    return n;
}
