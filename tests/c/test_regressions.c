/* test_regressions.c — one test per bug found by fuzzing, sanitizers or hostile-input tests
 *. Each test names the bug it pins down; the reproducer is kept as small as it can be. */
#include "testutil.h"
#include "base/alloc.h"

/* Bug: rc_normalize kept one capacity for the text and the alignment map. Reusing a result
 * filled without RC_WANT_MAP for a call with it wrote the map through NULL (or, after a
 * larger call without the map, past the end of the smaller map arrays). */
static void test_normalize_reuse_with_and_without_map(void **state)
{
    const char *small = "Caf\xc3\xa9 au lait";
    char big[4096];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('a' + i % 26);
    rc_normalized out = RC_NORMALIZED_INIT;

    assert_int_equal(rc_normalize(small, strlen(small), RC_NFC, &out), RC_OK);
    assert_null(out.src_start); /* relcore.h: without RC_WANT_MAP the map is NULL */
    assert_int_equal(rc_normalize(small, strlen(small), RC_NFD | RC_WANT_MAP, &out), RC_OK);
    assert_non_null(out.src_start);
    assert_int_equal(out.src_start[3], 3); /* e of é */
    assert_int_equal(out.src_end[4], 5);   /* its combining acute maps to é as well */

    /* Map, then a larger call without it (grows the text only), then the larger one with it. */
    assert_int_equal(rc_normalize(big, sizeof big, RC_NFC, &out), RC_OK);
    assert_null(out.src_start);
    assert_int_equal(rc_normalize(big, sizeof big, RC_NFC | RC_WANT_MAP, &out), RC_OK);
    assert_int_equal(out.len, sizeof big);
    for (size_t i = 0; i < out.len; i++) {
        assert_int_equal(out.src_start[i], i);
        assert_int_equal(out.src_end[i], i + 1);
    }
    rc_normalized_free(&out);

    /* The same reuse while the map allocation fails part-way: never a write through NULL. */
    for (long n = 0; n < 8; n++) {
        assert_int_equal(rc_normalize(small, strlen(small), RC_NFC, &out), RC_OK);
        rc_fault_fail_after(n);
        int rc = rc_normalize(big, sizeof big, RC_NFKC | RC_WANT_MAP, &out);
        rc_fault_fail_after(-1);
        assert_true(rc == RC_OK || rc == RC_ENOMEM);
        rc = rc_normalize(big, sizeof big, RC_NFKC | RC_WANT_MAP, &out);
        assert_int_equal(rc, RC_OK);
        assert_int_equal(out.src_end[sizeof big - 1], sizeof big);
    }
    rc_normalized_free(&out);
}

/* Reference: canonical combining class of the marks used below. */
static int mark_ccc(int32_t cp)
{
    switch (cp) {
    case 0x0301: return 230; /* acute */
    case 0x0323: return 220; /* dot below */
    case 0x0334: return 1;   /* tilde overlay */
    case 0x0345: return 240; /* ypogegrammeni */
    case 0x05B0: return 10;  /* Hebrew sheva */
    case 0x0E38: return 103; /* Thai sara u */
    }
    return -1;
}

/* Bug: canonical ordering was an insertion sort, quadratic in the length of a run of combining
 * marks: "a" followed by 10^6 marks of alternating classes took minutes (a denial of service for
 * any service that normalizes untrusted text). The fixed sort must still be stable and exact. */
