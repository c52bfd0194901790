/* sentences.h — what the files of the prose sentence splitter share (sentences.c: the scan, line
 * breaks and terminators; sentence_evidence.c: the small pieces of evidence a terminator is
 * decided on — emoticons, citation markers, inline list markers, spaced ellipses, asides, and
 * tokens that a boundary must never split; sentence_labels.c: labels that stand as sentences
 * without a terminator — captions, bylines, hashtags, licences, bracketed remarks). Internal. */
#ifndef RC_SENTENCES_H
#define RC_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

#include "relcore.h"
#include "segment/textscan.h"

#define NONE ((size_t)-1)

typedef struct {
    const unsigned char *s;
    size_t len;
    rc_spans *out;
    int cps;
    int rc;
    ts_walker w;
    size_t start;      /* first character of the current sentence, NONE before one starts */
    size_t line_start; /* first non-space character of the current line */
    /* An inline enumeration ("1. The first item 2. The second item"): the current sentence
     * opened with a list marker; the next marker of the sequence ends it. */
    size_t marker_end;  /* the marker's punctuation ends here (no break after it), or NONE */
    int list_kind;      /* 0 none, 1 digits, 2 lower-case letter */
    unsigned list_next; /* the value the next marker must have */
    int list_bullet;    /* the marker stood after a bullet, and so must the next one */
    rc_spans scratch;   /* tokens of a chunk (sent_inside_token), reused */
    /* The text's own casing: how many terminators so far were followed by a capitalized word,
     * and how many by a lower-case word that the token before would let start a sentence. */
    size_t upper_after, lower_after;
} sent;

static inline int32_t sent_char(const sent *st, size_t i, int *n)
{
    int32_t cp;
    *n = ts_char(st->s, st->len, i, &cp);
    return cp;
}

/* A bullet that opens a list item: • ◦ ▪ ● ‣ ⁃ · and - * – —. */
int sent_is_bullet(int32_t cp);

/* The length of an emoticon at i (":)", ":-(", ":D", ";)", ":P"), 0 if none. It counts only as a
 * whole token: white space or the end of text after it. */
size_t sent_emoticon(const sent *st, size_t i);

/* The length of citation or footnote markers at i: "[1]", "[7][8]", at most three digits in
 * each; 0 if none. */
size_t sent_citation(const sent *st, size_t i);

/* The length of an omission mark at i: "[...]" or "[…]"; 0 if none. */
size_t sent_omission(const sent *st, size_t i);

/* The length of a footnote number at i, after a full stop and a space: one or two digits, a
 * space, and a capitalized sentence-starter word with a lower-case word after it ("rights. 4 Even
 * though", "(Figure 1.6). 5 At the other end"); 0 if none. Not a number that a sentence starts
 * with ("in 2020. 7 more meetings", "12 States voted"). */
size_t sent_footnote(const sent *st, size_t i);

/* Whether the text at i is a dash ("--", "—", "–", "-") with white space after it, followed
 * by a lower-case word: an aside goes on ("-- voila! -- you have"). */
int sent_dash_aside(const sent *st, size_t i);

/* Spaced ellipsis: the number of periods in the run ". . ." that starts at the period p (each
 * next period one space after the previous one) and sets *end after the last one; 1 if none
 * follows. */
int sent_spaced_dots(const sent *st, size_t p, size_t *end);

/* The number of words (runs of non-space characters) in s[a..p), counting at most `cap`. */
int sent_words(const sent *st, size_t a, size_t p, int cap);

/* Records whether the sentence that starts at i opens with a list marker ("1. ", "2) ",
 * "1.) ", "a. ", "• 9. ", "⁃10. "), for the inline enumeration rule. */
void sent_list_open(sent *st, size_t i);

/* The punctuation of an inline list marker at p ('.' or ')') that continues the current
 * sentence's sequence: returns where the new item starts (the marker, or the bullet before
 * it), NONE if p is no such marker. */
size_t sent_list_next(const sent *st, size_t p);

/* Whether s[a..p) (p a comma, or a colon after a salutation) is the salutation or the
 * valediction of a letter or an e-mail ("Dear Nina,", "Dear Hannah:", "Hi all,", "Best
 * regards,", "Thanks,"): at most four words, 40 bytes. */
int sent_letter_comma(const sent *st, size_t a, size_t p);

/* For a sentence that starts at i: if it is a salutation or a valediction whose comma a
 * capitalized word (not a title: "Thank you, Mr. President") follows, where it ends (after the
 * comma); else NONE. Run at every sentence start; most fail on the first word's letter. */
size_t sent_letter_open(const sent *st, size_t i);

