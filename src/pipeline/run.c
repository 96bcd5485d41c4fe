/*
 * run.c — the jobs behind the public API: settle the options, load, compute, write.
 * Each stage fills its own view of the run summary (core/run_summary.h), timed; outputs are
 * committed only when all succeeded.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../cover/access.h"
#include "../cover/walkarea.h"
#include "../model/nested.h"
#include "../model/network.h"
#include "../report/runrecord.h"
#include "stages.h"
#include "../core/msg.h"

const char *lc_version(void)
{
    return LC_VERSION_STRING;
}

static char dep_versions[160];

static void find_dependency_versions(void)
{
    PJ_INFO pi = proj_info();
    snprintf(dep_versions, sizeof dep_versions, "GDAL %s, GEOS %s, PROJ %s",
             lc_io_gdal_version(), GEOSversion(), pi.version);
}

const char *lc_dependency_versions(void)
{
    /* once: a comparison writes the baseline's folder and a scenario's side by side */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, find_dependency_versions);
    return dep_versions;
}

/* The datum check of one sample (taken when its layer was read) into the run summary. */
static lc_status datum_check(lc_ctx *ctx, const lc_graph *g, const char *work_wkt,
                             const lc_datum_sample *smp, lc_summary *sum)
{
    size_t cap = sizeof sum->checks / sizeof sum->checks[0];
    if (!smp->taken || sum->nchecks >= cap) return LC_OK;
    return lc_datum_check(ctx, g, work_wkt, smp, &sum->checks[sum->nchecks++]);
}

/* The walking network's graph and its counts into sum->network (whose entrance counts are
 * filled before), then the datum checks of the layers read into sum's list. */
static lc_status load_network(lc_ctx *ctx, const lc_walk_settings *s, const lc_dataset *ds,
                              lc_graph **gout, lc_net_lines *keep, lc_summary *sum)
{
    lc_network_result *out = &sum->network;
    lc_graph *g = NULL;
    lc_net_counts nc;
    double t0 = lc_now_s();
    lc_status st = lc_network_load(ctx, s, ds->work_wkt, &g, &nc, keep);
    double t1 = lc_now_s();
    if (!st) {
        lc_info(ctx, "network: %zu lines read, %zu walkable, %zu excluded, %zu skipped; "
                "%zu nodes, %zu edges (%zu vertices merged) in %.2f s; peak memory %.0f MiB",
                nc.read, nc.used, nc.excluded, nc.skipped, g->nnodes, g->nedges, g->merged,
                t1 - t0, lc_peak_mib());
        st = datum_check(ctx, g, ds->work_wkt, &ds->datum_est, sum);
        for (size_t i = 0; !st && i < ds->nfac_srcs; i++)
            st = datum_check(ctx, g, ds->work_wkt, &ds->datum_fac[i], sum);
        if (!st) st = datum_check(ctx, g, ds->work_wkt, &ds->datum_ent, sum);
    }
    out->network_read = nc.read, out->network_used = nc.used;
    out->network_excluded = nc.excluded, out->network_skipped = nc.skipped;
    if (g) out->graph_nodes = g->nnodes, out->graph_edges = g->nedges;
    out->seconds = t1 - t0;
    *gout = g;
    return st;
}

/* Walking distances over the graph g; in network mode the gaps follow them. */
static lc_status run_walk(lc_ctx *ctx, const lc_walk_settings *s, int service_areas,
                          const lc_dataset *ds, const lc_graph *g, lc_eval *ev, lc_summary *sum)
{
    lc_cover *cv = ev->cv;
    double t1 = lc_now_s();
    lc_status st = lc_walk_compute(ctx, ds, g, s, cv->radius_m[cv->ntiers - 1], &ev->wk);
    double t2 = lc_now_s();
    if (!st) {
        lc_walk_apply_gaps(cv, ev->wk);
        st = lc_walk_shares(ctx, ds, g, ev->wk, s->walk_buffer_m, cv);
    }
    double t3 = lc_now_s();
    if (!st && service_areas != LC_SA_NONE)
        st = lc_walk_service_areas(ctx, g, ev->wk, s->walk_buffer_m, cv);
    if (!st && s->per_facility)
        st = lc_walk_facility_areas(ctx, ds, g, ev->wk, s->walk_buffer_m, cv, &ev->fa);
    lc_info(ctx, "walking: searches %.2f s, shares %.2f s, service areas %.2f s; peak memory "
            "%.0f MiB", t2 - t1, t3 - t2, lc_now_s() - t3, lc_peak_mib());
    if (ev->wk) {
        sum->network.facilities_unreachable = ev->wk->fac_unreachable;
        sum->network.estates_no_access = ev->wk->est_no_access;
    }
    sum->network.seconds_walk = lc_now_s() - t1;
    return st;
}

