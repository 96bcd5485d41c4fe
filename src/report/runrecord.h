/*
 * runrecord.h — run.json: what a run read, every parameter with its source, the library
 * versions, what happened to every input feature and the time of each stage, so that a run
 * can be repeated and audited. Written with json-c.
 */
#ifndef LC_RUNRECORD_H
#define LC_RUNRECORD_H

#include "../core/options.h"
#include "../core/run_summary.h"
#include "../core/table.h"

struct lc_nesting;

/** Write the record of a finished run to `path`. `started` is the wall-clock start (time()).
 *  `dbf_names` (file, name, dbf_name: every field of each Shapefile written; NULL: none)
 *  gives "shapefile_fields": per Shapefile the fields renamed in its DBF, name → DBF name;
 *  `nest` (may be NULL) the nested estates of the run (model/nested.h). */
lc_status lc_run_record_write(lc_ctx *ctx, const char *path, const lc_options *opts, lc_job job,
                              const lc_summary *sum, const lc_table *dbf_names,
                              const struct lc_nesting *nest,
                              long long started);

#endif
