/*
 * facilities.c — facility points into the working CRS and their category keys.
 * The raw category is the category field's text or, for OpenStreetMap sources, the
 * tags joined from generic to specific ("amenity=social_facility;social_facility=day_care;
 * social_facility:for=child"), so the mapping's segment rule picks the most specific tag.
 * A raw value that maps to nothing leaves the facility to the name rule (catnames.h).
 * Without `categories` the mission's keys (elder, child, kgdn) are always evaluated.
 * Several sources (an OSM extract and a district's table) are read one after the other into
 * one list of facilities, each knowing its source; every source has its own fields, CRS and
 * counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_internal.h"
#include "../core/msg.h"

/* OSM tag columns lifted by io/read.c, generic first; "social_for" is social_facility:for. */
static const char *const osm_cols[][2] = {
    {"healthcare", "healthcare"},
    {"amenity", "amenity"},
    {"social_facility", "social_facility"},
    {"social_for", "social_facility:for"},
};
#define NOSM (sizeof osm_cols / sizeof osm_cols[0])

/* The mission's categories: evaluated in every run without `categories`, first and in this
 * order, with or without facilities (every estate a gap then). */
static const char *const MISSION[] = {"elder", "child", "kgdn"};
#define NMISSION (sizeof MISSION / sizeof MISSION[0])

/* Names of a facility's name field when facility_name_field does not name one (ASCII case
 * ignored). */
static const char *const NAME_FIELDS[] = {"name", "名称", "名字"};

/* Where a source's category and name come from: field indexes, -1 when absent. */
typedef struct {
    long field;        /* the category field */
    long osm[NOSM];    /* OSM tag columns */
    long name;         /* the name field */
} fac_cols;

static void raw_from_osm(const lc_table *t, const long *cols, size_t row, char *buf,
                         size_t cap)
{
    buf[0] = '\0';
    for (size_t k = 0; k < NOSM; k++) {
        if (cols[k] < 0 || t->fields[cols[k]].col[row].kind != LC_VAL_STR) continue;
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s=%s", used ? ";" : "", osm_cols[k][1],
                 t->fields[cols[k]].col[row].u.s);
    }
}

static lc_status add_user_map(const char *key, const char *const *raws, size_t n, void *ud)
{
    for (size_t i = 0; i < n; i++)
        if (lc_catmap_add(ud, key, raws[i])) return LC_ERR_NOMEM;
    return LC_OK;
}

/* Keys named in `categories` match raw values equal to them, as the built-in keys do. */
static lc_status add_category_keys(const lc_input_settings *s, lc_catmap *m)
{
    for (size_t i = 0; i < s->categories.n; i++)
        if (lc_catmap_add_key(m, s->categories.items[i])) return LC_ERR_NOMEM;
    return LC_OK;
}

static lc_status tally_unmapped(lc_dataset *ds, unsigned src, const char *raw)
{
    for (size_t i = 0; i < ds->nunmapped; i++)
        if (ds->unmapped[i].src == src && strcmp(ds->unmapped[i].raw, raw) == 0)
            return ds->unmapped[i].count++, LC_OK;
    lc_tally *p = lc_realloc(ds->unmapped, (ds->nunmapped + 1) * sizeof *p);
    if (!p) return LC_ERR_NOMEM;
    ds->unmapped = p;
    if (!(p[ds->nunmapped].raw = lc_strdup(raw))) return LC_ERR_NOMEM;
    p[ds->nunmapped].src = src;
    p[ds->nunmapped++].count = 1;
    return LC_OK;
}

static lc_status add_names(const char *key, const char *const *words, size_t n, void *ud)
{
    for (size_t i = 0; i < n; i++)
        if (lc_catnames_add(ud, key, words[i])) return LC_ERR_NOMEM;
    return LC_OK;
}

