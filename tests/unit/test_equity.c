/* test_equity.c — Gini, Palma and the Lorenz curve (cover/equity.h) on cases worked by hand,
 * against the literal double sum and against a person-by-person expansion on random inputs,
 * and the measures of a run assembled from coverage and from places. */
#include <math.h>
#include <string.h>

#include "lc_test.h"
#include "cover/equity.h"

static double gini_of(lc_share *p, size_t n)
{
    lc_share_sort(p, n);
    return lc_gini_sorted(p, n);
}

static double palma_of(lc_share *p, size_t n)
{
    lc_share_sort(p, n);
    return lc_palma_sorted(p, n);
}

/* Two estates of one person each, A = 1 and 3: |1 − 3| counted twice = 4 over 2 W² μ =
 * 2 · 4 · 2 = 16: 0.25. Ranked by A, the worst 40 % (0.8 people) all live in the first:
 * 0.8 · 1; the best 10 % (0.2) in the second: 0.2 · 3; Palma 0.6 / 0.8 = 0.75 — both cuts
 * fall inside an estate. */
static void two_estates(void **state)
{
    (void)state;
    lc_share p[2] = {{3, 1}, {1, 1}};
    assert_float_equal(gini_of(p, 2), 0.25, 1e-12);
    assert_float_equal(palma_of(p, 2), 0.75, 1e-12);
    /* 1 person at A = 2, 3 at A = 6: W = 4, μ = 20 / 4 = 5; 2 · 1 · 3 · 4 / (2 · 16 · 5) =
     * 0.15. Worst 40 % = 1.6 people: 1 · 2 + 0.6 · 6 = 5.6; best 0.4 people: 0.4 · 6 = 2.4. */
    lc_share q[2] = {{6, 3}, {2, 1}};
    assert_float_equal(gini_of(q, 2), 0.15, 1e-12);
    assert_float_equal(palma_of(q, 2), 2.4 / 5.6, 1e-12);
    double x[3], y[3];
    lc_lorenz_sorted(q, 2, x, y);
    assert_float_equal(x[0], 0, 0), assert_float_equal(y[0], 0, 0);
    assert_float_equal(x[1], 0.25, 1e-12), assert_float_equal(y[1], 0.1, 1e-12);
    assert_float_equal(x[2], 1, 1e-12), assert_float_equal(y[2], 1, 1e-12);
}

/* Everyone the same: Gini 0; the best 10 % hold a quarter of what the worst 40 % hold. */
static void all_equal(void **state)
{
    (void)state;
    lc_share p[5] = {{7, 10}, {7, 30}, {7, 5}, {7, 5}, {7, 50}};
    assert_float_equal(gini_of(p, 5), 0, 1e-12);
    assert_float_equal(palma_of(p, 5), 0.25, 1e-12);
}

/* One estate of four equal ones holds all the access: every pair with it differs by 8,
 * 3 · 2 · 8 = 48 over 2 · 16 · 2 = 64: 0.75 = (n − 1) / n. The worst 40 % hold none: no Palma. */
static void one_holds_all(void **state)
{
    (void)state;
    lc_share p[4] = {{0, 1}, {8, 1}, {0, 1}, {0, 1}};
    assert_float_equal(gini_of(p, 4), 0.75, 1e-12);
    assert_true(isnan(palma_of(p, 4)));
    double x[5], y[5];
    lc_lorenz_sorted(p, 4, x, y);
    assert_float_equal(y[3], 0, 0), assert_float_equal(x[3], 0.75, 1e-12);
    assert_float_equal(y[4], 1, 1e-12);
}

/* The cuts inside estates: people 2, 2, 6 (W 10) at A 1, 2, 4. Worst 40 % = 4 people: the
 * first two whole, 2 · 1 + 2 · 2 = 6. Best 10 % = 1 person of the third: 4. Palma 4 / 6.
 * Move the cut: people 3, 2, 5 — the worst 4 people are 3 · 1 and 1 of the second, 3 + 2 = 5;
 * the best 1 person 4: 0.8. */
static void straddling_cuts(void **state)
{
    (void)state;
    lc_share p[3] = {{1, 2}, {2, 2}, {4, 6}};
    assert_float_equal(palma_of(p, 3), 4.0 / 6, 1e-12);
    lc_share q[3] = {{4, 5}, {1, 3}, {2, 2}};
    assert_float_equal(palma_of(q, 3), 0.8, 1e-12);
}

/* Nobody with access: Gini 0 (μ = 0), no Palma; nobody at all: neither. */
static void zero_access_and_nobody(void **state)
{
    (void)state;
    lc_share p[3] = {{0, 4}, {0, 1}, {0, 9}};
    assert_float_equal(gini_of(p, 3), 0, 0);
    assert_true(isnan(palma_of(p, 3)));
    assert_true(isnan(gini_of(p, 0))); /* nobody counted: no measure */
    assert_true(isnan(palma_of(p, 0)));
    double x[1], y[1];
    lc_lorenz_sorted(p, 0, x, y);
    assert_float_equal(x[0], 0, 0);
}

/* Estates without demand (0, unknown) are left out of a run's measures: estates 1 and 3
 * count, as in two_estates (A 1 and 3, one person each). */
static void zero_demand_left_out(void **state)
{
    (void)state;
    double w[4] = {1, 0, 1, 0}, a[4] = {1, 100, 3, 0};
    lc_equity_cat c = {.w = w, .a = a};
    size_t idx[4] = {0, 1, 2, 3};
    lc_share scratch[4];
    double g, pa;
    lc_equity_measure(&c, 0, 4, idx, 4, scratch, &g, &pa);
    assert_float_equal(g, 0.25, 1e-12);
    assert_float_equal(pa, 0.75, 1e-12);
    lc_equity_measure(&c, 0, 4, &idx[1], 1, scratch, &g, &pa); /* only the estate without */
    assert_true(isnan(g));
    assert_true(isnan(pa));
}

