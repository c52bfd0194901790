/* normalize.c (binding) — relcore._core.normalize and normalize_map. */
#include "binding.h"

/* The string layout of a largest code point: ASCII, 1, 2 or 4 bytes (CPython requires a str in
 * the narrowest layout that holds its characters). */
static int layout_of(Py_UCS4 m) { return m < 0x80 ? 0 : m < 0x100 ? 1 : m < 0x10000 ? 2 : 4; }

/* The str of normalized units, in the narrowest layout that holds them (CPython converts). */
#define units_to_str(u) PyUnicode_FromKindAndData((u)->width, (u)->data, (Py_ssize_t)(u)->len)

/* Normalizes the str of t on its own code units (no UTF-8 round trip). Text already normal (most
 * text for NFC and NFKC) is proved so reading only and returned as is; otherwise the result goes
 * straight into a new str of the input's layout (most results keep the layout and about the
 * length: one pass, no copy), or, longer or wider than that (RC_ETOOBIG), into the core's buffer
 * and then one copy. */
static PyObject *normalize_str(rc_py_text *t, unsigned options)
{
    const void *data = PyUnicode_DATA(t->str);
    int kind = PyUnicode_KIND(t->str), rc;
    Py_ssize_t n = PyUnicode_GET_LENGTH(t->str), cap = n + n / 16 + 16;
    RC_PY_CALL(n, rc = rc_is_normalized_units(data, kind, (size_t)n, options));
    if (rc == 1) return Py_NewRef(t->str);
    if (rc < 0) return rc_py_text_raise(t, rc, "normalize");
    const Py_UCS4 layout = PyUnicode_MAX_CHAR_VALUE(t->str);
    PyObject *res = PyUnicode_New(cap, layout), *s = NULL;
    if (!res) return NULL;
    rc_units out = {.data = PyUnicode_DATA(res), .width = kind, .cap_ = (size_t)cap * (size_t)kind};
    RC_PY_CALL(n, rc = rc_normalize_units(data, kind, (size_t)n, options | RC_NO_REALLOC, &out));
    if (rc == RC_ETOOBIG) {
        rc_units grown = RC_UNITS_INIT;
        RC_PY_CALL(n, rc = rc_normalize_units(data, kind, (size_t)n, options, &grown));
        s = rc ? NULL : units_to_str(&grown);
        rc_units_free(&grown);
    } else if (rc == RC_OK && out.len == (size_t)n && !memcmp(out.data, data, (size_t)n * (size_t)kind)) {
        s = Py_NewRef(t->str); /* already normal */
    } else if (rc == RC_OK && layout_of(out.max_cp) != layout_of(layout)) {
        s = units_to_str(&out); /* narrower layout: one converting copy */
    } else if (rc == RC_OK) {
        return PyUnicode_Resize(&res, (Py_ssize_t)out.len) < 0 ? NULL : res;
    }
    Py_DECREF(res);
    return rc ? rc_py_text_raise(t, rc, "normalize") : s;
}

/* The options of normalize and normalize_map, and the text: 0, or -1 with an exception. A form
 * omitted (NULL) is NFC; None is no normalization form. */
static int text_and_options(PyObject *text, PyObject *form, int casefold, int strip, int quotes, int dashes,
                            int collapse, const char *errors, rc_py_text *t, unsigned *options)
{
    long o = form == Py_None ? 0 : RC_NFC;
    if (form && form != Py_None && !PyUnicode_Check(form)) {
        PyErr_SetString(PyExc_TypeError, "form must be 'NFC', 'NFD', 'NFKC', 'NFKD' or None");
        return -1;
    }
    if (form && form != Py_None && (o = rc_py_name_obj(RC_NAMES_FORM, form, "form", "None")) < 0) return -1;
    *options = (unsigned)o | (casefold ? RC_CASEFOLD : 0) | (strip ? RC_STRIP_ACCENTS : 0) |
               (quotes ? RC_FOLD_QUOTES : 0) | (dashes ? RC_FOLD_DASHES : 0) | (collapse ? RC_COLLAPSE_SPACE : 0);
    /* errors= only matters for bytes, but a bad value is an error for str too. */
    return rc_py_text_get(text, errors, t);
}

static PyObject *normalize_impl(PyObject *module, PyObject *text, PyObject *form, int casefold, int strip_accents,
                                int fold_quotes, int fold_dashes, int collapse_whitespace, const char *errors)
{
    rc_py_text t;
    unsigned options;
    if (text_and_options(text, form, casefold, strip_accents, fold_quotes, fold_dashes, collapse_whitespace, errors,
                         &t, &options))
        return NULL;
    /* ASCII text is its own normal form unless an option changes ASCII characters. */
    int same = t.ascii && !(options & (RC_CASEFOLD | RC_FOLD_QUOTES | RC_COLLAPSE_SPACE));
    PyObject *res = same ? Py_NewRef(t.str) : normalize_str(&t, options);
    rc_py_text_release(&t);
    return res;
}

/* normalize_map(...) -> (str, bytes starts, bytes ends): for every output character, the span
 * [start, end) of original str indices it came from, as native int64 arrays. */
static PyObject *normalize_map_impl(PyObject *module, PyObject *text_arg, PyObject *form, int casefold,
                                    int strip_accents, int fold_quotes, int fold_dashes, int collapse_whitespace,
                                    const char *errors)
{
    rc_py_text t;
    unsigned options;
    if (text_and_options(text_arg, form, casefold, strip_accents, fold_quotes, fold_dashes, collapse_whitespace,
                         errors, &t, &options))
        return NULL;
    rc_normalized out = RC_NORMALIZED_INIT;
    PyObject *res = NULL, *text = NULL, *starts = NULL, *ends = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    if (!(rc = rc_py_text_utf8(&t))) rc = rc_normalize(t.data, t.len, options | RC_WANT_MAP, &out);
    Py_END_ALLOW_THREADS
    if (rc) {
        rc_py_text_raise(&t, rc, "normalize");
        goto done;
    }
    text = PyUnicode_DecodeUTF8(out.text, (Py_ssize_t)out.len, "strict");
    if (!text) goto done;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    starts = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    ends = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    if (!starts || !ends) goto done;
    rc_normalized_char_map(&out, t.data, (int64_t *)PyBytes_AS_STRING(starts), (int64_t *)PyBytes_AS_STRING(ends));
    res = PyTuple_Pack(3, text, starts, ends);
done:
    Py_XDECREF(text);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    rc_normalized_free(&out);
    rc_py_text_release(&t);
    return res;
}

#include "gen/python/normalize.c.h"
