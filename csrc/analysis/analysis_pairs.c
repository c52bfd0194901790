/* analysis_pairs.c — rc_analysis_pairs_get: the co-mentioned pairs of an analyzed document, with
 * the evidence spans relcore's Doc.pairs() reports, counted from the document's columns.
 *
 * The rules are rc_cooccur's (and relcore.relations'), rule for rule; what is added is the
 * evidence. Each time a pair is counted, one evidence span is recorded with the row of the pair;
 * at the end the rows are sorted into table order and the spans are placed by a stable counting
 * sort, so every row's spans are contiguous and stay in the order they were found (text order). */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "relations/pair_counts.h"
#include "relcore.h"

void rc_analysis_pairs_free(rc_analysis_pairs *p)
{
    if (!p) return;
    rc_free(p->a);
    rc_free(p->b);
    rc_free(p->count);
    rc_free(p->first);
    rc_free(p->ev_start);
    rc_free(p->ev_end);
    rc_free(p->ev_window);
    rc_free(p->ev_row_);
    rc_free(p->set_);
    rc_pair_counts_free(&p->table_);
    rc_analysis_pairs empty = RC_ANALYSIS_PAIRS_INIT;
    *p = empty;
}

/* Room for n evidence spans (start, end, window and row). */
static int reserve_evidence(rc_analysis_pairs *p, size_t n)
{
    if (n <= p->ev_cap_) return RC_OK;
    void **const arrays[] = {(void **)&p->ev_start, (void **)&p->ev_end, (void **)&p->ev_window, (void **)&p->ev_row_};
    const size_t sizes[] = {sizeof *p->ev_start, sizeof *p->ev_end, sizeof *p->ev_window, sizeof *p->ev_row_};
    return rc_grow_parallel(&p->ev_cap_, n, 64, 4, arrays, sizes);
}

/* Room for n output rows (a, b, count, first). */
static int reserve_rows(rc_analysis_pairs *p, size_t n)
{
    if (n <= p->row_cap_) return RC_OK;
    void **const arrays[] = {(void **)&p->a, (void **)&p->b, (void **)&p->count, (void **)&p->first};
    const size_t sizes[] = {sizeof *p->a, sizeof *p->b, sizeof *p->count, sizeof *p->first};
    return rc_grow_parallel(&p->row_cap_, n, 16, 4, arrays, sizes);
}

/* Counts the pair {x, y} once with evidence [s, e) of window `win`. The span is stored at index
 * n_evidence (the row found by the table); spans are placed per row only at the end. */
static int count_pair(rc_analysis_pairs *p, uint32_t x, uint32_t y, int64_t s, int64_t e, size_t win)
{
    int rc = reserve_evidence(p, p->n_evidence + 1);
    if (rc) return rc;
    size_t row;
    if ((rc = rc_pair_counts_add_row(&p->table_, x, y, 1, 0, &row))) return rc;
    p->ev_start[p->n_evidence] = s;
    p->ev_end[p->n_evidence] = e;
    p->ev_window[p->n_evidence] = win;
    p->ev_row_[p->n_evidence] = (uint32_t)row; /* the table has at most 2^32 - 2 rows */
    p->n_evidence++;
    return RC_OK;
}

/* One window: every pair of different entities of set[0..n) once, with the window's span. */
static int count_window(rc_analysis_pairs *p, uint32_t *set, size_t n, int64_t s, int64_t e, size_t win)
{
    n = rc_window_distinct(set, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            int rc = count_pair(p, set[i], set[j], s, e, win);
            if (rc) return rc;
        }
    return RC_OK;
}

static int sentence_pairs(const rc_analysis *d, rc_analysis_pairs *p)
{
    size_t n = d->mentions.count;
    /* Mentions of one sentence are consecutive (their sentence indices never decrease). */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && d->mention_sentence[j] == d->mention_sentence[i]) {
            p->set_[j - i] = d->mention_entity[j];
            j++;
        }
        if (j - i > 1) {
            int64_t k = d->mention_sentence[i], s = 0, e = d->length;
            if (d->sentences.count) { /* relcore.relations: (0, len) when there are no sentences */
                s = d->sentences.start[k];
                e = d->sentences.end[k];
            }
            int rc = count_window(p, p->set_, j - i, s, e, d->sentences.count ? (size_t)k : 0);
            if (rc) return rc;
        }
        i = j;
    }
    return RC_OK;
}

static int token_pairs(const rc_analysis *d, size_t distance, rc_analysis_pairs *p)
{
    size_t n = d->mentions.count;
    const int64_t *tok = d->mention_token, *ms = d->mentions.start, *me = d->mentions.end;
    const uint32_t *ent = d->mention_entity;
    /* other[j]: the first mention after j of another entity. A run of one entity's mentions close
     * together ("U.S." repeated) is then stepped over at once instead of mention by mention,
     * which made the scan quadratic in the run. */
    size_t *other = rc_malloc(n * sizeof *other);
    if (!other) return RC_ENOMEM;
    other[n - 1] = n;
    for (size_t j = n - 1; j-- > 0;) other[j] = ent[j + 1] != ent[j] ? j + 1 : other[j + 1];
    /* Each mention against those after it while their tokens are at most `distance` apart; the
     * same entity is skipped; every mention pair counts, with the span from the first mention's
     * start to the later of the two ends. Mentions are in (start, end) order already. */
    int rc = RC_OK;
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t j = i + 1; j < n && (uint64_t)(tok[j] - tok[i]) <= distance;) {
            if (ent[j] == ent[i]) {
                j = other[j];
                continue;
            }
            rc = count_pair(p, ent[i], ent[j], ms[i], me[j] > me[i] ? me[j] : me[i], p->n_evidence);
            if (rc) break;
            j++;
        }
    rc_free(other);
    return rc;
}

