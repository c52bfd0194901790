/* normalize_core.c — per-character and per-cluster normalization (see normalize_internal.h).
 * utf8proc does decomposition (with compatibility mappings and case folding) and composition;
 * canonical ordering, accent stripping and punctuation folding are ours. */
#include <string.h>
#include <utf8proc.h>

#include "base/alloc.h"
#include "gen/norm_tables.h"
#include "normalize/normalize_internal.h"
#include "base/utf8.h"

int rc_cpbuf_push(rc_cpbuf *b, int32_t cp)
{
    if (b->len == b->cap) {
        if (b->cap > SIZE_MAX / 2 / sizeof(int32_t)) return RC_ETOOBIG;
        size_t ncap = b->cap * 2;
        int32_t *n = b->cp == b->stack ? rc_malloc(ncap * sizeof *n)
                                        : rc_realloc(b->cp, ncap * sizeof *n);
        if (!n) return RC_ENOMEM;
        if (b->cp == b->stack) memcpy(n, b->stack, b->len * sizeof *n);
        b->cp = n;
        b->cap = ncap;
    }
    b->cp[b->len++] = cp;
    return RC_OK;
}

void rc_cpbuf_free(rc_cpbuf *b)
{
    if (b->cp != b->stack) rc_free(b->cp);
    rc_cpbuf_init(b);
}

static int in_sorted(const int32_t *arr, size_t n, int32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (arr[mid] < cp) lo = mid + 1;
        else if (arr[mid] > cp) hi = mid;
        else return 1;
    }
    return 0;
}

static int is_white_space(int32_t cp)
{
    size_t lo = 0, hi = sizeof rc_white_space / sizeof rc_white_space[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rc_white_space[mid][1] < cp) lo = mid + 1;
        else if (rc_white_space[mid][0] > cp) hi = mid;
        else return 1;
    }
    return 0;
}

/* Quote and dash folding; applied before and after normalization so that compatibility
 * decompositions (´ → space + combining acute) never get in the way. */
static int32_t fold_punct(int32_t cp, unsigned options)
{
    if (options & RC_FOLD_QUOTES) {
        switch (cp) {
        case 0x2019: case 0x2018: case 0x201A: case 0x201B: case 0x0060: case 0x00B4:
        case 0x2032: case 0x02BC: case 0x02B9: case 0x2035: case 0xFF07:
            return '\'';
        case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB:
        case 0x00BB: case 0x2036: case 0xFF02:
            return '"';
        }
    }
    if (options & RC_FOLD_DASHES) {
        switch (cp) {
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
        case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D: case 0x00AD:
            return '-';
        }
    }
    return cp;
}

int rc_norm_setup(rc_norm_state *st, unsigned options)
{
    if ((options & ~RC_NORMALIZE_OPTIONS) || (options & RC_FORM_MASK) > RC_NFKD) return RC_EINVAL;
    unsigned form = options & RC_FORM_MASK;
    int opts = 0;
    st->options = options;
    st->cache_ready = 0;
    st->strip = (options & RC_STRIP_ACCENTS) != 0;
    if (form == RC_NFC || form == RC_NFKC) opts |= UTF8PROC_COMPOSE;
    if (form == RC_NFD || form == RC_NFKD) opts |= UTF8PROC_DECOMPOSE;
    if (form == RC_NFKC || form == RC_NFKD) opts |= UTF8PROC_COMPAT;
    if (options & RC_CASEFOLD) opts |= UTF8PROC_CASEFOLD;
    /* Stripping accents needs the marks separated first; text without a form is recomposed. */
    if (st->strip && !(opts & (UTF8PROC_COMPOSE | UTF8PROC_DECOMPOSE))) opts |= UTF8PROC_COMPOSE;
    st->compose = (opts & UTF8PROC_COMPOSE) != 0;
    st->decompose_opts = opts;
    st->ascii_identity = 1;
    for (int c = 0; c < 128; c++) {
        int m = c;
        if ((options & RC_CASEFOLD) && c >= 'A' && c <= 'Z') m = c + 32;
        if ((options & RC_FOLD_QUOTES) && c == '`') m = '\'';
        st->ascii[c] = (unsigned char)m;
        if (m != c) st->ascii_identity = 0;
    }
    return RC_OK;
}

static int ccc(int32_t cp) { return utf8proc_get_property(cp)->combining_class; }

