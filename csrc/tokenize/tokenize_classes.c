/* tokenize_classes.c — what the tokenizer's files ask about characters and segments: the ASCII
 * byte classes (rc_tok_bits) and the W_* flags of a segment. The lowest file of the tokenizer:
 * the driver (tokenize.c), the rules (tokenize_rules.c) and the general path
 * (tokenize_general.c) all use it, and it uses none of them. */
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

/* The flags (W_*) of s[a..e). */
unsigned rc_tok_word_flags(const tok *t, size_t a, size_t e)
{
    unsigned f = 0;
    while (a < e) {
        unsigned c = t->s[a];
        if (c < 0x80) {
            unsigned b = rc_tok_bits[c];
            if (b & B_LETTER) f |= W_LETTER;
            else if (b & B_DIGIT) f |= W_DIGIT;
            else if (c == '_') f |= W_UNDER;
            else if (c == '.') f |= W_DOT;
            else if (c == '\'') f |= W_APOS;
            else f |= W_OTHER;
            a++;
            continue;
        }
        int n;
        int32_t cp = rc_tok_char(t, a, &n);
        switch (ts_class(cp)) {
        case TS_LETTER: f |= W_LETTER; break;
        case TS_DIGIT: f |= W_DIGIT; break;
        default:
            if (cp == APOS_RIGHT) f |= W_APOS;
            else if (rc_word_prop(cp) == RC_WB_MidNumLet && cp != 0x2018) f |= W_DOT; /* ．﹒ */
            else f |= W_OTHER;
        }
        a += (size_t)n;
    }
    return f;
}
