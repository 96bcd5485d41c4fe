/*
 * options.c — the settings table, storage with provenance, and the typed lc_settings view.
 * The same keys serve the CLI (--r5 → "r5"), the YAML config file and lc_options_set. One
 * table row per setting says everything about it (type, default, bounds or allowed values,
 * stage, where the typed view keeps it, help): a value is checked against its row when it
 * is set, the defaults are set from the rows when the options are created, and the typed
 * view is filled by walking the rows (lc_settings_resolve); only the rules between settings
 * (radii that must not decrease, one of count/target/budget, ...) are code of their own.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "options.h"

const char *const lc_role_names[LC_ROLE_COUNT] = {
    "id", "name", "build_year", "households", "population", "elderly", "children", "district",
};

/* What a setting's value is, and what the typed view holds for it. */
typedef enum {
    K_STR,    /* text (const char *) */
    K_LIST,   /* comma-separated items (lc_list) */
    K_BOOL,   /* yes/no/true/false (bool) */
    K_REAL,   /* a number within [lo, hi] (double) */
    K_DIST,   /* a distance in metres within [lo, hi] (double) */
    K_INT,    /* a whole number within [lo, hi] (int) */
    K_SIZE,   /* a whole number within [lo, hi] (size_t) */
    K_U64,    /* a whole number within [lo, hi] (uint64_t) */
    K_CHOICE, /* one of `choices` (int: its index) */
    K_FLAGS   /* items each one of `choices` (unsigned: bit i for the i-th) */
} kind;

enum { OPEN_LO = 1 }; /* spec.flags: lo itself is not allowed */
#define NO_TARGET SIZE_MAX
#define AT(member) offsetof(lc_settings, member)
#define NOLIM 0, 0, 0, NULL
#define DIST(lo, flags) lo, 100000, flags, NULL

/* One setting: the single source of its name, type, default, bounds or allowed values, the
 * stage it belongs to, where the typed view keeps it, and its help. Parsing and validation
 * (set time), --help and the man page (lc_options_describe, lc_options_stage,
 * lc_options_allowed), run.json (lc_options_each_param, in this order) and the defaults all
 * read this table. */
/* The members in the order of the table's columns, which reads best; that costs 8 bytes of
 * padding per row (86 rows). */
typedef struct { // NOLINT(clang-analyzer-optin.performance.Padding)
    const char *key;
    kind kind;
    const char *stage;      /* input, cover, walk, access, bundle, site, output, run, compare */
    const char *def;        /* the default as text, NULL: none */
    double lo, hi;          /* numbers: the bounds */
    unsigned flags;         /* OPEN_LO */
    const char *const *choices; /* K_CHOICE, K_FLAGS: the allowed values (NULL-terminated);
                                   K_INT: the only values allowed */
    size_t target;          /* offset in lc_settings, NO_TARGET: its consumer reads the options */
    lc_status (*check)(lc_ctx *ctx, const char *key, const char *value); /* a rule of its own */
    const char *help;
} spec;

/* The allowed values of the choice settings, in the order of their enums (a setting's value
 * is its index), NULL-terminated; the mode-name functions below read the same arrays. */
static const char *const NESTED[] = {"both", "outer", "inner", NULL};
static const char *const TIERS[] = {"5", "10", "15", NULL};
static const char *const CSV_ENCODINGS[] = {"utf-8-bom", "utf-8", "gbk", NULL};
static const char *const LANGS[] = {"zh", "en", NULL};
static const char *const FORMATS[] = {"gpkg", "geojson", "shp", "fgb", NULL};
static const char *const SERVICE_AREAS[] = {"whole", "district", "none", "auto", NULL};
static const char *const DECAYS[] = {"none", "gauss", NULL};

static lc_status check_to_db(lc_ctx *ctx, const char *key, const char *value);
static lc_status check_db_schema(lc_ctx *ctx, const char *key, const char *value);
static lc_status check_catkey_item(lc_ctx *ctx, const char *key, const char *value);
static lc_status check_site_category(lc_ctx *ctx, const char *key, const char *value);

/* Prefix settings ("field.<role>", "map.<catkey>", "norm.<catkey>" ...) name their second
 * part in angle brackets; it is validated separately (check_prefix). */
