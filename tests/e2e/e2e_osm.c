/*
 * e2e_osm.c — OpenStreetMap inputs and the walking network: the real extracts, walking runs on the
 * sample, category values and list flags as users type them, the walkability rule, OSM estates.
 */
#include "e2e.h"

/* ------------------------------------------------------------------------------------ */
/* Real OSM data (when present)                                                         */
/* ------------------------------------------------------------------------------------ */

/* Directory holding the real extracts: $LC_REAL, else ../shared/data/real relative to
 * the repository root, found as <LC_DATA>/../../shared/data/real or, failing that,
 * relative to the working directory. NULL: LC_E2E_SKIP_REAL is set. */
const char *real_dir(void)
{
    static char dir[PATHLEN];
    if (getenv("LC_E2E_SKIP_REAL")) return NULL;
    const char *env = getenv("LC_REAL");
    if (env && *env) {
        snprintf(dir, sizeof dir, "%s", env);
    } else {
        snprintf(dir, sizeof dir, "%s", path_in(E.data, "../../shared/data/real"));
        if (!dir_exists(dir)) snprintf(dir, sizeof dir, "../shared/data/real");
    }
    return dir;
}

/* <real>/<folder>/<file>, or skip the test when the real data are not here. */
const char *real_file(const char *folder, const char *file)
{
    static char p[PATHLEN];
    const char *base = real_dir();
    if (base) snprintf(p, sizeof p, "%s", path_in(base, folder));
    if (!base || !dir_exists(p)) {
        print_message("real data not present, skipping (%s)\n", folder);
        skip();
    }
    snprintf(p, sizeof p, "%s", path_in(path_in(base, folder), file));
    return p;
}

/* Input facts counted here with GDAL: features matching the filter, usable ones (a
 * geometry that keeps area after make-valid), and the UTM zone of their extent centre. */
typedef struct {
    long long matched, usable;
    int epsg;
} input_facts;

static input_facts count_input(const char *src, const char *layer, const char *where)
{
    input_facts r = {0, 0, 0};
    CPLPushErrorHandler(CPLQuietErrorHandler); /* OSM driver: "Non closed ring detected" */
    GDALDatasetH ds = open_vector(src, NULL);
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, layer);
    assert_non_null(lyr);
    assert_int_equal(OGR_L_SetAttributeFilter(lyr, where), OGRERR_NONE);
    OGREnvelope all = {HUGE_VAL, -HUGE_VAL, HUGE_VAL, -HUGE_VAL};
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && !OGR_G_IsEmpty(g)) {
            r.matched++;
            OGRGeometryH v = OGR_G_MakeValid(g);
            if (v && OGR_G_Area(v) > 0.0) {
                r.usable++;
                OGREnvelope e;
                OGR_G_GetEnvelope(v, &e);
                all.MinX = fmin(all.MinX, e.MinX);
                all.MaxX = fmax(all.MaxX, e.MaxX);
                all.MinY = fmin(all.MinY, e.MinY);
                all.MaxY = fmax(all.MaxY, e.MaxY);
            }
            if (v) OGR_G_DestroyGeometry(v);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    CPLPopErrorHandler();
    double lon = 0.5 * (all.MinX + all.MaxX), lat = 0.5 * (all.MinY + all.MaxY);
    int zone = (int)floor((lon + 180.0) / 6.0) + 1;
    r.epsg = (lat >= 0 ? 32600 : 32700) + zone;
    return r;
}

typedef struct {
    const char *folder, *file;
    long long readme_count; /* residential polygons according to the extract's README */
    const char *catkey;     /* a category that must be computed */
    double max_d;           /* every k_d must be below this */
} real_case;

static void run_real(const real_case *rc_)
{
    const char *base = real_dir();
    if (!base) {
        print_message("LC_E2E_SKIP_REAL is set: skipping the real-data test\n");
        skip();
    }
    char folder[PATHLEN];
    snprintf(folder, sizeof folder, "%s", path_in(base, rc_->folder));
    if (!dir_exists(folder)) {
        print_message("real data not present, skipping (%s)\n", folder);
        skip();
    }
    char pbf[PATHLEN], estates[PATHLEN];
    snprintf(pbf, sizeof pbf, "%s", path_in(folder, rc_->file));
    snprintf(estates, sizeof estates, "%s", path_in(folder, rc_->file));
    if (strlen(estates) + sizeof ":multipolygons" > sizeof estates) fail_msg("path too long");
    strcat(estates, ":multipolygons");
    const char *where = "landuse='residential'";

    input_facts in = count_input(pbf, "multipolygons", where);
    assert_int_equal(in.matched, rc_->readme_count);

    char outname[64];
    snprintf(outname, sizeof outname, "real-%s", rc_->folder);
    char out[PATHLEN];
    tmp_path(out, outname);
    int rc = run_cli("coverage", "--estates", estates, "--estates-where", where,
                     "--facilities", pbf, "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("%s exited %d:\n%s", rc_->file, rc, g_log);

    /* The CLI reads every matching feature, writes the usable ones, logs the rest. */
    json_object *rec = run_record(out);
    assert_int_equal(rec_int(rec, "counts.estates.read"), in.matched);
    assert_int_equal(rec_int(rec, "counts.estates.written"), in.usable);
    assert_int_equal(rec_int(rec, "counts.estates.skipped"), in.matched - in.usable);
    char want[32];
    snprintf(want, sizeof want, "EPSG:%d", in.epsg);
    assert_string_equal(rec_str(rec, "working_crs"), want);
    json_object_put(rec);

    char gpkg[PATHLEN];
    snprintf(gpkg, sizeof gpkg, "%s", path_in(out, "lifecircle.gpkg"));
    assert_int_equal(count_layer(gpkg, "estates"), in.usable);
    assert_int_equal(count_layer(path_in(out, "estates.shp"), NULL), in.usable);
    assert_int_equal(count_layer(path_in(out, "estates.geojson"), NULL), in.usable);

    vlayer v = open_layer(gpkg, "estates");
    assert_layer_epsg(v.lyr, in.epsg, "real estates");
    char nd[32];
    fname(nd, sizeof nd, rc_->catkey, "d");
    if (!has_field(v.lyr, nd)) fail_msg("%s: no field %s", rc_->file, nd);
    OGRFeatureH f;
    OGR_L_ResetReading(v.lyr);
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        double d = get_double(f, nd);
        if (!(d >= 0.0 && d < rc_->max_d))
            fail_msg("%s: feature %lld %s = %f, expected in [0, %.0f)", rc_->file,
                     (long long)OGR_F_GetFID(f), nd, d, rc_->max_d);
        OGR_F_Destroy(f);
    }
    close_layer(&v);

    static const double radii[] = {300.0, 500.0};
    static const int tiers[] = {5, 10};
    assert_int_equal(verify_category(out, rc_->catkey, radii, tiers, 2), in.usable);
}

