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

/* RC_API marks the public functions. The shared library is built with -fvisibility=hidden and
 * RC_BUILD_SHARED, so that these are its only exported symbols: internal helpers (rc_grow, the
 * worker pool, the stages' own functions) stay private and free to change. */
#if defined(RC_BUILD_SHARED) && (defined(__GNUC__) || defined(__clang__))
#define RC_API __attribute__((visibility("default")))
#else
#define RC_API
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
    /* -7 is not used (it was a syntax error code that no function returned) */
    RC_ESURROGATE = -8, /* code units hold a lone surrogate (U+D800..U+DFFF); its index is reported */
    RC_EVERSION = -9    /* a saved gazetteer image has another format version: rebuild it */
};

/* A static English sentence describing `code` (one of RC_OK or RC_E*); never NULL. */
RC_API const char *rc_strerror(int code);

/* The library version as "MAJOR.MINOR.PATCH". */
RC_API const char *rc_version(void);

/* The Unicode version of the character data the library was built with (utf8proc's), e.g. "15.0.0". */
RC_API const char *rc_unicode_version(void);

/* ---------------------------------------------------------------------------------------------
 * Option names: the words that name option values in bindings and on command lines, defined once
 * so that every caller spells and checks them alike.
 * ------------------------------------------------------------------------------------------- */

typedef enum rc_name_set {
    RC_NAMES_FORM,          /* normalization form: "NFC", "NFD", "NFKC", "NFKD" → RC_NFC..RC_NFKD */
    RC_NAMES_TOKEN_MODE,    /* rc_tokenize: "words" → 0, "uax29" → RC_TOKENIZE_UAX29 */
    RC_NAMES_SENTENCE_MODE, /* rc_sentences: "text" → 0, "uax29" → RC_SENTENCES_UAX29 */
    RC_NAMES_SEGMENT,       /* rc_segment: "grapheme", "word", "sentence" → RC_SEG_* */
    RC_NAMES_ALIAS_FORM,    /* gazetteer entries: "name", "demonym", "capital", "block" → RC_FORM_* */
    RC_NAMES_WINDOW,        /* co-mention windows: "sentence", "document" → RC_WINDOW_* */
    RC_NAMES_ERRORS,        /* invalid input: "strict" → 0, "replace" → RC_REPLACE_INVALID */
    RC_NAME_SETS
} rc_name_set;

/* The value that name[0..len) names in `set`, or -1 if it names none (or set is unknown). */
RC_API long rc_name_value(rc_name_set set, const char *name, size_t len);

/* The name of `value` in `set`, or NULL if it has none. */
RC_API const char *rc_value_name(rc_name_set set, long value);

/* The names of `set` quoted and listed for a message: "'words' or 'uax29'"; with `open` the list
 * is left open for one more alternative the caller adds: "'NFC', 'NFD', 'NFKC', 'NFKD'" (then
 * " or None"). A static string ("" for an unknown set). */
RC_API const char *rc_names_list(rc_name_set set, int open);

/* ---------------------------------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------------------------------- */

/* Checks that text[0..len) is valid UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF). Returns RC_OK, or RC_EUTF8 with *bad_offset (if not NULL) set to the offset of the
 * first byte of the first invalid sequence. NUL bytes are valid. */
RC_API int rc_utf8_validate(const char *text, size_t len, size_t *bad_offset);

/* One text of a batch (rc_analyze_many, rc_tokenize_texts): UTF-8 bytes (width 0), or code units
 * of width 1, 2 or 4 (the layouts of rc_units, below: Latin-1, UCS-2, UTF-32), which the worker
 * converts to UTF-8 itself — a caller holding strings in such arrays (CPython) hands them over
 * without converting first. With units and RC_OFFSETS_CODEPOINTS, offsets are unit indices. */
typedef struct rc_text {
    const void *data;
    size_t len;  /* bytes (width 0) or units */
    int width;   /* 0, 1, 2 or 4 */
} rc_text;

/* A UTF-8 buffer that rc_text_utf8 grows and a caller reuses from text to text. Initialize with
 * RC_UTF8_BUFFER_INIT, release with rc_utf8_buffer_free. */
typedef struct rc_utf8_buffer {
    char *data;
    size_t cap;
} rc_utf8_buffer;

#define RC_UTF8_BUFFER_INIT {NULL, 0}

/* The one way from an rc_text to UTF-8: width 0 is used in place (*data = t->data), code units
 * are converted by rc_units_to_utf8 into *buf (grown as needed, NUL-terminated). Needs no lock.
 * Returns RC_OK; RC_ESURROGATE with *error_offset the unit index of a lone surrogate; RC_EINVAL
 * (NULL argument, bad width, a unit above U+10FFFF); RC_ETOOBIG; RC_ENOMEM (*buf unchanged). */
RC_API int rc_text_utf8(const rc_text *t, rc_utf8_buffer *buf, const char **data, size_t *len,
                        size_t *error_offset);

/* Releases a buffer of rc_text_utf8 and resets it to RC_UTF8_BUFFER_INIT. */
RC_API void rc_utf8_buffer_free(rc_utf8_buffer *buf);

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
RC_API int rc_normalize(const char *text, size_t len, unsigned options, rc_normalized *out);

/* Releases the memory held by *out and resets it to RC_NORMALIZED_INIT. Accepts a result that
 * was never filled. */
RC_API void rc_normalized_free(rc_normalized *out);

/* The alignment map of *out (made with RC_WANT_MAP from text[0..len)) per output character, in
 * code point indices of the input: for output character k (its characters are counted in out->text),
 * the input characters [starts[k], ends[k]) it came from. The arrays hold one entry per output
 * character (rc_normalized_char_count). Linear: both ends are non-decreasing, so each is
 * converted walking forward. Returns the number of entries written. */
RC_API size_t rc_normalized_char_map(const rc_normalized *out, const char *text, int64_t *starts,
                                     int64_t *ends);

/* The number of characters of out->text (what rc_normalized_char_map writes). */
RC_API size_t rc_normalized_char_count(const rc_normalized *out);

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
RC_API int rc_normalize_units(const void *units, int width, size_t len, unsigned options, rc_units *out);

/* Releases the memory held by *out and resets it to RC_UNITS_INIT. */
RC_API void rc_units_free(rc_units *out);

/* The most UTF-8 bytes that rc_units_to_utf8 writes for len units of `width` (0 if width is not
 * 1, 2 or 4 or the size would overflow): 2, 3 or 4 per unit, plus a terminating NUL. */
RC_API size_t rc_units_utf8_bound(int width, size_t len);

/* Converts code units[0..len) of the given width (see rc_units) to UTF-8 in out, which has room for
 * rc_units_utf8_bound(width, len) bytes, NUL-terminated; *out_len receives the length without the
 * NUL. ASCII runs are copied eight or more units at a time. Reads only its arguments: safe without
 * any lock (the Python binding runs it with the GIL released). Returns RC_OK; RC_ESURROGATE with
 * *error_offset the index of a lone surrogate (U+D800..U+DFFF); RC_EINVAL (bad width, NULL
 * argument, a unit above U+10FFFF: its index in *error_offset). */
RC_API int rc_units_to_utf8(const void *units, int width, size_t len, char *out, size_t *out_len,
                     size_t *error_offset);

/* Quick check, reading only: returns 1 if rc_normalize_units with these options would return
 * units[0..len) unchanged, 0 if it would change them or might (text with combining sequences is
 * left to the full algorithm), or a negative RC_E* code (RC_EINVAL, RC_ENOMEM). Most real text is
 * already in NFC and NFKC, and proving that costs half of normalizing it. */
RC_API int rc_is_normalized_units(const void *units, int width, size_t len, unsigned options);


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
RC_API void rc_spans_free(rc_spans *spans);

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
RC_API int rc_segment(rc_seg_kind kind, const char *text, size_t len, unsigned options, rc_spans *out);


