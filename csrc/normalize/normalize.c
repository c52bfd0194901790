/* normalize.c — rc_normalize: the UTF-8 driver, with the alignment map back to the input.
 *
 * Speed comes from never calling utf8proc where it cannot change anything: ASCII runs are
 * copied (or case-folded eight bytes at a time), a lone non-ASCII character between boundaries
 * (’, é, —) comes from the per-call cache, and only real clusters (a letter followed by
 * combining marks, Hangul jamo, …) go through utf8proc (normalize_core.c). Every output byte
 * maps to the input span of its cluster. */
#include <string.h>

#include "base/alloc.h"
#include "normalize/normalize_internal.h"
#include "base/utf8.h"

typedef struct {
    rc_normalized *out;
    size_t cap;
    int want_map;
} out_state;

static int reserve(out_state *o, size_t extra)
{
    rc_normalized *out = o->out;
    size_t need = out->len + extra + 1; /* + NUL */
    if (need < out->len) return RC_ETOOBIG;
    /* A reused result may hold a text buffer but no map (the previous call had no RC_WANT_MAP,
     * or its map allocation failed): then the map arrays must be allocated even if the text
     * buffer is large enough. */
    int map_missing = o->want_map && (!out->src_start || !out->src_end);
    if (need <= o->cap && !map_missing) return RC_OK;
    size_t ncap = o->cap ? o->cap : 64;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / sizeof(size_t)) return RC_ETOOBIG;
        ncap *= 2;
    }
    char *t = rc_realloc(out->text, ncap);
    if (!t) return RC_ENOMEM;
    out->text = t;
    if (o->want_map) {
        size_t *a = rc_realloc(out->src_start, ncap * sizeof(size_t));
        if (!a) return RC_ENOMEM;
        out->src_start = a;
        size_t *b = rc_realloc(out->src_end, ncap * sizeof(size_t));
        if (!b) return RC_ENOMEM;
        out->src_end = b;
    }
    o->cap = ncap;
    out->cap_ = ncap;
    return RC_OK;
}

/* Appends bytes that all came from input [s0, s1); reserves room itself. */
static int emit(out_state *o, const unsigned char *bytes, size_t n, size_t s0, size_t s1)
{
    int rc = reserve(o, n);
    if (rc) return rc;
    rc_normalized *out = o->out;
    memcpy(out->text + out->len, bytes, n);
    if (o->want_map) {
        for (size_t k = 0; k < n; k++) {
            out->src_start[out->len + k] = s0;
            out->src_end[out->len + k] = s1;
        }
    }
    out->len += n;
    return RC_OK;
}

/* Normalizes the cluster input[c0, c1) and appends it, mapped to that span. */
static int emit_cluster(const rc_norm_state *st, out_state *o, const unsigned char *s, size_t c0,
                        size_t c1)
{
    rc_cpbuf in, res;
    rc_cpbuf_init(&in);
    rc_cpbuf_init(&res);
    int rc = RC_OK;
    for (size_t i = c0; i < c1;) {
        int32_t cp;
        int k = rc_utf8_decode(s + i, c1 - i, &cp);
        if (!k) { /* only U+FFFD replacement clusters get here with bad bytes */
            cp = 0xFFFD;
            k = rc_utf8_invalid_len(s + i, c1 - i);
        }
        if ((rc = rc_cpbuf_push(&in, cp))) goto done;
        i += (size_t)k;
    }
    if ((rc = rc_norm_cluster(st, in.cp, in.len, &res))) goto done;
    if ((rc = reserve(o, 4 * res.len))) goto done;
    unsigned char *w = (unsigned char *)o->out->text + o->out->len;
    size_t n = 0;
    for (size_t i = 0; i < res.len; i++) n += (size_t)rc_utf8_encode(res.cp[i], w + n);
    if (o->want_map) {
        for (size_t k = 0; k < n; k++) {
            o->out->src_start[o->out->len + k] = c0;
            o->out->src_end[o->out->len + k] = c1;
        }
    }
    o->out->len += n;
done:
    rc_cpbuf_free(&in);
    rc_cpbuf_free(&res);
    return rc;
}

