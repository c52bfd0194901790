/* gazetteer.c (binding) — relcore.Match, and the two C halves of relcore.Gazetteer, whose
 * mutable state (the lock, which half is current, copies, pickling, files) is Python (_gazetteer.py):
 *
 *   GazetteerBuilder   entries and language data added so far; compile() makes a
 *                      CompiledGazetteer with the GIL released.
 *   CompiledGazetteer  immutable: find() releases the GIL, so any number of threads may search
 *                      it at once; its entries and image.
 */
#include "binding.h"

/* RC_FORM_* of a `form` argument (None is a name); -1 with ValueError if it is none of them. */
static int form_value(PyObject *o)
{
    return o == Py_None ? RC_FORM_NAME : (int)rc_py_name_obj(RC_NAMES_ALIAS_FORM, o, "form", "None");
}

/* The interned str of an RC_FORM_* value, as Match.form and entries spell it. */
static PyObject *form_str(int form) { return PyUnicode_InternFromString(rc_value_name(RC_NAMES_ALIAS_FORM, form & 3)); }

/* Turns a Python argument into (pointer, length) of UTF-8; None gives NULL when allowed. */
static int utf8_arg(PyObject *o, const char *what, int allow_none, const char **s, size_t *n)
{
    Py_ssize_t len = 0;
    *s = NULL;
    if (o == Py_None && allow_none) return (int)(*n = 0);
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be str%s, not %.100s", what, allow_none ? " or None" : "",
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    *s = PyUnicode_AsUTF8AndSize(o, &len);
    *n = (size_t)len;
    return *s ? 0 : -1;
}

/* ---- Match ---------------------------------------------------------------------------------- */

/* relcore.Match: seven fields, the 6-tuple (start, end, id, kind, text, alias) and `form`. A type
 * of its own, not a tuple class: tuple classes and struct sequences are GC types, and even
 * untracked each allocation counts towards the next collection, which then runs over and over
 * while a long text yields its matches. Its fields are ints, strs and None (checked), so a Match
 * can never be part of a cycle. C makes it and reads its items; relcore/_match.py gives it the
 * rest (repr, comparisons and hash as the 6-tuple, pickling, _asdict). */
typedef struct {
    PyObject_HEAD
    PyObject *f[7]; /* start, end, id, kind, text, alias; form */
} MatchObject;

static PyObject *Match_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"start", "end", "id", "kind", "text", "alias", "form", NULL};
    PyObject *f[7] = {NULL, NULL, NULL, NULL, NULL, NULL, Py_None};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O!UOUU|O:Match", kwlist, &PyLong_Type, &f[0], &PyLong_Type, &f[1],
                                     &f[2], &f[3], &f[4], &f[5], &f[6]))
        return NULL;
    if (f[3] != Py_None && !PyUnicode_Check(f[3]))
        return PyErr_Format(PyExc_TypeError, "Match: kind must be str or None");
    const int form = form_value(f[6]);
    if (form < 0 || !(f[6] = form_str(form))) return NULL;
    MatchObject *m = PyObject_New(MatchObject, type);
    if (!m) return Py_DECREF(f[6]), NULL;
    for (int i = 0; i < 7; i++) m->f[i] = i < 6 ? Py_NewRef(f[i]) : f[i];
    return (PyObject *)m;
}

static void Match_release(MatchObject *m)
{
    for (int i = 0; i < 7; i++) Py_XDECREF(m->f[i]);
}

static Py_ssize_t Match_len(PyObject *m) { return 6; }

static PyObject *Match_item(PyObject *m, Py_ssize_t i)
{
    if (i >= 0 && i < 6) return Py_NewRef(((MatchObject *)m)->f[i]);
    return PyErr_Format(PyExc_IndexError, "Match index out of range");
}

/* The fields' getters (every field is set once a Match is made). */
#define MATCH_FIELD(name, i) \
    static PyObject *Match_##name##_get(PyObject *self, void *closure) { return Py_NewRef(((MatchObject *)self)->f[i]); }
