/* fuzz_relations.c — rc_cooccur, rc_entities and the pair tables, against a reference computed
 * here from rc_gazetteer_find, rc_sentences and rc_tokenize by the rules in relcore.h.
 *
 * Input: byte 0: window kind (bits 0..1, mod 3), token distance (bits 2..4, + 1), allocation
 * failure (bit 7, count in byte 0 bits 5..6 times 8); then alias lines "<id byte><alias>" (the id
 * is the letter 'A' + id byte mod 8, so aliases share ids) up to the first NUL; then the text.
 *
 * Invariants: rows are a < b < entity count, count >= 1, docs == 1, no pair twice, and the pairs
 * and counts are exactly the reference's; reusing the scratch gives the same table; merging a
 * table into an empty one gives it back, merging twice doubles it; sorting orders by count
 * descending, then a, then b. Under allocation failure: RC_OK or RC_ENOMEM and no leak. */
#include "fuzz_common.h"

#define MAXE 8

typedef struct {
    uint64_t count[MAXE][MAXE]; /* [a][b], a < b */
} ref_table;

static void ref_add(ref_table *r, uint32_t x, uint32_t y)
{
    if (x == y) return;
    if (x > y) { uint32_t t = x; x = y; y = t; }
    r->count[x][y]++;
}

/* Marks the distinct entities of one window [lo, hi) of mentions and counts each pair once. */
static void ref_window(ref_table *r, const uint32_t *ent, size_t lo, size_t hi)
{
    int seen[MAXE] = {0};
    for (size_t i = lo; i < hi; i++) seen[ent[i]] = 1;
    for (uint32_t a = 0; a < MAXE; a++)
        for (uint32_t b = a + 1; b < MAXE; b++)
            if (seen[a] && seen[b]) r->count[a][b]++;
}

