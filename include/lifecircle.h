/*
 * lifecircle.h — public API of lifecircle, an engine for planning the renovation of
 * old residential estates (老旧小区改造) around the 5/10-minute living circles of
 * GB 50180-2018.
 *
 * Design rules (read these before adding a function):
 *  - Everything is prefixed `lc_` (functions, types) or `LC_` (macros, enum values).
 *  - Opaque handles are forward-declared structs, never `void *`, and every one has a
 *    create/destroy pair. Every destroy accepts NULL.
 *  - Every fallible call returns an `lc_status`; results go to out-params named `out_*`
 *    (last in the argument list). On failure the detail message (file, layer, feature id,
 *    cause) is in `lc_ctx_errmsg(ctx)`. Status codes are never renumbered.
 *  - One `lc_ctx` per thread. A ctx owns one GEOS handle and one PROJ context; objects
 *    created with a ctx must only be used with that ctx.
 *  - Units: metres and square metres in the working CRS (a projected, metre-based CRS),
 *    traditional GIS axis order (x = easting/longitude) everywhere.
 *  - Only the CLI prints or exits; the library reports through a log callback.
 *  - ABI: a struct the library fills is allocated by the library only (results are read
 *    through the opaque lc_summary's accessors, never from a struct the caller allocates),
 *    and its members are only ever appended, never removed, reordered or retyped; so a
 *    program built against an older header keeps working with a newer library of the same
 *    soname. No public struct has more than 25 members: a result that grows past that gets
 *    a new view. The views replaced a caller-allocated flat struct before any release, which
 *    is why liblifecircle.so.0 kept its soname: no program built against that struct exists.
 *
 * Glossary: an *estate* (小区) is a residential polygon; a *facility* is a service point
 * of one *category* (a key of at most 5 ASCII characters: elder, child, kgdn, ...);
 * a *tier* is one living-circle radius (5, 10 or 15 minutes); an estate has a *gap*
 * for (category, tier) when no facility of the category lies within the tier radius.
 */
#ifndef LIFECIRCLE_H
#define LIFECIRCLE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LC_API __attribute__((visibility("default")))
#else
#define LC_API
#endif

#define LC_VERSION_MAJOR 0
#define LC_VERSION_MINOR 1
#define LC_VERSION_PATCH 0
#define LC_VERSION_STRING "0.1.0"

/** Status codes. Values are part of the API and never renumbered. */
typedef enum lc_status {
    LC_OK = 0,              /**< success */
    LC_ERR_NOMEM = 1,       /**< an allocation failed */
    LC_ERR_ARG = 2,         /**< bad argument or option value */
    LC_ERR_IO = 3,          /**< a file could not be opened, read or written */
    LC_ERR_FORMAT = 4,      /**< input has the wrong structure (layer, geometry type, field) */
    LC_ERR_CRS = 5,         /**< missing, unknown or unsuitable coordinate reference system */
    LC_ERR_GEOS = 6,        /**< a GEOS operation failed */
    LC_ERR_GEOM_INVALID = 7,/**< a geometry could not be read or repaired */
    LC_ERR_CONFIG = 8,      /**< the config file is malformed or names an unknown setting */
    LC_ERR_DATA = 9,        /**< input values are unusable (e.g. no estates left) */
    LC_ERR_INTERNAL = 10,   /**< a bug: an invariant did not hold */
    LC_STATUS_END           /**< sentinel, not a status */
} lc_status;

/** Static English text for a status code (never NULL, not to be freed). */
LC_API const char *lc_status_str(lc_status st);

/** Log levels of the messages the library emits through the log callback. */
typedef enum lc_log_level {
    LC_LOG_ERROR = 0,
    LC_LOG_WARN = 1,
    LC_LOG_NOTE = 2,  /**< results a person asked for (site gains, bundle quality) */
    LC_LOG_INFO = 3,  /**< progress and timings */
    LC_LOG_DEBUG = 4
} lc_log_level;

/** Log callback: `msg` is UTF-8 without a trailing newline, valid only during the call. */
typedef void (*lc_log_fn)(void *userdata, lc_log_level level, const char *msg);

