/* gazetteer_scan.h — the match tokenizer's driver, as a template: include it after defining
 *   GAZ_SCAN_NAME  the name of the function to define:
 *                  static int NAME(const char *text, size_t len, void *ctx, rc_normalized *scratch)
 *   GAZ_SINK       the sink to call for each token (a gaz_sink, called directly so it can be inlined)
 *   GAZ_SINK_PTR   a gaz_sink pointer to the same sink, for the non-ASCII chunks
 * gazetteer_tokens.c instantiates it as gaz_scan (any sink, through a pointer); the matcher
 * instantiates it with its own sink inlined, which is what makes matching fast. One body, so
 * aliases and text are always cut the same way.
 *
 * What it does: cuts text[0..len) into match tokens (see relcore.h), calling the sink for each in
 * order. Space-delimited chunks of ASCII (and of the characters of gaz_ascii_equiv) take a fast
 * path straight from the input; only chunks holding other characters are normalized
 * (gaz_scan_unicode_chunk), with `scratch` as reusable memory. Invalid UTF-8 is replaced (it
 * yields U+FFFD tokens). Returns 0, the sink's code or RC_ENOMEM. */
#include "gazetteer.h"

static int GAZ_SCAN_NAME(const char *text, size_t len, void *ctx, rc_normalized *scratch)
{
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *cls = gaz_byte_class;
    size_t i = 0;
    int rc;
    while (i < len) {
        if (s[i] <= 0x20) {
            i++;
            continue;
        }
        /* A chunk: up to the next ASCII space or control. Can it take the fast path? Eight bytes
         * at a time: a byte below 0x21 or above 0x7F stops the ASCII run. */
        size_t j = i;
        int slow = 0;
        for (;;) {
            while (j + 8 <= len) {
                uint64_t w;
                memcpy(&w, s + j, 8);
                uint64_t stop = ((w - 0x2121212121212121ull) | w) & 0x8080808080808080ull;
                if (stop) {
                    j += gaz_ctz64(stop) >> 3;
                    break;
                }
                j += 8;
            }
            while (j < len && s[j] > 0x20 && s[j] < 0x80) j++;
            if (j >= len || s[j] <= 0x20) break;
            const char *repl;
            size_t k = gaz_ascii_equiv(s + j, len - j, &repl);
            if (!k) {
                slow = 1;
                break;
            }
            j += k;
        }
        if (slow) {
            size_t e = j;
            while (e < len && s[e] > 0x20) {
                /* Text without spaces (Chinese) would make one huge chunk: cut it. */
                if (e - i >= 4096 && (s[e] & 0xC0) != 0x80 && gaz_safe_cut_before(s + e, len - e)) break;
                e++;
            }
            if ((rc = gaz_scan_unicode_chunk(s, i, e, GAZ_SINK_PTR, ctx, scratch))) return rc;
            i = e;
            continue;
        }
        for (size_t k = i; k < j;) {
            const unsigned c = cls[s[k]];
            if (c == GAZ_C_WORD) {
                size_t m = gaz_word_end(s, k + 1, j, len);
                if ((rc = GAZ_SINK(ctx, s + k, m - k, len - k, GAZ_ORMASK_LOWER, k, m))) return rc;
                k = m;
            } else if (c == GAZ_C_PUNCT) {
                /* '`' is the one ASCII character that normalization changes (RC_FOLD_QUOTES). */
                const unsigned char *p = s[k] == '`' ? (const unsigned char *)"'" : s + k;
                if ((rc = GAZ_SINK(ctx, p, 1, 1, 0, k, k + 1))) return rc;
                k++;
            } else if (c == GAZ_C_HIGH) {
                const char *repl = "";
                size_t n = gaz_ascii_equiv(s + k, j - k, &repl);
                for (const char *r = repl; *r; r++)
                    if ((rc = GAZ_SINK(ctx, (const unsigned char *)r, 1, 1, 0, k, k + n))) return rc;
                k += n ? n : 1; /* n > 0: the chunk was checked */
            } else {
                k++;
            }
        }
        i = j;
    }
    return RC_OK;
}

#undef GAZ_SCAN_NAME
#undef GAZ_SINK
#undef GAZ_SINK_PTR
