/*
 * main.c — the lifecircle command line. It only parses arguments into lc_options (flag
 * names are the setting keys with '-' for '_'), calls the library and prints; all the
 * work is in liblifecircle.
 */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lifecircle.h"

/* Messages in the user's language (lc_set_language; the catalogue of the library, text
 * domain "lifecircle", holds the CLI's too). */
#define _(s) lc_gettext(s)
#define N_(s) (s)

typedef struct {
    const char *cmd;
    const char *config;
    const char *data_dir;
    int verbosity; /* 0 quiet, 1 normal, 2 verbose */
} cli;

static void log_to_stderr(void *ud, lc_log_level level, const char *msg)
{
    (void)ud;
    /* the level's tag stays English in every language: scripts and the QGIS plugin read it */
    static const char *const tag[] = {"error: ", "warning: ", "", "info: ", "debug: "};
    fprintf(stderr, "lifecircle: %s%s\n", tag[level], msg);
}

/* Progress on stderr for stages that run longer than a second: a bar redrawn in place on a
 * terminal, otherwise a line every 5 s. */
typedef struct {
    bool tty;
    const char *stage;
    double start, last;
    bool shown;
} progress;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void show_progress(void *ud, const char *stage, size_t done, size_t total)
{
    progress *p = ud;
    double t = now_s();
    if (stage != p->stage) p->stage = stage, p->start = t, p->last = 0, p->shown = false;
    bool end = done >= total;
    if (t - p->start < 1.0 && !(end && p->shown)) return;
    double f = total ? (double)done / (double)total : 1;
    const char *shown = lc_gettext(stage); /* the stage names are marked N_() where begun */
    if (p->tty) {
        char bar[31];
        int k = (int)(f * 30);
        for (int i = 0; i < 30; i++) bar[i] = i < k ? '#' : '.';
        bar[30] = '\0';
        fprintf(stderr, "\rlifecircle: [%s] %-22s %zu/%zu%s", bar, shown, done, total,
                end ? "\n" : "");
    } else if (end || t - p->last >= 5.0) {
        fprintf(stderr, "lifecircle: progress: %s %zu/%zu (%.0f %%)\n", shown, done, total, 100 * f);
        p->last = t;
    }
    fflush(stderr);
    p->shown = true;
}

/* A setting's default as --help shows it: a list's items with a space after each comma, so
 * that a terminal and the man page (help2man) can break a long one. */
static const char *shown_default(const char *def, char *buf, size_t cap)
{
    size_t at = 0;
    for (const char *p = def; *p && at + 3 < cap; p++) {
        buf[at++] = *p;
        if (*p == ',' && p[1] != ' ') buf[at++] = ' ';
    }
    buf[at] = '\0';
    return buf;
}

/* The help, laid out as help2man reads it (the man page is made from it): "Usage:", then
 * headed blocks of "  --option  text" lines. */
