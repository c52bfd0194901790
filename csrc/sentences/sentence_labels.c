/* sentence_labels.c — labels that stand as sentences of their own without a terminator, looked
 * for at a sentence start: a caption label ("Figure 1.5 Residents of"), a place in a sequence
 * ("Part 1 of 2:"), a byline ("By Jane Doe"), a run of hashtags, a bracketed remark; and a
 * Creative Commons licence that ends an image credit. (Section names are headings:
 * sentence_evidence.c.) Each looks at a bounded number of bytes. */
#include <string.h>

#include "sentences/sentences.h"
#include "tokenize/abbrev.h"

static int upper(unsigned c)
{
    return c >= 'A' && c <= 'Z';
}

static int lower(unsigned c)
{
    return c >= 'a' && c <= 'z';
}

/* The end of the ASCII letters at a, at most 16 of them. */
static size_t letters(const unsigned char *s, size_t len, size_t a)
{
    size_t e = a;
    while (e < len && e - a < 16 && (lower(s[e]) || upper(s[e]))) e++;
    return e;
}

/* A capitalized word at a: a capital, then lower-case letters (not "I", "UN"). */
static int capitalized(const unsigned char *s, size_t len, size_t a)
{
    return a + 1 < len && upper(s[a]) && lower(s[a + 1]);
}

/* The end of a number at a: "3", "1.5", "2a", "10.2.1"; a if there is none. */
static size_t label_number(const unsigned char *s, size_t len, size_t a)
{
    size_t d = a;
    if (d >= len || s[d] < '0' || s[d] > '9') return a;
    while (d < len && d - a < 11 && ((s[d] >= '0' && s[d] <= '9') ||
                                     (s[d] == '.' && d + 1 < len && s[d + 1] >= '0' && s[d + 1] <= '9') || lower(s[d])))
        d++;
    return d;
}

size_t sent_caption(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, e = letters(s, len, i);
    size_t n = e - i;
    if (e + 2 >= len) return NONE;
    int caption = (n == 6 && memcmp(s + i, "Figure", 6) == 0) || (n == 5 && memcmp(s + i, "Table", 5) == 0) ||
                  (n == 3 && memcmp(s + i, "Fig", 3) == 0 && s[e] == '.');
    int part = (n == 4 && memcmp(s + i, "Part", 4) == 0) || (n == 4 && memcmp(s + i, "Step", 4) == 0);
    if (!caption && !part) return NONE;
    e += s[e] == '.';
    if (s[e] != ' ') return NONE;
    size_t d = label_number(s, len, e + 1);
    if (d == e + 1) return NONE;
    /* "Part 1 of 2", "Step 3 of 5": a place in a sequence; a caption's number needs nothing more */
    if (d + 4 < len && s[d] == ' ' && s[d + 1] == 'o' && s[d + 2] == 'f' && s[d + 3] == ' ') {
        size_t m = label_number(s, len, d + 4);
        if (m == d + 4) return NONE;
        d = m;
    } else if (part) {
        return NONE;
    }
    d += d < len && s[d] == ':';
    return d + 2 < len && s[d] == ' ' && upper(s[d + 1]) ? d : NONE;
}

/* The end of a byline's name at a (after "By "): one to three capitalized words, followed by a
 * space and the start of something else: a capital, a quote or a hashtag. NONE if none. */
static size_t byline_name(const unsigned char *s, size_t len, size_t a)
{
    for (int k = 0; k < 3; k++) {
        if (!capitalized(s, len, a)) return NONE;
        size_t e = letters(s, len, a);
        if (e + 1 >= len || s[e] != ' ') return NONE;
        unsigned c = s[e + 1];
        if (c == '#' || c == '"' || (c == 0xE2 && e + 3 < len && s[e + 2] == 0x80 && s[e + 3] == 0x9C))
            return e;
        if (k > 0 && upper(c) && !capitalized(s, len, e + 1)) return NONE; /* "By Jane DOE" */
        if (k > 0 && capitalized(s, len, e + 1) && rc_sentence_starter(s + e + 1, letters(s, len, e + 1) - e - 1))
            return e;
        a = e + 1;
    }
    return NONE;
}

size_t sent_byline(const sent *st, size_t i, int title)
{
    const unsigned char *s = st->s;
    size_t len = st->len;
    if (i + 3 < len && s[i] == 'B' && s[i + 1] == 'y' && s[i + 2] == ' ') return byline_name(s, len, i + 3);
    if (!title) return NONE;
    /* a title before the byline: up to sixteen words in title case, commas and colons allowed */
    size_t a = i, pe = NONE;
    for (int k = 0; k < 16; k++) {
        size_t e = letters(s, len, a);
        if (e == a || e + 1 >= len) return NONE;
        if (k > 0 && e == a + 2 && s[a] == 'B' && s[a + 1] == 'y' && s[e] == ' ')
            return byline_name(s, len, e + 1) != NONE ? pe : NONE;
        if (!upper(s[a]) && !sent_function_word(s, a, e)) return NONE;
        if (s[e] == ',' || s[e] == ':') e++;
        if (e + 1 >= len || s[e] != ' ') return NONE;
        pe = e;
        a = e + 1;
    }
    return NONE;
}

size_t sent_hashtags(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, a = i;
    int tags = 0;
    while (a + 1 < len && s[a] == '#' && tags < 32) {
        size_t e = a + 1;
        while (e < len && e - a < 40 && (lower(s[e]) || upper(s[e]) || (s[e] >= '0' && s[e] <= '9') || s[e] == '_'))
            e++;
        if (e == a + 1 || e + 1 >= len || s[e] != ' ') return NONE;
        tags++;
        if (s[e + 1] != '#') return tags >= 2 && capitalized(s, len, e + 1) ? e : NONE;
        a = e + 1;
    }
    return NONE;
}

size_t sent_licence(const sent *st, size_t p)
{
    const unsigned char *s = st->s;
    size_t len = st->len;
    /* p is the period of a version "2.0", "4.0": the licence "CC BY[-SA|-NC|-ND...]" before it */
    if (p < 9 || p + 3 >= len || s[p - 2] != ' ' || s[p + 1] < '0' || s[p + 1] > '9') return NONE;
    size_t b = p - 2; /* the space before the version */
    size_t a = b;
    while (a > 0 && b - a < 12 && (upper(s[a - 1]) || s[a - 1] == '-')) a--;
    if (a < 3 || b - a < 2 || s[a - 1] != ' ' || memcmp(s + a, "BY", 2) != 0 || s[a - 2] != 'C' ||
        s[a - 3] != 'C')
        return NONE;
    size_t e = p + 2;
    while (e < len && s[e] >= '0' && s[e] <= '9') e++;
    return e + 2 < len && s[e] == ' ' && capitalized(s, len, e + 1) ? e : NONE;
}

size_t sent_bracketed(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, e = i + 1;
    int spaces = 0;
    /* one line of at most 160 bytes: no terminator, no other bracket */
    while (e < len && e - i < 160 && s[e] != ')') {
        unsigned c = s[e];
        if (c == '(' || c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r') return NONE;
        spaces += c == ' ';
        e++;
    }
    if (e + 3 >= len || s[e] != ')' || spaces < 2 || s[e + 1] != ' ' || !capitalized(s, len, e + 2)) return NONE;
    return rc_sentence_starter(s + e + 2, letters(s, len, e + 2) - e - 2) ? e + 1 : NONE;
}
