/* test_compare.c — the changes layer and compare.csv of a comparison of scenarios
 * (report/compare.c): folders written by hand with known values, every number read back
 * through GDAL; compare.html (parsed, its numbers against compare.csv's); the refusal of
 * folders of other estates; and two runs of the program on the sample, one with an
 * elder-care facility added beside a gap estate. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "lc_scratch.h"
#include "io/io.h"
#include "report/compare.h"
#include "report/i18n.h"

#define NE 4

/* One estate's computed values: elder (with _w, _a5, _a10) and child (neither), tiers 5, 10. */
typedef struct {
    double ew, ec5, eg5, ec10, eg10, ea5, ea10; /* NAN: empty */
    double cc5, cg5, cc10, cg10;
} vals;

static const char *const IDS[NE] = {"E1", "E2", "E3", "E4"};
static const int HH[NE] = {100, 200, 300, 400}, ELD[NE] = {30, 50, 70, -1}, CHI[NE] = {10, 20, 30, 40};

static const vals BASE[NE] = {
    {600, 0.2, 1, 1, 0, 0, 2.0, 0, 1, 0, 1},
    {300, 1, 0, 1, 0, 1.5, 2.5, 1, 0, 1, 0},
    {NAN, 0, 1, 0, 1, 0, 0, 0, 1, 0.5, 0},
    {250, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0},
};
/* 方案A: E1 gains elder 5 min, E2 loses it, E3's child share at 10 min grows, E4 as it was */
static const vals SCEN_A[NE] = {
    {350, 0.9, 0, 1, 0, 1.2, 2.0, 0, 1, 0, 1},
    {420, 0.4, 1, 1, 0, 1.0, 2.5, 1, 0, 1, 0},
    {NAN, 0, 1, 0, 1, 0, 0, 0, 1, 0.6, 0},
    {250, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0},
};

static void set_num(lc_table *t, size_t row, const char *field, double v)
{
    long f = lc_table_field_index(t, field);
    assert_true(f >= 0);
    if (isnan(v)) return;
    if (t->fields[f].type == LC_FT_INT) lc_table_set_int(t, row, (size_t)f, (int64_t)v);
    else lc_table_set_real(t, row, (size_t)f, v);
}

/* A square of 100 m at estate i, as WKB. */
static void square(lc_ctx *ctx, lc_table *t, size_t row, size_t i)
{
    char wkt[256];
    double x = 500000 + 200.0 * (double)i, y = 4330000;
    snprintf(wkt, sizeof wkt, "MULTIPOLYGON(((%g %g,%g %g,%g %g,%g %g,%g %g)))", x, y, x + 100, y,
             x + 100, y + 100, x, y + 100, x, y);
    GEOSGeometry *g = lc_test_wkt(ctx, wkt);
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(ctx->geos);
    size_t len;
    unsigned char *b = GEOSWKBWriter_write_r(ctx->geos, w, g, &len), *own = lc_malloc(len);
    memcpy(own, b, len);
    lc_table_set_wkb(t, row, own, len);
    GEOSFree_r(ctx->geos, b);
    GEOSWKBWriter_destroy_r(ctx->geos, w);
    GEOSGeom_destroy_r(ctx->geos, g);
}

/* Write the estates `v` in the order `order` into DIR/<sub>/<file> (lifecircle.gpkg: layer
 * estates) and return the folder's path. */
