/*
 * test_nested.c — estates inside estates (model/nested.c) and bundles that never hold an
 * estate and one lying inside it (bundle/: adjacency, maxp, exact): hand-made squares (one
 * inside another, one sticking out by 2 %, one overlapping half, a chain of three, shared
 * edges, a duplicate), the three settings on a dataset (what is left out, `inside`,
 * `holds`, the pairs), and bundles against the optimum over every partition of small
 * instances with such pairs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lc_test.h"
#include "bundle/bundle.h"
#include "model/nested.h"

#define MAXE 16
#define EXACT_S 30

typedef struct {
    lc_dataset ds;
    lc_estate est[MAXE];
} layout;

static void layout_init(lc_ctx *ctx, layout *L)
{
    memset(L, 0, sizeof *L);
    L->ds.est = L->est;
    L->ds.ctx = ctx;
}

static void add_poly(lc_ctx *ctx, layout *L, const char *wkt)
{
    lc_estate *e = &L->est[L->ds.nest++];
    lc_polyfix fix;
    assert_int_equal(lc_geom_polygonal(ctx, lc_test_wkt(ctx, wkt), &e->geom, &fix), LC_OK);
    e->prep = GEOSPrepare_r(ctx->geos, e->geom);
    GEOSArea_r(ctx->geos, e->geom, &e->area_m2);
    GEOSGeom_getExtent_r(ctx->geos, e->geom, &e->minx, &e->miny, &e->maxx, &e->maxy);
    char id[16];
    snprintf(id, sizeof id, "E%zu", L->ds.nest - 1);
    e->id = lc_strdup(id);
    e->district = lc_strdup("");
    e->row = L->ds.nest - 1;
}

static void add_rect(lc_ctx *ctx, layout *L, double x0, double y0, double x1, double y1)
{
    char wkt[256];
    snprintf(wkt, sizeof wkt, "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", x0,
             y0, x1, y0, x1, y1, x0, y1, x0, y0);
    add_poly(ctx, L, wkt);
}

static void layout_clear(lc_ctx *ctx, layout *L)
{
    for (size_t i = 0; i < L->ds.nest; i++) {
        GEOSPreparedGeom_destroy_r(ctx->geos, L->est[i].prep);
        GEOSGeom_destroy_r(ctx->geos, L->est[i].geom);
        lc_free(L->est[i].id);
        lc_free(L->est[i].district);
    }
    lc_nesting_destroy(L->ds.nesting);
}

/* The pairs of lc_nested_find as "inner<outer" text, e.g. "1<0 2<0 ". */
static void pairs_text(lc_ctx *ctx, const layout *L, char *buf, size_t cap, double *shares)
{
    lc_nest_pair *p;
    size_t n;
    assert_int_equal(lc_nested_find(ctx, L->est, L->ds.nest, &p, &n), LC_OK);
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        size_t at = strlen(buf);
        snprintf(buf + at, cap - at, "%u<%u ", p[k].inner, p[k].outer);
        if (shares) shares[k] = p[k].share;
    }
    lc_free(p);
}

/* 0: a 100 m square; 1: a 20 m square well inside it; 2: 20 m x 50 m in its corner, sharing
 * two edges; 3: a 10 m square 2 % of whose area lies outside 0 (sticks out by 0.2 m); 4: a
 * 20 m square half outside; 5: a neighbour touching 0 along its whole east edge; 6: a
 * duplicate of 5. */
