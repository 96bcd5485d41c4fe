/*
 * names.c — field names between the engine and GDAL's formats (see io.h): the names a
 * filter may use for fields (roles such as build_year for a field 建成年份), and the names
 * fields get in a Shapefile's DBF (10 bytes, cut on a UTF-8 character boundary, unique).
 * Plain C on strings: no GDAL call, so both are unit-tested without files.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "io.h"

/* ---- filters ------------------------------------------------------------------------ */

/* Does byte c continue an identifier (ASCII letters, digits, '_', any UTF-8 byte)? */
static bool ident_byte(unsigned char c)
{
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* ASCII case-insensitive equality of name[0..len) and the string s. */
static bool same_ci(const char *name, size_t len, const char *s)
{
    if (strlen(s) != len) return false;
    for (size_t i = 0; i < len; i++)
        if (tolower((unsigned char)name[i]) != tolower((unsigned char)s[i])) return false;
    return true;
}

/* The layer's spelling of the field an alias `name[0..len)` stands for; NULL when the name
 * is a field itself (GDAL matches field names whatever their case), no alias, or an alias
 * whose field the layer does not have. */
static const char *alias_field(const char *name, size_t len, const char *const *fields,
                               size_t nfields, const lc_io_alias *al, size_t nal)
{
    for (size_t f = 0; f < nfields; f++)
        if (same_ci(name, len, fields[f])) return NULL;
    for (size_t a = 0; a < nal; a++) {
        if (!same_ci(name, len, al[a].name) || strchr(al[a].field, '"')) continue;
        for (size_t f = 0; f < nfields; f++)
            if (!strcmp(fields[f], al[a].field)) return fields[f];
    }
    return NULL;
}

/* Append n bytes to the growing buffer; false when out of memory. */
static bool put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (lc_grow((void **)buf, cap, *len + n + 1, 1)) return false;
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return true;
}

/* End of the quoted token starting at s[i] (its quote character q), a doubled quote being
 * one character of it; the length of the string when it is not closed. */
static size_t quoted_end(const char *s, size_t i, char q)
{
    for (size_t j = i + 1; s[j]; j++) {
        if (s[j] != q) continue;
        if (s[j + 1] != q) return j + 1;
        j++;
    }
    return strlen(s);
}

/* The neighbours of the token s[i..j): the previous and next characters that are not
 * blanks ('\0' at either end). */
static char before_token(const char *s, size_t i)
{
    while (i > 0 && isspace((unsigned char)s[i - 1])) i--;
    return i ? s[i - 1] : '\0';
}

static char after_token(const char *s, size_t j)
{
    while (s[j] && isspace((unsigned char)s[j])) j++;
    return s[j];
}

lc_status lc_io_filter_aliases(const char *expr, const char *const *fields, size_t nfields,
                               const lc_io_alias *al, size_t nal, char **out)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, i = 0, replaced = 0;
    bool ok = put(&buf, &len, &cap, "", 0);
    while (ok && expr[i]) {
        unsigned char c = (unsigned char)expr[i];
        size_t j = i + 1;
        const char *field = NULL;
        if (c == '\'') {
            j = quoted_end(expr, i, '\''); /* a string literal: never a name */
        } else if (c == '"') {
            j = quoted_end(expr, i, '"');
            if (j - i >= 2 && expr[j - 1] == '"')
                field = alias_field(expr + i + 1, j - i - 2, fields, nfields, al, nal);
        } else if (isdigit(c)) {
            while (ident_byte((unsigned char)expr[j]) || expr[j] == '.') j++; /* 1e5, 2.5 */
        } else if (ident_byte(c)) {
            while (ident_byte((unsigned char)expr[j])) j++;
            /* qualified names (layer.field) and function calls are not fields to rename */
            char prev = before_token(expr, i), next = after_token(expr, j);
            if (prev != '.' && next != '.' && next != '(')
                field = alias_field(expr + i, j - i, fields, nfields, al, nal);
        }
        if (field) {
            ok = put(&buf, &len, &cap, "\"", 1) && put(&buf, &len, &cap, field, strlen(field)) &&
                 put(&buf, &len, &cap, "\"", 1);
            replaced++;
        } else {
            ok = put(&buf, &len, &cap, expr + i, j - i);
        }
        i = j;
    }
    if (!ok || !replaced) {
        lc_free(buf);
        return ok ? LC_OK : LC_ERR_NOMEM;
    }
    *out = buf;
    return LC_OK;
}

/* ---- DBF field names ---------------------------------------------------------------- */

/* Bytes of the longest prefix of s that holds at most `max` bytes and ends on a UTF-8
 * character boundary. */
static size_t utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* s[n] continues a character */
    return n;
}

/* Is the name `n` (upper-cased as GDAL compares them) among the first `k` names given? */
static bool taken(char (*names)[LC_DBF_NAME_MAX + 1], size_t k, const char *n)
{
    for (size_t i = 0; i < k; i++) {
        const char *a = names[i], *b = n;
        while (*a && toupper((unsigned char)*a) == toupper((unsigned char)*b)) a++, b++;
        if (!*a && !*b) return true;
    }
    return false;
}

lc_status lc_io_dbf_names(const lc_table *t, char (*out)[LC_DBF_NAME_MAX + 1])
{
    for (size_t f = 0; f < t->nfields; f++) {
        /* GDAL's laundering (OGRShapeLayer::CreateField): the first 10 bytes with trailing
         * blanks dropped and ':' made '_' — here 10 bytes of whole characters */
        char radix[LC_DBF_NAME_MAX + 1];
        size_t n = utf8_prefix(t->fields[f].name, LC_DBF_NAME_MAX);
        memcpy(radix, t->fields[f].name, n);
        while (n > 0 && isspace((unsigned char)radix[n - 1])) n--;
        radix[n] = '\0';
        for (char *p = radix; *p; p++)
            if (*p == ':') *p = '_';
        snprintf(out[f], LC_DBF_NAME_MAX + 1, "%s", radix);
        /* a name taken (whatever its case): the first 8 bytes and _1.._9, then 10..99 */
        char stem[LC_DBF_NAME_MAX + 1];
        snprintf(stem, sizeof stem, "%.*s", (int)utf8_prefix(radix, 8), radix);
        for (int k = 1; taken(out, f, out[f]); k++) {
            if (k == 100) return LC_ERR_DATA;
            snprintf(out[f], LC_DBF_NAME_MAX + 1, k < 10 ? "%s_%d" : "%s%02d", stem, k);
        }
    }
    return LC_OK;
}
