/*
 * e2e_walkref.c — Walking distances and walking service areas recomputed here from the user guide's
 * rules alone (a plain Dijkstra over the network read back, stretches buffered and unioned with
 * GEOS).
 */
#include "e2e.h"

/* ------------------------------------------------------------------------------------ */
/* Walking distances recomputed here, from the user guide's rules alone (no code of src/)      */
/* ------------------------------------------------------------------------------------ */

/*
 * A second implementation of k_w, so that a small slip in the engine's graph or search
 * (half a metre on every edge, an offset left out, a snap to the wrong edge) fails on the
 * sample and a real extract, where the other walking tests check invariants only (k_w >=
 * k_d, gaps following k_w) and let such slips pass. User guide, Walking network:
 *  - the network's lines are read back through GDAL, kept by the walkability rule (the
 *    sample has only a highway field; an OSM file's foot and access tags are lifted out of
 *    other_tags with OGR SQL, as test_walkability_rule_real does) and projected by OGR
 *    into the run's working CRS, read from the SRS of its GeoPackage;
 *  - topology: a node per vertex, vertices within 1 cm of each other are one node (no
 *    noding: lines meet only at shared vertices); an edge per segment, its Euclidean length;
 *  - a facility snaps to the nearest point of the nearest edge within max_snap, the snap
 *    offset walked;
 *  - an estate's access points are the vertices inside it or within access_snap of it, the
 *    distance to the polygon walked; without any, its point on surface snapped as a
 *    facility is (its snap offset walked);
 *  - k_w = the least access offset + shortest path + facility offset over the estate's
 *    access points and the category's facilities, the direct walk along an edge both lie
 *    on included; null beyond the largest radius.
 * Estates and facilities come from the run's GeoPackage (the engine's repaired polygons
 * and projected points, in the working CRS); the shortest paths are a plain binary-heap
 * Dijkstra from each facility alone (the engine runs one bounded search from all at once).
 */
#define WALK_MERGE 0.01 /* m: vertices this close are one node */
#define WALK_TOL 2e-3   /* m: engine against reference: k_w is written rounded to 1 mm */
#define NO_EDGE ((size_t)-1)

const walk_params WALK_DEFAULTS = {30.0, 200.0, 300.0, 500.0};

/* Grow a malloc'ed array p of n used items to hold one more. */
#define WGROW(p, n, cap)                                                  \
    do {                                                                  \
        if ((n) == (cap)) {                                               \
            (cap) = (cap) ? 2 * (cap) : 64;                               \
            (p) = realloc((p), (cap) * sizeof *(p));                      \
            assert_non_null(p);                                           \
        }                                                                 \
    } while (0)

/* Raw vertices of the walkable lines, and their segments as the index of the first end. */
typedef struct {
    double x, y;
} wxy;
typedef struct {
    wxy *p;
    size_t n, cap;
    size_t *seg, nseg, segcap;
} wverts;

static void wverts_line(wverts *v, OGRGeometryH line)
{
    int np = OGR_G_GetPointCount(line);
    for (int i = 0; i < np; i++) {
        if (i > 0) {
            WGROW(v->seg, v->nseg, v->segcap);
            v->seg[v->nseg++] = v->n - 1;
        }
        WGROW(v->p, v->n, v->cap);
        v->p[v->n++] = (wxy){OGR_G_GetX(line, i), OGR_G_GetY(line, i)};
    }
}

/* the user guide's rule for one line. A layer without a highway field: every line but for foot=no
 * and the excluded access values (steps 1 and 3, step 2 still beating 3). */
int line_walkable(OGRFeatureH f, int has_highway)
{
    static const char *const ANY[] = {"*", NULL};
    int ifoot = OGR_F_GetFieldIndex(f, "foot"), iacc = OGR_F_GetFieldIndex(f, "access");
    const char *foot = ifoot >= 0 && OGR_F_IsFieldSetAndNotNull(f, ifoot)
                           ? OGR_F_GetFieldAsString(f, ifoot) : NULL;
    const char *acc = iacc >= 0 && OGR_F_IsFieldSetAndNotNull(f, iacc)
                          ? OGR_F_GetFieldAsString(f, iacc) : NULL;
    if (!has_highway) return walkable_by_rule("*", foot, acc, ANY);
    return walkable_by_rule(get_str(f, "highway"), foot, acc, RULE_HIGHWAYS);
}

/* The walkable lines of `src` (its first layer, or `sql`'s result) projected into `work`;
 * counts them in g. */
static wverts read_walk_lines(const char *src, const char *sql, OGRSpatialReferenceH work,
                              wgraph *g)
{
    CPLPushErrorHandler(CPLQuietErrorHandler); /* the OSM driver's notes on rings */
    GDALDatasetH ds = open_vector(src, NULL);
    OGRLayerH lyr = sql ? GDALDatasetExecuteSQL(ds, sql, NULL, "OGRSQL")
                        : GDALDatasetGetLayer(ds, 0);
    assert_non_null(lyr);
    OGRSpatialReferenceH from = OSRClone(OGR_L_GetSpatialRef(lyr));
    OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, work);
    assert_non_null(ct);
    int has_highway = has_field(lyr, "highway");
    wverts v = {0};
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH geom = OGR_F_GetGeometryRef(f);
        const char *hw = has_highway ? get_str(f, "highway") : "-";
        g->lines++;
        if (geom && line_walkable(f, has_highway)) {
            g->walkable++, g->walkable_nohw += !hw || !*hw;
            OGRGeometryH p = OGR_G_Clone(geom);
            assert_int_equal(OGR_G_Transform(p, ct), OGRERR_NONE);
            if (wkbFlatten(OGR_G_GetGeometryType(p)) == wkbLineString)
                wverts_line(&v, p);
            else /* a multilinestring: each part on its own */
                for (int i = 0; i < OGR_G_GetGeometryCount(p); i++)
                    wverts_line(&v, OGR_G_GetGeometryRef(p, i));
            OGR_G_DestroyGeometry(p);
        }
        OGR_F_Destroy(f);
    }
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(from);
    if (sql) GDALDatasetReleaseResultSet(ds, lyr);
    GDALClose(ds);
    CPLPopErrorHandler();
    return v;
}