static void test_normalize_long_mixed_mark_run(void **state)
{
    static const int32_t marks[] = {0x0301, 0x0323, 0x0334, 0x0345, 0x05B0, 0x0E38};
    size_t nmarks = quick_mode() ? 3000 : 200000;
    char *s = malloc(1 + 3 * nmarks + 8);
    int32_t *want = malloc(nmarks * sizeof *want);
    size_t n = 0, short_n = 0;
    s[n++] = 'x'; /* no precomposed x + mark: NFC leaves the sorted marks as they are */
    uint32_t seed = 12345;
    for (size_t i = 0; i < nmarks; i++) {
        seed = seed * 1103515245u + 12345u;
        int32_t cp = marks[(seed >> 16) % 6];
        want[i] = cp;
        n += (size_t)rc_utf8_encode(cp, (unsigned char *)s + n);
        if (i == 400) short_n = n;
    }
    /* Reference stable sort by class: bucket by bucket in class order, input order inside. */
    static const int classes[] = {1, 10, 103, 220, 230, 240};
    int32_t *sorted = malloc(nmarks * sizeof *sorted);
    size_t w = 0;
    for (size_t c = 0; c < 6; c++)
        for (size_t i = 0; i < nmarks; i++)
            if (mark_ccc(want[i]) == classes[c]) sorted[w++] = want[i];
    assert_int_equal(w, nmarks);

    rc_normalized out = RC_NORMALIZED_INIT;
    for (unsigned form = RC_NFC; form <= RC_NFD; form++) {
        assert_int_equal(rc_normalize(s, n, form, &out), RC_OK);
        assert_int_equal(out.len, n);
        assert_int_equal(out.text[0], 'x');
        size_t pos = 1;
        for (size_t i = 0; i < nmarks; i++) {
            int32_t cp;
            int k = rc_utf8_decode((const unsigned char *)out.text + pos, out.len - pos, &cp);
            assert_true(k > 0);
            if (cp != sorted[i]) fail_msg("form %u: mark %zu is U+%04X, want U+%04X", form, i, cp, sorted[i]);
            pos += (size_t)k;
        }
    }
    rc_normalized_free(&out);

    /* Allocation failure inside the sort of a long run: a clean RC_ENOMEM, nothing leaked. */
    for (long f = 0;; f++) {
        rc_fault_fail_after(f);
        int rc = rc_normalize(s, short_n, RC_NFD | RC_WANT_MAP, &out);
        rc_fault_fail_after(-1);
        rc_normalized_free(&out);
        if (rc == RC_OK) break;
        assert_int_equal(rc, RC_ENOMEM);
    }
    free(sorted);
    free(want);
    free(s);
}


/* Bug (found by fuzz_normalize, idempotence check): RC_COLLAPSE_SPACE collapsed the input's
 * space runs, but accent stripping of a lone mark between two spaces, or NFKC turning a spacing
 * accent into space + mark (U+00A8 → U+0020 U+0308), left two spaces side by side, so
 * normalizing the result again changed it. */
static void test_collapse_space_after_folding(void **state)
{
    struct {
        const char *in;
        unsigned options;
        const char *want;
    } cases[] = {
        {"0 \xe0\xbd\xb3 x", RC_NFC | RC_STRIP_ACCENTS | RC_COLLAPSE_SPACE, "0 x"},
        {"a \xcc\x81 b", RC_STRIP_ACCENTS | RC_COLLAPSE_SPACE, "a b"},
        {"a \xc2\xa8z", RC_NFKC | RC_COLLAPSE_SPACE, "a \xcc\x88z"},
        {"a \xc2\xa8z", RC_NFKC | RC_STRIP_ACCENTS | RC_COLLAPSE_SPACE, "a z"},
        {"\xc2\xa8\xc2\xa8", RC_NFKD | RC_STRIP_ACCENTS | RC_COLLAPSE_SPACE, " "},
    };
    rc_normalized out = RC_NORMALIZED_INIT, again = RC_NORMALIZED_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].in);
        assert_int_equal(rc_normalize(cases[i].in, n, cases[i].options | RC_WANT_MAP, &out), RC_OK);
        if (strcmp(out.text, cases[i].want) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, out.text, cases[i].want);
        /* The map stays monotone and covers the squeezed spaces. */
        for (size_t k = 1; k < out.len; k++) {
            assert_true(out.src_start[k] >= out.src_start[k - 1]);
            assert_true(out.src_end[k] >= out.src_end[k - 1]);
        }
        assert_int_equal(out.src_end[out.len - 1], n);
        assert_int_equal(rc_normalize(out.text, out.len, cases[i].options, &again), RC_OK);
        assert_string_equal(again.text, out.text);
    }
    /* "a <U+0301> b": one space for the run " <U+0301> " - it maps to all of it. */
    assert_int_equal(rc_normalize("a \xcc\x81 b", 6, RC_STRIP_ACCENTS | RC_COLLAPSE_SPACE | RC_WANT_MAP, &out),
                     RC_OK);
    assert_int_equal(out.src_start[1], 1);
    assert_int_equal(out.src_end[1], 5);
    rc_normalized_free(&out);
    rc_normalized_free(&again);
}

