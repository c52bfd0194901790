/* test_transcode.c — rc_units_to_utf8: every width against rc_utf8_encode over every scalar value
 * class, ASCII fast paths at every alignment, lone surrogates and out-of-range units with their
 * index, the size bound, and argument errors; rc_text_utf8: in place, converted into a reused
 * buffer, and allocation failure; rc_units_check: the same verdict and index as the conversion. */
#include "testutil.h"
#include "base/alloc.h"
#include "base/transcode.h"

/* Encodes code points one by one with rc_utf8_encode: the reference. */
static size_t reference(const uint32_t *cp, size_t n, char *out)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) w += (size_t)rc_utf8_encode((int32_t)cp[i], (unsigned char *)out + w);
    out[w] = '\0';
    return w;
}

/* Converts cp[0..n) stored at `width` and compares with the reference. */
static void check(const uint32_t *cp, size_t n, int width)
{
    static unsigned char u1[4096];
    static uint16_t u2[4096];
    const void *units = width == 1 ? (const void *)u1 : width == 2 ? (const void *)u2 : (const void *)cp;
    for (size_t i = 0; i < n; i++) {
        if (width == 1) u1[i] = (unsigned char)cp[i];
        if (width == 2) u2[i] = (uint16_t)cp[i];
    }
    static char want[4096 * 4 + 1], got[4096 * 4 + 1];
    size_t wlen = reference(cp, n, want), glen = 12345, at = 0;
    assert_true(rc_units_utf8_bound(width, n) <= sizeof got);
    assert_int_equal(rc_units_to_utf8(units, width, n, got, &glen, &at), RC_OK);
    assert_int_equal(glen, wlen);
    assert_memory_equal(got, want, wlen + 1);
}

static void test_widths(void **state)
{
    uint32_t cp[600];
    /* ASCII runs of every length and alignment around non-ASCII, for the 16-, 8- and 4-unit paths. */
    for (size_t run = 0; run < 40; run++)
        for (size_t shift = 0; shift < 9; shift++) {
            size_t n = 0;
            for (size_t k = 0; k < shift; k++) cp[n++] = 'a' + (uint32_t)k;
            cp[n++] = 0xE9; /* é: fits every width */
            for (size_t k = 0; k < run; k++) cp[n++] = 'A' + (uint32_t)(k % 26);
            cp[n++] = 0xFF;
            for (int width = 1; width <= 4; width *= 2) check(cp, n, width);
        }
    /* Every class of length: 1, 2, 3 (BMP, around the surrogates), 4 bytes. */
    const uint32_t wide[] = {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F1E6, 0x10FFFF};
    check(wide, 8, 2);
    check(wide, sizeof wide / sizeof wide[0], 4);
    check(wide, 0, 1);
}

static void test_errors(void **state)
{
    char out[64];
    size_t len, at = 99;
    const uint16_t s2[] = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0xDC00, 'x'};
    assert_int_equal(rc_units_to_utf8(s2, 2, 11, out, &len, &at), RC_ESURROGATE);
    assert_int_equal(at, 9);
    const uint32_t s4[] = {'a', 0xD800};
    assert_int_equal(rc_units_to_utf8(s4, 4, 2, out, &len, &at), RC_ESURROGATE);
    assert_int_equal(at, 1);
    const uint32_t big[] = {'a', 'b', 0x110000};
    assert_int_equal(rc_units_to_utf8(big, 4, 3, out, &len, &at), RC_EINVAL);
    assert_int_equal(at, 2);
    assert_int_equal(rc_units_to_utf8(s4, 3, 1, out, &len, &at), RC_EINVAL);
    assert_int_equal(rc_units_to_utf8(NULL, 1, 1, out, &len, &at), RC_EINVAL);
    assert_int_equal(rc_units_to_utf8(s4, 4, 1, NULL, &len, &at), RC_EINVAL);
    assert_int_equal(rc_units_utf8_bound(1, 10), 21);
    assert_int_equal(rc_units_utf8_bound(2, 10), 31);
    assert_int_equal(rc_units_utf8_bound(4, 10), 41);
    assert_int_equal(rc_units_utf8_bound(3, 10), 0);
    assert_int_equal(rc_units_utf8_bound(4, SIZE_MAX / 2), 0);
}

/* rc_units_check refuses exactly what rc_units_to_utf8 refuses, at the same index: one bad unit at
 * every position (the 8-unit path and the tail), the values either side of the surrogates and of
 * U+10FFFF, the first of two bad units, and the argument errors. */
