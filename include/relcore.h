/*
 * relcore.h — the public C API of relcore.
 *
 * relcore finds who is mentioned with whom in messy, multilingual text: Unicode normalization,
 * UAX #29 segmentation, tokenization, sentence splitting and gazetteer matching.
 *
 * Conventions that hold for every function in this header:
 *
 *  - Every name starts with `rc_` (types, functions) or `RC_` (constants).
 *  - Text is UTF-8, passed as (pointer, length in bytes). It need not be NUL-terminated and may
 *    contain NUL bytes. All offsets are byte offsets into the text that was passed in.
 *  - Functions that can fail return an `int`: 0 (`RC_OK`) or a negative `RC_E*` code.
 *    `rc_strerror(code)` gives a sentence for it. On failure the output is left in a state that
 *    is safe to free, and nothing was leaked.
 *  - Output goes into caller-owned structs. A struct that owns memory has an `_INIT` initializer
 *    and a `_free` function; it may be reused across calls to save allocations.
 *  - There is no mutable global state: any number of threads may call any function at once, as long
 *    as each output struct is used by one thread at a time. Read-only handles (a compiled
 *    gazetteer) may be shared by any number of threads.
 */
#ifndef RELCORE_H
#define RELCORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RC_VERSION_MAJOR 0
#define RC_VERSION_MINOR 1
#define RC_VERSION_PATCH 0

/* ---------------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------------- */

enum {
    RC_OK = 0,
    RC_ENOMEM = -1,    /* an allocation failed */
    RC_EINVAL = -2,    /* an argument is out of its domain (unknown option bits, NULL pointer) */
    RC_EUTF8 = -3,     /* the input is not valid UTF-8; the offending byte offset is reported */
    RC_ETOOBIG = -4,   /* a size would overflow */
    RC_EFORMAT = -5,   /* a saved file or image is truncated, corrupted or of another version */
    RC_EIO = -6,       /* reading or writing a file failed (see errno) */
    RC_ESYNTAX = -7,   /* a line of a text input (gazetteer file) is malformed; its line is reported */
    RC_ESURROGATE = -8 /* code units hold a lone surrogate (U+D800..U+DFFF); its index is reported */
};

/* A static English sentence describing `code` (one of RC_OK or RC_E*); never NULL. */
const char *rc_strerror(int code);

/* The library version as "MAJOR.MINOR.PATCH". */
const char *rc_version(void);

/* The Unicode version of the character data the library was built with (utf8proc's), e.g. "15.0.0". */
const char *rc_unicode_version(void);

/* ---------------------------------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------------------------------- */

/* Checks that text[0..len) is valid UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF). Returns RC_OK, or RC_EUTF8 with *bad_offset (if not NULL) set to the offset of the
 * first byte of the first invalid sequence. NUL bytes are valid. */
int rc_utf8_validate(const char *text, size_t len, size_t *bad_offset);

/* ---------------------------------------------------------------------------------------------
 * Normalization
 *
 * One options word selects a Unicode normalization form and the foldings analysts need for
 * matching. Every output byte can be traced back to the span of input bytes it came from, so that
 * a match found in normalized text can be reported in the original.
 * ------------------------------------------------------------------------------------------- */

/* Normalization form: exactly one of these (or none) in the low bits of the options. */
#define RC_NFC 1u           /* canonical composition */
#define RC_NFD 2u           /* canonical decomposition */
#define RC_NFKC 3u          /* compatibility composition (ﬁ → fi, ² → 2, full-width → ASCII) */
#define RC_NFKD 4u          /* compatibility decomposition */
#define RC_FORM_MASK 7u     /* 0 = no normalization form: only the foldings below apply */

/* Foldings, combinable with any form. */
#define RC_CASEFOLD (1u << 3)          /* Unicode full case folding (ß → ss, İ → i̇, Σ → σ) */
#define RC_STRIP_ACCENTS (1u << 4)     /* drop nonspacing marks (Mn) after canonical decomposition */
#define RC_FOLD_QUOTES (1u << 5)       /* ’ ‘ ‚ ‛ ` ´ ′ ʼ → '   and  “ ” „ ‟ ″ « » → "  */
#define RC_FOLD_DASHES (1u << 6)       /* ‐ ‑ ‒ – — ― − ﹘ ﹣ － → - */
#define RC_COLLAPSE_SPACE (1u << 7)    /* every run of White_Space characters → one U+0020 */
/* Input handling. */
#define RC_REPLACE_INVALID (1u << 8)   /* invalid UTF-8 becomes U+FFFD instead of failing */
#define RC_WANT_MAP (1u << 9)          /* fill src_start/src_end (the alignment map) */
/* rc_normalize_units only: write into the caller's buffer out->data (out->cap_ bytes, units of
 * the input's width) and never reallocate it; RC_ETOOBIG if the result does not fit in it or
 * needs a wider width. Lets a caller normalize straight into its final string object. */
