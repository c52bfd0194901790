/* tokenize_rules.c — the words-mode rules on top of UAX #29 word segments: abbreviations and
 * initials keep their period, periods typed without a space split, possessive 's and elided
 * articles split off, URLs, e-mail addresses, #hashtags and @mentions stay whole, runs of the
 * same mark join. docs/tokenization.md has the table with examples. */
#include <string.h>

#include "tokenize/abbrev.h"
#include "tokenize/emoticon.h"
#include "tokenize/tokenize.h"

/* ---- Character tests ----------------------------------------------------------------------- */

/* The class (TS_*) of the character before position i, or TS_OTHER at the start; '_' counts
 * as a letter (it joins words). */
static int class_before(const tok *t, size_t i)
{
    if (i == 0) return TS_OTHER;
    size_t st = ts_prev(t->s, t->len, i);
    int n;
    int32_t cp = rc_tok_char(t, st, &n);
    return cp == '_' ? TS_LETTER : ts_class(cp);
}

/* Whether a non-ASCII character at i could join the ASCII word-like segment before it, or sit in
 * its grapheme cluster: then only the general path can decide. */
static int may_join_word(const tok *t, size_t i)
{
    int n;
    int32_t cp = rc_tok_char(t, i, &n);
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
    int32_t cp = rc_tok_char(t, i, &n);
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
    if (t->s[i] >= 0x80 && ts_attaches(rc_tok_char(t, i, &n))) return 0;
    if (t->s[i - 1] >= 0x80) {
        int32_t cp = rc_tok_char(t, ts_prev(t->s, t->len, i), &n);
        if (rc_grapheme_prop(cp) == RC_GB_Prepend) return 0;
    }
    return 1;
}

/* The flags of a suffix s[r..e) of a word, from rc_tok_word_flag_ends of the whole word. */
static unsigned suffix_flags(const size_t ends[W_NFLAGS], size_t r)
{
    unsigned f = 0;
    for (int k = 0; k < W_NFLAGS; k++)
        if (ends[k] > r) f |= 1u << k;
    return f;
}

/* Scans the ASCII word-like segment starting at p (a letter, digit or '_'). Returns its end and
 * its flags, or 0 when a non-ASCII character next to it might change the answer. */
