/*
 * e2e_equity.c — the equity measures recomputed from the written estates layer (user guide,
 * Equity): Gini by its double sum and Palma by walking the people ranked by access, per
 * district and over all estates, against summary.csv and run.json; gaps.csv against the gap
 * fields; the report's equity section.
 */
#include "e2e.h"

enum { EQ_MAX = SAMPLE_ESTATES + 8 };

typedef struct {
    char district[96];
    double w, a[2]; /* demand, access at 5 and 10 minutes */
} eq_estate;

/* The literal definition: Σᵢ Σⱼ wᵢ wⱼ |Aᵢ − Aⱼ| / (2 W² μ) over the estates of `district`
 * (NULL: all) with w > 0. */
static double gini_ref(const eq_estate *e, size_t n, int t, const char *district)
{
    double sum = 0, w = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(e[i].w > 0) || (district && strcmp(e[i].district, district))) continue;
        w += e[i].w, s += e[i].w * e[i].a[t];
        for (size_t j = 0; j < n; j++)
            if (e[j].w > 0 && (!district || !strcmp(e[j].district, district)))
                sum += e[i].w * e[j].w * fabs(e[i].a[t] - e[j].a[t]);
    }
    return !(w > 0) ? NAN : s > 0 ? sum / (2 * w * s) : 0;
}

static int by_a(const void *pa, const void *pb)
{
    const double *a = pa, *b = pb;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/* People ranked by access; the best 10 % over the worst 40 %, estates on a cut split by
 * their people (NAN: the worst 40 % hold nothing). */
static double palma_ref(const eq_estate *e, size_t n, int t, const char *district)
{
    static double p[EQ_MAX][2];
    size_t m = 0;
    double w = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].w > 0 && (!district || !strcmp(e[i].district, district)))
            p[m][0] = e[i].a[t], p[m][1] = e[i].w, w += e[i].w, m++;
    qsort(p, m, sizeof p[0], by_a);
    double c = 0, bottom = 0, top = 0;
    for (size_t i = 0; i < m; i++) {
        bottom += fmax(0, fmin(c + p[i][1], 0.4 * w) - c) * p[i][0];
        top += fmax(0, c + p[i][1] - fmax(c, 0.9 * w)) * p[i][0];
        c += p[i][1];
    }
    return bottom > 0 ? top / bottom : NAN;
}

/* The estates of `dir`'s GeoPackage as category `cat` sees them: with `places`, w = elderly
 * and A = <cat>_a5/_a10; else w = the role `role` and A = 1 − <cat>_g5/_g10. Gaps per tier
 * counted into gaps[2] and their people into people[2]. */
static size_t read_estates(const char *dir, const char *cat, const char *role, bool places,
                           eq_estate *e, long long gaps[2], double people[2])
{
    vlayer el = open_layer(path_in(dir, "lifecircle.gpkg"), "estates");
    OGRFeatureH f;
    size_t n = 0;
    char name[32];
    gaps[0] = gaps[1] = 0, people[0] = people[1] = 0;
    while ((f = OGR_L_GetNextFeature(el.lyr)) != NULL) {
        assert_true(n < EQ_MAX);
        const char *d = get_str(f, "district");
        snprintf(e[n].district, sizeof e[n].district, "%s", d ? d : "");
        int wi = field_index(f, role);
        e[n].w = OGR_F_IsFieldSetAndNotNull(f, wi) ? OGR_F_GetFieldAsDouble(f, wi) : 0;
        for (int t = 0; t < 2; t++) {
            int g = (int)get_int(f, fname(name, sizeof name, cat, t ? "g10" : "g5"));
            e[n].a[t] = places ? get_double(f, fname(name, sizeof name, cat, t ? "a10" : "a5")) : !g;
            gaps[t] += g;
            if (g && e[n].w > 0) people[t] += e[n].w;
        }
        n++;
        OGR_F_Destroy(f);
    }
    close_layer(&el);
    return n;
}

/* Every summary.csv row of `cat` (districts and TOTAL) against the recomputed measures;
 * returns the TOTAL row's four values (gini5, gini10, palma5, palma10). */
