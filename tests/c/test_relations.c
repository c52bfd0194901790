/* test_relations.c — co-mentions: entity numbering, the pair table (add, merge, sort, growth),
 * the three windows against hand-worked texts and against a naive reference over random texts,
 * argument errors, invalid UTF-8, and allocation failure at every point. */
#include "testutil.h"
#include "base/alloc.h"

typedef struct {
    const char *alias, *id;
} ent;

/* Ids deliberately not added in sorted order, with several aliases per id. */
static const ent world[] = {
    {"United States", "USA"}, {"U.S.", "USA"}, {"Azerbaijan", "AZE"}, {"Baku", "AZE"},
    {"Russia", "RUS"},        {"Armenia", "ARM"}, {"Yerevan", "ARM"}, {"Türkiye", "TUR"},
    {"Turkey", "TUR"},        {"Georgia", "GEO"}, {"United Nations", "UN"}, {"UN", "UN"},
    {"Ελλάδα", "GRC"},        {"Iran", "IRN"},
};
#define NWORLD (sizeof world / sizeof world[0])

static rc_gazetteer *build(const ent *e, size_t n)
{
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (size_t i = 0; i < n; i++) {
        rc_gazetteer_entry x = {e[i].alias, strlen(e[i].alias), e[i].id, strlen(e[i].id),
                                "country", 7, NULL, 0, RC_CASE_AUTO, 0};
        assert_int_equal(rc_gazetteer_builder_add(b, &x), RC_OK);
    }
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    return g;
}

static const rc_window SENTENCE = {RC_WINDOW_SENTENCE, 0};
static const rc_window DOCUMENT = {RC_WINDOW_DOCUMENT, 0};
static rc_window tokens(size_t n) { return (rc_window){RC_WINDOW_TOKENS, n}; }

/* The table as "A-B:count/docs A-B:count/docs ..." in sorted order. */
static char *describe(const rc_entities *e, rc_pair_counts *pc)
{
    static char buf[8192];
    assert_int_equal(rc_pair_counts_sort(pc), RC_OK);
    size_t w = 0;
    buf[0] = '\0';
    for (size_t r = 0; r < pc->len; r++) {
        assert_true(pc->a[r] < pc->b[r]);
        w += (size_t)snprintf(buf + w, sizeof buf - w, "%s%s-%s:%llu/%llu", r ? " " : "",
                              e->id[pc->a[r]], e->id[pc->b[r]], (unsigned long long)pc->count[r],
                              (unsigned long long)pc->docs[r]);
        assert_true(w < sizeof buf);
    }
    return buf;
}

/* Pairs of one text under a window, described. */
static char *pairs_of(const rc_gazetteer *g, const rc_entities *e, const char *text, rc_window w)
{
    rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
    rc_pair_counts pc = RC_PAIR_COUNTS_INIT;
    int rc = rc_cooccur(g, e, text, strlen(text), w, &s, &pc);
    if (rc) fail_msg("rc_cooccur: %s", rc_strerror(rc));
    char *d = describe(e, &pc);
    rc_pair_counts_free(&pc);
    rc_cooccur_scratch_free(&s);
    return d;
}

static void test_entities(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    assert_int_equal(e.count, 9);
    assert_int_equal(e.n_entries, NWORLD);
    const char *sorted[] = {"ARM", "AZE", "GEO", "GRC", "IRN", "RUS", "TUR", "UN", "USA"};
    for (size_t k = 0; k < e.count; k++) {
        assert_string_equal(e.id[k], sorted[k]);
        assert_int_equal(e.id_len[k], strlen(sorted[k]));
    }
    for (size_t i = 0; i < NWORLD; i++) assert_string_equal(e.id[e.of_entry[i]], world[i].id);
    /* init again releases the old numbering first (valgrind checks there is no leak) */
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    assert_int_equal(e.count, 9);
    rc_entities_free(&e);
    rc_entities_free(&e); /* twice is fine */
    assert_int_equal(rc_entities_init(NULL, &e), RC_EINVAL);
    assert_int_equal(rc_entities_init(g, NULL), RC_EINVAL);

    /* An empty gazetteer has no entities. */
    rc_gazetteer *empty = build(NULL, 0);
    assert_int_equal(rc_entities_init(empty, &e), RC_OK);
    assert_int_equal(e.count, 0);
    rc_entities_free(&e);
    rc_gazetteer_free(empty);
    rc_gazetteer_free(g);
}

