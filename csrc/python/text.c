/* text.c — turning Python text arguments into UTF-8 views, and relcore errors into exceptions. */
#include "binding.h"

static int raise_surrogate(PyObject *str)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(str);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(str, i);
        if (c >= 0xD800 && c <= 0xDFFF) {
            rc_py_raise_surrogate(c, i);
            return -1;
        }
    }
    return -1; /* keep the original error */
}

int rc_py_text_get(PyObject *obj, const char *errors, rc_py_text *t)
{
    t->str = NULL;
    if (errors && strcmp(errors, "strict") != 0 && strcmp(errors, "replace") != 0) {
        PyErr_Format(PyExc_ValueError, "errors must be 'strict' or 'replace', not '%.50s'", errors);
        return -1;
    }
    if (PyUnicode_Check(obj)) {
        Py_INCREF(obj);
        t->str = obj;
    } else if (PyBytes_Check(obj) || PyByteArray_Check(obj)) {
        const char *b = PyBytes_Check(obj) ? PyBytes_AS_STRING(obj) : PyByteArray_AS_STRING(obj);
        Py_ssize_t n = PyBytes_Check(obj) ? PyBytes_GET_SIZE(obj) : PyByteArray_GET_SIZE(obj);
        t->str = PyUnicode_DecodeUTF8(b, n, errors ? errors : "strict");
        if (!t->str) return -1;
    } else {
        PyErr_Format(PyExc_TypeError, "text must be str or bytes, not %.100s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    t->ascii = PyUnicode_IS_ASCII(t->str);
    t->data = PyUnicode_AsUTF8AndSize(t->str, &t->len);
    if (!t->data) {
        if (PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
            PyObject *et, *ev, *tb;
            PyErr_Fetch(&et, &ev, &tb);
            raise_surrogate(t->str);
            if (PyErr_Occurred()) {
                Py_XDECREF(et);
                Py_XDECREF(ev);
                Py_XDECREF(tb);
            } else {
                PyErr_Restore(et, ev, tb);
            }
        }
        Py_CLEAR(t->str);
        return -1;
    }
    return 0;
}

void rc_py_raise_surrogate(Py_UCS4 c, Py_ssize_t index)
{
    /* PyErr_Format has no %04X: format the code point first. */
    char cp[16];
    snprintf(cp, sizeof cp, "U+%04X", (unsigned)c);
    PyErr_Format(PyExc_ValueError, "text contains a lone surrogate %s at index %zd", cp, index);
}

void rc_py_text_release(rc_py_text *t) { Py_CLEAR(t->str); }

int rc_py_check_threads(long threads)
{
    if (threads >= 0) return 0;
    PyErr_SetString(PyExc_ValueError, "threads must be >= 0 (0: one per CPU)");
    return -1;
}

PyObject *rc_py_raise(int code, const char *what)
{
    PyObject *exc = PyExc_ValueError;
    if (code == RC_ENOMEM) return PyErr_NoMemory();
    if (code == RC_ETOOBIG) exc = PyExc_OverflowError;
    if (code == RC_EIO) exc = PyExc_OSError;
    if (what) PyErr_Format(exc, "%s: %s", what, rc_strerror(code));
    else PyErr_SetString(exc, rc_strerror(code));
    return NULL;
}
