/* sentences.c — rc_sentences: sentence splitting for prose, and plain UAX #29 sentences.
 *
 * The prose splitter scans for the few bytes that can end a sentence (. ! ? line breaks, and
 * non-ASCII characters, which are looked up) and decides each candidate from a little context:
 * the word before a period (abbreviation? initial? list marker?), what follows the terminator
 * (white space? a lower-case word? a sentence-starter word?), and for line breaks the shape of
 * the line (headline-like?) and of the next one (a list item?). The abbreviation knowledge is
 * the tokenizer's (abbreviations.c). Everything between candidates is skipped 16 bytes at a time
 * (SSE2) or a byte at a time through a table, which keeps the splitter well above 100 MB/s. */
#include <string.h>

#include "tokenize/abbrev.h"
#include "relcore.h"
#include "base/spans.h"
#include "segment/textscan.h"
#include "sentences/sentences.h"

/* Bytes the scan stops at: . ! ? and the ASCII line breaks (1), every non-ASCII lead byte (2),
 * and the bytes that may start an emoticon, close an inline list marker or an address, or be a
 * dash (3). */
static const uint8_t stop[256] = {
    ['.'] = 1, ['!'] = 1, ['?'] = 1, ['\n'] = 1, ['\r'] = 1, ['\v'] = 1, ['\f'] = 1,
    [':'] = 3, [';'] = 3, [')'] = 3, ['>'] = 3, ['-'] = 3,
    [0xC0] = 2, [0xC1] = 2, [0xC2] = 2, [0xC3] = 2, [0xC4] = 2, [0xC5] = 2, [0xC6] = 2, [0xC7] = 2,
    [0xC8] = 2, [0xC9] = 2, [0xCA] = 2, [0xCB] = 2, [0xCC] = 2, [0xCD] = 2, [0xCE] = 2, [0xCF] = 2,
    [0xD0] = 2, [0xD1] = 2, [0xD2] = 2, [0xD3] = 2, [0xD4] = 2, [0xD5] = 2, [0xD6] = 2, [0xD7] = 2,
    [0xD8] = 2, [0xD9] = 2, [0xDA] = 2, [0xDB] = 2, [0xDC] = 2, [0xDD] = 2, [0xDE] = 2, [0xDF] = 2,
    [0xE0] = 2, [0xE1] = 2, [0xE2] = 2, [0xE3] = 2, [0xE4] = 2, [0xE5] = 2, [0xE6] = 2, [0xE7] = 2,
    [0xE8] = 2, [0xE9] = 2, [0xEA] = 2, [0xEB] = 2, [0xEC] = 2, [0xED] = 2, [0xEE] = 2, [0xEF] = 2,
    [0xF0] = 2, [0xF1] = 2, [0xF2] = 2, [0xF3] = 2, [0xF4] = 2, [0xF5] = 2, [0xF6] = 2, [0xF7] = 2,
    [0xF8] = 2, [0xF9] = 2, [0xFA] = 2, [0xFB] = 2, [0xFC] = 2, [0xFD] = 2, [0xFE] = 2, [0xFF] = 2,
    /* stray continuation bytes (invalid UTF-8) are skipped like ASCII */
};

#define ELLIPSIS 0x2026 /* … */

/* The first position at or after p whose byte is in stop[] (len if none). Most of a text is
 * skipped here: with SSE2, 16 bytes at a time (the same set of bytes as the table: the line
 * breaks 0x0A-0x0D, the lead bytes 0xC0-0xFF, and . ! ? : ; ) > -), then byte by byte. */
#if defined(__SSE2__)
#include <emmintrin.h>

static inline size_t skip_plain(const unsigned char *s, size_t p, size_t len)
{
    const __m128i below_lf = _mm_set1_epi8('\n' - 1), above_cr = _mm_set1_epi8('\r' + 1);
    const __m128i cont = _mm_set1_epi8((char)0xBF), zero = _mm_setzero_si128();
    const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), quest = _mm_set1_epi8('?');
    const __m128i colon = _mm_set1_epi8(':'), semi = _mm_set1_epi8(';'), paren = _mm_set1_epi8(')');
    const __m128i gt = _mm_set1_epi8('>'), dash = _mm_set1_epi8('-');
    while (p + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + p));
        /* signed bytes: the line breaks are 10..13, the lead bytes -64..-1 */
        __m128i m = _mm_and_si128(_mm_cmpgt_epi8(v, below_lf), _mm_cmplt_epi8(v, above_cr));
        m = _mm_or_si128(m, _mm_and_si128(_mm_cmpgt_epi8(v, cont), _mm_cmplt_epi8(v, zero)));
        __m128i t = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, quest), _mm_cmpeq_epi8(v, colon)));
        t = _mm_or_si128(t, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, semi), _mm_cmpeq_epi8(v, paren)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, dash))));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(m, t));
        if (bits) return p + (size_t)__builtin_ctz(bits);
        p += 16;
    }
    while (p < len && !stop[s[p]]) p++;
    return p;
}
#else
static inline size_t skip_plain(const unsigned char *s, size_t p, size_t len)
{
    while (p < len && !stop[s[p]]) p++;
    return p;
}
#endif

