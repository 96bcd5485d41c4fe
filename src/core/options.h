/*
 * options.h — the settings of a run: a table of known keys (one place for defaults and
 * help), values from defaults/config/flags with their source, and the typed view
 * (lc_settings) the rest of the engine reads.
 */
#ifndef LC_OPTIONS_H
#define LC_OPTIONS_H

#include "core.h"

/** Estate attribute roles; each maps to an input field name ("field.<role>" setting). */
typedef enum lc_role {
    LC_ROLE_ID = 0,
    LC_ROLE_NAME,
    LC_ROLE_BUILD_YEAR,
    LC_ROLE_HOUSEHOLDS,
    LC_ROLE_POPULATION,
    LC_ROLE_ELDERLY,
    LC_ROLE_CHILDREN,
    LC_ROLE_DISTRICT,
    LC_ROLE_COUNT
} lc_role;

/** Role names as used in settings ("field.households") and default field names. */
extern const char *const lc_role_names[LC_ROLE_COUNT];

#define LC_MAX_TIERS 3
#define LC_MAX_PERCAT 64 /* capacity.<key>, demand.<key> and norm.<key> settings in all */
#define LC_CATKEY_MAX 6 /* key + the longest suffix ("_c15", 4) fits a 10-byte DBF name */

/* ---- the typed view, one group per stage ------------------------------------------- */

/** A list setting's items (borrowed from the options; a list with a default holds the
 *  default's items when not given). */
typedef struct lc_list {
    const char *const *items;
    size_t n;
} lc_list;

/** One input layer: where it is and how it is read (`<name>`, `<name>_srs`, `<name>_where`,
 *  `<name>_xy`). */
typedef struct lc_layer_settings {
    const char *name;     /* "estates", "facilities", "network", "entrances", "barriers",
                             "candidates": as the settings and messages name the input */
    const char *src;      /* SRC[:LAYER]; NULL: not given (facilities: the sources joined) */
    const char *srs;      /* source CRS override or GCJ02/BD09: <name>_srs, else s_srs */
    bool srs_shared;      /* srs is s_srs, given for all inputs */
    const char *where;    /* OGR SQL attribute filter, NULL: none */
    lc_list xy;           /* a table's coordinate columns (one "lng,lat" or two), none: by name */
} lc_layer_settings;

/** What the loaders read (model/): the estates and facilities and how their fields and
 *  categories are found. */
typedef struct lc_input_settings {
    lc_layer_settings estates, facilities;
    lc_list facility_srcs;            /* the facility sources, SRC[:LAYER] each */
    const char *crs;                  /* working CRS, NULL: by the data's centre (geom/crs.c) */
    const char *s_srs;                /* given for every input */
    const char *field[LC_ROLE_COUNT]; /* the estate field of each role */
    int nested;                       /* lc_nested_mode: which nested estates are kept */
    const char *encoding;             /* Shapefile DBF encoding when the file names none */
    const char *category_field;       /* facility field holding the raw category */
    lc_list categories;               /* explicit --categories, none: all found */
    bool builtin_maps;                /* use the built-in category mappings */
    bool category_names;              /* the name rule (model/catnames.h) */
    const char *facility_name_field;  /* NULL: name, 名称 or 名字 */
} lc_input_settings;

/** The living-circle tiers and straight-line coverage (cover/). */
typedef struct lc_cover_settings {
    size_t ntiers;                    /* 2 or 3 */
    double radius_m[LC_MAX_TIERS];    /* r5, r10[, r15] in metres */
    int tier_minutes[LC_MAX_TIERS];   /* 5, 10, 15: used in field names k_c5 ... */
    int disc_quadsegs;                /* segments per quarter circle of drawn discs */
} lc_cover_settings;

/** The walking network and walking coverage (model/network.c, cover/walk*.c). */
typedef struct lc_walk_settings {
    lc_layer_settings network;        /* src NULL: no walking run */
    lc_layer_settings entrances;      /* estate gates */
    const char *entrance_field;       /* entrance field holding the estate id */
    bool node_intersections;
    bool per_facility;
    double max_snap_m, access_snap_m, walk_buffer_m;
    lc_list walk_highways, walk_foot_values, walk_access_excluded; /* the walkability rule */
} lc_walk_settings;

