/* test_counter.c — rc_counter, the batch driver over rc_cooccur: totals equal to the sum of
 * rc_cooccur per document for any number of threads, per-document results, files read by the
 * workers (missing, unreadable, invalid UTF-8), streaming paths from a source in order, the pair
 * table as bytes (round trip, other gazetteer, corruption), documents as code units, argument errors, and allocation failure
 * (one thread: the fault hook is per thread) leaving a broken counter that refuses further work. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <errno.h>
#include <unistd.h>

#include "testutil.h"
#include "base/alloc.h"

static rc_gazetteer *build(const char *const *aliases, const char *const *ids, size_t n)
{
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (size_t i = 0; i < n; i++) {
        rc_gazetteer_entry x = {aliases[i], strlen(aliases[i]), ids[i], strlen(ids[i]),
                                "country", 7, NULL, 0, RC_CASE_AUTO, 0};
        assert_int_equal(rc_gazetteer_builder_add(b, &x), RC_OK);
    }
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    return g;
}

static const char *const ALIASES[] = {"Armenia", "Azerbaijan", "Baku", "Russia", "Georgia", "Iran", "Turkey"};
static const char *const IDS[] = {"ARM", "AZE", "AZE", "RUS", "GEO", "IRN", "TUR"};
#define NALIASES 7

static const rc_window SENTENCE = {RC_WINDOW_SENTENCE, 0};

/* A little corpus: document i names a varying set of countries over several sentences. */
#define NDOCS 40
static char corpus[NDOCS][512];

static void make_corpus(void)
{
    for (int i = 0; i < NDOCS; i++) {
        size_t w = 0;
        for (int s = 0; s < 1 + i % 5; s++)
            w += (size_t)snprintf(corpus[i] + w, sizeof corpus[i] - w, "%s met %s in %s. ",
                                  ALIASES[(i + s) % NALIASES], ALIASES[(i * 3 + s + 1) % NALIASES],
                                  ALIASES[(i * 5 + 2 * s) % NALIASES]);
    }
}

/* The expected totals: rc_cooccur per document, merged, sorted. */
static void reference(const rc_gazetteer *g, const rc_entities *e, rc_window w, rc_pair_counts *sum)
{
    rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
    rc_pair_counts one = RC_PAIR_COUNTS_INIT;
    for (int i = 0; i < NDOCS; i++) {
        assert_int_equal(rc_cooccur(g, e, corpus[i], strlen(corpus[i]), w, &s, &one), RC_OK);
        assert_int_equal(rc_pair_counts_merge(sum, &one), RC_OK);
    }
    assert_int_equal(rc_pair_counts_sort(sum), RC_OK);
    rc_pair_counts_free(&one);
    rc_cooccur_scratch_free(&s);
}

static void assert_same(const rc_pair_counts *x, const rc_pair_counts *y)
{
    assert_int_equal(x->len, y->len);
    for (size_t r = 0; r < x->len; r++) {
        assert_int_equal(x->a[r], y->a[r]);
        assert_int_equal(x->b[r], y->b[r]);
        assert_int_equal(x->count[r], y->count[r]);
        assert_int_equal(x->docs[r], y->docs[r]);
    }
}

static void feed_corpus(rc_counter *c, long threads, unsigned flags, rc_document_result *res)
{
    rc_document docs[NDOCS];
    for (int i = 0; i < NDOCS; i++) docs[i] = (rc_document){corpus[i], strlen(corpus[i]), NULL, i % 2, 0};
    assert_int_equal(rc_counter_feed(c, docs, NDOCS, threads, flags, res), RC_OK);
}

