/* test_abbrev.c — the abbreviation and sentence-starter lookups (tokenize/abbreviations.c) give
 * the answers of a slow reference: the sorted lists of the generated header, searched the way
 * the lookups worked before they hashed (ASCII lower-casing into a C string, strcmp). Checked:
 * every listed word in every case variant, near misses (a letter more, less or changed, the other
 * list's words), NUL and non-ASCII bytes, every short string over an alphabet of edge bytes, and
 * random words. */
#define RC_ABBREV_LISTS /* the lists of the generated header, for the reference */

#include "testutil.h"
#include "tokenize/abbrev.h"
#include "gen/abbrev_table.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the reference: the lookups as they were (binary search, strcmp) --------------------- */

static int ref_key(const unsigned char *s, size_t n, char *key)
{
    if (n == 0 || n >= 16) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c >= 0x80) return 0;
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    key[n] = '\0';
    return 1;
}

static int ref_abbrev_class(const unsigned char *s, size_t n)
{
    char key[16];
    if (n > 0 && n <= RC_ABBREV_MAX_LEN && ref_key(s, n, key)) {
        unsigned c0 = s[0] | 0x20;
        if (c0 >= 'a' && c0 <= 'z' && (lengths[c0 - 'a'] >> n & 1)) {
            size_t lo = 0, hi = COUNT(rc_abbrev_list);
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(key, rc_abbrev_list[mid].word);
                if (c == 0) {
                    if (!(rc_abbrev_list[mid].cap && !(s[0] >= 'A' && s[0] <= 'Z')))
                        return rc_abbrev_list[mid].cls;
                    break;
                }
                if (c < 0) hi = mid;
                else lo = mid + 1;
            }
        }
    }
    return n >= 3 && memchr(s, '.', n) && rc_abbrev_letter_pattern(s, n) ? RC_ABBR_COMMON
                                                                        : RC_ABBR_NONE;
}

static int ref_sentence_starter(const unsigned char *s, size_t n)
{
    char key[16];
    if (!ref_key(s, n, key) || s[0] < 'A' || s[0] > 'Z') return 0;
    int caps = n > 1 && s[1] >= 'A' && s[1] <= 'Z';
    for (size_t i = 1; i < n; i++)
        if ((s[i] >= 'A' && s[i] <= 'Z') != caps) return 0;
    size_t lo = 0, hi = COUNT(rc_starter_list);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, rc_starter_list[mid]);
        if (c == 0) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* ---- comparisons -------------------------------------------------------------------------- */

static size_t compared;

/* Both lookups agree with the reference on s[0..n); a failure prints the word. */
static void same(const unsigned char *s, size_t n)
{
    int got = rc_abbrev_class(s, n), want = ref_abbrev_class(s, n);
    if (got != want) fail_msg("rc_abbrev_class(\"%.*s\", %zu) = %d, the reference says %d", (int)n, s, n, got, want);
    got = rc_sentence_starter(s, n), want = ref_sentence_starter(s, n);
    if (got != want) fail_msg("rc_sentence_starter(\"%.*s\", %zu) = %d, the reference says %d", (int)n, s, n, got, want);
    compared++;
}

/* w and its variants: case (lower, capitalized, capitals, each letter flipped), a letter more or
 * less, each byte changed, a NUL or a non-ASCII byte inside or after it, a final period. */
