/* test_tokenize.c — rc_tokenize: every words-mode convention with examples (the table of
 * docs/tokenization.md), WordBreakTest.txt through the uax29 mode, no token boundary inside a
 * grapheme cluster of GraphemeBreakTest.txt, properties on random text (ordered, non-empty,
 * covering, cluster-aligned, the 64-byte windows agreeing with the scalar path, code point
 * offsets agreeing with byte offsets), invalid UTF-8, NUL bytes, bad arguments and allocation
 * failure. */
#include <dirent.h>

#include "testutil.h"
#include "tokenize/abbrev.h"
#include "base/alloc.h"
#include "breaktest.h"
#include "segment/segment.h"
#include "tokenize/tokenize.h"

/* Renders the tokens of text as "text:kind text:kind ..." for readable comparisons. */
static char *render(const char *text, size_t len, unsigned options)
{
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_tokenize(text, len, options, &sp), RC_OK);
    size_t cap = 64 + 3 * len + 16 * sp.count, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < sp.count; i++) {
        n += (size_t)snprintf(out + n, cap - n, "%s%.*s:%s", i ? " " : "",
                              (int)(sp.end[i] - sp.start[i]), text + sp.start[i],
                              rc_token_kind_name(sp.kind[i]));
    }
    rc_spans_free(&sp);
    return out;
}

/* Checks the words-mode tokens of a NUL-terminated text, by both paths. */
#define EXPECT(text, want)                                                                       \
    do {                                                                                         \
        char *got_ = render((text), strlen(text), 0);                                            \
        assert_string_equal(got_, (want));                                                       \
        free(got_);                                                                              \
        got_ = render((text), strlen(text), RC_TOK_OPT_SCALAR);                                  \
        assert_string_equal(got_, (want));                                                       \
        free(got_);                                                                              \
    } while (0)

static void test_kind_names(void **state)
{
    const char *names[] = {"unknown", "word", "number", "punct", "symbol", "url",
                           "email", "hashtag", "mention", "emoji", "abbrev", "space"};
    for (int k = 0; k < RC_TOK_KIND_COUNT; k++) assert_string_equal(rc_token_kind_name(k), names[k]);
    assert_string_equal(rc_token_kind_name(-1), "unknown");
    assert_string_equal(rc_token_kind_name(RC_TOK_KIND_COUNT), "unknown");
    assert_int_equal(rc_abbrev_selfcheck(), 0);
}

static void test_words_and_punctuation(void **state)
{
    EXPECT("The U.S. paid $30,000 (3.5%) to Azerbaijan's #UNGA78 team.",
           "The:word U.S.:abbrev paid:word $:symbol 30,000:number (:punct 3.5:number %:punct "
           "):punct to:word Azerbaijan:word 's:word #UNGA78:hashtag team:word .:punct");
    EXPECT("  Peace,\tsecurity;\r\nand development!  ",
           "Peace:word ,:punct security:word ;:punct and:word development:word !:punct");
    EXPECT("", "");
    EXPECT(" \t\r\n\v\f ", "");
    EXPECT("a+b=c <x> ^~|`", "a:word +:symbol b:word =:symbol c:word <:symbol x:word >:symbol "
                             "^:symbol ~:symbol |:symbol `:symbol");
    EXPECT("snake_case _x __", "snake_case:word _x:word __:punct");
}

