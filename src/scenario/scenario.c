/*
 * scenario.c — read and check a scenario file (the rules are in scenario.h). libyaml builds
 * the node tree (yaml_parser_load, as core/config.c reads the config); we walk the top-level
 * mapping twice: first the keys (known, not twice) and the name, so that every later message
 * can name the scenario, then the edits in file order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "scenario.h"
#include "../core/msg.h"
#include "../io/io.h"

enum key {
    K_NAME, K_ADD_FACILITIES, K_REMOVE_FACILITIES, K_CAPACITY, K_ADD_NETWORK, K_CLOSE_NETWORK,
    K_ADD_ENTRANCES, K_COUNT
};
static const char *const key_names[K_COUNT] = {
    "name", "add_facilities", "remove_facilities", "capacity", "add_network", "close_network",
    "add_entrances"
};
#define KEY_LIST "name, add_facilities, remove_facilities, capacity, add_network, " \
                 "close_network, add_entrances"

/** Bytes of a folder's name on the file systems a planner uses (NTFS counts UTF-16 units,
 *  ext4 bytes: the byte limit is the stricter for Chinese names). */
#define NAME_MAX_BYTES 255

typedef struct reader {
    lc_ctx *ctx;
    yaml_document_t *doc;
    const char *path;  /* the scenario file as given */
    char *dir;         /* its folder, absolute, without a trailing '/' ("" for the root) */
    lc_scenario *s;
} reader;

/* ---- text ---------------------------------------------------------------------------- */

/* Bytes of the valid UTF-8 character at p (n bytes left), 0 when there is none: no overlong
 * forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_char(const unsigned char *p, size_t n)
{
    unsigned c = p[0], k, min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) k = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) k = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) k = 4, min = 0x10000;
    else return 0;
    if (n < k) return 0;
    unsigned cp = c & (0x7Fu >> k);
    for (unsigned i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3Fu);
    }
    return cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : k;
}

/* `s` for a message: control characters and bytes that are not UTF-8 as \xNN (lc_free). */
static char *shown(const char *s)
{
    size_t n = strlen(s);
    char *o = lc_malloc(4 * n + 1), *q = o;
    if (!o) return NULL;
    for (size_t i = 0; i < n;) {
        const unsigned char *p = (const unsigned char *)s + i;
        size_t k = utf8_char(p, n - i);
        if (!k || *p < 0x20 || *p == 0x7F) {
            q += sprintf(q, "\\x%02X", *p);
            i++;
        } else {
            memcpy(q, p, k);
            q += k, i += k;
        }
    }
    *q = '\0';
    return o;
}

static bool ascii_eq_ci(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
    }
    return true;
}

/* A Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9), alone or before a '.'. */
static bool windows_device(const char *name)
{
    static const char *const dev[] = {"con", "prn", "aux", "nul"};
    size_t stem = strcspn(name, ".");
    for (size_t i = 0; i < sizeof dev / sizeof *dev; i++)
        if (stem == 3 && ascii_eq_ci(name, dev[i], 3)) return true;
    return stem == 4 && (ascii_eq_ci(name, "com", 3) || ascii_eq_ci(name, "lpt", 3)) &&
           name[3] >= '1' && name[3] <= '9';
}

/* Why `name` cannot be a folder's name in DIR (translated, in `buf` or static), NULL when it
 * can. */
static const char *name_problem(const char *name, char *buf, size_t cap)
{
    size_t n = strlen(name);
    if (!n) return _("it is empty");
    if (!strcmp(name, ".") || !strcmp(name, "..")) return _("'.' and '..' name other folders");
    if (n > NAME_MAX_BYTES) return _("it is longer than 255 bytes");
    for (size_t i = 0, k; i < n; i += k) {
        const unsigned char *p = (const unsigned char *)name + i;
        if (!(k = utf8_char(p, n - i))) return _("it is not valid UTF-8");
        if (*p < 0x20 || *p == 0x7F) return _("it holds a control character");
        if (k == 1 && strchr("/\\:*?\"<>|", *p)) {
            snprintf(buf, cap, _("it holds '%c', which no folder's name on Windows may"), *p);
            return buf;
        }
    }
    if (name[n - 1] == '.' || name[n - 1] == ' ')
        return _("it ends in a dot or a space, which Windows drops");
    if (windows_device(name)) return _("it is a device name on Windows");
    if (n == 8 && ascii_eq_ci(name, "baseline", 8))
        return _("'baseline' is the folder of the plain run");
    return NULL;
}

