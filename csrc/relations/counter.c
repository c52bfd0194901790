/* counter.c — rc_counter: co-mention totals over many documents, counted on the worker pool
 * (base/pool.h), from texts in memory, from files read by the workers, or from a stream of paths.
 *
 * Each worker keeps its scratch memory, its file buffer and its partial table between calls: the
 * end of a batch costs no merging and no reallocation (barriers between chunks were measurably
 * expensive). The partial tables are summed into the total only when the totals are read. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/file.h"
#include "base/pool.h"
#include "base/transcode.h"
#include "relcore.h"

typedef struct {
    rc_cooccur_scratch scratch;
    rc_pair_counts doc;   /* the current document's pairs (when not kept per document) */
    rc_pair_counts part;  /* this worker's partial total */
    char *buf;            /* file contents */
    size_t buf_cap;
    rc_utf8_buffer utf8;  /* the UTF-8 of the code units being counted */
    uint64_t documents, bytes; /* of the current call */
} worker;

struct rc_counter {
    const rc_gazetteer *g;
    rc_entities ents;
    rc_window window;
    rc_pair_counts total;  /* sums of the workers' partial tables, as of the last rc_counter_totals */
    worker *workers;       /* n_workers of them, grown to the most threads a call used */
    long n_workers;
    uint64_t documents, bytes;
    int broken;
};

int rc_counter_new(const rc_gazetteer *g, rc_window window, rc_counter **out)
{
    if (!out) return RC_EINVAL;
    *out = NULL;
    if (!g || (window.kind != RC_WINDOW_SENTENCE && window.kind != RC_WINDOW_DOCUMENT &&
               window.kind != RC_WINDOW_TOKENS) ||
        (window.kind == RC_WINDOW_TOKENS && window.tokens == 0))
        return RC_EINVAL;
    rc_counter *c = rc_malloc(sizeof *c);
    if (!c) return RC_ENOMEM;
    memset(c, 0, sizeof *c);
    rc_entities ents = RC_ENTITIES_INIT;
    rc_pair_counts empty = RC_PAIR_COUNTS_INIT;
    c->ents = ents;
    c->total = empty;
    int rc = rc_entities_init(g, &c->ents);
    if (rc) {
        rc_free(c);
        return rc;
    }
    c->g = g;
    c->window = window;
    *out = c;
    return RC_OK;
}

void rc_counter_free(rc_counter *c)
{
    if (!c) return;
    for (long k = 0; k < c->n_workers; k++) {
        rc_cooccur_scratch_free(&c->workers[k].scratch);
        rc_pair_counts_free(&c->workers[k].doc);
        rc_pair_counts_free(&c->workers[k].part);
        rc_free(c->workers[k].buf);
        rc_utf8_buffer_free(&c->workers[k].utf8);
    }
    rc_free(c->workers);
    rc_pair_counts_free(&c->total);
    rc_entities_free(&c->ents);
    rc_free(c);
}

rc_window rc_counter_window(const rc_counter *c)
{
    rc_window none = {RC_WINDOW_SENTENCE, 0};
    return c ? c->window : none;
}

const rc_entities *rc_counter_entities(const rc_counter *c) { return c ? &c->ents : NULL; }

void rc_counter_stats(const rc_counter *c, uint64_t *documents, uint64_t *bytes)
{
    if (documents) *documents = c ? c->documents : 0;
    if (bytes) *bytes = c ? c->bytes : 0;
}

int rc_counter_broken(const rc_counter *c) { return c ? c->broken : 0; }

void rc_document_result_free(rc_document_result *r)
{
    if (!r) return;
    rc_pair_counts_free(&r->pairs);
    rc_document_result empty = RC_DOCUMENT_RESULT_INIT;
    *r = empty;
}

void rc_file_failures_free(rc_file_failures *f)
{
    if (!f) return;
    rc_free(f->items);
    rc_file_failures empty = RC_FILE_FAILURES_INIT;
    *f = empty;
}

/* Makes room for `threads` workers (new ones zeroed: every member's INIT is all zero) and resets
 * the per-call statistics of the first `threads`. */
static int reserve_workers(rc_counter *c, long threads)
{
    if (threads > c->n_workers) {
        worker *w = rc_realloc(c->workers, (size_t)threads * sizeof *w);
        if (!w) return RC_ENOMEM;
        memset(w + c->n_workers, 0, (size_t)(threads - c->n_workers) * sizeof *w);
        c->workers = w;
        c->n_workers = threads;
    }
    for (long k = 0; k < threads; k++) c->workers[k].documents = c->workers[k].bytes = 0;
    return RC_OK;
}

