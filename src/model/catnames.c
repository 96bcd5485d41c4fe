/*
 * catnames.c — the name rule (catnames.h): words of facility names -> category keys, the
 * exclusions and the planned-site words. Names are short and the tables a few dozen words,
 * so a match is one strstr per word (no index). The tables are what the user guide, Categories by
 * name, lists; keep both in step.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "catnames.h"

/* Built-in words, grouped by key. Words ending in 站 are listed where the shorter word before
 * it would otherwise be "followed by 站" (a bus stop, see FOLLOWERS). */
static const char *const BUILTIN[][2] = {
    {"elder", "养老院"}, {"elder", "敬老院"}, {"elder", "老人院"}, {"elder", "老年公寓"},
    {"elder", "养老公寓"}, {"elder", "日间照料"}, {"elder", "照料中心"}, {"elder", "照料站"},
    {"elder", "养老服务"}, {"elder", "养老服务站"}, {"elder", "养老中心"}, {"elder", "养老驿站"},
    {"elder", "养老机构"}, {"elder", "护理院"}, {"elder", "福利院"}, {"elder", "托老所"},
    {"elder", "长者照护"},
    {"child", "托儿所"}, {"child", "托育"}, {"child", "托育站"}, {"child", "婴幼儿照护"},
    {"kgdn", "幼儿园"}, {"kgdn", "幼稚园"},
    {"clinic", "卫生服务中心"}, {"clinic", "卫生服务站"}, {"clinic", "卫生站"},
    {"clinic", "卫生室"}, {"clinic", "卫生所"}, {"clinic", "卫生院"}, {"clinic", "社区医院"},
    {"clinic", "诊所"}, {"clinic", "门诊部"}, {"clinic", "医务室"},
    {"hosp", "医院"}, {"hosp", "妇幼保健院"}, {"hosp", "妇幼保健所"}, {"hosp", "保健院"},
    {"comm", "社区服务中心"}, {"comm", "社区服务站"}, {"comm", "党群服务中心"},
    {"comm", "党群服务站"},
};

/* Anywhere in the name: not a facility (a car park, a former site, a pet hospital, a shop
 * or a training school for small children, a pension office, a toilet, an orphanage). */
static const char *const EXCLUDED[] = {
    "停车场", "停车位", "停车库", "充电", "旧址", "遗址", "原址", "宠物", "动物医院", "动物诊所",
    "兽医", "培训", "早教", "母婴", "用品", "玩具", "招生", "保险", "管理局", "儿童福利",
    "厕所", "公厕", "卫生间",
};

/* After the matched word: a part or a neighbour of the facility, not the facility (a gate,
 * a car park, a stop, a canteen, a shop named after it). */
static const char *const AFTER[] = {
    "门口", "东门", "西门", "南门", "北门", "正门", "大门", "侧门", "入口", "出口", "停车",
    "车库", "公交", "地铁", "食堂", "餐厅", "超市", "商店", "便利店", "小卖部", "药房", "药店",
};

/* After the matched word and before any bracket: one of its buildings or its staff housing
 * (人民医院3号楼, 人民医院家属院). In brackets such words say where a facility is, as web
 * maps write it: 某日间照料中心(5号楼). */
static const char *const AFTER_UNBRACKETED[] = {"楼", "宿舍", "家属", "小区", "公寓"};

/* Right after the matched word (a bus stop "…医院站", a street "…医院路", "…医院东路", a
 * shop branch "…医院店"). */
static const char *const FOLLOWERS[] = {"站", "路", "街", "巷", "店", "东路", "西路", "南路",
                                        "北路", "东街", "西街", "南街", "北街"};

/* What an OpenStreetMap file's names are searched for (OGR SQL LIKE, one per term, costs
 * time on every named feature: 41 words took 0.2 s more per layer of Liechtenstein than
 * these 15): every built-in word contains one of them (test_catmap checks it); the features
 * found are then kept when a word matches (lc_catnames_any). */