static void check_table(const char *what, const rc_pair_counts *pc, const ref_table *r, size_t n_ents)
{
    size_t rows = 0;
    for (uint32_t a = 0; a < MAXE; a++)
        for (uint32_t b = a + 1; b < MAXE; b++) rows += r->count[a][b] != 0;
    FUZZ_CHECK(pc->len == rows, "%s: %zu rows, reference %zu", what, pc->len, rows);
    for (size_t i = 0; i < pc->len; i++) {
        FUZZ_CHECK(pc->a[i] < pc->b[i] && pc->b[i] < n_ents, "%s row %zu: pair (%u, %u)", what, i, pc->a[i], pc->b[i]);
        FUZZ_CHECK(pc->docs[i] == 1, "%s row %zu: docs %llu", what, i, (unsigned long long)pc->docs[i]);
        FUZZ_CHECK(pc->count[i] == r->count[pc->a[i]][pc->b[i]], "%s row %zu (%u, %u): count %llu, reference %llu",
                   what, i, pc->a[i], pc->b[i], (unsigned long long)pc->count[i],
                   (unsigned long long)r->count[pc->a[i]][pc->b[i]]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const uint8_t ctl = data[0];
    const uint8_t *aliases = data + 1;
    const uint8_t *nul = memchr(aliases, 0, size - 1);
    size_t alias_bytes = nul ? (size_t)(nul - aliases) : size - 1;
    const char *text = nul ? (const char *)nul + 1 : "";
    size_t n = nul ? size - 1 - alias_bytes - 1 : 0;
    rc_window window = {(rc_window_kind)((ctl & 3) % 3), (size_t)((ctl >> 2) & 7) + 1};

    rc_gazetteer *g = fuzz_alias_gazetteer(aliases, alias_bytes, MAXE);

    rc_entities ents = RC_ENTITIES_INIT;
    rc_cooccur_scratch scratch = RC_COOCCUR_SCRATCH_INIT;
    rc_pair_counts pc = RC_PAIR_COUNTS_INIT, other = RC_PAIR_COUNTS_INIT;
    int faulty = fuzz_fault_begin((uint8_t)((ctl & 0x80) | (((ctl >> 5) & 3) * 8)));
    int rc = rc_entities_init(g, &ents);
    if (!rc) rc = rc_cooccur(g, &ents, text, n, window, &scratch, &pc);
    fuzz_fault_end();
    if (faulty && rc == RC_ENOMEM) {
        FUZZ_CHECK(pc.len == 0, "failed rc_cooccur left %zu rows", pc.len);
        goto done;
    }
    FUZZ_CHECK(rc == RC_OK, "rc_cooccur: rc %d", rc);
    FUZZ_CHECK(ents.count <= MAXE && ents.n_entries == rc_gazetteer_count(g), "entities");
    for (size_t k = 1; k < ents.count; k++)
        FUZZ_CHECK(strcmp(ents.id[k - 1], ents.id[k]) < 0, "entity ids out of order at %zu", k);

    /* The reference. */
    ref_table ref;
    memset(&ref, 0, sizeof ref);
    rc_matches m = RC_MATCHES_INIT;
    rc_spans sp = RC_SPANS_INIT;
    FUZZ_CHECK(rc_gazetteer_find(g, text, n, 0, &m) == RC_OK, "find");
    uint32_t *ent = malloc((m.count ? m.count : 1) * sizeof *ent);
    int64_t *pos = malloc((m.count ? m.count : 1) * sizeof *pos);
    for (size_t i = 0; i < m.count; i++) ent[i] = ents.of_entry[m.entry[i]];
    if (window.kind == RC_WINDOW_DOCUMENT) {
        ref_window(&ref, ent, 0, m.count);
    } else {
        if (window.kind == RC_WINDOW_SENTENCE) FUZZ_CHECK(rc_sentences(text, n, 0, &sp) == RC_OK, "sentences");
        else FUZZ_CHECK(rc_tokenize(text, n, 0, &sp) == RC_OK, "tokenize");
        for (size_t i = 0; i < m.count; i++) { /* the last span starting at or before the mention */
            int64_t k = 0;
            for (size_t s = 0; s < sp.count && sp.start[s] <= m.start[i]; s++) k = (int64_t)s;
            pos[i] = k;
        }
        if (window.kind == RC_WINDOW_SENTENCE) {
            for (size_t i = 0; i < m.count;) {
                size_t j = i;
                while (j < m.count && pos[j] == pos[i]) j++;
                ref_window(&ref, ent, i, j);
                i = j;
            }
        } else {
            for (size_t i = 0; i < m.count; i++)
                for (size_t j = i + 1; j < m.count; j++)
                    if (pos[j] - pos[i] <= (int64_t)window.tokens && pos[i] - pos[j] <= (int64_t)window.tokens)
                        ref_add(&ref, ent[i], ent[j]);
        }
    }
    check_table("rc_cooccur", &pc, &ref, ents.count);
    free(ent);
    free(pos);
    rc_matches_free(&m);
    rc_spans_free(&sp);

    /* Reusing the scratch and the table gives the same. */
    FUZZ_CHECK(rc_cooccur(g, &ents, text, n, window, &scratch, &other) == RC_OK, "again");
    FUZZ_CHECK(rc_cooccur(g, &ents, text, n, window, &scratch, &other) == RC_OK, "again");
    check_table("reused scratch", &other, &ref, ents.count);
    /* Merging: into an empty table gives it back; twice doubles counts and docs. */
    rc_pair_counts_clear(&other);
    FUZZ_CHECK(rc_pair_counts_merge(&other, &pc) == RC_OK, "merge");
    check_table("merged once", &other, &ref, ents.count);
    FUZZ_CHECK(rc_pair_counts_merge(&other, &pc) == RC_OK, "merge");
    FUZZ_CHECK(other.len == pc.len, "merged twice: rows");
    for (size_t i = 0; i < other.len; i++)
        FUZZ_CHECK(other.count[i] == 2 * ref.count[other.a[i]][other.b[i]] && other.docs[i] == 2,
                   "merged twice: row %zu", i);
    FUZZ_CHECK(rc_pair_counts_sort(&other) == RC_OK, "sort");
    for (size_t i = 1; i < other.len; i++)
        FUZZ_CHECK(other.count[i - 1] > other.count[i] ||
                   (other.count[i - 1] == other.count[i] &&
                    (other.a[i - 1] < other.a[i] || (other.a[i - 1] == other.a[i] && other.b[i - 1] < other.b[i]))),
                   "sorted order at %zu", i);
    FUZZ_CHECK(rc_pair_counts_add(&other, 1, 1, 1, 1) == RC_EINVAL, "x == y accepted");
done:
    rc_pair_counts_free(&pc);
    rc_pair_counts_free(&other);
    rc_cooccur_scratch_free(&scratch);
    rc_entities_free(&ents);
    rc_gazetteer_free(g);
    return 0;
}
