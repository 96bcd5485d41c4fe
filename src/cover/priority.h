/*
 * priority.h — which estates to renovate first (配套欠账多的老旧小区优先): per estate the people
 * it leaves without a facility within each tier, and the order pre-2000 estates first.
 */
#ifndef LC_PRIORITY_H
#define LC_PRIORITY_H

#include "cover.h"

/** The demand role of category `key`: demand.<key> when it names one of "elderly",
 *  "children", "population", else lc_demand_role (elderly for elder, children for child and
 *  kgdn, population otherwise). Static text. */
const char *lc_priority_role(const lc_access_settings *s, const char *key);

/** The people of estate e in category `key`'s role (lc_priority_role); 0 when unknown. */
double lc_priority_demand(const lc_access_settings *s, const lc_estate *e, const char *key);

/** Whether any estate of `ds` has a count in category `key`'s role (OpenStreetMap's
 *  residential areas carry none). */
bool lc_priority_known(const lc_access_settings *s, const lc_dataset *ds, const char *key);

/** Per estate (out[ds->nest]) its priority score: the sum over categories k and tiers t of
 *  lc_priority_demand(k) where the estate has a gap at t (g = 1), so a category missing within
 *  5 and 10 minutes counts its people twice; a category whose role no estate has a count in
 *  (lc_priority_known) counts 1 per gap instead, so that such data still ranks by gaps. */
void lc_priority_scores(const lc_access_settings *s, const lc_dataset *ds, const lc_cover *cv,
                        double *out);

/** The estates in renovation order (order[ds->nest]): built before 2000 first (unknown year
 *  last), then by falling score, then by id. LC_ERR_NOMEM only. */
lc_status lc_priority_order(const lc_dataset *ds, const double *score, size_t *order);

#endif
