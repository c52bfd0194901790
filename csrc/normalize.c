/* normalize.c — Unicode normalization with foldings and an alignment map back to the input.
 *
 * The text is cut into "clusters": a character at which normalization can safely restart (a
 * boundary: its decomposition starts with a starter that cannot compose with what precedes it)
 * followed by every non-boundary character after it. Normalizing clusters one by one gives the
 * same result as normalizing the whole text, and every output byte maps to the input span of its
 * cluster — that is the alignment map.
 *
 * Speed comes from never calling utf8proc where it cannot change anything:
 *  - ASCII runs are copied (or case-folded) a run at a time;
 *  - a lone non-ASCII character between boundaries (’, é, —) is looked up in a small per-call
 *    cache that remembers its normalized form;
 *  - only real clusters (a letter followed by combining marks, Hangul jamo, …) go to utf8proc,
 *    one short cluster at a time, into stack buffers.
 */
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "gen/norm_tables.h"
#include "relcore.h"
#include "utf8.h"

#define CACHE_SIZE 256     /* direct-mapped, per call; real text uses a few dozen non-ASCII chars */
#define CACHE_RESULT_MAX 14 /* longer results (rare: ﷺ) are recomputed each time */
#define STACK_CPS 128

/* What the options do to one character, remembered per call. */
typedef struct {
    int32_t cp;          /* key; -1 = empty */
    uint8_t boundary;    /* normalization may restart before this character */
    uint8_t space;       /* White_Space (collapsed under RC_COLLAPSE_SPACE) */
    uint8_t cached;      /* result[] holds its normalized form on its own */
    uint8_t result_len;
    unsigned char result[CACHE_RESULT_MAX];
} char_info;

typedef struct {
    unsigned options;
    int utf8proc_decompose_opts; /* passed to utf8proc_decompose_char */
    int compose;                 /* recompose after decomposition */
    int strip;                   /* drop Mn */
    unsigned char ascii[128];    /* what each ASCII byte becomes (collapse handled separately) */
    int ascii_identity;          /* ascii[c] == c for all c */
    char_info *cache;            /* CACHE_SIZE entries, set up on the first non-ASCII character */
    char_info cache_store[CACHE_SIZE];
    rc_normalized *out;
    size_t cap;
} norm_state;

/* ---- character classes -------------------------------------------------------------------- */

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

/* ---- output ------------------------------------------------------------------------------- */

static int reserve(norm_state *st, size_t extra)
{
    rc_normalized *out = st->out;
    size_t need = out->len + extra + 1; /* + NUL */
    if (need < out->len) return RC_ETOOBIG;
    /* A reused result may hold a text buffer but no map (the previous call had no RC_WANT_MAP,
     * or its map allocation failed): then the map arrays must be allocated even if the text
     * buffer is large enough. */
    int map_missing = (st->options & RC_WANT_MAP) && (!out->src_start || !out->src_end);
    if (need <= st->cap && !map_missing) return RC_OK;
    size_t ncap = st->cap ? st->cap : 64;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / sizeof(size_t)) return RC_ETOOBIG;
        ncap *= 2;
    }
    char *t = rc_realloc(out->text, ncap);
    if (!t) return RC_ENOMEM;
    out->text = t;
    if (st->options & RC_WANT_MAP) {
        size_t *a = rc_realloc(out->src_start, ncap * sizeof(size_t));
        if (!a) return RC_ENOMEM;
        out->src_start = a;
        size_t *b = rc_realloc(out->src_end, ncap * sizeof(size_t));
        if (!b) return RC_ENOMEM;
        out->src_end = b;
    }
    st->cap = ncap;
    out->cap_ = ncap;
    return RC_OK;
}

/* Appends bytes that all came from input [s0, s1). Caller has reserved room. */
static void emit(norm_state *st, const unsigned char *bytes, size_t n, size_t s0, size_t s1)
{
    rc_normalized *out = st->out;
    memcpy(out->text + out->len, bytes, n);
    if (st->options & RC_WANT_MAP) {
        for (size_t k = 0; k < n; k++) {
            out->src_start[out->len + k] = s0;
            out->src_end[out->len + k] = s1;
        }
    }
    out->len += n;
}

