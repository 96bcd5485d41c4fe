/*
 * test_io.c — reading any GDAL source into an lc_table (layer choice, SRC:LAYER, errors
 * that name the source), writing every output format and reading it back, and the
 * atomic output directory; connection strings shown without their password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>

#include "lc_test.h"
#include "io/io.h"

static char tmpdir[64];

static int make_tmp(void **state)
{
    strcpy(tmpdir, "/tmp/lc-io-XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    return lc_test_ctx_setup(state);
}

static int remove_tmp(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) return -1;
    return lc_test_ctx_teardown(state);
}

static const char *tmp_path(const char *name)
{
    static char p[256];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return p;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *geojson =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"A\",\"name\":\"幸福里\",\"households\":120},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[116.4,39.9],[116.401,39.9],"
    "[116.401,39.901],[116.4,39.9]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"B\",\"name\":null,\"households\":\"n/a\"},"
    "\"geometry\":null}]}";

static void read_geojson(void **state)
{
    lc_ctx *ctx = *state;
    write_text(tmp_path("a.geojson"), geojson);
    lc_source_layer *l;
    assert_int_equal(lc_io_read(ctx, tmp_path("a.geojson"), NULL, LC_IO_ESTATES, &l), LC_OK);
    assert_int_equal(l->table->nrows, 2);
    assert_non_null(l->srs_wkt); /* GeoJSON is WGS84 */
    long name = lc_table_field_index(l->table, "name");
    long hh = lc_table_field_index(l->table, "HOUSEHOLDS"); /* case-insensitive */
    assert_true(name >= 0 && hh >= 0);
    assert_string_equal(l->table->fields[name].col[0].u.s, "幸福里");
    assert_int_equal(l->table->fields[name].col[1].kind, LC_VAL_NULL);
    assert_non_null(l->table->wkb[0]);
    assert_null(l->table->wkb[1]);
    assert_non_null(strstr(l->desc, "a.geojson"));
    /* the median centre is recorded while reading (the null geometry does not count): one
     * polygon, so its envelope centre */
    assert_float_equal(l->centre[0], 116.4005, 1e-12);
    assert_float_equal(l->centre[1], 39.9005, 1e-12);
    assert_int_equal(l->declared, LC_GK_POLYGON);
    lc_source_layer_destroy(l);
}

static void read_errors_name_source(void **state)
{
    lc_ctx *ctx = *state;
    lc_source_layer *l;
    assert_int_equal(lc_io_read(ctx, tmp_path("missing.gpkg"), NULL, LC_IO_ESTATES, &l),
                     LC_ERR_IO);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "missing.gpkg"));
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "no such file"));
    write_text(tmp_path("a.geojson"), geojson);
    char spec[300];
    snprintf(spec, sizeof spec, "%s:nolayer", tmp_path("a.geojson"));
    assert_int_equal(lc_io_read(ctx, spec, NULL, LC_IO_ESTATES, &l), LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "no layer named 'nolayer'"));
    write_text(tmp_path("junk.txt"), "this is not GIS data\n");
    assert_int_equal(lc_io_read(ctx, tmp_path("junk.txt"), NULL, LC_IO_ESTATES, &l), LC_ERR_IO);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "junk.txt"));
    assert_int_equal(lc_io_read(ctx, tmp_path("a.geojson"), "nosuchfield > 1", LC_IO_ESTATES,
                                &l), LC_ERR_ARG);
}

/* CSV with a WKT column: geometry read, no CRS (the caller must be told to give one). */
static void read_csv_wkt(void **state)
{
    lc_ctx *ctx = *state;
    write_text(tmp_path("f.csv"), "id,category,WKT\n1,幼儿园,POINT (500 600)\n2,托儿所,\n");
    lc_source_layer *l;
    assert_int_equal(lc_io_read(ctx, tmp_path("f.csv"), NULL, LC_IO_FACILITIES, &l), LC_OK);
    assert_int_equal(l->table->nrows, 2);
    assert_null(l->srs_wkt);
    assert_non_null(l->table->wkb[0]);
    assert_null(l->table->wkb[1]);
    lc_source_layer_destroy(l);
}

/* Write a table to every format and read it back: values, a NaN as null, CRS, geometry,
 * Chinese text. */
