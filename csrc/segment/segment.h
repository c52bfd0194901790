/* segment.h — internal interface of the UAX #29 engine (segment.c), used by the tokenizer and
 * the sentence splitter. The public entry points are declared in relcore.h.
 *
 * All functions take UTF-8 (s, len) and a byte position `pos` that is a character boundary.
 * Invalid UTF-8: each maximal invalid subpart counts as one character with every property
 * "Other" (like U+FFFD), so nothing here ever fails or reads past len. */
#ifndef RC_SEGMENT_H
#define RC_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the character at s[pos] (pos < len) leniently: returns its length and sets *cp
 * (U+FFFD for an invalid subpart). */
int rc_seg_decode(const unsigned char *s, size_t len, size_t pos, int32_t *cp);

/* Property values, from the generated tables (csrc/gen/). The numeric values are the enums in
 * segment_props.h. */
int rc_grapheme_prop(int32_t cp);       /* Grapheme_Cluster_Break */
int rc_word_prop(int32_t cp);           /* Word_Break */
int rc_sentence_prop(int32_t cp);       /* Sentence_Break */
int rc_is_extended_pictographic(int32_t cp);

/* The next boundary strictly after pos (pos < len), or len. Each applies its UAX #29 rules in
 * full (GB/WB/SB), looking back from pos as the rules require, so a caller may start at any
 * boundary it got from the same function. */
size_t rc_next_grapheme_boundary(const unsigned char *s, size_t len, size_t pos);
size_t rc_next_word_boundary(const unsigned char *s, size_t len, size_t pos);
size_t rc_next_sentence_boundary(const unsigned char *s, size_t len, size_t pos);

/* The same as rc_next_grapheme_boundary / rc_next_word_boundary for a pos that is known to be a
 * boundary of that kind (0, or what one of these functions returned). There an even number of
 * regional indicators come right before pos (GB12/13, WB15/16 break only between pairs), so
 * the run is not counted again: a walk over n flags is linear, not quadratic. */
size_t rc_grapheme_boundary_step(const unsigned char *s, size_t len, size_t pos);
size_t rc_word_boundary_step(const unsigned char *s, size_t len, size_t pos);

/* The successive word boundaries after pos, as repeated rc_next_word_boundary calls would give
 * them, into out[0..cap): returns how many were stored (0 only when pos >= len or cap == 0); the
 * last is len when the text is done. Faster than calling rc_next_word_boundary per segment:
 * stretches of ASCII are decided without a branch per boundary. at_boundary: pos is a word
 * boundary (as for rc_word_boundary_step). */
size_t rc_word_boundaries(const unsigned char *s, size_t len, size_t pos, int at_boundary, size_t *out,
                          size_t cap);

/* The kind of the word segment s[start..end) (start < end): an RC_SEG_WORDLIKE, RC_SEG_SPACE,
 * RC_SEG_EMOJI or RC_SEG_OTHER value from relcore.h. */
int rc_word_segment_kind(const unsigned char *s, size_t len, size_t start, size_t end);

/* The number of characters in s[start..end), each invalid subpart counting as one. */
size_t rc_seg_count_chars(const unsigned char *s, size_t len, size_t start, size_t end);

#endif
