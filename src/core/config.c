/*
 * config.c — the YAML config file, parsed by libyaml (yaml_parser_load builds the node
 * tree; we only walk it). The file holds the same settings as the command line:
 *
 *   estates: data/estates.gpkg:estates      # scalar  -> "estates"
 *   categories: [elder, kgdn]               # list    -> "categories" once per item
 *   field: {households: 户数}               # mapping -> "field.households"
 *   map:   {elder: [养老院, 日间照料中心]}  # mapping of lists -> "map.elder" per item
 *
 * Nested mappings are flattened with '.', so the options table stays the single list of
 * what can be set. Errors name the file and line.
 */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "msg.h"
#include "options.h"

typedef struct {
    lc_ctx *ctx;
    lc_options *opts;
    yaml_document_t *doc;
    const char *path;
} walker;

static lc_status walk(walker *w, const char *prefix, yaml_node_t *node, int depth);

/* A plain value ("categories: elder,kgdn" is split like the flag) or, `item`, one item of a
 * YAML list, taken whole. */
static lc_status set_scalar(walker *w, const char *key, yaml_node_t *n, bool item)
{
    const char *v = (const char *)n->data.scalar.value;
    lc_status st = item ? lc_options_set_item(w->ctx, w->opts, key, v, LC_SRC_CONFIG)
                        : lc_options_set(w->ctx, w->opts, key, v, LC_SRC_CONFIG);
    if (st) {
        char msg[1024];
        lc_strlcpy_utf8(msg, lc_ctx_errmsg(w->ctx), sizeof msg);
        return lc_fail(w->ctx, LC_ERR_CONFIG, "%s:%lu: %s", w->path,
                       (unsigned long)n->start_mark.line + 1, msg);
    }
    return LC_OK;
}

static lc_status walk_sequence(walker *w, const char *key, yaml_node_t *node)
{
    for (yaml_node_item_t *it = node->data.sequence.items.start;
         it < node->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_document_get_node(w->doc, *it);
        if (!item || item->type != YAML_SCALAR_NODE)
            return lc_fail(w->ctx, LC_ERR_CONFIG, "%s:%lu: '%s' must be a list of plain values",
                           w->path, (unsigned long)node->start_mark.line + 1, key);
        lc_status st = set_scalar(w, key, item, true);
        if (st) return st;
    }
    return LC_OK;
}

static lc_status walk_mapping(walker *w, const char *prefix, yaml_node_t *node, int depth)
{
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE)
            return lc_fail(w->ctx, LC_ERR_CONFIG, "%s:%lu: keys must be plain words", w->path,
                           (unsigned long)node->start_mark.line + 1);
        char key[256];
        int n = snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "",
                         (const char *)k->data.scalar.value);
        if (n < 0 || (size_t)n >= sizeof key)
            return lc_fail(w->ctx, LC_ERR_CONFIG, "%s:%lu: key too long", w->path,
                           (unsigned long)k->start_mark.line + 1);
        lc_status st = walk(w, key, v, depth + 1);
        if (st) return st;
    }
    return LC_OK;
}

static lc_status walk(walker *w, const char *key, yaml_node_t *node, int depth)
{
    if (depth > 3)
        return lc_fail(w->ctx, LC_ERR_CONFIG, "%s:%lu: nesting too deep at '%s'", w->path,
                       (unsigned long)node->start_mark.line + 1, key);
    switch (node->type) {
    case YAML_SCALAR_NODE:
        if (!*key)
            return lc_fail(w->ctx, LC_ERR_CONFIG, "%s: the top level must be a mapping of "
                           "settings", w->path);
        /* an empty value ("r15:") leaves the setting at its default */
        if (!node->data.scalar.length) return LC_OK;
        return set_scalar(w, key, node, false);
    case YAML_SEQUENCE_NODE:
        return walk_sequence(w, key, node);
    case YAML_MAPPING_NODE:
        return walk_mapping(w, key, node, depth);
    default:
        return LC_OK; /* an empty document */
    }
}

/* Parse one YAML document from a parser whose input is set; `name` for messages. */
static lc_status load(lc_ctx *ctx, lc_options *opts, yaml_parser_t *parser, const char *name)
{
    yaml_document_t doc;
    if (!yaml_parser_load(parser, &doc))
        return lc_fail(ctx, LC_ERR_CONFIG, "%s:%lu:%lu: %s %s", name,
                       (unsigned long)parser->problem_mark.line + 1,
                       (unsigned long)parser->problem_mark.column + 1,
                       parser->problem ? parser->problem : _("malformed YAML"),
                       parser->context ? parser->context : "");
    lc_status st = LC_OK;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    walker w = {ctx, opts, &doc, name};
    if (root) st = walk(&w, "", root, 0);
    yaml_document_delete(&doc);
    return st;
}

lc_status lc_options_load_file(lc_ctx *ctx, lc_options *opts, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return lc_fail(ctx, LC_ERR_IO, "cannot open config file '%s'", path);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return lc_fail(ctx, LC_ERR_NOMEM, "cannot initialise the YAML parser");
    }
    yaml_parser_set_input_file(&parser, f);
    lc_status st = load(ctx, opts, &parser, path);
    yaml_parser_delete(&parser);
    fclose(f);
    return st;
}

lc_status lc_options_load_string(lc_ctx *ctx, lc_options *opts, const char *text, size_t len,
                                 const char *name)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return lc_fail(ctx, LC_ERR_NOMEM, "cannot initialise the YAML parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    lc_status st = load(ctx, opts, &parser, name);
    yaml_parser_delete(&parser);
    return st;
}
