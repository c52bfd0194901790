/* pair_counts.c — rc_pair_counts: a table of unordered entity pairs with window and document
 * counts, indexed by an open-addressing hash so that adding a pair costs O(1).
 *
 * Rows live in four parallel arrays (what callers read); the index holds row + 1 per slot and is
 * kept at most half full, so probes stay short. Merging and sorting work on whole tables, which is
 * how per-thread partial results become one exact total. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "relcore.h"
#include "relations/pair_counts.h"

/* Row numbers are stored as row + 1 in a uint32 slot (0 = empty). */
#define MAX_ROWS ((size_t)UINT32_MAX - 1)

static inline size_t pair_hash(uint32_t a, uint32_t b)
{
    /* A 64-bit finalizer (murmur3's fmix64): entity numbers are small and dense, so their bits
     * must be spread before masking. */
    uint64_t k = ((uint64_t)a << 32) | b;
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return (size_t)k;
}

/* The slot holding pair (a, b), or the empty slot where it would go. Needs slots_ > len. */
static size_t find_slot(const rc_pair_counts *pc, uint32_t a, uint32_t b)
{
    size_t mask = pc->slots_ - 1, i = pair_hash(a, b) & mask;
    for (;;) {
        uint32_t r = pc->index_[i];
        if (!r || (pc->a[r - 1] == a && pc->b[r - 1] == b)) return i;
        i = (i + 1) & mask;
    }
}

static void reindex(rc_pair_counts *pc)
{
    memset(pc->index_, 0, pc->slots_ * sizeof *pc->index_);
    for (size_t r = 0; r < pc->len; r++) pc->index_[find_slot(pc, pc->a[r], pc->b[r])] = (uint32_t)(r + 1);
}

/* Makes room for one more row: rows at least double, the index stays at most half full. On
 * failure the table is unchanged (arrays that did grow keep their old contents and cap_ is not
 * raised, so the next attempt simply grows them again). */
static int reserve_row(rc_pair_counts *pc)
{
    if (pc->len >= MAX_ROWS) return RC_ETOOBIG;
    size_t need = pc->len + 1;
    void **const arrays[] = {(void **)&pc->a, (void **)&pc->b, (void **)&pc->count, (void **)&pc->docs};
    const size_t sizes[] = {sizeof *pc->a, sizeof *pc->b, sizeof *pc->count, sizeof *pc->docs};
    int rc = rc_grow_parallel(&pc->cap_, need, 64, 4, arrays, sizes);
    if (rc) return rc;
    if (need * 2 > pc->slots_) {
        size_t ns = pc->slots_ ? pc->slots_ * 2 : 128;
        while (ns < need * 2) ns *= 2;
        uint32_t *idx = rc_malloc(ns * sizeof *idx);
        if (!idx) return RC_ENOMEM;
        rc_free(pc->index_);
        pc->index_ = idx;
        pc->slots_ = ns;
        reindex(pc);
    }
    return RC_OK;
}

void rc_pair_counts_clear(rc_pair_counts *pc)
{
    if (!pc) return;
    if (pc->len && pc->slots_) memset(pc->index_, 0, pc->slots_ * sizeof *pc->index_);
    pc->len = 0;
}

void rc_pair_counts_free(rc_pair_counts *pc)
{
    if (!pc) return;
    rc_free(pc->a);
    rc_free(pc->b);
    rc_free(pc->count);
    rc_free(pc->docs);
    rc_free(pc->index_);
    rc_pair_counts empty = RC_PAIR_COUNTS_INIT;
    *pc = empty;
}

int rc_pair_counts_add_row(rc_pair_counts *pc, uint32_t x, uint32_t y, uint64_t count,
                           uint64_t docs, size_t *row)
{
    if (!pc || x == y) return RC_EINVAL;
    uint32_t a = x < y ? x : y, b = x < y ? y : x;
    if (pc->slots_) {
        uint32_t r = pc->index_[find_slot(pc, a, b)];
        if (r) {
            pc->count[r - 1] += count;
            pc->docs[r - 1] += docs;
            if (row) *row = r - 1;
            return RC_OK;
        }
    }
    int rc = reserve_row(pc);
    if (rc) return rc;
    size_t slot = find_slot(pc, a, b); /* again: reserve_row may have rebuilt the index */
    size_t r = pc->len++;
    pc->a[r] = a;
    pc->b[r] = b;
    pc->count[r] = count;
    pc->docs[r] = docs;
    pc->index_[slot] = (uint32_t)(r + 1);
    if (row) *row = r;
    return RC_OK;
}

int rc_pair_counts_add(rc_pair_counts *pc, uint32_t x, uint32_t y, uint64_t count, uint64_t docs)
{
    return rc_pair_counts_add_row(pc, x, y, count, docs, NULL);
}

int rc_pair_counts_merge(rc_pair_counts *dst, const rc_pair_counts *src)
{
    if (!dst || !src || dst == src) return RC_EINVAL;
    for (size_t r = 0; r < src->len; r++) {
        int rc = rc_pair_counts_add(dst, src->a[r], src->b[r], src->count[r], src->docs[r]);
        if (rc) return rc;
    }
    return RC_OK;
}

typedef struct {
    uint64_t count, docs;
    uint32_t a, b;
} row;

