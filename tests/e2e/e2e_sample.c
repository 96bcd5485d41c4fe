/*
 * e2e_sample.c — The bundled sample: exit code, counts, CRS, fields, the sentinels in all three
 * outputs, every estate recomputed, facilities, summary.
 */
#include "e2e.h"

/* ------------------------------------------------------------------------------------ */
/* Sample: exit code, counts, CRS, fields                                               */
/* ------------------------------------------------------------------------------------ */

void test_sample_exit_and_counts(void **state)
{
    (void)state;
    require_sample();
    assert_counts(E.out, "counts.estates", "read=303 written=303 repaired=1 skipped=0");
    assert_counts(E.out, "counts.facilities", "read=62 mapped=59 unmapped=3");
    assert_counts(E.out, "", "working_crs=\"EPSG:4548\"");

    char gpkg[PATHLEN];
    snprintf(gpkg, sizeof gpkg, "%s", path_in(E.out, "lifecircle.gpkg"));
    assert_int_equal(count_layer(path_in(E.out, "estates.geojson"), NULL), SAMPLE_ESTATES);
    assert_int_equal(count_layer(path_in(E.out, "estates.shp"), NULL), SAMPLE_ESTATES);
    assert_int_equal(count_layer(gpkg, "estates"), SAMPLE_ESTATES);
    assert_int_equal(count_layer(gpkg, "facilities"), SAMPLE_FACILITIES);
    assert_int_equal(count_layer(gpkg, "service_areas"), NCATS * 2);

    static const char *const side[] = {"estates.shx", "estates.dbf", "estates.prj",
                                       "estates.cpg", "summary.csv", "summary.csvt"};
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++)
        if (!file_exists(path_in(E.out, side[i]))) fail_msg("missing output %s", side[i]);
}

/*
 * The straight-line service areas against the union of the discs built here (user guide,
 * Coverage definitions and Outputs: per category and tier the union of the discs of radius
 * r around its facilities, as 256-gons with the circle's area: within δ = DISC_DEV of r
 * of the circle either way). The facilities are read back from the run's GeoPackage (working
 * CRS); the reference discs are finely sampled circles (disc_union). Each check is bounded by
 * δ alone:
 *  - every vertex of the area lies within δr of r from the nearest facility (a vertex of a
 *    union of discs is on one disc's circle and outside the others): a disc left out leaves
 *    the others' vertices inside its circle, a radius off by 0.5 % moves them all 1.5-2.5 m;
 *  - the engine's area lies between the unions of the circles of radius r(1 - δ) and
 *    r(1 + δ), and the area of a union of discs grows at most as the square of their common
 *    radius (the sector under each boundary arc lies in its disc's Voronoi cell, so
 *    dA/dr = boundary length <= 2A/r): the areas differ by at most (2δ + δ²) A, plus the
 *    reference's own 2 REF_DEV A;
 *  - their symmetric difference lies between those two unions: at most 4δ A.
 * Measured: 3.6e-7 (the reference's own shortfall) and 3.3e-5 of the area; the vertices
 * within -2.5e-5 r and +5.02e-5 r.
 */