static inline int32_t char_at(const sent *st, size_t i, int *n)
{
    return sent_char(st, i, n);
}

static int is_line_break(int32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

/* The first position at or after i that is not white space (a space that carries a combining
 * mark counts as not white space: the sentence must not start inside its cluster). */
static size_t skip_space(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    /* the usual case: an ASCII character, or one space before it */
    if (i + 1 < st->len && s[i] == ' ') i += s[i + 1] > ' ' && s[i + 1] < 0x80;
    if (i < st->len && s[i] > ' ' && s[i] < 0x80) return i;
    while (i < st->len) {
        int n;
        int32_t cp;
        if (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) n = 1, cp = s[i];
        else if (s[i] < 0x80 || !ts_is_space(cp = char_at(st, i, &n))) return i;
        /* marks attach to spaces, not to line breaks (controls) */
        if (i + (size_t)n < st->len && s[i + (size_t)n] >= 0x80 && !is_line_break(cp) && cp != '\t') {
            int m;
            if (ts_attaches(char_at(st, i + (size_t)n, &m))) return i;
        }
        i += (size_t)n;
    }
    return i;
}

static void push_span(sent *st, size_t a, size_t e)
{
    rc_spans *o = st->out;
    if (o->count == o->cap_) {
        int rc = rc_spans_reserve(o, 1);
        if (rc) {
            st->rc = rc;
            return;
        }
    }
    if (st->cps) {
        int64_t ia = ts_index(&st->w, a);
        rc_spans_push(o, ia, ts_index(&st->w, e), 0);
    } else {
        rc_spans_push(o, (int64_t)a, (int64_t)e, 0);
    }
}

/* Ends the current sentence at `end`, less trailing white space, and starts the next one at the
 * first non-space character from `next`. */
static void end_sentence(sent *st, size_t end, size_t next)
{
    size_t a = st->start;
    if (a != NONE) {
        while (end > a) {
            size_t pst = ts_prev(st->s, st->len, end);
            int n;
            int32_t sp = char_at(st, pst, &n);
            if (!ts_is_space(sp)) break;
            /* a space (not a control) after a Prepend character is in its cluster (GB9b) */
            if (pst > a && st->s[pst - 1] >= 0x80 && !is_line_break(sp) && sp != '\t' &&
                rc_grapheme_prop(char_at(st, ts_prev(st->s, st->len, pst), &n)) == RC_GB_Prepend)
                break;
            end = pst;
        }
        if (end > a) push_span(st, a, end);
    }
    /* The next sentence: a salutation or valediction at its start is a sentence of its own
     * ("Best regards, Debra"), as many times as they follow one another. */
    for (;;) {
        next = skip_space(st, next);
        st->start = next < st->len ? next : NONE;
        if (st->start == NONE || st->rc) break;
        size_t c = sent_letter_maybe(st->s, st->len, next) ? sent_letter_open(st, next) : NONE;
        unsigned c0 = st->s[next];
        int first = st->out->count == 0;
        if (c != NONE) {
        } else if (c0 >= 'A' && c0 <= 'Z') {
            unsigned c1 = next + 1 < st->len ? st->s[next + 1] : 0; /* "Fi", "Ta", "Pa", "St" */
            if ((c0 == 'F' && c1 == 'i') || (c0 == 'T' && c1 == 'a') || (c0 == 'P' && c1 == 'a') ||
                (c0 == 'S' && c1 == 't'))
                c = sent_caption(st, next);
            if (c == NONE && ((c0 == 'B' && st->out->count <= 1) || first)) c = sent_byline(st, next, first);
            if (c == NONE) c = sent_heading(st, next, first);
            if (c == NONE && sent_name_maybe(st->s, st->len, next)) c = sent_name_comma(st, next);
            if (c == NONE && (first || sent_calendar_maybe(st->s, st->len, next)))
                c = sent_dateline(st, next, first);
        } else if (c0 >= '0' && c0 <= '9') {
            c = sent_heading(st, next, first);
        } else if (c0 == '#') {
            c = sent_hashtags(st, next);
        } else if (c0 == '(') {
            c = sent_bracketed(st, next);
        }
        if (c == NONE) break;
        push_span(st, next, c);
        next = c;
    }
    unsigned c0 = next < st->len ? st->s[next] : 'A';
    if (c0 >= 'A' && c0 <= 'Z') { /* no list marker: the usual sentence start */
        st->list_kind = 0;
        st->marker_end = NONE;
    } else {
        sent_list_open(st, next);
    }
}

/* ---- Character classes of the rules -------------------------------------------------------- */

/* Sentence terminators: . ! ? … and Unicode STerm/ATerm. Sets *full for a CJK or full-width
 * terminator, after which no space is expected, and *dot for . and other ATerm. */
static int is_terminator_other(int32_t cp, int *full, int *dot);

static inline int is_terminator(int32_t cp, int *full, int *dot)
{
    *full = *dot = 0;
    if (cp < 0x80) {
        *dot = cp == '.';
        return cp == '.' || cp == '!' || cp == '?';
    }
    return is_terminator_other(cp, full, dot);
}

static int is_terminator_other(int32_t cp, int *full, int *dot)
{
    if (cp == ELLIPSIS) {
        *dot = 1;
        return 1;
    }
    int sb = rc_sentence_prop(cp);
    if (sb != RC_SB_STerm && sb != RC_SB_ATerm) return 0;
    *dot = sb == RC_SB_ATerm;
    *full = (cp >= 0x3000 && cp < 0x3040) || (cp >= 0xFE10 && cp < 0xFE70) ||
            (cp >= 0xFF00 && cp < 0xFFF0);
    return 1;
}

/* Closing punctuation that stays with the sentence before it: quotes and brackets. */
static int is_close(int32_t cp)
{
    if (cp < 0x80) return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}';
    return rc_sentence_prop(cp) == RC_SB_Close;
}


