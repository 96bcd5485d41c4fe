/*
 * parallel.h — run independent jobs on worker threads, each thread with its own lc_ctx
 * (GEOS handle, PROJ context), as GEOS requires. The calling thread works too, on a ctx of
 * its own. Jobs must only share read-only inputs and write disjoint outputs; results then
 * do not depend on the number of threads. Neither does the log: each job's lines (and
 * warnings) are kept and reach the caller's log after the last job, in job order.
 */
#ifndef LC_PARALLEL_H
#define LC_PARALLEL_H

#include "core.h"

/** One job: `ctx` belongs to the running thread (never the caller's). A non-OK status stops
 *  the remaining jobs; the first failure's status and message reach the caller's ctx. */
typedef lc_status (*lc_job_fn)(lc_ctx *ctx, size_t job, void *ud);

/** Threads to use for a `threads` setting: itself when > 0, else the online cores. */
size_t lc_parallel_threads(int threads);

/** Run jobs 0..njobs-1 on `threads` threads (0: one per online core). */
lc_status lc_parallel_run(lc_ctx *ctx, const char *stage, size_t njobs, int threads,
                          lc_job_fn fn, void *ud);

/** One job started on a thread of its own while the caller goes on (a comparison writes the
 *  baseline's folder this way while it evaluates the scenarios). The job follows the rules
 *  of lc_parallel_run's: a ctx of its own, its log lines kept and passed to the caller's
 *  log when it is joined. Every started job must be joined. */
typedef struct lc_async lc_async;
/** Start job 0 of `fn` on a new thread; *out the handle (NULL with the status on failure,
 *  the job not run). */
lc_status lc_async_start(lc_ctx *ctx, lc_job_fn fn, void *ud, lc_async **out);
/** Wait for the job, pass its log lines on, free the handle; the job's status (its message
 *  on ctx). */
lc_status lc_async_join(lc_ctx *ctx, lc_async *a);

#endif
