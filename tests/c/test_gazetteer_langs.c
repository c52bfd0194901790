/* test_gazetteer_langs.c — languages in the gazetteer: inflection rules, language modes, the
 * text's language from marker words, capitals and common words, the image's language sections,
 * format versions, and allocation failure at every point of all of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "gazetteer/gazetteer.h"
#include "relcore.h"

static int add(rc_gazetteer_builder *b, const char *alias, const char *id, const char *lang)
{
    rc_gazetteer_entry e = {alias, strlen(alias), id, strlen(id), "country", 7,
                            lang, lang ? strlen(lang) : 0, RC_CASE_INSENSITIVE, 0};
    return rc_gazetteer_builder_add(b, &e);
}

static int rule(rc_gazetteer_builder *b, const char *lang, const char *fp, const char *lp, const char *fs,
                const char *ls, size_t min_stem)
{
    rc_gazetteer_rule r = {fp, strlen(fp), lp, strlen(lp), fs, strlen(fs), ls, strlen(ls), min_stem};
    return rc_gazetteer_builder_add_rule(b, lang, strlen(lang), &r);
}

static int word(rc_gazetteer_builder *b, const char *lang, int kind, const char *w)
{
    return rc_gazetteer_builder_add_word(b, lang, strlen(lang), kind, w, strlen(w));
}

/* One row of a languages file (rc_gazetteer_builder_add_lang_row). */
static int row(rc_gazetteer_builder *b, const char *r)
{
    return rc_gazetteer_builder_add_lang_row(b, r, strlen(r));
}

/* A small world: Russian, Ukrainian, Turkish, Azerbaijani, Arabic, French and English names, with
 * the grammar's endings these tests need. Returns RC_OK or the first error. */
static int build_world(rc_gazetteer_builder *b)
{
    int rc = RC_OK;
#define TRY(x) \
    if (!rc) rc = (x)
    TRY(add(b, "Russia", "RUS", "en"));
    TRY(add(b, "Sudan", "SDN", "en"));
    TRY(add(b, "Mauritius", "MUS", "en"));
    TRY(add(b, "Россия", "RUS", "ru"));
    TRY(add(b, "Того", "TGO", "ru"));
    TRY(add(b, "Соединённые Штаты", "USA", "ru"));
    TRY(add(b, "Росія", "RUS", "uk"));
    TRY(add(b, "Türkiye", "TUR", "tr"));
    TRY(add(b, "Azərbaycan", "AZE", "az"));
    TRY(add(b, "الصين", "CHN", "ar"));
    TRY(add(b, "روسيا", "RUS", "ar"));
    TRY(add(b, "ألبانيا", "ALB", "ar"));
    TRY(add(b, "الولايات المتحدة", "USA", "ar"));
    TRY(add(b, "Maurice", "MUS", "fr"));
    TRY(add(b, "Suisse", "CHE", "fr"));
    TRY(rc_gazetteer_builder_set_lang(b, "ru", 2, RC_LANG_CASED | RC_LANG_INFLECT_ANY_WORD));
    TRY(row(b, "lang\tuk\t1\t1"));
    TRY(rc_gazetteer_builder_set_lang(b, "tr", 2, RC_LANG_CASED));
    TRY(rc_gazetteer_builder_set_lang(b, "az", 2, RC_LANG_CASED));
    TRY(rc_gazetteer_builder_set_lang(b, "fr", 2, RC_LANG_CASED));
    TRY(rule(b, "ru", "", "", "и", "я", 4));
    TRY(rule(b, "ru", "", "", "ю", "я", 4));
    TRY(rule(b, "ru", "", "", "ых", "ые", 4));
    TRY(rule(b, "ru", "", "", "ов", "ы", 4));
    TRY(rule(b, "ru", "", "", "ах", "ы", 4));
    TRY(rule(b, "uk", "", "", "ії", "ія", 4));
    TRY(rule(b, "tr", "", "", "mizin", "", 2));
    TRY(rule(b, "tr", "", "", "li", "", 2));
    TRY(rule(b, "tr", "", "", "lı", "", 2));
    TRY(rule(b, "az", "", "", "ın", "", 2));
    TRY(rule(b, "az", "", "", "da", "", 2));
    TRY(rule(b, "az", "", "", "lılar", "", 2));
    TRY(rule(b, "ar", "و", "", "", "", 4));
    TRY(rule(b, "ar", "ب", "", "", "", 4));
    TRY(rule(b, "ar", "ل", "", "", "", 4));
    TRY(row(b, "rule\tar\tلل\tال\t-\t-\t4\t12\tgrammar")); /* as in gazetteer_langs.tsv */
    TRY(rule(b, "ar", "", "ال", "ي", "", 4));
    TRY(word(b, "en", RC_WORD_MARKER, "the"));
    TRY(word(b, "en", RC_WORD_MARKER, "of"));
    TRY(word(b, "fr", RC_WORD_MARKER, "le"));
    TRY(word(b, "fr", RC_WORD_MARKER, "et"));
    TRY(word(b, "tr", RC_WORD_MARKER, "ve"));
    TRY(word(b, "az", RC_WORD_MARKER, "və"));
    TRY(word(b, "ru", RC_WORD_MARKER, "и"));
    TRY(row(b, "marker\tuk\tі"));
    TRY(word(b, "ru", RC_WORD_COMMON, "того"));
    TRY(row(b, "common\ttr\tsudan\t31"));
#undef TRY
    return rc;
}

