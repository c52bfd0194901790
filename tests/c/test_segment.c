/* test_segment.c — UAX #29 segmentation: the three conformance files (GraphemeBreakTest,
 * WordBreakTest, SentenceBreakTest), starting from every character position, code point
 * offsets, word segment kinds, invalid UTF-8, NUL bytes, bad arguments and allocation failure. */
#include "testutil.h"
#include "base/alloc.h"
#include "segment/segment.h"
#include "gen/segment_props.h"

#define MAXB 64 /* boundaries per test line */

typedef size_t (*next_fn)(const unsigned char *, size_t, size_t);

/* One line of a *BreakTest.txt file: "÷ 0020 × 0308 ÷ 0020 ÷ # comment". Fills the UTF-8 text,
 * the expected boundaries as byte offsets and as code point indices, and every character start.
 * Returns 0 for a comment or empty line. */
static int parse_break_line(const char *line, char *text, size_t *len, size_t *bytes,
                            size_t *cps, size_t *nb, size_t *starts, size_t *nchars)
{
    const char *p = line;
    const char *end = strchr(line, '#');
    if (!end) end = line + strlen(line);
    size_t n = 0, k = 0, chars = 0;
    int any = 0;
    while (p < end) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
        } else if (!strncmp(p, "\xc3\xb7", 2)) { /* ÷ */
            assert_true(k < MAXB);
            bytes[k] = n;
            cps[k] = chars;
            k++;
            p += 2;
            any = 1;
        } else if (!strncmp(p, "\xc3\x97", 2)) { /* × */
            p += 2;
        } else {
            char *e;
            long cp = strtol(p, &e, 16);
            assert_true(e > p);
            p = e;
            assert_true(chars < MAXB);
            starts[chars++] = n;
            n += (size_t)rc_utf8_encode((int32_t)cp, (unsigned char *)text + n);
        }
    }
    *len = n;
    *nb = k;
    *nchars = chars;
    return any;
}

/* Runs a conformance file through rc_segment (byte and code point offsets) and through `next`
 * started at every character position. Returns the number of lines passed (all must pass). */
static long run_conformance(const char *file, rc_seg_kind kind, next_fn next)
{
    FILE *f = open_ucd(file);
    char line[4096], text[4 * MAXB + 4];
    size_t len, bytes[MAXB], cps[MAXB], starts[MAXB], nb, nchars;
    long lines = 0, failed = 0;
    rc_spans sp = RC_SPANS_INIT;
    while (fgets(line, sizeof line, f)) {
        if (!parse_break_line(line, text, &len, bytes, cps, &nb, starts, &nchars)) continue;
        lines++;
        int ok = 1;
        /* Whole-text segmentation. */
        assert_int_equal(rc_segment(kind, text, len, 0, &sp), RC_OK);
        ok &= sp.count == nb - 1;
        for (size_t i = 0; ok && i < sp.count; i++)
            ok &= sp.start[i] == (int64_t)bytes[i] && sp.end[i] == (int64_t)bytes[i + 1];
        assert_int_equal(rc_segment(kind, text, len, RC_OFFSETS_CODEPOINTS, &sp), RC_OK);
        ok &= sp.count == nb - 1;
        for (size_t i = 0; ok && i < sp.count; i++)
            ok &= sp.start[i] == (int64_t)cps[i] && sp.end[i] == (int64_t)cps[i + 1];
        /* From every character position, not only from boundaries: the look-back. */
        for (size_t c = 0, b = 1; ok && c < nchars; c++) {
            while (bytes[b] <= starts[c]) b++;
            size_t got = next((const unsigned char *)text, len, starts[c]);
            if (got != bytes[b]) {
                print_message("%s: %s  from byte %zu: got %zu, want %zu\n", file, line, starts[c],
                              got, bytes[b]);
                ok = 0;
            }
        }
        if (!ok) {
            failed++;
            print_message("FAIL %s: %s", file, line);
        }
    }
    fclose(f);
    rc_spans_free(&sp);
    print_message("%s: %ld of %ld lines pass\n", file, lines - failed, lines);
    assert_int_equal(failed, 0);
    return lines;
}

static void test_grapheme_conformance(void **state)
{
    assert_true(run_conformance("GraphemeBreakTest.txt", RC_SEG_GRAPHEME,
                                rc_next_grapheme_boundary) >= 600);
}

static void test_word_conformance(void **state)
{
    assert_int_equal(run_conformance("WordBreakTest.txt", RC_SEG_WORD, rc_next_word_boundary),
                     1823);
}

