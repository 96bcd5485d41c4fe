/*
 * e2e_util.c — Shared helpers of the end-to-end test: running the CLI, reading outputs with GDAL,
 * reference geometry computed independently, the group setup with the one shared sample run.
 */
#include "e2e.h"

e2e_env E;
char g_log[LOGLEN];

const char *const INPUT_FIELDS[SAMPLE_FIELDS_IN] = {
    "id", "name", "build_year", "households", "population", "elderly", "children", "district",
    "note"};
const char *const SAMPLE_CATS[NCATS] = {"elder", "child", "kgdn", "clinic"};
const int SAMPLE_CAT_COUNT[NCATS] = {28, 9, 15, 7};
const output_ref ESTATE_OUTPUTS[NOUTPUTS] = {
    {"lifecircle.gpkg", "estates"},
    {"estates.shp", NULL},
    {"estates.geojson", NULL},
};

/* ------------------------------------------------------------------------------------ */
/* Small helpers                                                                        */
/* ------------------------------------------------------------------------------------ */

void assert_near_at(double got, double want, double tol, const char *what, const char *file,
                    int line)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s:%d: %s = %.12g, expected %.12g (tolerance %g)", file, line, what, got,
                 want, tol);
}

void assert_contains_at(const char *hay, const char *needle, const char *file, int line)
{
    if (!strstr(hay, needle))
        fail_msg("%s:%d: expected the text to contain '%s'; it is:\n%s", file, line, needle,
                 hay);
}

/* dir/name in one of a few rotating static buffers (enough for one expression). */
const char *path_in(const char *dir, const char *name)
{
    static char bufs[8][PATHLEN];
    static unsigned next;
    char tmp[PATHLEN];
    int n = snprintf(tmp, sizeof tmp, "%s/%s", dir, name);
    if (n <= 0 || n >= PATHLEN) fail_msg("path too long: %s/%s", dir, name);
    char *b = bufs[next++ % 8];
    memcpy(b, tmp, (size_t)n + 1);
    return b;
}

/* dst = <test tmp dir>/name (not created); dst holds PATHLEN bytes. */
const char *tmp_path(char *dst, const char *name)
{
    const char *p = path_in(E.tmp, name);
    memcpy(dst, p, strlen(p) + 1);
    return dst;
}

int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

int dir_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Read a whole (small) file into buf; returns its length, or -1 when it cannot be read. */
long read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return (long)n;
}

void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) fail_msg("cannot create %s: %s", path, strerror(errno));
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* rm -r without a shell; never follows symlinks. */
void remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                char child[PATHLEN];
                int n = snprintf(child, sizeof child, "%s/%s", path, e->d_name);
                if (n > 0 && n < (int)sizeof child) remove_tree(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Number of entries of dir whose name starts with prefix. */
int count_entries_with_prefix(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (!strncmp(e->d_name, prefix, strlen(prefix))) n++;
    closedir(d);
    return n;
}

/* ------------------------------------------------------------------------------------ */
/* Running the CLI                                                                      */
/* ------------------------------------------------------------------------------------ */

/* Run argv (argv[0] = program) with stdout+stderr captured into g_log; returns the exit
 * code, or 128 + signal number when the child was killed. No shell is involved. */
int run_argv(const char *const *argv)
{
    char logpath[PATHLEN];
    snprintf(logpath, sizeof logpath, "%s", path_in(E.tmp, "cli.log"));

    posix_spawn_file_actions_t fa;
    assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
    assert_int_equal(posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
                                                      O_RDONLY, 0),
                     0);
    assert_int_equal(posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, logpath,
                                                      O_WRONLY | O_CREAT | O_TRUNC, 0600),
                     0);
    assert_int_equal(posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO), 0);

    pid_t pid;
    int err = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err != 0) fail_msg("cannot start %s: %s", argv[0], strerror(err));

    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) fail_msg("waitpid: %s", strerror(errno));

    if (read_file(logpath, g_log, sizeof g_log) < 0) g_log[0] = '\0';
    unlink(logpath);

    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (getenv("LC_E2E_VERBOSE")) {
        fprintf(stderr, "$");
        for (size_t i = 0; argv[i]; i++) fprintf(stderr, " %s", argv[i]);
        fprintf(stderr, "\n%s[exit %d]\n", g_log, rc);
    }
    return rc;
}

