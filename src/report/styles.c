/*
 * styles.c — QGIS styles and project (see styles.h). libxml2's text writer does the XML,
 * so escaping (Chinese names, quotes in filter expressions) is not ours. Symbol layers use
 * the <prop k v> form that every QGIS 3 release reads.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "../core/core.h"
#include "../cover/cover.h"
#include "styles.h"

typedef xmlTextWriterPtr W;

static void start(W w, const char *el) { xmlTextWriterStartElement(w, BAD_CAST el); }
static void end(W w) { xmlTextWriterEndElement(w); }
static void attr(W w, const char *k, const char *v) { xmlTextWriterWriteAttribute(w, BAD_CAST k, BAD_CAST v); }
static void text_el(W w, const char *el, const char *v)
{
    xmlTextWriterWriteElement(w, BAD_CAST el, BAD_CAST v);
}

static void prop(W w, const char *k, const char *v)
{
    start(w, "prop");
    attr(w, "k", k);
    attr(w, "v", v);
    end(w);
}

/* ---- symbols ---------------------------------------------------------------------------- */

typedef struct {
    const char *type;  /* fill, line, marker */
    const char *fill, *outline;
    const char *width; /* outline or line width, mm */
    const char *extra; /* marker name, fill/line style */
    const char *size;  /* marker size, mm */
} sym;

static void symbol(W w, const char *name, const sym *s)
{
    start(w, "symbol");
    attr(w, "type", s->type);
    attr(w, "name", name);
    attr(w, "alpha", "1");
    attr(w, "clip_to_extent", "1");
    attr(w, "force_rhr", "0");
    start(w, "layer");
    attr(w, "enabled", "1");
    attr(w, "pass", "0");
    attr(w, "locked", "0");
    if (!strcmp(s->type, "fill")) {
        attr(w, "class", "SimpleFill");
        prop(w, "color", s->fill);
        prop(w, "style", s->extra ? s->extra : "solid");
        prop(w, "outline_color", s->outline);
        prop(w, "outline_style", "solid");
        prop(w, "outline_width", s->width);
        prop(w, "outline_width_unit", "MM");
        prop(w, "joinstyle", "bevel");
    } else if (!strcmp(s->type, "line")) {
        attr(w, "class", "SimpleLine");
        prop(w, "line_color", s->outline);
        prop(w, "line_width", s->width);
        prop(w, "line_width_unit", "MM");
        prop(w, "line_style", s->extra ? s->extra : "solid");
        prop(w, "capstyle", "round");
    } else {
        attr(w, "class", "SimpleMarker");
        prop(w, "name", s->extra ? s->extra : "circle");
        prop(w, "color", s->fill);
        prop(w, "outline_color", s->outline);
        prop(w, "outline_width", s->width);
        prop(w, "size", s->size ? s->size : "2");
        prop(w, "size_unit", "MM");
    }
    end(w); /* layer */
    end(w); /* symbol */
}

static void renderer_start(W w, const char *type)
{
    start(w, "renderer-v2");
    attr(w, "type", type);
    attr(w, "symbollevels", "0");
    attr(w, "enableorderby", "0");
    attr(w, "forceraster", "0");
}

static void single(W w, const sym *s)
{
    renderer_start(w, "singleSymbol");
    start(w, "symbols");
    symbol(w, "0", s);
    end(w);
    end(w);
}

/* ---- colours --------------------------------------------------------------------------- */

static const char *cat_colour(const char *key, bool translucent)
{
    static const char *const keys[] = {"elder", "child", "kgdn", "clinic", "hosp", "comm"};
    static const char *const solid[] = {"228,26,28,255", "55,126,184,255", "77,175,74,255",
                                        "152,78,163,255", "255,127,0,255", "166,86,40,255"};
    static const char *const light[] = {"228,26,28,50", "55,126,184,50", "77,175,74,50",
                                        "152,78,163,50", "255,127,0,50", "166,86,40,50"};
    for (size_t i = 0; i < 6; i++)
        if (!strcmp(key, keys[i])) return translucent ? light[i] : solid[i];
    return translucent ? "120,120,120,50" : "120,120,120,255";
}

#define RED "215,48,39,255"
#define AMBER "253,174,97,255"
#define GREEN "26,152,80,255"

