/*
 * session.c — load once, evaluate many: the inputs, the network's lines and graph are read
 * once (lc_session_open); a scenario's edits make a view of the loaded dataset (model/
 * edits.c) and, when it edits the network, a graph of the edited lines; evaluating runs the
 * stages of a plain run (lc_stages_evaluate) on them, so a scenario's layers are those of a
 * plain run with the edited inputs. `lifecircle compare` (lc_compare) writes the baseline
 * and every scenario this way, then the comparison (report/compare.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../model/edits.h"
#include "../model/network.h"
#include "../report/compare.h"
#include "../report/i18n.h"
#include "../core/parallel.h"
#include "../report/runrecord.h"
#include "session.h"
#include "stages.h"
#include "../core/msg.h"

struct lc_session {
    lc_settings s;
    const lc_options *opts;    /* borrowed: the settings' strings live there */
    lc_summary sum;            /* the baseline's load counts; each evaluation's stages */
    lc_dataset *base;
    lc_net_lines lines;        /* the network's walkable lines, for edited graphs */
    lc_graph *g_base;
    /* the scenario applied (none: the baseline) */
    char name[256];
    lc_dataset_view *view;     /* owned: the scenario's view of `base` (NULL: none) */
    bool viewing;
    lc_graph *g_edit;          /* owned: the edited network's graph, NULL: the baseline's */
    lc_edited_lines edited;    /* owned: the boxes of the lines it closes or adds; gates */
    lc_eval base_ev;           /* the baseline's evaluation, kept for the scenarios' */
    bool base_evaluated;
    lc_eval ev;                /* the scenario's */
    bool evaluated;
    lc_estate_paths paths;     /* the estates drawn for the reports' maps, once (compare) */
};

static const lc_dataset *current_ds(const lc_session *s)
{
    return s->viewing ? &s->view->ds : s->base;
}

static const lc_graph *current_graph(const lc_session *s)
{
    return s->g_edit ? s->g_edit : s->g_base;
}

/* The evaluation of what is applied (NULL: not evaluated). */
static const lc_eval *current_eval(const lc_session *s)
{
    if (s->viewing || s->g_edit) return s->evaluated ? &s->ev : NULL;
    return s->base_evaluated ? &s->base_ev : NULL;
}

lc_status lc_session_open(lc_ctx *ctx, const lc_options *opts, lc_session **out)
{
    *out = NULL;
    lc_session *s = lc_calloc(1, sizeof *s);
    if (!s) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    s->opts = opts;
    lc_summary_clear(&s->sum);
    lc_status st = lc_settings_resolve(ctx, opts, &s->s);
    if (!st) {
        lc_io_set_encoding(s->s.in.encoding);
        st = lc_stages_load(ctx, &s->s, opts, &s->base, &s->g_base, &s->lines, &s->sum);
        lc_io_set_encoding(NULL);
    }
    if (st) {
        lc_session_close(s);
        return st;
    }
    snprintf(s->name, sizeof s->name, "baseline");
    *out = s;
    return LC_OK;
}

/* Free a scenario's view of the dataset, its graph and its evaluation (the session's, or one
 * held for writing) and clear them. */
static void free_scenario(lc_ctx *ctx, lc_dataset_view **view, lc_graph **g, lc_eval *ev)
{
    lc_eval_clear(ctx, ev);
    if (*view) lc_dataset_view_clear(ctx, *view);
    lc_free(*view);
    *view = NULL;
    lc_graph_destroy(*g);
    *g = NULL;
}

static void drop_scenario(lc_session *s, lc_ctx *ctx)
{
    free_scenario(ctx, &s->view, &s->g_edit, &s->ev);
    s->evaluated = false;
    s->viewing = false;
    lc_free(s->edited.box);
    memset(&s->edited, 0, sizeof s->edited);
    snprintf(s->name, sizeof s->name, "baseline");
}

void lc_session_close(lc_session *s)
{
    if (!s) return;
    lc_ctx *ctx = s->base ? s->base->ctx : NULL;
    if (ctx) {
        drop_scenario(s, ctx);
        lc_eval_clear(ctx, &s->base_ev);
        lc_net_lines_clear(ctx, &s->lines);
    }
    lc_estate_paths_clear(&s->paths);
    lc_graph_destroy(s->g_base);
    lc_dataset_destroy(s->base);
    lc_free(s);
}

