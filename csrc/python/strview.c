/* strview.c — a str as UTF-8, converted by us (GIL released) instead of by CPython.
 *
 * PyUnicode_AsUTF8AndSize encodes a non-ASCII str with the GIL held, caches the copy inside the
 * str for the str's lifetime, and is slow on the typical UCS-2 text (English with a few curly
 * quotes): for the gazetteer on UN speeches it was a fifth of the run time. Here the str's own
 * storage (1, 2 or 4 bytes per code point) is read directly, ASCII eight bytes at a time, into a
 * buffer the caller frees; the conversion needs no GIL, so it runs in the same GIL-free section
 * as the C work it feeds.
 */
#include "binding.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* UTF-8 of code point c (not a surrogate) at o; returns the length. */
static inline size_t put_utf8(unsigned char *o, Py_UCS4 c)
{
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | (c >> 6));
        o[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (c >> 12));
        o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (c >> 18));
    o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

int rc_py_strview_convert(rc_py_strview *v)
{
    if (!v->src || v->data) return 0;
    const size_t n = v->n;
    unsigned char *o = PyMem_RawMalloc(n * (size_t)(v->kind == 1 ? 2 : v->kind == 2 ? 3 : 4) + 1);
    if (!o) return RC_ENOMEM;
    size_t w = 0, i = 0;
    if (v->kind == PyUnicode_1BYTE_KIND) {
        const unsigned char *s = v->src;
        while (i < n) {
            if (i + 8 <= n) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                if (!(x & 0x8080808080808080ull)) {
                    memcpy(o + w, &x, 8);
                    w += 8;
                    i += 8;
                    continue;
                }
            }
            w += put_utf8(o + w, s[i++]);
        }
    } else if (v->kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *s = v->src;
        while (i < n) {
#ifdef __SSE2__
            if (i + 8 <= n) { /* eight ASCII code units packed to bytes in one step */
                __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
                __m128i hi = _mm_and_si128(x, _mm_set1_epi16((short)0xFF80));
                if (_mm_movemask_epi8(_mm_cmpeq_epi16(hi, _mm_setzero_si128())) == 0xFFFF) {
                    _mm_storel_epi64((__m128i *)(o + w), _mm_packus_epi16(x, x));
                    w += 8;
                    i += 8;
                    continue;
                }
            }
#endif
            if (i + 4 <= n) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                if (!(x & 0xFF80FF80FF80FF80ull)) { /* four ASCII code units */
                    o[w] = (unsigned char)x;
                    o[w + 1] = (unsigned char)(x >> 16);
                    o[w + 2] = (unsigned char)(x >> 32);
                    o[w + 3] = (unsigned char)(x >> 48);
                    w += 4;
                    i += 4;
                    continue;
                }
            }
            Py_UCS2 c = s[i];
            if (c >= 0xD800 && c <= 0xDFFF) goto surrogate;
            w += put_utf8(o + w, c);
            i++;
        }
    } else {
        const Py_UCS4 *s = v->src;
        for (; i < n; i++) {
            Py_UCS4 c = s[i];
            if (c >= 0xD800 && c <= 0xDFFF) goto surrogate;
            w += put_utf8(o + w, c);
        }
    }
    o[w] = '\0';
    v->owned = (char *)o;
    v->data = (const char *)o;
    v->len = w;
    return 0;
surrogate:
    PyMem_RawFree(o);
    v->surrogate_at = (Py_ssize_t)i;
    return RC_EUTF8;
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
