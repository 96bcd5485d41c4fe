/*
 * pg_server.h — a private PostgreSQL + PostGIS server for the end-to-end tests: a cluster
 * in a fresh directory under /tmp, listening only on a Unix socket in that directory (no
 * TCP port), with a database `lc` that has PostGIS and a superuser role `lc` trusted on
 * the socket. initdb refuses to run as root, so under root the server runs as `postgres`
 * (or `nobody`) through runuser, and the directory belongs to that user.
 */
#ifndef LC_TEST_PG_SERVER_H
#define LC_TEST_PG_SERVER_H

#include <stddef.h>

typedef struct pg_server {
    char dir[256];    /* cluster (dir/data), log (dir/log) and socket directory */
    char bindir[256]; /* initdb, pg_ctl, psql */
    char user[64];    /* the OS user running the server; "" = this process's user */
    char conn[512];   /* "PG:dbname=lc host=<dir> user=lc", for GDAL and the CLI */
    int running;
} pg_server;

/** Create, start and prepare the cluster. 0: running; 1: the server binaries or PostGIS
 *  are not installed (`why` says what is missing; the caller skips); -1: failed (`why`
 *  says how; the server is stopped). */
int pg_server_start(pg_server *s, char *why, size_t cap);

/** Run `sql` with psql as `role` in database `lc`, stopping at the first error; the
 *  output (unaligned, tuples only) goes to `out` (may be NULL). Returns psql's exit code. */
int pg_server_psql(const pg_server *s, const char *role, const char *sql, char *out,
                   size_t cap);

/** Stop the server (immediate shutdown) if it runs. The directory is left to the caller. */
void pg_server_stop(pg_server *s);

#endif