/* Adds the per-call statistics of the first `threads` workers to the counter's. */
static void add_stats(rc_counter *c, long threads)
{
    for (long k = 0; k < threads; k++) {
        c->documents += c->workers[k].documents;
        c->bytes += c->workers[k].bytes;
    }
}

/* Counts one document on worker w into w's partial table (and into r->pairs, sorted, when
 * per_doc); code units are converted into w's buffer first (checked already by the caller).
 * Sets r->rc: RC_OK, RC_EUTF8, RC_EIO, or a fatal code. */
static void count_one(const rc_counter *c, worker *w, const rc_document *d, int per_doc,
                      rc_document_result *r)
{
    const char *text = d->text;
    size_t len = d->len;
    int validate = d->validate;
    if (d->width) {
        rc_text t = {d->text, d->len, d->width};
        r->rc = rc_text_utf8(&t, &w->utf8, &text, &len, &r->bad_offset);
        if (r->rc) return;
    } else if (!text) {
        r->rc = rc_read_file(d->path, &w->buf, &w->buf_cap, &len, &r->err);
        if (r->rc) return;
        text = w->buf;
        validate = 1;
    }
    r->bytes = len;
    if (validate && rc_utf8_validate(text, len, &r->bad_offset)) {
        r->rc = RC_EUTF8;
        return;
    }
    rc_pair_counts *doc = per_doc ? &r->pairs : &w->doc;
    r->rc = rc_cooccur(c->g, &c->ents, text, len, c->window, &w->scratch, doc);
    if (!r->rc) r->rc = rc_pair_counts_merge(&w->part, doc);
    if (!r->rc && per_doc) r->rc = rc_pair_counts_sort(doc);
    if (!r->rc) {
        w->documents++;
        w->bytes += len;
    }
}

/* Whether a document's code stops the whole call (the others are reported per document). */
static int fatal_code(int rc) { return rc && rc != RC_EUTF8 && rc != RC_EIO; }

typedef struct {
    const rc_counter *c;
    const rc_document *docs;
    rc_document_result *results;
    int per_doc;
} feed_state;

static void feed_one(void *arg, unsigned worker, size_t i)
{
    feed_state *st = arg;
    count_one(st->c, &st->c->workers[worker], &st->docs[i], st->per_doc, &st->results[i]);
}

/* ---- code units: all checked before anything is counted ------------------------------------
 *
 * A batch whose code units cannot all be converted is refused with nothing counted, as if the
 * caller had converted it first. Checking reads the units only, on the pool; each document is then
 * converted by the worker that counts it, into that worker's buffer, just before counting it: no
 * converted copy of the batch is held, and the counting reads UTF-8 that is still in cache. */

typedef struct {
    const rc_document *docs;
    rc_document_result *results;
} check_state;

static void check_one(void *arg, unsigned worker, size_t i)
{
    (void)worker;
    const check_state *st = arg;
    const rc_document *d = &st->docs[i];
    if (d->width) st->results[i].rc = rc_units_check(d->text, d->width, d->len, &st->results[i].bad_offset);
}

/* RC_OK if every document's units convert, else the first refused one's code (its result says
 * where). */
static int check_units(const rc_document *docs, size_t n, long threads, rc_document_result *results)
{
    check_state st = {docs, results};
    rc_pool_for(n, threads, check_one, &st);
    for (size_t i = 0; i < n; i++)
        if (results[i].rc) return results[i].rc;
    return RC_OK;
}

static int has_units(const rc_document *docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (docs[i].width) return 1;
    return 0;
}

int rc_counter_feed(rc_counter *c, const rc_document *docs, size_t n, long threads, unsigned flags,
                    rc_document_result *results)
{
    if (!c || (n && (!docs || !results)) || threads < 0 || (flags & ~RC_COUNT_PER_DOC) || c->broken)
        return RC_EINVAL;
    for (size_t i = 0; i < n; i++) {
        const rc_document *d = &docs[i];
        if ((!d->text && !d->path) || (!d->text && d->len)) return RC_EINVAL;
        if (d->width != 0 && d->width != 1 && d->width != 2 && d->width != 4) return RC_EINVAL;
    }
    long nthreads = rc_pool_threads(threads, n);
    int rc = reserve_workers(c, nthreads);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) rc_document_result_free(&results[i]);
    if (has_units(docs, n) && (rc = check_units(docs, n, nthreads, results))) return rc; /* nothing counted */
    feed_state st = {c, docs, results, (flags & RC_COUNT_PER_DOC) != 0};
    rc_pool_for(n, nthreads, feed_one, &st);
    for (size_t i = 0; i < n; i++)
        if (fatal_code(results[i].rc)) {
            /* Documents before the failure are in the partial tables already: the totals are no
             * longer those of whole calls. */
            c->broken = 1;
            return results[i].rc;
        }
    add_stats(c, nthreads);
    return RC_OK;
}