/* Union-find root, halving the path. */
static size_t wfind(size_t *parent, size_t i)
{
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

typedef struct {
    double x;
    size_t i;
} wkey;

static int cmp_wkey(const void *a, const void *b)
{
    const wkey *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->i > q->i) - (p->i < q->i);
}

/* Vertex -> node: vertices within WALK_MERGE of each other share a node (transitively),
 * placed at the first-read vertex of the group. Sorted by x, each vertex is compared with
 * those less than 1 cm to its right. Returns the node of each vertex; fills g's nodes. */
static size_t *merge_vertices(const wverts *v, wgraph *g)
{
    wkey *k = malloc(v->n * sizeof *k);
    size_t *parent = malloc(v->n * sizeof *parent), *node = malloc(v->n * sizeof *node);
    assert_true(k && parent && node);
    for (size_t i = 0; i < v->n; i++) k[i] = (wkey){v->p[i].x, i}, parent[i] = i;
    qsort(k, v->n, sizeof *k, cmp_wkey);
    for (size_t a = 0; a < v->n; a++)
        for (size_t b = a + 1; b < v->n && k[b].x - k[a].x <= WALK_MERGE; b++) {
            size_t i = k[a].i, j = k[b].i;
            if (hypot(v->p[i].x - v->p[j].x, v->p[i].y - v->p[j].y) > WALK_MERGE) continue;
            size_t ri = wfind(parent, i), rj = wfind(parent, j);
            if (ri != rj) parent[ri > rj ? ri : rj] = ri < rj ? ri : rj; /* smaller index roots */
        }
    g->x = malloc(v->n * sizeof *g->x), g->y = malloc(v->n * sizeof *g->y);
    assert_true(g->x && g->y);
    g->n = g->merged = 0;
    for (size_t i = 0; i < v->n; i++) { /* roots come first in index order */
        size_t r = wfind(parent, i);
        if (r == i) {
            node[i] = g->n, g->x[g->n] = v->p[i].x, g->y[g->n++] = v->p[i].y;
        } else {
            node[i] = node[r];
            g->merged += v->p[i].x != v->p[r].x || v->p[i].y != v->p[r].y;
        }
    }
    free(k), free(parent);
    return node;
}

/* Edges (one per segment between two different nodes) and the edges at each node. */
static void build_edges(const wverts *v, const size_t *node, wgraph *g)
{
    g->eu = malloc(v->nseg * sizeof *g->eu), g->ev = malloc(v->nseg * sizeof *g->ev);
    g->len = malloc(v->nseg * sizeof *g->len);
    g->off = calloc(g->n + 1, sizeof *g->off), g->arc = malloc(2 * v->nseg * sizeof *g->arc);
    assert_true(g->eu && g->ev && g->len && g->off && g->arc);
    g->e = 0;
    for (size_t s = 0; s < v->nseg; s++) {
        size_t a = node[v->seg[s]], b = node[v->seg[s] + 1];
        if (a == b) continue; /* a segment shorter than the merge distance */
        g->eu[g->e] = a, g->ev[g->e] = b;
        g->len[g->e++] = hypot(g->x[b] - g->x[a], g->y[b] - g->y[a]);
        g->off[a + 1]++, g->off[b + 1]++;
    }
    for (size_t i = 0; i < g->n; i++) g->off[i + 1] += g->off[i];
    size_t *fill = malloc(g->n * sizeof *fill);
    assert_non_null(fill);
    memcpy(fill, g->off, g->n * sizeof *fill);
    for (size_t e = 0; e < g->e; e++) g->arc[fill[g->eu[e]]++] = e, g->arc[fill[g->ev[e]]++] = e;
    free(fill);
}

/* The walking graph of the network `src` (sql: as for read_walk_lines) in CRS `work`. */
wgraph wgraph_read(const char *src, const char *sql, OGRSpatialReferenceH work)
{
    wgraph g = {0};
    wverts v = read_walk_lines(src, sql, work, &g);
    size_t *node = merge_vertices(&v, &g);
    build_edges(&v, node, &g);
    free(node), free(v.p), free(v.seg);
    return g;
}

void wgraph_free(wgraph *g)
{
    free(g->x), free(g->y), free(g->eu), free(g->ev), free(g->len), free(g->off), free(g->arc);
}

/* Snap (px, py) to the nearest point of the nearest edge within max_snap: a scan of every
 * edge (thousands), the closest point of each segment by projection. */
wsnap wsnap_point(const wgraph *g, double px, double py, double max_snap)
{
    wsnap best = {NO_EDGE, 0.0, HUGE_VAL};
    for (size_t e = 0; e < g->e; e++) {
        double ax = g->x[g->eu[e]], ay = g->y[g->eu[e]];
        double dx = g->x[g->ev[e]] - ax, dy = g->y[g->ev[e]] - ay;
        double t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
        t = fmin(1.0, fmax(0.0, t));
        double d = hypot(ax + t * dx - px, ay + t * dy - py);
        if (d < best.off) best = (wsnap){e, t, d};
    }
    if (best.off > max_snap) best.edge = NO_EDGE;
    return best;
}

/* Access of one estate: the nodes within access_snap of the polygon (0 inside), else its
 * point on surface snapped. */
static waccess estate_access(const wgraph *g, OGRGeometryH estate, const walk_params *p)
{
    waccess a = {NULL, 0, 0, {NO_EDGE, 0.0, 0.0}};
    OGREnvelope env;
    OGR_G_GetEnvelope(estate, &env);
    OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
    for (size_t i = 0; i < g->n; i++) {
        if (g->x[i] < env.MinX - p->access_snap || g->x[i] > env.MaxX + p->access_snap ||
            g->y[i] < env.MinY - p->access_snap || g->y[i] > env.MaxY + p->access_snap)
            continue;
        OGR_G_SetPoint_2D(pt, 0, g->x[i], g->y[i]);
        double d = OGR_G_Distance(estate, pt); /* GEOS: 0 inside */
        if (d > p->access_snap) continue;
        WGROW(a.pt, a.n, a.cap);
        a.pt[a.n++] = (wpoint){i, d};
    }
    OGR_G_DestroyGeometry(pt);
    if (a.n == 0) {
        OGRGeometryH s = OGR_G_PointOnSurface(estate);
        assert_non_null(s);
        a.fallback = wsnap_point(g, OGR_G_GetX(s, 0), OGR_G_GetY(s, 0), p->max_snap);
        OGR_G_DestroyGeometry(s);
    }
    return a;
}

