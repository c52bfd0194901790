/* document.c (binding) — relcore._core.Document, analyze and analyze_batch: a text analyzed by
 * rc_analyze, kept as the core's columns.
 *
 * Nothing is made per token, sentence or mention until asked: the columns are exposed as
 * zero-copy buffers, the tokens as a Tokens object over the same memory, and a Match, a Span or
 * a Pair is built only when Python code reads one. analyze_batch hands the strs' own storage to
 * rc_analyze_many, which runs on the core's worker pool with the GIL released for all the
 * per-document work, the conversion to UTF-8 included; Python only wraps the finished documents. */
#include "binding.h"

typedef struct {
    PyObject_HEAD
    PyObject *text;     /* the str every offset indexes */
    PyObject *tokens;   /* relcore.Tokens (it owns the token spans), or NULL until first asked */
    PyObject *compiled; /* the compiled gazetteer the mentions come from */
    rc_analysis d;      /* sentences, mentions and links; d.tokens was handed to `tokens` */
    unsigned options;   /* rc_analyze's offset option, to make the tokens later alike */
    PyObject **evidence; /* per sentence: its (start, end) tuple, made on first use */
} DocumentObject;

static rc_py_state *doc_state(PyObject *self) { return PyType_GetModuleState(Py_TYPE(self)); }

static void doc_dealloc(DocumentObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    if (self->evidence) {
        for (size_t i = 0; i < self->d.sentences.count; i++) Py_XDECREF(self->evidence[i]);
        PyMem_Free(self->evidence);
    }
    rc_analysis_free(&self->d);
    Py_XDECREF(self->text);
    Py_XDECREF(self->tokens);
    Py_XDECREF(self->compiled);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* A Document taking over *d (reset to empty, also on failure: then freed). `options`: what d was
 * made with; with RC_ANALYZE_NO_TOKENS the tokens are made when first needed. */
static PyObject *doc_new(rc_py_state *st, PyObject *text, PyObject *compiled, rc_analysis *d,
                         unsigned options)
{
    PyObject *tokens = NULL;
    if (!(options & RC_ANALYZE_NO_TOKENS) && !(tokens = rc_py_tokens_wrap(st, text, &d->tokens))) {
        rc_analysis_free(d);
        return NULL;
    }
    PyTypeObject *tp = (PyTypeObject *)st->document_type;
    DocumentObject *self = PyObject_New(DocumentObject, tp);
    if (!self) {
        Py_XDECREF(tokens);
        rc_analysis_free(d);
        return NULL;
    }
    self->text = Py_NewRef(text);
    self->tokens = tokens;
    self->options = options & RC_OFFSETS_CODEPOINTS;
    self->compiled = Py_NewRef(compiled);
    self->d = *d;
    self->evidence = NULL;
    rc_analysis empty = RC_ANALYSIS_INIT;
    *d = empty;
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

static PyObject *span_tuple(int64_t s, int64_t e)
{
    return Py_BuildValue("(LL)", (long long)s, (long long)e);
}

/* The evidence span k: sentence spans are shared by every pair of their sentence. */
static PyObject *evidence_at(DocumentObject *self, const rc_analysis_pairs *p, size_t k, rc_window w)
{
    const rc_spans *sp = &self->d.sentences;
    if (w.kind == RC_WINDOW_SENTENCE && sp->count) {
        if (!self->evidence) {
            self->evidence = PyMem_Calloc(sp->count, sizeof *self->evidence);
            if (!self->evidence) return PyErr_NoMemory();
        }
        /* the sentence of this span: its start is a sentence start (binary search) */
        size_t lo = 0, hi = sp->count;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (sp->start[mid] <= p->ev_start[k]) lo = mid;
            else hi = mid;
        }
        if (!self->evidence[lo]) self->evidence[lo] = span_tuple(sp->start[lo], sp->end[lo]);
        return Py_XNewRef(self->evidence[lo]);
    }
    return span_tuple(p->ev_start[k], p->ev_end[k]);
}

/* pairs(window) -> list[Pair], most frequent first */
static PyObject *doc_pairs(DocumentObject *self, PyObject *arg)
{
    rc_window w;
    if (rc_py_window(arg, &w)) return NULL;
    if (w.kind == RC_WINDOW_TOKENS && ensure_tokens(self)) return NULL;
    PyObject *cls = rc_py_record_class(doc_state((PyObject *)self), RC_PY_PAIR);
    if (!cls) return NULL;
    PyObject *ids = rc_py_compiled_ids(self->compiled);
    if (!ids) return NULL;
    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
    int rc = rc_analysis_pairs_get(&self->d, w, &p);
    if (rc) {
        rc_analysis_pairs_free(&p);
        return rc_py_raise(rc, "Doc.pairs");
    }
    PyObject *list = PyList_New((Py_ssize_t)p.len);
    PyObject *whole = NULL; /* document window: the one evidence span of every pair */
    for (size_t r = 0; list && r < p.len; r++) {
        PyObject *ev = PyTuple_New((Py_ssize_t)p.count[r]);
        for (size_t k = 0; ev && k < p.count[r]; k++) {
            PyObject *span;
            if (w.kind == RC_WINDOW_DOCUMENT) {
                if (!whole) whole = span_tuple(p.ev_start[p.first[r]], p.ev_end[p.first[r]]);
                span = Py_XNewRef(whole);
            } else {
                span = evidence_at(self, &p, p.first[r] + k, w);
            }
            if (!span) Py_CLEAR(ev);
            else PyTuple_SET_ITEM(ev, (Py_ssize_t)k, span);
        }
        PyObject *fields[4] = {Py_NewRef(PyTuple_GET_ITEM(ids, p.a[r])), Py_NewRef(PyTuple_GET_ITEM(ids, p.b[r])),
                               PyLong_FromUnsignedLongLong(p.count[r]), ev};
        PyObject *pair = rc_py_record_new(cls, 4, fields);
        if (!pair) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)r, pair);
    }
    Py_XDECREF(whole);
    rc_analysis_pairs_free(&p);
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
    {Py_tp_doc, "A text analyzed in C, as columns (use relcore.Doc)."},
    {0, NULL},
};