static int row_order(const void *x, const void *y)
{
    const row *p = x, *q = y;
    if (p->count != q->count) return p->count > q->count ? -1 : 1;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* Tables of many rows (the totals of a corpus) are sorted by one 64-bit key per row — the count's
 * distance below the largest count, then a, then b — with a byte-wise radix sort: linear in the
 * rows, where qsort's comparisons were most of the time spent after the threads had counted. The
 * key must fit: otherwise, and for few rows, qsort with row_order gives the same order. */
#define RADIX_MIN_ROWS 256

typedef struct {
    uint64_t key;
    uint64_t row;
} keyed;

static unsigned bit_width(uint64_t v)
{
    unsigned n = 0;
    for (; v; v >>= 1) n++;
    return n;
}

/* The bits an entity number takes in the key, with *top the largest count; -1 when the key
 * (count below top, a, b) would not fit 64 bits. */
static int key_layout(const rc_pair_counts *pc, uint64_t *top)
{
    uint32_t most = 0;
    *top = 0;
    for (size_t r = 0; r < pc->len; r++) {
        if (pc->count[r] > *top) *top = pc->count[r];
        if (pc->b[r] > most) most = pc->b[r]; /* a < b */
    }
    unsigned eb = bit_width(most);
    return eb >= 32 || bit_width(*top) + 2 * eb > 64 ? -1 : (int)eb;
}

/* Sorts k[0..n) by key (distinct keys) using tmp[0..n); returns where the result is. */
static keyed *radix_sort(keyed *k, keyed *tmp, size_t n)
{
    uint64_t any = 0;
    for (size_t i = 0; i < n; i++) any |= k[i].key;
    for (unsigned shift = 0; shift < 64 && (any >> shift); shift += 8) {
        size_t at[256] = {0};
        for (size_t i = 0; i < n; i++) at[(k[i].key >> shift) & 0xFF]++;
        if (at[(k[0].key >> shift) & 0xFF] == n) continue; /* one byte value: nothing to reorder */
        size_t sum = 0;
        for (int d = 0; d < 256; d++) {
            size_t c = at[d];
            at[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) tmp[at[(k[i].key >> shift) & 0xFF]++] = k[i];
        keyed *swap = k;
        k = tmp;
        tmp = swap;
    }
    return k;
}

/* Puts the rows in the order of k (row numbers); tmp holds pc->len words. */
static void permute(rc_pair_counts *pc, const keyed *k, uint64_t *tmp)
{
    size_t n = pc->len;
    for (size_t i = 0; i < n; i++) tmp[i] = pc->count[k[i].row];
    memcpy(pc->count, tmp, n * sizeof *tmp);
    for (size_t i = 0; i < n; i++) tmp[i] = pc->docs[k[i].row];
    memcpy(pc->docs, tmp, n * sizeof *tmp);
    uint32_t *t32 = (uint32_t *)tmp;
    for (size_t i = 0; i < n; i++) t32[i] = pc->a[k[i].row];
    memcpy(pc->a, t32, n * sizeof *t32);
    for (size_t i = 0; i < n; i++) t32[i] = pc->b[k[i].row];
    memcpy(pc->b, t32, n * sizeof *t32);
}

/* The rows sorted by their keys (eb and top from key_layout). */
static int sort_by_key(rc_pair_counts *pc, unsigned eb, uint64_t top)
{
    keyed *k = rc_malloc(2 * pc->len * sizeof *k);
    uint64_t *tmp = k ? rc_malloc(pc->len * sizeof *tmp) : NULL;
    if (!tmp) {
        rc_free(k);
        return RC_ENOMEM;
    }
    for (size_t r = 0; r < pc->len; r++)
        k[r] = (keyed){((top - pc->count[r]) << (2 * eb)) | ((uint64_t)pc->a[r] << eb) | pc->b[r], r};
    permute(pc, radix_sort(k, k + pc->len, pc->len), tmp);
    rc_free(tmp);
    rc_free(k);
    return RC_OK;
}

/* The rows sorted by row_order's comparisons. */
static int sort_by_comparing(rc_pair_counts *pc)
{
    row *t = rc_malloc(pc->len * sizeof *t);
    if (!t) return RC_ENOMEM;
    for (size_t r = 0; r < pc->len; r++) t[r] = (row){pc->count[r], pc->docs[r], pc->a[r], pc->b[r]};
    qsort(t, pc->len, sizeof *t, row_order); /* rows are distinct pairs: the order is total */
    for (size_t r = 0; r < pc->len; r++) {
        pc->a[r] = t[r].a;
        pc->b[r] = t[r].b;
        pc->count[r] = t[r].count;
        pc->docs[r] = t[r].docs;
    }
    rc_free(t);
    return RC_OK;
}

int rc_pair_counts_sort(rc_pair_counts *pc)
{
    if (!pc) return RC_EINVAL;
    if (pc->len < 2) return RC_OK;
    uint64_t top = 0;
    int eb = pc->len >= RADIX_MIN_ROWS ? key_layout(pc, &top) : -1;
    int rc = eb >= 0 ? sort_by_key(pc, (unsigned)eb, top) : sort_by_comparing(pc);
    if (!rc) reindex(pc);
    return rc;
}

static int u32_order(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* Windows are mostly a handful of mentions, where insertion sort beats qsort's call overhead. */
size_t rc_window_distinct(uint32_t *v, size_t n)
{
    if (n > 24) {
        qsort(v, n, sizeof *v, u32_order);
    } else {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = v[i];
            size_t j = i;
            for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
            v[j] = x;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || v[k - 1] != v[i]) v[k++] = v[i];
    return k;
}
