/*
 * io.h — all vector I/O, through GDAL/OGR only. Reads any source GDAL opens into an
 * lc_table (attributes + WKB, source CRS as WKT) and writes lc_tables to GeoPackage,
 * Shapefile, GeoJSON (RFC 7946) and CSV. Output directories are filled atomically:
 * files go to a hidden staging directory and are renamed into place on commit.
 */
#ifndef LC_IO_H
#define LC_IO_H

#include "../core/table.h"

/** What is being read: OpenStreetMap sources get a kind-specific layer choice and SQL. */
typedef enum lc_io_kind {
    LC_IO_ESTATES = 0, LC_IO_FACILITIES, LC_IO_LINES, LC_IO_POINTS,
    LC_IO_BARRIERS, /* OSM: major roads, railways and rivers from the lines layer */
    LC_IO_ATTRIBUTES /* the attributes only, geometry left unread (GDAL's ignored fields):
                        a comparison's scenario folders, whose geometry is the baseline's */
} lc_io_kind;

/** A layer's declared kind of geometry. */
typedef enum lc_gkind { LC_GK_ANY = 0, LC_GK_POINT, LC_GK_LINE, LC_GK_POLYGON, LC_GK_NONE } lc_gkind;

/** A layer read from a source. Owns everything. */
typedef struct lc_source_layer {
    char *desc;        /* "path:layer", for messages */
    char *srs_wkt;     /* layer CRS as WKT2, NULL when the layer has none */
    bool is_osm;       /* read through GDAL's OSM driver */
    lc_table *table;   /* rows = features (all of them, null geometries included) */
    double centre[2];  /* per-axis median of the features' envelope centres, in the layer's
                          CRS (robust to stray coordinates); NAN when no geometry is usable */
    lc_gkind declared; /* the geometry type the layer declares (LC_GK_ANY: mixed/unknown) */
    bool osm_residential; /* estates of an OSM file read with LC_OSM_ESTATES_WHERE, as no
                             filter was given */
    /* a table (a layer without geometry) whose points lc_io_read_xy built from its
     * coordinate columns (io/coords.c); all unset otherwise */
    bool xy;              /* the points come from columns; `declared` is then LC_GK_POINT */
    bool degrees;         /* ... read as degrees (no CRS given, or a geographic one) */
    const char *datum;    /* the datum a column's name gives: "WGS84", "GCJ02", "BD09"
                             (static text); NULL: none named */
    char *datum_why;      /* "column 'lng_gcj02' names GCJ-02" when datum is set */
    char **row_why;       /* per row, why it has no point ("has 'abc' in column '经度': not
                             a number"), NULL where it has one; NULL: no table */
    bool by_row;          /* a CSV or spreadsheet: messages name the row as a spreadsheet
                             shows it (header row 1), fid + row_base */
    int64_t row_base;
} lc_source_layer;

/** The filter of the estates of an OpenStreetMap file (layer multipolygons) when none is
 *  given: the residential areas. */
#define LC_OSM_ESTATES_WHERE "landuse='residential'"

/**
 * Open `spec` ("SRC" or "SRC:LAYER"; SRC may be a file or a connection string such as
 * "PG:dbname=x") and read every feature passing `where` (OGR SQL, may be NULL; NULL for the
 * estates of an OSM file is LC_OSM_ESTATES_WHERE, "" is no filter).
 * Geometries are exported as ISO WKB. LC_ERR_IO names the source when it cannot be
 * opened, LC_ERR_FORMAT when the layer does not exist (listing the layers there are).
 */
lc_status lc_io_read(lc_ctx *ctx, const char *spec, const char *where, lc_io_kind kind,
                     lc_source_layer **out);

/** How a table (a layer without geometry: a CSV without WKT, an XLSX/ODS sheet, a database
 *  table) becomes points. All borrowed. */
typedef struct lc_xy_spec {
    const char *input;       /* "facilities": names the *_xy and *_srs flags in messages */
    const char *const *cols; /* the *_xy setting: one column of "lng,lat" text, or two
                                (longitude, latitude); NULL: recognised by name */
    size_t ncols;
    const char *srs;         /* the *_srs setting, NULL: none. None, GCJ02/BD09 or a geographic
                                CRS: degrees (|lon| <= 180, |lat| <= 90 checked); a projected
                                CRS: numbers in its units */
    bool srs_shared;         /* srs is the s_srs setting, given for all inputs */
} lc_xy_spec;