/* ---------------------------------------------------------------------------------------------
 * Tokenization and sentence splitting for prose (tokenize.c, sentences.c)
 * ------------------------------------------------------------------------------------------- */

/* Token kinds (rc_spans.kind after rc_tokenize). The values are stable: they are stored in
 * files and exposed to Python. Examples are for the default words mode. */
enum {
    RC_TOK_WORD = 1,    /* letters, possibly with digits: "Geneva", "don't", "G20", "北", "カタカナ" */
    RC_TOK_NUMBER = 2,  /* digits with separators and decimals: "30,000", "3.5", "1,000.50", "2030" */
    RC_TOK_PUNCT = 3,   /* punctuation (General_Category P*): ".", ",", "—", "...", "(", "«" */
    RC_TOK_SYMBOL = 4,  /* everything else that is not a letter or digit: "%", "$", "+", "©" */
    RC_TOK_URL = 5,     /* "https://www.un.org/en/about-us", "www.osce.org" */
    RC_TOK_EMAIL = 6,   /* "info@un.org" */
    RC_TOK_HASHTAG = 7, /* "#UNGA78", "#ClimateAction" */
    RC_TOK_MENTION = 8, /* "@antonioguterres" */
    RC_TOK_EMOJI = 9,   /* a whole emoji sequence: "🇦🇿", "👩‍👩‍👧", "👍🏽", "1️⃣" */
    RC_TOK_ABBREV = 10, /* an abbreviation with its periods: "U.S.", "e.g.", "Mr.", "H.E.", "No." */
    RC_TOK_SPACE = 11   /* white space: only in RC_TOKENIZE_UAX29 output */
};

/* The number of token kinds plus one (kinds are 1..RC_TOK_KIND_COUNT-1). */
#define RC_TOK_KIND_COUNT 12

/* The lower-case name of a token kind ("word", "number", "punct", "symbol", "url", "email",
 * "hashtag", "mention", "emoji", "abbrev", "space"), or "unknown" for any other value. */
RC_API const char *rc_token_kind_name(int kind);

/* rc_tokenize option: return every UAX #29 word segment (white space included), each with a kind,
 * instead of the words-mode tokens. The segments concatenate to the text. */
#define RC_TOKENIZE_UAX29 (1u << 0)

/* Splits text[0..len) into tokens, in order, into *out (its previous contents are replaced),
 * with an RC_TOK_* kind in out->kind.
 *
 * Default (words mode): UAX #29 word segments with analyst-friendly rules on top; the full table
 * is in docs/tokenization.md. White space is dropped; every other character belongs to exactly
 * one token and no token boundary falls inside an extended grapheme cluster. Punctuation is one
 * token per character, except runs of the same mark ("...", "--", "!!!", "?!"). Hyphens are
 * separate tokens ("well-known" → "well" "-" "known"); apostrophes stay inside words ("don't",
 * "O'Brien") except that a possessive or clitic 's is split off ("Azerbaijan's" → "Azerbaijan"
 * "'s") and a French or Italian elided article is ("l'ONU" → "l'" "ONU"). Abbreviations keep
 * their periods: a documented list (Mr., Dr., H.E., e.g., i.e., etc., Inc., …; No., Art., p.
 * only before a number) and the letter-period pattern (U.S., U.N., U.S.A., a.m.), and an
 * initial before a capitalized word ("J." in "J. F. Kennedy"). Numbers keep their separators
 * and decimals (30,000 · 3.5 · 1,000.50), a percent sign is its own token. URLs, e-mail
 * addresses, #hashtags and @mentions are whole; so are emoji sequences (flags, ZWJ sequences,
 * skin tones, keycaps). Han and Hiragana are one token per character, Katakana runs one token,
 * as UAX #29 segments them.
 *
 * `options`: RC_TOKENIZE_UAX29, RC_OFFSETS_CODEPOINTS (offsets are code point indices, computed
 * in the same pass; each invalid UTF-8 subpart counts as one).
 *
 * Invalid UTF-8 never fails: each maximal invalid subpart is one character of class Other (like
 * U+FFFD) and makes an RC_TOK_SYMBOL token (with any combining marks after it).
 *
 * Returns RC_OK; RC_EINVAL (unknown option bits, text NULL with len > 0, out NULL); RC_ENOMEM
 * (out->count is then 0). */
RC_API int rc_tokenize(const char *text, size_t len, unsigned options, rc_spans *out);

/* rc_tokenize over texts[0..n) (lens[i] bytes each, options[i] for each: a caller can ask code
 * point offsets for some texts and byte offsets for others) on `threads` worker threads (0: one per
 * CPU; never more than n). out[0..n) (initialized rc_spans) and codes[0..n) receive what rc_tokenize
 * gives for each text. Returns RC_OK (look at codes for each text) or RC_EINVAL (NULL argument,
 * threads < 0). */
RC_API int rc_tokenize_many(size_t n, const char *const *texts, const size_t *lens, const unsigned *options,
                     long threads, rc_spans *out, int *codes);

/* rc_tokenize_many for texts that may be code units (rc_text: what CPython strings hold),
 * converted to UTF-8 on the workers: codes[i] is RC_ESURROGATE for a lone surrogate, with
 * error_offsets[i] (if error_offsets is not NULL) its unit index. With units and
 * RC_OFFSETS_CODEPOINTS, offsets are unit indices. Returns RC_OK or RC_EINVAL (NULL argument,
 * threads < 0). */
RC_API int rc_tokenize_texts(size_t n, const rc_text *texts, const unsigned *options, long threads,
                             rc_spans *out, int *codes, size_t *error_offsets);

/* rc_sentences option: plain UAX #29 sentence segments (white space included, concatenating to
 * the text) instead of the prose rules. */
#define RC_SENTENCES_UAX29 (1u << 0)

/* Splits text[0..len) into sentences, in order, into *out (previous contents replaced; kinds 0).
 *
 * Default (prose mode): a sentence ends after . ! ? … (and the other Unicode sentence
 * terminators) with any closing quotes and brackets that follow, when white space and a word
 * that can start a sentence come next — but not after an abbreviation before a name or a
 * lower-case word ("Mr. Smith", "the U.S. ambassador", "e.g. Georgia", "10 a.m. on Tuesday"),
 * an initial ("J. F. Kennedy Jr."), nor inside decimals, URLs and e-mail addresses. An ellipsis
 * ends a sentence only before a capital letter. A blank line always ends a sentence; a single
 * line break ends one after a line that began the sentence and is headline-like (no terminator,
 * lower-case words only function words: "Statement by H.E. Mr. Ilham Aliyev"), a salutation
 * (up to five words ending with a comma or colon: "Mr. President,") or a list item, and before a
 * numbered or bulleted list item ("1.", "(a)", "•"), which is a sentence of its own. CJK full
 * stops end a sentence without white space. The full table is in docs/tokenization.md.
 *
 * Spans start at the first non-space character of a sentence and end after its last one:
 * white space between sentences belongs to none. A text of only white space has no sentences.
 *
 * `options`: RC_SENTENCES_UAX29, RC_OFFSETS_CODEPOINTS.
 *
 * Returns RC_OK; RC_EINVAL (unknown option bits, text NULL with len > 0, out NULL); RC_ENOMEM
 * (out->count is then 0). */
RC_API int rc_sentences(const char *text, size_t len, unsigned options, rc_spans *out);


/* ---------------------------------------------------------------------------------------------
 * Gazetteer (gazetteer*.c)
 * ------------------------------------------------------------------------------------------- */