/* run_cli("coverage", "--estates", path, ..., NULL): runs $LC_CLI with these arguments. */
int run_cli(const char *first, ...)
{
    const char *argv[MAXARGS];
    size_t n = 0;
    argv[n++] = E.cli;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        if (n + 1 >= MAXARGS) {
            va_end(ap);
            fail_msg("run_cli: too many arguments");
        }
        argv[n++] = a;
    }
    va_end(ap);
    argv[n] = NULL;
    return run_argv(argv);
}

/* The coverage job on the sample plus up to 4 extra arguments (a NULL ends them early). */
int run_sample(const char *outdir, const char *a1, const char *a2, const char *a3,
               const char *a4)
{
    return run_cli("coverage", "--estates", E.estates, "--facilities", E.facilities,
                   "--facilities-srs", "GCJ02", "-o", outdir, a1, a2, a3, a4, (const char *)NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Reading outputs with GDAL                                                            */
/* ------------------------------------------------------------------------------------ */

/* Open a vector dataset read-only, optionally restricted to one driver. */
GDALDatasetH open_vector(const char *path, const char *driver)
{
    const char *const drivers[] = {driver, NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 driver ? drivers : NULL, NULL, NULL);
    if (!ds) fail_msg("GDAL cannot open %s: %s", path, CPLGetLastErrorMsg());
    return ds;
}

/* Open `path` and its layer `layer` (NULL: the first layer). Close with close_layer. */
vlayer open_layer(const char *path, const char *layer)
{
    vlayer v;
    v.ds = open_vector(path, NULL);
    v.lyr = layer ? GDALDatasetGetLayerByName(v.ds, layer) : GDALDatasetGetLayer(v.ds, 0);
    if (!v.lyr) {
        GDALClose(v.ds);
        fail_msg("%s: no layer '%s'", path, layer ? layer : "(first)");
    }
    return v;
}

vlayer open_output(const char *dir, const output_ref *o)
{
    return open_layer(path_in(dir, o->file), o->layer);
}

void close_layer(vlayer *v)
{
    if (v->ds) GDALClose(v->ds);
    v->ds = NULL;
    v->lyr = NULL;
}

long long count_features(OGRLayerH lyr)
{
    return (long long)OGR_L_GetFeatureCount(lyr, TRUE);
}

long long count_layer(const char *path, const char *layer)
{
    vlayer v = open_layer(path, layer);
    long long n = count_features(v.lyr);
    close_layer(&v);
    return n;
}

int has_field(OGRLayerH lyr, const char *name)
{
    return OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), name) >= 0;
}

OGRFieldType field_type(OGRLayerH lyr, const char *name)
{
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(lyr);
    int i = OGR_FD_GetFieldIndex(fd, name);
    if (i < 0) fail_msg("no field '%s' in layer %s", name, OGR_L_GetName(lyr));
    return OGR_Fld_GetType(OGR_FD_GetFieldDefn(fd, i));
}

/* The first feature whose `field` equals `value` (caller destroys it), or a failure. */
OGRFeatureH find_feature(OGRLayerH lyr, const char *field, const char *value)
{
    int idx = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), field);
    if (idx < 0) fail_msg("no field '%s' in layer %s", field, OGR_L_GetName(lyr));
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (OGR_F_IsFieldSetAndNotNull(f, idx) && !strcmp(OGR_F_GetFieldAsString(f, idx), value))
            return f;
        OGR_F_Destroy(f);
    }
    fail_msg("layer %s: no feature with %s = '%s'", OGR_L_GetName(lyr), field, value);
    return NULL;
}

