/* relations.c (binding) — relcore._core.PairCounter and cooccur_batch: co-mention counts over
 * many documents, counted by the core's rc_counter on worker threads with the GIL released.
 *
 * The counter shares the compiled gazetteer of a relcore.Gazetteer (read-only in the core, kept
 * alive by a reference): nothing is copied or loaded per counter. An image (bytes, what travels
 * to other processes) is loaded into a compiled gazetteer first. Texts reach the workers as the strs'
 * own storage; the workers convert them to UTF-8. */
#include "binding.h"

#include <string.h>

typedef struct {
    PyObject_HEAD
    PyObject *compiled;     /* the compiled gazetteer counted with: its rc_gazetteer and id strs */
    rc_counter *counter;
    int busy;               /* a feed is running (the GIL is released meanwhile) */
} CounterObject;

static void counter_dealloc(CounterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    rc_counter_free(self->counter);
    Py_XDECREF(self->compiled);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* The compiled form of `gaz`: a relcore.Gazetteer (or its compiled form), or its image
 * (bytes-like) loaded. New reference, or NULL. */
static PyObject *compiled_of(rc_py_state *st, PyObject *gaz)
{
    if (PyObject_CheckBuffer(gaz)) return PyObject_CallMethod(st->compiled_type, "_from_image", "O", gaz);
    return rc_py_gazetteer_compiled(gaz);
}

/* PairCounter(gazetteer, window="sentence") */
static PyObject *counter_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"gazetteer", "window", NULL};
    PyObject *gaz, *win = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O:PairCounter", kwlist, &gaz, &win)) return NULL;
    rc_window window = {RC_WINDOW_SENTENCE, 0};
    rc_py_state *st = rc_py_state_from_type(type);
    if (!st || (win && rc_py_window(win, &window))) return NULL;
    PyObject *compiled = compiled_of(st, gaz);
    if (!compiled || !rc_py_compiled_ids(compiled)) { /* the ids: made once per compiled form */
        Py_XDECREF(compiled);
        return NULL;
    }
    rc_counter *counter = NULL;
    int rc = rc_counter_new(rc_py_compiled_gazetteer(compiled), window, &counter);
    CounterObject *self = rc ? NULL : (CounterObject *)RC_PY_TP_ALLOC(type, 0);
    if (!self) {
        if (rc) rc_py_raise(rc, "PairCounter");
        rc_counter_free(counter);
        Py_DECREF(compiled);
        return NULL;
    }
    self->compiled = compiled;
    self->counter = counter;
    return (PyObject *)self;
}

/* ---- streaming files: paths taken from a Python iterator by the worker threads -----------------
 *
 * count_files(iterable) lets rc_counter_stream's workers pull paths as they need them: the source
 * below takes the GIL just long enough to drop a worker's previous paths and pull its next few from
 * the iterator; the counting runs without it. */

#define STREAM_MAX 16

typedef struct {
    PyObject *iter;
    PyObject *exc, *exc_value, *exc_tb; /* the iterator's exception, if any */
    int exhausted;
    PyObject **held;  /* STREAM_MAX path bytes objects per worker */
    size_t *n_held;
} path_source;

static size_t next_paths(void *arg, unsigned worker, const char **paths, size_t max)
{
    path_source *src = arg;
    PyObject **held = src->held + (size_t)worker * STREAM_MAX;
    size_t got = 0;
    PyGILState_STATE gs = PyGILState_Ensure();
    for (size_t k = 0; k < src->n_held[worker]; k++) Py_DECREF(held[k]);
    if (max > STREAM_MAX) max = STREAM_MAX;
    while (got < max && !src->exhausted && !src->exc) {
        PyObject *item = PyIter_Next(src->iter);
        if (!item) {
            if (PyErr_Occurred()) PyErr_Fetch(&src->exc, &src->exc_value, &src->exc_tb);
            src->exhausted = 1;
            break;
        }
        PyObject *path = NULL;
        int ok = PyUnicode_FSConverter(item, &path);
        Py_DECREF(item);
        if (!ok) {
            PyErr_Fetch(&src->exc, &src->exc_value, &src->exc_tb);
            break;
        }
        held[got] = path;
        paths[got] = PyBytes_AS_STRING(path); /* immutable, and held: safe without the GIL */
        got++;
    }
    src->n_held[worker] = got;
    PyGILState_Release(gs);
    return got;
}