static const char *folder(lc_ctx *ctx, const char *sub, const char *file, const vals *v,
                          const size_t *order, size_t n)
{
    static char dir[4][256];
    static int which;
    which = (which + 1) % 4;
    snprintf(dir[which], sizeof dir[which], "%s/%s", tmpdir, sub);
    mkdir(dir[which], 0777);
    lc_table *t = lc_table_create();
    static const char *const str[] = {"id", "name", "district"};
    for (size_t i = 0; i < 3; i++) lc_table_add_field(t, str[i], LC_FT_STRING, 0, 0, NULL);
    static const char *const ints[] = {"households", "elderly", "children"};
    for (size_t i = 0; i < 3; i++) lc_table_add_field(t, ints[i], LC_FT_INT, 0, 0, NULL);
    static const char *const f[] = {"elder_d", "elder_w", "elder_c5", "elder_g5", "elder_c10", "elder_g10",
                                    "elder_a5", "elder_a10", "child_d", "child_c5", "child_g5",
                                    "child_c10", "child_g10"};
    for (size_t i = 0; i < 13; i++)
        lc_table_add_field(t, f[i], strstr(f[i], "_g") ? LC_FT_INT : LC_FT_REAL, 0, 0, NULL);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k], r;
        assert_int_equal(lc_table_add_row(t, (int64_t)k, &r), LC_OK);
        char name[32];
        snprintf(name, sizeof name, "小区%zu", i + 1);
        lc_table_set_str(t, r, 0, IDS[i]);
        lc_table_set_str(t, r, 1, name);
        lc_table_set_str(t, r, 2, i < 2 ? "东街道" : "西街道");
        set_num(t, r, "households", HH[i]);
        set_num(t, r, "elderly", ELD[i] < 0 ? NAN : ELD[i]);
        set_num(t, r, "children", CHI[i]);
        const vals *x = &v[i];
        const double d[] = {100, x->ew, x->ec5, x->eg5, x->ec10, x->eg10, x->ea5, x->ea10, 50,
                            x->cc5, x->cg5, x->cc10, x->cg10};
        for (size_t j = 0; j < 13; j++) set_num(t, r, f[j], d[j]);
        square(ctx, t, r, i);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir[which], file);
    lc_out_layer l = {"estates", t, LC_G_MULTIPOLYGON, "EPSG:4548", false};
    assert_int_equal(lc_io_write(ctx, path, strstr(file, ".gpkg") ? LC_OF_GPKG : LC_OF_GEOJSON, &l, 1), LC_OK);
    lc_table_destroy(t);
    return dir[which];
}

static const size_t IN_ORDER[NE] = {0, 1, 2, 3};

static lc_table *read_layer(lc_ctx *ctx, const char *spec, lc_source_layer **keep)
{
    assert_int_equal(lc_io_read(ctx, spec, "", LC_IO_ESTATES, keep), LC_OK);
    return (*keep)->table;
}

static double fnum(const lc_table *t, const char *field, size_t row)
{
    long f = lc_table_field_index(t, field);
    assert_true(f >= 0);
    double v;
    return lc_value_number(&t->fields[f].col[row], &v) ? v : NAN;
}

static const char *fstr(const lc_table *t, const char *field, size_t row)
{
    static char buf[4][512];
    static int which;
    which = (which + 1) % 4;
    long f = lc_table_field_index(t, field);
    assert_true(f >= 0);
    return lc_value_text(&t->fields[f].col[row], buf[which], sizeof buf[which]);
}

