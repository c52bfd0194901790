/* relations.c (binding) — relcore._core.PairCounter and cooccur_batch: co-mention counts over
 * many documents in C, on several threads, with the GIL released for all of the per-document work.
 *
 * Why a C corpus path: the per-Doc path makes Python objects for every token, sentence and
 * mention, and holding the GIL for those caps thread scaling. Here a batch of documents (texts, or
 * file paths that the worker threads read themselves) is handed to a pool of pthreads; each thread
 * keeps its own scratch memory and its own partial table, and the partial tables are summed at the
 * end of the batch. Sums do not depend on which thread did which document, so the result is the
 * same for any number of threads. The counter keeps the running total across batches, so a caller
 * streams a corpus through it in bounded chunks.
 *
 * The counter loads its own copy of the gazetteer from the compiled image (Gazetteer._image()):
 * it needs nothing from the Gazetteer object afterwards, and the image is what travels to other
 * processes anyway.
 */
#include "binding.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_THREADS 256

/* What one worker thread keeps. The counter owns these and keeps them between batches: scratch
 * memory and file buffers stay grown, and each thread adds to its own partial table, so the end
 * of a batch costs no merging and no reallocation (chunk barriers were measurably expensive).
 * The partial tables are summed into the total only when rows() asks. */
typedef struct {
    rc_cooccur_scratch scratch;
    rc_pair_counts doc;   /* the current document's pairs (when not kept per document) */
    rc_pair_counts part;  /* this thread's partial total */
    char *buf;            /* file contents */
    size_t buf_cap;
    unsigned long long documents, bytes; /* of the current batch */
} worker;

typedef struct {
    PyObject_HEAD
    rc_gazetteer *g;
    rc_entities ents;
    rc_window window;
    rc_pair_counts total;   /* sums of the workers' partial tables, as of the last rows() */
    worker *workers;        /* n_workers of them, grown to the most threads a batch used */
    long n_workers;
    PyObject **names;       /* str of each entity, made on first use */
    unsigned long long documents, bytes;
    int busy;               /* a feed is running (the GIL is released meanwhile) */
    int broken;             /* a batch failed half-way (no memory): the totals are not exact */
} CounterObject;

static void counter_dealloc(CounterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    if (self->names) {
        for (size_t k = 0; k < self->ents.count; k++) Py_XDECREF(self->names[k]);
        PyMem_Free(self->names);
    }
    for (long k = 0; k < self->n_workers; k++) {
        rc_cooccur_scratch_free(&self->workers[k].scratch);
        rc_pair_counts_free(&self->workers[k].doc);
        rc_pair_counts_free(&self->workers[k].part);
        PyMem_RawFree(self->workers[k].buf);
    }
    PyMem_Free(self->workers);
    rc_pair_counts_free(&self->total);
    rc_entities_free(&self->ents);
    rc_gazetteer_free(self->g);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* window: "sentence", "document" or an int >= 1 (bool refused). */
static int parse_window(PyObject *o, rc_window *w)
{
    if (PyUnicode_Check(o)) {
        if (PyUnicode_CompareWithASCIIString(o, "sentence") == 0) {
            *w = (rc_window){RC_WINDOW_SENTENCE, 0};
            return 0;
        }
        if (PyUnicode_CompareWithASCIIString(o, "document") == 0) {
            *w = (rc_window){RC_WINDOW_DOCUMENT, 0};
            return 0;
        }
        PyErr_Format(PyExc_ValueError, "window must be 'sentence', 'document' or a positive int, not %R", o);
        return -1;
    }
    if (PyLong_Check(o) && !PyBool_Check(o)) {
        long long n = PyLong_AsLongLong(o);
        if (n == -1 && PyErr_Occurred()) return -1;
        if (n < 1) {
            PyErr_Format(PyExc_ValueError, "a token window must be at least 1, not %lld", n);
            return -1;
        }
        *w = (rc_window){RC_WINDOW_TOKENS, (size_t)n};
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "window must be 'sentence', 'document' or a positive int, not %.100s",
                 Py_TYPE(o)->tp_name);
    return -1;
}

/* The compiled image of `gaz`: a bytes-like object, or anything with an _image() method
 * (relcore.Gazetteer). New reference, or NULL. */
static PyObject *image_of(PyObject *gaz)
{
    if (PyObject_CheckBuffer(gaz)) return Py_NewRef(gaz);
    PyObject *img = PyObject_CallMethod(gaz, "_image", NULL);
    if (!img && PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "gazetteer must be a relcore.Gazetteer or its image (bytes), "
                     "not %.100s", Py_TYPE(gaz)->tp_name);
    }
    return img;
}

