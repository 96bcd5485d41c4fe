/*
 * e2e_cli.c — The command line: re-runs, errors, config files and options, bad input (one check per
 * row of the user guide's table), staging and a full disk.
 */
#include "e2e.h"

/* ------------------------------------------------------------------------------------ */
/* Re-runs, errors, config, options                                                     */
/* ------------------------------------------------------------------------------------ */

static ino_t inode_of(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return sb.st_ino;
}

void test_rerun_same_dir(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "rerun");
    assert_int_equal(run_sample(out, "--quiet", NULL, NULL, NULL), 0);
    ino_t before = inode_of(path_in(out, "lifecircle.gpkg"));
    int rc = run_sample(out, "--quiet", NULL, NULL, NULL);
    if (rc != 0) fail_msg("re-run exited %d:\n%s", rc, g_log);
    assert_true(inode_of(path_in(out, "lifecircle.gpkg")) != before); /* replaced, not edited */
    assert_int_equal(count_layer(path_in(out, "estates.geojson"), NULL), SAMPLE_ESTATES);
    assert_int_equal(count_layer(path_in(out, "estates.shp"), NULL), SAMPLE_ESTATES);
    assert_int_equal(count_layer(path_in(out, "lifecircle.gpkg"), "estates"), SAMPLE_ESTATES);
    assert_int_equal(count_layer(path_in(out, "lifecircle.gpkg"), "facilities"), SAMPLE_FACILITIES);
    assert_int_equal(count_layer(path_in(out, "lifecircle.gpkg"), "service_areas"), NCATS * 2);
    assert_int_equal(count_entries_with_prefix(out, ".lifecircle-staging-"), 0);
    assert_int_equal(count_entries_with_prefix(E.out, ".lifecircle-staging-"), 0);
}

void test_output_is_a_file(void **state)
{
    (void)state;
    char file[PATHLEN];
    tmp_path(file, "plain-file");
    write_file(file, "not a directory\n");
    assert_int_equal(run_sample(file, NULL, NULL, NULL, NULL), 2);
    assert_contains(g_log, "not a directory");
    char buf[64];
    assert_true(read_file(file, buf, sizeof buf) > 0);
    assert_string_equal(buf, "not a directory\n"); /* left alone */
}

void test_missing_estates(void **state)
{
    (void)state;
    char missing[PATHLEN];
    tmp_path(missing, "no-such-estates.geojson");
    char out[PATHLEN];
    tmp_path(out, "missing-out");
    int rc = run_cli("coverage", "--estates", missing, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "-o", out, (const char *)NULL);
    assert_int_equal(rc, 3);
    assert_contains(g_log, missing);
    assert_false(file_exists(path_in(out, "lifecircle.gpkg")));
}

void test_geographic_crs_rejected(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "crs4326");
    assert_int_equal(run_sample(out, "--crs", "EPSG:4326", NULL, NULL), 5);
    assert_contains(g_log, "not a projected CRS");
    assert_false(file_exists(path_in(out, "estates.geojson")));
}

/* YAML config with absolute-or-relative paths as given by LC_DATA. */
static const char *write_config(void)
{
    static char cfg[PATHLEN];
    tmp_path(cfg, "config.yaml");
    char text[3 * PATHLEN];
    snprintf(text, sizeof text,
             "# lifecircle e2e config\n"
             "estates: \"%s\"\n"
             "facilities: \"%s\"\n"
             "facilities_srs: GCJ02\n"
             "r5: 250\n"
             "categories: [elder, kgdn]\n",
             E.estates, E.facilities);
    write_file(cfg, text);
    return cfg;
}

/* Radius of tier `tier` of category `cat` in the service_areas layer. */
static double service_radius(const char *dir, const char *cat, int tier)
{
    vlayer v = open_layer(path_in(dir, "lifecircle.gpkg"), "service_areas");
    double r = -1.0;
    OGRFeatureH f;
    OGR_L_ResetReading(v.lyr);
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        const char *c = get_str(f, "category");
        if (c && !strcmp(c, cat) && get_int(f, "tier") == tier) r = get_double(f, "radius_m");
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    if (r < 0) fail_msg("%s: no service area %s/%d", dir, cat, tier);
    return r;
}

