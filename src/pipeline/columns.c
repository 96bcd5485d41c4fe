/*
 * columns.c — a computed column of an output table: appended, or an input field of its
 * name replaced. The table builders (outputs.c, access_out.c, bundle_out.c) all add their
 * fields through it; it calls none of them.
 */
#include "outputs.h"
#include "../core/msg.h"

/* Column for a computed field: an input field of the same name is replaced (warned), its
 * values cleared first (a re-run on our own output must not keep the old ones). */
lc_status lc_out_column(lc_ctx *ctx, lc_table *t, const char *layer, const char *name,
                        lc_ftype type, size_t *col)
{
    long have = lc_table_field_index(t, name);
    if (have >= 0) {
        lc_warn(ctx, "%s: input field '%s' is replaced by the computed field of that name", layer,
                t->fields[have].name);
        t->fields[have].type = type;
        *col = (size_t)have;
        for (size_t r = 0; r < t->nrows; r++)
            if (lc_table_set_str(t, r, *col, NULL)) return LC_ERR_NOMEM;
        return LC_OK;
    }
    return lc_table_add_field(t, name, type, type == LC_FT_REAL ? 18 : 1,
                              type == LC_FT_REAL ? 6 : 0, col);
}
