/*
 * e2e.h — what the end-to-end test's files share (the tests/e2e files, one cmocka program).
 *
 * test_e2e.c holds main and the list of tests; e2e_util.c the helpers below the first
 * section (running the CLI, reading outputs with GDAL, reference geometry, the group
 * setup with the shared sample run); each e2e_<subject>.c the tests of one subject.
 */
#ifndef LC_E2E_H
#define LC_E2E_H

#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gdal.h>
#include <cpl_string.h>
#include <gdal_utils.h>
#include <geos_c.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "lifecircle.h"
#include "pg_server.h"

extern char **environ;

#define PATHLEN 4096
#define LOGLEN (256 * 1024)
#define MAXARGS 64

/* The test environment: set up once by group_setup (e2e_util.c). */
typedef struct {
    const char *cli;           /* CLI to run */
    const char *data;          /* sample data directory */
    char tmp[PATHLEN];         /* mkdtemp directory, removed in teardown */
    char estates[PATHLEN];     /* <data>/estates.geojson */
    char facilities[PATHLEN];  /* <data>/facilities.geojson */
    char out[PATHLEN];         /* output of the main sample run */
    int sample_rc;             /* exit code of the main sample run */
    char sample_log[LOGLEN];   /* its stderr */
} e2e_env;
extern e2e_env E;

/* Output (stderr + stdout) of the last run_cli call. */
extern char g_log[LOGLEN];

/* Sample facts from data/README.md. */
#define SAMPLE_ESTATES 303
#define SAMPLE_FACILITIES 62
#define SAMPLE_UNMAPPED 3
#define SAMPLE_FIELDS_IN 9
#define SENTINEL_DISTRICT "测试街道"
extern const char *const INPUT_FIELDS[SAMPLE_FIELDS_IN];
#define NCATS 4
extern const char *const SAMPLE_CATS[NCATS];
/* Mapped facilities per category (README table: 8+9+6+5, 3+4+2, 15, 3+2+2). */
extern const int SAMPLE_CAT_COUNT[NCATS];

/* The three estate outputs of a run (layer NULL: the only layer). */
typedef struct {
    const char *file;
    const char *layer;
} output_ref;
#define NOUTPUTS 3
extern const output_ref ESTATE_OUTPUTS[NOUTPUTS];

void assert_near_at(double got, double want, double tol, const char *what, const char *file,
                    int line);
void assert_contains_at(const char *hay, const char *needle, const char *file, int line);

