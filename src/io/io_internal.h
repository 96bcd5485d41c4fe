/* io_internal.h — GDAL set-up shared by the reader and the writer. */
#ifndef LC_IO_INTERNAL_H
#define LC_IO_INTERNAL_H

#include "io.h"

/** Register GDAL's drivers once. */
void lc_io_register(void);
/** Route GDAL messages to the ctx log (warnings) until CPLPopErrorHandler(); errors are
 *  reported by the caller with their context, so GDAL never prints on its own. */
void lc_io_push_handler(lc_ctx *ctx);

#endif