/* ------------------------------------------------------------------------------------ */
/* Context                                                                              */
/* ------------------------------------------------------------------------------------ */

/** Per-thread context: GEOS handle, PROJ context, last error message, log sink. */
typedef struct lc_ctx lc_ctx;

/** Create a context; NULL when out of memory. Registers GDAL drivers once per process. */
LC_API lc_ctx *lc_ctx_create(void);
/** Destroy a context and everything it owns. NULL is a no-op. */
LC_API void lc_ctx_destroy(lc_ctx *ctx);
/** Detail of the last failure on this ctx ("" when none). Borrowed; valid until the next call. */
LC_API const char *lc_ctx_errmsg(const lc_ctx *ctx);
/** Route log messages up to `max_level` to `fn` (NULL fn: discard). Default: discard. */
LC_API void lc_ctx_set_log(lc_ctx *ctx, lc_log_fn fn, void *userdata, lc_log_level max_level);
/**
 * Progress callback: `stage` (a static English name such as "coverage") has `done` of
 * `total` items finished; called when a stage starts (done 0), at most every 0.1 s while it
 * runs, and when it ends (done == total). Only the thread that called lc_run reports.
 */
typedef void (*lc_progress_fn)(void *userdata, const char *stage, size_t done, size_t total);
/** Report progress to `fn` (NULL: none, the default). */
LC_API void lc_ctx_set_progress(lc_ctx *ctx, lc_progress_fn fn, void *userdata);
/** Count of warnings logged on this ctx since creation. */
LC_API size_t lc_ctx_warning_count(const lc_ctx *ctx);

/** The version of the library itself, as it was built ("0.1.0"): beside LC_VERSION_STRING,
 *  which is the header's, so a program can tell when it runs against another build. */
LC_API const char *lc_version(void);

/** Versions of the linked GDAL, GEOS and PROJ, as "GDAL x.y.z, GEOS x.y.z, PROJ x.y.z".
 *  Static buffer; not thread-safe on first call. */
LC_API const char *lc_dependency_versions(void);

/* ------------------------------------------------------------------------------------ */
/* Language of the messages (GNU gettext; catalogues po/<lang>.po of the source tree).   */
/* ------------------------------------------------------------------------------------ */

/**
 * Set the language of the library's messages (errors, warnings, notes) for the process:
 * "zh" (Chinese) or "en" (English); NULL or "" takes it from the environment (LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG: zh_CN.UTF-8 gives Chinese even where that locale is not
 * installed). Without a call, the program's locale decides, as for any gettext program. Sets
 * LANGUAGE and LC_MESSAGES: call it before starting threads.
 */
LC_API void lc_set_language(const char *lang);
/** The translation of `msgid` in the library's catalogue (text domain "lifecircle") in the
 *  current language, or `msgid` itself. Static text; thread-safe. */
LC_API const char *lc_gettext(const char *msgid) __attribute__((format_arg(1)));

/* ------------------------------------------------------------------------------------ */
/* Options: every setting of a run, from defaults, a config file or the command line.   */
/* ------------------------------------------------------------------------------------ */

/** Where a setting's value came from (recorded for the run record). */
typedef enum lc_source {
    LC_SRC_DEFAULT = 0,
    LC_SRC_CONFIG = 1,
    LC_SRC_FLAG = 2
} lc_source;

/** All settings of a run. Keys are listed by lc_options_describe(). */
typedef struct lc_options lc_options;

/** Create options holding the defaults (GB 50180-2018 radii 300/500 m, built-in category
 *  mappings). NULL when out of memory. */
LC_API lc_options *lc_options_create(void);
/** Destroy options. NULL is a no-op. */
LC_API void lc_options_destroy(lc_options *opts);

/**
 * Set one setting by key, e.g. ("r5", "300"), ("estates", "a.gpkg:estates"),
 * ("field.households", "户数"), ("map.elder", "养老院"). List settings ("categories",
 * "walk_highways", "map.<key>", ...) append the value's comma-separated items (blanks around
 * them trimmed); a flag value replaces a config value.
 * Returns LC_ERR_ARG with a message naming the key for an unknown key or a bad value.
 */