static rc_gazetteer *world(void)
{
    rc_gazetteer_builder *b;
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(build_world(b), RC_OK);
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    return g;
}

/* ":ID=span :ID=span" of the matches, in a static buffer. */
static const char *found(const rc_gazetteer *g, const char *text, const char *lang)
{
    static char out[1024];
    rc_matches m = RC_MATCHES_INIT;
    assert_int_equal(rc_gazetteer_find_lang(g, text, strlen(text), 0, lang, lang ? strlen(lang) : 0, &m),
                     RC_OK);
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < m.count; i++) {
        rc_gazetteer_entry e;
        assert_int_equal(rc_gazetteer_entry_get(g, m.entry[i], &e), RC_OK);
        k += (size_t)snprintf(out + k, sizeof out - k, "%s:%s=%.*s", i ? " " : "", e.id,
                              (int)(m.end[i] - m.start[i]), text + m.start[i]);
    }
    rc_matches_free(&m);
    return out;
}

static void test_russian_case_endings(void **state)
{
    (void)state;
    rc_gazetteer *g = world();
    assert_string_equal(found(g, "Визит в России и Россию", NULL), ":RUS=России :RUS=Россию");
    /* Every word of a Russian name agrees. */
    assert_string_equal(found(g, "и в Соединённых Штатах", NULL), ":USA=Соединённых Штатах");
    /* Lower case is an ordinary word; a common word counts only inside a sentence. */
    assert_string_equal(found(g, "и россии", NULL), "");
    assert_string_equal(found(g, "Того и гляди", NULL), "");
    assert_string_equal(found(g, "и в Того", NULL), ":TGO=Того");
    /* Only Russian rules read Russian words: in Ukrainian-only mode nothing. */
    assert_string_equal(found(g, "в России", "uk"), "");
    assert_string_equal(found(g, "в Росії і", "uk"), ":RUS=Росії");
    rc_gazetteer_free(g);
}

static void test_turkish_and_azerbaijani_suffixes(void **state)
{
    (void)state;
    rc_gazetteer *g = world();
    /* Azerbaijani grammar examples: genitive, locative, the derived plural "Azerbaijanis". */
    assert_string_equal(found(g, "Azərbaycanın paytaxtı", "az"), ":AZE=Azərbaycanın");
    assert_string_equal(found(g, "Azərbaycanda və", NULL), ":AZE=Azərbaycanda");
    assert_string_equal(found(g, "Azərbaycanlılar və", NULL), ":AZE=Azərbaycanlılar");
    /* Turkish without an apostrophe; a base-language name read through a Turkish ending. */
    assert_string_equal(found(g, "Türkiyemizin ve", NULL), ":TUR=Türkiyemizin");
    assert_string_equal(found(g, "Sudanlı ve", "tr"), ":SDN=Sudanlı");
    /* Turkish "sudan" (from water) is an ordinary word in Turkish text, a name in English. */
    assert_string_equal(found(g, "bir bardak sudan ve", "tr"), "");
    assert_string_equal(found(g, "the sudan of", NULL), ":SDN=sudan");
    rc_gazetteer_free(g);
}