static void test_sentence_conformance(void **state)
{
    assert_int_equal(
        run_conformance("SentenceBreakTest.txt", RC_SEG_SENTENCE, rc_next_sentence_boundary), 502);
}

/* Segments of text as a string "a|b|c" (byte offsets), for compact expectations. */
static void expect_segments(rc_seg_kind kind, const char *text, size_t len, const char *want)
{
    rc_spans sp = RC_SPANS_INIT;
    char got[1024];
    size_t n = 0;
    assert_int_equal(rc_segment(kind, text, len, 0, &sp), RC_OK);
    for (size_t i = 0; i < sp.count; i++) {
        if (i) got[n++] = '|';
        size_t l = (size_t)(sp.end[i] - sp.start[i]);
        assert_true(n + l + 2 < sizeof got);
        memcpy(got + n, text + sp.start[i], l);
        n += l;
    }
    got[n] = '\0';
    assert_string_equal(got, want);
    rc_spans_free(&sp);
}

static void test_examples(void **state)
{
    const char *t = "The U.S. ambassador said: \"3,000.50 people (e.g. 30%) can't\" \xe2\x80\x94 ok.";
    expect_segments(RC_SEG_WORD, t, strlen(t),
                    "The| |U.S|.| |ambassador| |said|:| |\"|3,000.50| |people| |(|e.g|.| |30|%|)| "
                    "|can't|\"| |\xe2\x80\x94| |ok|.");
    const char *u = "Mr. Smith went to Washington. He arrived at 10 a.m. on Tuesday!  Then? "
                    "\"Yes.\" (Really.) Next\n\nPara.";
    expect_segments(RC_SEG_SENTENCE, u, strlen(u),
                    "Mr. |Smith went to Washington. |He arrived at 10 a.m. on Tuesday!  |Then? "
                    "|\"Yes.\" |(Really.) |Next\n|\n|Para."); /* SB4: after every ParaSep */
    /* Flags, ZWJ family, skin tone: one grapheme and one word each. */
    const char *e = "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa"
                    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"
                    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd";
    const char *e_split = "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7|\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa|"
                          "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7|"
                          "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd";
    expect_segments(RC_SEG_GRAPHEME, e, strlen(e), e_split);
    expect_segments(RC_SEG_WORD, e, strlen(e), e_split);
    /* Combining marks stay with their base; Han characters are one word each. */
    expect_segments(RC_SEG_GRAPHEME, "e\xcc\x81x", 4, "e\xcc\x81|x");
    expect_segments(RC_SEG_WORD, "Ko\xcc\x88ln \xe5\x8c\x97\xe4\xba\xac", 13,
                    "Ko\xcc\x88ln| |\xe5\x8c\x97|\xe4\xba\xac");
    expect_segments(RC_SEG_WORD, "a  \t b\r\nc", 9, "a|  |\t| |b|\r\n|c");
}

static void test_word_kinds(void **state)
{
    const char *t = "UN 30 \xe5\x8c\x97 , \xf0\x9f\x87\xab\xf0\x9f\x87\xb7 \xe2\x9d\xa4\xef\xb8\x8f"
                    "\t\xff\xcc\x81";
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_segment(RC_SEG_WORD, t, strlen(t), 0, &sp), RC_OK);
    static const uint8_t want[] = {RC_SEG_WORDLIKE, RC_SEG_SPACE, RC_SEG_WORDLIKE, RC_SEG_SPACE,
                                   RC_SEG_WORDLIKE, RC_SEG_SPACE, RC_SEG_OTHER, RC_SEG_SPACE,
                                   RC_SEG_EMOJI, RC_SEG_SPACE, RC_SEG_EMOJI, RC_SEG_SPACE,
                                   RC_SEG_OTHER};
    assert_int_equal(sp.count, sizeof want);
    for (size_t i = 0; i < sp.count; i++) assert_int_equal(sp.kind[i], want[i]);
    assert_int_equal(rc_segment(RC_SEG_SENTENCE, t, strlen(t), 0, &sp), RC_OK);
    for (size_t i = 0; i < sp.count; i++) assert_int_equal(sp.kind[i], 0);
    rc_spans_free(&sp);
}