/* Found by fuzz_normalize: a form above RC_NFKD with the first allocation failing gave
 * RC_ENOMEM, because options were checked after allocating. Bad options are RC_EINVAL first. */
static void test_bad_options_before_allocation(void **state)
{
    rc_normalized out = RC_NORMALIZED_INIT;
    rc_units u = RC_UNITS_INIT;
    const uint16_t units[] = {'a'};
    rc_fault_fail_after(0);
    assert_int_equal(rc_normalize("a", 1, 5, &out), RC_EINVAL);
    assert_int_equal(rc_normalize("a", 1, 1u << 30, &out), RC_EINVAL);
    assert_int_equal(rc_normalize_units(units, 2, 1, 7, &u), RC_EINVAL);
    assert_int_equal(rc_is_normalized_units(units, 2, 1, 6), RC_EINVAL);
    assert_int_equal(rc_normalize("a", 1, RC_NFC, &out), RC_ENOMEM);
    rc_fault_fail_after(-1);
    rc_normalized_free(&out);
    rc_units_free(&u);
}

/* Found by fuzz_analysis: rc_analyze with RC_OFFSETS_CODEPOINTS on invalid UTF-8 counted the
 * text's length as its bytes less its continuation bytes (the count for valid UTF-8), while the
 * stages count one character per maximal invalid subpart: three lone continuation bytes made the
 * length 5 and left the mention [4, 8) past the end of the text. */
static void test_analysis_codepoint_length_of_invalid_utf8(void **state)
{
    rc_gazetteer_builder *b = NULL;
    rc_gazetteer *g = NULL;
    rc_entities ents = RC_ENTITIES_INIT;
    rc_analysis a = RC_ANALYSIS_INIT;
    rc_gazetteer_entry e = {"Baku", 4, "AZ", 2, NULL, 0, NULL, 0, RC_CASE_AUTO, 0};
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(rc_gazetteer_builder_add(b, &e), RC_OK);
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    assert_int_equal(rc_entities_init(g, &ents), RC_OK);

    const char *text = "\x80\x80\x80 Baku \xe2\x82 \xf0"; /* 1+1+1+1+4+1+1+1+1 characters */
    assert_int_equal(rc_analyze(g, &ents, text, strlen(text), RC_OFFSETS_CODEPOINTS, &a), RC_OK);
    assert_int_equal(a.length, 12);
    assert_int_equal(a.mentions.count, 1);
    assert_int_equal(a.mentions.start[0], 4);
    assert_int_equal(a.mentions.end[0], 8);
    assert_true(a.sentences.count > 0);
    assert_true(a.sentences.end[a.sentences.count - 1] <= a.length);
    rc_analysis_free(&a);
    rc_entities_free(&ents);
    rc_gazetteer_free(g);
}

/* Found by fuzz_gazetteer: with RC_MATCH_OVERLAPPING, a character that gives several match
 * tokens ("\u2026" reads as three periods) was walked from each of its tokens, each walk
 * reporting the same start again: an entry came out several times for one start, and the
 * matches of that start were not sorted by end. relcore.h: each entry once per start position,
 * matches sorted by start then end; and the default mode's match is among the overlapping ones
 * (an entry's span is the one from the first of the character's tokens it matches from). */
