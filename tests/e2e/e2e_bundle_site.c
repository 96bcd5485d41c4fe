/*
 * e2e_bundle_site.c — Renovation bundles, facility siting and access (2SFCA).
 */
#include "e2e.h"

/* ------------------------------------------------------------------------------------ */
/* Bundles                                                                   */
/* ------------------------------------------------------------------------------------ */

#define B_GAP 40.0
#define B_MIN 1000.0
#define B_MAX 3000.0

typedef struct {
    OGRGeometryH geom;
    char id[32], district[64];
    int year;
    double hh;
    long long bundle; /* -1: null */
} b_estate;

static size_t load_bundle_estates(const char *path, b_estate *e, size_t cap)
{
    vlayer v = open_layer(path, "estates");
    size_t n = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        if (n == cap) fail_msg("too many estates");
        b_estate *x = &e[n++];
        snprintf(x->id, sizeof x->id, "%s", get_str(f, "id"));
        snprintf(x->district, sizeof x->district, "%s", get_str(f, "district"));
        x->year = (int)get_int(f, "build_year");
        x->hh = get_double(f, "households");
        x->bundle = is_null(f, "bundle") ? -1 : get_int(f, "bundle");
        x->geom = OGR_G_Clone(OGR_F_GetGeometryRef(f));
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    return n;
}

static int b_index(const b_estate *e, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e[i].id, id)) return (int)i;
    fail_msg("no estate '%s'", id);
    return -1;
}