void test_real_helsinki(void **state)
{
    (void)state;
    /* the extract's README: 26 residential polygons; one is a 3-point sliver cut by the bbox
     * (no area). */
    static const real_case c = {"osm-helsinki-kamppi", "helsinki-kamppi-2019-04.osm.pbf", 26,
                                "clinic", 2000.0};
    run_real(&c);
}

void test_real_monaco(void **state)
{
    (void)state;
    /* the extract's README: 14 residential polygons, coarse zones over ~11 km of coast: the
     * nearest of the 5 hospitals can be ~4 km away, so the bound is the extract's diagonal. */
    static const real_case c = {"osm-monaco", "monaco-2016-03-05.osm.pbf", 14, "hosp", 13000.0};
    run_real(&c);
}

/* ------------------------------------------------------------------------------------ */
/* Walking network                                                                      */
/* ------------------------------------------------------------------------------------ */

/* Every estate: k_w is null or at least k_d (no walk is shorter than the straight line),
 * the gaps follow k_w, and the shares are in [0, 1]. Returns the estates with a k_w. */
static long long check_walk_fields(OGRLayerH lyr, const char *cat)
{
    char nd[32], nw[32], g5[32], g10[32], c5[32], c10[32];
    fname(nd, sizeof nd, cat, "d"), fname(nw, sizeof nw, cat, "w");
    fname(g5, sizeof g5, cat, "g5"), fname(g10, sizeof g10, cat, "g10");
    fname(c5, sizeof c5, cat, "c5"), fname(c10, sizeof c10, cat, "c10");
    if (!has_field(lyr, nw)) fail_msg("no field %s", nw);
    long long with_w = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        int has_w = !is_null(f, nw);
        double w = has_w ? get_double(f, nw) : INFINITY;
        if (has_w) {
            with_w++;
            if (w < get_double(f, nd) - 1e-3 || w > 500 + 1e-9)
                fail_msg("%s: %s = %f, %s = %f", get_str(f, "id"), nw, w, nd, get_double(f, nd));
        }
        assert_int_equal(get_int(f, g5), !(w <= 300));
        assert_int_equal(get_int(f, g10), !(w <= 500));
        double a = get_double(f, c5), b = get_double(f, c10);
        assert_true(a >= 0 && a <= b + 1e-9 && b <= 1);
        OGR_F_Destroy(f);
    }
    return with_w;
}

/* The run's walking service areas (those matching `where`) against the reached network
 * buffered here (below). */

void test_network_sample(void **state)
{
    (void)state;
    char out[PATHLEN], net[PATHLEN];
    tmp_path(out, "walk");
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    int rc = run_sample(out, "--network", net, NULL, NULL);
    if (rc != 0) fail_msg("network run exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.network", "read=656 walkable=656");
    assert_counts(out, "counts.network", "estates_without_access=3"); /* the sentinels, 3 km away */
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    for (int k = 0; k < NCATS; k++) assert_true(check_walk_fields(v.lyr, SAMPLE_CATS[k]) > 0);
    OGRFeatureH f = find_feature(v.lyr, "id", "S1");
    assert_true(is_null(f, "elder_w"));  /* no access point: unreachable on foot */
    assert_int_equal(get_int(f, "elder_g5"), 1);
    assert_near(get_double(f, "elder_d"), 0.0, 1e-3); /* the straight line stays */
    OGR_F_Destroy(f);
    close_layer(&v);
    /* service areas: 8 straight-line rows then 8 walking rows */
    vlayer sa = open_layer(path_in(out, "lifecircle.gpkg"), "service_areas");
    assert_int_equal(count_features(sa.lyr), 16);
    OGR_L_SetAttributeFilter(sa.lyr, "mode = 'walk'");
    assert_int_equal(count_features(sa.lyr), 8);
    close_layer(&sa);
    /* the same layer as RFC 7946 GeoJSON, in lon/lat */
    vlayer gj = open_layer(path_in(out, "service_areas.geojson"), NULL);
    assert_int_equal(count_features(gj.lyr), 16);
    OGREnvelope env;
    assert_int_equal(OGR_L_GetExtent(gj.lyr, &env, TRUE), OGRERR_NONE);
    assert_true(env.MinX > 117.0 && env.MaxX < 117.4 && env.MinY > 39.0 && env.MaxY < 39.3);
    close_layer(&gj);
    assert_walk_areas(out, net, "mode = 'walk'", 8);
}