/* A gazetteer maps aliases ("United States", "U.S.", "Azerbaijani", "中国") to entries (an id such
 * as "USA", a kind such as "country", a language tag) and finds every alias in a text.
 *
 * Matching rules (the same code tokenizes aliases at build time and text at match time):
 *  - Text is normalized with RC_NFKC | RC_CASEFOLD | RC_STRIP_ACCENTS | RC_FOLD_QUOTES |
 *    RC_FOLD_DASHES, so "CÔTE D’IVOIRE" and "Cote d'Ivoire" are the same alias.
 *  - It is then cut into match tokens: a maximal run of letters, marks and digits (Unicode L*, M*,
 *    N*) is a word; each Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer or Myanmar letter (with
 *    its marks) is a token of its own, so aliases in scripts written without spaces match inside
 *    running text; any other character is a one-character token ("." "'" "(" "&").
 *    White space, control and format characters and dashes (Pd) separate tokens and are otherwise
 *    ignored: "United\nStates" and "Guinea Bissau" match "United States" and "Guinea-Bissau".
 *  - Whole tokens only: "Niger" never matches inside "Nigeria". A possessive stays separate
 *    ("Azerbaijan's" = Azerbaijan ' s), so the name still matches.
 *  - A period in an alias is optional in the text ("U.S." also matches "U.S", "U. S" and "U S");
 *    a period in the text is not ("Guinea. Bissau" does not match "Guinea Bissau").
 *  - A case-sensitive alias additionally requires the letters and digits of the matched text,
 *    normalized without case folding, to equal those of the alias ("US" matches "US", "U.S." but
 *    never "us" or "Us"); an alias that is not all capitals also matches text in all capitals
 *    ("Chad" matches "CHAD" in a heading, never "chad").
 *  - Default (non-overlapping) matching is longest-leftmost: the leftmost token that starts a match
 *    wins, with its longest alias; when several entries share that alias, the one reported is
 *    the first added among the case-sensitive entries whose case rule holds, else the first
 *    added among the others ("GUAM" the acronym over "Guam" the island, in capitals). With RC_MATCH_OVERLAPPING every (span, entry) is reported, each
 *    entry once per start position (its longest span there; from a character read as several
 *    tokens, U+2026 as three periods, the span walked from the first of them it matches from, so
 *    that the default mode's match is always among the overlapping ones).
 *  - Entries of form RC_FORM_BLOCK are never reported. In the default mode a block is matched as
 *    above and consumes the text it covers, so the shorter aliases inside it are not found; with
 *    RC_MATCH_OVERLAPPING it is simply left out.
 *  - Text that is not valid UTF-8 never fails matching: invalid bytes match nothing.
 * ------------------------------------------------------------------------------------------- */

/* A compiled gazetteer: immutable, and safe to use from any number of threads at once. */
typedef struct rc_gazetteer rc_gazetteer;
/* Collects entries and compiles them. Not thread-safe: one thread at a time. */
typedef struct rc_gazetteer_builder rc_gazetteer_builder;

/* Case rule of an entry. RC_CASE_AUTO makes an alias case-sensitive when it has at most 3 letters
 * ("US", "EU", "Lao", "U.S.") or is an acronym of at most 4 capital letters ("NATO", "IAEA"), and
 * insensitive otherwise ("Chad", "ASEAN"). An alias with no cased letter is always insensitive. */
#define RC_CASE_AUTO 0
#define RC_CASE_SENSITIVE 1
#define RC_CASE_INSENSITIVE 2

/* What an alias is a form of (rc_gazetteer_entry.form). Only RC_FORM_BLOCK changes matching: a
 * block alias takes part in longest-leftmost matching like any other, but its matches are never
 * reported, so a longer name that contains an alias hides it ("Mexico City" hides "Mexico",
 * "German shepherd" hides "German"). The other forms are reported as they are, for analysts who
 * count a state's names apart from its demonyms or its capital. */
#define RC_FORM_NAME 0    /* a name of the entity ("Armenia", "Republic of Armenia", "U.S.") */
#define RC_FORM_DEMONYM 1 /* a demonym or adjective ("Armenian", "Armenians") */
#define RC_FORM_CAPITAL 2 /* the capital or seat of government as a metonym ("Moscow", "the Kremlin") */
#define RC_FORM_BLOCK 3   /* a longer name that must win, matched but never reported */

/* One entry, as given to rc_gazetteer_builder_add and as returned by rc_gazetteer_entry_get.
 * Strings are UTF-8 (pointer + length). On input, kind and lang may be NULL (= empty). On output
 * the strings point into the gazetteer, are NUL-terminated and live as long as it does. */
typedef struct rc_gazetteer_entry {
    const char *alias;
    size_t alias_len;
    const char *id;
    size_t id_len;
    const char *kind;
    size_t kind_len;
    const char *lang;
    size_t lang_len;
    int case_mode;      /* RC_CASE_AUTO, RC_CASE_SENSITIVE or RC_CASE_INSENSITIVE, as added */
    int case_sensitive; /* output only: the rule in force after resolving RC_CASE_AUTO (0 or 1) */
    int form;           /* RC_FORM_NAME (0, the default), RC_FORM_DEMONYM, _CAPITAL or _BLOCK */
} rc_gazetteer_entry;

/* Matches found by rc_gazetteer_find: the span [start[i], end[i]) of the text (byte offsets, or
 * code point indices with RC_OFFSETS_CODEPOINTS) and the index of the entry that matched, sorted
 * by start, then by end. Initialize with RC_MATCHES_INIT, release with rc_matches_free; reusable. */
typedef struct rc_matches {
    int64_t *start;
    int64_t *end;
    uint32_t *entry;
    size_t count;
    size_t cap_; /* private */
} rc_matches;

#define RC_MATCHES_INIT {NULL, NULL, NULL, 0, 0}

/* Releases the memory held by *m and resets it to RC_MATCHES_INIT. */
RC_API void rc_matches_free(rc_matches *m);

/* rc_gazetteer_find option: report every match, overlapping ones included. */
#define RC_MATCH_OVERLAPPING (1u << 0)

/* ---- Languages: inflection and language-aware firing ----------------------------------------
 *
 * Each entry may carry a language tag (BCP 47: "ru", "zh-Hant"). Entries without one, and entries
 * of the base language "en" (or "en-…"), match as described above, whatever the text. Entries of
 * any other language follow that language's settings, which a builder may be given:
 *
 *  - Inflection rules (rc_gazetteer_builder_add_rule): a word of the text written
 *    form_prefix + stem + form_suffix that is not itself a token of the gazetteer is read as the
 *    token lemma_prefix + stem + lemma_suffix, if that token occurs in an alias of the rule's
 *    language ("России" → "россия" by the Russian rule и → я). The match is reported for an entry
 *    of that language only; its span is the word as written, without a stripped prefix when the
 *    prefix is a clitic written before the name (Arabic "والصين" gives the span "الصين").
 *    Only the last word of a match may carry a suffix (names inflect in their head word), unless
 *    the language has RC_LANG_INFLECT_ANY_WORD (Russian adjectives agree: "Соединённых Штатов");
 *    only the first may carry a prefix. Rules are tried on words of the rule's script only.
 *  - RC_LANG_CASED: the language writes names with a capital. A match needs a capital first letter
 *    (or a span without lower-case letters): Russian "того" is not Togo, "Того" is.
 *  - Common words (rc_gazetteer_builder_add_word, RC_WORD_COMMON): a one-word match whose word
 *    (as written, normalized) is on the list is an ordinary word: in a cased language it counts
 *    only with a capital and not at the start of a sentence; in a language without case, never.
 *  - Marker words (RC_WORD_MARKER): frequent function words ("the", "и", "ve") that tell which
 *    language a text is in (see rc_gazetteer_find_lang).
 *  - Designators (RC_WORD_DESIGNATOR, RC_WORD_DESIGNATED): a one-word match whose word is on a
 *    language's RC_WORD_DESIGNATED list ("Atlantic") is not reported when the text goes on, after
 *    at most three capitalized words (or "&", or lower-case words of at most three letters:
 *    "and", "of"), with a capitalized word on that language's RC_WORD_DESIGNATOR list
 *    ("Corporation", "Inc", "Ltd"): the word is then the first of a company's name ("Atlantic
 *    Lottery Corporation", "Pacific Gas and Electric Company"), not the sea. Like a block, it
 *    hides what it covers. Whatever the text's language.
 */