static void test_properties(void **state)
{
    assert_int_equal(rc_word_prop('a'), RC_WB_ALetter);
    assert_int_equal(rc_word_prop('7'), RC_WB_Numeric);
    assert_int_equal(rc_word_prop('.'), RC_WB_MidNumLet);
    assert_int_equal(rc_word_prop(','), RC_WB_MidNum);
    assert_int_equal(rc_word_prop(':'), RC_WB_MidLetter);
    assert_int_equal(rc_word_prop('_'), RC_WB_ExtendNumLet);
    assert_int_equal(rc_word_prop(0x05D0), RC_WB_Hebrew_Letter);
    assert_int_equal(rc_word_prop(0x30A2), RC_WB_Katakana);
    assert_int_equal(rc_word_prop(0x200D), RC_WB_ZWJ);
    assert_int_equal(rc_word_prop(0x4E00), RC_WB_Other);
    assert_int_equal(rc_word_prop(0xFFFD), RC_WB_Other);
    assert_int_equal(rc_grapheme_prop(0x1100), RC_GB_L);
    assert_int_equal(rc_grapheme_prop(0xAC00), RC_GB_LV);
    assert_int_equal(rc_grapheme_prop(0x0301), RC_GB_Extend);
    assert_int_equal(rc_grapheme_prop(0x1F1E6), RC_GB_Regional_Indicator);
    assert_int_equal(rc_sentence_prop('.'), RC_SB_ATerm);
    assert_int_equal(rc_sentence_prop('?'), RC_SB_STerm);
    assert_int_equal(rc_sentence_prop('A'), RC_SB_Upper);
    assert_int_equal(rc_sentence_prop(')'), RC_SB_Close);
    assert_int_equal(rc_sentence_prop(0x2029), RC_SB_Sep);
    assert_int_equal(rc_sentence_prop(0xE01EF), RC_SB_Extend); /* last variation selector */
    assert_true(rc_is_extended_pictographic(0x1F600));
    assert_true(rc_is_extended_pictographic(0x00A9));
    assert_false(rc_is_extended_pictographic('A'));
    assert_int_equal(rc_word_prop(0x10FFFF), RC_WB_Other);
    int32_t cp;
    assert_int_equal(rc_seg_decode((const unsigned char *)"\xe2\x82(", 3, 0, &cp), 2);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(rc_seg_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, 0, &cp), 4);
    assert_int_equal(cp, 0x1F600);
}

static void test_empty_and_nul(void **state)
{
    rc_spans sp = RC_SPANS_INIT;
    for (int k = 0; k < 3; k++) {
        assert_int_equal(rc_segment((rc_seg_kind)k, "", 0, 0, &sp), RC_OK);
        assert_int_equal(sp.count, 0);
        assert_int_equal(rc_segment((rc_seg_kind)k, NULL, 0, RC_OFFSETS_CODEPOINTS, &sp), RC_OK);
        assert_int_equal(sp.count, 0);
    }
    /* NUL is a Control (GB) and Other (WB, SB): never swallowed, never the end of the text. */
    expect_segments(RC_SEG_GRAPHEME, "a\0b", 3, "a|\0|b");
    rc_spans_free(&sp);
    assert_int_equal(rc_segment(RC_SEG_WORD, "ab\0\0cd", 6, 0, &sp), RC_OK);
    assert_int_equal(sp.count, 4);
    assert_int_equal(sp.end[3], 6);
    assert_int_equal(rc_segment(RC_SEG_SENTENCE, "A.\0B. C", 7, 0, &sp), RC_OK);
    assert_int_equal(sp.end[sp.count - 1], 7);
    rc_spans_free(&sp);
}

static void test_invalid_utf8(void **state)
{
    /* "ab" E2 82 (one subpart) "cd" FF C3 "é" ED A0 80 (three) 80 */
    const char t[] = "ab\xe2\x82" "cd\xff\xc3\xc3\xa9\xed\xa0\x80\x80";
    size_t n = sizeof t - 1;
    expect_segments(RC_SEG_GRAPHEME, t, n,
                    "a|b|\xe2\x82|c|d|\xff|\xc3|\xc3\xa9|\xed|\xa0|\x80|\x80");
    expect_segments(RC_SEG_WORD, t, n, "ab|\xe2\x82|cd|\xff|\xc3|\xc3\xa9|\xed|\xa0|\x80|\x80");
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_segment(RC_SEG_WORD, t, n, RC_OFFSETS_CODEPOINTS, &sp), RC_OK);
    assert_int_equal(sp.count, 10);
    assert_int_equal(sp.start[1], 2);
    assert_int_equal(sp.end[1], 3);
    assert_int_equal(sp.end[9], 12); /* a b ? c d ? ? é ? ? ? ? */
    assert_int_equal(sp.kind[1], RC_SEG_OTHER);
    /* A truncated sequence at the very end, and a mark after invalid bytes. */
    expect_segments(RC_SEG_GRAPHEME, "x\xf0\x9f\x98", 4, "x|\xf0\x9f\x98");
    expect_segments(RC_SEG_GRAPHEME, "\x80\xcc\x81", 3, "\x80\xcc\x81");
    assert_int_equal(rc_segment(RC_SEG_SENTENCE, t, n, 0, &sp), RC_OK);
    assert_int_equal(sp.count, 1);
    /* Every start position, for all three kinds, returns a boundary after it within the text. */
    for (size_t i = 0; i < n; i++) {
        assert_true(rc_next_grapheme_boundary((const unsigned char *)t, n, i) > i);
        assert_true(rc_next_word_boundary((const unsigned char *)t, n, i) <= n);
        assert_true(rc_next_sentence_boundary((const unsigned char *)t, n, i) <= n);
    }
    rc_spans_free(&sp);
}

