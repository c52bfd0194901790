/* test_normalize.c — rc_normalize: NormalizationTest.txt conformance for all four forms, the
 * foldings, the alignment map, invalid input and allocation failure. */
#include "testutil.h"
#include "base/alloc.h"

static const unsigned forms[4] = {RC_NFC, RC_NFD, RC_NFKC, RC_NFKD};

static void expect_norm(const char *in, unsigned options, const char *want)
{
    rc_normalized out = RC_NORMALIZED_INIT;
    assert_int_equal(rc_normalize(in, strlen(in), options, &out), RC_OK);
    assert_string_equal(out.text, want);
    assert_int_equal(out.len, strlen(want));
    rc_normalized_free(&out);
}

/* Every line of NormalizationTest.txt: c2 == NFC(c1..c3), c4 == NFC(c4..c5), c3 == NFD(c1..c3),
 * c5 == NFD(c4..c5), c4 == NFKC(c1..c5), c5 == NFKD(c1..c5). */
static void test_conformance(void **state)
{
    FILE *f = open_ucd("NormalizationTest.txt");
    char line[4096], col[5][512];
    size_t len[5];
    long lines = 0, checks = 0;
    rc_normalized out = RC_NORMALIZED_INIT;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '@' || line[0] == '\n') continue;
        const char *p = line;
        for (int c = 0; c < 5; c++) {
            const char *semi = strchr(p, ';');
            assert_non_null(semi);
            len[c] = hex_to_utf8(p, semi, col[c], sizeof col[c]);
            p = semi + 1;
        }
        /* expected[form][source column] */
        static const int want[4][5] = {{1, 1, 1, 3, 3}, {2, 2, 2, 4, 4}, {3, 3, 3, 3, 3},
                                       {4, 4, 4, 4, 4}};
        for (int fi = 0; fi < 4; fi++) {
            for (int c = 0; c < 5; c++) {
                const char *w = col[want[fi][c]];
                assert_int_equal(rc_normalize(col[c], len[c], forms[fi], &out), RC_OK);
                if (out.len != len[want[fi][c]] || memcmp(out.text, w, out.len) != 0)
                    fail_msg("line %ld form %d column %d: got '%s' want '%s'", lines + 1, fi, c + 1,
                             out.text, w);
                checks++;
            }
        }
        lines++;
        if (quick_mode() && lines > 2000) break;
    }
    fclose(f);
    rc_normalized_free(&out);
    assert_true(lines > (quick_mode() ? 2000 : 18000));
    print_message("NormalizationTest.txt: %ld lines, %ld checks passed\n", lines, checks);
}

static void test_foldings(void **state)
{
    expect_norm("Stra\xc3\x9f" "e", RC_NFKC | RC_CASEFOLD, "strasse");
    expect_norm("\xef\xac\x81ne", RC_NFKC, "fine");                       /* ﬁ ligature */
    expect_norm("\xc4\xb0stanbul", RC_NFC | RC_CASEFOLD, "i\xcc\x87stanbul"); /* İ → i̇ */
    expect_norm("C\xc3\xb4te d\xe2\x80\x99Ivoire", RC_NFC | RC_STRIP_ACCENTS | RC_FOLD_QUOTES,
                "Cote d'Ivoire");
    expect_norm("Co\xcc\x82te", RC_NFC | RC_STRIP_ACCENTS, "Cote"); /* decomposed input */
    expect_norm("a\xe2\x80\x93" "b\xe2\x80\x94" "c\xe2\x88\x92" "d", RC_FOLD_DASHES, "a-b-c-d");
    expect_norm("`x\xc2\xb4 \xe2\x80\xb2", RC_NFKC | RC_FOLD_QUOTES, "'x' '");
    expect_norm("\xe2\x80\x9cq\xe2\x80\x9d", RC_FOLD_QUOTES, "\"q\"");
    expect_norm(" a \t\n b\xc2\xa0\xe3\x80\x80" "c  ", RC_COLLAPSE_SPACE, " a b c ");
    expect_norm("ABC", 0, "ABC");
    expect_norm("", RC_NFKC | RC_CASEFOLD, "");
    expect_norm("e\xcc\x81", RC_NFC, "\xc3\xa9");       /* combining after ASCII recomposes */
    expect_norm("\xc3\xa9", RC_NFD, "e\xcc\x81");
    expect_norm("A\xcc\x8a", RC_NFC | RC_CASEFOLD, "\xc3\xa5");
}

