/* test_sentences.c — rc_sentences: every prose rule with examples (the table of
 * docs/tokenization.md), SentenceBreakTest.txt through the uax29 mode, properties on random text
 * (ordered, trimmed, covering every non-space character, cluster-aligned, code point offsets),
 * invalid UTF-8, NUL bytes, bad arguments and allocation failure. */
#include <dirent.h>

#include "testutil.h"
#include "base/alloc.h"
#include "breaktest.h"
#include "segment/segment.h"
#include "segment/textscan.h"

/* Renders the sentences of text as "s1 | s2 | ..." (line breaks inside shown as "\n"). */
static char *render(const char *text, size_t len, unsigned options)
{
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_sentences(text, len, options, &sp), RC_OK);
    size_t cap = 16 + 2 * len + 4 * sp.count, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (size_t i = 0; i < sp.count; i++) {
        if (i) n += (size_t)snprintf(out + n, cap - n, " | ");
        for (int64_t j = sp.start[i]; j < sp.end[i]; j++) {
            if (text[j] == '\n') {
                out[n++] = '\\';
                out[n++] = 'n';
            } else {
                out[n++] = text[j];
            }
        }
    }
    out[n] = '\0';
    rc_spans_free(&sp);
    return out;
}

#define EXPECT(text, want)                                                                       \
    do {                                                                                         \
        char *got_ = render((text), strlen(text), 0);                                            \
        assert_string_equal(got_, (want));                                                       \
        free(got_);                                                                              \
    } while (0)

static void test_terminators(void **state)
{
    EXPECT("Mr. Smith went to Washington. He met the ambassador! Did he? Yes.",
           "Mr. Smith went to Washington. | He met the ambassador! | Did he? | Yes.");
    EXPECT("One sentence without a stop", "One sentence without a stop");
    EXPECT("", "");
    EXPECT("  \n\t ", "");
    EXPECT("\"Why?\" she asked. \"Because!\" he said.", "\"Why?\" she asked. | \"Because!\" he said.");
    EXPECT("\xc2\xbfQu\xc3\xa9? \xc2\xa1S\xc3\xad!", "\xc2\xbfQu\xc3\xa9? | \xc2\xa1S\xc3\xad!");
    /* CJK full stops need no space */
    EXPECT("\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x82\xe7\xac\xac\xe4\xba\x8c\xef\xbc\x81\xe5\xa5\xbd",
           "\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x82 | \xe7\xac\xac\xe4\xba\x8c\xef\xbc\x81 | \xe5\xa5\xbd");
    /* other scripts' terminators: Devanagari danda, Arabic question mark */
    EXPECT("\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87\xe0\xa5\xa4 "
           "\xd9\x84\xd9\x85\xd8\xa7\xd8\xb0\xd8\xa7\xd8\x9f \xd9\x86\xd8\xb9\xd9\x85",
           "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87\xe0\xa5\xa4 | "
           "\xd9\x84\xd9\x85\xd8\xa7\xd8\xb0\xd8\xa7\xd8\x9f | \xd9\x86\xd8\xb9\xd9\x85");
}

static void test_abbreviations(void **state)
{
    EXPECT("He met the U.S. ambassador, e.g. Georgia's envoy, at 10 a.m. on Tuesday. Then left.",
           "He met the U.S. ambassador, e.g. Georgia's envoy, at 10 a.m. on Tuesday. | Then left.");
    EXPECT("Mr. Smith and Dr. Jones met H.E. Mr. Aliyev. They spoke.",
           "Mr. Smith and Dr. Jones met H.E. Mr. Aliyev. | They spoke.");
    EXPECT("J. F. Kennedy Jr. was there. So was J. A. Smith.",
           "J. F. Kennedy Jr. was there. | So was J. A. Smith.");
    /* a listed abbreviation that may end a sentence ends one before a sentence starter */
    EXPECT("He lives in the U.S. The country is big.", "He lives in the U.S. | The country is big.");
    EXPECT("Founded by Acme Inc. The firm grew, etc. and more.",
           "Founded by Acme Inc. | The firm grew, etc. and more.");
    EXPECT("the U.S. Senate and the U.N. Security Council met",
           "the U.S. Senate and the U.N. Security Council met");
    /* No., Art., p.: abbreviations before a number only */
    EXPECT("See resolution No. 1325 and Art. 51. Say No. Then go.",
           "See resolution No. 1325 and Art. 51. | Say No. | Then go.");
    EXPECT("It was Plan B. The other failed.", "It was Plan B. | The other failed.");
    EXPECT("MR. SMITH ARRIVED. HE LEFT.", "MR. SMITH ARRIVED. | HE LEFT.");
}

