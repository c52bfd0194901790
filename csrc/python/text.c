/* text.c — Python text arguments as the core's UTF-8, and relcore errors as exceptions.
 *
 * One path to UTF-8: an ASCII str is its own UTF-8 and bytes decoded strictly are theirs; any
 * other str is handed to the core as its own storage (1, 2 or 4 bytes per code point) and
 * converted by rc_text_utf8, which needs no GIL, so it runs in the same GIL-free section as the
 * work it feeds (CPython's encoder would hold the GIL, and is slower on UCS-2 text). */
#include "binding.h"

/* The UTF-8 copy that CPython keeps inside a str once anything has asked for it
 * (PyUnicode_AsUTF8AndSize), read without making it: a str that already has one is not converted
 * again. NULL when it has none (or the build gives no safe way to read it). */
static const char *str_utf8(PyObject *s, Py_ssize_t *n)
{
#ifndef Py_GIL_DISABLED
    if (PyUnicode_IS_COMPACT(s) && ((PyCompactUnicodeObject *)s)->utf8) {
        *n = ((PyCompactUnicodeObject *)s)->utf8_length;
        return ((PyCompactUnicodeObject *)s)->utf8;
    }
#endif
    return NULL;
}

int rc_py_text_get(PyObject *obj, const char *errors, rc_py_text *t)
{
    memset(t, 0, sizeof *t);
    long replace = errors ? rc_py_name(RC_NAMES_ERRORS, errors, "errors") : 0;
    if (replace < 0) return -1;
    int strict = !replace;
    if (PyUnicode_Check(obj)) {
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(obj) < 0) return -1;
#endif
        t->str = Py_NewRef(obj);
    } else if (PyBytes_Check(obj) || PyByteArray_Check(obj)) {
        const char *b = PyBytes_Check(obj) ? PyBytes_AS_STRING(obj) : PyByteArray_AS_STRING(obj);
        Py_ssize_t n = PyBytes_Check(obj) ? PyBytes_GET_SIZE(obj) : PyByteArray_GET_SIZE(obj);
        t->str = PyUnicode_DecodeUTF8(b, n, strict ? "strict" : "replace");
        if (!t->str) return -1;
        /* Valid bytes are the text's UTF-8 (a bytearray could change while the GIL is free). */
        if (strict && PyBytes_Check(obj)) t->in = (rc_text){b, (size_t)n, 0};
    } else {
        PyErr_Format(PyExc_TypeError, "text must be str or bytes, not %.100s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    t->ascii = PyUnicode_IS_ASCII(t->str);
    Py_ssize_t n = PyUnicode_GET_LENGTH(t->str);
    const char *utf8 = t->ascii ? PyUnicode_DATA(t->str) : t->in.data ? NULL : str_utf8(t->str, &n);
    if (utf8) t->in = (rc_text){utf8, (size_t)n, 0};
    else if (!t->in.data) t->in = (rc_text){PyUnicode_DATA(t->str), (size_t)n, PyUnicode_KIND(t->str)};
    if (t->in.width == 0) {
        t->data = t->in.data;
        t->len = t->in.len;
    }
    return 0;
}

int rc_py_text_utf8(rc_py_text *t)
{
    size_t bad; /* rc_py_text_raise finds it again */
    return t->data ? RC_OK : rc_text_utf8(&t->in, &t->buf_, &t->data, &t->len, &bad);
}

void rc_py_raise_surrogate(PyObject *str, Py_ssize_t index)
{
    char cp[16]; /* PyErr_Format has no %04X: format the code point first */
    snprintf(cp, sizeof cp, "U+%04X", (unsigned)PyUnicode_READ_CHAR(str, index));
    PyErr_Format(PyExc_ValueError,
                 "text contains a lone surrogate %s at index %zd; "
                 "decode with errors='surrogatepass' upstream or clean the text",
                 cp, index);
}

PyObject *rc_py_text_raise(rc_py_text *t, int code, const char *what)
{
    if (code != RC_ESURROGATE) return rc_py_raise(code, what);
    Py_ssize_t i = 0, n = PyUnicode_GET_LENGTH(t->str); /* the first lone surrogate: the one the core met */
    while (i < n && !Py_UNICODE_IS_SURROGATE(PyUnicode_READ_CHAR(t->str, i))) i++;
    rc_py_raise_surrogate(t->str, i < n ? i : 0);
    return NULL;
}

void rc_py_text_release(rc_py_text *t)
{
    rc_utf8_buffer_free(&t->buf_);
    Py_CLEAR(t->str);
    memset(t, 0, sizeof *t);
}

long rc_py_name(rc_name_set set, const char *name, const char *arg)
{
    long v = rc_name_value(set, name, strlen(name));
    if (v < 0) PyErr_Format(PyExc_ValueError, "%s must be %s, not '%.50s'", arg, rc_names_list(set, 0), name);
    return v;
}

long rc_py_name_obj(rc_name_set set, PyObject *o, const char *arg, const char *more)
{
    Py_ssize_t n = 0;
    const char *s = PyUnicode_Check(o) ? PyUnicode_AsUTF8AndSize(o, &n) : NULL;
    long v = s ? rc_name_value(set, s, (size_t)n) : -1;
    if (v < 0) {
        PyErr_Clear(); /* a str that cannot be UTF-8 names nothing either */
        PyErr_Format(PyExc_ValueError, "%s must be %s or %s, not %.200R", arg, rc_names_list(set, 1), more, o);
    }
    return v;
}

PyObject *rc_py_raise(int code, const char *what)
{
    if (code == RC_ENOMEM) return PyErr_NoMemory();
    PyObject *exc = code == RC_ETOOBIG ? PyExc_OverflowError : code == RC_EIO ? PyExc_OSError : PyExc_ValueError;
    if (what) PyErr_Format(exc, "%s: %s", what, rc_strerror(code));
    else PyErr_SetString(exc, rc_strerror(code));
    return NULL;
}
