/* test_analysis.c — rc_analyze (the columns equal what the stages return one by one,
 * the links to sentences, tokens and entities), rc_analysis_pairs_get (hand-worked evidence, the
 * same counts as rc_cooccur in all three windows on real speeches), rc_analyze_many and
 * rc_analysis_stream (in order, on any number of threads, freed early), argument
 * errors and allocation failure at every point. */
#include <pthread.h>

#include "testutil.h"
#include "base/alloc.h"

typedef struct {
    const char *alias, *id;
} ent;

static const ent world[] = {
    {"United States", "USA"}, {"U.S.", "USA"}, {"Azerbaijan", "AZE"}, {"Baku", "AZE"},
    {"Russia", "RUS"},        {"Armenia", "ARM"}, {"Yerevan", "ARM"}, {"Türkiye", "TUR"},
    {"Georgia", "GEO"},       {"United Nations", "UN"}, {"Ελλάδα", "GRC"}, {"Iran", "IRN"},
};
#define NWORLD (sizeof world / sizeof world[0])

static rc_gazetteer *build(void)
{
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (size_t i = 0; i < NWORLD; i++) {
        rc_gazetteer_entry x = {world[i].alias, strlen(world[i].alias), world[i].id,
                                strlen(world[i].id), "country", 7, NULL, 0, RC_CASE_AUTO, 0};
        assert_int_equal(rc_gazetteer_builder_add(b, &x), RC_OK);
    }
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    return g;
}

static void same_spans(const rc_spans *a, const rc_spans *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        assert_int_equal(a->start[i], b->start[i]);
        assert_int_equal(a->end[i], b->end[i]);
        assert_int_equal(a->kind[i], b->kind[i]);
    }
}

/* The document's columns are those of the three stages called alone, and every link holds. */
static void check_document(const rc_gazetteer *g, const rc_entities *e, const char *text, size_t len,
                           unsigned options)
{
    rc_analysis d = RC_ANALYSIS_INIT;
    assert_int_equal(rc_analyze(g, e, text, len, options, &d), RC_OK);
    rc_spans t = RC_SPANS_INIT, s = RC_SPANS_INIT;
    rc_matches m = RC_MATCHES_INIT;
    assert_int_equal(rc_tokenize(text, len, options, &t), RC_OK);
    assert_int_equal(rc_sentences(text, len, options, &s), RC_OK);
    assert_int_equal(rc_gazetteer_find(g, text, len, options, &m), RC_OK);
    same_spans(&d.tokens, &t);
    same_spans(&d.sentences, &s);
    assert_int_equal(d.mentions.count, m.count);
    for (size_t i = 0; i < m.count; i++) {
        assert_int_equal(d.mentions.start[i], m.start[i]);
        assert_int_equal(d.mentions.end[i], m.end[i]);
        assert_int_equal(d.mentions.entry[i], m.entry[i]);
        assert_int_equal(d.mention_entity[i], e->of_entry[m.entry[i]]);
        /* the linked sentence and token start at or before the mention, the next ones after */
        int64_t k = d.mention_sentence[i];
        if (s.count) {
            assert_true(k >= 0 && (size_t)k < s.count);
            if (k > 0) assert_true(s.start[k] <= m.start[i]);
            if ((size_t)k + 1 < s.count) assert_true(s.start[k + 1] > m.start[i]);
        }
        k = d.mention_token[i];
        assert_true(k >= 0 && (size_t)k < t.count);
        if (k > 0) assert_true(t.start[k] <= m.start[i]);
        if ((size_t)k + 1 < t.count) assert_true(t.start[k + 1] > m.start[i]);
    }
    int64_t want_len = (int64_t)len;
    if (options & RC_OFFSETS_CODEPOINTS) want_len = (int64_t)rc_utf8_count_chars((const unsigned char *)text, len);
    assert_int_equal(d.length, want_len);
    rc_spans_free(&t);
    rc_spans_free(&s);
    rc_matches_free(&m);
    rc_analysis_free(&d);
}

static const char *sample = "The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected; "
                            "Armenia and Yerevan (Armenia again) watched.\n\nΕλλάδα, Türkiye and "
                            "Iran met the United Nations. Georgia and Georgia.";

static void test_columns_equal_the_stages(void **state)
{
    rc_gazetteer *g = build();
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    const char *texts[] = {sample, "", "   ", "No mention at all.", "Iran", "\xff\xfe Iran \xc3 Russia."};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        check_document(g, &e, texts[i], strlen(texts[i]), 0);
        check_document(g, &e, texts[i], strlen(texts[i]), RC_OFFSETS_CODEPOINTS);
    }
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