static void test_numbers_urls_emails(void **state)
{
    EXPECT("Prices rose 3.5 percent in 2015. Then they fell 1,000.50 points.",
           "Prices rose 3.5 percent in 2015. | Then they fell 1,000.50 points.");
    EXPECT("See www.un.org/en. Write to info@un.org. Visit http://x.org/a.b?c=d for more.",
           "See www.un.org/en. | Write to info@un.org. | Visit http://x.org/a.b?c=d for more.");
    /* a stop typed without its space */
    EXPECT("the end of the world.The next one", "the end of the world. | The next one");
    EXPECT("e.g.Georgia and U.S.Senate", "e.g.Georgia and U.S.Senate");
}

static void test_quotes_brackets_ellipses(void **state)
{
    EXPECT("He said \"Stop.\" Then he left. (It was late.) Next one.",
           "He said \"Stop.\" | Then he left. | (It was late.) | Next one.");
    EXPECT("\xe2\x80\x9cWe will win.\xe2\x80\x9d \xe2\x80\x9cWhen?\xe2\x80\x9d",
           "\xe2\x80\x9cWe will win.\xe2\x80\x9d | \xe2\x80\x9cWhen?\xe2\x80\x9d");
    EXPECT("\"Stop!\". Then.", "\"Stop!\". | Then.");
    EXPECT("It was... well, fine... Then it ended. Wait\xe2\x80\xa6 What? So . . . nothing.",
           "It was... well, fine... | Then it ended. | Wait\xe2\x80\xa6 | What? | So . . . nothing.");
}

static void test_lines_and_lists(void **state)
{
    EXPECT("Statement by H.E. Mr. Ilham Aliyev\nPresident of the Republic of Azerbaijan\n\n"
           "Mr. President,\nDistinguished Heads of State and Government,\nI congratulate you. "
           "We agree.",
           "Statement by H.E. Mr. Ilham Aliyev | President of the Republic of Azerbaijan | "
           "Mr. President, | Distinguished Heads of State and Government, | I congratulate you. | "
           "We agree.");
    /* hard-wrapped prose: a single line break does not end a sentence */
    EXPECT("The General Assembly has\nadopted the resolution with the\nUnited Nations. It\nwas good.",
           "The General Assembly has\\nadopted the resolution with the\\nUnited Nations. | "
           "It\\nwas good.");
    /* a blank line always does */
    EXPECT("no stop here\n\nnext paragraph\r\n\r\nlast", "no stop here | next paragraph | last");
    EXPECT("UNITED NATIONS\nGENERAL ASSEMBLY\nthe debate", "UNITED NATIONS | GENERAL ASSEMBLY | the debate");
    /* numbered and bulleted items are sentences of their own */
    EXPECT("We agree on the following:\n1. Peace\n2. Security and development\n3) Rights",
           "We agree on the following: | 1. Peace | 2. Security and development | 3) Rights");
    EXPECT("Decides:\n(a) to act;\n(b) to report\nback in time. Next.",
           "Decides: | (a) to act; | (b) to report | back in time. | Next.");
    EXPECT("Points:\n\xe2\x80\xa2 one thing\n\xe2\x80\xa2 another\n- a third",
           "Points: | \xe2\x80\xa2 one thing | \xe2\x80\xa2 another | - a third");
    EXPECT("1. First point. It matters.\n2. Second point.",
           "1. First point. | It matters. | 2. Second point.");
    EXPECT("Paragraph one.\xe2\x80\xa9Paragraph two", "Paragraph one. | Paragraph two");
}

