/* gazetteer_tokens.c — cutting text into the gazetteer's match tokens, and case keys.
 *
 * The same code tokenizes aliases when they are added and text when it is searched, so the two
 * always agree: the driver is the template gazetteer_scan.h (instantiated here as gaz_scan for the
 * builder, and in gazetteer_match.c with the matcher's sink inlined); the byte classes, the
 * non-ASCII chunks and the case keys are here. The rules are in relcore.h (Gazetteer). Why they
 * are what they are:
 *  - Dashes separate like spaces: "Guinea-Bissau", "Guinea Bissau" and "Azerbaijan–US" all cut
 *    the same way, and an en dash glued to a name never hides it.
 *  - Other punctuation is a token of its own: "U.S." = u . s . can be told from "us", and an
 *    apostrophe ends a word so "Azerbaijan's" still holds the token "azerbaijan".
 *  - Letters of scripts written without spaces are tokens one by one, so "中国" is found inside
 *    a sentence with no word boundary around it.
 *
 * Speed: real text is mostly ASCII. A space-delimited chunk of pure ASCII is tokenized straight
 * from the input (lowercasing happens later, inside the hash, by OR-ing 0x20); only chunks that
 * hold another byte go through rc_normalize, one chunk at a time, with its alignment map.
 */
#include <utf8proc.h>

#include "base/alloc.h"
#include "gazetteer/gazetteer.h"
#include "base/utf8.h"

/* Classes of code points in normalized text: the byte classes, and two more. */
enum { C_SEP = GAZ_C_SEP, C_WORD = GAZ_C_WORD, C_PUNCT = GAZ_C_PUNCT, C_SOLO = GAZ_C_HIGH + 1, C_MARK };

/* Class of each byte: for ASCII, separators are controls, space, DEL and '-'; every byte of a
 * multi-byte character is GAZ_C_HIGH. */