static void test_nul_bytes(void **state)
{
    rc_normalized out = RC_NORMALIZED_INIT;
    assert_int_equal(rc_normalize("a\0B\xc3\xa9", 5, RC_NFC | RC_CASEFOLD, &out), RC_OK);
    assert_int_equal(out.len, 5);
    assert_memory_equal(out.text, "a\0b\xc3\xa9", 5);
    rc_normalized_free(&out);
}

static void test_invalid_utf8(void **state)
{
    rc_normalized out = RC_NORMALIZED_INIT;
    const char bad[] = "ab\xc3(cd";
    assert_int_equal(rc_normalize(bad, 6, RC_NFC, &out), RC_EUTF8);
    assert_int_equal(out.error_offset, 2);
    const char *cases[] = {"\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\xe2\x82", "\xff"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(rc_normalize(cases[i], strlen(cases[i]), RC_NFKC, &out), RC_EUTF8);
        assert_int_equal(out.error_offset, 0);
    }
    assert_int_equal(rc_normalize(bad, 6, RC_NFC | RC_REPLACE_INVALID, &out), RC_OK);
    assert_string_equal(out.text, "ab\xef\xbf\xbd(cd");
    /* Surrogates encoded in UTF-8 (CESU) are invalid, one U+FFFD per maximal subpart. */
    assert_int_equal(rc_normalize("\xed\xa0\x80x", 4, RC_REPLACE_INVALID, &out), RC_OK);
    assert_string_equal(out.text, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx");
    size_t off = 99;
    assert_int_equal(rc_utf8_validate(bad, 6, &off), RC_EUTF8);
    assert_int_equal(off, 2);
    assert_int_equal(rc_utf8_validate("ok\xc3\xa9", 4, &off), RC_OK);
    rc_normalized_free(&out);
}

static void test_bad_options(void **state)
{
    rc_normalized out = RC_NORMALIZED_INIT;
    assert_int_equal(rc_normalize("a", 1, 5, &out), RC_EINVAL);
    assert_int_equal(rc_normalize("a", 1, 1u << 20, &out), RC_EINVAL);
    assert_int_equal(rc_normalize(NULL, 1, RC_NFC, &out), RC_EINVAL);
    assert_int_equal(rc_normalize("a", 1, RC_NFC, NULL), RC_EINVAL);
    assert_int_equal(rc_normalize(NULL, 0, RC_NFC, &out), RC_OK);
    assert_int_equal(out.len, 0);
    rc_normalized_free(&out);
    assert_string_equal(rc_strerror(RC_EUTF8), "invalid UTF-8");
    assert_string_equal(rc_strerror(12345), "unknown error code");
}

/* The map is total and monotone, and spans are whole input characters. */
static void check_map(const char *in, size_t n, unsigned options)
{
    rc_normalized out = RC_NORMALIZED_INIT;
    assert_int_equal(rc_normalize(in, n, options | RC_WANT_MAP, &out), RC_OK);
    size_t prev_s = 0, prev_e = 0;
    for (size_t i = 0; i < out.len; i++) {
        assert_true(out.src_start[i] < out.src_end[i]);
        assert_true(out.src_end[i] <= n);
        assert_true(out.src_start[i] >= prev_s);
        assert_true(out.src_end[i] >= prev_e);
        assert_true(((unsigned char)in[out.src_start[i]] & 0xC0) != 0x80);
        prev_s = out.src_start[i];
        prev_e = out.src_end[i];
    }
    rc_normalized_free(&out);
}

static void test_alignment_map(void **state)
{
    const char *s = "\xef\xac\x81ne Stra\xc3\x9f" "e, \xc4\xb0zmir e\xcc\x81\xcc\xa3 \xea\xb0\x80\xe1\x86\xa8  x";
    for (unsigned f = 0; f <= 4; f++) {
        check_map(s, strlen(s), f);
        check_map(s, strlen(s), f | RC_CASEFOLD | RC_STRIP_ACCENTS | RC_COLLAPSE_SPACE);
    }
    rc_normalized out = RC_NORMALIZED_INIT;
    /* "ﬁne": both f and i come from the ligature's 3 bytes. */
    assert_int_equal(rc_normalize("\xef\xac\x81ne", 5, RC_NFKC | RC_WANT_MAP, &out), RC_OK);
    assert_string_equal(out.text, "fine");
    assert_int_equal(out.src_start[0], 0);
    assert_int_equal(out.src_end[0], 3);
    assert_int_equal(out.src_start[1], 0);
    assert_int_equal(out.src_end[1], 3);
    assert_int_equal(out.src_start[2], 3);
    /* Collapsed whitespace maps to the whole run. */
    assert_int_equal(rc_normalize("a \t b", 5, RC_COLLAPSE_SPACE | RC_WANT_MAP, &out), RC_OK);
    assert_string_equal(out.text, "a b");
    assert_int_equal(out.src_start[1], 1);
    assert_int_equal(out.src_end[1], 4);
    /* Per character, in code point indices: é, space, ﬁ, x → "e fix" (NFKD, accents stripped). */
    const char *src = "\xc3\xa9 \xef\xac\x81x";
    assert_int_equal(rc_normalize(src, strlen(src), RC_NFKD | RC_STRIP_ACCENTS | RC_WANT_MAP, &out), RC_OK);
    assert_string_equal(out.text, "e fix");
    assert_int_equal(rc_normalized_char_count(&out), 5);
    int64_t a[5], b[5];
    const int64_t want_a[5] = {0, 1, 2, 2, 3}, want_b[5] = {1, 2, 3, 3, 4};
    assert_int_equal(rc_normalized_char_map(&out, src, a, b), 5);
    assert_memory_equal(a, want_a, sizeof a);
    assert_memory_equal(b, want_b, sizeof b);
    /* A non-ASCII output character counts once: ß stays (NFC). */
    assert_int_equal(rc_normalize("\xc3\x9f" "a", 3, RC_NFC | RC_WANT_MAP, &out), RC_OK);
    assert_int_equal(rc_normalized_char_count(&out), 2);
    assert_int_equal(rc_normalized_char_map(&out, "\xc3\x9f" "a", a, b), 2);
    assert_int_equal(a[1], 1);
    assert_int_equal(b[1], 2);
    /* Without a map: nothing. */
    assert_int_equal(rc_normalize("ab", 2, RC_NFC, &out), RC_OK);
    assert_int_equal(rc_normalized_char_map(&out, "ab", a, b), 0);
    rc_normalized_free(&out);
}

/* A long run of combining marks takes the heap path for its cluster. */
static void test_long_cluster(void **state)
{
    size_t n = 1 + 2 * 5000;
    char *s = malloc(n + 1);
    s[0] = 'a';
    for (size_t i = 0; i < 5000; i++) memcpy(s + 1 + 2 * i, (i & 1) ? "\xcc\x81" : "\xcc\xa3", 2);
    rc_normalized out = RC_NORMALIZED_INIT;
    assert_int_equal(rc_normalize(s, n, RC_NFC | RC_WANT_MAP, &out), RC_OK);
    /* NFC: a + dot below → ạ (3 bytes), then the marks sorted: 2499 more U+0323, 2500 U+0301 */
    assert_int_equal(out.len, 3 + 2 * 4999);
    assert_memory_equal(out.text, "\xe1\xba\xa1", 3);
    assert_memory_equal(out.text + 3, "\xcc\xa3", 2);
    assert_memory_equal(out.text + out.len - 2, "\xcc\x81", 2);
    rc_normalized_free(&out);
    free(s);
}

/* Fail the n-th allocation for every n: a clean RC_ENOMEM, and no leak (valgrind/ASan check). */
static void test_allocation_failure(void **state)
{
    const char *s = "Caf\xc3\xa9 \xef\xac\x81 a\xcc\x81\xcc\xa3 \xea\xb0\x80\xe1\x86\xa8 Stra\xc3\x9f" "e";
    unsigned opts[] = {RC_NFC, RC_NFKC | RC_CASEFOLD | RC_WANT_MAP, RC_NFD | RC_STRIP_ACCENTS};
    for (size_t o = 0; o < 3; o++) {
        for (long n = 0;; n++) {
            rc_normalized out = RC_NORMALIZED_INIT;
            rc_fault_fail_after(n);
            int rc = rc_normalize(s, strlen(s), opts[o], &out);
            rc_fault_fail_after(-1);
            if (rc == RC_OK) {
                rc_normalized_free(&out);
                assert_true(n > 0);
                break;
            }
            assert_int_equal(rc, RC_ENOMEM);
            rc_normalized_free(&out);
        }
    }
}

/* UTF-8 → code points of the narrowest width that holds them (as CPython would store them). */
static size_t to_units(const char *s, size_t n, uint32_t *cps, int *width)
{
    size_t k = 0;
    uint32_t max = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp = 0;
        int len = rc_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        assert_true(len > 0);
        cps[k++] = (uint32_t)cp;
        if ((uint32_t)cp > max) max = (uint32_t)cp;
        i += (size_t)len;
    }
    *width = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
    return k;
}