static void test_abbreviations(void **state)
{
    EXPECT("Mr. Smith, Dr. Jones and H.E. Mr. Aliyev",
           "Mr.:abbrev Smith:word ,:punct Dr.:abbrev Jones:word and:word H.E.:abbrev Mr.:abbrev "
           "Aliyev:word");
    EXPECT("the U.S. and the U.N. and the U.S.A.",
           "the:word U.S.:abbrev and:word the:word U.N.:abbrev and:word the:word U.S.A.:abbrev");
    EXPECT("e.g. Georgia, i.e. not", "e.g.:abbrev Georgia:word ,:punct i.e.:abbrev not:word");
    EXPECT("e.g., this", "e.g.:abbrev ,:punct this:word");
    EXPECT("10 a.m. on Tuesday", "10:number a.m.:abbrev on:word Tuesday:word");
    EXPECT("A.B.C. and z.B. too", "A.B.C.:abbrev and:word z.B.:abbrev too:word");
    EXPECT("resolution No. 1325 and Art. 51, p. 12",
           "resolution:word No.:abbrev 1325:number and:word Art.:abbrev 51:number ,:punct "
           "p.:abbrev 12:number");
    /* No., Art., p. only before a number */
    EXPECT("The answer was No. Then art.", "The:word answer:word was:word No:word .:punct "
                                           "Then:word art:word .:punct");
    EXPECT("J. F. Kennedy Jr. said", "J.:abbrev F.:abbrev Kennedy:word Jr.:abbrev said:word");
    EXPECT("plan b. next", "plan:word b:word .:punct next:word");
    EXPECT("Ph.D. and etc.) and vs. them",
           "Ph.D.:abbrev and:word etc.:abbrev ):punct and:word vs.:abbrev them:word");
    EXPECT("U.S.-led talks", "U.S.:abbrev -:punct led:word talks:word");
    EXPECT("etc... more", "etc:word ...:punct more:word");
    EXPECT("MR. SMITH", "MR.:abbrev SMITH:word");
}

static void test_period_without_space(void **state)
{
    EXPECT("the world.The next", "the:word world:word .:punct The:word next:word");
    EXPECT("Mr.Smith and U.S.Government",
           "Mr.:abbrev Smith:word and:word U.S.:abbrev Government:word");
    EXPECT("see un.org and node.js", "see:word un.org:word and:word node.js:word");
}

static void test_numbers(void **state)
{
    EXPECT("30,000 3.5 1,000.50 5% 2030 2nd 1990s",
           "30,000:number 3.5:number 1,000.50:number 5:number %:punct 2030:number 2nd:word "
           "1990s:word");
    EXPECT("-5 +1 $20 in 2015. Then 3.5.",
           "-:punct 5:number +:symbol 1:number $:symbol 20:number in:word 2015:number .:punct "
           "Then:word 3.5:number .:punct");
    EXPECT("1,2,3 and 10:30 and 1_000", "1,2,3:number and:word 10:number ::punct 30:number "
                                        "and:word 1_000:number");
    EXPECT("COVID-19 G20 A4", "COVID:word -:punct 19:number G20:word A4:word");
    EXPECT("\xd9\xa1\xd9\xa2\xd9\xa3 \xc2\xbd", /* Arabic-Indic digits, a vulgar fraction */
           "\xd9\xa1\xd9\xa2\xd9\xa3:number \xc2\xbd:number");
}