/* What needs a walking network has one. */
static lc_status check_network(lc_ctx *ctx, const lc_session *ss, const lc_scenario *sc)
{
    const char *needs = sc->add_network ? "add_network" : sc->nclose ? "close_network"
                        : sc->add_entrances ? "add_entrances" : NULL;
    if (needs && !ss->s.walk.network.src)
        return lc_fail(ctx, LC_ERR_ARG, "scenario '%s': %s needs a walking network (--network)",
                       sc->name, needs);
    return LC_OK;
}

/* Every line close_network names is a walkable line of the network; closed[k] (NULL: only
 * checked) marks them. */
static lc_status mark_closed(lc_ctx *ctx, const lc_session *ss, const lc_scenario *sc,
                             bool *closed)
{
    for (size_t i = 0; i < sc->nclose; i++) {
        bool hit = false;
        for (size_t k = 0; k < ss->lines.n && (closed || !hit); k++)
            if (lc_net_line_is(&ss->lines, k, sc->close_network[i])) {
                hit = true;
                if (closed) closed[k] = true;
            }
        if (!hit)
            return lc_fail(ctx, LC_ERR_ARG, "scenario '%s': close_network: '%s' is no walkable "
                           "line of %s (the lines' id field, an OSM way's id as way/ID, or the "
                           "feature id)", sc->name, sc->close_network[i], ss->lines.desc);
    }
    return LC_OK;
}

/* The facility edits of sc; the capacity arrays (e->cap_ids, e->cap_places) are the
 * caller's to free (free_fac_edits). */
static lc_status fac_edits_of(lc_ctx *ctx, const lc_scenario *sc, lc_fac_edits *e)
{
    const char **ids = lc_malloc((sc->ncapacity + 1) * sizeof *ids);
    double *places = lc_malloc((sc->ncapacity + 1) * sizeof *places);
    *e = (lc_fac_edits){sc->name, sc->add_facilities, (const char *const *)sc->remove_facilities,
                        sc->nremove, ids, places, sc->ncapacity};
    if (!ids || !places) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < sc->ncapacity; i++)
        ids[i] = sc->capacity[i].id, places[i] = sc->capacity[i].places;
    return LC_OK;
}

static void free_fac_edits(lc_fac_edits *e)
{
    lc_free((void *)e->cap_ids);
    lc_free((void *)e->cap_places);
}

/* Line g's box into the session's edited boxes (room made by the caller). */
static void edited_box(lc_ctx *ctx, lc_session *s, const GEOSGeometry *g)
{
    double *b = s->edited.box + 4 * s->edited.n++;
    GEOSGeom_getXMin_r(ctx->geos, g, &b[0]), GEOSGeom_getYMin_r(ctx->geos, g, &b[1]);
    GEOSGeom_getXMax_r(ctx->geos, g, &b[2]), GEOSGeom_getYMax_r(ctx->geos, g, &b[3]);
}

/* The graph of the network's lines without the closed ones, with the added ones (the
 * network is there: check_network); their boxes into s->edited. */
static lc_status edited_graph(lc_ctx *ctx, lc_session *s, const lc_scenario *sc)
{
    const lc_walk_settings *ws = &s->s.walk;
    lc_net_lines add = {0};
    lc_status st = LC_OK;
    if (sc->add_network) {
        lc_layer_settings l = ws->network;
        l.src = sc->add_network, l.where = NULL, l.name = "add_network";
        st = lc_net_lines_read(ctx, ws, &l, s->base->work_wkt, &add);
    }
    bool *closed = lc_calloc(s->lines.n + 1, 1);
    const GEOSGeometry **g = lc_malloc((s->lines.n + add.n + 1) * sizeof *g);
    s->edited.box = lc_malloc(4 * (s->lines.n + add.n + 1) * sizeof *s->edited.box);
    if (!st && (!closed || !g || !s->edited.box)) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (!st) st = mark_closed(ctx, s, sc, closed);
    size_t n = 0;
    for (size_t k = 0; !st && k < s->lines.n; k++) {
        if (!closed[k]) g[n++] = s->lines.g[k];
        else edited_box(ctx, s, s->lines.g[k]);
    }
    for (size_t k = 0; !st && k < add.n; k++) {
        g[n++] = add.g[k];
        edited_box(ctx, s, add.g[k]);
        s->edited.added = true;
    }
    if (!st && !n)
        st = lc_fail(ctx, LC_ERR_DATA, "scenario '%s': no walkable line is left", sc->name);
    if (!st) st = lc_graph_build(ctx, g, n, 0.01, ws->node_intersections, &s->g_edit);
    lc_free(closed);
    lc_free(g);
    lc_net_lines_clear(ctx, &add);
    return st;
}

