/* tokens.c (binding) — relcore._core.tokenize, sentences, tokenize_many and the Tokens type.
 *
 * A Tokens object owns the rc_spans that rc_tokenize filled (str indices) and a reference to its
 * text. Nothing is created per token unless asked: .starts/.ends/.kinds are memoryviews over the
 * span arrays themselves (numpy.asarray wraps them without a copy), tokens[i] builds one Token,
 * .texts() builds the strings, reusing the str of a short token already seen. */
#include "binding.h"

#include "base/keycache.h"

/* ---- Arrays: read-only memoryviews over memory that a Tokens or Document object owns --------- */

/* The array that rc_py_array_view is making a view of, which the owner's bf_getbuffer serves: the
 * memoryview keeps the owner alive, so no object of its own is needed. Only PyMemoryView_FromObject
 * in rc_py_array_view finds its owner's array pending; anyone else gets the TypeError of an object
 * without a buffer. Per thread, and saved around the call: a collection inside it may make views
 * too. */
typedef struct {
    PyObject *owner;
    void *data;
    Py_ssize_t n, itemsize;
    const char *format; /* "q", "I" or "B" */
} array_def;

static _Thread_local const array_def *pending;

int rc_py_array_getbuffer(PyObject *owner, Py_buffer *view, int flags)
{
    static const int64_t empty[1] = {0};
    const array_def *a = pending;
    view->obj = NULL;
    if (!a || a->owner != owner) { /* as if it had no buffer: it is a sequence of records */
        PyErr_Format(PyExc_TypeError, "a bytes-like object is required, not '%.100s'", Py_TYPE(owner)->tp_name);
        return -1;
    }
    /* Read-only (rc_py_array_view asks for no more), and no shape or strides: a memoryview takes
     * one dimension of len / itemsize items. */
    *view = (Py_buffer){.buf = a->data ? a->data : (void *)empty, .obj = Py_NewRef(owner), .len = a->n * a->itemsize,
                        .readonly = 1, .itemsize = a->itemsize, .ndim = 1,
                        .format = (flags & PyBUF_FORMAT) ? (char *)a->format : NULL};
    return 0;
}

PyObject *rc_py_array_view(rc_py_state *st, PyObject *owner, void *data, Py_ssize_t n,
                           Py_ssize_t itemsize, const char *format)
{
    const array_def a = {owner, data, n, itemsize, format}, *outer = pending;
    pending = &a;
    PyObject *mv = PyMemoryView_FromObject(owner);
    pending = outer;
    return mv;
}

/* ---- Tokens -------------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *text; /* the str the offsets index */
    rc_spans sp;    /* str indices and RC_TOK_* kinds */
} TokensObject;

PyObject *rc_py_tokens_wrap(rc_py_state *st, PyObject *text, rc_spans *sp)
{
    PyTypeObject *tp = (PyTypeObject *)st->tokens_type;
    TokensObject *t = (TokensObject *)RC_PY_TP_ALLOC(tp, 0);
    if (!t) return NULL;
    t->text = Py_NewRef(text);
    t->sp = *sp;
    *sp = (rc_spans)RC_SPANS_INIT;
    return (PyObject *)t;
}

static void Tokens_release(TokensObject *t)
{
    Py_CLEAR(t->text);
    rc_spans_free(&t->sp);
}

static Py_ssize_t Tokens_len(PyObject *self) { return (Py_ssize_t)((TokensObject *)self)->sp.count; }

/* The record of span i of text: Token(start, end, text, kind), or Span(start, end, text) when
 * kind_names is NULL. */
