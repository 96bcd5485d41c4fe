/*
 * fuzz_pipeline.c — libFuzzer target: the bytes drive a small random district (estates as
 * rectangles, bow-ties, spikes, nulls, duplicates; households as numbers, text or negative;
 * facilities with real, unmapped and empty categories), written as GeoJSON and run through
 * the whole job: coverage, bundles and sites, with every output written. Errors are fine;
 * crashes, leaks and undefined behaviour are not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const uint8_t *d;
    size_t n, i;
} bytes;

static unsigned take(bytes *b)
{
    return b->i < b->n ? b->d[b->i++] : 0;
}

static void estate(FILE *f, bytes *b, int k)
{
    unsigned kind = take(b) % 8, i = take(b) % 6, j = take(b) % 6, w = 20 + take(b) % 120;
    double x = 515000 + 150.0 * i, y = 4328000 + 150.0 * j;
    unsigned hh = take(b);
    fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"E%u\",\"district\":\"%s\",",
            k ? ",\n" : "", take(b) % 4 ? (unsigned)k : 0u, take(b) % 2 ? "东风街道" : "向阳街道");
    if (hh % 7 == 0) fprintf(f, "\"households\":\"many\",");
    else if (hh % 11 == 0) fprintf(f, "\"households\":-%u,", hh);
    else fprintf(f, "\"households\":%u,", hh * 3);
    fprintf(f, "\"build_year\":%u,\"elderly\":%u,\"children\":%u},\"geometry\":", 1960 + take(b) % 60,
            take(b), take(b));
    if (kind == 0) { fprintf(f, "null}"); return; }
    if (kind == 1) { fprintf(f, "{\"type\":\"Polygon\",\"coordinates\":[]}}"); return; }
    if (kind == 2) { /* bow-tie */
        fprintf(f, "{\"type\":\"Polygon\",\"coordinates\":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}",
                x, y, x + w, y + w, x + w, y, x, y + w, x, y);
        return;
    }
    if (kind == 3) { /* spike and an open ring */
        fprintf(f, "{\"type\":\"Polygon\",\"coordinates\":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}",
                x, y, x + w, y, x + w / 2.0, y + 3.0 * w, x + w / 2.0, y + w, x, y + w);
        return;
    }
    double dx = (int)(take(b) % 9) - 4, dy = (int)(take(b) % 9) - 4;
    fprintf(f, "{\"type\":\"Polygon\",\"coordinates\":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}",
            x, y, x + w + dx, y, x + w, y + w + dy, x + dx, y + w, x, y);
}

static void facility(FILE *f, bytes *b, int k)
{
    static const char *const cats[] = {"养老院", "幼儿园", "托育", "菜市场", "amenity=clinic", "",
                                       "日间照料中心", "elder"};
    double x = 515000 + 6.0 * take(b) * 3, y = 4328000 + 6.0 * take(b) * 3;
    fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"F%d\",\"category\":\"%s\"},"
            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%g,%g]}}",
            k ? ",\n" : "", k, cats[take(b) % 8], x, y);
}

static const char *CRS = "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32650\"}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64], est[128], fac[128], out[128];
    static lc_ctx *ctx;
    if (!ctx) {
        snprintf(dir, sizeof dir, "/tmp/lc-fuzz-XXXXXX");
        if (!mkdtemp(dir)) abort();
        snprintf(est, sizeof est, "%s/estates.geojson", dir);
        snprintf(fac, sizeof fac, "%s/facilities.geojson", dir);
        snprintf(out, sizeof out, "%s/out", dir);
        ctx = lc_ctx_create();
    }
    bytes b = {data, size, 0};
    FILE *f = fopen(est, "w");
    if (!f) return 0;
    fprintf(f, "{\"type\":\"FeatureCollection\",%s,\"features\":[\n", CRS);
    int ne = 1 + (int)(take(&b) % 12), nf = (int)(take(&b) % 10);
    for (int k = 0; k < ne; k++) estate(f, &b, k);
    fprintf(f, "]}\n");
    fclose(f);
    if (!(f = fopen(fac, "w"))) return 0;
    fprintf(f, "{\"type\":\"FeatureCollection\",%s,\"features\":[\n", CRS);
    for (int k = 0; k < nf; k++) facility(f, &b, k);
    fprintf(f, "]}\n");
    fclose(f);
    lc_options *o = lc_options_create();
    const char *kv[][2] = {{"estates", est}, {"facilities", fac}, {"output", out},
                           {"min_size", "300"}, {"max_size", "900"}, {"gap", "40"},
                           {"site_category", "elder"}, {"site_count", "2"}, {"threads", "1"},
                           {"lang", take(&b) % 2 ? "en" : "zh"}, {"restarts", "2"}};
    for (size_t i = 0; o && i < sizeof kv / sizeof *kv; i++) lc_options_set(ctx, o, kv[i][0], kv[i][1], LC_SRC_FLAG);
    if (o) lc_run(ctx, o, LC_JOB_ALL, NULL);
    lc_options_destroy(o);
    return 0;
}
