/*
 * svgmap.h — what the pages' maps share (report.html, compare.html): a growing string of SVG
 * path data, the frame that maps the working CRS onto the drawing (robust to stray estates),
 * polygons as path data simplified to half a pixel, point estates as dots, and the map's
 * furniture (scale bar, north arrow). Coordinates to 0.1 px; the drawing is LC_REPORT_W wide.
 */
#ifndef LC_SVGMAP_H
#define LC_SVGMAP_H

#include "../core/core.h"
#include "xw.h"

/** A growing string of path data; `nomem` once a growth failed (the rest is dropped).
 *  Zero-initialise; free `s` with lc_free. */
typedef struct lc_sbuf {
    char *s;
    size_t n, cap;
    bool nomem;
} lc_sbuf;

/** Append printf-style text (each piece under 128 bytes). */
void lc_sbuf_add(lc_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Append the n bytes at s. */
void lc_sbuf_put(lc_sbuf *b, const char *s, size_t n);

/** World → drawing: ((x - minx) s, (maxy - y) s), `h` units high; `k` scales the furniture
 *  and legend (> 1 when the map prints small). */
typedef struct lc_map_view {
    double minx, maxy, s;
    double h;
    double k;
} lc_map_view;

/** The frame of `n` boxes (minx, miny, maxx, maxy each, 4 n values): a robust box of their
 *  centres (1st-99th percentile within 3 interquartile ranges, widened by a tenth), grown to
 *  the whole of every box whose centre is inside, plus 2 %; the unit box without boxes. The
 *  drawing is LC_REPORT_W wide; `k` makes a 12-unit font print at least 2.8 mm when the map
 *  prints at most `print_w_mm` wide and `print_h_mm` high with its legend. */
lc_map_view lc_map_view_fit(const double *box, size_t n, double print_w_mm, double print_h_mm);

/** Polygon(s) of g as path data, simplified to half a pixel; a shape smaller than 1.5 px
 *  becomes a one-pixel square so that it stays visible. Other geometry types add nothing. */
void lc_map_geom_path(lc_ctx *ctx, const GEOSGeometry *g, const lc_map_view *v, lc_sbuf *b);

/** A dot of radius `r` px at world (x, y) as path data, so that one path draws many. */
void lc_map_dot(const lc_map_view *v, double x, double y, double r, lc_sbuf *b);

/** One <path> of b's data (nothing when empty), even-odd filled. */
void lc_map_path_el(W w, const lc_sbuf *b, const char *fill, const char *stroke, const char *width);

/** A scale bar (a round length near a fifth of the width) and a north arrow (the working CRS
 *  is projected, north up). */
void lc_map_furniture(W w, const lc_map_view *v);

#endif
