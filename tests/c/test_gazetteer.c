/* test_gazetteer.c — the gazetteer: matching rules (longest-leftmost, overlapping, whole tokens,
 * separators, periods, case rules, accents, CJK, offsets), the builder's errors, the image (round
 * trip; truncation at every length, bit flips and hostile edits give RC_EFORMAT or a gazetteer that
 * is safe to use), and allocation failure everywhere. */
#include "testutil.h"
#include "base/alloc.h"
#include "gazetteer/gazetteer.h"

typedef struct {
    const char *alias, *id;
    int case_mode;
} ent;

static rc_gazetteer *build(const ent *e, size_t n)
{
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (size_t i = 0; i < n; i++) {
        rc_gazetteer_entry x = {e[i].alias, strlen(e[i].alias), e[i].id, strlen(e[i].id),
                                "country", 7, NULL, 0, e[i].case_mode, 0};
        int rc = rc_gazetteer_builder_add(b, &x);
        if (rc) fail_msg("add '%s': %s", e[i].alias, rc_strerror(rc));
    }
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    return g;
}

/* Matches as "start-end:ID start-end:ID ..." (offsets per `options`). */
static char *describe(const rc_gazetteer *g, const char *text, size_t len, unsigned options)
{
    static char buf[8192];
    rc_matches m = RC_MATCHES_INIT;
    assert_int_equal(rc_gazetteer_find(g, text, len, options, &m), RC_OK);
    size_t w = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < m.count; i++) {
        rc_gazetteer_entry e;
        assert_int_equal(rc_gazetteer_entry_get(g, m.entry[i], &e), RC_OK);
        w += (size_t)snprintf(buf + w, sizeof buf - w, "%s%lld-%lld:%s", i ? " " : "",
                              (long long)m.start[i], (long long)m.end[i], e.id);
        assert_true(w < sizeof buf);
    }
    rc_matches_free(&m);
    return buf;
}

#define FIND(g, text) describe((g), (text), strlen(text), 0)
#define FIND_CP(g, text) describe((g), (text), strlen(text), RC_OFFSETS_CODEPOINTS)
#define FIND_ALL(g, text) describe((g), (text), strlen(text), RC_MATCH_OVERLAPPING)

static const ent world[] = {
    {"United States", "USA", RC_CASE_AUTO},
    {"United States of America", "USA1", RC_CASE_AUTO},
    {"America", "AME", RC_CASE_AUTO},
    {"States", "STA", RC_CASE_AUTO},
    {"US", "USA", RC_CASE_AUTO},
    {"U.S.", "USA", RC_CASE_AUTO},
    {"Niger", "NER", RC_CASE_AUTO},
    {"Oman", "OMN", RC_CASE_AUTO},
    {"Azerbaijan", "AZE", RC_CASE_AUTO},
    {"Azerbaijani", "AZE", RC_CASE_AUTO},
    {"Côte d’Ivoire", "CIV", RC_CASE_AUTO},
    {"中国", "CHN", RC_CASE_AUTO},
    {"Guinea-Bissau", "GNB", RC_CASE_AUTO},
    {"Guinea", "GIN", RC_CASE_AUTO},
    {"Chad", "TCD", RC_CASE_SENSITIVE},
    {"Istanbul", "IST", RC_CASE_AUTO},
    {"Türkiye", "TUR", RC_CASE_AUTO},
    {"Democratic People's Republic of Korea", "PRK", RC_CASE_AUTO},
    {"Republic of Korea", "KOR", RC_CASE_AUTO},
    {"U.S.A.", "USA2", RC_CASE_AUTO},
};
#define NWORLD (sizeof world / sizeof world[0])

static void test_longest_leftmost(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    assert_string_equal(FIND(g, "the United States of America and States"), "4-28:USA1 33-39:STA");
    assert_string_equal(FIND(g, "United States of Mexico"), "0-13:USA");
    assert_string_equal(FIND(g, "the Democratic People's Republic of Korea"), "4-41:PRK");
    assert_string_equal(FIND(g, "the Republic of Korea"), "4-21:KOR");
    assert_string_equal(FIND(g, ""), "");
    assert_string_equal(FIND(g, "nothing at all here"), "");
    rc_gazetteer_free(g);
}

static void test_overlapping(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    assert_string_equal(FIND_ALL(g, "United States of America"),
                        "0-13:USA 0-24:USA1 7-13:STA 17-24:AME");
    /* Each entry once per start position: "U.S." is reported, not also "U.S". */
    assert_string_equal(FIND_ALL(g, "U.S. aid"), "0-4:USA");
    assert_string_equal(FIND_ALL(g, "Democratic People's Republic of Korea"), "0-37:PRK 20-37:KOR");
    rc_gazetteer_free(g);
}