/* ---- messages ------------------------------------------------------------------------ */

/* The ctx's message, prefixed with the scenario (its name once read, else its file) and the
 * line of `n` (none when NULL); yields `st`, so that a caller writes
 * `return at(r, n, lc_fail(...))`. */
static lc_status at(reader *r, const yaml_node_t *n, lc_status st)
{
    char body[sizeof r->ctx->errmsg];
    lc_strlcpy_utf8(body, lc_ctx_errmsg(r->ctx), sizeof body);
    unsigned long line = n ? (unsigned long)n->start_mark.line + 1 : 0;
    char *name = r->s->name ? shown(r->s->name) : NULL;
    if (name && n) lc_set_error(r->ctx, "scenario '%s' (%s:%lu): %s", name, r->path, line, body);
    else if (name) lc_set_error(r->ctx, "scenario '%s' (%s): %s", name, r->path, body);
    else if (n) lc_set_error(r->ctx, "scenario %s:%lu: %s", r->path, line, body);
    else lc_set_error(r->ctx, "scenario %s: %s", r->path, body);
    lc_free(name);
    return st;
}

static lc_status nomem(lc_ctx *ctx)
{
    return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
}

/* What a value that has the wrong shape is, for messages. */
static const char *shape(const yaml_node_t *n)
{
    return n->type == YAML_SEQUENCE_NODE ? _("a list")
         : n->type == YAML_MAPPING_NODE ? _("a mapping") : _("a value");
}

/* The text of scalar `n`, the value of `key`; a NUL inside it is an error (C strings end
 * there). */
static lc_status scalar(reader *r, const char *key, yaml_node_t *n, const char **out)
{
    *out = (const char *)n->data.scalar.value;
    if (memchr(*out, '\0', n->data.scalar.length)) {
        char *v = shown(*out);
        lc_status st = at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: '%s...' holds a NUL "
                                        "character", key, v ? v : "?"));
        lc_free(v);
        return st;
    }
    return LC_OK;
}

/* ---- paths --------------------------------------------------------------------------- */

static bool is_absolute(const char *p)
{
    bool drive = ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
                 p[1] == ':' && (p[2] == '/' || p[2] == '\\');
    return p[0] == '/' || p[0] == '\\' || drive;
}

/* The first `len` bytes of `p`, relative to the scenario's folder when relative (lc_free). */
static char *anchor(const reader *r, const char *p, size_t len)
{
    if (is_absolute(p)) return lc_asprintf("%.*s", (int)len, p);
    while (len >= 2 && p[0] == '.' && p[1] == '/') {
        for (p += 2, len -= 2; len && *p == '/'; p++, len--) {}
    }
    return lc_asprintf("%s/%.*s", r->dir, (int)len, p);
}

/* The folder of the scenario file `path`, absolute, into *out (lc_free). LC_ERR_IO when the
 * working folder cannot be told. */
static lc_status folder_of(lc_ctx *ctx, const char *path, char **out)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 0;
    char cwd[4096];
    if (path[0] == '/') {
        *out = lc_asprintf("%.*s", (int)len, path);
    } else if (!getcwd(cwd, sizeof cwd)) {
        return lc_fail(ctx, LC_ERR_IO, "scenario %s: cannot tell the working folder: %s", path,
                       strerror(errno));
    } else {
        while (len >= 2 && path[0] == '.' && path[1] == '/') {
            for (path += 2, len -= 2; len && *path == '/'; path++, len--) {}
        }
        bool here = !len || (len == 1 && path[0] == '.');
        *out = here ? lc_strdup(cwd)
                    : lc_asprintf("%s/%.*s", strcmp(cwd, "/") ? cwd : "", (int)len, path);
    }
    return *out ? LC_OK : nomem(ctx);
}

