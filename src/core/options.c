/*
 * options.c — settings table, storage with provenance, and the typed lc_settings view.
 * The same keys serve the CLI (--r5 → "r5"), the YAML config file and lc_options_set,
 * so there is exactly one list of what can be set and what it defaults to.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "options.h"

const char *const lc_role_names[LC_ROLE_COUNT] = {
    "id", "name", "build_year", "households", "population", "elderly", "children", "district",
};

typedef enum { K_STR, K_NUM, K_LIST, K_BOOL } kind;

typedef struct {
    const char *key;
    kind kind;
    const char *def;
    const char *help;
} spec;

/* Prefix settings ("field.<role>", "map.<catkey>", "norm.<catkey>" ...) name their second
 * part in angle brackets; it is validated separately. */
static const spec specs[] = {
    {"estates", K_STR, NULL, N_("estate polygons: SRC[:LAYER] (any GDAL vector source)")},
    {"facilities", K_LIST, NULL, N_("facility points: SRC[:LAYER]; several sources repeated or "
                                    "comma-separated (an OSM extract and a table)")},
    {"output", K_STR, "lifecircle-out", N_("output directory")},
    {"to_db", K_STR, NULL, N_("also write every layer and its QGIS style into PostGIS, in one "
                           "transaction: \"PG:dbname=... host=... user=...\" (user guide, "
                           "In PostGIS)")},
    {"db_schema", K_STR, "lifecircle", N_("schema of to_db for the layers; a run replaces the "
                                      "lifecircle tables there")},
    {"crs", K_STR, NULL, N_("working CRS (projected, metres); default: in China the CGCS2000 3-degree "
                               "Gauss-Kruger zone of the data centre (EPSG:4534-4554), elsewhere "
                               "its UTM zone")},
    {"s_srs", K_STR, NULL, N_("source CRS of both inputs, or GCJ02/BD09 (overrides the layer's CRS)")},
    {"estates_srs", K_STR, NULL, N_("source CRS of the estates, or GCJ02/BD09")},
    {"facilities_srs", K_STR, NULL, N_("source CRS of the facilities, or GCJ02/BD09")},
    {"estates_where", K_STR, NULL, N_("OGR SQL attribute filter on the estate layer")},
    {"facilities_where", K_STR, NULL, N_("OGR SQL attribute filter on the facility layer")},
    {"estates_xy", K_LIST, NULL, N_("coordinate columns of an estate table: LON,LAT, or one "
                                 "column of \"lng,lat\" text (default: found by name)")},
    {"facilities_xy", K_LIST, NULL, N_("coordinate columns of a facility table: LON,LAT, or one "
                                    "column of \"lng,lat\" text (default: found by name)")},
    {"category_field", K_STR, "category", N_("facility field holding the raw category")},
    {"categories", K_LIST, NULL, N_("category keys to evaluate (default: all found)")},
    {"category_names", K_BOOL, "yes", N_("a facility whose category value maps to nothing is "
                                      "matched by its name (幼儿园, 养老院, 医院 ...; user "
                                      "guide, Categories by name)")},
    {"facility_name_field", K_STR, NULL, N_("facility field holding its name (default: name, "
                                         "名称 or 名字)")},
    {"r5", K_NUM, "300", N_("5-minute living-circle radius, metres (GB 50180-2018: 300 m)")},
    {"r10", K_NUM, "500", N_("10-minute living-circle radius, metres (GB 50180-2018: 500 m)")},
    {"r15", K_NUM, NULL, N_("optional 15-minute radius, metres (GB 50180-2018: 1000 m)")},
    {"disc_quadsegs", K_NUM, "64", N_("segments per quarter circle of drawn discs")},
    {"network", K_STR, NULL, N_("walking network lines: SRC[:LAYER] (OSM .pbf/.osm read by GDAL)")},
    {"network_srs", K_STR, NULL, N_("source CRS of the network, or GCJ02/BD09")},
    {"network_where", K_STR, NULL, N_("OGR SQL attribute filter on the network layer")},
    {"entrances", K_STR, NULL, N_("estate gates (points with the estate id) replacing access points")},
    {"entrances_srs", K_STR, NULL, N_("source CRS of the entrances, or GCJ02/BD09")},
    {"entrances_xy", K_LIST, NULL, N_("coordinate columns of an entrance table: LON,LAT, or one "
                                   "column of \"lng,lat\" text (default: found by name)")},
    {"entrance_field", K_STR, "estate_id", N_("entrance field holding the estate id")},
    {"per_facility", K_BOOL, "no", N_("also one walking service area per facility")},
    {"node_intersections", K_BOOL, "no", N_("split crossing lines (for data without shared vertices)")},
    {"max_snap", K_NUM, "200", N_("facilities farther than this from any edge are unreachable, m")},
    {"access_snap", K_NUM, "30", N_("network vertices this close to an estate are its access points, m")},
    {"walk_buffer", K_NUM, "50", N_("buffer around the reachable network for walking service areas, m")},
    {"walk_highways", K_LIST, LC_WALK_HIGHWAYS, N_("highway values walkable without a foot tag")},
    {"walk_foot_values", K_LIST, LC_WALK_FOOT_VALUES, N_("foot values that make any way walkable "
                                                      "(trunk and motorway included)")},
    {"walk_access_excluded", K_LIST, LC_WALK_ACCESS_EXCLUDED, N_("access values that exclude a way "
                                                             "unless its foot value allows it")},
    {"filter", K_STR, NULL, N_("OGR SQL WHERE choosing the estates that take part in bundles")},
    {"gap", K_NUM, "25", N_("estates at most this far apart (and no barrier between) are adjacent, m")},
    {"barriers", K_STR, NULL, N_("barrier lines bundles never cross: SRC[:LAYER] (OSM: major roads, "
                              "railways, rivers)")},
    {"barriers_srs", K_STR, NULL, N_("source CRS of the barriers, or GCJ02/BD09")},
    {"barriers_where", K_STR, NULL, N_("OGR SQL attribute filter on the barrier layer")},
    {"same_district", K_BOOL, "no", N_("bundles never cross the district field")},
    {"nested", K_STR, "both", N_("estates lying inside another (a lane inside its estate, as OSM "
                              "maps them in Chinese cities): both keeps every one, outer only "
                              "those inside no other, inner only those holding no other")},
    {"size_field", K_STR, "households", N_("estate field summed to a bundle's size (default: "
                                        "the households role's field, see field.<role>)")},
    {"min_size", K_NUM, "1000", N_("size a bundle should reach (floor N)")},
    {"max_size", K_NUM, "3000", N_("largest size of a bundle of several estates (ceiling M)")},
    {"seed", K_NUM, "1", N_("seed of the bundle construction order (same seed, same bundles)")},
    {"restarts", K_NUM, "32", N_("bundle constructions tried; per connected component the best is kept")},
    {"bundle_time_limit", K_NUM, "30", N_("seconds the exact bundle step (CBC, per piece still below "
                                       "its bound) may take in all; 0: the heuristic and the "
                                       "cheap bound only")},
    {"site_category", K_STR, NULL, N_("category key to suggest new sites for (--category; site job, "
                                   "or run)")},
    {"site_tier", K_NUM, "10", N_("tier the new sites should cover: 5, 10 or 15 (--tier)")},
    {"site_count", K_NUM, NULL, N_("number of sites to suggest (--count; default 5 without --target "
                                "or --budget)")},
    {"site_target", K_NUM, NULL, N_("instead of a count: the fewest sites that bring the covered "
                                 "share of the weight to this (0-1] (--target)")},
    {"site_budget", K_NUM, NULL, N_("instead of a count: total cost limit, with cost_field (--budget)")},
    {"site_time_limit", K_NUM, "30", N_("seconds the exact siting solver (CBC) may take; then the best "
                                     "sites found so far, with their gap to the optimum; 0: the "
                                     "heuristic only")},
    {"candidates", K_STR, NULL, N_("candidate sites SRC[:LAYER] (default: points on surface of the "
                                "uncovered estates)")},
    {"candidates_srs", K_STR, NULL, N_("source CRS of the candidates, or GCJ02/BD09")},
    {"candidates_where", K_STR, NULL, N_("OGR SQL attribute filter on the candidates")},
    {"candidates_xy", K_LIST, NULL, N_("coordinate columns of a candidate table: LON,LAT, or "
                                    "one column of \"lng,lat\" text (default: found by name)")},
    {"weight_field", K_STR, NULL, N_("estate field weighting coverage (default: elderly for elder, "
                                  "children for child/kgdn, else population)")},
    {"cost_field", K_STR, NULL, N_("candidate field with the cost of a site (for --budget; "
                                "default 'cost' then)")},
    {"capacity_field", K_STR, NULL, N_("candidate field with the weight a site can serve at most")},
    {"split_demand", K_BOOL, "no", N_("with capacity_field: an estate's weight may be split across "
                                   "the sites reaching it (the demand served), else each estate "
                                   "is served whole by one site")},
    {"encoding", K_STR, NULL, N_("text encoding of Shapefiles that name none (no .cpg), e.g. GBK")},
    {"csv_encoding", K_STR, "utf-8-bom", N_("text encoding of summary.csv: utf-8-bom (UTF-8 "
                                         "after a byte-order mark: Excel opens it with its "
                                         "Chinese intact), utf-8 (no mark) or gbk (GB18030, the "
                                         "Chinese Windows code page's superset)")},
    {"strict", K_BOOL, "no", N_("every warning is an error (nothing is written)")},
    {"lang", K_STR, "zh", N_("language of field aliases and the report: zh or en")},
    {"threads", K_NUM, "0", N_("worker threads for service areas and writing (0: one per core)")},
    {"formats", K_LIST, "gpkg,geojson,shp", N_("file formats written: gpkg (every layer in "
                                            "lifecircle.gpkg), geojson, shp, fgb (FlatGeobuf, "
                                            "one indexed file per layer)")},
    {"service_areas", K_STR, "auto", N_("service-area layers: whole (one feature per category, "
                                     "tier and mode), district (one per district, category, "
                                     "tier and mode), none (not computed); auto: whole up to "
                                     "100,000 estates, else none")},
    {"builtin_maps", K_BOOL, "yes", N_("use the built-in category mappings (OSM tags, Chinese POI names)")},
    {"facility_capacity_field", K_STR, "capacity", N_("facility field with its places (beds, "
                                                   "seats): capacity-aware access (2SFCA)")},
    {"decay", K_STR, "none", N_("distance decay of capacity-aware access: none (2SFCA) or gauss "
                             "(Gaussian, E2SFCA)")},
    {"field.<role>", K_STR, NULL, N_("estate field for a role: id name build_year households "
                                  "population elderly children district")},
    {"map.<key>", K_LIST, NULL, N_("raw category values that map to category <key> (repeatable)")},
    {"names.<key>", K_LIST, NULL, N_("words of facility names that map to category <key> "
                                  "(repeatable; the name rule)")},
    {"capacity.<key>", K_NUM, NULL, N_("places of a facility of category <key> whose capacity field "
                                    "is empty or missing")},
    {"demand.<key>", K_STR, NULL, N_("estate role or field whose people use category <key> "
                                  "(default: elderly for elder, children for child/kgdn, else "
                                  "population)")},
    {"norm.<key>", K_NUM, NULL, N_("places per 1,000 of the demand that category <key> should "
                                "offer: gives the shortfall fields")},
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

lc_options *lc_options_create(void)
{
    return lc_calloc(1, sizeof(lc_options));
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

/* A `categories` item that is no key: say how to evaluate such a raw value all the same
 * (a short key and --map), since users type the raw values they see ("restaurant"). */
unsigned lc_format_bit(const char *name)
{
    static const char *const names[] = {"gpkg", "geojson", "shp", "fgb"};
    for (unsigned i = 0; name && i < sizeof names / sizeof *names; i++)
        if (lc_streq_ci(name, names[i])) return 1u << i;
    return 0;
}

int lc_service_areas_for(int mode, size_t nest)
{
    if (mode != LC_SA_AUTO) return mode;
    return nest <= LC_SA_AUTO_MAX ? LC_SA_WHOLE : LC_SA_NONE;
}

/* The index of `value` among the `n` names of a choice setting (ASCII case ignored); NULL
 * gives `def`, a name not among them -1. */
static int choice_of(const char *value, const char *const *names, int n, int def)
{
    if (!value) return def;
    for (int i = 0; i < n; i++)
        if (lc_streq_ci(value, names[i])) return i;
    return -1;
}

int lc_csv_encoding(const char *value)
{
    static const char *const names[] = {"utf-8-bom", "utf-8", "gbk"};
    return choice_of(value, names, 3, LC_CSV_BOM);
}

static const char *const SA_NAMES[] = {"whole", "district", "none", "auto"};

const char *lc_service_areas_name(int mode)
{
    return mode >= 0 && mode < 4 ? SA_NAMES[mode] : "?";
}

int lc_service_areas_mode(const char *value)
{
    return choice_of(value, SA_NAMES, 4, LC_SA_AUTO);
}

static const char *const NESTED_NAMES[] = {"both", "outer", "inner"};

const char *lc_nested_mode_name(int mode)
{
    return mode >= 0 && mode < 3 ? NESTED_NAMES[mode] : "?";
}

int lc_nested_mode_of(const char *value)
{
    return choice_of(value, NESTED_NAMES, 3, LC_NESTED_BOTH);
}

static lc_status bad_category(lc_ctx *ctx, const char *value)
{
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

static lc_status check_value(lc_ctx *ctx, const spec *s, const char *key, const char *value)
{
    double d = 0;
    if (s->kind == K_NUM && !lc_parse_double(value, &d))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': '%s' is not a number", key, value);
    if (s->kind == K_BOOL && !(lc_streq_ci(value, "yes") || lc_streq_ci(value, "no") ||
                               lc_streq_ci(value, "true") || lc_streq_ci(value, "false")))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': '%s' is not yes/no", key, value);
    if (strncmp(key, "field.", 6) == 0 && !role_valid(key + 6))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': unknown role '%s' (known: id name "
                       "build_year households population elderly children district)", key, key + 6);
    const char *dot = strchr(key, '.');
    if (dot && strncmp(key, "field.", 6) != 0 && !lc_catkey_valid(dot + 1))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': category key '%s' must be 1-6 characters "
                       "a-z/0-9 starting with a letter (it becomes part of DBF field names)",
                       key, dot + 1);
    if ((strncmp(key, "capacity.", 9) == 0 || strncmp(key, "norm.", 5) == 0) && !(d >= 0))
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': '%s' must not be negative", key, value);
    if (strcmp(key, "db_schema") == 0 && (!*value || strlen(value) > 63))
        return lc_fail(ctx, LC_ERR_ARG, "setting 'db_schema': '%s' must be 1-63 bytes (a "
                       "PostgreSQL name)", value);
    if (strcmp(key, "to_db") == 0 && strncmp(value, "PG:", 3) != 0)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'to_db': a PostgreSQL connection string "
                       "starting with PG: (\"PG:dbname=... host=... user=...\"), got '%.3s...'",
                       value);
    if (strcmp(key, "formats") == 0 && lc_format_bit(value) == 0)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'formats': unknown format '%s' (known: gpkg "
                       "geojson shp fgb)", value);
    if (strcmp(key, "service_areas") == 0 && lc_service_areas_mode(value) < 0)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'service_areas': auto, whole, district or "
                       "none, got '%s'", value);
    if (strcmp(key, "csv_encoding") == 0 && lc_csv_encoding(value) < 0)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'csv_encoding': utf-8-bom, utf-8 or gbk, got "
                       "'%s'", value);
    if (strcmp(key, "nested") == 0 && lc_nested_mode_of(value) < 0)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'nested': both, outer or inner, got '%s'", value);
    if (strcmp(key, "decay") == 0 && strcmp(value, "none") != 0 && strcmp(value, "gauss") != 0)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'decay': '%s' is neither none nor gauss", value);
    if (strcmp(key, "categories") == 0 && !lc_catkey_valid(value))
        return bad_category(ctx, value);
    return LC_OK;
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
    lc_status st = check_value(ctx, s, key, value);
    if (st) return st;
    entry *e = find_entry(o, key);
    if (e && source < e->source) return LC_OK; /* a flag beats the config file */
    if (!e && !(e = add_entry(o, key))) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (s->kind != K_LIST || source > e->source) entry_clear_items(e);
    e->source = source;
    lc_free(e->joined);
    e->joined = NULL;
    if (lc_grow((void **)&e->items, &e->cap, e->n + 1, sizeof(char *)) != LC_OK ||
        !(e->items[e->n] = lc_strdup(value)))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    e->n++;
    return LC_OK;
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
    if (s->kind != K_LIST) return set_one(ctx, o, s, key, value, source);
    /* a list given as one value ("footway,cycleway"): one item per comma, blanks trimmed */
    size_t items = 0;
    lc_status st = LC_OK;
    for (const char *p = value; !st;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && isspace((unsigned char)*p)) p++, len--;
        while (len && isspace((unsigned char)p[len - 1])) len--;
        char *item = len ? lc_asprintf("%.*s", (int)len, p) : NULL;
        if (len && !item) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
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
    if (!e || !e->n) {
        const spec *s = find_spec(key);
        return s && !strchr(s->key, '<') ? s->def : NULL;
    }
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