/* An estate's symbol in `colour`: a filled polygon, or a dot for point estates. */
static sym estate_sym(const lc_style_ctx *sc, const char *colour)
{
    if (sc->est_points) return (sym){"marker", colour, "80,80,80,255", "0.2", "circle", "2.6"};
    return (sym){"fill", colour, "80,80,80,255", "0.15", NULL, NULL};
}

/* ---- renderers per layer ----------------------------------------------------------------- */

static void rule(W w, const char *key, const char *filter, const char *symbol_name,
                 const char *label)
{
    start(w, "rule");
    attr(w, "key", key);
    attr(w, "filter", filter);
    attr(w, "symbol", symbol_name);
    attr(w, "label", label);
    end(w);
}

/* Estates: green covered within 5 minutes, amber only within 10, red not within 10. */
static void estates_renderer(W w, const lc_style_ctx *sc, size_t cat)
{
    const char *k = sc->ncat ? sc->cats[cat] : "none";
    char f[3][96], lab[3][128], g5[32], g10[32];
    lc_cover_field_name(g5, sizeof g5, k, 'g', 5);
    lc_cover_field_name(g10, sizeof g10, k, 'g', 10);
    snprintf(f[0], sizeof f[0], "\"%s\" = 0", g5);
    snprintf(f[1], sizeof f[1], "\"%s\" = 1 AND \"%s\" = 0", g5, g10);
    snprintf(f[2], sizeof f[2], "\"%s\" = 1", g10);
    static const char *const words[] = {"covered5", "covered10", "gap10"};
    for (int i = 0; i < 3; i++)
        snprintf(lab[i], sizeof lab[i], "%s: %s", lc_tr_cat(sc->lang, k), lc_tr(sc->lang, words[i]));
    renderer_start(w, "RuleRenderer");
    start(w, "rules");
    attr(w, "key", "root");
    static const char *const names[] = {"0", "1", "2"};
    for (int i = 0; i < 3; i++) rule(w, names[i], f[i], names[i], lab[i]);
    end(w);
    start(w, "symbols");
    static const char *const colours[] = {GREEN, AMBER, RED};
    for (int i = 0; i < 3; i++) {
        sym s = estate_sym(sc, colours[i]);
        symbol(w, names[i], &s);
    }
    end(w);
    end(w);
}

/* Estates by places per 1,000 of their demand within 10 minutes (k_a10) against the norm:
 * at least the norm green, half of it amber, less red, none in reach dark red. */
static void places_renderer(W w, const lc_style_ctx *sc, size_t cat)
{
    const char *k = sc->cats[cat];
    double n = sc->norm[cat];
    char f[4][128], lab[4][160], a10[32];
    lc_cover_field_name(a10, sizeof a10, k, 'a', 10);
    snprintf(f[0], sizeof f[0], "\"%s\" >= %g", a10, n);
    snprintf(f[1], sizeof f[1], "\"%s\" >= %g AND \"%s\" < %g", a10, n / 2, a10, n);
    snprintf(f[2], sizeof f[2], "\"%s\" > 0 AND \"%s\" < %g", a10, a10, n / 2);
    snprintf(f[3], sizeof f[3], "\"%s\" = 0", a10);
    static const char *const words[] = {"places_ok", "places_half", "places_low", "places_none"};
    for (int i = 0; i < 4; i++)
        snprintf(lab[i], sizeof lab[i], "%s: %s (%s %g)", lc_tr_cat(sc->lang, k),
                 lc_tr(sc->lang, words[i]), lc_tr(sc->lang, "norm"), n);
    renderer_start(w, "RuleRenderer");
    start(w, "rules");
    attr(w, "key", "root");
    static const char *const names[] = {"0", "1", "2", "3"};
    for (int i = 0; i < 4; i++) rule(w, names[i], f[i], names[i], lab[i]);
    end(w);
    start(w, "symbols");
    static const char *const colours[] = {GREEN, AMBER, RED, "120,0,0,255"};
    for (int i = 0; i < 4; i++) {
        sym s = estate_sym(sc, colours[i]);
        symbol(w, names[i], &s);
    }
    end(w);
    end(w);
}

/* The changes of a comparison (report/compare.c): green where gaps only closed (`gains`),
 * red where they only opened (`losses`), grey where both, a grey outline where only a
 * share, a walking distance or places changed. */
