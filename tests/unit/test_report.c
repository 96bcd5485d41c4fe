/* test_report.c — the district × category summary: sums, shares and TOTAL rows on a
 * hand-made coverage result. */
#include <math.h>
#include <string.h>

#include "lc_test.h"
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
    assert_int_equal(lc_summary_table(ctx, &ds, &cv, NULL, &t), LC_OK);
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
    lc_table_destroy(t);
    lc_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(district_rows_and_total),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
