/* pool.c — the worker pool (see pool.h). */
#include "base/pool.h"

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