static void test_arabic_proclitics(void **state)
{
    (void)state;
    rc_gazetteer *g = world();
    /* و + name: the span leaves the conjunction out. */
    assert_string_equal(found(g, "والصين", NULL), ":CHN=الصين");
    assert_string_equal(found(g, "بألبانيا", NULL), ":ALB=ألبانيا");
    assert_string_equal(found(g, "لروسيا", NULL), ":RUS=روسيا");
    /* ل + ال is written لل: the first ل is the preposition. */
    assert_string_equal(found(g, "للولايات المتحدة", NULL), ":USA=لولايات المتحدة");
    /* A nisba adjective: الصين → صيني. */
    assert_string_equal(found(g, "صيني", NULL), ":CHN=صيني");
    rc_gazetteer_free(g);
}

/* A word of a longer name is read through a clitic prefix (Arabic ل + الولايات, also a word of
 * the US Virgin Islands' name), never through a suffix rule of another language. */
static void test_known_words_and_rules(void **state)
{
    (void)state;
    rc_gazetteer_builder *b;
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(add(b, "جزر فيرجن التابعة للولايات المتحدة", "VIR", "ar"), RC_OK);
    assert_int_equal(add(b, "الولايات المتحدة", "USA", "ar"), RC_OK);
    assert_int_equal(add(b, "Côte d'Ivoire", "CIV", "en"), RC_OK);
    assert_int_equal(add(b, "Ivoir", "XIV", "tr"), RC_OK);
    assert_int_equal(rule(b, "ar", "لل", "ال", "", "", 4), RC_OK);
    assert_int_equal(rule(b, "tr", "", "", "e", "", 2), RC_OK);
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    assert_string_equal(found(g, "للولايات المتحدة", NULL), ":USA=لولايات المتحدة");
    assert_string_equal(found(g, "the Côte d'Ivoire", "*"), ":CIV=Côte d'Ivoire");
    rc_gazetteer_free(g);
}

static void test_latin_aliases_of_other_languages(void **state)
{
    (void)state;
    rc_gazetteer *g = world();
    /* French names that are English words or given names do not fire in English text... */
    assert_string_equal(found(g, "Maurice said the bank of Suisse", NULL), "");
    /* ...fire in French text, when asked for French, or for every language. */
    assert_string_equal(found(g, "le Maurice et la Suisse", NULL), ":MUS=Maurice :CHE=Suisse");
    assert_string_equal(found(g, "Maurice said", "fr"), ":MUS=Maurice");
    assert_string_equal(found(g, "Maurice said the", "*"), ":MUS=Maurice");
    /* English names fire as always, and in every mode. */
    assert_string_equal(found(g, "Mauritius and Russia", NULL), ":MUS=Mauritius :RUS=Russia");
    assert_string_equal(found(g, "mauritius", "fr"), "");
    assert_string_equal(found(g, "Mauritius", "en"), ":MUS=Mauritius");
    /* A tag the gazetteer does not have: entries without a language only. */
    assert_string_equal(found(g, "Mauritius Россия", "xx"), "");
    rc_gazetteer_free(g);
}

static void test_language_data_survives_image_and_add_all(void **state)
{
    (void)state;
    rc_gazetteer *g = world(), *h = NULL, *k = NULL;
    const void *data;
    size_t size;
    rc_gazetteer_image(g, &data, &size);
    assert_int_equal(rc_gazetteer_load_image(data, size, &h), RC_OK);
    assert_string_equal(found(h, "والصين и России", NULL), ":CHN=الصين :RUS=России");
    assert_true(rc_gazetteer_lang_count(h) >= 7);
    assert_int_equal(rc_gazetteer_rule_count(h), rc_gazetteer_rule_count(g));
    assert_int_equal(rc_gazetteer_word_count(h), rc_gazetteer_word_count(g));
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(rc_gazetteer_builder_add_all(b, h), RC_OK);
    assert_int_equal(rc_gazetteer_compile(b, &k), RC_OK);
    rc_gazetteer_builder_free(b);
    assert_int_equal(rc_gazetteer_rule_count(k), rc_gazetteer_rule_count(g));
    assert_string_equal(found(k, "Того и в России", NULL), ":RUS=России");
    const char *tag;
    size_t n;
    unsigned flags;
    int ru = gaz_lang_find(k, "ru", 2);
    assert_true(ru >= 0);
    assert_int_equal(rc_gazetteer_lang_get(k, (size_t)ru, &tag, &n, &flags), RC_OK);
    assert_int_equal(flags, RC_LANG_CASED | RC_LANG_INFLECT_ANY_WORD);
    rc_gazetteer_free(k);
    rc_gazetteer_free(h);
    rc_gazetteer_free(g);
}