/* `key`'s value `n`: one SRC[:LAYER], made absolute and checked as scenario.h says. */
static lc_status read_path(reader *r, const char *key, yaml_node_t *n, char **out)
{
    if (n->type != YAML_SCALAR_NODE)
        return at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: got %s, expected one path (SRC or "
                                "SRC:LAYER)", key, shape(n)));
    const char *v;
    lc_status st = scalar(r, key, n, &v);
    if (st) return st;
    if (!*v) return at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: an empty path", key));
    if (lc_io_spec_is_virtual(v)) return (*out = lc_strdup(v)) ? LC_OK : nomem(r->ctx);
    /* as lc_io_read: the whole spec first, then split at its last ':' */
    char *whole = anchor(r, v, strlen(v)), *src = NULL;
    const char *colon = strrchr(v, ':');
    if (!whole) return nomem(r->ctx);
    if (lc_io_path_exists(whole)) {
        *out = whole;
        return LC_OK;
    }
    if (colon && colon > v && colon[1]) {
        src = anchor(r, v, (size_t)(colon - v));
        bool found = src && lc_io_path_exists(src);
        if (!src || (found && !(*out = lc_asprintf("%s%s", src, colon))))
            st = nomem(r->ctx);
        else if (!found)
            st = at(r, n, lc_fail(r->ctx, LC_ERR_IO, "%s: '%s' not found (looked for %s "
                                  "and %s)", key, v, whole, src));
    } else {
        st = at(r, n, lc_fail(r->ctx, LC_ERR_IO, "%s: '%s' not found (looked for %s)", key,
                              v, whole));
    }
    lc_free(whole);
    lc_free(src);
    return st;
}

/* ---- ids ----------------------------------------------------------------------------- */

/* An id with the node it came from, for the check that none is given twice. */
typedef struct idref {
    const char *text;
    const yaml_node_t *node;
    size_t order;
} idref;

static int cmp_idref(const void *a, const void *b)
{
    const idref *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* An error for the first id (in file order) given before; `ids` is sorted in place. */
static lc_status no_twice(reader *r, const char *key, idref *ids, size_t n)
{
    if (n < 2) return LC_OK; /* and qsort is not given NULL */
    qsort(ids, n, sizeof *ids, cmp_idref);
    const idref *dup = NULL, *first = NULL;
    for (size_t i = 1; i < n; i++)
        if (!strcmp(ids[i].text, ids[i - 1].text) && (!dup || ids[i].order < dup->order)) {
            dup = &ids[i];
            for (first = &ids[i - 1]; first > ids && !strcmp(first[-1].text, dup->text);) first--;
        }
    if (!dup) return LC_OK;
    char *v = shown(dup->text);
    lc_status st = at(r, dup->node, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: '%s' given twice "
                                            "(first on line %lu)", key, v ? v : "?",
                                            (unsigned long)first->node->start_mark.line + 1));
    lc_free(v);
    return st;
}

/* One id of `key`: a plain, non-empty value. */
static lc_status read_id(reader *r, const char *key, yaml_node_t *n, const char **out)
{
    if (n->type != YAML_SCALAR_NODE)
        return at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: got %s among the ids, expected "
                                "ids (one, or a list of them)", key, shape(n)));
    lc_status st = scalar(r, key, n, out);
    if (!st && !**out) st = at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: an empty id", key));
    return st;
}

/* `key`'s value `n`: one id or a list of ids, kept as their text in file order. */
static lc_status read_ids(reader *r, const char *key, yaml_node_t *n, char ***out, size_t *nout)
{
    if (n->type == YAML_MAPPING_NODE)
        return at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: got a mapping, expected ids (one, "
                                "or a list of them)", key));
    yaml_node_t *one[1] = {n};
    yaml_node_t **items = one;
    size_t count = 1;
    if (n->type == YAML_SEQUENCE_NODE) {
        count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        items = count ? lc_malloc(count * sizeof *items) : one;
        if (!items) return nomem(r->ctx);
        for (size_t i = 0; i < count; i++)
            items[i] = yaml_document_get_node(r->doc, n->data.sequence.items.start[i]);
    }
    idref *ids = count ? lc_calloc(count, sizeof *ids) : NULL;
    *out = count ? lc_calloc(count, sizeof **out) : NULL;
    lc_status st = (count && (!ids || !*out)) ? nomem(r->ctx) : LC_OK;
    for (size_t i = 0; !st && i < count; i++) {
        st = items[i] ? read_id(r, key, items[i], &ids[i].text)
                      : at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: malformed YAML", key));
        ids[i].node = items[i], ids[i].order = i;
        if (!st && !((*out)[i] = lc_strdup(ids[i].text))) st = nomem(r->ctx);
        if (!st) ++*nout;
    }
    if (!st) st = no_twice(r, key, ids, count);
    lc_free(ids);
    if (items != one) lc_free(items);
    return st;
}

