/* test_pool.c — the worker pool (base/pool.h), the file reader (base/file.h) and rc_tokenize_many,
 * the batch driver built on them: every job done once, dense worker numbers, thread-count rules,
 * files of every size, read errors, allocation failure, tokenize_many equal to rc_tokenize, and the
 * ordered stream of jobs. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <errno.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "base/alloc.h"
#include "base/file.h"
#include "base/pool.h"

static void test_threads(void **state)
{
    assert_int_equal(rc_pool_threads(4, 100), 4);
    assert_int_equal(rc_pool_threads(4, 2), 2);   /* never more workers than jobs */
    assert_int_equal(rc_pool_threads(4, 0), 1);   /* at least one */
    assert_int_equal(rc_pool_threads(100000, 100000), RC_MAX_THREADS);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    assert_int_equal(rc_pool_threads(0, 100000), cpus > 0 ? (cpus < RC_MAX_THREADS ? cpus : RC_MAX_THREADS) : 1);
    assert_int_equal(rc_pool_threads(-3, 10), 1);
}

typedef struct {
    atomic_int done[1000];
    atomic_int seen_worker[RC_MAX_THREADS];
    long threads;
    atomic_int bad_worker;
} for_check;

static void mark(void *arg, unsigned worker, size_t i)
{
    for_check *c = arg;
    if ((long)worker >= c->threads) atomic_store(&c->bad_worker, 1);
    else atomic_fetch_add(&c->seen_worker[worker], 1);
    atomic_fetch_add(&c->done[i], 1);
}

static void test_for_every_job_once(void **state)
{
    static for_check c;
    const long counts[] = {1, 2, 3, 8, 64};
    const size_t sizes[] = {0, 1, 7, 1000};
    for (size_t t = 0; t < sizeof counts / sizeof counts[0]; t++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            memset(&c, 0, sizeof c);
            c.threads = rc_pool_threads(counts[t], sizes[s]);
            rc_pool_for(sizes[s], c.threads, mark, &c);
            for (size_t i = 0; i < sizes[s]; i++) assert_int_equal(atomic_load(&c.done[i]), 1);
            for (size_t i = sizes[s]; i < 1000; i++) assert_int_equal(atomic_load(&c.done[i]), 0);
            assert_int_equal(atomic_load(&c.bad_worker), 0);
        }
}

typedef struct {
    atomic_int calls;
    atomic_int worker_mask;
} run_check;

static void note(void *arg, unsigned worker)
{
    run_check *c = arg;
    atomic_fetch_add(&c->calls, 1);
    atomic_fetch_or(&c->worker_mask, 1 << worker);
}

static void test_run_numbers_workers_densely(void **state)
{
    for (long threads = 1; threads <= 8; threads++) {
        run_check c = {0, 0};
        rc_pool_run(threads, note, &c);
        assert_int_equal(atomic_load(&c.calls), threads);
        assert_int_equal(atomic_load(&c.worker_mask), (1 << threads) - 1); /* 0..threads-1, each once */
    }
    run_check c = {0, 0};
    rc_pool_run(0, note, &c); /* clamped to one: the caller */
    assert_int_equal(atomic_load(&c.calls), 1);
}

/* Writes n bytes of a pattern to a new temporary file; returns its path (static buffer). */
static const char *temp_file(size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/rc_test_pool_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    for (size_t i = 0; i < n; i++) {
        char ch = (char)('a' + i % 26);
        assert_int_equal(write(fd, &ch, 1), 1);
    }
    close(fd);
    return path;
}

static void test_read_file(void **state)
{
    char *buf = NULL;
    size_t cap = 0;
    const size_t sizes[] = {0, 1, 4095, 4096, 4097, 100000, 10};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        const char *path = temp_file(sizes[s]);
        size_t len = 99;
        int err = 0;
        assert_int_equal(rc_read_file(path, &buf, &cap, &len, &err), RC_OK);
        assert_int_equal(len, sizes[s]);
        for (size_t i = 0; i < len; i++) assert_int_equal(buf[i], 'a' + i % 26);
        assert_true(cap >= 100000 || cap >= len); /* the buffer is kept and reused */
        unlink(path);
    }
    size_t len;
    int err = 0;
    assert_int_equal(rc_read_file("/nonexistent/rc_test", &buf, &cap, &len, &err), RC_EIO);
    assert_int_equal(err, ENOENT);
    assert_int_equal(rc_read_file("/tmp", &buf, &cap, &len, &err), RC_EIO);
    assert_int_equal(err, EISDIR);
    rc_free(buf);

    /* Allocation failure: the buffer stays valid (or NULL) and nothing leaks. */
    const char *path = temp_file(50000);
    long points = 0;
    for (long n = 0;; n++) {
        char *b = NULL;
        size_t c = 0;
        rc_fault_fail_after(n);
        int rc = rc_read_file(path, &b, &c, &len, &err);
        rc_fault_fail_after(-1);
        rc_free(b);
        if (rc == RC_OK) break;
        assert_int_equal(rc, RC_ENOMEM);
        points++;
    }
    assert_true(points >= 1);
    unlink(path);
}

