/*
 * files.c — which files a run writes (the `formats` setting) and writing them side by side:
 * one job per file on the job pool, each with its own GDAL dataset (GDAL is thread-safe
 * for distinct datasets), the biggest first so that the threads finish together. The
 * tables are built once before (every geometry already WKB); each format converts from
 * the same WKB. What a job logs reaches the log in job order (lc_parallel_run), so the
 * log does not depend on the threads either.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/parallel.h"
#include "outputs.h"
#include "../core/msg.h"

#define MAX_FILES 32
#define REPORT (-1) /* kind of the report job (not a GDAL format) */

typedef struct {
    char name[48];
    char *path; /* staged path, owned */
    int kind;   /* lc_ofmt, or REPORT */
    lc_out_layer layer[LC_OUT_NLAYERS + 1];
    size_t n;
    double cost;    /* estimated work, to start the biggest first */
    double seconds; /* measured */
} out_file;

struct lc_file_plan {
    out_file f[MAX_FILES];
    size_t n;
    size_t order[MAX_FILES]; /* jobs: files by falling cost */
    const lc_report_in *report;
};

/* Bytes a layer's rows hold, roughly: geometry plus a dozen bytes per value. */
static double layer_bytes(const lc_out_layer *l)
{
    const lc_table *t = l->table;
    double b = (double)t->nrows * (double)t->nfields * 12;
    for (size_t r = 0; r < t->nrows; r++) b += (double)t->wkb_len[r];
    return b;
}

/* Seconds per byte relative to the GeoPackage, measured on the country-sized bench
 * (ARCHITECTURE.md, Writing): GDAL's GeoJSON writer builds a json-c object per coordinate. */
static double kind_factor(int kind)
{
    switch (kind) {
    case LC_OF_GEOJSON: return 6;
    case LC_OF_SHP: return 1;
    case LC_OF_FGB:
    case REPORT: return 0.5;
    default: return 1;
    }
}

lc_file_plan *lc_file_plan_create(void)
{
    return lc_calloc(1, sizeof(lc_file_plan));
}

void lc_file_plan_destroy(lc_file_plan *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) lc_free(p->f[i].path);
    lc_free(p);
}

lc_status lc_file_plan_add(lc_ctx *ctx, lc_file_plan *p, lc_outdir *od, const char *name,
                           lc_ofmt fmt, const lc_out_layer *layers, size_t n)
{
    if (p->n == MAX_FILES || n > LC_OUT_NLAYERS + 1)
        return lc_fail(ctx, LC_ERR_ARG, "%s: too many output files or layers", name);
    size_t have = 0;
    for (size_t i = 0; i < n; i++) have += layers[i].table != NULL;
    if (!have) return LC_OK; /* nothing of this layer in this run */
    out_file *f = &p->f[p->n];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    if (!(f->path = lc_strdup(lc_outdir_path(od, name)))) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    f->kind = (int)fmt;
    for (size_t i = 0; i < n; i++)
        if (layers[i].table) {
            f->layer[f->n++] = layers[i];
            f->cost += layer_bytes(&layers[i]) * kind_factor(f->kind);
        }
    p->n++;
    return LC_OK;
}

lc_status lc_file_plan_add_report(lc_ctx *ctx, lc_file_plan *p, lc_outdir *od,
                                  const lc_report_in *in)
{
    if (p->n == MAX_FILES) return lc_fail(ctx, LC_ERR_ARG, "too many output files");
    out_file *f = &p->f[p->n];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "report.html");
    if (!(f->path = lc_strdup(lc_outdir_path(od, f->name)))) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    f->kind = REPORT;
    for (size_t e = 0; e < in->ds->nest; e++) f->cost += 200; /* a path per estate on each map */
    f->cost *= kind_factor(REPORT) * (double)(1 + in->ds->ncat);
    p->report = in;
    p->n++;
    return LC_OK;
}

static lc_status write_job(lc_ctx *ctx, size_t job, void *ud)
{
    lc_file_plan *p = ud;
    out_file *f = &p->f[p->order[job]];
    double t0 = lc_now_s();
    lc_status st = f->kind == REPORT ? lc_report_html(ctx, f->path, p->report)
                                     : lc_io_write(ctx, f->path, (lc_ofmt)f->kind, f->layer, f->n);
    f->seconds = lc_now_s() - t0;
    if (!st) lc_info(ctx, "write: %s in %.2f s", f->name, f->seconds);
    return st;
}

/* Size of a staged file; a Shapefile's with its sidecar files. */
static long long file_bytes(const char *path, int kind)
{
    struct stat sb;
    long long b = stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
    if (kind != LC_OF_SHP) return b;
    static const char *const side[] = {"shx", "dbf", "prj", "cpg"};
    char other[4096];
    size_t len = strlen(path);
    for (size_t i = 0; i < 4 && len > 3 && len < sizeof other; i++) {
        memcpy(other, path, len - 3);
        strcpy(other + len - 3, side[i]);
        if (stat(other, &sb) == 0) b += (long long)sb.st_size;
    }
    return b;
}

/* File a before file b among the jobs: the costlier first, then in plan order. */
static bool before(const lc_file_plan *p, size_t a, size_t b)
{
    double ca = p->f[a].cost, cb = p->f[b].cost;
    return ca > cb || (ca == cb && a < b);
}

lc_status lc_file_plan_write(lc_ctx *ctx, lc_file_plan *p, int threads, lc_file_list *files)
{
    for (size_t i = 0; i < p->n; i++) p->order[i] = i;
    /* longest first: a big file started last would leave the other threads idle */
    for (size_t i = 1; i < p->n; i++)
        for (size_t j = i; j > 0 && before(p, p->order[j], p->order[j - 1]); j--) {
            size_t t = p->order[j];
            p->order[j] = p->order[j - 1];
            p->order[j - 1] = t;
        }
    lc_status st = lc_parallel_run(ctx, N_("write"), p->n, threads, write_job, p);
    if (st || !files) return st;
    files->n = 0;
    for (size_t i = 0; i < p->n && files->n < sizeof files->f / sizeof *files->f; i++) {
        lc_output_file *o = &files->f[files->n++];
        snprintf(o->name, sizeof o->name, "%s", p->f[i].name);
        o->seconds = p->f[i].seconds;
        o->bytes = file_bytes(p->f[i].path, p->f[i].kind);
    }
    return LC_OK;
}
