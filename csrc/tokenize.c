/* tokenize.c — rc_tokenize: words-mode tokens (UAX #29 word segments with the rules analysts
 * need on top: abbreviations, numbers, URLs, e-mails, #hashtags, @mentions, emoji, clitics) and
 * the plain UAX #29 segments with a kind each.
 *
 * Speed comes from an ASCII fast path: a byte-class table decides word segments of ASCII text
 * exactly as UAX #29 would (any two ASCII letters, digits and '_' join; a single . : ' joins two
 * letters; a single . , ; ' joins two digits). Whenever a decision depends on a non-ASCII
 * character the token is redone from its start by the general path, which takes boundaries from
 * the UAX #29 engine (segment.c) and moves any that would fall inside a grapheme cluster.
 * Both paths hand word-like segments to the same rules (on_word), so they agree by
 * construction; a test compares them on random text.
 *
 * Invariant: every position where a token or a skipped white-space run starts is a grapheme
 * cluster boundary. Code point offsets come from a walker that follows the emitted offsets, so
 * each byte is looked at once more at most, in the same pass. */
#include <string.h>

#include "abbrev.h"
#include "relcore.h"
#include "spans.h"
#include "textscan.h"

/* ---- ASCII byte classes -------------------------------------------------------------------- */

#define B_LETTER 0x001u
#define B_DIGIT 0x002u
#define B_UNDER 0x010u  /* '_' (ExtendNumLet: joins letters and digits) */
#define B_SPACE 0x020u  /* White_Space */
#define B_PUNCT 0x040u  /* General_Category P*; other non-word characters are symbols */
#define B_MIDLET 0x080u /* . : '  (MidLetter, MidNumLet, Single_Quote) */
#define B_MIDNUM 0x100u /* . , ; ' (MidNum, MidNumLet, Single_Quote) */
#define B_URL 0x200u    /* allowed in a URL (RFC 3986 unreserved and reserved, and %) */
#define B_LOCAL 0x400u  /* allowed in the local part of an e-mail address */
#define B_HIGH 0x800u   /* not ASCII */
#define B_WORD (B_LETTER | B_DIGIT | B_UNDER)

