/* textscan.h — character helpers shared by the tokenizer and the sentence splitter: lenient
 * decoding (invalid UTF-8 is one U+FFFD per maximal invalid subpart, as in segment.c), the
 * character classes their rules talk about, and the code point index walker that turns byte
 * offsets into str indices in the same pass. Inline: all of it sits on hot paths. */
#ifndef RC_TEXTSCAN_H
#define RC_TEXTSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

#include "gen/segment_props.h"
#include "segment/segment.h"
#include "base/utf8.h"

/* Decodes the character at s[i] (i < len): returns its length, *cp is U+FFFD for an invalid
 * subpart. */
static inline int ts_char(const unsigned char *s, size_t len, size_t i, int32_t *cp)
{
    if (s[i] < 0x80) {
        *cp = s[i];
        return 1;
    }
    int n = rc_utf8_decode(s + i, len - i, cp);
    if (n) return n;
    *cp = 0xFFFD;
    return rc_utf8_invalid_len(s + i, len - i);
}

/* Start of the character that ends at `end` (0 < end <= len, end a character boundary). An
 * invalid subpart never swallows a byte that is not a continuation byte, so the character is
 * the nearest such byte when decoding there ends exactly at `end`, else a lone byte. */
static inline size_t ts_prev(const unsigned char *s, size_t len, size_t end)
{
    if (s[end - 1] < 0x80) return end - 1;
    for (size_t k = 1; k <= 4 && k <= end; k++) {
        size_t st = end - k;
        if ((s[st] & 0xC0) == 0x80) continue;
        int32_t cp;
        return (size_t)ts_char(s, len, st, &cp) == k ? st : end - 1;
    }
    return end - 1;
}

/* Unicode White_Space (PropList.txt; stable since Unicode 6.3). */
static inline int ts_is_space(int32_t c)
{
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Whether cp continues the grapheme cluster before it whatever that is (GB9, GB9a). */
static inline int ts_attaches(int32_t cp)
{
    if (cp < 0x300) return 0;
    int g = rc_grapheme_prop(cp);
    return g == RC_GB_Extend || g == RC_GB_ZWJ || g == RC_GB_SpacingMark;
}

/* Classes of characters for the rules: letters (also ideographs and syllables), digits, marks
 * (what UAX #29 ignores inside words: Extend, Format, ZWJ), anything else. */
enum { TS_OTHER = 0, TS_LETTER = 1, TS_DIGIT = 2, TS_MARK = 3 };

static inline int ts_class(int32_t cp)
{
    if (cp < 0x80) {
        unsigned c = (unsigned)cp | 0x20;
        if (c >= 'a' && c <= 'z') return TS_LETTER;
        if (cp >= '0' && cp <= '9') return TS_DIGIT;
        return TS_OTHER;
    }
    switch (rc_word_prop(cp)) {
    case RC_WB_ALetter:
    case RC_WB_Hebrew_Letter:
    case RC_WB_Katakana: return TS_LETTER;
    case RC_WB_Numeric: return TS_DIGIT;
    case RC_WB_Extend:
    case RC_WB_Format:
    case RC_WB_ZWJ: return TS_MARK;
    default: break;
    }
    utf8proc_category_t gc = utf8proc_category(cp);
    if (gc >= UTF8PROC_CATEGORY_LU && gc <= UTF8PROC_CATEGORY_LO) return TS_LETTER;
    if (gc >= UTF8PROC_CATEGORY_MN && gc <= UTF8PROC_CATEGORY_ME) return TS_MARK;
    if (gc >= UTF8PROC_CATEGORY_ND && gc <= UTF8PROC_CATEGORY_NO) return TS_DIGIT;
    return TS_OTHER;
}

/* Upper- and lower-case letters as the sentence rules see them (Sentence_Break Upper/Lower). */
static inline int ts_is_upper(int32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    return rc_sentence_prop(cp) == RC_SB_Upper;
}

static inline int ts_is_lower(int32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    return rc_sentence_prop(cp) == RC_SB_Lower;
}

/* Turns non-decreasing byte offsets into code point indices, counting each character once
 * (an invalid subpart is one). Going back is supported over ASCII (the e-mail rule re-reads its
 * local part); anything else restarts from the beginning, which is correct but slow. */
typedef struct {
    const unsigned char *s;
    size_t len;
    size_t byte;
    int64_t index;
} ts_walker;

static inline int64_t ts_index(ts_walker *w, size_t b)
{
    const unsigned char *s = w->s;
    size_t i = w->byte;
    int64_t idx = w->index;
    if (b < i) {
        size_t k = b;
        while (k < i && s[k] < 0x80) k++;
        if (k == i) {
            idx -= (int64_t)(i - b);
            i = b;
        } else {
            i = 0;
            idx = 0;
        }
    }
    while (i < b) {
        if (s[i] < 0x80) {
            i++;
        } else {
            int32_t cp;
            i += (size_t)ts_char(s, w->len, i, &cp);
        }
        idx++;
    }
    w->byte = i;
    w->index = idx;
    return idx;
}

#endif
