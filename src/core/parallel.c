/* parallel.c — a small job pool over pthreads (see parallel.h). */
#include <pthread.h>
#include <unistd.h>

#include "parallel.h"

typedef struct {
    lc_job_fn fn;
    void *ud;
    size_t njobs, next, done;
    pthread_mutex_t lock;
    lc_status st;
    char err[1024];
} pool;

static void record_failure(pool *p, lc_status st, const char *msg)
{
    pthread_mutex_lock(&p->lock);
    if (!p->st) {
        p->st = st;
        lc_strlcpy_utf8(p->err, msg, sizeof p->err);
    }
    pthread_mutex_unlock(&p->lock);
}

/* Take jobs until none is left or one has failed; the calling thread (`main`) reports
 * progress in finished jobs. */
static void work(lc_ctx *ctx, pool *p, bool main)
{
    for (size_t done = 0;;) {
        pthread_mutex_lock(&p->lock);
        size_t job = p->st ? p->njobs : p->next++;
        done = p->done;
        pthread_mutex_unlock(&p->lock);
        if (main) lc_progress_step(ctx, done);
        if (job >= p->njobs) return;
        lc_status st = p->fn(ctx, job, p->ud);
        if (st) record_failure(p, st, lc_ctx_errmsg(ctx));
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
    work(own, p, false);
    lc_ctx_destroy(own);
    return NULL;
}

size_t lc_parallel_threads(int threads)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return threads > 0 ? (size_t)threads : (size_t)(cores > 0 ? cores : 1);
}

lc_status lc_parallel_run(lc_ctx *ctx, const char *stage, size_t njobs, int threads,
                          lc_job_fn fn, void *ud)
{
    lc_progress_begin(ctx, stage, njobs);
    size_t n = lc_parallel_threads(threads);
    if (n > njobs) n = njobs ? njobs : 1;
    pool p = {.fn = fn, .ud = ud, .njobs = njobs};
    pthread_mutex_init(&p.lock, NULL);
    pthread_t tid[64];
    size_t started = 0;
    for (; started + 1 < n && started < 64; started++)
        if (pthread_create(&tid[started], NULL, worker, &p) != 0) break;
    work(ctx, &p, true);
    for (size_t i = 0; i < started; i++) pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&p.lock);
    lc_progress_end(ctx);
    if (p.st) return lc_fail(ctx, p.st, "%s", p.err);
    return LC_OK;
}