static const spec specs[] = {
    {"estates", K_STR, "input", NULL, NOLIM, AT(in.estates.src), NULL,
     N_("estate polygons: SRC[:LAYER] (any GDAL vector source)")},
    {"facilities", K_LIST, "input", NULL, NOLIM, AT(in.facility_srcs), NULL,
     N_("facility points: SRC[:LAYER]; several sources repeated or comma-separated (an OSM "
        "extract and a table)")},
    {"output", K_STR, "output", "lifecircle-out", NOLIM, AT(out.dir), NULL,
     N_("output directory")},
    {"to_db", K_STR, "output", NULL, NOLIM, AT(out.to_db), check_to_db,
     N_("also write every layer and its QGIS style into PostGIS, in one transaction: "
        "\"PG:dbname=... host=... user=...\" (user guide, In PostGIS)")},
    {"db_schema", K_STR, "output", "lifecircle", NOLIM, AT(out.db_schema), check_db_schema,
     N_("schema of to_db for the layers; a run replaces the lifecircle tables there")},
    {"crs", K_STR, "input", NULL, NOLIM, AT(in.crs), NULL,
     N_("working CRS (projected, metres); default: in China the CGCS2000 3-degree Gauss-Kruger "
        "zone of the data centre (EPSG:4534-4554), elsewhere its UTM zone")},
    {"s_srs", K_STR, "input", NULL, NOLIM, AT(in.s_srs), NULL,
     N_("source CRS of both inputs, or GCJ02/BD09 (overrides the layer's CRS)")},
    {"estates_srs", K_STR, "input", NULL, NOLIM, AT(in.estates.srs), NULL,
     N_("source CRS of the estates, or GCJ02/BD09")},
    {"facilities_srs", K_STR, "input", NULL, NOLIM, AT(in.facilities.srs), NULL,
     N_("source CRS of the facilities, or GCJ02/BD09")},
    {"estates_where", K_STR, "input", NULL, NOLIM, AT(in.estates.where), NULL,
     N_("OGR SQL attribute filter on the estate layer")},
    {"facilities_where", K_STR, "input", NULL, NOLIM, AT(in.facilities.where), NULL,
     N_("OGR SQL attribute filter on the facility layer")},
    {"estates_xy", K_LIST, "input", NULL, NOLIM, AT(in.estates.xy), NULL,
     N_("coordinate columns of an estate table: LON,LAT, or one column of \"lng,lat\" text "
        "(default: found by name)")},
    {"facilities_xy", K_LIST, "input", NULL, NOLIM, AT(in.facilities.xy), NULL,
     N_("coordinate columns of a facility table: LON,LAT, or one column of \"lng,lat\" text "
        "(default: found by name)")},
    {"category_field", K_STR, "input", "category", NOLIM, AT(in.category_field), NULL,
     N_("facility field holding the raw category")},
    {"categories", K_LIST, "input", NULL, NOLIM, AT(in.categories), check_catkey_item,
     N_("category keys to evaluate (default: all found)")},
    {"category_names", K_BOOL, "input", "yes", NOLIM, AT(in.category_names), NULL,
     N_("a facility whose category value maps to nothing is matched by its name (幼儿园, "
        "养老院, 医院 ...; user guide, Categories by name)")},
    {"facility_name_field", K_STR, "input", NULL, NOLIM, AT(in.facility_name_field), NULL,
     N_("facility field holding its name (default: name, 名称 or 名字)")},
    {"r5", K_DIST, "cover", "300", DIST(0, OPEN_LO), AT(cover.radius_m[0]), NULL,
     N_("5-minute living-circle radius, metres (GB 50180-2018: 300 m)")},
    {"r10", K_DIST, "cover", "500", DIST(0, OPEN_LO), AT(cover.radius_m[1]), NULL,
     N_("10-minute living-circle radius, metres (GB 50180-2018: 500 m)")},
    {"r15", K_DIST, "cover", NULL, DIST(0, OPEN_LO), AT(cover.radius_m[2]), NULL,
     N_("optional 15-minute radius, metres (GB 50180-2018: 1000 m)")},
    {"disc_quadsegs", K_INT, "cover", "64", 8, 1024, 0, NULL, AT(cover.disc_quadsegs), NULL,
     N_("segments per quarter circle of drawn discs")},
    {"network", K_STR, "walk", NULL, NOLIM, AT(walk.network.src), NULL,
     N_("walking network lines: SRC[:LAYER] (OSM .pbf/.osm read by GDAL)")},
    {"network_srs", K_STR, "walk", NULL, NOLIM, AT(walk.network.srs), NULL,
     N_("source CRS of the network, or GCJ02/BD09")},
    {"network_where", K_STR, "walk", NULL, NOLIM, AT(walk.network.where), NULL,
     N_("OGR SQL attribute filter on the network layer")},
    {"entrances", K_STR, "walk", NULL, NOLIM, AT(walk.entrances.src), NULL,
     N_("estate gates (points with the estate id) replacing access points")},
    {"entrances_srs", K_STR, "walk", NULL, NOLIM, AT(walk.entrances.srs), NULL,
     N_("source CRS of the entrances, or GCJ02/BD09")},
    {"entrances_xy", K_LIST, "walk", NULL, NOLIM, AT(walk.entrances.xy), NULL,
     N_("coordinate columns of an entrance table: LON,LAT, or one column of \"lng,lat\" text "
        "(default: found by name)")},
    {"entrance_field", K_STR, "walk", "estate_id", NOLIM, AT(walk.entrance_field), NULL,
     N_("entrance field holding the estate id")},
    {"per_facility", K_BOOL, "walk", "no", NOLIM, AT(walk.per_facility), NULL,
     N_("also one walking service area per facility")},
    {"node_intersections", K_BOOL, "walk", "no", NOLIM, AT(walk.node_intersections), NULL,
     N_("split crossing lines (for data without shared vertices)")},
    {"max_snap", K_DIST, "walk", "200", DIST(0, 0), AT(walk.max_snap_m), NULL,
     N_("facilities farther than this from any edge are unreachable, m")},
    {"access_snap", K_DIST, "walk", "30", DIST(0, 0), AT(walk.access_snap_m), NULL,
     N_("network vertices this close to an estate are its access points, m")},
    {"walk_buffer", K_DIST, "walk", "50", DIST(0, 0), AT(walk.walk_buffer_m), NULL,
     N_("buffer around the reachable network for walking service areas, m")},
    {"walk_highways", K_LIST, "walk", LC_WALK_HIGHWAYS, NOLIM, AT(walk.walk_highways), NULL,
     N_("highway values walkable without a foot tag")},
    {"walk_foot_values", K_LIST, "walk", LC_WALK_FOOT_VALUES, NOLIM, AT(walk.walk_foot_values),
     NULL, N_("foot values that make any way walkable (trunk and motorway included)")},
    {"walk_access_excluded", K_LIST, "walk", LC_WALK_ACCESS_EXCLUDED, NOLIM,
     AT(walk.walk_access_excluded), NULL,
     N_("access values that exclude a way unless its foot value allows it")},
    {"filter", K_STR, "bundle", NULL, NOLIM, AT(bundle.filter), NULL,
     N_("OGR SQL WHERE choosing the estates that take part in bundles")},
    {"gap", K_DIST, "bundle", "25", DIST(0, 0), AT(bundle.gap_m), NULL,
     N_("estates at most this far apart (and no barrier between) are adjacent, m")},
    {"barriers", K_STR, "bundle", NULL, NOLIM, AT(bundle.barriers.src), NULL,
     N_("barrier lines bundles never cross: SRC[:LAYER] (OSM: major roads, railways, "
        "rivers)")},
    {"barriers_srs", K_STR, "bundle", NULL, NOLIM, AT(bundle.barriers.srs), NULL,
     N_("source CRS of the barriers, or GCJ02/BD09")},
    {"barriers_where", K_STR, "bundle", NULL, NOLIM, AT(bundle.barriers.where), NULL,
     N_("OGR SQL attribute filter on the barrier layer")},
    {"same_district", K_BOOL, "bundle", "no", NOLIM, AT(bundle.same_district), NULL,
     N_("bundles never cross the district field")},
    {"nested", K_CHOICE, "input", "both", 0, 0, 0, NESTED, AT(in.nested), NULL,
     N_("estates lying inside another (a lane inside its estate, as OSM maps them in Chinese "
        "cities): both keeps every one, outer only those inside no other, inner only those "
        "holding no other")},
    {"size_field", K_STR, "bundle", "households", NOLIM, AT(bundle.size_field), NULL,
     N_("estate field summed to a bundle's size (default: the households role's field, see "
        "field.<role>)")},
    {"min_size", K_REAL, "bundle", "1000", 1e-9, 1e15, 0, NULL, AT(bundle.min_size), NULL,
     N_("size a bundle should reach (floor N)")},
    {"max_size", K_REAL, "bundle", "3000", 1e-9, 1e15, 0, NULL, AT(bundle.max_size), NULL,
     N_("largest size of a bundle of several estates (ceiling M)")},
    {"seed", K_U64, "bundle", "1", 0, 9007199254740992.0, 0, NULL, AT(bundle.seed), NULL,
     N_("seed of the bundle construction order (same seed, same bundles)")},
    {"restarts", K_INT, "bundle", "32", 1, 1000, 0, NULL, AT(bundle.restarts), NULL,
     N_("bundle constructions tried; per connected component the best is kept")},
    {"bundle_time_limit", K_REAL, "bundle", "30", 0, 1e6, 0, NULL, AT(bundle.time_limit), NULL,
     N_("seconds the exact bundle step (CBC, per piece still below its bound) may take in all; "
        "0: the heuristic and the cheap bound only")},
    {"site_category", K_STR, "site", NULL, NOLIM, AT(site.category), check_site_category,
     N_("category key to suggest new sites for (--category; site job, or run)")},
    {"site_tier", K_INT, "site", "10", 5, 15, 0, TIERS, AT(site.tier), NULL,
     N_("tier the new sites should cover: 5, 10 or 15 (--tier)")},
    {"site_count", K_SIZE, "site", NULL, 1, 1e6, 0, NULL, AT(site.count), NULL,
     N_("number of sites to suggest (--count; default 5 without --target or --budget)")},
    {"site_target", K_REAL, "site", NULL, 0, 1, OPEN_LO, NULL, AT(site.target), NULL,
     N_("instead of a count: the fewest sites that bring the covered share of the weight to "
        "this (0-1] (--target)")},
    {"site_budget", K_REAL, "site", NULL, 0, 1e15, OPEN_LO, NULL, AT(site.budget), NULL,
     N_("instead of a count: total cost limit, with cost_field (--budget)")},
    {"site_time_limit", K_REAL, "site", "30", 0, 1e6, 0, NULL, AT(site.time_limit), NULL,
     N_("seconds the exact siting solver (CBC) may take; then the best sites found so far, "
        "with their gap to the optimum; 0: the heuristic only")},
    {"candidates", K_STR, "site", NULL, NOLIM, AT(site.candidates.src), NULL,
     N_("candidate sites SRC[:LAYER] (default: points on surface of the uncovered estates)")},
    {"candidates_srs", K_STR, "site", NULL, NOLIM, AT(site.candidates.srs), NULL,
     N_("source CRS of the candidates, or GCJ02/BD09")},
    {"candidates_where", K_STR, "site", NULL, NOLIM, AT(site.candidates.where), NULL,
     N_("OGR SQL attribute filter on the candidates")},
    {"candidates_xy", K_LIST, "site", NULL, NOLIM, AT(site.candidates.xy), NULL,
     N_("coordinate columns of a candidate table: LON,LAT, or one column of \"lng,lat\" text "
        "(default: found by name)")},
    {"weight_field", K_STR, "site", NULL, NOLIM, AT(site.weight_field), NULL,
     N_("estate field weighting coverage (default: elderly for elder, children for "
        "child/kgdn, else population)")},
    {"cost_field", K_STR, "site", NULL, NOLIM, AT(site.cost_field), NULL,
     N_("candidate field with the cost of a site (for --budget; default 'cost' then)")},
    {"capacity_field", K_STR, "site", NULL, NOLIM, AT(site.capacity_field), NULL,
     N_("candidate field with the weight a site can serve at most")},
    {"split_demand", K_BOOL, "site", "no", NOLIM, AT(site.split_demand), NULL,
     N_("with capacity_field: an estate's weight may be split across the sites reaching it "
        "(the demand served), else each estate is served whole by one site")},
    {"encoding", K_STR, "input", NULL, NOLIM, AT(in.encoding), NULL,
     N_("text encoding of Shapefiles that name none (no .cpg), e.g. GBK")},
    {"csv_encoding", K_CHOICE, "output", "utf-8-bom", 0, 0, 0, CSV_ENCODINGS,
     AT(out.csv_encoding), NULL,
     N_("text encoding of summary.csv: utf-8-bom (UTF-8 after a byte-order mark: Excel opens "
        "it with its Chinese intact), utf-8 (no mark) or gbk (GB18030, the Chinese Windows "
        "code page's superset)")},
    {"strict", K_BOOL, "run", "no", NOLIM, AT(strict), NULL,
     N_("every warning is an error (nothing is written)")},
    {"lang", K_CHOICE, "output", "zh", 0, 0, 0, LANGS, AT(out.lang), NULL,
     N_("language of field aliases and the report: zh or en")},
    {"threads", K_INT, "run", "0", 0, 256, 0, NULL, AT(threads), NULL,
     N_("worker threads for service areas and writing (0: one per core)")},
    {"formats", K_FLAGS, "output", "gpkg,geojson,shp", 0, 0, 0, FORMATS,
     AT(out.formats), NULL,
     N_("file formats written: gpkg (every layer in lifecircle.gpkg), geojson, shp, fgb "
        "(FlatGeobuf, one indexed file per layer)")},
    {"service_areas", K_CHOICE, "output", "auto", 0, 0, 0, SERVICE_AREAS,
     AT(out.service_areas), NULL,
     N_("service-area layers: whole (one feature per category, tier and mode), district (one "
        "per district, category, tier and mode), none (not computed); auto: whole up to "
        "100,000 estates, else none")},
    {"builtin_maps", K_BOOL, "input", "yes", NOLIM, AT(in.builtin_maps), NULL,
     N_("use the built-in category mappings (OSM tags, Chinese POI names)")},
    {"facility_capacity_field", K_STR, "access", "capacity", NOLIM,
     AT(access.facility_capacity_field), NULL,
     N_("facility field with its places (beds, seats): capacity-aware access (2SFCA)")},
    {"decay", K_CHOICE, "access", "none", 0, 0, 0, DECAYS, AT(access.decay), NULL,
     N_("distance decay of capacity-aware access: none (2SFCA) or gauss (Gaussian, E2SFCA)")},
    {"scenario", K_LIST, "compare", NULL, NOLIM, NO_TARGET, NULL,
     N_("compare: a scenario file (YAML: name, add_facilities, remove_facilities, capacity, "
        "add_network, close_network, add_entrances; user guide, Scenarios); repeatable")},
    {"scenario_formats", K_FLAGS, "compare", "gpkg", 0, 0, 0, FORMATS,
     AT(out.scenario_formats), NULL,
     N_("compare: file formats of each scenario's folder, as formats (the baseline's folder "
        "follows formats); with geojson or shp a scenario takes seconds to write")},
    {"field.<role>", K_STR, "input", NULL, NOLIM, NO_TARGET, NULL,
     N_("estate field for a role: id name build_year households population elderly children "
        "district")},
    {"map.<key>", K_LIST, "input", NULL, NOLIM, NO_TARGET, NULL,
     N_("raw category values that map to category <key> (repeatable)")},
    {"names.<key>", K_LIST, "input", NULL, NOLIM, NO_TARGET, NULL,
     N_("words of facility names that map to category <key> (repeatable; the name rule)")},
    {"capacity.<key>", K_REAL, "access", NULL, 0, HUGE_VAL, 0, NULL, NO_TARGET, NULL,
     N_("places of a facility of category <key> whose capacity field is empty or missing")},
    {"demand.<key>", K_STR, "access", NULL, NOLIM, NO_TARGET, NULL,
     N_("estate role or field whose people use category <key> (default: elderly for elder, "
        "children for child/kgdn, else population)")},
    {"norm.<key>", K_REAL, "access", NULL, 0, HUGE_VAL, 0, NULL, NO_TARGET, NULL,
     N_("places per 1,000 of the demand that category <key> should offer: gives the "
        "shortfall fields")},
};
#define NSPECS (sizeof specs / sizeof specs[0])