static void usage(FILE *out, const char *cmd)
{
    fputs(_("Usage: lifecircle COMMAND [options]\n"
            "\n"),
          out);
    fputs(_("Commands:\n"
            "  coverage  straight-line 5/10(/15)-minute living-circle coverage per estate\n"
            "  run       everything the inputs allow: coverage, walking, bundles\n"
            "  bundle    the same as run (bundles need the coverage for their gaps)\n"
            "  site      coverage, then where new facilities of one category close the most\n"
            "            gaps: --category KEY --tier 5|10|15 and --count N | --target SHARE |\n"
            "            --budget B (with --cost-field); --candidates SRC, --weight-field F\n"
            "  compare   scenarios (方案比选) against the inputs as they are: --scenario FILE\n"
            "            per option (repeatable); DIR/baseline, DIR/NAME per scenario, the\n"
            "            changes layer and compare.csv\n"
            "  demo      the main job on the bundled sample into -o DIR\n"
            "\n"),
          out);
    fputs(_("Common options:\n"
            "  -o, --output DIR        output directory (created; files replaced atomically)\n"
            "  --config FILE           YAML file with the same settings (flags win)\n"
            "  --field ROLE=NAME       estate field for a role (id, name, build_year, households,\n"
            "                          population, elderly, children, district)\n"
            "  --map KEY=VALUE         map a raw category value to a category key (repeatable)\n"
            "  --names KEY=WORD        facility names containing WORD are category KEY\n"
            "                          (repeatable; see category_names)\n"
            "  --capacity KEY=PLACES   places of a category-KEY facility with no capacity field\n"
            "  --demand KEY=ROLE       estate role or field whose people use category KEY\n"
            "  --norm KEY=PLACES       places per 1,000 of the demand category KEY should offer\n"
            "  --node-intersections    split crossing network lines (no shared vertices)\n"
            "  --per-facility          also one walking service area per facility\n"
            "  --same-district         bundles never cross the district field\n"
            "  --quiet | --verbose     fewer / more messages on stderr\n"
            "  --version               versions of lifecircle, GDAL, GEOS and PROJ\n"),
          out);
    if (!cmd || !strcmp(cmd, "demo"))
        fputs(_("\nDemo options:\n  --data DIR              sample data directory "
                "(default: $LC_DATA, else the installed\n"
                "                          <prefix>/share/lifecircle/data, else ./data)\n"),
              out);
    fputs(_("\nSettings (--KEY VALUE, '-' or '_' in KEY; lists take comma-separated items),\n"
            "by the stage that reads them:\n"), out);
    static const char *const stages[][2] = {
        {"input", N_("Inputs")}, {"cover", N_("Coverage")}, {"walk", N_("Walking network")},
        {"access", N_("Capacity-aware access (2SFCA)")}, {"bundle", N_("Bundles")},
        {"site", N_("Siting")}, {"output", N_("Outputs")}, {"run", N_("The run")},
        {"compare", N_("Comparing scenarios")}};
    const char *key, *def, *help;
    char buf[1024], allowed[128];
    for (size_t g = 0; g < sizeof stages / sizeof *stages; g++) {
        fprintf(out, "\n%s:\n", _(stages[g][1]));
        for (size_t i = 0; lc_options_describe(i, &key, &def, &help); i++) {
            if (strchr(key, '<') || strcmp(lc_options_stage(i), stages[g][0])) continue;
            lc_options_allowed(i, allowed, sizeof allowed);
            bool both = def && allowed[0];
            fprintf(out, "  --%-20s %s%s%s%s%s%s\n", key, help,
                    def || allowed[0] ? (def ? _(" [default: ") : " [") : "",
                    def ? shown_default(def, buf, sizeof buf) : "", both ? "; " : "", allowed,
                    def || allowed[0] ? "]" : "");
        }
    }
}

static int exit_code(lc_status st)
{
    switch (st) {
    case LC_OK: return 0;
    case LC_ERR_ARG:
    case LC_ERR_CONFIG: return 2;
    case LC_ERR_IO: return 3;
    case LC_ERR_FORMAT:
    case LC_ERR_DATA:
    case LC_ERR_GEOM_INVALID: return 4;
    case LC_ERR_CRS: return 5;
    default: return 1;
    }
}

/* "--estates-srs" -> "estates_srs"; "--field households=户数" -> "field.households" (also
 * --map, --names, --capacity, --demand, --norm KEY=VALUE). */
static lc_status set_flag(lc_ctx *ctx, lc_options *o, const char *name, const char *value)
{
    char key[128];
    if (!strcmp(name, "field") || !strcmp(name, "map") || !strcmp(name, "capacity") ||
        !strcmp(name, "demand") || !strcmp(name, "norm") || !strcmp(name, "names")) {
        const char *eq = strchr(value, '=');
        if (!eq) {
            fprintf(stderr, _("lifecircle: --%s wants KEY=VALUE, got '%s'\n"), name, value);
            return LC_ERR_ARG;
        }
        size_t klen = (size_t)(eq - value);
        if (klen > 64) klen = 64;
        snprintf(key, sizeof key, "%.8s.%.*s", name, (int)klen, value);
        return lc_options_set(ctx, o, key, eq + 1, LC_SRC_FLAG);
    }
    /* the site command's short flags */
    static const char *const alias[][2] = {{"category", "site_category"}, {"tier", "site_tier"},
                                           {"count", "site_count"}, {"target", "site_target"},
                                           {"budget", "site_budget"}};
    for (size_t i = 0; i < sizeof alias / sizeof *alias; i++)
        if (!strcmp(name, alias[i][0])) name = alias[i][1];
    snprintf(key, sizeof key, "%s", name);
    for (char *p = key; *p; p++)
        if (*p == '-') *p = '_';
    return lc_options_set(ctx, o, key, value, LC_SRC_FLAG);
}