static const char *const SEARCH[] = {"养老", "敬老", "老人", "老年", "照料", "护理", "福利", "托",
                                     "长者", "幼", "卫生", "医", "诊", "保健", "服务"};

/* Anywhere in a matched name: a planned site, not a facility yet. */
static const char *const PLANNED[] = {"规划", "拟建", "在建", "筹建", "待建", "预留", "用地"};

#define COUNT(a) (sizeof(a) / sizeof *(a))

typedef struct {
    char *word; /* normalised */
    size_t key; /* index into keys */
} entry;

struct lc_catnames {
    entry *e;
    size_t n, cap;
    char **keys;
    size_t nkeys, kcap;
    const char **words; /* distinct words, for lc_catnames_words */
    size_t nwords, wcap;
    const char **terms; /* SEARCH (with the built-in words) and the user's words */
    size_t nterms, tcap;
    bool adding_builtin;
};

const char *lc_catsrc_name(lc_catsrc src)
{
    static const char *const names[] = {"", "value", "osm", "name", "planned"};
    return src <= LC_CATSRC_PLANNED ? names[src] : "";
}

lc_catnames *lc_catnames_create(bool builtin)
{
    lc_catnames *n = lc_calloc(1, sizeof *n);
    if (!n || !builtin) return n;
    n->adding_builtin = true;
    bool ok = !lc_grow((void **)&n->terms, &n->tcap, COUNT(SEARCH), sizeof(char *));
    for (size_t i = 0; ok && i < COUNT(SEARCH); i++) n->terms[n->nterms++] = SEARCH[i];
    for (size_t i = 0; ok && i < COUNT(BUILTIN); i++)
        ok = !lc_catnames_add(n, BUILTIN[i][0], BUILTIN[i][1]);
    n->adding_builtin = false;
    if (!ok) lc_catnames_destroy(n);
    return ok ? n : NULL;
}

void lc_catnames_destroy(lc_catnames *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->n; i++) lc_free(n->e[i].word);
    for (size_t i = 0; i < n->nkeys; i++) lc_free(n->keys[i]);
    lc_free(n->e);
    lc_free(n->keys);
    lc_free(n->words);
    lc_free(n->terms);
    lc_free(n);
}

static lc_status key_index(lc_catnames *n, const char *key, size_t *out)
{
    for (size_t i = 0; i < n->nkeys; i++)
        if (!strcmp(n->keys[i], key)) return (*out = i), LC_OK;
    if (lc_grow((void **)&n->keys, &n->kcap, n->nkeys + 1, sizeof(char *)) ||
        !(n->keys[n->nkeys] = lc_strdup(key)))
        return LC_ERR_NOMEM;
    *out = n->nkeys++;
    return LC_OK;
}

lc_status lc_catnames_add(lc_catnames *n, const char *key, const char *word)
{
    size_t k;
    char *w = lc_strnorm(word, strlen(word));
    if (!w) return LC_ERR_NOMEM;
    if (!*w) return lc_free(w), LC_OK; /* an empty word would match every name */
    if (key_index(n, key, &k) || lc_grow((void **)&n->e, &n->cap, n->n + 1, sizeof(entry))) {
        lc_free(w);
        return LC_ERR_NOMEM;
    }
    n->e[n->n++] = (entry){w, k};
    for (size_t i = 0; i < n->nwords; i++)
        if (!strcmp(n->words[i], w)) return LC_OK;
    if (lc_grow((void **)&n->words, &n->wcap, n->nwords + 1, sizeof(char *))) return LC_ERR_NOMEM;
    n->words[n->nwords++] = w;
    if (n->adding_builtin) return LC_OK; /* SEARCH covers it */
    if (lc_grow((void **)&n->terms, &n->tcap, n->nterms + 1, sizeof(char *))) return LC_ERR_NOMEM;
    n->terms[n->nterms++] = w;
    return LC_OK;
}

/* `name` lower-cased (ASCII) into buf. */
static void lower(const char *name, char *buf, size_t cap)
{
    size_t len = strlen(name);
    if (len >= cap) len = cap - 1; /* names are short; a cut word cannot match */
    for (size_t i = 0; i < len; i++) buf[i] = (char)tolower((unsigned char)name[i]);
    buf[len] = '\0';
}

