/* abbreviations.c — the documented abbreviation list, the letter-period pattern and the
 * sentence-starter words (docs/tokenization.md has the same lists for readers).
 *
 * The tokenizer asks "does this word keep its period?" and the sentence splitter "can the period
 * after this word end a sentence?"; both answers come from here so that they never disagree. */
#include "tokenize/abbrev.h"

#include <stdint.h>
#include <string.h>

#include "gen/segment_props.h"
#include "segment/segment.h"

/* The tables (lengths[], abbrev_slots[], starter_slots[]) are generated from tools/data/ by
 * tools/gen_abbreviations.py, which also grows them from the UD English dev splits and UNGDC.
 * Dotted entries of single letters (e.g, u.s) are also covered by the letter-period pattern;
 * they are listed for their class or to document them. The article "A" is no starter: it is
 * also an initial ("J. A. Smith").
 *
 * Both lookups are a perfect hash (one probe, hit or miss; the generator explains it): the
 * splitter asks them for nearly every capitalized word after a period, and a binary search with
 * string comparisons cost it several hundred instructions each time. */
#include "gen/abbrev_table.h"

/* The bits of the generator's hash of the key k0, k1: the bucket is the top rb bits, the slot
 * base the sb bits below them (the multiplications mix every key byte into the top bits). */
static inline uint64_t key_hash(uint64_t k0, uint64_t k1, uint64_t m1, uint64_t m2)
{
    return (k1 * m1 + k0) * m2;
}

/* Where the abbreviation k0 would be: its slot, or NULL when it is not listed. */
static const abbrev_slot *abbrev_find(uint64_t k0)
{
    uint64_t x = key_hash(k0, 0, RC_ABBREV_M1, RC_ABBREV_M2);
    size_t slot = (size_t)((x >> (64 - RC_ABBREV_RB - RC_ABBREV_SB)) + abbrev_disp[x >> (64 - RC_ABBREV_RB)]) &
                  ((1u << RC_ABBREV_SB) - 1);
    return abbrev_slots[slot].k0 == k0 ? &abbrev_slots[slot] : NULL;
}

/* Whether the starter word k0, k1 is listed. */
static int starter_find(uint64_t k0, uint64_t k1)
{
    uint64_t x = key_hash(k0, k1, RC_STARTER_M1, RC_STARTER_M2);
    size_t slot = (size_t)((x >> (64 - RC_STARTER_RB - RC_STARTER_SB)) + starter_disp[x >> (64 - RC_STARTER_RB)]) &
                  ((1u << RC_STARTER_SB) - 1);
    return starter_slots[slot].k0 == k0 && starter_slots[slot].k1 == k1;
}

/* The keys are built eight bytes at a time ("SWAR"): per-byte tests on a 64-bit number whose
 * bytes are all ASCII, so that no addition carries into the next byte. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* s[0..n), n <= 8, as a little-endian number, zero-padded; every load stays inside s[0..n). */
static inline uint64_t load_le(const unsigned char *s, size_t n)
{
    if (n >= 4) { /* two overlapping 4-byte loads */
        const unsigned char *t = s + n - 4;
        uint64_t lo = (uint64_t)s[0] | (uint64_t)s[1] << 8 | (uint64_t)s[2] << 16 | (uint64_t)s[3] << 24;
        uint64_t hi = (uint64_t)t[0] | (uint64_t)t[1] << 8 | (uint64_t)t[2] << 16 | (uint64_t)t[3] << 24;
        return lo | hi << (8 * (n - 4));
    }
    if (n == 0) return 0;
    return (uint64_t)s[0] | (uint64_t)s[n >> 1] << (8 * (n >> 1)) | (uint64_t)s[n - 1] << (8 * (n - 1));
}

/* The high bit of each byte of x (all ASCII) that is a capital A-Z. */
static inline uint64_t capitals(uint64_t x)
{
    return (x + 0x3F * ONES) & ~(x + 0x25 * ONES) & HIGH;
}