/* The quick filter in front of sent_letter_open, inlined at every sentence start: the first
 * two letters of the words it looks for ("al" "be" "ch" "de" "fa" "gr" "hi/he" "ki" "lo" "ma"
 * "re" "si" "th/tr" "ve" "wa/wi" "yo"). "The" and "We", most sentence starts, mostly fail here. */
static inline int sent_letter_maybe(const unsigned char *s, size_t len, size_t i)
{
    static const char *const second[26] = {
        ['a' - 'a'] = "l", ['b' - 'a'] = "e", ['c' - 'a'] = "h", ['d' - 'a'] = "e", ['f' - 'a'] = "a",
        ['g' - 'a'] = "r", ['h' - 'a'] = "ie", ['k' - 'a'] = "i", ['l' - 'a'] = "o", ['m' - 'a'] = "a",
        ['r' - 'a'] = "e", ['s' - 'a'] = "i", ['t' - 'a'] = "hr", ['v' - 'a'] = "e", ['w' - 'a'] = "ai",
        ['y' - 'a'] = "o"};
    if (i + 2 >= len || s[i] < 'A' || s[i] > 'Z') return 0;
    const char *c = second[s[i] - 'A'];
    unsigned l = s[i + 1] | 0x20;
    if (!c || (l != (unsigned char)c[0] && (!c[1] || l != (unsigned char)c[1]))) return 0;
    /* "Th" must go on with "a" (thank, thanks); "The", "This", "They" stop */
    return !(s[i] == 'T' && l == 'h' && (s[i + 2] | 0x20) != 'a');
}

/* A heading before the sentence that starts at i: a title with no terminator ("Previous Research
 * We are aware", "History The first inhabitants", "Tips If you wash"). It is a run of words in
 * title case (capitalized, numbers, or lower-case function words: "How to Wash Overalls in a
 * Washing Machine") ending in a capitalized word, followed by a capitalized sentence-starter
 * word (a capital, then lower-case letters: not "I", "A" or "THE") and a lower-case word that
 * is no function word ("The first", not "The Hague" or "Who of"). A heading with lower-case
 * words is short: at most three words ("What we eat We evolved in", "How we move Our
 * ancestors"), or eight in the text's first sentence (first != 0: a review's title, "Best meat
 * pies in Canada If you are", "Dentist you can trust If possible"); its last word may be
 * lower-case then, but no function word. In the first sentence, where a text's title stands,
 * the title may also end before "I" and a lower-case word ("Great service I had": two words or
 * more; with lower-case words, at most four, no function word, no starter first: not "So then I
 * left", "First of all I"), before
 * "The" and a name (two capitalized words or more, no starter among them: "Student Affairs
 * Office The Ohio State University"), and before its own first word again ("Lindale Lindale
 * is"); a title word there may carry a colon ("Part Three: The Long Road My mother"). A title in
 * capitals ends before any starter ("FURTHER READING The BBC website"). Outside the first
 * sentence some capitalized word (a capital, then a lower-case letter) must begin within 32
 * bytes after i: most sentences have none there and are decided on that alone. Returns the end
 * of the title's last word, NONE if there is no heading.
 * The name of a document section as the first word ends one before any capitalized word
 * ("Background Mirelle is", "Steps Wash alone"): a closed list of the section names of
 * encyclopedias, papers, travel and how-to guides.
 * Looks at twelve words at most (twenty in the first sentence, once a text). */
size_t sent_heading(const sent *st, size_t i, int first);


/* Labels that stand as sentences of their own (sentence_labels.c), each looked for at a
 * sentence start i and returning where the label ends, NONE if there is none:
 * - sent_caption: a caption label "Figure 1.5", "Fig. 3", "Table 2a" before a capitalized word,
 *   or a place in a sequence, "Part 1 of 2:", "Step 3 of 5" (a colon after either or not).
 * - sent_byline: "By" and one to three capitalized words before a quote, a hashtag, or (after
 *   two words or more) a capitalized sentence starter ("By Jane Doe #travel", "By Anonymous
 *   "Quote""); with title != 0 (a text's first sentence) also a title in title case before
 *   such a byline, whose end it returns ("Tools and Tasks By Anonymous").
 * - sent_hashtags: two hashtags or more before a capitalized word ("#food #travel When we").
 * - sent_bracketed: a bracketed remark of three words or more with no terminator, before a
 *   capitalized sentence starter ("(credit: work by Liz West) Most countries"); not a list
 *   marker ("(a) We agree"). */
size_t sent_caption(const sent *st, size_t i);
size_t sent_byline(const sent *st, size_t i, int title);
size_t sent_hashtags(const sent *st, size_t i);
size_t sent_bracketed(const sent *st, size_t i);

