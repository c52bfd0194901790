/* spans.h — internal helpers for rc_spans. */
#ifndef RC_SPANS_H
#define RC_SPANS_H

#include "relcore.h"

/* Makes room for `extra` more spans. Returns RC_OK, RC_ENOMEM or RC_ETOOBIG; on failure the
 * list is unchanged (and still valid to free). */
int rc_spans_reserve(rc_spans *sp, size_t extra);

/* Appends a span; the caller has reserved room. */
static inline void rc_spans_push(rc_spans *sp, int64_t start, int64_t end, uint8_t kind)
{
    sp->start[sp->count] = start;
    sp->end[sp->count] = end;
    sp->kind[sp->count] = kind;
    sp->count++;
}

#endif