static void test_whole_tokens(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    assert_string_equal(FIND(g, "Nigeria and Romania"), "");
    assert_string_equal(FIND(g, "Niger, Oman."), "0-5:NER 7-11:OMN");
    assert_string_equal(FIND(g, "Omani and Nigerien"), "");
    assert_string_equal(FIND(g, "USAID"), "");
    assert_string_equal(FIND(g, "Azerbaijani troops"), "0-11:AZE");
    rc_gazetteer_free(g);
}

static void test_separators(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    assert_string_equal(FIND(g, "United\nStates"), "0-13:USA");
    assert_string_equal(FIND(g, "United \t\r\n  States"), "0-18:USA");
    assert_string_equal(FIND(g, "United\xc2\xa0States"), "0-14:USA"); /* no-break space */
    assert_string_equal(FIND(g, "Guinea Bissau"), "0-13:GNB");
    assert_string_equal(FIND(g, "Guinea-Bissau"), "0-13:GNB");
    assert_string_equal(FIND(g, "Guinea\xe2\x80\x93" "Bissau"), "0-15:GNB"); /* en dash */
    assert_string_equal(FIND(g, "Guinea. Bissau"), "0-6:GIN");
    /* En dashes glued to names. */
    assert_string_equal(FIND(g, "Azerbaijan\xe2\x80\x93US relations"), "0-10:AZE 13-15:USA");
    assert_string_equal(FIND(g, "US \xe2\x80\x93 Azerbaijan"), "0-2:USA 7-17:AZE");
    rc_gazetteer_free(g);
}

static void test_periods(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    assert_string_equal(FIND(g, "the U.S. faces"), "4-8:USA");
    assert_string_equal(FIND(g, "with U. S soldiers"), "5-9:USA");
    assert_string_equal(FIND(g, "U.S-led"), "0-3:USA");
    assert_string_equal(FIND(g, "U.S.- Azerbaijan"), "0-4:USA 6-16:AZE");
    assert_string_equal(FIND(g, "U.S.A. and U. S. A"), "0-6:USA2 11-18:USA2");
    assert_string_equal(FIND(g, "the U. Congress"), "");
    assert_string_equal(FIND(g, "u.s. and us"), "");
    rc_gazetteer_free(g);
}

static void test_possessives(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    assert_string_equal(FIND(g, "Azerbaijan's oil"), "0-10:AZE");
    assert_string_equal(FIND(g, "Azerbaijan\xe2\x80\x99s oil"), "0-10:AZE");
    /* The apostrophe of People's matches both ’ and '. */
    assert_string_equal(FIND(g, "Democratic People\xe2\x80\x99s Republic of Korea"), "0-39:PRK");
    assert_string_equal(FIND(g, "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"), "0-37:PRK");
    rc_gazetteer_free(g);
}

