/* fuzz_tokenize.c — rc_tokenize in both modes (words and RC_TOKENIZE_UAX29).
 *
 * Input: byte 0 selects the mode (bit 0: UAX #29) and allocation failure (bit 7; count in bits
 * 1..6); the rest is the text, any bytes.
 *
 * Invariants: invalid UTF-8 never fails; tokens are in order, non-empty, on character
 * boundaries, and never overlap; kinds are RC_TOK_* (RC_TOK_SPACE only in UAX #29 mode).
 * Words mode: only white space lies between tokens, no token boundary falls inside an extended
 * grapheme cluster, and no token starts or ends with white space unless that space shares a
 * grapheme cluster with the token (" \u0301", "\u0600 "). UAX #29 mode: the tokens
 * tile the text and are exactly rc_segment's word segments. Both: the 64-byte window path gives
 * what the scalar path gives; code point offsets are the byte offsets converted; a reused span
 * list gives the same result. */
#include "fuzz_common.h"
#include "gen/segment_props.h"
#include "segment/segment.h"
#include "tokenize/tokenize.h"

/* Index of the character that ends just before byte offset e (e > 0, a character boundary). */
static size_t last_char(const fuzz_chars *c, size_t e)
{
    size_t i = e - 1;
    while (!c->start[i]) i--;
    return i;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const uint8_t ctl = data[0];
    const char *text = (const char *)data + 1;
    const size_t n = size - 1;
    const unsigned mode = (ctl & 1) ? RC_TOKENIZE_UAX29 : 0;

    rc_spans sp = RC_SPANS_INIT, other = RC_SPANS_INIT;
    int faulty = fuzz_fault_begin((uint8_t)((ctl & 0x80) | ((ctl >> 1) & 0x3F)));
    int rc = rc_tokenize(text, n, mode, &sp);
    fuzz_fault_end();
    if (faulty && rc == RC_ENOMEM) {
        FUZZ_CHECK(sp.count == 0, "failed call left %zu tokens", sp.count);
        rc_spans_free(&sp);
        return 0;
    }
    FUZZ_CHECK(rc == RC_OK, "rc_tokenize: rc %d", rc);

    fuzz_chars c;
    fuzz_chars_init(&c, data + 1, n);
    fuzz_check_spans("token", &sp, &c, mode == RC_TOKENIZE_UAX29);
    for (size_t i = 0; i < sp.count; i++) {
        int k = sp.kind[i];
        FUZZ_CHECK(k >= 1 && k < RC_TOK_KIND_COUNT, "token %zu: kind %d", i, k);
        FUZZ_CHECK(k != RC_TOK_SPACE || mode == RC_TOKENIZE_UAX29, "token %zu: space in words mode", i);
    }

    if (mode == RC_TOKENIZE_UAX29) {
        FUZZ_CHECK(rc_segment(RC_SEG_WORD, text, n, 0, &other) == RC_OK, "rc_segment failed");
        FUZZ_CHECK(other.count == sp.count, "%zu tokens, %zu word segments", sp.count, other.count);
        for (size_t i = 0; i < sp.count; i++)
            FUZZ_CHECK(sp.start[i] == other.start[i] && sp.end[i] == other.end[i],
                       "token %zu differs from the word segment", i);
    } else {
        /* Token boundaries fall between extended grapheme clusters. */
        FUZZ_CHECK(rc_segment(RC_SEG_GRAPHEME, text, n, 0, &other) == RC_OK, "rc_segment failed");
        uint8_t *gb = calloc(n + 1, 1);
        gb[0] = gb[n] = 1;
        for (size_t i = 0; i < other.count; i++) gb[other.end[i]] = 1;
        for (size_t i = 0; i < sp.count; i++) {
            FUZZ_CHECK(gb[sp.start[i]] && gb[sp.end[i]], "token %zu [%lld, %lld) cuts a grapheme cluster",
                       i, (long long)sp.start[i], (long long)sp.end[i]);
        }
        /* Between tokens: white space only. A token starts or ends with white space only when
         * that space shares a grapheme cluster with the rest of the token: " \u0301" (marks
         * extend it) or "\u0600 " (a Prepend character takes it), kept whole. */
        size_t pos = 0;
        for (size_t i = 0; i <= sp.count; i++) {
            size_t gap_end = i < sp.count ? (size_t)sp.start[i] : n;
            for (size_t p = pos; p < gap_end; p++)
                if (c.start[p])
                    FUZZ_CHECK(fuzz_is_white_space(c.cp[p]), "U+%04X at %zu is in no token", c.cp[p], p);
            if (i == sp.count) break;
            size_t s = (size_t)sp.start[i], e = (size_t)sp.end[i], second = s + 1;
            while (second < e && !c.start[second]) second++;
            FUZZ_CHECK(!fuzz_is_white_space(c.cp[s]) || (second < e && !gb[second]),
                       "token %zu starts with white space that is a cluster of its own", i);
            size_t last = last_char(&c, e);
            FUZZ_CHECK(!fuzz_is_white_space(c.cp[last]) || !gb[last],
                       "token %zu ends with white space that is a cluster of its own", i);
            pos = e;
        }
        free(gb);
    }

    /* The scalar path agrees with the 64-byte windows. */
    FUZZ_CHECK(rc_tokenize_scalar(text, n, mode, &other) == RC_OK, "scalar path failed");
    fuzz_check_same_spans("scalar vs windows", &sp, &other);
    /* Code point offsets. */
    FUZZ_CHECK(rc_tokenize(text, n, mode | RC_OFFSETS_CODEPOINTS, &other) == RC_OK, "cps failed");
    fuzz_check_codepoint_spans("token", &sp, &other, &c);
    /* A reused list (holding the code point result) gives the byte result again. */
    FUZZ_CHECK(rc_tokenize(text, n, mode, &other) == RC_OK, "reuse failed");
    fuzz_check_same_spans("reused list", &sp, &other);

    fuzz_chars_free(&c);
    rc_spans_free(&other);
    rc_spans_free(&sp);
    return 0;
}