static void test_feed_equals_reference(void **state)
{
    make_corpus();
    rc_gazetteer *g = build(ALIASES, IDS, NALIASES);
    const rc_window windows[] = {SENTENCE, {RC_WINDOW_DOCUMENT, 0}, {RC_WINDOW_TOKENS, 3}};
    for (int w = 0; w < 3; w++) {
        rc_entities e = RC_ENTITIES_INIT;
        assert_int_equal(rc_entities_init(g, &e), RC_OK);
        rc_pair_counts want = RC_PAIR_COUNTS_INIT;
        reference(g, &e, windows[w], &want);
        assert_true(want.len > 3);
        for (long threads = 0; threads <= 4; threads++) {
            rc_counter *c;
            assert_int_equal(rc_counter_new(g, windows[w], &c), RC_OK);
            assert_int_equal(rc_counter_window(c).kind, windows[w].kind);
            rc_document_result res[NDOCS];
            for (int i = 0; i < NDOCS; i++) res[i] = (rc_document_result)RC_DOCUMENT_RESULT_INIT;
            /* Twice, half per-document: totals double, per-document pairs are each document's. */
            feed_corpus(c, threads, 0, res);
            feed_corpus(c, threads, RC_COUNT_PER_DOC, res);
            rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
            rc_pair_counts one = RC_PAIR_COUNTS_INIT;
            size_t bytes = 0;
            for (int i = 0; i < NDOCS; i++) {
                assert_int_equal(res[i].rc, RC_OK);
                assert_int_equal(res[i].bytes, strlen(corpus[i]));
                bytes += strlen(corpus[i]);
                assert_int_equal(rc_cooccur(g, &e, corpus[i], strlen(corpus[i]), windows[w], &s, &one), RC_OK);
                assert_int_equal(rc_pair_counts_sort(&one), RC_OK);
                assert_same(&res[i].pairs, &one);
                rc_document_result_free(&res[i]);
            }
            rc_pair_counts_free(&one);
            rc_cooccur_scratch_free(&s);
            rc_pair_counts twice = RC_PAIR_COUNTS_INIT;
            assert_int_equal(rc_pair_counts_merge(&twice, &want), RC_OK);
            assert_int_equal(rc_pair_counts_merge(&twice, &want), RC_OK);
            assert_int_equal(rc_pair_counts_sort(&twice), RC_OK);
            const rc_pair_counts *got;
            assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
            assert_same(got, &twice);
            uint64_t ndocs, nbytes;
            rc_counter_stats(c, &ndocs, &nbytes);
            assert_int_equal(ndocs, 2 * NDOCS);
            assert_int_equal(nbytes, 2 * bytes);
            assert_int_equal(rc_counter_broken(c), 0);
            rc_pair_counts_free(&twice);
            rc_counter_free(c);
        }
        rc_pair_counts_free(&want);
        rc_entities_free(&e);
    }
    rc_gazetteer_free(g);
}

/* A temporary folder with the corpus as files 0..NDOCS-1, plus a file of invalid UTF-8. */
static char folder[64];
static char paths[NDOCS + 3][128];

static void write_files(void)
{
    snprintf(folder, sizeof folder, "/tmp/rc_test_counter_XXXXXX");
    assert_non_null(mkdtemp(folder));
    for (int i = 0; i < NDOCS; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%d.txt", folder, i);
        FILE *f = fopen(paths[i], "w");
        fputs(corpus[i], f);
        fclose(f);
    }
    snprintf(paths[NDOCS], sizeof paths[NDOCS], "%s/bad.txt", folder);
    FILE *f = fopen(paths[NDOCS], "w");
    fputs("Armenia and \xC3( Azerbaijan.", f);
    fclose(f);
    snprintf(paths[NDOCS + 1], sizeof paths[NDOCS + 1], "%s/missing.txt", folder);
    snprintf(paths[NDOCS + 2], sizeof paths[NDOCS + 2], "%s", folder); /* a folder: EISDIR */
}

static void remove_files(void)
{
    for (int i = 0; i <= NDOCS; i++) unlink(paths[i]);
    rmdir(folder);
}

/* Totals read between feeds: the first read takes a worker's partial table as it is, later
 * reads add to it; every read is the sum of everything fed so far, for any number of threads. */
