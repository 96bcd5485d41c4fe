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

/** Typed, validated view of lc_options. Strings are borrowed from the options. */
typedef struct lc_settings {
    const char *estates, *facilities, *output; /* facilities: the sources joined by ',' */
    const char *const *facility_srcs;  /* the facility sources, SRC[:LAYER] each */
    size_t nfacility_srcs;
    const char *to_db;                /* "PG:..." connection: the layers also go there, NULL: no */
    const char *db_schema;            /* schema of to_db holding them */
    const char *crs;                  /* working CRS, NULL: UTM zone of the data centre */
    const char *estates_srs, *facilities_srs; /* source CRS override or GCJ02/BD09 */
    const char *estates_where, *facilities_where;
    /* coordinate columns of tables (estates_xy ...): one ("lng,lat" text) or two names
     * (longitude, latitude); NULL: recognised by name */
    const char *const *estates_xy, *const *facilities_xy, *const *candidates_xy,
        *const *entrances_xy;
    size_t nestates_xy, nfacilities_xy, ncandidates_xy, nentrances_xy;
    const char *s_srs;                /* s_srs: a *_srs that is this pointer came from it */
    const char *category_field;
    int nested;                       /* lc_nested_mode: which nested estates are kept */
    const char *field[LC_ROLE_COUNT];
    size_t ntiers;                    /* 2 or 3 */
    double radius_m[LC_MAX_TIERS];    /* r5, r10[, r15] in metres */
    int tier_minutes[LC_MAX_TIERS];   /* 5, 10, 15: used in field names k_c5 ... */
    const char *const *categories;    /* explicit --categories, or NULL: all found */
    size_t ncategories;
    int disc_quadsegs;                /* segments per quarter circle of drawn discs */
    int threads;                      /* worker threads, 0: one per online core */
    unsigned formats;                 /* LC_FMT_* bits: the file formats written */
    int service_areas;                /* lc_sa_mode; auto is settled by the run (run.c) */
    bool builtin_maps;                /* use the built-in category mappings */
    bool category_names;              /* the name rule (model/catnames.h) */
    const char *facility_name_field;  /* NULL: name, 名称 or 名字 */
    /* walking network (all NULL/0 when no network is given) */
    const char *network, *network_srs, *network_where;
    const char *entrances, *entrances_srs, *entrance_field;
    bool node_intersections;
    bool per_facility;
    double max_snap_m, access_snap_m, walk_buffer_m;
    const char *const *walk_highways;   /* NULL: LC_WALK_HIGHWAYS */
    size_t nwalk_highways;
    const char *const *walk_foot_values; /* NULL: LC_WALK_FOOT_VALUES */
    size_t nwalk_foot_values;
    const char *const *walk_access_excluded; /* NULL: LC_WALK_ACCESS_EXCLUDED */
    size_t nwalk_access_excluded;
    /* bundles */
    bool bundles_asked;               /* a bundle setting was given explicitly */
    const char *filter;               /* OGR SQL WHERE of eligible estates, NULL: all */
    const char *barriers, *barriers_srs, *barriers_where;
    bool same_district;
    const char *size_field;           /* not given: field[LC_ROLE_HOUSEHOLDS] */
    double gap_m, min_size, max_size;
    uint64_t seed;
    int restarts;
    double bundle_time_limit;         /* s the exact bundle step may take; 0: heuristic only */
    /* siting; site_category NULL: no siting */
    const char *site_category;
    int site_tier;                    /* 5, 10 or 15 */
    size_t site_count;                /* 0: not given */
    double site_target, site_budget;  /* 0: not given */
    double site_time_limit;           /* s the exact siting solver may take; 0: heuristic only */
    const char *candidates, *candidates_srs, *candidates_where;
    const char *weight_field, *cost_field, *capacity_field;
    bool split_demand;                /* capacities: estates' weight may be split across sites */
    /* capacity-aware access (2SFCA) */
    const char *facility_capacity_field;
    bool decay_gauss;                 /* Gaussian distance decay (else none) */
    struct { const char *key, *value; } percat[LC_MAX_PERCAT]; /* "norm.elder" = "35" ... */
    size_t npercat;
    int lang;                         /* 0 zh, 1 en (lc_lang) */
    const char *encoding;             /* Shapefile DBF encoding when the file names none */
    int csv_encoding;                 /* lc_csv_encoding: summary.csv's text encoding */
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
/** The bit of a format name (gpkg, geojson, shp, fgb; any case), 0 when unknown. */
unsigned lc_format_bit(const char *name);

/** What the `service_areas` setting asks for; auto is whole up to LC_SA_AUTO_MAX estates,
 *  else none (a country's city-wide areas are tens of millions of vertices: minutes of
 *  GeoJSON that no map draws; user guide, Big runs). */
typedef enum lc_sa_mode { LC_SA_WHOLE = 0, LC_SA_DISTRICT, LC_SA_NONE, LC_SA_AUTO } lc_sa_mode;
#define LC_SA_AUTO_MAX 100000
/** The mode named `value` (whole, district, none, auto; any case); NULL gives the default
 *  (auto), an unknown name -1. */
int lc_service_areas_mode(const char *value);
/** The name of a mode (static text), as the setting spells it. */
const char *lc_service_areas_name(int mode);
/** The mode a run of `nest` estates uses for `mode` (auto settled, the others as they are). */
int lc_service_areas_for(int mode, size_t nest);

/** The `csv_encoding` setting: UTF-8 after a byte-order mark (Excel reads it as UTF-8),
 *  UTF-8 without it, or GB18030 (GBK's bytes for GBK's characters). */
enum { LC_CSV_BOM = 0, LC_CSV_UTF8, LC_CSV_GBK };
/** The encoding named `value` (utf-8-bom, utf-8, gbk; any case); NULL gives the default
 *  (utf-8-bom), an unknown name -1. */
int lc_csv_encoding(const char *value);
/** Which estates the `nested` setting keeps where one lies inside another (user guide, Nested
 *  estates): every one, those inside no other, or those holding no other. */
typedef enum lc_nested_mode { LC_NESTED_BOTH = 0, LC_NESTED_OUTER, LC_NESTED_INNER } lc_nested_mode;
/** The mode named `value` (both, outer, inner; any case); NULL gives the default (both), an
 *  unknown name -1. */
int lc_nested_mode_of(const char *value);
/** The name of a mode (static text), as the setting spells it. */
const char *lc_nested_mode_name(int mode);

/** The value of setting "<prefix>.<catkey>" (prefix "capacity", "demand" or "norm"), NULL
 *  when not given. */
const char *lc_settings_percat(const lc_settings *s, const char *prefix, const char *catkey);

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