/* PairCounter(gazetteer, window="sentence") */
static PyObject *counter_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"gazetteer", "window", NULL};
    PyObject *gaz, *win = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O:PairCounter", kwlist, &gaz, &win)) return NULL;
    rc_window window = {RC_WINDOW_SENTENCE, 0};
    if (win && parse_window(win, &window)) return NULL;
    PyObject *img = image_of(gaz);
    if (!img) return NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(img, &view, PyBUF_SIMPLE) < 0) {
        Py_DECREF(img);
        return NULL;
    }
    rc_gazetteer *g = NULL;
    rc_entities ents = RC_ENTITIES_INIT;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = rc_gazetteer_load_image(view.buf, (size_t)view.len, &g);
    if (!rc) rc = rc_entities_init(g, &ents);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    Py_DECREF(img);
    if (rc) {
        rc_gazetteer_free(g);
        return rc_py_raise(rc, "PairCounter: gazetteer image");
    }
    CounterObject *self = (CounterObject *)type->tp_alloc(type, 0);
    if (!self) {
        rc_entities_free(&ents);
        rc_gazetteer_free(g);
        return NULL;
    }
    self->g = g;
    self->ents = ents;
    self->window = window;
    rc_pair_counts empty = RC_PAIR_COUNTS_INIT;
    self->total = empty;
    return (PyObject *)self;
}

/* Borrowed str of entity k. */
static PyObject *entity_name(CounterObject *self, uint32_t k)
{
    if (!self->names) {
        self->names = PyMem_Calloc(self->ents.count ? self->ents.count : 1, sizeof *self->names);
        if (!self->names) return PyErr_NoMemory();
    }
    if (!self->names[k]) {
        self->names[k] = PyUnicode_DecodeUTF8(self->ents.id[k], (Py_ssize_t)self->ents.id_len[k], "strict");
    }
    return self->names[k];
}

/* ---- the worker pool ------------------------------------------------------------------------- */

typedef struct {
    const char *data;    /* the text (str or bytes input), or NULL when `path` is to be read */
    size_t len;
    const char *path;    /* file input: the path (file system encoding) */
    int validate;        /* bytes and files: check UTF-8 before use */
    int rc;              /* RC_OK, RC_EUTF8 (bad_offset), RC_EIO (err) or RC_ENOMEM/RC_ETOOBIG */
    int err;             /* errno after RC_EIO */
    size_t bad_offset;
    size_t nbytes;
    rc_pair_counts pairs; /* per_doc: this document's table, sorted */
} job;

typedef struct {
    const CounterObject *c;
    job *jobs;
    size_t n;
    int per_doc;
    atomic_size_t next;
    worker *workers;
    atomic_size_t worker_ids;
} pool;

/* Reads the whole file at `path` into w->buf. Returns RC_OK, RC_EIO (errno in *err) or RC_ENOMEM. */
static int read_file(worker *w, const char *path, size_t *len, int *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return RC_EIO;
    }
    struct stat st;
    size_t want = (fstat(fd, &st) == 0 && st.st_size > 0) ? (size_t)st.st_size + 1 : 4096;
    size_t n = 0;
    for (;;) {
        if (n + 1 > w->buf_cap || want > w->buf_cap) {
            size_t cap = want > w->buf_cap ? want : w->buf_cap * 2;
            char *b = PyMem_RawRealloc(w->buf, cap);
            if (!b) {
                close(fd);
                return RC_ENOMEM;
            }
            w->buf = b;
            w->buf_cap = cap;
        }
        ssize_t r = read(fd, w->buf + n, w->buf_cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            *err = errno;
            close(fd);
            return RC_EIO;
        }
        if (r == 0) break;
        n += (size_t)r;
        if (n == w->buf_cap) want = w->buf_cap * 2; /* the file grew: keep reading */
    }
    close(fd);
    *len = n;
    return RC_OK;
}