static void test_tokenize_many(void **state)
{
    const char *texts[] = {"The U.S. and Azerbaijan.", "", "Café crème — 30,000 troops.",
                           "\xff\xfe bad bytes", "one", "Mr. Smith met Dr. Who at 10 a.m. today."};
    enum { N = sizeof texts / sizeof texts[0] };
    size_t lens[N];
    unsigned opts[N];
    for (size_t i = 0; i < N; i++) {
        lens[i] = strlen(texts[i]);
        opts[i] = (i % 2 ? RC_OFFSETS_CODEPOINTS : 0) | (i == 4 ? RC_TOKENIZE_UAX29 : 0);
    }
    for (long threads = 0; threads <= 3; threads++) {
        rc_spans out[N];
        int codes[N];
        for (size_t i = 0; i < N; i++) out[i] = (rc_spans)RC_SPANS_INIT;
        assert_int_equal(rc_tokenize_many(N, texts, lens, opts, threads, out, codes), RC_OK);
        for (size_t i = 0; i < N; i++) {
            rc_spans one = RC_SPANS_INIT;
            assert_int_equal(codes[i], rc_tokenize(texts[i], lens[i], opts[i], &one));
            assert_int_equal(out[i].count, one.count);
            for (size_t k = 0; k < one.count; k++) {
                assert_int_equal(out[i].start[k], one.start[k]);
                assert_int_equal(out[i].end[k], one.end[k]);
                assert_int_equal(out[i].kind[k], one.kind[k]);
            }
            rc_spans_free(&one);
            rc_spans_free(&out[i]);
        }
    }
    /* Per-text errors land in codes, not in the return value. */
    unsigned bad[1] = {1u << 20}; /* no such option */
    rc_spans out[1] = {RC_SPANS_INIT};
    int codes[1];
    assert_int_equal(rc_tokenize_many(1, texts, lens, bad, 1, out, codes), RC_OK);
    assert_int_equal(codes[0], RC_EINVAL);
    rc_spans_free(&out[0]);
    assert_int_equal(rc_tokenize_many(1, NULL, lens, opts, 1, out, codes), RC_EINVAL);
    assert_int_equal(rc_tokenize_many(1, texts, lens, opts, -1, out, codes), RC_EINVAL);
    assert_int_equal(rc_tokenize_many(0, NULL, NULL, NULL, 0, NULL, NULL), RC_OK);
}

/* rc_tokenize_texts: UTF-8 and code units agree with rc_tokenize on the UTF-8; a lone surrogate
 * fails its text alone; allocation failure (the per-worker buffers, a conversion, the spans) fails
 * only the text concerned (failures are injected in the calling thread, worker 0). */