LC_API lc_status lc_options_set(lc_ctx *ctx, lc_options *opts, const char *key,
                                const char *value, lc_source source);

/** Read a YAML config file (same keys as lc_options_set; see the user guide) into `opts`.
 *  Returns LC_ERR_IO when it cannot be read, LC_ERR_CONFIG (with line number) when malformed. */
LC_API lc_status lc_options_load_file(lc_ctx *ctx, lc_options *opts, const char *path);

/** Value of a setting as text (borrowed, valid until the options change), or NULL if unset.
 *  For list settings the items are joined with ','. `out_source` may be NULL. */
LC_API const char *lc_options_get(const lc_options *opts, const char *key, lc_source *out_source);

/** Describe setting i (0-based): key, default and one-line help; returns 0 past the end. */
LC_API int lc_options_describe(size_t i, const char **out_key, const char **out_default,
                               const char **out_help);
/** The stage setting i belongs to, and whose settings group receives it: "input", "cover",
 *  "walk", "access", "bundle", "site", "output", "run" or "compare" (static text); NULL past
 *  the end. */
LC_API const char *lc_options_stage(size_t i);
/** What setting i allows, as a reader writes it ("(0, 100000] metres", "[8, 1024]", "whole,
 *  district, none or auto", "yes or no"), into `buf` (`cap` bytes, 128 hold any); "" when
 *  any text or list does; NULL past the end. */
LC_API const char *lc_options_allowed(size_t i, char *buf, size_t cap);

/* ------------------------------------------------------------------------------------ */
/* Running a job                                                                        */
/* ------------------------------------------------------------------------------------ */

/** Which job `lc_run` performs. */
typedef enum lc_job {
    LC_JOB_COVERAGE = 0, /**< straight-line living-circle coverage */
    LC_JOB_ALL = 1,      /**< everything the inputs allow: coverage, walking, bundles, sites */
    LC_JOB_SITE = 2      /**< coverage (walking with a network) and site suggestions */
} lc_job;

/* ------------------------------------------------------------------------------------ */
/* Results of a run: an opaque summary, read per stage                                  */
/* ------------------------------------------------------------------------------------ */

/**
 * What a run did, stage by stage: create one with lc_summary_create, pass it to lc_run or
 * lc_run_demo (which clear it first), read it through the accessors below, destroy it.
 * The views the accessors return are const pointers into the summary, valid until it is
 * destroyed or handed to the next run; they are allocated by the library only, so their
 * structs may grow (members are only ever appended). Each accessor returns NULL for a NULL
 * summary, each indexed one NULL past the end; each count is 0 for a NULL summary.
 */
typedef struct lc_summary lc_summary;

/** A cleared summary; NULL when out of memory. */
LC_API lc_summary *lc_summary_create(void);
/** Destroy a summary. NULL is a no-op. */
LC_API void lc_summary_destroy(lc_summary *s);

/** Loading the estates and facilities (with the nested estates and the working CRS):
 *  estates read = used + skipped + left out; facilities read = used + unmapped + planned
 *  + skipped. */
typedef struct lc_load_result {
    size_t estates_read;      /**< features in the estate layer */
    size_t estates_used;      /**< estates in the outputs */
    size_t estates_repaired;  /**< invalid polygons repaired with GEOS make-valid */
    size_t estates_skipped;   /**< null/empty/non-polygon geometries, each logged */
    size_t id_fallbacks;      /**< estates whose id fell back to the feature id */
    int estates_points;       /**< 1: the estates are points (no area, no bundles) */
    char estates_filter[512]; /**< OGR SQL filter the estates were read with, "" none */
    int estates_filter_osm;   /**< 1: that filter is the OSM default (residential areas), as
                                   estates_where was not given */
    const char *nested;       /**< the `nested` setting: "both", "outer" or "inner"; static text */
    size_t nested_pairs;      /**< pairs of estates where one lies inside the other (user guide,
                                   Nested estates), each logged */
    size_t estates_left_out;  /**< estates the `nested` setting left out (outer, inner), each
                                   logged */
    size_t facilities_read;
    size_t facilities_used;   /**< facilities with a mapped category */
    size_t facilities_unmapped; /**< facilities whose category maps to no key (still written) */
    size_t facilities_skipped;  /**< null/empty geometries, each logged */
    size_t facilities_by_name; /**< of facilities_used: mapped by the name rule */
    size_t facilities_planned; /**< planned sites the name rule found (no key; written, not in
                                    facilities_used or facilities_unmapped) */
    size_t categories;        /**< category keys evaluated */
    char working_crs[128];    /**< e.g. "EPSG:32650" */
    double seconds;           /**< wall clock of the stage */
} lc_load_result;