static void test_changes_and_csv(void **state)
{
    lc_ctx *ctx = *state;
    const char *base = folder(ctx, "baseline", "lifecircle.gpkg", BASE, IN_ORDER, NE);
    const char *a = folder(ctx, "A", "lifecircle.gpkg", SCEN_A, IN_ORDER, NE);
    const char *b = folder(ctx, "B", "estates.geojson", BASE, IN_ORDER, NE); /* unchanged */
    const char *dirs[] = {a, b}, *names[] = {"方案A", "方案B"};
    char out[256];
    snprintf(out, sizeof out, "%s/cmp", tmpdir);
    lc_compare_in in = {base, dirs, names, 2, LC_LANG_ZH, 0, NULL};
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_OK);

    char spec[512];
    lc_source_layer *l;
    snprintf(spec, sizeof spec, "%s/changes.gpkg:changes", out);
    const lc_table *t = read_layer(ctx, spec, &l);
    assert_int_equal(t->nrows, 3); /* E4 and all of 方案B unchanged: no feature */
    for (size_t r = 0; r < 3; r++) {
        assert_string_equal(fstr(t, "scenario", r), "方案A");
        assert_string_equal(fstr(t, "id", r), IDS[r]);
        assert_true(t->wkb[r] != NULL);
    }
    assert_string_equal(fstr(t, "name", 0), "小区1");
    assert_string_equal(fstr(t, "district", 2), "西街道");
    assert_true(fnum(t, "households", 1) == 200 && fnum(t, "children", 2) == 30);
    /* E1: the elder gap at 5 min closed, share, walk and places changed */
    assert_true(fnum(t, "elder_g5_before", 0) == 1 && fnum(t, "elder_g5_after", 0) == 0);
    assert_true(fnum(t, "elder_c5_before", 0) == 0.2 && fnum(t, "elder_c5_after", 0) == 0.9);
    assert_true(fabs(fnum(t, "elder_c5_diff", 0) - 0.7) < 1e-12);
    assert_true(fnum(t, "elder_w_before", 0) == 600 && fnum(t, "elder_w_diff", 0) == -250);
    assert_true(fabs(fnum(t, "elder_a5_diff", 0) - 1.2) < 1e-12 && fnum(t, "elder_a10_diff", 0) == 0);
    assert_true(fnum(t, "gains", 0) == 1 && fnum(t, "losses", 0) == 0);
    assert_string_equal(fstr(t, "change", 0), "养老 5分钟: 新增覆盖");
    /* E2: it opened */
    assert_true(fnum(t, "elder_g5_before", 1) == 0 && fnum(t, "elder_g5_after", 1) == 1);
    assert_true(fnum(t, "gains", 1) == 0 && fnum(t, "losses", 1) == 1);
    assert_string_equal(fstr(t, "change", 1), "养老 5分钟: 失去覆盖");
    /* E3: only a share; its empty walking distance stays empty */
    assert_true(fnum(t, "child_c10_before", 2) == 0.5 && fnum(t, "child_c10_after", 2) == 0.6);
    assert_true(isnan(fnum(t, "elder_w_before", 2)) && isnan(fnum(t, "elder_w_diff", 2)));
    assert_true(fnum(t, "gains", 2) == 0 && fnum(t, "losses", 2) == 0);
    assert_string_equal(fstr(t, "change", 2), "覆盖比例、步行距离或名额变化");
    /* child has neither k_w nor k_a: no such fields */
    assert_true(lc_table_field_index(t, "child_w_before") < 0 && lc_table_field_index(t, "child_a5_after") < 0);
    lc_source_layer_destroy(l);

    /* the same in the GeoJSON, the style beside and in the GeoPackage */
    snprintf(spec, sizeof spec, "%s/changes.geojson", out);
    t = read_layer(ctx, spec, &l);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(fstr(t, "id", 1), "E2");
    lc_source_layer_destroy(l);
    snprintf(spec, sizeof spec, "%s/changes.gpkg:layer_styles", out);
    t = read_layer(ctx, spec, &l);
    assert_int_equal(t->nrows, 1);
    assert_string_equal(fstr(t, "f_table_name", 0), "changes");
    const char *qml = t->fields[lc_table_field_index(t, "styleQML")].col[0].u.s;
    assert_non_null(strstr(qml, "&quot;gains&quot; &gt; 0 AND &quot;losses&quot; = 0"));
    assert_non_null(strstr(qml, "养老 5分钟缺口(之前)"));
    lc_source_layer_destroy(l);
    struct stat sb;
    snprintf(spec, sizeof spec, "%s/changes.qml", out);
    assert_int_equal(stat(spec, &sb), 0);

    /* compare.csv: UTF-8 after a byte-order mark, its header, and the numbers by hand */
    snprintf(spec, sizeof spec, "%s/compare.csv", out);
    FILE *fp = fopen(spec, "rb");
    assert_non_null(fp);
    char line[1024];
    assert_non_null(fgets(line, sizeof line, fp));
    fclose(fp);
    assert_string_equal(line, "\xEF\xBB\xBFscenario,category,tier,estates,share_before,share_after,"
                        "households_share_before,households_share_after,elderly_share_before,"
                        "elderly_share_after,children_share_before,children_share_after,gaining,"
                        "losing,households_gaining,households_losing,elderly_gaining,elderly_losing,"
                        "children_gaining,children_losing\n");
    t = read_layer(ctx, spec, &l);
    assert_int_equal(t->nrows, 8); /* 2 scenarios × (elder, child) × (5, 10) */
    static const char *const cat[] = {"elder", "elder", "child", "child"};
    static const int tier[] = {5, 10, 5, 10};
    for (size_t r = 0; r < 8; r++) {
        assert_string_equal(fstr(t, "scenario", r), r < 4 ? "方案A" : "方案B");
        assert_string_equal(fstr(t, "category", r), cat[r % 4]);
        assert_true(fnum(t, "tier", r) == tier[r % 4] && fnum(t, "estates", r) == 4);
    }
    /* 方案A elder 5 min: E2, E4 within reach before, E1, E4 after */
    assert_true(fnum(t, "share_before", 0) == 0.5 && fnum(t, "share_after", 0) == 0.5);
    assert_true(fnum(t, "households_share_before", 0) == 0.6 && fnum(t, "households_share_after", 0) == 0.5);
    assert_true(fnum(t, "elderly_share_before", 0) == 0.333333 && fnum(t, "elderly_share_after", 0) == 0.2);
    assert_true(fnum(t, "children_share_before", 0) == 0.6 && fnum(t, "children_share_after", 0) == 0.5);
    assert_true(fnum(t, "gaining", 0) == 1 && fnum(t, "losing", 0) == 1);
    assert_true(fnum(t, "households_gaining", 0) == 100 && fnum(t, "households_losing", 0) == 200);
    assert_true(fnum(t, "elderly_gaining", 0) == 30 && fnum(t, "elderly_losing", 0) == 50);
    assert_true(fnum(t, "children_gaining", 0) == 10 && fnum(t, "children_losing", 0) == 20);
    /* 方案A elder 10 min: E3 alone without, nothing changes */
    assert_true(fnum(t, "share_before", 1) == 0.75 && fnum(t, "share_after", 1) == 0.75);
    assert_true(fnum(t, "households_share_after", 1) == 0.7 && fnum(t, "gaining", 1) == 0);
    /* 方案A child 10 min: E1 without; a share changed, no flag */
    assert_true(fnum(t, "share_before", 3) == 0.75 && fnum(t, "losing", 3) == 0);
    assert_true(fnum(t, "children_share_before", 3) == 0.9);
    /* 方案B: the baseline itself */
    for (size_t r = 4; r < 8; r++)
        assert_true(fnum(t, "share_before", r) == fnum(t, "share_after", r) && fnum(t, "gaining", r) == 0 &&
                    fnum(t, "losing", r) == 0 && fnum(t, "elderly_losing", r) == 0);
    lc_source_layer_destroy(l);

    /* English: the change text and the aliases */
    in.lang = LC_LANG_EN;
    in.n = 1;
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_OK);
    snprintf(spec, sizeof spec, "%s/changes.gpkg:changes", out);
    t = read_layer(ctx, spec, &l);
    assert_string_equal(fstr(t, "change", 0), "elder care 5 min: gains");
    assert_string_equal(fstr(t, "change", 1), "elder care 5 min: loses");
    lc_source_layer_destroy(l);
    char buf[128];
    assert_string_equal(lc_field_alias(LC_LANG_EN, "elder_c10_diff", buf, sizeof buf),
                        "elder care 10-minute covered share (change)");
}

