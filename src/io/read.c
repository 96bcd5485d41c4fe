/*
 * read.c — read one vector layer from any GDAL source into an lc_table.
 * OpenStreetMap files (GDAL's OSM driver) get a default layer per kind and, for
 * facilities, SQL that lifts the tags we map (amenity, social_facility, healthcare) out of
 * the `other_tags` hstore with OGR SQL's hstore_get_value(), so no tag parser is ours.
 * Tables: a CSV that is not UTF-8 is GB18030 (recoded by GDAL's CPLRecode into /vsimem/),
 * spreadsheets are read with their first row as the header, and a layer without geometry
 * gets its points from coordinate columns (coords.c) when the caller asks for them.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "io_internal.h"
#include "../core/msg.h"

const char *lc_io_gdal_version(void)
{
    return GDALVersionInfo("RELEASE_NAME");
}

static bool path_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

static GDALDatasetH open_quiet(const char *src)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(src, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    return ds;
}

/* Why `src` did not open: for a database connection GDAL's message (the server's), for a
 * file whether it exists. */
static lc_status open_failed(lc_ctx *ctx, const char *src, const char *shown)
{
    if (!strncmp(src, "PG:", 3))
        return lc_fail(ctx, LC_ERR_IO, "%s: cannot connect or no such table (SRC:SCHEMA.TABLE "
                       "or tables=SCHEMA.TABLE): %s", shown, CPLGetLastErrorMsg());
    return lc_fail(ctx, LC_ERR_IO, "%s: cannot open as a vector source%s", shown,
                   path_exists(src) ? _(" (format not recognised by GDAL)") : _(" (no such file)"));
}

/* Does `spec` read "PG:<connection>:<table>"? What follows its last ':' is a table name (no
 * '=', no space), not the end of a key word's value. */
static bool pg_with_table(const char *spec, const char *colon)
{
    return !strncmp(spec, "PG:", 3) && colon && colon > spec + 2 && colon[1] &&
           !strchr(colon, '=') && !strchr(colon, ' ');
}

/* "SRC:LAYER" is ambiguous with connection strings ("PG:dbname=x") and drive letters, so
 * the whole spec is tried first and split at the last ':' only when it does not open; a
 * "PG:...:TABLE" is split first (a server that trusts its clients would open the whole,
 * taking ":TABLE" as the end of the last value). Messages name a connection without its
 * password. */
static lc_status open_spec(lc_ctx *ctx, const char *spec, GDALDatasetH *out_ds,
                           char **out_layer)
{
    *out_layer = NULL;
    *out_ds = NULL;
    char *shown = lc_io_redact(spec), *src = lc_strdup(spec);
    lc_status st = shown && src ? LC_OK : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    const char *colon = strrchr(spec, ':');
    bool whole = path_exists(spec) || !colon, split_first = !whole && pg_with_table(spec, colon);
    if (!st && !split_first) {
        CPLErrorReset();
        *out_ds = open_quiet(spec);
    }
    if (!st && !*out_ds && whole) st = open_failed(ctx, spec, shown);
    if (!st && !*out_ds) {
        src[colon - spec] = '\0';
        char *shown_src = lc_io_redact(src);
        CPLErrorReset();
        *out_ds = open_quiet(src);
        if (!*out_ds && split_first) *out_ds = open_quiet(spec);
        else if (*out_ds && !(*out_layer = lc_strdup(colon + 1)))
            st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        if (!*out_ds) st = open_failed(ctx, src, shown_src ? shown_src : "?");
        lc_free(shown_src);
    }
    if (st && *out_ds) GDALClose(*out_ds);
    if (st) *out_ds = NULL;
    lc_free(shown);
    lc_free(src);
    return st;
}

static lc_ftype map_type(OGRFieldType t)
{
    switch (t) {
    case OFTInteger: return LC_FT_INT;
    case OFTInteger64: return LC_FT_INT64;
    case OFTReal: return LC_FT_REAL;
    case OFTDate: return LC_FT_DATE;
    case OFTDateTime: return LC_FT_DATETIME;
    default: return LC_FT_STRING;
    }
}

/* Map each OGR field to a table column, adding columns the table does not have yet
 * (several OSM layers go into one table). */
static lc_status map_fields(lc_table *t, OGRFeatureDefnH defn, size_t *colmap)
{
    int n = OGR_FD_GetFieldCount(defn);
    for (int i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        long idx = lc_table_field_index(t, OGR_Fld_GetNameRef(fd));
        if (idx < 0) {
            size_t c;
            if (lc_table_add_field(t, OGR_Fld_GetNameRef(fd), map_type(OGR_Fld_GetType(fd)),
                                   OGR_Fld_GetWidth(fd), OGR_Fld_GetPrecision(fd), &c))
                return LC_ERR_NOMEM;
            idx = (long)c;
        }
        colmap[i] = (size_t)idx;
    }
    return LC_OK;
}

