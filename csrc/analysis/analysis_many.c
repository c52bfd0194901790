/* analysis_many.c — rc_analyze_many: rc_analyze over many texts on the worker pool, at once or in
 * the background (rc_analyze_many_start), with each text's sentence pairs if asked.
 *
 * Texts may come as code units (CPython's str storage): the worker converts each to UTF-8 into a
 * buffer of its own, kept for its next text, so the conversion runs in parallel with everything
 * else and a caller needs no lock and no copy of its own. The pairs are counted on the worker
 * too: a caller that reads them (Doc.pairs() in a notebook) then only wraps finished arrays, and
 * the counting is not left to the one thread that holds Python's lock. */
#include "base/alloc.h"
#include "base/pool.h"
#include "relcore.h"

typedef struct {
    const rc_gazetteer *g;
    const rc_entities *ents;
    const unsigned *options;
    rc_analysis *out;
    rc_analysis_pairs *pairs; /* NULL: none asked */
    int *codes;
    size_t *error_offsets;
} batch;

struct rc_analysis_job {
    batch b;
    rc_pool_job *pool;
};

static void analyze_one(void *arg, size_t i, const char *data, size_t len, int rc, size_t bad)
{
    const batch *b = arg;
    if (!rc) rc = rc_analyze(b->g, b->ents, data, len, b->options[i], &b->out[i]);
    if (!rc && b->pairs) {
        rc = rc_analysis_pairs_get(&b->out[i], (rc_window){RC_WINDOW_SENTENCE, 0}, &b->pairs[i]);
        if (rc) rc_analysis_free(&b->out[i]); /* a failed text holds nothing */
    }
    b->codes[i] = rc;
    if (b->error_offsets) b->error_offsets[i] = bad;
}

static int check(const rc_gazetteer *g, const rc_entities *ents, size_t n, const rc_text *texts,
                 const unsigned *options, long threads, rc_analysis *out, int *codes)
{
    return !g || !ents || threads < 0 || (n && (!texts || !options || !out || !codes)) ? RC_EINVAL : RC_OK;
}

int rc_analyze_many(const rc_gazetteer *g, const rc_entities *ents, size_t n, const rc_text *texts,
                    const unsigned *options, long threads, rc_analysis *out, int *codes,
                    size_t *error_offsets)
{
    rc_analysis_job *job;
    int rc = rc_analyze_many_start(g, ents, n, texts, options, threads, out, NULL, codes, error_offsets, &job);
    rc_analysis_job_finish(job);
    return rc;
}

int rc_analyze_many_start(const rc_gazetteer *g, const rc_entities *ents, size_t n, const rc_text *texts,
                          const unsigned *options, long threads, rc_analysis *out,
                          rc_analysis_pairs *pairs, int *codes, size_t *error_offsets,
                          rc_analysis_job **job)
{
    if (!job) return RC_EINVAL;
    *job = NULL;
    if (check(g, ents, n, texts, options, threads, out, codes)) return RC_EINVAL;
    batch b = {g, ents, options, out, pairs, codes, error_offsets};
    rc_analysis_job *j = rc_malloc(sizeof *j);
    if (!j) { /* no room to run in the background: done now, on this thread */
        rc_pool_finish(rc_pool_for_texts_start(n, texts, 0, analyze_one, &b));
        return RC_OK;
    }
    j->b = b;
    j->pool = rc_pool_for_texts_start(n, texts, rc_pool_threads(threads, n) - 1, analyze_one, &j->b);
    *job = j;
    return RC_OK;
}

void rc_analysis_job_finish(rc_analysis_job *job)
{
    if (!job) return;
    rc_pool_finish(job->pool);
    rc_free(job);
}