static void test_bad_language_arguments(void **state)
{
    (void)state;
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(rc_gazetteer_builder_set_lang(b, "", 0, 0), RC_EINVAL);
    assert_int_equal(rc_gazetteer_builder_set_lang(b, "ru", 2, 1u << 9), RC_EINVAL);
    assert_int_equal(rule(b, "ru", "", "", "", "", 0), RC_EINVAL);
    assert_int_equal(word(b, "ru", 7, "x"), RC_EINVAL);
    assert_int_equal(word(b, "ru", RC_WORD_COMMON, "two words"), RC_EINVAL);
    assert_int_equal(rc_gazetteer_builder_add_word(b, "ru", 2, RC_WORD_COMMON, "\xff", 1), RC_EUTF8);
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_matches m = RC_MATCHES_INIT;
    assert_int_equal(rc_gazetteer_find_lang(g, "x", 1, 0, "\xff", 1, &m), RC_EUTF8);
    assert_int_equal(rc_gazetteer_find_lang(g, "x", 1, 0, NULL, 3, &m), RC_EINVAL);
    rc_gazetteer_free(g);
    rc_gazetteer_builder_free(b);
}

/* A word list entry is one match token whatever its script: words with a non-ASCII chunk after
 * the first are refused like ASCII ones, and a word that is one token is stored as that token. */
static void test_word_is_one_token(void **state)
{
    (void)state;
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    static const char *const two[] = {"два слова", "x два", "два x", "Łódź Łódź", "два-слова",
                                      "два,", "a b c"};
    for (size_t i = 0; i < sizeof two / sizeof *two; i++) {
        if (word(b, "ru", RC_WORD_COMMON, two[i]) != RC_EINVAL) fail_msg("word %zu", i);
    }
    assert_int_equal(row(b, "common\tru\tдва слова"), RC_EINVAL);
    assert_int_equal(word(b, "ru", RC_WORD_COMMON, " Слово "), RC_OK);
    assert_int_equal(word(b, "pl", RC_WORD_MARKER, "Łódź"), RC_OK);
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    assert_int_equal(rc_gazetteer_word_count(g), 2);
    const char *w[2];
    size_t n[2];
    int kind;
    for (size_t i = 0; i < 2; i++) assert_int_equal(rc_gazetteer_word_get(g, i, NULL, &kind, &w[i], &n[i]), RC_OK);
    assert_int_equal(n[0], strlen("слово"));
    assert_memory_equal(w[0], "слово", n[0]);
    assert_int_equal(n[1], strlen("łodz")); /* Ł has no decomposition: only the accents go */
    assert_memory_equal(w[1], "łodz", n[1]);
    rc_gazetteer_free(g);
}