/* Entrances: tied to estates by id; an unknown id is reported; they need a network. */
void test_entrances(void **state)
{
    (void)state;
    char out[PATHLEN], net[PATHLEN], ent[PATHLEN];
    tmp_path(out, "entrances");
    tmp_path(ent, "entrances.geojson");
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    write_file(ent, "{\"type\":\"FeatureCollection\",\"features\":["
                    "{\"type\":\"Feature\",\"properties\":{\"estate_id\":\"E0003\"},"
                    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[117.18,39.105]}},"
                    "{\"type\":\"Feature\",\"properties\":{\"estate_id\":\"NOPE\"},"
                    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[117.18,39.105]}}]}");
    int rc = run_sample(out, "--network", net, "--entrances", ent);
    if (rc != 0) fail_msg("entrances run exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.entrances", "read=2 used=1 unknown_estate=1");
    assert_contains(g_log, "estate id 'NOPE' is not among the estates");
    rc = run_sample(out, "--entrances", ent, NULL, NULL);
    assert_int_equal(rc, 2);
    assert_contains(g_log, "--entrances needs a walking network");
}

/* --per-facility: one area per reachable facility and tier (user guide: a search from each
 * reachable facility alone), with r5 at 100 m: shorter than the walk past most facilities'
 * snap offsets to the ends of their edges (up to 150 m here), so the user guide's stretch "from a
 * facility on the edge" reaches where the stretches from the edge's ends do not (at 300 m
 * those always cover it on this grid). Checked two ways:
 *  - against this file's own construction for the first two facilities of each category,
 *    both tiers: the stretches within r of that facility alone by the reference Dijkstra,
 *    buffered and unioned here (check_walk_area); and the facilities given an area are the
 *    ones the reference snaps within max_snap; the category's 100 m walking service areas
 *    too (test_network_sample checks those at 300 and 500 m);
 *  - every category's walking service area, at both tiers, is the union of its facilities'
 *    areas (the engine against itself, but both are checked on their own above). */
static void assert_facility_union(const char *gpkg, const char *cat, int tier, double rel);

void test_per_facility(void **state)
{
    (void)state;
    char out[PATHLEN], net[PATHLEN];
    tmp_path(out, "perfac");
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    int rc = run_cli("coverage", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--network", net, "--per-facility", "--r5",
                     "100", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("--per-facility run exited %d:\n%s", rc, g_log);
    char gpkg[PATHLEN];
    snprintf(gpkg, sizeof gpkg, "%s", path_in(out, "lifecircle.gpkg"));
    /* 59 mapped facilities, 2 beyond max-snap: 57 × 2 tiers */
    assert_int_equal(count_layer(gpkg, "facility_areas"), 114);
    assert_int_equal(count_layer(path_in(out, "facility_areas.geojson"), NULL), 114);
    assert_facility_areas(out, net, 2);
    assert_walk_areas(out, net, "mode = 'walk' AND tier = 5", NCATS);
    /* the grid's straight streets are joined differently per facility, and a joined
     * street's capsule strays up to 1 cm from its pieces' (vertices within 1 cm are one
     * node), so where the two join differently their sides and end arcs lie millimetres
     * apart: up to 1.04e-5 of the area here (elder at 10 minutes: 654 slivers, the largest a
     * block's hole 6 mm narrower on one side, 0.65 m²; 3e-8 at 100 m); 3e-5 of the 500 m
     * areas is 75-160 m², a 50 m buffer along 0.75-1.6 m of street */
    for (int k = 0; k < NCATS; k++)
        for (int tier = 5; tier <= 10; tier += 5)
            assert_facility_union(gpkg, SAMPLE_CATS[k], tier, 3e-5);
}

/* The walking service area of `cat` at `tier` equals the GEOS union (through GDAL) of the
 * per-facility areas (--per-facility): the multi-source search against single-source ones,
 * the tiled union (and the capsules it leaves out as inside the others) against GEOS's own
 * union. Both valid, the same area, no difference beyond `rel` of it. */
static void assert_facility_union(const char *gpkg, const char *cat, int tier, double rel)
{
    char where[128];
    snprintf(where, sizeof where, "category = '%s' AND tier = %d", cat, tier);
    vlayer fa = open_layer(gpkg, "facility_areas");
    OGR_L_SetAttributeFilter(fa.lyr, where);
    OGRGeometryH u = NULL;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(fa.lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!OGR_G_IsValid(g)) fail_msg("facility area of %s (%s) is not valid", cat, get_str(f, "name"));
        OGRGeometryH nu = u ? OGR_G_Union(u, g) : OGR_G_Clone(g);
        if (u) OGR_G_DestroyGeometry(u);
        u = nu;
        OGR_F_Destroy(f);
    }
    close_layer(&fa);
    assert_non_null(u);
    vlayer sa = open_layer(gpkg, "service_areas");
    snprintf(where, sizeof where, "category = '%s' AND tier = %d AND mode = 'walk'", cat, tier);
    OGR_L_SetAttributeFilter(sa.lyr, where);
    f = OGR_L_GetNextFeature(sa.lyr);
    assert_non_null(f);
    OGRGeometryH area = OGR_F_GetGeometryRef(f);
    assert_true(OGR_G_IsValid(area));
    double want = OGR_G_Area(area), got = OGR_G_Area(u);
    OGRGeometryH d = OGR_G_SymDifference(u, area);
    assert_non_null(d);
    if (!(fabs(got - want) <= rel * want && OGR_G_Area(d) <= rel * want))
        fail_msg("%s at tier %d: walking area %.3f m², union of the facilities' %.3f m², "
                 "symmetric difference %.6f m²", cat, tier, want, got, OGR_G_Area(d));
    OGR_G_DestroyGeometry(d);
    OGR_F_Destroy(f);
    OGR_G_DestroyGeometry(u);
    close_layer(&sa);
}

