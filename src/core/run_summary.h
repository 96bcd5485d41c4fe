/*
 * run_summary.h — what the public lc_summary holds (include/lifecircle.h reads it through
 * accessors). Each stage fills its own view (lc_load_result, lc_network_result, ...) and its
 * own lists; pipeline/run.c composes them here and report/runrecord.c writes run.json from
 * it. The only definition of struct lc_summary.
 */
#ifndef LC_RUN_SUMMARY_H
#define LC_RUN_SUMMARY_H

#include "core.h"
#include "options.h"

/** The most data files one run writes. */
#define LC_MAX_OUTPUT_FILES 32
/** The most inputs read in a datum (estates, each facility source, entrances, candidates). */
#define LC_MAX_INPUT_DATUMS (LC_MAX_FACILITY_SOURCES + 3)

/** The datums the inputs were read in, in the order read. */
typedef struct lc_datum_list {
    lc_input_datum d[LC_MAX_INPUT_DATUMS];
    size_t n;
} lc_datum_list;

/** The data files written, in the order planned. */
typedef struct lc_file_list {
    lc_output_file f[LC_MAX_OUTPUT_FILES];
    size_t n;
} lc_file_list;

/** The most categories whose equity measures run.json lists (summary.csv has them all). */
#define LC_MAX_EQUITY_CATS 32

/** One category's Gini and Palma over all estates (run.json "equity"; user guide, Equity). */
typedef struct lc_equity_total {
    char cat[32];
    int places;                   /* 1: of k_a (places per 1,000); 0: of the coverage share */
    size_t estates;               /* estates counted (known, positive demand) */
    int minutes[LC_MAX_TIERS];
    double gini[LC_MAX_TIERS], palma[LC_MAX_TIERS]; /* palma NAN: the worst 40 % hold none */
} lc_equity_total;

typedef struct lc_equity_list {
    lc_equity_total c[LC_MAX_EQUITY_CATS];
    size_t n, ntiers;
} lc_equity_list;

struct lc_summary {
    lc_load_result load;
    lc_cover_result cover;
    lc_network_result network;
    lc_access_result access;
    lc_bundles_result bundles;
    lc_sites_result sites;
    lc_outputs_result outputs;
    lc_source_counts sources[LC_MAX_FACILITY_SOURCES]; /* per facility source, in order given */
    size_t nsources;
    lc_datum_result checks[LC_MAX_INPUT_DATUMS]; /* the datum checks (with a network) */
    size_t nchecks;
    lc_datum_list datums;
    lc_file_list files;
    lc_equity_list equity;
};

/** Clear `s` for a new run. */
void lc_summary_clear(lc_summary *s);

/** Append *rec to `l` (nothing when rec->input is empty or `l` is full). */
void lc_datum_list_add(lc_datum_list *l, const lc_input_datum *rec);

#endif
