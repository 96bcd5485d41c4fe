/*
 * e2e_compare.c — `lifecircle compare` as a planner runs it: two options on the sample
 * (their folders beside baseline/, the changes layer holding exactly the estates whose gaps,
 * shares, walking distances or access differ from the baseline's, compare.csv a row per
 * option, category and tier with the gains counted from the layers), the scenario file's
 * errors (exit codes, the message naming option, key and value, nothing written), and an
 * option on a real Chinese extract (a kindergarten added, an OSM way closed by way/ID).
 */
#include <ctype.h>

#include "e2e.h"

static void write_scenarios(char *a, char *b)
{
    char add[PATHLEN];
    tmp_path(add, "cmp-add.geojson");
    /* an elder-care centre in GCJ-02 longitude/latitude, as the sample's POIs are, and a
     * kindergarten under an English word no key maps (said, as for the run's own sources) */
    write_file(add, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                    "\"properties\":{\"id\":\"N1\",\"name\":\"新日间照料中心\",\"category\":"
                    "\"日间照料中心\",\"capacity\":40},\"geometry\":{\"type\":\"Point\","
                    "\"coordinates\":[117.195,39.1]}},{\"type\":\"Feature\",\"properties\":"
                    "{\"id\":\"N2\",\"name\":\"Little Stars\",\"category\":\"nursery\"},"
                    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[117.19,39.1]}}]}");
    tmp_path(a, "cmp-a.yaml");
    char text[2 * PATHLEN];
    snprintf(text, sizeof text, "name: 方案A\nadd_facilities: %s\nremove_facilities: [F0003]\n"
             "capacity: {F0004: 120}\n", add);
    write_file(a, text);
    tmp_path(b, "cmp-b.yaml");
    write_file(b, "name: planB\nremove_facilities: F0001\nclose_network: [N00010, N00200]\n");
}

/* Does any of the comparison's fields of estate i differ between the two estates layers? */
static bool estate_changed(OGRFeatureH x, OGRFeatureH y)
{
    OGRFeatureDefnH d = OGR_F_GetDefnRef(x);
    for (int i = 0; i < OGR_FD_GetFieldCount(d); i++) {
        const char *n = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
        const char *us = strrchr(n, '_');
        if (!us || !(us[1] == 'g' || us[1] == 'c' || us[1] == 'a' || (us[1] == 'w' && !us[2])))
            continue;
        if (us[1] != 'w' && !isdigit((unsigned char)us[2])) continue;
        int j = OGR_F_GetFieldIndex(y, n);
        if (j < 0) continue;
        bool sx = OGR_F_IsFieldSetAndNotNull(x, i), sy = OGR_F_IsFieldSetAndNotNull(y, j);
        if (sx != sy || (sx && OGR_F_GetFieldAsDouble(x, i) != OGR_F_GetFieldAsDouble(y, j)))
            return true;
    }
    return false;
}

/* The estates of `dir`'s option that differ from the baseline's, counted from the layers. */
static long long changed_estates(const char *out, const char *name)
{
    char a[PATHLEN], b[PATHLEN];
    snprintf(a, sizeof a, "%s/baseline/lifecircle.gpkg", out);
    snprintf(b, sizeof b, "%s/%s/lifecircle.gpkg", out, name);
    vlayer va = open_layer(a, "estates"), vb = open_layer(b, "estates");
    long long n = 0;
    OGRFeatureH x, y;
    while ((x = OGR_L_GetNextFeature(va.lyr)) && (y = OGR_L_GetNextFeature(vb.lyr))) {
        assert_string_equal(get_str(x, "id"), get_str(y, "id"));
        n += estate_changed(x, y);
        OGR_F_Destroy(x), OGR_F_Destroy(y);
    }
    close_layer(&va), close_layer(&vb);
    return n;
}

void test_compare_sample(void **state)
{
    (void)state;
    require_sample();
    char a[PATHLEN], b[PATHLEN], out[PATHLEN];
    write_scenarios(a, b);
    tmp_path(out, "cmp-out");
    char net[PATHLEN];
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    int rc = run_cli("compare", "--estates", E.estates, "--facilities",
                     E.facilities, "--facilities-srs", "GCJ02",
                     "--network", net, "--scenario", a,
                     "--scenario", b, "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("compare exited %d:\n%s", rc, g_log);
    if (!strstr(g_log, "cmp-add.geojson:cmp-add: category 'nursery' maps to no key (1 facilities"))
        fail_msg("the unmapped added facility is not said:\n%s", g_log);
    assert_true(dir_exists(path_in(out, "baseline")));
    assert_true(dir_exists(path_in(out, "方案A")));
    assert_true(dir_exists(path_in(out, "planB")));
    assert_true(file_exists(path_in(path_in(out, "baseline"), "run.json")));
    assert_counts(path_in(out, "baseline"), "counts.estates", "read=303 written=303");
    /* the changes layer: per option exactly the estates whose fields differ */
    long long ca = changed_estates(out, "方案A"), cb = changed_estates(out, "planB");
    assert_true(ca > 0 && cb > 0);
    char gpkg[PATHLEN];
    snprintf(gpkg, sizeof gpkg, "%s", path_in(out, "changes.gpkg"));
    vlayer v = open_layer(gpkg, "changes");
    long long na = 0, nb = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(v.lyr))) {
        const char *s = get_str(f, "scenario");
        na += !strcmp(s, "方案A"), nb += !strcmp(s, "planB");
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    assert_int_equal(na, ca);
    assert_int_equal(nb, cb);
    assert_true(file_exists(path_in(out, "changes.geojson")));
    /* compare.csv: a row per option, category and tier, in UTF-8 with a byte-order mark */
    static char csv[65536];
    assert_true(read_file(path_in(out, "compare.csv"), csv, sizeof csv) > 0);
    assert_memory_equal(csv, "\xEF\xBB\xBF" "scenario,category,tier,", 26);
    int rows = 0;
    for (char *p = csv; (p = strchr(p, '\n')); p++) rows++;
    assert_int_equal(rows, 1 + 2 * category_fields(path_in(out, "baseline")) * 2);
    assert_non_null(strstr(csv, "\n方案A,elder,5,303,"));
}