typedef struct {
    char *key;
    char **items;
    size_t n, cap;
    lc_source source;
    char *joined; /* cache for lc_options_get */
} entry;

struct lc_options {
    entry *e;
    size_t n, cap;
};

static const spec *find_spec(const char *key)
{
    for (size_t i = 0; i < NSPECS; i++)
        if (!strchr(specs[i].key, '<') && strcmp(specs[i].key, key) == 0) return &specs[i];
    for (size_t i = 0; i < NSPECS; i++) {
        const char *lt = strchr(specs[i].key, '<');
        size_t n = lt ? (size_t)(lt - specs[i].key) : 0; /* "norm." */
        if (lt && strncmp(specs[i].key, key, n) == 0 && key[n]) return &specs[i];
    }
    return NULL;
}

static entry *find_entry(const lc_options *o, const char *key)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->e[i].key, key) == 0) return &o->e[i];
    return NULL;
}

static void entry_clear_items(entry *e)
{
    for (size_t i = 0; i < e->n; i++) lc_free(e->items[i]);
    e->n = 0;
    lc_free(e->joined);
    e->joined = NULL;
}

static lc_status set_one(lc_ctx *ctx, lc_options *o, const spec *s, const char *key,
                         const char *value, lc_source source);
static lc_status set_split(lc_ctx *ctx, lc_options *o, const spec *s, const char *key,
                           const char *value, lc_source source);