/* Copies the ASCII run s[i, j) transformed by the options. Room is reserved by the caller. */
static void ascii_run(const rc_norm_state *st, const unsigned char *s, size_t i, size_t j,
                      unsigned char *o)
{
    size_t n = j - i;
    if (st->ascii_identity) {
        memcpy(o, s + i, n);
    } else if (!(st->options & RC_FOLD_QUOTES)) {
        size_t k = 0;
        for (; k + 8 <= n; k += 8) {
            uint64_t w;
            memcpy(&w, s + i + k, 8);
            w = rc_swar_lower8(w);
            memcpy(o + k, &w, 8);
        }
        for (; k < n; k++) o[k] = st->ascii[s[i + k]];
    } else {
        for (size_t k = 0; k < n; k++) o[k] = st->ascii[s[i + k]];
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

int rc_normalize(const char *text, size_t len, unsigned options, rc_normalized *out)
{
    if (!out || (!text && len) || !rc_norm_options_valid(options)) return RC_EINVAL;
    const unsigned char *s = (const unsigned char *)text;
    if (!(options & RC_WANT_MAP)) {
        /* relcore.h promises NULL maps without RC_WANT_MAP; a reused result may hold old ones. */
        rc_free(out->src_start);
        rc_free(out->src_end);
        out->src_start = out->src_end = NULL;
    }
    rc_norm_state *st = rc_malloc(sizeof *st);
    if (!st) return RC_ENOMEM;
    int rc = rc_norm_setup(st, options);
    if (rc) {
        rc_free(st);
        return rc;
    }
    out_state o = {out, out->cap_, (options & RC_WANT_MAP) != 0};
    out->len = 0;
    out->error_offset = 0;
    const int collapse = (options & RC_COLLAPSE_SPACE) != 0;
    if ((rc = reserve(&o, len + len / 8 + 16))) goto fail;

    size_t i = 0;
    /* The previous character, if it was an ASCII non-space that a following combining mark
     * would merge with: where its output byte is (so it can be taken back) and its offset. */
    int have_prev_ascii = 0;
    size_t prev_out = 0, prev_src = 0;
    int in_space = 0; /* the last output byte is a collapsed space */

    while (i < len) {
        unsigned c = s[i];
        int32_t cp;
        int k;
        if (c < 0x80) {
            if (collapse && rc_is_ascii_space(c)) {
                k = 1;
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
                while (j < len && s[j] < 0x80 && !rc_is_ascii_space(s[j])) j++;
            }
            size_t n = j - i;
            if ((rc = reserve(&o, n))) goto fail;
            ascii_run(st, s, i, j, (unsigned char *)out->text + out->len);
            if (o.want_map) {
                size_t *a = out->src_start + out->len, *b = out->src_end + out->len;
                for (size_t m = 0; m < n; m++) {
                    a[m] = i + m;
                    b[m] = i + m + 1;
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
        k = rc_utf8_decode(s + i, len - i, &cp);
        if (!k) {
            if (!(options & RC_REPLACE_INVALID)) {
                out->error_offset = i;
                rc = RC_EUTF8;
                goto fail;
            }
            /* U+FFFD is a boundary on both sides: a cluster of its own. */
            size_t bad = (size_t)rc_utf8_invalid_len(s + i, len - i);
            if ((rc = emit_cluster(st, &o, s, i, i + bad))) goto fail;
            have_prev_ascii = 0;
            in_space = 0;
            i += bad;
            continue;
        }
        const rc_char_info *slot;
        if ((rc = rc_norm_lookup(st, cp, &slot))) goto fail;
        /* A copy: looking up the following characters may evict this cache slot. */
        const rc_char_info info = *slot;
        if (collapse && info.space) goto space;
        size_t c0 = i;
        if (!info.boundary && have_prev_ascii) {
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
            const rc_char_info *info2;
            if ((rc = rc_norm_lookup(st, cp2, &info2))) goto fail;
            if (info2->boundary || (collapse && info2->space)) break;
            j += (size_t)k2;
        }
        if (c0 == i && j == i + (size_t)k && info.cached) rc = emit(&o, info.utf8, info.n_utf8, i, j);
        else rc = emit_cluster(st, &o, s, c0, j);
        if (rc) goto fail;
        have_prev_ascii = 0;
        in_space = 0;
        i = j;
        continue;

    space:
        /* A White_Space character under RC_COLLAPSE_SPACE: one space per run, mapped to the run. */
        if (in_space) {
            if (o.want_map) out->src_end[out->len - 1] = i + (size_t)k;
        } else {
            if ((rc = emit(&o, (const unsigned char *)" ", 1, i, i + (size_t)k))) goto fail;
            in_space = 1;
        }
        have_prev_ascii = 0;
        i += (size_t)k;
    }
    if (collapse) squeeze_spaces(out, o.want_map);
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

size_t rc_normalized_char_count(const rc_normalized *out)
{
    return out && out->text ? rc_utf8_count_chars((const unsigned char *)out->text, out->len) : 0;
}

size_t rc_normalized_char_map(const rc_normalized *out, const char *text, int64_t *starts, int64_t *ends)
{
    if (!out || !out->src_start || !out->src_end || !text) return 0;
    const unsigned char *u = (const unsigned char *)text;
    size_t k = 0, sb = 0, si = 0, eb = 0, ei = 0; /* the walkers: byte reached, its index */
    for (size_t i = 0; i < out->len; i++) {
        if (((unsigned char)out->text[i] & 0xC0) == 0x80) continue; /* one entry per character */
        si += rc_utf8_count_chars(u + sb, out->src_start[i] - sb);
        sb = out->src_start[i];
        ei += rc_utf8_count_chars(u + eb, out->src_end[i] - eb);
        eb = out->src_end[i];
        starts[k] = (int64_t)si;
        ends[k++] = (int64_t)ei;
    }
    return k;
}