static void changes_renderer(W w, const lc_style_ctx *sc)
{
    static const char *const f[] = {"\"gains\" > 0 AND \"losses\" = 0", "\"losses\" > 0 AND \"gains\" = 0",
                                    "\"gains\" > 0 AND \"losses\" > 0", "\"gains\" = 0 AND \"losses\" = 0"};
    static const char *const words[] = {"gains_only", "losses_only", "gains_losses", "change_other"};
    static const char *const names[] = {"0", "1", "2", "3"};
    renderer_start(w, "RuleRenderer");
    start(w, "rules");
    attr(w, "key", "root");
    for (int i = 0; i < 4; i++) rule(w, names[i], f[i], names[i], lc_tr(sc->lang, words[i]));
    end(w);
    start(w, "symbols");
    static const char *const colours[] = {GREEN, RED, "150,150,150,255", "255,255,255,0"};
    for (int i = 0; i < 4; i++) {
        sym s = estate_sym(sc, colours[i]);
        if (i == 3) s.outline = "120,120,120,255", s.width = sc->est_points ? "0.4" : "0.5";
        symbol(w, names[i], &s);
    }
    end(w);
    end(w);
}

/* Categorized on `field` by the evaluated category keys. */
static void by_category(W w, const lc_style_ctx *sc, const char *field, const sym *base,
                        bool translucent)
{
    renderer_start(w, "categorizedSymbol");
    attr(w, "attr", field);
    start(w, "categories");
    char name[24];
    for (size_t i = 0; i < sc->ncat; i++) {
        snprintf(name, sizeof name, "%zu", i);
        start(w, "category");
        attr(w, "value", sc->cats[i]);
        attr(w, "symbol", name);
        attr(w, "label", lc_tr_cat(sc->lang, sc->cats[i]));
        attr(w, "render", "true");
        end(w);
    }
    end(w);
    start(w, "symbols");
    for (size_t i = 0; i < sc->ncat; i++) {
        snprintf(name, sizeof name, "%zu", i);
        sym s = *base;
        s.fill = cat_colour(sc->cats[i], translucent);
        if (!strcmp(s.type, "fill")) s.outline = cat_colour(sc->cats[i], false);
        symbol(w, name, &s);
    }
    end(w);
    end(w);
}

static void adjacency_renderer(W w)
{
    renderer_start(w, "RuleRenderer");
    start(w, "rules");
    attr(w, "key", "root");
    rule(w, "0", "\"same_bundle\" = 1", "0", "same bundle / 同一片区");
    rule(w, "1", "\"same_bundle\" = 0", "1", "other / 不同片区");
    end(w);
    start(w, "symbols");
    symbol(w, "0", &(sym){"line", NULL, "31,80,160,255", "0.5", NULL, NULL});
    symbol(w, "1", &(sym){"line", NULL, "150,150,150,255", "0.3", "dash", NULL});
    end(w);
    end(w);
}

/* ---- labels ------------------------------------------------------------------------------ */

static void labeling(W w, const char *expression, const char *placement, const char *colour)
{
    start(w, "labeling");
    attr(w, "type", "simple");
    start(w, "settings");
    attr(w, "calloutType", "simple");
    start(w, "text-style");
    attr(w, "fieldName", expression);
    attr(w, "isExpression", "1");
    attr(w, "fontSize", "9");
    attr(w, "fontSizeUnit", "Point");
    attr(w, "fontWeight", "75");
    attr(w, "textColor", colour);
    attr(w, "textOpacity", "1");
    start(w, "text-buffer");
    attr(w, "bufferDraw", "1");
    attr(w, "bufferSize", "1");
    attr(w, "bufferSizeUnits", "MM");
    attr(w, "bufferColor", "255,255,255,255");
    attr(w, "bufferOpacity", "1");
    end(w);
    end(w); /* text-style */
    start(w, "text-format");
    attr(w, "multilineAlign", "1");
    end(w);
    start(w, "placement");
    attr(w, "placement", placement);
    attr(w, "dist", "1");
    end(w);
    start(w, "rendering");
    attr(w, "obstacle", "1");
    attr(w, "scaleVisibility", "0");
    end(w);
    end(w); /* settings */
    end(w); /* labeling */
}

/* ---- aliases ----------------------------------------------------------------------------- */

static void aliases(W w, const lc_style_ctx *sc, const lc_table *t)
{
    start(w, "aliases");
    for (size_t i = 0; t && i < t->nfields; i++) {
        char buf[128], idx[24];
        const char *a = lc_field_alias(sc->lang, t->fields[i].name, buf, sizeof buf);
        if (!a) continue;
        snprintf(idx, sizeof idx, "%zu", i);
        start(w, "alias");
        attr(w, "field", t->fields[i].name);
        attr(w, "index", idx);
        attr(w, "name", a);
        end(w);
    }
    end(w);
}

