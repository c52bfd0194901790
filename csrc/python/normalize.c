/* normalize.c (binding) — relcore._core.normalize and normalize_map. */
#include "binding.h"

/* Parses form= and the flags into an rc options word; -1 with an exception on a bad form. */
static int parse_options(PyObject *form, int casefold, int strip, int quotes, int dashes,
                         int collapse, unsigned *options)
{
    unsigned o = RC_NFC; /* form omitted */
    if (form == Py_None) o = 0;
    else if (form) {
        if (!PyUnicode_Check(form)) {
            PyErr_SetString(PyExc_TypeError, "form must be 'NFC', 'NFD', 'NFKC', 'NFKD' or None");
            return -1;
        }
        Py_ssize_t flen;
        const char *f = PyUnicode_AsUTF8AndSize(form, &flen);
        if (!f) return -1;
        if ((size_t)flen != strlen(f)) f = ""; /* "NFC\0junk" is no form name */
        if (!strcmp(f, "NFC")) o = RC_NFC;
        else if (!strcmp(f, "NFD")) o = RC_NFD;
        else if (!strcmp(f, "NFKC")) o = RC_NFKC;
        else if (!strcmp(f, "NFKD")) o = RC_NFKD;
        else {
            PyErr_Format(PyExc_ValueError,
                         "form must be 'NFC', 'NFD', 'NFKC', 'NFKD' or None, not %R", form);
            return -1;
        }
    }
    if (casefold) o |= RC_CASEFOLD;
    if (strip) o |= RC_STRIP_ACCENTS;
    if (quotes) o |= RC_FOLD_QUOTES;
    if (dashes) o |= RC_FOLD_DASHES;
    if (collapse) o |= RC_COLLAPSE_SPACE;
    *options = o;
    return 0;
}

/* Options under which ASCII text is its own normal form. */
static int ascii_unchanged(unsigned o)
{
    return !(o & (RC_CASEFOLD | RC_FOLD_QUOTES | RC_COLLAPSE_SPACE));
}

static char *kwlist[] = {"text", "form", "casefold", "strip_accents", "fold_quotes", "fold_dashes",
                         "collapse_whitespace", "errors", NULL};

static PyObject *py_normalize(PyObject *self, PyObject *args, PyObject *kw)
{
    PyObject *obj, *form = NULL;
    int casefold = 0, strip = 0, quotes = 0, dashes = 0, collapse = 0;
    const char *errors = "strict";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O$ppppps:normalize", kwlist, &obj, &form,
                                     &casefold, &strip, &quotes, &dashes, &collapse, &errors))
        return NULL;
    unsigned options;
    if (parse_options(form, casefold, strip, quotes, dashes, collapse, &options)) return NULL;
    rc_py_text t;
    if (rc_py_text_get(obj, errors, &t)) return NULL;
    if (t.ascii && ascii_unchanged(options)) return t.str; /* reference handed over */

    rc_normalized out = RC_NORMALIZED_INIT;
    int rc;
    if (t.len > (1 << 20)) {
        Py_BEGIN_ALLOW_THREADS
        rc = rc_normalize(t.data, (size_t)t.len, options, &out);
        Py_END_ALLOW_THREADS
    } else {
        rc = rc_normalize(t.data, (size_t)t.len, options, &out);
    }
    PyObject *res = NULL;
    if (rc) rc_py_raise(rc, "normalize");
    else if (out.len == (size_t)t.len && !memcmp(out.text, t.data, out.len)) res = Py_NewRef(t.str);
    else res = PyUnicode_DecodeUTF8(out.text, (Py_ssize_t)out.len, "strict");
    rc_normalized_free(&out);
    rc_py_text_release(&t);
    return res;
}

/* normalize_map(...) -> (str, bytes starts, bytes ends): for every output character, the span
 * [start, end) of original str indices it came from, as native int64 arrays. */
static PyObject *py_normalize_map(PyObject *self, PyObject *args, PyObject *kw)
{
    PyObject *obj, *form = NULL;
    int casefold = 0, strip = 0, quotes = 0, dashes = 0, collapse = 0;
    const char *errors = "strict";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O$ppppps:normalize_map", kwlist, &obj, &form,
                                     &casefold, &strip, &quotes, &dashes, &collapse, &errors))
        return NULL;
    unsigned options;
    if (parse_options(form, casefold, strip, quotes, dashes, collapse, &options)) return NULL;
    rc_py_text t;
    if (rc_py_text_get(obj, errors, &t)) return NULL;

    rc_normalized out = RC_NORMALIZED_INIT;
    PyObject *res = NULL, *text = NULL, *starts = NULL, *ends = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = rc_normalize(t.data, (size_t)t.len, options | RC_WANT_MAP, &out);
    Py_END_ALLOW_THREADS
    if (rc) {
        rc_py_raise(rc, "normalize");
        goto done;
    }
    text = PyUnicode_DecodeUTF8(out.text, (Py_ssize_t)out.len, "strict");
    if (!text) goto done;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    starts = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    ends = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    if (!starts || !ends) goto done;
    int64_t *a = (int64_t *)PyBytes_AS_STRING(starts), *b = (int64_t *)PyBytes_AS_STRING(ends);
    /* Starts and ends are each non-decreasing, so two forward walkers convert them. */
    rc_py_index_walker ws = {(const unsigned char *)t.data, 0, 0};
    rc_py_index_walker we = {(const unsigned char *)t.data, 0, 0};
    Py_ssize_t k = 0;
    for (size_t i = 0; i < out.len; i++) {
        if (((unsigned char)out.text[i] & 0xC0) == 0x80) continue; /* one entry per character */
        a[k] = rc_py_index_at(&ws, (Py_ssize_t)out.src_start[i]);
        b[k] = rc_py_index_at(&we, (Py_ssize_t)out.src_end[i]);
        k++;
    }
    res = PyTuple_Pack(3, text, starts, ends);
done:
    Py_XDECREF(text);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    rc_normalized_free(&out);
    rc_py_text_release(&t);
    return res;
}

PyMethodDef rc_py_normalize_methods[] = {
    {"normalize", (PyCFunction)(void (*)(void))py_normalize, METH_VARARGS | METH_KEYWORDS,
     "normalize(text, form='NFC', *, casefold=False, strip_accents=False, fold_quotes=False,\n"
     "          fold_dashes=False, collapse_whitespace=False, errors='strict') -> str"},
    {"normalize_map", (PyCFunction)(void (*)(void))py_normalize_map, METH_VARARGS | METH_KEYWORDS,
     "normalize_map(text, form='NFC', ...) -> (str, starts: bytes, ends: bytes)\n"
     "The normalized text and, per output character, the original str span (int64 arrays)."},
    {NULL, NULL, 0, NULL}};

int rc_py_normalize_register(PyObject *module) { return 0; }
