/* lc_test.h — shared helpers for the cmocka unit tests. */
#ifndef LC_TEST_H
#define LC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/core.h"

/* Group setup/teardown that give each test file one lc_ctx in *state. */
static inline int lc_test_ctx_setup(void **state)
{
    *state = lc_ctx_create();
    return *state ? 0 : -1;
}

static inline int lc_test_ctx_teardown(void **state)
{
    lc_ctx_destroy(*state);
    return 0;
}

static inline GEOSGeometry *lc_test_wkt(lc_ctx *ctx, const char *wkt)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
    GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, wkt);
    GEOSWKTReader_destroy_r(ctx->geos, r);
    return g;
}

/* Deterministic pseudo-random numbers in [0, 1), so failures reproduce. */
static inline double lc_test_urand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (double)((*seed >> 8) & 0xFFFFFF) / (double)0x1000000;
}

#endif
