/* document.c (binding) — relcore._core.Document, analyze and analyze_stream: a text analyzed by
 * rc_analyze, kept as the core's columns.
 *
 * Nothing is made per token, sentence or mention until asked: the columns are exposed as
 * zero-copy buffers, the tokens as a Tokens object over the same memory, and a Match, a Span or
 * a Pair is built only when Python code reads one. A stream hands the strs' own storage to an
 * rc_analysis_stream, whose workers do all the per-document work with the GIL released — the
 * conversion to UTF-8 and the sentence pairs included — ahead of the Python code that wraps the
 * finished documents one by one. */
#include "binding.h"

typedef struct {
    PyObject_HEAD
    PyObject *text;     /* the str every offset indexes */
    PyObject *tokens;   /* relcore.Tokens (it owns the token spans), or NULL until first asked */
    PyObject *compiled; /* the compiled gazetteer the mentions come from */
    rc_analysis d;      /* sentences, mentions and links; d.tokens was handed to `tokens` */
    rc_analysis_pairs p; /* the pairs of window `pw` (counted by the worker, or last asked) */
    rc_window pw;
    unsigned options;   /* rc_analyze's offset option, to make the tokens later alike */
} DocumentObject;

static rc_py_state *doc_state(PyObject *self) { return PyType_GetModuleState(Py_TYPE(self)); }

/* The module's bin of finished analyses (relcore.h: rc_analysis_bin): a Document lets its arrays
 * go there, and a stream hands them back to its workers to fill with a later text. */
static const char BIN[] = "relcore.analysis_bin";
static rc_analysis_bin *analysis_bin(rc_py_state *st) { return st->analysis_bin ? PyCapsule_GetPointer(st->analysis_bin, BIN) : NULL; }

static void Document_release(DocumentObject *self)
{
    rc_analysis_bin_put(analysis_bin(doc_state((PyObject *)self)), &self->d, &self->p);
    Py_XDECREF(self->text);
    Py_XDECREF(self->tokens);
    Py_XDECREF(self->compiled);
}

/* A Document taking over *d and *p (its sentence pairs, counted by the worker), both reset to
 * empty, also on failure (then freed). `options`: what d was made with; with
 * RC_ANALYZE_NO_TOKENS the tokens are made when first needed. */
static PyObject *doc_new(rc_py_state *st, PyObject *text, PyObject *compiled, rc_analysis *d,
                         rc_analysis_pairs *p, unsigned options)
{
    PyObject *tokens = NULL;
    DocumentObject *self = NULL;
    if ((options & RC_ANALYZE_NO_TOKENS) || (tokens = rc_py_tokens_wrap(st, text, &d->tokens)))
        self = PyObject_New(DocumentObject, (PyTypeObject *)st->document_type);
    if (self) {
        self->text = Py_NewRef(text);
        self->tokens = tokens;
        self->compiled = Py_NewRef(compiled);
        self->d = *d;
        self->p = *p;
        self->pw = (rc_window){RC_WINDOW_SENTENCE, 0};
        self->options = options & RC_OFFSETS_CODEPOINTS;
    } else {
        Py_XDECREF(tokens);
        rc_analysis_free(d);
        rc_analysis_pairs_free(p);
    }
    *d = (rc_analysis)RC_ANALYSIS_INIT;
    *p = (rc_analysis_pairs)RC_ANALYSIS_PAIRS_INIT;
    return (PyObject *)self;
}

/* Makes the tokens if the analysis left them out (0, or -1 with an exception). A token window,
 * the token of a mention and the tokens themselves need them; nothing else does. */
static int ensure_tokens(DocumentObject *self)
{
    if (self->tokens) return 0;
    rc_py_text v;
    if (rc_py_text_get(self->text, NULL, &v)) return -1;
    int rc;
    RC_PY_TEXT_CALL(&v, rc, rc = rc_analysis_tokens(&self->d, v.data, v.len, self->options));
    if (rc) rc_py_text_raise(&v, rc, "Doc.tokens");
    rc_py_text_release(&v);
    if (rc) return -1;
    self->tokens = rc_py_tokens_wrap(doc_state((PyObject *)self), self->text, &self->d.tokens);
    return self->tokens ? 0 : -1;
}

/* ---- columns and records --------------------------------------------------------------------- */

static Py_ssize_t Document_len(PyObject *self)
{
    return (Py_ssize_t)((DocumentObject *)self)->d.mentions.count;
}