static lc_status read_value(lc_table *t, size_t row, size_t col, OGRFeatureH f, int i)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, i)) return LC_OK;
    switch (t->fields[col].type) {
    case LC_FT_INT:
    case LC_FT_INT64:
        lc_table_set_int(t, row, col, OGR_F_GetFieldAsInteger64(f, i));
        return LC_OK;
    case LC_FT_REAL:
        lc_table_set_real(t, row, col, OGR_F_GetFieldAsDouble(f, i));
        return LC_OK;
    default:
        return lc_table_set_str(t, row, col, OGR_F_GetFieldAsString(f, i));
    }
}

/* Envelope centres of the features, for the layer's median centre. */
typedef struct {
    double *x, *y;
    size_t n, cap;
} centres;

/* Add g's envelope centre (empty or non-finite geometries do not count). */
static void add_centre(centres *c, OGRGeometryH g)
{
    if (OGR_G_IsEmpty(g)) return;
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    double x = 0.5 * (e.MinX + e.MaxX), y = 0.5 * (e.MinY + e.MaxY);
    if (!isfinite(x) || !isfinite(y)) return;
    size_t cap = c->cap;
    if (lc_grow((void **)&c->x, &cap, c->n + 1, sizeof(double)) ||
        lc_grow((void **)&c->y, &c->cap, c->n + 1, sizeof(double)))
        return; /* the centre is a hint: a short list still gives one */
    c->x[c->n] = x, c->y[c->n++] = y;
}

/* The per-axis median of the centres: a stray coordinate (1e300, a point at 0,0) does not
 * move it, as it would move an extent. */
static void median_centre(centres *c, double *out)
{
    out[0] = out[1] = NAN;
    if (c->n) {
        qsort(c->x, c->n, sizeof(double), lc_cmp_double);
        qsort(c->y, c->n, sizeof(double), lc_cmp_double);
        out[0] = c->x[c->n / 2], out[1] = c->y[c->n / 2];
    }
    lc_free(c->x), lc_free(c->y);
}

/* Does a ring of polygonal g not end where it starts? */
static bool has_open_ring(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            if (has_open_ring(OGR_G_GetGeometryRef(g, i))) return true;
        return false;
    }
    if (t != wkbPolygon) return false;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
        OGRGeometryH r = OGR_G_GetGeometryRef(g, i);
        int n = OGR_G_GetPointCount(r);
        if (n > 0 && (OGR_G_GetX(r, 0) != OGR_G_GetX(r, n - 1) || OGR_G_GetY(r, 0) != OGR_G_GetY(r, n - 1)))
            return true;
    }
    return false;
}

/* Export the feature's geometry as 2D ISO WKB with curves linearised; a polygon ring left
 * open by its writer is closed (first vertex repeated), with a warning naming the feature. */
static lc_status read_geometry(lc_ctx *ctx, const char *desc, lc_table *t, size_t row,
                               OGRFeatureH f, centres *ctr)
{
    OGRGeometryH g = OGR_F_StealGeometry(f);
    if (!g) return LC_OK;
    if (has_open_ring(g)) {
        OGR_G_CloseRings(g);
        lc_warn(ctx, "%s: feature %lld has a polygon ring that is not closed; closed it by "
                "repeating its first vertex", desc, (long long)t->fid[row]);
    }
    if (OGR_G_HasCurveGeometry(g, FALSE)) {
        OGRGeometryH lin = OGR_G_GetLinearGeometry(g, 0, NULL);
        OGR_G_DestroyGeometry(g);
        g = lin;
        if (!g) return LC_OK;
    }
    OGR_G_FlattenTo2D(g);
    add_centre(ctr, g);
    size_t len = OGR_G_WkbSizeEx(g);
    unsigned char *wkb = lc_malloc(len);
    if (!wkb) {
        OGR_G_DestroyGeometry(g);
        return LC_ERR_NOMEM;
    }
    OGRErr e = OGR_G_ExportToIsoWkb(g, wkbNDR, wkb);
    OGR_G_DestroyGeometry(g);
    if (e != OGRERR_NONE) {
        lc_free(wkb);
        return LC_OK; /* reported as a geometry-less feature by the caller */
    }
    lc_table_set_wkb(t, row, wkb, len);
    return LC_OK;
}