/* Language flags (rc_gazetteer_builder_set_lang). */
#define RC_LANG_CASED (1u << 0)            /* names are capitalized */
#define RC_LANG_INFLECT_ANY_WORD (1u << 1) /* every word of a name may inflect, not just the last */

/* Word list kinds (rc_gazetteer_builder_add_word). */
#define RC_WORD_MARKER 1
#define RC_WORD_COMMON 2
#define RC_WORD_DESIGNATOR 3 /* ends a company's name: "corporation", "inc", "ltd" */
#define RC_WORD_DESIGNATED 4 /* a one-word alias that a designator after it turns into a company's */

/* An inflection rule (see above). The four strings are UTF-8, normalized like match tokens when
 * added; any may be empty (NULL with length 0). min_stem: the fewest bytes the stem may have. */
typedef struct rc_gazetteer_rule {
    const char *form_prefix;
    size_t form_prefix_len;
    const char *lemma_prefix;
    size_t lemma_prefix_len;
    const char *form_suffix;
    size_t form_suffix_len;
    const char *lemma_suffix;
    size_t lemma_suffix_len;
    size_t min_stem;
} rc_gazetteer_rule;

/* Sets the RC_LANG_* flags of language `lang` (replacing earlier ones). Returns RC_OK, RC_EINVAL
 * (empty tag, unknown flag bits), RC_EUTF8, RC_ETOOBIG (more than 255 languages) or RC_ENOMEM. */
RC_API int rc_gazetteer_builder_set_lang(rc_gazetteer_builder *b, const char *lang, size_t lang_len,
                                  unsigned flags);

/* Adds an inflection rule of language `lang`. Returns RC_OK, RC_EINVAL (empty tag; form and lemma
 * affixes all empty; a suffix of 32 bytes or more after normalization), RC_EUTF8, RC_ETOOBIG or
 * RC_ENOMEM. */
RC_API int rc_gazetteer_builder_add_rule(rc_gazetteer_builder *b, const char *lang, size_t lang_len,
                                  const rc_gazetteer_rule *rule);

/* Adds a word to a list of language `lang` (kind RC_WORD_MARKER, _COMMON, _DESIGNATOR or
 * _DESIGNATED). The word must
 * be one match token. Returns RC_OK, RC_EINVAL, RC_EUTF8, RC_ETOOBIG or RC_ENOMEM. */
RC_API int rc_gazetteer_builder_add_word(rc_gazetteer_builder *b, const char *lang, size_t lang_len, int kind,
                                  const char *word, size_t word_len);

/* Adds one row of a languages file (docs/gazetteer.md, Languages; the default's is
 * data/gazetteer_langs.tsv): `len` bytes of UTF-8 without the line break, fields separated by tabs:
 *   lang <tag> <cased: 0|1> <inflect_any_word: 0|1>                  (rc_gazetteer_builder_set_lang)
 *   rule <tag> <form_prefix> <lemma_prefix> <form_suffix> <lemma_suffix> <min_stem>
 *        where "-" stands for an empty affix                         (rc_gazetteer_builder_add_rule)
 *   marker|common|designator|designated <tag> <word>                 (rc_gazetteer_builder_add_word)
 * Fields after these (counts, sources) are ignored. (Alias rows are entries:
 * rc_gazetteer_builder_add.) Returns RC_OK, RC_EINVAL (another kind of row, fewer fields, a flag
 * other than 0 or 1, a min_stem that is not a number of at most 9 digits) or what the function it
 * calls returns. */
RC_API int rc_gazetteer_builder_add_lang_row(rc_gazetteer_builder *b, const char *row, size_t len);

/* Reading a compiled gazetteer's language data back (to extend it, or to show it). */
RC_API size_t rc_gazetteer_lang_count(const rc_gazetteer *g);
/* Language i: its tag (NUL-terminated, in g) and RC_LANG_* flags. Returns RC_OK or RC_EINVAL. */
RC_API int rc_gazetteer_lang_get(const rc_gazetteer *g, size_t i, const char **tag, size_t *tag_len,
                          unsigned *flags);
RC_API size_t rc_gazetteer_rule_count(const rc_gazetteer *g);
/* Rule i (strings normalized, in g) and the index of its language. Returns RC_OK or RC_EINVAL. */
RC_API int rc_gazetteer_rule_get(const rc_gazetteer *g, size_t i, size_t *lang, rc_gazetteer_rule *out);
RC_API size_t rc_gazetteer_word_count(const rc_gazetteer *g);
/* Word i of the lists: its language index, kind and normalized text. RC_OK or RC_EINVAL. */
RC_API int rc_gazetteer_word_get(const rc_gazetteer *g, size_t i, size_t *lang, int *kind, const char **word,
                          size_t *word_len);

/* Creates an empty builder in *out. Returns RC_OK, RC_EINVAL (out is NULL) or RC_ENOMEM. */
RC_API int rc_gazetteer_builder_new(rc_gazetteer_builder **out);

/* Releases a builder (NULL is accepted). */
RC_API void rc_gazetteer_builder_free(rc_gazetteer_builder *b);

/* Adds one entry. The alias is tokenized now (see the matching rules above).
 * Returns RC_OK; RC_EINVAL for a NULL or empty alias or id, an alias with no match token (only
 * spaces or dashes), or an unknown case_mode or form; RC_EUTF8 if a string is not valid UTF-8; RC_ETOOBIG
 * if an alias has more than 1024 tokens or the strings exceed 4 GiB in all; RC_ENOMEM.
 * On failure the builder is unchanged. */
RC_API int rc_gazetteer_builder_add(rc_gazetteer_builder *b, const rc_gazetteer_entry *entry);

/* Adds every entry of g to b, in order (to extend a loaded gazetteer). Returns as for _add. */
RC_API int rc_gazetteer_builder_add_all(rc_gazetteer_builder *b, const rc_gazetteer *g);

/* Number of entries added so far. */
RC_API size_t rc_gazetteer_builder_count(const rc_gazetteer_builder *b);

/* Sets a free-form UTF-8 note stored in compiled images (e.g. which data made it); "" by default.
 * Returns RC_OK, RC_EINVAL, RC_EUTF8 or RC_ENOMEM. */
RC_API int rc_gazetteer_builder_set_meta(rc_gazetteer_builder *b, const char *meta, size_t len);

/* Compiles the entries added so far into a new gazetteer in *out (the builder stays usable: more
 * entries can be added and compiled again). Entry i of the result is the i-th entry added.
 * Returns RC_OK, RC_EINVAL, RC_ETOOBIG (more than 2^32 - 1 entries, tokens or nodes, or an image
 * above 4 GiB of strings) or RC_ENOMEM (RC_EFORMAT on a big-endian host: images are
 * little-endian and used in place, so the gazetteer needs a little-endian host). */
RC_API int rc_gazetteer_compile(const rc_gazetteer_builder *b, rc_gazetteer **out);

/* Releases a gazetteer (NULL is accepted). No thread may be using it. */
RC_API void rc_gazetteer_free(rc_gazetteer *g);

/* Number of entries. */
RC_API size_t rc_gazetteer_count(const rc_gazetteer *g);

