/*
 * test_tables.c — tables with coordinates (user guide, Tables with coordinates): CSV in GBK and
 * in UTF-8 with a byte-order mark, an XLSX sheet made here with GDAL's writer, a "lng,lat"
 * column, datums named by columns, rows without usable coordinates named by the row a
 * spreadsheet shows, the whole-table errors (no columns, swapped, projected numbers without
 * a CRS); then through the model: the datum chosen and why, positions in the working CRS,
 * every row written or counted as skipped.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>

#include "lc_scratch.h"
#include "geom/cnshift.h"
#include "io/io.h"
#include "model/loader.h"
#include "model/network.h"
#include "model/site_inputs.h"

static int setup(void **state)
{
    return lc_scratch_setup(state, "/tmp/lc-tables-XXXXXX", LC_LOG_INFO);
}

static int teardown(void **state)
{
    return lc_scratch_teardown(state);
}

static const char *tmp_path(const char *name)
{
    static char p[4][256];
    static int k;
    char *s = p[k++ % 4];
    snprintf(s, sizeof p[0], "%s/%s", tmpdir, name);
    return s;
}

/* Write `text` as bytes (GBK literals stay GBK). */
static const char *write_bytes(const char *name, const char *text)
{
    const char *path = tmp_path(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return path;
}

/* Read `path` as the facilities are read; NULL cols: found by name. */
static lc_status read_table(lc_ctx *ctx, const char *path, const char *const *cols,
                            size_t ncols, const char *srs, lc_source_layer **out)
{
    lc_xy_spec xy = {"facilities", cols, ncols, srs, false};
    logbuf[0] = '\0';
    return lc_io_read_xy(ctx, path, NULL, LC_IO_FACILITIES, &xy, out);
}

/* The point of row r (source units). */
static void row_point(lc_ctx *ctx, const lc_source_layer *l, size_t r, double *x, double *y)
{
    assert_non_null(l->table->wkb[r]);
    GEOSGeometry *g = lc_geom_from_wkb(ctx, l->table->wkb[r], l->table->wkb_len[r]);
    assert_non_null(g);
    assert_int_equal(GEOSGeomTypeId_r(ctx->geos, g), GEOS_POINT);
    GEOSGeomGetX_r(ctx->geos, g, x);
    GEOSGeomGetY_r(ctx->geos, g, y);
    GEOSGeom_destroy_r(ctx->geos, g);
}

static void assert_row_at(lc_ctx *ctx, const lc_source_layer *l, size_t r, double x, double y)
{
    double px, py;
    row_point(ctx, l, r, &px, &py);
    assert_float_equal(px, x, 1e-12);
    assert_float_equal(py, y, 1e-12);
}

static const char *field_str(const lc_source_layer *l, const char *name, size_t r)
{
    long c = lc_table_field_index(l->table, name);
    assert_true(c >= 0);
    assert_int_equal(l->table->fields[c].col[r].kind, LC_VAL_STR);
    return l->table->fields[c].col[r].u.s;
}

/* ---- reading tables ------------------------------------------------------------------ */

/* A CSV saved by Excel on a Chinese Windows machine: GBK, told apart from UTF-8 without a
 * flag; names come out as UTF-8, rows of a CSV are the record number + 1 (header row 1). */
static void gbk_csv(void **state)
{
    lc_ctx *ctx = *state;
    /* 名称,类别,经度,纬度 / 幸福里敬老院,养老院,121.5,31.25 / 幼儿园,幼儿园,121.25,31.5 */
    const char *path = write_bytes("gbk.csv",
        "\xc3\xfb\xb3\xc6,\xc0\xe0\xb1\xf0,\xbe\xad\xb6\xc8,\xce\xb3\xb6\xc8\n"
        "\xd0\xd2\xb8\xa3\xc0\xef\xbe\xb4\xc0\xcf\xd4\xba,\xd1\xf8\xc0\xcf\xd4\xba,121.5,31.25\n"
        "\xd3\xd7\xb6\xf9\xd4\xb0,\xd3\xd7\xb6\xf9\xd4\xb0,121.25,31.5\n");
    lc_source_layer *l;
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    assert_non_null(strstr(logbuf, "not UTF-8 text: read as GB18030 (GBK)"));
    assert_non_null(strstr(logbuf, "points from the columns '经度' (longitude) and '纬度' (latitude)"));
    assert_non_null(strstr(l->desc, "gbk.csv:gbk")); /* named as the file, not its copy */
    assert_int_equal(l->table->nrows, 2);
    assert_string_equal(field_str(l, "名称", 0), "幸福里敬老院");
    assert_string_equal(field_str(l, "类别", 1), "幼儿园");
    assert_string_equal(field_str(l, "经度", 0), "121.5"); /* the columns stay attributes */
    assert_row_at(ctx, l, 0, 121.5, 31.25);
    assert_row_at(ctx, l, 1, 121.25, 31.5);
    assert_true(l->xy && l->degrees && l->by_row);
    assert_int_equal(l->declared, LC_GK_POINT);
    assert_null(l->datum);
    assert_null(l->srs_wkt);
    assert_int_equal(l->table->fid[0] + l->row_base, 2);
    /* the median centre of the points (2 points: the upper one per axis) */
    assert_float_equal(l->centre[0], 121.5, 0);
    assert_float_equal(l->centre[1], 31.5, 0);
    lc_source_layer_destroy(l);
    /* a UTF-8 file is not recoded */
    path = write_bytes("utf8.csv", "名称,经度,纬度\n敬老院,121.5,31.25\n");
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    assert_null(strstr(logbuf, "GB18030"));
    assert_string_equal(field_str(l, "名称", 0), "敬老院");
    lc_source_layer_destroy(l);
}

/* UTF-8 with a byte-order mark; names in any case with blanks around them. */
static void bom_csv(void **state)
{
    lc_ctx *ctx = *state;
    const char *path = write_bytes("bom.csv", "\xef\xbb\xbf" "名称, Lng ,LAT\n甲,116.25,39.5\n");
    lc_source_layer *l;
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    assert_string_equal(l->table->fields[0].name, "名称"); /* no mark left in the first name */
    assert_string_equal(field_str(l, "名称", 0), "甲");
    assert_row_at(ctx, l, 0, 116.25, 39.5);
    lc_source_layer_destroy(l);
}

/* An XLSX sheet written by GDAL: numbers as numbers, one coordinate as text, one not a
 * number; a sheet's rows are its feature ids (header row 1). */
static void xlsx_sheet(void **state)
{
    lc_ctx *ctx = *state;
    GDALAllRegister();
    const char *path = tmp_path("pois.xlsx");
    GDALDriverH drv = GDALGetDriverByName("XLSX");
    assert_non_null(drv);
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, "设施", NULL, wkbNone, NULL);
    const char *names[] = {"名称", "经度", "纬度"};
    const OGRFieldType types[] = {OFTString, OFTReal, OFTString};
    for (int i = 0; i < 3; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(names[i], types[i]);
        assert_int_equal(OGR_L_CreateField(lyr, fd, TRUE), OGRERR_NONE);
        OGR_Fld_Destroy(fd);
    }
    const char *rows[][3] = {{"养老院", "121.5", "31.25"}, {"幼儿园", "121.75", "not known"},
                             {"托儿所", "121.125", " 31.5 "}};
    for (int r = 0; r < 3; r++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        OGR_F_SetFieldString(f, 0, rows[r][0]);
        OGR_F_SetFieldDouble(f, 1, atof(rows[r][1]));
        OGR_F_SetFieldString(f, 2, rows[r][2]);
        assert_int_equal(OGR_L_CreateFeature(lyr, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    lc_source_layer *l;
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    assert_non_null(strstr(l->desc, "pois.xlsx:设施"));
    assert_int_equal(l->table->nrows, 3);
    assert_string_equal(field_str(l, "名称", 2), "托儿所");
    assert_row_at(ctx, l, 0, 121.5, 31.25);
    assert_null(l->table->wkb[1]);
    assert_string_equal(l->row_why[1], "has 'not known' in column '纬度': not a number");
    assert_int_equal(l->table->fid[1] + l->row_base, 3);
    assert_row_at(ctx, l, 2, 121.125, 31.5);
    assert_null(l->row_why[0]);
    lc_source_layer_destroy(l);
}

/* One column of "lng,lat" text, as web-map APIs give `location`: a comma (ASCII or full
 * width) with blanks, or blanks alone, between the numbers; "lat,lng" by its name. */
static void location_column(void **state)
{
    lc_ctx *ctx = *state;
    const char *path = write_bytes("loc.csv",
        "name,location\nA,\"121.5,31.25\"\nB,\"121.5， 31.5\"\nC, 121.25  31.75 \n"
        "D,\"121.5;31.25\"\nE,121.5\nF,\n");
    lc_source_layer *l;
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    assert_non_null(strstr(logbuf, "points from the column 'location' (\"longitude,latitude\")"));
    assert_row_at(ctx, l, 0, 121.5, 31.25);
    assert_row_at(ctx, l, 1, 121.5, 31.5);
    assert_row_at(ctx, l, 2, 121.25, 31.75);
    assert_string_equal(l->row_why[3], "has '121.5;31.25' in column 'location': not "
                                       "\"longitude,latitude\"");
    assert_string_equal(l->row_why[4], "has '121.5' in column 'location': not "
                                       "\"longitude,latitude\"");
    assert_string_equal(l->row_why[5], "has no value in column 'location'");
    lc_source_layer_destroy(l);
    path = write_bytes("latlng.csv", "name,LatLng\nA,\"31.25,121.5\"\n");
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    assert_row_at(ctx, l, 0, 121.5, 31.25);
    lc_source_layer_destroy(l);
    path = write_bytes("zuobiao.csv", "名称,百度坐标\n甲,\"121.5,31.25\"\n");
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    assert_string_equal(l->datum, "BD09");
    lc_source_layer_destroy(l);
    /* two text columns: the one in the flag's datum, whatever the order */
    path = write_bytes("two.csv", "名称,location,location_gcj02\n甲,\"1,2\",\"121.5,31.25\"\n");
    assert_int_equal(read_table(ctx, path, NULL, 0, "GCJ02", &l), LC_OK);
    assert_string_equal(l->datum, "GCJ02");
    assert_row_at(ctx, l, 0, 121.5, 31.25);
    lc_source_layer_destroy(l);
}

/* The datum a column's name gives, and which pair is taken when several are there. */
static void datum_named_by_columns(void **state)
{
    lc_ctx *ctx = *state;
    static const struct {
        const char *header, *datum, *why;
    } cases[] = {
        {"lng_gcj02,lat_gcj02", "GCJ02", "column 'lng_gcj02' names GCJ-02"},
        {"gcj_lng,gcj_lat", "GCJ02", "column 'gcj_lng' names GCJ-02"},
        {"bd09_lng,bd09_lat", "BD09", "column 'bd09_lng' names BD-09"},
        {"BD_LNG,bd_lat", "BD09", "column 'BD_LNG' names BD-09"},
        {"wgs84_lng,wgs84_lat", "WGS84", "column 'wgs84_lng' names WGS 84"},
        {"Longitude (GCJ-02),Latitude (GCJ-02)", "GCJ02", "column 'Longitude (GCJ-02)' names GCJ-02"},
        {"百度经度,百度纬度", "BD09", "column '百度经度' names BD-09"},
        {"lon,lat", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[256];
        snprintf(text, sizeof text, "name,%s\nA,121.5,31.25\n", cases[i].header);
        lc_source_layer *l;
        assert_int_equal(read_table(ctx, write_bytes("d.csv", text), NULL, 0, NULL, &l), LC_OK);
        assert_row_at(ctx, l, 0, 121.5, 31.25);
        if (cases[i].datum) {
            assert_string_equal(l->datum, cases[i].datum);
            assert_string_equal(l->datum_why, cases[i].why);
        } else {
            assert_null(l->datum);
        }
        lc_source_layer_destroy(l);
    }
    /* a crawler's table with three pairs: WGS84 first (nothing to convert); with
     * --facilities-srs BD09 the BD-09 pair; x/y after longitude/latitude */
    const char *three = write_bytes("three.csv",
        "x,y,gcj02_lng,gcj02_lat,bd09_lng,bd09_lat,wgs84_lng,wgs84_lat\n"
        "1,2,121.5,31.25,121.5065,31.2565,121.4955,31.2519\n");
    lc_source_layer *l;
    assert_int_equal(read_table(ctx, three, NULL, 0, NULL, &l), LC_OK);
    assert_string_equal(l->datum, "WGS84");
    assert_row_at(ctx, l, 0, 121.4955, 31.2519);
    assert_non_null(strstr(logbuf, "coordinate columns not used: 'x', 'y', 'gcj02_lng', "
                                   "'gcj02_lat', 'bd09_lng', 'bd09_lat'"));
    lc_source_layer_destroy(l);
    assert_int_equal(read_table(ctx, three, NULL, 0, "BD09", &l), LC_OK);
    assert_string_equal(l->datum, "BD09");
    assert_row_at(ctx, l, 0, 121.5065, 31.2565);
    lc_source_layer_destroy(l);
    /* named by the setting: those columns, blanks and case as they come */
    const char *const cols[] = {" GCJ02_LNG", "gcj02_lat "};
    assert_int_equal(read_table(ctx, three, cols, 2, NULL, &l), LC_OK);
    assert_string_equal(l->datum, "GCJ02");
    assert_row_at(ctx, l, 0, 121.5, 31.25);
    lc_source_layer_destroy(l);
    const char *const loc[] = {"place"};
    assert_int_equal(read_table(ctx, three, loc, 1, NULL, &l), LC_ERR_FORMAT);
    assert_string_equal(strstr(lc_ctx_errmsg(ctx), "no column"),
                        "no column 'place' (--facilities-xy); the table's columns: x, y, "
                        "gcj02_lng, gcj02_lat, bd09_lng, bd09_lat, wgs84_lng, wgs84_lat");
}

/* Empty, non-numeric and out-of-range cells: each row says which column holds what, the
 * others are points. */
static void bad_cells_named_by_row(void **state)
{
    lc_ctx *ctx = *state;
    const char *path = write_bytes("bad.csv",
        "名称,经度,纬度\n"
        "甲,121.5,31.25\n"     /* row 2 */
        "乙,,31.25\n"          /* row 3 */
        "丙,121.5, \n"         /* row 4 */
        "丁,东经121度,31.25\n" /* row 5 */
        "戊,181,31.25\n"       /* row 6 */
        "己,121.5,-90.5\n"     /* row 7 */
        "庚,31.25,121.5\n"     /* row 8: swapped, alone */
        "辛,nan,31.25\n"       /* row 9 */
        "壬,121.25,31.5\n");   /* row 10 */
    lc_source_layer *l;
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    static const char *const why[] = {
        NULL,
        "has no value in column '经度'",
        "has no value in column '纬度'",
        "has '东经121度' in column '经度': not a number",
        "has longitude 181 in column '经度': outside -180..180",
        "has latitude -90.5 in column '纬度': outside -90..90",
        "has latitude 121.5 in column '纬度': outside -90..90 (latitude and longitude swapped?)",
        "has 'nan' in column '经度': not a number",
        NULL,
    };
    assert_int_equal(l->table->nrows, 9);
    for (size_t r = 0; r < 9; r++) {
        assert_int_equal(l->table->fid[r] + l->row_base, (int64_t)r + 2);
        if (why[r]) {
            assert_null(l->table->wkb[r]);
            assert_string_equal(l->row_why[r], why[r]);
        } else {
            assert_non_null(l->table->wkb[r]);
            assert_null(l->row_why[r]);
        }
    }
    lc_source_layer_destroy(l);
}

/* A table where no row is usable: an error naming the columns and what they hold. */
static void unusable_tables(void **state)
{
    lc_ctx *ctx = *state;
    lc_source_layer *l;
    /* no coordinate columns */
    assert_int_equal(read_table(ctx, write_bytes("none.csv", "名称,类别,地址\n甲,养老院,某路\n"),
                                NULL, 0, NULL, &l), LC_ERR_FORMAT);
    const char *e = lc_ctx_errmsg(ctx);
    assert_non_null(strstr(e, "none.csv:none: the layer has no geometry and no coordinate columns"));
    assert_non_null(strstr(e, "经度/纬度, lng/lat, lon/lat, long/lat, longitude/latitude or x/y"));
    assert_non_null(strstr(e, "named location, 坐标 or 经纬度"));
    assert_non_null(strstr(e, "the table's columns: 名称, 类别, 地址"));
    assert_non_null(strstr(e, "--facilities-xy LON,LAT"));
    /* swapped throughout: every latitude beyond 90 */
    assert_int_equal(read_table(ctx, write_bytes("swap.csv",
                                "lng,lat\n31.25,121.5\n31.5,121.75\n"), NULL, 0, NULL, &l),
                     LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx),
                           "swap.csv:swap: latitude and longitude are swapped throughout: column "
                           "'lng' (read as longitude) holds 31.25..31.5 and 'lat' (read as "
                           "latitude) 121.5..121.75; name them the other way round: "
                           "--facilities-xy lat,lng"));
    /* swapped in China's west: the latitudes (76..87) are possible, the pattern is not */
    const char *west = write_bytes("west.csv", "经度,纬度\n39.5,76\n43.75,87.5\n");
    assert_int_equal(read_table(ctx, west, NULL, 0, NULL, &l), LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "'经度' (read as longitude) holds 39.5..43.75 and "
                                               "'纬度' (read as latitude) 76..87.5"));
    /* ... unless the columns are named: then they are what the setting says (Svalbard) */
    const char *const named[] = {"经度", "纬度"};
    assert_int_equal(read_table(ctx, west, named, 2, NULL, &l), LC_OK);
    assert_row_at(ctx, l, 1, 43.75, 87.5);
    lc_source_layer_destroy(l);
    /* projected numbers without a CRS; with one they are read as they are */
    const char *m = write_bytes("m.csv", "x,y\n500000,4300000\n500100,4300100\n");
    assert_int_equal(read_table(ctx, m, NULL, 0, NULL, &l), LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx),
                           "m.csv:m: columns 'x', 'y': numbers beyond degrees "
                           "(longitude 500000..500100, latitude 4300000..4300100): projected "
                           "coordinates need their CRS: give it with --facilities-srs"));
    assert_int_equal(read_table(ctx, m, NULL, 0, "EPSG:32650", &l), LC_OK);
    assert_false(l->degrees);
    assert_row_at(ctx, l, 1, 500100, 4300100);
    lc_source_layer_destroy(l);
    /* ... and with a geographic CRS they are still beyond degrees */
    assert_int_equal(read_table(ctx, m, NULL, 0, "EPSG:4490", &l), LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "but --facilities-srs EPSG:4490 is longitude/latitude"));
    /* no numbers at all */
    assert_int_equal(read_table(ctx, write_bytes("text.csv", "lng,lat\n东,北\n,\n"), NULL, 0, NULL,
                                &l), LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "text.csv:text: no row has coordinates (columns "
                                               "'lng', 'lat'; 2 rows: 1 empty, 1 not numbers, "
                                               "e.g. '东')"));
    /* a header alone: nothing unusable, no points (the model says what it lacks) */
    assert_int_equal(read_table(ctx, write_bytes("head.csv", "lng,lat\n"), NULL, 0, NULL, &l),
                     LC_OK);
    assert_int_equal(l->table->nrows, 0);
    lc_source_layer_destroy(l);
}