static PyObject *mention_at(PyObject *self, Py_ssize_t i)
{
    const DocumentObject *d = (DocumentObject *)self;
    const rc_matches *m = &d->d.mentions;
    return rc_py_compiled_match(d->compiled, d->text, (Py_ssize_t)m->start[i], (Py_ssize_t)m->end[i], m->entry[i]);
}

/* document[i] -> Match (negative i counts from the end), document[start:stop:step] -> list[Match] */
static PyObject *Document_subscript(PyObject *self, PyObject *key)
{
    return rc_py_subscript(self, Document_len(self), key, mention_at, "mention");
}

/* The columns: zero-copy buffers over the analysis' arrays (closure: where the array and its
 * count are in rc_analysis, the item format, and whether the tokens must be made first). */
typedef struct {
    size_t data, count;
    Py_ssize_t itemsize;
    const char *format;
    int tokens;
} column_def;

static PyObject *get_column(PyObject *self, const column_def *c)
{
    if (c->tokens && ensure_tokens((DocumentObject *)self)) return NULL;
    const char *d = (const char *)&((DocumentObject *)self)->d;
    return rc_py_array_view(doc_state(self), self, *(void *const *)(d + c->data),
                            (Py_ssize_t)*(const size_t *)(d + c->count), c->itemsize, c->format);
}

/* The getter of a column: where its array and count are in rc_analysis, its item type and format,
 * and whether the tokens must be made first. */
#define COLUMN(name, array, count, type, format, tokens)                                                \
    static PyObject *Document_##name##_get(PyObject *self, void *closure)                               \
    {                                                                                                   \
        static const column_def c = {offsetof(rc_analysis, array), offsetof(rc_analysis, count), sizeof(type), \
                                     format, tokens};                                                   \
        return get_column(self, &c);                                                                    \
    }
COLUMN(mention_starts, mentions.start, mentions.count, int64_t, "q", 0)
COLUMN(mention_ends, mentions.end, mentions.count, int64_t, "q", 0)
COLUMN(mention_entries, mentions.entry, mentions.count, uint32_t, "I", 0)
COLUMN(mention_ids, mention_entity, mentions.count, uint32_t, "I", 0)
COLUMN(mention_sentences, mention_sentence, mentions.count, int64_t, "q", 0)
COLUMN(mention_tokens, mention_token, mentions.count, int64_t, "q", 1)
COLUMN(sentence_starts, sentences.start, sentences.count, int64_t, "q", 0)
COLUMN(sentence_ends, sentences.end, sentences.count, int64_t, "q", 0)

static PyObject *Document_text_get(PyObject *self, void *c) { return Py_NewRef(((DocumentObject *)self)->text); }
static PyObject *Document_tokens_get(PyObject *self, void *c)
{
    return ensure_tokens((DocumentObject *)self) ? NULL : Py_NewRef(((DocumentObject *)self)->tokens);
}
/* ids and entry_kinds: tables of the compiled gazetteer */
static PyObject *Document_ids_get(PyObject *self, void *c)
{
    return Py_XNewRef(rc_py_compiled_ids(((DocumentObject *)self)->compiled));
}
static PyObject *Document_entry_kinds_get(PyObject *self, void *c)
{
    return Py_XNewRef(rc_py_compiled_kinds(((DocumentObject *)self)->compiled));
}

/* The columns are buffers the type serves itself (rc_py_array_view). */
#define Document_EXTRA_SLOTS {Py_bf_getbuffer, rc_py_array_getbuffer},

/* ---- pairs ------------------------------------------------------------------------------------ */

/* pairs(window) -> list[Pair], most frequent first. The sentence pairs were counted by the
 * worker that analyzed the text; another window is counted here, and kept until the next. Each
 * window's (start, end) evidence tuple is made once, shared by every pair of that window. */