void test_bundles_sample(void **state)
{
    (void)state;
    char out[PATHLEN], out2[PATHLEN], bar[PATHLEN];
    tmp_path(out, "bundles");
    tmp_path(out2, "bundles2");
    snprintf(bar, sizeof bar, "%s", path_in(E.data, "barriers.geojson"));
    const char *args[] = {"--estates", E.estates, "--facilities", E.facilities,
                          "--facilities-srs", "GCJ02", "--barriers", bar,
                          "--filter", "build_year < 2000", "--gap", "40", "--min-size", "1000",
                          "--max-size", "3000", "--same-district", "--verbose"};
    const char *argv[MAXARGS] = {E.cli, "run"};
    size_t na = 2;
    for (size_t i = 0; i < sizeof args / sizeof *args; i++) argv[na++] = args[i];
    argv[na++] = "-o";
    argv[na] = out, argv[na + 1] = NULL;
    if (run_argv(argv)) fail_msg("bundle run exited non-zero:\n%s", g_log);
    json_object *rec = run_record(out);
    size_t eligible = (size_t)rec_int(rec, "counts.bundles.eligible_estates");
    size_t pairs = (size_t)rec_int(rec, "counts.bundles.adjacent_pairs");
    size_t blocked = (size_t)rec_int(rec, "counts.bundles.pairs_blocked");
    size_t nb = (size_t)rec_int(rec, "counts.bundles.bundles");
    size_t reach = (size_t)rec_int(rec, "counts.bundles.reaching_min_size");
    /* at most this many could reach the floor */
    size_t bound = (size_t)rec_int(rec, "counts.bundles.bound");
    json_object_put(rec);
    argv[na] = out2;
    if (run_argv(argv)) fail_msg("second bundle run exited non-zero:\n%s", g_log);

    static b_estate est[SAMPLE_ESTATES + 8], est2[SAMPLE_ESTATES + 8];
    char gpkg[PATHLEN];
    snprintf(gpkg, sizeof gpkg, "%s", path_in(out, "lifecircle.gpkg"));
    size_t n = load_bundle_estates(gpkg, est, SAMPLE_ESTATES + 8);
    assert_int_equal(n, SAMPLE_ESTATES);
    assert_int_equal(load_bundle_estates(path_in(out2, "lifecircle.gpkg"), est2, SAMPLE_ESTATES + 8), n);
    size_t el = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(est[i].bundle >= 0, est[i].year < 2000); /* the filter, by GDAL */
        assert_int_equal(est[i].bundle, est2[i].bundle);           /* same seed, same bundles */
        el += est[i].year < 2000;
        OGR_G_DestroyGeometry(est2[i].geom);
    }
    assert_int_equal(el, eligible);

    /* adjacency: every eligible pair within the gap is listed or blocked by a barrier */
    size_t near = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (est[i].bundle >= 0 && est[j].bundle >= 0 && OGR_G_Distance(est[i].geom, est[j].geom) <= B_GAP)
                near++;
    assert_int_equal(near, pairs + blocked);
    assert_true(blocked > 0);

    /* bundle totals from the estates, and rule 3 */
    double tot[SAMPLE_ESTATES + 1] = {0};
    size_t cnt[SAMPLE_ESTATES + 1] = {0};
    for (size_t i = 0; i < n; i++)
        if (est[i].bundle >= 0) {
            assert_true(est[i].bundle >= 1 && est[i].bundle <= (long long)nb);
            tot[est[i].bundle] += est[i].hh, cnt[est[i].bundle]++;
        }
    size_t reaching = 0;
    for (size_t b = 1; b <= nb; b++) {
        assert_true(cnt[b] > 0);
        assert_true(cnt[b] == 1 || tot[b] <= B_MAX);
        reaching += tot[b] >= B_MIN;
    }
    assert_int_equal(reaching, reach);
    assert_true(reach <= bound && reach >= bound * 7 / 10);

    /* the bundles layer agrees, in the GeoPackage, the GeoJSON and the Shapefile */
    assert_int_equal(count_layer(path_in(out, "bundles.geojson"), NULL), (long long)nb);
    assert_int_equal(count_layer(path_in(out, "bundles.shp"), NULL), (long long)nb);
    vlayer bl = open_layer(gpkg, "bundles");
    assert_int_equal(count_features(bl.lyr), (long long)nb);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(bl.lyr)) != NULL) {
        long long b = get_int(f, "bundle");
        assert_int_equal(get_int(f, "n_estates"), (long long)cnt[b]);
        assert_near(get_double(f, "size_total"), tot[b], 1e-6);
        assert_near(get_double(f, "households"), tot[b], 1e-6);
        assert_int_equal(get_int(f, "reaches"), tot[b] >= B_MIN);
        /* members name exactly the estates carrying this bundle id, all in one district */
        char members[8192];
        snprintf(members, sizeof members, "%s", get_str(f, "members"));
        size_t listed = 0;
        double area = 0;
        for (char *tok = strtok(members, ","); tok; tok = strtok(NULL, ","), listed++) {
            int i = b_index(est, n, tok);
            assert_int_equal(est[i].bundle, b);
            assert_string_equal(get_str(f, "district"), est[i].district);
            area += OGR_G_Area(est[i].geom);
        }
        assert_int_equal(listed, cnt[b]);
        assert_near(OGR_G_Area(OGR_F_GetGeometryRef(f)), area, 1e-6 * area + 1e-3);
        OGR_F_Destroy(f);
    }
    close_layer(&bl);

    /* rules 2 and 4 through the adjacency layer: members connect through listed pairs, and
     * a bundle below the floor cannot join any neighbour within the ceiling */
    vlayer al = open_layer(gpkg, "adjacency");
    assert_int_equal(count_features(al.lyr), (long long)pairs);
    int parent[SAMPLE_ESTATES + 8];
    for (size_t i = 0; i < n; i++) parent[i] = (int)i;
    while ((f = OGR_L_GetNextFeature(al.lyr)) != NULL) {
        int a = b_index(est, n, get_str(f, "estate_a")), c = b_index(est, n, get_str(f, "estate_b"));
        assert_near(get_double(f, "gap_m"), OGR_G_Distance(est[a].geom, est[c].geom), 0.006);
        long long ba = est[a].bundle, bc = est[c].bundle;
        assert_int_equal(get_int(f, "same_bundle"), ba == bc);
        assert_int_equal(get_int(f, "cross_district"), strcmp(est[a].district, est[c].district) != 0);
        if (ba == bc) {
            int ra = a, rc = c;
            while (parent[ra] != ra) ra = parent[ra];
            while (parent[rc] != rc) rc = parent[rc];
            parent[ra] = rc;
        } else if (get_int(f, "joinable")) {
            if (tot[ba] < B_MIN) assert_true(tot[ba] + tot[bc] > B_MAX);
            if (tot[bc] < B_MIN) assert_true(tot[ba] + tot[bc] > B_MAX);
        }
        OGR_F_Destroy(f);
    }
    close_layer(&al);
    int root_of[SAMPLE_ESTATES + 1];
    for (size_t b = 0; b <= nb; b++) root_of[b] = -1;
    for (size_t i = 0; i < n; i++) {
        if (est[i].bundle < 0) continue;
        int r = (int)i;
        while (parent[r] != r) r = parent[r];
        if (root_of[est[i].bundle] < 0) root_of[est[i].bundle] = r;
        assert_int_equal(root_of[est[i].bundle], r); /* one connected piece per bundle */
    }
    for (size_t i = 0; i < n; i++) OGR_G_DestroyGeometry(est[i].geom);
}