/* The high bit of each of the first n bytes, n <= 8. */
static inline uint64_t first_bytes(size_t n)
{
    return n >= 8 ? HIGH : HIGH & ((UINT64_C(1) << (8 * n)) - 1);
}

/* A NUL ends the key: "dr\0x" is "dr", as in the C string that the lookups compared before
 * they hashed (the answers stay the same). nuls: the high bit of each NUL among the bytes `in`
 * (high bits) of k (all ASCII), 0 when there is none; cut: k before the first of them. */
static inline uint64_t nuls(uint64_t k, uint64_t in)
{
    return in & ~((k + 0x7F * ONES) & HIGH);
}

static inline uint64_t cut(uint64_t k, uint64_t nul)
{
    return k & (((nul & (~nul + 1)) >> 7) - 1);
}

/* A single letter: an ASCII letter or one code point of Word_Break ALetter/Hebrew_Letter, with
 * any combining marks after it. Returns its length in bytes, or 0. */
static size_t one_letter(const unsigned char *s, size_t n)
{
    if (n == 0) return 0;
    size_t i;
    if (s[0] < 0x80) {
        unsigned c = s[0] | 0x20;
        if (c < 'a' || c > 'z') return 0;
        i = 1;
    } else {
        int32_t cp;
        int k = rc_seg_decode(s, n, 0, &cp);
        int wb = rc_word_prop(cp);
        if (wb != RC_WB_ALetter && wb != RC_WB_Hebrew_Letter) return 0;
        i = (size_t)k;
    }
    while (i < n && s[i] >= 0x80) { /* combining marks stay with their letter */
        int32_t cp;
        int k = rc_seg_decode(s, n, i, &cp);
        int wb = rc_word_prop(cp);
        if (wb != RC_WB_Extend && wb != RC_WB_Format && wb != RC_WB_ZWJ) break;
        i += (size_t)k;
    }
    return i;
}

int rc_abbrev_letter_pattern(const unsigned char *s, size_t n)
{
    size_t i = 0;
    int letters = 0;
    for (;;) {
        size_t k = one_letter(s + i, n - i);
        if (!k) return 0;
        i += k;
        letters++;
        if (i == n) return letters >= 2;
        if (s[i] != '.') return 0;
        i++;
    }
}

/* Both lookups read the word as its key: ASCII lower-cased, as two little-endian 64-bit numbers
 * (bytes 0-7, 8-15), zero-padded, up to a NUL. A word with a byte outside ASCII is not listed. */

int rc_abbrev_class(const unsigned char *s, size_t n)
{
    if (n == 0) return RC_ABBR_NONE;
    /* Listed entries are short; only the pattern has periods to check. */
    unsigned c0 = s[0] | 0x20;
    if (n <= RC_ABBREV_MAX_LEN && c0 - 'a' < 26u && (lengths[c0 - 'a'] >> n & 1)) {
        uint64_t k = load_le(s, n);
        if (!(k & HIGH)) { /* ASCII */
            uint64_t nul = nuls(k, first_bytes(n));
            if (nul) k = cut(k, nul);
            const abbrev_slot *e = abbrev_find(k | capitals(k) >> 2);
            if (e && !(e->cap && (unsigned)(s[0] - 'A') >= 26u)) return e->cls;
        }
    }
    /* The pattern needs a period after the first letter: an ASCII letter (no combining mark after
     * it) must have it second, which rules most words out without a scan. */
    if (n < 3 || (s[0] < 0x80 && s[1] < 0x80 && s[1] != '.')) return RC_ABBR_NONE;
    return memchr(s, '.', n) && rc_abbrev_letter_pattern(s, n) ? RC_ABBR_COMMON : RC_ABBR_NONE;
}

