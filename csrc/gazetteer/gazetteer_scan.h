/* gazetteer_scan.h — the match tokenizer's driver, as a template: include it after defining
 *   GAZ_SCAN_NAME  the name of the function to define:
 *                  static int NAME(const char *text, size_t len, void *ctx, rc_normalized *scratch)
 *   GAZ_SINK       the sink to call for each token (a gaz_sink, called directly so it can be inlined)
 *   GAZ_SINK_PTR   a gaz_sink pointer to the same sink, for the non-ASCII chunks
 *   GAZ_MARK       int GAZ_MARK(void *ctx): a chunk starts (0, or an RC_E* code to stop)
 *   GAZ_ROLLBACK   void GAZ_ROLLBACK(void *ctx): forget the tokens given since the last mark
 * gazetteer_tokens.c instantiates it as gaz_scan (any sink, through pointers); the matcher
 * instantiates it with its own sink inlined, which is what makes matching fast. One body, so
 * aliases and text are always cut the same way.
 *
 * What it does: cuts text[0..len) into match tokens (see relcore.h), calling the sink for each in
 * order. A chunk (up to the next ASCII space or control) is tokenized straight from the input as
 * long as it holds only ASCII and the characters of gaz_ascii_equiv — one pass, no look-ahead. If
 * another character turns up, the chunk's tokens are rolled back and the whole chunk goes through
 * normalization (gaz_scan_unicode_chunk, `scratch` as reusable memory). Invalid UTF-8 is replaced
 * (it yields U+FFFD tokens). Returns 0, the sink's or mark's code, or RC_ENOMEM. */
#include "gazetteer/gazetteer.h"

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
        if ((rc = GAZ_MARK(ctx))) return rc;
        size_t k = i;
        while (k < len) {
            const unsigned c = cls[s[k]];
            if (c == GAZ_C_WORD) {
                size_t m = gaz_word_end(s, k + 1, len, len);
                if ((rc = GAZ_SINK(ctx, s + k, m - k, len - k, GAZ_ORMASK_LOWER, k, m))) return rc;
                k = m;
            } else if (c == GAZ_C_PUNCT) {
                /* '`' is the one ASCII character that normalization changes (RC_FOLD_QUOTES). */
                const unsigned char *p = s[k] == '`' ? (const unsigned char *)"'" : s + k;
                if ((rc = GAZ_SINK(ctx, p, 1, 1, 0, k, k + 1))) return rc;
                k++;
            } else if (c == GAZ_C_SEP) {
                if (s[k] <= 0x20) break; /* the chunk ends */
                k++;                     /* '-' or DEL */
            } else {
                const char *repl = "";
                const size_t n = gaz_ascii_equiv(s + k, len - k, &repl);
                if (!n) break; /* k < len: the slow path below */
                for (const char *r = repl; *r; r++)
                    if ((rc = GAZ_SINK(ctx, (const unsigned char *)r, 1, 1, 0, k, k + n))) return rc;
                k += n;
            }
        }
        if (k < len && s[k] > 0x20) {
            /* A character the fast path does not know: normalize the whole chunk instead. */
            GAZ_ROLLBACK(ctx);
            size_t e = k;
            while (e < len && s[e] > 0x20) {
                /* Text without spaces (Chinese) would make one huge chunk: cut it. */
                if (e - i >= 4096 && (s[e] & 0xC0) != 0x80 && gaz_safe_cut_before(s + e, len - e)) break;
                e++;
            }
            if ((rc = gaz_scan_unicode_chunk(s, i, e, GAZ_SINK_PTR, ctx, scratch))) return rc;
            k = e;
        }
        i = k;
    }
    return RC_OK;
}

#undef GAZ_SCAN_NAME
#undef GAZ_SINK
#undef GAZ_SINK_PTR
#undef GAZ_MARK
#undef GAZ_ROLLBACK
