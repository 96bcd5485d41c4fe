/*
 * msg.h — the messages people read (errors, warnings, notes, the CLI's help and summary) in
 * their language, through GNU gettext (libintl, in glibc): text domain "lifecircle",
 * catalogues po/<lang>.po compiled to <localedir>/<lang>/LC_MESSAGES/lifecircle.mo.
 *
 * lc_fail/lc_warn/lc_note/... translate their format string themselves (ctx.c), so a call
 * site needs no marking: xgettext extracts their literal formats by keyword (Makefile, pot).
 * Other text is marked _("...") where it is used, N_("...") where it is only listed.
 */
#ifndef LC_MSG_H
#define LC_MSG_H

#include "lifecircle.h"

#define LC_TEXTDOMAIN "lifecircle"

/* lc_gettext (lifecircle.h) binds the text domain on first use; the catalogues' directory:
 * LIFECIRCLE_LOCALEDIR, else the installed LC_LOCALEDIR, else beside the running program
 * (<bin>/../share/locale, or the build tree's <bin>/locale). */

#define _(s) lc_gettext(s)
#define N_(s) (s)

#endif
