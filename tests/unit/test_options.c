/* test_options.c — settings: defaults, validation, provenance, the YAML config file, and
 * the DBF field-name limit of computed fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lc_test.h"
#include "core/options.h"
#include "pipeline/outputs.h"

static void defaults_are_gb50180(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_float_equal(s.cover.radius_m[0], 300, 0);
    assert_float_equal(s.cover.radius_m[1], 500, 0);
    assert_int_equal(s.cover.ntiers, 2);
    assert_string_equal(s.in.category_field, "category");
    assert_string_equal(s.in.field[LC_ROLE_HOUSEHOLDS], "households");
    assert_true(s.in.builtin_maps);
    lc_source src;
    assert_string_equal(lc_options_get(o, "r5", &src), "300");
    assert_int_equal(src, LC_SRC_DEFAULT);
    lc_options_destroy(o);
}

static void bad_values_rejected(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_set(ctx, o, "r5", "abc", LC_SRC_FLAG), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "r5"));
    assert_int_equal(lc_options_set(ctx, o, "nonsense", "1", LC_SRC_FLAG), LC_ERR_ARG);
    assert_int_equal(lc_options_set(ctx, o, "map.toolong", "x", LC_SRC_FLAG), LC_ERR_ARG);
    assert_int_equal(lc_options_set(ctx, o, "map.Elder", "x", LC_SRC_FLAG), LC_ERR_ARG);
    assert_int_equal(lc_options_set(ctx, o, "field.nope", "x", LC_SRC_FLAG), LC_ERR_ARG);
    assert_int_equal(lc_options_set(ctx, o, "categories", "elder,x-y", LC_SRC_FLAG), LC_ERR_ARG);
    lc_settings s;
    assert_int_equal(lc_options_set(ctx, o, "r10", "200", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_ERR_ARG); /* r10 < r5 */
    /* bounds and allowed values are checked when a value is set, from the table */
    assert_int_equal(lc_options_set(ctx, o, "r10", "-5", LC_SRC_FLAG), LC_ERR_ARG);
    assert_string_equal(lc_ctx_errmsg(ctx),
                        "setting 'r10': must be a number in (0, 100000] metres, got '-5'");
    assert_int_equal(lc_options_set(ctx, o, "r5", "0", LC_SRC_CONFIG), LC_ERR_ARG);
    assert_int_equal(lc_options_set(ctx, o, "max_snap", "0", LC_SRC_FLAG), LC_OK); /* [0, */
    assert_int_equal(lc_options_set(ctx, o, "restarts", "2.5", LC_SRC_FLAG), LC_ERR_ARG);
    assert_string_equal(lc_ctx_errmsg(ctx), "setting 'restarts': must be a whole number, got '2.5'");
    assert_int_equal(lc_options_set(ctx, o, "restarts", "1001", LC_SRC_FLAG), LC_ERR_ARG);
    assert_string_equal(lc_ctx_errmsg(ctx),
                        "setting 'restarts': must be a whole number in [1, 1000], got '1001'");
    assert_int_equal(lc_options_set(ctx, o, "site_tier", "7", LC_SRC_FLAG), LC_ERR_ARG);
    assert_string_equal(lc_ctx_errmsg(ctx), "setting 'site_tier': must be one of 5, 10 or 15, got '7'");
    assert_int_equal(lc_options_set(ctx, o, "site_tier", "15", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "norm.elder", "-1", LC_SRC_FLAG), LC_ERR_ARG);
    assert_string_equal(lc_ctx_errmsg(ctx), "setting 'norm.elder': must be a number >= 0, got '-1'");
    assert_int_equal(lc_options_set(ctx, o, "nested", "Outer", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "decay", "linear", LC_SRC_FLAG), LC_ERR_ARG);
    assert_string_equal(lc_ctx_errmsg(ctx), "setting 'decay': none or gauss, got 'linear'");
    assert_int_equal(lc_options_set(ctx, o, "r10", "600", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(s.in.nested, LC_NESTED_OUTER);
    assert_int_equal(s.site.tier, 15);
    assert_true(s.walk.max_snap_m == 0);
    lc_options_destroy(o);
}

/* The settings table: every default passes its own check and is what the typed view holds
 * when nothing is set; each setting has a stage, and numbers say their bounds. */
static void table_defaults_and_stages(void **state)
{
    lc_ctx *ctx = *state;
    const char *key, *def, *help;
    size_t n = 0;
    for (size_t i = 0; lc_options_describe(i, &key, &def, &help); i++, n++) {
        const char *stage = lc_options_stage(i);
        assert_non_null(stage);
        assert_non_null(strstr(" input cover walk access bundle site output run compare ", stage));
        assert_true(help[0] != '\0');
        if (!def || strchr(key, '<')) continue;
        lc_options *o = lc_options_create();
        if (lc_options_set(ctx, o, key, def, LC_SRC_CONFIG) != LC_OK)
            fail_msg("the default of %s ('%s') fails its check: %s", key, def, lc_ctx_errmsg(ctx));
        assert_string_equal(lc_options_get(o, key, NULL), def);
        lc_options_destroy(o);
    }
    assert_null(lc_options_stage(n));
    char buf[128];
    assert_null(lc_options_allowed(n, buf, sizeof buf));
    for (size_t i = 0; i < n; i++) {
        lc_options_describe(i, &key, &def, &help);
        lc_options_allowed(i, buf, sizeof buf);
        if (!strcmp(key, "r5")) assert_string_equal(buf, "(0, 100000] metres");
        if (!strcmp(key, "disc_quadsegs")) assert_string_equal(buf, "[8, 1024]");
        if (!strcmp(key, "service_areas")) assert_string_equal(buf, "whole, district, none or auto");
        if (!strcmp(key, "estates")) assert_string_equal(buf, "");
        if (!strcmp(key, "r5")) assert_string_equal(lc_options_stage(i), "cover");
        if (!strcmp(key, "gap")) assert_string_equal(lc_options_stage(i), "bundle");
    }
    /* the defaults as the typed view holds them */
    lc_options *o = lc_options_create();
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_true(s.cover.radius_m[0] == 300 && s.cover.radius_m[1] == 500 && s.cover.ntiers == 2);
    assert_int_equal(s.cover.disc_quadsegs, 64);
    assert_true(s.walk.max_snap_m == 200 && s.walk.access_snap_m == 30);
    assert_true(s.walk.walk_buffer_m == 50);
    assert_true(s.bundle.gap_m == 25 && s.bundle.min_size == 1000 && s.bundle.max_size == 3000);
    assert_true(s.bundle.seed == 1 && s.bundle.restarts == 32 && s.bundle.time_limit == 30);
    assert_true(s.site.tier == 10 && s.site.count == 5 && s.site.time_limit == 30);
    assert_int_equal(s.out.formats, LC_FMT_GPKG | LC_FMT_GEOJSON | LC_FMT_SHP);
    assert_int_equal(s.out.service_areas, LC_SA_AUTO);
    assert_int_equal(s.out.csv_encoding, LC_CSV_BOM);
    assert_int_equal(s.out.lang, 0);
    assert_string_equal(s.out.dir, "lifecircle-out");
    assert_string_equal(s.walk.entrance_field, "estate_id");
    assert_string_equal(s.access.facility_capacity_field, "capacity");
    assert_int_equal(s.access.decay, 0);
    assert_true(s.in.builtin_maps && s.in.category_names && !s.strict && s.threads == 0);
    assert_string_equal(s.in.estates.name, "estates");
    assert_string_equal(s.site.candidates.name, "candidates");
    lc_options_destroy(o);
}

static void flags_beat_config(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_set(ctx, o, "r5", "250", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "r5", "200", LC_SRC_CONFIG), LC_OK);
    lc_source src;
    assert_string_equal(lc_options_get(o, "r5", &src), "250");
    assert_int_equal(src, LC_SRC_FLAG);
    /* lists: config items are replaced by the first flag item */
    assert_int_equal(lc_options_set(ctx, o, "categories", "elder", LC_SRC_CONFIG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "categories", "kgdn,child", LC_SRC_FLAG), LC_OK);
    assert_string_equal(lc_options_get(o, "categories", NULL), "kgdn,child");
    lc_options_destroy(o);
}

