/* test_faults.c — allocation failure at every point of the calls that the stage tests do not
 * drive through the fault hook: every option of the span functions, loading a gazetteer file,
 * extending a builder from a gazetteer, the builder's note. Each call must return RC_ENOMEM with
 * its output empty and safe to free, leak nothing (valgrind / LeakSanitizer), and succeed once
 * allocations work again. */
#include "testutil.h"
#include "base/alloc.h"

static const char *const TEXT =
    "Mr. President, the U.S. delegation met H.E. Mr. Aliyev in Baku at 10 a.m. on Tuesday. "
    "Azerbaijan\xe2\x80\x99s view: see https://www.un.org/en and #UNGA78 @un. "
    "C\xc3\xb4te d\xe2\x80\x99Ivoire \xe2\x80\x94 30,000 people (3.5%) in \xe4\xb8\xad\xe5\x9b\xbd! "
    "\xf0\x9f\x87\xa6\xf0\x9f\x87\xbf \xff Really? Yes\xe2\x80\xa6\n\n1. NATO";

typedef int (*span_fn)(const char *, size_t, unsigned, rc_spans *);

static int seg_word(const char *t, size_t n, unsigned o, rc_spans *sp) { return rc_segment(RC_SEG_WORD, t, n, o, sp); }
static int seg_sentence(const char *t, size_t n, unsigned o, rc_spans *sp) { return rc_segment(RC_SEG_SENTENCE, t, n, o, sp); }

/* Fails allocation n for n = 0, 1, ... until the call succeeds; returns the number of failure
 * points seen. A failed call leaves an empty list, and the same list then works. */
static long exhaust_spans(span_fn f, unsigned options)
{
    size_t n = strlen(TEXT);
    rc_spans want = RC_SPANS_INIT;
    assert_int_equal(f(TEXT, n, options, &want), RC_OK);
    for (long k = 0;; k++) {
        rc_spans sp = RC_SPANS_INIT;
        rc_fault_fail_after(k);
        int rc = f(TEXT, n, options, &sp);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) {
            assert_int_equal(sp.count, want.count);
            assert_memory_equal(sp.start, want.start, want.count * sizeof *want.start);
            assert_memory_equal(sp.end, want.end, want.count * sizeof *want.end);
            rc_spans_free(&sp);
            rc_spans_free(&want);
            return k;
        }
        assert_int_equal(rc, RC_ENOMEM);
        assert_int_equal(sp.count, 0);
        assert_int_equal(f(TEXT, n, options, &sp), RC_OK); /* the list is still usable */
        assert_int_equal(sp.count, want.count);
        rc_spans_free(&sp);
    }
}

static void test_span_functions_every_option(void **state)
{
    struct {
        span_fn f;
        unsigned options;
    } calls[] = {
        {rc_tokenize, 0},
        {rc_tokenize, RC_OFFSETS_CODEPOINTS},
        {rc_tokenize, RC_TOKENIZE_UAX29},
        {rc_tokenize, RC_TOKENIZE_UAX29 | RC_OFFSETS_CODEPOINTS},
        {rc_sentences, 0},
        {rc_sentences, RC_OFFSETS_CODEPOINTS},
        {rc_sentences, RC_SENTENCES_UAX29},
        {rc_sentences, RC_SENTENCES_UAX29 | RC_OFFSETS_CODEPOINTS},
        {seg_word, RC_OFFSETS_CODEPOINTS},
        {seg_sentence, 0},
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        assert_true(exhaust_spans(calls[i].f, calls[i].options) > 0);
}

static rc_gazetteer *small_gazetteer(void)
{
    static const char *const aliases[][2] = {{"United States", "USA"}, {"U.S.", "USA"},
                                             {"Azerbaijan", "AZE"}, {"Baku", "AZE-BAK"},
                                             {"NATO", "NATO"}, {"\xe4\xb8\xad\xe5\x9b\xbd", "CHN"}};
    rc_gazetteer_builder *b = NULL;
    rc_gazetteer *g = NULL;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        rc_gazetteer_entry e = {aliases[i][0], strlen(aliases[i][0]), aliases[i][1], strlen(aliases[i][1]),
                                "country", 7, "en", 2, RC_CASE_AUTO, 0};
        assert_int_equal(rc_gazetteer_builder_add(b, &e), RC_OK);
    }
    assert_int_equal(rc_gazetteer_builder_set_meta(b, "fault test", 10), RC_OK);
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    return g;
}