size_t rc_tok_ascii_word(const tok *t, size_t p, unsigned *flags)
{
    const unsigned char *s = t->s;
    size_t len = t->len, q = p;
    unsigned f = 0;
    for (;;) {
        unsigned b;
        while (q < len && ((b = rc_tok_bits[s[q]]) & B_WORD)) {
            f |= b;
            q++;
        }
        if (q >= len) break;
        unsigned c = s[q];
        if (c >= 0x80) {
            if (may_join_word(t, q)) return 0;
            break;
        }
        unsigned cb = rc_tok_bits[c];
        if (!(cb & (B_MIDLET | B_MIDNUM)) || q + 1 >= len) break;
        unsigned pb = rc_tok_bits[s[q - 1]];
        int letters = (cb & B_MIDLET) && (pb & B_LETTER);
        int digits = (cb & B_MIDNUM) && (pb & B_DIGIT);
        if (!letters && !digits) break;
        unsigned n = s[q + 1];
        if (n >= 0x80) return 0; /* WB6/WB12 would look at a non-ASCII character */
        unsigned nb = rc_tok_bits[n];
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
    int32_t cp = rc_tok_char(t, a, &n);
    if (!ts_is_upper(cp)) return 0;
    for (size_t i = a + (size_t)n; i < e; i += (size_t)n)
        if (ts_class(rc_tok_char(t, i, &n)) != TS_MARK) return 0;
    size_t i = e + 1;
    if (i >= t->len || !ts_is_space(rc_tok_char(t, i, &n))) return 0;
    while (i < t->len && ts_is_space(cp = rc_tok_char(t, i, &n))) i += (size_t)n;
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
            rc_tok_emit(t, a, e + 1, RC_TOK_ABBREV);
            return e + 1;
        }
    }
    int kind = (f & W_LETTER) ? RC_TOK_WORD : (f & W_DIGIT) ? RC_TOK_NUMBER : RC_TOK_PUNCT;
    rc_tok_emit(t, a, e, kind);
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
        rc_tok_emit(t, a, end, RC_TOK_ABBREV);
        return end;
    }
    for (size_t i = a + 1; i + 1 < e; i++) {
        if (s[i] != '.') continue;
        int n;
        int32_t next = rc_tok_char(t, i + 1, &n);
        if (!ts_is_upper(next) || !can_split_at(t, i)) continue;
        int c = rc_abbrev_class(s + a, i - a);
        if (c == RC_ABBR_TITLE || c == RC_ABBR_COMMON || c == RC_ABBR_FINAL) {
            rc_tok_emit(t, a, i + 1, RC_TOK_ABBREV);
            return i + 1;
        }
        /* "world.The": a lower-case word of two letters or more, then a capitalized word. */
        size_t after = i + 1 + (size_t)n;
        int m;
        if (after >= e || !ts_is_lower(rc_tok_char(t, after, &m))) continue;
        size_t before = ts_prev(s, t->len, i);
        if (!ts_is_lower(rc_tok_char(t, before, &m)) || before == a) continue;
        if (!ts_is_lower(rc_tok_char(t, ts_prev(s, t->len, before), &m))) continue;
        size_t r = rc_tok_word(t, a, i, rc_tok_word_flags(t, a, i));
        /* The rules took the period or more (a URL), or stopped before i ("d’Dr.Abcd" gives
         * "d’" "Dr." and leaves "Abcd"): scanning goes on from where they stopped. */
        if (r != i) return r;
        rc_tok_emit(t, i, i + 1, RC_TOK_PUNCT);
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
 * anything else stays whole ("don't", "O'Brien", "Qur'an"). Returns where scanning goes on, or
 * 0: either the word stays whole, or an elision was emitted and *rest is where the rest of the
 * word starts (the caller loops on it: recursing once per elision overflowed the stack on
 * "l'l'l'…"). */
/* Pronouns, demonstratives and wh-words whose 's is a contraction ("it's", "that's", "let's",
 * "what's"): kept whole like "don't" — they never name a country, and UD's surface tokens keep
 * them whole too. The possessive 's of names and nouns is split ("Azerbaijan's"). */
static const char *const contraction_hosts[] = {
    "everybody", "everyone", "everything", "he", "here", "how", "it", "let", "nobody", "nothing",
    "she", "somebody", "someone", "something", "that", "there", "what", "when", "where", "who",
    "why"};

static int contraction_host(const tok *t, size_t a, size_t x)
{
    for (size_t k = 0; k < sizeof contraction_hosts / sizeof contraction_hosts[0]; k++)
        if (strlen(contraction_hosts[k]) == x - a && starts_with(t, a, x, contraction_hosts[k])) return 1;
    return 0;
}

static size_t apostrophe_word(tok *t, size_t a, size_t e, size_t *rest)
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
        if (ts_class(rc_tok_char(t, r, &m)) != TS_LETTER || !can_split_at(t, r)) continue;
        if (r + 1 == e && (s[r] | 0x20) == 's') continue;
        rc_tok_emit(t, a, r, RC_TOK_WORD);
        *rest = r;
        return 0;
    }
    /* A final 's (possessive or clitic), except the contraction of a pronoun ("it's"). */
    if (e - a >= 3 && (s[e - 1] == 's' || s[e - 1] == 'S')) {
        size_t x = s[e - 2] == '\'' ? e - 2 : (e - a >= 5 && apostrophe_at(t, e - 4) == 3) ? e - 4 : e;
        if (x < e && x > a && can_split_at(t, x) && !contraction_host(t, a, x)) {
            plain_word(t, a, x, rc_tok_word_flags(t, a, x));
            rc_tok_emit(t, x, e, RC_TOK_WORD);
            return e;
        }
    }
    return 0;
}

/* ---- URLs, e-mail addresses, hashtags, mentions -------------------------------------------- */

/* The end of a recognized token [a, e) moved forward to a grapheme cluster boundary (a
 * combining mark or a Prepend character at its edge keeps the cluster whole). */
static size_t cluster_end(const tok *t, size_t a, size_t e)
{
    if (e >= t->len || (t->s[e] < 0x80 && t->s[e - 1] < 0x80)) return e;
    size_t g = rc_next_grapheme_boundary(t->s, t->len, a);
    while (g < e) g = rc_grapheme_boundary_step(t->s, t->len, g);
    return g;
}

