/*
 * coords.c — points from the coordinate columns of a table: a layer without geometry (a CSV
 * without WKT, an XLSX or ODS sheet, a database table). The columns are recognised by name
 * or named by the *_xy setting; a datum in a name (lng_gcj02, bd09_lat) becomes the layer's
 * datum hint for the model; every row gets a point or the reason it has none, which the
 * model reports when it skips the row. GDAL parses the files: this reads the values it gave.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "io_internal.h"
#include "../core/msg.h"

/* ---- names ------------------------------------------------------------------------- */

enum { D_NONE = 0, D_WGS84, D_GCJ02, D_BD09 };
static const char *const datum_key[] = {NULL, "WGS84", "GCJ02", "BD09"};
static const char *const datum_shown[] = {"", "WGS 84", "GCJ-02", "BD-09"};

/* What a column holds: one axis, or both as text ("lng,lat" or "lat,lng"). */
typedef enum { AX_LON = 0, AX_LAT, AX_LNGLAT, AX_LATLNG } axis;
/* Longitude/latitude names, x/y names, one text column: pairs form within a family. */
typedef enum { FAM_GEO = 0, FAM_XY, FAM_TEXT } family;

typedef struct {
    const char *name; /* normalised (see normalise) */
    axis ax;
    family fam;
} base_name;

static const base_name bases[] = {
    {"lng", AX_LON, FAM_GEO}, {"lon", AX_LON, FAM_GEO}, {"long", AX_LON, FAM_GEO},
    {"longitude", AX_LON, FAM_GEO}, {"经度", AX_LON, FAM_GEO}, {"东经", AX_LON, FAM_GEO},
    {"lat", AX_LAT, FAM_GEO}, {"latitude", AX_LAT, FAM_GEO}, {"纬度", AX_LAT, FAM_GEO},
    {"北纬", AX_LAT, FAM_GEO},
    {"x", AX_LON, FAM_XY}, {"xcoord", AX_LON, FAM_XY}, {"pointx", AX_LON, FAM_XY},
    {"x坐标", AX_LON, FAM_XY}, {"y", AX_LAT, FAM_XY}, {"ycoord", AX_LAT, FAM_XY},
    {"pointy", AX_LAT, FAM_XY}, {"y坐标", AX_LAT, FAM_XY},
    {"location", AX_LNGLAT, FAM_TEXT}, {"lnglat", AX_LNGLAT, FAM_TEXT},
    {"lonlat", AX_LNGLAT, FAM_TEXT}, {"coordinates", AX_LNGLAT, FAM_TEXT},
    {"coordinate", AX_LNGLAT, FAM_TEXT}, {"coords", AX_LNGLAT, FAM_TEXT},
    {"coord", AX_LNGLAT, FAM_TEXT}, {"坐标", AX_LNGLAT, FAM_TEXT},
    {"经纬度", AX_LNGLAT, FAM_TEXT}, {"经纬度坐标", AX_LNGLAT, FAM_TEXT},
    {"latlng", AX_LATLNG, FAM_TEXT}, {"latlon", AX_LATLNG, FAM_TEXT},
    {"纬经度", AX_LATLNG, FAM_TEXT},
};
#define NBASES (sizeof bases / sizeof bases[0])

/* A datum before or after a base name: "gcj02_lng", "lat_bd09", "百度经度". */
static const struct {
    const char *tok;
    int datum;
} datum_tokens[] = {
    {"wgs84ll", D_WGS84}, {"gcj02ll", D_GCJ02}, {"bd09ll", D_BD09}, {"wgs84", D_WGS84},
    {"gcj02", D_GCJ02}, {"bd09", D_BD09}, {"baidu", D_BD09}, {"gaode", D_GCJ02},
    {"amap", D_GCJ02}, {"wgs", D_WGS84}, {"gcj", D_GCJ02}, {"bd", D_BD09},
    {"百度", D_BD09}, {"高德", D_GCJ02}, {"腾讯", D_GCJ02}, {"火星", D_GCJ02},
};
#define NTOKENS (sizeof datum_tokens / sizeof datum_tokens[0])