static void variants(const char *w)
{
    unsigned char b[40];
    size_t n = strlen(w);
    assert_true(n + 2 < sizeof b);
    memcpy(b, w, n);
    same(b, n);
    for (int mode = 0; mode < 3; mode++) {
        for (size_t i = 0; i < n; i++) {
            unsigned c = (unsigned char)w[i];
            int up = mode == 2 || (mode == 1 && i == 0);
            b[i] = (unsigned char)(up && c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        same(b, n);
        for (size_t i = 0; i < n; i++) { /* one letter's case flipped */
            unsigned char keep = b[i];
            if ((keep | 0x20) >= 'a' && (keep | 0x20) <= 'z') b[i] ^= 0x20;
            same(b, n);
            b[i] = keep;
        }
        static const unsigned char edge[] = {0, 'a', 'z', 'A', 'Z', '.', '\'', '-', '@', '`', '{', 0x7F, 0x80, 0xC3, 0xFF};
        for (size_t e = 0; e < sizeof edge; e++) {
            b[n] = edge[e];
            same(b, n + 1); /* a byte more */
            b[n + 1] = 'x';
            same(b, n + 2); /* and another after it (after a NUL: not part of the key) */
            for (size_t i = 0; i < n; i++) { /* each byte changed */
                unsigned char keep = b[i];
                b[i] = edge[e];
                same(b, n);
                b[i] = keep;
            }
        }
        if (n > 1) same(b, n - 1), same(b + 1, n - 1); /* a byte less */
        b[n] = '.';
        same(b, n + 1);
        memcpy(b, w, n);
    }
}

static void test_selfcheck(void **state)
{
    assert_int_equal(rc_abbrev_selfcheck(), 0);
}

static void test_listed_words_and_near_misses(void **state)
{
    compared = 0;
    for (size_t i = 0; i < COUNT(rc_abbrev_list); i++) {
        const unsigned char *w = (const unsigned char *)rc_abbrev_list[i].word;
        size_t n = strlen(rc_abbrev_list[i].word);
        char cap[16];
        memcpy(cap, w, n);
        cap[0] = (char)(cap[0] - 32);
        /* found with its class, capitalized, and in lower case unless "cap" (or the pattern) */
        assert_int_equal(rc_abbrev_class((const unsigned char *)cap, n), rc_abbrev_list[i].cls);
        if (!rc_abbrev_list[i].cap) assert_int_equal(rc_abbrev_class(w, n), rc_abbrev_list[i].cls);
        variants(rc_abbrev_list[i].word);
    }
    for (size_t i = 0; i < COUNT(rc_starter_list); i++) {
        const char *w = rc_starter_list[i];
        size_t n = strlen(w);
        char cap[16];
        memcpy(cap, w, n);
        cap[0] = (char)(cap[0] - 32);
        assert_true(rc_sentence_starter((const unsigned char *)cap, n));
        assert_false(rc_sentence_starter((const unsigned char *)w, n)); /* lower case: no */
        variants(w);
    }
    static const char *const others[] = {"mr", "mrs", "ms", "u.s", "u.s.a", "z.b", "ph.d", "i", "a",
                                         "the", "however", "notwithstanding", "notwithstandings",
                                         "simultaneously", "etc", "etcetera", "inc", "sat", "ill",
                                         "x", "xx", "a.b.c.d.e.f.g.h", "a..b", ".a", "a.", "e.g",
                                         "i.e", "vs", "no", "nos", "st", "fig", "e", "q.v"};
    for (size_t i = 0; i < COUNT(others); i++) variants(others[i]);
    print_message("%zu words compared\n", compared);
}

/* Every string of 0-3 bytes over an alphabet of edge bytes and letters of the lists. */
static void test_short_strings(void **state)
{
    static const unsigned char abc[] = {0, 'a', 'b', 'c', 'd', 'e', 'g', 'i', 'm', 'n', 'o', 'r', 's', 't', 'u', 'w',
                                        'A', 'B', 'C', 'D', 'E', 'G', 'I', 'M', 'N', 'O', 'R', 'S', 'T', 'U', 'W',
                                        '.', '@', '[', '`', '{', 0x7F, 0x80, 0xC3, 0xA9};
    size_t k = sizeof abc;
    unsigned char b[3];
    for (size_t x = 0; x < k; x++) {
        b[0] = abc[x];
        same(b, 0), same(b, 1);
        for (size_t y = 0; y < k; y++) {
            b[1] = abc[y];
            same(b, 2);
            for (size_t z = 0; z < k; z++) b[2] = abc[z], same(b, 3);
        }
    }
}

/* Random words, biased towards the lists: a listed word's prefix, then random bytes. */
static void test_random_words(void **state)
{
    uint64_t r = 0x1234567887654321u;
    unsigned char b[20];
    for (int t = 0; t < 400000; t++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        const char *w = (r & 1) ? rc_starter_list[(r >> 8) % COUNT(rc_starter_list)]
                                : rc_abbrev_list[(r >> 8) % COUNT(rc_abbrev_list)].word;
        size_t n = (r >> 24) % 18, keep = (r >> 32) % 17;
        for (size_t i = 0; i < n; i++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            static const unsigned char pool[] = "aeioustnrlAEIOUSTNRL..\0\x80\xc3Z";
            unsigned char c = i < keep && i < strlen(w) ? (unsigned char)w[i] : pool[r % (sizeof pool - 1)];
            if (i < keep && (r >> 40) % 3 == 0 && c >= 'a' && c <= 'z') c -= 32;
            b[i] = c;
        }
        same(b, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_selfcheck),
        cmocka_unit_test(test_listed_words_and_near_misses),
        cmocka_unit_test(test_short_strings),
        cmocka_unit_test(test_random_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