static void squares(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(ctx, &L);
    add_rect(ctx, &L, 0, 0, 100, 100);
    add_rect(ctx, &L, 40, 40, 60, 60);
    add_rect(ctx, &L, 0, 50, 20, 100);
    add_rect(ctx, &L, -0.2, 10, 9.8, 20);
    add_rect(ctx, &L, 90, 70, 110, 90);
    add_rect(ctx, &L, 100, 0, 200, 100);
    add_rect(ctx, &L, 100, 0, 200, 100);
    char got[256];
    double share[8];
    pairs_text(ctx, &L, got, sizeof got, share);
    assert_string_equal(got, "1<0 2<0 3<0 ");
    assert_true(share[0] == 1 && share[1] == 1);
    assert_true(fabs(share[2] - 0.98) < 1e-9);
    layout_clear(ctx, &L);

    /* 94 % inside is not inside; the same square inside a smaller box is not either */
    layout_init(ctx, &L);
    add_rect(ctx, &L, 0, 0, 100, 100);
    add_rect(ctx, &L, -0.6, 10, 9.4, 20); /* 94 % */
    add_rect(ctx, &L, 200, 0, 210, 10);
    add_rect(ctx, &L, 201, 1, 209, 9);    /* inside 2: smaller, wholly in */
    pairs_text(ctx, &L, got, sizeof got, NULL);
    assert_string_equal(got, "3<2 ");
    layout_clear(ctx, &L);
}

/* A chain: 2 inside 1 inside 0, and 2 inside 0 as well; the order of the input changes the
 * indices, not the pairs. */
static void chain_of_three(void **state)
{
    lc_ctx *ctx = *state;
    static const double box[3][4] = {{0, 0, 300, 300}, {50, 50, 250, 250}, {100, 100, 150, 150}};
    static const int orders[3][3] = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}};
    static const char *const want[3] = {"1<0 2<0 2<1 ", "0<1 0<2 1<2 ", "0<2 1<0 1<2 "};
    for (int o = 0; o < 3; o++) {
        layout L;
        layout_init(ctx, &L);
        for (int k = 0; k < 3; k++) {
            const double *b = box[orders[o][k]];
            add_rect(ctx, &L, b[0], b[1], b[2], b[3]);
        }
        char got[128];
        pairs_text(ctx, &L, got, sizeof got, NULL);
        assert_string_equal(got, want[o]);
        layout_clear(ctx, &L);
    }
}

/* 巴林小区 (0) holds 21弄 (1) and 41弄 (2), which share an edge; 伊敏河路50弄 (3) lies in 41弄 as
 * well as in 0; 4 stands apart. Each setting: what is kept, inside, holds, pairs. */
static void settings_on_a_dataset(void **state)
{
    lc_ctx *ctx = *state;
    static const char *const kept[3] = {"E0 E1 E2 E3 E4 ", "E0 E4 ", "E1 E3 E4 "};
    for (int mode = 0; mode < 3; mode++) {
        layout L;
        layout_init(ctx, &L);
        add_rect(ctx, &L, 0, 0, 200, 100);
        add_rect(ctx, &L, 10, 10, 90, 90);
        add_rect(ctx, &L, 90, 10, 190, 90);
        add_rect(ctx, &L, 100, 20, 120, 40);
        add_rect(ctx, &L, 300, 0, 350, 50);
        lc_settings s;
        memset(&s, 0, sizeof s);
        s.in.field[LC_ROLE_NAME] = "name";
        s.in.nested = mode;
        lc_load_result sum;
        memset(&sum, 0, sizeof sum);
        sum.estates_read = 5;
        assert_int_equal(lc_nested_apply(ctx, &s.in, &L.ds, &sum), LC_OK);
        const lc_nesting *n = L.ds.nesting;
        char got[64] = "";
        for (size_t e = 0; e < L.ds.nest; e++) {
            strcat(got, L.est[e].id);
            strcat(got, " ");
        }
        assert_string_equal(got, kept[mode]);
        assert_int_equal(sum.nested_pairs, 4); /* 1<0 2<0 3<0 3<2 */
        assert_int_equal(n->npairs, 4);
        assert_int_equal(sum.estates_used, L.ds.nest);
        assert_int_equal(sum.estates_left_out, 5 - L.ds.nest);
        assert_int_equal(n->nleft, 5 - L.ds.nest);
        assert_string_equal(sum.nested, mode == 0 ? "both" : mode == 1 ? "outer" : "inner");
        /* the ends keep every estate of a pair, with their ids, kept or not */
        assert_int_equal(n->nends, 4);
        for (size_t i = 0; i < 4; i++) {
            char id[8];
            snprintf(id, sizeof id, "E%zu", i);
            assert_string_equal(n->ends[i].id, id);
            assert_null(n->ends[i].name);
        }
        assert_int_equal(n->pairs[3].inner, 3);
        assert_int_equal(n->pairs[3].outer, 2);
        /* inside: the smallest estate holding it (3: 41弄, not 0); holds: how many */
        for (size_t e = 0; e < L.ds.nest; e++) {
            const char *id = L.est[e].id;
            uint32_t in = n->inside[e];
            const char *want_in = !strcmp(id, "E1") || !strcmp(id, "E2") ? "E0"
                                  : !strcmp(id, "E3")                    ? "E2"
                                                                         : NULL;
            if (want_in) assert_string_equal(n->ends[in].id, want_in);
            else assert_int_equal(in, UINT32_MAX);
            uint32_t holds = !strcmp(id, "E0") ? 3 : !strcmp(id, "E2") ? 1 : 0;
            assert_int_equal(n->holds[e], holds);
        }
        /* pairs whose estates are both kept: only with both; never with outer or inner */
        for (uint32_t a = 0; a < L.ds.nest; a++)
            for (uint32_t b = 0; b < L.ds.nest; b++) {
                bool want = mode == 0 && ((a == 0 && b >= 1 && b <= 3) || (b == 0 && a >= 1 && a <= 3) ||
                                          (a == 2 && b == 3) || (a == 3 && b == 2));
                assert_true(lc_nested_pair_of(n, a, b) == want);
            }
        layout_clear(ctx, &L);
    }
}

