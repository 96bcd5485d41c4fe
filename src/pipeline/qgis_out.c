/*
 * qgis_out.c — what makes the outputs open styled in QGIS: a .qml beside every Shapefile
 * and GeoJSON layer (QGIS loads <name>.qml with <name>.shp/.geojson; estates_<k>.qml for
 * the other categories), the GeoPackage's `layer_styles` table (QGIS applies the default
 * row on load; one row per category for the estates) and lifecircle.qgs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../report/styles.h"
#include "outputs.h"

/* Layers written as files of their own (GeoJSON, Shapefile, FlatGeobuf) get a .qml beside
 * them: with FlatGeobuf every layer, else those with a GeoJSON or Shapefile. */
static bool has_file(const char *layer, unsigned formats)
{
    static const char *const files[] = {"estates", "bundles", "sites", "service_areas", "facility_areas"};
    if (formats & LC_FMT_FGB) return true;
    if (!(formats & (LC_FMT_GEOJSON | LC_FMT_SHP))) return false;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (!strcmp(layer, files[i])) return true;
    return false;
}

/* The styles of one layer: its default (and, for estates, one per category). */
static lc_status layer_styles(lc_ctx *ctx, const lc_style_ctx *sc, const lc_out_layer *l,
                              unsigned formats, lc_table *styles, const char *now, lc_outdir *od)
{
    bool estates = !strcmp(l->name, "estates");
    size_t def = lc_style_default_cat(sc), n = estates && sc->ncat ? sc->ncat : 1;
    lc_status st = LC_OK;
    for (size_t k = 0; !st && estates && sc->norm && k < sc->ncat; k++) {
        if (isnan(sc->norm[k])) continue; /* places against the norm, one style per category */
        char *qml = lc_style_qml(sc, "estates_places", l->table, k);
        if (!qml) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory writing the %s style", l->name);
        char name[96], file[96];
        snprintf(name, sizeof name, "%s %s %s", l->name, lc_tr_cat(sc->lang, sc->cats[k]),
                 lc_tr(sc->lang, "places"));
        snprintf(file, sizeof file, "%s_%s_places.qml", l->name, sc->cats[k]);
        st = lc_style_table_add(styles, l->name, name, qml, false, now) ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory") : LC_OK;
        if (!st && has_file(l->name, formats)) st = lc_io_write_text(ctx, lc_outdir_path(od, file), qml);
        lc_free(qml);
    }
    for (size_t k = 0; !st && k < n; k++) {
        size_t cat = estates ? k : 0;
        char *qml = lc_style_qml(sc, l->name, l->table, cat);
        if (!qml) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory writing the %s style", l->name);
        char name[64], file[96];
        bool is_def = !estates || cat == def;
        bool named = estates && sc->ncat; /* a run may evaluate no category at all */
        snprintf(name, sizeof name, "%s%s%s", l->name, named ? " " : "",
                 named ? lc_tr_cat(sc->lang, sc->cats[cat]) : "");
        st = lc_style_table_add(styles, l->name, name, qml, is_def, now) ? lc_fail(ctx, LC_ERR_NOMEM, "out of memory") : LC_OK;
        if (is_def) snprintf(file, sizeof file, "%s.qml", l->name);
        else snprintf(file, sizeof file, "%s_%s.qml", l->name, sc->cats[cat]);
        if (!st && has_file(l->name, formats)) st = lc_io_write_text(ctx, lc_outdir_path(od, file), qml);
        lc_free(qml);
    }
    return st;
}

static const char *geometry_kind(lc_gtype g)
{
    return g == LC_G_POINT ? "Point" : g == LC_G_MULTIPOLYGON ? "Polygon" : "Line";
}

/* Per category the norm of capacity-aware access (NAN: none), NULL without access. */
static double *norms(const lc_dataset *ds, const lc_access *ac)
{
    if (!ac) return NULL;
    double *n = lc_malloc((ds->ncat + 1) * sizeof *n);
    for (size_t k = 0; n && k < ds->ncat; k++) n[k] = NAN;
    for (size_t i = 0; n && i < ac->ncat; i++)
        if (ac->cat[i].per1000) n[ac->cat[i].cat] = ac->cat[i].norm;
    return n;
}

lc_status lc_qgis_outputs(lc_ctx *ctx, const lc_dataset *ds, const lc_cover *cv,
                          const lc_access *ac, int lang, const lc_out_layer *layers, size_t n,
                          unsigned formats, lc_table **styles_out, lc_outdir *od)
{
    double *norm = norms(ds, ac);
    if (ac && !norm) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_style_ctx sc = {(lc_lang)lang, (const char *const *)ds->cat, ds->ncat, cv->tier_minutes,
                       cv->ntiers, norm, ds->points};
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    lc_table *styles;
    if (lc_style_table_create(&styles)) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    lc_status st = LC_OK;
    /* project order: points on top, then lines, bundles, estates, areas at the bottom */
    static const char *const order[] = {"sites", "facilities", "adjacency", "bundles", "estates",
                                        "service_areas", "facility_areas"};
    lc_project_layer pl[8];
    size_t np = 0;
    for (size_t o = 0; o < sizeof order / sizeof *order; o++)
        for (size_t i = 0; i < n; i++)
            if (!strcmp(layers[i].name, order[o]) && layers[i].table)
                pl[np++] = (lc_project_layer){layers[i].name, layers[i].table, geometry_kind(layers[i].gtype)};
    for (size_t i = 0; !st && i < n; i++)
        if (layers[i].table) st = layer_styles(ctx, &sc, &layers[i], formats, styles, now, od);
    /* the project opens the GeoPackage, else the FlatGeobuf files (both in the working CRS);
     * GeoJSON and Shapefiles alone lack the facilities and adjacency: no project then */
    bool project = formats & (LC_FMT_GPKG | LC_FMT_FGB);
    const char *gpkg = formats & LC_FMT_GPKG ? "lifecircle.gpkg" : NULL;
    char *qgs = st || !project ? NULL : lc_style_project(&sc, pl, np, gpkg, ds->work_wkt, ds->work_name);
    if (!st && project && !qgs) st = lc_fail(ctx, LC_ERR_NOMEM, "out of memory writing the project");
    if (!st && project) st = lc_io_write_text(ctx, lc_outdir_path(od, "lifecircle.qgs"), qgs);
    if (!st && !project) lc_note(ctx, "no lifecircle.qgs: the QGIS project opens lifecircle.gpkg "
                                 "or the .fgb files, and formats names neither");
    lc_free(qgs);
    lc_free(norm);
    if (st) {
        lc_table_destroy(styles);
        return st;
    }
    *styles_out = styles;
    return LC_OK;
}