static void test_totals_between_feeds(void **state)
{
    (void)state;
    make_corpus();
    rc_gazetteer *g = build(ALIASES, IDS, NALIASES);
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    rc_pair_counts once = RC_PAIR_COUNTS_INIT, twice = RC_PAIR_COUNTS_INIT, thrice = RC_PAIR_COUNTS_INIT;
    reference(g, &e, SENTENCE, &once);
    for (int k = 0; k < 2; k++) assert_int_equal(rc_pair_counts_merge(&twice, &once), RC_OK);
    for (int k = 0; k < 3; k++) assert_int_equal(rc_pair_counts_merge(&thrice, &once), RC_OK);
    assert_int_equal(rc_pair_counts_sort(&twice), RC_OK);
    assert_int_equal(rc_pair_counts_sort(&thrice), RC_OK);
    rc_document_result res[NDOCS];
    for (int i = 0; i < NDOCS; i++) res[i] = (rc_document_result)RC_DOCUMENT_RESULT_INIT;
    for (long threads = 1; threads <= 3; threads++) {
        rc_counter *c;
        const rc_pair_counts *got;
        assert_int_equal(rc_counter_new(g, SENTENCE, &c), RC_OK);
        assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
        assert_int_equal(got->len, 0);
        feed_corpus(c, threads, 0, res);
        assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
        assert_same(got, &once);
        assert_int_equal(rc_counter_totals(c, 0, &got), RC_OK); /* read again, nothing fed */
        assert_int_equal(got->len, once.len);
        assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
        assert_same(got, &once);
        feed_corpus(c, threads, 0, res);
        assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
        assert_same(got, &twice);
        feed_corpus(c, threads == 1 ? 3 : 1, 0, res); /* fewer or more workers than before */
        assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
        assert_same(got, &thrice);
        rc_counter_free(c);
    }
    rc_pair_counts_free(&once);
    rc_pair_counts_free(&twice);
    rc_pair_counts_free(&thrice);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

static void test_files(void **state)
{
    make_corpus();
    write_files();
    rc_gazetteer *g = build(ALIASES, IDS, NALIASES);
    rc_counter *c, *ref;
    assert_int_equal(rc_counter_new(g, SENTENCE, &c), RC_OK);
    assert_int_equal(rc_counter_new(g, SENTENCE, &ref), RC_OK);
    rc_document_result res[NDOCS + 3];
    for (int i = 0; i < NDOCS + 3; i++) res[i] = (rc_document_result)RC_DOCUMENT_RESULT_INIT;
    rc_document docs[NDOCS + 3];
    for (int i = 0; i < NDOCS + 3; i++) docs[i] = (rc_document){NULL, 0, paths[i], 0, 0};
    assert_int_equal(rc_counter_feed(c, docs, NDOCS + 3, 2, 0, res), RC_OK);
    for (int i = 0; i < NDOCS; i++) assert_int_equal(res[i].rc, RC_OK);
    assert_int_equal(res[NDOCS].rc, RC_EUTF8);
    assert_int_equal(res[NDOCS].bad_offset, 12);
    assert_int_equal(res[NDOCS + 1].rc, RC_EIO);
    assert_int_equal(res[NDOCS + 1].err, ENOENT);
    assert_int_equal(res[NDOCS + 2].rc, RC_EIO);
    assert_int_equal(res[NDOCS + 2].err, EISDIR);
    feed_corpus(ref, 1, 0, res);
    const rc_pair_counts *x, *y;
    assert_int_equal(rc_counter_totals(c, 1, &x), RC_OK);
    assert_int_equal(rc_counter_totals(ref, 1, &y), RC_OK);
    assert_same(x, y);
    uint64_t n;
    rc_counter_stats(c, &n, NULL);
    assert_int_equal(n, NDOCS); /* the failed files are not counted */
    rc_counter_free(c);
    rc_counter_free(ref);
    rc_gazetteer_free(g);
    remove_files();
}

/* A path source over paths[order[0..n)], checking the contract: each worker's previous paths are
 * released before it gets new ones, and every worker makes a final call. */
typedef struct {
    const int *order;
    size_t n, next;
    size_t outstanding[RC_MAX_THREADS];
    int calls_after_end[RC_MAX_THREADS];
    size_t batch; /* hand out at most this many at a time */
} source;

static size_t next_path(void *arg, unsigned worker, const char **out, size_t max)
{
    source *s = arg;
    s->outstanding[worker] = 0; /* what this worker had is released */
    size_t got = 0;
    if (max > s->batch) max = s->batch;
    while (got < max && s->next < s->n) out[got++] = paths[s->order[s->next++]];
    if (!got) s->calls_after_end[worker]++;
    s->outstanding[worker] = got;
    return got;
}

static void test_stream(void **state)
{
    make_corpus();
    write_files();
    rc_gazetteer *g = build(ALIASES, IDS, NALIASES);
    /* Files, with the bad one, the missing one and the folder among them. */
    int order[NDOCS + 3];
    size_t n = 0;
    for (int i = 0; i < NDOCS; i++) {
        order[n++] = i;
        if (i == 5) order[n++] = NDOCS;
        if (i == 20) order[n++] = NDOCS + 1;
        if (i == 30) order[n++] = NDOCS + 2;
    }
    rc_counter *ref;
    assert_int_equal(rc_counter_new(g, SENTENCE, &ref), RC_OK);
    rc_document_result res[NDOCS];
    for (int i = 0; i < NDOCS; i++) res[i] = (rc_document_result)RC_DOCUMENT_RESULT_INIT;
    feed_corpus(ref, 1, 0, res);
    const rc_pair_counts *want;
    assert_int_equal(rc_counter_totals(ref, 1, &want), RC_OK);
    for (long threads = 1; threads <= 4; threads++)
        for (size_t batch = 1; batch <= 32; batch *= 4) {
            source s;
            memset(&s, 0, sizeof s);
            s.order = order;
            s.n = n;
            s.batch = batch;
            rc_counter *c;
            assert_int_equal(rc_counter_new(g, SENTENCE, &c), RC_OK);
            rc_file_failures failed = RC_FILE_FAILURES_INIT;
            assert_int_equal(rc_counter_stream(c, threads, next_path, &s, &failed), RC_OK);
            assert_int_equal(failed.count, 3);
            assert_int_equal(failed.items[0].index, 6);
            assert_int_equal(failed.items[0].rc, RC_EUTF8);
            assert_int_equal(failed.items[0].bad_offset, 12);
            assert_int_equal(failed.items[1].index, 22);
            assert_int_equal(failed.items[1].rc, RC_EIO);
            assert_int_equal(failed.items[1].err, ENOENT);
            assert_int_equal(failed.items[2].index, 33);
            assert_int_equal(failed.items[2].err, EISDIR);
            for (int w = 0; w < RC_MAX_THREADS; w++) {
                assert_int_equal(s.outstanding[w], 0);
                assert_true(s.calls_after_end[w] <= 1);
            }
            const rc_pair_counts *got;
            assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
            assert_same(got, want);
            rc_file_failures_free(&failed);
            rc_counter_free(c);
        }
    rc_counter_free(ref);
    rc_gazetteer_free(g);
    remove_files();
}

static void test_pair_table(void **state)
{
    make_corpus();
    rc_gazetteer *g = build(ALIASES, IDS, NALIASES);
    rc_counter *c, *sum;
    assert_int_equal(rc_counter_new(g, SENTENCE, &c), RC_OK);
    assert_int_equal(rc_counter_new(g, SENTENCE, &sum), RC_OK);
    rc_document_result res[NDOCS];
    for (int i = 0; i < NDOCS; i++) res[i] = (rc_document_result)RC_DOCUMENT_RESULT_INIT;
    feed_corpus(c, 2, 0, res);
    const rc_pair_counts *t;
    assert_int_equal(rc_counter_totals(c, 0, &t), RC_OK);
    size_t size = rc_pair_table_size(t);
    assert_int_equal(size, 24 + 24 * t->len);
    unsigned char *buf = malloc(size);
    rc_pair_table_write(t, rc_counter_entities(c), buf);
    assert_memory_equal(buf, "RCPAIRS1", 8);
    /* Added twice: the totals double. */
    const char *why = "unset";
    assert_int_equal(rc_counter_add_table(sum, buf, size, &why), RC_OK);
    assert_null(why);
    assert_int_equal(rc_counter_add_table(sum, buf, size, NULL), RC_OK);
    const rc_pair_counts *got, *one;
    assert_int_equal(rc_counter_totals(sum, 1, &got), RC_OK);
    assert_int_equal(rc_counter_totals(c, 1, &one), RC_OK);
    assert_int_equal(got->len, one->len);
    for (size_t r = 0; r < got->len; r++) assert_int_equal(got->count[r], 2 * one->count[r]);
    /* Refused without a change: truncated, bad magic, corrupted pair, another gazetteer. */
    size_t before = got->len;
    assert_int_equal(rc_counter_add_table(sum, buf, size - 1, &why), RC_EFORMAT);
    assert_string_equal(why, "not a pair table");
    assert_int_equal(rc_counter_add_table(sum, buf, 10, &why), RC_EFORMAT);
    buf[0] ^= 1;
    assert_int_equal(rc_counter_add_table(sum, buf, size, &why), RC_EFORMAT);
    assert_string_equal(why, "not a pair table");
    buf[0] ^= 1;
    unsigned char saved = buf[24];
    buf[24] = 0xFF; /* a >= b */
    assert_int_equal(rc_counter_add_table(sum, buf, size, &why), RC_EFORMAT);
    assert_string_equal(why, "a corrupted pair table");
    buf[24] = saved;
    const char *const other_ids[] = {"ARM", "AZE", "AZE", "RUS", "GEO", "IRN", "TUR2"};
    rc_gazetteer *g2 = build(ALIASES, other_ids, NALIASES);
    rc_counter *c2;
    assert_int_equal(rc_counter_new(g2, SENTENCE, &c2), RC_OK);
    assert_int_equal(rc_counter_add_table(c2, buf, size, &why), RC_EFORMAT);
    assert_string_equal(why, "a pair table made with another gazetteer");
    assert_int_equal(rc_counter_totals(sum, 0, &got), RC_OK);
    assert_int_equal(got->len, before);
    /* The empty table. */
    rc_pair_counts empty = RC_PAIR_COUNTS_INIT;
    unsigned char header[24];
    rc_pair_table_write(&empty, rc_counter_entities(c2), header);
    assert_int_equal(rc_counter_add_table(c2, header, 24, NULL), RC_OK);
    assert_int_equal(rc_counter_add_table(c2, NULL, 0, &why), RC_EFORMAT);
    free(buf);
    rc_counter_free(c2);
    rc_gazetteer_free(g2);
    rc_counter_free(c);
    rc_counter_free(sum);
    rc_gazetteer_free(g);
}

/* Documents as code units (CPython's str layouts) count exactly as their UTF-8; a lone surrogate
 * refuses the whole call with nothing counted; allocation failure gives RC_ENOMEM and either a
 * usable counter with nothing counted or a broken one, never wrong totals. */
static void test_code_units(void **state)
{
    make_corpus();
    rc_gazetteer *g = build(ALIASES, IDS, NALIASES);
    rc_counter *ref, *c;
    assert_int_equal(rc_counter_new(g, SENTENCE, &ref), RC_OK);
    rc_document_result res[NDOCS];
    for (int i = 0; i < NDOCS; i++) res[i] = (rc_document_result)RC_DOCUMENT_RESULT_INIT;
    feed_corpus(ref, 1, 0, res);
    const rc_pair_counts *want, *got;
    assert_int_equal(rc_counter_totals(ref, 1, &want), RC_OK);
    static uint8_t u1[NDOCS][512];
    static uint16_t u2[NDOCS][512];
    static uint32_t u4[NDOCS][512];
    rc_document docs[NDOCS];
    for (int i = 0; i < NDOCS; i++)
        for (size_t k = 0; k <= strlen(corpus[i]); k++) u1[i][k] = u2[i][k] = u4[i][k] = (unsigned char)corpus[i][k];
    for (long threads = 1; threads <= 4; threads++) {
        assert_int_equal(rc_counter_new(g, SENTENCE, &c), RC_OK);
        for (int i = 0; i < NDOCS; i++) {
            int width = i % 3 == 0 ? 1 : i % 3 == 1 ? 2 : 4;
            const void *data = width == 1 ? (const void *)u1[i] : width == 2 ? (const void *)u2[i] : (const void *)u4[i];
            docs[i] = (rc_document){data, strlen(corpus[i]), NULL, 0, width};
        }
        assert_int_equal(rc_counter_feed(c, docs, NDOCS, threads, 0, res), RC_OK);
        for (int i = 0; i < NDOCS; i++) assert_int_equal(res[i].bytes, strlen(corpus[i]));
        assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
        assert_same(got, want);
        /* A lone surrogate in the last document: refused, nothing of the batch counted. */
        u2[NDOCS - 1][3] = 0xD800;
        docs[NDOCS - 1] = (rc_document){(const char *)u2[NDOCS - 1], strlen(corpus[NDOCS - 1]), NULL, 0, 2};
        assert_int_equal(rc_counter_feed(c, docs, NDOCS, threads, 0, res), RC_ESURROGATE);
        assert_int_equal(res[NDOCS - 1].rc, RC_ESURROGATE);
        assert_int_equal(res[NDOCS - 1].bad_offset, 3);
        u2[NDOCS - 1][3] = (unsigned char)corpus[NDOCS - 1][3];
        assert_int_equal(rc_counter_broken(c), 0);
        assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
        assert_same(got, want);
        /* A unit above U+10FFFF at the end of an early document: RC_EINVAL there, nothing counted. */
        size_t last = strlen(corpus[2]) - 1;
        u4[2][last] = 0x110000;
        assert_int_equal(rc_counter_feed(c, docs, NDOCS, threads, 0, res), RC_EINVAL);
        assert_int_equal(res[2].rc, RC_EINVAL);
        assert_int_equal(res[2].bad_offset, last);
        u4[2][last] = (unsigned char)corpus[2][last];
        assert_int_equal(rc_counter_broken(c), 0);
        assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
        assert_same(got, want);
        docs[0].width = 3;
        assert_int_equal(rc_counter_feed(c, docs, NDOCS, threads, 0, res), RC_EINVAL);
        rc_counter_free(c);
    }
    /* Allocation failure while converting or counting: RC_ENOMEM, never wrong totals. */
    long points = 0;
    for (long n = 0;; n++) {
        assert_int_equal(rc_counter_new(g, SENTENCE, &c), RC_OK);
        for (int i = 0; i < NDOCS; i++) docs[i] = (rc_document){(const char *)u2[i], strlen(corpus[i]), NULL, 0, 2};
        rc_fault_fail_after(n);
        int rc = rc_counter_feed(c, docs, NDOCS, 1, 0, res);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) {
            assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
            assert_same(got, want);
            rc_counter_free(c);
            break;
        }
        assert_int_equal(rc, RC_ENOMEM);
        if (!rc_counter_broken(c)) { /* failed before counting: still usable, still empty */
            assert_int_equal(rc_counter_feed(c, docs, NDOCS, 1, 0, res), RC_OK);
            assert_int_equal(rc_counter_totals(c, 1, &got), RC_OK);
            assert_same(got, want);
        }
        rc_counter_free(c);
        points++;
    }
    assert_true(points > 2);
    for (int i = 0; i < NDOCS; i++) rc_document_result_free(&res[i]);
    rc_counter_free(ref);
    rc_gazetteer_free(g);
}