static PyObject *record_at(rc_py_state *st, PyObject *kind_names, PyObject *text, const rc_spans *sp, size_t i)
{
    PyObject *cls = rc_py_record_class(st, kind_names ? RC_PY_TOKEN : RC_PY_SPAN);
    if (!cls) return NULL;
    Py_ssize_t a = (Py_ssize_t)sp->start[i], e = (Py_ssize_t)sp->end[i], k = kind_names ? sp->kind[i] : 0;
    PyObject *fields[4] = {PyLong_FromSsize_t(a), PyLong_FromSsize_t(e), PyUnicode_Substring(text, a, e),
                           kind_names ? Py_NewRef(PyTuple_GET_ITEM(kind_names, k < RC_TOK_KIND_COUNT ? k : 0)) : NULL};
    return rc_py_record_new(cls, kind_names ? 4 : 3, fields);
}

static PyObject *Tokens_item(PyObject *self, Py_ssize_t i)
{
    TokensObject *t = (TokensObject *)self;
    if (i < 0 || i >= Tokens_len(self)) return PyErr_Format(PyExc_IndexError, "token index out of range");
    rc_py_state *st = PyType_GetModuleState(Py_TYPE(self));
    return record_at(st, st->kind_names, t->text, &t->sp, (size_t)i);
}

static PyObject *Tokens_subscript(PyObject *self, PyObject *key)
{
    return rc_py_subscript(self, Tokens_len(self), key, Tokens_item, "token");
}

/* .starts, .ends, .kinds (which: 0, 1, 2): a memoryview over that span array itself. */
static PyObject *tokens_array(PyObject *self, int which)
{
    const rc_spans *sp = &((TokensObject *)self)->sp;
    void *data = which == 0 ? (void *)sp->start : which == 1 ? (void *)sp->end : (void *)sp->kind;
    return rc_py_array_view(PyType_GetModuleState(Py_TYPE(self)), self, data, Tokens_len(self), which < 2 ? 8 : 1,
                            which < 2 ? "q" : "B");
}

static PyObject *Tokens_starts_get(PyObject *self, void *closure) { return tokens_array(self, 0); }
static PyObject *Tokens_ends_get(PyObject *self, void *closure) { return tokens_array(self, 1); }
static PyObject *Tokens_kinds_get(PyObject *self, void *closure) { return tokens_array(self, 2); }
static PyObject *Tokens_text_get(PyObject *self, void *closure) { return Py_NewRef(((TokensObject *)self)->text); }

/* The strs of short tokens repeat (the, of, ",", "."): the module keeps those of recent short
 * tokens in a keycache (base/keycache.h: keyed by the token's code units as stored in its source
 * str and their size), one strong reference per slot, for every call. Made at import; only the
 * GIL holder touches it. */
static void cache_destroy(PyObject *capsule)
{
    rc_keycache *c = PyCapsule_GetPointer(capsule, "relcore.text_cache");
    for (size_t i = 0; i < RC_KEYCACHE_SLOTS; i++) Py_XDECREF((PyObject *)c->slot[i].value);
    rc_keycache_free(c);
}

/* The str of units [a, a + len) of text. Tokens of UCS-2 text are mostly ASCII, made here directly
 * (PyUnicode_Substring would look for the largest character first, then convert). */
static PyObject *substring(PyObject *text, int kind, const unsigned char *data, Py_ssize_t a, Py_ssize_t len)
{
    if (kind != PyUnicode_2BYTE_KIND || len < 2) return PyUnicode_Substring(text, a, a + len);
    const Py_UCS2 *u = (const Py_UCS2 *)(const void *)data + a;
    Py_UCS2 max = 0;
    for (Py_ssize_t i = 0; i < len; i++) max |= u[i];
    if (max >= 0x80) return PyUnicode_Substring(text, a, a + len);
    PyObject *s = PyUnicode_New(len, 127);
    if (!s) return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(s);
    for (Py_ssize_t i = 0; i < len; i++) out[i] = (Py_UCS1)u[i];
    return s;
}

