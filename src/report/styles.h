/*
 * styles.h — QGIS styles of the output layers (QML, written with libxml2): estates in a
 * red/amber/green scheme of one category's gaps at 5 and 10 minutes (one style per
 * category; fills, or dots for point estates), bundles outlined and labelled with id and households, service areas
 * translucent per category, sites as ranked stars, facilities by category, adjacency lines,
 * the changes of a comparison of scenarios green (gains), red (losses), grey (both);
 * field aliases in the run's language. The same style bodies go into lifecircle.qgs, a
 * QGIS project of the GeoPackage's layers in the working CRS.
 */
#ifndef LC_STYLES_H
#define LC_STYLES_H

#include "../core/table.h"
#include "i18n.h"

/** What the styles depend on besides the layer. Borrowed. */
typedef struct lc_style_ctx {
    lc_lang lang;
    const char *const *cats;   /* evaluated category keys */
    size_t ncat;
    const int *tier_minutes;   /* 5, 10[, 15] */
    size_t ntiers;
    const double *norm;        /* per category: places per 1,000 the norm asks (capacity-aware
                                  access); NAN: none; NULL: no access at all */
    bool est_points;           /* the estates are points: marker symbols, not fills */
} lc_style_ctx;

/** QML of layer `layer` ("estates", "bundles", "changes", ...) whose fields are those of `t`; for
 *  estates, `cat` picks the category shown; "estates_places" classes the estates by their
 *  places per 1,000 within 10 minutes against category `cat`'s norm. Owned by the caller (lc_free); NULL: out of
 *  memory or no style for that layer. */
char *lc_style_qml(const lc_style_ctx *sc, const char *layer, const lc_table *t, size_t cat);

/** One layer of the project: its name in the GeoPackage, fields and geometry kind
 *  ("Point", "Line", "Polygon"). */
typedef struct lc_project_layer {
    const char *name;
    const lc_table *table;
    const char *geometry;
} lc_project_layer;

/** The .qgs project text: the layers in the order given (top first), each from
 *  ./<gpkg>|layername=<name> (`gpkg` NULL: from ./<name>.fgb), styled, in the working CRS
 *  (`wkt`, `authid` may be ""). */
char *lc_style_project(const lc_style_ctx *sc, const lc_project_layer *layers, size_t n,
                       const char *gpkg, const char *wkt, const char *authid);

/** A new QGIS `layer_styles` table (the GeoPackage styling convention's columns), to be
 *  written as a layer of a GeoPackage; the caller destroys it. LC_ERR_NOMEM. */
lc_status lc_style_table_create(lc_table **out);
/** A row of it: the style `name` of layer `layer` (QML text `qml`), QGIS's default for the
 *  layer when `def`, updated at `now` (ISO 8601). LC_ERR_NOMEM. */
lc_status lc_style_table_add(lc_table *t, const char *layer, const char *name, const char *qml,
                             bool def, const char *now);

/** The category shown by default on the estates: elder care when evaluated, else the first. */
size_t lc_style_default_cat(const lc_style_ctx *sc);

#endif
