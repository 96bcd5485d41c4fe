/*
 * e2e_outputs.c — What a run writes: report, QGIS styles and project, run record, messages in the
 * user's language, the same results whatever the input order or format, writing and formats.
 */
#include "e2e.h"

/* ------------------------------------------------------------------------------------ */
/* Report, styles, project, run record                                       */
/* ------------------------------------------------------------------------------------ */

/* Count the <tr class="cls"> rows of the table with id `table` in a parsed report. */
static int count_rows(xmlNodePtr n, const char *table, const char *cls, int in_table)
{
    int c = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        xmlChar *id = xmlGetProp(n, BAD_CAST "id"), *k = xmlGetProp(n, BAD_CAST "class");
        int inside = in_table || (id && !xmlStrcmp(id, BAD_CAST table));
        if (inside && !xmlStrcmp(n->name, BAD_CAST "tr") && k && !xmlStrcmp(k, BAD_CAST cls)) c++;
        xmlFree(id), xmlFree(k);
        c += count_rows(n->children, table, cls, inside);
    }
    return c;
}

/* The longest stretch of a message format without a printf directive: what a test finds in
 * the log whatever the arguments. */
static void fixed_part(const char *fmt, char *out, size_t cap)
{
    size_t best = 0, bestn = 0;
    for (size_t i = 0; fmt[i];) {
        size_t n = strcspn(fmt + i, "%");
        if (n > bestn) best = i, bestn = n;
        i += n;
        if (!fmt[i]) break;
        i++; /* a directive: flags, width, precision, length, then the conversion */
        i += strspn(fmt + i, "-+ #0123456789.*hlzjt");
        if (fmt[i]) i++;
    }
    snprintf(out, cap, "%.*s", (int)(bestn < cap ? bestn : cap - 1), fmt + best);
}

/* Messages follow the language: the locale's (LANG=zh_CN.UTF-8 gives Chinese even where that
 * locale is not installed), --lang over it, and `lang` in a config file. The expected text is
 * the catalogue's own translation (lc_gettext, the build tree's catalogues). */
void test_messages_follow_the_language(void **state)
{
    (void)state;
    char out[PATHLEN], dir[PATHLEN], zh[512], en[512], cfg[PATHLEN];
    tmp_path(out, "language");
    snprintf(dir, sizeof dir, "%s", E.cli);
    char *slash = strrchr(dir, '/');
    snprintf(slash ? slash + 1 : dir, sizeof dir - (size_t)(slash ? slash + 1 - dir : 0), "locale");
    setenv("LIFECIRCLE_LOCALEDIR", dir, 1);
    static const char *const msgid = "%s: cannot open as a vector source%s";
    fixed_part(msgid, en, sizeof en);
    lc_set_language("zh");
    fixed_part(lc_gettext(msgid), zh, sizeof zh);
    lc_set_language("en");
    unsetenv("LANGUAGE"); /* lc_set_language set it here; the runs below choose their own */
    unsetenv("LIFECIRCLE_LOCALEDIR"); /* bound here; the CLI finds its catalogue by itself */
    if (!strcmp(zh, en)) fail_msg("no Chinese translation of '%s' in %s", msgid, dir);
    const char *missing = "/nonexistent/estates.gpkg";
    /* English in the C locale */
    int rc = run_cli("coverage", "--estates", missing, "--facilities", missing, "-o", out, (const char *)NULL);
    assert_int_equal(rc, 3);
    assert_contains(g_log, en);
    /* Chinese from LANG, the status word too */
    setenv("LANG", "zh_CN.UTF-8", 1);
    rc = run_cli("coverage", "--estates", missing, "--facilities", missing, "-o", out, (const char *)NULL);
    assert_int_equal(rc, 3);
    assert_contains(g_log, zh);
    assert_null(strstr(g_log, en));
    assert_null(strstr(g_log, "input/output error"));
    /* ... and the sample's unmapped categories (a warning of a run that goes on) */
    static const char *const unmapped =
        "%s: category '%s' maps to no key (%zu facilities; add it under 'map' in "
        "the config or with --map KEY=VALUE)";
    char zhu[512], enu[512];
    fixed_part(unmapped, enu, sizeof enu);
    lc_set_language("zh");
    fixed_part(lc_gettext(unmapped), zhu, sizeof zhu);
    lc_set_language("en");
    unsetenv("LANGUAGE");
    rc = run_sample(out, NULL, NULL, NULL, NULL);
    assert_int_equal(rc, 0);
    assert_contains(g_log, "lifecircle: warning: ");
    assert_contains(g_log, "'菜市场'");
    assert_contains(g_log, zhu);
    assert_null(strstr(g_log, enu));
    /* --lang en wins over LANG */
    rc = run_cli("coverage", "--estates", missing, "--facilities", missing, "--lang", "en", "-o", out,
                 (const char *)NULL);
    assert_contains(g_log, en);
    setenv("LANG", "C.UTF-8", 1);
    /* --lang zh in the C locale; and lang: zh in a config file */
    rc = run_cli("coverage", "--estates", missing, "--facilities", missing, "--lang", "zh", "-o", out,
                 (const char *)NULL);
    assert_contains(g_log, zh);
    tmp_path(cfg, "language.yaml");
    write_file(cfg, "lang: zh\n");
    rc = run_cli("coverage", "--config", cfg, "--estates", missing, "--facilities", missing, "-o", out,
                 (const char *)NULL);
    assert_int_equal(rc, 3);
    assert_contains(g_log, zh);
    /* the help's settings in Chinese */
    rc = run_cli("run", "--lang", "zh", "--help", (const char *)NULL);
    assert_int_equal(rc, 0);
    fixed_part(lc_gettext("OGR SQL attribute filter on the estate layer"),
               en, sizeof en);
    lc_set_language("zh");
    fixed_part(lc_gettext("OGR SQL attribute filter on the estate layer"),
               zh, sizeof zh);
    lc_set_language("en");
    unsetenv("LANGUAGE");
    assert_contains(g_log, zh);
}

