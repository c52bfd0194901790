/* document.c (binding) — relcore._core.Document, analyze and analyze_batch: a text analyzed by
 * rc_analyze, kept as the core's columns.
 *
 * Nothing is made per token, sentence or mention until asked: the columns are exposed as
 * zero-copy buffers, the tokens as a Tokens object over the same memory, and a Match, a Span or
 * a Pair is built only when Python code reads one. A batch hands the strs' own storage to
 * rc_analyze_many_start, whose workers do all the per-document work with the GIL released — the
 * conversion to UTF-8 and the sentence pairs included — possibly while Python works on the
 * previous batch (analyze_start); Python only wraps the finished documents. */
#include "binding.h"

typedef struct {
    PyObject_HEAD
    PyObject *text;     /* the str every offset indexes */
    PyObject *tokens;   /* relcore.Tokens (it owns the token spans), or NULL until first asked */
    PyObject *compiled; /* the compiled gazetteer the mentions come from */
    rc_analysis d;      /* sentences, mentions and links; d.tokens was handed to `tokens` */
    rc_analysis_pairs p; /* the pairs of window `pw`, when `has_p` (counted by the worker, or last asked) */
    rc_window pw;
    int has_p;
    unsigned options;   /* rc_analyze's offset option, to make the tokens later alike */
    PyObject **evidence; /* per window of p: its (start, end) tuple, made on first use */
} DocumentObject;

/* Drops the evidence tuples (p changes window). */
static void clear_evidence(DocumentObject *self)
{
    for (size_t i = 0; self->evidence && i < self->p.n_windows; i++) Py_XDECREF(self->evidence[i]);
    PyMem_Free(self->evidence);
    self->evidence = NULL;
}

static rc_py_state *doc_state(PyObject *self) { return PyType_GetModuleState(Py_TYPE(self)); }

static void doc_dealloc(DocumentObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    clear_evidence(self);
    rc_analysis_free(&self->d);
    rc_analysis_pairs_free(&self->p);
    Py_XDECREF(self->text);
    Py_XDECREF(self->tokens);
    Py_XDECREF(self->compiled);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
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
    if (!self) {
        Py_XDECREF(tokens);
        rc_analysis_free(d);
        rc_analysis_pairs_free(p);
        return NULL;
    }
    self->text = Py_NewRef(text);
    self->tokens = tokens;
    self->options = options & RC_OFFSETS_CODEPOINTS;
    self->compiled = Py_NewRef(compiled);
    self->d = *d;
    self->p = *p;
    self->pw = (rc_window){RC_WINDOW_SENTENCE, 0};
    self->has_p = 1;
    self->evidence = NULL;
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
    self->tokens = rc_py_tokens_wrap(PyType_GetModuleState(Py_TYPE(self)), self->text, &self->d.tokens);
    return self->tokens ? 0 : -1;
}

/* ---- columns and records --------------------------------------------------------------------- */

static Py_ssize_t doc_mention_count(PyObject *self)
{
    return (Py_ssize_t)((DocumentObject *)self)->d.mentions.count;
}

static PyObject *mention_at(PyObject *self, Py_ssize_t i)
{
    const DocumentObject *d = (DocumentObject *)self;
    const rc_matches *m = &d->d.mentions;
    return rc_py_compiled_match(d->compiled, d->text, (Py_ssize_t)m->start[i], (Py_ssize_t)m->end[i], m->entry[i]);
}

/* mention(i) -> Match (negative i counts from the end) */
static PyObject *doc_mention(PyObject *self, PyObject *arg)
{
    if (!PyIndex_Check(arg))
        return PyErr_Format(PyExc_TypeError, "mention index must be an integer, not %.100s", Py_TYPE(arg)->tp_name);
    return rc_py_subscript(self, doc_mention_count(self), arg, mention_at, "mention");
}

/* mentions(start=0, stop=None, step=1, /) -> list[Match], as list(mentions)[start:stop:step] */
static PyObject *doc_mentions(PyObject *self, PyObject *args)
{
    PyObject *start = Py_None, *stop = Py_None, *step = Py_None;
    if (!PyArg_ParseTuple(args, "|OOO:mentions", &start, &stop, &step)) return NULL;
    PyObject *slice = PySlice_New(start, stop, step);
    PyObject *list = slice ? rc_py_subscript(self, doc_mention_count(self), slice, mention_at, "mention") : NULL;
    Py_XDECREF(slice);
    return list;
}

