/* fuzz_sentences.c — rc_sentences in both modes (prose and RC_SENTENCES_UAX29).
 *
 * Input: byte 0 selects the mode (bit 0: UAX #29) and allocation failure (bit 7; count in bits
 * 1..6); the rest is the text, any bytes.
 *
 * Invariants: invalid UTF-8 never fails; sentences are in order, non-empty, on character
 * boundaries, and never overlap; kinds are 0. Prose mode: boundaries fall between grapheme
 * clusters, a sentence starts and ends with a character that is not white space (unless that
 * space shares a cluster with the sentence: " \u0301"), only white space lies between
 * sentences, and a text of only white space has none. UAX #29 mode: the sentences tile the text and are exactly
 * rc_segment's sentence segments. Both: code point offsets are the byte offsets converted, and
 * a reused span list gives the same result. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const uint8_t ctl = data[0];
    const char *text = (const char *)data + 1;
    const size_t n = size - 1;
    const unsigned mode = (ctl & 1) ? RC_SENTENCES_UAX29 : 0;

    rc_spans sp = RC_SPANS_INIT, other = RC_SPANS_INIT;
    int faulty = fuzz_fault_begin((uint8_t)((ctl & 0x80) | ((ctl >> 1) & 0x3F)));
    int rc = rc_sentences(text, n, mode, &sp);
    fuzz_fault_end();
    if (faulty && rc == RC_ENOMEM) {
        FUZZ_CHECK(sp.count == 0, "failed call left %zu sentences", sp.count);
        rc_spans_free(&sp);
        return 0;
    }
    FUZZ_CHECK(rc == RC_OK, "rc_sentences: rc %d", rc);

    fuzz_chars c;
    fuzz_chars_init(&c, data + 1, n);
    fuzz_check_spans("sentence", &sp, &c, mode == RC_SENTENCES_UAX29);
    for (size_t i = 0; i < sp.count; i++) FUZZ_CHECK(sp.kind[i] == 0, "sentence %zu: kind %d", i, sp.kind[i]);

    if (mode == RC_SENTENCES_UAX29) {
        FUZZ_CHECK(rc_segment(RC_SEG_SENTENCE, text, n, 0, &other) == RC_OK, "rc_segment failed");
        fuzz_check_same_spans("UAX #29 sentences vs rc_segment", &sp, &other);
    } else {
        /* Sentence boundaries fall between extended grapheme clusters. */
        FUZZ_CHECK(rc_segment(RC_SEG_GRAPHEME, text, n, 0, &other) == RC_OK, "rc_segment failed");
        uint8_t *gb = calloc(n + 1, 1);
        gb[0] = gb[n] = 1;
        for (size_t i = 0; i < other.count; i++) gb[other.end[i]] = 1;
        for (size_t i = 0; i < sp.count; i++)
            FUZZ_CHECK(gb[sp.start[i]] && gb[sp.end[i]], "sentence %zu [%lld, %lld) cuts a grapheme cluster",
                       i, (long long)sp.start[i], (long long)sp.end[i]);
        size_t pos = 0;
        int all_space = 1;
        for (size_t p = 0; p < n; p++)
            if (c.start[p] && !fuzz_is_white_space(c.cp[p])) all_space = 0;
        FUZZ_CHECK(!all_space || sp.count == 0, "%zu sentences in white space", sp.count);
        /* Between sentences: white space only. A sentence starts or ends with white space only
         * when that space shares a grapheme cluster with the rest of it (" \u0301 ..."). */
        for (size_t i = 0; i <= sp.count; i++) {
            size_t gap_end = i < sp.count ? (size_t)sp.start[i] : n;
            for (size_t p = pos; p < gap_end; p++)
                if (c.start[p])
                    FUZZ_CHECK(fuzz_is_white_space(c.cp[p]), "U+%04X at %zu is in no sentence", c.cp[p], p);
            if (i == sp.count) break;
            size_t s = (size_t)sp.start[i], e = (size_t)sp.end[i], last = e - 1, second = s + 1;
            while (!c.start[last]) last--;
            while (second < e && !c.start[second]) second++;
            FUZZ_CHECK(!fuzz_is_white_space(c.cp[s]) || (second < e && !gb[second]),
                       "sentence %zu starts with white space that is a cluster of its own", i);
            FUZZ_CHECK(!fuzz_is_white_space(c.cp[last]) || !gb[last],
                       "sentence %zu ends with white space that is a cluster of its own", i);
            pos = e;
        }
        free(gb);
    }

    FUZZ_CHECK(rc_sentences(text, n, mode | RC_OFFSETS_CODEPOINTS, &other) == RC_OK, "cps failed");
    fuzz_check_codepoint_spans("sentence", &sp, &other, &c);
    FUZZ_CHECK(rc_sentences(text, n, mode, &other) == RC_OK, "reuse failed");
    fuzz_check_same_spans("reused list", &sp, &other);

    fuzz_chars_free(&c);
    rc_spans_free(&other);
    rc_spans_free(&sp);
    return 0;
}