static PyObject *Tokens_texts_impl(TokensObject *t)
{
    Py_ssize_t n = (Py_ssize_t)t->sp.count;
    rc_py_state *st = PyType_GetModuleState(Py_TYPE(t));
    rc_keycache *cache = PyCapsule_GetPointer(st->text_cache, "relcore.text_cache");
    PyObject *list = PyList_New(n);
    if (!list) return NULL;
    int kind = PyUnicode_KIND(t->text);
    const unsigned char *data = PyUnicode_DATA(t->text);
    const unsigned char *end = data + PyUnicode_GET_LENGTH(t->text) * kind;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t a = (Py_ssize_t)t->sp.start[i], len = (Py_ssize_t)t->sp.end[i] - a;
        rc_keycache_key key;
        size_t slot;
        PyObject *s;
        if (len < 1 || len * kind > RC_KEYCACHE_MAX_BYTES)
            s = substring(t->text, kind, data, a, len);
        else if (len == 1 && PyUnicode_READ(kind, data, a) < 0x100) /* singletons in CPython: kept out of the cache */
            s = PyUnicode_FromOrdinal((int)PyUnicode_READ(kind, data, a));
        else if ((s = rc_keycache_get(cache, data + a * kind, (size_t)(len * kind), (unsigned)kind, end, &key, &slot)))
            Py_INCREF(s);
        else if ((s = substring(t->text, kind, data, a, len)))
            Py_XDECREF((PyObject *)rc_keycache_put(cache, slot, &key, Py_NewRef(s)));
        if (!s) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, s);
    }
    return list;
}

/* What the stub cannot say: the buffer slot serving rc_py_array_view, and a type relcore/_tokens.py
 * sets its repr on. Not garbage collected: a Tokens object refers only to a str, which cannot take
 * part in a cycle. */
#define Tokens_EXTRA_SLOTS {Py_bf_getbuffer, rc_py_array_getbuffer},
#define Tokens_FLAGS (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION)

/* ---- Functions ----------------------------------------------------------------------------- */

/* tokenize(text, *, mode="words", errors="strict") -> Tokens and
 * sentences(text, *, mode="text", errors="strict") -> list[Span]: the same arguments, another
 * core call and result. */
static PyObject *spans_of(PyObject *module, PyObject *obj, const char *mode, const char *errors, int sentences)
{
    long options = rc_py_name(sentences ? RC_NAMES_SENTENCE_MODE : RC_NAMES_TOKEN_MODE, mode, "mode");
    rc_py_text t;
    if (options < 0 || rc_py_text_get(obj, errors, &t)) return NULL;
    if (!t.ascii) options |= RC_OFFSETS_CODEPOINTS; /* ASCII byte offsets are str indices */
    rc_spans sp = RC_SPANS_INIT;
    int rc;
    RC_PY_TEXT_CALL(&t, rc, rc = (sentences ? rc_sentences : rc_tokenize)(t.data, t.len, (unsigned)options, &sp));
    rc_py_state *st = rc_py_module_state(module);
    PyObject *res = rc ? rc_py_text_raise(&t, rc, sentences ? "sentences" : "tokenize")
                    : sentences ? rc_py_span_list(st, t.str, &sp) : rc_py_tokens_wrap(st, t.str, &sp);
    rc_spans_free(&sp);
    rc_py_text_release(&t);
    return res;
}

static PyObject *tokenize_impl(PyObject *module, PyObject *text, const char *mode, const char *errors)
{
    return spans_of(module, text, mode, errors, 0);
}

static PyObject *sentences_impl(PyObject *module, PyObject *text, const char *mode, const char *errors)
{
    return spans_of(module, text, mode, errors, 1);
}

PyObject *rc_py_span_list(rc_py_state *st, PyObject *text, const rc_spans *sp)
{
    PyObject *list = PyList_New((Py_ssize_t)sp->count);
    for (size_t i = 0; list && i < sp->count; i++) {
        PyObject *span = record_at(st, NULL, text, sp, i);
        if (!span) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)i, span);
    }
    return list;
}

/* tokenize_many(texts, *, mode="words", threads=0, errors="strict") -> list[Tokens]: the texts
 * taken with the GIL, tokenized without it by rc_tokenize_texts in runs of about
 * RC_PY_SIGNAL_BYTES, looking for Ctrl-C between runs (a long list answers KeyboardInterrupt
 * within a run's time, not at its end), then wrapped in input order. */
