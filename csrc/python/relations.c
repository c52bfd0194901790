/* relations.c (binding) — relcore._core.Counter, the C half of relcore.counter.PairCounter:
 * co-mention counts over many documents, counted by the core's rc_counter on worker threads with
 * the GIL released. The Python class takes the arguments (keywords, paths as bytes, the items as
 * a tuple) and documents the API; this type hands the items to the workers and builds the rows.
 *
 * The counter shares the compiled gazetteer of a relcore.Gazetteer (read-only in the core, kept
 * alive by a reference): nothing is copied or loaded per counter (relcore.counter loads an image,
 * what travels to other processes, into one first). Texts reach the workers as the strs' own
 * storage; the workers convert them to UTF-8. */
#include "binding.h"

#include <string.h>

typedef struct {
    PyObject_HEAD
    PyObject *compiled;     /* the compiled gazetteer counted with: its rc_gazetteer and id strs */
    rc_counter *counter;
    int busy;               /* a feed is running (the GIL is released meanwhile) */
} CounterObject;

static void Counter_release(CounterObject *self)
{
    rc_counter_free(self->counter);
    Py_XDECREF(self->compiled);
}

/* Counter(compiled, window, /): a CompiledGazetteer (relcore.counter turns a Gazetteer or an image into one). */
static PyObject *Counter_new_impl(PyTypeObject *type, PyObject *gaz, long window)
{
    PyObject *compiled = rc_py_gazetteer_compiled(gaz);
    rc_counter *counter = NULL;
    int rc = compiled && rc_py_compiled_ids(compiled) ? rc_counter_new(rc_py_compiled_gazetteer(compiled), rc_py_window_code(window), &counter) : 1;
    CounterObject *self = rc ? NULL : (CounterObject *)RC_PY_TP_ALLOC(type, 0);
    if (!self) {
        if (rc < 0) rc_py_raise(rc, "PairCounter");
        rc_counter_free(counter);
        Py_XDECREF(compiled);
        return NULL;
    }
    self->compiled = compiled;
    self->counter = counter;
    return (PyObject *)self;
}

/* Whether the counter can be used now: not counting in another thread, and not left with
 * partial totals by an earlier allocation failure. 0, or -1 with RuntimeError set. */
static int counter_usable(CounterObject *self)
{
    if (self->busy) PyErr_SetString(PyExc_RuntimeError, "PairCounter is counting in another thread");
    else if (rc_counter_broken(self->counter))
        PyErr_SetString(PyExc_RuntimeError, "this PairCounter ran out of memory earlier; its totals "
                        "are incomplete: start a new one");
    return self->busy || rc_counter_broken(self->counter) ? -1 : 0;
}

/* Pairs as [(a, b, count)], or with docs [(a, b, count, docs)], in the table's order: plain tuples
 * made directly (Py_BuildValue parses its format per row), untracked (strs and ints). */
static PyObject *pair_rows(CounterObject *self, const rc_pair_counts *t, int docs)
{
    PyObject *ids = rc_py_compiled_ids(self->compiled); /* made in counter_new: never NULL here */
    PyObject *list = PyList_New((Py_ssize_t)t->len);
    for (size_t r = 0; list && r < t->len; r++) {
        PyObject *f[4] = {Py_NewRef(PyTuple_GET_ITEM(ids, t->a[r])), Py_NewRef(PyTuple_GET_ITEM(ids, t->b[r])),
                          PyLong_FromUnsignedLongLong(t->count[r]), docs ? PyLong_FromUnsignedLongLong(t->docs[r]) : NULL};
        PyObject *row = rc_py_record_new((PyObject *)&PyTuple_Type, docs ? 4 : 3, f);
        if (!row) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)r, row);
    }
    return list;
}

/* What became of a document that was not counted, for Python: the byte offset of invalid UTF-8,
 * or an OSError. */
static PyObject *failure(int rc, int err, size_t bad_offset)
{
    if (rc == RC_EUTF8) return PyLong_FromSize_t(bad_offset);
    return PyObject_CallFunction(PyExc_OSError, "is", err, strerror(err));
}

/* feed(items, threads, per_doc, files, /): items a tuple of str or UTF-8 bytes, or with files of
 * paths as bytes. One result per item: its pairs (per_doc) or None, or its failure. */
