/*
 * catmap.c — raw category value -> category key, searched with bsearch.
 * Kept sorted by raw value. The built-in tables cover the GDAL OSM driver's tags (as "key=value") and common Chinese
 * POI category names (including Amap-style type paths, via segment lookup).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catmap.h"

typedef struct {
    char *raw; /* normalised: trimmed, ASCII lower-case */
    size_t key;
    size_t seq; /* insertion order: later definitions win */
} pair;

struct lc_catmap {
    pair *p;
    size_t n, cap;
    char **keys;
    size_t nkeys, kcap;
};

/* Built-in mapping; first the Chinese names planners' POI exports use, then OSM tags. */
static const char *const builtin[][2] = {
    {"elder", "养老院"}, {"elder", "敬老院"}, {"elder", "老年公寓"}, {"elder", "福利院"},
    {"elder", "社会福利院"}, {"elder", "护理院"}, {"elder", "养老服务中心"},
    {"elder", "养老服务站"}, {"elder", "社区养老服务站"}, {"elder", "社区养老服务中心"},
    {"elder", "居家养老服务中心"}, {"elder", "居家养老服务站"}, {"elder", "日间照料中心"},
    {"elder", "老年人日间照料中心"}, {"elder", "社区日间照料中心"}, {"elder", "养老机构"},
    {"elder", "amenity=nursing_home"}, {"elder", "social_facility=nursing_home"},
    {"elder", "social_facility=assisted_living"}, {"elder", "social_facility=group_home"},
    {"elder", "social_facility=day_care"}, {"elder", "social_facility:for=senior"},
    {"elder", "social_facility:for=elderly"},
    {"child", "托育"}, {"child", "托育中心"}, {"child", "托育园"}, {"child", "托育机构"},
    {"child", "托育服务中心"}, {"child", "托育服务机构"}, {"child", "托儿所"},
    {"child", "婴幼儿照护服务机构"}, {"child", "amenity=childcare"},
    {"child", "social_facility:for=child"}, {"child", "social_facility:for=children"},
    {"kgdn", "幼儿园"}, {"kgdn", "幼稚园"}, {"kgdn", "amenity=kindergarten"},
    {"clinic", "社区卫生服务站"}, {"clinic", "社区卫生服务中心"}, {"clinic", "卫生服务站"},
    {"clinic", "卫生室"}, {"clinic", "卫生院"}, {"clinic", "诊所"}, {"clinic", "门诊部"},
    {"clinic", "医务室"}, {"clinic", "amenity=clinic"}, {"clinic", "amenity=doctors"},
    {"clinic", "healthcare=clinic"}, {"clinic", "healthcare=doctor"},
    {"clinic", "healthcare=centre"},
    {"hosp", "医院"}, {"hosp", "综合医院"}, {"hosp", "专科医院"}, {"hosp", "amenity=hospital"},
    {"hosp", "healthcare=hospital"},
    {"comm", "社区服务中心"}, {"comm", "社区服务站"}, {"comm", "党群服务中心"},
    {"comm", "amenity=community_centre"},
};

lc_catmap *lc_catmap_create(bool with_builtin)
{
    lc_catmap *m = lc_calloc(1, sizeof *m);
    if (!m) return NULL;
    for (size_t i = 0; with_builtin && i < sizeof builtin / sizeof builtin[0]; i++)
        if (lc_catmap_add(m, builtin[i][0], builtin[i][1])) {
            lc_catmap_destroy(m);
            return NULL;
        }
    return m;
}

void lc_catmap_destroy(lc_catmap *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n; i++) lc_free(m->p[i].raw);
    for (size_t i = 0; i < m->nkeys; i++) lc_free(m->keys[i]);
    lc_free(m->p);
    lc_free(m->keys);
    lc_free(m);
}

static lc_status key_index(lc_catmap *m, const char *key, size_t *out)
{
    for (size_t i = 0; i < m->nkeys; i++)
        if (strcmp(m->keys[i], key) == 0) return (*out = i), LC_OK;
    if (lc_grow((void **)&m->keys, &m->kcap, m->nkeys + 1, sizeof(char *))) return LC_ERR_NOMEM;
    if (!(m->keys[m->nkeys] = lc_strdup(key))) return LC_ERR_NOMEM;
    *out = m->nkeys++;
    return LC_OK;
}