/* ASCII rows generated from Python's str predicates and the sets above. */
static const uint16_t bits[256] = {
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

/* What a word-like segment contains (on_word's flags). */
#define W_LETTER 0x01u
#define W_DIGIT 0x02u
#define W_DOT 0x04u   /* a period inside: U.S, 3.5, un.org */
#define W_APOS 0x08u  /* an apostrophe inside (' or ’): don't, l'ONU, Azerbaijan's */
#define W_UNDER 0x10u /* '_' */
#define W_OTHER 0x20u /* other joiners (: , ;) and marks */

#define APOS_RIGHT 0x2019 /* ’ RIGHT SINGLE QUOTATION MARK, the usual typographic apostrophe */

/* ---- Output -------------------------------------------------------------------------------- */

typedef struct {
    const unsigned char *s;
    size_t len;
    rc_spans *out;
    int cps; /* code point offsets wanted */
    int rc;  /* first error; scanning stops */
    ts_walker w;
} tok;

static inline void emit(tok *t, size_t a, size_t e, int kind)
{
    rc_spans *o = t->out;
    if (o->count == o->cap_) {
        int rc = rc_spans_reserve(o, 1);
        if (rc) {
            t->rc = rc;
            return;
        }
    }
    if (t->cps) {
        int64_t ia = ts_index(&t->w, a);
        rc_spans_push(o, ia, ts_index(&t->w, e), (uint8_t)kind);
    } else {
        rc_spans_push(o, (int64_t)a, (int64_t)e, (uint8_t)kind);
    }
}

/* ---- Character tests ----------------------------------------------------------------------- */

static inline int32_t char_at(const tok *t, size_t i, int *n)
{
    int32_t cp;
    *n = ts_char(t->s, t->len, i, &cp);
    return cp;
}

/* The class (TS_*) of the character before position i, or TS_OTHER at the start; '_' counts
 * as a letter (it joins words). */
static int class_before(const tok *t, size_t i)
{
    if (i == 0) return TS_OTHER;
    size_t st = ts_prev(t->s, t->len, i);
    int n;
    int32_t cp = char_at(t, st, &n);
    return cp == '_' ? TS_LETTER : ts_class(cp);
}

/* Whether a non-ASCII character at i could join the ASCII word-like segment before it, or sit in
 * its grapheme cluster: then only the general path can decide. */
static int may_join_word(const tok *t, size_t i)
{
    int n;
    int32_t cp = char_at(t, i, &n);
    if (ts_attaches(cp)) return 1;
    switch (rc_word_prop(cp)) {
    case RC_WB_ALetter:
    case RC_WB_Hebrew_Letter:
    case RC_WB_Numeric:
    case RC_WB_ExtendNumLet:
    case RC_WB_Katakana:
    case RC_WB_Extend:
    case RC_WB_Format:
    case RC_WB_ZWJ:
    case RC_WB_MidLetter:
    case RC_WB_MidNumLet:
    case RC_WB_MidNum:
    case RC_WB_Single_Quote: return 1;
    default: return 0;
    }
}

/* Whether a non-ASCII character at i would join an ASCII punctuation mark before it (WB4, or
 * its grapheme cluster). */
static int may_join_mark(const tok *t, size_t i)
{
    int n;
    int32_t cp = char_at(t, i, &n);
    if (ts_attaches(cp)) return 1;
    int wb = rc_word_prop(cp);
    return wb == RC_WB_Extend || wb == RC_WB_Format || wb == RC_WB_ZWJ;
}

/* Whether position i (a character boundary) may start a token: the character before is not a
 * Prepend and the one at i does not attach to it. Used where a rule splits a UAX #29 segment
 * next to ASCII punctuation, so the remaining cases of GB3-GB13 cannot arise. */
static int can_split_at(const tok *t, size_t i)
{
    if (i == 0 || i >= t->len) return 1;
    int n;
    if (t->s[i] >= 0x80 && ts_attaches(char_at(t, i, &n))) return 0;
    if (t->s[i - 1] >= 0x80) {
        int32_t cp = char_at(t, ts_prev(t->s, t->len, i), &n);
        if (rc_grapheme_prop(cp) == RC_GB_Prepend) return 0;
    }
    return 1;
}

/* The flags (W_*) of s[a..e). */
static unsigned word_flags(const tok *t, size_t a, size_t e)
{
    unsigned f = 0;
    while (a < e) {
        unsigned c = t->s[a];
        if (c < 0x80) {
            unsigned b = bits[c];
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
        int32_t cp = char_at(t, a, &n);
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

/* ---- Segments ------------------------------------------------------------------------------ */

/* The end of the UAX #29 word segment starting at p (a grapheme boundary), moved forward to the
 * next word boundary that is also a grapheme boundary (only a Prepend character can put a word
 * boundary inside a cluster). */
static size_t word_end(const tok *t, size_t p)
{
    const unsigned char *s = t->s;
    size_t len = t->len;
    size_t e = rc_next_word_boundary(s, len, p);
    if (e >= len || (s[e] < 0x80 && s[e - 1] < 0x80)) return e;
    size_t g = p;
    for (;;) {
        while (g < e) g = rc_next_grapheme_boundary(s, len, g);
        if (g == e) return e;
        while (e < g) e = rc_next_word_boundary(s, len, e);
    }
}

/* Scans the ASCII word-like segment starting at p (a letter, digit or '_'). Returns its end and
 * its flags, or 0 when a non-ASCII character next to it might change the answer. */
static size_t ascii_word(const tok *t, size_t p, unsigned *flags)
{
    const unsigned char *s = t->s;
    size_t len = t->len, q = p;
    unsigned f = 0;
    for (;;) {
        unsigned b;
        while (q < len && ((b = bits[s[q]]) & B_WORD)) {
            f |= b;
            q++;
        }
        if (q >= len) break;
        unsigned c = s[q];
        if (c >= 0x80) {
            if (may_join_word(t, q)) return 0;
            break;
        }
        unsigned cb = bits[c];
        if (!(cb & (B_MIDLET | B_MIDNUM)) || q + 1 >= len) break;
        unsigned pb = bits[s[q - 1]];
        int letters = (cb & B_MIDLET) && (pb & B_LETTER);
        int digits = (cb & B_MIDNUM) && (pb & B_DIGIT);
        if (!letters && !digits) break;
        unsigned n = s[q + 1];
        if (n >= 0x80) return 0; /* WB6/WB12 would look at a non-ASCII character */
        unsigned nb = bits[n];
        if (!((letters && (nb & B_LETTER)) || (digits && (nb & B_DIGIT)))) break;
        f |= c == '.' ? W_DOT : c == '\'' ? W_APOS : W_OTHER;
        q += 2;
        f |= nb;
    }
    *flags = (f & (B_LETTER | B_DIGIT)) | ((f & B_UNDER) ? W_UNDER : 0) |
             (f & (W_DOT | W_APOS | W_OTHER));
    return q;
}

/* ---- Words-mode rules ---------------------------------------------------------------------- */

static size_t on_word(tok *t, size_t a, size_t e, unsigned f);

/* Whether s[i] starts a digit after optional spaces (the number after "No." or "Art."). */
static int digit_follows(const tok *t, size_t i)
{
    while (i < t->len && (t->s[i] == ' ' || t->s[i] == '\t')) i++;
    if (i + 1 < t->len && t->s[i] == 0xC2 && t->s[i + 1] == 0xA0) i += 2; /* no-break space */
    return i < t->len && t->s[i] >= '0' && t->s[i] <= '9';
}

/* Whether s[a..e) is one capital letter (with its marks) that is followed by ". " and a capital
 * letter: an initial, as in "J. F. Kennedy". */
static int is_initial(const tok *t, size_t a, size_t e)
{
    int n;
    int32_t cp = char_at(t, a, &n);
    if (!ts_is_upper(cp)) return 0;
    for (size_t i = a + (size_t)n; i < e; i += (size_t)n)
        if (ts_class(char_at(t, i, &n)) != TS_MARK) return 0;
    size_t i = e + 1;
    if (i >= t->len || !ts_is_space(char_at(t, i, &n))) return 0;
    while (i < t->len && ts_is_space(cp = char_at(t, i, &n))) i += (size_t)n;
    return i < t->len && ts_is_upper(cp);
}

/* Whether the '.' at i can be taken into the token before it: a single period (not the start of
 * an ellipsis) that nothing attaches to. */
static int period_at(const tok *t, size_t i)
{
    if (i >= t->len || t->s[i] != '.') return 0;
    if (i + 1 < t->len && (t->s[i + 1] == '.' || !can_split_at(t, i + 1))) return 0;
    return 1;
}

/* A word without special structure: an abbreviation when its period follows, else a word or a
 * number. */
static size_t plain_word(tok *t, size_t a, size_t e, unsigned f)
{
    if ((f & W_LETTER) && period_at(t, e)) {
        int cls = rc_abbrev_class(t->s + a, e - a);
        if (cls == RC_ABBR_NUMBERED && !digit_follows(t, e + 1)) cls = RC_ABBR_NONE;
        if (cls == RC_ABBR_NONE && is_initial(t, a, e)) cls = RC_ABBR_COMMON;
        if (cls != RC_ABBR_NONE) {
            emit(t, a, e + 1, RC_TOK_ABBREV);
            return e + 1;
        }
    }
    int kind = (f & W_LETTER) ? RC_TOK_WORD : (f & W_DIGIT) ? RC_TOK_NUMBER : RC_TOK_PUNCT;
    emit(t, a, e, kind);
    return e;
}

/* Case-insensitive ASCII prefix test of s[a..e) against a lower-case word. */
static int starts_with(const tok *t, size_t a, size_t e, const char *w)
{
    size_t n = strlen(w);
    if (e - a < n) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = t->s[a + i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != (unsigned char)w[i]) return 0;
    }
    return 1;
}

/* A word with periods inside. Keeps listed and letter-period abbreviations whole (taking the
 * final period: "U.S.", "e.g.", "Ph.D."), and splits where a period was typed without its space
 * ("world.The" → "world" "." "The", "Mr.Smith" → "Mr." "Smith"). Returns 0 to leave the word to
 * the other rules ("un.org", "3.5"). */
static size_t dotted_word(tok *t, size_t a, size_t e, unsigned f)
{
    const unsigned char *s = t->s;
    if (!(f & W_LETTER)) return 0;
    int cls = rc_abbrev_class(s + a, e - a);
    if (cls != RC_ABBR_NONE) {
        size_t end = period_at(t, e) ? e + 1 : e;
        emit(t, a, end, RC_TOK_ABBREV);
        return end;
    }
    for (size_t i = a + 1; i + 1 < e; i++) {
        if (s[i] != '.') continue;
        int n;
        int32_t next = char_at(t, i + 1, &n);
        if (!ts_is_upper(next) || !can_split_at(t, i)) continue;
        int c = rc_abbrev_class(s + a, i - a);
        if (c == RC_ABBR_TITLE || c == RC_ABBR_COMMON) {
            emit(t, a, i + 1, RC_TOK_ABBREV);
            return i + 1;
        }
        /* "world.The": a lower-case word of two letters or more, then a capitalized word. */
        size_t after = i + 1 + (size_t)n;
        int m;
        if (after >= e || !ts_is_lower(char_at(t, after, &m))) continue;
        size_t before = ts_prev(s, t->len, i);
        if (!ts_is_lower(char_at(t, before, &m)) || before == a) continue;
        if (!ts_is_lower(char_at(t, ts_prev(s, t->len, before), &m))) continue;
        on_word(t, a, i, word_flags(t, a, i));
        emit(t, i, i + 1, RC_TOK_PUNCT);
        return i + 1;
    }
    return 0;
}

/* Elided articles and prepositions split off before an apostrophe (French, Italian). */
static const char *const elisions[] = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "dell",
                                       "dall", "nell", "sull", "all", "coll", "quell", "un"};

/* Length of the apostrophe at i (' or ’), or 0. */
static int apostrophe_at(const tok *t, size_t i)
{
    if (i >= t->len) return 0;
    if (t->s[i] == '\'') return 1;
    if (i + 2 < t->len && t->s[i] == 0xE2 && t->s[i + 1] == 0x80 && t->s[i + 2] == 0x99) return 3;
    return 0;
}

/* A word with an apostrophe inside: "Azerbaijan's" → "Azerbaijan" "'s"; "l'ONU" → "l'" "ONU";
 * anything else stays whole ("don't", "O'Brien", "Qur'an"). Returns 0 to leave it whole. */
static size_t apostrophe_word(tok *t, size_t a, size_t e)
{
    const unsigned char *s = t->s;
    /* An elided article or preposition before a word (not before a lone s: "all's"). */
    for (size_t k = 0; k < sizeof elisions / sizeof elisions[0]; k++) {
        size_t n = strlen(elisions[k]);
        if (!starts_with(t, a, e, elisions[k])) continue;
        int al = apostrophe_at(t, a + n);
        if (!al || a + n + (size_t)al >= e) continue;
        size_t r = a + n + (size_t)al;
        int m;
        if (ts_class(char_at(t, r, &m)) != TS_LETTER || !can_split_at(t, r)) continue;
        if (r + 1 == e && (s[r] | 0x20) == 's') continue;
        emit(t, a, r, RC_TOK_WORD);
        return on_word(t, r, e, word_flags(t, r, e));
    }
    /* A final 's (possessive or clitic). */
    if (e - a >= 3 && (s[e - 1] == 's' || s[e - 1] == 'S')) {
        size_t x = s[e - 2] == '\'' ? e - 2 : (e - a >= 5 && apostrophe_at(t, e - 4) == 3) ? e - 4 : e;
        if (x < e && x > a && can_split_at(t, x)) {
            plain_word(t, a, x, word_flags(t, a, x));
            emit(t, x, e, RC_TOK_WORD);
            return e;
        }
    }
    return 0;
}

/* ---- URLs, e-mail addresses, hashtags, mentions -------------------------------------------- */

/* Whether the word-like segment s[a..e) starts a URL: a scheme followed by "://", or "www.". */
static int url_start(const tok *t, size_t a, size_t e)
{
    const unsigned char *s = t->s;
    size_t n = e - a;
    unsigned c = s[a] | 0x20;
    if (c != 'w' && c != 'h' && c != 'f') return 0;
    if (n >= 5 && starts_with(t, a, e, "www.")) return 1;
    if (n < 3 || n > 5 || e + 3 >= t->len || memcmp(s + e, "://", 3) != 0) return 0;
    return (n == 4 && starts_with(t, a, e, "http")) || (n == 5 && starts_with(t, a, e, "https")) ||
           (n == 3 && starts_with(t, a, e, "ftp")) || (n == 4 && starts_with(t, a, e, "ftps"));
}

/* The end of the URL starting at a: URL characters (and letters, digits and marks of any
 * script), less trailing punctuation that belongs to the sentence (. , ; : ! ? ' " *) and
 * closing brackets that have no opening one inside. Returns 0 when nothing follows the scheme. */
static size_t url_end(const tok *t, size_t a, size_t e)
{
    const unsigned char *s = t->s;
    size_t len = t->len, i = a;
    long parens = 0, brackets = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (!(bits[c] & B_URL)) break;
            parens += c == '(' ? 1 : c == ')' ? -1 : 0;
            brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
            i++;
            continue;
        }
        int n;
        if (ts_class(char_at(t, i, &n)) == TS_OTHER) break;
        i += (size_t)n;
    }
    for (;;) {
        unsigned c = s[i - 1];
        if (c == ')' && parens < 0) parens++;
        else if (c == ']' && brackets < 0) brackets++;
        else if (!c || !strchr(".,;:!?'\"*", (int)c)) break;
        i--;
    }
    /* Something must follow "scheme://" (e = end of the scheme) or "www.". */
    size_t min = s[e] == ':' ? e + 3 : a + 4;
    return i > min ? i : 0;
}