/* Row order of relcore's tables: count descending, then a, then b. */
typedef struct {
    uint64_t count;
    uint32_t a, b, row;
} order_key;

static int key_order(const void *x, const void *y)
{
    const order_key *p = x, *q = y;
    if (p->count != q->count) return p->count > q->count ? -1 : 1;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* Sorts the table's rows into the output and groups the evidence by row. */
static int finish(rc_analysis_pairs *p)
{
    const rc_pair_counts *t = &p->table_;
    size_t rows = t->len;
    if (!rows) return RC_OK; /* windows of one entity only: nothing to sort, no evidence */
    int rc = reserve_rows(p, rows);
    if (rc) return rc;
    order_key *k = rc_malloc((rows ? rows : 1) * sizeof *k);
    uint32_t *rank = rc_malloc((rows ? rows : 1) * sizeof *rank);
    size_t *fill = rc_malloc((rows ? rows : 1) * sizeof *fill);
    int64_t *s = rc_malloc((p->n_evidence ? p->n_evidence : 1) * sizeof *s);
    int64_t *e = rc_malloc((p->n_evidence ? p->n_evidence : 1) * sizeof *e);
    size_t *w = rc_malloc((p->n_evidence ? p->n_evidence : 1) * sizeof *w);
    if (!k || !rank || !fill || !s || !e || !w) {
        rc = RC_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < rows; r++) k[r] = (order_key){t->count[r], t->a[r], t->b[r], (uint32_t)r};
    qsort(k, rows, sizeof *k, key_order); /* distinct pairs: the order is total */
    size_t at = 0;
    for (size_t r = 0; r < rows; r++) {
        p->a[r] = k[r].a;
        p->b[r] = k[r].b;
        p->count[r] = k[r].count;
        p->first[r] = at;
        fill[r] = at;
        rank[k[r].row] = (uint32_t)r;
        at += (size_t)k[r].count; /* one evidence span per count */
    }
    for (size_t i = 0; i < p->n_evidence; i++) {
        size_t to = fill[rank[p->ev_row_[i]]]++;
        s[to] = p->ev_start[i];
        e[to] = p->ev_end[i];
        w[to] = p->ev_window[i];
    }
    memcpy(p->ev_start, s, p->n_evidence * sizeof *s);
    memcpy(p->ev_end, e, p->n_evidence * sizeof *e);
    memcpy(p->ev_window, w, p->n_evidence * sizeof *w);
    p->len = rows;
done:
    rc_free(k);
    rc_free(rank);
    rc_free(fill);
    rc_free(s);
    rc_free(e);
    rc_free(w);
    return rc;
}

int rc_analysis_pairs_get(const rc_analysis *d, rc_window window, rc_analysis_pairs *out)
{
    if (!d || !out) return RC_EINVAL;
    if (window.kind != RC_WINDOW_SENTENCE && window.kind != RC_WINDOW_DOCUMENT &&
        window.kind != RC_WINDOW_TOKENS)
        return RC_EINVAL;
    if (window.kind == RC_WINDOW_TOKENS && window.tokens == 0) return RC_EINVAL;
    out->len = 0;
    out->n_evidence = 0;
    out->n_windows = window.kind == RC_WINDOW_SENTENCE && d->sentences.count ? d->sentences.count : 1;
    rc_pair_counts_clear(&out->table_);
    size_t n = d->mentions.count;
    if (n < 2) return RC_OK;
    /* a token window counts tokens: an analysis without them (RC_ANALYZE_NO_TOKENS) cannot */
    if (window.kind == RC_WINDOW_TOKENS && d->mention_token[0] < 0) return RC_EINVAL;
    int rc = RC_OK;
    if (window.kind != RC_WINDOW_TOKENS && n > out->set_cap_) {
        uint32_t *set = rc_realloc(out->set_, n * sizeof *set);
        if (!set) return RC_ENOMEM;
        out->set_ = set;
        out->set_cap_ = n;
    }
    switch (window.kind) {
    case RC_WINDOW_DOCUMENT:
        memcpy(out->set_, d->mention_entity, n * sizeof *out->set_);
        rc = count_window(out, out->set_, n, 0, d->length, 0);
        break;
    case RC_WINDOW_SENTENCE:
        rc = sentence_pairs(d, out);
        break;
    case RC_WINDOW_TOKENS:
        rc = token_pairs(d, window.tokens, out);
        break;
    }
    if (!rc && window.kind == RC_WINDOW_TOKENS) out->n_windows = out->n_evidence;
    if (!rc) rc = finish(out);
    if (rc) {
        out->len = 0;
        out->n_evidence = 0;
        rc_pair_counts_clear(&out->table_);
    }
    return rc;
}