/** Capacity-aware access, 2SFCA (cover/access.c) and the priority's demand roles. */
typedef struct lc_access_settings {
    const char *facility_capacity_field;
    int decay;                        /* 0 none (2SFCA), 1 Gaussian (E2SFCA): lc_decay */
    struct { const char *key, *value; } percat[LC_MAX_PERCAT]; /* "norm.elder" = "35" ... */
    size_t npercat;
} lc_access_settings;

/** Bundles (bundle/, model/bundle_inputs.c). */
typedef struct lc_bundle_settings {
    bool asked;                       /* a bundle setting was given explicitly */
    const char *filter;               /* OGR SQL WHERE of eligible estates, NULL: all */
    lc_layer_settings barriers;
    bool same_district;
    const char *size_field;           /* not given: the households role's field */
    double gap_m, min_size, max_size;
    uint64_t seed;
    int restarts;
    double time_limit;                /* s the exact bundle step may take; 0: heuristic only */
} lc_bundle_settings;

/** Siting (site/, model/site_inputs.c); category NULL: no siting. */
typedef struct lc_site_settings {
    const char *category;
    int tier;                         /* 5, 10 or 15 */
    size_t count;                     /* settled: 5 without target or budget */
    double target, budget;            /* 0: not given */
    double time_limit;                /* s the exact siting solver may take; 0: heuristic only */
    lc_layer_settings candidates;
    const char *weight_field, *cost_field, *capacity_field;
    bool split_demand;                /* capacities: estates' weight may be split across sites */
} lc_site_settings;

/** What is written and where (pipeline/, report/). */
typedef struct lc_output_settings {
    const char *dir;                  /* the output directory */
    const char *to_db;                /* "PG:..." connection: the layers also go there, NULL: no */
    const char *db_schema;            /* schema of to_db holding them */
    unsigned formats;                 /* LC_FMT_* bits: the file formats written */
    unsigned scenario_formats;        /* those of each scenario's folder (compare) */
    int service_areas;                /* lc_sa_mode: which service-area layers are computed;
                                         auto is settled by the run (run.c) */
    int lang;                         /* 0 zh, 1 en (lc_lang) */
    int csv_encoding;                 /* lc_csv_encoding: summary.csv's text encoding */
    bool no_gaps_csv;                 /* gaps.csv left out: a scenario's folder (compare), whose
                                         gaps its report.html lists; no setting */
} lc_output_settings;

/** Typed, validated view of lc_options, one group per stage: each stage is handed its group
 *  (and, where it needs one, another's read-only). Strings are borrowed from the options. */
typedef struct lc_settings {
    lc_input_settings in;
    lc_cover_settings cover;
    lc_walk_settings walk;
    lc_access_settings access;
    lc_bundle_settings bundle;
    lc_site_settings site;
    lc_output_settings out;
    int threads;                      /* worker threads, 0: one per online core */
    bool strict;                      /* warnings are errors */
} lc_settings;

/** The walkability rule's lists (user guide, Which ways are walkable),
 *  comma-separated: highway values walkable without a foot tag (trunk and motorway are
 *  not: they are walkable only through foot); foot values that make any way walkable;
 *  access values that exclude a way unless its foot value allows it. */
#define LC_WALK_HIGHWAYS "footway,path,pedestrian,steps,living_street,residential,service," \
                         "unclassified,track,corridor,elevator,platform,tertiary,tertiary_link," \
                         "secondary,secondary_link,primary,primary_link"
#define LC_WALK_FOOT_VALUES "yes,designated,permissive"
#define LC_WALK_ACCESS_EXCLUDED "private,no"

/** File formats of the `formats` setting, as bits. */
enum { LC_FMT_GPKG = 1, LC_FMT_GEOJSON = 2, LC_FMT_SHP = 4, LC_FMT_FGB = 8 };

