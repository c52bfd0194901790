/* utf8.h — strict UTF-8 decoding and encoding, shared by every stage (inline: it is on hot paths). */
#ifndef RC_UTF8_H
#define RC_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Decodes the code point at s[0..n) (n >= 1). Returns its length in bytes (1..4) and stores the
 * code point in *cp, or returns 0 if the bytes there are not a valid, shortest-form UTF-8
 * sequence of a scalar value (surrogates and values above U+10FFFF are invalid). */
static inline int rc_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c < 0xC2) return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
        *cp = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F));
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90) return 0; /* above U+10FFFF */
        *cp = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
                        (s[3] & 0x3F));
        return 4;
    }
    return 0;
}

/* Length in bytes of the maximal invalid prefix at s (1..3) — what one U+FFFD replaces, following
 * the W3C/Unicode "maximal subpart" practice. */
static inline int rc_utf8_invalid_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    int need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c < 0xE0) need = 1;
    else if (c >= 0xE0 && c < 0xF0) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c < 0xF5) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 1;
    int i = 1;
    for (; i <= need && (size_t)i < n; i++) {
        unsigned b = s[i];
        if (b < lo || b > hi) break;
        lo = 0x80;
        hi = 0xBF;
    }
    return i;
}

/* Encodes cp (a scalar value) into out (room for 4 bytes); returns the length. */
static inline int rc_utf8_encode(int32_t cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Number of characters in s[0..n), any bytes: each maximal invalid subpart counts as one (as
 * U+FFFD replaces it), as rc_tokenize and rc_segment count them. s[0..n) must start and end on
 * such character boundaries. */
static inline size_t rc_utf8_count_chars_lenient(const unsigned char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        int k = rc_utf8_decode(s + i, n - i, &cp);
        i += k ? (size_t)k : (size_t)rc_utf8_invalid_len(s + i, n - i);
    }
    return count;
}

/* Number of code points in the valid UTF-8 s[0..n): the bytes that are not continuation bytes
 * (10xxxxxx), counted eight at a time (ASCII words are skipped with one test). */
static inline size_t rc_utf8_count_chars(const unsigned char *s, size_t n)
{
    size_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t high = w & 0x8080808080808080ull;
        if (!high) continue;
        uint64_t c = high & ~(w << 1);                              /* bit 7 set, bit 6 clear */
        cont += (size_t)(((c >> 7) * 0x0101010101010101ull) >> 56); /* sum of the 0/1 bytes */
    }
    for (; i < n; i++) cont += (s[i] & 0xC0) == 0x80;
    return n - cont;
}

#endif