/* relations.c — co-mentions of one text (rc_cooccur) and the entity numbering they use
 * (rc_entities). The semantics mirror relcore.relations in Python, rule for rule, so that the
 * C corpus path and the per-Doc path give identical tables; the comments name the Python rule
 * each step reproduces. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "relations/pair_counts.h"
#include "relcore.h"

/* ---- entity numbering --------------------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t len;
    uint32_t entry;
} id_ref;

/* Byte order of UTF-8 strings is code point order, what Python's str comparison uses. */
static int bytes_order(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c) return c;
    return (an > bn) - (an < bn);
}

static int id_ref_order(const void *x, const void *y)
{
    const id_ref *p = x, *q = y;
    int c = bytes_order(p->s, p->len, q->s, q->len);
    if (c) return c;
    return (p->entry > q->entry) - (p->entry < q->entry);
}

void rc_entities_free(rc_entities *e)
{
    if (!e) return;
    rc_free((void *)e->id);
    rc_free(e->id_len);
    rc_free(e->of_entry);
    rc_entities empty = RC_ENTITIES_INIT;
    *e = empty;
}

/* Entries with the same id share one string of the gazetteer (ids are interned), so the ids are
 * told apart by their pointers first, through a hash table — linear in the entries — and only
 * the distinct ones (a few hundred) are sorted by their bytes. A sort of every entry by its id's
 * bytes cost 17 M instructions for the default gazetteer, paid by every PairCounter before any
 * thread starts. Equal bytes behind two pointers (an image that did not intern) still make one
 * entity. */
int rc_entities_init(const rc_gazetteer *g, rc_entities *out)
{
    if (!g || !out) return RC_EINVAL;
    rc_entities_free(out);
    size_t n = rc_gazetteer_count(g);
    size_t m = n ? n : 1, slots = 16;
    while (slots < 2 * m) slots *= 2;
    uint32_t *slot = rc_malloc(slots * sizeof *slot); /* distinct index + 1, 0 = empty; then ranks */
    id_ref *distinct = rc_malloc(m * sizeof *distinct);  /* entry: the distinct index */
    uint32_t *which = rc_malloc(m * sizeof *which);       /* entry -> distinct index */
    const char **id = rc_malloc(m * sizeof *id);
    size_t *id_len = rc_malloc(m * sizeof *id_len);
    uint32_t *of_entry = rc_malloc(m * sizeof *of_entry);
    if (!slot || !distinct || !which || !id || !id_len || !of_entry) {
        rc_free(slot);
        rc_free(distinct);
        rc_free(which);
        rc_free((void *)id);
        rc_free(id_len);
        rc_free(of_entry);
        return RC_ENOMEM;
    }
    memset(slot, 0, slots * sizeof *slot);
    unsigned bits = 0;
    while (((size_t)1 << bits) < slots) bits++;
    size_t d = 0;
    for (size_t i = 0; i < n; i++) {
        rc_gazetteer_entry e;
        rc_gazetteer_entry_get(g, i, &e); /* i < count: cannot fail */
        size_t h = (size_t)(((uint64_t)(uintptr_t)e.id * 0x9E3779B97F4A7C15ull) >> (64 - bits));
        while (slot[h] && distinct[slot[h] - 1].s != e.id) h = (h + 1) & (slots - 1);
        if (!slot[h]) {
            distinct[d] = (id_ref){e.id, e.id_len, (uint32_t)d};
            slot[h] = (uint32_t)++d;
        }
        which[i] = slot[h] - 1;
    }
    qsort(distinct, d, sizeof *distinct, id_ref_order);
    size_t k = 0;
    for (size_t j = 0; j < d; j++) { /* slot[distinct index] = its entity number */
        if (j == 0 || bytes_order(distinct[j].s, distinct[j].len, id[k - 1], id_len[k - 1]) != 0) {
            id[k] = distinct[j].s;
            id_len[k] = distinct[j].len;
            k++;
        }
        slot[distinct[j].entry] = (uint32_t)(k - 1);
    }
    for (size_t i = 0; i < n; i++) of_entry[i] = slot[which[i]];
    rc_free(slot);
    rc_free(distinct);
    rc_free(which);
    out->count = k;
    out->id = id;
    out->id_len = id_len;
    out->of_entry = of_entry;
    out->n_entries = n;
    return RC_OK;
}

/* ---- scratch ------------------------------------------------------------------------------- */

void rc_cooccur_scratch_free(rc_cooccur_scratch *s)
{
    if (!s) return;
    rc_spans_free(&s->spans);
    rc_matches_free(&s->matches);
    rc_free(s->ent);
    rc_free(s->pos);
    rc_free(s->set);
    rc_cooccur_scratch empty = RC_COOCCUR_SCRATCH_INIT;
    *s = empty;
}