/* Many entries over a few ids, added in no order: ids numbered in byte order, each entry's. */
static void test_entities_many(void **state)
{
    (void)state;
    enum { N = 3000, IDS = 37 };
    static ent many[N];
    static char alias[N][16], ids[IDS][8];
    for (unsigned k = 0; k < IDS; k++) snprintf(ids[k], sizeof ids[k], "I%02u", (k * 17) % IDS);
    for (unsigned i = 0; i < N; i++) {
        snprintf(alias[i], sizeof alias[i], "alias%u", i);
        many[i] = (ent){alias[i], ids[(i * 7 + i / 5) % IDS]};
    }
    rc_gazetteer *g = build(many, N);
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    assert_int_equal(e.count, IDS);
    for (size_t k = 0; k < e.count; k++) {
        char want[8];
        snprintf(want, sizeof want, "I%02u", (unsigned)k);
        assert_string_equal(e.id[k], want);
    }
    for (size_t i = 0; i < N; i++) assert_string_equal(e.id[e.of_entry[i]], many[i].id);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

/* The acceptance sentence of the analyst layer, and the rules of each window. */
static void test_windows(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    const char *memo = "The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected to it.";
    assert_string_equal(pairs_of(g, &e, memo, SENTENCE), "AZE-USA:1/1");
    assert_string_equal(pairs_of(g, &e, memo, DOCUMENT), "AZE-RUS:1/1 AZE-USA:1/1 RUS-USA:1/1");

    /* A pair counts once per sentence however often its ids appear in it; aliases are one id. */
    const char *t = "Armenia and Azerbaijan met; Yerevan and Baku agreed. Armenia thanked Azerbaijan. "
                    "Georgia hosted them.";
    assert_string_equal(pairs_of(g, &e, t, SENTENCE), "ARM-AZE:2/1");
    assert_string_equal(pairs_of(g, &e, t, DOCUMENT), "ARM-AZE:1/1 ARM-GEO:1/1 AZE-GEO:1/1");

    /* Token windows count mention pairs at most n tokens apart, same ids skipped.
     * Tokens: Armenia(0) and(1) Azerbaijan(2) and(3) Armenia(4) .(5) Georgia(6) */
    const char *w = "Armenia and Azerbaijan and Armenia. Georgia";
    assert_string_equal(pairs_of(g, &e, w, tokens(1)), "");
    assert_string_equal(pairs_of(g, &e, w, tokens(2)), "ARM-AZE:2/1 ARM-GEO:1/1");
    assert_string_equal(pairs_of(g, &e, w, tokens(3)), "ARM-AZE:2/1 ARM-GEO:1/1");
    assert_string_equal(pairs_of(g, &e, w, tokens(4)), "ARM-AZE:2/1 ARM-GEO:1/1 AZE-GEO:1/1");
    assert_string_equal(pairs_of(g, &e, w, tokens(6)), "ARM-AZE:2/1 ARM-GEO:2/1 AZE-GEO:1/1");

    /* A mention belongs to the sentence where it starts, even when the alias runs across the
     * sentence break ("United\n\nStates": white space between alias words is ignored). */
    const char *across = "Iran spoke of the United\n\nStates. Georgia listened.";
    assert_string_equal(pairs_of(g, &e, across, SENTENCE), "IRN-USA:1/1");

    /* No mention, one mention, one id only, empty text: no pairs. */
    assert_string_equal(pairs_of(g, &e, "", SENTENCE), "");
    assert_string_equal(pairs_of(g, &e, "Nothing here.", DOCUMENT), "");
    assert_string_equal(pairs_of(g, &e, "Only Iran.", DOCUMENT), "");
    assert_string_equal(pairs_of(g, &e, "Iran, Iran and Iran.", tokens(5)), "");

    /* Non-ASCII ids' aliases and byte offsets: Greek and Turkish aliases. */
    assert_string_equal(pairs_of(g, &e, "Ελλάδα και Türkiye. Turkey.", SENTENCE), "GRC-TUR:1/1");

    /* Invalid UTF-8 never fails; the bytes around it still match. */
    const char bad[] = "Iran \xff\xfe and Georgia \xc3 met. UN \xed\xa0\x80 Russia.";
    rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
    rc_pair_counts pc = RC_PAIR_COUNTS_INIT;
    assert_int_equal(rc_cooccur(g, &e, bad, sizeof bad - 1, SENTENCE, &s, &pc), RC_OK);
    assert_string_equal(describe(&e, &pc), "GEO-IRN:1/1 RUS-UN:1/1");
    /* NUL bytes are text like any other. */
    const char nul[] = "Iran\0Georgia.";
    assert_int_equal(rc_cooccur(g, &e, nul, sizeof nul - 1, DOCUMENT, &s, &pc), RC_OK);
    assert_string_equal(describe(&e, &pc), "GEO-IRN:1/1");
    rc_pair_counts_free(&pc);
    rc_cooccur_scratch_free(&s);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

/* Whether pc's rows are in relcore's table order: count descending, then a, then b, strictly. */
static void assert_table_order(const rc_pair_counts *pc)
{
    for (size_t r = 1; r < pc->len; r++) {
        int before = pc->count[r - 1] > pc->count[r] ||
                     (pc->count[r - 1] == pc->count[r] &&
                      (pc->a[r - 1] < pc->a[r] || (pc->a[r - 1] == pc->a[r] && pc->b[r - 1] < pc->b[r])));
        assert_true(before);
    }
}

/* Sorting gives the same rows in table order whatever the table's size (few rows, many rows),
 * entity numbers (small, up to 2^32 - 2) and counts (many ties, up to 2^64 - 1): the paths that
 * sort by one key and by comparisons agree, and the index still finds every pair. */
static void test_sort_order(void **state)
{
    (void)state;
    const size_t sizes[] = {2, 255, 256, 3000, 20000};
    const uint32_t spans[] = {7, 500, 70000, UINT32_MAX - 1};
    const uint64_t tops[] = {3, 1000, (uint64_t)1 << 40, UINT64_MAX};
    uint64_t seed = 88172645463325252ULL;
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
        for (size_t ei = 0; ei < sizeof spans / sizeof *spans; ei++)
            for (size_t ci = 0; ci < sizeof tops / sizeof *tops; ci++) {
                rc_pair_counts pc = RC_PAIR_COUNTS_INIT;
                uint64_t total = 0, docs = 0;
                size_t want = 0;
                for (size_t i = 0; i < sizes[si]; i++) {
                    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
                    uint32_t a = (uint32_t)(seed % spans[ei]), b = (uint32_t)((seed >> 20) % spans[ei]);
                    uint64_t n = tops[ci] != UINT64_MAX ? 1 + (seed >> 33) % tops[ci]
                                 : i == 0 ? UINT64_MAX >> 1 : 1 + (seed >> 33) % 1000; /* one huge count */
                    if (a == b || n > UINT64_MAX - total) continue;
                    size_t before = pc.len;
                    assert_int_equal(rc_pair_counts_add(&pc, a, b, n, 1), RC_OK);
                    want += pc.len > before;
                    total += n;
                    docs++;
                }
                assert_int_equal(rc_pair_counts_sort(&pc), RC_OK);
                assert_int_equal(pc.len, want);
                assert_table_order(&pc);
                uint64_t got = 0, got_docs = 0;
                for (size_t r = 0; r < pc.len; r++) got += pc.count[r], got_docs += pc.docs[r];
                assert_true(got == total && got_docs == docs);
                /* the index was rebuilt: adding an existing pair adds to its row */
                if (pc.len) {
                    uint32_t a = pc.a[pc.len - 1], b = pc.b[pc.len - 1];
                    uint64_t c = pc.count[pc.len - 1];
                    assert_int_equal(rc_pair_counts_add(&pc, b, a, 0, 0), RC_OK);
                    assert_int_equal(pc.len, want);
                    assert_true(pc.count[pc.len - 1] == c);
                }
                rc_pair_counts_free(&pc);
            }
}

static void test_arguments(void **state)
{
    rc_gazetteer *g = build(world, NWORLD), *other = build(world, 3);
    rc_entities e = RC_ENTITIES_INIT, eo = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    assert_int_equal(rc_entities_init(other, &eo), RC_OK);
    rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
    rc_pair_counts pc = RC_PAIR_COUNTS_INIT;
    const char *t = "Iran and Georgia.";
    size_t n = strlen(t);
    assert_int_equal(rc_cooccur(NULL, &e, t, n, SENTENCE, &s, &pc), RC_EINVAL);
    assert_int_equal(rc_cooccur(g, NULL, t, n, SENTENCE, &s, &pc), RC_EINVAL);
    assert_int_equal(rc_cooccur(g, &e, NULL, n, SENTENCE, &s, &pc), RC_EINVAL);
    assert_int_equal(rc_cooccur(g, &e, NULL, 0, SENTENCE, &s, &pc), RC_OK);
    assert_int_equal(rc_cooccur(g, &e, t, n, SENTENCE, NULL, &pc), RC_EINVAL);
    assert_int_equal(rc_cooccur(g, &e, t, n, SENTENCE, &s, NULL), RC_EINVAL);
    assert_int_equal(rc_cooccur(g, &e, t, n, tokens(0), &s, &pc), RC_EINVAL);
    assert_int_equal(rc_cooccur(g, &e, t, n, (rc_window){(rc_window_kind)7, 1}, &s, &pc), RC_EINVAL);
    /* entities of another gazetteer */
    assert_int_equal(rc_cooccur(g, &eo, t, n, SENTENCE, &s, &pc), RC_EINVAL);
    assert_int_equal(pc.len, 0);
    /* a huge token window is just "anywhere" */
    assert_int_equal(rc_cooccur(g, &e, t, n, tokens(SIZE_MAX), &s, &pc), RC_OK);
    assert_int_equal(pc.len, 1);

    assert_int_equal(rc_pair_counts_add(&pc, 3, 3, 1, 1), RC_EINVAL);
    assert_int_equal(rc_pair_counts_add(NULL, 1, 3, 1, 1), RC_EINVAL);
    assert_int_equal(rc_pair_counts_merge(&pc, &pc), RC_EINVAL);
    assert_int_equal(rc_pair_counts_merge(NULL, &pc), RC_EINVAL);
    assert_int_equal(rc_pair_counts_sort(NULL), RC_EINVAL);
    rc_pair_counts_clear(NULL);
    rc_pair_counts_free(NULL);
    rc_cooccur_scratch_free(NULL);
    rc_entities_free(NULL);
    rc_pair_counts_free(&pc);
    rc_cooccur_scratch_free(&s);
    rc_entities_free(&e);
    rc_entities_free(&eo);
    rc_gazetteer_free(g);
    rc_gazetteer_free(other);
}

static uint64_t rng_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Many rows: growth and rehashing keep every pair findable; merge in any order gives the same
 * sorted table; clear keeps memory and forgets rows. */
static void test_pair_table(void **state)
{
    rc_pair_counts x = RC_PAIR_COUNTS_INIT, y = RC_PAIR_COUNTS_INIT, xy = RC_PAIR_COUNTS_INIT,
                   yx = RC_PAIR_COUNTS_INIT;
    /* Either order of a pair is the same row. */
    assert_int_equal(rc_pair_counts_add(&x, 9, 2, 1, 1), RC_OK);
    assert_int_equal(rc_pair_counts_add(&x, 2, 9, 4, 0), RC_OK);
    assert_int_equal(x.len, 1);
    assert_int_equal(x.a[0], 2);
    assert_int_equal(x.b[0], 9);
    assert_int_equal(x.count[0], 5);
    assert_int_equal(x.docs[0], 1);
    rc_pair_counts_clear(&x);
    assert_int_equal(x.len, 0);
    assert_int_equal(rc_pair_counts_add(&x, 2, 9, 1, 1), RC_OK);
    assert_int_equal(x.len, 1);
    assert_int_equal(x.count[0], 1);
    rc_pair_counts_clear(&x);

    uint64_t seed = 88172645463325252ULL;
    size_t rounds = quick_mode() ? 20000 : 200000;
    uint64_t total = 0;
    for (size_t i = 0; i < rounds; i++) {
        uint32_t a = (uint32_t)(rng_next(&seed) % 300), b = (uint32_t)(rng_next(&seed) % 300);
        if (a == b) continue;
        uint64_t c = 1 + rng_next(&seed) % 5;
        total += c;
        assert_int_equal(rc_pair_counts_add(i % 3 ? &x : &y, a, b, c, 1), RC_OK);
    }
    assert_true(x.len > 10000);
    assert_int_equal(rc_pair_counts_merge(&xy, &x), RC_OK);
    assert_int_equal(rc_pair_counts_merge(&xy, &y), RC_OK);
    assert_int_equal(rc_pair_counts_merge(&yx, &y), RC_OK);
    assert_int_equal(rc_pair_counts_merge(&yx, &x), RC_OK);
    assert_int_equal(rc_pair_counts_sort(&xy), RC_OK);
    assert_int_equal(rc_pair_counts_sort(&yx), RC_OK);
    assert_int_equal(xy.len, yx.len);
    uint64_t sum = 0;
    for (size_t r = 0; r < xy.len; r++) {
        assert_int_equal(xy.a[r], yx.a[r]);
        assert_int_equal(xy.b[r], yx.b[r]);
        assert_int_equal(xy.count[r], yx.count[r]);
        assert_int_equal(xy.docs[r], yx.docs[r]);
        sum += xy.count[r];
        if (r) { /* sorted: count desc, then a, then b */
            assert_true(xy.count[r - 1] > xy.count[r] ||
                        (xy.count[r - 1] == xy.count[r] &&
                         (xy.a[r - 1] < xy.a[r] || (xy.a[r - 1] == xy.a[r] && xy.b[r - 1] < xy.b[r]))));
        }
    }
    assert_int_equal(sum, total);
    /* after sorting, the index still finds every pair: adding again does not add rows */
    size_t len = xy.len;
    for (size_t r = 0; r < len; r++) assert_int_equal(rc_pair_counts_add(&xy, xy.b[r], xy.a[r], 1, 0), RC_OK);
    assert_int_equal(xy.len, len);
    rc_pair_counts_free(&x);
    rc_pair_counts_free(&y);
    rc_pair_counts_free(&xy);
    rc_pair_counts_free(&yx);
}

/* ---- a naive reference: the Python rules written out with binary searches ------------------- */

static size_t bisect_right(const int64_t *v, size_t n, int64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid] <= x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static void reference(const rc_gazetteer *g, const rc_entities *e, const char *text, size_t len,
                      rc_window w, rc_pair_counts *out)
{
    rc_matches m = RC_MATCHES_INIT;
    rc_spans sp = RC_SPANS_INIT;
    rc_pair_counts_clear(out);
    assert_int_equal(rc_gazetteer_find(g, text, len, 0, &m), RC_OK);
    if (w.kind == RC_WINDOW_TOKENS) assert_int_equal(rc_tokenize(text, len, 0, &sp), RC_OK);
    else assert_int_equal(rc_sentences(text, len, 0, &sp), RC_OK);
    size_t *pos = calloc(m.count + 1, sizeof *pos);
    for (size_t i = 0; i < m.count; i++) {
        size_t k = bisect_right(sp.start, sp.count, m.start[i]);
        pos[i] = k ? k - 1 : 0;
    }
    size_t n = e->count;
    if (w.kind == RC_WINDOW_TOKENS) {
        /* every mention pair of different ids within the distance (pos never decreases) */
        for (size_t i = 0; i < m.count; i++)
            for (size_t j = i + 1; j < m.count; j++) {
                uint32_t a = e->of_entry[m.entry[i]], b = e->of_entry[m.entry[j]];
                if (a != b && pos[j] - pos[i] <= w.tokens)
                    assert_int_equal(rc_pair_counts_add(out, a, b, 1, 0), RC_OK);
            }
    } else {
        /* for each window (each sentence, or the document), each pair present in it once */
        size_t nwin = w.kind == RC_WINDOW_DOCUMENT ? 1 : sp.count;
        for (size_t win = 0; win < nwin; win++)
            for (uint32_t a = 0; a < n; a++)
                for (uint32_t b = a + 1; b < n; b++) {
                    int ha = 0, hb = 0;
                    for (size_t i = 0; i < m.count; i++) {
                        if (w.kind == RC_WINDOW_SENTENCE && pos[i] != win) continue;
                        uint32_t x = e->of_entry[m.entry[i]];
                        ha |= x == a;
                        hb |= x == b;
                    }
                    if (ha && hb) assert_int_equal(rc_pair_counts_add(out, a, b, 1, 0), RC_OK);
                }
    }
    for (size_t r = 0; r < out->len; r++) out->docs[r] = 1;
    free(pos);
    rc_spans_free(&sp);
    rc_matches_free(&m);
}

/* Random texts of aliases, filler, punctuation and line breaks: rc_cooccur equals the reference,
 * and the sum over documents equals the merge of per-document tables. */
static void test_against_reference(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    static const char *filler[] = {"the", "talks", "with", "Mr.", "U.N.", "e.g.", "and", ",", ".",
                                   ". ", "!", "?", "\n\n", "\n", "1.", "Statement", "'s", "—", "(", ")"};
    size_t nf = sizeof filler / sizeof filler[0];
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
    rc_pair_counts got = RC_PAIR_COUNTS_INIT, want = RC_PAIR_COUNTS_INIT;
    rc_pair_counts total = RC_PAIR_COUNTS_INIT, total_ref = RC_PAIR_COUNTS_INIT;
    char text[4096];
    size_t docs = quick_mode() ? 60 : 400;
    const rc_window windows[] = {SENTENCE, DOCUMENT, {RC_WINDOW_TOKENS, 1}, {RC_WINDOW_TOKENS, 3},
                                 {RC_WINDOW_TOKENS, 12}};
    for (size_t wi = 0; wi < sizeof windows / sizeof windows[0]; wi++) {
        rc_pair_counts_clear(&total);
        rc_pair_counts_clear(&total_ref);
        for (size_t d = 0; d < docs; d++) {
            size_t len = 0, words = 1 + rng_next(&seed) % 60;
            for (size_t k = 0; k < words; k++) {
                const char *wd = rng_next(&seed) % 3 == 0 ? world[rng_next(&seed) % NWORLD].alias
                                                          : filler[rng_next(&seed) % nf];
                len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", wd,
                                        rng_next(&seed) % 4 ? " " : "");
            }
            reference(g, &e, text, len, windows[wi], &want);
            assert_int_equal(rc_cooccur(g, &e, text, len, windows[wi], &s, &got), RC_OK);
            assert_int_equal(rc_pair_counts_merge(&total, &got), RC_OK);
            assert_int_equal(rc_pair_counts_merge(&total_ref, &want), RC_OK);
            char expect[8192];
            snprintf(expect, sizeof expect, "%s", describe(&e, &want));
            char *have = describe(&e, &got);
            if (strcmp(have, expect) != 0)
                fail_msg("window %zu, text [%s]:\n  got  %s\n  want %s", wi, text, have, expect);
        }
        char expect[8192];
        snprintf(expect, sizeof expect, "%s", describe(&e, &total_ref));
        assert_string_equal(describe(&e, &total), expect);
        assert_true(total.len > 0);
    }
    rc_pair_counts_free(&got);
    rc_pair_counts_free(&want);
    rc_pair_counts_free(&total);
    rc_pair_counts_free(&total_ref);
    rc_cooccur_scratch_free(&s);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

/* Fail the n-th allocation for every n: every call returns RC_ENOMEM with its output empty (or
 * unchanged), and a later run with fresh outputs gives the right answer. */
static void test_allocation_failure(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    const char *text = "Armenia and Azerbaijan met in Baku with the U.S. and Russia. Georgia, Iran "
                       "and Türkiye joined. The United Nations and Ελλάδα too.";
    const rc_window windows[] = {SENTENCE, DOCUMENT, {RC_WINDOW_TOKENS, 4}};
    const char *want[] = {NULL, NULL, NULL};
    char expect[3][2048];
    {
        rc_entities e = RC_ENTITIES_INIT;
        assert_int_equal(rc_entities_init(g, &e), RC_OK);
        for (int w = 0; w < 3; w++) {
            snprintf(expect[w], sizeof expect[w], "%s", pairs_of(g, &e, text, windows[w]));
            want[w] = expect[w];
        }
        rc_entities_free(&e);
    }
    long points = 0;
    for (int w = 0; w < 3; w++) {
        for (long n = 0;; n++) {
            rc_entities e = RC_ENTITIES_INIT;
            rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
            rc_pair_counts pc = RC_PAIR_COUNTS_INIT, sum = RC_PAIR_COUNTS_INIT;
            rc_fault_fail_after(n);
            int rc = rc_entities_init(g, &e);
            if (rc) assert_null(e.id);
            if (!rc) {
                rc = rc_cooccur(g, &e, text, strlen(text), windows[w], &s, &pc);
                if (rc) assert_int_equal(pc.len, 0);
            }
            if (!rc) {
                size_t before = sum.len;
                rc = rc_pair_counts_merge(&sum, &pc);
                if (rc) assert_true(sum.len >= before);
            }
            if (!rc) rc = rc_pair_counts_sort(&sum);
            rc_fault_fail_after(-1);
            if (rc == RC_OK) assert_string_equal(describe(&e, &sum), want[w]);
            rc_pair_counts_free(&pc);
            rc_pair_counts_free(&sum);
            rc_cooccur_scratch_free(&s);
            rc_entities_free(&e);
            if (rc == RC_OK) {
                points += n;
                break;
            }
            assert_int_equal(rc, RC_ENOMEM);
        }
    }
    /* A scratch and table that already hold memory: a failure in a later, bigger document leaves
     * them usable, and the next call succeeds. */
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
    rc_pair_counts pc = RC_PAIR_COUNTS_INIT;
    assert_int_equal(rc_cooccur(g, &e, "Iran and Georgia.", 17, SENTENCE, &s, &pc), RC_OK);
    char big[16384];
    size_t len = 0;
    for (int k = 0; k < 150; k++)
        len += (size_t)snprintf(big + len, sizeof big - len, "%s and %s. ", world[k % NWORLD].alias,
                                world[(k * 7 + 3) % NWORLD].alias);
    for (long n = 0;; n++) {
        rc_fault_fail_after(n);
        int rc = rc_cooccur(g, &e, big, len, DOCUMENT, &s, &pc);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) break;
        assert_int_equal(rc, RC_ENOMEM);
        assert_int_equal(pc.len, 0);
        points++;
    }
    assert_true(pc.len > 10);
    rc_pair_counts_free(&pc);
    rc_cooccur_scratch_free(&s);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
    print_message("allocation failure: %ld failure points checked\n", points);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entities), cmocka_unit_test(test_entities_many),           cmocka_unit_test(test_windows),
        cmocka_unit_test(test_arguments),          cmocka_unit_test(test_pair_table),
        cmocka_unit_test(test_sort_order),
        cmocka_unit_test(test_against_reference),  cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests_name("relations", tests, NULL, NULL);
}