static void write_and_read_back(void **state)
{
    lc_ctx *ctx = *state;
    write_text(tmp_path("a.geojson"), geojson);
    lc_source_layer *in;
    assert_int_equal(lc_io_read(ctx, tmp_path("a.geojson"), NULL, LC_IO_ESTATES, &in), LC_OK);
    size_t col;
    assert_int_equal(lc_table_add_field(in->table, "elder_c10", LC_FT_REAL, 0, 0, &col), LC_OK);
    lc_table_set_real(in->table, 0, col, 0.25);
    lc_table_set_real(in->table, 1, col, NAN); /* unknown: written as null, not as a number */
    lc_out_layer L = {"estates", in->table, LC_G_MULTIPOLYGON, in->srs_wkt};
    const char *files[] = {"o.gpkg", "o.shp", "o.geojson"};
    const lc_ofmt fmts[] = {LC_OF_GPKG, LC_OF_SHP, LC_OF_GEOJSON};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(lc_io_write(ctx, tmp_path(files[i]), fmts[i], &L, 1), LC_OK);
        lc_source_layer *back;
        assert_int_equal(lc_io_read(ctx, tmp_path(files[i]), NULL, LC_IO_ESTATES, &back), LC_OK);
        assert_int_equal(back->table->nrows, 2);
        long c = lc_table_field_index(back->table, "elder_c10");
        long n = lc_table_field_index(back->table, "name");
        assert_true(c >= 0 && n >= 0);
        double v;
        assert_true(lc_value_number(&back->table->fields[c].col[0], &v));
        assert_float_equal(v, 0.25, 1e-12);
        assert_int_equal(back->table->fields[c].col[1].kind, LC_VAL_NULL);
        assert_string_equal(back->table->fields[n].col[0].u.s, "幸福里");
        assert_non_null(back->srs_wkt);
        assert_non_null(back->table->wkb[0]);
        lc_source_layer_destroy(back);
    }
    FILE *cpg = fopen(tmp_path("o.cpg"), "r");
    char enc[16] = "";
    assert_non_null(cpg);
    assert_non_null(fgets(enc, sizeof enc, cpg));
    fclose(cpg);
    assert_string_equal(enc, "UTF-8");
    lc_source_layer_destroy(in);
}

static bool exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

/* Files appear under their final names only on commit; a run that is abandoned leaves the
 * previous results as they were and nothing else behind. */
static void outdir_is_atomic(void **state)
{
    lc_ctx *ctx = *state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/out/sub", tmpdir);
    lc_outdir *od;
    assert_int_equal(lc_outdir_begin(ctx, dir, &od), LC_OK);
    write_text(lc_outdir_path(od, "r.txt"), "first");
    char final[300];
    snprintf(final, sizeof final, "%s/r.txt", dir);
    assert_false(exists(final));
    assert_int_equal(lc_outdir_commit(ctx, od), LC_OK);
    lc_outdir_destroy(od);
    assert_true(exists(final));
    /* second run fails before commit: the old file stays, no staging dir is left */
    assert_int_equal(lc_outdir_begin(ctx, dir, &od), LC_OK);
    write_text(lc_outdir_path(od, "r.txt"), "second");
    lc_outdir_destroy(od);
    FILE *f = fopen(final, "r");
    char buf[16] = "";
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "first");
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q staging", dir);
    assert_int_not_equal(system(cmd), 0);
    /* a failed first run into a new directory leaves no empty directory behind */
    char fresh[300];
    snprintf(fresh, sizeof fresh, "%s/fresh", tmpdir);
    assert_int_equal(lc_outdir_begin(ctx, fresh, &od), LC_OK);
    assert_true(exists(fresh));
    lc_outdir_destroy(od);
    assert_false(exists(fresh));
    /* an existing regular file is not an output directory */
    assert_int_equal(lc_outdir_begin(ctx, final, &od), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "not a directory"));
}

/* Messages and run.json show a connection without its password, in both libpq forms. */
static void redact_password(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"PG:dbname=x host=h user=u password=secret", "PG:dbname=x host=h user=u password=***"},
        {"PG:password = 'a b\\' c' dbname=x", "PG:password = *** dbname=x"},
        {"PG:dbname=x password=s:schema.t", "PG:dbname=x password=***"},
        {"PG:password='' user=u", "PG:password=*** user=u"},
        {"PG:password=x password=y", "PG:password=*** password=***"},
        {"PG:passwordless=1", "PG:passwordless=1"},
        {"PG:postgresql://u:secret@h/db", "PG:postgresql://u:***@h/db"},
        {"PG:postgresql://u:@h/db", "PG:postgresql://u:***@h/db"},
        {"PG:postgresql://u@h/db", "PG:postgresql://u@h/db"},
        {"data/estates.geojson", "data/estates.geojson"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = lc_io_redact(cases[i][0]);
        assert_non_null(got);
        assert_string_equal(got, cases[i][1]);
        lc_free(got);
    }
}

