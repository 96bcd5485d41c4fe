/* net_internal.h — helpers shared by the network's .c files. */
#ifndef LC_NET_INTERNAL_H
#define LC_NET_INTERNAL_H

#include "net.h"

/** Build a grid of cells of side `cell` from origin (x0, y0), at or below every box, over n
 *  items whose boxes box(i) gives as {minx, miny, maxx, maxy}. */
lc_status lc_grid_build(lc_grid *gr, double x0, double y0, double cell, size_t n,
                        void (*box)(size_t i, double b[4], const void *ud), const void *ud);
void lc_grid_clear(lc_grid *gr);

#endif
