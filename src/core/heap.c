/* heap.c — binary min-heap of (key, id); see heap.h. */
#include "heap.h"

lc_status lc_heap_push(lc_heap *h, double key, uint32_t id)
{
    if (lc_grow((void **)&h->a, &h->cap, h->n + 1, sizeof(lc_heap_item))) return LC_ERR_NOMEM;
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->a[p].key <= key) break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = (lc_heap_item){key, id};
    return LC_OK;
}

lc_heap_item lc_heap_pop(lc_heap *h)
{
    lc_heap_item top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && h->a[c + 1].key < h->a[c].key) c++;
        if (last.key <= h->a[c].key) break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n) h->a[i] = last;
    return top;
}

void lc_heap_clear(lc_heap *h)
{
    lc_free(h->a);
    h->a = NULL;
    h->n = h->cap = 0;
}
