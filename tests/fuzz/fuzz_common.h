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

#include "base/alloc.h"
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
/* A gazetteer from alias lines ("<id byte><alias>\n"...): the first byte of a line picks one of
 * `max_ids` one-letter ids, the rest is the alias; lines the builder refuses are skipped.
 * Aborts when building fails (the harnesses build with allocation failure off). */
static inline rc_gazetteer *fuzz_alias_gazetteer(const uint8_t *aliases, size_t alias_bytes, int max_ids)
{
    rc_gazetteer_builder *b = NULL;
    rc_gazetteer *g = NULL;
    if (rc_gazetteer_builder_new(&b)) abort();
    for (size_t p = 0; p < alias_bytes;) {
        const uint8_t *eol = memchr(aliases + p, '\n', alias_bytes - p);
        size_t end = eol ? (size_t)(eol - aliases) : alias_bytes;
        if (end > p + 1) {
            char id[2] = {(char)('A' + aliases[p] % max_ids), 0};
            rc_gazetteer_entry e = {(const char *)aliases + p + 1, end - p - 1, id, 1, NULL, 0, NULL, 0,
                                    RC_CASE_AUTO, 0};
            (void)rc_gazetteer_builder_add(b, &e);
        }
        p = end + 1;
    }
    if (rc_gazetteer_compile(b, &g)) abort();
    rc_gazetteer_builder_free(b);
    return g;
}

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

static inline int fuzz_is_white_space(int32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

/* The text as characters, the way the span functions see it (each maximal invalid subpart is
 * one character, U+FFFD): for every byte offset, whether a character starts there, and the
 * code point index of the character at or after each offset (for RC_OFFSETS_CODEPOINTS). */
typedef struct {
    uint8_t *start;   /* n + 1 entries: 1 where a character starts, and at n */
    int64_t *index;   /* n + 1 entries: code point index of offset i (valid where start[i]) */
    int32_t *cp;      /* n entries: the code point starting at i (U+FFFD for invalid) */
    size_t n;
} fuzz_chars;

static inline void fuzz_chars_init(fuzz_chars *c, const uint8_t *s, size_t n)
{
    c->start = calloc(n + 1, 1);
    c->index = calloc(n + 1, sizeof *c->index);
    c->cp = calloc(n ? n : 1, sizeof *c->cp);
    c->n = n;
    if (!c->start || !c->index || !c->cp) abort();
    int64_t idx = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int bad, k = ref_utf8_decode(s + i, n - i, &cp, &bad);
        c->start[i] = 1;
        c->index[i] = idx++;
        c->cp[i] = k ? cp : 0xFFFD;
        size_t step = k ? (size_t)k : (size_t)bad;
        for (size_t j = 1; j < step; j++) c->index[i + j] = idx;
        i += step;
    }
    c->start[n] = 1;
    c->index[n] = idx;
}

static inline void fuzz_chars_free(fuzz_chars *c)
{
    free(c->start);
    free(c->index);
    free(c->cp);
}

/* Spans (byte offsets) are in order, non-empty, inside the text, on character boundaries and do
 * not overlap; with `cover`, they also tile the text exactly. */
static inline void fuzz_check_spans(const char *what, const rc_spans *sp, const fuzz_chars *c, int cover)
{
    int64_t prev_end = 0;
    for (size_t i = 0; i < sp->count; i++) {
        int64_t s = sp->start[i], e = sp->end[i];
        FUZZ_CHECK(s < e && s >= 0 && (uint64_t)e <= c->n, "%s %zu: [%lld, %lld) of %zu", what, i,
                   (long long)s, (long long)e, c->n);
        FUZZ_CHECK(s >= prev_end, "%s %zu starts at %lld before the previous end %lld", what, i,
                   (long long)s, (long long)prev_end);
        if (cover) FUZZ_CHECK(s == prev_end, "%s %zu: gap before %lld", what, i, (long long)s);
        FUZZ_CHECK(c->start[s] && c->start[e], "%s %zu: [%lld, %lld) cuts a character", what, i,
                   (long long)s, (long long)e);
        prev_end = e;
    }
    if (cover) FUZZ_CHECK((uint64_t)prev_end == c->n, "%s: cover ends at %lld of %zu", what, (long long)prev_end, c->n);
}

/* The same spans with RC_OFFSETS_CODEPOINTS are the byte spans converted to code point indices. */
static inline void fuzz_check_codepoint_spans(const char *what, const rc_spans *bytes, const rc_spans *cps,
                                              const fuzz_chars *c)
{
    FUZZ_CHECK(bytes->count == cps->count, "%s: %zu spans with byte offsets, %zu with code points",
               what, bytes->count, cps->count);
    for (size_t i = 0; i < bytes->count; i++) {
        FUZZ_CHECK(cps->start[i] == c->index[bytes->start[i]] && cps->end[i] == c->index[bytes->end[i]],
                   "%s %zu: code point span [%lld, %lld), bytes [%lld, %lld)", what, i,
                   (long long)cps->start[i], (long long)cps->end[i], (long long)bytes->start[i],
                   (long long)bytes->end[i]);
        FUZZ_CHECK(cps->kind[i] == bytes->kind[i], "%s %zu: kind differs with code points", what, i);
    }
}

static inline void fuzz_check_same_spans(const char *what, const rc_spans *a, const rc_spans *b)
{
    FUZZ_CHECK(a->count == b->count, "%s: %zu spans vs %zu", what, a->count, b->count);
    for (size_t i = 0; i < a->count; i++)
        FUZZ_CHECK(a->start[i] == b->start[i] && a->end[i] == b->end[i] && a->kind[i] == b->kind[i],
                   "%s: span %zu [%lld, %lld) kind %d vs [%lld, %lld) kind %d", what, i,
                   (long long)a->start[i], (long long)a->end[i], a->kind[i], (long long)b->start[i],
                   (long long)b->end[i], b->kind[i]);
}


#endif
