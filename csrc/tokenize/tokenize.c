/* tokenize.c — rc_tokenize: words-mode tokens (UAX #29 word segments with the rules analysts
 * need on top: abbreviations, numbers, URLs, e-mails, #hashtags, @mentions, emoji, clitics) and
 * the plain UAX #29 segments with a kind each. This file holds the drivers and the fast paths;
 * the rules are in tokenize_rules.c, segments with non-ASCII characters in tokenize_general.c,
 * byte classes and segment flags in tokenize_classes.c.
 *
 * Speed comes from two ASCII fast paths that decide word segments exactly as UAX #29 would (any
 * two ASCII letters, digits and '_' join; a single . : ' joins two letters; a single . , ; '
 * joins two digits): 64-byte windows of SSE2 byte-class masks for plain prose, and a scalar
 * byte-class table for the rest. Whenever a decision depends on a rule or on a non-ASCII
 * character, the token is redone from its start by the rules or by the general path, which
 * takes boundaries from the UAX #29 engine (segment.c) and moves any that would fall inside a
 * grapheme cluster. All paths hand word-like segments to the same rules (rc_tok_word), and the
 * tests compare the windows with the scalar path on random text and on the corpus.
 *
 * Invariant: every position where a token or a skipped white-space run starts is a grapheme
 * cluster boundary. Code point offsets come from a walker that follows the emitted offsets (and
 * simply adds byte counts across stretches known to be ASCII), in the same pass. */
#include <string.h>

#include "tokenize/tokenize.h"

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
        if (q < len && (rc_tok_bits[s[q]] & B_WORD)) {
            q++;
            continue;
        }
        return q;
    }
}

/* Dates and fractions written with slashes are one number: "08/16/2000", "1/2", "24/7". s[p..q)
 * is a run of word bytes followed by '/'; returns the end of the number, or q if s[p..q) is not
 * all digits or no digits-only part follows (then the slash is a token of its own). */
static size_t slash_number(const unsigned char *s, size_t len, size_t p, size_t q)
{
    for (size_t i = p; i < q; i++)
        if (!(rc_tok_bits[s[i]] & B_DIGIT)) return q;
    size_t e = q;
    for (int parts = 0; parts < 2 && e < len && s[e] == '/'; parts++) {
        size_t d = e + 1;
        while (d < len && (rc_tok_bits[s[d]] & B_DIGIT)) d++;
        if (d == e + 1 || (d < len && (rc_tok_bits[s[d]] & (B_WORD | B_HIGH)))) break;
        /* a joiner after the last digits could make a decimal or more ("1/2.5"): not a date */
        if (d + 1 < len && (rc_tok_bits[s[d]] & B_MIDNUM) && (rc_tok_bits[s[d + 1]] & B_DIGIT)) break;
        e = d;
    }
    return e;
}

/* The kind of an ASCII word-like segment without inner joiners that does not start with a
 * letter: a number unless a letter follows ("2030" vs "2nd"); only underscores: punctuation. */
static int ascii_kind(const unsigned char *s, size_t a, size_t e)
{
    unsigned f = 0;
    for (size_t i = a; i < e; i++) f |= rc_tok_bits[s[i]];
    return (f & B_LETTER) ? RC_TOK_WORD : (f & B_DIGIT) ? RC_TOK_NUMBER : RC_TOK_PUNCT;
}

/* One step at p (a token boundary) of the scalar path: a white-space run, or one token by the
 * fast path when it can decide, else by the rules or the general path. */
static size_t scalar_step(tok *t, size_t p, size_t *ascii_from)
{
    const unsigned char *s = t->s;
    size_t len = t->len;
    unsigned c = s[p];
    unsigned b = rc_tok_bits[c];
    if (b & B_SPACE) {
        size_t q = p + 1;
        while (q < len && (rc_tok_bits[s[q]] & B_SPACE)) q++;
        /* A mark after a space belongs to the space's cluster: the general path decides. */
        int n;
        if (q < len && s[q] >= 0x80 && s[q - 1] == ' ' && ts_attaches(rc_tok_char(t, q, &n)))
            return *ascii_from = rc_tok_segment(t, q - 1);
        return q;
    }
    if (b & B_WORD) {
        /* Letters, digits and '_' followed by a byte that cannot extend the word nor make it an
         * abbreviation, URL, e-mail local part or clitic: emitted at once. */
        size_t q = scan_word(s, len, p + 1);
        if (q < len && s[q] == '/' && !(b & B_LETTER)) {
            size_t e = slash_number(s, len, p, q);
            if (e > q) {
                emit_ascii(t, p, e, RC_TOK_NUMBER, *ascii_from);
                return e;
            }
        }
        /* after a letter only . : ' can join, after a digit only . , ; ' */
        unsigned joiners = (rc_tok_bits[s[q - 1]] & B_LETTER) ? B_MIDLET : B_MIDNUM;
        if (q >= len || !(rc_tok_bits[s[q]] & (joiners | B_HIGH))) {
            emit_ascii(t, p, q, (b & B_LETTER) ? RC_TOK_WORD : ascii_kind(s, p, q), *ascii_from);
            return q;
        }
        unsigned f;
        size_t e = rc_tok_ascii_word(t, p, &f);
        return *ascii_from = e ? rc_tok_word(t, p, e, f) : rc_tok_segment(t, p);
    }
    if (b & B_HIGH) return *ascii_from = rc_tok_segment(t, p);
    /* A single punctuation mark or symbol that starts no run and no tag. */
    unsigned nb = p + 1 < len ? s[p + 1] : ' ';
    if (c != '#' && c != '@' && c != '!' && c != '?' && nb != c && !(rc_tok_bits[nb] & B_HIGH) &&
        !((c == ':' || c == ';' || c == '=') && nb > ' ' && (p == 0 || (rc_tok_bits[s[p - 1]] & B_SPACE)))) {
        emit_ascii(t, p, p + 1, (b & B_PUNCT) ? RC_TOK_PUNCT : RC_TOK_SYMBOL, *ascii_from);
        return p + 1;
    }
    return *ascii_from = rc_tok_mark(t, p);
}