/* The end of a hashtag or mention body starting at i: letters, digits, '_' and marks of any
 * script. *nondigit tells whether there was anything but digits. */
static size_t tag_body(const tok *t, size_t i, int *nondigit)
{
    const unsigned char *s = t->s;
    *nondigit = 0;
    while (i < t->len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (!(bits[c] & B_WORD)) break;
            if (!(bits[c] & B_DIGIT)) *nondigit = 1;
            i++;
            continue;
        }
        int n;
        int cls = ts_class(char_at(t, i, &n));
        if (cls == TS_OTHER) break;
        if (cls != TS_DIGIT) *nondigit = 1;
        i += (size_t)n;
    }
    return i;
}

/* An e-mail address around the '@' at p: ASCII local part (letters, digits, . _ % + -) before
 * it and a domain of two labels or more ending in letters after it. The tokens already emitted
 * for the local part are taken back. Returns the end, or 0. */
static size_t email_at(tok *t, size_t p)
{
    const unsigned char *s = t->s;
    size_t len = t->len, l = p;
    while (l > 0 && (bits[s[l - 1]] & B_LOCAL)) l--;
    if (l == p || s[l] == '.' || s[p - 1] == '.') return 0;
    if (l > 0 && s[l - 1] >= 0x80 && class_before(t, l) != TS_OTHER) return 0;
    size_t d = p + 1;
    int labels = 0, alpha_tld = 0;
    for (;;) {
        size_t st = d;
        int alpha = 1;
        while (d < len && (bits[s[d]] & (B_LETTER | B_DIGIT) || s[d] == '-')) {
            if (!(bits[s[d]] & B_LETTER)) alpha = 0;
            d++;
        }
        if (d == st || s[d - 1] == '-') return 0;
        labels++;
        alpha_tld = alpha && d - st >= 2;
        if (d + 1 < len && s[d] == '.' && (bits[s[d + 1]] & (B_LETTER | B_DIGIT))) {
            d++;
            continue;
        }
        break;
    }
    if (labels < 2 || !alpha_tld) return 0;
    if (d < len && s[d] >= 0x80) {
        int n;
        int32_t cp = char_at(t, d, &n);
        if (ts_class(cp) != TS_OTHER || ts_attaches(cp)) return 0;
    }
    /* Take back the local part's tokens, unless one of them reaches into it from before. */
    rc_spans *o = t->out;
    int64_t lu = t->cps ? ts_index(&t->w, l) : (int64_t)l;
    size_t k = o->count;
    while (k > 0 && o->start[k - 1] >= lu) k--;
    if (k > 0 && o->end[k - 1] > lu) return 0;
    o->count = k;
    emit(t, l, d, RC_TOK_EMAIL);
    return d;
}