static PyObject *tokenize_many_impl(PyObject *module, PyObject *items, const char *mode, long threads,
                                   const char *errors)
{
    PyObject *seq, *list = NULL;
    long options;
    if ((options = rc_py_name(RC_NAMES_TOKEN_MODE, mode, "mode")) < 0 ||
        !(seq = PySequence_Fast(items, "texts must be an iterable of str or bytes")))
        return NULL;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    const size_t m = n ? (size_t)n : 1; /* zeroed, so that every slot can be released */
    rc_py_text *in = PyMem_Calloc(m, sizeof *in);
    rc_text *texts = PyMem_Calloc(m, sizeof *texts);
    unsigned *opts = PyMem_Calloc(m, sizeof *opts);
    int *codes = PyMem_Calloc(m, sizeof *codes);
    rc_spans *out = PyMem_Calloc(m, sizeof *out); /* all zero: RC_SPANS_INIT */
    if (!in || !texts || !opts || !codes || !out) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (rc_py_text_get(PySequence_Fast_GET_ITEM(seq, i), errors, &in[i]) ||
            (i % RC_PY_SIGNAL_ITEMS == RC_PY_SIGNAL_ITEMS - 1 && PyErr_CheckSignals() < 0))
            goto done;
        texts[i] = in[i].in;
        opts[i] = (unsigned)options | (in[i].ascii ? 0 : RC_OFFSETS_CODEPOINTS);
    }
    for (size_t i0 = 0, i1; i0 < (size_t)n; i0 = i1) {
        size_t units = 0;
        for (i1 = i0; i1 < (size_t)n && (i1 == i0 || units < RC_PY_SIGNAL_BYTES); i1++) units += texts[i1].len;
        RC_PY_CALL(SIZE_MAX, rc_tokenize_texts(i1 - i0, texts + i0, opts + i0, threads, out + i0, codes + i0, NULL));
        if (PyErr_CheckSignals() < 0) goto done;
    }
    list = PyList_New(n);
    for (Py_ssize_t i = 0; list && i < n; i++) {
        PyObject *x = NULL;
        if (i % RC_PY_SIGNAL_ITEMS < RC_PY_SIGNAL_ITEMS - 1 || PyErr_CheckSignals() == 0)
            x = codes[i] ? rc_py_text_raise(&in[i], codes[i], "tokenize_many")
                         : rc_py_tokens_wrap(rc_py_module_state(module), in[i].str, &out[i]);
        if (!x) Py_CLEAR(list);
        else PyList_SET_ITEM(list, i, x);
    }
done:
    for (Py_ssize_t i = 0; in && out && i < n; i++) {
        rc_spans_free(&out[i]);
        rc_py_text_release(&in[i]);
    }
    PyMem_Free(in);
    PyMem_Free(texts);
    PyMem_Free(opts);
    PyMem_Free(codes);
    PyMem_Free(out);
    Py_DECREF(seq);
    return list;
}

int rc_py_tokens_register(PyObject *module)
{
    rc_py_state *st = rc_py_module_state(module);
    rc_keycache *cache = rc_keycache_new();
    if (!cache) return PyErr_NoMemory(), -1;
    if (!(st->text_cache = PyCapsule_New(cache, "relcore.text_cache", cache_destroy))) {
        rc_keycache_free(cache);
        return -1;
    }
    st->kind_names = PyTuple_New(RC_TOK_KIND_COUNT);
    if (!st->kind_names) return -1;
    for (int k = 0; k < RC_TOK_KIND_COUNT; k++) {
        PyObject *name = PyUnicode_InternFromString(rc_token_kind_name(k));
        if (!name) return -1;
        PyTuple_SET_ITEM(st->kind_names, k, name);
    }
    return PyModule_AddObjectRef(module, "TOKEN_KINDS", st->kind_names);
}

#include "gen/python/tokens.c.h"