/* What run.json records of capacity-aware access: the method and each category's norm. */
static void access_summary(const lc_access_settings *s, const lc_dataset *ds,
                           const lc_access *ac, lc_access_result *out)
{
    out->categories = lc_access_computed(ac);
    if (out->categories) out->method = ac->gauss ? "E2SFCA (Gaussian decay, d0 = the tier radius)"
                                                 : "2SFCA";
    size_t at = 0;
    for (size_t k = 0; k < ac->ncat; k++) {
        const lc_access_cat *c = &ac->cat[k];
        if (!c->per1000) continue;
        out->no_capacity += c->no_capacity;
        if (isnan(c->norm) || at >= sizeof out->norms) continue;
        const char *key = ds->cat[c->cat];
        int n = snprintf(out->norms + at, sizeof out->norms - at,
                         "%s%s: %g per 1,000 %s (%s)", at ? "; " : "", key, c->norm,
                         c->demand_field, lc_settings_percat(s, "norm", key) ? _("given") : _("default"));
        at += n > 0 ? (size_t)n : 0;
    }
}

/* Bundles run in the full job when asked for, or when the size field exists; never for
 * point estates (adjacency needs boundaries): said once, everything else is written. */
static bool want_bundles(lc_ctx *ctx, const lc_bundle_settings *s, const lc_dataset *ds)
{
    if (ds->points) {
        lc_note(ctx, "%s: bundles need estate boundaries; the estates are points: no bundles",
                ds->est_src->desc);
        return false;
    }
    if (s->asked) return true;
    if (lc_table_field_index(ds->est_src->table, s->size_field) >= 0) return true;
    lc_warn(ctx, "%s: no field '%s'; no bundles (name the size field with --size-field)",
            ds->est_src->desc, s->size_field);
    return false;
}

static lc_status run_bundles(lc_ctx *ctx, const lc_bundle_settings *s, const lc_dataset *ds,
                             lc_bundling *bl, lc_bundles_result *out)
{
    double t0 = lc_now_s();
    lc_status st = lc_bundling_run(ctx, s, ds, bl);
    out->seconds = lc_now_s() - t0;
    if (st) return st;
    out->bundled = 1;
    out->eligible = bl->neligible, out->size_unknown = bl->size_unknown;
    out->barriers_read = bl->barriers_read, out->barriers_used = bl->barriers_used;
    out->barriers_skipped = bl->barriers_skipped;
    out->adjacent_pairs = bl->adj.npairs, out->pairs_blocked = bl->adj.blocked;
    out->bundles = bl->nb, out->reaching = bl->sol.reaching;
    out->upper_bound = bl->sol.upper_bound;
    out->best_bound = bl->sol.bound, out->optimal = bl->sol.optimal;
    const lc_bsolution *q = &bl->sol;
    lc_note(ctx, "bundles: %zu eligible estates, %zu adjacent pairs (%zu more blocked by "
            "barriers), %zu bundles; %zu bundles reach the floor (%g); at most %zu could reach it%s "
            "(%zu pieces, %zu solved exactly, %zu below their bound; %zu components, "
            "sum of floor(component / floor) %zu); compactness (area-weighted inertia) %.4g m^4; "
            "%.2f s", bl->neligible, bl->adj.npairs, bl->adj.blocked, bl->nb, q->reaching,
            s->min_size, q->bound, q->optimal ? _(" (optimal)") : "", q->pieces, q->exact_pieces,
            q->open_pieces, q->components, q->upper_bound, q->inertia, out->seconds);
    return LC_OK;
}

static lc_status run_sites(lc_ctx *ctx, const lc_site_settings *s, const lc_dataset *ds,
                           const lc_cover *cv, const lc_walk *wk, const lc_graph *g,
                           lc_siting *site, lc_sites_result *out)
{
    double t0 = lc_now_s();
    lc_status st = lc_siting_run(ctx, s, ds, cv, wk, g, site);
    out->seconds = lc_now_s() - t0;
    if (st) return st;
    out->sites = site->res.n, out->candidates = site->cand.n;
    out->weight_total = site->total_w, out->weight_before = site->before_w;
    out->weight_after = site->before_w + site->res.covered;
    out->method = lc_site_method(&site->res);
    /* the bound in the summary's terms: covered weight after, or sites for a target */
    out->bound = site->res.bound + (s->target > 0 ? 0 : site->before_w);
    out->gap = site->res.gap;
    return LC_OK;
}