static PyType_Spec doc_spec = {
    "relcore._core.Document", sizeof(DocumentObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION, doc_slots};

/* ---- analyze, analyze_batch ----------------------------------------------------------------- */

/* The compiled gazetteer of `gaz` and its entity numbering (new reference, or NULL). */
static PyObject *compiled_of(PyObject *gaz, const rc_entities **ents)
{
    PyObject *c = rc_py_gazetteer_compiled(gaz);
    if (!c) return NULL;
    *ents = rc_py_compiled_entities(c);
    if (!*ents) Py_CLEAR(c);
    return c;
}

typedef struct {
    rc_py_state *st;
    PyObject *compiled;
} batch_ctx;

/* The Document of text i of a batch (taking over its analysis). */
static PyObject *document_of(void *ctx, rc_py_batch *b, Py_ssize_t i)
{
    const batch_ctx *c = ctx;
    return doc_new(c->st, b->in[i].str, c->compiled, &((rc_analysis *)b->out)[i], b->opts[i]);
}

/* analyze_batch(texts, gazetteer, threads=1) -> list[Document], in input order */
static PyObject *analyze_seq(PyObject *module, PyObject *items, const char *seq_error, PyObject *gaz,
                             long threads, int tokens, const char *what)
{
    const rc_entities *ents;
    batch_ctx ctx = {rc_py_module_state(module), compiled_of(gaz, &ents)};
    if (!ctx.compiled) return NULL;
    rc_py_batch b;
    PyObject *list = NULL;
    if (!rc_py_batch_get(items, seq_error, NULL, "analyze", tokens ? 0 : RC_ANALYZE_NO_TOKENS,
                         sizeof(rc_analysis), &b)) {
        const rc_gazetteer *g = rc_py_compiled_gazetteer(ctx.compiled);
        /* a batch always releases the GIL; one text when it is long enough (the binding's policy) */
        RC_PY_CALL(b.n > 1 ? (size_t)-1 : b.units, rc_analyze_many(g, ents, (size_t)b.n, b.texts, b.opts,
                                                                   threads, b.out, b.codes, NULL));
        list = rc_py_batch_list(&b, document_of, &ctx, what);
    }
    for (Py_ssize_t i = 0; i < b.got; i++) rc_analysis_free(&((rc_analysis *)b.out)[i]);
    rc_py_batch_release(&b);
    Py_DECREF(ctx.compiled);
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
    if (!one) return NULL;
    PyObject *list = analyze_seq(module, one, NULL, gaz, 1, tokens, "analyze");
    Py_DECREF(one);
    if (!list) return NULL;
    PyObject *d = Py_NewRef(PyList_GET_ITEM(list, 0));
    Py_DECREF(list);
    return d;
}

/* analyze_batch(texts, gazetteer, threads=1) -> list[Document], in input order */
static PyObject *py_analyze_batch(PyObject *module, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"texts", "gazetteer", "threads", "tokens", NULL};
    PyObject *texts, *gaz;
    long threads = 1;
    int tokens = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|lp:analyze_batch", kwlist, &texts, &gaz, &threads,
                                     &tokens))
        return NULL;
    if (rc_py_check_threads(threads)) return NULL;
    return analyze_seq(module, texts, "texts must be a sequence of str", gaz, threads, tokens, "analyze_many");
}

PyMethodDef rc_py_document_methods[] = {
    {"analyze", (PyCFunction)(void (*)(void))py_analyze, METH_VARARGS | METH_KEYWORDS,
     "analyze($module, text, gazetteer, tokens=True)\n--\n\n"
     "Tokens, sentences and the gazetteer's mentions of text in one core call (GIL released);\n"
     "tokens=False leaves the tokens to be made when first needed."},
    {"analyze_batch", (PyCFunction)(void (*)(void))py_analyze_batch, METH_VARARGS | METH_KEYWORDS,
     "analyze_batch($module, texts, gazetteer, threads=1, tokens=True)\n--\n\n"
     "analyze() over a sequence of str on `threads` threads (0: one per CPU), GIL released."},
    {NULL, NULL, 0, NULL},
};

int rc_py_document_register(PyObject *module)
{
    rc_py_state *st = rc_py_module_state(module);
    st->document_type = PyType_FromModuleAndSpec(module, &doc_spec, NULL);
    if (!st->document_type) return -1;
    return PyModule_AddObjectRef(module, "Document", st->document_type);
}