/* Room for n mentions in ent, pos and set. cap_ rises only when all three have grown. */
static int scratch_reserve(rc_cooccur_scratch *s, size_t n)
{
    void **const arrays[] = {(void **)&s->ent, (void **)&s->pos, (void **)&s->set};
    const size_t sizes[] = {sizeof *s->ent, sizeof *s->pos, sizeof *s->set};
    return rc_grow_parallel(&s->cap_, n, 64, 3, arrays, sizes);
}

/* ---- windows -------------------------------------------------------------------------------- */

/* Python: for a, b in combinations(sorted(set(ids)), 2): counts[(a, b)] += 1 — one window. */
static int add_window(rc_pair_counts *out, uint32_t *set, size_t n)
{
    n = rc_window_distinct(set, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            int rc = rc_pair_counts_add(out, set[i], set[j], 1, 0);
            if (rc) return rc;
        }
    return RC_OK;
}

/* pos[i] = index of the span in which mention i starts: the last span starting at or before it,
 * 0 when none does (Python: max(bisect_right(starts, m.start) - 1, 0)). Mentions come sorted by
 * start, so one forward walk replaces the binary searches. */
static void span_of_mentions(const rc_spans *sp, const rc_matches *m, int64_t *pos)
{
    size_t k = 0;
    for (size_t i = 0; i < m->count; i++) {
        while (k + 1 < sp->count && sp->start[k + 1] <= m->start[i]) k++;
        pos[i] = (int64_t)k;
    }
}

static int sentence_window(const char *text, size_t len, rc_cooccur_scratch *s, rc_pair_counts *out)
{
    int rc = rc_sentences(text, len, 0, &s->spans);
    if (rc) return rc;
    span_of_mentions(&s->spans, &s->matches, s->pos);
    size_t n = s->matches.count;
    /* Mentions of one sentence are consecutive (positions never decrease). */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s->pos[j] == s->pos[i]) {
            s->set[j - i] = s->ent[j];
            j++;
        }
        if (j - i > 1 && (rc = add_window(out, s->set, j - i))) return rc;
        i = j;
    }
    return RC_OK;
}

static int token_window(const char *text, size_t len, size_t distance, rc_cooccur_scratch *s,
                        rc_pair_counts *out)
{
    int rc = rc_tokenize(text, len, 0, &s->spans);
    if (rc) return rc;
    span_of_mentions(&s->spans, &s->matches, s->pos);
    size_t n = s->matches.count;
    /* Python: each mention against those after it while tok[j] - tok[i] <= n; same ids skipped;
     * every such mention pair counts. Token positions never decrease, so the inner loop stops. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && (uint64_t)(s->pos[j] - s->pos[i]) <= distance; j++) {
            if (s->ent[j] == s->ent[i]) continue;
            if ((rc = rc_pair_counts_add(out, s->ent[i], s->ent[j], 1, 0))) return rc;
        }
    return RC_OK;
}

int rc_cooccur(const rc_gazetteer *g, const rc_entities *ents, const char *text, size_t len,
               rc_window window, rc_cooccur_scratch *s, rc_pair_counts *out)
{
    if (!g || !ents || !s || !out || (!text && len)) return RC_EINVAL;
    if (window.kind != RC_WINDOW_SENTENCE && window.kind != RC_WINDOW_DOCUMENT &&
        window.kind != RC_WINDOW_TOKENS)
        return RC_EINVAL;
    if (window.kind == RC_WINDOW_TOKENS && window.tokens == 0) return RC_EINVAL;
    if (ents->n_entries != rc_gazetteer_count(g)) return RC_EINVAL;
    rc_pair_counts_clear(out);
    if (!len) return RC_OK;

    int rc = rc_gazetteer_find(g, text, len, 0, &s->matches);
    size_t n = s->matches.count;
    if (rc || n < 2) return rc; /* one mention makes no pair: skip the sentences or tokens */
    if ((rc = scratch_reserve(s, n))) goto fail;
    for (size_t i = 0; i < n; i++) {
        uint32_t e = s->matches.entry[i];
        if (e >= ents->n_entries) {
            rc = RC_EINVAL;
            goto fail;
        }
        s->ent[i] = ents->of_entry[e];
    }
    /* One entity mentioned many times makes no pair either: skip the sentences or tokens. */
    size_t k = 1;
    while (k < n && s->ent[k] == s->ent[0]) k++;
    if (k == n) goto done;
    switch (window.kind) {
    case RC_WINDOW_DOCUMENT:
        memcpy(s->set, s->ent, n * sizeof *s->set);
        rc = add_window(out, s->set, n);
        break;
    case RC_WINDOW_SENTENCE:
        rc = sentence_window(text, len, s, out);
        break;
    case RC_WINDOW_TOKENS:
        rc = token_window(text, len, window.tokens, s, out);
        break;
    }
    if (rc) goto fail;
    for (size_t r = 0; r < out->len; r++) out->docs[r] = 1; /* one document, however many windows */
done:
    return RC_OK;
fail:
    rc_pair_counts_clear(out);
    return rc;
}