/* Blanks that are dropped from names and trimmed from values: ASCII, U+3000, U+00A0. */
static size_t blank_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') return 1;
    if (!strncmp(s, "\xe3\x80\x80", 3)) return 3;
    if (!strncmp(s, "\xc2\xa0", 2)) return 2;
    return 0;
}

/* A column name compared: ASCII lower case without blanks, '_', '-', '.', '/', and
 * brackets ASCII and full width ("Lng (GCJ-02)" -> "lnggcj02"). */
static void normalise(const char *in, char *out, size_t cap)
{
    static const char *const skip[] = {"\xef\xbc\x88", "\xef\xbc\x89", "\xe3\x80\x90",
                                       "\xe3\x80\x91"}; /* （ ） 【 】 */
    size_t n = 0;
    while (*in && n + 1 < cap) {
        size_t b = blank_len(in);
        if (b) {
            in += b;
            continue;
        }
        if (strchr("_-./()[]", *in)) {
            in++;
            continue;
        }
        bool skipped = false;
        for (size_t i = 0; i < sizeof skip / sizeof *skip && !skipped; i++)
            if (!strncmp(in, skip[i], 3)) in += 3, skipped = true;
        if (skipped) continue;
        char c = *in++;
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
}

static const base_name *find_base(const char *n)
{
    for (size_t i = 0; i < NBASES; i++)
        if (!strcmp(n, bases[i].name)) return &bases[i];
    return NULL;
}

/* What the column `raw` holds, and the datum its name gives; NULL when not a coordinate
 * name. */
static const base_name *parse_name(const char *raw, int *datum)
{
    char n[160], rest[160];
    normalise(raw, n, sizeof n);
    *datum = D_NONE;
    const base_name *b = find_base(n);
    size_t len = strlen(n);
    for (size_t i = 0; !b && i < NTOKENS; i++) {
        size_t tl = strlen(datum_tokens[i].tok);
        if (len <= tl) continue;
        if (!strncmp(n, datum_tokens[i].tok, tl)) b = find_base(n + tl);
        if (!b && !strcmp(n + len - tl, datum_tokens[i].tok)) {
            memcpy(rest, n, len - tl);
            rest[len - tl] = '\0';
            b = find_base(rest);
        }
        if (b) *datum = datum_tokens[i].datum;
    }
    return b;
}

/* The datum a *_srs value names (GCJ02/BD09 as lc_cnshift_parse reads them, WGS84 for
 * EPSG:4326), D_NONE for anything else. */
static int srs_datum(const char *srs)
{
    char n[64];
    if (!srs) return D_NONE;
    normalise(srs, n, sizeof n);
    if (!strcmp(n, "gcj02")) return D_GCJ02;
    if (!strcmp(n, "bd09")) return D_BD09;
    if (!strcmp(n, "epsg:4326") || !strcmp(n, "wgs84")) return D_WGS84;
    return D_NONE;
}

/* Are numbers in the CRS `srs` degrees? No CRS (a table of degrees is lon/lat), the
 * web-map datums and geographic CRSs are; a projected CRS, or one GDAL cannot read (the
 * model reports it), is not. */
static bool srs_in_degrees(const char *srs)
{
    if (!srs || srs_datum(srs) != D_NONE) return true;
    OGRSpatialReferenceH r = OSRNewSpatialReference(NULL);
    bool geo = r && OSRSetFromUserInput(r, srs) == OGRERR_NONE && OSRIsGeographic(r);
    if (r) OSRDestroySpatialReference(r);
    return geo;
}

/* ---- choosing the columns ----------------------------------------------------------- */

typedef struct {
    long lon, lat;  /* two columns; or lon is the text column and lat is -1 */
    bool lat_first; /* the text column reads "lat,lng" */
    int datum;      /* D_* named by a column */
    long datum_col; /* the column naming it */
} choice;

/* Rank of a datum named in the columns (lower first): the one the flag names, else WGS84
 * (nothing to convert), none, GCJ-02, BD-09. */
static int datum_rank(int d, int flag)
{
    static const int plain[] = {1, 0, 2, 3};
    if (flag == D_NONE || flag == D_WGS84) return plain[d];
    return d == flag ? 0 : d == D_NONE ? 1 : d == D_WGS84 ? 2 : 3;
}

/* The best pair of columns, else the best text column (-1s when none); `names`/`datums`:
 * each column's parse_name. */
static choice pick_columns(const lc_table *t, const base_name *const *names, const int *datums,
                           int flag, bool degrees)
{
    choice c = {-1, -1, false, D_NONE, -1};
    int best = 1 << 20;
    for (size_t i = 0; i < t->nfields; i++) {
        const base_name *bi = names[i];
        if (!bi || bi->ax != AX_LON) continue;
        for (size_t j = 0; j < t->nfields; j++) { /* its first latitude of the same kind */
            const base_name *bj = names[j];
            if (!bj || bj->ax != AX_LAT || bj->fam != bi->fam || datums[j] != datums[i]) continue;
            int fam_rank = (bi->fam == FAM_XY) == degrees; /* x/y after lon/lat for degrees */
            int score = fam_rank * 10 + datum_rank(datums[i], flag);
            if (score < best)
                best = score, c = (choice){(long)i, (long)j, false, datums[i], (long)i};
            break;
        }
    }
    bool pair = c.lon >= 0;
    for (size_t i = 0; !pair && i < t->nfields; i++) {
        const base_name *b = names[i];
        if (!b || b->fam != FAM_TEXT) continue;
        int score = datum_rank(datums[i], flag);
        if (score < best)
            best = score, c = (choice){(long)i, -1, b->ax == AX_LATLNG, datums[i], (long)i};
    }
    if (c.lon >= 0 && c.datum == D_NONE) c.datum_col = -1;
    return c;
}

/* pick_columns with the names parsed once. */
static lc_status find_columns(const lc_table *t, int flag, bool degrees, choice *c)
{
    const base_name **names = lc_calloc(t->nfields + 1, sizeof *names);
    int *datums = lc_calloc(t->nfields + 1, sizeof *datums);
    if (!names || !datums) {
        lc_free(names);
        lc_free(datums);
        return LC_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->nfields; i++) names[i] = parse_name(t->fields[i].name, &datums[i]);
    *c = pick_columns(t, names, datums, flag, degrees);
    lc_free(names);
    lc_free(datums);
    return LC_OK;
}

/* The table's column named `want` (ASCII case, then blanks and separators ignored). */
static long column_named(const lc_table *t, const char *want)
{
    long c = lc_table_field_index(t, want);
    if (c >= 0) return c;
    char a[160], b[160];
    normalise(want, a, sizeof a);
    for (size_t i = 0; i < t->nfields; i++) {
        normalise(t->fields[i].name, b, sizeof b);
        if (a[0] && !strcmp(a, b)) return (long)i;
    }
    return -1;
}

/* "名称, 类别, 地址" for messages. */
static void column_list(const lc_table *t, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t f = 0; f < t->nfields; f++) {
        size_t used = strlen(buf);
        if (used + strlen(t->fields[f].name) + 8 >= cap) {
            snprintf(buf + used, cap - used, ", ...");
            return;
        }
        snprintf(buf + used, cap - used, "%s%s", f ? ", " : "", t->fields[f].name);
    }
    if (!buf[0]) snprintf(buf, cap, "%s", _("none"));
}