static void test_trimmed_spans(void **state)
{
    const char *text = "  Hello world.   \n  Bye.  ";
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_sentences(text, strlen(text), 0, &sp), RC_OK);
    assert_int_equal(sp.count, 2);
    assert_int_equal(sp.start[0], 2);
    assert_int_equal(sp.end[0], 14);
    assert_int_equal(sp.start[1], 20);
    assert_int_equal(sp.end[1], 24);
    /* code point offsets */
    const char *u = "\xc3\x89t\xc3\xa9. \xc3\x80 bient\xc3\xb4t.";
    assert_int_equal(rc_sentences(u, strlen(u), RC_OFFSETS_CODEPOINTS, &sp), RC_OK);
    assert_int_equal(sp.count, 2);
    assert_int_equal(sp.start[0], 0);
    assert_int_equal(sp.end[0], 4);
    assert_int_equal(sp.start[1], 5);
    assert_int_equal(sp.end[1], 15);
    rc_spans_free(&sp);
}

static void test_invalid_utf8_and_nul(void **state)
{
    const char text[] = "Bad \xff byte. Next \xe2\x82. A\0b. C.";
    size_t len = sizeof text - 1;
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_sentences(text, len, 0, &sp), RC_OK);
    assert_int_equal(sp.count, 4);
    assert_int_equal(sp.start[0], 0);
    assert_int_equal(sp.end[0], 11);
    assert_int_equal(sp.start[1], 12);
    assert_int_equal(sp.end[1], 20);
    assert_int_equal(sp.start[2], 21); /* "A\0b." */
    assert_int_equal(sp.end[2], 25);
    assert_int_equal(rc_sentences(text, len, RC_OFFSETS_CODEPOINTS, &sp), RC_OK);
    assert_int_equal(sp.count, 4);
    assert_int_equal(sp.start[1], 12);
    assert_int_equal(sp.end[1], 19); /* the two invalid bytes are one character */
    rc_spans_free(&sp);
}

/* SentenceBreakTest.txt through rc_sentences' uax29 mode. */
static void test_sentence_break_test(void **state)
{
    FILE *f = open_ucd("SentenceBreakTest.txt");
    char line[4096];
    bt_line bt;
    long lines = 0;
    rc_spans sp = RC_SPANS_INIT;
    while (fgets(line, sizeof line, f)) {
        if (!bt_parse(line, &bt)) continue;
        lines++;
        assert_int_equal(rc_sentences(bt.text, bt.len, RC_SENTENCES_UAX29, &sp), RC_OK);
        int ok = sp.count == bt.nbounds - 1;
        for (size_t i = 0; ok && i < sp.count; i++)
            ok = sp.start[i] == (int64_t)bt.bounds[i] && sp.end[i] == (int64_t)bt.bounds[i + 1];
        if (!ok) fail_msg("SentenceBreakTest.txt: %s", line);
    }
    fclose(f);
    rc_spans_free(&sp);
    assert_int_equal(lines, 502);
    print_message("SentenceBreakTest.txt: %ld of %ld pass in uax29 mode\n", lines, lines);
    char *got = render("Mr. Smith left.  He came back. ", 31, RC_SENTENCES_UAX29);
    assert_string_equal(got, "Mr.  | Smith left.   | He came back. ");
    free(got);
}

static int only_space(const unsigned char *s, size_t len, size_t a, size_t e)
{
    while (a < e) {
        int32_t cp;
        a += (size_t)rc_seg_decode(s, len, a, &cp);
        if (!ts_is_space(cp)) return 0;
    }
    return 1;
}

/* Properties of prose-mode sentences of text[0..len): ordered, non-overlapping, non-empty,
 * starting and ending with a cluster that is not white space, on cluster boundaries, covering
 * every non-space character; code point offsets agree with byte offsets. */
