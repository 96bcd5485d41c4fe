/*
 * runrecord.c — run.json (see runrecord.h). json-c builds and serialises the document, so
 * escaping and number formatting are not ours.
 */
#include <stdio.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include <geos_c.h>
#include <json-c/json.h>
#include <proj.h>

#include "../io/io.h"
#include "../model/nested.h"
#include "runrecord.h"

static void put_str(json_object *o, const char *k, const char *v)
{
    /* a PostgreSQL connection (to_db, an input in PostGIS) is recorded without its password */
    char *shown = v && !strncmp(v, "PG:", 3) ? lc_io_redact(v) : NULL;
    if (shown) v = shown;
    json_object_object_add(o, k, v ? json_object_new_string(v) : NULL);
    lc_free(shown);
}

static void put_int(json_object *o, const char *k, size_t v)
{
    json_object_object_add(o, k, json_object_new_int64((int64_t)v));
}

/* A number, or null when there is none (NAN): JSON has no NaN. */
static void put_num(json_object *o, const char *k, double v)
{
    json_object_object_add(o, k, isfinite(v) ? json_object_new_double(v) : NULL);
}

static json_object *param(const char *value, lc_source src)
{
    json_object *p = json_object_new_object();
    put_str(p, "value", value);
    put_str(p, "source", lc_source_name(src));
    return p;
}

/* Every parameter, unset ones as null. */
static lc_status add_param(const char *key, const char *value, lc_source source, void *ud)
{
    json_object_object_add(ud, key, param(value, source));
    return LC_OK;
}

static json_object *parameters(const lc_options *opts)
{
    json_object *ps = json_object_new_object();
    lc_options_each_param(opts, add_param, ps);
    return ps;
}

static json_object *versions(void)
{
    json_object *v = json_object_new_object();
    put_str(v, "lifecircle", LC_VERSION_STRING);
    put_str(v, "gdal", lc_io_gdal_version());
    put_str(v, "geos", GEOSversion());
    put_str(v, "proj", proj_info().version);
    put_str(v, "json-c", json_c_version());
    return v;
}