/* A layer with geometry keeps it; the *_xy setting is then ignored, with a warning. */
static void geometry_layers_unchanged(void **state)
{
    lc_ctx *ctx = *state;
    const char *path = write_bytes("wkt.csv", "id,lng,lat,WKT\n1,121.5,31.25,POINT (1 2)\n");
    lc_source_layer *l;
    assert_int_equal(read_table(ctx, path, NULL, 0, NULL, &l), LC_OK);
    assert_false(l->xy);
    assert_row_at(ctx, l, 0, 1, 2);
    lc_source_layer_destroy(l);
    const char *const cols[] = {"lng", "lat"};
    assert_int_equal(read_table(ctx, path, cols, 2, NULL, &l), LC_OK);
    assert_non_null(strstr(logbuf, "the layer has geometry; --facilities-xy is ignored"));
    lc_source_layer_destroy(l);
    /* without an xy spec (network, barriers) a table is read as it is: no points */
    assert_int_equal(lc_io_read(ctx, write_bytes("plain.csv", "lng,lat\n121.5,31.25\n"), NULL,
                                LC_IO_LINES, &l), LC_OK);
    assert_false(l->xy);
    assert_null(l->table->wkb[0]);
    lc_source_layer_destroy(l);
}

/* ---- through the model --------------------------------------------------------------- */