lc_status lc_session_apply(lc_ctx *ctx, lc_session *s, const char *scenario_file)
{
    drop_scenario(s, ctx);
    if (!scenario_file) return LC_OK;
    lc_scenario *sc = NULL;
    lc_status st = lc_scenario_load(ctx, scenario_file, &sc);
    if (!st) st = lc_session_apply_scenario(ctx, s, sc);
    lc_scenario_destroy(sc);
    return st;
}

lc_status lc_session_apply_scenario(lc_ctx *ctx, lc_session *s, const lc_scenario *sc)
{
    drop_scenario(s, ctx);
    lc_fac_edits e = {0};
    lc_status st = check_network(ctx, s, sc);
    if (!st) st = fac_edits_of(ctx, sc, &e);
    if (!st) {
        lc_io_set_encoding(s->s.in.encoding);
        s->view = lc_calloc(1, sizeof *s->view);
        st = s->view ? lc_dataset_view_build(ctx, &s->s.in, s->base, &e, s->view)
                     : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        lc_io_set_encoding(NULL);
        s->viewing = !st;
    }
    free_fac_edits(&e);
    if (!st && sc->add_entrances) {
        lc_entrance_counts ec;
        lc_io_set_encoding(s->s.in.encoding);
        st = lc_dataset_view_add_entrances(ctx, &s->s.walk, sc->add_entrances, s->view, &ec);
        lc_io_set_encoding(NULL);
        s->edited.gates = true;
    }
    if (!st && (sc->add_network || sc->nclose)) st = edited_graph(ctx, s, sc);
    if (!st) lc_strlcpy_utf8(s->name, sc->name, sizeof s->name);
    if (!st && s->viewing)
        lc_info(ctx, "scenario %s: %zu facilities added, %zu removed, %zu with new places; "
                "network: %zu lines closed, %s", sc->name, s->view->nadded, s->view->removed,
                sc->ncapacity, sc->nclose, sc->add_network ? sc->add_network : "none added");
    if (st) drop_scenario(s, ctx);
    return st;
}

/* The baseline's evaluation, once; its stages' timings and counts into the session's
 * summary (run.json and lc_compare's summary). */
static lc_status evaluate_baseline(lc_ctx *ctx, lc_session *s)
{
    if (s->base_evaluated) return LC_OK;
    lc_summary sum = s->sum;
    lc_status st = lc_stages_evaluate(ctx, &s->s, s->base, s->g_base, true, &s->base_ev, &sum);
    s->base_evaluated = !st;
    if (!st) s->sum = sum;
    else lc_eval_clear(ctx, &s->base_ev);
    return st;
}

lc_status lc_session_evaluate(lc_ctx *ctx, lc_session *s)
{
    lc_eval_clear(ctx, &s->ev);
    s->evaluated = false;
    lc_status st = evaluate_baseline(ctx, s);
    if (st || (!s->viewing && !s->g_edit)) return st;
    /* from the baseline's results where the edits reach (update.c), or every stage */
    if (lc_stages_can_update(&s->s, &s->base_ev, &s->edited)) {
        st = lc_stages_update(ctx, &s->s, s->base, &s->base_ev, current_ds(s), current_graph(s),
                              &s->edited, &s->ev);
    } else {
        lc_summary sum = s->sum; /* this evaluation's timings, not kept */
        st = lc_stages_evaluate(ctx, &s->s, current_ds(s), current_graph(s), false,
                                 &s->ev, &sum);
    }
    s->evaluated = !st;
    return st;
}

/* Write the outputs of `ev` (of `ds`) into `od`: a scenario's folder (`scenario`: the
 * scenario_formats), else the baseline's with its run record. `sum` is the summary the
 * outputs read; a baseline's gets the files written. */