static void check_properties(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    rc_spans a = RC_SPANS_INIT, c = RC_SPANS_INIT;
    assert_int_equal(rc_sentences(text, len, 0, &a), RC_OK);
    assert_int_equal(rc_sentences(text, len, RC_OFFSETS_CODEPOINTS, &c), RC_OK);
    assert_int_equal(a.count, c.count);
    char *cluster = calloc(len + 1, 1), *covered = calloc(len + 1, 1);
    size_t *index = calloc(len + 1, sizeof *index);
    assert_true(cluster && covered && index);
    for (size_t g = 0; g < len; g = rc_next_grapheme_boundary(s, len, g)) cluster[g] = 1;
    cluster[len] = 1;
    for (size_t i = 0, k = 0; i <= len; k++) {
        index[i] = k;
        if (i == len) break;
        int32_t cp;
        i += (size_t)rc_seg_decode(s, len, i, &cp);
    }
    size_t prev = 0;
    for (size_t i = 0; i < a.count; i++) {
        size_t st = (size_t)a.start[i], en = (size_t)a.end[i];
        assert_true(st >= prev && st < en && en <= len);
        if (!cluster[st] || !cluster[en]) {
            bt_dump("text", text, len);
            fail_msg("sentence [%zu,%zu) splits a cluster", st, en);
        }
        /* its first and last grapheme clusters are not white space only */
        size_t last = en - 1;
        while (!cluster[last]) last--;
        if (only_space(s, len, st, rc_next_grapheme_boundary(s, len, st))) {
            bt_dump("text", text, len);
            fail_msg("sentence [%zu,%zu) starts with white space", st, en);
        }
        if (only_space(s, len, last, en)) {
            bt_dump("text", text, len);
            fail_msg("sentence [%zu,%zu) ends with white space", st, en);
        }
        assert_int_equal(c.start[i], index[st]);
        assert_int_equal(c.end[i], index[en]);
        memset(covered + st, 1, en - st);
        prev = en;
    }
    for (size_t j = 0; j < len;) {
        int32_t cp;
        int n = rc_seg_decode(s, len, j, &cp);
        if (!ts_is_space(cp) && !covered[j]) {
            bt_dump("text", text, len);
            fail_msg("U+%04X at byte %zu is in no sentence", cp, j);
        }
        j += (size_t)n;
    }
    free(cluster);
    free(covered);
    free(index);
    rc_spans_free(&a);
    rc_spans_free(&c);
}

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static const char *const pieces[] = {
    "word", "The", "the", "a", "J", "7", "2015", ",", ".", ". ", "! ", "? ", "...", " ", " ",
    "  ", "\n", "\n\n", "\r\n", "\t", "U.S.", "e.g.", "Mr.", "No.", "etc.", "(", ")", "\"",
    "'", "1. ", "(a) ", "- ", "\xe2\x80\xa2 ", "\xe2\x80\x9d", "\xe2\x80\xa6", "\xe3\x80\x82",
    "\xef\xbc\x81", "\xd8\x9f", "\xc3\xa9", "\xcc\x81", "\xd8\x80", "\xe2\x80\xa9", "\xc2\x85",
    "\xc2\xa0", "\xe3\x80\x80", "\xff", "\xe2\x82", "\0", "\xf0\x9f\x98\x80", "\xc2\xbf"};

static void test_random_properties(void **state)
{
    size_t npieces = sizeof pieces / sizeof pieces[0];
    char text[1024];
    int rounds = quick_mode() ? 300 : 5000;
    /* RC_TEST_ROUNDS and RC_TEST_SEED run longer or other random tests (to hunt bugs) */
    if (getenv("RC_TEST_ROUNDS")) rounds = atoi(getenv("RC_TEST_ROUNDS"));
    if (getenv("RC_TEST_SEED")) rng_state = 0x853C49E6748FEA9Bull * (strtoull(getenv("RC_TEST_SEED"), NULL, 10) + 1);
    for (int r = 0; r < rounds; r++) {
        size_t len = 0, want = 1 + rnd() % 300;
        while (len < want) {
            const char *p = pieces[rnd() % npieces];
            size_t n = p[0] ? strlen(p) : 1;
            if (len + n >= sizeof text) break;
            memcpy(text + len, p, n);
            len += n;
        }
        check_properties(text, len);
    }
}