static void test_hyphens_and_apostrophes(void **state)
{
    EXPECT("well-known Guinea-Bissau Secretary-General",
           "well:word -:punct known:word Guinea:word -:punct Bissau:word Secretary:word "
           "-:punct General:word");
    EXPECT("don't O'Brien Qur'an rock'n'roll",
           "don't:word O'Brien:word Qur'an:word rock'n'roll:word");
    EXPECT("Azerbaijan's Azerbaijan\xe2\x80\x99s city's ALL'S",
           "Azerbaijan:word 's:word Azerbaijan:word \xe2\x80\x99s:word city:word 's:word ALL:word "
           "'S:word");
    /* a pronoun's contraction stays whole, like don't */
    EXPECT("it's That\xe2\x80\x99s let's WHAT'S its",
           "it's:word That\xe2\x80\x99s:word let's:word WHAT'S:word its:word");
    /* emoticons, runs of marks, dates and fractions with slashes */
    EXPECT("ok :) fine ;-) so :D", "ok:word :):emoji fine:word ;-):emoji so:word :D:emoji");
    EXPECT("a:) 3:1 **** == <<", "a:word ::punct ):punct 3:number ::punct 1:number ****:punct "
                                 "==:symbol <<:symbol");
    EXPECT("08/16/2000 1/2 24/7 3/4th 1/2.5",
           "08/16/2000:number 1/2:number 24/7:number 3:number /:punct 4th:word 1:number /:punct "
           "2.5:number");
    EXPECT("l'ONU d'Ivoire C\xc3\xb4te d\xe2\x80\x99Ivoire\xe2\x80\x99s dell'Italia",
           "l':word ONU:word d':word Ivoire:word C\xc3\xb4te:word d\xe2\x80\x99:word Ivoire:word "
           "\xe2\x80\x99s:word dell':word Italia:word");
    EXPECT("countries' 'quoted' all's", "countries:word ':punct ':punct quoted:word ':punct "
                                        "all:word 's:word");
    EXPECT("\xe2\x80\x9cYes\xe2\x80\x9d \xe2\x80\x94 no \xe2\x80\x93 maybe",
           "\xe2\x80\x9c:punct Yes:word \xe2\x80\x9d:punct \xe2\x80\x94:punct no:word "
           "\xe2\x80\x93:punct maybe:word");
}

static void test_urls(void **state)
{
    EXPECT("Visit https://www.un.org/en/about-us (or www.osce.org).",
           "Visit:word https://www.un.org/en/about-us:url (:punct or:word www.osce.org:url "
           "):punct .:punct");
    EXPECT("http://en.wikipedia.org/wiki/Foo_(bar), ftp://x.org/a?b=1&c=2.",
           "http://en.wikipedia.org/wiki/Foo_(bar):url ,:punct ftp://x.org/a?b=1&c=2:url .:punct");
    EXPECT("HTTPS://UN.ORG! http:// www.",
           "HTTPS://UN.ORG:url !:punct http:word ::punct /:punct /:punct www:word .:punct");
    EXPECT("https://ru.wikipedia.org/wiki/\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f\xe2\x80\x9d",
           "https://ru.wikipedia.org/wiki/\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f:url "
           "\xe2\x80\x9d:punct");
    EXPECT("<https://x.org/a'b'>", "<:symbol https://x.org/a'b:url ':punct >:symbol");
}

static void test_emails_hashtags_mentions(void **state)
{
    EXPECT("Mail info@un.org or john.smith+x@mail.gov.az now.",
           "Mail:word info@un.org:email or:word john.smith+x@mail.gov.az:email now:word .:punct");
    EXPECT("<press-office@osce.org>; ...john@x.org",
           "<:symbol press-office@osce.org:email >:symbol ;:punct ...:punct john@x.org:email");
    EXPECT("a@b x@y.z1 me@host", "a:word @:punct b:word x:word @:punct y.z1:word me:word "
                                 "@:punct host:word");
    EXPECT("#UNGA78 #ClimateAction #1 C# #Az\xc9\x99rbaycan",
           "#UNGA78:hashtag #ClimateAction:hashtag #:punct 1:number C:word #:punct "
           "#Az\xc9\x99rbaycan:hashtag");
    EXPECT("@antonioguterres (@UN_News) me@ x",
           "@antonioguterres:mention (:punct @UN_News:mention ):punct me:word @:punct x:word");
}