static lc_status no_columns(lc_ctx *ctx, const lc_source_layer *l, const lc_xy_spec *xy)
{
    char cols[512];
    column_list(l->table, cols, sizeof cols);
    return lc_fail(ctx, LC_ERR_FORMAT, "%s: the layer has no geometry and no coordinate columns: "
                   "looked for a longitude/latitude pair named 经度/纬度, lng/lat, lon/lat, "
                   "long/lat, longitude/latitude or x/y (any case, blanks ignored, a datum "
                   "allowed as in lng_gcj02 or bd09_lat) and for one column of \"lng,lat\" text "
                   "named location, 坐标 or 经纬度; the table's columns: %s. Name them with "
                   "--%s-xy LON,LAT or --%s-xy COLUMN", l->desc, cols, xy->input, xy->input);
}

/* The columns the setting names; the datum their names give. */
static lc_status named_columns(lc_ctx *ctx, const lc_source_layer *l, const lc_xy_spec *xy,
                               choice *c)
{
    long col[2] = {-1, -1};
    for (size_t i = 0; i < xy->ncols && i < 2; i++)
        if ((col[i] = column_named(l->table, xy->cols[i])) < 0) {
            char cols[512];
            column_list(l->table, cols, sizeof cols);
            return lc_fail(ctx, LC_ERR_FORMAT, "%s: no column '%s' (--%s-xy); the table's columns: "
                           "%s", l->desc, xy->cols[i], xy->input, cols);
        }
    *c = (choice){col[0], xy->ncols == 2 ? col[1] : -1, false, D_NONE, -1};
    for (size_t i = 0; i < xy->ncols && i < 2 && c->datum == D_NONE; i++) {
        int d;
        const base_name *b = parse_name(l->table->fields[col[i]].name, &d);
        if (b && xy->ncols == 1) c->lat_first = b->ax == AX_LATLNG;
        if (b && d != D_NONE) c->datum = d, c->datum_col = col[i];
    }
    return LC_OK;
}