void test_bundle_bad_filter(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "badfilter");
    int rc = run_cli("run", "--estates", E.estates, "--facilities", E.facilities, "--filter",
                     "no_such_field > 3", "-o", out, (const char *)NULL);
    assert_int_equal(rc, 2);
    assert_contains(g_log, "bad filter 'no_such_field > 3'");
    assert_false(dir_exists(out));
}

/* Bundles on OSM: the built-in barrier selection (major roads, railways, rivers) from the
 * same .pbf, with the OSM way id as a stand-in size (OSM has no households). */
void test_bundles_real(void **state)
{
    (void)state;
    const char *base = real_dir();
    char pbf[PATHLEN], estates[PATHLEN + 16], out[PATHLEN];
    if (base) snprintf(pbf, sizeof pbf, "%s", path_in(base, "osm-helsinki-kamppi"));
    if (!base || !dir_exists(pbf)) {
        print_message("real data not present, skipping the real bundle test\n");
        skip();
    }
    snprintf(pbf, sizeof pbf, "%s", path_in(base, "osm-helsinki-kamppi/helsinki-kamppi-2019-04.osm.pbf"));
    snprintf(estates, sizeof estates, "%s:multipolygons", pbf);
    tmp_path(out, "real-bundles");
    int rc = run_cli("run", "--estates", estates, "--estates-where", "landuse='residential'",
                     "--facilities", pbf, "--barriers", pbf, "--size-field", "osm_way_id",
                     "--min-size", "1", "--max-size", "1e15", "--gap", "60", "-o", out,
                     (const char *)NULL);
    if (rc != 0) fail_msg("bundle run on Helsinki exited %d:\n%s", rc, g_log);
    json_object *rec = run_record(out);
    long long el = rec_int(rec, "counts.bundles.eligible_estates");
    long long br = rec_int(rec, "counts.barriers.read"), bu = rec_int(rec, "counts.barriers.used");
    long long bs = rec_int(rec, "counts.barriers.skipped");
    (void)rec_int(rec, "counts.bundles.size_unknown"); /* estates without a usable size: counted */
    json_object_put(rec);
    assert_int_equal(el, 25);
    assert_true(bu > 0 && bu == br - bs);
    assert_int_equal(count_layer(path_in(out, "bundles.geojson"), NULL),
                     count_layer(path_in(out, "lifecircle.gpkg"), "bundles"));
}

/* ------------------------------------------------------------------------------------ */
/* Siting                                                                    */
/* ------------------------------------------------------------------------------------ */

/* gap[i] = the estate's `field` (0/1) in `gpkg`, indexed like est (read from the same
 * layer order: both runs write estates in input order). */
static size_t read_gaps(const char *gpkg, const char *field, int *gap, double *children,
                        char (*ids)[32], size_t cap)
{
    vlayer v = open_layer(gpkg, "estates");
    size_t n = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        if (n == cap) fail_msg("too many estates");
        gap[n] = (int)get_int(f, field);
        if (children) children[n] = get_double(f, "children");
        if (ids) snprintf(ids[n], 32, "%s", get_str(f, "id"));
        n++;
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    return n;
}

/* Run `site` (extra args a1..a4) for kgdn at 5 minutes, then a coverage run with the
 * suggested sites as the only facilities: the estates that gain coverage are exactly
 * those the sites list, and the weights add up. */