static void test_other_estates_refused(void **state)
{
    lc_ctx *ctx = *state;
    const char *base = folder(ctx, "baseline2", "lifecircle.gpkg", BASE, IN_ORDER, NE);
    static const size_t swapped[NE] = {0, 1, 3, 2};
    const char *s = folder(ctx, "swapped", "lifecircle.gpkg", BASE, swapped, NE);
    const char *dirs[] = {s}, *names[] = {"S"};
    char out[256];
    snprintf(out, sizeof out, "%s/refused", tmpdir);
    lc_compare_in in = {base, dirs, names, 1, LC_LANG_ZH, 0, NULL};
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_ERR_DATA);
    const char *msg = lc_ctx_errmsg(ctx);
    assert_non_null(strstr(msg, "baseline2/lifecircle.gpkg"));
    assert_non_null(strstr(msg, "swapped/lifecircle.gpkg"));
    assert_non_null(strstr(msg, "estate 3 has id 'E3' in the one and 'E4' in the other"));
    struct stat sb;
    char p[300];
    snprintf(p, sizeof p, "%s/compare.csv", out);
    assert_int_not_equal(stat(p, &sb), 0); /* nothing written */

    const char *fewer = folder(ctx, "fewer", "lifecircle.gpkg", BASE, IN_ORDER, 3);
    dirs[0] = fewer;
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_ERR_DATA);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "4 estates against 3"));

    snprintf(p, sizeof p, "%s/empty", tmpdir);
    mkdir(p, 0777);
    dirs[0] = p;
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_ERR_IO);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "no estates layer"));
}