#define CRS32650 "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32650\"}},"
/* one estate, a 100 m square on UTM 50N's central meridian (117°E) */
static const char *estates_json =
    "{\"type\":\"FeatureCollection\"," CRS32650 "\"features\":[{\"type\":\"Feature\","
    "\"properties\":{\"id\":\"E1\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[499950,"
    "4316000],[500050,4316000],[500050,4316100],[499950,4316100],[499950,4316000]]]}}]}";

static lc_options *table_options(lc_ctx *ctx, const char *facilities_csv)
{
    lc_options *o = lc_options_create();
    lc_options_set(ctx, o, "estates", write_bytes("e.geojson", estates_json), LC_SRC_FLAG);
    lc_options_set(ctx, o, "facilities", write_bytes("f.csv", facilities_csv), LC_SRC_FLAG);
    lc_options_set(ctx, o, "crs", "EPSG:32650", LC_SRC_FLAG);
    lc_options_set(ctx, o, "category_field", "类别", LC_SRC_FLAG);
    return o;
}

/* The same place, (117°E, 39°N) in WGS84, given as WGS84, as GCJ-02 named by the columns
 * and as BD-09 given by the flag: all three land on UTM 50N's central meridian (x = 500 km)
 * at the same y. Bad rows are named by their row and counted: read = written + skipped. */