static PyObject *Counter_feed_impl(CounterObject *self, PyObject *items, long threads, int per_doc, int files)
{
    PyObject *result = NULL;
    int rc;
    if (!PyTuple_Check(items)) return PyErr_Format(PyExc_TypeError, "feed: items must be a tuple");
    if (counter_usable(self)) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    rc_document *docs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *docs);
    rc_document_result *res = PyMem_Calloc(n ? (size_t)n : 1, sizeof *res); /* all zero: RC_DOCUMENT_RESULT_INIT */
    if (!docs || !res) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) { /* the tuple holds the items while the workers read them */
        PyObject *o = PyTuple_GET_ITEM(items, i);
        if (PyBytes_Check(o)) {
            if (files) docs[i].path = PyBytes_AS_STRING(o);
            else docs[i] = (rc_document){PyBytes_AS_STRING(o), (size_t)PyBytes_GET_SIZE(o), NULL, 1, 0};
        } else if (PyUnicode_Check(o) && !files) { /* its own storage: ASCII is UTF-8, the rest code units */
#if PY_VERSION_HEX < 0x030C0000
            if (PyUnicode_READY(o) < 0) goto done;
#endif
            docs[i] = (rc_document){PyUnicode_DATA(o), (size_t)PyUnicode_GET_LENGTH(o), NULL, 0,
                                    PyUnicode_IS_ASCII(o) ? 0 : (int)PyUnicode_KIND(o)};
        } else {
            PyErr_Format(PyExc_TypeError, "texts must be str or bytes, not %.100s", Py_TYPE(o)->tp_name);
            goto done;
        }
    }
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    rc = rc_counter_feed(self->counter, docs, (size_t)n, threads, per_doc ? RC_COUNT_PER_DOC : 0, res);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    Py_ssize_t bad = 0; /* a refused batch names its first refused text */
    while (rc == RC_ESURROGATE && bad < n && res[bad].rc != RC_ESURROGATE) bad++;
    if (rc == RC_ESURROGATE && bad < n) rc_py_raise_surrogate(PyTuple_GET_ITEM(items, bad), (Py_ssize_t)res[bad].bad_offset);
    else if (rc) rc_py_raise(rc, "PairCounter");
    result = rc ? NULL : PyList_New(n);
    for (Py_ssize_t i = 0; result && i < n; i++) {
        const rc_document_result *r = &res[i];
        PyObject *x = r->rc ? failure(r->rc, r->err, r->bad_offset)
                            : per_doc ? pair_rows(self, &r->pairs, 0) : Py_NewRef(Py_None);
        if (!x) Py_CLEAR(result);
        else PyList_SET_ITEM(result, i, x);
    }
done:
    for (Py_ssize_t i = 0; res && i < n; i++) rc_document_result_free(&res[i]);
    PyMem_Free(docs);
    PyMem_Free(res);
    return result;
}

/* totals(form, /): the totals as their number of pairs (form 0); as rows [(a, b, count, docs)]
 * sorted by count (descending), a, b (form 1); or as bytes in the core's packed pair-table format,
 * unsorted (form 2) or in the order of the rows (form 3, what PairCounter.columns reads). */
static PyObject *Counter_totals_impl(CounterObject *self, long form)
{
    static const char *const what[] = {"PairCounter", "PairCounter.rows", "PairCounter.table", "PairCounter.columns"};
    const rc_pair_counts *t = NULL;
    if (counter_usable(self)) return NULL;
    int rc = form < 0 || form > 3 ? RC_EINVAL : rc_counter_totals(self->counter, form == 1 || form == 3, &t);
    if (rc) return rc_py_raise(rc, what[rc == RC_EINVAL ? 0 : form]);
    if (form < 2) return form ? pair_rows(self, t, 1) : PyLong_FromSize_t(t->len);
    size_t size = rc_pair_table_size(t);
    PyObject *b = size > (size_t)PY_SSIZE_T_MAX ? PyErr_NoMemory() : PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (b) rc_pair_table_write(t, rc_counter_entities(self->counter), (unsigned char *)PyBytes_AS_STRING(b));
    return b;
}

/* add_table(table, /): adds a table made by table() of a counter with the same gazetteer. */
static PyObject *Counter_add_table_impl(CounterObject *self, PyObject *arg)
{
    Py_buffer view;
    if (counter_usable(self) || PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    const char *why = NULL;
    int rc = rc_counter_add_table(self->counter, view.buf, (size_t)view.len, &why);
    PyBuffer_Release(&view);
    if (rc == RC_EFORMAT) return PyErr_Format(PyExc_ValueError, "add_table: %s", why);
    if (rc) return rc_py_raise(rc, "PairCounter.add_table");
    Py_RETURN_NONE;
}

/* stats() -> (documents, bytes): the documents counted so far and their UTF-8 bytes. */
static PyObject *Counter_stats_impl(CounterObject *self)
{
    uint64_t n[2];
    rc_counter_stats(self->counter, &n[0], &n[1]);
    return Py_BuildValue("(KK)", (unsigned long long)n[0], (unsigned long long)n[1]);
}

#include "gen/python/relations.c.h"
