/*
 * use_api.c — a program of a library user, built by tests/install/run.sh against the
 * installed header and pkg-config file only: the sample through the public API (lc_run_demo),
 * with its results read per stage through the summary's accessors, then one setting read
 * back. Usage: use_api DATA_DIR OUT_DIR; prints the counts, exits 0
 * when the sample's 303 estates were written.
 */
#include <stdio.h>
#include <string.h>

#include <lifecircle.h>

int main(int argc, char **argv)
{
    if (argc != 3) return fprintf(stderr, "usage: use_api DATA_DIR OUT_DIR\n"), 2;
    lc_ctx *ctx = lc_ctx_create();
    if (!ctx) return 1;
    lc_summary *sum = lc_summary_create();
    lc_status st = sum ? lc_run_demo(ctx, argv[1], argv[2], sum) : LC_ERR_NOMEM;
    if (st != LC_OK) {
        fprintf(stderr, "use_api: %s: %s\n", lc_status_str(st), lc_ctx_errmsg(ctx));
        lc_summary_destroy(sum);
        lc_ctx_destroy(ctx);
        return 1;
    }
    /* the results per stage, read through the accessors */
    size_t estates = lc_summary_load(sum)->estates_used, sites = lc_summary_sites(sum)->sites;
    printf("use_api: lifecircle %s: %zu estates, %zu facilities, %zu bundles, %zu sites, "
           "%zu files\n", lc_version(), estates, lc_summary_load(sum)->facilities_used,
           lc_summary_bundles(sum)->bundles, sites, lc_summary_file_count(sum));
    int files_ok = lc_summary_file_count(sum) > 0 &&
                   lc_summary_file(sum, lc_summary_file_count(sum)) == NULL;
    lc_summary_destroy(sum);
    lc_options *o = lc_options_create();
    int ok = o && lc_options_set(ctx, o, "r5", "250", LC_SRC_FLAG) == LC_OK &&
             lc_options_get(o, "r5", NULL) != NULL;
    lc_options_destroy(o);
    lc_ctx_destroy(ctx);
    /* the library at run time is the one the header describes */
    ok = ok && strcmp(lc_version(), LC_VERSION_STRING) == 0;
    return ok && files_ok && estates == 303 && sites > 0 ? 0 : 1;
}
