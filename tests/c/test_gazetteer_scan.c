/* The gazetteer's block path (gazetteer_blocks.h, the GAZ_FAST part of gazetteer_scan.h) against
 * its chunk path: the same tokens, offsets and chunk counts on random text, and the same byte
 * classes as gaz_byte_class for every byte value at every position of a block. */
#include "testutil.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/gazetteer_blocks.h"

/* ---- a recording sink, with marks and rollbacks as the matcher has them ------------------- */

typedef struct {
    size_t start, end;
    unsigned char bytes[48];
    size_t n;
} rec_token;

typedef struct {
    rec_token *t;
    size_t n, cap, mark;
    size_t chunks;  /* chunk starts: marks, or GAZ_CHUNKS counts */
    size_t budget;  /* what rec_fast returns */
    size_t blocks;  /* tokens given by the block path */
} recorder;

static int rec_token_at(recorder *r, const unsigned char *p, size_t n, uint64_t ormask, size_t start,
                        size_t end)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 256;
        r->t = realloc(r->t, r->cap * sizeof *r->t);
        assert_non_null(r->t);
    }
    rec_token *t = &r->t[r->n++];
    t->start = start;
    t->end = end;
    t->n = n < sizeof t->bytes ? n : sizeof t->bytes;
    for (size_t i = 0; i < t->n; i++) t->bytes[i] = (unsigned char)(p[i] | (unsigned char)ormask);
    return 0;
}

static int rec_sink(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask, size_t start,
                    size_t end)
{
    assert_true(avail >= n);
    return rec_token_at(ctx, p, n, ormask, start, end);
}

static int rec_mark(void *ctx)
{
    recorder *r = ctx;
    r->mark = r->n;
    r->chunks++;
    return 0;
}

static void rec_rollback(void *ctx)
{
    recorder *r = ctx;
    r->n = r->mark;
}

static size_t rec_fast(void *ctx)
{
    return ((recorder *)ctx)->budget;
}

static void rec_chunks(void *ctx, size_t n)
{
    ((recorder *)ctx)->chunks += n;
}

static int rec_block(void *ctx, const unsigned char *s, size_t at, uint64_t word, uint64_t toks)
{
    recorder *r = ctx;
    while (toks) {
        size_t n;
        const size_t k = at + gaz_block_token(&toks, word, &n);
        const int is_word = (int)(word >> (k - at) & 1);
        const unsigned char *p = !is_word && s[k] == '`' ? (const unsigned char *)"'" : s + k;
        rec_token_at(r, p, n, is_word ? GAZ_ORMASK_LOWER : 0, k, k + n);
        r->blocks++;
    }
    return 0;
}

#define GAZ_SCAN_NAME scan_blocks
#define GAZ_BLOCK_NAME scan_blocks_block
#define GAZ_FAST rec_fast
#define GAZ_CHUNKS rec_chunks
#define GAZ_BLOCK_SINK rec_block
#define GAZ_SINK rec_sink
#define GAZ_SINK_PTR rec_sink
#define GAZ_MARK rec_mark
#define GAZ_ROLLBACK rec_rollback
#include "gazetteer/gazetteer_scan.h"

/* ---- random text made of what the two paths treat differently ----------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

static size_t random_text(unsigned char *buf, size_t cap, unsigned flavour)
{
    static const char *const pieces[] = {
        "Azerbaijan", "UNITED", "nations", "U.S.", "e-mail", "x", "42", "A1b2", "`quoted'", "(UN)", ",", ".",
        "don't", "-", "--", "\x7f", "a\x7f" "b", "\t", "\n", " ", "  ", "\r\n", "\x01", "\x1f",
        "\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x94", "\xc2\xa0", "\xe2\x80\xa6", "caf\xc3\xa9",
        "\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f", "\xe4\xb8\xad\xe5\x9b\xbd", "\xff", "\xc3",
        "averyveryverylongwordthatgoesonandonpasteightbytes", "#", "@", "_", "{}", "~",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    size_t n = 0;
    while (n + 64 < cap) {
        const char *p;
        if (flavour == 0) p = pieces[next_rand() % np];                       /* anything */
        else if (flavour == 1) p = pieces[next_rand() % 24];                  /* ASCII only */
        else { /* a raw byte: every value, now and then */
            buf[n++] = (unsigned char)next_rand();
            continue;
        }
        size_t k = strlen(p);
        memcpy(buf + n, p, k);
        n += k;
        if (next_rand() % 3 == 0) buf[n++] = ' ';
    }
    return n;
}