static void datum_chosen_and_recorded(void **state)
{
    lc_ctx *ctx = *state;
    double glon, glat, blon, blat;
    lc_wgs84_to_gcj02(117, 39, &glon, &glat);
    lc_wgs84_to_bd09(117, 39, &blon, &blat);
    assert_true(fabs(glon - 117) > 1e-3); /* the shift is real: a forgotten one shows */
    char text[512];
    /* plain lon/lat: WGS84, the why said */
    lc_options *o = table_options(ctx, "名称,类别,lng,lat\n甲,养老院,117,39\n乙,养老院,,39\n");
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_float_equal(ds->fac[0].x, 500000, 1e-6);
    double y_wgs = ds->fac[0].y; /* gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32650 */
    assert_float_equal(y_wgs, 4316776.58321008, 1e-3);
    assert_int_equal(sum.res.facilities_read, 2);
    assert_int_equal(sum.res.facilities_skipped, 1);
    assert_int_equal(ds->nfac, 1);
    assert_non_null(strstr(logbuf, "f.csv:f: row 3 has no value in column 'lng'; skipped"));
    assert_non_null(strstr(logbuf, "f.csv:f: coordinates read as WGS 84: a table of degrees "
                                   "without a CRS is WGS 84 longitude/latitude"));
    assert_int_equal(sum.datums.n, 1);
    assert_string_equal(sum.datums.d[0].input, "facilities");
    assert_string_equal(sum.datums.d[0].value, "WGS84");
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
    /* GCJ-02 named by the columns */
    snprintf(text, sizeof text, "名称,类别,lng_gcj02,lat_gcj02\n甲,养老院,%.12f,%.12f\n", glon, glat);
    o = table_options(ctx, text);
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_float_equal(ds->fac[0].x, 500000, 1e-4);
    assert_float_equal(ds->fac[0].y, y_wgs, 1e-4);
    assert_string_equal(sum.datums.d[0].value, "GCJ02");
    assert_string_equal(sum.datums.d[0].why, "column 'lng_gcj02' names GCJ-02");
    assert_non_null(strstr(logbuf, "coordinates read as GCJ-02: column 'lng_gcj02' names GCJ-02"));
    lc_dataset_destroy(ds);
    /* the flag wins over a column's name, with a warning */
    lc_options_set(ctx, o, "facilities_srs", "BD09", LC_SRC_FLAG);
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_non_null(strstr(logbuf, "column 'lng_gcj02' names GCJ-02, but --facilities-srs BD09 "
                                   "says otherwise; the setting is used"));
    assert_string_equal(sum.datums.d[0].value, "BD09");
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
    /* BD-09 numbers with the flag; the columns named by the setting */
    snprintf(text, sizeof text, "名称,类别,东,北\n甲,养老院,%.12f,%.12f\n", blon, blat);
    o = table_options(ctx, text);
    lc_options_set(ctx, o, "facilities_srs", "BD09", LC_SRC_FLAG);
    lc_options_set(ctx, o, "facilities_xy", "东,北", LC_SRC_FLAG);
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_float_equal(ds->fac[0].x, 500000, 1e-4);
    assert_float_equal(ds->fac[0].y, y_wgs, 1e-4);
    assert_string_equal(sum.datums.d[0].why, "--facilities-srs BD09");
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
}