/* sentences() -> list[Span] */
static PyObject *doc_sentences(DocumentObject *self, PyObject *unused)
{
    return rc_py_span_list(doc_state((PyObject *)self), self->text, &self->d.sentences);
}

/* The columns: zero-copy buffers over the analysis' arrays (closure: where the array and its
 * count are in rc_analysis, the item format, and whether the tokens must be made first). */
typedef struct {
    size_t data, count;
    Py_ssize_t itemsize;
    const char *format;
    int tokens;
} column_def;

#define COLUMN(array, count, type, format, tokens) \
    {offsetof(rc_analysis, array), offsetof(rc_analysis, count), sizeof(type), format, tokens}
static const column_def columns[] = {
    COLUMN(mentions.start, mentions.count, int64_t, "q", 0),
    COLUMN(mentions.end, mentions.count, int64_t, "q", 0),
    COLUMN(mentions.entry, mentions.count, uint32_t, "I", 0),
    COLUMN(mention_entity, mentions.count, uint32_t, "I", 0),
    COLUMN(mention_sentence, mentions.count, int64_t, "q", 0),
    COLUMN(mention_token, mentions.count, int64_t, "q", 1),
    COLUMN(sentences.start, sentences.count, int64_t, "q", 0),
    COLUMN(sentences.end, sentences.count, int64_t, "q", 0),
};

static PyObject *get_column(PyObject *self, void *closure)
{
    const column_def *c = closure;
    if (c->tokens && ensure_tokens((DocumentObject *)self)) return NULL;
    const char *d = (const char *)&((DocumentObject *)self)->d;
    return rc_py_array_view(doc_state(self), self, *(void *const *)(d + c->data),
                            (Py_ssize_t)*(const size_t *)(d + c->count), c->itemsize, c->format);
}

static PyObject *get_text(PyObject *self, void *c) { return Py_NewRef(((DocumentObject *)self)->text); }
static PyObject *get_tokens(PyObject *self, void *c)
{
    if (ensure_tokens((DocumentObject *)self)) return NULL;
    return Py_NewRef(((DocumentObject *)self)->tokens);
}
static PyObject *get_ids(PyObject *self, void *c)
{
    return Py_XNewRef(rc_py_compiled_ids(((DocumentObject *)self)->compiled));
}
static PyObject *get_kinds(PyObject *self, void *c)
{
    return Py_XNewRef(rc_py_compiled_kinds(((DocumentObject *)self)->compiled));
}
static PyObject *get_sentence_count(PyObject *self, void *c)
{
    return PyLong_FromSize_t(((DocumentObject *)self)->d.sentences.count);
}

/* ---- pairs ------------------------------------------------------------------------------------ */

/* (start, end), untracked by the cyclic GC: ints only, never in a cycle (a corpus' thousands of
 * evidence tuples would otherwise set the collector off again and again). */
static PyObject *span_tuple(int64_t s, int64_t e)
{
    PyObject *a = PyLong_FromSsize_t((Py_ssize_t)s), *b = PyLong_FromSsize_t((Py_ssize_t)e);
    PyObject *t = a && b ? PyTuple_New(2) : NULL;
    if (!t) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, a);
    PyTuple_SET_ITEM(t, 1, b);
    PyObject_GC_UnTrack(t);
    return t;
}

/* The evidence span k (new reference): one tuple per window (rc_analysis_pairs.ev_window), shared
 * by every pair of that window. */
static PyObject *evidence_at(DocumentObject *self, size_t k)
{
    const rc_analysis_pairs *p = &self->p;
    if (!self->evidence && !(self->evidence = PyMem_Calloc(p->n_windows, sizeof *self->evidence)))
        return PyErr_NoMemory();
    PyObject **t = &self->evidence[p->ev_window[k]];
    if (!*t) *t = span_tuple(p->ev_start[k], p->ev_end[k]);
    return Py_XNewRef(*t);
}

/* pairs(window) -> list[Pair], most frequent first. The sentence pairs were counted by the
 * worker that analyzed the text; another window is counted here, and kept until the next. */
