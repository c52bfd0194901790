/* document.c — rc_analyze: one call from a text to its tokens, sentences and mentions,
 * as columns, with each mention linked to its sentence, token and entity.
 *
 * Why one call: the stages were reached one by one from Python, each converting the text to
 * UTF-8 again and handing back objects; a notebook analyzing a corpus paid for those objects and
 * held the GIL doing so. Here the three stages run back to back over one UTF-8 buffer, and
 * everything a Doc needs (the links included, computed by one forward walk) lands in arrays that
 * the binding exposes without copying. The stages' own rules are untouched: the columns are what
 * rc_tokenize, rc_sentences and rc_gazetteer_find return. */
#include <string.h>

#include "base/alloc.h"
#include "base/utf8.h"
#include "relcore.h"

void rc_analysis_free(rc_analysis *d)
{
    if (!d) return;
    rc_spans_free(&d->tokens);
    rc_spans_free(&d->sentences);
    rc_matches_free(&d->mentions);
    rc_free(d->mention_entity);
    rc_free(d->mention_sentence);
    rc_free(d->mention_token);
    rc_analysis empty = RC_ANALYSIS_INIT;
    *d = empty;
}

/* Room for n mentions in the three link arrays (cap_ is raised only once all three have grown, so
 * a failure leaves a document that is still consistent and safe to free). */
static int reserve_links(rc_analysis *d, size_t n)
{
    if (n <= d->cap_) return RC_OK;
    void **const arrays[] = {(void **)&d->mention_entity, (void **)&d->mention_sentence,
                             (void **)&d->mention_token};
    const size_t sizes[] = {sizeof *d->mention_entity, sizeof *d->mention_sentence, sizeof *d->mention_token};
    return rc_grow_parallel(&d->cap_, n, 16, 3, arrays, sizes);
}

/* pos[i] = index of the span in which mention i starts: the last span starting at or before it,
 * 0 when none does (relcore.relations.sentence_of / token_of). Mentions are sorted by start, so
 * each search starts where the previous one ended, galloping forward: a text has a few mentions
 * among very many tokens, and stepping over every token cost more than the search. */
static void link_spans(const rc_spans *sp, const rc_matches *m, int64_t *pos)
{
    size_t k = 0;
    for (size_t i = 0; i < m->count; i++) {
        const int64_t at = m->start[i];
        size_t step = 1, lo = k; /* lo: a span starting at or before `at` (or 0) */
        while (lo + step < sp->count && sp->start[lo + step] <= at) {
            lo += step;
            step *= 2;
        }
        size_t hi = lo + step < sp->count ? lo + step : sp->count; /* first candidate past it */
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (sp->start[mid] <= at) lo = mid;
            else hi = mid;
        }
        k = lo;
        pos[i] = (int64_t)k;
    }
}

/* The positions of the continuation bytes (10xxxxxx) of s[0..len), in order, into a new array
 * (*pos, *n; NULL and 0 for ASCII text). A byte offset o of valid UTF-8 is the code point index
 * o - (continuation bytes before o), so these positions convert every column with one merge
 * walk each: English with a few curly quotes has a few dozen of them, not one per byte. */
static int continuation_bytes(const unsigned char *s, size_t len, size_t **pos, size_t *n)
{
    *pos = NULL;
    *n = len - rc_utf8_count_chars(s, len);
    if (!*n) return RC_OK;
    size_t *p = rc_malloc(*n * sizeof *p);
    if (!p) return RC_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (i + 8 <= len) { /* skip ASCII eight bytes at a time */
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080ull)) {
                i += 7;
                continue;
            }
        }
        if ((s[i] & 0xC0) == 0x80) p[k++] = i;
    }
    *pos = p;
    return RC_OK;
}