int rc_sentence_starter(const unsigned char *s, size_t n)
{
    if (n == 0 || n > RC_ABBREV_KEY_MAX || (unsigned)(s[0] - 'A') >= 26u) return 0;
    uint64_t k0 = load_le(s, n < 8 ? n : 8), k1 = n > 8 ? load_le(s + 8, n - 8) : 0;
    if ((k0 | k1) & HIGH) return 0; /* not ASCII */
    uint64_t in0 = first_bytes(n), in1 = n > 8 ? first_bytes(n - 8) : 0;
    uint64_t up0 = capitals(k0), up1 = capitals(k1);
    /* "The" or "THE", not "tHe": after the first letter, capitals everywhere or nowhere */
    uint64_t rest0 = in0 & ~(uint64_t)0x80, caps = up0 >> 15 & 1;
    if ((up0 & rest0) != (caps ? rest0 : 0) || (up1 & in1) != (caps ? in1 : 0)) return 0;
    k0 |= up0 >> 2, k1 |= up1 >> 2;
    uint64_t nul = nuls(k0, in0);
    if (nul) k0 = cut(k0, nul), k1 = 0;
    else if ((nul = nuls(k1, in1)) != 0) k1 = cut(k1, nul);
    return starter_find(k0, k1);
}

/* The key of the word w (lower case, at most RC_ABBREV_KEY_MAX bytes) into k. */
static void word_key(const char *w, uint64_t k[2])
{
    k[0] = k[1] = 0;
    for (size_t i = 0; w[i]; i++) k[i >> 3] |= (uint64_t)(unsigned char)w[i] << (8 * (i & 7));
}

/* Decodes the key k into w (RC_ABBREV_KEY_MAX + 1 bytes); 0 if it is no lower-case ASCII word. */
static size_t key_word(const uint64_t k[2], char *w)
{
    size_t n = 0;
    while (n < 16 && (k[n >> 3] >> (8 * (n & 7)) & 0xFF)) {
        unsigned c = k[n >> 3] >> (8 * (n & 7)) & 0xFF;
        if (c >= 0x80 || c - 'A' < 26u) return 0;
        w[n++] = (char)c;
    }
    if (n > RC_ABBREV_KEY_MAX) return 0;
    w[n] = '\0';
    for (size_t i = n; i < 16; i++) /* nothing after the word */
        if (k[i >> 3] >> (8 * (i & 7)) & 0xFF) return 0;
    return n;
}

int rc_abbrev_selfcheck(void)
{
    char w[RC_ABBREV_KEY_MAX + 1];
    uint64_t k[2];
    size_t abbrevs = 0, starters = 0;
    for (size_t i = 0; i < sizeof abbrev_slots / sizeof abbrev_slots[0]; i++) {
        const abbrev_slot *e = &abbrev_slots[i];
        if (e->k0 == 0) continue;
        k[0] = e->k0, k[1] = 0;
        size_t len = key_word(k, w);
        if (len == 0 || len > RC_ABBREV_MAX_LEN || w[0] < 'a' || w[0] > 'z') return -1;
        if (!(lengths[w[0] - 'a'] >> len & 1) || abbrev_find(e->k0) != e) return -1;
        if (e->cls < RC_ABBR_TITLE || e->cls > RC_ABBR_FINAL) return -1;
        w[0] = (char)(w[0] - 32); /* "Sat": every entry matches capitalized */
        if (rc_abbrev_class((const unsigned char *)w, len) != e->cls) return -1;
        w[0] = (char)(w[0] + 32);
        if (e->cap && rc_abbrev_class((const unsigned char *)w, len) == e->cls &&
            !rc_abbrev_letter_pattern((const unsigned char *)w, len))
            return -1;
        abbrevs++;
    }
    for (size_t i = 0; i < sizeof starter_slots / sizeof starter_slots[0]; i++) {
        const starter_slot *e = &starter_slots[i];
        if (e->k0 == 0 && e->k1 == 0) continue;
        k[0] = e->k0, k[1] = e->k1;
        size_t len = key_word(k, w);
        if (len == 0 || !starter_find(e->k0, e->k1)) return -1;
        uint64_t again[2];
        word_key(w, again);
        if (again[0] != e->k0 || again[1] != e->k1) return -1;
        w[0] = (char)(w[0] - 32); /* "However" */
        if (!rc_sentence_starter((const unsigned char *)w, len)) return -1;
        starters++;
    }
    return abbrevs > 0 && starters > 0 ? 0 : -1;
}
