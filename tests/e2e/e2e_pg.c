/*
 * e2e_pg.c — PostGIS: --to-db into a private server (pg_server.h), inputs read from it.
 */
#include "e2e.h"

/* ------------------------------------------------------------------------------------ */
/* PostGIS: --to-db into a private server, inputs from it                   */
/* ------------------------------------------------------------------------------------ */

static pg_server PG;
static int pg_state;        /* 0 not started, 1 running, 2 not installed, 3 failed */
static char pg_why[4096];

/* The server stops and its directory goes at the end, even after a failed test. */
void pg_cleanup(void)
{
    pg_server_stop(&PG);
    if (PG.dir[0]) remove_tree(PG.dir);
    PG.dir[0] = '\0';
}

/* Start the server on first use; skip only when PostgreSQL or PostGIS is not installed. */
void require_pg(void)
{
    if (!pg_state) {
        double t0 = (double)time(NULL);
        int rc = pg_server_start(&PG, pg_why, sizeof pg_why);
        pg_state = rc == 0 ? 1 : rc == 1 ? 2 : 3;
        atexit(pg_cleanup);
        if (rc == 0 && getenv("LC_E2E_VERBOSE"))
            fprintf(stderr, "PostGIS server in %s (as %s), %.0f s\n", PG.dir,
                    PG.user[0] ? PG.user : "this user", (double)time(NULL) - t0);
        /* the estates as a planning bureau keeps them: in PostGIS, with a Chinese field name */
        if (rc == 0 && pg_server_psql(&PG, "lc", "CREATE SCHEMA src", NULL, 0) != 0) {
            snprintf(pg_why, sizeof pg_why, "CREATE SCHEMA src failed");
            pg_state = 3;
        }
        if (pg_state == 1) {
            GDALDatasetH in = open_vector(E.estates, NULL);
            const char *argv[] = {"-f", "PostgreSQL", "-lco", "SCHEMA=src", "-lco", "LAUNDER=NO",
                                  "-nln", "estates", "-sql",
                                  "SELECT *, note AS \"备注\" FROM estates", NULL};
            GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew((char **)argv, NULL);
            GDALDatasetH out = GDALVectorTranslate(PG.conn, NULL, 1, &in, o, NULL);
            GDALVectorTranslateOptionsFree(o);
            if (!out) snprintf(pg_why, sizeof pg_why, "loading src.estates: %s", CPLGetLastErrorMsg());
            pg_state = out ? 1 : 3;
            if (out) GDALClose(out);
            GDALClose(in);
        }
    }
    if (pg_state == 2) {
        fprintf(stderr, "[  SKIPPED ] PostGIS tests: %s\n", pg_why);
        skip();
    }
    if (pg_state == 3) fail_msg("PostGIS test server: %s", pg_why);
}

/* `run` with the demo's settings on estates `estates`, into `out` and, with `to_db`, the
 * database (schema `schema`, NULL: the default). */
int run_pg(const char *estates, const char *out, const char *to_db, const char *schema)
{
    char bar[PATHLEN], cand[PATHLEN];
    snprintf(bar, sizeof bar, "%s", path_in(E.data, "barriers.geojson"));
    snprintf(cand, sizeof cand, "%s", path_in(E.data, "candidates.geojson"));
    return run_cli("run", "--estates", estates, "--facilities", E.facilities, "--facilities-srs",
                   "GCJ02", "--barriers", bar, "--filter", "build_year < 2000", "--gap", "40",
                   "--category", "elder", "--tier", "5", "--count", "5", "--candidates", cand,
                   "--cost-field", "cost", "-o", out, "--to-db", to_db ? to_db : PG.conn,
                   "--db-schema", schema ? schema : "lifecircle", (const char *)NULL);
}

/* The first value of a query on the test database, as an integer (-1: no row). */
long long pg_value(const char *sql)
{
    GDALDatasetH ds = open_vector(PG.conn, "PostgreSQL");
    OGRLayerH r = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    if (!r) {
        GDALClose(ds);
        fail_msg("query failed: %s: %s", sql, CPLGetLastErrorMsg());
    }
    OGRFeatureH f = OGR_L_GetNextFeature(r);
    long long v = f ? OGR_F_GetFieldAsInteger64(f, 0) : -1;
    if (f) OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, r);
    GDALClose(ds);
    return v;
}