/* Binary min-heap of (distance, node) with lazy deletion, for the Dijkstra below. */
typedef struct {
    double key;
    size_t node;
} witem;
typedef struct {
    witem *a;
    size_t n, cap;
} wheap;

static void wheap_push(wheap *h, double key, size_t node)
{
    WGROW(h->a, h->n, h->cap);
    size_t i = h->n++;
    for (; i > 0 && h->a[(i - 1) / 2].key > key; i = (i - 1) / 2) h->a[i] = h->a[(i - 1) / 2];
    h->a[i] = (witem){key, node};
}

static witem wheap_pop(wheap *h)
{
    witem top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (size_t c; (c = 2 * i + 1) < h->n; i = c) {
        if (c + 1 < h->n && h->a[c + 1].key < h->a[c].key) c++;
        if (h->a[c].key >= last.key) break;
        h->a[i] = h->a[c];
    }
    h->a[i] = last;
    return top;
}

/* dist[node] = shortest walk from the facility snapped at `src`, unbounded. */
static void dijkstra(const wgraph *g, const wsnap *src, double *dist)
{
    for (size_t i = 0; i < g->n; i++) dist[i] = INFINITY;
    wheap h = {0};
    double l = g->len[src->edge];
    dist[g->eu[src->edge]] = src->off + src->t * l;
    dist[g->ev[src->edge]] = src->off + (1.0 - src->t) * l;
    wheap_push(&h, dist[g->eu[src->edge]], g->eu[src->edge]);
    wheap_push(&h, dist[g->ev[src->edge]], g->ev[src->edge]);
    while (h.n) {
        witem it = wheap_pop(&h);
        size_t u = it.node;
        double d = it.key;
        if (d > dist[u]) continue; /* a stale entry */
        for (size_t k = g->off[u]; k < g->off[u + 1]; k++) {
            size_t e = g->arc[k], w = g->eu[e] == u ? g->ev[e] : g->eu[e];
            if (d + g->len[e] < dist[w]) dist[w] = d + g->len[e], wheap_push(&h, dist[w], w);
        }
    }
    free(h.a);
}

/* The walk from the facility at `fac` (dist: its Dijkstra) to an estate with access `a`. */
static double walk_to(const wgraph *g, const waccess *a, const wsnap *fac, const double *dist)
{
    double best = INFINITY;
    for (size_t i = 0; i < a->n; i++) best = fmin(best, a->pt[i].off + dist[a->pt[i].node]);
    const wsnap *s = &a->fallback;
    if (a->n == 0 && s->edge != NO_EDGE) {
        double l = g->len[s->edge];
        best = fmin(s->t * l + dist[g->eu[s->edge]], (1.0 - s->t) * l + dist[g->ev[s->edge]]);
        if (fac->edge == s->edge) /* both on one edge: the direct walk along it */
            best = fmin(best, fabs(s->t - fac->t) * l + fac->off);
        best += s->off;
    }
    return best;
}

/* Reference k_w of the estates for the facilities `fs` of one category (INFINITY: none
 * reachable); *reachable: the facilities within max_snap of an edge. */
static void reference_kw(const wgraph *g, const westates *w, const facility_set *fs,
                         const walk_params *p, double *kw, size_t *reachable)
{
    double *dist = malloc(g->n * sizeof *dist);
    assert_non_null(dist);
    for (size_t i = 0; i < w->n; i++) kw[i] = INFINITY;
    *reachable = 0;
    for (size_t f = 0; f < fs->n; f++) {
        double x = OGR_G_GetX(fs->pts[f], 0), y = OGR_G_GetY(fs->pts[f], 0);
        wsnap s = wsnap_point(g, x, y, p->max_snap);
        if (s.edge == NO_EDGE) continue; /* user guide: reported and unreachable */
        ++*reachable;
        dijkstra(g, &s, dist);
        for (size_t i = 0; i < w->n; i++)
            kw[i] = fmin(kw[i], walk_to(g, &w->e[i].acc, &s, dist));
    }
    free(dist);
}

/* The estates of the run's layer `est`, in its order, with their access to `g`. */
static westates load_westates(OGRLayerH est, const wgraph *g, const walk_params *p)
{
    westates w = {0};
    OGRFeatureH f;
    OGR_L_ResetReading(est);
    while ((f = OGR_L_GetNextFeature(est)) != NULL) {
        WGROW(w.e, w.n, w.cap);
        westate *e = &w.e[w.n++];
        const char *id = get_str(f, "id");
        snprintf(e->id, sizeof e->id, "%s", id ? id : "?");
        e->geom = OGR_G_Clone(OGR_F_GetGeometryRef(f));
        e->acc = estate_access(g, e->geom, p);
        w.by_fallback += e->acc.n == 0 && e->acc.fallback.edge != NO_EDGE;
        w.without_access += e->acc.n == 0 && e->acc.fallback.edge == NO_EDGE;
        OGR_F_Destroy(f);
    }
    return w;
}

void free_westates(westates *w)
{
    for (size_t i = 0; i < w->n; i++) OGR_G_DestroyGeometry(w->e[i].geom), free(w->e[i].acc.pt);
    free(w->e);
}

/* Is x within WALK_TOL of the threshold r, where the engine may round either way? */
static int near_radius(double x, double r)
{
    return fabs(x - r) <= WALK_TOL;
}

