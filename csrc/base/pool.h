/* pool.h — the worker pool of the C core: run a function on several threads, or over a range of
 * jobs taken in order by several threads, or over a stream of jobs pushed one by one.
 *
 * Why here and not in the binding: every batch driver (co-mention counting, tokenize_many, the
 * one-pass analysis of many texts) needs the same thing, and the core must be usable without
 * Python. Threads are plain pthreads started per call or per stream (starting a thread costs
 * microseconds; a batch costs milliseconds), the calling thread is always one of the workers, and
 * a thread that cannot be started leaves its share to the others — a pool never fails for want of
 * threads, it only runs narrower.
 *
 * Workers are numbered 0..threads-1 so that callers can keep per-worker state (scratch memory,
 * partial tables) in an array and merge it after the run, without locks. */
#ifndef RC_POOL_H
#define RC_POOL_H

#include <stddef.h>

#include "relcore.h" /* RC_MAX_THREADS: the most threads one run starts */

/* The number of workers to use for `jobs` jobs when the caller asked for `requested`:
 * 0 means one per online CPU; the result is at most RC_MAX_THREADS and at most `jobs`
 * (at least 1). `requested` < 0 is the caller's error to report; here it counts as 1. */
long rc_pool_threads(long requested, size_t jobs);

/* Runs fn(arg, worker) on `threads` threads (clamped to 1..RC_MAX_THREADS), the calling
 * thread being worker 0, and returns when all have returned. Workers that cannot be started are
 * skipped: fn must not count on every worker number running. */
void rc_pool_run(long threads, void (*fn)(void *arg, unsigned worker), void *arg);

/* Calls fn(arg, worker, i) once for every i in [0, n), on `threads` threads that take the next i
 * from a shared atomic counter (so a long job does not hold up the others' shares). Returns when
 * every i has been done. fn must be thread-safe for distinct i and distinct workers. */
void rc_pool_for(size_t n, long threads, void (*fn)(void *arg, unsigned worker, size_t i), void *arg);

/* rc_pool_for over texts[0..n), each handed to fn as UTF-8: fn(arg, i, data, len, rc, bad), where
 * rc is rc_text_utf8's code (data is then not to be read) and bad a lone surrogate's unit index.
 * Code units are converted on the worker, in parallel with the other work, into a buffer of the
 * worker's own kept for its next text. If the per-worker buffers cannot be allocated, the run
 * takes one thread. */
typedef void (*rc_text_job)(void *arg, size_t i, const char *data, size_t len, int rc, size_t bad);
void rc_pool_for_texts(size_t n, const rc_text *texts, long threads, rc_text_job fn, void *arg);

/* An ordered stream of jobs over a window of `window` slots: the caller pushes jobs one by one
 * (rc_pool_stream_room gives the slot to fill, rc_pool_stream_push hands it over) and takes them
 * back in the order pushed (rc_pool_stream_take), while workers started once run fn(arg, worker,
 * slot) on them, oldest first. Why: a caller that wraps results one by one (a Python generator)
 * and batches the work instead waits at every batch's end for its slowest job, and starts and
 * joins threads per batch; here the workers keep at most `window` jobs ahead of the caller,
 * whatever the length of the input, and the caller's own work overlaps theirs.
 *
 * The calling thread is worker 0 and the one thread that may push, take and free: waiting in
 * rc_pool_stream_take, it runs the oldest job itself if no worker has started it, and runs later
 * jobs while a worker finishes the oldest, so no thread idles while there is work. Workers
 * 1..threads-1 are threads of the stream's own; one that cannot be started leaves its share to
 * the others. A slot's data belongs to the caller from the take that returns it to the next
 * push, and to the workers in between. */
typedef struct rc_pool_stream rc_pool_stream;
typedef void (*rc_stream_job)(void *arg, unsigned worker, size_t slot);

/* A stream of `threads` workers (clamped to 1..RC_MAX_THREADS, the caller being one) over
 * `window` slots (at least 1). NULL when its memory or its lock cannot be had. */
rc_pool_stream *rc_pool_stream_new(long threads, size_t window, rc_stream_job fn, void *arg);

/* The slot of the next job to push: RC_POOL_FULL when `window` jobs are pushed and not taken. */
#define RC_POOL_FULL ((size_t)-1)
size_t rc_pool_stream_room(const rc_pool_stream *s);

/* Hands the job in the slot rc_pool_stream_room gave to the workers (there must be room). */
void rc_pool_stream_push(rc_pool_stream *s);

/* The slot of the oldest job pushed and not yet taken, once it is done; RC_POOL_FULL when there is
 * none. Waits for it, running jobs meanwhile as said above. */
size_t rc_pool_stream_take(rc_pool_stream *s);

/* Stops the workers — a job running is finished, one not started is never run — waits for them
 * and frees the stream (NULL: nothing). */
void rc_pool_stream_free(rc_pool_stream *s);

#endif