static char *write_temp(const char *text)
{
    char *path = strdup("/tmp/lc-config-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void yaml_config(void **state)
{
    lc_ctx *ctx = *state;
    char *path = write_temp("# lifecircle config\n"
                            "estates: 小区.gpkg:estates\n"
                            "r5: 250\n"
                            "r15: 1000\n"
                            "categories: [elder, kgdn]\n"
                            "field:\n  households: 户数\n  district: 街道\n"
                            "map:\n  elder: [老年服务站, 颐养中心]\n  kgdn: 学前班\n");
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_load_file(ctx, o, path), LC_OK);
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_string_equal(s.in.estates.src, "小区.gpkg:estates");
    assert_float_equal(s.cover.radius_m[0], 250, 0);
    assert_int_equal(s.cover.ntiers, 3);
    assert_float_equal(s.cover.radius_m[2], 1000, 0);
    assert_int_equal(s.in.categories.n, 2);
    assert_string_equal(s.in.field[LC_ROLE_HOUSEHOLDS], "户数");
    assert_string_equal(s.in.field[LC_ROLE_DISTRICT], "街道");
    size_t n;
    const char *const *raws = lc_options_list(o, "map.elder", &n);
    assert_int_equal(n, 2);
    assert_string_equal(raws[1], "颐养中心");
    lc_source src;
    lc_options_get(o, "r5", &src);
    assert_int_equal(src, LC_SRC_CONFIG);
    lc_options_destroy(o);
    unlink(path);
    free(path);
}

static void yaml_errors_name_line(void **state)
{
    lc_ctx *ctx = *state;
    char *path = write_temp("estates: a.gpkg\nr5: [1, 2\n");
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_load_file(ctx, o, path), LC_ERR_CONFIG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), path));
    unlink(path);
    free(path);
    path = write_temp("estates: a.gpkg\n\nr10: lots\n");
    assert_int_equal(lc_options_load_file(ctx, o, path), LC_ERR_CONFIG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), ":3:")); /* line of the bad value */
    unlink(path);
    free(path);
    assert_int_equal(lc_options_load_file(ctx, o, "/nonexistent/x.yaml"), LC_ERR_IO);
    lc_options_destroy(o);
}

