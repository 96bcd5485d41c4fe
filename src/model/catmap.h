/*
 * catmap.h — category mapping: raw facility category values (Chinese POI categories,
 * OpenStreetMap "tag=value" pairs, anything in the config) to short category keys
 * (elder, child, kgdn, clinic, ...). Lookup trims blanks, ignores ASCII case and, for
 * web-map type paths such as "医疗保健服务;诊所;诊所", tries the most specific segment first.
 */
#ifndef LC_CATMAP_H
#define LC_CATMAP_H

#include "../core/core.h"

typedef struct lc_catmap lc_catmap;

/** Create a mapping, with the built-in tables when `builtin` (see the user guide). */
lc_catmap *lc_catmap_create(bool builtin);
void lc_catmap_destroy(lc_catmap *m);
/** Map `raw` to `key` (both copied). A later mapping of the same raw value wins. */
lc_status lc_catmap_add(lc_catmap *m, const char *key, const char *raw);
/** Make `key` known without raw values (a key named in `categories`), so that raw values
 *  equal to it map to it. */
lc_status lc_catmap_add_key(lc_catmap *m, const char *key);
/** Key for `raw`: by the mappings, else by its last ';'/'|' segment, else the known key that
 *  `raw` itself, or the value of one of its OSM "tag=value" segments (most specific first),
 *  equals, blanks trimmed and ASCII case ignored ("Cafe", "amenity=cafe" -> "cafe"); NULL when
 *  unmapped. Borrowed from the map. */
const char *lc_catmap_lookup(const lc_catmap *m, const char *raw);
/** Number of distinct keys and key i, in order of first definition. */
size_t lc_catmap_key_count(const lc_catmap *m);
const char *lc_catmap_key(const lc_catmap *m, size_t i);

#endif