static void test_codepoint_offsets(void **state)
{
    /* "Côte d’Ivoire 🇨🇮." — é is 2 bytes, ’ 3, each flag half 4. */
    const char *t = "C\xc3\xb4te d\xe2\x80\x99Ivoire \xf0\x9f\x87\xa8\xf0\x9f\x87\xae.";
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_segment(RC_SEG_WORD, t, strlen(t), RC_OFFSETS_CODEPOINTS, &sp), RC_OK);
    /* Côte | " " | d’Ivoire | " " | 🇨🇮 | . */
    static const int64_t starts[] = {0, 4, 5, 13, 14, 16}, ends[] = {4, 5, 13, 14, 16, 17};
    assert_int_equal(sp.count, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(sp.start[i], starts[i]);
        assert_int_equal(sp.end[i], ends[i]);
    }
    assert_int_equal(sp.kind[4], RC_SEG_EMOJI);
    rc_spans_free(&sp);
}

/* rc_word_boundaries (ASCII windows, scalar tail, general steps) agrees with repeated
 * rc_next_word_boundary on random text mixing the ASCII classes with characters that stop the
 * ASCII paths, for every capacity from 1 up and from arbitrary start positions. */
static void test_word_batches(void **state)
{
    static const char *pieces[] = {"a", "Z", "q", "7", "0", "_", ".", ",", ":", ";", "'", "\"",
                                   " ", "  ", "\r", "\n", "\t", "-", "(", "\xc3\xa9",
                                   "\xcc\x81", "\xe2\x80\x99", "\xe2\x80\x8d", "\xd7\x90",
                                   "\xf0\x9f\x87\xab", "\xf0\x9f\x98\x80", "\xe3\x80\x80",
                                   "\xff", "word", "3.5", "U.S.", "can't", "1,000"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint64_t rng = 88172645463325252ull;
    char text[1200];
    size_t want[1200], got[1200];
    for (int round = 0; round < (quick_mode() ? 60 : 600); round++) {
        size_t n = 0;
        size_t target = 1 + (size_t)(round * 7) % 1000;
        int ascii_only = round % 3 == 0;
        while (n < target) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            const char *p = pieces[rng % (ascii_only ? 19 : npieces)];
            size_t l = strlen(p);
            if (n + l > target) break;
            memcpy(text + n, p, l);
            n += l;
        }
        const unsigned char *t = (const unsigned char *)text;
        size_t start = round % 5 == 0 && n ? (size_t)(rng % n) : 0;
        size_t nw = 0;
        for (size_t pos = start; pos < n;) want[nw++] = pos = rc_next_word_boundary(t, n, pos);
        size_t caps[] = {1, 2, 3, 64, 65, 66, 200, 1200};
        for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
            size_t ng = 0;
            for (size_t pos = start; pos < n;) {
                size_t m = rc_word_boundaries(t, n, pos, pos != start || start == 0, got + ng, caps[c]);
                assert_true(m >= 1 && m <= caps[c]);
                ng += m;
                pos = got[ng - 1];
            }
            assert_int_equal(ng, nw);
            assert_memory_equal(got, want, nw * sizeof *want);
        }
    }
    size_t one;
    assert_int_equal(rc_word_boundaries((const unsigned char *)"ab", 2, 2, 1, &one, 1), 0);
    assert_int_equal(rc_word_boundaries((const unsigned char *)"ab", 2, 0, 1, &one, 0), 0);
}

/* The step functions (pos known to be a boundary) give what the general ones give, on random
 * runs of regional indicators mixed with what joins or interrupts them: Extend, ZWJ and Format
 * (ignored by the word rules, not by the grapheme rules), letters, spaces, a newline. */