/* Category keys are at most 6 characters (clinic) so every computed field, the longest
 * being key + "_c15", fits a 10-byte DBF name without truncation. */
/* A `site:` block and the bundle/site settings resolve, with their checks. */
static void site_and_bundle_settings(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    static const char yaml[] = "site:\n  category: elder\n  tier: 5\n  target: 0.8\n"
                               "min_size: 500\nmax_size: 900\nsame_district: yes\n";
    assert_int_equal(lc_options_load_string(ctx, o, yaml, sizeof yaml - 1, "t.yaml"), LC_OK);
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_string_equal(s.site.category, "elder");
    assert_int_equal(s.site.tier, 5);
    assert_int_equal(s.site.count, 0); /* a target instead of a count */
    assert_true(s.site.target == 0.8);
    assert_true(s.bundle.min_size == 500 && s.bundle.max_size == 900 && s.bundle.same_district && s.bundle.asked);
    assert_int_equal(lc_options_set(ctx, o, "site_count", "3", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_ERR_ARG); /* count and target */
    lc_options_destroy(o);
    o = lc_options_create();
    assert_int_equal(lc_options_set(ctx, o, "min_size", "900", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "max_size", "500", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "below 'min_size'"));
    lc_options_destroy(o);
}

static void field_names_fit_dbf(void **state)
{
    (void)state;
    char buf[32];
    const int minutes[] = {5, 10, 15};
    for (size_t i = 0; i < 3; i++) {
        lc_cover_field_name(buf, sizeof buf, "abcdef", 'c', minutes[i]);
        assert_true(strlen(buf) <= 10);
        lc_cover_field_name(buf, sizeof buf, "abcdef", 'g', minutes[i]);
        assert_true(strlen(buf) <= 10);
    }
    lc_cover_field_name(buf, sizeof buf, "kgdn", 'c', 10);
    assert_string_equal(buf, "kgdn_c10");
    lc_cover_field_name(buf, sizeof buf, "elder", 'd', 0);
    assert_string_equal(buf, "elder_d");
    lc_cover_field_name(buf, sizeof buf, "clinic", 'c', 15);
    assert_string_equal(buf, "clinic_c15");
    assert_true(lc_catkey_valid("clinic"));
    assert_false(lc_catkey_valid("clinics")); /* 7: clinics_c15 would need 11 bytes */
    assert_true(lc_catkey_valid("elder"));
    assert_false(lc_catkey_valid("1abc"));
}

/* Every list setting: a flag's value splits on commas (blanks trimmed), a YAML list gives one
 * item per entry, taken whole. */
static const char *const LISTS[][3] = {
    /* key, a flag value, the second item it holds */
    {"categories", "cafe, food", "food"},
    {"walk_highways", "footway,cycleway", "cycleway"},
    {"walk_foot_values", "yes ,designated", "designated"},
    {"walk_access_excluded", "private,customers", "customers"},
    {"map.cafe", "咖啡馆,amenity=cafe", "amenity=cafe"},
};

static void list_flags_split_on_commas(void **state)
{
    lc_ctx *ctx = *state;
    for (size_t i = 0; i < sizeof LISTS / sizeof *LISTS; i++) {
        lc_options *o = lc_options_create();
        assert_int_equal(lc_options_set(ctx, o, LISTS[i][0], LISTS[i][1], LC_SRC_FLAG), LC_OK);
        size_t n;
        const char *const *items = lc_options_list(o, LISTS[i][0], &n);
        if (n != 2) fail_msg("%s = '%s': %zu items, expected 2", LISTS[i][0], LISTS[i][1], n);
        assert_string_equal(items[1], LISTS[i][2]);
        assert_null(strchr(items[0], ',')), assert_null(strchr(items[0], ' '));
        /* a second flag appends; the record joins the items with ',' */
        assert_int_equal(lc_options_set(ctx, o, LISTS[i][0], "z9", LC_SRC_FLAG), LC_OK);
        lc_options_list(o, LISTS[i][0], &n);
        assert_int_equal(n, 3);
        /* nothing but commas names no item */
        assert_int_equal(lc_options_set(ctx, o, LISTS[i][0], " , ", LC_SRC_FLAG), LC_ERR_ARG);
        assert_non_null(strstr(lc_ctx_errmsg(ctx), "names no item"));
        lc_options_destroy(o);
    }
}

static void list_settings_from_yaml(void **state)
{
    lc_ctx *ctx = *state;
    for (size_t i = 0; i < sizeof LISTS / sizeof *LISTS; i++) {
        const char *key = LISTS[i][0], *dot = strchr(key, '.');
        char yaml[256], flow[128];
        snprintf(flow, sizeof flow, "[%s]", LISTS[i][1]);
        /* a YAML list; "map.cafe" is written as the mapping map: {cafe: [...]} */
        if (dot) snprintf(yaml, sizeof yaml, "%.*s:\n  %s: %s\n", (int)(dot - key), key, dot + 1, flow);
        else snprintf(yaml, sizeof yaml, "%s: %s\n", key, flow);
        lc_options *o = lc_options_create();
        assert_int_equal(lc_options_load_string(ctx, o, yaml, strlen(yaml), "t.yaml"), LC_OK);
        size_t n;
        const char *const *items = lc_options_list(o, key, &n);
        if (n != 2) fail_msg("%s: %zu items, expected 2", yaml, n);
        assert_string_equal(items[1], LISTS[i][2]);
        lc_source src;
        lc_options_get(o, key, &src);
        assert_int_equal(src, LC_SRC_CONFIG);
        /* a plain YAML value splits like the flag */
        if (dot) snprintf(yaml, sizeof yaml, "%.*s:\n  %s: \"%s\"\n", (int)(dot - key), key, dot + 1,
                          LISTS[i][1]);
        else snprintf(yaml, sizeof yaml, "%s: \"%s\"\n", key, LISTS[i][1]);
        lc_options_destroy(o);
        o = lc_options_create();
        assert_int_equal(lc_options_load_string(ctx, o, yaml, strlen(yaml), "t.yaml"), LC_OK);
        lc_options_list(o, key, &n);
        if (n != 2) fail_msg("%s: %zu items, expected 2", yaml, n);
        lc_options_destroy(o);
    }
    /* an item of a YAML list is taken whole, commas and all */
    static const char map[] = "map:\n  shop: [\"便利店, 24h\", 超市]\n";
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_load_string(ctx, o, map, sizeof map - 1, "t.yaml"), LC_OK);
    size_t n;
    const char *const *raws = lc_options_list(o, "map.shop", &n);
    assert_int_equal(n, 2);
    assert_string_equal(raws[0], "便利店, 24h");
    lc_options_destroy(o);
}

