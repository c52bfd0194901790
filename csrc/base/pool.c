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

/* ---- texts ------------------------------------------------------------------------------------ */

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
    threads = rc_pool_threads(threads, n);
    rc_utf8_buffer one = RC_UTF8_BUFFER_INIT;
    rc_utf8_buffer *buffers = threads > 1 ? rc_malloc((size_t)threads * sizeof *buffers) : NULL;
    if (!buffers) { /* no room for one buffer per worker: one worker, with this one */
        threads = 1;
        buffers = &one;
    }
    for (long k = 0; k < threads; k++) buffers[k] = (rc_utf8_buffer)RC_UTF8_BUFFER_INIT;
    texts_state st = {texts, fn, arg, buffers};
    rc_pool_for(n, threads, text_job, &st);
    for (long k = 0; k < threads; k++) rc_utf8_buffer_free(&buffers[k]);
    if (buffers != &one) rc_free(buffers);
}

/* ---- a stream of jobs ------------------------------------------------------------------------ */

/* Jobs are numbered in the order pushed; job j lives in slot j % window. taken <= started <=
 * pushed, pushed - taken <= window; all under `lock`. */
struct rc_pool_stream {
    rc_stream_job fn;
    void *arg;
    size_t window;
    size_t pushed, started, taken;
    unsigned char *done; /* per slot: its job has been run */
    int stop;
    unsigned numbered;   /* worker numbers given out to the started threads */
    pthread_mutex_t lock;
    pthread_cond_t work;     /* workers: a job was pushed, or stop */
    pthread_cond_t finished; /* the caller: a job is done */
    long threads;            /* started */
    pthread_t tid[RC_MAX_THREADS];
};

/* Runs the next job not started, as `worker`; called and returns with the lock held. */
static void run_next(rc_pool_stream *s, unsigned worker)
{
    size_t slot = s->started++ % s->window;
    pthread_mutex_unlock(&s->lock);
    s->fn(s->arg, worker, slot);
    pthread_mutex_lock(&s->lock);
    s->done[slot] = 1;
    pthread_cond_signal(&s->finished);
}

static void *stream_thread(void *p)
{
    rc_pool_stream *s = p;
    pthread_mutex_lock(&s->lock);
    unsigned worker = ++s->numbered;
    while (!s->stop) {
        if (s->started < s->pushed) run_next(s, worker);
        else pthread_cond_wait(&s->work, &s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

rc_pool_stream *rc_pool_stream_new(long threads, size_t window, rc_stream_job fn, void *arg)
{
    if (threads < 1) threads = 1;
    if (threads > RC_MAX_THREADS) threads = RC_MAX_THREADS;
    if (window < 1) window = 1;
    rc_pool_stream *s = rc_malloc(sizeof *s);
    unsigned char *done = s ? rc_malloc(window) : NULL;
    if (!done) {
        rc_free(s);
        return NULL;
    }
    *s = (rc_pool_stream){.fn = fn, .arg = arg, .window = window, .done = done};
    if (pthread_mutex_init(&s->lock, NULL)) goto no_lock;
    if (pthread_cond_init(&s->work, NULL)) goto no_work;
    if (pthread_cond_init(&s->finished, NULL)) goto no_finished;
    while (s->threads < threads - 1 && pthread_create(&s->tid[s->threads], NULL, stream_thread, s) == 0)
        s->threads++;
    return s;
no_finished:
    pthread_cond_destroy(&s->work);
no_work:
    pthread_mutex_destroy(&s->lock);
no_lock:
    rc_free(done);
    rc_free(s);
    return NULL;
}

size_t rc_pool_stream_room(const rc_pool_stream *s)
{
    /* pushed and taken change only on this thread: no lock needed to read them here */
    return s->pushed - s->taken < s->window ? s->pushed % s->window : RC_POOL_FULL;
}

void rc_pool_stream_push(rc_pool_stream *s)
{
    pthread_mutex_lock(&s->lock);
    s->done[s->pushed++ % s->window] = 0;
    pthread_cond_signal(&s->work);
    pthread_mutex_unlock(&s->lock);
}

size_t rc_pool_stream_take(rc_pool_stream *s)
{
    if (s->taken == s->pushed) return RC_POOL_FULL;
    size_t slot = s->taken % s->window;
    pthread_mutex_lock(&s->lock);
    while (!s->done[slot]) {
        if (s->started < s->pushed) run_next(s, 0); /* the oldest itself, or a later one meanwhile */
        else pthread_cond_wait(&s->finished, &s->lock);
    }
    s->taken++;
    pthread_mutex_unlock(&s->lock);
    return slot;
}

void rc_pool_stream_free(rc_pool_stream *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    s->stop = 1;
    pthread_cond_broadcast(&s->work);
    pthread_mutex_unlock(&s->lock);
    for (long k = 0; k < s->threads; k++) pthread_join(s->tid[k], NULL);
    pthread_cond_destroy(&s->finished);
    pthread_cond_destroy(&s->work);
    pthread_mutex_destroy(&s->lock);
    rc_free(s->done);
    rc_free(s);
}