static PyObject *doc_pairs(DocumentObject *self, PyObject *arg)
{
    rc_window w;
    if (rc_py_window(arg, &w) || (w.kind == RC_WINDOW_TOKENS && ensure_tokens(self))) return NULL;
    PyObject *cls = rc_py_record_class(doc_state((PyObject *)self), RC_PY_PAIR);
    PyObject *ids = cls ? rc_py_compiled_ids(self->compiled) : NULL;
    if (!ids) return NULL;
    if (!self->has_p || self->pw.kind != w.kind || self->pw.tokens != w.tokens) {
        clear_evidence(self);
        self->has_p = 0;
        int rc = rc_analysis_pairs_get(&self->d, w, &self->p);
        if (rc) return rc_py_raise(rc, "Doc.pairs");
        self->pw = w;
        self->has_p = 1;
    }
    const rc_analysis_pairs *p = &self->p;
    PyObject *list = PyList_New((Py_ssize_t)p->len);
    for (size_t r = 0; list && r < p->len; r++) {
        PyObject *ev = PyTuple_New((Py_ssize_t)p->count[r]);
        for (size_t k = 0; ev && k < p->count[r]; k++) {
            PyObject *span = evidence_at(self, p->first[r] + k);
            if (!span) Py_CLEAR(ev);
            else PyTuple_SET_ITEM(ev, (Py_ssize_t)k, span);
        }
        if (ev) PyObject_GC_UnTrack(ev);
        PyObject *fields[4] = {Py_NewRef(PyTuple_GET_ITEM(ids, p->a[r])), Py_NewRef(PyTuple_GET_ITEM(ids, p->b[r])),
                               PyLong_FromUnsignedLongLong(p->count[r]), ev};
        PyObject *pair = rc_py_record_new(cls, 4, fields);
        if (!pair) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)r, pair);
    }
    return list;
}