static json_object *counts(const lc_summary *sum)
{
    const lc_load_result *s = &sum->load;
    json_object *c = json_object_new_object(), *e = json_object_new_object();
    put_int(e, "read", s->estates_read), put_int(e, "written", s->estates_used);
    put_int(e, "repaired", s->estates_repaired), put_int(e, "skipped", s->estates_skipped);
    put_int(e, "id_from_feature_id", s->id_fallbacks);
    if (s->estates_points) put_str(e, "geometry", "point"); /* polygons say nothing, as before */
    put_int(e, "nested_pairs", s->nested_pairs), put_int(e, "left_out_nested", s->estates_left_out);
    json_object_object_add(c, "estates", e);
    json_object *f = json_object_new_object();
    put_int(f, "read", s->facilities_read), put_int(f, "mapped", s->facilities_used);
    put_int(f, "unmapped", s->facilities_unmapped), put_int(f, "skipped", s->facilities_skipped);
    put_int(f, "written", s->facilities_read - s->facilities_skipped);
    put_int(f, "by_name", s->facilities_by_name), put_int(f, "planned", s->facilities_planned);
    json_object *srcs = json_object_new_array();
    for (size_t i = 0; i < sum->nsources; i++) {
        const lc_source_counts *sc = &sum->sources[i];
        json_object *o = json_object_new_object();
        put_str(o, "source", sc->name);
        put_int(o, "read", sc->read), put_int(o, "mapped", sc->mapped);
        put_int(o, "unmapped", sc->unmapped), put_int(o, "skipped", sc->skipped);
        put_int(o, "written", sc->read - sc->skipped);
        put_int(o, "by_name", sc->by_name), put_int(o, "planned", sc->planned);
        json_object_array_add(srcs, o);
    }
    json_object_object_add(f, "sources", srcs);
    const lc_network_result *w = &sum->network;
    put_int(f, "unreachable", w->facilities_unreachable);
    json_object_object_add(c, "facilities", f);
    json_object *n = json_object_new_object();
    put_int(n, "read", w->network_read), put_int(n, "walkable", w->network_used);
    put_int(n, "excluded", w->network_excluded), put_int(n, "skipped", w->network_skipped);
    put_int(n, "graph_nodes", w->graph_nodes), put_int(n, "graph_edges", w->graph_edges);
    put_int(n, "estates_without_access", w->estates_no_access);
    json_object_object_add(c, "network", n);
    json_object *g = json_object_new_object();
    put_int(g, "read", w->entrances_read), put_int(g, "used", w->entrances_used);
    put_int(g, "unknown_estate", w->entrances_unknown), put_int(g, "skipped", w->entrances_skipped);
    json_object_object_add(c, "entrances", g);
    const lc_bundles_result *bu = &sum->bundles;
    json_object *b = json_object_new_object();
    put_int(b, "read", bu->barriers_read), put_int(b, "used", bu->barriers_used);
    put_int(b, "skipped", bu->barriers_skipped);
    json_object_object_add(c, "barriers", b);
    json_object *u = json_object_new_object();
    put_int(u, "eligible_estates", bu->eligible), put_int(u, "size_unknown", bu->size_unknown);
    put_int(u, "adjacent_pairs", bu->adjacent_pairs), put_int(u, "pairs_blocked", bu->pairs_blocked);
    put_int(u, "bundles", bu->bundles), put_int(u, "reaching_min_size", bu->reaching);
    put_int(u, "upper_bound", bu->upper_bound), put_int(u, "bound", bu->best_bound);
    json_object_object_add(u, "optimal", json_object_new_boolean(bu->optimal));
    json_object_object_add(c, "bundles", bu->bundled ? u : NULL);
    if (!bu->bundled) json_object_put(u);
    const lc_sites_result *si = &sum->sites;
    json_object *t = json_object_new_object();
    put_int(t, "candidates", si->candidates), put_int(t, "sites", si->sites);
    put_num(t, "weight_total", si->weight_total);
    put_num(t, "weight_covered_before", si->weight_before);
    put_num(t, "weight_covered_after", si->weight_after);
    json_object_object_add(t, "method", si->method ? json_object_new_string(si->method) : NULL);
    put_num(t, "bound", si->bound), put_num(t, "gap", si->gap);
    json_object_object_add(c, "sites", si->candidates ? t : NULL);
    if (!si->candidates) json_object_put(t);
    const lc_access_result *ac = &sum->access;
    json_object *a = json_object_new_object();
    json_object_object_add(a, "method", ac->method ? json_object_new_string(ac->method) : NULL);
    put_int(a, "categories", ac->categories);
    put_int(a, "facilities_without_capacity", ac->no_capacity);
    json_object_object_add(a, "norms", json_object_new_string(ac->norms));
    json_object_object_add(c, "access", ac->categories ? a : NULL);
    if (!ac->categories) json_object_put(a);
    return c;
}

/* Per category the whole run's Gini and Palma per tier (null: the worst 40 % hold none),
 * what they measure and over how many estates (user guide, Equity). */
static json_object *equity(const lc_equity_list *l)
{
    json_object *o = json_object_new_object();
    char k[16];
    for (size_t i = 0; i < l->n; i++) {
        const lc_equity_total *t = &l->c[i];
        json_object *c = json_object_new_object();
        put_str(c, "of", t->places ? "places_per_1000" : "coverage_share");
        put_int(c, "estates", t->estates);
        for (size_t j = 0; j < l->ntiers; j++) {
            snprintf(k, sizeof k, "gini%d", t->minutes[j]);
            put_num(c, k, t->gini[j]);
        }
        for (size_t j = 0; j < l->ntiers; j++) {
            snprintf(k, sizeof k, "palma%d", t->minutes[j]);
            put_num(c, k, t->palma[j]);
        }
        json_object_object_add(o, t->cat, c);
    }
    return o;
}