/* Pairs as [(a, b, count)], or with docs [(a, b, count, docs)], in the table's order. */
static PyObject *pair_rows(CounterObject *self, const rc_pair_counts *t, int docs)
{
    PyObject *ids = rc_py_compiled_ids(self->compiled); /* made in counter_new: never NULL here */
    PyObject *list = PyList_New((Py_ssize_t)t->len);
    for (size_t r = 0; list && r < t->len; r++) { /* made directly: Py_BuildValue parses its format per row */
        PyObject *n = PyLong_FromUnsignedLongLong(t->count[r]), *d = docs ? PyLong_FromUnsignedLongLong(t->docs[r]) : NULL;
        PyObject *row = n && (d || !docs) ? PyTuple_New(docs ? 4 : 3) : NULL;
        if (!row) {
            Py_XDECREF(n);
            Py_XDECREF(d);
            Py_CLEAR(list);
            break;
        }
        PyTuple_SET_ITEM(row, 0, Py_NewRef(PyTuple_GET_ITEM(ids, t->a[r])));
        PyTuple_SET_ITEM(row, 1, Py_NewRef(PyTuple_GET_ITEM(ids, t->b[r])));
        PyTuple_SET_ITEM(row, 2, n);
        if (docs) PyTuple_SET_ITEM(row, 3, d);
        PyObject_GC_UnTrack(row); /* strs and ints: never in a cycle */
        PyList_SET_ITEM(list, (Py_ssize_t)r, row);
    }
    return list;
}

/* The outcome of one document for Python: None, its pairs, the byte offset of invalid UTF-8, or
 * an OSError. */
static PyObject *doc_result(CounterObject *self, const rc_document_result *r, int per_doc, PyObject *item)
{
    if (r->rc == RC_EUTF8) return PyLong_FromSize_t(r->bad_offset);
    if (r->rc == RC_EIO) return PyObject_CallFunction(PyExc_OSError, "isO", r->err, strerror(r->err), item);
    if (!per_doc) Py_RETURN_NONE;
    return pair_rows(self, &r->pairs, 0);
}

/* Whether the counter can be used now: not counting in another thread, and not left with
 * partial totals by an earlier allocation failure. 0, or -1 with RuntimeError set. */
static int counter_usable(CounterObject *self)
{
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "PairCounter is counting in another thread");
        return -1;
    }
    if (rc_counter_broken(self->counter)) {
        PyErr_SetString(PyExc_RuntimeError, "this PairCounter ran out of memory earlier; its totals "
                        "are incomplete: start a new one");
        return -1;
    }
    return 0;
}

/* Shared by feed() and feed_files(): `files` says whether the items are paths. */
static PyObject *counter_run(CounterObject *self, PyObject *items, long threads, int per_doc, int files)
{
    if (rc_py_check_threads(threads) || counter_usable(self)) return NULL;
    PyObject *seq = PySequence_Fast(items, files ? "paths must be an iterable" : "texts must be an iterable");
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    size_t m = n ? (size_t)n : 1;
    rc_document *docs = PyMem_Calloc(m, sizeof *docs);
    rc_document_result *res = PyMem_Calloc(m, sizeof *res); /* all zero: RC_DOCUMENT_RESULT_INIT */
    PyObject **hold = PyMem_Calloc(m, sizeof *hold);        /* the strs, bytes and paths read by the workers */
    PyObject *result = NULL;
    if (!docs || !res || !hold) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = PySequence_Fast_GET_ITEM(seq, i);
        rc_document *d = &docs[i];
        if (files) {
            if (!PyUnicode_FSConverter(o, &hold[i])) goto done;
            d->path = PyBytes_AS_STRING(hold[i]);
        } else if (PyBytes_Check(o)) {
            *d = (rc_document){PyBytes_AS_STRING(o), (size_t)PyBytes_GET_SIZE(o), NULL, 1, 0};
        } else if (PyUnicode_Check(o)) { /* its own storage: ASCII is UTF-8, the rest code units */
#if PY_VERSION_HEX < 0x030C0000
            if (PyUnicode_READY(o) < 0) goto done;
#endif
            int ascii = PyUnicode_IS_ASCII(o);
            *d = (rc_document){PyUnicode_DATA(o), (size_t)PyUnicode_GET_LENGTH(o), NULL, 0,
                               ascii ? 0 : (int)PyUnicode_KIND(o)};
        } else {
            PyErr_Format(PyExc_TypeError, "texts must be str or bytes, not %.100s", Py_TYPE(o)->tp_name);
            goto done;
        }
        if (!files) hold[i] = Py_NewRef(o);
    }
    int rc;
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    rc = rc_counter_feed(self->counter, docs, (size_t)n, threads, per_doc ? RC_COUNT_PER_DOC : 0, res);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    for (Py_ssize_t i = 0; rc == RC_ESURROGATE && i < n; i++)
        if (res[i].rc == RC_ESURROGATE) {
            rc_py_raise_surrogate(hold[i], (Py_ssize_t)res[i].bad_offset);
            goto done;
        }
    if (rc) {
        rc_py_raise(rc, "PairCounter");
        goto done;
    }
    result = PyList_New(n);
    for (Py_ssize_t i = 0; result && i < n; i++) {
        PyObject *r = doc_result(self, &res[i], per_doc, PySequence_Fast_GET_ITEM(seq, i));
        if (!r) Py_CLEAR(result);
        else PyList_SET_ITEM(result, i, r);
    }
