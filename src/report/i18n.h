/*
 * i18n.h — the words people read in the outputs (field aliases in the QGIS styles, the
 * report) in Chinese or English (`lang` setting: zh, the default, or en). Field names never
 * change; only their aliases and the report text do.
 */
#ifndef LC_I18N_H
#define LC_I18N_H

#include <stdbool.h>
#include <stddef.h>

typedef enum lc_lang { LC_LANG_ZH = 0, LC_LANG_EN = 1 } lc_lang;

/** The text for `key` in `lang`; the key itself when there is none. */
const char *lc_tr(lc_lang lang, const char *key);
/** A category key's name ("elder" → 养老 / elder care); the key when unknown. */
const char *lc_tr_cat(lc_lang lang, const char *catkey);
/** The alias of an output field name: fixed fields by table, computed ones ("elder_g10",
 *  "kgdn_w": named by lc_cover_field_name in cover.h, read back here) composed from the
 *  category and the suffix. NULL when none is known. */
const char *lc_field_alias(lc_lang lang, const char *field, char *buf, size_t cap);

#endif