static void test_case_rules(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    assert_string_equal(FIND(g, "us US Us uS"), "3-5:USA");
    assert_string_equal(FIND(g, "U azerbaijan relationship with us"), "2-12:AZE");
    assert_string_equal(FIND(g, "Chad, CHAD and chad"), "0-4:TCD 6-10:TCD");
    assert_string_equal(FIND(g, "AZERBAIJAN AND THE UNITED STATES"), "0-10:AZE 19-32:USA");
    /* Resolution of RC_CASE_AUTO. */
    const ent autos[] = {{"US", "a", 0}, {"NATO", "b", 0}, {"Nato", "c", 0}, {"Iran", "d", 0},
                         {"Lao", "e", 0}, {"ASEAN", "f", 0}, {"\xe4\xb8\xad\xe5\x9b\xbd", "g", 0},
                         {"U.S.A.", "h", 0}, {"Iran", "i", RC_CASE_SENSITIVE},
                         {"US", "j", RC_CASE_INSENSITIVE}, {"G20", "k", 0}, {"20", "l", RC_CASE_SENSITIVE}};
    const int want[] = {1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0};
    rc_gazetteer *h = build(autos, sizeof autos / sizeof autos[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        rc_gazetteer_entry e;
        assert_int_equal(rc_gazetteer_entry_get(h, i, &e), RC_OK);
        if (e.case_sensitive != want[i]) fail_msg("%s: case_sensitive %d", autos[i].alias, e.case_sensitive);
        assert_int_equal(e.case_mode, autos[i].case_mode);
    }
    /* Several entries on one alias: the first whose rule holds. */
    assert_string_equal(FIND(h, "us"), "0-2:j");
    assert_string_equal(FIND(h, "US"), "0-2:a");
    assert_string_equal(FIND_ALL(h, "US"), "0-2:a 0-2:j");
    assert_string_equal(FIND_ALL(h, "g20 G20"), "4-7:k");
    /* A case-sensitive entry that holds wins over an insensitive one, whatever the order. */
    const ent split[] = {{"Guam", "GUM", 0}, {"GUAM", "GUAM", 0}};
    rc_gazetteer *s = build(split, 2);
    assert_string_equal(FIND(s, "Guam GUAM guam"), "0-4:GUM 5-9:GUAM 10-14:GUM");
    assert_string_equal(FIND_ALL(s, "GUAM"), "0-4:GUAM 0-4:GUM");
    rc_gazetteer_free(s);
    rc_gazetteer_free(h);
    rc_gazetteer_free(g);
}

static void test_accents_and_offsets(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    /* Côte d'Ivoire typed four ways. */
    assert_string_equal(FIND(g, "in C\xc3\xb4te d\xe2\x80\x99Ivoire."), "3-19:CIV");
    assert_string_equal(FIND(g, "in Co\xcc\x82te d'Ivoire."), "3-18:CIV");
    assert_string_equal(FIND(g, "in COTE D'IVOIRE."), "3-16:CIV");
    assert_string_equal(FIND(g, "in Cote d`Ivoire."), "3-16:CIV");
    assert_string_equal(FIND_CP(g, "in C\xc3\xb4te d\xe2\x80\x99Ivoire."), "3-16:CIV");
    /* İ: one code point, two bytes, and casefolds to two code points. */
    const char *t = "\xc4\xb0\xc4\xb0 \xc4\xb0stanbul and T\xc3\x9cRK\xc4\xb0YE";
    assert_string_equal(FIND(g, t), "5-14:IST 19-28:TUR");
    assert_string_equal(FIND_CP(g, t), "3-11:IST 16-23:TUR");
    assert_string_equal(FIND_CP(g, "\xc3\xa9\xc3\xa9 Oman \xf0\x9f\x98\x80 Niger"), "3-7:OMN 10-15:NER");
    rc_gazetteer_free(g);
}

static void test_cjk(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    /* 我爱中国人民 — no spaces; 中国 is characters 2..4 */
    const char *t = "\xe6\x88\x91\xe7\x88\xb1\xe4\xb8\xad\xe5\x9b\xbd\xe4\xba\xba\xe6\xb0\x91";
    assert_string_equal(FIND(g, t), "6-12:CHN");
    assert_string_equal(FIND_CP(g, t), "2-4:CHN");
    assert_string_equal(FIND_CP(g, "Oman\xe4\xb8\xad\xe5\x9b\xbd" "Oman"), "0-4:OMN 4-6:CHN 6-10:OMN");
    /* A long text without a single space is cut into chunks; nothing is lost at the cuts. */
    size_t reps = 3000, n = 0;
    char *big = malloc(reps * 9 + 1);
    for (size_t i = 0; i < reps; i++) {
        memcpy(big + n, "\xe6\x88\x91\xe4\xb8\xad\xe5\x9b\xbd", 9); /* 我中国 */
        n += 9;
    }
    rc_matches m = RC_MATCHES_INIT;
    assert_int_equal(rc_gazetteer_find(g, big, n, RC_OFFSETS_CODEPOINTS, &m), RC_OK);
    assert_int_equal(m.count, reps);
    for (size_t i = 0; i < reps; i++) {
        assert_int_equal(m.start[i], (int64_t)(3 * i + 1));
        assert_int_equal(m.end[i], (int64_t)(3 * i + 3));
    }
    rc_matches_free(&m);
    free(big);
    rc_gazetteer_free(g);
}

/* A node with many children (binary search over its edges): every child is found. */
static void test_wide_node(void **state)
{
    static char aliases[64][32], ids[64][8];
    ent e[64];
    for (int i = 0; i < 64; i++) {
        snprintf(aliases[i], sizeof aliases[i], "Republic of Place%02d", i);
        snprintf(ids[i], sizeof ids[i], "P%02d", i);
        e[i] = (ent){aliases[i], ids[i], RC_CASE_AUTO};
    }
    rc_gazetteer *g = build(e, 64);
    for (int i = 0; i < 64; i++) {
        char want[32];
        snprintf(want, sizeof want, "0-%zu:P%02d", strlen(aliases[i]), i);
        assert_string_equal(FIND(g, aliases[i]), want);
    }
    assert_string_equal(FIND(g, "Republic of Place64"), "");
    rc_gazetteer_free(g);
}

/* Many matches: the token buffer is drained many times; matches across drains survive. */
static void test_long_text(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    const char *unit[] = {"Niger and the United States of America. ", "word ", "U. S. ",
                          "x Democratic People's Republic of Korea "};
    size_t cap = 1 << 20, n = 0, want = 0;
    char *text = malloc(cap);
    unsigned seed = 7;
    while (n + 100 < cap) {
        seed = seed * 1103515245u + 12345u;
        size_t k = (seed >> 16) % 4;
        size_t l = strlen(unit[k]);
        memcpy(text + n, unit[k], l);
        n += l;
        want += k == 0 ? 2 : k == 1 ? 0 : 1;
    }
    rc_matches m = RC_MATCHES_INIT;
    assert_int_equal(rc_gazetteer_find(g, text, n, 0, &m), RC_OK);
    assert_int_equal(m.count, want);
    for (size_t i = 1; i < m.count; i++) assert_true(m.start[i] >= m.end[i - 1]);
    rc_matches_free(&m);
    free(text);
    rc_gazetteer_free(g);
}

static void test_invalid_utf8_text(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    const char t[] = "Oman \xff\xfe Niger\xc3 Chad \xed\xa0\x80";
    assert_string_equal(describe(g, t, sizeof t - 1, 0), "0-4:OMN 8-13:NER 15-19:TCD");
    /* NUL bytes are just characters. */
    const char z[] = "Oman\0Niger";
    assert_string_equal(describe(g, z, sizeof z - 1, 0), "0-4:OMN 5-10:NER");
    /* Code points count each maximal invalid subpart as one character, as rc_tokenize and
     * rc_segment do: stray continuation bytes are characters, not nothing. */
    assert_string_equal(describe(g, t, sizeof t - 1, RC_OFFSETS_CODEPOINTS), "0-4:OMN 8-13:NER 15-19:TCD");
    const char c[] = "\x80\x80 Oman \xe2\x82 Niger";
    assert_string_equal(describe(g, c, sizeof c - 1, RC_OFFSETS_CODEPOINTS), "3-7:OMN 10-15:NER");
    rc_gazetteer_free(g);
}

/* One character whose normalized form is several match tokens ("\u2037" REVERSED TRIPLE PRIME
 * -> three quotes; "\u3231" -> "(株)") is matched once: matching goes on after the character,
 * not at its next token. */
static void test_one_character_several_tokens(void **state)
{
    static const ent quotes[] = {{"'", "Q", RC_CASE_AUTO}, {"\xe6\xa0\xaa", "KABU", RC_CASE_AUTO}};
    rc_gazetteer *g = build(quotes, 2);
    assert_string_equal(FIND(g, "a \xe2\x80\xb7 b"), "2-5:Q");
    assert_string_equal(FIND(g, "\xe3\x88\xb1"), "0-3:KABU");
    assert_string_equal(FIND_CP(g, "x\xe2\x80\xb7\xe2\x80\xb7"), "1-2:Q 2-3:Q");
    rc_gazetteer_free(g);
}

static void test_builder_errors(void **state)
{
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    rc_gazetteer_entry e = {"Oman", 4, "OMN", 3, NULL, 0, NULL, 0, RC_CASE_AUTO, 0};
    assert_int_equal(rc_gazetteer_builder_add(b, &e), RC_OK);
    rc_gazetteer_entry bad = e;
    bad.alias = " - \xe2\x80\x94 ";
    bad.alias_len = strlen(bad.alias);
    assert_int_equal(rc_gazetteer_builder_add(b, &bad), RC_EINVAL);
    bad = e;
    bad.alias_len = 0;
    assert_int_equal(rc_gazetteer_builder_add(b, &bad), RC_EINVAL);
    bad = e;
    bad.id_len = 0;
    assert_int_equal(rc_gazetteer_builder_add(b, &bad), RC_EINVAL);
    bad = e;
    bad.case_mode = 3;
    assert_int_equal(rc_gazetteer_builder_add(b, &bad), RC_EINVAL);
    bad = e;
    bad.alias = "Om\xc3";
    bad.alias_len = 3;
    assert_int_equal(rc_gazetteer_builder_add(b, &bad), RC_EUTF8);
    bad = e;
    bad.kind = "\xff";
    bad.kind_len = 1;
    assert_int_equal(rc_gazetteer_builder_add(b, &bad), RC_EUTF8);
    assert_int_equal(rc_gazetteer_builder_add(NULL, &e), RC_EINVAL);
    assert_int_equal(rc_gazetteer_builder_count(b), 1);
    assert_int_equal(rc_gazetteer_builder_set_meta(b, "\xff", 1), RC_EUTF8);
    assert_int_equal(rc_gazetteer_builder_set_meta(b, "made by a test", 14), RC_OK);
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    assert_string_equal(rc_gazetteer_meta(g, NULL), "made by a test");
    rc_matches m = RC_MATCHES_INIT;
    assert_int_equal(rc_gazetteer_find(g, "Oman", 4, 1u << 3, &m), RC_EINVAL);
    assert_int_equal(rc_gazetteer_find(g, NULL, 4, 0, &m), RC_EINVAL);
    assert_int_equal(rc_gazetteer_find(NULL, "x", 1, 0, &m), RC_EINVAL);
    rc_gazetteer_entry got;
    assert_int_equal(rc_gazetteer_entry_get(g, 1, &got), RC_EINVAL);
    assert_int_equal(rc_gazetteer_entry_get(g, 0, &got), RC_OK);
    assert_string_equal(got.alias, "Oman");
    assert_string_equal(got.id, "OMN");
    assert_string_equal(got.kind, "");
    assert_string_equal(got.lang, "");
    /* The builder stays usable after compile; add_all extends a loaded gazetteer. */
    rc_gazetteer_builder *b2;
    assert_int_equal(rc_gazetteer_builder_new(&b2), RC_OK);
    assert_int_equal(rc_gazetteer_builder_add_all(b2, g), RC_OK);
    rc_gazetteer_entry e2 = {"Niger", 5, "NER", 3, "country", 7, "en", 2, RC_CASE_AUTO, 0};
    assert_int_equal(rc_gazetteer_builder_add(b2, &e2), RC_OK);
    rc_gazetteer *g2;
    assert_int_equal(rc_gazetteer_compile(b2, &g2), RC_OK);
    assert_string_equal(FIND(g2, "Oman Niger"), "0-4:OMN 5-10:NER");
    assert_int_equal(rc_gazetteer_entry_get(g2, 1, &got), RC_OK);
    assert_string_equal(got.lang, "en");
    assert_string_equal(got.kind, "country");
    rc_gazetteer_free(g2);
    rc_gazetteer_builder_free(b2);
    /* An empty gazetteer compiles and matches nothing. */
    rc_gazetteer_builder *b3;
    assert_int_equal(rc_gazetteer_builder_new(&b3), RC_OK);
    rc_gazetteer *g3;
    assert_int_equal(rc_gazetteer_compile(b3, &g3), RC_OK);
    assert_int_equal(rc_gazetteer_count(g3), 0);
    assert_string_equal(FIND(g3, "Oman"), "");
    rc_gazetteer_free(g3);
    rc_gazetteer_builder_free(b3);
    rc_matches_free(&m);
    rc_gazetteer_free(g);
    rc_gazetteer_builder_free(b);
}

static const char *probe_text =
    "The United States of America, U.S. and US; C\xc3\xb4te d\xe2\x80\x99Ivoire, \xe4\xb8\xad\xe5\x9b\xbd, "
    "Guinea Bissau, chad CHAD Chad, Azerbaijan's \xc4\xb0stanbul.";

static void test_image_round_trip(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    const void *data;
    size_t size;
    rc_gazetteer_image(g, &data, &size);
    rc_gazetteer *h;
    assert_int_equal(rc_gazetteer_load_image(data, size, &h), RC_OK);
    char want[8192];
    strcpy(want, FIND(g, probe_text));
    assert_true(strlen(want) > 50);
    assert_string_equal(FIND(h, probe_text), want);
    assert_int_equal(rc_gazetteer_count(h), NWORLD);
    char path[600], missing[600], dir_missing[600];
    test_tmp_path(path, sizeof path, "test_gazetteer.rcg");
    assert_int_equal(rc_gazetteer_save_file(g, path), RC_OK);
    rc_gazetteer *k;
    assert_int_equal(rc_gazetteer_load_file(path, &k), RC_OK);
    assert_string_equal(FIND(k, probe_text), want);
    const void *data2;
    size_t size2;
    rc_gazetteer_image(k, &data2, &size2);
    assert_int_equal(size2, size);
    assert_memory_equal(data2, data, size);
    rc_gazetteer *none = g;
    assert_int_equal(rc_gazetteer_load_file(test_tmp_path(missing, sizeof missing, "no/such/file.rcg"), &none), RC_EIO);
    assert_null(none);
    assert_int_equal(rc_gazetteer_load_file(test_tmp_dir(), &none), RC_EIO);
    assert_int_equal(rc_gazetteer_load_file("Makefile", &none), RC_EFORMAT);
    assert_null(none);
    assert_int_equal(rc_gazetteer_save_file(g, test_tmp_path(dir_missing, sizeof dir_missing, "no/such/dir/x.rcg")), RC_EIO);
    remove(path);
    rc_gazetteer_free(k);
    rc_gazetteer_free(h);
    rc_gazetteer_free(g);
}

/* Truncation at every length, and single bit flips anywhere: RC_EFORMAT. */
static void test_image_damage(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    const void *data;
    size_t size;
    rc_gazetteer_image(g, &data, &size);
    unsigned char *copy = malloc(size);
    rc_gazetteer *h = NULL;
    for (size_t n = 0; n < size; n++) {
        memcpy(copy, data, n);
        if (rc_gazetteer_load_image(copy, n, &h) != RC_EFORMAT) fail_msg("truncated to %zu: loaded", n);
        assert_null(h);
    }
    size_t step = quick_mode() ? 7 : 1;
    for (size_t bit = 0; bit < size * 8; bit += step) {
        memcpy(copy, data, size);
        copy[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        if (rc_gazetteer_load_image(copy, size, &h) != RC_EFORMAT) fail_msg("bit %zu flipped: loaded", bit);
    }
    /* Too long is as bad as too short. */
    unsigned char *longer = calloc(size + 8, 1);
    memcpy(longer, data, size);
    assert_int_equal(rc_gazetteer_load_image(longer, size + 8, &h), RC_EFORMAT);
    free(longer);
    free(copy);
    rc_gazetteer_free(g);
}

/* gaz_checksum against its definition (words zero-padded at the end, the word at `skip` taken
 * as zero), for every length around the word size and every skip. */
static void test_checksum(void **state)
{
    (void)state;
    unsigned char buf[48];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 37 + 11);
    for (size_t n = 0; n <= sizeof buf; n++) {
        for (size_t skip = 0; skip <= 48; skip += 8) {
            uint64_t h = 0xCBF29CE484222325ull;
            for (size_t i = 0; i < n; i += 8) {
                uint64_t w = 0;
                for (size_t k = 0; k < 8 && i + k < n; k++) w |= (uint64_t)buf[i + k] << (8 * k);
                if (i == skip) w = 0;
                h = (h ^ w) * 0x100000001B3ull;
                h ^= h >> 31;
            }
            assert_true(gaz_checksum(buf, n, skip) == h);
        }
    }
}

/* A hostile image: random edits *with a valid checksum*. Validation must refuse it or leave a
 * gazetteer that is safe to search (valgrind and ASan watch the memory accesses). */
static void test_image_hostile(void **state)
{
    rc_gazetteer *g = build(world, NWORLD);
    const void *data;
    size_t size;
    rc_gazetteer_image(g, &data, &size);
    unsigned char *copy = malloc(size);
    unsigned seed = 12345;
    size_t loaded = 0, rounds = quick_mode() ? 3000 : 30000;
    for (size_t r = 0; r < rounds; r++) {
        memcpy(copy, data, size);
        int edits = 1 + (int)(r % 3);
        for (int k = 0; k < edits; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % size;
            seed = seed * 1103515245u + 12345u;
            unsigned kind = (seed >> 16) % 4;
            if (kind == 0) copy[at] ^= (unsigned char)(1u << ((seed >> 4) % 8));
            else if (kind == 1) copy[at] = (unsigned char)(seed >> 20);
            else if (kind == 2 && at + 4 <= size) memset(copy + at, 0xFF, 4);
            else if (at + 4 <= size) memset(copy + at, 0, 4);
        }
        uint64_t sum = gaz_checksum(copy, size, GAZ_CHECKSUM_OFFSET);
        memcpy(copy + GAZ_CHECKSUM_OFFSET, &sum, 8);
        rc_gazetteer *h = NULL;
        int rc = rc_gazetteer_load_image(copy, size, &h);
        if (rc == RC_OK) {
            loaded++;
            rc_matches m = RC_MATCHES_INIT;
            assert_int_equal(rc_gazetteer_find(h, probe_text, strlen(probe_text), RC_MATCH_OVERLAPPING, &m), RC_OK);
            for (size_t i = 0; i < m.count; i++) {
                rc_gazetteer_entry e;
                assert_int_equal(rc_gazetteer_entry_get(h, m.entry[i], &e), RC_OK);
                assert_true(m.start[i] <= m.end[i]);
            }
            rc_matches_free(&m);
            rc_gazetteer_free(h);
        } else if (rc == RC_EVERSION) {
            uint32_t v; /* an intact image of another version: only the version field was edited */
            memcpy(&v, copy + 8, 4);
            assert_int_not_equal(v, RC_GAZETTEER_FORMAT_VERSION);
        } else {
            assert_int_equal(rc, RC_EFORMAT);
        }
    }
    print_message("hostile images: %zu of %zu still valid and searched safely\n", loaded, rounds);
    free(copy);
    rc_gazetteer_free(g);
}

/* Fail the n-th allocation for every n in builder, compile, find and load. */
static void test_allocation_failure(void **state)
{
    for (long n = 0;; n++) {
        rc_gazetteer_builder *b = NULL;
        rc_gazetteer *g = NULL, *h = NULL;
        rc_matches m = RC_MATCHES_INIT;
        rc_fault_fail_after(n);
        int rc = rc_gazetteer_builder_new(&b);
        for (size_t i = 0; !rc && i < NWORLD; i++) {
            rc_gazetteer_entry e = {world[i].alias, strlen(world[i].alias), world[i].id,
                                    strlen(world[i].id), "k", 1, "en", 2, world[i].case_mode, 0};
            size_t before = rc_gazetteer_builder_count(b);
            rc = rc_gazetteer_builder_add(b, &e);
            if (rc) assert_int_equal(rc_gazetteer_builder_count(b), before);
        }
        if (!rc) rc = rc_gazetteer_compile(b, &g);
        if (!rc) rc = rc_gazetteer_find(g, probe_text, strlen(probe_text),
                                        RC_MATCH_OVERLAPPING | RC_OFFSETS_CODEPOINTS, &m);
        if (!rc) rc = rc_gazetteer_find(g, probe_text, strlen(probe_text), 0, &m);
        if (!rc) {
            const void *d;
            size_t s;
            rc_gazetteer_image(g, &d, &s);
            rc = rc_gazetteer_load_image(d, s, &h);
        }
        rc_fault_fail_after(-1);
        if (rc == RC_OK) assert_true(m.count > 0);
        rc_matches_free(&m);
        rc_gazetteer_free(h);
        rc_gazetteer_free(g);
        rc_gazetteer_builder_free(b);
        if (rc == RC_OK) {
            print_message("allocation failure: %ld failure points checked\n", n);
            break;
        }
        assert_int_equal(rc, RC_ENOMEM);
    }
}

/* Rebuilding after failed adds gives exactly what adding only the good ones gives: a failed add
 * takes back the tokens, symbols and strings it had already stored. */
static void test_failed_add_leaves_no_trace(void **state)
{
    /* An alias of 1100 new tokens: interned one by one, then refused (RC_ETOOBIG). */
    char *junk_alias = malloc(1100 * 8);
    size_t jl = 0;
    for (int t = 0; t < 1100; t++) jl += (size_t)sprintf(junk_alias + jl, "t%d ", t);
    rc_gazetteer_entry junk = {junk_alias, jl, "NEWID", 5, "newkind", 7, "xx", 2, 0, 0};
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (size_t i = 0; i < NWORLD; i++) {
        rc_gazetteer_entry e = {world[i].alias, strlen(world[i].alias), world[i].id,
                                strlen(world[i].id), "country", 7, NULL, 0, world[i].case_mode, 0};
        assert_int_equal(rc_gazetteer_builder_add(b, &junk), RC_ETOOBIG);
        for (long n = 0; n < 8; n++) {
            rc_fault_fail_after(n);
            int rc = rc_gazetteer_builder_add(b, &junk);
            rc_fault_fail_after(-1);
            assert_true(rc == RC_ENOMEM || rc == RC_ETOOBIG);
        }
        assert_int_equal(rc_gazetteer_builder_add(b, &e), RC_OK);
    }
    /* Failing allocations at every point of an add that finally succeeds. */
    rc_gazetteer_entry fresh = {"Brand New T\xc3\xb6kens", 17, "NEWID", 5, "newkind", 7, "xx", 2, 0, 0};
    for (long n = 0;; n++) {
        rc_fault_fail_after(n);
        int rc = rc_gazetteer_builder_add(b, &fresh);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) break;
        assert_int_equal(rc, RC_ENOMEM);
    }
    rc_gazetteer *g, *ref;
    {
        rc_gazetteer_builder *rb;
        assert_int_equal(rc_gazetteer_builder_new(&rb), RC_OK);
        for (size_t i = 0; i < NWORLD; i++) {
            rc_gazetteer_entry e = {world[i].alias, strlen(world[i].alias), world[i].id,
                                    strlen(world[i].id), "country", 7, NULL, 0, world[i].case_mode, 0};
            assert_int_equal(rc_gazetteer_builder_add(rb, &e), RC_OK);
        }
        assert_int_equal(rc_gazetteer_builder_add(rb, &fresh), RC_OK);
        assert_int_equal(rc_gazetteer_compile(rb, &ref), RC_OK);
        rc_gazetteer_builder_free(rb);
    }
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    const void *d1, *d2;
    size_t s1, s2;
    rc_gazetteer_image(g, &d1, &s1);
    rc_gazetteer_image(ref, &d2, &s2);
    assert_int_equal(s1, s2);
    assert_memory_equal(d1, d2, s1);
    rc_gazetteer_free(g);
    rc_gazetteer_free(ref);
    rc_gazetteer_builder_free(b);
    free(junk_alias);
}

