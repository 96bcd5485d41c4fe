/*
 * compare_html.h — compare.html, the page of a comparison of scenarios (方案比选): the
 * options and what each changes, a map of gains and losses per option (the same frame and
 * scale for all, coloured as changes.qml styles the changes layer), and the options side by
 * side (a table per category and tier, from compare.csv's rows). Self-contained like
 * report.html: inline CSS and SVG, no script, nothing fetched. Internal to report/compare.c.
 */
#ifndef LC_COMPARE_HTML_H
#define LC_COMPARE_HTML_H

#include "../core/table.h"
#include "i18n.h"

/* What an estate did in one option, as changes.qml draws it. */
enum { LC_CHG_NONE, LC_CHG_GAINS, LC_CHG_LOSSES, LC_CHG_BOTH, LC_CHG_OTHER };

typedef struct lc_compare_page {
    lc_lang lang;
    const char *const *names;  /* each option's name */
    const char *const *notes;  /* each option's edits in a few words; NULL (or a NULL one): none */
    size_t n;                  /* options */
    const lc_table *estates;   /* the baseline's estates (their WKB in the working CRS) */
    const unsigned char *cls;  /* per option × estate (n × estates->nrows): LC_CHG_* */
    const lc_table *csv;       /* compare.csv's rows: option-major, `nit` rows per option */
    size_t nit;
} lc_compare_page;

/** Write the page to `path`. LC_ERR_IO when it cannot be written, LC_ERR_NOMEM. */
lc_status lc_compare_html(lc_ctx *ctx, const char *path, const lc_compare_page *p);

#endif
