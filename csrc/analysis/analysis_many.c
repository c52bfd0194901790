/* analysis_many.c — rc_analyze_many: rc_analyze over many texts on the worker pool.
 *
 * Texts may come as code units (CPython's str storage): the worker converts each to UTF-8 into a
 * buffer of its own, kept for its next text, so the conversion runs in parallel with everything
 * else and a caller needs no lock and no copy of its own. */
#include "base/alloc.h"
#include "base/pool.h"
#include "relcore.h"

typedef struct {
    const rc_gazetteer *g;
    const rc_entities *ents;
    const rc_text *texts;
    const unsigned *options;
    rc_analysis *out;
    int *codes;
    size_t *error_offsets;
    rc_utf8_buffer *buffers; /* one per worker */
} batch;

static void analyze_one(void *arg, unsigned worker, size_t i)
{
    const batch *b = arg;
    const rc_text *t = &b->texts[i];
    const char *data;
    size_t len, bad = 0;
    int rc = rc_text_utf8(t, &b->buffers[worker], &data, &len, &bad);
    if (!rc) rc = rc_analyze(b->g, b->ents, data, len, b->options[i], &b->out[i]);
    b->codes[i] = rc;
    if (b->error_offsets) b->error_offsets[i] = bad;
}

int rc_analyze_many(const rc_gazetteer *g, const rc_entities *ents, size_t n, const rc_text *texts,
                    const unsigned *options, long threads, rc_analysis *out, int *codes,
                    size_t *error_offsets)
{
    if (!g || !ents || threads < 0 || (n && (!texts || !options || !out || !codes))) return RC_EINVAL;
    if (!n) return RC_OK;
    long workers = rc_pool_threads(threads, n);
    rc_utf8_buffer one = RC_UTF8_BUFFER_INIT;
    rc_utf8_buffer *buffers = &one;
    if (workers > 1) {
        buffers = rc_malloc((size_t)workers * sizeof *buffers);
        if (!buffers) { /* no room for per-thread buffers: one thread needs only one */
            buffers = &one;
            workers = 1;
        } else {
            for (long k = 0; k < workers; k++) buffers[k] = (rc_utf8_buffer)RC_UTF8_BUFFER_INIT;
        }
    }
    batch b = {g, ents, texts, options, out, codes, error_offsets, buffers};
    rc_pool_for(n, workers, analyze_one, &b);
    for (long k = 0; k < workers; k++) rc_utf8_buffer_free(&buffers[k]);
    if (buffers != &one) rc_free(buffers);
    return RC_OK;
}