/* Every setting with a default holds it from the start (a list as its items), so that the
 * table is the one place a default is written: lc_options_get, lc_options_list and the
 * typed view all read it from here. */
lc_options *lc_options_create(void)
{
    lc_options *o = lc_calloc(1, sizeof(lc_options));
    for (size_t i = 0; o && i < NSPECS; i++) {
        const spec *s = &specs[i];
        if (!s->def) continue;
        lc_status st = s->kind == K_LIST || s->kind == K_FLAGS
                           ? set_split(NULL, o, s, s->key, s->def, LC_SRC_DEFAULT)
                           : set_one(NULL, o, s, s->key, s->def, LC_SRC_DEFAULT);
        if (st) lc_options_destroy(o), o = NULL;
    }
    return o;
}

void lc_options_destroy(lc_options *o)
{
    if (!o) return;
    for (size_t i = 0; i < o->n; i++) {
        entry_clear_items(&o->e[i]);
        lc_free(o->e[i].items);
        lc_free(o->e[i].key);
    }
    lc_free(o->e);
    lc_free(o);
}

bool lc_catkey_valid(const char *k)
{
    size_t n = strlen(k);
    if (n < 1 || n > LC_CATKEY_MAX || k[0] < 'a' || k[0] > 'z') return false;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9'))) return false;
    return true;
}