void test_sample_service_areas(void **state)
{
    (void)state;
    require_sample();
    GDALDatasetH ds = open_vector(path_in(E.out, "lifecircle.gpkg"), "GPKG");
    OGRLayerH sa = GDALDatasetGetLayerByName(ds, "service_areas");
    OGRLayerH fac = GDALDatasetGetLayerByName(ds, "facilities");
    assert_true(sa && fac);
    GEOSContextHandle_t h = geos_open();
    const double area_tol = 2 * DISC_DEV + DISC_DEV * DISC_DEV + 2 * REF_DEV;
    const double sym_tol = 4 * DISC_DEV;
    int seen[NCATS][2] = {{0}};
    double worst_area = 0, worst_sym = 0, lo = INFINITY, hi = -INFINITY;
    size_t vertices = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(sa);
    while ((f = OGR_L_GetNextFeature(sa)) != NULL) {
        const char *cat = get_str(f, "category");
        long long tier = get_int(f, "tier");
        int c = -1;
        for (int k = 0; k < NCATS; k++)
            if (cat && !strcmp(cat, SAMPLE_CATS[k])) c = k;
        if (c < 0) fail_msg("unexpected service area category '%s'", cat ? cat : "(null)");
        assert_true(tier == 5 || tier == 10);
        seen[c][tier == 10]++;
        double r = tier == 5 ? 300.0 : 500.0;
        assert_near(get_double(f, "radius_m"), r, 1e-9);
        assert_string_equal(get_str(f, "mode"), "line");
        assert_int_equal(get_int(f, "facilities"), SAMPLE_CAT_COUNT[c]);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        assert_non_null(g);
        facility_set fs = load_facilities(fac, cat);
        assert_int_equal(fs.n, SAMPLE_CAT_COUNT[c]);
        GEOSGeometry *ref = disc_union(h, &fs, r), *pts = facility_points(h, &fs);
        area_diff d = compare_area(h, g, ref, pts);
        double da = fabs(d.eng - d.ref) / d.ref, dsym = d.sym / d.ref;
        double dlo = (d.lo - r) / r, dhi = (d.hi - r) / r;
        if (da > area_tol || dsym > sym_tol)
            fail_msg("service area %s/%lld: %.1f m², the union of the %zu discs %.1f m² "
                     "(relative difference %.2g, tolerance %.2g); symmetric difference %.1f m² "
                     "(%.2g of it, tolerance %.2g)",
                     cat, tier, d.eng, fs.n, d.ref, da, area_tol, d.sym, dsym, sym_tol);
        if (dlo < -DISC_DEV - 1e-9 || dhi > DISC_DEV + 1e-9)
            fail_msg("service area %s/%lld: its %zu vertices lie %.4f to %.4f m from the "
                     "nearest facility, the user guide's 256-gons allow %.0f ± %.4f m",
                     cat, tier, d.vertices, d.lo, d.hi, r, DISC_DEV * r);
        worst_area = fmax(worst_area, da), worst_sym = fmax(worst_sym, dsym);
        lo = fmin(lo, dlo), hi = fmax(hi, dhi), vertices += d.vertices;
        GEOSGeom_destroy_r(h, ref), GEOSGeom_destroy_r(h, pts);
        free_facilities(&fs);
        OGR_F_Destroy(f);
    }
    GEOS_finish_r(h);
    GDALClose(ds);
    for (int k = 0; k < NCATS; k++)
        for (int t = 0; t < 2; t++) assert_int_equal(seen[k][t], 1);
    print_message("service areas, straight line: %d unions of discs recomputed; largest "
                  "relative area difference %.2g (tolerance %.2g), symmetric difference %.2g "
                  "(%.2g); %zu vertices at %.2g to %.2g r from r\n",
                  2 * NCATS, worst_area, area_tol, worst_sym, sym_tol, vertices, lo, hi);
}

void test_sample_crs(void **state)
{
    (void)state;
    require_sample();
    /* GeoJSON: RFC 7946, WGS 84 lon/lat. */
    vlayer v = open_layer(path_in(E.out, "estates.geojson"), NULL);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(v.lyr);
    assert_non_null(srs);
    assert_true(OSRIsGeographic(srs));
    assert_layer_epsg(v.lyr, 4326, "estates.geojson");
    OGREnvelope env;
    assert_int_equal(OGR_L_GetExtent(v.lyr, &env, TRUE), OGRERR_NONE);
    if (!(env.MinX >= 117.1 && env.MaxX <= 117.3 && env.MinY >= 39.0 && env.MaxY <= 39.2))
        fail_msg("estates.geojson extent (%f %f, %f %f) is not lon 117.1..117.3, lat 39.0..39.2",
                 env.MinX, env.MinY, env.MaxX, env.MaxY);
    close_layer(&v);
    static char text[512 * 1024];
    assert_true(read_file(path_in(E.out, "estates.geojson"), text, sizeof text) > 0);
    if (strstr(text, "\"crs\"")) fail_msg("estates.geojson has a \"crs\" member (not RFC 7946)");

    /* Shapefile and every GeoPackage layer: EPSG:4548 (the sample lies in China: CGCS2000 Gauss-Kruger CM 117E). */
    v = open_layer(path_in(E.out, "estates.shp"), NULL);
    assert_layer_epsg(v.lyr, 4548, "estates.shp");
    close_layer(&v);
    static const char *const layers[] = {"estates", "facilities", "service_areas"};
    for (size_t i = 0; i < 3; i++) {
        v = open_layer(path_in(E.out, "lifecircle.gpkg"), layers[i]);
        assert_layer_epsg(v.lyr, 4548, layers[i]);
        close_layer(&v);
    }

    char cpg[64];
    assert_true(read_file(path_in(E.out, "estates.cpg"), cpg, sizeof cpg) >= 0);
    cpg[strcspn(cpg, "\r\n")] = '\0';
    assert_string_equal(cpg, "UTF-8");
}

