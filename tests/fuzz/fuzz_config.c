/*
 * fuzz_config.c — libFuzzer target: arbitrary bytes as a YAML config, then the settings
 * resolved from it. Errors are expected; crashes, leaks and undefined behaviour are not.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lc_ctx *ctx;
    if (!ctx) ctx = lc_ctx_create();
    lc_options *o = lc_options_create();
    if (!o) return 0;
    if (lc_options_load_string(ctx, o, (const char *)data, size, "fuzz.yaml") == LC_OK) {
        lc_settings s;
        lc_settings_resolve(ctx, o, &s);
        for (size_t i = 0; i < 64; i++) {
            const char *key, *def, *help;
            if (!lc_options_describe(i, &key, &def, &help)) break;
            lc_options_get(o, key, NULL);
        }
    }
    lc_options_destroy(o);
    return 0;
}