/* ---- Context of a candidate ---------------------------------------------------------------- */

/* The word that ends at `end`: letters, digits, marks and inner periods ("U.S", "e.g", "Mr",
 * "2015"), at most 32 bytes back. Returns its start (== end if none). */
static size_t word_before(const sent *st, size_t end, size_t floor)
{
    size_t a = end, stop_at = end - floor < 32 ? floor : end - 32;
    while (a > stop_at) {
        unsigned c = st->s[a - 1];
        if (c < 0x80) {
            if ((unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10 || (c == '.' && a < end)) {
                a--;
                continue;
            }
            break;
        }
        size_t pst = ts_prev(st->s, st->len, a);
        int n;
        if (ts_class(char_at(st, pst, &n)) == TS_OTHER) break;
        a = pst;
    }
    while (a < end && st->s[a] == '.') a++;
    return a;
}

/* The first letter or digit at or after i, skipping opening quotes and brackets; sets *cp to it
 * (or -1) and returns its position. */
static size_t next_word(const sent *st, size_t i, int32_t *cp)
{
    *cp = -1;
    while (i < st->len) {
        int n;
        int32_t c = char_at(st, i, &n);
        int cls = ts_class(c);
        if (cls == TS_LETTER || cls == TS_DIGIT) {
            *cp = c;
            return i;
        }
        if (!(is_close(c) || c == 0xBF || c == 0xA1)) return i; /* ¿ ¡ open Spanish sentences */
        i += (size_t)n;
    }
    return i;
}

/* Whether the word at i is a sentence starter ("The", "We") and not an initial ("A." in
 * "J. A. Smith"). */
static int starter_at(const sent *st, size_t i)
{
    size_t e = i;
    while (e < st->len && e - i < 16 && (((st->s[e] | 0x20) >= 'a' && (st->s[e] | 0x20) <= 'z')))
        e++;
    /* not an initial or an abbreviation ("A." in "J. A. Smith", "No. 5"); "Yes." is a word */
    if (e < st->len && st->s[e] == '.' && (e - i < 2 || rc_abbrev_class(st->s + i, e - i) != RC_ABBR_NONE))
        return 0;
    return rc_sentence_starter(st->s + i, e - i);
}

/* Whether s[a..e) is a list marker at the start of its line: "1", "12", "a", "iv" before the
 * period or bracket that follows it, optionally after "(". */
static int marker_word(const sent *st, size_t line, size_t a, size_t e)
{
    if (a > line && !(a == line + 1 && st->s[line] == '(')) return 0;
    if (a < line) return 0;
    size_t n = e - a;
    if (n == 0 || n > 4) return 0;
    int digits = 1, roman = 1;
    for (size_t i = a; i < e; i++) {
        unsigned c = st->s[i];
        if (c < '0' || c > '9') digits = 0;
        if (!strchr("ivxlIVXL", (int)c) || !c) roman = 0;
    }
    if (digits) return n <= 3;
    if (n == 1) {
        unsigned l = st->s[a] | 0x20;
        return l >= 'a' && l <= 'z';
    }
    return roman;
}

/* Whether a list item starts at i (the first non-space character of a line): "1. ", "2) ",
 * "(a) ", "iv. ", "• ", "- ". */
static int list_item_at(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len;
    if (i >= len) return 0;
    int n;
    int32_t cp = char_at(st, i, &n);
    if (cp == '-' || cp == '*' || cp == 0x2022 || cp == 0x25E6 || cp == 0x25AA || cp == 0x25CF ||
        cp == 0x2023 || cp == 0x2043 || cp == 0x2013 || cp == 0x2014 || cp == 0xB7) {
        size_t j = i + (size_t)n;
        return j < len && (s[j] == ' ' || s[j] == '\t');
    }
    size_t a = i + (s[i] == '(');
    size_t e = a;
    while (e < len && e - a <= 4 && s[e] < 0x80 && ((s[e] | 0x20) >= 'a' && (s[e] | 0x20) <= 'z'))
        e++;
    if (e == a)
        while (e < len && e - a <= 3 && s[e] >= '0' && s[e] <= '9') e++;
    if (e == a || e + 1 >= len) return 0;
    if (s[i] == '(' ? s[e] != ')' : (s[e] != '.' && s[e] != ')')) return 0;
    if (s[e + 1] != ' ' && s[e + 1] != '\t') return 0;
    return marker_word(st, i, a, e);
}

/* Lower-case words that title-case headlines keep in lower case. */
static const char *const function_words[] = {
    "a", "an", "and", "as", "at", "but", "by", "da", "de", "del", "della", "der", "des", "di",
    "die", "du", "el", "et", "for", "from", "in", "into", "la", "le", "les", "nor", "of", "on",
    "or", "per", "the", "to", "und", "upon", "van", "via", "von", "vs", "with", "y", "zu"};

static int function_word(const unsigned char *w, size_t n)
{
    for (size_t k = 0; k < sizeof function_words / sizeof function_words[0]; k++)
        if (strlen(function_words[k]) == n && memcmp(function_words[k], w, n) == 0) return 1;
    return 0;
}

/* Whether the line s[a..b) looks like a headline, a salutation or a list item without a final
 * stop: some capital letter, no terminator at its end, every lower-case word a function word
 * ("of", "the", "and", ...) and the last word not one ("Statement by H.E. Mr. Ilham Aliyev",
 * "Mr. President,", "Distinguished Heads of State and Government,", "UNITED NATIONS"). Lines
 * of hard-wrapped prose fail: they have lower-case content words or end in "of the". */
static int headline_like(const sent *st, size_t a, size_t b)
{
    int upper = 0, last_lower = 0;
    size_t last = NONE;
    for (size_t i = a; i < b;) {
        int n;
        int32_t cp = char_at(st, i, &n);
        if (!ts_is_space(cp)) last = i;
        int cls = ts_class(cp);
        if (cls != TS_LETTER) {
            i += (size_t)n;
            continue;
        }
        /* a word: letters and marks */
        size_t w = i;
        int lower = ts_is_lower(cp);
        while (i < b) {
            cp = char_at(st, i, &n);
            cls = ts_class(cp);
            if (cls != TS_LETTER && cls != TS_MARK) break;
            if (ts_is_upper(cp)) upper = 1;
            i += (size_t)n;
        }
        last = ts_prev(st->s, st->len, i);
        if (lower && !function_word(st->s + w, i - w)) return 0;
        last_lower = lower;
    }
    if (!upper || last == NONE) return 0;
    int n, full, dot;
    int32_t end = char_at(st, last, &n);
    if (ts_class(end) == TS_LETTER || ts_class(end) == TS_MARK) {
        if (last_lower) return 0;
    }
    return !is_terminator(end, &full, &dot);
}

/* Whether the line s[a..b) is a salutation or a lead-in: at most five words, starting with a
 * capital letter, ending with a comma or colon ("Distinguished delegates,", "Ladies and
 * gentlemen,", "We agree:"). */
static int salutation_like(const sent *st, size_t a, size_t b)
{
    int n, words = 0, in_word = 0;
    if (!ts_is_upper(char_at(st, a, &n))) return 0;
    size_t last = NONE;
    for (size_t i = a; i < b; i += (size_t)n) {
        int32_t cp = char_at(st, i, &n);
        if (!ts_is_space(cp)) last = i;
        int letter = ts_class(cp) == TS_LETTER;
        if (letter && !in_word && ++words > 5) return 0;
        in_word = letter || (in_word && ts_class(cp) == TS_MARK);
    }
    return last != NONE && (st->s[last] == ',' || st->s[last] == ':');
}

/* ---- Candidates ---------------------------------------------------------------------------- */

/* A line break at p: a blank line (or a paragraph separator) ends the sentence; a single line
 * break ends it before a list item, and after a list item, a headline-like line or a
 * salutation that the sentence started with. Returns where scanning goes on. */
static size_t on_line_break(sent *st, size_t p)
{
    const unsigned char *s = st->s;
    size_t i = p;
    int breaks = 0, para = 0;
    while (i < st->len) {
        int n;
        int32_t cp = char_at(st, i, &n);
        if (!ts_is_space(cp)) break;
        if (is_line_break(cp) && !(cp == '\n' && i > 0 && s[i - 1] == '\r')) breaks++;
        if (cp == 0x2029) para = 1;
        i += (size_t)n;
    }
    size_t next = skip_space(st, p);
    if (st->start != NONE && st->start < p) {
        int end = breaks >= 2 || para || list_item_at(st, next);
        /* A line that the sentence started with: a list item or a headline ends there. */
        if (!end && st->start == st->line_start)
            end = list_item_at(st, st->start) || headline_like(st, st->start, p) ||
                  salutation_like(st, st->start, p);
        if (end) end_sentence(st, p, next);
    }
    st->line_start = next;
    return next;
}

/* Whether the word at i is a title abbreviation with its period ("Mr.", "Dr."): after an
 * abbreviation that may end a sentence, it starts the next one ("at 6 P.M. Mr. Smith left"). */
static int title_at(const sent *st, size_t i)
{
    size_t e = i;
    while (e < st->len && e - i < 8 && (((st->s[e] | 0x20) >= 'a' && (st->s[e] | 0x20) <= 'z'))) e++;
    return e > i && e < st->len && st->s[e] == '.' && rc_abbrev_class(st->s + i, e - i) == RC_ABBR_TITLE;
}

/* "N°. 1026", "Nº. 5": a number sign before the period, which then never ends the sentence
 * before a number. */
static int number_sign_before(const sent *st, size_t p)
{
    const unsigned char *s = st->s;
    return p >= 3 && s[p - 2] == 0xC2 && (s[p - 1] == 0xB0 || s[p - 1] == 0xBA) &&
           (s[p - 3] | 0x20) == 'n';
}

/* A spaced ellipsis ". . ." whose first period is at p and last one ends at e (k periods).
 * Four periods are a full stop and an ellipsis: after a word ("compounds. . . . The") the full
 * stop ends the sentence and the ellipsis opens the next one; on their own ("period . . . .
 * Next") they end it. Three are an omission inside the sentence. Returns where scanning goes on. */
static size_t on_spaced_ellipsis(sent *st, size_t p, size_t e, int k)
{
    if (st->start == NONE || st->start > p || k < 4) return e;
    size_t r = skip_space(st, e);
    if (r >= st->len) return e;
    int32_t nx;
    next_word(st, r, &nx);
    if (!ts_is_upper(nx)) return e;
    int attached = p > st->start && !ts_is_space(st->s[p - 1]);
    if (attached) {
        end_sentence(st, p + 1, p + 1);
        return e;
    }
    end_sentence(st, e, e);
    return e;
}

/* A full stop, "!" or "?" directly followed by a lower-case word: in web text a sentence often
 * starts in lower case. Decided on the token before, never on a blanket rule: "?" ends the
 * sentence; "!" ends it after a lower-case word ("lol! seafood") but not after a capitalized one
 * ("Yahoo! in the"); "." ends it after a lower-case word of two letters or more that is no
 * abbreviation ("failed. iPhone", "tomorrow. there") — not after an abbreviation ("etc. and"),
 * an initial, a number or a capitalized word ("U.S. citizens", "Corp. common stock"). */
static int lower_start_evidence(const sent *st, size_t p, int sterm, int question)
{
    const unsigned char *s = st->s;
    size_t a = word_before(st, p, st->start);
    if (sterm) {
        if (question) return 1;
        int n;
        return a < p && ts_is_lower(char_at(st, a, &n));
    }
    if (p - a < 2 || s[a] < 'a' || s[a] > 'z' || memchr(s + a, '.', p - a)) return 0;
    for (size_t i = a; i < p; i++)
        if (s[i] < 'a' || s[i] > 'z') return 0; /* "mp3.", "x86." are no words to decide on */
    return rc_abbrev_class(s + a, p - a) == RC_ABBR_NONE;
}

/* ... and the text's own evidence: a text that writes its sentences in lower case does so
 * often, while in edited text (a UN speech) ". more important" is a typo for a comma. A lower-case
 * start counts only while such candidates are at least a tenth of the terminators followed by a
 * capital so far; the first few sentences of any text may still split. Linear: two counters. */
static int lower_start_breaks(sent *st, size_t p, int sterm, int question)
{
    if (!lower_start_evidence(st, p, sterm, question)) return 0;
    st->lower_after++;
    return st->lower_after * 10 >= st->upper_after;
}

/* A terminator at p. Returns where scanning goes on. */
static size_t on_terminator(sent *st, size_t p)
{
    const unsigned char *s = st->s;
    size_t len = st->len, q = p;
    /* The punctuation of the list marker that opened this sentence ("1." "a)" "2.)"). */
    if (st->marker_end != NONE && st->start != NONE && p >= st->start && p < st->marker_end)
        return st->marker_end;
    /* The next marker of an inline enumeration ends the item before it. */
    if (st->list_kind && st->start != NONE && st->start < p && s[p] == '.') {
        size_t item = sent_list_next(st, p);
        if (item != NONE) {
            end_sentence(st, item, item);
            return st->marker_end != NONE ? st->marker_end : p + 1;
        }
    }
    if (s[p] == '.' && p + 2 < len && s[p + 1] == ' ' && s[p + 2] == '.') {
        size_t e;
        int k = sent_spaced_dots(st, p, &e);
        if (k >= 3) return on_spaced_ellipsis(st, p, e, k);
    }
    int dots = 0, sterm = 0, question = 0, full = 0, ellipsis = 0, closing = 0;
    /* The terminator run with its closing quotes and brackets (and marks on them). */
    while (q < len) {
        int n, f, d;
        int32_t cp = char_at(st, q, &n);
        if (!closing && is_terminator(cp, &f, &d)) {
            full |= f;
            if (cp == ELLIPSIS) ellipsis = 1;
            else if (d) dots++;
            else sterm = 1;
            question |= cp == '?';
        } else if (is_close(cp)) {
            closing = 1;
        } else if (ts_class(cp) != TS_MARK || rc_grapheme_prop(cp) == RC_GB_Prepend) {
            break; /* marks stay with the run; a Prepend character belongs to what follows */
        }
        q += (size_t)n;
    }
    /* Citation and footnote markers after the stop belong to the sentence: "martyr.[1] The",
     * "large.[7][8] This", "(1987).1 According". */
    if (q < len && s[q] == '[') q += sent_citation(st, q);
    if (q < len && s[q] >= '0' && s[q] <= '9' && dots == 1 && !sterm && !closing && p > 0 &&
        (ts_is_lower(s[p - 1]) || s[p - 1] == ')' || s[p - 1] == '"')) {
        size_t d = q;
        while (d < len && d - q < 3 && s[d] >= '0' && s[d] <= '9') d++;
        int n;
        if (d + 1 < len && s[d] == ' ' && ts_is_upper(char_at(st, d + 1, &n))) q = d;
    }
    if (st->start == NONE || st->start > p) return q; /* a sentence of its own starts later */
    if (q >= len) return q;
    int n;
    int32_t after = char_at(st, q, &n);
    if (!ts_is_space(after)) {
        if (dots == 1 && !sterm && !closing && after >= '0' && after <= '9' && p > 0 && s[p - 1] >= '0' &&
            s[p - 1] <= '9') {
            size_t e = sent_licence(st, p); /* "under CC BY 2.0 My town" */
            if (e != NONE) end_sentence(st, e, e);
            return e != NONE ? e : q;
        }
        if (full) {
            end_sentence(st, q, q);
            return q;
        }
        /* "world.The": a stop typed without its space, between a lower-case word of two
         * letters or more (not an abbreviation) and a capitalized word — unless the stop is
         * inside a token that the tokenizer keeps whole ("Jane.Doe@example.com",
         * "http://testurl.Awesome.com"): a boundary never splits a URL, e-mail, number or
         * abbreviation. */
        if (dots == 1 && !sterm && !ellipsis && !closing && ts_is_upper(after) && q + (size_t)n < len &&
            ts_is_lower(char_at(st, q + (size_t)n, &n))) {
            size_t a = word_before(st, p, st->start);
            if (p - a >= 2 && ts_is_lower(s[p - 1]) && ts_is_lower(s[p - 2]) &&
                rc_abbrev_class(s + a, p - a) == RC_ABBR_NONE && !sent_inside_token(st, q)) {
                end_sentence(st, q, q);
                return q;
            }
        }
        return q;
    }
    size_t r = skip_space(st, q);
    if (r >= len) return q;
    /* An emoticon, a citation marker, an omission mark or a footnote number after the stop stays
     * with the sentence ("I love her. :)", "in Dulwich. [17] Placed", "for all! [...] What can",
     * "minority rights. 4 Even though"). */
    size_t extra = s[r] == ':' || s[r] == ';' || s[r] == '=' ? sent_emoticon(st, r) : 0;
    if (!extra && s[r] == '[') {
        extra = sent_citation(st, r);
        if (!extra) extra = sent_omission(st, r);
        if (extra && r + extra < len && !ts_is_space(s[r + extra])) extra = 0;
        /* between two quotations the mark opens the next one ('agenda." [...] "The problem') */
        if (extra && (s[r + 1] == '.' || s[r + 1] == 0xE2) && r + extra + 1 < len && s[r + extra + 1] == '"') extra = 0;
    } else if (s[r] >= '0' && s[r] <= '9' && dots == 1 && !sterm) {
        extra = sent_footnote(st, r);
    }
    if (extra) {
        q = r + extra;
        r = skip_space(st, q);
        if (r >= len) return q;
    }
    int m, f2, d2;
    if (is_terminator(char_at(st, r, &m), &f2, &d2)) return q; /* ". . ." */
    /* "-- voila! -- you have", "if I may say so? -- a bit": an aside goes on. */
    if ((s[r] == '-' || s[r] == 0xE2) && sent_dash_aside(st, r)) return q;
    int32_t nx;
    size_t w = next_word(st, r, &nx);
    st->upper_after += ts_is_upper(nx) != 0;
    int brk;
    if (sterm || full) {
        brk = !ts_is_lower(nx) || (!closing && !full && lower_start_breaks(st, p, 1, question));
    } else if (ellipsis || dots >= 2) {
        brk = ts_is_upper(nx);
    } else {
        size_t a = word_before(st, p, st->start);
        int cls = a < p ? rc_abbrev_class(s + a, p - a) : RC_ABBR_NONE;
        int one_letter = a < p && p - a <= 4 && ts_class(char_at(st, a, &n)) == TS_LETTER &&
                         a + (size_t)n == p;
        int32_t letter = one_letter ? char_at(st, a, &n) : -1;
        if (a < p && marker_word(st, st->line_start, a, p)) {
            brk = 0; /* "1." or "(a)" opening a list item */
        } else if (cls == RC_ABBR_TITLE) {
            brk = 0;
        } else if ((cls == RC_ABBR_NUMBERED || number_sign_before(st, p)) && nx >= '0' && nx <= '9' &&
                   w == r) {
            brk = 0;
        } else if (letter == 'I' && a > st->start + 1 && s[a - 1] == ' ' &&
                   ts_is_lower(s[word_before(st, a - 1, st->start)])) {
            /* the pronoun ("you and I. Did you"), not an initial ("Albert I. Jones") */
            brk = !ts_is_lower(nx);
        } else if (cls == RC_ABBR_FINAL) {
            brk = ts_is_upper(nx); /* "etc. Needs good family", but "etc. and so on" */
        } else if (cls == RC_ABBR_COMMON || (one_letter && ts_is_upper(letter))) {
            /* "the U.S. ambassador", "J. F. Kennedy", "10 a.m. on Tuesday", but "... in the
             * U.S. The next ...", and "at 6 P.M. Mr. Smith left" after a few words */
            brk = ts_is_upper(nx) &&
                  (starter_at(st, w) || (title_at(st, w) && sent_words(st, st->start, p, 4) >= 4));
        } else if (!ts_is_lower(nx)) {
            brk = 1;
        } else {
            brk = !closing && lower_start_breaks(st, p, 0, 0);
        }
    }
    if (brk) end_sentence(st, q, q);
    return q;
}

/* Whether s[a..e) is a word after which an utterance is broken off, not finished: an article, a
 * conjunction, a preposition or a filler ("the –", "and –", "like –", "so maybe —"). */
static int unfinished_word(const unsigned char *s, size_t a, size_t e)
{
    static const char *const words[] = {"a", "an", "and", "but", "like", "maybe", "or", "so", "that",
                                        "the", "uh", "um", NULL};
    if (e - a > 5) return 0;
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == e - a && memcmp(*w, s + a, e - a) == 0) return 1;
    return 0;
}