/* The walking lists reach lc_settings; walk_foot_required is gone with a pointer to the rule. */
static void walking_lists_resolve(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(s.walk.walk_highways.n, 18); /* unset: the table's default, as items */
    assert_string_equal(s.walk.walk_highways.items[17], "primary_link");
    assert_non_null(strstr(LC_WALK_HIGHWAYS, ",secondary_link,primary,primary_link"));
    assert_string_equal(lc_options_get(o, "walk_foot_values", NULL), LC_WALK_FOOT_VALUES);
    assert_string_equal(lc_options_get(o, "walk_access_excluded", NULL), "private,no");
    assert_int_equal(lc_options_set(ctx, o, "walk_highways", "footway,cycleway", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "walk_foot_values", "yes", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "walk_access_excluded", "private,no,customers",
                                    LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(s.walk.walk_highways.n, 2);
    assert_string_equal(s.walk.walk_highways.items[1], "cycleway");
    assert_int_equal(s.walk.walk_foot_values.n, 1);
    assert_int_equal(s.walk.walk_access_excluded.n, 3);
    assert_string_equal(s.walk.walk_access_excluded.items[2], "customers");
    assert_int_equal(lc_options_set(ctx, o, "walk_foot_required", "trunk", LC_SRC_FLAG), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "was removed"));
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "walk_foot_values"));
    lc_options_destroy(o);
}

