/* pyfaults.h — allocation-failure injection for the binding, a test build only: with
 * -DRC_PY_FAULTS (which needs the core's -DRC_FAULT_INJECTION too; `make faults` and `make
 * sanitize` do), setup.py compiles tests/faults/pyfaults.c into the extension and puts this folder
 * on the include path.
 *
 * Included last by csrc/python/binding.h (only then), so it applies to every binding file and to
 * nothing else. Each CPython call below that allocates (objects, C memory) first asks
 * rc_py_fault_hit(), which spends one allocation of the core's countdown (base/alloc.h): the n-th
 * allocation made by the extension fails, whether the binding or the core makes it. A failure
 * raises MemoryError the way CPython would, so every error path of the binding can be driven from
 * Python with relcore._core._fault_after(n) (tests/python/test_binding_faults.py). */
#ifndef RC_PY_FAULTS_H
#define RC_PY_FAULTS_H

/* Test control (pyfaults.c): _fault_after(n), _fault_count(), added to the module by module.c. */
extern PyMethodDef rc_py_fault_methods[];

#ifndef RC_FAULT_INJECTION
#error "RC_PY_FAULTS needs RC_FAULT_INJECTION (the core's countdown)"
#endif

/* 1 when this allocation is to fail (the countdown of base/alloc.h reached it). */
int rc_py_fault_hit(void);

/* A failing call that returns an object: MemoryError set, NULL returned. */
#define RC_PYF_OBJ(call) (rc_py_fault_hit() ? PyErr_NoMemory() : (call))
/* A failing call whose arguments may be references it steals (Py_BuildValue's "N"): the call is
 * made, so that it takes them as a real failure inside it would, and its result dropped. */
#define RC_PYF_STEALS(call) (rc_py_fault_hit() ? rc_py_fault_drop(call) : (call))
static inline PyObject *rc_py_fault_drop(PyObject *made)
{
    Py_XDECREF(made);
    return PyErr_NoMemory();
}
/* A failing call that returns C memory: NULL (the caller raises, as for CPython's). */
#define RC_PYF_MEM(call) (rc_py_fault_hit() ? NULL : (call))

#define PyList_New(n) RC_PYF_OBJ(PyList_New(n))
#define PyTuple_New(n) RC_PYF_OBJ(PyTuple_New(n))
#define PyTuple_Pack(...) RC_PYF_OBJ(PyTuple_Pack(__VA_ARGS__))
/* With PY_SSIZE_T_CLEAN, CPython before 3.13 maps these three to their _SizeT versions by
 * macros; wrap what they stand for. */
#if defined(PY_SSIZE_T_CLEAN) && PY_VERSION_HEX < 0x030D0000
#undef Py_BuildValue
#undef PyObject_CallFunction
#undef PyObject_CallMethod
#define RC_PYF_SIZE_T(name) _##name##_SizeT
#else
#define RC_PYF_SIZE_T(name) name
#endif
#define Py_BuildValue(...) RC_PYF_STEALS(RC_PYF_SIZE_T(Py_BuildValue)(__VA_ARGS__))
#define PyObject_CallFunction(...) RC_PYF_STEALS(RC_PYF_SIZE_T(PyObject_CallFunction)(__VA_ARGS__))
#define PyObject_CallMethod(...) RC_PYF_STEALS(RC_PYF_SIZE_T(PyObject_CallMethod)(__VA_ARGS__))
#define PyUnicode_New(n, m) RC_PYF_OBJ(PyUnicode_New((n), (m)))
#define PyUnicode_FromString(s) RC_PYF_OBJ(PyUnicode_FromString(s))
#define PyUnicode_FromFormat(...) RC_PYF_OBJ(PyUnicode_FromFormat(__VA_ARGS__))
#define PyUnicode_FromOrdinal(c) RC_PYF_OBJ(PyUnicode_FromOrdinal(c))
#define PyUnicode_FromKindAndData(k, b, n) RC_PYF_OBJ(PyUnicode_FromKindAndData((k), (b), (n)))
#define PyUnicode_Substring(s, a, b) RC_PYF_OBJ(PyUnicode_Substring((s), (a), (b)))
#define PyUnicode_DecodeUTF8(s, n, e) RC_PYF_OBJ(PyUnicode_DecodeUTF8((s), (n), (e)))
#define PyBytes_FromStringAndSize(s, n) RC_PYF_OBJ(PyBytes_FromStringAndSize((s), (n)))
#define PyLong_FromSsize_t(v) RC_PYF_OBJ(PyLong_FromSsize_t(v))
#define PyLong_FromSize_t(v) RC_PYF_OBJ(PyLong_FromSize_t(v))
#define PyLong_FromUnsignedLongLong(v) RC_PYF_OBJ(PyLong_FromUnsignedLongLong(v))
#define PyMemoryView_FromObject(o) RC_PYF_OBJ(PyMemoryView_FromObject(o))
#define PyObject_GetIter(o) RC_PYF_OBJ(PyObject_GetIter(o))
#define PyObject_CallFunctionObjArgs(...) RC_PYF_OBJ(PyObject_CallFunctionObjArgs(__VA_ARGS__))
#define PyObject_CallNoArgs(o) RC_PYF_OBJ(PyObject_CallNoArgs(o))
#define PyCapsule_New(p, n, d) RC_PYF_OBJ(PyCapsule_New((p), (n), (d)))
#undef PyObject_New
#define PyObject_New(type, typeobj) \
    (rc_py_fault_hit() ? (type *)PyErr_NoMemory() : (type *)_PyObject_New(typeobj))
#undef PyObject_GC_NewVar
#define PyObject_GC_NewVar(type, typeobj, n) \
    (rc_py_fault_hit() ? (type *)PyErr_NoMemory() : (type *)_PyObject_GC_NewVar((typeobj), (n)))
#define PyMem_Malloc(n) RC_PYF_MEM(PyMem_Malloc(n))
#define PyMem_Calloc(n, s) RC_PYF_MEM(PyMem_Calloc((n), (s)))
/* An object made by a type's tp_alloc slot: RC_PY_TP_ALLOC(type, n) in place of
 * type->tp_alloc(type, n). */
#define RC_PY_TP_ALLOC(type, n) RC_PYF_OBJ((type)->tp_alloc((type), (n)))

#endif
