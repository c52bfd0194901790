/* tokenize_classes.c — what the tokenizer's files ask about characters and segments: the ASCII
 * byte classes (rc_tok_bits) and the W_* flags of a segment. The lowest file of the tokenizer:
 * the driver (tokenize.c), the rules (tokenize_rules.c) and the general path
 * (tokenize_general.c) all use it, and it uses none of them. */
#include <string.h>

#include "tokenize/tokenize.h"

/* ASCII rows generated from Python's str predicates and the sets in tokenize.h. */
const uint16_t rc_tok_bits[256] = {
    0x000, 0x000, 0x000, 0x000, 0x000, 0x000, 0x000, 0x000,  /* 00-07 */
    0x000, 0x020, 0x020, 0x020, 0x020, 0x020, 0x000, 0x000,  /* 08-0F */
    0x000, 0x000, 0x000, 0x000, 0x000, 0x000, 0x000, 0x000,  /* 10-17 */
    0x000, 0x000, 0x000, 0x000, 0x000, 0x000, 0x000, 0x000,  /* 18-1F */
    0x020, 0x240, 0x040, 0x240, 0x200, 0x640, 0x240, 0x3C0,  /* 20-27 */
    0x240, 0x240, 0x240, 0x600, 0x340, 0x640, 0x7C0, 0x240,  /* 28-2F */
    0x602, 0x602, 0x602, 0x602, 0x602, 0x602, 0x602, 0x602,  /* 30-37 */
    0x602, 0x602, 0x2C0, 0x340, 0x000, 0x200, 0x000, 0x240,  /* 38-3F */
    0x240, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601,  /* 40-47 */
    0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601,  /* 48-4F */
    0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601,  /* 50-57 */
    0x601, 0x601, 0x601, 0x240, 0x040, 0x240, 0x000, 0x650,  /* 58-5F */
    0x000, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601,  /* 60-67 */
    0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601,  /* 68-6F */
    0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601, 0x601,  /* 70-77 */
    0x601, 0x601, 0x601, 0x040, 0x000, 0x040, 0x200, 0x000,  /* 78-7F */
#define H8 B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH
    H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, /* 80-FF */
#undef H8
};

/* The W_* flag of the character at a (its length in *n). */
static inline unsigned char_flag(const tok *t, size_t a, int *n)
{
    unsigned c = t->s[a];
    if (c < 0x80) {
        unsigned b = rc_tok_bits[c];
        *n = 1;
        if (b & B_LETTER) return W_LETTER;
        if (b & B_DIGIT) return W_DIGIT;
        if (c == '_') return W_UNDER;
        if (c == '.') return W_DOT;
        if (c == '\'') return W_APOS;
        return W_OTHER;
    }
    int32_t cp = rc_tok_char(t, a, n);
    switch (ts_class(cp)) {
    case TS_LETTER: return W_LETTER;
    case TS_DIGIT: return W_DIGIT;
    default:
        if (cp == APOS_RIGHT) return W_APOS;
        if (rc_word_prop(cp) == RC_WB_MidNumLet && cp != 0x2018) return W_DOT; /* ．﹒ */
        return W_OTHER;
    }
}

/* The flags (W_*) of s[a..e). */
unsigned rc_tok_word_flags(const tok *t, size_t a, size_t e)
{
    unsigned f = 0;
    while (a < e) {
        int n;
        f |= char_flag(t, a, &n);
        a += (size_t)n;
    }
    return f;
}

void rc_tok_word_flag_ends(const tok *t, size_t a, size_t e, size_t ends[W_NFLAGS])
{
    memset(ends, 0, W_NFLAGS * sizeof ends[0]);
    while (a < e) {
        int n;
        unsigned f = char_flag(t, a, &n);
        a += (size_t)n;
        ends[__builtin_ctz(f)] = a;
    }
}