/* Fills *out with entry `index` (strings point into g). Returns RC_OK or RC_EINVAL. */
RC_API int rc_gazetteer_entry_get(const rc_gazetteer *g, size_t index, rc_gazetteer_entry *out);

/* The note set with rc_gazetteer_builder_set_meta (NUL-terminated; *len may be NULL). */
RC_API const char *rc_gazetteer_meta(const rc_gazetteer *g, size_t *len);

/* Finds the aliases of g in text[0..len) into *out (previous contents are replaced).
 * options: RC_MATCH_OVERLAPPING, RC_OFFSETS_CODEPOINTS. Invalid UTF-8 is tolerated.
 * Thread-safe: g is only read. Returns RC_OK, RC_EINVAL (NULL argument, unknown option bits) or
 * RC_ENOMEM (then out->count is 0). */
RC_API int rc_gazetteer_find(const rc_gazetteer *g, const char *text, size_t len, unsigned options,
                      rc_matches *out);

/* rc_gazetteer_find with a choice of languages. `lang` (UTF-8, lang_len bytes):
 *  - NULL: automatic. Entries without a language and of the base language "en" match as always.
 *    An entry of another language matches only if the text is in that language as far as its
 *    marker words tell: for a language written in Latin letters, it must have more marker words
 *    in the text than English and at least as many as any other Latin-script language (so French
 *    "Maurice" never fires in English text); for another script, no language of the same script
 *    may have more (Russian and Ukrainian). Inflection rules of Latin-script languages are tried on
 *    ASCII words only once more than 1 in 16 of the text's words (so far) needed Unicode
 *    normalization, so English text pays nothing for them.
 *  - "*": every language, whatever the text.
 *  - a tag ("ru"): that language's entries and rules, entries without a language, and the base
 *    language's entries — names that many languages spell alike are stored once, in English
 *    ("Sudan") — which then follow the tag's settings (Turkish "sudan", "from water", is not
 *    Sudan) and may be read through its rules ("Sudanlı"). A tag no entry has leaves only the
 *    entries without a language.
 * In automatic mode too, a base-language entry in a text that is mostly not ASCII follows the
 * settings of the Latin-script language the text is in, if any; a word of the base language read
 * through another language's rule needs that language to be the text's.
 * The language settings (case, common words, inflection) apply in every mode.
 * Returns as rc_gazetteer_find (RC_EUTF8 for a tag that is not valid UTF-8). */
RC_API int rc_gazetteer_find_lang(const rc_gazetteer *g, const char *text, size_t len, unsigned options,
                           const char *lang, size_t lang_len, rc_matches *out);

/* The compiled image of g: one contiguous, relocatable little-endian byte array with a versioned
 * header and a checksum, what rc_gazetteer_save_file writes and rc_gazetteer_load_image reads.
 * *data points into g (valid as long as g is). */
RC_API void rc_gazetteer_image(const rc_gazetteer *g, const void **data, size_t *size);

/* Loads a gazetteer from an image (copied: the caller's buffer may be released afterwards).
 * Everything is validated before use — header, version, checksum, every size, offset, index and
 * string — so a truncated, corrupted or hostile image gives RC_EFORMAT, never a crash. An image of
 * another format version (one saved by an older relcore) gives RC_EVERSION: rebuild it from its
 * entries. The format version read and written is RC_GAZETTEER_FORMAT_VERSION.
 * Images are little-endian; a big-endian host also gets RC_EFORMAT.
 * Returns RC_OK, RC_EINVAL, RC_EFORMAT, RC_EVERSION or RC_ENOMEM. */
RC_API int rc_gazetteer_load_image(const void *data, size_t size, rc_gazetteer **out);

#define RC_GAZETTEER_FORMAT_VERSION 2

/* Writes the image of g to the file at `path` (replaced). Returns RC_OK, RC_EINVAL or RC_EIO. */
RC_API int rc_gazetteer_save_file(const rc_gazetteer *g, const char *path);

/* Reads and validates an image file, as rc_gazetteer_load_image. Returns RC_OK, RC_EINVAL,
 * RC_EIO (cannot open or read: see errno), RC_EFORMAT, RC_EVERSION or RC_ENOMEM. */
RC_API int rc_gazetteer_load_file(const char *path, rc_gazetteer **out);


/* ---------------------------------------------------------------------------------------------
 * Relations (relations.c)
 * ------------------------------------------------------------------------------------------- */

/* Co-mentions: two different entities mentioned in the same window of a text. The semantics are
 * those of relcore's Python layer (relcore.relations), so both paths give the same tables:
 *
 *  - Mentions are the default (non-overlapping) matches of rc_gazetteer_find; the entity of a
 *    mention is its entry's id ("USA"), so every alias of an id counts as the same entity.
 *  - RC_WINDOW_SENTENCE: a mention belongs to the sentence (rc_sentences, prose mode) in which it
 *    starts (the last sentence starting at or before it; the first sentence if none does). Every
 *    unordered pair of different entities in one sentence counts once for that sentence.
 *  - RC_WINDOW_DOCUMENT: every pair of different entities of the text, count 1.
 *  - RC_WINDOW_TOKENS (n): a mention's position is the token (rc_tokenize, words mode) in which it
 *    starts; every pair of mentions of different entities at most n tokens apart counts once, so
 *    the count is a number of mention pairs, not of windows.
 *  - Per document, a pair's `docs` is 1; summed over documents it is the number of documents in
 *    which the pair occurs at all.
 *
 * Entities are numbered by rc_entities in the byte order of their ids (= code point order), so
 * sorting by number sorts by id. rc_cooccur does one text; rc_pair_counts_merge sums results, in
 * any order and from any number of threads' partial tables, with the same outcome. */

/* The distinct ids of a gazetteer's entries, numbered 0..count-1 in byte order of the id.
 * Initialize with RC_ENTITIES_INIT, fill with rc_entities_init, release with rc_entities_free. */
typedef struct rc_entities {
    size_t count;        /* distinct ids */
    const char **id;     /* id[k]: the k-th id, NUL-terminated, pointing into the gazetteer */
    size_t *id_len;      /* its length in bytes */
    uint32_t *of_entry;  /* of_entry[e]: the number of the id of gazetteer entry e */
    size_t n_entries;    /* entries of the gazetteer (the length of of_entry) */
} rc_entities;

#define RC_ENTITIES_INIT {0, NULL, NULL, NULL, 0}

/* Numbers the ids of g into *out (previous contents released). The strings point into g: *out is
 * valid as long as g is. Returns RC_OK, RC_EINVAL (NULL argument) or RC_ENOMEM (then *out is
 * RC_ENTITIES_INIT). */
RC_API int rc_entities_init(const rc_gazetteer *g, rc_entities *out);

/* Releases the memory held by *e and resets it to RC_ENTITIES_INIT. */
RC_API void rc_entities_free(rc_entities *e);

/* A table of unordered entity pairs: row i is the pair a[i] < b[i] (entity numbers) seen in
 * count[i] windows of docs[i] documents. Rows are in insertion order until rc_pair_counts_sort.
 * A hash index makes adding a pair O(1). Initialize with RC_PAIR_COUNTS_INIT, release with
 * rc_pair_counts_free; reusable (rc_pair_counts_clear keeps the memory). */
typedef struct rc_pair_counts {
    uint32_t *a;
    uint32_t *b;
    uint64_t *count;
    uint64_t *docs;
    size_t len;
    size_t cap_;        /* private: rows allocated */
    uint32_t *index_;   /* private: open-addressing hash index, row + 1 per slot, 0 = empty */
    size_t slots_;      /* private: slots in index_ (a power of two, or 0) */
} rc_pair_counts;

#define RC_PAIR_COUNTS_INIT {NULL, NULL, NULL, NULL, 0, 0, NULL, 0}