static void test_arguments(void **state)
{
    rc_gazetteer *g = build();
    rc_entities e = RC_ENTITIES_INIT, other = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    rc_analysis d = RC_ANALYSIS_INIT;
    assert_int_equal(rc_analyze(NULL, &e, "a", 1, 0, &d), RC_EINVAL);
    assert_int_equal(rc_analyze(g, NULL, "a", 1, 0, &d), RC_EINVAL);
    assert_int_equal(rc_analyze(g, &e, "a", 1, 0, NULL), RC_EINVAL);
    assert_int_equal(rc_analyze(g, &e, NULL, 1, 0, &d), RC_EINVAL);
    assert_int_equal(rc_analyze(g, &e, "a", 1, RC_TOKENIZE_UAX29 << 3, &d), RC_EINVAL);
    assert_int_equal(rc_analyze(g, &other, "a", 1, 0, &d), RC_EINVAL); /* not from g */
    assert_int_equal(rc_analyze(g, &e, NULL, 0, 0, &d), RC_OK);
    assert_int_equal(d.mentions.count, 0);
    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
    assert_int_equal(rc_analysis_pairs_get(NULL, (rc_window){RC_WINDOW_SENTENCE, 0}, &p), RC_EINVAL);
    assert_int_equal(rc_analysis_pairs_get(&d, (rc_window){RC_WINDOW_SENTENCE, 0}, NULL), RC_EINVAL);
    assert_int_equal(rc_analysis_pairs_get(&d, (rc_window){RC_WINDOW_TOKENS, 0}, &p), RC_EINVAL);
    assert_int_equal(rc_analysis_pairs_get(&d, (rc_window){(rc_window_kind)7, 0}, &p), RC_EINVAL);
    int code;
    rc_text txt = {"a", 1, 0};
    unsigned opt = 0;
    assert_int_equal(rc_analyze_many(g, &e, 1, NULL, &opt, 1, &d, &code, NULL), RC_EINVAL);
    assert_int_equal(rc_analyze_many(g, &e, 1, &txt, &opt, -1, &d, &code, NULL), RC_EINVAL);
    assert_int_equal(rc_analyze_many(NULL, &e, 1, &txt, &opt, 1, &d, &code, NULL), RC_EINVAL);
    assert_int_equal(rc_analyze_many(g, &e, 0, NULL, NULL, 1, NULL, NULL, NULL), RC_OK);
    txt.width = 3; /* not a width */
    assert_int_equal(rc_analyze_many(g, &e, 1, &txt, &opt, 1, &d, &code, NULL), RC_OK);
    assert_int_equal(code, RC_EINVAL);
    rc_analysis_pairs_free(&p);
    rc_analysis_pairs_free(&p); /* twice: freed state is the initial state */
    rc_analysis_free(&d);
    rc_analysis_free(NULL);
    rc_analysis_pairs_free(NULL);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

/* "A-B:count[s,e s,e] ..." of a pairs result, checking its invariants on the way. */
static char *describe(const rc_entities *e, const rc_analysis_pairs *p)
{
    static char buf[8192];
    size_t w = 0, ev = 0;
    buf[0] = '\0';
    for (size_t r = 0; r < p->len; r++) {
        assert_true(p->a[r] < p->b[r]);
        if (r) { /* table order */
            assert_true(p->count[r - 1] > p->count[r] ||
                        (p->count[r - 1] == p->count[r] &&
                         (p->a[r - 1] < p->a[r] || (p->a[r - 1] == p->a[r] && p->b[r - 1] < p->b[r]))));
        }
        assert_int_equal(p->first[r], ev);
        ev += (size_t)p->count[r];
        w += (size_t)snprintf(buf + w, sizeof buf - w, "%s%s-%s:%llu[", r ? " " : "", e->id[p->a[r]],
                              e->id[p->b[r]], (unsigned long long)p->count[r]);
        for (size_t k = p->first[r]; k < p->first[r] + p->count[r]; k++)
            w += (size_t)snprintf(buf + w, sizeof buf - w, "%s%lld,%lld", k > p->first[r] ? " " : "",
                                  (long long)p->ev_start[k], (long long)p->ev_end[k]);
        w += (size_t)snprintf(buf + w, sizeof buf - w, "]");
        assert_true(w < sizeof buf);
    }
    assert_int_equal(ev, p->n_evidence);
    /* every span names its window, and spans of one window are equal */
    for (size_t k = 0; k < p->n_evidence; k++) {
        assert_true(p->ev_window[k] < p->n_windows);
        for (size_t j = 0; j < k; j++)
            if (p->ev_window[j] == p->ev_window[k]) {
                assert_int_equal(p->ev_start[j], p->ev_start[k]);
                assert_int_equal(p->ev_end[j], p->ev_end[k]);
            }
    }
    return buf;
}

static char *pairs_of(const rc_gazetteer *g, const rc_entities *e, const char *text, rc_window w,
                      unsigned options)
{
    rc_analysis d = RC_ANALYSIS_INIT;
    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
    assert_int_equal(rc_analyze(g, e, text, strlen(text), options, &d), RC_OK);
    assert_int_equal(rc_analysis_pairs_get(&d, w, &p), RC_OK);
    char *s = describe(e, &p);
    rc_analysis_pairs_free(&p);
    rc_analysis_free(&d);
    return s;
}

static void test_pairs_with_evidence(void **state)
{
    rc_gazetteer *g = build();
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    /* 0         1         2         3         4         5
       012345678901234567890123456789012345678901234567890123456789 */
    const char *t = "Iran and Russia met. Russia, Iran and Iran. Georgia alone. Iran, Russia.";
    /* sentences: [0,20) [21,43) [44,58) [59,72) */
    assert_string_equal(pairs_of(g, &e, t, (rc_window){RC_WINDOW_SENTENCE, 0}, 0),
                        "IRN-RUS:3[0,20 21,43 59,72]");
    assert_string_equal(pairs_of(g, &e, t, (rc_window){RC_WINDOW_DOCUMENT, 0}, 0),
                        "GEO-IRN:1[0,72] GEO-RUS:1[0,72] IRN-RUS:1[0,72]");
    /* tokens: Iran(0) and(1) Russia(2) met(3) .(4) Russia(5) ,(6) Iran(7) and(8) Iran(9) .(10)
     * Georgia(11) alone(12) .(13) Iran(14) ,(15) Russia(16) .(17); at most 2 tokens apart */
    assert_string_equal(pairs_of(g, &e, t, (rc_window){RC_WINDOW_TOKENS, 2}, 0),
                        "IRN-RUS:3[0,15 21,33 59,71] GEO-IRN:1[38,51]");
    assert_string_equal(pairs_of(g, &e, t, (rc_window){RC_WINDOW_TOKENS, 3}, 0),
                        "IRN-RUS:3[0,15 21,33 59,71] GEO-IRN:2[38,51 44,63]");
    /* code point offsets: "Ελλάδα" is 12 bytes, 6 code points */
    const char *u = "Ελλάδα and Iran. Iran.";
    assert_string_equal(pairs_of(g, &e, u, (rc_window){RC_WINDOW_SENTENCE, 0}, RC_OFFSETS_CODEPOINTS),
                        "GRC-IRN:1[0,16]");
    assert_string_equal(pairs_of(g, &e, u, (rc_window){RC_WINDOW_DOCUMENT, 0}, RC_OFFSETS_CODEPOINTS),
                        "GRC-IRN:1[0,22]");
    assert_string_equal(pairs_of(g, &e, u, (rc_window){RC_WINDOW_SENTENCE, 0}, 0), "GRC-IRN:1[0,22]");
    /* the windows of the spans: sentences 0, 1, 3 of 4; the one document; every token span its own */
    rc_analysis d = RC_ANALYSIS_INIT;
    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
    assert_int_equal(rc_analyze(g, &e, t, strlen(t), 0, &d), RC_OK);
    assert_int_equal(rc_analysis_pairs_get(&d, (rc_window){RC_WINDOW_SENTENCE, 0}, &p), RC_OK);
    assert_int_equal(p.n_windows, 4);
    assert_int_equal(p.ev_window[0], 0);
    assert_int_equal(p.ev_window[1], 1);
    assert_int_equal(p.ev_window[2], 3);
    assert_int_equal(rc_analysis_pairs_get(&d, (rc_window){RC_WINDOW_DOCUMENT, 0}, &p), RC_OK);
    assert_int_equal(p.n_windows, 1);
    assert_int_equal(p.ev_window[2], 0);
    assert_int_equal(rc_analysis_pairs_get(&d, (rc_window){RC_WINDOW_TOKENS, 3}, &p), RC_OK);
    assert_int_equal(p.n_windows, 5);
    for (size_t k = 0; k < 5; k++)
        for (size_t j = 0; j < k; j++) assert_int_not_equal(p.ev_window[j], p.ev_window[k]);
    rc_analysis_pairs_free(&p);
    rc_analysis_free(&d);
    /* one mention, or one entity many times: no pairs */
    assert_string_equal(pairs_of(g, &e, "Iran.", (rc_window){RC_WINDOW_DOCUMENT, 0}, 0), "");
    assert_string_equal(pairs_of(g, &e, "Iran, Iran.", (rc_window){RC_WINDOW_TOKENS, 5}, 0), "");
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

/* The same rows and counts as rc_cooccur, for every window. */
static rc_gazetteer *speech_g;
static rc_entities speech_e;

static void same_as_cooccur(const char *text, size_t len)
{
    const rc_window windows[] = {{RC_WINDOW_SENTENCE, 0}, {RC_WINDOW_DOCUMENT, 0}, {RC_WINDOW_TOKENS, 1},
                                 {RC_WINDOW_TOKENS, 10}};
    rc_analysis d = RC_ANALYSIS_INIT;
    assert_int_equal(rc_analyze(speech_g, &speech_e, text, len, 0, &d), RC_OK);
    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
    rc_cooccur_scratch s = RC_COOCCUR_SCRATCH_INIT;
    rc_pair_counts pc = RC_PAIR_COUNTS_INIT;
    for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
        assert_int_equal(rc_analysis_pairs_get(&d, windows[w], &p), RC_OK);
        describe(&speech_e, &p); /* the invariants */
        assert_int_equal(rc_cooccur(speech_g, &speech_e, text, len, windows[w], &s, &pc), RC_OK);
        assert_int_equal(rc_pair_counts_sort(&pc), RC_OK);
        assert_int_equal(p.len, pc.len);
        for (size_t r = 0; r < p.len; r++) {
            assert_int_equal(p.a[r], pc.a[r]);
            assert_int_equal(p.b[r], pc.b[r]);
            assert_int_equal(p.count[r], pc.count[r]);
        }
    }
    rc_pair_counts_free(&pc);
    rc_cooccur_scratch_free(&s);
    rc_analysis_pairs_free(&p);
    rc_analysis_free(&d);
}

static void test_speeches_agree_with_cooccur(void **state)
{
    speech_g = build();
    speech_e = (rc_entities)RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(speech_g, &speech_e), RC_OK);
    same_as_cooccur(sample, strlen(sample));
    for_each_corpus_file(same_as_cooccur);
    rc_entities_free(&speech_e);
    rc_gazetteer_free(speech_g);
}

