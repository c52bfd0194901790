/* spans.c — the growable span list shared by segmentation, tokenization and sentences. */
#include "base/spans.h"

#include "base/alloc.h"

void rc_spans_free(rc_spans *sp)
{
    if (!sp) return;
    rc_free(sp->start);
    rc_free(sp->end);
    rc_free(sp->kind);
    rc_spans empty = RC_SPANS_INIT;
    *sp = empty;
}

int rc_spans_reserve(rc_spans *sp, size_t extra)
{
    size_t need = sp->count + extra;
    if (need < sp->count) return RC_ETOOBIG;
    void **const arrays[] = {(void **)&sp->start, (void **)&sp->end, (void **)&sp->kind};
    const size_t sizes[] = {sizeof *sp->start, sizeof *sp->end, sizeof *sp->kind};
    return rc_grow_parallel(&sp->cap_, need, 64, 3, arrays, sizes);
}