static lc_status read_layer(lc_ctx *ctx, OGRLayerH lyr, const char *desc, lc_table *t,
                            centres *ctr)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    size_t *colmap = lc_calloc((size_t)OGR_FD_GetFieldCount(defn) + 1, sizeof(size_t));
    if (!colmap || map_fields(t, defn, colmap)) {
        lc_free(colmap);
        return lc_fail(ctx, LC_ERR_NOMEM, "%s: out of memory", desc);
    }
    lc_status st = LC_OK;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    CPLErrorReset();
    while (!st && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        size_t row;
        if (CPLGetLastErrorType() >= CE_Failure) { /* e.g. a WKT that does not parse */
            lc_warn(ctx, "%s: feature %lld: GDAL could not read all of it (%s); its geometry "
                    "counts as missing", desc, (long long)OGR_F_GetFID(f), CPLGetLastErrorMsg());
            CPLErrorReset();
        }
        st = lc_table_add_row(t, OGR_F_GetFID(f), &row);
        for (int i = 0; !st && i < OGR_FD_GetFieldCount(defn); i++)
            st = read_value(t, row, colmap[i], f, i);
        if (!st) st = read_geometry(ctx, desc, t, row, f, ctr);
        OGR_F_Destroy(f);
    }
    lc_free(colmap);
    if (st) return lc_fail(ctx, st, "%s: out of memory while reading", desc);
    if (CPLGetLastErrorType() >= CE_Failure)
        return lc_fail(ctx, LC_ERR_IO, "%s: read error: %s", desc, CPLGetLastErrorMsg());
    return LC_OK;
}

static char *srs_wkt(OGRLayerH lyr)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    if (!srs) return NULL;
    char *wkt = NULL;
    const char *opts[] = {"FORMAT=WKT2_2019", NULL};
    if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE) {
        CPLFree(wkt);
        return NULL;
    }
    char *ours = lc_strdup(wkt);
    CPLFree(wkt);
    return ours;
}

static lc_status list_layers(lc_ctx *ctx, GDALDatasetH ds, const char *src, const char *want)
{
    char names[1024] = "";
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
        const char *n = OGR_L_GetName(GDALDatasetGetLayer(ds, i));
        if (strlen(names) + strlen(n) + 3 >= sizeof names) break;
        if (i) strcat(names, ", ");
        strcat(names, n);
    }
    return lc_fail(ctx, LC_ERR_FORMAT, "%s: no layer named '%s' (layers: %s)", src, want,
                   names[0] ? names : _("none"));
}

/* OSM facilities: tagged points and areas, with the tags we map lifted into columns, and
 * `capacity` (places) for capacity-aware access. */
static const char *const osm_facility_sql[] = {
    "SELECT osm_id, name, hstore_get_value(other_tags,'amenity') AS amenity, "
    "hstore_get_value(other_tags,'social_facility') AS social_facility, "
    "hstore_get_value(other_tags,'social_facility:for') AS social_for, "
    "hstore_get_value(other_tags,'healthcare') AS healthcare, "
    "hstore_get_value(other_tags,'capacity') AS capacity FROM points "
    "WHERE hstore_get_value(other_tags,'amenity') IS NOT NULL "
    "OR hstore_get_value(other_tags,'healthcare') IS NOT NULL",
    "SELECT osm_id, osm_way_id, name, amenity, "
    "hstore_get_value(other_tags,'social_facility') AS social_facility, "
    "hstore_get_value(other_tags,'social_facility:for') AS social_for, "
    "hstore_get_value(other_tags,'healthcare') AS healthcare, "
    "hstore_get_value(other_tags,'capacity') AS capacity FROM multipolygons "
    "WHERE amenity IS NOT NULL OR hstore_get_value(other_tags,'healthcare') IS NOT NULL",
    NULL,
};

/* OSM ways for the walking network, with the access tags the walkability rule reads. */
static const char *const osm_lines_sql[] = {
    "SELECT osm_id, name, highway, hstore_get_value(other_tags,'foot') AS foot, "
    "hstore_get_value(other_tags,'access') AS access, "
    "hstore_get_value(other_tags,'sidewalk') AS sidewalk FROM lines WHERE highway IS NOT NULL",
    NULL,
};

/* OSM barriers for bundling: motorways, trunk and primary roads, railways and rivers,
 * except where they run in a tunnel. */
static const char *const osm_barriers_sql[] = {
    "SELECT osm_id, name, highway, railway, waterway FROM lines WHERE "
    "(highway IN ('motorway','motorway_link','trunk','trunk_link','primary','primary_link') "
    "OR railway IN ('rail','light_rail','narrow_gauge','monorail') "
    "OR waterway IN ('river','canal')) "
    "AND (hstore_get_value(other_tags,'tunnel') IS NULL "
    "OR hstore_get_value(other_tags,'tunnel') = 'no')",
    NULL,
};

/* The name words of lc_io_read_facilities for the read under way on this thread. */
static _Thread_local const char *const *tl_words;
static _Thread_local size_t tl_nwords;

/* A facility query widened to the features whose name holds one of the name words: the
 * query, then OR (name LIKE '%w1%' OR ...) — on points not bus stops and the like, whose
 * names are places ("人民医院"). NULL: out of memory. */