/** Straight-line coverage and the service areas. */
typedef struct lc_cover_result {
    const char *service_areas; /**< "whole", "district" or "none" (not computed); static text */
    double seconds;           /**< coverage */
    double seconds_areas;     /**< service areas */
} lc_cover_result;

/** The walking network, the entrances and the walking distances (all 0 without a network). */
typedef struct lc_network_result {
    size_t network_read;      /**< network features read (0: no network) */
    size_t network_used;      /**< walkable lines in the graph */
    size_t network_excluded;  /**< lines excluded by the walkability rule */
    size_t network_skipped;   /**< null/empty/non-line geometries, each logged */
    size_t graph_nodes, graph_edges;
    size_t facilities_unreachable; /**< farther than max_snap from any walkable edge */
    size_t estates_no_access;      /**< estates with no network access point */
    size_t entrances_read, entrances_used; /**< --entrances: points read / tied to an estate */
    size_t entrances_unknown;      /**< entrances naming no known estate (reported) */
    size_t entrances_skipped;      /**< entrances without a usable geometry (reported) */
    double seconds;           /**< building the graph */
    double seconds_walk;      /**< the walking searches, shares and areas */
} lc_network_result;

/** Capacity-aware access (2SFCA). */
typedef struct lc_access_result {
    size_t categories;        /**< categories with capacity-aware access (0: not run) */
    size_t no_capacity;       /**< their facilities without usable places (add none; warned) */
    const char *method;       /**< "2SFCA" or "E2SFCA (Gaussian decay)"; NULL: not run */
    char norms[256];          /**< per category: "elder: 35 per 1,000 elderly (default); ..." */
    double seconds;
} lc_access_result;

/** Renovation bundles (all 0 when the step did not run). */
typedef struct lc_bundles_result {
    int bundled;              /**< 1 when the bundle step ran (bundle layers written) */
    size_t eligible;          /**< estates passing --filter */
    size_t size_unknown;      /**< eligible or not, estates whose size field is unusable (0) */
    size_t barriers_read, barriers_used, barriers_skipped;
    size_t adjacent_pairs;    /**< pairs of eligible estates within the gap, no barrier */
    size_t pairs_blocked;     /**< pairs within the gap separated by a barrier */
    size_t bundles;           /**< bundles written */
    size_t reaching;          /**< bundles whose size reaches min_size */
    size_t upper_bound;       /**< upper bound: sum over components of floor(total/min) */
    size_t best_bound;        /**< the best proven bound on bundles reaching min_size (nodes
                                   above max_size alone, pieces solved exactly by CBC) */
    int optimal;              /**< 1 when reaching == best_bound (proven) */
    double seconds;
} lc_bundles_result;

/** Site suggestions (all 0 when siting did not run). */
typedef struct lc_sites_result {
    size_t sites;             /**< sites suggested */
    size_t candidates;        /**< candidates considered */
    double weight_total;      /**< weight of all estates for the sited category */
    double weight_before, weight_after; /**< covered weight before / after */
    const char *method;       /**< "optimal", "exact, time limit" or "heuristic"; static text */
    double bound;             /**< best bound proven (covered weight, or sites for a target); NAN */
    double gap;               /**< relative gap to it, 0 when optimal; NAN for the heuristic */
    double seconds;
} lc_sites_result;

/** Writing the outputs (the files one by one: lc_summary_file). */
typedef struct lc_outputs_result {
    double seconds;           /**< wall clock of writing every file */
} lc_outputs_result;

/** One file a run wrote, for the run record and the bench. */
typedef struct lc_output_file {
    char name[48];      /**< e.g. "estates.geojson"; a Shapefile by its .shp */
    double seconds;     /**< wall clock of writing it (files are written side by side) */
    long long bytes;    /**< its size; a Shapefile's with its .shx, .dbf, .prj, .cpg */
} lc_output_file;