static json_object *seconds(const lc_summary *s)
{
    json_object *t = json_object_new_object();
    put_num(t, "load", s->load.seconds), put_num(t, "coverage", s->cover.seconds);
    put_num(t, "service_areas", s->cover.seconds_areas), put_num(t, "network", s->network.seconds);
    put_num(t, "walking", s->network.seconds_walk), put_num(t, "bundles", s->bundles.seconds);
    put_num(t, "sites", s->sites.seconds), put_num(t, "access", s->access.seconds);
    put_num(t, "write", s->outputs.seconds);
    return t;
}

/* The data files written: name, bytes and the seconds of writing each (side by side). */
static json_object *files(const lc_file_list *l)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < l->n; i++) {
        json_object *f = json_object_new_object();
        put_str(f, "file", l->f[i].name);
        json_object_object_add(f, "bytes", json_object_new_int64(l->f[i].bytes));
        put_num(f, "seconds", l->f[i].seconds);
        json_object_array_add(a, f);
    }
    return a;
}

/* The filter the estates were read with and where it came from (null: none). */
static json_object *estates_filter(const lc_load_result *s)
{
    if (!s->estates_filter[0]) return NULL;
    json_object *f = json_object_new_object();
    put_str(f, "where", s->estates_filter);
    put_str(f, "source", s->estates_filter_osm ? "osm_default" : "estates_where");
    put_str(f, "why", s->estates_filter_osm ? "an OpenStreetMap file and no estates_where: the "
                                              "estates are its residential areas"
                                            : "the estates_where setting");
    return f;
}

/* Per input layer read as longitude/latitude from a table or in a web-map datum: the datum
 * and why, [{"input": "facilities", "layer": "pois.csv:pois", "value": "BD09", "why":
 * "--facilities-srs BD09"}]. */
static json_object *datums(const lc_datum_list *l)
{
    json_object *d = json_object_new_array();
    for (size_t i = 0; i < l->n; i++) {
        json_object *o = json_object_new_object();
        put_str(o, "input", l->d[i].input);
        put_str(o, "layer", l->d[i].layer);
        put_str(o, "value", l->d[i].value);
        put_str(o, "why", l->d[i].why);
        json_object_array_add(d, o);
    }
    return d;
}

/* The datum check per point layer (runs with a network): the three medians and the datum
 * the warning named ("as given" when none), or why the layer was not measured. */
static json_object *datum_check(const lc_summary *s)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < s->nchecks; i++) {
        const lc_datum_result *d = &s->checks[i];
        json_object *o = json_object_new_object();
        put_str(o, "layer", d->layer);
        put_str(o, "flag", d->flag);
        if (d->skipped) {
            put_str(o, "not_measured", d->skipped);
        } else {
            put_int(o, "points", d->points);
            json_object *m = json_object_new_object();
            put_num(m, "as_given", d->median_m[0]), put_num(m, "gcj02", d->median_m[1]);
            put_num(m, "bd09", d->median_m[2]);
            json_object_object_add(o, "median_m", m);
            put_str(o, "verdict", d->likely ? d->likely : "as given");
        }
        json_object_array_add(a, o);
    }
    return a;
}

/* Per Shapefile written, its fields whose DBF name differs: {"estates.shp": {"建成年份":
 * "建成年"}}; a file with none renamed is an empty object; null without Shapefiles. */
static json_object *shapefile_fields(const lc_table *t)
{
    if (!t || !t->nrows) return NULL;
    json_object *all = json_object_new_object();
    for (size_t r = 0; r < t->nrows; r++) {
        const char *file = t->fields[0].col[r].u.s, *name = t->fields[1].col[r].u.s,
                   *dbf = t->fields[2].col[r].u.s;
        json_object *f = NULL;
        if (!json_object_object_get_ex(all, file, &f)) {
            f = json_object_new_object();
            json_object_object_add(all, file, f);
        }
        if (strcmp(name, dbf)) json_object_object_add(f, name, json_object_new_string(dbf));
    }
    return all;
}