/* Settings given as bare switches on the command line ("--node-intersections"): the yes/no
 * settings whose default is no, as the settings table says. */
static bool is_switch(const char *name)
{
    char key[64], allowed[128];
    snprintf(key, sizeof key, "%s", name);
    for (char *p = key; *p; p++)
        if (*p == '-') *p = '_';
    const char *k, *def, *help;
    for (size_t i = 0; lc_options_describe(i, &k, &def, &help); i++)
        if (!strcmp(k, key))
            return def && !strcmp(def, "no") &&
                   !strcmp(lc_options_allowed(i, allowed, sizeof allowed), _("yes or no"));
    return false;
}

static int parse_args(lc_ctx *ctx, lc_options *o, cli *c, int argc, char **argv)
{
    lc_status st;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) return usage(stdout, c->cmd), -1;
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) { c->verbosity = 0; continue; }
        if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { c->verbosity = 2; continue; }
        if (strncmp(a, "--", 2) != 0 && strcmp(a, "-o") != 0) {
            fprintf(stderr, _("lifecircle: unexpected argument '%s' (see --help)\n"), a);
            return 2;
        }
        const char *name = !strcmp(a, "-o") ? "output" : a + 2;
        char buf[128];
        const char *eq = strchr(name, '='), *value;
        if (is_switch(name)) {
            value = "yes"; /* a switch takes no value */
        } else if (eq) {
            snprintf(buf, sizeof buf, "%.*s", (int)(eq - name), name);
            name = buf, value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            fprintf(stderr, _("lifecircle: option '%s' needs a value\n"), a);
            return 2;
        }
        if (!strcmp(name, "config")) c->config = value;
        else if (!strcmp(name, "data")) c->data_dir = value;
        else if ((st = set_flag(ctx, o, name, value)) != LC_OK) {
            /* as a run's errors are printed: front ends (the QGIS plugin) pick this line */
            fprintf(stderr, "lifecircle: error: %s: %s\n", lc_status_str(st), lc_ctx_errmsg(ctx));
            return 2;
        }
    }
    return 0;
}

static void print_summary(const lc_summary *sum, const char *outdir)
{
    const lc_load_result *s = lc_summary_load(sum);
    const lc_cover_result *c = lc_summary_cover(sum);
    fprintf(stderr,
            _("lifecircle: estates: %zu read, %zu written (%zu repaired), %zu skipped; "
            "ids generated (no id field): %zu\n"
            "lifecircle: facilities: %zu read, %zu mapped, %zu unmapped (written with no "
            "catkey), %zu skipped\n"
            "lifecircle: %zu categories; working CRS %s; load %.2f s, coverage %.2f s, "
            "service areas %.2f s, write %.2f s\n"
            "lifecircle: outputs in %s/:"),
            s->estates_read, s->estates_used, s->estates_repaired, s->estates_skipped,
            s->id_fallbacks, s->facilities_read, s->facilities_used, s->facilities_unmapped,
            s->facilities_skipped, s->categories, s->working_crs, s->seconds,
            c->seconds, c->seconds_areas, lc_summary_outputs(sum)->seconds, outdir);
    const lc_output_file *f;
    for (size_t i = 0; (f = lc_summary_file(sum, i)); i++) fprintf(stderr, " %s", f->name);
    fputc('\n', stderr);
    if (s->facilities_by_name + s->facilities_planned)
        fprintf(stderr, _("lifecircle: facilities by name: %zu of those mapped; %zu planned sites "
                          "(written with no catkey, catsrc 'planned')\n"),
                s->facilities_by_name, s->facilities_planned);
}