/* ---- Punctuation, symbols, the general path ------------------------------------------------ */

static size_t slow_step(tok *t, size_t p);

/* An ASCII punctuation mark or symbol at p. */
static size_t ascii_mark(tok *t, size_t p)
{
    const unsigned char *s = t->s;
    size_t len = t->len, q = p + 1;
    unsigned c = s[p];
    int nondigit;
    switch (c) {
    case '#':
        if (class_before(t, p) == TS_OTHER) {
            size_t e = tag_body(t, p + 1, &nondigit);
            if (e > p + 1 && nondigit) {
                emit(t, p, e, RC_TOK_HASHTAG);
                return e;
            }
        }
        break;
    case '@': {
        size_t e = email_at(t, p);
        if (e) return e;
        if (class_before(t, p) == TS_OTHER) {
            e = tag_body(t, p + 1, &nondigit);
            if (e > p + 1) {
                emit(t, p, e, RC_TOK_MENTION);
                return e;
            }
        }
        break;
    }
    case '.':
    case '-':
        while (q < len && s[q] == c) q++;
        break;
    case '!':
    case '?':
        while (q < len && (s[q] == '!' || s[q] == '?')) q++;
        break;
    default: break;
    }
    if (q < len && s[q] >= 0x80 && may_join_mark(t, q)) return slow_step(t, p);
    emit(t, p, q, (bits[c] & B_PUNCT) ? RC_TOK_PUNCT : RC_TOK_SYMBOL);
    return q;
}

