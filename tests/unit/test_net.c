/*
 * test_net.c — the walking graph: shortest paths against Floyd–Warshall on the same graph,
 * vertex merging, a bridge that must not connect, noding, snapping offsets and the bound of
 * the search (the walkability rule is tested in test_model.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lc_test.h"
#include "net/net.h"

static lc_graph *graph_of(lc_ctx *ctx, const char *const *wkt, size_t n, bool node)
{
    GEOSGeometry *g[64] = {0};
    for (size_t i = 0; i < n; i++) g[i] = lc_test_wkt(ctx, wkt[i]);
    lc_graph *gr;
    assert_int_equal(lc_graph_build(ctx, (const GEOSGeometry *const *)g, n, 0.01, node, &gr),
                     LC_OK);
    for (size_t i = 0; i < n; i++) GEOSGeom_destroy_r(ctx->geos, g[i]);
    return gr;
}

/* Node of the graph at (x, y), or -1. */
static long node_at(const lc_graph *g, double x, double y)
{
    for (size_t i = 0; i < g->nnodes; i++)
        if (fabs(g->x[i] - x) < 0.02 && fabs(g->y[i] - y) < 0.02) return (long)i;
    return -1;
}

/* Random graphs on a 6×6 lattice of points with random segments; several seeds with
 * start distances; the search bounded at `limit` must equal min over seeds of
 * d0 + all-pairs distance (Floyd–Warshall), or INFINITY beyond the bound. */
static void search_matches_floyd_warshall(void **state)
{
    lc_ctx *ctx = *state;
    unsigned seed = 7;
    for (int round = 0; round < 20; round++) {
        char wkt[60][96];
        const char *w[60];
        size_t nl = 0;
        for (int i = 0; i < 60; i++) {
            int a = (int)(lc_test_urand(&seed) * 36), b = (int)(lc_test_urand(&seed) * 36);
            if (a == b) continue;
            snprintf(wkt[nl], sizeof wkt[nl], "LINESTRING(%d %d,%d %d)", (a % 6) * 100,
                     (a / 6) * 100 + (a % 3) * 7, (b % 6) * 100, (b / 6) * 100 + (b % 3) * 7);
            w[nl] = wkt[nl];
            nl++;
        }
        lc_graph *g = graph_of(ctx, w, nl, false);
        size_t n = g->nnodes;
        double *fw = malloc(n * n * sizeof(double));
        for (size_t i = 0; i < n * n; i++) fw[i] = INFINITY;
        for (size_t i = 0; i < n; i++) fw[i * n + i] = 0;
        for (size_t e = 0; e < g->nedges; e++) {
            size_t u = g->eu[e], v = g->ev[e];
            fw[u * n + v] = fmin(fw[u * n + v], g->elen[e]);
            fw[v * n + u] = fmin(fw[v * n + u], g->elen[e]);
        }
        for (size_t k = 0; k < n; k++)
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    fw[i * n + j] = fmin(fw[i * n + j], fw[i * n + k] + fw[k * n + j]);
        lc_seed seeds[3] = {{0, 5}, {(uint32_t)(n / 2), 0}, {(uint32_t)(n - 1), 40}};
        double limit = 250 + 50 * (round % 5), *dist = malloc(n * sizeof(double));
        assert_int_equal(lc_graph_search(ctx, g, seeds, 3, limit, dist), LC_OK);
        for (size_t v = 0; v < n; v++) {
            double want = INFINITY;
            for (int s = 0; s < 3; s++)
                want = fmin(want, seeds[s].d0_m + fw[seeds[s].node * n + v]);
            if (want > limit) want = INFINITY;
            if (isinf(want)) assert_true(isinf(dist[v]));
            else assert_float_equal(dist[v], want, 1e-9);
        }
        free(fw);
        free(dist);
        lc_graph_destroy(g);
    }
}