/* Rows of a languages file do what the calls they stand for do, and anything else is refused. */
static void test_language_file_rows(void **state)
{
    (void)state;
    rc_gazetteer_builder *b;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(add(b, "Россия", "RUS", "ru"), RC_OK);
    assert_int_equal(add(b, "Того", "TGO", "ru"), RC_OK);
    assert_int_equal(row(b, "lang\tru\t1\t0"), RC_OK);
    assert_int_equal(row(b, "rule\tru\t-\t-\tи\tя\t4"), RC_OK);
    assert_int_equal(row(b, "common\tru\tтого\t12"), RC_OK);
    assert_int_equal(row(b, "marker\tru\tи"), RC_OK);
    assert_int_equal(row(b, "designated\ten\tatlantic"), RC_OK);
    assert_int_equal(row(b, "designator\ten\tcorporation"), RC_OK);
    static const char *const bad[] = {
        "", "lang", "lang\tru\t1", "lang\tru\t2\t0", "lang\tru\t1\t", "lang\tru\t10\t0", "rule\tru\tи\tя",
        "rule\tru\t-\t-\tи\tя\t-", "rule\tru\t-\t-\tи\tя\t", "rule\tru\t-\t-\tи\tя\t1234567890",
        "rule\tru\t-\t-\t-\t-\t4", "marker\tru", "marker\t\tи", "alias\tru\tРоссия\tRUS\tcountry\tauto",
        "Marker\tru\tи", "markers\tru\tи", "marker\ten\ttwo words"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (row(b, bad[i]) != RC_EINVAL) fail_msg("row %zu", i);
    }
    assert_int_equal(rc_gazetteer_builder_add_lang_row(b, "marker\tru\t\xff", 11), RC_EUTF8);
    assert_int_equal(rc_gazetteer_builder_add_lang_row(b, NULL, 1), RC_EINVAL);
    assert_int_equal(rc_gazetteer_builder_add_lang_row(NULL, "marker\tru\tи", 12), RC_EINVAL);
    rc_gazetteer *g;
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    assert_int_equal(rc_gazetteer_rule_count(g), 1);
    assert_int_equal(rc_gazetteer_word_count(g), 4);
    rc_gazetteer_rule r;
    size_t lang;
    assert_int_equal(rc_gazetteer_rule_get(g, 0, &lang, &r), RC_OK);
    assert_int_equal(r.min_stem, 4);
    assert_int_equal(r.form_prefix_len + r.lemma_prefix_len, 0);
    const char *tag;
    size_t n;
    unsigned flags;
    assert_int_equal(rc_gazetteer_lang_get(g, (size_t)gaz_lang_find(g, "ru", 2), &tag, &n, &flags), RC_OK);
    assert_int_equal(flags, RC_LANG_CASED);
    /* the rule inflects, the common word needs its capital, the marker tells the language */
    assert_string_equal(found(g, "и в России того", NULL), ":RUS=России");
    assert_string_equal(found(g, "и в Того", NULL), ":TGO=Того");
    rc_gazetteer_free(g);
}

/* Designators: a one-word alias on the RC_WORD_DESIGNATED list is not reported when a company's
 * name goes on from it to a designator; everything else matches as before. */