/* Liechtenstein through `run` with its network as a new user runs it (the files only; the
 * residential areas by default), with --per-facility: on every estate and category what
 * holds without a second implementation (k_w >= k_d, shares in [0, 1] and ordered, gaps
 * following k_w), every walking service area valid, and the kindergartens' and the elder
 * care's areas equal to the union of their per-facility areas. Real streets: short segments
 * every way, footways beside roads, far-away test outliers. */
void test_real_liechtenstein_walking(void **state)
{
    (void)state;
    const char *pbf = real_file("osm-liechtenstein", "liechtenstein-2021-01.osm.pbf");
    char src[PATHLEN], out[PATHLEN];
    snprintf(src, sizeof src, "%s", pbf);
    tmp_path(out, "real-li-walk");
    int rc = run_cli("run", "--estates", src, "--facilities", src, "--network", src,
                     "--per-facility", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("Liechtenstein walking run exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.network", "read=10423");
    char gpkg[PATHLEN];
    snprintf(gpkg, sizeof gpkg, "%s", path_in(out, "lifecircle.gpkg"));
    vlayer v = open_layer(gpkg, "estates");
    assert_int_equal(count_features(v.lyr), 320);
    static const char *const cats[] = {"kgdn", "clinic", "elder", "comm", "hosp"};
    long long reached = 0;
    for (size_t i = 0; i < sizeof cats / sizeof *cats; i++) reached += check_walk_fields(v.lyr, cats[i]);
    assert_true(reached > 50); /* a walk within 500 m for many (estate, category) pairs */
    close_layer(&v);
    vlayer sa = open_layer(gpkg, "service_areas");
    OGR_L_SetAttributeFilter(sa.lyr, "mode = 'walk'");
    long long areas = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(sa.lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && !OGR_G_IsValid(g))
            fail_msg("walking area of %s at tier %lld is not valid", get_str(f, "category"),
                     get_int(f, "tier"));
        areas++;
        OGR_F_Destroy(f);
    }
    close_layer(&sa);
    assert_int_equal(areas, 2 * 6); /* six categories found, two tiers */
    assert_facility_union(gpkg, "kgdn", 10, 1e-6);
    assert_facility_union(gpkg, "elder", 5, 1e-6);
}

void test_network_real(void **state)
{
    (void)state;
    const char *base = real_dir();
    char pbf[PATHLEN], estates[PATHLEN + 16], out[PATHLEN];
    if (base) snprintf(pbf, sizeof pbf, "%s", path_in(base, "osm-helsinki-kamppi"));
    if (!base || !dir_exists(pbf)) {
        print_message("real data not present, skipping the real walking test\n");
        skip();
    }
    snprintf(pbf, sizeof pbf, "%s", path_in(base, "osm-helsinki-kamppi/helsinki-kamppi-2019-04.osm.pbf"));
    snprintf(estates, sizeof estates, "%s:multipolygons", pbf);
    tmp_path(out, "real-walk");
    int rc = run_cli("coverage", "--estates", estates, "--estates-where", "landuse='residential'",
                     "--facilities", pbf, "--network", pbf, "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("walking run on Helsinki exited %d:\n%s", rc, g_log);
    assert_true(run_int(out, "counts.network.walkable") > 0);
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    assert_true(check_walk_fields(v.lyr, "clinic") > 0);
    close_layer(&v);
}

/* ------------------------------------------------------------------------------------ */
/* Inputs as users type them: a tiny hand-made OSM file and literal category */
/* values in tests/fixtures/ (always), and the real extracts (when present)              */
/* ------------------------------------------------------------------------------------ */

/* tests/fixtures/<name>, found from LC_DATA (data/ sits beside tests/). */
static const char *fixture(const char *name)
{
    static char p[4][PATHLEN];
    static int k;
    char *b = p[k++ % 4];
    snprintf(b, PATHLEN, "%s", path_in(E.data, "../tests/fixtures"));
    snprintf(b + strlen(b), PATHLEN - strlen(b), "/%s", name);
    if (!file_exists(b)) fail_msg("fixture %s is missing", b);
    return b;
}

/* Features of a layer (or of `sql`'s result) passing `where`. */
static long long count_where(const char *src, const char *layer, const char *sql,
                             const char *where)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = open_vector(src, NULL);
    OGRLayerH lyr = sql     ? GDALDatasetExecuteSQL(ds, sql, NULL, "OGRSQL")
                    : layer ? GDALDatasetGetLayerByName(ds, layer)
                            : GDALDatasetGetLayer(ds, 0);
    assert_non_null(lyr);
    assert_int_equal(OGR_L_SetAttributeFilter(lyr, where), OGRERR_NONE);
    long long n = 0; /* counted one by one: the OSM driver does not count */
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) n++, OGR_F_Destroy(f);
    if (sql) GDALDatasetReleaseResultSet(ds, lyr);
    GDALClose(ds);
    CPLPopErrorHandler();
    return n;
}