/* Sorts run[0..n) (non-starters) stably by combining class. A counting sort over the 255
 * classes, not an insertion sort: untrusted text can hold a million marks of alternating
 * classes after one letter, and that must cost linear time, not minutes. */
static int sort_marks(int32_t *run, size_t n)
{
    if (n <= 8) { /* the usual case: a handful of marks */
        for (size_t i = 1; i < n; i++) {
            int32_t c = run[i];
            int cc = ccc(c);
            size_t j = i;
            for (; j > 0 && ccc(run[j - 1]) > cc; j--) run[j] = run[j - 1];
            run[j] = c;
        }
        return RC_OK;
    }
    int32_t stack_tmp[RC_NORM_STACK_CPS];
    int32_t *tmp = n <= RC_NORM_STACK_CPS ? stack_tmp : rc_malloc(n * sizeof *tmp); /* fits: run does */
    if (!tmp) return RC_ENOMEM;
    size_t at[256] = {0};
    for (size_t i = 0; i < n; i++) at[ccc(run[i])]++;
    for (size_t c = 0, pos = 0; c < 256; c++) {
        size_t count = at[c];
        at[c] = pos;
        pos += count;
    }
    for (size_t i = 0; i < n; i++) tmp[at[ccc(run[i])]++] = run[i];
    memcpy(run, tmp, n * sizeof *tmp);
    if (tmp != stack_tmp) rc_free(tmp);
    return RC_OK;
}

/* Canonical ordering (UAX #15): each maximal run of non-starters sorted stably by combining
 * class; runs already in order (nearly all real text) are only scanned. */
static int canonical_order(int32_t *buf, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int prev = ccc(buf[i]);
        if (!prev) {
            i++;
            continue;
        }
        size_t j = i + 1;
        int in_order = 1;
        for (; j < len; j++) {
            int c = ccc(buf[j]);
            if (!c) break;
            if (c < prev) in_order = 0;
            prev = c;
        }
        if (!in_order) {
            int rc = sort_marks(buf + i, j - i);
            if (rc != RC_OK) return rc;
        }
        i = j;
    }
    return RC_OK;
}

/* One normalization pass over in[0..n), appended to *out: decomposition (utf8proc, with the
 * given options), canonical ordering, optional mark stripping, optional composition. */
static int norm_pass(int decompose_opts, int strip, int compose, const int32_t *in, size_t n,
                     rc_cpbuf *out)
{
    size_t base = out->len;
    int rc;
    for (size_t i = 0; i < n; i++) {
        int32_t cp = in[i];
        if (!decompose_opts) {
            if ((rc = rc_cpbuf_push(out, cp))) return rc;
            continue;
        }
        for (;;) {
            int bc = 0;
            utf8proc_ssize_t k = utf8proc_decompose_char(
                cp, out->cp + out->len, (utf8proc_ssize_t)(out->cap - out->len),
                (utf8proc_option_t)decompose_opts, &bc);
            if (k < 0) return RC_EINVAL;
            if ((size_t)k <= out->cap - out->len) {
                out->len += (size_t)k;
                break;
            }
            /* Grow (only long clusters get here), then decompose again. */
            size_t keep = out->len;
            for (utf8proc_ssize_t g = 0; g < k; g++)
                if ((rc = rc_cpbuf_push(out, 0))) return rc;
            out->len = keep;
        }
    }
    int32_t *buf = out->cp + base;
    size_t len = out->len - base;
    if (decompose_opts & (UTF8PROC_DECOMPOSE | UTF8PROC_COMPOSE)) {
        if ((rc = canonical_order(buf, len)) != RC_OK) return rc;
    }
    if (strip) {
        size_t w = 0;
        for (size_t i = 0; i < len; i++)
            if (utf8proc_get_property(buf[i])->category != UTF8PROC_CATEGORY_MN) buf[w++] = buf[i];
        len = w;
    }
    if (compose && len > 1) {
        /* STABLE: composition exclusions (U+2ADC …) stay decomposed, as NFC requires. */
        utf8proc_ssize_t k = utf8proc_normalize_utf32(buf, (utf8proc_ssize_t)len,
                                                       UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (k < 0) return RC_EINVAL;
        len = (size_t)k;
    }
    out->len = base + len;
    return RC_OK;
}

int rc_norm_cluster(const rc_norm_state *st, const int32_t *in, size_t n, rc_cpbuf *out)
{
    rc_cpbuf folded, first;
    rc_cpbuf_init(&folded);
    rc_cpbuf_init(&first);
    size_t base = out->len;
    int rc = RC_OK;
    for (size_t i = 0; i < n && !rc; i++) rc = rc_cpbuf_push(&folded, fold_punct(in[i], st->options));
    if (rc) goto done;
    const int form_opts = st->decompose_opts & ~UTF8PROC_CASEFOLD;
    if ((st->decompose_opts & UTF8PROC_CASEFOLD) && (form_opts & (UTF8PROC_COMPOSE | UTF8PROC_DECOMPOSE))) {
        /* Case folding with a form: N(casefold(N(x))), so that marks are ordered before
         * U+0345 turns into a starter ι, exactly as the Unicode definition composes them. */
        if ((rc = norm_pass(form_opts, 0, st->compose, folded.cp, folded.len, &first))) goto done;
        rc = norm_pass(st->decompose_opts, st->strip, st->compose, first.cp, first.len, out);
    } else {
        rc = norm_pass(st->decompose_opts, st->strip, st->compose, folded.cp, folded.len, out);
    }
    if (rc) goto done;
    for (size_t i = base; i < out->len; i++) out->cp[i] = fold_punct(out->cp[i], st->options);
done:
    rc_cpbuf_free(&folded);
    rc_cpbuf_free(&first);
    return rc;
}

/* The first character of cp's decomposition under the given utf8proc options. */
static int32_t first_of_decomposition(int32_t cp, int opts)
{
    if (!opts) return cp;
    int32_t tmp[32];
    int bc = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, tmp, 32, (utf8proc_option_t)opts, &bc);
    return k > 0 ? tmp[0] : cp; /* k > 32 cannot happen: the longest decomposition is 18 */
}