/* Only when estates nest, so that other runs print what they always did. */
static void print_nested_summary(const lc_load_result *s)
{
    if (!s->nested_pairs) return;
    fprintf(stderr,
            _("lifecircle: nested estates (one inside another): %zu pairs; --nested %s: %zu "
            "estates left out (run.json lists both)\n"),
            s->nested_pairs, s->nested ? s->nested : "both", s->estates_left_out);
}

static void print_network_summary(const lc_network_result *s)
{
    fprintf(stderr,
            _("lifecircle: network: %zu lines read, %zu walkable, %zu excluded by the walkability "
            "rule, %zu skipped; graph %zu nodes, %zu edges; load %.2f s, walking %.2f s\n"
            "lifecircle: walking: %zu facilities unreachable (beyond max_snap), %zu estates "
            "without access; entrances: %zu read, %zu used, %zu with an unknown estate id, "
            "%zu skipped\n"),
            s->network_read, s->network_used, s->network_excluded, s->network_skipped,
            s->graph_nodes, s->graph_edges, s->seconds, s->seconds_walk,
            s->facilities_unreachable, s->estates_no_access, s->entrances_read,
            s->entrances_used, s->entrances_unknown, s->entrances_skipped);
}

/* The datum check's medians per point layer measured; the warning, if any, came before. */
static void print_datum_summary(const lc_summary *s)
{
    const lc_datum_result *d;
    for (size_t i = 0; (d = lc_summary_datum_check(s, i)); i++) {
        if (d->skipped) continue;
        fprintf(stderr,
                _("lifecircle: datum check: %s: median distance to the nearest walkable edge %.0f m "
                "as given, %.0f m as GCJ-02, %.0f m as BD-09 (%zu points): %s\n"),
                d->layer, d->median_m[0], d->median_m[1], d->median_m[2], d->points,
                !d->likely ? _("read as given")
                : !strcmp(d->likely, "BD09") ? _("looks like BD-09 (see the warning)")
                                             : _("looks like GCJ-02 (see the warning)"));
    }
}

static void print_bundle_summary(const lc_bundles_result *s)
{
    fprintf(stderr,
            _("lifecircle: bundles: %zu eligible estates (%zu estates without a usable size), "
            "barriers %zu read / %zu used / %zu skipped; %zu adjacent pairs, %zu more blocked by "
            "barriers; %zu bundles, %zu reach the floor; at most %zu could reach it%s; %.2f s\n"),
            s->eligible, s->size_unknown, s->barriers_read, s->barriers_used,
            s->barriers_skipped, s->adjacent_pairs, s->pairs_blocked, s->bundles,
            s->reaching, s->best_bound, s->optimal ? _(" (optimal)") : "", s->seconds);
}

static void print_site_summary(const lc_sites_result *s)
{
    double tw = s->weight_total > 0 ? s->weight_total : 1;
    fprintf(stderr,
            _("lifecircle: sites: %zu suggested from %zu candidates; covered weight %.0f of %.0f "
            "(%.1f %%) before, %.0f (%.1f %%) after; %.2f s (layer 'sites', sites.geojson)\n"),
            s->sites, s->candidates, s->weight_before, s->weight_total,
            100 * s->weight_before / tw, s->weight_after, 100 * s->weight_after / tw, s->seconds);
}

/* What the run did, stage by stage, after the log (-q: nothing). */
static void print_summaries(const lc_summary *sum, const char *outdir)
{
    print_summary(sum, outdir);
    print_nested_summary(lc_summary_load(sum));
    if (lc_summary_network(sum)->network_read) print_network_summary(lc_summary_network(sum));
    print_datum_summary(sum);
    if (lc_summary_bundles(sum)->bundled) print_bundle_summary(lc_summary_bundles(sum));
    const lc_sites_result *si = lc_summary_sites(sum);
    if (si->candidates + si->sites) print_site_summary(si);
}

