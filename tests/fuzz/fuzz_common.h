/* fuzz_common.h — what the libFuzzer harnesses share: invariant checks that abort with a message
 * (so libFuzzer saves the input as a crash), an independent reference UTF-8 decoder, and the
 * optional allocation-failure mode.
 *
 * Each harness defines LLVMFuzzerTestOneInput. Built with clang -fsanitize=fuzzer it is fuzzed
 * (`make fuzz`); built with replay_main.c it replays the committed corpus under gcc's sanitizers
 * (`make sanitize`), so every seed and every saved reproducer is a regression check too. */
#ifndef RC_FUZZ_COMMON_H
#define RC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "relcore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                                     \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fprintf(stderr, "%s:%d: invariant failed: %s\n  ", __FILE__, __LINE__, #cond);         \
            fprintf(stderr, __VA_ARGS__);                                                         \
            fprintf(stderr, "\n");                                                                \
            abort();                                                                              \
        }                                                                                         \
    } while (0)

/* Reference decoder, written from Unicode Table 3-7 (well-formed UTF-8 byte sequences)
 * independently of csrc/utf8.h so that the two can be compared. Returns the length of the
 * well-formed sequence at s[0..n) and its scalar value, or 0 and in *bad the length of the
 * maximal subpart of an ill-formed sequence (what one U+FFFD replaces). */
static inline int ref_utf8_decode(const uint8_t *s, size_t n, int32_t *cp, int *bad)
{
    static const struct { uint8_t lo1, hi1; int len; } lead[256 - 0xC2] = {
#define R2 {0x80, 0xBF, 2}
#define R3 {0x80, 0xBF, 3}
#define R4 {0x80, 0xBF, 4}
        /* C2..DF */ R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2, R2,
        R2, R2, R2, R2, R2, R2, R2, R2, R2, R2,
        /* E0 */ {0xA0, 0xBF, 3},
        /* E1..EC */ R3, R3, R3, R3, R3, R3, R3, R3, R3, R3, R3, R3,
        /* ED */ {0x80, 0x9F, 3},
        /* EE..EF */ R3, R3,
        /* F0 */ {0x90, 0xBF, 4},
        /* F1..F3 */ R4, R4, R4,
        /* F4 */ {0x80, 0x8F, 4},
        /* F5..FF: never valid */
#undef R2
#undef R3
#undef R4
    };
    uint8_t c = s[0];
    *bad = 1;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2 || c > 0xF4) return 0;
    int len = lead[c - 0xC2].len;
    int32_t v = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int i = 1; i < len; i++) {
        uint8_t lo = i == 1 ? lead[c - 0xC2].lo1 : 0x80, hi = i == 1 ? lead[c - 0xC2].hi1 : 0xBF;
        if ((size_t)i >= n || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

/* First invalid offset of s[0..n) by the reference decoder, or -1 if valid. */
static inline long ref_utf8_first_invalid(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int bad, k = ref_utf8_decode(s + i, n - i, &cp, &bad);
        if (!k) return (long)i;
        i += (size_t)k;
    }
    return -1;
}

/* Allocation-failure mode: when `ctl` has its top bit set, the allocation after `ctl & 0x3F`
 * successful ones fails (and every later one). The harness must then see RC_OK or RC_ENOMEM,
 * and LeakSanitizer checks that the failure path freed everything. No-op without the hook. */
static inline int fuzz_fault_begin(uint8_t ctl)
{
#ifdef RC_FAULT_INJECTION
    if (ctl & 0x80) {
        rc_fault_fail_after(ctl & 0x3F);
        return 1;
    }
#else
    (void)ctl;
#endif
    return 0;
}

static inline void fuzz_fault_end(void)
{
#ifdef RC_FAULT_INJECTION
    rc_fault_fail_after(-1);
#endif
}

#endif