done:
    for (Py_ssize_t i = 0; res && i < n; i++) rc_document_result_free(&res[i]);
    for (Py_ssize_t i = 0; hold && i < n; i++) Py_XDECREF(hold[i]);
    PyMem_Free(docs);
    PyMem_Free(res);
    PyMem_Free(hold);
    Py_DECREF(seq);
    return result;
}

/* feed(texts, *, threads=0, per_doc=False) and feed_files(paths, ...) */
static PyObject *feed_call(CounterObject *self, PyObject *args, PyObject *kw, int files)
{
    static char *texts_kw[] = {"texts", "threads", "per_doc", NULL}, *paths_kw[] = {"paths", "threads", "per_doc", NULL};
    PyObject *items;
    long threads = 0;
    int per_doc = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, files ? "O|$lp:feed_files" : "O|$lp:feed", files ? paths_kw : texts_kw,
                                     &items, &threads, &per_doc))
        return NULL;
    return counter_run(self, items, threads, per_doc, files);
}

static PyObject *counter_feed(CounterObject *self, PyObject *args, PyObject *kw) { return feed_call(self, args, kw, 0); }
static PyObject *counter_feed_files(CounterObject *self, PyObject *a, PyObject *kw) { return feed_call(self, a, kw, 1); }

/* count_files(paths, *, threads=0) -> [(index, error)] */
static PyObject *counter_count_files(CounterObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"paths", "threads", NULL};
    PyObject *paths;
    long threads = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$l:count_files", kwlist, &paths, &threads)) return NULL;
    if (rc_py_check_threads(threads) || counter_usable(self)) return NULL;
    PyObject *iter = PyObject_GetIter(paths);
    if (!iter) return NULL;
    path_source src = {iter, NULL, NULL, NULL, 0, NULL, NULL};
    src.held = PyMem_Calloc((size_t)RC_MAX_THREADS * STREAM_MAX, sizeof *src.held);
    src.n_held = PyMem_Calloc(RC_MAX_THREADS, sizeof *src.n_held);
    rc_file_failures failed = RC_FILE_FAILURES_INIT;
    PyObject *result = NULL;
    if (!src.held || !src.n_held) {
        PyErr_NoMemory();
        goto done;
    }
    int rc;
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    rc = rc_counter_stream(self->counter, threads, next_paths, &src, &failed);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    if (rc) {
        Py_XDECREF(src.exc);
        Py_XDECREF(src.exc_value);
        Py_XDECREF(src.exc_tb);
        rc_py_raise(rc, "PairCounter.count_files");
        goto done;
    }
    if (src.exc) {
        /* The iterator failed: every path it gave before was counted (the exception wins over
         * the failures). */
        PyErr_Restore(src.exc, src.exc_value, src.exc_tb);
        goto done;
    }
    result = PyList_New((Py_ssize_t)failed.count);
    for (size_t i = 0; result && i < failed.count; i++) {
        rc_file_failure *f = &failed.items[i];
        PyObject *e = f->rc == RC_EUTF8 ? PyLong_FromSize_t(f->bad_offset)
                                        : PyObject_CallFunction(PyExc_OSError, "is", f->err, strerror(f->err));
        PyObject *t = e ? Py_BuildValue("(nN)", (Py_ssize_t)f->index, e) : NULL;
        if (!t) Py_CLEAR(result);
        else PyList_SET_ITEM(result, (Py_ssize_t)i, t);
    }
done:
    rc_file_failures_free(&failed);
    PyMem_Free(src.held);
    PyMem_Free(src.n_held);
    Py_DECREF(iter);
    return result;
}

