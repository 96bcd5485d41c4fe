/* io_internal.h — GDAL set-up shared by the reader and the writer. */
#ifndef LC_IO_INTERNAL_H
#define LC_IO_INTERNAL_H

#include <gdal.h>

#include "io.h"

/** Register GDAL's drivers once. */
void lc_io_register(void);
/** Route GDAL messages to the ctx log (warnings) until CPLPopErrorHandler(); errors are
 *  reported by the caller with their context, so GDAL never prints on its own. */
void lc_io_push_handler(lc_ctx *ctx);

/** Create layer L in `ds` with the creation options `lco` and write its fields and rows;
 *  `where` names the destination in messages. `dbf`: string fields sized and names
 *  shortened for a DBF (lc_io_dbf_names); `gb`: names and text recoded to GB18030; `tx`:
 *  the rows in a transaction of their own (GeoPackage). */
lc_status lc_io_write_layer(lc_ctx *ctx, GDALDatasetH ds, const lc_out_layer *L, char **lco,
                            bool dbf, bool gb, bool tx, const char *where);

/** Points for the rows of `l`, a table just read (no geometry), from its coordinate columns
 *  as lc_io_read_xy describes (coords.c): sets l->xy, declared, centre, datum, row_why and
 *  the WKB of every usable row. */
lc_status lc_io_table_points(lc_ctx *ctx, lc_source_layer *l, const lc_xy_spec *xy);

#endif