/* Every computed field name, in the order k_d, k_c5, k_c10, k_g5, k_g10 per category. */
void assert_coverage_fields(OGRLayerH lyr, const char *const *cats, int ncats,
                            const char *const *tiers, int ntiers, const char *what)
{
    char name[32], sfx[8];
    for (int k = 0; k < ncats; k++) {
        if (field_type(lyr, fname(name, sizeof name, cats[k], "d")) != OFTReal)
            fail_msg("%s: %s is not Real", what, name);
        for (int t = 0; t < ntiers; t++) {
            snprintf(sfx, sizeof sfx, "c%s", tiers[t]);
            if (field_type(lyr, fname(name, sizeof name, cats[k], sfx)) != OFTReal)
                fail_msg("%s: %s is not Real", what, name);
            snprintf(sfx, sizeof sfx, "g%s", tiers[t]);
            OGRFieldType ty = field_type(lyr, fname(name, sizeof name, cats[k], sfx));
            if (ty != OFTInteger && ty != OFTInteger64)
                fail_msg("%s: %s is not Integer", what, name);
        }
    }
}

void test_sample_field_names(void **state)
{
    (void)state;
    require_sample();
    static const char *const tiers[] = {"5", "10"};
    for (size_t o = 0; o < NOUTPUTS; o++) {
        vlayer v = open_output(E.out, &ESTATE_OUTPUTS[o]);
        OGRFeatureDefnH fd = OGR_L_GetLayerDefn(v.lyr);
        for (int i = 0; i < SAMPLE_FIELDS_IN; i++)
            if (!has_field(v.lyr, INPUT_FIELDS[i]))
                fail_msg("%s: input field '%s' missing", ESTATE_OUTPUTS[o].file, INPUT_FIELDS[i]);
        assert_int_equal(field_type(v.lyr, "households"), OFTInteger);
        assert_int_equal(field_type(v.lyr, "name"), OFTString);
        assert_coverage_fields(v.lyr, SAMPLE_CATS, NCATS, tiers, 2, ESTATE_OUTPUTS[o].file);
        /* Exactly the input fields plus 5 per category and priority, nothing else (no c15
         * without r15). */
        assert_int_equal(OGR_FD_GetFieldCount(fd), SAMPLE_FIELDS_IN + 5 * NCATS + 1);
        if (!strcmp(ESTATE_OUTPUTS[o].file, "estates.shp"))
            for (int i = 0; i < OGR_FD_GetFieldCount(fd); i++) {
                const char *n = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(fd, i));
                if (strlen(n) > 10) fail_msg("estates.shp: field '%s' longer than 10", n);
            }
        close_layer(&v);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Sample: known values on the sentinels, in all three outputs                          */
/* ------------------------------------------------------------------------------------ */

static void check_sentinels(const char *dir, const output_ref *o)
{
    vlayer v = open_output(dir, o);
    OGRFeatureH s1 = find_feature(v.lyr, "id", "S1");
    OGRFeatureH s2 = find_feature(v.lyr, "id", "S2");
    OGRFeatureH s3 = find_feature(v.lyr, "id", "S3");

    /* S1: the elder-care facility FS1 is at its centre; FS2 is 1200 m east of it. */
    assert_string_equal(get_str(s1, "name"), "哨兵一号院");
    assert_string_equal(get_str(s1, "district"), SENTINEL_DISTRICT);
    assert_near(get_double(s1, "elder_d"), 0.0, 1e-3);
    assert_near(get_double(s1, "elder_c5"), 1.0, 1e-9);
    assert_near(get_double(s1, "elder_c10"), 1.0, 1e-9);
    assert_int_equal(get_int(s1, "elder_g5"), 0);
    assert_int_equal(get_int(s1, "elder_g10"), 0);
    assert_near(get_double(s1, "kgdn_d"), 1200.0, 0.01);
    assert_int_equal(get_int(s1, "kgdn_g5"), 1);
    assert_int_equal(get_int(s1, "kgdn_g10"), 1);
    assert_near(get_double(s1, "kgdn_c10"), 0.0, 1e-12);
    assert_int_equal(get_int(s1, "households"), 100);
    assert_true(is_null(s1, "note"));

    /* S2: the kindergarten FS2 is 200 m east of its right edge; FS1 is 950 m west. */
    assert_string_equal(get_str(s2, "name"), "哨兵二号院");
    assert_near(get_double(s2, "kgdn_d"), 200.0, 0.01);
    assert_int_equal(get_int(s2, "kgdn_g5"), 0);
    assert_int_equal(get_int(s2, "kgdn_g10"), 0);
    assert_near(get_double(s2, "kgdn_c10"), 1.0, 1e-9);
    assert_near(get_double(s2, "kgdn_c5"), s2_kgdn_share(300.0), 1e-4);
    assert_near(get_double(s2, "elder_d"), 950.0, 0.01);
    assert_int_equal(get_int(s2, "elder_g10"), 1);

    /* S3: bow tie repaired into two triangles; FS2 700 m, FS1 1950 m away. */
    assert_string_equal(get_str(s3, "name"), "哨兵三号院(自交)");
    assert_near(get_double(s3, "kgdn_d"), 700.0, 0.01);
    assert_near(get_double(s3, "elder_d"), 1950.0, 0.01);
    assert_int_equal(get_int(s3, "kgdn_g10"), 1);

    /* No child-care or clinic facility within 3000 m of any sentinel. */
    OGRFeatureH all[3] = {s1, s2, s3};
    for (int i = 0; i < 3; i++) {
        assert_true(get_double(all[i], "child_d") > 3000.0);
        assert_true(get_double(all[i], "clinic_d") > 3000.0);
        assert_int_equal(get_int(all[i], "child_g10"), 1);
        assert_int_equal(get_int(all[i], "clinic_g10"), 1);
    }

    /* Areas in the projected outputs (GeoJSON is lon/lat). */
    if (strcmp(o->file, "estates.geojson") != 0) {
        assert_near(OGR_G_Area(OGR_F_GetGeometryRef(s1)), 10000.0, 0.01);
        assert_near(OGR_G_Area(OGR_F_GetGeometryRef(s3)), 5000.0, 0.01);
        assert_true(OGR_G_IsValid(OGR_F_GetGeometryRef(s3)));
    }
    OGR_F_Destroy(s1);
    OGR_F_Destroy(s2);
    OGR_F_Destroy(s3);
    close_layer(&v);
}

void test_sentinels_gpkg(void **state)
{
    (void)state;
    require_sample();
    check_sentinels(E.out, &ESTATE_OUTPUTS[0]);
}

void test_sentinels_shp(void **state)
{
    (void)state;
    require_sample();
    check_sentinels(E.out, &ESTATE_OUTPUTS[1]);
}

void test_sentinels_geojson(void **state)
{
    (void)state;
    require_sample();
    check_sentinels(E.out, &ESTATE_OUTPUTS[2]);
}

/* The analytic reference itself: r = 300 exact to ~1e-8, trivial cases exact. */
void test_reference_integration(void **state)
{
    (void)state;
    assert_near(s2_kgdn_share(500.0), 1.0, 1e-9);  /* disc covers the square */
    assert_near(s2_kgdn_share(200.0), 0.0, 1e-12); /* disc touches the edge only */
    /* Strips against the closed form and against 4x finer strips. */
    static const double radii[] = {200.0, 220.0, 250.0, 280.0, 300.0, 304.0};
    for (size_t i = 0; i < sizeof radii / sizeof radii[0]; i++)
        assert_near(s2_kgdn_share(radii[i]), s2_kgdn_share_closed(radii[i]), 1e-8);
    double fine = square_disc_area(100.0, 300.0, 50.0, 300.0, 400000) / 1e4;
    assert_near(s2_kgdn_share(300.0), fine, 1e-8);
    /* r = 250 covers x >= 50 only, fully from x0 = 300 - sqrt(250² - 50²) ≈ 55.05. */
    double r250 = s2_kgdn_share(250.0);
    assert_true(r250 > (100.0 - (300.0 - sqrt(60000.0))) / 100.0 && r250 < 0.5);
}

/* ------------------------------------------------------------------------------------ */
/* Sample: every estate recomputed, facilities, summary                                 */
/* ------------------------------------------------------------------------------------ */

void test_sample_recomputed(void **state)
{
    (void)state;
    require_sample();
    static const double radii[] = {300.0, 500.0};
    static const int tiers[] = {5, 10};
    for (int k = 0; k < NCATS; k++)
        assert_int_equal(verify_category(E.out, SAMPLE_CATS[k], radii, tiers, 2), SAMPLE_ESTATES);
}

/* priority: for every estate of the sample, the sum over categories and tiers of the people
 * of its demand role where it has a gap, recomputed from the written fields. */
void test_priority_field(void **state)
{
    (void)state;
    require_sample();
    static const char *const role[] = {"elderly", "children", "children", "population"};
    vlayer v = open_layer(path_in(E.out, "lifecircle.gpkg"), "estates");
    OGRFeatureH f;
    size_t n = 0, positive = 0;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        double want = 0;
        char name[32];
        for (int k = 0; k < NCATS; k++)
            for (int t = 5; t <= 10; t += 5) {
                snprintf(name, sizeof name, "%s_g%d", SAMPLE_CATS[k], t);
                if (get_int(f, name) == 1 && !is_null(f, role[k]))
                    want += fmax(0, get_double(f, role[k]));
            }
        assert_near(get_double(f, "priority"), want, 1e-9);
        positive += want > 0;
        n++;
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    assert_int_equal(n, SAMPLE_ESTATES);
    assert_true(positive > 50);
    /* the report lists the first of them, with what they lack in words */
    static char html[1 << 20];
    assert_true(read_file(path_in(E.out, "report.html"), html, sizeof html) > 0);
    assert_contains(html, "<table id=\"priorities\">");
    assert_contains(html, "分钟内无设施（");
}

void test_facilities_layer(void **state)
{
    (void)state;
    require_sample();
    vlayer v = open_layer(path_in(E.out, "lifecircle.gpkg"), "facilities");
    assert_true(has_field(v.lyr, "id") && has_field(v.lyr, "name") &&
                has_field(v.lyr, "category") && has_field(v.lyr, "catkey"));
    int nulls = 0, market = 0, shop = 0, per_cat[NCATS] = {0};
    OGRFeatureH f;
    OGR_L_ResetReading(v.lyr);
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        const char *key = get_str(f, "catkey");
        const char *raw = get_str(f, "category");
        const char *src = get_str(f, "catsrc"); /* the sample's values map, or nothing does */
        if (key) assert_string_equal(src, "value");
        else assert_null(src);
        if (!key) {
            nulls++;
            if (raw && !strcmp(raw, "菜市场")) market++;
            if (raw && !strcmp(raw, "便利店")) shop++;
        } else {
            for (int k = 0; k < NCATS; k++)
                if (!strcmp(key, SAMPLE_CATS[k])) per_cat[k]++;
        }
        OGR_F_Destroy(f);
    }
    assert_int_equal(nulls, SAMPLE_UNMAPPED);
    assert_int_equal(market, 2);
    assert_int_equal(shop, 1);
    for (int k = 0; k < NCATS; k++) assert_int_equal(per_cat[k], SAMPLE_CAT_COUNT[k]);

    /* The sentinel facilities come back from GCJ-02 to their true UTM position (< 1 mm). */
    OGRFeatureH fs1 = find_feature(v.lyr, "id", "FS1");
    OGRFeatureH fs2 = find_feature(v.lyr, "id", "FS2");
    assert_string_equal(get_str(fs1, "catkey"), "elder");
    assert_string_equal(get_str(fs2, "catkey"), "kgdn");
    assert_near(OGR_G_GetX(OGR_F_GetGeometryRef(fs1), 0), 520750.0, 1e-3);
    assert_near(OGR_G_GetY(OGR_F_GetGeometryRef(fs1), 0), 4328050.0, 1e-3);
    assert_near(OGR_G_GetX(OGR_F_GetGeometryRef(fs2), 0), 522000.0, 1e-3);
    assert_near(OGR_G_GetY(OGR_F_GetGeometryRef(fs2), 0), 4328050.0, 1e-3);
    OGR_F_Destroy(fs1);
    OGR_F_Destroy(fs2);
    close_layer(&v);
}