/* The last occurrence of `w` in `s`, or NULL. */
static const char *last_of(const char *s, const char *w)
{
    const char *hit = NULL;
    for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) hit = p;
    return hit;
}

static bool contains_any(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, words[i])) return true;
    return false;
}

static bool starts_with_any(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strncmp(s, words[i], strlen(words[i]))) return true;
    return false;
}

/* Is the match at `at` (of `len` bytes) in `name` a part, a neighbour or the former site of
 * a facility rather than one? */
static bool excluded(const char *name, const char *at, size_t len)
{
    static const char FORMER[] = "原"; /* 原幼儿园停车场: right before the word only, as 原
                                          also starts place names (原平市, 原阳县) */
    size_t fl = sizeof FORMER - 1;
    if (contains_any(name, EXCLUDED, COUNT(EXCLUDED))) return true;
    if ((size_t)(at - name) >= fl && !strncmp(at - fl, FORMER, fl)) return true;
    const char *after = at + len;
    if (contains_any(after, AFTER, COUNT(AFTER)) ||
        starts_with_any(after, FOLLOWERS, COUNT(FOLLOWERS)))
        return true;
    static const char *const BRACKETS[] = {"(", "[", "（", "【"};
    size_t n = strlen(after);
    for (size_t i = 0; i < COUNT(BRACKETS); i++) {
        const char *b = strstr(after, BRACKETS[i]); /* whole UTF-8 sequences, not bytes */
        if (b && (size_t)(b - after) < n) n = (size_t)(b - after);
    }
    char head[512];
    snprintf(head, sizeof head, "%.*s", (int)n, after);
    return contains_any(head, AFTER_UNBRACKETED, COUNT(AFTER_UNBRACKETED));
}

const char *lc_catnames_match(const lc_catnames *n, const char *name, lc_catsrc *src)
{
    *src = LC_CATSRC_NONE;
    if (!n || !name || !*name) return NULL;
    char buf[512];
    lower(name, buf, sizeof buf);
    const entry *best = NULL;
    const char *best_at = NULL;
    size_t best_end = 0, best_len = 0;
    for (size_t i = 0; i < n->n; i++) {
        const char *at = last_of(buf, n->e[i].word);
        if (!at) continue;
        size_t wl = strlen(n->e[i].word), end = (size_t)(at - buf) + wl;
        if (best && (end < best_end || (end == best_end && wl < best_len))) continue;
        best = &n->e[i], best_at = at, best_end = end, best_len = wl;
    }
    if (!best || excluded(buf, best_at, best_len)) return NULL;
    if (contains_any(buf, PLANNED, COUNT(PLANNED))) {
        *src = LC_CATSRC_PLANNED;
        return NULL;
    }
    *src = LC_CATSRC_NAME;
    return n->keys[best->key];
}

size_t lc_catnames_words(const lc_catnames *n, const char *const **out)
{
    *out = n ? (const char *const *)n->words : NULL;
    return n ? n->nwords : 0;
}

size_t lc_catnames_search_terms(const lc_catnames *n, const char *const **out)
{
    *out = n ? (const char *const *)n->terms : NULL;
    return n ? n->nterms : 0;
}

bool lc_catnames_any(const lc_catnames *n, const char *name)
{
    char buf[512];
    if (!n || !name) return false;
    lower(name, buf, sizeof buf);
    for (size_t i = 0; i < n->nwords; i++)
        if (strstr(buf, n->words[i])) return true;
    return false;
}

const char *lc_catnames_examples(const lc_catnames *n, const char *key, size_t max, char *buf,
                                 size_t cap)
{
    buf[0] = '\0';
    size_t shown = 0;
    for (size_t i = 0; n && i < n->n && shown < max; i++) {
        if (strcmp(n->keys[n->e[i].key], key) != 0) continue;
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s", shown ? "、" : "", n->e[i].word);
        shown++;
    }
    return buf;
}