/* A spaced dash (— – -- -) at p, dlen bytes, before a capitalized word ends an interrupted
 * utterance in transcribed speech ("I know she's — See now she's trying", "You — No, because",
 * "it is the – It doesn't say"): after a short one, at most six words, when the dash is an em
 * dash and the word after it a sentence starter (not "Cheap Hotel Rome - Thanks for", "PS --
 * There is"); after a word that leaves a phrase unfinished ("the", "and", "like") before any
 * capitalized word but "I", which goes on as often as it starts anew. After
 * a longer stretch ("... lost its leader — Her Majesty", "the theme — We Care") or before any
 * other word ("two States — Israel and Palestine — side by side") the aside goes on; so it
 * does before "The", which opens titles more often than sentences there. */
static size_t on_dash(sent *st, size_t p, size_t dlen)
{
    const unsigned char *s = st->s;
    size_t q = p + dlen;
    if (st->start == NONE || st->start >= p || q + 1 >= st->len || s[q] != ' ' || s[p - 1] != ' ')
        return q;
    size_t r = skip_space(st, q);
    int n;
    if (r + 1 >= st->len || !ts_is_upper(char_at(st, r, &n)) || s[r + 1] == ' ' || s[r + 1] == '\'')
        return q; /* not before "I", "A", "I'm" */
    size_t w = p - 1; /* the word before the dash, if it is short enough to be listed */
    while (w > st->start && p - w < 8 && s[w - 1] != ' ') w--;
    /* a word cut off before the dash ("I'm supposed to re- — A- and") */
    int cut = p >= st->start + 3 && s[p - 2] == '-' && ts_is_lower(s[p - 3]);
    int brk = cut || unfinished_word(s, w, p - 1) ||
              (s[p] == 0xE2 && s[p + 2] == 0x94 && starter_at(st, r) &&
               !(r + 3 < st->len && s[r] == 'T' && (s[r + 1] | 0x20) == 'h' && (s[r + 2] | 0x20) == 'e' &&
                 s[r + 3] == ' ') &&
               sent_words(st, st->start, p, 7) <= 6);
    if (brk) end_sentence(st, q, q);
    return q;
}

