/*
 * network.h — inputs of the walking network: walkable ways of any GDAL line
 * source or OSM file, projected into the working CRS, built into an lc_graph; and the
 * estates' entrances (entrances.c).
 */
#ifndef LC_MODEL_NETWORK_H
#define LC_MODEL_NETWORK_H

#include "../core/options.h"
#include "../net/net.h"

/** What happened to the network's features. */
typedef struct lc_net_counts {
    size_t read, used, excluded, skipped;
} lc_net_counts;

/** The walkability rule (see network.c) for one way's tags; NULL foot/access: absent;
 *  NULL highway: the layer has no highway field (only foot and access decide), "" a way
 *  without a highway value in a layer that has the field. */
bool lc_way_walkable(const lc_walk_settings *s, const char *highway, const char *foot,
                     const char *access);

/** The walkable lines of one network layer in the working CRS, each with its id. */
typedef struct lc_net_lines {
    GEOSGeometry **g;   /* owned */
    char **id;          /* owned: the `id` field, else an OSM way's osm_id, else the feature id */
    size_t n;
    lc_net_counts c;    /* what happened to the layer's features */
    char *desc;         /* the layer, for messages (owned) */
} lc_net_lines;
/** Read the walkable lines of layer `l` (s->network, or a scenario's added lines) by the
 *  walkability rule of `s`. */
lc_status lc_net_lines_read(lc_ctx *ctx, const lc_walk_settings *s, const lc_layer_settings *l,
                            const char *work_wkt, lc_net_lines *out);
void lc_net_lines_clear(lc_ctx *ctx, lc_net_lines *l);
/** Is line i the one `id` names: its id, or "way/<id>" for an OSM way? */
bool lc_net_line_is(const lc_net_lines *l, size_t i, const char *id);

/** Read s->network and build the graph in the working CRS `work_wkt`; `keep` (NULL: not
 *  wanted) gets the walkable lines (a comparison builds the graphs of edited networks from
 *  them). */
lc_status lc_network_load(lc_ctx *ctx, const lc_walk_settings *s, const char *work_wkt,
                          lc_graph **out, lc_net_counts *c, lc_net_lines *keep);

/** What happened to the entrance points. */
typedef struct lc_entrance_counts {
    size_t read, used, unknown, skipped;
    lc_input_datum datum_read; /* a table's datum and why (input empty: none to record) */
} lc_entrance_counts;

struct lc_dataset;
/** Read s->entrances into ds->ent_off / ds->ent_xy (working CRS). */
lc_status lc_entrances_load(lc_ctx *ctx, const lc_walk_settings *s, struct lc_dataset *ds,
                            lc_entrance_counts *c);

#endif