/**
 * lc_io_read, and when the layer has no geometry and `xy` is given, points from the table's
 * coordinate columns (user guide, Tables with coordinates): recognised by name (经度/纬度,
 * lng/lat, lon/lat, long/lat, longitude/latitude, x/y, any case, blanks ignored, a datum in
 * the name such as lng_gcj02; or one "lng,lat" column: location, 坐标, 经纬度) or named by
 * xy->cols. Rows without usable coordinates keep no geometry and say why in row_why. A CSV
 * that is not UTF-8 is read as GB18030 (GBK); XLSX and ODS sheets are read with their first
 * row as the header. LC_ERR_FORMAT naming the columns looked for and those found when the
 * table has no coordinate columns or no row is usable (latitude and longitude swapped
 * throughout, projected numbers without a CRS).
 */
lc_status lc_io_read_xy(lc_ctx *ctx, const char *spec, const char *where, lc_io_kind kind,
                        const lc_xy_spec *xy, lc_source_layer **out);
void lc_source_layer_destroy(lc_source_layer *l);

/** Is `spec` no file path: a GDAL virtual path (/vsizip/..., /vsimem/...), a URL
 *  (https://...) or the connection string of a GDAL vector driver (its connection prefix:
 *  "PG:", "MySQL:", "WFS:", ...)? Such a spec is neither checked as a file nor taken as
 *  relative to anything. A drive letter ("C:") is no prefix. */
bool lc_io_spec_is_virtual(const char *spec);
/** Does `path` exist (GDAL's VSIStatL, so /vsi paths too)? A spec with ":LAYER" does not:
 *  lc_io_read tries the whole spec first and splits at its last ':' only when the whole
 *  does not open (read.c), and a checker does the same with this. */
bool lc_io_path_exists(const char *path);
/** lc_io_read of facilities: of an OpenStreetMap file also the points and areas whose `name`
 *  contains one of the `nnames` terms `names` (the name rule's search terms; a planned
 *  kindergarten is landuse=construction, a kindergarten may be an amenity=school), points on
 *  highways, railways and public transport (stops named after a hospital) excepted. Other
 *  sources: as lc_io_read_xy with `xy` (a table's points). */
lc_status lc_io_read_facilities(lc_ctx *ctx, const char *spec, const char *where,
                                const char *const *names, size_t nnames, const lc_xy_spec *xy,
                                lc_source_layer **out);

/** Another name a filter may use for a field of the layer: a role ("build_year") and the
 *  field that holds it ("建成年份"). */
typedef struct lc_io_alias {
    const char *name, *field;
} lc_io_alias;

/** The feature ids of the layer lc_io_read would read for `spec` and `kind` that pass
 *  both `where` and `filter` (OGR SQL WHERE expressions evaluated by GDAL; `where` may be
 *  NULL), sorted. In `filter` an alias's name stands for its field where the layer has no
 *  field of that name (lc_io_filter_aliases; said in a note). LC_ERR_ARG naming the layer,
 *  its fields and the aliases usable when GDAL rejects the expression. */
lc_status lc_io_select_fids(lc_ctx *ctx, const char *spec, lc_io_kind kind, const char *where,
                            const char *filter, const lc_io_alias *aliases, size_t naliases,
                            int64_t **out, size_t *nout);

/** `expr`, an OGR SQL WHERE expression, with each identifier (bare or double-quoted) that
 *  is no field of `fields` (compared ignoring ASCII case, as GDAL does) but the name of an
 *  alias whose field is among them, replaced by that field, double-quoted. String literals,
 *  numbers, qualified names (a.b) and function names stay as they are, so an expression
 *  that names fields only keeps its meaning. *out (lc_free) is NULL when nothing was
 *  replaced; LC_ERR_NOMEM. */
lc_status lc_io_filter_aliases(const char *expr, const char *const *fields, size_t nfields,
                               const lc_io_alias *aliases, size_t naliases, char **out);

/** Bytes of a DBF field name. */
#define LC_DBF_NAME_MAX 10

/** The names t's fields get in a Shapefile's DBF, in field order: GDAL's laundering (the
 *  first 10 bytes, trailing blanks dropped, ':' as '_'; a name already taken, whatever its
 *  case, becomes its first 8 bytes and _1 .. _9, then 10 .. 99) with every cut on a UTF-8
 *  character boundary, so an ASCII name comes out as GDAL would make it and 建成年份 as
 *  建成年 (9 bytes) instead of GDAL's 建成年 and a broken byte. `out` holds t->nfields
 *  names. LC_ERR_DATA when 100 names share a stem (GDAL fails there too). */
lc_status lc_io_dbf_names(const lc_table *t, char (*out)[LC_DBF_NAME_MAX + 1]);