static void test_emoji(void **state)
{
    EXPECT("\xf0\x9f\x87\xa6\xf0\x9f\x87\xbf\xf0\x9f\x87\xba\xf0\x9f\x87\xb3", /* AZ UN flags */
           "\xf0\x9f\x87\xa6\xf0\x9f\x87\xbf:emoji \xf0\x9f\x87\xba\xf0\x9f\x87\xb3:emoji");
    /* family (ZWJ sequence), thumbs up with a skin tone, keycaps, a heart with VS16 */
    EXPECT("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 "
           "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\xf0\x9f\x91\x8d 1\xef\xb8\x8f\xe2\x83\xa3 "
           "#\xef\xb8\x8f\xe2\x83\xa3 \xe2\x9d\xa4\xef\xb8\x8f",
           "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7:emoji "
           "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd:emoji \xf0\x9f\x91\x8d:emoji "
           "1\xef\xb8\x8f\xe2\x83\xa3:emoji #\xef\xb8\x8f\xe2\x83\xa3:emoji "
           "\xe2\x9d\xa4\xef\xb8\x8f:emoji");
    EXPECT("peace\xf0\x9f\x98\x80\xf0\x9f\x98\x80 \xc2\xa9 2024",
           "peace:word \xf0\x9f\x98\x80:emoji \xf0\x9f\x98\x80:emoji \xc2\xa9:symbol 2024:number");
}

static void test_cjk_and_other_scripts(void **state)
{
    /* Han and Hiragana: one token per character; Katakana runs: one token (UAX #29) */
    EXPECT("\xe5\x8c\x97\xe4\xba\xac\xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab\xe3\x83\x8a"
           "\xe3\x81\xb2\xe3\x82\x89\xe3\x80\x82",
           "\xe5\x8c\x97:word \xe4\xba\xac:word \xe3\x82\xab\xe3\x82\xbf\xe3\x82\xab\xe3\x83\x8a:word "
           "\xe3\x81\xb2:word \xe3\x82\x89:word \xe3\x80\x82:punct");
    EXPECT("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0, \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
           "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85",
           "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0:word ,:punct "
           "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d:word \xd8\xa7\xd9\x84\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85:word");
    /* a decomposed accent stays with its letter; a soft hyphen (Format) joins the word */
    EXPECT("Bozkir e\xcc\x81t\xc3\xa9 co\xc2\xadoperation",
           "Bozkir:word e\xcc\x81t\xc3\xa9:word co\xc2\xadoperation:word");
}

static void test_runs(void **state)
{
    EXPECT("Wait... what?! No!!! -- yes ---",
           "Wait:word ...:punct what:word ?!:punct No:word !!!:punct --:punct yes:word ---:punct");
    EXPECT("\xe2\x80\xa6\xe2\x80\xa6 \xe2\x80\x94\xe2\x80\x94 ,, (( ))",
           "\xe2\x80\xa6\xe2\x80\xa6:punct \xe2\x80\x94\xe2\x80\x94:punct ,:punct ,:punct (:punct "
           "(:punct ):punct ):punct");
}

static void test_spaces_and_marks(void **state)
{
    /* a combining mark after a space is in the space's cluster: kept, with the space */
    EXPECT("a \xcc\x81 b", "a:word  \xcc\x81:symbol b:word");
    /* after a tab (a control) it is a cluster of its own */
    EXPECT("a\t\xcc\x81", "a:word \xcc\x81:symbol");
    /* no-break, ideographic and em spaces are white space */
    EXPECT("a\xc2\xa0" "b\xe3\x80\x80" "c\xe2\x80\x83" "d\xe2\x80\xa8" "e", "a:word b:word c:word d:word e:word");
    /* a zero-width space is not white space */
    EXPECT("a\xe2\x80\x8b" "b", "a:word \xe2\x80\x8b:symbol b:word");
    EXPECT(". \xcc\x81", ".:punct  \xcc\x81:symbol");
    EXPECT(".\xcc\x81", ".\xcc\x81:punct");
    /* U+202F NARROW NO-BREAK SPACE is ExtendNumLet, so UAX #29 joins it to the word before it;
     * at a token's edge it is white space all the same (French "l'ONU\u202f: oui"). Inside a
     * number it stays ("10\u202f000"). */
    EXPECT("l'ONU\xe2\x80\xaf: oui", "l':word ONU:word ::punct oui:word");
    EXPECT("10\xe2\x80\xaf" "000 \xe2\x80\xaf" "a", "10\xe2\x80\xaf" "000:number a:word");
    EXPECT("a\xe2\x80\xaf\xe2\x80\xaf", "a:word");
    /* A Prepend character (U+0600) takes the space after it into its cluster; the spaces after
     * that are white space between tokens, not part of the token. */
    EXPECT("x \xd8\x80  y", "x:word \xd8\x80 :symbol y:word");
    EXPECT("x \xd8\x80 \xe2\x80\xaf\xe3\x80\x80y", "x:word \xd8\x80 :symbol y:word");
    /* ... and a #hashtag keeps the cluster whole */
    EXPECT("#a\xd8\x80+ x", "#a\xd8\x80+:hashtag x:word");
}