/* A `categories` item that cannot be a key says how to evaluate that raw value anyway. */
static void long_category_names_explained(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_set(ctx, o, "categories", "cafe,restaurant", LC_SRC_FLAG),
                     LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "--categories restau --map restau=restaurant"));
    assert_int_equal(lc_options_set(ctx, o, "categories", "Bank", LC_SRC_FLAG), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "write it 'bank'"));
    lc_options_destroy(o);
}

/* formats and service_areas: the defaults, every name, bad names refused, auto settled at
 * its threshold. */
static void formats_and_service_areas(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_set(ctx, o, "estates", "e.geojson", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "facilities", "f.geojson", LC_SRC_FLAG), LC_OK);
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(s.out.formats, LC_FMT_GPKG | LC_FMT_GEOJSON | LC_FMT_SHP);
    assert_int_equal(s.out.service_areas, LC_SA_AUTO);
    assert_int_equal(lc_options_set(ctx, o, "formats", "fgb,GPKG", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "service_areas", "district", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(s.out.formats, LC_FMT_GPKG | LC_FMT_FGB);
    assert_int_equal(s.out.service_areas, LC_SA_DISTRICT);
    assert_int_equal(lc_options_set(ctx, o, "formats", "gpkg,kml", LC_SRC_FLAG), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "gpkg, geojson, shp or fgb, got 'kml'"));
    assert_int_equal(lc_options_set(ctx, o, "service_areas", "some", LC_SRC_FLAG), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "whole, district, none or auto, got 'some'"));
    assert_int_equal(lc_service_areas_for(LC_SA_AUTO, LC_SA_AUTO_MAX), LC_SA_WHOLE);
    assert_int_equal(lc_service_areas_for(LC_SA_AUTO, LC_SA_AUTO_MAX + 1), LC_SA_NONE);
    assert_int_equal(lc_service_areas_for(LC_SA_WHOLE, 10 * LC_SA_AUTO_MAX), LC_SA_WHOLE);
    assert_int_equal(lc_service_areas_for(LC_SA_DISTRICT, 3), LC_SA_DISTRICT);
    assert_int_equal(lc_service_areas_for(LC_SA_NONE, 3), LC_SA_NONE);
    lc_options_destroy(o);
}

