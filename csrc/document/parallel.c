/* parallel.c — rc_parallel_for: a fixed set of pthreads taking task indices from one atomic
 * counter. The calling thread works too, so one thread means no thread is started at all.
 *
 * Why a counter and not fixed shares: documents differ in length by orders of magnitude, and a
 * thread that got the long ones would finish last while the others idle. */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "relcore.h"

#define MAX_THREADS 256

typedef struct {
    void (*task)(void *arg, size_t i, unsigned worker);
    void *arg;
    size_t n;
    atomic_size_t next;
} pool;

typedef struct {
    pool *p;
    unsigned worker;
} seat;

static void run(pool *p, unsigned worker)
{
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed);
        if (i >= p->n) return;
        p->task(p->arg, i, worker);
    }
}

static void *thread_main(void *arg)
{
    seat *s = arg;
    run(s->p, s->worker);
    return NULL;
}

int rc_parallel_for(size_t n, unsigned threads, void (*task)(void *arg, size_t i, unsigned worker),
                    void *arg)
{
    if (!task) return RC_EINVAL;
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (unsigned)cpus : 1;
    }
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    if (threads > n) threads = n ? (unsigned)n : 1;
    pool p = {task, arg, n, 0};
    pthread_t tid[MAX_THREADS];
    seat seats[MAX_THREADS];
    unsigned started = 0;
    for (unsigned k = 1; k < threads; k++) {
        seats[started] = (seat){&p, started + 1};
        if (pthread_create(&tid[started], NULL, thread_main, &seats[started]) != 0) break;
        started++;
    }
    run(&p, 0);
    for (unsigned k = 0; k < started; k++) pthread_join(tid[k], NULL);
    return (int)started + 1;
}
