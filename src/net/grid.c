/*
 * grid.c — a sparse uniform grid over the network's nodes and edge boxes. GEOS's STRtree
 * needs a geometry object per item, which for a million edges costs hundreds of megabytes;
 * a grid of item ids in CSR form costs a few bytes per item and answers the bounded box
 * queries of snapping (≤ max-snap), access points (≤ access-snap) and the edges near an
 * estate directly.
 *
 * Only occupied cells are stored, sorted by (row, column): real extracts carry far-away
 * outliers (Liechtenstein's has test objects on other continents), and a dense grid over
 * their box took a gigabyte. The cells of one row are consecutive, and so are their items,
 * so a box query is one hash lookup and two binary searches per row of the box.
 */
#include <math.h>
#include <string.h>

#include "net_internal.h"

/* Column or row of coordinate v, clamped to [0, UINT32_MAX - 1]; inv = 1 / cell. A cast,
 * not floor(): v - origin is never negative for the items (the origin is their minimum),
 * and a query box below it is clamped to 0 anyway. */
static uint32_t cell_of(double v, double origin, double inv)
{
    double c = (v - origin) * inv;
    if (!(c > 0)) return 0;
    return c >= (double)(UINT32_MAX - 1) ? UINT32_MAX - 1 : (uint32_t)c;
}

static uint64_t key_of(uint32_t row, uint32_t col)
{
    return (uint64_t)row << 32 | col;
}

/* An item in a cell, while building. */
typedef struct {
    uint64_t key;
    uint32_t item;
} cell_item;

/* Stable LSD radix sort of n pairs by key, 16 bits a pass; passes whose digit is the same
 * for every key are skipped (most keys differ only in their low bits of row and column).
 * Stable, so items stay in increasing order within a cell. */
