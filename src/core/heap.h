/*
 * heap.h — a binary min-heap of (key, id) pairs with push and pop only; callers delete
 * lazily (push again with the new key, skip stale pops). Ours because no Debian C library
 * offers a plain priority queue short of a large framework. Used by the bounded Dijkstra
 * (net) and by the seed order of bundle growing (bundle).
 */
#ifndef LC_HEAP_H
#define LC_HEAP_H

#include "core.h"

typedef struct lc_heap_item {
    double key;
    uint32_t id;
} lc_heap_item;

/** Zero-initialise; lc_heap_clear frees. */
typedef struct lc_heap {
    lc_heap_item *a;
    size_t n, cap;
} lc_heap;

/** LC_ERR_NOMEM when the heap cannot grow. */
lc_status lc_heap_push(lc_heap *h, double key, uint32_t id);
/** The item with the smallest key; the heap must not be empty. */
lc_heap_item lc_heap_pop(lc_heap *h);
void lc_heap_clear(lc_heap *h);

#endif
