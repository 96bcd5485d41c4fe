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
    assert_float_equal(s.radius_m[0], 300, 0);
    assert_float_equal(s.radius_m[1], 500, 0);
    assert_int_equal(s.ntiers, 2);
    assert_string_equal(s.category_field, "category");
    assert_string_equal(s.field[LC_ROLE_HOUSEHOLDS], "households");
    assert_true(s.builtin_maps);
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
    assert_int_equal(lc_options_set(ctx, o, "r10", "-5", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_ERR_ARG);
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
    assert_string_equal(s.estates, "小区.gpkg:estates");
    assert_float_equal(s.radius_m[0], 250, 0);
    assert_int_equal(s.ntiers, 3);
    assert_float_equal(s.radius_m[2], 1000, 0);
    assert_int_equal(s.ncategories, 2);
    assert_string_equal(s.field[LC_ROLE_HOUSEHOLDS], "户数");
    assert_string_equal(s.field[LC_ROLE_DISTRICT], "街道");
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
    assert_string_equal(s.site_category, "elder");
    assert_int_equal(s.site_tier, 5);
    assert_int_equal(s.site_count, 0); /* a target instead of a count */
    assert_true(s.site_target == 0.8);
    assert_true(s.min_size == 500 && s.max_size == 900 && s.same_district && s.bundles_asked);
    assert_int_equal(lc_options_set(ctx, o, "site_count", "3", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_ERR_ARG); /* count and target */
    lc_options_destroy(o);
    o = lc_options_create();
    assert_int_equal(lc_options_set(ctx, o, "min_size", "900", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "max_size", "500", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "below 'min_size'"));
    assert_int_equal(lc_options_set(ctx, o, "site_tier", "7", LC_SRC_FLAG), LC_OK);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_gb50180),
        cmocka_unit_test(bad_values_rejected),
        cmocka_unit_test(flags_beat_config),
        cmocka_unit_test(yaml_config),
        cmocka_unit_test(yaml_errors_name_line),
        cmocka_unit_test(field_names_fit_dbf),
        cmocka_unit_test(site_and_bundle_settings),
    };
    return cmocka_run_group_tests_name("options", tests, lc_test_ctx_setup,
                                       lc_test_ctx_teardown);
}