/* No pair, no arrays: the outputs and bundles see nothing. */
static void no_nesting(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(ctx, &L);
    add_rect(ctx, &L, 0, 0, 100, 100);
    add_rect(ctx, &L, 100, 0, 200, 100);
    lc_settings s;
    memset(&s, 0, sizeof s);
    s.in.field[LC_ROLE_NAME] = "name";
    s.in.nested = LC_NESTED_INNER;
    lc_load_result sum;
    memset(&sum, 0, sizeof sum);
    assert_int_equal(lc_nested_apply(ctx, &s.in, &L.ds, &sum), LC_OK);
    assert_int_equal(L.ds.nest, 2);
    assert_int_equal(sum.nested_pairs, 0);
    assert_null(L.ds.nesting->inside);
    assert_false(lc_nested_pair_of(L.ds.nesting, 0, 1));
    layout_clear(ctx, &L);
}

/* ---- bundles ----------------------------------------------------------------------------- */

static bool all[MAXE] = {true, true, true, true, true, true, true, true,
                         true, true, true, true, true, true, true, true};

/* An outer estate and its inner one overlap, so they would be adjacent; they are not. */
static void adjacency_leaves_out_nested_pairs(void **state)
{
    lc_ctx *ctx = *state;
    layout L;
    layout_init(ctx, &L);
    add_rect(ctx, &L, 0, 0, 100, 100);
    add_rect(ctx, &L, 10, 10, 50, 50);
    add_rect(ctx, &L, 100, 0, 200, 100);
    lc_settings s;
    memset(&s, 0, sizeof s);
    s.in.field[LC_ROLE_NAME] = "name";
    lc_load_result sum;
    memset(&sum, 0, sizeof sum);
    lc_adjacency adj;
    assert_int_equal(lc_adjacency_build(ctx, &L.ds, all, 25, NULL, 0, &adj), LC_OK);
    assert_int_equal(adj.npairs, 2); /* before nesting is known: 0-1 (overlapping) and 0-2 */
    lc_adjacency_clear(&adj);
    assert_int_equal(lc_nested_apply(ctx, &s.in, &L.ds, &sum), LC_OK);
    assert_int_equal(lc_adjacency_build(ctx, &L.ds, all, 25, NULL, 0, &adj), LC_OK);
    assert_int_equal(adj.npairs, 1);
    assert_int_equal(adj.pairs[0].a, 0);
    assert_int_equal(adj.pairs[0].b, 2);
    assert_int_equal(adj.nested, 1);
    lc_adjacency_clear(&adj);
    layout_clear(ctx, &L);
}

typedef struct {
    size_t n;
    size_t off[MAXE + 1], xoff[MAXE + 1];
    uint32_t nbr[MAXE * MAXE], xnbr[MAXE * MAXE];
    double size[MAXE], x[MAXE], y[MAXE], w[MAXE];
    int x2[MAXE][2];
    size_t nx;
} tgraph;