#define W GAZ_C_WORD
#define P GAZ_C_PUNCT
#define S GAZ_C_SEP
#define H8 GAZ_C_HIGH, GAZ_C_HIGH, GAZ_C_HIGH, GAZ_C_HIGH, GAZ_C_HIGH, GAZ_C_HIGH, GAZ_C_HIGH, GAZ_C_HIGH
const unsigned char gaz_byte_class[256] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0x00 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0x10 */
    S, P, P, P, P, P, P, P, P, P, P, P, P, S, P, P, /* 0x20  !"#$%&'()*+,-./ */
    W, W, W, W, W, W, W, W, W, W, P, P, P, P, P, P, /* 0x30 0-9 :;<=>? */
    P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* 0x40 @A-O */
    W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, P, /* 0x50 P-Z [\]^_ */
    P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* 0x60 `a-o */
    W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, S, /* 0x70 p-z {|}~ DEL */
    H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8,
};
#undef W
#undef P
#undef S
#undef H8

/* Letters of scripts written without spaces between words: one token each. */
static int is_solo_script(int32_t cp)
{
    if (cp < 0x0E00) return 0;
    return (cp <= 0x0EFF) ||                   /* Thai, Lao */
           (cp >= 0x1000 && cp <= 0x109F) ||   /* Myanmar */
           (cp >= 0x1100 && cp <= 0x11FF) ||   /* Hangul jamo */
           (cp >= 0x1780 && cp <= 0x17FF) ||   /* Khmer */
           (cp >= 0x3005 && cp <= 0x3007) ||   /* 々 〆 〇 */
           (cp >= 0x3021 && cp <= 0x3029) ||   /* Hangzhou numerals */
           (cp >= 0x3031 && cp <= 0x3035) ||   /* kana repeat marks */
           (cp >= 0x3040 && cp <= 0x30FF) ||   /* Hiragana, Katakana */
           (cp >= 0x3130 && cp <= 0x318F) ||   /* Hangul compatibility jamo */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* Katakana extensions */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* CJK extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK unified ideographs */
           (cp >= 0xA960 && cp <= 0xA97F) ||   /* Hangul jamo extended-A */
           (cp >= 0xAC00 && cp <= 0xD7FF) ||   /* Hangul syllables, jamo extended-B */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* CJK compatibility ideographs */
           (cp >= 0xFF66 && cp <= 0xFFDC) ||   /* half-width Katakana and Hangul */
           (cp >= 0x20000 && cp <= 0x3FFFF);   /* CJK extensions B… */
}

/* Class of a non-ASCII code point of normalized text. */
static int classify(int32_t cp)
{
    if (cp == 0x30FB || cp == 0xFF65) return C_SEP; /* katakana middle dot separates words */
    if (cp == 0x200C) return C_MARK; /* the zero-width non-joiner is inside Persian words ("دست‌چین") */
    switch (utf8proc_get_property(cp)->category) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return is_solo_script(cp) ? C_SOLO : C_WORD;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_PD:
        return C_SEP;
    default:
        return C_PUNCT;
    }
}

/* Where a long chunk with no ASCII white space may be cut: before a character that is a token of
 * its own and that normalization never joins to what precedes it (a CJK letter). */
int gaz_safe_cut_before(const unsigned char *s, size_t n)
{
    int32_t cp;
    if (s[0] < 0xE0 || !rc_utf8_decode(s, n, &cp)) return 0;
    if (!is_solo_script(cp) || cp < 0x3000) return 0; /* leaves out Thai…Hangul jamo: they combine */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p->combining_class == 0 && p->category != UTF8PROC_CATEGORY_MN &&
           p->category != UTF8PROC_CATEGORY_MC && !(cp >= 0x3099 && cp <= 0x309C);
}

/* Tokenizes the normalized form of input[a, b) (a chunk holding non-ASCII bytes). */
int gaz_scan_unicode_chunk(const unsigned char *s, size_t a, size_t b, gaz_sink sink, void *ctx,
                           rc_normalized *nz)
{
    int rc = rc_normalize((const char *)s + a, b - a, GAZ_NORM | RC_WANT_MAP | RC_REPLACE_INVALID, nz);
    if (rc) return rc;
    const unsigned char *t = (const unsigned char *)nz->text;
    const size_t n = nz->len;
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        int k;
        int cls;
        if (t[i] < 0x80) {
            cp = t[i];
            k = 1;
            cls = gaz_byte_class[t[i]];
        } else {
            k = rc_utf8_decode(t + i, n - i, &cp);
            if (!k) k = 1, cp = 0xFFFD; /* cannot happen: rc_normalize output is valid */
            cls = classify(cp);
        }
        if (cls == C_SEP) {
            i += (size_t)k;
            continue;
        }
        size_t j = i + (size_t)k;
        if (cls != C_PUNCT) {
            /* A word runs over letters, digits and marks; a solo letter takes its marks only. */
            while (j < n) {
                int32_t cp2;
                int k2;
                int cls2;
                if (t[j] < 0x80) {
                    cls2 = gaz_byte_class[t[j]];
                    k2 = 1;
                } else {
                    k2 = rc_utf8_decode(t + j, n - j, &cp2);
                    if (!k2) break;
                    cls2 = classify(cp2);
                }
                if (cls2 == C_MARK || (cls2 == C_WORD && cls != C_SOLO)) j += (size_t)k2;
                else break;
            }
        }
        rc = sink(ctx, t + i, j - i, n - i, 0, a + nz->src_start[i], a + nz->src_end[j - 1]);
        if (rc) return rc;
        i = j;
    }
    return RC_OK;
}

/* The builder's scanner: any sink, through pointers. */
typedef struct {
    gaz_sink sink;
    int (*mark)(void *);
    void (*rollback)(void *);
    void *ctx;
} any_sink;

static int call_any_sink(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask,
                         size_t start, size_t end)
{
    const any_sink *a = ctx;
    return a->sink(a->ctx, p, n, avail, ormask, start, end);
}

static int call_any_mark(void *ctx)
{
    const any_sink *a = ctx;
    return a->mark(a->ctx);
}

static void call_any_rollback(void *ctx)
{
    const any_sink *a = ctx;
    a->rollback(a->ctx);
}

#define GAZ_SCAN_NAME scan_any
#define GAZ_SINK call_any_sink
#define GAZ_SINK_PTR call_any_sink
#define GAZ_MARK call_any_mark
#define GAZ_ROLLBACK call_any_rollback
#include "gazetteer/gazetteer_scan.h"

int gaz_scan(const char *text, size_t len, gaz_sink sink, int (*mark)(void *),
             void (*rollback)(void *), void *ctx, rc_normalized *scratch)
{
    any_sink a = {sink, mark, rollback, ctx};
    return scan_any(text, len, &a, scratch);
}

/* ---- case keys ----------------------------------------------------------------------------- */

static int key_append(char **buf, size_t *cap, size_t *len, const unsigned char *p, size_t n)
{
    if (*len + n + 1 > *cap) {
        int rc = rc_grow((void **)buf, cap, *len + n + 1, 1);
        if (rc) return rc;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    (*buf)[*len] = '\0';
    return RC_OK;
}

int gaz_case_key(const char *text, size_t len, rc_normalized *scratch, char **buf, size_t *cap,
                 size_t *key_len, gaz_case_stats *stats)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    stats->letters = stats->upper = stats->lower = 0;
    *key_len = 0;
    int rc = key_append(buf, cap, key_len, s, 0); /* makes the buffer exist and NUL-terminated */
    if (rc) return rc;
    while (i < len && s[i] < 0x80) i++;
    if (i < len) {
        rc = rc_normalize(text, len, RC_NFKC | RC_STRIP_ACCENTS | RC_FOLD_QUOTES | RC_FOLD_DASHES |
                                         RC_REPLACE_INVALID, scratch);
        if (rc) return rc;
        s = (const unsigned char *)scratch->text;
        len = scratch->len;
    }
    for (i = 0; i < len;) {
        int32_t cp;
        int k = rc_utf8_decode(s + i, len - i, &cp);
        if (!k) k = 1, cp = 0xFFFD;
        int keep = 0;
        if (cp < 0x80) {
            keep = gaz_byte_class[cp] == C_WORD;
            if (cp >= 'A' && cp <= 'Z') stats->upper++, stats->letters++;
            else if (cp >= 'a' && cp <= 'z') stats->lower++, stats->letters++;
        } else {
            switch (utf8proc_get_property(cp)->category) {
            case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
                stats->upper++, stats->letters++, keep = 1;
                break;
            case UTF8PROC_CATEGORY_LL:
                stats->lower++, stats->letters++, keep = 1;
                break;
            case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
                stats->letters++, keep = 1;
                break;
            case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
            case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
                keep = 1;
                break;
            default:
                break;
            }
        }
        if (keep && (rc = key_append(buf, cap, key_len, s + i, (size_t)k))) return rc;
        i += (size_t)k;
    }
    return RC_OK;
}