static bool role_valid(const char *r)
{
    for (int i = 0; i < LC_ROLE_COUNT; i++)
        if (strcmp(lc_role_names[i], r) == 0) return true;
    return false;
}

/* The index of `value` among `choices` (ASCII case ignored), -1 when it is none of them. */
static int choice_index(const char *const *choices, const char *value)
{
    for (int i = 0; value && choices[i]; i++)
        if (lc_streq_ci(value, choices[i])) return i;
    return -1;
}

int lc_service_areas_for(int mode, size_t nest)
{
    if (mode != LC_SA_AUTO) return mode;
    return nest <= LC_SA_AUTO_MAX ? LC_SA_WHOLE : LC_SA_NONE;
}

const char *lc_service_areas_name(int mode)
{
    return mode >= 0 && mode <= LC_SA_AUTO ? SERVICE_AREAS[mode] : "?";
}

const char *lc_nested_mode_name(int mode)
{
    return mode >= 0 && mode <= LC_NESTED_INNER ? NESTED[mode] : "?";
}

/* A `categories` item that is no key: say how to evaluate such a raw value all the same
 * (a short key and --map), since users type the raw values they see ("restaurant"). */
static lc_status check_catkey_item(lc_ctx *ctx, const char *key, const char *value)
{
    (void)key;
    if (lc_catkey_valid(value)) return LC_OK;
    char lower[LC_CATKEY_MAX + 1];
    size_t n = strlen(value);
    for (size_t i = 0; i < n && i < LC_CATKEY_MAX; i++)
        lower[i] = (char)(value[i] >= 'A' && value[i] <= 'Z' ? value[i] - 'A' + 'a' : value[i]);
    lower[n < LC_CATKEY_MAX ? n : LC_CATKEY_MAX] = '\0';
    if (n <= LC_CATKEY_MAX && lc_catkey_valid(lower))
        return lc_fail(ctx, LC_ERR_ARG, "setting 'categories': '%s' is not a category key "
                       "(1-6 characters a-z/0-9, starting with a letter); write it '%s' (raw "
                       "values match keys whatever their case)", value, lower);
    return lc_fail(ctx, LC_ERR_ARG, "setting 'categories': '%s' is not a category key (1-6 "
                   "characters a-z/0-9, starting with a letter, as it becomes part of field names "
                   "like KEY_c10); to evaluate facilities whose category is '%s', give a short key "
                   "and map the value to it: --categories %s --map %s=%s", value, value,
                   lc_catkey_valid(lower) ? lower : "k1", lc_catkey_valid(lower) ? lower : "k1",
                   value);
}

static lc_status check_site_category(lc_ctx *ctx, const char *key, const char *value)
{
    (void)key;
    if (lc_catkey_valid(value)) return LC_OK;
    return lc_fail(ctx, LC_ERR_ARG, "setting 'site_category': '%s' is not a category key", value);
}

static lc_status check_db_schema(lc_ctx *ctx, const char *key, const char *value)
{
    (void)key;
    if (*value && strlen(value) <= 63) return LC_OK;
    return lc_fail(ctx, LC_ERR_ARG, "setting 'db_schema': '%s' must be 1-63 bytes (a "
                   "PostgreSQL name)", value);
}

static lc_status check_to_db(lc_ctx *ctx, const char *key, const char *value)
{
    (void)key;
    if (!strncmp(value, "PG:", 3)) return LC_OK;
    return lc_fail(ctx, LC_ERR_ARG, "setting 'to_db': a PostgreSQL connection string starting "
                   "with PG: (\"PG:dbname=... host=... user=...\"), got '%.3s...'", value);
}

/* The second part of a prefix setting: a role ("field.households") or a category key. */
static lc_status check_prefix(lc_ctx *ctx, const char *key)
{
    if (strncmp(key, "field.", 6) == 0 && !role_valid(key + 6))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': unknown role '%s' (known: id name "
                       "build_year households population elderly children district)", key, key + 6);
    const char *dot = strchr(key, '.');
    if (dot && strncmp(key, "field.", 6) != 0 && !lc_catkey_valid(dot + 1))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': category key '%s' must be 1-6 characters "
                       "a-z/0-9 starting with a letter (it becomes part of DBF field names)",
                       key, dot + 1);
    return LC_OK;
}

static bool is_whole(kind k)
{
    return k == K_INT || k == K_SIZE || k == K_U64;
}

/* The bounds of a number setting as a reader writes them: "(0, 100000] metres",
 * "[8, 1024]", ">= 0", "5, 10 or 15"; "" for other kinds. */
static void bounds_text(const spec *s, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (s->kind == K_BOOL) {
        snprintf(buf, cap, "%s", _("yes or no"));
    } else if (s->choices) {
        size_t at = 0;
        for (int i = 0; s->choices[i] && at < cap; i++)
            at += (size_t)snprintf(buf + at, cap - at, "%s%s", !i ? "" : s->choices[i + 1]
                                   ? ", " : _(" or "), s->choices[i]);
    } else if (s->kind == K_REAL || s->kind == K_DIST || is_whole(s->kind)) {
        if (isinf(s->hi))
            snprintf(buf, cap, ">= %g", s->lo);
        else
            snprintf(buf, cap, "%c%g, %g]%s", s->flags & OPEN_LO ? '(' : '[', s->lo, s->hi,
                     s->kind == K_DIST ? _(" metres") : "");
    }
}

