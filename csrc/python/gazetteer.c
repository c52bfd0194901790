/* gazetteer.c (binding) — relcore._core.Gazetteer, its compiled state and relcore.Match.
 *
 * A Gazetteer holds a builder (entries added since the last compilation) and a compiled
 * gazetteer, wrapped in a small immutable object. find() takes a reference to the compiled object
 * and releases the GIL while matching, so any number of threads may search at once, and an add()
 * meanwhile (which only marks the gazetteer for recompilation) can never free what a search is
 * using. Compilation happens lazily, on the first search after adds, under the object's lock,
 * also with the GIL released. After compiling, the builder is dropped (it would double the
 * memory); a later add() rebuilds it from the compiled entries.
 */
#include "binding.h"

#include "pythread.h"
#include "structmember.h"
#include "base/utf8.h"

/* ---- Match ----------------------------------------------------------------------------------- */

/* relcore.Match: an immutable record of six fields that also behaves as a 6-tuple (unpacking,
 * indexing, ==), plus `form` (what the alias is a form of: "name", "demonym", "capital"), an
 * attribute outside the tuple so that code written for six fields keeps working. A type of our own rather than a struct sequence: those look their sizes up in
 * the type's dict on every creation, and are tracked by the cyclic GC, which then runs over and
 * over while a long text yields its matches. The fields can only be ints, strs and None (the
 * constructor checks), so a Match can never be part of a cycle and needs no GC. */
typedef struct {
    PyObject_HEAD
    PyObject *f[7]; /* start, end, id, kind, text, alias; form */
} MatchObject;

static const char *const match_names[6] = {"start", "end", "id", "kind", "text", "alias"};

/* RC_FORM_* of a `form` argument (None is a name); -1 with ValueError if it is none of them. */
static int form_value(PyObject *o)
{
    return o == Py_None ? RC_FORM_NAME : (int)rc_py_name_obj(RC_NAMES_ALIAS_FORM, o, "form", "None");
}

/* The interned str of an RC_FORM_* value, as Match.form and entries() spell it. */
static PyObject *form_str(int form) { return PyUnicode_InternFromString(rc_value_name(RC_NAMES_ALIAS_FORM, form & 3)); }

static PyObject *match_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"start", "end", "id", "kind", "text", "alias", "form", NULL};
    PyObject *f[7] = {NULL, NULL, NULL, NULL, NULL, NULL, Py_None};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O!UOUU|O:Match", kwlist, &PyLong_Type, &f[0],
                                     &PyLong_Type, &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]))
        return NULL;
    if (f[3] != Py_None && !PyUnicode_Check(f[3])) {
        PyErr_SetString(PyExc_TypeError, "Match: kind must be str or None");
        return NULL;
    }
    const int form = form_value(f[6]);
    if (form < 0) return NULL;
    f[6] = form_str(form);
    if (!f[6]) return NULL;
    MatchObject *m = PyObject_New(MatchObject, type);
    if (!m) {
        Py_DECREF(f[6]);
        return NULL;
    }
    for (int i = 0; i < 6; i++) Py_INCREF(f[i]);
    memcpy(m->f, f, sizeof f);
    return (PyObject *)m;
}

static void match_dealloc(MatchObject *m)
{
    PyTypeObject *tp = Py_TYPE(m);
    for (int i = 0; i < 7; i++) Py_XDECREF(m->f[i]);
    tp->tp_free((PyObject *)m);
    Py_DECREF(tp);
}

static PyObject *match_as_tuple(MatchObject *m)
{
    return PyTuple_Pack(6, m->f[0], m->f[1], m->f[2], m->f[3], m->f[4], m->f[5]);
}

static PyObject *match_repr(MatchObject *m)
{
    return PyUnicode_FromFormat("Match(start=%R, end=%R, id=%R, kind=%R, text=%R, alias=%R, form=%R)",
                                m->f[0], m->f[1], m->f[2], m->f[3], m->f[4], m->f[5], m->f[6]);
}

static PyObject *match_richcompare(PyObject *a, PyObject *b, int op)
{
    /* Compares as the 6-tuple it stands for, with other Matches and with tuples. */
    PyTypeObject *mt = Py_TYPE(a)->tp_richcompare == match_richcompare ? Py_TYPE(a) : Py_TYPE(b);
    PyObject *ta = PyObject_TypeCheck(a, mt) ? match_as_tuple((MatchObject *)a) : Py_NewRef(a);
    PyObject *tb = PyObject_TypeCheck(b, mt) ? match_as_tuple((MatchObject *)b) : Py_NewRef(b);
    PyObject *res = NULL;
    if (ta && tb) {
        if (PyTuple_Check(ta) && PyTuple_Check(tb)) res = PyObject_RichCompare(ta, tb, op);
        else res = Py_NewRef(Py_NotImplemented);
    }
    Py_XDECREF(ta);
    Py_XDECREF(tb);
    return res;
}

static Py_hash_t match_hash(MatchObject *m)
{
    PyObject *t = match_as_tuple(m);
    if (!t) return -1;
    Py_hash_t h = PyObject_Hash(t);
    Py_DECREF(t);
    return h;
}

static Py_ssize_t match_length(PyObject *m) { return 6; }

static PyObject *match_item(MatchObject *m, Py_ssize_t i)
{
    if (i < 0 || i >= 6) {
        PyErr_SetString(PyExc_IndexError, "Match index out of range");
        return NULL;
    }
    return Py_NewRef(m->f[i]);
}