/* The role fields of the baseline's run.json: elderly read from `households` (so the
 * elderly columns count households), the field copied once. */
static void test_roles_from_run_json(void **state)
{
    lc_ctx *ctx = *state;
    const char *base = folder(ctx, "baseline3", "lifecircle.gpkg", BASE, IN_ORDER, NE);
    char p[300];
    snprintf(p, sizeof p, "%s/run.json", base);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs("{\"parameters\": {\"field.elderly\": {\"value\": \"households\", \"source\": \"flag\"}}}\n", fp);
    fclose(fp);
    const char *a = folder(ctx, "A3", "lifecircle.gpkg", SCEN_A, IN_ORDER, NE);
    const char *dirs[] = {a}, *names[] = {"A"};
    char out[256], spec[512];
    snprintf(out, sizeof out, "%s/cmp3", tmpdir);
    lc_compare_in in = {base, dirs, names, 1, LC_LANG_ZH, 1 /* LC_CSV_UTF8 */, NULL};
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_OK);
    lc_source_layer *l;
    snprintf(spec, sizeof spec, "%s/changes.gpkg:changes", out);
    const lc_table *t = read_layer(ctx, spec, &l);
    assert_int_equal(t->nrows, 3);
    assert_true(lc_table_field_index(t, "households") >= 0 && lc_table_field_index(t, "elderly") < 0);
    lc_source_layer_destroy(l);
    snprintf(spec, sizeof spec, "%s/compare.csv", out);
    fp = fopen(spec, "rb");
    assert_non_null(fp);
    assert_int_equal(fgetc(fp), 's'); /* utf-8: no byte-order mark */
    fclose(fp);
    t = read_layer(ctx, spec, &l);
    assert_true(fnum(t, "elderly_share_before", 0) == 0.6 && fnum(t, "elderly_gaining", 0) == 100 &&
                fnum(t, "elderly_losing", 0) == 200);
    lc_source_layer_destroy(l);
}