/* Empties the table, keeping its memory for reuse. */
RC_API void rc_pair_counts_clear(rc_pair_counts *pc);

/* Releases the memory held by *pc and resets it to RC_PAIR_COUNTS_INIT. */
RC_API void rc_pair_counts_free(rc_pair_counts *pc);

/* Adds `count` windows and `docs` documents to the pair {x, y} (either order), inserting the row
 * if it is new. Returns RC_OK; RC_EINVAL if x == y; RC_ENOMEM or RC_ETOOBIG (more than 2^32 - 2
 * rows), with the table unchanged. */
RC_API int rc_pair_counts_add(rc_pair_counts *pc, uint32_t x, uint32_t y, uint64_t count, uint64_t docs);

/* Adds every row of src to dst (counts and docs summed). Returns RC_OK, RC_ENOMEM or RC_ETOOBIG;
 * on failure dst holds the rows of src merged so far (merge again into a fresh table). */
RC_API int rc_pair_counts_merge(rc_pair_counts *dst, const rc_pair_counts *src);

/* Sorts the rows by count (descending), then a, then b — the order of relcore's tables — and
 * rebuilds the index (the table stays usable). Returns RC_OK or RC_ENOMEM (order unchanged). */
RC_API int rc_pair_counts_sort(rc_pair_counts *pc);

/* What counts as "together". */
typedef enum rc_window_kind {
    RC_WINDOW_SENTENCE = 0, /* the same sentence */
    RC_WINDOW_DOCUMENT = 1, /* the same text */
    RC_WINDOW_TOKENS = 2    /* at most `tokens` tokens apart */
} rc_window_kind;

typedef struct rc_window {
    rc_window_kind kind;
    size_t tokens; /* RC_WINDOW_TOKENS: the distance, at least 1; ignored otherwise */
} rc_window;

/* Working memory of rc_cooccur (sentences or tokens, matches, entity lists), kept between calls
 * so that a thread going through many documents allocates only while its buffers still grow.
 * Initialize with RC_COOCCUR_SCRATCH_INIT, release with rc_cooccur_scratch_free. One thread at a
 * time. */
typedef struct rc_cooccur_scratch {
    rc_spans spans;
    rc_matches matches;
    uint32_t *ent;  /* entity number of each mention */
    int64_t *pos;   /* sentence or token index of each mention */
    uint32_t *set;  /* distinct entities of one window */
    size_t cap_;
} rc_cooccur_scratch;

#define RC_COOCCUR_SCRATCH_INIT {RC_SPANS_INIT, RC_MATCHES_INIT, NULL, NULL, NULL, 0}

/* Releases the memory held by *s and resets it to RC_COOCCUR_SCRATCH_INIT. */
RC_API void rc_cooccur_scratch_free(rc_cooccur_scratch *s);

/* The co-mentioned pairs of text[0..len) under `window` (see above) into *out, which is cleared
 * first: one row per pair with its count in this text and docs = 1, unsorted. `ents` must have
 * been made from g. The text should be valid UTF-8 (check with rc_utf8_validate first if it may
 * not be): invalid bytes never fail but are matched as rc_gazetteer_find and rc_sentences treat
 * them. Thread-safe for distinct scratch and out. Returns RC_OK; RC_EINVAL (NULL argument, text
 * NULL with len > 0, an unknown window kind, a token window of 0, ents not made from g);
 * RC_ENOMEM or RC_ETOOBIG (then out is empty). */
RC_API int rc_cooccur(const rc_gazetteer *g, const rc_entities *ents, const char *text, size_t len,
               rc_window window, rc_cooccur_scratch *scratch, rc_pair_counts *out);

/* ---- Many documents: counting on worker threads -----------------------------------------------
 *
 * An rc_counter keeps co-mention totals over any number of documents, counted by rc_cooccur on a
 * pool of threads. Each worker keeps its own scratch memory and its own partial table, kept between
 * calls; the partial tables are summed only when the totals are read. Sums do not depend on which
 * worker did which document, so the totals are the same for any number of threads. A counter is
 * used by one caller at a time (its calls are not thread-safe with each other). */

typedef struct rc_counter rc_counter;

/* The most worker threads any call of the library starts (a larger request is cut to it). Worker
 * numbers passed to callbacks are below it. */
#define RC_MAX_THREADS 256

/* A new counter of co-mentions under `window` over the entities of g. g is borrowed: it must
 * outlive the counter. Returns RC_OK, RC_EINVAL (NULL argument, unknown window, token window 0)
 * or RC_ENOMEM. */
RC_API int rc_counter_new(const rc_gazetteer *g, rc_window window, rc_counter **out);

/* Releases the counter (NULL is fine). */
RC_API void rc_counter_free(rc_counter *c);

/* The entity numbering of the counter's tables (valid as long as the counter). */
RC_API const rc_entities *rc_counter_entities(const rc_counter *c);

/* The window the counter was made with. */
RC_API rc_window rc_counter_window(const rc_counter *c);

/* Documents counted and their UTF-8 bytes, over every call so far (either pointer may be NULL). */
RC_API void rc_counter_stats(const rc_counter *c, uint64_t *documents, uint64_t *bytes);

/* 1 if an earlier call failed half-way (RC_ENOMEM and the like): some documents of that call are in
 * the totals and others not, so the totals are not those of any set of whole calls. Every further
 * counting call then returns RC_EINVAL: start a new counter. 0 otherwise. */
RC_API int rc_counter_broken(const rc_counter *c);

/* One input document of rc_counter_feed: a text in memory, or (text NULL) a file that the worker
 * reads itself. A text may also be code units (width 1, 2 or 4: the layouts of rc_text, what
 * CPython strings hold), converted to UTF-8 by the workers: a caller hands its strings over
 * without converting them first, one after the other. */
typedef struct rc_document {
    const char *text;  /* UTF-8 text (or code units), or NULL to read `path` */
    size_t len;        /* its length in bytes (in units when width > 0) */
    const char *path;  /* the file to read when text is NULL */
    int validate;      /* 1: check the UTF-8 first (always done for files) */
    int width;         /* 0: UTF-8; 1, 2 or 4: code units of that width (see rc_text) */
} rc_document;

/* What became of one document. `pairs` is filled only with RC_COUNT_PER_DOC; release it with
 * rc_document_result_free. */
typedef struct rc_document_result {
    int rc;             /* RC_OK; RC_EUTF8 (not counted: bad_offset); RC_EIO (not counted: err) */
    int err;            /* errno after RC_EIO */
    size_t bad_offset;  /* byte offset of the first invalid UTF-8 sequence after RC_EUTF8 */
    size_t bytes;       /* the document's length in bytes */
    rc_pair_counts pairs; /* RC_COUNT_PER_DOC: this document's pairs, sorted (rc_pair_counts_sort) */
} rc_document_result;

#define RC_DOCUMENT_RESULT_INIT {0, 0, 0, 0, RC_PAIR_COUNTS_INIT}

/* Releases the pairs held by *r and resets it to RC_DOCUMENT_RESULT_INIT. */
RC_API void rc_document_result_free(rc_document_result *r);

/* rc_counter_feed flag: keep each document's own pairs in its result (as well as adding them). */
#define RC_COUNT_PER_DOC (1u << 0)