static PyObject *match_reduce(MatchObject *m, PyObject *unused)
{
    PyObject *t = PyTuple_Pack(7, m->f[0], m->f[1], m->f[2], m->f[3], m->f[4], m->f[5], m->f[6]);
    if (!t) return NULL;
    return Py_BuildValue("(ON)", (PyObject *)Py_TYPE(m), t);
}

static PyObject *match_asdict(MatchObject *m, PyObject *unused)
{
    PyObject *d = PyDict_New();
    for (int i = 0; d && i < 6; i++)
        if (PyDict_SetItemString(d, match_names[i], m->f[i]) < 0) Py_CLEAR(d);
    if (d && PyDict_SetItemString(d, "form", m->f[6]) < 0) Py_CLEAR(d);
    return d;
}

static PyMemberDef match_members[] = {
    {"start", T_OBJECT_EX, offsetof(MatchObject, f[0]), READONLY, "index of the first matched character"},
    {"end", T_OBJECT_EX, offsetof(MatchObject, f[1]), READONLY, "index just after the match"},
    {"id", T_OBJECT_EX, offsetof(MatchObject, f[2]), READONLY, "the entity's id (\"USA\")"},
    {"kind", T_OBJECT_EX, offsetof(MatchObject, f[3]), READONLY, "the entity's kind, or None"},
    {"text", T_OBJECT_EX, offsetof(MatchObject, f[4]), READONLY, "the matched text, text[start:end]"},
    {"alias", T_OBJECT_EX, offsetof(MatchObject, f[5]), READONLY, "the alias that matched, as added"},
    {"form", T_OBJECT_EX, offsetof(MatchObject, f[6]), READONLY,
     "what the alias is: 'name', 'demonym' or 'capital' (not part of the 6-tuple)"},
    {NULL, 0, 0, 0, NULL},
};