static char *with_names(const char *sql, bool points)
{
    size_t len = strlen(sql) + 256;
    for (size_t i = 0; i < tl_nwords; i++) len += 2 * strlen(tl_words[i]) + 24;
    char *q = lc_malloc(len), *end = q;
    if (!q) return NULL;
    end += sprintf(end, "%s OR ((", sql);
    for (size_t i = 0; i < tl_nwords; i++) {
        end += sprintf(end, "%sname LIKE '%%", i ? " OR " : "");
        for (const char *c = tl_words[i]; *c; c++) { /* '' quotes a quote; no % or _ wildcards */
            if (*c == '%' || *c == '_') continue;
            if (*c == '\'') *end++ = '\'';
            *end++ = *c;
        }
        end += sprintf(end, "%%'");
    }
    sprintf(end, ")%s)", points ? " AND highway IS NULL AND "
                                  "hstore_get_value(other_tags,'railway') IS NULL AND "
                                  "hstore_get_value(other_tags,'public_transport') IS NULL" : "");
    return q;
}

static lc_status read_osm_sql(lc_ctx *ctx, GDALDatasetH ds, const char *src, const char *where,
                              const char *const *sql, lc_source_layer *out, centres *ctr)
{
    for (size_t i = 0; sql[i]; i++) {
        char *named = sql == osm_facility_sql && tl_nwords ? with_names(sql[i], i == 0) : NULL;
        if (sql == osm_facility_sql && tl_nwords && !named)
            return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        OGRLayerH lyr = GDALDatasetExecuteSQL(ds, named ? named : sql[i], NULL, "OGRSQL");
        lc_free(named);
        if (!lyr)
            return lc_fail(ctx, LC_ERR_FORMAT, "%s: OSM query failed: %s", src,
                           CPLGetLastErrorMsg());
        lc_status st = LC_OK;
        if (where && OGR_L_SetAttributeFilter(lyr, where) != OGRERR_NONE)
            st = lc_fail(ctx, LC_ERR_ARG, "%s: bad filter '%s': %s", src, where,
                         CPLGetLastErrorMsg());
        if (!st && !out->srs_wkt) out->srs_wkt = srs_wkt(lyr);
        if (!st) st = read_layer(ctx, lyr, out->desc, out->table, ctr);
        GDALDatasetReleaseResultSet(ds, lyr);
        if (st) return st;
    }
    return LC_OK;
}

static lc_gkind declared_kind(OGRLayerH lyr)
{
    switch (wkbFlatten(OGR_L_GetGeomType(lyr))) {
    case wkbPoint: case wkbMultiPoint: return LC_GK_POINT;
    case wkbLineString: case wkbMultiLineString: return LC_GK_LINE;
    case wkbPolygon: case wkbMultiPolygon: return LC_GK_POLYGON;
    case wkbNone: return LC_GK_NONE;
    default: return LC_GK_ANY;
    }
}

/* A Shapefile whose DBF names no encoding (no .cpg, no code page byte) is passed through
 * byte for byte; text that is not UTF-8 then is most likely GBK: say so, and how to read it. */
static void check_shapefile_text(lc_ctx *ctx, OGRLayerH lyr, const lc_source_layer *out)
{
    const char *enc = GDALGetMetadataItem((GDALMajorObjectH)lyr, "SOURCE_ENCODING", "SHAPEFILE");
    if (!enc || *enc) return;
    const lc_table *t = out->table;
    for (size_t f = 0; f < t->nfields; f++)
        for (size_t r = 0; r < t->nrows; r++) {
            const lc_value *v = &t->fields[f].col[r];
            if (v->kind != LC_VAL_STR || CPLIsUTF8(v->u.s, -1)) continue;
            lc_warn(ctx, "%s: feature %lld field '%s' is not UTF-8 text and the Shapefile names "
                    "no encoding (no .cpg file, no code page in the .dbf); if it was made in China "
                    "it is probably GBK: run again with --encoding GBK (or SHAPE_ENCODING=CP936), "
                    "or add a .cpg file saying 936", out->desc, (long long)t->fid[r],
                    t->fields[f].name);
            return;
        }
}

/* The layer to read: the named one, OSM's layer for the kind, or the first (with a
 * warning when there are several and `warn`). */
static lc_status choose_layer(lc_ctx *ctx, GDALDatasetH ds, const char *src, const char *lname,
                              lc_io_kind kind, bool warn, OGRLayerH *out)
{
    bool osm = strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "OSM") == 0;
    if (osm && !lname) lname = kind == LC_IO_POINTS ? "points" : "multipolygons";
    OGRLayerH lyr = lname ? GDALDatasetGetLayerByName(ds, lname) : GDALDatasetGetLayer(ds, 0);
    if (!lyr && lname) return list_layers(ctx, ds, src, lname);
    if (!lyr) return lc_fail(ctx, LC_ERR_FORMAT, "%s: the source has no layer", src);
    if (warn && !lname && GDALDatasetGetLayerCount(ds) > 1)
        lc_warn(ctx, "%s: the source has %d layers; using the first, '%s' (pick one with "
                "SRC:LAYER)", src, GDALDatasetGetLayerCount(ds), OGR_L_GetName(lyr));
    *out = lyr;
    return LC_OK;
}