/* Compare the engine's <cat>_w, _g5, _g10 of every estate with the reference `kw`. */
static void compare_walk(OGRLayerH est, const westates *w, const char *cat, const double *kw,
                         const walk_params *p, wstats *st)
{
    char nw[32], g5[32], g10[32];
    fname(nw, sizeof nw, cat, "w"), fname(g5, sizeof g5, cat, "g5");
    fname(g10, sizeof g10, cat, "g10");
    double cut = fmax(p->r5, p->r10); /* the largest radius (no r15 in these runs) */
    OGRFeatureH f;
    size_t i = 0;
    OGR_L_ResetReading(est);
    for (; (f = OGR_L_GetNextFeature(est)) != NULL; i++, OGR_F_Destroy(f)) {
        assert_true(i < w->n);
        const char *id = w->e[i].id;
        const char *fid = get_str(f, "id");
        if (strcmp(fid ? fid : "?", id)) fail_msg("estate order changed at %s", id);
        /* user guide: null beyond the largest radius */
        double want = kw[i] <= cut ? kw[i] : INFINITY;
        st->pairs++;
        if (is_null(f, nw)) {
            if (isfinite(want) && !near_radius(want, cut))
                fail_msg("estate %s: %s is null, the reference walk is %.3f m", id, nw, want);
        } else {
            double got = get_double(f, nw);
            st->with_w++;
            if (!isfinite(want) && !near_radius(kw[i], cut))
                fail_msg("estate %s: %s = %.3f m, the reference finds %s", id, nw, got,
                         isfinite(kw[i]) ? "a longer walk (beyond the largest radius)" : "no walk");
            if (!(fabs(got - kw[i]) <= WALK_TOL))
                fail_msg("estate %s: %s = %.3f m, reference %.3f m", id, nw, got, kw[i]);
            if (fabs(got - kw[i]) >= st->max_dev) {
                st->max_dev = fabs(got - kw[i]);
                snprintf(st->max_at, sizeof st->max_at, "%.24s %.24s %.3f vs %.4f", id, nw,
                         got, kw[i]);
            }
        }
        /* the walking gaps: 1 when no walk within r (a walk of exactly r counts as within) */
        if (!near_radius(kw[i], p->r5)) {
            assert_int_equal(get_int(f, g5), !(kw[i] <= p->r5));
            st->gaps_checked++;
        }
        if (!near_radius(kw[i], p->r10)) {
            assert_int_equal(get_int(f, g10), !(kw[i] <= p->r10));
            st->gaps_checked++;
        }
    }
    assert_int_equal(i, w->n);
}

/* The working CRS of a run: its estates layer's SRS, x = easting. Caller destroys it. */
static OGRSpatialReferenceH working_srs(OGRLayerH est)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(est);
    assert_non_null(srs);
    srs = OSRClone(srs);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/*
 * Recompute k_w of every estate and category in <out>/lifecircle.gpkg over the network
 * `net` (sql: the query giving its lines and tags, NULL: its first layer) and compare with
 * the engine's fields. Returns what was compared (summed over the categories); *w_out and
 * *g_out (each optional, NULL: freed here): the reference's estates (their access) and
 * graph, for the caller's checks against the log; free them with free_westates and
 * wgraph_free.
 */
wstats verify_walk(const char *out, const char *net, const char *sql,
                   const char *const *cats, size_t ncats, const walk_params *p,
                   westates *w_out, wgraph *g_out)
{
    GDALDatasetH ds = open_vector(path_in(out, "lifecircle.gpkg"), "GPKG");
    OGRLayerH est = GDALDatasetGetLayerByName(ds, "estates");
    OGRLayerH fac = GDALDatasetGetLayerByName(ds, "facilities");
    assert_true(est && fac);
    OGRSpatialReferenceH work = working_srs(est);
    wgraph g = wgraph_read(net, sql, work);
    westates w = load_westates(est, &g, p);
    wstats all = {0};
    double *kw = malloc(w.n * sizeof *kw);
    assert_non_null(kw);
    for (size_t k = 0; k < ncats; k++) {
        facility_set fs = load_facilities(fac, cats[k]);
        size_t reachable;
        reference_kw(&g, &w, &fs, p, kw, &reachable);
        wstats st = {0};
        compare_walk(est, &w, cats[k], kw, p, &st);
        if (getenv("LC_E2E_VERBOSE"))
            print_message("  %s: %zu facilities (%zu within max_snap), %lld estates, %lld with "
                          "k_w; max |k_w - reference| = %.2g m (%s)\n",
                          cats[k], fs.n, reachable, st.pairs, st.with_w, st.max_dev,
                          st.max_at[0] ? st.max_at : "-");
        all.pairs += st.pairs, all.with_w += st.with_w, all.gaps_checked += st.gaps_checked;
        all.facilities += fs.n, all.reachable += reachable;
        if (st.max_dev >= all.max_dev)
            all.max_dev = st.max_dev, memcpy(all.max_at, st.max_at, sizeof all.max_at);
        free_facilities(&fs);
    }
    free(kw);
    if (getenv("LC_E2E_VERBOSE"))
        print_message("  graph: %zu lines, %zu walkable, %zu nodes (%zu vertices merged within "
                      "1 cm at other coordinates), %zu edges; %zu estates: %zu by point on "
                      "surface, %zu without access\n",
                      g.lines, g.walkable, g.n, g.merged, g.e, w.n, w.by_fallback,
                      w.without_access);
    if (w_out) *w_out = w; else free_westates(&w);
    if (g_out) *g_out = g; else wgraph_free(&g);
    OSRDestroySpatialReference(work);
    GDALClose(ds);
    return all;
}

/* The categories of a run with walking fields: the keys k of its estates' k_w fields. */
size_t walk_categories(const char *out, char (*cats)[8], size_t cap)
{
    vlayer v = open_layer(path_in(out, "lifecircle.gpkg"), "estates");
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(v.lyr);
    size_t n = 0;
    for (int i = 0; i < OGR_FD_GetFieldCount(fd); i++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(fd, i));
        size_t len = strlen(name);
        if (len > 2 && len - 2 < 8 && !strcmp(name + len - 2, "_w") && n < cap)
            snprintf(cats[n++], 8, "%.*s", (int)(len - 2), name);
    }
    close_layer(&v);
    return n;
}

void assert_same_graph(const char *out, const wgraph *g)
{
    json_object *rec = run_record(out);
    assert_int_equal(rec_int(rec, "counts.network.read"), g->lines);
    assert_int_equal(rec_int(rec, "counts.network.walkable"), g->walkable);
    assert_int_equal(rec_int(rec, "counts.network.graph_nodes"), g->n);
    assert_int_equal(rec_int(rec, "counts.network.graph_edges"), g->e);
    json_object_put(rec);
}

