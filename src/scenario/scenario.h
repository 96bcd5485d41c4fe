/*
 * scenario.h — the scenario file of `lifecircle compare` (方案比选): one option of a
 * comparison, read from YAML and checked before anything is loaded. Applying it to a loaded
 * run is the session's work (src/pipeline); this module only reads and checks the file. It
 * stands on core (messages, allocation) and io (whether a path exists) only.
 *
 * THE FILE
 *
 *   name: 方案A                       # the output folder's name (DIR/方案A/)
 *   add_facilities: new_sites.geojson # SRC[:LAYER], read like --facilities
 *   remove_facilities: [F12, 40]      # ids of the facilities layer
 *   capacity: {F7: 120}               # new capacity (places) of existing facilities
 *   add_network: new_paths.geojson    # lines added to the walking network
 *   close_network: [way/123, 456]     # ids of network lines removed
 *   add_entrances: gates.geojson      # estate gates added (as --entrances)
 *
 * Every key is optional; a key with no value at all ("add_network:") is the same as the key
 * left out. A file with no edit at all is allowed (it is the baseline again); a warning says
 * so.
 *
 * - name: any UTF-8 text that can be a folder's name on Linux, macOS and Windows alike. When
 *   absent, the file's name without its extension ("a/方案A.yaml" -> "方案A"). Rejected, with
 *   the reason: empty; "." or ".."; longer than 255 bytes; not valid UTF-8; a control
 *   character (U+0000-U+001F, U+007F); one of / \ : * ? " < > | ; a trailing dot or space
 *   (Windows drops them); a Windows device name (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9,
 *   with or without an extension, any case); "baseline" in any case (DIR/baseline holds the
 *   plain run).
 * - add_facilities, add_network, add_entrances: one path, "SRC" or "SRC:LAYER". A relative SRC
 *   is taken relative to the scenario file's folder (made absolute from the working folder
 *   when the file's path is relative); a ':LAYER' suffix is kept. As lc_io_read splits a
 *   spec (io/read.c), the whole value is tried first and, when no such file exists, it is
 *   split at its last ':' into SRC and LAYER. The file must exist (GDAL's VSIStatL).
 *   GDAL virtual paths (/vsizip/..., /vsimem/...), URLs and connection strings of GDAL's
 *   vector drivers ("PG:...", "MySQL:...") are kept as written, neither checked nor
 *   re-anchored. A list or a mapping where the path goes is an error.
 * - remove_facilities, close_network: one id or a YAML list of ids, each a plain value kept
 *   as its text (40 -> "40", way/123 -> "way/123"), in file order. An empty id and an id
 *   listed twice are errors. Whether an id matches a feature is checked when the scenario is
 *   applied, not here.
 * - capacity: a mapping of facility id (text, as above) to a number >= 0 (places); a value
 *   that is not such a number, an id given twice, or a capacity that is no mapping is an
 *   error.
 *
 * ERRORS name the scenario (its name once read, else the file), the line, the key and the
 * value:
 *   scenario '方案A' (a.yaml:4): add_facilities: 'new_sites.geojson' not found (looked for
 *   /abs/dir/new_sites.geojson)
 * LC_ERR_IO: the scenario file cannot be opened, or a file it names is not there;
 * LC_ERR_CONFIG: not UTF-8, malformed YAML (file, line and column), a top level that is no
 * mapping, an unknown key, a key given twice, a value of the wrong shape, a bad name, an empty
 * or repeated id, a capacity that is not a number >= 0; LC_ERR_NOMEM.
 *
 * SEVERAL SCENARIOS side by side: lc_scenarios_check_names (LC_ERR_ARG naming both files) when
 * two names would be one folder (byte-equal, or equal ignoring ASCII case, as folders on
 * Windows and macOS are) or a name is "baseline".
 */
#ifndef LC_SCENARIO_H
#define LC_SCENARIO_H

#include "../core/core.h"

/** One new capacity: facility `id` (its text as the file gives it) gets `places` (>= 0). */
typedef struct lc_scenario_capacity {
    char *id;
    double places;
} lc_scenario_capacity;

/** One option of a comparison (方案), as its file gives it, checked. Owns every string and
 *  array in it; lc_scenario_destroy frees them all. */
typedef struct lc_scenario {
    char *name;              /* UTF-8; the output folder's name (checked as one) */
    char *path;              /* the file it was read from, as given */
    char *add_facilities;    /* SRC[:LAYER], a relative SRC made absolute; NULL: none */
    char **remove_facilities; /* ids as text, in file order, no two alike */
    size_t nremove;
    lc_scenario_capacity *capacity; /* in file order, no id twice */
    size_t ncapacity;
    char *add_network;       /* SRC[:LAYER] as add_facilities; NULL: none */
    char **close_network;    /* ids as text ("way/123", "456"), in file order, no two alike */
    size_t nclose;
    char *add_entrances;     /* SRC[:LAYER] as add_facilities; NULL: none */
} lc_scenario;

/**
 * Read and check the scenario file at `path` (the rules above). On LC_OK *out is a new
 * scenario (lc_scenario_destroy); on an error *out is NULL and the ctx holds the message.
 * Logs a warning through the ctx when the file edits nothing.
 */
lc_status lc_scenario_load(lc_ctx *ctx, const char *path, lc_scenario **out);

/**
 * The same from `len` bytes of YAML in memory: `path` names the file in messages, gives the
 * default name and anchors relative paths, as if the text had been read from it (the file
 * itself need not exist).
 */
lc_status lc_scenario_load_string(lc_ctx *ctx, const char *text, size_t len, const char *path,
                                  lc_scenario **out);

/** Free `s` and everything it owns; NULL is a no-op. */
void lc_scenario_destroy(lc_scenario *s);

/**
 * Can the `n` scenarios' names be output folders side by side in one DIR? LC_ERR_ARG naming
 * both scenarios and their files when two names are byte-equal or equal ignoring ASCII case
 * (one folder on Windows and macOS), or naming the file when a name is "baseline" in any case
 * (DIR/baseline holds the plain run). Borrows `s`. O(n log n).
 */
lc_status lc_scenarios_check_names(lc_ctx *ctx, lc_scenario *const *s, size_t n);

#endif
