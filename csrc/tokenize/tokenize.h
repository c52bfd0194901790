/* tokenize.h — what the files of the tokenizer share (tokenize.c: drivers and ASCII fast
 * paths; tokenize_rules.c: the words-mode rules; tokenize_general.c: segments with non-ASCII
 * characters; tokenize_classes.c: byte classes and segment flags). Internal. They call each other
 * in one direction only: tokenize.c → rules → general → classes. */
#ifndef RC_TOKENIZE_H
#define RC_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "relcore.h"
#include "base/spans.h"
#include "segment/textscan.h"

/* ---- ASCII byte classes (rc_tok_bits) ------------------------------------------------------ */

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

extern const uint16_t rc_tok_bits[256]; /* tokenize_classes.c */

/* What a word-like segment contains (on_word's flags). */
#define W_LETTER 0x01u
#define W_DIGIT 0x02u
#define W_DOT 0x04u   /* a period inside: U.S, 3.5, un.org */
#define W_APOS 0x08u  /* an apostrophe inside (' or ’): don't, l'ONU, Azerbaijan's */
#define W_UNDER 0x10u /* '_' */
#define W_OTHER 0x20u /* other joiners (: , ;) and marks */

#define APOS_RIGHT 0x2019 /* ’ RIGHT SINGLE QUOTATION MARK, the usual typographic apostrophe */

/* rc_tokenize on the scalar path only (no 64-byte windows): the tests' and fuzzers' second
 * opinion on the windows. Internal: not in relcore.h, not exported by the shared library, and
 * rc_tokenize has no option bit for it. */
int rc_tokenize_scalar(const char *text, size_t len, unsigned options, rc_spans *out);

/* ---- The tokenizer's state and output ----------------------------------------------------- */

typedef struct {
    const unsigned char *s;
    size_t len;
    rc_spans *out;
    int cps;    /* code point offsets wanted */
    int scalar; /* rc_tokenize_scalar: no 64-byte windows (tests compare both paths) */
    int rc;  /* first error; scanning stops */
    ts_walker w;
    size_t wb; /* a word and grapheme boundary that word_end found: from there the UAX #29 steps
                  need not count a run of regional indicators again (tokenize_general.c) */
} tok;

static inline void rc_tok_emit(tok *t, size_t a, size_t e, int kind)
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

static inline int32_t rc_tok_char(const tok *t, size_t i, int *n)
{
    int32_t cp;
    *n = ts_char(t->s, t->len, i, &cp);
    return cp;
}

/* ---- Steps: each takes a position where a token may start (a grapheme cluster boundary) and
 * returns where scanning goes on, having emitted what it found. ----------------------------- */

/* The words-mode rules for the word-like segment s[a..e) with flags f (W_*): abbreviations,
 * URLs, clitics, numbers (tokenize_rules.c). */
size_t rc_tok_word(tok *t, size_t a, size_t e, unsigned f);

/* The flags (W_*) of s[a..e) (tokenize_classes.c). */
unsigned rc_tok_word_flags(const tok *t, size_t a, size_t e);

/* Where each W_* flag (bit k) last occurs in s[a..e): ends[k] is the end of its last character,
 * 0 for none. The flags of any suffix s[r..e) are then the k with ends[k] > r: a word that loses
 * one elided article after another ("l'l'l'…") is not scanned again for each
 * (tokenize_classes.c). */
#define W_NFLAGS 6
void rc_tok_word_flag_ends(const tok *t, size_t a, size_t e, size_t ends[W_NFLAGS]);

/* Scans the ASCII word-like segment at p; returns its end and flags, or 0 when a non-ASCII
 * character next to it could change the answer (tokenize_rules.c). */
size_t rc_tok_ascii_word(const tok *t, size_t p, unsigned *flags);

/* An ASCII punctuation mark or symbol at p: runs, #hashtags, @mentions, e-mails
 * (tokenize_rules.c). */
size_t rc_tok_mark(tok *t, size_t p);

/* A word or number segment s[a..e) with flags f that the general path found and left to the
 * words-mode rules (a == e: none). */
typedef struct {
    size_t a, e;
    unsigned f;
} tok_word;

/* Any segment, decided by the UAX #29 engine; emits it, or (a word or number) leaves it in *word
 * for the rules. Returns where scanning goes on (tokenize_general.c). */
size_t rc_tok_general(tok *t, size_t p, tok_word *word);

/* Any segment: rc_tok_general, then rc_tok_word for a word or number (tokenize_rules.c). */
size_t rc_tok_segment(tok *t, size_t p);

/* The kind of the UAX #29 word segment s[a..e) (RC_TOK_SPACE for white space; tokenize_general.c). */
int rc_tok_segment_kind(const tok *t, size_t a, size_t e);

#endif