static void test_designators(void **state)
{
    (void)state;
    rc_gazetteer_builder *b;
    rc_gazetteer *g, *h;
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(add(b, "Atlantic", "ATL", "en"), RC_OK);
    assert_int_equal(add(b, "Pacific", "PAC", "en"), RC_OK);
    assert_int_equal(add(b, "Pacific Islands Forum", "PIF", "en"), RC_OK);
    assert_int_equal(add(b, "Malaysia", "MYS", "en"), RC_OK);
    assert_int_equal(word(b, "en", RC_WORD_DESIGNATED, "Atlantic"), RC_OK);
    assert_int_equal(word(b, "en", RC_WORD_DESIGNATED, "pacific"), RC_OK);
    const char *designators[] = {"corporation", "Corp", "co", "inc", "company", "airlines"};
    for (size_t k = 0; k < sizeof designators / sizeof *designators; k++)
        assert_int_equal(word(b, "en", RC_WORD_DESIGNATOR, designators[k]), RC_OK);
    assert_int_equal(word(b, "en", RC_WORD_DESIGNATED + 1, "x"), RC_EINVAL);
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    const void *data;
    size_t size;
    rc_gazetteer_image(g, &data, &size);
    assert_int_equal(rc_gazetteer_load_image(data, size, &h), RC_OK);
    const rc_gazetteer *both[] = {g, h};
    for (int k = 0; k < 2; k++) {
        const rc_gazetteer *x = both[k];
        /* the first word of a company's name */
        assert_string_equal(found(x, "the Atlantic Lottery Corporation said", NULL), "");
        assert_string_equal(found(x, "Pacific Gas and Electric Co. and Pacific Airlines", NULL), "");
        assert_string_equal(found(x, "Atlantic Richfield, Inc.", NULL), "");
        assert_string_equal(found(x, "the Great Atlantic & Pacific Tea Company", "*"), "");
        assert_string_equal(found(x, "Atlantic A B C Corp", NULL), "");
        /* the sea: no designator, too far, not capitalized, a hyphenated word, a comma after the sea */
        assert_string_equal(found(x, "the Atlantic Council", NULL), ":ATL=Atlantic");
        assert_string_equal(found(x, "Atlantic A B C D Corp", NULL), ":ATL=Atlantic");
        assert_string_equal(found(x, "an Atlantic company", NULL), ":ATL=Atlantic");
        assert_string_equal(found(x, "Asian-Pacific Co-operation", NULL), ":PAC=Pacific");
        assert_string_equal(found(x, "across the Atlantic, Company", NULL), ":ATL=Atlantic");
        assert_string_equal(found(x, "across the Atlantic. Company", NULL), ":ATL=Atlantic");
        assert_string_equal(found(x, "the Atlantic Corporación", NULL), ":ATL=Atlantic");
        assert_string_equal(found(x, "the Atlantic and Pacific oceans", NULL), ":ATL=Atlantic :PAC=Pacific");
        assert_string_equal(found(x, "at the end: Atlantic", NULL), ":ATL=Atlantic");
        /* longer names and words not on the list are never touched */
        assert_string_equal(found(x, "Pacific Islands Forum Inc", NULL), ":PIF=Pacific Islands Forum");
        assert_string_equal(found(x, "Malaysia Airlines", NULL), ":MYS=Malaysia");
        /* overlapping mode leaves the word out too, and keeps the longer name */
        rc_matches m = RC_MATCHES_INIT;
        const char *t = "Pacific Islands Forum and Pacific Airlines";
        assert_int_equal(rc_gazetteer_find(x, t, strlen(t), RC_MATCH_OVERLAPPING, &m), RC_OK);
        assert_int_equal(m.count, 2);
        assert_int_equal(m.start[0], 0);
        assert_int_equal(m.end[0], 7);  /* Pacific: no designator within four words... */
        assert_int_equal(m.end[1], 21); /* ...the forum; not the airline's Pacific */
        rc_matches_free(&m);
    }
    rc_gazetteer_free(h);
    rc_gazetteer_free(g);
    /* without the lists, the same text matches */
    assert_int_equal(rc_gazetteer_builder_new(&b), RC_OK);
    assert_int_equal(add(b, "Atlantic", "ATL", "en"), RC_OK);
    assert_int_equal(word(b, "en", RC_WORD_DESIGNATOR, "corporation"), RC_OK);
    assert_int_equal(rc_gazetteer_compile(b, &g), RC_OK);
    rc_gazetteer_builder_free(b);
    assert_string_equal(found(g, "the Atlantic Lottery Corporation", NULL), ":ATL=Atlantic");
    rc_gazetteer_free(g);
}

/* An intact image of format version 1 is refused as such (RC_EVERSION), not as damaged. */
static void test_old_format_version_refused(void **state)
{
    (void)state;
    rc_gazetteer *g = world();
    const void *data;
    size_t size;
    rc_gazetteer_image(g, &data, &size);
    unsigned char *copy = malloc(size);
    memcpy(copy, data, size);
    uint32_t v = 1;
    memcpy(copy + 8, &v, 4);
    uint64_t sum = gaz_checksum(copy, size, GAZ_CHECKSUM_OFFSET);
    memcpy(copy + GAZ_CHECKSUM_OFFSET, &sum, 8);
    rc_gazetteer *h = NULL;
    assert_int_equal(rc_gazetteer_load_image(copy, size, &h), RC_EVERSION);
    assert_null(h);
    assert_non_null(strstr(rc_strerror(RC_EVERSION), "version"));
    copy[100] ^= 1; /* damaged as well: the damage is what is reported */
    assert_int_equal(rc_gazetteer_load_image(copy, size, &h), RC_EFORMAT);
    free(copy);
    rc_gazetteer_free(g);
}

/* Random edits anywhere in an image with language sections, the checksum fixed up: loading either
 * refuses it or gives a gazetteer that every mode searches safely (run under the sanitizers). */