static void test_tokenize_texts(void **state)
{
    static const uint16_t u2[] = {'C', 'a', 'f', 0xE9, ' ', 'U', '.', 'S', '.', ' ', 0x2014, ' ', 'o', 'k'};
    static const uint16_t lone[] = {'a', ' ', 0xD800};
    const char *utf8 = "Caf\xc3\xa9 U.S. \xe2\x80\x94 ok";
    enum { N = 4 };
    rc_text texts[N] = {{utf8, strlen(utf8), 0}, {u2, 14, 2}, {lone, 3, 2}, {"x", 1, 0}};
    unsigned opts[N] = {RC_OFFSETS_CODEPOINTS, RC_OFFSETS_CODEPOINTS, 0, 0};
    rc_spans want = RC_SPANS_INIT;
    assert_int_equal(rc_tokenize(utf8, strlen(utf8), RC_OFFSETS_CODEPOINTS, &want), RC_OK);
    for (long threads = 1; threads <= 3; threads++) {
        for (long fail = -1;; fail++) {
            rc_spans out[N];
            int codes[N];
            size_t bad[N] = {0};
            for (size_t i = 0; i < N; i++) out[i] = (rc_spans)RC_SPANS_INIT;
            rc_fault_fail_after(fail);
            assert_int_equal(rc_tokenize_texts(N, texts, opts, threads, out, codes, bad), RC_OK);
            long made = rc_fault_count();
            rc_fault_fail_after(-1);
            if (!(fail >= 0 && codes[2] == RC_ENOMEM)) { /* its buffer came first, or no failure */
                assert_int_equal(codes[2], RC_ESURROGATE);
                assert_int_equal(bad[2], 2);
            }
            for (size_t i = 0; i < 2; i++) {
                if (fail >= 0 && codes[i] == RC_ENOMEM) continue; /* this text's allocation failed */
                assert_int_equal(codes[i], RC_OK);
                assert_int_equal(out[i].count, want.count);
                assert_memory_equal(out[i].start, want.start, want.count * sizeof *want.start);
                assert_memory_equal(out[i].end, want.end, want.count * sizeof *want.end);
            }
            for (size_t i = 0; i < N; i++) rc_spans_free(&out[i]);
            if (fail >= made) break; /* every allocation has been made to fail once */
        }
    }
    rc_spans_free(&want);
    rc_spans out[1] = {RC_SPANS_INIT};
    int codes[1];
    assert_int_equal(rc_tokenize_texts(1, NULL, opts, 1, out, codes, NULL), RC_EINVAL);
    assert_int_equal(rc_tokenize_texts(1, texts, opts, -1, out, codes, NULL), RC_EINVAL);
    assert_int_equal(rc_tokenize_texts(0, NULL, NULL, 0, NULL, NULL, NULL), RC_OK);
}

/* ---- the stream of jobs -------------------------------------------------------------------- */

/* Each slot holds the number of the job pushed into it; a job records that it ran, once, and on
 * which worker. */
typedef struct {
    size_t job[8];
    atomic_int runs[512];
    atomic_int bad_worker;
    long threads;
} stream_check;

static void run_job(void *arg, unsigned worker, size_t slot)
{
    stream_check *c = arg;
    if ((long)worker >= c->threads) atomic_store(&c->bad_worker, 1);
    atomic_fetch_add(&c->runs[c->job[slot]], 1);
}

/* Every job run once, taken back in the order pushed, whatever the threads, the window and the
 * caller's pace (pushing up to the window, or a few at a time). */
static void test_stream_order(void **state)
{
    static stream_check c;
    for (long threads = 1; threads <= 4; threads++)
        for (size_t window = 1; window <= 8; window += 3)
            for (size_t burst = 1; burst <= 3; burst++) {
                memset(&c, 0, sizeof c);
                c.threads = threads;
                rc_pool_stream *s = rc_pool_stream_new(threads, window, run_job, &c);
                assert_non_null(s);
                assert_int_equal(rc_pool_stream_take(s), RC_POOL_FULL); /* nothing pushed */
                size_t pushed = 0, taken = 0;
                while (taken < 512) {
                    for (size_t b = 0; b < burst && pushed < 512; b++) {
                        size_t slot = rc_pool_stream_room(s);
                        if (slot == RC_POOL_FULL) {
                            assert_int_equal(pushed - taken, window);
                            break;
                        }
                        c.job[slot] = pushed++;
                        rc_pool_stream_push(s);
                    }
                    size_t slot = rc_pool_stream_take(s);
                    assert_int_not_equal(slot, RC_POOL_FULL);
                    assert_int_equal(c.job[slot], taken); /* the oldest, done */
                    assert_int_equal(atomic_load(&c.runs[taken]), 1);
                    taken++;
                }
                rc_pool_stream_free(s);
                for (size_t j = 0; j < 512; j++) assert_int_equal(atomic_load(&c.runs[j]), 1);
                assert_int_equal(atomic_load(&c.bad_worker), 0);
            }
}

/* Job 0 cannot finish before job 1 has run: if a worker has job 0, the caller waiting for it must
 * run job 1 itself (else both would wait for ever: bounded here, and failed). */
typedef struct {
    atomic_int started0, done1, timed_out;
} help_check;