/* Normalization may restart before a character whose decomposition starts with a starter that
 * cannot compose with a preceding character (and that stripping will not remove). */
static int starts_cluster(int32_t first, int strip)
{
    const utf8proc_property_t *p = utf8proc_get_property(first);
    return p->combining_class == 0 &&
           !in_sorted(rc_starter_seconds, sizeof rc_starter_seconds / sizeof rc_starter_seconds[0],
                      first) &&
           !(strip && p->category == UTF8PROC_CATEGORY_MN);
}

int rc_norm_lookup(rc_norm_state *st, int32_t cp, const rc_char_info **info)
{
    if (!st->cache_ready) {
        for (int k = 0; k < RC_NORM_CACHE_SIZE; k++) st->cache_keys[k] = -1;
        st->cache_ready = 1;
    }
    uint32_t slot = (uint32_t)cp % RC_NORM_CACHE_SIZE;
    rc_char_info *e = &st->cache[slot];
    if (st->cache_keys[slot] == cp) {
        *info = e;
        return RC_OK;
    }
    int32_t folded = fold_punct(cp, st->options);
    /* With case folding, both the plain and the folded decomposition must start a cluster:
     * U+0345 is a non-starter that folds to a starter. */
    int boundary = starts_cluster(first_of_decomposition(folded, st->decompose_opts), st->strip) &&
                   starts_cluster(first_of_decomposition(folded, st->decompose_opts & ~UTF8PROC_CASEFOLD),
                                  st->strip);
    rc_cpbuf res;
    rc_cpbuf_init(&res);
    int rc = rc_norm_cluster(st, &cp, 1, &res);
    if (rc) {
        rc_cpbuf_free(&res);
        st->cache_keys[slot] = -1;
        return rc;
    }
    st->cache_keys[slot] = cp;
    e->cp = cp;
    e->space = (uint8_t)is_white_space(folded);
    e->boundary = (uint8_t)boundary;
    e->cached = res.len <= RC_NORM_CACHED_CPS;
    if (e->cached) {
        size_t w = 0;
        for (size_t i = 0; i < res.len; i++) {
            e->cps[i] = res.cp[i];
            w += (size_t)rc_utf8_encode(res.cp[i], e->utf8 + w);
        }
        e->n_cps = (uint8_t)res.len;
        e->n_utf8 = (uint8_t)w;
    }
    rc_cpbuf_free(&res);
    *info = e;
    return RC_OK;
}