lc_status lc_facility_names_create(lc_ctx *ctx, const lc_input_settings *s, const lc_options *opts,
                                   lc_catnames **out)
{
    *out = NULL;
    if (!s->category_names) return LC_OK;
    if (!(*out = lc_catnames_create(true)) || lc_options_each_prefixed(opts, "names", add_names, *out))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    return LC_OK;
}

/* The name field of table t: facility_name_field when t has it, else the usual names. */
static long name_field(const lc_input_settings *s, const lc_table *t)
{
    long f = s->facility_name_field ? lc_table_field_index(t, s->facility_name_field) : -1;
    for (size_t i = 0; f < 0 && i < sizeof NAME_FIELDS / sizeof *NAME_FIELDS; i++)
        f = lc_table_field_index(t, NAME_FIELDS[i]);
    return f;
}

/* Where the raw category comes from (the category field, or OSM tag columns) and the name.
 * A table with neither a category field nor OSM tags is an error, unless the name rule can
 * read its names (then a warning: a table of named points, "名称,经度,纬度"). */
static lc_status category_source(lc_ctx *ctx, const lc_input_settings *s, const lc_dataset *ds,
                                 const lc_source_layer *src, fac_cols *c)
{
    const lc_table *t = src->table;
    c->field = lc_table_field_index(t, s->category_field);
    c->name = name_field(s, t);
    bool any_osm = false;
    for (size_t k = 0; k < NOSM; k++) {
        c->osm[k] = lc_table_field_index(t, osm_cols[k][0]);
        any_osm |= c->osm[k] >= 0;
    }
    if (s->facility_name_field && lc_table_field_index(t, s->facility_name_field) < 0 &&
        c->name >= 0)
        lc_warn(ctx, "%s: no facility name field '%s'; the names are read from field '%s'",
                src->desc, s->facility_name_field, t->fields[c->name].name);
    else if (s->facility_name_field && c->name < 0)
        lc_warn(ctx, "%s: no facility name field '%s' (setting facility_name_field); the name "
                "rule reads no names there", src->desc, s->facility_name_field);
    if (c->field >= 0 || (src->is_osm && any_osm)) return LC_OK;
    char names[512] = "";
    for (size_t f = 0; f < t->nfields && strlen(names) + 40 < sizeof names; f++) {
        strcat(names, f ? ", " : "");
        strncat(names, t->fields[f].name, 32);
    }
    if (ds->names && c->name >= 0) {
        for (size_t k = 0; k < NOSM; k++) c->osm[k] = -1; /* no tags outside OSM files */
        lc_warn(ctx, "%s: no category field '%s' (fields: %s); the categories come from the "
                "names in field '%s' alone (the name rule); name the category field with "
                "--category-field", src->desc, s->category_field, names,
                t->fields[c->name].name);
        return LC_OK;
    }
    return lc_fail(ctx, LC_ERR_FORMAT, "%s: no category field '%s' (fields: %s); name it with "
                   "--category-field", src->desc, s->category_field,
                   names[0] ? names : _("none"));
}

/* The key of facility f from its raw value, else from its name; f->catsrc says which. */
static void assign_key(const lc_dataset *ds, const lc_table *t, const fac_cols *c,
                       lc_facility *f)
{
    f->key = lc_catmap_lookup(ds->map, f->raw);
    f->catsrc = !f->key ? LC_CATSRC_NONE : c->field >= 0 ? LC_CATSRC_VALUE : LC_CATSRC_OSM;
    if (f->key || !ds->names || c->name < 0) return;
    const lc_value *v = &t->fields[c->name].col[f->row];
    if (v->kind == LC_VAL_STR) f->key = lc_catnames_match(ds->names, v->u.s, &f->catsrc);
}