#define assert_near(got, want, tol) \
    assert_near_at((got), (want), (tol), #got, __FILE__, __LINE__)

#define assert_contains(hay, needle) assert_contains_at((hay), (needle), __FILE__, __LINE__)

/* ---- e2e_util.c: outputs read with GDAL, reference geometry ---- */

/* A vector dataset and one of its layers. */
typedef struct {
    GDALDatasetH ds;
    OGRLayerH lyr;
} vlayer;

/* Facilities of one category from a written facilities layer, and their buffer union. */
typedef struct {
    OGRGeometryH *pts;
    size_t n;
} facility_set;

/* Largest deviations seen by verify_category (reported with LC_E2E_VERBOSE). */
typedef struct {
    double d, c;
    char c_at[64];
} deviation;

/* user guide: a disc is a 256-gon with the circle's area, its radius scaled by
 * sqrt((2π/256) / sin(2π/256)): its vertices lie 5.02e-5 r out (the user guide rounds it to
 * "0.005 %"), its sides' midpoints 2.5e-5 r in. */
#define DISC_DEV 5.03e-5

/* The reference discs (GEOS buffers of REF_QUADSEGS segments per quarter circle) lie inside
 * the circle by at most r (1 - cos(pi / 4096)) = 2.9e-7 r. */
#define REF_DEV 3e-7

/* An engine's area against the reference built here. */
typedef struct {
    double eng, ref, sym; /* the two areas and their symmetric difference, m² */
    double lo, hi;        /* least and largest distance of a vertex from the sources, m */
    size_t vertices;
    double missing, extra, band; /* walking only: below */
} area_diff;

/* ---- e2e_osm.c: the walkability rule's highway values (NULL-terminated) ---- */
extern const char *const RULE_HIGHWAYS[];

/* ---- e2e_walkref.c: the walking reference (graph, snaps, Dijkstra, areas) ---- */

/* Settings of a walking run that the reference needs (README defaults: 30, 200, 300, 500). */
typedef struct {
    double access_snap, max_snap, r5, r10;
} walk_params;

extern const walk_params WALK_DEFAULTS;

/* The walking graph: nodes, undirected edges, and per node the edges at it (CSR). */
typedef struct {
    size_t n, e;
    double *x, *y;     /* node coordinates, working CRS */
    size_t *eu, *ev;   /* edge ends */
    double *len;       /* edge lengths */
    size_t *off, *arc; /* edges at node i: arc[off[i] .. off[i+1]) */
    size_t merged;     /* vertices merged into a node at other coordinates (within 1 cm) */
    size_t lines, walkable; /* lines read, kept by the rule */
    size_t walkable_nohw;   /* of which without a highway value (where the field is) */
} wgraph;

/* A point on an edge: at t in [0, 1] from eu to ev, `off` metres walked to get there;
 * edge NO_EDGE: no edge within reach. */
typedef struct {
    size_t edge;
    double t, off;
} wsnap;

/* An estate's ways onto the network: access vertices with the distance walked to each,
 * or (none of them) its point on surface snapped to an edge. */
typedef struct {
    size_t node;
    double off;
} wpoint;

typedef struct {
    wpoint *pt;
    size_t n, cap;
    wsnap fallback;
} waccess;

/* The estates of a run's GeoPackage: ids, polygons (working CRS), access. */
typedef struct {
    char id[64];
    OGRGeometryH geom;
    waccess acc;
} westate;

typedef struct {
    westate *e;
    size_t n, cap;
    size_t without_access, by_fallback;
} westates;

/* What a comparison covered, for the asserts and the verbose line. */
typedef struct {
    long long pairs, with_w, gaps_checked;
    size_t facilities, reachable; /* of the categories compared; reachable: within max_snap */
    double max_dev;
    char max_at[400];
} wstats;

/* Largest deviations of a set of walking areas from the reference (for the asserts and
 * the printed line). */
typedef struct {
    size_t areas, stretches, vertices;
    double area, per_stretch; /* area difference: relative, m² per stretch */
    double sym, band;         /* symmetric difference and the band between the unions / area */
    double lo, hi;            /* vertex distance from the stretches less walk_buffer, m */
} walk_area_stats;

/* ---- e2e_outputs.c: one estate's numeric results, read back in id order ---- */
typedef struct {
    char id[32];
    double v[64];
    long long bundle;
} result_row;

/* ---- e2e_util.c: the run record (run.json), read with json-c ---- */

/* The run record: `dir`'s run.json parsed (json_object_put it); the value at a dotted path
 * of it ("counts.estates.read"; a number indexes an array: "counts.facilities.sources.1"),
 * NULL when absent; an integer, number or string there (the test fails when it is missing or
 * of another type); one integer of a folder's record. */
json_object *run_record(const char *dir);
json_object *rec_get(json_object *rec, const char *path);
long long rec_int(json_object *rec, const char *path);
double rec_num(json_object *rec, const char *path);
const char *rec_str(json_object *rec, const char *path);
long long run_int(const char *dir, const char *path);
/* The element of the array at `array` whose string `key` ends with `tail` (the test fails
 * when there is none). */
json_object *rec_find(json_object *rec, const char *array, const char *key, const char *tail);
/* assert_counts(dir, "counts.estates", "read=303 written=303"): each name=value of `want`
 * is the JSON text of `group`.name in dir/run.json (numbers, true/false, null, "strings"; group
 * "": the record's top level). */
#define assert_counts(dir, group, want) assert_counts_at((dir), (group), (want), __FILE__, __LINE__)
void assert_counts_at(const char *dir, const char *group, const char *want, const char *file,
                      int line);
/* The categories a run evaluated: its estates layer's <key>_d fields. */
int category_fields(const char *dir);

/* ---- functions, by the file that defines them ---- */

/* e2e_util.c */
const char *path_in(const char *dir, const char *name);
const char *tmp_path(char *dst, const char *name);
int file_exists(const char *path);
int dir_exists(const char *path);
long read_file(const char *path, char *buf, size_t cap);
void write_file(const char *path, const char *text);
void remove_tree(const char *path);
int count_entries_with_prefix(const char *dir, const char *prefix);
int run_argv(const char *const *argv);
int run_cli(const char *first, ...);
int run_sample(const char *outdir, const char *a1, const char *a2, const char *a3,
               const char *a4);
GDALDatasetH open_vector(const char *path, const char *driver);
vlayer open_layer(const char *path, const char *layer);
vlayer open_output(const char *dir, const output_ref *o);
void close_layer(vlayer *v);
long long count_features(OGRLayerH lyr);
long long count_layer(const char *path, const char *layer);
int has_field(OGRLayerH lyr, const char *name);
OGRFieldType field_type(OGRLayerH lyr, const char *name);
OGRFeatureH find_feature(OGRLayerH lyr, const char *field, const char *value);
int field_index(OGRFeatureH f, const char *name);
int is_null(OGRFeatureH f, const char *name);
double get_double(OGRFeatureH f, const char *name);
long long get_int(OGRFeatureH f, const char *name);
const char *get_str(OGRFeatureH f, const char *name);
const char *fname(char *buf, size_t cap, const char *key, const char *suffix);
void assert_layer_epsg(OGRLayerH lyr, int code, const char *what);
double square_disc_area(double s, double cx, double cy, double r, int n);
double s2_kgdn_share(double r);
double s2_kgdn_share_closed(double r);
facility_set load_facilities(OGRLayerH fac, const char *catkey);
void free_facilities(facility_set *s);
long long verify_category(const char *dir, const char *catkey, const double *radii,
                          const int *tiers, int ntiers);
GEOSContextHandle_t geos_open(void);
GEOSGeometry *geos_from_ogr(GEOSContextHandle_t h, OGRGeometryH g);
double geos_area(GEOSContextHandle_t h, const GEOSGeometry *g);
GEOSGeometry *union_of(GEOSContextHandle_t h, GEOSGeometry **parts, size_t n);
GEOSGeometry *facility_points(GEOSContextHandle_t h, const facility_set *s);
GEOSGeometry *disc_union(GEOSContextHandle_t h, const facility_set *s, double r);
area_diff compare_area(GEOSContextHandle_t h, OGRGeometryH eng, const GEOSGeometry *ref,
                       const GEOSGeometry *src);
int group_setup(void **state);
int group_teardown(void **state);
void require_sample(void);

/* e2e_sample.c */
void test_sample_exit_and_counts(void **state);
void test_sample_service_areas(void **state);
void test_sample_crs(void **state);
void assert_coverage_fields(OGRLayerH lyr, const char *const *cats, int ncats,
                            const char *const *tiers, int ntiers, const char *what);
void test_sample_field_names(void **state);
void test_sentinels_gpkg(void **state);
void test_sentinels_shp(void **state);
void test_sentinels_geojson(void **state);
void test_reference_integration(void **state);
void test_sample_recomputed(void **state);
void test_priority_field(void **state);
void test_facilities_layer(void **state);
void test_summary_csv(void **state);

/* e2e_cli.c */
void test_rerun_same_dir(void **state);
void test_output_is_a_file(void **state);
void test_missing_estates(void **state);
void test_geographic_crs_rejected(void **state);
void test_config_file(void **state);
void test_flag_beats_config(void **state);
void test_r15(void **state);
void test_category_without_facilities(void **state);
void test_map_option(void **state);
void expect_run(const char *estates, int code, const char *needle, const char *a1,
                const char *a2, const char *a3, const char *a4);
const char *bad_file(const char *name, const char *text);
void test_bad_files(void **state);
void test_bad_features(void **state);
void test_bad_network(void **state);
void test_stale_staging_removed(void **state);
void test_budget_defaults(void **state);
void test_no_category_at_all(void **state);
void test_full_disk(void **state);

/* e2e_osm.c */
const char *real_dir(void);
const char *real_file(const char *folder, const char *file);
void test_real_helsinki(void **state);
void test_real_monaco(void **state);
void test_network_sample(void **state);
void test_entrances(void **state);
void test_per_facility(void **state);
void test_real_liechtenstein_walking(void **state);
void test_network_real(void **state);
void test_categories_name_raw_values(void **state);
void test_categories_name_raw_values_real(void **state);
void test_list_flags_split(void **state);
int walkable_by_rule(const char *highway, const char *foot, const char *access,
                     const char *const *highways);
void test_list_flags_split_real(void **state);
void test_walkability_rule(void **state);
void test_geofabrik_roads(void **state);
void test_walkability_rule_real(void **state);
void test_osm_estates_default(void **state);
void test_osm_estates_default_real(void **state);

/* e2e_walkref.c */
int line_walkable(OGRFeatureH f, int has_highway);
wgraph wgraph_read(const char *src, const char *sql, OGRSpatialReferenceH work);
void wgraph_free(wgraph *g);
wsnap wsnap_point(const wgraph *g, double px, double py, double max_snap);
void free_westates(westates *w);
wstats verify_walk(const char *out, const char *net, const char *sql,
                   const char *const *cats, size_t ncats, const walk_params *p,
                   westates *w_out, wgraph *g_out);
size_t walk_categories(const char *out, char (*cats)[8], size_t cap);
void test_walk_reference_sample(void **state);
void test_walk_reference_settings(void **state);
void test_walk_reference_real(void **state);
void check_walk_area(const area_diff *d, size_t nst, const char *what,
                     walk_area_stats *st);
void assert_walk_areas(const char *out, const char *net, const char *where, size_t want);
void assert_facility_areas(const char *out, const char *net, size_t per_cat);

/* The engine's network in out/run.json (lines read, walkable, graph nodes and edges) is the
 * reference graph `g`. */
void assert_same_graph(const char *out, const wgraph *g);

/* e2e_equity.c */
void test_equity_measures(void **state);

/* e2e_bundle_site.c */
void test_bundles_sample(void **state);
void test_bundle_bad_filter(void **state);
void test_bundles_real(void **state);
void test_sites_line(void **state);
void test_sites_walk(void **state);
void test_sites_target_and_budget(void **state);
void test_sites_capacity(void **state);
void test_access_2sfca(void **state);
void test_rerun_on_own_output(void **state);
void test_site_needs_category(void **state);

/* e2e_outputs.c */
void test_messages_follow_the_language(void **state);
void test_report_and_styles(void **state);
void translate(const char *dst, const char *fmt, const char *sql);
size_t read_results(const char *dir, result_row *rows, size_t cap, char (*names)[16], size_t *nn);
void test_order_and_format_invariance(void **state);
void test_writing_threads_and_formats(void **state);
void test_service_areas_district_and_none(void **state);

/* e2e_cn_tables.c */
void test_gbk_shapefile(void **state);
void test_poi_table_gbk_bd09(void **state);
void test_poi_table_real_shanghai(void **state);
void test_mission_categories_beijing(void **state);
void test_mission_categories_shanghai(void **state);
void test_several_facility_sources(void **state);
void test_osm_and_table(void **state);
void test_chinese_fields(void **state);

/* e2e_cn_geo.c */
void test_nested_estates(void **state);
void test_nested_estates_real(void **state);

/* e2e_compare.c */
void test_compare_sample(void **state);
void test_compare_errors(void **state);
void test_compare_real(void **state);
void test_datum_check_real(void **state);
void test_datum_check_sample(void **state);
void test_point_estates(void **state);
void test_pg_point_estates(void **state);
void test_point_estates_real(void **state);

/* e2e_pg.c */
void pg_cleanup(void);
void require_pg(void);
int run_pg(const char *estates, const char *out, const char *to_db, const char *schema);
long long pg_value(const char *sql);
void test_pg_round_trip(void **state);
void test_pg_rerun_replaces(void **state);
void test_pg_failed_write_changes_nothing(void **state);

#endif