/* ---- a layer's style body ---------------------------------------------------------------- */

static bool has_labels(const char *layer)
{
    return !strcmp(layer, "bundles") || !strcmp(layer, "sites");
}

static bool style_body(W w, const lc_style_ctx *sc, const char *layer, const lc_table *t, size_t cat)
{
    if (!strcmp(layer, "estates")) {
        estates_renderer(w, sc, cat);
    } else if (!strcmp(layer, "estates_places") && sc->norm && cat < sc->ncat) {
        places_renderer(w, sc, cat);
    } else if (!strcmp(layer, "bundles")) {
        single(w, &(sym){"fill", "31,80,160,25", "31,80,160,255", "0.8", NULL, NULL});
        char expr[160];
        snprintf(expr, sizeof expr, "concat(\"bundle\", '\\n', to_string(to_int(\"households\")), '%s')",
                 sc->lang == LC_LANG_EN ? " hh" : " 户");
        labeling(w, expr, "1", "31,80,160,255");
    } else if (!strcmp(layer, "sites")) {
        single(w, &(sym){"marker", "255,215,0,255", "120,0,0,255", "0.4", "star", "6"});
        labeling(w, "concat('#', \"rank\")", "0", "120,0,0,255");
    } else if (!strcmp(layer, "facilities")) {
        by_category(w, sc, "catkey", &(sym){"marker", NULL, "255,255,255,255", "0.3", "circle", "2.4"}, false);
    } else if (!strcmp(layer, "service_areas") || !strcmp(layer, "facility_areas")) {
        by_category(w, sc, "category", &(sym){"fill", NULL, NULL, "0.3", NULL, NULL}, true);
    } else if (!strcmp(layer, "adjacency")) {
        adjacency_renderer(w);
    } else if (!strcmp(layer, "changes")) {
        changes_renderer(w, sc);
    } else {
        return false;
    }
    aliases(w, sc, t);
    return true;
}

/* ---- documents ----------------------------------------------------------------------------- */

static char *finish(W w, xmlBufferPtr buf, bool ok)
{
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    char *out = ok ? lc_strdup((const char *)xmlBufferContent(buf)) : NULL;
    xmlBufferFree(buf);
    return out;
}

