/* pyfaults.c — the test control of the binding's allocation-failure injection (pyfaults.h):
 * relcore._core._fault_after(n) makes the n-th allocation from now fail (the binding's and the
 * core's, in this thread; n < 0: none), _fault_count() tells how many were made since. Compiled
 * only into builds with RC_PY_FAULTS (setup.py); ordinary builds have neither. */
#include "python/binding.h"

#include "base/alloc.h"

int rc_py_fault_hit(void)
{
    /* One allocation of the core's countdown stands for the binding's: a single count orders
     * both, so "the n-th allocation" means the n-th of the extension, whoever makes it. */
    void *p = rc_malloc(1);
    rc_free(p);
    return p == NULL;
}

static PyObject *py_fault_after(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return NULL;
    rc_fault_fail_after(n);
    Py_RETURN_NONE;
}

static PyObject *py_fault_count(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(rc_fault_count());
}

PyMethodDef rc_py_fault_methods[] = {
    {"_fault_after", py_fault_after, METH_O,
     "_fault_after(n)\n--\n\nTests only: the n-th allocation from now fails (n < 0: none)."},
    {"_fault_count", py_fault_count, METH_NOARGS,
     "_fault_count()\n--\n\nTests only: allocations made since the last _fault_after."},
    {NULL, NULL, 0, NULL}};