int field_index(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0) fail_msg("feature has no field '%s'", name);
    return i;
}

int is_null(OGRFeatureH f, const char *name)
{
    return !OGR_F_IsFieldSetAndNotNull(f, field_index(f, name));
}

double get_double(OGRFeatureH f, const char *name)
{
    int i = field_index(f, name);
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        fail_msg("feature %lld: field '%s' is null", (long long)OGR_F_GetFID(f), name);
    return OGR_F_GetFieldAsDouble(f, i);
}

long long get_int(OGRFeatureH f, const char *name)
{
    int i = field_index(f, name);
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        fail_msg("feature %lld: field '%s' is null", (long long)OGR_F_GetFID(f), name);
    return (long long)OGR_F_GetFieldAsInteger64(f, i);
}

const char *get_str(OGRFeatureH f, const char *name)
{
    int i = field_index(f, name);
    return OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : NULL;
}

/* "k_suffix" into buf. */
const char *fname(char *buf, size_t cap, const char *key, const char *suffix)
{
    snprintf(buf, cap, "%s_%s", key, suffix);
    return buf;
}

/* Is the layer's SRS the same as EPSG:code (and labelled with that code)? */
void assert_layer_epsg(OGRLayerH lyr, int code, const char *what)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    if (!srs) fail_msg("%s: layer has no SRS", what);
    OGRSpatialReferenceH want = OSRNewSpatialReference(NULL);
    assert_int_equal(OSRImportFromEPSG(want, code), OGRERR_NONE);
    OSRSetAxisMappingStrategy(want, OAMS_TRADITIONAL_GIS_ORDER); /* x = lon / easting */
    int same = OSRIsSame(srs, want);
    OSRDestroySpatialReference(want);
    if (!same) fail_msg("%s: SRS is not EPSG:%d", what, code);
    const char *auth = OSRGetAuthorityCode(srs, NULL);
    if (!auth || atoi(auth) != code)
        fail_msg("%s: SRS authority code is %s, expected %d", what, auth ? auth : "(none)", code);
}

/* ------------------------------------------------------------------------------------ */
/* Independent geometry: expected values computed here                                 */
/* ------------------------------------------------------------------------------------ */

/* Area of the square [0,s]x[0,s] within distance r of (cx, cy): midpoint rule over n
 * vertical strips, each covering [0,s] ∩ the disc's vertical chord at that x. */
double square_disc_area(double s, double cx, double cy, double r, int n)
{
    double w = s / n, area = 0.0;
    for (int i = 0; i < n; i++) {
        double x = (i + 0.5) * w, dx = x - cx;
        if (fabs(dx) >= r) continue;
        double h = sqrt(r * r - dx * dx);
        double lo = fmax(0.0, cy - h), hi = fmin(s, cy + h);
        if (hi > lo) area += (hi - lo) * w;
    }
    return area;
}

/* Expected kgdn_c<r> of S2: the 100 m square with the kindergarten 200 m east of its
 * right edge, i.e. at (300, 50) relative to its lower-left corner. */
double s2_kgdn_share(double r)
{
    return square_disc_area(100.0, 300.0, 50.0, r, 100000) / 10000.0;
}

/* Antiderivative of sqrt(r² - u²). */
static double chord_integral(double u, double r)
{
    return 0.5 * (u * sqrt(fmax(0.0, r * r - u * u)) + r * r * asin(fmin(1.0, u / r)));
}

/* The same share in closed form (cross-checks the strips), for 200 <= r <= 304: columns
 * x in [xs, x0] are covered over the chord 2 sqrt(r² - (300-x)²), columns x >= x0 (where
 * the half-chord reaches 50) over the full 100 m. */
