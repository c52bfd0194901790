/* analysis_bin.c — rc_analysis_bin: analyses, with their pairs, that their reader has finished
 * with, kept for the next rc_analysis_stream_get (why: relcore.h). A bounded stack under a mutex:
 * readers may release on any thread. */
#include <pthread.h>

#include "base/alloc.h"
#include "relcore.h"

struct rc_analysis_bin {
    pthread_mutex_t lock;
    size_t count, capacity;
    rc_analysis *a;
    rc_analysis_pairs *p;
};

rc_analysis_bin *rc_analysis_bin_new(size_t capacity)
{
    rc_analysis_bin *b = rc_malloc(sizeof *b);
    if (!b) return NULL;
    *b = (rc_analysis_bin){.capacity = capacity};
    int ok = capacity && (b->a = rc_malloc(capacity * sizeof *b->a)) && (b->p = rc_malloc(capacity * sizeof *b->p));
    if (!ok || pthread_mutex_init(&b->lock, NULL)) {
        rc_free(b->a);
        rc_free(b->p);
        rc_free(b);
        return NULL;
    }
    return b;
}

void rc_analysis_bin_free(rc_analysis_bin *b)
{
    if (!b) return;
    for (size_t k = 0; k < b->count; k++) {
        rc_analysis_free(&b->a[k]);
        rc_analysis_pairs_free(&b->p[k]);
    }
    pthread_mutex_destroy(&b->lock);
    rc_free(b->a);
    rc_free(b->p);
    rc_free(b);
}

void rc_analysis_bin_put(rc_analysis_bin *b, rc_analysis *a, rc_analysis_pairs *p)
{
    if (!a || !p) return;
    int kept = 0;
    if (b) {
        pthread_mutex_lock(&b->lock);
        if (b->count < b->capacity) {
            b->a[b->count] = *a;
            b->p[b->count] = *p;
            b->count++;
            kept = 1;
        }
        pthread_mutex_unlock(&b->lock);
    }
    if (!kept) {
        rc_analysis_free(a);
        rc_analysis_pairs_free(p);
    }
    *a = (rc_analysis)RC_ANALYSIS_INIT;
    *p = (rc_analysis_pairs)RC_ANALYSIS_PAIRS_INIT;
}

int rc_analysis_bin_take(rc_analysis_bin *b, rc_analysis *a, rc_analysis_pairs *p)
{
    if (!b || !a || !p) return 0;
    int got = 0;
    pthread_mutex_lock(&b->lock);
    if (b->count) {
        b->count--;
        *a = b->a[b->count];
        *p = b->p[b->count];
        got = 1;
    }
    pthread_mutex_unlock(&b->lock);
    return got;
}

size_t rc_analysis_bin_count(const rc_analysis_bin *b)
{
    if (!b) return 0;
    pthread_mutex_lock((pthread_mutex_t *)&b->lock);
    size_t n = b->count;
    pthread_mutex_unlock((pthread_mutex_t *)&b->lock);
    return n;
}