/* A distance setting in metres within [lo, 100000] (lo excluded when `open_lo`); an unset
 * setting without default leaves *out alone. */
static lc_status get_distance(lc_ctx *ctx, const lc_options *o, const char *key, double lo,
                              bool open_lo, double *out)
{
    const char *v = lc_options_get(o, key, NULL);
    if (!v) return LC_OK;
    double d;
    if (!lc_parse_double(v, &d) || d < lo || (open_lo && d == lo) || d > 100000)
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': must be in %c%g, 100000] metres, got "
                       "'%s'", key, open_lo ? '(' : '[', lo, v);
    *out = d;
    return LC_OK;
}

static bool get_bool(const lc_options *o, const char *key)
{
    const char *b = lc_options_get(o, key, NULL);
    return b && (lc_streq_ci(b, "yes") || lc_streq_ci(b, "true"));
}

/* The walking-network settings. */
static lc_status resolve_network(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    s->network = lc_options_get(o, "network", NULL);
    s->network_srs = lc_options_get(o, "network_srs", NULL);
    if (!s->network_srs) s->network_srs = lc_options_get(o, "s_srs", NULL);
    s->network_where = lc_options_get(o, "network_where", NULL);
    s->entrances = lc_options_get(o, "entrances", NULL);
    s->entrances_srs = lc_options_get(o, "entrances_srs", NULL);
    if (!s->entrances_srs) s->entrances_srs = lc_options_get(o, "s_srs", NULL);
    s->entrance_field = lc_options_get(o, "entrance_field", NULL);
    s->node_intersections = get_bool(o, "node_intersections");
    s->per_facility = get_bool(o, "per_facility");
    lc_status st;
    if ((st = get_distance(ctx, o, "max_snap", 0, false, &s->max_snap_m)) ||
        (st = get_distance(ctx, o, "access_snap", 0, false, &s->access_snap_m)) ||
        (st = get_distance(ctx, o, "walk_buffer", 0, false, &s->walk_buffer_m)))
        return st;
    s->walk_highways = lc_options_list(o, "walk_highways", &s->nwalk_highways);
    s->walk_foot_values = lc_options_list(o, "walk_foot_values", &s->nwalk_foot_values);
    s->walk_access_excluded = lc_options_list(o, "walk_access_excluded",
                                              &s->nwalk_access_excluded);
    return LC_OK;
}

