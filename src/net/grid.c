/*
 * grid.c — a uniform grid over the network's nodes and edge boxes. GEOS's STRtree needs a
 * geometry object per item, which for a million edges costs hundreds of megabytes; a grid
 * of item ids in CSR form costs a few bytes per item and answers the bounded box queries
 * of snapping (≤ max-snap) and access points (≤ access-snap) directly.
 */
#include <math.h>
#include <string.h>

#include "net_internal.h"

static size_t clampz(double v, size_t hi)
{
    if (!(v > 0)) return 0;
    return v >= (double)hi ? hi - 1 : (size_t)v;
}

void lc_grid_cells(const lc_grid *gr, double minx, double miny, double maxx, double maxy,
                   size_t *c0, size_t *r0, size_t *c1, size_t *r1)
{
    *c0 = clampz((minx - gr->x0) / gr->cell, gr->nx);
    *c1 = clampz((maxx - gr->x0) / gr->cell, gr->nx);
    *r0 = clampz((miny - gr->y0) / gr->cell, gr->ny);
    *r1 = clampz((maxy - gr->y0) / gr->cell, gr->ny);
}

/* Two passes (count, then fill) over the items' boxes, as a counting sort by cell. */
lc_status lc_grid_build(lc_grid *gr, double x0, double y0, double x1, double y1, size_t n,
                        void (*box)(size_t i, double b[4], const void *ud), const void *ud)
{
    memset(gr, 0, sizeof *gr);
    double w = fmax(x1 - x0, 1), h = fmax(y1 - y0, 1);
    gr->cell = fmin(fmax(2 * sqrt(w * h / (double)(n ? n : 1)), 10), 1000);
    gr->x0 = x0, gr->y0 = y0;
    gr->nx = (size_t)(w / gr->cell) + 1, gr->ny = (size_t)(h / gr->cell) + 1;
    size_t ncell = gr->nx * gr->ny;
    gr->off = lc_calloc(ncell + 1, sizeof(size_t));
    if (!gr->off) return LC_ERR_NOMEM;
    double b[4];
    size_t c0, r0, c1, r1;
    for (size_t i = 0; i < n; i++) {
        box(i, b, ud);
        lc_grid_cells(gr, b[0], b[1], b[2], b[3], &c0, &r0, &c1, &r1);
        for (size_t r = r0; r <= r1; r++)
            for (size_t c = c0; c <= c1; c++) gr->off[r * gr->nx + c + 1]++;
    }
    for (size_t c = 0; c < ncell; c++) gr->off[c + 1] += gr->off[c];
    gr->item = lc_malloc((gr->off[ncell] + 1) * sizeof(uint32_t));
    size_t *fill = lc_malloc((ncell + 1) * sizeof(size_t));
    if (!gr->item || !fill) {
        lc_free(fill);
        return LC_ERR_NOMEM;
    }
    memcpy(fill, gr->off, ncell * sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        box(i, b, ud);
        lc_grid_cells(gr, b[0], b[1], b[2], b[3], &c0, &r0, &c1, &r1);
        for (size_t r = r0; r <= r1; r++)
            for (size_t c = c0; c <= c1; c++) gr->item[fill[r * gr->nx + c]++] = (uint32_t)i;
    }
    lc_free(fill);
    return LC_OK;
}

void lc_grid_clear(lc_grid *gr)
{
    lc_free(gr->off);
    lc_free(gr->item);
    memset(gr, 0, sizeof *gr);
}