static void run_job(pool *p, worker *w, job *j)
{
    const char *text = j->data;
    size_t len = j->len;
    if (j->path) {
        j->rc = read_file(w, j->path, &len, &j->err);
        if (j->rc) return;
        text = w->buf;
    }
    j->nbytes = len;
    if (j->validate && rc_utf8_validate(text, len, &j->bad_offset)) {
        j->rc = RC_EUTF8;
        return;
    }
    rc_pair_counts *doc = p->per_doc ? &j->pairs : &w->doc;
    j->rc = rc_cooccur(p->c->g, &p->c->ents, text, len, p->c->window, &w->scratch, doc);
    if (!j->rc) j->rc = rc_pair_counts_merge(&w->part, doc);
    if (!j->rc && p->per_doc) j->rc = rc_pair_counts_sort(doc);
    if (!j->rc) {
        w->documents++;
        w->bytes += len;
    }
}

static void *pool_worker(void *arg)
{
    pool *p = arg;
    worker *w = &p->workers[atomic_fetch_add(&p->worker_ids, 1)];
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n) break;
        run_job(p, w, &p->jobs[i]);
    }
    return NULL;
}

/* Runs fn(arg) on `threads` threads, the calling one included; threads that cannot be started
 * leave their share to the others. */
static void run_threads(void *(*fn)(void *), void *arg, long threads)
{
    pthread_t tid[MAX_THREADS];
    long started = 0;
    for (long k = 1; k < threads; k++) {
        if (pthread_create(&tid[started], NULL, fn, arg) != 0) break;
        started++;
    }
    fn(arg);
    for (long k = 0; k < started; k++) pthread_join(tid[k], NULL);
}

static void pool_run(pool *p, long threads) { run_threads(pool_worker, p, threads); }

/* ---- streaming files: no batches, no barriers ---------------------------------------------------
 *
 * count_files(iterable) hands paths to the worker threads as they ask for them: a worker that
 * needs work takes the GIL just long enough to pull the next few paths from the Python iterator
 * (and to drop its previous ones), then counts them without it. Memory stays bounded (a few
 * paths per thread) however long the iterator, and no thread ever waits for the others before
 * the very end — unlike a sequence of feed_files() chunks, each of which ends in a barrier. */

#define STREAM_BATCH 16

typedef struct {
    size_t index;
    int rc, err;
    size_t bad_offset;
} failure;

typedef struct {
    const CounterObject *c;
    PyObject *iter;
    size_t next_index;      /* guarded by the GIL */
    int exhausted;          /* guarded by the GIL */
    PyObject *exc, *exc_value, *exc_tb; /* the iterator's exception, if any (guarded by the GIL) */
    worker *workers;
    atomic_size_t worker_ids;
    failure *failed;        /* guarded by fail_lock */
    size_t n_failed, cap_failed;
    pthread_mutex_t fail_lock;
    atomic_int fatal;       /* RC_ENOMEM and the like: stop */
} stream;

static void stream_fail(stream *st, size_t index, const job *j)
{
    pthread_mutex_lock(&st->fail_lock);
    if (st->n_failed == st->cap_failed) {
        size_t cap = st->cap_failed ? st->cap_failed * 2 : 16;
        failure *f = PyMem_RawRealloc(st->failed, cap * sizeof *f);
        if (!f) {
            atomic_store(&st->fatal, RC_ENOMEM);
            pthread_mutex_unlock(&st->fail_lock);
            return;
        }
        st->failed = f;
        st->cap_failed = cap;
    }
    st->failed[st->n_failed++] = (failure){index, j->rc, j->err, j->bad_offset};
    pthread_mutex_unlock(&st->fail_lock);
}

static void *stream_worker(void *arg)
{
    stream *st = arg;
    worker *w = &st->workers[atomic_fetch_add(&st->worker_ids, 1)];
    PyObject *held[STREAM_BATCH];
    size_t first = 0, got = 0;
    pool one = {st->c, NULL, 0, 0, 0, NULL, 0}; /* run_job's view: totals only */
    for (;;) {
        /* With the GIL: drop the previous paths, take the next ones. */
        PyGILState_STATE gs = PyGILState_Ensure();
        for (size_t k = 0; k < got; k++) Py_DECREF(held[k]);
        got = 0;
        first = st->next_index;
        while (got < STREAM_BATCH && !st->exhausted && !st->exc && !atomic_load(&st->fatal)) {
            PyObject *item = PyIter_Next(st->iter);
            if (!item) {
                if (PyErr_Occurred()) PyErr_Fetch(&st->exc, &st->exc_value, &st->exc_tb);
                st->exhausted = 1;
                break;
            }
            PyObject *path = NULL;
            int ok = PyUnicode_FSConverter(item, &path);
            Py_DECREF(item);
            if (!ok) {
                PyErr_Fetch(&st->exc, &st->exc_value, &st->exc_tb);
                break;
            }
            held[got++] = path;
        }
        st->next_index += got;
        PyGILState_Release(gs);
        if (!got) break;
        /* Without it: count them. */
        for (size_t k = 0; k < got && !atomic_load(&st->fatal); k++) {
            job j = {0};
            j.path = PyBytes_AS_STRING(held[k]); /* immutable, and held: safe without the GIL */
            j.validate = 1;
            run_job(&one, w, &j);
            if (j.rc == RC_EUTF8 || j.rc == RC_EIO) stream_fail(st, first + k, &j);
            else if (j.rc) atomic_store(&st->fatal, j.rc);
        }
    }
    return NULL;
}

