/* binding.h — what the CPython binding files share: taking text from Python, raising relcore
 * errors as Python exceptions, and converting UTF-8 byte offsets to str indices. */
#ifndef RC_PY_BINDING_H
#define RC_PY_BINDING_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "relcore.h"
#include "base/utf8.h"

/* A text argument (text.c): an ASCII str, bytes decoded strictly, or a str carrying CPython's
 * UTF-8 copy, read as UTF-8 in place; any other str as its own code units (rc_py_text_utf8). */
typedef struct {
    PyObject *str;    /* the text as a str (new reference): every offset indexes it */
    rc_text in;       /* UTF-8 (width 0) or the str's code units */
    const char *data; /* UTF-8, once available (at once for width 0) */
    size_t len;       /* bytes */
    int ascii;        /* byte offsets are str indices */
    rc_utf8_buffer buf_;
} rc_py_text;

/* rc_py_text_get, with the GIL: takes `obj` (str, or bytes/bytearray decoded as UTF-8 with
 * `errors` "strict" or "replace"; NULL is "strict"); 0, or -1 with TypeError, ValueError or
 * UnicodeDecodeError set. rc_py_text_utf8, without the GIL if you like: makes t->data, t->len;
 * 0 or an RC_E* code. rc_py_text_raise, with the GIL: raises for a code of rc_py_text_utf8 or of
 * the work (a lone surrogate: ValueError naming its index, rc_py_raise_surrogate); NULL. */
int rc_py_text_get(PyObject *obj, const char *errors, rc_py_text *t);
int rc_py_text_utf8(rc_py_text *t);
PyObject *rc_py_text_raise(rc_py_text *t, int code, const char *what);
void rc_py_text_release(rc_py_text *t);
void rc_py_raise_surrogate(PyObject *str, Py_ssize_t index);

/* The value of an option name (rc_name_value) in `set`, or -1 with ValueError set:
 * "<arg> must be 'words' or 'uax29', not 'x'". rc_py_name_obj takes a str object (anything else
 * names nothing) and names `more` as the last alternative: "... 'NFKD' or None, not 3". */
long rc_py_name(rc_name_set set, const char *name, const char *arg);
long rc_py_name_obj(rc_name_set set, PyObject *o, const char *arg, const char *more);

/* A co-mention window as Python hands it over, checked by relcore.relations.window_code: a token
 * count n >= 1, 0 the sentence, -1 the document; any other code is a window the core refuses. */
static inline rc_window rc_py_window_code(long code)
{
    return (rc_window){code > 0 || code < -1 ? RC_WINDOW_TOKENS : code ? RC_WINDOW_DOCUMENT : RC_WINDOW_SENTENCE,
                       code > 0 ? (size_t)code : 0};
}

/* The exception of an RC_E* code (MemoryError, ValueError, …); NULL. (Thread counts and windows
 * reach the binding checked by Python: relcore.relations.check_threads and window_code.) */
PyObject *rc_py_raise(int code, const char *what);

/* The binding's one GIL policy: core work on more than RC_PY_NOGIL_MIN units (the bytes or the
 * characters of the text) runs with the GIL released, so that threads working on documents run in
 * parallel; shorter work keeps it, since releasing and taking it back costs about a microsecond,
 * what scanning a few thousand characters takes. Batch calls (tokenize_many, PairCounter, loading
 * and compiling) release it whatever the size. */
#define RC_PY_NOGIL_MIN 4096
#define RC_PY_CALL(units, stmt)                                                                  \
    do {                                                                                         \
        PyThreadState *rc_py_ts_ = (size_t)(units) > RC_PY_NOGIL_MIN ? PyEval_SaveThread() : NULL; \
        stmt;                                                                                    \
        if (rc_py_ts_) PyEval_RestoreThread(rc_py_ts_);                                          \
    } while (0)

/* The conversion of t to UTF-8 and then `stmt` (the work, which reads t->data, t->len), under
 * that policy; rc receives the first failure. */
#define RC_PY_TEXT_CALL(t, rc, stmt) RC_PY_CALL((t)->in.len, if (!((rc) = rc_py_text_utf8(t))) { stmt; })

/* Long batch calls look for signals (Ctrl-C: PyErr_CheckSignals) after this many bytes of text
 * processed without the GIL, and every this many items handled with it, so that they answer
 * KeyboardInterrupt within a fraction of a second. */
#define RC_PY_SIGNAL_BYTES ((size_t)4 << 20)
#define RC_PY_SIGNAL_ITEMS 4096

/* Per-module state (PEP 489 multi-phase initialization; no global state). Binding files keep
 * the types and objects they create at import here, one field each; the generated registration
 * makes class C of the stub into the field c_type (C in snake case). Only `PyObject *` fields:
 * module.c visits and clears them all without knowing their names. */
