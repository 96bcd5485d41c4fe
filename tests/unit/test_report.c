/* test_report.c — the district × category summary (sums, shares, places per 1,000 and TOTAL
 * rows) on a hand-made coverage result, and the renovation priority by hand. */
#include <math.h>
#include <string.h>

#include "lc_test.h"
#include "cover/priority.h"
#include "report/summary.h"

static double real_at(const lc_table *t, size_t row, const char *field)
{
    long c = lc_table_field_index(t, field);
    assert_true(c >= 0);
    double v;
    if (!lc_value_number(&t->fields[c].col[row], &v)) return NAN;
    return v;
}

static const char *str_at(const lc_table *t, size_t row, const char *field)
{
    long c = lc_table_field_index(t, field);
    assert_true(c >= 0);
    return t->fields[c].col[row].u.s;
}

/* Three estates: two in 东 (pop 100 covered, pop 300 not), one in 西 (pop 50, unknown
 * households). Category 0 only; tier 5: covered = {0, 2}; tier 10: all. */
static void district_rows_and_total(void **state)
{
    (void)state;
    lc_estate est[3];
    memset(est, 0, sizeof est);
    const char *dist[] = {"东", "东", "西"};
    const double pop[] = {100, 300, 50}, hh[] = {40, 120, NAN}, area[] = {1000, 3000, 1000};
    for (int i = 0; i < 3; i++) {
        est[i].district = (char *)dist[i];
        est[i].population = pop[i];
        est[i].households = hh[i];
        est[i].elderly = est[i].children = NAN;
        est[i].area_m2 = area[i];
    }
    char *cat[] = {"elder"};
    lc_dataset ds = {.est = est, .nest = 3, .cat = cat, .ncat = 1};
    double c[6] = {1, 0.2, 0.5, 1, 1, 1};
    unsigned char g[6] = {0, 1, 0, 0, 0, 0};
    lc_cover cv = {.nest = 3, .ncat = 1, .ntiers = 2, .tier_minutes = {5, 10}, .c = c, .g = g};
    lc_ctx *ctx = lc_ctx_create();
    lc_table *t;
    assert_int_equal(lc_summary_table(ctx, &ds, &cv, NULL, NULL, &t), LC_OK);
    assert_int_equal(t->nrows, 3); /* 东, 西, TOTAL */
    assert_string_equal(str_at(t, 0, "district"), "东");
    assert_string_equal(str_at(t, 2, "district"), "TOTAL");
    assert_float_equal(real_at(t, 0, "estates"), 2, 0);
    assert_float_equal(real_at(t, 0, "households"), 160, 0);
    assert_float_equal(real_at(t, 0, "share5"), 0.5, 1e-9);
    assert_float_equal(real_at(t, 0, "pshare5"), 0.25, 1e-9);
    assert_float_equal(real_at(t, 0, "ashare5"), (1000 + 0.2 * 3000) / 4000.0, 1e-6);
    assert_float_equal(real_at(t, 1, "households"), 0, 0); /* unknown counts as 0 */
    assert_float_equal(real_at(t, 2, "estates"), 3, 0);
    assert_float_equal(real_at(t, 2, "share5"), 2.0 / 3, 1e-6);
    assert_float_equal(real_at(t, 2, "pshare5"), 150.0 / 450, 1e-6);
    assert_float_equal(real_at(t, 2, "share10"), 1, 0);
    assert_true(lc_table_field_index(t, "share15") < 0); /* no r15: no 15-minute columns */
    assert_true(lc_table_field_index(t, "a5") < 0);       /* no places: no access columns */
    lc_table_destroy(t);

    /* With places (2SFCA): demand 100, 300, 50; places per 1,000 of demand at 5 min 10, 2, 0
     * and at 10 min 20 each. 东 at 5 min: (10/1000 · 100 + 2/1000 · 300) = 1.6 places for
     * 400 people, 4 per 1,000; TOTAL: 1.6 for 450, 3.5556; at 10 min 20 everywhere. The
     * shortfalls add up: 东 1.5 + 2.25 = 3.75 places. */
    double demand[3] = {100, 300, 50}, per1000[6] = {10, 2, 0, 20, 20, 20},
           shortfall[6] = {1.5, 2.25, 0.125, 0, 0, 0};
    lc_access_cat acat = {.cat = 0, .demand = demand, .per1000 = per1000, .shortfall = shortfall};
    lc_access acs = {.ncat = 1, .ntiers = 2, .nest = 3, .cat = &acat};
    assert_int_equal(lc_summary_table(ctx, &ds, &cv, &acs, NULL, &t), LC_OK);
    assert_int_equal(t->nrows, 3);
    assert_float_equal(real_at(t, 0, "a5"), 4, 1e-9);
    assert_float_equal(real_at(t, 0, "a10"), 20, 1e-9);
    assert_float_equal(real_at(t, 1, "a5"), 0, 0);
    assert_float_equal(real_at(t, 2, "a5"), 3.5556, 1e-9);
    assert_float_equal(real_at(t, 0, "short5"), 3.75, 1e-9);
    assert_float_equal(real_at(t, 2, "short5"), 3.875, 1e-9);
    assert_float_equal(real_at(t, 0, "share5"), 0.5, 1e-9); /* the rest as before */
    lc_table_destroy(t);

    /* Equity on the 0/1 coverage share weighted by population: 东 at 5 min 100 of 400 people
     * covered, Gini 1 − 0.25 = 0.75, its worst 160 people hold nothing: no Palma; 西 one estate,
     * Gini 0, Palma 0.25; TOTAL 150 of 450: Gini 2/3; at 10 min all covered: 0 and 0.25. */
    double w[3] = {100, 300, 50}, a[6] = {1, 0, 1, 1, 1, 1};
    lc_equity_cat ecat = {.w = w, .a = a, .counted = 3};
    lc_equity eq = {.ncat = 1, .ntiers = 2, .nest = 3, .cat = &ecat};
    assert_int_equal(lc_summary_table(ctx, &ds, &cv, NULL, &eq, &t), LC_OK);
    assert_float_equal(real_at(t, 0, "gini5"), 0.75, 1e-9);
    assert_true(isnan(real_at(t, 0, "palma5")));
    assert_float_equal(real_at(t, 1, "gini5"), 0, 0);
    assert_float_equal(real_at(t, 1, "palma5"), 0.25, 1e-9);
    assert_float_equal(real_at(t, 2, "gini5"), 0.666667, 1e-9);
    assert_true(isnan(real_at(t, 2, "palma5")));
    assert_float_equal(real_at(t, 2, "gini10"), 0, 0);
    assert_float_equal(real_at(t, 2, "palma10"), 0.25, 1e-9);
    assert_float_equal(real_at(t, 2, "share5"), 2.0 / 3, 1e-6); /* the rest as before */
    lc_table_destroy(t);
    lc_ctx_destroy(ctx);
}