/* The recognised coordinate columns that were not chosen, for a note. */
static void unused_columns(const lc_table *t, const choice *c, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t f = 0; f < t->nfields; f++) {
        int d;
        if ((long)f == c->lon || (long)f == c->lat || !parse_name(t->fields[f].name, &d)) continue;
        size_t used = strlen(buf);
        if (used + strlen(t->fields[f].name) + 8 >= cap) return;
        snprintf(buf + used, cap - used, "%s'%s'", used ? ", " : "", t->fields[f].name);
    }
}

/* ---- reading the values ------------------------------------------------------------ */

typedef enum { C_OK = 0, C_EMPTY, C_TEXT } cell;

/* The value's text without blanks at either end, cut to `cap` on a character boundary. */
static void trimmed(const lc_value *v, char *out, size_t cap)
{
    char buf[256];
    const char *s = lc_value_text(v, buf, sizeof buf);
    for (size_t b; (b = blank_len(s)) != 0;) s += b;
    lc_strlcpy_utf8(out, s, cap);
    size_t n = strlen(out);
    while (n) {
        size_t k = n >= 3 && !strncmp(out + n - 3, "\xe3\x80\x80", 3) ? 3
                   : n >= 2 && !strncmp(out + n - 2, "\xc2\xa0", 2) ? 2
                   : strchr(" \t\r\n", out[n - 1]) ? 1 : 0;
        if (!k) break;
        out[n -= k] = '\0';
    }
}

static cell cell_number(const lc_value *v, double *out, char *text, size_t cap)
{
    text[0] = '\0';
    if (v->kind == LC_VAL_INT) return (*out = (double)v->u.i), C_OK;
    if (v->kind == LC_VAL_REAL && isfinite(v->u.r)) return (*out = v->u.r), C_OK;
    trimmed(v, text, cap);
    if (!text[0]) return C_EMPTY;
    return lc_parse_double(text, out) ? C_OK : C_TEXT;
}

/* Skip blanks; then a comma (ASCII or full width) between two numbers, or blanks alone. */
static const char *separator(const char *p)
{
    const char *q = p;
    for (size_t b; (b = blank_len(q)) != 0;) q += b;
    if (*q == ',') q++;
    else if (!strncmp(q, "\xef\xbc\x8c", 3)) q += 3; /* ， */
    else if (q == p) return NULL;
    for (size_t b; (b = blank_len(q)) != 0;) q += b;
    return q;
}