/* A number within the spec's bounds (and among its values, when it lists them). */
static lc_status check_number(lc_ctx *ctx, const spec *s, const char *key, const char *value)
{
    double d = 0;
    if (!lc_parse_double(value, &d))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': '%s' is not a number", key, value);
    char bounds[128];
    bounds_text(s, bounds, sizeof bounds);
    bool in = d >= s->lo && d <= s->hi && !((s->flags & OPEN_LO) && d == s->lo);
    if (in && s->choices) {
        in = false;
        for (int i = 0; s->choices[i]; i++)
            if (atof(s->choices[i]) == d) in = true;
    }
    if (!in && s->choices)
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': must be one of %s, got '%s'", key, bounds,
                       value);
    if (!in && isinf(s->hi))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': must be a number %s, got '%s'", key,
                       bounds, value);
    if (!in && is_whole(s->kind))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': must be a whole number in %s, got '%s'",
                       key, bounds, value);
    if (!in)
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': must be a number in %s, got '%s'", key,
                       bounds, value);
    if (is_whole(s->kind) && d != floor(d))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': must be a whole number, got '%s'", key,
                       value);
    return LC_OK;
}

/* One value (one item of a list) against its spec: the single validation of every setting,
 * at the time it is set. */
static lc_status check_value(lc_ctx *ctx, const spec *s, const char *key, const char *value)
{
    lc_status st = strchr(s->key, '<') ? check_prefix(ctx, key) : LC_OK;
    if (st) return st;
    if (s->kind == K_BOOL && !(lc_streq_ci(value, "yes") || lc_streq_ci(value, "no") ||
                               lc_streq_ci(value, "true") || lc_streq_ci(value, "false")))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': '%s' is not yes/no", key, value);
    if (s->kind == K_REAL || s->kind == K_DIST || is_whole(s->kind))
        st = check_number(ctx, s, key, value);
    if (!st && (s->kind == K_CHOICE || s->kind == K_FLAGS) && choice_index(s->choices, value) < 0) {
        char allowed[128];
        bounds_text(s, allowed, sizeof allowed);
        st = lc_fail(ctx, LC_ERR_ARG, "setting '%s': %s, got '%s'", key, allowed, value);
    }
    return !st && s->check ? s->check(ctx, key, value) : st;
}

static entry *add_entry(lc_options *o, const char *key)
{
    if (lc_grow((void **)&o->e, &o->cap, o->n + 1, sizeof(entry)) != LC_OK) return NULL;
    entry *e = &o->e[o->n];
    memset(e, 0, sizeof *e);
    if (!(e->key = lc_strdup(key))) return NULL;
    o->n++;
    return e;
}

/* One value of a setting (one item of a list). */
static lc_status set_one(lc_ctx *ctx, lc_options *o, const spec *s, const char *key,
                         const char *value, lc_source source)
{
    lc_status st = ctx ? check_value(ctx, s, key, value) : LC_OK; /* NULL: a default */
    if (st) return st;
    entry *e = find_entry(o, key);
    if (e && source < e->source) return LC_OK; /* a flag beats the config file */
    if (!e && !(e = add_entry(o, key)))
        return ctx ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory") : LC_ERR_NOMEM;
    if ((s->kind != K_LIST && s->kind != K_FLAGS) || source > e->source) entry_clear_items(e);
    e->source = source;
    lc_free(e->joined);
    e->joined = NULL;
    if (lc_grow((void **)&e->items, &e->cap, e->n + 1, sizeof(char *)) != LC_OK ||
        !(e->items[e->n] = lc_strdup(value)))
        return ctx ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory") : LC_ERR_NOMEM;
    e->n++;
    return LC_OK;
}

/* A list given as one value ("footway,cycleway"): one item per comma, blanks trimmed. */
static lc_status set_split(lc_ctx *ctx, lc_options *o, const spec *s, const char *key,
                           const char *value, lc_source source)
{
    size_t items = 0;
    lc_status st = LC_OK;
    for (const char *p = value; !st;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && isspace((unsigned char)*p)) p++, len--;
        while (len && isspace((unsigned char)p[len - 1])) len--;
        char *item = len ? lc_asprintf("%.*s", (int)len, p) : NULL;
        if (len && !item) return ctx ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory") : LC_ERR_NOMEM;
        if (item) st = set_one(ctx, o, s, key, item, source), items++;
        lc_free(item);
        if (!end) break;
        p = end + 1;
    }
    if (!st && !items)
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': '%s' names no item (a list: items "
                       "separated by commas)", key, value);
    return st;
}

/* Settings that were removed, and what replaces them. */
static const char *const removed[][2] = {
    {"walk_foot_required", N_("any way whose foot tag is in walk_foot_values (yes, designated, "
                              "permissive) is walkable now, trunk roads included; see the user "
                              "guide, Which ways are walkable")},
};

static lc_status unknown_setting(lc_ctx *ctx, const char *key)
{
    for (size_t i = 0; i < sizeof removed / sizeof *removed; i++)
        if (!strcmp(key, removed[i][0]))
            return lc_fail(ctx, LC_ERR_ARG, "setting '%s' was removed: %s", key,
                           _(removed[i][1]));
    return lc_fail(ctx, LC_ERR_ARG, "unknown setting '%s'", key);
}

/* The spec of `*key`; a `site:` block in YAML ("site.category") names "site_category", whose
 * name is then put in `alias` and *key. NULL (failed) when the key is unknown. */
static const spec *spec_of(lc_ctx *ctx, const char **key, char *alias, size_t cap)
{
    if (!strncmp(*key, "site.", 5) && strlen(*key) < cap) {
        snprintf(alias, cap, "site_%s", *key + 5);
        if (find_spec(alias)) *key = alias;
    }
    const spec *s = find_spec(*key);
    if (!s) unknown_setting(ctx, *key);
    return s;
}

