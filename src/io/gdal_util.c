/* gdal_util.c — GDAL driver registration and message routing (see io_internal.h). */
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include "io_internal.h"

void lc_io_register(void)
{
    if (GDALGetDriverCount() == 0) GDALAllRegister();
}

static void CPL_STDCALL forward_gdal_message(CPLErr cls, CPLErrorNum num, const char *msg)
{
    (void)num;
    lc_ctx *ctx = CPLGetErrorHandlerUserData();
    /* open rings are closed and reported per feature by the reader */
    if (cls == CE_Warning && !strncmp(msg, "Non closed ring detected", 24)) return;
    /* long field names for a DBF are reported by the writer, naming the field and the file */
    if (cls == CE_Warning && !strncmp(msg, "Normalized/laundered field name", 31)) return;
    if (cls == CE_Warning) lc_warn(ctx, "GDAL: %s", msg);
    else if (cls >= CE_Failure) lc_debug(ctx, "GDAL error: %s", msg);
}

void lc_io_set_encoding(const char *encoding)
{
    /* thread-local: the run reads on this thread; NULL restores GDAL's own choice */
    CPLSetThreadLocalConfigOption("SHAPE_ENCODING", encoding);
}

void lc_io_push_handler(lc_ctx *ctx)
{
    CPLPushErrorHandlerEx(forward_gdal_message, ctx);
}