/* Occurrences of `what` from p up to the first `until` after it. */
static int count_between(const char *p, const char *until, const char *what)
{
    const char *stop = strstr(p, until);
    int n = 0;
    for (const char *q = p; (q = strstr(q, what)) && (!stop || q < stop); q++) n++;
    return n;
}

void test_report_and_styles(void **state)
{
    (void)state;
    char out[PATHLEN], bar[PATHLEN];
    tmp_path(out, "report");
    snprintf(bar, sizeof bar, "%s", path_in(E.data, "barriers.geojson"));
    int rc = run_cli("run", "--estates", E.estates, "--facilities", E.facilities, "--facilities-srs",
                     "GCJ02", "--barriers", bar, "--gap", "40", "--category", "kgdn", "--count", "3",
                     "-o", out, (const char *)NULL);
    if (rc != 0) fail_msg("run exited %d:\n%s", rc, g_log);
    /* well-formed (parsed as XML), one row per district and per bundle, nothing external */
    xmlDocPtr doc = xmlReadFile(path_in(out, "report.html"), NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    int districts = count_rows(xmlDocGetRootElement(doc), "districts", "district", 0);
    int bundles = count_rows(xmlDocGetRootElement(doc), "bundles", "bundle", 0);
    int sites = count_rows(xmlDocGetRootElement(doc), "sites", "site", 0);
    /* every setting with a value, in two tables side by side (one printed page) */
    int params = count_rows(xmlDocGetRootElement(doc), "parameters", "param", 0);
    xmlFreeDoc(doc);
    assert_int_equal(districts, 4); /* 东风, 向阳, 新华 and the sentinels' 测试街道 */
    assert_int_equal(bundles, count_layer(path_in(out, "lifecircle.gpkg"), "bundles"));
    assert_int_equal(sites, 3);
    static char html[8 * 1024 * 1024];
    long n = read_file(path_in(out, "report.html"), html, sizeof html);
    assert_true(n > 1000);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "http://fonts"));
    assert_null(strstr(html, "src=\"http"));
    assert_contains(html, "东风街道");
    /* framed on the district: the three far sentinels are listed outside; scale, north */
    assert_contains(html, "3 个小区在地图范围之外（全部或部分）：S1、S2、S3");
    assert_contains(html, "<g class=\"scalebar\">");
    assert_contains(html, "<g class=\"north\"");
    /* the map's legend is in the map's SVG (it prints with it): gap classes, bundles,
     * facilities of the four categories, sites */
    const char *map = strstr(html, "<svg");
    assert_non_null(map);
    const char *legend = strstr(map, "<g class=\"legend\"");
    assert_true(legend && legend < strstr(map, "</svg>"));
    assert_int_equal(count_between(legend, "</g>", "<text"), 3 + 1 + 4 + 1);
    assert_contains(legend, ">养老5分钟内可达<");
    /* the first page's key figures */
    assert_contains(html, "<li>小区 303 个（其中 2000 年前建成 ");
    /* the coverage chart: a panel per category, two bars per district with their shares */
    assert_contains(html, "id=\"coverage-chart\"");
    assert_contains(html, "养老：各街道可达的小区比例");
    const char *chart = strstr(html, "id=\"coverage-chart\"");
    assert_int_equal(count_between(chart, "</div>", "<svg"), 4);          /* a panel per category */
    assert_int_equal(count_between(chart, "</div>", "<rect"), 4 * 4 * 2); /* categories x districts x tiers */
    /* its elder-care bars of 东风街道 give the shares of its estates without a 5- and a
     * 10-minute gap, counted here from the estates layer */
    vlayer ev = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    OGR_L_SetAttributeFilter(ev.lyr, "district = '东风街道'");
    long long dn = count_features(ev.lyr);
    OGR_L_SetAttributeFilter(ev.lyr, "district = '东风街道' AND elder_g5 = 0");
    long long d5 = count_features(ev.lyr);
    OGR_L_SetAttributeFilter(ev.lyr, "district = '东风街道' AND elder_g10 = 0");
    long long d10 = count_features(ev.lyr);
    close_layer(&ev);
    assert_true(dn > 0 && d5 < d10 && d10 < dn); /* the two bars differ, neither full */
    const char *elder = strstr(chart, "养老：各街道可达的小区比例");
    const char *dist = elder ? strstr(elder, ">东风街道<") : NULL;
    assert_non_null(dist);
    char bars[96];
    snprintf(bars, sizeof bars, ">%.0f %%</text>", 100.0 * (double)d5 / (double)dn);
    const char *b5 = strstr(dist, bars);
    snprintf(bars, sizeof bars, ">%.0f %%</text>", 100.0 * (double)d10 / (double)dn);
    const char *b10 = b5 ? strstr(b5 + 1, bars) : NULL;
    if (!b5 || !b10 || count_between(dist, bars, "<rect") != 2)
        fail_msg("the elder-care bars of 东风街道 are not %lld and %lld of %lld estates", d5, d10,
                 dn);
    /* the bundle-size chart: one bar pair per bin, the floor and the ceiling marked; its
     * counts add up to the bundles */
    const char *bchart = strstr(html, "id=\"bundle-chart\"");
    assert_non_null(bchart);
    assert_contains(bchart, "下限 1000");
    assert_contains(bchart, "上限 3000");
    char head[160];
    snprintf(head, sizeof head, "打包片区规模：共 %d 个片区，", bundles);
    assert_contains(bchart, head);
    /* the sites' chart: rank 0 (today) and three sites, the last at the cumulative share */
    const char *schart = strstr(html, "id=\"site-chart\"");
    assert_non_null(schart);
    assert_int_equal(count_between(schart, "</svg>", "<rect"), 1 + 3 * 2);
    assert_contains(schart, "全部小区");
    /* gaps in words, not codes such as "elder5:1/1" */
    assert_contains(html, "<td>养老 5 分钟：1/1 个小区缺；托育 5 分钟：1/1 个小区缺；");
    assert_null(strstr(html, "elder5:"));
    assert_null(strstr(html, "child10:"));
    /* styles: the GeoPackage's layer_styles has a default row per layer; QML beside files */
    vlayer ls = open_layer(path_in(out, "lifecircle.gpkg"), "layer_styles");
    OGR_L_SetAttributeFilter(ls.lyr, "useAsDefault = 1");
    assert_int_equal(count_features(ls.lyr), 6); /* estates facilities service_areas bundles adjacency sites */
    close_layer(&ls);
    static const char *const qml[] = {"estates.qml", "estates_child.qml", "bundles.qml",
                                      "sites.qml", "service_areas.qml", "lifecircle.qgs"};
    for (size_t i = 0; i < sizeof qml / sizeof *qml; i++) {
        xmlDocPtr q = xmlReadFile(path_in(out, qml[i]), NULL, XML_PARSE_NONET);
        if (!q) fail_msg("%s is missing or not well-formed", qml[i]);
        xmlFreeDoc(q);
    }
    static char text[512 * 1024];
    read_file(path_in(out, "estates.qml"), text, sizeof text);
    assert_contains(text, "RuleRenderer");
    assert_contains(text, "&quot;elder_g10&quot; = 1");
    assert_contains(text, "name=\"户数\"");
    /* run.json: parameters with their sources, versions, counts */
    assert_counts(out, "parameters.gap", "value=\"40\" source=\"flag\"");
    assert_counts(out, "parameters.r5", "value=\"300\" source=\"default\"");
    assert_counts(out, "counts.estates", "written=303");
    json_object *rec = run_record(out);
    assert_non_null(rec_str(rec, "versions.gdal"));
    int json_params = 0; /* the parameters with a value, each a row of the report's table */
    json_object_object_foreach(rec_get(rec, "parameters"), pname, pval) {
        (void)pname;
        json_params += json_object_is_type(rec_get(pval, "value"), json_type_string);
    }
    json_object_put(rec);
    assert_true(json_params >= 30);
    assert_int_equal(params, json_params);
    /* English aliases with --lang en */
    char out2[PATHLEN];
    tmp_path(out2, "report-en");
    rc = run_cli("coverage", "--estates", E.estates, "--facilities", E.facilities, "--lang", "en",
                 "-o", out2, (const char *)NULL);
    if (rc != 0) fail_msg("run exited %d:\n%s", rc, g_log);
    read_file(path_in(out2, "estates.qml"), text, sizeof text);
    assert_contains(text, "name=\"households\"");
    assert_contains(text, "name=\"elder care 10-minute gap\"");
    read_file(path_in(out2, "report.html"), html, sizeof html);
    assert_contains(html, "lang=\"en\"");
    /* the overview map's first legend key: the category, a space, the class */
    assert_contains(html, ">elder care within 5 minutes<");
    assert_null(strstr(html, "carewithin"));
}