static void check_sites(const char *tag, const char *a1, const char *a2, const char *a3,
                        const char *a4, const char *a5, const char *a6)
{
    char out[PATHLEN], out2[PATHLEN + 16], src[PATHLEN + 16];
    tmp_path(out, tag);
    snprintf(out2, sizeof out2, "%s-check", out);
    int rc = run_cli("site", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--category", "kgdn", "--tier", "5", "-o", out,
                     "--verbose", a1, a2, a3, a4, a5, a6, (const char *)NULL);
    if (rc != 0) fail_msg("site run exited %d:\n%s", rc, g_log);
    json_object *rec = run_record(out);
    double before = rec_num(rec, "counts.sites.weight_covered_before");
    double total = rec_num(rec, "counts.sites.weight_total");
    double after = rec_num(rec, "counts.sites.weight_covered_after");
    json_object_put(rec);
    snprintf(src, sizeof src, "%s:sites", path_in(out, "lifecircle.gpkg"));
    int network = a1 && !strcmp(a1, "--network");
    rc = run_cli("coverage", "--estates", E.estates, "--facilities", src, "--categories", "kgdn",
                 "-o", out2, network ? a1 : NULL, a2, (const char *)NULL);
    if (rc != 0) fail_msg("check run exited %d:\n%s", rc, g_log);

    static int g1[SAMPLE_ESTATES + 8], g2[SAMPLE_ESTATES + 8];
    static double ch[SAMPLE_ESTATES + 8];
    static char ids[SAMPLE_ESTATES + 8][32];
    size_t n = read_gaps(path_in(out, "lifecircle.gpkg"), "kgdn_g5", g1, ch, ids, SAMPLE_ESTATES + 8);
    assert_int_equal(read_gaps(path_in(out2, "lifecircle.gpkg"), "kgdn_g5", g2, NULL, NULL,
                               SAMPLE_ESTATES + 8), n);
    double w_before = 0, w_total = 0;
    for (size_t i = 0; i < n; i++) w_total += ch[i], w_before += g1[i] ? 0 : ch[i];
    assert_near(before, w_before, 0.5);
    assert_near(total, w_total, 0.5);

    static int listed[SAMPLE_ESTATES + 8];
    memset(listed, 0, sizeof listed);
    vlayer sl = open_layer(path_in(out, "lifecircle.gpkg"), "sites");
    assert_int_equal(count_layer(path_in(out, "sites.geojson"), NULL), count_features(sl.lyr));
    OGRFeatureH f;
    double cum = w_before;
    long long rank = 0;
    while ((f = OGR_L_GetNextFeature(sl.lyr)) != NULL) {
        assert_int_equal(get_int(f, "rank"), ++rank);
        char list[8192];
        snprintf(list, sizeof list, "%s", get_str(f, "estates") ? get_str(f, "estates") : "");
        double w = 0;
        long long k = 0;
        for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ","), k++) {
            size_t i = 0;
            while (i < n && strcmp(ids[i], tok)) i++;
            assert_true(i < n);
            assert_int_equal(g1[i], 1); /* only estates not covered before */
            assert_int_equal(listed[i]++, 0);
            w += ch[i];
        }
        assert_int_equal(get_int(f, "n_new"), k);
        assert_near(get_double(f, "marginal"), w, 1e-6);
        cum += w;
        assert_near(get_double(f, "cumulative"), cum, 1e-6);
        OGR_F_Destroy(f);
    }
    close_layer(&sl);
    assert_true(rank > 0);
    assert_near(after, cum, 0.5);
    for (size_t i = 0; i < n; i++) /* gained coverage <=> listed */
        if (g1[i]) assert_int_equal(!g2[i], listed[i]);
}

void test_sites_line(void **state)
{
    (void)state;
    check_sites("sites-line", "--count", "5", NULL, NULL, NULL, NULL);
}

void test_sites_walk(void **state)
{
    (void)state;
    char net[PATHLEN];
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    check_sites("sites-walk", "--network", net, "--count", "4", NULL, NULL);
}