static void test_arguments(void **state)
{
    rc_gazetteer *g = build(ALIASES, IDS, NALIASES);
    rc_counter *c = (rc_counter *)1;
    assert_int_equal(rc_counter_new(NULL, SENTENCE, &c), RC_EINVAL);
    assert_null(c);
    assert_int_equal(rc_counter_new(g, SENTENCE, NULL), RC_EINVAL);
    assert_int_equal(rc_counter_new(g, (rc_window){RC_WINDOW_TOKENS, 0}, &c), RC_EINVAL);
    assert_int_equal(rc_counter_new(g, (rc_window){(rc_window_kind)7, 0}, &c), RC_EINVAL);
    assert_int_equal(rc_counter_new(g, SENTENCE, &c), RC_OK);
    rc_document d = {"Iran", 4, NULL, 0, 0};
    rc_document_result r = RC_DOCUMENT_RESULT_INIT;
    assert_int_equal(rc_counter_feed(c, &d, 1, -1, 0, &r), RC_EINVAL);
    assert_int_equal(rc_counter_feed(c, &d, 1, 1, 1u << 5, &r), RC_EINVAL);
    assert_int_equal(rc_counter_feed(c, NULL, 1, 1, 0, &r), RC_EINVAL);
    rc_document none = {NULL, 0, NULL, 0, 0};
    assert_int_equal(rc_counter_feed(c, &none, 1, 1, 0, &r), RC_EINVAL);
    assert_int_equal(rc_counter_feed(c, NULL, 0, 1, 0, NULL), RC_OK);
    rc_file_failures f = RC_FILE_FAILURES_INIT;
    assert_int_equal(rc_counter_stream(c, 1, NULL, NULL, &f), RC_EINVAL);
    assert_int_equal(rc_counter_totals(c, 1, NULL), RC_EINVAL);
    assert_int_equal(rc_counter_broken(c), 0);
    rc_counter_free(c);
    rc_counter_free(NULL);
    rc_document_result_free(NULL);
    rc_file_failures_free(NULL);
    rc_gazetteer_free(g);
}