/* ------------------------------------------------------------------------------------ */
/* The same inputs in another order or format give the same results          */
/* ------------------------------------------------------------------------------------ */

/* Translate the sample estates with ogr2ogr's library form (GDALVectorTranslate). */
void translate(const char *dst, const char *fmt, const char *sql)
{
    char *argv[16];
    int n = 0;
    argv[n++] = "-f", argv[n++] = (char *)fmt;
    if (sql) argv[n++] = "-sql", argv[n++] = (char *)sql;
    argv[n] = NULL;
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    GDALDatasetH src = open_vector(E.estates, NULL);
    int err = 0;
    GDALDatasetH out = GDALVectorTranslate(dst, NULL, 1, &src, o, &err);
    GDALVectorTranslateOptionsFree(o);
    GDALClose(src);
    if (!out || err) fail_msg("cannot translate the sample into %s", dst);
    GDALClose(out);
}

/* The estates' computed fields (distance, share, gap of every category) and bundle. */
size_t read_results(const char *dir, result_row *rows, size_t cap, char (*names)[16], size_t *nn)
{
    vlayer v = open_layer(path_in(dir, "lifecircle.gpkg"), "estates");
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(v.lyr);
    *nn = 0;
    for (int i = 0; i < OGR_FD_GetFieldCount(fd); i++) {
        const char *f = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(fd, i));
        const char *us = strrchr(f, '_');
        if (us && (us[1] == 'd' || us[1] == 'c' || us[1] == 'g') && strchr("ckegh", f[0]) && *nn < 64)
            snprintf(names[(*nn)++], 16, "%s", f);
    }
    size_t n = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        if (n == cap) fail_msg("too many estates");
        snprintf(rows[n].id, sizeof rows[n].id, "%s", get_str(f, "id"));
        for (size_t k = 0; k < *nn; k++)
            rows[n].v[k] = is_null(f, names[k]) ? NAN : get_double(f, names[k]);
        rows[n].bundle = is_null(f, "bundle") ? -1 : get_int(f, "bundle");
        n++;
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    return n;
}