void test_sites_target_and_budget(void **state)
{
    (void)state;
    char out[PATHLEN], cand[PATHLEN];
    check_sites("sites-target", "--target", "0.9", NULL, NULL, NULL, NULL);
    /* the last site brings the covered share of the children to 90 %, the one before not */
    tmp_path(out, "sites-target");
    vlayer t = open_layer(path_in(out, "lifecircle.gpkg"), "sites");
    double share = 0, prev = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(t.lyr)) != NULL) {
        prev = share, share = get_double(f, "share");
        OGR_F_Destroy(f);
    }
    close_layer(&t);
    assert_true(share >= 0.9 && prev < 0.9);
    snprintf(cand, sizeof cand, "%s", path_in(E.data, "candidates.geojson"));
    check_sites("sites-budget", "--candidates", cand, "--budget", "800", "--cost-field", "cost");
    /* the budget run: total cost of the sites within 800, read back */
    char gpkg[PATHLEN];
    tmp_path(out, "sites-budget");
    snprintf(gpkg, sizeof gpkg, "%s", path_in(out, "lifecircle.gpkg"));
    vlayer v = open_layer(gpkg, "sites");
    double cost = 0;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        cost += get_double(f, "cost");
        assert_true(get_str(f, "candidate")[0] == 'C');
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    assert_true(cost > 0 && cost <= 800);
}

/* Capacities on the sample: each site serves whole estates not covered before, at most its
 * candidate's capacity (read from the candidates file), the marginal is what it serves and
 * the exact solver proves the answer optimal. */
void test_sites_capacity(void **state)
{
    (void)state;
    char out[PATHLEN], cand[PATHLEN];
    tmp_path(out, "sites-capacity");
    snprintf(cand, sizeof cand, "%s", path_in(E.data, "candidates.geojson"));
    int rc = run_cli("site", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--category", "kgdn", "--tier", "5", "-o", out,
                     "--candidates", cand, "--count", "4", "--capacity-field", "capacity",
                     /* 0.3 s here; under valgrind (make valgrind) 50 times that and more:
                      * the proof must not depend on the machine's speed */
                     "--site-time-limit", "900", (const char *)NULL);
    if (rc != 0) fail_msg("site run exited %d:\n%s", rc, g_log);
    json_object *rec = run_record(out); /* solved exactly by CBC and proven optimal */
    assert_string_equal(rec_str(rec, "counts.sites.method"), "optimal");
    json_object_put(rec);
    static int g1[SAMPLE_ESTATES + 8];
    static double ch[SAMPLE_ESTATES + 8];
    static char ids[SAMPLE_ESTATES + 8][32];
    static int listed[SAMPLE_ESTATES + 8];
    memset(listed, 0, sizeof listed);
    size_t n = read_gaps(path_in(out, "lifecircle.gpkg"), "kgdn_g5", g1, ch, ids, SAMPLE_ESTATES + 8);
    vlayer sl = open_layer(path_in(out, "lifecircle.gpkg"), "sites");
    OGRFeatureH f;
    int sites = 0;
    while ((f = OGR_L_GetNextFeature(sl.lyr)) != NULL) {
        char list[8192], where[64];
        snprintf(list, sizeof list, "%s", get_str(f, "estates") ? get_str(f, "estates") : "");
        double w = 0;
        for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
            size_t i = 0;
            while (i < n && strcmp(ids[i], tok)) i++;
            assert_true(i < n);
            assert_int_equal(g1[i], 1);
            assert_int_equal(listed[i]++, 0);
            w += ch[i];
        }
        assert_near(get_double(f, "marginal"), w, 1e-6);
        snprintf(where, sizeof where, "id = '%s'", get_str(f, "candidate"));
        vlayer cl = open_layer(cand, NULL);
        OGR_L_SetAttributeFilter(cl.lyr, where);
        OGRFeatureH c = OGR_L_GetNextFeature(cl.lyr);
        assert_non_null(c);
        double cap = get_double(c, "capacity");
        OGR_F_Destroy(c);
        close_layer(&cl);
        assert_near(get_double(f, "capacity"), cap, 0);
        assert_true(w > 0 && w <= cap);
        assert_string_equal(get_str(f, "method"), "optimal");
        sites++;
        OGR_F_Destroy(f);
    }
    close_layer(&sl);
    assert_int_equal(sites, 4);
}

/* Capacity-aware access recomputed independently: every elder facility (places from
 * --capacity, as the sample's facilities have no capacity field) against every estate,
 * polygon-to-point distances through OGR, the two steps of 2SFCA (and the Gaussian form)
 * written out here; k_a5/k_a10, the shortfall to the default norm of 35 per 1,000 and each
 * facility's load must agree, and the places are all shared out. */
enum { ACC_MAXF = 64 };

