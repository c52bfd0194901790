/* module.c — the relcore._core extension module: the one method table and the types (generated
 * from the stub, module.c.h), version constants, multi-phase initialization (no global state). */
#include "binding.h"

#include "gen/python/module.c.h"

static int core_exec(PyObject *m)
{
    if (PyModule_AddFunctions(m, module_methods) < 0) return -1;
#ifdef RC_PY_FAULTS
    if (PyModule_AddFunctions(m, rc_py_fault_methods) < 0) return -1;
#endif
    if (PyModule_AddStringConstant(m, "__version__", rc_version()) < 0) return -1;
    if (PyModule_AddStringConstant(m, "unicode_version", rc_unicode_version()) < 0) return -1;
    if (add_types(m) < 0 || rc_py_tokens_register(m) < 0 || rc_py_document_register(m) < 0) return -1;
    return 0;
}

/* The module state holds only object references (binding.h): visit and clear them all. */
#define STATE_FIELDS (sizeof(rc_py_state) / sizeof(PyObject *))

static int core_traverse(PyObject *m, visitproc visit, void *arg)
{
    PyObject **f = (PyObject **)rc_py_module_state(m);
    for (size_t i = 0; f && i < STATE_FIELDS; i++) Py_VISIT(f[i]);
    return 0;
}

static int core_clear(PyObject *m)
{
    PyObject **f = (PyObject **)rc_py_module_state(m);
    for (size_t i = 0; f && i < STATE_FIELDS; i++) Py_CLEAR(f[i]);
    return 0;
}

static void core_free(void *m) { core_clear((PyObject *)m); }

PyObject *rc_py_record_class(rc_py_state *st, rc_py_record_kind kind)
{
    static const char *const where[][2] = {
        {"relcore._tokens", "Token"}, {"relcore._tokens", "Span"}, {"relcore.relations", "Pair"}};
    PyObject **slot = &st->record_class[kind];
    if (!*slot) {
        PyObject *mod = PyImport_ImportModule(where[kind][0]);
        if (!mod) return NULL;
        *slot = PyObject_GetAttrString(mod, where[kind][1]);
        Py_DECREF(mod);
    }
    return *slot;
}

PyObject *rc_py_record_new(PyObject *cls, Py_ssize_t n, PyObject *const fields[])
{
    int ok = 1;
    for (Py_ssize_t i = 0; i < n; i++) ok &= fields[i] != NULL;
    PyTypeObject *tp = (PyTypeObject *)cls;
    PyObject *rec = NULL;
#if PY_VERSION_HEX < 0x030E0000 /* 3.14 tuples cache their hash in a field of their own */
    /* A record class adds nothing to tuple's layout (__slots__ = ()): made untracked and without
     * tp_alloc's zeroing, as every item is set at once (a third of the cost of a match). */
    if (ok && tp->tp_basicsize == PyTuple_Type.tp_basicsize && tp->tp_itemsize == PyTuple_Type.tp_itemsize)
        rec = (PyObject *)PyObject_GC_NewVar(PyTupleObject, tp, n);
    else
#endif
        rec = ok ? RC_PY_TP_ALLOC(tp, n) : NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (rec) PyTuple_SET_ITEM(rec, i, fields[i]);
        else Py_XDECREF(fields[i]);
    }
    if (rec) PyObject_GC_UnTrack(rec);
    return rec;
}

PyObject *rc_py_subscript(PyObject *self, Py_ssize_t n, PyObject *key, PyObject *(*item)(PyObject *, Py_ssize_t),
                          const char *what)
{
    Py_ssize_t i, start, stop, step;
    if (PyIndex_Check(key)) {
        if ((i = PyNumber_AsSsize_t(key, PyExc_IndexError)) == -1 && PyErr_Occurred()) return NULL;
        i += i < 0 ? n : 0;
        return i >= 0 && i < n ? item(self, i) : PyErr_Format(PyExc_IndexError, "%s index out of range", what);
    }
    if (!PySlice_Check(key))
        return PyErr_Format(PyExc_TypeError, "%s indices must be integers or slices, not %.100s", what,
                            Py_TYPE(key)->tp_name);
    if (PySlice_Unpack(key, &start, &stop, &step) < 0) return NULL;
    Py_ssize_t len = PySlice_AdjustIndices(n, &start, &stop, step);
    PyObject *list = PyList_New(len);
    for (Py_ssize_t k = 0; list && k < len; k++) {
        PyObject *x = item(self, start + k * step);
        if (!x) Py_CLEAR(list);
        else PyList_SET_ITEM(list, k, x);
    }
    return list;
}

static PyModuleDef_Slot core_slots[] = {{Py_mod_exec, core_exec}, {0, NULL}};

static struct PyModuleDef rc_py_core_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "relcore._core",
    .m_doc = "relcore's C core: normalization, segmentation and gazetteer matching.",
    .m_size = sizeof(rc_py_state),
    .m_slots = core_slots,
    .m_traverse = core_traverse,
    .m_clear = core_clear,
    .m_free = core_free,
};

rc_py_state *rc_py_state_from_type(PyTypeObject *type)
{
#if PY_VERSION_HEX >= 0x030B0000
    PyObject *mod = PyType_GetModuleByDef(type, &rc_py_core_module); /* TypeError if none */
    return mod ? PyModule_GetState(mod) : NULL;
#else /* 3.10 has no PyType_GetModuleByDef: what it does, the MRO's first type of our module */
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; mro && i < PyTuple_GET_SIZE(mro); i++) {
        PyTypeObject *t = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
        PyObject *mod = t->tp_flags & Py_TPFLAGS_HEAPTYPE ? ((PyHeapTypeObject *)t)->ht_module : NULL;
        if (mod && PyModule_GetDef(mod) == &rc_py_core_module) return PyModule_GetState(mod);
    }
    PyErr_Format(PyExc_TypeError, "%.100s is not a relcore type", type->tp_name);
    return NULL;
#endif
}

PyMODINIT_FUNC PyInit__core(void) { return PyModuleDef_Init(&rc_py_core_module); }
