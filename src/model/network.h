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

/** Read s->network and build the graph in the working CRS `work_wkt`. */
lc_status lc_network_load(lc_ctx *ctx, const lc_walk_settings *s, const char *work_wkt,
                          lc_graph **out, lc_net_counts *c);

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