/* Candidates as a table: positions, the datum record, skipped rows counted. */
static void candidates_table(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    lc_options_set(ctx, o, "candidates", write_bytes("c.csv", "id,gcj_lng,gcj_lat\nC1,x,39\n"
                                                     "C2,117,39\n"), LC_SRC_FLAG);
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    lc_candidates c;
    logbuf[0] = '\0';
    assert_int_equal(lc_candidates_load(ctx, &s.site, false, "EPSG:32650", &c), LC_OK);
    assert_int_equal(c.read, 2);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.skipped, 1);
    assert_string_equal(c.id[0], "C2");
    assert_string_equal(c.datum_read.input, "candidates");
    assert_string_equal(c.datum_read.value, "GCJ02");
    assert_non_null(strstr(logbuf, "c.csv:c: row 2 has 'x' in column 'gcj_lng': not a number; "
                                   "skipped"));
    /* the same place as WGS84 numbers in a plain table */
    double gx, gy;
    lc_gcj02_to_wgs84(117, 39, &gx, &gy);
    char text[128];
    snprintf(text, sizeof text, "id,lng,lat\nW,%.12f,%.12f\n", gx, gy);
    lc_options_set(ctx, o, "candidates", write_bytes("w.csv", text), LC_SRC_FLAG);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    lc_candidates w;
    assert_int_equal(lc_candidates_load(ctx, &s.site, false, "EPSG:32650", &w), LC_OK);
    assert_string_equal(w.datum_read.value, "WGS84");
    assert_float_equal(w.xy[0], c.xy[0], 1e-4);
    assert_float_equal(w.xy[1], c.xy[1], 1e-4);
    assert_true(fabs(c.xy[0] - 500000) > 100); /* the GCJ-02 offset was removed */
    lc_candidates_clear(&w);
    /* s_srs stands in for candidates_srs: the why names it */
    lc_options_set(ctx, o, "s_srs", "GCJ02", LC_SRC_FLAG);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(lc_candidates_load(ctx, &s.site, false, "EPSG:32650", &w), LC_OK);
    assert_string_equal(w.datum_read.why, "--s-srs GCJ02");
    lc_candidates_clear(&w);
    lc_options_set(ctx, o, "candidates_srs", "GCJ02", LC_SRC_FLAG);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    assert_int_equal(lc_candidates_load(ctx, &s.site, false, "EPSG:32650", &w), LC_OK);
    assert_string_equal(w.datum_read.why, "--candidates-srs GCJ02");
    lc_candidates_clear(&w);
    lc_candidates_clear(&c);
    /* the setting's count is checked */
    lc_options_set(ctx, o, "candidates_xy", "a,b,c", LC_SRC_FLAG);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "setting 'candidates_xy': one column"));
    lc_options_destroy(o);
}