/* ---- rc_analyze_many ------------------------------------------------------------------------ */

/* The UTF-8 of a text as code units of `width`; NULL if a character does not fit. */
static void *to_units(const char *s, size_t len, int width, size_t *n)
{
    void *u = malloc(len * 4 + 4);
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp = 0;
        int m = rc_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        assert_true(m > 0);
        if ((width == 1 && cp > 0xFF) || (width == 2 && cp > 0xFFFF)) {
            free(u);
            return NULL;
        }
        if (width == 1) ((uint8_t *)u)[k++] = (uint8_t)cp;
        else if (width == 2) ((uint16_t *)u)[k++] = (uint16_t)cp;
        else ((uint32_t *)u)[k++] = (uint32_t)cp;
        i += (size_t)m;
    }
    *n = k;
    return u;
}

static void same_analysis(const rc_analysis *a, const rc_analysis *b)
{
    same_spans(&a->tokens, &b->tokens);
    same_spans(&a->sentences, &b->sentences);
    assert_int_equal(a->mentions.count, b->mentions.count);
    for (size_t i = 0; i < a->mentions.count; i++) {
        assert_int_equal(a->mentions.start[i], b->mentions.start[i]);
        assert_int_equal(a->mentions.end[i], b->mentions.end[i]);
        assert_int_equal(a->mentions.entry[i], b->mentions.entry[i]);
        assert_int_equal(a->mention_entity[i], b->mention_entity[i]);
        assert_int_equal(a->mention_sentence[i], b->mention_sentence[i]);
        assert_int_equal(a->mention_token[i], b->mention_token[i]);
    }
    assert_int_equal(a->length, b->length);
}