static int failure_order(const void *x, const void *y)
{
    const failure *a = x, *b = y;
    return (a->index > b->index) - (a->index < b->index);
}

static long thread_count(long threads, size_t jobs)
{
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? cpus : 1;
    }
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    if ((size_t)threads > jobs) threads = jobs ? (long)jobs : 1;
    return threads;
}

/* The outcome of one document for Python: None, its pairs, the byte offset of invalid UTF-8, or
 * an OSError. */
static PyObject *job_result(CounterObject *self, job *j, int per_doc, PyObject *item)
{
    if (j->rc == RC_EUTF8) return PyLong_FromSize_t(j->bad_offset);
    if (j->rc == RC_EIO) return PyObject_CallFunction(PyExc_OSError, "isO", j->err, strerror(j->err), item);
    if (!per_doc) Py_RETURN_NONE;
    PyObject *list = PyList_New((Py_ssize_t)j->pairs.len);
    for (size_t r = 0; list && r < j->pairs.len; r++) {
        PyObject *a = entity_name(self, j->pairs.a[r]), *b = a ? entity_name(self, j->pairs.b[r]) : NULL;
        PyObject *t = b ? Py_BuildValue("(OOK)", a, b, (unsigned long long)j->pairs.count[r]) : NULL;
        if (!t) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)r, t);
    }
    return list;
}

/* Whether the counter can be used now: not counting in another thread, and not left with
 * partial totals by an earlier allocation failure. 0, or -1 with RuntimeError set. */
static int counter_usable(CounterObject *self)
{
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "PairCounter is counting in another thread");
        return -1;
    }
    if (self->broken) {
        PyErr_SetString(PyExc_RuntimeError, "this PairCounter ran out of memory earlier; its totals "
                        "are incomplete: start a new one");
        return -1;
    }
    return 0;
}

/* Shared by feed() and feed_files(): `files` says whether the items are paths. */
static PyObject *counter_run(CounterObject *self, PyObject *items, long threads, int per_doc, int files)
{
    if (threads < 0) {
        PyErr_SetString(PyExc_ValueError, "threads must be >= 0 (0: one per CPU)");
        return NULL;
    }
    if (counter_usable(self)) return NULL;
    PyObject *seq = PySequence_Fast(items, files ? "paths must be an iterable" : "texts must be an iterable");
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    job *jobs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *jobs);
    PyObject **hold = PyMem_Calloc(n ? (size_t)n : 1, sizeof *hold); /* keeps data/path alive */
    PyObject *result = NULL;
    long nthreads = 0;
    if (!jobs || !hold) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = PySequence_Fast_GET_ITEM(seq, i);
        job *j = &jobs[i];
        if (files) {
            if (!PyUnicode_FSConverter(o, &hold[i])) goto done;
            j->path = PyBytes_AS_STRING(hold[i]);
            j->validate = 1;
        } else if (PyBytes_Check(o)) {
            hold[i] = Py_NewRef(o);
            j->data = PyBytes_AS_STRING(o);
            j->len = (size_t)PyBytes_GET_SIZE(o);
            j->validate = 1;
        } else if (PyUnicode_Check(o)) {
            rc_py_text t;
            if (rc_py_text_get(o, "strict", &t)) goto done;
            hold[i] = t.str; /* the reference rc_py_text took */
            j->data = t.data;
            j->len = (size_t)t.len;
        } else {
            PyErr_Format(PyExc_TypeError, "texts must be str or bytes, not %.100s", Py_TYPE(o)->tp_name);
            goto done;
        }
    }
    nthreads = thread_count(threads, (size_t)n);
    if (nthreads > self->n_workers) {
        worker *w = PyMem_Realloc(self->workers, (size_t)nthreads * sizeof *w);
        if (!w) {
            PyErr_NoMemory();
            goto done;
        }
        memset(w + self->n_workers, 0, (size_t)(nthreads - self->n_workers) * sizeof *w);
        self->workers = w;
        self->n_workers = nthreads;
    }
    worker *workers = self->workers;
    for (long k = 0; k < nthreads; k++) workers[k].documents = workers[k].bytes = 0;
    pool p = {self, jobs, (size_t)n, per_doc, 0, workers, 0};
    int fatal = RC_OK;
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    pool_run(&p, nthreads);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    for (Py_ssize_t i = 0; i < n && !fatal; i++)
        if (jobs[i].rc == RC_ENOMEM || jobs[i].rc == RC_ETOOBIG || jobs[i].rc == RC_EINVAL) fatal = jobs[i].rc;
    if (fatal) {
        /* Documents before the failure are in the partial tables already: the totals are no
         * longer those of whole batches. */
        self->broken = 1;
        rc_py_raise(fatal, "PairCounter");
        goto done;
    }
    for (long k = 0; k < nthreads; k++) {
        self->documents += workers[k].documents;
        self->bytes += workers[k].bytes;
    }
    result = PyList_New(n);
    for (Py_ssize_t i = 0; result && i < n; i++) {
        PyObject *r = job_result(self, &jobs[i], per_doc, PySequence_Fast_GET_ITEM(seq, i));
        if (!r) Py_CLEAR(result);
        else PyList_SET_ITEM(result, i, r);
    }
