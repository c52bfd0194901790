/* fuzz_normalize.c — rc_normalize under every option combination.
 *
 * Input layout: byte 0 and the low two bits of byte 1 are the options word (all 1024
 * combinations, including the invalid forms 5..7, which must give RC_EINVAL); bit 7 of byte 1
 * turns on allocation failure after (byte 1 >> 2 & 0x1F) allocations; the rest is the text.
 *
 * Invariants: the output is valid UTF-8 and NUL-terminated; the alignment map is monotone,
 * within the input, made of whole input characters, one span per output character; the map
 * does not change the text; invalid UTF-8 fails exactly at the first bad offset unless replaced;
 * replacing changes nothing in valid input; the foldings leave none of what they fold; plain
 * forms equal utf8proc_map on the whole text, and with case folding N(casefold(N(x))) made of
 * two utf8proc_map passes (normalize works cluster by cluster, which must not show);
 * NFx(NFx(x)) == NFx(x); NFD(NFC(x)) == NFD(x). */
#include <utf8proc.h>

#include "fuzz_common.h"
#include "base/utf8.h"

static int is_folded_quote(int32_t c)
{
    switch (c) {
    case 0x2019: case 0x2018: case 0x201A: case 0x201B: case 0x0060: case 0x00B4: case 0x2032:
    case 0x02BC: case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB:
    case 0x00BB:
        return 1;
    }
    return 0;
}

static int is_folded_dash(int32_t c)
{
    switch (c) {
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    case 0xFE58: case 0xFE63: case 0xFF0D:
        return 1;
    }
    return 0;
}

/* Normalizes or aborts; the result must be RC_OK (input known valid, options valid). */
static void must_normalize(const char *s, size_t n, unsigned options, rc_normalized *out)
{
    int rc = rc_normalize(s, n, options, out);
    FUZZ_CHECK(rc == RC_OK, "options %#x: rc %d on valid input", options, rc);
}

static void check_same(const char *what, const char *a, size_t an, const char *b, size_t bn)
{
    FUZZ_CHECK(an == bn && memcmp(a, b, an) == 0, "%s: %zu bytes vs %zu bytes", what, an, bn);
}

/* The per-character checks of a successful result. */
static void check_output(const uint8_t *in, size_t n, unsigned options, const rc_normalized *out)
{
    FUZZ_CHECK(out->text != NULL && out->text[out->len] == '\0', "not NUL-terminated");
    size_t bad;
    FUZZ_CHECK(rc_utf8_validate(out->text, out->len, &bad) == RC_OK, "invalid output at %zu", bad);
    const unsigned char *o = (const unsigned char *)out->text;
    for (size_t i = 0; i < out->len;) {
        int32_t cp;
        int k = rc_utf8_decode(o + i, out->len - i, &cp);
        if (options & RC_CASEFOLD) FUZZ_CHECK(!(cp >= 'A' && cp <= 'Z'), "uppercase at %zu", i);
        if (options & RC_FOLD_QUOTES) FUZZ_CHECK(!is_folded_quote(cp), "U+%04X kept at %zu", cp, i);
        if (options & RC_FOLD_DASHES) FUZZ_CHECK(!is_folded_dash(cp), "U+%04X kept at %zu", cp, i);
        if (options & RC_COLLAPSE_SPACE)
            FUZZ_CHECK(cp == ' ' || !fuzz_is_white_space(cp), "space U+%04X kept at %zu", cp, i);
        if (options & RC_STRIP_ACCENTS)
            FUZZ_CHECK(utf8proc_category(cp) != UTF8PROC_CATEGORY_MN, "mark U+%04X kept at %zu", cp, i);
        if (options & RC_WANT_MAP) {
            size_t s0 = out->src_start[i], s1 = out->src_end[i];
            FUZZ_CHECK(s0 < s1 && s1 <= n, "byte %zu maps to [%zu, %zu) of %zu", i, s0, s1, n);
            for (int b = 1; b < k; b++)
                FUZZ_CHECK(out->src_start[i + b] == s0 && out->src_end[i + b] == s1,
                           "bytes of the character at %zu map to different spans", i);
            if (i > 0)
                FUZZ_CHECK(s0 >= out->src_start[i - 1] && s1 >= out->src_end[i - 1],
                           "map not monotone at %zu", i);
        }
        i += (size_t)k;
    }
    if (!(options & RC_WANT_MAP) || !out->len) return;
    /* Spans start and end on input character boundaries (lenient: invalid subparts count). */
    size_t m = 0;
    for (size_t pos = 0; pos <= n;) {
        while (m < out->len && out->src_start[m] < pos) {
            FUZZ_CHECK(0, "span start %zu is inside an input character", out->src_start[m]);
        }
        while (m < out->len && out->src_start[m] == pos) m++;
        if (pos == n) break;
        int32_t cp;
        int bad_len, k = ref_utf8_decode(in + pos, n - pos, &cp, &bad_len);
        pos += k ? (size_t)k : (size_t)bad_len;
    }
    FUZZ_CHECK(m == out->len, "span start %zu is inside an input character", out->src_start[m]);
}