static void check_access(const char *tag, const char *decay)
{
    char out[PATHLEN];
    tmp_path(out, tag);
    int rc = run_cli("coverage", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--capacity", "elder=40", "--decay", decay,
                     "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("access run exited %d:\n%s", rc, g_log);
    bool gauss = !strcmp(decay, "gauss");
    static OGRGeometryH fp[ACC_MAXF];
    static double places[ACC_MAXF], load[ACC_MAXF][2], dem[ACC_MAXF][2];
    size_t nf = 0;
    vlayer fl = open_layer(path_in(out, "lifecircle.gpkg"), "facilities");
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(fl.lyr)) != NULL) {
        const char *key = get_str(f, "catkey");
        if (key && !strcmp(key, "elder")) {
            assert_true(nf < ACC_MAXF);
            fp[nf] = OGR_G_Clone(OGR_F_GetGeometryRef(f));
            places[nf] = get_double(f, "places");
            load[nf][0] = get_double(f, "load5"), load[nf][1] = get_double(f, "load10");
            nf++;
        } else {
            assert_true(is_null(f, "places") && is_null(f, "load5"));
        }
        OGR_F_Destroy(f);
    }
    close_layer(&fl);
    assert_int_equal(nf, 28);
    static OGRGeometryH eg[SAMPLE_ESTATES + 8];
    static double D[SAMPLE_ESTATES + 8], a[SAMPLE_ESTATES + 8][2], sh[SAMPLE_ESTATES + 8][2];
    size_t ne = 0;
    vlayer el = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    while ((f = OGR_L_GetNextFeature(el.lyr)) != NULL) {
        assert_true(ne < SAMPLE_ESTATES + 8);
        eg[ne] = OGR_G_Clone(OGR_F_GetGeometryRef(f));
        int di = field_index(f, "elderly");
        D[ne] = OGR_F_IsFieldSetAndNotNull(f, di) ? fmax(0, OGR_F_GetFieldAsDouble(f, di)) : 0;
        a[ne][0] = get_double(f, "elder_a5"), a[ne][1] = get_double(f, "elder_a10");
        sh[ne][0] = get_double(f, "elder_s5"), sh[ne][1] = get_double(f, "elder_s10");
        ne++;
        OGR_F_Destroy(f);
    }
    close_layer(&el);
    const double radius[2] = {300, 500}, e0 = exp(-0.5);
    static double dist[ACC_MAXF][SAMPLE_ESTATES + 8];
    for (size_t j = 0; j < nf; j++)
        for (size_t i = 0; i < ne; i++) dist[j][i] = OGR_G_Distance(eg[i], fp[j]);
    double total_places = 0;
    for (size_t j = 0; j < nf; j++) total_places += places[j];
    assert_near(total_places, 28 * 40, 0);
    for (int t = 0; t < 2; t++) {
        double r = radius[t], served = 0;
        for (size_t j = 0; j < nf; j++) { /* step 1: demand in each catchment */
            dem[j][t] = 0;
            for (size_t i = 0; i < ne; i++) {
                double d = dist[j][i], u = d / r;
                if (d <= r) dem[j][t] += (gauss ? (exp(-0.5 * u * u) - e0) / (1 - e0) : 1) * D[i];
            }
            assert_near(load[j][t], dem[j][t] / places[j], 1e-4);
        }
        for (size_t i = 0; i < ne; i++) { /* step 2: each estate's sum of the ratios */
            double A = 0;
            for (size_t j = 0; j < nf; j++) {
                double d = dist[j][i], u = d / r;
                if (d <= r && dem[j][t] > 0)
                    A += (gauss ? (exp(-0.5 * u * u) - e0) / (1 - e0) : 1) * places[j] / dem[j][t];
            }
            assert_near(a[i][t], 1000 * A, 1e-4);
            assert_near(sh[i][t], fmax(0, D[i] * 35 / 1000 - A * D[i]), 2e-3);
            served += A * D[i];
        }
        bool all_have_demand = true;
        for (size_t j = 0; j < nf; j++) all_have_demand &= dem[j][t] > 0;
        if (all_have_demand) assert_near(served, total_places, 1e-6);
    }
    for (size_t j = 0; j < nf; j++) OGR_G_DestroyGeometry(fp[j]);
    for (size_t i = 0; i < ne; i++) OGR_G_DestroyGeometry(eg[i]);
    /* the report's access table: 28 elder-care facilities, 1120 places, the default norm */
    static char html[4 << 20];
    assert_true(read_file(path_in(out, "report.html"), html, sizeof html) > 0);
    const char *sec = strstr(html, "id=\"access\"");
    assert_non_null(sec);
    assert_non_null(strstr(sec, "<td>28</td><td>1120</td>"));
    assert_non_null(strstr(sec, "<td>35</td>"));
    /* run.json: the method and the norm, with where it came from */
    json_object *rec = run_record(out);
    const char *method = rec_str(rec, "counts.access.method");
    if (gauss) assert_int_equal(strncmp(method, "E2SFCA (Gaussian decay", 22), 0);
    else assert_string_equal(method, "2SFCA");
    assert_string_equal(rec_str(rec, "counts.access.norms"),
                        "elder: 35 per 1,000 elderly (default)");
    json_object_put(rec);
    /* the QGIS style of places against the norm, beside the layers */
    assert_true(read_file(path_in(out, "estates_elder_places.qml"), html, sizeof html) > 0);
    assert_non_null(strstr(html, "&quot;elder_a10&quot; &gt;= 35"));
}