/* Graph from an edge list and a list of pairs that may never share a bundle. */
static lc_bgraph make_graph(tgraph *t, size_t n, const double *size, const int (*e)[2], size_t ne,
                            const int (*x)[2], size_t nx)
{
    memset(t, 0, sizeof *t);
    t->n = n, t->nx = nx;
    for (size_t k = 0; k < ne; k++) t->off[e[k][0] + 1]++, t->off[e[k][1] + 1]++;
    for (size_t k = 0; k < nx; k++) t->xoff[x[k][0] + 1]++, t->xoff[x[k][1] + 1]++;
    for (size_t i = 0; i < n; i++) t->off[i + 1] += t->off[i], t->xoff[i + 1] += t->xoff[i];
    size_t fill[MAXE], xfill[MAXE];
    memcpy(fill, t->off, n * sizeof *fill);
    memcpy(xfill, t->xoff, n * sizeof *xfill);
    for (size_t k = 0; k < ne; k++) {
        t->nbr[fill[e[k][0]]++] = (uint32_t)e[k][1];
        t->nbr[fill[e[k][1]]++] = (uint32_t)e[k][0];
    }
    for (size_t k = 0; k < nx; k++) {
        t->xnbr[xfill[x[k][0]]++] = (uint32_t)x[k][1];
        t->xnbr[xfill[x[k][1]]++] = (uint32_t)x[k][0];
        t->x2[k][0] = x[k][0], t->x2[k][1] = x[k][1];
    }
    for (size_t i = 0; i < n; i++) t->size[i] = size[i], t->x[i] = 10.0 * (double)i, t->w[i] = 1;
    return (lc_bgraph){n, t->off, t->nbr, t->size, t->x, t->y, t->w, nx ? t->xoff : NULL,
                       nx ? t->xnbr : NULL};
}

static void assert_rules(const lc_bgraph *g, const lc_bparams *p, const lc_bsolution *s)
{
    char why[160] = "";
    bool ok = lc_bundle_check(g, p, s->label, s->nb, why, sizeof why);
    if (!ok) print_error("%s\n", why);
    assert_true(ok);
}

/* The rules as stated, independent of lc_bundle_check: connected by relaxation, the
 * ceiling, no bundle holding a pair of t->x2, and a bundle below N with an adjacent one it
 * fits with (<= M, no such pair across) breaks rule 4. Returns p, or -1. */
static int rules_p(const tgraph *t, const lc_bparams *p, const uint32_t *lab, size_t nb)
{
    double tot[MAXE] = {0};
    size_t cnt[MAXE] = {0};
    for (size_t i = 0; i < t->n; i++) tot[lab[i]] += t->size[i], cnt[lab[i]]++;
    for (size_t k = 0; k < t->nx; k++)
        if (lab[t->x2[k][0]] == lab[t->x2[k][1]]) return -1;
    for (size_t b = 0; b < nb; b++) {
        if (cnt[b] > 1 && tot[b] > p->max_size) return -1;
        bool in[MAXE] = {0};
        size_t first = 0;
        while (lab[first] != b) first++;
        in[first] = true;
        for (bool grew = true; grew;) {
            grew = false;
            for (size_t i = 0; i < t->n; i++)
                for (size_t a = t->off[i]; in[i] && a < t->off[i + 1]; a++)
                    if (lab[t->nbr[a]] == b && !in[t->nbr[a]]) in[t->nbr[a]] = grew = true;
        }
        for (size_t i = 0; i < t->n; i++)
            if (lab[i] == b && !in[i]) return -1;
    }
    for (size_t i = 0; i < t->n; i++)
        for (size_t a = t->off[i]; a < t->off[i + 1]; a++) {
            uint32_t b = lab[i], c = lab[t->nbr[a]];
            if (b == c || tot[b] >= p->min_size || tot[b] + tot[c] > p->max_size) continue;
            bool clash = false;
            for (size_t k = 0; k < t->nx; k++) {
                uint32_t u = lab[t->x2[k][0]], v = lab[t->x2[k][1]];
                clash |= (u == b && v == c) || (u == c && v == b);
            }
            if (!clash) return -1;
        }
    int reach = 0;
    for (size_t b = 0; b < nb; b++) reach += tot[b] >= p->min_size;
    return reach;
}