typedef struct {
    PyObject *tokens_type;    /* tokens.c: relcore._core.Tokens */
    PyObject *kind_names;     /* tokens.c: tuple of token kind names, indexed by RC_TOK_* */
    PyObject *record_class[3]; /* module.c: Token, Span, Pair (rc_py_record_kind), imported on first use */
    PyObject *match_type;     /* gazetteer.c: relcore.Match (a type of its own, see there) */
    PyObject *text_cache;     /* tokens.c: capsule of the short-token str cache of Tokens.texts() */
    PyObject *gazetteer_builder_type;  /* gazetteer.c: relcore._core.GazetteerBuilder */
    PyObject *compiled_gazetteer_type; /* gazetteer.c: relcore._core.CompiledGazetteer */
    PyObject *counter_type;   /* relations.c: relcore._core.Counter (of relcore.counter.PairCounter) */
    PyObject *document_type;  /* document.c: relcore._core.Document */
    PyObject *analysis_bin;   /* document.c: capsule of the rc_analysis_bin of finished Documents */
} rc_py_state;

#define rc_py_module_state(module) ((rc_py_state *)PyModule_GetState(module))

/* The record types made by the binding: NamedTuple classes defined in Python (relcore._tokens.Token
 * and Span: start, end, then what was found, as relcore.Match; relcore.relations.Pair).
 * rc_py_record_class: the class, imported on first use (the package imports _core, so not at
 * import time); borrowed, or NULL with an exception. */
typedef enum { RC_PY_TOKEN, RC_PY_SPAN, RC_PY_PAIR } rc_py_record_kind;
PyObject *rc_py_record_class(rc_py_state *st, rc_py_record_kind kind);

/* A new instance of the record class cls (from rc_py_record_class) holding the n fields, which
 * it steals (also on failure; NULL fields make it fail). Made directly, without running Python
 * code, and untracked by the cyclic GC: fields are ints, strs and None, never part of a cycle,
 * and a long text's thousands of records would otherwise set the collector off again and again. */
PyObject *rc_py_record_new(PyObject *cls, Py_ssize_t n, PyObject *const fields[]);

/* Item access of the binding's sequences (module.c): an index (negative counts from the end;
 * IndexError "<what> index out of range") gives item(self, i), a slice the list of the items. */
PyObject *rc_py_subscript(PyObject *self, Py_ssize_t n, PyObject *key, PyObject *(*item)(PyObject *, Py_ssize_t),
                          const char *what);

/* The state of the relcore._core module that created `type` or one of its bases (types made with
 * PyType_FromModuleAndSpec), or NULL with a TypeError. */
rc_py_state *rc_py_state_from_type(PyTypeObject *type);

/* tokens.c: a new Tokens object over `text` taking over *sp (reset to empty); the spans *sp of
 * text (str indices) as a list of Span; a read-only memoryview of n items of `format` ("q", "I",
 * "B") at data, which `owner` keeps alive (numpy.asarray wraps it without a copy), served by
 * rc_py_array_getbuffer, the bf_getbuffer of the owner's type (it serves only these views). */
PyObject *rc_py_tokens_wrap(rc_py_state *st, PyObject *text, rc_spans *sp);
PyObject *rc_py_span_list(rc_py_state *st, PyObject *text, const rc_spans *sp);
PyObject *rc_py_array_view(rc_py_state *st, PyObject *owner, void *data, Py_ssize_t n,
                           Py_ssize_t itemsize, const char *format);
int rc_py_array_getbuffer(PyObject *owner, Py_buffer *view, int flags);

/* gazetteer.c, for documents. rc_py_gazetteer_compiled: a new reference to gaz if it is a compiled
 * gazetteer (what Python hands over for a relcore.Gazetteer), else TypeError. The others take it:
 * its rc_gazetteer; its entity numbering (made on first use; NULL with an exception); the tuple
 * of id strs by entity number (borrowed); the tuple of kinds by entry (borrowed); and a new relcore.Match for a mention of `entry` at
 * str indices [start, end) of text. All with the GIL. */
PyObject *rc_py_gazetteer_compiled(PyObject *gaz);
const rc_gazetteer *rc_py_compiled_gazetteer(PyObject *compiled);
const rc_entities *rc_py_compiled_entities(PyObject *compiled);
PyObject *rc_py_compiled_ids(PyObject *compiled);
PyObject *rc_py_compiled_kinds(PyObject *compiled); /* borrowed: each entry's kind, str or None */
PyObject *rc_py_compiled_match(PyObject *compiled, PyObject *text, Py_ssize_t start, Py_ssize_t end,
                               uint32_t entry);

/* What the module's exec slot calls besides the generated tables and types (module.c.h): what
 * the stub cannot say (0 or -1). */
int rc_py_tokens_register(PyObject *module);
int rc_py_document_register(PyObject *module);
/* Allocation-failure injection, in the test builds only (-DRC_PY_FAULTS: tests/faults/pyfaults.h
 * wraps the CPython calls that allocate); last, so that it wraps the binding files and nothing above.
 * Elsewhere an object made by a type's tp_alloc slot is just that. */
#ifdef RC_PY_FAULTS
#include "pyfaults.h"
#else
#define RC_PY_TP_ALLOC(type, n) ((type)->tp_alloc((type), (n)))
#endif

#endif