/* capacity: a mapping of id to a number >= 0. */
static lc_status read_capacity(reader *r, yaml_node_t *n)
{
    const char *key = key_names[K_CAPACITY];
    if (n->type != YAML_MAPPING_NODE)
        return at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: got %s, expected facility ids with "
                                "their places ({F7: 120})", key, shape(n)));
    size_t count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (!count) return LC_OK;
    idref *ids = lc_calloc(count, sizeof *ids);
    lc_scenario *s = r->s;
    s->capacity = lc_calloc(count, sizeof *s->capacity);
    lc_status st = ids && s->capacity ? LC_OK : nomem(r->ctx);
    for (size_t i = 0; !st && i < count; i++) {
        yaml_node_pair_t *p = n->data.mapping.pairs.start + i;
        yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
        const char *val = NULL;
        double places = 0;
        if (!k || !v) {
            st = at(r, n, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: malformed YAML", key));
            break;
        }
        st = read_id(r, key, k, &ids[i].text);
        ids[i].node = k, ids[i].order = i;
        if (!st && v->type != YAML_SCALAR_NODE)
            st = at(r, v, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: %s: got %s, expected a number "
                                  ">= 0", key, ids[i].text, shape(v)));
        if (!st) st = scalar(r, key, v, &val);
        if (!st && (!lc_parse_double(val, &places) || !(places >= 0)))
            st = at(r, v, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: %s: '%s' is not a number >= 0",
                                  key, ids[i].text, val));
        if (!st && !(s->capacity[i].id = lc_strdup(ids[i].text))) st = nomem(r->ctx);
        if (!st) s->capacity[s->ncapacity++].places = places + 0.0; /* -0 as 0 */
    }
    if (!st) st = no_twice(r, key, ids, count);
    lc_free(ids);
    return st;
}

/* ---- the file ------------------------------------------------------------------------ */

static bool is_empty_value(const yaml_node_t *v)
{
    return v->type == YAML_SCALAR_NODE && !v->data.scalar.length &&
           v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* First pass: every key known and given once; values[k] is the value of key k, NULL when
 * absent or empty. */
static lc_status read_keys(reader *r, yaml_node_t *root, yaml_node_t **values)
{
    yaml_node_t *keys[K_COUNT] = {0};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE)
            return at(r, k, lc_fail(r->ctx, LC_ERR_CONFIG, "keys must be plain words (%s)",
                                    KEY_LIST));
        const char *name = (const char *)k->data.scalar.value;
        int i = 0;
        while (i < K_COUNT && strcmp(name, key_names[i])) i++;
        if (i == K_COUNT) {
            char *kn = shown(name);
            lc_status st = at(r, k, lc_fail(r->ctx, LC_ERR_CONFIG, "'%s' is no key of a "
                                            "scenario file (the keys: %s)", kn ? kn : "?",
                                            KEY_LIST));
            lc_free(kn);
            return st;
        }
        if (keys[i])
            return at(r, k, lc_fail(r->ctx, LC_ERR_CONFIG, "%s: given twice (first on line "
                                    "%lu)", name, (unsigned long)keys[i]->start_mark.line + 1));
        keys[i] = k;
        values[i] = is_empty_value(v) ? NULL : v;
    }
    return LC_OK;
}

/* The name: given, else the file's name without its extension; checked as a folder's name. */
static lc_status read_name(reader *r, yaml_node_t *v)
{
    const char *given = NULL;
    if (v && v->type != YAML_SCALAR_NODE)
        return at(r, v, lc_fail(r->ctx, LC_ERR_CONFIG, "name: got %s, expected one name",
                                shape(v)));
    lc_status st = v ? scalar(r, "name", v, &given) : LC_OK;
    if (st) return st;
    char *name;
    if (given) {
        name = lc_strdup(given);
    } else {
        const char *base = strrchr(r->path, '/');
        base = base ? base + 1 : r->path;
        const char *dot = strrchr(base, '.');
        size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
        name = lc_asprintf("%.*s", (int)len, base);
    }
    if (!name) return nomem(r->ctx);
    char buf[128];
    const char *why = name_problem(name, buf, sizeof buf);
    if (!why) {
        r->s->name = name;
        return LC_OK;
    }
    char *nm = shown(name);
    st = given ? at(r, v, lc_fail(r->ctx, LC_ERR_CONFIG, "name: '%s' cannot be a folder's "
                                  "name: %s", nm ? nm : "?", why))
               : at(r, NULL, lc_fail(r->ctx, LC_ERR_CONFIG, "name: '%s' (from the file's name) "
                                     "cannot be a folder's name: %s; give one with 'name:'",
                                     nm ? nm : "?", why));
    lc_free(nm);
    lc_free(name);
    return st;
}

