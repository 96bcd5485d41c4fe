/*
 * fuzz_catmap.c — libFuzzer target: the category mapping. Lines "key=raw" add mappings
 * (keys that are not valid are skipped as the options would), every line is looked up,
 * including ';' and '|' paths.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/options.h"
#include "model/catmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lc_catmap *m = lc_catmap_create(size % 2 == 0);
    char *text = lc_malloc(size + 1);
    if (!m || !text) {
        lc_catmap_destroy(m);
        lc_free(text);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *eq = strchr(line, '=');
        if (eq && eq != line) {
            *eq = '\0';
            if (lc_catkey_valid(line)) lc_catmap_add(m, line, eq + 1);
            *eq = '=';
        }
        lc_catmap_lookup(m, line);
        if (eq) lc_catmap_lookup(m, eq + 1);
    }
    for (size_t i = 0; i < lc_catmap_key_count(m); i++) lc_catmap_key(m, i);
    lc_catmap_destroy(m);
    lc_free(text);
    return 0;
}