static void test_invalid_utf8_and_nul(void **state)
{
    const char text[] = "ab\xff" "cd \xe2\x82 \xc3\xa9\x80 x\0y";
    size_t len = sizeof text - 1;
    char *got = render(text, len, 0);
    /* (the NUL itself does not print) */
    assert_string_equal(got, "ab:word \xff:symbol cd:word \xe2\x82:symbol \xc3\xa9:word "
                             "\x80:symbol x:word :symbol y:word");
    free(got);
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_tokenize(text, len, 0, &sp), RC_OK);
    assert_int_equal(sp.count, 9);
    assert_int_equal(sp.start[7], len - 2); /* the NUL: a control, a symbol of its own */
    assert_int_equal(sp.end[7], len - 1);
    assert_int_equal(sp.kind[7], RC_TOK_SYMBOL);
    /* code point offsets count each invalid subpart as one character */
    assert_int_equal(rc_tokenize(text, len, RC_OFFSETS_CODEPOINTS, &sp), RC_OK);
    int64_t want[][2] = {{0, 2}, {2, 3}, {3, 5}, {6, 7}, {8, 9}, {9, 10}, {11, 12}, {12, 13}, {13, 14}};
    for (size_t i = 0; i < 9; i++) {
        assert_int_equal(sp.start[i], want[i][0]);
        assert_int_equal(sp.end[i], want[i][1]);
    }
    rc_spans_free(&sp);
}

static void test_uax29_mode(void **state)
{
    char *got = render("Mr. O'Neil's 3.5%  \xf0\x9f\x87\xa6\xf0\x9f\x87\xbf!", 28, RC_TOKENIZE_UAX29);
    assert_string_equal(got, "Mr:word .:punct  :space O'Neil's:word  :space 3.5:number %:punct "
                             "  :space \xf0\x9f\x87\xa6\xf0\x9f\x87\xbf:emoji !:punct");
    free(got);
}

/* WordBreakTest.txt through rc_tokenize's uax29 mode: the segments are exactly the test's. */
static void test_word_break_test(void **state)
{
    FILE *f = open_ucd("WordBreakTest.txt");
    char line[4096];
    bt_line bt;
    long lines = 0;
    rc_spans sp = RC_SPANS_INIT;
    while (fgets(line, sizeof line, f)) {
        if (!bt_parse(line, &bt)) continue;
        lines++;
        assert_int_equal(rc_tokenize(bt.text, bt.len, RC_TOKENIZE_UAX29, &sp), RC_OK);
        int ok = sp.count == bt.nbounds - 1;
        for (size_t i = 0; ok && i < sp.count; i++)
            ok = sp.start[i] == (int64_t)bt.bounds[i] && sp.end[i] == (int64_t)bt.bounds[i + 1];
        if (!ok) fail_msg("WordBreakTest.txt: %s", line);
    }
    fclose(f);
    rc_spans_free(&sp);
    assert_int_equal(lines, 1823);
    print_message("WordBreakTest.txt: %ld of %ld pass in uax29 mode\n", lines, lines);
}