done:
    for (Py_ssize_t i = 0; jobs && i < n; i++) rc_pair_counts_free(&jobs[i].pairs);
    for (Py_ssize_t i = 0; hold && i < n; i++) Py_XDECREF(hold[i]);
    PyMem_Free(jobs);
    PyMem_Free(hold);
    Py_DECREF(seq);
    return result;
}

static PyObject *counter_feed(CounterObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"texts", "threads", "per_doc", NULL};
    PyObject *texts;
    long threads = 0;
    int per_doc = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$lp:feed", kwlist, &texts, &threads, &per_doc)) return NULL;
    return counter_run(self, texts, threads, per_doc, 0);
}

static PyObject *counter_feed_files(CounterObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"paths", "threads", "per_doc", NULL};
    PyObject *paths;
    long threads = 0;
    int per_doc = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$lp:feed_files", kwlist, &paths, &threads, &per_doc))
        return NULL;
    return counter_run(self, paths, threads, per_doc, 1);
}

/* count_files(paths, *, threads=0) -> [(index, error)] */
static PyObject *counter_count_files(CounterObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"paths", "threads", NULL};
    PyObject *paths;
    long threads = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$l:count_files", kwlist, &paths, &threads)) return NULL;
    if (threads < 0) {
        PyErr_SetString(PyExc_ValueError, "threads must be >= 0 (0: one per CPU)");
        return NULL;
    }
    if (counter_usable(self)) return NULL;
    PyObject *iter = PyObject_GetIter(paths);
    if (!iter) return NULL;
    long nthreads = thread_count(threads, MAX_THREADS);
    if (nthreads > self->n_workers) {
        worker *w = PyMem_Realloc(self->workers, (size_t)nthreads * sizeof *w);
        if (!w) {
            Py_DECREF(iter);
            return PyErr_NoMemory();
        }
        memset(w + self->n_workers, 0, (size_t)(nthreads - self->n_workers) * sizeof *w);
        self->workers = w;
        self->n_workers = nthreads;
    }
    for (long k = 0; k < nthreads; k++) self->workers[k].documents = self->workers[k].bytes = 0;
    stream st = {self, iter, 0, 0, NULL, NULL, NULL, self->workers, 0, NULL, 0, 0,
                 PTHREAD_MUTEX_INITIALIZER, 0};
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    run_threads(stream_worker, &st, nthreads);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    pthread_mutex_destroy(&st.fail_lock);
    Py_DECREF(iter);
    for (long k = 0; k < nthreads; k++) {
        self->documents += self->workers[k].documents;
        self->bytes += self->workers[k].bytes;
    }
    PyObject *result = NULL;
    int fatal = atomic_load(&st.fatal);
    if (fatal) {
        self->broken = 1; /* some documents were counted, we cannot tell which */
        Py_XDECREF(st.exc);
        Py_XDECREF(st.exc_value);
        Py_XDECREF(st.exc_tb);
        rc_py_raise(fatal, "PairCounter.count_files");
        goto done;
    }
    if (st.exc) {
        /* The iterator failed: every path it gave before was counted (or is reported below,
         * but the exception wins). */
        PyErr_Restore(st.exc, st.exc_value, st.exc_tb);
        goto done;
    }
    if (st.n_failed) qsort(st.failed, st.n_failed, sizeof *st.failed, failure_order);
    result = PyList_New((Py_ssize_t)st.n_failed);
    for (size_t i = 0; result && i < st.n_failed; i++) {
        failure *f = &st.failed[i];
        PyObject *e = f->rc == RC_EUTF8 ? PyLong_FromSize_t(f->bad_offset)
                                        : PyObject_CallFunction(PyExc_OSError, "is", f->err, strerror(f->err));
        PyObject *t = e ? Py_BuildValue("(nN)", (Py_ssize_t)f->index, e) : NULL;
        if (!t) Py_CLEAR(result);
        else PyList_SET_ITEM(result, (Py_ssize_t)i, t);
    }
