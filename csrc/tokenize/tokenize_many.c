/* tokenize_many.c — rc_tokenize over many texts on the worker pool (base/pool.h). */
#include "base/pool.h"
#include "relcore.h"

typedef struct {
    const char *const *texts;
    const size_t *lens;
    const unsigned *options;
    rc_spans *out;
    int *codes;
} batch;

static void tokenize_one(void *arg, unsigned worker, size_t i)
{
    const batch *b = arg;
    b->codes[i] = rc_tokenize(b->texts[i], b->lens[i], b->options[i], &b->out[i]);
}

int rc_tokenize_many(size_t n, const char *const *texts, const size_t *lens, const unsigned *options,
                     long threads, rc_spans *out, int *codes)
{
    if (threads < 0 || (n && (!texts || !lens || !options || !out || !codes))) return RC_EINVAL;
    batch b = {texts, lens, options, out, codes};
    rc_pool_for(n, rc_pool_threads(threads, n), tokenize_one, &b);
    return RC_OK;
}