static PyMethodDef doc_methods[] = {
    {"mention", (PyCFunction)doc_mention, METH_O,
     "mention($self, i, /)\n--\n\nThe i-th mention as a Match (negative i counts from the end)."},
    {"mentions", (PyCFunction)doc_mentions, METH_VARARGS,
     "mentions($self, start=0, stop=None, step=1, /)\n--\n\n"
     "The mentions [start:stop:step] as a list of Match."},
    {"sentences", (PyCFunction)doc_sentences, METH_NOARGS,
     "sentences($self, /)\n--\n\nThe sentences as a list of Span."},
    {"pairs", (PyCFunction)doc_pairs, METH_O,
     "pairs($self, window, /)\n--\n\n"
     "Co-mentioned pairs (list of relcore.Pair): window 'sentence', 'document' or a token count."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef doc_getset[] = {
    {"text", get_text, NULL, "the analyzed str", NULL},
    {"tokens", get_tokens, NULL, "the tokens (relcore.Tokens)", NULL},
    {"ids", get_ids, NULL, "tuple of the gazetteer's ids; mention_ids are indices into it", NULL},
    {"entry_kinds", get_kinds, NULL, "tuple of each gazetteer entry's kind; index with mention_entries", NULL},
    {"sentence_count", get_sentence_count, NULL, "number of sentences", NULL},
    {"mention_starts", get_column, NULL, "int64 buffer: str index of each mention's start", (void *)&columns[0]},
    {"mention_ends", get_column, NULL, "int64 buffer: str index after each mention", (void *)&columns[1]},
    {"mention_entries", get_column, NULL, "uint32 buffer: gazetteer entry of each mention", (void *)&columns[2]},
    {"mention_ids", get_column, NULL, "uint32 buffer: each mention's id as an index into ids", (void *)&columns[3]},
    {"mention_sentences", get_column, NULL, "int64 buffer: sentence of each mention", (void *)&columns[4]},
    {"mention_tokens", get_column, NULL, "int64 buffer: token in which each mention starts", (void *)&columns[5]},
    {"sentence_starts", get_column, NULL, "int64 buffer: str index of each sentence's start", (void *)&columns[6]},
    {"sentence_ends", get_column, NULL, "int64 buffer: str index after each sentence", (void *)&columns[7]},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot doc_slots[] = {
    {Py_tp_dealloc, doc_dealloc},
    {Py_tp_methods, doc_methods},
    {Py_tp_getset, doc_getset},
    {Py_sq_length, doc_mention_count},
    {Py_bf_getbuffer, rc_py_array_getbuffer},
    {Py_tp_doc, "A text analyzed in C, as columns (use relcore.Doc)."},
    {0, NULL},
};

static PyType_Spec doc_spec = {
    "relcore._core.Document", sizeof(DocumentObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION, doc_slots};

/* ---- analyze, analyze_batch, analyze_start ------------------------------------------------------ */

/* A batch being analyzed: the texts (the workers read the strs' storage), the core's outputs,
 * and the job, until analyze_finish makes the Documents (or the capsule holding it is dropped). */
typedef struct {
    rc_py_state *st;
    rc_py_batch b;
    PyObject *compiled;
    rc_analysis_pairs *pairs; /* one per text: its sentence pairs */
    rc_analysis_job *job;
} pending;

static const char PENDING[] = "relcore._core.pending_analysis";

/* Waits for the workers (GIL released for a batch, or for one text long enough: the binding's
 * policy), then frees everything the Documents did not take. */
static void pending_free(pending *pa)
{
    if (!pa) return;
    RC_PY_CALL(pa->b.n > 1 ? (size_t)-1 : pa->b.units, rc_analysis_job_finish(pa->job));
    for (Py_ssize_t i = 0; i < pa->b.got; i++) {
        rc_analysis_free(&((rc_analysis *)pa->b.out)[i]);
        if (pa->pairs) rc_analysis_pairs_free(&pa->pairs[i]);
    }
    PyMem_Free(pa->pairs);
    rc_py_batch_release(&pa->b);
    Py_XDECREF(pa->compiled);
    PyMem_Free(pa);
}

/* The capsule of analyze_start holds the batch, or once finished the PENDING mark and, as its
 * context, the list of Documents. */
static void pending_capsule_free(PyObject *capsule)
{
    void *p = PyCapsule_GetPointer(capsule, PENDING);
    if (p == (void *)PENDING) Py_XDECREF((PyObject *)PyCapsule_GetContext(capsule));
    else pending_free(p);
}

/* Takes the texts and starts the work (`threads` workers, the finishing thread being one). */
static pending *pending_start(PyObject *module, PyObject *items, const char *seq_error, PyObject *gaz,
                              long threads, int tokens)
{
    pending *pa = PyMem_Calloc(1, sizeof *pa);
    if (!pa) return (pending *)PyErr_NoMemory();
    pa->st = rc_py_module_state(module);
    const rc_entities *ents = NULL;
    if (!(pa->compiled = rc_py_gazetteer_compiled(gaz)) || !(ents = rc_py_compiled_entities(pa->compiled)) ||
        rc_py_batch_get(items, seq_error, NULL, "analyze", tokens ? 0 : RC_ANALYZE_NO_TOKENS, sizeof(rc_analysis),
                        &pa->b) ||
        !(pa->pairs = PyMem_Calloc(pa->b.n ? (size_t)pa->b.n : 1, sizeof *pa->pairs))) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        pending_free(pa);
        return NULL;
    }
    rc_analyze_many_start(rc_py_compiled_gazetteer(pa->compiled), ents, (size_t)pa->b.n, pa->b.texts, pa->b.opts,
                          threads, pa->b.out, pa->pairs, pa->b.codes, NULL, &pa->job);
    return pa;
}

static PyObject *document_of(void *ctx, rc_py_batch *b, Py_ssize_t i)
{
    pending *pa = ctx;
    return doc_new(pa->st, b->in[i].str, pa->compiled,
                   &((rc_analysis *)b->out)[i], &pa->pairs[i], b->opts[i]);
}

/* The Documents of a started batch, in input order; frees it. */
static PyObject *pending_finish(pending *pa, const char *what)
{
    RC_PY_CALL(pa->b.n > 1 ? (size_t)-1 : pa->b.units, rc_analysis_job_finish(pa->job));
    pa->job = NULL;
    PyObject *list = rc_py_batch_list(&pa->b, document_of, pa, what);
    pending_free(pa);
    return list;
}

/* analyze(text, gazetteer, tokens=True) -> Document */
static PyObject *py_analyze(PyObject *module, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"text", "gazetteer", "tokens", NULL};
    PyObject *obj, *gaz;
    int tokens = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|p:analyze", kwlist, &obj, &gaz, &tokens)) return NULL;
    PyObject *one = PyTuple_Pack(1, obj);
    pending *pa = one ? pending_start(module, one, NULL, gaz, 1, tokens) : NULL;
    PyObject *list = pa ? pending_finish(pa, "analyze") : NULL;
    PyObject *d = list ? Py_NewRef(PyList_GET_ITEM(list, 0)) : NULL;
    Py_XDECREF(list);
    Py_XDECREF(one);
    return d;
}

/* analyze_batch(texts, gazetteer, threads=1, tokens=True) -> list[Document];
 * analyze_start(...) -> the same, started: analyze_finish(started) gives the list. */
static PyObject *batch_call(PyObject *module, PyObject *args, PyObject *kw, int start)
{
    static char *kwlist[] = {"texts", "gazetteer", "threads", "tokens", NULL};
    PyObject *texts, *gaz;
    long threads = 1;
    int tokens = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, start ? "OO|lp:analyze_start" : "OO|lp:analyze_batch", kwlist,
                                     &texts, &gaz, &threads, &tokens) ||
        rc_py_check_threads(threads))
        return NULL;
    pending *pa = pending_start(module, texts, "texts must be a sequence of str", gaz, threads, tokens);
    if (!pa || !start) return pa ? pending_finish(pa, "analyze_many") : NULL;
    PyObject *capsule = PyCapsule_New(pa, PENDING, pending_capsule_free);
    if (!capsule) pending_free(pa);
    return capsule;
}