/* The filter of an estate layer: the caller's, or for OSM's multipolygons layer without one,
 * the residential areas (an extract's multipolygons are buildings, parks, regions too). */
static const char *estates_where(GDALDatasetH ds, OGRLayerH lyr, lc_io_kind kind,
                                 const char *where)
{
    if (kind == LC_IO_ESTATES && !where && !strcmp(OGR_L_GetName(lyr), "multipolygons") &&
        !strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "OSM"))
        return LC_OSM_ESTATES_WHERE;
    return where;
}

static lc_status read_from(lc_ctx *ctx, GDALDatasetH ds, const char *src, const char *lname,
                           const char *where, lc_io_kind kind, lc_source_layer *out,
                           centres *ctr)
{
    out->is_osm = strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "OSM") == 0;
    if (out->is_osm && !lname && kind != LC_IO_ESTATES && kind != LC_IO_POINTS &&
        kind != LC_IO_ATTRIBUTES) {
        static const char *const names[] = {"", "points+multipolygons", "lines", "", "lines"};
        static const char *const *const sql[] = {NULL, osm_facility_sql, osm_lines_sql, NULL,
                                                 osm_barriers_sql};
        out->desc = lc_asprintf("%s:%s", src, names[kind]);
        if (!out->desc) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
        return read_osm_sql(ctx, ds, src, where, sql[kind], out, ctr);
    }
    OGRLayerH lyr = NULL;
    lc_status st = choose_layer(ctx, ds, src, lname, kind, true, &lyr);
    if (st) return st;
    out->desc = lc_asprintf("%s:%s", src, OGR_L_GetName(lyr));
    if (!out->desc) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    const char *given = where;
    where = estates_where(ds, lyr, kind, where);
    out->osm_residential = where != given;
    if (where && OGR_L_SetAttributeFilter(lyr, where) != OGRERR_NONE)
        return lc_fail(ctx, LC_ERR_ARG, "%s: bad filter '%s': %s", out->desc, where,
                       CPLGetLastErrorMsg());
    out->srs_wkt = srs_wkt(lyr);
    out->declared = declared_kind(lyr);
    const char *no_geometry[] = {"OGR_GEOMETRY", NULL};
    if (kind == LC_IO_ATTRIBUTES && OGR_L_SetIgnoredFields(lyr, no_geometry) != OGRERR_NONE)
        return lc_fail(ctx, LC_ERR_IO, "%s: cannot leave the geometry unread", out->desc);
    st = read_layer(ctx, lyr, out->desc, out->table, ctr);
    if (!st) check_shapefile_text(ctx, lyr, out);
    return st;
}

static const char *driver_of(GDALDatasetH ds)
{
    return GDALGetDriverShortName(GDALGetDatasetDriver(ds));
}

/* After reading: a table's points from its coordinate columns, rows named as a spreadsheet
 * shows them (a CSV's first record is row 2, a sheet's feature ids are its row numbers). */
static lc_status table_points(lc_ctx *ctx, GDALDatasetH ds, const lc_xy_spec *xy,
                              lc_source_layer *l)
{
    if (l->declared != LC_GK_NONE) {
        if (xy->cols && xy->ncols)
            lc_warn(ctx, "%s: the layer has geometry; --%s-xy is ignored", l->desc, xy->input);
        return LC_OK;
    }
    const char *drv = driver_of(ds);
    bool csv = !strcmp(drv, "CSV"), sheet = !strcmp(drv, "XLSX") || !strcmp(drv, "ODS");
    l->by_row = csv || sheet;
    l->row_base = csv ? 1 : 0;
    return lc_io_table_points(ctx, l, xy);
}

/* Read the chosen layer of an open dataset (shown as `shown_src` in messages, NULL: its
 * description); takes ownership of ds and lname. */