void test_compare_errors(void **state)
{
    (void)state;
    require_sample();
    char y[PATHLEN], out[PATHLEN];
    tmp_path(out, "cmp-bad");
    const char *est = E.estates, *fac = E.facilities;
    struct {
        const char *yaml, *want;
        int rc;
    } cases[] = {
        {"name: x\nadd_sites: a.geojson\n", "add_sites", 2},           /* unknown key */
        {"name: x\nadd_facilities: nosuch.geojson\n", "nosuch.geojson", 3}, /* missing file */
        {"name: x\nremove_facilities: [F9999]\n", "remove_facilities: 'F9999'", 2},
        {"name: baseline\n", "baseline", 2},
        {"name: x\nclose_network: [N00001]\n", "needs a walking network", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tmp_path(y, "cmp-bad.yaml");
        write_file(y, cases[i].yaml);
        int rc = run_cli("compare", "--estates", est, "--facilities", fac, "--scenario", y, "-o",
                         out, (const char *)NULL);
        if (rc != cases[i].rc || !strstr(g_log, cases[i].want))
            fail_msg("case %zu: exit %d (want %d), log:\n%s", i, rc, cases[i].rc, g_log);
        assert_false(dir_exists(out)); /* refused before anything is written */
    }
    /* no scenario at all */
    assert_int_equal(run_cli("compare", "--estates", est, "--facilities", fac, "-o", out,
                             (const char *)NULL), 2);
    assert_contains(g_log, "--scenario");
    /* folders the comparison could not read back: refused before anything is loaded */
    tmp_path(y, "cmp-ok.yaml");
    write_file(y, "name: x\nremove_facilities: [F0001]\n");
    assert_int_equal(run_cli("compare", "--estates", est, "--facilities", fac, "--scenario", y,
                             "--scenario-formats", "shp", "-o", out, (const char *)NULL), 2);
    assert_contains(g_log, "scenario_formats must hold gpkg, geojson or fgb");
    assert_int_equal(run_cli("compare", "--estates", est, "--facilities", fac, "--scenario", y,
                             "--formats", "shp", "-o", out, (const char *)NULL), 2);
    assert_contains(g_log, "formats must hold gpkg, geojson or fgb");
    assert_false(dir_exists(out));
}

/* A real Chinese extract: estates, facilities and network from one OSM file; an option adds
 * a kindergarten in the middle of the estates and closes the first walkable way by way/ID. */
void test_compare_real(void **state)
{
    (void)state;
    char bj[PATHLEN], out[PATHLEN], base[PATHLEN];
    snprintf(bj, sizeof bj, "%s", real_file("osm-beijing-wudaokou", "beijing_wudaokou_cau_2026.osm"));
    tmp_path(base, "cmp-bj-plain");
    int rc = run_cli("coverage", "--estates", bj, "--facilities", bj, "--network", bj, "-o", base,
                     (const char *)NULL);
    if (rc != 0) fail_msg("plain run exited %d:\n%s", rc, g_log);
    /* the estates' middle in WGS84, and a way of the network */
    vlayer v = open_layer(path_in(base, "estates.geojson"), NULL);
    OGREnvelope env;
    assert_int_equal(OGR_L_GetExtent(v.lyr, &env, TRUE), OGRERR_NONE);
    close_layer(&v);
    GDALDatasetH osm = open_vector(bj, NULL);
    OGRLayerH lines = GDALDatasetGetLayerByName(osm, "lines");
    OGR_L_SetAttributeFilter(lines, "highway IN ('footway', 'residential', 'service')");
    OGRFeatureH way = OGR_L_GetNextFeature(lines);
    assert_non_null(way);
    char id[64];
    snprintf(id, sizeof id, "way/%s", get_str(way, "osm_id"));
    OGR_F_Destroy(way);
    GDALClose(osm);
    char add[PATHLEN], y[PATHLEN], text[2 * PATHLEN];
    tmp_path(add, "cmp-bj-kgdn.geojson");
    snprintf(text, sizeof text, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
             "\"Feature\",\"properties\":{\"name\":\"新建幼儿园\"},\"geometry\":{\"type\":"
             "\"Point\",\"coordinates\":[%.7f,%.7f]}}]}", (env.MinX + env.MaxX) / 2,
             (env.MinY + env.MaxY) / 2);
    write_file(add, text);
    tmp_path(y, "cmp-bj.yaml");
    snprintf(text, sizeof text, "name: 新建幼儿园\nadd_facilities: %s\nclose_network: [%s]\n",
             add, id);
    write_file(y, text);
    tmp_path(out, "cmp-bj");
    rc = run_cli("compare", "--estates", bj, "--facilities", bj, "--network", bj, "--scenario", y,
                 "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("compare exited %d:\n%s", rc, g_log);
    /* the baseline is the plain run */
    assert_int_equal(run_int(path_in(out, "baseline"), "counts.estates.written"),
                     run_int(base, "counts.estates.written"));
    long long changed = changed_estates(out, "新建幼儿园");
    assert_true(changed > 0); /* a kindergarten in the middle closes someone's gap */
    assert_int_equal(count_layer(path_in(out, "changes.gpkg"), "changes"), changed);
    print_message("compare, Beijing Wudaokou: a kindergarten added, %s closed: %lld estates "
                  "change\n", id, changed);
}
