/* fuzz_segment.c — rc_segment for grapheme clusters, words and sentences, and the
 * rc_next_*_boundary functions it is built on.
 *
 * Input: byte 0 selects the kind (0..2, mod 3) and allocation failure (bit 7; count in bits
 * 1..6); the rest is the text, any bytes.
 *
 * Invariants: invalid UTF-8 never fails; the segments tile the text, are non-empty and on
 * character boundaries; restarting rc_next_*_boundary at any boundary it returned gives the next
 * one; word kinds say what the segment holds (WORDLIKE iff a letter or digit, SPACE iff only
 * white space); other kinds are 0; code point offsets are the byte offsets converted. */
#include <utf8proc.h>

#include "fuzz_common.h"
#include "segment/segment.h"

static int is_letter_or_digit(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const uint8_t ctl = data[0];
    const unsigned char *s = data + 1;
    const char *text = (const char *)s;
    const size_t n = size - 1;
    const rc_seg_kind kind = (rc_seg_kind)((ctl & 0x7F) % 3);

    rc_spans sp = RC_SPANS_INIT, other = RC_SPANS_INIT;
    int faulty = fuzz_fault_begin((uint8_t)((ctl & 0x80) | ((ctl >> 1) & 0x3F)));
    int rc = rc_segment(kind, text, n, 0, &sp);
    fuzz_fault_end();
    if (faulty && rc == RC_ENOMEM) {
        FUZZ_CHECK(sp.count == 0, "failed call left %zu segments", sp.count);
        rc_spans_free(&sp);
        return 0;
    }
    FUZZ_CHECK(rc == RC_OK, "rc_segment(%d): rc %d", kind, rc);

    fuzz_chars c;
    fuzz_chars_init(&c, s, n);
    fuzz_check_spans("segment", &sp, &c, 1);

    size_t (*next)(const unsigned char *, size_t, size_t) =
        kind == RC_SEG_GRAPHEME ? rc_next_grapheme_boundary
        : kind == RC_SEG_WORD   ? rc_next_word_boundary
                                : rc_next_sentence_boundary;
    for (size_t i = 0; i < sp.count; i++) {
        size_t b = next(s, n, (size_t)sp.start[i]);
        FUZZ_CHECK(b == (size_t)sp.end[i], "kind %d: restarting at %lld gives %zu, not %lld", kind,
                   (long long)sp.start[i], b, (long long)sp.end[i]);

        int letter = 0, all_space = 1;
        for (int64_t p = sp.start[i]; p < sp.end[i]; p++) {
            if (!c.start[p]) continue;
            letter |= is_letter_or_digit(c.cp[p]);
            all_space &= fuzz_is_white_space(c.cp[p]);
        }
        int k = sp.kind[i];
        if (kind != RC_SEG_WORD) {
            FUZZ_CHECK(k == 0, "segment %zu: kind %d", i, k);
        } else {
            FUZZ_CHECK(k >= RC_SEG_WORDLIKE && k <= RC_SEG_EMOJI, "word %zu: kind %d", i, k);
            FUZZ_CHECK((k == RC_SEG_WORDLIKE) == letter, "word %zu: kind %d, letter or digit: %d", i, k, letter);
            FUZZ_CHECK(k != RC_SEG_SPACE || all_space, "word %zu: kind SPACE with other characters", i);
            FUZZ_CHECK(!all_space || k == RC_SEG_SPACE, "word %zu: only white space, kind %d", i, k);
        }
    }

    FUZZ_CHECK(rc_segment(kind, text, n, RC_OFFSETS_CODEPOINTS, &other) == RC_OK, "cps failed");
    fuzz_check_codepoint_spans("segment", &sp, &other, &c);
    FUZZ_CHECK(rc_segment(kind, text, n, 0, &other) == RC_OK, "reuse failed");
    fuzz_check_same_spans("reused list", &sp, &other);

    fuzz_chars_free(&c);
    rc_spans_free(&other);
    rc_spans_free(&sp);
    return 0;
}