/** What the `service_areas` setting asks for; auto is whole up to LC_SA_AUTO_MAX estates,
 *  else none (a country's city-wide areas are tens of millions of vertices: minutes of
 *  GeoJSON that no map draws; user guide, Big runs). */
typedef enum lc_sa_mode { LC_SA_WHOLE = 0, LC_SA_DISTRICT, LC_SA_NONE, LC_SA_AUTO } lc_sa_mode;
#define LC_SA_AUTO_MAX 100000
/** The name of a mode (static text), as the setting spells it. */
const char *lc_service_areas_name(int mode);
/** The mode a run of `nest` estates uses for `mode` (auto settled, the others as they are). */
int lc_service_areas_for(int mode, size_t nest);

/** The `csv_encoding` setting: UTF-8 after a byte-order mark (Excel reads it as UTF-8),
 *  UTF-8 without it, or GB18030 (GBK's bytes for GBK's characters). */
enum { LC_CSV_BOM = 0, LC_CSV_UTF8, LC_CSV_GBK };
/** Which estates the `nested` setting keeps where one lies inside another (user guide, Nested
 *  estates): every one, those inside no other, or those holding no other. */
typedef enum lc_nested_mode { LC_NESTED_BOTH = 0, LC_NESTED_OUTER, LC_NESTED_INNER } lc_nested_mode;
/** The name of a mode (static text), as the setting spells it. */
const char *lc_nested_mode_name(int mode);

/** The value of setting "<prefix>.<catkey>" (prefix "capacity", "demand" or "norm"), NULL
 *  when not given. */
const char *lc_settings_percat(const lc_access_settings *s, const char *prefix,
                               const char *catkey);

/** Validate `opts` and fill `out`. LC_ERR_ARG naming the setting when a value is bad. */
lc_status lc_settings_resolve(lc_ctx *ctx, const lc_options *opts, lc_settings *out);

/** Visit every parameter of a run, for the records people read (run.json, the report):
 *  each fixed key in the table's order with its value (NULL when unset and without
 *  default; list items joined by ',') and source, then each "field.<role>" / "map.<key>"
 *  setting given, in the order it was set. A default that follows a role's field
 *  (size_field: field.households) is the renamed field when that role is renamed. */
typedef lc_status (*lc_param_visit_fn)(const char *key, const char *value, lc_source source,
                                       void *ud);
lc_status lc_options_each_param(const lc_options *opts, lc_param_visit_fn fn, void *ud);

/** "default", "config" or "flag". */
const char *lc_source_name(lc_source source);

/** lc_options_load_file on text in memory (`name` stands for the file in messages). */
lc_status lc_options_load_string(lc_ctx *ctx, lc_options *opts, const char *text, size_t len,
                                 const char *name);

/** lc_options_set for one item of a list as it is, commas and all (a YAML list's item);
 *  lc_options_set splits a list setting's value on commas. */
lc_status lc_options_set_item(lc_ctx *ctx, lc_options *opts, const char *key, const char *value,
                              lc_source source);

/** Items of a list setting (borrowed), count in *out_n; NULL when unset. */
const char *const *lc_options_list(const lc_options *opts, const char *key, size_t *out_n);

/** Visit every "map.<key>" setting: fn(key, raw values, count, ud). */
typedef lc_status (*lc_map_visit_fn)(const char *catkey, const char *const *raws, size_t n,
                                     void *ud);
lc_status lc_options_each_map(const lc_options *opts, lc_map_visit_fn fn, void *ud);
/** The same for every "<prefix>.<key>" list setting ("names": the name rule's words). */
lc_status lc_options_each_prefixed(const lc_options *opts, const char *prefix,
                                   lc_map_visit_fn fn, void *ud);

/** true when `key` is a valid category key: 1..LC_CATKEY_MAX (6) chars of [a-z0-9], starting with a letter. */
bool lc_catkey_valid(const char *key);

#endif