/** The datum the longitude/latitude of one input were read in, and why: for a table of
 *  coordinates, or an input given in a web-map datum (run.json "datums"). */
typedef struct lc_input_datum {
    char input[16];     /**< "estates", "facilities", "candidates" or "entrances" */
    char layer[256];    /**< "path:layer" (several facility sources: one record each) */
    char value[64];     /**< "WGS84", "GCJ02", "BD09", or the CRS given (e.g. "EPSG:4490") */
    char why[256];      /**< e.g. "column 'lng_gcj02' names GCJ-02", "--facilities-srs BD09",
                             "a table of degrees without a CRS: WGS84" */
} lc_input_datum;

/** The datum check of one point layer whose coordinates are longitude/latitude inside China
 *  with no web-map datum given, in a run with a network (user guide, Web-map datums). */
typedef struct lc_datum_result {
    char layer[256];      /**< "path:layer" */
    const char *flag;     /**< the flag of the layer's datum, e.g. "--facilities-srs"; static */
    const char *skipped;  /**< why the layer was not measured (static English text), or NULL */
    size_t points;        /**< points measured: the layer's inside China, at most 2,000 of them
                               evenly spread over its features */
    double median_m[3];   /**< median distance to the nearest walkable edge, m (capped at
                               2,000), reading the numbers as given, as GCJ-02 and as BD-09;
                               NAN when not measured */
    const char *likely;   /**< "GCJ02" or "BD09" when the warning was given, else NULL */
} lc_datum_result;

/** What happened to the features of one facility source (`facilities` may name several):
 *  read = mapped + unmapped + planned + skipped; written = read - skipped. */
typedef struct lc_source_counts {
    char name[128];           /**< the source as its facilities' `source` field names it */
    size_t read, mapped, unmapped, skipped;
    size_t by_name;           /**< of mapped: by the name rule */
    size_t planned;           /**< planned sites the name rule found (no key; written) */
} lc_source_counts;

/** The most facility sources one run reads. */
#define LC_MAX_FACILITY_SOURCES 16

/** The stages' views of summary `s` (see lc_summary; NULL for a NULL summary). */
LC_API const lc_load_result *lc_summary_load(const lc_summary *s);
LC_API const lc_cover_result *lc_summary_cover(const lc_summary *s);
LC_API const lc_network_result *lc_summary_network(const lc_summary *s);
LC_API const lc_access_result *lc_summary_access(const lc_summary *s);
LC_API const lc_bundles_result *lc_summary_bundles(const lc_summary *s);
LC_API const lc_sites_result *lc_summary_sites(const lc_summary *s);
LC_API const lc_outputs_result *lc_summary_outputs(const lc_summary *s);

/** Facility source i (0-based, in the order given; the load view's facilities_* counts are
 *  their sums), NULL past the end; and their number. */
LC_API const lc_source_counts *lc_summary_facility_source(const lc_summary *s, size_t i);
LC_API size_t lc_summary_facility_source_count(const lc_summary *s);
/** Datum check i: of the estates, each facility source, the entrances and the candidates
 *  given, in that order (with a network only); NULL past the end; and their number. */
LC_API const lc_datum_result *lc_summary_datum_check(const lc_summary *s, size_t i);
LC_API size_t lc_summary_datum_check_count(const lc_summary *s);
/** Input datum i: the inputs read as longitude/latitude tables or in a web-map datum, in the
 *  order read; NULL past the end; and their number. */
LC_API const lc_input_datum *lc_summary_input_datum(const lc_summary *s, size_t i);
LC_API size_t lc_summary_input_datum_count(const lc_summary *s);
/** Data file i written (layers, summary.csv, report.html), NULL past the end; and their
 *  number. */
LC_API const lc_output_file *lc_summary_file(const lc_summary *s, size_t i);
LC_API size_t lc_summary_file_count(const lc_summary *s);