/* The period p of the version of a Creative Commons licence that ends an image credit ("... is
 * licensed under CC BY-SA 4.0 When we"): where the version ends, when a capitalized word follows;
 * else NONE. */
size_t sent_licence(const sent *st, size_t p);

/* A name that opens a message, at the sentence start i: "Tammi, Attached is", "Greg, I faxed
 * you": a capitalized word (no sentence-starter word, no adverb in -ly: "However, The",
 * "Unfortunately, This"), a comma, and a capitalized sentence-starter word (not "I": "Yeah, I
 * know", "First, I propose" go on). Returns the end of the
 * comma; or, when one or two capitalized words (the signature of the message before: "Phillip
 * Jim, Take a look") come first, the end of those. NONE if there is no such name. */
size_t sent_name_comma(const sent *st, size_t i);

/* The quick filter in front of sent_name_comma, inlined at every sentence start: the first word
 * (a capital, lower-case letters) ends at a comma and a space, or at a space and a capital. */
static inline int sent_name_maybe(const unsigned char *s, size_t len, size_t i)
{
    size_t e = i + 1;
    while (e < len && s[e] >= 'a' && s[e] <= 'z') e++;
    if (e == i + 1 || e + 2 >= len) return 0;
    return s[e] == ',' ? s[e + 1] == ' ' : s[e] == ' ' && s[e + 1] >= 'A' && s[e + 1] <= 'Z';
}

/* A dateline at the sentence start i, "[Weekday, ]Month D, YYYY" before a capitalized word
 * ("August 19, 1975 Dear Hannah", "Friday, May 8, 2009 Thomas Sam, 42, and"): returns the end
 * of the date. In the text's first sentence (first != 0) also the title of a news text before
 * its dateline ("Australian children suffering from iodine deficiency Thursday, February 23,
 * 2006"; not after a preposition: "On May 8, 2009, he"): returns the end of the title. Each
 * date must be followed by a space and a capital. NONE if neither. */
size_t sent_dateline(const sent *st, size_t i, int first);

/* The quick filter in front of sent_dateline at a sentence start: a hash of the first three
 * letters is one of those of a month or a weekday ("Jan" ... "Dec", "Mon" ... "Sun"); one test
 * of a 64-bit set for most words. */
#define SENT_H3(a, b, c) (1ull << (((unsigned)(a) * 39u + (unsigned)(b) * 50u + (unsigned)(c)) & 63u))
static inline int sent_calendar_maybe(const unsigned char *s, size_t len, size_t i)
{
    static const uint64_t set =
        SENT_H3('J', 'a', 'n') | SENT_H3('F', 'e', 'b') | SENT_H3('M', 'a', 'r') | SENT_H3('A', 'p', 'r') |
        SENT_H3('M', 'a', 'y') | SENT_H3('J', 'u', 'n') | SENT_H3('J', 'u', 'l') | SENT_H3('A', 'u', 'g') |
        SENT_H3('S', 'e', 'p') | SENT_H3('O', 'c', 't') | SENT_H3('N', 'o', 'v') | SENT_H3('D', 'e', 'c') |
        SENT_H3('M', 'o', 'n') | SENT_H3('T', 'u', 'e') | SENT_H3('W', 'e', 'd') | SENT_H3('T', 'h', 'u') |
        SENT_H3('F', 'r', 'i') | SENT_H3('S', 'a', 't') | SENT_H3('S', 'u', 'n');
    return i + 3 < len && (set & SENT_H3(s[i], s[i + 1], s[i + 2])) != 0;
}
#undef SENT_H3

/* Whether s[a..e) is a lower-case function word: an article, a conjunction or a short
 * preposition ("the", "and", "of", "with"). */
int sent_function_word(const unsigned char *s, size_t a, size_t e);

/* An e-mail header stamp whose time has its colon at p: a date "08/16/2000" or "10/08/99", a
 * space, and a time with seconds or AM/PM ("12:05 PM", "06:03:48 PM", "12:42:55"). Returns the
 * end of the stamp and sets *date to the date's start; NONE if p is in no stamp. */
size_t sent_stamp(const sent *st, size_t p, size_t *date);

/* Whether position q (a boundary candidate without white space at it) falls strictly inside a
 * token that rc_tokenize returns whole and that a sentence may never split: a URL, an e-mail
 * address, a number or an abbreviation. Runs the tokenizer on the chunk of non-space
 * characters around q. Sets st->rc on allocation failure. */
int sent_inside_token(sent *st, size_t q);

#endif