/* What the general path learns about a segment. */
typedef struct {
    unsigned f;    /* W_* flags */
    int all_space; /* only White_Space characters */
    int keycap;    /* U+20E3 COMBINING ENCLOSING KEYCAP: "1️⃣" is an emoji, not a number */
    int emoji;     /* an emoji: pictograph of the emoji blocks, flag, presentation selector,
                      skin tone modifier */
    int pict;      /* some other Extended_Pictographic character (© ® ‼): a symbol */
} seg_info;

static void seg_scan(const tok *t, size_t a, size_t e, seg_info *si)
{
    si->all_space = 1;
    si->keycap = si->emoji = si->pict = 0;
    for (size_t i = a; i < e;) {
        int n;
        int32_t cp = char_at(t, i, &n);
        if (!ts_is_space(cp)) si->all_space = 0;
        if (cp >= 0x80) {
            if (rc_is_extended_pictographic(cp)) {
                if (cp >= 0x1F000 || (cp >= 0x2600 && cp < 0x27C0)) si->emoji = 1;
                else si->pict = 1;
            } else if (cp == 0x20E3) {
                si->keycap = 1;
            } else if (cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
                       rc_word_prop(cp) == RC_WB_Regional_Indicator) {
                si->emoji = 1;
            }
        }
        i += (size_t)n;
    }
    si->f = word_flags(t, a, e);
}

