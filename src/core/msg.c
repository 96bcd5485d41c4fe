/* msg.c — message catalogues (see msg.h). */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "msg.h"

#ifndef LC_LOCALEDIR
#define LC_LOCALEDIR "/usr/local/share/locale"
#endif

static pthread_once_t bound = PTHREAD_ONCE_INIT;

/* Whether dir holds a lifecircle catalogue (any language). */
static int has_catalogue(const char *dir)
{
    char p[PATH_MAX + 64];
    int n = snprintf(p, sizeof p, "%s/zh_CN/LC_MESSAGES/" LC_TEXTDOMAIN ".mo", dir);
    return n > 0 && (size_t)n < sizeof p && access(p, R_OK) == 0;
}

static void bind_domain(void)
{
    char beside[PATH_MAX];
    const char *env = getenv("LIFECIRCLE_LOCALEDIR"), *dir = LC_LOCALEDIR;
    if (env && *env) dir = env;
    /* installed (<prefix>/share/locale beside <prefix>/bin), else the build tree's <bin>/locale */
    else if (!has_catalogue(LC_LOCALEDIR) &&
             ((lc_beside_program(1, "share/locale", beside, sizeof beside) && has_catalogue(beside)) ||
              (lc_beside_program(0, "locale", beside, sizeof beside) && has_catalogue(beside))))
        dir = beside;
    bindtextdomain(LC_TEXTDOMAIN, dir);
    bind_textdomain_codeset(LC_TEXTDOMAIN, "UTF-8"); /* whatever the locale's codeset */
}

/* "zh" or "en" from the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set; NULL for
 * another language or none (the locale decides). */
static const char *env_language(void)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v) continue;
        return !strncmp(v, "zh", 2) ? "zh" : !strncmp(v, "en", 2) ? "en" : NULL;
    }
    return NULL;
}

void lc_set_language(const char *lang)
{
    if (!lang || !*lang) lang = env_language();
    if (!lang) return;
    setenv("LANGUAGE", strcmp(lang, "zh") ? lang : "zh_CN", 1);
    /* gettext ignores LANGUAGE in the C locale (an uninstalled zh_CN.UTF-8 leaves the program
     * there); C.UTF-8 is built into glibc. Setting the category also tells gettext that the
     * language changed. */
    const char *cur = setlocale(LC_MESSAGES, NULL);
    char keep[64];
    snprintf(keep, sizeof keep, "%s", cur ? cur : "C");
    if (!strcmp(keep, "C") || !strcmp(keep, "POSIX")) setlocale(LC_MESSAGES, "C.UTF-8");
    else setlocale(LC_MESSAGES, keep);
}

const char *lc_gettext(const char *msgid)
{
    pthread_once(&bound, bind_domain);
    return dgettext(LC_TEXTDOMAIN, msgid);
}
