/* gazetteer_scan.h — the match tokenizer's driver, as a template: include it after defining
 *   GAZ_SCAN_NAME  the name of the function to define:
 *                  static int NAME(const char *text, size_t len, void *ctx, rc_normalized *scratch)
 *   GAZ_SINK       the sink to call for each token (a gaz_sink, called directly so it can be inlined)
 *   GAZ_SINK_PTR   a gaz_sink pointer to the same sink, for the non-ASCII chunks
 *   GAZ_MARK       int GAZ_MARK(void *ctx): a chunk starts (0, or an RC_E* code to stop)
 *   GAZ_ROLLBACK   void GAZ_ROLLBACK(void *ctx): forget the tokens given since the last mark
 * and optionally, for the block path below:
 *   GAZ_FAST       size_t GAZ_FAST(void *ctx): how many tokens may be given now without a mark
 *                  before each chunk (0: marks are needed, take the chunk path)
 *   GAZ_CHUNKS     void GAZ_CHUNKS(void *ctx, size_t n): n chunks start in a block (their marks)
 *   GAZ_BLOCK_SINK int GAZ_BLOCK_SINK(void *ctx, const unsigned char *s, size_t at, uint64_t word,
 *                  uint64_t toks): the tokens of a block, read with gaz_block_token; s[at..at+72)
 *                  is readable
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
#include "gazetteer/gazetteer_blocks.h"

#ifdef GAZ_FAST
/* The block path: plain ASCII text, 64 bytes at a time. From s[at] (a chunk start or a space),
 * hands the tokens of the chunks that end in the block to GAZ_BLOCK_SINK, if none of those chunks
 * holds a byte >= 0x80 and the sink takes that many tokens without marks (see GAZ_FAST). Returns
 * how many bytes it consumed (0: none, the chunk path goes on), or a negative RC_E* code from the
 * sink. The tokens are exactly those the chunk path would give; test_gazetteer.c compares the two
 * on random text. */
static ptrdiff_t GAZ_BLOCK_NAME(const unsigned char *s, size_t at, void *ctx, size_t budget)
{
    gaz_block_masks m;
    gaz_block_classify(s + at, &m);
    if (!m.space) return 0; /* a chunk longer than the block */
    /* Up to the last space: every chunk that starts before it ends before it. */
    size_t end = 64 - (size_t)gaz_clz64(m.space);
    uint64_t live = end == 64 ? ~0ull : (1ull << end) - 1;
    uint64_t starts = ~m.space & ((m.space << 1) | 1) & live; /* s[at] starts a chunk unless a space */
    const uint64_t high = m.high & live;
    if (high) { /* stop before the chunk that holds the first byte >= 0x80 */
        const unsigned h = gaz_ctz64(high);
        const uint64_t upto = h == 63 ? ~0ull : (2ull << h) - 1;
        end = 63 - (size_t)gaz_clz64(starts & upto);
        if (!end) return 0;
        live = (1ull << end) - 1;
        starts &= live;
    }
    const uint64_t word = m.word & live, punct = ~(m.space | m.high | m.word | m.sep) & live;
    const uint64_t toks = (word & ~(word << 1)) | punct;
    if (budget < 64 && gaz_popcount64(toks) > budget) return 0; /* a block has at most 64 tokens */
    GAZ_CHUNKS(ctx, gaz_popcount64(starts));
    const int rc = toks ? GAZ_BLOCK_SINK(ctx, s, at, word, toks) : 0;
    return rc ? rc : (ptrdiff_t)end;
}
#endif

static int GAZ_SCAN_NAME(const char *text, size_t len, void *ctx, rc_normalized *scratch)
{
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *cls = gaz_byte_class;
    size_t i = 0;
    int rc;
    while (i < len) {
#ifdef GAZ_FAST
        if (len - i >= GAZ_BLOCK + 8) { /* 8 more: a token's first 8 bytes load as one word */
            const size_t budget = GAZ_FAST(ctx);
            if (budget) {
                const ptrdiff_t used = GAZ_BLOCK_NAME(s, i, ctx, budget);
                if (used < 0) return (int)used;
                if (used) {
                    i += (size_t)used;
                    continue;
                }
            }
        }
#endif
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
#undef GAZ_BLOCK_NAME
#undef GAZ_FAST
#undef GAZ_CHUNKS
#undef GAZ_BLOCK_SINK
#undef GAZ_SINK
#undef GAZ_SINK_PTR
#undef GAZ_MARK
#undef GAZ_ROLLBACK
