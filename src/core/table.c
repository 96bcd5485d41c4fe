/* table.c — the column-major attribute table (see table.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "table.h"

lc_table *lc_table_create(void)
{
    return lc_calloc(1, sizeof(lc_table));
}

void lc_table_destroy(lc_table *t)
{
    if (!t) return;
    for (size_t f = 0; f < t->nfields; f++) {
        for (size_t r = 0; r < t->nrows; r++)
            if (t->fields[f].col[r].kind == LC_VAL_STR) lc_free(t->fields[f].col[r].u.s);
        lc_free(t->fields[f].col);
        lc_free(t->fields[f].name);
    }
    for (size_t r = 0; r < t->nrows; r++) lc_free(t->wkb[r]);
    lc_free(t->fields);
    lc_free(t->fid);
    lc_free(t->wkb);
    lc_free(t->wkb_len);
    lc_free(t);
}

lc_status lc_table_add_field(lc_table *t, const char *name, lc_ftype type, int width,
                             int precision, size_t *out_idx)
{
    if (lc_grow((void **)&t->fields, &t->fcap, t->nfields + 1, sizeof(lc_field)))
        return LC_ERR_NOMEM;
    lc_field *f = &t->fields[t->nfields];
    memset(f, 0, sizeof *f);
    f->name = lc_strdup(name);
    f->col = lc_calloc(t->rcap ? t->rcap : 1, sizeof(lc_value));
    if (!f->name || !f->col) {
        lc_free(f->name);
        lc_free(f->col);
        return LC_ERR_NOMEM;
    }
    f->type = type;
    f->width = width;
    f->precision = precision;
    if (out_idx) *out_idx = t->nfields;
    t->nfields++;
    return LC_OK;
}

long lc_table_field_index(const lc_table *t, const char *name)
{
    for (size_t f = 0; f < t->nfields; f++)
        if (lc_streq_ci(t->fields[f].name, name)) return (long)f;
    return -1;
}

static lc_status grow_rows(lc_table *t, size_t need)
{
    if (need <= t->rcap) return LC_OK;
    size_t cap = t->rcap ? t->rcap * 2 : 64;
    while (cap < need) cap *= 2;
    void *p;
    if (!(p = lc_realloc(t->fid, cap * sizeof *t->fid))) return LC_ERR_NOMEM;
    t->fid = p;
    if (!(p = lc_realloc(t->wkb, cap * sizeof *t->wkb))) return LC_ERR_NOMEM;
    t->wkb = p;
    if (!(p = lc_realloc(t->wkb_len, cap * sizeof *t->wkb_len))) return LC_ERR_NOMEM;
    t->wkb_len = p;
    for (size_t f = 0; f < t->nfields; f++) {
        if (!(p = lc_realloc(t->fields[f].col, cap * sizeof(lc_value)))) return LC_ERR_NOMEM;
        t->fields[f].col = p;
    }
    t->rcap = cap;
    return LC_OK;
}

lc_status lc_table_add_row(lc_table *t, int64_t fid, size_t *out_row)
{
    if (grow_rows(t, t->nrows + 1)) return LC_ERR_NOMEM;
    size_t r = t->nrows++;
    t->fid[r] = fid;
    t->wkb[r] = NULL;
    t->wkb_len[r] = 0;
    for (size_t f = 0; f < t->nfields; f++) t->fields[f].col[r].kind = LC_VAL_NULL;
    if (out_row) *out_row = r;
    return LC_OK;
}

static void clear_value(lc_value *v)
{
    if (v->kind == LC_VAL_STR) lc_free(v->u.s);
    v->kind = LC_VAL_NULL;
}

lc_status lc_table_set_str(lc_table *t, size_t row, size_t field, const char *s)
{
    lc_value *v = &t->fields[field].col[row];
    clear_value(v);
    if (!s) return LC_OK;
    if (!(v->u.s = lc_strdup(s))) return LC_ERR_NOMEM;
    v->kind = LC_VAL_STR;
    return LC_OK;
}

void lc_table_set_int(lc_table *t, size_t row, size_t field, int64_t x)
{
    lc_value *v = &t->fields[field].col[row];
    clear_value(v);
    v->kind = LC_VAL_INT;
    v->u.i = x;
}

void lc_table_set_real(lc_table *t, size_t row, size_t field, double x)
{
    lc_value *v = &t->fields[field].col[row];
    clear_value(v);
    v->kind = LC_VAL_REAL;
    v->u.r = x;
}

void lc_table_set_wkb(lc_table *t, size_t row, unsigned char *wkb, size_t len)
{
    lc_free(t->wkb[row]);
    t->wkb[row] = wkb;
    t->wkb_len[row] = len;
}

void lc_table_keep(lc_table *t, const bool *keep)
{
    size_t n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!keep[r]) {
            for (size_t f = 0; f < t->nfields; f++) clear_value(&t->fields[f].col[r]);
            lc_free(t->wkb[r]);
            continue;
        }
        for (size_t f = 0; f < t->nfields; f++) t->fields[f].col[n] = t->fields[f].col[r];
        t->fid[n] = t->fid[r], t->wkb[n] = t->wkb[r], t->wkb_len[n] = t->wkb_len[r];
        n++;
    }
    t->nrows = n;
}

lc_table *lc_table_take(const lc_table *src, const size_t *rows, size_t n)
{
    lc_table *t = lc_table_create();
    if (!t) return NULL;
    for (size_t f = 0; f < src->nfields; f++) {
        const lc_field *sf = &src->fields[f];
        if (lc_table_add_field(t, sf->name, sf->type, sf->width, sf->precision, NULL)) goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        size_t r;
        if (lc_table_add_row(t, src->fid[rows[i]], &r)) goto fail;
        for (size_t f = 0; f < src->nfields; f++) {
            const lc_value *v = &src->fields[f].col[rows[i]];
            if (v->kind == LC_VAL_STR) {
                if (lc_table_set_str(t, r, f, v->u.s)) goto fail;
            } else {
                t->fields[f].col[r] = *v;
            }
        }
    }
    return t;
fail:
    lc_table_destroy(t);
    return NULL;
}

bool lc_value_number(const lc_value *v, double *out)
{
    switch (v->kind) {
    case LC_VAL_INT: *out = (double)v->u.i; return true;
    case LC_VAL_REAL: *out = v->u.r; return true;
    case LC_VAL_STR: return lc_parse_double(v->u.s, out);
    default: return false;
    }
}

const char *lc_value_text(const lc_value *v, char *buf, size_t cap)
{
    switch (v->kind) {
    case LC_VAL_INT: snprintf(buf, cap, "%" PRId64, v->u.i); break;
    case LC_VAL_REAL: snprintf(buf, cap, "%.17g", v->u.r); break;
    case LC_VAL_STR: lc_strlcpy_utf8(buf, v->u.s, cap); break;
    default: if (cap) buf[0] = '\0';
    }
    return buf;
}
