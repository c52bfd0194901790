/* test_transcode.c — rc_units_to_utf8: every width against rc_utf8_encode over every scalar value
 * class, ASCII fast paths at every alignment, lone surrogates and out-of-range units with their
 * index, the size bound, and argument errors. */
#include "testutil.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("transcode", tests, NULL, NULL);
}