double s2_kgdn_share_closed(double r)
{
    double xs = fmax(0.0, 300.0 - r);
    if (xs >= 100.0) return 0.0;
    double x0 = fmin(fmax(300.0 - sqrt(r * r - 2500.0), xs), 100.0);
    double area = 100.0 * (100.0 - x0) +
                  2.0 * (chord_integral(300.0 - xs, r) - chord_integral(300.0 - x0, r));
    return area / 10000.0;
}

facility_set load_facilities(OGRLayerH fac, const char *catkey)
{
    facility_set s = {NULL, 0};
    size_t cap = 0;
    int ik = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(fac), "catkey");
    assert_true(ik >= 0);
    OGR_L_ResetReading(fac);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(fac)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && OGR_F_IsFieldSetAndNotNull(f, ik) &&
            !strcmp(OGR_F_GetFieldAsString(f, ik), catkey)) {
            if (s.n == cap) {
                cap = cap ? 2 * cap : 16;
                s.pts = realloc(s.pts, cap * sizeof *s.pts);
                assert_non_null(s.pts);
            }
            s.pts[s.n++] = OGR_G_Clone(g);
        }
        OGR_F_Destroy(f);
    }
    return s;
}

void free_facilities(facility_set *s)
{
    for (size_t i = 0; i < s->n; i++) OGR_G_DestroyGeometry(s->pts[i]);
    free(s->pts);
    s->pts = NULL;
    s->n = 0;
}

/* Disc of radius r around each facility: 4096-gons (radial error < 3e-7 r). */
static OGRGeometryH *make_discs(const facility_set *s, double r)
{
    OGRGeometryH *d = calloc(s->n + 1, sizeof *d);
    assert_non_null(d);
    for (size_t i = 0; i < s->n; i++) {
        d[i] = OGR_G_Buffer(s->pts[i], r, 1024);
        assert_non_null(d[i]);
    }
    return d;
}

static void free_discs(OGRGeometryH *d, size_t n)
{
    for (size_t i = 0; d && i < n; i++) OGR_G_DestroyGeometry(d[i]);
    free(d);
}

static double min_distance(OGRGeometryH g, const facility_set *s)
{
    double best = HUGE_VAL;
    for (size_t i = 0; i < s->n; i++) best = fmin(best, OGR_G_Distance(g, s->pts[i]));
    return best;
}

/* Share of the estate's area within r of a facility: the estate intersected with the
 * union of the discs of the facilities closer than r (the others cannot reach it). */
static double share_within(OGRGeometryH estate, const facility_set *s, OGRGeometryH *discs,
                           double r)
{
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPolygon);
    int parts = 0;
    for (size_t i = 0; i < s->n; i++)
        if (OGR_G_Distance(estate, s->pts[i]) < r) {
            assert_int_equal(OGR_G_AddGeometry(mp, discs[i]), OGRERR_NONE);
            parts++;
        }
    double a = 0.0;
    if (parts) {
        OGRGeometryH u = OGR_G_UnionCascaded(mp);
        assert_non_null(u);
        OGRGeometryH in = OGR_G_Intersection(estate, u);
        assert_non_null(in);
        a = OGR_G_Area(in);
        OGR_G_DestroyGeometry(in);
        OGR_G_DestroyGeometry(u);
    }
    OGR_G_DestroyGeometry(mp);
    return a / OGR_G_Area(estate);
}

/*
 * Recompute k_d, k_c<tier>, k_g<tier> of every estate in <dir>/lifecircle.gpkg from the
 * estate and facility geometries written there (GEOS distance; intersection with the
 * union of the 4096-gon discs that reach the estate) and compare.
 * Tolerances: distances D_TOL (written rounded to mm); shares C_TOL. The engine's shares
 * are exact when one disc covers part of the estate and use equal-area 256-gon discs when
 * several do (measured deviation from this recompute: ~2e-6); the reference 4096-gons
 * here are inscribed, so they sit a little low themselves.
 * Returns the number of estates checked.
 */
