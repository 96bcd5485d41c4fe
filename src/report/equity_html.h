/*
 * equity_html.h — the report's equity section (html.c calls it): the Gini and Palma table,
 * a Lorenz curve per category (charts.c), the estates served worst and the gap list by
 * district (user guide, Equity).
 */
#ifndef LC_EQUITY_HTML_H
#define LC_EQUITY_HTML_H

#include "html.h"
#include "xw.h"

/** Write the section; nothing without in->eq or estates. LC_ERR_NOMEM: out of memory. */
lc_status lc_report_equity(W w, const lc_report_in *in);

#endif