/* service_areas auto: whole up to LC_SA_AUTO_MAX estates, else none (said in the log, the
 * run record and the report). */
static void settle_service_areas(lc_ctx *ctx, lc_output_settings *s, size_t nest)
{
    if (s->service_areas != LC_SA_AUTO) return;
    s->service_areas = lc_service_areas_for(LC_SA_AUTO, nest);
    if (s->service_areas == LC_SA_NONE)
        lc_note(ctx, "service areas: not computed for %zu estates (more than %d; city-wide "
                "areas of this size are tens of millions of vertices that no map draws): "
                "--service-areas district writes them per district, whole as one feature per "
                "category and tier", nest, LC_SA_AUTO_MAX);
}

lc_status lc_stages_evaluate(lc_ctx *ctx, const lc_settings *s, const lc_dataset *ds,
                             const lc_graph *g, bool keep_tiles, lc_eval *ev, lc_summary *sum)
{
    double t1 = lc_now_s();
    lc_status st = lc_cover_compute(ctx, ds, &s->cover, s->threads, &ev->cv);
    if (!st && keep_tiles) st = lc_cover_keep_tiles(ctx, ev->cv);
    double tc = lc_now_s();
    if (!st && s->out.service_areas != LC_SA_NONE) st = lc_cover_service_areas(ctx, ds, ev->cv);
    double t2 = lc_now_s();
    if (!st) lc_info(ctx, "coverage of %zu categories in %.2f s (%zu multi-disc cases), service "
                     "areas in %.2f s; peak memory %.0f MiB", ds->ncat, tc - t1,
                     ev->cv->multi_disc, t2 - tc, lc_peak_mib());
    sum->cover.seconds = tc - t1;
    sum->cover.seconds_areas = t2 - tc;
    if (!st && g) st = run_walk(ctx, &s->walk, s->out.service_areas, ds, g, ev, sum);
    double ta = lc_now_s();
    if (!st) st = lc_access_run(ctx, &s->access, ds, ev->cv, ev->wk, g, &ev->ac);
    sum->access.seconds = lc_now_s() - ta;
    if (!st) access_summary(&s->access, ds, &ev->ac, &sum->access);
    sum->cover.service_areas = lc_service_areas_name(s->out.service_areas);
    return st;
}

void lc_eval_clear(lc_ctx *ctx, lc_eval *ev)
{
    lc_facility_areas_clear(&ev->fa);
    lc_access_clear(&ev->ac);
    lc_walk_destroy(ev->wk);
    lc_cover_destroy(ctx, ev->cv);
    memset(ev, 0, sizeof *ev);
}

lc_results lc_eval_results(const lc_settings *s, const lc_eval *ev, const lc_options *opts)
{
    return (lc_results){&s->out, &s->access, s->threads, ev->cv, ev->wk,
                        ev->fa.wkb ? &ev->fa : NULL, NULL, NULL,
                        lc_access_computed(&ev->ac) ? &ev->ac : NULL, s->out.lang, opts, NULL,
                        NULL, NULL, NULL};
}

/* Entrances (into ds) and the network's graph: what the walking stage reads. */
static lc_status load_walk_inputs(lc_ctx *ctx, const lc_walk_settings *ws, lc_dataset *ds,
                                  lc_graph **g, lc_net_lines *keep, lc_summary *sum)
{
    lc_status st = LC_OK;
    if (ws->entrances.src && !ws->network.src)
        st = lc_fail(ctx, LC_ERR_ARG, "--entrances needs a walking network (--network)");
    if (!st && ws->entrances.src) {
        lc_entrance_counts ec;
        st = lc_entrances_load(ctx, ws, ds, &ec);
        sum->network.entrances_read = ec.read, sum->network.entrances_used = ec.used;
        sum->network.entrances_unknown = ec.unknown, sum->network.entrances_skipped = ec.skipped;
        lc_datum_list_add(&sum->datums, &ec.datum_read);
    }
    if (!st && ws->per_facility && !ws->network.src)
        st = lc_fail(ctx, LC_ERR_ARG, "--per-facility needs a walking network (--network)");
    if (!st && ws->network.src) st = load_network(ctx, ws, ds, g, keep, sum);
    return st;
}