/* Tokens left out, then added: the same analysis as with them from the start. */
/* The bin of finished analyses: bounded (what does not fit is freed), last in first out, handed
 * back through a stream's get and refilled there with a later text's analysis, safe to share
 * between threads; NULL bins and full bins free instead of keeping. */
static void *bin_churn(void *arg)
{
    rc_analysis_bin *b = arg;
    for (int i = 0; i < 2000; i++) {
        rc_analysis a = RC_ANALYSIS_INIT;
        rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
        if (!rc_analysis_bin_take(b, &a, &p)) {
            a.sentences.start = rc_malloc(64);
            a.sentences.end = rc_malloc(64);
            a.sentences.cap_ = 64 / sizeof *a.sentences.start;
        }
        rc_analysis_bin_put(b, &a, &p);
    }
    return NULL;
}

static void test_analysis_bin(void **state)
{
    (void)state;
    rc_gazetteer *g = build();
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    assert_null(rc_analysis_bin_new(0));
    rc_analysis_bin *b = rc_analysis_bin_new(2);
    assert_non_null(b);
    rc_analysis a = RC_ANALYSIS_INIT;
    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
    assert_int_equal(rc_analysis_bin_take(b, &a, &p), 0);
    const char *texts[] = {sample, "Iran and Georgia.", "Russia met Armenia. Iran."};
    size_t mentions[3];
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rc_analyze(g, &e, texts[i], strlen(texts[i]), 0, &a), RC_OK);
        assert_int_equal(rc_analysis_pairs_get(&a, (rc_window){RC_WINDOW_SENTENCE, 0}, &p), RC_OK);
        mentions[i] = a.mentions.count;
        rc_analysis_bin_put(b, &a, &p); /* the third does not fit: freed */
        assert_null(a.mentions.start);
        assert_int_equal(a.mentions.count + p.len, 0);
        assert_int_equal(rc_analysis_bin_count(b), i < 2 ? (size_t)i + 1 : 2);
    }
    assert_int_equal(rc_analysis_bin_take(b, &a, &p), 1); /* the last kept */
    assert_int_equal(a.mentions.count, mentions[1]);
    /* handed to a stream's get, it comes back holding the next text's analysis */
    rc_analysis_stream *s;
    assert_int_equal(rc_analysis_stream_new(g, &e, 2, 4, 1, &s), RC_OK);
    rc_text t = {texts[2], strlen(texts[2]), 0};
    assert_int_equal(rc_analysis_stream_put(s, &t, 0), RC_OK);
    int code;
    assert_int_equal(rc_analysis_stream_get(s, &a, &p, &code, NULL), RC_OK);
    assert_int_equal(code, RC_OK);
    rc_analysis one = RC_ANALYSIS_INIT;
    assert_int_equal(rc_analyze(g, &e, texts[2], strlen(texts[2]), 0, &one), RC_OK);
    same_analysis(&a, &one);
    assert_int_equal(mentions[2], one.mentions.count);
    rc_analysis_free(&one);
    rc_analysis_stream_free(s);
    rc_analysis_bin_put(b, &a, &p);
    /* NULL bins keep nothing */
    assert_int_equal(rc_analysis_bin_take(NULL, &a, &p), 0);
    assert_int_equal(rc_analysis_bin_count(NULL), 0);
    assert_int_equal(rc_analyze(g, &e, texts[1], strlen(texts[1]), 0, &a), RC_OK);
    rc_analysis_bin_put(NULL, &a, &p);
    assert_null(a.mentions.start);
    rc_analysis_bin_put(b, NULL, &p);
    rc_analysis_bin_free(b); /* with two inside: freed with them */
    rc_analysis_bin_free(NULL);
    /* two threads taking and putting at once */
    b = rc_analysis_bin_new(3);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, bin_churn, b), 0);
    bin_churn(b);
    pthread_join(th, NULL);
    assert_true(rc_analysis_bin_count(b) >= 1 && rc_analysis_bin_count(b) <= 2);
    rc_analysis_bin_free(b);
    /* no memory for the bin */
    for (long n = 0; n < 3; n++) {
        rc_fault_fail_after(n);
        b = rc_analysis_bin_new(4);
        rc_fault_fail_after(-1);
        if (b) {
            assert_true(n >= 3);
            rc_analysis_bin_free(b);
        }
    }
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