static lc_status read_spec(lc_ctx *ctx, GDALDatasetH ds, char *lname, const char *shown_src,
                           const char *where, lc_io_kind kind, const lc_xy_spec *xy,
                           lc_source_layer **out)
{
    lc_status st;
    lc_source_layer *l = lc_calloc(1, sizeof *l);
    if (l) l->centre[0] = l->centre[1] = NAN;
    if (!l || !(l->table = lc_table_create())) {
        lc_free(l);
        lc_free(lname);
        GDALClose(ds);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    CPLErrorReset();
    /* a connection's password stays out */
    char *src = lc_io_redact(shown_src ? shown_src : GDALGetDescription(ds));
    centres ctr = {0};
    st = src ? read_from(ctx, ds, src, lname, where, kind, l, &ctr)
             : lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    median_centre(&ctr, l->centre);
    if (!st && xy) st = table_points(ctx, ds, xy, l);
    lc_free(src);
    lc_free(lname);
    GDALClose(ds);
    if (st) {
        lc_source_layer_destroy(l);
        return st;
    }
    *out = l;
    return LC_OK;
}

/* ---- tables: encoding and header rows ------------------------------------------------ */

/* Is the file at `path` UTF-8 (ASCII included)? Read in blocks, a sequence cut at a block's
 * end carried over. A file that cannot be read counts as UTF-8: GDAL read it already. */
static bool file_is_utf8(const char *path)
{
    enum { BLOCK = 1 << 16 };
    VSILFILE *f = VSIFOpenL(path, "rb");
    if (!f) return true;
    char *buf = lc_malloc(BLOCK + 4);
    bool ok = buf != NULL;
    size_t carry = 0, n;
    while (ok && (n = VSIFReadL(buf + carry, 1, BLOCK, f)) > 0) {
        n += carry;
        size_t end = n, i = n;
        while (i > 0 && n - i < 3 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80) i--;
        if (i > 0) {
            unsigned char lead = (unsigned char)buf[i - 1];
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (n - (i - 1) < need) end = i - 1;
        }
        ok = CPLIsUTF8(buf, (int)end) != 0;
        carry = n - end;
        memmove(buf, buf + end, carry);
    }
    ok = ok && !carry; /* a sequence cut by the end of the file */
    lc_free(buf);
    VSIFCloseL(f);
    return ok;
}

/* Copy `path` recoded from GB18030 to UTF-8 (a byte-order mark dropped) to `dst` in /vsimem/;
 * GDAL owns the copy. */
static bool recode_file(const char *path, const char *dst)
{
    GByte *data = NULL;
    vsi_l_offset len = 0;
    if (!VSIIngestFile(NULL, path, &data, &len, INT_MAX)) return false;
    const char *text = (const char *)data;
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) text += 3;
    char *utf8 = CPLRecode(text, "GB18030", CPL_ENC_UTF8);
    VSIFree(data);
    VSILFILE *f = utf8 ? VSIFileFromMemBuffer(dst, (GByte *)utf8, strlen(utf8), TRUE) : NULL;
    if (!f) {
        CPLFree(utf8);
        return false;
    }
    VSIFCloseL(f);
    return true;
}

/* A CSV file that is not UTF-8 is GB18030 (GBK and GB2312 are parts of it: what Excel saves
 * on a Chinese Windows machine): reopen it from a recoded copy in /vsimem/ (its .csvt and
 * .prj copied beside it), named as the file so the layer keeps its name. *memdir: the copy's
 * directory, to remove after closing (NULL: not recoded). */
static lc_status recode_csv(lc_ctx *ctx, GDALDatasetH *ds, const char *shown, char **memdir)
{
    static _Thread_local unsigned serial;
    *memdir = NULL;
    const char *path = GDALGetDescription(*ds);
    if (strcmp(driver_of(*ds), "CSV") || file_is_utf8(path)) return LC_OK;
    char *dir = lc_asprintf("/vsimem/lifecircle-%p-%u", (void *)ctx, serial++);
    char *dst = dir ? lc_asprintf("%s/%s", dir, CPLGetFilename(path)) : NULL;
    bool ok = dst && recode_file(path, dst);
    for (int i = 0; ok && i < 2; i++) {
        const char *ext = i ? "prj" : "csvt";
        char *side = lc_strdup(CPLResetExtension(path, ext));
        if (side && path_exists(side)) {
            GByte *data = NULL;
            vsi_l_offset len = 0;
            if (VSIIngestFile(NULL, side, &data, &len, 1 << 20))
                VSIFCloseL(VSIFileFromMemBuffer(CPLResetExtension(dst, ext), data, len, TRUE));
        }
        lc_free(side);
    }
    const char *const csv[] = {"CSV", NULL};
    GDALDatasetH re = ok ? GDALOpenEx(dst, GDAL_OF_VECTOR | GDAL_OF_READONLY, csv, NULL, NULL)
                         : NULL;
    lc_free(dst);
    if (!re) {
        if (dir) VSIRmdirRecursive(dir);
        lc_free(dir);
        return lc_fail(ctx, LC_ERR_IO, "%s: not UTF-8, and it cannot be read as GB18030 (GBK): "
                       "%s", shown, CPLGetLastErrorMsg());
    }
    lc_note(ctx, "%s: not UTF-8 text: read as GB18030 (GBK)", shown);
    GDALClose(*ds);
    *ds = re;
    *memdir = dir;
    return LC_OK;
}