static void test_hostile_language_sections(void **state)
{
    (void)state;
    rc_gazetteer *g = world();
    const void *data;
    size_t size;
    rc_gazetteer_image(g, &data, &size);
    unsigned char *copy = malloc(size);
    static const char *texts[] = {"le Maurice et la Suisse", "и в России и Того", "والصين للولايات المتحدة",
                                  "Azərbaycanda və Türkiyemizin sudan", "Maurice said the"};
    static const char *langs[] = {NULL, "*", "ru", "az", "ar"};
    uint32_t seed = 12345;
    size_t loaded = 0;
    const size_t lang_start = ((const gaz_header *)data)->section_off[GAZ_SEC_LANGS];
    for (int round = 0; round < 3000; round++) {
        memcpy(copy, data, size);
        for (int k = 0; k < 1 + round % 3; k++) {
            seed = seed * 1103515245u + 12345u;
            /* Half the edits land in the language sections, the rest anywhere. */
            size_t at = (round & 1) ? lang_start + (seed >> 8) % (size - lang_start) : (seed >> 8) % size;
            seed = seed * 1103515245u + 12345u;
            copy[at] ^= (unsigned char)(1u + (seed >> 16) % 255);
        }
        uint64_t sum = gaz_checksum(copy, size, GAZ_CHECKSUM_OFFSET);
        memcpy(copy + GAZ_CHECKSUM_OFFSET, &sum, 8);
        rc_gazetteer *h = NULL;
        int rc = rc_gazetteer_load_image(copy, size, &h);
        if (rc != RC_OK) {
            assert_true(rc == RC_EFORMAT || rc == RC_EVERSION);
            continue;
        }
        loaded++;
        rc_matches m = RC_MATCHES_INIT;
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
            for (size_t l = 0; l < sizeof langs / sizeof *langs; l++)
                assert_int_equal(rc_gazetteer_find_lang(h, texts[t], strlen(texts[t]), RC_MATCH_OVERLAPPING,
                                                        langs[l], langs[l] ? strlen(langs[l]) : 0, &m),
                                 RC_OK);
        rc_matches_free(&m);
        rc_gazetteer_free(h);
    }
    print_message("hostile language sections: %zu of 3000 still valid and searched safely\n", loaded);
    free(copy);
    rc_gazetteer_free(g);
}

/* Fail the n-th allocation for every n in building, compiling, matching in every mode (rules,
 * the context pass, common-word checks) and loading. */
static void test_allocation_failure_languages(void **state)
{
    (void)state;
    static const char *texts[] = {"le Maurice et la Suisse", "и в России и Того", "والصين للولايات المتحدة",
                                  "Azərbaycanda və Türkiyemizin", "Maurice said the"};
    static const char *langs[] = {NULL, "*", "ru", "az"};
    for (long n = 0;; n++) {
        rc_gazetteer_builder *b = NULL;
        rc_gazetteer *g = NULL, *h = NULL;
        rc_matches m = RC_MATCHES_INIT;
        size_t total = 0;
        rc_fault_fail_after(n);
        int rc = rc_gazetteer_builder_new(&b);
        if (!rc) rc = build_world(b);
        if (!rc) rc = rc_gazetteer_compile(b, &g);
        for (size_t t = 0; !rc && t < sizeof texts / sizeof *texts; t++) {
            for (size_t l = 0; !rc && l < sizeof langs / sizeof *langs; l++) {
                rc = rc_gazetteer_find_lang(g, texts[t], strlen(texts[t]), RC_MATCH_OVERLAPPING, langs[l],
                                            langs[l] ? strlen(langs[l]) : 0, &m);
                total += m.count;
            }
        }
        if (!rc) {
            const void *d;
            size_t s;
            rc_gazetteer_image(g, &d, &s);
            rc = rc_gazetteer_load_image(d, s, &h);
        }
        rc_fault_fail_after(-1);
        rc_matches_free(&m);
        rc_gazetteer_free(h);
        rc_gazetteer_free(g);
        rc_gazetteer_builder_free(b);
        if (rc == RC_OK) {
            assert_true(total > 10);
            print_message("allocation failure (languages): %ld failure points checked\n", n);
            break;
        }
        assert_int_equal(rc, RC_ENOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_russian_case_endings),
        cmocka_unit_test(test_turkish_and_azerbaijani_suffixes),
        cmocka_unit_test(test_arabic_proclitics),
        cmocka_unit_test(test_known_words_and_rules),
        cmocka_unit_test(test_latin_aliases_of_other_languages),
        cmocka_unit_test(test_language_data_survives_image_and_add_all),
        cmocka_unit_test(test_bad_language_arguments),
        cmocka_unit_test(test_language_file_rows),
        cmocka_unit_test(test_word_is_one_token),
        cmocka_unit_test(test_designators),
        cmocka_unit_test(test_old_format_version_refused),
        cmocka_unit_test(test_hostile_language_sections),
        cmocka_unit_test(test_allocation_failure_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