/* The colon of a time at p. An e-mail header stamp ("Sean Boyle 08/17/2000 11:21 AM I spoke to
 * Bruce") is a sentence of its own: it ends the sender's name before it, unless a lower-case
 * word stands there ("on 08/15/2000 06:03:48 PM": a preposition), and whatever follows it but a
 * lower-case function word ("... 12:05 PM in room 5"). */
static size_t on_stamp(sent *st, size_t p)
{
    const unsigned char *s = st->s;
    size_t date, e = sent_stamp(st, p, &date);
    if (e == NONE) return p + 1;
    if (date > st->start) {
        size_t w = date - 1; /* the start of the word before it, at most 64 bytes back */
        while (w > st->start && date - w < 64 && !ts_is_space(s[w - 1])) w--;
        if (!(s[w] >= 'a' && s[w] <= 'z')) end_sentence(st, date, date);
    }
    size_t r = skip_space(st, e), re = r;
    while (re < st->len && s[re] >= 'a' && s[re] <= 'z') re++;
    if (r > e && r < st->len && !sent_function_word(s, r, re)) end_sentence(st, e, e);
    return e;
}

/* A byte of class 3 at p (":" ";" ")" ">" "-"): an emoticon ending a sentence ("fun :) Now I"), the
 * ")" of the next marker of an inline enumeration ("1) The first item 2) The second"), the ">"
 * after an e-mail address, or a spaced dash ("-", "--"). */