/* A number setting within [lo, hi]. */
static lc_status get_number(lc_ctx *ctx, const lc_options *o, const char *key, double lo,
                            double hi, double *out)
{
    const char *v = lc_options_get(o, key, NULL);
    if (!v) return LC_OK;
    if (!lc_parse_double(v, out) || *out < lo || *out > hi)
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': must be a number in [%g, %g], got '%s'",
                       key, lo, hi, v);
    return LC_OK;
}

/* The bundle settings. */
static lc_status resolve_bundles(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    static const char *const keys[] = {"filter", "gap", "barriers", "same_district",
                                       "size_field", "min_size", "max_size"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        lc_source src;
        lc_options_get(o, keys[i], &src);
        if (src != LC_SRC_DEFAULT) s->bundles_asked = true;
    }
    s->filter = lc_options_get(o, "filter", NULL);
    s->barriers = lc_options_get(o, "barriers", NULL);
    s->barriers_srs = lc_options_get(o, "barriers_srs", NULL);
    if (!s->barriers_srs) s->barriers_srs = lc_options_get(o, "s_srs", NULL);
    s->barriers_where = lc_options_get(o, "barriers_where", NULL);
    s->same_district = get_bool(o, "same_district");
    lc_source size_src;
    s->size_field = lc_options_get(o, "size_field", &size_src);
    /* not given: the households role's field, which --field households=户数 renames */
    if (size_src == LC_SRC_DEFAULT) s->size_field = s->field[LC_ROLE_HOUSEHOLDS];
    double seed = 1, restarts = 32;
    lc_status st;
    if ((st = get_distance(ctx, o, "gap", 0, false, &s->gap_m)) ||
        (st = get_number(ctx, o, "min_size", 1e-9, 1e15, &s->min_size)) ||
        (st = get_number(ctx, o, "max_size", 1e-9, 1e15, &s->max_size)) ||
        (st = get_number(ctx, o, "seed", 0, 9007199254740992.0, &seed)) ||
        (st = get_number(ctx, o, "restarts", 1, 1000, &restarts)) ||
        (st = get_number(ctx, o, "bundle_time_limit", 0, 1e6, &s->bundle_time_limit)))
        return st;
    if (s->max_size < s->min_size)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'max_size' (%g) is below 'min_size' (%g)",
                       s->max_size, s->min_size);
    s->seed = (uint64_t)seed;
    s->restarts = (int)restarts;
    return LC_OK;
}