static lc_status write_into(lc_ctx *ctx, const lc_session *s, const lc_dataset *ds,
                            const lc_eval *ev, bool scenario, lc_outdir *od, long long started,
                            lc_summary *sum)
{
    lc_results res = lc_eval_results(&s->s, ev, s->opts);
    res.paths = s->paths.n ? &s->paths : NULL;
    lc_output_settings out = s->s.out;
    if (scenario) out.formats = out.scenario_formats, out.no_gaps_csv = true;
    res.out = &out;
    lc_table *dbf_names = NULL;
    res.dbf_names = &dbf_names;
    lc_summary mine = *sum;
    res.equity = &mine.equity;
    double t0 = lc_now_s();
    lc_status st = lc_outputs_write(ctx, ds, &res, od, &mine.files);
    mine.outputs.seconds = lc_now_s() - t0;
    if (!st && !scenario) {
        *sum = mine;
        st = lc_run_record_write(ctx, lc_outdir_path(od, "run.json"), s->opts,
                                 LC_JOB_COVERAGE, &mine, dbf_names, s->base->nesting, started);
    }
    lc_table_destroy(dbf_names);
    return st;
}

/* write_into a new folder `dir`, atomically. */
static lc_status write_folder(lc_ctx *ctx, const lc_session *s, const lc_dataset *ds,
                              const lc_eval *ev, bool scenario, const char *dir, lc_summary *sum)
{
    lc_outdir *od;
    long long started = (long long)time(NULL);
    lc_status st = lc_outdir_begin(ctx, dir, &od);
    if (st) return st;
    lc_io_set_encoding(s->s.in.encoding);
    st = write_into(ctx, s, ds, ev, scenario, od, started, sum);
    lc_io_set_encoding(NULL);
    if (!st) st = lc_outdir_commit(ctx, od);
    lc_outdir_destroy(od);
    return st;
}

lc_status lc_session_write(lc_ctx *ctx, lc_session *s, const char *dir)
{
    const lc_eval *ev = current_eval(s);
    if (!ev)
        return lc_fail(ctx, LC_ERR_ARG, "session: nothing evaluated to write (lc_session_evaluate)");
    if (s->viewing) {
        lc_summary sum = s->sum; /* a scenario's files are not the session's */
        return write_folder(ctx, s, current_ds(s), ev, true, dir, &sum);
    }
    return write_folder(ctx, s, s->base, ev, false, dir, &s->sum);
}

/* A folder written on a thread of its own (lc_async) while the scenarios are evaluated —
 * the baseline's (its GeoJSON of the service areas alone keeps one core as busy as several
 * scenarios do) and each scenario's — and its estates read back there for the comparison
 * (the scenarios' without geometry). It reads only what no scenario changes (the loaded
 * dataset, the evaluation it is given, the settings) and keeps its summary apart until it
 * is joined. */
typedef struct {
    const lc_session *s;
    const lc_dataset *ds;
    const lc_eval *ev;
    bool scenario;
    const char *dir;
    lc_summary sum;
    double seconds;           /* the writing's */
    lc_source_layer *estates; /* read back for the comparison (lc_compare_read_folder) */
} folder_write;

static lc_status folder_write_job(lc_ctx *ctx, size_t job, void *ud)
{
    (void)job;
    folder_write *w = ud;
    double t0 = lc_now_s();
    lc_status st = write_folder(ctx, w->s, w->ds, w->ev, w->scenario, w->dir, &w->sum);
    w->seconds = lc_now_s() - t0;
    return st ? st : lc_compare_read_folder(ctx, w->dir, !w->scenario, &w->estates);
}

size_t lc_session_estate_count(const lc_session *s)
{
    return s ? s->base->nest : 0;
}

const char *lc_session_estate_id(const lc_session *s, size_t e)
{
    return s && e < s->base->nest ? s->base->est[e].id : NULL;
}

/* "elder_g5" → category index and the letter and minutes; false when it is no such field. */
static bool parse_field(const lc_dataset *ds, const lc_cover *cv, const char *field, size_t *k,
                        char *what, size_t *t)
{
    const char *us = strrchr(field, '_');
    if (!us || !us[1]) return false;
    size_t klen = (size_t)(us - field);
    for (*k = 0; *k < ds->ncat; (*k)++)
        if (strlen(ds->cat[*k]) == klen && !strncmp(ds->cat[*k], field, klen)) break;
    if (*k == ds->ncat) return false;
    *what = us[1];
    if (!us[2]) return *what == 'd' || *what == 'w';
    int minutes = atoi(us + 2);
    for (*t = 0; *t < cv->ntiers; (*t)++)
        if (cv->tier_minutes[*t] == minutes) return true;
    return false;
}

