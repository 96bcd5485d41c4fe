/*
 * session.h — the comparison's session beyond the public API (session.c): applying a
 * scenario already read (src/scenario).
 */
#ifndef LC_SESSION_H
#define LC_SESSION_H

#include "../core/core.h"
#include "../scenario/scenario.h"

/** lc_session_apply with the scenario in memory. */
lc_status lc_session_apply_scenario(lc_ctx *ctx, lc_session *s, const lc_scenario *sc);

#endif