void test_order_and_format_invariance(void **state)
{
    (void)state;
    static const char *const variants[][3] = {
        {"inv-geojson", "GeoJSON", "estates.geojson"},
        {"inv-reversed", "GeoJSON", "reversed.geojson"},
        {"inv-gpkg", "GPKG", "estates.gpkg"},
        {"inv-shp", "ESRI Shapefile", "estates.shp"},
    };
    char bar[PATHLEN], in[PATHLEN];
    snprintf(bar, sizeof bar, "%s", path_in(E.data, "barriers.geojson"));
    static result_row base[SAMPLE_ESTATES + 8], got[SAMPLE_ESTATES + 8];
    static char names[64][16], names2[64][16];
    size_t nb = 0, nn = 0;
    for (size_t v = 0; v < 4; v++) {
        char dir[PATHLEN], out[PATHLEN + 8];
        tmp_path(dir, variants[v][0]);
        mkdir(dir, 0755);
        snprintf(in, sizeof in, "%s", path_in(dir, variants[v][2]));
        translate(in, variants[v][1], v == 1 ? "SELECT * FROM estates ORDER BY id DESC" : NULL);
        snprintf(out, sizeof out, "%s/out", dir);
        /* the exact bundle step stops at a time limit, so under the sanitizers and valgrind
         * (CBC several times slower) how far it gets varies from run to run: the invariance
         * is the heuristic's; the exact step is checked against enumeration in test_bundle */
        int rc = run_cli("run", "--estates", in, "--facilities", E.facilities, "--facilities-srs",
                         "GCJ02", "--barriers", bar, "--gap", "40", "--category", "elder", "--tier",
                         "5", "--count", "4", "--bundle-time-limit", "0", "-o", out,
                         (const char *)NULL);
        if (rc != 0) fail_msg("%s: run exited %d:\n%s", variants[v][0], rc, g_log);
        /* the same sites, in the same ranks */
        char sites[256] = "";
        vlayer sl = open_layer(path_in(out, "lifecircle.gpkg"), "sites");
        OGRFeatureH f;
        while ((f = OGR_L_GetNextFeature(sl.lyr)) != NULL) {
            strncat(sites, get_str(f, "candidate"), sizeof sites - strlen(sites) - 2);
            strcat(sites, ",");
            OGR_F_Destroy(f);
        }
        close_layer(&sl);
        static char base_sites[256];
        if (!v) snprintf(base_sites, sizeof base_sites, "%s", sites);
        else if (strcmp(sites, base_sites)) fail_msg("%s: sites %s vs %s", variants[v][0], sites, base_sites);
        result_row *r = v ? got : base;
        size_t n2, n = read_results(out, r, SAMPLE_ESTATES + 8, v ? names2 : names, v ? &n2 : &nn);
        if (!v) {
            nb = n;
            assert_true(nn >= 16);
            continue;
        }
        assert_int_equal(n, nb);
        assert_int_equal(n2, nn);
        for (size_t i = 0; i < nb; i++) { /* find by id: the order may differ */
            size_t j = 0;
            while (j < n && strcmp(got[j].id, base[i].id)) j++;
            assert_true(j < n);
            for (size_t k = 0; k < nn; k++) {
                double a = base[i].v[k], b = got[j].v[k];
                if (isnan(a) != isnan(b) || (!isnan(a) && fabs(a - b) > 1e-6))
                    fail_msg("%s: estate %s field %s: %.9g vs %.9g", variants[v][0], base[i].id,
                             names[k], a, b);
            }
            if (base[i].bundle != got[j].bundle)
                fail_msg("%s: estate %s in bundle %lld vs %lld", variants[v][0], base[i].id,
                         base[i].bundle, got[j].bundle);
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* Writing: side by side, the formats setting, service areas per district or none        */
/* ------------------------------------------------------------------------------------ */

/* The bytes of `a` and `b` are the same. */
static void assert_same_file(const char *a, const char *b)
{
    static char x[8 << 20], y[8 << 20];
    long nx = read_file(a, x, sizeof x), ny = read_file(b, y, sizeof y);
    if (nx < 0 || ny < 0) fail_msg("cannot read %s or %s", a, b);
    if (nx != ny || memcmp(x, y, (size_t)nx)) fail_msg("%s and %s differ (%ld vs %ld bytes)", a, b, nx, ny);
}

/* The lines of `log` holding "warning:", in order. */
static void warning_lines(const char *log, char *out, size_t cap)
{
    out[0] = '\0';
    for (const char *p = log; (p = strstr(p, "warning:")) != NULL; p++) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p + 1) : strlen(p);
        if (strlen(out) + n + 1 < cap) strncat(out, p, n);
    }
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The features of a layer as text (fields, then the geometry's ISO WKB in hex),
 * sorted: FlatGeobuf's index stores them in its own order. Free with free_rows. */
static char **feature_rows(OGRLayerH lyr, size_t *n)
{
    size_t cap = (size_t)count_features(lyr) + 1;
    char **rows = calloc(cap, sizeof *rows);
    *n = 0;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        size_t len = 0, sz = 4096;
        char *r = malloc(sz);
        r[0] = '\0';
        for (int i = 0; i < OGR_F_GetFieldCount(f); i++) {
            char num[32];
            const char *v = OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "<null>";
            /* reals by value: the formats print their declared precision differently */
            if (OGR_F_IsFieldSetAndNotNull(f, i) &&
                OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i)) == OFTReal)
                snprintf(num, sizeof num, "%.17g", OGR_F_GetFieldAsDouble(f, i)), v = num;
            size_t need = len + strlen(v) + 2;
            if (need > sz) r = realloc(r, sz = need * 2);
            len += (size_t)sprintf(r + len, "%s|", v);
        }
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        char *wkt = NULL;
        if (g) {
            unsigned char *wkb = malloc((size_t)OGR_G_WkbSize(g));
            OGR_G_ExportToIsoWkb(g, wkbNDR, wkb);
            size_t wn = (size_t)OGR_G_WkbSize(g);
            wkt = malloc(2 * wn + 1);
            for (size_t i = 0; i < wn; i++) sprintf(wkt + 2 * i, "%02x", wkb[i]);
            free(wkb);
        }
        const char *gv = wkt ? wkt : "<no geometry>";
        r = realloc(r, len + strlen(gv) + 1);
        strcpy(r + len, gv);
        free(wkt);
        if (*n + 1 >= cap) rows = realloc(rows, (cap *= 2) * sizeof *rows);
        rows[(*n)++] = r;
        OGR_F_Destroy(f);
    }
    qsort(rows, *n, sizeof *rows, cmp_strp);
    return rows;
}