/* The properties every words-mode result must have, checked on text[0..len): tokens ordered,
 * non-overlapping, non-empty, never white space only, covering every non-space character, with
 * both ends on grapheme cluster boundaries; the scalar path gives the same tokens; code point
 * offsets are the byte offsets counted in characters. Returns the number of tokens. */
static size_t check_properties(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    rc_spans a = RC_SPANS_INIT, b = RC_SPANS_INIT, c = RC_SPANS_INIT;
    assert_int_equal(rc_tokenize(text, len, 0, &a), RC_OK);
    assert_int_equal(rc_tokenize(text, len, RC_TOK_OPT_SCALAR, &b), RC_OK);
    assert_int_equal(rc_tokenize(text, len, RC_OFFSETS_CODEPOINTS, &c), RC_OK);
    for (size_t i = 0; i < a.count || i < b.count; i++) {
        if (i < a.count && i < b.count && a.start[i] == b.start[i] && a.end[i] == b.end[i] &&
            a.kind[i] == b.kind[i])
            continue;
        size_t at = (size_t)(i < b.count ? b.start[i] : i < a.count ? a.start[i] : 0);
        size_t from = at > 24 ? at - 24 : 0;
        fail_msg("token %zu differs: windows [%lld,%lld) kind %d, scalar [%lld,%lld) kind %d; "
                 "text near byte %zu: \"%.*s\"", i, i < a.count ? (long long)a.start[i] : -1LL,
                 i < a.count ? (long long)a.end[i] : -1LL, i < a.count ? a.kind[i] : -1,
                 i < b.count ? (long long)b.start[i] : -1LL, i < b.count ? (long long)b.end[i] : -1LL,
                 i < b.count ? b.kind[i] : -1, at, (int)(len - from < 48 ? len - from : 48), text + from);
    }
    assert_int_equal(a.count, c.count);
    char *cluster = calloc(len + 1, 1), *covered = calloc(len + 1, 1);
    size_t *index = calloc(len + 1, sizeof *index); /* code point index of each char start */
    assert_true(cluster && covered && index);
    for (size_t g = 0; g < len; g = rc_next_grapheme_boundary(s, len, g)) cluster[g] = 1;
    cluster[len] = 1;
    for (size_t i = 0, k = 0; i <= len; k++) {
        index[i] = k;
        if (i == len) break;
        int32_t cp;
        i += (size_t)rc_seg_decode(s, len, i, &cp);
    }
    size_t prev_end = 0;
    for (size_t i = 0; i < a.count; i++) {
        size_t st = (size_t)a.start[i], en = (size_t)a.end[i];
        if (!(st >= prev_end && st < en && en <= len)) {
            bt_dump("text", text, len);
            fail_msg("token %zu [%zu,%zu) after %zu", i, st, en, prev_end);
        }
        assert_true(a.kind[i] >= RC_TOK_WORD && a.kind[i] <= RC_TOK_ABBREV);
        if (!cluster[st] || !cluster[en]) bt_dump("text", text, len);
        if (!cluster[st] || !cluster[en]) fail_msg("token [%zu,%zu) splits a grapheme cluster", st, en);
        assert_int_equal(c.start[i], index[st]);
        assert_int_equal(c.end[i], index[en]);
        int nonspace = 0;
        for (size_t j = st; j < en;) {
            int32_t cp;
            int n = rc_seg_decode(s, len, j, &cp);
            nonspace |= !ts_is_space(cp);
            j += (size_t)n;
        }
        if (!nonspace) bt_dump("text", text, len);
        if (!nonspace) fail_msg("token [%zu,%zu) is only white space", st, en);
        memset(covered + st, 1, en - st);
        prev_end = en;
    }
    for (size_t j = 0; j < len;) {
        int32_t cp;
        int n = rc_seg_decode(s, len, j, &cp);
        if (!ts_is_space(cp) && !covered[j]) bt_dump("text", text, len);
        if (!ts_is_space(cp) && !covered[j]) fail_msg("character U+%04X at byte %zu is in no token", cp, j);
        j += (size_t)n;
    }
    size_t count = a.count;
    free(cluster);
    free(covered);
    free(index);
    rc_spans_free(&a);
    rc_spans_free(&b);
    rc_spans_free(&c);
    return count;
}