static lc_status build_facility(lc_ctx *ctx, lc_dataset *ds, unsigned si, lc_xform *x,
                                size_t row, const fac_cols *c, bool *skip, size_t nskipped)
{
    const char *why = NULL;
    const lc_source_layer *src = ds->fac_srcs[si];
    GEOSGeometry *g = lc_project_row(ctx, src, row, x, &why);
    GEOSGeometry *pt = g ? lc_geom_point_on_surface(ctx, g) : NULL;
    if (g) GEOSGeom_destroy_r(ctx->geos, g);
    if (pt && GEOSisEmpty_r(ctx->geos, pt)) {
        GEOSGeom_destroy_r(ctx->geos, pt);
        pt = NULL, why = _("has an empty geometry");
    }
    *skip = !pt;
    if (!pt) {
        lc_skip_warn(ctx, src, row, why, nskipped);
        return LC_OK;
    }
    lc_facility *f = &ds->fac[ds->nfac++];
    f->row = row;
    f->src = si;
    f->pt = pt;
    f->cat = -1;
    GEOSGeomGetX_r(ctx->geos, pt, &f->x);
    GEOSGeomGetY_r(ctx->geos, pt, &f->y);
    char raw[512] = "";
    const lc_table *t = src->table;
    if (c->field >= 0) lc_value_text(&t->fields[c->field].col[row], raw, sizeof raw);
    else raw_from_osm(t, c->osm, row, raw, sizeof raw);
    if (!(f->raw = lc_strdup(raw))) return LC_ERR_NOMEM;
    assign_key(ds, t, c, f);
    return f->key || f->catsrc == LC_CATSRC_PLANNED ? LC_OK : tally_unmapped(ds, si, raw);
}

static int by_count_desc(const void *a, const void *b)
{
    const lc_tally *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return strcmp(x->raw, y->raw);
}

/* "'cafe' (89), 'food' (40), ...": the raw values of source `si` seen most often, for a
 * category that matched nothing (a typo shows at once). Empty when it has no facilities. */
static lc_status most_frequent_raw(const lc_dataset *ds, unsigned si, char *buf, size_t cap)
{
    enum { SHOWN = 5 };
    buf[0] = '\0';
    const char **raw = lc_malloc(ds->nfac * sizeof *raw + 1);
    lc_tally *runs = lc_malloc(ds->nfac * sizeof *runs + 1);
    if (!raw || !runs) {
        lc_free(raw);
        lc_free(runs);
        return LC_ERR_NOMEM;
    }
    size_t n = 0;
    for (size_t j = 0; j < ds->nfac; j++)
        if (ds->fac[j].src == si) raw[n++] = ds->fac[j].raw;
    if (n) qsort(raw, n, sizeof *raw, lc_cmp_strp);
    size_t nruns = 0;
    for (size_t j = 0; j < n; j++) {
        if (!j || strcmp(raw[j], raw[j - 1]) != 0) runs[nruns++] = (lc_tally){(char *)raw[j], 0, si};
        runs[nruns - 1].count++;
    }
    if (nruns) qsort(runs, nruns, sizeof *runs, by_count_desc);
    for (size_t i = 0; i < nruns && i < SHOWN; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s'%s' (%zu)", i ? ", " : "",
                 runs[i].raw[0] ? runs[i].raw : _("(empty)"), runs[i].count);
    }
    if (nruns > SHOWN) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, _(" and %zu more"), nruns - SHOWN);
    }
    lc_free(raw);
    lc_free(runs);
    return LC_OK;
}

/* The name rule's part of the warning on a category without facilities: which words were
 * looked for, and how to add one. */
static void warn_empty_names(lc_ctx *ctx, const lc_dataset *ds, bool have_names,
                             const char *key)
{
    char words[512];
    if (!ds->names) return;
    if (!have_names)
        lc_warn(ctx, "category '%s': %s has no facility name field (name, 名称 or 名字), so the "
                "name rule could not match names; name the field with --facility-name-field",
                key, ds->fac_desc);
    else if (lc_catnames_examples(ds->names, key, 8, words, sizeof words)[0])
        lc_warn(ctx, "category '%s': no facility name in %s contains %s either (names are "
                "matched where the category value maps to nothing); add a word with --names "
                "%s=WORD", key, ds->fac_desc, words, key);
    else
        lc_warn(ctx, "category '%s': the name rule has no words for it; add a word its "
                "facilities' names contain with --names %s=WORD", key, key);
}