/* Whether the word-like segment s[a..e) starts a URL: returns the least end of one (after
 * "www." or after "scheme://"), or 0. */
static size_t url_start(const tok *t, size_t a, size_t e)
{
    const unsigned char *s = t->s;
    size_t n = e - a;
    unsigned c = s[a] | 0x20;
    if (c != 'w' && c != 'h' && c != 'f') return 0;
    if (n >= 5 && starts_with(t, a, e, "www.")) return a + 4;
    if (n < 3 || n > 5 || e + 3 >= t->len || memcmp(s + e, "://", 3) != 0) return 0;
    if ((n == 4 && starts_with(t, a, e, "http")) || (n == 5 && starts_with(t, a, e, "https")) ||
        (n == 3 && starts_with(t, a, e, "ftp")) || (n == 4 && starts_with(t, a, e, "ftps")))
        return e + 3;
    return 0;
}

/* The end of the URL starting at a: URL characters (and letters, digits and marks of any
 * script), less trailing punctuation that belongs to the sentence (. , ; : ! ? ' " *) and
 * closing brackets that have no opening one inside. Returns 0 unless something is left after
 * `min` (the end of "www." or "scheme://"). */
static size_t url_end(const tok *t, size_t a, size_t min)
{
    const unsigned char *s = t->s;
    size_t len = t->len, i = a;
    long parens = 0, brackets = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (!(rc_tok_bits[c] & B_URL)) break;
            parens += c == '(' ? 1 : c == ')' ? -1 : 0;
            brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
            i++;
            continue;
        }
        int n;
        if (ts_class(rc_tok_char(t, i, &n)) == TS_OTHER) break;
        i += (size_t)n;
    }
    for (;;) {
        unsigned c = s[i - 1];
        if (c == ')' && parens < 0) parens++;
        else if (c == ']' && brackets < 0) brackets++;
        else if (!c || !strchr(".,;:!?'\"*", (int)c)) break;
        i--;
    }
    return i > min ? cluster_end(t, a, i) : 0;
}

/* The end of a hashtag or mention body starting at i: letters, digits, '_' and marks of any
 * script. *letter tells whether there was a letter (a hashtag needs one: not "#1", not the
 * keycap "#️⃣"), *alnum whether there was a letter or digit. */
static size_t tag_body(const tok *t, size_t i, int *letter, int *alnum)
{
    const unsigned char *s = t->s;
    *letter = *alnum = 0;
    while (i < t->len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (!(rc_tok_bits[c] & B_WORD)) break;
            if (rc_tok_bits[c] & B_LETTER) *letter = 1;
            if (rc_tok_bits[c] & (B_LETTER | B_DIGIT)) *alnum = 1;
            i++;
            continue;
        }
        int n;
        int cls = ts_class(rc_tok_char(t, i, &n));
        if (cls == TS_OTHER) break;
        if (cls == TS_LETTER) *letter = 1;
        if (cls == TS_LETTER || cls == TS_DIGIT) *alnum = 1;
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
    while (l > 0 && (rc_tok_bits[s[l - 1]] & B_LOCAL)) l--;
    while (l < p && s[l] == '.') l++; /* "...john@" */
    if (l == p || s[p - 1] == '.') return 0;
    if (l > 0 && s[l - 1] >= 0x80 && class_before(t, l) != TS_OTHER) return 0;
    size_t d = p + 1;
    int labels = 0, alpha_tld = 0;
    for (;;) {
        size_t st = d;
        int alpha = 1;
        while (d < len && (rc_tok_bits[s[d]] & (B_LETTER | B_DIGIT) || s[d] == '-')) {
            if (!(rc_tok_bits[s[d]] & B_LETTER)) alpha = 0;
            d++;
        }
        if (d == st || s[d - 1] == '-') return 0;
        labels++;
        alpha_tld = alpha && d - st >= 2;
        if (d + 1 < len && s[d] == '.' && (rc_tok_bits[s[d + 1]] & (B_LETTER | B_DIGIT))) {
            d++;
            continue;
        }
        break;
    }
    if (labels < 2 || !alpha_tld) return 0;
    if (d < len && s[d] >= 0x80) {
        int n;
        if (ts_class(rc_tok_char(t, d, &n)) != TS_OTHER) return 0;
        d = cluster_end(t, p, d);
    }
    /* Take back the local part's tokens, unless one of them reaches into it from before. */
    rc_spans *o = t->out;
    int64_t lu = t->cps ? ts_index(&t->w, l) : (int64_t)l;
    size_t k = o->count;
    while (k > 0 && o->start[k - 1] >= lu) k--;
    if (k > 0 && o->end[k - 1] > lu) return 0;
    o->count = k;
    rc_tok_emit(t, l, d, RC_TOK_EMAIL);
    return d;
}