/* No words-mode token boundary inside a grapheme cluster of GraphemeBreakTest.txt (and the
 * other properties), for each line alone and inside ASCII context. */
static void test_grapheme_break_test(void **state)
{
    FILE *f = open_ucd("GraphemeBreakTest.txt");
    char line[4096], ctx[512];
    bt_line bt;
    long lines = 0;
    while (fgets(line, sizeof line, f)) {
        if (!bt_parse(line, &bt)) continue;
        lines++;
        check_properties(bt.text, bt.len);
        /* the cluster boundaries of the test itself */
        rc_spans sp = RC_SPANS_INIT;
        assert_int_equal(rc_tokenize(bt.text, bt.len, 0, &sp), RC_OK);
        for (size_t i = 0; i < sp.count; i++) {
            for (int side = 0; side < 2; side++) {
                size_t x = (size_t)(side ? sp.end[i] : sp.start[i]), k = 0;
                while (k < bt.nbounds && bt.bounds[k] != x) k++;
                if (k == bt.nbounds) fail_msg("GraphemeBreakTest.txt: token boundary %zu inside a cluster: %s", x, line);
            }
        }
        rc_spans_free(&sp);
        int n = snprintf(ctx, sizeof ctx, "x. %s@a #b'", bt.text);
        check_properties(ctx, (size_t)n);
    }
    fclose(f);
    assert_int_equal(lines, 602);
}

/* Random text from pieces that exercise the rules and both paths. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static const char *const pieces[] = {
    "a", "Z", "word", "The", "7", "30", ",", ".", ":", ";", "'", "-", "_", "!", "?", "#", "@",
    "/", "(", ")", "\"", "%", "$", " ", " ", " ", "  ", "\n", "\r\n", "\t", "...", "U.S.", "e.g.",
    "Mr.", "No. 5", "3.5", "1,000", "'s", "l'", "www.", "http://", "x.org", "info@un.org",
    "\xe2\x80\x99", "\xe2\x80\x94", "\xe2\x80\x9c", "\xc3\xa9", "e\xcc\x81", "\xcc\x81", "\xd8\x80",
    "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7", "\xe5\x8c\x97", "\xe3\x82\xab", "\xe3\x81\xb2",
    "\xf0\x9f\x87\xa6", "\xf0\x9f\x98\x80", "\xe2\x80\x8d", "\xf0\x9f\x8f\xbd", "\xef\xb8\x8f",
    "\xe2\x83\xa3", "\xc2\xa0", "\xe3\x80\x80", "\xc2\xad", "\xff", "\xe2\x82", "\x80", "\0",
    "\xe0\xb8\xb3", "\xe1\x84\x80", "\xea\xb0\x80"};

static void test_random_properties(void **state)
{
    size_t npieces = sizeof pieces / sizeof pieces[0];
    char text[1024];
    int rounds = quick_mode() ? 300 : 5000;
    /* RC_TEST_ROUNDS and RC_TEST_SEED run longer or other random tests (to hunt bugs) */
    if (getenv("RC_TEST_ROUNDS")) rounds = atoi(getenv("RC_TEST_ROUNDS"));
    if (getenv("RC_TEST_SEED")) rng_state = 0x853C49E6748FEA9Bull * (strtoull(getenv("RC_TEST_SEED"), NULL, 10) + 1);
    size_t tokens = 0;
    for (int r = 0; r < rounds; r++) {
        size_t len = 0, want = 1 + rnd() % 200;
        while (len < want) {
            const char *p = pieces[rnd() % npieces];
            size_t n = p[0] ? strlen(p) : 1;
            if (len + n >= sizeof text) break;
            memcpy(text + len, p, n);
            len += n;
        }
        tokens += check_properties(text, len);
    }
    assert_true(tokens > (size_t)rounds);
}