/* The siting settings. */
static lc_status resolve_sites(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    s->site_category = lc_options_get(o, "site_category", NULL);
    s->candidates = lc_options_get(o, "candidates", NULL);
    s->candidates_srs = lc_options_get(o, "candidates_srs", NULL);
    if (!s->candidates_srs) s->candidates_srs = lc_options_get(o, "s_srs", NULL);
    s->candidates_where = lc_options_get(o, "candidates_where", NULL);
    s->weight_field = lc_options_get(o, "weight_field", NULL);
    s->cost_field = lc_options_get(o, "cost_field", NULL);
    s->capacity_field = lc_options_get(o, "capacity_field", NULL);
    s->split_demand = get_bool(o, "split_demand");
    double tier = 10, count = 0;
    lc_status st;
    if ((st = get_number(ctx, o, "site_tier", 5, 15, &tier)) ||
        (st = get_number(ctx, o, "site_count", 1, 1e6, &count)) ||
        (st = get_number(ctx, o, "site_target", 1e-9, 1, &s->site_target)) ||
        (st = get_number(ctx, o, "site_budget", 1e-9, 1e15, &s->site_budget)) ||
        (st = get_number(ctx, o, "site_time_limit", 0, 1e6, &s->site_time_limit)))
        return st;
    if (tier != 5 && tier != 10 && tier != 15)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'site_tier' (--tier) must be 5, 10 or 15");
    s->site_tier = (int)tier;
    s->site_count = (size_t)count;
    if (count != floor(count))
        return lc_fail(ctx, LC_ERR_ARG, "setting 'site_count' (--count) must be a whole number");
    if (!!s->site_count + (s->site_target > 0) + (s->site_budget > 0) > 1)
        return lc_fail(ctx, LC_ERR_ARG, "give one of --count, --target and --budget");
    if (s->site_budget > 0 && !s->cost_field) s->cost_field = "cost"; /* the usual name */
    if (s->site_budget > 0 && !s->candidates)
        return lc_fail(ctx, LC_ERR_ARG, "--budget needs candidate sites with a cost (--candidates "
                       "and --cost-field, default 'cost')");
    if (s->site_category && !lc_catkey_valid(s->site_category))
        return lc_fail(ctx, LC_ERR_ARG, "setting 'site_category': '%s' is not a category key",
                       s->site_category);
    if (!s->site_count && !(s->site_target > 0) && !(s->site_budget > 0)) s->site_count = 5;
    return LC_OK;
}