#define RC_NO_REALLOC (1u << 10)

/* All option bits that rc_normalize accepts (rc_normalize_units also takes RC_NO_REALLOC). */
#define RC_NORMALIZE_OPTIONS 0x3FFu

/* The result of rc_normalize. Initialize with RC_NORMALIZED_INIT, release with
 * rc_normalized_free. A result may be passed to rc_normalize again to reuse its memory. */
typedef struct rc_normalized {
    char *text;          /* the normalized UTF-8, NUL-terminated for convenience */
    size_t len;          /* its length in bytes (excluding the terminating NUL) */
    /* With RC_WANT_MAP: for every output byte i, the input bytes [src_start[i], src_end[i]) that
     * produced it. Spans are whole input characters, non-decreasing in both ends (monotone), and
     * together cover every input byte that produced output. Without RC_WANT_MAP: NULL. */
    size_t *src_start;
    size_t *src_end;
    size_t error_offset; /* after RC_EUTF8: the input byte offset of the invalid sequence */
    size_t cap_;         /* private: allocated capacity of text, src_start and src_end */
} rc_normalized;

#define RC_NORMALIZED_INIT {NULL, 0, NULL, NULL, 0, 0}

/* Normalizes text[0..len) according to `options` (a form plus RC_* foldings) into *out.
 *
 * Runs of ASCII and of characters that the options leave unchanged take a fast path; only the
 * short stretches around other characters go through the Unicode algorithms. Casefolding with a
 * composing form yields NFKC(casefold(NFKC(x))) — what matching needs — not a plain casefold.
 *
 * Returns RC_OK; RC_EUTF8 (out->error_offset set) for invalid UTF-8 without RC_REPLACE_INVALID;
 * RC_EINVAL for unknown option bits or a form above RC_NFKD; RC_ENOMEM. */
int rc_normalize(const char *text, size_t len, unsigned options, rc_normalized *out);

/* Releases the memory held by *out and resets it to RC_NORMALIZED_INIT. Accepts a result that
 * was never filled. */
void rc_normalized_free(rc_normalized *out);

/* Text as an array of fixed-width code units: width 1 (Latin-1), 2 (UCS-2: the BMP, no
 * surrogates) or 4 (UTF-32). These are the three layouts of CPython strings (PEP 393), and what
 * C programs that keep text as code point arrays hold. Initialize with RC_UNITS_INIT, release
 * with rc_units_free. */
typedef struct rc_units {
    void *data;          /* len units of `width` bytes each */
    size_t len;          /* in units */
    int width;           /* 1, 2 or 4 */
    /* The largest code point in the output, rounded up to 0x7F when the output is all ASCII
     * (0 if empty): enough to pick the narrowest string layout without another scan. */
    uint32_t max_cp;
    size_t error_offset; /* after RC_ESURROGATE or RC_EINVAL: index of the offending unit */
    size_t cap_;         /* private: allocated bytes */
} rc_units;

#define RC_UNITS_INIT {NULL, 0, 0, 0, 0, 0}

/* Normalizes code units[0..len) of the given width, like rc_normalize, into *out. The output
 * has the input's width unless a result character does not fit in it (Latin-1 "µ" → "μ" under
 * NFKC), in which case it has width 4. No alignment map (RC_WANT_MAP is RC_EINVAL here).
 * This path exists because converting to UTF-8 and back would cost more than normalizing.
 * Returns RC_OK; RC_ESURROGATE for a lone surrogate (RC_REPLACE_INVALID: U+FFFD instead);
 * RC_EINVAL for bad options or width, or a unit above U+10FFFF; RC_ENOMEM. */
int rc_normalize_units(const void *units, int width, size_t len, unsigned options, rc_units *out);

