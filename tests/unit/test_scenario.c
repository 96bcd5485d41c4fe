/* test_scenario.c — the scenario file of `compare`: every key read back, relative paths made
 * absolute from the file's folder, each error naming the scenario, the line, the key and the
 * value, the name's rules and the check of several names side by side. Files are written in
 * a scratch folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lc_scratch.h"
#include "io/io.h"
#include "scenario/scenario.h"

/* The path of `name` in the scratch folder (one of four buffers). */
static const char *at_tmp(const char *name)
{
    static char p[4][512];
    static int which;
    which = (which + 1) % 4;
    snprintf(p[which], sizeof p[which], "%s/%s", tmpdir, name);
    return p[which];
}

/* Load `text` as if it were the file `name` of the scratch folder; the log cleared first. */
static lc_status load_text(lc_ctx *ctx, const char *name, const char *text, lc_scenario **s)
{
    logbuf[0] = '\0';
    return lc_scenario_load_string(ctx, text, strlen(text), at_tmp(name), s);
}

/* `text` must fail with `st` and the message `want` (printf-style: %1$s stands for the
 * scratch folder). */
static void fails(lc_ctx *ctx, const char *text, lc_status st, const char *want)
{
    char expect[2048];
    lc_scenario *s = (lc_scenario *)&s; /* must be set to NULL */
    snprintf(expect, sizeof expect, want, tmpdir);
    lc_status got = load_text(ctx, "a.yaml", text, &s);
    if (got != st || strcmp(lc_ctx_errmsg(ctx), expect))
        fail_msg("for:\n%s\ngot %d '%s'\nwant %d '%s'", text, got, lc_ctx_errmsg(ctx), st, expect);
    assert_null(s);
}

static int setup(void **state)
{
    if (lc_scratch_setup(state, "/tmp/lc-scenario-XXXXXX", LC_LOG_INFO)) return -1;
    lc_scratch_write("new_sites.geojson", "{}");
    lc_scratch_write("net.gpkg", "");
    lc_scratch_write("gates.geojson", "{}");
    return 0;
}

static void every_key_read_back(void **state)
{
    lc_ctx *ctx = *state;
    const char *path = lc_scratch_write("a.yaml",
        "name: 方案A\n"
        "add_facilities: new_sites.geojson\n"
        "remove_facilities: [F12, 40]\n"
        "capacity: {F7: 120, 8: 0.5, F9: 0}\n"
        "add_network: net.gpkg:paths\n"
        "close_network:\n"
        "  - way/123\n"
        "  - 456\n"
        "add_entrances: ./gates.geojson\n");
    lc_scenario *s = NULL;
    logbuf[0] = '\0';
    assert_int_equal(lc_scenario_load(ctx, path, &s), LC_OK);
    assert_string_equal(s->name, "方案A");
    assert_string_equal(s->path, path);
    assert_string_equal(s->add_facilities, at_tmp("new_sites.geojson"));
    assert_int_equal(s->nremove, 2);
    assert_string_equal(s->remove_facilities[0], "F12");
    assert_string_equal(s->remove_facilities[1], "40");
    assert_int_equal(s->ncapacity, 3);
    assert_string_equal(s->capacity[0].id, "F7");
    assert_float_equal(s->capacity[0].places, 120, 0);
    assert_string_equal(s->capacity[1].id, "8");
    assert_float_equal(s->capacity[1].places, 0.5, 0);
    assert_string_equal(s->capacity[2].id, "F9");
    assert_float_equal(s->capacity[2].places, 0, 0);
    assert_string_equal(s->add_network, at_tmp("net.gpkg:paths")); /* the layer kept */
    assert_int_equal(s->nclose, 2);
    assert_string_equal(s->close_network[0], "way/123");
    assert_string_equal(s->close_network[1], "456");
    assert_string_equal(s->add_entrances, at_tmp("gates.geojson"));
    assert_string_equal(logbuf, ""); /* no warning */
    lc_scenario_destroy(s);
    lc_scenario_destroy(NULL);
}