/* "121.5,31.2", "121.5, 31.2", "121.5，31.2" or "121.5 31.2". */
static cell cell_pair(const lc_value *v, double *a, double *b, char *text, size_t cap)
{
    trimmed(v, text, cap);
    if (v->kind == LC_VAL_NULL || !text[0]) return C_EMPTY;
    char *end;
    *a = strtod(text, &end);
    const char *p = end != text ? separator(end) : NULL;
    if (!p || !*p) return C_TEXT;
    *b = strtod(p, &end);
    if (end == p) return C_TEXT;
    for (size_t k; (k = blank_len(end)) != 0;) end += k;
    return !*end && isfinite(*a) && isfinite(*b) ? C_OK : C_TEXT;
}

/* What the rows hold, for the table-wide checks. */
typedef struct {
    size_t nnum;          /* rows with both numbers */
    size_t nok;           /* ... that are usable */
    size_t nempty, ntext; /* rows without a number */
    size_t nbeyond;       /* numeric rows beyond degrees that swapping does not mend */
    size_t nswap_fits;    /* numeric rows within degrees once swapped */
    size_t nchina_swapped; /* numeric rows whose longitude lies in 3..54 and latitude in
                              73..136: China, swapped */
    double lo[2], hi[2];  /* ranges of the numbers (longitude, latitude) */
    char example[64];     /* a value that is not a number */
} tally;

static bool in_degrees(double lon, double lat)
{
    return fabs(lon) <= 180 && fabs(lat) <= 90;
}

/* The row's two numbers, or false with `why` said and counted. */
static bool row_numbers(const lc_table *t, const choice *c, size_t r, double *lon, double *lat,
                        tally *k, char *why, size_t cap)
{
    char text[256];
    for (int a = 0; a < (c->lat < 0 ? 1 : 2); a++) {
        long col = a ? c->lat : c->lon;
        const lc_value *v = &t->fields[col].col[r];
        cell s = c->lat < 0 ? cell_pair(v, c->lat_first ? lat : lon, c->lat_first ? lon : lat,
                                        text, sizeof text)
                            : cell_number(v, a ? lat : lon, text, sizeof text);
        if (s == C_OK) continue;
        const char *name = t->fields[col].name;
        char shown[64];
        lc_strlcpy_utf8(shown, text, sizeof shown);
        if (s == C_EMPTY) {
            snprintf(why, cap, _("has no value in column '%s'"), name);
            k->nempty++;
            return false;
        }
        if (!k->example[0]) lc_strlcpy_utf8(k->example, shown, sizeof k->example);
        if (c->lat < 0)
            snprintf(why, cap, _("has '%s' in column '%s': not \"longitude,latitude\""), shown,
                     name);
        else snprintf(why, cap, _("has '%s' in column '%s': not a number"), shown, name);
        k->ntext++;
        return false;
    }
    return true;
}

/* Why row r has no point, into `why`; false when it has one (*lon, *lat). */
static bool read_row(const lc_table *t, const choice *c, bool degrees, size_t r, double *lon,
                     double *lat, tally *k, char *why, size_t cap)
{
    if (!row_numbers(t, c, r, lon, lat, k, why, cap)) return true;
    double v[2] = {*lon, *lat};
    for (int a = 0; a < 2; a++) {
        k->lo[a] = k->nnum ? fmin(k->lo[a], v[a]) : v[a];
        k->hi[a] = k->nnum ? fmax(k->hi[a], v[a]) : v[a];
    }
    k->nnum++;
    bool swap_fits = in_degrees(*lat, *lon);
    k->nswap_fits += swap_fits;
    k->nchina_swapped += *lon >= 3 && *lon <= 54 && *lat >= 73 && *lat <= 136;
    if (!degrees || in_degrees(*lon, *lat)) {
        k->nok++;
        return false;
    }
    k->nbeyond += !swap_fits;
    const char *lon_name = t->fields[c->lon].name;
    const char *lat_name = t->fields[c->lat < 0 ? c->lon : c->lat].name;
    if (fabs(*lon) > 180 && swap_fits)
        snprintf(why, cap, _("has longitude %.10g in column '%s': outside -180..180 (latitude "
                             "and longitude swapped?)"), *lon, lon_name);
    else if (fabs(*lon) > 180)
        snprintf(why, cap, _("has longitude %.10g in column '%s': outside -180..180"), *lon,
                 lon_name);
    else if (swap_fits)
        snprintf(why, cap, _("has latitude %.10g in column '%s': outside -90..90 (latitude and "
                             "longitude swapped?)"), *lat, lat_name);
    else
        snprintf(why, cap, _("has latitude %.10g in column '%s': outside -90..90"), *lat,
                 lat_name);
    return true;
}

