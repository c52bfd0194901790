/* normalize_internal.h — the cluster machinery shared by the two normalization drivers:
 * normalize.c (UTF-8 in and out, with the alignment map) and normalize_units.c (code units of
 * width 1, 2 or 4 in and out: what CPython strings hold).
 *
 * Text is cut into clusters: a boundary character (its decomposition starts with a starter that
 * cannot compose with what precedes it) followed by every non-boundary character after it.
 * Normalizing cluster by cluster equals normalizing the whole text. ASCII characters are always
 * boundaries; a lone non-ASCII character between boundaries is served from a per-call cache. */
#ifndef RC_NORMALIZE_INTERNAL_H
#define RC_NORMALIZE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "relcore.h"

#define RC_NORM_CACHE_SIZE 256 /* direct-mapped; real text uses a few dozen non-ASCII chars */
#define RC_NORM_CACHED_CPS 6   /* longer results (rare: ﷺ) are recomputed each time */
#define RC_NORM_STACK_CPS 128

/* What the options do to one character, remembered per call. */
typedef struct {
    int32_t cp;       /* the character (the key lives in rc_norm_state.cache_keys) */
    uint8_t boundary; /* normalization may restart before this character */
    uint8_t space;    /* White_Space (collapsed under RC_COLLAPSE_SPACE) */
    uint8_t cached;   /* the result fields hold its normalized form on its own */
    uint8_t n_cps;
    uint8_t n_utf8;
    int32_t cps[RC_NORM_CACHED_CPS];
    unsigned char utf8[4 * RC_NORM_CACHED_CPS];
} rc_char_info;

typedef struct {
    unsigned options;
    int decompose_opts;   /* utf8proc options for utf8proc_decompose_char (0: no Unicode work) */
    int compose;          /* recompose after decomposition */
    int strip;            /* drop Mn */
    int ascii_identity;   /* every ASCII byte maps to itself (no casefold, no ` folding) */
    unsigned char ascii[128];
    /* Direct-mapped cache: keys are kept apart from the entries so that setting it up (on the
     * first non-ASCII character) touches 1 KB, not the whole table. */
    int cache_ready;
    int32_t cache_keys[RC_NORM_CACHE_SIZE]; /* -1 = empty */
    rc_char_info cache[RC_NORM_CACHE_SIZE];
} rc_norm_state;

/* A growable code point buffer that starts on the stack. */
typedef struct {
    int32_t *cp;
    size_t len, cap;
    int32_t stack[RC_NORM_STACK_CPS];
} rc_cpbuf;

static inline void rc_cpbuf_init(rc_cpbuf *b)
{
    b->cp = b->stack;
    b->len = 0;
    b->cap = RC_NORM_STACK_CPS;
}
int rc_cpbuf_push(rc_cpbuf *b, int32_t cp);
void rc_cpbuf_free(rc_cpbuf *b);

/* Whether the options word is one rc_normalize accepts. Checked before anything is allocated,
 * so that a bad call is RC_EINVAL whatever the allocator does. */
static inline int rc_norm_options_valid(unsigned options)
{
    return !(options & ~RC_NORMALIZE_OPTIONS) && (options & RC_FORM_MASK) <= RC_NFKD;
}

/* Validates options and prepares the state; returns RC_OK or RC_EINVAL. */
int rc_norm_setup(rc_norm_state *st, unsigned options);

/* What the options do to cp (computed on a cache miss). The pointer is valid until the next
 * lookup: copy what you need before looking up another character. */
int rc_norm_lookup(rc_norm_state *st, int32_t cp, const rc_char_info **info);

/* Normalizes the code points in[0..n) (whole clusters) and appends the result to *out. */
int rc_norm_cluster(const rc_norm_state *st, const int32_t *in, size_t n, rc_cpbuf *out);

/* The ASCII part of White_Space. */
static inline int rc_is_ascii_space(unsigned c) { return c == ' ' || (c >= 9 && c <= 13); }

/* Lower-cases 8 ASCII bytes packed in a word (every byte < 0x80): no carries cross bytes. */
static inline uint64_t rc_swar_lower8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull;
    uint64_t ge_a = w + (0x80 - 'A') * ones; /* high bit set where byte >= 'A' */
    uint64_t gt_z = w + (0x7F - 'Z') * ones; /* high bit set where byte > 'Z' */
    return w | (((ge_a & ~gt_z) & (0x80 * ones)) >> 2);
}

/* The same on four 16-bit lanes, every lane < 0x80. */
static inline uint64_t rc_swar_lower16(uint64_t w)
{
    const uint64_t ones = 0x0001000100010001ull;
    uint64_t ge_a = w + (0x80 - 'A') * ones;
    uint64_t gt_z = w + (0x7F - 'Z') * ones;
    return w | (((ge_a & ~gt_z) & (0x80 * ones)) >> 2);
}

#endif