/* --to-db wants a PostgreSQL connection: anything else fails before connecting. */
static void write_db_wants_pg(void **state)
{
    lc_ctx *ctx = *state;
    lc_db_target t = {"data/out.gpkg", "lifecircle", NULL, 0, NULL};
    assert_int_equal(lc_io_write_db(ctx, &t, NULL, 0), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "no PostgreSQL connection string"));
}

/* A filter's role names read as the fields that hold them; every other token as it was. */
static void filter_aliases(void **state)
{
    (void)state;
    const char *const fields[] = {"id", "名称", "建成年份", "户数", "district"};
    const lc_io_alias al[] = {{"build_year", "建成年份"}, {"households", "户数"},
                              {"name", "名称"}, {"district", "district"},
                              {"population", "人口"} /* not a field of the layer */};
    static const char *const cases[][2] = {
        {"build_year < 2000", "\"建成年份\" < 2000"},
        {"BUILD_YEAR<2000 AND households>=100", "\"建成年份\"<2000 AND \"户数\">=100"},
        {"\"build_year\" < 2000", "\"建成年份\" < 2000"},
        /* string literals (a doubled quote inside), numbers, functions, qualified names */
        {"name = 'build_year' OR build_year IS NULL", "\"名称\" = 'build_year' OR \"建成年份\" IS NULL"},
        {"district = 'it''s build_year' AND build_year > 1e3",
         "district = 'it''s build_year' AND \"建成年份\" > 1e3"},
        {"name(build_year) = 1 OR estates.build_year = 2", "name(\"建成年份\") = 1 OR estates.build_year = 2"},
        /* names of the layer's fields (any case), other names and a field the layer lacks */
        {"District = 'x' AND 户数 > 3", NULL},
        {"build_years < 2000 OR population > 5", NULL},
        {"'build_year' = id", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out;
        assert_int_equal(lc_io_filter_aliases(cases[i][0], fields, 5, al, 5, &out), LC_OK);
        if (!cases[i][1]) {
            if (out) fail_msg("'%s' became '%s'", cases[i][0], out);
            continue;
        }
        assert_non_null(out);
        assert_string_equal(out, cases[i][1]);
        lc_free(out);
    }
}

/* DBF names: at most 10 bytes cut between characters (建成年份, 12 bytes, is 建成年), unique
 * whatever the case, the first 8 bytes (whole characters) and _1 .. _9, then 10 .. 99. */
static void dbf_names_cut_on_characters(void **state)
{
    (void)state;
    static const char *const names[][2] = {
        {"建成年份", "建成年"}, {"户数", "户数"}, {"建成年份一", "建成_1"}, {"households", "households"},
        {"admin_level", "admin_leve"}, {"admin_levels", "admin_le_1"}, {"Name", "Name"},
        {"NAME", "NAME_1"}, {"a:b  ", "a_b"}, {"中a文字段名", "中a文字"}, {"小区名称和地址", "小区名"},
    };
    size_t n = sizeof names / sizeof *names;
    lc_table *t = lc_table_create();
    for (size_t i = 0; i < n; i++)
        assert_int_equal(lc_table_add_field(t, names[i][0], LC_FT_STRING, 0, 0, NULL), LC_OK);
    char(*dbf)[LC_DBF_NAME_MAX + 1] = lc_malloc(n * sizeof *dbf);
    assert_int_equal(lc_io_dbf_names(t, dbf), LC_OK);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(dbf[i], names[i][1]);
        assert_true(strlen(dbf[i]) <= 10 && CPLIsUTF8(dbf[i], -1));
    }
    lc_free(dbf);
    lc_table_destroy(t);
}

/* For ASCII names the DBF names are GDAL's own: the same fields created through GDAL's
 * Shapefile driver (which shortens and numbers them itself) come back with the same names. */