/* Releases the memory held by *out and resets it to RC_UNITS_INIT. */
void rc_units_free(rc_units *out);


/* ---------------------------------------------------------------------------------------------
 * Spans: the output of segmentation, tokenization and sentence splitting
 * ------------------------------------------------------------------------------------------- */

/* A growable list of spans [start[i], end[i]) with a kind each (an RC_TOK_* value for tokens,
 * 0 elsewhere). Offsets are byte offsets, or code point indices when the call was given
 * RC_OFFSETS_CODEPOINTS (what Python wants: str indices, computed in the same pass).
 * Initialize with RC_SPANS_INIT, release with rc_spans_free; reusable across calls. */
typedef struct rc_spans {
    int64_t *start;
    int64_t *end;
    uint8_t *kind;
    size_t count;
    size_t cap_; /* private */
} rc_spans;

#define RC_SPANS_INIT {NULL, NULL, NULL, 0, 0}

/* Releases the memory held by *spans and resets it to RC_SPANS_INIT. */
void rc_spans_free(rc_spans *spans);

/* Option shared by the span-producing functions: report code point indices, not byte offsets. */
#define RC_OFFSETS_CODEPOINTS (1u << 16)

/* ---------------------------------------------------------------------------------------------
 * UAX #29 segmentation (segment.c)
 *
 * Invalid UTF-8 never fails segmentation: each maximal invalid subpart is one character of
 * class Other (as if it were U+FFFD), so every byte of the input belongs to exactly one segment.
 * ------------------------------------------------------------------------------------------- */

/* What to segment: extended grapheme clusters, words or sentences (UAX #29 sections 3, 4, 5). */
typedef enum rc_seg_kind {
    RC_SEG_GRAPHEME = 0,
    RC_SEG_WORD = 1,
    RC_SEG_SENTENCE = 2
} rc_seg_kind;

/* The kind of a word segment (rc_spans.kind after rc_segment with RC_SEG_WORD). Grapheme and
 * sentence segments have kind 0. */
#define RC_SEG_WORDLIKE 1 /* contains a letter, digit or ideograph (General_Category L* or N*):
                             "Geneva", "30,000", "U.S", "北", "ク" */
#define RC_SEG_SPACE 2    /* only White_Space characters: " ", "\r\n", "\t  " */
#define RC_SEG_OTHER 3    /* anything else: punctuation, symbols, controls, lone marks, invalid
                             UTF-8: ",", "—", "%", "\x01" */
#define RC_SEG_EMOJI 4    /* no letter or digit, but an Extended_Pictographic character or a
                             regional indicator: "🇫🇷", "👩‍👩‍👧", "❤️" */

/* Splits text[0..len) into every segment of `kind`, in order, into *out (its previous contents
 * are replaced). The segments are non-empty and cover the text exactly: concatenated, they give
 * the text back. Boundaries follow UAX #29 (Unicode 15.0, the version of the library's tables) in
 * full, including the default rules with their lookahead (WB6/7, WB11/12, SB8) and emoji ZWJ
 * sequences and flags (GB11-13, WB3c, WB15/16); there is no tailoring.
 *
 * `options`: 0 or RC_OFFSETS_CODEPOINTS (offsets are code point indices, counting each invalid
 * subpart as one). Word segments get an RC_SEG_WORDLIKE/SPACE/OTHER/EMOJI kind.
 *
 * Returns RC_OK; RC_EINVAL (unknown kind or options, text NULL with len > 0, out NULL);
 * RC_ENOMEM (out->count is then 0). */
int rc_segment(rc_seg_kind kind, const char *text, size_t len, unsigned options, rc_spans *out);


/* ---------------------------------------------------------------------------------------------
 * Tokenization and sentence splitting for prose (tokenize.c, sentences.c)
 * ------------------------------------------------------------------------------------------- */

/* (declarations of the tokenizer and sentence splitter go here) */


/* ---------------------------------------------------------------------------------------------
 * Gazetteer (gazetteer*.c)
 * ------------------------------------------------------------------------------------------- */

/* (declarations of the gazetteer API go here) */


/* ---------------------------------------------------------------------------------------------
 * Relations (relations.c)
 * ------------------------------------------------------------------------------------------- */

/* (declarations of the relations API go here) */

#ifdef __cplusplus
}
#endif

#endif /* RELCORE_H */
