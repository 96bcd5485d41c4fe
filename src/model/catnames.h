/*
 * catnames.h — the name rule: a facility whose category value maps to nothing is matched by
 * its NAME against words of Chinese facility names (幼儿园 -> kgdn, 养老院 -> elder, 托儿所 ->
 * child, 诊所 -> clinic, 医院 -> hosp, ...), with the exclusions real names need (car parks,
 * former sites, bus stops, shops, pet hospitals, staff housing) and the planned sites (规划,
 * 拟建, 在建 ...: not a facility yet). Owns the built-in word tables and the user's extra
 * words (setting names.<key>); catmap.h owns the category values. User guide, Categories by name.
 */
#ifndef LC_CATNAMES_H
#define LC_CATNAMES_H

#include "../core/core.h"

/** What assigned a facility's category key (the facilities layer's `catsrc`). */
typedef enum lc_catsrc {
    LC_CATSRC_NONE = 0, /* nothing: no key */
    LC_CATSRC_VALUE,    /* the category field's value */
    LC_CATSRC_OSM,      /* an OpenStreetMap tag */
    LC_CATSRC_NAME,     /* the name rule */
    LC_CATSRC_PLANNED   /* the name rule found a planned site: no key */
} lc_catsrc;

/** "", "value", "osm", "name", "planned" (static text). */
const char *lc_catsrc_name(lc_catsrc src);

typedef struct lc_catnames lc_catnames;

/** The name rule, with the built-in words when `builtin`. NULL: out of memory. */
lc_catnames *lc_catnames_create(bool builtin);
void lc_catnames_destroy(lc_catnames *n);
/** A word (copied; blanks trimmed, ASCII case ignored) whose presence in a name maps it to
 *  `key` (borrowed: a key of the caller's catmap, valid as long as this rule). A word of the
 *  same length ending at the same place as a built-in one wins over it. */
lc_status lc_catnames_add(lc_catnames *n, const char *key, const char *word);

/**
 * The key `name` says: of the words it contains, the one ending last wins (Chinese names put
 * the head noun last: 某小学附属幼儿园 is a kindergarten, 某养老院附属医院 a hospital), then
 * the longest (妇幼保健院 over 保健院), then the later-defined. NULL with *src LC_CATSRC_NONE
 * when no word matches or an exclusion applies; NULL with LC_CATSRC_PLANNED for a planned
 * site; the key (borrowed) with LC_CATSRC_NAME otherwise. Read-only: safe across threads.
 */
const char *lc_catnames_match(const lc_catnames *n, const char *name, lc_catsrc *src);

/** The distinct words that map to a key, in table order (borrowed). */
size_t lc_catnames_words(const lc_catnames *n, const char *const **out);
/** Fewer, shorter terms such that every word contains one (borrowed): what an OpenStreetMap
 *  file's names are searched for beyond its tagged facilities; lc_catnames_any then keeps
 *  the features a word names. */
size_t lc_catnames_search_terms(const lc_catnames *n, const char *const **out);
/** Does `name` contain one of the words (exclusions and planned sites included)? */
bool lc_catnames_any(const lc_catnames *n, const char *name);
/** Up to `max` words of `key`, joined by "、" into buf (empty when it has none). */
const char *lc_catnames_examples(const lc_catnames *n, const char *key, size_t max, char *buf,
                                 size_t cap);

#endif