/* Counts docs[0..n) on `threads` workers (0: one per CPU; never more than n) and adds them to the
 * totals. results[0..n) (initialized with RC_DOCUMENT_RESULT_INIT, or freed ones) say what became
 * of each document: a file that cannot be read or a text that is not valid UTF-8 is reported there
 * and skipped, not an error of the call. Code units are checked on the workers before anything is
 * counted: a lone surrogate in any of them refuses the whole call, with nothing counted
 * (RC_ESURROGATE; that document's result has rc RC_ESURROGATE and bad_offset the surrogate's unit
 * index; RC_EINVAL likewise for a unit above U+10FFFF, RC_ETOOBIG for units too long to convert).
 * Each is then converted to UTF-8 by the worker that counts it, into that worker's reused buffer.
 * Returns RC_OK; RC_ESURROGATE; RC_EINVAL (NULL argument, unknown flag, threads < 0, a width other
 * than 0, 1, 2, 4, a broken counter); RC_ENOMEM or RC_ETOOBIG, after which the counter is broken
 * unless nothing was counted yet (rc_counter_broken tells). */
RC_API int rc_counter_feed(rc_counter *c, const rc_document *docs, size_t n, long threads, unsigned flags,
                    rc_document_result *results);

/* Where rc_counter_stream takes its paths: fills paths[0..max) with the next paths, in input order
 * across all workers, and returns how many (0: no more). A worker's paths must stay valid until that
 * worker's next call; every worker calls once more after its last paths, with max == 0 when the
 * run is being stopped, so the source can release what it handed out. Calls are made from the
 * worker threads, one at a time per worker but concurrently across workers: the source serializes
 * itself (the Python binding takes the GIL). */
typedef size_t (*rc_path_source)(void *arg, unsigned worker, const char **paths, size_t max);

/* A file of rc_counter_stream that was not counted. */
typedef struct rc_file_failure {
    size_t index;       /* its position in the source's order */
    int rc;             /* RC_EIO (err) or RC_EUTF8 (bad_offset) */
    int err;
    size_t bad_offset;
} rc_file_failure;

/* The failures of rc_counter_stream, sorted by index. Initialize with RC_FILE_FAILURES_INIT,
 * release with rc_file_failures_free. */
typedef struct rc_file_failures {
    rc_file_failure *items;
    size_t count;
    size_t cap_;
} rc_file_failures;

#define RC_FILE_FAILURES_INIT {NULL, 0, 0}

RC_API void rc_file_failures_free(rc_file_failures *f);

/* Counts files (UTF-8) whose paths `source` hands out as the `threads` workers ask for them (0: one
 * per CPU): memory stays bounded however many files there are, and no worker waits for another
 * until the end. Only totals are kept. Files that cannot be read or are not valid UTF-8 are listed
 * in *failed (cleared first). Returns RC_OK; RC_EINVAL (NULL argument, threads < 0, a broken
 * counter); RC_ENOMEM or RC_ETOOBIG, after which the counter is broken. */
RC_API int rc_counter_stream(rc_counter *c, long threads, rc_path_source source, void *arg,
                      rc_file_failures *failed);

/* The totals so far (the workers' partial tables summed), sorted by count (descending), a, b when
 * `sorted`, else in an unspecified order. *out points into the counter and stays valid until its
 * next call. Returns RC_OK, RC_EINVAL, or RC_ENOMEM/RC_ETOOBIG (then the counter is broken). */
RC_API int rc_counter_totals(rc_counter *c, int sorted, const rc_pair_counts **out);

/* ---- Pair tables as bytes: partial totals that travel between processes --------------------------
 *
 * A table is packed little-endian records (a u32, b u32, count u64, docs u64) after a 24-byte header
 * (the magic "RCPAIRS1", the entity count u64, a checksum u64 of the ids): 24 bytes a pair, entities
 * by number. Numbers are the same in every process that loaded the same gazetteer, and the header
 * lets a table from another gazetteer be refused instead of silently mislabelled. */

/* The size in bytes of the table of t. */
RC_API size_t rc_pair_table_size(const rc_pair_counts *t);

/* Writes the table of t (entities numbered by ents) into out[0..rc_pair_table_size(t)). */
RC_API void rc_pair_table_write(const rc_pair_counts *t, const rc_entities *ents, unsigned char *out);

/* Adds the rows of the table p[0..len), made for the entities ents, to dst. Returns RC_OK; RC_EFORMAT
 * when p is not such a table, is corrupted, or was made with another gazetteer (*why, if not NULL,
 * then says which, in a few words; dst is unchanged); RC_EINVAL (NULL argument); RC_ENOMEM or
 * RC_ETOOBIG (part of the table was added). */
RC_API int rc_pair_table_add(rc_pair_counts *dst, const rc_entities *ents, const unsigned char *p, size_t len,
                      const char **why);

/* Adds the rows of the table p[0..len) to the counter's totals. Returns RC_OK; RC_EFORMAT when p is
 * not such a table, is corrupted, or was made with another gazetteer (*why, if not NULL, then says
 * which, in a few words); RC_EINVAL (NULL argument, a broken counter); RC_ENOMEM or RC_ETOOBIG
 * (part of the table was added: the counter is broken). */
RC_API int rc_counter_add_table(rc_counter *c, const unsigned char *p, size_t len, const char **why);

/* ---------------------------------------------------------------------------------------------
 * Analysis (analysis/): one call from text to tokens, sentences and mentions, in columns
 * ------------------------------------------------------------------------------------------- */

/* A text analyzed by rc_analyze: its tokens (rc_tokenize, words mode), its sentences
 * (rc_sentences, prose mode) and its mentions (rc_gazetteer_find, non-overlapping), with the
 * links between them, all as parallel arrays (columns). Offsets are byte offsets, or code point
 * indices with RC_OFFSETS_CODEPOINTS, for all three. Initialize with RC_ANALYSIS_INIT, release
 * with rc_analysis_free; reusable across calls (buffers stay grown). */
typedef struct rc_analysis {
    rc_spans tokens;
    rc_spans sentences;
    rc_matches mentions;       /* start, end, entry of each mention, sorted by start */
    uint32_t *mention_entity;  /* entity number (rc_entities) of each mention's id */
    int64_t *mention_sentence; /* index of the sentence in which each mention starts: the last
                                  sentence starting at or before it, 0 if none does */
    int64_t *mention_token;    /* index of the token in which each mention starts, the same way */
    int64_t length;            /* the text's length in the offsets' unit (bytes or code points) */
    size_t cap_;               /* private: mentions the three arrays above can hold */
} rc_analysis;

#define RC_ANALYSIS_INIT {RC_SPANS_INIT, RC_SPANS_INIT, RC_MATCHES_INIT, NULL, NULL, NULL, 0, 0}

/* Releases the memory held by *a and resets it to RC_ANALYSIS_INIT. */
RC_API void rc_analysis_free(rc_analysis *a);

/* rc_analyze option: leave the tokens out (tokens.count 0, mention_token -1) until
 * rc_analysis_tokens adds them. Tokens are a third of the work and only a token window, a token
 * index or the tokens themselves need them: a caller that counts sentence pairs skips them. */
#define RC_ANALYZE_NO_TOKENS (1u << 1)

/* Tokenizes text[0..len), splits it into sentences and finds the aliases of g in it, into *out
 * (previous contents replaced), exactly as rc_tokenize, rc_sentences and rc_gazetteer_find
 * would with the same options, and links every mention to its sentence, token and entity
 * number. `ents` must have been made from g (rc_entities_init). options: RC_OFFSETS_CODEPOINTS,
 * RC_ANALYZE_NO_TOKENS. Invalid UTF-8 never fails (each stage tolerates it). Thread-safe for
 * distinct outputs: g and ents are only read.
 * Returns RC_OK; RC_EINVAL (NULL argument, text NULL with len > 0, unknown option bits, ents not
 * made from g); RC_ENOMEM or RC_ETOOBIG (then *out holds no mentions, tokens or sentences). */
RC_API int rc_analyze(const rc_gazetteer *g, const rc_entities *ents, const char *text, size_t len,
                      unsigned options, rc_analysis *out);