/* Windows and scalar path agree over long ASCII-heavy text (windows only start at 64 bytes). */
static void test_long_text_paths(void **state)
{
    size_t npieces = sizeof pieces / sizeof pieces[0];
    size_t cap = 1 << 16;
    char *text = malloc(cap);
    assert_non_null(text);
    int rounds = quick_mode() ? 5 : 60;
    for (int r = 0; r < rounds; r++) {
        size_t len = 0;
        while (len + 64 < cap) {
            /* mostly prose-like: words and spaces, now and then a special piece */
            const char *p = rnd() % 4 ? (rnd() % 3 ? "word " : "Peace, ") : pieces[rnd() % npieces];
            size_t n = p[0] ? strlen(p) : 1;
            memcpy(text + len, p, n);
            len += n;
        }
        check_properties(text, len);
    }
    free(text);
}

/* The UNGDC speeches (when unpacked in build/ungdc or /tmp/ungdc): both paths agree and the
 * properties hold. */
static void check_corpus_text(const char *text, size_t len) { (void)check_properties(text, len); }

static void test_corpus(void **state)
{
    for_each_corpus_file(check_corpus_text);
}

static void test_bad_arguments(void **state)
{
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_tokenize("a", 1, 1u << 5, &sp), RC_EINVAL);
    assert_int_equal(rc_tokenize("a", 1, 0, NULL), RC_EINVAL);
    assert_int_equal(rc_tokenize(NULL, 1, 0, &sp), RC_EINVAL);
    assert_int_equal(rc_tokenize(NULL, 0, 0, &sp), RC_OK);
    assert_int_equal(sp.count, 0);
    rc_spans_free(&sp);
}

/* Reusing a result, and every allocation failing in turn: RC_ENOMEM, an empty result, no leak
 * (valgrind checks the last part). */
static void test_allocation_failure(void **state)
{
    char text[4000];
    size_t len = 0;
    while (len + 12 < sizeof text) { /* about one token per two bytes: the arrays must grow */
        memcpy(text + len, "a,b.c 1 \xe2\x80\x94 ", 12);
        len += 12;
    }
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_tokenize(text, len, 0, &sp), RC_OK);
    size_t want = sp.count;
    assert_int_equal(rc_tokenize(text, len, RC_OFFSETS_CODEPOINTS, &sp), RC_OK); /* reuse */
    assert_int_equal(sp.count, want);
    rc_spans_free(&sp);
    int failures = 0;
    for (long k = 0;; k++) {
        rc_fault_fail_after(k);
        int rc = rc_tokenize(text, len, RC_OFFSETS_CODEPOINTS, &sp);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) {
            assert_int_equal(sp.count, want);
            break;
        }
        assert_int_equal(rc, RC_ENOMEM);
        assert_int_equal(sp.count, 0);
        rc_spans_free(&sp);
        failures++;
    }
    rc_spans_free(&sp);
    assert_true(failures >= 4); /* the first reservation (three arrays) and a growth */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_words_and_punctuation),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_period_without_space),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_hyphens_and_apostrophes),
        cmocka_unit_test(test_urls),
        cmocka_unit_test(test_emails_hashtags_mentions),
        cmocka_unit_test(test_emoji),
        cmocka_unit_test(test_cjk_and_other_scripts),
        cmocka_unit_test(test_runs),
        cmocka_unit_test(test_spaces_and_marks),
        cmocka_unit_test(test_invalid_utf8_and_nul),
        cmocka_unit_test(test_uax29_mode),
        cmocka_unit_test(test_word_break_test),
        cmocka_unit_test(test_grapheme_break_test),
        cmocka_unit_test(test_random_properties),
        cmocka_unit_test(test_long_text_paths),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests_name("tokenize", tests, NULL, NULL);
}