static PyObject *py_analyze_batch(PyObject *m, PyObject *args, PyObject *kw) { return batch_call(m, args, kw, 0); }
static PyObject *py_analyze_start(PyObject *m, PyObject *args, PyObject *kw) { return batch_call(m, args, kw, 1); }

static PyObject *py_analyze_finish(PyObject *module, PyObject *capsule)
{
    if (!PyCapsule_IsValid(capsule, PENDING))
        return PyErr_Format(PyExc_TypeError, "analyze_finish takes what analyze_start returned");
    pending *pa = PyCapsule_GetPointer(capsule, PENDING);
    if ((void *)pa == (void *)PENDING) { /* finished: its list, or the failure again */
        PyObject *list = PyCapsule_GetContext(capsule);
        return list ? Py_NewRef(list) : PyErr_Format(PyExc_ValueError, "analyze_finish: this batch failed");
    }
    PyObject *list = pending_finish(pa, "analyze_many");
    PyCapsule_SetPointer(capsule, (void *)PENDING); /* cannot fail: a capsule, a pointer */
    PyCapsule_SetContext(capsule, Py_XNewRef(list));
    return list;
}

PyMethodDef rc_py_document_methods[] = {
    {"analyze", (PyCFunction)(void (*)(void))py_analyze, METH_VARARGS | METH_KEYWORDS,
     "analyze($module, text, gazetteer, tokens=True)\n--\n\n"
     "Tokens, sentences, the gazetteer's mentions and the sentence pairs of text in one core call\n"
     "(GIL released); tokens=False leaves the tokens to be made when first needed."},
    {"analyze_batch", (PyCFunction)(void (*)(void))py_analyze_batch, METH_VARARGS | METH_KEYWORDS,
     "analyze_batch($module, texts, gazetteer, threads=1, tokens=True)\n--\n\n"
     "analyze() over a sequence of str on `threads` threads (0: one per CPU), GIL released."},
    {"analyze_start", (PyCFunction)(void (*)(void))py_analyze_start, METH_VARARGS | METH_KEYWORDS,
     "analyze_start($module, texts, gazetteer, threads=1, tokens=True)\n--\n\n"
     "analyze_batch() started in the background on threads - 1 threads; analyze_finish() of what\n"
     "it returns (this thread then helps with what is left) gives the list."},
    {"analyze_finish", (PyCFunction)py_analyze_finish, METH_O,
     "analyze_finish($module, started, /)\n--\n\nThe Documents of analyze_start() (the same list each time)."},
    {NULL, NULL, 0, NULL},
};

int rc_py_document_register(PyObject *module)
{
    rc_py_state *st = rc_py_module_state(module);
    st->document_type = PyType_FromModuleAndSpec(module, &doc_spec, NULL);
    if (!st->document_type) return -1;
    return PyModule_AddObjectRef(module, "Document", st->document_type);
}
