/* transcode.c — code units (1, 2 or 4 bytes each, CPython's string layouts) to UTF-8.
 *
 * Why our own: PyUnicode_AsUTF8AndSize encodes with the GIL held and is slow on the typical UCS-2
 * text (English with a few curly quotes); this one needs no lock, so the binding converts in the
 * same GIL-free section as the work it feeds, and it copies ASCII sixteen units at a time. */
#include <string.h>

#include "base/alloc.h"
#include "base/transcode.h"
#include "base/utf8.h"
#include "relcore.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

size_t rc_units_utf8_bound(int width, size_t len)
{
    size_t per = width == 1 ? 2 : width == 2 ? 3 : width == 4 ? 4 : 0;
    if (!per || len > (SIZE_MAX - 1) / per) return 0;
    return len * per + 1;
}

static int is_surrogate(uint32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

int rc_units_to_utf8(const void *units, int width, size_t len, char *out, size_t *out_len,
                     size_t *error_offset)
{
    if (!rc_units_utf8_bound(width, len) || !out || !out_len || (!units && len)) return RC_EINVAL;
    unsigned char *o = (unsigned char *)out;
    size_t w = 0, i = 0;
    if (width == 1) {
        const unsigned char *s = units;
        while (i < len) {
#ifdef __SSE2__
            if (i + 16 <= len) { /* sixteen ASCII units: one test, one copy */
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                if (!_mm_movemask_epi8(x)) {
                    _mm_storeu_si128((__m128i *)(void *)(o + w), x);
                    w += 16;
                    i += 16;
                    continue;
                }
            }
#endif
            if (i + 8 <= len) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                if (!(x & 0x8080808080808080ull)) {
                    memcpy(o + w, &x, 8);
                    w += 8;
                    i += 8;
                    continue;
                }
            }
            w += (size_t)rc_utf8_encode(s[i++], o + w);
        }
    } else if (width == 2) {
        const uint16_t *s = units;
        while (i < len) {
#ifdef __SSE2__
            if (i + 16 <= len) { /* sixteen ASCII code units packed to bytes in one step */
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 8));
                __m128i hi = _mm_and_si128(_mm_or_si128(x, y), _mm_set1_epi16((short)0xFF80));
                if (_mm_movemask_epi8(_mm_cmpeq_epi16(hi, _mm_setzero_si128())) == 0xFFFF) {
                    _mm_storeu_si128((__m128i *)(void *)(o + w), _mm_packus_epi16(x, y));
                    w += 16;
                    i += 16;
                    continue;
                }
            }
            if (i + 8 <= len) { /* eight ASCII code units packed to bytes in one step */
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                __m128i hi = _mm_and_si128(x, _mm_set1_epi16((short)0xFF80));
                if (_mm_movemask_epi8(_mm_cmpeq_epi16(hi, _mm_setzero_si128())) == 0xFFFF) {
                    _mm_storel_epi64((__m128i *)(void *)(o + w), _mm_packus_epi16(x, x));
                    w += 8;
                    i += 8;
                    continue;
                }
            }
#endif
            if (i + 4 <= len) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                if (!(x & 0xFF80FF80FF80FF80ull)) { /* four ASCII code units (little-endian) */
                    uint16_t u[4];
                    memcpy(u, &x, 8);
                    for (int k = 0; k < 4; k++) o[w + (size_t)k] = (unsigned char)u[k];
                    w += 4;
                    i += 4;
                    continue;
                }
            }
            uint16_t c = s[i];
            if (is_surrogate(c)) goto surrogate;
            w += (size_t)rc_utf8_encode(c, o + w);
            i++;
        }
    } else {
        const uint32_t *s = units;
        for (; i < len; i++) {
            uint32_t c = s[i];
            if (is_surrogate(c)) goto surrogate;
            if (c > 0x10FFFF) {
                if (error_offset) *error_offset = i;
                return RC_EINVAL;
            }
            w += (size_t)rc_utf8_encode((int32_t)c, o + w);
        }
    }
    o[w] = '\0';
    *out_len = w;
    return RC_OK;
surrogate:
    if (error_offset) *error_offset = i;
    return RC_ESURROGATE;
}

int rc_units_check(const void *units, int width, size_t len, size_t *error_offset)
{
    if (width != 1 && width != 2 && width != 4) return RC_EINVAL;
    if (!units && len) return RC_EINVAL;
    if (!rc_units_utf8_bound(width, len)) return RC_ETOOBIG;
    size_t i = 0;
    if (width == 2) {
        const uint16_t *s = units;
#ifdef __SSE2__
        /* 32 units at a time, one test for all four vectors: a surrogate is a unit whose top five
         * bits are 11011 (a block holding one is searched again below, unit by unit) */
        const __m128i mask = _mm_set1_epi16((short)0xF800), sur = _mm_set1_epi16((short)0xD800);
        for (; i + 32 <= len; i += 32) {
            __m128i hit = _mm_setzero_si128();
            for (size_t k = 0; k < 32; k += 8) {
                __m128i x = _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i + k)), mask);
                hit = _mm_or_si128(hit, _mm_cmpeq_epi16(x, sur));
            }
            if (_mm_movemask_epi8(hit)) break;
        }
#endif
        for (; i < len; i++)
            if (is_surrogate(s[i])) goto surrogate;
    } else if (width == 4) {
        const uint32_t *s = units;
        for (; i < len; i++) {
            if (is_surrogate(s[i])) goto surrogate;
            if (s[i] > 0x10FFFF) {
                if (error_offset) *error_offset = i;
                return RC_EINVAL;
            }
        }
    }
    return RC_OK; /* width 1: Latin-1 holds no surrogates */
surrogate:
    if (error_offset) *error_offset = i;
    return RC_ESURROGATE;
}

int rc_text_utf8(const rc_text *t, rc_utf8_buffer *buf, const char **data, size_t *len,
                 size_t *error_offset)
{
    if (!t || !buf || !data || !len || (!t->data && t->len)) return RC_EINVAL;
    if (t->width == 0) {
        *data = t->data;
        *len = t->len;
        return RC_OK;
    }
    size_t need = rc_units_utf8_bound(t->width, t->len);
    if (!need) return t->width == 1 || t->width == 2 || t->width == 4 ? RC_ETOOBIG : RC_EINVAL;
    if (need > buf->cap) {
        char *p = rc_realloc(buf->data, need);
        if (!p) return RC_ENOMEM;
        buf->data = p;
        buf->cap = need;
    }
    *data = buf->data;
    return rc_units_to_utf8(t->data, t->width, t->len, buf->data, len, error_offset);
}

void rc_utf8_buffer_free(rc_utf8_buffer *buf)
{
    if (!buf) return;
    rc_free(buf->data);
    buf->data = NULL;
    buf->cap = 0;
}