/* Spreadsheets are read with their first row as the header: GDAL's XLSX and ODS drivers
 * otherwise guess it (a first row of text over a row with a number) and take a sheet of
 * text cells as headerless. Thread-local, for one read; the user's own setting stands. */
typedef struct {
    bool set[2];
} sheet_headers;

static const char *const header_keys[2] = {"OGR_XLSX_HEADERS", "OGR_ODS_HEADERS"};

static void headers_begin(sheet_headers *h)
{
    for (int i = 0; i < 2; i++)
        if ((h->set[i] = CPLGetConfigOption(header_keys[i], NULL) == NULL))
            CPLSetThreadLocalConfigOption(header_keys[i], "FORCE");
}

static void headers_end(const sheet_headers *h)
{
    for (int i = 0; i < 2; i++)
        if (h->set[i]) CPLSetThreadLocalConfigOption(header_keys[i], NULL);
}

/* open_spec, then a CSV that is not UTF-8 recoded (recode_csv); *shown: the source as
 * messages name it (the file, not its recoded copy). */
static lc_status open_input(lc_ctx *ctx, const char *spec, GDALDatasetH *ds, char **lname,
                            char **memdir, char **shown)
{
    *memdir = *shown = NULL;
    lc_status st = open_spec(ctx, spec, ds, lname);
    if (!st && !(*shown = lc_strdup(GDALGetDescription(*ds))))
        st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (!st) st = recode_csv(ctx, ds, *shown, memdir);
    if (st && *ds) GDALClose(*ds);
    if (st) {
        lc_free(*lname);
        lc_free(*shown);
        *ds = NULL, *lname = *shown = NULL;
    }
    return st;
}

/* The recoded copy of a table, when there is one. */
static void drop_copy(char *memdir)
{
    if (memdir) VSIRmdirRecursive(memdir);
    lc_free(memdir);
}

lc_status lc_io_read_xy(lc_ctx *ctx, const char *spec, const char *where, lc_io_kind kind,
                        const lc_xy_spec *xy, lc_source_layer **out)
{
    lc_io_register();
    *out = NULL;
    GDALDatasetH ds;
    char *lname, *memdir, *shown;
    sheet_headers h;
    headers_begin(&h);
    lc_io_push_handler(ctx);
    lc_status st = open_input(ctx, spec, &ds, &lname, &memdir, &shown);
    if (!st) st = read_spec(ctx, ds, lname, shown, where, kind, xy, out);
    CPLPopErrorHandler();
    headers_end(&h);
    drop_copy(memdir);
    lc_free(shown);
    return st;
}

lc_status lc_io_read(lc_ctx *ctx, const char *spec, const char *where, lc_io_kind kind,
                     lc_source_layer **out)
{
    return lc_io_read_xy(ctx, spec, where, kind, NULL, out);
}

/* The layer's field names (borrowed from its definition), NULL when out of memory. */
static const char **field_names(OGRLayerH lyr, size_t *n)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    *n = (size_t)OGR_FD_GetFieldCount(defn);
    const char **names = lc_calloc(*n + 1, sizeof *names);
    for (size_t i = 0; names && i < *n; i++)
        names[i] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, (int)i));
    return names;
}

/* "a, b, c" of the names (at most about `cap` bytes, then "..."). */
static void join_names(char *buf, size_t cap, const char *const *names, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && at + 8 < cap; i++) {
        int k = snprintf(buf + at, cap - at, "%s%s", i ? ", " : "", names[i]);
        if (k < 0 || (size_t)k >= cap - at - 4) {
            snprintf(buf + at, cap - at, "%s...", i ? ", " : "");
            return;
        }
        at += (size_t)k;
    }
}

/* A filter GDAL rejected: its message, then what the expression may name. */
static lc_status bad_filter(lc_ctx *ctx, const char *src, OGRLayerH lyr, const char *filter,
                            const char *const *fields, size_t nfields, const lc_io_alias *al,
                            size_t nal)
{
    char why[512], have[1024], roles[1024] = "", one[256];
    snprintf(why, sizeof why, "%s", CPLGetLastErrorMsg());
    size_t wl = strlen(why);
    if (wl && why[wl - 1] == '.') why[wl - 1] = '\0'; /* GDAL's sentence goes on in ours */
    join_names(have, sizeof have, fields, nfields);
    size_t at = 0;
    for (size_t a = 0; a < nal; a++) {
        bool there = false;
        for (size_t f = 0; f < nfields && !there; f++) there = !strcmp(fields[f], al[a].field);
        if (!there || !strcmp(al[a].name, al[a].field)) continue; /* a field: listed above */
        snprintf(one, sizeof one, "%s (%s)", al[a].name, al[a].field);
        int k = snprintf(roles + at, sizeof roles - at, "%s%s", at ? ", " : "", one);
        if (k > 0 && (size_t)k < sizeof roles - at) at += (size_t)k;
    }
    return lc_fail(ctx, LC_ERR_ARG, "%s:%s: bad filter '%s': %s; the layer's fields: %s; roles "
                   "the filter may name instead (another with --field ROLE=FIELD): %s", src,
                   OGR_L_GetName(lyr), filter, why, have[0] ? have : "-", roles[0] ? roles : "-");
}