/* Sort by raw value, later definitions first, so bsearch + step-back finds the winner. */
static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->raw, y->raw);
    if (c) return c;
    return x->seq < y->seq ? 1 : (x->seq > y->seq ? -1 : 0);
}

lc_status lc_catmap_add(lc_catmap *m, const char *key, const char *raw)
{
    size_t k;
    if (key_index(m, key, &k)) return LC_ERR_NOMEM;
    if (lc_grow((void **)&m->p, &m->cap, m->n + 1, sizeof(pair))) return LC_ERR_NOMEM;
    char *r = lc_strnorm(raw, strlen(raw));
    if (!r) return LC_ERR_NOMEM;
    m->p[m->n] = (pair){r, k, m->n};
    m->n++;
    /* tables are small (tens to hundreds of values): keep them sorted at all times so
     * lookups are read-only and safe to share between threads */
    qsort(m->p, m->n, sizeof(pair), cmp_pair);
    return LC_OK;
}

static int cmp_key(const void *k, const void *e)
{
    return strcmp(k, ((const pair *)e)->raw);
}

static const char *lookup_exact(const lc_catmap *m, const char *raw, size_t len)
{
    char *norm = lc_strnorm(raw, len);
    if (!norm || !*norm || !m->n) {
        lc_free(norm);
        return NULL;
    }
    const pair *hit = bsearch(norm, m->p, m->n, sizeof(pair), cmp_key);
    while (hit && hit > m->p && strcmp(hit[-1].raw, norm) == 0) hit--;
    lc_free(norm);
    return hit ? m->keys[hit->key] : NULL;
}

/* The key `s` (len bytes) names, trimmed and ignoring ASCII case; NULL when none. */
static const char *key_equal(const lc_catmap *m, const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s)) s++, len--;
    while (len && isspace((unsigned char)s[len - 1])) len--;
    for (size_t i = 0; len && i < m->nkeys; i++)
        if (strlen(m->keys[i]) == len && strncasecmp(m->keys[i], s, len) == 0) return m->keys[i];
    return NULL;
}

/* A value that is itself a known key: "elder" (lifecircle's own sites layer), "Cafe " with
 * --categories cafe, or an OSM tag's value ("amenity=cafe"), the most specific segment
 * first. */
static const char *key_named(const lc_catmap *m, const char *raw)
{
    const char *k = key_equal(m, raw, strlen(raw));
    for (const char *end = raw + strlen(raw); !k && end > raw;) {
        const char *seg = end;
        while (seg > raw && seg[-1] != ';' && seg[-1] != '|') seg--;
        const char *eq = memchr(seg, '=', (size_t)(end - seg));
        if (eq) k = key_equal(m, eq + 1, (size_t)(end - eq - 1));
        end = seg > raw ? seg - 1 : raw;
    }
    return k;
}

const char *lc_catmap_lookup(const lc_catmap *m, const char *raw)
{
    if (!raw) return NULL;
    const char *k = lookup_exact(m, raw, strlen(raw));
    if (k) return k;
    /* "生活服务;养老服务;养老院" or "a|b": the last segment is the most specific */
    const char *end = raw + strlen(raw);
    while (end > raw) {
        const char *seg = end;
        while (seg > raw && seg[-1] != ';' && seg[-1] != '|') seg--;
        if (seg == raw && end == raw + strlen(raw)) break; /* no separator at all */
        if ((k = lookup_exact(m, seg, (size_t)(end - seg)))) return k;
        end = seg > raw ? seg - 1 : raw;
    }
    return key_named(m, raw);
}

lc_status lc_catmap_add_key(lc_catmap *m, const char *key)
{
    size_t k;
    return key_index(m, key, &k);
}

size_t lc_catmap_key_count(const lc_catmap *m)
{
    return m->nkeys;
}

const char *lc_catmap_key(const lc_catmap *m, size_t i)
{
    return i < m->nkeys ? m->keys[i] : NULL;
}
