/* spans.c — the growable span list shared by segmentation, tokenization and sentences. */
#include "base/spans.h"

#include "base/alloc.h"

int rc_spans_reserve(rc_spans *sp, size_t extra)
{
    size_t need = sp->count + extra;
    if (need < sp->count) return RC_ETOOBIG;
    if (need <= sp->cap_) return RC_OK;
    size_t ncap = sp->cap_ ? sp->cap_ : 64;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / sizeof(int64_t)) return RC_ETOOBIG;
        ncap *= 2;
    }
    int64_t *a = rc_realloc(sp->start, ncap * sizeof *a);
    if (!a) return RC_ENOMEM;
    sp->start = a;
    int64_t *b = rc_realloc(sp->end, ncap * sizeof *b);
    if (!b) return RC_ENOMEM;
    sp->end = b;
    uint8_t *k = rc_realloc(sp->kind, ncap);
    if (!k) return RC_ENOMEM;
    sp->kind = k;
    sp->cap_ = ncap;
    return RC_OK;
}

void rc_spans_free(rc_spans *sp)
{
    if (!sp) return;
    rc_free(sp->start);
    rc_free(sp->end);
    rc_free(sp->kind);
    rc_spans empty = RC_SPANS_INIT;
    *sp = empty;
}