/* The kind of a segment that is not white space, before any words-mode rule. */
static int seg_kind(const tok *t, size_t a, const seg_info *si)
{
    if (si->keycap || (si->emoji && !(si->f & (W_LETTER | W_DIGIT)))) return RC_TOK_EMOJI;
    if (si->f & W_LETTER) return RC_TOK_WORD;
    if (si->f & W_DIGIT) return RC_TOK_NUMBER;
    if (si->pict) return RC_TOK_SYMBOL;
    /* Punctuation or symbol by the general category of the first character that is not a
     * space (a segment may start with a space that carries a combining mark). */
    for (size_t i = a;;) {
        int n;
        int32_t cp = char_at(t, i, &n);
        if (!ts_is_space(cp) || i + (size_t)n >= t->len) {
            utf8proc_category_t gc = utf8proc_category(cp);
            return gc >= UTF8PROC_CATEGORY_PC && gc <= UTF8PROC_CATEGORY_PO ? RC_TOK_PUNCT
                                                                             : RC_TOK_SYMBOL;
        }
        i += (size_t)n;
    }
}

/* Whether the grapheme clusters from a on are white space only; returns where the first other
 * one starts (or e). */
static size_t skip_space_clusters(const tok *t, size_t a, size_t e)
{
    while (a < e) {
        size_t g = rc_next_grapheme_boundary(t->s, t->len, a);
        for (size_t i = a; i < g;) {
            int n;
            if (!ts_is_space(char_at(t, i, &n))) return a;
            i += (size_t)n;
        }
        a = g;
    }
    return a;
}