static void test_allocation_failure(void **state)
{
    make_corpus();
    rc_gazetteer *g = build(ALIASES, IDS, NALIASES);
    rc_counter *ref;
    assert_int_equal(rc_counter_new(g, SENTENCE, &ref), RC_OK);
    rc_document_result res[NDOCS];
    for (int i = 0; i < NDOCS; i++) res[i] = (rc_document_result)RC_DOCUMENT_RESULT_INIT;
    feed_corpus(ref, 1, 0, res);
    const rc_pair_counts *want;
    assert_int_equal(rc_counter_totals(ref, 1, &want), RC_OK);
    long points = 0;
    for (long n = 0;; n++) {
        rc_counter *c = NULL;
        rc_fault_fail_after(n);
        int rc = rc_counter_new(g, SENTENCE, &c);
        if (rc) assert_null(c);
        rc_document docs[NDOCS];
        for (int i = 0; !rc && i < NDOCS; i++) docs[i] = (rc_document){corpus[i], strlen(corpus[i]), NULL, 0, 0};
        if (!rc) {
            rc = rc_counter_feed(c, docs, NDOCS, 1, RC_COUNT_PER_DOC, res);
        }
        const rc_pair_counts *got = NULL;
        if (!rc) rc = rc_counter_totals(c, 1, &got);
        rc_fault_fail_after(-1);
        for (int i = 0; i < NDOCS; i++) rc_document_result_free(&res[i]);
        if (rc == RC_OK) {
            assert_same(got, want);
            rc_counter_free(c);
            break;
        }
        assert_int_equal(rc, RC_ENOMEM);
        if (c && rc_counter_broken(c)) {
            /* A broken counter refuses further work instead of giving wrong totals. */
            assert_int_equal(rc_counter_feed(c, NULL, 0, 1, 0, NULL), RC_EINVAL);
            assert_int_equal(rc_counter_totals(c, 1, &got), RC_EINVAL);
        }
        else if (c) {
            /* Failed before counting anything (the workers' memory): still usable. */
            rc_document d = {corpus[0], strlen(corpus[0]), NULL, 0, 0};
            assert_int_equal(rc_counter_feed(c, &d, 1, 1, 0, res), RC_OK);
            rc_document_result_free(&res[0]);
        }
        rc_counter_free(c);
        points++;
    }
    rc_counter_free(ref);
    rc_gazetteer_free(g);
    print_message("allocation failure: %ld failure points checked\n", points);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_feed_equals_reference),
        cmocka_unit_test(test_totals_between_feeds),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_pair_table),
        cmocka_unit_test(test_code_units),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests_name("counter", tests, NULL, NULL);
}