void test_config_file(void **state)
{
    (void)state;
    const char *cfg = write_config();
    char out[PATHLEN];
    tmp_path(out, "config-out");
    int rc = run_cli("coverage", "--config", cfg, "-o", out, "--quiet", (const char *)NULL);
    if (rc != 0) fail_msg("config run exited %d:\n%s", rc, g_log);

    static const char *const cats[] = {"elder", "kgdn"};
    static const char *const tiers[] = {"5", "10"};
    for (size_t o = 0; o < NOUTPUTS; o++) {
        vlayer v = open_output(out, &ESTATE_OUTPUTS[o]);
        assert_coverage_fields(v.lyr, cats, 2, tiers, 2, ESTATE_OUTPUTS[o].file);
        assert_false(has_field(v.lyr, "child_d"));
        assert_false(has_field(v.lyr, "clinic_d"));
        assert_false(has_field(v.lyr, "child_c5"));
        assert_int_equal(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(v.lyr)), SAMPLE_FIELDS_IN + 10 + 1); /* + priority */
        OGRFeatureH s2 = find_feature(v.lyr, "id", "S2");
        assert_int_equal(get_int(s2, "kgdn_g5"), 0); /* 200 m < 250 m */
        assert_near(get_double(s2, "kgdn_c5"), s2_kgdn_share(250.0), 1e-4);
        OGR_F_Destroy(s2);
        close_layer(&v);
    }
    assert_int_equal(count_layer(path_in(out, "lifecircle.gpkg"), "service_areas"), 4);
    assert_near(service_radius(out, "kgdn", 5), 250.0, 1e-9);
    assert_near(service_radius(out, "kgdn", 10), 500.0, 1e-9);
}

void test_flag_beats_config(void **state)
{
    (void)state;
    const char *cfg = write_config();
    char out[PATHLEN];
    tmp_path(out, "config-flag-out");
    int rc = run_cli("coverage", "--config", cfg, "--r5", "150", "-o", out, "--quiet",
                     (const char *)NULL);
    if (rc != 0) fail_msg("config + --r5 run exited %d:\n%s", rc, g_log);
    for (size_t o = 0; o < NOUTPUTS; o++) {
        vlayer v = open_output(out, &ESTATE_OUTPUTS[o]);
        OGRFeatureH s2 = find_feature(v.lyr, "id", "S2");
        assert_int_equal(get_int(s2, "kgdn_g5"), 1); /* 200 m > 150 m */
        assert_near(get_double(s2, "kgdn_c5"), 0.0, 1e-12);
        assert_int_equal(get_int(s2, "kgdn_g10"), 0);
        OGR_F_Destroy(s2);
        assert_false(has_field(v.lyr, "clinic_d")); /* the rest of the config still applies */
        close_layer(&v);
    }
    assert_near(service_radius(out, "kgdn", 5), 150.0, 1e-9);
}