/* ---- streaming paths: no batches, no barriers ---------------------------------------------- */

#define STREAM_BATCH 16

typedef struct {
    const rc_counter *c;
    rc_path_source source;
    void *arg;
    pthread_mutex_t lock;  /* guards next_index (with the source call) and failed */
    size_t next_index;
    rc_file_failures *failed;
    atomic_int fatal;
} stream_state;

static void stream_fail(stream_state *st, size_t index, const rc_document_result *r)
{
    pthread_mutex_lock(&st->lock);
    rc_file_failures *f = st->failed;
    if (rc_grow((void **)&f->items, &f->cap_, f->count + 1, sizeof *f->items)) {
        atomic_store(&st->fatal, RC_ENOMEM);
    } else {
        f->items[f->count++] = (rc_file_failure){index, r->rc, r->err, r->bad_offset};
    }
    pthread_mutex_unlock(&st->lock);
}

static void stream_worker(void *arg, unsigned wk)
{
    stream_state *st = arg;
    worker *w = &st->c->workers[wk];
    const char *paths[STREAM_BATCH];
    for (;;) {
        /* The source call and the numbering happen under one lock, so positions follow the
         * source's order whichever worker asked. */
        int stop = atomic_load(&st->fatal) != 0;
        pthread_mutex_lock(&st->lock);
        size_t got = st->source(st->arg, wk, paths, stop ? 0 : STREAM_BATCH);
        size_t first = st->next_index;
        st->next_index += got;
        pthread_mutex_unlock(&st->lock);
        if (!got) break;
        for (size_t k = 0; k < got && !atomic_load(&st->fatal); k++) {
            rc_document d = {NULL, 0, paths[k], 1, 0};
            rc_document_result r = RC_DOCUMENT_RESULT_INIT;
            count_one(st->c, w, &d, 0, &r);
            if (r.rc == RC_EUTF8 || r.rc == RC_EIO) stream_fail(st, first + k, &r);
            else if (r.rc) atomic_store(&st->fatal, r.rc);
        }
    }
}

static int failure_order(const void *x, const void *y)
{
    const rc_file_failure *a = x, *b = y;
    return (a->index > b->index) - (a->index < b->index);
}

int rc_counter_stream(rc_counter *c, long threads, rc_path_source source, void *arg,
                      rc_file_failures *failed)
{
    if (!c || !source || !failed || threads < 0 || c->broken) return RC_EINVAL;
    failed->count = 0;
    long nthreads = rc_pool_threads(threads, RC_MAX_THREADS);
    int rc = reserve_workers(c, nthreads);
    if (rc) return rc;
    stream_state st = {c, source, arg, PTHREAD_MUTEX_INITIALIZER, 0, failed, 0};
    rc_pool_run(nthreads, stream_worker, &st);
    pthread_mutex_destroy(&st.lock);
    add_stats(c, nthreads);
    rc = atomic_load(&st.fatal);
    if (rc) {
        c->broken = 1; /* some documents were counted, we cannot tell which */
        return rc;
    }
    if (failed->count > 1) qsort(failed->items, failed->count, sizeof *failed->items, failure_order);
    return RC_OK;
}

/* ---- totals ------------------------------------------------------------------------------- */

/* Adds the workers' partial tables to the total (and empties them). An empty total takes a
 * partial table as it is (the worker gets the total's empty memory): this runs on one thread after
 * the workers have finished, so the first table is not copied row by row. */
static int collect(rc_counter *c)
{
    for (long k = 0; k < c->n_workers; k++) {
        rc_pair_counts *part = &c->workers[k].part;
        if (!c->total.len) {
            rc_pair_counts empty = c->total;
            c->total = *part;
            *part = empty;
            continue;
        }
        int rc = rc_pair_counts_merge(&c->total, part);
        if (rc) {
            c->broken = 1; /* part of a partial table may have been added twice over */
            return rc;
        }
        rc_pair_counts_clear(part);
    }
    return RC_OK;
}

int rc_counter_totals(rc_counter *c, int sorted, const rc_pair_counts **out)
{
    if (!c || !out || c->broken) return RC_EINVAL;
    int rc = collect(c);
    if (!rc && sorted) rc = rc_pair_counts_sort(&c->total);
    if (rc) return rc;
    *out = &c->total;
    return RC_OK;
}

int rc_counter_add_table(rc_counter *c, const unsigned char *p, size_t len, const char **why)
{
    if (why) *why = NULL;
    if (!c || c->broken) return RC_EINVAL;
    int rc = rc_pair_table_add(&c->total, &c->ents, p, len, why);
    if (rc && rc != RC_EFORMAT && rc != RC_EINVAL) c->broken = 1; /* part of the table was added */
    return rc;
}