/* Byte offsets → code point indices, in place, for spans sorted by start. */
static void to_codepoints(const size_t *cont, size_t n_cont, int64_t *start, int64_t *end, size_t n)
{
    size_t j = 0;
    for (size_t k = 0; k < n; k++) {
        const size_t a = (size_t)start[k], b = (size_t)end[k];
        while (j < n_cont && cont[j] < a) j++;
        size_t e = j;
        while (e < n_cont && cont[e] < b) e++;
        start[k] = (int64_t)(a - j);
        end[k] = (int64_t)(b - e);
    }
}

/* Empties the columns (on failure: the contract says nothing half-made is left). */
static void clear(rc_analysis *d)
{
    d->tokens.count = 0;
    d->sentences.count = 0;
    d->mentions.count = 0;
    d->length = 0;
}

int rc_analyze(const rc_gazetteer *g, const rc_entities *ents, const char *text,
                        size_t len, unsigned options, rc_analysis *out)
{
    if (!g || !ents || !out || (!text && len)) return RC_EINVAL;
    if (options & ~(RC_OFFSETS_CODEPOINTS | RC_ANALYZE_NO_TOKENS)) return RC_EINVAL;
    if (ents->n_entries != rc_gazetteer_count(g)) return RC_EINVAL;
    const int tokens = !(options & RC_ANALYZE_NO_TOKENS);
    options &= RC_OFFSETS_CODEPOINTS;
    /* Code points for valid UTF-8 (every text from Python): the stages work in bytes and the
     * columns are converted at the end. Invalid UTF-8 is left to the stages' own counting, whose
     * rule for invalid bytes (one per maximal subpart) the plain count does not follow. */
    const int convert = (options & RC_OFFSETS_CODEPOINTS) && rc_utf8_validate(text, len, NULL) == RC_OK;
    const unsigned stage = convert ? 0 : options;
    int rc = RC_OK;
    out->tokens.count = 0;
    if (tokens) rc = rc_tokenize(text, len, stage, &out->tokens);
    if (!rc) rc = rc_sentences(text, len, stage, &out->sentences);
    if (!rc) rc = rc_gazetteer_find(g, text, len, stage, &out->mentions);
    size_t n = out->mentions.count;
    if (!rc) rc = reserve_links(out, n);
    if (rc) {
        clear(out);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t e = out->mentions.entry[i];
        /* the gazetteer only reports its own entries, and ents has one number per entry */
        out->mention_entity[i] = ents->of_entry[e];
    }
    link_spans(&out->sentences, &out->mentions, out->mention_sentence);
    if (tokens) link_spans(&out->tokens, &out->mentions, out->mention_token);
    else for (size_t i = 0; i < n; i++) out->mention_token[i] = -1;
    out->length = (int64_t)len;
    if (convert) {
        size_t *cont, n_cont;
        if ((rc = continuation_bytes((const unsigned char *)text, len, &cont, &n_cont))) {
            clear(out);
            return rc;
        }
        to_codepoints(cont, n_cont, out->tokens.start, out->tokens.end, out->tokens.count);
        to_codepoints(cont, n_cont, out->sentences.start, out->sentences.end, out->sentences.count);
        to_codepoints(cont, n_cont, out->mentions.start, out->mentions.end, n);
        out->length = (int64_t)(len - n_cont);
        rc_free(cont);
    } else if (options & RC_OFFSETS_CODEPOINTS) { /* invalid UTF-8: counted as the stages count */
        out->length = (int64_t)rc_utf8_count_chars_lenient((const unsigned char *)text, len);
    }
    return RC_OK;
}

int rc_analysis_tokens(rc_analysis *a, const char *text, size_t len, unsigned options)
{
    if (!a || (!text && len)) return RC_EINVAL;
    if (options & ~RC_OFFSETS_CODEPOINTS) return RC_EINVAL;
    int rc = rc_tokenize(text, len, options, &a->tokens);
    if (rc) return rc; /* rc_tokenize left no tokens; the links keep -1 */
    link_spans(&a->tokens, &a->mentions, a->mention_token);
    return RC_OK;
}