/* the user guide's defaults on the sample: every estate and category against the reference. The
 * reference graph is the engine's (run.json's node and edge counts); the sentinels, 3 km
 * away, have no access; most estates reach a facility of each category. */
void test_walk_reference_sample(void **state)
{
    (void)state;
    char out[PATHLEN], net[PATHLEN];
    tmp_path(out, "walk-ref");
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    int rc = run_sample(out, "--network", net, NULL, NULL);
    if (rc != 0) fail_msg("network run exited %d:\n%s", rc, g_log);
    westates w;
    wgraph g;
    wstats st = verify_walk(out, net, NULL, SAMPLE_CATS, NCATS, &WALK_DEFAULTS, &w, &g);
    assert_same_graph(out, &g);
    assert_int_equal(st.pairs, NCATS * SAMPLE_ESTATES);
    assert_int_equal(w.without_access, 3); /* S1-S3 */
    assert_true(st.with_w > NCATS * SAMPLE_ESTATES / 2);
    print_message("walking reference, sample: %lld estate-category pairs, %lld with k_w, %lld "
                  "gap flags; max deviation %.2g m (%s)\n",
                  st.pairs, st.with_w, st.gaps_checked, st.max_dev, st.max_at);
    free_westates(&w);
    wgraph_free(&g);
}

/* Other settings on the sample, as the reference takes them: a tight access_snap sends
 * estates to their point on surface (and a tight max_snap leaves some without access), a
 * tight max_snap leaves facilities inside estates unreachable, and r10 moves the cut-off
 * of the search. */
void test_walk_reference_settings(void **state)
{
    (void)state;
    static const walk_params p = {18.0, 55.0, 250.0, 600.0};
    char out[PATHLEN], net[PATHLEN];
    tmp_path(out, "walk-ref-settings");
    snprintf(net, sizeof net, "%s", path_in(E.data, "network.geojson"));
    int rc = run_cli("coverage", "--estates", E.estates, "--facilities", E.facilities,
                     "--facilities-srs", "GCJ02", "--network", net, "--access-snap", "18",
                     "--max-snap", "55", "--r5", "250", "--r10", "600", "-o", out,
                     (const char *)NULL);
    if (rc != 0) fail_msg("network run exited %d:\n%s", rc, g_log);
    westates w;
    wstats st = verify_walk(out, net, NULL, SAMPLE_CATS, NCATS, &p, &w, NULL);
    assert_int_equal(st.pairs, NCATS * SAMPLE_ESTATES);
    /* each rule is exercised: 18 estates by point on surface, 97 without access, 18 of the
     * 59 facilities beyond max_snap (2 with the defaults), 99 walks between 500 and 600 m */
    assert_true(w.by_fallback > 0 && w.without_access > 3);
    assert_true(st.reachable + 2 < st.facilities);
    print_message("walking reference, sample with access_snap 18, max_snap 55, r 250/600: "
                  "%lld pairs, %lld with k_w, %zu estates by point on surface, %zu without "
                  "access, %zu of %zu facilities within max_snap; max deviation %.2g m (%s)\n",
                  st.pairs, st.with_w, w.by_fallback, w.without_access, st.reachable,
                  st.facilities, st.max_dev, st.max_at);
    free_westates(&w);
}

/* Helsinki's Kamppi as a user runs it (the user guide's walkability rule, residential areas,
 * every category found): every estate and category against the reference over the OSM
 * lines kept by the rule, read twice:
 *  - every line of the `lines` layer, as README states the rule: a way whose highway is
 *    empty is walkable through its foot tag (Kamppi: 21 ways tagged foot=yes and no
 *    highway, 63 more edges);
 *  - the lines with a highway tag only, as the engine reads an OSM file (its SQL has WHERE
 *    highway IS NOT NULL), and as docs/performance.md's figure of 2.5 k lines for Kamppi
 *    counts them.
 * k_w must agree with both (those ways lie on no shortest walk here); the engine's graph
 * (the log's counts) must be one of the two. */
void test_walk_reference_real(void **state)
{
    (void)state;
    const char *pbf = real_file("osm-helsinki-kamppi", "helsinki-kamppi-2019-04.osm.pbf");
    char src[PATHLEN], out[PATHLEN], cats[16][8];
    snprintf(src, sizeof src, "%s", pbf);
    tmp_path(out, "walk-ref-real");
    int rc = run_cli("coverage", "--estates", src, "--facilities", src, "--network", src, "-o",
                     out, (const char *)NULL);
    if (rc != 0) fail_msg("walking run on Helsinki exited %d:\n%s", rc, g_log);
    size_t ncats = walk_categories(out, cats, 16);
    const char *names[16];
    int has_clinic = 0;
    for (size_t k = 0; k < ncats; k++) names[k] = cats[k], has_clinic |= !strcmp(cats[k], "clinic");
    assert_true(has_clinic);
    static const char *const sql[2] = {
        "SELECT highway, hstore_get_value(other_tags,'foot') AS foot, "
        "hstore_get_value(other_tags,'access') AS access FROM lines",
        "SELECT highway, hstore_get_value(other_tags,'foot') AS foot, "
        "hstore_get_value(other_tags,'access') AS access FROM lines WHERE highway IS NOT NULL"};
    static const char *const reading[2] = {"the user guide's (every line)", "lines with a highway"};
    int same_graph = -1;
    for (int r = 0; r < 2; r++) {
        westates w;
        wgraph g;
        wstats st = verify_walk(out, src, sql[r], names, ncats, &WALK_DEFAULTS, &w, &g);
        assert_int_equal(st.pairs, (long long)(ncats * w.n));
        assert_true(st.with_w > 0);
        print_message("walking reference, Helsinki Kamppi, %s: %zu lines, %zu walkable (%zu "
                      "without highway); %zu estates x %zu categories, %lld with k_w, %lld gap "
                      "flags; max deviation %.2g m (%s)\n",
                      reading[r], g.lines, g.walkable, g.walkable_nohw, w.n, ncats, st.with_w,
                      st.gaps_checked, st.max_dev, st.max_at);
        json_object *rec = run_record(out);
        if (rec_int(rec, "counts.network.read") == (long long)g.lines &&
            rec_int(rec, "counts.network.walkable") == (long long)g.walkable &&
            rec_int(rec, "counts.network.graph_nodes") == (long long)g.n &&
            rec_int(rec, "counts.network.graph_edges") == (long long)g.e && same_graph < 0)
            same_graph = r;
        json_object_put(rec);
        free_westates(&w);
        wgraph_free(&g);
    }
    if (same_graph < 0)
        fail_msg("the engine's graph is neither reading's: %s/run.json", out);
    print_message("  the engine's network is %s\n", reading[same_graph]);
}

