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

/* Room for n mentions in the three link arrays. cap_ rises only once all three have grown, so a
 * failure leaves a document that is still consistent (and still safe to free). */
static int reserve_links(rc_analysis *d, size_t n)
{
    if (n <= d->cap_) return RC_OK;
    size_t ncap = d->cap_ ? d->cap_ : 16;
    while (ncap < n) {
        if (ncap > SIZE_MAX / 2 / sizeof(int64_t)) return RC_ETOOBIG;
        ncap *= 2;
    }
    uint32_t *ent = rc_realloc(d->mention_entity, ncap * sizeof *ent);
    if (!ent) return RC_ENOMEM;
    d->mention_entity = ent;
    int64_t *sen = rc_realloc(d->mention_sentence, ncap * sizeof *sen);
    if (!sen) return RC_ENOMEM;
    d->mention_sentence = sen;
    int64_t *tok = rc_realloc(d->mention_token, ncap * sizeof *tok);
    if (!tok) return RC_ENOMEM;
    d->mention_token = tok;
    d->cap_ = ncap;
    return RC_OK;
}

/* pos[i] = index of the span in which mention i starts: the last span starting at or before it,
 * 0 when none does (relcore.relations.sentence_of / token_of). Mentions are sorted by start, so
 * one forward walk replaces a binary search per mention. */
static void link_spans(const rc_spans *sp, const rc_matches *m, int64_t *pos)
{
    size_t k = 0;
    for (size_t i = 0; i < m->count; i++) {
        while (k + 1 < sp->count && sp->start[k + 1] <= m->start[i]) k++;
        pos[i] = (int64_t)k;
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
    if (options & ~RC_OFFSETS_CODEPOINTS) return RC_EINVAL;
    if (ents->n_entries != rc_gazetteer_count(g)) return RC_EINVAL;
    int rc = rc_tokenize(text, len, options, &out->tokens);
    if (!rc) rc = rc_sentences(text, len, options, &out->sentences);
    if (!rc) rc = rc_gazetteer_find(g, text, len, options, &out->mentions);
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
    link_spans(&out->tokens, &out->mentions, out->mention_token);
    out->length = (options & RC_OFFSETS_CODEPOINTS)
                      ? (int64_t)rc_utf8_count_chars((const unsigned char *)text, len)
                      : (int64_t)len;
    return RC_OK;
}
