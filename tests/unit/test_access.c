/*
 * test_access.c — the two-step floating catchment against cases worked out by hand: a
 * shared catchment (two estates, two facilities), the places conserved, a facility with no
 * demand, a facility without capacity, the Gaussian decay's values, and the catchments of
 * real polygons through the straight-line reach at exactly r.
 */
#include <math.h>
#include <string.h>

#include "lc_layout.h"
#include "cover/access.h"

/* Facility 0 (20 places) reaches estates A (100 people, 50 m) and B (300, 120 m); facility 1
 * (10 places) reaches B only (80 m). R_0 = 20 / 400 = 0.05, R_1 = 10 / 300; A_A = 0.05,
 * A_B = 0.05 + 1/30; the 30 places are all shared out: 100 A_A + 300 A_B = 30. */
static void shared_catchment_by_hand(void **state)
{
    (void)state;
    size_t off[3] = {0, 2, 3};
    uint32_t est[3] = {0, 1, 1};
    double dist[3] = {50, 120, 80}, supply[2] = {20, 10}, demand[2] = {100, 300};
    lc_reach_sets rs = {2, off, est, dist, 0};
    double ratio[2], load[2], acc[2];
    lc_access_2sfca(&rs, supply, demand, 2, 300, LC_DECAY_NONE, ratio, load, acc);
    assert_float_equal(ratio[0], 0.05, 1e-15);
    assert_float_equal(ratio[1], 10.0 / 300, 1e-15);
    assert_float_equal(load[0], 20, 1e-12);  /* 400 people for 20 places */
    assert_float_equal(load[1], 30, 1e-12);
    assert_float_equal(acc[0], 0.05, 1e-15);
    assert_float_equal(acc[1], 0.05 + 10.0 / 300, 1e-15);
    assert_float_equal(100 * acc[0] + 300 * acc[1], 30, 1e-12);
    /* at a radius of 100 m only A (50 m) and B from facility 1 (80 m) are in reach */
    lc_access_2sfca(&rs, supply, demand, 2, 100, LC_DECAY_NONE, ratio, load, acc);
    assert_float_equal(ratio[0], 0.2, 1e-15);
    assert_float_equal(acc[0], 0.2, 1e-15);
    assert_float_equal(acc[1], 10.0 / 300, 1e-15);
    /* exactly at r counts (within r, inclusive) */
    lc_access_2sfca(&rs, supply, demand, 2, 120, LC_DECAY_NONE, ratio, load, acc);
    assert_float_equal(ratio[0], 0.05, 1e-15);
}

/* A facility with nobody in reach adds nothing and has no ratio (null, not infinite); one
 * without capacity adds nothing and has no load. */
static void no_demand_and_no_capacity(void **state)
{
    (void)state;
    size_t off[4] = {0, 1, 2, 3};
    uint32_t est[3] = {0, 1, 0};
    double dist[3] = {10, 10, 10}, supply[3] = {50, 40, NAN}, demand[2] = {200, 0};
    lc_reach_sets rs = {3, off, est, dist, 0};
    double ratio[3], load[3], acc[2];
    lc_access_2sfca(&rs, supply, demand, 2, 300, LC_DECAY_NONE, ratio, load, acc);
    assert_float_equal(ratio[0], 0.25, 1e-15);
    assert_true(isnan(ratio[1]));
    assert_float_equal(load[1], 0, 0);
    assert_true(isnan(ratio[2]) && isnan(load[2]));
    assert_float_equal(acc[0], 0.25, 1e-15);
    assert_float_equal(acc[1], 0, 0);
    supply[0] = 0; /* zero places: no usable capacity either */
    lc_access_2sfca(&rs, supply, demand, 2, 300, LC_DECAY_NONE, ratio, load, acc);
    assert_true(isnan(ratio[0]) && isnan(load[0]));
    assert_float_equal(acc[0], 0, 0);
}