#define D_TOL 2e-3
#define C_TOL 1e-4
long long verify_category(const char *dir, const char *catkey, const double *radii,
                          const int *tiers, int ntiers)
{
    assert_true(ntiers >= 1 && ntiers <= 3);
    GDALDatasetH ds = open_vector(path_in(dir, "lifecircle.gpkg"), "GPKG");
    OGRLayerH est = GDALDatasetGetLayerByName(ds, "estates");
    OGRLayerH fac = GDALDatasetGetLayerByName(ds, "facilities");
    assert_non_null(est);
    assert_non_null(fac);
    facility_set fs = load_facilities(fac, catkey);
    if (fs.n == 0) fail_msg("%s: no facility with catkey '%s'", dir, catkey);
    OGRGeometryH *discs[3];
    for (int t = 0; t < ntiers; t++) discs[t] = make_discs(&fs, radii[t]);

    char nd[32], nc[32], ng[32], sfx[8];
    fname(nd, sizeof nd, catkey, "d");
    deviation dev = {0.0, 0.0, ""};
    long long checked = 0;
    OGR_L_ResetReading(est);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(est)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        assert_non_null(g);
        const char *id = get_str(f, "id");
        if (!id) id = "?";
        double want_d = min_distance(g, &fs), got_d = get_double(f, nd);
        dev.d = fmax(dev.d, fabs(got_d - want_d));
        if (fabs(got_d - want_d) > D_TOL)
            fail_msg("estate %s: %s = %.6f, recomputed %.6f", id, nd, got_d, want_d);
        for (int t = 0; t < ntiers; t++) {
            snprintf(sfx, sizeof sfx, "c%d", tiers[t]);
            fname(nc, sizeof nc, catkey, sfx);
            snprintf(sfx, sizeof sfx, "g%d", tiers[t]);
            fname(ng, sizeof ng, catkey, sfx);
            double want_c = share_within(g, &fs, discs[t], radii[t]);
            double got_c = get_double(f, nc);
            long long gap = get_int(f, ng);
            if (fabs(got_c - want_c) > dev.c) {
                dev.c = fabs(got_c - want_c);
                snprintf(dev.c_at, sizeof dev.c_at, "%s %s %.6f vs %.6f", id, nc, got_c, want_c);
            }
            if (fabs(got_c - want_c) > C_TOL)
                fail_msg("estate %s: %s = %.6f, recomputed %.6f", id, nc, got_c, want_c);
            if (gap != 0 && gap != 1) fail_msg("estate %s: %s = %lld", id, ng, gap);
            if (fabs(want_d - radii[t]) > D_TOL && gap != (want_d > radii[t]))
                fail_msg("estate %s: %s = %lld but the nearest %s facility is %.3f m away "
                         "(radius %.0f)",
                         id, ng, gap, catkey, want_d, radii[t]);
            if (gap == 1 && got_c != 0.0)
                fail_msg("estate %s: %s = 1 but %s = %g", id, ng, nc, got_c);
            if (gap == 0 && !(got_c > 0.0))
                fail_msg("estate %s: %s = 0 but %s = %g", id, ng, nc, got_c);
        }
        checked++;
        OGR_F_Destroy(f);
    }
    for (int t = 0; t < ntiers; t++) free_discs(discs[t], fs.n);
    free_facilities(&fs);
    GDALClose(ds);
    if (getenv("LC_E2E_VERBOSE"))
        print_message("  %s: %lld estates recomputed; max |d - d'| = %.2g m, max |c - c'| = "
                      "%.2g (%s)\n",
                      catkey, checked, dev.d, dev.c, dev.c_at[0] ? dev.c_at : "-");
    return checked;
}

/* ------------------------------------------------------------------------------------ */
/* Service areas recomputed here: unions built with GEOS directly                       */
/* ------------------------------------------------------------------------------------ */

/* The reference discs: GEOS buffers of 1024 segments per quarter circle, their vertices on
 * the circle, so inside it by at most r (1 - cos(pi / 4096)) = 2.9e-7 r. */
#define REF_QUADSEGS 1024