/* GraphemeBreakTest.txt lines, alone and around terminators. */
static void test_grapheme_break_test(void **state)
{
    FILE *f = open_ucd("GraphemeBreakTest.txt");
    char line[4096], ctx[512];
    bt_line bt;
    while (fgets(line, sizeof line, f)) {
        if (!bt_parse(line, &bt)) continue;
        check_properties(bt.text, bt.len);
        int n = snprintf(ctx, sizeof ctx, "A. %s. B\n%s\n\nC", bt.text, bt.text);
        check_properties(ctx, (size_t)n);
    }
    fclose(f);
}

static void test_corpus(void **state)
{
    for_each_corpus_file(check_properties);
}

static void test_bad_arguments(void **state)
{
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_sentences("a", 1, 1u << 5, &sp), RC_EINVAL);
    assert_int_equal(rc_sentences("a", 1, 0, NULL), RC_EINVAL);
    assert_int_equal(rc_sentences(NULL, 1, 0, &sp), RC_EINVAL);
    assert_int_equal(rc_sentences(NULL, 0, 0, &sp), RC_OK);
    assert_int_equal(sp.count, 0);
    rc_spans_free(&sp);
}

/* Each class of boundary error with examples of the class (docs/tokenization.md has the rules). */
static void test_evidence_classes(void **state)
{
    /* never inside a URL, e-mail address, number or abbreviation */
    EXPECT("Her email is Jane.Doe@example.com. I sent her an email.",
           "Her email is Jane.Doe@example.com. | I sent her an email.");
    EXPECT("See http://testurl.Awesome.com now.", "See http://testurl.Awesome.com now.");
    EXPECT("the end of the world.The next one", "the end of the world. | The next one");
    /* inline enumerations continue a sequence */
    EXPECT("1. The first item 2. The second item", "1. The first item | 2. The second item");
    EXPECT("1.) One 2.) Two 3.) Three", "1.) One | 2.) Two | 3.) Three");
    EXPECT("1) One 2) Two", "1) One | 2) Two");
    EXPECT("a. One b. Two c. Three", "a. One | b. Two | c. Three");
    EXPECT("\xe2\x80\xa2 9. Nine \xe2\x80\xa2 10. Ten", "\xe2\x80\xa2 9. Nine | \xe2\x80\xa2 10. Ten");
    EXPECT("1. We met in 2020. 7 more followed.", "1. We met in 2020. | 7 more followed.");
    /* abbreviations: before a title after a few words, before numbers, etc. */
    EXPECT("He left the bank at 6 P.M. Mr. Smith then left.", "He left the bank at 6 P.M. | Mr. Smith then left.");
    EXPECT("At 5 a.m. Mr. Smith left.", "At 5 a.m. Mr. Smith left.");
    EXPECT("It costs Rs. 16720 at N\xc2\xb0. 5 and pop. 120,000 in Op. 46.",
           "It costs Rs. 16720 at N\xc2\xb0. 5 and pop. 120,000 in Op. 46.");
    EXPECT("Smith v. Jones was heard on Main Blvd. Springfield.", "Smith v. Jones was heard on Main Blvd. Springfield.");
    EXPECT("food, water, etc. Needs are great.", "food, water, etc. | Needs are great.");
    EXPECT("you and I. Did you see Albert I. Jones?", "you and I. | Did you see Albert I. Jones?");
    /* ! ? in names and asides; emoticons */
    EXPECT("She works at Yahoo! in the city.", "She works at Yahoo! in the city.");
    EXPECT("Add it and -- voila! -- you have it.", "Add it and -- voila! -- you have it.");
    EXPECT("I love her. :) I have a cat.", "I love her. :) | I have a cat.");
    EXPECT("Try it :D Now go.", "Try it :D | Now go.");
    EXPECT("The ratio is 3:1 here.", "The ratio is 3:1 here.");
    /* citation markers */
    EXPECT("a martyr.[1] The emperor wept.", "a martyr.[1] | The emperor wept.");
    EXPECT("large.[7][8] This changed.", "large.[7][8] | This changed.");
    EXPECT("Smith (1987).1 According to him.", "Smith (1987).1 | According to him.");
    EXPECT("in Dulwich. [17] Placed there.", "in Dulwich. [17] | Placed there.");
    /* lower-case starts, on evidence */
    EXPECT("i love my cat. she is great! where are you? india?",
           "i love my cat. | she is great! | where are you? | india?");
    EXPECT("food, etc. and U.S. citizens at 2. it said 'ok.' she said.",
           "food, etc. and U.S. citizens at 2. it said 'ok.' she said.");
    /* spaced ellipses */
    EXPECT("weakened . . . in compounds. . . . The practice . . . I know.",
           "weakened . . . in compounds. | . . . The practice . . . I know.");
    EXPECT("with a period . . . . Next one.", "with a period . . . . | Next one.");
    /* letters and e-mail headers, interrupted speech */
    EXPECT("Dear Nina, Here's a tip. Best regards, Debra", "Dear Nina, | Here's a tip. | Best regards, | Debra");
    EXPECT("Thank you, Mr. President.", "Thank you, Mr. President.");
    EXPECT("From: Joan <joan@x.org> 03/23/2001 Hi.", "From: Joan <joan@x.org> | 03/23/2001 Hi.");
    EXPECT("Did you \xe2\x80\x94 We left. Two States \xe2\x80\x94 Israel and Palestine \xe2\x80\x94 agree.",
           "Did you \xe2\x80\x94 | We left. | Two States \xe2\x80\x94 Israel and Palestine \xe2\x80\x94 agree.");
}

