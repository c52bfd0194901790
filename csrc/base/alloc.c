/* alloc.c — allocation hook (see alloc.h) and the array-growing helper used by every stage. */
#include "base/alloc.h"

#include <stdint.h>

#include "relcore.h"

#ifdef RC_FAULT_INJECTION
static _Thread_local long fail_after = -1;
static _Thread_local long alloc_count = 0;

static int should_fail(void)
{
    alloc_count++;
    if (fail_after < 0) return 0;
    if (fail_after == 0) return 1;
    fail_after--;
    return 0;
}

void *rc_malloc(size_t n) { return should_fail() ? NULL : malloc(n); }
void *rc_realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n); }
void rc_free(void *p) { free(p); }
void rc_fault_fail_after(long n)
{
    fail_after = n;
    alloc_count = 0;
}
long rc_fault_count(void) { return alloc_count; }
#endif

int rc_grow_parallel_slow(size_t *cap, size_t need, size_t first, size_t n, void **const arrays[],
                          const size_t sizes[])
{
    if (need <= *cap) return RC_OK;
    size_t widest = 1;
    for (size_t i = 0; i < n; i++)
        if (sizes[i] > widest) widest = sizes[i];
    size_t ncap = *cap ? *cap : first ? first : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) return RC_ETOOBIG;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / widest) return RC_ETOOBIG;
    for (size_t i = 0; i < n; i++) {
        void *p = rc_realloc(*arrays[i], ncap * sizes[i]);
        if (!p) return RC_ENOMEM;
        *arrays[i] = p;
    }
    *cap = ncap;
    return RC_OK;
}

int rc_grow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return RC_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) return RC_ETOOBIG;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size) return RC_ETOOBIG;
    void *p = rc_realloc(*arr, ncap * size);
    if (!p) return RC_ENOMEM;
    *arr = p;
    *cap = ncap;
    return RC_OK;
}