/* Vertices 5 mm apart are one node; 2 cm apart they stay two. */
static void merges_within_one_centimetre(void **state)
{
    lc_ctx *ctx = *state;
    const char *w[] = {"LINESTRING(0 0,100 0)", "LINESTRING(100.005 0.003,100 100)",
                       "LINESTRING(0 0.02,0 100)"};
    lc_graph *g = graph_of(ctx, w, 3, false);
    assert_int_equal(g->nnodes, 5); /* (0,0) (100,0)=(100.005,0.003) (100,100) (0,0.02) (0,100) */
    assert_int_equal(g->nedges, 3);
    double dist[8];
    lc_seed s = {(uint32_t)node_at(g, 0, 0), 0};
    assert_int_equal(lc_graph_search(ctx, g, &s, 1, 1e9, dist), LC_OK);
    assert_float_equal(dist[node_at(g, 100, 100)], 200, 0.01);
    assert_true(isinf(dist[node_at(g, 0, 100)])); /* 2 cm off: not connected */
    lc_graph_destroy(g);
}

/* A bridge crossing a road without a shared vertex does not connect to it... */
static void bridge_does_not_connect(void **state)
{
    lc_ctx *ctx = *state;
    const char *w[] = {"LINESTRING(0 50,100 50)", "LINESTRING(50 0,50 100)"};
    lc_graph *g = graph_of(ctx, w, 2, false);
    assert_int_equal(g->nnodes, 4);
    double dist[8];
    lc_seed s = {(uint32_t)node_at(g, 0, 50), 0};
    assert_int_equal(lc_graph_search(ctx, g, &s, 1, 1e9, dist), LC_OK);
    assert_true(isinf(dist[node_at(g, 50, 100)]));
    lc_graph_destroy(g);
    /* ...unless crossings are noded (data drawn without shared vertices) */
    g = graph_of(ctx, w, 2, true);
    assert_int_equal(g->nnodes, 5);
    s.node = (uint32_t)node_at(g, 0, 50);
    assert_int_equal(lc_graph_search(ctx, g, &s, 1, 1e9, dist), LC_OK);
    assert_float_equal(dist[node_at(g, 50, 100)], 100, 1e-9);
    lc_graph_destroy(g);
}

/* A point 5 m beside a 100 m street at 30 m along: offsets 5 + 30 and 5 + 70. */
static void snapping_offsets(void **state)
{
    lc_ctx *ctx = *state;
    const char *w[] = {"LINESTRING(0 0,100 0)"};
    lc_graph *g = graph_of(ctx, w, 1, false);
    lc_snap sn;
    assert_true(lc_graph_snap(g, 30, 5, 200, &sn));
    assert_float_equal(sn.offset_m, 5, 1e-12);
    lc_seed seeds[2];
    lc_snap_seeds(g, &sn, seeds);
    double a = seeds[0].node == (uint32_t)node_at(g, 0, 0) ? seeds[0].d0_m : seeds[1].d0_m;
    double b = seeds[0].node == (uint32_t)node_at(g, 0, 0) ? seeds[1].d0_m : seeds[0].d0_m;
    assert_float_equal(a, 35, 1e-9);
    assert_float_equal(b, 75, 1e-9);
    assert_false(lc_graph_snap(g, 30, 250, 200, &sn)); /* beyond max-snap: unreachable */
    assert_true(lc_graph_snap(g, 130, 0, 200, &sn));   /* past the end: snaps to it */
    assert_float_equal(sn.offset_m, 30, 1e-12);
    lc_graph_destroy(g);
}

/* The bound: a 1 km street walked from one end reaches nodes up to the limit only. */
static void search_is_bounded(void **state)
{
    lc_ctx *ctx = *state;
    const char *w[] = {"LINESTRING(0 0,100 0,200 0,300 0,400 0,500 0,600 0)"};
    lc_graph *g = graph_of(ctx, w, 1, false);
    double dist[8];
    lc_seed s = {(uint32_t)node_at(g, 0, 0), 20};
    assert_int_equal(lc_graph_search(ctx, g, &s, 1, 320, dist), LC_OK);
    assert_float_equal(dist[node_at(g, 300, 0)], 320, 1e-9);
    assert_true(isinf(dist[node_at(g, 400, 0)]));
    lc_graph_destroy(g);
}

