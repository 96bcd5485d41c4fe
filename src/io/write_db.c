/*
 * write_db.c — write a run's layers into a PostgreSQL/PostGIS schema through GDAL's
 * PostgreSQL driver, with their QGIS styles in public.layer_styles, in one transaction:
 * the schema's lifecircle tables are dropped and recreated and the styles replaced, or,
 * on any error, nothing changes (the output folder's all-or-nothing, in the database).
 */
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>

#include "io_internal.h"
#include "../core/msg.h"

/* QGIS's definition of its PostgreSQL style table (QgsPostgresUtils::createStylesTable in
 * src/providers/postgres/qgspostgresutils.cpp); unquoted names, so the columns are lower
 * case, as QGIS reads them. */
static const char LAYER_STYLES_DDL[] =
    "CREATE TABLE public.layer_styles(id SERIAL PRIMARY KEY, f_table_catalog varchar, "
    "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, styleName text, "
    "styleQML xml, styleSLD xml, useAsDefault boolean, description text, owner varchar(63) "
    "DEFAULT CURRENT_USER, ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, "
    "type varchar, r_raster_column varchar)";

/* ---- connection strings ------------------------------------------------------------- */

/* The end of the value starting at `v`: a quoted one (backslash escapes inside) or up to
 * the next space. */
static const char *value_end(const char *v)
{
    if (*v != '\'') return v + strcspn(v, " ");
    for (v++; *v && *v != '\''; v++)
        if (*v == '\\' && v[1]) v++;
    return *v ? v + 1 : v;
}

char *lc_io_redact(const char *conninfo)
{
    size_t len = strlen(conninfo);
    /* each password becomes "***": at most 3 more bytes per "password=" (9 bytes) */
    char *out = lc_malloc(2 * len + 8), *o = out;
    if (!out) return NULL;
    const char *p = conninfo;
    /* key word form (libpq's key words are lower case): password=secret, password='se cret',
     * spaces around '=' allowed */
    for (const char *k; (k = strstr(p, "password")) != NULL;) {
        const char *v = k + 8;
        v += strspn(v, " ");
        if (*v != '=') {
            memcpy(o, p, (size_t)(v - p));
            o += v - p, p = v;
            continue;
        }
        v++;
        v += strspn(v, " ");
        memcpy(o, p, (size_t)(v - p));
        o += v - p;
        o += snprintf(o, 4, "***");
        p = value_end(v);
    }
    snprintf(o, 2 * len + 8 - (size_t)(o - out), "%s", p);
    /* URI form: postgresql://user:secret@host/db */
    char *scheme = strstr(out, "://");
    char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (at && colon && colon < at) {
        memmove(colon + 4, at, strlen(at) + 1); /* within the 2 * len + 8 bytes */
        colon[1] = colon[2] = colon[3] = '*';
    }
    return out;
}

/* `s` between `q` quotes, each `q` inside doubled (SQL identifiers with '"', literals with
 * '\''); NULL: out of memory. */
static char *quoted(const char *s, char q)
{
    size_t n = 3;
    for (const char *p = s; *p; p++) n += *p == q ? 2 : 1;
    char *out = lc_malloc(n), *o = out;
    if (!out) return NULL;
    *o++ = q;
    for (const char *p = s; *p; p++) {
        if (*p == q) *o++ = q;
        *o++ = *p;
    }
    *o++ = q;
    *o = '\0';
    return out;
}

/* ---- SQL through GDAL --------------------------------------------------------------- */

typedef struct {
    lc_ctx *ctx;
    GDALDatasetH ds;
    const char *where; /* "PG:... (schema S)", password hidden */
} db_session;

/* Run one statement; a failure names `what`. */
static lc_status exec(db_session *s, const char *sql, const char *what)
{
    if (!sql) return lc_fail(s->ctx, LC_ERR_NOMEM, "out of memory");
    CPLErrorReset();
    OGRLayerH r = GDALDatasetExecuteSQL(s->ds, sql, NULL, NULL);
    if (r) GDALDatasetReleaseResultSet(s->ds, r);
    if (CPLGetLastErrorType() >= CE_Failure)
        return lc_fail(s->ctx, LC_ERR_IO, "%s: %s failed: %s", s->where, what,
                       CPLGetLastErrorMsg());
    return LC_OK;
}