/* A QGIS document (QML or project) in memory, its <qgis> root opened; NULL: out of memory. */
static W qgis_document(xmlBufferPtr *buf)
{
    *buf = xmlBufferCreate();
    W w = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
    if (!w) {
        if (*buf) xmlBufferFree(*buf);
        return NULL;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterWriteDTD(w, BAD_CAST "qgis", BAD_CAST "http://mrcc.com/qgis.dtd", BAD_CAST "SYSTEM", NULL);
    start(w, "qgis");
    return w;
}

char *lc_style_qml(const lc_style_ctx *sc, const char *layer, const lc_table *t, size_t cat)
{
    xmlBufferPtr buf;
    W w = qgis_document(&buf);
    if (!w) return NULL;
    attr(w, "version", "3.22.0");
    attr(w, "styleCategories", "Symbology|Labeling|Fields");
    attr(w, "labelsEnabled", has_labels(layer) ? "1" : "0");
    bool ok = style_body(w, sc, layer, t, cat);
    end(w);
    return finish(w, buf, ok);
}

static void spatialrefsys(W w, const char *wkt, const char *authid)
{
    start(w, "spatialrefsys");
    attr(w, "nativeFormat", "Wkt");
    text_el(w, "wkt", wkt);
    text_el(w, "authid", authid);
    end(w);
}

static void tree_layer(W w, const lc_project_layer *l, const char *source)
{
    char id[96];
    snprintf(id, sizeof id, "lifecircle_%s", l->name);
    start(w, "layer-tree-layer");
    attr(w, "id", id);
    attr(w, "name", l->name);
    attr(w, "source", source);
    attr(w, "providerKey", "ogr");
    attr(w, "checked", strcmp(l->name, "facility_areas") && strcmp(l->name, "adjacency") ? "Qt::Checked" : "Qt::Unchecked");
    attr(w, "expanded", "1");
    end(w);
}

static void map_layer(W w, const lc_style_ctx *sc, const lc_project_layer *l, const char *source,
                      const char *wkt, const char *authid)
{
    char id[96];
    snprintf(id, sizeof id, "lifecircle_%s", l->name);
    start(w, "maplayer");
    attr(w, "type", "vector");
    attr(w, "geometry", l->geometry);
    attr(w, "labelsEnabled", has_labels(l->name) ? "1" : "0");
    text_el(w, "id", id);
    text_el(w, "datasource", source);
    text_el(w, "layername", l->name);
    start(w, "srs");
    spatialrefsys(w, wkt, authid);
    end(w);
    start(w, "provider");
    attr(w, "encoding", "UTF-8");
    xmlTextWriterWriteString(w, BAD_CAST "ogr");
    end(w);
    style_body(w, sc, l->name, l->table, lc_style_default_cat(sc));
    end(w);
}

char *lc_style_project(const lc_style_ctx *sc, const lc_project_layer *layers, size_t n,
                       const char *gpkg, const char *wkt, const char *authid)
{
    xmlBufferPtr buf;
    W w = qgis_document(&buf);
    if (!w) return NULL;
    attr(w, "projectname", "lifecircle");
    attr(w, "version", "3.22.0");
    text_el(w, "title", lc_tr(sc->lang, "title"));
    start(w, "projectCrs");
    spatialrefsys(w, wkt, authid);
    end(w);
    char (*src)[512] = lc_calloc(n + 1, sizeof *src);
    if (!src) return finish(w, buf, false);
    for (size_t i = 0; i < n; i++)
        if (gpkg) snprintf(src[i], sizeof src[i], "./%s|layername=%s", gpkg, layers[i].name);
        else snprintf(src[i], sizeof src[i], "./%s.fgb", layers[i].name);
    start(w, "layer-tree-group");
    for (size_t i = 0; i < n; i++) tree_layer(w, &layers[i], src[i]);
    end(w);
    start(w, "projectlayers");
    for (size_t i = 0; i < n; i++) map_layer(w, sc, &layers[i], src[i], wkt, authid);
    end(w);
    start(w, "properties");
    start(w, "SpatialRefSys"); /* QGIS reads <projectCrs> only with this set */
    start(w, "ProjectionsEnabled");
    attr(w, "type", "int");
    xmlTextWriterWriteString(w, BAD_CAST "1");
    end(w);
    end(w);
    start(w, "Paths");
    start(w, "Absolute");
    attr(w, "type", "bool");
    xmlTextWriterWriteString(w, BAD_CAST "false");
    end(w);
    end(w);
    end(w);
    end(w); /* qgis */
    lc_free(src);
    return finish(w, buf, true);
}

/* ---- QGIS's layer_styles table ---------------------------------------------------------- */

/* Columns of QGIS's layer_styles table (the QGIS GeoPackage styling convention). */
enum { LS_CAT, LS_SCHEMA, LS_TABLE, LS_GEOM, LS_NAME, LS_QML, LS_SLD, LS_DEFAULT, LS_DESC,
       LS_OWNER, LS_UI, LS_TIME, LS_N };

lc_status lc_style_table_create(lc_table **out)
{
    static const char *const names[LS_N] = {
        "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
        "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"};
    lc_table *t = lc_table_create();
    if (!t) return LC_ERR_NOMEM;
    for (size_t i = 0; i < LS_N; i++)
        if (lc_table_add_field(t, names[i], i == LS_DEFAULT ? LC_FT_INT : LC_FT_STRING, 0, 0, NULL)) {
            lc_table_destroy(t);
            return LC_ERR_NOMEM;
        }
    *out = t;
    return LC_OK;
}

lc_status lc_style_table_add(lc_table *t, const char *layer, const char *name, const char *qml,
                             bool def, const char *now)
{
    size_t r;
    if (lc_table_add_row(t, (int64_t)t->nrows + 1, &r)) return LC_ERR_NOMEM;
    const char *vals[LS_N] = {"", "", layer, "geom", name, qml, "", NULL, "lifecircle", "", "", now};
    for (size_t i = 0; i < LS_N; i++)
        if (vals[i] && lc_table_set_str(t, r, i, vals[i])) return LC_ERR_NOMEM;
    lc_table_set_int(t, r, LS_DEFAULT, def);
    return LC_OK;
}

size_t lc_style_default_cat(const lc_style_ctx *sc)
{
    for (size_t i = 0; i < sc->ncat; i++)
        if (!strcmp(sc->cats[i], "elder")) return i;
    return 0;
}