/* The nodes of `xpath` in doc (the XHTML namespace bound to h, SVG's to s). */
static xmlXPathObjectPtr nodes(xmlDocPtr doc, const char *xpath)
{
    xmlXPathContextPtr x = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(x, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
    xmlXPathRegisterNs(x, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, x);
    xmlXPathFreeContext(x);
    assert_non_null(o);
    return o;
}

static int count(xmlDocPtr doc, const char *xpath)
{
    xmlXPathObjectPtr o = nodes(doc, xpath);
    int n = o->nodesetval ? o->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(o);
    return n;
}

/* The text of the first node of `xpath` ("" when none), into buf. */
static const char *text_of(xmlDocPtr doc, const char *xpath, char *buf, size_t cap)
{
    xmlXPathObjectPtr o = nodes(doc, xpath);
    buf[0] = '\0';
    if (o->nodesetval && o->nodesetval->nodeNr) {
        xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
        snprintf(buf, cap, "%s", (const char *)c);
        xmlFree(c);
    }
    xmlXPathFreeObject(o);
    return buf;
}

static void pct_text(char *buf, size_t cap, double a, double b)
{
    snprintf(buf, cap, "%.1f%% → %.1f%%", 100 * a, 100 * b);
}

/* compare.html: well-formed XHTML, nothing fetched, the options and their edits, one map per
 * option in the changes' colours, and tables whose numbers are compare.csv's. */
static void test_page(void **state)
{
    lc_ctx *ctx = *state;
    const char *base = folder(ctx, "baseline4", "lifecircle.gpkg", BASE, IN_ORDER, NE);
    const char *a = folder(ctx, "A4", "lifecircle.gpkg", SCEN_A, IN_ORDER, NE);
    const char *b = folder(ctx, "B4", "estates.geojson", BASE, IN_ORDER, NE);
    const char *dirs[] = {a, b}, *names[] = {"方案A", "方案B"}, *notes[] = {"新增养老设施 1 处", NULL};
    char out[256], path[512], xp[256], buf[256], want[256];
    snprintf(out, sizeof out, "%s/cmp4", tmpdir);
    lc_compare_in in = {base, dirs, names, 2, LC_LANG_ZH, 0, notes};
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_OK);
    snprintf(path, sizeof path, "%s/compare.html", out);

    /* nothing from elsewhere: no address but the two namespaces */
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char page[1 << 16];
    size_t len = fread(page, 1, sizeof page - 1, fp);
    fclose(fp);
    page[len] = '\0';
    assert_true(len > 0 && len < sizeof page - 1);
    size_t https = 0;
    for (const char *h = page; (h = strstr(h, "http")); h++) https++;
    assert_int_equal(https, 1 + 2 + 1); /* <html xmlns=...>, <svg xmlns=...>: a map per option, the legend */
    assert_null(strstr(page, "src=")), assert_null(strstr(page, "href=")), assert_null(strstr(page, "<script"));

    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_string_equal(text_of(doc, "//h:h1", buf, sizeof buf), "方案比选");
    /* the options and their edits */
    assert_int_equal(count(doc, "//h:table[@id='options']/h:tbody/h:tr"), 2);
    assert_string_equal(text_of(doc, "//h:table[@id='options']//h:tr[1]/h:td[1]", buf, sizeof buf), "方案A");
    assert_string_equal(text_of(doc, "//h:table[@id='options']//h:tr[1]/h:td[2]", buf, sizeof buf), notes[0]);
    assert_string_equal(text_of(doc, "//h:table[@id='options']//h:tr[2]/h:td[2]", buf, sizeof buf), "–");
    /* a map per option, named; 方案A's E1 gains (green), E2 loses (red), E3 only a share
     * (outline); 方案B changes nothing: all light grey */
    assert_int_equal(count(doc, "//s:svg[@class='map']"), 2);
    assert_int_equal(count(doc, "//s:svg[@class='legend']"), 1);
    assert_string_equal(text_of(doc, "//h:figure[1]/h:figcaption", buf, sizeof buf), "方案A");
    assert_string_equal(text_of(doc, "//h:figure[2]/h:figcaption", buf, sizeof buf), "方案B");
    static const char *const fill[] = {"#e6e6e6", "#1a9850", "#d73027", "#969696", "none"};
    static const int in_a[] = {1, 1, 1, 0, 1}, in_b[] = {1, 0, 0, 0, 0};
    for (size_t c = 0; c < 5; c++) {
        snprintf(xp, sizeof xp, "//h:figure[1]//s:path[@fill='%s']", fill[c]);
        assert_int_equal(count(doc, xp), in_a[c]);
        snprintf(xp, sizeof xp, "//h:figure[2]//s:path[@fill='%s']", fill[c]);
        assert_int_equal(count(doc, xp), in_b[c]);
    }
    /* E1 (the leftmost square) is the green one, E2 (the next) the red one */
    double xg, xr;
    text_of(doc, "//h:figure[1]//s:path[@fill='#1a9850']/@d", buf, sizeof buf);
    assert_int_equal(sscanf(buf, "M%lf", &xg), 1);
    text_of(doc, "//h:figure[1]//s:path[@fill='#d73027']/@d", buf, sizeof buf);
    assert_int_equal(sscanf(buf, "M%lf", &xr), 1);
    assert_true(xg < xr && xr - xg > 100);
    assert_int_equal(count(doc, "//h:figure//s:g[@class='scalebar']"), 2);
    /* the same frame for both: the same scale bar */
    char bar1[64], bar2[64];
    text_of(doc, "//h:figure[1]//s:g[@class='scalebar']", bar1, sizeof bar1);
    text_of(doc, "//h:figure[2]//s:g[@class='scalebar']", bar2, sizeof bar2);
    assert_string_equal(bar1, bar2);

    /* a table per category and tier, a row per option, compare.csv's numbers */
    lc_source_layer *l;
    snprintf(path, sizeof path, "%s/compare.csv", out);
    const lc_table *t = read_layer(ctx, path, &l);
    assert_int_equal(count(doc, "//h:table[@class='side']"), 4);
    assert_int_equal(count(doc, "//h:table[@class='side']/h:tbody/h:tr"), 8);
    static const char *const title[] = {"养老 5分钟", "养老 10分钟", "托育 5分钟", "托育 10分钟"};
    static const char *const ppl[] = {"households", "elderly", "children"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(xp, sizeof xp, "(//h:h3)[%zu]", i + 1);
        assert_string_equal(text_of(doc, xp, buf, sizeof buf), title[i]);
        for (size_t sc = 0; sc < 2; sc++) {
            size_t r = sc * 4 + i, col = 1;
            char row[160];
            snprintf(row, sizeof row, "(//h:table[@class='side'])[%zu]/h:tbody/h:tr[%zu]", i + 1, sc + 1);
#define CELL() (snprintf(xp, sizeof xp, "%s/h:td[%zu]", row, col++), text_of(doc, xp, buf, sizeof buf))
            assert_string_equal(CELL(), names[sc]);
            pct_text(want, sizeof want, fnum(t, "share_before", r), fnum(t, "share_after", r));
            assert_string_equal(CELL(), want);
            for (size_t q = 0; q < 3; q++) {
                char f0[48], f1[48];
                snprintf(f0, sizeof f0, "%s_share_before", ppl[q]);
                snprintf(f1, sizeof f1, "%s_share_after", ppl[q]);
                pct_text(want, sizeof want, fnum(t, f0, r), fnum(t, f1, r));
                assert_string_equal(CELL(), want);
            }
            snprintf(want, sizeof want, "%.0f", fnum(t, "gaining", r));
            assert_string_equal(CELL(), want);
            snprintf(want, sizeof want, "%.0f", fnum(t, "losing", r));
            assert_string_equal(CELL(), want);
            for (size_t q = 0; q < 3; q++) {
                char f0[48], f1[48];
                snprintf(f0, sizeof f0, "%s_gaining", ppl[q]);
                snprintf(f1, sizeof f1, "%s_losing", ppl[q]);
                snprintf(want, sizeof want, "%.0f / %.0f", fnum(t, f0, r), fnum(t, f1, r));
                assert_string_equal(CELL(), want);
            }
#undef CELL
        }
    }
    /* 方案A elder 5 min by hand: 50 % of the estates before and after, one gaining, one losing */
    assert_string_equal(text_of(doc, "(//h:table[@class='side'])[1]/h:tbody/h:tr[1]/h:td[2]", buf, sizeof buf),
                        "50.0% → 50.0%");
    assert_string_equal(text_of(doc, "(//h:table[@class='side'])[1]/h:tbody/h:tr[1]/h:td[8]", buf, sizeof buf),
                        "100 / 200");
    lc_source_layer_destroy(l);
    xmlFreeDoc(doc);

    /* English */
    in.lang = LC_LANG_EN;
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_OK);
    snprintf(path, sizeof path, "%s/compare.html", out);
    doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_string_equal(text_of(doc, "//h:h1", buf, sizeof buf), "Comparison of options");
    assert_string_equal(text_of(doc, "(//h:h3)[1]", buf, sizeof buf), "elder care 5 min");
    xmlFreeDoc(doc);
}