static void check_summary(const char *dir, const char *cat, const eq_estate *e, size_t n,
                          double total[4])
{
    GDALDatasetH ds = open_vector(path_in(dir, "summary.csv"), "CSV");
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    int rows = 0;
    static const char *const col[4] = {"gini5", "gini10", "palma5", "palma10"};
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (strcmp(get_str(f, "category"), cat)) {
            OGR_F_Destroy(f);
            continue;
        }
        const char *d = get_str(f, "district");
        const char *only = !strcmp(d, "TOTAL") ? NULL : !strcmp(d, "(none)") ? "" : d;
        rows++;
        for (int t = 0; t < 2; t++) {
            double g = gini_ref(e, n, t, only), p = palma_ref(e, n, t, only);
            /* k_a is written to 1e-4, the measures to 1e-6 and 1e-4 */
            if (isnan(g)) assert_true(is_null(f, col[t]));
            else assert_near(get_double(f, col[t]), g, 2e-5);
            if (isnan(p)) assert_true(is_null(f, col[2 + t]));
            else assert_near(get_double(f, col[2 + t]), p, 2e-4 * fmax(1, p));
            if (!only) total[t] = g, total[2 + t] = p;
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    assert_true(rows >= 2); /* the sample's districts, then TOTAL */
}

/* gaps.csv: a UTF-8 byte-order mark; per tier of `cat` one row per estate with a gap, the
 * people as the layer's; the Chinese district names read back. */
static void check_gaps(const char *dir, const char *cat, const long long gaps[2],
                       const double people[2])
{
    char head[4];
    assert_true(read_file(path_in(dir, "gaps.csv"), head, sizeof head) >= 3);
    assert_memory_equal(head, "\xEF\xBB\xBF", 3);
    vlayer v = open_layer(path_in(dir, "gaps.csv"), NULL);
    OGRFeatureH f;
    long long rows[2] = {0, 0};
    double got[2] = {0, 0};
    bool chinese = false;
    char last[128] = "";
    double last_people = INFINITY;
    while ((f = OGR_L_GetNextFeature(v.lyr)) != NULL) {
        if (!strcmp(get_str(f, "category"), cat)) {
            int t = get_int(f, "tier") == 10;
            rows[t]++;
            double p = is_null(f, "people") ? -1 : get_double(f, "people");
            if (p >= 0) got[t] += p;
            const char *d = get_str(f, "district");
            chinese |= d && strstr(d, "街道") != NULL;
            /* by district (bytes, as summary.csv), then most people first */
            char here[128];
            snprintf(here, sizeof here, "%d %s", t, d ? d : "");
            int order = strcmp(here, last);
            assert_true(order > 0 || (order == 0 && p <= last_people));
            snprintf(last, sizeof last, "%s", here), last_people = p;
        }
        OGR_F_Destroy(f);
    }
    close_layer(&v);
    for (int t = 0; t < 2; t++) {
        assert_int_equal(rows[t], gaps[t]);
        assert_near(got[t], people[t], 1e-6);
    }
    assert_true(chinese);
}

void test_equity_measures(void **state)
{
    (void)state;
    char out[PATHLEN];
    tmp_path(out, "equity");
    int rc = run_cli("coverage", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--capacity", "elder=40", "-o", out,
                     (const char *)NULL);
    if (rc != 0) fail_msg("equity run exited %d:\n%s", rc, g_log);
    static eq_estate e[EQ_MAX];
    long long gaps[2];
    double people[2], total[4];
    json_object *rec = run_record(out);
    /* elder care with places: k_a weighted by the elderly */
    size_t n = read_estates(out, "elder", "elderly", true, e, gaps, people);
    assert_int_equal(n, SAMPLE_ESTATES);
    check_summary(out, "elder", e, n, total);
    assert_true(total[0] > 0.05 && total[0] < 0.95); /* neither all equal nor all in one */
    assert_string_equal(rec_str(rec, "equity.elder.of"), "places_per_1000");
    assert_near(rec_num(rec, "equity.elder.gini5"), total[0], 2e-5);
    assert_near(rec_num(rec, "equity.elder.gini10"), total[1], 2e-5);
    assert_near(rec_num(rec, "equity.elder.palma10"), total[3], 2e-4 * fmax(1, total[3]));
    check_gaps(out, "elder", gaps, people);
    print_message("equity, sample: elder care (places per 1,000) Gini %.4f / %.4f, Palma %.4f / %.4f "
                  "at 5 / 10 min; %lld / %lld gaps, %.0f / %.0f elderly\n", total[0], total[1],
                  total[2], total[3], gaps[0], gaps[1], people[0], people[1]);
    assert_false(isnan(total[3]));
    /* childcare without places: the 0/1 coverage share weighted by the children */
    n = read_estates(out, "child", "children", false, e, gaps, people);
    check_summary(out, "child", e, n, total);
    assert_string_equal(rec_str(rec, "equity.child.of"), "coverage_share");
    assert_near(rec_num(rec, "equity.child.gini10"), total[1], 2e-5);
    /* on 0/1 access the Gini is 1 − the people-weighted share covered */
    double w = 0, covered = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].w > 0) w += e[i].w, covered += e[i].w * e[i].a[1];
    assert_near(total[1], 1 - covered / w, 1e-6);
    if (isnan(total[2])) assert_null(rec_get(rec, "equity.child.palma5"));
    print_message("equity, sample: childcare (coverage share) Gini %.4f / %.4f, Palma %.4f / %.4f\n",
                  total[0], total[1], total[2], total[3]);
    check_gaps(out, "child", gaps, people);
    json_object_put(rec);
    /* the report: the table, a Lorenz chart per category, the lists */
    static char html[4 << 20];
    assert_true(read_file(path_in(out, "report.html"), html, sizeof html) > 0);
    const char *sec = strstr(html, "id=\"equity-section\"");
    assert_non_null(sec);
    assert_non_null(strstr(sec, "id=\"equity\""));
    for (int k = 1; k <= NCATS; k++) {
        char id[32];
        snprintf(id, sizeof id, "id=\"lorenz-chart-%d\"", k);
        assert_non_null(strstr(sec, id));
    }
    assert_non_null(strstr(sec, "id=\"worst-served\""));
    assert_non_null(strstr(sec, "class=\"worst\""));
    assert_non_null(strstr(sec, "id=\"gap-list\""));
    assert_non_null(strstr(sec, "基尼系数"));
}