static PyObject *Document_pairs_impl(DocumentObject *self, long window)
{
    rc_window w = rc_py_window_code(window);
    if (w.kind == RC_WINDOW_TOKENS && ensure_tokens(self)) return NULL;
    PyObject *cls = rc_py_record_class(doc_state((PyObject *)self), RC_PY_PAIR);
    PyObject *ids = cls ? rc_py_compiled_ids(self->compiled) : NULL;
    if (!ids) return NULL;
    if (self->pw.kind != w.kind || self->pw.tokens != w.tokens) {
        self->pw.kind = (rc_window_kind)-1; /* none, until counted */
        int rc = rc_analysis_pairs_get(&self->d, w, &self->p);
        if (rc) return rc_py_raise(rc, "Doc.pairs");
        self->pw = w;
    }
    const rc_analysis_pairs *p = &self->p;
    PyObject **spans = PyMem_Calloc(p->n_windows ? p->n_windows : 1, sizeof *spans);
    PyObject *list = spans ? PyList_New((Py_ssize_t)p->len) : PyErr_NoMemory();
    for (size_t r = 0; list && r < p->len; r++) {
        PyObject *ev = PyTuple_New((Py_ssize_t)p->count[r]);
        for (size_t k = p->first[r]; ev && k < p->first[r] + p->count[r]; k++) {
            PyObject **t = &spans[p->ev_window[k]];
            PyObject *f[2] = {*t ? NULL : PyLong_FromSsize_t((Py_ssize_t)p->ev_start[k]),
                              *t ? NULL : PyLong_FromSsize_t((Py_ssize_t)p->ev_end[k])};
            if (!*t) *t = rc_py_record_new((PyObject *)&PyTuple_Type, 2, f); /* a plain tuple, untracked */
            if (!*t) Py_CLEAR(ev);
            else PyTuple_SET_ITEM(ev, (Py_ssize_t)(k - p->first[r]), Py_NewRef(*t));
        }
        if (ev) PyObject_GC_UnTrack(ev);
        PyObject *fields[4] = {Py_NewRef(PyTuple_GET_ITEM(ids, p->a[r])), Py_NewRef(PyTuple_GET_ITEM(ids, p->b[r])),
                               PyLong_FromUnsignedLongLong(p->count[r]), ev};
        PyObject *pair = rc_py_record_new(cls, 4, fields);
        if (!pair) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)r, pair);
    }
    for (size_t i = 0; spans && i < p->n_windows; i++) Py_XDECREF(spans[i]);
    PyMem_Free(spans);
    return list;
}

/* ---- analyze, analyze_stream ------------------------------------------------------------------ */

/* A stream of texts analyzed by an rc_analysis_stream: the binding's side of the texts in it (each
 * str held while the workers read its storage), a ring of `window` in the order put. */
typedef struct {
    rc_py_state *st;
    PyObject *compiled;
    rc_analysis_stream *s;
    unsigned options;
    int busy;    /* in analyze_get with the GIL released: another thread must not use the stream */
    int workers; /* threads of its own (threads != 1): waiting for them needs the GIL released */
    size_t window, first, count;
    rc_py_text *in;
} stream;

static const char STREAM[] = "relcore._core.analysis_stream";

/* Stops the workers (GIL released: each finishes its text first), then releases the texts. A
 * stream without workers (analyze()) has nothing to wait for and keeps the GIL. */
static void stream_free(stream *sm)
{
    RC_PY_CALL(sm->workers ? (size_t)-1 : 0, rc_analysis_stream_free(sm->s));
    for (size_t k = 0; k < sm->count; k++) rc_py_text_release(&sm->in[(sm->first + k) % sm->window]);
    PyMem_Free(sm->in);
    Py_XDECREF(sm->compiled);
    PyMem_Free(sm);
}

static void stream_capsule_free(PyObject *capsule) { stream_free(PyCapsule_GetPointer(capsule, STREAM)); }

static stream *stream_new(PyObject *module, PyObject *gaz, long threads, size_t window, int tokens)
{
    stream *sm = PyMem_Calloc(1, sizeof *sm);
    if (!sm) return (stream *)PyErr_NoMemory();
    *sm = (stream){rc_py_module_state(module), NULL, NULL, tokens ? 0 : RC_ANALYZE_NO_TOKENS, 0, threads != 1, window, 0, 0, NULL};
    const rc_entities *ents = NULL;
    int rc = RC_ENOMEM;
    if (!(sm->compiled = rc_py_gazetteer_compiled(gaz)) || !(ents = rc_py_compiled_entities(sm->compiled)) ||
        !(sm->in = PyMem_Calloc(window, sizeof *sm->in)) ||
        (rc = rc_analysis_stream_new(rc_py_compiled_gazetteer(sm->compiled), ents, threads, window, 1, &sm->s))) {
        if (!PyErr_Occurred()) rc_py_raise(rc, "analyze");
        stream_free(sm);
        return NULL;
    }
    return sm;
}