lc_status lc_session_value(lc_ctx *ctx, const lc_session *s, size_t e, const char *field,
                           double *out)
{
    *out = NAN;
    const lc_eval *ev = current_eval(s);
    if (!ev || e >= s->base->nest)
        return lc_fail(ctx, LC_ERR_ARG, "session: no estate %zu evaluated", e);
    const lc_dataset *ds = current_ds(s);
    const lc_cover *cv = ev->cv;
    size_t k, t = 0;
    char what;
    if (!parse_field(ds, cv, field, &k, &what, &t))
        return lc_fail(ctx, LC_ERR_ARG, "session: no field '%s' (KEY_d, KEY_w, KEY_cMIN, "
                       "KEY_gMIN, KEY_aMIN of an evaluated category and tier)", field);
    if (what == 'd') *out = LC_COV_D(cv, k, e);
    else if (what == 'w') *out = ev->wk ? LC_WALK_W(ev->wk, k, e) : NAN;
    else if (what == 'c') *out = cv->c[LC_COV_IDX(cv, k, t, e)];
    else if (what == 'g') *out = cv->g[LC_COV_IDX(cv, k, t, e)];
    else if (what == 'a') {
        for (size_t i = 0; i < ev->ac.ncat; i++) {
            const lc_access_cat *c = &ev->ac.cat[i];
            if (c->cat == k && c->per1000) *out = c->per1000[t * ds->nest + e];
        }
    } else {
        return lc_fail(ctx, LC_ERR_ARG, "session: no field '%s'", field);
    }
    return LC_OK;
}

/* The scenario files of the `scenario` setting, read and checked before any data is. */
static lc_status load_scenarios(lc_ctx *ctx, const lc_options *opts, lc_scenario ***out,
                                size_t *n)
{
    const char *const *files = lc_options_list(opts, "scenario", n);
    *out = NULL;
    if (!*n)
        return lc_fail(ctx, LC_ERR_ARG, "compare: give at least one scenario file "
                       "(--scenario FILE, repeatable)");
    lc_scenario **sc = lc_calloc(*n + 1, sizeof *sc);
    if (!sc) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < *n; i++) st = lc_scenario_load(ctx, files[i], &sc[i]);
    if (!st) st = lc_scenarios_check_names(ctx, sc, *n);
    *out = sc;
    return st;
}

static void free_scenarios(lc_scenario **sc, size_t n)
{
    for (size_t i = 0; sc && i < n; i++) lc_scenario_destroy(sc[i]);
    lc_free(sc);
}

/* What scenario `sc` does, in the report's words (the view counts the added facilities). */
static char *describe(const lc_session *ss, const lc_scenario *sc, size_t added)
{
    lc_lang lang = (lc_lang)ss->s.out.lang;
    char buf[512] = "", part[128];
    const char *sep = lang == LC_LANG_ZH ? "；" : "; ";
    size_t counts[] = {added, sc->nremove, sc->ncapacity, sc->add_network != NULL, sc->nclose,
                       sc->add_entrances != NULL};
    static const char *const keys[] = {"sc_added", "sc_removed", "sc_places", "sc_lines",
                                       "sc_closed", "sc_gates"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (!counts[i] && !(i == 0 && sc->add_facilities)) continue;
        snprintf(part, sizeof part, lc_tr(lang, keys[i]), counts[i]);
        size_t at = strlen(buf);
        snprintf(buf + at, sizeof buf - at, "%s%s", at ? sep : "", part);
    }
    return lc_strdup(buf);
}

/* DIR/<name> */
static char *subdir(const char *dir, const char *name)
{
    return lc_asprintf("%s/%s", dir, name);
}

/* The ids a scenario names exist, and what it edits is there: checked for every scenario
 * before anything is written. */
static lc_status check_scenario(lc_ctx *ctx, const lc_session *ss, const lc_scenario *sc)
{
    lc_fac_edits e = {0};
    lc_status st = fac_edits_of(ctx, sc, &e);
    if (!st) st = lc_fac_edits_check(ctx, ss->base, &e);
    free_fac_edits(&e);
    if (!st) st = check_network(ctx, ss, sc);
    return st ? st : mark_closed(ctx, ss, sc, NULL);
}

