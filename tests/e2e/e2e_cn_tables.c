/*
 * e2e_cn_tables.c — Chinese data as tables: GBK files, POI tables and their datums, the mission's
 * categories by name, several facility sources, Chinese field names.
 */
#include "e2e.h"

/* A GBK Shapefile without .cpg: a warning naming GBK; with --encoding GBK the names read. */
void test_gbk_shapefile(void **state)
{
    (void)state;
    char dir[PATHLEN], shp[PATHLEN], cpg[PATHLEN];
    tmp_path(dir, "gbk");
    mkdir(dir, 0755);
    snprintf(shp, sizeof shp, "%s", path_in(dir, "estates.shp"));
    char *argv[] = {"-f", "ESRI Shapefile", "-lco", "ENCODING=CP936", NULL};
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    GDALDatasetH src = open_vector(E.estates, NULL);
    GDALDatasetH out = GDALVectorTranslate(shp, NULL, 1, &src, o, NULL);
    GDALVectorTranslateOptionsFree(o);
    GDALClose(src);
    assert_non_null(out);
    GDALClose(out);
    snprintf(cpg, sizeof cpg, "%s", path_in(dir, "estates.cpg"));
    assert_int_equal(unlink(cpg), 0);
    expect_run(shp, 0, "is not UTF-8 text and the Shapefile names no encoding", NULL, NULL, NULL, NULL);
    assert_contains(g_log, "--encoding GBK");
    expect_run(shp, 0, NULL, "--encoding", "GBK", NULL, NULL);
    assert_null(strstr(g_log, "is not UTF-8"));
    char out2[PATHLEN];
    tmp_path(out2, "bad-out");
    vlayer v = open_layer(path_in(out2, "lifecircle.gpkg"), "estates");
    OGRFeatureH f = find_feature(v.lyr, "id", "E0001");
    assert_string_equal(get_str(f, "name"), "铁路局宿舍");
    OGR_F_Destroy(f);
    close_layer(&v);
}

/* GCJ-02 -> BD-09, the published closed form (Baidu's own shift of GCJ-02), written here
 * apart from src/geom/cnshift.c so that the test does not use what it tests. */
#define M_PI_REF 3.14159265358979323846

static void gcj02_to_bd09_ref(double lon, double lat, double *blon, double *blat)
{
    const double x_pi = M_PI_REF * 3000.0 / 180.0;
    double z = sqrt(lon * lon + lat * lat) + 0.00002 * sin(lat * x_pi);
    double th = atan2(lat, lon) + 0.000003 * cos(lon * x_pi);
    *blon = z * cos(th) + 0.0065;
    *blat = z * sin(th) + 0.006;
}

/* UTF-8 text as GBK bytes (GDAL's iconv wrapper), appended to `buf`. */
static void append_gbk(char *buf, size_t cap, const char *utf8)
{
    char *gbk = CPLRecode(utf8, CPL_ENC_UTF8, "GB18030");
    assert_non_null(gbk);
    size_t used = strlen(buf);
    snprintf(buf + used, cap - used, "%s", gbk);
    CPLFree(gbk);
}

/* A planner's POI table as a web map gives it: GBK (Excel on a Chinese Windows machine),
 * columns 名称,类别,地址,经度,纬度 in BD-09, made from the sample's facilities (their GCJ-02
 * numbers shifted to BD-09 by the published formula), plus three rows without usable
 * coordinates. With --facilities-srs BD09 every facility comes back to where the sample
 * run (GCJ-02) put it, within 0.5 m; names are UTF-8 in the outputs; rows without
 * coordinates are named by row and column and counted; run.json says which datum and why. */