/* The literal double sum of the definition, O(n²). */
static double gini_double_sum(const lc_share *p, size_t n)
{
    double sum = 0, w = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        w += p[i].w, s += p[i].w * p[i].a;
        for (size_t j = 0; j < n; j++) sum += p[i].w * p[j].w * fabs(p[i].a - p[j].a);
    }
    double mu = s / w;
    return mu > 0 ? sum / (2 * w * w * mu) : 0;
}

/* Palma person by person: whole weights, W a multiple of 10, so the cuts fall between people. */
static double palma_by_person(const lc_share *sorted, size_t n)
{
    double people[1000];
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < (int)sorted[i].w; k++) people[m++] = sorted[i].a;
    double bottom = 0, top = 0;
    for (size_t i = 0; i < m * 4 / 10; i++) bottom += people[i];
    for (size_t i = m - m / 10; i < m; i++) top += people[i];
    return bottom > 0 ? top / bottom : NAN;
}

static void random_against_brute_force(void **state)
{
    (void)state;
    unsigned seed = 33;
    lc_share p[30];
    for (int round = 0; round < 500; round++) {
        size_t n = 1 + (size_t)(lc_test_urand(&seed) * 30);
        double w = 0;
        for (size_t i = 0; i < n; i++) {
            /* whole people 1..30, A with ties (a few values) or spread, some zeros */
            p[i].w = 1 + floor(lc_test_urand(&seed) * 30);
            p[i].a = round % 2 ? floor(lc_test_urand(&seed) * 4) : lc_test_urand(&seed) * 50;
            w += p[i].w;
        }
        p[n - 1].w += 10 - fmod(w, 10); /* W a multiple of 10 */
        double want = gini_double_sum(p, n);
        lc_share_sort(p, n);
        assert_float_equal(lc_gini_sorted(p, n), want, 1e-12);
        double pa = lc_palma_sorted(p, n), pb = palma_by_person(p, n);
        if (isnan(pb)) assert_true(isnan(pa));
        else assert_float_equal(pa, pb, 1e-9 * fmax(1, pb));
    }
}

/* A run's measures: category 0 has places (k_a, its demand field), category 1 not (0/1
 * covered, weighted by population). Estates: population 100, 300, unknown; k_a 10, 30, 5
 * at 5 min; clinic covered {1} at 5 min, {0, 1} at 10. */
static void run_measures(void **state)
{
    lc_ctx *ctx = *state;
    lc_estate est[3];
    memset(est, 0, sizeof est);
    const double pop[] = {100, 300, NAN};
    for (int i = 0; i < 3; i++)
        est[i].population = pop[i], est[i].elderly = est[i].children = NAN;
    char *cat[] = {"elder", "clinic"};
    lc_dataset ds = {.est = est, .nest = 3, .cat = cat, .ncat = 2};
    unsigned char g[12] = {0, 0, 0, 0, 0, 0, /* elder */ 1, 0, 1, 0, 0, 1 /* clinic */};
    lc_cover cv = {.nest = 3, .ncat = 2, .ntiers = 2, .tier_minutes = {5, 10}, .g = g};
    double demand[3] = {1, 3, 0}, per1000[6] = {10, 30, 5, 20, 20, 20};
    lc_access_cat acat = {.cat = 0, .demand = demand, .per1000 = per1000, .demand_field = "eld"};
    lc_access acs = {.ncat = 1, .ntiers = 2, .nest = 3, .cat = &acat};
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_set(ctx, o, "estates", "e", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "facilities", "f", LC_SRC_FLAG), LC_OK);
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    lc_equity eq;
    assert_int_equal(lc_equity_compute(ctx, &s.access, &ds, &cv, &acs, &eq), LC_OK);
    assert_int_equal(eq.ncat, 2);
    const lc_equity_cat *e = &eq.cat[0], *c = &eq.cat[1];
    assert_true(e->places), assert_false(c->places);
    assert_int_equal(e->counted, 2), assert_int_equal(c->counted, 2);
    /* elder, 5 min: 1 person at 10, 3 at 30: 2 · 3 · 20 / (2 · 16 · 25) = 0.15; worst 1.6
     * people 10 + 0.6 · 30 = 28, best 0.4 · 30 = 12 */
    assert_float_equal(e->gini[0], 0.15, 1e-12);
    assert_float_equal(e->palma[0], 12.0 / 28, 1e-12);
    assert_float_equal(e->gini[1], 0, 1e-12);
    /* clinic, 5 min: 300 covered, 100 not: 2 · 100 · 300 / (2 · 400² · 0.75) = 0.25; the
     * worst 160 people hold 60 (the 100 without, then 60 covered) */
    assert_float_equal(c->gini[0], 0.25, 1e-12);
    assert_float_equal(c->palma[0], 40.0 / 60, 1e-12);
    assert_string_equal(c->role, "population");
    assert_float_equal(c->gini[1], 0, 0); /* both covered at 10 */
    lc_equity_clear(&eq);
    lc_options_destroy(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_estates),
        cmocka_unit_test(all_equal),
        cmocka_unit_test(one_holds_all),
        cmocka_unit_test(straddling_cuts),
        cmocka_unit_test(zero_access_and_nobody),
        cmocka_unit_test(zero_demand_left_out),
        cmocka_unit_test(random_against_brute_force),
        cmocka_unit_test(run_measures),
    };
    return cmocka_run_group_tests_name("equity", tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