lc_status lc_options_set(lc_ctx *ctx, lc_options *o, const char *key, const char *value,
                         lc_source source)
{
    if (!key || !value) return lc_fail(ctx, LC_ERR_ARG, "setting without key or value");
    char alias[64];
    const spec *s = spec_of(ctx, &key, alias, sizeof alias);
    if (!s) return LC_ERR_ARG;
    if (s->kind != K_LIST && s->kind != K_FLAGS) return set_one(ctx, o, s, key, value, source);
    return set_split(ctx, o, s, key, value, source);
}

lc_status lc_options_set_item(lc_ctx *ctx, lc_options *o, const char *key, const char *value,
                              lc_source source)
{
    if (!key || !value) return lc_fail(ctx, LC_ERR_ARG, "setting without key or value");
    char alias[64];
    const spec *s = spec_of(ctx, &key, alias, sizeof alias);
    return s ? set_one(ctx, o, s, key, value, source) : LC_ERR_ARG;
}

const char *const *lc_options_list(const lc_options *o, const char *key, size_t *out_n)
{
    const entry *e = find_entry(o, key);
    *out_n = e ? e->n : 0;
    return e && e->n ? (const char *const *)e->items : NULL;
}

const char *lc_options_get(const lc_options *o, const char *key, lc_source *out_source)
{
    entry *e = find_entry(o, key);
    if (out_source) *out_source = LC_SRC_DEFAULT;
    if (!e || !e->n) return NULL;
    if (out_source) *out_source = e->source;
    if (e->n == 1) return e->items[0];
    if (!e->joined) {
        size_t len = 0;
        for (size_t i = 0; i < e->n; i++) len += strlen(e->items[i]) + 1;
        if (!(e->joined = lc_malloc(len))) return NULL;
        e->joined[0] = '\0';
        for (size_t i = 0; i < e->n; i++) {
            if (i) strcat(e->joined, ",");
            strcat(e->joined, e->items[i]);
        }
    }
    return e->joined;
}

int lc_options_describe(size_t i, const char **out_key, const char **out_default,
                        const char **out_help)
{
    if (i >= NSPECS) return 0;
    *out_key = specs[i].key;
    *out_default = specs[i].def;
    *out_help = lc_gettext(specs[i].help);
    return 1;
}

const char *lc_options_stage(size_t i)
{
    return i < NSPECS ? specs[i].stage : NULL;
}

const char *lc_options_allowed(size_t i, char *buf, size_t cap)
{
    if (i >= NSPECS || !cap) return NULL;
    bounds_text(&specs[i], buf, cap);
    return buf;
}

/* Settings whose default is the field of a role: a "field.<role>" setting given renames it. */
static const char *const role_defaults[][2] = {{"size_field", "field.households"}};

/* The value of `key` as the run uses it: a default that follows a role renamed. */
static const char *effective_value(const lc_options *o, const char *key, lc_source *src)
{
    const char *v = lc_options_get(o, key, src);
    size_t n = sizeof role_defaults / sizeof *role_defaults;
    for (size_t i = 0; *src == LC_SRC_DEFAULT && i < n; i++) {
        const char *role = lc_options_get(o, role_defaults[i][1], NULL);
        if (role && !strcmp(key, role_defaults[i][0])) v = role;
    }
    return v;
}

lc_status lc_options_each_param(const lc_options *o, lc_param_visit_fn fn, void *ud)
{
    lc_status st = LC_OK;
    for (size_t i = 0; !st && i < NSPECS; i++) {
        if (strchr(specs[i].key, '<')) continue;
        lc_source src;
        const char *v = effective_value(o, specs[i].key, &src);
        st = fn(specs[i].key, v, src, ud);
    }
    for (size_t i = 0; !st && i < o->n; i++) {
        if (!o->e[i].n || !strchr(o->e[i].key, '.')) continue;
        const char *v = lc_options_get(o, o->e[i].key, NULL);
        st = fn(o->e[i].key, v ? v : "", o->e[i].source, ud);
    }
    return st;
}

const char *lc_source_name(lc_source source)
{
    static const char *const names[] = {"default", "config", "flag"};
    return names[source];
}

lc_status lc_options_each_prefixed(const lc_options *o, const char *prefix, lc_map_visit_fn fn,
                                   void *ud)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < o->n; i++) {
        const entry *e = &o->e[i];
        if (strncmp(e->key, prefix, n) != 0 || e->key[n] != '.' || !e->n) continue;
        lc_status st = fn(e->key + n + 1, (const char *const *)e->items, e->n, ud);
        if (st) return st;
    }
    return LC_OK;
}

lc_status lc_options_each_map(const lc_options *o, lc_map_visit_fn fn, void *ud)
{
    return lc_options_each_prefixed(o, "map", fn, ud);
}


/* ---- typed view ------------------------------------------------------------------- */

/* Store the value of setting `s` (validated when it was set, a default by the unit test of
 * the table) at its target in the typed view. */
static void store(const lc_options *o, const spec *s, lc_settings *out)
{
    char *at = (char *)out + s->target;
    size_t n = 0;
    const char *const *items = lc_options_list(o, s->key, &n);
    const char *v = n ? items[0] : NULL;
    double d = 0;
    if (v && (s->kind == K_REAL || s->kind == K_DIST || is_whole(s->kind)))
        lc_parse_double(v, &d);
    /* each member written through memcpy from a value of its own type: `at` is a byte
     * offset into the struct, not a pointer of that type */
    /* (a conversion only for its own kind: a real setting's 1e15 is no int) */
    lc_list list = {items, n};
    bool b = v && (lc_streq_ci(v, "yes") || lc_streq_ci(v, "true"));
    int i;
    size_t z;
    uint64_t u;
    unsigned bits = 0;
    switch (s->kind) {
    case K_STR: memcpy(at, &v, sizeof v); break;
    case K_LIST: memcpy(at, &list, sizeof list); break;
    case K_BOOL: memcpy(at, &b, sizeof b); break;
    case K_REAL:
    case K_DIST: memcpy(at, &d, sizeof d); break;
    case K_INT:
        i = (int)d;
        memcpy(at, &i, sizeof i);
        break;
    case K_SIZE:
        z = (size_t)d;
        memcpy(at, &z, sizeof z);
        break;
    case K_U64:
        u = (uint64_t)d;
        memcpy(at, &u, sizeof u);
        break;
    case K_CHOICE:
        i = v ? choice_index(s->choices, v) : 0;
        memcpy(at, &i, sizeof i);
        break;
    case K_FLAGS:
        for (size_t k = 0; k < n; k++) {
            int c = choice_index(s->choices, items[k]); /* checked when set: never -1 */
            if (c >= 0) bits |= 1u << c;
        }
        memcpy(at, &bits, sizeof bits);
        break;
    }
}