#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include <emmintrin.h>
#define HAVE_WINDOWS 1

/* Windows of 64 bytes: SSE2 comparisons give one bit mask per byte class (bit j: byte j), from
 * which the tokens of plain ASCII prose (words, single marks, white space) come out with a few
 * bit operations each. Bytes that need a rule ("special": a joiner between letters or digits,
 * a period after a word, "://", runs, # @, non-ASCII) stop the window; the scalar path takes
 * over for one step from the start of the token they touch. */
typedef struct {
    uint64_t word, letter, digit, space, high, dot, apos, colon, comsemi, dash, bangq, tag, slash, run;
} win_masks;

static inline uint64_t bitmask(__m128i v, int shift)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(v) << shift;
}

static inline void window_masks(const unsigned char *p, win_masks *m)
{
    memset(m, 0, sizeof *m);
    for (int q = 0; q < 4; q++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * q));
        /* signed compares: bytes >= 0x80 are negative and fall in no ASCII range */
        __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
        __m128i space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                     _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('\t' - 1)),
                                                   _mm_cmplt_epi8(v, _mm_set1_epi8('\r' + 1))));
        int sh = 16 * q;
        m->letter |= bitmask(letter, sh);
        m->digit |= bitmask(digit, sh);
        m->word |= bitmask(_mm_or_si128(_mm_or_si128(letter, digit), under), sh);
        m->space |= bitmask(space, sh);
        m->high |= bitmask(v, sh);
        m->dot |= bitmask(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), sh);
        m->apos |= bitmask(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), sh);
        m->colon |= bitmask(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')), sh);
        m->comsemi |= bitmask(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
                                           _mm_cmpeq_epi8(v, _mm_set1_epi8(';'))), sh);
        m->dash |= bitmask(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')), sh);
        m->bangq |= bitmask(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('!')),
                                         _mm_cmpeq_epi8(v, _mm_set1_epi8('?'))), sh);
        m->tag |= bitmask(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('#')),
                                       _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))), sh);
        m->slash |= bitmask(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')), sh);
        /* marks whose runs are one token: * + (0x2A-0x2B) and < = > (0x3C-0x3E) */
        __m128i run = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x29)),
                                                 _mm_cmplt_epi8(v, _mm_set1_epi8(0x2C))),
                                   _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x3B)),
                                                 _mm_cmplt_epi8(v, _mm_set1_epi8(0x3F))));
        m->run |= bitmask(run, sh);
    }
}

/* Bytes of the window that only the scalar path may handle (see above; a joiner before a
 * non-ASCII character may join letters across a mark, "l'\u200dONU"). Bits shifted in from
 * outside the window are 0: the window starts at a token boundary, and the caller never
 * decides byte 63 (its right neighbour is unknown). */
static inline uint64_t window_special(const win_masks *m)
{
    uint64_t L = m->letter, D = m->digit;
    uint64_t between_letters = (L << 1) & (L >> 1), between_digits = (D << 1) & (D >> 1);
    uint64_t joiner = m->dot | m->apos | m->colon | m->comsemi;
    return m->high | (joiner & (m->high >> 1)) | m->tag |
           (m->colon & (between_letters | (m->slash >> 1))) |
           (m->apos & (between_letters | between_digits)) | (m->comsemi & between_digits) |
           (m->dot & ((m->word << 1) | (m->dot >> 1))) | (m->dash & (m->dash >> 1)) |
           (m->bangq & (m->bangq >> 1)) | (m->run & (m->run >> 1)) |
           /* an emoticon may start at : ; = after white space (or at the window's start) */
           ((m->colon | m->comsemi | m->run) & ((m->space << 1) | 1)) |
           /* a slash between digits: a date or a fraction */
           (m->slash & between_digits);
}