/* Capacity-aware access: the facility field, the decay, and every "capacity.", "demand."
 * and "norm." setting given (looked up per category by lc_settings_percat). */
static lc_status resolve_access(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    s->facility_capacity_field = lc_options_get(o, "facility_capacity_field", NULL);
    const char *decay = lc_options_get(o, "decay", NULL);
    s->decay_gauss = decay && !strcmp(decay, "gauss");
    static const char *const prefixes[] = {"capacity.", "demand.", "norm."};
    for (size_t i = 0; i < o->n; i++)
        for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
            if (strncmp(o->e[i].key, prefixes[p], strlen(prefixes[p])) || !o->e[i].n) continue;
            if (s->npercat == LC_MAX_PERCAT)
                return lc_fail(ctx, LC_ERR_ARG, "more than %d capacity/demand/norm settings",
                               LC_MAX_PERCAT);
            s->percat[s->npercat].key = o->e[i].key;
            s->percat[s->npercat++].value = o->e[i].items[0];
        }
    return LC_OK;
}

const char *lc_settings_percat(const lc_settings *s, const char *prefix, const char *catkey)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < s->npercat; i++) {
        const char *k = s->percat[i].key;
        if (!strncmp(k, prefix, n) && k[n] == '.' && !strcmp(k + n + 1, catkey))
            return s->percat[i].value;
    }
    return NULL;
}