done:
    PyMem_RawFree(st.failed);
    return result;
}

/* Adds the workers' partial tables to the total (and empties them). 0, or -1 with an exception. */
static int collect(CounterObject *self)
{
    int rc = RC_OK;
    for (long k = 0; !rc && k < self->n_workers; k++) {
        rc = rc_pair_counts_merge(&self->total, &self->workers[k].part);
        if (!rc) rc_pair_counts_clear(&self->workers[k].part);
    }
    if (rc) {
        self->broken = 1; /* part of a partial table may have been added twice over */
        rc_py_raise(rc, "PairCounter");
        return -1;
    }
    return 0;
}

/* ---- partial tables as bytes: what Dask tasks pass to each other -------------------------------
 *
 * A table travels as packed little-endian records (a u32, b u32, count u64, docs u64), entities by
 * number: 24 bytes a pair instead of a tuple of two strings and two ints, and summed in C. Numbers
 * are the same in every process that loaded the same gazetteer (ids numbered in sorted order), and
 * the table starts with the entity count and a checksum of the ids, so a table from another
 * gazetteer is refused instead of silently mislabelled. */

#define TABLE_MAGIC "RCPAIRS1"
#define TABLE_HEADER 24 /* magic, entity count (u64), id checksum (u64) */
#define TABLE_RECORD 24

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

/* FNV-1a over the ids in numbering order, each with its terminating NUL. */
static uint64_t ids_checksum(const rc_entities *e)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < e->count; k++)
        for (size_t i = 0; i <= e->id_len[k]; i++) {
            h ^= (unsigned char)e->id[k][i];
            h *= 1099511628211ULL;
        }
    return h;
}

/* table() -> bytes: the totals in packed form (see above), unsorted. */
static PyObject *counter_table(CounterObject *self, PyObject *unused)
{
    if (counter_usable(self)) return NULL;
    if (collect(self)) return NULL;
    const rc_pair_counts *t = &self->total;
    if (t->len > (size_t)(PY_SSIZE_T_MAX - TABLE_HEADER) / TABLE_RECORD) return PyErr_NoMemory();
    PyObject *b = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(TABLE_HEADER + t->len * TABLE_RECORD));
    if (!b) return NULL;
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(b);
    memcpy(p, TABLE_MAGIC, 8);
    put_u64(p + 8, self->ents.count);
    put_u64(p + 16, ids_checksum(&self->ents));
    p += TABLE_HEADER;
    for (size_t r = 0; r < t->len; r++, p += TABLE_RECORD) {
        put_u32(p, t->a[r]);
        put_u32(p + 4, t->b[r]);
        put_u64(p + 8, t->count[r]);
        put_u64(p + 16, t->docs[r]);
    }
    return b;
}