static void *pack(const uint32_t *cps, size_t n, int width)
{
    unsigned char *b = malloc(n * (size_t)width + 1);
    for (size_t i = 0; i < n; i++) {
        if (width == 1) b[i] = (unsigned char)cps[i];
        else if (width == 2) ((uint16_t *)b)[i] = (uint16_t)cps[i];
        else ((uint32_t *)b)[i] = cps[i];
    }
    return b;
}

/* The code-unit driver agrees with the UTF-8 driver on every NormalizationTest.txt string, for
 * every form and with case folding, at the narrowest width and at width 4. */
static void test_units_agree_with_utf8(void **state)
{
    FILE *f = open_ucd("NormalizationTest.txt");
    char line[4096], col[512];
    uint32_t cps[256];
    rc_normalized a = RC_NORMALIZED_INIT;
    rc_units u = RC_UNITS_INIT;
    long checks = 0;
    const unsigned opts[] = {RC_NFC, RC_NFD, RC_NFKC, RC_NFKD, RC_NFKC | RC_CASEFOLD,
                             RC_NFC | RC_STRIP_ACCENTS | RC_FOLD_QUOTES | RC_COLLAPSE_SPACE};
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '@' || line[0] == '\n') continue;
        const char *semi = strchr(line, ';');
        size_t n = hex_to_utf8(line, semi, col, sizeof col);
        int width;
        size_t k = to_units(col, n, cps, &width);
        for (int wi = 0; wi < 2; wi++) {
            int w = wi ? 4 : width;
            void *units = pack(cps, k, w);
            for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++) {
                assert_int_equal(rc_normalize(col, n, opts[o], &a), RC_OK);
                assert_int_equal(rc_normalize_units(units, w, k, opts[o], &u), RC_OK);
                uint32_t got[512];
                int gw;
                size_t gk = to_units(a.text, a.len, got, &gw);
                assert_int_equal(u.len, gk);
                uint32_t max = 0;
                for (size_t i = 0; i < gk; i++) {
                    uint32_t c = u.width == 1 ? ((uint8_t *)u.data)[i]
                                 : u.width == 2 ? ((uint16_t *)u.data)[i] : ((uint32_t *)u.data)[i];
                    if (c != got[i]) fail_msg("opt %zu width %d index %zu: %x vs %x (%s)", o, w, i, c, got[i], line);
                    if (c > max) max = c;
                }
                assert_int_equal(u.max_cp, gk == 0 ? 0 : max < 0x7F ? 0x7F : max);
                /* The quick check never claims "unchanged" for text that changes. */
                int q = rc_is_normalized_units(units, w, k, opts[o]);
                assert_true(q == 0 || q == 1);
                if (q == 1) {
                    assert_int_equal(u.len, k);
                    for (size_t i = 0; i < k; i++) assert_int_equal(got[i], cps[i]);
                }
                checks++;
            }
            free(units);
        }
        if (quick_mode() && checks > 5000) break;
    }
    fclose(f);
    rc_normalized_free(&a);
    rc_units_free(&u);
    print_message("code-unit driver: %ld agreeing checks\n", checks);
}