/* A GEOS handle of the test's own (GEOS's notices go nowhere: a failed call returns NULL
 * or 0, and every result is asserted). */
GEOSContextHandle_t geos_open(void)
{
    GEOSContextHandle_t h = GEOS_init_r();
    assert_non_null(h);
    return h;
}

/* An OGR geometry read back through GDAL as a GEOS one, through ISO WKB. */
GEOSGeometry *geos_from_ogr(GEOSContextHandle_t h, OGRGeometryH g)
{
    size_t n = (size_t)OGR_G_WkbSize(g);
    unsigned char *wkb = malloc(n + 1);
    assert_non_null(wkb);
    assert_int_equal(OGR_G_ExportToIsoWkb(g, wkbNDR, wkb), OGRERR_NONE);
    GEOSGeometry *out = GEOSGeomFromWKB_buf_r(h, wkb, n);
    free(wkb);
    assert_non_null(out);
    return out;
}

double geos_area(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    double a;
    assert_int_equal(GEOSArea_r(h, g, &a), 1);
    return a;
}

/* A collection of n GEOS geometries (taking them over) unioned by GEOSUnaryUnion_r. */
GEOSGeometry *union_of(GEOSContextHandle_t h, GEOSGeometry **parts, size_t n)
{
    GEOSGeometry *c =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)n);
    assert_non_null(c);
    GEOSGeometry *u = GEOSUnaryUnion_r(h, c);
    assert_non_null(u);
    GEOSGeom_destroy_r(h, c);
    return u;
}

/* The facilities `s` as one GEOS multipoint: what a disc area's vertices are measured from. */
GEOSGeometry *facility_points(GEOSContextHandle_t h, const facility_set *s)
{
    GEOSGeometry **p = calloc(s->n + 1, sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < s->n; i++) {
        p[i] =
            GEOSGeom_createPointFromXY_r(h, OGR_G_GetX(s->pts[i], 0), OGR_G_GetY(s->pts[i], 0));
        assert_non_null(p[i]);
    }
    GEOSGeometry *mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, p, (unsigned)s->n);
    assert_non_null(mp);
    free(p);
    return mp;
}

/* The union of the discs of radius r around the facilities `s`, as the user guide defines a
 * straight-line service area, but with true circles sampled finely (REF_QUADSEGS). */
GEOSGeometry *disc_union(GEOSContextHandle_t h, const facility_set *s, double r)
{
    GEOSGeometry **d = calloc(s->n + 1, sizeof *d);
    assert_non_null(d);
    for (size_t i = 0; i < s->n; i++) {
        GEOSGeometry *p =
            GEOSGeom_createPointFromXY_r(h, OGR_G_GetX(s->pts[i], 0), OGR_G_GetY(s->pts[i], 0));
        assert_non_null(p);
        d[i] = GEOSBuffer_r(h, p, r, REF_QUADSEGS);
        assert_non_null(d[i]);
        GEOSGeom_destroy_r(h, p);
    }
    GEOSGeometry *u = union_of(h, d, s->n);
    free(d);
    return u;
}

/* Distances of the vertices of g (every ring of every part) from the prepared `src`. */
static void vertex_distances(GEOSContextHandle_t h, const GEOSPreparedGeometry *src,
                             OGRGeometryH g, area_diff *d)
{
    int parts = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < parts; i++) vertex_distances(h, src, OGR_G_GetGeometryRef(g, i), d);
    for (int i = 0; parts == 0 && i < OGR_G_GetPointCount(g); i++) {
        GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, OGR_G_GetX(g, i), OGR_G_GetY(g, i));
        double dist;
        assert_int_equal(GEOSPreparedDistance_r(h, src, p, &dist), 1);
        GEOSGeom_destroy_r(h, p);
        d->lo = fmin(d->lo, dist), d->hi = fmax(d->hi, dist);
        d->vertices++;
    }
}

/* The engine's area `eng` (read back through GDAL) against the reference union `ref`, and
 * its vertices' distances from `src` (the facilities, or the reached stretches). */