/* Hands a str to the workers: Py_None (borrowed), or NULL with TypeError or ValueError (full). */
static PyObject *stream_put(stream *sm, PyObject *text)
{
    rc_py_text *t = &sm->in[(sm->first + sm->count) % sm->window];
    if (!PyUnicode_Check(text)) return PyErr_Format(PyExc_TypeError, "analyze() needs a str, not %.100s", Py_TYPE(text)->tp_name);
    if (sm->count == sm->window) return PyErr_Format(PyExc_ValueError, "analyze_put: the stream's window is full");
    if (rc_py_text_get(text, NULL, t)) return NULL;
    rc_analysis_stream_put(sm->s, &t->in, sm->options | (t->ascii ? 0 : RC_OFFSETS_CODEPOINTS));
    sm->count++;
    return Py_None;
}

/* The oldest text's Document (or NULL and its error), once done. With workers the wait releases
 * the GIL; without, this thread analyzes the text itself, under the policy of its length. */
static PyObject *stream_get(stream *sm)
{
    if (!sm->count) return PyErr_Format(PyExc_ValueError, "analyze_get: no text was put");
    rc_py_text *t = &sm->in[sm->first];
    rc_analysis d = RC_ANALYSIS_INIT;
    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
    int code = RC_OK;
    if (sm->workers) rc_analysis_bin_take(analysis_bin(sm->st), &d, &p); /* the swap hands them to the workers */
    sm->busy = 1;
    RC_PY_CALL(sm->workers ? (size_t)-1 : t->in.len, rc_analysis_stream_get(sm->s, &d, &p, &code, NULL));
    sm->busy = 0;
    PyObject *doc = code ? rc_py_text_raise(t, code, "analyze")
                         : doc_new(sm->st, t->str, sm->compiled, &d, &p, sm->options | (t->ascii ? 0 : RC_OFFSETS_CODEPOINTS));
    rc_py_text_release(t);
    sm->first = (sm->first + 1) % sm->window;
    sm->count--;
    return doc;
}

/* analyze(text, gazetteer, tokens=True) -> Document: a stream of one text, on this thread. */
static PyObject *analyze_impl(PyObject *module, PyObject *obj, PyObject *gaz, int tokens)
{
    stream *sm = stream_new(module, gaz, 1, 1, tokens);
    PyObject *d = sm && stream_put(sm, obj) ? stream_get(sm) : NULL;
    if (sm) stream_free(sm);
    return d;
}

/* analyze_stream(gazetteer, threads=1, window=1, tokens=True) -> the stream of analyze_put, analyze_get */
static PyObject *analyze_stream_impl(PyObject *module, PyObject *gaz, long threads, long window, int tokens)
{
    if (window < 1) return PyErr_Format(PyExc_ValueError, "window must be >= 1");
    stream *sm = stream_new(module, gaz, threads, (size_t)window, tokens);
    PyObject *capsule = sm ? PyCapsule_New(sm, STREAM, stream_capsule_free) : NULL;
    if (sm && !capsule) stream_free(sm);
    return capsule;
}

/* The stream of a capsule of analyze_stream, free to use; NULL with ValueError or RuntimeError. */
static stream *stream_of(PyObject *capsule)
{
    stream *sm = PyCapsule_GetPointer(capsule, STREAM);
    return sm && sm->busy ? (stream *)PyErr_Format(PyExc_RuntimeError, "the stream is in use by another thread") : sm;
}

static PyObject *analyze_put_impl(PyObject *module, PyObject *capsule, PyObject *text)
{
    stream *sm = stream_of(capsule);
    return sm ? Py_XNewRef(stream_put(sm, text)) : NULL;
}

static PyObject *analyze_get_impl(PyObject *module, PyObject *capsule)
{
    stream *sm = stream_of(capsule);
    return sm ? stream_get(sm) : NULL;
}

static void bin_destroy(PyObject *capsule) { rc_analysis_bin_free(PyCapsule_GetPointer(capsule, BIN)); }

int rc_py_document_register(PyObject *module)
{
    rc_analysis_bin *b = rc_analysis_bin_new(64); /* what a window's documents let go while the next are read */
    PyObject *capsule = b ? PyCapsule_New(b, BIN, bin_destroy) : PyErr_NoMemory();
    if (!capsule) rc_analysis_bin_free(b);
    return (rc_py_module_state(module)->analysis_bin = capsule) ? 0 : -1;
}

#include "gen/python/document.c.h"
