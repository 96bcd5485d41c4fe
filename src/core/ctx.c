/*
 * ctx.c — the per-thread context: GEOS handle, PROJ context, error message, log sink.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "msg.h"

static const char *const status_text[LC_STATUS_END] = {
    [LC_OK] = N_("success"),
    [LC_ERR_NOMEM] = N_("out of memory"),
    [LC_ERR_ARG] = N_("invalid argument"),
    [LC_ERR_IO] = N_("input/output error"),
    [LC_ERR_FORMAT] = N_("unexpected input structure"),
    [LC_ERR_CRS] = N_("coordinate reference system problem"),
    [LC_ERR_GEOS] = N_("geometry operation failed"),
    [LC_ERR_GEOM_INVALID] = N_("invalid geometry"),
    [LC_ERR_CONFIG] = N_("invalid configuration"),
    [LC_ERR_DATA] = N_("unusable input data"),
    [LC_ERR_INTERNAL] = N_("internal error"),
};

const char *lc_status_str(lc_status st)
{
    if ((int)st < 0 || st >= LC_STATUS_END) return _("unknown status");
    return _(status_text[st]);
}

/* GEOS reports errors through a handler; keep the text so lc_fail can quote it. */
static void geos_error_handler(const char *msg, void *userdata)
{
    lc_ctx *ctx = userdata;
    lc_strlcpy_utf8(ctx->geos_msg, msg, sizeof ctx->geos_msg);
}

static void geos_notice_handler(const char *msg, void *userdata)
{
    lc_debug((lc_ctx *)userdata, "GEOS: %s", msg);
}

lc_ctx *lc_ctx_create(void)
{
    lc_ctx *ctx = lc_calloc(1, sizeof *ctx);
    if (!ctx) return NULL;
    ctx->geos = GEOS_init_r();
    ctx->proj = proj_context_create();
    if (!ctx->geos || !ctx->proj) {
        lc_ctx_destroy(ctx);
        return NULL;
    }
    /* PROJ would print its own errors to stderr; we report them with context instead */
    proj_log_level(ctx->proj, PJ_LOG_NONE);
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_error_handler, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->geos, geos_notice_handler, ctx);
    ctx->log_max = LC_LOG_WARN;
    return ctx;
}

void lc_ctx_destroy(lc_ctx *ctx)
{
    if (!ctx) return;
    if (ctx->geos) GEOS_finish_r(ctx->geos);
    if (ctx->proj) proj_context_destroy(ctx->proj);
    lc_free(ctx->disc_unit);
    lc_free(ctx);
}

const char *lc_ctx_errmsg(const lc_ctx *ctx)
{
    return ctx ? ctx->errmsg : "no context";
}

void lc_ctx_set_log(lc_ctx *ctx, lc_log_fn fn, void *userdata, lc_log_level max_level)
{
    ctx->log_fn = fn;
    ctx->log_ud = userdata;
    ctx->log_max = max_level;
}

void lc_ctx_set_progress(lc_ctx *ctx, lc_progress_fn fn, void *userdata)
{
    ctx->progress_fn = fn;
    ctx->progress_ud = userdata;
}

void lc_ctx_set_clock(lc_ctx *ctx, double (*clock)(void))
{
    ctx->clock = clock;
}

static double progress_now(const lc_ctx *ctx)
{
    return ctx->clock ? ctx->clock() : lc_now_s();
}

void lc_progress_begin(lc_ctx *ctx, const char *stage, size_t total)
{
    ctx->stage = stage;
    ctx->stage_total = total;
    ctx->stage_last = progress_now(ctx);
    if (ctx->progress_fn) ctx->progress_fn(ctx->progress_ud, stage, 0, total);
}

void lc_progress_step(lc_ctx *ctx, size_t done)
{
    if (!ctx->progress_fn || !ctx->stage) return;
    double now = progress_now(ctx);
    if (now - ctx->stage_last < 0.1) return;
    ctx->stage_last = now;
    ctx->progress_fn(ctx->progress_ud, ctx->stage, done, ctx->stage_total);
}

void lc_progress_end(lc_ctx *ctx)
{
    if (ctx->progress_fn && ctx->stage)
        ctx->progress_fn(ctx->progress_ud, ctx->stage, ctx->stage_total, ctx->stage_total);
    ctx->stage = NULL;
}

size_t lc_ctx_warning_count(const lc_ctx *ctx)
{
    return ctx->warnings;
}

void lc_set_error(lc_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof ctx->errmsg, lc_gettext(fmt), ap);
    va_end(ap);
}

void lc_ctx_mark_warnings(lc_ctx *ctx)
{
    ctx->warn_mark = ctx->warnings;
    ctx->first_warning[0] = '\0';
}

void lc_log(lc_ctx *ctx, lc_log_level level, const char *fmt, ...)
{
    bool first = level == LC_LOG_WARN && ++ctx->warnings == ctx->warn_mark + 1;
    if (!first && (!ctx->log_fn || level > ctx->log_max)) return;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, lc_gettext(fmt), ap);
    va_end(ap);
    if (first) lc_strlcpy_utf8(ctx->first_warning, buf, sizeof ctx->first_warning);
    if (ctx->log_fn && level <= ctx->log_max) ctx->log_fn(ctx->log_ud, level, buf);
}
