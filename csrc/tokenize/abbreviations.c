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
} abbrev_entry;

/* Sorted by strcmp (rc_abbrev_selfcheck checks it). Dotted entries of single letters
 * (e.g, u.s) are also covered by the letter-period pattern; they are listed for their class or
 * to document them. */
static const abbrev_entry abbrevs[] = {
    {"a.m", RC_ABBR_COMMON}, {"adm", RC_ABBR_TITLE}, {"al", RC_ABBR_COMMON},
    {"amb", RC_ABBR_TITLE}, {"approx", RC_ABBR_COMMON}, {"apr", RC_ABBR_COMMON},
    {"art", RC_ABBR_NUMBERED}, {"arts", RC_ABBR_NUMBERED}, {"aug", RC_ABBR_COMMON},
    {"bros", RC_ABBR_COMMON}, {"ca", RC_ABBR_COMMON}, {"capt", RC_ABBR_TITLE},
    {"cf", RC_ABBR_TITLE}, {"ch", RC_ABBR_NUMBERED}, {"chap", RC_ABBR_NUMBERED},
    {"cmdr", RC_ABBR_TITLE}, {"co", RC_ABBR_COMMON}, {"col", RC_ABBR_TITLE},
    {"corp", RC_ABBR_COMMON}, {"dec", RC_ABBR_COMMON}, {"dept", RC_ABBR_COMMON},
    {"dr", RC_ABBR_TITLE}, {"dra", RC_ABBR_TITLE}, {"drs", RC_ABBR_TITLE}, {"e.g", RC_ABBR_TITLE},
    {"esq", RC_ABBR_COMMON}, {"est", RC_ABBR_COMMON}, {"etc", RC_ABBR_COMMON},
    {"feb", RC_ABBR_COMMON}, {"fig", RC_ABBR_NUMBERED}, {"figs", RC_ABBR_NUMBERED},
    {"fr", RC_ABBR_TITLE}, {"gen", RC_ABBR_TITLE}, {"gov", RC_ABBR_TITLE},
    {"govt", RC_ABBR_COMMON}, {"h.e", RC_ABBR_TITLE}, {"hon", RC_ABBR_TITLE},
    {"i.e", RC_ABBR_TITLE}, {"inc", RC_ABBR_COMMON}, {"intl", RC_ABBR_COMMON},
    {"jan", RC_ABBR_COMMON}, {"jr", RC_ABBR_COMMON}, {"jul", RC_ABBR_COMMON},
    {"jun", RC_ABBR_COMMON}, {"lt", RC_ABBR_TITLE}, {"ltd", RC_ABBR_COMMON},
    {"maj", RC_ABBR_TITLE}, {"mar", RC_ABBR_COMMON}, {"messrs", RC_ABBR_TITLE},
    {"mgr", RC_ABBR_TITLE}, {"mlle", RC_ABBR_TITLE}, {"mme", RC_ABBR_TITLE},
    {"mmes", RC_ABBR_TITLE}, {"mr", RC_ABBR_TITLE}, {"mrs", RC_ABBR_TITLE}, {"ms", RC_ABBR_TITLE},
    {"mt", RC_ABBR_TITLE}, {"no", RC_ABBR_NUMBERED}, {"nos", RC_ABBR_NUMBERED},
    {"nov", RC_ABBR_COMMON}, {"nr", RC_ABBR_NUMBERED}, {"oct", RC_ABBR_COMMON},
    {"p", RC_ABBR_NUMBERED}, {"p.m", RC_ABBR_COMMON}, {"para", RC_ABBR_NUMBERED},
    {"paras", RC_ABBR_NUMBERED}, {"ph.d", RC_ABBR_COMMON}, {"pp", RC_ABBR_NUMBERED},
    {"pres", RC_ABBR_TITLE}, {"prof", RC_ABBR_TITLE}, {"profs", RC_ABBR_TITLE},
    {"rep", RC_ABBR_TITLE}, {"res", RC_ABBR_NUMBERED}, {"rev", RC_ABBR_TITLE},
    {"sec", RC_ABBR_NUMBERED}, {"sen", RC_ABBR_TITLE}, {"sep", RC_ABBR_COMMON},
    {"sept", RC_ABBR_COMMON}, {"sgt", RC_ABBR_TITLE}, {"sr", RC_ABBR_COMMON},
    {"sra", RC_ABBR_TITLE}, {"srta", RC_ABBR_TITLE}, {"st", RC_ABBR_TITLE},
    {"u.k", RC_ABBR_COMMON}, {"u.n", RC_ABBR_COMMON}, {"u.s", RC_ABBR_COMMON},
    {"univ", RC_ABBR_COMMON}, {"viz", RC_ABBR_TITLE}, {"vol", RC_ABBR_NUMBERED},
    {"vols", RC_ABBR_NUMBERED}, {"vs", RC_ABBR_TITLE},
};

/* Words that start sentences far more often than they follow an abbreviation inside a name
 * ("the U.S. The ..." ends a sentence, "the U.S. Senate" does not). Sorted, lower case. The
 * article "A" is left out: it is also an initial ("J. A. Smith"). */
static const char *const starters[] = {
    "accordingly", "after", "all", "also", "although", "and", "any", "as", "at", "because",
    "before", "but", "by", "each", "every", "finally", "for", "from", "furthermore", "he", "hence",
    "her", "here", "his", "how", "however", "i", "if", "in", "indeed", "instead", "it", "its",
    "let", "likewise", "many", "meanwhile", "moreover", "most", "my", "nevertheless", "nor", "not",
    "now", "on", "one", "or", "otherwise", "our", "she", "similarly", "since", "so", "some",
    "such", "that", "the", "their", "then", "there", "therefore", "these", "they", "this", "those",
    "though", "thus", "to", "today", "we", "what", "when", "where", "which", "while", "who", "why",
    "with", "without", "yet", "you",
};

/* A quick filter before the binary search (most words before a period are no abbreviation):
 * bit n of lengths[c - 'a'] is set when some entry starts with letter c and has n characters.
 * rc_abbrev_selfcheck() verifies it against the table. */
static const uint8_t lengths[26] = {
    0x5C, 0x10, 0x1C, 0x1C, 0x08, 0x1C, 0x18, 0x08, 0x18, 0x0C, 0x00, 0x0C, 0x5C,
    0x0C, 0x08, 0x3E, 0x00, 0x08, 0x1C, 0x00, 0x18, 0x1C, 0x00, 0x00, 0x00, 0x00};

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
        int c = strcmp(key, w);
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
    /* Listed entries have at most six characters; only the pattern has periods to check. */
    unsigned c0 = s[0] | 0x20;
    if (n <= 6 && c0 >= 'a' && c0 <= 'z' && (lengths[c0 - 'a'] >> n & 1) && make_key(s, n, key)) {
        int i = find_sorted(key, abbrevs, sizeof abbrevs / sizeof abbrevs[0], sizeof abbrevs[0]);
        if (i >= 0) return abbrevs[i].cls;
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
        if (len > 6 || len >= MAX_KEY || w[0] < 'a' || w[0] > 'z') return -1;
        if (!(lengths[w[0] - 'a'] >> len & 1)) return -1;
        if (rc_abbrev_class((const unsigned char *)w, len) != abbrevs[i].cls) return -1;
    }
    size_t m = sizeof starters / sizeof starters[0];
    for (size_t i = 1; i < m; i++)
        if (strcmp(starters[i - 1], starters[i]) >= 0) return -1;
    return 0;
}
