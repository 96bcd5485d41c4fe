/* parallel.c — a small job pool over pthreads (see parallel.h). */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "parallel.h"

/* The log lines of one job, kept until every job has finished. */
typedef struct {
    lc_log_level *level;
    char **msg;
    size_t n, cap;
    bool lost; /* a line could not be kept (out of memory) */
} joblog;

typedef struct {
    lc_job_fn fn;
    void *ud;
    size_t njobs, next, done;
    pthread_mutex_t lock;
    lc_status st;
    char err[1024];
    joblog *logs;
    lc_log_level log_max; /* what the caller's ctx shows; warnings are always kept */
} pool;

static void keep_line(void *ud, lc_log_level level, const char *msg)
{
    joblog *l = ud;
    size_t cap = l->cap;
    char *copy = lc_strdup(msg);
    if (!copy || lc_grow((void **)&l->msg, &l->cap, l->n + 1, sizeof *l->msg) ||
        lc_grow((void **)&l->level, &cap, l->n + 1, sizeof *l->level)) {
        lc_free(copy);
        l->lost = true;
        return;
    }
    l->msg[l->n] = copy;
    l->level[l->n++] = level;
}

static void record_failure(pool *p, lc_status st, const char *msg)
{
    pthread_mutex_lock(&p->lock);
    if (!p->st) {
        p->st = st;
        lc_strlcpy_utf8(p->err, msg, sizeof p->err);
    }
    pthread_mutex_unlock(&p->lock);
}

/* Take jobs until none is left or one has failed. Each job runs on `own` (this thread's
 * ctx) with its log lines kept in the pool; the calling thread (`caller`, NULL on the
 * workers) reports progress in finished jobs. */
static void work(lc_ctx *own, lc_ctx *caller, pool *p)
{
    for (size_t done = 0;;) {
        pthread_mutex_lock(&p->lock);
        size_t job = p->st ? p->njobs : p->next++;
        done = p->done;
        pthread_mutex_unlock(&p->lock);
        if (caller) lc_progress_step(caller, done);
        if (job >= p->njobs) return;
        lc_ctx_set_log(own, keep_line, &p->logs[job], p->log_max);
        lc_status st = p->fn(own, job, p->ud);
        if (st) record_failure(p, st, lc_ctx_errmsg(own));
        pthread_mutex_lock(&p->lock);
        p->done++;
        pthread_mutex_unlock(&p->lock);
    }
}

static void *worker(void *arg)
{
    pool *p = arg;
    lc_ctx *own = lc_ctx_create();
    if (!own) {
        record_failure(p, LC_ERR_NOMEM, "out of memory starting a worker thread");
        return NULL;
    }
    work(own, NULL, p);
    lc_ctx_destroy(own);
    return NULL;
}

size_t lc_parallel_threads(int threads)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return threads > 0 ? (size_t)threads : (size_t)(cores > 0 ? cores : 1);
}

/* The kept lines of every job, in job order, into the caller's log (so the log does not
 * depend on which thread ran what); frees them. */
static void replay(lc_ctx *ctx, pool *p)
{
    bool lost = false;
    for (size_t j = 0; j < p->njobs; j++) {
        joblog *l = &p->logs[j];
        for (size_t i = 0; i < l->n; i++) {
            lc_log(ctx, l->level[i], "%s", l->msg[i]);
            lc_free(l->msg[i]);
        }
        lost = lost || l->lost;
        lc_free(l->msg);
        lc_free(l->level);
    }
    if (lost) lc_warn(ctx, "out of memory keeping the log lines of parallel jobs; some are missing");
}

lc_status lc_parallel_run(lc_ctx *ctx, const char *stage, size_t njobs, int threads,
                          lc_job_fn fn, void *ud)
{
    lc_progress_begin(ctx, stage, njobs);
    size_t n = lc_parallel_threads(threads);
    if (n > njobs) n = njobs ? njobs : 1;
    pool p = {.fn = fn, .ud = ud, .njobs = njobs,
              .log_max = ctx->log_max > LC_LOG_WARN ? ctx->log_max : LC_LOG_WARN};
    /* the calling thread works too, on a ctx of its own so that its jobs' lines are kept
     * like the workers' */
    lc_ctx *own = lc_ctx_create();
    p.logs = lc_calloc(njobs + 1, sizeof *p.logs);
    if (!own || !p.logs) {
        lc_ctx_destroy(own);
        lc_free(p.logs);
        lc_progress_end(ctx);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_t tid[64];
    size_t started = 0;
    for (; started + 1 < n && started < 64; started++)
        if (pthread_create(&tid[started], NULL, worker, &p) != 0) break;
    work(own, ctx, &p);
    for (size_t i = 0; i < started; i++) pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&p.lock);
    lc_ctx_destroy(own);
    lc_progress_end(ctx);
    replay(ctx, &p);
    lc_free(p.logs);
    if (p.st) return lc_fail(ctx, p.st, "%s", p.err);
    return LC_OK;
}

/* ---- one job on a thread of its own ---------------------------------------------------- */

struct lc_async {
    pool p; /* one job; its lock unused */
    pthread_t tid;
};

static void *async_main(void *arg)
{
    lc_async *a = arg;
    lc_ctx *own = lc_ctx_create();
    if (!own) {
        a->p.st = LC_ERR_NOMEM;
        lc_strlcpy_utf8(a->p.err, "out of memory starting a thread", sizeof a->p.err);
        return NULL;
    }
    lc_ctx_set_log(own, keep_line, &a->p.logs[0], a->p.log_max);
    a->p.st = a->p.fn(own, 0, a->p.ud);
    if (a->p.st) lc_strlcpy_utf8(a->p.err, lc_ctx_errmsg(own), sizeof a->p.err);
    lc_ctx_destroy(own);
    return NULL;
}

lc_status lc_async_start(lc_ctx *ctx, lc_job_fn fn, void *ud, lc_async **out)
{
    lc_async *a = lc_calloc(1, sizeof *a);
    *out = NULL;
    if (a) a->p.logs = lc_calloc(1, sizeof *a->p.logs);
    if (!a || !a->p.logs) {
        if (a) lc_free(a->p.logs);
        lc_free(a);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    a->p.fn = fn, a->p.ud = ud, a->p.njobs = 1;
    a->p.log_max = ctx->log_max > LC_LOG_WARN ? ctx->log_max : LC_LOG_WARN;
    if (pthread_create(&a->tid, NULL, async_main, a) != 0) {
        lc_free(a->p.logs);
        lc_free(a);
        return lc_fail(ctx, LC_ERR_NOMEM, "cannot start a thread");
    }
    *out = a;
    return LC_OK;
}

lc_status lc_async_join(lc_ctx *ctx, lc_async *a)
{
    pthread_join(a->tid, NULL);
    replay(ctx, &a->p);
    lc_status st = a->p.st;
    if (st) st = lc_fail(ctx, st, "%s", a->p.err);
    lc_free(a->p.logs);
    lc_free(a);
    return st;
}