static PyMethodDef match_methods[] = {
    {"__reduce__", (PyCFunction)match_reduce, METH_NOARGS, NULL},
    {"_asdict", (PyCFunction)match_asdict, METH_NOARGS, "_asdict($self, /)\n--\n\nThe fields as a dict."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot match_slots[] = {
    {Py_tp_new, match_new},
    {Py_tp_dealloc, match_dealloc},
    {Py_tp_repr, match_repr},
    {Py_tp_richcompare, match_richcompare},
    {Py_tp_hash, match_hash},
    {Py_tp_members, match_members},
    {Py_tp_methods, match_methods},
    {Py_sq_length, match_length},
    {Py_sq_item, match_item},
    {Py_tp_doc, "Match(start, end, id, kind, text, alias, form='name')\n--\n\n"
                "A gazetteer match: text[start:end] is the matched text, id and kind the entity's, "
                "alias the name that matched, form what it is ('name', 'demonym', 'capital'). "
                "Behaves as the 6-tuple (start, end, id, kind, text, alias)."},
    {0, NULL},
};

static PyType_Spec match_spec = {
    "relcore.Match", sizeof(MatchObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE, match_slots};

/* ---- the compiled gazetteer ----------------------------------------------------------------- */

/* What a match of an entry reports, as Python objects made on first use (under the GIL). The
 * matched text is remembered too: the same entry is mostly matched by the same words ("United
 * States"), so its str is reused when the bytes agree instead of made again. */
typedef struct {
    PyObject *alias, *id, *kind, *form;
    PyObject *text;  /* the last matched text, or NULL */
    char *text_utf8; /* its UTF-8 (PyMem) */
    size_t text_len;
} entry_objects;

typedef struct {
    PyObject_HEAD
    rc_gazetteer *g;
    size_t n;
    entry_objects *obj; /* n of them, or NULL until the first match */
    rc_entities ents;   /* the ids numbered in code point order, made on first use (documents) */
    PyObject *ids;      /* tuple of the ids' str by entity number, made with ents */
    PyObject *kinds;    /* tuple of each entry's kind (str or None), made on first use */
} CompiledObject;

static void compiled_dealloc(CompiledObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    for (size_t i = 0; self->obj && i < self->n; i++) {
        entry_objects *e = &self->obj[i];
        Py_XDECREF(e->alias);
        Py_XDECREF(e->id);
        Py_XDECREF(e->kind);
        Py_XDECREF(e->form);
        Py_XDECREF(e->text);
        PyMem_Free(e->text_utf8);
    }
    PyMem_Free(self->obj);
    Py_XDECREF(self->ids);
    Py_XDECREF(self->kinds);
    rc_entities_free(&self->ents);
    rc_gazetteer_free(self->g);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyType_Slot compiled_slots[] = {
    {Py_tp_dealloc, compiled_dealloc},
    {Py_tp_doc, "A compiled gazetteer (internal)."},
    {0, NULL},
};

static PyType_Spec compiled_spec = {
    "relcore._core._CompiledGazetteer", sizeof(CompiledObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION, compiled_slots};

/* Wraps g (ownership taken, also on failure). */
static PyObject *compiled_new(rc_py_state *st, rc_gazetteer *g)
{
    CompiledObject *c = PyObject_New(CompiledObject, (PyTypeObject *)st->compiled_type);
    if (!c) {
        rc_gazetteer_free(g);
        return NULL;
    }
    c->g = g;
    c->n = rc_gazetteer_count(g);
    c->obj = NULL;
    rc_entities empty = RC_ENTITIES_INIT;
    c->ents = empty;
    c->ids = NULL;
    c->kinds = NULL;
    return (PyObject *)c;
}

/* Makes the per-entry object table exist. */
static int compiled_caches(CompiledObject *c)
{
    if (c->obj) return 0;
    c->obj = PyMem_Calloc(c->n ? c->n : 1, sizeof *c->obj);
    if (!c->obj) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* Decodes one of an entry's strings; "" becomes None when none_if_empty. */
static PyObject *entry_str(const char *s, size_t n, int none_if_empty)
{
    if (!n && none_if_empty) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
}

/* Fills the cached strings of entry i; 0 or -1. */
static int compiled_entry(CompiledObject *c, size_t i)
{
    entry_objects *o = &c->obj[i];
    if (o->alias) return 0;
    rc_gazetteer_entry e;
    if (rc_gazetteer_entry_get(c->g, i, &e)) {
        PyErr_SetString(PyExc_IndexError, "gazetteer entry out of range");
        return -1;
    }
    PyObject *a = entry_str(e.alias, e.alias_len, 0);
    PyObject *id = entry_str(e.id, e.id_len, 0);
    PyObject *k = entry_str(e.kind, e.kind_len, 1);
    PyObject *form = form_str(e.form);
    if (!a || !id || !k || !form) {
        Py_XDECREF(a);
        Py_XDECREF(id);
        Py_XDECREF(k);
        Py_XDECREF(form);
        return -1;
    }
    o->alias = a;
    o->id = id;
    o->kind = k;
    o->form = form;
    return 0;
}

/* The str of the matched bytes s[0..n) for entry i: the remembered one if the bytes agree. */
static PyObject *matched_text(CompiledObject *c, size_t i, const char *s, size_t n)
{
    entry_objects *o = &c->obj[i];
    if (o->text && o->text_len == n && memcmp(o->text_utf8, s, n) == 0) return Py_NewRef(o->text);
    PyObject *t = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
    if (!t) return NULL;
    char *copy = PyMem_Malloc(n ? n : 1);
    if (copy) { /* without memory to remember it, it is just not remembered */
        memcpy(copy, s, n);
        Py_XSETREF(o->text, Py_NewRef(t));
        PyMem_Free(o->text_utf8);
        o->text_utf8 = copy;
        o->text_len = n;
    }
    return t;
}

/* ---- the Gazetteer type --------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    rc_gazetteer_builder *builder; /* entries not compiled yet (with all earlier ones), or NULL */
    PyObject *compiled;            /* CompiledObject, or NULL */
    int dirty;                     /* the builder holds entries the compiled object lacks */
    PyThread_type_lock lock;       /* guards builder, compiled and dirty against compilation */
    PyObject *match_type;
    rc_py_state *state;
} GazetteerObject;

static void lock_acquire(GazetteerObject *self)
{
    if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
        Py_BEGIN_ALLOW_THREADS
        PyThread_acquire_lock(self->lock, WAIT_LOCK);
        Py_END_ALLOW_THREADS
    }
}

static void lock_release(GazetteerObject *self) { PyThread_release_lock(self->lock); }

static PyObject *gaz_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    rc_py_state *st = rc_py_state_from_type(type);
    if (!st) return NULL;
    GazetteerObject *self = (GazetteerObject *)RC_PY_TP_ALLOC(type, 0);
    if (!self) return NULL;
    self->lock = PyThread_allocate_lock();
    if (!self->lock) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->state = st;
    self->match_type = Py_NewRef(st->match_type);
    return (PyObject *)self;
}

static int gaz_traverse(GazetteerObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->match_type);
    Py_VISIT(self->compiled);
    return 0;
}

static int gaz_clear(GazetteerObject *self)
{
    Py_CLEAR(self->match_type);
    Py_CLEAR(self->compiled);
    return 0;
}

static void gaz_dealloc(GazetteerObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    gaz_clear(self);
    rc_gazetteer_builder_free(self->builder);
    if (self->lock) PyThread_free_lock(self->lock);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* Makes sure a builder holding every entry exists. Called with the lock held. */
static int ensure_builder(GazetteerObject *self)
{
    if (self->builder) return 0;
    rc_gazetteer_builder *b;
    int rc = rc_gazetteer_builder_new(&b);
    if (!rc && self->compiled) rc = rc_gazetteer_builder_add_all(b, ((CompiledObject *)self->compiled)->g);
    if (rc) {
        rc_gazetteer_builder_free(b);
        rc_py_raise(rc, "Gazetteer");
        return -1;
    }
    self->builder = b;
    return 0;
}

/* A new reference to the up-to-date compiled gazetteer, compiling if needed. */
static PyObject *get_compiled(GazetteerObject *self)
{
    if (self->compiled && !self->dirty) return Py_NewRef(self->compiled);
    lock_acquire(self);
    if (!self->compiled || self->dirty) {
        if (ensure_builder(self)) {
            lock_release(self);
            return NULL;
        }
        rc_gazetteer *g = NULL;
        int rc;
        rc_gazetteer_builder *b = self->builder;
        Py_BEGIN_ALLOW_THREADS
        rc = rc_gazetteer_compile(b, &g);
        Py_END_ALLOW_THREADS
        if (rc) {
            lock_release(self);
            return rc_py_raise(rc, "Gazetteer: compile");
        }
        PyObject *c = compiled_new(self->state, g);
        if (!c) {
            lock_release(self);
            return NULL;
        }
        Py_XSETREF(self->compiled, c);
        self->dirty = 0;
        rc_gazetteer_builder_free(self->builder);
        self->builder = NULL;
    }
    PyObject *res = Py_NewRef(self->compiled);
    lock_release(self);
    return res;
}

/* Turns a Python argument into (pointer, length) of UTF-8; None gives NULL when allowed. */
static int utf8_arg(PyObject *o, const char *what, int allow_none, const char **s, Py_ssize_t *n)
{
    if (o == Py_None && allow_none) {
        *s = NULL;
        *n = 0;
        return 0;
    }
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be str%s, not %.100s", what,
                     allow_none ? " or None" : "", Py_TYPE(o)->tp_name);
        return -1;
    }
    *s = PyUnicode_AsUTF8AndSize(o, n);
    return *s ? 0 : -1;
}

/* Adds one entry (lock held, builder present). */
static int add_entry(GazetteerObject *self, PyObject *alias, PyObject *id, PyObject *kind,
                     PyObject *case_sensitive, PyObject *lang, PyObject *form)
{
    rc_gazetteer_entry e = {0};
    if ((e.form = form_value(form)) < 0) return -1;
    Py_ssize_t al, il, kl, ll;
    if (utf8_arg(alias, "alias", 0, &e.alias, &al) || utf8_arg(id, "id", 0, &e.id, &il) ||
        utf8_arg(kind, "kind", 1, &e.kind, &kl) || utf8_arg(lang, "lang", 1, &e.lang, &ll))
        return -1;
    e.alias_len = (size_t)al;
    e.id_len = (size_t)il;
    e.kind_len = (size_t)kl;
    e.lang_len = (size_t)ll;
    if (case_sensitive == Py_None) e.case_mode = RC_CASE_AUTO;
    else if (PyBool_Check(case_sensitive)) /* not any truthy object: 'maybe' is a mistake */
        e.case_mode = case_sensitive == Py_True ? RC_CASE_SENSITIVE : RC_CASE_INSENSITIVE;
    else {
        PyErr_Format(PyExc_TypeError, "case_sensitive must be None, True or False, not %.100R",
                     case_sensitive);
        return -1;
    }
    if (!al) {
        PyErr_SetString(PyExc_ValueError, "alias must not be empty");
        return -1;
    }
    if (!il) {
        PyErr_SetString(PyExc_ValueError, "id must not be empty");
        return -1;
    }
    int rc = rc_gazetteer_builder_add(self->builder, &e);
    if (rc == RC_EINVAL) {
        PyErr_Format(PyExc_ValueError, "alias %R has nothing to match (only spaces and dashes)", alias);
        return -1;
    }
    if (rc == RC_ETOOBIG) {
        PyErr_Format(PyExc_ValueError, "alias %.200R is too long (more than 1024 tokens)", alias);
        return -1;
    }
    if (rc) {
        rc_py_raise(rc, "Gazetteer.add");
        return -1;
    }
    self->dirty = 1;
    return 0;
}

static PyObject *gaz_add(GazetteerObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"alias", "id", "kind", "case_sensitive", "lang", "form", NULL};
    PyObject *alias, *id, *kind = Py_None, *cs = Py_None, *lang = Py_None, *form = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|$OOOO:add", kwlist, &alias, &id, &kind, &cs, &lang,
                                     &form))
        return NULL;
    lock_acquire(self);
    int bad = ensure_builder(self) || add_entry(self, alias, id, kind, cs, lang, form);
    lock_release(self);
    if (bad) return NULL;
    Py_RETURN_NONE;
}