/* "'经度', '纬度'" or "'location'": the columns read. */
static void columns_shown(const lc_table *t, const choice *c, char *buf, size_t cap)
{
    if (c->lat < 0) snprintf(buf, cap, "'%s'", t->fields[c->lon].name);
    else snprintf(buf, cap, "'%s', '%s'", t->fields[c->lon].name, t->fields[c->lat].name);
}

/* Whole-table errors: no usable row; swapped throughout; projected numbers without a CRS. */
static lc_status check_table(lc_ctx *ctx, const lc_source_layer *l, const lc_xy_spec *xy,
                             const choice *c, const tally *k, bool named)
{
    const lc_table *t = l->table;
    char cols[256];
    columns_shown(t, c, cols, sizeof cols);
    if (!t->nrows) return LC_OK; /* nothing to read: the caller says what it lacks */
    if (!k->nnum && k->ntext)
        return lc_fail(ctx, LC_ERR_FORMAT, "%s: no row has coordinates (columns %s; %zu rows: "
                       "%zu empty, %zu not numbers, e.g. '%s')", l->desc, cols, t->nrows,
                       k->nempty, k->ntext, k->example);
    if (!k->nnum)
        return lc_fail(ctx, LC_ERR_FORMAT, "%s: no row has coordinates (columns %s; all %zu rows "
                       "empty)", l->desc, cols, t->nrows);
    if (!l->degrees) return LC_OK;
    bool swapped = (!k->nok && k->nswap_fits == k->nnum) ||
                   (!named && k->nchina_swapped == k->nnum);
    if (swapped && c->lat >= 0)
        return lc_fail(ctx, LC_ERR_FORMAT, "%s: latitude and longitude are swapped throughout: "
                       "column '%s' (read as longitude) holds %.10g..%.10g and '%s' (read as "
                       "latitude) %.10g..%.10g; name them the other way round: --%s-xy %s,%s",
                       l->desc, t->fields[c->lon].name, k->lo[0], k->hi[0],
                       t->fields[c->lat].name, k->lo[1], k->hi[1], xy->input,
                       t->fields[c->lat].name, t->fields[c->lon].name);
    if (swapped)
        return lc_fail(ctx, LC_ERR_FORMAT, "%s: latitude and longitude are swapped throughout: "
                       "column '%s' is read as \"longitude,latitude\" but its first numbers lie "
                       "in %.10g..%.10g and its second in %.10g..%.10g", l->desc,
                       t->fields[c->lon].name, k->lo[0], k->hi[0], k->lo[1], k->hi[1]);
    if (!k->nok || 2 * k->nbeyond > k->nnum) {
        if (!xy->srs)
            return lc_fail(ctx, LC_ERR_FORMAT, "%s: columns %s: numbers beyond degrees "
                           "(longitude %.10g..%.10g, latitude %.10g..%.10g): projected "
                           "coordinates need their CRS: give it with --%s-srs (e.g. "
                           "EPSG:4547)", l->desc, cols, k->lo[0], k->hi[0], k->lo[1], k->hi[1],
                           xy->input);
        if (!k->nok)
            return lc_fail(ctx, LC_ERR_FORMAT, "%s: columns %s: numbers beyond degrees "
                           "(longitude %.10g..%.10g, latitude %.10g..%.10g), but --%s-srs %s is "
                           "longitude/latitude", l->desc, cols, k->lo[0], k->hi[0], k->lo[1],
                           k->hi[1], xy->input, xy->srs);
    }
    return LC_OK;
}

/* ---- points ------------------------------------------------------------------------ */