lc_status lc_stages_load(lc_ctx *ctx, lc_settings *s, const lc_options *opts, lc_dataset **ds,
                         lc_graph **g, lc_net_lines *keep, lc_summary *sum)
{
    double t0 = lc_now_s();
    lc_load_counts lc;
    lc_status st = lc_dataset_load(ctx, &s->in, s->walk.network.src != NULL, opts, ds, &lc);
    double t1 = lc_now_s();
    sum->load = lc.res; /* the load stage's counts: the first in the summary */
    sum->nsources = lc.nsources;
    memcpy(sum->sources, lc.sources, sizeof sum->sources);
    sum->datums = lc.datums;
    sum->load.seconds = t1 - t0;
    if (st) return st;
    lc_info(ctx, "loaded %zu estates and %zu facilities in %.2f s; working CRS %s; peak "
            "memory %.0f MiB", (*ds)->nest, (*ds)->nfac, t1 - t0, (*ds)->work_name,
            lc_peak_mib());
    settle_service_areas(ctx, &s->out, (*ds)->nest);
    return load_walk_inputs(ctx, &s->walk, *ds, g, keep, sum);
}

/* The whole run up to the staged files; the nested estates are handed to *nest (for
 * run.json, written after the dataset is gone). */
static lc_status run_coverage(lc_ctx *ctx, lc_settings *s, const lc_options *opts,
                              lc_job job, lc_outdir *od, lc_db_layers *db, lc_table **dbf_names,
                              lc_summary *sum, lc_nesting **nest)
{
    lc_bundling bl = {0};
    lc_siting site = {0};
    lc_graph *g = NULL;
    bool bundles = false, siting = false;
    lc_dataset *ds = NULL;
    lc_eval ev = {0};
    lc_status st = lc_stages_load(ctx, s, opts, &ds, &g, NULL, sum);
    if (!st) st = lc_stages_evaluate(ctx, s, ds, g, false, &ev, sum);
    if (!st && job == LC_JOB_ALL && (bundles = want_bundles(ctx, &s->bundle, ds)))
        st = run_bundles(ctx, &s->bundle, ds, &bl, &sum->bundles);
    if (!st && job != LC_JOB_COVERAGE && (siting = s->site.category != NULL))
        st = run_sites(ctx, &s->site, ds, ev.cv, ev.wk, g, &site, &sum->sites);
    if (!st && siting) lc_datum_list_add(&sum->datums, &site.cand.datum_read);
    if (!st && siting && g) st = datum_check(ctx, g, ds->work_wkt, &site.cand.datum, sum);
    double t3 = lc_now_s();
    lc_results res = lc_eval_results(s, &ev, opts);
    res.bl = bundles ? &bl : NULL, res.site = siting ? &site : NULL;
    res.db = db, res.dbf_names = dbf_names, res.equity = &sum->equity;
    if (!st) st = lc_outputs_write(ctx, ds, &res, od, &sum->files);
    sum->outputs.seconds = lc_now_s() - t3;
    lc_eval_clear(ctx, &ev);
    lc_bundling_clear(&bl);
    lc_siting_clear(&site);
    lc_graph_destroy(g);
    if (ds) *nest = ds->nesting, ds->nesting = NULL;
    lc_dataset_destroy(ds);
    return st;
}