/* Does the query return a row whose first value is not null? */
static lc_status exists(db_session *s, const char *sql, const char *what, bool *out)
{
    *out = false;
    CPLErrorReset();
    OGRLayerH r = GDALDatasetExecuteSQL(s->ds, sql, NULL, NULL);
    OGRFeatureH f = r ? OGR_L_GetNextFeature(r) : NULL;
    if (f) *out = OGR_F_IsFieldSetAndNotNull(f, 0) != 0;
    if (f) OGR_F_Destroy(f);
    if (r) GDALDatasetReleaseResultSet(s->ds, r);
    if (!r || CPLGetLastErrorType() >= CE_Failure)
        return lc_fail(s->ctx, LC_ERR_IO, "%s: %s failed: %s", s->where, what,
                       CPLGetLastErrorMsg());
    return LC_OK;
}

/* The schema (created when missing: CREATE SCHEMA IF NOT EXISTS would still ask for the
 * right to create schemas) and the older tables of ours dropped. */
static lc_status prepare_schema(db_session *s, const lc_db_target *db, const char *qschema)
{
    char *lit = quoted(db->schema, '\'');
    char *sql = lit ? lc_asprintf("SELECT oid FROM pg_namespace WHERE nspname = %s", lit) : NULL;
    bool have = false;
    lc_status st = sql ? exists(s, sql, _("looking up the schema"), &have)
                       : lc_fail(s->ctx, LC_ERR_NOMEM, "out of memory");
    lc_free(sql);
    lc_free(lit);
    if (!st && !have) {
        sql = lc_asprintf("CREATE SCHEMA %s", qschema);
        st = exec(s, sql, _("creating the schema"));
        lc_free(sql);
    }
    for (size_t i = 0; !st && i < db->nreplace; i++) {
        char *qt = quoted(db->replace[i], '"');
        sql = qt ? lc_asprintf("DROP TABLE IF EXISTS %s.%s CASCADE", qschema, qt) : NULL;
        char what[128];
        snprintf(what, sizeof what, _("dropping the older table %s"), db->replace[i]);
        st = exec(s, sql, what);
        lc_free(sql);
        lc_free(qt);
    }
    return st;
}

static char **layer_options(const char *schema, lc_gtype gtype)
{
    char **lco = NULL;
    lco = CSLSetNameValue(lco, "SCHEMA", schema);
    lco = CSLSetNameValue(lco, "FID", "fid");
    lco = CSLSetNameValue(lco, "OVERWRITE", "YES");
    lco = CSLSetNameValue(lco, "LAUNDER", "NO");     /* Chinese and mixed-case names stay */
    lco = CSLSetNameValue(lco, "PRECISION", "NO");   /* integer, float8, varchar: no
                                                        NUMERIC(1,0) for our width-1 ints */
    if (gtype != LC_G_NONE) {
        lco = CSLSetNameValue(lco, "GEOMETRY_NAME", "geom");
        lco = CSLSetNameValue(lco, "SPATIAL_INDEX", "GIST");
    }
    return lco;
}

/* ---- styles ------------------------------------------------------------------------- */

static const char *style_text(const lc_table *t, size_t row, const char *field)
{
    long c = lc_table_field_index(t, field);
    const lc_value *v = c >= 0 ? &t->fields[c].col[row] : NULL;
    return v && v->kind == LC_VAL_STR ? v->u.s : NULL;
}

/* One row of public.layer_styles; the style is parsed as an XML document (QML has a
 * DOCTYPE, which PostgreSQL's XML content does not take before version 16). */
static lc_status insert_style(db_session *s, const lc_table *t, size_t row, const char *lschema)
{
    const char *table = style_text(t, row, "f_table_name");
    const char *name = style_text(t, row, "styleName");
    const char *qml = style_text(t, row, "styleQML");
    const char *desc = style_text(t, row, "description");
    long dc = lc_table_field_index(t, "useAsDefault");
    bool def = dc >= 0 && t->fields[dc].col[row].kind == LC_VAL_INT && t->fields[dc].col[row].u.i;
    if (!table || !qml) return LC_OK;
    char *qt = quoted(table, '\''), *qn = quoted(name ? name : table, '\'');
    char *qq = quoted(qml, '\''), *qd = quoted(desc ? desc : "", '\'');
    char *sql = qt && qn && qq && qd ?
        lc_asprintf("INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, "
                    "f_table_name, f_geometry_column, stylename, styleqml, stylesld, "
                    "useasdefault, description, owner, ui, update_time) VALUES "
                    "(current_database(), %s, %s, 'geom', %s, XMLPARSE(DOCUMENT %s), NULL, %s, "
                    "%s, current_user, NULL, CURRENT_TIMESTAMP)",
                    lschema, qt, qn, qq, def ? "true" : "false", qd) : NULL;
    char what[160];
    snprintf(what, sizeof what, _("layer %s: writing its style '%s' into public.layer_styles"),
             table, name ? name : "");
    lc_status st = exec(s, sql, what);
    lc_free(sql);
    lc_free(qt), lc_free(qn), lc_free(qq), lc_free(qd);
    return st;
}