static void dbf_names_as_gdal_for_ascii(void **state)
{
    (void)state;
    static const char *const names[] = {
        "population_total", "population_male", "population_female", "population_0_14",
        "population_15_64", "population_65", "population_80", "population_90",
        "population_95", "population_99", "population_100", "population_x", "Name", "NAME",
        "name_1", "a:b", "trailing   x", "admin_level", "ADMIN_LEVEL", "k_c10", "K_C10"};
    size_t n = sizeof names / sizeof *names;
    lc_table *t = lc_table_create();
    for (size_t i = 0; i < n; i++)
        assert_int_equal(lc_table_add_field(t, names[i], LC_FT_INT, 0, 0, NULL), LC_OK);
    char(*dbf)[LC_DBF_NAME_MAX + 1] = lc_malloc(n * sizeof *dbf);
    assert_int_equal(lc_io_dbf_names(t, dbf), LC_OK);
    GDALAllRegister();
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("ESRI Shapefile"), tmp_path("gdal.shp"), 0, 0,
                                 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, "gdal", NULL, wkbPoint, NULL);
    CPLPushErrorHandler(CPLQuietErrorHandler); /* GDAL's own "laundered" warnings */
    for (size_t i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(names[i], OFTInteger);
        assert_int_equal(OGR_L_CreateField(lyr, fd, TRUE), OGRERR_NONE);
        OGR_Fld_Destroy(fd);
    }
    CPLPopErrorHandler();
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    assert_int_equal(OGR_FD_GetFieldCount(defn), (int)n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(dbf[i], OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, (int)i)));
    assert_string_equal(dbf[9], "populati_9"); /* the 9th taken population_ (hand-checked) */
    assert_string_equal(dbf[10], "populati10");
    GDALClose(ds);
    lc_free(dbf);
    lc_table_destroy(t);
}

/* summary.csv's encodings: a UTF-8 byte-order mark by default (Excel), none on request, or
 * GB18030 (幸福里 is D0D2 B8A3 C0EF, as in GBK) with its header recoded too. */
static void csv_encodings(void **state)
{
    lc_ctx *ctx = *state;
    lc_table *t = lc_table_create();
    size_t row;
    assert_int_equal(lc_table_add_field(t, "街道", LC_FT_STRING, 0, 0, NULL), LC_OK);
    assert_int_equal(lc_table_add_field(t, "n", LC_FT_INT, 0, 0, NULL), LC_OK);
    assert_int_equal(lc_table_add_row(t, 0, &row), LC_OK);
    assert_int_equal(lc_table_set_str(t, row, 0, "幸福里"), LC_OK);
    lc_table_set_int(t, row, 1, 3);
    lc_out_layer L = {"summary", t, LC_G_NONE, NULL};
    static const struct {
        const char *file;
        lc_ofmt fmt;
        const char *bytes;
    } cases[] = {{"bom.csv", LC_OF_CSV, "\xEF\xBB\xBF街道,n\n幸福里,3\n"},
                 {"plain.csv", LC_OF_CSV_UTF8, "街道,n\n幸福里,3\n"},
                 {"gbk.csv", LC_OF_CSV_GB18030, "\xBD\xD6\xB5\xC0,n\n\xD0\xD2\xB8\xA3\xC0\xEF,3\n"}};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(lc_io_write(ctx, tmp_path(cases[i].file), cases[i].fmt, &L, 1), LC_OK);
        char got[64] = "";
        FILE *f = fopen(tmp_path(cases[i].file), "rb");
        assert_non_null(f);
        size_t len = fread(got, 1, sizeof got - 1, f);
        fclose(f);
        got[len] = '\0';
        for (char *p = got; (p = strstr(p, "\r\n")) != NULL;) memmove(p, p + 1, strlen(p)); /* CRLF */
        assert_string_equal(got, cases[i].bytes);
    }
    lc_table_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_geojson),
        cmocka_unit_test(read_errors_name_source),
        cmocka_unit_test(read_csv_wkt),
        cmocka_unit_test(write_and_read_back),
        cmocka_unit_test(outdir_is_atomic),
        cmocka_unit_test(redact_password),
        cmocka_unit_test(write_db_wants_pg),
        cmocka_unit_test(filter_aliases),
        cmocka_unit_test(dbf_names_cut_on_characters),
        cmocka_unit_test(dbf_names_as_gdal_for_ascii),
        cmocka_unit_test(csv_encodings),
    };
    return cmocka_run_group_tests_name("io", tests, make_tmp, remove_tmp);
}
