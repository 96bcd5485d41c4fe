/* lc_scratch.h — for unit tests that load datasets from files: a scratch folder made by the
 * group setup and removed by its teardown, the files a test writes there, and the ctx's log
 * captured into `logbuf` (a test clears it first: logbuf[0] = '\0'). */
#ifndef LC_SCRATCH_H
#define LC_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lc_test.h"
#include "core/options.h"
#include "model/dataset.h"

static char tmpdir[64];
static char logbuf[32768];

static inline void lc_scratch_capture(void *ud, lc_log_level level, const char *msg)
{
    (void)ud, (void)level;
    strncat(logbuf, msg, sizeof logbuf - strlen(logbuf) - 2);
    strcat(logbuf, "\n");
}

/* The group setup: a folder from `tmpl` ("/tmp/lc-NAME-XXXXXX"), a ctx in *state logging
 * from `level` up into logbuf. */
static inline int lc_scratch_setup(void **state, const char *tmpl, lc_log_level level)
{
    snprintf(tmpdir, sizeof tmpdir, "%s", tmpl);
    if (!mkdtemp(tmpdir) || lc_test_ctx_setup(state)) return -1;
    lc_ctx_set_log(*state, lc_scratch_capture, NULL, level);
    return 0;
}

/* The group teardown; LC_KEEP set keeps the folder, to look at what a failed test wrote. */
static inline int lc_scratch_teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (!getenv("LC_KEEP") && system(cmd) != 0) return -1;
    return lc_test_ctx_teardown(state);
}

/* Write `text` to `name` in the scratch folder; its path (one of two buffers, so two paths
 * may be held at once). */
static inline const char *lc_scratch_write(const char *name, const char *text)
{
    static char p[2][256];
    static int which;
    which ^= 1;
    snprintf(p[which], sizeof p[which], "%s/%s", tmpdir, name);
    FILE *f = fopen(p[which], "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p[which];
}

/* Resolve `o` and load its dataset (its counts into *sum), with the log cleared first. */
static inline lc_status lc_scratch_load(lc_ctx *ctx, const lc_options *o, lc_dataset **ds,
                                        lc_load_counts *sum)
{
    lc_settings s;
    memset(sum, 0, sizeof *sum);
    logbuf[0] = '\0';
    *ds = NULL;
    lc_status st = lc_settings_resolve(ctx, o, &s);
    return st ? st : lc_dataset_load(ctx, &s.in, s.walk.network.src != NULL, o, ds, sum);
}

#endif