/* Best p over all set partitions (restricted growth strings). */
static int best_p(const tgraph *t, const lc_bparams *p, uint32_t *lab, size_t i, size_t nb)
{
    if (i == t->n) return rules_p(t, p, lab, nb);
    int best = -1;
    for (size_t b = 0; b <= nb; b++) {
        lab[i] = (uint32_t)b;
        int r = best_p(t, p, lab, i + 1, b == nb ? nb + 1 : nb);
        if (r > best) best = r;
    }
    return best;
}

/* An outer estate (0) and its inner one (1) next to the same neighbours 2 and 3 (a ring
 * 0-2-1-3-0, no edge 0-1): sizes make {0, 1, 2} the one bundle reaching N were they allowed
 * together; they never share one, and the best without them is found. */
static void inner_and_outer_never_share_a_bundle(void **state)
{
    lc_ctx *ctx = *state;
    double size[4] = {500, 500, 100, 100};
    const int e[][2] = {{0, 2}, {1, 2}, {1, 3}, {0, 3}};
    const int x[][2] = {{0, 1}};
    for (int nx = 0; nx < 2; nx++) {
        tgraph t;
        lc_bgraph g = make_graph(&t, 4, size, e, 4, x, (size_t)nx);
        lc_bparams p = {1000, 1200, 1, 8, EXACT_S};
        uint32_t lab[MAXE];
        int opt = best_p(&t, &p, lab, 0, 0);
        lc_bsolution s;
        assert_int_equal(lc_bundle_solve(ctx, &g, &p, &s), LC_OK);
        assert_rules(&g, &p, &s);
        assert_int_equal((int)s.reaching, opt);
        assert_int_equal(opt, nx ? 0 : 1);
        if (nx) {
            assert_true(s.label[0] != s.label[1]);
            assert_true(s.optimal); /* the exact step proves 0 */
        }
        lc_bsolution_clear(&s);
    }
}

static void check_catches_rule_5(void **state)
{
    (void)state;
    tgraph t;
    double size[4] = {500, 500, 500, 500};
    const int e[][2] = {{0, 1}, {1, 2}, {2, 3}};
    const int x[][2] = {{0, 2}};
    lc_bgraph g = make_graph(&t, 4, size, e, 3, x, 1);
    lc_bparams p = {1000, 1500, 1, 1, EXACT_S};
    char why[160];
    uint32_t together[4] = {0, 0, 0, 1}, apart[4] = {0, 0, 1, 1}, small[4] = {0, 1, 2, 2};
    assert_false(lc_bundle_check(&g, &p, together, 2, why, sizeof why));
    assert_non_null(strstr(why, "rule 5"));
    assert_true(lc_bundle_check(&g, &p, apart, 2, why, sizeof why));
    /* {0} is below N and {1} fits with it (1000 <= 1500): rule 4 */
    assert_false(lc_bundle_check(&g, &p, small, 3, why, sizeof why));
    assert_non_null(strstr(why, "rule 4"));
    /* {0} {1,2,3}: {0} fits with {1,2,3} by size (2000) but 0 and 2 may not share: rule 4
     * holds */
    uint32_t held[4] = {0, 1, 1, 1};
    lc_bparams roomy = {1000, 2000, 1, 1, EXACT_S};
    assert_true(lc_bundle_check(&g, &roomy, held, 2, why, sizeof why));
    lc_bgraph free_g = g;
    free_g.xoff = NULL, free_g.xnbr = NULL;
    assert_false(lc_bundle_check(&free_g, &roomy, held, 2, why, sizeof why));
    assert_non_null(strstr(why, "rule 4"));
}

/* 300 random instances of 6-9 nodes, each with two to four pairs that may never share a
 * bundle: the count equals the optimum over every partition (rules 1-5), the rules hold,
 * and without the exact step the count is never above it nor the bound below it. */