/* Scans text both ways; returns how many tokens the block path gave. */
static size_t compare(const unsigned char *given, size_t len, size_t budget)
{
    /* an exact-size copy, so that a sanitized build catches a read past the end */
    unsigned char *text = malloc(len ? len : 1);
    assert_non_null(text);
    memcpy(text, given, len);
    recorder a = {0}, b = {0};
    a.budget = 0; /* the chunk path only */
    b.budget = budget;
    rc_normalized na = RC_NORMALIZED_INIT, nb = RC_NORMALIZED_INIT;
    assert_int_equal(scan_blocks((const char *)text, len, &a, &na), 0);
    assert_int_equal(scan_blocks((const char *)text, len, &b, &nb), 0);
    assert_int_equal(a.blocks, 0);
    assert_int_equal(a.chunks, b.chunks);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_int_equal(a.t[i].start, b.t[i].start);
        assert_int_equal(a.t[i].end, b.t[i].end);
        assert_int_equal(a.t[i].n, b.t[i].n);
        assert_memory_equal(a.t[i].bytes, b.t[i].bytes, a.t[i].n);
    }
    free(a.t);
    free(b.t);
    rc_normalized_free(&na);
    rc_normalized_free(&nb);
    free(text);
    return b.blocks;
}

static void test_block_path_gives_the_chunk_path_tokens(void **state)
{
    (void)state;
    static unsigned char buf[8192];
    for (unsigned round = 0; round < 300; round++) {
        const size_t cap = 80 + next_rand() % (sizeof buf - 80);
        const size_t len = random_text(buf, cap, round % 3);
        const size_t fast = compare(buf, len, 1000);
        if (round % 3 == 1 && len > 1000) assert_true(fast > 0); /* ASCII text takes the block path */
        compare(buf, len, 1 + next_rand() % 40); /* a budget that refuses some blocks */
        for (size_t cut = 0; cut < 70 && cut < len; cut += 7) compare(buf + cut, len - cut, 1000);
    }
}

/* Every byte value at every position of a block, among neighbours of every class. */
static void test_block_classes(void **state)
{
    (void)state;
    unsigned char block[64];
    for (unsigned fill = 0; fill < 256; fill += 5) {
        for (unsigned c = 0; c < 256; c++) {
            for (unsigned pos = 0; pos < 64; pos += 9) {
                memset(block, (int)fill, sizeof block);
                block[pos] = (unsigned char)c;
                block[63 - pos / 2] = (unsigned char)(c ^ 0x80);
                gaz_block_masks v, w;
                gaz_block_classify(block, &v);
                gaz_block_classify_swar(block, &w);
                for (unsigned k = 0; k < 64; k++) {
                    const unsigned char b = block[k];
                    const unsigned cls = gaz_byte_class[b];
                    assert_int_equal(v.space >> k & 1, b <= 0x20);
                    assert_int_equal(v.high >> k & 1, b >= 0x80);
                    assert_int_equal(v.word >> k & 1, cls == GAZ_C_WORD);
                    assert_int_equal(v.sep >> k & 1, cls == GAZ_C_SEP && b > 0x20);
                    assert_int_equal(cls == GAZ_C_PUNCT,
                                     !((v.space | v.high | v.word | v.sep) >> k & 1));
                }
                assert_true(v.space == w.space && v.high == w.high && v.word == w.word && v.sep == w.sep);
            }
        }
    }
}

static void test_popcount(void **state)
{
    (void)state;
    assert_int_equal(gaz_popcount64(0), 0);
    assert_int_equal(gaz_popcount64(~0ull), 64);
    for (unsigned i = 0; i < 1000; i++) {
        const uint64_t x = ((uint64_t)next_rand() << 32) | next_rand();
        unsigned n = 0;
        for (unsigned k = 0; k < 64; k++) n += (unsigned)(x >> k & 1);
        assert_int_equal(gaz_popcount64(x), n);
        if (x) assert_int_equal(63 - gaz_clz64(x), 63 - (unsigned)__builtin_clzll(x));
    }
}