/* ------------------------------------------------------------------------------------ */
/* Walking service areas recomputed here: the reached stretches, buffered and unioned    */
/* ------------------------------------------------------------------------------------ */

/*
 * user guide, Walking network: the walking service area of a category and tier is every edge
 * stretch within r of its facilities — whole edges and the reachable part of partly reached
 * ones, from either end or from a facility on the edge — buffered by walk_buffer and
 * unioned; per facility (--per-facility) the same from that facility alone. The engine draws
 * each buffer as a capsule whose straight sides lie at exactly walk_buffer and whose arcs
 * are within ±0.4 m of the circle at 50 m. Here: the reference graph, snaps and Dijkstra of
 * the walking distances above (one search per facility, the least per node), each edge's
 * reached stretches merged, buffered by GEOS with round caps and unioned by
 * GEOSUnaryUnion_r.
 */
#define WALK_BUFFER 50.0 /* m: the user guide's default walk_buffer, which these runs keep */
#define CAPSULE_DEV 0.4  /* m at 50 m: the user guide's bound on the engine's capsule arcs */
/* The reference's round caps: GEOS's 64 segments per quarter circle, inside it by at most
 * 50 (1 - cos(π/256)) = 0.004 m. */
#define WALK_REF_QUADSEGS 64

typedef struct {
    double a, b;
} wspan;

static int cmp_wspan(const void *x, const void *y)
{
    const wspan *p = x, *q = y;
    return (p->a > q->a) - (p->a < q->a);
}

/* The stretch [a, b] metres from edge e's first node as a GEOS line (a point when a = b:
 * a node at exactly r). */
static GEOSGeometry *stretch_geom(GEOSContextHandle_t h, const wgraph *g, size_t e, double a,
                                  double b)
{
    double ux = g->x[g->eu[e]], uy = g->y[g->eu[e]], l = g->len[e];
    double dx = (g->x[g->ev[e]] - ux) / l, dy = (g->y[g->ev[e]] - uy) / l;
    if (b <= a) return GEOSGeom_createPointFromXY_r(h, ux + a * dx, uy + a * dy);
    double xy[4] = {ux + a * dx, uy + a * dy, ux + b * dx, uy + b * dy};
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(h, xy, 2, 0, 0);
    assert_non_null(cs);
    return GEOSGeom_createLineString_r(h, cs);
}

/* The stretches within r of the sources `src` (facility snaps): per node the least walk
 * from any of them (dijkstra, one per source), then per edge the part within r of either end
 * and of each source on it (its snap offset walked), overlapping parts merged. Returns their
 * number; *out holds them as GEOS geometries (malloc'ed array). */
static size_t reached_stretches(GEOSContextHandle_t h, const wgraph *g, const wsnap *src,
                                size_t nsrc, double r, GEOSGeometry ***out)
{
    double *dist = malloc((g->n + 1) * sizeof *dist), *one = malloc((g->n + 1) * sizeof *one);
    wspan *iv = malloc((nsrc + 2) * sizeof *iv);
    assert_true(dist && one && iv);
    for (size_t i = 0; i < g->n; i++) dist[i] = INFINITY;
    for (size_t k = 0; k < nsrc; k++) {
        dijkstra(g, &src[k], one);
        for (size_t i = 0; i < g->n; i++) dist[i] = fmin(dist[i], one[i]);
    }
    GEOSGeometry **st = NULL;
    size_t n = 0, cap = 0;
    for (size_t e = 0; e < g->e; e++) {
        double l = g->len[e], du = dist[g->eu[e]], dv = dist[g->ev[e]];
        size_t m = 0;
        if (du <= r) iv[m++] = (wspan){0.0, fmin(l, r - du)};
        if (dv <= r) iv[m++] = (wspan){fmax(0.0, l - (r - dv)), l};
        for (size_t k = 0; k < nsrc; k++)
            if (src[k].edge == e && src[k].off <= r) {
                double at = src[k].t * l, reach = r - src[k].off;
                iv[m++] = (wspan){fmax(0.0, at - reach), fmin(l, at + reach)};
            }
        qsort(iv, m, sizeof *iv, cmp_wspan);
        for (size_t i = 0; i < m; i++) {
            wspan cur = iv[i];
            while (i + 1 < m && iv[i + 1].a <= cur.b) cur.b = fmax(cur.b, iv[++i].b);
            WGROW(st, n, cap);
            st[n] = stretch_geom(h, g, e, cur.a, cur.b);
            assert_non_null(st[n++]);
        }
    }
    free(dist), free(one), free(iv);
    *out = st;
    return n;
}

/* The union of the stretches' buffers of radius b (GEOS round caps of q segments per
 * quarter). */
static GEOSGeometry *buffer_union(GEOSContextHandle_t h, GEOSGeometry *const *st, size_t n,
                                  double b, int q)
{
    GEOSGeometry **buf = calloc(n + 1, sizeof *buf);
    assert_non_null(buf);
    for (size_t i = 0; i < n; i++) {
        buf[i] = GEOSBuffer_r(h, st[i], b, q);
        assert_non_null(buf[i]);
    }
    GEOSGeometry *u = union_of(h, buf, n);
    free(buf);
    return u;
}

/* Area of a \ b. */
static double area_outside(GEOSContextHandle_t h, const GEOSGeometry *a, const GEOSGeometry *b)
{
    GEOSGeometry *d = GEOSDifference_r(h, a, b);
    assert_non_null(d);
    double area = geos_area(h, d);
    GEOSGeom_destroy_r(h, d);
    return area;
}

