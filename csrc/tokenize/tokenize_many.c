/* tokenize_many.c — rc_tokenize over many texts on the worker pool (base/pool.h): UTF-8 texts
 * (rc_tokenize_many), or UTF-8 and code units converted on the workers (rc_tokenize_texts). */
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

typedef struct {
    const unsigned *options;
    rc_spans *out;
    int *codes;
    size_t *error_offsets;
} texts_batch;

static void tokenize_text(void *arg, size_t i, const char *data, size_t len, int rc, size_t bad)
{
    const texts_batch *b = arg;
    b->codes[i] = rc ? rc : rc_tokenize(data, len, b->options[i], &b->out[i]);
    if (b->error_offsets) b->error_offsets[i] = bad;
}

int rc_tokenize_texts(size_t n, const rc_text *texts, const unsigned *options, long threads, rc_spans *out,
                      int *codes, size_t *error_offsets)
{
    if (threads < 0 || (n && (!texts || !options || !out || !codes))) return RC_EINVAL;
    texts_batch b = {options, out, codes, error_offsets};
    rc_pool_for_texts(n, texts, threads, tokenize_text, &b);
    return RC_OK;
}
