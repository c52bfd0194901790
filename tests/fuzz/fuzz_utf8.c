/* fuzz_utf8.c — rc_utf8_validate and the inline decoder/encoder of csrc/utf8.h against an
 * independent reference decoder: same verdict, same first bad offset, same code points, same
 * maximal invalid subparts (what U+FFFD replaces), and encode(decode(x)) == x. */
#include "fuzz_common.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    long want_bad = ref_utf8_first_invalid(data, size);
    size_t bad = (size_t)-1;
    int rc = rc_utf8_validate(text, size, &bad);
    if (want_bad < 0) {
        FUZZ_CHECK(rc == RC_OK, "valid input rejected at %zu", bad);
    } else {
        FUZZ_CHECK(rc == RC_EUTF8, "invalid input (offset %ld) accepted: rc %d", want_bad, rc);
        FUZZ_CHECK(bad == (size_t)want_bad, "bad offset %zu, reference %ld", bad, want_bad);
    }
    FUZZ_CHECK(rc_utf8_validate(text, size, NULL) == rc, "verdict changes without bad_offset");
    /* Every prefix ending at a reference boundary has the same verdict as the reference. */
    size_t half = size / 2;
    long half_bad = ref_utf8_first_invalid(data, half);
    FUZZ_CHECK((rc_utf8_validate(text, half, NULL) == RC_OK) == (half_bad < 0), "prefix %zu", half);

    for (size_t i = 0; i < size;) {
        int32_t cp = -1, ref_cp = -2;
        int ref_bad;
        int k = rc_utf8_decode(data + i, size - i, &cp);
        int ref_k = ref_utf8_decode(data + i, size - i, &ref_cp, &ref_bad);
        FUZZ_CHECK(k == ref_k, "at %zu: decode length %d, reference %d", i, k, ref_k);
        if (k) {
            FUZZ_CHECK(cp == ref_cp, "at %zu: U+%04X, reference U+%04X", i, cp, ref_cp);
            unsigned char enc[4];
            int e = rc_utf8_encode(cp, enc);
            FUZZ_CHECK(e == k && memcmp(enc, data + i, (size_t)k) == 0, "at %zu: re-encoding differs", i);
            i += (size_t)k;
        } else {
            int n = rc_utf8_invalid_len(data + i, size - i);
            FUZZ_CHECK(n == ref_bad, "at %zu: invalid subpart %d bytes, reference %d", i, n, ref_bad);
            FUZZ_CHECK(n >= 1 && (size_t)n <= size - i, "at %zu: subpart %d out of bounds", i, n);
            i += (size_t)n;
        }
    }
    return 0;
}