/* `filter` with the aliases' names read as their fields (*out NULL: as it is), said once. */
static lc_status alias_filter(lc_ctx *ctx, const char *src, OGRLayerH lyr, const char *filter,
                              const char *const *fields, size_t nfields, const lc_io_alias *al,
                              size_t nal, char **out)
{
    if (lc_io_filter_aliases(filter, fields, nfields, al, nal, out))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (*out)
        lc_note(ctx, "%s:%s: filter '%s' read as '%s' (role names stand for the fields that "
                "hold them)", src, OGR_L_GetName(lyr), filter, *out);
    return LC_OK;
}

lc_status lc_io_read_facilities(lc_ctx *ctx, const char *spec, const char *where,
                                const char *const *names, size_t nnames, const lc_xy_spec *xy,
                                lc_source_layer **out)
{
    tl_words = names, tl_nwords = names ? nnames : 0;
    lc_status st = lc_io_read_xy(ctx, spec, where, LC_IO_FACILITIES, xy, out);
    tl_words = NULL, tl_nwords = 0;
    return st;
}

static lc_status select_fids(lc_ctx *ctx, GDALDatasetH ds, const char *src, const char *lname,
                             lc_io_kind kind, const char *where, const char *filter,
                             const lc_io_alias *al, size_t nal, int64_t **out, size_t *nout)
{
    OGRLayerH lyr = NULL;
    lc_status st = choose_layer(ctx, ds, src, lname, kind, false, &lyr);
    if (st) return st;
    where = estates_where(ds, lyr, kind, where);
    size_t nfields;
    const char **fields = field_names(lyr, &nfields);
    char *aliased = NULL, *expr = NULL;
    if (!fields) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    st = alias_filter(ctx, src, lyr, filter, fields, nfields, al, nal, &aliased);
    const char *fl = aliased ? aliased : filter;
    if (!st) expr = where && *where ? lc_asprintf("(%s) AND (%s)", where, fl) : lc_strdup(fl);
    if (!st && !expr) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (!st && OGR_L_SetAttributeFilter(lyr, expr) != OGRERR_NONE)
        st = bad_filter(ctx, src, lyr, filter, fields, nfields, al, nal);
    lc_free(expr), lc_free(aliased), lc_free(fields);
    if (st) return st;
    OGR_L_SetIgnoredFields(lyr, (const char *[]){"OGR_GEOMETRY", NULL});
    size_t cap = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while (!st && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (lc_grow((void **)out, &cap, *nout + 1, sizeof **out)) st = LC_ERR_NOMEM;
        else (*out)[(*nout)++] = OGR_F_GetFID(f);
        OGR_F_Destroy(f);
    }
    if (st) return lc_fail(ctx, st, "out of memory");
    if (CPLGetLastErrorType() >= CE_Failure)
        return lc_fail(ctx, LC_ERR_ARG, "%s:%s: filter '%s' failed: %s", src, OGR_L_GetName(lyr),
                       filter, CPLGetLastErrorMsg());
    if (*nout) qsort(*out, *nout, sizeof **out, lc_cmp_i64);
    return LC_OK;
}

lc_status lc_io_select_fids(lc_ctx *ctx, const char *spec, lc_io_kind kind, const char *where,
                            const char *filter, const lc_io_alias *aliases, size_t naliases,
                            int64_t **out, size_t *nout)
{
    lc_io_register();
    *out = NULL;
    *nout = 0;
    GDALDatasetH ds;
    char *lname, *memdir, *shown;
    sheet_headers h;
    headers_begin(&h);
    lc_io_push_handler(ctx);
    CPLErrorReset();
    lc_status st = open_input(ctx, spec, &ds, &lname, &memdir, &shown);
    if (!st) {
        st = select_fids(ctx, ds, shown, lname, kind, where, filter, aliases, naliases, out,
                         nout);
        lc_free(lname);
        GDALClose(ds);
    }
    CPLPopErrorHandler();
    headers_end(&h);
    drop_copy(memdir);
    lc_free(shown);
    if (st) {
        lc_free(*out);
        *out = NULL, *nout = 0;
    }
    return st;
}

void lc_source_layer_destroy(lc_source_layer *l)
{
    if (!l) return;
    for (size_t r = 0; l->row_why && l->table && r < l->table->nrows; r++)
        lc_free(l->row_why[r]);
    lc_free(l->row_why);
    lc_free(l->datum_why);
    lc_table_destroy(l->table);
    lc_free(l->desc);
    lc_free(l->srs_wkt);
    lc_free(l);
}
