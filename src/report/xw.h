/*
 * xw.h — the few calls the report's page and charts make to libxml2's text writer, short
 * enough to read in a drawing routine. Every element gets an explicit end tag: an HTML
 * parser reads <span/> as an open span.
 */
#ifndef LC_XW_H
#define LC_XW_H

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include <libxml/xmlwriter.h>

typedef xmlTextWriterPtr W;

static inline void xw_start(W w, const char *el) { xmlTextWriterStartElement(w, BAD_CAST el); }
static inline void xw_end(W w) { xmlTextWriterFullEndElement(w); }
static inline void xw_attr(W w, const char *k, const char *v)
{
    xmlTextWriterWriteAttribute(w, BAD_CAST k, BAD_CAST v);
}
static inline void xw_text(W w, const char *v) { xmlTextWriterWriteString(w, BAD_CAST v); }
static inline void xw_el(W w, const char *name, const char *v)
{
    xw_start(w, name);
    xw_text(w, v);
    xw_end(w);
}

/* A number attribute, to 0.1 px: coordinates of the page's drawings. */
static inline void xw_num(W w, const char *k, double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.1f", v);
    xw_attr(w, k, buf);
}

static inline void xw_elf(W w, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline void xw_elf(W w, const char *name, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    xw_el(w, name, buf);
}

/* The opening of a page (report.html, compare.html): the doctype, <html lang>, a <head> with
 * the UTF-8 charset, the title and the style, then <body> and the title as <h1>; `when`
 * gets the time of writing ("2026-12-07 18:36 UTC") for the page's first line. */
static inline void xw_page_open(W w, int english, const char *title, const char *css,
                                char *when, size_t cap)
{
    xmlTextWriterSetIndent(w, 0);
    xmlTextWriterWriteDTD(w, BAD_CAST "html", NULL, NULL, NULL);
    xw_start(w, "html");
    xw_attr(w, "xmlns", "http://www.w3.org/1999/xhtml");
    xw_attr(w, "lang", english ? "en" : "zh-CN");
    xw_start(w, "head");
    xw_start(w, "meta");
    xw_attr(w, "charset", "utf-8");
    xmlTextWriterEndElement(w); /* void element: <meta .../> */
    xw_el(w, "title", title);
    xw_el(w, "style", css);
    xw_end(w);
    xw_start(w, "body");
    xw_el(w, "h1", title);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, cap, "%Y-%m-%d %H:%M UTC", &tm);
}

#endif