/* _add_lang_data(kind, lang, *fields) -> None: language data for the builder (see relcore.h):
 *   ("flags", lang, cased: bool, inflect_any_word: bool)
 *   ("rule", lang, form_prefix, lemma_prefix, form_suffix, lemma_suffix, min_stem: int)
 *   ("marker" | "common" | "designator" | "designated", lang, word) */
static PyObject *gaz_add_lang_data(GazetteerObject *self, PyObject *args)
{
    const Py_ssize_t n = PyTuple_GET_SIZE(args);
    const char *kind = "", *lang, *a[4] = {NULL, NULL, NULL, NULL};
    Py_ssize_t kl, ll, al[4] = {0, 0, 0, 0}, min_stem = 0;
    int f1 = 0, f2 = 0, ok;
    if (n == 4) ok = PyArg_ParseTuple(args, "s#s#pp", &kind, &kl, &lang, &ll, &f1, &f2);
    else if (n == 7)
        ok = PyArg_ParseTuple(args, "s#s#s#s#s#s#n", &kind, &kl, &lang, &ll, &a[0], &al[0], &a[1], &al[1],
                              &a[2], &al[2], &a[3], &al[3], &min_stem);
    else if (n == 3) ok = PyArg_ParseTuple(args, "s#s#s#", &kind, &kl, &lang, &ll, &a[0], &al[0]);
    else ok = 0, PyErr_SetString(PyExc_TypeError, "_add_lang_data: 3, 4 or 7 arguments");
    if (!ok) return NULL;
    lock_acquire(self);
    if (ensure_builder(self)) {
        lock_release(self);
        return NULL;
    }
    int rc = RC_EINVAL;
    if (n == 4 && strcmp(kind, "flags") == 0) {
        rc = rc_gazetteer_builder_set_lang(self->builder, lang, (size_t)ll,
                                           (f1 ? RC_LANG_CASED : 0) | (f2 ? RC_LANG_INFLECT_ANY_WORD : 0));
    } else if (n == 7 && strcmp(kind, "rule") == 0 && min_stem >= 0) {
        rc_gazetteer_rule r = {a[0], (size_t)al[0], a[1], (size_t)al[1], a[2], (size_t)al[2],
                               a[3], (size_t)al[3], (size_t)min_stem};
        rc = rc_gazetteer_builder_add_rule(self->builder, lang, (size_t)ll, &r);
    } else if (n == 3) {
        static const char *const kinds[] = {"marker", "common", "designator", "designated"};
        for (int k = 0; k < 4; k++)
            if (strcmp(kind, kinds[k]) == 0)
                rc = rc_gazetteer_builder_add_word(self->builder, lang, (size_t)ll, RC_WORD_MARKER + k, a[0], (size_t)al[0]);
    }
    if (!rc) self->dirty = 1;
    lock_release(self);
    if (rc) return rc_py_raise(rc, "Gazetteer._add_lang_data");
    Py_RETURN_NONE;
}