MATCH_FIELD(start, 0)
MATCH_FIELD(end, 1)
MATCH_FIELD(id, 2)
MATCH_FIELD(kind, 3)
MATCH_FIELD(text, 4)
MATCH_FIELD(alias, 5)
MATCH_FIELD(form, 6)

/* Named relcore.Match, as users meet it; not immutable: relcore/_match.py sets its Python methods
 * on it at import. */
#define Match_TP_NAME "relcore.Match"
#define Match_FLAGS Py_TPFLAGS_DEFAULT

/* ---- CompiledGazetteer ---------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    rc_gazetteer *g;
    size_t n;
    /* n Matches standing for the entries, made on first use (under the GIL): their id, kind,
     * alias and form go into every match of the entry, and their text is the last matched text.
     * The same entry is mostly matched by the same words ("United States"), so that str is reused
     * when the bytes agree instead of made again. NULL until the first match. */
    MatchObject **entry;
    rc_entities ents; /* the ids numbered in code point order, made on first use (documents) */
    PyObject *ids;    /* tuple of the ids' str by entity number, made with ents */
    PyObject *kinds;  /* tuple of each entry's kind (str or None), made on first use */
} CompiledGazetteerObject;

static void CompiledGazetteer_release(CompiledGazetteerObject *self)
{
    for (size_t i = 0; self->entry && i < self->n; i++) Py_XDECREF(self->entry[i]);
    PyMem_Free(self->entry);
    Py_XDECREF(self->ids);
    Py_XDECREF(self->kinds);
    rc_entities_free(&self->ents);
    rc_gazetteer_free(self->g);
}

/* A new CompiledGazetteer of type `type` wrapping g (ownership taken, also on failure). */
static PyObject *compiled_new(PyTypeObject *type, rc_gazetteer *g)
{
    /* Zeroed: no entry Matches, ids or kinds made yet, and ents is RC_ENTITIES_INIT. */
    CompiledGazetteerObject *c = (CompiledGazetteerObject *)RC_PY_TP_ALLOC(type, 0);
    if (!c) {
        rc_gazetteer_free(g);
        return NULL;
    }
    c->g = g;
    c->n = rc_gazetteer_count(g);
    return (PyObject *)c;
}

/* Decodes one of an entry's strings; "" becomes None when none_if_empty. */
static PyObject *entry_str(const char *s, size_t n, int none_if_empty)
{
    if (!n && none_if_empty) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
}

/* The Match standing for entry i (borrowed), made on first use; NULL with an exception. */
static MatchObject *compiled_entry(CompiledGazetteerObject *c, size_t i)
{
    if (!c->entry && !(c->entry = PyMem_Calloc(c->n ? c->n : 1, sizeof *c->entry)))
        return (MatchObject *)PyErr_NoMemory();
    if (c->entry[i]) return c->entry[i];
    rc_py_state *st = PyType_GetModuleState(Py_TYPE(c));
    MatchObject *m = st ? PyObject_New(MatchObject, (PyTypeObject *)st->match_type) : NULL;
    if (!m) return NULL;
    rc_gazetteer_entry e;
    rc_gazetteer_entry_get(c->g, i, &e); /* i comes from the core: in range */
    PyObject *f[7] = {NULL, NULL, entry_str(e.id, e.id_len, 0), entry_str(e.kind, e.kind_len, 1), NULL,
                      entry_str(e.alias, e.alias_len, 0), form_str(e.form)};
    memcpy(m->f, f, sizeof f);
    if (!f[2] || !f[3] || !f[5] || !f[6]) {
        Py_DECREF(m);
        return NULL;
    }
    return c->entry[i] = m;
}

/* The str of the matched bytes s[0..n) for the entry p stands for: the remembered one if the bytes
 * agree. */