lc_status lc_run(lc_ctx *ctx, const lc_options *opts, lc_job job, lc_summary *out_summary)
{
    lc_summary local = {0};
    lc_summary *sum = out_summary ? out_summary : &local;
    lc_summary_clear(sum);
    ctx->errmsg[0] = '\0';
    lc_settings s;
    lc_status st = lc_settings_resolve(ctx, opts, &s);
    if (st) return st;
    if (job != LC_JOB_COVERAGE && job != LC_JOB_ALL && job != LC_JOB_SITE)
        return lc_fail(ctx, LC_ERR_ARG, "unknown job %d", (int)job);
    if (job == LC_JOB_SITE && !s.site.category)
        return lc_fail(ctx, LC_ERR_ARG, "site: name the category with --category KEY");
    lc_outdir *od;
    long long started = (long long)time(NULL);
    if ((st = lc_outdir_begin(ctx, s.out.dir, &od))) return st;
    lc_io_set_encoding(s.in.encoding);
    size_t warnings = lc_ctx_warning_count(ctx);
    lc_ctx_mark_warnings(ctx);
    lc_db_layers db = {0};
    lc_table *dbf_names = NULL; /* the Shapefiles' field names, for run.json */
    lc_nesting *nest = NULL;
    st = run_coverage(ctx, &s, opts, job, od, s.out.to_db ? &db : NULL, &dbf_names, sum, &nest);
    lc_io_set_encoding(NULL);
    if (!st && s.strict && lc_ctx_warning_count(ctx) > warnings)
        st = lc_fail(ctx, LC_ERR_DATA, "--strict: %zu warnings, so nothing was written; the "
                     "first: %s", lc_ctx_warning_count(ctx) - warnings, ctx->first_warning);
    if (!st)
        st = lc_run_record_write(ctx, lc_outdir_path(od, "run.json"), opts, job, sum, dbf_names,
                                 nest, started);
    lc_table_destroy(dbf_names);
    lc_nesting_destroy(nest);
    /* every file is staged: the database's transaction first, then the folder's renames, so
     * a failed database write leaves both as they were */
    if (!st && s.out.to_db) st = lc_db_write(ctx, &s.out, &db);
    bool db_committed = !st && s.out.to_db;
    lc_db_layers_clear(&db);
    if (!st) st = lc_outdir_commit(ctx, od);
    if (st && db_committed) {
        char why[sizeof ctx->errmsg];
        snprintf(why, sizeof why, "%s", ctx->errmsg);
        st = lc_fail(ctx, st, "%s (the PostGIS schema %s was already committed; the folder "
                     "keeps its older files)", why, s.out.db_schema);
    }
    lc_outdir_destroy(od);
    return st;
}

lc_status lc_run_demo(lc_ctx *ctx, const char *data_dir, const char *out_dir,
                      lc_summary *out_summary)
{
    char installed[2048];
    if (!data_dir) /* the installed sample, else the source tree's */
        data_dir = lc_beside_program(1, "share/lifecircle/data", installed, sizeof installed)
                       ? installed
                       : "data";
    lc_options *o = lc_options_create();
    if (!o) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    char est[4096], fac[4096], bar[4096], cand[4096];
    snprintf(est, sizeof est, "%s/estates.geojson", data_dir);
    snprintf(fac, sizeof fac, "%s/facilities.geojson", data_dir);
    snprintf(bar, sizeof bar, "%s/barriers.geojson", data_dir);
    snprintf(cand, sizeof cand, "%s/candidates.geojson", data_dir);
    lc_status st = lc_options_set(ctx, o, "estates", est, LC_SRC_FLAG);
    if (!st) st = lc_options_set_item(ctx, o, "facilities", fac, LC_SRC_FLAG); /* whole */
    /* renovation bundles of the pre-2000 estates, kept apart by the river and trunk road */
    if (!st) st = lc_options_set(ctx, o, "barriers", bar, LC_SRC_FLAG);
    if (!st) st = lc_options_set(ctx, o, "filter", "build_year < 2000", LC_SRC_FLAG);
    /* the sample's estates face each other across 16-40 m streets (data/README.md) */
    if (!st) st = lc_options_set(ctx, o, "gap", "40", LC_SRC_FLAG);
    /* five new elder-care sites for the 5-minute circle among the idle buildings and plots */
    if (!st) st = lc_options_set(ctx, o, "site_category", "elder", LC_SRC_FLAG);
    if (!st) st = lc_options_set(ctx, o, "site_tier", "5", LC_SRC_FLAG);
    if (!st) st = lc_options_set(ctx, o, "site_count", "5", LC_SRC_FLAG);
    if (!st) st = lc_options_set(ctx, o, "candidates", cand, LC_SRC_FLAG);
    if (!st) st = lc_options_set(ctx, o, "cost_field", "cost", LC_SRC_FLAG);
    /* the sample's POIs come from a Chinese web map, as planners' usually do */
    if (!st) st = lc_options_set(ctx, o, "facilities_srs", "GCJ02", LC_SRC_FLAG);
    if (!st) st = lc_options_set(ctx, o, "output", out_dir, LC_SRC_FLAG);
    if (!st) st = lc_run(ctx, o, LC_JOB_ALL, out_summary);
    lc_options_destroy(o);
    return st;
}