/* A category to evaluate that no facility maps to (asked for, or one of the mission's): say
 * per source what the raw values are, and what the name rule looked for. */
static lc_status warn_empty_category(lc_ctx *ctx, const lc_input_settings *s, const lc_dataset *ds,
                                     const fac_cols *cols, const char *key)
{
    bool have_names = false;
    for (unsigned i = 0; i < ds->nfac_srcs; i++) {
        char seen[1024];
        const fac_cols *c = &cols[i];
        const char *desc = ds->fac_srcs[i]->desc;
        if (most_frequent_raw(ds, i, seen, sizeof seen)) return LC_ERR_NOMEM;
        bool tags = c->field < 0 && ds->fac_srcs[i]->is_osm;
        have_names |= c->name >= 0;
        if (!seen[0] || (c->field < 0 && !tags))
            lc_warn(ctx, "category '%s': no facility in %s", key, desc);
        else if (tags)
            lc_warn(ctx, "category '%s': no facility in %s; the OSM tags seen most often: %s "
                    "(map one to '%s' with --map %s=VALUE)", key, desc, seen, key, key);
        else
            lc_warn(ctx, "category '%s': no facility in %s; the values of '%s' seen most often: "
                    "%s (map one to '%s' with --map %s=VALUE)", key, desc, s->category_field,
                    seen, key, key);
    }
    warn_empty_names(ctx, ds, have_names, key);
    return LC_OK;
}

static bool is_mission(const char *key)
{
    for (size_t m = 0; m < NMISSION; m++)
        if (!strcmp(MISSION[m], key)) return true;
    return false;
}

/* The evaluated keys: `categories` as given; else the mission's (elder, child, kgdn) and
 * then every other key with facilities, in the map's order (built-in keys first, then those
 * of map.<key>, categories and names.<key> as defined). Each facility gets its index. */
static lc_status choose_categories(lc_ctx *ctx, const lc_input_settings *s, lc_dataset *ds,
                                   const fac_cols *cols)
{
    size_t nkeys = lc_catmap_key_count(ds->map);
    size_t nwant = s->categories.n ? s->categories.n : NMISSION + nkeys;
    ds->cat = lc_calloc(nwant + 1, sizeof(char *));
    ds->cat_nfac = lc_calloc(nwant + 1, sizeof(size_t));
    if (!ds->cat || !ds->cat_nfac) return LC_ERR_NOMEM;
    for (size_t i = 0; i < nwant; i++) {
        const char *k = s->categories.n ? s->categories.items[i]
                        : i < NMISSION ? MISSION[i] : lc_catmap_key(ds->map, i - NMISSION);
        bool must = s->categories.n || i < NMISSION;
        if (!must && is_mission(k)) continue; /* evaluated first already */
        size_t n = 0;
        for (size_t j = 0; j < ds->nfac; j++) n += ds->fac[j].key && !strcmp(ds->fac[j].key, k);
        if (!n && !must) continue; /* "all found": other keys with facilities */
        if (!n && warn_empty_category(ctx, s, ds, cols, k)) return LC_ERR_NOMEM;
        if (!(ds->cat[ds->ncat] = lc_strdup(k))) return LC_ERR_NOMEM;
        ds->cat_nfac[ds->ncat++] = n;
    }
    for (size_t j = 0; j < ds->nfac; j++)
        for (size_t k = 0; ds->fac[j].key && k < ds->ncat; k++)
            if (!strcmp(ds->fac[j].key, ds->cat[k])) ds->fac[j].cat = (int)k;
    return LC_OK;
}

/* Name the most frequent unmapped values (a POI dump can have hundreds), each with its
 * source, and count all. */