/* Whether estate r differs between a and b in any compared field (gap flags, shares,
 * walking distances, places). */
static bool differs(const lc_table *a, const lc_table *b, size_t r)
{
    for (size_t f = 0; f < a->nfields; f++) {
        const char *n = a->fields[f].name, *us = strrchr(n, '_');
        if (!us || !strchr("gcwa", us[1]) || (us[1] != 'w' && !(us[2] >= '0' && us[2] <= '9')) ||
            (us[1] == 'w' && us[2]))
            continue;
        double x, y;
        bool hx = lc_value_number(&a->fields[f].col[r], &x);
        long g = lc_table_field_index(b, n);
        bool hy = lc_value_number(&b->fields[g].col[r], &y);
        if (hx != hy || (hx && x != y)) return true;
    }
    return false;
}

/* Two runs of the program on the sample, the second with one elder-care facility more on
 * estate E0001 (a gap): the changes are exactly the estates whose fields differ. */
static void test_real_runs(void **state)
{
    lc_ctx *ctx = *state;
    const char *cli = getenv("LC_CLI"), *data = getenv("LC_DATA");
    if (!cli || !data) {
        skip();
        return;
    }
    char cmd[2048], base[256], scen[256], extra[256], out[256];
    snprintf(base, sizeof base, "%s/run-base", tmpdir);
    snprintf(scen, sizeof scen, "%s/run-scen", tmpdir);
    snprintf(extra, sizeof extra, "%s/extra.geojson", tmpdir);
    snprintf(out, sizeof out, "%s/run-cmp", tmpdir);
    snprintf(cmd, sizeof cmd, "ogr2ogr -f GeoJSON -dialect sqlite -sql \"select 'X1' as id, "
             "'新养老院' as name, '养老院' as category, ST_PointOnSurface(geometry) as geometry "
             "from estates where id = 'E0001'\" %s %s/estates.geojson", extra, data);
    assert_int_equal(system(cmd), 0);
    const char *common = "coverage --estates %s/estates.geojson --network %s/network.geojson "
                         "--facilities %s/facilities.geojson";
    char args[1024];
    snprintf(args, sizeof args, common, data, data, data);
    snprintf(cmd, sizeof cmd, "%s %s -o %s >/dev/null 2>&1", cli, args, base);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s %s --facilities %s -o %s >/dev/null 2>&1", cli, args, extra, scen);
    assert_int_equal(system(cmd), 0);
    const char *dirs[] = {scen}, *names[] = {"新养老院"};
    lc_compare_in in = {base, dirs, names, 1, LC_LANG_ZH, 0, NULL};
    assert_int_equal(lc_compare_write(ctx, &in, out), LC_OK);

    char spec[512];
    lc_source_layer *lb, *ls, *lc;
    snprintf(spec, sizeof spec, "%s/lifecircle.gpkg:estates", base);
    const lc_table *tb = read_layer(ctx, spec, &lb);
    snprintf(spec, sizeof spec, "%s/lifecircle.gpkg:estates", scen);
    const lc_table *ts = read_layer(ctx, spec, &ls);
    snprintf(spec, sizeof spec, "%s/changes.gpkg:changes", out);
    const lc_table *tc = read_layer(ctx, spec, &lc);
    assert_int_equal(tb->nrows, ts->nrows);
    size_t k = 0, want = 0;
    for (size_t r = 0; r < tb->nrows; r++) {
        if (!differs(tb, ts, r)) continue;
        want++;
        assert_true(k < tc->nrows);
        assert_string_equal(fstr(tc, "id", k), fstr(tb, "id", r));
        k++;
    }
    assert_int_equal(tc->nrows, want);
    assert_true(want > 0);
    assert_string_equal(fstr(tc, "id", 0), "E0001"); /* the first estate, now in reach */
    assert_true(fnum(tc, "elder_g5_before", 0) == 1 && fnum(tc, "elder_g5_after", 0) == 0);
    assert_true(fnum(tc, "gains", 0) >= 1 && fnum(tc, "losses", 0) == 0);
    lc_source_layer_destroy(lb);
    lc_source_layer_destroy(ls);
    lc_source_layer_destroy(lc);
}

static int setup(void **state)
{
    return lc_scratch_setup(state, "/tmp/lc-compare-XXXXXX", LC_LOG_WARN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_changes_and_csv),
        cmocka_unit_test(test_other_estates_refused),
        cmocka_unit_test(test_roles_from_run_json),
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_real_runs),
    };
    return cmocka_run_group_tests_name("compare", tests, setup, lc_scratch_teardown);
}