static const char *const PG_LAYERS[] = {"estates", "facilities", "service_areas", "bundles",
                                        "adjacency", "sites"};
#define PG_NLAYERS (sizeof PG_LAYERS / sizeof *PG_LAYERS)

/* Every layer of schema `schema` has as many features as the GeoPackage of `out`, and the
 * summary as many rows as summary.csv. */
static void assert_db_matches(const char *out, const char *schema)
{
    char name[128];
    for (size_t i = 0; i < PG_NLAYERS; i++) {
        snprintf(name, sizeof name, "%s.%s", schema, PG_LAYERS[i]);
        long long want = count_layer(path_in(out, "lifecircle.gpkg"), PG_LAYERS[i]);
        long long got = count_layer(PG.conn, name);
        if (got != want) fail_msg("%s: %lld features in PostGIS, %lld in the GeoPackage", name, got, want);
    }
    snprintf(name, sizeof name, "%s.summary", schema);
    assert_int_equal(count_layer(PG.conn, name), count_layer(path_in(out, "summary.csv"), NULL));
}

void test_pg_round_trip(void **state)
{
    (void)state;
    require_pg();
    char out[PATHLEN], est[1024], conn[1024];
    tmp_path(out, "pg1");
    snprintf(est, sizeof est, "%s password=secret:src.estates", PG.conn);
    snprintf(conn, sizeof conn, "%s password=secret", PG.conn); /* trust: ignored */
    int rc = run_pg(est, out, conn, NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_counts(out, "counts.estates", "read=303 written=303");
    assert_contains(g_log, "PostGIS: replacing the lifecircle tables of schema lifecircle");
    assert_contains(g_log, "password=***");
    /* in lifecircle's own lines (under make valgrind the log also holds valgrind's echo of
     * the command line, which is not ours to hide) */
    for (const char *l = g_log; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        const char *end = strchr(l, '\n'), *hit = strstr(l, "secret");
        if (!strncmp(l, "lifecircle", 10) && hit && (!end || hit < end))
            fail_msg("the password is in the log:\n%s", g_log);
    }
    static char text[LOGLEN];
    read_file(path_in(out, "run.json"), text, sizeof text);
    if (strstr(text, "secret")) fail_msg("the password is in run.json");
    json_object *rec = run_record(out);
    assert_non_null(rec_get(rec, "parameters.to_db.value")); /* the connection, password hidden */
    json_object_put(rec);
    assert_db_matches(out, "lifecircle");
    /* fields: the Chinese one passes through, the computed ones are there */
    vlayer v = open_layer(PG.conn, "lifecircle.estates");
    assert_true(has_field(v.lyr, "备注"));
    assert_true(has_field(v.lyr, "elder_c5"));
    assert_true(has_field(v.lyr, "bundle"));
    assert_string_equal(OGR_L_GetGeometryColumn(v.lyr), "geom");
    assert_layer_epsg(v.lyr, 4548, "lifecircle.estates in PostGIS");
    OGRFeatureH f = find_feature(v.lyr, "district", SENTINEL_DISTRICT);
    assert_non_null(f);
    OGR_F_Destroy(f);
    close_layer(&v);
    assert_int_equal(pg_value("SELECT count(\"备注\") FROM lifecircle.estates"),
                     pg_value("SELECT count(note) FROM src.estates"));
    for (size_t i = 0; i < PG_NLAYERS; i++) {
        char name[64];
        snprintf(name, sizeof name, "lifecircle.%s", PG_LAYERS[i]);
        vlayer g = open_layer(path_in(out, "lifecircle.gpkg"), PG_LAYERS[i]);
        vlayer p = open_layer(PG.conn, name);
        assert_layer_epsg(p.lyr, 4548, name);
        assert_int_equal(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(p.lyr)),
                         OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(g.lyr)));
        close_layer(&g);
        close_layer(&p);
    }
    /* the styles: one default per layer, the rest as in the GeoPackage */
    char sql[512];
    for (size_t i = 0; i < PG_NLAYERS; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM public.layer_styles WHERE "
                 "f_table_catalog = 'lc' AND f_table_schema = 'lifecircle' AND f_table_name = "
                 "'%s' AND f_geometry_column = 'geom' AND useasdefault AND "
                 "xpath_exists('/qgis', styleqml)", PG_LAYERS[i]);
        if (pg_value(sql) != 1) fail_msg("%s: %lld default styles", PG_LAYERS[i], pg_value(sql));
    }
    assert_int_equal(pg_value("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = "
                              "'lifecircle'"),
                     count_layer(path_in(out, "lifecircle.gpkg"), "layer_styles"));
}