/* Adds the tokens to an analysis made with RC_ANALYZE_NO_TOKENS: tokenizes text[0..len) (the
 * same text; options: 0 or RC_OFFSETS_CODEPOINTS, as given to rc_analyze) and links every mention
 * to its token. Returns RC_OK; RC_EINVAL (NULL argument, unknown option bits); RC_ENOMEM (then the
 * analysis has no tokens and mention_token stays -1). */
RC_API int rc_analysis_tokens(rc_analysis *a, const char *text, size_t len, unsigned options);


/* rc_analyze for texts[0..n) on the worker pool: `threads` threads (0: one per CPU), each taking
 * the next text in turn, with options[i] for text i. Fills out[i] (arrays of n initialized
 * results) and codes[i] (RC_OK or the failure of text i: rc_analyze's codes, or RC_ESURROGATE with
 * error_offsets[i] the unit index of a lone surrogate); one text failing does not stop the
 * others. Returns RC_OK, or RC_EINVAL (NULL array with n > 0, threads < 0). */
RC_API int rc_analyze_many(const rc_gazetteer *g, const rc_entities *ents, size_t n,
                           const rc_text *texts, const unsigned *options, long threads,
                           rc_analysis *out, int *codes, size_t *error_offsets);

/* The co-mentioned pairs of an analysis with their evidence, in the order of relcore's tables:
 * count (descending), then a, then b (entity numbers, a < b, whose order is that of the ids).
 * Row r saw count[r] windows (or mention pairs, for a token window) and has exactly count[r]
 * evidence spans [ev_start[k], ev_end[k]) for k in [first[r], first[r] + count[r]), in text order
 * of the windows: the sentence's span (sentence window), the whole text [0, length) (document
 * window), or from the first mention's start to the later end of the two (token window).
 * Initialize with RC_ANALYSIS_PAIRS_INIT, release with rc_analysis_pairs_free; reusable. */
typedef struct rc_analysis_pairs {
    size_t len;         /* rows */
    uint32_t *a, *b;    /* entity numbers */
    uint64_t *count;
    size_t *first;      /* index of each row's first evidence span */
    int64_t *ev_start, *ev_end;
    size_t n_evidence;
    /* The window of each evidence span, numbered 0..n_windows): spans of one window are equal,
     * so a caller making objects of them makes one per window. The sentence index (sentence
     * window; n_windows = the sentence count, or 1 without sentences), 0 (document window), or
     * the span's own order of discovery (token window: every span its own). */
    size_t *ev_window;
    size_t n_windows;
    /* private */
    rc_pair_counts table_;
    uint32_t *ev_row_;  /* row (in table_) of each evidence span, in the order found */
    size_t ev_cap_, row_cap_;
    uint32_t *set_;     /* distinct entities of one window */
    size_t set_cap_;
} rc_analysis_pairs;

#define RC_ANALYSIS_PAIRS_INIT {0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, RC_PAIR_COUNTS_INIT, NULL, 0, 0, NULL, 0}

/* Releases the memory held by *p and resets it to RC_ANALYSIS_PAIRS_INIT. */
RC_API void rc_analysis_pairs_free(rc_analysis_pairs *p);

/* The pairs of a under `window` (the rules of rc_cooccur) with their evidence, into *out
 * (previous contents replaced). Pure arithmetic over a's columns: nothing is scanned again.
 * Returns RC_OK; RC_EINVAL (NULL argument, unknown window kind, a token window of 0, a token
 * window over an analysis without tokens); RC_ENOMEM or RC_ETOOBIG (then out->len is 0). */
RC_API int rc_analysis_pairs_get(const rc_analysis *a, rc_window window, rc_analysis_pairs *out);

/* A stream of texts analyzed ahead of their reader: the caller puts texts one by one and gets
 * their analyses back in the order put, while worker threads started once for the stream analyze
 * up to `window` texts ahead. Why: a reader that wraps results one at a time (a Python generator
 * over a corpus) otherwise batches the texts and waits at every batch's end for its slowest text;
 * here nothing waits at a boundary, the reader's own work overlaps the workers', and memory stays
 * bounded by the window however long the input. One thread uses a stream (put, get, free); the
 * workers are its own. */
typedef struct rc_analysis_stream rc_analysis_stream;

/* A stream of `threads` workers (0: one per CPU; at most `window`), the thread calling
 * rc_analysis_stream_get being one of them, over at most `window` (>= 1) texts put and not yet
 * got. With `pairs` nonzero, a worker also counts each text's sentence-window pairs
 * (rc_analysis_pairs_get), so that reading them costs nothing more. A thread that cannot be
 * started leaves its share to the others. Returns RC_OK with *out; RC_EINVAL (NULL argument,
 * threads < 0, window 0), RC_ENOMEM or RC_ETOOBIG (then *out is NULL). */
RC_API int rc_analysis_stream_new(const rc_gazetteer *g, const rc_entities *ents, long threads,
                                  size_t window, int pairs, rc_analysis_stream **out);

/* Hands *text, to be analyzed with `options` (as for rc_analyze), to the workers. The text's data must stay valid, and unchanged, until its analysis is got or the
 * stream freed. Returns RC_OK, or RC_EINVAL (NULL argument, or `window` texts waiting). */
RC_API int rc_analysis_stream_put(rc_analysis_stream *s, const rc_text *text, unsigned options);

/* The analysis of the oldest text put and not yet got: waits until it is done, analyzing texts
 * on this thread meanwhile (that one if no worker has started it; later ones while a worker
 * finishes it). Swaps it with *out (and its pairs with *pairs, for a stream counting them): the
 * stream keeps the caller's previous arrays to reuse for a later text. *code receives the text's
 * code: RC_OK, rc_analyze's or rc_analysis_pairs_get's failure, or RC_ESURROGATE with
 * *error_offset (NULL: not wanted) the unit index of a lone surrogate; a failed text's analysis
 * and pairs are empty. Returns RC_OK, or RC_EINVAL (NULL argument, no text waiting). */
RC_API int rc_analysis_stream_get(rc_analysis_stream *s, rc_analysis *out, rc_analysis_pairs *pairs,
                                  int *code, size_t *error_offset);

/* Stops the workers (a text being analyzed is finished first; the others never are), waits for
 * them and frees the stream with every analysis not got (NULL: nothing). */
RC_API void rc_analysis_stream_free(rc_analysis_stream *s);

/* A bin of analyses, with their pairs, that their reader has finished with, kept to be handed back
 * to rc_analysis_stream_get. Why: a reader that gives each analysis away (the Python binding: a
 * Doc) and lets it go later would otherwise hand the stream empty structs, so its workers allocate
 * new arrays for every text while the reader's thread frees the old ones — memory of one thread's
 * allocator released by another, which slowed two threads by a tenth. At most `capacity` are kept
 * (their arrays keep their capacity); thread-safe. NULL without memory (or for capacity 0). */
typedef struct rc_analysis_bin rc_analysis_bin;
RC_API rc_analysis_bin *rc_analysis_bin_new(size_t capacity);

/* Frees the bin and every analysis in it (NULL: nothing). */
RC_API void rc_analysis_bin_free(rc_analysis_bin *b);

/* Takes over *a and *p, both reset to empty: kept, or freed when the bin is full (or NULL). */
RC_API void rc_analysis_bin_put(rc_analysis_bin *b, rc_analysis *a, rc_analysis_pairs *p);

/* Moves a kept analysis and its pairs into *a and *p, whose own contents are overwritten (pass
 * empty ones): 1, or 0 when the bin is empty (or NULL). */
RC_API int rc_analysis_bin_take(rc_analysis_bin *b, rc_analysis *a, rc_analysis_pairs *p);

/* How many analyses the bin holds. */
RC_API size_t rc_analysis_bin_count(const rc_analysis_bin *b);

#ifdef __cplusplus
}
#endif

#endif /* RELCORE_H */