static void test_boundary_steps_agree(void **state)
{
    static const char *pieces[] = {"\xf0\x9f\x87\xa6", "\xf0\x9f\x87\xba", "\xf0\x9f\x87\xa6",
                                   "\xcc\x81", "\xe2\x80\x8d", "\xe2\x80\x8e", "\xef\xb8\x8f",
                                   "a", " ", "\n", "\xd8\x80", "\xf0\x9f\x98\x80", "\xff"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    char text[600];
    for (int round = 0; round < (quick_mode() ? 200 : 2000); round++) {
        size_t n = 0, target = 1 + (size_t)round % 500;
        while (n + 4 <= target) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            /* Mostly regional indicators, so that long runs occur. */
            const char *p = pieces[(rng >> 8) % 4 ? rng % 3 : rng % npieces];
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        const unsigned char *t = (const unsigned char *)text;
        for (size_t pos = 0; pos < n;) {
            size_t want = rc_next_grapheme_boundary(t, n, pos);
            assert_int_equal(rc_grapheme_boundary_step(t, n, pos), want);
            pos = want;
        }
        for (size_t pos = 0; pos < n;) {
            size_t want = rc_next_word_boundary(t, n, pos);
            assert_int_equal(rc_word_boundary_step(t, n, pos), want);
            pos = want;
        }
    }
}

/* A run of regional indicators is walked in linear time: the segment lists of 100,000 flags
 * letters are pairs, found without counting the run again at every pair (which took minutes). */
static void test_regional_indicator_run_is_paired(void **state)
{
    const size_t n = 100000;
    char *text = malloc(4 * n + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++) memcpy(text + 4 * i, "\xf0\x9f\x87\xa6", 4);
    text[4 * n] = 'a';
    rc_spans sp = RC_SPANS_INIT;
    for (int kind = RC_SEG_GRAPHEME; kind <= RC_SEG_WORD; kind++) {
        assert_int_equal(rc_segment((rc_seg_kind)kind, text, 4 * n + 1, RC_OFFSETS_CODEPOINTS, &sp), RC_OK);
        assert_int_equal(sp.count, n / 2 + 1);
        assert_int_equal(sp.start[n / 2 - 1], n - 2);
        assert_int_equal(sp.end[n / 2 - 1], n);
    }
    rc_spans_free(&sp);
    free(text);
}

static void test_bad_arguments(void **state)
{
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_segment(RC_SEG_WORD, "a", 1, 1u, &sp), RC_EINVAL);
    assert_int_equal(rc_segment((rc_seg_kind)7, "a", 1, 0, &sp), RC_EINVAL);
    assert_int_equal(rc_segment(RC_SEG_WORD, NULL, 1, 0, &sp), RC_EINVAL);
    assert_int_equal(rc_segment(RC_SEG_WORD, "a", 1, 0, NULL), RC_EINVAL);
    assert_int_equal(rc_next_word_boundary((const unsigned char *)"ab", 2, 2), 2);
    rc_spans_free(&sp);
}

/* Every allocation failing in turn: RC_ENOMEM, an empty list, no leak (valgrind), and a later
 * call on the same list succeeds. */
static void test_allocation_failure(void **state)
{
    char text[2000];
    for (size_t i = 0; i < sizeof text; i++) text[i] = "ab, c. "[i % 7];
    for (int k = 0; k < 3; k++) {
        int failures = 0;
        for (long n = 0;; n++) {
            rc_spans sp = RC_SPANS_INIT;
            rc_fault_fail_after(n);
            int rc = rc_segment((rc_seg_kind)k, text, sizeof text, 0, &sp);
            rc_fault_fail_after(-1);
            if (rc == RC_OK) {
                assert_true(sp.count > 0);
                rc_spans_free(&sp);
                break;
            }
            assert_int_equal(rc, RC_ENOMEM);
            assert_int_equal(sp.count, 0);
            failures++;
            assert_int_equal(rc_segment((rc_seg_kind)k, text, sizeof text, 0, &sp), RC_OK);
            rc_spans_free(&sp);
        }
        assert_true(failures > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grapheme_conformance),
        cmocka_unit_test(test_word_conformance),
        cmocka_unit_test(test_sentence_conformance),
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_word_kinds),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_empty_and_nul),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_codepoint_offsets),
        cmocka_unit_test(test_word_batches),
        cmocka_unit_test(test_boundary_steps_agree),
        cmocka_unit_test(test_regional_indicator_run_is_paired),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