static void test_gazetteer_load_file(void **state)
{
    rc_gazetteer *g = small_gazetteer();
    char path[600];
    test_tmp_path(path, sizeof path, "test_faults.rcg");
    assert_int_equal(rc_gazetteer_save_file(g, path), RC_OK);
    long points = 0;
    for (long k = 0;; k++) {
        rc_gazetteer *h = NULL;
        rc_fault_fail_after(k);
        int rc = rc_gazetteer_load_file(path, &h);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) {
            assert_int_equal(rc_gazetteer_count(h), rc_gazetteer_count(g));
            rc_gazetteer_free(h);
            break;
        }
        assert_int_equal(rc, RC_ENOMEM);
        assert_null(h);
        points++;
    }
    assert_true(points > 0);
    remove(path);
    rc_gazetteer_free(g);
}

static void test_builder_add_all_and_meta(void **state)
{
    rc_gazetteer *g = small_gazetteer();
    long points = 0;
    for (long k = 0;; k++) {
        rc_gazetteer_builder *b = NULL;
        rc_gazetteer *h = NULL;
        rc_fault_fail_after(k);
        int rc = rc_gazetteer_builder_new(&b);
        if (!rc) rc = rc_gazetteer_builder_add_all(b, g);
        if (!rc) rc = rc_gazetteer_builder_set_meta(b, "extended \xe2\x80\x94 note", 17);
        if (!rc) rc = rc_gazetteer_compile(b, &h);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) {
            assert_int_equal(rc_gazetteer_count(h), rc_gazetteer_count(g));
            size_t len = 0;
            assert_string_equal(rc_gazetteer_meta(h, &len), "extended \xe2\x80\x94 note");
            rc_gazetteer_free(h);
            rc_gazetteer_builder_free(b);
            break;
        }
        assert_int_equal(rc, RC_ENOMEM);
        if (b) assert_true(rc_gazetteer_builder_count(b) == 0 || rc_gazetteer_builder_count(b) <= rc_gazetteer_count(g));
        rc_gazetteer_builder_free(b);
        points++;
    }
    assert_true(points > 0);
    rc_gazetteer_free(g);
}

static void test_find_every_option(void **state)
{
    rc_gazetteer *g = small_gazetteer();
    const unsigned opts[] = {0, RC_MATCH_OVERLAPPING, RC_OFFSETS_CODEPOINTS,
                             RC_MATCH_OVERLAPPING | RC_OFFSETS_CODEPOINTS};
    for (size_t o = 0; o < 4; o++) {
        rc_matches want = RC_MATCHES_INIT;
        assert_int_equal(rc_gazetteer_find(g, TEXT, strlen(TEXT), opts[o], &want), RC_OK);
        assert_true(want.count >= 4);
        for (long k = 0;; k++) {
            rc_matches m = RC_MATCHES_INIT;
            rc_fault_fail_after(k);
            int rc = rc_gazetteer_find(g, TEXT, strlen(TEXT), opts[o], &m);
            rc_fault_fail_after(-1);
            if (rc == RC_OK) {
                assert_int_equal(m.count, want.count);
                rc_matches_free(&m);
                break;
            }
            assert_int_equal(rc, RC_ENOMEM);
            assert_int_equal(m.count, 0);
            rc_matches_free(&m);
        }
        rc_matches_free(&want);
    }
    rc_gazetteer_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_span_functions_every_option),
        cmocka_unit_test(test_gazetteer_load_file),
        cmocka_unit_test(test_builder_add_all_and_meta),
        cmocka_unit_test(test_find_every_option),
    };
    return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