static void report_unmapped(lc_ctx *ctx, lc_dataset *ds, lc_load_result *out)
{
    enum { SHOWN = 10 };
    if (ds->nunmapped) qsort(ds->unmapped, ds->nunmapped, sizeof(lc_tally), by_count_desc);
    size_t rest = 0;
    for (size_t i = 0; i < ds->nunmapped; i++) {
        out->facilities_unmapped += ds->unmapped[i].count;
        if (i >= SHOWN) {
            rest += ds->unmapped[i].count;
            continue;
        }
        lc_warn(ctx, "%s: category '%s' maps to no key (%zu facilities; add it under 'map' in "
                "the config or with --map KEY=VALUE)", ds->fac_srcs[ds->unmapped[i].src]->desc,
                ds->unmapped[i].raw[0] ? ds->unmapped[i].raw : _("(empty)"),
                ds->unmapped[i].count);
    }
    if (rest)
        lc_warn(ctx, "%s: %zu more unmapped category values (%zu facilities); all are in the "
                "facilities layer with an empty catkey", ds->fac_desc,
                ds->nunmapped - SHOWN, rest);
}

/* The planned sites the name rule found: how many, and their names (they are written, with
 * catsrc 'planned' and no key). */
static void report_planned(lc_ctx *ctx, const lc_dataset *ds, const fac_cols *cols)
{
    enum { SHOWN = 10 };
    char list[2048] = "";
    size_t n = 0;
    for (size_t j = 0; j < ds->nfac; j++) {
        const lc_facility *f = &ds->fac[j];
        if (f->catsrc != LC_CATSRC_PLANNED) continue;
        if (n++ >= SHOWN) continue;
        char name[256];
        const lc_source_layer *src = ds->fac_srcs[f->src];
        lc_value_text(&src->table->fields[cols[f->src].name].col[f->row], name, sizeof name);
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s'%s' (%s)", n > 1 ? ", " : "", name,
                 lc_feature_where(src, f->row, NULL));
    }
    if (!n) return;
    if (n > SHOWN)
        lc_note(ctx, "%zu planned sites seen, not facilities (written with catsrc 'planned'): "
                "%s and %zu more", n, list, n - SHOWN);
    else
        lc_note(ctx, "%zu planned sites seen, not facilities (written with catsrc 'planned'): "
                "%s", n, list);
}

lc_status lc_facilities_trim_osm(const lc_catnames *names, lc_source_layer *src)
{
    lc_table *t = src->table;
    long am = lc_table_field_index(t, "amenity"), hc = lc_table_field_index(t, "healthcare");
    long nm = lc_table_field_index(t, "name");
    if (!src->is_osm || !names || am < 0 || hc < 0 || nm < 0) return LC_OK;
    bool *keep = lc_malloc((t->nrows + 1) * sizeof *keep);
    if (!keep) return LC_ERR_NOMEM;
    for (size_t r = 0; r < t->nrows; r++) {
        const lc_value *n = &t->fields[nm].col[r];
        keep[r] = t->fields[am].col[r].kind != LC_VAL_NULL ||
                  t->fields[hc].col[r].kind != LC_VAL_NULL ||
                  (n->kind == LC_VAL_STR && lc_catnames_any(names, n->u.s));
    }
    lc_table_keep(t, keep);
    lc_free(keep);
    return LC_OK;
}

/* Every key the name rule can give is known to the map, so that "all found" can list it. */
static lc_status add_name_keys(lc_dataset *ds)
{
    const char *const *w;
    size_t nw = lc_catnames_words(ds->names, &w);
    for (size_t i = 0; i < nw; i++) {
        lc_catsrc src;
        const char *k = lc_catnames_match(ds->names, w[i], &src);
        if (k && lc_catmap_add_key(ds->map, k)) return LC_ERR_NOMEM;
    }
    return LC_OK;
}