/* An input layer's name, and s_srs where its own *_srs is not given. */
static lc_status settle_layer(lc_ctx *ctx, lc_layer_settings *l, const char *name,
                              const char *s_srs)
{
    l->name = name;
    if (!l->srs && s_srs) l->srs = s_srs, l->srs_shared = true;
    if (l->xy.n > 2)
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s_xy': one column (of \"lng,lat\" text) or "
                       "two (longitude, latitude), got %zu", name, l->xy.n);
    return LC_OK;
}

/* The per-category settings given: "capacity.", "demand." and "norm." (looked up per
 * category by lc_settings_percat), and the estate field of each role. */
static lc_status settle_prefixed(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    static const char *const prefixes[] = {"capacity.", "demand.", "norm."};
    lc_access_settings *a = &s->access;
    for (size_t i = 0; i < o->n; i++)
        for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
            if (strncmp(o->e[i].key, prefixes[p], strlen(prefixes[p])) || !o->e[i].n) continue;
            if (a->npercat == LC_MAX_PERCAT)
                return lc_fail(ctx, LC_ERR_ARG, "more than %d capacity/demand/norm settings",
                               LC_MAX_PERCAT);
            a->percat[a->npercat].key = o->e[i].key;
            a->percat[a->npercat++].value = o->e[i].items[0];
        }
    for (int r = 0; r < LC_ROLE_COUNT; r++) {
        char key[32];
        snprintf(key, sizeof key, "field.%s", lc_role_names[r]);
        const char *v = lc_options_get(o, key, NULL);
        s->in.field[r] = v ? v : lc_role_names[r];
    }
    return LC_OK;
}

/* The rules between settings, and the values that follow from others. */
static lc_status settle(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    lc_cover_settings *c = &s->cover;
    c->tier_minutes[0] = 5, c->tier_minutes[1] = 10, c->tier_minutes[2] = 15;
    c->ntiers = c->radius_m[2] > 0 ? 3 : 2;
    for (size_t t = 1; t < c->ntiers; t++)
        if (c->radius_m[t] < c->radius_m[t - 1])
            return lc_fail(ctx, LC_ERR_ARG, "radii must not decrease from tier to tier "
                           "(r5 <= r10 <= r15)");
    if (!s->out.formats)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'formats' names no format (gpkg geojson shp fgb)");
    s->in.facilities.src = lc_options_get(o, "facilities", NULL); /* the sources joined */
    lc_status st;
    if ((st = settle_prefixed(ctx, o, s)) ||
        (st = settle_layer(ctx, &s->in.estates, "estates", s->in.s_srs)) ||
        (st = settle_layer(ctx, &s->in.facilities, "facilities", s->in.s_srs)) ||
        (st = settle_layer(ctx, &s->walk.network, "network", s->in.s_srs)) ||
        (st = settle_layer(ctx, &s->walk.entrances, "entrances", s->in.s_srs)) ||
        (st = settle_layer(ctx, &s->bundle.barriers, "barriers", s->in.s_srs)) ||
        (st = settle_layer(ctx, &s->site.candidates, "candidates", s->in.s_srs)))
        return st;
    lc_bundle_settings *b = &s->bundle;
    static const char *const bundle_keys[] = {"filter", "gap", "barriers", "same_district",
                                              "size_field", "min_size", "max_size"};
    for (size_t i = 0; i < sizeof bundle_keys / sizeof *bundle_keys; i++) {
        lc_source src;
        lc_options_get(o, bundle_keys[i], &src);
        if (src != LC_SRC_DEFAULT) b->asked = true;
    }
    lc_source size_src;
    lc_options_get(o, "size_field", &size_src);
    /* not given: the households role's field, which --field households=户数 renames */
    if (size_src == LC_SRC_DEFAULT) b->size_field = s->in.field[LC_ROLE_HOUSEHOLDS];
    if (b->max_size < b->min_size)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'max_size' (%g) is below 'min_size' (%g)",
                       b->max_size, b->min_size);
    lc_site_settings *si = &s->site;
    if (!!si->count + (si->target > 0) + (si->budget > 0) > 1)
        return lc_fail(ctx, LC_ERR_ARG, "give one of --count, --target and --budget");
    if (si->budget > 0 && !si->cost_field) si->cost_field = "cost"; /* the usual name */
    if (si->budget > 0 && !si->candidates.src)
        return lc_fail(ctx, LC_ERR_ARG, "--budget needs candidate sites with a cost (--candidates "
                       "and --cost-field, default 'cost')");
    if (!si->count && !(si->target > 0) && !(si->budget > 0)) si->count = 5;
    return LC_OK;
}

lc_status lc_settings_resolve(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < NSPECS; i++)
        if (specs[i].target != NO_TARGET) store(o, &specs[i], s);
    return settle(ctx, o, s);
}

const char *lc_settings_percat(const lc_access_settings *s, const char *prefix,
                               const char *catkey)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < s->npercat; i++) {
        const char *k = s->percat[i].key;
        if (!strncmp(k, prefix, n) && k[n] == '.' && !strcmp(k + n + 1, catkey))
            return s->percat[i].value;
    }
    return NULL;
}
