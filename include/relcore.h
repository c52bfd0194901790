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
    RC_ESYNTAX = -7    /* a line of a text input (gazetteer file) is malformed; its line is reported */
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

/* All option bits that rc_normalize accepts. */
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

/* (declarations of the segmentation API go here) */


/* ---------------------------------------------------------------------------------------------
 * Tokenization and sentence splitting for prose (tokenize.c, sentences.c)
 * ------------------------------------------------------------------------------------------- */

/* (declarations of the tokenizer and sentence splitter go here) */


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
 *    entry once per start position (its longest span there).
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
void rc_matches_free(rc_matches *m);

/* rc_gazetteer_find option: report every match, overlapping ones included. */
#define RC_MATCH_OVERLAPPING (1u << 0)

/* Creates an empty builder in *out. Returns RC_OK, RC_EINVAL (out is NULL) or RC_ENOMEM. */
int rc_gazetteer_builder_new(rc_gazetteer_builder **out);

/* Releases a builder (NULL is accepted). */
void rc_gazetteer_builder_free(rc_gazetteer_builder *b);

/* Adds one entry. The alias is tokenized now (see the matching rules above).
 * Returns RC_OK; RC_EINVAL for a NULL or empty alias or id, an alias with no match token (only
 * spaces or dashes), or an unknown case_mode; RC_EUTF8 if a string is not valid UTF-8; RC_ETOOBIG
 * if an alias has more than 1024 tokens or the strings exceed 4 GiB in all; RC_ENOMEM.
 * On failure the builder is unchanged. */
int rc_gazetteer_builder_add(rc_gazetteer_builder *b, const rc_gazetteer_entry *entry);

/* Adds every entry of g to b, in order (to extend a loaded gazetteer). Returns as for _add. */
int rc_gazetteer_builder_add_all(rc_gazetteer_builder *b, const rc_gazetteer *g);

/* Number of entries added so far. */
size_t rc_gazetteer_builder_count(const rc_gazetteer_builder *b);

/* Sets a free-form UTF-8 note stored in compiled images (e.g. which data made it); "" by default.
 * Returns RC_OK, RC_EINVAL, RC_EUTF8 or RC_ENOMEM. */
int rc_gazetteer_builder_set_meta(rc_gazetteer_builder *b, const char *meta, size_t len);

/* Compiles the entries added so far into a new gazetteer in *out (the builder stays usable: more
 * entries can be added and compiled again). Entry i of the result is the i-th entry added.
 * Returns RC_OK, RC_EINVAL, RC_ETOOBIG (more than 2^32 - 1 entries, tokens or nodes, or an image
 * above 4 GiB of strings) or RC_ENOMEM (RC_EFORMAT on a big-endian host: images are
 * little-endian and used in place, so the gazetteer needs a little-endian host). */
int rc_gazetteer_compile(const rc_gazetteer_builder *b, rc_gazetteer **out);

/* Releases a gazetteer (NULL is accepted). No thread may be using it. */
void rc_gazetteer_free(rc_gazetteer *g);

/* Number of entries. */
size_t rc_gazetteer_count(const rc_gazetteer *g);

/* Fills *out with entry `index` (strings point into g). Returns RC_OK or RC_EINVAL. */
int rc_gazetteer_entry_get(const rc_gazetteer *g, size_t index, rc_gazetteer_entry *out);

/* The note set with rc_gazetteer_builder_set_meta (NUL-terminated; *len may be NULL). */
const char *rc_gazetteer_meta(const rc_gazetteer *g, size_t *len);

/* Finds the aliases of g in text[0..len) into *out (previous contents are replaced).
 * options: RC_MATCH_OVERLAPPING, RC_OFFSETS_CODEPOINTS. Invalid UTF-8 is tolerated.
 * Thread-safe: g is only read. Returns RC_OK, RC_EINVAL (NULL argument, unknown option bits) or
 * RC_ENOMEM (then out->count is 0). */
int rc_gazetteer_find(const rc_gazetteer *g, const char *text, size_t len, unsigned options,
                      rc_matches *out);

/* The compiled image of g: one contiguous, relocatable little-endian byte array with a versioned
 * header and a checksum, what rc_gazetteer_save_file writes and rc_gazetteer_load_image reads.
 * *data points into g (valid as long as g is). */
void rc_gazetteer_image(const rc_gazetteer *g, const void **data, size_t *size);

/* Loads a gazetteer from an image (copied: the caller's buffer may be released afterwards).
 * Everything is validated before use — header, version, checksum, every size, offset, index and
 * string — so a truncated, corrupted or hostile image gives RC_EFORMAT, never a crash.
 * Images are little-endian; a big-endian host also gets RC_EFORMAT.
 * Returns RC_OK, RC_EINVAL, RC_EFORMAT or RC_ENOMEM. */
int rc_gazetteer_load_image(const void *data, size_t size, rc_gazetteer **out);

/* Writes the image of g to the file at `path` (replaced). Returns RC_OK, RC_EINVAL or RC_EIO. */
int rc_gazetteer_save_file(const rc_gazetteer *g, const char *path);

/* Reads and validates an image file, as rc_gazetteer_load_image. Returns RC_OK, RC_EINVAL,
 * RC_EIO (cannot open or read: see errno), RC_EFORMAT or RC_ENOMEM. */
int rc_gazetteer_load_file(const char *path, rc_gazetteer **out);


/* ---------------------------------------------------------------------------------------------
 * Relations (relations.c)
 * ------------------------------------------------------------------------------------------- */

/* (declarations of the relations API go here) */

#ifdef __cplusplus
}
#endif

#endif /* RELCORE_H */