static size_t on_maybe(sent *st, size_t p)
{
    const unsigned char *s = st->s;
    if (st->start == NONE || st->start >= p) return p + 1;
    if (s[p] == '>') {
        /* "Vangie McGilloway <vangie@powersrc.com> 03/23/2001": an address in angle brackets
         * closes the sender line of an e-mail header. */
        size_t a = p;
        while (a > st->start && p - a < 80 && s[a - 1] != '<' && !ts_is_space(s[a - 1])) a--;
        if (a == st->start || s[a - 1] != '<' || !memchr(s + a, '@', p - a)) return p + 1;
        size_t r = skip_space(st, p + 1);
        int n;
        if (r == p + 1 || r >= st->len) return p + 1;
        int32_t c = char_at(st, r, &n);
        if (ts_is_upper(c) || (c >= '0' && c <= '9')) end_sentence(st, p + 1, p + 1);
        return p + 1;
    }
    if (s[p] == ':' && s[p - 1] >= '0' && s[p - 1] <= '9') return on_stamp(st, p);
    if (s[p] == ';' && p + 3 < st->len && s[p + 1] == ' ' && s[p + 2] >= 'A' && s[p + 2] <= 'Z' &&
        s[p + 3] != ' ' && s[p + 3] != '\'' && starter_at(st, p + 2)) {
        /* a semicolon before a capitalized sentence-starter word ends a clause that stands as
         * a sentence: "research activities; Get feedback from", "abolished; WHEREAS, it is" */
        end_sentence(st, p + 1, p + 1);
        return p + 1;
    }
    if (s[p] == '-') {
        size_t d = p + (p + 1 < st->len && s[p + 1] == '-');
        return p > 0 && s[p - 1] == ' ' ? on_dash(st, p, d - p + 1) : d + 1;
    }
    if (s[p] == ')') {
        if (!st->list_kind) return p + 1;
        if (st->marker_end != NONE && p < st->marker_end) return st->marker_end;
        size_t item = sent_list_next(st, p);
        if (item == NONE) return p + 1;
        end_sentence(st, item, item);
        return st->marker_end != NONE ? st->marker_end : p + 1;
    }
    if (!ts_is_space(s[p - 1])) return p + 1; /* an emoticon stands alone: not "Note:D" */
    size_t e = sent_emoticon(st, p);
    if (!e) return p + 1;
    size_t q = p + e, r = skip_space(st, q);
    if (r >= st->len) return q;
    int32_t nx;
    next_word(st, r, &nx);
    if (nx >= 0) end_sentence(st, q, q);
    return q;
}

