/*
 * segjoin.c — join segments that continue each other in a straight line.
 *
 * A straight street densified every 15 m and reached end to end becomes one segment, and the
 * union of the capsules of collinear pieces is the capsule of the joined segment to within
 * 1 cm (the node tolerance; vertices stored at 1e-7 degrees wobble by ~5 mm): the sweep and
 * the union both cost by the number of capsules. Ends are matched by exact coordinates (graph
 * nodes) in a hash table — a sort of the ends cost 1.5 s over the eight city-wide areas of
 * the bench, the table a fraction — and paired when the two segments point away from that
 * point on one line; chains of pairs become their two free ends.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "geom.h"

#define NONE UINT32_MAX

/* Scratch arrays sized for `n` segments (table of 2^k slots >= 4n). */
static bool reserve(lc_segjoin *j, size_t n)
{
    size_t slots = 16;
    while (slots < 4 * n) slots *= 2;
    if (lc_grow((void **)&j->slot, &j->slot_cap, slots, sizeof *j->slot) ||
        lc_grow((void **)&j->next, &j->next_cap, 2 * n, sizeof *j->next) ||
        lc_grow((void **)&j->link, &j->link_cap, 2 * n, sizeof *j->link) ||
        lc_grow((void **)&j->done, &j->done_cap, n, 1) ||
        lc_grow((void **)&j->out, &j->out_cap, 4 * n, sizeof *j->out))
        return false;
    j->mask = slots - 1;
    return true;
}

static size_t hash_xy(double x, double y, size_t mask)
{
    uint64_t a, b;
    x += 0.0, y += 0.0; /* -0 and +0 are one point */
    memcpy(&a, &x, sizeof a);
    memcpy(&b, &y, sizeof b);
    uint64_t h = a * 0x9E3779B97F4A7C15u ^ (b + 0x632BE59BD9B4E019u) * 0xC2B2AE3D27D4EB4Fu;
    return (size_t)(h ^ (h >> 29)) & mask;
}

/* Do segments i (end ei) and k (end ek), meeting at that end, continue each other? */
static bool continues(const double *s, size_t i, int ei, size_t k, int ek)
{
    const double *p = s + 4 * i + 2 * ei, *a = s + 4 * i + 2 * (1 - ei);
    const double *b = s + 4 * k + 2 * (1 - ek);
    double abx = b[0] - a[0], aby = b[1] - a[1], len2 = abx * abx + aby * aby;
    double cross = abx * (p[1] - a[1]) - aby * (p[0] - a[0]); /* p's offset from a-b × |ab| */
    return len2 > 0 && cross * cross <= 1e-4 * len2 && /* offset <= 1 cm */
           (a[0] - p[0]) * (b[0] - p[0]) + (a[1] - p[1]) * (b[1] - p[1]) < 0;
}

/* Group the ends by point: slot -> first end, next[] chains the ends of one point in the
 * order they come (segment by segment). */
static void group_ends(lc_segjoin *j, const double *s, size_t n)
{
    for (size_t i = 0; i <= j->mask; i++) j->slot[i] = NONE;
    for (uint32_t k = 0; k < 2 * n; k++) {
        const double *p = s + 2 * (size_t)k;
        j->next[k] = NONE;
        j->link[k] = NONE;
        size_t h = hash_xy(p[0], p[1], j->mask);
        for (;; h = (h + 1) & j->mask) {
            uint32_t f = j->slot[h];
            if (f == NONE) {
                j->slot[h] = k;
                break;
            }
            if (s[2 * (size_t)f] == p[0] && s[2 * (size_t)f + 1] == p[1]) {
                while (j->next[f] != NONE) f = j->next[f];
                j->next[f] = k;
                break;
            }
        }
    }
}

/* Pair the ends at each point that continue each other, first come first paired. */
static void pair_ends(lc_segjoin *j, const double *s)
{
    for (size_t h = 0; h <= j->mask; h++)
        for (uint32_t a = j->slot[h]; a != NONE; a = j->next[a])
            for (uint32_t b = j->next[a]; b != NONE && j->link[a] == NONE; b = j->next[b])
                if (j->link[b] == NONE && a / 2 != b / 2 && continues(s, a / 2, a % 2, b / 2, b % 2))
                    j->link[a] = b, j->link[b] = a;
}

size_t lc_segs_join_collinear(lc_segjoin *j, double *s, size_t n)
{
    if (n < 2 || n > NONE / 4 || !reserve(j, n)) return n; /* joining is an optimisation */
    group_ends(j, s, n);
    pair_ends(j, s);
    memset(j->done, 0, n);
    /* walk each chain from a free end to the other free end */
    size_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t e = 0; e < 2; e++) {
            if (j->done[i] || j->link[2 * i + e] != NONE) continue;
            uint32_t seg = i, from = e;
            for (;;) {
                j->done[seg] = 1;
                uint32_t far = 2 * seg + (1 - from);
                if (j->link[far] == NONE) {
                    double *o = j->out + 4 * m++;
                    o[0] = s[4 * i + 2 * e], o[1] = s[4 * i + 2 * e + 1];
                    o[2] = s[4 * seg + 2 * (1 - from)], o[3] = s[4 * seg + 2 * (1 - from) + 1];
                    break;
                }
                seg = j->link[far] / 2, from = j->link[far] % 2;
            }
        }
    for (size_t i = 0; i < n; i++) /* a closed chain has no free end: keep its pieces */
        if (!j->done[i]) memcpy(j->out + 4 * m++, s + 4 * i, 4 * sizeof(double));
    memcpy(s, j->out, 4 * m * sizeof(double));
    return m;
}

void lc_segjoin_clear(lc_segjoin *j)
{
    lc_free(j->slot);
    lc_free(j->next);
    lc_free(j->link);
    lc_free(j->done);
    lc_free(j->out);
    memset(j, 0, sizeof *j);
}