/* Facilities of the written layer with this catkey. */
static long long count_catkey(const char *out, const char *key)
{
    char where[64];
    snprintf(where, sizeof where, "catkey = '%s'", key);
    return count_where(path_in(out, "lifecircle.gpkg"), "facilities", NULL, where);
}

/* Category values as typed, on the fixture: `--categories cafe,food,bank,pub` evaluates the
 * facilities whose category is literally "cafe", "Cafe ", " Food", "BANK"; pub matches nothing,
 * and the warning names the raw values seen most often. On the OSM file, cafe is amenity=cafe. */
void test_categories_name_raw_values(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "cat-raw");
    int rc = run_cli("coverage", "--estates", fixture("mini.osm"), "--facilities",
                     fixture("mini-facilities.geojson"), "--categories", "cafe,food,bank,pub",
                     "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.facilities", "read=6 mapped=5 unmapped=1");
    assert_contains(g_log, "category 'pub': no facility in ");
    assert_contains(g_log, "the values of 'category' seen most often: 'cafe' (2), ' Food' (1), "
                           "'BANK' (1), 'Cafe ' (1), 'food court' (1)");
    if (strstr(g_log, "category 'cafe' maps to no key")) fail_msg("cafe unmapped:\n%s", g_log);
    assert_int_equal(count_catkey(out, "cafe"), 3);
    assert_int_equal(count_catkey(out, "food"), 1);
    assert_int_equal(count_catkey(out, "bank"), 1);
    static const double radii[] = {300.0, 500.0};
    static const int tiers[] = {5, 10};
    assert_int_equal(verify_category(out, "cafe", radii, tiers, 2), 2);
    assert_int_equal(verify_category(out, "bank", radii, tiers, 2), 2);
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    OGRFeatureH f = find_feature(v.lyr, "name", "R1");
    assert_true(is_null(f, "pub_d"));
    assert_int_equal(get_int(f, "pub_g10"), 1);
    OGR_F_Destroy(f);
    close_layer(&v);
    /* an OSM file: the value of the tag names the key */
    rc = run_cli("coverage", "--estates", fixture("mini.osm"), "--facilities", fixture("mini.osm"),
                 "--categories", "cafe,kgdn", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.facilities", "read=2 mapped=2 unmapped=0");
    assert_int_equal(count_catkey(out, "cafe"), 1);
    /* a raw value too long for a key: the error says how to evaluate it */
    rc = run_cli("coverage", "--estates", fixture("mini.osm"), "--facilities", fixture("mini.osm"),
                 "--categories", "cafe,restaurant", "-o", out, (const char *)NULL);
    assert_int_equal(rc, 2);
    assert_contains(g_log, "--categories restau --map restau=restaurant");
}

/* Category values as typed, on real data: Liechtenstein's amenity points as a layer whose
 * category is the raw OSM value ("school", "fuel", "bench"), evaluated by naming the values. */