/* ---- the matcher with and without its block path ------------------------------------------ */

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The default gazetteer's entries (python/relcore/data/gazetteer.tsv: alias, id, kind, case, lang,
 * source, form), without its languages file: what the block path changes is how ASCII text is
 * cut, which the entries alone exercise. */
static rc_gazetteer *default_entries(void)
{
    size_t len;
    char *tsv = read_whole("python/relcore/data/gazetteer.tsv", &len);
    assert_non_null(tsv);
    rc_gazetteer_builder *b = NULL;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    size_t added = 0;
    for (char *line = tsv, *end; line < tsv + len; line = end + 1) {
        end = memchr(line, '\n', (size_t)(tsv + len - line));
        if (!end) end = tsv + len;
        if (*line == '#' || !strncmp(line, "alias\t", 6)) continue;
        const char *col[7] = {0};
        size_t clen[7] = {0}, ncol = 0;
        for (char *c = line; ncol < 7 && c <= end;) {
            char *tab = memchr(c, '\t', (size_t)(end - c));
            char *stop = tab ? tab : end;
            col[ncol] = c;
            clen[ncol++] = (size_t)(stop - c);
            c = stop + 1;
        }
        if (ncol < 7) continue;
        static const char *const forms[] = {"name", "demonym", "capital", "block"};
        int form = 0;
        for (int k = 0; k < 4; k++)
            if (clen[6] == strlen(forms[k]) && !memcmp(col[6], forms[k], clen[6])) form = k;
        rc_gazetteer_entry e = {col[0], clen[0], col[1], clen[1], col[2], clen[2], col[4], clen[4],
                                !memcmp(col[3], "sensitive", 9) ? RC_CASE_SENSITIVE
                                : !memcmp(col[3], "insensitive", 11) ? RC_CASE_INSENSITIVE : RC_CASE_AUTO,
                                0, form};
        assert_int_equal(rc_gazetteer_builder_add(b, &e), RC_OK);
        added++;
    }
    assert_true(added > 1000);
    rc_gazetteer *g = NULL;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    free(tsv);
    return g;
}

/* Finds in text both ways and in both modes; returns the matches found. */
static size_t find_both_ways(const rc_gazetteer *g, const char *given, size_t len)
{
    char *text = malloc(len ? len : 1); /* exact size: a sanitized build catches overreads */
    assert_non_null(text);
    memcpy(text, given, len);
    size_t found = 0;
    for (unsigned options = 0; options <= RC_MATCH_OVERLAPPING; options += RC_MATCH_OVERLAPPING) {
        rc_matches a = RC_MATCHES_INIT, b = RC_MATCHES_INIT;
        gaz_test_chunk_path_only = 1;
        assert_int_equal(rc_gazetteer_find(g, text, len, options, &a), RC_OK);
        gaz_test_chunk_path_only = 0;
        assert_int_equal(rc_gazetteer_find(g, text, len, options, &b), RC_OK);
        assert_int_equal(a.count, b.count);
        for (size_t i = 0; i < a.count; i++) {
            assert_int_equal(a.start[i], b.start[i]);
            assert_int_equal(a.end[i], b.end[i]);
            assert_int_equal(a.entry[i], b.entry[i]);
        }
        found += a.count;
        rc_matches_free(&a);
        rc_matches_free(&b);
    }
    free(text);
    return found;
}

static const char *const sample_names[] = {"ARM", "AZE", "CHN", "FRA", "GEO", "IRN", "RUS", "TUR", "UKR", "USA"};

/* The bundled speeches whole, in pieces that start and end anywhere, spliced with non-ASCII
 * pieces, and (when /tmp/ungdc is there) some UN General Debate speeches. */