void test_r15(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "r15");
    int rc = run_sample(out, "--r15", "1000", "--quiet", NULL);
    if (rc != 0) fail_msg("--r15 run exited %d:\n%s", rc, g_log);
    static const char *const tiers[] = {"5", "10", "15"};
    for (size_t o = 0; o < NOUTPUTS; o++) {
        vlayer v = open_output(out, &ESTATE_OUTPUTS[o]);
        assert_coverage_fields(v.lyr, SAMPLE_CATS, NCATS, tiers, 3, ESTATE_OUTPUTS[o].file);
        assert_int_equal(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(v.lyr)),
                         SAMPLE_FIELDS_IN + 7 * NCATS + 1); /* + priority */
        OGRFeatureH s1 = find_feature(v.lyr, "id", "S1");
        OGRFeatureH s2 = find_feature(v.lyr, "id", "S2");
        OGRFeatureH s3 = find_feature(v.lyr, "id", "S3");
        assert_int_equal(get_int(s1, "kgdn_g15"), 1); /* 1200 m */
        assert_int_equal(get_int(s2, "elder_g15"), 0); /* 950 m */
        assert_int_equal(get_int(s2, "kgdn_g15"), 0);
        assert_near(get_double(s2, "kgdn_c15"), 1.0, 1e-9);
        assert_int_equal(get_int(s3, "kgdn_g15"), 0); /* 700 m */
        assert_int_equal(get_int(s3, "elder_g15"), 1); /* 1950 m */
        OGR_F_Destroy(s1);
        OGR_F_Destroy(s2);
        OGR_F_Destroy(s3);
        close_layer(&v);
    }
    assert_int_equal(count_layer(path_in(out, "lifecircle.gpkg"), "service_areas"), NCATS * 3);
    assert_near(service_radius(out, "clinic", 15), 1000.0, 1e-9);
    static const double radii[] = {300.0, 500.0, 1000.0};
    static const int tnum[] = {5, 10, 15};
    assert_int_equal(verify_category(out, "kgdn", radii, tnum, 3), SAMPLE_ESTATES);
}

/* A category with no facility: k_d null, every estate a gap, coverage 0. */
void test_category_without_facilities(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "nohosp");
    int rc = run_sample(out, "--categories", "elder,hosp", "--quiet", NULL);
    if (rc != 0) fail_msg("--categories elder,hosp exited %d:\n%s", rc, g_log);
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    long long n = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(v.lyr);
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        n++;
        assert_true(is_null(f, "hosp_d"));
        assert_int_equal(get_int(f, "hosp_g5"), 1);
        assert_int_equal(get_int(f, "hosp_g10"), 1);
        assert_near(get_double(f, "hosp_c10"), 0.0, 0.0);
        assert_false(is_null(f, "elder_d"));
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    assert_int_equal(n, SAMPLE_ESTATES);
}

/* --map adds raw values to a new key: no unmapped facility left (which is also the only
 * run here in which the engine has no unmapped category value to report). */
void test_map_option(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "map");
    int rc = run_sample(out, "--map", "mkt=菜市场", "--map", "mkt=便利店");
    if (rc != 0) fail_msg("--map run exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.facilities", "read=62 mapped=62 unmapped=0");
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    assert_true(has_field(v.lyr, "mkt_d"));
    close_layer(&v);
    assert_int_equal(count_layer(path_in(out, "lifecircle.gpkg"), "service_areas"), 10);
    static const double radii[] = {300.0, 500.0};
    static const int tiers[] = {5, 10};
    assert_int_equal(verify_category(out, "mkt", radii, tiers, 2), SAMPLE_ESTATES);
}

/* ------------------------------------------------------------------------------------ */
/* Bad input: one check per row of the user guide's table                        */
/* ------------------------------------------------------------------------------------ */

/* Run `coverage` with these estates (NULL: the sample's) plus up to 4 more arguments;
 * check the exit code and that the message contains `needle`. */
void expect_run(const char *estates, int code, const char *needle, const char *a1,
                const char *a2, const char *a3, const char *a4)
{
    char out[PATHLEN];
    tmp_path(out, "bad-out");
    remove_tree(out);
    int rc = run_cli("coverage", "--estates", estates ? estates : E.estates, "--facilities",
                     E.facilities, "--facilities-srs", "GCJ02", "-o", out, a1, a2, a3, a4,
                     (const char *)NULL);
    if (rc != code) fail_msg("exit %d, expected %d:\n%s", rc, code, g_log);
    if (needle) assert_contains(g_log, needle);
    if (code) assert_false(dir_exists(out)); /* a failed run leaves nothing behind */
}

const char *bad_file(const char *name, const char *text)
{
    static char path[8][PATHLEN];
    static int k;
    char *p = path[k++ % 8];
    tmp_path(p, name);
    write_file(p, text);
    return p;
}