static void test_units_widen_and_errors(void **state)
{
    rc_units u = RC_UNITS_INIT;
    const uint8_t micro[] = {'a', 0xB5, 'B'}; /* Latin-1 "aµB": NFKC gives U+03BC */
    assert_int_equal(rc_normalize_units(micro, 1, 3, RC_NFKC | RC_CASEFOLD, &u), RC_OK);
    assert_int_equal(u.width, 4);
    assert_int_equal(u.len, 3);
    assert_int_equal(((uint32_t *)u.data)[1], 0x3BC);
    assert_int_equal(((uint32_t *)u.data)[2], 'b');
    assert_int_equal(u.max_cp, 0x3BC);
    const uint16_t sur[] = {'a', 'b', 0xD800, 'c'};
    assert_int_equal(rc_normalize_units(sur, 2, 4, RC_NFC, &u), RC_ESURROGATE);
    assert_int_equal(u.error_offset, 2);
    assert_int_equal(rc_normalize_units(sur, 2, 4, RC_NFC | RC_REPLACE_INVALID, &u), RC_OK);
    assert_int_equal(((uint16_t *)u.data)[2], 0xFFFD);
    const uint32_t big[] = {0x110000};
    assert_int_equal(rc_normalize_units(big, 4, 1, RC_NFC, &u), RC_EINVAL);
    assert_int_equal(rc_normalize_units(sur, 3, 4, RC_NFC, &u), RC_EINVAL);
    assert_int_equal(rc_normalize_units(sur, 2, 4, RC_NFC | RC_WANT_MAP, &u), RC_EINVAL);
    /* A long ASCII text with mixed case goes through the vector path. */
    uint16_t text[1000];
    for (int i = 0; i < 1000; i++) text[i] = (uint16_t)("Hello, World! "[i % 14]);
    text[999] = 0x2019;
    assert_int_equal(rc_normalize_units(text, 2, 1000, RC_CASEFOLD | RC_FOLD_QUOTES, &u), RC_OK);
    assert_int_equal(u.len, 1000);
    for (int i = 0; i < 999; i++) {
        int c = "Hello, World! "[i % 14];
        if (c >= 'A' && c <= 'Z') c += 32;
        assert_int_equal(((uint16_t *)u.data)[i], c);
    }
    assert_int_equal(((uint16_t *)u.data)[999], '\'');
    assert_int_equal(u.max_cp, 0x7F);
    rc_units_free(&u);
}