static void small_instances_with_nested_pairs(void **state)
{
    lc_ctx *ctx = *state;
    unsigned seed = 29;
    int constrained = 0;
    for (int inst = 0; inst < 300; inst++) {
        size_t n = 6 + (size_t)(4 * lc_test_urand(&seed));
        double size[MAXE];
        int e[32][2], x[4][2];
        size_t ne = 0, nx = 0;
        for (size_t i = 0; i < n; i++) size[i] = 100 + (double)(int)(300 * lc_test_urand(&seed));
        for (size_t i = 1; i < n; i++)
            e[ne][0] = (int)(lc_test_urand(&seed) * (double)i), e[ne][1] = (int)i, ne++;
        for (int k = 0; k < 3; k++) {
            int a = (int)(lc_test_urand(&seed) * (double)n), b = (int)(lc_test_urand(&seed) * (double)n);
            bool dup = a == b;
            for (size_t q = 0; q < ne; q++)
                dup |= (e[q][0] == a && e[q][1] == b) || (e[q][0] == b && e[q][1] == a);
            if (!dup) e[ne][0] = a, e[ne][1] = b, ne++;
        }
        size_t want = 2 + (size_t)(3 * lc_test_urand(&seed));
        for (size_t k = 0; k < want; k++) { /* not an edge: nested estates are not adjacent */
            int a = (int)(lc_test_urand(&seed) * (double)n), b = (int)(lc_test_urand(&seed) * (double)n);
            bool bad = a == b;
            for (size_t q = 0; q < ne; q++)
                bad |= (e[q][0] == a && e[q][1] == b) || (e[q][0] == b && e[q][1] == a);
            for (size_t q = 0; q < nx; q++)
                bad |= (x[q][0] == a && x[q][1] == b) || (x[q][0] == b && x[q][1] == a);
            if (!bad) x[nx][0] = a, x[nx][1] = b, nx++;
        }
        double N = 500 + (double)(int)(500 * lc_test_urand(&seed));
        lc_bparams p = {N, N * (1.2 + lc_test_urand(&seed)), (uint64_t)inst, 8, EXACT_S};
        tgraph t, free_t;
        lc_bgraph g = make_graph(&t, n, size, (const int (*)[2])e, ne, (const int (*)[2])x, nx);
        make_graph(&free_t, n, size, (const int (*)[2])e, ne, (const int (*)[2])x, 0);
        uint32_t lab[MAXE];
        int opt = best_p(&t, &p, lab, 0, 0), opt_free = best_p(&free_t, &p, lab, 0, 0);
        constrained += opt < opt_free;
        lc_bsolution s, h;
        assert_int_equal(lc_bundle_solve(ctx, &g, &p, &s), LC_OK);
        assert_rules(&g, &p, &s);
        assert_int_equal(rules_p(&t, &p, s.label, s.nb), (int)s.reaching);
        assert_int_equal((int)s.reaching, opt);
        assert_int_equal((int)s.bound, opt);
        assert_true(s.optimal);
        lc_bparams heur = p;
        heur.time_limit_s = 0;
        assert_int_equal(lc_bundle_solve(ctx, &g, &heur, &h), LC_OK);
        assert_rules(&g, &heur, &h);
        assert_int_equal(rules_p(&t, &heur, h.label, h.nb), (int)h.reaching);
        assert_true((int)h.reaching <= opt && opt <= (int)h.bound);
        lc_bsolution_clear(&s);
        lc_bsolution_clear(&h);
    }
    /* the pairs cost bundles on some instances: the constraint is exercised */
    print_message("%d of 300 instances lose bundles to the pairs\n", constrained);
    assert_true(constrained >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(squares),
        cmocka_unit_test(chain_of_three),
        cmocka_unit_test(settings_on_a_dataset),
        cmocka_unit_test(no_nesting),
        cmocka_unit_test(adjacency_leaves_out_nested_pairs),
        cmocka_unit_test(inner_and_outer_never_share_a_bundle),
        cmocka_unit_test(check_catches_rule_5),
        cmocka_unit_test(small_instances_with_nested_pairs),
    };
    return cmocka_run_group_tests(tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
