/* strview.c — a str as UTF-8, converted by the core (rc_units_to_utf8, GIL released) instead of
 * by CPython.
 *
 * PyUnicode_AsUTF8AndSize encodes a non-ASCII str with the GIL held, caches the copy inside the
 * str for the str's lifetime, and is slow on the typical UCS-2 text: for the gazetteer on UN
 * speeches it was a fifth of the run time. Here the str's own storage (1, 2 or 4 bytes per code
 * point) is handed to the core's transcoder, which needs no GIL, so it runs in the same GIL-free
 * section as the C work it feeds. */
#include "binding.h"

int rc_py_strview_get(PyObject *obj, rc_py_strview *v)
{
    memset(v, 0, sizeof *v);
    if (!PyUnicode_Check(obj)) {
        /* bytes and bytearray: decoded (strictly) by the shared helper; offsets are then indices
         * into the decoded str. */
        rc_py_text t;
        if (rc_py_text_get(obj, "strict", &t)) return -1;
        v->str = t.str; /* reference handed over */
        v->data = t.data;
        v->len = (size_t)t.len;
        v->ascii = t.ascii;
        return 0;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(obj) < 0) return -1;
#endif
    v->str = Py_NewRef(obj);
    v->ascii = PyUnicode_IS_ASCII(obj);
    if (v->ascii) {
        v->data = (const char *)PyUnicode_DATA(obj);
        v->len = (size_t)PyUnicode_GET_LENGTH(obj);
        return 0;
    }
    v->kind = PyUnicode_KIND(obj);
    v->src = PyUnicode_DATA(obj);
    v->n = (size_t)PyUnicode_GET_LENGTH(obj);
    return 0;
}

int rc_py_strview_convert(rc_py_strview *v)
{
    if (!v->src || v->data) return 0;
    size_t cap = rc_units_utf8_bound(v->kind, v->n);
    if (!cap) return RC_ETOOBIG;
    char *o = PyMem_RawMalloc(cap);
    if (!o) return RC_ENOMEM;
    size_t at = 0;
    int rc = rc_units_to_utf8(v->src, v->kind, v->n, o, &v->len, &at);
    if (rc) {
        PyMem_RawFree(o);
        v->surrogate_at = (Py_ssize_t)at;
        return RC_EUTF8;
    }
    v->owned = o;
    v->data = o;
    return 0;
}

PyObject *rc_py_strview_raise(rc_py_strview *v, int code, const char *what)
{
    if (code == RC_EUTF8) {
        char cp[16]; /* PyErr_Format has no %X */
        snprintf(cp, sizeof cp, "U+%04X", (unsigned)PyUnicode_READ_CHAR(v->str, v->surrogate_at));
        return PyErr_Format(PyExc_ValueError,
                            "text contains a lone surrogate %s at index %zd; "
                            "decode with errors='surrogatepass' upstream or clean the text",
                            cp, v->surrogate_at);
    }
    return rc_py_raise(code, what);
}

void rc_py_strview_release(rc_py_strview *v)
{
    if (v->owned) PyMem_RawFree(v->owned);
    Py_CLEAR(v->str);
    memset(v, 0, sizeof *v);
}