/* Priority by hand: two categories (elder: elderly, clinic: population), two tiers. Estate
 * A (1990) lacks elder at 5 and 10 min (80 elderly) and clinic at 5 (500 people): 80 + 80 +
 * 500 = 660; B (2000) lacks clinic at 5 and 10 (900): 1800; C (unknown year) lacks elder at
 * 5 (unknown elderly: 0); D (1985) lacks nothing. Order: pre-2000 first (A, then D), then
 * 2000 and later (B, built in 2000 exactly: not pre-2000 although its score is the highest),
 * unknown year last (C). demand.clinic=elderly changes clinic's people;
 * with no elderly count anywhere, each gap counts 1. */
static void priority_by_hand(void **state)
{
    lc_ctx *ctx = *state;
    lc_estate est[4];
    memset(est, 0, sizeof est);
    const char *ids[] = {"A", "B", "C", "D"};
    const double year[] = {1990, 2000, NAN, 1985}, eld[] = {80, 10, NAN, 5},
                 pop[] = {500, 900, 100, 50};
    for (int i = 0; i < 4; i++) {
        est[i].id = (char *)ids[i];
        est[i].build_year = year[i], est[i].elderly = eld[i], est[i].population = pop[i];
        est[i].children = NAN;
    }
    char *cat[] = {"elder", "clinic"};
    lc_dataset ds = {.est = est, .nest = 4, .cat = cat, .ncat = 2};
    /* g[cat][tier][estate] */
    unsigned char g[16] = {1, 0, 1, 0, /* elder 5 */ 1, 0, 0, 0, /* elder 10 */
                           1, 1, 0, 0, /* clinic 5 */ 0, 1, 0, 0 /* clinic 10 */};
    lc_cover cv = {.nest = 4, .ncat = 2, .ntiers = 2, .tier_minutes = {5, 10}, .g = g};
    lc_options *o = lc_options_create();
    assert_int_equal(lc_options_set(ctx, o, "estates", "e", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "facilities", "f", LC_SRC_FLAG), LC_OK);
    lc_settings s;
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    double score[4];
    size_t order[4];
    lc_priority_scores(&s.access, &ds, &cv, score);
    assert_float_equal(score[0], 660, 0);
    assert_float_equal(score[1], 1800, 0);
    assert_float_equal(score[2], 0, 0);
    assert_float_equal(score[3], 0, 0);
    assert_int_equal(lc_priority_order(&ds, score, order), LC_OK);
    assert_int_equal(order[0], 0), assert_int_equal(order[1], 3);
    assert_int_equal(order[2], 1), assert_int_equal(order[3], 2);
    assert_int_equal(lc_options_set(ctx, o, "demand.clinic", "elderly", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_settings_resolve(ctx, o, &s), LC_OK);
    lc_priority_scores(&s.access, &ds, &cv, score);
    assert_float_equal(score[0], 80 + 80 + 80, 0);
    assert_float_equal(score[1], 10 + 10, 0);
    /* no estate with an elderly count (OpenStreetMap's residential areas): elder care's
     * and, with demand.clinic=elderly, clinics' gaps count 1 each */
    assert_true(lc_priority_known(&s.access, &ds, "elder"));
    for (int i = 0; i < 4; i++) est[i].elderly = NAN;
    assert_false(lc_priority_known(&s.access, &ds, "elder"));
    lc_priority_scores(&s.access, &ds, &cv, score);
    assert_float_equal(score[0], 3, 0);
    assert_float_equal(score[1], 2, 0);
    assert_float_equal(score[2], 1, 0);
    assert_float_equal(score[3], 0, 0);
    lc_options_destroy(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(district_rows_and_total),
        cmocka_unit_test(priority_by_hand),
    };
    return cmocka_run_group_tests_name("report", tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
