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

/* Starts up to `threads` threads running st (worker numbers from st->next_worker on, taken from
 * a counter, not from the loop index, so that they stay dense when a thread cannot be started).
 * Returns how many started. */
static long start_threads(run_state *st, long threads, pthread_t *tid)
{
    long started = 0;
    while (started < threads && pthread_create(&tid[started], NULL, run_thread, st) == 0) started++;
    return started;
}

void rc_pool_run(long threads, void (*fn)(void *arg, unsigned worker), void *arg)
{
    if (threads < 1) threads = 1;
    if (threads > RC_MAX_THREADS) threads = RC_MAX_THREADS;
    run_state st = {fn, arg, 1}; /* the caller is worker 0 */
    pthread_t tid[RC_MAX_THREADS];
    long started = start_threads(&st, threads - 1, tid);
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

/* ---- texts, at once or in the background ------------------------------------------------------ */

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

/* A run over texts: its state lives here, not on a stack, so that it can outlast the call that
 * started it. Worker 0 is whoever finishes it; the started threads are 1 and up. */
struct rc_pool_job {
    texts_state texts;
    for_state jobs;
    run_state run;
    long workers; /* buffers: started threads + 1 */
    long started;
    pthread_t tid[RC_MAX_THREADS];
};

rc_pool_job *rc_pool_for_texts_start(size_t n, const rc_text *texts, long threads, rc_text_job fn, void *arg)
{
    if (threads < 0) threads = 0;
    if (threads > RC_MAX_THREADS - 1) threads = RC_MAX_THREADS - 1;
    if ((size_t)threads > n) threads = (long)n;
    rc_pool_job *job = rc_malloc(sizeof *job);
    rc_utf8_buffer *buffers = job ? rc_malloc((size_t)(threads + 1) * sizeof *buffers) : NULL;
    if (!buffers) {
        /* No room for the run's state: it runs now, on the calling thread, with one buffer. */
        rc_free(job);
        rc_utf8_buffer one = RC_UTF8_BUFFER_INIT;
        texts_state st = {texts, fn, arg, &one};
        for (size_t i = 0; i < n; i++) text_job(&st, 0, i);
        rc_utf8_buffer_free(&one);
        return NULL;
    }
    for (long k = 0; k <= threads; k++) buffers[k] = (rc_utf8_buffer)RC_UTF8_BUFFER_INIT;
    job->texts = (texts_state){texts, fn, arg, buffers};
    job->jobs = (for_state){text_job, &job->texts, n, 0};
    job->run = (run_state){for_worker, &job->jobs, 1};
    job->workers = threads + 1;
    job->started = start_threads(&job->run, threads, job->tid);
    return job;
}

void rc_pool_finish(rc_pool_job *job)
{
    if (!job) return;
    for_worker(&job->jobs, 0); /* what no started thread has taken yet */
    for (long k = 0; k < job->started; k++) pthread_join(job->tid[k], NULL);
    for (long k = 0; k < job->workers; k++) rc_utf8_buffer_free(&job->texts.buffers[k]);
    rc_free(job->texts.buffers);
    rc_free(job);
}

void rc_pool_for_texts(size_t n, const rc_text *texts, long threads, rc_text_job fn, void *arg)
{
    rc_pool_finish(rc_pool_for_texts_start(n, texts, rc_pool_threads(threads, n) - 1, fn, arg));
}