static void one_id_absolute_and_virtual_paths(void **state)
{
    lc_ctx *ctx = *state;
    char text[1024];
    snprintf(text, sizeof text,
             "remove_facilities: 40\n"
             "close_network: \"way/7\"\n"
             "add_facilities: %s/new_sites.geojson\n"
             "add_network: /vsizip/nowhere.zip/paths.shp\n"
             "add_entrances: 'PG:dbname=plan host=x:gates'\n",
             tmpdir);
    lc_scenario *s = NULL;
    assert_int_equal(load_text(ctx, "b.yaml", text, &s), LC_OK);
    assert_int_equal(s->nremove, 1);
    assert_string_equal(s->remove_facilities[0], "40");
    assert_int_equal(s->nclose, 1);
    assert_string_equal(s->close_network[0], "way/7");
    assert_string_equal(s->add_facilities, at_tmp("new_sites.geojson"));
    assert_string_equal(s->add_network, "/vsizip/nowhere.zip/paths.shp"); /* not checked */
    assert_string_equal(s->add_entrances, "PG:dbname=plan host=x:gates");
    lc_scenario_destroy(s);
}

/* What is no file path: neither checked nor anchored. */
static void virtual_specs(void **state)
{
    (void)state;
    assert_true(lc_io_spec_is_virtual("/vsimem/x.geojson"));
    assert_true(lc_io_spec_is_virtual("/vsizip/a.zip/b.shp"));
    assert_true(lc_io_spec_is_virtual("https://example.org/sites.geojson"));
    assert_true(lc_io_spec_is_virtual("PG:dbname=plan"));
    assert_true(lc_io_spec_is_virtual("pg:dbname=plan")); /* GDAL's prefixes ignore case */
    assert_true(lc_io_spec_is_virtual("MySQL:plan,user=x"));
    assert_false(lc_io_spec_is_virtual("new_sites.geojson"));
    assert_false(lc_io_spec_is_virtual("new_sites.gpkg:sites"));
    assert_false(lc_io_spec_is_virtual("C:\\data\\sites.gpkg")); /* a drive letter */
    assert_false(lc_io_spec_is_virtual("sites:layer"));              /* no driver's prefix */
    assert_false(lc_io_spec_is_virtual("/data/sites.geojson"));
}

/* A relative scenario path: its folder made absolute from the working folder. */
static void relative_file_anchored_in_working_folder(void **state)
{
    lc_ctx *ctx = *state;
    char old[4096], cwd[4096];
    assert_non_null(getcwd(old, sizeof old));
    lc_scratch_write("sub_c.yaml", "add_facilities: new_sites.geojson\n");
    assert_int_equal(chdir(tmpdir), 0);
    assert_non_null(getcwd(cwd, sizeof cwd));
    lc_scenario *s = NULL;
    lc_status st = lc_scenario_load(ctx, "./sub_c.yaml", &s);
    assert_int_equal(chdir(old), 0);
    assert_int_equal(st, LC_OK);
    assert_string_equal(s->name, "sub_c");
    char want[4200];
    snprintf(want, sizeof want, "%s/new_sites.geojson", cwd);
    assert_string_equal(s->add_facilities, want);
    lc_scenario_destroy(s);
}

static void missing_files(void **state)
{
    lc_ctx *ctx = *state;
    lc_scenario *s = (lc_scenario *)&s;
    assert_int_equal(lc_scenario_load(ctx, at_tmp("nope.yaml"), &s), LC_ERR_IO);
    assert_null(s);
    char want[600];
    snprintf(want, sizeof want, "scenario file '%s/nope.yaml' cannot be opened: No such file "
             "or directory", tmpdir);
    assert_string_equal(lc_ctx_errmsg(ctx), want);
    fails(ctx, "name: 方案A\n\nadd_facilities: new_sites2.geojson\n", LC_ERR_IO,
          "scenario '方案A' (%1$s/a.yaml:3): add_facilities: 'new_sites2.geojson' not found "
          "(looked for %1$s/new_sites2.geojson)");
    fails(ctx, "add_network: net2.gpkg:paths\n", LC_ERR_IO,
          "scenario 'a' (%1$s/a.yaml:1): add_network: 'net2.gpkg:paths' not found "
          "(looked for %1$s/net2.gpkg:paths and %1$s/net2.gpkg)");
    fails(ctx, "add_entrances: /no/such/gates.geojson\nname: X\n", LC_ERR_IO,
          "scenario 'X' (%1$s/a.yaml:1): add_entrances: '/no/such/gates.geojson' not found "
          "(looked for /no/such/gates.geojson)");
}