/*
 * The engine's walking area `eng` against the stretches within r of `src`, buffered and
 * unioned here: by WALK_BUFFER (the reference), and by WALK_BUFFER ∓ CAPSULE_DEV, between
 * which the user guide's capsules put the engine's area (8 segments per quarter: the inner union
 * inscribed in its circles, the outer one circumscribed about them): d.missing is what the
 * inner union has outside the engine's area, d.extra what that has outside the outer union,
 * d.band the area between the two, which bounds the symmetric difference. *nst: the number
 * of stretches.
 */
static area_diff compare_walk_area(GEOSContextHandle_t h, const wgraph *g, const wsnap *src,
                                   size_t nsrc, double r, OGRGeometryH eng, size_t *nst)
{
    GEOSGeometry **st;
    size_t n = reached_stretches(h, g, src, nsrc, r, &st);
    double dev = CAPSULE_DEV * WALK_BUFFER / 50.0;
    GEOSGeometry *ref = buffer_union(h, st, n, WALK_BUFFER, WALK_REF_QUADSEGS);
    GEOSGeometry *in = buffer_union(h, st, n, WALK_BUFFER - dev, 8);
    GEOSGeometry *out = buffer_union(h, st, n, (WALK_BUFFER + dev) / cos(acos(-1.0) / 32), 8);
    GEOSGeometry *lines =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, st, (unsigned)n);
    assert_non_null(lines);
    area_diff d = compare_area(h, eng, ref, lines);
    GEOSGeometry *e = geos_from_ogr(h, eng);
    d.missing = area_outside(h, in, e), d.extra = area_outside(h, e, out);
    d.band = geos_area(h, out) - geos_area(h, in);
    GEOSGeom_destroy_r(h, e), GEOSGeom_destroy_r(h, lines), GEOSGeom_destroy_r(h, ref);
    GEOSGeom_destroy_r(h, in), GEOSGeom_destroy_r(h, out);
    free(st);
    *nst = n;
    return d;
}

/* The facilities of `fs` within max_snap of the reference graph, as snaps (n of them). */
static wsnap *snap_facilities(const wgraph *g, const facility_set *fs, double max_snap,
                              size_t *n)
{
    wsnap *s = malloc((fs->n + 1) * sizeof *s);
    assert_non_null(s);
    *n = 0;
    for (size_t i = 0; i < fs->n; i++) {
        s[*n] = wsnap_point(g, OGR_G_GetX(fs->pts[i], 0), OGR_G_GetY(fs->pts[i], 0), max_snap);
        if (s[*n].edge != NO_EDGE) ++*n; /* user guide: beyond max_snap, unreachable */
    }
    return s;
}

/*
 * Assert one walking area's comparison (`what` names it) and add it to `st`:
 *  - every vertex of the area within CAPSULE_DEV of walk_buffer from the stretches reached
 *    here, and the area between the unions of their buffers by walk_buffer ∓ CAPSULE_DEV
 *    (nothing of the inner one outside it, nothing of it outside the outer one, beyond
 *    1e-7 of the area for GEOS's rounding): the user guide's bound on the capsules, whatever their
 *    polygons; a stretch left out or added puts vertices outside the band, and so does a
 *    stretch end more than ~0.35 m off where it is exposed;
 *  - the areas within CAP_AREA per stretch end: the straight sides of both are exact, so
 *    they differ only where capsule ends are exposed, and a whole exposed end differs by
 *    1.18 m² at 50 m (the engine's 16-segment half circle, its side vertices kept at
 *    walk_buffer, is 1.58 m² short of the circle; GEOS's 128-segment one 0.39 m²), plus up
 *    to ~0.3 m² on each side where another capsule cuts the arc inside a segment (the lens
 *    between a chord's bulging end and the circle); most ends lie inside other capsules
 *    (measured: 0.3 m² per stretch on the service areas, 2.4 m² on a lone stretch with
 *    both ends exposed), while a stretch end 0.1 m off moves the area by 10 m² wherever it
 *    is exposed (every reach 0.1 m short fails here, 0.25 m short by twice the tolerance);
 *  - the symmetric difference at most the area between the inner and outer unions.
 */
#define CAP_AREA 2.0 /* m² per stretch end at walk_buffer 50 m, scaled by its square */
void check_walk_area(const area_diff *d, size_t nst, const char *what,
                     walk_area_stats *st)
{
    double da = fabs(d->eng - d->ref), dsym = d->sym / d->ref;
    double band = CAPSULE_DEV * WALK_BUFFER / 50.0;
    double tol = 2.0 * (double)nst * CAP_AREA * (WALK_BUFFER / 50.0) * (WALK_BUFFER / 50.0);
    if (d->lo < WALK_BUFFER - band || d->hi > WALK_BUFFER + band)
        fail_msg("%s: its %zu vertices lie %.3f to %.3f m from the %zu stretches reached here, "
                 "the user guide's capsules allow %.0f ± %.1f m",
                 what, d->vertices, d->lo, d->hi, nst, WALK_BUFFER, band);
    if (d->missing > 1e-7 * d->ref || d->extra > 1e-7 * d->ref)
        fail_msg("%s: %.1f m² of the reached stretches' buffer by %.1f m lies outside it, "
                 "%.1f m² of it outside their buffer by %.1f m",
                 what, d->missing, WALK_BUFFER - band, d->extra, WALK_BUFFER + band);
    if (da > tol || d->sym > d->band)
        fail_msg("%s: %.1f m², the %zu stretches reached here buffered %.1f m² (difference "
                 "%.1f m², tolerance %.1f); symmetric difference %.1f m² (at most %.1f)",
                 what, d->eng, nst, d->ref, da, tol, d->sym, d->band);
    st->areas++, st->stretches += nst, st->vertices += d->vertices;
    st->area = fmax(st->area, da / d->ref);
    st->per_stretch = fmax(st->per_stretch, da / (double)nst);
    st->sym = fmax(st->sym, dsym), st->band = fmax(st->band, d->band / d->ref);
    st->lo = fmin(st->lo, d->lo - WALK_BUFFER), st->hi = fmax(st->hi, d->hi - WALK_BUFFER);
}

/* What a check of walking areas works on: the run's GeoPackage with its facilities and the
 * `areas` layer, the reference graph of network `net` in the run's working CRS, a GEOS
 * context and the comparison's figures so far. */
typedef struct {
    GDALDatasetH ds;
    OGRLayerH fac, areas;
    OGRSpatialReferenceH work;
    wgraph g;
    GEOSContextHandle_t h;
    walk_area_stats st;
} walk_check;