/* A table's coordinate columns (estates_xy ...): one or two names. */
static lc_status get_xy(lc_ctx *ctx, const lc_options *o, const char *key,
                        const char *const **out, size_t *n)
{
    *out = lc_options_list(o, key, n);
    if (*n > 2)
        return lc_fail(ctx, LC_ERR_ARG, "setting '%s': one column (of \"lng,lat\" text) or two "
                       "(longitude, latitude), got %zu", key, *n);
    return LC_OK;
}

/* The coordinate columns of the four inputs that may be tables. */
static lc_status resolve_xy(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    lc_status st;
    if ((st = get_xy(ctx, o, "estates_xy", &s->estates_xy, &s->nestates_xy)) ||
        (st = get_xy(ctx, o, "facilities_xy", &s->facilities_xy, &s->nfacilities_xy)) ||
        (st = get_xy(ctx, o, "candidates_xy", &s->candidates_xy, &s->ncandidates_xy)) ||
        (st = get_xy(ctx, o, "entrances_xy", &s->entrances_xy, &s->nentrances_xy)))
        return st;
    s->s_srs = lc_options_get(o, "s_srs", NULL);
    return LC_OK;
}

lc_status lc_settings_resolve(lc_ctx *ctx, const lc_options *o, lc_settings *s)
{
    memset(s, 0, sizeof *s);
    s->estates = lc_options_get(o, "estates", NULL);
    s->facilities = lc_options_get(o, "facilities", NULL);
    s->facility_srcs = lc_options_list(o, "facilities", &s->nfacility_srcs);
    s->output = lc_options_get(o, "output", NULL);
    s->to_db = lc_options_get(o, "to_db", NULL);
    s->db_schema = lc_options_get(o, "db_schema", NULL);
    s->crs = lc_options_get(o, "crs", NULL);
    const char *both = lc_options_get(o, "s_srs", NULL);
    s->estates_srs = lc_options_get(o, "estates_srs", NULL);
    s->facilities_srs = lc_options_get(o, "facilities_srs", NULL);
    if (!s->estates_srs) s->estates_srs = both;
    if (!s->facilities_srs) s->facilities_srs = both;
    s->estates_where = lc_options_get(o, "estates_where", NULL);
    s->facilities_where = lc_options_get(o, "facilities_where", NULL);
    s->category_field = lc_options_get(o, "category_field", NULL);
    s->nested = lc_nested_mode_of(lc_options_get(o, "nested", NULL));
    for (int r = 0; r < LC_ROLE_COUNT; r++) {
        char key[32];
        snprintf(key, sizeof key, "field.%s", lc_role_names[r]);
        const char *v = lc_options_get(o, key, NULL);
        s->field[r] = v ? v : lc_role_names[r];
    }
    lc_status st;
    double r15 = 0;
    if ((st = get_distance(ctx, o, "r5", 0, true, &s->radius_m[0])) ||
        (st = get_distance(ctx, o, "r10", 0, true, &s->radius_m[1])) ||
        (st = get_distance(ctx, o, "r15", 0, true, &r15)))
        return st;
    s->tier_minutes[0] = 5;
    s->tier_minutes[1] = 10;
    s->tier_minutes[2] = 15;
    s->ntiers = r15 > 0 ? 3 : 2;
    s->radius_m[2] = r15;
    for (size_t t = 1; t < s->ntiers; t++)
        if (s->radius_m[t] < s->radius_m[t - 1])
            return lc_fail(ctx, LC_ERR_ARG, "radii must not decrease from tier to tier "
                           "(r5 <= r10 <= r15)");
    s->categories = lc_options_list(o, "categories", &s->ncategories);
    double q = 64;
    lc_parse_double(lc_options_get(o, "disc_quadsegs", NULL), &q);
    if (q < 8 || q > 1024)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'disc_quadsegs' must be in [8, 1024]");
    s->disc_quadsegs = (int)q;
    double th = 0;
    lc_parse_double(lc_options_get(o, "threads", NULL), &th);
    if (th < 0 || th > 256)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'threads' must be in [0, 256]");
    s->threads = (int)th;
    s->builtin_maps = get_bool(o, "builtin_maps");
    s->category_names = get_bool(o, "category_names");
    s->facility_name_field = lc_options_get(o, "facility_name_field", NULL);
    size_t nf;
    const char *const *fm = lc_options_list(o, "formats", &nf);
    s->formats = fm ? 0 : LC_FMT_GPKG | LC_FMT_GEOJSON | LC_FMT_SHP; /* unset: the default */
    for (size_t i = 0; fm && i < nf; i++) s->formats |= lc_format_bit(fm[i]);
    if (!s->formats)
        return lc_fail(ctx, LC_ERR_ARG, "setting 'formats' names no format (gpkg geojson shp fgb)");
    s->service_areas = lc_service_areas_mode(lc_options_get(o, "service_areas", NULL));
    const char *lang = lc_options_get(o, "lang", NULL);
    if (lang && !lc_streq_ci(lang, "zh") && !lc_streq_ci(lang, "en"))
        return lc_fail(ctx, LC_ERR_ARG, "setting 'lang': zh or en, got '%s'", lang);
    s->lang = lang && lc_streq_ci(lang, "en");
    s->encoding = lc_options_get(o, "encoding", NULL);
    s->csv_encoding = lc_csv_encoding(lc_options_get(o, "csv_encoding", NULL));
    s->strict = get_bool(o, "strict");
    if ((st = resolve_bundles(ctx, o, s)) || (st = resolve_sites(ctx, o, s)) ||
        (st = resolve_access(ctx, o, s)) || (st = resolve_xy(ctx, o, s)))
        return st;
    return resolve_network(ctx, o, s);
}