/* Second pass: the edits, in file order. */
static lc_status read_edits(reader *r, yaml_node_t *root, yaml_node_t *const *values)
{
    lc_scenario *s = r->s;
    lc_status st = LC_OK;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         !st && p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *key = yaml_document_get_node(r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
        int k = 0; /* read_keys checked the key */
        while (k < K_COUNT && strcmp((const char *)key->data.scalar.value, key_names[k])) k++;
        if (k == K_COUNT || !values[k]) continue; /* a key with no value */
        switch (k) {
        case K_ADD_FACILITIES: st = read_path(r, key_names[k], v, &s->add_facilities); break;
        case K_ADD_NETWORK: st = read_path(r, key_names[k], v, &s->add_network); break;
        case K_ADD_ENTRANCES: st = read_path(r, key_names[k], v, &s->add_entrances); break;
        case K_REMOVE_FACILITIES:
            st = read_ids(r, key_names[k], v, &s->remove_facilities, &s->nremove);
            break;
        case K_CLOSE_NETWORK:
            st = read_ids(r, key_names[k], v, &s->close_network, &s->nclose);
            break;
        case K_CAPACITY: st = read_capacity(r, v); break;
        default: break; /* the name */
        }
    }
    return st;
}

static lc_status read_doc(reader *r)
{
    yaml_node_t *root = yaml_document_get_root_node(r->doc);
    yaml_node_t *values[K_COUNT] = {0};
    lc_status st = LC_OK;
    if (root && !is_empty_value(root) && root->type != YAML_MAPPING_NODE)
        return at(r, root, lc_fail(r->ctx, LC_ERR_CONFIG, "the top level must be a mapping of "
                                   "keys (%s)", KEY_LIST));
    if (root && root->type == YAML_MAPPING_NODE) st = read_keys(r, root, values);
    if (!st) st = read_name(r, values[K_NAME]);
    if (!st && root && root->type == YAML_MAPPING_NODE) st = read_edits(r, root, values);
    const lc_scenario *s = r->s;
    if (!st && !s->add_facilities && !s->nremove && !s->ncapacity && !s->add_network &&
        !s->nclose && !s->add_entrances)
        lc_warn(r->ctx, "scenario '%s' (%s): no edit at all: its results are the baseline's",
                s->name, r->path);
    return st;
}

/* Parse one document from `parser` (its input set) into a new scenario. */
static lc_status load(lc_ctx *ctx, yaml_parser_t *parser, const char *path, lc_scenario **out)
{
    yaml_document_t doc;
    if (!yaml_parser_load(parser, &doc) && parser->error == YAML_READER_ERROR)
        /* Notepad on a Chinese Windows saves GBK by default */
        return lc_fail(ctx, LC_ERR_CONFIG, "scenario %s: not UTF-8 text (%s at byte %zu): save "
                       "the file as UTF-8", path, parser->problem ? parser->problem : "?",
                       parser->problem_offset);
    if (parser->error)
        return lc_fail(ctx, LC_ERR_CONFIG, "scenario %s:%lu:%lu: %s %s", path,
                       (unsigned long)parser->problem_mark.line + 1,
                       (unsigned long)parser->problem_mark.column + 1,
                       parser->problem ? parser->problem : _("malformed YAML"),
                       parser->context ? parser->context : "");
    reader r = {ctx, &doc, path, NULL, lc_calloc(1, sizeof(lc_scenario))};
    lc_status st = r.s && (r.s->path = lc_strdup(path)) ? LC_OK : nomem(ctx);
    if (!st) st = folder_of(ctx, path, &r.dir);
    if (!st) st = read_doc(&r);
    yaml_document_delete(&doc);
    lc_free(r.dir);
    if (st) lc_scenario_destroy(r.s);
    else *out = r.s;
    return st;
}

