/*
 * pg_server.c — the tests' private PostgreSQL + PostGIS server (see pg_server.h). Programs
 * run without a shell (fork + exec), their output in <dir>/cmd.log.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pg_server.h"

static int is_file(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The newest /usr/lib/postgresql/<version>/bin with initdb and that version's PostGIS
 * extension (Debian's layout); 1 and `why` when there is none. */
static int find_binaries(pg_server *s, char *why, size_t cap)
{
    DIR *d = opendir("/usr/lib/postgresql");
    long best = -1;
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)) != NULL) {
        long v = strtol(e->d_name, NULL, 10);
        snprintf(p, sizeof p, "/usr/lib/postgresql/%s/bin/initdb", e->d_name);
        if (v > best && is_file(p)) best = v;
    }
    if (d) closedir(d);
    if (best < 0) {
        snprintf(why, cap, "no PostgreSQL server (no /usr/lib/postgresql/*/bin/initdb; "
                 "scripts/install-deps installs postgresql and postgis)");
        return 1;
    }
    snprintf(s->bindir, sizeof s->bindir, "/usr/lib/postgresql/%ld/bin", best);
    snprintf(p, sizeof p, "/usr/share/postgresql/%ld/extension/postgis.control", best);
    if (!is_file(p)) {
        snprintf(why, cap, "PostgreSQL %ld has no PostGIS (%s missing; scripts/install-deps "
                 "installs postgresql-%ld-postgis-3)", best, p, best);
        return 1;
    }
    return 0;
}

/* Run argv (argv[0] a path), as s->user when set, in s->dir; its output to <dir>/cmd.log
 * and then into `out` (may be NULL). Returns the exit code, -1 when it did not run. */
static int run(const pg_server *s, const char *const *argv, int as_server, char *out,
               size_t cap)
{
    const char *full[24];
    size_t n = 0;
    if (as_server && s->user[0]) {
        full[n++] = is_file("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser";
        full[n++] = "-u";
        full[n++] = s->user;
        full[n++] = "--";
    }
    for (size_t i = 0; argv[i] && n + 1 < sizeof full / sizeof *full; i++) full[n++] = argv[i];
    full[n] = NULL;
    char log[300];
    snprintf(log, sizeof log, "%s/cmd.log", s->dir);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        int nul = open("/dev/null", O_RDONLY);
        if (fd < 0 || nul < 0 || chdir(s->dir) != 0) _exit(126);
        dup2(nul, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        execv(full[0], (char *const *)full);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    if (out && cap) {
        FILE *f = fopen(log, "rb");
        size_t got = f ? fread(out, 1, cap - 1, f) : 0;
        if (f) fclose(f);
        out[got] = '\0';
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The directory, owned by the user who will run the server. */
static int make_dir(pg_server *s, char *why, size_t cap)
{
    snprintf(s->dir, sizeof s->dir, "/tmp/lc-pg-XXXXXX");
    if (!mkdtemp(s->dir)) {
        snprintf(why, cap, "mkdtemp: %s", strerror(errno));
        s->dir[0] = '\0';
        return -1;
    }
    s->user[0] = '\0';
    if (geteuid() != 0) return 0;
    const struct passwd *pw = getpwnam("postgres");
    if (!pw) pw = getpwnam("nobody");
    if (!pw || chown(s->dir, pw->pw_uid, pw->pw_gid) != 0) {
        snprintf(why, cap, "running as root and no user postgres or nobody to run the server "
                 "as (or chown failed)");
        return -1;
    }
    snprintf(s->user, sizeof s->user, "%s", pw->pw_name);
    return 0;
}

int pg_server_psql(const pg_server *s, const char *role, const char *sql, char *out,
                   size_t cap)
{
    char psql[300], conninfo[400];
    snprintf(psql, sizeof psql, "%s/psql", s->bindir);
    snprintf(conninfo, sizeof conninfo, "dbname=lc host=%s user=%s", s->dir, role);
    const char *argv[] = {psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d",
                          conninfo, "-c", sql, NULL};
    return run(s, argv, 0, out, cap);
}

int pg_server_start(pg_server *s, char *why, size_t cap)
{
    memset(s, 0, sizeof *s);
    int rc = find_binaries(s, why, cap);
    if (rc) return rc;
    if (make_dir(s, why, cap)) return -1;
    char initdb[300], pg_ctl[300], psql[300], data[300], logf[300], opts[400], out[4096];
    snprintf(initdb, sizeof initdb, "%s/initdb", s->bindir);
    snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", s->bindir);
    snprintf(psql, sizeof psql, "%s/psql", s->bindir);
    snprintf(data, sizeof data, "%s/data", s->dir);
    snprintf(logf, sizeof logf, "%s/server.log", s->dir);
    snprintf(opts, sizeof opts, "-k %s -c listen_addresses='' -c fsync=off", s->dir);
    const char *init[] = {initdb, "-D", data, "-A", "trust", "-U", "lc", "-E", "UTF8",
                          "--locale=C", "-N", NULL};
    if (run(s, init, 1, out, sizeof out) != 0) {
        snprintf(why, cap, "initdb failed: %.3000s", out);
        return -1;
    }
    const char *start[] = {pg_ctl, "-D", data, "-l", logf, "-o", opts, "-w", "-t", "60",
                           "start", NULL};
    if (run(s, start, 1, out, sizeof out) != 0) {
        snprintf(why, cap, "pg_ctl start failed: %.3000s (log: %s)", out, logf);
        return -1;
    }
    s->running = 1;
    char conninfo[400];
    snprintf(conninfo, sizeof conninfo, "dbname=postgres host=%s user=lc", s->dir);
    const char *create[] = {psql, "-X", "-q", "-d", conninfo, "-c", "CREATE DATABASE lc", NULL};
    if (run(s, create, 0, out, sizeof out) != 0 ||
        pg_server_psql(s, "lc", "CREATE EXTENSION postgis", out, sizeof out) != 0) {
        snprintf(why, cap, "creating database lc with PostGIS failed: %.3000s", out);
        pg_server_stop(s);
        return -1;
    }
    snprintf(s->conn, sizeof s->conn, "PG:dbname=lc host=%s user=lc", s->dir);
    return 0;
}

void pg_server_stop(pg_server *s)
{
    if (!s->running) return;
    char pg_ctl[300], data[300];
    snprintf(pg_ctl, sizeof pg_ctl, "%s/pg_ctl", s->bindir);
    snprintf(data, sizeof data, "%s/data", s->dir);
    const char *stop[] = {pg_ctl, "-D", data, "-m", "immediate", "-w", "stop", NULL};
    run(s, stop, 1, NULL, 0);
    s->running = 0;
}