void test_summary_csv(void **state)
{
    (void)state;
    require_sample();
    /* Reference totals from the estates layer. */
    long long hh = 0, pop = 0, free5[NCATS] = {0};
    vlayer est = open_layer(path_in(E.out, "lifecircle.gpkg"), "estates");
    OGRFeatureH f;
    char name[32];
    OGR_L_ResetReading(est.lyr);
    while ((f = OGR_L_GetNextFeature(est.lyr)) != NULL) {
        hh += get_int(f, "households");
        pop += get_int(f, "population");
        for (int k = 0; k < NCATS; k++)
            free5[k] += get_int(f, fname(name, sizeof name, SAMPLE_CATS[k], "g5")) == 0;
        OGR_F_Destroy(f);
    }
    close_layer(&est);

    GDALDatasetH ds = open_vector(path_in(E.out, "summary.csv"), "CSV");
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    assert_non_null(lyr);
    static const char *const cols[] = {"district", "category", "estates", "households",
                                       "population", "elderly", "children", "share5", "share10",
                                       "pshare5", "pshare10", "ashare5", "ashare10", "gini5",
                                       "gini10", "palma5", "palma10"};
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(lyr);
    assert_int_equal(OGR_FD_GetFieldCount(fd), 17);
    for (int i = 0; i < 17; i++)
        assert_string_equal(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(fd, i)), cols[i]);
    assert_int_equal(field_type(lyr, "estates"), OFTInteger); /* typed by summary.csvt */
    assert_int_equal(field_type(lyr, "share5"), OFTReal);

    int totals[NCATS] = {0}, sentinel_elder = 0, rows = 0;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        rows++;
        const char *d = get_str(f, "district"), *c = get_str(f, "category");
        assert_non_null(d);
        assert_non_null(c);
        int k = -1;
        for (int i = 0; i < NCATS; i++)
            if (!strcmp(c, SAMPLE_CATS[i])) k = i;
        if (k < 0) fail_msg("summary.csv: unexpected category '%s'", c);
        if (!strcmp(d, "TOTAL")) {
            totals[k]++;
            assert_int_equal(get_int(f, "estates"), SAMPLE_ESTATES);
            assert_int_equal(get_int(f, "households"), hh);
            assert_int_equal(get_int(f, "population"), pop);
            assert_near(get_double(f, "share5"), (double)free5[k] / SAMPLE_ESTATES, 1e-6);
        } else if (!strcmp(d, SENTINEL_DISTRICT) && k == 0) {
            sentinel_elder++;
            assert_int_equal(get_int(f, "estates"), 3);
            assert_near(get_double(f, "share5"), 1.0 / 3.0, 1e-6);  /* only S1 */
            assert_near(get_double(f, "pshare5"), 250.0 / 870.0, 1e-6);
            assert_near(get_double(f, "ashare5"), 10000.0 / 25000.0, 1e-6);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    for (int k = 0; k < NCATS; k++) assert_int_equal(totals[k], 1);
    assert_int_equal(sentinel_elder, 1);
    assert_int_equal(rows, NCATS * (4 + 1)); /* 4 districts + TOTAL */
}
