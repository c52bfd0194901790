/* pair_counts.h — what the core adds to rc_pair_counts for its own callers. */
#ifndef RC_PAIR_COUNTS_H
#define RC_PAIR_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "relcore.h"

/* rc_pair_counts_add that also reports the row of the pair in *row (when not NULL): callers that
 * keep something per pair (evidence spans) index it by row. Returns as rc_pair_counts_add. */
int rc_pair_counts_add_row(rc_pair_counts *pc, uint32_t x, uint32_t y, uint64_t count,
                           uint64_t docs, size_t *row);

/* Sorts the entity numbers of one window, v[0..n), and drops repeats; returns the new length.
 * Shared by every window counter so that all count a window's distinct entities alike. */
size_t rc_window_distinct(uint32_t *v, size_t n);

#endif
