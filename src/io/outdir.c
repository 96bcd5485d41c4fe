/*
 * outdir.c — atomic output: every file of a run is written into a hidden staging
 * directory inside the output directory (same filesystem, so rename(2) is atomic) and
 * renamed into place only after all of them were written. A failed or interrupted run
 * leaves the previous results as they were and no partial file under a final name.
 */
#include <dirent.h>
#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"

struct lc_outdir {
    char *dir;
    char *staging;
    bool created;   /* the output directory did not exist before this run */
    bool committed;
    char path[4096];
};

static lc_status mkdir_p(lc_ctx *ctx, const char *dir)
{
    char buf[4096];
    if (strlen(dir) >= sizeof buf) return lc_fail(ctx, LC_ERR_ARG, "%s: path too long", dir);
    strcpy(buf, dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return lc_fail(ctx, LC_ERR_IO, "%s: cannot create directory: %s", buf,
                           strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return lc_fail(ctx, LC_ERR_IO, "%s: cannot create directory: %s", buf, strerror(errno));
    return LC_OK;
}

/* Remove the staging directory and the files in it (it never has subdirectories). */
static void remove_staging(const char *staging)
{
    DIR *d = opendir(staging);
    if (!d) return;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(p, sizeof p, "%s/%s", staging, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(staging);
}

/* Staging directories of runs that were killed (their process is gone): partial files
 * that never reached a final name; remove them. */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid;
        char rest;
        if (sscanf(e->d_name, ".lifecircle-staging-%ld%c", &pid, &rest) != 1 || pid <= 0) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* alive, or not ours to ask */
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        remove_staging(p);
    }
    closedir(d);
}

lc_status lc_outdir_begin(lc_ctx *ctx, const char *dir, lc_outdir **out)
{
    *out = NULL;
    struct stat sb;
    bool existed = stat(dir, &sb) == 0;
    if (existed && !S_ISDIR(sb.st_mode))
        return lc_fail(ctx, LC_ERR_ARG, "output '%s' exists and is not a directory", dir);
    lc_status st = mkdir_p(ctx, dir);
    if (st) return st;
    lc_outdir *od = lc_calloc(1, sizeof *od);
    if (!od) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    od->created = !existed;
    od->dir = lc_strdup(dir);
    od->staging = lc_asprintf("%s/.lifecircle-staging-%ld", dir, (long)getpid());
    if (!od->dir || !od->staging) {
        lc_outdir_destroy(od);
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    }
    remove_staging(od->staging); /* left by a killed run that had the same pid */
    remove_stale(od->dir);
    if (mkdir(od->staging, 0777) != 0) {
        st = lc_fail(ctx, LC_ERR_IO, "%s: cannot write in the output directory: %s", dir,
                     strerror(errno));
        lc_outdir_destroy(od);
        return st;
    }
    *out = od;
    return LC_OK;
}

const char *lc_outdir_path(lc_outdir *od, const char *name)
{
    snprintf(od->path, sizeof od->path, "%s/%s", od->staging, name);
    return od->path;
}

lc_status lc_outdir_commit(lc_ctx *ctx, lc_outdir *od)
{
    DIR *d = opendir(od->staging);
    if (!d) return lc_fail(ctx, LC_ERR_IO, "%s: staging directory vanished", od->staging);
    lc_status st = LC_OK;
    struct dirent *e;
    char from[4096], to[4096];
    while (!st && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(from, sizeof from, "%s/%s", od->staging, e->d_name);
        snprintf(to, sizeof to, "%s/%s", od->dir, e->d_name);
        if (rename(from, to) != 0)
            st = lc_fail(ctx, LC_ERR_IO, "%s: cannot move into place: %s", to, strerror(errno));
    }
    closedir(d);
    od->committed = !st;
    return st;
}

void lc_outdir_destroy(lc_outdir *od)
{
    if (!od) return;
    if (od->staging) remove_staging(od->staging);
    /* a failed first run leaves no empty output directory behind (rmdir needs it empty) */
    if (od->created && !od->committed && od->dir) rmdir(od->dir);
    lc_free(od->dir);
    lc_free(od->staging);
    lc_free(od);
}