area_diff compare_area(GEOSContextHandle_t h, OGRGeometryH eng, const GEOSGeometry *ref,
                       const GEOSGeometry *src)
{
    area_diff d = {0.0, 0.0, 0.0, INFINITY, -INFINITY, 0, 0.0, 0.0, 0.0};
    GEOSGeometry *e = geos_from_ogr(h, eng);
    if (GEOSisValid_r(h, e) != 1) fail_msg("the engine's area is not a valid polygon");
    d.eng = geos_area(h, e), d.ref = geos_area(h, ref);
    GEOSGeometry *sym = GEOSSymDifference_r(h, e, ref);
    assert_non_null(sym);
    d.sym = geos_area(h, sym);
    const GEOSPreparedGeometry *ps = GEOSPrepare_r(h, src);
    assert_non_null(ps);
    vertex_distances(h, ps, eng, &d);
    GEOSPreparedGeom_destroy_r(h, ps);
    GEOSGeom_destroy_r(h, sym);
    GEOSGeom_destroy_r(h, e);
    return d;
}

/* ------------------------------------------------------------------------------------ */
/* The run record: run.json of an output folder, read with json-c                       */
/* ------------------------------------------------------------------------------------ */

json_object *rec_get(json_object *rec, const char *path)
{
    json_object *o = rec;
    for (const char *p = path; o && *p;) {
        size_t len = strcspn(p, ".");
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)len, p);
        json_object *next = NULL;
        if (json_object_is_type(o, json_type_array)) {
            char *end;
            long i = strtol(key, &end, 10);
            next = *end || i < 0 ? NULL : json_object_array_get_idx(o, (size_t)i);
        } else if (!json_object_object_get_ex(o, key, &next)) {
            next = NULL;
        }
        o = next;
        p += len + (p[len] == '.');
    }
    return o;
}

json_object *run_record(const char *dir)
{
    json_object *rec = json_object_from_file(path_in(dir, "run.json"));
    if (!rec) fail_msg("%s/run.json: missing or not JSON", dir);
    return rec;
}

long long rec_int(json_object *rec, const char *path)
{
    json_object *o = rec_get(rec, path);
    if (!o || !json_object_is_type(o, json_type_int))
        fail_msg("run.json: '%s' is %s, expected an integer", path,
                 o ? json_object_to_json_string(o) : "missing");
    return (long long)json_object_get_int64(o);
}

double rec_num(json_object *rec, const char *path)
{
    json_object *o = rec_get(rec, path);
    if (!o || !(json_object_is_type(o, json_type_int) || json_object_is_type(o, json_type_double)))
        fail_msg("run.json: '%s' is %s, expected a number", path,
                 o ? json_object_to_json_string(o) : "missing");
    return json_object_get_double(o);
}

const char *rec_str(json_object *rec, const char *path)
{
    json_object *o = rec_get(rec, path);
    if (!o || !json_object_is_type(o, json_type_string))
        fail_msg("run.json: '%s' is %s, expected a string", path,
                 o ? json_object_to_json_string(o) : "missing");
    return json_object_get_string(o);
}

json_object *rec_find(json_object *rec, const char *array, const char *key, const char *tail)
{
    json_object *a = rec_get(rec, array);
    size_t n = a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(a, i), *v;
        const char *s = json_object_object_get_ex(e, key, &v) ? json_object_get_string(v) : NULL;
        size_t ls = s ? strlen(s) : 0, lt = strlen(tail);
        if (s && ls >= lt && !strcmp(s + ls - lt, tail)) return e;
    }
    fail_msg("run.json: no element of '%s' whose %s ends with '%s'", array, key, tail);
    return NULL;
}

long long run_int(const char *dir, const char *path)
{
    json_object *rec = run_record(dir);
    long long v = rec_int(rec, path);
    json_object_put(rec);
    return v;
}