/* Labels without a terminator and a text's first title. Every prefix of every example runs too,
 * each in a buffer of its own size, so that a sanitizer build catches a read past the text. */
static void test_labels_and_titles(void **state)
{
    static const char *const cases[][2] = {
        {"It burned. Background Mirelle is a village.", "It burned. | Background | Mirelle is a village."},
        {"Towns vote. Figure 2.3 Voters gather.", "Towns vote. | Figure 2.3 | Voters gather."},
        {"It takes work. Part 2 of 3: Telling it", "It takes work. | Part 2 of 3: | Telling it"},
        {"Why We Sleep By Mara Quint #health #science When night falls, we rest.",
         "Why We Sleep | By Mara Quint | #health #science | When night falls, we rest."},
        {"It is licensed under CC BY-SA 4.0 When we talk, we fear.",
         "It is licensed under CC BY-SA 4.0 | When we talk, we fear."},
        {"It rained. (photo: courtesy of Ann Lee) Most farms flooded.",
         "It rained. | (photo: courtesy of Ann Lee) | Most farms flooded."},
        {"I was going to tr- \xe2\x80\x94 B- but you left.", "I was going to tr- \xe2\x80\x94 | B- but you left."},
        {"Great service I had my car fixed.", "Great service | I had my car fixed."},
        {"First of all I should thank you.", "First of all I should thank you."},
        {"Student Affairs Office The Ohio State University", "Student Affairs Office | The Ohio State University"},
        /* "The" before a name opens no sentence after a title that has a sentence starter */
        {"This Student Office The Ohio State University", "This Student Office The Ohio State University"},
        /* after a lower-case word, the starter is at most the ninth word of a first title... */
        {"Notes on the old mill by the river This is it.", "Notes on the old mill by the river | This is it."},
        {"Notes on the old mill by the big river This is it.", "Notes on the old mill by the big river This is it."},
        /* ...and at most the fourth of a later one */
        {"It rained. Notes on old This is it.", "It rained. | Notes on old | This is it."},
        {"It rained. Notes on the old This is it.", "It rained. | Notes on the old This is it."},
        {"Part Three: The Long Road My mother left.", "Part Three: The Long Road | My mother left."},
        {"Lindale Lindale is a town.", "Lindale | Lindale is a town."},
        {"It ended. FURTHER READING The BBC site has more.", "It ended. | FURTHER READING | The BBC site has more."},
    };
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        EXPECT(cases[k][0], cases[k][1]);
        size_t len = strlen(cases[k][0]);
        for (size_t n = 0; n <= len; n++) {
            char *copy = malloc(n ? n : 1);
            assert_non_null(copy);
            memcpy(copy, cases[k][0], n);
            rc_spans sp = RC_SPANS_INIT;
            assert_int_equal(rc_sentences(copy, n, 0, &sp), RC_OK);
            for (size_t i = 0; i < sp.count; i++) assert_true(sp.start[i] < sp.end[i] && sp.end[i] <= (int64_t)n);
            rc_spans_free(&sp);
            free(copy);
        }
    }
}