/* Read the facilities of source si into ds->fac; its read and skipped counts into *sc. */
static lc_status load_source(lc_ctx *ctx, lc_dataset *ds, unsigned si, const fac_cols *c,
                             const char *src_def, lc_cnshift shift, lc_source_counts *sc)
{
    const lc_source_layer *src = ds->fac_srcs[si];
    lc_xform *x;
    lc_status st = lc_xform_create(ctx, src_def, shift, ds->work_wkt, &x);
    if (st) return st;
    sc->read = src->table->nrows;
    for (size_t row = 0; !st && row < src->table->nrows; row++) {
        bool skip = false;
        st = build_facility(ctx, ds, si, x, row, c, &skip, sc->skipped);
        sc->skipped += skip;
    }
    lc_xform_destroy(x);
    if (st) return lc_fail(ctx, st, "out of memory");
    lc_skips_total(ctx, src, sc->skipped, N_("facilities"));
    return LC_OK;
}

/* Per source and in all: mapped (by name), unmapped, planned; with several sources a line
 * per source in the log. */
static void count_sources(lc_ctx *ctx, const lc_dataset *ds, lc_load_counts *counts)
{
    lc_load_result *out = &counts->res;
    for (size_t j = 0; j < ds->nfac; j++) {
        const lc_facility *f = &ds->fac[j];
        lc_source_counts *sc = &counts->sources[f->src];
        sc->mapped += f->key != NULL;
        sc->by_name += f->catsrc == LC_CATSRC_NAME;
        sc->planned += f->catsrc == LC_CATSRC_PLANNED;
        sc->unmapped += !f->key && f->catsrc != LC_CATSRC_PLANNED;
    }
    counts->nsources = ds->nfac_srcs;
    for (size_t i = 0; i < ds->nfac_srcs; i++) {
        const lc_source_counts *sc = &counts->sources[i];
        out->facilities_read += sc->read;
        out->facilities_skipped += sc->skipped;
        out->facilities_used += sc->mapped;
        out->facilities_by_name += sc->by_name;
        out->facilities_planned += sc->planned;
        if (ds->nfac_srcs > 1)
            lc_note(ctx, "facilities: %s: %zu read, %zu mapped (%zu by name), %zu unmapped, "
                    "%zu planned, %zu skipped", sc->name, sc->read, sc->mapped, sc->by_name,
                    sc->unmapped, sc->planned, sc->skipped);
    }
}

lc_status lc_facilities_load(lc_ctx *ctx, const lc_input_settings *s, const lc_options *opts,
                             lc_dataset *ds, const char *const *src_defs,
                             const lc_cnshift *shifts, lc_load_counts *counts)
{
    fac_cols cols[LC_MAX_FACILITY_SOURCES] = {{0}};
    size_t rows = 0;
    unsigned nsrc = (unsigned)ds->nfac_srcs;
    lc_status st = LC_OK;
    for (unsigned i = 0; !st && i < nsrc; i++) {
        st = category_source(ctx, s, ds, ds->fac_srcs[i], &cols[i]);
        rows += ds->fac_srcs[i]->table->nrows;
    }
    if (st) return st;
    if (!(ds->map = lc_catmap_create(s->builtin_maps)) || add_category_keys(s, ds->map) ||
        lc_options_each_map(opts, add_user_map, ds->map) || add_name_keys(ds) ||
        !(ds->fac = lc_calloc(rows + 1, sizeof(lc_facility))))
        return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (unsigned i = 0; i < nsrc; i++) {
        lc_source_counts *sc = &counts->sources[i];
        memset(sc, 0, sizeof *sc);
        lc_strlcpy_utf8(sc->name, ds->fac_names[i], sizeof sc->name);
        if ((st = load_source(ctx, ds, i, &cols[i], src_defs[i], shifts[i], sc))) return st;
    }
    if ((st = choose_categories(ctx, s, ds, cols))) return lc_fail(ctx, st, "out of memory");
    report_unmapped(ctx, ds, &counts->res);
    report_planned(ctx, ds, cols);
    count_sources(ctx, ds, counts);
    counts->res.categories = ds->ncat;
    return LC_OK;
}

