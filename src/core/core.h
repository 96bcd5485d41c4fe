/*
 * core.h — the bottom layer: context (errors, log, GEOS/PROJ handles), allocation,
 * small string helpers. Every other module depends on it; it depends on nothing of ours.
 */
#ifndef LC_CORE_H
#define LC_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lifecircle.h"

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>
#include <proj.h>

/** The per-thread context. Owns one GEOS handle and one PROJ context. */
struct lc_ctx {
    GEOSContextHandle_t geos;
    PJ_CONTEXT *proj;
    char errmsg[2048];      /* detail of the last failure */
    char geos_msg[512];     /* last message from GEOS' error handler */
    lc_log_fn log_fn;
    void *log_ud;
    lc_log_level log_max;
    size_t warnings;
    size_t warn_mark;        /* warnings count at lc_ctx_mark_warnings */
    char first_warning[512]; /* the text of the first warning after the mark */
    double *disc_unit;      /* geom's cache: unit circle vertices for disc_quadsegs */
    int disc_quadsegs;
    lc_progress_fn progress_fn;
    void *progress_ud;
    const char *stage;      /* current progress stage, NULL between stages */
    size_t stage_total;
    double stage_last;      /* when progress was last reported */
    double (*clock)(void);  /* seconds for the progress throttle; NULL: lc_now_s (tests set
                               their own, so that no test depends on the machine's speed) */
};

/* ---- errors and logging ---------------------------------------------------------- */

/** Record a failure message on ctx (printf-style). */
void lc_set_error(lc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Record a failure message on ctx and yield `st`, so callers can `return lc_fail(...)`. A
 *  macro, so that the status is visible where it is used (static analysers follow it). */
#define lc_fail(ctx, st, ...) (lc_set_error((ctx), __VA_ARGS__), (st))
/** Emit a log message (counts warnings). */
void lc_log(lc_ctx *ctx, lc_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define lc_warn(ctx, ...) lc_log((ctx), LC_LOG_WARN, __VA_ARGS__)
#define lc_note(ctx, ...) lc_log((ctx), LC_LOG_NOTE, __VA_ARGS__)
#define lc_info(ctx, ...) lc_log((ctx), LC_LOG_INFO, __VA_ARGS__)
#define lc_debug(ctx, ...) lc_log((ctx), LC_LOG_DEBUG, __VA_ARGS__)

/** Remember the warning count; the text of the next warning is kept in ctx->first_warning. */
void lc_ctx_mark_warnings(lc_ctx *ctx);

/* ---- progress (see lc_progress_fn) --------------------------------------------------- */

/** The clock the progress throttle reads (NULL: the monotonic clock, lc_now_s). */
void lc_ctx_set_clock(lc_ctx *ctx, double (*clock)(void));

/** A stage of `total` items starts. */
void lc_progress_begin(lc_ctx *ctx, const char *stage, size_t total);
/** `done` items of the current stage are finished (reported at most every 0.1 s). */
void lc_progress_step(lc_ctx *ctx, size_t done);
/** The current stage is finished. */
void lc_progress_end(lc_ctx *ctx);

/** Defensive checks (h3's ALWAYS/NEVER): assert in debug builds, evaluate in release. */
#ifdef NDEBUG
#define LC_ALWAYS(x) (x)
#define LC_NEVER(x) (x)
#else
#include <assert.h>
#define LC_ALWAYS(x) ((x) ? 1 : (assert(0 && #x), 0))
#define LC_NEVER(x) ((x) ? (assert(!#x), 1) : 0)
#endif

/* ---- allocation: one place, so tests can make the N-th allocation fail ---------- */

void *lc_malloc(size_t n);
void *lc_calloc(size_t count, size_t size);
void *lc_realloc(void *p, size_t n);
void lc_free(void *p);
char *lc_strdup(const char *s);
/** printf into a new lc_malloc'd string (NULL on failure). */
char *lc_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** Test hook: make the n-th allocation from now on fail (0 disables). Returns the count so far. */
size_t lc_alloc_fail_after(size_t n);

/** Grow a dynamic array `*items` of `elem` bytes to hold at least `need` items. */
lc_status lc_grow(void **items, size_t *cap, size_t need, size_t elem);

/** Minimum and maximum of two doubles for hot loops whose values are never NaN: fmin and
 *  fmax follow NaN rules that make them a libc call at -O2, 6 % of the walking shares. */
static inline double lc_min(double a, double b) { return a < b ? a : b; }
static inline double lc_max(double a, double b) { return a > b ? a : b; }

/* ---- strings ---------------------------------------------------------------------- */

/** π (C11 has no M_PI). */
#define LC_PI 3.14159265358979323846

/** Monotonic clock in seconds, for stage timings. */
double lc_now_s(void);
/** `rel` beside the running program, `up` directories above the program's own (0: its
 *  directory; 1: <prefix> of <prefix>/bin): the installed sample and catalogues, found from
 *  /proc/self/exe so that a DESTDIR or moved install works too. False when it is not there. */
bool lc_beside_program(int up, const char *rel, char *out, size_t cap);
/** Peak resident memory of the process so far in MiB (NAN when the system does not say),
 *  logged after each stage so that the stage that raised it shows. */
double lc_peak_mib(void);
/** qsort/bsearch comparator for an array of `char *` (byte order). */
int lc_cmp_strp(const void *a, const void *b);
/** qsort/bsearch comparator for an array of int64_t (feature ids). */
int lc_cmp_i64(const void *a, const void *b);
/** qsort/bsearch comparator for an array of uint32_t (node and estate indices). */
int lc_cmp_u32(const void *a, const void *b);
/** qsort/bsearch comparator for an array of double (coordinates). */
int lc_cmp_double(const void *a, const void *b);
/** ASCII case-insensitive equality. */
bool lc_streq_ci(const char *a, const char *b);
/** The first `len` bytes of `s` with ASCII blanks trimmed at both ends and ASCII letters
 *  lower-cased (other bytes, CJK among them, pass unchanged), as one new string (lc_free);
 *  NULL when out of memory. The form category values and names are compared in. */
char *lc_strnorm(const char *s, size_t len);
/** Parse a finite double; false on trailing garbage or empty input. */
bool lc_parse_double(const char *s, double *out);
/** Copy at most `cap`-1 bytes and NUL-terminate, never splitting a UTF-8 sequence. */
void lc_strlcpy_utf8(char *dst, const char *src, size_t cap);

#endif /* LC_CORE_H */
