/*
 * spec.c — what a source spec ("SRC" or "SRC:LAYER") points at, without opening it: for
 * readers of files that name inputs (scenario files) and check them before a run reads them.
 * lc_io_read takes a spec apart when it opens it (read.c, open_spec); these say whether a spec
 * is a file path at all and whether a path exists.
 */
/* VSIStatBufL is struct stat64 */
#define _LARGEFILE64_SOURCE
#include <string.h>
#include <strings.h>

#include <cpl_vsi.h>
#include <gdal.h>

#include "io_internal.h"

bool lc_io_path_exists(const char *path)
{
    VSIStatBufL sb;
    return VSIStatL(path, &sb) == 0;
}

/* Does `spec` start with "<scheme>://" (a URL GDAL reads through /vsicurl/)? */
static bool is_url(const char *spec)
{
    const char *p = spec;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) p++;
    return p - spec >= 2 && !strncmp(p, "://", 3);
}

bool lc_io_spec_is_virtual(const char *spec)
{
    if (!strncmp(spec, "/vsi", 4) || is_url(spec)) return true;
    const char *colon = strchr(spec, ':');
    if (!colon || colon - spec < 2) return false; /* no prefix, or a drive letter */
    size_t n = (size_t)(colon - spec) + 1;
    lc_io_register();
    for (int i = 0; i < GDALGetDriverCount(); i++) {
        GDALDriverH d = GDALGetDriver(i);
        const char *pfx = GDALGetMetadataItem(d, GDAL_DMD_CONNECTION_PREFIX, NULL);
        if (pfx && GDALGetMetadataItem(d, GDAL_DCAP_VECTOR, NULL) && strlen(pfx) == n &&
            !strncasecmp(spec, pfx, n))
            return true;
    }
    return false;
}
