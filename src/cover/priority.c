/* priority.c — renovation priority from the coverage gaps (see priority.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "priority.h"

const char *lc_priority_role(const lc_access_settings *s, const char *key)
{
    static const char *const roles[] = {"population", "elderly", "children"};
    const char *given = lc_settings_percat(s, "demand", key);
    for (int i = 0; given && i < 3; i++)
        if (!strcmp(given, roles[i])) return roles[i];
    return lc_demand_role(key);
}

/* The estate's count in the role, as read (NAN: unknown). */
static double role_count(const char *role, const lc_estate *e)
{
    return !strcmp(role, "elderly") ? e->elderly : !strcmp(role, "children") ? e->children : e->population;
}

double lc_priority_demand(const lc_access_settings *s, const lc_estate *e, const char *key)
{
    double v = role_count(lc_priority_role(s, key), e);
    return isnan(v) || v < 0 ? 0 : v;
}

bool lc_priority_known(const lc_access_settings *s, const lc_dataset *ds, const char *key)
{
    const char *role = lc_priority_role(s, key);
    for (size_t e = 0; e < ds->nest; e++)
        if (!isnan(role_count(role, &ds->est[e]))) return true;
    return false;
}

void lc_priority_scores(const lc_access_settings *s, const lc_dataset *ds, const lc_cover *cv,
                        double *out)
{
    memset(out, 0, ds->nest * sizeof *out);
    for (size_t k = 0; k < cv->ncat; k++) {
        bool known = lc_priority_known(s, ds, ds->cat[k]);
        for (size_t e = 0; e < ds->nest; e++) {
            double d = known ? lc_priority_demand(s, &ds->est[e], ds->cat[k]) : 1;
            for (size_t t = 0; t < cv->ntiers; t++)
                if (cv->g[LC_COV_IDX(cv, k, t, e)]) out[e] += d;
        }
    }
}

/* One estate's sort key. */
typedef struct {
    int era; /* 0: built before 2000, 1: 2000 or later, 2: unknown */
    double score;
    const char *id;
    size_t e;
} key;

static int by_priority(const void *pa, const void *pb)
{
    const key *a = pa, *b = pb;
    if (a->era != b->era) return a->era < b->era ? -1 : 1;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    int id = strcmp(a->id, b->id);
    return id ? id : (a->e < b->e ? -1 : a->e > b->e);
}

lc_status lc_priority_order(const lc_dataset *ds, const double *score, size_t *order)
{
    key *k = lc_malloc((ds->nest + 1) * sizeof *k);
    if (!k) return LC_ERR_NOMEM;
    for (size_t e = 0; e < ds->nest; e++) {
        double y = ds->est[e].build_year;
        k[e] = (key){isnan(y) ? 2 : y < 2000 ? 0 : 1, score[e], ds->est[e].id, e};
    }
    qsort(k, ds->nest, sizeof *k, by_priority);
    for (size_t e = 0; e < ds->nest; e++) order[e] = k[e].e;
    lc_free(k);
    return LC_OK;
}