static void test_overlapping_one_character_several_tokens(void **state)
{
    rc_gazetteer_builder *b = NULL;
    rc_gazetteer *g = NULL;
    rc_gazetteer_entry two = {"..", 2, "TWO", 3, NULL, 0, NULL, 0, RC_CASE_AUTO, 0};
    rc_gazetteer_entry four = {"....", 4, "FOUR", 4, NULL, 0, NULL, 0, RC_CASE_AUTO, 0};
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(rc_gazetteer_builder_add(b, &two), RC_OK);
    assert_int_equal(rc_gazetteer_builder_add(b, &four), RC_OK);
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);

    const char *text = "\xe2\x80\xa6. x"; /* U+2026 at [0, 3), a period at [3, 4) */
    rc_matches m = RC_MATCHES_INIT, one = RC_MATCHES_INIT;
    assert_int_equal(rc_gazetteer_find(g, text, strlen(text), RC_MATCH_OVERLAPPING, &m), RC_OK);
    for (size_t i = 1; i < m.count; i++) {
        assert_true(m.start[i - 1] < m.start[i] || (m.start[i - 1] == m.start[i] && m.end[i - 1] <= m.end[i]));
        for (size_t k = 0; k < i; k++) assert_false(m.start[k] == m.start[i] && m.entry[k] == m.entry[i]);
    }
    /* From the ellipsis's first period: ".." over the ellipsis, "...." up to the next period. */
    assert_true(m.count >= 2);
    assert_int_equal(m.start[0], 0);
    assert_int_equal(m.end[0], 3);
    assert_int_equal(m.entry[0], 0);
    assert_int_equal(m.start[1], 0);
    assert_int_equal(m.end[1], 4);
    assert_int_equal(m.entry[1], 1);
    assert_int_equal(rc_gazetteer_find(g, text, strlen(text), 0, &one), RC_OK);
    for (size_t i = 0; i < one.count; i++) {
        size_t k = 0;
        while (k < m.count && !(m.start[k] == one.start[i] && m.end[k] == one.end[i] && m.entry[k] == one.entry[i])) k++;
        assert_true(k < m.count);
    }
    rc_matches_free(&one);
    rc_matches_free(&m);
    rc_gazetteer_free(g);
}

/* Found by fuzz_tokenize: in "d’Dr.Abcd.Efg" the word before a typed-together period
 * ("Abcd" of "Abcd.Efg") was handed to the word rules as "d’Dr.Abcd"; they emitted "d’" and "Dr."
 * and stopped there, and the caller emitted the period as if the whole word had been taken:
 * "Abcd" was in no token. Every character that is not white space is in a token. */
static void test_elision_abbreviation_typed_together(void **state)
{
    const char *text = "d\xe2\x80\x99" "Dr.Abcd.Efg";
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_tokenize(text, strlen(text), 0, &sp), RC_OK);
    const int64_t want[][2] = {{0, 4}, {4, 7}, {7, 11}, {11, 12}, {12, 15}};
    assert_int_equal(sp.count, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(sp.start[i], want[i][0]);
        assert_int_equal(sp.end[i], want[i][1]);
    }
    rc_spans_free(&sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_reuse_with_and_without_map),
        cmocka_unit_test(test_normalize_long_mixed_mark_run),
        cmocka_unit_test(test_collapse_space_after_folding),
        cmocka_unit_test(test_bad_options_before_allocation),
        cmocka_unit_test(test_analysis_codepoint_length_of_invalid_utf8),
        cmocka_unit_test(test_overlapping_one_character_several_tokens),
        cmocka_unit_test(test_elision_abbreviation_typed_together),
    };
    return cmocka_run_group_tests_name("regressions", tests, NULL, NULL);
}
