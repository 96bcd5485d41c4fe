/*
 * db_out.c — a run's layers into PostGIS (to_db, db_schema): the same tables as the
 * GeoPackage plus the summary, and the GeoPackage's QGIS styles as rows of
 * public.layer_styles, so the layers open styled from the database. One transaction.
 */
#include "outputs.h"

/* Every table a run may write: all of them are replaced, so the layers of an older run
 * with bundles or sites do not linger beside a run without. */
static const char *const DB_TABLES[] = {"estates", "facilities", "service_areas", "bundles",
                                        "adjacency", "sites", "facility_areas", "summary"};

lc_status lc_db_write(lc_ctx *ctx, const lc_output_settings *s, const lc_db_layers *d)
{
    char *shown = lc_io_redact(s->to_db);
    if (!shown) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_note(ctx, "PostGIS: replacing the lifecircle tables of schema %s in %s and their "
            "styles in public.layer_styles, in one transaction", s->db_schema, shown);
    lc_db_target t = {s->to_db, s->db_schema, DB_TABLES, sizeof DB_TABLES / sizeof *DB_TABLES,
                      d->styles};
    lc_status st = lc_io_write_db(ctx, &t, d->layer, d->n);
    if (!st)
        lc_note(ctx, "PostGIS: %zu tables and %zu styles committed to schema %s", d->n,
                d->styles ? d->styles->nrows : 0, s->db_schema);
    lc_free(shown);
    return st;
}