/* A scenario's evaluation taken out of the session to be written (its view of the dataset,
 * its graph, its evaluation) while the next scenario is applied and evaluated: a scenario's
 * files take longer than its evaluation, and the evaluation leaves the second core idle. */
typedef struct {
    folder_write w;           /* its folder, of the view and evaluation below */
    lc_dataset_view *view;
    lc_graph *g_edit;
    lc_eval ev;
    size_t k;                 /* the scenario's number */
    const char *name;
    double eval_s;            /* its evaluation's seconds */
} held_scenario;

#define WRITERS 2 /* scenario folders written at once: a folder takes longer than an evaluation */

/* Take the applied and evaluated scenario out of the session into h (the session is left
 * on the baseline). */
static void hold_scenario(lc_ctx *ctx, lc_session *s, const char *dir, held_scenario *h)
{
    *h = (held_scenario){{s, &s->view->ds, NULL, true, dir, s->sum, 0, NULL}, s->view, s->g_edit,
                         s->ev, 0, NULL, 0};
    h->w.ev = &h->ev;
    s->view = NULL, s->g_edit = NULL;
    memset(&s->ev, 0, sizeof s->ev);
    drop_scenario(s, ctx);
}

static void held_clear(lc_ctx *ctx, held_scenario *h)
{
    free_scenario(ctx, &h->view, &h->g_edit, &h->ev);
    lc_source_layer_destroy(h->w.estates);
    memset(h, 0, sizeof *h);
}

/* Join the scenario being written in this slot (if any), say its times, keep its estates
 * read back in read[k + 1], free the rest; `st` the status so far. */
static lc_status finish_write(lc_ctx *ctx, lc_async **writing, held_scenario *h,
                              lc_source_layer **read, lc_status st)
{
    if (!*writing) return st;
    lc_status wst = lc_async_join(ctx, *writing);
    *writing = NULL;
    if (!st && !wst)
        lc_note(ctx, "scenario %s: evaluated in %.3f s, written in %.2f s", h->name, h->eval_s,
                h->w.seconds);
    read[h->k + 1] = h->w.estates;
    h->w.estates = NULL;
    held_clear(ctx, h);
    return st ? st : wst;
}

/* Evaluate and write the baseline and every scenario, then compare them into `dir`. The
 * baseline's folder is written on a thread of its own while the scenarios are evaluated,
 * and each scenario's folder while the next is (lc_async): the results are those of one
 * after the other, the log lines of a folder come when it is done. */
static lc_status compare_all(lc_ctx *ctx, lc_session *ss, lc_scenario **sc, size_t n,
                             const char *dir, char **dirs, char **notes)
{
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < n; i++) st = check_scenario(ctx, ss, sc[i]);
    if (!st) st = lc_session_evaluate(ctx, ss);
    char *base = subdir(dir, "baseline");
    if (!st && !base) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    /* every folder's report draws the same estates on the same frame: drawn once, before the
     * writers start (they only read them) */
    if (!st && lc_estate_paths_build(ctx, ss->base, &ss->paths))
        st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    folder_write bw = {ss, ss->base, &ss->base_ev, false, base, ss->sum, 0, NULL};
    lc_async *base_writing = NULL;
    if (!st) st = lc_async_start(ctx, folder_write_job, &bw, &base_writing);
    held_scenario h[WRITERS];
    memset(h, 0, sizeof h);
    lc_async *writing[WRITERS] = {NULL};
    lc_source_layer **read = lc_calloc(n + 1, sizeof *read); /* the folders' estates */
    if (!st && !read) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n; i++) {
        double t0 = lc_now_s();
        st = lc_session_apply_scenario(ctx, ss, sc[i]);
        if (!st) st = lc_session_evaluate(ctx, ss);
        if (!st && !(notes[i] = describe(ss, sc[i], ss->view->nadded)))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        if (!st && !(dirs[i] = subdir(dir, sc[i]->name)))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        double t1 = lc_now_s();
        size_t w = i % WRITERS; /* the slot of scenario i - WRITERS, joined first */
        st = finish_write(ctx, &writing[w], &h[w], read, st);
        if (st) break;
        hold_scenario(ctx, ss, dirs[i], &h[w]);
        h[w].k = i, h[w].name = sc[i]->name, h[w].eval_s = t1 - t0;
        st = lc_async_start(ctx, folder_write_job, &h[w].w, &writing[w]);
        if (st) held_clear(ctx, &h[w]);
    }
    /* the last ones, in their order (also after a failure: their threads read the session) */
    size_t first = n % WRITERS; /* the slot of the oldest (scenario n - WRITERS) */
    for (size_t j = 0; read && j < WRITERS; j++) {
        size_t w = (first + j) % WRITERS;
        st = finish_write(ctx, &writing[w], &h[w], read, st);
    }
    if (base_writing) { /* joined also when a scenario failed: the thread reads the session */
        lc_status wst = lc_async_join(ctx, base_writing);
        if (!st && !(st = wst)) ss->sum = bw.sum;
        if (read) read[0] = bw.estates;
        else lc_source_layer_destroy(bw.estates);
    }
    lc_session_apply(ctx, ss, NULL);
    const char **names = lc_calloc(n + 1, sizeof *names);
    if (!st && !names) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < n; i++) names[i] = sc[i]->name;
    lc_compare_in in = {base, (const char *const *)dirs, names, n, ss->s.out.lang,
                        ss->s.out.csv_encoding, (const char *const *)notes, read};
    if (!st) st = lc_compare_write(ctx, &in, dir);
    for (size_t i = 0; read && i <= n; i++) lc_source_layer_destroy(read[i]);
    lc_free(read);
    lc_free(names);
    lc_free(base);
    return st;
}