static void free_rows(char **rows, size_t n)
{
    for (size_t i = 0; i < n; i++) free(rows[i]);
    free(rows);
}

/* Two layers hold the same features (fields as text, geometry byte for byte as WKB), in
 * any order. */
static void assert_same_features(OGRLayerH a, OGRLayerH b, const char *what)
{
    size_t na, nb;
    char **ra = feature_rows(a, &na), **rb = feature_rows(b, &nb);
    if (na != nb) fail_msg("%s: %zu vs %zu features", what, na, nb);
    for (size_t i = 0; i < na; i++)
        if (strcmp(ra[i], rb[i])) fail_msg("%s: features differ:\n%.300s\n%.300s", what, ra[i], rb[i]);
    free_rows(ra, na);
    free_rows(rb, nb);
}

/* A run of the sample with its network and bundles into `out` with up to 4 more arguments. */
static void run_writing(const char *out, const char *a1, const char *a2, const char *a3,
                        const char *a4)
{
    char net[PATHLEN], bar[PATHLEN];
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    snprintf(bar, sizeof bar, "%s", path_in(E.data, "barriers.geojson"));
    remove_tree(out);
    int rc = run_cli("run", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--network", net, "--barriers", bar, "--gap", "40",
                     "--bundle-time-limit", "0", "-o", out, a1, a2, a3, a4, (const char *)NULL);
    if (rc != 0) fail_msg("run into %s exited %d:\n%s", out, rc, g_log);
}