/* _add_many(iterable of (alias, id, kind, case_sensitive, lang, form)) -> None. Entries before a bad
 * one stay added (len() tells how many), so callers can name the bad one. */
static PyObject *gaz_add_many(GazetteerObject *self, PyObject *iterable)
{
    PyObject *it = PyObject_GetIter(iterable);
    if (!it) return NULL;
    lock_acquire(self);
    int bad = ensure_builder(self);
    PyObject *item;
    for (size_t count = 1; !bad && (item = PyIter_Next(it)); count++) {
        PyObject *f[6] = {NULL, NULL, Py_None, Py_None, Py_None, Py_None};
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 2 || PyTuple_GET_SIZE(item) > 6) {
            PyErr_SetString(PyExc_TypeError,
                            "entries must be tuples (alias, id[, kind[, case_sensitive[, lang[, form]]]])");
            bad = 1;
        } else {
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(item); k++) f[k] = PyTuple_GET_ITEM(item, k);
            bad = add_entry(self, f[0], f[1], f[2], f[3], f[4], f[5]);
        }
        Py_DECREF(item);
        /* Ctrl-C: a list of a million entries runs no Python code that would notice it. The
         * entries added so far stay, each whole (as after a bad entry). */
        if (!bad && count % RC_PY_SIGNAL_ITEMS == 0 && PyErr_CheckSignals() < 0) bad = 1;
    }
    lock_release(self);
    Py_DECREF(it);
    if (bad || PyErr_Occurred()) return NULL;
    Py_RETURN_NONE;
}

static Py_ssize_t gaz_len(GazetteerObject *self)
{
    if (self->builder) return (Py_ssize_t)rc_gazetteer_builder_count(self->builder);
    if (self->compiled) return (Py_ssize_t)((CompiledObject *)self->compiled)->n;
    return 0;
}

/* A Match of entry i at str indices [start, end) matching `text` (stolen; NULL fails). */
static PyObject *entry_match(PyTypeObject *type, CompiledObject *c, Py_ssize_t start, Py_ssize_t end,
                             uint32_t i, PyObject *text)
{
    MatchObject *m = text && !compiled_entry(c, i) ? PyObject_New(MatchObject, type) : NULL;
    PyObject *s = m ? PyLong_FromSsize_t(start) : NULL, *e = s ? PyLong_FromSsize_t(end) : NULL;
    if (!e) {
        if (m) memset(m->f, 0, sizeof m->f);
        Py_XDECREF(m);
        Py_XDECREF(s);
        Py_XDECREF(text);
        return NULL;
    }
    const entry_objects *o = &c->obj[i];
    PyObject *f[7] = {s, e, Py_NewRef(o->id), Py_NewRef(o->kind), text, Py_NewRef(o->alias), Py_NewRef(o->form)};
    memcpy(m->f, f, sizeof f);
    return (PyObject *)m;
}

static PyObject *gaz_find(GazetteerObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"text", "overlapping", "lang", NULL};
    PyObject *obj, *lang_obj = Py_None;
    int overlapping = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$pO:find", kwlist, &obj, &overlapping, &lang_obj))
        return NULL;
    const char *lang = NULL;
    Py_ssize_t lang_len = 0;
    if (lang_obj != Py_None) {
        if (!PyUnicode_Check(lang_obj)) {
            PyErr_SetString(PyExc_TypeError, "find: lang must be a str or None");
            return NULL;
        }
        lang = PyUnicode_AsUTF8AndSize(lang_obj, &lang_len); /* kept alive by the caller's args */
        if (!lang) return NULL;
    }
    rc_py_text v;
    if (rc_py_text_get(obj, NULL, &v)) return NULL;
    PyObject *cobj = get_compiled(self);
    if (!cobj) {
        rc_py_text_release(&v);
        return NULL;
    }
    CompiledObject *c = (CompiledObject *)cobj;
    /* Byte offsets: the binding needs them (to reuse matched strs) and converts them itself. */
    const unsigned options = overlapping ? RC_MATCH_OVERLAPPING : 0;
    rc_matches m = RC_MATCHES_INIT;
    int rc;
    RC_PY_TEXT_CALL(&v, rc, rc = rc_gazetteer_find_lang(c->g, v.data, v.len, options, lang, (size_t)lang_len, &m));
    PyObject *list = NULL;
    if (rc) {
        rc_py_text_raise(&v, rc, "Gazetteer.find");
        goto done;
    }
    if (m.count && compiled_caches(c)) goto done;
    list = PyList_New((Py_ssize_t)m.count);
    if (!list) goto done;
    const unsigned char *u = (const unsigned char *)v.data;
    size_t byte = 0, index = 0;
    for (size_t i = 0; i < m.count; i++) {
        const size_t bs = (size_t)m.start[i], be = (size_t)m.end[i];
        size_t start = bs, end = be;
        if (!v.ascii) { /* starts never decrease: count forward from the previous one */
            index += rc_utf8_count_chars(u + byte, bs - byte);
            byte = bs;
            start = index;
            end = index + rc_utf8_count_chars(u + bs, be - bs);
        }
        PyObject *x = entry_match((PyTypeObject *)self->match_type, c, (Py_ssize_t)start, (Py_ssize_t)end,
                                  m.entry[i], matched_text(c, m.entry[i], v.data + bs, be - bs));
        if (!x) {
            Py_CLEAR(list);
            goto done;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, x);
    }
