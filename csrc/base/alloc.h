/* alloc.h — the one allocation hook of the C core.
 *
 * Every allocation in csrc/ goes through rc_malloc/rc_realloc/rc_free so that tests can make the
 * n-th allocation fail and check that every error path returns RC_ENOMEM cleanly and leaks
 * nothing. The hook exists only in builds with RC_FAULT_INJECTION defined (the C test build);
 * ordinary builds call the C library directly and carry no global state. */
#ifndef RC_ALLOC_H
#define RC_ALLOC_H

#include <stddef.h>
#include <stdlib.h>

#ifdef RC_FAULT_INJECTION
void *rc_malloc(size_t n);
void *rc_realloc(void *p, size_t n);
void rc_free(void *p);
/* Test control: after `n` more successful allocations, every allocation fails (n < 0: never).
 * Thread-local, so tests running in parallel threads do not interfere. */
void rc_fault_fail_after(long n);
/* Number of allocations made since the last rc_fault_fail_after call. */
long rc_fault_count(void);
#else
#define rc_malloc(n) malloc(n)
#define rc_realloc(p, n) realloc((p), (n))
#define rc_free(p) free(p)
#endif

/* Grows an array to hold at least `need` elements of `size` bytes, at least doubling, with
 * overflow checks. Returns 0 or RC_ENOMEM/RC_ETOOBIG; on failure *arr is unchanged. */
int rc_grow(void **arr, size_t *cap, size_t need, size_t size);

/* Grows n parallel arrays (*arrays[i], elements of sizes[i] bytes) to hold at least `need`
 * elements each: the new capacity doubles from *cap (from `first` when *cap is 0) until it is
 * enough, with overflow checks. The arrays are reallocated one by one and *cap is set only when
 * all have grown, so after a failure every array still holds at least *cap elements: the owner
 * stays valid to use and to free. Returns 0 or RC_ENOMEM/RC_ETOOBIG. */
int rc_grow_parallel_slow(size_t *cap, size_t need, size_t first, size_t n, void **const arrays[],
                          const size_t sizes[]);

/* The common case (room already there) inline: callers reserve once per token or match, and the
 * call into another file would cost more than the test. */
static inline int rc_grow_parallel(size_t *cap, size_t need, size_t first, size_t n,
                                   void **const arrays[], const size_t sizes[])
{
    return need <= *cap ? 0 : rc_grow_parallel_slow(cap, need, first, n, arrays, sizes);
}

#endif
