/* segment.c (binding) — relcore._core.segment: UAX #29 segments as str index arrays. */
#include "binding.h"

/* segment(text, kind="word") -> (starts: bytes, ends: bytes, kinds: bytes) */
static PyObject *segment_impl(PyObject *module, PyObject *obj, const char *kind_name)
{
    long kind = rc_py_name(RC_NAMES_SEGMENT, kind_name, "kind");
    if (kind < 0) return NULL;
    rc_py_text t;
    if (rc_py_text_get(obj, "strict", &t)) return NULL;

    /* Offsets must be str indices: for ASCII text the byte offsets already are. */
    unsigned options = t.ascii ? 0 : RC_OFFSETS_CODEPOINTS;
    rc_spans sp = RC_SPANS_INIT;
    int rc;
    RC_PY_TEXT_CALL(&t, rc, rc = rc_segment((rc_seg_kind)kind, t.data, t.len, options, &sp));
    /* y# turns a NULL pointer into None: an empty list points at "" instead. */
    Py_ssize_t n = (Py_ssize_t)sp.count, nb = n * (Py_ssize_t)sizeof(int64_t);
    const char *starts = n ? (const char *)sp.start : "", *ends = n ? (const char *)sp.end : "",
               *kinds = n ? (const char *)sp.kind : "";
    PyObject *res = rc ? rc_py_text_raise(&t, rc, "segment") : Py_BuildValue("(y#y#y#)", starts, nb, ends, nb, kinds, n);
    rc_spans_free(&sp);
    rc_py_text_release(&t);
    return res;
}

#include "gen/python/segment.c.h"