void test_access_2sfca(void **state)
{
    (void)state;
    check_access("access-2sfca", "none");
    check_access("access-gauss", "gauss");
}

/* A planner re-runs on the outputs of a run: every computed field of the input is replaced
 * (warned), not doubled, and the values come out as the first time. */
void test_rerun_on_own_output(void **state)
{
    (void)state;
    char out1[PATHLEN], out2[PATHLEN], est[PATHLEN + 16], fac[PATHLEN + 16];
    tmp_path(out1, "rerun-1");
    tmp_path(out2, "rerun-2");
    int rc = run_cli("run", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--capacity", "elder=40", "-o", out1,
                     (const char *)NULL);
    if (rc != 0) fail_msg("first run exited %d:\n%s", rc, g_log);
    snprintf(est, sizeof est, "%s:estates", path_in(out1, "lifecircle.gpkg"));
    snprintf(fac, sizeof fac, "%s:facilities", path_in(out1, "lifecircle.gpkg"));
    rc = run_cli("run", "--estates", est, "--facilities", fac, "--capacity", "elder=40", "-o",
                 out2, (const char *)NULL);
    if (rc != 0) fail_msg("re-run exited %d:\n%s", rc, g_log);
    assert_contains(g_log, "input field 'elder_a5' is replaced");
    assert_contains(g_log, "input field 'bundle' is replaced");
    assert_contains(g_log, "facilities: input field 'catkey' is replaced");
    static const char *const fields[] = {"elder_d", "elder_g5", "elder_a5", "elder_s10", "bundle"};
    vlayer a = open_layer(path_in(out1, "lifecircle.gpkg"), "estates");
    vlayer b = open_layer(path_in(out2, "lifecircle.gpkg"), "estates");
    assert_int_equal(count_features(a.lyr), count_features(b.lyr));
    OGR_L_ResetReading(a.lyr), OGR_L_ResetReading(b.lyr);
    OGRFeatureH fa, fb;
    size_t rows = 0;
    while ((fa = OGR_L_GetNextFeature(a.lyr)) != NULL) {
        rows++;
        fb = OGR_L_GetNextFeature(b.lyr);
        assert_non_null(fb);
        assert_string_equal(get_str(fa, "id"), get_str(fb, "id"));
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
            assert_int_equal(is_null(fa, fields[i]), is_null(fb, fields[i]));
            if (!is_null(fa, fields[i]))
                assert_near(get_double(fa, fields[i]), get_double(fb, fields[i]), 1e-3);
        }
        OGR_F_Destroy(fa), OGR_F_Destroy(fb);
    }
    assert_int_equal(rows, SAMPLE_ESTATES);
    assert_int_equal(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(a.lyr)),
                     OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(b.lyr)));
    close_layer(&a), close_layer(&b);
}

void test_site_needs_category(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "site-nocat");
    int rc = run_cli("site", "--estates", E.estates, "--facilities", E.facilities, "-o", out,
                     (const char *)NULL);
    assert_int_equal(rc, 2);
    assert_contains(g_log, "--category");
}