static void test_tokens_later(void **state)
{
    rc_gazetteer *g = build();
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    const char *texts[] = {sample, "", "Iran.", "\xff Iran \xc3 Russia and Georgia."};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        for (unsigned cps = 0; cps <= RC_OFFSETS_CODEPOINTS; cps += RC_OFFSETS_CODEPOINTS) {
            const char *t = texts[i];
            rc_analysis full = RC_ANALYSIS_INIT, later = RC_ANALYSIS_INIT;
            assert_int_equal(rc_analyze(g, &e, t, strlen(t), cps, &full), RC_OK);
            assert_int_equal(rc_analyze(g, &e, t, strlen(t), cps | RC_ANALYZE_NO_TOKENS, &later), RC_OK);
            assert_int_equal(later.tokens.count, 0);
            for (size_t k = 0; k < later.mentions.count; k++) assert_int_equal(later.mention_token[k], -1);
            /* a sentence window needs no tokens */
            rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
            assert_int_equal(rc_analysis_pairs_get(&later, (rc_window){RC_WINDOW_SENTENCE, 0}, &p), RC_OK);
            char got[4096];
            snprintf(got, sizeof got, "%s", describe(&e, &p));
            assert_int_equal(rc_analysis_pairs_get(&full, (rc_window){RC_WINDOW_SENTENCE, 0}, &p), RC_OK);
            assert_string_equal(got, describe(&e, &p));
            if (later.mentions.count > 1) /* a token window needs the tokens */
                assert_int_equal(rc_analysis_pairs_get(&later, (rc_window){RC_WINDOW_TOKENS, 3}, &p), RC_EINVAL);
            rc_analysis_pairs_free(&p);
            assert_int_equal(rc_analysis_tokens(&later, t, strlen(t), cps), RC_OK);
            same_analysis(&later, &full);
            rc_analysis_free(&full);
            rc_analysis_free(&later);
        }
    }
    rc_analysis a = RC_ANALYSIS_INIT;
    assert_int_equal(rc_analysis_tokens(NULL, "a", 1, 0), RC_EINVAL);
    assert_int_equal(rc_analysis_tokens(&a, NULL, 1, 0), RC_EINVAL);
    assert_int_equal(rc_analysis_tokens(&a, "a", 1, RC_ANALYZE_NO_TOKENS), RC_EINVAL);
    /* allocation failure while adding them: no tokens, links stay -1, and a retry works */
    assert_int_equal(rc_analyze(g, &e, sample, strlen(sample), RC_ANALYZE_NO_TOKENS, &a), RC_OK);
    long points = 0;
    for (long n = 0;; n++) {
        rc_spans_free(&a.tokens);
        rc_fault_fail_after(n);
        int rc = rc_analysis_tokens(&a, sample, strlen(sample), 0);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) break;
        assert_int_equal(rc, RC_ENOMEM);
        assert_int_equal(a.tokens.count, 0);
        for (size_t k = 0; k < a.mentions.count; k++) assert_int_equal(a.mention_token[k], -1);
        points++;
    }
    assert_true(points > 0 && a.tokens.count > 20);
    rc_analysis_free(&a);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