/* Collects the nodes lc_graph_nodes_in_box reports. */
static void mark_node(uint32_t node, void *ud)
{
    ((int *)ud)[node]++;
}

/* The sparse grid against brute force: short random streets in a 2 km square and a few lines
 * thousands of kilometres away (real extracts carry such outliers), snapped and boxed from
 * random points near both, with radii from 1 m to 2 km. */
static void grid_matches_brute_force(void **state)
{
    lc_ctx *ctx = *state;
    unsigned seed = 11;
    enum { N = 400 };
    GEOSGeometry *lines[N];
    for (int i = 0; i < N; i++) {
        double far = i % 97 == 0 ? 4.0e6 + 1.0e5 * i : 0; /* outliers */
        double x = far + 2000 * lc_test_urand(&seed), y = 0.5 * far + 2000 * lc_test_urand(&seed);
        double a = 6.3 * lc_test_urand(&seed), len = 5 + 120 * lc_test_urand(&seed);
        char wkt[160];
        snprintf(wkt, sizeof wkt, "LINESTRING(%.3f %.3f,%.3f %.3f,%.3f %.3f)", x, y,
                 x + len * cos(a), y + len * sin(a), x + len * cos(a) + 30, y + len * sin(a));
        lines[i] = lc_test_wkt(ctx, wkt);
    }
    lc_graph *g;
    assert_int_equal(lc_graph_build(ctx, (const GEOSGeometry *const *)lines, N, 0.01, false, &g),
                     LC_OK);
    for (int i = 0; i < N; i++) GEOSGeom_destroy_r(ctx->geos, lines[i]);
    int *seen = calloc(g->nnodes, sizeof *seen);
    assert_non_null(seen);
    for (int q = 0; q < 300; q++) {
        double far = q % 10 == 0 ? 4.0e6 + 1.0e5 * 97 * (q % 4) : 0;
        double x = far - 200 + 2400 * lc_test_urand(&seed), y = 0.5 * far - 200 + 2400 * lc_test_urand(&seed);
        double r = q % 3 == 0 ? 1 + 9 * lc_test_urand(&seed) : 2000 * lc_test_urand(&seed);
        /* snap: the nearest edge within r, lowest id on ties */
        double best = INFINITY, t;
        uint32_t be = 0;
        for (uint32_t e = 0; e < g->nedges; e++) {
            double d = lc_point_segment_dist(x, y, g->x[g->eu[e]], g->y[g->eu[e]], g->x[g->ev[e]],
                                             g->y[g->ev[e]], &t);
            if (d < best) best = d, be = e;
        }
        lc_snap sn;
        bool got = lc_graph_snap(g, x, y, r, &sn);
        assert_int_equal(got, best <= r);
        if (got) {
            assert_int_equal(sn.edge, be);
            assert_float_equal(sn.offset_m, best, 1e-9);
        }
        /* nodes in the box (x ± r, y ± r): each exactly once */
        memset(seen, 0, g->nnodes * sizeof *seen);
        lc_graph_nodes_in_box(g, x - r, y - r, x + r, y + r, mark_node, seen);
        for (size_t i = 0; i < g->nnodes; i++) {
            bool in = fabs(g->x[i] - x) <= r && fabs(g->y[i] - y) <= r;
            assert_int_equal(seen[i], in ? 1 : 0);
        }
    }
    /* no cell array spans the box from the city to the outliers */
    assert_true(g->egrid.ncells < 20 * g->nedges);
    free(seen);
    lc_graph_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(search_matches_floyd_warshall),
        cmocka_unit_test(merges_within_one_centimetre),
        cmocka_unit_test(bridge_does_not_connect),
        cmocka_unit_test(snapping_offsets),
        cmocka_unit_test(search_is_bounded),
        cmocka_unit_test(grid_matches_brute_force),
    };
    return cmocka_run_group_tests_name("net", tests, lc_test_ctx_setup, lc_test_ctx_teardown);
}
