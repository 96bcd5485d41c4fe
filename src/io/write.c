/*
 * write.c — write lc_tables through GDAL: GeoPackage (several layers, one transaction
 * each), Shapefile (.prj, .cpg = UTF-8; field names shortened by lc_io_dbf_names, on a
 * character boundary, before GDAL sees them), GeoJSON (RFC 7946: GDAL reprojects to WGS84
 * lon/lat) and CSV (no geometry; UTF-8 with a byte-order mark, or GB18030, as the layer
 * asks). GDAL warnings during writing reach our log.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "io_internal.h"

static const char *const driver_name[] = {"GPKG", "ESRI Shapefile", "GeoJSON", "CSV", "FlatGeobuf",
                                          "CSV", "CSV"};

static OGRwkbGeometryType ogr_gtype(lc_gtype g)
{
    switch (g) {
    case LC_G_POINT: return wkbPoint;
    case LC_G_LINESTRING: return wkbLineString;
    case LC_G_MULTILINESTRING: return wkbMultiLineString;
    case LC_G_MULTIPOLYGON: return wkbMultiPolygon;
    default: return wkbNone;
    }
}

static OGRFieldType ogr_ftype(lc_ftype t)
{
    switch (t) {
    case LC_FT_INT: return OFTInteger;
    case LC_FT_INT64: return OFTInteger64;
    case LC_FT_REAL: return OFTReal;
    case LC_FT_DATE: return OFTDate;
    case LC_FT_DATETIME: return OFTDateTime;
    default: return OFTString;
    }
}

/* DBF string columns are fixed width: size them to the longest value (in bytes). */
static int string_width(const lc_field *f, size_t nrows)
{
    size_t w = 1;
    for (size_t r = 0; r < nrows; r++)
        if (f->col[r].kind == LC_VAL_STR && strlen(f->col[r].u.s) > w) w = strlen(f->col[r].u.s);
    return w > 254 ? 254 : (int)w;
}

/* The fields' names in the file: as they are, or a DBF's (lc_io_dbf_names). */
static lc_status field_names(lc_ctx *ctx, const lc_table *t, bool dbf, const char *path,
                             char (**out)[LC_DBF_NAME_MAX + 1])
{
    *out = NULL;
    if (!dbf) return LC_OK;
    if (!(*out = lc_malloc((t->nfields + 1) * sizeof **out)))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (lc_io_dbf_names(t, *out) == LC_OK) return LC_OK;
    lc_free(*out);
    *out = NULL;
    return lc_fail(ctx, LC_ERR_DATA, "%s: more than 99 fields share the first 8 bytes of their "
                   "names, which a DBF cannot tell apart", path);
}

/* `s` in GB18030 (CPLFree), for a table written for programs that read only the Chinese
 * Windows code page: GBK's characters keep GBK's bytes, the others get GB18030's. */
static char *gb18030(const char *s)
{
    return CPLRecode(s, CPL_ENC_UTF8, "GB18030");
}

