/*
 * run_summary.c — the public lc_summary: create, destroy, and the per-stage views and
 * lists the library filled (see run_summary.h).
 */
#include <string.h>

#include "run_summary.h"

lc_summary *lc_summary_create(void)
{
    return lc_calloc(1, sizeof(lc_summary));
}

void lc_summary_destroy(lc_summary *s)
{
    lc_free(s);
}

void lc_summary_clear(lc_summary *s)
{
    memset(s, 0, sizeof *s);
}

void lc_datum_list_add(lc_datum_list *l, const lc_input_datum *rec)
{
    if (rec->input[0] && l->n < sizeof l->d / sizeof l->d[0]) l->d[l->n++] = *rec;
}

const lc_load_result *lc_summary_load(const lc_summary *s)
{
    return s ? &s->load : NULL;
}

const lc_cover_result *lc_summary_cover(const lc_summary *s)
{
    return s ? &s->cover : NULL;
}

const lc_network_result *lc_summary_network(const lc_summary *s)
{
    return s ? &s->network : NULL;
}

const lc_access_result *lc_summary_access(const lc_summary *s)
{
    return s ? &s->access : NULL;
}

const lc_bundles_result *lc_summary_bundles(const lc_summary *s)
{
    return s ? &s->bundles : NULL;
}

const lc_sites_result *lc_summary_sites(const lc_summary *s)
{
    return s ? &s->sites : NULL;
}

const lc_outputs_result *lc_summary_outputs(const lc_summary *s)
{
    return s ? &s->outputs : NULL;
}

const lc_source_counts *lc_summary_facility_source(const lc_summary *s, size_t i)
{
    return s && i < s->nsources ? &s->sources[i] : NULL;
}

size_t lc_summary_facility_source_count(const lc_summary *s)
{
    return s ? s->nsources : 0;
}

const lc_datum_result *lc_summary_datum_check(const lc_summary *s, size_t i)
{
    return s && i < s->nchecks ? &s->checks[i] : NULL;
}

size_t lc_summary_datum_check_count(const lc_summary *s)
{
    return s ? s->nchecks : 0;
}

const lc_input_datum *lc_summary_input_datum(const lc_summary *s, size_t i)
{
    return s && i < s->datums.n ? &s->datums.d[i] : NULL;
}

size_t lc_summary_input_datum_count(const lc_summary *s)
{
    return s ? s->datums.n : 0;
}

const lc_output_file *lc_summary_file(const lc_summary *s, size_t i)
{
    return s && i < s->files.n ? &s->files.f[i] : NULL;
}

size_t lc_summary_file_count(const lc_summary *s)
{
    return s ? s->files.n : 0;
}