static int run_command(lc_ctx *ctx, lc_options *o, const cli *c)
{
    lc_status st;
    if (c->config && (st = lc_options_load_file(ctx, o, c->config)) != LC_OK) {
        fprintf(stderr, "lifecircle: error: %s: %s\n", lc_status_str(st), lc_ctx_errmsg(ctx));
        return exit_code(st);
    }
    lc_source lang_src;
    const char *lang = lc_options_get(o, "lang", &lang_src);
    if (lang && lang_src == LC_SRC_CONFIG) lc_set_language(lang);
    const char *out = lc_options_get(o, "output", NULL);
    lc_summary *sum = lc_summary_create();
    if (!sum) return fputs(_("lifecircle: out of memory\n"), stderr), 1;
    if (!strcmp(c->cmd, "demo")) {
        const char *data = c->data_dir ? c->data_dir : getenv("LC_DATA");
        st = lc_run_demo(ctx, data, out, sum); /* NULL: the installed sample, else ./data */
    } else if (!strcmp(c->cmd, "compare")) {
        st = lc_compare(ctx, o, sum);
    } else {
        lc_job job = !strcmp(c->cmd, "coverage") ? LC_JOB_COVERAGE
                     : !strcmp(c->cmd, "site")   ? LC_JOB_SITE
                                                 : LC_JOB_ALL;
        st = lc_run(ctx, o, job, sum);
    }
    if (st == LC_OK && c->verbosity > 0) print_summaries(sum, out);
    lc_summary_destroy(sum);
    if (st != LC_OK) {
        fprintf(stderr, "lifecircle: error: %s: %s\n", lc_status_str(st), lc_ctx_errmsg(ctx));
        return exit_code(st);
    }
    return 0;
}

/* The messages' language: the locale's (LC_MESSAGES only: numbers keep the C locale's
 * decimal point in every file written), then --lang when given; from a --config file later
 * (run_command). */
static void set_language(int argc, char **argv)
{
    setlocale(LC_MESSAGES, "");
    lc_set_language(NULL);
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--lang=", 7)) lc_set_language(argv[i] + 7);
        else if (!strcmp(argv[i], "--lang") && i + 1 < argc) lc_set_language(argv[i + 1]);
    }
}

int main(int argc, char **argv)
{
    set_language(argc, argv);
    if (argc < 2) return usage(stderr, NULL), 2;
    if (!strcmp(argv[1], "--version")) {
        printf("lifecircle %s (%s)\n", lc_version(), lc_dependency_versions());
        return 0;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) return usage(stdout, NULL), 0;
    cli c = {argv[1], NULL, NULL, 1};
    if (strcmp(c.cmd, "run") && strcmp(c.cmd, "coverage") && strcmp(c.cmd, "demo") &&
        strcmp(c.cmd, "bundle") && strcmp(c.cmd, "site") && strcmp(c.cmd, "compare")) {
        fprintf(stderr, _("lifecircle: unknown command '%s' (see --help)\n"), c.cmd);
        return 2;
    }
    lc_ctx *ctx = lc_ctx_create();
    lc_options *o = lc_options_create();
    if (!ctx || !o) return fputs(_("lifecircle: out of memory\n"), stderr), 1;
    int rc = parse_args(ctx, o, &c, argc, argv);
    if (rc == 0) {
        lc_ctx_set_log(ctx, log_to_stderr, NULL,
                       c.verbosity == 0 ? LC_LOG_ERROR
                                        : (c.verbosity == 2 ? LC_LOG_DEBUG : LC_LOG_NOTE));
        progress p = {.tty = isatty(STDERR_FILENO) != 0};
        if (c.verbosity > 0) lc_ctx_set_progress(ctx, show_progress, &p);
        rc = run_command(ctx, o, &c);
    }
    lc_options_destroy(o);
    lc_ctx_destroy(ctx);
    return rc < 0 ? 0 : rc;
}