/* Is `path` in `rec`, null or not? */
static int rec_present(json_object *rec, const char *path)
{
    const char *dot = strrchr(path, '.');
    char parent[192];
    snprintf(parent, sizeof parent, "%.*s", dot ? (int)(dot - path) : 0, path);
    json_object *p = dot ? rec_get(rec, parent) : rec;
    return p && json_object_is_type(p, json_type_object) &&
           json_object_object_get_ex(p, dot ? dot + 1 : path, NULL);
}

void assert_counts_at(const char *dir, const char *group, const char *want, const char *file,
                      int line)
{
    json_object *rec = run_record(dir);
    for (const char *p = want; *p;) {
        p += strspn(p, " ");
        size_t len = strcspn(p, " ");
        if (!len) break;
        char item[96], path[192];
        snprintf(item, sizeof item, "%.*s", (int)len, p);
        char *eq = strchr(item, '=');
        if (!eq) fail_msg("%s:%d: '%s' is not name=value", file, line, item);
        *eq = '\0';
        snprintf(path, sizeof path, "%s%s%s", group, *group ? "." : "", item);
        json_object *o = rec_get(rec, path);
        const char *got = o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)
                            : rec_present(rec, path) ? "null" : "missing";
        if (strcmp(got, eq + 1) != 0)
            fail_msg("%s:%d: %s/run.json: %s = %s, expected %s", file, line, dir, path, got,
                     eq + 1);
        p += len;
    }
    json_object_put(rec);
}

/* The categories a run evaluated: the estates layer's <key>_d fields (run.json does not
 * count them). */
int category_fields(const char *dir)
{
    vlayer v = open_layer(path_in(dir, "lifecircle.gpkg"), "estates");
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(v.lyr);
    int n = 0;
    for (int i = 0; i < OGR_FD_GetFieldCount(d); i++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
        size_t len = strlen(name);
        n += len > 2 && !strcmp(name + len - 2, "_d");
    }
    close_layer(&v);
    return n;
}

/* ------------------------------------------------------------------------------------ */
/* Group setup / teardown: one sample run shared by the read-only tests                 */
/* ------------------------------------------------------------------------------------ */

int group_setup(void **state)
{
    (void)state;
    GDALAllRegister();
    E.cli = getenv("LC_CLI") ? getenv("LC_CLI") : "build/lifecircle";
    /* the tests read the CLI's messages in English, whatever the machine's language (the
     * language test sets its own) */
    unsetenv("LANGUAGE"), unsetenv("LC_ALL"), unsetenv("LC_MESSAGES");
    setenv("LANG", "C.UTF-8", 1);
    E.data = getenv("LC_DATA") ? getenv("LC_DATA") : "data";
    snprintf(E.tmp, sizeof E.tmp, "/tmp/lc-e2e-XXXXXX");
    if (!mkdtemp(E.tmp)) {
        fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
        return -1;
    }
    snprintf(E.estates, sizeof E.estates, "%s", path_in(E.data, "estates.geojson"));
    snprintf(E.facilities, sizeof E.facilities, "%s", path_in(E.data, "facilities.geojson"));
    snprintf(E.out, sizeof E.out, "%s", path_in(E.tmp, "sample"));
    if (!file_exists(E.estates) || !file_exists(E.facilities)) {
        fprintf(stderr, "sample data not found in %s (set LC_DATA)\n", E.data);
        return -1;
    }
    E.sample_rc = run_sample(E.out, NULL, NULL, NULL, NULL);
    memcpy(E.sample_log, g_log, sizeof g_log);
    return 0;
}

int group_teardown(void **state)
{
    (void)state;
    if (E.tmp[0]) remove_tree(E.tmp);
    pg_cleanup();
    return 0;
}

/* Fail early (with the CLI's messages) when the shared sample run did not succeed. */
void require_sample(void)
{
    if (E.sample_rc != 0)
        fail_msg("sample run exited %d:\n%s", E.sample_rc, E.sample_log);
}