void test_writing_threads_and_formats(void **state)
{
    (void)state;
    char one[PATHLEN], two[PATHLEN], fgb[PATHLEN], a[PATHLEN], b[PATHLEN];
    static char warn1[1 << 16], warn2[1 << 16];
    tmp_path(one, "fmt-t1");
    tmp_path(two, "fmt-t2");
    tmp_path(fgb, "fmt-fgb");
    /* one thread and two write the same bytes and log the same warnings in the same order */
    run_writing(one, "--threads", "1", "--formats", "gpkg,geojson,shp,fgb");
    warning_lines(g_log, warn1, sizeof warn1);
    run_writing(two, "--threads", "2", "--formats", "gpkg,geojson,shp,fgb");
    warning_lines(g_log, warn2, sizeof warn2);
    assert_string_equal(warn1, warn2);
    static const char *const same[] = {"estates.geojson", "estates.shp", "estates.dbf",
                                       "service_areas.geojson", "bundles.geojson", "bundles.dbf",
                                       "estates.fgb", "service_areas.fgb", "facilities.fgb",
                                       "adjacency.fgb", "summary.csv", "estates.qml"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        snprintf(a, sizeof a, "%s", path_in(one, same[i]));
        snprintf(b, sizeof b, "%s", path_in(two, same[i]));
        assert_same_file(a, b);
    }
    /* run.json: a row per file written, with its size */
    json_object *rec = run_record(one);
    assert_true(rec_int(rec_find(rec, "files", "file", "estates.fgb"), "bytes") > 0);
    assert_string_equal(rec_str(rec, "service_areas"), "whole");
    json_object_put(rec);
    /* FlatGeobuf alone: every layer as a file, equal to the GeoPackage's, the project on them */
    run_writing(fgb, "--formats", "fgb", "--lang", "en");
    static char html[1 << 20];
    assert_true(read_file(path_in(fgb, "report.html"), html, sizeof html) > 0);
    assert_contains(html, "elder care, 5 min: 1 of 1 estates lack it; childcare, 5 min: 1 of 1");
    assert_null(strstr(html, "elder5:"));
    assert_false(file_exists(path_in(fgb, "lifecircle.gpkg")));
    assert_false(file_exists(path_in(fgb, "estates.geojson")));
    assert_false(file_exists(path_in(fgb, "estates.shp")));
    assert_true(file_exists(path_in(fgb, "facilities.qml")));
    static char qgs[1 << 16];
    assert_true(read_file(path_in(fgb, "lifecircle.qgs"), qgs, sizeof qgs) > 0);
    assert_contains(qgs, "./estates.fgb");
    static const char *const layers[] = {"estates", "facilities", "service_areas", "bundles",
                                         "adjacency"};
    for (size_t i = 0; i < sizeof layers / sizeof *layers; i++) {
        char file[64];
        snprintf(file, sizeof file, "%s.fgb", layers[i]);
        vlayer g = open_layer(path_in(one, "lifecircle.gpkg"), layers[i]);
        vlayer f = open_layer(path_in(fgb, file), NULL);
        assert_same_features(g.lyr, f.lyr, file);
        assert_layer_epsg(f.lyr, 4548, file);
        close_layer(&g), close_layer(&f);
    }
}