/* ---- Punctuation, symbols, the general path ------------------------------------------------ */

/* An ASCII punctuation mark or symbol at p. */
size_t rc_tok_mark(tok *t, size_t p)
{
    const unsigned char *s = t->s;
    size_t len = t->len, q = p + 1;
    unsigned c = s[p];
    int letter, alnum;
    switch (c) {
    case '#':
        if (class_before(t, p) == TS_OTHER) {
            size_t e = tag_body(t, p + 1, &letter, &alnum);
            if (letter) {
                e = cluster_end(t, p, e);
                rc_tok_emit(t, p, e, RC_TOK_HASHTAG);
                return e;
            }
        }
        break;
    case '@': {
        size_t e = email_at(t, p);
        if (e) return e;
        if (class_before(t, p) == TS_OTHER) {
            e = tag_body(t, p + 1, &letter, &alnum);
            if (alnum) {
                e = cluster_end(t, p, e);
                rc_tok_emit(t, p, e, RC_TOK_MENTION);
                return e;
            }
        }
        break;
    }
    case ':':
    case ';':
    case '=': {
        /* ":)", ";-)", ":D" after white space (or at the start): one emoticon token */
        size_t e = p == 0 || (rc_tok_bits[s[p - 1]] & B_SPACE) ? rc_emoticon_len(s, len, p) : 0;
        if (e) {
            rc_tok_emit(t, p, p + e, RC_TOK_EMOJI);
            return p + e;
        }
        if (c == '=')
            while (q < len && s[q] == c) q++;
        break;
    }
    case '.':
    case '-':
    case '*':
    case '+':
    case '<':
    case '>':
        /* runs of one mark are one token: "...", "--", "*****", "<<", ">>" */
        while (q < len && s[q] == c) q++;
        break;
    case '!':
    case '?':
        while (q < len && (s[q] == '!' || s[q] == '?')) q++;
        break;
    default: break;
    }
    if (q < len && s[q] >= 0x80 && may_join_mark(t, q)) return rc_tok_segment(t, p);
    rc_tok_emit(t, p, q, (rc_tok_bits[c] & B_PUNCT) ? RC_TOK_PUNCT : RC_TOK_SYMBOL);
    return q;
}

/* The words-mode rules for a word-like segment s[a..e) with flags f; returns where scanning
 * goes on (a grapheme boundary, at or after a). */
size_t rc_tok_word(tok *t, size_t a, size_t e, unsigned f)
{
    size_t flag_ends[W_NFLAGS];
    int have_ends = 0;
    for (;;) {
        size_t min;
        if ((f & W_LETTER) && (min = url_start(t, a, e))) {
            size_t u = url_end(t, a, min);
            if (u) {
                rc_tok_emit(t, a, u, RC_TOK_URL);
                return u;
            }
        }
        if (f & W_DOT) {
            size_t r = dotted_word(t, a, e, f);
            if (r) return r;
        }
        if (f & W_APOS) {
            size_t rest = a;
            size_t r = apostrophe_word(t, a, e, &rest);
            if (r) return r;
            if (rest != a) { /* an elision was emitted: the rules again on the rest */
                if (!have_ends) rc_tok_word_flag_ends(t, a, e, flag_ends);
                have_ends = 1;
                a = rest;
                f = suffix_flags(flag_ends, a);
                continue;
            }
        }
        return plain_word(t, a, e, f);
    }
}

/* Any segment at p: the general path classifies it (and emits it unless it is a word or a
 * number); words and numbers get the words-mode rules here. */
size_t rc_tok_segment(tok *t, size_t p)
{
    tok_word w;
    size_t e = rc_tok_general(t, p, &w);
    return w.e > w.a ? rc_tok_word(t, w.a, w.e, w.f) : e;
}
