/* pool.h — the worker pool of the C core: run a function on several threads, or over a range of
 * jobs taken in order by several threads.
 *
 * Why here and not in the binding: every batch driver (co-mention counting, tokenize_many, the
 * one-pass analysis of many texts) needs the same thing, and the core must be usable without
 * Python. Threads are plain pthreads started per call (starting a thread costs microseconds; a
 * batch costs milliseconds), the calling thread is always one of the workers, and a thread that
 * cannot be started leaves its share to the others — a pool never fails, it only runs narrower.
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

/* rc_pool_for_texts in the background: starts `threads` new threads (at most n; 0 is fine) on the
 * texts and returns at once, so the caller can do other work meanwhile; rc_pool_finish then takes
 * what no thread has taken yet on the calling thread, waits for the threads and releases the
 * job. Between the two, texts, fn and arg must stay valid and the results are not to be read.
 * Returns NULL when the job's memory cannot be had: the texts were then all done before the
 * return, on the calling thread (rc_pool_finish(NULL) does nothing). */
typedef struct rc_pool_job rc_pool_job;
rc_pool_job *rc_pool_for_texts_start(size_t n, const rc_text *texts, long threads, rc_text_job fn, void *arg);
void rc_pool_finish(rc_pool_job *job);

#endif
