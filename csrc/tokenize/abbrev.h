/* abbrev.h — the abbreviation list and the sentence-starter list shared by the tokenizer and
 * the sentence splitter (abbreviations.c). Both lists are documented in docs/tokenization.md. */
#ifndef RC_ABBREV_H
#define RC_ABBREV_H

#include <stddef.h>

/* What a period after the word means. */
enum {
    RC_ABBR_NONE = 0,     /* not an abbreviation: the period is punctuation */
    RC_ABBR_TITLE = 1,    /* stands before a name or an example and never ends a sentence:
                             Mr. Dr. H.E. St. e.g. i.e. cf. vs. */
    RC_ABBR_NUMBERED = 2, /* an abbreviation only before a number: No. 5, Art. 51, p. 12 */
    RC_ABBR_COMMON = 3,   /* an abbreviation that may also end a sentence: Inc. U.S. a.m.;
                             it ends one only before a sentence-starter word ("The", "We") */
    RC_ABBR_FINAL = 4     /* an abbreviation that ends a list and so, mostly, a sentence: etc.;
                             it ends one before any capitalized word ("etc. Needs good ...") */
};

/* The class of s[0..n), a word without its final period ("Mr", "U.S", "e.g", "etc"). Listed
 * words are matched ignoring ASCII case; unlisted words of two or more single letters joined by
 * periods (the letter-period pattern: "U.S.A", "z.B") are RC_ABBR_COMMON. */
int rc_abbrev_class(const unsigned char *s, size_t n);

/* Whether s[0..n) is two or more single letters joined by single periods ("U.S", "a.m"). */
int rc_abbrev_letter_pattern(const unsigned char *s, size_t n);

/* Whether s[0..n) is a word that typically starts a sentence and rarely continues a name after
 * an abbreviation ("The", "We", "However"), capitalized or in capitals. */
int rc_sentence_starter(const unsigned char *s, size_t n);

/* Checks the tables (every stored word found by its own lookup, the length filter and the case
 * rule consistent): 0 if they are, -1 if not. For the tests. */
int rc_abbrev_selfcheck(void);

#endif
