/* gazetteer_blocks.h — the byte classes of 64 bytes of text at once, as bit masks (bit k = byte k).
 *
 * The matcher's scanner (gazetteer_scan.h) cuts plain ASCII text 64 bytes at a time: one pass of
 * vector compares gives where the words, punctuation, separators and spaces are, and each token
 * is then read off the masks with a count of trailing zeros. That is what makes an English word
 * cost a few instructions before its lookup, instead of a loop over its bytes and a branch per
 * byte class. The classes are those of gaz_byte_class (gazetteer_tokens.c); test_gazetteer.c
 * checks the two agree on every byte value.
 */
#ifndef RC_GAZETTEER_BLOCKS_H
#define RC_GAZETTEER_BLOCKS_H

#include <stdint.h>
#include <string.h>

#include "gazetteer/gazetteer.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define GAZ_BLOCK 64u

/* Bit scans of nonzero 64-bit words (a portable version for other compilers), and bit counts. */
static inline unsigned gaz_clz64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_clzll(x);
#else
    unsigned n = 0;
    while (!(x >> 63)) x <<= 1, n++;
    return n;
#endif
}

/* Without -mpopcnt, __builtin_popcountll is a library call that costs more than this. */
static inline unsigned gaz_popcount64(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

typedef struct {
    uint64_t space; /* bytes <= 0x20: they end a chunk */
    uint64_t high;  /* bytes >= 0x80 */
    uint64_t word;  /* ASCII letters and digits */
    uint64_t sep;   /* '-' and DEL: separators inside a chunk */
} gaz_block_masks;

/* Bit 7 of each byte of x, gathered into the low 8 bits (byte 0 first). */
static inline uint64_t gaz_gather8(uint64_t x)
{
    return (((x >> 7) & 0x0101010101010101ull) * 0x0102040810204080ull) >> 56;
}

/* The masks of p[0..64) (all 64 bytes readable), eight bytes at a time in 64-bit words: for
 * hosts without SSE2, and the reference the vector version is tested against. */
static inline void gaz_block_classify_swar(const unsigned char *p, gaz_block_masks *m)
{
    uint64_t space = 0, high = 0, word = 0, sep = 0;
    const uint64_t ones = 0x0101010101010101ull, hb = 0x8080808080808080ull;
    for (unsigned k = 0; k < 8; k++) {
        uint64_t w;
        memcpy(&w, p + 8 * k, 8);
        /* Per byte, without carries between bytes: each is reduced to 7 bits first. */
        const uint64_t x = w & ~hb, lx = x | (0x20 * ones);
        const uint64_t letter = (lx + (0x80 - 'a') * ones) & ~(lx + (0x80 - 'z' - 1) * ones);
        const uint64_t digit = (x + (0x80 - '0') * ones) & ~(x + (0x80 - '9' - 1) * ones);
        const uint64_t le20 = ~(x + (0x80 - 0x21) * ones);               /* x <= 0x20 */
        const uint64_t dsh = ~((x ^ ('-' * ones)) + (0x7F * ones));      /* x == '-' */
        const uint64_t dl = ~((x ^ (0x7F * ones)) + (0x7F * ones));      /* x == DEL */
        space |= gaz_gather8(le20 & ~w & hb) << (8 * k);
        high |= gaz_gather8(w & hb) << (8 * k);
        word |= gaz_gather8((letter | digit) & ~w & hb) << (8 * k);
        sep |= gaz_gather8((dsh | dl) & ~w & hb) << (8 * k);
    }
    m->space = space;
    m->high = high;
    m->word = word;
    m->sep = sep;
}

#if defined(__SSE2__)
static inline uint64_t gaz_movemask16(__m128i x, unsigned k)
{
    return (uint64_t)(uint16_t)_mm_movemask_epi8(x) << (16 * k);
}

/* The masks of p[0..64) (all 64 bytes readable). */
static inline void gaz_block_classify(const unsigned char *p, gaz_block_masks *m)
{
    uint64_t space = 0, high = 0, word = 0, sep = 0;
    const __m128i c20 = _mm_set1_epi8(0x20), dash = _mm_set1_epi8('-'), del = _mm_set1_epi8(0x7F);
    const __m128i to_a = _mm_set1_epi8((char)(0x80 - 'a')), to_0 = _mm_set1_epi8((char)(0x80 - '0'));
    const __m128i n26 = _mm_set1_epi8((char)(-128 + 26)), n10 = _mm_set1_epi8((char)(-128 + 10));
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 4
#endif
    for (unsigned k = 0; k < 4; k++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        /* Unsigned ranges as signed compares: x - lo + 0x80 is below -128 + count exactly when
         * lo <= x < lo + count. A byte >= 0x80 OR-ed with 0x20 never lands in 'a'..'z'. */
        const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(x, c20), to_a), n26);
        const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, to_0), n10);
        space |= gaz_movemask16(_mm_cmpeq_epi8(_mm_min_epu8(x, c20), x), k);
        high |= gaz_movemask16(x, k);
        word |= gaz_movemask16(_mm_or_si128(letter, digit), k);
        sep |= gaz_movemask16(_mm_or_si128(_mm_cmpeq_epi8(x, dash), _mm_cmpeq_epi8(x, del)), k);
    }
    m->space = space;
    m->high = high;
    m->word = word;
    m->sep = sep;
}
#else
#define gaz_block_classify gaz_block_classify_swar
#endif

/* The next token of a block: its offset in the block (returned) and its length *n. `toks` has a
 * bit at each token start (the first byte of a run of letters and digits, and each punctuation
 * character), `word` one at each letter or digit; the token is taken off toks. A word is read
 * lowercased (OR 0x20, see gaz_prefix), a punctuation character as itself ('`' as '\''). */
static inline unsigned gaz_block_token(uint64_t *toks, uint64_t word, size_t *n)
{
    const unsigned b = gaz_ctz64(*toks);
    *toks &= *toks - 1;
    *n = (word >> b & 1) ? gaz_ctz64(~(word >> b)) : 1; /* a run ends inside the block */
    return b;
}

#endif