/* public.layer_styles created when missing; the schema's rows for our tables replaced. */
static lc_status write_styles(db_session *s, const lc_db_target *db)
{
    bool have = false;
    lc_status st = exists(s, "SELECT to_regclass('public.layer_styles')",
                          _("looking up public.layer_styles"), &have);
    if (!st && !have) st = exec(s, LAYER_STYLES_DDL, _("creating public.layer_styles"));
    char *lschema = quoted(db->schema, '\'');
    size_t len = 0;
    for (size_t i = 0; i < db->nreplace; i++) len += 2 * strlen(db->replace[i]) + 4;
    char *names = lc_malloc(len + 1);
    if (!st && (!lschema || !names)) st = lc_fail(s->ctx, LC_ERR_NOMEM, "out of memory");
    if (!st) {
        names[0] = '\0';
        for (size_t i = 0; i < db->nreplace; i++) {
            char *q = quoted(db->replace[i], '\'');
            if (!q) { st = lc_fail(s->ctx, LC_ERR_NOMEM, "out of memory"); break; }
            if (i) strcat(names, ",");
            strcat(names, q);
            lc_free(q);
        }
    }
    if (!st && db->nreplace) {
        char *sql = lc_asprintf("DELETE FROM public.layer_styles WHERE f_table_catalog = "
                                "current_database() AND f_table_schema = %s AND f_table_name "
                                "IN (%s)", lschema, names);
        st = exec(s, sql, _("deleting the schema's older rows of public.layer_styles"));
        lc_free(sql);
    }
    for (size_t r = 0; !st && db->styles && r < db->styles->nrows; r++)
        st = insert_style(s, db->styles, r, lschema);
    lc_free(names);
    lc_free(lschema);
    return st;
}

/* ---- the transaction ---------------------------------------------------------------- */

static lc_status write_all(db_session *s, const lc_db_target *db, const lc_out_layer *layers,
                           size_t n)
{
    char *qschema = quoted(db->schema, '"');
    if (!qschema) return lc_fail(s->ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = prepare_schema(s, db, qschema);
    lc_free(qschema);
    for (size_t i = 0; !st && i < n; i++) {
        if (!layers[i].table) continue;
        char **lco = layer_options(db->schema, layers[i].gtype);
        st = lc_io_write_layer(s->ctx, s->ds, &layers[i], lco, false, false, false, s->where);
        CSLDestroy(lco);
    }
    if (!st) st = write_styles(s, db);
    return st;
}

lc_status lc_io_write_db(lc_ctx *ctx, const lc_db_target *db, const lc_out_layer *layers,
                         size_t n)
{
    char *shown = lc_io_redact(db->conninfo);
    char *where = shown ? lc_asprintf(_("%s (schema %s)"), shown, db->schema) : NULL;
    lc_free(shown);
    if (!where) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    if (strncmp(db->conninfo, "PG:", 3) != 0) {
        lc_status st = lc_fail(ctx, LC_ERR_ARG, "to_db '%s' is no PostgreSQL connection string "
                               "(PG:dbname=... host=... user=...)", where);
        lc_free(where);
        return st;
    }
    lc_io_register();
    lc_io_push_handler(ctx);
    CPLErrorReset();
    static const char *const drivers[] = {"PostgreSQL", NULL};
    db_session s = {ctx, GDALOpenEx(db->conninfo, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers,
                                    NULL, NULL), where};
    lc_status st = LC_OK;
    if (!s.ds)
        st = lc_fail(ctx, LC_ERR_IO, "%s: cannot connect: %s", where, CPLGetLastErrorMsg());
    if (!st && GDALDatasetStartTransaction(s.ds, TRUE) != OGRERR_NONE)
        st = lc_fail(ctx, LC_ERR_IO, "%s: cannot start a transaction: %s", where,
                     CPLGetLastErrorMsg());
    bool in_tx = !st;
    if (!st) st = write_all(&s, db, layers, n);
    if (!st && GDALDatasetCommitTransaction(s.ds) != OGRERR_NONE)
        st = lc_fail(ctx, LC_ERR_IO, "%s: commit failed, nothing was written: %s", where,
                     CPLGetLastErrorMsg());
    else if (st && in_tx)
        GDALDatasetRollbackTransaction(s.ds); /* the database is as it was */
    if (s.ds) GDALClose(s.ds);
    CPLPopErrorHandler();
    lc_free(where);
    return st;
}