void test_bad_files(void **state)
{
    (void)state;
    expect_run(bad_file("garbage.geojson", "garbage {{{\n"), 3, "format not recognised by GDAL",
               NULL, NULL, NULL, NULL);
    char spec[PATHLEN + 16];
    snprintf(spec, sizeof spec, "%s:nolayer", E.estates);
    expect_run(spec, 4, "no layer named 'nolayer' (layers: estates)", NULL, NULL, NULL, NULL);
    /* points are estates too (test_point_estates); lines are not */
    expect_run(path_in(E.data, "network.geojson"), 4,
               "the layer holds lines, but estates must be polygons or points", NULL, NULL, NULL,
               NULL);
    expect_run(bad_file("empty.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}"), 4,
               "no estate has a usable geometry", NULL, NULL, NULL, NULL);
    /* a layer without a CRS: a CSV of WKT polygons */
    expect_run(bad_file("nocrs.csv", "id,WKT\nA,\"POLYGON((0 0,100 0,100 100,0 100,0 0))\"\n"), 5,
               "has no coordinate reference system; give it with the input's flag", NULL, NULL, NULL, NULL);
    expect_run(NULL, 5, "US survey foot, not metres", "--crs", "EPSG:2263", NULL, NULL);
}

/* Null and empty geometries, a bow-tie, a spike, an open ring, a duplicate id, text and
 * negative households, a coordinate of 1e300: warnings, the run goes on, counts add up. */