/* add_table(bytes): adds a table made by table() of a counter with the same gazetteer. */
static PyObject *counter_add_table(CounterObject *self, PyObject *arg)
{
    if (counter_usable(self)) return NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    const unsigned char *p = view.buf;
    size_t len = (size_t)view.len;
    const char *bad = NULL;
    if (len < TABLE_HEADER || memcmp(p, TABLE_MAGIC, 8) != 0 || (len - TABLE_HEADER) % TABLE_RECORD)
        bad = "not a pair table";
    else if (get_u64(p + 8) != self->ents.count || get_u64(p + 16) != ids_checksum(&self->ents))
        bad = "a pair table made with another gazetteer";
    size_t n = bad ? 0 : (len - TABLE_HEADER) / TABLE_RECORD;
    for (size_t r = 0; !bad && r < n; r++) {
        const unsigned char *q = p + TABLE_HEADER + r * TABLE_RECORD;
        if (get_u32(q) >= get_u32(q + 4) || get_u32(q + 4) >= self->ents.count) bad = "a corrupted pair table";
    }
    if (bad) {
        PyBuffer_Release(&view);
        PyErr_Format(PyExc_ValueError, "add_table: %s", bad);
        return NULL;
    }
    int rc = RC_OK;
    for (size_t r = 0; !rc && r < n; r++) {
        const unsigned char *q = p + TABLE_HEADER + r * TABLE_RECORD;
        rc = rc_pair_counts_add(&self->total, get_u32(q), get_u32(q + 4), get_u64(q + 8), get_u64(q + 16));
    }
    PyBuffer_Release(&view);
    if (rc) {
        self->broken = 1; /* part of the table was added */
        return rc_py_raise(rc, "PairCounter.add_table");
    }
    Py_RETURN_NONE;
}

/* rows() -> [(a, b, count, docs)], sorted by count (descending), a, b. */
static PyObject *counter_rows(CounterObject *self, PyObject *unused)
{
    if (counter_usable(self)) return NULL;
    if (collect(self)) return NULL;
    int rc = rc_pair_counts_sort(&self->total);
    if (rc) return rc_py_raise(rc, "PairCounter.rows");
    const rc_pair_counts *t = &self->total;
    PyObject *list = PyList_New((Py_ssize_t)t->len);
    for (size_t r = 0; list && r < t->len; r++) {
        PyObject *a = entity_name(self, t->a[r]), *b = a ? entity_name(self, t->b[r]) : NULL;
        PyObject *row = b ? Py_BuildValue("(OOKK)", a, b, (unsigned long long)t->count[r],
                                          (unsigned long long)t->docs[r])
                          : NULL;
        if (!row) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)r, row);
    }
    return list;
}

static PyObject *counter_get_documents(CounterObject *self, void *unused)
{
    return PyLong_FromUnsignedLongLong(self->documents);
}

static PyObject *counter_get_bytes(CounterObject *self, void *unused)
{
    return PyLong_FromUnsignedLongLong(self->bytes);
}

static PyObject *counter_get_window(CounterObject *self, void *unused)
{
    switch (self->window.kind) {
    case RC_WINDOW_DOCUMENT: return PyUnicode_FromString("document");
    case RC_WINDOW_TOKENS: return PyLong_FromSize_t(self->window.tokens);
    default: return PyUnicode_FromString("sentence");
    }
}

static Py_ssize_t counter_len(CounterObject *self)
{
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "PairCounter is counting in another thread");
        return -1;
    }
    return collect(self) ? -1 : (Py_ssize_t)self->total.len;
}