/* ---- the Unicode path --------------------------------------------------------------------- */

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
    int32_t stack_tmp[STACK_CPS];
    int32_t *tmp = n <= STACK_CPS ? stack_tmp : rc_malloc(n * sizeof *tmp); /* n*4 fits: run does */
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

/* Normalizes code points cps[0..n) (one or more clusters) into UTF-8 at *dst (room: *dst_cap).
 * Uses utf8proc for decomposition and composition, our own canonical ordering and mark
 * stripping. Returns the number of bytes, or a negative RC_E* code. */
static long normalize_cps(const norm_state *st, const int32_t *cps, size_t n, unsigned char **dst,
                          size_t *dst_cap, unsigned char *dst_stack)
{
    int32_t stack_buf[STACK_CPS];
    int32_t *buf = stack_buf;
    size_t cap = STACK_CPS, len = 0;
    long rc = 0;

    for (size_t i = 0; i < n; i++) {
        int32_t cp = fold_punct(cps[i], st->options);
        for (;;) {
            int bc = 0;
            utf8proc_ssize_t k;
            if (st->utf8proc_decompose_opts) {
                k = utf8proc_decompose_char(cp, buf + len, (utf8proc_ssize_t)(cap - len),
                                            (utf8proc_option_t)st->utf8proc_decompose_opts, &bc);
            } else {
                k = 1;
                if (cap > len) buf[len] = cp;
            }
            if (k < 0) {
                rc = RC_EINVAL;
                goto done;
            }
            if ((size_t)k <= cap - len) {
                len += (size_t)k;
                break;
            }
            /* Grow the scratch buffer (only pathological clusters get here). */
            size_t ncap = cap * 2 + (size_t)k;
            int32_t *nb = rc_malloc(ncap * sizeof *nb);
            if (!nb) {
                rc = RC_ENOMEM;
                goto done;
            }
            memcpy(nb, buf, len * sizeof *nb);
            if (buf != stack_buf) rc_free(buf);
            buf = nb;
            cap = ncap;
        }
    }

    if (st->utf8proc_decompose_opts & (UTF8PROC_DECOMPOSE | UTF8PROC_COMPOSE)) {
        if ((rc = canonical_order(buf, len)) != RC_OK) goto done;
    }
    if (st->strip) {
        size_t w = 0;
        for (size_t i = 0; i < len; i++)
            if (utf8proc_get_property(buf[i])->category != UTF8PROC_CATEGORY_MN) buf[w++] = buf[i];
        len = w;
    }
    if (st->compose && len > 1) {
        utf8proc_ssize_t k = utf8proc_normalize_utf32(buf, (utf8proc_ssize_t)len,
                                                       UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (k < 0) {
            rc = RC_EINVAL;
            goto done;
        }
        len = (size_t)k;
    }

    if (len > SIZE_MAX / 4) {
        rc = RC_ETOOBIG;
        goto done;
    }
    if (len * 4 > *dst_cap) {
        size_t ncap = len * 4;
        unsigned char *nd = rc_malloc(ncap);
        if (!nd) {
            rc = RC_ENOMEM;
            goto done;
        }
        if (*dst != dst_stack) rc_free(*dst);
        *dst = nd;
        *dst_cap = ncap;
    }
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        w += (size_t)rc_utf8_encode(fold_punct(buf[i], st->options), *dst + w);
    rc = (long)w;
done:
    if (buf != stack_buf) rc_free(buf);
    return rc;
}

/* Looks up (computing on a miss) what the options do to cp. */
static int char_lookup(norm_state *st, int32_t cp, const char_info **info)
{
    char_info *e = &st->cache[(uint32_t)cp % CACHE_SIZE];
    if (e->cp == cp) {
        *info = e;
        return RC_OK;
    }
    e->cp = cp;
    int32_t folded = fold_punct(cp, st->options);
    e->space = (uint8_t)is_white_space(folded);
    int32_t first = folded;
    if (st->utf8proc_decompose_opts) {
        int32_t tmp[32];
        int bc = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(folded, tmp, 32,
                                                     (utf8proc_option_t)st->utf8proc_decompose_opts, &bc);
        if (k > 0) first = tmp[0]; /* k > 32 cannot happen: the longest decomposition is 18 */
    }
    const utf8proc_property_t *p = utf8proc_get_property(first);
    e->boundary = p->combining_class == 0 &&
                  !in_sorted(rc_starter_seconds, sizeof rc_starter_seconds / sizeof rc_starter_seconds[0], first) &&
                  !(st->strip && p->category == UTF8PROC_CATEGORY_MN);
    unsigned char small[64], *dst = small;
    size_t dst_cap = sizeof small;
    long n = normalize_cps(st, &cp, 1, &dst, &dst_cap, small);
    if (n < 0) {
        e->cp = -1;
        if (dst != small) rc_free(dst);
        return (int)n;
    }
    e->cached = n <= CACHE_RESULT_MAX;
    if (e->cached) {
        memcpy(e->result, dst, (size_t)n);
        e->result_len = (uint8_t)n;
    }
    if (dst != small) rc_free(dst);
    *info = e;
    return RC_OK;
}

/* Normalizes the cluster input[c0, c1) and appends it, mapped to that span. */
static int emit_cluster(norm_state *st, const unsigned char *s, size_t c0, size_t c1)
{
    int32_t stack_cps[STACK_CPS];
    int32_t *cps = stack_cps;
    size_t n = 0, cap = STACK_CPS;
    unsigned char stack_out[4 * STACK_CPS], *dst = stack_out;
    size_t dst_cap = sizeof stack_out;
    int rc = RC_OK;

    for (size_t i = c0; i < c1;) {
        int32_t cp;
        int k = rc_utf8_decode(s + i, c1 - i, &cp);
        if (!k) { /* only U+FFFD replacement clusters get here with bad bytes */
            cp = 0xFFFD;
            k = rc_utf8_invalid_len(s + i, c1 - i);
        }
        if (n == cap) {
            int32_t *nc = rc_malloc(cap * 2 * sizeof *nc);
            if (!nc) {
                rc = RC_ENOMEM;
                goto done;
            }
            memcpy(nc, cps, n * sizeof *nc);
            if (cps != stack_cps) rc_free(cps);
            cps = nc;
            cap *= 2;
        }
        cps[n++] = cp;
        i += (size_t)k;
    }
    long w = normalize_cps(st, cps, n, &dst, &dst_cap, stack_out);
    if (w < 0) {
        rc = (int)w;
        goto done;
    }
    if ((rc = reserve(st, (size_t)w)) != RC_OK) goto done;
    emit(st, dst, (size_t)w, c0, c1);
done:
    if (cps != stack_cps) rc_free(cps);
    if (dst != stack_out) rc_free(dst);
    return rc;
}

/* ---- the driver --------------------------------------------------------------------------- */

static void setup(norm_state *st, unsigned options, rc_normalized *out)
{
    unsigned form = options & RC_FORM_MASK;
    int opts = 0;
    st->options = options;
    st->out = out;
    st->cap = out->cap_;
    st->cache = NULL;
    st->strip = (options & RC_STRIP_ACCENTS) != 0;
    if (form == RC_NFC || form == RC_NFKC) opts |= UTF8PROC_COMPOSE;
    if (form == RC_NFD || form == RC_NFKD) opts |= UTF8PROC_DECOMPOSE;
    if (form == RC_NFKC || form == RC_NFKD) opts |= UTF8PROC_COMPAT;
    if (options & RC_CASEFOLD) opts |= UTF8PROC_CASEFOLD;
    /* Stripping accents needs the marks separated first; text without a form is recomposed. */
    if (st->strip && !(opts & (UTF8PROC_COMPOSE | UTF8PROC_DECOMPOSE))) opts |= UTF8PROC_COMPOSE;
    st->compose = (opts & UTF8PROC_COMPOSE) != 0;
    st->utf8proc_decompose_opts = opts;
    st->ascii_identity = 1;
    for (int c = 0; c < 128; c++) {
        int m = c;
        if ((options & RC_CASEFOLD) && c >= 'A' && c <= 'Z') m = c + 32;
        if ((options & RC_FOLD_QUOTES) && c == '`') m = '\'';
        st->ascii[c] = (unsigned char)m;
        if (m != c) st->ascii_identity = 0;
    }
}

/* Under RC_COLLAPSE_SPACE the input's space runs are one space each by now, but the forms and
 * foldings can still put two spaces side by side (NFKC: ¨ → space + combining diaeresis; accent
 * stripping drops a lone mark between two spaces). Squeezing them afterwards keeps the result
 * stable: normalizing it again changes nothing. The kept space maps to the whole run. */
static void squeeze_spaces(rc_normalized *out, int map)
{
    size_t w = 0;
    for (size_t r = 0; r < out->len; r++) {
        if (out->text[r] == ' ' && w > 0 && out->text[w - 1] == ' ') {
            if (map) out->src_end[w - 1] = out->src_end[r]; /* ends are non-decreasing */
            continue;
        }
        out->text[w] = out->text[r];
        if (map) {
            out->src_start[w] = out->src_start[r];
            out->src_end[w] = out->src_end[r];
        }
        w++;
    }
    out->len = w;
}

/* The ASCII part of White_Space. */
static int is_ascii_space(unsigned c) { return c == ' ' || (c >= 9 && c <= 13); }

int rc_normalize(const char *text, size_t len, unsigned options, rc_normalized *out)
{
    if (!out || (!text && len)) return RC_EINVAL;
    if ((options & ~RC_NORMALIZE_OPTIONS) || (options & RC_FORM_MASK) > RC_NFKD) return RC_EINVAL;

    const unsigned char *s = (const unsigned char *)text;
    if (!(options & RC_WANT_MAP)) {
        /* relcore.h promises NULL maps without RC_WANT_MAP; a reused result may hold old ones. */
        rc_free(out->src_start);
        rc_free(out->src_end);
        out->src_start = out->src_end = NULL;
    }
    norm_state *st = rc_malloc(sizeof *st);
    if (!st) return RC_ENOMEM;
    setup(st, options, out);
    out->len = 0;
    out->error_offset = 0;
    const int collapse = (options & RC_COLLAPSE_SPACE) != 0;
    int rc = reserve(st, len + len / 8 + 16);
    if (rc) goto fail;

    size_t i = 0;
    /* The previous character, if it was an ASCII non-space that a following combining mark
     * would merge with: where its output starts (so it can be taken back) and its offset. */
    int have_prev_ascii = 0;
    size_t prev_out = 0, prev_src = 0;
    int in_space = 0; /* the last output byte is a collapsed space */

    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (collapse && is_ascii_space(c)) {
                goto space;
            }
            /* A run of ASCII (stopping at spaces when collapsing). */
            size_t j = i;
            if (!collapse) {
                while (j + 8 <= len) {
                    uint64_t w;
                    memcpy(&w, s + j, 8);
                    if (w & 0x8080808080808080ull) break;
                    j += 8;
                }
                while (j < len && s[j] < 0x80) j++;
            } else {
                while (j < len && s[j] < 0x80 && !is_ascii_space(s[j])) j++;
            }
            size_t n = j - i;
            if ((rc = reserve(st, n))) goto fail;
            unsigned char *o = (unsigned char *)out->text + out->len;
            if (st->ascii_identity) {
                memcpy(o, s + i, n);
            } else if (!(options & RC_FOLD_QUOTES)) {
                for (size_t k = 0; k < n; k++) {
                    unsigned char b = s[i + k];
                    o[k] = (unsigned char)(b + (((unsigned char)(b - 'A') < 26u) << 5));
                }
            } else {
                for (size_t k = 0; k < n; k++) o[k] = st->ascii[s[i + k]];
            }
            if (options & RC_WANT_MAP) {
                size_t *a = out->src_start + out->len, *b = out->src_end + out->len;
                for (size_t k = 0; k < n; k++) {
                    a[k] = i + k;
                    b[k] = i + k + 1;
                }
            }
            out->len += n;
            have_prev_ascii = 1;
            prev_out = out->len - 1;
            prev_src = j - 1;
            in_space = 0;
            i = j;
            continue;
        }

        /* Non-ASCII. */
        int32_t cp;
        int k = rc_utf8_decode(s + i, len - i, &cp);
        if (!k) {
            if (!(options & RC_REPLACE_INVALID)) {
                out->error_offset = i;
                rc = RC_EUTF8;
                goto fail;
            }
            /* U+FFFD is a boundary on both sides: a cluster of its own. */
            size_t bad = (size_t)rc_utf8_invalid_len(s + i, len - i);
            if ((rc = emit_cluster(st, s, i, i + bad))) goto fail;
            have_prev_ascii = 0;
            in_space = 0;
            i += bad;
            continue;
        }
        if (!st->cache) {
            st->cache = st->cache_store;
            for (int e = 0; e < CACHE_SIZE; e++) st->cache[e].cp = -1;
        }
        const char_info *slot;
        if ((rc = char_lookup(st, cp, &slot))) goto fail;
        /* A copy: looking up the following characters may evict this cache slot. */
        const char_info info_copy = *slot, *info = &info_copy;
        if (collapse && info->space) {
            goto space;
        }
        size_t c0 = i;
        if (!info->boundary && have_prev_ascii) {
            /* A combining mark after an ASCII letter: take the letter back into the cluster. */
            c0 = prev_src;
            out->len = prev_out;
        }
        /* Extend the cluster over the following non-boundary characters. */
        size_t j = i + (size_t)k;
        while (j < len && s[j] >= 0x80) {
            int32_t cp2;
            int k2 = rc_utf8_decode(s + j, len - j, &cp2);
            if (!k2) break;
            const char_info *info2;
            if ((rc = char_lookup(st, cp2, &info2))) goto fail;
            if (info2->boundary || (collapse && info2->space)) break;
            j += (size_t)k2;
        }
        if (c0 == i && j == i + (size_t)k && info->cached) {
            if ((rc = reserve(st, info->result_len))) goto fail;
            emit(st, info->result, info->result_len, i, j);
        } else if ((rc = emit_cluster(st, s, c0, j))) {
            goto fail;
        }
        have_prev_ascii = 0;
        in_space = 0;
        i = j;
        continue;

    space:
        /* A White_Space character under RC_COLLAPSE_SPACE: one space per run, mapped to the run. */
        {
            int32_t scp;
            int sk = rc_utf8_decode(s + i, len - i, &scp);
            if (in_space) {
                if (options & RC_WANT_MAP) out->src_end[out->len - 1] = i + (size_t)sk;
            } else {
                if ((rc = reserve(st, 1))) goto fail;
                emit(st, (const unsigned char *)" ", 1, i, i + (size_t)sk);
                in_space = 1;
            }
            have_prev_ascii = 0;
            i += (size_t)sk;
        }
    }
    if (collapse) squeeze_spaces(out, (options & RC_WANT_MAP) != 0);
    out->text[out->len] = '\0';
    rc_free(st);
    return RC_OK;

fail:
    if (out->text) out->text[0] = '\0';
    out->len = 0;
    rc_free(st);
    return rc;
}

void rc_normalized_free(rc_normalized *out)
{
    if (!out) return;
    rc_free(out->text);
    rc_free(out->src_start);
    rc_free(out->src_end);
    rc_normalized empty = RC_NORMALIZED_INIT;
    *out = empty;
}