static lc_status create_fields(lc_ctx *ctx, OGRLayerH lyr, const lc_table *t, bool dbf, bool gb,
                               const char *path)
{
    char(*dbf_name)[LC_DBF_NAME_MAX + 1];
    lc_status st = field_names(ctx, t, dbf, path, &dbf_name);
    for (size_t i = 0; !st && i < t->nfields; i++) {
        const lc_field *f = &t->fields[i];
        char *recoded = gb ? gb18030(f->name) : NULL;
        OGRFieldDefnH fd = OGR_Fld_Create(recoded ? recoded : dbf_name ? dbf_name[i] : f->name,
                                          ogr_ftype(f->type));
        CPLFree(recoded);
        if (f->type == LC_FT_STRING && dbf)
            OGR_Fld_SetWidth(fd, string_width(f, t->nrows));
        else if (f->width > 0 && f->type != LC_FT_STRING) {
            OGR_Fld_SetWidth(fd, f->width);
            OGR_Fld_SetPrecision(fd, f->precision);
        }
        OGRErr e = OGR_L_CreateField(lyr, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            st = lc_fail(ctx, LC_ERR_IO, "%s: cannot create field '%s': %s", path, f->name,
                         CPLGetLastErrorMsg());
    }
    lc_free(dbf_name);
    return st;
}

static void set_value(OGRFeatureH feat, int i, const lc_value *v, bool gb)
{
    if (gb && v->kind == LC_VAL_STR) {
        char *recoded = gb18030(v->u.s);
        OGR_F_SetFieldString(feat, i, recoded);
        CPLFree(recoded);
        return;
    }
    switch (v->kind) {
    case LC_VAL_INT: OGR_F_SetFieldInteger64(feat, i, v->u.i); break;
    case LC_VAL_REAL:
        if (isfinite(v->u.r)) OGR_F_SetFieldDouble(feat, i, v->u.r);
        else OGR_F_SetFieldNull(feat, i);
        break;
    case LC_VAL_STR: OGR_F_SetFieldString(feat, i, v->u.s); break;
    default: OGR_F_SetFieldNull(feat, i);
    }
}

static OGRGeometryH make_geometry(const lc_table *t, size_t r, lc_gtype gt,
                                  OGRSpatialReferenceH srs)
{
    OGRGeometryH g = NULL;
    if (!t->wkb[r] || gt == LC_G_NONE) return NULL;
    if (OGR_G_CreateFromWkbEx(t->wkb[r], srs, &g, t->wkb_len[r]) != OGRERR_NONE) return NULL;
    if (gt == LC_G_MULTIPOLYGON) g = OGR_G_ForceToMultiPolygon(g);
    else if (gt == LC_G_MULTILINESTRING) g = OGR_G_ForceToMultiLineString(g);
    return g;
}

static lc_status write_rows(lc_ctx *ctx, OGRLayerH lyr, const lc_out_layer *L,
                            OGRSpatialReferenceH srs, bool gb, const char *path)
{
    const lc_table *t = L->table;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    for (size_t r = 0; r < t->nrows; r++) {
        OGRFeatureH feat = OGR_F_Create(defn);
        for (size_t i = 0; i < t->nfields; i++)
            set_value(feat, (int)i, &t->fields[i].col[r], gb);
        OGRGeometryH g = make_geometry(t, r, L->gtype, srs);
        if (g) OGR_F_SetGeometryDirectly(feat, g);
        OGRErr e = OGR_L_CreateFeature(lyr, feat);
        OGR_F_Destroy(feat);
        if (e != OGRERR_NONE)
            return lc_fail(ctx, LC_ERR_IO, "%s: layer %s: cannot write feature %zu: %s", path,
                           L->name, r + 1, CPLGetLastErrorMsg());
    }
    return LC_OK;
}

static bool is_csv(lc_ofmt fmt)
{
    return fmt == LC_OF_CSV || fmt == LC_OF_CSV_UTF8 || fmt == LC_OF_CSV_GB18030;
}

static char **layer_options(lc_ofmt fmt)
{
    char **lco = NULL;
    if (fmt == LC_OF_SHP) lco = CSLSetNameValue(lco, "ENCODING", "UTF-8");
    if (fmt == LC_OF_CSV) lco = CSLSetNameValue(lco, "WRITE_BOM", "YES"); /* Excel reads UTF-8 */
    if (is_csv(fmt)) {
        lco = CSLSetNameValue(lco, "CREATE_CSVT", "YES"); /* column types for QGIS */
        lco = CSLSetNameValue(lco, "STRING_QUOTING", "IF_NEEDED");
    }
    if (fmt == LC_OF_GEOJSON) {
        lco = CSLSetNameValue(lco, "RFC7946", "YES");
        lco = CSLSetNameValue(lco, "WRITE_BBOX", "YES");
    }
    return lco;
}

lc_status lc_io_write_layer(lc_ctx *ctx, GDALDatasetH ds, const lc_out_layer *L, char **lco,
                            bool dbf, bool gb, bool tx, const char *where)
{
    OGRSpatialReferenceH srs = NULL;
    if (L->srs_wkt && L->gtype != LC_G_NONE) {
        srs = OSRNewSpatialReference(NULL);
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
        if (OSRSetFromUserInput(srs, L->srs_wkt) != OGRERR_NONE) {
            OSRDestroySpatialReference(srs);
            return lc_fail(ctx, LC_ERR_CRS, "%s: layer %s: unusable CRS", where, L->name);
        }
    }
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, L->name, srs, ogr_gtype(L->gtype), lco);
    lc_status st = LC_OK;
    if (!lyr)
        st = lc_fail(ctx, LC_ERR_IO, "%s: cannot create layer %s: %s", where, L->name,
                     CPLGetLastErrorMsg());
    if (!st) st = create_fields(ctx, lyr, L->table, dbf, gb, where);
    tx = tx && !st && GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
    if (!st) st = write_rows(ctx, lyr, L, srs, gb, where);
    if (tx && GDALDatasetCommitTransaction(ds) != OGRERR_NONE && !st)
        st = lc_fail(ctx, LC_ERR_IO, "%s: cannot commit layer %s: %s", where, L->name,
                     CPLGetLastErrorMsg());
    if (srs) OSRDestroySpatialReference(srs);
    return st;
}