done:
    rc_matches_free(&m);
    Py_DECREF(cobj);
    rc_py_text_release(&v);
    return list;
}

static PyObject *gaz_compile(GazetteerObject *self, PyObject *unused)
{
    PyObject *c = get_compiled(self);
    if (!c) return NULL;
    Py_DECREF(c);
    Py_RETURN_NONE;
}

static PyObject *gaz_image(GazetteerObject *self, PyObject *unused)
{
    PyObject *c = get_compiled(self);
    if (!c) return NULL;
    const void *data;
    size_t size;
    rc_gazetteer_image(((CompiledObject *)c)->g, &data, &size);
    PyObject *res = PyBytes_FromStringAndSize(data, (Py_ssize_t)size);
    Py_DECREF(c);
    return res;
}

/* A new instance of cls (via cls()) whose entries are those of the compiled object c. */
static PyObject *instance_with_compiled(PyTypeObject *cls, PyObject *c)
{
    rc_py_state *st = rc_py_state_from_type(cls);
    if (!st) return NULL;
    PyObject *self = PyObject_CallNoArgs((PyObject *)cls);
    if (!self) return NULL;
    if (!PyObject_TypeCheck(self, (PyTypeObject *)st->gazetteer_type)) {
        PyErr_SetString(PyExc_TypeError, "cls() did not return a Gazetteer");
        Py_DECREF(self);
        return NULL;
    }
    GazetteerObject *gz = (GazetteerObject *)self;
    lock_acquire(gz);
    rc_gazetteer_builder_free(gz->builder); /* whatever cls() added is replaced */
    gz->builder = NULL;
    Py_XSETREF(gz->compiled, Py_NewRef(c));
    gz->dirty = 0;
    lock_release(gz);
    return self;
}

/* A new instance of cls holding g (ownership taken). */
static PyObject *instance_with(PyTypeObject *cls, rc_gazetteer *g)
{
    rc_py_state *st = rc_py_state_from_type(cls);
    if (!st) {
        rc_gazetteer_free(g);
        return NULL;
    }
    PyObject *c = compiled_new(st, g);
    if (!c) return NULL;
    PyObject *self = instance_with_compiled(cls, c);
    Py_DECREF(c);
    return self;
}

/* copy() -> a new gazetteer with the same entries. The compiled form is immutable, so it is
 * shared, not copied: O(1). */
static PyObject *gaz_copy(GazetteerObject *self, PyObject *unused)
{
    PyObject *c = get_compiled(self);
    if (!c) return NULL;
    PyObject *res = instance_with_compiled(Py_TYPE(self), c);
    Py_DECREF(c);
    return res;
}

static PyObject *load_error(int rc, PyObject *what)
{
    if (rc == RC_EVERSION)
        PyErr_Format(PyExc_ValueError,
                     "%S: a relcore gazetteer image of another format version (this relcore reads "
                     "version %d): rebuild it from its entries and save it again",
                     what, RC_GAZETTEER_FORMAT_VERSION);
    else if (rc == RC_EFORMAT)
        PyErr_Format(PyExc_ValueError,
                     "%S: not a relcore gazetteer image, or truncated, corrupted or of another version",
                     what);
    else if (rc == RC_EIO) PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, what);
    else rc_py_raise(rc, "Gazetteer.load");
    return NULL;
}

static PyObject *gaz_from_image(PyObject *cls, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    rc_gazetteer *g = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = rc_gazetteer_load_image(view.buf, (size_t)view.len, &g);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    if (rc) {
        PyObject *what = PyUnicode_FromString("gazetteer image");
        if (what) load_error(rc, what);
        Py_XDECREF(what);
        return NULL;
    }
    return instance_with((PyTypeObject *)cls, g);
}

static PyObject *gaz_load(PyObject *cls, PyObject *arg)
{
    PyObject *path = NULL;
    if (!PyUnicode_FSConverter(arg, &path)) return NULL;
    rc_gazetteer *g = NULL;
    int rc;
    const char *p = PyBytes_AS_STRING(path);
    Py_BEGIN_ALLOW_THREADS
    errno = 0;
    rc = rc_gazetteer_load_file(p, &g);
    Py_END_ALLOW_THREADS
    Py_DECREF(path);
    if (rc) return load_error(rc, arg);
    return instance_with((PyTypeObject *)cls, g);
}

