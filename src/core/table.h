/*
 * table.h — an attribute table with one geometry per row: what the I/O layer reads from
 * and writes to any GDAL source, and how attributes pass through the engine untouched.
 * Column-major, so computed columns are appended without moving the input values.
 * Geometries travel as WKB so that only src/io touches GDAL and only src/geom touches GEOS.
 */
#ifndef LC_TABLE_H
#define LC_TABLE_H

#include "core.h"

typedef enum lc_vkind { LC_VAL_NULL = 0, LC_VAL_INT, LC_VAL_REAL, LC_VAL_STR } lc_vkind;

/** One attribute value. Strings are UTF-8 and owned by the table. */
typedef struct lc_value {
    lc_vkind kind;
    union {
        int64_t i;
        double r;
        char *s;
    } u;
} lc_value;

/** Field types we keep from the source (anything else travels as a string). */
typedef enum lc_ftype {
    LC_FT_INT = 0, LC_FT_INT64, LC_FT_REAL, LC_FT_STRING, LC_FT_DATE, LC_FT_DATETIME
} lc_ftype;

typedef struct lc_field {
    char *name;
    lc_ftype type;
    int width, precision; /* 0: unspecified */
    lc_value *col;        /* nrows values */
} lc_field;

typedef struct lc_table {
    lc_field *fields;
    size_t nfields, fcap;
    size_t nrows, rcap;
    int64_t *fid;             /* source feature id per row */
    unsigned char **wkb;      /* geometry per row (NULL: no geometry) */
    size_t *wkb_len;
} lc_table;

lc_table *lc_table_create(void);
/** Frees values, strings and WKB. NULL is a no-op. */
void lc_table_destroy(lc_table *t);
/** Append a field (name copied); existing rows get NULL. Index in *out_idx (may be NULL). */
lc_status lc_table_add_field(lc_table *t, const char *name, lc_ftype type, int width,
                             int precision, size_t *out_idx);
/** Index of the field named `name` (ASCII case-insensitive), or -1. */
long lc_table_field_index(const lc_table *t, const char *name);
/** Append a row of NULLs without geometry; its index in *out_row. */
lc_status lc_table_add_row(lc_table *t, int64_t fid, size_t *out_row);
/** Setters copy strings; set_wkb takes ownership of `wkb` (lc_malloc'd). */
lc_status lc_table_set_str(lc_table *t, size_t row, size_t field, const char *s);
void lc_table_set_int(lc_table *t, size_t row, size_t field, int64_t v);
void lc_table_set_real(lc_table *t, size_t row, size_t field, double v);
void lc_table_set_wkb(lc_table *t, size_t row, unsigned char *wkb, size_t len);
/** Keep the rows whose keep[row] is true, in their order; the others' values and WKB are
 *  freed. */
void lc_table_keep(lc_table *t, const bool *keep);
/** Copy the schema and the listed rows (values deep-copied, no geometry). */
lc_table *lc_table_take(const lc_table *src, const size_t *rows, size_t n);
/** Value as a number: ints and reals as they are, numeric strings parsed. false otherwise. */
bool lc_value_number(const lc_value *v, double *out);
/** Value as text into buf (empty for NULL). */
const char *lc_value_text(const lc_value *v, char *buf, size_t cap);

#endif