static void test_matcher_block_path_same_matches(void **state)
{
    (void)state;
    rc_gazetteer *g = default_entries();
    size_t found = 0;
    static const char *const inserts[] = {"\xe2\x80\x99s ", " caf\xc3\xa9 ", "\xe2\x80\x9c", " T\xc3\xbcrkiye ",
                                          " \xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f ", "\xc2\xa0", "-", "`"};
    for (size_t s = 0; s < sizeof sample_names / sizeof sample_names[0]; s++) {
        char path[256];
        snprintf(path, sizeof path, "python/relcore/data/samples/%s_78_2023.txt", sample_names[s]);
        size_t len;
        char *text = read_whole(path, &len);
        assert_non_null(text);
        found += find_both_ways(g, text, len);
        for (unsigned round = 0; round < 20; round++) {
            const size_t a = next_rand() % len, b = a + next_rand() % (len - a);
            found += find_both_ways(g, text + a, b - a);
        }
        /* splice: each insert somewhere, the text around it shifted by its length */
        char *mixed = malloc(len + 64 * 16);
        assert_non_null(mixed);
        size_t m = 0, from = 0;
        for (unsigned k = 0; k < 64 && from < len; k++) {
            const size_t to = from + next_rand() % (len / 32 + 1);
            const size_t upto = to < len ? to : len;
            memcpy(mixed + m, text + from, upto - from);
            m += upto - from;
            const char *ins = inserts[next_rand() % (sizeof inserts / sizeof inserts[0])];
            memcpy(mixed + m, ins, strlen(ins));
            m += strlen(ins);
            from = upto;
        }
        memcpy(mixed + m, text + from, len - from);
        m += len - from;
        found += find_both_ways(g, mixed, m);
        free(mixed);
        free(text);
    }
    for (unsigned k = 0; k < 30; k++) {
        char path[256];
        snprintf(path, sizeof path, "/tmp/ungdc/Session 78 - 2023/%s_78_2023.txt",
                 (const char *[]){"ALB", "BRA", "CAN", "DEU", "EGY", "ESP", "GBR", "IND", "JPN", "KEN",
                                  "MEX", "NGA", "PAK", "POL", "QAT", "SAU", "SEN", "SWE", "THA", "VNM",
                                  "ZAF", "ARG", "AUS", "BEL", "CHL", "COL", "CUB", "DNK", "FIN", "GRC"}[k]);
        size_t len;
        char *text = read_whole(path, &len);
        if (!text) continue; /* the corpus is optional */
        found += find_both_ways(g, text, len);
        free(text);
    }
    assert_true(found > 1000); /* the comparison compared something */
    rc_gazetteer_free(g);
}

/* The token filter lets every token through, and keeps out most words that are none. */
static void test_token_filter(void **state)
{
    (void)state;
    rc_gazetteer *g = default_entries();
    for (uint32_t t = 0; t < g->h.n_tokens; t++) {
        const unsigned char *p = (const unsigned char *)g->pool + g->tokens[t].off;
        const uint32_t h = gaz_hash(p, g->tokens[t].len, 0);
        assert_int_equal(h, g->tokens[t].hash);
        assert_int_equal(gaz_maybe_token(g->token_filter, h), 1);
        assert_int_equal(gaz_lookup(g, p, g->tokens[t].len, g->tokens[t].len, 0), t);
    }
    size_t kept_out = 0;
    char word[16];
    for (unsigned i = 0; i < 1000; i++) {
        const int n = snprintf(word, sizeof word, "zq%ux", i);
        kept_out += !gaz_maybe_token(g->token_filter, gaz_hash((const unsigned char *)word, (size_t)n, 0));
        assert_int_equal(gaz_lookup(g, (const unsigned char *)word, (size_t)n, (size_t)n, 0), GAZ_NONE);
    }
    assert_true(kept_out > 700);
    rc_gazetteer_free(g);
    /* Past 16,384 tokens the filter lets everything through, and lookups still find every token. */
    rc_gazetteer_builder *b = NULL;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (unsigned i = 0; i < 20000; i++) {
        const int n = snprintf(word, sizeof word, "w%u", i);
        rc_gazetteer_entry e = {word, (size_t)n, "X", 1, NULL, 0, NULL, 0, RC_CASE_INSENSITIVE, 0, 0};
        assert_int_equal(rc_gazetteer_builder_add(b, &e), RC_OK);
    }
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    assert_true(g->h.n_tokens > 16384);
    for (unsigned k = 0; k < 1024; k++) assert_true(g->token_filter[k] == ~0ull);
    rc_matches m = RC_MATCHES_INIT;
    static char text[20000 * 8];
    size_t len = 0;
    for (unsigned i = 0; i < 20000; i += 7) len += (size_t)snprintf(text + len, sizeof text - len, "W%u, ", i);
    assert_int_equal(rc_gazetteer_find(g, text, len, 0, &m), RC_OK);
    assert_int_equal(m.count, (20000 + 6) / 7);
    rc_matches_free(&m);
    rc_gazetteer_free(g);
}