static void unknown_and_repeated_keys(void **state)
{
    lc_ctx *ctx = *state;
    fails(ctx, "name: 方案A\nadd_facility: new_sites.geojson\n", LC_ERR_CONFIG,
          "scenario %1$s/a.yaml:2: 'add_facility' is no key of a scenario file (the keys: name, "
          "add_facilities, remove_facilities, capacity, add_network, close_network, "
          "add_entrances)");
    fails(ctx, "name: A\nname: B\n", LC_ERR_CONFIG,
          "scenario %1$s/a.yaml:2: name: given twice (first on line 1)");
    fails(ctx, "- a\n- b\n", LC_ERR_CONFIG,
          "scenario %1$s/a.yaml:1: the top level must be a mapping of keys (name, "
          "add_facilities, remove_facilities, capacity, add_network, close_network, "
          "add_entrances)");
    fails(ctx, "name: \xb7\xbd\xb0\xb8\n", LC_ERR_CONFIG, /* 方案 in GBK */
          "scenario %1$s/a.yaml: not UTF-8 text (invalid leading UTF-8 octet at byte 6): save "
          "the file as UTF-8");
    fails(ctx, "name: [\n", LC_ERR_CONFIG,
          "scenario %1$s/a.yaml:2:1: did not find expected node content while parsing a flow "
          "node");
}

static void values_of_the_wrong_shape(void **state)
{
    lc_ctx *ctx = *state;
    /* the name is read first, so an error before it in the file names the scenario */
    fails(ctx, "add_facilities: [new_sites.geojson]\nname: 方案A\n", LC_ERR_CONFIG,
          "scenario '方案A' (%1$s/a.yaml:1): add_facilities: got a list, expected one path "
          "(SRC or SRC:LAYER)");
    fails(ctx, "add_network: {a: b}\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): add_network: got a mapping, expected one path (SRC or "
          "SRC:LAYER)");
    fails(ctx, "add_entrances: \"\"\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): add_entrances: an empty path");
    fails(ctx, "remove_facilities: {F1: 2}\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): remove_facilities: got a mapping, expected ids (one, "
          "or a list of them)");
    fails(ctx, "close_network: [way/1, [way/2]]\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): close_network: got a list among the ids, expected ids "
          "(one, or a list of them)");
    fails(ctx, "remove_facilities: [F1, '']\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): remove_facilities: an empty id");
    fails(ctx, "capacity: [F7, 120]\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): capacity: got a list, expected facility ids with their "
          "places ({F7: 120})");
    fails(ctx, "capacity:\n  F7: -3\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:2): capacity: F7: '-3' is not a number >= 0");
    fails(ctx, "capacity: {F7: many}\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): capacity: F7: 'many' is not a number >= 0");
    fails(ctx, "capacity: {F7: .nan}\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): capacity: F7: '.nan' is not a number >= 0");
    fails(ctx, "capacity: {F7: [1]}\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): capacity: F7: got a list, expected a number >= 0");
    fails(ctx, "name: {a: 1}\n", LC_ERR_CONFIG,
          "scenario %1$s/a.yaml:1: name: got a mapping, expected one name");
    fails(ctx, "name: \"a\\0b\"\n", LC_ERR_CONFIG,
          "scenario %1$s/a.yaml:1: name: 'a...' holds a NUL character");
}

static void ids_given_twice(void **state)
{
    lc_ctx *ctx = *state;
    fails(ctx, "name: X\nremove_facilities:\n  - F1\n  - F2\n  - 40\n  - F1\n  - 40\n",
          LC_ERR_CONFIG,
          "scenario 'X' (%1$s/a.yaml:6): remove_facilities: 'F1' given twice (first on line 3)");
    fails(ctx, "close_network: [way/1, 2, '2']\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:1): close_network: '2' given twice (first on line 1)");
    fails(ctx, "capacity:\n  F7: 1\n  F8: 2\n  F7: 3\n", LC_ERR_CONFIG,
          "scenario 'a' (%1$s/a.yaml:4): capacity: 'F7' given twice (first on line 2)");
}