lc_status lc_scenario_load(lc_ctx *ctx, const char *path, lc_scenario **out)
{
    *out = NULL;
    if (!path) return lc_fail(ctx, LC_ERR_ARG, "no scenario file given");
    FILE *f = fopen(path, "rb");
    if (!f)
        return lc_fail(ctx, LC_ERR_IO, "scenario file '%s' cannot be opened: %s", path,
                       strerror(errno));
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return lc_fail(ctx, LC_ERR_NOMEM, "cannot initialise the YAML parser");
    }
    yaml_parser_set_input_file(&parser, f);
    lc_status st = load(ctx, &parser, path, out);
    yaml_parser_delete(&parser);
    fclose(f);
    return st;
}

lc_status lc_scenario_load_string(lc_ctx *ctx, const char *text, size_t len, const char *path,
                                  lc_scenario **out)
{
    *out = NULL;
    if (!path || (!text && len)) return lc_fail(ctx, LC_ERR_ARG, "no scenario file given");
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return lc_fail(ctx, LC_ERR_NOMEM, "cannot initialise the YAML parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)(text ? text : ""), len);
    lc_status st = load(ctx, &parser, path, out);
    yaml_parser_delete(&parser);
    return st;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) lc_free(v[i]);
    lc_free(v);
}

void lc_scenario_destroy(lc_scenario *s)
{
    if (!s) return;
    lc_free(s->name);
    lc_free(s->path);
    lc_free(s->add_facilities);
    free_list(s->remove_facilities, s->nremove);
    for (size_t i = 0; s->capacity && i < s->ncapacity; i++) lc_free(s->capacity[i].id);
    lc_free(s->capacity);
    lc_free(s->add_network);
    free_list(s->close_network, s->nclose);
    lc_free(s->add_entrances);
    lc_free(s);
}

/* ---- several scenarios --------------------------------------------------------------- */

typedef struct named {
    const lc_scenario *s;
    size_t order;
} named;

/* Byte order ignoring ASCII case. */
static int cmp_ci(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    for (;; p++, q++) {
        int c = *p >= 'A' && *p <= 'Z' ? *p + 32 : *p, d = *q >= 'A' && *q <= 'Z' ? *q + 32 : *q;
        if (c != d || !c) return c - d;
    }
}

/* Names ignoring ASCII case, then file order. */
static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = cmp_ci(x->s->name, y->s->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

lc_status lc_scenarios_check_names(lc_ctx *ctx, lc_scenario *const *s, size_t n)
{
    char buf[128];
    for (size_t i = 0; i < n; i++) {
        const char *why = s[i]->name ? name_problem(s[i]->name, buf, sizeof buf)
                                     : _("it is empty");
        if (!why) continue;
        char *nm = shown(s[i]->name ? s[i]->name : "");
        lc_status st = lc_fail(ctx, LC_ERR_ARG, "scenario %s: name '%s' cannot be a folder's "
                               "name: %s", s[i]->path ? s[i]->path : "?", nm ? nm : "?", why);
        lc_free(nm);
        return st;
    }
    if (n < 2) return LC_OK;
    named *v = lc_malloc(n * sizeof *v);
    if (!v) return nomem(ctx);
    for (size_t i = 0; i < n; i++) v[i] = (named){s[i], i};
    qsort(v, n, sizeof *v, cmp_named);
    lc_status st = LC_OK;
    const named *a = NULL, *b = NULL; /* the clash whose second scenario comes first */
    for (size_t i = 1; i < n; i++)
        if (!cmp_ci(v[i].s->name, v[i - 1].s->name) && (!b || v[i].order < b->order))
            a = &v[i - 1], b = &v[i];
    if (b) {
        while (a > v && !cmp_ci(a[-1].s->name, b->s->name)) a--;
        char *x = shown(a->s->name), *y = shown(b->s->name);
        const char *pa = a->s->path ? a->s->path : "?", *pb = b->s->path ? b->s->path : "?";
        st = !x || !y ? nomem(ctx)
           : !strcmp(a->s->name, b->s->name)
               ? lc_fail(ctx, LC_ERR_ARG, "scenarios %s and %s have the same name '%s': each "
                         "needs an output folder of its own", pa, pb, x)
               : lc_fail(ctx, LC_ERR_ARG, "scenarios '%s' (%s) and '%s' (%s): names that differ "
                         "only in case are one folder on Windows and macOS", x, pa, y, pb);
        lc_free(x);
        lc_free(y);
    }
    lc_free(v);
    return st;
}