/* The whole-token check runs the tokenizer: its allocation failures must come back as
 * RC_ENOMEM with no spans, like every other. */
static void test_allocation_failure_in_token_check(void **state)
{
    const char *text = "Mail Jane.Doe@example.com or see http://testurl.Awesome.com and the world.The end.";
    size_t len = strlen(text);
    rc_spans sp = RC_SPANS_INIT;
    assert_int_equal(rc_sentences(text, len, 0, &sp), RC_OK);
    size_t want = sp.count;
    int failures = 0;
    for (long k = 0;; k++) {
        rc_fault_fail_after(k);
        int rc = rc_sentences(text, len, 0, &sp);
        rc_fault_fail_after(-1);
        if (rc == RC_OK) {
            assert_int_equal(sp.count, want);
            break;
        }
        assert_int_equal(rc, RC_ENOMEM);
        assert_int_equal(sp.count, 0);
        failures++;
    }
    assert_true(failures >= 2); /* the output and the tokenizer's scratch */
    rc_spans_free(&sp);
}

static void test_allocation_failure(void **state)
{
    char text[6000];
    size_t len = 0;
    while (len + 12 < sizeof text) {
        memcpy(text + len, "Yes. No! \xc3\x89h? ", 14 <= sizeof text - len ? 14 : 0);
        len += 14;
    }
    for (unsigned mode = 0; mode < 2; mode++) {
        unsigned o = (mode ? RC_SENTENCES_UAX29 : 0) | RC_OFFSETS_CODEPOINTS;
        rc_spans sp = RC_SPANS_INIT;
        assert_int_equal(rc_sentences(text, len, o, &sp), RC_OK);
        size_t want = sp.count;
        assert_true(want > 500);
        assert_int_equal(rc_sentences(text, len, o, &sp), RC_OK); /* reuse */
        assert_int_equal(sp.count, want);
        rc_spans_free(&sp);
        int failures = 0;
        for (long k = 0;; k++) {
            rc_fault_fail_after(k);
            int rc = rc_sentences(text, len, o, &sp);
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
        assert_true(failures >= 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terminators),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_numbers_urls_emails),
        cmocka_unit_test(test_quotes_brackets_ellipses),
        cmocka_unit_test(test_lines_and_lists),
        cmocka_unit_test(test_trimmed_spans),
        cmocka_unit_test(test_invalid_utf8_and_nul),
        cmocka_unit_test(test_sentence_break_test),
        cmocka_unit_test(test_random_properties),
        cmocka_unit_test(test_grapheme_break_test),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_allocation_failure),
        cmocka_unit_test(test_evidence_classes),
        cmocka_unit_test(test_labels_and_titles),
        cmocka_unit_test(test_allocation_failure_in_token_check),
    };
    return cmocka_run_group_tests_name("sentences", tests, NULL, NULL);
}