/* Gaussian decay: 1 at the facility, 0 at r, e^{-1/8} − e^{-1/2} over 1 − e^{-1/2} halfway
 * (0.70137...). With one facility (S = 10) reaching A (100 people, at 0) and B (100, at r/2):
 * Σ W D = 100 + 70.137...; R = 10 / that; A_A = R, A_B = 0.70137... R, and again the places
 * are conserved: 100 A_A + 100 A_B = 10. */
static void gaussian_decay_by_hand(void **state)
{
    (void)state;
    double half = (exp(-0.125) - exp(-0.5)) / (1 - exp(-0.5));
    assert_float_equal(half, 0.7013666, 1e-7);
    assert_float_equal(lc_decay_weight(LC_DECAY_GAUSS, 0, 300), 1, 1e-15);
    assert_float_equal(lc_decay_weight(LC_DECAY_GAUSS, 150, 300), half, 1e-15);
    assert_float_equal(lc_decay_weight(LC_DECAY_GAUSS, 300, 300), 0, 1e-15);
    assert_float_equal(lc_decay_weight(LC_DECAY_NONE, 300, 300), 1, 0);
    size_t off[2] = {0, 2};
    uint32_t est[2] = {0, 1};
    double dist[2] = {0, 150}, supply[1] = {10}, demand[2] = {100, 100};
    lc_reach_sets rs = {1, off, est, dist, 0};
    double ratio[1], load[1], acc[2];
    lc_access_2sfca(&rs, supply, demand, 2, 300, LC_DECAY_GAUSS, ratio, load, acc);
    double R = 10 / (100 + 100 * half);
    assert_float_equal(ratio[0], R, 1e-15);
    assert_float_equal(load[0], (100 + 100 * half) / 10, 1e-12);
    assert_float_equal(acc[0], R, 1e-15);
    assert_float_equal(acc[1], half * R, 1e-15);
    assert_float_equal(100 * acc[0] + 100 * acc[1], 10, 1e-12);
}

/* Real polygons: facility (0, 0) reaches the square 100 m east at 100 m and the one 300 m
 * west at exactly 300 m; the one 300.5 m east is out. Catchments through lc_reach_line. */
static void catchments_of_polygons(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(&L);
    add_estate(ctx, &L, "POLYGON((300.5 0,400 0,400 50,300.5 50,300.5 0))");
    add_estate(ctx, &L, "POLYGON((100 0,200 0,200 50,100 50,100 0))");
    add_estate(ctx, &L, "POLYGON((-400 0,-300 0,-300 50,-400 50,-400 0))");
    double xy[4] = {0, 0, 250, 25}; /* the second facility lies 50.5 m from the first estate */
    bool all[3] = {true, true, true};
    lc_reach_sets rs;
    assert_int_equal(lc_reach_line(ctx, &L.ds, xy, 2, all, 300, true, &rs), LC_OK);
    double supply[2] = {30, 12}, demand[3] = {100, 200, 300}, ratio[2], load[2], acc[3];
    lc_access_2sfca(&rs, supply, demand, 3, 300, LC_DECAY_NONE, ratio, load, acc);
    /* facility 0: estates 1 (200) and 2 (300); facility 1: estates 0 (50.5 m) and 1 (50 m) */
    assert_float_equal(ratio[0], 30.0 / 500, 1e-15);
    assert_float_equal(ratio[1], 12.0 / 300, 1e-15);
    assert_float_equal(acc[0], 12.0 / 300, 1e-15);
    assert_float_equal(acc[1], 30.0 / 500 + 12.0 / 300, 1e-15);
    assert_float_equal(acc[2], 30.0 / 500, 1e-15);
    lc_reach_sets_clear(&rs);
    layout_clear(ctx, &L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_catchment_by_hand),
        cmocka_unit_test(no_demand_and_no_capacity),
        cmocka_unit_test(gaussian_decay_by_hand),
        cmocka_unit_test(catchments_of_polygons),
    };
    return cmocka_run_group_tests(tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