/* The general path: one UAX #29 word segment starting at p (a grapheme boundary). */
static size_t slow_step(tok *t, size_t p)
{
    size_t e = word_end(t, p);
    seg_info si;
    seg_scan(t, p, e, &si);
    if (si.all_space) return e;
    int n;
    if (ts_is_space(char_at(t, p, &n))) {
        /* "\t" + a mark is one word segment but two clusters: drop the white-space one. */
        p = skip_space_clusters(t, p, e);
        if (p >= e) return e;
    }
    int kind = seg_kind(t, p, &si);
    if (kind == RC_TOK_WORD || kind == RC_TOK_NUMBER) return on_word(t, p, e, si.f);
    if (kind == RC_TOK_PUNCT) {
        /* A run of the same mark is one token ("……", "——"), brackets and quotes excepted. */
        int32_t cp = char_at(t, p, &n);
        utf8proc_category_t gc = utf8proc_category(cp);
        if ((size_t)n == e - p && gc != UTF8PROC_CATEGORY_PS && gc != UTF8PROC_CATEGORY_PE &&
            gc != UTF8PROC_CATEGORY_PI && gc != UTF8PROC_CATEGORY_PF) {
            while (e + (size_t)n <= t->len && memcmp(t->s + e, t->s + p, (size_t)n) == 0) {
                size_t e2 = word_end(t, e);
                if (e2 != e + (size_t)n) break;
                e = e2;
            }
        }
    }
    emit(t, p, e, kind);
    return e;
}

/* The words-mode rules for a word-like segment s[a..e) with flags f; returns where scanning
 * goes on (a grapheme boundary, at or after a). */
static size_t on_word(tok *t, size_t a, size_t e, unsigned f)
{
    if ((f & W_LETTER) && url_start(t, a, e)) {
        size_t u = url_end(t, a, e);
        if (u) {
            emit(t, a, u, RC_TOK_URL);
            return u;
        }
    }
    if (f & W_DOT) {
        size_t r = dotted_word(t, a, e, f);
        if (r) return r;
    }
    if (f & W_APOS) {
        size_t r = apostrophe_word(t, a, e);
        if (r) return r;
    }
    return plain_word(t, a, e, f);
}

/* ---- Drivers ------------------------------------------------------------------------------- */

/* Emits an ASCII token [a, e) found by the fast path. Code point offsets: everything from
 * `ascii_from` to e is known to be ASCII, so once the walker has reached that far the indices
 * follow from the byte offsets without looking at the bytes again. */
static inline void emit_ascii(tok *t, size_t a, size_t e, int kind, size_t ascii_from)
{
    rc_spans *o = t->out;
    if (o->count == o->cap_) {
        int rc = rc_spans_reserve(o, 1);
        if (rc) {
            t->rc = rc;
            return;
        }
    }
    size_t k = o->count++;
    o->kind[k] = (uint8_t)kind;
    if (!t->cps) {
        o->start[k] = (int64_t)a;
        o->end[k] = (int64_t)e;
        return;
    }
    ts_walker *w = &t->w;
    if (w->byte < ascii_from || w->byte > a) ts_index(w, a);
    int64_t ia = w->index + (int64_t)(a - w->byte);
    o->start[k] = ia;
    o->end[k] = ia + (int64_t)(e - a);
    w->byte = e;
    w->index = ia + (int64_t)(e - a);
}

/* The end of the run of ASCII letters, digits and '_' from q. Eight bytes at a time while they
 * are letters (most of prose), then a byte at a time. */
static inline size_t scan_word(const unsigned char *s, size_t len, size_t q)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    for (;;) {
        while (q + 8 <= len) {
            uint64_t x;
            memcpy(&x, s + q, 8);
            /* per byte, without carries: y = lower-cased 7-bit value; letter iff ASCII and
             * 'a' <= y <= 'z' */
            uint64_t y = (x | 0x20 * ones) & ~high;
            uint64_t letter = (y + (0x80 - 'a') * ones) & ~(y + (0x80 - 'z' - 1) * ones) & ~x & high;
            uint64_t other = ~letter & high;
            if (other) {
                q += (size_t)__builtin_ctzll(other) >> 3; /* little-endian: first byte lowest */
                break;
            }
            q += 8;
        }
        if (q < len && (bits[s[q]] & B_WORD)) {
            q++;
            continue;
        }
        return q;
    }
}

/* The kind of an ASCII word-like segment without inner joiners that does not start with a
 * letter: a number unless a letter follows ("2030" vs "2nd"); only underscores: punctuation. */
