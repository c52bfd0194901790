/* analysis_many.c — rc_analyze_many: rc_analyze over many texts on the worker pool.
 *
 * Texts may come as code units (CPython's str storage): the worker converts each to UTF-8 into a
 * buffer of its own, kept for its next text, so the conversion runs in parallel with everything
 * else and a caller needs no lock and no copy of its own. */
#include "base/pool.h"
#include "relcore.h"

typedef struct {
    const rc_gazetteer *g;
    const rc_entities *ents;
    const unsigned *options;
    rc_analysis *out;
    int *codes;
    size_t *error_offsets;
} batch;

static void analyze_one(void *arg, size_t i, const char *data, size_t len, int rc, size_t bad)
{
    const batch *b = arg;
    if (!rc) rc = rc_analyze(b->g, b->ents, data, len, b->options[i], &b->out[i]);
    b->codes[i] = rc;
    if (b->error_offsets) b->error_offsets[i] = bad;
}

int rc_analyze_many(const rc_gazetteer *g, const rc_entities *ents, size_t n, const rc_text *texts,
                    const unsigned *options, long threads, rc_analysis *out, int *codes,
                    size_t *error_offsets)
{
    if (!g || !ents || threads < 0 || (n && (!texts || !options || !out || !codes))) return RC_EINVAL;
    batch b = {g, ents, options, out, codes, error_offsets};
    rc_pool_for_texts(n, texts, threads, analyze_one, &b);
    return RC_OK;
}