void test_pg_rerun_replaces(void **state)
{
    (void)state;
    require_pg();
    char out[PATHLEN], est[1024];
    tmp_path(out, "pg2");
    snprintf(est, sizeof est, "%s:src.estates", PG.conn);
    long long styles = pg_value("SELECT count(*) FROM public.layer_styles");
    for (int run = 0; run < 2; run++) {
        int rc = run_pg(est, out, NULL, NULL);
        if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
        assert_db_matches(out, "lifecircle");
        assert_int_equal(count_layer(PG.conn, "lifecircle.estates"), SAMPLE_ESTATES);
        if (styles > 0) assert_int_equal(pg_value("SELECT count(*) FROM public.layer_styles"), styles);
        styles = pg_value("SELECT count(*) FROM public.layer_styles");
    }
    /* the same estates, read with GDAL's tables= instead of :TABLE */
    char tables[1024];
    snprintf(tables, sizeof tables, "%s tables=src.estates", PG.conn);
    int rc = run_pg(tables, out, NULL, "from_tables");
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    assert_int_equal(count_layer(PG.conn, "from_tables.estates"), SAMPLE_ESTATES);
    assert_int_equal(pg_value("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = "
                              "'lifecircle'"),
                     pg_value("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = "
                              "'from_tables'"));
}

/* A write that fails changes nothing: neither the database nor the folder. */
void test_pg_failed_write_changes_nothing(void **state)
{
    (void)state;
    require_pg();
    char est[1024], conn[1024], out[PATHLEN];
    snprintf(est, sizeof est, "%s:src.estates", PG.conn);
    tmp_path(out, "pg3");
    int rc = run_pg(est, out, NULL, NULL);
    if (rc != 0) fail_msg("exited %d:\n%s", rc, g_log);
    long long styles = pg_value("SELECT count(*) FROM public.layer_styles");
    long long bundles = count_layer(PG.conn, "lifecircle.bundles");
    /* a role that may read the schema but not change it */
    assert_int_equal(pg_server_psql(&PG, "lc", "CREATE ROLE lc_ro LOGIN; GRANT USAGE ON SCHEMA "
                                    "lifecircle TO lc_ro; GRANT SELECT ON ALL TABLES IN SCHEMA "
                                    "lifecircle TO lc_ro", NULL, 0), 0);
    snprintf(conn, sizeof conn, "PG:dbname=lc host=%s user=lc_ro", PG.dir);
    tmp_path(out, "pg3-ro");
    rc = run_pg(est, out, conn, NULL);
    assert_int_equal(rc, 3);
    assert_contains(g_log, "user=lc_ro (schema lifecircle)");
    assert_false(dir_exists(out));
    assert_db_matches(path_in(E.tmp, "pg3"), "lifecircle");
    assert_int_equal(count_layer(PG.conn, "lifecircle.bundles"), bundles);
    assert_int_equal(pg_value("SELECT count(*) FROM public.layer_styles"), styles);
    /* a role that may create the schema and its tables but not write the styles: the
     * tables were written when the styles failed, and are gone with the transaction */
    assert_int_equal(pg_server_psql(&PG, "lc", "CREATE ROLE lc_w LOGIN; GRANT CREATE ON "
                                    "DATABASE lc TO lc_w", NULL, 0), 0);
    snprintf(conn, sizeof conn, "PG:dbname=lc host=%s user=lc_w", PG.dir);
    tmp_path(out, "pg3-w");
    rc = run_pg(est, out, conn, "lc_w_out");
    assert_int_equal(rc, 3);
    assert_contains(g_log, "layer_styles");
    assert_contains(g_log, "(schema lc_w_out)");
    assert_false(dir_exists(out));
    assert_int_equal(pg_value("SELECT count(*) FROM pg_namespace WHERE nspname = 'lc_w_out'"), 0);
    assert_int_equal(pg_value("SELECT count(*) FROM public.layer_styles"), styles);
}