static PyObject *matched_text(MatchObject *p, const char *s, size_t n)
{
    Py_ssize_t len = 0;
    const char *last = p->f[4] ? PyUnicode_AsUTF8AndSize(p->f[4], &len) : NULL;
    if (last && (size_t)len == n && memcmp(last, s, n) == 0) return Py_NewRef(p->f[4]);
    if (p->f[4] && !last) PyErr_Clear(); /* without memory for its UTF-8, it is just not reused */
    PyObject *t = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
    if (t) Py_XSETREF(p->f[4], Py_NewRef(t));
    return t;
}

/* A Match of the entry p stands for, at str indices [start, end), matching `text` (stolen; NULL
 * fails). */
static PyObject *entry_match(MatchObject *p, Py_ssize_t start, Py_ssize_t end, PyObject *text)
{
    MatchObject *m = text ? PyObject_New(MatchObject, Py_TYPE(p)) : NULL;
    PyObject *s = m ? PyLong_FromSsize_t(start) : NULL, *e = s ? PyLong_FromSsize_t(end) : NULL;
    if (!e) {
        if (m) memset(m->f, 0, sizeof m->f);
        Py_XDECREF(m);
        Py_XDECREF(s);
        Py_XDECREF(text);
        return NULL;
    }
    PyObject *f[7] = {s, e, Py_NewRef(p->f[2]), Py_NewRef(p->f[3]), text, Py_NewRef(p->f[5]), Py_NewRef(p->f[6])};
    memcpy(m->f, f, sizeof f);
    return (PyObject *)m;
}

static PyObject *CompiledGazetteer_find_impl(CompiledGazetteerObject *c, PyObject *obj, int overlapping,
                                            PyObject *lang_obj)
{
    const char *lang;
    size_t lang_len;
    if (utf8_arg(lang_obj, "lang", 1, &lang, &lang_len)) return NULL;
    rc_py_text v;
    if (rc_py_text_get(obj, NULL, &v)) return NULL;
    /* Byte offsets: the binding needs them (to reuse matched strs) and converts them itself. */
    rc_matches m = RC_MATCHES_INIT;
    int rc;
    RC_PY_TEXT_CALL(&v, rc, rc = rc_gazetteer_find_lang(c->g, v.data, v.len, overlapping ? RC_MATCH_OVERLAPPING : 0,
                                                       lang, lang_len, &m));
    PyObject *list = rc ? rc_py_text_raise(&v, rc, "Gazetteer.find") : PyList_New((Py_ssize_t)m.count);
    const unsigned char *u = (const unsigned char *)v.data;
    size_t byte = 0, index = 0;
    for (size_t i = 0; list && i < m.count; i++) {
        const size_t bs = (size_t)m.start[i], be = (size_t)m.end[i];
        size_t start = bs, end = be;
        if (!v.ascii) { /* starts never decrease: count forward from the previous one */
            index += rc_utf8_count_chars(u + byte, bs - byte);
            byte = bs;
            start = index;
            end = index + rc_utf8_count_chars(u + bs, be - bs);
        }
        MatchObject *p = compiled_entry(c, m.entry[i]);
        PyObject *x = p ? entry_match(p, (Py_ssize_t)start, (Py_ssize_t)end, matched_text(p, v.data + bs, be - bs)) : NULL;
        if (!x) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)i, x);
    }
    rc_matches_free(&m);
    rc_py_text_release(&v);
    return list;
}

/* _entry(i) -> (alias, id, kind, case_sensitive, lang, form, the case rule in force): entry i as
 * added (case_sensitive None, True or False), and whether it is matched case-sensitively. */
static PyObject *CompiledGazetteer__entry_impl(CompiledGazetteerObject *c, long i)
{
    rc_gazetteer_entry e;
    if (i < 0 || rc_gazetteer_entry_get(c->g, (size_t)i, &e))
        return PyErr_Format(PyExc_IndexError, "gazetteer entry out of range");
    PyObject *cs = e.case_mode == RC_CASE_AUTO ? Py_None : e.case_mode == RC_CASE_SENSITIVE ? Py_True : Py_False;
    return Py_BuildValue("(NNNONNO)", entry_str(e.alias, e.alias_len, 0), entry_str(e.id, e.id_len, 0),
                         entry_str(e.kind, e.kind_len, 1), cs, entry_str(e.lang, e.lang_len, 1), form_str(e.form),
                         e.case_sensitive ? Py_True : Py_False);
}