static json_object *nest_end(const lc_nest_end *x)
{
    json_object *o = json_object_new_object();
    put_str(o, "id", x->id);
    put_str(o, "name", x->name);
    json_object_object_add(o, "feature", json_object_new_int64(x->fid));
    return o;
}

/* The nested estates (user guide, Nested estates): the setting, the rule, every pair with both
 * ids and names, and the estates the setting left out. */
static json_object *nested(const lc_load_result *s, const lc_nesting *n)
{
    json_object *o = json_object_new_object(), *pairs = json_object_new_array();
    json_object *left = json_object_new_array();
    put_str(o, "setting", s->nested ? s->nested : "both");
    char rule[160];
    snprintf(rule, sizeof rule, "inner lies inside outer: area(inner) < area(outer) and "
             "area(inner ∩ outer) >= %g %% of area(inner)", 100 * LC_NESTED_SHARE);
    put_str(o, "rule", rule);
    for (size_t p = 0; n && p < n->npairs; p++) {
        json_object *q = json_object_new_object();
        json_object_object_add(q, "inner", nest_end(&n->ends[n->pairs[p].inner]));
        json_object_object_add(q, "outer", nest_end(&n->ends[n->pairs[p].outer]));
        put_num(q, "share", round(n->pairs[p].share * 1e6) / 1e6);
        json_object_array_add(pairs, q);
    }
    for (size_t i = 0; n && i < n->nends; i++)
        if (n->ends[i].est == UINT32_MAX) json_object_array_add(left, nest_end(&n->ends[i]));
    json_object_object_add(o, "pairs", pairs);
    json_object_object_add(o, "left_out", left);
    return o;
}

static void iso_time(char *buf, size_t cap, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

lc_status lc_run_record_write(lc_ctx *ctx, const char *path, const lc_options *opts, lc_job job,
                              const lc_summary *sum, const lc_table *dbf_names,
                              const lc_nesting *nest,
                              long long started)
{
    static const char *const jobs[] = {"coverage", "run", "site"};
    json_object *r = json_object_new_object();
    if (!r) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    char t0[32], t1[32];
    iso_time(t0, sizeof t0, (time_t)started);
    iso_time(t1, sizeof t1, time(NULL));
    put_str(r, "job", jobs[job]);
    put_str(r, "started", t0);
    put_str(r, "finished", t1);
    json_object_object_add(r, "versions", versions());
    json_object *in = json_object_new_object();
    static const char *const inputs[] = {"estates", "facilities", "network", "entrances",
                                         "barriers", "candidates"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        put_str(in, inputs[i], lc_options_get(opts, inputs[i], NULL));
    json_object_object_add(r, "inputs", in);
    json_object_object_add(r, "estates_filter", estates_filter(&sum->load));
    json_object_object_add(r, "datums", datums(&sum->datums));
    json_object_object_add(r, "parameters", parameters(opts));
    put_str(r, "working_crs", sum->load.working_crs);
    json_object_object_add(r, "counts", counts(sum));
    json_object_object_add(r, "nested", nested(&sum->load, nest));
    json_object_object_add(r, "equity", equity(&sum->equity));
    json_object_object_add(r, "seconds", seconds(sum));
    json_object_object_add(r, "files", files(&sum->files));
    put_str(r, "service_areas", sum->cover.service_areas);
    if (sum->network.network_read) json_object_object_add(r, "datum_check", datum_check(sum));
    json_object_object_add(r, "shapefile_fields", shapefile_fields(dbf_names));
    int ok = json_object_to_file_ext(path, r, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    json_object_put(r);
    if (ok != 0) return lc_fail(ctx, LC_ERR_IO, "%s: cannot write: %s", path, json_util_get_last_err());
    return LC_OK;
}