void test_poi_table_gbk_bd09(void **state)
{
    (void)state;
    require_sample();
    static char csv[64 * 1024];
    csv[0] = '\0';
    append_gbk(csv, sizeof csv, "编号,名称,类别,地址,经度,纬度\n");
    vlayer in = open_layer(E.facilities, NULL);
    OGRFeatureH f;
    int n = 0;
    OGR_L_ResetReading(in.lyr);
    while ((f = OGR_L_GetNextFeature(in.lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        double blon, blat;
        gcj02_to_bd09_ref(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), &blon, &blat);
        char row[512];
        snprintf(row, sizeof row, "%s,%s,%s,某路%d号,%.9f,%.9f\n", get_str(f, "id"),
                 get_str(f, "name"), get_str(f, "category"), ++n, blon, blat);
        append_gbk(csv, sizeof csv, row);
        OGR_F_Destroy(f);
    }
    close_layer(&in);
    assert_int_equal(n, SAMPLE_FACILITIES);
    append_gbk(csv, sizeof csv, "X1,无坐标,养老院,,,\nX2,坏坐标,养老院,,东经117度,39.1\n"
                                "X3,越界,养老院,,117.2,139.1\n");
    char pois[PATHLEN], out[PATHLEN];
    tmp_path(pois, "pois.csv");
    write_file(pois, csv);
    tmp_path(out, "poi-table");
    int rc = run_cli("coverage", "--estates", E.estates, "--facilities", pois, "--facilities-srs",
                     "BD09", "--category-field", "类别", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_contains(g_log, "pois.csv: not UTF-8 text: read as GB18030 (GBK)");
    assert_contains(g_log, "points from the columns '经度' (longitude) and '纬度' (latitude)");
    assert_contains(g_log, "pois.csv:pois: coordinates read as BD-09: --facilities-srs BD09");
    char want[128];
    snprintf(want, sizeof want, "pois.csv:pois: row %d has no value in column '经度'; skipped",
             SAMPLE_FACILITIES + 2);
    assert_contains(g_log, want);
    snprintf(want, sizeof want, "row %d has '东经117度' in column '经度': not a number; skipped",
             SAMPLE_FACILITIES + 3);
    assert_contains(g_log, want);
    snprintf(want, sizeof want, "row %d has latitude 139.1 in column '纬度': outside -90..90; "
             "skipped", SAMPLE_FACILITIES + 4);
    assert_contains(g_log, want);
    assert_contains(g_log, "category '菜市场' maps to no key (2 facilities");
    snprintf(want, sizeof want, "read=%d mapped=%d unmapped=%d skipped=3 written=%d",
             SAMPLE_FACILITIES + 3, SAMPLE_FACILITIES - SAMPLE_UNMAPPED, SAMPLE_UNMAPPED,
             SAMPLE_FACILITIES); /* the unmapped ones written with no catkey */
    assert_counts(out, "counts.facilities", want);
    /* every facility where the sample run put it; names and the address as UTF-8 */
    vlayer got = open_layer(path_in(out, "lifecircle.gpkg"), "facilities");
    vlayer ref = open_layer(path_in(E.out, "lifecircle.gpkg"), "facilities");
    assert_int_equal(count_features(got.lyr), SAMPLE_FACILITIES);
    double worst = 0;
    OGR_L_ResetReading(ref.lyr);
    while ((f = OGR_L_GetNextFeature(ref.lyr)) != NULL) {
        OGRFeatureH h = find_feature(got.lyr, "编号", get_str(f, "id"));
        assert_string_equal(get_str(h, "名称"), get_str(f, "name"));
        assert_string_equal(get_str(h, "类别"), get_str(f, "category"));
        assert_true(!strncmp(get_str(h, "地址"), "某路", strlen("某路")));
        const char *k1 = get_str(h, "catkey"), *k2 = get_str(f, "catkey");
        assert_true((!k1 && !k2) || (k1 && k2 && !strcmp(k1, k2)));
        double d = OGR_G_Distance(OGR_F_GetGeometryRef(h), OGR_F_GetGeometryRef(f));
        if (d > worst) worst = d;
        OGR_F_Destroy(h);
        OGR_F_Destroy(f);
    }
    close_layer(&ref);
    close_layer(&got);
    if (worst > 0.5) fail_msg("a facility is %.3f m from where the sample run put it", worst);
    print_message("BD-09 table: farthest facility %.2g m from the sample run's\n", worst);
    /* the estates' coverage is the sample's, field for field */
    vlayer e1 = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    vlayer e0 = open_layer(path_in(E.out, "lifecircle.gpkg"), "estates");
    OGRFeatureH a = find_feature(e1.lyr, "id", "E0001"), b = find_feature(e0.lyr, "id", "E0001");
    assert_near(get_double(a, "elder_d"), get_double(b, "elder_d"), 0.5);
    assert_near(get_double(a, "kgdn_c10"), get_double(b, "kgdn_c10"), 1e-3);
    OGR_F_Destroy(a);
    OGR_F_Destroy(b);
    close_layer(&e1);
    close_layer(&e0);
    json_object *rec = run_record(out);
    json_object *d = rec_find(rec, "datums", "layer", "pois.csv:pois");
    assert_string_equal(rec_str(d, "input"), "facilities");
    assert_string_equal(rec_str(d, "value"), "BD09");
    assert_string_equal(rec_str(d, "why"), "--facilities-srs BD09");
    json_object_put(rec);
    /* without the flag the table is WGS84 degrees, and says so */
    rc = run_cli("coverage", "--estates", E.estates, "--facilities", pois, "--category-field",
                 "类别", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_contains(g_log, "coordinates read as WGS 84: a table of degrees without a CRS is "
                           "WGS 84 longitude/latitude");
}

/* WGS84 -> GCJ-02, the published forward formula (Krasovsky ellipsoid), written here apart
 * from src/geom/cnshift.c. */
static double gcj_tlat(double x, double y)
{
    double r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
    r += (20 * sin(6 * x * M_PI_REF) + 20 * sin(2 * x * M_PI_REF)) * 2 / 3;
    r += (20 * sin(y * M_PI_REF) + 40 * sin(y / 3 * M_PI_REF)) * 2 / 3;
    return r + (160 * sin(y / 12 * M_PI_REF) + 320 * sin(y * M_PI_REF / 30)) * 2 / 3;
}

static double gcj_tlon(double x, double y)
{
    double r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
    r += (20 * sin(6 * x * M_PI_REF) + 20 * sin(2 * x * M_PI_REF)) * 2 / 3;
    r += (20 * sin(x * M_PI_REF) + 40 * sin(x / 3 * M_PI_REF)) * 2 / 3;
    return r + (150 * sin(x / 12 * M_PI_REF) + 300 * sin(x / 30 * M_PI_REF)) * 2 / 3;
}

static void wgs84_to_gcj02_ref(double lon, double lat, double *glon, double *glat)
{
    const double a = 6378245.0, ee = 0.00669342162296594323;
    double dlat = gcj_tlat(lon - 105, lat - 35), dlon = gcj_tlon(lon - 105, lat - 35);
    double rl = lat / 180 * M_PI_REF, m = 1 - ee * sin(rl) * sin(rl), sm = sqrt(m);
    *glat = lat + dlat * 180 / (a * (1 - ee) / (m * sm) * M_PI_REF);
    *glon = lon + dlon * 180 / (a / sm * cos(rl) * M_PI_REF);
}

/* The Shanghai extract's amenity points as a web map's POI table: one "location_gcj02"
 * column of "lng,lat" text in GCJ-02 (the datum named by the column, no flag), cafés
 * labelled 养老院 and 幼儿园 (the extract has no elder care). Run with the extract as estates
 * and network: every point comes back to its OSM position within 0.5 m, both categories are
 * evaluated, and the datum and why are in the log and run.json. */
void test_poi_table_real_shanghai(void **state)
{
    (void)state;
    const char *osm = real_file("osm-shanghai-siping", "shanghai_siping_tongji_2025.osm");
    GDALDatasetH src = open_vector(osm, NULL);
    OGRLayerH pts = GDALDatasetExecuteSQL(src, "SELECT osm_id, name, "
        "hstore_get_value(other_tags,'amenity') AS amenity, geometry FROM points WHERE "
        "hstore_get_value(other_tags,'amenity') IS NOT NULL", NULL, "SQLITE");
    assert_non_null(pts);
    static char csv[32 * 1024];
    snprintf(csv, sizeof csv, "osm_id,名称,类别,location_gcj02\n");
    int n = 0, elder = 0, kgdn = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(pts)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        double glon, glat;
        wgs84_to_gcj02_ref(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), &glon, &glat);
        const char *am = get_str(f, "amenity"), *cat = am;
        if (!strcmp(am, "cafe")) cat = (n % 2) ? (kgdn++, "幼儿园") : (elder++, "养老院");
        size_t used = strlen(csv);
        snprintf(csv + used, sizeof csv - used, "%s,%s,%s,\"%.9f, %.9f\"\n", get_str(f, "osm_id"),
                 get_str(f, "name") ? get_str(f, "name") : "", cat, glon, glat);
        n++;
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(src, pts);
    assert_true(n >= 10 && elder > 0 && kgdn > 0);
    char pois[PATHLEN], out[PATHLEN];
    tmp_path(pois, "sh_pois.csv");
    write_file(pois, csv);
    tmp_path(out, "poi-shanghai");
    int rc = run_cli("run", "--estates", osm, "--network", osm, "--facilities", pois,
                     "--category-field", "类别", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_contains(g_log, "points from the column 'location_gcj02' (\"longitude,latitude\")");
    assert_contains(g_log, "coordinates read as GCJ-02: column 'location_gcj02' names GCJ-02");
    json_object *rec = run_record(out);
    assert_int_equal(rec_int(rec, "counts.facilities.read"), n);
    assert_int_equal(rec_int(rec, "counts.facilities.mapped"), elder + kgdn);
    json_object *dat = rec_find(rec, "datums", "layer", "sh_pois.csv:sh_pois");
    assert_string_equal(rec_str(dat, "value"), "GCJ02");
    assert_string_equal(rec_str(dat, "why"), "column 'location_gcj02' names GCJ-02");
    json_object_put(rec);
    /* each facility where OSM has it: the OSM point in the output's CRS */
    vlayer got = open_layer(path_in(out, "lifecircle.gpkg"), "facilities");
    assert_int_equal(count_features(got.lyr), n);
    OGR_L_SetAttributeFilter(got.lyr, "catkey = 'elder'");
    assert_int_equal(count_features(got.lyr), elder);
    OGR_L_SetAttributeFilter(got.lyr, "catkey = 'kgdn'");
    assert_int_equal(count_features(got.lyr), kgdn);
    OGR_L_SetAttributeFilter(got.lyr, NULL);
    OGRLayerH orig = GDALDatasetGetLayerByName(src, "points");
    double worst = 0;
    OGRCoordinateTransformationH ct = NULL;
    OGR_L_ResetReading(got.lyr);
    while ((f = OGR_L_GetNextFeature(got.lyr)) != NULL) {
        char where[64];
        snprintf(where, sizeof where, "osm_id = '%s'", get_str(f, "osm_id"));
        OGR_L_SetAttributeFilter(orig, where);
        OGR_L_ResetReading(orig);
        OGRFeatureH o = OGR_L_GetNextFeature(orig);
        assert_non_null(o);
        OGRGeometryH p = OGR_G_Clone(OGR_F_GetGeometryRef(o));
        if (!ct) {
            OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
            OSRSetWellKnownGeogCS(wgs, "WGS84");
            OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
            OGRSpatialReferenceH to = OSRClone(OGR_L_GetSpatialRef(got.lyr));
            OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
            ct = OCTNewCoordinateTransformation(wgs, to);
            OSRDestroySpatialReference(wgs);
            OSRDestroySpatialReference(to);
        }
        assert_int_equal(OGR_G_Transform(p, ct), OGRERR_NONE);
        double d = OGR_G_Distance(p, OGR_F_GetGeometryRef(f));
        if (d > worst) worst = d;
        OGR_G_DestroyGeometry(p);
        OGR_F_Destroy(o);
        OGR_F_Destroy(f);
    }
    OCTDestroyCoordinateTransformation(ct);
    close_layer(&got);
    GDALClose(src);
    if (worst > 0.5) fail_msg("a facility is %.3f m from its OSM point", worst);
    print_message("Shanghai GCJ-02 table: %d points, farthest %.2g m from OSM\n", n, worst);
    /* beside the OSM extract as a second facility source: the table keeps its datum (the
     * extract is WGS84 and has no record), and its rows are all read */
    rc = run_cli("coverage", "--estates", osm, "--facilities", osm, "--facilities", pois,
                 "--category-field", "类别", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_contains(g_log, "sh_pois.csv:sh_pois: coordinates read as GCJ-02: column "
                           "'location_gcj02' names GCJ-02");
    rec = run_record(out);
    dat = rec_find(rec, "datums", "layer", "sh_pois.csv:sh_pois");
    assert_string_equal(rec_str(dat, "input"), "facilities");
    assert_string_equal(rec_str(dat, "value"), "GCJ02");
    size_t records = json_object_array_length(rec_get(rec, "datums"));
    if (records != 1)
        fail_msg("%zu datum records, expected the table's alone:\n%s", records,
                 json_object_to_json_string(rec_get(rec, "datums")));
    json_object_put(rec);
}

/* ------------------------------------------------------------------------------------ */
/* The mission's categories, categories by name (user guide, Categories by name)           */
/* ------------------------------------------------------------------------------------ */

/* The TOTAL row of `cat` in DIR/summary.csv: its estates and shares; false when absent.
 * *first gets the category of the first row. */
typedef struct {
    long long estates;
    double share5, share10;
} total_row;

static bool summary_total(const char *dir, const char *cat, total_row *out, char *first,
                          size_t cap)
{
    GDALDatasetH ds = open_vector(path_in(dir, "summary.csv"), "CSV");
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    bool found = false;
    OGR_L_ResetReading(lyr);
    for (int row = 0; (f = OGR_L_GetNextFeature(lyr)) != NULL; row++) {
        if (row == 0 && first) snprintf(first, cap, "%s", get_str(f, "category"));
        if (!strcmp(get_str(f, "district"), "TOTAL") && !strcmp(get_str(f, "category"), cat)) {
            found = true;
            out->estates = get_int(f, "estates");
            out->share5 = get_double(f, "share5");
            out->share10 = get_double(f, "share10");
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return found;
}

/* Every estate of DIR is a gap of `cat` (no distance, g5 = g10 = 1, c10 = 0), and its
 * TOTAL row says so; the number of estates. */
static long long assert_all_gaps(const char *dir, const char *cat)
{
    char name[32];
    long long n = 0;
    vlayer v = open_layer(path_in(dir, "lifecircle.gpkg"), "estates");
    OGRFeatureH f;
    OGR_L_ResetReading(v.lyr);
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        n++;
        assert_true(is_null(f, fname(name, sizeof name, cat, "d")));
        assert_int_equal(get_int(f, fname(name, sizeof name, cat, "g5")), 1);
        assert_int_equal(get_int(f, fname(name, sizeof name, cat, "g10")), 1);
        assert_near(get_double(f, fname(name, sizeof name, cat, "c10")), 0.0, 0.0);
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    total_row t;
    if (!summary_total(dir, cat, &t, NULL, 0)) fail_msg("%s/summary.csv: no TOTAL row of %s", dir, cat);
    assert_int_equal(t.estates, n);
    assert_near(t.share5, 0.0, 0.0);
    assert_near(t.share10, 0.0, 0.0);
    return n;
}

/* Features of an OSM file's `layer` passing `where` (GDAL's own reading). */
static long long count_osm(const char *osm, const char *layer, const char *where)
{
    GDALDatasetH ds = open_vector(osm, NULL);
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, layer);
    assert_non_null(lyr);
    assert_int_equal(OGR_L_SetAttributeFilter(lyr, where), OGRERR_NONE);
    long long n = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) n++, OGR_F_Destroy(f);
    GDALClose(ds);
    return n;
}

/* Beijing Wudaokou with nothing but the files: kindergartens are the tagged ones and any
 * school named 幼儿园 (catsrc per facility), the planned kindergarten is no facility but is
 * written and named in the log, the former kindergarten's car park is nothing; elder care
 * and childcare are evaluated with every estate a gap. */
void test_mission_categories_beijing(void **state)
{
    (void)state;
    char bj[PATHLEN], out[PATHLEN];
    snprintf(bj, sizeof bj, "%s", real_file("osm-beijing-wudaokou", "beijing_wudaokou_cau_2026.osm"));
    long long tagged = count_osm(bj, "points", "other_tags LIKE '%\"amenity\"=>\"kindergarten\"%'") +
                       count_osm(bj, "multipolygons", "amenity = 'kindergarten'");
    long long schools = count_osm(bj, "points", "other_tags LIKE '%\"amenity\"=>\"school\"%' AND "
                                                "name LIKE '%幼儿园%'") +
                        count_osm(bj, "multipolygons", "amenity = 'school' AND name LIKE '%幼儿园%'");
    assert_int_equal(tagged, 2); /* the README of the extract */
    tmp_path(out, "bj-mission");
    int rc = run_cli("run", "--estates", bj, "--facilities", bj, "--network", bj, "-o", out,
                     (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "facilities");
    assert_true(has_field(v.lyr, "catsrc"));
    long long kgdn = 0, by_tag = 0, by_name = 0, planned = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(v.lyr);
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        const char *key = get_str(f, "catkey"), *src = get_str(f, "catsrc");
        const char *name = get_str(f, "name"), *amenity = get_str(f, "amenity");
        if (key && !strcmp(key, "kgdn")) {
            kgdn++;
            assert_non_null(src);
            if (!strcmp(src, "osm")) by_tag++, assert_string_equal(amenity, "kindergarten");
            else if (!strcmp(src, "name")) by_name++, assert_non_null(strstr(name, "幼儿园"));
            else fail_msg("kindergarten '%s' has catsrc '%s'", name ? name : "", src);
        }
        if (src && !strcmp(src, "planned")) {
            planned++;
            assert_null(key);
            assert_string_equal(name, "0803-633规划幼儿园");
        }
        if (name && !strcmp(name, "原幼儿园停车场")) {
            assert_null(key);
            assert_null(src);
        }
        if (name && !strcmp(name, "北京熙仁医院")) { /* an untagged building, by its name */
            assert_string_equal(key, "hosp");
            assert_string_equal(src, "name");
        }
        if (key && src) assert_true(!strcmp(src, "osm") || !strcmp(src, "name"));
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    assert_int_equal(by_tag, tagged);
    assert_int_equal(by_name, schools);
    assert_int_equal(kgdn, tagged + schools);
    assert_int_equal(planned, 1);
    assert_counts(out, "counts.facilities", "planned=1");
    assert_contains(g_log, "planned sites seen, not facilities"); /* the warning, naming it: */
    assert_contains(g_log, "'0803-633规划幼儿园'");
    assert_contains(g_log, "category 'elder': no facility in");
    assert_contains(g_log, "--names elder=WORD");
    /* the mission's rows first, every estate a gap of elder and child care */
    char first[16] = "";
    total_row t;
    assert_true(summary_total(out, "kgdn", &t, first, sizeof first));
    assert_string_equal(first, "elder");
    assert_true(t.share10 > 0);
    long long n = assert_all_gaps(out, "elder");
    assert_int_equal(assert_all_gaps(out, "child"), n);
    assert_int_equal(n, 10); /* the README of the extract */
    assert_counts(out, "counts.facilities", "planned=1 by_name=1"); /* by name: 北京熙仁医院 */
}

/* Shanghai Siping: no childcare, kindergarten or elder care at all; all three evaluated,
 * every estate a gap of each; --categories still means exactly the keys named. */
void test_mission_categories_shanghai(void **state)
{
    (void)state;
    char sh[PATHLEN], out[PATHLEN];
    snprintf(sh, sizeof sh, "%s", real_file("osm-shanghai-siping", "shanghai_siping_tongji_2025.osm"));
    tmp_path(out, "sh-mission");
    int rc = run_cli("run", "--estates", sh, "--facilities", sh, "--network", sh, "-o", out,
                     (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    long long n = assert_all_gaps(out, "elder");
    assert_int_equal(n, 15); /* the README of the extract */
    assert_int_equal(assert_all_gaps(out, "child"), n);
    assert_int_equal(assert_all_gaps(out, "kgdn"), n);
    for (int i = 0; i < 3; i++) {
        static const char *const keys[] = {"elder", "child", "kgdn"};
        char want[64];
        snprintf(want, sizeof want, "category '%s': no facility in", keys[i]);
        assert_contains(g_log, want);
    }
    rc = run_cli("coverage", "--estates", sh, "--facilities", sh, "--categories", "hosp", "-o",
                 out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    total_row t;
    char first[16] = "";
    assert_true(summary_total(out, "hosp", &t, first, sizeof first));
    assert_string_equal(first, "hosp");
    assert_false(summary_total(out, "elder", &t, NULL, 0));
}

/* ------------------------------------------------------------------------------------ */
/* Several facility sources (--facilities repeated)                                     */
/* ------------------------------------------------------------------------------------ */

/* The sample's facilities split by the test: the even features into a GeoJSON file, the odd
 * ones into a GeoPackage layer `pois` with one more field, 地址 (each source has its own
 * schema). The mapped count of each part (菜市场 and 便利店 map to nothing) in mapped[]. */
static void split_facilities(const char *a, const char *b, long long *read, long long *mapped)
{
    GDALDatasetH in = open_vector(E.facilities, NULL);
    OGRLayerH src = GDALDatasetGetLayer(in, 0);
    OGRFeatureDefnH sfd = OGR_L_GetLayerDefn(src);
    GDALDatasetH out[2] = {
        GDALCreate(GDALGetDriverByName("GeoJSON"), a, 0, 0, 0, GDT_Unknown, NULL),
        GDALCreate(GDALGetDriverByName("GPKG"), b, 0, 0, 0, GDT_Unknown, NULL)};
    OGRLayerH lyr[2];
    for (int k = 0; k < 2; k++) {
        assert_non_null(out[k]);
        lyr[k] = GDALDatasetCreateLayer(out[k], k ? "pois" : "a", OGR_L_GetSpatialRef(src),
                                        wkbPoint, NULL);
        for (int i = 0; i < OGR_FD_GetFieldCount(sfd); i++)
            OGR_L_CreateField(lyr[k], OGR_FD_GetFieldDefn(sfd, i), TRUE);
        read[k] = mapped[k] = 0;
    }
    OGRFieldDefnH addr = OGR_Fld_Create("地址", OFTString);
    OGR_L_CreateField(lyr[1], addr, TRUE);
    OGR_Fld_Destroy(addr);
    OGRFeatureH f;
    for (int n = 0; (f = OGR_L_GetNextFeature(src)) != NULL; n++) {
        int k = n % 2;
        OGRFeatureH g = OGR_F_Create(OGR_L_GetLayerDefn(lyr[k]));
        OGR_F_SetFrom(g, f, TRUE);
        if (k) OGR_F_SetFieldString(g, OGR_F_GetFieldIndex(g, "地址"), "四平路1号");
        assert_int_equal(OGR_L_CreateFeature(lyr[k], g), OGRERR_NONE);
        const char *cat = get_str(f, "category");
        read[k]++;
        mapped[k] += strcmp(cat, "菜市场") != 0 && strcmp(cat, "便利店") != 0;
        OGR_F_Destroy(g);
        OGR_F_Destroy(f);
    }
    GDALClose(in);
    GDALClose(out[0]);
    GDALClose(out[1]);
}

/* The counts of facility source `name` in dir/run.json. */
static void assert_source_counts(const char *dir, const char *name, long long read,
                                 long long mapped, long long unmapped)
{
    json_object *rec = run_record(dir);
    json_object *s = rec_find(rec, "counts.facilities.sources", "source", name);
    assert_string_equal(rec_str(s, "source"), name);
    assert_int_equal(rec_int(s, "read"), read);
    assert_int_equal(rec_int(s, "mapped"), mapped);
    assert_int_equal(rec_int(s, "unmapped"), unmapped);
    assert_int_equal(rec_int(s, "skipped"), 0);
    assert_int_equal(rec_int(s, "written"), read);
    json_object_put(rec);
}

/* Two sources (GeoJSON + GeoPackage) give exactly the coverage of the one file they were
 * split from; counts per source in the log and run.json (read = written + skipped); ids
 * unique over the run ("<n>:<id>"), the source's name on every row, the union of the
 * fields. */
void test_several_facility_sources(void **state)
{
    (void)state;
    char dir[PATHLEN], a[PATHLEN], b[PATHLEN], one[PATHLEN], two[PATHLEN];
    tmp_path(dir, "fac2");
    mkdir(dir, 0755);
    snprintf(a, sizeof a, "%s", path_in(dir, "a.geojson"));
    snprintf(b, sizeof b, "%s", path_in(dir, "b.gpkg"));
    long long read[2], mapped[2];
    split_facilities(a, b, read, mapped);
    assert_int_equal(read[0] + read[1], 62);
    tmp_path(one, "fac2-one");
    tmp_path(two, "fac2-two");
    int rc = run_cli("run", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--bundle-time-limit", "0", "-o", one,
                     (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    rc = run_cli("run", "--estates", E.estates, "--facilities", a, "--facilities", b,
                 "--facilities-srs", "GCJ02", "--bundle-time-limit", "0", "-o", two,
                 (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(two, "counts.facilities", "read=62 mapped=59 unmapped=3");
    assert_contains(g_log, "facilities: a.geojson: "); /* the log names each source */
    assert_contains(g_log, "facilities: b.gpkg: ");
    /* the same coverage, estate by estate, field by field */
    static result_row r1[SAMPLE_ESTATES + 8], r2[SAMPLE_ESTATES + 8];
    static char n1[64][16], n2[64][16];
    size_t nn1, nn2, c1 = read_results(one, r1, SAMPLE_ESTATES + 8, n1, &nn1);
    size_t c2 = read_results(two, r2, SAMPLE_ESTATES + 8, n2, &nn2);
    assert_int_equal(c1, SAMPLE_ESTATES);
    assert_int_equal(c2, c1);
    assert_int_equal(nn2, nn1);
    assert_true(nn1 >= 16);
    for (size_t i = 0; i < c1; i++) {
        assert_string_equal(r1[i].id, r2[i].id);
        assert_int_equal(r1[i].bundle, r2[i].bundle);
        for (size_t k = 0; k < nn1; k++) {
            assert_string_equal(n1[k], n2[k]);
            double x = r1[i].v[k], y = r2[i].v[k];
            if (isnan(x) != isnan(y) || (!isnan(x) && fabs(x - y) > 1e-9))
                fail_msg("estate %s field %s: %.12g with one source, %.12g with two", r1[i].id,
                         n1[k], x, y);
        }
    }
    assert_source_counts(two, "a.geojson", read[0], mapped[0], read[0] - mapped[0]);
    assert_source_counts(two, "b.gpkg", read[1], mapped[1], read[1] - mapped[1]);
    /* every row: its source, an id unique over the run, the union of the fields */
    vlayer v = open_layer(path_in(two, "lifecircle.gpkg"), "facilities");
    assert_true(has_field(v.lyr, "地址") && has_field(v.lyr, "source") &&
                has_field(v.lyr, "facility") && has_field(v.lyr, "catsrc"));
    static char ids[64][40];
    size_t n = 0;
    OGRFeatureH f;
    char want[160];
    OGR_L_ResetReading(v.lyr);
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        const char *src = get_str(f, "source"), *uid = get_str(f, "facility");
        bool first = !strcmp(src, "a.geojson");
        assert_true(first || !strcmp(src, "b.gpkg"));
        snprintf(want, sizeof want, "%d:%s", first ? 1 : 2, get_str(f, "id"));
        assert_string_equal(uid, want);
        if (first) assert_true(is_null(f, "地址"));
        else assert_string_equal(get_str(f, "地址"), "四平路1号");
        assert_true(n < 64);
        snprintf(ids[n++], sizeof ids[0], "%s", uid);
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    assert_int_equal(n, 62);
    qsort(ids, n, sizeof ids[0], (int (*)(const void *, const void *))strcmp);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(ids[i], ids[i - 1])) fail_msg("facility id %s twice", ids[i]);
    /* the one source keeps its layer as it was: no source or facility field */
    v = open_layer(path_in(one, "lifecircle.gpkg"), "facilities");
    assert_false(has_field(v.lyr, "source") || has_field(v.lyr, "facility"));
    close_layer(&v);
    /* one flag, comma-separated: the same */
    char both[2 * PATHLEN + 2];
    snprintf(both, sizeof both, "%s,%s", a, b);
    rc = run_cli("coverage", "--estates", E.estates, "--facilities", both, "--facilities-srs",
                 "GCJ02", "-o", two, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(two, "counts.facilities", "read=62 mapped=59 unmapped=3");
    assert_source_counts(two, "b.gpkg", read[1], mapped[1], read[1] - mapped[1]);
    /* a YAML list in the config: the same */
    char cfg[PATHLEN], yaml[4 * PATHLEN];
    snprintf(cfg, sizeof cfg, "%s", path_in(dir, "two.yaml"));
    snprintf(yaml, sizeof yaml, "estates: %s\nfacilities: [%s, %s]\nfacilities_srs: GCJ02\n",
             E.estates, a, b);
    write_file(cfg, yaml);
    rc = run_cli("coverage", "--config", cfg, "-o", two, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(two, "counts.facilities", "read=62 mapped=59 unmapped=3");
    assert_source_counts(two, "b.gpkg", read[1], mapped[1], read[1] - mapped[1]);
    assert_contains(g_log, "facilities: b.gpkg: ");
}

/* An OSM extract and the district's own table (GeoJSON of GCJ-02 points, as copied from a
 * web map): facilities_srs GCJ02 shifts the table but not the OSM file (WGS84 by
 * definition); the table's elder home is evaluated, the OSM kindergartens stay where they
 * are alone. */
void test_osm_and_table(void **state)
{
    (void)state;
    char bj[PATHLEN], dir[PATHLEN], tab[PATHLEN], alone[PATHLEN], out[PATHLEN], raw[PATHLEN];
    snprintf(bj, sizeof bj, "%s", real_file("osm-beijing-wudaokou", "beijing_wudaokou_cau_2026.osm"));
    tmp_path(dir, "bj-table");
    mkdir(dir, 0755);
    snprintf(tab, sizeof tab, "%s", path_in(dir, "养老.geojson"));
    write_file(tab, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
               "\"properties\":{\"id\":\"T1\",\"名称\":\"学院路街道养老照料中心\",\"category\":\"\"},"
               "\"geometry\":{\"type\":\"Point\",\"coordinates\":[116.3585,40.0050]}}]}\n");
    tmp_path(alone, "bj-alone");
    tmp_path(out, "bj-both");
    tmp_path(raw, "bj-both-raw");
    int rc = run_cli("coverage", "--estates", bj, "--facilities", bj, "-o", alone, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    rc = run_cli("coverage", "--estates", bj, "--facilities", bj, "--facilities", tab,
                 "--facilities-srs", "GCJ02", "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_contains(g_log, "an OpenStreetMap file is WGS84; facilities_srs (GCJ02) applies to "
                           "the other facility sources only");
    json_object *rec = run_record(out);
    json_object *s = rec_find(rec, "counts.facilities.sources", "source", "养老.geojson");
    assert_int_equal(rec_int(s, "read"), 1);
    assert_int_equal(rec_int(s, "mapped"), 1);
    assert_int_equal(rec_int(s, "by_name"), 1);
    json_object_put(rec);
    rc = run_cli("coverage", "--estates", bj, "--facilities", bj, "--facilities", tab, "-o", raw,
                 (const char *)NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    /* the kindergartens where they are alone; the table's home ~hundreds of m off unshifted */
    static const char *const kg[] = {"中国农业大学东校区幼儿园", "未来之星实验幼儿园"};
    double x[3][3], y[3][3];
    const char *dirs[] = {alone, out, raw};
    for (int d = 0; d < 3; d++) {
        vlayer v = open_layer(path_in(dirs[d], "lifecircle.gpkg"), "facilities");
        for (int i = 0; i < (d ? 3 : 2); i++) {
            OGRFeatureH f = i < 2 ? find_feature(v.lyr, "name", kg[i])
                                  : find_feature(v.lyr, "名称", "学院路街道养老照料中心");
            x[d][i] = OGR_G_GetX(OGR_F_GetGeometryRef(f), 0);
            y[d][i] = OGR_G_GetY(OGR_F_GetGeometryRef(f), 0);
            if (i == 2) {
                assert_string_equal(get_str(f, "catkey"), "elder");
                assert_string_equal(get_str(f, "catsrc"), "name");
                assert_string_equal(get_str(f, "facility"), "2:T1");
            }
            OGR_F_Destroy(f);
        }
        close_layer(&v);
    }
    for (int i = 0; i < 2; i++) {
        assert_near(x[1][i], x[0][i], 1e-6);
        assert_near(y[1][i], y[0][i], 1e-6);
    }
    double shift = hypot(x[1][2] - x[2][2], y[1][2] - y[2][2]);
    if (shift < 100 || shift > 1000) fail_msg("the GCJ-02 table moved %.1f m", shift);
    total_row t;
    assert_true(summary_total(out, "elder", &t, NULL, 0));
    assert_true(t.share10 > 0);
    assert_true(summary_total(alone, "elder", &t, NULL, 0));
    assert_near(t.share10, 0.0, 0.0);
}

/* ------------------------------------------------------------------------------------ */
/* Chinese fields and outputs, end to end                                               */
/* ------------------------------------------------------------------------------------ */

/* ogr2ogr of `src` into `dst` (format `fmt`, SQL `sql` or NULL) through GDALVectorTranslate. */
static void translate_file(const char *src_path, const char *dst, const char *fmt, const char *sql)
{
    char *argv[8];
    int n = 0;
    argv[n++] = "-f", argv[n++] = (char *)fmt;
    if (sql) argv[n++] = "-sql", argv[n++] = (char *)sql;
    argv[n] = NULL;
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    GDALDatasetH src = open_vector(src_path, NULL);
    int err = 0;
    GDALDatasetH out = GDALVectorTranslate(dst, NULL, 1, &src, o, &err);
    GDALVectorTranslateOptionsFree(o);
    GDALClose(src);
    if (!out || err) fail_msg("cannot translate %s into %s", src_path, dst);
    GDALClose(out);
}

/* The line of `log` holding `needle` (copied into buf), failing when there is none. */
static const char *log_line(const char *log, const char *needle, char *buf, size_t cap)
{
    const char *p = strstr(log, needle);
    if (!p) fail_msg("no line with '%s' in:\n%s", needle, log);
    while (p > log && p[-1] != '\n') p--;
    size_t n = strcspn(p, "\n");
    snprintf(buf, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
    return buf;
}

/* No English word (two lower-case letters in a row) in `text`: acronyms (CBC) and the
 * digits and signs of figures may stand. */
static void assert_no_english(const char *text, const char *line)
{
    for (const char *p = text; *p; p++)
        if (p[0] >= 'a' && p[0] <= 'z' && p[1] >= 'a' && p[1] <= 'z')
            fail_msg("English in a Chinese message at '%s': %s", p, line);
}

/* Every field of a bundles layer, feature by feature, as text: the bundles of two runs. */
static void assert_same_bundles(const char *a, const char *b)
{
    vlayer x = open_layer(a, NULL), y = open_layer(b, NULL);
    long long n = count_features(x.lyr);
    assert_true(n > 0);
    assert_int_equal(count_features(y.lyr), n);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(x.lyr);
    assert_int_equal(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(y.lyr)), OGR_FD_GetFieldCount(d));
    OGR_L_ResetReading(x.lyr), OGR_L_ResetReading(y.lyr);
    for (long long i = 0; i < n; i++) {
        OGRFeatureH f = OGR_L_GetNextFeature(x.lyr), g = OGR_L_GetNextFeature(y.lyr);
        for (int k = 0; k < OGR_FD_GetFieldCount(d); k++) {
            const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, k));
            if (strcmp(OGR_F_GetFieldAsString(f, k), OGR_F_GetFieldAsString(g, k)))
                fail_msg("bundle %lld: %s '%s' != '%s'", i, name, OGR_F_GetFieldAsString(f, k),
                         OGR_F_GetFieldAsString(g, k));
        }
        OGR_F_Destroy(f), OGR_F_Destroy(g);
    }
    close_layer(&x), close_layer(&y);
}

/* The sample's estates with Chinese field names (户数, 建成年份, 名称): with --field
 * households=户数 --field build_year=建成年份 and --filter 'build_year < 2000' the same
 * bundles as the English names; the Shapefile's names cut between characters and recorded;
 * summary.csv for Excel; a filter naming no field stops with the fields; in Chinese, the
 * skip total and the siting quality line are wholly Chinese. */
void test_chinese_fields(void **state)
{
    (void)state;
    char zh_est[PATHLEN], fac[PATHLEN], bar[PATHLEN], cand[PATHLEN], en_out[PATHLEN],
        zh_out[PATHLEN], bad_out[PATHLEN], gbk_out[PATHLEN], line[1024];
    tmp_path(zh_est, "zh-estates.geojson");
    translate_file(E.estates, zh_est, "GeoJSON",
                   "SELECT id, name AS \"名称\", build_year AS \"建成年份\", households AS \"户数\", "
                   "population, elderly AS \"老年人口\", children, district, note FROM estates");
    /* the facilities and 7 rows without a geometry: more skipped than are listed */
    tmp_path(fac, "zh-facilities.gpkg");
    translate_file(E.facilities, fac, "GPKG", NULL);
    GDALDatasetH fds = GDALOpenEx(fac, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    assert_non_null(fds);
    OGRLayerH fl = GDALDatasetGetLayer(fds, 0);
    for (int i = 0; i < 7; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(fl));
        OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "category"), "养老院");
        assert_int_equal(OGR_L_CreateFeature(fl, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALClose(fds);
    snprintf(bar, sizeof bar, "%s", path_in(E.data, "barriers.geojson"));
    snprintf(cand, sizeof cand, "%s", path_in(E.data, "candidates.geojson"));
    tmp_path(en_out, "zh-fields-en");
    tmp_path(zh_out, "zh-fields-zh");
    int rc = run_cli("run", "--estates", E.estates, "--facilities", fac, "--facilities-srs", "GCJ02",
                     "--barriers", bar, "--gap", "40", "--filter", "build_year < 2000",
                     "--category", "elder", "--tier", "5", "--count", "5", "--candidates", cand,
                     "--cost-field", "cost", "-o", en_out, (const char *)NULL);
    if (rc) fail_msg("English run exited %d:\n%s", rc, g_log);
    setenv("LANG", "zh_CN.UTF-8", 1);
    rc = run_cli("run", "--estates", zh_est, "--facilities", fac, "--facilities-srs", "GCJ02",
                 "--barriers", bar, "--gap", "40", "--field", "households=户数", "--field",
                 "build_year=建成年份", "--field", "name=名称", "--field", "elderly=老年人口",
                 "--filter", "build_year < 2000",
                 "--category", "elder", "--tier", "5", "--count", "5", "--candidates", cand,
                 "--cost-field", "cost", "-o", zh_out, (const char *)NULL);
    setenv("LANG", "C.UTF-8", 1);
    if (rc) fail_msg("Chinese run exited %d:\n%s", rc, g_log);

    /* the skip total and the quality of the sites, in Chinese alone */
    log_line(g_log, "……共跳过 7 个设施（上面列出了前 5 个）", line, sizeof line);
    assert_no_english(strstr(line, "：……"), line);
    log_line(g_log, "lifecircle: 选址：", line, sizeof line);
    assert_string_equal(line, "lifecircle: 选址：精确求解（CBC）：已证明为最优");
    assert_no_english(line + strlen("lifecircle: "), line);
    /* the role read as its field, and the Shapefile's name for 建成年份 */
    assert_contains(g_log, "过滤条件 'build_year < 2000' 按 '\"建成年份\" < 2000' 执行");
    assert_contains(g_log, "estates.shp：字段 '建成年份' 在该文件中名为 '建成年'");

    /* same eligible estates, same bundles: the size is 户数, the filter reads 建成年份; the
     * same sites: the elder-care weight is the elderly role's field, 老年人口 */
    assert_same_bundles(path_in(en_out, "bundles.geojson"), path_in(zh_out, "bundles.geojson"));
    assert_same_bundles(path_in(en_out, "sites.geojson"), path_in(zh_out, "sites.geojson"));
    assert_counts(en_out, "counts.bundles", "eligible_estates=248");
    assert_counts(zh_out, "counts.bundles", "eligible_estates=248");
    assert_counts(zh_out, "parameters.size_field", "value=\"户数\" source=\"default\"");
    /* the Shapefile's renamed fields: 建成年份 and 老年人口 in estates.shp, none in bundles.shp;
     * none with the English names */
    static const char *const renamed[2][2] = {
        {"{ }", "{ }"}, {"{ \"建成年份\": \"建成年\", \"老年人口\": \"老年人\" }", "{ }"}};
    for (int z = 0; z < 2; z++) {
        json_object *rec = run_record(z ? zh_out : en_out), *sf = rec_get(rec, "shapefile_fields");
        json_object *es = NULL, *bs = NULL;
        assert_true(json_object_object_get_ex(sf, "estates.shp", &es));
        assert_true(json_object_object_get_ex(sf, "bundles.shp", &bs));
        assert_string_equal(json_object_to_json_string(es), renamed[z][0]);
        assert_string_equal(json_object_to_json_string(bs), renamed[z][1]);
        json_object_put(rec);
    }
    vlayer a = open_layer(path_in(en_out, "lifecircle.gpkg"), "estates");
    vlayer b = open_layer(path_in(zh_out, "estates.shp"), NULL);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(b.lyr);
    int have = 0;
    for (int k = 0; k < OGR_FD_GetFieldCount(d); k++) {
        const char *n = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, k));
        if (!CPLIsUTF8(n, -1) || strlen(n) > 10) fail_msg("estates.shp: field name '%s'", n);
        have += !strcmp(n, "建成年") + !strcmp(n, "户数") + !strcmp(n, "名称") + !strcmp(n, "老年人");
    }
    assert_int_equal(have, 4);
    long long na = count_features(a.lyr), same = 0;
    assert_int_equal(count_features(b.lyr), na);
    OGR_L_ResetReading(a.lyr), OGR_L_ResetReading(b.lyr);
    for (long long i = 0; i < na; i++) {
        OGRFeatureH f = OGR_L_GetNextFeature(a.lyr), g = OGR_L_GetNextFeature(b.lyr);
        same += get_int(f, "build_year") == get_int(g, "建成年") &&
                get_int(f, "households") == get_int(g, "户数") &&
                !strcmp(get_str(f, "name"), get_str(g, "名称")) &&
                is_null(f, "bundle") == is_null(g, "bundle") &&
                (is_null(f, "bundle") || get_int(f, "bundle") == get_int(g, "bundle"));
        OGR_F_Destroy(f), OGR_F_Destroy(g);
    }
    assert_int_equal(same, na);
    close_layer(&a), close_layer(&b);

    /* summary.csv: a UTF-8 byte-order mark, and GDAL reads it with its Chinese */
    char head[8];
    assert_true(read_file(path_in(zh_out, "summary.csv"), head, sizeof head) >= 3);
    assert_memory_equal(head, "\xEF\xBB\xBF" "dis", 6);
    vlayer c = open_layer(path_in(zh_out, "summary.csv"), NULL);
    assert_string_equal(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(c.lyr), 0)),
                        "district");
    OGRFeatureH f = OGR_L_GetNextFeature(c.lyr);
    assert_string_equal(get_str(f, "district"), "东风街道");
    OGR_F_Destroy(f);
    close_layer(&c);
    /* ... or GB18030 (东风街道 is B6AB B7E7 BDD6 B5C0, as in GBK), without the mark */
    tmp_path(gbk_out, "zh-fields-gbk");
    rc = run_cli("coverage", "--estates", zh_est, "--facilities", E.facilities, "--facilities-srs",
                 "GCJ02", "--formats", "gpkg", "--csv-encoding", "gbk", "-o", gbk_out,
                 (const char *)NULL);
    if (rc) fail_msg("gbk run exited %d:\n%s", rc, g_log);
    static char csv[64 * 1024];
    assert_true(read_file(path_in(gbk_out, "summary.csv"), csv, sizeof csv) > 0);
    assert_memory_equal(csv, "district,", 9);
    assert_contains(csv, "\n\xB6\xAB\xB7\xE7\xBD\xD6\xB5\xC0,elder,151,");

    /* a filter naming no field of the layer: the fields and the roles that stand for them */
    tmp_path(bad_out, "zh-fields-bad");
    rc = run_cli("run", "--estates", zh_est, "--facilities", fac, "--facilities-srs", "GCJ02",
                 "--field", "households=户数", "--field", "build_year=建成年份", "--filter",
                 "year < 2000", "-o", bad_out, (const char *)NULL);
    assert_int_equal(rc, 2);
    assert_contains(g_log, "bad filter 'year < 2000': \"year\" not recognised as an available field; "
                           "the layer's fields: id, 名称, 建成年份, 户数, population, 老年人口, "
                           "children, district, note; roles the filter may name instead (another "
                           "with --field ROLE=FIELD): build_year (建成年份), households (户数)");
    assert_false(dir_exists(bad_out));
}