static void names_that_cannot_be_folders(void **state)
{
    lc_ctx *ctx = *state;
    static const struct { const char *yaml, *shown, *why; } bad[] = {
        {"\"\"", "", "it is empty"},
        {"\".\"", ".", "'.' and '..' name other folders"},
        {"\"..\"", "..", "'.' and '..' name other folders"},
        {"\"a\\x01b\"", "a\\x01b", "it holds a control character"},
        {"\"a\\tb\"", "a\\x09b", "it holds a control character"},
        {"a/b", "a/b", "it holds '/', which no folder's name on Windows may"},
        {"'a\\b'", "a\\b", "it holds '\\', which no folder's name on Windows may"},
        {"'a:b'", "a:b", "it holds ':', which no folder's name on Windows may"},
        {"a*b", "a*b", "it holds '*', which no folder's name on Windows may"},
        {"a?b", "a?b", "it holds '?', which no folder's name on Windows may"},
        {"'a\"b'", "a\"b", "it holds '\"', which no folder's name on Windows may"},
        {"a<b", "a<b", "it holds '<', which no folder's name on Windows may"},
        {"a>b", "a>b", "it holds '>', which no folder's name on Windows may"},
        {"a|b", "a|b", "it holds '|', which no folder's name on Windows may"},
        {"方案.", "方案.", "it ends in a dot or a space, which Windows drops"},
        {"'方案 '", "方案 ", "it ends in a dot or a space, which Windows drops"},
        {"CON", "CON", "it is a device name on Windows"},
        {"com1.txt", "com1.txt", "it is a device name on Windows"},
        {"Lpt9", "Lpt9", "it is a device name on Windows"},
        {"baseline", "baseline", "'baseline' is the folder of the plain run"},
        {"BaseLine", "BaseLine", "'baseline' is the folder of the plain run"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[128], want[512];
        snprintf(text, sizeof text, "name: %s\nremove_facilities: F1\n", bad[i].yaml);
        snprintf(want, sizeof want, "scenario %%1$s/a.yaml:1: name: '%s' cannot be a folder's "
                 "name: %s", bad[i].shown, bad[i].why);
        fails(ctx, text, LC_ERR_CONFIG, want);
    }
    char x256[257], text[400], want[700];
    memset(x256, 'x', 256);
    x256[256] = '\0';
    snprintf(text, sizeof text, "name: %s\n", x256);
    snprintf(want, sizeof want, "scenario %%1$s/a.yaml:1: name: '%s' cannot be a folder's name: "
             "it is longer than 255 bytes", x256);
    fails(ctx, text, LC_ERR_CONFIG, want);
    /* 255 bytes, 85 characters of three bytes: a folder's name still */
    char cjk[300] = "name: ";
    for (int i = 0; i < 85; i++) strcat(cjk, "方");
    strcat(cjk, "\nremove_facilities: F1\n");
    lc_scenario *s = NULL;
    assert_int_equal(load_text(ctx, "a.yaml", cjk, &s), LC_OK);
    assert_int_equal(strlen(s->name), 255);
    lc_scenario_destroy(s);
}

static void name_from_the_file(void **state)
{
    lc_ctx *ctx = *state;
    lc_scenario *s = NULL;
    assert_int_equal(load_text(ctx, "方案B.yaml", "remove_facilities: F1\n", &s), LC_OK);
    assert_string_equal(s->name, "方案B");
    lc_scenario_destroy(s);
    assert_int_equal(load_text(ctx, "plan.v2.yml", "remove_facilities: F1\n", &s), LC_OK);
    assert_string_equal(s->name, "plan.v2");
    lc_scenario_destroy(s);
    assert_int_equal(load_text(ctx, "plan", "name:\nremove_facilities: F1\n", &s), LC_OK);
    assert_string_equal(s->name, "plan"); /* no value: as if absent */
    lc_scenario_destroy(s);
    char want[600];
    assert_int_equal(load_text(ctx, "Baseline.yaml", "remove_facilities: F1\n", &s),
                     LC_ERR_CONFIG);
    assert_null(s);
    snprintf(want, sizeof want, "scenario %s/Baseline.yaml: name: 'Baseline' (from the file's "
             "name) cannot be a folder's name: 'baseline' is the folder of the plain run; give "
             "one with 'name:'", tmpdir);
    assert_string_equal(lc_ctx_errmsg(ctx), want);
    /* a file name that is not UTF-8, shown escaped */
    assert_int_equal(load_text(ctx, "\xff\xfe.yaml", "remove_facilities: F1\n", &s),
                     LC_ERR_CONFIG);
    snprintf(want, sizeof want, "scenario %s/\xff\xfe.yaml: name: '\\xFF\\xFE' (from the file's "
             "name) cannot be a folder's name: it is not valid UTF-8; give one with 'name:'",
             tmpdir);
    assert_string_equal(lc_ctx_errmsg(ctx), want);
}

static void no_edit_is_the_baseline_with_a_warning(void **state)
{
    lc_ctx *ctx = *state;
    lc_scenario *s = NULL;
    char want[600];
    assert_int_equal(load_text(ctx, "same.yaml", "name: 方案C\nadd_network:\n"
                               "remove_facilities: []\n", &s), LC_OK);
    snprintf(want, sizeof want, "scenario '方案C' (%s/same.yaml): no edit at all: its results "
             "are the baseline's\n", tmpdir);
    assert_string_equal(logbuf, want);
    assert_null(s->add_network);
    assert_int_equal(s->nremove, 0);
    lc_scenario_destroy(s);
    assert_int_equal(load_text(ctx, "empty.yaml", "", &s), LC_OK); /* an empty file too */
    assert_string_equal(s->name, "empty");
    assert_non_null(strstr(logbuf, "no edit at all"));
    lc_scenario_destroy(s);
}

static void names_side_by_side(void **state)
{
    lc_ctx *ctx = *state;
    lc_scenario *s[4] = {0};
    assert_int_equal(load_text(ctx, "p1.yaml", "name: 方案A\nremove_facilities: F1\n", &s[0]), 0);
    assert_int_equal(load_text(ctx, "p2.yaml", "name: 方案B\nremove_facilities: F1\n", &s[1]), 0);
    assert_int_equal(load_text(ctx, "p3.yaml", "name: Plan\nremove_facilities: F1\n", &s[2]), 0);
    assert_int_equal(load_text(ctx, "p4.yaml", "name: 方案A\nremove_facilities: F2\n", &s[3]), 0);
    assert_int_equal(lc_scenarios_check_names(ctx, s, 0), LC_OK);
    assert_int_equal(lc_scenarios_check_names(ctx, s, 3), LC_OK);
    char want[700];
    assert_int_equal(lc_scenarios_check_names(ctx, s, 4), LC_ERR_ARG);
    snprintf(want, sizeof want, "scenarios %s/p1.yaml and %s/p4.yaml have the same name "
             "'方案A': each needs an output folder of its own", tmpdir, tmpdir);
    assert_string_equal(lc_ctx_errmsg(ctx), want);
    lc_scenario_destroy(s[3]);
    assert_int_equal(load_text(ctx, "p4.yaml", "name: PLAN\nremove_facilities: F2\n", &s[3]), 0);
    lc_scenario *rev[4] = {s[3], s[2], s[1], s[0]};
    assert_int_equal(lc_scenarios_check_names(ctx, rev, 4), LC_ERR_ARG);
    snprintf(want, sizeof want, "scenarios 'PLAN' (%s/p4.yaml) and 'Plan' (%s/p3.yaml): "
             "names that differ only in case are one folder on Windows and macOS", tmpdir,
             tmpdir);
    assert_string_equal(lc_ctx_errmsg(ctx), want);
    /* a name set by a program, not read from a file */
    char *keep = s[1]->name;
    s[1]->name = (char *)"Baseline";
    assert_int_equal(lc_scenarios_check_names(ctx, s, 3), LC_ERR_ARG);
    snprintf(want, sizeof want, "scenario %s/p2.yaml: name 'Baseline' cannot be a folder's "
             "name: 'baseline' is the folder of the plain run", tmpdir);
    assert_string_equal(lc_ctx_errmsg(ctx), want);
    s[1]->name = keep;
    for (int i = 0; i < 4; i++) lc_scenario_destroy(s[i]);
}

/* Every allocation failing in turn: an error, never a crash or a leak (ASan). */
static void out_of_memory(void **state)
{
    lc_ctx *ctx = *state;
    const char *text = "name: 方案A\nadd_facilities: new_sites.geojson\n"
                       "remove_facilities: [F12, 40]\ncapacity: {F7: 120}\n"
                       "close_network: [way/1]\n";
    size_t n = 1;
    for (;; n++) {
        lc_scenario *s = NULL;
        lc_alloc_fail_after(n);
        lc_status st = load_text(ctx, "m.yaml", text, &s);
        lc_alloc_fail_after(0);
        lc_scenario_destroy(s);
        if (st == LC_OK) break;
        assert_int_equal(st, LC_ERR_NOMEM);
        assert_true(n < 200);
    }
    assert_true(n > 10); /* the scenario's strings and arrays were all failed once */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_key_read_back),
        cmocka_unit_test(one_id_absolute_and_virtual_paths),
        cmocka_unit_test(virtual_specs),
        cmocka_unit_test(relative_file_anchored_in_working_folder),
        cmocka_unit_test(missing_files),
        cmocka_unit_test(unknown_and_repeated_keys),
        cmocka_unit_test(values_of_the_wrong_shape),
        cmocka_unit_test(ids_given_twice),
        cmocka_unit_test(names_that_cannot_be_folders),
        cmocka_unit_test(name_from_the_file),
        cmocka_unit_test(no_edit_is_the_baseline_with_a_warning),
        cmocka_unit_test(names_side_by_side),
        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests_name("scenario", tests, setup, lc_scratch_teardown);
}