static void prose_mode(sent *st)
{
    const unsigned char *s = st->s;
    size_t len = st->len, p = skip_space(st, 0);
    st->line_start = p;
    end_sentence(st, p, p); /* no sentence yet: only starts the first one */
    while (p < len && !st->rc) {
        p = skip_plain(s, p, len);
        if (p >= len) break;
        if (stop[s[p]] == 3) {
            p = on_maybe(st, p);
            continue;
        }
        int n, full, dot;
        int32_t cp = char_at(st, p, &n);
        size_t next = p + (size_t)n;
        if (is_line_break(cp)) next = on_line_break(st, p);
        else if (is_terminator(cp, &full, &dot)) next = on_terminator(st, p);
        else if (cp == 0x2014 || cp == 0x2013) next = on_dash(st, p, 3);
        p = next > p ? next : p + (size_t)n; /* always forward */
    }
    if (!st->rc) end_sentence(st, len, len);
}

static void uax29_mode(sent *st)
{
    size_t p = 0;
    while (p < st->len && !st->rc) {
        size_t e = rc_next_sentence_boundary(st->s, st->len, p);
        push_span(st, p, e); /* UAX #29 sentences keep their trailing white space */
        p = e;
    }
}

int rc_sentences(const char *text, size_t len, unsigned options, rc_spans *out)
{
    if (!out || (!text && len) || (options & ~(RC_SENTENCES_UAX29 | RC_OFFSETS_CODEPOINTS)))
        return RC_EINVAL;
    sent st = {(const unsigned char *)text, len, out, (options & RC_OFFSETS_CODEPOINTS) != 0, 0,
               {(const unsigned char *)text, len, 0, 0}, NONE, 0, NONE, 0, 0, 0, RC_SPANS_INIT, 0, 0};
    out->count = 0;
    if (options & RC_SENTENCES_UAX29) uax29_mode(&st);
    else prose_mode(&st);
    rc_spans_free(&st.scratch);
    if (st.rc) {
        out->count = 0;
        return st.rc;
    }
    return RC_OK;
}