/* GDAL's GeoJSON writer does not report short writes (a full disk): a complete file ends
 * with the FeatureCollection's closing "]" and "}". */
static lc_status check_geojson_end(lc_ctx *ctx, const char *path)
{
    FILE *f = fopen(path, "rb");
    char tail[32] = "";
    size_t got = 0;
    if (f && fseek(f, -(long)(sizeof tail - 1), SEEK_END) != 0) rewind(f);
    if (f) got = fread(tail, 1, sizeof tail - 1, f);
    if (f) fclose(f);
    tail[got] = '\0';
    char *end = tail + got;
    while (end > tail && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\r')) end--;
    bool ok = end > tail && end[-1] == '}' && strchr(tail, ']');
    return ok ? LC_OK : lc_fail(ctx, LC_ERR_IO, "%s: the file is incomplete (disk full, or a "
                                "file size limit?)", path);
}

lc_status lc_io_write(lc_ctx *ctx, const char *path, lc_ofmt fmt, const lc_out_layer *layers,
                      size_t n)
{
    lc_io_register();
    GDALDriverH drv = GDALGetDriverByName(driver_name[fmt]);
    if (!drv) return lc_fail(ctx, LC_ERR_IO, "GDAL has no %s driver", driver_name[fmt]);
    lc_io_push_handler(ctx);
    CPLErrorReset();
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    lc_status st = LC_OK;
    if (!ds)
        st = lc_fail(ctx, LC_ERR_IO, "%s: cannot create: %s", path, CPLGetLastErrorMsg());
    for (size_t i = 0; !st && i < n; i++) {
        char **lco = layer_options(fmt);
        if (fmt == LC_OF_GPKG && layers[i].no_index) lco = CSLSetNameValue(lco, "SPATIAL_INDEX", "NO");
        st = lc_io_write_layer(ctx, ds, &layers[i], lco, fmt == LC_OF_SHP, fmt == LC_OF_CSV_GB18030,
                               fmt == LC_OF_GPKG, path);
        CSLDestroy(lco);
    }
    /* GDALClose flushes; a full disk shows up here, so check the error state after it. */
    if (ds) {
        CPLErrorReset();
        GDALClose(ds); /* returns void before GDAL 3.7 */
        if (CPLGetLastErrorType() >= CE_Failure && !st)
            st = lc_fail(ctx, LC_ERR_IO, "%s: error while closing: %s", path,
                         CPLGetLastErrorMsg());
    }
    CPLPopErrorHandler();
    if (!st && fmt == LC_OF_GEOJSON) st = check_geojson_end(ctx, path);
    return st;
}

lc_status lc_io_write_text(lc_ctx *ctx, const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) return lc_fail(ctx, LC_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    size_t n = strlen(text);
    bool ok = fwrite(text, 1, n, f) == n;
    ok = (fclose(f) == 0) && ok;
    if (!ok) return lc_fail(ctx, LC_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    return LC_OK;
}
