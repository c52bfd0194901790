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

typedef struct {
    const char *word; /* lower case, without the final period */
    int cls;
    int cap; /* matches only a capitalized word: "Sat." and "Ill.", not "sat." and "ill." */
} abbrev_entry;

/* The tables (abbrevs[], lengths[], starters[]) are generated from tools/data/ by
 * tools/gen_abbreviations.py, which also grows them from the UD English dev splits and UNGDC.
 * Dotted entries of single letters (e.g, u.s) are also covered by the letter-period pattern;
 * they are listed for their class or to document them. The article "A" is no starter: it is
 * also an initial ("J. A. Smith"). */
#include "gen/abbrev_table.h"

#define MAX_KEY 16

/* Lower-cases s[0..n) (ASCII only) into key; 0 if it is too long or not ASCII. */
static int make_key(const unsigned char *s, size_t n, char *key)
{
    if (n == 0 || n >= MAX_KEY) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c >= 0x80) return 0;
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    key[n] = '\0';
    return 1;
}

/* Binary search for key in a sorted array of `count` records of `stride` bytes, each starting
 * with a `const char *`. Returns the index or -1. */
static int find_sorted(const char *key, const void *base, size_t count, size_t stride)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *w = *(const char *const *)((const char *)base + mid * stride);
        /* most probes differ in the first letter: no call for them */
        int c = (unsigned char)key[0] - (unsigned char)w[0];
        if (c == 0) c = strcmp(key, w);
        if (c == 0) return (int)mid;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return -1;
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

int rc_abbrev_class(const unsigned char *s, size_t n)
{
    char key[MAX_KEY];
    /* Listed entries are short; only the pattern has periods to check. */
    unsigned c0 = s[0] | 0x20;
    if (n <= RC_ABBREV_MAX_LEN && c0 >= 'a' && c0 <= 'z' && (lengths[c0 - 'a'] >> n & 1) &&
        make_key(s, n, key)) {
        int i = find_sorted(key, abbrevs, sizeof abbrevs / sizeof abbrevs[0], sizeof abbrevs[0]);
        if (i >= 0 && !(abbrevs[i].cap && !(s[0] >= 'A' && s[0] <= 'Z'))) return abbrevs[i].cls;
    }
    return n >= 3 && memchr(s, '.', n) && rc_abbrev_letter_pattern(s, n) ? RC_ABBR_COMMON
                                                                        : RC_ABBR_NONE;
}

int rc_sentence_starter(const unsigned char *s, size_t n)
{
    char key[MAX_KEY];
    if (!make_key(s, n, key) || s[0] < 'A' || s[0] > 'Z') return 0;
    /* "The" or "THE", not "tHe" */
    int caps = n > 1 && s[1] >= 'A' && s[1] <= 'Z';
    for (size_t i = 1; i < n; i++) {
        int upper = s[i] >= 'A' && s[i] <= 'Z';
        if (upper != caps) return 0;
    }
    return find_sorted(key, starters, sizeof starters / sizeof starters[0], sizeof starters[0]) >= 0;
}

int rc_abbrev_selfcheck(void)
{
    size_t n = sizeof abbrevs / sizeof abbrevs[0];
    for (size_t i = 0; i < n; i++) {
        const char *w = abbrevs[i].word;
        size_t len = strlen(w);
        if (i > 0 && strcmp(abbrevs[i - 1].word, w) >= 0) return -1;
        if (len > RC_ABBREV_MAX_LEN || len >= MAX_KEY || w[0] < 'a' || w[0] > 'z') return -1;
        if (!(lengths[w[0] - 'a'] >> len & 1)) return -1;
        char cap[MAX_KEY];
        memcpy(cap, w, len);
        cap[0] = (char)(cap[0] - 32); /* "Sat": every entry matches capitalized */
        if (rc_abbrev_class((const unsigned char *)cap, len) != abbrevs[i].cls) return -1;
        if (abbrevs[i].cap && rc_abbrev_class((const unsigned char *)w, len) == abbrevs[i].cls &&
            !rc_abbrev_letter_pattern((const unsigned char *)w, len))
            return -1;
    }
    size_t m = sizeof starters / sizeof starters[0];
    for (size_t i = 1; i < m; i++)
        if (strcmp(starters[i - 1], starters[i]) >= 0) return -1;
    return 0;
}