static int ascii_kind(const unsigned char *s, size_t a, size_t e)
{
    unsigned f = 0;
    for (size_t i = a; i < e; i++) f |= bits[s[i]];
    return (f & B_LETTER) ? RC_TOK_WORD : (f & B_DIGIT) ? RC_TOK_NUMBER : RC_TOK_PUNCT;
}

static void words_mode(tok *t)
{
    const unsigned char *s = t->s;
    size_t len = t->len, p = 0;
    size_t ascii_from = 0; /* the fast path has seen only ASCII from here to p */
    while (p < len && !t->rc) {
        unsigned c = s[p];
        unsigned b = bits[c];
        if (b & B_SPACE) {
            size_t q = p + 1;
            while (q < len && (bits[s[q]] & B_SPACE)) q++;
            /* A mark after a space belongs to the space's cluster: the general path decides. */
            int n;
            if (q < len && s[q] >= 0x80 && s[q - 1] == ' ' && ts_attaches(char_at(t, q, &n))) {
                p = ascii_from = slow_step(t, q - 1);
                continue;
            }
            p = q;
            continue;
        }
        if (b & B_WORD) {
            /* Fast path: letters, digits and '_' followed by a byte that cannot extend the word
             * nor make it an abbreviation, URL, e-mail local part or clitic. */
            size_t q = scan_word(s, len, p + 1);
            /* after a letter only . : ' can join, after a digit only . , ; ' */
            unsigned joiners = (bits[s[q - 1]] & B_LETTER) ? B_MIDLET : B_MIDNUM;
            if (q >= len || !(bits[s[q]] & (joiners | B_HIGH))) {
                emit_ascii(t, p, q, (b & B_LETTER) ? RC_TOK_WORD : ascii_kind(s, p, q), ascii_from);
                p = q;
                continue;
            }
            unsigned f;
            size_t e = ascii_word(t, p, &f);
            p = ascii_from = e ? on_word(t, p, e, f) : slow_step(t, p);
            continue;
        }
        if (b & B_HIGH) {
            p = ascii_from = slow_step(t, p);
            continue;
        }
        /* Fast path: a single punctuation mark or symbol that starts no run and no tag. */
        unsigned nb = p + 1 < len ? s[p + 1] : ' ';
        if (c != '#' && c != '@' && c != '!' && c != '?' && nb != c && !(bits[nb] & B_HIGH)) {
            emit_ascii(t, p, p + 1, (b & B_PUNCT) ? RC_TOK_PUNCT : RC_TOK_SYMBOL, ascii_from);
            p++;
            continue;
        }
        p = ascii_from = ascii_mark(t, p);
    }
}

static void uax29_mode(tok *t)
{
    size_t p = 0;
    while (p < t->len && !t->rc) {
        size_t e = rc_next_word_boundary(t->s, t->len, p);
        seg_info si;
        seg_scan(t, p, e, &si);
        emit(t, p, e, si.all_space ? RC_TOK_SPACE : seg_kind(t, p, &si));
        p = e;
    }
}

int rc_tokenize(const char *text, size_t len, unsigned options, rc_spans *out)
{
    if (!out || (!text && len) || (options & ~(RC_TOKENIZE_UAX29 | RC_OFFSETS_CODEPOINTS)))
        return RC_EINVAL;
    tok t = {(const unsigned char *)text, len, out, (options & RC_OFFSETS_CODEPOINTS) != 0, 0,
             {(const unsigned char *)text, len, 0, 0}};
    out->count = 0;
    /* Room for a typical text up front: about one token per six bytes. */
    int rc = rc_spans_reserve(out, len / 6 + 16);
    if (rc) return rc;
    if (options & RC_TOKENIZE_UAX29) uax29_mode(&t);
    else words_mode(&t);
    if (t.rc) {
        out->count = 0;
        return t.rc;
    }
    return RC_OK;
}

const char *rc_token_kind_name(int kind)
{
    static const char *const names[RC_TOK_KIND_COUNT] = {
        "unknown", "word",    "number",  "punct", "symbol", "url",
        "email",   "hashtag", "mention", "emoji", "abbrev", "space"};
    return kind > 0 && kind < RC_TOK_KIND_COUNT ? names[kind] : names[0];
}