static PyMethodDef counter_methods[] = {
    {"feed", (PyCFunction)(void (*)(void))counter_feed, METH_VARARGS | METH_KEYWORDS,
     "feed(texts, *, threads=0, per_doc=False)\n--\n\n"
     "Count the co-mentions of a batch of texts (str, or UTF-8 bytes) on `threads` threads\n"
     "(0: one per CPU) with the GIL released, adding them to the totals. Returns one item per\n"
     "text, in order: its pairs [(a, b, count)] sorted like Doc.pairs() when per_doc, else None;\n"
     "for bytes that are not valid UTF-8, the byte offset of the first invalid sequence (the\n"
     "text is then not counted)."},
    {"feed_files", (PyCFunction)(void (*)(void))counter_feed_files, METH_VARARGS | METH_KEYWORDS,
     "feed_files(paths, *, threads=0, per_doc=False)\n--\n\n"
     "Like feed(), but the worker threads read the files (UTF-8) themselves. A file that\n"
     "cannot be read gives an OSError instance in its place (not raised), one that is not\n"
     "valid UTF-8 the byte offset of the first invalid sequence; neither is counted."},
    {"count_files", (PyCFunction)(void (*)(void))counter_count_files, METH_VARARGS | METH_KEYWORDS,
     "count_files(paths, *, threads=0)\n--\n\n"
     "Count files (UTF-8) from any iterable of paths, read and counted by `threads` worker\n"
     "threads (0: one per CPU) that take paths from the iterable as they need them: memory\n"
     "stays bounded and no thread waits for another until the end. Only totals are kept. Returns\n"
     "the files that were not counted, in order, as (position, error): error is the byte offset\n"
     "of invalid UTF-8 or an OSError (not raised). An exception from the iterable is raised\n"
     "after the paths it gave before were counted."},
    {"table", (PyCFunction)counter_table, METH_NOARGS,
     "table()\n--\n\nThe totals as compact bytes (24 bytes a pair, entities by number), for\n"
     "add_table() of a counter with the same gazetteer in another process."},
    {"add_table", (PyCFunction)counter_add_table, METH_O,
     "add_table(table)\n--\n\nAdd the totals of table() bytes (from a counter with the same\n"
     "gazetteer; ValueError otherwise) to this counter's."},
    {"rows", (PyCFunction)counter_rows, METH_NOARGS,
     "rows()\n--\n\nThe totals as [(a, b, count, docs)], a < b, sorted by count (descending),\n"
     "then a, then b."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef counter_getset[] = {
    {"documents", (getter)counter_get_documents, NULL, "documents counted so far", NULL},
    {"bytes", (getter)counter_get_bytes, NULL, "UTF-8 bytes of the documents counted so far", NULL},
    {"window", (getter)counter_get_window, NULL, "'sentence', 'document' or a token count", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot counter_slots[] = {
    {Py_tp_new, counter_new},
    {Py_tp_dealloc, counter_dealloc},
    {Py_tp_methods, counter_methods},
    {Py_tp_getset, counter_getset},
    {Py_sq_length, counter_len},
    {Py_tp_doc, "PairCounter(gazetteer, window='sentence')\n--\n\n"
                "Co-mention totals over a stream of documents, counted in C on worker threads.\n"
                "gazetteer: a relcore.Gazetteer or its compiled image (bytes). window: 'sentence',\n"
                "'document' or a positive token count, as relcore.Doc.pairs()."},
    {0, NULL},
};

static PyType_Spec counter_spec = {
    .name = "relcore._core.PairCounter",
    .basicsize = sizeof(CounterObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = counter_slots,
};

/* cooccur_batch(texts, gazetteer, window="sentence", threads=0) -> [(a, b, count, docs)] */
static PyObject *py_cooccur_batch(PyObject *module, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"texts", "gazetteer", "window", "threads", NULL};
    PyObject *texts, *gaz, *win = NULL;
    long threads = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|Ol:cooccur_batch", kwlist, &texts, &gaz, &win, &threads))
        return NULL;
    rc_py_state *st = rc_py_module_state(module);
    PyObject *counter = win ? PyObject_CallFunctionObjArgs(st->pair_counter_type, gaz, win, NULL)
                            : PyObject_CallFunctionObjArgs(st->pair_counter_type, gaz, NULL);
    if (!counter) return NULL;
    PyObject *res = counter_run((CounterObject *)counter, texts, threads, 0, 0);
    PyObject *rows = NULL;
    if (res) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(res); i++) {
            PyObject *r = PyList_GET_ITEM(res, i);
            if (PyLong_Check(r)) {
                PyErr_Format(PyExc_ValueError, "text %zd is not valid UTF-8 (byte offset %S)", i, r);
                break;
            }
        }
        if (!PyErr_Occurred()) rows = counter_rows((CounterObject *)counter, NULL);
        Py_DECREF(res);
    }
    Py_DECREF(counter);
    return rows;
}

PyMethodDef rc_py_relations_methods[] = {
    {"cooccur_batch", (PyCFunction)(void (*)(void))py_cooccur_batch, METH_VARARGS | METH_KEYWORDS,
     "cooccur_batch($module, texts, gazetteer, window='sentence', threads=0)\n--\n\n"
     "Co-mention totals of a list of texts: [(a, b, count, docs)] sorted by count (descending),\n"
     "a, b — the rows of relcore.cooccurrence — computed in C on `threads` threads with the GIL\n"
     "released."},
    {NULL, NULL, 0, NULL}};

int rc_py_relations_register(PyObject *module)
{
    rc_py_state *st = rc_py_module_state(module);
    st->pair_counter_type = PyType_FromModuleAndSpec(module, &counter_spec, NULL);
    if (!st->pair_counter_type) return -1;
    return PyModule_AddObjectRef(module, "PairCounter", st->pair_counter_type);
}