/* Estates as a table: point estates where the coordinates are usable, the others named by
 * row and counted (read = written + skipped). */
static void estates_table(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = table_options(ctx, "名称,类别,lng,lat\n甲,养老院,117,39\n");
    lc_options_set(ctx, o, "estates", write_bytes("est.csv", "id,小区,经度,纬度\nE1,甲,117,39\n"
                                                  "E2,乙,,39\nE3,丙,117.001,39\n"), LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_int_equal(sum.res.estates_read, 3);
    assert_int_equal(sum.res.estates_used, 2);
    assert_int_equal(sum.res.estates_skipped, 1);
    assert_true(ds->points && ds->est[0].point && ds->est[1].point);
    assert_string_equal(ds->est[1].id, "E3");
    assert_non_null(strstr(logbuf, "est.csv:est: row 3 has no value in column '经度'; skipped"));
    assert_string_equal(sum.datums.d[0].input, "estates");
    assert_string_equal(sum.datums.d[0].value, "WGS84");
    /* E1 lies where the facility lies (the same longitude and latitude) */
    assert_float_equal(ds->est[0].minx, ds->fac[0].x, 1e-6);
    assert_float_equal(ds->est[0].miny, ds->fac[0].y, 1e-6);
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
}

/* Entrances as a table: a gate per row, named by the estate id; a row without coordinates
 * is skipped and counted, one naming no estate is counted as such. */
static void entrances_table(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = table_options(ctx, "名称,类别,lng,lat\n甲,养老院,117,39\n");
    lc_options_set(ctx, o, "entrances", write_bytes("g.csv", "estate_id,东经,北纬\nE1,117,39\n"
                                                    "E9,117,39\nE1,,39\n"), LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    lc_entrance_counts c;
    assert_int_equal(lc_entrances_load(ctx, &s.walk, ds, &c), LC_OK);
    assert_int_equal(c.read, 3);
    assert_int_equal(c.used, 1);
    assert_int_equal(c.unknown, 1);
    assert_int_equal(c.skipped, 1);
    assert_string_equal(c.datum_read.input, "entrances");
    assert_string_equal(c.datum_read.value, "WGS84");
    assert_float_equal(ds->ent_xy[0], 500000, 1e-6);
    assert_float_equal(ds->ent_xy[1], 4316776.58321008, 1e-3);
    assert_non_null(strstr(logbuf, "g.csv:g: row 4 has no value in column '东经'; skipped"));
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
}

/* The one rule for what a layer does not use: of seven entrances without coordinates and
 * seven naming no estate, the first five of each are listed, then one line counts them all. */
static void entrances_listed(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = table_options(ctx, "名称,类别,lng,lat\n甲,养老院,117,39\n");
    char csv[512] = "estate_id,东经,北纬\n";
    for (int i = 0; i < 7; i++) strcat(csv, "E1,,39\nE9,117,39\n");
    lc_options_set(ctx, o, "entrances", write_bytes("g.csv", csv), LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    lc_entrance_counts c;
    logbuf[0] = '\0';
    assert_int_equal(lc_entrances_load(ctx, &s.walk, ds, &c), LC_OK);
    assert_int_equal(c.skipped, 7);
    assert_int_equal(c.unknown, 7);
    assert_non_null(strstr(logbuf, "g.csv:g: row 10 has no value in column '东经'; skipped"));
    assert_null(strstr(logbuf, "g.csv:g: row 12 has no value"));
    assert_non_null(strstr(logbuf, "g.csv:g: row 11: estate id 'E9' is not among the estates"));
    assert_null(strstr(logbuf, "g.csv:g: row 13: estate id"));
    assert_non_null(strstr(logbuf, "g.csv:g: ... 7 entrances skipped in all (the first 5 are "
                                   "listed above)"));
    assert_non_null(strstr(logbuf, "g.csv:g: 7 entrances name no known estate in all"));
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gbk_csv),
        cmocka_unit_test(bom_csv),
        cmocka_unit_test(xlsx_sheet),
        cmocka_unit_test(location_column),
        cmocka_unit_test(datum_named_by_columns),
        cmocka_unit_test(bad_cells_named_by_row),
        cmocka_unit_test(unusable_tables),
        cmocka_unit_test(geometry_layers_unchanged),
        cmocka_unit_test(datum_chosen_and_recorded),
        cmocka_unit_test(candidates_table),
        cmocka_unit_test(entrances_table),
        cmocka_unit_test(entrances_listed),
        cmocka_unit_test(estates_table),
    };
    return cmocka_run_group_tests_name("tables", tests, setup, teardown);
}