static void test_units_check(void **state)
{
    const uint32_t values[] = {0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFF, 0x10FFFF, 0x110000};
    static uint16_t u2[40];
    static uint32_t u4[40];
    static char out[40 * 4 + 1];
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
        for (size_t n = 1; n <= 40; n++)
            for (size_t at = 0; at < n; at++)
                for (int width = 2; width <= 4; width += 2) {
                    if (width == 2 && values[v] > 0xFFFF) continue;
                    for (size_t k = 0; k < n; k++) u2[k] = (uint16_t)(u4[k] = 'a' + (uint32_t)(k % 26));
                    u2[at] = (uint16_t)(u4[at] = values[v]);
                    if (at + 2 < n) u2[at + 2] = (uint16_t)(u4[at + 2] = 0xDC00); /* a later one: not the first */
                    const void *units = width == 2 ? (const void *)u2 : (const void *)u4;
                    size_t want_at = 777, got_at = 888, len;
                    int want = rc_units_to_utf8(units, width, n, out, &len, &want_at);
                    assert_int_equal(rc_units_check(units, width, n, &got_at), want);
                    if (want) assert_int_equal(got_at, want_at);
                }
    const unsigned char latin1[] = {0xE9, 0xFF};
    assert_int_equal(rc_units_check(latin1, 1, 2, NULL), RC_OK);
    assert_int_equal(rc_units_check(NULL, 2, 0, NULL), RC_OK);
    size_t at;
    assert_int_equal(rc_units_check(NULL, 2, 1, &at), RC_EINVAL);
    assert_int_equal(rc_units_check(latin1, 3, 1, &at), RC_EINVAL);
    assert_int_equal(rc_units_check(latin1, 0, 1, &at), RC_EINVAL);
    assert_int_equal(rc_units_check(latin1, 4, SIZE_MAX / 2, &at), RC_ETOOBIG); /* sized before reading */
}

static void test_text_utf8(void **state)
{
    rc_utf8_buffer buf = RC_UTF8_BUFFER_INIT;
    const char *data;
    size_t len, at = 99;
    /* UTF-8 is used in place: nothing is allocated. */
    rc_text bytes = {"caf\xc3\xa9", 5, 0};
    assert_int_equal(rc_text_utf8(&bytes, &buf, &data, &len, &at), RC_OK);
    assert_ptr_equal(data, bytes.data);
    assert_int_equal(len, 5);
    assert_null(buf.data);
    /* Units are converted into the buffer, which the next text reuses. */
    const uint16_t u2[] = {'c', 'a', 'f', 0xE9, 0x2019};
    rc_text units = {u2, 5, 2};
    assert_int_equal(rc_text_utf8(&units, &buf, &data, &len, &at), RC_OK);
    assert_ptr_equal(data, buf.data);
    assert_int_equal(len, 8);
    assert_memory_equal(data, "caf\xc3\xa9\xe2\x80\x99", 9);
    char *first = buf.data;
    const uint8_t u1[] = {'o', 0xFC};
    rc_text latin = {u1, 2, 1};
    assert_int_equal(rc_text_utf8(&latin, &buf, &data, &len, &at), RC_OK);
    assert_ptr_equal(buf.data, first);
    assert_string_equal(data, "o\xc3\xbc");
    /* Errors: a lone surrogate with its index; bad width; NULL data. */
    const uint16_t bad[] = {'a', 0xD800};
    rc_text lone = {bad, 2, 2};
    assert_int_equal(rc_text_utf8(&lone, &buf, &data, &len, &at), RC_ESURROGATE);
    assert_int_equal(at, 1);
    rc_text odd = {u2, 1, 3}, none = {NULL, 1, 2};
    assert_int_equal(rc_text_utf8(&odd, &buf, &data, &len, &at), RC_EINVAL);
    assert_int_equal(rc_text_utf8(&none, &buf, &data, &len, &at), RC_EINVAL);
    assert_int_equal(rc_text_utf8(NULL, &buf, &data, &len, &at), RC_EINVAL);
    rc_utf8_buffer_free(&buf);
    assert_null(buf.data);
    assert_int_equal(buf.cap, 0);
    /* Allocation failure: RC_ENOMEM and the buffer untouched; then the same call succeeds. */
#ifdef RC_FAULT_INJECTION
    rc_fault_fail_after(0);
    assert_int_equal(rc_text_utf8(&units, &buf, &data, &len, &at), RC_ENOMEM);
    rc_fault_fail_after(-1);
    assert_null(buf.data);
    assert_int_equal(rc_text_utf8(&units, &buf, &data, &len, &at), RC_OK);
    assert_int_equal(len, 8);
    rc_utf8_buffer_free(&buf);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_units_check),
        cmocka_unit_test(test_text_utf8),
    };
    return cmocka_run_group_tests_name("transcode", tests, NULL, NULL);
}