void lc_facilities_free(lc_ctx *ctx, lc_facility *fac, size_t n)
{
    for (size_t i = 0; fac && i < n; i++) {
        if (fac[i].pt) GEOSGeom_destroy_r(ctx->geos, fac[i].pt);
        lc_free(fac[i].raw);
    }
    lc_free(fac);
}

/* Read the rows of `src` as source number base->nfac_srcs of a dataset like base (its maps,
 * name rule, working CRS). A scratch copy of base collects them: build_facility appends to
 * its facility list and tallies the unmapped values there, base itself stays as it is. */
static lc_status read_more(lc_ctx *ctx, const lc_input_settings *s, const lc_dataset *base,
                           lc_source_layer *src, const char *def, lc_cnshift shift,
                           lc_dataset *tmp, lc_source_counts *sc)
{
    size_t n = base->nfac_srcs;
    fac_cols c;
    lc_status st = category_source(ctx, s, base, src, &c);
    if (st) return st;
    *tmp = *base;
    tmp->unmapped = NULL, tmp->nunmapped = 0, tmp->nfac = 0;
    tmp->fac = lc_calloc(src->table->nrows + 1, sizeof(lc_facility));
    tmp->fac_srcs = lc_calloc(n + 1, sizeof *tmp->fac_srcs);
    if (!tmp->fac || !tmp->fac_srcs) return lc_fail(ctx, LC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) tmp->fac_srcs[i] = base->fac_srcs[i];
    tmp->fac_srcs[n] = src;
    tmp->nfac_srcs = n + 1;
    st = load_source(ctx, tmp, (unsigned)n, &c, def, shift, sc);
    for (size_t j = 0; j < tmp->nfac; j++) {
        lc_facility *f = &tmp->fac[j];
        for (size_t k = 0; f->key && k < base->ncat; k++)
            if (!strcmp(f->key, base->cat[k])) f->cat = (int)k;
        sc->mapped += f->key != NULL;
        sc->by_name += f->catsrc == LC_CATSRC_NAME;
        sc->planned += f->catsrc == LC_CATSRC_PLANNED;
        sc->unmapped += !f->key && f->catsrc != LC_CATSRC_PLANNED;
    }
    return st;
}

lc_status lc_facilities_read_source(lc_ctx *ctx, const lc_input_settings *s,
                                    const lc_dataset *base, const char *spec,
                                    lc_source_layer **src, lc_facility **fac, size_t *n,
                                    lc_source_counts *sc)
{
    *src = NULL, *fac = NULL, *n = 0;
    memset(sc, 0, sizeof *sc);
    lc_xy_spec xy = lc_xy_for(&s->facilities);
    lc_status st = lc_io_read_facilities(ctx, spec, s->facilities.where, NULL, 0, &xy, src);
    const char *def;
    lc_cnshift shift;
    lc_input_datum rec;
    if (!st && (*src)->is_osm) xy.srs = NULL, xy.srs_shared = false; /* OSM is WGS84 */
    if (!st) st = lc_source_crs(ctx, *src, &xy, &def, &shift, &rec);
    lc_dataset tmp = {0};
    if (!st) st = read_more(ctx, s, base, *src, def, shift, &tmp, sc);
    if (!st) { /* said as for the run's own sources: a scenario's new site must not vanish */
        lc_load_result counts = {0};
        tmp.fac_desc = (*src)->desc; /* (borrowed, as tmp's other members are base's) */
        report_unmapped(ctx, &tmp, &counts);
    }
    for (size_t i = 0; i < tmp.nunmapped; i++) lc_free(tmp.unmapped[i].raw);
    lc_free(tmp.unmapped);
    lc_free(tmp.fac_srcs);
    if (st) {
        lc_facilities_free(ctx, tmp.fac, tmp.nfac);
        lc_source_layer_destroy(*src);
        *src = NULL;
        return st;
    }
    *fac = tmp.fac, *n = tmp.nfac;
    return LC_OK;
}