static void test_many_equals_one_by_one(void **state)
{
    rc_gazetteer *g = build();
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    const char *src[] = {sample, "", "Iran and Georgia.", "Ελλάδα and Iran. Türkiye.", "Russia, caf\xc3\xa9 and Iran.",
                         "No mention.", "Armenia \xf0\x9f\x98\x80 and Baku."};
    enum { N = 7 * 4 };
    rc_text texts[N];
    unsigned options[N];
    void *owned[N] = {0};
    size_t from[N], n = 0;
    for (size_t i = 0; i < 7; i++) {
        const int widths[] = {0, 1, 2, 4};
        for (int w = 0; w < 4; w++) {
            size_t units;
            if (widths[w] == 0) {
                texts[n] = (rc_text){src[i], strlen(src[i]), 0};
            } else {
                void *u = to_units(src[i], strlen(src[i]), widths[w], &units);
                if (!u) continue; /* does not fit that width */
                owned[n] = u;
                texts[n] = (rc_text){u, units, widths[w]};
            }
            options[n] = RC_OFFSETS_CODEPOINTS;
            from[n++] = i;
        }
    }
    for (long threads = 1; threads <= 3; threads++) {
        rc_analysis out[N];
        int codes[N];
        size_t bad[N];
        for (size_t i = 0; i < n; i++) out[i] = (rc_analysis)RC_ANALYSIS_INIT;
        assert_int_equal(rc_analyze_many(g, &e, n, texts, options, threads, out, codes, bad), RC_OK);
        for (size_t k = 0; k < n; k++) {
            rc_analysis one = RC_ANALYSIS_INIT;
            const char *t = src[from[k]];
            assert_int_equal(rc_analyze(g, &e, t, strlen(t), RC_OFFSETS_CODEPOINTS, &one), RC_OK);
            assert_int_equal(codes[k], RC_OK);
            same_analysis(&out[k], &one);
            rc_analysis_free(&one);
        }
        for (size_t i = 0; i < n; i++) rc_analysis_free(&out[i]);
    }
    /* a lone surrogate fails its text only, with its index */
    uint16_t bad_units[] = {'I', 'r', 'a', 'n', ' ', 0xD800, ' ', 'x'};
    rc_text two[2] = {{bad_units, 8, 2}, {"Iran and Georgia.", 17, 0}};
    unsigned opts[2] = {RC_OFFSETS_CODEPOINTS, 0};
    rc_analysis out[2] = {RC_ANALYSIS_INIT, RC_ANALYSIS_INIT};
    int codes[2];
    size_t bad[2];
    assert_int_equal(rc_analyze_many(g, &e, 2, two, opts, 2, out, codes, bad), RC_OK);
    assert_int_equal(codes[0], RC_ESURROGATE);
    assert_int_equal(bad[0], 5);
    assert_int_equal(codes[1], RC_OK);
    assert_int_equal(out[1].mentions.count, 2);
    rc_analysis_free(&out[0]);
    rc_analysis_free(&out[1]);
    for (size_t i = 0; i < n; i++) free(owned[i]);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

/* rc_analysis_stream: the same analyses as rc_analyze and the same sentence pairs as
 * rc_analysis_pairs_get, got in the order put, for any number of threads and any window, the
 * caller putting as many texts as there is room for or one at a time, and handing the previous
 * analysis back to be reused; a text with a lone surrogate fails alone. */
static void test_stream(void **state)
{
    rc_gazetteer *g = build();
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    enum { N = 13 };
    const char *src[] = {sample, "", "Iran and Georgia.", "Russia, caf\xc3\xa9 and Iran. Iran met Georgia."};
    static const uint16_t lone[] = {'I', 'r', 'a', 'n', ' ', 0xD800, '.'};
    rc_text texts[N];
    unsigned options[N];
    void *owned[N] = {0};
    for (size_t i = 0; i < N; i++) {
        const char *t = src[i % 4];
        size_t units;
        options[i] = i % 2 ? RC_OFFSETS_CODEPOINTS : RC_ANALYZE_NO_TOKENS;
        texts[i] = (rc_text){t, strlen(t), 0};
        if (i % 3 == 1 && (owned[i] = to_units(t, strlen(t), 2, &units))) texts[i] = (rc_text){owned[i], units, 2};
    }
    texts[7] = (rc_text){lone, 7, 2};
    const size_t windows[] = {1, 2, 5, N};
    for (long threads = 0; threads <= 3; threads++)
        for (size_t w = 0; w < 4; w++)
            for (int with_pairs = 0; with_pairs < 2; with_pairs++) {
                rc_analysis_stream *s = NULL;
                assert_int_equal(rc_analysis_stream_new(g, &e, threads, windows[w], with_pairs, &s), RC_OK);
                rc_analysis out = RC_ANALYSIS_INIT; /* handed back to every get: reused */
                rc_analysis_pairs pairs = RC_ANALYSIS_PAIRS_INIT;
                size_t put = 0;
                for (size_t i = 0; i < N; i++) {
                    while (put < N && put - i < windows[w] && (w % 2 || put == i))
                        assert_int_equal(rc_analysis_stream_put(s, &texts[put], options[put]), RC_OK), put++;
                    if (put - i == windows[w]) /* full */
                        assert_int_equal(rc_analysis_stream_put(s, &texts[0], 0), RC_EINVAL);
                    int code = 99;
                    size_t bad = 99;
                    assert_int_equal(rc_analysis_stream_get(s, &out, with_pairs ? &pairs : NULL, &code, &bad), RC_OK);
                    if (i == 7) {
                        assert_int_equal(code, RC_ESURROGATE);
                        assert_int_equal(bad, 5);
                        assert_int_equal(out.mentions.count + out.sentences.count, 0);
                        assert_int_equal(pairs.len, 0);
                        continue;
                    }
                    assert_int_equal(code, RC_OK);
                    const char *t = src[i % 4];
                    rc_analysis one = RC_ANALYSIS_INIT;
                    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
                    /* units: offsets are unit indices, i.e. code points here, as with the UTF-8 */
                    unsigned o = options[i] | (texts[i].width ? RC_OFFSETS_CODEPOINTS : 0);
                    assert_int_equal(rc_analyze(g, &e, t, strlen(t), o, &one), RC_OK);
                    if (o == options[i]) same_analysis(&out, &one);
                    assert_int_equal(rc_analysis_pairs_get(&one, (rc_window){RC_WINDOW_SENTENCE, 0}, &p), RC_OK);
                    if (with_pairs && o == options[i]) {
                        char want[4096];
                        snprintf(want, sizeof want, "%s", describe(&e, &p));
                        assert_string_equal(describe(&e, &pairs), want);
                    }
                    rc_analysis_pairs_free(&p);
                    rc_analysis_free(&one);
                }
                int code;
                assert_int_equal(rc_analysis_stream_get(s, &out, &pairs, &code, NULL), RC_EINVAL); /* none left */
                rc_analysis_stream_free(s);
                rc_analysis_pairs_free(&pairs);
                rc_analysis_free(&out);
            }
    /* Freed with texts waiting, some being analyzed: nothing leaks, nothing hangs. */
    for (long threads = 1; threads <= 3; threads++) {
        rc_analysis_stream *s;
        assert_int_equal(rc_analysis_stream_new(g, &e, threads, N, 1, &s), RC_OK);
        for (size_t i = 0; i < N; i++) assert_int_equal(rc_analysis_stream_put(s, &texts[i], options[i]), RC_OK);
        rc_analysis out = RC_ANALYSIS_INIT;
        rc_analysis_pairs pairs = RC_ANALYSIS_PAIRS_INIT;
        int code;
        assert_int_equal(rc_analysis_stream_get(s, &out, &pairs, &code, NULL), RC_OK);
        assert_int_equal(code, RC_OK);
        rc_analysis_stream_free(s);
        rc_analysis_pairs_free(&pairs);
        rc_analysis_free(&out);
    }
    /* Arguments. */
    rc_analysis_stream *s = (rc_analysis_stream *)1;
    assert_int_equal(rc_analysis_stream_new(g, &e, -1, 4, 0, &s), RC_EINVAL);
    assert_null(s);
    assert_int_equal(rc_analysis_stream_new(g, &e, 1, 0, 0, &s), RC_EINVAL);
    assert_int_equal(rc_analysis_stream_new(NULL, &e, 1, 4, 0, &s), RC_EINVAL);
    assert_int_equal(rc_analysis_stream_new(g, &e, 1, 4, 0, NULL), RC_EINVAL);
    assert_int_equal(rc_analysis_stream_new(g, &e, 1, (size_t)-1, 0, &s), RC_ETOOBIG);
    assert_int_equal(rc_analysis_stream_new(g, &e, 2, 4, 1, &s), RC_OK);
    rc_analysis out = RC_ANALYSIS_INIT;
    int code;
    assert_int_equal(rc_analysis_stream_put(s, NULL, 0), RC_EINVAL);
    assert_int_equal(rc_analysis_stream_put(NULL, &texts[0], 0), RC_EINVAL);
    assert_int_equal(rc_analysis_stream_put(s, &texts[2], 0), RC_OK);
    assert_int_equal(rc_analysis_stream_get(s, &out, NULL, &code, NULL), RC_EINVAL); /* its pairs go nowhere */
    assert_int_equal(rc_analysis_stream_get(s, NULL, NULL, &code, NULL), RC_EINVAL);
    rc_analysis_stream_free(s);
    rc_analysis_stream_free(NULL);
    for (size_t i = 0; i < N; i++) free(owned[i]);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
}

/* ---- allocation failure -------------------------------------------------------------------- */

static void test_allocation_failure(void **state)
{
    rc_gazetteer *g = build();
    rc_entities e = RC_ENTITIES_INIT;
    assert_int_equal(rc_entities_init(g, &e), RC_OK);
    const rc_window windows[] = {{RC_WINDOW_SENTENCE, 0}, {RC_WINDOW_DOCUMENT, 0}, {RC_WINDOW_TOKENS, 4}};
    long points = 0;
    for (int w = 0; w < 3; w++) {
        char want[4096];
        snprintf(want, sizeof want, "%s", pairs_of(g, &e, sample, windows[w], RC_OFFSETS_CODEPOINTS));
        for (long n = 0;; n++) {
            rc_analysis d = RC_ANALYSIS_INIT;
            rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
            rc_fault_fail_after(n);
            int rc = rc_analyze(g, &e, sample, strlen(sample), RC_OFFSETS_CODEPOINTS, &d);
            if (rc) {
                assert_int_equal(d.mentions.count, 0);
                assert_int_equal(d.tokens.count, 0);
                assert_int_equal(d.sentences.count, 0);
            } else {
                rc = rc_analysis_pairs_get(&d, windows[w], &p);
                if (rc) assert_int_equal(p.len, 0);
            }
            rc_fault_fail_after(-1);
            if (rc == RC_OK) assert_string_equal(describe(&e, &p), want);
            rc_analysis_pairs_free(&p);
            rc_analysis_free(&d);
            if (rc == RC_OK) {
                points += n;
                break;
            }
            assert_int_equal(rc, RC_ENOMEM);
        }
    }
    /* rc_analyze_many from code units (its conversion buffer) and from UTF-8; one thread, so that
     * every allocation happens on this thread, where the failure is injected. */
    {
        size_t units;
        void *u = to_units(sample, strlen(sample), 4, &units);
        rc_text texts[2] = {{u, units, 4}, {sample, strlen(sample), 0}};
        unsigned opts[2] = {RC_OFFSETS_CODEPOINTS, RC_OFFSETS_CODEPOINTS};
        for (long n = 0;; n++) {
            rc_analysis out[2] = {RC_ANALYSIS_INIT, RC_ANALYSIS_INIT};
            int codes[2];
            rc_fault_fail_after(n);
            int rc = rc_analyze_many(g, &e, 2, texts, opts, 1, out, codes, NULL);
            rc_fault_fail_after(-1);
            assert_int_equal(rc, RC_OK);
            for (int k = 0; k < 2; k++) {
                if (codes[k]) {
                    assert_int_equal(codes[k], RC_ENOMEM);
                    assert_int_equal(out[k].mentions.count, 0);
                }
            }
            int done = !codes[0] && !codes[1];
            if (done) same_analysis(&out[0], &out[1]);
            rc_analysis_free(&out[0]);
            rc_analysis_free(&out[1]);
            if (done) break;
            points++;
        }
        free(u);
    }
    /* rc_analysis_stream with pairs, one worker (this thread, where the failure is injected): the
     * stream's memory failing fails its making, and a text whose pairs cannot be counted fails
     * whole. */
    {
        rc_text texts[2] = {{sample, strlen(sample), 0}, {"Iran and Georgia.", 17, 0}};
        unsigned opts[2] = {RC_OFFSETS_CODEPOINTS, 0};
        char want[4096];
        snprintf(want, sizeof want, "%s", pairs_of(g, &e, sample, windows[0], RC_OFFSETS_CODEPOINTS));
        long hit = 0, refused = 0;
        for (long n = 0;; n++) {
            rc_analysis out[2] = {RC_ANALYSIS_INIT, RC_ANALYSIS_INIT};
            rc_analysis_pairs pairs[2] = {RC_ANALYSIS_PAIRS_INIT, RC_ANALYSIS_PAIRS_INIT};
            int codes[2] = {RC_OK, RC_OK};
            rc_analysis_stream *s;
            rc_fault_fail_after(n);
            int rc = rc_analysis_stream_new(g, &e, 1, 2, 1, &s);
            for (int k = 0; !rc && k < 2; k++) assert_int_equal(rc_analysis_stream_put(s, &texts[k], opts[k]), RC_OK);
            for (int k = 0; !rc && k < 2; k++)
                assert_int_equal(rc_analysis_stream_get(s, &out[k], &pairs[k], &codes[k], NULL), RC_OK);
            rc_analysis_stream_free(s);
            rc_fault_fail_after(-1);
            if (rc) {
                assert_int_equal(rc, RC_ENOMEM);
                assert_null(s);
                refused++;
            }
            for (int k = 0; k < 2; k++)
                if (codes[k]) {
                    assert_int_equal(codes[k], RC_ENOMEM);
                    assert_int_equal(out[k].mentions.count, 0);
                    assert_int_equal(pairs[k].len, 0);
                    hit++;
                }
            int done = !rc && !codes[0] && !codes[1];
            if (done) assert_string_equal(describe(&e, &pairs[0]), want);
            for (int k = 0; k < 2; k++) {
                rc_analysis_pairs_free(&pairs[k]);
                rc_analysis_free(&out[k]);
            }
            if (done) break;
            points++;
        }
        assert_int_equal(refused, 5); /* the stream, its slots, its buffers, the pool and its flags */
        assert_true(hit > 5);
    }
    /* Outputs that already hold memory: a failure on a bigger text leaves them usable. */
    rc_analysis d = RC_ANALYSIS_INIT;
    rc_analysis_pairs p = RC_ANALYSIS_PAIRS_INIT;
    assert_int_equal(rc_analyze(g, &e, "Iran and Georgia.", 17, 0, &d), RC_OK);
    assert_int_equal(rc_analysis_pairs_get(&d, windows[0], &p), RC_OK);
    char big[16384];
    size_t len = 0;
    for (int k = 0; k < 150; k++)
        len += (size_t)snprintf(big + len, sizeof big - len, "%s and %s. ", world[k % NWORLD].alias,
                                world[(k * 7 + 3) % NWORLD].alias);
    for (long n = 0;; n++) {
        rc_fault_fail_after(n);
        int rc = rc_analyze(g, &e, big, len, 0, &d);
        if (!rc) rc = rc_analysis_pairs_get(&d, windows[1], &p);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) break;
        assert_int_equal(rc, RC_ENOMEM);
        points++;
    }
    assert_true(p.len > 10);
    rc_analysis_pairs_free(&p);
    rc_analysis_free(&d);
    rc_entities_free(&e);
    rc_gazetteer_free(g);
    print_message("allocation failure: %ld failure points checked\n", points);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_equal_the_stages),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_pairs_with_evidence),
        cmocka_unit_test(test_speeches_agree_with_cooccur),
        cmocka_unit_test(test_many_equals_one_by_one),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_tokens_later),
        cmocka_unit_test(test_analysis_bin),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
