/*
 * tables.c — the inputs that may be tables of coordinates (estates, facilities, candidates,
 * entrances): what io is told to read them with (their *_xy and *_srs settings) and their
 * source CRS: the *_srs setting, else for a table the datum a column names, else WGS84
 * longitude/latitude; a layer with geometry keeps its own CRS. For tables and for inputs
 * given in a web-map datum the choice and why go to the log and to the run record.
 */
#include <stdio.h>
#include <string.h>

#include "loader.h"
#include "../core/msg.h"

lc_xy_spec lc_xy_for(const lc_layer_settings *l)
{
    return (lc_xy_spec){l->name, l->xy.items, l->xy.n, l->srs, l->srs_shared};
}

/* "GCJ-02" for the run record's "GCJ02". */
static const char *datum_shown(const char *value)
{
    if (!strcmp(value, "GCJ02")) return "GCJ-02";
    if (!strcmp(value, "BD09")) return "BD-09";
    if (!strcmp(value, "WGS84")) return "WGS 84";
    return value;
}

lc_status lc_source_def(lc_ctx *ctx, const lc_source_layer *src, const char *srs,
                        const char **def, lc_cnshift *shift)
{
    if (srs || !src->xy) return lc_crs_source(ctx, src->desc, src->srs_wkt, srs, def, shift);
    *def = "EPSG:4326";
    *shift = LC_SHIFT_NONE;
    if (src->datum) lc_cnshift_parse(src->datum, shift);
    return LC_OK;
}

lc_status lc_source_crs(lc_ctx *ctx, const lc_source_layer *src, const lc_xy_spec *xy,
                        const char **def, lc_cnshift *shift,
                        lc_input_datum *rec)
{
    memset(rec, 0, sizeof *rec);
    const char *srs = xy->srs;
    lc_status st = lc_source_def(ctx, src, srs, def, shift);
    if (st || (!src->xy && *shift == LC_SHIFT_NONE)) return st;
    const char *value;
    char why[256];
    if (srs) {
        value = *shift == LC_SHIFT_GCJ02 ? "GCJ02" : *shift == LC_SHIFT_BD09 ? "BD09" : srs;
        if (xy->srs_shared) snprintf(why, sizeof why, "--s-srs %s", srs);
        else snprintf(why, sizeof why, "--%s-srs %s", xy->input, srs);
        if (src->datum && strcmp(src->datum, value))
            lc_warn(ctx, "%s: %s, but %s says otherwise; the setting is used", src->desc,
                    src->datum_why, why);
    } else if (src->datum) {
        value = src->datum;
        lc_strlcpy_utf8(why, src->datum_why, sizeof why);
    } else {
        value = "WGS84";
        snprintf(why, sizeof why, "%s", _("a table of degrees without a CRS is WGS 84 "
                                          "longitude/latitude"));
    }
    lc_note(ctx, "%s: coordinates read as %s: %s", src->desc, datum_shown(value), why);
    lc_strlcpy_utf8(rec->input, xy->input, sizeof rec->input);
    lc_strlcpy_utf8(rec->layer, src->desc, sizeof rec->layer);
    lc_strlcpy_utf8(rec->value, value, sizeof rec->value);
    lc_strlcpy_utf8(rec->why, why, sizeof rec->why);
    return LC_OK;
}

lc_status lc_read_projected_xy(lc_ctx *ctx, const lc_layer_settings *l, lc_io_kind kind,
                               const char *work_wkt, lc_source_layer **src, lc_xform **x,
                               lc_input_datum *rec)
{
    const char *def;
    lc_cnshift shift;
    *x = NULL;
    lc_xy_spec xy = lc_xy_for(l);
    lc_status st = lc_io_read_xy(ctx, l->src, l->where, kind, &xy, src);
    if (!st) st = lc_source_crs(ctx, *src, &xy, &def, &shift, rec);
    if (!st) st = lc_xform_create(ctx, def, shift, work_wkt, x);
    return st;
}