static walk_check walk_check_open(const char *out, const char *net, const char *areas)
{
    walk_check c;
    c.ds = open_vector(path_in(out, "lifecircle.gpkg"), "GPKG");
    OGRLayerH est = GDALDatasetGetLayerByName(c.ds, "estates");
    c.fac = GDALDatasetGetLayerByName(c.ds, "facilities");
    c.areas = GDALDatasetGetLayerByName(c.ds, areas);
    assert_true(est && c.fac && c.areas);
    c.work = working_srs(est);
    c.g = wgraph_read(net, NULL, c.work);
    c.h = geos_open();
    c.st = (walk_area_stats){0, 0, 0, 0.0, 0.0, 0.0, 0.0, INFINITY, -INFINITY};
    return c;
}

static void walk_check_close(walk_check *c)
{
    GEOS_finish_r(c->h);
    wgraph_free(&c->g);
    OSRDestroySpatialReference(c->work);
    GDALClose(c->ds);
}

/* The walking service areas of the run in `out` matching `where` (the user guide's defaults but
 * for the radii, network `net`) against the reference. Returns what was compared. */
static walk_area_stats verify_walk_areas(const char *out, const char *net, const char *where)
{
    walk_check c = walk_check_open(out, net, "service_areas");
    OGRLayerH sa = c.areas;
    OGRFeatureH f;
    OGR_L_SetAttributeFilter(sa, where);
    OGR_L_ResetReading(sa);
    while ((f = OGR_L_GetNextFeature(sa)) != NULL) {
        const char *cat = get_str(f, "category");
        double r = get_double(f, "radius_m");
        char what[64];
        snprintf(what, sizeof what, "walking area %s/%lld", cat, get_int(f, "tier"));
        facility_set fs = load_facilities(c.fac, cat);
        size_t nsrc, nst;
        wsnap *src = snap_facilities(&c.g, &fs, WALK_DEFAULTS.max_snap, &nsrc);
        area_diff d = compare_walk_area(c.h, &c.g, src, nsrc, r, OGR_F_GetGeometryRef(f), &nst);
        check_walk_area(&d, nst, what, &c.st);
        free(src);
        free_facilities(&fs);
        OGR_F_Destroy(f);
    }
    walk_area_stats st = c.st;
    walk_check_close(&c);
    return st;
}

void assert_walk_areas(const char *out, const char *net, const char *where, size_t want)
{
    walk_area_stats st = verify_walk_areas(out, net, where);
    assert_int_equal(st.areas, want);
    print_message("walking service areas (%s): %zu recomputed from %zu stretches; largest area "
                  "difference %.2g of the area, %.2f m² per stretch (tolerance %.2f); symmetric "
                  "difference %.2g of the area (bound %.2g); %zu vertices at %+.3f to %+.3f m "
                  "from walk_buffer\n",
                  where, st.areas, st.stretches, st.area, st.per_stretch, 2 * CAP_AREA, st.sym,
                  st.band, st.vertices, st.lo, st.hi);
}

/* The per-facility areas of the run in `out` (--per-facility, the user guide's defaults, network
 * `net`): in each category the facilities with an area at 5 minutes are the ones within
 * max_snap of the reference graph (each of them, and as many), and the first `per_cat`
 * facilities' areas (both tiers) are the stretches within r of that facility alone, buffered
 * and unioned here. */
void assert_facility_areas(const char *out, const char *net, size_t per_cat)
{
    walk_check c = walk_check_open(out, net, "facility_areas");
    OGRLayerH fac = c.fac, fa = c.areas;
    wgraph *g = &c.g;
    walk_area_stats *st = &c.st;
    size_t reachable = 0;
    for (int k = 0; k < NCATS; k++) {
        const char *cat = SAMPLE_CATS[k];
        facility_set fs = load_facilities(fac, cat);
        size_t nsrc, at5 = 0, checked = 0;
        free(snap_facilities(g, &fs, WALK_DEFAULTS.max_snap, &nsrc));
        free_facilities(&fs);
        char where[96];
        snprintf(where, sizeof where, "category = '%s' AND mode = 'walk'", cat);
        OGR_L_SetAttributeFilter(fa, where);
        OGR_L_ResetReading(fa);
        OGRFeatureH f;
        while ((f = OGR_L_GetNextFeature(fa)) != NULL) {
            const char *id = get_str(f, "facility");
            long long tier = get_int(f, "tier");
            char what[96];
            snprintf(what, sizeof what, "facility %s (%s) at %lld minutes", id, cat, tier);
            OGRFeatureH ff = find_feature(fac, "id", id);
            OGRGeometryH p = OGR_F_GetGeometryRef(ff);
            wsnap src =
                wsnap_point(g, OGR_G_GetX(p, 0), OGR_G_GetY(p, 0), WALK_DEFAULTS.max_snap);
            OGR_F_Destroy(ff);
            if (src.edge == NO_EDGE) fail_msg("%s has an area but is beyond max_snap here", what);
            at5 += tier == 5;
            if (checked++ < 2 * per_cat) {
                size_t nst;
                area_diff d = compare_walk_area(c.h, g, &src, 1, get_double(f, "radius_m"),
                                                OGR_F_GetGeometryRef(f), &nst);
                check_walk_area(&d, nst, what, st);
            }
            OGR_F_Destroy(f);
        }
        if (at5 != nsrc)
            fail_msg("%s: %zu facilities with a walking area, %zu within max_snap here", cat, at5,
                     nsrc);
        reachable += nsrc;
    }
    assert_int_equal(st->areas, NCATS * 2 * per_cat);
    print_message("per-facility areas: %zu facilities within max_snap as the engine's; %zu "
                  "areas recomputed from %zu stretches; largest area difference %.2g of the "
                  "area, %.2f m² per stretch (tolerance %.2f); symmetric difference %.2g of the "
                  "area (bound %.2g); %zu vertices at %+.3f to %+.3f m from walk_buffer\n",
                  reachable, st->areas, st->stretches, st->area, st->per_stretch, 2 * CAP_AREA,
                  st->sym, st->band, st->vertices, st->lo, st->hi);
    walk_check_close(&c);
}