/** Geometry type of an output layer. */
typedef enum lc_gtype { LC_G_NONE = 0, LC_G_POINT, LC_G_LINESTRING, LC_G_MULTILINESTRING,
                        LC_G_MULTIPOLYGON } lc_gtype;

/** One layer to write; all borrowed. */
typedef struct lc_out_layer {
    const char *name;
    const lc_table *table;
    lc_gtype gtype;
    const char *srs_wkt; /* CRS of the WKB coordinates */
    bool no_index;       /* GeoPackage: no spatial index — for a few big features (the service
                            areas), whose index GDAL 3.6 builds by reading every geometry back:
                            a third of a GeoPackage's writing, for an index of a dozen rows */
} lc_out_layer;

/** Output formats. CSV comes in three encodings: UTF-8 after a byte-order mark (EF BB BF,
 *  so that Excel reads it as UTF-8), UTF-8 without one, and GB18030 (GBK's bytes for every
 *  character GBK has, as Excel on a Chinese Windows machine reads a file without the mark;
 *  4 bytes for the others). */
typedef enum lc_ofmt { LC_OF_GPKG = 0, LC_OF_SHP, LC_OF_GEOJSON, LC_OF_CSV, LC_OF_FGB,
                       LC_OF_CSV_UTF8, LC_OF_CSV_GB18030 } lc_ofmt;

/** Write `n` layers to one file (GPKG may hold several; the others exactly one).
 *  GeoJSON is written as RFC 7946 (reprojected by GDAL to WGS84 lon/lat); Shapefiles
 *  get a .prj and a .cpg saying UTF-8; FlatGeobuf keeps the layer's CRS and gets its
 *  packed R-tree. Thread-safe: calls on distinct paths may run side by side. */
lc_status lc_io_write(lc_ctx *ctx, const char *path, lc_ofmt fmt, const lc_out_layer *layers,
                      size_t n);

/** Write `text` to a new file at `path` (a staged output: QML, project, report). */
lc_status lc_io_write_text(lc_ctx *ctx, const char *path, const char *text);

/** Text encoding of Shapefile DBFs that say none (no .cpg, no code page byte), e.g. "GBK"
 *  or "CP936": GDAL's SHAPE_ENCODING for reads on this thread; NULL: GDAL's default. */
void lc_io_set_encoding(const char *encoding);

/** GDAL's release name, e.g. "3.6.2". */
const char *lc_io_gdal_version(void);

/* ---- PostGIS ------------------------------------------------------------------------ */

/** Where lc_io_write_db writes; all borrowed. */
typedef struct lc_db_target {
    const char *conninfo;        /* "PG:dbname=... host=... user=..." */
    const char *schema;          /* created when missing */
    const char *const *replace;  /* tables of the schema dropped first (every layer name a run
                                    may write, so an older run's layers do not linger) */
    size_t nreplace;
    const lc_table *styles;      /* rows of QGIS's layer_styles (f_table_name, styleName,
                                    styleQML, useAsDefault, description), NULL: none */
} lc_db_target;

/**
 * Write `n` layers as tables of `db->schema` (geometry column `geom`, key `fid`, GiST index,
 * field names as they are) and their styles into public.layer_styles (created with QGIS's
 * definition when missing; the schema's older rows for the replaced tables deleted), all in
 * one transaction: on any error it is rolled back and the database is as it was. Messages
 * name the connection without its password, and the layer. LC_ERR_ARG when `conninfo` is
 * not a "PG:" connection string, LC_ERR_IO otherwise.
 */
lc_status lc_io_write_db(lc_ctx *ctx, const lc_db_target *db, const lc_out_layer *layers,
                         size_t n);

/** `conninfo` with the value of any password (key word `password=`, or the one in a
 *  postgresql:// URI) replaced by "***", for messages and the run record; the caller frees
 *  it (lc_free). NULL: out of memory. */
char *lc_io_redact(const char *conninfo);

/* ---- atomic output directory ------------------------------------------------------ */

typedef struct lc_outdir lc_outdir;

/** Create `dir` if needed (LC_ERR_ARG when it is an existing non-directory) and a fresh
 *  staging directory inside it. */
lc_status lc_outdir_begin(lc_ctx *ctx, const char *dir, lc_outdir **out);
/** Path of `name` inside the staging directory (borrowed, valid until the next call). */
const char *lc_outdir_path(lc_outdir *od, const char *name);
/** Rename every staged file into `dir` (replacing older files) and remove the staging dir. */
lc_status lc_outdir_commit(lc_ctx *ctx, lc_outdir *od);
/** Remove the staging directory and whatever is in it (also after commit), and the output
 *  directory itself when this run created it and did not commit; frees od. */
void lc_outdir_destroy(lc_outdir *od);

#endif