void test_bad_features(void **state)
{
    (void)state;
    const char *weird = bad_file("weird.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":[\n"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"A\",\"households\":\"many\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.17,39.11],[117.171,39.11],[117.171,39.111],[117.17,39.111]]]}},\n"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"A\",\"households\":-5},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.172,39.11],[117.173,39.111],[117.173,39.11],[117.172,39.111],[117.172,39.11]]]}},\n"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"C\",\"households\":10},\"geometry\":null},\n"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"D\",\"households\":10},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}},\n"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"E\",\"households\":10},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.174,39.11],[1e300,39.11],[117.175,39.111],[117.174,39.11]]]}},\n"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"F\",\"households\":10},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.176,39.11],[117.177,39.11],[117.1765,39.115],[117.1765,39.111],[117.1765,39.115],[117.177,39.111],[117.176,39.111],[117.176,39.11]]]}}\n"
        "]}\n");
    expect_run(weird, 0, NULL, NULL, NULL, NULL, NULL);
    char out[PATHLEN];
    tmp_path(out, "bad-out"); /* expect_run's folder */
    assert_counts(out, "counts.estates", "read=6 written=3 repaired=2 skipped=3");
    assert_contains(g_log, "feature 0 has a polygon ring that is not closed");
    assert_contains(g_log, "field 'households' = 'many' is not a non-negative number");
    assert_contains(g_log, "field 'households' = '-5' is not a non-negative number");
    assert_contains(g_log, "feature 2 has no geometry; skipped");
    assert_contains(g_log, "feature 4 has coordinates that cannot be projected");
    assert_contains(g_log, "estate id 'A' occurs more than once");
    assert_counts(out, "", "working_crs=\"EPSG:4548\""); /* 1e300 does not move the zone */
    /* --strict turns those warnings into an error, and nothing is written */
    expect_run(weird, 4, "--strict: ", "--strict", NULL, NULL, NULL);
    /* NaN coordinates (a CSV of WKT): that feature is skipped, the rest goes on */
    const char *nan = bad_file("nan.csv",
        "id,WKT\nA,\"POLYGON((nan 39.11,117.171 39.11,117.171 39.111,117.17 39.111,nan 39.11))\"\n"
        "B,\"POLYGON((117.17 39.11,117.171 39.11,117.171 39.111,117.17 39.111,117.17 39.11))\"\n");
    expect_run(nan, 0, NULL, "--estates-srs", "EPSG:4326", NULL, NULL);
    assert_counts(out, "counts.estates", "read=2 written=1 repaired=0 skipped=1");
    assert_contains(g_log, "GDAL could not read all of it");
}

void test_bad_network(void **state)
{
    (void)state;
    const char *far = bad_file("farnet.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
        "{\"highway\":\"residential\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
        "[[118.0,39.11],[118.01,39.11]]}}]}\n");
    expect_run(NULL, 4, "no estate is within 200 m of the network", "--network", far, NULL, NULL);
}

/* A killed run's staging directory (its process gone) is removed by the next run there. */
void test_stale_staging_removed(void **state)
{
    (void)state;
    char out[PATHLEN], stale[PATHLEN + 64];
    tmp_path(out, "stale");
    mkdir(out, 0755);
    snprintf(stale, sizeof stale, "%s/.lifecircle-staging-2147483000", out);
    mkdir(stale, 0755);
    write_file(path_in(stale, "estates.geojson"), "partial");
    assert_int_equal(run_sample(out, NULL, NULL, NULL, NULL), 0);
    assert_false(dir_exists(stale));
    assert_int_equal(count_entries_with_prefix(out, ".lifecircle-staging"), 0);
}

/* --budget reads the candidates' `cost` field unless told otherwise, and needs candidates. */
void test_budget_defaults(void **state)
{
    (void)state;
    char out[PATHLEN], cand[PATHLEN];
    tmp_path(out, "budget-default");
    snprintf(cand, sizeof cand, "%s", path_in(E.data, "candidates.geojson"));
    int rc = run_cli("site", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--category", "elder", "--candidates", cand,
                     "--budget", "500", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("site run exited %d:\n%s", rc, g_log);
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "sites");
    double cost = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        cost += get_double(f, "cost");
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    assert_true(cost > 0 && cost <= 500);
    tmp_path(out, "budget-nocand");
    rc = run_cli("site", "--estates", E.estates, "--facilities", E.facilities, "--category",
                 "elder", "--budget", "500", "-o", out, (const char *)NULL);
    assert_int_equal(rc, 2);
    assert_contains(g_log, "--budget needs candidate sites");
}

/* Found by fuzz_pipeline: facilities whose categories all map to nothing once left no
 * category to evaluate and styles, report and bundles read past the empty list. The mission's
 * categories are evaluated in every run now: three categories, every estate a gap. */
void test_no_category_at_all(void **state)
{
    (void)state;
    const char *fac = bad_file("unmapped.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
        "{\"category\":\"菜市场\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[117.18,39.11]}}]}\n");
    char out[PATHLEN];
    tmp_path(out, "nocat");
    int rc = run_cli("run", "--estates", E.estates, "--facilities", fac, "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("run exited %d:\n%s", rc, g_log);
    assert_int_equal(category_fields(out), 3); /* the categories evaluated */
    assert_true(file_exists(path_in(out, "estates.qml")));
    assert_true(file_exists(path_in(out, "report.html")));
}

/* A full disk (a file size limit in the child, SIGXFSZ ignored): exit 3, the previous
 * results untouched, no staging directory left. */
void test_full_disk(void **state)
{
    (void)state;
    char out[PATHLEN], old[PATHLEN + 32], script[4 * PATHLEN];
    tmp_path(out, "full");
    mkdir(out, 0755);
    snprintf(old, sizeof old, "%s", path_in(out, "estates.geojson"));
    write_file(old, "previous run\n");
    snprintf(script, sizeof script, "trap '' XFSZ; ulimit -f 100; exec '%s' coverage --estates '%s' "
             "--facilities '%s' --facilities-srs GCJ02 -o '%s'", E.cli, E.estates, E.facilities, out);
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    assert_int_equal(run_argv(argv), 3);
    assert_contains(g_log, "incomplete");
    char buf[64];
    read_file(old, buf, sizeof buf);
    assert_string_equal(buf, "previous run\n");
    assert_int_equal(count_entries_with_prefix(out, ".lifecircle-staging"), 0);
}