/* The start and edge filters: every token that starts an alias, and every edge, has its bit (a
 * token that fails them is never looked up, so a missing bit would lose a match); past their
 * size they let everything through. The block path, which looks tokens up late, finds what the
 * chunk path finds, for aliases whose later words are no start ("United Kingdom"), through a
 * '`' read as '\'', and with both filters full. */
static void test_start_and_edge_filters(void **state)
{
    (void)state;
    rc_gazetteer *g = default_entries();
    size_t starts = 0;
    for (uint32_t t = 0; t < g->h.n_tokens; t++) {
        const gaz_token_rec *r = &g->tokens[t];
        const unsigned char *p = (const unsigned char *)g->pool + r->off;
        const uint32_t hs = gaz_start_hash(gaz_prefix(p, r->len, r->len, GAZ_ORMASK_LOWER), r->len);
        if (g->root[t]) starts++, assert_int_equal(gaz_maybe_start(g->start_filter, hs), 1);
    }
    assert_true(starts > 1000);
    for (uint32_t v = 0; v < g->h.n_nodes; v++)
        for (uint32_t e = g->edge_start[v]; e < g->edge_start[v + 1]; e++) {
            const gaz_token_rec *r = &g->tokens[g->edges[e].token];
            const unsigned char *p = (const unsigned char *)g->pool + r->off;
            const uint32_t b = gaz_edge_bit(v, gaz_start_hash(gaz_prefix(p, r->len, r->len, GAZ_ORMASK_LOWER), r->len));
            assert_int_equal(g->edge_filter[b >> 6] >> (b & 63) & 1, 1);
        }
    /* most words of English text are no start */
    size_t kept_out = 0;
    char word[32];
    for (unsigned i = 0; i < 1000; i++) {
        const int n = snprintf(word, sizeof word, "zq%ux", i);
        kept_out += !gaz_maybe_start(g->start_filter, gaz_start_hash(gaz_prefix((const unsigned char *)word, (size_t)n, (size_t)n, GAZ_ORMASK_LOWER), (size_t)n));
    }
    assert_true(kept_out > 900);
    static const char text[] =
        "In the United Kingdom of Great Britain and Northern Ireland, the People`s Republic of China "
        "and the Democratic People`s Republic of Korea met the Republic of Korea; the United States "
        "of America, the U.S. and the Lao People`s Democratic Republic.                             ";
    assert_true(find_both_ways(g, text, sizeof text - 1) >= 2 * 7);
    rc_gazetteer_free(g);
    /* Too many starts and edges for the filters: every bit set, the same matches. */
    rc_gazetteer_builder *b = NULL;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (unsigned i = 0; i < 70000; i++) {
        const int n = snprintf(word, sizeof word, "w%u v%u", i, i % 7);
        rc_gazetteer_entry e = {word, (size_t)n, "X", 1, NULL, 0, NULL, 0, RC_CASE_INSENSITIVE, 0, 0};
        assert_int_equal(rc_gazetteer_builder_add(b, &e), RC_OK);
    }
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    for (unsigned k = 0; k < 2048; k++) assert_true(g->start_filter[k] == ~0ull);
    for (unsigned k = 0; k < 4096; k++) assert_true(g->edge_filter[k] == ~0ull);
    static char many[70000 * 8];
    size_t len = 0;
    for (unsigned i = 0; i < 70000; i += 13)
        len += (size_t)snprintf(many + len, sizeof many - len, "W%u v%u and w%u x ", i, i % 7, i);
    assert_int_equal(find_both_ways(g, many, len), 2 * ((70000 + 12) / 13));
    rc_gazetteer_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_path_gives_the_chunk_path_tokens),
        cmocka_unit_test(test_block_classes),
        cmocka_unit_test(test_popcount),
        cmocka_unit_test(test_matcher_block_path_same_matches),
        cmocka_unit_test(test_token_filter),
        cmocka_unit_test(test_start_and_edge_filters),
    };
    return cmocka_run_group_tests_name("gazetteer_scan", tests, NULL, NULL);
}