/* The counter's totals (sorted or not), or NULL with an exception. */
static const rc_pair_counts *totals(CounterObject *self, int sorted, const char *what)
{
    const rc_pair_counts *t;
    int rc = rc_counter_totals(self->counter, sorted, &t);
    return rc ? (rc_py_raise(rc, what), NULL) : t;
}

/* table() -> bytes: the totals in the core's packed pair-table format, unsorted. */
static PyObject *counter_table(CounterObject *self, PyObject *unused)
{
    if (counter_usable(self)) return NULL;
    const rc_pair_counts *t = totals(self, 0, "PairCounter.table");
    if (!t) return NULL;
    size_t size = rc_pair_table_size(t);
    if (size > (size_t)PY_SSIZE_T_MAX) return PyErr_NoMemory();
    PyObject *b = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (b) rc_pair_table_write(t, rc_counter_entities(self->counter), (unsigned char *)PyBytes_AS_STRING(b));
    return b;
}

/* add_table(bytes): adds a table made by table() of a counter with the same gazetteer. */
static PyObject *counter_add_table(CounterObject *self, PyObject *arg)
{
    if (counter_usable(self)) return NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    const char *why = NULL;
    int rc = rc_counter_add_table(self->counter, view.buf, (size_t)view.len, &why);
    PyBuffer_Release(&view);
    if (rc == RC_EFORMAT) {
        PyErr_Format(PyExc_ValueError, "add_table: %s", why);
        return NULL;
    }
    if (rc) return rc_py_raise(rc, "PairCounter.add_table");
    Py_RETURN_NONE;
}

/* rows() -> [(a, b, count, docs)], sorted by count (descending), a, b. */
static PyObject *counter_rows(CounterObject *self, PyObject *unused)
{
    if (counter_usable(self)) return NULL;
    const rc_pair_counts *t = totals(self, 1, "PairCounter.rows");
    return t ? pair_rows(self, t, 1) : NULL;
}

/* .documents (closure NULL) and .bytes (closure non-NULL) */
static PyObject *counter_get_stat(CounterObject *self, void *bytes)
{
    uint64_t n[2];
    rc_counter_stats(self->counter, &n[0], &n[1]);
    return PyLong_FromUnsignedLongLong(n[bytes != NULL]);
}

static PyObject *counter_get_window(CounterObject *self, void *unused)
{
    rc_window w = rc_counter_window(self->counter);
    return w.kind == RC_WINDOW_TOKENS ? PyLong_FromSize_t(w.tokens)
                                      : PyUnicode_FromString(rc_value_name(RC_NAMES_WINDOW, w.kind));
}

static Py_ssize_t counter_len(CounterObject *self)
{
    if (counter_usable(self)) return -1;
    const rc_pair_counts *t = totals(self, 0, "PairCounter");
    return t ? (Py_ssize_t)t->len : -1;
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
     "add_table($self, table, /)\n--\n\nAdd the totals of table() bytes (from a counter with the same\n"
     "gazetteer; ValueError otherwise) to this counter's."},
    {"rows", (PyCFunction)counter_rows, METH_NOARGS,
     "rows()\n--\n\nThe totals as [(a, b, count, docs)], a < b, sorted by count (descending),\n"
     "then a, then b."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef counter_getset[] = {
    {"documents", (getter)counter_get_stat, NULL, "documents counted so far", NULL},
    {"bytes", (getter)counter_get_stat, NULL, "UTF-8 bytes of the documents counted so far", (void *)"bytes"},
    {"window", (getter)counter_get_window, NULL, "'sentence', 'document' or a token count", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const char counter_doc[] =
    "PairCounter(gazetteer, window='sentence')\n--\n\n"
    "Co-mention totals over a stream of documents, counted in C on worker threads.\n"
    "gazetteer: a relcore.Gazetteer or its compiled image (bytes). window: 'sentence',\n"
    "'document' or a positive token count, as relcore.Doc.pairs().";

static PyType_Slot counter_slots[] = {
    {Py_tp_new, counter_new},         {Py_tp_dealloc, counter_dealloc}, {Py_tp_methods, counter_methods},
    {Py_tp_getset, counter_getset},   {Py_sq_length, counter_len},      {Py_tp_doc, (void *)counter_doc},
    {0, NULL},
};

static PyType_Spec counter_spec = {
    "relcore._core.PairCounter", sizeof(CounterObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE, counter_slots};

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
