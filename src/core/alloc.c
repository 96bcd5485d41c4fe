/*
 * alloc.c — our allocations go through here so a test can fail the N-th one
 * (h3's testH3Memory idea). GEOS, GDAL and PROJ memory is never freed with lc_free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static size_t fail_at;   /* 0: never fail */
static size_t alloc_count;

static bool should_fail(void)
{
    alloc_count++;
    return fail_at && alloc_count >= fail_at;
}

size_t lc_alloc_fail_after(size_t n)
{
    size_t was = alloc_count;
    alloc_count = 0;
    fail_at = n;
    return was;
}

void *lc_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *lc_calloc(size_t count, size_t size)
{
    return should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *lc_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void lc_free(void *p)
{
    free(p);
}

char *lc_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = lc_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

char *lc_asprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? lc_malloc((size_t)n + 1) : NULL;
    if (s) vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

lc_status lc_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return LC_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) ncap *= 2;
    void *p = lc_realloc(*items, ncap * elem);
    if (!p) return LC_ERR_NOMEM;
    *items = p;
    *cap = ncap;
    return LC_OK;
}