static PyObject *CompiledGazetteer__image_impl(CompiledGazetteerObject *c)
{
    const void *data;
    size_t size;
    rc_gazetteer_image(c->g, &data, &size);
    return PyBytes_FromStringAndSize(data, (Py_ssize_t)size);
}

/* _from_image(source, /): a CompiledGazetteer from an image, validated with the GIL released.
 * source is the image (bytes-like) or a path (str) whose file the core reads, turning away a file
 * that is not an image before reading it all. _gazetteer.py words the errors, naming what it was
 * given: OSError from errno (a file), ValueError(the format version this relcore reads) for an
 * image of another version, ValueError() for anything else that is not an image. */
static PyObject *CompiledGazetteer__from_image_impl(PyTypeObject *cls, PyObject *source)
{
    PyObject *path = NULL;
    Py_buffer view = {NULL};
    if (PyUnicode_Check(source) ? !PyUnicode_FSConverter(source, &path)
                                : PyObject_GetBuffer(source, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    rc_gazetteer *g = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    errno = 0;
    rc = path ? rc_gazetteer_load_file(PyBytes_AS_STRING(path), &g)
              : rc_gazetteer_load_image(view.buf, (size_t)view.len, &g);
    Py_END_ALLOW_THREADS
    Py_XDECREF(path);
    if (view.obj) PyBuffer_Release(&view);
    if (!rc) return compiled_new(cls, g);
    if (rc == RC_EIO) return PyErr_SetFromErrno(PyExc_OSError);
    if (rc == RC_EVERSION) return PyErr_Format(PyExc_ValueError, "%d", RC_GAZETTEER_FORMAT_VERSION);
    if (rc == RC_EFORMAT) PyErr_SetNone(PyExc_ValueError);
    else rc_py_raise(rc, "Gazetteer.load");
    return NULL;
}

static PyObject *CompiledGazetteer__meta_impl(CompiledGazetteerObject *c)
{
    size_t n;
    const char *s = rc_gazetteer_meta(c->g, &n);
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
}

static PyObject *CompiledGazetteer__ids_get(PyObject *c, void *closure)
{
    PyObject *ids = rc_py_compiled_ids(c); /* borrowed, made on first use */
    return ids ? Py_NewRef(ids) : NULL;
}

static Py_ssize_t CompiledGazetteer_len(PyObject *c) { return (Py_ssize_t)((CompiledGazetteerObject *)c)->n; }

/* ---- GazetteerBuilder ----------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    rc_gazetteer_builder *b;
    int compiling; /* compile() calls reading b with the GIL released: no add may change it */
} GazetteerBuilderObject;

/* 0, or -1 with RuntimeError while another thread compiles self. */
static int builder_writable(GazetteerBuilderObject *self)
{
    if (!self->compiling) return 0;
    PyErr_SetString(PyExc_RuntimeError, "GazetteerBuilder is being compiled in another thread");
    return -1;
}

/* GazetteerBuilder(compiled=None, /): empty, or holding the entries of a CompiledGazetteer. */
static PyObject *GazetteerBuilder_new_impl(PyTypeObject *type, PyObject *from)
{
    rc_py_state *st = rc_py_state_from_type(type);
    if (!st) return NULL;
    if (from != Py_None && !PyObject_TypeCheck(from, (PyTypeObject *)st->compiled_gazetteer_type))
        return PyErr_Format(PyExc_TypeError, "GazetteerBuilder() takes a CompiledGazetteer or None, not %.100s",
                            Py_TYPE(from)->tp_name);
    rc_gazetteer_builder *b = NULL;
    int rc = rc_gazetteer_builder_new(&b);
    if (!rc && from != Py_None) rc = rc_gazetteer_builder_add_all(b, ((CompiledGazetteerObject *)from)->g);
    GazetteerBuilderObject *self = rc ? NULL : (GazetteerBuilderObject *)RC_PY_TP_ALLOC(type, 0); /* zeroed: not compiling */
    if (!self) {
        rc_gazetteer_builder_free(b);
        return rc ? rc_py_raise(rc, "Gazetteer") : NULL;
    }
    self->b = b;
    return (PyObject *)self;
}

static void GazetteerBuilder_release(GazetteerBuilderObject *self) { rc_gazetteer_builder_free(self->b); }

/* add(alias, id, kind=None, case_sensitive=None, lang=None, form=None, /): one entry. */
static PyObject *GazetteerBuilder_add_impl(GazetteerBuilderObject *self, PyObject *alias, PyObject *id, PyObject *kind,
                                           PyObject *case_sensitive, PyObject *lang, PyObject *form)
{
    PyObject *f[6] = {alias, id, kind, case_sensitive, lang, form};
    if (builder_writable(self)) return NULL;
    rc_gazetteer_entry e = {0};
    if ((e.form = form_value(f[5])) < 0 || utf8_arg(f[0], "alias", 0, &e.alias, &e.alias_len) ||
        utf8_arg(f[1], "id", 0, &e.id, &e.id_len) || utf8_arg(f[2], "kind", 1, &e.kind, &e.kind_len) ||
        utf8_arg(f[4], "lang", 1, &e.lang, &e.lang_len))
        return NULL;
    if (f[3] != Py_None && !PyBool_Check(f[3])) /* not any truthy object: 'maybe' is a mistake */
        return PyErr_Format(PyExc_TypeError, "case_sensitive must be None, True or False, not %.100R", f[3]);
    e.case_mode = f[3] == Py_None ? RC_CASE_AUTO : f[3] == Py_True ? RC_CASE_SENSITIVE : RC_CASE_INSENSITIVE;
    const int rc = rc_gazetteer_builder_add(self->b, &e);
    if (rc == RC_EINVAL && (!e.alias_len || !e.id_len))
        return PyErr_Format(PyExc_ValueError, "%s must not be empty", e.alias_len ? "id" : "alias");
    if (rc == RC_EINVAL)
        return PyErr_Format(PyExc_ValueError, "alias %R has nothing to match (only spaces and dashes)", f[0]);
    if (rc == RC_ETOOBIG) return PyErr_Format(PyExc_ValueError, "alias %.200R is too long (more than 1024 tokens)", f[0]);
    if (rc) return rc_py_raise(rc, "Gazetteer.add");
    Py_RETURN_NONE;
}

/* A builder method that hands one str to the core: _add_lang_row(row) (a row of a languages file,
 * rc_gazetteer_builder_add_lang_row) and _set_meta(note). */
static PyObject *builder_str(GazetteerBuilderObject *self, PyObject *arg, int (*call)(rc_gazetteer_builder *, const char *, size_t),
                             const char *what)
{
    const char *s;
    size_t n;
    if (builder_writable(self) || utf8_arg(arg, what, 0, &s, &n)) return NULL;
    int rc = call(self->b, s, n);
    if (rc) return rc_py_raise(rc, "Gazetteer");
    Py_RETURN_NONE;
}

static PyObject *GazetteerBuilder__add_lang_row_impl(GazetteerBuilderObject *self, PyObject *arg)
{
    return builder_str(self, arg, rc_gazetteer_builder_add_lang_row, "row");
}

static PyObject *GazetteerBuilder__set_meta_impl(GazetteerBuilderObject *self, PyObject *arg)
{
    return builder_str(self, arg, rc_gazetteer_builder_set_meta, "meta");
}

/* compile() -> CompiledGazetteer, with the GIL released (a million aliases take a while). */
static PyObject *GazetteerBuilder_compile_impl(GazetteerBuilderObject *self)
{
    rc_py_state *st = PyType_GetModuleState(Py_TYPE(self));
    rc_gazetteer *g = NULL;
    int rc;
    if (!st) return NULL;
    self->compiling++;
    Py_BEGIN_ALLOW_THREADS
    rc = rc_gazetteer_compile(self->b, &g);
    Py_END_ALLOW_THREADS
    self->compiling--;
    if (rc) return rc_py_raise(rc, "Gazetteer: compile");
    return compiled_new((PyTypeObject *)st->compiled_gazetteer_type, g);
}

static Py_ssize_t GazetteerBuilder_len(PyObject *self)
{
    return (Py_ssize_t)rc_gazetteer_builder_count(((GazetteerBuilderObject *)self)->b);
}

/* ---- what document.c needs from a gazetteer (binding.h) --------------------------------------- */

/* The Python layer hands over a relcore.Gazetteer's compiled form (its _compiled(), which compiles
 * what was added since), so the C side never calls back into Python for it. */
PyObject *rc_py_gazetteer_compiled(PyObject *gaz)
{
    rc_py_state *st = rc_py_state_from_type(Py_TYPE(gaz));
    if (st && Py_IS_TYPE(gaz, (PyTypeObject *)st->compiled_gazetteer_type)) return Py_NewRef(gaz);
    PyErr_Clear();
    return PyErr_Format(PyExc_TypeError,
                        "gazetteer must be a CompiledGazetteer (relcore.Gazetteer._compiled()), not %.100s",
                        Py_TYPE(gaz)->tp_name);
}

const rc_gazetteer *rc_py_compiled_gazetteer(PyObject *compiled)
{
    return ((CompiledGazetteerObject *)compiled)->g;
}

const rc_entities *rc_py_compiled_entities(PyObject *compiled)
{
    CompiledGazetteerObject *c = (CompiledGazetteerObject *)compiled;
    if (c->ids) return &c->ents;
    rc_entities e = RC_ENTITIES_INIT;
    int rc = rc_entities_init(c->g, &e);
    if (rc) {
        rc_py_raise(rc, "Gazetteer: entity table");
        return NULL;
    }
    PyObject *ids = PyTuple_New((Py_ssize_t)e.count);
    for (size_t k = 0; ids && k < e.count; k++) {
        PyObject *s = PyUnicode_DecodeUTF8(e.id[k], (Py_ssize_t)e.id_len[k], "strict");
        if (!s) Py_CLEAR(ids);
        else PyTuple_SET_ITEM(ids, (Py_ssize_t)k, s);
    }
    if (!ids) {
        rc_entities_free(&e);
        return NULL;
    }
    c->ents = e;
    c->ids = ids;
    return &c->ents;
}

PyObject *rc_py_compiled_ids(PyObject *compiled)
{
    return rc_py_compiled_entities(compiled) ? ((CompiledGazetteerObject *)compiled)->ids : NULL; /* made with ents */
}

PyObject *rc_py_compiled_kinds(PyObject *compiled)
{
    CompiledGazetteerObject *c = (CompiledGazetteerObject *)compiled;
    PyObject *kinds = c->kinds ? NULL : PyTuple_New((Py_ssize_t)c->n);
    for (size_t i = 0; kinds && i < c->n; i++) {
        MatchObject *p = compiled_entry(c, i);
        if (!p) Py_CLEAR(kinds);
        else PyTuple_SET_ITEM(kinds, (Py_ssize_t)i, Py_NewRef(p->f[3]));
    }
    if (kinds) c->kinds = kinds;
    return c->kinds;
}

PyObject *rc_py_compiled_match(PyObject *compiled, PyObject *text, Py_ssize_t start, Py_ssize_t end,
                               uint32_t entry)
{
    MatchObject *p = compiled_entry((CompiledGazetteerObject *)compiled, entry);
    return p ? entry_match(p, start, end, PyUnicode_Substring(text, start, end)) : NULL;
}

#include "gen/python/gazetteer.c.h"