/* Forms: a block wins like any alias and hides what it covers, but is never reported; the other
 * forms are reported and survive the image round trip; an unknown form is refused. */
static void test_forms(void **state)
{
    static const struct {
        const char *alias, *id;
        int form;
    } e[] = {
        {"Mexico", "MEX", RC_FORM_NAME},          {"Mexican", "MEX", RC_FORM_DEMONYM},
        {"Mexico City", "CITY", RC_FORM_BLOCK},   {"Moscow", "RUS", RC_FORM_CAPITAL},
        {"German shepherd", "DOG", RC_FORM_BLOCK}, {"German", "DEU", RC_FORM_DEMONYM},
    };
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    for (size_t i = 0; i < sizeof e / sizeof *e; i++) {
        const int cs = e[i].form == RC_FORM_BLOCK && e[i].alias[0] == 'M' ? RC_CASE_SENSITIVE : RC_CASE_AUTO;
        rc_gazetteer_entry x = {e[i].alias, strlen(e[i].alias), e[i].id, strlen(e[i].id), NULL, 0,
                                NULL, 0, cs, 0, e[i].form};
        assert_int_equal(rc_gazetteer_builder_add(b, &x), RC_OK);
    }
    rc_gazetteer_entry bad = {"X", 1, "X", 1, NULL, 0, NULL, 0, RC_CASE_AUTO, 0, RC_FORM_BLOCK + 1};
    assert_int_equal(rc_gazetteer_builder_add(b, &bad), RC_EINVAL);
    bad.form = -1;
    assert_int_equal(rc_gazetteer_builder_add(b, &bad), RC_EINVAL);
    assert_int_equal(rc_gazetteer_builder_count(b), 6);
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);

    assert_string_equal(FIND(g, "Mexico City, Mexico and Mexican"), "13-19:MEX 24-31:MEX");
    assert_string_equal(FIND(g, "a German shepherd, a German view"), "21-27:DEU");
    assert_string_equal(FIND(g, "Moscow"), "0-6:RUS");
    /* Overlapping mode leaves the block out and reports what lies inside it. */
    assert_string_equal(FIND_ALL(g, "Mexico City"), "0-6:MEX");
    /* A block whose case rule fails does not match, so it hides nothing ("Mexico City" is
     * case-sensitive here, "German shepherd" is not). */
    assert_string_equal(FIND(g, "Mexico city"), "0-6:MEX");
    assert_string_equal(FIND(g, "a German Shepherd"), "");

    const void *data;
    size_t size;
    rc_gazetteer_image(g, &data, &size);
    rc_gazetteer *h;
    assert_int_equal(rc_gazetteer_load_image(data, size, &h), RC_OK);
    for (size_t i = 0; i < sizeof e / sizeof *e; i++) {
        rc_gazetteer_entry x;
        assert_int_equal(rc_gazetteer_entry_get(h, i, &x), RC_OK);
        assert_int_equal(x.form, e[i].form);
    }
    assert_string_equal(FIND(h, "Mexico City, Mexico"), "13-19:MEX");
    rc_gazetteer_free(h);
    rc_gazetteer_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_leftmost),   cmocka_unit_test(test_overlapping),
        cmocka_unit_test(test_whole_tokens),       cmocka_unit_test(test_separators),
        cmocka_unit_test(test_periods),            cmocka_unit_test(test_possessives),
        cmocka_unit_test(test_case_rules),         cmocka_unit_test(test_accents_and_offsets),
        cmocka_unit_test(test_cjk),                cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_wide_node),
        cmocka_unit_test(test_invalid_utf8_text),
        cmocka_unit_test(test_one_character_several_tokens),  cmocka_unit_test(test_builder_errors),
        cmocka_unit_test(test_image_round_trip),   cmocka_unit_test(test_image_damage),
        cmocka_unit_test(test_image_hostile), cmocka_unit_test(test_checksum),      cmocka_unit_test(test_allocation_failure),
        cmocka_unit_test(test_failed_add_leaves_no_trace), cmocka_unit_test(test_forms),
    };
    return cmocka_run_group_tests_name("gazetteer", tests, NULL, NULL);
}
