/* pool.c — the worker pool (see pool.h). */
#include "base/pool.h"
#include "base/alloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

long rc_pool_threads(long requested, size_t jobs)
{
    long threads = requested;
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? cpus : 1;
    }
    if (threads < 1) threads = 1;
    if (threads > RC_MAX_THREADS) threads = RC_MAX_THREADS;
    if ((size_t)threads > jobs) threads = jobs ? (long)jobs : 1;
    return threads;
}

typedef struct {
    void (*fn)(void *arg, unsigned worker);
    void *arg;
    atomic_uint next_worker;
} run_state;

static void *run_thread(void *p)
{
    run_state *st = p;
    st->fn(st->arg, atomic_fetch_add(&st->next_worker, 1));
    return NULL;
}

void rc_pool_run(long threads, void (*fn)(void *arg, unsigned worker), void *arg)
{
    if (threads < 1) threads = 1;
    if (threads > RC_MAX_THREADS) threads = RC_MAX_THREADS;
    /* Worker numbers come from a counter, not from the loop index, so that they stay dense when
     * a thread cannot be started. The caller takes 0 before any thread starts. */
    run_state st = {fn, arg, 1};
    pthread_t tid[RC_MAX_THREADS];
    long started = 0;
    for (long k = 1; k < threads; k++) {
        if (pthread_create(&tid[started], NULL, run_thread, &st) != 0) break;
        started++;
    }
    fn(arg, 0);
    for (long k = 0; k < started; k++) pthread_join(tid[k], NULL);
}

typedef struct {
    void (*fn)(void *arg, unsigned worker, size_t i);
    void *arg;
    size_t n;
    atomic_size_t next;
} for_state;

static void for_worker(void *p, unsigned worker)
{
    for_state *st = p;
    for (;;) {
        size_t i = atomic_fetch_add(&st->next, 1);
        if (i >= st->n) break;
        st->fn(st->arg, worker, i);
    }
}

void rc_pool_for(size_t n, long threads, void (*fn)(void *arg, unsigned worker, size_t i), void *arg)
{
    for_state st = {fn, arg, n, 0};
    rc_pool_run(threads, for_worker, &st);
}

typedef struct {
    const rc_text *texts;
    rc_text_job fn;
    void *arg;
    rc_utf8_buffer *buffers; /* one per worker */
} texts_state;

static void text_job(void *p, unsigned worker, size_t i)
{
    const texts_state *st = p;
    const char *data = NULL;
    size_t len = 0, bad = 0;
    int rc = rc_text_utf8(&st->texts[i], &st->buffers[worker], &data, &len, &bad);
    st->fn(st->arg, i, data, len, rc, bad);
}

void rc_pool_for_texts(size_t n, const rc_text *texts, long threads, rc_text_job fn, void *arg)
{
    long workers = rc_pool_threads(threads, n);
    rc_utf8_buffer one = RC_UTF8_BUFFER_INIT, *buffers = &one;
    if (workers > 1 && !(buffers = rc_malloc((size_t)workers * sizeof *buffers))) {
        buffers = &one; /* no room for per-thread buffers: one thread needs only one */
        workers = 1;
    }
    for (long k = 0; k < workers; k++) buffers[k] = (rc_utf8_buffer)RC_UTF8_BUFFER_INIT;
    texts_state st = {texts, fn, arg, buffers};
    rc_pool_for(n, workers, text_job, &st);
    for (long k = 0; k < workers; k++) rc_utf8_buffer_free(&buffers[k]);
    if (buffers != &one) rc_free(buffers);
}