/**
 * Run a job with the given options and write the outputs to the directory set by the
 * "output" option (created if missing; an existing regular file is LC_ERR_ARG).
 * Files are written under temporary names and renamed only when all are complete.
 * `out_summary` (from lc_summary_create) is cleared and filled; NULL: not wanted.
 */
LC_API lc_status lc_run(lc_ctx *ctx, const lc_options *opts, lc_job job,
                        lc_summary *out_summary);

/**
 * Run the main job on the bundled sample in `data_dir` (estates.geojson, facilities.geojson
 * whose points are in GCJ-02, barriers.geojson, candidates.geojson) with the sample's
 * settings (bundles of estates built before 2000, five new elder-care sites for the
 * 5-minute circle), writing to `out_dir`. `data_dir` NULL: the installed sample
 * (<prefix>/share/lifecircle/data beside the program's <prefix>/bin), else ./data.
 * `out_summary` as for lc_run (NULL: not wanted).
 */
LC_API lc_status lc_run_demo(lc_ctx *ctx, const char *data_dir, const char *out_dir,
                             lc_summary *out_summary);

/* ------------------------------------------------------------------------------------ */
/* Scenarios (方案比选): load once, evaluate many                                        */
/* ------------------------------------------------------------------------------------ */

/**
 * A session holds a run's inputs loaded once (estates, facilities, the network's lines and
 * graph, the entrances) and evaluates them as they are (the baseline) or with a scenario's
 * edits applied (user guide, Scenarios): facilities added, removed or given new places,
 * network lines added or closed. An evaluation is what a plain `coverage` run with the
 * edited inputs computes, for the baseline's categories. The options passed to
 * lc_session_open must outlive the session (their strings are borrowed).
 */
typedef struct lc_session lc_session;

/** Load the inputs of `opts` (as lc_run reads them); the baseline is applied. */
LC_API lc_status lc_session_open(lc_ctx *ctx, const lc_options *opts, lc_session **out);
/** Close a session and free everything it holds. NULL is a no-op. */
LC_API void lc_session_close(lc_session *s);
/** Apply the scenario in the YAML file `scenario_file` (replacing the one applied before);
 *  NULL: back to the baseline. Errors name the scenario, the key and the value. */
LC_API lc_status lc_session_apply(lc_ctx *ctx, lc_session *s, const char *scenario_file);
/** Evaluate what is applied: coverage, walking (with a network), access. The baseline is
 *  evaluated once and kept; a scenario is computed from it where its edits reach (the
 *  estates, categories and areas they can change; user guide, Scenarios), the same values
 *  as evaluating it whole. */
LC_API lc_status lc_session_evaluate(lc_ctx *ctx, lc_session *s);
/** Write the evaluation's layers into `dir` as a plain `coverage` run writes its folder
 *  (atomically; the baseline's folder also gets run.json): the baseline's in the files of
 *  `formats`, a scenario's in those of `scenario_formats`. */
LC_API lc_status lc_session_write(lc_ctx *ctx, lc_session *s, const char *dir);
/** The number of estates, and estate e's id (borrowed; NULL past the end). */
LC_API size_t lc_session_estate_count(const lc_session *s);
LC_API const char *lc_session_estate_id(const lc_session *s, size_t e);
/** Estate e's value of an estates-layer field of the evaluation: KEY_d, KEY_w, KEY_cMIN,
 *  KEY_gMIN, KEY_aMIN ("elder_g5"); NAN where the layer has none. LC_ERR_ARG for no such
 *  field or nothing evaluated. */
LC_API lc_status lc_session_value(lc_ctx *ctx, const lc_session *s, size_t e, const char *field,
                                  double *out);

/**
 * `lifecircle compare`: with the settings of `opts` and its `scenario` files, write into
 * the output folder: baseline/ and one folder per scenario (its name), each as a plain
 * `coverage` run writes its folder; the changes layer (changes.gpkg, changes.geojson) of
 * the estates whose gaps, walking distance, access or shares changed; compare.csv.
 * `out_summary` (NULL: not wanted) gets the baseline's load counts.
 */
LC_API lc_status lc_compare(lc_ctx *ctx, const lc_options *opts, lc_summary *out_summary);

#ifdef __cplusplus
}
#endif
#endif /* LIFECIRCLE_H */