void test_categories_name_raw_values_real(void **state)
{
    (void)state;
    const char *pbf = real_file("osm-liechtenstein", "liechtenstein-2021-01.osm.pbf");
    char fac[PATHLEN], out[PATHLEN];
    tmp_path(fac, "li-amenities.geojson");
    remove_tree(fac);
    char *argv[] = {"-f", "GeoJSON", "-sql", "SELECT hstore_get_value(other_tags,'amenity') AS "
                    "category FROM points WHERE hstore_get_value(other_tags,'amenity') IS NOT NULL",
                    NULL};
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    GDALDatasetH src = open_vector(pbf, NULL);
    int err = 0;
    GDALDatasetH dst = GDALVectorTranslate(fac, NULL, 1, &src, o, &err);
    GDALVectorTranslateOptionsFree(o);
    GDALClose(src);
    if (!dst || err) fail_msg("cannot write %s", fac);
    GDALClose(dst);
    long long school = count_where(fac, NULL, NULL, "category = 'school'");
    long long fuel = count_where(fac, NULL, NULL, "category = 'fuel'");
    long long bench = count_where(fac, NULL, NULL, "category = 'bench'");
    assert_true(school > 10 && fuel > 10 && bench > 100); /* 21, 19, 187 in 2021-01 */
    tmp_path(out, "li-raw-cats");
    int rc = run_cli("coverage", "--estates", pbf, "--facilities", fac, "--categories",
                     "school,fuel,bench", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(count_catkey(out, "school"), school);
    assert_int_equal(count_catkey(out, "fuel"), fuel);
    assert_int_equal(count_catkey(out, "bench"), bench);
    static const double radii[] = {300.0, 500.0};
    static const int tiers[] = {5, 10};
    assert_int_equal(verify_category(out, "school", radii, tiers, 2), 320);
    /* the OSM file itself: school is amenity=school, points and areas */
    long long want = count_where(pbf, NULL, "SELECT hstore_get_value(other_tags,'amenity') AS "
                                 "amenity FROM points", "amenity = 'school'") +
                     count_where(pbf, "multipolygons", NULL, "amenity = 'school'");
    assert_true(want > school);
    rc = run_cli("coverage", "--estates", pbf, "--facilities", pbf, "--categories",
                 "school,shcool", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(count_catkey(out, "school"), want);
    /* a typo matches nothing: the warning shows what there is */
    assert_contains(g_log, "category 'shcool': no facility in ");
    assert_contains(g_log, "the OSM tags seen most often: 'amenity=parking' (");
}

/* List flags, on the fixture: every list flag splits on commas; a YAML list works the same. */
void test_list_flags_split(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "list-flags");
    const char *osm = fixture("mini.osm");
    /* 1 residential, 3 footways; foot allows the cycleway, the private service road and the
     * trunk road: 7 of 14 (as one item, "footway,residential", only those 3) */
    int rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--network", osm,
                     "--walk-highways", "footway,residential", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.network", "read=14 walkable=7 excluded=7");
    /* without foot=designated among the values: the cycleway is out (8 of the default 9) */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--network", osm,
                 "--walk-foot-values", "yes, permissive", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.network", "read=14 walkable=8 excluded=6");
    /* access=no excludes, access=private no more: the private service road is in (10) */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--network", osm,
                 "--walk-access-excluded", "no,agricultural", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.network", "read=14 walkable=10 excluded=4");
    /* categories and a map's raw values */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--categories", "kg,cafe",
                 "--map", "kg=amenity=kindergarten,amenity=childcare", "-o", out,
                 (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.facilities", "read=2 mapped=2 unmapped=0");
    assert_int_equal(count_catkey(out, "kg"), 1);
    assert_int_equal(category_fields(out), 2);
    /* the same lists from a YAML config, as lists and as one plain value */
    const char *cfg = bad_file("lists.yaml", "walk_highways: [footway, residential]\n"
                                             "walk_foot_values: yes,permissive\n");
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--network", osm, "--config",
                 cfg, "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.network", "read=14 walkable=6 excluded=8");
    /* lists that leave no way walkable stop the run; so does a list without items */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--network", osm,
                 "--walk-highways", "x", "--walk-foot-values", "y", "-o", out, (const char *)NULL);
    assert_int_equal(rc, 4);
    assert_contains(g_log, "no walkable line (14 read, 14 excluded by the walkability rule)");
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--walk-highways", " , ",
                 "-o", out, (const char *)NULL);
    assert_int_equal(rc, 2);
    assert_contains(g_log, "setting 'walk_highways': ' , ' names no item");
    /* the removed setting says what replaced it */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--walk-foot-required",
                 "trunk", "-o", out, (const char *)NULL);
    assert_int_equal(rc, 2);
    assert_contains(g_log, "'walk_foot_required' was removed");
}

/* The walkability rule, as the user guide states it, applied here to a network's ways. */
int walkable_by_rule(const char *highway, const char *foot, const char *access,
                     const char *const *highways)
{
    if (foot && !strcasecmp(foot, "no")) return 0; /* user guide: values ignore ASCII case */
    if (foot && (!strcasecmp(foot, "yes") || !strcasecmp(foot, "designated") ||
                 !strcasecmp(foot, "permissive")))
        return 1;
    if (access && (!strcasecmp(access, "private") || !strcasecmp(access, "no"))) return 0;
    for (size_t i = 0; highway && highways[i]; i++)
        if (!strcasecmp(highway, highways[i])) return 1;
    return 0;
}

const char *const RULE_HIGHWAYS[] = {"footway", "path", "pedestrian", "steps",
    "living_street", "residential", "service", "unclassified", "track", "corridor", "elevator",
    "platform", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary",
    "primary_link", NULL};

/* Walkable ways of an OSM file by the rule above; *foot_only: those walkable only through
 * their foot tag (highway not in the list). */
static long long osm_walkable(const char *pbf, const char *const *highways, long long *foot_only)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = open_vector(pbf, NULL);
    OGRLayerH lyr = GDALDatasetExecuteSQL(ds, "SELECT highway, hstore_get_value(other_tags,'foot') "
                                          "AS foot, hstore_get_value(other_tags,'access') AS "
                                          "access FROM lines WHERE highway IS NOT NULL", NULL,
                                          "OGRSQL");
    assert_non_null(lyr);
    long long n = 0;
    *foot_only = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        const char *hw = get_str(f, "highway");
        const char *foot = is_null(f, "foot") ? NULL : get_str(f, "foot");
        const char *acc = is_null(f, "access") ? NULL : get_str(f, "access");
        int w = walkable_by_rule(hw, foot, acc, highways);
        n += w;
        *foot_only += w && !walkable_by_rule(hw, NULL, NULL, highways);
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(ds, lyr);
    GDALClose(ds);
    CPLPopErrorHandler();
    return n;
}

/* List flags, on real data: `--walk-highways footway,cycleway` on Helsinki keeps footways and
 * cycleways (it kept nothing when the value was one item). */