static void test_quick_check(void **state)
{
    const uint8_t hello[] = "hello, world `x`  done";
    const uint8_t Hello[] = "Hello";
    assert_int_equal(rc_is_normalized_units(hello, 1, 5, RC_NFKC | RC_CASEFOLD), 1);
    assert_int_equal(rc_is_normalized_units(Hello, 1, 5, RC_NFKC | RC_CASEFOLD), 0);
    assert_int_equal(rc_is_normalized_units(Hello, 1, 5, RC_NFC), 1);
    assert_int_equal(rc_is_normalized_units(hello, 1, 22, RC_NFC), 1);
    assert_int_equal(rc_is_normalized_units(hello, 1, 22, RC_NFC | RC_FOLD_QUOTES), 0);
    assert_int_equal(rc_is_normalized_units(hello, 1, 22, RC_COLLAPSE_SPACE), 0); /* "  " */
    assert_int_equal(rc_is_normalized_units(hello, 1, 12, RC_COLLAPSE_SPACE), 1);
    const uint16_t quote[] = {'d', 0x2019, 'I', 0xE9, 0x2014};
    assert_int_equal(rc_is_normalized_units(quote, 2, 5, RC_NFC), 1);
    assert_int_equal(rc_is_normalized_units(quote, 2, 5, RC_NFC | RC_FOLD_QUOTES), 0);
    assert_int_equal(rc_is_normalized_units(quote, 2, 5, RC_NFD), 0);      /* é decomposes */
    const uint16_t mark[] = {'e', 0x301};
    assert_int_equal(rc_is_normalized_units(mark, 2, 2, RC_NFD), 0);       /* "maybe": a cluster */
    const uint16_t sur[] = {'a', 0xD800};
    assert_int_equal(rc_is_normalized_units(sur, 2, 2, RC_NFC), 0);
    const uint16_t nbsp[] = {'a', ' ', 0xA0, 'b'};
    assert_int_equal(rc_is_normalized_units(nbsp, 2, 4, RC_COLLAPSE_SPACE), 0);
    assert_int_equal(rc_is_normalized_units(nbsp, 3, 4, RC_NFC), RC_EINVAL);
    assert_int_equal(rc_is_normalized_units(NULL, 2, 0, RC_NFC), 1);
    /* Long ASCII through the vector path, with one capital far in. */
    uint16_t text[1000];
    for (int i = 0; i < 1000; i++) text[i] = (uint16_t)"lorem ipsum dolor "[i % 18];
    assert_int_equal(rc_is_normalized_units(text, 2, 1000, RC_NFKC | RC_CASEFOLD), 1);
    text[777] = 'Q';
    assert_int_equal(rc_is_normalized_units(text, 2, 1000, RC_NFKC | RC_CASEFOLD), 0);
}

static void test_units_allocation_failure(void **state)
{
    const uint16_t s[] = {'C', 'a', 'f', 0xE9, ' ', 0xFB01, ' ', 'a', 0x301, 0x323, 0xAC00, 0x11A8};
    for (long n = 0;; n++) {
        rc_units u = RC_UNITS_INIT;
        rc_fault_fail_after(n);
        int rc = rc_normalize_units(s, 2, 12, RC_NFKC | RC_CASEFOLD, &u);
        rc_fault_fail_after(-1);
        rc_units_free(&u);
        if (rc == RC_OK) break;
        assert_int_equal(rc, RC_ENOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conformance),    cmocka_unit_test(test_foldings),
        cmocka_unit_test(test_nul_bytes),      cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_bad_options),    cmocka_unit_test(test_alignment_map),
        cmocka_unit_test(test_long_cluster),   cmocka_unit_test(test_allocation_failure),
        cmocka_unit_test(test_units_agree_with_utf8), cmocka_unit_test(test_units_widen_and_errors),
        cmocka_unit_test(test_units_allocation_failure), cmocka_unit_test(test_quick_check),
    };
    return cmocka_run_group_tests_name("normalize", tests, NULL, NULL);
}
