/* tokenize_general.c — the tokenizer's general path: segments that involve non-ASCII
 * characters, with boundaries from the UAX #29 engine (segment.c) moved off any grapheme cluster
 * they would split, and the kind of a segment (word, number, emoji, punctuation, symbol, space).
 * Words and numbers are handed back to the caller for the words-mode rules, not passed on from
 * here: the rules call this path, so this path must not call them. */
#include <string.h>

#include "tokenize/tokenize.h"

/* ---- Segments ------------------------------------------------------------------------------ */

/* The end of the UAX #29 word segment starting at p (a grapheme boundary), moved forward to the
 * next word boundary that is also a grapheme boundary (only a Prepend character can put a word
 * boundary inside a cluster). */
static size_t word_end(tok *t, size_t p)
{
    const unsigned char *s = t->s;
    size_t len = t->len;
    const int known = p == t->wb; /* both boundaries: the steps skip counting flags again */
    size_t e = known ? rc_word_boundary_step(s, len, p) : rc_next_word_boundary(s, len, p);
    if (e >= len || (s[e] < 0x80 && s[e - 1] < 0x80)) return t->wb = e;
    size_t g = known ? rc_grapheme_boundary_step(s, len, p) : rc_next_grapheme_boundary(s, len, p);
    for (;;) {
        while (g < e) g = rc_grapheme_boundary_step(s, len, g);
        if (g == e) return t->wb = e;
        while (e < g) e = rc_word_boundary_step(s, len, e);
    }
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
        int32_t cp = rc_tok_char(t, i, &n);
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
    si->f = rc_tok_word_flags(t, a, e);
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
        int32_t cp = rc_tok_char(t, i, &n);
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
    for (int first = 1; a < e; first = 0) {
        size_t g = first ? rc_next_grapheme_boundary(t->s, t->len, a)
                         : rc_grapheme_boundary_step(t->s, t->len, a);
        for (size_t i = a; i < g;) {
            int n;
            if (!ts_is_space(rc_tok_char(t, i, &n))) return a;
            i += (size_t)n;
        }
        a = g;
    }
    return a;
}

/* The end of the last grapheme cluster of s[a..e) that is not all white space (a < e, a a
 * cluster boundary, s[a..e) not all white space). UAX #29 keeps white space inside a word
 * segment in two cases: U+202F NARROW NO-BREAK SPACE is ExtendNumLet ("ONU\u202f" before a
 * French colon), and a Prepend character takes the space after it into its cluster, after which
 * the word rules join the spaces that follow ("\u0600  "). Such trailing white space is
 * dropped from the token, as white space between tokens is. */
static size_t trim_space_clusters(const tok *t, size_t a, size_t e)
{
    int n;
    if (!ts_is_space(rc_tok_char(t, ts_prev(t->s, t->len, e), &n))) return e;
    size_t keep = a;
    for (size_t g = a; g < e;) {
        size_t next = rc_grapheme_boundary_step(t->s, t->len, g);
        if (next > e) next = e;
        for (size_t i = g; i < next; i += (size_t)n)
            if (!ts_is_space(rc_tok_char(t, i, &n))) {
                keep = next;
                break;
            }
        g = next;
    }
    return keep;
}

/* The general path: one UAX #29 word segment starting at p (a grapheme boundary). */
size_t rc_tok_general(tok *t, size_t p, tok_word *word)
{
    word->a = word->e = 0;
    size_t e = word_end(t, p);
    seg_info si;
    seg_scan(t, p, e, &si);
    if (si.all_space) return e;
    int n;
    if (ts_is_space(rc_tok_char(t, p, &n))) {
        /* "\t" + a mark is one word segment but two clusters: drop the white-space one. */
        p = skip_space_clusters(t, p, e);
        if (p >= e) return e;
    }
    size_t kept = trim_space_clusters(t, p, e);
    if (kept < e) {
        /* The dropped white space is left for the next step, which skips it. */
        e = kept;
        seg_scan(t, p, e, &si);
    }
    int kind = seg_kind(t, p, &si);
    if (kind == RC_TOK_WORD || kind == RC_TOK_NUMBER) {
        *word = (tok_word){p, e, si.f}; /* the rules are the caller's (rc_tok_segment) */
        return e;
    }
    if (kind == RC_TOK_PUNCT) {
        /* A run of the same mark is one token ("……", "——"), brackets and quotes excepted. */
        int32_t cp = rc_tok_char(t, p, &n);
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
    rc_tok_emit(t, p, e, kind);
    return e;
}


int rc_tok_segment_kind(const tok *t, size_t a, size_t e)
{
    seg_info si;
    seg_scan(t, a, e, &si);
    return si.all_space ? RC_TOK_SPACE : seg_kind(t, a, &si);
}