/* The start of the run of word bytes that contains bit j. */
static inline size_t run_start(uint64_t word, size_t j)
{
    uint64_t starts = word & ~(word << 1) & (j == 63 ? ~0ull : (2ull << j) - 1);
    return (size_t)(63 - __builtin_clzll(starts));
}

/* Tokenizes windows from p on while 64 bytes remain; returns where the scalar path must go on. */
static size_t windows(tok *t, size_t p, size_t *ascii_from)
{
    const unsigned char *s = t->s;
    size_t len = t->len;
    while (p + 64 <= len && !t->rc) {
        win_masks m;
        window_masks(s + p, &m);
        uint64_t special = window_special(&m);
        /* Byte 63 stops the window too: its right neighbour is unknown. Stop at the first
         * special byte, or earlier at the start of the word before it, or of the byte before a
         * non-ASCII one (a mark may attach to it). */
        size_t z = (size_t)__builtin_ctzll(special | 1ull << 63), d = z;
        if (z > 0 && (m.word >> (z - 1) & 1)) d = run_start(m.word, z - 1);
        else if (z > 0 && (m.high >> z & 1)) d = z - 1;
        /* Every token inside [0, d) is complete: emit them in order, at most 64, into room
         * made up front, with offsets from locals (the window is ASCII: a code point index is
         * the byte offset less a constant). */
        uint64_t range = (1ull << d) - 1;
        uint64_t single = ~m.word & ~m.space & ~m.high & range;
        uint64_t starts = ((m.word & ~(m.word << 1)) | single) & range;
        uint64_t lasts = ((m.word & ~(m.word >> 1)) | single) & range;
        if (starts) {
            rc_spans *o = t->out;
            if (o->cap_ - o->count < 64) {
                int rc = rc_spans_reserve(o, 64);
                if (rc) {
                    t->rc = rc;
                    return p;
                }
            }
            int64_t delta = 0; /* byte offset - code point index, over this window */
            if (t->cps) {
                ts_walker *w = &t->w;
                if (w->byte < *ascii_from || w->byte > p) ts_index(w, p);
                delta = (int64_t)w->byte - w->index;
                w->byte = p + d; /* all ASCII up to there */
                w->index = (int64_t)(p + d) - delta;
            }
            int64_t *ost = o->start, *oen = o->end, base = (int64_t)p - delta;
            uint8_t *okd = o->kind;
            size_t k = o->count;
            while (starts) {
                size_t a = (size_t)__builtin_ctzll(starts), e = (size_t)__builtin_ctzll(lasts);
                starts &= starts - 1;
                lasts &= lasts - 1;
                int kind;
                if (single >> a & 1) {
                    kind = (rc_tok_bits[s[p + a]] & B_PUNCT) ? RC_TOK_PUNCT : RC_TOK_SYMBOL;
                } else {
                    uint64_t span = (e == 63 ? ~0ull : (2ull << e) - 1) & ~((1ull << a) - 1);
                    kind = (m.letter & span) ? RC_TOK_WORD
                           : (m.digit & span) ? RC_TOK_NUMBER : RC_TOK_PUNCT;
                }
                ost[k] = base + (int64_t)a;
                oen[k] = base + (int64_t)e + 1;
                okd[k] = (uint8_t)kind;
                k++;
            }
            o->count = k;
        }
        p += d;
        if ((special >> z & 1) || d == 0) p = scalar_step(t, p, ascii_from);
    }
    return p;
}
#endif

static void words_mode(tok *t)
{
    size_t p = 0, ascii_from = 0; /* the fast paths saw only ASCII from ascii_from to p */
    while (p < t->len && !t->rc) {
#ifdef HAVE_WINDOWS
        if (p + 64 <= t->len && !t->scalar) {
            p = windows(t, p, &ascii_from);
            continue;
        }
#endif
        p = scalar_step(t, p, &ascii_from);
    }
}

static void uax29_mode(tok *t)
{
    size_t p = 0;
    while (p < t->len && !t->rc) {
        size_t e = rc_word_boundary_step(t->s, t->len, p); /* p is a boundary */
        rc_tok_emit(t, p, e, rc_tok_segment_kind(t, p, e));
        p = e;
    }
}

int rc_tokenize(const char *text, size_t len, unsigned options, rc_spans *out)
{
    if (!out || (!text && len) ||
        (options & ~(RC_TOKENIZE_UAX29 | RC_OFFSETS_CODEPOINTS | RC_TOK_OPT_SCALAR)))
        return RC_EINVAL;
    tok t = {(const unsigned char *)text, len, out, (options & RC_OFFSETS_CODEPOINTS) != 0,
             (options & RC_TOK_OPT_SCALAR) != 0, 0, {(const unsigned char *)text, len, 0, 0}};
    out->count = 0;
    /* Room for a typical text up front (prose has about one token per five or six bytes), so
     * that the arrays rarely move; pages never written cost no memory. */
    int rc = rc_spans_reserve(out, len / 4 + 16);
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