/* The summary of a comparison: the baseline's, its files named as DIR/baseline/ holds them,
 * then the comparison's own files in DIR. */
static void comparison_files(const lc_session *ss, lc_summary *out)
{
    *out = ss->sum;
    lc_file_list *fl = &out->files;
    for (size_t i = 0; i < fl->n; i++) {
        char name[sizeof fl->f[i].name];
        snprintf(name, sizeof name, "baseline/%.38s", fl->f[i].name); /* names are short */
        memcpy(fl->f[i].name, name, sizeof name);
    }
    static const char *const own[] = {"changes.gpkg", "changes.geojson", "compare.csv",
                                       "compare.html"};
    for (size_t i = 0; i < sizeof own / sizeof *own && fl->n < LC_MAX_OUTPUT_FILES; i++) {
        lc_output_file *f = &fl->f[fl->n++];
        memset(f, 0, sizeof *f);
        snprintf(f->name, sizeof f->name, "%s", own[i]);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", ss->s.out.dir, own[i]);
        struct stat sb;
        f->bytes = stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
    }
}

/* The comparison reads every folder's estates back (report/compare.c): each folder has a
 * format it reads, checked before anything is loaded. */
static lc_status check_formats(lc_ctx *ctx, const lc_options *opts)
{
    lc_settings s;
    lc_status st = lc_settings_resolve(ctx, opts, &s);
    const unsigned readable = LC_FMT_GPKG | LC_FMT_GEOJSON | LC_FMT_FGB;
    const char *bad = st ? NULL : !(s.out.formats & readable) ? "formats"
                                : !(s.out.scenario_formats & readable) ? "scenario_formats" : NULL;
    if (bad)
        st = lc_fail(ctx, LC_ERR_ARG, "compare: %s must hold gpkg, geojson or fgb (the comparison "
                     "reads each folder's estates layer back)", bad);
    return st;
}

lc_status lc_compare(lc_ctx *ctx, const lc_options *opts, lc_summary *out_summary)
{
    ctx->errmsg[0] = '\0';
    lc_scenario **sc = NULL;
    size_t n = 0;
    lc_status st = check_formats(ctx, opts);
    if (!st) st = load_scenarios(ctx, opts, &sc, &n);
    lc_session *ss = NULL;
    if (!st) st = lc_session_open(ctx, opts, &ss);
    char **dirs = st ? NULL : lc_calloc(n + 1, sizeof *dirs);
    if (!st && !dirs) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    char **notes = st ? NULL : lc_calloc(n + 1, sizeof *notes);
    if (!st && !notes) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (!st) st = compare_all(ctx, ss, sc, n, ss->s.out.dir, dirs, notes);
    if (!st && out_summary) comparison_files(ss, out_summary);
    for (size_t i = 0; dirs && i < n; i++) lc_free(dirs[i]);
    for (size_t i = 0; notes && i < n; i++) lc_free(notes[i]);
    lc_free(dirs);
    lc_free(notes);
    lc_session_close(ss);
    free_scenarios(sc, n);
    return st;
}