static lc_status radix_sort(cell_item *a, size_t n)
{
    cell_item *tmp = lc_malloc((n + 1) * sizeof *tmp);
    size_t *count = lc_malloc(65537 * sizeof *count);
    if (!tmp || !count) return lc_free(tmp), lc_free(count), LC_ERR_NOMEM;
    uint64_t all_or = 0, all_and = ~(uint64_t)0;
    for (size_t i = 0; i < n; i++) all_or |= a[i].key, all_and &= a[i].key;
    for (int shift = 0; shift < 64; shift += 16) {
        if (!(((all_or ^ all_and) >> shift) & 0xffff)) continue;
        memset(count, 0, 65537 * sizeof *count);
        for (size_t i = 0; i < n; i++) count[((a[i].key >> shift) & 0xffff) + 1]++;
        for (size_t d = 0; d < 65536; d++) count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++) tmp[count[(a[i].key >> shift) & 0xffff]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
    lc_free(tmp);
    lc_free(count);
    return LC_OK;
}

static size_t row_slot(uint32_t row, size_t mask)
{
    return (size_t)((row * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & mask;
}

/* The row table: open addressing from row number to its first cell and one past its last. */
static lc_status make_rows(lc_grid *gr)
{
    size_t nrows = 0;
    for (size_t i = 0; i < gr->ncells; i++)
        nrows += !i || (gr->key[i] >> 32) != (gr->key[i - 1] >> 32);
    size_t cap = 16;
    while (cap < 2 * nrows) cap *= 2;
    gr->row_mask = cap - 1;
    gr->rows = lc_malloc(cap * sizeof *gr->rows);
    if (!gr->rows) return LC_ERR_NOMEM;
    for (size_t s = 0; s < cap; s++) gr->rows[s] = (lc_grid_row){UINT32_MAX, 0, 0};
    for (size_t i = 0; i < gr->ncells;) {
        uint32_t row = (uint32_t)(gr->key[i] >> 32);
        size_t j = i;
        while (j < gr->ncells && (uint32_t)(gr->key[j] >> 32) == row) j++;
        size_t s = row_slot(row, gr->row_mask);
        while (gr->rows[s].row != UINT32_MAX) s = (s + 1) & gr->row_mask;
        gr->rows[s] = (lc_grid_row){row, i, j};
        i = j;
    }
    return LC_OK;
}

/* Cells and their items from the sorted pairs. */
static lc_status make_cells(lc_grid *gr, const cell_item *p, size_t np)
{
    size_t nc = 0;
    for (size_t i = 0; i < np; i++) nc += !i || p[i].key != p[i - 1].key;
    gr->key = lc_malloc((nc + 1) * sizeof *gr->key);
    gr->off = lc_malloc((nc + 1) * sizeof *gr->off);
    gr->item = lc_malloc((np + 1) * sizeof *gr->item);
    if (!gr->key || !gr->off || !gr->item) return LC_ERR_NOMEM;
    for (size_t i = 0; i < np; i++) {
        if (!i || p[i].key != p[i - 1].key) {
            gr->key[gr->ncells] = p[i].key;
            gr->off[gr->ncells++] = i;
        }
        gr->item[i] = p[i].item;
        uint32_t r = (uint32_t)(p[i].key >> 32), c = (uint32_t)p[i].key;
        if (r > gr->max_row) gr->max_row = r;
        if (c > gr->max_col) gr->max_col = c;
    }
    gr->off[gr->ncells] = np;
    return make_rows(gr);
}

lc_status lc_grid_build(lc_grid *gr, double x0, double y0, double cell, size_t n,
                        void (*box)(size_t i, double b[4], const void *ud), const void *ud)
{
    memset(gr, 0, sizeof *gr);
    gr->x0 = x0, gr->y0 = y0, gr->cell = cell;
    double inv = 1 / cell;
    cell_item *p = NULL;
    size_t np = 0, cap = 0;
    lc_status st = lc_grow((void **)&p, &cap, n + n / 2 + 1, sizeof *p) ? LC_ERR_NOMEM : LC_OK;
    double b[4];
    for (size_t i = 0; !st && i < n; i++) {
        box(i, b, ud);
        uint32_t c0 = cell_of(b[0], x0, inv), c1 = cell_of(b[2], x0, inv);
        uint32_t r0 = cell_of(b[1], y0, inv), r1 = cell_of(b[3], y0, inv);
        size_t k = (size_t)(c1 - c0 + 1) * (r1 - r0 + 1);
        if (np + k > cap && lc_grow((void **)&p, &cap, np + k, sizeof *p)) {
            st = LC_ERR_NOMEM;
            break;
        }
        for (uint32_t r = r0; r <= r1; r++)
            for (uint32_t c = c0; c <= c1; c++) p[np++] = (cell_item){key_of(r, c), (uint32_t)i};
    }
    if (!st) st = radix_sort(p, np);
    if (!st) st = make_cells(gr, p, np);
    lc_free(p);
    return st;
}

bool lc_grid_span_of(const lc_grid *gr, double minx, double miny, double maxx, double maxy,
                     lc_grid_span *sp)
{
    if (!gr->ncells || !(maxx >= gr->x0) || !(maxy >= gr->y0)) return false;
    double inv = 1 / gr->cell;
    sp->c0 = cell_of(minx, gr->x0, inv), sp->c1 = cell_of(maxx, gr->x0, inv);
    sp->r0 = cell_of(miny, gr->y0, inv), sp->r1 = cell_of(maxy, gr->y0, inv);
    if (sp->c1 > gr->max_col) sp->c1 = gr->max_col;
    if (sp->r1 > gr->max_row) sp->r1 = gr->max_row;
    return sp->c0 <= sp->c1 && sp->r0 <= sp->r1;
}

/* First cell in [lo, hi) whose column is at least col. */
static size_t first_col(const uint64_t *key, size_t lo, size_t hi, uint32_t col)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uint32_t)key[mid] < col) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void lc_grid_row_items(const lc_grid *gr, uint32_t row, uint32_t c0, uint32_t c1, size_t *i0,
                       size_t *i1)
{
    *i0 = *i1 = 0;
    size_t s = row_slot(row, gr->row_mask);
    while (gr->rows[s].row != UINT32_MAX && gr->rows[s].row != row) s = (s + 1) & gr->row_mask;
    const lc_grid_row *rw = &gr->rows[s];
    if (rw->row != row) return;
    size_t a = first_col(gr->key, rw->first, rw->end, c0);
    size_t b = c1 == UINT32_MAX ? rw->end : first_col(gr->key, a, rw->end, c1 + 1);
    if (a < b) *i0 = gr->off[a], *i1 = gr->off[b];
}

void lc_grid_clear(lc_grid *gr)
{
    lc_free(gr->key);
    lc_free(gr->off);
    lc_free(gr->item);
    lc_free(gr->rows);
    memset(gr, 0, sizeof *gr);
}