void test_list_flags_split_real(void **state)
{
    (void)state;
    const char *pbf = real_file("osm-helsinki-kamppi", "helsinki-kamppi-2019-04.osm.pbf");
    static const char *const mine[] = {"footway", "cycleway", NULL};
    long long foot_only, want = osm_walkable(pbf, mine, &foot_only);
    assert_true(want > 1000); /* 1 160 in 2019-04 */
    char out[PATHLEN];
    tmp_path(out, "hel-list");
    int rc = run_cli("coverage", "--estates", pbf, "--facilities", pbf, "--network", pbf,
                     "--categories", "clinic", "--walk-highways", "footway,cycleway", "-o", out,
                     (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(run_int(out, "counts.network.walkable"), want);
}

/* Length in metres of the straight line between two lon/lat points, in UTM 32N. */
static double utm32_distance(double lon1, double lat1, double lon2, double lat2)
{
    OGRSpatialReferenceH ll = OSRNewSpatialReference(NULL), utm = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(ll, 4326), OSRImportFromEPSG(utm, 32632);
    OSRSetAxisMappingStrategy(ll, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(utm, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(ll, utm);
    double x[2] = {lon1, lon2}, y[2] = {lat1, lat2};
    assert_true(OCTTransform(ct, 2, x, y, NULL));
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(ll), OSRDestroySpatialReference(utm);
    return hypot(x[1] - x[0], y[1] - y[0]);
}

/* The walkability rule, on the fixture: each part of the rule (9 of 14 ways walkable), and the
 * shared foot/cycle path (highway=cycleway + foot=designated) brings R1 within 10 minutes of the
 * kindergarten: kgdn_w is exactly its length; without it, the detour is 983 m. */
void test_walkability_rule(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "walk-rule");
    const char *osm = fixture("mini.osm");
    int rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--network", osm,
                     "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.network", "read=14 walkable=9 excluded=5");
    double path = utm32_distance(9.5210, 47.1403, 9.5240, 47.1425);
    double r2 = utm32_distance(9.5240, 47.1407, 9.5240, 47.1425);
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    OGRFeatureH f = find_feature(v.lyr, "name", "R1");
    assert_near(get_double(f, "kgdn_w"), path, 0.01);
    assert_int_equal(get_int(f, "kgdn_g10"), 0);
    assert_int_equal(get_int(f, "kgdn_g5"), 1); /* 334 m > 300 */
    OGR_F_Destroy(f);
    f = find_feature(v.lyr, "name", "R2");
    assert_near(get_double(f, "kgdn_w"), r2, 0.01);
    OGR_F_Destroy(f);
    close_layer(&v);
    /* the foot part switched off for designated: R1 has no kindergarten within 10 minutes */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--network", osm,
                 "--walk-foot-values", "yes", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.network", "read=14 walkable=8 excluded=6");
    v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    f = find_feature(v.lyr, "name", "R1");
    assert_true(is_null(f, "kgdn_w"));
    assert_int_equal(get_int(f, "kgdn_g10"), 1);
    OGR_F_Destroy(f);
    f = find_feature(v.lyr, "name", "R2");
    assert_near(get_double(f, "kgdn_w"), r2, 0.01);
    OGR_F_Destroy(f);
    close_layer(&v);
}

/* Geofabrik's road shapefile (gis_osm_roads_free_1.shp: osm_id, code, fclass, name; no
 * highway, foot or access): fclass is the highway value, track_grade1-5 are tracks, unknown
 * is not walkable. The fixture's 14 ways as such a file (114 a track_grade2, 117 unknown):
 * the foot and access tags are gone, so 104, 106-111, 114 and 116 are walkable, the cycleways
 * 105 and 115, the motorway 112, the trunk 113 and the unknown 117 are not. Read as a layer
 * without a highway field, every way would be walkable (14). */
void test_geofabrik_roads(void **state)
{
    (void)state;
    char dir[PATHLEN], shp[PATHLEN], out[PATHLEN];
    tmp_path(dir, "geofabrik");
    mkdir(dir, 0755);
    snprintf(shp, sizeof shp, "%s", path_in(dir, "gis_osm_roads_free_1.shp"));
    const char *osm = fixture("mini.osm");
    char *argv[] = {"-f", "ESRI Shapefile", "-dialect", "SQLite", "-sql",
                    "SELECT osm_id, 5100 AS code, CASE osm_id WHEN '114' THEN 'track_grade2' "
                    "WHEN '117' THEN 'unknown' ELSE highway END AS fclass, name, geometry "
                    "FROM lines", "-nln", "gis_osm_roads_free_1", NULL};
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    GDALDatasetH src = open_vector(osm, NULL);
    GDALDatasetH dst = GDALVectorTranslate(shp, NULL, 1, &src, o, NULL);
    GDALVectorTranslateOptionsFree(o);
    GDALClose(src);
    assert_non_null(dst);
    GDALClose(dst);
    tmp_path(out, "geofabrik-out");
    int rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--network", shp,
                     "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_contains(g_log, "no 'highway' field but Geofabrik's 'fclass'");
    assert_counts(out, "counts.network", "read=14 walkable=9 excluded=5");
    /* R2 walks to the kindergarten along footways only: the same k_w as from the OSM file */
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    OGRFeatureH f = find_feature(v.lyr, "name", "R2");
    assert_near(get_double(f, "kgdn_w"), utm32_distance(9.5240, 47.1407, 9.5240, 47.1425), 0.01);
    OGR_F_Destroy(f);
    close_layer(&v);
}

/* The walkability rule, on real data: Kamppi's shared foot/cycle paths are walkable; the CLI
 * keeps exactly the ways the user guide's rule keeps. */
void test_walkability_rule_real(void **state)
{
    (void)state;
    const char *pbf = real_file("osm-helsinki-kamppi", "helsinki-kamppi-2019-04.osm.pbf");
    long long foot_only, want = osm_walkable(pbf, RULE_HIGHWAYS, &foot_only);
    long long shared = count_where(pbf, NULL, "SELECT highway, hstore_get_value(other_tags,'foot') "
                                   "AS foot FROM lines", "highway = 'cycleway' AND foot IN "
                                   "('yes','designated','permissive')");
    assert_int_equal(shared, 85); /* Kamppi's shared paths: 51 designated, 34 yes */
    assert_true(foot_only >= shared);
    char out[PATHLEN];
    tmp_path(out, "hel-rule");
    int rc = run_cli("coverage", "--estates", pbf, "--facilities", pbf, "--network", pbf,
                     "--categories", "clinic", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(run_int(out, "counts.network.walkable"), want);
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    assert_true(check_walk_fields(v.lyr, "clinic") > 0);
    close_layer(&v);
}

/* Estates of an OSM file, on the fixture: an OSM file's estates are its residential areas unless
 * --estates-where says otherwise; the log and run.json say which filter was applied. */
void test_osm_estates_default(void **state)
{
    (void)state;
    char out[PATHLEN];
    static char text[LOGLEN];
    tmp_path(out, "osm-estates");
    const char *osm = fixture("mini.osm");
    int rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "-o", out,
                     (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.estates", "read=2 written=2");
    assert_contains(g_log, "the estates are its residential areas (landuse='residential')");
    /* an OSM file has no id field by nature: its OSM ids are used without a warning, which
     * would fail every --strict run on an extract */
    if (strstr(g_log, "no field 'id'")) fail_msg("warned of the missing id field:\n%s", g_log);
    assert_counts(out, "estates_filter", "where=\"landuse='residential'\" source=\"osm_default\"");
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    assert_int_equal(count_features(v.lyr), 2);
    OGRFeatureH f = find_feature(v.lyr, "name", "R2");
    assert_string_equal(get_str(f, "id"), "way/101");
    OGR_F_Destroy(f);
    close_layer(&v);
    /* --estates-where overrides it */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--estates-where",
                 "building='yes'", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.estates", "read=1 written=1");
    if (strstr(g_log, "residential areas")) fail_msg("default filter logged:\n%s", g_log);
    assert_counts(out, "estates_filter", "where=\"building='yes'\" source=\"estates_where\"");
    /* an empty filter takes every multipolygon: the two areas, the building and the park */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--estates-where", "", "-o",
                 out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.estates", "read=4 written=4");
    assert_counts(out, "", "estates_filter=null");
    /* a file without residential areas (a routing extract such as Heidelberg's) says so and
     * how to name the estates, not "no usable geometry" */
    read_file(osm, text, sizeof text);
    for (char *p = text; (p = strstr(p, "v=\"residential\"/>")) != NULL; p++)
        memcpy(p, "v=\"farmland\"   />", 17);
    char bare[PATHLEN];
    tmp_path(bare, "no-residential.osm");
    write_file(bare, text);
    rc = run_cli("coverage", "--estates", bare, "--facilities", osm, "-o", out, (const char *)NULL);
    assert_int_not_equal(rc, 0);
    assert_contains(g_log, "no residential area (landuse='residential') in this OpenStreetMap file; "
                           "name the estates with --estates-where");
}

/* Estates of an OSM file, on real data: Liechtenstein's 320 residential areas and Monaco's 14
 * (not its 24 084 multipolygons) with no flag but the files; --estates-where still decides when
 * given. */
void test_osm_estates_default_real(void **state)
{
    (void)state;
    const char *pbf = real_file("osm-liechtenstein", "liechtenstein-2021-01.osm.pbf");
    char li[PATHLEN], out[PATHLEN];
    snprintf(li, sizeof li, "%s", pbf);
    input_facts in = count_input(li, "multipolygons", "landuse='residential'");
    assert_int_equal(in.matched, 320); /* the README of the extract */
    tmp_path(out, "li-default");
    int rc = run_cli("coverage", "--estates", li, "--facilities", li, "-o", out,
                     (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(run_int(out, "counts.estates.read"), in.matched);
    assert_int_equal(run_int(out, "counts.estates.written"), in.usable);
    assert_contains(g_log, "the estates are its residential areas");
    assert_counts(out, "estates_filter", "source=\"osm_default\"");
    assert_int_equal(count_layer(path_in(out, "lifecircle.gpkg"), "estates"), in.usable);
    /* an explicit filter wins */
    const char *where = "landuse IN ('residential','retail')";
    input_facts in2 = count_input(li, "multipolygons", where);
    assert_true(in2.matched > in.matched);
    rc = run_cli("coverage", "--estates", li, "--facilities", li, "--estates-where", where, "-o",
                 out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(run_int(out, "counts.estates.read"), in2.matched);
    /* Monaco: 14 residential areas */
    const char *mc = real_file("osm-monaco", "monaco-2016-03-05.osm.pbf");
    rc = run_cli("coverage", "--estates", mc, "--facilities", mc, "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(run_int(out, "counts.estates.read"), 14);
}