/* Records of the parameters: key → value and source. */
typedef struct {
    char size_field[64], size_src[16];
} seen_params;

static lc_status see_param(const char *key, const char *value, lc_source source, void *ud)
{
    seen_params *p = ud;
    if (!strcmp(key, "size_field")) {
        snprintf(p->size_field, sizeof p->size_field, "%s", value ? value : "(null)");
        snprintf(p->size_src, sizeof p->size_src, "%s", lc_source_name(source));
    }
    return LC_OK;
}

/* The bundle size is the households role's field unless --size-field names one: a role
 * renamed with --field households=户数 renames the default, in the settings and in what
 * run.json and the report record; csv_encoding's names. */
static void size_field_follows_households_role(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    lc_settings s;
    seen_params p;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_string_equal(s.bundle.size_field, "households");
    assert_int_equal(lc_options_set(ctx, o, "field.households", "户数", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_string_equal(s.bundle.size_field, "户数");
    assert_false(s.bundle.asked); /* still a default: bundles only when the field is there */
    assert_int_equal(lc_options_each_param(o, see_param, &p), LC_OK);
    assert_string_equal(p.size_field, "户数");
    assert_string_equal(p.size_src, "default");
    /* a size field given wins over the role, from the config file as from a flag */
    assert_int_equal(lc_options_set(ctx, o, "size_field", "套数", LC_SRC_CONFIG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_string_equal(s.bundle.size_field, "套数");
    assert_int_equal(lc_options_each_param(o, see_param, &p), LC_OK);
    assert_string_equal(p.size_field, "套数");
    assert_string_equal(p.size_src, "config");
    /* the weight of siting stays unset (siting reads the demand role's field) */
    assert_null(s.site.weight_field);
    /* csv_encoding */
    assert_int_equal(s.out.csv_encoding, LC_CSV_BOM);
    assert_int_equal(lc_options_set(ctx, o, "csv_encoding", "GBK", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(s.out.csv_encoding, LC_CSV_GBK);
    assert_int_equal(lc_options_set(ctx, o, "csv_encoding", "utf-8", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(s.out.csv_encoding, LC_CSV_UTF8);
    assert_int_equal(lc_options_set(ctx, o, "csv_encoding", "big5", LC_SRC_FLAG), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "utf-8-bom, utf-8 or gbk, got 'big5'"));
    lc_options_destroy(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_gb50180),
        cmocka_unit_test(table_defaults_and_stages),
        cmocka_unit_test(bad_values_rejected),
        cmocka_unit_test(flags_beat_config),
        cmocka_unit_test(yaml_config),
        cmocka_unit_test(yaml_errors_name_line),
        cmocka_unit_test(field_names_fit_dbf),
        cmocka_unit_test(site_and_bundle_settings),
        cmocka_unit_test(list_flags_split_on_commas),
        cmocka_unit_test(list_settings_from_yaml),
        cmocka_unit_test(walking_lists_resolve),
        cmocka_unit_test(long_category_names_explained),
        cmocka_unit_test(formats_and_service_areas),
        cmocka_unit_test(size_field_follows_households_role),
    };
    return cmocka_run_group_tests_name("options", tests, lc_test_ctx_setup,
                                       lc_test_ctx_teardown);
}