static lc_status point_wkb(lc_table *t, size_t row, double x, double y)
{
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
    if (!g) return LC_ERR_NOMEM;
    OGR_G_SetPoint_2D(g, 0, x, y);
    size_t len = (size_t)OGR_G_WkbSize(g);
    unsigned char *wkb = lc_malloc(len);
    OGRErr e = wkb ? OGR_G_ExportToIsoWkb(g, wkbNDR, wkb) : OGRERR_NOT_ENOUGH_MEMORY;
    OGR_G_DestroyGeometry(g);
    if (e != OGRERR_NONE) {
        lc_free(wkb);
        return LC_ERR_NOMEM;
    }
    lc_table_set_wkb(t, row, wkb, len);
    return LC_OK;
}

/* Every row: its point, or why it has none; the median centre of the points. */
static lc_status build_points(lc_source_layer *l, const choice *c, double *xs, double *ys,
                              tally *k)
{
    lc_table *t = l->table;
    size_t n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        double lon = NAN, lat = NAN;
        char why[320];
        if (read_row(t, c, l->degrees, r, &lon, &lat, k, why, sizeof why)) {
            if (!(l->row_why[r] = lc_strdup(why))) return LC_ERR_NOMEM;
            continue;
        }
        if (point_wkb(t, r, lon, lat)) return LC_ERR_NOMEM;
        xs[n] = lon, ys[n++] = lat;
    }
    if (n) {
        qsort(xs, n, sizeof *xs, lc_cmp_double);
        qsort(ys, n, sizeof *ys, lc_cmp_double);
        l->centre[0] = xs[n / 2], l->centre[1] = ys[n / 2];
    }
    return LC_OK;
}

/* Say which columns make the points, and which recognised ones are left. */
static void note_columns(lc_ctx *ctx, const lc_source_layer *l, const lc_xy_spec *xy,
                         const choice *c)
{
    const lc_table *t = l->table;
    if (c->lat >= 0)
        lc_note(ctx, "%s: no geometry: points from the columns '%s' (longitude) and '%s' "
                "(latitude)", l->desc, t->fields[c->lon].name, t->fields[c->lat].name);
    else
        lc_note(ctx, "%s: no geometry: points from the column '%s' (\"%s\")", l->desc,
                t->fields[c->lon].name, c->lat_first ? "latitude,longitude" : "longitude,latitude");
    char rest[256];
    unused_columns(t, c, rest, sizeof rest);
    if (rest[0])
        lc_note(ctx, "%s: coordinate columns not used: %s (others are chosen with --%s-xy)",
                l->desc, rest, xy->input);
}

lc_status lc_io_table_points(lc_ctx *ctx, lc_source_layer *l, const lc_xy_spec *xy)
{
    lc_table *t = l->table;
    l->degrees = srs_in_degrees(xy->srs);
    choice c;
    bool named = xy->cols && xy->ncols;
    lc_status st = LC_OK;
    if (named) st = named_columns(ctx, l, xy, &c);
    else if (find_columns(t, srs_datum(xy->srs), l->degrees, &c))
        st = lc_fail(ctx, LC_ERR_NOMEM, "%s: out of memory", l->desc);
    if (st) return st;
    if (c.lon < 0) return no_columns(ctx, l, xy);
    double *xs = lc_malloc((t->nrows + 1) * sizeof *xs), *ys = lc_malloc((t->nrows + 1) * sizeof *ys);
    l->row_why = lc_calloc(t->nrows + 1, sizeof *l->row_why);
    tally k = {0};
    if (!xs || !ys || !l->row_why || build_points(l, &c, xs, ys, &k))
        st = lc_fail(ctx, LC_ERR_NOMEM, "%s: out of memory", l->desc);
    lc_free(xs);
    lc_free(ys);
    if (!st) st = check_table(ctx, l, xy, &c, &k, named);
    if (st) return st;
    l->xy = true;
    l->declared = LC_GK_POINT;
    if (c.datum != D_NONE) {
        l->datum = datum_key[c.datum];
        l->datum_why = lc_asprintf(_("column '%s' names %s"), t->fields[c.datum_col].name,
                                   datum_shown[c.datum]);
        if (!l->datum_why) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    note_columns(ctx, l, xy, &c);
    return LC_OK;
}