static void pause_us(long us)
{
    struct timespec t = {0, us * 1000};
    nanosleep(&t, NULL);
}

static void wait_for_one(void *arg, unsigned worker, size_t slot)
{
    help_check *c = arg;
    if (slot == 1) {
        atomic_store(&c->done1, 1);
        return;
    }
    atomic_store(&c->started0, 1);
    for (int k = 0; k < 10000 && !atomic_load(&c->done1); k++) pause_us(1000);
    if (!atomic_load(&c->done1)) atomic_store(&c->timed_out, 1);
}

static void test_stream_caller_helps(void **state)
{
    for (int round = 0; round < 20; round++) {
        help_check c = {0, 0, 0};
        rc_pool_stream *s = rc_pool_stream_new(2, 2, wait_for_one, &c);
        assert_non_null(s);
        assert_int_equal(rc_pool_stream_room(s), 0);
        rc_pool_stream_push(s);
        while (!atomic_load(&c.started0)) pause_us(100); /* the worker has job 0 */
        assert_int_equal(rc_pool_stream_room(s), 1);
        rc_pool_stream_push(s);
        assert_int_equal(rc_pool_stream_take(s), 0);
        assert_int_equal(rc_pool_stream_take(s), 1);
        assert_int_equal(atomic_load(&c.timed_out), 0);
        rc_pool_stream_free(s);
    }
}

/* Freed with jobs pushed and not taken: the jobs running finish, the others never run, nothing is
 * left behind (the sanitizers and valgrind check the threads and the memory). */
static void slow_job(void *arg, unsigned worker, size_t slot)
{
    pause_us(2000);
    run_job(arg, worker, slot);
}

static void test_stream_freed_early(void **state)
{
    static stream_check c;
    for (long threads = 1; threads <= 3; threads++) {
        memset(&c, 0, sizeof c);
        c.threads = threads;
        rc_pool_stream *s = rc_pool_stream_new(threads, 8, slow_job, &c);
        for (size_t j = 0; j < 8; j++) {
            c.job[rc_pool_stream_room(s)] = j;
            rc_pool_stream_push(s);
        }
        assert_int_equal(rc_pool_stream_room(s), RC_POOL_FULL);
        assert_int_equal(rc_pool_stream_take(s), 0);
        rc_pool_stream_free(s);
        int ran = 0;
        for (size_t j = 0; j < 8; j++) {
            assert_true(atomic_load(&c.runs[j]) <= 1);
            ran += atomic_load(&c.runs[j]);
        }
        assert_true(ran >= 1 && (threads > 1 || ran == 1)); /* one thread: only what was taken */
    }
    rc_pool_stream_free(rc_pool_stream_new(4, 3, run_job, &c)); /* never used */
    rc_pool_stream_free(NULL);
    /* Clamped arguments: no window is one slot, no thread is the caller alone. */
    memset(&c, 0, sizeof c);
    c.threads = 1;
    rc_pool_stream *s = rc_pool_stream_new(0, 0, run_job, &c);
    assert_int_equal(rc_pool_stream_room(s), 0);
    rc_pool_stream_push(s);
    assert_int_equal(rc_pool_stream_room(s), RC_POOL_FULL);
    assert_int_equal(rc_pool_stream_take(s), 0);
    rc_pool_stream_free(s);
    assert_int_equal(atomic_load(&c.runs[0]), 1);
}

static void test_stream_allocation_failure(void **state)
{
    static stream_check c;
    for (long fail = 0; fail < 2; fail++) { /* the stream, then its slots' flags */
        rc_fault_fail_after(fail);
        rc_pool_stream *s = rc_pool_stream_new(2, 4, run_job, &c);
        rc_fault_fail_after(-1);
        assert_null(s);
    }
    rc_fault_fail_after(2);
    rc_pool_stream *s = rc_pool_stream_new(2, 4, run_job, &c);
    rc_fault_fail_after(-1);
    assert_non_null(s);
    rc_pool_stream_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_for_every_job_once),
        cmocka_unit_test(test_run_numbers_workers_densely),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_tokenize_many),
        cmocka_unit_test(test_tokenize_texts),
        cmocka_unit_test(test_stream_order),
        cmocka_unit_test(test_stream_caller_helps),
        cmocka_unit_test(test_stream_freed_early),
        cmocka_unit_test(test_stream_allocation_failure),
    };
    return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