/* Envelope of the estates of each district (index in `names`, "" for none). */
static size_t district_envelopes(const char *gpkg, char (*names)[64], OGREnvelope *env, size_t cap)
{
    vlayer v = open_layer(gpkg, "estates");
    size_t n = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        const char *d = is_null(f, "district") ? "" : get_str(f, "district");
        size_t i = 0;
        while (i < n && strcmp(names[i], d)) i++;
        OGREnvelope e;
        OGR_G_GetEnvelope(OGR_F_GetGeometryRef(f), &e);
        if (i == n) {
            if (n == cap) fail_msg("too many districts");
            snprintf(names[n++], 64, "%s", d);
            env[i] = e;
        }
        env[i].MinX = fmin(env[i].MinX, e.MinX), env[i].MinY = fmin(env[i].MinY, e.MinY);
        env[i].MaxX = fmax(env[i].MaxX, e.MaxX), env[i].MaxY = fmax(env[i].MaxY, e.MaxY);
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    return n;
}

void test_service_areas_district_and_none(void **state)
{
    (void)state;
    char whole[PATHLEN], dist[PATHLEN], none[PATHLEN], gw[PATHLEN];
    tmp_path(whole, "sa-whole");
    tmp_path(dist, "sa-district");
    tmp_path(none, "sa-none");
    /* the straight-line areas (coverage): the walking ones take the same path, and a
     * polygon with many holes is the unit test's (clip_boxes_many_holes) */
    remove_tree(whole), remove_tree(none), remove_tree(dist);
    if (run_sample(whole, "--formats", "gpkg", NULL, NULL)) fail_msg("whole:\n%s", g_log);
    if (run_sample(none, "--service-areas", "none", NULL, NULL)) fail_msg("none:\n%s", g_log);
    assert_false(file_exists(path_in(none, "service_areas.geojson")));
    vlayer e = open_layer(path_in(none, "lifecircle.gpkg"), "estates");
    assert_null(GDALDatasetGetLayerByName(e.ds, "service_areas"));
    close_layer(&e);
    assert_counts(none, "", "service_areas=\"none\"");
    /* the report says what it left out; the whole run's leaves out nothing */
    static char html[1 << 20];
    assert_true(read_file(path_in(none, "report.html"), html, sizeof html) > 0);
    assert_contains(html, "id=\"left-out\"");
    assert_contains(html, "服务范围未计算");
    assert_true(read_file(path_in(whole, "report.html"), html, sizeof html) > 0);
    assert_null(strstr(html, "left-out"));
    /* per district: each whole area cut to each district's box grown by the radius, as OGR
     * computes it; a row for every district the area reaches, none for the others */
    if (run_sample(dist, "--service-areas", "district", "--formats", "gpkg"))
        fail_msg("district:\n%s", g_log);
    snprintf(gw, sizeof gw, "%s", path_in(whole, "lifecircle.gpkg"));
    static char names[32][64];
    OGREnvelope env[32];
    size_t nd = district_envelopes(gw, names, env, 32);
    assert_true(nd >= 4);
    vlayer w = open_layer(gw, "service_areas");
    vlayer d = open_layer(path_in(dist, "lifecircle.gpkg"), "service_areas");
    long rows = 0, expected = 0;
    OGRFeatureH fw;
    while ((fw = OGR_L_GetNextFeature(w.lyr)) != NULL) {
        double r = get_double(fw, "radius_m");
        for (size_t i = 0; i < nd; i++) {
            OGRGeometryH box = OGR_G_CreateGeometry(wkbPolygon), ring = OGR_G_CreateGeometry(wkbLinearRing);
            double x0 = env[i].MinX - r, y0 = env[i].MinY - r, x1 = env[i].MaxX + r, y1 = env[i].MaxY + r;
            OGR_G_AddPoint_2D(ring, x0, y0), OGR_G_AddPoint_2D(ring, x1, y0);
            OGR_G_AddPoint_2D(ring, x1, y1), OGR_G_AddPoint_2D(ring, x0, y1), OGR_G_AddPoint_2D(ring, x0, y0);
            OGR_G_AddGeometryDirectly(box, ring);
            OGRGeometryH want = OGR_G_Intersection(OGR_F_GetGeometryRef(fw), box);
            double wa = want ? OGR_G_Area(want) : 0;
            char where[512];
            snprintf(where, sizeof where, "category = '%s' AND tier = %lld AND mode = '%s' AND %s",
                     get_str(fw, "category"), get_int(fw, "tier"), get_str(fw, "mode"),
                     names[i][0] ? "district = '" : "district IS NULL");
            if (names[i][0]) strncat(strncat(where, names[i], sizeof where - strlen(where) - 2), "'", 2);
            OGR_L_SetAttributeFilter(d.lyr, where);
            OGRFeatureH fd = OGR_L_GetNextFeature(d.lyr);
            if (wa > 0) {
                expected++;
                if (!fd) fail_msg("no row for %s", where);
                OGRGeometryH got = OGR_F_GetGeometryRef(fd);
                assert_true(OGR_G_IsValid(got));
                assert_near(OGR_G_Area(got), wa, 1e-6 * wa + 1e-6);
            } else if (fd && OGR_G_Area(OGR_F_GetGeometryRef(fd)) > 0) {
                fail_msg("a row with area for %s, where the area does not reach", where);
            }
            if (fd) OGR_F_Destroy(fd);
            OGR_L_SetAttributeFilter(d.lyr, NULL);
            if (want) OGR_G_DestroyGeometry(want);
            OGR_G_DestroyGeometry(box);
        }
        OGR_F_Destroy(fw);
    }
    rows = count_features(d.lyr);
    assert_true(expected > 16);
    assert_int_equal(rows, expected);
    close_layer(&w), close_layer(&d);
}
