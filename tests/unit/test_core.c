/*
 * test_core.c — core mechanisms used everywhere: stage progress (start, throttled steps,
 * end, and the job pool reporting finished jobs), the binary heap against a sort, and the
 * warning mark that --strict reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lc_test.h"
#include "core/heap.h"
#include "core/parallel.h"

typedef struct {
    const char *stage[64];
    size_t done[64], total[64], n;
} calls;

static void record(void *ud, const char *stage, size_t done, size_t total)
{
    calls *c = ud;
    if (c->n == 64) return;
    c->stage[c->n] = stage, c->done[c->n] = done, c->total[c->n] = total, c->n++;
}

/* The test's clock: seconds as the test sets them (no test depends on the machine's speed). */
static double fake_now;
static double fake_clock(void) { return fake_now; }

static void progress_start_steps_end(void **state)
{
    lc_ctx *ctx = *state;
    calls c = {0};
    lc_ctx_set_clock(ctx, fake_clock);
    lc_ctx_set_progress(ctx, record, &c);
    fake_now = 0;
    lc_progress_begin(ctx, "stage", 1000);
    for (size_t i = 0; i < 1000; i++) lc_progress_step(ctx, i); /* all within the same instant */
    lc_progress_end(ctx);
    assert_int_equal(c.n, 2); /* the steps are throttled away */
    assert_string_equal(c.stage[0], "stage");
    assert_int_equal(c.done[0], 0);
    assert_int_equal(c.total[0], 1000);
    assert_int_equal(c.done[1], 1000);
    lc_progress_step(ctx, 5); /* between stages: nothing */
    assert_int_equal(c.n, 2);
    /* a step reports when 0.1 s have passed since the last report, not before: at 1/16 s a
     * step (exact in binary), every second step */
    c.n = 0;
    lc_progress_begin(ctx, "timed", 20);
    for (size_t i = 1; i <= 20; i++) {
        fake_now = (double)i / 16;
        lc_progress_step(ctx, i);
    }
    assert_int_equal(c.n, 1 + 10);
    assert_int_equal(c.done[1], 2), assert_int_equal(c.done[2], 4), assert_int_equal(c.done[10], 20);
    /* exactly 0.1 s after the last report counts as passed */
    c.n = 0;
    fake_now = 0;
    lc_progress_begin(ctx, "edge", 3);
    fake_now = 0.1;
    lc_progress_step(ctx, 1);
    assert_int_equal(c.n, 2);
    lc_ctx_set_progress(ctx, NULL, NULL);
    lc_ctx_set_clock(ctx, NULL);
}

static lc_status job(lc_ctx *ctx, size_t j, void *ud)
{
    (void)ctx;
    ((int *)ud)[j] = 1;
    return LC_OK;
}

static void pool_reports_its_stage(void **state)
{
    lc_ctx *ctx = *state;
    calls c = {0};
    int done[16] = {0};
    lc_ctx_set_progress(ctx, record, &c);
    assert_int_equal(lc_parallel_run(ctx, "jobs", 16, 2, job, done), LC_OK);
    lc_ctx_set_progress(ctx, NULL, NULL);
    for (int i = 0; i < 16; i++) assert_int_equal(done[i], 1);
    assert_true(c.n >= 2);
    assert_string_equal(c.stage[0], "jobs");
    assert_int_equal(c.done[0], 0);
    assert_int_equal(c.done[c.n - 1], 16);
    assert_int_equal(c.total[c.n - 1], 16);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void heap_pops_in_order(void **state)
{
    (void)state;
    unsigned seed = 17;
    double keys[500];
    lc_heap h = {0};
    for (uint32_t i = 0; i < 500; i++) {
        keys[i] = (double)(int)(1000 * lc_test_urand(&seed)); /* with repeats */
        assert_int_equal(lc_heap_push(&h, keys[i], i), LC_OK);
    }
    qsort(keys, 500, sizeof *keys, cmp_d);
    for (size_t i = 0; i < 500; i++) assert_true(lc_heap_pop(&h).key == keys[i]);
    assert_int_equal(h.n, 0);
    lc_heap_clear(&h);
}

static void warning_mark_keeps_the_first(void **state)
{
    lc_ctx *ctx = *state;
    lc_ctx_mark_warnings(ctx);
    size_t before = lc_ctx_warning_count(ctx);
    lc_log(ctx, LC_LOG_INFO, "not a warning");
    lc_warn(ctx, "first %d", 1);
    lc_warn(ctx, "second");
    assert_int_equal(lc_ctx_warning_count(ctx) - before, 2);
    assert_string_equal(ctx->first_warning, "first 1");
}

/* The library's version at run time is the header's, and the macros agree with the string. */
static void version_at_run_time(void **state)
{
    (void)state;
    assert_string_equal(lc_version(), LC_VERSION_STRING);
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", LC_VERSION_MAJOR, LC_VERSION_MINOR, LC_VERSION_PATCH);
    assert_string_equal(lc_version(), want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(progress_start_steps_end),
        cmocka_unit_test(pool_reports_its_stage),
        cmocka_unit_test(heap_pops_in_order),
        cmocka_unit_test(warning_mark_keeps_the_first),
        cmocka_unit_test(version_at_run_time),
    };
    return cmocka_run_group_tests(tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