static PyObject *gaz_save(GazetteerObject *self, PyObject *arg)
{
    PyObject *path = NULL;
    if (!PyUnicode_FSConverter(arg, &path)) return NULL;
    PyObject *c = get_compiled(self);
    if (!c) {
        Py_DECREF(path);
        return NULL;
    }
    int rc;
    const char *p = PyBytes_AS_STRING(path);
    rc_gazetteer *g = ((CompiledObject *)c)->g;
    Py_BEGIN_ALLOW_THREADS
    errno = 0;
    rc = rc_gazetteer_save_file(g, p);
    Py_END_ALLOW_THREADS
    Py_DECREF(path);
    Py_DECREF(c);
    if (rc == RC_EIO) return PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, arg);
    if (rc) return rc_py_raise(rc, "Gazetteer.save");
    Py_RETURN_NONE;
}

/* entries() -> list of (alias, id, kind, case_sensitive, lang, form) in the order they were added. */
static PyObject *gaz_entries(GazetteerObject *self, PyObject *unused)
{
    PyObject *c = get_compiled(self);
    if (!c) return NULL;
    rc_gazetteer *g = ((CompiledObject *)c)->g;
    size_t n = rc_gazetteer_count(g);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        rc_gazetteer_entry e;
        rc_gazetteer_entry_get(g, i, &e);
        PyObject *cs = e.case_mode == RC_CASE_AUTO ? Py_None
                       : e.case_mode == RC_CASE_SENSITIVE ? Py_True : Py_False;
        PyObject *t = Py_BuildValue("(NNNONN)", entry_str(e.alias, e.alias_len, 0),
                                    entry_str(e.id, e.id_len, 0), entry_str(e.kind, e.kind_len, 1),
                                    cs, entry_str(e.lang, e.lang_len, 1), form_str(e.form));
        if (!t) Py_CLEAR(list);
        else PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    Py_DECREF(c);
    return list;
}

/* case_sensitive(i) -> bool: the case rule in force for entry i (RC_CASE_AUTO resolved). */
static PyObject *gaz_case_sensitive(GazetteerObject *self, PyObject *arg)
{
    Py_ssize_t i = PyLong_AsSsize_t(arg);
    if (i == -1 && PyErr_Occurred()) return NULL;
    PyObject *c = get_compiled(self);
    if (!c) return NULL;
    rc_gazetteer_entry e;
    int rc = i < 0 ? RC_EINVAL : rc_gazetteer_entry_get(((CompiledObject *)c)->g, (size_t)i, &e);
    Py_DECREF(c);
    if (rc) {
        PyErr_SetString(PyExc_IndexError, "gazetteer entry out of range");
        return NULL;
    }
    return PyBool_FromLong(e.case_sensitive);
}

static PyObject *gaz_meta(GazetteerObject *self, PyObject *unused)
{
    PyObject *c = get_compiled(self);
    if (!c) return NULL;
    size_t n;
    const char *s = rc_gazetteer_meta(((CompiledObject *)c)->g, &n);
    PyObject *res = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
    Py_DECREF(c);
    return res;
}

static PyObject *gaz_set_meta(GazetteerObject *self, PyObject *arg)
{
    const char *s;
    Py_ssize_t n;
    if (utf8_arg(arg, "meta", 0, &s, &n)) return NULL;
    lock_acquire(self);
    int rc = ensure_builder(self) ? RC_OK : rc_gazetteer_builder_set_meta(self->builder, s, (size_t)n);
    int failed = PyErr_Occurred() != NULL;
    if (!failed && !rc) self->dirty = 1;
    lock_release(self);
    if (failed) return NULL;
    if (rc) return rc_py_raise(rc, "Gazetteer");
    Py_RETURN_NONE;
}

