/* transcode.h — checks on code units that the public conversions (relcore.h) do not expose. */
#ifndef RC_TRANSCODE_H
#define RC_TRANSCODE_H

#include <stddef.h>

/* Whether rc_units_to_utf8 would convert units[0..len) of `width` (1, 2 or 4): RC_OK;
 * RC_ESURROGATE or RC_EINVAL (a unit above U+10FFFF) with *error_offset the index of the first
 * unit it would refuse, exactly as that conversion reports it; RC_EINVAL for a bad width or
 * NULL units; RC_ETOOBIG when the UTF-8 could not be sized (rc_units_utf8_bound is 0). Reads
 * only: a caller that must refuse a whole batch before counting any of it checks every text
 * first, then converts each one just before counting it, into a reused buffer, instead of
 * holding a converted copy of every text. */
int rc_units_check(const void *units, int width, size_t len, size_t *error_offset);

#endif