/* What utf8proc_map does on the whole text: the form N alone, or with case folding
 * N(casefold(N(x))) as relcore.h defines it (two utf8proc passes: the second folds and
 * normalizes again). */
static void check_against_utf8proc(const char *s, size_t n, unsigned options, const rc_normalized *out)
{
    unsigned form = options & RC_FORM_MASK;
    int opts = UTF8PROC_STABLE;
    if (form == RC_NFC || form == RC_NFKC) opts |= UTF8PROC_COMPOSE;
    if (form == RC_NFD || form == RC_NFKD) opts |= UTF8PROC_DECOMPOSE;
    if (form == RC_NFKC || form == RC_NFKD) opts |= UTF8PROC_COMPAT;
    utf8proc_uint8_t *ref = NULL, *first = NULL;
    utf8proc_ssize_t k;
    if ((options & RC_CASEFOLD) && form) {
        k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &first, (utf8proc_option_t)opts);
        if (k < 0) return; /* utf8proc could not allocate */
        k = utf8proc_map(first, k, &ref, (utf8proc_option_t)(opts | UTF8PROC_CASEFOLD));
        free(first);
    } else {
        if (options & RC_CASEFOLD) opts |= UTF8PROC_CASEFOLD;
        k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &ref, (utf8proc_option_t)opts);
    }
    if (k < 0) return;
    check_same("utf8proc_map", out->text, out->len, (const char *)ref, (size_t)k);
    free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    unsigned options = (unsigned)data[0] | ((unsigned)(data[1] & 3) << 8);
    int faulty = fuzz_fault_begin((uint8_t)((data[1] & 0x80) | ((data[1] >> 2) & 0x1F)));
    const char *text = (const char *)data + 2;
    size_t n = size - 2;

    rc_normalized out = RC_NORMALIZED_INIT;
    int rc = rc_normalize(text, n, options, &out);
    fuzz_fault_end();
    unsigned form = options & RC_FORM_MASK;
    if (form > RC_NFKD) {
        FUZZ_CHECK(rc == RC_EINVAL, "form %u accepted: rc %d", form, rc);
        rc_normalized_free(&out);
        return 0;
    }
    if (faulty && rc == RC_ENOMEM) {
        FUZZ_CHECK(out.len == 0, "failed call left %zu bytes", out.len);
        rc_normalized_free(&out);
        return 0;
    }
    long bad = ref_utf8_first_invalid((const uint8_t *)text, n);
    if (bad >= 0 && !(options & RC_REPLACE_INVALID)) {
        FUZZ_CHECK(rc == RC_EUTF8, "invalid input accepted: rc %d", rc);
        FUZZ_CHECK(out.error_offset == (size_t)bad, "error at %zu, want %ld", out.error_offset, bad);
        rc_normalized_free(&out);
        return 0;
    }
    FUZZ_CHECK(rc == RC_OK, "options %#x: rc %d", options, rc);
    check_output((const uint8_t *)text, n, options, &out);

    rc_normalized again = RC_NORMALIZED_INIT;
    /* The map and the replacement option change nothing in the text itself. */
    must_normalize(text, n, options ^ RC_WANT_MAP, &again);
    check_same("with/without map", out.text, out.len, again.text, again.len);
    if (bad < 0) {
        must_normalize(text, n, options ^ RC_REPLACE_INVALID, &again);
        check_same("with/without replacement", out.text, out.len, again.text, again.len);
    }
    /* Reusing a result with the map after one without it (and back) gives the same answer. */
    must_normalize(text, n, options | RC_WANT_MAP, &again);
    check_output((const uint8_t *)text, n, options | RC_WANT_MAP, &again);
    check_same("reused result", out.text, out.len, again.text, again.len);

    const unsigned folds = RC_STRIP_ACCENTS | RC_FOLD_QUOTES | RC_FOLD_DASHES | RC_COLLAPSE_SPACE;
    if (bad < 0 && !(options & folds)) {
        if (form || (options & RC_CASEFOLD)) check_against_utf8proc(text, n, options, &out);
        else check_same("identity", out.text, out.len, text, n);
    }
    /* Idempotence: normalizing the output again changes nothing (also with case folding: a
     * normalized alias must match itself when normalized again). */
    must_normalize(out.text, out.len, options & ~(RC_WANT_MAP | RC_REPLACE_INVALID), &again);
    check_same("idempotence", out.text, out.len, again.text, again.len);
    if (!(options & ~(RC_FORM_MASK | RC_WANT_MAP | RC_REPLACE_INVALID)) && form == RC_NFC) {
        rc_normalized d1 = RC_NORMALIZED_INIT;
        must_normalize(out.text, out.len, RC_NFD, &again);
        must_normalize(text, n, RC_NFD | (options & RC_REPLACE_INVALID), &d1);
        check_same("NFD(NFC(x)) == NFD(x)", again.text, again.len, d1.text, d1.len);
        rc_normalized_free(&d1);
    }
    rc_normalized_free(&again);
    rc_normalized_free(&out);
    return 0;
}