static PyMethodDef gaz_methods[] = {
    {"add", (PyCFunction)(void (*)(void))gaz_add, METH_VARARGS | METH_KEYWORDS,
     "add(alias, id, *, kind=None, case_sensitive=None, lang=None, form=None)\n--\n\n"
     "Add an alias of the entity `id`. case_sensitive=None applies the automatic rule."},
    {"_add_many", (PyCFunction)gaz_add_many, METH_O,
     "_add_many(iterable of (alias, id[, kind[, case_sensitive[, lang[, form]]]]))"},
    {"find", (PyCFunction)(void (*)(void))gaz_find, METH_VARARGS | METH_KEYWORDS,
     "find(text, *, overlapping=False, lang=None)\n--\n\nEvery alias in text, as a list of Match. "
     "lang: None (the text's script and marker words decide which languages' aliases fire), "
     "a tag such as 'ru' (that language only, with its inflection), or '*' (every language)."},
    {"_add_lang_data", (PyCFunction)gaz_add_lang_data, METH_VARARGS,
     "_add_lang_data(kind, lang, ...)\n--\n\nLanguage settings, inflection rules, word lists."},
    {"compile", (PyCFunction)gaz_compile, METH_NOARGS,
     "compile()\n--\n\nCompile now (find() otherwise compiles on first use after adds)."},
    {"copy", (PyCFunction)gaz_copy, METH_NOARGS,
     "copy()\n--\n\nA new gazetteer with the same entries (adding to it leaves this one alone)."},
    {"_image", (PyCFunction)gaz_image, METH_NOARGS, "_image() -> bytes: the compiled image"},
    {"_from_image", (PyCFunction)gaz_from_image, METH_O | METH_CLASS,
     "_from_image(data) -> Gazetteer, from a compiled image"},
    {"load", (PyCFunction)gaz_load, METH_O | METH_CLASS,
     "load($type, path, /)\n--\n\nLoad a gazetteer saved with save(); the image is validated."},
    {"save", (PyCFunction)gaz_save, METH_O,
     "save($self, path, /)\n--\n\nWrite the compiled image to path."},
    {"entries", (PyCFunction)gaz_entries, METH_NOARGS,
     "entries()\n--\n\nThe entries as (alias, id, kind, case_sensitive, lang, form) tuples."},
    {"case_sensitive", (PyCFunction)gaz_case_sensitive, METH_O,
     "case_sensitive($self, index, /)\n--\n\nWhether entry `index` is matched case-sensitively."},
    {"_meta", (PyCFunction)gaz_meta, METH_NOARGS, "_meta() -> str stored in the image"},
    {"_set_meta", (PyCFunction)gaz_set_meta, METH_O, "_set_meta(str): note for the image"},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot gaz_slots[] = {
    {Py_tp_new, gaz_new},
    {Py_tp_dealloc, gaz_dealloc},
    {Py_tp_traverse, gaz_traverse},
    {Py_tp_clear, gaz_clear},
    {Py_tp_methods, gaz_methods},
    {Py_sq_length, gaz_len},
    {Py_tp_doc, "Gazetteer()\n--\n\nThe C core of relcore.Gazetteer (use relcore.Gazetteer)."},
    {0, NULL},
};

static PyType_Spec gaz_spec = {
    "relcore._core.Gazetteer", sizeof(GazetteerObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE, gaz_slots};

/* ---- what document.c needs from a gazetteer (binding.h) --------------------------------------- */

PyObject *rc_py_gazetteer_compiled(PyObject *gaz)
{
    rc_py_state *st = rc_py_state_from_type(Py_TYPE(gaz));
    if (!st || !PyObject_TypeCheck(gaz, (PyTypeObject *)st->gazetteer_type)) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "gazetteer must be a relcore.Gazetteer, not %.100s",
                     Py_TYPE(gaz)->tp_name);
        return NULL;
    }
    return get_compiled((GazetteerObject *)gaz);
}

const rc_gazetteer *rc_py_compiled_gazetteer(PyObject *compiled)
{
    return ((CompiledObject *)compiled)->g;
}

const rc_entities *rc_py_compiled_entities(PyObject *compiled)
{
    CompiledObject *c = (CompiledObject *)compiled;
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
    CompiledObject *c = (CompiledObject *)compiled;
    if (!c->ids && !rc_py_compiled_entities(compiled)) return NULL;
    return c->ids;
}

PyObject *rc_py_compiled_kinds(PyObject *compiled)
{
    CompiledObject *c = (CompiledObject *)compiled;
    if (c->kinds) return c->kinds;
    if (compiled_caches(c)) return NULL;
    PyObject *kinds = PyTuple_New((Py_ssize_t)c->n);
    for (size_t i = 0; kinds && i < c->n; i++) {
        if (compiled_entry(c, i)) Py_CLEAR(kinds);
        else PyTuple_SET_ITEM(kinds, (Py_ssize_t)i, Py_NewRef(c->obj[i].kind));
    }
    c->kinds = kinds;
    return kinds;
}

PyObject *rc_py_compiled_match(PyObject *compiled, PyObject *text, Py_ssize_t start, Py_ssize_t end,
                               uint32_t entry)
{
    CompiledObject *c = (CompiledObject *)compiled;
    rc_py_state *st = PyType_GetModuleState(Py_TYPE(compiled));
    if (!st || compiled_caches(c)) return NULL;
    return entry_match((PyTypeObject *)st->match_type, c, start, end, entry, PyUnicode_Substring(text, start, end));
}

PyMethodDef rc_py_gazetteer_methods[] = {{NULL, NULL, 0, NULL}};

int rc_py_gazetteer_register(PyObject *module)
{
    rc_py_state *st = PyModule_GetState(module);
    if (!st) return -1;
    st->match_type = PyType_FromModuleAndSpec(module, &match_spec, NULL);
    if (!st->match_type) return -1;
    /* Positional patterns: case Match(start, end, id): ... */
    PyObject *args = PyTuple_New(6);
    for (int i = 0; args && i < 6; i++) {
        PyObject *name = PyUnicode_FromString(match_names[i]);
        if (!name) Py_CLEAR(args);
        else PyTuple_SET_ITEM(args, i, name);
    }
    if (!args) return -1;
    int bad = PyDict_SetItemString(((PyTypeObject *)st->match_type)->tp_dict, "__match_args__", args);
    Py_DECREF(args);
    if (bad) return -1;
    PyType_Modified((PyTypeObject *)st->match_type);
    st->compiled_type = PyType_FromModuleAndSpec(module, &compiled_spec, NULL);
    if (!st->compiled_type) return -1;
    st->gazetteer_type = PyType_FromModuleAndSpec(module, &gaz_spec, NULL);
    if (!st->gazetteer_type) return -1;
    if (PyModule_AddObjectRef(module, "Gazetteer", st->gazetteer_type) < 0) return -1;
    if (PyModule_AddObjectRef(module, "Match", st->match_type) < 0) return -1;
    return 0;
}
